"""Function calling through the SDK: requires_action, submit_tool_outputs (polled and streamed), the
scripted model's calls over the seed's ask_database, tool_choice and parallel_tool_calls, validation, expiry.
"""

from __future__ import annotations

import contextlib
import io
import json
import sqlite3
import time

import httpx2 as httpx
import jsonschema
import openai
import pytest
from openai import AssistantEventHandler, OpenAI
from typing_extensions import override

from tests.support.sse import read_events, shape

# The seed's 瓜瓜 and its ask_database declaration (创建 Assistant 时声明 Function), verbatim.
SEED_INSTRUCTIONS = "你叫瓜瓜。你是AGI课堂的助手。你只回答跟AI大模型有关的问题。不要跟学生闲聊。每次回答问题前,你要拆解问题并输出一步一步的思考过程。"
ASK_DATABASE = {
    "type": "function",
    "function": {
        "name": "ask_database",
        "description": "Use this function to answer user questions about course schedule. Output should be a fully formed SQL query.",
        "parameters": {
            "type": "object",
            "properties": {
                "query": {
                    "type": "string",
                    "description": "SQL query extracting info to answer the user's question.\nSQL should be written using this database schema:\n\nCREATE TABLE Courses (\n\tid INT AUTO_INCREMENT PRIMARY KEY,\n\tcourse_date DATE NOT NULL,\n\tstart_time TIME NOT NULL,\n\tend_time TIME NOT NULL,\n\tcourse_name VARCHAR(255) NOT NULL,\n\tinstructor VARCHAR(255) NOT NULL\n);\n\nThe query should be returned in plain text, not in JSON.\nThe query should only contain grammars supported by SQLite.",
                }
            },
            "required": ["query"],
        },
    },
}
COMPARE = "张三上几堂课,比李四多上几堂"
AVERAGE = "平均一堂课多长时间"
SEED_ANSWER = "张三上了4堂课,而李四上了1堂课。因此,张三比李四多上了3堂课。"
COUNT_SQL = "SELECT COUNT(*) AS count FROM Courses WHERE instructor = '{}';"


@pytest.fixture
def ask_database():
    """The seed's 创建一个 Function: the Courses table with its 5 rows, in memory."""
    conn = sqlite3.connect(":memory:")
    cursor = conn.cursor()
    cursor.execute(
        """
CREATE TABLE Courses (id INT AUTO_INCREMENT PRIMARY KEY,course_date DATE NOT NULL,start_time TIME NOT NULL,end_time TIME NOT NULL,course_name VARCHAR(255) NOT NULL,instructor VARCHAR(255) NOT NULL
);
"""
    )
    timetable = [
        ("2024-01-23", "20:00", "22:00", "aaaaa", "张三"),
        ("2024-01-25", "20:00", "22:00", "bbbbbbbb", "张三"),
        ("2024-01-29", "20:00", "22:00", "ccccc", "张三"),
        ("2024-02-20", "20:00", "22:00", "dddddd", "张三"),
        ("2024-02-22", "20:00", "22:00", "eeeeeee", "李四"),
    ]
    for record in timetable:
        cursor.execute("INSERT INTO Courses (course_date, start_time, end_time, course_name, instructor) VALUES (?, ?, ?, ?, ?)", record)
    conn.commit()

    def ask_database(query):
        cursor.execute(query)
        return str(cursor.fetchall())

    yield ask_database
    conn.close()


@pytest.fixture(scope="module")
def guagua(base_url):
    client = OpenAI(base_url=base_url, api_key="sk-test", max_retries=0)
    return client.beta.assistants.create(instructions=SEED_INSTRUCTIONS, model="gpt-4o", tools=[ASK_DATABASE])


def ask(client, assistant, question: str, **run_options):
    thread = client.beta.threads.create(messages=[{"role": "user", "content": question}])
    return client.beta.threads.runs.create_and_poll(thread_id=thread.id, assistant_id=assistant.id, **run_options)


def calls_of(run) -> list:
    assert run.status == "requires_action", run.status
    assert run.required_action.type == "submit_tool_outputs"
    return run.required_action.submit_tool_outputs.tool_calls


def answer(client, run) -> str:
    assert run.status == "completed", (run.status, run.last_error)
    message = client.beta.threads.messages.list(thread_id=run.thread_id, run_id=run.id).data[0]
    return message.content[0].text.value


