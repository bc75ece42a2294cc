"""Checks for lesson 04 (runs): a run with its own instructions, a polling loop given runs of the check's own, recovery, usage predicted, a reply that was the question."""

from __future__ import annotations

import re

import openai

from . import Report, check, is_function, kind, nothing_yet, noun, predicted, say

TERMINAL = ("completed", "incomplete", "failed", "cancelled", "expired")


def ident(obj) -> str | None:
    """An object's id, whether the learner passes the object or its id (None for anything else)."""
    if isinstance(obj, str):
        return obj
    return getattr(obj, "id", None)


def fetch(report: Report, what: str, call, *args, **kwargs):
    """Call the API; an unknown id becomes a missing item with a hint instead of an exception."""
    try:
        return call(*args, **kwargs)
    except (openai.NotFoundError, openai.BadRequestError) as e:
        report.miss(
            say(f"the API does not know this {what} ({e.status_code})", f"API 找不到这个{noun(what)}（{e.status_code}）"),
            say(
                "pass the object your code created (or its id), from this notebook's simulator",
                "传入你的代码创建的对象（或它的 id），而且要来自本 notebook 连接的模拟器",
            ),
        )
        return None


def run_of(report: Report, client, run, thread_id: str | None = None, name: str = "my_run", how: str = ""):
    """The run as the API has it now, retrieved by its id and its thread's id.

    None is the exercise's cell as it stands: the report says `name` is still None, with `how` as the hint.
    """
    if run is None:
        nothing_yet(report, name, how or say("keep the Run your code got back in it", "把你的代码拿到的运行对象存进去"))
        return None
    run_id = ident(run)
    thread_id = thread_id or getattr(run, "thread_id", None)
    if not run_id or not thread_id:
        report.miss(
            say("no run to look at", "没有可检查的运行"),
            say(
                "pass the Run object your code got back (from create_and_poll, retrieve, ...)",
                "传入你的代码拿到的运行对象（create_and_poll、retrieve 等的返回值）",
            ),
        )
        return None
    return fetch(report, "run", client.beta.threads.runs.retrieve, run_id=run_id, thread_id=thread_id)


def reply_of(client, run) -> str:
    """The text of the message a run wrote ('' if it wrote none)."""
    messages = client.beta.threads.messages.list(thread_id=run.thread_id, run_id=run.id).data
    for message in messages:
        for part in message.content:
            if part.type == "text":
                return part.text.value
    return ""


@check("04.1", "a run with its own instructions", "一次运行用自己的 instructions")
def check_run_instructions(report: Report, client, run) -> Report:
    """Exercise 04.1: one run answers under another name, and the assistant itself stays as it was."""
    run = run_of(report, client, run, how=say("run the cell as it is, then change it", "先原样运行单元格，再改写它"))
    if run is None:
        return report
    report.expect(
        run.status == "completed",
        say("the run completed", "运行已完成（completed）"),
        say(f"the run is `{run.status}`, not `completed`", f"运行的状态是 `{run.status}`，不是 `completed`"),
        say("start it with create_and_poll so it has finished when you check", "用 create_and_poll 启动，检查时它就已经结束了"),
    )
    assistant = fetch(report, "assistant", client.beta.assistants.retrieve, run.assistant_id)
    if assistant is None:
        return report
    report.expect(
        bool(run.instructions) and run.instructions != (assistant.instructions or ""),
        say("the run has instructions of its own", "这次运行有自己的 instructions"),
        say("the run used the assistant's instructions unchanged", "这次运行用的还是助手原来的 instructions"),
        say("a run takes most of an assistant's settings as arguments of its own, for itself alone", "运行可以用自己的参数覆盖助手的大部分设置，只对这一次有效"),
    )
    report.expect(
        "小U" in (assistant.instructions or ""),
        say("the assistant still has its own instructions (小U)", "助手本身的 instructions 没变（还是小U）"),
        say("the assistant's instructions were changed", "助手本身的 instructions 被改掉了"),
        say("override per run; do not call assistants.update for this", "只在这次运行里覆盖，不要为此调用 assistants.update"),
    )
    if not run.instructions or run.instructions == (assistant.instructions or ""):
        return report  # the run had no instructions of its own: said above, and nothing to read in its reply
    reply = reply_of(client, run) if run.status == "completed" else ""
    name = run_name(run.instructions or "")
    if name:
        report.expect(
            name in reply and name != "小U",
            say(f"the run's reply introduces itself as {name}", f"回复里自称 {name}"),
            say(f"the run's reply does not give the new name {name}: {reply[:80]!r}", f"回复里没有出现新名字 {name}：{reply[:80]!r}"),
            say("ask who it is (你是谁? / who are you?), on the run's thread", "在这次运行的线程上问它是谁（你是谁？/ who are you?）"),
        )
    else:
        report.expect(
            bool(reply) and "小U" not in reply,
            say("the run's reply does not speak as 小U", "回复不再以小U的身份说话"),
            say(f"the run's reply still speaks as 小U: {reply[:80]!r}" if reply else "the run wrote no reply", f"回复仍然以小U的身份说话：{reply[:80]!r}" if reply else "这次运行没有写回复"),
            say("give the run's instructions a name: 你叫…, or Your name is …", "在运行的 instructions 里写上名字：你叫……，或 Your name is …"),
        )
    return report


