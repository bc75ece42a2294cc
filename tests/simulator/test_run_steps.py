"""Run steps through the SDK: message_creation and tool_calls steps, their statuses, details and usage."""

import json

import openai
import pytest

SEED_INSTRUCTIONS = "你叫小U,你是JAVA技术框架 UAP的助手,你负责回答用户关于UAP的问题。"
GET_WEATHER = {"type": "function", "function": {"name": "get_weather", "description": "The weather in a city.", "parameters": {"type": "object", "properties": {"city": {"type": "string"}}, "required": ["city"]}}}
FORCE_WEATHER = {"type": "function", "function": {"name": "get_weather"}}
STEP_FIELDS = {"id", "object", "created_at", "assistant_id", "thread_id", "run_id", "type", "status", "step_details", "last_error", "expired_at", "cancelled_at", "failed_at", "completed_at", "metadata", "usage"}


@pytest.fixture
def assistant(client):
    return client.beta.assistants.create(name="小U", instructions=SEED_INSTRUCTIONS, model="gpt-4-turbo", tools=[GET_WEATHER])


def raw_steps(client, thread_id: str, run_id: str) -> list[dict]:
    return json.loads(client.beta.threads.runs.steps.with_raw_response.list(run_id=run_id, thread_id=thread_id, order="asc").text)["data"]


def test_a_text_run_has_one_message_creation_step(client, assistant):
    thread = client.beta.threads.create(messages=[{"role": "user", "content": "你是谁?"}])
    run = client.beta.threads.runs.create_and_poll(thread_id=thread.id, assistant_id=assistant.id)
    (raw,) = raw_steps(client, thread.id, run.id)
    assert set(raw) == STEP_FIELDS
    message = client.beta.threads.messages.list(thread.id).data[0]
    assert raw["object"] == "thread.run.step" and raw["id"].startswith("step_") and raw["type"] == "message_creation"
    assert raw["step_details"] == {"type": "message_creation", "message_creation": {"message_id": message.id}}
    assert (raw["run_id"], raw["thread_id"], raw["assistant_id"]) == (run.id, thread.id, assistant.id)
    assert raw["status"] == "completed" and raw["completed_at"] >= raw["created_at"]
    assert raw["cancelled_at"] is raw["failed_at"] is raw["expired_at"] is raw["last_error"] is None and raw["metadata"] == {}
    assert raw["usage"] == run.usage.model_dump() and raw["usage"]["completion_tokens"] > 0
    step = client.beta.threads.runs.steps.retrieve(step_id=raw["id"], run_id=run.id, thread_id=thread.id)
    assert step.model_dump() == client.beta.threads.runs.steps.list(run_id=run.id, thread_id=thread.id).data[0].model_dump()


def test_a_function_call_is_a_tool_calls_step_then_a_message(client, assistant):
    thread = client.beta.threads.create(messages=[{"role": "user", "content": "北京天气怎么样?"}])
    run = client.beta.threads.runs.create_and_poll(thread_id=thread.id, assistant_id=assistant.id, tool_choice=FORCE_WEATHER)
    assert run.status == "requires_action"
    (waiting,) = raw_steps(client, thread.id, run.id)
    call = run.required_action.submit_tool_outputs.tool_calls[0]
    assert waiting["type"] == "tool_calls" and waiting["status"] == "in_progress" and waiting["usage"] is None  # null while in progress
    assert waiting["step_details"]["tool_calls"] == [{"id": call.id, "type": "function", "function": {"name": "get_weather", "arguments": call.function.arguments, "output": None}}]
    run = client.beta.threads.runs.submit_tool_outputs_and_poll(run_id=run.id, thread_id=thread.id, tool_outputs=[{"tool_call_id": call.id, "output": "晴,25°C"}])
    assert run.status == "completed"
    tools, text = raw_steps(client, thread.id, run.id)
    assert tools["id"] == waiting["id"] and tools["status"] == "completed" and tools["step_details"]["tool_calls"][0]["function"]["output"] == "晴,25°C"
    assert tools["usage"]["completion_tokens"] > 0
    assert text["type"] == "message_creation" and text["status"] == "completed"
    spent = [tools["usage"], text["usage"]]
    assert run.usage.model_dump() == {key: sum(u[key] for u in spent) for key in ("prompt_tokens", "completion_tokens", "total_tokens")}


