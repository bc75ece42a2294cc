"""Chat Completions through the SDK: create (sync and async), streams (raw chunks and the SDK's helper), parse, tools and
the client-side tool loop, limits, stop, n, JSON modes, stored completions with ownership, and the real errors.

Runs against the session simulator (the scripted model); every response and stream chunk it sends is also checked
against the spec by the conformance middleware.
"""

from __future__ import annotations

import asyncio
import json

import httpx2 as httpx
import openai
import pytest
from pydantic import BaseModel

GET_WEATHER = {
    "type": "function",
    "function": {"name": "get_weather", "description": "Get the current weather in a city", "parameters": {"type": "object", "properties": {"city": {"type": "string"}}, "required": ["city"]}},
}
ASK_DATABASE = {
    "type": "function",
    "function": {
        "name": "ask_database",
        "description": "Use this function to answer user questions about the course's sales data. Input should be a fully formed SQL query.",
        "parameters": {"type": "object", "properties": {"query": {"type": "string"}}, "required": ["query"], "additionalProperties": False},
        "strict": True,
    },
}
HI = [{"role": "system", "content": "你叫小U。"}, {"role": "user", "content": "你好"}]


@pytest.fixture
def http(base_url):
    with httpx.Client(base_url=base_url, headers={"Authorization": "Bearer sk-test"}, timeout=30) as client:
        yield client


def data_lines(response) -> list[str]:
    return [line[len("data: "):] for line in response.iter_lines() if line.startswith("data: ")]


# -- text ------------------------------------------------------------------------------------------


def test_a_text_reply_has_the_real_shape(client):
    completion = client.chat.completions.create(model="gpt-4o", messages=HI)
    assert completion.object == "chat.completion" and completion.id.startswith("chatcmpl-") and len(completion.id) == len("chatcmpl-") + 29
    [choice] = completion.choices
    assert choice.index == 0 and choice.finish_reason == "stop" and choice.logprobs is None
    assert choice.message.role == "assistant" and choice.message.refusal is None and choice.message.tool_calls is None
    assert "小U" in choice.message.content  # the system message is the model's instructions
    usage = completion.usage
    assert usage.prompt_tokens > 0 and usage.completion_tokens > 0 and usage.total_tokens == usage.prompt_tokens + usage.completion_tokens
    assert completion.model == "gpt-4o" and completion.system_fingerprint.startswith("fp_")


def test_a_developer_message_is_the_instructions_too(client):
    completion = client.chat.completions.create(model="gpt-4.1", messages=[{"role": "developer", "content": [{"type": "text", "text": "你叫小U。"}]}, {"role": "user", "content": "你好"}])
    assert "小U" in completion.choices[0].message.content


def test_a_user_message_with_an_image_part_is_taken(client):
    parts = [{"type": "text", "text": "你好"}, {"type": "image_url", "image_url": {"url": "https://example.com/cat.png", "detail": "low"}}]
    completion = client.chat.completions.create(model="gpt-4o", messages=[{"role": "user", "content": parts}])
    assert completion.choices[0].finish_reason == "stop" and completion.choices[0].message.content


def test_async_create(base_url):
    async def ask():
        client = openai.AsyncOpenAI(base_url=base_url, api_key="sk-test", max_retries=0)
        return await asyncio.gather(*(client.chat.completions.create(model="gpt-4o-mini", messages=HI) for _ in range(3)))

    completions = asyncio.run(ask())
    assert len({c.id for c in completions}) == 3 and all(c.choices[0].finish_reason == "stop" for c in completions)


# -- streams ----------------------------------------------------------------------------------------


