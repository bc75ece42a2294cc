"""stream=true: the events the real API sent, in its order, each carrying what a poll returns at that moment.

Plain replies come from the session simulator (the scripted model). Runs that call functions, run code,
fail or stop early come from an in-process simulator with a TinyModel (tests/support/in_process.py).
"""

from __future__ import annotations

import re
import time

import httpx2 as httpx
import pytest

from tests.support.in_process import TinyModel, serve
from tests.support.sse import iter_events, read_events, shape

HEADERS = {"Authorization": "Bearer sk-test", "OpenAI-Beta": "assistants=v2"}

TEXT_RUN = [
    "thread.run.created",
    "thread.run.queued",
    "thread.run.in_progress",
    "thread.run.step.created",
    "thread.run.step.in_progress",
    "thread.message.created",
    "thread.message.in_progress",
    "thread.message.delta…",
    "thread.message.completed",
    "thread.run.step.completed",
    "thread.run.completed",
    "done",
]


def stream(http, path: str, body: dict) -> list[tuple[str, object]]:
    with http.stream("POST", path, json={**body, "stream": True}) as response:
        assert response.status_code == 200
        assert response.headers["content-type"].startswith("text/event-stream")
        return read_events(response)


def data_of(events, name: str) -> list:
    return [data for event, data in events if event == name]


def streamed_text(events) -> str:
    return "".join(part["text"]["value"] for data in data_of(events, "thread.message.delta") for part in data["delta"]["content"])


@pytest.fixture(scope="module")
def spec_validator():
    """Checks an event against the spec's AssistantStreamEvent, and that its data has no field the spec lacks.

    The same check the conformance middleware makes on every response (simulator/conformance/),
    asked here directly, so a failure names the test and the event.
    """
    from simulator.conformance import DEFAULT_SPEC, spec_at

    spec = spec_at(str(DEFAULT_SPEC))

    def check(event: str, data) -> None:
        assert event in spec.event_schemas, f"{event} is not an event of the spec"
        problem = spec.problems(spec.event_schemas[event], data)
        assert problem is None, f"{event} does not match the spec: {problem}"

    return check


@pytest.fixture
def http(base_url):
    with httpx.Client(base_url=base_url, headers=HEADERS, timeout=30) as client:
        yield client


@pytest.fixture
def assistant(http) -> dict:
    return http.post("/assistants", json={"model": "gpt-4o", "name": "瓜瓜"}).json()


@pytest.fixture
def own(tmp_path):
    """An in-process simulator with the TinyModel, and an HTTP client and assistant on it."""
    with serve(tmp_path / "own.db", TinyModel()) as (base, simulator), httpx.Client(base_url=base, headers=HEADERS, timeout=30) as http:
        tools = [{"type": "function", "function": {"name": "get_weather", "parameters": {"type": "object", "properties": {"city": {"type": "string"}}}}}, {"type": "code_interpreter"}]
        assistant = http.post("/assistants", json={"model": "gpt-4o", "tools": tools}).json()
        yield http, assistant, simulator


def new_thread(http, text: str) -> dict:
    return http.post("/threads", json={"messages": [{"role": "user", "content": text}]}).json()


# -- plain text runs ------------------------------------------------------------------------------


def test_create_run_streams_the_real_order_and_each_event_is_what_a_poll_returns(http, assistant):
    thread = new_thread(http, "你说什么?")
    events = stream(http, f"/threads/{thread['id']}/runs", {"assistant_id": assistant["id"]})
    assert shape(events) == TEXT_RUN
    assert events[-1] == ("done", "[DONE]")

    statuses = [data["status"] for event, data in events if event.startswith("thread.run.") and data["object"] == "thread.run"]
    assert statuses == ["queued", "queued", "in_progress", "completed"]
    run = data_of(events, "thread.run.completed")[0]
    assert http.get(f"/threads/{thread['id']}/runs/{run['id']}").json() == run
    step = data_of(events, "thread.run.step.completed")[0]
    assert http.get(f"/threads/{thread['id']}/runs/{run['id']}/steps/{step['id']}").json() == step
    message = data_of(events, "thread.message.completed")[0]
    assert http.get(f"/threads/{thread['id']}/messages/{message['id']}").json() == message
    assert step["step_details"]["message_creation"]["message_id"] == message["id"]

    created = data_of(events, "thread.message.created")[0]
    assert created["status"] == "in_progress" and created["content"] == [] and created["run_id"] == run["id"]
    assert streamed_text(events) == message["content"][0]["text"]["value"] == "我是说:我是瓜瓜,有问题尽管问我。"


