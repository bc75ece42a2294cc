"""Lesson 01's source: `make lessons` writes notebooks/01_assistants.ipynb from CELLS and runs it."""

from tools.lessons import FILTER, FIRST_CELL

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
        """
# 01 · Assistants

**What you will be able to do**

- create an assistant with a name, instructions, a model and a function tool;
- list assistants page by page (`limit`, `order`, `after`), retrieve one by id, update it and delete it;
- explain why an application keeps its assistant's id instead of creating a new assistant each time;
- read an API error: its status code and its JSON body.

You can make one assistant per application, or even one per use case in an application that keeps a
conversation history.
""",
    ),
    ("code", FILTER + "\n" + FIRST_CELL),
    (
        "md",
        """
## Create an assistant

The original lesson creates **小U**, a helper for UAP, a Java framework. This is its code, unchanged: a name,
instructions (the assistant's standing orders, in any language) and a model.
""",
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
        """
The reply is the stored assistant. It has an `id` (`asst_...`), a `created_at` Unix timestamp, your settings, and
defaults for what you did not send: no tools, `temperature` and `top_p` of 1.0, empty `metadata`.

## The lesson's sample assistant, with a function

The lesson's sample configuration gives 小U a **function tool**, `ask_database`: a description of a function
*your* code runs, written as JSON Schema. The model never runs it. It answers with the arguments (here, an SQL
query about the course schedule), and your code runs the query. The lesson on function calling does that; here we only declare it,
with the exact JSON from the lesson:
""",
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
        """
The tool came back as you sent it, plus `"strict": false` (strict schema checking is off unless you ask for it).

## Keep the assistant's id

An assistant is meant to be created **once** and used many times: every conversation names it by id. The original
lesson recommended creating it in OpenAI's online **Playground** and copying the id into your code, because
settings were easier to adjust and test there.

The Playground went with the service, so here you create it in code, as above, and save its id where your
application reads its settings (a config file, or `.env`, e.g. `XIAOU_ASSISTANT_ID=asst_...`). Creating a new
assistant on every start would leave a trail of duplicates behind.
""",
    ),
    ("code", "assistant_id = xiaou.id  # what your application stores\nprint(assistant_id)"),
    (
        "md",
        """
## List assistants

`list` returns one **page**, newest first. `limit` sets the page size (1 to 100, default 20). Other lessons (and
other people, on a shared server) create assistants too, so we ask for just the two newest, the two we created:
""",
    ),
    (
        "code",
        """
page = client.beta.assistants.list(limit=2)
for a in page.data:
    print(a.id, a.name, [tool.type for tool in a.tools])
print("first_id is xiaou:", page.first_id == xiaou.id, "| last_id is the first 小U:", page.last_id == assistant.id)
""",
    ),
    (
        "md",
        """
To get the next page, pass the last id you saw as `after`. A page also tells you `has_more`:
""",
    ),
    (
        "code",
        """
first = client.beta.assistants.list(limit=1)
second = client.beta.assistants.list(limit=1, after=first.last_id)
print("page 1 holds xiaou:", [a.id for a in first.data] == [xiaou.id], "| has_more:", first.has_more)
print("page 2 holds the first 小U:", [a.id for a in second.data] == [assistant.id])
""",
    ),
    (
        "md",
        """
`order="asc"` turns the list round: oldest first. Looping over a page (rather than over `page.data`) walks every
page for you, asking for the next one as needed:
""",
    ),
    (
        "code",
        """
oldest_first = [a.id for a in client.beta.assistants.list(order="asc")]
print("the first 小U comes before xiaou:", oldest_first.index(assistant.id) < oldest_first.index(xiaou.id))
""",
    ),
    (
        "md",
        """
## Retrieve one by id

This is how your application gets its assistant back from the id it saved:
""",
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
        """
## Update it

`update` changes only what you send: here a description and some metadata (up to 16 string pairs of your own,
keys up to 64 characters, values up to 512). The name, instructions and tools stay as they were.
""",
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
        """
## Delete it

We do not need the first, tool-less 小U any more. Deleting answers with a small confirmation object:
""",
    ),
    ("code", "show_json(client.beta.assistants.delete(assistant.id))"),
    (
        "md",
        """
After that, the id names nothing. The SDK turns the API's 404 into `openai.NotFoundError`. Its `status_code` is
the HTTP status, its `body` the API's error object:
""",
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
        """
## A bad request

Version 1 of the API had a tool called `retrieval`; version 2 renamed it `file_search`. Old code that still sends
it gets a **400**: `openai.BadRequestError`, whose body says what was wrong (`message`) and where (`param`):
""",
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
        """
A rejected request creates nothing, so you can fix it and send it again.

## Recap

- `client.beta.assistants.create(name=..., instructions=..., model=..., tools=[...])` makes an assistant; a
  function tool declares a function your code will run (`ask_database`).
- Create it once and keep its `id`; `retrieve(id)` gets it back.
- `list(limit=..., order=..., after=...)` pages newest first by default; looping over a page walks all pages.
- `update(id, ...)` changes only what you send; `delete(id)` removes it.
- Errors arrive as `openai.NotFoundError`, `openai.BadRequestError`, ... with `status_code` and a `body` naming
  the `param` at fault.

Next: **02 · Threads**, the conversations an assistant takes part in.
""",
    ),
]
