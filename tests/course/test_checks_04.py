"""Lesson 04's exercise checks against right, differently right, typical wrong and nonsense answers, through the session simulator."""

from __future__ import annotations

import time

import pytest

from helpers.checks import runs

pytestmark = pytest.mark.filterwarnings("ignore::DeprecationWarning")

XIAO_U = "你叫小U,你是JAVA技术框架 UAP的助手,你负责回答用户关于UAP的问题。"
NONSENSE = [42, {"id": 1}, "hello", ["run_x"], 2.5]


@pytest.fixture(autouse=True)
def english(monkeypatch):
    monkeypatch.setenv("COURSE_LANGUAGE", "en")


@pytest.fixture
def xiao_u(client):
    return client.beta.assistants.create(name="小U", instructions=XIAO_U, model="gpt-4-turbo")


def ask(client, assistant, text, **kwargs):
    thread = client.beta.threads.create(messages=[{"role": "user", "content": text}])
    return client.beta.threads.runs.create_and_poll(thread_id=thread.id, assistant_id=assistant.id, **kwargs)


def passed(report) -> bool:
    assert report.right or report.missing
    return report.passed


def missing(report) -> str:
    assert not report.passed, report.text()
    return "\n".join(f"{what} | {hint}" for what, hint in report.missing)


def test_04_1_one_run_another_name(client, xiao_u):
    check = runs.check_run_instructions
    assert passed(check(client, ask(client, xiao_u, "你是谁?", instructions="你叫小明,你是一个数学老师。")))
    assert passed(check(client, ask(client, xiao_u, "你是谁?", instructions="Your name is Ada. You teach Python."))), "English instructions"
    assert passed(check(client, ask(client, xiao_u, "who are you?", instructions="You are Grace, a tutor."))), "another wording"

    assert "instructions unchanged" in missing(check(client, ask(client, xiao_u, "你是谁?")))
    changed = client.beta.assistants.create(name="小明", instructions="你叫小明,你是一个数学老师。", model="gpt-4-turbo")
    assert "instructions were changed" in missing(check(client, ask(client, changed, "你是谁?")))
    same_name = missing(check(client, ask(client, xiao_u, "你是谁?", instructions="你叫小U,回答要简短。")))
    assert "does not give the new name" in same_name, "own instructions, but the same name"
    assert "still None" in missing(check(client, None))
    assert "does not know" in missing(check(client, "run_doesnotexist0000000000000")) or "no run" in missing(check(client, "run_doesnotexist0000000000000"))


def by_hand(run):
    from openai import OpenAI

    client = OpenAI(max_retries=0)
    seen = [run.status]
    while run.status in ("queued", "in_progress", "cancelling"):
        time.sleep(0.02)
        run = client.beta.threads.runs.retrieve(run_id=run.id, thread_id=run.thread_id)
        if run.status != seen[-1]:
            seen.append(run.status)
    return run, seen


def test_04_2_a_polling_loop_given_three_runs(client):
    check = runs.check_polling
    assert passed(check(client, by_hand))

    def with_poll_helper_statuses(run):  # differently right: a for loop with a bound, and a tuple made at the end
        from openai import OpenAI

        other = OpenAI(max_retries=0)
        seen = [run.status]
        for _ in range(10_000):
            if run.status not in ("queued", "in_progress", "cancelling"):
                break
            run = other.beta.threads.runs.retrieve(run.id, thread_id=run.thread_id)
            seen += [run.status] if run.status != seen[-1] else []
        return (run, seen)

    assert passed(check(client, with_poll_helper_statuses))

    def typed(run):  # the typical shortcut: the SDK's poll, and the statuses typed in
        from openai import OpenAI

        done = OpenAI(max_retries=0).beta.threads.runs.poll(run_id=run.id, thread_id=run.thread_id)
        return done, ["queued", "in_progress", "completed"]

    said = missing(check(client, typed))
    assert "being cancelled" in said and "already over" in said

    def every_poll(run):
        run, seen = by_hand(run)
        return run, seen[:1] + seen

    assert "queued → in_progress" in missing(check(client, every_poll))
    assert "returned while the run was still" in missing(check(client, lambda run: (run, [run.status])))
    assert "not (the run, the list of statuses)" in missing(check(client, lambda run: run))
    assert "raised AttributeError" in missing(check(client, lambda run: run.nothing))
    assert "still None" in missing(check(client, None))
    assert "not a function" in missing(check(client, "wait_for"))


