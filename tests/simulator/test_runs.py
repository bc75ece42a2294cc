"""Runs through the SDK: the seed's create_and_poll, every status of the machine, every override, every error."""

import asyncio
import json
import threading
import time

import openai
import pytest
from openai import OpenAI
from openai.types.beta.threads import Run

from simulator.model import Finish, TextDelta
from tests.support.in_process import serve

SEED_INSTRUCTIONS = "你叫小U,你是JAVA技术框架 UAP的助手,你负责回答用户关于UAP的问题。"
LONG_PROMPT = "请详细讲讲 run 的生命周期"
GET_WEATHER = {"type": "function", "function": {"name": "get_weather", "description": "The weather in a city.", "parameters": {"type": "object", "properties": {"city": {"type": "string"}}, "required": ["city"]}}}
FORCE_WEATHER = {"type": "function", "function": {"name": "get_weather"}}
RUN_FIELDS = {
    "id", "object", "created_at", "thread_id", "assistant_id", "status", "required_action", "last_error", "expires_at",
    "started_at", "cancelled_at", "failed_at", "completed_at", "incomplete_details", "model", "instructions", "tools",
    "metadata", "usage", "temperature", "top_p", "max_prompt_tokens", "max_completion_tokens", "truncation_strategy",
    "tool_choice", "parallel_tool_calls", "response_format",
}


@pytest.fixture
def assistant(client):
    return client.beta.assistants.create(name="小U", instructions=SEED_INSTRUCTIONS, model="gpt-4-turbo")


def ask(client, text: str) -> str:
    return client.beta.threads.create(messages=[{"role": "user", "content": text}]).id


def reply_of(client, thread_id: str, run_id: str):
    messages = client.beta.threads.messages.list(thread_id=thread_id, run_id=run_id).data
    assert len(messages) == 1 and messages[0].role == "assistant"
    return messages[0]


def raw_run(client, thread_id: str, run_id: str) -> dict:
    return json.loads(client.beta.threads.runs.with_raw_response.retrieve(run_id=run_id, thread_id=thread_id).text)


def check_consistent(client, run: Run) -> None:
    """Timestamps, usage and details as the real API gave them for the run's status."""
    raw = raw_run(client, run.thread_id, run.id)
    assert set(raw) == RUN_FIELDS
    status = raw["status"]
    stamps = {"completed": {"completed_at"}, "incomplete": {"completed_at"}, "failed": {"failed_at"}, "cancelled": {"cancelled_at"}, "expired": set()}[status]
    for stamp in ("completed_at", "failed_at", "cancelled_at"):
        assert (raw[stamp] is not None) == (stamp in stamps), (status, stamp)
        if raw[stamp] is not None:
            assert raw[stamp] >= raw["created_at"]
    # The deadline is cleared when a run ends, except for the run that missed it.
    assert (raw["expires_at"] is not None) == (status == "expired")
    assert raw["required_action"] is None
    assert (raw["last_error"] is not None) == (status == "failed")
    assert (raw["incomplete_details"] is not None) == (status == "incomplete")
    # Usage on every terminal status: the sum of the run's steps.
    steps = client.beta.threads.runs.steps.list(run_id=run.id, thread_id=run.thread_id).data
    spent = [s.usage for s in steps if s.usage is not None]
    usage = raw["usage"]
    assert usage == {
        "prompt_tokens": sum(u.prompt_tokens for u in spent),
        "completion_tokens": sum(u.completion_tokens for u in spent),
        "total_tokens": sum(u.total_tokens for u in spent),
    }


def statuses_seen_by_polling(client, thread_id: str, run: Run) -> list[str]:
    """What a hand-written polling loop prints: each status the first time it shows."""
    seen = [run.status]
    while run.status in ("queued", "in_progress", "cancelling"):
        run = client.beta.threads.runs.retrieve(run_id=run.id, thread_id=thread_id)
        if run.status != seen[-1]:
            seen.append(run.status)
    return seen


# -- the seed's code and the happy path -----------------------------------------------------------


def test_the_seeds_create_and_poll_code_runs_unchanged(client, assistant):
    thread = client.beta.threads.create(messages=[{"role": "user", "content": "你好"}, {"role": "assistant", "content": "有什么可以帮您?"}, {"role": "user", "content": "你是谁?"}])
    assistant_id = assistant.id  # the seed copies it from the Playground
    run = client.beta.threads.runs.create_and_poll(
        thread_id=thread.id,
        assistant_id=assistant_id,
    )
    assert run.status == "completed"
    messages = client.beta.threads.messages.list(thread_id=thread.id)
    answer = messages.data[0]
    assert answer.role == "assistant" and answer.run_id == run.id and answer.assistant_id == assistant.id and answer.status == "completed"
    assert answer.content[0].text.value.startswith("我是小U")  # it answers as 小U, from the instructions
    assert [m.role for m in messages.data] == ["assistant", "user", "assistant", "user"]
    assert run.instructions == SEED_INSTRUCTIONS and run.model == "gpt-4-turbo" and run.tools == []
    assert run.started_at is not None and run.usage.total_tokens > 0
    check_consistent(client, run)


