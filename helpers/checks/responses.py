"""Checks for lesson 09 (leaving the Assistants API): what a conversation keeps (predicted), a loop with the history in your hands, a migrated thread, a stream's pieces, a mover run by its check."""

from __future__ import annotations

from . import Report, check, is_function, kind, nothing_yet, predicted, say
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


ITEM_PREDICTIONS = {"a": "1 item: the answer", "b": "2 items: the question, then the answer", "c": "no item: a conversation holds only what you add yourself"}


@check("09.1", "predict what a conversation keeps", "预测对话会保存什么")
def check_conversation_answer(report: Report, client, prediction, response) -> Report:
    """Exercise 09.1 (predict): a response made in a new conversation adds its input and its output to it: two items."""
    choice = predicted(report, prediction, ITEM_PREDICTIONS)
    if response is None:
        nothing_yet(report, "my_response", say("then find out: a new conversation, one request in it, and count its items", "然后验证：一个新对话，在里面发一次请求，数一数它的条目"))
        return report
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
        bool((found.instructions or "").strip()),
        say("it was sent with 小U's instructions, from your code", "它带着你代码里的小U的 instructions 发出"),
        say("it was sent without instructions", "请求里没有 instructions"),
        say("there is no assistant object any more: send the configuration with each request (**XIAO_U)", "已经没有助手对象了：每次请求都要带上配置（**XIAO_U）"),
    )
    conversation_id = getattr(found.conversation, "id", None)
    if not report.expect(
        bool(conversation_id),
        say(f"it was made in conversation {conversation_id}", f"它是在对话 {conversation_id} 里生成的"),
        say("it belongs to no conversation", "它不属于任何对话"),
        say("name the conversation in the request (conversation=...), rather than chaining responses", "在请求里指定对话（conversation=...），而不是把响应串起来"),
    ):
        return report
    items = list(client.conversations.items.list(conversation_id, order="asc", limit=100))
    answer = next((item for item in found.output if item.type == "message"), None)
    if not report.expect(
        len(items) == 2 and items[0].type == "message" and items[0].role == "user" and answer is not None and items[-1].id == answer.id,
        say("the new conversation holds 2 items: your question, then the answer", "新对话里有 2 个条目：你的问题，然后是回答"),
        say(f"the conversation holds {len(items)} item(s): the experiment is one request in a new, empty conversation", f"对话里有 {len(items)} 个条目：这个实验要在一个全新的空对话里只发一次请求"),
        say("create the conversation with nothing in it, then send one request", "创建一个什么都没有的对话，再发一次请求"),
    ):
        return report
    if choice is not None:
        report.expect(
            choice == "b",
            say("your prediction held: a response adds its input and its output to the conversation", "你的预测没错：响应会把它的输入和输出都追加进对话"),
            say(f'you predicted "{choice}" ({ITEM_PREDICTIONS[choice]}), but the conversation holds 2 items', f'你预测的是 "{choice}"，但对话里有 2 个条目'),
            say("a conversation is a thread's successor: the request's input (your question) and its output (the answer) both go in. Change your prediction to what you saw", "对话接替了线程：请求的输入（你的问题）和输出（回答）都会放进去。把预测改成你看到的结果"),
        )
    return report


@check("09.2", "the function-call loop, Responses style", "Responses 写法的函数调用循环")
def check_function_loop(report: Report, client, response) -> Report:
    """Exercise 09.2: the last response of a function-call loop: it answers in words, after a function_call_output answered ask_database's call."""
    if response is None:
        nothing_yet(report, "my_answer", say("the last response of your loop, the one that answers in words", "你的循环里最后那个用文字作答的响应"))
        return report
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
            "loop while the output has function_call items: add them and your function_call_output items to the history, and send it again",
            "只要输出里还有 function_call 就继续循环：把它们和你的 function_call_output 条目加进历史，再发送一次",
        ),
    ):
        return report
    if found.previous_response_id or getattr(found.conversation, "id", None):
        report.miss(
            say("this response was chained with previous_response_id (or a conversation): section 5's way, not this exercise's", "这个响应是用 previous_response_id（或对话）串起来的：那是第 5 节的写法，不是这个练习要的"),
            say("keep the dialogue in your own list, and send all of it as input each time, with neither previous_response_id nor conversation", "把对话保存在你自己的列表里，每次都把整个列表作为 input 发送，既不用 previous_response_id，也不用 conversation"),
        )
        return report
    given = fetch(report, "response", client.responses.input_items.list, found.id, order="asc", limit=100)
    if given is None:
        return report
    outputs = [item for item in given.data if item.type == "function_call_output"]
    questions = [item for item in given.data if item.type == "message" and item.role == "user"]
    if not report.expect(
        bool(questions),
        say("its input starts from your question: the whole history was sent", "它的输入从你的问题开始：整段历史都发过去了"),
        say("its input holds no question: the history was not sent", "它的输入里没有问题：历史没有发过去"),
        say("the list you send starts with the user's question and grows with each round", "你发送的列表以用户的问题开头，每一轮都往里追加"),
    ):
        return report
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
    if thread is None or conversation is None:
        for name, value in (("my_old_thread", thread), ("my_migrated", conversation)):
            if value is None:
                nothing_yet(report, name, say("an old thread first, then move it", "先有一个旧线程，再把它搬过去"))
        return report
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
    if not report.expect(
        bool((old.metadata or {}).get("username")),
        say(f"the old thread records its user: {(old.metadata or {}).get('username')}", f"旧线程记录了它的用户：{(old.metadata or {}).get('username')}"),
        say(f"the old thread has no username in its metadata ({dict(old.metadata or {})})", f"旧线程的 metadata 里没有 username（{dict(old.metadata or {})}）"),
        say("make the old thread as lesson 02 did: with the user in its metadata", "像第 02 课那样创建旧线程：在 metadata 里记录用户"),
    ):
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


