"""Lesson 07's source: `make lessons` writes notebooks/07_function_calling.ipynb (and zh-CN/) from CELLS and runs it."""

from tools.lessons import CLEAN_UP, FILTER, FIRST_CELL, exercise, join, quiz_cells

CELLS = [
    (
        "md",
        {
            "en": """
# 07 · Function calling

**What you will be able to do**

- declare a function on an assistant, with a JSON schema for its arguments;
- recognise a run that stops in `requires_action`, read the calls it asks for, run them yourself and send the
  results back with `submit_tool_outputs`;
- do the same while streaming, with an event handler that answers `thread.run.requires_action`;
- handle several independent calls in one step (parallel function calling), or one per step;
- steer the model with `tool_choice`, and know the errors a wrong submission gets;
- run SQL a model wrote without letting it change your data.

The assistant never runs your function. It writes a **call** (a function name and JSON arguments) and the run
waits, in status `requires_action`, until you send each call's **output**. Then the run goes on and the model
answers from those outputs.

*Prerequisites: lessons 04 (runs, run steps) and 05 (streaming, event handlers).*
""",
            "zh-CN": """
# 07 · 函数调用（Function calling）

**学完本课你将能够**

- 在助手上声明一个函数，用 JSON schema 描述它的参数；
- 认出停在 `requires_action` 的运行，读出它请求的调用，自己执行，再用 `submit_tool_outputs` 把结果交回去；
- 在流式运行中做同样的事：用一个处理 `thread.run.requires_action` 事件的事件处理器；
- 处理一步里的多个独立调用（并行函数调用），或每步一个；
- 用 `tool_choice` 引导模型，并了解错误的提交会得到什么错误；
- 运行模型写的 SQL，而不让它改动你的数据。

助手从不亲自运行你的函数。它写出一个**调用**（函数名和 JSON 参数），运行随即进入 `requires_action` 状态等待，直到你为每个调用提交**输出**。然后运行继续，模型根据这些输出作答。

*前置知识：第 04 课（运行、运行步骤）和第 05 课（流式、事件处理器）。*
""",
        },
    ),
    ("code", join(FILTER, FIRST_CELL)),
    (
        "md",
        {
            "en": """
## Declare the function on the assistant

The original lesson's 瓜瓜 assistant with its `ask_database` function. The `description` of the function tells
the model *when* to call it; the `parameters` schema tells it *how*: here one string, `query`, whose description
carries the table's schema so the model can write SQL for it.

The code is the original's. One character is restored: the lesson as we have it lost a closing `}` at the end of
`tools` (the last line below reads `}}}]` where the copy had `}}]`), and Python would not parse it without that.
""",
            "zh-CN": """
## 在助手上声明函数

原课程的瓜瓜助手，带着它的 `ask_database` 函数。函数的 `description` 告诉模型*何时*调用它；`parameters` schema 告诉模型*怎样*调用：这里是一个字符串参数 `query`，它的描述里写着表结构，好让模型为这张表写 SQL。

代码来自原课程。恢复了一个字符：我们手上的课程材料在 `tools` 结尾丢了一个 `}`（下面最后一行是 `}}}]`，而副本里是 `}}]`），少了它 Python 无法解析。
""",
        },
    ),
    (
        "code",
        {"en": """
assistant = client.beta.assistants.create(
    instructions="你叫瓜瓜。你是AGI课堂的助手。你只回答跟AI大模型有关的问题。不要跟学生闲聊。每次回答问题前,你要拆解问题并输出一步一步的思考过程。",
    model="gpt-4o",
    tools=[{
        "type": "function",
        "function": {
            "name": "ask_database",
            "description": "Use this function to answer user questions about course schedule. Output should be a fully formed SQL query.",
            "parameters": {
                "type": "object",
                "properties": {
                    "query": {
                        "type": "string",
                        "description": "SQL query extracting info to answer the user's question.\\nSQL should be written using this database schema:\\n\\nCREATE TABLE Courses (\\n\\tid INT AUTO_INCREMENT PRIMARY KEY,\\n\\tcourse_date DATE NOT NULL,\\n\\tstart_time TIME NOT NULL,\\n\\tend_time TIME NOT NULL,\\n\\tcourse_name VARCHAR(255) NOT NULL,\\n\\tinstructor VARCHAR(255) NOT NULL\\n);\\n\\nThe query should be returned in plain text, not in JSON.\\nThe query should only contain grammars supported by SQLite."}},
                "required": ["query"]}}}]
)
assistant_id = assistant.id   # the streaming examples below refer to it by this name
show_json(assistant.tools[0].function)
""", "zh-CN": """
assistant = client.beta.assistants.create(
    instructions="你叫瓜瓜。你是AGI课堂的助手。你只回答跟AI大模型有关的问题。不要跟学生闲聊。每次回答问题前,你要拆解问题并输出一步一步的思考过程。",
    model="gpt-4o",
    tools=[{
        "type": "function",
        "function": {
            "name": "ask_database",
            "description": "Use this function to answer user questions about course schedule. Output should be a fully formed SQL query.",
            "parameters": {
                "type": "object",
                "properties": {
                    "query": {
                        "type": "string",
                        "description": "SQL query extracting info to answer the user's question.\\nSQL should be written using this database schema:\\n\\nCREATE TABLE Courses (\\n\\tid INT AUTO_INCREMENT PRIMARY KEY,\\n\\tcourse_date DATE NOT NULL,\\n\\tstart_time TIME NOT NULL,\\n\\tend_time TIME NOT NULL,\\n\\tcourse_name VARCHAR(255) NOT NULL,\\n\\tinstructor VARCHAR(255) NOT NULL\\n);\\n\\nThe query should be returned in plain text, not in JSON.\\nThe query should only contain grammars supported by SQLite."}},
                "required": ["query"]}}}]
)
assistant_id = assistant.id   # 下面的流式示例用这个名字引用它
show_json(assistant.tools[0].function)
"""},
    ),
    (
        "md",
        {
            "en": """
The API added `"strict": false`: with `strict: true` the model's arguments would be guaranteed to match the
schema exactly (every property required, no others allowed).

## The function itself, on your side

The original lesson's step "create a function" (创建一个 Function): a `Courses` table in an in-memory SQLite database with five rows, the
`ask_database` function the assistant may call, and `available_functions`, which maps the names the model uses
to the Python functions that do the work.
""",
            "zh-CN": """
API 自动加上了 `"strict": false`：如果设为 `strict: true`，模型给出的参数就保证与 schema 完全一致（所有属性都必填，不允许其他属性）。

## 函数本身，在你这一边

原课程的“创建一个 Function”：在内存 SQLite 数据库里建一张有五行数据的 `Courses` 表，写好助手可以调用的 `ask_database` 函数，再建一个 `available_functions` 字典，把模型使用的名字映射到真正干活的 Python 函数。
""",
        },
    ),
    (
        "code",
        """
# 定义本地函数和数据库
import sqlite3

# 创建数据库连接
conn = sqlite3.connect(':memory:')
cursor = conn.cursor()

# 创建orders表
cursor.execute(\"\"\"
CREATE TABLE Courses (
    id INT AUTO_INCREMENT PRIMARY KEY,
    course_date DATE NOT NULL,
    start_time TIME NOT NULL,
    end_time TIME NOT NULL,
    course_name VARCHAR(255) NOT NULL,
    instructor VARCHAR(255) NOT NULL
);
\"\"\")

# 插入5条明确的模拟记录
timetable = [
    ('2024-01-23', '20:00', '22:00', 'aaaaa', '张三'),
    ('2024-01-25', '20:00', '22:00', 'bbbbbbbb', '张三'),
    ('2024-01-29', '20:00', '22:00', 'ccccc', '张三'),
    ('2024-02-20', '20:00', '22:00', 'dddddd', '张三'),
    ('2024-02-22', '20:00', '22:00', 'eeeeeee', '李四'),
]
for record in timetable:
    cursor.execute('''
    INSERT INTO Courses (course_date, start_time, end_time, course_name, instructor)
    VALUES (?, ?, ?, ?, ?)''', record)

# 提交事务
conn.commit()

def ask_database(query):
    cursor.execute(query)
    records = cursor.fetchall()
    return str(records)

# 可以被回调的函数放入此字典
available_functions = {
    "ask_database": ask_database,
}
""",
    ),
    (
        "md",
        {
            "en": """
Try it by hand first. Its output is a string, because a tool output is always text:
""",
            "zh-CN": """
先手动试一下。它的输出是字符串，因为工具输出总是文本：
""",
        },
    ),
    (
        "code",
        """
print(ask_database("SELECT id, course_date, instructor FROM Courses"))
""",
    ),
    (
        "md",
        {
            "en": """
(`id` is `None`: in SQLite only a column declared exactly `INTEGER PRIMARY KEY` numbers itself, and `INT
AUTO_INCREMENT` is MySQL's spelling. The questions below never need it.)

## The loop by polling: `requires_action` → run the function → submit the outputs

Ask something the assistant can only answer from the database, and wait for the run as usual:
""",
            "zh-CN": """
（`id` 是 `None`：在 SQLite 里，只有声明为 `INTEGER PRIMARY KEY` 的列才会自动编号，`INT AUTO_INCREMENT` 是 MySQL 的写法。下面的问题都用不到它。）

## 轮询方式的循环：`requires_action` → 执行函数 → 提交输出

问一个只有查数据库才能回答的问题，像往常一样等待运行：
""",
        },
    ),
    (
        "code",
        """
thread = client.beta.threads.create()
client.beta.threads.messages.create(thread_id=thread.id, role="user", content="平均一堂课多长时间")

run = client.beta.threads.runs.create_and_poll(thread_id=thread.id, assistant_id=assistant.id)
print(run.status)
show_json(run.required_action)
""",
    ),
    (
        "md",
        {
            "en": """
The run did not finish: it stopped in `requires_action`. `required_action.submit_tool_outputs.tool_calls` lists
what the model wants called. Each call has an `id`, the function's `name`, and its `arguments` as a **JSON
string**: parse it, then call your function with it. `create_and_poll` returns here because the run cannot move
on by itself.

Run each call and collect one output per call id:
""",
            "zh-CN": """
运行没有结束：它停在了 `requires_action`。`required_action.submit_tool_outputs.tool_calls` 列出模型想要的调用。每个调用都有 `id`、函数名 `name`，以及 **JSON 字符串**形式的 `arguments`：先解析它，再用它调用你的函数。`create_and_poll` 在这里返回，因为运行自己无法继续。

执行每个调用，按调用 id 收集各自的输出：
""",
        },
    ),
    (
        "code",
        """
import json

tool_outputs = []
for tool_call in run.required_action.submit_tool_outputs.tool_calls:
    arguments = json.loads(tool_call.function.arguments)
    output = available_functions[tool_call.function.name](**arguments)
    print(f"{tool_call.function.name}({arguments}) -> {output}")
    tool_outputs.append({"tool_call_id": tool_call.id, "output": output})
""",
    ),
    (
        "md",
        {
            "en": """
Send all the outputs in one request. The run goes back to `queued`, runs on, and the model answers from what
your function returned; `submit_tool_outputs_and_poll` waits for that:
""",
            "zh-CN": """
用一个请求提交所有输出。运行回到 `queued`，继续往下走，模型根据你的函数返回的结果作答；`submit_tool_outputs_and_poll` 会等到这一切结束：
""",
        },
    ),
    (
        "code",
        """
run = client.beta.threads.runs.submit_tool_outputs_and_poll(
    thread_id=thread.id, run_id=run.id, tool_outputs=tool_outputs
)
print(run.status)
reply = client.beta.threads.messages.list(thread_id=thread.id, run_id=run.id).data[0]
print(reply.content[0].text.value)
""",
    ),
    (
        "md",
        {
            "en": """
The run's steps record the whole exchange: a `tool_calls` step that now holds each call **with its output**,
then the `message_creation` step that wrote the answer.
""",
            "zh-CN": """
运行步骤记录了整个往来：一个 `tool_calls` 步骤，现在每个调用都**带着它的输出**；然后是写回答的 `message_creation` 步骤。
""",
        },
    ),
    (
        "code",
        """
steps = client.beta.threads.runs.steps.list(thread_id=thread.id, run_id=run.id, order="asc")
for step in steps:
    print(step.type, step.status)
show_json(steps.data[0].step_details.tool_calls[0].function)
""",
    ),
    (
        "md",
        {
            "en": """
## The same loop while streaming

The original lesson's event handler. Besides printing text and tool calls as they arrive, it overrides
`on_event`: when the event is `thread.run.requires_action` it runs the functions and submits their outputs with
`submit_tool_outputs_stream`, which streams the rest of the run into a fresh `EventHandler`. It uses the globals
`client`, `available_functions` and `json` defined above.
""",
            "zh-CN": """
## 流式运行中的同一个循环

原课程的事件处理器。除了在文字和工具调用到达时打印它们，它还重写了 `on_event`：当事件是 `thread.run.requires_action` 时，执行函数并用 `submit_tool_outputs_stream` 提交输出，后者把运行的剩余部分以流式交给一个新的 `EventHandler`。它用到了上面定义的全局变量 `client`、`available_functions` 和 `json`。
""",
        },
    ),
    (
        "code",
        """
from typing_extensions import override
from openai import AssistantEventHandler


class EventHandler(AssistantEventHandler):
    @override
    def on_text_created(self, text) -> None:
        \"\"\"响应回复创建事件\"\"\"
        print(f"\\nassistant > ", end="", flush=True)

    @override
    def on_text_delta(self, delta, snapshot):
        \"\"\"响应输出生成的流片段\"\"\"
        print(delta.value, end="", flush=True)

    @override
    def on_tool_call_created(self, tool_call):
        \"\"\"响应工具调用\"\"\"
        print(f"\\nassistant > {tool_call.type}\\n", flush=True)

    @override
    def on_tool_call_delta(self, delta, snapshot):
        \"\"\"响应工具调用的流片段\"\"\"
        if delta.type == 'code_interpreter':
            if delta.code_interpreter.input:
                print(delta.code_interpreter.input, end="", flush=True)
            if delta.code_interpreter.outputs:
                print(f"\\n\\noutput >", flush=True)
                for output in delta.code_interpreter.outputs:
                    if output.type == "logs":
                        print(f"\\n{output.logs}", flush=True)

    @override
    def on_event(self, event):
        \"\"\"响应 'requires_action' 事件\"\"\"
        if event.event == 'thread.run.requires_action':
            run_id = event.data.id  # 获取 run ID
            self.handle_requires_action(event.data, run_id)

    def handle_requires_action(self, data, run_id):
        tool_outputs = []

        for tool in data.required_action.submit_tool_outputs.tool_calls:
            arguments = json.loads(tool.function.arguments)
            print(
                f"{tool.function.name}({arguments})",
                flush=True
            )
            # 运行 function
            tool_outputs.append({
                "tool_call_id": tool.id,
                "output": available_functions[tool.function.name](
                    **arguments
                )}
            )

        # 提交 function 的结果,并继续运行 run
        self.submit_tool_outputs(tool_outputs, run_id)

    def submit_tool_outputs(self, tool_outputs, run_id):
        \"\"\"提交function结果,并继续流\"\"\"
        with client.beta.threads.runs.submit_tool_outputs_stream(
            thread_id=self.current_run.thread_id,
            run_id=self.current_run.id,
            tool_outputs=tool_outputs,
            event_handler=EventHandler(),
        ) as stream:
            stream.until_done()
""",
    ),
    (
        "md",
        {
            "en": """
The original lesson's first question, streamed:
""",
            "zh-CN": """
原课程的第一个问题，以流式运行：
""",
        },
    ),
    (
        "code",
        """
# 创建 thread
thread = client.beta.threads.create()

# 添加 user message
message = client.beta.threads.messages.create(
    thread_id=thread.id,
    role="user",
    content="平均一堂课多长时间",
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
Read the output from the top: `function` is the tool call being created (printed by `on_tool_call_created`);
the `ask_database(...)` line is `handle_requires_action` running it; after `assistant >` comes the answer,
streamed by the second handler once the outputs were in.

The first stream ends at `thread.run.requires_action` (the run is waiting, so nothing more can come);
`submit_tool_outputs_stream` opens a second stream that starts with the completed `tool_calls` step and ends with
`thread.run.completed`.

## Parallel calls: two independent questions in one step

Two functions that do not depend on each other are called together, in one request (两个无依赖的 function 会在一次请求中一起被调用). When the answer needs several lookups that do not depend on each
other, the model asks for all of them at once: one `requires_action`, two tool calls, one submission with both
outputs.
""",
            "zh-CN": """
从上往下读输出：`function` 是正在创建的工具调用（由 `on_tool_call_created` 打印）；`ask_database(...)` 那一行是 `handle_requires_action` 在执行它；`assistant >` 之后是回答，在输出提交之后由第二个处理器流式打印。

第一个流在 `thread.run.requires_action` 结束（运行在等待，不会再有别的事件）；`submit_tool_outputs_stream` 打开第二个流，它从完成的 `tool_calls` 步骤开始，以 `thread.run.completed` 结束。

## 并行调用：一步里的两个独立问题

两个无依赖的 function 会在一次请求中一起被调用。当回答需要几次互不依赖的查询时，模型会一次全部请求：一次 `requires_action`，两个工具调用，一次提交两个输出。
""",
        },
    ),
    (
        "code",
        """
# 创建 thread
thread = client.beta.threads.create()

# 添加 user message
message = client.beta.threads.messages.create(
    thread_id=thread.id,
    role="user",
    content="张三上几堂课,比李四多上几堂",
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
Two `function` lines, two `ask_database(...)` calls, then one answer that combines both outputs: 4 and 1, so 3
more.

The answer is only as good as the outputs: the model computes from what you submit, not from your database.
Submit other numbers and the answer changes. Here by polling, with made-up outputs:
""",
            "zh-CN": """
两行 `function`，两次 `ask_database(...)` 调用，然后是一个综合两个输出的回答：4 和 1，所以多 3 堂。

回答的好坏取决于输出：模型根据你提交的内容计算，而不是根据你的数据库。提交别的数字，回答就会改变。下面用轮询方式，提交编造的输出：
""",
        },
    ),
    (
        "code",
        """
thread = client.beta.threads.create(messages=[{"role": "user", "content": "张三上几堂课,比李四多上几堂"}])
run = client.beta.threads.runs.create_and_poll(thread_id=thread.id, assistant_id=assistant.id)
calls = run.required_action.submit_tool_outputs.tool_calls
print(len(calls), "calls")

run = client.beta.threads.runs.submit_tool_outputs_and_poll(
    thread_id=thread.id,
    run_id=run.id,
    tool_outputs=[
        {"tool_call_id": calls[0].id, "output": "[(2,)]"},
        {"tool_call_id": calls[1].id, "output": "[(7,)]"},
    ],
)
print(client.beta.threads.messages.list(thread_id=thread.id, run_id=run.id).data[0].content[0].text.value)
""",
    ),
    (
        "md",
        {
            "en": """
### One call per step: `parallel_tool_calls=False`

A run created with `parallel_tool_calls=False` gets at most one call per step, so the same question takes two
rounds of `requires_action`. A loop that keeps answering while the run asks handles both cases:
""",
            "zh-CN": """
### 每步一个调用：`parallel_tool_calls=False`

用 `parallel_tool_calls=False` 创建的运行每步最多一个调用，所以同一个问题要经过两轮 `requires_action`。写成循环，只要运行还在请求调用就继续提交输出，两种情况就都能处理：
""",
        },
    ),
    (
        "code",
        {"en": """
def run_until_done(run):
    \"\"\"Answer every requires_action of a run, by polling, until it stops.\"\"\"
    while run.status == "requires_action":
        tool_calls = run.required_action.submit_tool_outputs.tool_calls
        print(f"requires_action: {len(tool_calls)} call(s)")
        tool_outputs = []
        for tool_call in tool_calls:
            arguments = json.loads(tool_call.function.arguments)
            print(f"  {tool_call.function.name}({arguments})")
            tool_outputs.append({"tool_call_id": tool_call.id, "output": available_functions[tool_call.function.name](**arguments)})
        run = client.beta.threads.runs.submit_tool_outputs_and_poll(thread_id=run.thread_id, run_id=run.id, tool_outputs=tool_outputs)
    return run


thread = client.beta.threads.create(messages=[{"role": "user", "content": "张三上几堂课,比李四多上几堂"}])
run = client.beta.threads.runs.create_and_poll(thread_id=thread.id, assistant_id=assistant.id, parallel_tool_calls=False)
run = run_until_done(run)
print(run.status)
print(client.beta.threads.messages.list(thread_id=thread.id, run_id=run.id).data[0].content[0].text.value)
""", "zh-CN": """
def run_until_done(run):
    \"\"\"Answer every requires_action of a run, by polling, until it stops.\"\"\"
    while run.status == "requires_action":
        tool_calls = run.required_action.submit_tool_outputs.tool_calls
        print(f"requires_action：{len(tool_calls)} 个调用")
        tool_outputs = []
        for tool_call in tool_calls:
            arguments = json.loads(tool_call.function.arguments)
            print(f"  {tool_call.function.name}({arguments})")
            tool_outputs.append({"tool_call_id": tool_call.id, "output": available_functions[tool_call.function.name](**arguments)})
        run = client.beta.threads.runs.submit_tool_outputs_and_poll(thread_id=run.thread_id, run_id=run.id, tool_outputs=tool_outputs)
    return run


thread = client.beta.threads.create(messages=[{"role": "user", "content": "张三上几堂课,比李四多上几堂"}])
run = client.beta.threads.runs.create_and_poll(thread_id=thread.id, assistant_id=assistant.id, parallel_tool_calls=False)
run = run_until_done(run)
print(run.status)
print(client.beta.threads.messages.list(thread_id=thread.id, run_id=run.id).data[0].content[0].text.value)
"""},
    ),
    (
        "md",
        {
            "en": """
## Steering with `tool_choice`

By default (`"auto"`) the model decides whether to call a function. A run can override that:

| `tool_choice` | the model |
|---|---|
| `"auto"` | calls a function when it helps, answers in text otherwise |
| `"none"` | never calls a tool, answers in text |
| `"required"` | must call at least one tool |
| `{"type": "function", "function": {"name": "ask_database"}}` | must call that function |

With `"none"` the same question gets words, not a call:
""",
            "zh-CN": """
## 用 `tool_choice` 引导模型

默认情况下（`"auto"`）由模型决定是否调用函数。单次运行可以覆盖这一点：

| `tool_choice` | 模型 |
|---|---|
| `"auto"` | 有帮助时调用函数，否则用文字回答 |
| `"none"` | 从不调用工具，用文字回答 |
| `"required"` | 必须至少调用一个工具 |
| `{"type": "function", "function": {"name": "ask_database"}}` | 必须调用这个函数 |

设为 `"none"` 时，同样的问题得到的是文字，而不是调用：
""",
        },
    ),
    (
        "code",
        """
thread = client.beta.threads.create(messages=[{"role": "user", "content": "张三上几堂课,比李四多上几堂"}])
run = client.beta.threads.runs.create_and_poll(thread_id=thread.id, assistant_id=assistant.id, tool_choice="none")
print(run.status)
print(client.beta.threads.messages.list(thread_id=thread.id).data[0].content[0].text.value)
""",
    ),
    (
        "md",
        {
            "en": """
(That reply, which names the setting, is the scripted model's; a real model just answered as best it could
without the tool.)

Naming the function forces a call even for a question that does not need one. (The offline simulator then asks
for the whole timetable, a query that runs on this table; a real model would write its own.)
""",
            "zh-CN": """
（这条直接点出设置的回复来自脚本模型；真实模型只会在不能用工具的情况下尽力作答。）

指定函数名会强制调用，即使问题并不需要它。（离线模拟器这时会查询整张课程表，这个查询能在这张表上运行；真实模型会自己写查询。）
""",
        },
    ),
    (
        "code",
        """
thread = client.beta.threads.create(messages=[{"role": "user", "content": "你是谁"}])
run = client.beta.threads.runs.create_and_poll(
    thread_id=thread.id,
    assistant_id=assistant.id,
    tool_choice={"type": "function", "function": {"name": "ask_database"}},
)
print(run.status, [call.function.name for call in run.required_action.submit_tool_outputs.tool_calls])
run = run_until_done(run)
print(client.beta.threads.messages.list(thread_id=thread.id, run_id=run.id).data[0].content[0].text.value)
""",
    ),
    (
        "md",
        {
            "en": """
## What a wrong submission gets

The API checks a submission before it touches the run: the run must be in `requires_action`, every call must get
exactly one output, and each `tool_call_id` must be one the run asked for. Anything else is a 400 and the run keeps
waiting, so you can fix the request and send it again.
""",
            "zh-CN": """
## 错误的提交会得到什么

API 先检查提交的内容，再去动运行：运行必须处于 `requires_action`，每个调用必须恰好有一个输出，每个 `tool_call_id` 必须是运行请求过的。否则就是 400，运行继续等待，你可以修正请求后重新发送。
""",
        },
    ),
    (
        "code",
        {"en": """
import openai

thread = client.beta.threads.create(messages=[{"role": "user", "content": "张三上几堂课,比李四多上几堂"}])
run = client.beta.threads.runs.create_and_poll(thread_id=thread.id, assistant_id=assistant.id)
first, second = run.required_action.submit_tool_outputs.tool_calls

for wrong in (
    [{"tool_call_id": first.id, "output": "[(4,)]"}],                                              # one output missing
    [{"tool_call_id": "call_made_up", "output": "[(4,)]"}, {"tool_call_id": second.id, "output": "[(1,)]"}],  # unknown id
):
    try:
        client.beta.threads.runs.submit_tool_outputs(thread_id=thread.id, run_id=run.id, tool_outputs=wrong)
    except openai.BadRequestError as e:
        print(e.status_code, e.body["message"])

print(client.beta.threads.runs.retrieve(thread_id=thread.id, run_id=run.id).status)
""", "zh-CN": """
import openai

thread = client.beta.threads.create(messages=[{"role": "user", "content": "张三上几堂课,比李四多上几堂"}])
run = client.beta.threads.runs.create_and_poll(thread_id=thread.id, assistant_id=assistant.id)
first, second = run.required_action.submit_tool_outputs.tool_calls

for wrong in (
    [{"tool_call_id": first.id, "output": "[(4,)]"}],                                              # 少了一个输出
    [{"tool_call_id": "call_made_up", "output": "[(4,)]"}, {"tool_call_id": second.id, "output": "[(1,)]"}],  # 未知的 id
):
    try:
        client.beta.threads.runs.submit_tool_outputs(thread_id=thread.id, run_id=run.id, tool_outputs=wrong)
    except openai.BadRequestError as e:
        print(e.status_code, e.body["message"])

print(client.beta.threads.runs.retrieve(thread_id=thread.id, run_id=run.id).status)
"""},
    ),
    (
        "md",
        {
            "en": """
Once the run has moved on, it accepts no more outputs:
""",
            "zh-CN": """
运行一旦继续往下走，就不再接受输出：
""",
        },
    ),
    (
        "code",
        """
right = [{"tool_call_id": first.id, "output": "[(4,)]"}, {"tool_call_id": second.id, "output": "[(1,)]"}]
run = client.beta.threads.runs.submit_tool_outputs_and_poll(thread_id=thread.id, run_id=run.id, tool_outputs=right)
print(run.status)
try:
    client.beta.threads.runs.submit_tool_outputs(thread_id=thread.id, run_id=run.id, tool_outputs=right)
except openai.BadRequestError as e:
    print(e.status_code, e.body["message"])
""",
    ),
    (
        "md",
        {
            "en": """
A run does not wait forever either. `expires_at` is its deadline, ten minutes after it was created: a run still in
`requires_action` then becomes `expired`, and its thread is free for a new run.
""",
            "zh-CN": """
运行也不会永远等下去。`expires_at` 是它的截止时间，创建后十分钟：到那时仍处于 `requires_action` 的运行会变成 `expired`，它的线程就可以开始新的运行了。
""",
        },
    ),
    (
        "code",
        {"en": """
print(run.expires_at)  # None: a finished run has no deadline any more
waiting = client.beta.threads.runs.create_and_poll(
    thread_id=client.beta.threads.create(messages=[{"role": "user", "content": "平均一堂课多长时间"}]).id,
    assistant_id=assistant.id,
)
print(waiting.status, "for at most", waiting.expires_at - waiting.created_at, "seconds")
_ = client.beta.threads.runs.cancel(thread_id=waiting.thread_id, run_id=waiting.id)  # or let it expire
""", "zh-CN": """
print(run.expires_at)  # None：结束的运行不再有截止时间
waiting = client.beta.threads.runs.create_and_poll(
    thread_id=client.beta.threads.create(messages=[{"role": "user", "content": "平均一堂课多长时间"}]).id,
    assistant_id=assistant.id,
)
print(waiting.status, "最多等", waiting.expires_at - waiting.created_at, "秒")
_ = client.beta.threads.runs.cancel(thread_id=waiting.thread_id, run_id=waiting.id)  # 或者等它过期
"""},
    ),
    (
        "md",
        {
            "en": """
## Running SQL a model wrote, safely

`ask_database` executes whatever the model wrote. A model can be talked into writing `DROP TABLE` or `UPDATE`
(a user only has to ask for it), so never run its SQL with rights you would not give that user. Two ways with
SQLite:

**Open the database read-only.** With a URI, `mode=ro` makes SQLite itself refuse every write. (An in-memory
database cannot be opened twice, so this example keeps the timetable in a file.)
""",
            "zh-CN": """
## 安全地运行模型写的 SQL

`ask_database` 会执行模型写的任何东西。模型可能被说服去写 `DROP TABLE` 或 `UPDATE`（用户只要开口要求就行），所以模型写的 SQL 拥有的权限，绝不能超过你愿意交给那位用户的权限。在 SQLite 里有两种办法：

**以只读方式打开数据库。** 用 URI 加 `mode=ro`，SQLite 本身就会拒绝一切写操作。（内存数据库不能打开两次，所以这个例子把课程表放在一个文件里。）
""",
        },
    ),
    (
        "code",
        {"en": """
import os
import tempfile

path = os.path.join(tempfile.mkdtemp(), "courses.db")
with sqlite3.connect(path) as writer:                 # the application's own connection writes the data
    conn.backup(writer)                               # here: a copy of the in-memory timetable

readonly = sqlite3.connect(f"file:{path}?mode=ro", uri=True)   # the model's SQL only ever gets this one

def ask_database_readonly(query):
    try:
        return str(readonly.execute(query).fetchall())
    except sqlite3.Error as e:
        return f"SQL error: {e}"   # the model gets the error as its output, and can try again

print(ask_database_readonly("SELECT COUNT(*) FROM Courses"))
print(ask_database_readonly("DROP TABLE Courses"))
print(ask_database_readonly("SELECT COUNT(*) FROM Courses"))
""", "zh-CN": """
import os
import tempfile

path = os.path.join(tempfile.mkdtemp(), "courses.db")
with sqlite3.connect(path) as writer:                 # 应用自己的连接负责写入数据
    conn.backup(writer)                               # 这里：复制一份内存里的课程表

readonly = sqlite3.connect(f"file:{path}?mode=ro", uri=True)   # 模型写的 SQL 只能用这个连接

def ask_database_readonly(query):
    try:
        return str(readonly.execute(query).fetchall())
    except sqlite3.Error as e:
        return f"SQL error: {e}"   # 模型把错误当作输出收到，可以再试一次

print(ask_database_readonly("SELECT COUNT(*) FROM Courses"))
print(ask_database_readonly("DROP TABLE Courses"))
print(ask_database_readonly("SELECT COUNT(*) FROM Courses"))
"""},
    ),
    (
        "md",
        {
            "en": """
Returning the error as the output, instead of raising, matters in a run: the run is waiting for an output, and
an exception in your handler would leave it waiting until it expires.

**Or allow only reading, with an authorizer.** `set_authorizer` asks your callback about every action a statement
would take; here only reads pass, on the original in-memory connection:
""",
            "zh-CN": """
把错误作为输出返回而不是抛出异常，这在运行中很重要：运行在等一个输出，处理器里的异常会让它一直等到过期。

**或者用授权回调（authorizer）只允许读取。** `set_authorizer` 会就语句要执行的每个动作询问你的回调；这里在原来的内存连接上只放行读操作：
""",
        },
    ),
    (
        "code",
        {"en": """
READ_ONLY = {sqlite3.SQLITE_SELECT, sqlite3.SQLITE_READ, sqlite3.SQLITE_FUNCTION}

def only_reads(action, arg1, arg2, db_name, trigger):
    return sqlite3.SQLITE_OK if action in READ_ONLY else sqlite3.SQLITE_DENY

conn.set_authorizer(only_reads)
for query in ("SELECT instructor, COUNT(*) FROM Courses GROUP BY instructor", "DELETE FROM Courses"):
    try:
        print(ask_database(query))
    except sqlite3.DatabaseError as e:
        print("refused:", e)
conn.set_authorizer(None)
""", "zh-CN": """
READ_ONLY = {sqlite3.SQLITE_SELECT, sqlite3.SQLITE_READ, sqlite3.SQLITE_FUNCTION}

def only_reads(action, arg1, arg2, db_name, trigger):
    return sqlite3.SQLITE_OK if action in READ_ONLY else sqlite3.SQLITE_DENY

conn.set_authorizer(only_reads)
for query in ("SELECT instructor, COUNT(*) FROM Courses GROUP BY instructor", "DELETE FROM Courses"):
    try:
        print(ask_database(query))
    except sqlite3.DatabaseError as e:
        print("被拒绝：", e)
conn.set_authorizer(None)
"""},
    ),
    (
        "md",
        {
            "en": """
Either way, also keep secrets out of the database the model can read, and limit what a query may cost (a
`LIMIT`, or `conn.set_progress_handler` to stop long queries).
""",
            "zh-CN": """
无论用哪种办法，都还要让模型能读的数据库里不含机密，并限制一次查询的开销（加 `LIMIT`，或用 `conn.set_progress_handler` 停止耗时太长的查询）。
""",
        },
    ),
    (
        "md",
        {
            "en": """
## Recap

- Declare functions in the assistant's `tools` with a `description` (when to call) and a JSON schema
  `parameters` (how).
- A run that wants a function stops in `requires_action`; `required_action.submit_tool_outputs.tool_calls` lists
  the calls, each with an `id`, a `name` and JSON `arguments`.
- You run them and send every output at once with `submit_tool_outputs_and_poll`, or `submit_tool_outputs_stream`
  from an event handler's `on_event`; the run continues and answers from your outputs.
- Independent calls arrive together in one step; `parallel_tool_calls=False` makes it one per step, so loop
  while the run is in `requires_action`.
- `tool_choice` is `"auto"`, `"none"`, `"required"` or one named function.
- Outputs must answer each call exactly once while the run waits; a wrong submission is a 400 that changes
  nothing, and a run left waiting expires at `expires_at`.
- Run model-written SQL on a read-only connection (or behind an authorizer), and send errors back as outputs.

`helpers.FunctionCallingEventHandler(client, available_functions)` packages the streaming handler above for
reuse.

**Where this lesson relies on the simulator:** its scripted model knows the course's questions about the
timetable (which SQL to write, and how to answer from your outputs). For a function of your own it chooses by
meaning: the closer the question is to the function's name, description and parameter names (helped by a small
bilingual vocabulary of the course's domains), the likelier the call; string arguments are taken from the question
where they are there (`北京` from `北京今天天气怎么样?`), else the question itself; the reply then quotes what your
function returned.
""",
            "zh-CN": """
## 小结

- 在助手的 `tools` 里声明函数，写上 `description`（何时调用）和 JSON schema 形式的 `parameters`（怎样调用）。
- 想调用函数的运行会停在 `requires_action`；`required_action.submit_tool_outputs.tool_calls` 列出各个调用，每个都有 `id`、`name` 和 JSON 格式的 `arguments`。
- 你执行它们，用 `submit_tool_outputs_and_poll` 一次提交所有输出，或者在事件处理器的 `on_event` 里用 `submit_tool_outputs_stream` 提交；运行继续，并根据你的输出作答。
- 独立的调用在同一步里一起到达；`parallel_tool_calls=False` 让每步只有一个，所以要在运行处于 `requires_action` 时循环处理。
- `tool_choice` 可以是 `"auto"`、`"none"`、`"required"` 或指定的某个函数。
- 输出必须在运行等待期间为每个调用恰好提交一次；错误的提交会得到 400，什么也不改变；一直等着的运行会在 `expires_at` 过期。
- 用只读连接（或授权回调）运行模型写的 SQL，并把错误作为输出交回去。

`helpers.FunctionCallingEventHandler(client, available_functions)` 把上面的流式处理器打包好，方便复用。

**本课哪些地方依赖模拟器：** 脚本模型认识课程里关于课程表的问题（该写什么 SQL，以及怎样根据你的输出作答）。对于你自己的函数，它按意思挑选：问题和函数名、description、参数名（还有一张课程常用领域的中英词表）越贴近，越会调用；字符串参数尽量从问题里取（`北京今天天气怎么样？` 里的 `北京`），取不到时才填上问题原文；随后的回复会引用你的函数返回的内容。
""",
        },
    ),
    (
        "md",
        {
            "en": """
## Exercises

Each exercise has a cell for your code (replace the `None`), then a **check**. The checks retrieve your
assistant, run and run steps through the API (or call your function), and say what is right, what is missing, and
a hint. Run a check as often as you like; open the hints one at a time if you are stuck.

The exercises use a copy of 瓜瓜 of their own, `guagua`, with the same instructions and function. The clean-up at
the end leaves it alone, so you can come back to the exercises after running the whole notebook:
""",
            "zh-CN": """
## 练习

每个练习都有一个写代码的单元格（把 `None` 换成你的代码），后面跟一个**检查**。检查会通过 API 取回你的助手、运行和运行步骤（或调用你的函数），告诉你哪些做对了、还缺什么，并给出提示。可以反复运行；卡住了就一个一个打开提示。

练习使用它们自己的瓜瓜副本 `guagua`，指令和函数都一样。最后的清理不会删除它，所以运行完整个 notebook 之后，仍然可以回来做练习：
""",
        },
    ),
    (
        "code",
        """
guagua = client.beta.assistants.create(
    name="瓜瓜",
    instructions=assistant.instructions,
    model="gpt-4o",
    tools=[{"type": "function", "function": assistant.tools[0].function.model_dump(exclude_none=True)}],
)
""",
    ),
    *exercise(
        {
            "en": """
### Exercise 07.1 · Predict: a run left waiting

A run of `guagua` stopped in `requires_action`. You send nothing, wait a moment, and retrieve it again. What is
its status?

- **a** still `requires_action`: it waits for you
- **b** `in_progress`: the model goes on without the output
- **c** `failed`: no output was sent

Write your letter in `my_prediction` **before running anything**. Then find out: ask `guagua` `李四上几堂课` on a new
thread, start the run with `create_and_poll`, wait a second (`time.sleep(1)`), retrieve the run again and keep it
in `waiting`. Do not submit anything.
""",
            "zh-CN": """
### 练习 07.1 · 预测：被晾着的运行

`guagua` 的一次运行停在了 `requires_action`。你什么都不提交，等一会儿，再取回它。它的状态是什么？

- **a** 还是 `requires_action`：它在等你
- **b** `in_progress`：模型不等输出，自己继续
- **c** `failed`：因为没有提交输出

**什么都别运行**，先把你选的字母写进 `my_prediction`。然后验证：在一个新线程上向 `guagua` 问“李四上几堂课”，用 `create_and_poll` 启动运行，等一秒（`time.sleep(1)`），再取回这个运行，存进 `waiting`。什么都不要提交。
""",
        },
        {"en": """
my_prediction = None  # "a", "b" or "c"
waiting = None
""", "zh-CN": """
my_prediction = None  # "a"、"b" 或 "c"
waiting = None
"""},
        """
from helpers.checks.function_calling import check_waiting_prediction

check_waiting_prediction(client, my_prediction, waiting)
""",
        """
import time

my_prediction = "a"
left = client.beta.threads.create(messages=[{"role": "user", "content": "李四上几堂课"}])
waiting = client.beta.threads.runs.create_and_poll(thread_id=left.id, assistant_id=guagua.id)
time.sleep(1)
waiting = client.beta.threads.runs.retrieve(run_id=waiting.id, thread_id=left.id)
print(waiting.status, waiting.expires_at)
""",
        hints=[
            {"en": "Who can run `ask_database`: the model, the API, or your code?", "zh-CN": "谁能执行 `ask_database`：模型、API，还是你的代码？"},
            {"en": "`runs.retrieve(run_id=..., thread_id=...)` gets the run as it is now; `expires_at` says how long it will wait.", "zh-CN": "`runs.retrieve(run_id=..., thread_id=...)` 取回运行现在的样子；`expires_at` 说明它会等多久。"},
        ],
    ),
    *exercise(
        {
            "en": """
### Exercise 07.2 · Build: one round trip by polling

Ask `guagua` `李四上几堂课` on a new thread. The run stops in `requires_action`: run each call on the timetable,
submit the outputs, and wait for the run to complete. Keep the finished run in `my_run`. The check reads the run's
steps: the calls, the outputs you sent (it runs the SQL too, and compares), and the answer.
""",
            "zh-CN": """
### 练习 07.2 · 动手做：用轮询完成一次往返

在一个新线程上向 `guagua` 问“李四上几堂课”。运行会停在 `requires_action`：在课表上执行每一次调用，提交输出，再等运行完成。把结束的运行存进 `my_run`。检查会读取运行步骤：调用、你提交的输出（它也会执行那条 SQL 来对比），以及回答。
""",
        },
        "my_run = None",
        """
from helpers.checks.function_calling import check_round_trip

check_round_trip(client, my_run)
""",
        """
my_thread = client.beta.threads.create(messages=[{"role": "user", "content": "李四上几堂课"}])
my_run = client.beta.threads.runs.create_and_poll(thread_id=my_thread.id, assistant_id=guagua.id)
print(my_run.status)
outputs = []
for call in my_run.required_action.submit_tool_outputs.tool_calls:
    arguments = json.loads(call.function.arguments)
    outputs.append({"tool_call_id": call.id, "output": available_functions[call.function.name](**arguments)})
my_run = client.beta.threads.runs.submit_tool_outputs_and_poll(thread_id=my_thread.id, run_id=my_run.id, tool_outputs=outputs)
print(my_run.status)
print(client.beta.threads.messages.list(thread_id=my_thread.id, run_id=my_run.id).data[0].content[0].text.value)
""",
        hints=[
            {"en": "The section \"The loop by polling\" did it for another question, with the same functions.", "zh-CN": "“轮询方式的循环”一节针对另一个问题做过一遍，用的是同样的函数。"},
            {"en": "One `{\"tool_call_id\": call.id, \"output\": ...}` per call, where the output is what `available_functions[name](**json.loads(arguments))` returned; then `submit_tool_outputs_and_poll`.", "zh-CN": "每次调用一个 `{\"tool_call_id\": call.id, \"output\": ...}`，输出是 `available_functions[name](**json.loads(arguments))` 的返回值；然后调用 `submit_tool_outputs_and_poll`。"},
        ],
    ),
    *exercise(
        {
            "en": """
### Exercise 07.3 · Build: a weather assistant, end to end

Create an assistant with a function `get_weather` (taking a required `city`), write `get_weather(city)` on your
side (it may return made-up weather as a JSON string), then ask it `北京今天天气怎么样?` on a new thread `my_thread`,
**streaming**, with a handler that runs your function when the run asks for it: your own, or
`helpers.FunctionCallingEventHandler(client, {...})`. The check looks for a completed run that called
`get_weather` with a `city` and got your output.

(The scripted model picks `city` out of the question, as a real model would: it passes `北京`.)
""",
            "zh-CN": """
### 练习 07.3 · 动手做：完整的天气助手

创建一个带函数 `get_weather`（接收必填参数 `city`）的助手，在你这边写好 `get_weather(city)`（可以返回编造的天气，格式为 JSON 字符串），然后在一个新线程 `my_thread` 上以**流式**方式问它 `北京今天天气怎么样?`，并用一个处理器在运行请求时执行你的函数：自己写的，或者 `helpers.FunctionCallingEventHandler(client, {...})`。检查会寻找一次已完成的运行：它带着 `city` 调用了 `get_weather`，并拿到了你的输出。

（脚本模型会像真实模型一样从问题里取出 `city`：它传的是 `北京`。）
""",
        },
        {"en": """
def get_weather(city):
    ...  # return made-up weather as a JSON string (json.dumps)


my_thread = None
""", "zh-CN": """
def get_weather(city):
    ...  # 返回编造的天气，格式为 JSON 字符串（json.dumps）


my_thread = None
"""},
        """
from helpers.checks.function_calling import check_weather_run

check_weather_run(client, my_thread)
""",
        """
from helpers import FunctionCallingEventHandler


def get_weather(city):
    return json.dumps({"city": city, "weather": "晴", "temperature_c": 25}, ensure_ascii=False)


forecaster = client.beta.assistants.create(
    name="天气助手",
    instructions="你是天气助手。回答天气问题之前,先调用 get_weather 查询。",
    model="gpt-4o",
    tools=[{"type": "function", "function": {
        "name": "get_weather",
        "description": "查询一个城市今天的天气",
        "parameters": {"type": "object", "properties": {"city": {"type": "string"}}, "required": ["city"]},
    }}],
)
my_thread = client.beta.threads.create(messages=[{"role": "user", "content": "北京今天天气怎么样?"}])
with client.beta.threads.runs.stream(
    thread_id=my_thread.id,
    assistant_id=forecaster.id,
    event_handler=FunctionCallingEventHandler(client, {"get_weather": get_weather}),
) as stream:
    stream.until_done()
""",
        hints=[
            {"en": "Three parts: the declaration (on the assistant), the function (in your code), and the loop that connects them (in a handler).", "zh-CN": "三个部分：声明（在助手上）、函数（在你的代码里），以及把两者连起来的循环（在处理器里）。"},
            {"en": "\"The same loop while streaming\" shows the handler; `FunctionCallingEventHandler(client, {\"get_weather\": get_weather})` is that handler, ready made.", "zh-CN": "“流式运行时的同一个循环”一节展示了这个处理器；`FunctionCallingEventHandler(client, {\"get_weather\": get_weather})` 就是现成的版本。"},
        ],
    ),
    *exercise(
        {
            "en": """
### Exercise 07.4 · Modify: a unit for the weather

The cell below declares `get_weather(city)`. Users abroad want Fahrenheit. Change the declaration so that the model
must also send a `unit`, which is either `"celsius"` or `"fahrenheit"` and nothing else. The check asks your
assistant about the weather and looks at the arguments the model sends.
""",
            "zh-CN": """
### 练习 07.4 · 改一改：给天气加上单位

下面的单元格声明了 `get_weather(city)`。海外用户想看华氏度。改写这个声明，让模型还必须传一个 `unit`，它只能是 `"celsius"` 或 `"fahrenheit"`，不能是别的。检查会向你的助手问天气，并查看模型发送的参数。
""",
        },
        """
weather_assistant = client.beta.assistants.create(
    name="天气助手",
    instructions="你是天气助手。回答天气问题之前,先调用 get_weather 查询。",
    model="gpt-4o",
    tools=[{"type": "function", "function": {
        "name": "get_weather",
        "description": "查询一个城市今天的天气",
        "parameters": {
            "type": "object",
            "properties": {"city": {"type": "string", "description": "城市名,如 北京"}},
            "required": ["city"],
        },
    }}],
)
""",
        """
from helpers.checks.function_calling import check_weather_unit

check_weather_unit(client, weather_assistant)
""",
        """
weather_assistant = client.beta.assistants.create(
    name="天气助手",
    instructions="你是天气助手。回答天气问题之前,先调用 get_weather 查询。",
    model="gpt-4o",
    tools=[{"type": "function", "function": {
        "name": "get_weather",
        "description": "查询一个城市今天的天气",
        "parameters": {
            "type": "object",
            "properties": {
                "city": {"type": "string", "description": "城市名,如 北京"},
                "unit": {"type": "string", "enum": ["celsius", "fahrenheit"]},
            },
            "required": ["city", "unit"],
        },
    }}],
)
""",
        hints=[
            {"en": "Two changes, both inside `parameters`.", "zh-CN": "两处改动，都在 `parameters` 里。"},
            {"en": "JSON Schema restricts a string to a few values with `\"enum\": [...]`; what the model must always send goes in `required`.", "zh-CN": "JSON Schema 用 `\"enum\": [...]` 把字符串限定为几个取值；模型每次都必须传的参数放进 `required`。"},
        ],
    ),
    *exercise(
        {
            "en": """
### Exercise 07.5 · Debug: the loop that never answered

A colleague wrote this function to answer timetable questions with `guagua`. It never gets to an answer: first
Python complains, then the API. Find the two mistakes and fix `answer_from_database`. The check calls it with
`李四上几堂课`.
""",
            "zh-CN": """
### 练习 07.5 · 找错：一直答不上来的循环

同事写了这个函数，用 `guagua` 回答课表问题。它始终得不到回答：先是 Python 报错，然后是 API 报错。找到这两个错误，修好 `answer_from_database`。检查会用“李四上几堂课”调用它。
""",
        },
        """
def answer_from_database(question):
    thread = client.beta.threads.create(messages=[{"role": "user", "content": question}])
    run = client.beta.threads.runs.create_and_poll(thread_id=thread.id, assistant_id=guagua.id)
    if run.status == "requires_action":
        outputs = []
        for call in run.required_action.submit_tool_outputs.tool_calls:
            rows = cursor.execute(call.function.arguments).fetchall()
            outputs.append({"tool_call_id": call.id, "output": rows})
        run = client.beta.threads.runs.submit_tool_outputs_and_poll(thread_id=thread.id, run_id=run.id, tool_outputs=outputs)
    return client.beta.threads.messages.list(thread_id=thread.id, run_id=run.id).data[0].content[0].text.value
""",
        """
from helpers.checks.function_calling import check_answer_from_database

check_answer_from_database(client, answer_from_database)
""",
        {"en": """
def answer_from_database(question):
    thread = client.beta.threads.create(messages=[{"role": "user", "content": question}])
    run = client.beta.threads.runs.create_and_poll(thread_id=thread.id, assistant_id=guagua.id)
    if run.status == "requires_action":
        outputs = []
        for call in run.required_action.submit_tool_outputs.tool_calls:
            query = json.loads(call.function.arguments)["query"]  # arguments are JSON: {"query": "SELECT ..."}
            rows = cursor.execute(query).fetchall()
            outputs.append({"tool_call_id": call.id, "output": str(rows)})  # an output is a string
        run = client.beta.threads.runs.submit_tool_outputs_and_poll(thread_id=thread.id, run_id=run.id, tool_outputs=outputs)
    return client.beta.threads.messages.list(thread_id=thread.id, run_id=run.id).data[0].content[0].text.value
""", "zh-CN": """
def answer_from_database(question):
    thread = client.beta.threads.create(messages=[{"role": "user", "content": question}])
    run = client.beta.threads.runs.create_and_poll(thread_id=thread.id, assistant_id=guagua.id)
    if run.status == "requires_action":
        outputs = []
        for call in run.required_action.submit_tool_outputs.tool_calls:
            query = json.loads(call.function.arguments)["query"]  # arguments 是 JSON：{"query": "SELECT ..."}
            rows = cursor.execute(query).fetchall()
            outputs.append({"tool_call_id": call.id, "output": str(rows)})  # 输出是字符串
        run = client.beta.threads.runs.submit_tool_outputs_and_poll(thread_id=thread.id, run_id=run.id, tool_outputs=outputs)
    return client.beta.threads.messages.list(thread_id=thread.id, run_id=run.id).data[0].content[0].text.value
"""},
        hints=[
            {"en": "Print `call.function.arguments` before executing it: is it SQL?", "zh-CN": "执行之前先打印 `call.function.arguments`：它是 SQL 吗？"},
            {"en": "Arguments are a JSON string of the declared parameters (`json.loads` it, then take `query`). And the API takes an output as a string only.", "zh-CN": "arguments 是按声明的参数写成的 JSON 字符串（先 `json.loads`，再取 `query`）。另外，API 只接受字符串形式的输出。"},
        ],
    ),
    *quiz_cells("07"),
    (
        "md",
        {
            "en": """
Then answer these in your own words (the answer key is at the very end of the lesson):

**5.** What do the function's `description` and its `parameters` schema each tell the model?

**6.** What does `parallel_tool_calls=False` change, and why does your code need a loop then?

**7.** Why run model-written SQL on a read-only connection?
""",
            "zh-CN": """
再用自己的话回答下面几题（答案在本课最后）：

**5.** 函数的 `description` 和 `parameters` schema 分别告诉模型什么？

**6.** `parallel_tool_calls=False` 改变了什么？为什么这时你的代码需要一个循环？

**7.** 为什么要用只读连接来执行模型写的 SQL？
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

- Function calling with assistants (`requires_action`, `submit_tool_outputs`, streaming): https://platform.openai.com/docs/assistants/tools/function-calling
- API reference, runs (`submit_tool_outputs`, `tool_choice`, `parallel_tool_calls`): https://platform.openai.com/docs/api-reference/runs
- API reference, run steps (`tool_calls` with `function` and `output`): https://platform.openai.com/docs/api-reference/run-steps
- Moving to the Responses API, where function calls and their outputs are items of a response: https://platform.openai.com/docs/assistants/migration
""",
            "zh-CN": """
## 延伸阅读

服务下线后，OpenAI 关于 Assistants API 的页面已成为存档，但仍准确描述了本课所讲的内容。

- 助手的函数调用（`requires_action`、`submit_tool_outputs`、流式）：https://platform.openai.com/docs/assistants/tools/function-calling
- API 参考，runs（`submit_tool_outputs`、`tool_choice`、`parallel_tool_calls`）：https://platform.openai.com/docs/api-reference/runs
- API 参考，run steps（带 `function` 和 `output` 的 `tool_calls`）：https://platform.openai.com/docs/api-reference/run-steps
- 迁移到 Responses API（函数调用及其输出是响应中的条目）：https://platform.openai.com/docs/assistants/migration
""",
        },
    ),
    (
        "md",
        {
            "en": """
## The same with the Responses API

The loop moves into your code. A function tool is flat (`name`, `description`, `parameters` beside `type`); when
the model wants it, the response does not wait in `requires_action`: it ends, `completed`, with a `function_call`
item. Run the function and send a new request whose input is a `function_call_output` with the same `call_id`,
chained to the first with `previous_response_id`. 瓜瓜's function, taken from the assistant:
""",
            "zh-CN": """
## 用 Responses API 做同样的事

循环搬进了你的代码。函数工具是扁平的（`name`、`description`、`parameters` 与 `type` 并列）；模型需要它时，响应不会停在 `requires_action` 等待，而是以 `completed` 结束，并带着一个 `function_call` 条目。执行函数，再发一个新请求，输入是带同一个 `call_id` 的 `function_call_output`，用 `previous_response_id` 接在第一个响应后面。瓜瓜的函数，直接从助手上取：
""",
        },
    ),
    (
        "code",
        """
function = assistant.tools[0].function
GUAGUA = {
    "model": "gpt-4o",
    "instructions": assistant.instructions,
    "tools": [{"type": "function", "name": function.name, "description": function.description, "parameters": function.parameters, "strict": False}],
}
response = client.responses.create(**GUAGUA, input="平均一堂课多长时间")
print(response.status, [(item.type, item.name) for item in response.output])
""",
    ),
    (
        "code",
        """
while calls := [item for item in response.output if item.type == "function_call"]:
    outputs = []
    for call in calls:
        arguments = json.loads(call.arguments)
        output = available_functions[call.name](**arguments)
        print(f"{call.name}({arguments}) -> {output}")
        outputs.append({"type": "function_call_output", "call_id": call.call_id, "output": output})
    response = client.responses.create(**GUAGUA, previous_response_id=response.id, input=outputs)
print(response.output_text)
""",
    ),
    (
        "md",
        {
            "en": """
Parallel calls come as several `function_call` items in one response; `parallel_tool_calls=False` asks for one
per response, as it asked for one per step. `tool_choice` works as it did.
""",
            "zh-CN": """
并行调用就是一个响应里的多个 `function_call` 条目；`parallel_tool_calls=False` 要求每个响应只有一个，就像以前每步一个。`tool_choice` 的用法不变。
""",
        },
    ),
    (
        "code",
        """
for parallel in (True, False):
    response = client.responses.create(**GUAGUA, input="张三上几堂课,比李四多上几堂", parallel_tool_calls=parallel)
    print(parallel, [json.loads(item.arguments)["query"] for item in response.output if item.type == "function_call"])
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
for a in (assistant, weather_assistant):
    print(client.beta.assistants.delete(a.id).deleted)
""",
    ),
    (
        "md",
        {
            "en": """
With function calling, every tool of the Assistants API but one is behind you. Next: **08 · File search** gives 小U
the UAP documentation with `file_search`: vector stores, and answers that cite their sources as footnotes.
Lesson 09 then moves all of it to the Responses API that replaced the Assistants API.
""",
            "zh-CN": """
学会函数调用，Assistants API 的工具只剩一个没讲了。下一课：**08 · 文件检索**，用 `file_search` 把 UAP 文档交给小U：向量存储，以及把引用渲染成脚注、注明出处的回答。第 09 课再把这一切迁移到取代 Assistants API 的 Responses API。
""",
        },
    ),
    (
        "md",
        {
            "en": """
## Answer key

**5.** The description says *when* to call it; the parameters schema says *how*: which arguments, of which
types, which are required.

**6.** At most one call per step, so a question needing two lookups goes through `requires_action` twice; keep
answering while the run's status is `requires_action`.

**7.** Because anyone who can talk to the model can ask it to write `DROP TABLE` or `UPDATE`; the model's SQL
should never have more rights than the user.
""",
            "zh-CN": """
## 答案

**5.** description 说明*何时*调用它；parameters schema 说明*怎样*调用：有哪些参数、是什么类型、哪些必填。

**6.** 每一步最多一次调用，所以需要查两次的问题会两次进入 `requires_action`；只要运行的状态还是 `requires_action`，就要继续应答。

**7.** 因为任何能和模型对话的人，都可以让它写出 `DROP TABLE` 或 `UPDATE`；模型写的 SQL 不应该拥有比用户更多的权限。
""",
        },
    ),
]