def test_create_returns_queued_with_the_spec_fields(client, assistant):
    thread_id = ask(client, "你是谁?")
    response = client.beta.threads.runs.with_raw_response.create(thread_id=thread_id, assistant_id=assistant.id)
    raw = json.loads(response.text)
    assert set(raw) == RUN_FIELDS
    assert raw["object"] == "thread.run" and raw["status"] == "queued" and raw["id"].startswith("run_")
    assert raw["started_at"] is None and raw["usage"] is None and raw["required_action"] is None
    assert raw["expires_at"] == raw["created_at"] + 600  # the real API gave runs ten minutes
    assert raw["truncation_strategy"] == {"type": "auto", "last_messages": None}
    assert raw["tool_choice"] == "auto" and raw["parallel_tool_calls"] is True and raw["response_format"] == "auto"
    assert raw["temperature"] == 1.0 and raw["top_p"] == 1.0
    client.beta.threads.runs.poll(run_id=raw["id"], thread_id=thread_id)


def test_responses_tell_pollers_to_come_back_soon(client, assistant):
    thread_id = ask(client, "你是谁?")
    created = client.beta.threads.runs.with_raw_response.create(thread_id=thread_id, assistant_id=assistant.id)
    assert created.headers["openai-poll-after-ms"] == "25"
    run = created.parse()
    retrieved = client.beta.threads.runs.with_raw_response.retrieve(run_id=run.id, thread_id=thread_id)
    assert retrieved.headers["openai-poll-after-ms"] == "25"
    client.beta.threads.runs.poll(run_id=run.id, thread_id=thread_id)


def test_create_and_poll_is_not_told_to_sleep_a_second(base_url, assistant):
    client = OpenAI(base_url=base_url, api_key="sk-test", max_retries=0)
    sleeps: list[float] = []
    client.beta.threads.runs._sleep = sleeps.append  # the poll helper's only way to wait
    run = client.beta.threads.runs.create_and_poll(thread_id=ask(client, "你是谁?"), assistant_id=assistant.id)
    assert run.status == "completed"
    # The poll helper's requests are long polls: its first poll already finds the run completed.
    assert sleeps == []


def test_the_poll_helper_waits_out_pacing_with_short_sleeps(tmp_simulator):
    simulator = tmp_simulator(env={"SIMULATOR_QUEUED_DELAY": "0.3", "SIMULATOR_IN_PROGRESS_DELAY": "0.6"})
    client = OpenAI(base_url=simulator.base_url, api_key="sk-test", max_retries=0)
    assistant = client.beta.assistants.create(model="gpt-4o", instructions="你叫小U。")
    sleeps: list[float] = []
    client.beta.threads.runs._sleep = sleeps.append
    run = client.beta.threads.runs.create_and_poll(thread_id=ask(client, "你是谁?"), assistant_id=assistant.id)
    assert run.status == "completed"
    # A long poll lasts at most half a second: a slower run takes more than one, never a 1 s sleep.
    assert sleeps and set(sleeps) == {0.025}


def test_a_polling_loop_sees_every_phase(client, assistant):
    for _ in range(3):
        thread_id = ask(client, "你是谁?")
        run = client.beta.threads.runs.create(thread_id=thread_id, assistant_id=assistant.id)
        assert statuses_seen_by_polling(client, thread_id, run) == ["queued", "in_progress", "completed"]


class AnswersWhenLetGo:
    """A streaming model that starts answering only when the test lets it: meanwhile its run is in_progress."""

    def __init__(self) -> None:
        self.asked, self.let_go = threading.Event(), threading.Event()

    async def stream(self, turn):
        self.asked.set()
        await asyncio.to_thread(self.let_go.wait, 60)
        yield TextDelta("Hello from a slow model.")
        yield Finish()


