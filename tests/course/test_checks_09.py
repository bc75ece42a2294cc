"""The exercise checks of lesson 09 (leaving the Assistants API), each against a right answer and typical wrong ones, through the real simulator."""

from __future__ import annotations

import pytest

from helpers.checks import responses as rs
from helpers.migrate import thread_to_conversation

pytestmark = pytest.mark.filterwarnings("ignore::DeprecationWarning")

XIAO_U = {"model": "gpt-4o", "instructions": "你叫小U,你是JAVA技术框架 UAP的助手,你负责回答用户关于UAP的问题。"}
GUAGUA = {
    "model": "gpt-4o",
    "instructions": "你叫瓜瓜。",
    "tools": [
        {
            "type": "function",
            "name": "ask_database",
            "description": "SQL over Courses(id, course_date, start_time, end_time, course_name, instructor)",
            "strict": True,
            "parameters": {"type": "object", "properties": {"query": {"type": "string"}}, "required": ["query"], "additionalProperties": False},
        }
    ],
}
OTHER_TOOL = {**GUAGUA, "tools": [{**GUAGUA["tools"][0], "name": "count_rows"}]}


@pytest.fixture(autouse=True)
def english(monkeypatch):
    monkeypatch.setenv("COURSE_LANGUAGE", "en")


def missing(report) -> str:
    assert not report.passed, report.text()
    return " | ".join(f"{what} || {hint}" for what, hint in report.missing)


def test_conversation_answer(client):
    conversation = client.conversations.create()
    right = client.responses.create(**XIAO_U, conversation=conversation.id, input="你好,你叫什么名字?")
    assert rs.check_conversation_answer(client, right).passed, rs.check_conversation_answer(client, right).text()
    assert rs.check_conversation_answer(client, right.id).passed  # an id will do

    alone = client.responses.create(**XIAO_U, input="你好,你叫什么名字?")
    assert "no conversation" in missing(rs.check_conversation_answer(client, alone))
    chained = client.responses.create(**XIAO_U, previous_response_id=alone.id, input="你好")
    assert "conversations.create" in missing(rs.check_conversation_answer(client, chained))
    bare = client.responses.create(model="gpt-4o", conversation=conversation.id, input="你好")
    assert "without instructions" in missing(rs.check_conversation_answer(client, bare))
    other = client.responses.create(model="gpt-4o", instructions="你叫瓜瓜。", conversation=conversation.id, input="你好")
    assert "do not name 小U" in missing(rs.check_conversation_answer(client, other))
    cut = client.responses.create(
        **XIAO_U, conversation=client.conversations.create().id, input="Tell me a long story about the sea " * 3, max_output_tokens=16
    )
    if cut.status == "incomplete":
        assert "incomplete" in missing(rs.check_conversation_answer(client, cut))
    assert "no response" in missing(rs.check_conversation_answer(client, None))
    assert "does not know" in missing(rs.check_conversation_answer(client, "resp_nope"))
    run_like = client.beta.threads.create()  # a thread is no response
    assert "does not know" in missing(rs.check_conversation_answer(client, run_like))


def loop(client, config, question="一共有几堂课?", output="[(5,)]", **first_only):
    first = client.responses.create(**config, input=question, **first_only)
    calls = [item for item in first.output if item.type == "function_call"]
    assert calls, first.output
    outputs = [{"type": "function_call_output", "call_id": call.call_id, "output": output} for call in calls]
    return first, client.responses.create(**config, previous_response_id=first.id, input=outputs)