NAME_PATTERNS = (re.compile(r"你叫\s*([^\s,，。.;；]+)"), re.compile(r"[Yy]our name is\s+([^\s,.;]+)"), re.compile(r"[Yy]ou are\s+([A-Z][\w-]*)"))


def run_name(instructions: str) -> str | None:
    """The name instructions give, as the scripted model reads it (你叫…, Your name is …, You are …)."""
    for pattern in NAME_PATTERNS:
        found = pattern.search(instructions)
        if found:
            return found.group(1)
    return None


def _exercise_assistant(client):
    return client.beta.assistants.create(model="gpt-4-turbo", name="小U", instructions="你叫小U,你是JAVA技术框架 UAP的助手,你负责回答用户关于UAP的问题。")


@check("04.2", "your own polling loop", "自己写轮询循环")
def check_polling(report: Report, client, wait_for) -> Report:
    """Exercise 04.2 (build): wait_for(run) polls until the run stops and lists the statuses it saw; the check gives it three runs of its own."""
    if wait_for is None:
        nothing_yet(report, "wait_for", say("define wait_for(run), returning (the finished run, the statuses seen)", "定义 wait_for(run)，返回（结束的运行，看到的状态）"))
        return report
    if not callable(wait_for):
        report.miss(say(f"`wait_for` is {kind(wait_for)}, not a function", f"`wait_for` 是{kind(wait_for)}，不是函数"), say("def wait_for(run): ...", "def wait_for(run): ..."))
        return report
    assistant = _exercise_assistant(client)
    try:
        cases = []
        thread = client.beta.threads.create(messages=[{"role": "user", "content": "你都能做什么?"}])
        fresh = client.beta.threads.runs.create(thread_id=thread.id, assistant_id=assistant.id)
        cases.append(("fresh", fresh))
        thread = client.beta.threads.create(messages=[{"role": "user", "content": "你是谁?"}])
        stopped = client.beta.threads.runs.create(thread_id=thread.id, assistant_id=assistant.id)
        stopped = client.beta.threads.runs.cancel(run_id=stopped.id, thread_id=thread.id)
        cases.append(("cancelling", stopped))
        thread = client.beta.threads.create(messages=[{"role": "user", "content": "你是谁?"}])
        cases.append(("finished", client.beta.threads.runs.create_and_poll(thread_id=thread.id, assistant_id=assistant.id)))
        results = {}
        for label, run in cases:
            try:
                answer = wait_for(run)
            except Exception as error:
                report.miss(
                    say(f"wait_for raised {type(error).__name__}: {error}", f"wait_for 抛出了 {type(error).__name__}：{error}"),
                    say("it gets a Run (runs.create's answer); retrieve it by run.id and run.thread_id", "它拿到的是一个运行对象（runs.create 的返回值）；用 run.id 和 run.thread_id 取回它"),
                )
                return report
            if not (isinstance(answer, tuple) and len(answer) == 2 and isinstance(answer[1], list) and getattr(answer[0], "status", None)):
                report.miss(
                    say(f"wait_for returned {kind(answer)}, not (the run, the list of statuses)", f"wait_for 返回了{kind(answer)}，不是（运行, 状态列表）"),
                    say("return run, seen", "return run, seen"),
                )
                return report
            results[label] = (answer[0].status, list(answer[1]))
    finally:
        client.beta.assistants.delete(assistant.id)
    status, seen = results["fresh"]
    report.expect(
        status in TERMINAL,
        say(f"given a fresh run, it returns once the run is over (`{status}`)", f"给它一个新运行，它等到运行结束（`{status}`）才返回"),
        say(f"given a fresh run, it returned while the run was still `{status}`", f"给它一个新运行，它在运行还是 `{status}` 时就返回了"),
        say("keep polling while the status is not terminal", "状态还不是终态时就继续轮询"),
    )
    if seen[:1] != ["queued"] or "in_progress" not in seen or seen[-1:] != [status] or any(a == b for a, b in zip(seen, seen[1:], strict=False)):
        report.miss(
            say(f"for a fresh run it saw {seen}; a fresh run goes queued → in_progress → a final status", f"对新运行，它看到的是 {seen}；而新运行会经历 queued → in_progress → 某个终态"),
            say("start the list with the status you were given; append a status only when it changed, including the last", "列表以拿到的状态开头；只在状态变化时追加，最后一个也要记下"),
        )
    else:
        report.ok(say(f"for a fresh run it saw {' → '.join(seen)}", f"对新运行，它看到了 {' → '.join(seen)}"))
    status, seen = results["cancelling"]
    report.expect(
        status == "cancelled" and seen[:1] == ["cancelling"] and seen[-1:] == ["cancelled"],
        say("for a run being cancelled it waits for `cancelled`", "对正在取消的运行，它会等到 `cancelled`"),
        say(f"for a run being cancelled it returned `{status}` and saw {seen}", f"对正在取消的运行，它返回了 `{status}`，看到的是 {seen}"),
        say("`cancelling` is not over yet: poll until a terminal status; and report what you saw, not what you expect", "`cancelling` 还没结束：要一直轮询到终态；记下你真正看到的状态，而不是你以为会有的"),
    )
    status, seen = results["finished"]
    report.expect(
        seen == ["completed"],
        say("for a run that is already over it polls no more: ['completed']", "对已经结束的运行，它不再轮询：['completed']"),
        say(f"for a run that is already over it saw {seen}", f"对已经结束的运行，它看到的是 {seen}"),
        say("a finished run will not move again: return it as it is", "已经结束的运行不会再变化：原样返回它"),
    )
    return report