def test_a_poll_that_sees_in_progress_before_the_model_answers_lets_the_run_go_on(tmp_path):
    """The run works out its step before it is held (nobody can see that work), so a poll can land first: it counts."""
    model = AnswersWhenLetGo()
    with serve(tmp_path / "sim.db", model=model, in_progress_hold=600) as (base_url, _):
        client = OpenAI(base_url=base_url, api_key="sk-test", max_retries=0)
        assistant = client.beta.assistants.create(model="gpt-4o")
        thread = client.beta.threads.create(messages=[{"role": "user", "content": "hi"}])
        run = client.beta.threads.runs.create(thread_id=thread.id, assistant_id=assistant.id)
        assert model.asked.wait(60), "the run never asked its model"
        assert client.beta.threads.runs.retrieve(run_id=run.id, thread_id=thread.id).status == "in_progress"
        assert client.beta.threads.messages.list(thread.id, run_id=run.id).data == []  # held: nothing written yet
        model.let_go.set()
        deadline = time.monotonic() + 60  # not the 600 s hold: the poll above already saw it in_progress
        while not [m for m in client.beta.threads.messages.list(thread.id, run_id=run.id).data if m.status == "completed"]:
            assert time.monotonic() < deadline, "the run stayed held after a poll had seen it in_progress"
        assert client.beta.threads.runs.retrieve(run_id=run.id, thread_id=thread.id).status == "completed"


def test_a_run_nobody_polls_moves_by_itself(tmp_simulator, assistant):
    simulator = tmp_simulator(env={"SIMULATOR_IN_PROGRESS_HOLD": "0.2"})
    client = OpenAI(base_url=simulator.base_url, api_key="sk-test", max_retries=0)
    mine = client.beta.assistants.create(name="小U", instructions=SEED_INSTRUCTIONS, model="gpt-4o")
    thread_id = ask(client, "你是谁?")
    client.beta.threads.runs.create(thread_id=thread_id, assistant_id=mine.id)
    deadline = time.monotonic() + 20
    # Never asks about the run itself. The run ends in the same engine step that completes its reply.
    while not any(m.role == "assistant" and m.status == "completed" for m in client.beta.threads.messages.list(thread_id).data):
        assert time.monotonic() < deadline, "the run never moved"
        time.sleep(0.05)
    run = client.beta.threads.runs.list(thread_id).data[0]
    assert run.status == "completed"


def test_the_thread_history_reaches_the_model(client, assistant):
    thread = client.beta.threads.create(messages=[{"role": "user", "content": "第一条"}, {"role": "assistant", "content": "好的"}, {"role": "user", "content": "你能看到几条消息?"}])
    run = client.beta.threads.runs.create_and_poll(thread_id=thread.id, assistant_id=assistant.id)
    assert reply_of(client, thread.id, run.id).content[0].text.value == "我是小U。这次 run 里我能看到 3 条消息,最早的一条是:「第一条」"


def test_create_thread_and_run(client, assistant):
    run = client.beta.threads.create_and_run_poll(assistant_id=assistant.id, thread={"messages": [{"role": "user", "content": "你是谁?"}], "metadata": {"user": "taliux"}})
    assert run.status == "completed"
    assert client.beta.threads.retrieve(run.thread_id).metadata == {"user": "taliux"}
    assert reply_of(client, run.thread_id, run.id).content[0].text.value.startswith("我是小U")
    check_consistent(client, run)


def test_create_thread_and_run_rejects_bad_threads(client, assistant):
    for thread in ({"messages": "hi"}, {"colour": "red"}, {"messages": [{"role": "system", "content": "x"}]}):
        with pytest.raises(openai.BadRequestError):
            client.beta.threads.create_and_run(assistant_id=assistant.id, thread=thread)


# -- overrides ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("override", "expected"),
    [
        ({"model": "gpt-4o-mini"}, {"model": "gpt-4o-mini"}),
        ({"instructions": "你叫小明。"}, {"instructions": "你叫小明。"}),
        ({"additional_instructions": "回答要简短。"}, {"instructions": SEED_INSTRUCTIONS + "\n回答要简短。"}),
        ({"tools": [GET_WEATHER]}, {"tools": [GET_WEATHER | {"function": GET_WEATHER["function"] | {"strict": False}}]}),
        ({"metadata": {"lesson": "04"}}, {"metadata": {"lesson": "04"}}),
        ({"temperature": 0.2, "top_p": 0.5}, {"temperature": 0.2, "top_p": 0.5}),
        ({"tool_choice": "none"}, {"tool_choice": "none"}),
        ({"tools": [GET_WEATHER], "tool_choice": "required", "parallel_tool_calls": False}, {"tool_choice": "required", "parallel_tool_calls": False}),
        ({"max_prompt_tokens": 1000, "max_completion_tokens": 500}, {"max_prompt_tokens": 1000, "max_completion_tokens": 500}),
        ({"truncation_strategy": {"type": "last_messages", "last_messages": 2}}, {"truncation_strategy": {"type": "last_messages", "last_messages": 2}}),
        ({"response_format": {"type": "json_object"}}, {"response_format": {"type": "json_object"}}),
    ],
)
def test_each_override_is_the_runs_own(client, assistant, override, expected):
    thread_id = ask(client, "你好")
    created = client.beta.threads.runs.create(thread_id=thread_id, assistant_id=assistant.id, **override)
    raw = raw_run(client, thread_id, created.id)
    for field, value in expected.items():
        assert raw[field] == value, field
    run = client.beta.threads.runs.poll(run_id=created.id, thread_id=thread_id)
    if run.status == "requires_action":
        client.beta.threads.runs.cancel(run_id=run.id, thread_id=thread_id)
    assert client.beta.assistants.retrieve(assistant.id).instructions == SEED_INSTRUCTIONS  # the assistant is untouched


