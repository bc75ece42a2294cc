"""Checks for lesson 05 (streaming): the learner's handlers and functions, streamed on runs (theirs or the check's own), against what the API stored."""

from __future__ import annotations

from . import Report, check, kind, nothing_yet, predicted, say
from .runs import fetch, reply_of

RUN_ENDS = ("thread.run.completed", "thread.run.requires_action", "thread.run.failed", "thread.run.cancelled", "thread.run.incomplete", "thread.run.expired")


def streamed_run(report: Report, client, handler):
    """The run a handler streamed, retrieved again through the API (None, with a hint, if there is none)."""
    run = None
    try:
        run = handler.current_run
    except Exception:  # not an AssistantEventHandler, or never used
        run = None
    if run is None:
        report.miss(
            say("this handler has not streamed a run", "这个处理器还没有处理过流式运行"),
            say(
                "pass the same handler object you gave runs.stream(..., event_handler=handler), after stream.until_done()",
                "传入你交给 runs.stream(..., event_handler=handler) 的那个对象，并且在 stream.until_done() 之后",
            ),
        )
        return None
    return fetch(report, "run", client.beta.threads.runs.retrieve, run_id=run.id, thread_id=run.thread_id)


@check("05.1", "collect the pieces", "收集每个片段")
def check_collected_text(report: Report, client, handler) -> Report:
    """Exercise 05.1: a handler that keeps every text delta in `self.pieces`; together they are the stored reply."""
    if handler is None:
        nothing_yet(
            report,
            "my_handler",
            say(
                "finish CollectingHandler, then my_handler = CollectingHandler() and stream a run with event_handler=my_handler",
                "写完 CollectingHandler，然后 my_handler = CollectingHandler()，并用 event_handler=my_handler 流式运行",
            ),
        )
        return report
    pieces = getattr(handler, "pieces", None)
    if not report.expect(
        isinstance(pieces, list),
        say("the handler has a list `pieces`", "处理器有一个列表 `pieces`"),
        say("the handler has no list `pieces`", "处理器没有列表 `pieces`"),
        say("set self.pieces = [] in __init__ (call super().__init__() first)", "在 __init__ 里写 self.pieces = [](先调用 super().__init__())"),
    ):
        return report
    report.expect(
        len(pieces) > 1,
        say(f"it holds {len(pieces)} pieces", f"里面有 {len(pieces)} 个片段"),
        say(f"it holds {len(pieces)} piece(s): the reply came in more than one", f"里面只有 {len(pieces)} 个片段，而回复是分多次到达的"),
        say("append delta.value in on_text_delta, once per call", "在 on_text_delta 里每次追加 delta.value"),
    )
    run = streamed_run(report, client, handler)
    if run is None:
        return report
    stored = reply_of(client, run)
    joined = "".join(str(p) for p in pieces)
    report.expect(
        bool(stored) and joined == stored,
        say("joined, they are exactly the message stored in the thread", "拼起来与线程里存的消息完全一致"),
        say("joined, they differ from the stored message", "拼起来和存储的消息不一致"),
        say("append delta.value (the new piece), not snapshot.value (the text so far)", "追加 delta.value（新片段），而不是 snapshot.value（到目前为止的全文）"),
    )
    return report


