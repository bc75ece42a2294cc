"""A simulator killed mid-run (SIGKILL: no shutdown, no cleanup) and restarted on the same database.

Everything committed before the kill is there afterwards, byte for byte; the run it was driving
ends in a terminal status with an honest error (Engine.recover), and its thread takes new runs.
"""

from __future__ import annotations

import time

from openai import OpenAI

TERMINAL = {"completed", "failed", "cancelled", "expired", "incomplete"}


def connect(simulator) -> OpenAI:
    return OpenAI(base_url=simulator.base_url, api_key="sk-test", max_retries=0)


def wait_for(predicate, timeout: float = 10.0):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = predicate()
        if value:
            return value
        time.sleep(0.05)
    raise AssertionError("timed out")


def test_a_killed_simulator_keeps_what_it_committed_and_ends_the_interrupted_run(tmp_simulator):
    # Runs think for 5 s, so the kill surely lands while this one is in progress.
    simulator = tmp_simulator(env={"SIMULATOR_IN_PROGRESS_DELAY": "5"})
    client = connect(simulator)
    assistant = client.beta.assistants.create(model="gpt-4o", name="小U", instructions="Answer briefly.", metadata={"course": "assistants"})
    file = client.files.create(file=("data.csv", "city,temp\n北京,21\n".encode()), purpose="assistants")
    notes = client.files.create(file=("notes.txt", "笔记 ✓".encode()), purpose="user_data")  # downloadable, unlike purpose assistants
    thread = client.beta.threads.create(messages=[{"role": "user", "content": "你好 👋", "attachments": [{"file_id": file.id, "tools": [{"type": "code_interpreter"}]}]}], metadata={"lesson": "03"})
    second = client.beta.threads.messages.create(thread_id=thread.id, role="user", content="مرحبا")
    run = client.beta.threads.runs.create(thread_id=thread.id, assistant_id=assistant.id)
    wait_for(lambda: client.beta.threads.runs.retrieve(run.id, thread_id=thread.id).status == "in_progress")
    before = {
        "assistant": client.beta.assistants.retrieve(assistant.id).to_dict(),
        "thread": client.beta.threads.retrieve(thread.id).to_dict(),
        "messages": [m.to_dict() for m in client.beta.threads.messages.list(thread_id=thread.id, order="asc")],
        "files": [client.files.retrieve(f.id).to_dict() for f in (file, notes)],
    }

    simulator.stop(kill=True)
    simulator.start()
    client = connect(simulator)

    assert client.beta.assistants.retrieve(assistant.id).to_dict() == before["assistant"]
    assert client.beta.threads.retrieve(thread.id).to_dict() == before["thread"]
    after = [m.to_dict() for m in client.beta.threads.messages.list(thread_id=thread.id, order="asc")]
    assert [m["id"] for m in after][: len(before["messages"])] == [m["id"] for m in before["messages"]]
    assert {m["id"] for m in after} >= {second.id}
    assert [client.files.retrieve(f.id).to_dict() for f in (file, notes)] == before["files"]
    assert client.files.content(notes.id).read() == "笔记 ✓".encode()

    interrupted = client.beta.threads.runs.retrieve(run.id, thread_id=thread.id)
    assert interrupted.status in TERMINAL
    assert interrupted.status == "failed" and interrupted.last_error.code == "server_error" and interrupted.failed_at
    for step in client.beta.threads.runs.steps.list(run_id=run.id, thread_id=thread.id):
        assert step.status != "in_progress"
    for message in client.beta.threads.messages.list(thread_id=thread.id):
        assert message.status != "in_progress"

    # The thread is not wedged: it takes a new message and a new run, which finishes.
    client.beta.threads.messages.create(thread_id=thread.id, role="user", content="还在吗?")
    again = client.beta.threads.runs.create(thread_id=thread.id, assistant_id=assistant.id)
    finished = wait_for(lambda: (r := client.beta.threads.runs.retrieve(again.id, thread_id=thread.id)).status in TERMINAL and r, timeout=30)
    assert finished.status == "completed"


def test_a_run_waiting_for_tool_outputs_survives_a_kill_and_can_still_finish(tmp_simulator):
    simulator = tmp_simulator()
    client = connect(simulator)
    tool = {"type": "function", "function": {"name": "get_weather", "parameters": {"type": "object", "properties": {"city": {"type": "string"}}, "required": ["city"]}}}
    assistant = client.beta.assistants.create(model="gpt-4o", tools=[tool])
    thread = client.beta.threads.create(messages=[{"role": "user", "content": "What's the weather in Paris?"}])
    run = client.beta.threads.runs.create_and_poll(thread_id=thread.id, assistant_id=assistant.id, poll_interval_ms=20)
    assert run.status == "requires_action"

    simulator.stop(kill=True)
    simulator.start()
    client = connect(simulator)

    # Waiting on the caller is not "in progress": nothing was lost, so the run still waits.
    waiting = client.beta.threads.runs.retrieve(run.id, thread_id=thread.id)
    assert waiting.status == "requires_action"
    calls = waiting.required_action.submit_tool_outputs.tool_calls
    done = client.beta.threads.runs.submit_tool_outputs_and_poll(run_id=run.id, thread_id=thread.id, tool_outputs=[{"tool_call_id": c.id, "output": "21°C"} for c in calls], poll_interval_ms=20)
    assert done.status == "completed"
