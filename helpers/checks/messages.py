"""Checks for lesson 03 (messages): a message tagged with metadata, a message with a file attached, and reading a long thread page by page."""

from __future__ import annotations

import openai

from . import Report, check, object_id, say


def _text(message) -> str:
    return "".join(part.text.value for part in message.content if part.type == "text")


def _retrieve(client, report: Report, thread, message, name: str, how: str):
    """The stored message (looked up in its thread), or None after saying what is missing."""
    if object_id(message) is None:
        report.miss(say(f"nothing to check yet: `{name}` is still None", f"还没有可检查的内容：`{name}` 仍是 None"), how)
        return None
    try:
        stored = client.beta.threads.messages.retrieve(object_id(message), thread_id=object_id(thread))
    except openai.NotFoundError:
        report.miss(
            say(f"no message {object_id(message)} in thread {object_id(thread)}", f"线程 {object_id(thread)} 里没有消息 {object_id(message)}"),
            say("add it to this lesson's `thread` (thread_id=thread.id)", "把它加到本课的 `thread` 里（thread_id=thread.id）"),
        )
        return None
    report.ok(say("the message is in the thread", "消息已经在线程里"))
    report.expect(
        stored.role == "user",
        say("it is a user message", "它是一条 user 消息"),
        say(f"its role is {stored.role!r}", f"它的角色是 {stored.role!r}"),
        say('role="user": the learner asks, a run answers', 'role="user":用户提问，运行来回答'),
    )
    return stored


@check("03.1", "a message with a tag", "带标签的消息")
def check_tagged_message(report: Report, client, thread, message) -> Report:
    """Exercise 03.1: a user message asking how to install UAP, tagged metadata {"intent": "install"}."""
    stored = _retrieve(client, report, thread, message, "install_question", say("client.beta.threads.messages.create(thread_id=thread.id, role=\"user\", content=..., metadata=...)", "client.beta.threads.messages.create(thread_id=thread.id, role=\"user\", content=..., metadata=...)"))
    if stored is None:
        return report
    text = _text(stored)
    report.expect(
        "安装" in text or "install" in text.lower(),
        say(f"it asks about installing: {text}", f"它在问安装：{text}"),
        say(f"it does not ask about installing: {text!r}", f"它没有问安装：{text!r}"),
        say('content="如何安装 UAP?"', 'content="如何安装 UAP?"'),
    )
    metadata = stored.metadata or {}
    report.expect(
        metadata.get("intent") == "install",
        say('its metadata says intent is "install"', 'metadata 里 intent 是 "install"'),
        say(f"its metadata has no intent \"install\" (it holds {metadata})", f"metadata 里没有 intent \"install\"（现在是 {metadata}）"),
        say('metadata={"intent": "install"}, at create time or later with messages.update(...)', 'metadata={"intent": "install"}，创建时传入，或之后用 messages.update(...) 加上'),
    )
    return report


@check("03.2", "a message with a file", "带文件的消息")
def check_attached_file(report: Report, client, thread, message) -> Report:
    """Exercise 03.2: a user message with an uploaded .csv file attached for the code interpreter."""
    stored = _retrieve(client, report, thread, message, "with_file", say("upload with client.files.create(...), then messages.create(..., attachments=[...])", "先用 client.files.create(...) 上传，再 messages.create(..., attachments=[...])"))
    if stored is None:
        return report
    hint = say(
        'attachments=[{"file_id": csv_file.id, "tools": [{"type": "code_interpreter"}]}]',
        'attachments=[{"file_id": csv_file.id, "tools": [{"type": "code_interpreter"}]}]',
    )
    if not report.expect(
        bool(stored.attachments),
        say(f"it has {len(stored.attachments or [])} attachment(s)", f"它有 {len(stored.attachments or [])} 个附件"),
        say("it has no attachments", "它没有附件"),
        hint,
    ):
        return report
    attachment = stored.attachments[0]
    report.expect(
        any(tool.type == "code_interpreter" for tool in attachment.tools or []),
        say("the file is given to the code interpreter", "文件交给了代码解释器"),
        say("the attachment names no code_interpreter tool", "附件没有指定 code_interpreter 工具"),
        hint,
    )
    try:
        file = client.files.retrieve(attachment.file_id)
    except openai.NotFoundError:
        report.miss(say(f"the attached file {attachment.file_id} is not on the server", f"服务器上找不到附件 {attachment.file_id}"), say("attach the id client.files.create(...) returned", "附上 client.files.create(...) 返回的 id"))
        return report
    report.expect(
        file.filename.lower().endswith(".csv"),
        say(f"the attachment is a CSV file: {file.filename}", f"附件是 CSV 文件：{file.filename}"),
        say(f"the attachment is {file.filename}, not a .csv file", f"附件是 {file.filename}，不是 .csv 文件"),
        say('file=("sales.csv", csv_bytes) names the upload', '用 file=("sales.csv", csv_bytes) 给上传的文件命名'),
    )
    report.expect(
        file.purpose == "assistants",
        say('it was uploaded with purpose "assistants"', '上传时 purpose 是 "assistants"'),
        say(f"it was uploaded with purpose {file.purpose!r}", f"上传时 purpose 是 {file.purpose!r}"),
        say('files for assistants are uploaded with purpose="assistants"', '给助手用的文件，上传时要写 purpose="assistants"'),
    )
    return report


@check("03.3", "read a long thread", "读完一个很长的线程")
def check_read_all(report: Report, client, read_all) -> Report:
    """Exercise 03.3: read_all(client, thread_id) returns every message text, oldest first, however long the thread."""
    if not callable(read_all):
        report.miss(
            say("`read_all` is not a function yet", "`read_all` 还不是一个函数"),
            say("def read_all(client, thread_id): ... return texts", "def read_all(client, thread_id): ... return texts"),
        )
        return report
    # 25 messages: more than one default page (20), so reading a single page is not enough.
    expected = [f"第 {n} 条消息" for n in range(1, 26)]
    long_thread = client.beta.threads.create(messages=[{"role": "user", "content": text} for text in expected])
    try:
        found = list(read_all(client, long_thread.id))
    except Exception as error:  # the learner's code: say what it raised, and where to look
        report.miss(
            say(f"read_all raised {type(error).__name__}: {error}", f"read_all 抛出了 {type(error).__name__}：{error}"),
            say("list(thread_id=..., order=\"asc\", after=...) then page.has_more and page.last_id", "list(thread_id=..., order=\"asc\", after=...)，再看 page.has_more 和 page.last_id"),
        )
        return report
    finally:
        client.beta.threads.delete(long_thread.id)
    found = [_text(item) if hasattr(item, "content") else str(item) for item in found]  # message objects count too
    if not report.expect(
        sorted(found) == sorted(expected),
        say("on a thread of 25 messages it reads all 25", "在 25 条消息的线程上，它读到了全部 25 条"),
        say(f"on a thread of 25 messages it read {len(found)}", f"在 25 条消息的线程上，它只读到了 {len(found)} 条"),
        say("one page holds 20 by default: keep asking while page.has_more, with after=page.last_id", "一页默认只有 20 条：只要 page.has_more 为真就继续请求，after=page.last_id"),
    ):
        return report
    report.expect(
        found == expected,
        say("oldest first, in the order they were written", "按写入顺序，最早的在前"),
        say("the texts are not oldest first", "内容的顺序不是最早的在前"),
        say('list(..., order="asc") reads a thread in the order it happened', 'list(..., order="asc") 按发生顺序读取线程'),
    )
    return report
