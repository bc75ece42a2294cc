"""Checks for lesson 09 (leaving the Assistants API): a response in a conversation, a finished function-call loop, a migrated thread."""

from __future__ import annotations

from . import Report, check, say
from .runs import fetch, ident


def response_of(report: Report, client, response):
    """The response as the API has it now (None, with a hint, when there is none to look at)."""
    response_id = ident(response)
    if not response_id:
        report.miss(
            say("no response to look at", "没有可检查的响应"),
            say("keep what client.responses.create returned in the variable the exercise names", "把 client.responses.create 的返回值存进练习指定的变量"),
        )
        return None
    return fetch(report, "response", client.responses.retrieve, response_id)


def _text(content) -> str:
    return "".join(getattr(part, "text", None) or "" for part in content or [])


@check("09.1", "小U answers in a conversation", "小U在对话里作答")
def check_conversation_answer(report: Report, client, response) -> Report:
    """Exercise 09.1: a completed response with 小U's instructions (kept in code), made in a conversation that now holds the question and the answer."""
    found = response_of(report, client, response)
    if found is None:
        return report
    if not report.expect(
        found.status == "completed" and bool(found.output_text),
        say("the response completed with an answer", "响应已完成，并给出了回答"),
        say(f"the response is {found.status} without an answer", f"响应状态是 {found.status}，没有回答"),
        say("look at response.error and response.incomplete_details", "查看 response.error 和 response.incomplete_details"),
    ):
        return report
    report.expect(
        "小U" in (found.instructions or ""),
        say("its instructions name 小U", "它的 instructions 里有小U的名字"),
        say(
            "its instructions do not name 小U" if found.instructions else "it was sent without instructions",
            "它的 instructions 里没有小U" if found.instructions else "请求里没有 instructions",
        ),
        say(
            "keep 小U's configuration in a dict (model, instructions) and send it with each request: client.responses.create(**MY_XIAO_U, ...)",
            "把小U的配置（model、instructions）放进一个 dict，每次请求都带上：client.responses.create(**MY_XIAO_U, ...)",
        ),
    )
    conversation_id = getattr(found.conversation, "id", None)
    if not report.expect(
        bool(conversation_id),
        say(f"it was made in conversation {conversation_id}", f"它是在对话 {conversation_id} 里生成的"),
        say("it belongs to no conversation", "它不属于任何对话"),
        say(
            "create one with client.conversations.create() and pass conversation=my_conversation.id (not previous_response_id)",
            "用 client.conversations.create() 创建对话，再传入 conversation=my_conversation.id（不是 previous_response_id）",
        ),
    ):
        return report
    page = fetch(report, "conversation", client.conversations.items.list, conversation_id, order="asc", limit=100)
    if page is None:
        return report
    items = [item for item in page.data if item.type == "message"]
    answer = next((item for item in found.output if item.type == "message"), None)
    at = next((i for i, item in enumerate(items) if answer is not None and item.id == answer.id), None)
    report.expect(
        at is not None and any(item.role == "user" for item in items[:at]),
        say("the conversation holds your question and, after it, the answer", "对话里有你的问题，后面跟着回答"),
        say("the conversation does not hold this question and its answer", "对话里没有这个问题和它的回答"),
        say(
            "a response made with conversation=... adds its input and output to it: check you passed the same conversation",
            "带 conversation=... 生成的响应会把输入和输出追加进去：检查传入的是不是同一个对话",
        ),
    )
    return report


@check("09.2", "the function-call loop, Responses style", "Responses 写法的函数调用循环")
def check_function_loop(report: Report, client, response) -> Report:
    """Exercise 09.2: the last response of a function-call loop: it answers in words, after a function_call_output answered ask_database's call."""
    found = response_of(report, client, response)
    if found is None:
        return report
    kinds = [item.type for item in found.output]
    if not report.expect(
        found.status == "completed" and bool(kinds) and kinds[-1] == "message",
        say("the response ends with an answer in words", "响应以文字回答结束"),
        say(
            "the response still ends with a function_call: the loop is not finished"
            if "function_call" in kinds
            else f"the response is {found.status} without an answer",
            "响应仍以 function_call 结束：循环还没完成" if "function_call" in kinds else f"响应状态是 {found.status}，没有回答",
        ),
        say(
            "run each call, then send a new request with previous_response_id=response.id and input=[{'type': 'function_call_output', 'call_id': call.call_id, 'output': ...}]; loop while the output has function_call items",
            "执行每个调用，再发一个新请求：previous_response_id=response.id,input=[{'type': 'function_call_output', 'call_id': call.call_id, 'output': ...}];只要输出里还有 function_call 就继续循环",
        ),
    ):
        return report
    given = fetch(report, "response", client.responses.input_items.list, found.id, order="asc", limit=100)
    if given is None:
        return report
    outputs = [item for item in given.data if item.type == "function_call_output"]
    if not report.expect(
        bool(outputs),
        say(f"its input carries {len(outputs)} function_call_output item(s)", f"它的输入带有 {len(outputs)} 个 function_call_output 条目"),
        say("its input carries no function_call_output: no function was run for it", "它的输入里没有 function_call_output：没有为它执行过函数"),
        say(
            "give the request the ask_database tool (tools=GUAGUA's tools), ask 一共有几堂课?, and answer its function_call",
            "给请求加上 ask_database 工具（GUAGUA 里的 tools），问 一共有几堂课？，再回答它的 function_call",
        ),
    ):
        return report
    calls = [item for item in given.data if item.type == "function_call"]  # the whole history sent as input
    if found.previous_response_id:
        previous = fetch(report, "response", client.responses.retrieve, found.previous_response_id)
        calls += [item for item in (previous.output if previous else []) if item.type == "function_call"]
    answered = [call for call in calls if call.call_id in {o.call_id for o in outputs}]
    via = (
        say(f"previous_response_id {found.previous_response_id}", f"previous_response_id {found.previous_response_id}")
        if found.previous_response_id
        else say("the history in its input", "输入里的历史")
    )
    report.expect(
        bool(answered) and all(call.name == "ask_database" for call in answered),
        say(f"each output answers an ask_database call, found through {via}", f"每个输出都回答了一次 ask_database 调用（通过{via}找到）"),
        say("the outputs answer no ask_database call", "这些输出回答的不是 ask_database 调用"),
        say("use the ask_database tool of section 5, and copy call.call_id into the output", "使用第 5 节的 ask_database 工具，并把 call.call_id 原样写进输出"),
    )
    report.expect(
        all(isinstance(o.output, str) and o.output.strip() for o in outputs),
        say("each output carries what the function returned", "每个输出都带着函数的返回值"),
        say("an output is empty", "有输出是空的"),
        say(
            "put the function's result, as a string, in 'output': ask_database(**json.loads(call.arguments))",
            "把函数的结果以字符串形式放进 'output':ask_database(**json.loads(call.arguments))",
        ),
    )
    return report