def submit(client, run, outputs: list[str]):
    tool_outputs = [{"tool_call_id": call.id, "output": output} for call, output in zip(calls_of(run), outputs, strict=True)]
    return client.beta.threads.runs.submit_tool_outputs_and_poll(thread_id=run.thread_id, run_id=run.id, tool_outputs=tool_outputs)


def run_functions(run, functions: dict) -> list[str]:
    return [functions[call.function.name](**json.loads(call.function.arguments)) for call in calls_of(run)]


# -- the seed's questions ------------------------------------------------------------------------------


def test_one_call_then_an_answer_from_its_output(client, guagua, ask_database):
    run = ask(client, guagua, AVERAGE)
    [call] = calls_of(run)
    assert call.type == "function" and call.id.startswith("call_") and call.function.name == "ask_database"
    arguments = json.loads(call.function.arguments)
    jsonschema.validate(arguments, ASK_DATABASE["function"]["parameters"])
    output = ask_database(**arguments)  # the SQL it wrote runs on the seed's table
    assert output == "[(120.0,)]"
    done = submit(client, run, [output])
    assert done.required_action is None and done.usage.total_tokens > 0
    assert "120分钟" in answer(client, done) and "2小时" in answer(client, done)

    steps = client.beta.threads.runs.steps.list(thread_id=run.thread_id, run_id=run.id, order="asc").data
    assert [(s.type, s.status) for s in steps] == [("tool_calls", "completed"), ("message_creation", "completed")]
    [recorded] = steps[0].step_details.tool_calls
    assert (recorded.id, recorded.function.arguments, recorded.function.output) == (call.id, call.function.arguments, output)
    assert steps[0].usage.completion_tokens > 0


def test_two_independent_calls_come_in_one_step_and_the_answer_uses_both(client, guagua, ask_database):
    run = ask(client, guagua, COMPARE)
    calls = calls_of(run)
    assert [json.loads(c.function.arguments) for c in calls] == [{"query": COUNT_SQL.format("张三")}, {"query": COUNT_SQL.format("李四")}]
    assert len({c.id for c in calls}) == 2
    outputs = run_functions(run, {"ask_database": ask_database})
    assert outputs == ["[(4,)]", "[(1,)]"]
    assert answer(client, submit(client, run, outputs)) == SEED_ANSWER


@pytest.mark.parametrize(
    ("outputs", "expected"),
    [
        (["[(2,)]", "[(7,)]"], "张三上了2堂课,而李四上了7堂课。因此,张三不比李四多,反而少上了5堂课。"),
        (["[(6,)]", "[(6,)]"], "张三上了6堂课,李四也上了6堂课。因此,张三并不比李四多上课,两人一样多。"),
        (['{"count": 10}', "[(3,)]"], "张三上了10堂课,而李四上了3堂课。因此,张三比李四多上了7堂课。"),
    ],
)
def test_the_answer_is_computed_from_the_submitted_outputs(client, guagua, outputs, expected):
    run = ask(client, guagua, COMPARE)
    assert answer(client, submit(client, run, outputs)) == expected


def test_outputs_without_a_number_get_an_answer_that_quotes_them(client, guagua):
    run = ask(client, guagua, COMPARE)
    text = answer(client, submit(client, run, ["no such table: Courses", "[(1,)]"]))
    assert "no such table: Courses" in text and "[(1,)]" in text


def test_parallel_tool_calls_false_asks_one_call_per_step(client, guagua, ask_database):
    run = ask(client, guagua, COMPARE, parallel_tool_calls=False)
    assert run.parallel_tool_calls is False
    [first] = calls_of(run)
    assert json.loads(first.function.arguments) == {"query": COUNT_SQL.format("张三")}
    run = submit(client, run, run_functions(run, {"ask_database": ask_database}))
    [second] = calls_of(run)
    assert json.loads(second.function.arguments) == {"query": COUNT_SQL.format("李四")} and second.id != first.id
    run = submit(client, run, run_functions(run, {"ask_database": ask_database}))
    assert answer(client, run) == SEED_ANSWER
    steps = client.beta.threads.runs.steps.list(thread_id=run.thread_id, run_id=run.id, order="asc").data
    assert [len(s.step_details.tool_calls) if s.type == "tool_calls" else s.type for s in steps] == [1, 1, "message_creation"]


