"""Lesson 05's exercise checks against right, differently right, typical wrong and nonsense answers, through the session simulator."""

from __future__ import annotations

import pytest
from openai import AssistantEventHandler

from helpers.checks import streaming

pytestmark = pytest.mark.filterwarnings("ignore::DeprecationWarning")

XIAO_U = "你叫小U,你是JAVA技术框架 UAP的助手,你负责回答用户关于UAP的问题。"
NONSENSE = [42, {"id": 1}, "hello", ["x"], 2.5, print]


@pytest.fixture(autouse=True)
def english(monkeypatch):
    monkeypatch.setenv("COURSE_LANGUAGE", "en")


@pytest.fixture
def xiao_u(client):
    return client.beta.assistants.create(name="小U", instructions=XIAO_U, model="gpt-4-turbo")


def passed(report) -> bool:
    assert report.right or report.missing
    return report.passed


def missing(report) -> str:
    assert not report.passed, report.text()
    return "\n".join(f"{what} | {hint}" for what, hint in report.missing)


class Collecting(AssistantEventHandler):
    def __init__(self, use_snapshot=False):
        super().__init__()
        self.pieces, self.events, self.use_snapshot = [], [], use_snapshot
        self.calls, self.last_snapshot = 0, ""

    def on_text_delta(self, delta, snapshot):
        self.pieces.append(snapshot.value if self.use_snapshot else delta.value)
        self.calls += 1
        self.last_snapshot = snapshot.value

    def on_event(self, event):
        self.events.append(event.event)


def stream(client, assistant, text, handler):
    thread = client.beta.threads.create(messages=[{"role": "user", "content": text}])
    with client.beta.threads.runs.stream(thread_id=thread.id, assistant_id=assistant.id, event_handler=handler) as s:
        s.until_done()
    return thread


def test_05_1_collected_pieces(client, xiao_u):
    handler = Collecting()
    stream(client, xiao_u, "你说什么?", handler)
    assert passed(streaming.check_collected_text(client, handler))
    snapshots = Collecting(use_snapshot=True)
    stream(client, xiao_u, "你说什么?", snapshots)
    assert "differ from the stored message" in missing(streaming.check_collected_text(client, snapshots))
    assert "no list `pieces`" in missing(streaming.check_collected_text(client, AssistantEventHandler()))
    assert "has not streamed a run" in missing(streaming.check_collected_text(client, Collecting()))
    assert "still None" in missing(streaming.check_collected_text(client, None))


class MessagesOnly(Collecting):
    def on_event(self, event):
        if event.event.startswith("thread.message"):
            self.events.append(event.event)


def test_05_2_event_order(client, xiao_u):
    handler = Collecting()
    stream(client, xiao_u, "你都能做什么?", handler)
    assert passed(streaming.check_event_order(client, handler))
    filtered = MessagesOnly()
    stream(client, xiao_u, "你都能做什么?", filtered)
    said = missing(streaming.check_event_order(client, filtered))
    assert "not thread.run.created" in said and "step.created" in said
    assert "no events" in missing(streaming.check_event_order(client, Collecting()))
    assert "still None" in missing(streaming.check_event_order(client, None))


def reply_streamer(client, assistant, *, whole=True, printing="pieces", ask=True):
    def stream_reply(thread_id, question):
        if ask:
            client.beta.threads.messages.create(thread_id=thread_id, role="user", content=question)
        with client.beta.threads.runs.stream(thread_id=thread_id, assistant_id=assistant.id) as s:
            if not whole:
                return next(iter(s.text_deltas))
            pieces = []
            for piece in s.text_deltas:
                pieces.append(piece)
                if printing == "pieces":
                    print(piece, end="", flush=True)
        if printing == "at the end":
            print("".join(pieces))
        return "".join(pieces)

    return stream_reply


