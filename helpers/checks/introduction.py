"""Checks for lesson 00 (introduction): a first thread with metadata, a deleted thread, a chat turned into an assistant and a thread."""

from __future__ import annotations

import openai

from . import Report, check, object_id, say


def _nothing_yet(report: Report, name: str, how: str) -> Report:
    report.miss(
        say(f"nothing to check yet: `{name}` is still None", f"还没有可检查的内容：`{name}` 仍是 None"),
        how,
    )
    return report


def _text(message) -> str:
    return "".join(part.text.value for part in message.content if part.type == "text")


@check("00.1", "a thread that says where it comes from", "标明来历的线程")
def check_lesson_thread(report: Report, client, thread) -> Report:
    """Exercise 00.1: a thread whose metadata says which lesson made it: {"lesson": "00"}."""
    hint = say(
        'client.beta.threads.create(metadata={"lesson": "00"})',
        'client.beta.threads.create(metadata={"lesson": "00"})',
    )
    if object_id(thread) is None:
        return _nothing_yet(report, "my_thread", hint)
    try:
        stored = client.beta.threads.retrieve(object_id(thread))
    except openai.NotFoundError:
        report.miss(say(f"no thread {object_id(thread)} on the server", f"服务器上没有线程 {object_id(thread)}"), say("create it again (it may have been deleted)", "重新创建一个（它可能已被删除）"))
        return report
    report.ok(say("the thread exists on the server", "线程已保存在服务器上"))
    metadata = stored.metadata or {}
    if report.expect(
        "lesson" in metadata,
        say("its metadata has a `lesson` key", "metadata 里有 `lesson` 这个键"),
        say(f"its metadata has no `lesson` key (it holds {metadata})", f"metadata 里没有 `lesson` 键（现在是 {metadata}）"),
        hint,
    ):
        report.expect(
            metadata["lesson"] == "00",
            say('`lesson` is "00"', '`lesson` 的值是 "00"'),
            say(f'`lesson` is {metadata["lesson"]!r}, not "00"', f'`lesson` 的值是 {metadata["lesson"]!r}，不是 "00"'),
            say('metadata values are strings: write "00", with the quotes', 'metadata 的值是字符串：写成带引号的 "00"'),
        )
    return report


@check("00.2", "clean up after yourself", "用完就删")
def check_deleted_thread(report: Report, client, thread_id) -> Report:
    """Exercise 00.2: a thread that was created and then deleted (its id no longer names anything)."""
    if object_id(thread_id) is None:
        return _nothing_yet(report, "gone_id", say("create a thread, keep its id in gone_id, then delete it", "创建一个线程，把 id 存进 gone_id，再删除它"))
    gone = object_id(thread_id)
    if not report.expect(
        isinstance(gone, str) and gone.startswith("thread_"),
        say("`gone_id` is a thread id", "`gone_id` 是一个线程 id"),
        say(f"`gone_id` is {gone!r}, not a thread id (`thread_...`)", f"`gone_id` 是 {gone!r}，不是线程 id(`thread_...`)"),
        say("keep `thread.id`, the id the create call returned", "保存 create 返回的 `thread.id`"),
    ):
        return report
    try:
        client.beta.threads.retrieve(gone)
    except openai.NotFoundError:
        report.ok(say("retrieving it now answers 404: it is deleted", "现在 retrieve 它会返回 404：已经删除"))
        return report
    report.miss(
        say("the thread still exists", "这个线程还在"),
        say("client.beta.threads.delete(gone_id) deletes it", "用 client.beta.threads.delete(gone_id) 删除它"),
    )
    return report


@check("00.3", "from chat completions to an assistant and a thread", "从 chat completions 到助手和线程")
def check_chat_as_thread(report: Report, client, chat: list[dict], assistant, thread) -> Report:
    """Exercise 00.3: a chat-completions conversation as an assistant (the system prompt) and a thread (the turns)."""
    if object_id(assistant) is None or object_id(thread) is None:
        name = "xiaou_from_chat" if object_id(assistant) is None else "history"
        return _nothing_yet(report, name, say("create the assistant and the thread, and keep them in xiaou_from_chat and history", "创建助手和线程，分别存进 xiaou_from_chat 和 history"))
    system = [turn["content"] for turn in chat if turn["role"] == "system"]
    turns = [(turn["role"], turn["content"]) for turn in chat if turn["role"] != "system"]
    try:
        stored = client.beta.assistants.retrieve(object_id(assistant))
    except openai.NotFoundError:
        report.miss(say("the assistant is not on the server", "服务器上找不到这个助手"), say("create it with client.beta.assistants.create(...)", "用 client.beta.assistants.create(...) 创建"))
        return report
    report.expect(
        stored.instructions == "\n".join(system),
        say("the system prompt became the assistant's instructions", "system 提示词变成了助手的 instructions"),
        say("the assistant's instructions are not the chat's system message", "助手的 instructions 和对话里的 system 消息不一致"),
        say("a thread has no system messages: standing orders go in instructions=...", "线程里没有 system 消息：长期生效的指令写进 instructions=..."),
    )
    try:
        messages = list(client.beta.threads.messages.list(thread_id=object_id(thread), order="asc"))
    except openai.NotFoundError:
        report.miss(say("the thread is not on the server", "服务器上找不到这个线程"), say("create it with client.beta.threads.create(messages=[...])", "用 client.beta.threads.create(messages=[...]) 创建"))
        return report
    found = [(m.role, _text(m)) for m in messages]
    if report.expect(
        len(found) == len(turns),
        say(f"the thread holds {len(turns)} messages, one per user or assistant turn", f"线程里有 {len(turns)} 条消息，每个 user 或 assistant 轮次一条"),
        say(f"the thread holds {len(found)} messages; the chat has {len(turns)} user and assistant turns", f"线程里有 {len(found)} 条消息，而对话里有 {len(turns)} 个 user 和 assistant 轮次"),
        say("pass every turn except the system one: messages=[turn for turn in chat if turn['role'] != 'system']", "除 system 外每一轮都要传：messages=[turn for turn in chat if turn['role'] != 'system']"),
    ):
        report.expect(
            found == turns,
            say("same roles, same texts, same order", "角色、内容、顺序都一致"),
            say("the messages differ from the chat's turns in role, text or order", "消息的角色、内容或顺序与对话不一致"),
            say("keep the turns in their order; each keeps its role (user or assistant)", "保持原来的顺序，每一轮保留自己的角色（user 或 assistant）"),
        )
    return report
