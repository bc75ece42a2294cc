"""Checks for lesson 04 (runs): each retrieves what the learner made through the API and reports on it."""

from __future__ import annotations

import openai

from . import Report, check, nothing_yet, noun, say

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
    run = run_of(
        report,
        client,
        run,
        how=say(
            'my_run = client.beta.threads.runs.create_and_poll(thread_id=..., assistant_id=assistant_id, instructions="你叫<a new name>,...")',
            'my_run = client.beta.threads.runs.create_and_poll(thread_id=..., assistant_id=assistant_id, instructions="你叫<新名字>,...")',
        ),
    )
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
        say(
            'pass instructions="你叫小明,你是一个数学老师。" (any new name) to runs.create_and_poll',
            '给 runs.create_and_poll 传 instructions="你叫小明，你是一个数学老师。"（换成任何新名字都行）',
        ),
    )
    report.expect(
        "小U" in (assistant.instructions or ""),
        say("the assistant still has its own instructions (小U)", "助手本身的 instructions 没变（还是小U）"),
        say("the assistant's instructions were changed", "助手本身的 instructions 被改掉了"),
        say("override per run; do not call assistants.update for this", "只在这次运行里覆盖，不要为此调用 assistants.update"),
    )
    reply = reply_of(client, run) if run.status == "completed" else ""
    name = None
    if run.instructions and "你叫" in run.instructions:
        name = run.instructions.split("你叫", 1)[1].split(",")[0].split(",")[0].split("。")[0].strip()
    report.expect(
        bool(name) and bool(reply) and name in reply and name != "小U",
        say(f"the run's reply introduces itself as {name}", f"回复里自称 {name}"),
        say("the run's reply does not give the new name", "回复里没有出现新名字"),
        say('write the name as "你叫<name>" in the instructions and ask "你是谁?"', '在 instructions 里写“你叫<名字>”，并问“你是谁？”'),
    )
    return report


@check("04.2", "your own polling loop", "自己写轮询循环")
def check_polling(report: Report, client, run, seen) -> Report:
    """Exercise 04.2: a hand-written polling loop, and the statuses it saw, in order."""
    seen = list(seen or [])
    run = run_of(
        report,
        client,
        run,
        how=say(
            "finish wait_for, then: my_run, seen = wait_for(client.beta.threads.runs.create(thread_id=..., assistant_id=assistant_id))",
            "写完 wait_for，然后：my_run, seen = wait_for(client.beta.threads.runs.create(thread_id=..., assistant_id=assistant_id))",
        ),
    )
    if run is None:
        return report
    report.expect(
        run.status in TERMINAL,
        say(f"the run is over (`{run.status}`)", f"运行已经结束（`{run.status}`）"),
        say(f"the run is still `{run.status}`", f"运行还处于 `{run.status}`"),
        say('keep polling while the status is "queued", "in_progress" or "cancelling"', '状态是 "queued"、"in_progress" 或 "cancelling" 时继续轮询'),
    )
    report.expect(
        bool(seen) and seen[0] == "queued",
        say("your list starts with `queued`, what runs.create returned", "列表以 `queued` 开头，正是 runs.create 的返回"),
        say("your list does not start with `queued`", "列表不是以 `queued` 开头"),
        say("append run.status right after runs.create, before the loop", "在 runs.create 之后、进入循环之前先记下 run.status"),
    )
    report.expect(
        "in_progress" in seen,
        say("your loop saw `in_progress`", "循环看到了 `in_progress`"),
        say("your loop never saw `in_progress`", "循环一次也没看到 `in_progress`"),
        say("retrieve the run inside the loop (runs.retrieve), not create_and_poll", "在循环里用 runs.retrieve 取回运行，而不是 create_and_poll"),
    )
    report.expect(
        bool(seen) and seen[-1] == run.status,
        say("your list ends with the run's final status", "列表以运行的最终状态结尾"),
        say(
            f"your list ends with {seen[-1]!r} but the run is `{run.status}`" if seen else "your list is empty",
            f"列表最后是 {seen[-1]!r}，而运行是 `{run.status}`" if seen else "列表是空的",
        ),
        say("append each new status, including the last one that ends the loop", "每次状态变化都记下来，包括让循环结束的最后一个"),
    )
    report.expect(
        all(a != b for a, b in zip(seen, seen[1:], strict=False)),
        say("each status is listed once, when it changed", "每个状态只在变化时记一次"),
        say("the same status is listed twice in a row", "同一个状态连续出现了两次"),
        say("append only when run.status differs from the last one you saw", "只有 run.status 和上一次不同时才记录"),
    )
    return report


@check("04.3", "a failed run, and the thread goes on", "运行失败后，线程照常继续")
def check_recovery(report: Report, client, thread) -> Report:
    """Exercise 04.3: on one thread, a run that failed on purpose, then a run that completed."""
    if thread is None:
        nothing_yet(
            report,
            "my_thread",
            say(
                'my_thread = client.beta.threads.create(messages=[{"role": "user", "content": "请模拟一次失败的 run"}]), then run 小U on it',
                'my_thread = client.beta.threads.create(messages=[{"role": "user", "content": "请模拟一次失败的 run"}])，然后在上面运行小U',
            ),
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
