"""The exercise checks of lessons 06–07 (04 and 05: test_checks_04.py, test_checks_05.py), each against a right answer and typical wrong ones, through the real simulator."""

from __future__ import annotations

import json

import pytest
from openai import AssistantEventHandler

from helpers import FunctionCallingEventHandler
from helpers.checks import code_interpreter as ci
from helpers.checks import function_calling as fc
from helpers.checks import runs

pytestmark = pytest.mark.filterwarnings("ignore::DeprecationWarning")

XIAO_U = "你叫小U,你是JAVA技术框架 UAP的助手,你负责回答用户关于UAP的问题。"
SALES = "日期,产品,销售额\n2024-01-05,A,100.5\n2024-02-01,B,200\n2024-02-11,A,50\n"


@pytest.fixture(autouse=True)
def english(monkeypatch):
    monkeypatch.setenv("COURSE_LANGUAGE", "en")


@pytest.fixture
def xiao_u(client):
    return client.beta.assistants.create(name="小U", instructions=XIAO_U, model="gpt-4-turbo")


@pytest.fixture
def demo(client):
    return client.beta.assistants.create(
        name="Demo Assistant", instructions="你是人工智能助手。你可以通过代码回答很多数学问题。", tools=[{"type": "code_interpreter"}], model="gpt-4-turbo"
    )


def ask(client, assistant, text, **kwargs):
    thread = client.beta.threads.create(messages=[{"role": "user", "content": text}])
    return client.beta.threads.runs.create_and_poll(thread_id=thread.id, assistant_id=assistant.id, **kwargs)


def missing(report) -> str:
    return " | ".join(what for what, _ in report.missing)


def stream(client, assistant, text, handler):
    thread = client.beta.threads.create(messages=[{"role": "user", "content": text}])
    with client.beta.threads.runs.stream(thread_id=thread.id, assistant_id=assistant.id, event_handler=handler) as s:
        s.until_done()
    return thread


# -- the exercise cells as they stand (the stubs) --------------------------------------------------------
# Each lesson runs its check on the learner's cell before the solution (stored in the notebook, and run by
# nbval): there it must say what is still missing, naming the variable to fill, and never raise.

STUBS = {
    "06.1 my_prediction, my_thread = None": (lambda client: ci.check_code_answer(client, None, None), ["my_prediction", "my_thread"]),
    "06.2 code_handler = None": (lambda client: ci.check_code_handler(client, None), ["code_handler"]),
    "06.3 my_file, my_thread = None": (lambda client: ci.check_file_analysis(client, None, None), ["my_file", "my_thread"]),
    "07.1 my_prediction, waiting = None": (lambda client: fc.check_waiting_prediction(client, None, None), ["my_prediction", "waiting"]),
    "07.4 weather_assistant = None": (lambda client: fc.check_weather_unit(client, None), ["weather_assistant"]),
    "07.2 my_run = None": (lambda client: fc.check_round_trip(client, None), ["my_run"]),
    "07.3 my_thread = None": (lambda client: fc.check_weather_run(client, None), ["my_thread"]),
}


@pytest.mark.parametrize("stub", STUBS, ids=list(STUBS))
def test_a_check_on_the_stub_says_what_is_missing(client, stub):
    check, names = STUBS[stub]
    report = check(client)  # an exception here is the traceback a learner would see under the check's cell
    assert report.text().splitlines()[0].endswith(": not yet")
    assert [what for what, _ in report.missing] == [f"nothing to check yet: `{name}` is still None" for name in names]
    assert all(hint for _, hint in report.missing) and not report.right


# -- 06 code interpreter ---------------------------------------------------------------------------


def test_06_1_predict_the_steps_of_a_greeting(client, demo, xiao_u):
    check = ci.check_code_answer
    greeting = ask(client, demo, "你好")
    assert check(client, "b", greeting.thread_id).passed
    assert check(client, "B", client.beta.threads.retrieve(greeting.thread_id)).passed, "the thread object, a capital letter"
    said = missing(check(client, "a", greeting.thread_id))
    assert 'you predicted "a"' in said
    assert "asks for a calculation" in missing(check(client, "b", ask(client, demo, "用代码计算 2**100").thread_id))
    assert "no code interpreter" in missing(check(client, "b", ask(client, xiao_u, "你好").thread_id))
    assert "no run" in missing(check(client, "b", client.beta.threads.create()))
    assert "still None" in missing(check(client, None, None))
    assert "one of" in missing(check(client, "message_creation", greeting.thread_id))


