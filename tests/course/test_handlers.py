"""helpers.handlers against real streams: what each handler prints, and that it matches what the API stored."""

from __future__ import annotations

import warnings

import pytest
from openai import OpenAI

from helpers import EventHandler, FunctionCallingEventHandler, ToolEventHandler
from tests.support.in_process import TinyModel, serve

pytestmark = pytest.mark.filterwarnings("ignore::DeprecationWarning")

WEATHER = {"type": "function", "function": {"name": "get_weather", "parameters": {"type": "object", "properties": {"city": {"type": "string"}}}}}


@pytest.fixture
def own(tmp_path, monkeypatch):
    """An in-process simulator with the TinyModel and a sandbox that answers the one sum it is asked."""
    from simulator import sandbox

    async def fake_run_code(code, files, **_):
        return sandbox.Result(logs="1111.1107055554814\n")

    monkeypatch.setattr(sandbox, "run_code", fake_run_code)
    with serve(tmp_path / "own.db", TinyModel()) as (base, _):
        client = OpenAI(base_url=base, api_key="sk-test", max_retries=0)
        assistant = client.beta.assistants.create(model="gpt-4o", tools=[WEATHER, {"type": "code_interpreter"}])
        yield client, assistant


def ask(client, assistant, text: str, handler):
    thread = client.beta.threads.create(messages=[{"role": "user", "content": text}])
    with client.beta.threads.runs.stream(thread_id=thread.id, assistant_id=assistant.id, event_handler=handler) as stream:
        stream.until_done()
    return thread, stream


def last_reply(client, thread) -> str:
    message = client.beta.threads.messages.list(thread_id=thread.id, limit=1).data[0]
    return message.content[0].text.value


def test_event_handler_prints_the_reply_token_by_token(client, capsys):
    assistant = client.beta.assistants.create(model="gpt-4o", name="瓜瓜")
    deltas = []

    class Recording(EventHandler):
        def on_text_delta(self, delta, snapshot):
            deltas.append(delta.value)
            super().on_text_delta(delta, snapshot)

    thread, stream = ask(client, assistant, "你说什么?", Recording())
    assert capsys.readouterr().out == "\nassistant > 我是说:我是瓜瓜,有问题尽管问我。"
    assert len(deltas) > 3 and "".join(deltas) == last_reply(client, thread)
    assert stream.current_run.status == "completed"


def test_the_snapshot_the_sdk_accumulates_equals_the_stored_message(client):
    assistant = client.beta.assistants.create(model="gpt-4o", name="瓜瓜")
    thread, stream = ask(client, assistant, "你都能做什么?", EventHandler())
    (snapshot,) = stream.get_final_messages()
    stored = client.beta.threads.messages.retrieve(snapshot.id, thread_id=thread.id)
    assert snapshot.to_dict() == stored.to_dict()
    run = client.beta.threads.runs.retrieve(stream.get_final_run().id, thread_id=thread.id)
    assert stream.get_final_run().to_dict() == run.to_dict()
    # The SDK keeps a step as created plus its deltas (it ignores step.completed), so only its details match.
    (step,) = stream.get_final_run_steps()
    stored_step = client.beta.threads.runs.steps.retrieve(step.id, thread_id=thread.id, run_id=run.id)
    assert step.step_details == stored_step.step_details and stored_step.status == "completed"


def test_tool_event_handler_prints_the_code_and_its_logs_as_the_seed_did(own, capsys):
    client, assistant = own
    thread, stream = ask(client, assistant, "sqrt of 1234567", ToolEventHandler())
    assert capsys.readouterr().out == (
        "\nassistant > code_interpreter\n\n"
        "import math\nprint(math.sqrt(1234567))"
        "\n\noutput >\n\n1111.1107055554814\n\n"
        "\nassistant > The square root is 1111.1107055554814."
    )
    assert stream.current_run.status == "completed"
    (call,) = stream.get_final_run_steps()[0].step_details.tool_calls
    assert call.code_interpreter.input == "import math\nprint(math.sqrt(1234567))"


