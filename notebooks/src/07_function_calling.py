"""Lesson 07's source: `make lessons` writes notebooks/07_function_calling.ipynb from CELLS and runs it."""

from tools.lessons import CLEAN_UP, FILTER, FIRST_CELL

CELLS = [
    (
        "md",
        """
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
""",
    ),
    ("code", FILTER + "\n" + FIRST_CELL),
    (
        "md",
        """
## Declare the function on the assistant

The original lesson's 瓜瓜 assistant with its `ask_database` function. The `description` of the function tells
the model *when* to call it; the `parameters` schema tells it *how*: here one string, `query`, whose description
carries the table's schema so the model can write SQL for it.

The code is the original's. One character is restored: the lesson as we have it lost a closing `}` at the end of
`tools` (the last line below reads `}}}]` where the copy had `}}]`), and Python would not parse it without that.
""",
    ),
    (
        "code",
        """
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
""",
    ),
    (
        "md",
        """
The API added `"strict": false`: with `strict: true` the model's arguments would be guaranteed to match the
schema exactly (every property required, no others allowed).

## The function itself, on your side

The original lesson's 创建一个 Function: a `Courses` table in an in-memory SQLite database with five rows, the
`ask_database` function the assistant may call, and `available_functions`, which maps the names the model uses
to the Python functions that do the work.
""",
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
        """
Try it by hand first. Its output is a string, because a tool output is always text:
""",
    ),
    (
        "code",
        """
print(ask_database("SELECT id, course_date, instructor FROM Courses"))
""",
    ),
    (
        "md",
        """
(`id` is `None`: in SQLite only a column declared exactly `INTEGER PRIMARY KEY` numbers itself, and `INT
AUTO_INCREMENT` is MySQL's spelling. The questions below never need it.)

## The loop by polling: `requires_action` → run the function → submit the outputs

Ask something the assistant can only answer from the database, and wait for the run as usual:
""",
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
        """
The run did not finish: it stopped in `requires_action`. `required_action.submit_tool_outputs.tool_calls` lists
what the model wants called. Each call has an `id`, the function's `name`, and its `arguments` as a **JSON
string**: parse it, then call your function with it. `create_and_poll` returns here because the run cannot move
on by itself.

Run each call and collect one output per call id:
""",
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
        """
Send all the outputs in one request. The run goes back to `queued`, runs on, and the model answers from what
your function returned; `submit_tool_outputs_and_poll` waits for that:
""",
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
        """
The run's steps record the whole exchange: a `tool_calls` step that now holds each call **with its output**,
then the `message_creation` step that wrote the answer.
""",
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
        """
## The same loop while streaming

The original lesson's event handler. Besides printing text and tool calls as they arrive, it overrides
`on_event`: when the event is `thread.run.requires_action` it runs the functions and submits their outputs with
`submit_tool_outputs_stream`, which streams the rest of the run into a fresh `EventHandler`. It uses the globals
`client`, `available_functions` and `json` defined above.
""",
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
        """
The original lesson's first question, streamed:
""",
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
        """
Read the output from the top: `function` is the tool call being created (printed by `on_tool_call_created`);
the `ask_database(...)` line is `handle_requires_action` running it; after `assistant >` comes the answer,
streamed by the second handler once the outputs were in.

The first stream ends at `thread.run.requires_action` (the run is waiting, so nothing more can come);
`submit_tool_outputs_stream` opens a second stream that starts with the completed `tool_calls` step and ends with
`thread.run.completed`.

## Parallel calls: two independent questions in one step

两个无依赖的 function 会在一次请求中一起被调用. When the answer needs several lookups that do not depend on each
other, the model asks for all of them at once: one `requires_action`, two tool calls, one submission with both
outputs.
""",
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
        """
Two `function` lines, two `ask_database(...)` calls, then one answer that combines both outputs: 4 and 1, so 3
more.

The answer is only as good as the outputs: the model computes from what you submit, not from your database.
Submit other numbers and the answer changes. Here by polling, with made-up outputs:
""",
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
        """
### One call per step: `parallel_tool_calls=False`

A run created with `parallel_tool_calls=False` gets at most one call per step, so the same question takes two
rounds of `requires_action`. A loop that keeps answering while the run asks handles both cases:
""",
    ),
    (
        "code",
        """
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
""",
    ),
    (
        "md",
        """
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
        """
(That reply, which names the setting, is the scripted model's; a real model just answered as best it could
without the tool.)

Naming the function forces a call even for a question that does not need one. (The offline simulator then asks
for the whole timetable, a query that runs on this table; a real model would write its own.)
""",
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
        """
## What a wrong submission gets

The API checks a submission before it touches the run: the run must be in `requires_action`, every call must get
exactly one output, and each `tool_call_id` must be one the run asked for. Anything else is a 400 and the run keeps
waiting, so you can fix the request and send it again.
""",
    ),
    (
        "code",
        """
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
""",
    ),
    (
        "md",
        """
Once the run has moved on, it accepts no more outputs:
""",
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
        """
A run does not wait forever either. `expires_at` is its deadline, ten minutes after it was created: a run still in
`requires_action` then becomes `expired`, and its thread is free for a new run.
""",
    ),
    (
        "code",
        """
print(run.expires_at)  # None: a finished run has no deadline any more
waiting = client.beta.threads.runs.create_and_poll(
    thread_id=client.beta.threads.create(messages=[{"role": "user", "content": "平均一堂课多长时间"}]).id,
    assistant_id=assistant.id,
)
print(waiting.status, "for at most", waiting.expires_at - waiting.created_at, "seconds")
_ = client.beta.threads.runs.cancel(thread_id=waiting.thread_id, run_id=waiting.id)  # or let it expire
""",
    ),
    (
        "md",
        """
## Running SQL a model wrote, safely

`ask_database` executes whatever the model wrote. A model can be talked into writing `DROP TABLE` or `UPDATE`
(a user only has to ask for it), so never run its SQL with rights you would not give that user. Two ways with
SQLite:

**Open the database read-only.** With a URI, `mode=ro` makes SQLite itself refuse every write. (An in-memory
database cannot be opened twice, so this example keeps the timetable in a file.)
""",
    ),
    (
        "code",
        """
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
""",
    ),
    (
        "md",
        """
Returning the error as the output, instead of raising, matters in a run: the run is waiting for an output, and
an exception in your handler would leave it waiting until it expires.

**Or allow only reading, with an authorizer.** `set_authorizer` asks your callback about every action a statement
would take; here only reads pass, on the original in-memory connection:
""",
    ),
    (
        "code",
        """
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
""",
    ),
    ("md", CLEAN_UP),
    (
        "code",
        """
print(client.beta.assistants.delete(assistant.id).deleted)
""",
    ),
    (
        "md",
        """
Either way, also keep secrets out of the database the model can read, and limit what a query may cost (a
`LIMIT`, or `conn.set_progress_handler` to stop long queries).

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

That is the whole Assistants API: assistants, threads, messages, runs and their steps, streaming, and tools. To
move code like this to the Responses API that replaced it, lesson 00 maps the pieces: an assistant's settings
become a response's parameters, a thread a conversation, a run a response, and run steps its output items.
""",
    ),
]
