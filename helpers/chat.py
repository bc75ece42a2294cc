"""A chat box for notebooks: type a message, press Enter (or Send), watch the assistant's reply stream in.

    from helpers.chat import ChatBox
    ChatBox(client, assistant.id)                      # a new thread
    ChatBox(client, assistant.id, thread_id=thread.id, functions={"ask_database": ask_database})

It is the lesson's streaming machinery behind a few widgets: the reply is written by the same event
handler the lessons use (helpers.handlers), sent into a transcript instead of stdout. `send("...")`
does from Python what Enter and the button do, which is how it is tested without a browser.

What it does so a learner does not trip:

- Enter sends what the browser has synced, never a stale part of it. A widget's custom message (a Text's
  "submit", a Button's "click") overtakes value updates the browser still holds back, so fast typing
  used to send `h` for `hello there` and leave the rest for the next message. Here the input is a
  Textarea synced as you type and the message goes when its value ends with Enter's newline: the text
  and the request to send it arrive in the same update.
- Each Enter is one message, however fast they come. While the kernel is busy the browser merges its
  updates, so two quick Enters arrive as one value, `first\nsecond\n`: the newlines the kernel had not
  seen before are Enters, each ends a message, and the messages go one after the other, the second once
  the first's run has ended (a thread holds one active run at a time), as in any chat. A newline the
  kernel already saw inside the text (pasted, or Enter mid-text) stays part of its message. A value that
  still starts with a message already sent (the browser typed on before the box's clearing reached it)
  sends only what follows.
- When its assistant (or thread) has been deleted, by a lesson's clean-up cell say, it finds or makes a
  copy and carries on, and its status line says so in a sentence. Other errors show there with a hint.
- It speaks the notebook's language, as the exercise checks do (helpers.checks.language: Chinese in
  notebooks/zh-CN/ or with COURSE_LANGUAGE=zh-CN). The transcript keeps the lessons' `user >` and
  `assistant >`, and run statuses stay the API's values (`completed`).
- Displayed, it carries a static transcript beside the live widget (text/html, text/plain), so a saved
  notebook reads as a conversation where widgets do not run (GitHub), not as `VBox(...)`.
"""

from __future__ import annotations

import html
import os
from collections.abc import Callable

import ipywidgets as widgets
import openai
import traitlets

from .checks import language
from .handlers import FunctionCallingEventHandler

MADE_FOR = "chatbox_for"  # metadata key on an assistant a ChatBox made to replace a deleted one

