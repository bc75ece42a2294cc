"""The Responses API through the SDK's own helpers: create, stream, parse, the client-side tool loop,
code interpreter with containers, background and cancel, and the real errors for bad input.

Runs against the session simulator (the scripted model); every response and event it sends is also
checked against the spec by the conformance middleware.
"""

from __future__ import annotations

import asyncio
import json
import threading
import time

import httpx2 as httpx
import openai
import pytest
from pydantic import BaseModel

ASK_DATABASE = {
    "type": "function",
    "name": "ask_database",
    "description": "Use this function to answer user questions about the course's sales data. Input should be a fully formed SQL query.",
    "parameters": {
        "type": "object",
        "properties": {"query": {"type": "string", "description": "SQL query extracting info to answer the user's question."}},
        "required": ["query"],
        "additionalProperties": False,
    },
    "strict": True,
}

TEXT_EVENTS = [
    "response.created",
    "response.in_progress",
    "response.output_item.added",
    "response.content_part.added",
    "response.output_text.delta…",
    "response.output_text.done",
    "response.content_part.done",
    "response.output_item.done",
    "response.completed",
]


def squeeze(types: list[str]) -> list[str]:
    """Runs of the same delta event as one `name…`, so orders compare without counting chunks."""
    out: list[str] = []
    for kind in types:
        if kind.endswith(".delta"):
            if out and out[-1] == kind + "…":
                continue
            kind += "…"
        out.append(kind)
    return out


@pytest.fixture
def aclient(base_url):
    return openai.AsyncOpenAI(base_url=base_url, api_key="sk-test", max_retries=0)


@pytest.fixture
def http(base_url):
    with httpx.Client(base_url=base_url, headers={"Authorization": "Bearer sk-test"}, timeout=30) as client:
        yield client


# -- text ---------------------------------------------------------------------------------------------


def test_create_returns_a_completed_response_with_text(client):
    response = client.responses.create(model="gpt-4o", instructions="你叫小U。", input="你好")
    assert response.id.startswith("resp_") and len(response.id) == 5 + 48
    assert response.object == "response" and response.status == "completed"
    assert response.output[0].type == "message" and response.output[0].id.startswith("msg_")
    assert response.output_text and response.output_text == response.output[0].content[0].text
    assert response.usage.total_tokens == response.usage.input_tokens + response.usage.output_tokens > 0
    assert response.instructions == "你叫小U。"
    assert client.responses.retrieve(response.id).output_text == response.output_text


def test_input_items_list_the_input(client):
    response = client.responses.create(model="gpt-4o", input=[{"role": "user", "content": "one"}, {"role": "user", "content": [{"type": "input_text", "text": "two"}]}])
    items = client.responses.input_items.list(response.id)
    assert [i.content[0].text for i in items.data] == ["two", "one"]  # newest first by default
    ascending = client.responses.input_items.list(response.id, order="asc", limit=1)
    assert [i.content[0].text for i in ascending.data] == ["one"] and ascending.has_more


def test_previous_response_id_carries_the_context(client):
    first = client.responses.create(model="gpt-4o", input="My name is Ada.")
    second = client.responses.create(model="gpt-4o", previous_response_id=first.id, input="And again?")
    assert second.previous_response_id == first.id and second.status == "completed"


def test_store_false_is_not_kept(client):
    response = client.responses.create(model="gpt-4o", input="hi", store=False)
    assert response.store is False
    with pytest.raises(openai.NotFoundError):
        client.responses.retrieve(response.id)
    with pytest.raises(openai.BadRequestError, match="Previous response with id"):
        client.responses.create(model="gpt-4o", input="hi", previous_response_id=response.id)


def test_delete_then_retrieve_is_404(client):
    response = client.responses.create(model="gpt-4o", input="hi")
    client.responses.delete(response.id)
    with pytest.raises(openai.NotFoundError) as caught:
        client.responses.retrieve(response.id)
    assert caught.value.body["message"] == f"Response with id '{response.id}' not found."


def test_max_output_tokens_makes_it_incomplete(client):
    response = client.responses.create(model="gpt-4o", input="Tell me a long story about the sea " * 3, max_output_tokens=16)
    if response.status == "incomplete":
        assert response.incomplete_details.reason == "max_output_tokens"
        assert response.output[0].status == "incomplete"
    else:  # the scripted reply fitted
        assert response.usage.output_tokens <= 16


# -- streaming ------------------------------------------------------------------------------------------


