"""Checks for lesson 07 (function calling): the assistant's declared functions, and runs that waited for your outputs."""

from __future__ import annotations

import json
import re

from . import Report, check, nothing_yet, say
from .code_interpreter import latest_run
from .runs import fetch, ident, reply_of, run_of

NUMBER = re.compile(r"-?\d+(?:\.\d+)?")


def function_calls(client, run) -> list:
    """Every function call of a run, in order, with the output that was submitted for it."""
    steps = client.beta.threads.runs.steps.list(thread_id=run.thread_id, run_id=run.id, order="asc", limit=100).data
    return [call for step in steps if step.type == "tool_calls" for call in step.step_details.tool_calls if call.type == "function"]


def declared(assistant, name: str):
    return next((tool.function for tool in assistant.tools if tool.type == "function" and tool.function.name == name), None)


@check("07.1", "declare get_weather", "声明 get_weather")
def check_weather_function(report: Report, client, assistant) -> Report:
    """Exercise 07.1: an assistant with a function get_weather whose schema requires a string `city`."""
    if assistant is None:
        nothing_yet(
            report,
            "weather_assistant",
            say(
                'weather_assistant = client.beta.assistants.create(model="gpt-4o", tools=[{"type": "function", "function": {"name": "get_weather", ...}}])',
                'weather_assistant = client.beta.assistants.create(model="gpt-4o", tools=[{"type": "function", "function": {"name": "get_weather", ...}}])',
            ),
        )
        return report
    assistant_id = ident(assistant)
    found = fetch(report, "assistant", client.beta.assistants.retrieve, assistant_id) if assistant_id else None
    if found is None:
        if not assistant_id:
            report.miss(say("no assistant to look at", "没有可检查的助手"), say("pass the Assistant your code created", "传入你的代码创建的助手"))
        return report
    function = declared(found, "get_weather")
    if not report.expect(
        function is not None,
        say("the assistant declares a function get_weather", "助手声明了函数 get_weather"),
        say("the assistant has no function named get_weather", "助手没有名为 get_weather 的函数"),
        say('tools=[{"type": "function", "function": {"name": "get_weather", ...}}]', 'tools=[{"type": "function", "function": {"name": "get_weather", ...}}]'),
    ):
        return report
    report.expect(
        bool((function.description or "").strip()),
        say("it has a description (when to call it)", "它有 description（告诉模型何时调用）"),
        say("it has no description", "它没有 description"),
        say(
            'add "description": "查询一个城市今天的天气" (the model decides from it when to call)',
            '加上 "description": "查询一个城市今天的天气"（模型据此决定何时调用）',
        ),
    )
    parameters = function.parameters or {}
    city = (parameters.get("properties") or {}).get("city")
    report.expect(
        parameters.get("type") == "object" and isinstance(city, dict) and city.get("type") == "string",
        say("its parameters have a string property `city`", "参数里有字符串属性 `city`"),
        say("its parameters have no string property `city`", "参数里没有字符串属性 `city`"),
        say(
            '"parameters": {"type": "object", "properties": {"city": {"type": "string", "description": "城市名,如北京"}}, ...}',
            '"parameters": {"type": "object", "properties": {"city": {"type": "string", "description": "城市名,如北京"}}, ...}',
        ),
    )
    report.expect(
        "city" in (parameters.get("required") or []),
        say("`city` is required", "`city` 是必填的（required）"),
        say("`city` is not in `required`", "`city` 不在 `required` 里"),
        say('add "required": ["city"] next to "properties"', '在 "properties" 旁边加上 "required": ["city"]'),
    )
    return report


@check("07.2", "requires_action, then completed", "先 requires_action，后 completed")
def check_round_trip(report: Report, client, run) -> Report:
    """Exercise 07.2: a run that stopped in requires_action, got your outputs, and completed."""
    run = run_of(
        report,
        client,
        run,
        how=say(
            'ask 瓜瓜 "李四上几堂课" with create_and_poll, submit the outputs with submit_tool_outputs_and_poll, and keep the run it returns',
            '用 create_and_poll 向瓜瓜提问“李四上几堂课”，用 submit_tool_outputs_and_poll 提交输出，并保存它返回的运行',
        ),
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
        say("every call got an output from you", "每次调用都收到了你提交的输出"),
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
        how=say(
            'my_thread = client.beta.threads.create(messages=[{"role": "user", "content": "北京今天天气怎么样?"}]), then stream weather_assistant on it',
            'my_thread = client.beta.threads.create(messages=[{"role": "user", "content": "北京今天天气怎么样?"}])，然后在上面流式运行 weather_assistant',
        ),
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
        say("run the assistant from exercise 07.1 (weather_assistant)", "用练习 07.1 的助手（weather_assistant）来运行"),
    )
    calls = [call for call in function_calls(client, run) if call.function.name == "get_weather"]
    if not report.expect(
        bool(calls),
        say("the model called get_weather", "模型调用了 get_weather"),
        say("the latest run never called get_weather", "最近一次运行没有调用 get_weather"),
        say(
            'ask about the weather, e.g. "北京今天天气怎么样?" (words of the question must meet the function\'s name or description)',
            '问天气，比如“北京今天天气怎么样？”（问题里的词要和函数名或 description 对得上）',
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
        say("declare city as required (exercise 07.1)", "把 city 声明为必填（练习 07.1）"),
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