# Everything the box says, in both languages (README.zh-CN.md's 术语表 for the API's nouns). {name} fields are filled in.
TEXT = {
    "placeholder": ("Type a message and press Enter…", "输入消息，按 Enter 发送……"),
    "send": ("Send", "发送"),
    "ready": ("ready", "就绪"),
    "sending": ("sending", "发送中……"),
    "run_status": ("{status}", "运行状态：{status}"),
    "with_notice": ("{status} · {notice}", "{status} · {notice}"),
    "error_status": ("error {code}: {message} — {hint}", "出错（{code}）：{message} —— {hint}"),
    "error": ("error: {message} — {hint}", "出错：{message} —— {hint}"),
    "new_thread": (
        "The thread {old} had been deleted, so this box continues on a new thread, {new}.",
        "线程 {old} 已被删除，这个 ChatBox 在新线程 {new} 上继续。",
    ),
    "made_copy": (
        "The assistant {old} had been deleted, so this box now talks to a copy of it, {new}.",
        "助手 {old} 已被删除，这个 ChatBox 改用它的副本 {new}。",
    ),
    "found_copy": (
        "The assistant {old} had been deleted, so this box talks to the copy an earlier ChatBox made, {new}.",
        "助手 {old} 已被删除，这个 ChatBox 改用之前的 ChatBox 复制的副本 {new}。",
    ),
    "hint_401": ("Check OPENAI_API_KEY in .env (the simulator accepts any non-empty key).", "检查 .env 里的 OPENAI_API_KEY（模拟器接受任何非空的密钥）。"),
    "hint_404": (
        "Something it needs was deleted (a clean-up cell?): re-run the cells that create it, then make a new ChatBox.",
        "它要用的对象被删除了（清理单元格？）：重新运行创建它的单元格，再新建一个 ChatBox。",
    ),
    "hint_active": ("The thread still has a run going: wait for it to end, or cancel it.", "线程上还有一个运行没有结束：等它结束，或者取消它。"),
    "hint_500": ("The server had an internal error: see its log (.simulator/server.log).", "服务器内部出错：查看它的日志（.simulator/server.log）。"),
    "hint_other": ("Read the message, fix the cause, then send again.", "读一读错误信息，排除原因后再发送。"),
    "hint_simulator": (
        "",
        "{base_url} 上的模拟器没有响应：重新运行第一个单元格（check_backend()）来重启它，或者运行 `make lab`（见 README 的“故障排除”）。",
    ),
    "hint_api": ("", "{base_url} 上的 API 没有响应：检查 .env 里的 OPENAI_BASE_URL 和网络。"),
    "no_messages": ("(no messages yet: run the notebook to chat)", "（还没有消息：运行笔记本后即可聊天）"),
    "static_head": ("ChatBox (thread {thread}, assistant {assistant}); status: {status}", "ChatBox（线程 {thread}，助手 {assistant}）；状态：{status}"),
    "static_html_head": (
        "<b>ChatBox</b> on thread <code>{thread}</code> (a live widget in Jupyter; shown here as its transcript). Status: {status}",
        "<b>ChatBox</b>，线程 <code>{thread}</code>（在 Jupyter 里是可交互的小部件，这里显示它的对话记录）。状态：{status}",
    ),
}


def say(key: str, **values: object) -> str:
    """One of the box's sentences in the notebook's language, its {fields} filled in."""
    english, chinese = TEXT[key]
    return (chinese if language() == "zh-CN" else english).format(**values)


class ChatEventHandler(FunctionCallingEventHandler):
    """Writes the stream into a ChatBox's transcript and shows each run status as it changes."""

    def __init__(self, box: ChatBox) -> None:
        super().__init__(box.client, box.functions)
        self.box = box

    def write(self, text: str) -> None:
        self.box.transcript.value += text

    def on_event(self, event) -> None:
        if event.event.startswith("thread.run.") and not event.event.startswith("thread.run.step."):
            self.box.run = event.data
            self.box.show_status(event.data.status)
        super().on_event(event)  # answers requires_action

    def follow_up(self) -> ChatEventHandler:
        return ChatEventHandler(self.box)


class Transcript(traitlets.HasTraits):
    """The conversation as plain text: what the box shows, and what code and tests read."""

    value = traitlets.Unicode("")


def hint_for(error: Exception, base_url: str) -> str:
    """One sentence on what to do about an error the box shows, in the notebook's language."""
    from .backend import connection_hint, is_loopback

    if isinstance(error, openai.APIConnectionError):
        if language() == "zh-CN":
            return say("hint_simulator" if is_loopback(base_url) else "hint_api", base_url=base_url)
        return connection_hint(base_url)
    status = getattr(error, "status_code", None)
    message = str(getattr(error, "message", error))
    if status == 401:
        return say("hint_401")
    if status == 404:
        return say("hint_404")
    if status == 400 and "active" in message:
        return say("hint_active")
    if status is not None and status >= 500:
        return say("hint_500")
    return say("hint_other")


class StatusLine(traitlets.HasTraits):
    """The status as plain text (what code and tests read); the box shows it in a view that wraps."""

    value = traitlets.Unicode("")