@check("05.2", "the events, in order", "事件及其顺序")
def check_event_order(report: Report, client, handler) -> Report:
    """Exercise 05.2: a handler that records every event's name in `self.events`, in the run's order."""
    if handler is None:
        nothing_yet(
            report,
            "recorder",
            say("a handler of your own that records every event, used for one stream, kept in recorder", "一个记录每个事件的处理器，用它流式运行一次，存进 recorder"),
        )
        return report
    events = [str(e) for e in (getattr(handler, "events", None) or [])]
    if not report.expect(
        bool(events),
        say(f"the handler recorded {len(events)} events", f"处理器记录了 {len(events)} 个事件"),
        say("the handler recorded no events in `self.events`", "处理器的 `self.events` 里没有事件"),
        say("override on_event(self, event) and append event.event (the name, a string)", "重写 on_event(self, event)，追加 event.event（事件名，字符串）"),
    ):
        return report
    report.expect(
        events[0] == "thread.run.created",
        say("the first is thread.run.created", "第一个是 thread.run.created"),
        say(f"the first is {events[0]!r}, not thread.run.created", f"第一个是 {events[0]!r}，不是 thread.run.created"),
        say("record in on_event, which sees every event, not in a narrower callback", "在能看到所有事件的 on_event 里记录，而不是某个更窄的回调"),
    )
    run = streamed_run(report, client, handler)
    if run is not None:
        report.expect(
            events[-1] == f"thread.run.{run.status}",
            say(f"the last is thread.run.{run.status}, as the run ended", f"最后一个是 thread.run.{run.status}，与运行的结局一致"),
            say(f"the last is {events[-1]!r}, but the run ended `{run.status}`", f"最后一个是 {events[-1]!r}，但运行的结局是 `{run.status}`"),
            say(
                "use a fresh handler for each stream, and read the stream to its end (stream.until_done())",
                "每次流式运行都用新的处理器，并把流读完(stream.until_done())",
            ),
        )

    def first(name: str) -> int:
        return events.index(name) if name in events else -1

    created, delta, completed = first("thread.message.created"), first("thread.message.delta"), first("thread.message.completed")
    report.expect(
        0 <= created < delta < completed,
        say("message created, then its deltas, then message completed", "消息事件的顺序是先 created，再 delta，最后 completed"),
        say("the message events are missing or out of order", "消息相关的事件缺失，或者顺序不对"),
        say("record event.event for every event; the names start with thread.message.", "每个事件都记录 event.event；消息事件以 thread.message. 开头"),
    )
    report.expect(
        0 <= first("thread.run.step.created") < created,
        say("the run step was created before the message", "运行步骤在消息之前创建"),
        say("no thread.run.step.created before the message", "消息之前没有 thread.run.step.created"),
        say("keep the step events too; do not filter them out", "运行步骤的事件也要记下，不要过滤掉"),
    )
    return report


class _Captured:
    """A stand-in for sys.stdout that keeps each write: streaming prints many small pieces, a reply printed at the end is one."""

    def __init__(self):
        self.writes: list[str] = []

    def write(self, text) -> int:
        self.writes.append(str(text))
        return len(str(text))

    def flush(self) -> None:
        pass

    @property
    def text(self) -> str:
        return "".join(self.writes)


def _printed(call):
    """Run call() with print going to a _Captured (the learner's prints), and give back (result, captured)."""
    import contextlib

    captured = _Captured()
    with contextlib.redirect_stdout(captured):
        result = call()
    return result, captured


def _tutor(client):
    return client.beta.assistants.create(model="gpt-4-turbo", name="小U", instructions="你叫小U,你是JAVA技术框架 UAP的助手,你负责回答用户关于UAP的问题。")


