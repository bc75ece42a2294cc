"""The rest of the Responses spec through the SDK (sync and async): input token counts, compaction, and Responses over
a WebSocket (`client.responses.connect()`, and a raw websockets client speaking the same protocol)."""

from __future__ import annotations

import asyncio
import base64
import json

import openai
import pytest
from openai import OpenAI

from simulator.conformance import spec_at

MODEL = "gpt-4o"
TOOL = {"type": "function", "name": "lookup", "description": "Look a word up.", "parameters": {"type": "object", "properties": {"word": {"type": "string"}}, "required": ["word"], "additionalProperties": False}, "strict": True}
ENDS = ("response.completed", "response.failed", "response.incomplete")


def summary_in(item) -> str:
    prefix = "sim-compaction-v1:"
    assert item.type == "compaction" and item.encrypted_content.startswith(prefix)
    return json.loads(base64.b64decode(item.encrypted_content[len(prefix):]))["summary"]


# -- input_tokens ------------------------------------------------------------------------------------


def test_input_tokens_is_what_the_response_it_counts_reports(client):
    body = {"model": MODEL, "instructions": "Answer briefly.", "input": "My name is Ada. What is my name?"}
    counted = client.responses.input_tokens.count(**body)
    assert counted.object == "response.input_tokens" and counted.input_tokens > 0
    made = client.responses.create(**body)
    assert made.usage.input_tokens == counted.input_tokens


def test_input_tokens_counts_the_previous_response_and_the_tools(client):
    first = client.responses.create(model=MODEL, input="My name is Ada.")
    alone = client.responses.input_tokens.count(model=MODEL, input="What is my name?").input_tokens
    after = client.responses.input_tokens.count(model=MODEL, input="What is my name?", previous_response_id=first.id).input_tokens
    assert after == alone + first.usage.input_tokens + first.usage.output_tokens
    with_tools = client.responses.input_tokens.count(model=MODEL, input="What is my name?", tools=[TOOL]).input_tokens
    assert with_tools > alone
    second = client.responses.create(model=MODEL, input="What is my name?", previous_response_id=first.id)
    assert second.usage.input_tokens == after


def test_input_tokens_refuses_what_create_refuses(client):
    with pytest.raises(openai.BadRequestError) as unknown:
        client.responses.input_tokens.count(model=MODEL, input="hi", previous_response_id="resp_" + "0" * 48)
    assert unknown.value.body["code"] == "previous_response_not_found"
    conversation = client.conversations.create()
    with pytest.raises(openai.BadRequestError) as both:
        client.responses.input_tokens.count(model=MODEL, input="hi", previous_response_id="resp_x", conversation=conversation.id)
    assert both.value.body["code"] == "mutually_exclusive_parameters"
    with pytest.raises(openai.BadRequestError) as extra:
        client.responses.input_tokens.count(model=MODEL, input="hi", extra_body={"stream": True})
    assert extra.value.body["code"] == "unknown_parameter"


def test_input_tokens_of_a_conversation(client):
    conversation = client.conversations.create(items=[{"type": "message", "role": "user", "content": "The sky is blue."}])
    empty = client.responses.input_tokens.count(model=MODEL, input="What colour is it?").input_tokens
    within = client.responses.input_tokens.count(model=MODEL, input="What colour is it?", conversation=conversation.id).input_tokens
    assert within > empty


# -- compact -----------------------------------------------------------------------------------------


def test_compact_keeps_the_users_messages_and_condenses_the_rest(client):
    first = client.responses.create(model=MODEL, input="My name is Ada.")
    compacted = client.responses.compact(model=MODEL, previous_response_id=first.id)
    assert compacted.object == "response.compaction" and compacted.id.startswith("resp_")
    assert [item.type for item in compacted.output] == ["message", "compaction"]
    assert compacted.output[0].role == "user" and compacted.output[0].content[0].text == "My name is Ada."
    assert compacted.output[1].id.startswith("cmp_")
    summary = summary_in(compacted.output[1])
    assert summary.startswith("assistant: ") and first.output_text.split()[0] in summary
    assert compacted.usage.input_tokens == first.usage.input_tokens + first.usage.output_tokens
    again = client.responses.compact(model=MODEL, previous_response_id=first.id)
    assert summary_in(again.output[1]) == summary  # deterministic


def test_a_compacted_context_carries_on_into_the_next_response(client):
    first = client.responses.create(model=MODEL, input="My name is Ada.")
    compacted = client.responses.compact(model=MODEL, input=[{"role": "user", "content": "My name is Ada."}, *[item.model_dump(exclude_none=True) for item in first.output]])
    carried = [item.model_dump(exclude_none=True) for item in compacted.output]
    follow_up = {"role": "user", "content": "What is my name?"}
    without = client.responses.input_tokens.count(model=MODEL, input=[follow_up]).input_tokens
    with_summary = client.responses.input_tokens.count(model=MODEL, input=[*carried, follow_up]).input_tokens
    assert with_summary > without
    answered = client.responses.create(model=MODEL, input=[*carried, follow_up])
    assert answered.status == "completed" and answered.usage.input_tokens == with_summary