def test_stream_events_come_in_the_real_order(client):
    with client.responses.stream(model="gpt-4o", input="你好") as stream:
        events = list(stream)
        final = stream.get_final_response()
    assert squeeze([e.type for e in events]) == TEXT_EVENTS
    assert [e.sequence_number for e in events] == list(range(len(events)))
    deltas = "".join(e.delta for e in events if e.type == "response.output_text.delta")
    assert deltas == final.output_text and final.status == "completed"


def test_raw_sse_has_event_lines_and_no_done(http):
    with http.stream("POST", "/responses", json={"model": "gpt-4o", "input": "hi", "stream": True}) as response:
        assert response.headers["content-type"].startswith("text/event-stream")
        text = "".join(response.iter_text())
    blocks = [b for b in text.split("\n\n") if b.strip()]
    for block in blocks:
        event, data = block.split("\n", 1)
        assert event.removeprefix("event: ") == json.loads(data.removeprefix("data: "))["type"]
    assert "[DONE]" not in text and blocks[-1].startswith("event: response.completed")


def test_create_with_stream_true_yields_typed_events(client):
    stream = client.responses.create(model="gpt-4o", input="hi", stream=True)
    types = [event.type for event in stream]
    assert types[0] == "response.created" and types[-1] == "response.completed"


def test_async_stream_and_create(aclient):
    asyncio.run(_async_stream_and_create(aclient))


async def _async_stream_and_create(aclient):
    async with aclient.responses.stream(model="gpt-4o", input="hello") as stream:
        kinds = [event.type async for event in stream]
        final = await stream.get_final_response()
    assert squeeze(kinds) == TEXT_EVENTS and final.output_text
    response = await aclient.responses.create(model="gpt-4o", input="hello")
    assert response.status == "completed"


# -- structured outputs ---------------------------------------------------------------------------------


class Weather(BaseModel):
    city: str
    temperature_c: float
    sunny: bool


def test_parse_with_a_pydantic_model(client):
    parsed = client.responses.parse(model="gpt-4o", input="Weather in Paris, 21 degrees?", text_format=Weather)
    assert isinstance(parsed.output_parsed, Weather)
    assert parsed.text.format.type == "json_schema" and parsed.text.format.name == "Weather"


def test_async_parse_and_stream_with_text_format(aclient):
    asyncio.run(_async_parse_and_stream(aclient))


async def _async_parse_and_stream(aclient):
    parsed = await aclient.responses.parse(model="gpt-4o", input="weather", text_format=Weather)
    assert isinstance(parsed.output_parsed, Weather)
    async with aclient.responses.stream(model="gpt-4o", input="weather", text_format=Weather) as stream:
        async for _ in stream:
            pass
        final = await stream.get_final_response()
    assert isinstance(final.output_parsed, Weather)


# -- the tool loop in the client ------------------------------------------------------------------------


def test_function_call_ends_the_response_and_output_continues_it(client):
    question = "一共有几堂课?"
    first = client.responses.create(model="gpt-4o", input=question, tools=[ASK_DATABASE])
    assert first.status == "completed"
    calls = [item for item in first.output if item.type == "function_call"]
    assert calls and calls[0].name == "ask_database" and calls[0].call_id.startswith("call_") and calls[0].id.startswith("fc_")
    json.loads(calls[0].arguments)
    outputs = [{"type": "function_call_output", "call_id": call.call_id, "output": "42"} for call in calls]
    second = client.responses.create(model="gpt-4o", previous_response_id=first.id, input=outputs, tools=[ASK_DATABASE])
    assert second.status == "completed" and second.output[-1].type == "message"
    assert "42" in second.output_text


def test_tool_loop_with_full_input_instead_of_previous_response_id(client):
    history = [{"role": "user", "content": "一共有几堂课?"}]
    first = client.responses.create(model="gpt-4o", input=history, tools=[ASK_DATABASE], store=False)
    history += [item.model_dump(exclude_none=True) for item in first.output]
    history += [{"type": "function_call_output", "call_id": item.call_id, "output": "7"} for item in first.output if item.type == "function_call"]
    second = client.responses.create(model="gpt-4o", input=history, tools=[ASK_DATABASE], store=False)
    assert "7" in second.output_text