def test_create_thread_and_run_streams_thread_created_first(http, assistant):
    events = stream(http, "/threads/runs", {"assistant_id": assistant["id"], "thread": {"messages": [{"role": "user", "content": "你是谁?"}]}})
    assert shape(events) == ["thread.created", *TEXT_RUN]
    thread = events[0][1]
    # Read back, a thread shows an empty code interpreter entry, as the real API's did (test_threads).
    assert http.get(f"/threads/{thread['id']}").json() == {**thread, "tool_resources": {"code_interpreter": {"file_ids": []}}}
    assert all(data["thread_id"] == thread["id"] for event, data in events[1:-1] if "thread_id" in data)
    assert streamed_text(events) == "我是瓜瓜。有什么可以帮您?"


def test_text_arrives_in_natural_chunks(http, assistant):
    thread = new_thread(http, "你说什么?")
    events = stream(http, f"/threads/{thread['id']}/runs", {"assistant_id": assistant["id"]})
    pieces = [data["delta"]["content"][0]["text"]["value"] for data in data_of(events, "thread.message.delta")]
    assert len(pieces) > 3 and all(1 <= len(piece) <= 3 for piece in pieces)  # a few Chinese characters at a time
    deltas = data_of(events, "thread.message.delta")
    # The real API put `annotations` on a text part's first delta only.
    assert deltas[0]["delta"]["content"][0]["text"]["annotations"] == []
    assert all("annotations" not in d["delta"]["content"][0]["text"] for d in deltas[1:])
    assert {d["id"] for d in deltas} == {data_of(events, "thread.message.created")[0]["id"]}


def test_english_text_arrives_word_by_word(own):
    http, assistant, _ = own
    thread = new_thread(http, "hello")
    events = stream(http, f"/threads/{thread['id']}/runs", {"assistant_id": assistant["id"]})
    pieces = [data["delta"]["content"][0]["text"]["value"] for data in data_of(events, "thread.message.delta")]
    assert pieces == ["Hello!", " How", " can", " I", " help", " you", " today?"]


def test_every_event_matches_the_spec(http, assistant, own, spec_validator):
    thread = new_thread(http, "你说什么?")
    runs = [stream(http, "/threads/runs", {"assistant_id": assistant["id"], "thread": {"messages": [{"role": "user", "content": "你好"}]}})]
    runs.append(stream(http, f"/threads/{thread['id']}/runs", {"assistant_id": assistant["id"]}))
    own_http, own_assistant, _ = own
    waiting = stream(own_http, "/threads/runs", {"assistant_id": own_assistant["id"], "thread": {"messages": [{"role": "user", "content": "weather in two cities?"}]}})
    run = data_of(waiting, "thread.run.requires_action")[0]
    outputs = [{"tool_call_id": call["id"], "output": "sunny"} for call in run["required_action"]["submit_tool_outputs"]["tool_calls"]]
    runs += [waiting, stream(own_http, f"/threads/{run['thread_id']}/runs/{run['id']}/submit_tool_outputs", {"tool_outputs": outputs})]
    runs.append(stream(own_http, "/threads/runs", {"assistant_id": own_assistant["id"], "thread": {"messages": [{"role": "user", "content": "please fail"}]}}))
    for events in runs:
        for event, data in events:
            spec_validator(event, data)


# -- runs that stop early --------------------------------------------------------------------------


