"""The chat box, driven from Python as a click would drive it: transcript, status and the thread behind them."""

from __future__ import annotations

import ipywidgets as widgets
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


def test_api_errors_show_in_the_status_with_a_hint_instead_of_raising(tmp_path):
    with serve(tmp_path / "own.db", TinyModel()) as (base, _):
        client = OpenAI(base_url=base, api_key="sk-test", max_retries=0)
        tools = [{"type": "function", "function": {"name": "get_weather", "parameters": {"type": "object", "properties": {"city": {"type": "string"}}}}}]
        assistant = client.beta.assistants.create(model="gpt-4o", tools=tools)
        thread = client.beta.threads.create(messages=[{"role": "user", "content": "weather?"}])
        assert client.beta.threads.runs.create_and_poll(thread_id=thread.id, assistant_id=assistant.id).status == "requires_action"
        box = ChatBox(client, assistant.id, thread_id=thread.id)
        assert box.send("你好") is None
        assert box.status.value.startswith("error 400:") and "active" in box.status.value
        assert box.status.value.endswith("— The thread still has a run going: wait for it to end, or cancel it.")  # the error, then what to do
        assert not box.input.disabled and not box.send_button.disabled


def test_a_stopped_simulator_shows_what_to_do(client):
    from simulator.launch import free_port

    dead = f"http://127.0.0.1:{free_port()}/v1"
    box = ChatBox(OpenAI(base_url=dead, api_key="sk-test", max_retries=0), "asst_x", thread_id="thread_x")
    assert box.send("你好") is None
    assert box.status.value.startswith("error: Connection error.")
    assert f"The simulator at {dead} is not answering" in box.status.value and "check_backend()" in box.status.value


def test_a_deleted_assistant_is_replaced_and_the_status_says_so(client, assistant):
    """Lesson 05 under Run All: its clean-up cell deletes the box's assistant; typing must still get an answer."""
    box = ChatBox(client, assistant.id)
    box.send("你是谁?")
    assert client.beta.assistants.delete(assistant.id).deleted  # the clean-up cell

    run = box.send("你说什么?")
    assert run is not None and run.status == "completed", box.status.value
    assert box.assistant_id != assistant.id and run.assistant_id == box.assistant_id
    assert box.status.value == f"completed · The assistant {assistant.id} had been deleted, so this box now talks to a copy of it, {box.assistant_id}."
    assert box.transcript.value.endswith("user > 你说什么?\n\nassistant > 我是说:我是瓜瓜,有问题尽管问我。")  # the copy is 瓜瓜 too
    copy = client.beta.assistants.retrieve(box.assistant_id)
    assert copy.name == "瓜瓜" and copy.model == "gpt-4o" and copy.metadata["chatbox_for"] == assistant.id

    again = ChatBox(client, assistant.id)  # re-running the cell: the same copy, not one more
    assert again.send("你好").status == "completed" and again.assistant_id == copy.id
    assert again.status.value == f"completed · The assistant {assistant.id} had been deleted, so this box talks to the copy an earlier ChatBox made, {copy.id}."
    assert len([a for a in client.beta.assistants.list(limit=100) if (a.metadata or {}).get("chatbox_for") == assistant.id]) == 1


def test_a_deleted_thread_is_replaced(client, assistant):
    thread = client.beta.threads.create()
    box = ChatBox(client, assistant.id, thread_id=thread.id)
    client.beta.threads.delete(thread.id)
    run = box.send("你是谁?")
    assert run.status == "completed" and box.thread_id != thread.id and run.thread_id == box.thread_id
    assert box.status.value == f"completed · The thread {thread.id} had been deleted, so this box continues on a new thread, {box.thread_id}."


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
    assert box.widget.children[0].children[0] is box.transcript_view and box.status_view in box.widget.children


def test_the_view_shows_the_transcript_escaped(client, assistant):
    box = ChatBox(client, assistant.id)
    box.send("<b>你是谁?</b>")
    assert "&lt;b&gt;你是谁?&lt;/b&gt;" in box.transcript_view.value and "assistant &gt; 我是瓜瓜" in box.transcript_view.value