def test_streamed_function_call_events(client):
    with client.responses.stream(model="gpt-4o", input="一共有几堂课?", tools=[ASK_DATABASE]) as stream:
        events = list(stream)
        final = stream.get_final_response()
    kinds = squeeze([e.type for e in events])
    assert kinds[:3] == ["response.created", "response.in_progress", "response.output_item.added"]
    assert "response.function_call_arguments.delta…" in kinds
    assert kinds.index("response.function_call_arguments.done") < kinds.index("response.output_item.done") < kinds.index("response.completed")
    assert final.output[0].type == "function_call"


def test_tool_choice_none_answers_in_words(client):
    response = client.responses.create(model="gpt-4o", input="一共有几堂课?", tools=[ASK_DATABASE], tool_choice="none")
    assert [item.type for item in response.output] == ["message"]


# -- code interpreter and containers --------------------------------------------------------------------


def test_code_interpreter_runs_in_an_auto_container(client):
    response = client.responses.create(
        model="gpt-4o",
        input="用代码计算 2**100",
        tools=[{"type": "code_interpreter", "container": {"type": "auto"}}],
        include=["code_interpreter_call.outputs"],
    )
    call = next(item for item in response.output if item.type == "code_interpreter_call")
    assert call.id.startswith("ci_") and call.container_id.startswith("cntr_") and call.status == "completed"
    assert "1267650600228229401496703205376" in call.outputs[0].logs
    assert "1267650600228229401496703205376" in response.output_text
    without = client.responses.retrieve(response.id)
    assert next(i for i in without.output if i.type == "code_interpreter_call").outputs is None
    assert client.containers.retrieve(call.container_id).status == "running"


def test_code_interpreter_with_files_in_a_container(client, tmp_path):
    data = tmp_path / "sales.csv"
    data.write_text("month,sales\n2024-01,100\n2024-02,250\n", encoding="utf-8")
    file = client.files.create(file=data.open("rb"), purpose="user_data")
    container = client.containers.create(name="sales", file_ids=[file.id])
    assert container.expires_after.minutes == 20 and container.expires_after.anchor == "last_active_at"
    files = client.containers.files.list(container.id)
    assert [f.path for f in files.data] == ["/mnt/data/sales.csv"]
    response = client.responses.create(model="gpt-4o", input="统计总销售额", tools=[{"type": "code_interpreter", "container": container.id}])
    assert "350" in response.output_text
    uploaded = client.containers.files.create(container.id, file=("notes.txt", b"hello"))
    assert uploaded.source == "user" and uploaded.path == "/mnt/data/notes.txt"
    assert client.containers.files.content.retrieve(uploaded.id, container_id=container.id).read() == b"hello"
    client.containers.files.delete(uploaded.id, container_id=container.id)
    with pytest.raises(openai.NotFoundError):
        client.containers.files.retrieve(uploaded.id, container_id=container.id)
    client.containers.delete(container.id)
    with pytest.raises(openai.NotFoundError):
        client.containers.retrieve(container.id)


def test_streamed_code_interpreter_events(client):
    with client.responses.stream(model="gpt-4o", input="用代码计算 3*7", tools=[{"type": "code_interpreter", "container": {"type": "auto"}}]) as stream:
        kinds = squeeze([e.type for e in stream])
    ci = [k for k in kinds if "code_interpreter" in k]
    assert ci == [
        "response.code_interpreter_call.in_progress",
        "response.code_interpreter_call_code.delta…",
        "response.code_interpreter_call_code.done",
        "response.code_interpreter_call.interpreting",
        "response.code_interpreter_call.completed",
    ]


def test_async_containers(aclient):
    asyncio.run(_async_containers(aclient))


async def _async_containers(aclient):
    container = await aclient.containers.create(name="async box")
    listed = await aclient.containers.list()
    assert container.id in [c.id for c in listed.data]
    await aclient.containers.delete(container.id)


# -- file search ----------------------------------------------------------------------------------------

HANDBOOK = """Office handbook

The office opens at 8:30 every weekday and closes at 18:00.
Refunds are paid within 14 days of the request, to the card used for the purchase.
办公室的无线网络密码每月第一天更换，新密码贴在前台。
"""


@pytest.fixture
def handbook(client, tmp_path):
    path = tmp_path / "handbook.txt"
    path.write_text(HANDBOOK, encoding="utf-8")
    store = client.vector_stores.create(name="handbook")
    file = client.vector_stores.files.upload_and_poll(vector_store_id=store.id, file=path.open("rb"))
    assert file.status == "completed"
    return store.id, file.id