def test_instructions_override_changes_who_answers(client, assistant):
    thread_id = ask(client, "你是谁?")
    run = client.beta.threads.runs.create_and_poll(thread_id=thread_id, assistant_id=assistant.id, instructions="你叫小明,你是一个数学老师。")
    assert reply_of(client, thread_id, run.id).content[0].text.value.startswith("我是小明")


def test_additional_messages_join_the_thread_before_the_run(client, assistant):
    thread = client.beta.threads.create()
    run = client.beta.threads.runs.create_and_poll(thread_id=thread.id, assistant_id=assistant.id, additional_messages=[{"role": "user", "content": "第一条"}, {"role": "user", "content": "你能看到几条消息?"}])
    assert reply_of(client, thread.id, run.id).content[0].text.value.endswith("2 条消息,最早的一条是:「第一条」")
    assert [m.role for m in client.beta.threads.messages.list(thread.id, order="asc").data] == ["user", "user", "assistant"]


def test_truncation_last_messages_changes_what_the_model_sees(client, assistant):
    thread = client.beta.threads.create(messages=[{"role": "user", "content": "第一条"}, {"role": "assistant", "content": "好的"}, {"role": "user", "content": "你能看到几条消息?"}])
    run = client.beta.threads.runs.create_and_poll(thread_id=thread.id, assistant_id=assistant.id, truncation_strategy={"type": "last_messages", "last_messages": 1})
    assert reply_of(client, thread.id, run.id).content[0].text.value == "我是小U。这次 run 里我能看到 1 条消息,最早的一条是:「你能看到几条消息?」"


def test_max_prompt_tokens_drops_the_oldest_messages(client, assistant):
    filler = "这是一段很长的历史消息。" * 30  # 360 tokens: one of these alone is over the limit below
    thread = client.beta.threads.create(messages=[{"role": "user", "content": filler}, {"role": "user", "content": "你能看到几条消息?"}])
    run = client.beta.threads.runs.create_and_poll(thread_id=thread.id, assistant_id=assistant.id, max_prompt_tokens=256)
    assert run.status == "completed" and run.usage.prompt_tokens <= 256
    assert reply_of(client, thread.id, run.id).content[0].text.value.endswith("1 条消息,最早的一条是:「你能看到几条消息?」")
    full = client.beta.threads.create(messages=[{"role": "user", "content": filler}, {"role": "user", "content": "你能看到几条消息?"}])
    run = client.beta.threads.runs.create_and_poll(thread_id=full.id, assistant_id=assistant.id)
    assert "2 条消息" in reply_of(client, full.id, run.id).content[0].text.value and run.usage.prompt_tokens > 256


@pytest.mark.parametrize(
    ("override", "param", "code"),
    [
        ({"max_completion_tokens": 255}, "max_completion_tokens", "integer_below_min_value"),
        ({"max_prompt_tokens": 100}, "max_prompt_tokens", "integer_below_min_value"),
        ({"max_completion_tokens": "many"}, "max_completion_tokens", "invalid_type"),
        ({"temperature": 2.5}, "temperature", "decimal_above_max_value"),
        ({"top_p": -0.1}, "top_p", "decimal_below_min_value"),
        ({"tool_choice": "always"}, "tool_choice", "invalid_value"),
        ({"tool_choice": FORCE_WEATHER}, "tool_choice", "invalid_value"),  # not among the run's tools
        ({"truncation_strategy": {"type": "last_messages"}}, "truncation_strategy.last_messages", "missing_required_parameter"),
        ({"truncation_strategy": {"type": "first_messages"}}, "truncation_strategy.type", "invalid_value"),
        ({"tools": [{"type": "retrieval"}]}, "tools[0].type", "invalid_value"),
        ({"metadata": {"n": 1}}, "metadata.n", "invalid_type"),
        ({"additional_messages": [{"role": "system", "content": "x"}]}, "additional_messages[0].role", "invalid_value"),
        ({"extra_body": {"colour": "red"}}, "colour", "unknown_parameter"),
    ],
)
def test_bad_overrides_are_400_and_create_nothing(client, assistant, override, param, code):
    thread_id = ask(client, "你好")
    with pytest.raises(openai.BadRequestError) as caught:
        client.beta.threads.runs.create(thread_id=thread_id, assistant_id=assistant.id, **override)
    assert caught.value.body["param"] == param and caught.value.body["code"] == code
    assert client.beta.threads.runs.list(thread_id).data == []
    assert len(client.beta.threads.messages.list(thread_id).data) == 1


