"""The chat box, driven from Python as a click would drive it: transcript, status and the thread behind them."""

from __future__ import annotations

import pytest
from openai import OpenAI

from helpers import ChatBox
from tests.support.in_process import TinyModel, serve

pytestmark = pytest.mark.filterwarnings("ignore::DeprecationWarning")


@pytest.fixture
def assistant(client):
    return client.beta.assistants.create(model="gpt-4o", name="瓜瓜")


def test_send_streams_the_reply_into_the_transcript_and_shows_the_status(client, assistant):
    box = ChatBox(client, assistant.id)
    statuses = []
    box.status.observe(lambda change: statuses.append(change["new"]), "value")
    transcripts = []
    box.transcript.observe(lambda change: transcripts.append(change["new"]), "value")

    run = box.send("你说什么?")
    assert box.transcript.value == "user > 你说什么?\n\nassistant > 我是说:我是瓜瓜,有问题尽管问我。"
    assert statuses == ["sending", "queued", "in_progress", "completed"]
    assert box.status.value == "completed" and run.status == "completed" and run.thread_id == box.thread_id
    assert len([t for t in transcripts if "assistant > 我" in t]) > 3  # it grew chunk by chunk, not all at once

    messages = client.beta.threads.messages.list(thread_id=box.thread_id, order="asc").data
    assert [(m.role, m.content[0].text.value) for m in messages] == [("user", "你说什么?"), ("assistant", "我是说:我是瓜瓜,有问题尽管问我。")]


def test_the_button_sends_what_the_input_holds_and_clears_it(client, assistant):
    box = ChatBox(client, assistant.id)
    box.input.value = "你是谁?"
    box.send_button.click()
    assert box.input.value == "" and not box.input.disabled and not box.send_button.disabled
    assert box.transcript.value == "user > 你是谁?\n\nassistant > 我是瓜瓜。有什么可以帮您?"
    box.input.value = "你好"
    box.send_button.click()
    assert box.transcript.value.endswith("\n\nuser > 你好\n\nassistant > 你好!我是瓜瓜,有什么可以帮您?")
    assert len(client.beta.threads.messages.list(thread_id=box.thread_id).data) == 4


def test_an_empty_message_sends_nothing(client, assistant):
    box = ChatBox(client, assistant.id)
    assert box.send("   ") is None
    assert box.transcript.value == "" and box.status.value == "ready"
    assert client.beta.threads.messages.list(thread_id=box.thread_id).data == []


def test_it_continues_an_existing_thread(client, assistant):
    thread = client.beta.threads.create(messages=[{"role": "user", "content": "你好"}])
    box = ChatBox(client, assistant.id, thread_id=thread.id)
    box.send("你说什么?")
    assert len(client.beta.threads.messages.list(thread_id=thread.id).data) == 3


def test_api_errors_show_in_the_status_instead_of_raising(client):
    box = ChatBox(client, "asst_doesnotexist0000000000")
    assert box.send("你好") is None
    assert box.status.value.startswith("error 404:") and "asst_doesnotexist0000000000" in box.status.value
    assert not box.input.disabled and not box.send_button.disabled


def test_functions_are_called_and_the_whole_run_streams_in(tmp_path):
    with serve(tmp_path / "own.db", TinyModel()) as (base, _):
        client = OpenAI(base_url=base, api_key="sk-test", max_retries=0)
        tools = [{"type": "function", "function": {"name": "get_weather", "parameters": {"type": "object", "properties": {"city": {"type": "string"}}}}}]
        assistant = client.beta.assistants.create(model="gpt-4o", tools=tools)
        box = ChatBox(client, assistant.id, functions={"get_weather": lambda city: f"{city}: 晴"})
        statuses = []
        box.status.observe(lambda change: statuses.append(change["new"]), "value")
        run = box.send("weather?")
        assert box.transcript.value == "user > weather?\n\nassistant > function\n\nget_weather({'city': 'Beijing'})\n\nassistant > Weather: Beijing: 晴"
        assert statuses == ["sending", "queued", "in_progress", "requires_action", "queued", "in_progress", "completed"]
        assert run.status == "completed" and box.status.value == "completed"


def test_it_displays_as_a_widget(client, assistant):
    box = ChatBox(client, assistant.id)
    bundle = box._repr_mimebundle_()
    assert "application/vnd.jupyter.widget-view+json" in bundle
    assert box.widget.children[0].children[0] is box.transcript_view and box.status in box.widget.children


def test_the_view_shows_the_transcript_escaped(client, assistant):
    box = ChatBox(client, assistant.id)
    box.send("<b>你是谁?</b>")
    assert "&lt;b&gt;你是谁?&lt;/b&gt;" in box.transcript_view.value and "assistant &gt; 我是瓜瓜" in box.transcript_view.value


def test_enter_in_the_input_sends(client, assistant):
    box = ChatBox(client, assistant.id)
    box.input.value = "你是谁?"
    box.input._handle_custom_msg({"event": "submit"}, [])  # what the browser sends when Enter is pressed
    assert box.input.value == "" and box.transcript.value == "user > 你是谁?\n\nassistant > 我是瓜瓜。有什么可以帮您?"
