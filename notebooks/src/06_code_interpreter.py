"""Lesson 06's source: `make lessons` writes notebooks/06_code_interpreter.ipynb (and zh-CN/) from CELLS and runs it."""

from tools.lessons import CLEAN_UP, FILTER, FIRST_CELL, exercise, join, quiz_cells

HANDLER = '''
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

    @override
    def on_tool_call_created(self, tool_call):
        """响应工具调用"""
        print(f"\\nassistant > {tool_call.type}\\n", flush=True)

    @override
    def on_tool_call_delta(self, delta, snapshot):
        """响应工具调用的流片段"""
        if delta.type == 'code_interpreter':
            if delta.code_interpreter.input:
                print(delta.code_interpreter.input, end="", flush=True)
            if delta.code_interpreter.outputs:
                print(f"\\n\\noutput >", flush=True)
                for output in delta.code_interpreter.outputs:
                    if output.type == "logs":
                        print(f"\\n{output.logs}", flush=True)
'''

CELLS = [
    (
        "md",
        {
            "en": """
# 06 · Code interpreter

**What you will be able to do**

- give an assistant the `code_interpreter` tool, so it answers by writing Python and running it;
- stream a run and print the code as it is written and the output it produced (`on_tool_call_created`,
  `on_tool_call_delta`);
- read what the code did afterwards, in the run's `tool_calls` step;
- upload a file with the Files API, hand it to the code interpreter (on the assistant, or attached to one
  message), and get an analysis of it;
- watch the model correct its own code after a traceback;
- download a chart the code drew, and list, retrieve, download and delete files;
- know what a code interpreter session cost.

The original lesson lists what the tool can do (支持 Code Interpreter):

1. write and run Python code in a sandbox (在沙箱里编写并运行 Python 代码);
2. correct its own code (自我修正代码);
3. work on files you pass to it (可传文件给 Code Interpreter).

*Prerequisites: lessons 04 (runs, run steps) and 05 (streaming, event handlers).*
""",
            "zh-CN": """
# 06 · 代码解释器（Code Interpreter）

**学完本课你将能够**

- 给助手加上 `code_interpreter` 工具，让它通过编写并运行 Python 来回答；
- 以流式运行，打印正在编写的代码和它产生的输出（`on_tool_call_created`、`on_tool_call_delta`）；
- 事后在运行的 `tool_calls` 步骤里查看代码做了什么；
- 用 Files API 上传文件，把它交给代码解释器（放在助手上，或附在某条消息上），并得到分析结果；
- 看模型在报错之后修正自己的代码；
- 下载代码画出的图表，并列出、获取、下载和删除文件；
- 了解一次代码解释器会话的费用。

原课程列出了这个工具能做的事：

- 支持 Code Interpreter
  1. 在沙箱里编写并运行 Python 代码
  2. 自我修正代码
  3. 可传文件给 Code Interpreter

*前置知识：第 04 课（运行、运行步骤）和第 05 课（流式、事件处理器）。*
""",
        },
    ),
    ("code", join(FILTER, FIRST_CELL)),
    (
        "md",
        {
            "en": """
## Using tools: declare the code interpreter on the assistant (使用 Tools)

A tool is declared on the assistant. `{"type": "code_interpreter"}` lets the model write Python and have it run;
the model decides by itself when a question is better answered by code. The original lesson's code:
""",
            "zh-CN": """
## 使用 Tools：创建 Assistant 时声明 Code_Interpreter

工具声明在助手上。`{"type": "code_interpreter"}` 让模型可以编写 Python 并运行它；什么问题更适合用代码回答，由模型自己决定。原课程的代码：
""",
        },
    ),
    (
        "code",
        {"en": """
assistant = client.beta.assistants.create(
    name="Demo Assistant",
    instructions="你是人工智能助手。你可以通过代码回答很多数学问题。",
    tools=[{"type": "code_interpreter"}],
    model="gpt-4-turbo"
)
assistant_id = assistant.id  # the original lesson copied its id from the Playground; ours comes from the line above
show_json(assistant.tools)
""", "zh-CN": """
assistant = client.beta.assistants.create(
    name="Demo Assistant",
    instructions="你是人工智能助手。你可以通过代码回答很多数学问题。",
    tools=[{"type": "code_interpreter"}],
    model="gpt-4-turbo"
)
assistant_id = assistant.id  # 原课程从 Playground 拷贝 id；我们的来自上一行
show_json(assistant.tools)
"""},
    ),
    (
        "md",
        {
            "en": """
## Code interpreter events in the handler (在回调中加入 code_interpreter 的事件响应)

The event handler of lesson 05 printed text as it streamed. Two more callbacks show the tool at work:

- `on_tool_call_created` fires when the model starts a tool call; `tool_call.type` is `code_interpreter`.
- `on_tool_call_delta` fires for each piece of the call: first pieces of `code_interpreter.input` (the code, as the
  model writes it), then `code_interpreter.outputs`, what running it produced. An output of type `logs` is the
  text the code printed; an output of type `image` is a picture (a chart), which we meet further down.

The original lesson's handler:
""",
            "zh-CN": """
## 在回调中加入 code_interpreter 的事件响应

第 05 课的事件处理器在流式过程中打印文字。再加两个回调，就能看到工具的工作过程：

- `on_tool_call_created`：模型开始一次工具调用时触发；`tool_call.type` 是 `code_interpreter`。
- `on_tool_call_delta`：调用的每个片段都会触发：先是 `code_interpreter.input` 的片段（模型正在写的代码），然后是 `code_interpreter.outputs`，即运行代码的结果。类型为 `logs` 的输出是代码打印的文字；类型为 `image` 的输出是图片（图表），后面会遇到。

原课程的处理器：
""",
        },
    ),
    ("code", HANDLER),
    (
        "md",
        {
            "en": """
## Send a code interpreter request (发个 Code Interpreter 请求)

The original lesson asks for a square root "with code". Watch the three phases: the tool call starts, the code
streams in, the output arrives; then the model writes its answer from that output.
""",
            "zh-CN": """
## 发个 Code Interpreter 请求

原课程要求“用代码”计算平方根。注意三个阶段：工具调用开始，代码以流式到达，输出到达；然后模型根据输出写出回答。
""",
        },
    ),
    (
        "code",
        """
# 创建 thread
thread = client.beta.threads.create()

# 添加新一轮的 user message
message = client.beta.threads.messages.create(
    thread_id=thread.id,
    role="user",
    content="用代码计算 1234567 的平方根",
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
The output `1111.1107055554814` was not written by the model: the code ran, and its last line, `square_root`,
was shown as a notebook shows the value of a cell's last expression. The model then read that output and
rounded it for its answer.

Here the code really runs too. The offline simulator executes it in a sandbox: a Python session on your machine,
one per thread as the real tool kept one, with a time limit, a memory limit and a disk quota, a working directory
of its own that the code sees as `/mnt/data` (the path the real tool used), and no way to reach other files,
start programs or use the network. Code that loops forever is stopped at the time limit and the run still ends.

## What the run recorded

Streaming is one way to watch the tool. Afterwards the run's steps keep the whole story: a `tool_calls` step with
the code (`input`) and what it produced (`outputs`), then a `message_creation` step for the answer.
""",
            "zh-CN": """
输出 `1111.1107055554814` 不是模型写的：代码真的运行了，它的最后一行 `square_root` 的值被显示出来，就像 notebook 显示单元格最后一个表达式的值那样。模型随后读取这个输出，四舍五入后写进回答。

在这里代码同样真的会运行。离线模拟器在沙箱里执行它：你机器上的一个 Python 会话，和真实工具一样每个线程一个，有时间、内存和磁盘配额的限制，有一个独立的工作目录，代码看到的路径是 `/mnt/data`（真实工具用的就是这个路径），并且无法访问其他文件、启动程序或联网。死循环的代码会在时间上限处被终止，运行照样结束。

## 运行记录了什么

流式是观察工具的一种方式。事后，运行的步骤保存着完整的经过：一个 `tool_calls` 步骤，里面有代码（`input`）和它产生的结果（`outputs`），然后是写回答的 `message_creation` 步骤。
""",
        },
    ),
    (
        "code",
        """
run = client.beta.threads.runs.list(thread_id=thread.id).data[0]
steps = client.beta.threads.runs.steps.list(thread_id=thread.id, run_id=run.id, order="asc")
for step in steps:
    print(step.type)
show_json(steps.data[0].step_details)
""",
    ),
    (
        "md",
        {
            "en": """
## Files for the code interpreter (Code_Interpreter 操作文件)

The code interpreter can work on files you give it. The course ships a small sales table,
`data/sales.csv`: 36 orders from the first half of 2024, with the date (日期), the product (产品), the region (地区)
and the amount (销售额). Its first lines:
""",
            "zh-CN": """
## Code_Interpreter 操作文件

代码解释器可以处理你交给它的文件。课程附带一张小小的销售表 `data/sales.csv`：2024 年上半年的 36 笔订单，包括日期、产品、地区和销售额。它的前几行：
""",
        },
    ),
    (
        "code",
        """
with open("../data/sales.csv", encoding="utf-8") as f:
    for line in f.readlines()[:5]:
        print(line, end="")
""",
    ),
    (
        "md",
        {
            "en": """
The original lesson uploads the file with the Files API (`purpose='assistants'`: a file for the Assistants API),
then gives its id to a new assistant in `tool_resources.code_interpreter.file_ids`. Every run of that assistant
can read the file. The original lesson's code, with the path to our file:
""",
            "zh-CN": """
原课程用 Files API 上传文件（`purpose='assistants'`：供 Assistants API 使用的文件），然后把它的 id 放进新助手的 `tool_resources.code_interpreter.file_ids`。这个助手的每次运行都能读取这个文件。原课程的代码，只换成了我们的文件路径：
""",
        },
    ),
    (
        "code",
        """
# 上传文件到 OpenAI
file = client.files.create(
    file=open("../data/sales.csv", "rb"),
    purpose='assistants'
)

# 创建 assistant
my_assistant = client.beta.assistants.create(
    name="CodeInterpreterWithFileDemo",
    instructions="你是数据分析师,按要求分析数据。",
    model="gpt-4-turbo",
    tools=[{"type": "code_interpreter"}],
    tool_resources={
        "code_interpreter": {
          "file_ids": [file.id]  # 为 code_interpreter 关联文件
        }
    }
)

# 创建 thread
thread = client.beta.threads.create()

# 添加新一轮的 user message
message = client.beta.threads.messages.create(
    thread_id=thread.id,
    role="user",
    content="统计总销售额",
)
# 使用 stream 接口并传入 EventHandler
with client.beta.threads.runs.stream(
    thread_id=thread.id,
    assistant_id=my_assistant.id,
    event_handler=EventHandler(),
) as stream:
    stream.until_done()
""",
    ),
    (
        "md",
        {
            "en": """
The thread keeps a code session, as the real tool kept one per thread: the interpreter that ran this code is still
there, with `df` in it. A follow-up on the same thread can use `df` without reading the file again. (Asked in
English, "Using df from before, what is the total of the sales column?", it does the same.)
""",
            "zh-CN": """
线程保留着一个代码会话（真实工具也为每个线程保留一个）：刚才运行代码的解释器还在，`df` 也还在里面。在同一个线程上接着问，代码可以直接用 `df`，不必再读一遍文件。
""",
        },
    ),
    (
        "code",
        {
            "en": """
# A follow-up on the same thread: its code session still holds df
message = client.beta.threads.messages.create(
    thread_id=thread.id,
    role="user",
    content="用刚才的 df 算一下销售额的总和",
)
with client.beta.threads.runs.stream(
    thread_id=thread.id,
    assistant_id=my_assistant.id,
    event_handler=EventHandler(),
) as stream:
    stream.until_done()
""",
            "zh-CN": """
# 在同一个线程上接着问：线程的代码会话里还有 df
message = client.beta.threads.messages.create(
    thread_id=thread.id,
    role="user",
    content="用刚才的 df 算一下销售额的总和",
)
with client.beta.threads.runs.stream(
    thread_id=thread.id,
    assistant_id=my_assistant.id,
    event_handler=EventHandler(),
) as stream:
    stream.until_done()
""",
        },
    ),
    (
        "md",
        {
            "en": """
The uploaded file appears to the code as `/mnt/data/<file id>`: the real tool named files by their id, not by
their file name, so the model reads the path it was given. The total is what pandas computed from the file; ask
about another file and you get another number.

## The model corrects its own code (自我修正代码)

What if the column is not called what the question says? Here is another table, with English column names and
no `销售额` column. This time the file is attached to the message itself, with `attachments` (and the tool that
may read it), instead of to the assistant: such a file belongs to this thread only. We ask the Demo Assistant,
which has no files of its own.
""",
            "zh-CN": """
上传的文件在代码看来是 `/mnt/data/<文件 id>`：真实工具按 id 而不是文件名来命名文件，所以模型读取的是给它的那个路径。总数是 pandas 从文件里算出来的；换一个文件来问，就会得到另一个数字。

## 自我修正代码

如果列名和问题里说的不一样呢？下面是另一张表，列名是英文的，没有 `销售额` 这一列。这次文件不放在助手上，而是用 `attachments` 附在消息本身（同时写明哪个工具可以读取它）：这样的文件只属于这个线程。我们问的是 Demo Assistant，它自己没有任何文件。
""",
        },
    ),
    (
        "code",
        """
orders_csv = (
    "order_date,customer,amount\\n"
    "2024-07-01,Acme,1200.50\\n"
    "2024-07-03,Globex,830\\n"
    "2024-07-08,Initech,2045.25\\n"
)
orders = client.files.create(file=("orders.csv", orders_csv.encode()), purpose="assistants")

thread = client.beta.threads.create(
    messages=[{
        "role": "user",
        "content": "统计总销售额",
        "attachments": [{"file_id": orders.id, "tools": [{"type": "code_interpreter"}]}],
    }]
)
with client.beta.threads.runs.stream(thread_id=thread.id, assistant_id=assistant_id, event_handler=EventHandler()) as stream:
    stream.until_done()
""",
    ),
    (
        "md",
        {
            "en": """
The first attempt guessed a `销售额` column and raised `KeyError`. The traceback was the code's output, and the
model read it like any other output: its second attempt looks at `df.columns`, picks the numeric column whose
name fits best, and sums that. Two `tool_calls` steps, then the answer. A model corrects itself once or twice
like this. (The simulator's scripted model corrects itself exactly once, the same way every time; a real model
varied, and could also get it wrong again.)

## A chart

Code can draw. Asked for a chart, the model writes matplotlib code; the tool saves each figure as a PNG file
(purpose `assistants_output`) and the run reports it twice: as an `image` output of the tool call, and as an
`image_file` part of the reply, before its text. The original lesson's handler prints only `logs` outputs, so the
chart itself is not printed while streaming:
""",
            "zh-CN": """
第一次尝试想当然地认为有一列叫 `销售额`，结果抛出 `KeyError`。报错信息就是代码的输出，模型像读其他输出一样读了它：第二次尝试先查看 `df.columns`，挑出名字最合适的数值列，再对它求和。两个 `tool_calls` 步骤，然后是回答。模型通常会这样修正自己一两次。（模拟器的脚本模型每次都恰好修正一次，方式也一样；真实模型每次不同，也可能再次出错。）

## 图表

代码还能画图。被要求画图时，模型会写 matplotlib 代码；工具把每张图保存为 PNG 文件（用途为 `assistants_output`），运行会在两处报告它：一次是工具调用的 `image` 输出，一次是回复里位于文字之前的 `image_file` 部分。原课程的处理器只打印 `logs` 输出，所以流式过程中不会打印图表本身：
""",
        },
    ),
    (
        "code",
        """
thread = client.beta.threads.create()
client.beta.threads.messages.create(thread_id=thread.id, role="user", content="按月画出销售额的柱状图")
with client.beta.threads.runs.stream(thread_id=thread.id, assistant_id=my_assistant.id, event_handler=EventHandler()) as stream:
    stream.until_done()
""",
    ),
    (
        "md",
        {
            "en": """
The reply holds the picture as a file id. Download the bytes with `client.files.content` and show them:
""",
            "zh-CN": """
回复里的图片是一个文件 id。用 `client.files.content` 下载字节并显示出来：
""",
        },
    ),
    (
        "code",
        """
from IPython.display import Image, display

reply = client.beta.threads.messages.list(thread_id=thread.id).data[0]
for part in reply.content:
    if part.type == "image_file":
        chart_id = part.image_file.file_id
        display(Image(data=client.files.content(chart_id).read()))
    elif part.type == "text":
        print(part.text.value)
""",
    ),
    (
        "md",
        {
            "en": """
## Working with files (文件操作)

The original lesson lists four more functions for files:

1. `client.files.list()` lists all files;
2. `client.files.retrieve()` gets a file object;
3. `client.files.delete()` deletes a file;
4. `client.files.content()` reads a file's content.

The newest files first: the chart the code drew, and the two tables we uploaded.
""",
            "zh-CN": """
## 文件操作

关于文件操作，还有如下函数：

1. `client.files.list()` 列出所有文件
2. `client.files.retrieve()` 获取文件对象
3. `client.files.delete()` 删除文件
4. `client.files.content()` 读取文件内容

最新的文件排在前面：代码画的图表，以及我们上传的两张表。
""",
        },
    ),
    (
        "code",
        """
for f in client.files.list(limit=3).data:
    print(f.filename, f.purpose, f.bytes)
""",
    ),
    (
        "code",
        """
show_json(client.files.retrieve(file.id))
""",
    ),
    (
        "md",
        {
            "en": """
`files.content` returns the file's bytes. A PNG starts with the same eight bytes every time:
""",
            "zh-CN": """
`files.content` 返回文件的字节。PNG 文件总是以同样的八个字节开头：
""",
        },
    ),
    (
        "code",
        """
png = client.files.content(chart_id).read()
print(png[:8])
""",
    ),
    (
        "md",
        {
            "en": """
Files you uploaded for assistants are another matter: the API would not give them back (you have them
already). Asking gets a 400:
""",
            "zh-CN": """
你为助手上传的文件就不一样了：API 不会把它们还给你（你手里本来就有）。请求下载会得到 400：
""",
        },
    ),
    (
        "code",
        """
import openai

try:
    client.files.content(file.id)
except openai.BadRequestError as e:
    print(e.status_code, e.body)
""",
    ),
    (
        "md",
        {
            "en": """
Delete a file when no assistant or thread needs it any more; afterwards its id is unknown:
""",
            "zh-CN": """
没有助手或线程再需要某个文件时，就删除它；之后这个 id 就查不到了：
""",
        },
    ),
    (
        "code",
        """
show_json(client.files.delete(orders.id))
try:
    client.files.retrieve(orders.id)
except openai.NotFoundError as e:
    print(e.status_code, e.body)
""",
    ),
    (
        "md",
        {
            "en": """
## Cost (收费)

From the original lesson:

- Code interpreter 跑一次 \\$0.03: each code interpreter **session** cost \\$0.03. A session stayed open for an hour;
  the code a thread ran within that hour shared it (and its variables).
- 文件按数据大小和存放时长收费: stored files were charged by size and time (for file search: 1 GB of vector
  storage, \\$0.10 a day).
- The tokens of the code the model writes and of the outputs it reads count as tokens of the run, like any
  text (lesson 04 shows a run's `usage`).

The offline simulator charges nothing. It keeps a session per thread as the real tool did (and one per container
for the Responses API): variables carry over from one tool call to the next, as `df` did above, until the
session has been idle for an hour; then the next call starts empty and its output says so.

## Recap

- `tools=[{"type": "code_interpreter"}]` lets the model answer by writing Python that really runs.
- Streaming: `on_tool_call_created`, then `on_tool_call_delta` with `code_interpreter.input` (the code) and
  `code_interpreter.outputs` (`logs`, or an `image` with a file id).
- Afterwards, the run's `tool_calls` step keeps the code and its outputs.
- Files: `client.files.create(file=open(path, "rb"), purpose="assistants")`, then give the id to the tool:
  `tool_resources={"code_interpreter": {"file_ids": [...]}}` on an assistant or a thread, or `attachments` on a
  message. The code finds them at `/mnt/data/<file id>`.
- A traceback is an output like any other: the model reads it and corrects its code.
- Charts come back as files (`assistants_output`): download them with `client.files.content(file_id)`.
- `files.list`, `retrieve`, `content`, `delete`; files uploaded for assistants cannot be downloaded again.
- Cost: \\$0.03 per code interpreter session, plus the tokens.

**Where this lesson relies on the simulator:** its scripted model writes code only for the course's requests
(a square root or an expression "用代码计算 …", a total of sales, a chart of a table), corrects itself exactly once,
and reuses `df` only when asked to. The code itself really runs, in a local sandbox, one session per thread.
""",
            "zh-CN": """
## 收费

原课程里写道：

- Code interpreter 跑一次 \\$0.03：每个代码解释器**会话**收费 0.03 美元。一个会话保持一小时；一个线程在这一小时内运行的代码共享这个会话（以及其中的变量）。
- 文件按数据大小和存放时长收费（用于文件检索时：1 GB 向量存储一天收费 0.10 美元）。
- 模型编写的代码、它读取的输出，都和其他文字一样计入运行的 token（第 04 课介绍了运行的 `usage`）。

离线模拟器不收任何费用。它像真实工具一样为每个线程保留一个会话（Responses API 则是每个容器一个）：变量会从一次工具调用带到下一次，就像上面的 `df`；会话闲置一小时后结束，下一次调用从空白开始，输出里会说明这一点。

## 小结

- `tools=[{"type": "code_interpreter"}]` 让模型通过编写真正运行的 Python 来回答。
- 流式：先是 `on_tool_call_created`，然后是 `on_tool_call_delta`，带有 `code_interpreter.input`（代码）和 `code_interpreter.outputs`（`logs`，或带文件 id 的 `image`）。
- 事后，运行的 `tool_calls` 步骤保存着代码和它的输出。
- 文件：`client.files.create(file=open(path, "rb"), purpose="assistants")`，然后把 id 交给工具：放在助手或线程的 `tool_resources={"code_interpreter": {"file_ids": [...]}}` 里，或者放在消息的 `attachments` 里。代码在 `/mnt/data/<文件 id>` 找到它们。
- 报错信息和其他输出一样：模型读了它，就会修正代码。
- 图表以文件形式返回（`assistants_output`）：用 `client.files.content(file_id)` 下载。
- `files.list`、`retrieve`、`content`、`delete`；为助手上传的文件不能再下载。
- 费用：每个代码解释器会话 0.03 美元，另加 token。

**本课哪些地方依赖模拟器：** 它的脚本模型只为课程里的请求写代码（“用代码计算 ……”的平方根或算式、统计总销售额、给表格画图），恰好修正一次，只有被要求时才会沿用 `df`。代码本身是真的在本地沙箱里运行的，每个线程一个会话。
""",
        },
    ),
    (
        "md",
        {
            "en": """
## Exercises

Each exercise has a cell for your code (fill in the `...` and replace the `None`), then a **check**. The checks
read your run's steps through the API, where the code and its outputs are kept (or call your function), and say
what is right, what is missing, and a hint. Run a check as often as you like; open the hints one at a time if you
are stuck.

The exercises use an assistant of their own, `analyst`, with the code interpreter. The clean-up at the end leaves
it alone, so you can come back to the exercises after running the whole notebook:
""",
            "zh-CN": """
## 练习

每个练习都有一个写代码的单元格（填上 `...`，把 `None` 换掉），后面跟一个**检查**。检查会通过 API 读取运行步骤（代码和它的输出都保存在那里），或调用你的函数，告诉你哪些做对了、还缺什么，并给出提示。可以反复运行；卡住了就一个一个打开提示。

练习使用它们自己的助手 `analyst`，它带着代码解释器。最后的清理不会删除它，所以运行完整个 notebook 之后，仍然可以回来做练习：
""",
        },
    ),
    (
        "code",
        """
analyst = client.beta.assistants.create(
    name="Analyst",
    instructions="你是数据分析师,按要求分析数据。你可以通过代码回答很多数学问题。",
    tools=[{"type": "code_interpreter"}],
    model="gpt-4-turbo",
)
""",
    ),
    *exercise(
        {
            "en": """
### Exercise 06.1 · Predict: a question without a calculation

`analyst` has the code interpreter. You ask it `你好`, which needs no calculation. Which steps will the run have?

- **a** a `tool_calls` step (the tool always runs), then a `message_creation` step
- **b** only a `message_creation` step
- **c** none: the run fails, since the assistant must use its tool

Write your letter in `my_prediction` **before running anything**. Then find out: ask `analyst` `你好` on a new thread
`my_thread`, run it, and print the types of its steps.
""",
            "zh-CN": """
### 练习 06.1 · 预测：不需要计算的问题

`analyst` 带着代码解释器。你问它“你好”，这不需要任何计算。这次运行会有哪些步骤？

- **a** 一个 `tool_calls` 步骤（工具总会运行），然后是一个 `message_creation` 步骤
- **b** 只有一个 `message_creation` 步骤
- **c** 一个也没有：运行会失败，因为助手必须使用它的工具

**什么都别运行**，先把你选的字母写进 `my_prediction`。然后验证：在一个新线程 `my_thread` 上向 `analyst` 问“你好”，运行它，并打印各个步骤的类型。
""",
        },
        {"en": """
my_prediction = None  # "a", "b" or "c"
my_thread = None
""", "zh-CN": """
my_prediction = None  # "a"、"b" 或 "c"
my_thread = None
"""},
        """
from helpers.checks.code_interpreter import check_code_answer

check_code_answer(client, my_prediction, my_thread)
""",
        """
my_prediction = "b"
my_thread = client.beta.threads.create(messages=[{"role": "user", "content": "你好"}])
greeting = client.beta.threads.runs.create_and_poll(thread_id=my_thread.id, assistant_id=analyst.id)
print([step.type for step in client.beta.threads.runs.steps.list(thread_id=my_thread.id, run_id=greeting.id)])
""",
        hints=[
            {"en": "Who decides when code is worth writing: the API, or the model?", "zh-CN": "谁来决定什么时候值得写代码：API，还是模型？"},
            {"en": "`runs.steps.list(thread_id=..., run_id=...)` lists a run's steps; each has a `type`.", "zh-CN": "`runs.steps.list(thread_id=..., run_id=...)` 列出运行的步骤；每个步骤都有 `type`。"},
        ],
    ),
    *exercise(
        {
            "en": """
### Exercise 06.2 · Modify: a handler that keeps the code

Extend the lesson's `EventHandler` so that, besides printing, it **keeps** what the tool did: all the code in a
string `self.code` and every `logs` output in a list `self.logs`. Stream a calculation to `analyst` with an instance
kept in `code_handler`. The check compares what you kept with the code and logs the run step recorded.
""",
            "zh-CN": """
### 练习 06.2 · 改一改：记下代码的处理器

扩展本课的 `EventHandler`，让它除了打印之外，还**记下**工具做了什么：所有代码拼成字符串 `self.code`，每个 `logs` 输出放进列表 `self.logs`。用存在 `code_handler` 里的实例，向 `analyst` 流式提一道计算题。检查会把你记下的内容和运行步骤记录的代码与日志对比。
""",
        },
        {"en": """
class CodeKeepingHandler(EventHandler):
    def __init__(self):
        super().__init__()
        self.code = ""
        self.logs = []

    @override
    def on_tool_call_delta(self, delta, snapshot):
        super().on_tool_call_delta(delta, snapshot)  # print as before
        ...  # keep the code and the logs


code_handler = None  # code_handler = CodeKeepingHandler(), then stream a calculation with event_handler=code_handler
""", "zh-CN": """
class CodeKeepingHandler(EventHandler):
    def __init__(self):
        super().__init__()
        self.code = ""
        self.logs = []

    @override
    def on_tool_call_delta(self, delta, snapshot):
        super().on_tool_call_delta(delta, snapshot)  # 照旧打印
        ...  # 记下代码和日志


code_handler = None  # code_handler = CodeKeepingHandler()，然后用 event_handler=code_handler 流式提一道计算题
"""},
        """
from helpers.checks.code_interpreter import check_code_handler

check_code_handler(client, code_handler)
""",
        {"en": """
class CodeKeepingHandler(EventHandler):
    def __init__(self):
        super().__init__()
        self.code = ""
        self.logs = []

    @override
    def on_tool_call_delta(self, delta, snapshot):
        super().on_tool_call_delta(delta, snapshot)  # print as before
        if delta.type == "code_interpreter":
            if delta.code_interpreter.input:
                self.code += delta.code_interpreter.input
            for output in delta.code_interpreter.outputs or []:
                if output.type == "logs":
                    self.logs.append(output.logs)


code_handler = CodeKeepingHandler()
question = client.beta.threads.create(messages=[{"role": "user", "content": "用代码计算 2**100"}])
with client.beta.threads.runs.stream(thread_id=question.id, assistant_id=analyst.id, event_handler=code_handler) as stream:
    stream.until_done()
""", "zh-CN": """
class CodeKeepingHandler(EventHandler):
    def __init__(self):
        super().__init__()
        self.code = ""
        self.logs = []

    @override
    def on_tool_call_delta(self, delta, snapshot):
        super().on_tool_call_delta(delta, snapshot)  # 照旧打印
        if delta.type == "code_interpreter":
            if delta.code_interpreter.input:
                self.code += delta.code_interpreter.input
            for output in delta.code_interpreter.outputs or []:
                if output.type == "logs":
                    self.logs.append(output.logs)


code_handler = CodeKeepingHandler()
question = client.beta.threads.create(messages=[{"role": "user", "content": "用代码计算 2**100"}])
with client.beta.threads.runs.stream(thread_id=question.id, assistant_id=analyst.id, event_handler=code_handler) as stream:
    stream.until_done()
"""},
        hints=[
            {"en": "The lesson's handler already reads both pieces in `on_tool_call_delta`: look at what it prints.", "zh-CN": "本课的处理器在 `on_tool_call_delta` 里已经读到了这两样东西：看看它打印了什么。"},
            {"en": "`delta.code_interpreter.input` is a piece of code (or None); `delta.code_interpreter.outputs` is a list (or None) whose items have a `type` and, for `logs`, a `.logs` text.", "zh-CN": "`delta.code_interpreter.input` 是一段代码（或 None）；`delta.code_interpreter.outputs` 是一个列表（或 None），每一项有 `type`，类型为 `logs` 的还有 `.logs` 文本。"},
        ],
    ),
    *exercise(
        {
            "en": """
### Exercise 06.3 · Build: analyse your own table

Make a small CSV of your own (a few rows, with a date column and a sales column under any name: `销售额`,
`amount`, `revenue`, ...), upload it for assistants as `my_file`, give it to the code interpreter with a question
asking `统计总销售额` on a new thread `my_thread`, and run `analyst`. The check looks for code that read **your**
file at `/mnt/data/<file id>` and an answer that gives the total the code printed.
""",
            "zh-CN": """
### 练习 06.3 · 动手做：分析你自己的表格

自己做一个小 CSV（几行数据，有一列日期和一列销售额，列名随意：`销售额`、`amount`、`revenue` 等），以供助手使用的用途上传，存进 `my_file`；在一个新线程 `my_thread` 上用一个问“统计总销售额”的问题把它交给代码解释器，再运行 `analyst`。检查会寻找读取了**你的**文件（`/mnt/data/<文件 id>`）的代码，以及给出代码打印的总数的回答。
""",
        },
        {"en": """
my_csv = "日期,产品,销售额\\n"  # add a few rows of your own
my_file = None
my_thread = None
""", "zh-CN": """
my_csv = "日期,产品,销售额\\n"  # 自己加几行数据
my_file = None
my_thread = None
"""},
        """
from helpers.checks.code_interpreter import check_file_analysis

check_file_analysis(client, my_thread, my_file)
""",
        """
my_csv = "日期,产品,销售额\\n2024-03-01,键盘,199\\n2024-03-02,鼠标,89.5\\n2024-03-05,显示器,1299\\n"
my_file = client.files.create(file=("my_sales.csv", my_csv.encode()), purpose="assistants")
my_thread = client.beta.threads.create(
    messages=[{
        "role": "user",
        "content": "统计总销售额",
        "attachments": [{"file_id": my_file.id, "tools": [{"type": "code_interpreter"}]}],
    }]
)
with client.beta.threads.runs.stream(thread_id=my_thread.id, assistant_id=analyst.id, event_handler=EventHandler()) as stream:
    stream.until_done()
""",
        hints=[
            {"en": "Upload bytes with a name: `file=(\"my_sales.csv\", my_csv.encode())`. The lesson showed two ways to hand a file to the tool.", "zh-CN": "上传带名字的字节：`file=(\"my_sales.csv\", my_csv.encode())`。本课介绍了两种把文件交给工具的方法。"},
            {"en": "The section on self-correction attached its file to the message itself, with `attachments`.", "zh-CN": "“自我修正代码”一节用 `attachments` 把文件直接附在了消息上。"},
        ],
    ),
    *exercise(
        {
            "en": """
### Exercise 06.4 · Debug: the total that never came

This function uploads a table and asks `analyst` for its total. The run completes, but the reply says there is no
file to analyse. Find the mistake and fix `total_sales`. The check calls it on a table of its own and looks for the
right total in the reply.
""",
            "zh-CN": """
### 练习 06.4 · 找错：没算出来的总额

这个函数上传一张表，请 `analyst` 算出总额。运行完成了，回复却说没有可以分析的文件。找到错误并修好 `total_sales`。检查会用它自己的一张表调用这个函数，并在回复里找正确的总额。
""",
        },
        """
def total_sales(csv_text):
    upload = client.files.create(file=("sales.csv", csv_text.encode()), purpose="assistants")
    thread = client.beta.threads.create(messages=[{
        "role": "user",
        "content": "统计总销售额",
        "attachments": [{"file_id": upload.id, "tools": [{"type": "file_search"}]}],
    }])
    run = client.beta.threads.runs.create_and_poll(thread_id=thread.id, assistant_id=analyst.id)
    return client.beta.threads.messages.list(thread_id=thread.id, run_id=run.id).data[0].content[-1].text.value
""",
        """
from helpers.checks.code_interpreter import check_total_sales

check_total_sales(client, total_sales)
""",
        {"en": """
def total_sales(csv_text):
    upload = client.files.create(file=("sales.csv", csv_text.encode()), purpose="assistants")
    thread = client.beta.threads.create(messages=[{
        "role": "user",
        "content": "统计总销售额",
        "attachments": [{"file_id": upload.id, "tools": [{"type": "code_interpreter"}]}],  # the tool that runs code
    }])
    run = client.beta.threads.runs.create_and_poll(thread_id=thread.id, assistant_id=analyst.id)
    return client.beta.threads.messages.list(thread_id=thread.id, run_id=run.id).data[0].content[-1].text.value
""", "zh-CN": """
def total_sales(csv_text):
    upload = client.files.create(file=("sales.csv", csv_text.encode()), purpose="assistants")
    thread = client.beta.threads.create(messages=[{
        "role": "user",
        "content": "统计总销售额",
        "attachments": [{"file_id": upload.id, "tools": [{"type": "code_interpreter"}]}],  # 运行代码的是这个工具
    }])
    run = client.beta.threads.runs.create_and_poll(thread_id=thread.id, assistant_id=analyst.id)
    return client.beta.threads.messages.list(thread_id=thread.id, run_id=run.id).data[0].content[-1].text.value
"""},
        hints=[
            {"en": "The file was uploaded and attached. But to which tool?", "zh-CN": "文件上传了，也附上了。可它交给了哪个工具？"},
            {"en": "A table's total is computed by code; an attachment names the tools that may read the file.", "zh-CN": "表格的总额要靠代码来算；附件写明了哪些工具可以读取这个文件。"},
        ],
    ),
    *quiz_cells("06"),
    (
        "md",
        {
            "en": """
Then answer these in your own words (the answer key is at the very end of the lesson):

**4.** Name two ways to give the code interpreter a file. Which one limits it to one thread?

**5.** How did the model get from a `KeyError` to the right answer?
""",
            "zh-CN": """
再用自己的话回答下面几题（答案在本课最后）：

**4.** 说出两种把文件交给代码解释器的方法。哪一种只对一个线程有效？

**5.** 模型是怎样从一个 `KeyError` 走到正确答案的？
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

- The code interpreter tool (files, `/mnt/data`, images, sessions): https://platform.openai.com/docs/assistants/tools/code-interpreter
- API reference, files (the original lesson's 具体文档参考): https://platform.openai.com/docs/api-reference/files
- API reference, run steps (`tool_calls` with `code_interpreter`): https://platform.openai.com/docs/api-reference/run-steps
- Moving to the Responses API, which has its own code interpreter tool: https://platform.openai.com/docs/assistants/migration
""",
            "zh-CN": """
## 延伸阅读

服务下线后，OpenAI 关于 Assistants API 的页面已成为存档，但仍准确描述了本课所讲的内容。

- 代码解释器工具（文件、`/mnt/data`、图片、会话）：https://platform.openai.com/docs/assistants/tools/code-interpreter
- API 参考，files（原课程的“具体文档参考”）：https://platform.openai.com/docs/api-reference/files
- API 参考，run steps（带 `code_interpreter` 的 `tool_calls`）：https://platform.openai.com/docs/api-reference/run-steps
- 迁移到 Responses API（它有自己的代码解释器工具）：https://platform.openai.com/docs/assistants/migration
""",
        },
    ),
    (
        "md",
        {
            "en": """
## The same with the Responses API

The code interpreter is a tool of `responses.create` too. It runs in a **container**, a sandbox whose files sit
at `/mnt/data`: `{"type": "auto", "file_ids": [...]}` makes one for the request with those files in it (what
`tool_resources` did for this lesson's assistant), and `include=["code_interpreter_call.outputs"]` brings the
logs back on the `code_interpreter_call` item. The same sales table:
""",
            "zh-CN": """
## 用 Responses API 做同样的事

代码解释器也是 `responses.create` 的工具。它在**容器（container）**里运行，容器是一个沙箱，文件位于 `/mnt/data`：`{"type": "auto", "file_ids": [...]}` 为这次请求创建一个容器并放进这些文件（也就是本课助手的 `tool_resources` 做的事）；`include=["code_interpreter_call.outputs"]` 让 `code_interpreter_call` 条目带回日志。还是那张销售表：
""",
        },
    ),
    (
        "code",
        """
response = client.responses.create(
    model="gpt-4o",
    instructions="你是数据分析师,按要求分析数据。",
    tools=[{"type": "code_interpreter", "container": {"type": "auto", "file_ids": [file.id]}}],
    input="统计总销售额",
    include=["code_interpreter_call.outputs"],
)
call = next(item for item in response.output if item.type == "code_interpreter_call")
print(call.code)
print(call.outputs[0].logs)
print(response.output_text)
""",
    ),
    (
        "md",
        {
            "en": """
The container outlives the request: name it by its id and the next request finds the same files. It expires 20
minutes after it was last used (a thread kept its files as long as it lived); delete it when you are done.
""",
            "zh-CN": """
容器比请求活得久：用它的 id 指明它，下一个请求就能找到同样的文件。它在最后一次使用 20 分钟后过期（线程则在存在期间一直保留文件）；用完就删掉。
""",
        },
    ),
    (
        "code",
        """
print([f.path for f in client.containers.files.list(call.container_id)])
again = client.responses.create(
    model="gpt-4o",
    tools=[{"type": "code_interpreter", "container": call.container_id}],
    input="用代码计算 1234567 的平方根",
)
print(again.output_text)
client.containers.delete(call.container_id)
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
        """
for a in (assistant, my_assistant):
    print(client.beta.assistants.delete(a.id).deleted)
for f in (file.id, chart_id, my_file.id):
    print(client.files.delete(f).deleted)
""",
    ),
    (
        "md",
        {
            "en": """
Next: **07 · Function calling**, where the assistant calls your own code.
""",
            "zh-CN": """
下一课：**07 · 函数调用**，让助手调用你自己的代码。
""",
        },
    ),
    (
        "md",
        {
            "en": """
## Answer key

**4.** `tool_resources={"code_interpreter": {"file_ids": [...]}}` on the assistant (every run) or on a thread, or
`attachments` on a message. A message attachment (or thread resources) belongs to that thread only.

**5.** The traceback was the output of its first call; the model read it, looked at the table's columns, and ran
corrected code in a second call. Self-correction is just another tool call.
""",
            "zh-CN": """
## 答案

**4.** 在助手上（每次运行都可用）或线程上设置 `tool_resources={"code_interpreter": {"file_ids": [...]}}`，或者在消息上使用 `attachments`。消息的附件（或线程的工具资源）只属于那个线程。

**5.** 报错信息就是它第一次调用的输出；模型读了它，查看了表格的列，再在第二次调用里运行修正后的代码。自我修正只不过是又一次工具调用。
""",
        },
    ),
]