def test_unknown_assistant_and_thread_are_404(client, assistant):
    with pytest.raises(openai.NotFoundError) as caught:
        client.beta.threads.runs.create(thread_id=ask(client, "你好"), assistant_id="asst_nope")
    assert caught.value.body["message"] == "No assistant found with id 'asst_nope'." and caught.value.body["param"] == "assistant_id"
    with pytest.raises(openai.NotFoundError):
        client.beta.threads.runs.create(thread_id="thread_nope", assistant_id=assistant.id)
    with pytest.raises(openai.BadRequestError) as caught:
        client.post(f"/threads/{ask(client, '你好')}/runs", body={}, cast_to=object, options={"headers": {"OpenAI-Beta": "assistants=v2"}})
    assert caught.value.body["param"] == "assistant_id" and caught.value.body["code"] == "missing_required_parameter"


# -- one active run per thread --------------------------------------------------------------------


def test_an_active_run_blocks_a_second_run_and_new_messages(client, assistant):
    thread_id = ask(client, "你是谁?")
    run = client.beta.threads.runs.create(thread_id=thread_id, assistant_id=assistant.id)
    with pytest.raises(openai.BadRequestError) as caught:
        client.beta.threads.runs.create(thread_id=thread_id, assistant_id=assistant.id)
    assert caught.value.body == {"message": f"Thread {thread_id} already has an active run {run.id}.", "type": "invalid_request_error", "param": None, "code": None}
    with pytest.raises(openai.BadRequestError) as caught:
        client.beta.threads.messages.create(thread_id, role="user", content="再问一句")
    assert caught.value.body["message"] == f"Can't add messages to {thread_id} while a run {run.id} is active."
    assert client.beta.threads.runs.poll(run_id=run.id, thread_id=thread_id).status == "completed"
    client.beta.threads.messages.create(thread_id, role="user", content="你都能做什么?")  # free again
    # The thread's newest run holds it now, not the first one, which ended.
    second = client.beta.threads.runs.create(thread_id=thread_id, assistant_id=assistant.id)
    with pytest.raises(openai.BadRequestError) as caught:
        client.beta.threads.runs.create(thread_id=thread_id, assistant_id=assistant.id)
    assert caught.value.body["message"] == f"Thread {thread_id} already has an active run {second.id}."
    assert client.beta.threads.runs.poll(run_id=second.id, thread_id=thread_id).status == "completed"
    assert client.beta.threads.runs.create_and_poll(thread_id=thread_id, assistant_id=assistant.id).status == "completed"


def test_a_run_waiting_for_tool_outputs_is_active_too(client, assistant):
    thread_id = ask(client, "北京天气怎么样?")
    run = client.beta.threads.runs.create_and_poll(thread_id=thread_id, assistant_id=assistant.id, tools=[GET_WEATHER], tool_choice=FORCE_WEATHER)
    assert run.status == "requires_action" and run.usage is None  # usage waits for the end
    assert run.required_action.submit_tool_outputs.tool_calls[0].function.name == "get_weather"
    with pytest.raises(openai.BadRequestError):
        client.beta.threads.messages.create(thread_id, role="user", content="算了")
    run = client.beta.threads.runs.submit_tool_outputs_and_poll(run_id=run.id, thread_id=thread_id, tool_outputs=[{"tool_call_id": run.required_action.submit_tool_outputs.tool_calls[0].id, "output": "晴,25°C"}])
    assert run.status == "completed"
    check_consistent(client, run)


# -- list, retrieve, update -------------------------------------------------------------------------


def test_list_runs_newest_first_with_cursors(client, assistant):
    thread_id = ask(client, "你好")
    ids = []
    for _ in range(3):
        ids.append(client.beta.threads.runs.create_and_poll(thread_id=thread_id, assistant_id=assistant.id).id)
    first = client.beta.threads.runs.list(thread_id, limit=2)
    assert [r.id for r in first.data] == ids[::-1][:2] and first.has_more is True
    rest = client.beta.threads.runs.list(thread_id, limit=2, after=first.data[-1].id)
    assert [r.id for r in rest.data] == [ids[0]] and rest.has_more is False
    assert [r.id for r in client.beta.threads.runs.list(thread_id, order="asc")] == ids
    assert [r.id for r in client.beta.threads.runs.list(thread_id, limit=1)] == ids[::-1]  # the SDK pages on
    with pytest.raises(openai.BadRequestError):
        client.beta.threads.runs.list(thread_id, limit=101)


