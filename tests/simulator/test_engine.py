"""The one turn driver: the same limits, structured outputs and failures for runs and responses, on any backend."""

from __future__ import annotations

import json

import pytest
from openai import OpenAI

from simulator.model import CallFunctions, Finish, FunctionCall, Reply, RunCode, TextDelta
from tests.support.in_process import serve

CITY = {"type": "object", "properties": {"city": {"type": "string"}, "days": {"type": "integer"}}, "required": ["city", "days"], "additionalProperties": False}


class Writes:
    """A model that always answers with the same text (a backend that ignores the response format)."""

    def __init__(self, text: str) -> None:
        self.text = text

    def next_action(self, turn):
        return Reply(self.text)


class StreamsText(Writes):
    """The same, as a streaming backend writes it: in deltas, then its counts."""

    async def stream(self, turn):
        for n, word in enumerate(self.text.split(" ")):
            yield TextDelta(word if n == 0 else " " + word)
        yield Finish(prompt_tokens=5, completion_tokens=3)


class SpeaksThenCalls:
    """A streaming backend that says something, then calls a function (as real models do)."""

    async def stream(self, turn):
        if turn.results:
            yield TextDelta(json.dumps({"answer": turn.results[-1].output}))
            return
        yield TextDelta("Let me look that up.")
        yield CallFunctions([FunctionCall("lookup", '{"q": "x"}')])


class LoopsForever:
    """A model that runs code at every turn and never answers: only the step limit stops it."""

    def next_action(self, turn):
        return RunCode("print(1)")


def run_reply(client: OpenAI, **run) -> tuple[object, str]:
    assistant = client.beta.assistants.create(model="gpt-4o", instructions="Answer.")
    thread = client.beta.threads.create(messages=[{"role": "user", "content": "Weather in Paris for 3 days, as JSON"}])
    done = client.beta.threads.runs.create_and_poll(thread_id=thread.id, assistant_id=assistant.id, **run)
    messages = client.beta.threads.messages.list(thread_id=thread.id, run_id=done.id).data
    return done, messages[0].content[-1].text.value if messages else ""


def schema_format(strict: bool = True) -> dict:
    return {"type": "json_schema", "json_schema": {"name": "forecast", "schema": CITY, "strict": strict}}


def text_format(strict: bool = True) -> dict:
    return {"format": {"type": "json_schema", "name": "forecast", "schema": CITY, "strict": strict}}


# -- structured outputs, once for every family ---------------------------------------------------------


def test_the_scripted_model_answers_a_run_in_the_schema_it_was_given(client):
    run, text = run_reply(client, response_format=schema_format())
    assert run.status == "completed"
    value = json.loads(text)
    assert set(value) == {"city", "days"} and isinstance(value["days"], int)


def test_the_scripted_model_answers_a_response_in_the_schema_it_was_given(client):
    response = client.responses.create(model="gpt-4o", input="Weather in Paris for 3 days", text=text_format())
    value = json.loads(response.output_text)
    assert set(value) == {"city", "days"} and isinstance(value["days"], int)


@pytest.mark.parametrize("model", [Writes("It is sunny."), StreamsText("It is sunny.")], ids=["whole", "streamed"])
def test_a_backend_that_ignores_a_strict_schema_fails_the_run_and_the_response_alike(tmp_path, model):
    with serve(tmp_path / "own.db", model) as (base, _):
        client = OpenAI(base_url=base, api_key="sk-test", max_retries=0)
        run, text = run_reply(client, response_format=schema_format())
        assert run.status == "failed" and run.last_error.code == "server_error" and "JSON schema" in run.last_error.message
        assert "sunny" not in text  # nobody saw text that breaks the format
        response = client.responses.create(model="gpt-4o", input="Weather?", text=text_format())
        assert response.status == "failed" and "JSON schema" in response.error.message
        assert not any(item.type == "message" for item in response.output)


