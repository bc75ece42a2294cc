"""Code-interpreter sessions: what one call defines the next can use, per thread and per container, and no further.

Through real runs and responses (a simulator of the module's own whose model runs the learner's message as code),
and, for expiry and eviction, through the sandbox's own entry point with the session's clock moved back; that a
session ends with its thread, its container and its server, through a simulator served in this process (whose
sessions the sandbox module lists).
"""

from __future__ import annotations

import asyncio
import contextlib
import os
import select
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from openai import OpenAI

from simulator import sandbox
from simulator.model import Reply, RunCode
from simulator.sandbox import cgroups, sessions
from tests.simulator.test_sandbox_escapes import Server
from tests.support.in_process import serve


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    started = Server(tmp_path_factory.mktemp("sessions"), "auto")
    try:
        yield started
    finally:
        started.stop()


def in_thread(server, thread_id: str, code: str) -> str:
    server.client.beta.threads.messages.create(thread_id=thread_id, role="user", content=code)
    run = server.client.beta.threads.runs.create_and_poll(thread_id=thread_id, assistant_id=server.assistant.id, poll_interval_ms=50)
    assert run.status == "completed", run
    reply = server.client.beta.threads.messages.list(thread_id=thread_id).data[0].content[0].text.value
    assert reply.startswith("LOGS:"), reply
    return reply[len("LOGS:") :]


def test_a_thread_keeps_its_variables_imports_and_files_between_calls(server):
    thread = server.client.beta.threads.create()
    in_thread(server, thread.id, "import statistics\nx = 41\nopen('/mnt/data/kept.txt', 'w').write('still here')")
    logs = in_thread(server, thread.id, "print(x + 1, statistics.mean([1, 3]), open('/mnt/data/kept.txt').read())")
    assert "42 2 still here" in logs, logs


def test_another_thread_sees_none_of_it(server):
    first, second = server.client.beta.threads.create(), server.client.beta.threads.create()
    in_thread(server, first.id, "secret_of_the_first = 1\nopen('/mnt/data/first.txt', 'w').write('x')")
    logs = in_thread(server, second.id, "import os\nprint(os.path.exists('/mnt/data/first.txt'))\nsecret_of_the_first")
    assert "False" in logs and "NameError" in logs, logs


def test_a_session_that_dies_comes_back_empty_and_the_model_is_told(server):
    thread = server.client.beta.threads.create()
    in_thread(server, thread.id, "y = 7")
    logs = in_thread(server, thread.id, "import os, signal\nos.kill(os.getpid(), signal.SIGKILL)")
    assert sessions.RESET in logs, logs
    logs = in_thread(server, thread.id, "y")
    assert "NameError" in logs, logs


def test_a_container_keeps_its_state_between_responses_and_another_does_not(server):
    client = server.client
    tools = [{"type": "code_interpreter", "container": {"type": "auto"}}]
    first = client.responses.create(model="gpt-4o", input="z = 5", tools=tools)
    second = client.responses.create(model="gpt-4o", input="print(z * 2)", tools=tools, previous_response_id=first.id)
    calls = [item for item in first.output + second.output if item.type == "code_interpreter_call"]
    assert calls[0].container_id == calls[1].container_id
    assert "LOGS:10" in second.output_text, second.output_text
    other = client.responses.create(model="gpt-4o", input="print(z)", tools=tools)
    assert "NameError" in other.output_text, other.output_text


# -- expiry and caps, through the sandbox's entry point --------------------------------------------------


def call(code: str, key: str, owner: str = "k", idle: float | None = None) -> sandbox.Result:
    return asyncio.get_event_loop().run_until_complete(
        asyncio.wait_for(sandbox.run_code(code, {}, owner=owner, session={"key": key, "idle_seconds": idle}), 60)
    )


@pytest.fixture
def loop():
    loop = asyncio.new_event_loop()
    asyncio.set_event_loop(loop)
    yield loop
    loop.run_until_complete(sandbox.end_sessions())
    loop.close()
    asyncio.set_event_loop(None)