def test_retrieve_and_update_metadata(client, assistant):
    thread_id = ask(client, "你好")
    run = client.beta.threads.runs.create_and_poll(thread_id=thread_id, assistant_id=assistant.id, metadata={"a": "1"})
    assert client.beta.threads.runs.retrieve(run_id=run.id, thread_id=thread_id) == run
    updated = client.beta.threads.runs.update(run_id=run.id, thread_id=thread_id, metadata={"reviewed": "yes"})
    assert updated.metadata == {"reviewed": "yes"} and updated.status == "completed"
    assert client.beta.threads.runs.retrieve(run_id=run.id, thread_id=thread_id).metadata == {"reviewed": "yes"}
    with pytest.raises(openai.BadRequestError) as caught:
        client.beta.threads.runs.update(run_id=run.id, thread_id=thread_id, extra_body={"status": "cancelled"})
    assert caught.value.body["code"] == "unknown_parameter"
    with pytest.raises(openai.NotFoundError):
        client.beta.threads.runs.retrieve(run_id="run_nope", thread_id=thread_id)
    with pytest.raises(openai.NotFoundError):  # a run is found only under its own thread
        client.beta.threads.runs.retrieve(run_id=run.id, thread_id=ask(client, "你好"))


# -- cancel -----------------------------------------------------------------------------------------


def test_cancel_a_run_before_it_answers(client, assistant):
    thread_id = ask(client, "你是谁?")
    run = client.beta.threads.runs.create(thread_id=thread_id, assistant_id=assistant.id)
    cancelling = client.beta.threads.runs.cancel(run_id=run.id, thread_id=thread_id)
    assert cancelling.status == "cancelling" and cancelling.cancelled_at is None
    run = client.beta.threads.runs.poll(run_id=run.id, thread_id=thread_id)
    assert run.status == "cancelled" and run.cancelled_at is not None
    assert client.beta.threads.messages.list(thread_id, run_id=run.id).data == []
    check_consistent(client, run)
    with pytest.raises(openai.BadRequestError) as caught:
        client.beta.threads.runs.cancel(run_id=run.id, thread_id=thread_id)
    assert caught.value.body["message"] == "Cannot cancel run with status 'cancelled'."


def test_cancel_while_it_types_stops_the_message(tmp_simulator):
    simulator = tmp_simulator(env={"SIMULATOR_TOKEN_DELAY": "0.05"})
    client = OpenAI(base_url=simulator.base_url, api_key="sk-test", max_retries=0)
    assistant = client.beta.assistants.create(name="小U", instructions=SEED_INSTRUCTIONS, model="gpt-4o")
    thread_id = ask(client, LONG_PROMPT)
    run = client.beta.threads.runs.create(thread_id=thread_id, assistant_id=assistant.id)
    while not client.beta.threads.messages.list(thread_id, run_id=run.id).data or not client.beta.threads.messages.list(thread_id, run_id=run.id).data[0].content:
        assert client.beta.threads.runs.retrieve(run_id=run.id, thread_id=thread_id).status in ("queued", "in_progress")
    assert client.beta.threads.runs.cancel(run_id=run.id, thread_id=thread_id).status == "cancelling"
    run = client.beta.threads.runs.poll(run_id=run.id, thread_id=thread_id)
    assert run.status == "cancelled"
    message = reply_of(client, thread_id, run.id)
    assert message.status == "incomplete" and message.incomplete_details.reason == "run_cancelled"
    assert 0 < len(message.content[0].text.value) < 400
    step = client.beta.threads.runs.steps.list(run_id=run.id, thread_id=thread_id).data[0]
    assert step.status == "cancelled" and step.cancelled_at is not None and step.usage is None
    check_consistent(client, run)