def test_a_failed_run_streams_failed_then_done(own):
    http, assistant, _ = own
    events = stream(http, "/threads/runs", {"assistant_id": assistant["id"], "thread": {"messages": [{"role": "user", "content": "please fail"}]}})
    assert shape(events) == ["thread.created", "thread.run.created", "thread.run.queued", "thread.run.in_progress", "thread.run.failed", "done"]
    run = data_of(events, "thread.run.failed")[0]
    assert run["status"] == "failed" and run["last_error"]["code"] == "rate_limit_exceeded" and run["failed_at"]


def test_a_run_that_expires_streams_expired_then_done(own):
    http, assistant, _ = own
    events = stream(http, "/threads/runs", {"assistant_id": assistant["id"], "thread": {"messages": [{"role": "user", "content": "please expire"}]}})
    assert shape(events) == ["thread.created", "thread.run.created", "thread.run.queued", "thread.run.in_progress", "thread.run.expired", "done"]
    run = data_of(events, "thread.run.expired")[0]
    assert run["status"] == "expired" and http.get(f"/threads/{run['thread_id']}/runs/{run['id']}").json() == run


def test_a_reply_cut_by_max_completion_tokens_streams_incomplete(tmp_path):
    model = TinyModel()
    model.text = " ".join(f"word{i}" for i in range(400))
    with serve(tmp_path / "own.db", model) as (base, _), httpx.Client(base_url=base, headers=HEADERS) as http:
        assistant = http.post("/assistants", json={"model": "gpt-4o"}).json()
        events = stream(http, "/threads/runs", {"assistant_id": assistant["id"], "max_completion_tokens": 256, "thread": {"messages": [{"role": "user", "content": "hi"}]}})
        assert shape(events) == ["thread.created", *TEXT_RUN[:8], "thread.message.incomplete", "thread.run.step.completed", "thread.run.incomplete", "done"]
        message = data_of(events, "thread.message.incomplete")[0]
        assert message["incomplete_details"] == {"reason": "max_tokens"}
        assert streamed_text(events) == message["content"][0]["text"]["value"] == " ".join(f"word{i}" for i in range(256))
        assert data_of(events, "thread.run.incomplete")[0]["incomplete_details"] == {"reason": "max_completion_tokens"}


def test_a_thread_too_long_for_max_prompt_tokens_streams_incomplete(own):
    http, assistant, _ = own
    long = " ".join(["word"] * 300)
    events = stream(http, "/threads/runs", {"assistant_id": assistant["id"], "max_prompt_tokens": 256, "thread": {"messages": [{"role": "user", "content": long}]}})
    assert shape(events) == ["thread.created", "thread.run.created", "thread.run.queued", "thread.run.in_progress", "thread.run.incomplete", "done"]
    assert data_of(events, "thread.run.incomplete")[0]["incomplete_details"] == {"reason": "max_prompt_tokens"}


def test_a_run_cancelled_mid_stream_streams_cancelling_then_cancelled(tmp_path):
    with serve(tmp_path / "own.db", TinyModel(), token_delay=0.05) as (base, _), httpx.Client(base_url=base, headers=HEADERS, timeout=30) as http:
        assistant = http.post("/assistants", json={"model": "gpt-4o"}).json()
        thread = new_thread(http, "hello")
        events = []
        with http.stream("POST", f"/threads/{thread['id']}/runs", json={"assistant_id": assistant["id"], "stream": True}) as response:
            lines = response.iter_lines()
            for event, data in iter_events(lines):
                events.append((event, data))
                if event == "thread.message.delta" and len(data_of(events, event)) == 1:
                    cancelled = http.post(f"/threads/{thread['id']}/runs/{data_of(events, 'thread.run.created')[0]['id']}/cancel")
                    assert cancelled.status_code == 200 and cancelled.json()["status"] == "cancelling"
        assert shape(events) == [*TEXT_RUN[:8], "thread.run.cancelling", "thread.run.step.cancelled", "thread.message.incomplete", "thread.run.cancelled", "done"]
        message = data_of(events, "thread.message.incomplete")[0]
        assert message["incomplete_details"] == {"reason": "run_cancelled"}
        assert streamed_text(events) == message["content"][0]["text"]["value"] == "Hello!"