def test_a_stream_sends_role_then_content_then_finish_then_usage_then_done(http):
    body = {"model": "gpt-4o", "messages": HI, "stream": True, "stream_options": {"include_usage": True}}
    with http.stream("POST", "/chat/completions", json=body) as response:
        assert response.status_code == 200 and response.headers["content-type"].startswith("text/event-stream")
        lines = data_lines(response)
    assert lines[-1] == "[DONE]"
    chunks = [json.loads(line) for line in lines[:-1]]
    assert len({c["id"] for c in chunks}) == 1 and all(c["object"] == "chat.completion.chunk" for c in chunks)
    first, *middle, finish, usage = chunks
    assert first["choices"][0]["delta"] == {"role": "assistant", "content": "", "refusal": None}
    assert middle and all(set(c["choices"][0]["delta"]) == {"content"} and c["choices"][0]["finish_reason"] is None for c in middle)
    assert finish["choices"] == [{"index": 0, "delta": {}, "logprobs": None, "finish_reason": "stop"}]
    assert usage["choices"] == [] and usage["usage"]["total_tokens"] > 0
    assert all(c["usage"] is None for c in chunks[:-1])  # asked for usage: every other chunk says null
    whole = "".join(c["choices"][0]["delta"]["content"] for c in middle)
    assert "小U" in whole


def test_a_stream_without_include_usage_has_no_usage_chunk(http):
    with http.stream("POST", "/chat/completions", json={"model": "gpt-4o", "messages": HI, "stream": True}) as response:
        assert response.status_code == 200
        lines = data_lines(response)
    assert lines[-1] == "[DONE]"
    chunks = [json.loads(line) for line in lines[:-1]]
    assert chunks[-1]["choices"][0]["finish_reason"] == "stop"
    assert all(c["choices"] for c in chunks) and all("usage" not in c for c in chunks)


def test_the_sdk_stream_helper_gives_the_final_completion(client):
    with client.chat.completions.stream(model="gpt-4o", messages=HI) as stream:
        deltas = [event.delta for event in stream if event.type == "content.delta"]
        final = stream.get_final_completion()
    assert deltas and "".join(deltas) == final.choices[0].message.content and final.choices[0].finish_reason == "stop"


class Weather(BaseModel):
    city: str
    temperature_celsius: float


def test_parse_gives_an_instance_of_the_pydantic_model(client):
    completion = client.chat.completions.parse(model="gpt-4o", messages=[{"role": "user", "content": "The weather in Paris: 21 degrees."}], response_format=Weather)
    parsed = completion.choices[0].message.parsed
    assert isinstance(parsed, Weather)
    assert Weather.model_validate_json(completion.choices[0].message.content) == parsed


def test_json_object_mode_answers_a_json_object_and_needs_the_word_json(client):
    completion = client.chat.completions.create(model="gpt-4o", messages=[{"role": "user", "content": "Say hello, in JSON."}], response_format={"type": "json_object"})
    assert isinstance(json.loads(completion.choices[0].message.content), dict)
    with pytest.raises(openai.BadRequestError) as refused:
        client.chat.completions.create(model="gpt-4o", messages=HI, response_format={"type": "json_object"})
    assert refused.value.body["param"] == "messages" and "must contain the word 'json'" in refused.value.body["message"]


# -- tools ------------------------------------------------------------------------------------------


def test_a_function_call_then_its_output_then_the_answer(client):
    asked = [{"role": "user", "content": "What's the weather in Paris?"}]
    first = client.chat.completions.create(model="gpt-4o", messages=asked, tools=[GET_WEATHER])
    assert first.choices[0].finish_reason == "tool_calls"
    [call] = first.choices[0].message.tool_calls
    assert call.id.startswith("call_") and call.type == "function" and call.function.name == "get_weather"
    assert json.loads(call.function.arguments)["city"]
    # The SDK's own message object given back, as the function-calling guide does.
    messages = [*asked, first.choices[0].message, {"role": "tool", "tool_call_id": call.id, "content": "Sunny, 21 °C"}]
    second = client.chat.completions.create(model="gpt-4o", messages=messages, tools=[GET_WEATHER])
    assert second.choices[0].finish_reason == "stop" and "Sunny, 21 °C" in second.choices[0].message.content


