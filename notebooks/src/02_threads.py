"""Lesson 02's source: `make lessons` writes notebooks/02_threads.ipynb (and zh-CN/) from CELLS and runs it."""

from tools.lessons import CLEAN_UP, FILTER, FIRST_CELL, exercise, join, quiz_cells

CELLS = [
    (
        "md",
        {
            "en": """
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
            "zh-CN": """
# 02 · 线程

**学完本课你将能够**

- 创建线程，并用 metadata 记录这是谁的对话；
- 获取、更新和删除线程；
- 保存线程 id，之后用一个全新的客户端接着聊；
- 认出 metadata 值格式不对时得到的错误。

**线程**保存一段对话的历史，也就是它的消息：

1. 线程里保存的是对话历史，即消息；
2. 一个助手可以有多个线程；
3. 一个线程可以有无限条消息；
4. 一个用户与助手的多轮对话历史可以维护在一个线程里。

线程并不属于某个助手：是运行把两者关联起来（后面的课程会讲）。
""",
        },
    ),
    ("code", join(FILTER, FIRST_CELL)),
    (
        "md",
        {
            "en": """
## The original lesson's set-up, unchanged

The lesson this course grew from defines `show_json` itself and reads `.env` with `python-dotenv`. Its code runs
here as it was: `load_dotenv` does not override what is already set, and `OpenAI()` finds `OPENAI_API_KEY` and
`OPENAI_BASE_URL` in the environment.
""",
            "zh-CN": """
## 原课程的初始化代码，原样运行

原课程自己定义了 `show_json`，并用 `python-dotenv` 读取 `.env`。这些代码在这里原样可用：`load_dotenv` 不会覆盖已经设置的变量，`OpenAI()` 会从环境变量中找到 `OPENAI_API_KEY` 和 `OPENAI_BASE_URL`。
""",
        },
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
        {"en": """
from openai import OpenAI
import os  # unused here; kept as the original lesson wrote it
from dotenv import load_dotenv, find_dotenv
_ = load_dotenv(find_dotenv())

# 初始化 OpenAI 服务
client = OpenAI()   # openai >= 1.3.0 起,OPENAI_API_KEY 和 OPENAI_BASE_URL 会被默认使用

# 创建 thread
thread = client.beta.threads.create()
show_json(thread)
""", "zh-CN": """
from openai import OpenAI
import os  # 这里没用到，照原课程保留
from dotenv import load_dotenv, find_dotenv
_ = load_dotenv(find_dotenv())

# 初始化 OpenAI 服务
client = OpenAI()   # openai >= 1.3.0 起，OPENAI_API_KEY 和 OPENAI_BASE_URL 会被默认使用

# 创建 thread
thread = client.beta.threads.create()
show_json(thread)
"""},
    ),
    (
        "md",
        {
            "en": """
A new thread is small: an `id` (`thread_...`), when it was created, `metadata`, and `tool_resources` (files for
code interpreter and file search to use in this thread; none yet). Its messages are listed separately (lesson 03).

`ensure_ascii=False` is what keeps Chinese readable instead of `\\u4f60...` escapes. From here on we use the
course's `show_json` again: the same output, and it also takes dicts and lists.
""",
            "zh-CN": """
新线程的内容很少：`id`（`thread_...`）、创建时间、`metadata`，以及 `tool_resources`（这个线程里供代码解释器和文件检索使用的文件，目前还没有）。线程的消息要单独列出（第 03 课）。

`ensure_ascii=False` 让中文保持可读，而不是变成 `\\u4f60...` 这样的转义。接下来我们改回课程自带的 `show_json`：输出一样，而且它还能打印 dict 和 list。
""",
        },
    ),
    ("code", "from helpers import show_json"),
    (
        "md",
        {
            "en": """
## Metadata: who the conversation belongs to

`metadata` holds up to 16 key-value pairs of your own, both strings. A common use is recording the user a thread
belongs to:
""",
            "zh-CN": """
## metadata：这段对话属于谁

`metadata` 最多可以存 16 对你自己定义的键值，键和值都是字符串。常见用法是记录线程属于哪个用户：
""",
        },
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
        {
            "en": """
## Retrieve a thread by id

If you save a thread's id, you can carry on the conversation next time. Getting the thread object back from its id:
""",
            "zh-CN": """
## 按 id 获取线程

线程 id 如果保存下来，下次运行时就可以继续对话。从线程 id 取回线程对象：
""",
        },
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
        {
            "en": """
**Look closely at `tool_resources`.** The thread was created with `"code_interpreter": null`, and now that it is
read back it shows `"code_interpreter": {"file_ids": []}`. The original lesson's output shows the same: the real
service filled in an empty code interpreter entry when a thread was retrieved, and the simulator does as it did.
Code that reads `thread.tool_resources.code_interpreter` should handle both: `None`, or an object whose
`file_ids` is empty.
""",
            "zh-CN": """
**仔细看 `tool_resources`。** 线程创建时是 `"code_interpreter": null`，读回来时却是 `"code_interpreter": {"file_ids": []}`。原课程的输出也是这样：真实服务在读取线程时补上了一个空的代码解释器条目，模拟器也照样这么做。读取 `thread.tool_resources.code_interpreter` 的代码应该两种情况都能处理：`None`，或者 `file_ids` 为空的对象。
""",
        },
    ),
    (
        "md",
        {
            "en": """
## Update a thread

The original lesson calls this `threads.modify()`; in the Python SDK it is `threads.update()`. It changes
`metadata` and `tool_resources`. Metadata is replaced as a whole, so send every pair you want to keep:
""",
            "zh-CN": """
## 更新线程

原课程里叫 `threads.modify()`，在 Python SDK 里是 `threads.update()`。它可以修改 `metadata` 和 `tool_resources`。metadata 是整体替换的，所以要把想保留的键值对都一起发送：
""",
        },
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
        {
            "en": """
Metadata values must be strings. A number is refused with a 400 that names the offending key in `param`, and the
thread is left as it was:
""",
            "zh-CN": """
metadata 的值必须是字符串。传数字会被拒绝，返回 400，`param` 指出是哪个键出了问题，线程保持不变：
""",
        },
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
        {
            "en": """
## Resume a conversation from a saved id

This is what threads are for: the conversation outlives your program. Let us give the thread a message (lesson 03
covers messages), then save its id, as an application would, to a small JSON file:
""",
            "zh-CN": """
## 用保存的 id 接着聊

这正是线程的用处：对话能比你的程序活得更久。先给线程加一条消息（消息在第 03 课细讲），再像应用那样把它的 id 存进一个小 JSON 文件：
""",
        },
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
        {
            "en": """
Imagine the program ends here, and starts again tomorrow. Nothing of the old `client` or `thread` is left. A new
client reads the saved id, and the server still has the whole conversation:
""",
            "zh-CN": """
假设程序到这里结束，明天再重新启动。原来的 `client` 和 `thread` 都不在了。新的客户端读取保存的 id，服务端仍然保存着整段对话：
""",
        },
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
        {
            "en": """
The simulator keeps its database on disk (in `.simulator/`), so this works across restarts of the simulator too,
as it did across days on OpenAI's servers.

## Delete a thread

Deleting a thread deletes its messages with it. We also remove the saved file, so the lesson can be run again
from a clean state:
""",
            "zh-CN": """
模拟器把数据库保存在磁盘上（`.simulator/` 目录），所以即使模拟器重启也能接着聊，就像当年在 OpenAI 服务器上隔天也能接着聊一样。

## 删除线程

删除线程会连同它的消息一起删除。我们也删掉保存的文件，这样本课可以从干净的状态重新运行：
""",
        },
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
        {
            "en": """
## Exercises

Each exercise has a cell for your code (replace the `None`), then a check. The check retrieves what you created
**through the API** and says what is right, what is missing, and a hint. Run it as often as you like; open the
hints one at a time if you are stuck. Each exercise makes what it needs, so it still works after the clean-up.

### Exercise 02.1 · Predict: what does update keep?

A thread was created with `metadata={"fullname": "王卓然", "username": "taliux"}`. Then it is updated with
`metadata={"channel": "app"}`. What does its metadata hold now?

- **a** all three pairs: fullname, username and channel
- **b** only `channel`
- **c** nothing changes: the API answers 400, since metadata cannot be changed

Write your letter in `my_prediction` **before running anything**. Then find out: create that thread, update it as
described, and keep what `update` returns in `probe`.
""",
            "zh-CN": """
## 练习

每个练习都有一个写代码的单元格（把 `None` 换成你的代码），后面跟一个检查。检查会**通过 API** 取回你创建的对象，告诉你哪些做对了、还缺什么，并给出提示。可以反复运行；卡住了就一个一个打开提示。每个练习都会自己创建需要的对象，所以运行过清理之后也能重做。

### 练习 02.1 · 预测：update 会保留什么？

一个线程创建时带着 `metadata={"fullname": "王卓然", "username": "taliux"}`。随后用 `metadata={"channel": "app"}` 更新它。现在它的 metadata 里有什么？

- **a** 三对都在：fullname、username 和 channel
- **b** 只有 `channel`
- **c** 什么都没变：API 返回 400，因为 metadata 不能修改

**什么都别运行**，先把你选的字母写进 `my_prediction`。然后验证：创建这个线程，按上面说的更新它，把 `update` 的返回值存进 `probe`。
""",
        },
    ),
    *exercise(
        None,
        {"en": """
my_prediction = None  # "a", "b" or "c"
probe = None
""", "zh-CN": """
my_prediction = None  # "a"、"b" 或 "c"
probe = None
"""},
        "from helpers.checks.threads import check_update_prediction\n\ncheck_update_prediction(client, my_prediction, probe)",
        """
my_prediction = "b"
probe = client.beta.threads.create(metadata={"fullname": "王卓然", "username": "taliux"})
probe = client.beta.threads.update(probe.id, metadata={"channel": "app"})
print(probe.metadata)
""",
        hints=[
            {"en": "Metadata is one field of the thread, like `tool_resources`.", "zh-CN": "metadata 是线程的一个字段，和 `tool_resources` 一样。"},
            {"en": "`client.beta.threads.update(probe.id, metadata={...})` returns the thread as it is now: print its `metadata`.", "zh-CN": "`client.beta.threads.update(probe.id, metadata={...})` 返回线程现在的样子：打印它的 `metadata`。"},
        ],
    )[1:],
    *exercise(
        {
            "en": """
### Exercise 02.2 · Modify: the user moved to the app

You now talk to this user through the mobile app. The cell below records that, and loses who the user is (as
exercise 02.1 showed). Change **the update** so the thread's metadata says `"channel": "app"` and still holds the
fullname and username, whatever they are.
""",
            "zh-CN": """
### 练习 02.2 · 改一改：用户换到了 App

现在你通过手机 App 和这位用户对话。下面的单元格记下了这一点，却把用户是谁弄丢了（练习 02.1 已经看到了）。改写**这次更新**：让线程的 metadata 写着 `"channel": "app"`，同时仍然保留 fullname 和 username，不管它们原来是什么。
""",
        },
        """
my_thread = client.beta.threads.create(metadata={"fullname": "王卓然", "username": "taliux"})
my_thread = client.beta.threads.update(my_thread.id, metadata={"channel": "app"})
""",
        "from helpers.checks.threads import check_channel_update\n\ncheck_channel_update(client, my_thread)",
        {"en": """
my_thread = client.beta.threads.create(metadata={"fullname": "王卓然", "username": "taliux"})
my_thread = client.beta.threads.update(
    my_thread.id,
    metadata={**my_thread.metadata, "channel": "app"},  # metadata is replaced as a whole: resend the old pairs
)
""", "zh-CN": """
my_thread = client.beta.threads.create(metadata={"fullname": "王卓然", "username": "taliux"})
my_thread = client.beta.threads.update(
    my_thread.id,
    metadata={**my_thread.metadata, "channel": "app"},  # metadata 是整体替换的：旧的键值对要一起发送
)
"""},
        hints=[
            {"en": "The dict you send becomes the whole metadata.", "zh-CN": "你发送的字典会成为完整的 metadata。"},
            {"en": "Before the update, `my_thread.metadata` holds the old pairs. Build the new dict from it (without typing the user's name again).", "zh-CN": "更新之前，`my_thread.metadata` 里是旧的键值对。用它来构造新字典（不要再手写一遍用户名）。"},
        ],
    ),
    *exercise(
        {
            "en": """
### Exercise 02.3 · Build: your own index of threads

There is no `threads.list()`: the API never offered a way to list threads, so an application keeps its own record
of which thread is whose. Create one thread for each of two users, `taliux` and `xiaoming`, each with its
`username` in metadata, and keep a dict `threads_by_user` from username to thread id.
""",
            "zh-CN": """
### 练习 02.3 · 动手做：自己维护的线程索引

API 里没有 `threads.list()`：它从来没有提供列出线程的接口，所以应用要自己记住哪个线程属于谁。为 `taliux` 和 `xiaoming` 两位用户各创建一个线程，metadata 里记录各自的 `username`，再用一个 dict `threads_by_user` 保存用户名到线程 id 的对应关系。
""",
        },
        "threads_by_user = None",
        "from helpers.checks.threads import check_thread_index\n\ncheck_thread_index(client, threads_by_user)",
        """
threads_by_user = {}
for username, fullname in [("taliux", "王卓然"), ("xiaoming", "小明")]:
    new_thread = client.beta.threads.create(metadata={"fullname": fullname, "username": username})
    threads_by_user[username] = new_thread.id
""",
        hints=[
            {"en": "One thread per user; the dict's values are ids (strings), which you could save in a file.", "zh-CN": "每个用户一个线程；字典的值是 id（字符串），可以存进文件。"},
            {"en": "A loop over the two usernames: create a thread with the username in its metadata, then store its `.id` under the username.", "zh-CN": "遍历两个用户名：创建一个 metadata 带用户名的线程，再把它的 `.id` 存到该用户名下。"},
        ],
    ),
    *exercise(
        {
            "en": """
### Exercise 02.4 · Debug: the user who lost their history

A chat app calls `thread_for` each time a user opens it, to find their conversation. Users complain that the app
forgets everything between visits. Find the mistake and fix the function. The check calls it twice for the same
new user, with an empty index.
""",
            "zh-CN": """
### 练习 02.4 · 找错：丢了历史的用户

一个聊天应用在用户每次打开时调用 `thread_for`，找到他们的对话。用户抱怨应用每次都把之前的内容忘得一干二净。找到错误并修好这个函数。检查会用一个空索引，为同一个新用户调用它两次。
""",
        },
        {"en": """
def thread_for(client, username, index):
    # the user's thread: the one in the index (username -> thread id), or a new one
    if username in index:
        return client.beta.threads.retrieve(index[username])
    thread = client.beta.threads.create(metadata={"username": username})
    return thread
""", "zh-CN": """
def thread_for(client, username, index):
    # 用户的线程：索引里有就用索引里的（用户名 -> 线程 id），没有就新建一个
    if username in index:
        return client.beta.threads.retrieve(index[username])
    thread = client.beta.threads.create(metadata={"username": username})
    return thread
"""},
        "from helpers.checks.threads import check_thread_for\n\ncheck_thread_for(client, thread_for)",
        {"en": """
def thread_for(client, username, index):
    # the user's thread: the one in the index (username -> thread id), or a new one
    if username in index:
        return client.beta.threads.retrieve(index[username])
    thread = client.beta.threads.create(metadata={"username": username})
    index[username] = thread.id  # remember it: the next visit finds it
    return thread
""", "zh-CN": """
def thread_for(client, username, index):
    # 用户的线程：索引里有就用索引里的（用户名 -> 线程 id），没有就新建一个
    if username in index:
        return client.beta.threads.retrieve(index[username])
    thread = client.beta.threads.create(metadata={"username": username})
    index[username] = thread.id  # 记下来：下次来时就能找到
    return thread
"""},
        hints=[
            {"en": "Call it twice for the same user and compare the two thread ids.", "zh-CN": "为同一个用户调用两次，比较两次得到的线程 id。"},
            {"en": "When does `username in index` ever become true?", "zh-CN": "`username in index` 什么时候才会变成真？"},
        ],
    ),
    (
        "md",
        {
            "en": """
## The same with the Responses API

A thread becomes a **conversation**. It has an id and metadata, keeps the history on the server, and is resumed
from its saved id, as a thread was. A response joins it with `conversation=`: the question and the answer are
appended to it.
""",
            "zh-CN": """
## 用 Responses API 做同样的事

线程变成了**对话（conversation）**。它有 id 和 metadata，在服务端保存历史，也像线程一样凭保存的 id 接着用。响应通过 `conversation=` 加入对话：问题和回答都会追加进去。
""",
        },
    ),
    (
        "code",
        """
XIAO_U = {"model": "gpt-4o", "instructions": "你叫小U,你是JAVA技术框架 UAP的助手,你负责回答用户关于UAP的问题。"}

conversation = client.conversations.create(metadata={"fullname": "王卓然", "username": "taliux"})
client.responses.create(**XIAO_U, conversation=conversation.id, input="你好,我想了解 UAP")

saved = Path("saved_conversation.json")
saved.write_text(json.dumps({"conversation_id": conversation.id, "username": "taliux"}, ensure_ascii=False))
print(conversation.metadata)
""",
    ),
    (
        "md",
        {
            "en": """
The next day, in another program: the saved id is all it needs. The conversation brings its metadata and its
items, and the next response simply names it again.
""",
            "zh-CN": """
第二天，在另一个程序里：只需要保存下来的 id。对话带着它的 metadata 和条目（item），下一个响应再次指明它就行。
""",
        },
    ),
    (
        "code",
        """
saved_id = json.loads(Path("saved_conversation.json").read_text())["conversation_id"]

new_client = OpenAI()
resumed = new_client.conversations.retrieve(saved_id)
print(resumed.id == conversation.id, resumed.metadata["fullname"])

new_client.responses.create(**XIAO_U, conversation=saved_id, input="你说什么?")
for item in new_client.conversations.items.list(saved_id, order="asc"):
    print(item.role, ":", item.content[0].text)
""",
    ),
    (
        "md",
        {
            "en": """
`update` replaces the metadata as a whole, as it did for a thread, and `delete` removes the conversation with its
items. As with threads, the API cannot list conversations: keep your own index (exercise 02.3's map works
unchanged).
""",
            "zh-CN": """
`update` 像对线程一样整体替换 metadata，`delete` 删除对话及其条目。和线程一样，API 不能列出对话：要自己维护索引（练习 02.3 的映射原样可用）。
""",
        },
    ),
    (
        "code",
        """
conversation = client.conversations.update(conversation.id, metadata={**conversation.metadata, "channel": "web"})
print(conversation.metadata)
print(client.conversations.delete(conversation.id).deleted)
saved.unlink()
""",
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
for thread_id in [probe.id, my_thread.id, *threads_by_user.values()]:
    print(client.beta.threads.delete(thread_id).deleted)
""",
    ),
    (
        "md",
        {
            "en": """
## Recap

- `client.beta.threads.create(metadata={...})` starts a conversation; metadata is yours (16 string pairs), good
  for recording the user.
- `retrieve(id)` gets it back; `update(id, metadata=..., tool_resources=...)` changes it (the lesson's `modify`);
  `delete(id)` removes it and its messages.
- Save a thread's id and you can resume the conversation later, from any client: the history lives on the server.
  The API cannot list threads, so keep your own index.
- Bad input is a 400 that names the `param`, and changes nothing.
""",
            "zh-CN": """
## 小结

- `client.beta.threads.create(metadata={...})` 开始一段对话；metadata 由你定义（16 对字符串），适合记录用户信息。
- `retrieve(id)` 取回线程；`update(id, metadata=..., tool_resources=...)` 修改它（即原课程的 `modify`）；`delete(id)` 删除线程及其消息。
- 保存线程 id，之后从任何客户端都能接着聊：历史保存在服务端。API 不能列出线程，所以要自己维护索引。
- 错误的输入返回 400，指明出错的 `param`，并且不会改动任何东西。
""",
        },
    ),
    *quiz_cells("02"),
    (
        "md",
        {
            "en": """
Then answer these in your own words (the answer key is at the very end of the lesson):

4. Your program restarts. What do you need to continue yesterday's conversation?
5. How do you find all of one user's threads?
""",
            "zh-CN": """
再用自己的话回答下面几题（答案在本课最后）：

4. 程序重启了。要接着昨天的对话聊，你需要什么？
5. 怎样找到某个用户的所有线程？
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

- [API reference: Threads](https://platform.openai.com/docs/api-reference/threads): create, retrieve, modify,
  delete, and every field of a thread
- [Migrating to the Responses API](https://platform.openai.com/docs/assistants/migration): a thread becomes a
  conversation

Next: **03 · Messages**, what goes into a thread.
""",
            "zh-CN": """
## 延伸阅读

下面这些 OpenAI 页面描述的是一个已经不存在的服务，属于存档资料，随时可能迁移或消失（[Wayback Machine](https://web.archive.org/) 保存了副本）。

- [API 参考：Threads](https://platform.openai.com/docs/api-reference/threads)：create、retrieve、modify、delete，以及线程的每个字段
- [迁移到 Responses API](https://platform.openai.com/docs/assistants/migration)：线程变成了对话（conversation）

下一课：**03 · 消息**，线程里装的是什么。
""",
        },
    ),
    (
        "md",
        {
            "en": """
## Answer key

4. Only the thread's id: `threads.retrieve(id)` and `messages.list(thread_id=id)` from any client. The history is
   on the server.
5. From your own records: the API has no way to list threads, so store each thread id with its user (as in
   exercise 02.3).
""",
            "zh-CN": """
## 答案

4. 只需要线程 id：从任何客户端调用 `threads.retrieve(id)` 和 `messages.list(thread_id=id)` 即可，历史保存在服务端。
5. 查你自己的记录：API 没有列出线程的接口，所以要把每个线程 id 和它的用户一起存下来（就像练习 02.3）。
""",
        },
    ),
]