# -- requires_action and submit_tool_outputs ---------------------------------------------------------


def test_function_calls_stream_requires_action_then_submit_streams_the_rest(own):
    http, assistant, _ = own
    events = stream(http, "/threads/runs", {"assistant_id": assistant["id"], "thread": {"messages": [{"role": "user", "content": "weather in two cities?"}]}})
    assert shape(events) == ["thread.created", "thread.run.created", "thread.run.queued", "thread.run.in_progress", "thread.run.step.created", "thread.run.step.in_progress", "thread.run.step.delta…", "thread.run.requires_action", "done"]
    deltas = [d["delta"]["step_details"]["tool_calls"][0] for d in data_of(events, "thread.run.step.delta")]
    firsts = [d for d in deltas if "id" in d]
    assert [(d["index"], d["function"]["name"], d["function"]["arguments"]) for d in firsts] == [(0, "get_weather", ""), (1, "get_weather", "")]
    arguments = ["".join(d["function"]["arguments"] for d in deltas if d["index"] == i and "id" not in d) for i in (0, 1)]
    assert arguments == ['{"city": "Beijing"}', '{"city": "Shanghai"}']
    run = data_of(events, "thread.run.requires_action")[0]
    calls = run["required_action"]["submit_tool_outputs"]["tool_calls"]
    assert [c["id"] for c in calls] == [d["id"] for d in firsts] and [c["function"]["arguments"] for c in calls] == arguments
    assert http.get(f"/threads/{run['thread_id']}/runs/{run['id']}").json() == run

    outputs = [{"tool_call_id": calls[0]["id"], "output": "晴 25°C"}, {"tool_call_id": calls[1]["id"], "output": "雨 18°C"}]
    after = stream(http, f"/threads/{run['thread_id']}/runs/{run['id']}/submit_tool_outputs", {"tool_outputs": outputs})
    assert shape(after) == ["thread.run.step.completed", *TEXT_RUN[1:]]
    step = after[0][1]
    assert step["type"] == "tool_calls" and [c["function"]["output"] for c in step["step_details"]["tool_calls"]] == ["晴 25°C", "雨 18°C"]
    assert [data["status"] for event, data in after if event.startswith("thread.run.") and data["object"] == "thread.run"] == ["queued", "in_progress", "completed"]
    assert streamed_text(after) == "Weather: 晴 25°C; 雨 18°C"


def test_a_code_run_streams_the_code_and_its_logs_as_step_deltas(own, monkeypatch):
    from simulator import sandbox

    async def fake_run_code(code, files, **_):
        return sandbox.Result(logs="1111.1107055554814\n")

    monkeypatch.setattr(sandbox, "run_code", fake_run_code)
    http, assistant, _ = own
    events = stream(http, "/threads/runs", {"assistant_id": assistant["id"], "thread": {"messages": [{"role": "user", "content": "sqrt of 1234567"}]}})
    assert shape(events) == ["thread.created", *TEXT_RUN[:3], "thread.run.step.created", "thread.run.step.in_progress", "thread.run.step.delta…", "thread.run.step.completed", *TEXT_RUN[3:]]
    calls = [d["delta"]["step_details"]["tool_calls"][0] for d in data_of(events, "thread.run.step.delta")]
    assert calls[0]["code_interpreter"] == {"input": "", "outputs": []} and calls[0]["id"].startswith("call_")
    assert "".join(c["code_interpreter"].get("input", "") for c in calls) == "import math\nprint(math.sqrt(1234567))"
    assert calls[-1]["code_interpreter"]["outputs"] == [{"index": 0, "type": "logs", "logs": "1111.1107055554814\n"}]
    assert streamed_text(events) == "The square root is 1111.1107055554814."


# -- clients that hang up --------------------------------------------------------------------------