def test_parallel_calls_come_in_one_message_and_stream_with_their_index(client, http):
    prompt = [{"role": "user", "content": "张伟上了几堂课,比李娜多上了几堂?"}]
    completion = client.chat.completions.create(model="gpt-4o", messages=prompt, tools=[ASK_DATABASE])
    calls = completion.choices[0].message.tool_calls
    assert len(calls) == 2 and len({c.id for c in calls}) == 2
    with http.stream("POST", "/chat/completions", json={"model": "gpt-4o", "messages": prompt, "tools": [ASK_DATABASE], "stream": True}) as response:
        chunks = [json.loads(line) for line in data_lines(response)[:-1]]
    first = chunks[0]["choices"][0]["delta"]
    assert first["role"] == "assistant" and first["content"] is None and first["tool_calls"][0]["index"] == 0 and first["tool_calls"][0]["function"]["arguments"] == ""
    indexes = [d["tool_calls"][0]["index"] for c in chunks if (d := c["choices"][0]["delta"]).get("tool_calls")]
    assert indexes == sorted(indexes) and set(indexes) == {0, 1}
    arguments = {i: "".join(d["tool_calls"][0]["function"].get("arguments", "") for c in chunks if (d := c["choices"][0]["delta"]).get("tool_calls") and d["tool_calls"][0]["index"] == i) for i in (0, 1)}
    assert all("SELECT" in json.loads(text)["query"] for text in arguments.values())
    assert chunks[-1]["choices"][0]["finish_reason"] == "tool_calls"
    one = client.chat.completions.create(model="gpt-4o", messages=prompt, tools=[ASK_DATABASE], parallel_tool_calls=False)
    assert len(one.choices[0].message.tool_calls) == 1


def test_a_named_tool_choice_calls_it_and_finishes_with_stop(client):
    completion = client.chat.completions.create(model="gpt-4o", messages=[{"role": "user", "content": "Hi there"}], tools=[GET_WEATHER], tool_choice={"type": "function", "function": {"name": "get_weather"}})
    assert completion.choices[0].message.tool_calls[0].function.name == "get_weather"
    assert completion.choices[0].finish_reason == "stop"  # the real API's own quirk for a forced function


def test_tool_choice_none_answers_in_words(client):
    completion = client.chat.completions.create(model="gpt-4o", messages=[{"role": "user", "content": "What's the weather in Paris?"}], tools=[GET_WEATHER], tool_choice="none")
    assert completion.choices[0].message.tool_calls is None and completion.choices[0].finish_reason == "stop"
    assert "get_weather" in completion.choices[0].message.content  # it says which function it would have needed


def test_tool_choice_none_after_the_outputs_came_back_answers_from_them(client):
    """As agents do to force a final answer: the calls are made, their outputs given back, and tools switched off."""
    asked = [{"role": "user", "content": "What's the weather in Paris?"}]
    first = client.chat.completions.create(model="gpt-4o", messages=asked, tools=[GET_WEATHER])
    [call] = first.choices[0].message.tool_calls
    messages = [*asked, first.choices[0].message, {"role": "tool", "tool_call_id": call.id, "content": "Sunny, 21 °C"}]
    final = client.chat.completions.create(model="gpt-4o", messages=messages, tools=[GET_WEATHER], tool_choice="none")
    answer = final.choices[0].message
    assert answer.tool_calls is None and final.choices[0].finish_reason == "stop" and "Sunny, 21 °C" in answer.content, answer.content


# -- limits, stop, n --------------------------------------------------------------------------------


@pytest.mark.parametrize("limit", ["max_completion_tokens", "max_tokens"])
def test_the_output_budget_cuts_the_reply_with_finish_reason_length(client, limit):
    whole = client.chat.completions.create(model="gpt-4o", messages=HI).choices[0].message.content
    cut = client.chat.completions.create(model="gpt-4o", messages=HI, **{limit: 2})
    assert cut.choices[0].finish_reason == "length" and cut.usage.completion_tokens <= 2
    assert whole.startswith(cut.choices[0].message.content) and len(cut.choices[0].message.content) < len(whole)


def test_stop_cuts_the_reply_before_the_sequence(client):
    whole = client.chat.completions.create(model="gpt-4o", messages=HI).choices[0].message.content
    cut = client.chat.completions.create(model="gpt-4o", messages=HI, stop=["小U", "never"])
    assert cut.choices[0].message.content == whole[: whole.index("小U")] and cut.choices[0].finish_reason == "stop"