def test_function_loop(client):
    first, last = loop(client, GUAGUA)
    assert rs.check_function_loop(client, last).passed, rs.check_function_loop(client, last).text()

    history = [{"role": "user", "content": "一共有几堂课?"}]  # the whole history as input, without previous_response_id
    start = client.responses.create(**GUAGUA, input=history)
    history += [item.model_dump(exclude_none=True) for item in start.output]
    history += [{"type": "function_call_output", "call_id": start.output[0].call_id, "output": "[(5,)]"}]
    full = client.responses.create(**GUAGUA, input=history)
    report = rs.check_function_loop(client, full)
    assert report.passed and "history in its input" in report.text(), report.text()

    assert "not finished" in missing(rs.check_function_loop(client, first))  # the call, never answered
    words = client.responses.create(**GUAGUA, input="一共有几堂课?", tool_choice="none")
    assert "no function_call_output" in missing(rs.check_function_loop(client, words))
    _, elsewhere = loop(client, OTHER_TOOL, tool_choice={"type": "function", "name": "count_rows"})
    assert "no ask_database call" in missing(rs.check_function_loop(client, elsewhere))
    _, empty = loop(client, GUAGUA, output=" ")
    assert "an output is empty" in missing(rs.check_function_loop(client, empty))
    assert "no response" in missing(rs.check_function_loop(client, None))


def dialogue(client, metadata=None, question="你好"):
    assistant = client.beta.assistants.create(name="小U", **XIAO_U)
    thread = client.beta.threads.create(messages=[{"role": "user", "content": question}], metadata=metadata)
    client.beta.threads.runs.create_and_poll(thread_id=thread.id, assistant_id=assistant.id)
    return thread


def copy(client, thread, order="asc", metadata=None):
    items = [
        {"type": "message", "role": m.role, "content": [{"type": "output_text" if m.role == "assistant" else "input_text", "text": m.content[0].text.value}]}
        for m in client.beta.threads.messages.list(thread_id=thread.id, order=order)
    ]
    return client.conversations.create(items=items, metadata=metadata)


def test_migration(client):
    thread = dialogue(client, {"username": "taliux"})
    migrated = thread_to_conversation(client, thread.id)
    assert rs.check_migration(client, thread, migrated).passed, rs.check_migration(client, thread, migrated).text()
    client.responses.create(**XIAO_U, conversation=migrated, input="你好")  # going on in it is fine
    assert rs.check_migration(client, thread.id, client.conversations.retrieve(migrated)).passed

    reversed_ = copy(client, thread, order="desc", metadata={"username": "taliux"})
    assert "reverse order" in missing(rs.check_migration(client, thread, reversed_)) and "order='asc'" in missing(rs.check_migration(client, thread, reversed_))
    no_metadata = copy(client, thread)
    assert "lacks the thread's metadata" in missing(rs.check_migration(client, thread, no_metadata))
    empty = client.conversations.create(metadata={"username": "taliux"})
    assert "holds 0 message(s)" in missing(rs.check_migration(client, thread, empty))
    other = thread_to_conversation(client, dialogue(client, question="UAP 是什么?").id)
    client.conversations.items.create(other, items=[{"type": "message", "role": "user", "content": [{"type": "input_text", "text": "x"}]}])
    client.conversations.update(other, metadata={"username": "taliux"})
    assert "differ from the thread's messages" in missing(rs.check_migration(client, thread, other))

    lonely = client.beta.threads.create(messages=[{"role": "user", "content": "你好"}])
    assert "no answer" in missing(rs.check_migration(client, lonely, thread_to_conversation(client, lonely.id)))
    assert "pass the old thread" in missing(rs.check_migration(client, thread, None))
    assert "does not know" in missing(rs.check_migration(client, thread, "conv_nope"))


def test_reports_speak_chinese(client, monkeypatch):
    monkeypatch.setenv("COURSE_LANGUAGE", "zh-CN")
    report = rs.check_conversation_answer(client, client.responses.create(**XIAO_U, input="你好"))
    assert not report.passed and "练习 09.1" in report.text() and "不属于任何对话" in report.text() and "提示" in report.text()
    assert "还差一点" in rs.check_function_loop(client, None).text()
    thread = dialogue(client)
    passed = rs.check_migration(client, thread, thread_to_conversation(client, thread.id))
    assert passed.passed and "通过" in passed.text() and "顺序都相同" in passed.text()
