"""Checks for lesson 00 (introduction): a first thread with metadata, a deleted thread, a chat turned into an assistant and a thread."""

from __future__ import annotations

import openai

from . import Report, check, kind, nothing_yet, object_id, predicted, say, stored, wrong_kind


def _text(message) -> str:
    return "".join(part.text.value for part in message.content if part.type == "text")


PREDICTIONS = {"a": "returns the thread as it was", "b": "returns None", "c": "raises openai.NotFoundError (a 404)"}


def _messages(client, thread_id: str) -> list[tuple[str, str]]:
    return [(m.role, _text(m)) for m in client.beta.threads.messages.list(thread_id=thread_id, order="asc")]


@check("00.1", "a thread that says where it comes from", "标明来历的线程")
def check_lesson_thread(report: Report, client, thread) -> Report:
    """Exercise 00.1 (modify): a thread tagged {"lesson": "00"} that opens with a user's question, made either way."""
    found = stored(report, client.beta.threads.retrieve, thread, "my_thread", say("change the create call in the cell, and run it", "改写单元格里的 create 调用，再运行它"), ("thread", "线程"))
    if found is None:
        return report
    metadata = found.metadata or {}
    if report.expect(
        "lesson" in metadata,
        say("its metadata has a `lesson` key", "metadata 里有 `lesson` 这个键"),
        say(f"its metadata has no `lesson` key (it holds {metadata})", f"metadata 里没有 `lesson` 键（现在是 {metadata}）"),
        say("create() takes a metadata= argument: a dict of strings", "create() 接受 metadata= 参数：一个值为字符串的字典"),
    ):
        report.expect(
            metadata["lesson"] == "00",
            say('`lesson` is "00"', '`lesson` 的值是 "00"'),
            say(f'`lesson` is {metadata["lesson"]!r}, not "00"', f'`lesson` 的值是 {metadata["lesson"]!r}，不是 "00"'),
            say('metadata values are strings: write "00", with the quotes', 'metadata 的值是字符串：写成带引号的 "00"'),
        )
    turns = _messages(client, found.id)
    questions = [text for role, text in turns if role == "user" and text.strip()]
    report.expect(
        bool(turns) and turns[0][0] == "user" and bool(questions),
        say("it opens with a user's question", "它以用户的一个问题开头"),
        say("it holds no message yet" if not turns else "its first message is not the user's", "它还没有任何消息" if not turns else "它的第一条消息不是用户发的"),
        say("a thread can be created with its first messages, or get one afterwards: look at the parameters of threads.create and threads.messages.create", "线程可以在创建时就带上消息，也可以之后再添加：看看 threads.create 和 threads.messages.create 的参数"),
    )
    return report


@check("00.2", "predict, then delete", "先预测，再删除")
def check_deleted_thread(report: Report, client, prediction, thread_id) -> Report:
    """Exercise 00.2 (predict): the learner's prediction of what retrieving a deleted thread does, and a thread they deleted."""
    choice = predicted(report, prediction, PREDICTIONS, first=say('write your prediction first: "a", "b" or "c"', '先写下你的预测："a"、"b" 或 "c"'), pick=say('pick the letter of the option you believe, e.g. my_prediction = "b"', '选你认为对的那个字母，比如 my_prediction = "b"'))
    if thread_id is None:
        nothing_yet(report, "gone_id", say("then find out: create a thread, keep its id, delete it", "然后验证：创建一个线程，保存它的 id，再删除它"))
        return report
    if wrong_kind(report, thread_id, "gone_id", ("thread", "线程"), "thread_"):
        return report
    gone = object_id(thread_id)
    try:
        client.beta.threads.retrieve(gone)
    except openai.NotFoundError:
        report.ok(say("retrieving it now raises openai.NotFoundError (404): it is deleted", "现在 retrieve 它会抛出 openai.NotFoundError（404）：已经删除"))
    else:
        report.miss(
            say("the thread still exists", "这个线程还在"),
            say("deleting is a call of its own on client.beta.threads, with the id", "删除是 client.beta.threads 上单独的一个调用，传入 id"),
        )
        return report
    if choice is None:
        return report
    report.expect(
        choice == "c",
        say("your prediction was right: a deleted thread is gone, and asking for it is a 404", "你的预测是对的：删除的线程就没有了，再查询它会得到 404"),
        say(f'you predicted "{choice}" ({PREDICTIONS[choice]}), but retrieve raised openai.NotFoundError', f'你预测的是 "{choice}"，但 retrieve 抛出了 openai.NotFoundError'),
        say("the SDK never answers None for something that is not there: the API says 404, and the SDK raises it as openai.NotFoundError (catch it with try/except); change your prediction to what you saw", "SDK 不会用 None 表示“不存在”：API 返回 404，SDK 把它作为 openai.NotFoundError 抛出（可以用 try/except 捕获）；把预测改成你看到的结果"),
    )
    return report


