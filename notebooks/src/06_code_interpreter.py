"""Lesson 06's source: `make lessons` writes notebooks/06_code_interpreter.ipynb from CELLS and runs it."""

from tools.lessons import CLEAN_UP, FILTER, FIRST_CELL

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
        """
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

The original lesson lists what the tool can do:

- 支持 Code Interpreter
  1. 在沙箱里编写并运行 Python 代码
  2. 自我修正代码
  3. 可传文件给 Code Interpreter
""",
    ),
    ("code", FILTER + "\n" + FIRST_CELL),
    (
        "md",
        """
## 使用 Tools: 创建 Assistant 时声明 Code_Interpreter

A tool is declared on the assistant. `{"type": "code_interpreter"}` lets the model write Python and have it run;
the model decides by itself when a question is better answered by code. The seed's code:
""",
    ),
    (
        "code",
        """
assistant = client.beta.assistants.create(
    name="Demo Assistant",
    instructions="你是人工智能助手。你可以通过代码回答很多数学问题。",
    tools=[{"type": "code_interpreter"}],
    model="gpt-4-turbo"
)
assistant_id = assistant.id  # the seed copied its id from the Playground; ours comes from the line above
show_json(assistant.tools)
""",
    ),
    (
        "md",
        """
## 在回调中加入 code_interpreter 的事件响应

The event handler of lesson 05 printed text as it streamed. Two more callbacks show the tool at work:

- `on_tool_call_created` fires when the model starts a tool call; `tool_call.type` is `code_interpreter`.
- `on_tool_call_delta` fires for each piece of the call: first pieces of `code_interpreter.input` (the code, as the
  model writes it), then `code_interpreter.outputs`, what running it produced. An output of type `logs` is the
  text the code printed; an output of type `image` is a picture (a chart), which we meet further down.

The seed's handler:
""",
    ),
    ("code", HANDLER),
    (
        "md",
        """
## 发个 Code Interpreter 请求

The seed asks for a square root "with code". Watch the three phases: the tool call starts, the code streams in,
the output arrives; then the model writes its answer from that output.
""",
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
        """
The output `1111.1107055554814` was not written by the model: the code ran, and its last line, `square_root`,
was shown as a notebook shows the value of a cell's last expression. The model then read that output and
rounded it for its answer.

Here the code really runs too. The offline simulator executes it in a sandbox: a fresh Python process on your
machine, with a time limit, a memory limit and an output limit, a working directory of its own that the code sees
as `/mnt/data` (the path the real tool used), and no way to reach other files, start programs or use the network.
Code that loops forever is stopped at the time limit and the run still ends.

## What the run recorded

Streaming is one way to watch the tool. Afterwards the run's steps keep the whole story: a `tool_calls` step with
the code (`input`) and what it produced (`outputs`), then a `message_creation` step for the answer.
""",
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
        """
## Code_Interpreter 操作文件

The code interpreter can work on files you give it. The course ships a small sales table,
`data/sales.csv`: 36 orders from the first half of 2024, with the date (日期), the product (产品), the region (地区)
and the amount (销售额). Its first lines:
""",
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
        """
The seed uploads the file with the Files API (`purpose='assistants'`: a file for the Assistants API), then gives
its id to a new assistant in `tool_resources.code_interpreter.file_ids`. Every run of that assistant can read the
file. The seed's code, with the path to our file:
""",
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
        """
The uploaded file appears to the code as `/mnt/data/<file id>`: the real tool named files by their id, not by
their file name, so the model reads the path it was given. The total is what pandas computed from the file; ask
about another file and you get another number.

## 自我修正代码

What if the column is not called what the question says? Here is another table, with English column names and
no `销售额` column. This time the file is attached to the message itself, with `attachments` (and the tool that
may read it), instead of to the assistant: such a file belongs to this thread only. We ask the Demo Assistant,
which has no files of its own.
""",
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
        """
The first attempt guessed a `销售额` column and raised `KeyError`. The traceback was the code's output, and the
model read it like any other output: its second attempt looks at `df.columns`, picks the numeric column whose
name fits best, and sums that. Two `tool_calls` steps, then the answer. A model corrects itself once or twice
like this. (The simulator's scripted model corrects itself exactly once, the same way every time; a real model
varied, and could also get it wrong again.)

## A chart

Code can draw. Asked for a chart, the model writes matplotlib code; the tool saves each figure as a PNG file
(purpose `assistants_output`) and the run reports it twice: as an `image` output of the tool call, and as an
`image_file` part of the reply, before its text. The seed's handler prints only `logs` outputs, so the chart
itself is not printed while streaming:
""",
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
        """
The reply holds the picture as a file id. Download the bytes with `client.files.content` and show them:
""",
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
        """
## 文件操作

关于文件操作,还有如下函数:

1. `client.files.list()` 列出所有文件
2. `client.files.retrieve()` 获取文件对象
3. `client.files.delete()` 删除文件
4. `client.files.content()` 读取文件内容

The newest files first: the chart the code drew, and the two tables we uploaded.
""",
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
        """
`files.content` returns the file's bytes. A PNG starts with the same eight bytes every time:
""",
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
        """
Files you uploaded for assistants are another matter: the API would not give them back (you have them
already). Asking gets a 400:
""",
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
        """
Delete a file when no assistant or thread needs it any more; afterwards its id is unknown:
""",
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
    ("md", CLEAN_UP),
    (
        "code",
        """
for a in (assistant, my_assistant):
    print(client.beta.assistants.delete(a.id).deleted)
for f in (file.id, chart_id):
    print(client.files.delete(f).deleted)
""",
    ),
    (
        "md",
        """
具体文档参考: https://platform.openai.com/docs/api-reference/files

## 收费

From the original lesson:

- Code interpreter 跑一次 $0.03: each code interpreter **session** cost $0.03. A session stayed open for an hour;
  the code a thread ran within that hour shared it (and its variables).
- 文件按数据大小和存放时长收费: stored files were charged by size and time (for file search: 1 GB of vector
  storage, $0.10 a day).
- The tokens of the code the model writes and of the outputs it reads count as tokens of the run, like any
  text (lesson 04 shows a run's `usage`).

The offline simulator charges nothing. One difference to keep in mind: it starts a fresh Python for every piece of
code, so variables do not carry over from one tool call to the next (the model here always writes code that
stands on its own).

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
- Cost: $0.03 per code interpreter session, plus the tokens.

Next: **07 · Function calling**, where the assistant calls your own code.
""",
    ),
]