def test_function_calling_handler_calls_the_functions_and_streams_the_rest(own, capsys):
    client, assistant = own
    calls = []

    def get_weather(city):
        calls.append(city)
        return {"Beijing": "晴 25°C", "Shanghai": "雨 18°C"}[city]

    thread, _ = ask(client, assistant, "weather in two cities?", FunctionCallingEventHandler(client, {"get_weather": get_weather}))
    assert calls == ["Beijing", "Shanghai"]
    assert capsys.readouterr().out == (
        "\nassistant > function\n\n"
        "\nassistant > function\n\n"
        "get_weather({'city': 'Beijing'})\n"
        "get_weather({'city': 'Shanghai'})\n"
        "\nassistant > Weather: 晴 25°C; 雨 18°C"
    )
    (run,) = client.beta.threads.runs.list(thread_id=thread.id).data
    assert run.status == "completed"
    assert last_reply(client, thread) == "Weather: 晴 25°C; 雨 18°C"


def test_function_errors_and_unknown_functions_go_back_to_the_model_as_text(own, capsys):
    client, assistant = own

    def get_weather(city):
        raise LookupError(f"no station in {city}")

    thread, _ = ask(client, assistant, "weather?", FunctionCallingEventHandler(client, {"get_weather": get_weather}))
    assert last_reply(client, thread) == 'Weather: {"error": "LookupError: no station in Beijing"}'
    thread, _ = ask(client, assistant, "weather?", FunctionCallingEventHandler(client, {}))
    assert last_reply(client, thread) == """Weather: {"error": "no function named 'get_weather'"}"""
    capsys.readouterr()


def test_non_string_results_are_sent_as_json(own, capsys):
    client, assistant = own
    thread, _ = ask(client, assistant, "weather?", FunctionCallingEventHandler(client, {"get_weather": lambda city: {"city": city, "温度": 25}}))
    assert last_reply(client, thread) == 'Weather: {"city": "Beijing", "温度": 25}'
    capsys.readouterr()


# -- with the course's own scripted model, once function calling and the sandbox land ------------------


def test_the_seed_function_calling_example_on_the_session_simulator(client, capsys):
    import sqlite3

    conn = sqlite3.connect(":memory:")
    conn.execute("CREATE TABLE Courses (id INT AUTO_INCREMENT PRIMARY KEY, course_date DATE NOT NULL, start_time TIME NOT NULL, end_time TIME NOT NULL, course_name VARCHAR(255) NOT NULL, instructor VARCHAR(255) NOT NULL)")
    conn.executemany("INSERT INTO Courses (course_date, start_time, end_time, course_name, instructor) VALUES (?, ?, ?, ?, ?)", [("2024-01-23", "20:00", "22:00", "aaaaa", "张三"), ("2024-02-22", "20:00", "22:00", "eeeeeee", "李四")])
    queries = []

    def ask_database(query):
        queries.append(query)
        return str(conn.execute(query).fetchall())

    tool = {"type": "function", "function": {"name": "ask_database", "description": "Use this function to answer user questions about course schedule. Output should be a fully formed SQL query.", "parameters": {"type": "object", "properties": {"query": {"type": "string"}}, "required": ["query"]}}}
    assistant = client.beta.assistants.create(model="gpt-4o", tools=[tool])
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", DeprecationWarning)
        thread, _ = ask(client, assistant, "平均一堂课多长时间", FunctionCallingEventHandler(client, {"ask_database": ask_database}))
    out = capsys.readouterr().out
    assert queries and out.startswith("\nassistant > function\n\n") and "ask_database({'query': " in out
    assert out.endswith(last_reply(client, thread))


def test_the_seed_code_interpreter_example_on_the_session_simulator(client, capsys):
    assistant = client.beta.assistants.create(model="gpt-4-turbo", name="Demo Assistant", instructions="你是人工智能助手。你可以通过代码回答很多数学问题。", tools=[{"type": "code_interpreter"}])
    thread, stream = ask(client, assistant, "用代码计算 1234567 的平方根", ToolEventHandler())
    out = capsys.readouterr().out
    assert out.startswith("\nassistant > code_interpreter\n\n") and "\n\noutput >\n" in out and "1111.11" in out
    assert out.endswith(last_reply(client, thread)) and stream.current_run.status == "completed"