def test_file_search_answers_with_citations(client, handbook):
    store_id, file_id = handbook
    response = client.responses.create(
        model="gpt-4o",
        input="How many days until refunds are paid?",
        tools=[{"type": "file_search", "vector_store_ids": [store_id], "max_num_results": 3}],
        include=["file_search_call.results"],
    )
    assert [item.type for item in response.output] == ["file_search_call", "message"]
    call = response.output[0]
    assert call.id.startswith("fs_") and call.status == "completed" and call.queries == ["How many days until refunds are paid?"]
    assert call.results and len(call.results) <= 3 and call.results[0].file_id == file_id and call.results[0].filename == "handbook.txt"
    assert "14 days" in call.results[0].text
    text = response.output[1].content[0]
    assert "14 days" in text.text and "【" not in text.text
    assert [(a.type, a.file_id, a.filename) for a in text.annotations] == [("file_citation", file_id, "handbook.txt")]
    assert 0 < text.annotations[0].index <= len(text.text)
    # results are shown only when include asks for them
    assert client.responses.retrieve(response.id).output[0].results is None
    assert client.responses.retrieve(response.id, include=["file_search_call.results"]).output[0].results[0].file_id == file_id


def test_file_search_answers_in_the_question_language(client, handbook):
    store_id, file_id = handbook
    response = client.responses.create(model="gpt-4o", input="无线网络密码什么时候更换？", tools=[{"type": "file_search", "vector_store_ids": [store_id]}])
    assert response.output[0].type == "file_search_call" and response.output[0].results is None
    assert "每月第一天" in response.output_text and "根据" in response.output_text
    assert response.output[1].content[0].annotations[0].file_id == file_id


def test_file_search_ranking_options_reach_the_search(client, handbook):
    store_id, _ = handbook
    tool = {"type": "file_search", "vector_store_ids": [store_id], "ranking_options": {"ranker": "auto", "score_threshold": 0.99}}
    response = client.responses.create(model="gpt-4o", input="How many days until refunds are paid?", tools=[tool], include=["file_search_call.results"])
    assert response.output[0].results == []
    assert response.output_text == "I could not find anything about that in the files."
    assert response.output[1].content[0].annotations == []


def test_streamed_file_search_events(client, handbook):
    store_id, file_id = handbook
    with client.responses.stream(model="gpt-4o", input="When does the office open?", tools=[{"type": "file_search", "vector_store_ids": [store_id]}]) as stream:
        events = list(stream)
        final = stream.get_final_response()
    assert squeeze([event.type for event in events]) == [
        "response.created",
        "response.in_progress",
        "response.output_item.added",
        "response.file_search_call.in_progress",
        "response.file_search_call.searching",
        "response.file_search_call.completed",
        "response.output_item.done",
        "response.output_item.added",
        "response.content_part.added",
        "response.output_text.delta…",
        "response.output_text.annotation.added",
        "response.output_text.done",
        "response.content_part.done",
        "response.output_item.done",
        "response.completed",
    ]
    assert [event.sequence_number for event in events] == list(range(len(events)))
    added = events[2]
    assert added.item.type == "file_search_call" and added.item.status == "in_progress"
    call_id = added.item.id
    assert all(event.item_id == call_id for event in events[3:6])
    assert events[6].item.status == "completed" and events[6].item.results is None
    annotation = next(event for event in events if event.type == "response.output_text.annotation.added").annotation
    assert annotation.file_id == file_id and annotation.filename == "handbook.txt"
    assert "8:30" in final.output_text and final.output[1].content[0].annotations[0].file_id == file_id


# -- background -----------------------------------------------------------------------------------------


def test_background_response_is_polled_to_its_end(client):
    response = client.responses.create(model="gpt-4o", input="hi", background=True)
    assert response.status in ("queued", "in_progress") and response.background is True
    deadline = time.monotonic() + 10
    while response.status in ("queued", "in_progress") and time.monotonic() < deadline:
        time.sleep(0.02)
        response = client.responses.retrieve(response.id)
    assert response.status == "completed"


def wait_for_end(client, response_id: str) -> None:
    deadline = time.monotonic() + 10
    while client.responses.retrieve(response_id).status in ("queued", "in_progress") and time.monotonic() < deadline:
        time.sleep(0.02)