# -- tool_choice -----------------------------------------------------------------------------------------


def test_tool_choice_none_answers_in_text_without_calling(client, guagua):
    run = ask(client, guagua, COMPARE, tool_choice="none")
    assert run.tool_choice == "none"
    text = answer(client, run)
    assert "ask_database" in text and "4" not in text
    steps = client.beta.threads.runs.steps.list(thread_id=run.thread_id, run_id=run.id).data
    assert [s.type for s in steps] == ["message_creation"]


def test_auto_answers_in_text_when_no_function_fits(client, guagua):
    run = ask(client, guagua, "你是谁")
    assert "瓜瓜" in answer(client, run)


@pytest.mark.parametrize("tool_choice", ["required", {"type": "function", "function": {"name": "ask_database"}}])
def test_required_or_a_named_function_is_called_even_for_an_unknown_prompt(client, guagua, ask_database, tool_choice):
    run = ask(client, guagua, "你是谁", tool_choice=tool_choice)
    [call] = calls_of(run)
    assert call.function.name == "ask_database"
    output = ask_database(**json.loads(call.function.arguments))  # a query that runs on the seed's table
    assert "张三" in output and "李四" in output
    text = answer(client, submit(client, run, [output]))
    assert "ask_database" in text and "eeeeeee" in text  # it replies using the output


def test_a_named_function_wins_over_the_one_the_prompt_fits(client):
    weather = {"type": "function", "function": {"name": "get_weather", "description": "Current weather in a city", "parameters": {"type": "object", "properties": {"city": {"type": "string"}}, "required": ["city"]}}}
    assistant = client.beta.assistants.create(model="gpt-4o", tools=[ASK_DATABASE, weather])
    run = ask(client, assistant, COMPARE, tool_choice={"type": "function", "function": {"name": "get_weather"}})
    assert [c.function.name for c in calls_of(run)] == ["get_weather"]
    assert answer(client, submit(client, run, ["晴 25°C"])).count("晴 25°C") == 1


@pytest.mark.parametrize(
    ("tool_choice", "param", "code"),
    [
        ({"type": "function", "function": {"name": "send_email"}}, "tool_choice", "invalid_value"),
        ({"type": "function"}, "tool_choice.function.name", "missing_required_parameter"),
        ("sometimes", "tool_choice", "invalid_value"),
        ({"type": "code_interpreter"}, "tool_choice", "invalid_value"),
    ],
)
def test_a_tool_choice_the_run_cannot_honour_is_400(client, guagua, tool_choice, param, code):
    thread = client.beta.threads.create(messages=[{"role": "user", "content": COMPARE}])
    with pytest.raises(openai.BadRequestError) as caught:
        client.beta.threads.runs.create(thread_id=thread.id, assistant_id=guagua.id, tool_choice=tool_choice)
    assert caught.value.body["param"] == param and caught.value.body["code"] == code
    assert client.beta.threads.runs.list(thread_id=thread.id).data == []


# -- functions the scripted model has no skill for ----------------------------------------------------------

SCHEMAS = {
    "get_weather": {
        "type": "object",
        "properties": {"location": {"type": "string", "description": "The city and state"}, "unit": {"type": "string", "enum": ["celsius", "fahrenheit"]}},
        "required": ["location", "unit"],
    },
    "book_weather_table": {
        "type": "object",
        "properties": {
            "guests": {"type": "integer", "minimum": 1, "maximum": 12},
            "budget": {"type": "number", "exclusiveMinimum": 0},
            "outdoor": {"type": "boolean"},
            "when": {"type": "object", "properties": {"date": {"type": "string", "format": "date"}, "slot": {"enum": ["lunch", "dinner"]}}, "required": ["date", "slot"], "additionalProperties": False},
            "dishes": {"type": "array", "items": {"type": "string", "minLength": 2}, "minItems": 2, "maxItems": 3},
            "note": {"type": ["string", "null"], "maxLength": 5},
            "contact": {"$ref": "#/$defs/contact"},
        },
        "required": ["guests", "budget", "outdoor", "when", "dishes", "note", "contact"],
        "additionalProperties": False,
        "$defs": {"contact": {"anyOf": [{"type": "null"}, {"type": "object", "properties": {"phone": {"type": "string", "pattern": ".+"}}, "required": ["phone"]}]}},
    },
    "weather_stats": {"type": "object", "properties": {"days": {"type": "integer"}, "cities": {"type": "array", "items": {"type": "string"}}, "detail": {"const": "full"}}, "required": ["days", "detail"]},
}


