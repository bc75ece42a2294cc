"""Checks for lesson 07 (function calling): runs that waited for your outputs (and what you sent them), declared functions, and a loop run by its check."""

from __future__ import annotations

import json
import re

from . import Report, check, is_function, kind, nothing_yet, object_id, predicted, say, wrong_kind
from .code_interpreter import latest_run
from .runs import fetch, reply_of, run_of

NUMBER = re.compile(r"-?\d+(?:\.\d+)?")


def function_calls(client, run) -> list:
    """Every function call of a run, in order, with the output that was submitted for it."""
    steps = client.beta.threads.runs.steps.list(thread_id=run.thread_id, run_id=run.id, order="asc", limit=100).data
    return [call for step in steps if step.type == "tool_calls" for call in step.step_details.tool_calls if call.type == "function"]


def declared(assistant, name: str):
    return next((tool.function for tool in assistant.tools if tool.type == "function" and tool.function.name == name), None)


WAIT_PREDICTIONS = {"a": "requires_action: it waits for you", "b": "in_progress: the model goes on without the output", "c": "failed: no output was sent"}


@check("07.1", "predict what a waiting run does", "预测等待中的运行会怎样")
def check_waiting_prediction(report: Report, client, prediction, run) -> Report:
    """Exercise 07.1 (predict): a run in requires_action, retrieved again a while later, is still requires_action."""
    choice = predicted(report, prediction, WAIT_PREDICTIONS)
    found = run_of(report, client, run, name="waiting", how=say("then find out: start the run, wait a moment, and retrieve it again", "然后验证：启动运行，稍等一会儿，再取回它"))
    if found is None:
        return report
    calls = found.required_action.submit_tool_outputs.tool_calls if found.required_action else []
    steps = client.beta.threads.runs.steps.list(thread_id=found.thread_id, run_id=found.id).data
    asked = bool(calls) or any(step.type == "tool_calls" for step in steps)
    if not report.expect(
        asked,
        say("the run asked for a function call", "这次运行请求了函数调用"),
        say(f"the run never asked for a function call (it is `{found.status}`)", f"这次运行从没请求过函数调用（它是 `{found.status}`）"),
        say("ask the copy of 瓜瓜 a question only its database can answer, such as 李四上几堂课", "向瓜瓜的副本提一个只有数据库才能回答的问题，比如“李四上几堂课”"),
    ):
        return report
    if not report.expect(
        found.status == "requires_action",
        say("retrieved again, it is still `requires_action`", "再次取回时，它仍然是 `requires_action`"),
        say(f"the run is now `{found.status}`: the experiment leaves it waiting, without sending outputs", f"运行现在是 `{found.status}`：这个实验要让它一直等着，不提交输出"),
        say("start it, wait, retrieve: do not submit tool outputs (or cancel it) in this exercise", "启动、等待、取回：这个练习里不要提交工具输出（也不要取消它）"),
    ):
        return report
    if choice is not None:
        report.expect(
            choice == "a",
            say("your prediction held: the run waits for your outputs (until expires_at, ten minutes)", "你的预测没错：运行会等你的输出（直到 expires_at，十分钟）"),
            say(f'you predicted "{choice}" ({WAIT_PREDICTIONS[choice]}), but it is still requires_action', f'你预测的是 "{choice}"，但它仍然是 requires_action'),
            say("only your code can run your function: the run cannot move on by itself, so it waits, and expires if nothing comes. Change your prediction to what you saw", "只有你的代码能执行你的函数：运行自己没法继续，只能等着，等不到就会过期。把预测改成你看到的结果"),
        )
    return report