@check("05.3", "stream_reply", "stream_reply")
def check_stream_reply(report: Report, client, stream_reply) -> Report:
    """Exercise 05.3 (build): the check calls stream_reply(thread_id, question) on a thread of its own: question added, reply printed as it arrived, the whole reply returned."""
    if stream_reply is None:
        nothing_yet(report, "stream_reply", say("define stream_reply(thread_id, question)", "定义 stream_reply(thread_id, question)"))
        return report
    if not callable(stream_reply):
        report.miss(say(f"`stream_reply` is {kind(stream_reply)}, not a function", f"`stream_reply` 是{kind(stream_reply)}，不是函数"), say("def stream_reply(thread_id, question): ...", "def stream_reply(thread_id, question): ..."))
        return report
    thread = client.beta.threads.create()
    try:
        text, printed = _printed(lambda: stream_reply(thread.id, "你是谁?"))
    except Exception as error:
        report.miss(say(f"stream_reply(thread_id, \"你是谁?\") raised {type(error).__name__}: {error}", f"stream_reply(thread_id, \"你是谁?\") 抛出了 {type(error).__name__}：{error}"), say("it gets a thread's id and a question; which assistant streams is yours to choose", "它拿到的是线程 id 和一个问题；用哪个助手来流式运行由你决定"))
        return report
    newest = client.beta.threads.messages.list(thread_id=thread.id, limit=2).data
    if not report.expect(
        len(newest) == 2 and newest[0].role == "assistant" and newest[1].role == "user",
        say("the thread ends with the question and the assistant's reply", "线程的最后是问题和助手的回复"),
        say("the thread does not end with a question and a reply" if newest else "the thread stayed empty", "线程的最后不是一问一答" if newest else "线程还是空的"),
        say("add the question to the thread, then stream a run on it", "先把问题加进线程，再在上面流式运行"),
    ):
        return report
    stored = "".join(p.text.value for p in newest[0].content if p.type == "text")
    report.expect(
        isinstance(text, str) and text == stored,
        say("it returns exactly the stored reply", "返回值与存储的回复完全一致"),
        say(f"it returned {kind(text) if not isinstance(text, str) else repr(text[:60])}, not the stored reply", f"它返回了{kind(text) if not isinstance(text, str) else repr(text[:60])}，不是存储的回复"),
        say("read the stream to its end, then return the whole text (the stream keeps it for you)", "把流读完，再返回完整文本（流会替你保存它）"),
    )
    pieces = [w for w in printed.writes if w.strip()]
    at_once = any(stored in w for w in printed.writes)
    if stored and stored in printed.text and not at_once:
        report.ok(say(f"it printed the reply as it arrived, in {len(pieces)} pieces", f"它边到边打印了回复，共 {len(pieces)} 段"))
    elif stored and at_once:
        report.miss(say("it printed the reply all at once", "它把回复一次性打印了出来"), say("the point of streaming is to show each piece as it arrives: print inside the loop over the pieces (or in on_text_delta)", "流式的意义就是每到一段就显示一段：在遍历片段的循环里（或在 on_text_delta 里）打印"))
    else:
        report.miss(say("it did not print the reply", "它没有打印回复"), say("print each piece as it arrives, with end=\"\" and flush=True", "每到一段就打印，用 end=\"\" 和 flush=True"))
    run = fetch(report, "run", client.beta.threads.runs.retrieve, run_id=newest[0].run_id, thread_id=thread.id) if newest[0].run_id else None
    report.expect(
        run is not None and run.status == "completed",
        say("the run that wrote it completed", "写出回复的运行已完成"),
        say("no completed run wrote the reply", "回复不是由已完成的运行写的"),
        say("stream the run to its end", "把运行流式读完"),
    )
    return report


SNAPSHOT_PREDICTIONS = {"a": "one call, the whole reply", "b": "several calls; the last snapshot is the whole reply", "c": "several calls; the last snapshot is the last piece"}


@check("05.4", "predict the last snapshot", "预测最后的 snapshot")
def check_snapshot_prediction(report: Report, client, prediction, handler) -> Report:
    """Exercise 05.4 (predict): on_text_delta is called once per piece, and its last snapshot is the whole stored reply."""
    choice = predicted(report, prediction, SNAPSHOT_PREDICTIONS)
    if handler is None:
        nothing_yet(report, "watcher", say("then stream a run with a handler that counts its calls and keeps the last snapshot", "然后用一个处理器流式运行：数一数它被调用了几次，并保存最后的 snapshot"))
        return report
    calls, last = getattr(handler, "calls", None), getattr(handler, "last_snapshot", None)
    if not report.expect(
        isinstance(calls, int) and isinstance(last, str),
        say("the handler counted its calls and kept the last snapshot", "处理器数了调用次数，也保存了最后的 snapshot"),
        say("the handler has no `calls` count or no `last_snapshot` text", "处理器没有 `calls` 计数，或没有 `last_snapshot` 文本"),
        say("in on_text_delta: self.calls += 1 and self.last_snapshot = snapshot.value", "在 on_text_delta 里：self.calls += 1，self.last_snapshot = snapshot.value"),
    ):
        return report
    run = streamed_run(report, client, handler)
    if run is None:
        return report
    stored = reply_of(client, run)
    report.expect(
        calls > 1 and last == stored,
        say(f"on_text_delta ran {calls} times, and the last snapshot is the whole reply", f"on_text_delta 运行了 {calls} 次，最后的 snapshot 就是完整的回复"),
        say(f"the handler saw {calls} call(s), and its last snapshot {last[:40]!r} is not the stored reply", f"处理器只看到 {calls} 次调用，最后的 snapshot {last[:40]!r} 也不是存储的回复"),
        say("count every call, and keep snapshot.value (not delta.value) each time", "每次调用都要计数，每次都保存 snapshot.value（而不是 delta.value）"),
    )
    if choice is not None:
        report.expect(
            choice == "b",
            say("your prediction held: a delta is the new piece, a snapshot the text so far", "你的预测没错：delta 是新片段，snapshot 是到目前为止的全文"),
            say(f'you predicted "{choice}" ({SNAPSHOT_PREDICTIONS[choice]}), but it ran {calls} times and ended with the whole reply', f'你预测的是 "{choice}"，但它运行了 {calls} 次，最后的 snapshot 是完整回复'),
            say("a reply streams as many deltas; the snapshot grows with each one. Change your prediction to what you saw", "回复以许多 delta 的形式流过来；snapshot 随每个 delta 增长。把预测改成你看到的结果"),
        )
    return report


