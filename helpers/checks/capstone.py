"""The check of lesson 10 (the capstone): it drives the learner's finished 小U and judges, through the server, what it did.

`check_capstone(client, ask, usage_report, sessions)` takes the build's two functions and the path of its session
map. It asks, as the user `capstone-check`, one question the UAP documents answer and one about the course schedule,
then reads back from the API what happened: the tools the run or response had, the citation, the `ask_database`
call and its output, the thread or conversation both questions went to (and the map's entry for the user), and the
tokens the server counted against what `usage_report` says. It works for either build, on the Assistants API
(`ask` returns the run) or on the Responses API (`ask` returns the responses it made, a list); it never raises.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

from . import Report, check, nothing_yet, say

USER = "capstone-check"
DOC_QUESTION = "密码连续输错几次会锁定账号?"
SCHEDULE_QUESTION = "李四上了几堂课?"
FUNCTION = "ask_database"
_NUMBER = re.compile(r"\d+(?:\.\d+)?")


@check("10.1", "the finished 小U", "完整的小U")
def check_capstone(report: Report, client, ask, usage_report, sessions) -> Report:
    """Exercise 10.1: the finished 小U answers from the documents with a citation, from the schedule through
    ask_database, keeps one thread (or conversation) per user in its session map, and reports the server's usage."""
    _check(report, client, ask, usage_report, sessions)
    return report


def _check(report: Report, client, ask, usage_report, sessions) -> None:
    if not _ready(report, ask, usage_report, sessions):
        return
    before = _usage(report, usage_report)
    if before is None:
        return
    first = _ask(report, ask, DOC_QUESTION)
    if first is None:
        return
    kind = _kind(report, first)
    if kind is None:
        return
    first = _refreshed(client, kind, first)
    _has_both_tools(report, kind, first)
    _cites(report, client, kind, first)
    second = _ask(report, ask, SCHEDULE_QUESTION)
    if second is None or _kind(report, second) != kind:
        return
    second = _refreshed(client, kind, second)
    _uses_the_database(report, client, kind, second)
    where = _same_place(report, kind, first + second)
    if where:
        _saved(report, sessions, where, kind)
    after = _usage(report, usage_report)
    if after is not None:
        _usage_adds_up(report, client, kind, first + second, before, after)


# -- what the learner passed ----------------------------------------------------------------------------------


def _ready(report: Report, ask, usage_report, sessions) -> bool:
    for value, name, how in (
        (ask, "my_ask", say("define my_ask(user, question): it streams 小U's answer and returns the run (or the responses)", "定义 my_ask(user, question)：流式输出小U的回答，返回运行（或那些响应）")),
        (usage_report, "my_usage_report", say("define my_usage_report(user): it returns a dict with total_tokens (and input_tokens, output_tokens, usd)", "定义 my_usage_report(user)：返回一个带 total_tokens（以及 input_tokens、output_tokens、usd）的 dict")),
        (sessions, "MY_SESSIONS", say("the path of the JSON file that maps each user to a thread or conversation id", "那个把每个用户映射到线程或对话 id 的 JSON 文件的路径")),
    ):
        if value is None:
            nothing_yet(report, name, how)
    if report.missing:
        return False
    for value, name in ((ask, "my_ask"), (usage_report, "my_usage_report")):
        if not callable(value):
            report.miss(
                say(f"`{name}` is a {type(value).__name__}, not a function", f"`{name}` 是 {type(value).__name__}，不是函数"),
                say(f"write `def {name}(user, ...):` and pass the function itself, without calling it", f"写成 `def {name}(user, ...):`，传入函数本身，不要调用它"),
            )
    if not isinstance(sessions, (str, Path)):
        report.miss(
            say(f"`MY_SESSIONS` is a {type(sessions).__name__}, not a file path", f"`MY_SESSIONS` 是 {type(sessions).__name__}，不是文件路径"),
            say('give the path of your session map, e.g. Path("my_xiaou_sessions.json")', '传入会话映射文件的路径，比如 Path("my_xiaou_sessions.json")'),
        )
    return not report.missing


