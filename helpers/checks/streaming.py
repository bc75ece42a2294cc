"""Checks for lesson 05 (streaming): they take the learner's event handler (or what it returned) and compare it with what the API stored."""

from __future__ import annotations

from . import Report, check, nothing_yet, say
from .runs import fetch, ident, reply_of

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
            say(
                "finish EventRecorder, then recorder = EventRecorder() and stream a run with event_handler=recorder",
                "写完 EventRecorder，然后 recorder = EventRecorder()，并用 event_handler=recorder 流式运行",
            ),
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


@check("05.3", "stream_reply", "stream_reply")
def check_stream_reply(report: Report, client, thread, text) -> Report:
    """Exercise 05.3: stream_reply(thread_id, question) added the question, streamed a run and returned its reply."""
    if thread is None:
        nothing_yet(report, "my_thread", say("my_thread = client.beta.threads.create()", "my_thread = client.beta.threads.create()"))
        if text is None:
            nothing_yet(
                report,
                "answer",
                say(
                    'finish stream_reply, then answer = stream_reply(my_thread.id, "你是谁?")',
                    '写完 stream_reply，然后 answer = stream_reply(my_thread.id, "你是谁？")',
                ),
            )
        return report
    thread_id = ident(thread)
    if (
        not report.expect(
            isinstance(text, str) and bool(text),
            say("stream_reply returned text", "stream_reply 返回了文本"),
            say(f"stream_reply returned {type(text).__name__}, not the reply's text", f"stream_reply 返回的是 {type(text).__name__}，不是回复文本"),
            say(
                "return stream.get_final_messages()[-1].content[0].text.value, or join stream.text_deltas",
                "返回 stream.get_final_messages()[-1].content[0].text.value，或把 stream.text_deltas 拼起来",
            ),
        )
        or not thread_id
    ):
        return report
    page = fetch(report, "thread", client.beta.threads.messages.list, thread_id=thread_id, limit=2)
    if page is None:
        return report
    newest = page.data
    report.expect(
        len(newest) == 2 and newest[0].role == "assistant" and newest[1].role == "user",
        say("the thread ends with your question and the assistant's reply", "线程的最后是你的问题和助手的回复"),
        say("the thread does not end with a question and a reply", "线程的最后不是一问一答"),
        say("add the question with messages.create(role='user', ...) before streaming the run", "流式运行之前，先用 messages.create(role='user', ...) 添加问题"),
    )
    if newest and newest[0].role == "assistant":
        stored = "".join(p.text.value for p in newest[0].content if p.type == "text")
        report.expect(
            stored == text,
            say("what you returned is exactly the stored reply", "返回值与存储的回复完全一致"),
            say("what you returned differs from the stored reply", "返回值与存储的回复不一致"),
            say(
                "read the stream to its end before you return (until_done, or iterate text_deltas fully)",
                "返回之前把流读完（until_done，或把 text_deltas 迭代完）",
            ),
        )
        run = fetch(report, "run", client.beta.threads.runs.retrieve, run_id=newest[0].run_id, thread_id=thread_id) if newest[0].run_id else None
        report.expect(
            run is not None and run.status == "completed",
            say("the run that wrote it completed", "写出回复的运行已完成"),
            say("no completed run wrote the reply", "回复不是由已完成的运行写的"),
            say(
                "start the run with client.beta.threads.runs.stream(thread_id=..., assistant_id=...)",
                "用 client.beta.threads.runs.stream(thread_id=..., assistant_id=...) 启动运行",
            ),
        )
    return report