def _messages(client, thread_id: str) -> list:
    return list(client.beta.threads.messages.list(thread_id=thread_id, order="asc", limit=100))


@check("09.3", "move a thread into a conversation", "把线程搬进对话")
def check_migration(report: Report, client, thread, conversation) -> Report:
    """Exercise 09.3: a thread with a question and 小U's answer, moved into a conversation whose items repeat its messages in order, metadata too."""
    thread_id, conversation_id = ident(thread), ident(conversation)
    if not thread_id or not conversation_id:
        report.miss(
            say("pass the old thread and the conversation (or their ids)", "传入旧线程和对话（或它们的 id）"),
            say("my_migrated = thread_to_conversation(client, my_old_thread.id)", "my_migrated = thread_to_conversation(client, my_old_thread.id)"),
        )
        return report
    old = fetch(report, "thread", client.beta.threads.retrieve, thread_id)
    new = fetch(report, "conversation", client.conversations.retrieve, conversation_id)
    if old is None or new is None:
        return report
    messages = _messages(client, thread_id)
    if not report.expect(
        len(messages) >= 2 and any(m.role == "assistant" for m in messages),
        say(f"the thread holds {len(messages)} messages, an answer among them", f"线程里有 {len(messages)} 条消息，其中有回答"),
        say(f"the thread holds {len(messages)} message(s) and no answer", f"线程里只有 {len(messages)} 条消息，没有回答"),
        say(
            "run an assistant on the thread first (runs.create_and_poll), so there is a dialogue to move",
            "先在线程上运行一个助手（runs.create_and_poll），这样才有一段对话可搬",
        ),
    ):
        return report
    items = [item for item in client.conversations.items.list(conversation_id, order="asc", limit=100) if item.type == "message"]
    if not report.expect(
        len(items) >= len(messages),
        say(f"the conversation holds {len(items)} messages", f"对话里有 {len(items)} 条消息"),
        say(f"the conversation holds {len(items)} message(s) for the thread's {len(messages)}", f"对话里只有 {len(items)} 条消息，线程有 {len(messages)} 条"),
        say(
            "copy every message: thread_to_conversation(client, my_old_thread.id) does it",
            "复制每一条消息：thread_to_conversation(client, my_old_thread.id) 会做这件事",
        ),
    ):
        return report
    want = [(m.role, "".join(p.text.value for p in m.content if p.type == "text")) for m in messages]
    have = [(item.role, _text(item.content)) for item in items[: len(messages)]]
    report.expect(
        have == want,
        say("its first items repeat the thread's messages, same roles, same text, same order", "它开头的条目与线程的消息一一对应：角色、文本、顺序都相同"),
        say(
            "the items are the thread's messages in reverse order" if have == want[::-1] else "its items differ from the thread's messages",
            "条目是线程消息的倒序" if have == want[::-1] else "它的条目与线程的消息不一致",
        ),
        say(
            "messages.list returns the newest first: list them with order='asc' (or use thread_to_conversation)"
            if have == want[::-1]
            else "use thread_to_conversation on this thread, and pass the id it returns",
            "messages.list 默认最新的在前：加上 order='asc'（或者直接用 thread_to_conversation）"
            if have == want[::-1]
            else "对这个线程调用 thread_to_conversation，并传入它返回的 id",
        ),
    )
    if old.metadata:
        report.expect(
            dict(new.metadata or {}) == dict(old.metadata),
            say("the thread's metadata came along", "线程的 metadata 也一起搬过来了"),
            say("the conversation lacks the thread's metadata", "对话里没有线程的 metadata"),
            say("pass metadata=dict(thread.metadata) to conversations.create", "给 conversations.create 传入 metadata=dict(thread.metadata)"),
        )
    return report
