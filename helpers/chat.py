"""A chat box for notebooks: type a message, press Send, watch the assistant's reply stream in.

    from helpers.chat import ChatBox
    ChatBox(client, assistant.id)                      # a new thread
    ChatBox(client, assistant.id, thread_id=thread.id, functions={"ask_database": ask_database})

It is the lesson's streaming machinery behind four widgets: the reply is written by the same event
handler the lessons use (helpers.handlers), sent into a transcript instead of stdout. `send("...")`
does from Python what the button does, which is how it is tested without a browser.
"""

from __future__ import annotations

import html
from collections.abc import Callable

import ipywidgets as widgets
import openai
import traitlets

from .handlers import FunctionCallingEventHandler


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
            self.box.status.value = event.data.status
        super().on_event(event)  # answers requires_action

    def follow_up(self) -> ChatEventHandler:
        return ChatEventHandler(self.box)


class Transcript(traitlets.HasTraits):
    """The conversation as plain text: what the box shows, and what code and tests read."""

    value = traitlets.Unicode("")


class ChatBox:
    """An input, a Send button (or Enter), a transcript that streams, and the run's status."""

    def __init__(self, client: openai.OpenAI, assistant_id: str, *, thread_id: str | None = None, functions: dict[str, Callable[..., object]] | None = None) -> None:
        self.client = client
        self.assistant_id = assistant_id
        self.thread_id = thread_id or client.beta.threads.create().id
        self.functions = functions or {}
        self.run = None  # the last run, as its last event showed it

        self.transcript = Transcript()
        self.transcript_view = widgets.HTML()
        # column-reverse keeps the scroll position at the bottom, so the newest text stays in sight.
        scroller = widgets.Box([self.transcript_view], layout=widgets.Layout(height="16em", overflow="auto", display="flex", flex_flow="column-reverse", border="1px solid #ccc", padding="0 6px"))
        self.transcript.observe(self._show_transcript, "value")
        self.input = widgets.Text(placeholder="Type a message and press Enter…", layout=widgets.Layout(flex="1"))
        self.input.on_msg(self._on_input_message)
        self.send_button = widgets.Button(description="Send", button_style="primary")
        self.status = widgets.Label(value="ready")
        self.send_button.on_click(lambda _: self.send())
        self.widget = widgets.VBox([scroller, widgets.HBox([self.input, self.send_button]), self.status])

    def _show_transcript(self, change) -> None:
        self.transcript_view.value = f"<pre style='white-space: pre-wrap; margin: 6px 0'>{html.escape(change['new'])}</pre>"

    def _on_input_message(self, widget, content, buffers) -> None:
        if content.get("event") == "submit":  # the input's Enter key
            self.send()

    def _repr_mimebundle_(self, **kwargs):
        return self.widget._repr_mimebundle_(**kwargs)

    def send(self, text: str | None = None):
        """Send `text` (or what the input holds) and stream the reply; returns the run, or None if nothing was sent."""
        text = (self.input.value if text is None else text).strip()
        if not text:
            return None
        self.input.value = ""
        self.input.disabled = self.send_button.disabled = True  # one run at a time, as a thread allows
        self.transcript.value += ("\n\n" if self.transcript.value else "") + f"user > {text}\n"
        self.status.value = "sending"
        self.run = None
        try:
            self.client.beta.threads.messages.create(thread_id=self.thread_id, role="user", content=text)
            handler = ChatEventHandler(self)
            with self.client.beta.threads.runs.stream(thread_id=self.thread_id, assistant_id=self.assistant_id, event_handler=handler) as stream:
                stream.until_done()
        except openai.APIStatusError as error:  # shown in the box, not raised out of a button click
            self.status.value = f"error {error.status_code}: {error.message}"
        except openai.APIConnectionError as error:
            self.status.value = f"error: {error.message}"
        finally:
            self.input.disabled = self.send_button.disabled = False
        return self.run