@check("07.2", "requires_action, then completed", "先 requires_action，后 completed")
def check_round_trip(report: Report, client, run) -> Report:
    """Exercise 07.2: a run that stopped in requires_action, got your outputs, and completed."""
    run = run_of(
        report,
        client,
        run,
        how=say("a run of guagua that stopped for your function, got its output, and went on to the end", "guagua 的一次运行：它停下来等你的函数，拿到输出，再一直运行到结束"),
    )
    if run is None:
        return report
    calls = function_calls(client, run)
    if not report.expect(
        bool(calls),
        say(f"the run asked for {len(calls)} function call(s) (it was in requires_action)", f"运行请求了 {len(calls)} 次函数调用（它进入过 requires_action）"),
        say("the run asked for no function call", "这次运行没有请求函数调用"),
        say(
            'ask 瓜瓜 "李四上几堂课": the question needs the database, so the run stops in requires_action',
            '向瓜瓜提问“李四上几堂课”：这个问题需要查数据库，运行会停在 requires_action',
        ),
    ):
        return report
    report.expect(
        all(call.function.output for call in calls),
        say("every call got an output from you, the result of running it", "每次调用都收到了你提交的输出，也就是执行它的结果"),
        say("some call has no output", "有的调用没有输出"),
        say(
            "collect one {'tool_call_id': call.id, 'output': ...} per call and send them with submit_tool_outputs_and_poll",
            "每次调用收集一个 {'tool_call_id': call.id, 'output': ...}，再用 submit_tool_outputs_and_poll 一起提交",
        ),
    )
    report.expect(
        run.status == "completed",
        say("the run then completed", "之后运行完成了"),
        say(f"the run is `{run.status}`", f"运行的状态是 `{run.status}`"),
        say(
            "after submitting, wait for the run (submit_tool_outputs_and_poll) and pass the run it returns",
            "提交之后等运行结束（submit_tool_outputs_and_poll），并传入它返回的运行",
        ),
    )
    outputs = [call.function.output or "" for call in calls]
    for call in calls:
        query = _arguments(call).get("query", "")
        if query and (call.function.output or "").strip() == query.strip():
            report.miss(
                say("you submitted the SQL itself as the output, not its result", "你把 SQL 本身当作输出提交了，而不是它的执行结果"),
                say("the model wrote a query for you to run: run it on the database, and submit what it returned", "模型写了一条查询让你去执行：在数据库上执行它，再提交返回的结果"),
            )
            return report
        if query:
            expected = _run_sql(query)
            if expected is not None and not _same_rows(call.function.output or "", expected):
                report.miss(
                    say(f"the output you sent for {query[:50]!r} is {(call.function.output or '')[:50]!r}; running it gives {expected[:50]!r}", f"你为 {query[:50]!r} 提交的输出是 {(call.function.output or '')[:50]!r}；执行它得到的是 {expected[:50]!r}"),
                    say("submit what your function returned for the call's arguments", "提交你的函数针对这次调用的参数返回的结果"),
                )
                return report
    report.expect(
        all("error" not in output.lower() for output in outputs),
        say("your function's outputs are results, not errors", "函数输出是结果，不是错误"),
        say(
            f"an output is an error: {next(o for o in outputs if 'error' in o.lower())[:60]!r}" if any("error" in o.lower() for o in outputs) else "",
            f"有一个输出是错误：{next(o for o in outputs if 'error' in o.lower())[:60]!r}" if any("error" in o.lower() for o in outputs) else "",
        ),
        say("run the SQL from json.loads(call.function.arguments) on the lesson's database", "用课上的数据库执行 json.loads(call.function.arguments) 里的 SQL"),
    )
    if run.status == "completed":
        reply = reply_of(client, run)
        numbers = NUMBER.findall(outputs[0])
        report.expect(
            bool(reply) and (not numbers or numbers[0] in reply),
            say("the answer uses what your function returned", "回答用上了你的函数返回的结果"),
            say("the answer does not use your function's output", "回答没有用上函数的输出"),
            say("submit the function's real output (a string), not a placeholder", "提交函数真实的输出（字符串），而不是占位符"),
        )
    return report