def test_a_background_stream_is_picked_up_again_after_the_last_event_seen(client):
    with client.responses.create(model="gpt-4o", input="你是谁?", background=True, stream=True) as stream:
        seen = [event for _, event in zip(range(4), stream, strict=False)]  # then the connection drops
    wait_for_end(client, seen[0].response.id)
    resumed = list(client.responses.retrieve(seen[0].response.id, stream=True, starting_after=seen[-1].sequence_number))
    numbers = [event.sequence_number for event in seen + resumed]
    assert numbers == list(range(len(numbers)))  # every event once, in order
    assert resumed[-1].type == "response.completed" and resumed[-1].response.output_text
    whole = list(client.responses.retrieve(seen[0].response.id, stream=True))  # without starting_after: all of them
    assert [event.type for event in whole] == [event.type for event in seen + resumed]
    # The SDK's own helper for picking a stream up again, with its accumulated final response.
    with client.responses.stream(response_id=seen[0].response.id, starting_after=seen[-1].sequence_number) as again:
        assert [event.sequence_number for event in again] == [event.sequence_number for event in resumed]
        assert again.get_final_response().output_text == resumed[-1].response.output_text


def test_a_running_background_response_streams_its_backlog_then_the_rest(tmp_path):
    """The backend (a fake Chat Completions server) sends two pieces and waits at a gate: the stream picked up
    after event 1 gets what is out (the backlog), then, once the test opens the gate, the rest as it comes."""
    from simulator.launch import SimulatorProcess
    from tests.support.fake_chat import Text, fake_chat

    gate = threading.Event()
    script = Text(["Hello", "!", " How", " can", " I", " help?"], gate=gate, pause_after=2)
    args = ("--model-backend", "openai-compatible", "--model-base-url", "{url}", "--model-api-key", "sk-backend")
    with fake_chat() as fake, SimulatorProcess(tmp_path / "own.db", args=tuple(a.format(url=fake.base_url) for a in args)) as simulator:
        fake.push(script)
        own = openai.OpenAI(base_url=simulator.base_url, api_key="sk-test", max_retries=0)
        events = []
        try:
            created = own.responses.create(model="gpt-4o", input="hello", background=True)
            deadline = time.monotonic() + 30
            while (current := own.responses.retrieve(created.id)).output_text != "Hello!":  # some deltas are out, the rest held back
                assert current.status in ("queued", "in_progress") and time.monotonic() < deadline, current
                time.sleep(0.05)
            assert current.status == "in_progress"
            for event in own.responses.retrieve(created.id, stream=True, starting_after=1):
                events.append(event)
                if event.type == "response.output_text.delta" and event.delta == "!":  # the end of the backlog
                    assert not script.finished.is_set() and not gate.is_set()
                    gate.set()  # only now does the backend go on
        finally:
            gate.set()
    numbers = [event.sequence_number for event in events]
    assert numbers == list(range(2, 2 + len(numbers)))
    assert events[-1].type == "response.completed"
    text = "".join(event.delta for event in events if event.type == "response.output_text.delta")
    assert text == "Hello! How can I help?" == events[-1].response.output_text


@pytest.mark.parametrize(
    ("query", "message", "param"),
    [
        ("stream=true", "Only responses created with background=true can be streamed again.", "stream"),
        ("stream=true&starting_after=x", None, None),
    ],
)
def test_streaming_again_needs_a_background_response_and_a_number(client, query, message, param):
    response = client.responses.create(model="gpt-4o", input="hi", background="starting_after" in query)
    wait_for_end(client, response.id)
    with httpx.Client(base_url=str(client.base_url), headers={"Authorization": "Bearer sk-test"}) as http:
        answer = http.get(f"/responses/{response.id}?{query}")
    error = answer.json()["error"]
    assert answer.status_code == 400
    assert error == {"message": message or "Invalid type for 'starting_after': expected an integer, but got 'x' instead.", "type": "invalid_request_error", "param": param or "starting_after", "code": "invalid_value" if message else "invalid_type"}


def test_cancel_needs_background(client):
    response = client.responses.create(model="gpt-4o", input="hi")
    with pytest.raises(openai.BadRequestError, match="background"):
        client.responses.cancel(response.id)