@check("04.3", "a failed run, and the thread goes on", "运行失败后，线程照常继续")
def check_recovery(report: Report, client, thread) -> Report:
    """Exercise 04.3: on one thread, a run that failed on purpose, then a run that completed."""
    if thread is None:
        nothing_yet(
            report,
            "my_thread",
            say("a thread of your own, where a run fails and a later one completes", "一个你自己的线程：上面先有一次运行失败，之后又有一次运行完成"),
        )
        return report
    thread_id = ident(thread)
    if not thread_id:
        report.miss(say("no thread to look at", "没有可检查的线程"), say("pass the Thread your code created", "传入你的代码创建的线程"))
        return report
    page = fetch(report, "thread", client.beta.threads.runs.list, thread_id=thread_id, order="asc", limit=100)
    if page is None:
        return report
    runs = page.data
    failed = [r for r in runs if r.status == "failed"]
    report.expect(
        bool(failed),
        say(
            f"a run failed, with last_error.code `{failed[0].last_error.code}`" if failed else "",
            f"有一次运行失败了，last_error.code 是 `{failed[0].last_error.code}`" if failed else "",
        ),
        say("no run on this thread failed", "这个线程上没有失败的运行"),
        say(
            'add the message "请模拟一次失败的 run" (the simulator fails it on purpose) and run the assistant',
            '添加消息“请模拟一次失败的 run”（模拟器会故意让它失败），再运行助手',
        ),
    )
    later = [r for r in runs if failed and r.created_at >= failed[0].created_at and r.id != failed[0].id and r.status == "completed"]
    report.expect(
        bool(later),
        say("a later run on the same thread completed", "之后同一个线程上的运行完成了"),
        say("no run completed after the failed one", "失败之后没有完成的运行"),
        say(
            'after the failure, add a normal question (e.g. "你是谁?") and run again on the same thread',
            '失败之后，在同一个线程上加一个普通问题（比如“你是谁？”）再运行一次',
        ),
    )
    if later:
        report.expect(
            bool(reply_of(client, later[-1])),
            say("and it wrote an answer", "并且写出了回答"),
            say("the completed run wrote no message", "完成的运行没有写消息"),
            say("read the reply with messages.list(thread_id=..., run_id=run.id)", "用 messages.list(thread_id=..., run_id=run.id) 读取回答"),
        )
    return report


USAGE_PREDICTIONS = {"a": "None", "b": "all zeros", "c": "the final token counts"}