def test_06_4_the_total_that_never_came(client, demo):
    def total_sales(csv_text, tool="code_interpreter", where="attachments"):
        upload = client.files.create(file=("sales.csv", csv_text.encode()), purpose="assistants")
        if where == "attachments":
            thread = client.beta.threads.create(messages=[{"role": "user", "content": "统计总销售额", "attachments": [{"file_id": upload.id, "tools": [{"type": tool}]}]}])
        else:  # differently right: the thread's own tool resources
            thread = client.beta.threads.create(messages=[{"role": "user", "content": "统计总销售额"}], tool_resources={"code_interpreter": {"file_ids": [upload.id]}})
        run = client.beta.threads.runs.create_and_poll(thread_id=thread.id, assistant_id=demo.id)
        return client.beta.threads.messages.list(thread_id=thread.id, run_id=run.id).data[0].content[-1].text.value

    assert ci.check_total_sales(client, total_sales).passed
    assert ci.check_total_sales(client, lambda csv_text: total_sales(csv_text, where="thread")).passed
    assert "which tool is the file handed to" in " ".join(h for _, h in ci.check_total_sales(client, lambda csv_text: total_sales(csv_text, tool="file_search")).missing)
    assert "not the reply's text" in missing(ci.check_total_sales(client, lambda csv_text: None))
    assert "raised KeyError" in missing(ci.check_total_sales(client, lambda csv_text: {}["x"]))
    assert "not the function" in missing(ci.check_total_sales(client, "total_sales"))


@pytest.mark.parametrize("value", [42, {"id": 1}, "hello", ["x"], None])
def test_every_lesson_06_check_reports_on_nonsense(client, value):
    for report in [ci.check_code_answer(client, value, value), ci.check_code_handler(client, value), ci.check_file_analysis(client, value, value), ci.check_total_sales(client, value)]:
        assert not report.passed and report.missing, report.text()


class CodeKeeper(AssistantEventHandler):
    def __init__(self, snapshot=False):
        super().__init__()
        self.code, self.logs, self.snapshot = "", [], snapshot

    def on_tool_call_delta(self, delta, snapshot):
        if delta.type != "code_interpreter":
            return
        if delta.code_interpreter.input:
            self.code += snapshot.code_interpreter.input if self.snapshot else delta.code_interpreter.input
        for output in delta.code_interpreter.outputs or []:
            if output.type == "logs":
                self.logs.append(output.logs)


def test_code_handler_right(client, demo):
    handler = CodeKeeper()
    stream(client, demo, "用代码计算 1234567 的平方根", handler)
    assert ci.check_code_handler(client, handler).passed


def test_code_handler_wrong(client, demo, xiao_u):
    handler = CodeKeeper(snapshot=True)
    stream(client, demo, "用代码计算 1234567 的平方根", handler)
    report = ci.check_code_handler(client, handler)
    assert not report.passed and "`self.code` differs" in missing(report)
    handler = CodeKeeper()
    stream(client, xiao_u, "你是谁?", handler)  # no code at all
    report = ci.check_code_handler(client, handler)
    assert not report.passed and "empty" in missing(report) and "no code_interpreter call" in missing(report)


def test_file_analysis_right(client, demo):
    file = client.files.create(file=("my_sales.csv", SALES.encode()), purpose="assistants")
    thread = client.beta.threads.create(
        messages=[{"role": "user", "content": "统计总销售额", "attachments": [{"file_id": file.id, "tools": [{"type": "code_interpreter"}]}]}]
    )
    client.beta.threads.runs.create_and_poll(thread_id=thread.id, assistant_id=demo.id)
    report = ci.check_file_analysis(client, thread, file)
    assert report.passed, report


def test_file_analysis_wrong(client, demo):
    file = client.files.create(file=("my_sales.csv", SALES.encode()), purpose="assistants")
    thread = client.beta.threads.create(messages=[{"role": "user", "content": "统计总销售额"}])  # the file never given
    client.beta.threads.runs.create_and_poll(thread_id=thread.id, assistant_id=demo.id)
    report = ci.check_file_analysis(client, thread, file)
    assert not report.passed and "neither attached" in missing(report) and "did not read your file" not in missing(report)
    assert "no code in the latest run read your file" in missing(report)
    report = ci.check_file_analysis(client, thread, "file-doesnotexist000000000000")
    assert not report.passed and "does not know" in missing(report)


# -- 07 function calling ---------------------------------------------------------------------------


def weather_tool(required=("city",), description="查询一个城市今天的天气", unit=None):
    properties = {"city": {"type": "string", "description": "城市名,如 北京"}}
    if unit:
        properties["unit"] = unit if isinstance(unit, dict) else {"type": "string", "enum": ["celsius", "fahrenheit"]}
        required = (*required, "unit") if unit is True else required
    return {
        "type": "function",
        "function": {"name": "get_weather", "description": description, "parameters": {"type": "object", "properties": properties, "required": list(required)}},
    }