def test_a_client_that_disconnects_does_not_wedge_the_run_or_the_thread(tmp_path):
    with serve(tmp_path / "own.db", TinyModel(), token_delay=0.02) as (base, simulator), httpx.Client(base_url=base, headers=HEADERS, timeout=30) as http:
        assistant = http.post("/assistants", json={"model": "gpt-4o"}).json()
        thread = new_thread(http, "hello")
        with http.stream("POST", f"/threads/{thread['id']}/runs", json={"assistant_id": assistant["id"], "stream": True}) as response:
            events = iter_events(response.iter_lines())
            (first, run), (second, _) = next(events), next(events)
            assert (first, second) == ("thread.run.created", "thread.run.queued")
        # Hung up mid-run: the run still finishes, and its stream is no longer fed.
        deadline = time.monotonic() + 10
        while (status := http.get(f"/threads/{thread['id']}/runs/{run['id']}").json()["status"]) not in ("completed", "failed"):
            assert time.monotonic() < deadline, f"run stuck in {status}"
            time.sleep(0.02)
        assert status == "completed"
        messages = http.get(f"/threads/{thread['id']}/messages").json()["data"]
        assert messages[0]["content"][0]["text"]["value"] == TinyModel.text and messages[0]["status"] == "completed"
        while simulator.engine.streams.watched(run["id"]):
            assert time.monotonic() < deadline, "the hung-up stream is still subscribed"
            time.sleep(0.02)

        assert http.post(f"/threads/{thread['id']}/messages", json={"role": "user", "content": "hello again"}).status_code == 200
        again = stream(http, f"/threads/{thread['id']}/runs", {"assistant_id": assistant["id"]})
        assert shape(again) == TEXT_RUN


def test_a_client_that_disconnects_on_the_session_simulator(http, assistant):
    thread = new_thread(http, "你说什么?")
    with http.stream("POST", f"/threads/{thread['id']}/runs", json={"assistant_id": assistant["id"], "stream": True}) as response:
        events = iter_events(response.iter_lines())
        _, run = next(events)
        next(events)
    deadline = time.monotonic() + 10
    while http.get(f"/threads/{thread['id']}/runs/{run['id']}").json()["status"] != "completed":
        assert time.monotonic() < deadline
        time.sleep(0.02)
    http.post(f"/threads/{thread['id']}/messages", json={"role": "user", "content": "你是谁?"}).raise_for_status()
    assert streamed_text(stream(http, f"/threads/{thread['id']}/runs", {"assistant_id": assistant["id"]})) == "我是瓜瓜。有什么可以帮您?"


def test_stream_false_still_answers_with_json(http, assistant):
    thread = new_thread(http, "你好")
    response = http.post(f"/threads/{thread['id']}/runs", json={"assistant_id": assistant["id"], "stream": False})
    assert response.headers["content-type"].startswith("application/json") and response.json()["status"] == "queued"
    assert re.fullmatch(r"run_\w{24}", response.json()["id"])


# -- how a stream sends what waits ------------------------------------------------------------------


def test_events_that_wait_together_are_sent_together_and_nothing_after_the_stop():
    import asyncio

    from simulator.engine.streams import DONE, Streams

    async def scenario():
        streams = Streams()
        queue = streams.subscribe("run_1")
        streams.emit("run_1", "thread.run.created", {"id": "run_1"})
        streams.emit("run_1", "thread.run.queued", {"id": "run_1"})
        batches = streams.events(queue)
        first = await anext(batches)
        streams.emit("run_1", "thread.message.delta", {"id": "msg_1"})
        streams.emit("run_1", "thread.run.completed", {"id": "run_1"})
        streams.emit("run_1", "thread.run.completed", {"id": "a second stop is never sent"})
        return first, [batch async for batch in batches]

    first, rest = asyncio.run(scenario())
    assert [event for event, _ in first] == ["thread.run.created", "thread.run.queued"]
    assert rest == [[("thread.message.delta", '{"id":"msg_1"}'), ("thread.run.completed", '{"id":"run_1"}'), DONE]]
