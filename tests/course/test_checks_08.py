"""The exercise checks of lesson 08 (file search), each against a right answer and typical wrong ones, through the real simulator."""

from __future__ import annotations

from pathlib import Path

import pytest

from helpers.checks import file_search as fs

pytestmark = pytest.mark.filterwarnings("ignore::DeprecationWarning")

DOCS = Path(__file__).resolve().parents[2] / "data" / "uap_docs"


@pytest.fixture(autouse=True)
def english(monkeypatch):
    monkeypatch.setenv("COURSE_LANGUAGE", "en")


@pytest.fixture(scope="module")
def store(base_url):
    from openai import OpenAI

    client = OpenAI(base_url=base_url, api_key="sk-test", max_retries=0)
    made = client.vector_stores.create(name="UAP docs")
    client.vector_stores.file_batches.upload_and_poll(made.id, files=[(p.name, p.read_bytes()) for p in sorted(DOCS.iterdir())])
    return made


def missing(report) -> str:
    assert not report.passed, report.text()
    return " | ".join(what for what, _ in report.missing)


def test_store(client, store):
    assert fs.check_store(client, store).passed
    assert fs.check_store(client, store.id).passed  # an id will do
    empty = client.vector_stores.create(name="empty")
    assert "fewer than 3" in missing(fs.check_store(client, empty))
    bad = client.vector_stores.create(name="bad")
    client.vector_stores.file_batches.upload_and_poll(bad.id, files=[("a.xlsx", b"x"), ("b.xlsx", b"y"), ("c.xlsx", b"z")])
    assert "failed (" in missing(fs.check_store(client, bad)) and "unsupported_file" in missing(fs.check_store(client, bad))
    busy = client.vector_stores.create(name="busy")
    ids = [client.files.create(file=(p.name, p.read_bytes()), purpose="assistants").id for p in sorted(DOCS.iterdir())]
    client.vector_stores.file_batches.create(busy.id, file_ids=ids)  # not polled: ingestion goes on, one file at a time
    assert "still in_progress" in missing(fs.check_store(client, busy))
    assert "does not know" in missing(fs.check_store(client, "vs_nope"))
    assert "no vector store" in missing(fs.check_store(client, ""))


def test_search(client, store):
    page = client.vector_stores.search(store.id, query="How do I refresh an expired access token?", max_num_results=3)
    assert fs.check_search(client, store, page).passed
    too_many = client.vector_stores.search(store.id, query="How do I refresh an expired access token?", max_num_results=8)
    assert "more than 3" in missing(fs.check_search(client, store, too_many))
    nothing = client.vector_stores.search(store.id, query="token", ranking_options={"score_threshold": 1.0})
    assert "found nothing" in missing(fs.check_search(client, store, nothing))
    other = client.vector_stores.create(name="other")
    client.vector_stores.files.upload_and_poll(vector_store_id=other.id, file=("07_deployment_guide.txt", (DOCS / "07_deployment_guide.txt").read_bytes()))
    elsewhere = client.vector_stores.search(other.id, query="liveness", max_num_results=3)
    assert "another store" in missing(fs.check_search(client, store, elsewhere))
    assert "pass your vector store" in missing(fs.check_search(client, store, [hit for hit in nothing.data]))  # a list, not the page


def test_cited_answer(client, store):
    assistant = client.beta.assistants.create(model="gpt-4o", name="小U", tools=[{"type": "file_search"}], tool_resources={"file_search": {"vector_store_ids": [store.id]}})
    thread = client.beta.threads.create(messages=[{"role": "user", "content": "密码连续输错几次会锁定账号？"}])
    client.beta.threads.runs.create_and_poll(thread_id=thread.id, assistant_id=assistant.id)
    assert fs.check_cited_answer(client, thread).passed

    no_tool = client.beta.assistants.create(model="gpt-4o", name="小U")
    plain = client.beta.threads.create(messages=[{"role": "user", "content": "密码连续输错几次会锁定账号？"}])
    client.beta.threads.runs.create_and_poll(thread_id=plain.id, assistant_id=no_tool.id)
    assert "no file_search call" in missing(fs.check_cited_answer(client, plain))

    off_topic = client.beta.threads.create(messages=[{"role": "user", "content": "zzzz qqqq"}])
    client.beta.threads.runs.create_and_poll(thread_id=off_topic.id, assistant_id=assistant.id, tools=[{"type": "file_search", "file_search": {"ranking_options": {"score_threshold": 0.99}}}])
    assert "cites nothing" in missing(fs.check_cited_answer(client, off_topic))

    assert "no run" in missing(fs.check_cited_answer(client, client.beta.threads.create()))


@pytest.mark.parametrize(
    "check, names",
    [
        (lambda client, store: fs.check_store(client, None), ["my_store"]),
        (lambda client, store: fs.check_search(client, store, None), ["my_results"]),
        (lambda client, store: fs.check_search(client, None, None), ["my_store", "my_results"]),
        (lambda client, store: fs.check_cited_answer(client, None), ["my_thread"]),
    ],
    ids=["08.1 my_store = None", "08.2 my_results = None", "08.2 before exercise 1", "08.3 my_thread = None"],
)
def test_a_check_on_the_stub_says_what_is_missing(client, store, check, names):
    """The lesson runs each check on the exercise's cell as it stands: a "not yet" naming what to fill, never an exception."""
    report = check(client, store)
    assert report.text().splitlines()[0].endswith(": not yet")
    assert [what for what, _ in report.missing] == [f"nothing to check yet: `{name}` is still None" for name in names]
    assert all(hint for _, hint in report.missing) and not report.right
