"""Lesson 02's source: `make lessons` writes notebooks/02_threads.ipynb from CELLS and runs it."""

from tools.lessons import FILTER, FIRST_CELL

CELLS = [
    (
        "md",
        """
# 02 · Threads

**What you will be able to do**

- create a thread, with metadata that records whose conversation it is;
- retrieve, update and delete a thread;
- save a thread's id and resume the conversation later, from a fresh client;
- recognise the error a malformed metadata value gets.

A **thread** keeps a conversation's history: its messages.

1. A thread holds the conversation history, that is, its messages.
2. One assistant can take part in many threads.
3. A thread can hold any number of messages.
4. One user's multi-turn conversation with an assistant lives in one thread.

A thread does not belong to an assistant: a run puts the two together (a later lesson).
""",
    ),
    ("code", FILTER + "\n" + FIRST_CELL),
    (
        "md",
        """
## The original lesson's set-up, unchanged

The lesson this course grew from defines `show_json` itself and reads `.env` with `python-dotenv`. Its code runs
here as it was: `load_dotenv` does not override what is already set, and `OpenAI()` finds `OPENAI_API_KEY` and
`OPENAI_BASE_URL` in the environment.
""",
    ),
    (
        "code",
        """
import json

def show_json(obj):
    \"\"\"把任意对象用排版美观的 JSON 格式打印出来\"\"\"
    print(json.dumps(
        json.loads(obj.model_dump_json()),
        indent=4,
        ensure_ascii=False
    ))
""",
    ),
    (
        "code",
        """
from openai import OpenAI
import os  # unused here; kept as the original lesson wrote it
from dotenv import load_dotenv, find_dotenv
_ = load_dotenv(find_dotenv())

# 初始化 OpenAI 服务
client = OpenAI()   # openai >= 1.3.0 起,OPENAI_API_KEY 和 OPENAI_BASE_URL 会被默认使用

# 创建 thread
thread = client.beta.threads.create()
show_json(thread)
""",
    ),
    (
        "md",
        """
A new thread is small: an `id` (`thread_...`), when it was created, `metadata`, and `tool_resources` (files for
code interpreter and file search to use in this thread; none yet). Its messages are listed separately (lesson 03).

`ensure_ascii=False` is what keeps Chinese readable instead of `\\u4f60...` escapes. From here on we use the
course's `show_json` again: the same output, and it also takes dicts and lists.
""",
    ),
    ("code", "from helpers import show_json"),
    (
        "md",
        """
## Metadata: who the conversation belongs to

`metadata` holds up to 16 key-value pairs of your own, both strings. A common use is recording the user a thread
belongs to:
""",
    ),
    (
        "code",
        """
thread = client.beta.threads.create(
    metadata={"fullname": "王卓然", "username": "taliux"}
)
show_json(thread)
""",
    ),
    (
        "md",
        """
## Retrieve a thread by id

If you save a thread's id, you can carry on the conversation next time. Getting the thread object back from its id:
""",
    ),
    (
        "code",
        """
thread = client.beta.threads.retrieve(thread.id)
show_json(thread)
""",
    ),
    (
        "md",
        """
## Update a thread

The original lesson calls this `threads.modify()`; in the Python SDK it is `threads.update()`. It changes
`metadata` and `tool_resources`. Metadata is replaced as a whole, so send every pair you want to keep:
""",
    ),
    (
        "code",
        """
thread = client.beta.threads.update(
    thread.id,
    metadata={"fullname": "王卓然", "username": "taliux", "channel": "web"},
)
print(thread.metadata)
""",
    ),
    (
        "md",
        """
Metadata values must be strings. A number is refused with a 400 that names the offending key in `param`, and the
thread is left as it was:
""",
    ),
    (
        "code",
        """
import openai

try:
    client.beta.threads.update(thread.id, metadata={"age": 30})
except openai.BadRequestError as e:
    print(e.status_code)
    show_json(e.body)
print(client.beta.threads.retrieve(thread.id).metadata)
""",
    ),
    (
        "md",
        """
## Resume a conversation from a saved id

This is what threads are for: the conversation outlives your program. Let us give the thread a message (lesson 03
covers messages), then save its id, as an application would, to a small JSON file:
""",
    ),
    (
        "code",
        """
from pathlib import Path

client.beta.threads.messages.create(thread_id=thread.id, role="user", content="你好,我想了解 UAP")

saved = Path("saved_thread.json")
saved.write_text(json.dumps({"thread_id": thread.id, "username": "taliux"}, ensure_ascii=False))
print(saved.read_text())
""",
    ),
    (
        "md",
        """
Imagine the program ends here, and starts again tomorrow. Nothing of the old `client` or `thread` is left. A new
client reads the saved id, and the server still has the whole conversation:
""",
    ),
    (
        "code",
        """
saved_id = json.loads(Path("saved_thread.json").read_text())["thread_id"]

new_client = OpenAI()
resumed = new_client.beta.threads.retrieve(saved_id)
print(resumed.id == thread.id, resumed.metadata["fullname"])

for message in new_client.beta.threads.messages.list(thread_id=saved_id):
    print(message.role, ":", message.content[0].text.value)
""",
    ),
    (
        "md",
        """
The simulator keeps its database on disk (in `.simulator/`), so this works across restarts of the simulator too,
as it did across days on OpenAI's servers.

## Delete a thread

Deleting a thread deletes its messages with it. We also remove the saved file, so the lesson can be run again
from a clean state:
""",
    ),
    (
        "code",
        """
show_json(client.beta.threads.delete(thread.id))
saved.unlink()
""",
    ),
    (
        "code",
        """
try:
    new_client.beta.threads.retrieve(saved_id)
except openai.NotFoundError as e:
    print(e.status_code)
    show_json(e.body)
""",
    ),
    (
        "md",
        """
## Recap

- `client.beta.threads.create(metadata={...})` starts a conversation; metadata is yours (16 string pairs), good
  for recording the user.
- `retrieve(id)` gets it back; `update(id, metadata=..., tool_resources=...)` changes it (the lesson's `modify`);
  `delete(id)` removes it and its messages.
- Save a thread's id and you can resume the conversation later, from any client: the history lives on the server.
- Bad input is a 400 that names the `param`, and changes nothing.

Next: **03 · Messages**, what goes into a thread.
""",
    ),
]
