"""A chat box for notebooks: type a message, press Enter (or Send), watch the assistant's reply stream in.

    from helpers.chat import ChatBox
    ChatBox(client, assistant.id)                      # a new thread
    ChatBox(client, assistant.id, thread_id=thread.id, functions={"ask_database": ask_database})

It is the lesson's streaming machinery behind a few widgets: the reply is written by the same event
handler the lessons use (helpers.handlers), sent into a transcript instead of stdout. `send("...")`
does from Python what Enter and the button do, which is how it is tested without a browser.

Three things it does so a learner does not trip:

- Enter sends what the browser has synced, never a stale part of it. A widget's custom message (a Text's
  "submit", a Button's "click") overtakes value updates the browser still holds back, so fast typing
  used to send `h` for `hello there` and leave the rest for the next message. Here the input is a
  Textarea synced as you type and the message goes when its value ends with Enter's newline: the text
  and the request to send it arrive in the same update.
- When its assistant (or thread) has been deleted, by a lesson's clean-up cell say, it finds or makes a
  copy and carries on, and its status line says so. Other errors show in the status line with a hint.
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

from .handlers import FunctionCallingEventHandler

MADE_FOR = "chatbox_for"  # metadata key on an assistant a ChatBox made to replace a deleted one


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
    """One sentence on what to do about an error the box shows."""
    from .backend import connection_hint

    if isinstance(error, openai.APIConnectionError):
        return connection_hint(base_url)
    status = getattr(error, "status_code", None)
    message = str(getattr(error, "message", error))
    if status == 401:
        return "Check OPENAI_API_KEY in .env (the simulator accepts any non-empty key)."
    if status == 404:
        return "Something it needs was deleted (a clean-up cell?): re-run the cells that create it, then make a new ChatBox."
    if status == 400 and "active" in message:
        return "The thread still has a run going: wait for it to end, or cancel it."
    if status is not None and status >= 500:
        return "The server had an internal error: see its log (.simulator/server.log)."
    return "Read the message, fix the cause, then send again."


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

        self.transcript = Transcript()
        self.transcript_view = widgets.HTML()
        # column-reverse keeps the scroll position at the bottom, so the newest text stays in sight.
        scroller = widgets.Box([self.transcript_view], layout=widgets.Layout(height="16em", overflow="auto", display="flex", flex_flow="column-reverse", border="1px solid #ccc", padding="0 6px"))
        self.transcript.observe(self._show_transcript, "value")
        self.input = widgets.Textarea(placeholder="Type a message and press Enter…", rows=2, continuous_update=True, layout=widgets.Layout(flex="1"))
        self.input.observe(self._on_input_value, "value")
        self.send_button = widgets.Button(description="Send", button_style="primary")
        self.status = widgets.Label(value="ready")
        self.send_button.on_click(lambda _: self.send())
        self.widget = widgets.VBox([scroller, widgets.HBox([self.input, self.send_button]), self.status])

    # -- what the browser sends -------------------------------------------------------------------

    def _on_input_value(self, change) -> None:
        """Enter in the input adds a newline: a value ending in one is a message to send, whole."""
        value = change["new"]
        if self._sending or not value.endswith("\n"):
            return
        self.send(value)

    def _show_transcript(self, change) -> None:
        self.transcript_view.value = f"<pre style='white-space: pre-wrap; margin: 6px 0'>{html.escape(change['new'])}</pre>"

    def show_status(self, status: str) -> None:
        self.status.value = f"{status} · {self.notice}" if self.notice else status

    # -- display ----------------------------------------------------------------------------------

    def _repr_mimebundle_(self, **kwargs):
        """The live widget for Jupyter, and the transcript so far for every viewer without widgets."""
        bundle = dict(self.widget._repr_mimebundle_(**kwargs) or {})
        bundle["text/plain"] = self.static_text()
        bundle["text/html"] = self.static_html()
        return bundle

    def static_text(self) -> str:
        head = f"ChatBox (thread {self.thread_id}, assistant {self.assistant_id}); status: {self.status.value}"
        return head + ("\n\n" + self.transcript.value if self.transcript.value else "\n(no messages yet: run the notebook to chat)")

    def static_html(self) -> str:
        body = html.escape(self.transcript.value) if self.transcript.value else "<i>(no messages yet: run the notebook to chat)</i>"
        return (
            "<div class='chatbox-transcript'>"
            f"<p><b>ChatBox</b> on thread <code>{html.escape(self.thread_id)}</code> "
            f"(a live widget in Jupyter; shown here as its transcript). Status: {html.escape(self.status.value)}</p>"
            f"<pre style='white-space: pre-wrap'>{body}</pre></div>"
        )

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
            self.status.value = f"error {error.status_code}: {error.message} — {hint_for(error, self._base_url())}"
            self.run = None
        except openai.APIConnectionError as error:
            self.status.value = f"error: {error.message} — {hint_for(error, self._base_url())}"
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
            self.notice = f"thread {old} was deleted: this box continues on a new thread {self.thread_id}"
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
                self.notice = f"assistant {old} was deleted: using {assistant.id}, the copy a ChatBox made earlier"
                return
        config = dict(self._assistant_config or {"model": "gpt-4o", "name": "ChatBox", "tools": [], "metadata": {}})
        metadata = {key: value for key, value in list(config.pop("metadata", {}).items())[:15]}
        metadata[MADE_FOR] = old
        config = {key: value for key, value in config.items() if value is not None}
        made = self.client.beta.assistants.create(**config, metadata=metadata)
        self.assistant_id = made.id
        self.notice = f"assistant {old} was deleted: the box made a copy, {made.id}"

    def _base_url(self) -> str:
        return str(getattr(self.client, "base_url", "") or os.environ.get("OPENAI_BASE_URL", "")).rstrip("/")