# -- bad input: the real errors -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("body", "message", "param"),
    [
        ({"input": "hi"}, "Missing required parameter: 'model'.", "model"),
        ({"model": "gpt-4o", "input": 5}, "Invalid type for 'input': expected one of a string or array of input items, but got an integer instead.", "input"),
        ({"model": "gpt-4o", "input": "hi", "x": 1}, "Unknown parameter: 'x'.", "x"),
        ({"model": "gpt-4o", "input": "hi", "temperature": "hot"}, "Invalid type for 'temperature': expected a decimal, but got a string instead.", "temperature"),
        ({"model": "gpt-4o", "input": "hi", "temperature": 3}, "Invalid 'temperature': decimal above maximum value. Expected a value <= 2, but got 3 instead.", "temperature"),
        ({"model": "gpt-4o", "input": "hi", "tool_choice": "always"}, "Invalid value: 'always'. Supported values are: 'none', 'auto', and 'required'.", "tool_choice"),
        ({"model": "gpt-4o", "input": "hi", "previous_response_id": "resp_nope"}, "Previous response with id 'resp_nope' not found.", "previous_response_id"),
        ({"model": "gpt-4o", "input": [{"type": "function_call_output", "call_id": "call_nope", "output": "1"}]}, "No tool call found for function call output with call_id call_nope.", "input"),
        ({"model": "gpt-4o", "input": "hi", "tools": [{"type": "web_search"}]}, None, "tools[0].type"),
        # A Chat Completions tool sent to Responses: the real API's answer (microsoft/vscode-copilot-release#11157).
        ({"model": "gpt-4o", "input": "hi", "tools": [{"type": "function", "function": {"name": "f"}}]}, "Missing required parameter: 'tools[0].name'.", "tools[0].name"),
        # Each rule of simulator.http.schema once, in the Responses family's schemas:
        ({"model": "gpt-4o", "input": "hi", "top_logprobs": "many"}, "Invalid type for 'top_logprobs': expected an integer, but got a string instead.", "top_logprobs"),
        ({"model": "gpt-4o", "input": "hi", "max_output_tokens": 3}, "Invalid 'max_output_tokens': integer below minimum value. Expected a value >= 16, but got 3 instead.", "max_output_tokens"),
        ({"model": "gpt-4o", "input": "hi", "tools": [{"name": "f"}]}, "Missing required parameter: 'tools[0].type'.", "tools[0].type"),
        ({"model": "gpt-4o", "input": [{"role": "robot", "content": "hi"}]}, "Invalid value: 'robot'. Supported values are: 'user', 'assistant', 'system', and 'developer'.", "input[0].role"),
        ({"model": "gpt-4o", "input": "hi", "safety_identifier": "u" * 65}, "Invalid 'safety_identifier': string too long. Expected a string with maximum length 64, but got a string with length 65 instead.", "safety_identifier"),
        ({"model": "gpt-4o", "input": "hi", "tools": [{"type": "code_interpreter", "container": {"type": "auto", "file_ids": ["file-x"] * 51}}]},
         "Invalid 'tools[0].container.file_ids': array too long. Expected an array with maximum length 50, but got an array with length 51 instead.", "tools[0].container.file_ids"),
        ({"model": "gpt-4o", "input": "hi", "context_management": []}, "Invalid 'context_management': empty array. Expected an array with minimum length 1, but got an empty array instead.", "context_management"),
        ({"model": "gpt-4o", "input": [{"type": "file_search_call", "id": "fs_1", "status": "completed", "queries": ["q"], "results": [{"attributes": {f"k{i}": "v" for i in range(17)}}]}]},
         "Invalid 'input[0].results[0].attributes': too many properties. Expected an object with at most 16 properties, but got an object with 17 properties instead.", "input[0].results[0].attributes"),
    ],
)
def test_bad_input_gets_the_real_error(http, body, message, param):
    answer = http.post("/responses", json=body)
    assert answer.status_code == 400
    error = answer.json()["error"]
    assert error["type"] == "invalid_request_error" and error["param"] == param
    if message is not None:
        assert error["message"] == message


def test_conversation_and_previous_response_id_exclude_each_other(client):
    conversation = client.conversations.create()
    first = client.responses.create(model="gpt-4o", input="hi")
    with pytest.raises(openai.BadRequestError, match="Mutually exclusive"):
        client.responses.create(model="gpt-4o", input="hi", conversation=conversation.id, previous_response_id=first.id)


def test_unknown_vector_store_is_refused(http):
    answer = http.post("/responses", json={"model": "gpt-4o", "input": "hi", "tools": [{"type": "file_search", "vector_store_ids": ["vs_nope"]}]})
    assert answer.status_code == 404 and "vs_nope" in answer.json()["error"]["message"]


def test_async_errors_carry_the_envelope(aclient):
    async def go():
        with pytest.raises(openai.NotFoundError) as caught:
            await aclient.responses.retrieve("resp_missing")
        return caught.value

    error = asyncio.run(go())
    assert error.status_code == 404 and error.body["message"] == "Response with id 'resp_missing' not found."
