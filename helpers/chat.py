"""A chat box for notebooks: type a message, press Send, watch the assistant's reply stream in.

    from helpers.chat import ChatBox
    ChatBox(client, assistant.id)                      # a new thread
    ChatBox(client, assistant.id, thread_id=thread.id, functions={"ask_database": ask_database})

It is the lesson's streaming machinery behind four widgets: the reply is written by the same event
handler the lessons use (helpers.handlers), sent into a transcript instead of stdout. `send("...")`
does from Python what the button does, which is how it is tested without a browser.
"""

from __future__ import annotations

from collections.abc import Callable

import ipywidgets as widgets
import openai

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


class ChatBox:
    """An input, a Send button, a transcript that streams, and the run's status."""

    def __init__(self, client: openai.OpenAI, assistant_id: str, *, thread_id: str | None = None, functions: dict[str, Callable[..., object]] | None = None) -> None:
        self.client = client
        self.assistant_id = assistant_id
        self.thread_id = thread_id or client.beta.threads.create().id
        self.functions = functions or {}
        self.run = None  # the last run, as its last event showed it

        self.transcript = widgets.Textarea(value="", disabled=True, layout=widgets.Layout(width="100%", height="16em"))
        self.input = widgets.Text(placeholder="Type a message…", layout=widgets.Layout(flex="1"))
        self.send_button = widgets.Button(description="Send", button_style="primary")
        self.status = widgets.Label(value="ready")
        self.send_button.on_click(lambda _: self.send())
        self.widget = widgets.VBox([self.transcript, widgets.HBox([self.input, self.send_button]), self.status])

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
