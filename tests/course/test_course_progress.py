"""Progress a teacher can see (issue 29): a passing exercise check records itself, per key, in no learner's list.

Two learners with keys of their own on one simulator in classroom mode (--isolate-keys), as in a class.
"""

from __future__ import annotations

import csv
import subprocess
import sys
import time
from pathlib import Path

import pytest
from openai import OpenAI

from course import classroom
from helpers import progress
from helpers.checks import all_exercises, my_progress
from helpers.checks.assistants import check_focused_xiaou
from helpers.checks.threads import check_channel_update

ROOT = Path(__file__).resolve().parents[2]

pytestmark = [pytest.mark.slow, pytest.mark.filterwarnings("ignore::DeprecationWarning")]  # simulators of their own


@pytest.fixture
def room(tmp_simulator, tmp_path, monkeypatch):
    """A shared simulator in classroom mode, two learners' keys in a keys.csv, and a client for each."""
    shared = tmp_simulator(args=("--isolate-keys",))
    rows = classroom.make_keys(2, shared.base_url)
    with open(tmp_path / "keys.csv", "w", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=list(rows[0]))
        writer.writeheader()
        writer.writerows(rows)
    monkeypatch.setattr(progress, "_recorded", set())
    clients = [OpenAI(base_url=shared.base_url, api_key=row["api_key"], max_retries=0) for row in rows]
    return shared, rows, clients


def as_learner(monkeypatch, base_url: str, key: str) -> None:
    """The learner's kernel: their two lines of .env in its environment."""
    monkeypatch.setenv("OPENAI_BASE_URL", base_url)
    monkeypatch.setenv("OPENAI_API_KEY", key)


def pass_01_1(client) -> None:
    xiaou = client.beta.assistants.create(
        model="gpt-4o", name="小U", temperature=0.2, instructions="你是小U，UAP 的助手。回答要简短。",
        tools=[{"type": "function", "function": {"name": "ask_database", "parameters": {"type": "object", "properties": {}}}}],
    )  # fmt: skip
    report = check_focused_xiaou(client, xiaou)
    assert report.passed, report.text()
    return report


def test_a_passing_check_records_itself_for_the_teacher_and_in_no_list(room, monkeypatch, tmp_path):
    shared, rows, (alice, bob) = room
    as_learner(monkeypatch, shared.base_url, rows[0]["api_key"])
    before = [a.id for a in alice.beta.assistants.list()]
    report = pass_01_1(alice)  # recorded as the check finished (helpers.checks.finish), once
    assert report.text().startswith("✓")
    assert set(progress.passed(base_url=shared.base_url, api_key=rows[0]["api_key"])) == {"01.1"}
    # nothing new in the learner's own lists: only the assistant the exercise made
    after = [a.id for a in alice.beta.assistants.list()]
    assert len(after) == len(before) + 1 and all(a.name == "小U" for a in alice.beta.assistants.list())
    assert alice.vector_stores.list().data == [] and alice.files.list().data == []

    as_learner(monkeypatch, shared.base_url, rows[1]["api_key"])
    failing = check_channel_update(bob, bob.beta.threads.create(metadata={"channel": "app"}))
    assert not failing.passed and failing.text().startswith("✗")  # a failed check records nothing
    assert progress.passed(base_url=shared.base_url, api_key=rows[1]["api_key"]) == {}
    thread = bob.beta.threads.create(metadata={"fullname": "Bob Li", "username": "bob", "channel": "app"})
    passing = check_channel_update(bob, thread)
    assert passing.passed, passing.text()
    check_channel_update(bob, thread)  # passed twice: recorded once
    assert set(progress.passed(base_url=shared.base_url, api_key=rows[1]["api_key"])) == {"02.2"}
    assert set(progress.passed(base_url=shared.base_url, api_key=rows[0]["api_key"])) == {"01.1"}  # keys stay apart
    assert bob.beta.assistants.list().data == []

    done = subprocess.run([sys.executable, "-m", "course.classroom", "progress", "--keys", str(tmp_path / "keys.csv")], cwd=ROOT, capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stderr
    table = done.stdout.splitlines()
    assert table[0].split() == ["learner", "01.1", "02.2", "passed"]
    assert table[2].split() == ["learner-01", "✓", "·", "1/2"]
    assert table[3].split() == ["learner-02", "·", "✓", "1/2"]


def test_a_learner_sees_their_own_progress_in_the_notebook(room, monkeypatch):
    shared, rows, (alice, _) = room
    as_learner(monkeypatch, shared.base_url, rows[0]["api_key"])
    empty = my_progress()
    assert empty.error is None and "01.1 ·" in empty.text() and "02.2 ·" in empty.text()
    pass_01_1(alice)
    mine = my_progress().text()
    assert "01.1 ✓" in mine and "02.2 ·" in mine
    assert mine.splitlines()[0].startswith("Exercise checks passed: 1 of ")
    assert len(all_exercises()) >= 10  # read from the checks' docstrings: every lesson's exercises


def test_the_progress_endpoint_wants_a_key_and_a_short_exercise(room):
    import httpx

    shared, rows, _ = room
    root = shared.base_url.removesuffix("/v1")
    assert httpx.get(root + "/course/progress").status_code == 401
    auth = {"authorization": f"Bearer {rows[0]['api_key']}"}
    assert httpx.post(root + "/course/progress", json={"exercise": ""}, headers=auth).status_code == 400
    assert httpx.post(root + "/course/progress", json={"exercise": "x" * 65}, headers=auth).status_code == 400
    first = httpx.post(root + "/course/progress", json={"exercise": "03.1"}, headers=auth).json()["exercises"]["03.1"]
    again = httpx.post(root + "/course/progress", json={"exercise": "03.1"}, headers=auth).json()["exercises"]["03.1"]
    assert first == again  # the first pass counts


def test_recording_never_reaches_a_server_that_is_not_the_simulator(monkeypatch):
    """A learner pointed at another endpoint: the check's report shows at once, and nothing is sent there."""
    import http.server
    import threading

    seen: list[str] = []

    class Handler(http.server.BaseHTTPRequestHandler):
        def do_GET(self):  # noqa: N802
            seen.append(self.path)
            self.send_response(404)
            self.end_headers()

        do_POST = do_GET  # noqa: N815

        def log_message(self, *args):
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        monkeypatch.setattr(progress, "_simulators", {})
        started = time.monotonic()
        assert not progress.record_exercise("01.1", base_url=f"http://127.0.0.1:{server.server_port}/v1", api_key="sk-real")
        assert time.monotonic() - started < progress.TIMEOUT
    finally:
        server.shutdown()
        server.server_close()
    assert seen == ["/health"]  # asked who it is, and sent no key and no progress
