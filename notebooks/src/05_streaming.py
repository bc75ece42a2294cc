"""Lesson 05's source: `make lessons` writes notebooks/05_streaming.ipynb (and zh-CN/) from CELLS and runs it."""

from tools.lessons import CLEAN_UP, FILTER, FIRST_CELL, exercise, join, quiz_cells

CELLS = [
    (
        "md",
        {
            "en": """
# 05 · Streaming runs

**What you will be able to do**

- explain why an application streams a run instead of polling it;
- write an event handler (`AssistantEventHandler`) and run with `client.beta.threads.runs.stream(...)`;
- name the events a run streams, in their order, and say what each one carries;
- read the accumulated text from the stream and know it is exactly the stored message;
- chat with an assistant in a small widget that streams its replies.

*Prerequisites: lesson 04 (runs and their statuses).*
""",
            "zh-CN": """
# 05 · 流式运行

**学完本课你将能够**

- 说明应用为什么要以流式方式运行，而不是轮询；
- 写一个事件处理器（`AssistantEventHandler`），并用 `client.beta.threads.runs.stream(...)` 运行；
- 按顺序说出一次运行流式发送的事件，以及每个事件携带什么；
- 从流中读取累积的文本，并知道它与存储的消息完全一致；
- 在一个小部件里和助手聊天，回复以流式显示。

*前置知识：第 04 课（运行及其状态）。*
""",
        },
    ),
    ("code", join(FILTER, FIRST_CELL)),
    (
        "md",
        {
            "en": """
## Why stream

`create_and_poll` waits until the run is over and then hands you the whole answer. For a long answer the user
stares at nothing for seconds. With **streaming**, the API sends the run's progress as it happens, over one HTTP
response (server-sent events): the run being queued, starting, the message being created, and then the text
itself, a few tokens at a time. Your application prints each piece as it arrives, which is how chat products
"type" their answers.

Nothing else changes: it is the same run, the same steps, the same message stored in the thread. Streaming only
changes *how you find out*.

First, the assistant and the thread of the earlier lessons (created again here, so this notebook runs on its
own), and one run the polling way:
""",
            "zh-CN": """
## 为什么要流式

`create_and_poll` 要等运行结束，才把整个回答交给你。回答一长，用户就要对着空白屏幕等上好几秒。有了**流式**（streaming），API 会在同一个 HTTP 响应里（server-sent events）随时发送运行的进展：运行排队、开始、消息创建，然后是文字本身，每次几个 token。应用每收到一段就打印一段，聊天产品“打字”般的回答就是这么来的。

其他一切不变：同样的运行、同样的运行步骤、同样存进线程的消息。流式改变的只是*你得知结果的方式*。

先创建前几课的助手和线程（这里重新创建，这样本 notebook 可以独立运行），并用轮询的方式运行一次：
""",
        },
    ),
    (
        "code",
        """
assistant = client.beta.assistants.create(
    name="小U",
    instructions="你叫小U,你是JAVA技术框架 UAP的助手,你负责回答用户关于UAP的问题。",
    model="gpt-4-turbo",
)
assistant_id = assistant.id

thread = client.beta.threads.create(
    messages=[
        {"role": "user", "content": "你好"},
        {"role": "assistant", "content": "有什么可以帮您?"},
        {"role": "user", "content": "你是谁?"},
    ]
)
run = client.beta.threads.runs.create_and_poll(thread_id=thread.id, assistant_id=assistant_id)
print(run.status)
print(client.beta.threads.messages.list(thread_id=thread.id, limit=1).data[0].content[0].text.value)
""",
    ),
    (
        "md",
        {
            "en": """
## Step 1: an event handler

The SDK reads the event stream for you and calls methods on an **event handler**, an object of your own class
built on `openai.AssistantEventHandler`. You override only the callbacks you care about. The original lesson's
handler, unchanged, overrides two:

- `on_text_created(text)`: a text part of a message begins; print a prompt `assistant > `;
- `on_text_delta(delta, snapshot)`: a piece of text arrived; `delta.value` is the new piece, `snapshot` the
  text so far. Print the piece, without a newline, and `flush` so it shows at once.
""",
            "zh-CN": """
## 第一步：事件处理器

SDK 替你读取事件流，并调用**事件处理器**上的方法；事件处理器是你自己的类的实例，这个类继承自 `openai.AssistantEventHandler`。你只需重写关心的回调。原课程的处理器原样照搬，重写了两个：

- `on_text_created(text)`：消息的一段文字开始了；打印提示符 `assistant > `；
- `on_text_delta(delta, snapshot)`：到达了一段文字；`delta.value` 是新片段，`snapshot` 是到目前为止的全文。打印这个片段，不换行，并 `flush` 让它立刻显示。
""",
        },
    ),
    (
        "code",
        '''
from typing_extensions import override
from openai import AssistantEventHandler

class EventHandler(AssistantEventHandler):
    @override
    def on_text_created(self, text) -> None:
        """响应输出创建事件"""
        print(f"\\nassistant > ", end="", flush=True)

    @override
    def on_text_delta(self, delta, snapshot):
        """响应输出生成的流片段"""
        print(delta.value, end="", flush=True)
''',
    ),
    (
        "md",
        {
            "en": """
## Step 2: run it with a stream

Add the next user message, then start the run with `runs.stream(...)` instead of `runs.create(...)`, passing an
instance of the handler. `stream.until_done()` reads the stream to its end, calling the handler on the way.
Again the original lesson's code:
""",
            "zh-CN": """
## 第二步：以流式方式运行

添加下一条用户消息，然后用 `runs.stream(...)` 代替 `runs.create(...)` 启动运行，并传入处理器的实例。`stream.until_done()` 把流读到结束，途中调用处理器。仍然是原课程的代码：
""",
        },
    ),
    (
        "code",
        """
# 添加新一轮的 user message
message = client.beta.threads.messages.create(
    thread_id=thread.id,
    role="user",
    content="你说什么?",
)
# 使用 stream 接口并传入 EventHandler
with client.beta.threads.runs.stream(
    thread_id=thread.id,
    assistant_id=assistant_id,
    event_handler=EventHandler(),
) as stream:
    stream.until_done()
""",
    ),
    (
        "md",
        {
            "en": """
In a notebook the answer appears piece by piece (the simulator sends Chinese a few characters at a time and
English word by word). Against the simulator it arrives almost at once; to watch it type, as a class would,
start the simulator with a pause between pieces, e.g. `SIMULATOR_TOKEN_DELAY=0.05` in `.env` (see
`.env.example`).

## The events of one run

What came over the wire? Without a handler, the stream is an iterator of events, each with a name (`event.event`)
and an object (`event.data`). Let's ask once more and print every event's name, and the new text of each
`thread.message.delta`:
""",
            "zh-CN": """
在 notebook 里，回答会一段一段地出现（模拟器发送中文时每次几个字，英文每次一个词）。连接模拟器时它几乎瞬间到齐；想像课堂上那样看它“打字”，可以让模拟器在片段之间停顿，比如在 `.env` 里设置 `SIMULATOR_TOKEN_DELAY=0.05`（见 `.env.example`）。

## 一次运行的事件

线路上到底传来了什么？不用处理器时，流就是一个事件的迭代器，每个事件有名字（`event.event`）和对象（`event.data`）。再问一次，打印每个事件的名字，以及每个 `thread.message.delta` 里的新文字：
""",
        },
    ),
    (
        "code",
        """
client.beta.threads.messages.create(thread_id=thread.id, role="user", content="你都能做什么?")

with client.beta.threads.runs.stream(thread_id=thread.id, assistant_id=assistant_id) as stream:
    events = list(stream)

for event in events:
    if event.event == "thread.message.delta":
        print(f"{event.event:28} {event.data.delta.content[0].text.value!r}")
    else:
        print(event.event)
""",
    ),
    (
        "md",
        {
            "en": """
For a run that answers in text the order is always this one, following the run's life (runs that call tools add
their steps in between, as lessons 06 and 07 show):

| event | `data` is | what it tells you |
|---|---|---|
| `thread.created` | the thread | only when the thread is created with the run (`create_and_run`) |
| `thread.run.created` | the run (`queued`) | the run exists |
| `thread.run.queued`, `thread.run.in_progress` | the run | its status changed |
| `thread.run.step.created`, `.in_progress` | the run step | the run started a step: writing a message, or calling tools |
| `thread.run.step.delta` | a step *delta* | a piece of a tool call: code being written, a function's arguments, logs |
| `thread.message.created`, `.in_progress` | the message (empty `content`) | the answer is about to be written |
| `thread.message.delta` | a message *delta* | a new piece of text |
| `thread.message.completed` | the whole message | the answer is written |
| `thread.run.step.completed` | the step, with its `usage` | the step is done |
| `thread.run.completed` | the finished run | the end; or `requires_action`, `failed`, `cancelled`, `incomplete`, `expired` |
| `thread.run.cancelling`, `thread.message.incomplete`, `thread.run.step.failed` / `.cancelled` / `.expired` | the run, message or step | a run that stops early says so for each open object |
| `error` | an error | the server failed mid-stream: the stream ends; handle it (the SDK raises) |

The stream ends after the run stops: the wire's last event is `done` with the data `[DONE]`, which the SDK
consumes for you. A run that needs your functions stops at `thread.run.requires_action`; you submit their outputs
with `submit_tool_outputs_stream(...)` and a new stream carries the rest (lesson 07 does this).

Each object is exactly what polling would return at that moment. The whole objects are big; a delta is small:
""",
            "zh-CN": """
对于以文字作答的运行，顺序总是这样，跟随运行的一生（调用工具的运行会在中间插入它们的步骤，第 06、07 课会讲到）：

| 事件 | `data` 是 | 它告诉你 |
|---|---|---|
| `thread.created` | 线程 | 只在线程随运行一起创建时出现（`create_and_run`） |
| `thread.run.created` | 运行（`queued`） | 运行已存在 |
| `thread.run.queued`、`thread.run.in_progress` | 运行 | 它的状态变了 |
| `thread.run.step.created`、`.in_progress` | 运行步骤 | 运行开始了一个步骤：写消息，或调用工具 |
| `thread.run.step.delta` | 步骤的 *delta* | 工具调用的一个片段：正在写的代码、函数参数、日志 |
| `thread.message.created`、`.in_progress` | 消息（`content` 为空） | 马上要开始写回答 |
| `thread.message.delta` | 消息的 *delta* | 一段新文字 |
| `thread.message.completed` | 完整的消息 | 回答写完了 |
| `thread.run.step.completed` | 步骤，带 `usage` | 这一步完成了 |
| `thread.run.completed` | 结束的运行 | 结束；也可能是 `requires_action`、`failed`、`cancelled`、`incomplete`、`expired` |
| `thread.run.cancelling`、`thread.message.incomplete`、`thread.run.step.failed` / `.cancelled` / `.expired` | 运行、消息或步骤 | 提前停下的运行会为每个未结束的对象发出相应事件 |
| `error` | 错误 | 服务端在流中途出错：流结束；需要处理（SDK 会抛出异常） |

运行停下后流就结束：线路上最后一个事件是 `done`，数据为 `[DONE]`，SDK 会替你处理掉。需要调用你的函数的运行会停在 `thread.run.requires_action`；你用 `submit_tool_outputs_stream(...)` 提交输出，由一个新的流传送剩下的部分（第 07 课会这样做）。

每个对象都和那一刻轮询得到的完全一样。完整的对象很大；delta 很小：
""",
        },
    ),
    (
        "code",
        """
first_delta = next(event for event in events if event.event == "thread.message.delta")
show_json(first_delta.data)
""",
    ),
    (
        "md",
        {
            "en": """
The delta names the message (`id`) and which content part grows (`index`). Only the new text is in it: `role`
prints as `null` because the delta leaves it out, and only a part's first delta carries `annotations`.

## The snapshot is the stored message

Adding up the deltas gives the text so far: that is the `snapshot` your `on_text_delta` receives. At the end,
the stream's final message is exactly the one stored in the thread. `stream.text_deltas` iterates over just the
pieces of text, which is handy when all you want is the words:
""",
            "zh-CN": """
delta 写明了是哪条消息（`id`）、哪个内容部分在增长（`index`）。里面只有新文字：`role` 显示为 `null`，因为 delta 省略了它；只有每个部分的第一个 delta 带有 `annotations`。

## snapshot 就是存储的消息

把 delta 累加起来就是到目前为止的文字：这就是你的 `on_text_delta` 收到的 `snapshot`。最后，流中的最终消息与线程里存储的消息完全相同。`stream.text_deltas` 只迭代文字片段，如果你只要文字，它很方便：
""",
        },
    ),
    (
        "code",
        """
client.beta.threads.messages.create(thread_id=thread.id, role="user", content="你好")

with client.beta.threads.runs.stream(thread_id=thread.id, assistant_id=assistant_id) as stream:
    for piece in stream.text_deltas:
        print(piece, end="|")
print()

final = stream.get_final_messages()[0]
stored = client.beta.threads.messages.retrieve(final.id, thread_id=thread.id)
print(final.content[0].text.value)
print(final.content[0].text.value == stored.content[0].text.value, stored.status)
""",
    ),
    (
        "md",
        {
            "en": """
The handler from Step 1 lives on in `helpers` for the later lessons, with two bigger siblings taken from the
original lesson: `ToolEventHandler` also prints tool calls, the code the code interpreter writes and its logs;
`FunctionCallingEventHandler(client, functions)` also runs your functions when the run asks for them and streams
the rest of the run. Same output:
""",
            "zh-CN": """
第一步的处理器保存在 `helpers` 里供后面的课使用，另外还有两个取自原课程、功能更多的版本：`ToolEventHandler` 还会打印工具调用、代码解释器写的代码及其日志；`FunctionCallingEventHandler(client, functions)` 还会在运行需要时执行你的函数，并以流式接收运行的剩余部分。输出相同：
""",
        },
    ),
    (
        "code",
        """
from helpers import EventHandler as LessonEventHandler

client.beta.threads.messages.create(thread_id=thread.id, role="user", content="你是谁?")
with client.beta.threads.runs.stream(thread_id=thread.id, assistant_id=assistant_id, event_handler=LessonEventHandler()) as stream:
    stream.until_done()
print()
print(stream.current_run.status)
""",
    ),
    (
        "md",
        {
            "en": """
## A chat box

The same machinery behind a small widget: type into the box and press **Send** (or Enter). The reply streams into the
transcript, and the line below shows the run's status as its events arrive (`queued`, `in_progress`,
`completed`). It continues our thread, so the assistant sees the whole conversation.
""",
            "zh-CN": """
## 聊天框

同样的机制放进一个小部件：在输入框里打字，按 **Send**（或回车）。回复以流式写进对话记录，下面一行随着事件到达显示运行的状态（`queued`、`in_progress`、`completed`）。它接着我们的线程聊，所以助手能看到整段对话。
""",
        },
    ),
    (
        "code",
        """
from helpers import ChatBox

chat = ChatBox(client, assistant_id, thread_id=thread.id)
chat
""",
        {"tags": ["nbval-ignore-output"]},  # a live widget: its output is a model id, not something to compare
    ),
    (
        "md",
        {
            "en": """
Its `send` method does what the button does, so you can also drive it from code (this is how it is tested):
""",
            "zh-CN": """
它的 `send` 方法和按钮做的事一样，所以也可以用代码驱动它（测试就是这么做的）：
""",
        },
    ),
    (
        "code",
        """
run = chat.send("你说什么?")
print(chat.status.value)
print(chat.transcript.value)
""",
    ),
    (
        "md",
        {
            "en": """
## Recap

- Streaming shows a run's progress as it happens; the run, its steps and its message are the same as when you poll.
- Subclass `AssistantEventHandler`, override callbacks such as `on_text_created` and `on_text_delta`, and run with
  `with client.beta.threads.runs.stream(thread_id=..., assistant_id=..., event_handler=...) as stream:
  stream.until_done()`.
- Events come in the run's order: run created, queued, in progress; step created; message created; message
  deltas; message completed; step completed; run completed (or `requires_action`, `failed`, ...); then `done`.
- Each event carries the object as a poll would return it; deltas carry only the new piece.
- The accumulated snapshot equals the stored message.
- `helpers` has the lesson's handlers (`EventHandler`, `ToolEventHandler`, `FunctionCallingEventHandler`) and a
  `ChatBox`.

**Where this lesson relies on the simulator:** only in its speed. It sends the whole reply in milliseconds unless
you set `SIMULATOR_TOKEN_DELAY`; the events, their order and their objects are the real API's.
""",
            "zh-CN": """
## 小结

- 流式随时显示运行的进展；运行、运行步骤和消息与轮询时完全相同。
- 继承 `AssistantEventHandler`，重写 `on_text_created`、`on_text_delta` 等回调，然后这样运行：`with client.beta.threads.runs.stream(thread_id=..., assistant_id=..., event_handler=...) as stream: stream.until_done()`。
- 事件按运行的顺序到达：运行创建、排队、进行中；步骤创建；消息创建；消息 delta；消息完成；步骤完成；运行完成（或 `requires_action`、`failed` 等）；最后是 `done`。
- 每个事件携带的对象与当时轮询得到的一样；delta 只带新片段。
- 累积的 snapshot 等于存储的消息。
- `helpers` 里有本课的处理器（`EventHandler`、`ToolEventHandler`、`FunctionCallingEventHandler`）和 `ChatBox`。

**本课哪些地方依赖模拟器：** 只有速度。除非设置 `SIMULATOR_TOKEN_DELAY`，模拟器几毫秒就发完整个回复；事件、事件顺序和其中的对象都与真实 API 一致。
""",
        },
    ),
    (
        "md",
        {
            "en": """
## Exercises

Each exercise has a cell for your code (fill in the `...` and replace the `None`), then a **check**. The checks
stream with your handler or call your function, and compare what happened with what the API stored. Run a check as
often as you like; open the hints one at a time if you are stuck.

The exercises use an assistant of their own, `tutor` (小U again), which the clean-up at the end leaves alone, so
you can come back to them after running the whole notebook:
""",
            "zh-CN": """
## 练习

每个练习都有一个写代码的单元格（填上 `...`，把 `None` 换掉），后面跟一个**检查**。检查会用你的处理器流式运行，或调用你的函数，再把发生的事情和 API 存储的内容对比。可以反复运行；卡住了就一个一个打开提示。

练习使用它们自己的助手 `tutor`（还是小U），最后的清理不会删除它，所以运行完整个 notebook 之后，仍然可以回来做练习：
""",
        },
    ),
    (
        "code",
        """
tutor = client.beta.assistants.create(
    name="小U",
    instructions="你叫小U,你是JAVA技术框架 UAP的助手,你负责回答用户关于UAP的问题。",
    model="gpt-4-turbo",
)
""",
    ),
    *exercise(
        {
            "en": """
### Exercise 05.1 · Modify: keep the pieces

Change the handler of Step 1 so that it also keeps every piece of text it prints in a list `self.pieces`. Stream a
run of `tutor` on a new thread with a question of yours, using an instance kept in `my_handler`. The check joins
your pieces and compares them with the message the run stored.
""",
            "zh-CN": """
### 练习 05.1 · 改一改：留下每个片段

改写第一步的处理器，让它把打印的每一段文字也存进列表 `self.pieces`。在一个新线程上提一个你自己的问题，用存在 `my_handler` 里的实例流式运行 `tutor`。检查会把你的片段拼起来，和运行存下的消息对比。
""",
        },
        {"en": """
class CollectingHandler(EventHandler):
    @override
    def on_text_delta(self, delta, snapshot):
        print(delta.value, end="", flush=True)


my_handler = None  # my_handler = CollectingHandler(), then stream a run with event_handler=my_handler
""", "zh-CN": """
class CollectingHandler(EventHandler):
    @override
    def on_text_delta(self, delta, snapshot):
        print(delta.value, end="", flush=True)


my_handler = None  # my_handler = CollectingHandler()，然后用 event_handler=my_handler 流式运行
"""},
        """
from helpers.checks.streaming import check_collected_text

check_collected_text(client, my_handler)
""",
        {"en": """
class CollectingHandler(EventHandler):
    def __init__(self):
        super().__init__()  # the handler's own set-up first
        self.pieces = []

    @override
    def on_text_delta(self, delta, snapshot):
        self.pieces.append(delta.value)
        print(delta.value, end="", flush=True)


asking = client.beta.threads.create(messages=[{"role": "user", "content": "你说什么?"}])
my_handler = CollectingHandler()
with client.beta.threads.runs.stream(thread_id=asking.id, assistant_id=tutor.id, event_handler=my_handler) as stream:
    stream.until_done()
print()
print(len(my_handler.pieces), "pieces")
""", "zh-CN": """
class CollectingHandler(EventHandler):
    def __init__(self):
        super().__init__()  # 先完成处理器自己的初始化
        self.pieces = []

    @override
    def on_text_delta(self, delta, snapshot):
        self.pieces.append(delta.value)
        print(delta.value, end="", flush=True)


asking = client.beta.threads.create(messages=[{"role": "user", "content": "你说什么?"}])
my_handler = CollectingHandler()
with client.beta.threads.runs.stream(thread_id=asking.id, assistant_id=tutor.id, event_handler=my_handler) as stream:
    stream.until_done()
print()
print(len(my_handler.pieces), "个片段")
"""},
        hints=[
            {"en": "The list must exist before the first piece arrives: where do objects get their attributes?", "zh-CN": "第一个片段到达之前，列表就得存在：对象的属性是在哪里设置的？"},
            {"en": "An `__init__` that calls `super().__init__()` first, then `self.pieces = []`; append `delta.value` in `on_text_delta`.", "zh-CN": "写一个 `__init__`：先调用 `super().__init__()`，再写 `self.pieces = []`；在 `on_text_delta` 里追加 `delta.value`。"},
        ],
    ),
    *exercise(
        {
            "en": """
### Exercise 05.2 · Build: an event recorder

Write a handler that records the name of **every** event it receives, in order, in `self.events`. Stream one run
of `tutor` with it on a new thread and keep it in `recorder`. The check looks at the order: the run first, the
step before the message, the message's deltas between its `created` and `completed`, and the run's end last.
""",
            "zh-CN": """
### 练习 05.2 · 动手做：事件记录器

写一个处理器，按顺序把收到的**每一个**事件的名字记进 `self.events`。在一个新线程上用它流式运行一次 `tutor`，并把它存进 `recorder`。检查会看顺序：运行最先，运行步骤在消息之前，消息的 delta 在它的 `created` 和 `completed` 之间，运行的结束事件在最后。
""",
        },
        "recorder = None",
        """
from helpers.checks.streaming import check_event_order

check_event_order(client, recorder)
""",
        {"en": """
class EventRecorder(AssistantEventHandler):
    def __init__(self):
        super().__init__()
        self.events = []

    @override
    def on_event(self, event):
        self.events.append(event.event)


recorder = EventRecorder()
asking = client.beta.threads.create(messages=[{"role": "user", "content": "你都能做什么?"}])
with client.beta.threads.runs.stream(thread_id=asking.id, assistant_id=tutor.id, event_handler=recorder) as stream:
    stream.until_done()
print(recorder.events[0], "...", recorder.events[-1], f"({len(recorder.events)} events)")
""", "zh-CN": """
class EventRecorder(AssistantEventHandler):
    def __init__(self):
        super().__init__()
        self.events = []

    @override
    def on_event(self, event):
        self.events.append(event.event)


recorder = EventRecorder()
asking = client.beta.threads.create(messages=[{"role": "user", "content": "你都能做什么?"}])
with client.beta.threads.runs.stream(thread_id=asking.id, assistant_id=tutor.id, event_handler=recorder) as stream:
    stream.until_done()
print(recorder.events[0], "...", recorder.events[-1], f"（共 {len(recorder.events)} 个事件）")
"""},
        hints=[
            {"en": "The handler has one callback that sees every event, whatever its kind.", "zh-CN": "处理器有一个回调能看到每一个事件，不管是哪一种。"},
            {"en": "Override `on_event(self, event)`; an event's name is `event.event` (such as `thread.run.created`).", "zh-CN": "重写 `on_event(self, event)`；事件的名字是 `event.event`（比如 `thread.run.created`）。"},
        ],
    ),
    *exercise(
        {
            "en": """
### Exercise 05.3 · Build: `stream_reply`

Build the function a chat application needs: `stream_reply(thread_id, question)` adds the question to the thread,
streams a run of `tutor` while printing the reply as it arrives, and **returns** the whole reply as a string. The
check calls it on a thread of its own.
""",
            "zh-CN": """
### 练习 05.3 · 动手做：`stream_reply`

写一个聊天应用需要的函数：`stream_reply(thread_id, question)` 把问题加进线程，流式运行 `tutor`，回复边到边打印，最后把完整的回复作为字符串**返回**。检查会在它自己的线程上调用这个函数。
""",
        },
        "stream_reply = None",
        """
from helpers.checks.streaming import check_stream_reply

check_stream_reply(client, stream_reply)
""",
        """
def stream_reply(thread_id, question):
    client.beta.threads.messages.create(thread_id=thread_id, role="user", content=question)
    pieces = []
    with client.beta.threads.runs.stream(thread_id=thread_id, assistant_id=tutor.id) as stream:
        for piece in stream.text_deltas:
            print(piece, end="", flush=True)
            pieces.append(piece)
    print()
    return "".join(pieces)


answer = stream_reply(client.beta.threads.create().id, "你是谁?")
""",
        hints=[
            {"en": "A stream started without a handler can be read in a `for` loop.", "zh-CN": "不带处理器启动的流，可以直接用 `for` 循环读取。"},
            {"en": "`with client.beta.threads.runs.stream(...) as stream:` then `for piece in stream.text_deltas:` print each piece and keep it; return the joined pieces.", "zh-CN": "`with client.beta.threads.runs.stream(...) as stream:`，然后 `for piece in stream.text_deltas:` 打印并保存每个片段；返回拼起来的结果。"},
        ],
    ),
    *exercise(
        {
            "en": """
### Exercise 05.4 · Predict: the last snapshot

`on_text_delta(delta, snapshot)` is called while a reply streams in. How often, and what is `snapshot.value` on the
last call?

- **a** once, when the reply is complete; `snapshot.value` is the whole reply
- **b** once per piece; on the last call `snapshot.value` is the whole reply
- **c** once per piece; on the last call `snapshot.value` is the last piece

Write your letter in `my_prediction` **before running anything**. Then find out: a handler `watcher` that counts
its calls in `self.calls` and keeps the latest `snapshot.value` in `self.last_snapshot`, streamed on a run of
`tutor`.
""",
            "zh-CN": """
### 练习 05.4 · 预测：最后的 snapshot

回复流入时会调用 `on_text_delta(delta, snapshot)`。它会被调用几次？最后一次调用时 `snapshot.value` 是什么？

- **a** 回复完整时调用一次；`snapshot.value` 是完整的回复
- **b** 每个片段调用一次；最后一次的 `snapshot.value` 是完整的回复
- **c** 每个片段调用一次；最后一次的 `snapshot.value` 是最后一个片段

**什么都别运行**，先把你选的字母写进 `my_prediction`。然后验证：写一个处理器 `watcher`，用 `self.calls` 数它被调用的次数，用 `self.last_snapshot` 保存最新的 `snapshot.value`，用它流式运行一次 `tutor`。
""",
        },
        {"en": """
my_prediction = None  # "a", "b" or "c"
watcher = None
""", "zh-CN": """
my_prediction = None  # "a"、"b" 或 "c"
watcher = None
"""},
        """
from helpers.checks.streaming import check_snapshot_prediction

check_snapshot_prediction(client, my_prediction, watcher)
""",
        """
my_prediction = "b"


class Watcher(AssistantEventHandler):
    def __init__(self):
        super().__init__()
        self.calls, self.last_snapshot = 0, ""

    @override
    def on_text_delta(self, delta, snapshot):
        self.calls += 1
        self.last_snapshot = snapshot.value


watcher = Watcher()
asking = client.beta.threads.create(messages=[{"role": "user", "content": "你是谁?"}])
with client.beta.threads.runs.stream(thread_id=asking.id, assistant_id=tutor.id, event_handler=watcher) as stream:
    stream.until_done()
print(watcher.calls, watcher.last_snapshot)
""",
        hints=[
            {"en": "Step 1 prints `delta.value`. What would printing `snapshot.value` instead show?", "zh-CN": "第一步打印的是 `delta.value`。如果改成打印 `snapshot.value`，会显示什么？"},
            {"en": "A handler with `__init__` (calling `super().__init__()`) setting `self.calls = 0`, and an `on_text_delta` that adds 1 and keeps `snapshot.value`.", "zh-CN": "一个处理器：`__init__` 里（先调用 `super().__init__()`）设置 `self.calls = 0`；`on_text_delta` 里加 1，并保存 `snapshot.value`。"},
        ],
    ),
    *exercise(
        {
            "en": """
### Exercise 05.5 · Debug: the printer that stutters

A colleague wrote this handler to print replies and count their pieces. Streaming with it fails; and once that is
fixed, the reply shows up strangely. Fix the class `Printer`. The check streams a run of its own with `Printer()`
and compares what was printed with the stored reply.
""",
            "zh-CN": """
### 练习 05.5 · 找错：结巴的打印器

同事写了这个处理器，用来打印回复、数一数有几个片段。用它流式运行会出错；修好这一处之后，回复显示得也很奇怪。修好 `Printer` 这个类。检查会用 `Printer()` 流式运行一次它自己的运行，并把打印出来的内容和存储的回复对比。
""",
        },
        """
class Printer(AssistantEventHandler):
    def __init__(self):
        self.count = 0

    @override
    def on_text_delta(self, delta, snapshot):
        self.count += 1
        print(snapshot.value, end="", flush=True)
""",
        """
from helpers.checks.streaming import check_printer

check_printer(client, Printer)
""",
        {"en": """
class Printer(AssistantEventHandler):
    def __init__(self):
        super().__init__()  # the handler's own set-up, which streaming needs
        self.count = 0

    @override
    def on_text_delta(self, delta, snapshot):
        self.count += 1
        print(delta.value, end="", flush=True)  # the new piece, not the text so far
""", "zh-CN": """
class Printer(AssistantEventHandler):
    def __init__(self):
        super().__init__()  # 处理器自己的初始化，流式运行需要它
        self.count = 0

    @override
    def on_text_delta(self, delta, snapshot):
        self.count += 1
        print(delta.value, end="", flush=True)  # 新片段，而不是到目前为止的全文
"""},
        hints=[
            {"en": "Stream with `Printer()` yourself and read the error: which attribute is missing, and whose is it?", "zh-CN": "自己用 `Printer()` 流式运行一次，读一读错误：缺的是哪个属性？它是谁的？"},
            {"en": "A subclass's `__init__` replaces its parent's unless it calls it. Then compare what is printed with exercise 05.4's answer.", "zh-CN": "子类的 `__init__` 会取代父类的，除非它主动调用父类的。然后把打印的内容和练习 05.4 的结论对照一下。"},
        ],
    ),
    *quiz_cells("05"),
    (
        "md",
        {
            "en": """
Then answer these in your own words (the answer key is at the very end of the lesson):

**4.** Which event comes first in a run's stream, and which one marks the end of a run that answered in text?
""",
            "zh-CN": """
再用自己的话回答下面几题（答案在本课最后）：

**4.** 一次运行的流里，哪个事件最先到？哪个事件标志着一次以文字作答的运行结束了？
""",
        },
    ),
    (
        "md",
        {
            "en": """
## Further reading

OpenAI's pages on the Assistants API are archived now that the service is shut down; they still describe exactly
what this lesson does.

- API reference, streaming events: https://platform.openai.com/docs/api-reference/assistants-streaming/events
- Streaming with the Python SDK (`AssistantEventHandler`): https://platform.openai.com/docs/assistants/overview
- API reference, runs (`stream=true`): https://platform.openai.com/docs/api-reference/runs
- Moving to the Responses API, whose streams have their own events: https://platform.openai.com/docs/assistants/migration
""",
            "zh-CN": """
## 延伸阅读

服务下线后，OpenAI 关于 Assistants API 的页面已成为存档，但仍准确描述了本课所讲的内容。

- API 参考，流式事件：https://platform.openai.com/docs/api-reference/assistants-streaming/events
- 用 Python SDK 流式运行（`AssistantEventHandler`）：https://platform.openai.com/docs/assistants/overview
- API 参考，runs（`stream=true`）：https://platform.openai.com/docs/api-reference/runs
- 迁移到 Responses API（它的流有自己的一套事件）：https://platform.openai.com/docs/assistants/migration
""",
        },
    ),
    (
        "md",
        {
            "en": """
## The same with the Responses API

A Responses stream needs no handler class: iterate over it and pick the events you want. Each event has a `type`
and a `sequence_number`; the text arrives in `response.output_text.delta` events, as it arrived in
`thread.message.delta` above, and `get_final_response()` gives the finished response, as `get_final_messages()` did.
""",
            "zh-CN": """
## 用 Responses API 做同样的事

Responses 的流不需要事件处理器类：直接遍历它，挑出你需要的事件。每个事件都有 `type` 和 `sequence_number`；文字在 `response.output_text.delta` 事件里到达，就像上面在 `thread.message.delta` 里那样；`get_final_response()` 给出完成后的响应，就像 `get_final_messages()`。
""",
        },
    ),
    (
        "code",
        """
XIAO_U = {"model": "gpt-4o", "instructions": "你叫小U,你是JAVA技术框架 UAP的助手,你负责回答用户关于UAP的问题。"}

with client.responses.stream(**XIAO_U, input="你说什么?") as stream:
    for event in stream:
        if event.type == "response.output_text.delta":
            print(event.delta, end="|")
print()
final = stream.get_final_response()
print(final.output_text)
""",
    ),
    (
        "md",
        {
            "en": """
The events of one response, in order. Compare them with the run's events of this lesson: no run steps and no
`thread.*` names; the answer is an output item, with a content part that the deltas fill.
""",
            "zh-CN": """
一个响应的全部事件，按顺序排列。和本课运行的事件比一比：没有运行步骤，也没有 `thread.*` 开头的名字；回答是一个输出条目，其中的内容块由 delta 逐步填满。
""",
        },
    ),
    (
        "code",
        """
with client.responses.stream(**XIAO_U, input="你都能做什么?") as stream:
    events = list(stream)
for event in events:
    if event.type == "response.output_text.delta":
        print(f"{event.sequence_number:3} {event.type:28} {event.delta!r}")
    else:
        print(f"{event.sequence_number:3} {event.type}")
""",
    ),
    (
        "md",
        {
            "en": """
As with a run, what was streamed is what is stored:
""",
            "zh-CN": """
和运行一样，流式收到的就是保存下来的：
""",
        },
    ),
    (
        "code",
        """
stored = client.responses.retrieve(final.id)
print(stored.status, stored.output_text == final.output_text)
""",
    ),
    (
        "md",
        {
            "en": CLEAN_UP,
            "zh-CN": """
## 清理

本课创建的对象会留在模拟器的数据库里，就像当年留在 OpenAI 的服务器上一样；而且每运行一遍这个 notebook 都会再创建一遍。不再需要的就删掉：
""",
        },
    ),
    (
        "code",
        {"en": """
print(client.beta.assistants.delete(assistant.id).deleted)
# A ChatBox used after its assistant was deleted (Run All, say) made a copy, marked in its metadata: those go too.
for made in client.beta.assistants.list(limit=100):
    if made.metadata.get("chatbox_for") == assistant.id:
        client.beta.assistants.delete(made.id)
""", "zh-CN": """
print(client.beta.assistants.delete(assistant.id).deleted)
# 助手被删除后（比如 Run All 之后）还在用的 ChatBox 会复制一个助手，并在 metadata 里做了标记：这些也一并删掉。
for made in client.beta.assistants.list(limit=100):
    if made.metadata.get("chatbox_for") == assistant.id:
        client.beta.assistants.delete(made.id)
"""},
    ),
    (
        "md",
        {
            "en": """
Next: **06 · Code interpreter**, a tool that writes and runs Python; its progress streams as run step deltas.
""",
            "zh-CN": """
下一课：**06 · 代码解释器**，一个会编写并运行 Python 的工具；它的进展以运行步骤的 delta 流式到达。
""",
        },
    ),
    (
        "md",
        {
            "en": """
## Answer key

**4.** `thread.run.created` first (`thread.created` before it only with `create_and_run`); `thread.run.completed`
at the end, after `thread.run.step.completed`. The wire then sends `done`.
""",
            "zh-CN": """
## 答案

**4.** 最先是 `thread.run.created`（只有用 `create_and_run` 时，它前面还有 `thread.created`）；最后是 `thread.run.completed`，在 `thread.run.step.completed` 之后。随后连接上会发送 `done`。
""",
        },
    ),
]