@check("04.4", "predict the usage", "预测 usage")
def check_usage_prediction(report: Report, client, prediction, early_usage, run) -> Report:
    """Exercise 04.4 (predict): what run.usage is right after runs.create (None), predicted, seen, and the finished run's usage."""
    choice = predicted(report, prediction, USAGE_PREDICTIONS)
    finished = run_of(report, client, run, name="done", how=say("then find out: create a run, look at its usage at once, then wait for it", "然后验证：创建一次运行，立刻看它的 usage，再等它结束"))
    if finished is None:
        return report
    if not report.expect(
        finished.status in TERMINAL and finished.usage is not None,
        say(f"the run is over, and its usage counts {finished.usage.total_tokens if finished.usage else 0} tokens", f"运行已经结束，usage 记了 {finished.usage.total_tokens if finished.usage else 0} 个 token"),
        say(f"the run is still `{finished.status}`", f"运行还处于 `{finished.status}`"),
        say("poll it until it is over (runs.poll does it)", "轮询到它结束（runs.poll 可以代劳）"),
    ):
        return report
    report.expect(
        early_usage is None,
        say("right after runs.create, its usage was None: you looked before it ran", "runs.create 刚返回时，usage 是 None：你在它运行之前看了一眼"),
        say(f"`early_usage` is {kind(early_usage)}: keep what run.usage was right after runs.create, before any poll", f"`early_usage` 是{kind(early_usage)}：要保存 runs.create 刚返回、还没轮询时的 run.usage"),
        say("early_usage = run.usage, on the line after runs.create", "紧接在 runs.create 之后写 early_usage = run.usage"),
    )
    if choice is not None:
        report.expect(
            choice == "a",
            say("your prediction held: usage is known only when the run is over", "你的预测没错：usage 要等运行结束才知道"),
            say(f'you predicted "{choice}" ({USAGE_PREDICTIONS[choice]}), but usage was None', f'你预测的是 "{choice}"，但 usage 是 None'),
            say("a queued run has used nothing yet, and the API does not guess: usage (and the cost) appears when the run ends. Change your prediction to what you saw", "排队中的运行还什么都没用，API 也不会去猜：usage（也就是费用）在运行结束时才出现。把预测改成你看到的结果"),
        )
    return report


@check("04.5", "the answer that was the question", "把问题当成回答")
def check_answer(report: Report, client, answer) -> Report:
    """Exercise 04.5 (debug): answer(thread_id, assistant_id, question) returns the run's reply, or None when the run did not complete."""
    if not is_function(report, answer, "answer"):
        return report
    assistant = _exercise_assistant(client)
    try:
        thread = client.beta.threads.create()
        try:
            reply = answer(thread.id, assistant.id, "你是谁?")
        except Exception as error:
            report.miss(say(f"answer(...) raised {type(error).__name__} for an ordinary question: {error}", f"对一个普通问题，answer(...) 抛出了 {type(error).__name__}：{error}"), say("keep its shape: thread id, assistant id and question in, the reply's text out", "保持它的样子：传入线程 id、助手 id 和问题，返回回复的文本"))
            return report
        runs = client.beta.threads.runs.list(thread_id=thread.id).data
        expected = reply_of(client, runs[0]) if runs else ""
        if not report.expect(
            isinstance(reply, str) and reply == expected and bool(expected),
            say("for an ordinary question it returns the run's reply", "对普通问题，它返回这次运行的回复"),
            say(f"for an ordinary question it returned {reply!r}, not the run's reply", f"对普通问题，它返回了 {reply!r}，不是这次运行的回复"),
            say("read the message the run wrote", "读取这次运行写的消息"),
        ):
            return report
        try:
            failed = answer(thread.id, assistant.id, "请模拟一次失败的 run")
        except Exception as error:
            report.miss(
                say(f"when the run fails, answer(...) raises {type(error).__name__}", f"运行失败时，answer(...) 抛出了 {type(error).__name__}"),
                say("the task asks for None when the run did not complete: look at run.status", "任务要求运行没有完成时返回 None：看看 run.status"),
            )
            return report
        if failed == "请模拟一次失败的 run":
            report.miss(
                say("when the run fails, it returns the user's own question as the answer", "运行失败时，它把用户自己的问题当成了回答返回"),
                say("after a failed run, which message is the newest in the thread? Look at run.status before reading any message", "运行失败之后，线程里最新的消息是哪一条？读消息之前先看 run.status"),
            )
        else:
            report.expect(
                failed is None,
                say("when the run fails, it returns None", "运行失败时，它返回 None"),
                say(f"when the run fails, it returns {failed!r}, not None", f"运行失败时，它返回了 {failed!r}，不是 None"),
                say("return None unless run.status is completed", "只要 run.status 不是 completed 就返回 None"),
            )
    finally:
        client.beta.assistants.delete(assistant.id)
    return report