def test_n_gives_several_choices_and_counts_the_prompt_once(client):
    one = client.chat.completions.create(model="gpt-4o", messages=HI, seed=7, temperature=0.2, top_p=0.9)
    three = client.chat.completions.create(model="gpt-4o", messages=HI, n=3)
    assert [c.index for c in three.choices] == [0, 1, 2]
    assert three.usage.prompt_tokens == one.usage.prompt_tokens and three.usage.completion_tokens == 3 * one.usage.completion_tokens


# -- what the simulator cannot honour, and bad input ---------------------------------------------------


@pytest.mark.parametrize(
    ("extra", "param", "code"),
    [
        ({"logprobs": True}, "logprobs", "unsupported_parameter"),
        ({"top_logprobs": 2}, "top_logprobs", "unsupported_parameter"),
        ({"audio": {"voice": "alloy", "format": "wav"}, "modalities": ["text", "audio"]}, "audio", "unsupported_parameter"),
        ({"modalities": ["text", "audio"]}, "modalities", "unsupported_value"),
        ({"prediction": {"type": "content", "content": "x"}}, "prediction", "unsupported_parameter"),
        ({"web_search_options": {}}, "web_search_options", "unsupported_parameter"),
        ({"temperature": "hot"}, "temperature", "invalid_type"),
        ({"max_completion_tokens": 0}, "max_completion_tokens", "integer_below_min_value"),
        ({"tool_choice": "auto"}, "tool_choice", None),
        ({"stream_options": {"include_usage": True}}, "stream_options", None),
        ({"n": 0}, "n", "integer_below_min_value"),
    ],
)
def test_what_cannot_be_honoured_is_refused_with_the_real_words(client, extra, param, code):
    with pytest.raises(openai.BadRequestError) as refused:
        client.chat.completions.create(model="gpt-4o", messages=HI, **extra)
    assert refused.value.body["param"] == param and refused.value.body["code"] == code


def test_tool_messages_must_answer_the_calls_before_them(client):
    call = {"id": "call_1", "type": "function", "function": {"name": "get_weather", "arguments": "{}"}}
    with pytest.raises(openai.BadRequestError) as stray:
        client.chat.completions.create(model="gpt-4o", messages=[{"role": "user", "content": "hi"}, {"role": "tool", "tool_call_id": "call_1", "content": "x"}], tools=[GET_WEATHER])
    assert "must be a response to a preceeding message with 'tool_calls'" in stray.value.body["message"] and stray.value.body["param"] == "messages.[1].role"
    with pytest.raises(openai.BadRequestError) as unanswered:
        client.chat.completions.create(model="gpt-4o", messages=[{"role": "user", "content": "hi"}, {"role": "assistant", "tool_calls": [call]}], tools=[GET_WEATHER])
    assert "did not have response messages: call_1" in unanswered.value.body["message"]


def test_a_rate_limited_model_is_a_429(client):
    with pytest.raises(openai.RateLimitError) as limited:
        client.chat.completions.create(model="gpt-4o", messages=[{"role": "user", "content": "simulate a rate limit"}])
    assert limited.value.body["code"] == "rate_limit_exceeded"


# -- stored completions ------------------------------------------------------------------------------


def test_a_stored_completion_is_read_listed_updated_and_deleted(client):
    tag = {"lesson": "chat-" + client.chat.completions.create(model="gpt-4o", messages=HI).id[-8:]}
    made = client.chat.completions.create(model="gpt-4o-mini", messages=HI, store=True, metadata=tag)
    unstored = client.chat.completions.create(model="gpt-4o-mini", messages=HI)
    got = client.chat.completions.retrieve(made.id)
    assert got.choices[0].message.content == made.choices[0].message.content and got.metadata == tag
    listed = client.chat.completions.list(metadata=tag, model="gpt-4o-mini")
    assert [c.id for c in listed.data] == [made.id]
    assert client.chat.completions.list(metadata=tag, model="gpt-4o").data == []
    messages = client.chat.completions.messages.list(made.id)
    assert [(m.id, m.role, m.content) for m in messages.data] == [(f"{made.id}-0", "system", "你叫小U。"), (f"{made.id}-1", "user", "你好")]
    updated = client.chat.completions.update(made.id, metadata={"lesson": "done"})
    assert updated.metadata == {"lesson": "done"} and client.chat.completions.list(metadata=tag).data == []
    assert client.chat.completions.delete(made.id).deleted is True
    for gone in (made.id, unstored.id):
        with pytest.raises(openai.NotFoundError):
            client.chat.completions.retrieve(gone)