def browser_update(widget, value):
    """A value update from the browser, as the kernel receives it."""
    widget._handle_msg({"content": {"data": {"method": "update", "state": {"value": value}, "buffer_paths": []}}, "buffers": []})


def type_fast_then_press_enter(box, text):
    """What the browser sends when `text` is typed faster than the kernel acknowledges updates, then Enter.

    ipywidgets sends the first keystroke's value at once and holds later ones back, merged into one update, until
    the kernel has answered; a custom message (a Text's Enter "submit", a Button's click) is not held back, so it
    overtakes them. A Textarea's Enter is a newline: it travels inside the held-back value."""
    browser_update(box.input, text[0])
    if isinstance(box.input, widgets.Textarea):
        browser_update(box.input, text + "\n")
    else:
        box.input._handle_custom_msg({"event": "submit"}, [])
        browser_update(box.input, text)


def test_enter_sends_the_whole_message_however_fast_it_was_typed(client, assistant):
    box = ChatBox(client, assistant.id)
    type_fast_then_press_enter(box, "你是谁?")
    assert box.transcript.value == "user > 你是谁?\n\nassistant > 我是瓜瓜。有什么可以帮您?"
    assert box.input.value == ""  # nothing left over for the next message
    type_fast_then_press_enter(box, "你好")
    assert box.transcript.value.endswith("\n\nuser > 你好\n\nassistant > 你好!我是瓜瓜,有什么可以帮您?")
    assert [m.content[0].text.value for m in client.beta.threads.messages.list(thread_id=box.thread_id, order="asc").data if m.role == "user"] == ["你是谁?", "你好"]


def test_typing_without_enter_sends_nothing_and_a_pasted_newline_inside_waits(client, assistant):
    box = ChatBox(client, assistant.id)
    browser_update(box.input, "你")
    browser_update(box.input, "第一行\n第二行")  # a newline inside (pasted, or Enter mid-text) is part of the message
    assert box.transcript.value == "" and box.status.value == "ready"
    browser_update(box.input, "第一行\n第二行\n")
    assert box.transcript.value.startswith("user > 第一行\n第二行\n") and box.input.value == ""


def test_displayed_it_carries_a_static_transcript_for_viewers_without_widgets(client, assistant):
    box = ChatBox(client, assistant.id)
    bundle = box._repr_mimebundle_()
    assert "(no messages yet" in bundle["text/html"] and "(no messages yet" in bundle["text/plain"]
    box.send("<b>你是谁?</b>")
    bundle = box._repr_mimebundle_()
    assert "application/vnd.jupyter.widget-view+json" in bundle  # JupyterLab still shows the live widget
    assert not bundle["text/plain"].startswith("VBox(") and "assistant > 我是瓜瓜" in bundle["text/plain"]  # what GitHub used to show
    assert "&lt;b&gt;你是谁?&lt;/b&gt;" in bundle["text/html"] and "assistant &gt; 我是瓜瓜" in bundle["text/html"]
    assert box.thread_id in bundle["text/html"]


def user_messages(client, box):
    return [m.content[0].text.value for m in client.beta.threads.messages.list(thread_id=box.thread_id, order="asc").data if m.role == "user"]


def test_two_fast_enters_send_two_messages_in_order(client, assistant):
    """Enter, more typing, Enter again before the kernel saw the first: one update holds both lines.

    Each Enter is a message, as in any chat: the second is posted when the first's run has ended (a thread holds one
    active run at a time), so the transcript reads question, answer, question, answer."""
    box = ChatBox(client, assistant.id)
    browser_update(box.input, "你")
    browser_update(box.input, "你是谁?\n你好\n")
    assert user_messages(client, box) == ["你是谁?", "你好"]
    assert box.transcript.value == "user > 你是谁?\n\nassistant > 我是瓜瓜。有什么可以帮您?\n\nuser > 你好\n\nassistant > 你好!我是瓜瓜,有什么可以帮您?"
    assert box.status.value == "completed" and box.input.value == ""


