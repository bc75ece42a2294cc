"""Checks for lesson 06 (code interpreter): the run's steps, where the code and its outputs are kept, and a function run on a table of the check's own."""

from __future__ import annotations

import re

from . import Report, check, is_function, kind, nothing_yet, predicted, say
from .runs import fetch, ident, reply_of
from .streaming import streamed_run

LESSON_PROMPT = "用代码计算 1234567 的平方根"
NUMBER = re.compile(r"\d[\d,]*(?:\.\d+)?")


def code_calls(client, run) -> list:
    """Every code_interpreter tool call of a run, in order."""
    steps = client.beta.threads.runs.steps.list(thread_id=run.thread_id, run_id=run.id, order="asc", limit=100).data
    return [call for step in steps if step.type == "tool_calls" for call in step.step_details.tool_calls if call.type == "code_interpreter"]


def logs_of(call) -> str:
    return "".join(output.logs for output in call.code_interpreter.outputs if output.type == "logs")


def latest_run(report: Report, client, thread, name: str = "my_thread", how: str = ""):
    """The newest run on a thread (None, with a hint, if there is none). None is the exercise's cell as it stands."""
    if thread is None:
        nothing_yet(
            report, name, how or say("keep the Thread your code created in it, and run the assistant on it", "把你的代码创建的线程存进去，并在上面运行助手")
        )
        return None
    thread_id = ident(thread)
    if not thread_id:
        report.miss(say("no thread to look at", "没有可检查的线程"), say("pass the Thread your code created", "传入你的代码创建的线程"))
        return None
    page = fetch(report, "thread", client.beta.threads.runs.list, thread_id=thread_id, limit=1)
    if page is None:
        return None
    if not page.data:
        report.miss(
            say("this thread has no run", "这个线程还没有运行"),
            say("run the assistant on it (runs.stream or runs.create_and_poll)", "在它上面运行助手（runs.stream 或 runs.create_and_poll）"),
        )
        return None
    return page.data[0]


STEP_PREDICTIONS = {"a": "a tool_calls step, then message_creation", "b": "only message_creation", "c": "the run fails"}


@check("06.1", "predict the steps of a question without a calculation", "预测不需要计算的问题有哪些步骤")
def check_code_answer(report: Report, client, prediction, thread) -> Report:
    """Exercise 06.1 (predict): a code-interpreter assistant asked a greeting runs no code: one message_creation step."""
    choice = predicted(report, prediction, STEP_PREDICTIONS)
    run = latest_run(report, client, thread, how=say("then find out: ask analyst 你好 on a new thread, and run it", "然后验证：在一个新线程上向 analyst 问“你好”，并运行它"))
    if run is None:
        return report
    asked = [m.content[0].text.value for m in client.beta.threads.messages.list(thread_id=run.thread_id, order="asc", limit=100).data if m.role == "user" and m.content and m.content[0].type == "text"]
    if re.search(r"\d", " ".join(asked)) or "代码" in " ".join(asked) or "code" in " ".join(asked).lower():
        report.miss(
            say(f"the question asks for a calculation or code ({asked[-1][:40]!r}): the experiment is a question without one", f"问题要求计算或写代码（{asked[-1][:40]!r}）：这个实验要问的是不需要计算的问题"),
            say("ask a greeting, such as 你好", "问一句问候，比如“你好”"),
        )
        return report
    if not report.expect(
        run.status == "completed",
        say("the run completed", "运行已完成"),
        say(f"the run is `{run.status}`", f"运行的状态是 `{run.status}`"),
        say("wait for it: runs.create_and_poll, or read the stream to its end", "等它结束：用 runs.create_and_poll，或把流读完"),
    ):
        return report
    steps = [step.type for step in client.beta.threads.runs.steps.list(thread_id=run.thread_id, run_id=run.id, order="asc").data]
    assistant = fetch(report, "assistant", client.beta.assistants.retrieve, run.assistant_id)
    if assistant is None:
        return report
    if not report.expect(
        any(tool.type == "code_interpreter" for tool in run.tools or assistant.tools),
        say("the run had the code interpreter", "这次运行带着代码解释器"),
        say("the run had no code interpreter: the experiment is about an assistant that could run code", "这次运行没有代码解释器：这个实验针对的是能运行代码的助手"),
        say("run analyst, which has tools=[{\"type\": \"code_interpreter\"}]", "运行 analyst，它带有 tools=[{\"type\": \"code_interpreter\"}]"),
    ):
        return report
    report.ok(say(f"its steps: {', '.join(steps)}", f"它的步骤：{', '.join(steps)}"))
    if choice is not None:
        report.expect(
            choice == "b",
            say("your prediction held: a tool is offered, not imposed; the model uses it when code helps", "你的预测没错：工具是提供给模型的，不是强制的；需要代码时模型才会用它"),
            say(f'you predicted "{choice}" ({STEP_PREDICTIONS[choice]}), but the run had {", ".join(steps)}', f'你预测的是 "{choice}"，但这次运行的步骤是 {"、".join(steps)}'),
            say("declaring code_interpreter lets the model write code, it does not oblige it: a greeting needs none. Change your prediction to what you saw", "声明 code_interpreter 只是允许模型写代码，并不强制：一句问候不需要代码。把预测改成你看到的结果"),
        )
    return report