def _ask(report: Report, ask, question: str) -> list | None:
    """What ask(USER, question) made: a list of runs or of responses (None, after saying why, when there is none)."""
    try:
        made = ask(USER, question)
    except Exception as error:
        report.miss(
            say(f"my_ask({USER!r}, “{question}”) raised {type(error).__name__}: {error}", f"my_ask({USER!r}, “{question}”) 抛出了 {type(error).__name__}: {error}"),
            say("call it yourself with this question and read the traceback", "用这个问题自己调用一次，看看报错信息"),
        )
        return None
    objects = list(made) if isinstance(made, (list, tuple)) else [made]
    if not objects or not all(getattr(obj, "object", None) in ("thread.run", "response") for obj in objects):
        report.miss(
            say(f"my_ask returned {type(made).__name__}, not a run or a list of responses", f"my_ask 返回的是 {type(made).__name__}，不是运行，也不是响应列表"),
            say("return the run (Assistants API), or every response the question took (Responses API), in a list", "返回运行（Assistants API），或者把这个问题用到的每个响应放进列表返回（Responses API）"),
        )
        return None
    return objects


def _kind(report: Report, objects: list) -> str | None:
    kinds = {obj.object for obj in objects}
    if len(kinds) > 1:
        report.miss(say("my_ask returned runs and responses mixed", "my_ask 返回的运行和响应混在一起"), say("build on one API at a time", "一次只基于一种 API 构建"))
        return None
    return "run" if kinds == {"thread.run"} else "response"


def _refreshed(client, kind: str, objects: list) -> list:
    """Each run or response as the server has it now (the learner may hold a snapshot taken mid-stream)."""
    if kind == "run":
        return [client.beta.threads.runs.retrieve(run.id, thread_id=run.thread_id) for run in objects]
    return [client.responses.retrieve(response.id) for response in objects]


# -- what the server says -------------------------------------------------------------------------------------


def _tool_names(kind: str, obj) -> set[str]:
    names = set()
    for tool in obj.tools or []:
        if tool.type == "function":
            names.add(tool.function.name if kind == "run" else tool.name)
        else:
            names.add(tool.type)
    return names


def _has_both_tools(report: Report, kind: str, objects: list) -> None:
    tools = _tool_names(kind, objects[0])
    lacking = [name for name in ("file_search", FUNCTION) if name not in tools]
    what = say("run", "运行") if kind == "run" else say("response", "响应")
    report.expect(
        not lacking,
        say(f"the {what} has both tools: file_search and {FUNCTION}", f"{what}同时带着两个工具：file_search 和 {FUNCTION}"),
        say(f"the {what} lacks {', '.join(lacking)}", f"{what}缺少 {'、'.join(lacking)}"),
        say(
            "give 小U both: {'type': 'file_search'} with the UAP vector store, and the ask_database function tool"
            if kind == "run"
            else "send both tools with every request: {'type': 'file_search', 'vector_store_ids': [...]} and the ask_database function",
            "给小U两个工具：带 UAP 向量存储的 {'type': 'file_search'}，以及 ask_database 函数工具"
            if kind == "run"
            else "每次请求都带上两个工具：{'type': 'file_search', 'vector_store_ids': [...]} 和 ask_database 函数",
        ),
    )


def _answer_parts(client, kind: str, obj) -> list:
    """The text parts of what a run wrote, or of a response's output messages (each with .annotations)."""
    if kind == "run":
        messages = client.beta.threads.messages.list(thread_id=obj.thread_id, run_id=obj.id)
        return [part.text for message in messages.data for part in message.content if part.type == "text"]
    return [part for item in obj.output if item.type == "message" for part in item.content if part.type == "output_text"]


def _answer_text(client, kind: str, objects: list) -> str:
    return "".join(getattr(part, "value", None) or getattr(part, "text", "") or "" for part in _answer_parts(client, kind, objects[-1]))


def _cites(report: Report, client, kind: str, objects: list) -> None:
    citations = [a for obj in objects for part in _answer_parts(client, kind, obj) for a in part.annotations or [] if a.type == "file_citation"]
    names = []
    for citation in citations:
        name = getattr(citation, "filename", None)
        if name is None:
            try:
                name = client.files.retrieve(citation.file_citation.file_id).filename
            except Exception:  # a file deleted since: its id will do
                name = citation.file_citation.file_id
        names.append(name)
    report.expect(
        bool(citations),
        say(f"“{DOC_QUESTION}” got an answer citing {', '.join(dict.fromkeys(names))}", f"“{DOC_QUESTION}”的回答引用了 {'、'.join(dict.fromkeys(names))}"),
        say(f"the answer to “{DOC_QUESTION}” cites no file", f"“{DOC_QUESTION}”的回答没有引用任何文件"),
        say(
            "the file_search tool needs the vector store with the UAP documents (lesson 08), ingested completely",
            "file_search 工具需要装着 UAP 文档、并且已处理完成的向量存储（第 08 课）",
        ),
    )


