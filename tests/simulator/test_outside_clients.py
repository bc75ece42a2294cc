"""A widely used outside client's default path against the simulator: LangChain's ChatOpenAI (invoke, and a tool call
with bind_tools), which speaks Chat Completions. Installed only for this test: requirements-outside.lock."""

from __future__ import annotations

import importlib.util

import pytest

pytestmark = pytest.mark.skipif(
    importlib.util.find_spec("langchain_openai") is None,
    reason="langchain-openai is not installed: .venv/bin/python -m pip install -r requirements-outside.lock",
)


@pytest.fixture
def chat_model(base_url):
    from langchain_openai import ChatOpenAI

    return ChatOpenAI(model="gpt-4o-mini", base_url=base_url, api_key="sk-test", max_retries=0)


def test_langchain_invoke_gets_the_reply_and_its_usage(chat_model):
    from langchain_core.messages import HumanMessage, SystemMessage

    answer = chat_model.invoke([SystemMessage("你叫小U。"), HumanMessage("你好")])
    assert "小U" in answer.content
    assert answer.response_metadata["finish_reason"] == "stop" and answer.response_metadata["model_name"] == "gpt-4o-mini"
    assert answer.usage_metadata["total_tokens"] == answer.usage_metadata["input_tokens"] + answer.usage_metadata["output_tokens"] > 0


def test_langchain_streams_the_reply(chat_model):
    pieces = [chunk.content for chunk in chat_model.stream("你好")]
    assert len(pieces) > 1 and "".join(pieces) == chat_model.invoke("你好").content


def test_langchain_bind_tools_calls_the_tool_and_answers_from_its_output(chat_model):
    from langchain_core.messages import HumanMessage, ToolMessage
    from langchain_core.tools import tool

    @tool
    def get_weather(city: str) -> str:
        """Get the current weather in a city."""
        return f"Sunny and 21 °C in {city}."

    with_tools = chat_model.bind_tools([get_weather])
    history = [HumanMessage("What's the weather in Paris?")]
    called = with_tools.invoke(history)
    [call] = called.tool_calls
    assert call["name"] == "get_weather" and call["args"]["city"] and call["id"].startswith("call_")
    history += [called, ToolMessage(get_weather.invoke(call["args"]), tool_call_id=call["id"])]
    answer = with_tools.invoke(history)
    assert not answer.tool_calls and "Sunny and 21 °C" in answer.content
