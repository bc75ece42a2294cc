"""Checks for lesson 03 (messages): a tagged message (content predicted), a message with a file, reading a long thread, the latest turns in chat order."""

from __future__ import annotations

import openai

from . import Report, check, is_function, kind, nothing_yet, object_id, predicted, say, wrong_kind


def _text(message) -> str:
    return "".join(part.text.value for part in message.content if part.type == "text")


def _retrieve(client, report: Report, thread, message, name: str, how: str):
    """The stored message (looked up in its own thread), or None after saying what is missing."""
    if message is None:
        nothing_yet(report, name, how)
        return None
    if wrong_kind(report, message, name, ("message", "消息"), "msg_"):
        return None
    thread_id = getattr(message, "thread_id", None) or object_id(thread)
    if not isinstance(thread_id, str):
        report.miss(say(f"`{name}` is an id: the check needs the message itself (it knows its thread)", f"`{name}` 是一个 id：检查需要消息对象本身（它知道自己属于哪个线程）"), say("keep what messages.create returned", "保存 messages.create 的返回值"))
        return None
    try:
        stored = client.beta.threads.messages.retrieve(object_id(message), thread_id=thread_id)
    except openai.NotFoundError:
        report.miss(
            say(f"no message {object_id(message)} in thread {thread_id}", f"线程 {thread_id} 里没有消息 {object_id(message)}"),
            say("was its thread deleted? Run the cell again: it makes its own thread", "它的线程是不是被删除了？再运行一次单元格：它会自己创建线程"),
        )
        return None
    report.ok(say("the message is in its thread", "消息已经在它的线程里"))
    report.expect(
        stored.role == "user",
        say("it is a user message", "它是一条 user 消息"),
        say(f"its role is {stored.role!r}", f"它的角色是 {stored.role!r}"),
        say("a user asks; a run answers", "用户提问，运行来回答"),
    )
    return stored


CONTENT_PREDICTIONS = {"a": "the string", "b": "a list with one text part", "c": "a dict with a text key"}


@check("03.1", "predict the content, then tag the question", "预测 content，再给问题打标签")
def check_tagged_message(report: Report, client, prediction, message) -> Report:
    """Exercise 03.1 (predict): what `message.content` is for a string sent as content, and a user question tagged {"intent": "install"}."""
    choice = predicted(report, prediction, CONTENT_PREDICTIONS)
    stored = _retrieve(client, report, None, message, "install_question", say("then add the question to a thread, and keep the message", "然后把问题加进一个线程，并保存这条消息"))
    if stored is None:
        return report
    report.expect(
        bool(_text(stored).strip()),
        say(f"it asks: {_text(stored)}", f"它问的是：{_text(stored)}"),
        say("its text is empty", "它的文本是空的"),
        say("ask how to install UAP, in your words", "用你自己的话问怎么安装 UAP"),
    )
    metadata = stored.metadata or {}
    report.expect(
        metadata.get("intent") == "install",
        say('its metadata says intent is "install"', 'metadata 里 intent 是 "install"'),
        say(f"its metadata has no intent \"install\" (it holds {metadata})", f"metadata 里没有 intent \"install\"（现在是 {metadata}）"),
        say("a message has metadata of its own, like a thread: at create time, or later with update", "消息和线程一样有自己的 metadata：创建时传入，或之后用 update 加上"),
    )
    if choice is not None:
        report.expect(
            choice == "b",
            say("your prediction held: content is a list of parts, and a string becomes one text part", "你的预测没错：content 是内容块列表，字符串会变成一个 text 块"),
            say(f'you predicted "{choice}" ({CONTENT_PREDICTIONS[choice]}), but content is a list of parts', f'你预测的是 "{choice}"，但 content 是一个内容块列表'),
            say("print(install_question.content): a message can hold text and images, so content is always a list; the text is content[0].text.value. Change your prediction to what you saw", "print(install_question.content)：消息可以同时包含文本和图片，所以 content 总是列表；文本在 content[0].text.value。把预测改成你看到的结果"),
        )
    return report