@check("05.5", "the printer that stutters", "结巴的打印器")
def check_printer(report: Report, client, printer_class) -> Report:
    """Exercise 05.5 (debug): a Printer handler class that forgot super().__init__() and printed snapshots; the check streams with a new instance and compares what it printed."""
    if not isinstance(printer_class, type):
        report.miss(say(f"`Printer` is {kind(printer_class)}, not the class", f"`Printer` 是{kind(printer_class)}，不是那个类"), say("pass the class itself, Printer, not an instance", "传入类本身 Printer，而不是它的实例"))
        return report
    from openai import AssistantEventHandler

    if not issubclass(printer_class, AssistantEventHandler):
        report.miss(say("Printer is not an AssistantEventHandler", "Printer 不是 AssistantEventHandler"), say("keep class Printer(AssistantEventHandler)", "保留 class Printer(AssistantEventHandler)"))
        return report
    assistant = _tutor(client)
    try:
        thread = client.beta.threads.create(messages=[{"role": "user", "content": "你都能做什么?"}])

        def stream():
            handler = printer_class()
            with client.beta.threads.runs.stream(thread_id=thread.id, assistant_id=assistant.id, event_handler=handler) as running:
                running.until_done()
            return handler

        try:
            _, printed = _printed(stream)
        except Exception as error:
            report.miss(
                say(f"streaming with Printer() raised {type(error).__name__}: {error}", f"用 Printer() 流式运行时抛出了 {type(error).__name__}：{error}"),
                say("a subclass's __init__ replaces its parent's: the handler's own set-up never ran", "子类的 __init__ 会取代父类的：处理器自己的初始化根本没有运行"),
            )
            return report
        report.ok(say("it streams without an error", "流式运行不再报错"))
        runs = client.beta.threads.runs.list(thread_id=thread.id).data
        stored = reply_of(client, runs[0]) if runs else ""
        shown = printed.text.strip()
        if shown == stored.strip():
            report.ok(say("what it printed is exactly the reply", "打印出来的正好是回复"))
        elif stored and shown.count(stored[:2]) > 1 and len(shown) > len(stored):
            report.miss(say(f"it printed {len(shown)} characters for a reply of {len(stored)}: the beginning over and over", f"回复只有 {len(stored)} 个字符，它却打印了 {len(shown)} 个：开头一遍又一遍"), say("what is delta, and what is snapshot?", "delta 是什么？snapshot 又是什么？"))
        else:
            report.miss(say(f"it printed {shown[:60]!r}, not the reply", f"它打印的是 {shown[:60]!r}，不是回复"), say("print each new piece, nothing else, with end=\"\"", "只打印每个新片段，不打印别的，用 end=\"\""))
    finally:
        client.beta.assistants.delete(assistant.id)
    return report