def test_07_1_predict_a_run_left_waiting(client, guagua, xiao_u):
    check = fc.check_waiting_prediction
    waiting = ask(client, guagua, "李四上几堂课")
    again = client.beta.threads.runs.retrieve(run_id=waiting.id, thread_id=waiting.thread_id)
    assert check(client, "a", again).passed
    assert check(client, "a", again).passed, "the check leaves the run as it was: it passes again"
    said = missing(check(client, "c", again))
    assert 'you predicted "c"' in missing(check(client, "c", again)) and said
    assert "never asked for a function call" in missing(check(client, "a", ask(client, xiao_u, "你是谁?")))
    answered = ask(client, guagua, "李四上几堂课")
    answered = client.beta.threads.runs.submit_tool_outputs_and_poll(thread_id=answered.thread_id, run_id=answered.id, tool_outputs=[{"tool_call_id": c.id, "output": "[(1,)]"} for c in answered.required_action.submit_tool_outputs.tool_calls])
    assert "leaves it waiting" in missing(check(client, "a", answered))
    assert "still None" in missing(check(client, None, None))
    assert "one of" in missing(check(client, "requires_action", again))


def test_07_4_a_required_unit(client, xiao_u):
    check = fc.check_weather_unit
    assert check(client, client.beta.assistants.create(model="gpt-4o", tools=[weather_tool(unit=True)])).passed
    reversed_enum = weather_tool(unit={"type": "string", "enum": ["fahrenheit", "celsius"], "description": "温度单位"})
    reversed_enum["function"]["parameters"]["required"] = ["unit", "city"]
    assert check(client, client.beta.assistants.create(model="gpt-4o", tools=[reversed_enum])).passed, "another order, a description"

    assert "no `unit` property" in missing(check(client, client.beta.assistants.create(model="gpt-4o", tools=[weather_tool()])))
    free = weather_tool(unit={"type": "string"}, required=("city", "unit"))
    assert "any string" in missing(check(client, client.beta.assistants.create(model="gpt-4o", tools=[free])))
    optional = weather_tool(unit={"type": "string", "enum": ["celsius", "fahrenheit"]})
    assert "not in `required`" in missing(check(client, client.beta.assistants.create(model="gpt-4o", tools=[optional])))
    lost_city = weather_tool(unit=True, required=())
    assert "`city` is gone, or no longer required" in missing(check(client, client.beta.assistants.create(model="gpt-4o", tools=[lost_city])))
    assert "no function named get_weather" in missing(check(client, xiao_u))
    assert "still None" in missing(check(client, None))
    assert "not an assistant" in missing(check(client, 42))


def test_07_5_the_loop_that_never_answered(client, guagua):
    import sqlite3

    db = sqlite3.connect(":memory:")
    db.execute("CREATE TABLE Courses (id INT, course_date DATE, start_time TIME, end_time TIME, course_name VARCHAR(255), instructor VARCHAR(255))")
    db.executemany("INSERT INTO Courses (course_date, start_time, end_time, course_name, instructor) VALUES (?, ?, ?, ?, ?)", fc.TIMETABLE)

    def make(parse=True, as_text=True):
        def answer_from_database(question):
            thread = client.beta.threads.create(messages=[{"role": "user", "content": question}])
            run = client.beta.threads.runs.create_and_poll(thread_id=thread.id, assistant_id=guagua.id)
            if run.status == "requires_action":
                outputs = []
                for call in run.required_action.submit_tool_outputs.tool_calls:
                    query = json.loads(call.function.arguments)["query"] if parse else call.function.arguments
                    rows = db.execute(query).fetchall()
                    outputs.append({"tool_call_id": call.id, "output": json.dumps(rows) if as_text == "json" else str(rows) if as_text else rows})
                run = client.beta.threads.runs.submit_tool_outputs_and_poll(thread_id=thread.id, run_id=run.id, tool_outputs=outputs)
            return client.beta.threads.messages.list(thread_id=thread.id, run_id=run.id).data[0].content[0].text.value

        return answer_from_database

    check = fc.check_answer_from_database
    assert check(client, make()).passed
    assert check(client, make(as_text="json")).passed, "rows as JSON text are right too"
    assert "print call.function.arguments" in " ".join(h for _, h in check(client, make(parse=False)).missing)
    assert "refused the submission" in missing(check(client, make(as_text=False)))
    assert "not the reply's text" in missing(check(client, lambda question: None))
    assert "does not say 李四 teaches one course" in missing(check(client, lambda question: "不知道"))
    assert "not the function" in missing(check(client, None))


ASK_DATABASE = {
    "type": "function",
    "function": {
        "name": "ask_database",
        "description": "Use this function to answer user questions about course schedule. Output should be a fully formed SQL query.",
        "parameters": {"type": "object", "properties": {"query": {"type": "string"}}, "required": ["query"]},
    },
}


@pytest.fixture
def guagua(client):
    return client.beta.assistants.create(model="gpt-4o", instructions="你叫瓜瓜。", tools=[ASK_DATABASE])


