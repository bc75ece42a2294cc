"""One request-validation regime for every family: bodies held to the spec's request types, as the real API held them.

Responses requests are checked against the spec's request-side schemas (FunctionToolParam, not the FunctionTool a
response echoes), so what the API fills in itself may be left out: a function tool's `strict`, an input image's
`detail`. Assistants bodies go through the same checker, so they get the same words for the same mistakes.
"""

from __future__ import annotations

import openai
import pytest

# A tool as LangChain sends it to /v1/responses (bind_tools with use_responses_api): no `strict`.
LOOKUP = {
    "type": "function",
    "name": "ask_database",
    "description": "Answer questions about the course schedule with SQL.",
    "parameters": {"type": "object", "properties": {"query": {"type": "string"}}, "required": ["query"]},
}
PIXEL = "data:image/png;base64,iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAQAAAC1HAwCAAAAC0lEQVR42mNkYAAAAAYAAjCB0C8AAAAASUVORK5CYII="


def test_a_function_tool_without_strict_is_taken_and_echoed_strict(client):
    response = client.responses.create(model="gpt-4o", input="hi", tools=[LOOKUP], tool_choice="none")
    assert response.status == "completed"
    assert response.tools[0].strict is True  # the API's default when a request leaves it out


def test_a_langchain_style_tool_gives_a_function_call(client):
    first = client.responses.create(model="gpt-4o", input="一共有几堂课?", tools=[LOOKUP])
    [call] = [item for item in first.output if item.type == "function_call"]
    assert call.name == "ask_database" and "query" in call.arguments
    second = client.responses.create(model="gpt-4o", previous_response_id=first.id, tools=[LOOKUP], input=[{"type": "function_call_output", "call_id": call.call_id, "output": "12"}])
    assert second.status == "completed" and "12" in second.output_text


def test_an_input_image_without_detail_is_taken_as_auto(client):
    response = client.responses.create(model="gpt-4o", input=[{"role": "user", "content": [{"type": "input_text", "text": "What is this?"}, {"type": "input_image", "image_url": PIXEL}]}])
    assert response.status == "completed"
    [message] = client.responses.input_items.list(response.id).data
    assert message.content[1].type == "input_image" and message.content[1].detail == "auto"


def test_an_unknown_field_inside_a_responses_input_item_is_refused(client):
    # The API refused unknown fields at any depth: "Unknown parameter: 'input[9].namespace'." (ding113/claude-code-hub#1387).
    with pytest.raises(openai.BadRequestError) as caught:
        client.responses.create(model="gpt-4o", input=[{"role": "user", "content": "hi", "namespace": "x"}])
    assert caught.value.body == {"message": "Unknown parameter: 'input[0].namespace'.", "type": "invalid_request_error", "param": "input[0].namespace", "code": "unknown_parameter"}


@pytest.mark.parametrize(
    ("kwargs", "error"),
    [
        # v1's file_ids: the words every family's bodies get for a field the request type lacks.
        ({"extra_body": {"file_ids": []}}, {"message": "Unknown parameter: 'file_ids'.", "param": "file_ids", "code": "unknown_parameter"}),
        ({"temperature": 3}, {"message": "Invalid 'temperature': decimal above maximum value. Expected a value <= 2, but got 3 instead.", "param": "temperature", "code": "decimal_above_max_value"}),
        ({"response_format": 5}, {"message": "Invalid type for 'response_format': expected one of a string or an object, but got an integer instead.", "param": "response_format", "code": "invalid_type"}),
    ],
)
def test_an_assistants_body_gets_the_same_words_as_the_other_families(client, kwargs, error):
    with pytest.raises(openai.BadRequestError) as caught:
        client.beta.assistants.create(model="gpt-4o", **kwargs)
    assert caught.value.body == {**error, "type": "invalid_request_error"}


def test_a_run_body_is_checked_at_every_depth_in_the_same_words(client):
    assistant = client.beta.assistants.create(model="gpt-4o")
    thread = client.beta.threads.create()
    with pytest.raises(openai.BadRequestError) as caught:
        client.beta.threads.runs.create(thread_id=thread.id, assistant_id=assistant.id, truncation_strategy={"type": "last_messages", "last_messages": 0})
    assert caught.value.body == {
        "message": "Invalid 'truncation_strategy.last_messages': integer below minimum value. Expected a value >= 1, but got 0 instead.",
        "type": "invalid_request_error",
        "param": "truncation_strategy.last_messages",
        "code": "integer_below_min_value",
    }
    assert client.beta.threads.runs.list(thread.id).data == []


def test_v1s_retrieval_tool_is_refused_in_the_real_apis_words(client):
    with pytest.raises(openai.BadRequestError) as refused:
        client.beta.assistants.create(model="gpt-4o", tools=[{"type": "retrieval"}])
    # Recorded from the real API (its order, not the spec's union order: see schema.CHOICE_ORDER).
    assert refused.value.body == {
        "message": "Invalid value: 'retrieval'. Supported values are: 'code_interpreter', 'function', and 'file_search'.",
        "type": "invalid_request_error",
        "param": "tools[0].type",
        "code": "invalid_value",
    }
