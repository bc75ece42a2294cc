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


@pytest.fixture(scope="module")
def expiring(base_url):
    from openai import OpenAI

    client = OpenAI(base_url=base_url, api_key="sk-test", max_retries=0)
    made = client.vector_stores.create(name="UAP docs", expires_after={"anchor": "last_active_at", "days": 3})
    client.vector_stores.file_batches.upload_and_poll(made.id, files=[(p.name, p.read_bytes()) for p in sorted(DOCS.iterdir())[:3]])
    return made


def test_08_1_a_store_that_expires(client, store, expiring):
    assert fs.check_store(client, expiring).passed
    assert fs.check_store(client, expiring.id).passed, "an id will do"
    later = client.vector_stores.create(name="later")
    client.vector_stores.file_batches.upload_and_poll(later.id, files=[(p.name, p.read_bytes()) for p in sorted(DOCS.iterdir())[3:6]])
    client.vector_stores.update(later.id, expires_after={"anchor": "last_active_at", "days": 3})
    assert fs.check_store(client, later).passed, "the expiry set afterwards, with update, is right too"

    assert "never expires" in missing(fs.check_store(client, store))
    empty = client.vector_stores.create(name="empty", expires_after={"anchor": "last_active_at", "days": 3})
    assert "fewer than 3" in missing(fs.check_store(client, empty))
    bad = client.vector_stores.create(name="bad", expires_after={"anchor": "last_active_at", "days": 3})
    client.vector_stores.file_batches.upload_and_poll(bad.id, files=[("a.xlsx", b"x"), ("b.xlsx", b"y"), ("c.xlsx", b"z")])
    assert "failed (" in missing(fs.check_store(client, bad)) and "unsupported_file" in missing(fs.check_store(client, bad))
    busy = client.vector_stores.create(name="busy")
    ids = [client.files.create(file=(p.name, p.read_bytes()), purpose="assistants").id for p in sorted(DOCS.iterdir())]
    client.vector_stores.file_batches.create(busy.id, file_ids=ids)  # not polled: ingestion goes on, one file at a time
    assert "still in_progress" in missing(fs.check_store(client, busy))
    assert "does not know" in missing(fs.check_store(client, "vs_nope"))
    assert "not the id of a vector store" in missing(fs.check_store(client, ""))
    assert "still None" in missing(fs.check_store(client, None))


QUESTION = "How do I refresh an expired access token?"


def test_08_2_predict_a_strict_search(client, store):
    check = fs.check_search
    strict = client.vector_stores.search(store.id, query=QUESTION, max_num_results=3, ranking_options={"score_threshold": 0.99})
    assert check(client, "b", store, strict).passed
    assert check(client, "B", store.id, strict).passed, "the store's id, a capital letter"
    said = missing(check(client, "a", store, strict))
    assert 'you predicted "a"' in said
    loose = client.vector_stores.search(store.id, query=QUESTION, max_num_results=3)
    assert "not searched with that threshold" in missing(check(client, "b", store, loose))
    assert "not the page" in missing(check(client, "b", store, list(loose.data)))
    assert "still None" in missing(check(client, None, store, None))
    assert "build it in exercise 08.1" in " ".join(h for _, h in check(client, "b", None, strict).missing)
    assert "one of" in missing(check(client, "0", store, strict))


def test_08_3_an_answer_cited_from_your_store(client, store, expiring):
    ask = "密码连续输错几次会锁定账号？"

    def run_with(assistant):
        thread = client.beta.threads.create(messages=[{"role": "user", "content": ask}])
        client.beta.threads.runs.create_and_poll(thread_id=thread.id, assistant_id=assistant.id)
        return thread

    mine = client.beta.assistants.create(model="gpt-4o", name="小U", tools=[{"type": "file_search"}], tool_resources={"file_search": {"vector_store_ids": [store.id]}})
    thread = run_with(mine)
    assert fs.check_cited_answer(client, thread, store).passed
    bare = client.beta.assistants.create(model="gpt-4o", name="小U", tools=[{"type": "file_search"}])
    by_thread = client.beta.threads.create(messages=[{"role": "user", "content": ask}], tool_resources={"file_search": {"vector_store_ids": [store.id]}})
    client.beta.threads.runs.create_and_poll(thread_id=by_thread.id, assistant_id=bare.id)
    assert fs.check_cited_answer(client, by_thread, store).passed, "the store given to the thread is right too"

    assert "not my_store" in missing(fs.check_cited_answer(client, thread, expiring)), "the lesson's assistant, on another store"
    no_tool = client.beta.assistants.create(model="gpt-4o", name="小U")
    assert "no file_search call" in missing(fs.check_cited_answer(client, run_with(no_tool), store))
    off_topic = client.beta.threads.create(messages=[{"role": "user", "content": "zzzz qqqq"}])
    client.beta.threads.runs.create_and_poll(thread_id=off_topic.id, assistant_id=mine.id, tools=[{"type": "file_search", "file_search": {"ranking_options": {"score_threshold": 0.99}}}])
    assert "cites nothing" in missing(fs.check_cited_answer(client, off_topic, store))
    assert "no run" in missing(fs.check_cited_answer(client, client.beta.threads.create(), store))