def test_cancel_a_run_waiting_for_tool_outputs(client, assistant):
    thread_id = ask(client, "北京天气怎么样?")
    run = client.beta.threads.runs.create_and_poll(thread_id=thread_id, assistant_id=assistant.id, tools=[GET_WEATHER], tool_choice=FORCE_WEATHER)
    assert run.status == "requires_action"
    assert client.beta.threads.runs.cancel(run_id=run.id, thread_id=thread_id).status == "cancelling"
    run = client.beta.threads.runs.poll(run_id=run.id, thread_id=thread_id)
    assert run.status == "cancelled" and run.required_action is None
    step = client.beta.threads.runs.steps.list(run_id=run.id, thread_id=thread_id).data[0]
    assert step.type == "tool_calls" and step.status == "cancelled" and step.usage.completion_tokens > 0
    check_consistent(client, run)
    with pytest.raises(openai.BadRequestError):
        client.beta.threads.runs.submit_tool_outputs(run_id=run.id, thread_id=thread_id, tool_outputs=[{"tool_call_id": "call_x", "output": "x"}])


def test_a_finished_run_cannot_be_cancelled(client, assistant):
    thread_id = ask(client, "你好")
    run = client.beta.threads.runs.create_and_poll(thread_id=thread_id, assistant_id=assistant.id)
    with pytest.raises(openai.BadRequestError) as caught:
        client.beta.threads.runs.cancel(run_id=run.id, thread_id=thread_id)
    assert caught.value.body["message"] == "Cannot cancel run with status 'completed'."


# -- failed, expired, incomplete: produced for real ------------------------------------------------


@pytest.mark.parametrize(("prompt", "code"), [("请模拟一次失败的 run", "server_error"), ("请模拟额度用完", "rate_limit_exceeded")])
def test_failed(client, assistant, prompt, code):
    thread_id = ask(client, prompt)
    run = client.beta.threads.runs.create(thread_id=thread_id, assistant_id=assistant.id)
    assert statuses_seen_by_polling(client, thread_id, run) == ["queued", "in_progress", "failed"]
    run = client.beta.threads.runs.retrieve(run_id=run.id, thread_id=thread_id)
    assert run.last_error.code == code and "on purpose" in run.last_error.message
    assert run.failed_at is not None and run.usage.total_tokens == 0
    check_consistent(client, run)
    client.beta.threads.messages.create(thread_id, role="user", content="你是谁?")  # the thread is usable again
    assert client.beta.threads.runs.create_and_poll(thread_id=thread_id, assistant_id=assistant.id).status == "completed"


def test_expired_while_in_progress(client, assistant):
    thread_id = ask(client, "请模拟一次过期的 run")
    run = client.beta.threads.runs.create(thread_id=thread_id, assistant_id=assistant.id)
    assert statuses_seen_by_polling(client, thread_id, run) == ["queued", "in_progress", "expired"]
    run = client.beta.threads.runs.retrieve(run_id=run.id, thread_id=thread_id)
    assert run.expires_at <= int(time.time()) and run.last_error is None and run.usage is not None
    check_consistent(client, run)


def test_a_run_left_in_requires_action_expires(tmp_simulator):
    # Two seconds: timestamps are whole seconds, so that leaves the run at least one to get to requires_action.
    simulator = tmp_simulator(env={"SIMULATOR_RUN_EXPIRY_SECONDS": "2"})
    client = OpenAI(base_url=simulator.base_url, api_key="sk-test", max_retries=0)
    assistant = client.beta.assistants.create(name="小U", instructions=SEED_INSTRUCTIONS, model="gpt-4o", tools=[GET_WEATHER])
    thread_id = ask(client, "北京天气怎么样?")
    run = client.beta.threads.runs.create_and_poll(thread_id=thread_id, assistant_id=assistant.id, tool_choice=FORCE_WEATHER)
    assert run.status == "requires_action" and run.expires_at == run.created_at + 2
    while run.status == "requires_action":
        time.sleep(0.1)
        run = client.beta.threads.runs.retrieve(run_id=run.id, thread_id=thread_id)
    assert run.status == "expired" and run.required_action is None
    step = client.beta.threads.runs.steps.list(run_id=run.id, thread_id=thread_id).data[0]
    assert step.status == "expired" and step.expired_at is not None
    check_consistent(client, run)
    with pytest.raises(openai.BadRequestError) as caught:
        client.beta.threads.runs.submit_tool_outputs(run_id=run.id, thread_id=thread_id, tool_outputs=[{"tool_call_id": step.step_details.tool_calls[0].id, "output": "晴"}])
    assert caught.value.body["message"] == 'Runs in status "expired" do not accept tool outputs.'


def test_a_queued_or_in_progress_run_expires_too(tmp_simulator):
    simulator = tmp_simulator(env={"SIMULATOR_RUN_EXPIRY_SECONDS": "2", "SIMULATOR_IN_PROGRESS_DELAY": "30"})
    client = OpenAI(base_url=simulator.base_url, api_key="sk-test", max_retries=0)
    assistant = client.beta.assistants.create(name="小U", instructions=SEED_INSTRUCTIONS, model="gpt-4o")
    thread_id = ask(client, "你是谁?")
    run = client.beta.threads.runs.create(thread_id=thread_id, assistant_id=assistant.id)
    assert statuses_seen_by_polling(client, thread_id, run) == ["queued", "in_progress", "expired"]
    assert client.beta.threads.messages.list(thread_id, run_id=run.id).data == []  # its driver stopped
    check_consistent(client, client.beta.threads.runs.retrieve(run_id=run.id, thread_id=thread_id))