@check("06.2", "a handler that keeps the code", "记下代码的处理器")
def check_code_handler(report: Report, client, handler) -> Report:
    """Exercise 06.2: a handler that keeps the code in `self.code` and the logs in `self.logs`, as the run step recorded them."""
    if handler is None:
        nothing_yet(
            report,
            "code_handler",
            say(
                "finish CodeKeepingHandler, then code_handler = CodeKeepingHandler() and stream a run with event_handler=code_handler",
                "写完 CodeKeepingHandler，然后 code_handler = CodeKeepingHandler()，并用 event_handler=code_handler 流式运行",
            ),
        )
        return report
    code, logs = getattr(handler, "code", None), getattr(handler, "logs", None)
    report.expect(
        isinstance(code, str) and bool(code),
        say("the handler kept code in `self.code`", "处理器把代码记在了 `self.code`"),
        say("`self.code` is missing or empty", "`self.code` 不存在或为空"),
        say(
            "start with self.code = '' in __init__, and add delta.code_interpreter.input in on_tool_call_delta when it is not None",
            "在 __init__ 里写 self.code = '',在 on_tool_call_delta 里当 delta.code_interpreter.input 不为 None 时把它加上",
        ),
    )
    report.expect(
        isinstance(logs, list) and bool(logs),
        say("the handler kept the logs in `self.logs`", "处理器把日志记在了 `self.logs`"),
        say("`self.logs` is missing or empty", "`self.logs` 不存在或为空"),
        say(
            "for each output in delta.code_interpreter.outputs of type 'logs', append output.logs",
            "对 delta.code_interpreter.outputs 中类型为 'logs' 的每个输出，追加 output.logs",
        ),
    )
    run = streamed_run(report, client, handler)
    if run is None:
        return report
    calls = code_calls(client, run)
    if not report.expect(
        bool(calls),
        say(f"the run made {len(calls)} code_interpreter call(s)", f"这次运行有 {len(calls)} 次 code_interpreter 调用"),
        say("the streamed run made no code_interpreter call", "流式运行里没有 code_interpreter 调用"),
        say('ask analyst something like "用代码计算 1234567 的平方根"', '向 analyst 提一个“用代码计算 1234567 的平方根”这样的问题'),
    ):
        return report
    if isinstance(code, str):
        report.expect(
            code == "".join(call.code_interpreter.input for call in calls),
            say("`self.code` is exactly the code the run step recorded", "`self.code` 与运行步骤记录的代码完全一致"),
            say("`self.code` differs from the code the run step recorded", "`self.code` 与运行步骤记录的代码不一致"),
            say("add each input delta once, as it comes; do not add the snapshot", "每个 input 片段到达时只加一次，不要加 snapshot"),
        )
    if isinstance(logs, list):
        report.expect(
            "".join(str(x) for x in logs) == "".join(logs_of(call) for call in calls),
            say("`self.logs` holds exactly the logs of the run step", "`self.logs` 与运行步骤的日志完全一致"),
            say("`self.logs` differs from the logs the run step recorded", "`self.logs` 与运行步骤记录的日志不一致"),
            say("append output.logs for outputs of type 'logs' only", "只追加类型为 'logs' 的 output.logs"),
        )
    return report