@pytest.mark.parametrize("name", list(SCHEMAS))
def test_a_fitting_function_is_called_with_arguments_valid_against_its_schema(client, name):
    tools = [{"type": "function", "function": {"name": n, "description": f"{n.replace('_', ' ')} service", "parameters": s}} for n, s in SCHEMAS.items()]
    assistant = client.beta.assistants.create(model="gpt-4o", tools=tools)
    prompt = {"get_weather": "What's the weather in Paris?", "book_weather_table": "Please book a table for 4 guests", "weather_stats": "Show me stats for 7 days"}[name]
    run = ask(client, assistant, prompt)
    [call] = calls_of(run)
    assert call.function.name == name
    arguments = json.loads(call.function.arguments)
    jsonschema.validate(arguments, SCHEMAS[name])
    assert any(str(value) in prompt or value in (4, 7) for value in arguments.values())  # it took something from the prompt
    text = answer(client, submit(client, run, ["42 (from the test)"]))
    assert "42 (from the test)" in text and name in text


def test_strict_functions_get_every_property(client):
    parameters = {"type": "object", "properties": {"city": {"type": "string"}, "days": {"type": "integer"}}, "required": ["city", "days"], "additionalProperties": False}
    assistant = client.beta.assistants.create(model="gpt-4o", tools=[{"type": "function", "function": {"name": "forecast", "parameters": parameters, "strict": True}}])
    [call] = calls_of(ask(client, assistant, "forecast for Berlin, 3 days"))
    assert json.loads(call.function.arguments) == {"city": "forecast for Berlin, 3 days", "days": 3}


def test_an_unrelated_prompt_gets_text_not_a_call(client):
    assistant = client.beta.assistants.create(model="gpt-4o", tools=[{"type": "function", "function": {"name": "get_weather", "description": "Current weather in a city"}}])
    run = ask(client, assistant, "Tell me a joke about cats")
    assert run.status == "completed" and run.required_action is None


# -- submit_tool_outputs: validation loses nothing -----------------------------------------------------------


def error_of(client, run, tool_outputs) -> dict:
    with pytest.raises(openai.BadRequestError) as caught:
        client.beta.threads.runs.submit_tool_outputs(thread_id=run.thread_id, run_id=run.id, tool_outputs=tool_outputs)
    assert caught.value.status_code == 400
    return caught.value.body


def test_every_bad_submission_is_400_and_the_run_keeps_waiting(client, guagua):
    run = ask(client, guagua, COMPARE)
    first, second = (call.id for call in calls_of(run))
    missing = error_of(client, run, [{"tool_call_id": first, "output": "[(4,)]"}])
    assert missing["message"] == f"Expected tool outputs for call_ids {[first, second]}, got {[first]}." and missing["type"] == "invalid_request_error"
    duplicate = error_of(client, run, [{"tool_call_id": first, "output": "1"}, {"tool_call_id": first, "output": "2"}, {"tool_call_id": second, "output": "3"}])
    assert duplicate["param"] == "tool_outputs[1].tool_call_id" and "already" in duplicate["message"]
    unknown = error_of(client, run, [{"tool_call_id": "call_nope", "output": "1"}, {"tool_call_id": second, "output": "2"}])
    assert unknown["param"] == "tool_outputs[0].tool_call_id" and "call_nope" in unknown["message"]
    assert error_of(client, run, [])["message"] == f"Expected tool outputs for call_ids {[first, second]}, got []."
    wrong_types = [
        ([{"tool_call_id": 7, "output": "1"}], "tool_outputs[0].tool_call_id"),
        ([{"tool_call_id": first, "output": 4}, {"tool_call_id": second, "output": "1"}], "tool_outputs[0].output"),
        (["[(4,)]"], "tool_outputs[0]"),
        ([{"output": "1"}], "tool_outputs[0].tool_call_id"),
        ([{"tool_call_id": first, "output": "1", "extra": True}], "tool_outputs[0].extra"),
    ]
    for tool_outputs, param in wrong_types:
        assert error_of(client, run, tool_outputs)["param"] == param
    with pytest.raises(openai.BadRequestError) as caught:
        client.beta.threads.runs.submit_tool_outputs(thread_id=run.thread_id, run_id=run.id, tool_outputs="[(4,)]")
    assert caught.value.body["param"] == "tool_outputs"
    with pytest.raises(openai.BadRequestError) as caught:
        client.post(f"/threads/{run.thread_id}/runs/{run.id}/submit_tool_outputs", body={}, cast_to=object, options={"headers": {"OpenAI-Beta": "assistants=v2"}})
    assert caught.value.body["code"] == "missing_required_parameter"

    still = client.beta.threads.runs.retrieve(thread_id=run.thread_id, run_id=run.id)
    assert still.status == "requires_action" and [c.id for c in calls_of(still)] == [first, second]
    # Outputs in any order are fine.
    done = client.beta.threads.runs.submit_tool_outputs_and_poll(thread_id=run.thread_id, run_id=run.id, tool_outputs=[{"tool_call_id": second, "output": "[(1,)]"}, {"tool_call_id": first, "output": "[(4,)]"}])
    assert answer(client, done) == SEED_ANSWER