def test_incomplete_at_max_completion_tokens(client, assistant):
    thread_id = ask(client, LONG_PROMPT)
    run = client.beta.threads.runs.create(thread_id=thread_id, assistant_id=assistant.id, max_completion_tokens=256)
    assert statuses_seen_by_polling(client, thread_id, run) == ["queued", "in_progress", "incomplete"]
    run = client.beta.threads.runs.retrieve(run_id=run.id, thread_id=thread_id)
    assert run.incomplete_details.reason == "max_completion_tokens" and run.usage.completion_tokens <= 256
    message = reply_of(client, thread_id, run.id)
    assert message.status == "incomplete" and message.incomplete_details.reason == "max_tokens" and message.incomplete_at is not None
    check_consistent(client, run)
    # Without the limit the same question gets the whole answer, which is longer.
    again = client.beta.threads.create(messages=[{"role": "user", "content": LONG_PROMPT}])
    full = client.beta.threads.runs.create_and_poll(thread_id=again.id, assistant_id=assistant.id)
    assert full.status == "completed" and full.usage.completion_tokens > 256
    whole = reply_of(client, again.id, full.id).content[0].text.value
    assert whole.startswith(message.content[0].text.value) and whole != message.content[0].text.value


def test_incomplete_at_max_prompt_tokens(client, assistant):
    thread_id = ask(client, "你能看到几条消息?" + "很长的问题。" * 60)  # 370 tokens: nothing of the thread fits in 256
    run = client.beta.threads.runs.create(thread_id=thread_id, assistant_id=assistant.id, max_prompt_tokens=256)
    assert statuses_seen_by_polling(client, thread_id, run) == ["queued", "in_progress", "incomplete"]
    run = client.beta.threads.runs.retrieve(run_id=run.id, thread_id=thread_id)
    assert run.incomplete_details.reason == "max_prompt_tokens"
    assert client.beta.threads.messages.list(thread_id, run_id=run.id).data == []
    check_consistent(client, run)


def test_a_deleted_thread_takes_its_runs_with_it(client, assistant):
    thread_id = ask(client, "你好")
    run = client.beta.threads.runs.create(thread_id=thread_id, assistant_id=assistant.id)
    with pytest.raises(openai.BadRequestError):  # not while the run is active
        client.beta.threads.delete(thread_id)
    client.beta.threads.runs.poll(run_id=run.id, thread_id=thread_id)
    client.beta.threads.delete(thread_id)
    with pytest.raises(openai.NotFoundError):
        client.beta.threads.runs.retrieve(run_id=run.id, thread_id=thread_id)


def test_an_update_whose_body_arrives_late_does_not_bring_a_finished_run_back(tmp_simulator):
    """The body of an update is read before the run: a run that ends meanwhile stays ended, its thread free."""
    import json as json_module
    import socket

    simulator = tmp_simulator(env={"SIMULATOR_IN_PROGRESS_DELAY": "0.5"})
    client = OpenAI(base_url=simulator.base_url, api_key="sk-test", max_retries=0)
    assistant = client.beta.assistants.create(model="gpt-4o", instructions="你叫小U。")
    thread_id = ask(client, "你是谁?")
    run = client.beta.threads.runs.create(thread_id=thread_id, assistant_id=assistant.id)
    body = json_module.dumps({"metadata": {"reviewed": "yes"}}).encode()
    with socket.create_connection(("127.0.0.1", simulator.port)) as raw:
        raw.sendall(
            f"POST /v1/threads/{thread_id}/runs/{run.id} HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer sk-test\r\n"
            f"OpenAI-Beta: assistants=v2\r\nContent-Type: application/json\r\nContent-Length: {len(body)}\r\n\r\n".encode()
        )
        assert client.beta.threads.runs.poll(run_id=run.id, thread_id=thread_id).status == "completed"
        raw.sendall(body)
        assert b" 200 " in raw.recv(65536).split(b"\r\n", 1)[0] + b" "
    after = client.beta.threads.runs.retrieve(run_id=run.id, thread_id=thread_id)
    assert after.status == "completed" and after.metadata == {"reviewed": "yes"} and after.completed_at
    client.beta.threads.messages.create(thread_id=thread_id, role="user", content="你好")  # the thread is free
