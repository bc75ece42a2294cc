"""Code-interpreter sessions: what one call defines the next can use, per thread and per container, and no further.

Through real runs and responses (a simulator of the module's own whose model runs the learner's message as code),
and, for expiry and eviction, through the sandbox's own entry point with the session's clock moved back.
"""

from __future__ import annotations

import asyncio
import time

import pytest

from simulator import sandbox
from simulator.sandbox import sessions
from tests.simulator.test_sandbox_escapes import Server


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