def test_outputs_are_accepted_once(client, guagua):
    run = ask(client, guagua, AVERAGE)
    [call] = calls_of(run)
    client.beta.threads.runs.submit_tool_outputs_and_poll(thread_id=run.thread_id, run_id=run.id, tool_outputs=[{"tool_call_id": call.id, "output": "[(120.0,)]"}])
    body = error_of(client, run, [{"tool_call_id": call.id, "output": "[(120.0,)]"}])
    assert body["message"] == 'Runs in status "completed" do not accept tool outputs.'


def test_a_run_that_never_called_a_function_accepts_no_outputs(client, guagua):
    run = ask(client, guagua, "你是谁")
    assert run.status == "completed"
    assert error_of(client, run, [{"tool_call_id": "call_x", "output": "1"}])["message"] == 'Runs in status "completed" do not accept tool outputs.'


def test_unknown_run_is_404(client, guagua):
    thread = client.beta.threads.create()
    with pytest.raises(openai.NotFoundError):
        client.beta.threads.runs.submit_tool_outputs(thread_id=thread.id, run_id="run_missing", tool_outputs=[])


def test_cancel_while_waiting_for_outputs(client, guagua):
    run = ask(client, guagua, AVERAGE)
    client.beta.threads.runs.cancel(thread_id=run.thread_id, run_id=run.id)
    deadline = time.monotonic() + 10
    while (run := client.beta.threads.runs.retrieve(thread_id=run.thread_id, run_id=run.id)).status != "cancelled" and time.monotonic() < deadline:
        time.sleep(0.05)
    assert run.status == "cancelled" and run.required_action is None
    [step] = client.beta.threads.runs.steps.list(thread_id=run.thread_id, run_id=run.id).data
    assert step.status == "cancelled"
    assert error_of(client, run, [{"tool_call_id": "call_x", "output": "1"}])["message"] == 'Runs in status "cancelled" do not accept tool outputs.'


# -- expiry ------------------------------------------------------------------------------------------------


def stored_status(db, run_id: str) -> str | None:
    """A run's status as the simulator stored it, read from its database file: asking the server would be polling it."""
    with contextlib.closing(sqlite3.connect(f"file:{db}?mode=ro", uri=True)) as connection:
        row = connection.execute("SELECT body FROM objects WHERE id = ?", (run_id,)).fetchone()
    return json.loads(row[0])["status"] if row else None