@pytest.mark.parametrize("model", [Writes("It is sunny."), StreamsText("It is sunny.")], ids=["whole", "streamed"])
def test_json_object_mode_wraps_plain_text_and_a_loose_schema_lets_it_pass(tmp_path, model):
    with serve(tmp_path / "own.db", model) as (base, _):
        client = OpenAI(base_url=base, api_key="sk-test", max_retries=0)
        run, text = run_reply(client, response_format={"type": "json_object"})
        assert run.status == "completed" and json.loads(text) == {"answer": model.text}
        response = client.responses.create(model="gpt-4o", input="Weather?", text={"format": {"type": "json_object"}})
        assert json.loads(response.output_text) == {"answer": model.text}
        loose = client.responses.create(model="gpt-4o", input="Weather?", text=text_format(strict=False))
        assert loose.status == "completed" and loose.output_text == model.text


def test_a_valid_reply_passes_untouched(tmp_path):
    answer = json.dumps({"city": "Paris", "days": 3})
    with serve(tmp_path / "own.db", StreamsText(answer)) as (base, _):
        client = OpenAI(base_url=base, api_key="sk-test", max_retries=0)
        run, text = run_reply(client, response_format=schema_format())
        assert run.status == "completed" and json.loads(text) == {"city": "Paris", "days": 3}
        assert (run.usage.prompt_tokens, run.usage.completion_tokens) == (5, 3)  # the backend's own counts


# -- one step limit --------------------------------------------------------------------------------------


def test_the_step_limit_ends_a_run_and_a_response_the_same_way(tmp_path):
    with serve(tmp_path / "own.db", LoopsForever()) as (base, _):
        client = OpenAI(base_url=base, api_key="sk-test", max_retries=0)
        assistant = client.beta.assistants.create(model="gpt-4o", tools=[{"type": "code_interpreter"}])
        thread = client.beta.threads.create(messages=[{"role": "user", "content": "count"}])
        run = client.beta.threads.runs.create_and_poll(thread_id=thread.id, assistant_id=assistant.id)
        steps = client.beta.threads.runs.steps.list(thread_id=thread.id, run_id=run.id, limit=100).data
        response = client.responses.create(model="gpt-4o", input="count", tools=[{"type": "code_interpreter", "container": {"type": "auto"}}])
        assert run.status == response.status == "failed"
        assert run.last_error.message == response.error.message == "The model made more than 8 steps without an answer."
        assert len(steps) == 8 and len([item for item in response.output if item.type == "code_interpreter_call"]) == 8
        assert run.usage.completion_tokens == response.usage.output_tokens > 0


def test_text_before_a_function_call_is_kept_when_a_json_format_is_asked_for(tmp_path):
    """Under a JSON format the driver holds streamed text back to check it; text that leads to a tool call is no
    reply to format, and the call must not be lost."""
    lookup = {"type": "function", "function": {"name": "lookup", "parameters": {"type": "object", "properties": {"q": {"type": "string"}}}}}
    with serve(tmp_path / "own.db", SpeaksThenCalls()) as (base, _):
        client = OpenAI(base_url=base, api_key="sk-test", max_retries=0)
        assistant = client.beta.assistants.create(model="gpt-4o", tools=[lookup])
        thread = client.beta.threads.create(messages=[{"role": "user", "content": "look it up"}])
        run = client.beta.threads.runs.create_and_poll(thread_id=thread.id, assistant_id=assistant.id, response_format={"type": "json_object"})
        assert run.status == "requires_action"
        [call] = run.required_action.submit_tool_outputs.tool_calls
        said = client.beta.threads.messages.list(thread_id=thread.id, run_id=run.id).data
        assert [m.content[0].text.value for m in said] == ["Let me look that up."]
        run = client.beta.threads.runs.submit_tool_outputs_and_poll(thread_id=thread.id, run_id=run.id, tool_outputs=[{"tool_call_id": call.id, "output": "42"}])
        assert run.status == "completed"
        reply = client.beta.threads.messages.list(thread_id=thread.id, run_id=run.id).data[0].content[0].text.value
        assert json.loads(reply) == {"answer": "42"}
