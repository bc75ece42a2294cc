"""Lesson 10's source: `make lessons` writes notebooks/10_capstone.ipynb (and zh-CN/) from CELLS and runs it."""

from tools.lessons import CLEAN_UP, FILTER, FIRST_CELL, exercise, join, quiz_cells

CELLS = [
    (
        "md",
        {
            "en": """
# 10 · Capstone: 小U, end to end

**What you will build**

小U as a small application, once on the Assistants API and once on the Responses API:

- it answers questions about UAP from the documentation, and **cites** the files it used (lesson 08);
- it answers questions about the course schedule by calling your **`ask_database`** function (lesson 07);
- it **streams** its answers as they are written (lesson 05);
- each user has **one thread** (Assistants) or **one conversation** (Responses), kept across sessions in a small
  JSON map, so a user who comes back tomorrow continues where they left off (lessons 02 and 09);
- it reports what each user has **used and cost**, from the figures the server reports (lesson 04).

Part A builds it on the Assistants API, step by step, and runs the check that judges a finished build. Part B moves
it to the Responses API: the steps give you the pieces, and the final exercise is to put them together.

*Prerequisites: lessons 01–09.*
""",
            "zh-CN": """
# 10 · 综合项目：从头到尾搭建小U

**你将搭建什么**

把小U做成一个小应用，先基于 Assistants API 做一遍，再基于 Responses API 做一遍：

- 它根据文档回答关于 UAP 的问题，并**标注引用**的文件（第 08 课）；
- 它调用你的 **`ask_database`** 函数回答课程安排的问题（第 07 课）；
- 它以**流式**输出回答，边写边显示（第 05 课）；
- 每个用户有**一个线程**（Assistants）或**一个对话**（Responses），用一个小小的 JSON 映射跨会话保存，用户明天回来还能接着聊（第 02 课和第 09 课）；
- 它根据服务器报告的数字，统计每个用户的**用量和费用**（第 04 课）。

A 部分基于 Assistants API 一步步搭建，并运行评判完整作品的检查。B 部分把它迁移到 Responses API：各个步骤给出零件，最后的练习由你把它们组装起来。

*前置知识：第 01–09 课。*
""",
        },
    ),
    ("code", join(FILTER, FIRST_CELL)),
    (
        "md",
        {
            "en": """
## Step 1 · The knowledge: the UAP documents in a vector store

Both builds search the same vector store, so it comes first: lesson 08's eight documents, uploaded and ingested
in one file batch.
""",
            "zh-CN": """
## 第 1 步 · 知识：把 UAP 文档放进向量存储

两个版本检索的是同一个向量存储，所以先建它：第 08 课的八篇文档，用一个文件批次上传并处理完成。
""",
        },
    ),
    (
        "code",
        {"en": """
from pathlib import Path

store = client.vector_stores.create(name="UAP 文档")
batch = client.vector_stores.file_batches.upload_and_poll(store.id, files=[open(p, "rb") for p in sorted(Path("../data/uap_docs").iterdir())])
print(batch.status, batch.file_counts.completed, "files ingested")
""", "zh-CN": """
from pathlib import Path

store = client.vector_stores.create(name="UAP 文档")
batch = client.vector_stores.file_batches.upload_and_poll(store.id, files=[open(p, "rb") for p in sorted(Path("../data/uap_docs").iterdir())])
print(batch.status, batch.file_counts.completed, "个文件已处理完成")
"""},
    ),
    (
        "md",
        {
            "en": """
## Step 2 · The schedule: `ask_database`

Lesson 07's `Courses` table and its `ask_database` function, with lesson 07's advice taken: the model's SQL runs
on a **read-only** connection (so the table lives in a file), and an SQL error goes back to the model as the
output instead of stopping your program. `ASK_DATABASE` is the function's declaration, the same for both APIs.
""",
            "zh-CN": """
## 第 2 步 · 课程表：`ask_database`

第 07 课的 `Courses` 表和它的 `ask_database` 函数，并采纳第 07 课的建议：模型写的 SQL 在**只读**连接上运行（所以表放在文件里），SQL 出错时把错误作为输出交还给模型，而不是让程序停下来。`ASK_DATABASE` 是这个函数的声明，两种 API 共用。
""",
        },
    ),
    (
        "code",
        {"en": """
import json
import os
import sqlite3
import tempfile

DB = os.path.join(tempfile.mkdtemp(), "courses.db")
with sqlite3.connect(DB) as writer:   # the application's own connection writes the timetable
    writer.execute("CREATE TABLE Courses (id INTEGER PRIMARY KEY, course_date DATE NOT NULL, start_time TIME NOT NULL, "
                   "end_time TIME NOT NULL, course_name VARCHAR(255) NOT NULL, instructor VARCHAR(255) NOT NULL)")
    writer.executemany("INSERT INTO Courses (course_date, start_time, end_time, course_name, instructor) VALUES (?, ?, ?, ?, ?)", [
        ('2024-01-23', '20:00', '22:00', 'aaaaa', '张三'),
        ('2024-01-25', '20:00', '22:00', 'bbbbbbbb', '张三'),
        ('2024-01-29', '20:00', '22:00', 'ccccc', '张三'),
        ('2024-02-20', '20:00', '22:00', 'dddddd', '张三'),
        ('2024-02-22', '20:00', '22:00', 'eeeeeee', '李四'),
    ])
readonly = sqlite3.connect(f"file:{DB}?mode=ro", uri=True)   # the model's SQL only ever gets this one


def ask_database(query):
    try:
        return str(readonly.execute(query).fetchall())
    except sqlite3.Error as e:
        return f"SQL error: {e}"


ASK_DATABASE = {
    "name": "ask_database",
    "description": "Use this function to answer user questions about course schedule. Output should be a fully formed SQL query.",
    "parameters": {
        "type": "object",
        "properties": {
            "query": {
                "type": "string",
                "description": "SQL query extracting info to answer the user's question.\\nSQL should be written using this database schema:\\n\\nCREATE TABLE Courses (\\n\\tid INT AUTO_INCREMENT PRIMARY KEY,\\n\\tcourse_date DATE NOT NULL,\\n\\tstart_time TIME NOT NULL,\\n\\tend_time TIME NOT NULL,\\n\\tcourse_name VARCHAR(255) NOT NULL,\\n\\tinstructor VARCHAR(255) NOT NULL\\n);\\n\\nThe query should be returned in plain text, not in JSON.\\nThe query should only contain grammars supported by SQLite.",
            }
        },
        "required": ["query"],
    },
}
print(ask_database("SELECT instructor, COUNT(*) FROM Courses GROUP BY instructor"))
print(ask_database("DELETE FROM Courses"))
""", "zh-CN": """
import json
import os
import sqlite3
import tempfile

DB = os.path.join(tempfile.mkdtemp(), "courses.db")
with sqlite3.connect(DB) as writer:   # 应用自己的连接负责写入课程表
    writer.execute("CREATE TABLE Courses (id INTEGER PRIMARY KEY, course_date DATE NOT NULL, start_time TIME NOT NULL, "
                   "end_time TIME NOT NULL, course_name VARCHAR(255) NOT NULL, instructor VARCHAR(255) NOT NULL)")
    writer.executemany("INSERT INTO Courses (course_date, start_time, end_time, course_name, instructor) VALUES (?, ?, ?, ?, ?)", [
        ('2024-01-23', '20:00', '22:00', 'aaaaa', '张三'),
        ('2024-01-25', '20:00', '22:00', 'bbbbbbbb', '张三'),
        ('2024-01-29', '20:00', '22:00', 'ccccc', '张三'),
        ('2024-02-20', '20:00', '22:00', 'dddddd', '张三'),
        ('2024-02-22', '20:00', '22:00', 'eeeeeee', '李四'),
    ])
readonly = sqlite3.connect(f"file:{DB}?mode=ro", uri=True)   # 模型写的 SQL 只能用这个连接


def ask_database(query):
    try:
        return str(readonly.execute(query).fetchall())
    except sqlite3.Error as e:
        return f"SQL error: {e}"


ASK_DATABASE = {
    "name": "ask_database",
    "description": "Use this function to answer user questions about course schedule. Output should be a fully formed SQL query.",
    "parameters": {
        "type": "object",
        "properties": {
            "query": {
                "type": "string",
                "description": "SQL query extracting info to answer the user's question.\\nSQL should be written using this database schema:\\n\\nCREATE TABLE Courses (\\n\\tid INT AUTO_INCREMENT PRIMARY KEY,\\n\\tcourse_date DATE NOT NULL,\\n\\tstart_time TIME NOT NULL,\\n\\tend_time TIME NOT NULL,\\n\\tcourse_name VARCHAR(255) NOT NULL,\\n\\tinstructor VARCHAR(255) NOT NULL\\n);\\n\\nThe query should be returned in plain text, not in JSON.\\nThe query should only contain grammars supported by SQLite.",
            }
        },
        "required": ["query"],
    },
}
print(ask_database("SELECT instructor, COUNT(*) FROM Courses GROUP BY instructor"))
print(ask_database("DELETE FROM Courses"))
"""},
    ),
    (
        "md",
        {
            "en": """
# Part A · On the Assistants API

## Step 3 · 小U with both tools

One assistant holds the configuration: the `file_search` tool with the store in its `tool_resources`, and the
`ask_database` function. The instructions tell it which to use for what; the model decides each time.
""",
            "zh-CN": """
# A 部分 · 基于 Assistants API

## 第 3 步 · 带两个工具的小U

一个助手保存全部配置：`file_search` 工具（向量存储写在它的 `tool_resources` 里），以及 `ask_database` 函数。指令告诉它什么问题用什么工具；每次由模型决定。
""",
        },
    ),
    (
        "code",
        """
INSTRUCTIONS = "你叫小U,你是JAVA技术框架 UAP的助手,你负责回答用户关于UAP的问题。课程安排的问题用 ask_database 查询。"

xiaou = client.beta.assistants.create(
    name="小U",
    model="gpt-4o",
    instructions=INSTRUCTIONS,
    tools=[{"type": "file_search"}, {"type": "function", "function": ASK_DATABASE}],
    tool_resources={"file_search": {"vector_store_ids": [store.id]}},
)
print([tool.type for tool in xiaou.tools], xiaou.tool_resources.file_search.vector_store_ids == [store.id])
""",
    ),
    (
        "md",
        {
            "en": """
## Step 4 · One thread per user, kept across sessions

The API cannot list threads (lesson 02), so the application keeps its own index: a JSON file mapping each user to
their thread's id. `thread_for` reads it **every time** (another session may have written it), and creates and
saves a thread only for a user it has never seen.
""",
            "zh-CN": """
## 第 4 步 · 每个用户一个线程，跨会话保存

API 不能列出线程（第 02 课），所以应用要自己维护索引：一个把每个用户映射到其线程 id 的 JSON 文件。`thread_for` **每次**都读取这个文件（别的会话可能写过它），只为从没见过的用户创建线程并保存。
""",
        },
    ),
    (
        "code",
        """
SESSIONS = Path("xiaou_sessions.json")


def thread_for(user):
    sessions = json.loads(SESSIONS.read_text()) if SESSIONS.exists() else {}
    if user not in sessions:
        sessions[user] = client.beta.threads.create(metadata={"username": user}).id
        SESSIONS.write_text(json.dumps(sessions, indent=2))
    return sessions[user]


print(thread_for("taliux") == thread_for("taliux"), thread_for("taliux") != thread_for("xiaoming"))
""",
    ),
    (
        "md",
        {
            "en": """
## Step 5 · Ask, and stream the answer

`ask(user, question)` adds the question to the user's thread and streams a run. The handler builds on
`helpers.FunctionCallingEventHandler` (lesson 07): it answers `ask_database` calls while the run streams. One
thing more: the citation markers (`【0:0†source】`) would reach the reader raw, so `on_text_delta` hides them as
they arrive, and `ask` names the cited files below the answer once the run is done. It returns the run: its id,
status and usage are what the rest of the application needs.
""",
            "zh-CN": """
## 第 5 步 · 提问，并以流式输出回答

`ask(user, question)` 把问题加进用户的线程，然后以流式方式运行。事件处理器基于 `helpers.FunctionCallingEventHandler`（第 07 课）：运行流式进行时，它负责回答 `ask_database` 调用。另外还有一件事：引用标记（`【0:0†source】`）会原样出现在读者面前，所以 `on_text_delta` 在它们到达时就把它们藏起来，运行结束后 `ask` 在回答下面列出引用的文件。它返回运行：运行的 id、状态和用量正是应用其余部分需要的。
""",
        },
    ),
    (
        "code",
        {"en": """
from helpers import FunctionCallingEventHandler


class XiaoUHandler(FunctionCallingEventHandler):
    hiding = False   # inside a 【...】 citation marker

    def on_text_delta(self, delta, snapshot):
        for char in delta.value or "":
            if char == "【":
                self.hiding = True
            elif char == "】":
                self.hiding = False
            elif not self.hiding:
                self.write(char)


def cited_files(thread_id, run_id):
    message = client.beta.threads.messages.list(thread_id=thread_id, run_id=run_id).data[0]
    file_ids = [a.file_citation.file_id for a in message.content[0].text.annotations if a.type == "file_citation"]
    return [client.files.retrieve(file_id).filename for file_id in dict.fromkeys(file_ids)]


def ask(user, question):
    thread_id = thread_for(user)
    client.beta.threads.messages.create(thread_id=thread_id, role="user", content=question)
    handler = XiaoUHandler(client, {"ask_database": ask_database})
    with client.beta.threads.runs.stream(thread_id=thread_id, assistant_id=xiaou.id, event_handler=handler) as stream:
        stream.until_done()
    run = client.beta.threads.runs.list(thread_id=thread_id, limit=1).data[0]   # the run, finished
    print()
    if files := cited_files(thread_id, run.id):
        print("sources: " + ", ".join(files))
    return run
""", "zh-CN": """
from helpers import FunctionCallingEventHandler


class XiaoUHandler(FunctionCallingEventHandler):
    hiding = False   # 正处在 【...】 引用标记里

    def on_text_delta(self, delta, snapshot):
        for char in delta.value or "":
            if char == "【":
                self.hiding = True
            elif char == "】":
                self.hiding = False
            elif not self.hiding:
                self.write(char)


def cited_files(thread_id, run_id):
    message = client.beta.threads.messages.list(thread_id=thread_id, run_id=run_id).data[0]
    file_ids = [a.file_citation.file_id for a in message.content[0].text.annotations if a.type == "file_citation"]
    return [client.files.retrieve(file_id).filename for file_id in dict.fromkeys(file_ids)]


def ask(user, question):
    thread_id = thread_for(user)
    client.beta.threads.messages.create(thread_id=thread_id, role="user", content=question)
    handler = XiaoUHandler(client, {"ask_database": ask_database})
    with client.beta.threads.runs.stream(thread_id=thread_id, assistant_id=xiaou.id, event_handler=handler) as stream:
        stream.until_done()
    run = client.beta.threads.runs.list(thread_id=thread_id, limit=1).data[0]   # 这次运行，已结束
    print()
    if files := cited_files(thread_id, run.id):
        print("来源：" + "、".join(files))
    return run
"""},
    ),
    (
        "md",
        {
            "en": """
A question the documents answer: 小U searches (`file_search`), quotes the best passage, and cites its file.
""",
            "zh-CN": """
一个文档能回答的问题：小U先检索（`file_search`），引用最匹配的段落，并注明出自哪个文件。
""",
        },
    ),
    (
        "code",
        """
run = ask("taliux", "密码连续输错几次会锁定账号?")
""",
    ),
    (
        "md",
        {
            "en": """
A question about the schedule: 小U calls `ask_database` with the SQL it wrote, the handler runs it and submits
the output, and the run goes on to answer from it.
""",
            "zh-CN": """
一个关于课程安排的问题：小U带着它写的 SQL 调用 `ask_database`，事件处理器执行它并提交输出，运行接着根据输出作答。
""",
        },
    ),
    (
        "code",
        """
run = ask("taliux", "李四上了几堂课?")
""",
    ),
    (
        "md",
        {
            "en": """
## Step 6 · The next session

The program stops; tomorrow it starts again. Nothing of today survives in memory, only `xiaou_sessions.json`, and
that is enough: `thread_for` finds taliux's thread in it, and the model sees the whole history. (The simulator's
scripted model answers this question with what it was shown.)
""",
            "zh-CN": """
## 第 6 步 · 下一次会话

程序停了；明天它重新启动。今天内存里的东西都没有了，只剩下 `xiaou_sessions.json`，而这就够了：`thread_for` 在里面找到 taliux 的线程，模型能看到完整的历史。（模拟器的脚本化模型会用它看到的内容回答这个问题。）
""",
        },
    ),
    (
        "code",
        """
print(SESSIONS.read_text())
run = ask("taliux", "你能看到几条消息?")
""",
    ),
    (
        "md",
        {
            "en": """
## Step 7 · What each user used, and what it cost

Every run reports its `usage`: the tokens the model read (`prompt_tokens`: the instructions, the history, the
retrieved chunks, the function outputs) and wrote (`completion_tokens`). A user's thread lists all their runs, so
the report adds up what the server counted. The prices are gpt-4o's list prices per million tokens (\\$2.50 input,
\\$10.00 output) when the Assistants API closed; check the current ones before you rely on them. File search
calls and vector storage were billed on top (lesson 00).
""",
            "zh-CN": """
## 第 7 步 · 每个用户用了多少，花了多少

每次运行都会报告它的 `usage`：模型读了多少 token（`prompt_tokens`：指令、历史、检索出的文本块、函数输出），写了多少（`completion_tokens`）。用户的线程能列出他的所有运行，所以统计只需把服务器计的数加起来。价格是 Assistants API 关闭时 gpt-4o 每百万 token 的标价（输入 2.50 美元，输出 10.00 美元）；依赖它之前请核对最新价格。文件检索调用和向量存储另外计费（第 00 课）。
""",
        },
    ),
    (
        "code",
        {"en": """
USD_PER_MILLION = {"input": 2.50, "output": 10.00}   # gpt-4o


def usage_report(user):
    runs = list(client.beta.threads.runs.list(thread_id=thread_for(user)))
    input_tokens = sum(run.usage.prompt_tokens for run in runs if run.usage)
    output_tokens = sum(run.usage.completion_tokens for run in runs if run.usage)
    usd = (input_tokens * USD_PER_MILLION["input"] + output_tokens * USD_PER_MILLION["output"]) / 1e6
    return {"runs": len(runs), "input_tokens": input_tokens, "output_tokens": output_tokens,
            "total_tokens": input_tokens + output_tokens, "usd": round(usd, 6)}


for user in ("taliux", "xiaoming"):
    print(user, usage_report(user))
""", "zh-CN": """
USD_PER_MILLION = {"input": 2.50, "output": 10.00}   # gpt-4o，美元


def usage_report(user):
    runs = list(client.beta.threads.runs.list(thread_id=thread_for(user)))
    input_tokens = sum(run.usage.prompt_tokens for run in runs if run.usage)
    output_tokens = sum(run.usage.completion_tokens for run in runs if run.usage)
    usd = (input_tokens * USD_PER_MILLION["input"] + output_tokens * USD_PER_MILLION["output"]) / 1e6
    return {"runs": len(runs), "input_tokens": input_tokens, "output_tokens": output_tokens,
            "total_tokens": input_tokens + output_tokens, "usd": round(usd, 6)}


for user in ("taliux", "xiaoming"):
    print(user, usage_report(user))
"""},
    ),
    (
        "md",
        {
            "en": """
Most of taliux's tokens are input: each run reads the whole thread again, and the file search adds the chunks it
found. That is why long threads cost more per question, and why lesson 04's `truncation_strategy` exists.

## The check of a finished build

`helpers.checks.capstone.check_capstone` judges a build by what it does. It asks, as the user `capstone-check`,
one question the documents answer and one about the schedule, then reads back through the API: the tools the run
had, the citation, the `ask_database` call and its output in the answer, the thread both questions went to and the
map's entry for the user, and whether `usage_report` grew by what the server counted. Here it judges Part A:
""",
            "zh-CN": """
taliux 的 token 大多是输入：每次运行都要把整个线程重读一遍，文件检索还会加上找到的文本块。这就是线程越长、每个问题越贵的原因，也是第 04 课的 `truncation_strategy` 存在的理由。

## 检查完整的作品

`helpers.checks.capstone.check_capstone` 根据作品的行为来评判。它以用户 `capstone-check` 的身份提两个问题，一个文档能回答，一个关于课程安排，然后通过 API 读回：运行带了哪些工具，有没有引用，`ask_database` 的调用及其输出是否用在了回答里，两个问题进了哪个线程、映射里这个用户对应的是什么，以及 `usage_report` 的增量是否等于服务器统计的数。这里用它评判 A 部分：
""",
        },
    ),
    (
        "code",
        """
from helpers.checks.capstone import check_capstone

check_capstone(client, ask, usage_report, SESSIONS)
""",
    ),
    (
        "md",
        {
            "en": """
# Part B · On the Responses API

The same application without assistants, threads or runs (lesson 09). The vector store and `ask_database` stay as
they are.

## Step 8 · 小U's configuration in your code

The assistant becomes a dict sent with every request. Tools are flat in the Responses API, and `file_search`
names its vector stores itself. (`"strict": False`: lesson 07's schema was not written for strict mode.)
""",
            "zh-CN": """
# B 部分 · 基于 Responses API

同一个应用，不再有助手、线程和运行（第 09 课）。向量存储和 `ask_database` 保持不变。

## 第 8 步 · 小U的配置放在你的代码里

助手变成一个 dict，每次请求都带上。Responses API 的工具是扁平的，`file_search` 自己指明向量存储。（写上 `"strict": False`：第 07 课的 schema 不是按严格模式写的。）
""",
        },
    ),
    (
        "code",
        """
XIAO_U = {
    "model": "gpt-4o",
    "instructions": INSTRUCTIONS,
    "tools": [
        {"type": "file_search", "vector_store_ids": [store.id]},
        {"type": "function", **ASK_DATABASE, "strict": False},
    ],
}
""",
    ),
    (
        "md",
        {
            "en": """
## Step 9 · One conversation per user

A thread becomes a conversation, and the map stays: the same few lines, with `conversations.create`.
""",
            "zh-CN": """
## 第 9 步 · 每个用户一个对话

线程变成对话，映射照旧：还是那几行代码，换成 `conversations.create`。
""",
        },
    ),
    (
        "code",
        """
CONVERSATIONS = Path("xiaou_conversations.json")


def conversation_for(user):
    sessions = json.loads(CONVERSATIONS.read_text()) if CONVERSATIONS.exists() else {}
    if user not in sessions:
        sessions[user] = client.conversations.create(metadata={"username": user}).id
        CONVERSATIONS.write_text(json.dumps(sessions, indent=2))
    return sessions[user]


print(conversation_for("taliux") == conversation_for("taliux"))
""",
    ),
    (
        "md",
        {
            "en": """
## Step 10 · One streamed turn, and the function loop in your code

`stream_turn` streams one response in the user's conversation: it prints the text as it arrives and names each
function call. There is no `requires_action` any more: a response that wants `ask_database` simply ends with a
`function_call` item.
""",
            "zh-CN": """
## 第 10 步 · 一轮流式响应，函数循环写在你的代码里

`stream_turn` 在用户的对话里以流式方式生成一个响应：文字到达时打印出来，并写出每个函数调用。不再有 `requires_action`：需要 `ask_database` 的响应直接以一个 `function_call` 条目结束。
""",
        },
    ),
    (
        "code",
        """
def stream_turn(conversation_id, input):
    with client.responses.stream(**XIAO_U, conversation=conversation_id, input=input) as stream:
        for event in stream:
            if event.type == "response.output_text.delta":
                print(event.delta, end="", flush=True)
            elif event.type == "response.output_item.done" and event.item.type == "function_call":
                print(f"{event.item.name}({event.item.arguments})")
    return stream.get_final_response()


response = stream_turn(conversation_for("taliux"), "李四上了几堂课?")
print([item.type for item in response.output])
""",
    ),
    (
        "md",
        {
            "en": """
Run the call and send its output as the next turn's input, in the same conversation. The second response answers
from it:
""",
            "zh-CN": """
执行这个调用，把输出作为下一轮的输入发送，还是在同一个对话里。第二个响应根据它作答：
""",
        },
    ),
    (
        "code",
        """
outputs = [{"type": "function_call_output", "call_id": call.call_id, "output": ask_database(**json.loads(call.arguments))}
           for call in response.output if call.type == "function_call"]
response = stream_turn(conversation_for("taliux"), outputs)
print()
print(response.usage.input_tokens, response.usage.output_tokens)
""",
    ),
    (
        "md",
        {
            "en": """
One thing has no counterpart: a thread listed its runs, and their usage with them, but nothing lists the responses
made in a conversation. The application keeps the ids of the responses it made (a **ledger**, in a JSON file like
the map) and retrieves their usage when it reports.
""",
            "zh-CN": """
有一样东西没有对应物：线程能列出它的运行，连同各自的用量，但没有接口能列出在一个对话里生成的响应。应用要自己记下它生成的响应的 id（一个**账本**，像映射一样存在 JSON 文件里），统计时再取回它们的用量。
""",
        },
    ),
    *exercise(
        {
            "en": """
## Exercise

### Exercise 10.1 · Build this: 小U on the Responses API

Put Part B's pieces together into the finished build, so that it passes the check Part A passed:

- `MY_SESSIONS`: the path of your user → conversation map (a new file, so you start clean);
- `my_ask(user, question)`: in the user's conversation, stream a turn with `stream_turn`; while the last response
  has `function_call` items, run them and stream another turn with their outputs; print the names of the files the
  answer cites (`annotation.filename`); add the responses' ids to your ledger; return **the list of responses**
  it made (the function call's too, so their usage can be checked);
- `my_usage_report(user)`: retrieve the usage of every response in the user's ledger and return
  `{"input_tokens": ..., "output_tokens": ..., "total_tokens": ..., "usd": ...}`.

Try `my_ask("taliux", "密码连续输错几次会锁定账号?")` and `my_ask("taliux", "李四上了几堂课?")` before you run
the check. Then restart the kernel, run the cells up to here and your build again, and ask once more: the answer
comes in the same conversation.
""",
            "zh-CN": """
## 练习

### 练习 10.1 · 动手做：基于 Responses API 的小U

把 B 部分的零件组装成完整的作品，让它通过 A 部分通过的那个检查：

- `MY_SESSIONS`：你的“用户 → 对话”映射文件的路径（用一个新文件，从零开始）；
- `my_ask(user, question)`：在用户的对话里用 `stream_turn` 流式生成一轮；只要最后一个响应里还有 `function_call` 条目，就执行它们，带着输出再流式生成一轮；打印回答引用的文件名（`annotation.filename`）；把这些响应的 id 记进账本；返回它生成的**响应列表**（包括函数调用的那个，这样才能核对用量）；
- `my_usage_report(user)`：取回账本里这个用户每个响应的用量，返回 `{"input_tokens": ..., "output_tokens": ..., "total_tokens": ..., "usd": ...}`。

运行检查之前，先试试 `my_ask("taliux", "密码连续输错几次会锁定账号?")` 和 `my_ask("taliux", "李四上了几堂课?")`。然后重启内核，运行到这里为止的单元格和你的作品，再问一次：回答出现在同一个对话里。
""",
        },
        {
            "en": """
MY_SESSIONS = Path("my_xiaou_sessions.json")
my_ask = None            # def my_ask(user, question): ... return [the responses it made]
my_usage_report = None   # def my_usage_report(user): ... return {"input_tokens": ..., "output_tokens": ..., "total_tokens": ..., "usd": ...}
""",
            "zh-CN": """
MY_SESSIONS = Path("my_xiaou_sessions.json")
my_ask = None            # def my_ask(user, question): ... return [它生成的响应]
my_usage_report = None   # def my_usage_report(user): ... return {"input_tokens": ..., "output_tokens": ..., "total_tokens": ..., "usd": ...}
""",
        },
        """
from helpers.checks.capstone import check_capstone

check_capstone(client, my_ask, my_usage_report, MY_SESSIONS)
""",
        {
            "en": """
MY_SESSIONS = Path("my_xiaou_sessions.json")
LEDGER = Path("my_xiaou_usage.json")


def my_conversation_for(user):
    sessions = json.loads(MY_SESSIONS.read_text()) if MY_SESSIONS.exists() else {}
    if user not in sessions:
        sessions[user] = client.conversations.create(metadata={"username": user}).id
        MY_SESSIONS.write_text(json.dumps(sessions, indent=2))
    return sessions[user]


def my_ask(user, question):
    conversation_id = my_conversation_for(user)
    made = [stream_turn(conversation_id, question)]
    while calls := [item for item in made[-1].output if item.type == "function_call"]:
        outputs = [{"type": "function_call_output", "call_id": call.call_id, "output": ask_database(**json.loads(call.arguments))}
                   for call in calls]
        made.append(stream_turn(conversation_id, outputs))
    print()
    files = [a.filename for item in made[-1].output if item.type == "message" for part in item.content for a in part.annotations]
    if files:
        print("sources: " + ", ".join(dict.fromkeys(files)))
    ledger = json.loads(LEDGER.read_text()) if LEDGER.exists() else {}
    ledger.setdefault(user, []).extend(response.id for response in made)
    LEDGER.write_text(json.dumps(ledger, indent=2))
    return made


def my_usage_report(user):
    ledger = json.loads(LEDGER.read_text()) if LEDGER.exists() else {}
    usages = [client.responses.retrieve(response_id).usage for response_id in ledger.get(user, [])]
    input_tokens = sum(usage.input_tokens for usage in usages)
    output_tokens = sum(usage.output_tokens for usage in usages)
    usd = (input_tokens * USD_PER_MILLION["input"] + output_tokens * USD_PER_MILLION["output"]) / 1e6
    return {"responses": len(usages), "input_tokens": input_tokens, "output_tokens": output_tokens,
            "total_tokens": input_tokens + output_tokens, "usd": round(usd, 6)}


my_ask("taliux", "密码连续输错几次会锁定账号?")
my_ask("taliux", "李四上了几堂课?")
print(my_usage_report("taliux"))
""",
            "zh-CN": """
MY_SESSIONS = Path("my_xiaou_sessions.json")
LEDGER = Path("my_xiaou_usage.json")


def my_conversation_for(user):
    sessions = json.loads(MY_SESSIONS.read_text()) if MY_SESSIONS.exists() else {}
    if user not in sessions:
        sessions[user] = client.conversations.create(metadata={"username": user}).id
        MY_SESSIONS.write_text(json.dumps(sessions, indent=2))
    return sessions[user]


def my_ask(user, question):
    conversation_id = my_conversation_for(user)
    made = [stream_turn(conversation_id, question)]
    while calls := [item for item in made[-1].output if item.type == "function_call"]:
        outputs = [{"type": "function_call_output", "call_id": call.call_id, "output": ask_database(**json.loads(call.arguments))}
                   for call in calls]
        made.append(stream_turn(conversation_id, outputs))
    print()
    files = [a.filename for item in made[-1].output if item.type == "message" for part in item.content for a in part.annotations]
    if files:
        print("来源：" + "、".join(dict.fromkeys(files)))
    ledger = json.loads(LEDGER.read_text()) if LEDGER.exists() else {}
    ledger.setdefault(user, []).extend(response.id for response in made)
    LEDGER.write_text(json.dumps(ledger, indent=2))
    return made


def my_usage_report(user):
    ledger = json.loads(LEDGER.read_text()) if LEDGER.exists() else {}
    usages = [client.responses.retrieve(response_id).usage for response_id in ledger.get(user, [])]
    input_tokens = sum(usage.input_tokens for usage in usages)
    output_tokens = sum(usage.output_tokens for usage in usages)
    usd = (input_tokens * USD_PER_MILLION["input"] + output_tokens * USD_PER_MILLION["output"]) / 1e6
    return {"responses": len(usages), "input_tokens": input_tokens, "output_tokens": output_tokens,
            "total_tokens": input_tokens + output_tokens, "usd": round(usd, 6)}


my_ask("taliux", "密码连续输错几次会锁定账号?")
my_ask("taliux", "李四上了几堂课?")
print(my_usage_report("taliux"))
""",
        },
    ),
    (
        "md",
        {
            "en": """
## Recap

| | Assistants API (Part A) | Responses API (Part B) |
|---|---|---|
| 小U's configuration | an assistant on the server | a dict in your code, sent with each request |
| documents | `file_search` + the store in `tool_resources` | `file_search` with `vector_store_ids` |
| citations | markers in the text + `file_citation` annotations | `file_citation` annotations with `filename` and `index` |
| `ask_database` | `requires_action`, `submit_tool_outputs` (the handler) | a `function_call` item, then a `function_call_output` turn |
| streaming | an `AssistantEventHandler` | iterate over `responses.stream` events |
| one per user | a thread, its id in a JSON map | a conversation, its id in a JSON map |
| usage | `runs.list` on the user's thread | your ledger of response ids |

Lesson 09 has every other pattern side by side.
""",
            "zh-CN": """
## 小结

| | Assistants API（A 部分） | Responses API（B 部分） |
|---|---|---|
| 小U的配置 | 服务器上的一个助手 | 代码里的一个 dict，每次请求都带上 |
| 文档 | `file_search` 加上 `tool_resources` 里的向量存储 | 带 `vector_store_ids` 的 `file_search` |
| 引用 | 文本里的标记加上 `file_citation` 注解 | 带 `filename` 和 `index` 的 `file_citation` 注解 |
| `ask_database` | `requires_action`、`submit_tool_outputs`（事件处理器） | 一个 `function_call` 条目，然后一轮 `function_call_output` |
| 流式 | 一个 `AssistantEventHandler` | 遍历 `responses.stream` 的事件 |
| 每个用户一份 | 一个线程，id 存在 JSON 映射里 | 一个对话，id 存在 JSON 映射里 |
| 用量 | 对用户的线程调用 `runs.list` | 你自己记录响应 id 的账本 |

其他写法的逐一对照见第 09 课。
""",
        },
    ),
    *quiz_cells("10"),
    (
        "md",
        {
            "en": CLEAN_UP,
            "zh-CN": """
## 清理

本课创建的对象会留在模拟器的数据库里，每运行一遍这个 notebook 都会再创建一遍。不再需要的就删掉，连同那几个 JSON 文件：
""",
        },
    ),
    (
        "code",
        {"en": """
for thread_id in json.loads(SESSIONS.read_text()).values():
    client.beta.threads.delete(thread_id)
for path in (CONVERSATIONS, MY_SESSIONS):
    if path.exists():
        for conversation_id in json.loads(path.read_text()).values():
            client.conversations.delete(conversation_id)
print(client.beta.assistants.delete(xiaou.id).deleted)
for path in (SESSIONS, CONVERSATIONS, MY_SESSIONS, Path("my_xiaou_usage.json")):
    path.unlink(missing_ok=True)
# Once Exercise 10.1 passes: the store it searches, and its files (deleting a store leaves them, lesson 08).
# file_ids = [f.id for f in client.vector_stores.files.list(store.id)]
# client.vector_stores.delete(store.id)
# for file_id in file_ids: client.files.delete(file_id)
""", "zh-CN": """
for thread_id in json.loads(SESSIONS.read_text()).values():
    client.beta.threads.delete(thread_id)
for path in (CONVERSATIONS, MY_SESSIONS):
    if path.exists():
        for conversation_id in json.loads(path.read_text()).values():
            client.conversations.delete(conversation_id)
print(client.beta.assistants.delete(xiaou.id).deleted)
for path in (SESSIONS, CONVERSATIONS, MY_SESSIONS, Path("my_xiaou_usage.json")):
    path.unlink(missing_ok=True)
# 练习 10.1 通过之后：它检索的向量存储，以及其中的文件（删除向量存储不会删除文件，见第 08 课）
# file_ids = [f.id for f in client.vector_stores.files.list(store.id)]
# client.vector_stores.delete(store.id)
# for file_id in file_ids: client.files.delete(file_id)
"""},
    ),
]
