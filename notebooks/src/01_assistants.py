"""Lesson 01's source: `make lessons` writes notebooks/01_assistants.ipynb (and zh-CN/) from CELLS and runs it."""

from tools.lessons import CLEAN_UP, FILTER, FIRST_CELL, exercise, join, quiz_cells

ASK_DATABASE = r"""
ask_database = {
    "name": "ask_database",
    "description": "Use this function to answer user questions about course schedule. Output should be a fully formed SQL query.",
    "parameters": {
        "type": "object",
        "properties": {
            "query": {
                "type": "string",
                "description": "SQL query extracting info to answer the user's question.\nSQL should be written using this database schema:\n\nCREATE TABLE Courses (\n\tid INT AUTO_INCREMENT PRIMARY KEY,\n\tcourse_date DATE NOT NULL,\n\tstart_time TIME NOT NULL,\n\tend_time TIME NOT NULL,\n\tcourse_name VARCHAR(255) NOT NULL,\n\tinstructor VARCHAR(255) NOT NULL\n);\n\nThe query should be returned in plain text, not in JSON.\nThe query should only contain grammars supported by SQLite.",
            }
        },
        "required": ["query"],
    },
}
"""

CELLS = [
    (
        "md",
        {
            "en": """
# 01 · Assistants

**What you will be able to do**

- create an assistant with a name, instructions, a model and a function tool;
- list assistants page by page (`limit`, `order`, `after`), retrieve one by id, update it and delete it;
- explain why an application keeps its assistant's id instead of creating a new assistant each time;
- read an API error: its status code and its JSON body.

You can make one assistant per application, or even one per use case in an application that keeps a
conversation history.
""",
            "zh-CN": """
# 01 · 助手

**学完本课你将能够**

- 创建一个带名字、指令、模型和函数工具的助手；
- 分页列出助手（`limit`、`order`、`after`），按 id 获取、更新和删除助手；
- 说清为什么应用要保存助手的 id，而不是每次都新建一个助手；
- 读懂 API 错误：状态码和 JSON 格式的错误体。

可以为每个应用创建一个助手；在需要维护对话历史的应用里，甚至可以每个使用场景各建一个。
""",
        },
    ),
    ("code", join(FILTER, FIRST_CELL)),
    (
        "md",
        {
            "en": """
## Create an assistant

The original lesson creates **小U**, a helper for UAP, a Java framework. This is its code, unchanged: a name,
instructions (the assistant's standing orders, in any language) and a model.
""",
            "zh-CN": """
## 创建助手

原课程创建了**小U**，Java 技术框架 UAP 的助手。下面是原课程的代码，一字未改：名字、指令（助手长期遵守的要求，用什么语言写都行）和模型。
""",
        },
    ),
    (
        "code",
        """
from openai import OpenAI
# 初始化 OpenAI 服务
client = OpenAI()
# 创建助手
assistant = client.beta.assistants.create(
    name="小U",
    instructions="你叫小U,你是JAVA技术框架 UAP的助手,你负责回答用户关于UAP的问题。",
    model="gpt-4-turbo",
)
show_json(assistant)
""",
    ),
    (
        "md",
        {
            "en": """
The reply is the stored assistant. It has an `id` (`asst_...`), a `created_at` Unix timestamp, your settings, and
defaults for what you did not send: no tools, `temperature` and `top_p` of 1.0, empty `metadata`.

## The lesson's sample assistant, with a function

The lesson's sample configuration gives 小U a **function tool**, `ask_database`: a description of a function
*your* code runs, written as JSON Schema. The model never runs it. It answers with the arguments (here, an SQL
query about the course schedule), and your code runs the query. The lesson on function calling does that; here we only declare it,
with the exact JSON from the lesson:
""",
            "zh-CN": """
返回的就是保存下来的助手。它有 `id`（`asst_...`）、Unix 时间戳 `created_at`、你给的配置，以及你没传的那些字段的默认值：没有工具，`temperature` 和 `top_p` 都是 1.0，`metadata` 为空。

## 原课程的样例助手：带一个函数

原课程的样例配置给小U加了一个**函数工具** `ask_database`：用 JSON Schema 描述一个由*你的*代码执行的函数。模型从不执行它，只返回调用参数（这里是一条查询课程表的 SQL），由你的代码去执行。函数调用那一课会真正执行它；这里只声明，用的是原课程里一字不差的 JSON：
""",
        },
    ),
    ("code", ASK_DATABASE),
    (
        "code",
        """
xiaou = client.beta.assistants.create(
    name="小U",
    instructions="你叫小U,你是JAVA技术框架 UAP的助手,你负责回答用户关于UAP的问题。",
    model="gpt-4-turbo",
    tools=[{"type": "function", "function": ask_database}],
)
show_json(xiaou)
""",
    ),
    (
        "md",
        {
            "en": """
The tool came back as you sent it, plus `"strict": false` (strict schema checking is off unless you ask for it).
That was long; the parts you will look at most often fit on three lines:
""",
            "zh-CN": """
工具原样返回，只多了 `"strict": false`（除非你要求，否则不做严格的 schema 校验）。上面的输出很长；最常看的几项其实三行就够了：
""",
        },
    ),
    (
        "code",
        """
print(xiaou.id, xiaou.name, xiaou.model)
print(xiaou.instructions)
print([(tool.type, tool.function.name) for tool in xiaou.tools])
""",
    ),
    (
        "md",
        {
            "en": """
## Keep the assistant's id

An assistant is meant to be created **once** and used many times: every conversation names it by id. The original
lesson recommended creating it in OpenAI's online **Playground** and copying the id into your code, because
settings were easier to adjust and test there.

OpenAI's Playground went with the service; the simulator serves one of its own at
[http://127.0.0.1:8765/playground/](http://127.0.0.1:8765/playground/) (`make lab` prints the link). Make 小U there,
try it in the chat, and copy its id, or the Python that creates it ("Copy as code"). Either way, create the
assistant once and save its id where your application reads its settings (a config file, or `.env`, e.g.
`XIAOU_ASSISTANT_ID=asst_...`). Creating a new assistant on every start would leave a trail of duplicates behind.
""",
            "zh-CN": """
## 保存助手的 id

助手应该**只创建一次**，然后反复使用：每段对话都通过 id 引用它。原课程建议在 OpenAI 的在线 **Playground** 里创建助手，再把 id 拷贝到代码里，因为在那里调整配置、测试效果都更方便。

OpenAI 的 Playground 随服务一起下线了；模拟器自带一个：[http://127.0.0.1:8765/playground/](http://127.0.0.1:8765/playground/)（`make lab` 会打印这个链接）。可以在那里创建小U，在聊天里试一试，再拷贝它的 id，或者用“Copy as code”拷贝创建它的 Python 代码。无论哪种方式，助手都只创建一次，把 id 存到应用读取配置的地方（配置文件，或 `.env`，比如 `XIAOU_ASSISTANT_ID=asst_...`）。如果每次启动都新建一个助手，就会留下一堆重复的助手。
""",
        },
    ),
    ("code", {"en": "assistant_id = xiaou.id  # what your application stores\nprint(assistant_id)", "zh-CN": "assistant_id = xiaou.id  # 应用要保存的就是它\nprint(assistant_id)"}),
    (
        "md",
        {
            "en": """
## List assistants

`list` returns one **page**, newest first. `limit` sets the page size (1 to 100, default 20). Other lessons (and
other people, on a shared server) create assistants too, so we ask for just the two newest, the two we created:
""",
            "zh-CN": """
## 列出助手

`list` 返回**一页**结果，最新的在前。`limit` 设置每页大小（1 到 100，默认 20）。其他课程（以及共用服务器时的其他人）也会创建助手，所以这里只取最新的两个，也就是我们刚创建的两个：
""",
        },
    ),
    (
        "code",
        {"en": """
page = client.beta.assistants.list(limit=2)
for a in page.data:
    print(a.id, a.name, [tool.type for tool in a.tools])
print("first_id is xiaou:", page.first_id == xiaou.id, "| last_id is the first 小U:", page.last_id == assistant.id)
""", "zh-CN": """
page = client.beta.assistants.list(limit=2)
for a in page.data:
    print(a.id, a.name, [tool.type for tool in a.tools])
print("first_id 是 xiaou：", page.first_id == xiaou.id, "| last_id 是第一个小U：", page.last_id == assistant.id)
"""},
    ),
    (
        "md",
        {
            "en": """
To get the next page, pass the last id you saw as `after`. A page also tells you `has_more`:
""",
            "zh-CN": """
要取下一页，把看到的最后一个 id 作为 `after` 传入。每页还会告诉你 `has_more`（后面还有没有）：
""",
        },
    ),
    (
        "code",
        {"en": """
first = client.beta.assistants.list(limit=1)
second = client.beta.assistants.list(limit=1, after=first.last_id)
print("page 1 holds xiaou:", [a.id for a in first.data] == [xiaou.id], "| has_more:", first.has_more)
print("page 2 holds the first 小U:", [a.id for a in second.data] == [assistant.id])
""", "zh-CN": """
first = client.beta.assistants.list(limit=1)
second = client.beta.assistants.list(limit=1, after=first.last_id)
print("第 1 页是 xiaou：", [a.id for a in first.data] == [xiaou.id], "| has_more：", first.has_more)
print("第 2 页是第一个小U：", [a.id for a in second.data] == [assistant.id])
"""},
    ),
    (
        "md",
        {
            "en": """
`order="asc"` turns the list round: oldest first. Looping over a page (rather than over `page.data`) walks every
page for you, asking for the next one as needed:
""",
            "zh-CN": """
`order="asc"` 把顺序反过来：最早的在前。直接遍历 page 对象（而不是 `page.data`）时，SDK 会按需请求下一页，替你走完所有页：
""",
        },
    ),
    (
        "code",
        {"en": """
oldest_first = [a.id for a in client.beta.assistants.list(order="asc")]
print("the first 小U comes before xiaou:", oldest_first.index(assistant.id) < oldest_first.index(xiaou.id))
""", "zh-CN": """
oldest_first = [a.id for a in client.beta.assistants.list(order="asc")]
print("第一个小U排在 xiaou 前面：", oldest_first.index(assistant.id) < oldest_first.index(xiaou.id))
"""},
    ),
    (
        "md",
        {
            "en": """
## Retrieve one by id

This is how your application gets its assistant back from the id it saved:
""",
            "zh-CN": """
## 按 id 获取

应用就是这样用保存下来的 id 取回自己的助手：
""",
        },
    ),
    (
        "code",
        """
again = client.beta.assistants.retrieve(assistant_id)
print(again.name, again.model, again.tools[0].function.name)
print(again == xiaou)
""",
    ),
    (
        "md",
        {
            "en": """
## Update it

`update` changes only what you send: here a description and some metadata (up to 16 string pairs of your own,
keys up to 64 characters, values up to 512). The name, instructions and tools stay as they were.
""",
            "zh-CN": """
## 更新

`update` 只修改你传入的字段：这里是描述和一些 metadata（最多 16 对你自己定义的字符串，键最长 64 个字符，值最长 512 个字符）。名字、指令和工具都保持不变。
""",
        },
    ),
    (
        "code",
        """
xiaou = client.beta.assistants.update(
    xiaou.id,
    description="UAP 框架问答助手",
    metadata={"team": "UAP", "version": "1"},
)
print(xiaou.description, xiaou.metadata, xiaou.name, len(xiaou.tools))
""",
    ),
    (
        "md",
        {
            "en": """
## Delete it

We do not need the first, tool-less 小U any more. Deleting answers with a small confirmation object:
""",
            "zh-CN": """
## 删除

第一个不带工具的小U已经用不上了。删除操作返回一个简短的确认对象：
""",
        },
    ),
    ("code", "show_json(client.beta.assistants.delete(assistant.id))"),
    (
        "md",
        {
            "en": """
After that, the id names nothing. The SDK turns the API's 404 into `openai.NotFoundError`. Its `status_code` is
the HTTP status, its `body` the API's error object:
""",
            "zh-CN": """
删除之后，再用这个 id 就什么也找不到了。SDK 把 API 返回的 404 转成 `openai.NotFoundError`：`status_code` 是 HTTP 状态码，`body` 是 API 返回的错误对象：
""",
        },
    ),
    (
        "code",
        """
import openai

try:
    client.beta.assistants.retrieve(assistant.id)
except openai.NotFoundError as e:
    print(e.status_code)
    show_json(e.body)
""",
    ),
    (
        "md",
        {
            "en": """
## A bad request

Version 1 of the API had a tool called `retrieval`; version 2 renamed it `file_search`. Old code that still sends
it gets a **400**: `openai.BadRequestError`, whose body says what was wrong (`message`) and where (`param`). (The
wording of `message` is the simulator's; the status, `type` and `param` are what the real API answered.)
""",
            "zh-CN": """
## 错误的请求

v1 版 API 有一个叫 `retrieval` 的工具，v2 把它改名为 `file_search`。还在发送它的旧代码会得到 **400**：`openai.BadRequestError`，错误体会说明错在哪里（`message`）、是哪个参数（`param`）。（`message` 的措辞是模拟器的；状态码、`type` 和 `param` 与真实 API 的返回一致。）
""",
        },
    ),
    (
        "code",
        """
try:
    client.beta.assistants.create(model="gpt-4-turbo", name="old 小U", tools=[{"type": "retrieval"}])
except openai.BadRequestError as e:
    print(e.status_code)
    show_json(e.body)
""",
    ),
    (
        "md",
        {
            "en": """
A rejected request creates nothing, so you can fix it and send it again.

## Exercises

Each exercise has a cell for your code, then a check. The check retrieves what you created **through the API** and
says what is right, what is missing, and a hint. Run it as often as you like; open the hints one at a time if you
are stuck. Each exercise makes what it needs, so you can do it again after the clean-up at the end.

### Exercise 01.1 · Modify: a more focused 小U

The cell below makes a fresh 小U, then updates it. Change **the update** so that 小U's `temperature` is `0.2`
(steadier answers) and its instructions also ask for short answers, in your own words, without losing what they
already say or its `ask_database` tool. As the cell stands, the check tells you what is still missing.
""",
            "zh-CN": """
被拒绝的请求不会创建任何东西，改好之后重新发送即可。

## 练习

每个练习都有一个写代码的单元格，后面跟一个检查。检查会**通过 API** 取回你创建的对象，告诉你哪些做对了、还缺什么，并给出提示。可以反复运行；卡住了就一个一个打开提示。每个练习都会自己创建需要的对象，所以即使运行过最后的清理，也可以重新做。

### 练习 01.1 · 改一改：更稳定、更简洁的小U

下面的单元格先创建一个新的小U，再更新它。改写**这次更新**：把小U的 `temperature` 设为 `0.2`（回答更稳定），并用你自己的话在指令里要求回答简短；原有的指令内容和 `ask_database` 工具都不能丢。单元格保持原样时，检查会告诉你还缺什么。
""",
        },
    ),
    *exercise(
        None,
        {"en": """
xiaou = client.beta.assistants.create(  # a fresh 小U, as above
    name="小U",
    instructions="你叫小U,你是JAVA技术框架 UAP的助手,你负责回答用户关于UAP的问题。",
    model="gpt-4-turbo",
    tools=[{"type": "function", "function": ask_database}],
)
xiaou = client.beta.assistants.update(xiaou.id, description="UAP 框架问答助手")  # change this update
""", "zh-CN": """
xiaou = client.beta.assistants.create(  # 一个新的小U，和上面一样
    name="小U",
    instructions="你叫小U,你是JAVA技术框架 UAP的助手,你负责回答用户关于UAP的问题。",
    model="gpt-4-turbo",
    tools=[{"type": "function", "function": ask_database}],
)
xiaou = client.beta.assistants.update(xiaou.id, description="UAP 框架问答助手")  # 改写这次更新
"""},
        "from helpers.checks.assistants import check_focused_xiaou\n\ncheck_focused_xiaou(client, xiaou)",
        {"en": """
xiaou = client.beta.assistants.create(  # a fresh 小U, as above
    name="小U",
    instructions="你叫小U,你是JAVA技术框架 UAP的助手,你负责回答用户关于UAP的问题。",
    model="gpt-4-turbo",
    tools=[{"type": "function", "function": ask_database}],
)
xiaou = client.beta.assistants.update(
    xiaou.id,
    temperature=0.2,
    instructions=xiaou.instructions + "每次回答不超过两句话。",  # update replaces the whole text: keep the old part
)
""", "zh-CN": """
xiaou = client.beta.assistants.create(  # 一个新的小U，和上面一样
    name="小U",
    instructions="你叫小U,你是JAVA技术框架 UAP的助手,你负责回答用户关于UAP的问题。",
    model="gpt-4-turbo",
    tools=[{"type": "function", "function": ask_database}],
)
xiaou = client.beta.assistants.update(
    xiaou.id,
    temperature=0.2,
    instructions=xiaou.instructions + "每次回答不超过两句话。",  # update 会整体替换指令：保留原来的内容
)
"""},
        hints=[
            {"en": "`update` takes the same settings as `create`, and changes only the ones you send.", "zh-CN": "`update` 接受和 `create` 一样的设置，只修改你传入的那些。"},
            {"en": "Sending `instructions=` replaces the whole text. The old text is still in `xiaou.instructions`.", "zh-CN": "传入 `instructions=` 会替换整段文本。原来的文本还在 `xiaou.instructions` 里。"},
        ],
    )[1:],
    *exercise(
        {
            "en": """
### Exercise 01.2 · Build: a weather assistant

Create an assistant, kept in `weather_assistant`, whose instructions say what it is for (the weather), with one
function tool: `get_weather`, described so that the model knows when to call it, taking one **required** string
parameter `city`.
""",
            "zh-CN": """
### 练习 01.2 · 动手做：天气助手

创建一个助手，存进 `weather_assistant`。它的指令说明它是做什么的（天气）；它有一个函数工具 `get_weather`，写好 description，让模型知道什么时候该调用它；这个函数接收一个**必填**的字符串参数 `city`。
""",
        },
        "weather_assistant = None",
        "from helpers.checks.assistants import check_weather_assistant\n\ncheck_weather_assistant(client, weather_assistant)",
        """
weather_assistant = client.beta.assistants.create(
    name="天气助手",
    instructions="你是气象助手。用户问到天气时,调用 get_weather 查询城市的天气。",
    model="gpt-4o",
    tools=[{
        "type": "function",
        "function": {
            "name": "get_weather",
            "description": "查询一个城市当前的天气",
            "parameters": {
                "type": "object",
                "properties": {"city": {"type": "string", "description": "城市名,如 北京"}},
                "required": ["city"],
            },
        },
    }],
)
""",
        hints=[
            {"en": "A function tool is a name, a description and a JSON Schema of its parameters.", "zh-CN": "函数工具就是一个名字、一段描述，加上参数的 JSON Schema。"},
            {"en": "The parameters are an `\"object\"` with `properties`; which of them the model must always fill goes in `required`, a list.", "zh-CN": "参数是一个 `\"object\"`，带 `properties`；模型每次都必须填写的参数放进 `required` 列表。"},
        ],
    ),
    *exercise(
        {
            "en": """
### Exercise 01.3 · Build: every assistant, page by page

Looping over a page hides the paging. Write it yourself: a function `all_assistant_ids(client, page_size=2)` that
asks for pages of `page_size` and returns every assistant's id, newest first. The check calls your function with
different page sizes and compares its answer with the SDK's own.
""",
            "zh-CN": """
### 练习 01.3 · 动手做：一页一页列出所有助手

直接遍历 page 对象时，翻页过程被隐藏了。自己写一遍：函数 `all_assistant_ids(client, page_size=2)`，按 `page_size` 分页请求，返回所有助手的 id，最新的在前。检查会用不同的页大小调用你的函数，并和 SDK 自己翻页的结果比较。
""",
        },
        "all_assistant_ids = None",
        "from helpers.checks.assistants import check_all_assistant_ids\n\ncheck_all_assistant_ids(client, all_assistant_ids)",
        """
def all_assistant_ids(client, page_size=2):
    page = client.beta.assistants.list(limit=page_size)
    ids = [a.id for a in page.data]
    while page.has_more:
        page = client.beta.assistants.list(limit=page_size, after=page.last_id)
        ids += [a.id for a in page.data]
    return ids
""",
        hints=[
            {"en": "A page says whether more come after it, and which id it ended on.", "zh-CN": "每一页都会告诉你后面还有没有，以及它停在哪个 id 上。"},
            {"en": "`limit=` sets the page size; `after=` an id starts the next page after it. Loop while `page.has_more`.", "zh-CN": "`limit=` 设置页大小；`after=` 某个 id 表示从它之后开始下一页。只要 `page.has_more` 为真就继续循环。"},
        ],
    ),
    *exercise(
        {
            "en": """
### Exercise 01.4 · Predict: the first page

Three assistants are created in this order, named `"first"`, `"second"` and `"third"`. Right after, which names
does `client.beta.assistants.list(limit=2).data` hold, in order?

- **a** first, second
- **b** third, second
- **c** second, third

Write your letter in `my_prediction` **before running anything**. Then find out: create the three, list with
`limit=2`, and keep the page's names, in order, in `seen`.
""",
            "zh-CN": """
### 练习 01.4 · 预测：第一页

按顺序创建三个助手，分别命名为 `"first"`、`"second"`、`"third"`。紧接着，`client.beta.assistants.list(limit=2).data` 里是哪两个名字，顺序如何？

- **a** first、second
- **b** third、second
- **c** second、third

**什么都别运行**，先把你选的字母写进 `my_prediction`。然后验证：创建这三个助手，用 `limit=2` 列出，把这一页的名字按顺序存进 `seen`。
""",
        },
        {"en": """
my_prediction = None  # "a", "b" or "c"
seen = None  # the names on the first page, in order
""", "zh-CN": """
my_prediction = None  # "a"、"b" 或 "c"
seen = None  # 第一页上的名字，按顺序
"""},
        "from helpers.checks.assistants import check_first_page\n\ncheck_first_page(client, my_prediction, seen)",
        """
my_prediction = "b"
for name in ["first", "second", "third"]:
    client.beta.assistants.create(model="gpt-4o", name=name)
seen = [a.name for a in client.beta.assistants.list(limit=2).data]
print(seen)
""",
        hints=[
            {"en": "The lesson listed assistants above: which came first in its output?", "zh-CN": "本课上面列出过助手：输出里排在最前面的是哪个？"},
            {"en": "`[a.name for a in page.data]` gives a page's names.", "zh-CN": "`[a.name for a in page.data]` 可以取出一页的名字。"},
        ],
    ),
    *exercise(
        {
            "en": """
### Exercise 01.5 · Debug: the assistant that could not be found

This function finds an assistant by name. It worked while the team had two assistants; now it answers `None` for
assistants that exist. Find the mistake and fix it. The check creates an assistant, then three newer ones, and calls
your function.
""",
            "zh-CN": """
### 练习 01.5 · 找错：找不到的助手

这个函数按名字查找助手。团队只有两个助手时它一切正常；现在，明明存在的助手它也返回 `None`。找到错误并修好它。检查会先创建一个助手，再创建三个更新的助手，然后调用你的函数。
""",
        },
        """
def find_assistant(client, name):
    for assistant in client.beta.assistants.list(limit=2).data:
        if assistant.name == name:
            return assistant
    return None
""",
        "from helpers.checks.assistants import check_find_assistant\n\ncheck_find_assistant(client, find_assistant)",
        {"en": """
def find_assistant(client, name):
    for assistant in client.beta.assistants.list(limit=2):  # the page itself fetches the next pages
        if assistant.name == name:
            return assistant
    return None
""", "zh-CN": """
def find_assistant(client, name):
    for assistant in client.beta.assistants.list(limit=2):  # 遍历 page 对象本身，会继续取后面的页
        if assistant.name == name:
            return assistant
    return None
"""},
        hints=[
            {"en": "How many assistants can the loop ever see?", "zh-CN": "这个循环最多能看到几个助手？"},
            {"en": "`.data` is one page. Looping over the page object itself goes on to the next pages (exercise 01.3 did it by hand).", "zh-CN": "`.data` 只是一页。直接遍历 page 对象本身，才会继续取后面的页（练习 01.3 手写过这个过程）。"},
        ],
    ),
    (
        "md",
        {
            "en": """
## The same with the Responses API

An assistant was configuration kept on the server: a name, instructions, a model, tools. The Responses API that
replaced it keeps no such object. The configuration lives in your code, and every request carries it:
`instructions` and `tools` go with each `responses.create`. A function tool is flat there (`name`, `description`
and `parameters` beside `type`), so this lesson's `ask_database` dict fits as it is; `"strict": False` because its
schema was not written for strict mode (lesson 07 explains).
""",
            "zh-CN": """
## 用 Responses API 做同样的事

助手是保存在服务器上的一份配置：名字、指令、模型、工具。取代它的 Responses API 不保存这样的对象。配置放在你的代码里，每次请求都带上它：`instructions` 和 `tools` 随每次 `responses.create` 一起发送。那里的函数工具是扁平的（`name`、`description`、`parameters` 与 `type` 并列），所以本课的 `ask_database` 字典原样就能用；写上 `"strict": False`，是因为它的 schema 不是按严格模式写的（第 07 课会讲）。
""",
        },
    ),
    (
        "code",
        """
XIAO_U = {
    "model": "gpt-4o",
    "instructions": "你叫小U,你是JAVA技术框架 UAP的助手,你负责回答用户关于UAP的问题。",
    "tools": [{"type": "function", **ask_database, "strict": False}],
}
response = client.responses.create(**XIAO_U, input="你是谁?")
print(response.output_text)
print(response.instructions == XIAO_U["instructions"], [tool.name for tool in response.tools])
""",
    ),
    (
        "md",
        {
            "en": """
The tool travels with the request. Ask something only the database knows, and the response ends with a
`function_call` item: the function's name and the SQL the model wrote (lesson 07 runs it and sends the result
back). What `update`, `list` and `delete` did for an assistant, your code does now: to change 小U, change the dict
(or build another from it). Each stored response records the configuration it ran with:
""",
            "zh-CN": """
工具随请求一起发送。问一个只有数据库才能回答的问题，响应会以一个 `function_call` 条目结束：函数名，以及模型写好的 SQL（第 07 课会执行它并把结果交回去）。以前助手的 `update`、`list` 和 `delete` 做的事，现在由你的代码来做：想改小U，就改这个字典（或者在它的基础上另建一个）。每个保存下来的响应都记录着它当时用的配置：
""",
        },
    ),
    (
        "code",
        """
response = client.responses.create(**XIAO_U, input="一共有几堂课?")
call = response.output[0]
print(call.type, call.name, call.arguments)

brief = {**XIAO_U, "instructions": XIAO_U["instructions"] + "回答要简短。"}
stored = client.responses.retrieve(client.responses.create(**brief, input="你好").id)
print(stored.instructions)
""",
    ),
    (
        "md",
        {
            "en": """
Lesson 09 moves every pattern of the course this way, side by side with the Assistants code.
""",
            "zh-CN": """
第 09 课用这种方式迁移课程里的每一种写法，与 Assistants 的代码逐一对照。
""",
        },
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
for deleted in [client.beta.assistants.delete(xiaou.id), client.beta.assistants.delete(weather_assistant.id)]:
    print(deleted.object, deleted.deleted)
""",
    ),
    (
        "md",
        {
            "en": """
## Recap

- `client.beta.assistants.create(name=..., instructions=..., model=..., tools=[...])` makes an assistant; a
  function tool declares a function your code will run (`ask_database`).
- Create it once and keep its `id`; `retrieve(id)` gets it back.
- `list(limit=..., order=..., after=...)` pages newest first by default; looping over a page walks all pages.
- `update(id, ...)` changes only what you send; `delete(id)` removes it.
- Errors arrive as `openai.NotFoundError`, `openai.BadRequestError`, ... with `status_code` and a `body` naming
  the `param` at fault.
""",
            "zh-CN": """
## 小结

- `client.beta.assistants.create(name=..., instructions=..., model=..., tools=[...])` 创建助手；函数工具声明一个由你的代码执行的函数（`ask_database`）。
- 助手只创建一次，保存它的 `id`；用 `retrieve(id)` 取回。
- `list(limit=..., order=..., after=...)` 默认最新的在前、分页返回；直接遍历 page 对象会走完所有页。
- `update(id, ...)` 只修改你传入的字段；`delete(id)` 删除助手。
- 错误以 `openai.NotFoundError`、`openai.BadRequestError` 等异常出现，带有 `status_code` 和一个指明出错 `param` 的 `body`。
""",
        },
    ),
    *quiz_cells("01"),
    (
        "md",
        {
            "en": """
Then answer these in your own words (the answer key is at the very end of the lesson):

4. Which three settings did the original lesson give 小U, and which one carries its standing orders?
5. Why keep an assistant's id instead of calling `create` every time your program starts?
""",
            "zh-CN": """
再用自己的话回答下面几题（答案在本课最后）：

4. 原课程给小U设置了哪三项？哪一项承载长期遵守的要求？
5. 为什么要保存助手的 id，而不是程序每次启动都调用 `create`？
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

- [API reference: Assistants](https://platform.openai.com/docs/api-reference/assistants): every field of
  create, list, retrieve, update and delete
- [Function calling with assistants](https://platform.openai.com/docs/assistants/tools/function-calling)
- [Migrating to the Responses API](https://platform.openai.com/docs/assistants/migration): where an assistant's
  settings go today

Next: **02 · Threads**, the conversations an assistant takes part in.
""",
            "zh-CN": """
## 延伸阅读

下面这些 OpenAI 页面描述的是一个已经不存在的服务，属于存档资料，随时可能迁移或消失（[Wayback Machine](https://web.archive.org/) 保存了副本）。

- [API 参考：Assistants](https://platform.openai.com/docs/api-reference/assistants)：create、list、retrieve、update、delete 的每个字段
- [助手中的函数调用](https://platform.openai.com/docs/assistants/tools/function-calling)
- [迁移到 Responses API](https://platform.openai.com/docs/assistants/migration)：助手的配置如今放在哪里

下一课：**02 · 线程**，助手参与的对话。
""",
        },
    ),
    (
        "md",
        {
            "en": """
## Answer key

4. A name, instructions and a model (and, in the sample configuration, a function tool). The instructions are the
   standing orders.
5. An assistant is configuration meant to be created once; creating one per start leaves duplicates behind. Save the
   id (config file, `.env`) and `retrieve` it.
""",
            "zh-CN": """
## 答案

4. 名字、指令和模型（样例配置里还有一个函数工具）。长期遵守的要求写在指令（instructions）里。
5. 助手是一份配置，应该只创建一次；每次启动都创建会留下一堆重复的助手。把 id 存下来（配置文件、`.env`），再用 `retrieve` 取回。
""",
        },
    ),
]
