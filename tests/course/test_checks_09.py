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


def test_09_1_predict_what_a_conversation_keeps(client):
    check = rs.check_conversation_answer
    conversation = client.conversations.create()
    right = client.responses.create(**XIAO_U, conversation=conversation.id, input="你好,你叫什么名字?")
    assert check(client, "b", right).passed, check(client, "b", right).text()
    assert check(client, "B", right.id).passed, "an id, a capital letter"
    said = missing(check(client, "c", right))
    assert 'you predicted "c"' in said

    alone = client.responses.create(**XIAO_U, input="你好,你叫什么名字?")
    assert "no conversation" in missing(check(client, "b", alone))
    chained = client.responses.create(**XIAO_U, previous_response_id=alone.id, input="你好")
    assert "rather than chaining" in missing(check(client, "b", chained))
    bare = client.responses.create(model="gpt-4o", conversation=client.conversations.create().id, input="你好")
    assert "without instructions" in missing(check(client, "b", bare))
    second = client.responses.create(**XIAO_U, conversation=conversation.id, input="你好")
    assert "new, empty conversation" in missing(check(client, "b", second)), "two requests in it: 4 items"
    seeded = client.conversations.create(items=[{"type": "message", "role": "user", "content": "hi"}])
    assert "new, empty conversation" in missing(check(client, "b", client.responses.create(**XIAO_U, conversation=seeded.id, input="你好")))
    assert "still None" in missing(check(client, None, None))
    assert "no response" in missing(check(client, "b", 42))
    assert "does not know" in missing(check(client, "b", "resp_nope"))
    assert "does not know" in missing(check(client, "b", client.beta.threads.create())), "a thread is no response"


def loop(client, config, question="一共有几堂课?", output="[(5,)]", **first_only):
    first = client.responses.create(**config, input=question, **first_only)
    calls = [item for item in first.output if item.type == "function_call"]
    assert calls, first.output
    outputs = [{"type": "function_call_output", "call_id": call.call_id, "output": output} for call in calls]
    return first, client.responses.create(**config, previous_response_id=first.id, input=outputs)


def test_09_2_the_loop_with_the_history_in_your_hands(client):
    first, chained = loop(client, GUAGUA)
    assert "section 5's way" in missing(rs.check_function_loop(client, chained)), "the previous section's pattern"

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

    def by_history(config, output="[(5,)]", **first_only):
        history = [{"role": "user", "content": "一共有几堂课?"}]
        start = client.responses.create(**config, input=history, **first_only)
        history += [item.model_dump(exclude_none=True) for item in start.output]
        history += [{"type": "function_call_output", "call_id": item.call_id, "output": output} for item in start.output if item.type == "function_call"]
        return client.responses.create(**config, input=history)

    assert "no ask_database call" in missing(rs.check_function_loop(client, by_history(OTHER_TOOL, tool_choice={"type": "function", "name": "count_rows"})))
    assert "an output is empty" in missing(rs.check_function_loop(client, by_history(GUAGUA, output=" ")))
    outputs_only = client.responses.create(**GUAGUA, input=[{"type": "function_call", "call_id": "call_x", "name": "ask_database", "arguments": "{}"}, {"type": "function_call_output", "call_id": "call_x", "output": "[(5,)]"}])
    assert "holds no question" in missing(rs.check_function_loop(client, outputs_only))
    assert "still None" in missing(rs.check_function_loop(client, None))


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


def test_09_3_move_an_old_thread(client):
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

    lonely = client.beta.threads.create(messages=[{"role": "user", "content": "你好"}], metadata={"username": "taliux"})
    assert "no answer" in missing(rs.check_migration(client, lonely, thread_to_conversation(client, lonely.id)))
    anonymous = dialogue(client)
    assert "no username in its metadata" in missing(rs.check_migration(client, anonymous, thread_to_conversation(client, anonymous.id))), "an old thread without the metadata it asks for"
    assert "still None" in missing(rs.check_migration(client, thread, None))
    assert "pass the old thread" in missing(rs.check_migration(client, thread, 42))
    assert "does not know" in missing(rs.check_migration(client, thread, "conv_nope"))


def test_reports_speak_chinese(client, monkeypatch):
    monkeypatch.setenv("COURSE_LANGUAGE", "zh-CN")
    report = rs.check_conversation_answer(client, "b", client.responses.create(**XIAO_U, input="你好"))
    assert not report.passed and "练习 09.1" in report.text() and "不属于任何对话" in report.text() and "提示" in report.text()
    assert "还差一点" in rs.check_function_loop(client, None).text()
    thread = dialogue(client, {"username": "taliux"})
    passed = rs.check_migration(client, thread, thread_to_conversation(client, thread.id))
    assert passed.passed and "通过" in passed.text() and "顺序都相同" in passed.text()


def test_09_4_the_pieces_of_a_stream(client):
    check = rs.check_streamed_pieces

    def streamed():
        pieces = []
        with client.responses.stream(**XIAO_U, input="你好") as stream:
            for event in stream:
                if event.type == "response.output_text.delta":
                    pieces.append(event.delta)
            return pieces, stream.get_final_response()

    pieces, final = streamed()
    assert check(client, pieces, final).passed
    assert check(client, pieces, final.id).passed, "the final response's id"
    other_pieces, _ = streamed()
    assert check(client, other_pieces, final).passed, "the scripted model answers alike"
    assert "differ from the final response's text" in missing(check(client, pieces[:-1], final))
    assert "only 1 piece" in missing(check(client, ["".join(pieces)], final))
    assert "not a list of texts" in missing(check(client, "".join(pieces), final))
    assert "still None" in missing(check(client, None, None))


def test_09_5_the_mover(client):
    check = rs.check_mover

    def fixed(client, thread_id):
        thread = client.beta.threads.retrieve(thread_id)
        items = [{"type": "message", "role": m.role, "content": m.content[0].text.value} for m in client.beta.threads.messages.list(thread_id=thread_id, order="asc")]
        return client.conversations.create(items=items, metadata=dict(thread.metadata or {})).id

    assert check(client, fixed).passed
    assert check(client, lambda client, thread_id: thread_to_conversation(client, thread_id)).passed, "the course's own helper"
    assert check(client, lambda client, thread_id: client.conversations.retrieve(fixed(client, thread_id))).passed, "the conversation object"

    def broken(client, thread_id):
        items = [{"type": "message", "role": m.role, "content": m.content[0].text.value} for m in client.beta.threads.messages.list(thread_id=thread_id)]
        return client.conversations.create(items=items).id

    said = missing(check(client, broken))
    assert "upside down" in said and "user was left behind" in said
    assert "raised" in missing(check(client, lambda client: None))
    assert "not a conversation" in missing(check(client, lambda client, thread_id: thread_id))
    assert "not the function" in missing(check(client, None))


@pytest.mark.parametrize("value", [42, {"id": 1}, "hello", ["x"]])
def test_every_lesson_09_check_reports_on_nonsense(client, value):
    for report in [rs.check_conversation_answer(client, value, value), rs.check_function_loop(client, value), rs.check_migration(client, value, value), rs.check_streamed_pieces(client, value, value), rs.check_mover(client, value)]:
        assert not report.passed and report.missing, report.text()