def _database_calls(client, kind: str, objects: list) -> tuple[list, dict]:
    """The ask_database calls ([(call id, arguments)]) and the outputs sent back for them ({call id: output})."""
    calls, outputs = [], {}
    if kind == "run":
        for run in objects:
            for step in client.beta.threads.runs.steps.list(run.id, thread_id=run.thread_id, limit=100):
                for call in getattr(step.step_details, "tool_calls", None) or []:
                    if call.type == "function" and call.function.name == FUNCTION:
                        calls.append((call.id, call.function.arguments))
                        if call.function.output is not None:
                            outputs[call.id] = call.function.output
        return calls, outputs
    for response in objects:
        calls += [(item.call_id, item.arguments) for item in response.output if item.type == "function_call" and item.name == FUNCTION]
        for item in client.responses.input_items.list(response.id, limit=100):
            if item.type == "function_call_output":
                outputs[item.call_id] = item.output if isinstance(item.output, str) else json.dumps(item.output, default=str)
    return calls, outputs


def _uses_the_database(report: Report, client, kind: str, objects: list) -> None:
    calls, outputs = _database_calls(client, kind, objects)
    if kind == "response" and any(call_id not in {c for c, _ in calls} for call_id in outputs):
        report.miss(
            say("my_ask returned the answer but not the response that asked for the function", "my_ask 返回了回答，却没有返回请求调用函数的那个响应"),
            say("return every response the question took, in a list: [the one with the function_call, the one that answers]", "把这个问题用到的每个响应都放进列表返回：[带 function_call 的那个, 作答的那个]"),
        )
        return
    if not report.expect(
        bool(calls),
        say(f"“{SCHEDULE_QUESTION}” made 小U call {FUNCTION}", f"“{SCHEDULE_QUESTION}”让小U调用了 {FUNCTION}"),
        say(f"“{SCHEDULE_QUESTION}” made no {FUNCTION} call", f"“{SCHEDULE_QUESTION}”没有引出 {FUNCTION} 调用"),
        say(f"declare {FUNCTION} as a function tool, with the description and parameters of lesson 07", f"把 {FUNCTION} 声明为函数工具，description 和 parameters 照第 07 课写"),
    ):
        return
    answered = [outputs[call_id] for call_id, _ in calls if (outputs.get(call_id) or "").strip()]
    if not report.expect(
        bool(answered),
        say(f"its output came back: {answered[0][:60] if answered else ''}", f"它的输出交回去了：{answered[0][:60] if answered else ''}"),
        say(f"no output was sent back for the {FUNCTION} call", f"{FUNCTION} 调用的输出没有交回去"),
        say(
            "run the function and submit its output (submit_tool_outputs, or FunctionCallingEventHandler while streaming)"
            if kind == "run"
            else "run the function and send {'type': 'function_call_output', 'call_id': call.call_id, 'output': ...} in the next request",
            "执行函数并提交输出（submit_tool_outputs，流式时用 FunctionCallingEventHandler）"
            if kind == "run"
            else "执行函数，在下一个请求里发送 {'type': 'function_call_output', 'call_id': call.call_id, 'output': ...}",
        ),
    ):
        return
    answer = _answer_text(client, kind, objects)
    wanted = {n for output in answered for n in _NUMBER.findall(output)}
    used = bool(answer) and (bool(wanted & set(_NUMBER.findall(answer))) if wanted else any(output.strip()[:20] in answer for output in answered))
    report.expect(
        used,
        say(f"the answer uses it: {answer[:60]}", f"回答用上了它：{answer[:60]}"),
        say("the answer does not use what ask_database returned" if answer else "there is no answer after the function call", "回答没有用上 ask_database 返回的内容" if answer else "函数调用之后没有回答"),
        say(
            "after the output goes back, the run goes on and answers: return the run that finished"
            if kind == "run"
            else "after sending the output, keep going until a response answers in words, and return it last",
            "输出交回去之后运行会继续并作答：返回结束后的运行" if kind == "run" else "发送输出之后继续，直到某个响应用文字作答，并把它放在列表最后",
        ),
    )