class ChatBox:
    """A transcript that streams, an input (Enter sends), a Send button, and the run's status."""

    def __init__(self, client: openai.OpenAI, assistant_id: str, *, thread_id: str | None = None, functions: dict[str, Callable[..., object]] | None = None) -> None:
        self.client = client
        self.assistant_id = assistant_id
        self.original_assistant_id = assistant_id
        self.thread_id = thread_id or client.beta.threads.create().id
        self.functions = functions or {}
        self.run = None  # the last run, as its last event showed it
        self.notice = ""  # what the box changed by itself (a replaced assistant or thread), shown after the status
        self._assistant_config = self._remember(assistant_id)
        self._sending = False
        self._seen = ""  # the input's value as the browser last sent it
        self._consumed = ""  # the browser value whose messages went already (until the browser starts afresh)

        self.transcript = Transcript()
        self.transcript_view = widgets.HTML()
        # column-reverse keeps the scroll position at the bottom, so the newest text stays in sight.
        scroller = widgets.Box([self.transcript_view], layout=widgets.Layout(height="16em", overflow="auto", display="flex", flex_flow="column-reverse", border="1px solid #ccc", padding="0 6px"))
        self.transcript.observe(self._show_transcript, "value")
        self.input = widgets.Textarea(placeholder=say("placeholder"), rows=2, continuous_update=True, layout=widgets.Layout(flex="1"))
        self.input.observe(self._on_input_value, "value")
        self.send_button = widgets.Button(description=say("send"), button_style="primary")
        # Not a Label: a Label cuts a long line (an error and its hint, a notice) with an ellipsis.
        self.status = StatusLine()
        self.status_view = widgets.HTML()
        self.status.observe(self._show_status_line, "value")
        self.status.value = say("ready")
        self.send_button.on_click(lambda _: self.send())
        self.widget = widgets.VBox([scroller, widgets.HBox([self.input, self.send_button]), self.status_view])

    # -- what the browser sends -------------------------------------------------------------------

    def _on_input_value(self, change) -> None:
        """Enter in the input adds a newline: a value ending in one holds messages to send, one per Enter."""
        if self._sending:  # the box clearing its own input
            return
        value = change["new"]
        seen, self._seen = self._seen, value
        if not value.startswith(self._consumed):
            self._consumed = ""  # the browser took the clearing: nothing in this value went yet
        if not value.endswith("\n"):
            return
        start = len(self._consumed)
        # Newlines the kernel saw before, inside the text, are part of a message; the new ones are Enters.
        known = len(seen) if len(seen) > start and value.startswith(seen) else start
        messages, begin = [], start
        for at in range(known, len(value)):
            if value[at] == "\n":
                messages.append(value[begin:at])
                begin = at + 1
        self._consumed = value
        for text in messages:
            self.send(text)

    def _show_status_line(self, change) -> None:
        self.status_view.value = f"<div style='white-space: normal; overflow-wrap: anywhere; line-height: 1.4'>{html.escape(change['new'])}</div>"

    def _show_transcript(self, change) -> None:
        self.transcript_view.value = f"<pre style='white-space: pre-wrap; margin: 6px 0'>{html.escape(change['new'])}</pre>"

    def show_status(self, status: str) -> None:
        """A run's status (or "sending"), and after it what the box changed by itself, if anything."""
        shown = say("sending") if status == "sending" else say("run_status", status=status)
        self.status.value = say("with_notice", status=shown, notice=self.notice) if self.notice else shown

    # -- display ----------------------------------------------------------------------------------

    def _repr_mimebundle_(self, **kwargs):
        """The live widget for Jupyter, and the transcript so far for every viewer without widgets."""
        bundle = dict(self.widget._repr_mimebundle_(**kwargs) or {})
        bundle["text/plain"] = self.static_text()
        bundle["text/html"] = self.static_html()
        return bundle

    def static_text(self) -> str:
        head = say("static_head", thread=self.thread_id, assistant=self.assistant_id, status=self.status.value)
        return head + ("\n\n" + self.transcript.value if self.transcript.value else "\n" + say("no_messages"))

    def static_html(self) -> str:
        body = html.escape(self.transcript.value) if self.transcript.value else f"<i>{html.escape(say('no_messages'))}</i>"
        head = say("static_html_head", thread=html.escape(self.thread_id), status=html.escape(self.status.value))
        return f"<div class='chatbox-transcript'><p>{head}</p><pre style='white-space: pre-wrap'>{body}</pre></div>"

    # -- sending ----------------------------------------------------------------------------------

    def send(self, text: str | None = None):
        """Send `text` (or what the input holds) and stream the reply; returns the run, or None if nothing was sent."""
        text = (self.input.value if text is None else text).strip()
        if not text or self._sending:
            return None
        self._sending = True
        self.input.value = ""
        self.input.disabled = self.send_button.disabled = True  # one run at a time, as a thread allows
        self.transcript.value += ("\n\n" if self.transcript.value else "") + f"user > {text}\n"
        self.show_status("sending")
        self.run = None
        try:
            self._post(text)
            self._stream()
        except openai.APIStatusError as error:  # shown in the box, not raised out of a button click
            self.status.value = say("error_status", code=error.status_code, message=error.message, hint=hint_for(error, self._base_url()))
            self.run = None
        except openai.APIConnectionError as error:
            self.status.value = say("error", message=error.message, hint=hint_for(error, self._base_url()))
            self.run = None
        finally:
            self.input.disabled = self.send_button.disabled = False
            self._sending = False
        return self.run

    def _post(self, text: str) -> None:
        try:
            self.client.beta.threads.messages.create(thread_id=self.thread_id, role="user", content=text)
        except openai.NotFoundError as error:
            if "No thread found" not in error.message:
                raise
            old = self.thread_id
            self.thread_id = self.client.beta.threads.create().id
            self.notice = say("new_thread", old=old, new=self.thread_id)
            self.client.beta.threads.messages.create(thread_id=self.thread_id, role="user", content=text)

    def _stream(self) -> None:
        try:
            self._stream_once()
        except openai.NotFoundError as error:
            if "No assistant found" not in error.message or self.run is not None:
                raise
            self._replace_assistant()
            self._stream_once()

    def _stream_once(self) -> None:
        handler = ChatEventHandler(self)
        with self.client.beta.threads.runs.stream(thread_id=self.thread_id, assistant_id=self.assistant_id, event_handler=handler) as stream:
            stream.until_done()

    # -- a deleted assistant ----------------------------------------------------------------------

    def _remember(self, assistant_id: str) -> dict | None:
        """What a copy of the assistant needs, read while it still exists (None if it is already gone)."""
        try:
            assistant = self.client.beta.assistants.retrieve(assistant_id)
        except openai.APIError:
            return None
        return {
            "model": assistant.model,
            "name": assistant.name,
            "instructions": assistant.instructions,
            "tools": [tool.model_dump(exclude_none=True) for tool in assistant.tools],
            "metadata": dict(assistant.metadata or {}),
        }

    def _replace_assistant(self) -> None:
        """Use this box's copy of the deleted assistant: one found from an earlier box, or a new one."""
        old = self.original_assistant_id
        for assistant in self.client.beta.assistants.list(limit=100):
            if (assistant.metadata or {}).get(MADE_FOR) == old:
                self.assistant_id = assistant.id
                self.notice = say("found_copy", old=old, new=assistant.id)
                return
        config = dict(self._assistant_config or {"model": "gpt-4o", "name": "ChatBox", "tools": [], "metadata": {}})
        metadata = {key: value for key, value in list(config.pop("metadata", {}).items())[:15]}
        metadata[MADE_FOR] = old
        config = {key: value for key, value in config.items() if value is not None}
        made = self.client.beta.assistants.create(**config, metadata=metadata)
        self.assistant_id = made.id
        self.notice = say("made_copy", old=old, new=made.id)

    def _base_url(self) -> str:
        return str(getattr(self.client, "base_url", "") or os.environ.get("OPENAI_BASE_URL", "")).rstrip("/")