def test_compaction_items_the_simulator_did_not_make_are_refused(client):
    with pytest.raises(openai.BadRequestError) as caught:
        client.responses.create(model=MODEL, input=[{"type": "compaction", "encrypted_content": "gAAAAABpM0Yj-not-ours"}, {"role": "user", "content": "hi"}])
    assert caught.value.body["param"] == "input[0].encrypted_content"
    with pytest.raises(openai.BadRequestError) as missing_model:
        client.post("/responses/compact", body={"input": "hi"}, cast_to=object)  # the SDK's compact() requires model
    assert missing_model.value.body["code"] == "missing_required_parameter"


def test_async_input_tokens_and_compact(base_url):
    async def go():
        async with openai.AsyncOpenAI(base_url=base_url, api_key="sk-test", max_retries=0) as aclient:
            counted = await aclient.responses.input_tokens.count(model=MODEL, input="Hello there")
            compacted = await aclient.responses.compact(model=MODEL, input=[{"role": "user", "content": "Hello there"}, {"role": "assistant", "content": "Hi! How can I help?"}])
            with pytest.raises(openai.BadRequestError):
                await aclient.responses.compact(model=MODEL, previous_response_id="resp_" + "0" * 48)
            return counted, compacted

    counted, compacted = asyncio.run(go())
    assert counted.input_tokens > 0
    assert summary_in(compacted.output[-1]) == "assistant: Hi! How can I help?"


@pytest.mark.slow
def test_another_learners_response_is_not_found_in_classroom_mode(tmp_simulator):
    simulator = tmp_simulator(args=("--isolate-keys",))
    alice = OpenAI(base_url=simulator.base_url, api_key="sk-alice", max_retries=0)
    bob = OpenAI(base_url=simulator.base_url, api_key="sk-bob", max_retries=0)
    mine = alice.responses.create(model=MODEL, input="A secret: 42.")
    assert alice.responses.input_tokens.count(model=MODEL, previous_response_id=mine.id).input_tokens > 0
    for call in (lambda: bob.responses.input_tokens.count(model=MODEL, previous_response_id=mine.id), lambda: bob.responses.compact(model=MODEL, previous_response_id=mine.id)):
        with pytest.raises(openai.BadRequestError) as caught:
            call()
        assert caught.value.body["code"] == "previous_response_not_found"


# -- WebSocket ---------------------------------------------------------------------------------------


def streamed_types(client, text: str) -> list[str]:
    return [event.type for event in client.responses.create(model=MODEL, input=text, stream=True)]


def check_event(raw: bytes) -> dict:
    """Each frame is one Responses stream event the spec knows, shaped as the spec says."""
    event = json.loads(raw)
    spec = spec_at(None)
    schema = spec.event_schemas.get(event["type"])
    assert schema is not None, event["type"]
    assert spec.problems(schema, {k: v for k, v in event.items() if k != "stream_id"}) is None
    return event


def test_responses_over_a_websocket_with_the_sdk(client):
    expected = streamed_types(client, "My name is Ada.")
    with client.responses.connect() as connection:
        for _ in range(2):  # one connection, one response after another
            connection.response.create(model=MODEL, input="My name is Ada.")
            events = []
            while not events or events[-1]["type"] not in ENDS:
                events.append(check_event(connection.recv_bytes()))
            assert [e["type"] for e in events] == expected
            assert [e["sequence_number"] for e in events] == list(range(len(events)))
        done = events[-1]["response"]
        assert done["status"] == "completed" and client.responses.retrieve(done["id"]).output_text
        connection.response.create(input="no model")  # type: ignore[call-arg]
        error = connection.recv()
        assert error.type == "error" and error.status == 400 and error.error.param == "model"
        connection.response.create(model=MODEL, input="Still here?")
        assert connection.recv().type == "response.created"


def test_responses_over_a_websocket_with_the_async_sdk(base_url):
    async def go():
        async with openai.AsyncOpenAI(base_url=base_url, api_key="sk-test", max_retries=0) as aclient:
            async with aclient.responses.connect() as connection:
                await connection.response.create(model=MODEL, input="Hello there", background=True)
                refused = await connection.recv()
                await connection.response.create(model=MODEL, input="Hello there")
                types = []
                async for event in connection:
                    types.append(event.type)
                    if event.type in ENDS:
                        return refused, types, event.response

    refused, types, response = asyncio.run(go())
    assert refused.type == "error" and refused.error.param == "background"
    assert types[0] == "response.created" and types[-1] == "response.completed" and response.output_text


def test_the_raw_protocol_echoes_stream_id_and_needs_a_key(base_url):
    from websockets.exceptions import InvalidStatus
    from websockets.sync.client import connect

    url = base_url.replace("http://", "ws://") + "/responses"
    with pytest.raises(InvalidStatus) as refused:
        connect(url).close()
    assert refused.value.response.status_code == 401
    assert json.loads(refused.value.response.body)["error"]["message"].startswith("You didn't provide an API key.")
    with connect(url, additional_headers={"Authorization": "Bearer sk-test"}) as socket:
        socket.send(json.dumps({"type": "response.create", "stream_id": "lane-1", "model": MODEL, "input": "Hello", "stream": True}))
        first = json.loads(socket.recv())
        assert first["type"] == "response.created" and first["stream_id"] == "lane-1"
        while first["type"] not in ENDS:
            first = json.loads(socket.recv())
        socket.send("not json")
        error = json.loads(socket.recv())
        assert error["type"] == "error" and error["status"] == 400 and error["error"]["message"].startswith("We could not parse the JSON body")