def test_a_streamed_completion_is_stored_too(client):
    with client.chat.completions.stream(model="gpt-4o", messages=HI, store=True) as stream:
        final = stream.get_final_completion()
    assert client.chat.completions.retrieve(final.id).choices[0].message.content == final.choices[0].message.content


def test_in_classroom_mode_another_keys_completion_is_not_found(tmp_simulator):
    simulator = tmp_simulator(args=("--isolate-keys",))
    alice = openai.OpenAI(base_url=simulator.base_url, api_key="sk-alice", max_retries=0)
    bob = openai.OpenAI(base_url=simulator.base_url, api_key="sk-bob", max_retries=0)
    made = alice.chat.completions.create(model="gpt-4o", messages=HI, store=True)
    assert bob.chat.completions.list().data == [] and [c.id for c in alice.chat.completions.list().data] == [made.id]
    for attempt in (lambda: bob.chat.completions.retrieve(made.id), lambda: bob.chat.completions.delete(made.id), lambda: bob.chat.completions.messages.list(made.id)):
        with pytest.raises(openai.NotFoundError):
            attempt()
    assert alice.chat.completions.retrieve(made.id).id == made.id


# -- a Chat Completions backend: the request passes through ----------------------------------------------


@pytest.fixture(scope="module")
def backend(tmp_path_factory):
    from simulator.launch import SimulatorProcess
    from tests.support.fake_chat import fake_chat

    with fake_chat() as fake:
        args = ("--model-backend", "openai-compatible", "--model-base-url", fake.base_url, "--model-api-key", "sk-backend")
        with SimulatorProcess(tmp_path_factory.mktemp("chat-backend") / "backed.db", args=args) as simulator:
            yield fake, openai.OpenAI(base_url=simulator.base_url, api_key="sk-test", max_retries=0)


def test_with_a_backend_the_clients_request_passes_through_as_sent(backend):
    from tests.support.fake_chat import Text

    fake, client = backend
    fake.reset()
    fake.push(Text(["Un", " chat", "."], usage=(31, 3)))
    messages = [
        {"role": "developer", "content": "Answer in French."},
        {"role": "user", "content": [{"type": "text", "text": "What is this?"}, {"type": "image_url", "image_url": {"url": "data:image/png;base64,iVBORw0KGgo=", "detail": "low"}}]},
    ]
    completion = client.chat.completions.create(model="gpt-4o", messages=messages, stop=["\n\n"], seed=42, temperature=0.3, frequency_penalty=0.5, max_completion_tokens=50)
    assert completion.choices[0].message.content == "Un chat." and (completion.usage.prompt_tokens, completion.usage.completion_tokens) == (31, 3)
    [sent] = fake.requests
    assert sent["messages"] == messages and sent["model"] == "gpt-4o"
    assert (sent["stop"], sent["seed"], sent["temperature"], sent["frequency_penalty"], sent["max_tokens"]) == (["\n\n"], 42, 0.3, 0.5, 50)


def test_with_a_backend_its_tool_calls_stream_to_the_client(backend):
    from tests.support.fake_chat import ToolCalls

    fake, client = backend
    fake.reset()
    fake.push(ToolCalls([("get_weather", '{"city": "Paris"}'), ("get_weather", '{"city": "Rome"}')]))
    with client.chat.completions.stream(model="gpt-4o", messages=[{"role": "user", "content": "Weather in Paris and Rome?"}], tools=[GET_WEATHER]) as stream:
        final = stream.get_final_completion()
    calls = final.choices[0].message.tool_calls
    assert [json.loads(c.function.arguments)["city"] for c in calls] == ["Paris", "Rome"] and final.choices[0].finish_reason == "tool_calls"
    assert fake.requests[0]["tools"] == [GET_WEATHER]