def test_a_held_back_update_that_repeats_a_sent_message_sends_only_what_is_new(client, assistant):
    """The kernel sent the first line and cleared the box, but the browser had already typed on: its next update
    still starts with the first line. That line went already; only the new one goes."""
    box = ChatBox(client, assistant.id)
    browser_update(box.input, "你是谁?")
    browser_update(box.input, "你是谁?\n")
    browser_update(box.input, "你是谁?\n你好\n")
    assert user_messages(client, box) == ["你是谁?", "你好"]
    browser_update(box.input, "你")  # the browser starts afresh: the same words again are a new message
    browser_update(box.input, "你好\n")
    assert user_messages(client, box) == ["你是谁?", "你好", "你好"]


def test_a_pasted_newline_stays_inside_its_message_even_with_enters_around(client, assistant):
    box = ChatBox(client, assistant.id)
    browser_update(box.input, "第一行\n第二行")  # pasted: the kernel sees it without a final Enter
    browser_update(box.input, "第一行\n第二行\n你好\n")  # Enter, then one more line and Enter, in one update
    assert user_messages(client, box) == ["第一行\n第二行", "你好"]


@pytest.fixture
def chinese(monkeypatch):
    monkeypatch.setenv("COURSE_LANGUAGE", "zh-CN")


def test_a_chinese_notebook_gets_a_chinese_box(client, assistant, chinese):
    box = ChatBox(client, assistant.id)
    assert box.status.value == "就绪" and box.send_button.description == "发送" and "Enter" in box.input.placeholder
    assert "输入" in box.input.placeholder
    statuses = []
    box.status.observe(lambda change: statuses.append(change["new"]), "value")
    box.send("你是谁?")
    assert statuses == ["发送中……", "运行状态：queued", "运行状态：in_progress", "运行状态：completed"]
    assert "尚无消息" not in box.static_html() and "线程" in box.static_html() and "on thread" not in box.static_html()


def test_the_kernel_folder_picks_the_language(client, assistant, monkeypatch, tmp_path):
    monkeypatch.delenv("COURSE_LANGUAGE", raising=False)
    folder = tmp_path / "notebooks" / "zh-CN"
    folder.mkdir(parents=True)
    monkeypatch.chdir(folder)
    assert ChatBox(client, assistant.id).status.value == "就绪"
    monkeypatch.chdir(tmp_path / "notebooks")
    assert ChatBox(client, assistant.id).status.value == "ready"


def test_notices_read_naturally_in_chinese(client, assistant, chinese):
    box = ChatBox(client, assistant.id)
    assert client.beta.assistants.delete(assistant.id).deleted
    box.send("你说什么?")
    assert box.status.value == f"运行状态：completed · 助手 {assistant.id} 已被删除，这个 ChatBox 改用它的副本 {box.assistant_id}。"
    again = ChatBox(client, assistant.id)
    again.send("你好")
    assert again.status.value == f"运行状态：completed · 助手 {assistant.id} 已被删除，这个 ChatBox 改用之前的 ChatBox 复制的副本 {box.assistant_id}。"
    thread = client.beta.threads.create()
    moved = ChatBox(client, box.assistant_id, thread_id=thread.id)
    client.beta.threads.delete(thread.id)
    moved.send("你好")
    assert moved.status.value == f"运行状态：completed · 线程 {thread.id} 已被删除，这个 ChatBox 在新线程 {moved.thread_id} 上继续。"


def test_errors_and_hints_are_chinese_in_a_chinese_notebook(chinese):
    from simulator.launch import free_port

    dead = f"http://127.0.0.1:{free_port()}/v1"
    box = ChatBox(OpenAI(base_url=dead, api_key="sk-test", max_retries=0), "asst_x", thread_id="thread_x")
    assert box.send("你好") is None
    assert box.status.value.startswith("出错：Connection error.")
    assert f"{dead} 上的模拟器没有响应" in box.status.value and "check_backend()" in box.status.value


def test_a_long_status_wraps_instead_of_being_cut(client, assistant):
    """A Label cuts a long line with an ellipsis; the status view wraps, and shows the line escaped."""
    box = ChatBox(client, assistant.id)
    box.status.value = "error 400: <b>x</b> " + "word " * 60
    assert isinstance(box.status_view, widgets.HTML)
    assert "&lt;b&gt;x&lt;/b&gt;" in box.status_view.value and "white-space: normal" in box.status_view.value