def test_a_run_left_waiting_past_expires_at_expires(tmp_simulator):
    simulator = tmp_simulator(env={"SIMULATOR_RUN_EXPIRY_SECONDS": "2"})
    client = OpenAI(base_url=simulator.base_url, api_key="sk-test", max_retries=0)
    assistant = client.beta.assistants.create(model="gpt-4o", tools=[ASK_DATABASE])
    run = ask(client, assistant, AVERAGE)
    assert run.status == "requires_action" and run.expires_at - run.created_at == 2
    thread = client.beta.threads.create(messages=[{"role": "user", "content": COMPARE}])
    other = client.beta.threads.runs.create_and_poll(thread_id=thread.id, assistant_id=assistant.id)
    # Nobody polls `other` meanwhile: the simulator expires waiting runs on its own, as the real API did.
    # Its status is read from the database file (every 50 ms, for up to 30 s), which asks the server nothing.
    deadline = time.monotonic() + 30
    while stored_status(simulator.db, other.id) != "expired":
        assert time.monotonic() < deadline, f"still {stored_status(simulator.db, other.id)} 30 s later"
        time.sleep(0.05)
    listed = client.beta.threads.runs.list(thread_id=thread.id).data[0]
    assert listed.id == other.id and listed.status == "expired"
    expired = client.beta.threads.runs.retrieve(thread_id=run.thread_id, run_id=run.id)
    assert expired.status == "expired" and expired.required_action is None
    [step] = client.beta.threads.runs.steps.list(thread_id=run.thread_id, run_id=run.id).data
    assert step.status == "expired" and step.expired_at is not None
    [call] = calls_of(run)
    body = error_of(client, run, [{"tool_call_id": call.id, "output": "[(120.0,)]"}])
    assert body["message"] == 'Runs in status "expired" do not accept tool outputs.'
    # The thread is free again.
    assert client.beta.threads.runs.create_and_poll(thread_id=run.thread_id, assistant_id=assistant.id, tool_choice="none").status == "completed"


# -- streaming ---------------------------------------------------------------------------------------------


def test_streamed_submit_continues_the_run_to_completed_then_done(base_url, client, guagua):
    thread = client.beta.threads.create(messages=[{"role": "user", "content": COMPARE}])
    headers = {"Authorization": "Bearer sk-test", "OpenAI-Beta": "assistants=v2"}
    with httpx.Client(base_url=base_url, headers=headers, timeout=30) as http:
        with http.stream("POST", f"/threads/{thread.id}/runs", json={"assistant_id": guagua.id, "stream": True}) as response:
            first = read_events(response)
        assert shape(first) == [
            "thread.run.created",
            "thread.run.queued",
            "thread.run.in_progress",
            "thread.run.step.created",
            "thread.run.step.in_progress",
            "thread.run.step.delta…",
            "thread.run.requires_action",
            "done",
        ]
        run = first[-2][1]
        calls = run["required_action"]["submit_tool_outputs"]["tool_calls"]
        outputs = [{"tool_call_id": call["id"], "output": output} for call, output in zip(calls, ["[(4,)]", "[(1,)]"], strict=True)]
        path = f"/threads/{thread.id}/runs/{run['id']}/submit_tool_outputs"
        with http.stream("POST", path, json={"tool_outputs": outputs, "stream": True}) as response:
            assert response.status_code == 200 and response.headers["content-type"].startswith("text/event-stream")
            after = read_events(response)
    assert shape(after) == [
        "thread.run.step.completed",
        "thread.run.queued",
        "thread.run.in_progress",
        "thread.run.step.created",
        "thread.run.step.in_progress",
        "thread.message.created",
        "thread.message.in_progress",
        "thread.message.delta…",
        "thread.message.completed",
        "thread.run.step.completed",
        "thread.run.completed",
        "done",
    ]
    assert after[-1][1] == "[DONE]"
    tool_step = after[0][1]
    assert tool_step["type"] == "tool_calls" and [c["function"]["output"] for c in tool_step["step_details"]["tool_calls"]] == ["[(4,)]", "[(1,)]"]
    text = "".join(data["delta"]["content"][0]["text"]["value"] for event, data in after if event == "thread.message.delta")
    assert text == SEED_ANSWER
    assert after[-2][1]["status"] == "completed"


def test_a_streamed_submit_is_validated_like_a_polled_one(client, guagua):
    run = ask(client, guagua, AVERAGE)
    with pytest.raises(openai.BadRequestError) as caught:
        with client.beta.threads.runs.submit_tool_outputs_stream(thread_id=run.thread_id, run_id=run.id, tool_outputs=[{"tool_call_id": "call_nope", "output": "1"}]) as stream:
            stream.until_done()
    assert caught.value.body["param"] == "tool_outputs[0].tool_call_id"
    assert client.beta.threads.runs.retrieve(thread_id=run.thread_id, run_id=run.id).status == "requires_action"