@check("00.3", "from chat completions to an assistant and a thread", "从 chat completions 到助手和线程")
def check_chat_as_thread(report: Report, client, chat: list[dict], assistant, thread) -> Report:
    """Exercise 00.3: a chat-completions conversation as an assistant (the system prompt) and a thread (the turns)."""
    how = say("the system prompt and the turns go to two different objects: which ones?", "system 提示词和对话轮次要放进两个不同的对象：哪两个？")
    stored_assistant = stored(report, client.beta.assistants.retrieve, assistant, "xiaou_from_chat", how, ("assistant", "助手"))
    stored_thread = stored(report, client.beta.threads.retrieve, thread, "history", how, ("thread", "线程"))
    if stored_assistant is None or stored_thread is None:
        return report
    system = [turn["content"] for turn in chat if turn["role"] == "system"]
    turns = [(turn["role"], turn["content"]) for turn in chat if turn["role"] != "system"]
    report.expect(
        stored_assistant.instructions == "\n".join(system),
        say("the system prompt became the assistant's instructions", "system 提示词变成了助手的 instructions"),
        say("the assistant's instructions are not the chat's system message", "助手的 instructions 和对话里的 system 消息不一致"),
        say("a thread has no system messages: standing orders go to the assistant", "线程里没有 system 消息：长期生效的指令交给助手"),
    )
    messages = list(client.beta.threads.messages.list(thread_id=stored_thread.id, order="asc"))
    found = [(m.role, _text(m)) for m in messages]
    if report.expect(
        len(found) == len(turns),
        say(f"the thread holds {len(turns)} messages, one per user or assistant turn", f"线程里有 {len(turns)} 条消息，每个 user 或 assistant 轮次一条"),
        say(f"the thread holds {len(found)} messages; the chat has {len(turns)} user and assistant turns", f"线程里有 {len(found)} 条消息，而对话里有 {len(turns)} 个 user 和 assistant 轮次"),
        say("every turn but the system one belongs in the thread", "除 system 以外的每一轮都应该放进线程"),
    ):
        report.expect(
            found == turns,
            say("same roles, same texts, same order", "角色、内容、顺序都一致"),
            say("the messages differ from the chat's turns in role, text or order", "消息的角色、内容或顺序与对话不一致"),
            say("keep the turns in their order; each keeps its role (user or assistant)", "保持原来的顺序，每一轮保留自己的角色（user 或 assistant）"),
        )
    return report


SYSTEM_PROMPT = "你叫小U"


@check("00.4", "fix the thread that will not start", "修好建不起来的线程")
def check_started_conversation(report: Report, client, start_conversation) -> Report:
    """Exercise 00.4 (debug): a function that opened a thread with a system message and an int in metadata, fixed."""
    if not callable(start_conversation):
        report.miss(
            say(f"`start_conversation` is {kind(start_conversation)}, not the function", f"`start_conversation` 是{kind(start_conversation)}，不是那个函数"),
            say("run the cell that defines it (def start_conversation(client): ...)", "运行定义它的单元格（def start_conversation(client): ...）"),
        )
        return report
    try:
        thread = start_conversation(client)
    except openai.BadRequestError as error:
        body = error.body if isinstance(error.body, dict) else {}
        report.miss(
            say(f"start_conversation(client) still raises a 400: {body.get('message', error)}", f"start_conversation(client) 仍然返回 400：{body.get('message', error)}"),
            say(f"read the error: its param ({body.get('param')}) names the field; each of the two mistakes gets its own 400, one at a time", f"读一读这条错误：param（{body.get('param')}）指出了是哪个字段；两个错误各自会触发一次 400，一次报一个"),
        )
        return report
    except Exception as error:
        report.miss(
            say(f"start_conversation(client) raised {type(error).__name__}: {error}", f"start_conversation(client) 抛出了 {type(error).__name__}：{error}"),
            say("keep the function's shape: it takes the client and returns the new thread", "保持函数的样子：接收 client，返回新线程"),
        )
        return report
    report.ok(say("start_conversation(client) runs without an error", "start_conversation(client) 运行时不再报错"))
    if thread is None:
        report.miss(say("start_conversation(client) returned None", "start_conversation(client) 返回了 None"), say("return the thread the create call gave you", "返回 create 调用得到的线程"))
        return report
    found = stored(report, client.beta.threads.retrieve, thread, "start_conversation(client)", say("return the thread the create call gave you", "返回 create 调用得到的线程"), ("thread", "线程"))
    if found is None:
        return report
    turns = _messages(client, found.id)
    report.expect(
        ("user", "UAP 是什么?") in turns,
        say("the user's question opens the thread", "用户的问题还在线程开头"),
        say("the user's question 'UAP 是什么?' is no longer in the thread", "线程里没有用户的问题“UAP 是什么?”了"),
        say("fix the mistakes, keep the question", "改掉错误，但保留问题"),
    )
    if any(SYSTEM_PROMPT in text for _, text in turns):
        report.miss(
            say("小U's standing orders are now a message of the conversation, as if someone had said them", "小U的长期指令现在成了对话里的一条消息，好像是谁说出来的一样"),
            say("a thread holds only what users and the assistant said: standing orders belong to the assistant, in its instructions", "线程里只放用户和助手说的话：长期指令属于助手，写在它的 instructions 里"),
        )
    else:
        report.ok(say("no system text in the thread: standing orders belong to an assistant's instructions", "线程里没有 system 文本：长期指令属于助手的 instructions"))
    metadata = found.metadata or {}
    report.expect(
        metadata.get("lesson") in ("0", "00"),
        say("the thread is still tagged with its lesson", "线程仍然标注了所属的课"),
        say(f"the `lesson` tag is gone (metadata is {metadata})", f"`lesson` 标签不见了（metadata 是 {metadata}）"),
        say("keep the tag, in the form metadata accepts", "保留这个标签，改成 metadata 接受的形式"),
    )
    try:
        client.beta.threads.delete(found.id)  # the check's own call made it: leave nothing behind
    except openai.APIError:
        pass
    return report