def test_round_trip_right(client, guagua):
    for output in ["[(1,)]", "[[1]]", "李四上 1 堂课"]:  # str(rows), JSON, a sentence: any format of the query's result
        run = ask(client, guagua, "李四上几堂课")
        assert run.status == "requires_action"
        outputs = [{"tool_call_id": call.id, "output": output} for call in run.required_action.submit_tool_outputs.tool_calls]
        run = client.beta.threads.runs.submit_tool_outputs_and_poll(thread_id=run.thread_id, run_id=run.id, tool_outputs=outputs)
        assert fc.check_round_trip(client, run).passed, output


def test_round_trip_wrong(client, guagua, xiao_u):
    waiting = ask(client, guagua, "李四上几堂课")  # never answered
    report = fc.check_round_trip(client, waiting)
    assert not report.passed and "some call has no output" in missing(report) and "requires_action" in missing(report)
    client.beta.threads.runs.cancel(thread_id=waiting.thread_id, run_id=waiting.id)
    run = ask(client, guagua, "李四上几堂课")
    outputs = [{"tool_call_id": call.id, "output": "SQL error: no such table: Course"} for call in run.required_action.submit_tool_outputs.tool_calls]
    run = client.beta.threads.runs.submit_tool_outputs_and_poll(thread_id=run.thread_id, run_id=run.id, tool_outputs=outputs)
    report = fc.check_round_trip(client, run)
    assert not report.passed and "running it gives" in missing(report)
    report = fc.check_round_trip(client, ask(client, xiao_u, "你是谁?"))
    assert not report.passed and "no function call" in missing(report)
    run = ask(client, guagua, "李四上几堂课")  # the SQL sent back as its own output, never run
    outputs = [{"tool_call_id": call.id, "output": json.loads(call.function.arguments)["query"]} for call in run.required_action.submit_tool_outputs.tool_calls]
    run = client.beta.threads.runs.submit_tool_outputs_and_poll(thread_id=run.thread_id, run_id=run.id, tool_outputs=outputs)
    assert "the SQL itself" in missing(fc.check_round_trip(client, run))
    run = ask(client, guagua, "李四上几堂课")  # a made-up result
    outputs = [{"tool_call_id": call.id, "output": "[(7,)]"} for call in run.required_action.submit_tool_outputs.tool_calls]
    run = client.beta.threads.runs.submit_tool_outputs_and_poll(thread_id=run.thread_id, run_id=run.id, tool_outputs=outputs)
    assert "running it gives" in missing(fc.check_round_trip(client, run))


def get_weather(city):
    return json.dumps({"city": city, "weather": "晴", "temperature": 25}, ensure_ascii=False)


def test_weather_run_right(client, capsys):
    assistant = client.beta.assistants.create(model="gpt-4o", name="天气助手", tools=[weather_tool()])
    thread = stream(client, assistant, "北京今天天气怎么样?", FunctionCallingEventHandler(client, {"get_weather": get_weather}))
    report = fc.check_weather_run(client, thread)
    assert report.passed, report


def test_weather_run_wrong(client, xiao_u):
    assistant = client.beta.assistants.create(model="gpt-4o", name="天气助手", tools=[weather_tool()])
    thread = stream(client, assistant, "你是谁?", FunctionCallingEventHandler(client, {"get_weather": get_weather}))
    report = fc.check_weather_run(client, thread)
    assert not report.passed and "never called get_weather" in missing(report)
    thread = stream(client, xiao_u, "北京今天天气怎么样?", AssistantEventHandler())
    report = fc.check_weather_run(client, thread)
    assert not report.passed and "has no get_weather" in missing(report)
    stuck = client.beta.threads.create(messages=[{"role": "user", "content": "北京今天天气怎么样?"}])
    client.beta.threads.runs.create_and_poll(thread_id=stuck.id, assistant_id=assistant.id)  # outputs never sent
    report = fc.check_weather_run(client, stuck)
    assert not report.passed and "no output was submitted" in missing(report)


# -- the learner's language ------------------------------------------------------------------------


def test_reports_speak_chinese_in_the_chinese_edition(client, xiao_u, monkeypatch):
    monkeypatch.setenv("COURSE_LANGUAGE", "zh-CN")
    report = runs.check_run_instructions(client, ask(client, xiao_u, "你是谁?"))
    text = str(report)
    assert text.startswith("✗ 练习 04.1 · 一次运行用自己的 instructions：还差一点")
    assert "提示：" in text and "运行已完成（completed）" in text and "Hint" not in text
    report = fc.check_weather_unit(client, client.beta.assistants.create(model="gpt-4o", tools=[weather_tool(unit=True)]))
    assert str(report).startswith("✓ 练习 07.4 · 带单位参数的天气函数：通过"), str(report)