@check("07.3", "a weather assistant, end to end", "完整的天气助手")
def check_weather_run(report: Report, client, thread) -> Report:
    """Exercise 07.3: a streamed run in which the assistant called your get_weather and answered from it."""
    run = latest_run(
        report,
        client,
        thread,
        how=say("a thread asking about the weather, streamed with your weather assistant and a handler that runs get_weather", "一个问天气的线程：用你的天气助手流式运行，并用一个会执行 get_weather 的处理器"),
    )
    if run is None:
        return report
    assistant = fetch(report, "assistant", client.beta.assistants.retrieve, run.assistant_id)
    if assistant is None:
        return report
    report.expect(
        declared(assistant, "get_weather") is not None,
        say("the run's assistant declares get_weather", "运行的助手声明了 get_weather"),
        say("the run's assistant has no get_weather", "运行的助手没有 get_weather"),
        say("run an assistant that declares get_weather", "运行一个声明了 get_weather 的助手"),
    )
    calls = [call for call in function_calls(client, run) if call.function.name == "get_weather"]
    if not report.expect(
        bool(calls),
        say("the model called get_weather", "模型调用了 get_weather"),
        say("the latest run never called get_weather", "最近一次运行没有调用 get_weather"),
        say(
            'ask about the weather, e.g. "北京今天天气怎么样?" (a description that says what the function is for helps the model choose it)',
            '问天气，比如“北京今天天气怎么样？”（description 写清函数做什么，模型更容易选中它）',
        ),
    ):
        return report
    try:
        arguments = json.loads(calls[0].function.arguments)
    except ValueError:
        arguments = {}
    report.expect(
        bool(arguments.get("city")),
        say("with a `city` argument", "带着参数 `city`"),
        say("the call has no `city` argument", "调用没有 `city` 参数"),
        say("declare city as required", "把 city 声明为必填"),
    )
    report.expect(
        bool(calls[0].function.output),
        say(
            f"your function answered: {calls[0].function.output[:40]!r}" if calls[0].function.output else "",
            f"你的函数给出了结果：{calls[0].function.output[:40]!r}" if calls[0].function.output else "",
        ),
        say("no output was submitted for the call", "这次调用没有提交输出"),
        say(
            "give FunctionCallingEventHandler(client, {'get_weather': get_weather}) your function, or submit in on_event",
            "把函数交给 FunctionCallingEventHandler(client, {'get_weather': get_weather})，或在 on_event 里提交",
        ),
    )
    report.expect(
        run.status == "completed" and bool(reply_of(client, run)),
        say("the run completed with an answer", "运行完成并给出了回答"),
        say(f"the run is `{run.status}` without an answer", f"运行的状态是 `{run.status}`，没有回答"),
        say(
            "the streamed handler must submit the outputs with submit_tool_outputs_stream and read that stream to its end",
            "流式处理器要用 submit_tool_outputs_stream 提交输出，并把那个流读完",
        ),
    )
    return report


TIMETABLE = [
    ("2024-01-23", "20:00", "22:00", "aaaaa", "张三"),
    ("2024-01-25", "20:00", "22:00", "bbbbbbbb", "张三"),
    ("2024-01-29", "20:00", "22:00", "ccccc", "张三"),
    ("2024-02-20", "20:00", "22:00", "dddddd", "张三"),
    ("2024-02-22", "20:00", "22:00", "eeeeeee", "李四"),
]


def _arguments(call) -> dict:
    try:
        found = json.loads(call.function.arguments)
    except (TypeError, ValueError):
        return {}
    return found if isinstance(found, dict) else {}


def _same_rows(output: str, expected: str) -> bool:
    """Whether an output holds every value of the query's result, in whatever format (str(rows), JSON, a sentence)."""
    values = [v for v in re.findall(r"[\w\-:.]+", expected) if v != "None"]
    return all(v in output for v in values)


def _run_sql(query: str) -> str | None:
    """The lesson's ask_database on a copy of its timetable: what a right output is (None if the query fails)."""
    import sqlite3

    db = sqlite3.connect(":memory:")
    db.execute("CREATE TABLE Courses (id INT AUTO_INCREMENT PRIMARY KEY, course_date DATE NOT NULL, start_time TIME NOT NULL, end_time TIME NOT NULL, course_name VARCHAR(255) NOT NULL, instructor VARCHAR(255) NOT NULL)")
    db.executemany("INSERT INTO Courses (course_date, start_time, end_time, course_name, instructor) VALUES (?, ?, ?, ?, ?)", TIMETABLE)
    try:
        return str(db.execute(query).fetchall())
    except sqlite3.Error:
        return None
    finally:
        db.close()