def test_05_3_stream_reply(client, xiao_u):
    check = streaming.check_stream_reply
    assert passed(check(client, reply_streamer(client, xiao_u)))

    def with_handler(thread_id, question):  # differently right: a handler prints, the final message is returned
        from openai import AssistantEventHandler

        class Show(AssistantEventHandler):
            def on_text_delta(self, delta, snapshot):
                print(delta.value, end="")

        with client.beta.threads.runs.stream(thread_id=thread_id, assistant_id=xiao_u.id, additional_messages=[{"role": "user", "content": question}], event_handler=Show()) as s:
            s.until_done()
            return s.get_final_messages()[-1].content[0].text.value

    assert passed(check(client, with_handler))

    assert "not the stored reply" in missing(check(client, reply_streamer(client, xiao_u, whole=False)))
    assert "all at once" in missing(check(client, reply_streamer(client, xiao_u, printing="at the end")))
    assert "did not print" in missing(check(client, reply_streamer(client, xiao_u, printing="no")))
    assert "does not end with a question and a reply" in missing(check(client, reply_streamer(client, xiao_u, ask=False))) or "stayed empty" in missing(check(client, reply_streamer(client, xiao_u, ask=False)))

    def polled(thread_id, question):  # the typical shortcut: no stream at all
        client.beta.threads.messages.create(thread_id=thread_id, role="user", content=question)
        run = client.beta.threads.runs.create_and_poll(thread_id=thread_id, assistant_id=xiao_u.id)
        text = client.beta.threads.messages.list(thread_id=thread_id, run_id=run.id).data[0].content[0].text.value
        print(text)
        return text

    assert "all at once" in missing(check(client, polled))
    assert "raised" in missing(check(client, lambda thread_id: None))
    assert "still None" in missing(check(client, None))
    assert "not a function" in missing(check(client, "stream_reply"))


def test_05_4_predict_the_last_snapshot(client, xiao_u):
    check = streaming.check_snapshot_prediction
    watcher = Collecting()
    stream(client, xiao_u, "你是谁?", watcher)
    assert passed(check(client, "b", watcher))
    said = missing(check(client, "c", watcher))
    assert 'you predicted "c"' in said and "snapshot grows" in said

    class Deltas(Collecting):
        def on_text_delta(self, delta, snapshot):
            self.calls += 1
            self.last_snapshot = delta.value

    wrong = Deltas()
    stream(client, xiao_u, "你是谁?", wrong)
    assert "is not the stored reply" in missing(check(client, "b", wrong))
    assert "no `calls` count" in missing(check(client, "b", AssistantEventHandler()))
    assert "has not streamed a run" in missing(check(client, "b", Collecting()))
    assert "still None" in missing(check(client, None, None))
    assert "one of" in missing(check(client, "snapshot", watcher))


def test_05_5_the_printer(client):
    check = streaming.check_printer

    class Fixed(AssistantEventHandler):
        def __init__(self):
            super().__init__()
            self.count = 0

        def on_text_delta(self, delta, snapshot):
            self.count += 1
            print(delta.value, end="", flush=True)

    class NoInit(AssistantEventHandler):  # differently right: no __init__ at all, the count kept elsewhere
        def on_text_delta(self, delta, snapshot):
            print(delta.value, end="")

    assert passed(check(client, Fixed))
    assert passed(check(client, NoInit))

    class Broken(AssistantEventHandler):
        def __init__(self):
            self.count = 0

        def on_text_delta(self, delta, snapshot):
            self.count += 1
            print(snapshot.value, end="", flush=True)

    class HalfFixed(Broken):
        def __init__(self):
            super().__init__()
            AssistantEventHandler.__init__(self)

    assert "replaces its parent's" in missing(check(client, Broken))
    assert "over and over" in missing(check(client, HalfFixed))
    assert "not the class" in missing(check(client, Fixed()))
    assert "not an AssistantEventHandler" in missing(check(client, dict))


@pytest.mark.parametrize("value", NONSENSE)
def test_every_lesson_05_check_reports_on_nonsense(client, value):
    for report in [
        streaming.check_collected_text(client, value),
        streaming.check_event_order(client, value),
        streaming.check_stream_reply(client, value),
        streaming.check_snapshot_prediction(client, value, value),
        streaming.check_printer(client, value),
    ]:
        assert not report.passed and report.missing, report.text()
        assert "still None" not in report.text()