def test_an_idle_session_expires_and_the_next_call_is_told(loop):
    call("a = 1", "thread_expiring", idle=600)
    assert call("a", "thread_expiring", idle=600).logs == "1"
    (session,) = [s for p in sandbox._pools.values() for s in p.sessions.values() if s.key == "thread_expiring"]
    session.last_used = time.monotonic() - 601  # as if it had been idle past its expiry
    result = call("a", "thread_expiring", idle=600)
    assert result.logs.startswith(sessions.RESET) and "expired" in result.logs and "NameError" in result.logs, result.logs


def test_a_key_over_its_cap_loses_its_least_recently_used_session(loop, monkeypatch):
    monkeypatch.setenv("SIMULATOR_CODE_SESSIONS_PER_KEY", "2")
    sandbox.close_sessions()
    for key in ("one", "two"):
        call(f"v = '{key}'", key)
    call("v", "one")  # "two" is now the least recently used
    call("v = 'three'", "three")
    assert call("v", "one").logs == "'one'"
    result = call("v", "two")
    assert sessions.RESET in result.logs and "too many sessions" in result.logs, result.logs


def test_first_calls_from_several_keys_at_once_each_get_a_session(loop):
    """A session still starting (no process yet) is not taken for a dead one by the call beside it."""

    async def at_once():
        calls = [sandbox.run_code(f"v = {n}\nprint(v)", {}, owner=f"key{n}", session={"key": f"thread_at_once_{n}", "idle_seconds": None}) for n in range(4)]
        return await asyncio.wait_for(asyncio.gather(*calls), 120)

    results = loop.run_until_complete(at_once())
    assert [r.logs.strip() for r in results] == ["0", "1", "2", "3"], [r.logs for r in results]


# -- a session ends with its thread, its container and the server ------------------------------------------


class RunsTheMessage:
    """The learner's message is the code; the reply is what it printed."""

    def next_action(self, turn):
        if not turn.results:
            return RunCode(turn.last_user_text)
        return Reply("LOGS:" + (turn.results[-1].output or "(nothing)"))


@contextlib.contextmanager
def watching(key: str) -> Iterator[int]:
    """A pidfd on `key`'s session process (it stays this process however long it takes to end)."""
    (pid,) = [s["pid"] for s in sandbox.live_sessions() if s["key"] == key]
    fd = os.pidfd_open(pid)
    try:
        assert not select.select([fd], [], [], 0)[0], "the session had ended already"
        yield fd
    finally:
        os.close(fd)


def ended(fd: int, seconds: float = 15) -> bool:
    """Waits until the process behind `fd` has exited (a pidfd is readable then), at most `seconds`."""
    return bool(select.select([fd], [], [], seconds)[0])


@pytest.fixture
def served(tmp_path):
    with serve(tmp_path / "sim.db", model=RunsTheMessage()) as (base_url, _):
        yield OpenAI(base_url=base_url, api_key="sk-sessions", max_retries=0, timeout=60)


def test_deleting_a_thread_ends_its_session(served):
    assistant = served.beta.assistants.create(model="gpt-4o", tools=[{"type": "code_interpreter"}])
    run = served.beta.threads.create_and_run_poll(assistant_id=assistant.id, thread={"messages": [{"role": "user", "content": "x = 1"}]}, poll_interval_ms=50)
    assert run.status == "completed", run
    with watching(run.thread_id) as fd:
        assert served.beta.threads.delete(run.thread_id).deleted
        assert ended(fd), "the deleted thread's session is still running"
    assert run.thread_id not in [s["key"] for s in sandbox.live_sessions()]