@check("03.2", "a message with a file", "带文件的消息")
def check_attached_file(report: Report, client, thread, message) -> Report:
    """Exercise 03.2 (modify): a user message with an uploaded .csv file attached for the code interpreter (among any other attachments)."""
    stored = _retrieve(client, report, thread, message, "with_file", say("run the cell, then change it", "先运行单元格，再改写它"))
    if stored is None:
        return report
    hint = say("a message's attachments list files, each with the tools that may read it", "消息的 attachments 列出文件，每个文件注明哪些工具可以读取它")
    if not report.expect(
        bool(stored.attachments),
        say(f"it has {len(stored.attachments or [])} attachment(s)", f"它有 {len(stored.attachments or [])} 个附件"),
        say("it has no attachments: the file was uploaded, but the message does not hand it over", "它没有附件：文件上传了，但消息没有把它交出去"),
        hint,
    ):
        return report
    files, problems = [], []
    for attachment in stored.attachments:
        try:
            files.append((client.files.retrieve(attachment.file_id), attachment))
        except openai.NotFoundError:
            problems.append(attachment.file_id)
    csvs = [(file, attachment) for file, attachment in files if file.filename.lower().endswith(".csv")]
    if not csvs:
        if problems:
            report.miss(say(f"the attached file {problems[0]} is not on the server", f"服务器上找不到附件 {problems[0]}"), say("attach the id client.files.create(...) returned", "附上 client.files.create(...) 返回的 id"))
        else:
            names = ", ".join(file.filename for file, _ in files)
            report.miss(say(f"no attachment is a .csv file ({names})", f"附件里没有 .csv 文件（{names}）"), say('name the upload: file=("sales.csv", data)', '给上传的文件命名：file=("sales.csv", data)'))
        return report
    report.ok(say("a CSV file is attached", "附上了一个 CSV 文件"))
    for_code = [(file, attachment) for file, attachment in csvs if any(tool.type == "code_interpreter" for tool in attachment.tools or [])]
    if not report.expect(
        bool(for_code),
        say("the CSV is given to the code interpreter", "CSV 交给了代码解释器"),
        say("the CSV names no code_interpreter tool", "CSV 附件没有指定 code_interpreter 工具"),
        say("numbers in a CSV are for code to compute with; file_search reads documents", "CSV 里的数字要交给代码来计算；file_search 是读文档的"),
    ):
        return report
    file = for_code[0][0]
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
    if read_all is None:
        nothing_yet(report, "read_all", say("define a function read_all(client, thread_id)", "定义一个函数 read_all(client, thread_id)"))
        return report
    if not callable(read_all):
        report.miss(
            say(f"`read_all` is {kind(read_all)}, not a function yet", f"`read_all` 是{kind(read_all)}，还不是一个函数"),
            say("def read_all(client, thread_id): ... return the texts", "def read_all(client, thread_id): ... 返回这些文本"),
        )
        return report
    # 25 messages: more than one default page (20), so reading a single page is not enough.
    expected = [f"第 {n} 条消息" for n in range(1, 26)]
    long_thread = client.beta.threads.create(messages=[{"role": "user", "content": text} for text in expected])
    try:
        found = read_all(client, long_thread.id)
        found = list(found) if isinstance(found, (list, tuple)) or hasattr(found, "__next__") else found
    except Exception as error:  # the learner's code: say what it raised, and where to look
        report.miss(
            say(f"read_all raised {type(error).__name__}: {error}", f"read_all 抛出了 {type(error).__name__}：{error}"),
            say("list(thread_id=..., order=\"asc\", after=...) then page.has_more and page.last_id", "list(thread_id=..., order=\"asc\", after=...)，再看 page.has_more 和 page.last_id"),
        )
        return report
    finally:
        client.beta.threads.delete(long_thread.id)
    if not isinstance(found, list):
        report.miss(say(f"read_all returned {kind(found)}, not a list of texts", f"read_all 返回了{kind(found)}，不是文本列表"), say("collect the texts in a list and return it", "把文本收集进列表再返回"))
        return report
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


@check("03.4", "the chat screen that shows the wrong turns", "显示错了的聊天界面")
def check_last_turns(report: Report, client, last_turns) -> Report:
    """Exercise 03.4 (debug): last_turns(client, thread_id, n) gave the first n messages; fixed, the latest n, oldest of them first."""
    if not is_function(report, last_turns, "last_turns"):
        return report
    texts = [f"第 {n} 句" for n in range(1, 7)]
    thread = client.beta.threads.create(messages=[{"role": "user" if n % 2 else "assistant", "content": text} for n, text in enumerate(texts, 1)])
    try:
        found = last_turns(client, thread.id, 3)
    except Exception as error:
        report.miss(say(f"last_turns(client, thread_id, 3) raised {type(error).__name__}: {error}", f"last_turns(client, thread_id, 3) 抛出了 {type(error).__name__}：{error}"), say("keep its shape: it returns a list of texts", "保持它的样子：返回一个文本列表"))
        return report
    finally:
        client.beta.threads.delete(thread.id)
    if not isinstance(found, list) or not all(isinstance(text, str) for text in found):
        report.miss(say(f"it returned {kind(found)}, not a list of texts", f"它返回了{kind(found)}，不是文本列表"), say("return the messages' texts", "返回消息的文本"))
        return report
    shown = ", ".join(found)
    if found == texts[-3:]:
        report.ok(say("on a thread of 6 messages it shows the last 3, oldest of them first, as a chat screen does", "在 6 条消息的线程上，它显示最后 3 条，其中最早的在上面，和聊天界面一样"))
    elif found == texts[:3]:
        report.miss(say(f"it shows the first 3 messages ({shown}), not the latest", f"它显示的是最早的 3 条（{shown}），不是最新的"), say("with order=\"asc\", which messages does a page of 3 start with?", "用 order=\"asc\" 时，一页 3 条是从哪几条开始的？"))
    elif found == texts[-3:][::-1]:
        report.miss(say(f"it shows the latest 3, newest at the top ({shown})", f"它显示的是最新的 3 条，但最新的在最上面（{shown}）"), say("a chat screen reads top to bottom, oldest first: turn the page around before returning it", "聊天界面从上往下读，最早的在上面：返回之前把这一页倒过来"))
    else:
        report.miss(say(f"on a thread of 6 messages it shows {shown or 'nothing'}", f"在 6 条消息的线程上，它显示的是 {shown or '空'}"), say("the 3 latest messages, oldest of them first: 第 4 句, 第 5 句, 第 6 句", "最新的 3 条，其中最早的在前：第 4 句、第 5 句、第 6 句"))
    return report
