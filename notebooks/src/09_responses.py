"""Lesson 09's source: `make lessons` writes notebooks/09_responses.ipynb (and zh-CN/) from CELLS and runs it."""

from tools.lessons import CLEAN_UP, FILTER, FIRST_CELL, exercise, join, quiz_cells


def pair(title: dict, assistants: str, responses: str, after: dict | None = None) -> list:
    """One pattern: what it was (Assistants code, still runnable here), then what it is now (Responses)."""
    cells = [
        ("md", title),
        ("md", {"en": "**Before** · the Assistants API", "zh-CN": "**以前** · Assistants API"}),
        ("code", assistants),
        ("md", {"en": "**Now** · the Responses API", "zh-CN": "**现在** · Responses API"}),
        ("code", responses),
    ]
    if after:
        cells.append(("md", after))
    return cells


CELLS = [
    (
        "md",
        {
            "en": """
# 09 · Leaving the Assistants API

**What you will be able to do**

- keep an assistant's configuration (model, instructions, tools) in your own code, where the Responses API wants it;
- turn a thread into a **conversation**, and copy an old thread's messages over with one helper;
- replace `create_and_poll` with one `responses.create`, and an `EventHandler` with the Responses stream events;
- run the function-calling loop with `function_call` and `function_call_output` items instead of `requires_action`;
- give the code interpreter files through a **container**;
- read a response's **items** where you used to read run steps.

OpenAI shut the Assistants API down on 2026-08-26. Its replacement, the Responses API, has no assistants, threads,
runs or run steps: one request carries the configuration and the input, and its answer is a list of items. Every
pattern of lessons 01–07 appears below twice: the Assistants code you know (the simulator still runs it) and its
Responses equivalent. Run both and compare.

*Prerequisites: lessons 01–07.*
""",
            "zh-CN": """
# 09 · 告别 Assistants API

**学完本课你将能够**

- 把助手的配置（模型、指令、工具）放在自己的代码里，这正是 Responses API 要的方式；
- 把线程（thread）换成**对话（conversation）**，并用一个辅助函数把旧线程的消息复制过去；
- 用一次 `responses.create` 取代 `create_and_poll`，用 Responses 的流式事件取代 `EventHandler`；
- 用 `function_call` 和 `function_call_output` 条目（item）完成函数调用循环，而不再是 `requires_action`；
- 通过**容器（container）**把文件交给代码解释器；
- 以前读运行步骤（run step）的地方，现在读响应的**条目**。

OpenAI 于 2026-08-26 关闭了 Assistants API。取代它的 Responses API 没有助手、线程、运行和运行步骤：一次请求同时带上配置和输入，回答是一串条目。第 01–07 课的每个用法下面都出现两次：你熟悉的 Assistants 代码（模拟器仍能运行）和对应的 Responses 写法。两个都运行一下，比较结果。

*前置知识：第 01–07 课。*
""",
        },
    ),
    ("code", join(FILTER, FIRST_CELL)),
    *pair(
        {
            "en": """
## 1 · 小U's configuration lives in your code

An assistant was an object on the server holding a model, instructions and tools. The Responses API keeps no such
object: you keep the configuration yourself (a dict is enough) and send it with each request.
""",
            "zh-CN": """
## 1 · 小U 的配置放在你的代码里

助手是服务器上的一个对象，保存着模型、指令和工具。Responses API 不保存这样的对象：配置由你自己保管（一个 dict 就够了），每次请求时带上。
""",
        },
        """
assistant = client.beta.assistants.create(
    name="小U",
    instructions="你叫小U,你是JAVA技术框架 UAP的助手,你负责回答用户关于UAP的问题。",
    model="gpt-4o",
)
print(assistant.id, assistant.name)
""",
        """
XIAO_U = {
    "model": "gpt-4o",
    "instructions": "你叫小U,你是JAVA技术框架 UAP的助手,你负责回答用户关于UAP的问题。",
    "tools": [],
}
response = client.responses.create(**XIAO_U, input="你好,你叫什么名字?")
print(response.id)
print(response.output_text)
""",
    ),
    *pair(
        {
            "en": """
## 2 · A thread becomes a conversation

A thread kept the messages of a dialogue. A **conversation** keeps its items: the messages, and also the tool calls
and their outputs. Create one (optionally with its first items), then name it in each request: the response's input
and output are appended to it.
""",
            "zh-CN": """
## 2 · 线程变成对话

线程保存的是消息。**对话（conversation）**保存的是条目：消息，以及工具调用和它们的输出。创建一个对话（可以带上最初的条目），然后在每次请求中指明它：响应的输入和输出会追加进去。
""",
        },
        """
thread = client.beta.threads.create(messages=[{"role": "user", "content": "你好"}])
run = client.beta.threads.runs.create_and_poll(thread_id=thread.id, assistant_id=assistant.id)
for message in client.beta.threads.messages.list(thread_id=thread.id, order="asc"):
    print(message.role, ">", message.content[0].text.value)
""",
        """
conversation = client.conversations.create(metadata={"course": "09"})
response = client.responses.create(**XIAO_U, conversation=conversation.id, input="你好")
for item in client.conversations.items.list(conversation.id, order="asc"):
    print(item.role, ">", item.content[0].text)
""",
        {
            "en": """
Old threads do not have to be lost: `helpers.migrate.thread_to_conversation` copies a thread's messages, oldest
first, into a new conversation and returns its id. Read its code in `helpers/migrate.py`: it is a dozen lines.
""",
            "zh-CN": """
旧线程不必丢弃：`helpers.migrate.thread_to_conversation` 会把线程的消息按从旧到新的顺序复制到一个新对话里，并返回对话的 id。它的代码在 `helpers/migrate.py`，只有十来行。
""",
        },
    ),
    (
        "code",
        """
from helpers.migrate import thread_to_conversation

migrated = thread_to_conversation(client, thread.id)
response = client.responses.create(**XIAO_U, conversation=migrated, input="我刚才说了什么?")
print([item.role for item in client.conversations.items.list(migrated, order="asc")])
""",
    ),
    (
        "md",
        {
            "en": """
Without a conversation, `previous_response_id` chains responses: each one sees the one it names and everything
before it. Use one or the other: a request with both is refused.
""",
            "zh-CN": """
不用对话时，`previous_response_id` 可以把响应串起来：每个响应都能看到它指明的那个响应及其之前的一切。两者只能选一个：同时给出会被拒绝。
""",
        },
    ),
    (
        "code",
        """
first = client.responses.create(**XIAO_U, input="你好")
second = client.responses.create(**XIAO_U, previous_response_id=first.id, input="再说一遍")
print(second.previous_response_id == first.id, second.status)
try:
    client.responses.create(**XIAO_U, previous_response_id=first.id, conversation=conversation.id, input="hi")
except Exception as error:
    print(type(error).__name__, error.status_code, error.body["message"])
""",
    ),
    *pair(
        {
            "en": """
## 3 · `create_and_poll` becomes one call

A run was queued, then in progress, then done, and you polled it. A response is answered in the request itself:
`responses.create` returns once it is `completed`. (`background=True` brings the polling back, for long jobs.)
""",
            "zh-CN": """
## 3 · `create_and_poll` 变成一次调用

运行先排队，再进行，最后结束，你要轮询它。响应在请求本身里就得到回答：`responses.create` 在它 `completed` 时返回。（长任务可以用 `background=True`，那时又需要轮询。）
""",
        },
        """
run = client.beta.threads.runs.create_and_poll(thread_id=thread.id, assistant_id=assistant.id)
print(run.status, run.usage.total_tokens)
print(client.beta.threads.messages.list(thread_id=thread.id, limit=1).data[0].content[0].text.value)
""",
        """
response = client.responses.create(**XIAO_U, input="你好")
print(response.status, response.usage.total_tokens)
print(response.output_text)
""",
    ),
    (
        "code",
        """
import time

job = client.responses.create(**XIAO_U, input="你好", background=True)
while job.status in ("queued", "in_progress"):
    print(job.status)
    time.sleep(0.1)
    job = client.responses.retrieve(job.id)
print(job.status, job.output_text)
""",
    ),
    *pair(
        {
            "en": """
## 4 · The `EventHandler` becomes stream events

Lesson 05's handler overrode `on_text_delta`. A Responses stream is a sequence of typed events, each with a
`sequence_number`: `response.created`, `response.in_progress`, `response.output_item.added`,
`response.content_part.added`, many `response.output_text.delta`, then the matching `.done` events and
`response.completed`. Read the ones you need.
""",
            "zh-CN": """
## 4 · `EventHandler` 变成流式事件

第 05 课的事件处理器重写了 `on_text_delta`。Responses 的流是一串有类型的事件，每个都带 `sequence_number`：`response.created`、`response.in_progress`、`response.output_item.added`、`response.content_part.added`、许多 `response.output_text.delta`，然后是对应的 `.done` 事件和 `response.completed`。读你需要的那些即可。
""",
        },
        """
from helpers import EventHandler

with client.beta.threads.runs.stream(thread_id=thread.id, assistant_id=assistant.id, event_handler=EventHandler()) as stream:
    stream.until_done()
""",
        """
with client.responses.stream(**XIAO_U, input="你好") as stream:
    for event in stream:
        if event.type == "response.output_text.delta":
            print(event.delta, end="", flush=True)
    final = stream.get_final_response()
print()
print(final.status)
""",
    ),
    (
        "code",
        """
from collections import Counter

with client.responses.stream(**XIAO_U, input="你好") as stream:
    print(Counter(event.type for event in stream))
""",
    ),
    (
        "md",
        {
            "en": """
## 5 · `requires_action` becomes `function_call` items

Lesson 07's `ask_database`, with the same little `Courses` table. A Responses function tool is flat (`name`,
`parameters` and `strict` beside `type`). When the model wants your function, the response **ends**, completed,
with a `function_call` item; you run it and send a new request whose input is a `function_call_output` with the
same `call_id`. The loop lives in your code now.
""",
            "zh-CN": """
## 5 · `requires_action` 变成 `function_call` 条目

第 07 课的 `ask_database`，以及同一张小小的 `Courses` 表。Responses 的函数工具是扁平的（`name`、`parameters`、`strict` 与 `type` 并列）。模型需要你的函数时，响应会**结束**（状态为 completed），带着一个 `function_call` 条目；你执行函数，再发一个新请求，输入是带同一个 `call_id` 的 `function_call_output`。循环现在在你的代码里。
""",
        },
    ),
    (
        "code",
        """
import json
import sqlite3

conn = sqlite3.connect(":memory:")
conn.execute("CREATE TABLE Courses (id INTEGER PRIMARY KEY, course_date DATE, start_time TIME, end_time TIME, course_name TEXT, instructor TEXT)")
conn.executemany(
    "INSERT INTO Courses (course_date, start_time, end_time, course_name, instructor) VALUES (?, ?, ?, ?, ?)",
    [('2024-01-23', '20:00', '22:00', 'aaaaa', '张三'), ('2024-01-25', '20:00', '22:00', 'bbbbbbbb', '张三'),
     ('2024-01-29', '20:00', '22:00', 'ccccc', '张三'), ('2024-02-20', '20:00', '22:00', 'dddddd', '张三'),
     ('2024-02-22', '20:00', '22:00', 'eeeeeee', '李四')],
)

def ask_database(query):
    return str(conn.execute(query).fetchall())

DESCRIPTION = "Use this function to answer user questions about course schedule. Output should be a fully formed SQL query."
QUERY = {"type": "string", "description": "SQL query over the table Courses(id, course_date, start_time, end_time, course_name, instructor), for SQLite."}
""",
    ),
    *pair(
        {"en": "### The loop, side by side", "zh-CN": "### 循环，两种写法对照"},
        """
fn_assistant = client.beta.assistants.create(model="gpt-4o", instructions="你叫瓜瓜。", tools=[{"type": "function", "function": {
    "name": "ask_database", "description": DESCRIPTION,
    "parameters": {"type": "object", "properties": {"query": QUERY}, "required": ["query"]}}}])
fn_thread = client.beta.threads.create(messages=[{"role": "user", "content": "一共有几堂课?"}])
run = client.beta.threads.runs.create_and_poll(thread_id=fn_thread.id, assistant_id=fn_assistant.id)
while run.status == "requires_action":
    outputs = [{"tool_call_id": call.id, "output": ask_database(**json.loads(call.function.arguments))}
               for call in run.required_action.submit_tool_outputs.tool_calls]
    run = client.beta.threads.runs.submit_tool_outputs_and_poll(run_id=run.id, thread_id=fn_thread.id, tool_outputs=outputs)
print(client.beta.threads.messages.list(thread_id=fn_thread.id, limit=1).data[0].content[0].text.value)
""",
        """
GUAGUA = {"model": "gpt-4o", "instructions": "你叫瓜瓜。", "tools": [{
    "type": "function", "name": "ask_database", "description": DESCRIPTION, "strict": True,
    "parameters": {"type": "object", "properties": {"query": QUERY}, "required": ["query"], "additionalProperties": False}}]}

response = client.responses.create(**GUAGUA, input="一共有几堂课?")
while calls := [item for item in response.output if item.type == "function_call"]:
    outputs = [{"type": "function_call_output", "call_id": call.call_id, "output": ask_database(**json.loads(call.arguments))}
               for call in calls]
    response = client.responses.create(**GUAGUA, previous_response_id=response.id, input=outputs)
print(response.output_text)
""",
        {
            "en": """
An output whose `call_id` matches no call is refused, as a wrong `tool_call_id` was:
""",
            "zh-CN": """
`call_id` 对不上任何调用的输出会被拒绝，就像以前错误的 `tool_call_id` 一样：
""",
        },
    ),
    (
        "code",
        """
try:
    client.responses.create(**GUAGUA, input=[{"type": "function_call_output", "call_id": "call_wrong", "output": "1"}])
except Exception as error:
    print(error.status_code, error.body["message"])
""",
    ),
    (
        "md",
        {
            "en": """
## 6 · Code interpreter files go into a container

The code interpreter now runs in a **container**: a sandbox with files at `/mnt/data` that lives on while it is used
and expires 20 minutes after it was last active. Give the tool `{"type": "auto", "file_ids": [...]}` and one is made
for you, or create one yourself and name it. Lesson 06's sales table, both ways:
""",
            "zh-CN": """
## 6 · 代码解释器的文件放进容器

代码解释器现在在**容器（container）**里运行：一个文件位于 `/mnt/data` 的沙箱，使用期间一直存在，最后一次活动 20 分钟后过期。给工具 `{"type": "auto", "file_ids": [...]}`，就会自动为你创建一个；也可以自己创建再指明它。第 06 课的销售表，两种写法：
""",
        },
    ),
    *pair(
        {"en": "### Total sales of `data/sales.csv`", "zh-CN": "### `data/sales.csv` 的总销售额"},
        """
sales = client.files.create(file=open("../data/sales.csv", "rb"), purpose="assistants")
ci_assistant = client.beta.assistants.create(model="gpt-4o", tools=[{"type": "code_interpreter"}],
                                             tool_resources={"code_interpreter": {"file_ids": [sales.id]}})
ci_thread = client.beta.threads.create(messages=[{"role": "user", "content": "统计总销售额"}])
run = client.beta.threads.runs.create_and_poll(thread_id=ci_thread.id, assistant_id=ci_assistant.id)
print(client.beta.threads.messages.list(thread_id=ci_thread.id, limit=1).data[0].content[0].text.value)
""",
        """
container = client.containers.create(name="sales", file_ids=[sales.id])
print([f.path for f in client.containers.files.list(container.id)])
response = client.responses.create(
    model="gpt-4o",
    tools=[{"type": "code_interpreter", "container": container.id}],
    input="统计总销售额",
    include=["code_interpreter_call.outputs"],
)
call = next(item for item in response.output if item.type == "code_interpreter_call")
print(call.code)
print(call.outputs[0].logs if call.outputs else "")
print(response.output_text)
""",
    ),
    (
        "code",
        """
auto = client.responses.create(model="gpt-4o", input="用代码计算 2**100",
                               tools=[{"type": "code_interpreter", "container": {"type": "auto"}}])
print(auto.output[0].container_id, "→", auto.output_text)
print(client.containers.retrieve(auto.output[0].container_id).expires_after)
""",
    ),
    *pair(
        {
            "en": """
## 7 · Run steps become items

A run's steps said what it did: a tool call, then a message. A response says it with its `output` items, in order;
`input_items` lists what it was given.
""",
            "zh-CN": """
## 7 · 运行步骤变成条目

运行的步骤说明它做了什么：一次工具调用，然后一条消息。响应用它的 `output` 条目按顺序说明这些；`input_items` 列出它收到的输入。
""",
        },
        """
for step in client.beta.threads.runs.steps.list(thread_id=ci_thread.id, run_id=run.id, order="asc"):
    print(step.type, step.status)
""",
        """
for item in response.output:
    print(item.type, item.status)
print([item.type for item in client.responses.input_items.list(response.id)])
""",
    ),
    *pair(
        {
            "en": """
## 8 · File search keeps its vector stores

Vector stores are not part of the Assistants API: they stay as they are. An assistant found them through
`tool_resources`; a response names them on its `file_search` tool. The answer's citations become `file_citation`
annotations on the output text, with the file's name alongside its id.
""",
            "zh-CN": """
## 8 · 文件检索沿用原来的向量存储

向量存储不属于 Assistants API，它们保持不变。助手通过 `tool_resources` 找到向量存储；响应则在它的 `file_search` 工具上写明向量存储。回答里的引用变成输出文本上的 `file_citation` 注解，除了文件 id 还带着文件名。
""",
        },
        """
from pathlib import Path

store = client.vector_stores.create(name="UAP 文档")
client.vector_stores.file_batches.upload_and_poll(store.id, files=[open(p, "rb") for p in sorted(Path("../data/uap_docs").iterdir())])
fs_assistant = client.beta.assistants.create(
    model="gpt-4o",
    instructions="你叫小U,根据 UAP 文档回答问题。",
    tools=[{"type": "file_search"}],
    tool_resources={"file_search": {"vector_store_ids": [store.id]}},
)
fs_thread = client.beta.threads.create(messages=[{"role": "user", "content": "密码连续输错几次会锁定账号?"}])
client.beta.threads.runs.create_and_poll(thread_id=fs_thread.id, assistant_id=fs_assistant.id)
answer = client.beta.threads.messages.list(thread_id=fs_thread.id).data[0].content[0].text
print(answer.value)
print([client.files.retrieve(a.file_citation.file_id).filename for a in answer.annotations])
""",
        """
response = client.responses.create(
    model="gpt-4o",
    instructions="你叫小U,根据 UAP 文档回答问题。",
    input="密码连续输错几次会锁定账号?",
    tools=[{"type": "file_search", "vector_store_ids": [store.id]}],
)
text = response.output[-1].content[0]
print(text.text)
print([a.filename for a in text.annotations])
""",
    ),
    (
        "md",
        {
            "en": """
## What about Prompt objects?

OpenAI's migration guide suggested moving an assistant's settings into a **Prompt** object (`prompt={"id": ...}`).
Prompt objects are being shut down too: `v1/prompts` closes on 2026-11-30, six days from this lesson's date. Do not
migrate to them: keep the configuration in code, as `XIAO_U` above does. The simulator refuses `prompt` with a
message that says so.
""",
            "zh-CN": """
## Prompt 对象呢？

OpenAI 的迁移指南曾建议把助手的设置搬进 **Prompt** 对象（`prompt={"id": ...}`）。Prompt 对象也将关闭：`v1/prompts` 于 2026-11-30 停止服务，距本课的日期只有六天。不要迁移到它：像上面的 `XIAO_U` 那样把配置留在代码里。模拟器会拒绝 `prompt`，并在错误信息里说明原因。
""",
        },
    ),
    (
        "code",
        """
try:
    client.responses.create(model="gpt-4o", prompt={"id": "pmpt_123"}, input="hi")
except Exception as error:
    print(error.status_code, error.body["message"])
""",
    ),
    (
        "md",
        {
            "en": """
## Exercises

Each exercise has a cell for your code (replace the `None`), then a check. The check retrieves what you made
**through the API** (the response, its conversation, its input items), or calls your function on objects of its own,
and says what is right, what is missing, and a hint. Run it as often as you like; open the hints one at a time if
you are stuck.

*The simulator's scripted model knows the questions used here (`你好,你叫什么名字?`, `一共有几堂课?`, `你好`);
other questions get a scripted "not in my script" reply.*

### Exercise 09.1 · Predict: what does a conversation keep?

You create an empty conversation, then send one request in it:
`client.responses.create(**XIAO_U, conversation=my_conversation.id, input="你好,你叫什么名字?")`. How many items does
the conversation hold afterwards?

- **a** 1: the answer
- **b** 2: your question, then the answer
- **c** none: a conversation holds only what you add to it with `conversations.items.create`

Write your letter in `my_prediction` **before running anything**. Then find out: do it, keep the response in
`my_response`, and list the conversation's items.
""",
            "zh-CN": """
## 练习

每个练习都有一个写代码的单元格（把 `None` 换成你的代码），后面跟一个检查。检查会**通过 API** 取回你创建的东西（响应、它的对话、它的输入条目），或者在它自己的对象上调用你的函数，告诉你哪些做对了、还缺什么，并给出提示。可以反复运行；卡住了就一个一个打开提示。

*模拟器的脚本模型认识这里用到的提问（`你好,你叫什么名字?`、`一共有几堂课?`、`你好`）；别的问题会得到一句“不在我的脚本里”的脚本回复。*

### 练习 09.1 · 预测：对话会保存什么？

你创建一个空对话，然后在里面发一次请求：`client.responses.create(**XIAO_U, conversation=my_conversation.id, input="你好,你叫什么名字?")`。之后对话里有几个条目？

- **a** 1 个：回答
- **b** 2 个：你的问题，然后是回答
- **c** 一个也没有：对话里只有你用 `conversations.items.create` 添加的内容

**什么都别运行**，先把你选的字母写进 `my_prediction`。然后验证：照着做一遍，把响应存进 `my_response`，再列出对话的条目。
""",
        },
    ),
    *exercise(
        None,
        {"en": """
my_prediction = None  # "a", "b" or "c"
my_response = None
""", "zh-CN": """
my_prediction = None  # "a"、"b" 或 "c"
my_response = None
"""},
        "from helpers.checks.responses import check_conversation_answer\n\ncheck_conversation_answer(client, my_prediction, my_response)",
        """
my_prediction = "b"
my_conversation = client.conversations.create()
my_response = client.responses.create(**XIAO_U, conversation=my_conversation.id, input="你好,你叫什么名字?")
for item in client.conversations.items.list(my_conversation.id, order="asc"):
    print(item.role, ">", item.content[0].text)
""",
        hints=[
            {"en": "A conversation replaces a thread: did a thread keep your question?", "zh-CN": "对话取代了线程：线程会保存你的问题吗？"},
            {"en": "`client.conversations.items.list(conversation_id, order=\"asc\")` lists them, oldest first.", "zh-CN": "`client.conversations.items.list(conversation_id, order=\"asc\")` 按从早到晚列出条目。"},
        ],
    )[1:],
    *exercise(
        {
            "en": """
### Exercise 09.2 · Build: the function-call loop, history in your hands

Section 5 chained the requests with `previous_response_id`. Write the loop the other way: keep the whole dialogue
in a list `my_history` (the question, then each response's output items, then your `function_call_output` items)
and send all of it as `input` each time, with `GUAGUA`'s tools, and neither `previous_response_id` nor a
conversation. Ask `一共有几堂课?` and keep the last response, the one that answers in words, in `my_answer`. The check
reads its `input_items` to find your question and the call your output answered.
""",
            "zh-CN": """
### 练习 09.2 · 动手做：函数调用循环，历史由你保管

第 5 节用 `previous_response_id` 把请求串了起来。换一种写法：把整段对话保存在列表 `my_history` 里（问题，然后是每个响应的输出条目，再是你的 `function_call_output` 条目），每次都把它整个作为 `input` 发送，带上 `GUAGUA` 的工具，既不用 `previous_response_id`，也不用对话。问 `一共有几堂课?`，把最后那个用文字作答的响应存进 `my_answer`。检查会读取它的 `input_items`，找到你的问题，以及你的输出所回答的那次调用。
""",
        },
        "my_answer = None",
        "from helpers.checks.responses import check_function_loop\n\ncheck_function_loop(client, my_answer)",
        """
my_history = [{"role": "user", "content": "一共有几堂课?"}]
my_answer = client.responses.create(**GUAGUA, input=my_history)
while calls := [item for item in my_answer.output if item.type == "function_call"]:
    my_history += [item.model_dump(exclude_none=True) for item in my_answer.output]
    my_history += [{"type": "function_call_output", "call_id": call.call_id, "output": ask_database(**json.loads(call.arguments))}
                   for call in calls]
    my_answer = client.responses.create(**GUAGUA, input=my_history)
print(my_answer.output_text)
""",
        hints=[
            {"en": "Without a chain, the model sees only what you send: every turn of the dialogue, each time.", "zh-CN": "没有串联，模型就只能看到你发送的内容：每次都要发送对话的每一轮。"},
            {"en": "A `while` loop on the `function_call` items of the latest output: extend the list with that output (`item.model_dump(exclude_none=True)`) and one `function_call_output` per call, then send the list again.", "zh-CN": "对最新输出里的 `function_call` 条目写一个 `while` 循环：把这次的输出（`item.model_dump(exclude_none=True)`）和每次调用对应的 `function_call_output` 加进列表，再把列表发出去。"},
        ],
    ),
    *exercise(
        {
            "en": """
### Exercise 09.3 · Build: move an old thread

Make an "old" thread `my_old_thread` the Assistants way, as lesson 02 did: with a `username` in its metadata and the
message `你好`, and run an assistant on it so it holds an answer too. Then move it with `thread_to_conversation`
and keep the conversation's id in `my_migrated`. The check compares the conversation's items with the thread's
messages, in order, and the metadata.
""",
            "zh-CN": """
### 练习 09.3 · 动手做：搬走一个旧线程

按 Assistants 的老办法、像第 02 课那样创建一个“旧”线程 `my_old_thread`：metadata 里记录 `username`，消息是“你好”；再在它上面运行一个助手，让它也有一条回答。然后用 `thread_to_conversation` 把它搬走，把对话的 id 存进 `my_migrated`。检查会按顺序比较对话的条目和线程的消息，以及 metadata。
""",
        },
        "my_old_thread = None\nmy_migrated = None",
        "from helpers.checks.responses import check_migration\n\ncheck_migration(client, my_old_thread, my_migrated)",
        """
old_style = client.beta.assistants.create(name="小U", model="gpt-4o", instructions=XIAO_U["instructions"])
my_old_thread = client.beta.threads.create(messages=[{"role": "user", "content": "你好"}], metadata={"username": "taliux"})
client.beta.threads.runs.create_and_poll(thread_id=my_old_thread.id, assistant_id=old_style.id)
my_migrated = thread_to_conversation(client, my_old_thread.id)
for item in client.conversations.items.list(my_migrated, order="asc"):
    print(item.role, ">", item.content[0].text)
""",
        hints=[
            {"en": "Three steps: the old thread (with its metadata), a run on it, the move.", "zh-CN": "三步：旧线程（带 metadata）、在它上面运行一次、搬走。"},
            {"en": "An assistant is still needed for the run: create one (its instructions are in `XIAO_U`).", "zh-CN": "运行仍然需要一个助手：创建一个（它的 instructions 在 `XIAO_U` 里）。"},
        ],
    ),
    *exercise(
        {
            "en": """
### Exercise 09.4 · Modify: keep the pieces of a streamed response

The cell below is section 4's stream: it prints 小U's answer as it arrives. Change it so that it also keeps every
piece of text, in order, in a list `pieces`, and the final response in `final`. The check joins your pieces and
compares them with the response as the API stored it.
""",
            "zh-CN": """
### 练习 09.4 · 改一改：留下流式响应的每个片段

下面的单元格就是第 4 节的流：小U的回答边到边打印。改写它，让它还按顺序把每一段文字存进列表 `pieces`，并把最终的响应存进 `final`。检查会把你的片段拼起来，和 API 存下的响应对比。
""",
        },
        """
with client.responses.stream(**XIAO_U, input="你好") as stream:
    for event in stream:
        if event.type == "response.output_text.delta":
            print(event.delta, end="", flush=True)
print()
pieces, final = None, None
""",
        "from helpers.checks.responses import check_streamed_pieces\n\ncheck_streamed_pieces(client, pieces, final)",
        """
pieces = []
with client.responses.stream(**XIAO_U, input="你好") as stream:
    for event in stream:
        if event.type == "response.output_text.delta":
            print(event.delta, end="", flush=True)
            pieces.append(event.delta)
    final = stream.get_final_response()
print()
print(len(pieces), final.status)
""",
        hints=[
            {"en": "The list must exist before the loop; the final response is there once the loop has read the whole stream.", "zh-CN": "列表要在循环之前就建好；循环读完整个流之后，最终响应才可用。"},
            {"en": "`pieces.append(event.delta)` next to the print; `final = stream.get_final_response()` after the loop, inside the `with`.", "zh-CN": "在 print 旁边写 `pieces.append(event.delta)`；在循环之后、`with` 之内写 `final = stream.get_final_response()`。"},
        ],
    ),
    *exercise(
        {
            "en": """
### Exercise 09.5 · Debug: the mover that scrambled the dialogue

Before `helpers.migrate` existed, a colleague wrote this mover. Users say their moved conversations read backwards,
and the conversations no longer say whose they are. Find the two mistakes and fix `move`. The check moves a thread
of its own with it.
""",
            "zh-CN": """
### 练习 09.5 · 找错：把对话搬乱了的函数

在 `helpers.migrate` 出现之前，同事写了这个搬迁函数。用户反映搬过去的对话是倒着读的，而且对话里也看不出属于谁了。找到这两个错误并修好 `move`。检查会用它搬一个检查自己创建的线程。
""",
        },
        """
def move(client, thread_id):
    items = []
    for message in client.beta.threads.messages.list(thread_id=thread_id):
        text = "".join(part.text.value for part in message.content if part.type == "text")
        items.append({"type": "message", "role": message.role, "content": text})
    return client.conversations.create(items=items).id
""",
        "from helpers.checks.responses import check_mover\n\ncheck_mover(client, move)",
        {"en": """
def move(client, thread_id):
    thread = client.beta.threads.retrieve(thread_id)
    items = []
    for message in client.beta.threads.messages.list(thread_id=thread_id, order="asc"):  # oldest first, as it happened
        text = "".join(part.text.value for part in message.content if part.type == "text")
        items.append({"type": "message", "role": message.role, "content": text})
    return client.conversations.create(items=items, metadata=dict(thread.metadata or {})).id  # whose it is, too
""", "zh-CN": """
def move(client, thread_id):
    thread = client.beta.threads.retrieve(thread_id)
    items = []
    for message in client.beta.threads.messages.list(thread_id=thread_id, order="asc"):  # 最早的在前，按发生的顺序
        text = "".join(part.text.value for part in message.content if part.type == "text")
        items.append({"type": "message", "role": message.role, "content": text})
    return client.conversations.create(items=items, metadata=dict(thread.metadata or {})).id  # 属于谁，也一起带上
"""},
        hints=[
            {"en": "Lesson 03: in which order does `messages.list` answer when you do not say?", "zh-CN": "第 03 课：不指定时，`messages.list` 按什么顺序返回？"},
            {"en": "Where did the thread keep whose it is, and does `conversations.create` take the same thing?", "zh-CN": "线程把“属于谁”记在哪里？`conversations.create` 是否也接受同样的东西？"},
        ],
    ),
    *quiz_cells("09"),
    (
        "md",
        {
            "en": """
Then answer these in your own words (the answer key is at the very end of the lesson):

**5.** Where does an assistant's configuration (model, instructions, tools) live with the Responses API?

**6.** Where do the code interpreter's files go now, and how long do they last?
""",
            "zh-CN": """
再用自己的话回答下面几题（答案在本课最后）：

**5.** 用 Responses API 时，助手的配置（模型、指令、工具）放在哪里？

**6.** 代码解释器的文件现在放在哪里？能保留多久？
""",
        },
    ),
    (
        "md",
        {
            "en": """
## Further reading

- [Migrate to the Responses API](https://platform.openai.com/docs/assistants/migration): OpenAI's migration guide
  from the Assistants API.
- [Responses API reference](https://platform.openai.com/docs/api-reference/responses): every parameter of
  `responses.create`, the response object, input items and stream events.
- [Conversations API reference](https://platform.openai.com/docs/api-reference/conversations) and the
  [conversation state guide](https://platform.openai.com/docs/guides/conversation-state): conversations, items and
  `previous_response_id`.
- [Function calling](https://platform.openai.com/docs/guides/function-calling) and
  [Code interpreter](https://platform.openai.com/docs/guides/tools-code-interpreter) (containers) guides.
- The guide also suggests Prompt objects: note that `v1/prompts` shuts down on 2026-11-30, so keep configuration in
  code.
""",
            "zh-CN": """
## 延伸阅读

- [Migrate to the Responses API](https://platform.openai.com/docs/assistants/migration)：OpenAI 从 Assistants API 迁移的指南。
- [Responses API 参考](https://platform.openai.com/docs/api-reference/responses)：`responses.create` 的每个参数、响应对象、输入条目和流式事件。
- [Conversations API 参考](https://platform.openai.com/docs/api-reference/conversations)和[对话状态指南](https://platform.openai.com/docs/guides/conversation-state)：对话、条目和 `previous_response_id`。
- [函数调用](https://platform.openai.com/docs/guides/function-calling)和[代码解释器](https://platform.openai.com/docs/guides/tools-code-interpreter)（容器）指南。
- 迁移指南还建议使用 Prompt 对象：注意 `v1/prompts` 于 2026-11-30 关闭，所以请把配置留在代码里。
""",
        },
    ),
    (
        "md",
        {
            "en": CLEAN_UP,
            "zh-CN": """
## 清理

本课创建的对象会留在模拟器的数据库里，每运行一遍这个 notebook 都会再创建一遍。不再需要的就删掉：
""",
        },
    ),
    (
        "code",
        {"en": """
for a in (assistant, fn_assistant, ci_assistant, fs_assistant, old_style):
    client.beta.assistants.delete(a.id)
store_files = [f.id for f in client.vector_stores.files.list(store.id)]  # a store's files outlive it (lesson 08)
print(client.vector_stores.delete(store.id).deleted)
for file_id in [*store_files, sales.id]:
    client.files.delete(file_id)
print(len(store_files) + 1, "files deleted")
for c in (conversation.id, migrated, my_conversation.id, my_migrated):
    print(client.conversations.delete(c).deleted)
print(client.beta.threads.delete(my_old_thread.id).deleted)
for container_id in (container.id, auto.output[0].container_id):  # the one made for "auto" would expire by itself after 20 idle minutes
    client.containers.delete(container_id)   # returns nothing: the container and its files are gone
""", "zh-CN": """
for a in (assistant, fn_assistant, ci_assistant, fs_assistant, old_style):
    client.beta.assistants.delete(a.id)
store_files = [f.id for f in client.vector_stores.files.list(store.id)]  # 向量存储删除后，其中的文件还在（第 08 课）
print(client.vector_stores.delete(store.id).deleted)
for file_id in [*store_files, sales.id]:
    client.files.delete(file_id)
print(len(store_files) + 1, "个文件已删除")
for c in (conversation.id, migrated, my_conversation.id, my_migrated):
    print(client.conversations.delete(c).deleted)
print(client.beta.threads.delete(my_old_thread.id).deleted)
for container_id in (container.id, auto.output[0].container_id):  # 为 auto 自动创建的那个容器闲置 20 分钟后也会自己过期
    client.containers.delete(container_id)   # 没有返回值：容器和其中的文件都已删除
"""},
    ),
    (
        "md",
        {
            "en": """
## Answer key

**5.** In your code: a dict (or your own settings) sent with every `responses.create`. There is no server-side
assistant object; Prompt objects are no replacement, since `v1/prompts` shuts down on 2026-11-30.

**6.** Into a container, at `/mnt/data`: made for you with `{"type": "auto", "file_ids": [...]}`, or created with
`containers.create` and named. It expires 20 minutes after it was last active.
""",
            "zh-CN": """
## 答案

**5.** 在你的代码里：一个 dict（或你自己的配置），每次 `responses.create` 都带上。服务端不再有助手对象；Prompt 对象也替代不了它，因为 `v1/prompts` 将于 2026-11-30 关闭。

**6.** 放进容器，位于 `/mnt/data`：用 `{"type": "auto", "file_ids": [...]}` 自动创建，或者用 `containers.create` 创建后指定。容器在最后一次活动 20 分钟后过期。
""",
        },
    ),
]