def test_deleting_a_container_ends_its_session(served):
    container = served.containers.create(name="ends-with-its-session")
    response = served.responses.create(model="gpt-4o", input="x = 1", tools=[{"type": "code_interpreter", "container": container.id}])
    assert "LOGS:" in response.output_text, response.output_text
    with watching(container.id) as fd:
        served.containers.delete(container.id)
        assert ended(fd), "the deleted container's session is still running"
    assert container.id not in [s["key"] for s in sandbox.live_sessions()]


def test_the_server_ends_every_session_when_it_stops(tmp_path):
    with serve(tmp_path / "sim.db", model=RunsTheMessage()) as (base_url, _):
        client = OpenAI(base_url=base_url, api_key="sk-sessions", max_retries=0, timeout=60)
        assistant = client.beta.assistants.create(model="gpt-4o", tools=[{"type": "code_interpreter"}])
        runs = [
            client.beta.threads.create_and_run_poll(assistant_id=assistant.id, thread={"messages": [{"role": "user", "content": "x = 1"}]}, poll_interval_ms=50)
            for _ in range(2)
        ]
        assert [run.status for run in runs] == ["completed"] * 2, runs
        keys = {run.thread_id for run in runs}
        fds = [os.pidfd_open(s["pid"]) for s in sandbox.live_sessions() if s["key"] in keys]
    try:  # the server has stopped (its lifespan is over); the test process, which served it, goes on
        assert len(fds) == 2 and all(ended(fd) for fd in fds), "a session outlived the server that started it"
        assert not [s for s in sandbox.live_sessions() if s["key"] in keys]
    finally:
        for fd in fds:
            os.close(fd)


def test_a_server_stopped_by_sigterm_leaves_no_session_behind(tmp_path):
    """As Ctrl-C or `make` stops it: uvicorn raises the signal again after its shutdown, so no atexit handler runs;
    the shutdown itself must end the sessions and remove their cgroups and directories, and the server's own."""
    server = Server(tmp_path, "auto")
    try:
        thread = server.client.beta.threads.create()
        in_thread(server, thread.id, "x = 1")
        pid = server.process.pid
        mounts = cgroups._mounts()
        groups = [Path(mounts[c] + (cgroups._own(c) or "/"), f"assistants-sandbox-{pid}") for c in ("", "memory", "pids") if c in mounts]
        groups = [group for group in groups if group.exists()]  # none where this machine gives the server no cgroup
        made = list(server.tmp.glob("assistants-sandbox-*"))
        assert made, "the session left no directory to look for"
        fds = [os.pidfd_open(child) for child in children(pid)]
        assert fds, "no session process"
    finally:
        server.stop()
    try:
        assert all(ended(fd) for fd in fds), "a session outlived the server"
        assert [group for group in groups if group.exists()] == []
        assert list(server.tmp.glob("assistants-sandbox-*")) == [], list(server.tmp.iterdir())
    finally:
        for fd in fds:
            os.close(fd)


def test_the_cgroups_a_killed_server_left_are_removed_by_the_next_one():
    """kill -9 leaves a server's cgroup directories (nothing of it runs to remove them): the next server removes them."""
    if not cgroups.kind():
        pytest.skip("no writable cgroup on this machine")
    dead = subprocess.Popen([sys.executable, "-c", "pass"])
    dead.wait()
    stale = [parent.with_name(f"assistants-sandbox-{dead.pid}") for parent in cgroups._parents()[1].values()]
    for path in stale:
        (path / "session-1").mkdir(parents=True)
    try:
        cgroups.remove_parents()  # this process's own go; the next session's cgroup makes them again
        assert cgroups.kind()
        assert [path for path in stale if path.exists()] == []
    finally:
        for path in stale:
            with contextlib.suppress(OSError):
                (path / "session-1").rmdir()
                path.rmdir()


def children(pid: int) -> list[int]:
    found = []
    for entry in os.scandir("/proc"):
        if entry.name.isdigit():
            with contextlib.suppress(OSError):
                if int(Path(entry.path, "stat").read_text().rsplit(")", 1)[1].split()[1]) == pid:
                    found.append(int(entry.name))
    return found
