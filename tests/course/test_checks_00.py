"""Lesson 00's exercise checks against right, differently right, typical wrong and nonsense answers, through the session simulator."""

from __future__ import annotations

import pytest

from helpers.checks import introduction

pytestmark = pytest.mark.filterwarnings("ignore::DeprecationWarning")

XIAOU = "你叫小U,你是JAVA技术框架 UAP的助手,你负责回答用户关于UAP的问题。"
CHAT = [
    {"role": "system", "content": XIAOU},
    {"role": "user", "content": "你好"},
    {"role": "assistant", "content": "你好!我是小U,有什么可以帮您?"},
    {"role": "user", "content": "UAP 是什么?"},
]
NONSENSE = [42, {"id": 1}, "hello", 3.5, ["thread_x"], print]


@pytest.fixture(autouse=True)
def english(monkeypatch):
    monkeypatch.setenv("COURSE_LANGUAGE", "en")


def passed(report) -> bool:
    assert report.right or report.missing, "a report always says something"
    return report.passed


def missing(report) -> str:
    assert not report.passed, report.text()
    return "\n".join(f"{what} | {hint}" for what, hint in report.missing)


def test_00_1_a_tagged_thread_that_opens_with_a_question(client):
    check = introduction.check_lesson_thread
    asked = client.beta.threads.create(metadata={"lesson": "00"}, messages=[{"role": "user", "content": "什么是线程?"}])
    assert passed(check(client, asked))
    assert passed(check(client, asked.id)), "an id works as well as the object"
    later = client.beta.threads.create(metadata={"lesson": "00"})
    client.beta.threads.messages.create(thread_id=later.id, role="user", content="What is a run?")
    assert passed(check(client, later)), "a message added afterwards is right too"

    assert "no `lesson` key" in missing(check(client, client.beta.threads.create(messages=[{"role": "user", "content": "hi"}])))
    assert 'write "00"' in missing(check(client, client.beta.threads.create(metadata={"lesson": "0"}, messages=[{"role": "user", "content": "hi"}])))
    assert "no message yet" in missing(check(client, client.beta.threads.create(metadata={"lesson": "00"})))
    answer_first = client.beta.threads.create(metadata={"lesson": "00"}, messages=[{"role": "assistant", "content": "你好"}])
    assert "not the user's" in missing(check(client, answer_first))
    deleted = client.beta.threads.create(metadata={"lesson": "00"})
    client.beta.threads.delete(deleted.id)
    assert "no thread" in missing(check(client, deleted))
    assert "still None" in missing(check(client, None))
    assert "the id of an assistant" in missing(check(client, client.beta.assistants.create(model="gpt-4o")))


def test_00_2_the_prediction_and_the_deleted_thread(client):
    check = introduction.check_deleted_thread
    gone = client.beta.threads.create().id
    client.beta.threads.delete(gone)
    assert passed(check(client, "c", gone))
    assert passed(check(client, " C ", gone)), "a letter in another case, with spaces, is the same answer"

    said = missing(check(client, "b", gone))
    assert 'you predicted "b"' in said and "openai.NotFoundError" in said
    assert "still exists" in missing(check(client, "c", client.beta.threads.create().id))
    assert "still None" in missing(check(client, None, gone)), "no prediction yet: the exercise is to predict first"
    assert 'one of "a", "b", "c"' in missing(check(client, "404", gone))
    assert "the id of an assistant" in missing(check(client, "c", "asst_abc"))
    assert "still None" in missing(check(client, "c", None))


def test_00_3_a_chat_as_an_assistant_and_a_thread(client):
    check = introduction.check_chat_as_thread
    assistant = client.beta.assistants.create(model="gpt-4o", instructions=XIAOU)
    history = client.beta.threads.create(messages=CHAT[1:])
    assert passed(check(client, CHAT, assistant, history))
    one_by_one = client.beta.threads.create()
    for turn in CHAT[1:]:
        client.beta.threads.messages.create(thread_id=one_by_one.id, **turn)
    assert passed(check(client, CHAT, assistant.id, one_by_one.id)), "messages added one by one, and ids, are right too"

    assert "instructions" in missing(check(client, CHAT, client.beta.assistants.create(model="gpt-4o"), history))
    assert "holds 1 messages" in missing(check(client, CHAT, assistant, client.beta.threads.create(messages=CHAT[-1:])))
    all_user = client.beta.threads.create(messages=[{"role": "user", "content": turn["content"]} for turn in CHAT[1:]])
    assert "role, text or order" in missing(check(client, CHAT, assistant, all_user))
    assert "role, text or order" in missing(check(client, CHAT, assistant, client.beta.threads.create(messages=CHAT[:0:-1])))
    assert "`history` is 'asst_" in missing(check(client, CHAT, assistant, assistant))
    assert "still None" in missing(check(client, CHAT, assistant, None))


def broken(client):
    return client.beta.threads.create(
        messages=[{"role": "system", "content": XIAOU}, {"role": "user", "content": "UAP 是什么?"}],
        metadata={"lesson": 0},
    )


def test_00_4_the_fixed_function(client):
    check = introduction.check_started_conversation
    assert passed(check(client, lambda client: client.beta.threads.create(messages=[{"role": "user", "content": "UAP 是什么?"}], metadata={"lesson": "00"})))

    def in_two_calls(client):
        thread = client.beta.threads.create(metadata={"lesson": "0"})
        client.beta.threads.messages.create(thread_id=thread.id, role="user", content="UAP 是什么?")
        return thread

    assert passed(check(client, in_two_calls)), "a message added after creating, and the tag as \"0\", are right too"

    assert "still raises a 400" in missing(check(client, broken))
    as_user = lambda client: client.beta.threads.create(  # noqa: E731  the typical wrong fix: the orders become the user's words
        messages=[{"role": "user", "content": XIAOU}, {"role": "user", "content": "UAP 是什么?"}], metadata={"lesson": "00"}
    )
    assert "standing orders belong to the assistant" in missing(check(client, as_user))
    no_tag = lambda client: client.beta.threads.create(messages=[{"role": "user", "content": "UAP 是什么?"}])  # noqa: E731
    assert "`lesson` tag is gone" in missing(check(client, no_tag))
    assert "question 'UAP 是什么?' is no longer" in missing(check(client, lambda client: client.beta.threads.create(metadata={"lesson": "00"})))
    assert "raised ZeroDivisionError" in missing(check(client, lambda client: 1 / 0))
    assert "not a thread" in missing(check(client, lambda client: 42))
    assert "not the function" in missing(check(client, None))


@pytest.mark.parametrize("value", NONSENSE)
def test_every_lesson_00_check_reports_on_nonsense(client, value):
    for report in [
        introduction.check_lesson_thread(client, value),
        introduction.check_deleted_thread(client, value, value),
        introduction.check_chat_as_thread(client, value, value, value),
        introduction.check_chat_as_thread(client, CHAT, value, value),
        introduction.check_started_conversation(client, value),
        introduction.check_lesson_thread(value, value),
    ]:
        assert not report.passed and report.missing, report.text()
        assert "still None" not in report.text(), "a value that is not None is never called None"