def _place(kind: str, obj) -> str | None:
    return obj.thread_id if kind == "run" else getattr(obj.conversation, "id", None)


def _same_place(report: Report, kind: str, objects: list) -> str | None:
    noun = say("thread", "线程") if kind == "run" else say("conversation", "对话")
    places = {_place(kind, obj) for obj in objects}
    if None in places:
        report.miss(
            say("the responses belong to no conversation", "这些响应不属于任何对话"),
            say("create one conversation per user and pass conversation=its id with every request", "为每个用户创建一个对话，每次请求都传入 conversation=它的 id"),
        )
        return None
    if not report.expect(
        len(places) == 1,
        say(f"both questions went to the same {noun}, {next(iter(places))}", f"两个问题进了同一个{noun}：{next(iter(places))}"),
        say(f"the two questions went to {len(places)} different {noun}s", f"两个问题进了 {len(places)} 个不同的{noun}"),
        say(f"look the user up in your map first, and create a {noun} only for a user who has none", f"先在映射里查这个用户，只为还没有{noun}的用户创建新的"),
    ):
        return None
    return next(iter(places))


def _saved(report: Report, sessions, where: str, kind: str) -> None:
    path = Path(sessions)
    try:
        saved = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as error:
        report.miss(
            say(f"cannot read the session map {path.name}: {type(error).__name__}", f"读不了会话映射 {path.name}：{type(error).__name__}"),
            say("write the map as JSON after you create a thread or conversation for a new user", "为新用户创建线程或对话之后，把映射写成 JSON 文件"),
        )
        return
    entry = saved.get(USER) if isinstance(saved, dict) else None
    if isinstance(entry, dict):  # {"thread_id": ...} will do as well as the id itself
        entry = next((value for value in entry.values() if value == where), entry)
    report.expect(
        entry == where,
        say(f"{path.name} maps {USER} to it, so the next session reuses it", f"{path.name} 把 {USER} 映射到它，下次会话会接着用"),
        say(f"{path.name} does not map {USER} to {where}", f"{path.name} 没有把 {USER} 映射到 {where}"),
        say("read the map from the file, and save it there each time you add a user", "从文件读取映射，每加一个用户就写回文件"),
    )


def _usage(report: Report, usage_report) -> dict | None:
    try:
        found = usage_report(USER)
    except Exception as error:
        report.miss(
            say(f"my_usage_report({USER!r}) raised {type(error).__name__}: {error}", f"my_usage_report({USER!r}) 抛出了 {type(error).__name__}: {error}"),
            say("a user with no questions yet should get zeros", "还没提过问题的用户应该得到 0"),
        )
        return None
    total = found.get("total_tokens") if isinstance(found, dict) else None
    if not isinstance(total, (int, float)) or isinstance(total, bool):
        report.miss(
            say(f"my_usage_report returned {found!r:.60}, not a dict with a number under total_tokens", f"my_usage_report 返回的是 {found!r:.60}，不是在 total_tokens 下有数字的 dict"),
            say('return {"input_tokens": ..., "output_tokens": ..., "total_tokens": ..., "usd": ...}', '返回 {"input_tokens": ..., "output_tokens": ..., "total_tokens": ..., "usd": ...}'),
        )
        return None
    return found


def _usage_adds_up(report: Report, client, kind: str, objects: list, before: dict, after: dict) -> None:
    total = sum(obj.usage.total_tokens for obj in objects if obj.usage is not None)
    grew = after["total_tokens"] - before["total_tokens"]
    report.expect(
        grew == total,
        say(f"my_usage_report grew by {total} tokens, what the server counted for the two questions", f"my_usage_report 增加了 {total} 个 token，正是服务器为这两个问题统计的数"),
        say(f"my_usage_report grew by {grew} tokens; the server counted {total} for the two questions", f"my_usage_report 增加了 {grew} 个 token；服务器为这两个问题统计的是 {total}"),
        say(
            "add up usage.total_tokens of every run in the user's thread (runs.list)"
            if kind == "run"
            else "keep the id of every response you make for the user, and add up their usage.total_tokens",
            "把用户线程里每个运行的 usage.total_tokens 加起来（runs.list）" if kind == "run" else "记下为这个用户生成的每个响应的 id，把它们的 usage.total_tokens 加起来",
        ),
    )
