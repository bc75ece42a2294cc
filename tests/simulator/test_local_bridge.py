"""The local model's tool bridge (simulator/model/local.py): what it asks llama.cpp for, and how it reads the answer.

No model is needed for these: they hold the request and the reading of an answer to the contract of
any Chat Completions backend. tests/simulator/test_model_backends.py runs the real model (make local-model).
"""

from __future__ import annotations

import json

from simulator.model import ToolResult, Turn
from simulator.model.local import MAX_ARGUMENT, as_chunk, bounded, local_messages, plan

TOOL = {"type": "function", "function": {"name": "get_weather", "description": "The weather in a city.", "parameters": {"type": "object", "properties": {"city": {"type": "string"}}, "required": ["city"]}}}
OTHER = {"type": "function", "function": {"name": "ask_database", "parameters": {"type": "object", "properties": {"query": {"type": "string", "enum": ["a"]}}}}}


def turn(tool_choice="auto", results=None, tools=(TOOL, OTHER)) -> Turn:
    made = Turn("You help.", [{"role": "user", "text": "Weather in Paris?", "attachments": []}], list(tools), tool_choice=tool_choice)
    if results:
        made.results = results
    return made


def test_a_forced_call_asks_for_that_functions_arguments_alone_with_bounded_strings():
    request, mode = plan(turn({"type": "function", "function": {"name": "ask_database"}}))
    assert mode == "call:ask_database" and "stream" not in request
    schema = request["response_format"]["json_schema"]["schema"]
    assert schema["properties"]["query"] == {"type": "string", "enum": ["a"]}  # an enum is bounded already
    assert "Call ask_database now" in request["messages"][0]["content"] and request["messages"][0]["content"].startswith("You help.")
    request, mode = plan(turn("required"))
    assert mode == "call:get_weather"
    assert request["response_format"]["json_schema"]["schema"]["properties"]["city"]["maxLength"] == MAX_ARGUMENT


def test_auto_asks_for_a_json_choice_and_text_streams_when_tools_are_done():
    request, mode = plan(turn("auto"))
    assert mode == "choose"
    options = request["response_format"]["json_schema"]["schema"]["anyOf"]
    assert [o["properties"].get("function", {}).get("const") for o in options] == ["get_weather", "ask_database", None]
    for choice in ("none", "auto"):
        request, mode = plan(turn(choice, results=[ToolResult("function", "get_weather", '{"city": "Paris"}', "sunny", call_id="c1", step_id="s1")]) if choice == "auto" else turn(choice))
        assert mode is None and request["stream"] is True and "response_format" not in request


def test_answers_become_the_chunks_a_tool_calling_model_sends():
    usage = {"prompt_tokens": 10, "completion_tokens": 5}

    def answer(content, finish="stop"):
        return {"choices": [{"message": {"content": content}, "finish_reason": finish}], "usage": usage}

    called = as_chunk(answer('{"city": "Paris"}'), "call:get_weather")["choices"][0]
    assert called["finish_reason"] == "tool_calls"
    [call] = called["delta"]["tool_calls"]
    assert call["function"]["name"] == "get_weather" and json.loads(call["function"]["arguments"]) == {"city": "Paris"} and call["id"].startswith("call_")
    chosen = as_chunk(answer('{"function": "ask_database", "arguments": {"query": "a"}}'), "choose")["choices"][0]["delta"]["tool_calls"][0]
    assert chosen["function"]["name"] == "ask_database"
    replied = as_chunk(answer('{"answer": "Sunny."}'), "choose")
    assert replied["choices"][0]["delta"] == {"content": "Sunny."} and replied["usage"] == usage
    assert as_chunk(answer('{"city": "Par', "length"), "call:get_weather")["choices"][0]["finish_reason"] == "length"
    assert "not JSON" in as_chunk(answer("{oops"), "choose")["error"]["message"]


def test_tool_turns_become_plain_turns_the_template_can_show():
    calls = [{"id": "c1", "type": "function", "function": {"name": "get_weather", "arguments": '{"city": "Paris"}'}}]
    messages = [{"role": "user", "content": "Weather?"}, {"role": "assistant", "content": None, "tool_calls": calls}, {"role": "tool", "tool_call_id": "c1", "content": "sunny"}]
    shown = local_messages(messages)
    assert [m["role"] for m in shown] == ["user", "assistant", "user"]
    assert "functions.get_weather" in shown[1]["content"] and shown[2]["content"] == "functions.get_weather returned: sunny"
    assert bounded({"type": "array", "items": {"type": "string"}})["items"]["maxLength"] == MAX_ARGUMENT