def test_08_4_footnotes_of_your_own(client):
    def footnotes(message):
        text = message.content[0].text
        numbers = {}
        for a in text.annotations:
            numbers.setdefault(a.file_citation.file_id, len(numbers) + 1)
        value = text.value
        for a in sorted(text.annotations, key=lambda a: a.start_index, reverse=True):
            value = value[: a.start_index] + f"[{numbers[a.file_citation.file_id]}]" + value[a.end_index :]
        return value

    def with_list(message):  # differently right: the footnotes listed under the text
        return footnotes(message) + "\n\n[1] a file"

    assert fs.check_footnotes(client, footnotes).passed
    assert fs.check_footnotes(client, with_list).passed

    def raw(message):
        return message.content[0].text.value

    def removed(message):
        text = message.content[0].text
        value = text.value
        for a in sorted(text.annotations, key=lambda a: a.start_index, reverse=True):
            value = value[: a.start_index] + value[a.end_index :]
        return value

    def forwards(message):  # the typical slip: replacing front to back, with indices gone stale
        text = message.content[0].text
        value = text.value
        for a in text.annotations:
            value = value[: a.start_index] + "[1]" + value[a.end_index :]
        return value

    assert "raw markers are still there" in missing(fs.check_footnotes(client, raw))
    assert "no footnote numbers" in missing(fs.check_footnotes(client, removed))
    said = missing(fs.check_footnotes(client, forwards))
    assert "one number per file" in said or "raw markers" in said or "text around the markers changed" in said
    assert "not text" in missing(fs.check_footnotes(client, lambda message: None))
    assert "raised AttributeError" in missing(fs.check_footnotes(client, lambda message: message.nothing))
    assert "not a function" in missing(fs.check_footnotes(client, None))


def test_08_5_the_helpdesk(client):
    def fixed(store_id):
        return client.beta.assistants.create(model="gpt-4o", tools=[{"type": "file_search"}], tool_resources={"file_search": {"vector_store_ids": [store_id]}})

    def with_options(store_id):  # differently right: the tool with options of its own, the id as a string
        return client.beta.assistants.create(model="gpt-4o", tools=[{"type": "file_search", "file_search": {"max_num_results": 5}}], tool_resources={"file_search": {"vector_store_ids": [str(store_id)]}}).id

    assert fs.check_helpdesk(client, fixed).passed
    assert fs.check_helpdesk(client, with_options).passed

    def no_tool(store_id):
        return client.beta.assistants.create(model="gpt-4o", tool_resources={"file_search": {"vector_store_ids": [store_id]}})

    def not_a_list(store_id):
        return client.beta.assistants.create(model="gpt-4o", tools=[{"type": "file_search"}], tool_resources={"file_search": {"vector_store_ids": store_id}})

    assert "never searched" in missing(fs.check_helpdesk(client, no_tool))
    assert "gets a 400" in missing(fs.check_helpdesk(client, not_a_list))
    assert "not an assistant" in missing(fs.check_helpdesk(client, lambda store_id: store_id))
    assert "not the function" in missing(fs.check_helpdesk(client, None))


@pytest.mark.parametrize("value", [42, {"id": 1}, "hello", ["x"], None])
def test_every_lesson_08_check_reports_on_nonsense(client, value):
    for report in [fs.check_store(client, value), fs.check_search(client, value, value, value), fs.check_cited_answer(client, value, value), fs.check_footnotes(client, value), fs.check_helpdesk(client, value)]:
        assert not report.passed and report.missing, report.text()


def test_the_checks_that_make_a_store_leave_nothing_behind(client):
    """check_footnotes and check_helpdesk make a store of the UAP documents (and an assistant, a thread) each time they
    run: all of it goes afterwards, the uploaded files too. Deleting a store leaves its files, so a check that only
    deleted its store left eight files in the learner's list at every run."""

    def held():
        return {f.id for f in client.files.list()}, {v.id for v in client.vector_stores.list(limit=100)}, {a.id for a in client.beta.assistants.list(limit=100)}

    def fixed(store_id):
        return client.beta.assistants.create(model="gpt-4o", tools=[{"type": "file_search"}], tool_resources={"file_search": {"vector_store_ids": [store_id]}})

    before = held()
    assert fs.check_footnotes(client, lambda message: message.content[0].text.value).missing  # a wrong answer: it still cleans up
    assert fs.check_helpdesk(client, fixed).passed
    assert "gets a 400" in missing(fs.check_helpdesk(client, lambda store_id: client.beta.assistants.create(model="gpt-4o", tools=[{"type": "file_search"}], tool_resources={"file_search": {"vector_store_ids": store_id}})))
    assert held() == before