@check("07.4", "a weather function that also takes a unit", "带单位参数的天气函数")
def check_weather_unit(report: Report, client, assistant) -> Report:
    """Exercise 07.4 (modify): get_weather declared with a required `unit`, one of celsius and fahrenheit; a run's call sends one."""
    if assistant is None:
        nothing_yet(report, "weather_assistant", say("run the cell as it is, then change it", "先原样运行单元格，再改写它"))
        return report
    if wrong_kind(report, assistant, "weather_assistant", ("assistant", "助手"), "asst_"):
        return report
    found = fetch(report, "assistant", client.beta.assistants.retrieve, object_id(assistant))
    if found is None:
        return report
    function = declared(found, "get_weather")
    if not report.expect(
        function is not None,
        say("the assistant declares get_weather", "助手声明了 get_weather"),
        say("the assistant has no function named get_weather", "助手没有名为 get_weather 的函数"),
        say("keep the function's name: code elsewhere calls it by that name", "保留函数的名字：别处的代码按这个名字调用它"),
    ):
        return report
    parameters = function.parameters or {}
    properties = parameters.get("properties") or {}
    unit, required = properties.get("unit"), parameters.get("required") or []
    report.expect(
        isinstance(properties.get("city"), dict) and "city" in required,
        say("`city` is still there, and required", "`city` 还在，并且是必填的"),
        say("`city` is gone, or no longer required", "`city` 不见了，或者不再是必填的"),
        say("add to the parameters; do not replace them", "在参数里添加，不要整个替换"),
    )
    if not report.expect(
        isinstance(unit, dict) and sorted(unit.get("enum") or []) == ["celsius", "fahrenheit"],
        say("`unit` is one of celsius and fahrenheit (an enum)", "`unit` 只能是 celsius 或 fahrenheit（enum）"),
        say("there is no `unit` property" if not isinstance(unit, dict) else f"`unit` allows {unit.get('enum') or 'any string'}, not exactly celsius and fahrenheit", "没有 `unit` 属性" if not isinstance(unit, dict) else f"`unit` 允许的是 {unit.get('enum') or '任何字符串'}，不正好是 celsius 和 fahrenheit"),
        say("JSON Schema lists the allowed values of a string with \"enum\"", "JSON Schema 用 \"enum\" 列出字符串允许的取值"),
    ):
        return report
    if not report.expect(
        "unit" in required,
        say("`unit` is required", "`unit` 是必填的"),
        say("`unit` is not in `required`: the model may leave it out", "`unit` 不在 `required` 里：模型可能不传它"),
        say("required lists every parameter the model must always send", "required 列出模型每次都必须传的参数"),
    ):
        return report
    thread = client.beta.threads.create(messages=[{"role": "user", "content": "北京今天天气怎么样?"}])
    run = client.beta.threads.runs.create_and_poll(thread_id=thread.id, assistant_id=found.id)
    calls = run.required_action.submit_tool_outputs.tool_calls if run.status == "requires_action" and run.required_action else []
    sent = [_arguments(call) for call in calls if call.function.name == "get_weather"]
    if run.status == "requires_action":
        client.beta.threads.runs.cancel(run_id=run.id, thread_id=thread.id)
    report.expect(
        bool(sent) and sent[0].get("unit") in ("celsius", "fahrenheit") and bool(sent[0].get("city")),
        say(f"asked about the weather, the model now sends {sent[0] if sent else {}}", f"问到天气时，模型现在发送的是 {sent[0] if sent else {}}"),
        say(f"asked about the weather, the run did not call get_weather with a city and a unit ({run.status})", f"问到天气时，运行没有带着 city 和 unit 调用 get_weather（{run.status}）"),
        say("the description says when to call the function: keep it about the weather", "description 决定何时调用函数：让它继续讲天气"),
    )
    return report


@check("07.5", "the loop that never answered", "一直答不上来的循环")
def check_answer_from_database(report: Report, client, answer_from_database) -> Report:
    """Exercise 07.5 (debug): answer_from_database(question) ran the JSON arguments as SQL and sent rows, not text; fixed, its reply is the right one."""
    if not is_function(report, answer_from_database, "answer_from_database"):
        return report
    import openai

    try:
        reply = answer_from_database("李四上几堂课")
    except openai.BadRequestError as error:
        body = error.body if isinstance(error.body, dict) else {}
        report.miss(say(f"the API refused the submission: {body.get('message', error)}", f"API 拒绝了这次提交：{body.get('message', error)}"), say("what type must a tool output be? Look at what the function puts in \"output\"", "工具输出必须是什么类型？看看函数往 \"output\" 里放了什么"))
        return report
    except Exception as error:
        report.miss(say(f"answer_from_database raised {type(error).__name__}: {error}", f"answer_from_database 抛出了 {type(error).__name__}：{error}"), say("print call.function.arguments: is it SQL?", "打印 call.function.arguments 看看：它是 SQL 吗？"))
        return report
    if not isinstance(reply, str):
        report.miss(say(f"it returned {kind(reply)}, not the reply's text", f"它返回了{kind(reply)}，不是回复文本"), say("keep its last line: it returns the text of the run's message", "保留最后一行：它返回运行写出的消息文本"))
        return report
    report.ok(say("it runs to the end and returns text", "它能一直运行到最后，并返回文本"))
    report.expect(
        "1" in NUMBER.findall(reply),
        say(f"the reply gives 李四's one course: {reply[:60]!r}", f"回复给出了李四的一堂课：{reply[:60]!r}"),
        say(f"the reply does not say 李四 teaches one course: {reply[:60]!r}", f"回复没有说出李四上一堂课：{reply[:60]!r}"),
        say("submit the rows the query returned, as a string", "把查询返回的行作为字符串提交"),
    )
    return report