@check("09.4", "count the pieces of a streamed response", "数一数流式响应的片段")
def check_streamed_pieces(report: Report, client, pieces, final) -> Report:
    """Exercise 09.4 (modify): the text deltas of a streamed response, kept in order, join into the final response's text."""
    if pieces is None or final is None:
        for name, value in (("pieces", pieces), ("final", final)):
            if value is None:
                nothing_yet(report, name, say("run the cell as it is, then change it", "先原样运行单元格，再改写它"))
        return report
    if not isinstance(pieces, list) or not all(isinstance(piece, str) for piece in pieces):
        report.miss(say(f"`pieces` is {kind(pieces)}, not a list of texts", f"`pieces` 是{kind(pieces)}，不是文本列表"), say("append each event.delta (a string) to the list", "把每个 event.delta（字符串）追加进列表"))
        return report
    found = response_of(report, client, final)
    if found is None:
        return report
    report.expect(
        len(pieces) > 1,
        say(f"{len(pieces)} pieces arrived", f"到达了 {len(pieces)} 个片段"),
        say(f"only {len(pieces)} piece(s): a streamed answer comes in many", f"只有 {len(pieces)} 个片段：流式的回答会分成很多段"),
        say("keep every response.output_text.delta event's delta, inside the loop over the stream", "在遍历流的循环里，保存每个 response.output_text.delta 事件的 delta"),
    )
    report.expect(
        found.status == "completed" and "".join(pieces) == found.output_text,
        say("joined, they are exactly the final response's text", "拼起来正好是最终响应的文本"),
        say("joined, they differ from the final response's text", "拼起来和最终响应的文本不一致"),
        say("keep the deltas of the same stream whose final response you keep (stream.get_final_response())", "保存的 delta 和最终响应要来自同一个流（stream.get_final_response()）"),
    )
    return report


@check("09.5", "the mover that scrambled the dialogue", "把对话搬乱了的函数")
def check_mover(report: Report, client, move) -> Report:
    """Exercise 09.5 (debug): move(client, thread_id) copied messages newest first and dropped metadata; fixed, the check's own thread arrives in order with its metadata."""
    if not is_function(report, move, "move"):
        return report
    turns = [("user", "你好"), ("assistant", "你好!我是小U。"), ("user", "UAP 是什么?"), ("assistant", "UAP 是一个 Java 框架。")]
    thread = client.beta.threads.create(messages=[{"role": role, "content": text} for role, text in turns], metadata={"username": "check"})
    moved = None
    try:
        try:
            moved = move(client, thread.id)
        except Exception as error:
            report.miss(say(f"move(client, thread_id) raised {type(error).__name__}: {error}", f"move(client, thread_id) 抛出了 {type(error).__name__}：{error}"), say("keep its shape: client and thread id in, the conversation's id out", "保持它的样子：传入 client 和线程 id，返回对话的 id"))
            return report
        conversation_id = ident(moved)
        if not isinstance(conversation_id, str) or not conversation_id.startswith("conv_"):
            report.miss(say(f"move returned {kind(moved)}, not a conversation (or its id)", f"move 返回了{kind(moved)}，不是对话（或它的 id）"), say("return the new conversation's id", "返回新对话的 id"))
            moved = None
            return report
        items = [item for item in client.conversations.items.list(conversation_id, order="asc", limit=100) if item.type == "message"]
        have = [(item.role, _text(item.content)) for item in items]
        if have == turns:
            report.ok(say("the dialogue arrives in order: same roles, same texts", "对话按原来的顺序到达：角色和文本都一样"))
        elif have == turns[::-1]:
            report.miss(say("the dialogue arrives upside down: the newest message first", "对话被倒过来了：最新的消息排在最前面"), say("in which order does messages.list give a thread's messages?", "messages.list 按什么顺序给出线程的消息？"))
        else:
            report.miss(say(f"the conversation holds {have}, not the thread's {len(turns)} messages", f"对话里是 {have}，不是线程的 {len(turns)} 条消息"), say("copy each message, with its role and text", "复制每一条消息，连同它的角色和文本"))
        meta = dict(client.conversations.retrieve(conversation_id).metadata or {})
        report.expect(
            meta == {"username": "check"},
            say("the thread's metadata came along", "线程的 metadata 也一起搬过来了"),
            say(f"the conversation's metadata is {meta}: the thread's user was left behind", f"对话的 metadata 是 {meta}：线程的用户信息没有带过来"),
            say("a conversation has metadata too, given when it is created", "对话也有 metadata，在创建时传入"),
        )
    finally:
        client.beta.threads.delete(thread.id)
        if moved is not None:
            client.conversations.delete(ident(moved))
    return report