def test_steps_page_and_order(client, assistant):
    thread = client.beta.threads.create(messages=[{"role": "user", "content": "北京天气怎么样?"}])
    run = client.beta.threads.runs.create_and_poll(thread_id=thread.id, assistant_id=assistant.id, tool_choice=FORCE_WEATHER)
    call = run.required_action.submit_tool_outputs.tool_calls[0]
    client.beta.threads.runs.submit_tool_outputs_and_poll(run_id=run.id, thread_id=thread.id, tool_outputs=[{"tool_call_id": call.id, "output": "晴"}])
    newest = client.beta.threads.runs.steps.list(run_id=run.id, thread_id=thread.id, limit=1)
    assert newest.data[0].type == "message_creation" and newest.has_more is True
    older = client.beta.threads.runs.steps.list(run_id=run.id, thread_id=thread.id, limit=1, after=newest.data[0].id)
    assert older.data[0].type == "tool_calls" and older.has_more is False
    assert [s.type for s in client.beta.threads.runs.steps.list(run_id=run.id, thread_id=thread.id, order="asc")] == ["tool_calls", "message_creation"]
    included = client.beta.threads.runs.steps.list(run_id=run.id, thread_id=thread.id, include=["step_details.tool_calls[*].file_search.results[*].content"])
    assert len(included.data) == 2


def test_a_failed_run_has_no_steps_and_a_cancelled_one_ends_its_step(client, assistant):
    thread = client.beta.threads.create(messages=[{"role": "user", "content": "请模拟一次失败的 run"}])
    run = client.beta.threads.runs.create_and_poll(thread_id=thread.id, assistant_id=assistant.id)
    assert run.status == "failed" and raw_steps(client, thread.id, run.id) == []  # it failed before any step
    client.beta.threads.messages.create(thread.id, role="user", content="北京天气怎么样?")
    run = client.beta.threads.runs.create_and_poll(thread_id=thread.id, assistant_id=assistant.id, tool_choice=FORCE_WEATHER)
    client.beta.threads.runs.cancel(run_id=run.id, thread_id=thread.id)
    run = client.beta.threads.runs.poll(run_id=run.id, thread_id=thread.id)
    (step,) = raw_steps(client, thread.id, run.id)
    assert step["status"] == "cancelled" and step["cancelled_at"] is not None and step["completed_at"] is None


def test_unknown_steps_and_wrong_parents_are_404(client, assistant):
    thread = client.beta.threads.create(messages=[{"role": "user", "content": "你好"}])
    run = client.beta.threads.runs.create_and_poll(thread_id=thread.id, assistant_id=assistant.id)
    step_id = raw_steps(client, thread.id, run.id)[0]["id"]
    with pytest.raises(openai.NotFoundError) as caught:
        client.beta.threads.runs.steps.retrieve(step_id="step_nope", run_id=run.id, thread_id=thread.id)
    assert caught.value.body["message"] == "No run step found with id 'step_nope'."
    client.beta.threads.messages.create(thread.id, role="user", content="你是谁?")
    other = client.beta.threads.runs.create_and_poll(thread_id=thread.id, assistant_id=assistant.id)
    with pytest.raises(openai.NotFoundError):  # a step is found only under its own run
        client.beta.threads.runs.steps.retrieve(step_id=step_id, run_id=other.id, thread_id=thread.id)
    with pytest.raises(openai.NotFoundError):
        client.beta.threads.runs.steps.list(run_id="run_nope", thread_id=thread.id)
    # A query parameter the list does not define is ignored, as the real API ignored it (see http.requests.list_params).
    plain = client.beta.threads.runs.steps.list(run_id=run.id, thread_id=thread.id)
    assert client.beta.threads.runs.steps.list(run_id=run.id, thread_id=thread.id, extra_query={"colour": "red"}).data == plain.data