@check("06.3", "analyse your own file", "分析你自己的文件")
def check_file_analysis(report: Report, client, thread, file) -> Report:
    """Exercise 06.3: a CSV of your own, uploaded, given to the code interpreter, and summed by code that read it."""
    if file is None:
        nothing_yet(
            report,
            "my_file",
            say("your CSV, uploaded with the Files API for assistants", "你的 CSV，用 Files API 以供助手使用的用途上传"),
        )
        if thread is None:
            nothing_yet(
                report,
                "my_thread",
                say("a new thread whose question hands your file to the code interpreter, and a run of analyst on it", "一个新线程：它的问题把你的文件交给代码解释器；再在上面运行 analyst"),
            )
        return report
    file_id = ident(file)
    uploaded = fetch(report, "file", client.files.retrieve, file_id) if file_id else None
    if uploaded is None:
        if not file_id:
            report.miss(
                say("no file to look at", "没有可检查的文件"),
                say(
                    'upload it with client.files.create(file=..., purpose="assistants") and pass the result',
                    '用 client.files.create(file=..., purpose="assistants") 上传，并传入返回的对象',
                ),
            )
        return report
    report.expect(
        uploaded.purpose == "assistants",
        say("the file was uploaded for assistants", "文件以 assistants 用途上传"),
        say(f"the file's purpose is {uploaded.purpose!r}", f"文件的用途是 {uploaded.purpose!r}"),
        say('upload with purpose="assistants"', '上传时用 purpose="assistants"'),
    )
    run = latest_run(
        report,
        client,
        thread,
        how=say(
            'a new thread whose message asks "统计总销售额" and carries your file, then run analyst on it',
            '新线程，消息问“统计总销售额”并附上你的文件，然后在上面运行 analyst',
        ),
    )
    if run is None:
        return report
    messages = client.beta.threads.messages.list(thread_id=run.thread_id, limit=100).data
    attached = any(a.file_id == file_id for m in messages for a in (m.attachments or []))
    thread_obj = client.beta.threads.retrieve(run.thread_id)
    assistant = client.beta.assistants.retrieve(run.assistant_id)
    on_resources = any(
        owner.tool_resources is not None
        and owner.tool_resources.code_interpreter is not None
        and file_id in (owner.tool_resources.code_interpreter.file_ids or [])
        for owner in (thread_obj, assistant)
    )
    report.expect(
        attached or on_resources,
        say("the code interpreter was given the file", "文件已交给代码解释器"),
        say("the file is neither attached to a message nor in the tool's resources", "文件既没有附在消息上，也不在工具资源里"),
        say(
            'add attachments=[{"file_id": file.id, "tools": [{"type": "code_interpreter"}]}] to your message',
            '给消息加上 attachments=[{"file_id": file.id, "tools": [{"type": "code_interpreter"}]}]',
        ),
    )
    calls = code_calls(client, run)
    read_it = [call for call in calls if f"/mnt/data/{file_id}" in call.code_interpreter.input]
    report.expect(
        bool(read_it),
        say("the run's code read your file (/mnt/data/<file id>)", "运行的代码读取了你的文件（/mnt/data/<文件 id>）"),
        say("no code in the latest run read your file", "最近一次运行的代码没有读你的文件"),
        say(
            'ask "统计总销售额" in the message that carries the file; give your table a sales column (销售额, amount, ...)',
            '在附带文件的消息里问“统计总销售额”；表里要有一列销售额（销售额、amount 等）',
        ),
    )
    reply = reply_of(client, run) if run.status == "completed" else ""
    totals = NUMBER.findall(logs_of(calls[-1])) if calls else []
    report.expect(
        bool(reply) and bool(totals) and totals[-1] in reply,
        say(f"the answer gives the total the code computed ({totals[-1]})" if totals else "", f"回答给出了代码算出的总数（{totals[-1]}）" if totals else ""),
        say("the answer does not give a total that the code printed", "回答里没有代码打印出的总数"),
        say("put numbers in the sales column, and wait until the run completes", "销售额那一列要是数字，并等运行完成"),
    )
    return report


@check("06.4", "the total that never came", "没算出来的总额")
def check_total_sales(report: Report, client, total_sales) -> Report:
    """Exercise 06.4 (debug): total_sales(csv_text) handed its file to file_search; fixed, the code reads it and the reply gives the total."""
    if not is_function(report, total_sales, "total_sales"):
        return report
    rows = [("2024-04-01", "A", 120.25), ("2024-04-02", "B", 80), ("2024-04-03", "A", 300)]
    csv_text = "日期,产品,销售额\n" + "".join(f"{d},{p},{v}\n" for d, p, v in rows)
    expected = f"{sum(v for _, _, v in rows):.2f}"
    try:
        reply = total_sales(csv_text)
    except Exception as error:
        report.miss(say(f"total_sales(csv) raised {type(error).__name__}: {error}", f"total_sales(csv) 抛出了 {type(error).__name__}：{error}"), say("keep its shape: CSV text in, the assistant's reply out", "保持它的样子：传入 CSV 文本，返回助手的回复"))
        return report
    if not isinstance(reply, str):
        report.miss(say(f"total_sales returned {kind(reply)}, not the reply's text", f"total_sales 返回了{kind(reply)}，不是回复文本"), say("return the text of the message the run wrote", "返回运行写出的那条消息的文本"))
        return report
    numbers = {n.replace(",", "") for n in NUMBER.findall(reply)}
    if expected in numbers or expected.rstrip("0").rstrip(".") in numbers:
        report.ok(say(f"on a table that sums to {expected}, the reply gives {expected}", f"对一个总额为 {expected} 的表，回复给出了 {expected}"))
    else:
        report.miss(
            say(f"on a table that sums to {expected}, the reply is {reply[:80]!r}", f"对一个总额为 {expected} 的表，回复是 {reply[:80]!r}"),
            say("which tool is the file handed to, and which tool runs pandas?", "文件交给了哪个工具？哪个工具才会运行 pandas？"),
        )
    return report