def test_04_3_a_failure_and_the_conversation_goes_on(client, xiao_u):
    check = runs.check_recovery
    thread = client.beta.threads.create(messages=[{"role": "user", "content": "请模拟一次失败的 run"}])
    client.beta.threads.runs.create_and_poll(thread_id=thread.id, assistant_id=xiao_u.id)
    assert "no run completed after" in missing(check(client, thread))
    client.beta.threads.messages.create(thread_id=thread.id, role="user", content="你是谁?")
    client.beta.threads.runs.create_and_poll(thread_id=thread.id, assistant_id=xiao_u.id)
    assert passed(check(client, thread))
    assert passed(check(client, thread.id)), "its id is right too"
    assert "no run on this thread failed" in missing(check(client, ask(client, xiao_u, "你是谁?").thread_id))
    assert "does not know" in missing(check(client, "thread_doesnotexist00000000000"))
    assert "still None" in missing(check(client, None))


def test_04_4_predict_the_usage(client, xiao_u):
    check = runs.check_usage_prediction
    thread = client.beta.threads.create(messages=[{"role": "user", "content": "你是谁?"}])
    fresh = client.beta.threads.runs.create(thread_id=thread.id, assistant_id=xiao_u.id)
    done = client.beta.threads.runs.poll(run_id=fresh.id, thread_id=thread.id)
    assert passed(check(client, "a", fresh.usage, done))
    assert passed(check(client, "A", None, done)), "a capital letter"
    said = missing(check(client, "b", fresh.usage, done))
    assert 'you predicted "b"' in said and "usage (and the cost) appears when the run ends" in said
    assert "keep what run.usage was right after runs.create" in missing(check(client, "a", done.usage, done)), "usage read after polling"
    assert "the run is still `" in missing(check(client, "a", None, client.beta.threads.runs.create(thread_id=client.beta.threads.create().id, assistant_id=xiao_u.id)))
    assert "still None" in missing(check(client, None, None, done))
    assert "still None" in missing(check(client, "a", None, None))
    assert "one of" in missing(check(client, "None", None, done))


def fixed_answer(client):
    def answer(thread_id, assistant_id, question):
        client.beta.threads.messages.create(thread_id=thread_id, role="user", content=question)
        run = client.beta.threads.runs.create_and_poll(thread_id=thread_id, assistant_id=assistant_id)
        if run.status != "completed":
            return None
        return client.beta.threads.messages.list(thread_id=thread_id, run_id=run.id).data[0].content[0].text.value

    return answer


def test_04_5_the_answer_that_was_the_question(client):
    check = runs.check_answer
    assert passed(check(client, fixed_answer(client)))

    def by_steps(thread_id, assistant_id, question):  # differently right: the run's message_creation step names its message
        run = client.beta.threads.runs.create_and_poll(thread_id=thread_id, assistant_id=assistant_id, additional_messages=[{"role": "user", "content": question}])
        if run.status != "completed":
            return None
        step = client.beta.threads.runs.steps.list(run_id=run.id, thread_id=thread_id).data[0]
        message = client.beta.threads.messages.retrieve(step.step_details.message_creation.message_id, thread_id=thread_id)
        return message.content[0].text.value

    assert passed(check(client, by_steps))

    def broken(thread_id, assistant_id, question):
        client.beta.threads.messages.create(thread_id=thread_id, role="user", content=question)
        client.beta.threads.runs.create_and_poll(thread_id=thread_id, assistant_id=assistant_id)
        return client.beta.threads.messages.list(thread_id=thread_id).data[0].content[0].text.value

    assert "own question as the answer" in missing(check(client, broken))

    def raises(thread_id, assistant_id, question):
        text = fixed_answer(client)(thread_id, assistant_id, question)
        if text is None:
            raise RuntimeError("failed")
        return text

    assert "raises RuntimeError" in missing(check(client, raises))

    def empty_string(thread_id, assistant_id, question):
        return fixed_answer(client)(thread_id, assistant_id, question) or ""

    assert "not None" in missing(check(client, empty_string))
    assert "not the run's reply" in missing(check(client, lambda thread_id, assistant_id, question: question))
    assert "not the function" in missing(check(client, None))


@pytest.mark.parametrize("value", NONSENSE)
def test_every_lesson_04_check_reports_on_nonsense(client, value):
    for report in [
        runs.check_run_instructions(client, value),
        runs.check_polling(client, value),
        runs.check_recovery(client, value),
        runs.check_usage_prediction(client, value, value, value),
        runs.check_answer(client, value),
    ]:
        assert not report.passed and report.missing, report.text()
        assert "still None" not in report.text()


def test_reports_speak_chinese(client, monkeypatch):
    monkeypatch.setenv("COURSE_LANGUAGE", "zh-CN")
    text = runs.check_polling(client, None).text()
    assert text.splitlines()[:2] == ["✗ 练习 04.2 · 自己写轮询循环：还差一点", "  ✗ 还没有可检查的内容：`wait_for` 仍是 None"]
    assert "提示：" in text