def test_the_seeds_event_handler_runs_unchanged(client, guagua, ask_database):
    """The seed's 增加回调事件的响应 handler, as written there: globals client and available_functions."""
    source = '''
class EventHandler(AssistantEventHandler):
    @override
    def on_text_created(self, text) -> None:
        """响应回复创建事件"""
        print(f"\\nassistant > ", end="", flush=True)

    @override
    def on_text_delta(self, delta, snapshot):
        """响应输出生成的流片段"""
        print(delta.value, end="", flush=True)

    @override
    def on_tool_call_created(self, tool_call):
        """响应工具调用"""
        print(f"\\nassistant > {tool_call.type}\\n", flush=True)

    @override
    def on_tool_call_delta(self, delta, snapshot):
        """响应工具调用的流片段"""
        if delta.type == 'code_interpreter':
            if delta.code_interpreter.input:
                print(delta.code_interpreter.input, end="", flush=True)
            if delta.code_interpreter.outputs:
                print(f"\\n\\noutput >", flush=True)
                for output in delta.code_interpreter.outputs:
                    if output.type == "logs":
                        print(f"\\n{output.logs}", flush=True)

    @override
    def on_event(self, event):
        """响应 'requires_action' 事件"""
        if event.event == 'thread.run.requires_action':
            run_id = event.data.id  # 获取 run ID
            self.handle_requires_action(event.data, run_id)

    def handle_requires_action(self, data, run_id):
        tool_outputs = []
        for tool in data.required_action.submit_tool_outputs.tool_calls:
            arguments = json.loads(tool.function.arguments)
            print(f"{tool.function.name}({arguments})", flush=True)
            # 运行 function
            tool_outputs.append({"tool_call_id": tool.id, "output": available_functions[tool.function.name](**arguments)})
        # 提交 function 的结果,并继续运行 run
        self.submit_tool_outputs(tool_outputs, run_id)

    def submit_tool_outputs(self, tool_outputs, run_id):
        """提交function结果,并继续流"""
        with client.beta.threads.runs.submit_tool_outputs_stream(
            thread_id=self.current_run.thread_id,
            run_id=self.current_run.id,
            tool_outputs=tool_outputs,
            event_handler=EventHandler(),
        ) as stream:
            stream.until_done()
'''
    scope = {"AssistantEventHandler": AssistantEventHandler, "override": override, "json": json, "client": client, "available_functions": {"ask_database": ask_database}}
    exec(source, scope)  # noqa: S102 - the seed's class, defined as a notebook cell would
    thread = client.beta.threads.create()
    client.beta.threads.messages.create(thread_id=thread.id, role="user", content=COMPARE)
    printed = io.StringIO()
    with contextlib.redirect_stdout(printed), client.beta.threads.runs.stream(thread_id=thread.id, assistant_id=guagua.id, event_handler=scope["EventHandler"]()) as stream:
        stream.until_done()
    assert printed.getvalue() == (
        "\nassistant > function\n\n"
        "\nassistant > function\n\n"
        "ask_database({'query': \"SELECT COUNT(*) AS count FROM Courses WHERE instructor = '张三';\"})\n"
        "ask_database({'query': \"SELECT COUNT(*) AS count FROM Courses WHERE instructor = '李四';\"})\n"
        f"\nassistant > {SEED_ANSWER}"
    )


def test_a_function_with_an_invalid_schema_is_refused_with_a_400(client):
    with pytest.raises(openai.BadRequestError) as caught:
        client.beta.assistants.create(model="gpt-4o", tools=[{"type": "function", "function": {"name": "lookup", "parameters": {"type": "object", "properties": {"ids": {"enum": 5}}}}}])
    assert caught.value.body["param"] == "tools[0].function.parameters"
    assert caught.value.body["code"] == "invalid_function_parameters" and "lookup" in caught.value.body["message"]


def test_a_schema_asking_for_millions_of_values_gets_small_arguments(client):
    huge = {"type": "object", "properties": {"ids": {"type": "array", "minItems": 1_000_000, "items": {"type": "array", "minItems": 1_000, "items": {"type": "string", "minLength": 10_000_000}}}}, "required": ["ids"]}
    assistant = client.beta.assistants.create(model="gpt-4o", tools=[{"type": "function", "function": {"name": "lookup", "description": "look up ids", "parameters": huge}}])
    run = ask(client, assistant, "look up ids", tool_choice="required")
    assert run.status == "requires_action"
    arguments = run.required_action.submit_tool_outputs.tool_calls[0].function.arguments
    assert len(arguments) < 10_000 and "ids" in json.loads(arguments)
