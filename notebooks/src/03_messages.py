"""Lesson 03's source: `make lessons` writes notebooks/03_messages.ipynb (and zh-CN/) from CELLS and runs it."""

from tools.lessons import CLEAN_UP, FILTER, FIRST_CELL, exercise, join, quiz_cells

CELLS = [
    (
        "md",
        {
            "en": """
# 03 · Messages

**What you will be able to do**

- add a message to a thread, as text or as content parts (text and images), with files attached;
- retrieve a message and update its metadata;
- list a thread's messages: newest first by default, oldest first with `order="asc"`, page by page with `limit`
  and `after`;
- create a thread together with its first messages;
- delete a message, and recognise the error a wrong role gets.

Messages have more structure than threads:

1. Not only text: a message can also hold images, and attach files.
2. Messages have `metadata` too.
""",
            "zh-CN": """
# 03 · 消息

**学完本课你将能够**

- 向线程添加消息：纯文本，或由多个内容块（文本和图片）组成，还可以附带文件；
- 获取消息，并更新它的 metadata；
- 列出线程的消息：默认最新的在前，`order="asc"` 最早的在前，用 `limit` 和 `after` 分页；
- 创建线程的同时放入最初的几条消息；
- 删除消息，并认出角色写错时得到的错误。

消息的结构比线程复杂一些：

1. 不仅有文本，还可以有图片和文件；
2. 也有 metadata。
""",
        },
    ),
    ("code", join(FILTER, FIRST_CELL)),
    (
        "md",
        {
            "en": """
## Add a message

A message always belongs to a thread, so we need one first:
""",
            "zh-CN": """
## 添加消息

消息必须归属于一个线程，所以先创建一个：
""",
        },
    ),
    ("code", 'thread = client.beta.threads.create(metadata={"fullname": "王卓然", "username": "taliux"})'),
    (
        "md",
        {
            "en": """
The original lesson's message, unchanged. Read its comments: `role` is `user` or `assistant`, but assistant
messages are normally added by runs, so you rarely write one yourself.
""",
            "zh-CN": """
下面是原课程里的消息，一字未改。注意代码里的注释：`role` 取值是 `user` 或 `assistant`，但 assistant 消息一般由运行自动加入，很少需要自己构造。
""",
        },
    ),
    (
        "code",
        """
message = client.beta.threads.messages.create(
    thread_id=thread.id,  # message 必须归属于一个 thread
    role="user",          # 取值是 user 或者 assistant。但 assistant 消息会被自动加入,我们一般不需要自己构造
    content="你都能做什么?",
)
show_json(message)
""",
    ),
    (
        "md",
        {
            "en": """
What to notice:

- `content` is a **list of parts**. The string you sent became one `text` part; its `annotations` will hold
  citations when file search quotes a file.
- `assistant_id` and `run_id` are `null`: you wrote this message, no run did. The same goes for `status` and
  `completed_at`, which a run fills in for the messages *it* writes (as the real API answered).
- `attachments` would list files given to the tools with this message.

## Content parts: text and images

Instead of a string you can send the parts yourself, for example a question and an image by URL (an
`image_file` part would name an uploaded file instead). The simulator stores the image reference but, being
offline, never fetches it.
""",
            "zh-CN": """
值得注意的几点：

- `content` 是一个**内容块列表**。你发送的字符串变成了一个 `text` 块；文件检索引用文件内容时，引用以注解（annotation）的形式放在它的 `annotations` 里。
- `assistant_id` 和 `run_id` 是 `null`：这条消息是你写的，不是运行写的。`status` 和 `completed_at` 也一样，运行只会给*它自己*写的消息填上这两项（真实 API 也是这样返回的）。
- `attachments` 列出随这条消息交给工具使用的文件。

## 内容块：文本和图片

除了字符串，也可以自己组织内容块，比如一个问题加一张图片的 URL（`image_file` 块则引用一个上传过的文件）。模拟器会保存图片引用，但它是离线的，从不下载图片。
""",
        },
    ),
    (
        "code",
        """
picture = client.beta.threads.messages.create(
    thread_id=thread.id,
    role="user",
    content=[
        {"type": "text", "text": "这张架构图里有几个模块?"},
        {"type": "image_url", "image_url": {"url": "https://example.com/uap-architecture.png", "detail": "low"}},
    ],
)
for part in picture.content:
    print(part.type, part.text.value if part.type == "text" else part.image_url.url)
""",
    ),
    (
        "md",
        {
            "en": """
## Retrieve and update

`retrieve` needs the thread id as well: a message is only found in its own thread.
""",
            "zh-CN": """
## 获取和更新

`retrieve` 也需要线程 id：消息只能在它所属的线程里找到。
""",
        },
    ),
    (
        "code",
        """
same = client.beta.threads.messages.retrieve(message.id, thread_id=thread.id)
print(same.content[0].text.value, same == message)
""",
    ),
    (
        "md",
        {
            "en": """
`update` changes a message's `metadata`, and nothing else: content is fixed once written.
""",
            "zh-CN": """
`update` 只能修改消息的 `metadata`：内容一旦写入就不能再改。
""",
        },
    ),
    (
        "code",
        """
message = client.beta.threads.messages.update(
    message.id,
    thread_id=thread.id,
    metadata={"source": "web", "intent": "capabilities"},
)
print(message.metadata)
""",
    ),
    (
        "md",
        {
            "en": """
## List messages

`list` returns a page of the thread's messages, **newest first** by default. Chat screens and runs usually care
about the latest turns, and the newest-first order makes "the last 10 messages" a single call with `limit=10`.
The thread now holds our two messages; we add two more to have something to page through:
""",
            "zh-CN": """
## 列出消息

`list` 返回线程消息的一页，默认**最新的在前**。聊天界面和运行通常最关心最近的几轮；最新的在前，取“最近 10 条消息”只需一次调用：`limit=10`。线程里现在有两条消息；再加两条，好有东西可以翻页：
""",
        },
    ),
    (
        "code",
        """
for text in ["UAP 支持哪些数据库?", "怎么升级到最新版本?"]:
    client.beta.threads.messages.create(thread_id=thread.id, role="user", content=text)

def texts(page):
    return [m.content[0].text.value for m in page.data]

print(texts(client.beta.threads.messages.list(thread_id=thread.id)))
""",
    ),
    (
        "md",
        {
            "en": """
To read the conversation in the order it happened, ask for `order="asc"`:
""",
            "zh-CN": """
要按发生的顺序阅读对话，用 `order="asc"`：
""",
        },
    ),
    ("code", 'print(texts(client.beta.threads.messages.list(thread_id=thread.id, order="asc")))'),
    (
        "md",
        {
            "en": """
Pages come with cursors. `limit` sets the page size, `has_more` says whether another page follows, and `after`
(set to the page's `last_id`) fetches it:
""",
            "zh-CN": """
分页靠游标。`limit` 设置每页大小，`has_more` 表示后面是否还有下一页，`after`（设为本页的 `last_id`）用来取下一页：
""",
        },
    ),
    (
        "code",
        """
page = client.beta.threads.messages.list(thread_id=thread.id, limit=2)
print(texts(page), "has_more:", page.has_more)

page = client.beta.threads.messages.list(thread_id=thread.id, limit=2, after=page.last_id)
print(texts(page), "has_more:", page.has_more)
""",
    ),
    (
        "md",
        {
            "en": """
## Start a thread with messages

You can also create a thread and its first messages in one call. Here is the original lesson's example,
unchanged: the conversation so far (user, assistant, user), then the thread and its message list:
""",
            "zh-CN": """
## 创建线程时带上消息

也可以在创建线程的同时初始化一个消息列表。下面是原课程的例子，一字未改：先是到目前为止的对话（user、assistant、user），然后显示线程和它的消息列表：
""",
        },
    ),
    (
        "code",
        """
thread = client.beta.threads.create(
    messages=[
        {
            "role": "user",
            "content": "你好",
        },
        {
            "role": "assistant",
            "content": "有什么可以帮您?",
        },
        {
            "role": "user",
            "content": "你是谁?",
        },
    ]
)

show_json(thread)  # 显示 thread
print("-----")
show_json(client.beta.threads.messages.list(thread.id))  # 显示指定 thread 中的 message 列表
""",
    ),
    (
        "md",
        {
            "en": """
That is the faithful view: every field, as the API sends it, about 2.6 KB for three short messages. What you
usually want from it fits on three lines:
""",
            "zh-CN": """
这是完整的原始输出：API 发来的每个字段都在，三条短消息就有约 2.6 KB。平时真正要看的内容，三行就够了：
""",
        },
    ),
    (
        "code",
        """
for m in client.beta.threads.messages.list(thread.id):
    print(f"{m.role:>9} | {m.content[0].text.value}")
""",
    ),
    (
        "md",
        {
            "en": """
The list is newest first: "你是谁?" is the first element, "你好" the last. `first_id` and `last_id` are the ids
of the first and last messages on this page, and `has_more` is `false`: all three fit in one page.

This is how you bring an existing conversation into a thread, for instance from another system. An `assistant`
message written this way is just history: no run produced it.

## Delete a message

Deleting a message takes it out of the thread's history, so later runs will not see it:
""",
            "zh-CN": """
列表是最新的在前：“你是谁？”是第一个元素，“你好”是最后一个。`first_id` 和 `last_id` 是本页第一条和最后一条消息的 id；`has_more` 是 `false`：三条消息一页就装下了。

把已有的对话（比如来自别的系统）搬进线程，就用这种方式。这样写入的 `assistant` 消息只是历史记录，并不是某次运行生成的。

## 删除消息

删除消息会把它从线程的历史里拿掉，之后的运行就看不到它了：
""",
        },
    ),
    (
        "code",
        """
newest = client.beta.threads.messages.list(thread_id=thread.id, limit=1).data[0]
show_json(client.beta.threads.messages.delete(newest.id, thread_id=thread.id))
print(texts(client.beta.threads.messages.list(thread_id=thread.id, order="asc")))
""",
    ),
    (
        "md",
        {
            "en": """
## A wrong role

Only `user` and `assistant` are accepted. There is no `system` message in a thread: standing instructions belong
to the assistant (its `instructions`) or to a run. The API answers with a 400 that lists the allowed values, and
adds nothing:
""",
            "zh-CN": """
## 写错角色

只接受 `user` 和 `assistant`。线程里没有 `system` 消息：长期生效的指令属于助手（它的 `instructions`）或某次运行。API 返回 400，列出允许的取值，并且不会添加任何消息：
""",
        },
    ),
    (
        "code",
        {"en": """
import openai

try:
    client.beta.threads.messages.create(thread_id=thread.id, role="system", content="你是小U")
except openai.BadRequestError as e:
    print(e.status_code)
    show_json(e.body)
print(len(client.beta.threads.messages.list(thread_id=thread.id).data), "messages, as before")
""", "zh-CN": """
import openai

try:
    client.beta.threads.messages.create(thread_id=thread.id, role="system", content="你是小U")
except openai.BadRequestError as e:
    print(e.status_code)
    show_json(e.body)
print(len(client.beta.threads.messages.list(thread_id=thread.id).data), "条消息，和之前一样")
"""},
    ),
    (
        "md",
        {
            "en": """
## Exercises

Each exercise has a cell for your code (replace the `None`), then a check. The check retrieves what you created
**through the API** and says what is right, what is missing, and a hint. Run it as often as you like; open the
hints one at a time if you are stuck. Each exercise makes its own thread, so it still works after the clean-up.

### Exercise 03.1 · Predict: what is a message's content?

You send `content="如何安装 UAP?"`, a plain string. In the message that comes back, what is `message.content`?

- **a** the string `"如何安装 UAP?"`
- **b** a list with one part, whose text is `"如何安装 UAP?"`
- **c** a dict, `{"text": "如何安装 UAP?"}`

Write your letter in `my_prediction` **before running anything**. Then find out: in a new thread, add a user message
asking how to install UAP, tagged with the metadata `{"intent": "install"}` so that your application can sort
questions by intent. Keep the message in `install_question`, and print its `content`.
""",
            "zh-CN": """
## 练习

每个练习都有一个写代码的单元格（把 `None` 换成你的代码），后面跟一个检查。检查会**通过 API** 取回你创建的对象，告诉你哪些做对了、还缺什么，并给出提示。可以反复运行；卡住了就一个一个打开提示。每个练习都会自己创建线程，所以运行过清理之后也能重做。

### 练习 03.1 · 预测：消息的 content 是什么？

你发送的是 `content="如何安装 UAP?"`，一个普通字符串。在返回的消息里，`message.content` 是什么？

- **a** 字符串 `"如何安装 UAP?"`
- **b** 一个列表，里面有一个内容块，文本是 `"如何安装 UAP?"`
- **c** 一个 dict：`{"text": "如何安装 UAP?"}`

**什么都别运行**，先把你选的字母写进 `my_prediction`。然后验证：在一个新线程里添加一条用户消息，问怎么安装 UAP，并用 metadata `{"intent": "install"}` 给它打上标签，方便应用按意图给问题分类。把消息存进 `install_question`，再打印它的 `content`。
""",
        },
    ),
    *exercise(
        None,
        {"en": """
my_prediction = None  # "a", "b" or "c"
install_question = None
""", "zh-CN": """
my_prediction = None  # "a"、"b" 或 "c"
install_question = None
"""},
        "from helpers.checks.messages import check_tagged_message\n\ncheck_tagged_message(client, my_prediction, install_question)",
        """
my_prediction = "b"
questions = client.beta.threads.create()
install_question = client.beta.threads.messages.create(
    thread_id=questions.id,
    role="user",
    content="如何安装 UAP?",
    metadata={"intent": "install"},
)
print(install_question.content)
""",
        hints=[
            {"en": "Look at the `show_json(message)` output near the top of the lesson.", "zh-CN": "看看本课开头 `show_json(message)` 的输出。"},
            {"en": "A message needs a thread: create one first. Messages take `metadata=` as threads do.", "zh-CN": "消息必须属于一个线程：先创建一个。消息和线程一样接受 `metadata=`。"},
        ],
    )[1:],
    *exercise(
        {
            "en": """
### Exercise 03.2 · Modify: hand the file over

The cell below uploads a small CSV file and asks for an analysis of it, in a new thread. But the assistant would
never see the file: the message does not hand it over. Change the message so that it **attaches** the file for the
code interpreter. (Lesson 06 has the assistant actually read such a file.)
""",
            "zh-CN": """
### 练习 03.2 · 改一改：把文件交出去

下面的单元格上传了一个小 CSV 文件，并在一个新线程里请求分析它。可是助手根本看不到这个文件：消息没有把文件交出去。改写这条消息，让它把文件作为**附件**交给代码解释器。（第 06 课会让助手真正读取这样的文件。）
""",
        },
        """
csv_file = client.files.create(
    file=("sales.csv", "month,sales\\n1月,100\\n2月,120\\n3月,90\\n".encode()),
    purpose="assistants",
)
data_thread = client.beta.threads.create()
with_file = client.beta.threads.messages.create(
    thread_id=data_thread.id,
    role="user",
    content="帮我分析一下这份销售数据",
)
""",
        "from helpers.checks.messages import check_attached_file\n\ncheck_attached_file(client, data_thread, with_file)",
        """
csv_file = client.files.create(
    file=("sales.csv", "month,sales\\n1月,100\\n2月,120\\n3月,90\\n".encode()),
    purpose="assistants",
)
data_thread = client.beta.threads.create()
with_file = client.beta.threads.messages.create(
    thread_id=data_thread.id,
    role="user",
    content="帮我分析一下这份销售数据",
    attachments=[{"file_id": csv_file.id, "tools": [{"type": "code_interpreter"}]}],
)
""",
        hints=[
            {"en": "`show_json(message)` at the top of the lesson has a field for files given with a message.", "zh-CN": "本课开头 `show_json(message)` 的输出里，有一个字段专门放随消息提供的文件。"},
            {"en": "`attachments` is a list; each item names a `file_id` and the `tools` that may read it, such as `{\"type\": \"code_interpreter\"}`.", "zh-CN": "`attachments` 是一个列表；每一项写明 `file_id`，以及可以读取它的 `tools`，比如 `{\"type\": \"code_interpreter\"}`。"},
        ],
    ),
    *exercise(
        {
            "en": """
### Exercise 03.3 · Build: read a long thread

Write `read_all(client, thread_id)`, returning the text of every message in a thread, **oldest first**, however
long the thread is. The check makes a thread of 25 messages, calls your function on it, and deletes that thread
again.
""",
            "zh-CN": """
### 练习 03.3 · 动手做：读完一个很长的线程

写一个函数 `read_all(client, thread_id)`，按**最早的在前**的顺序返回线程里每条消息的文本，不管线程有多长。检查会创建一个有 25 条消息的线程，用你的函数读取它，然后再把这个线程删掉。
""",
        },
        "read_all = None",
        "from helpers.checks.messages import check_read_all\n\ncheck_read_all(client, read_all)",
        """
def read_all(client, thread_id):
    page = client.beta.threads.messages.list(thread_id=thread_id, order="asc")
    texts = [m.content[0].text.value for m in page.data]
    while page.has_more:
        page = client.beta.threads.messages.list(thread_id=thread_id, order="asc", after=page.last_id)
        texts += [m.content[0].text.value for m in page.data]
    return texts
""",
        hints=[
            {"en": "How many messages does one page hold when you do not say?", "zh-CN": "不指定时，一页有多少条消息？"},
            {"en": "`order=\"asc\"` gives the oldest first; follow `has_more` with `after=page.last_id`, or loop over the page object itself.", "zh-CN": "`order=\"asc\"` 让最早的在前；根据 `has_more` 用 `after=page.last_id` 继续，或者直接遍历 page 对象。"},
        ],
    ),
    *exercise(
        {
            "en": """
### Exercise 03.4 · Debug: the chat screen that shows the wrong turns

A chat screen shows the last three turns of a conversation, oldest at the top. On a long conversation, it shows
the wrong ones. Find the mistake and fix `last_turns`. The check makes a thread of six messages and calls it with
`n=3`.
""",
            "zh-CN": """
### 练习 03.4 · 找错：显示错了的聊天界面

一个聊天界面显示对话的最后三轮，最早的在最上面。对话一长，它显示的就不对了。找到错误并修好 `last_turns`。检查会创建一个有六条消息的线程，用 `n=3` 调用它。
""",
        },
        """
def last_turns(client, thread_id, n=3):
    page = client.beta.threads.messages.list(thread_id=thread_id, order="asc", limit=n)
    return [m.content[0].text.value for m in page.data]
""",
        "from helpers.checks.messages import check_last_turns\n\ncheck_last_turns(client, last_turns)",
        {"en": """
def last_turns(client, thread_id, n=3):
    page = client.beta.threads.messages.list(thread_id=thread_id, limit=n)  # newest first: the latest n
    return [m.content[0].text.value for m in reversed(page.data)]  # oldest of them at the top
""", "zh-CN": """
def last_turns(client, thread_id, n=3):
    page = client.beta.threads.messages.list(thread_id=thread_id, limit=n)  # 最新的在前：正好是最近的 n 条
    return [m.content[0].text.value for m in reversed(page.data)]  # 其中最早的放在最上面
"""},
        hints=[
            {"en": "Try it on a thread of six messages: which three come back?", "zh-CN": "在一个六条消息的线程上试一试：返回的是哪三条？"},
            {"en": "A page of `limit=n` starts at the beginning of the order you ask for. Which order puts the latest messages first? Then what is left to do?", "zh-CN": "`limit=n` 的一页从你要求的顺序的开头取起。哪种顺序让最新的消息排在前面？之后还要做什么？"},
        ],
    ),
    (
        "md",
        {
            "en": """
## The same with the Responses API

A message becomes an **item** of a conversation. `conversations.items.create` adds up to 20 at a time; a
message's content is a list of parts, as here: `input_text`, `input_image`, and `input_file`, which hands the
model a file to read itself (a PDF, say) where this lesson's attachments handed files to a tool. Items have no
metadata (the conversation has), and the roles may be `user`, `assistant`, `system` or `developer`.
""",
            "zh-CN": """
## 用 Responses API 做同样的事

消息变成了对话里的**条目（item）**。`conversations.items.create` 一次最多添加 20 个；消息的内容和本课一样是内容块列表：`input_text`、`input_image`，以及 `input_file`。本课的附件把文件交给某个工具，`input_file` 则把文件直接交给模型阅读（比如一份 PDF）。条目没有 metadata（对话有），角色可以是 `user`、`assistant`、`system` 或 `developer`。
""",
        },
    ),
    (
        "code",
        """
faq = client.files.create(file=open("../data/uap_docs/08_troubleshooting_faq.pdf", "rb"), purpose="user_data")
conversation = client.conversations.create(metadata={"fullname": "王卓然", "username": "taliux"})
added = client.conversations.items.create(conversation.id, items=[
    {"type": "message", "role": "user", "content": "你都能做什么?"},
    {"type": "message", "role": "user", "content": [
        {"type": "input_text", "text": "这张架构图里有几个模块?"},
        {"type": "input_image", "image_url": "https://example.com/uap-architecture.png", "detail": "low"},
    ]},
    {"type": "message", "role": "user", "content": [
        {"type": "input_text", "text": "这份 FAQ 里说了什么?"},
        {"type": "input_file", "file_id": faq.id},
    ]},
])
for item in added.data:
    print(item.role, [part.type for part in item.content])
""",
    ),
    (
        "md",
        {
            "en": """
Listing, paging, retrieving and deleting work as they did for messages: `order`, `limit`, `after`, `has_more`.
""",
            "zh-CN": """
列出、翻页、取回和删除都和消息一样：`order`、`limit`、`after`、`has_more`。
""",
        },
    ),
    (
        "code",
        """
page = client.conversations.items.list(conversation.id, order="asc", limit=2)
print([item.content[0].text for item in page.data], "has_more:", page.has_more)
page = client.conversations.items.list(conversation.id, order="asc", limit=2, after=page.last_id)
print([item.content[0].text for item in page.data], "has_more:", page.has_more)

first = client.conversations.items.retrieve(added.data[0].id, conversation_id=conversation.id)
client.conversations.items.delete(first.id, conversation_id=conversation.id)
print([item.content[0].text for item in client.conversations.items.list(conversation.id, order="asc")])
""",
    ),
    (
        "md",
        {
            "en": """
The same parts go straight into `responses.create(input=[...])` when you keep no conversation. Then clean up
this section's conversation and file:
""",
            "zh-CN": """
不用对话时，同样的内容块可以直接放进 `responses.create(input=[...])`。最后删掉本节的对话和文件：
""",
        },
    ),
    (
        "code",
        """
print(client.conversations.delete(conversation.id).deleted, client.files.delete(faq.id).deleted)
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
        {"en": """
print(client.beta.threads.delete(message.thread_id).deleted)  # the lesson's first thread
print(client.beta.threads.delete(thread.id).deleted)
print(client.beta.threads.delete(questions.id).deleted)
print(client.beta.threads.delete(data_thread.id).deleted)
print(client.files.delete(csv_file.id).deleted)
""", "zh-CN": """
print(client.beta.threads.delete(message.thread_id).deleted)  # 本课的第一个线程
print(client.beta.threads.delete(thread.id).deleted)
print(client.beta.threads.delete(questions.id).deleted)
print(client.beta.threads.delete(data_thread.id).deleted)
print(client.files.delete(csv_file.id).deleted)
"""},
    ),
    (
        "md",
        {
            "en": """
## Recap

- `client.beta.threads.messages.create(thread_id=..., role="user", content=...)` adds a message; `content` is a
  string or a list of parts (`text`, `image_url`, `image_file`); `attachments` hands uploaded files to tools.
- `retrieve(message_id, thread_id=...)` reads one; `update(...)` changes only its `metadata`; `delete(...)`
  removes it from the history.
- `list(thread_id)` is newest first; `order="asc"` reads in order; `limit`, `after` and `has_more` page through.
- `threads.create(messages=[...])` starts a thread with a history already in it.
- Roles are `user` and `assistant`; anything else is a 400.
""",
            "zh-CN": """
## 小结

- `client.beta.threads.messages.create(thread_id=..., role="user", content=...)` 添加消息；`content` 可以是字符串，也可以是内容块列表（`text`、`image_url`、`image_file`）；`attachments` 把上传的文件交给工具。
- `retrieve(message_id, thread_id=...)` 读取一条消息；`update(...)` 只能改它的 `metadata`；`delete(...)` 把它从历史中删除。
- `list(thread_id)` 默认最新的在前；`order="asc"` 按顺序读取；用 `limit`、`after` 和 `has_more` 翻页。
- `threads.create(messages=[...])` 创建一个已经带有历史的线程。
- 角色只能是 `user` 和 `assistant`，其他取值返回 400。
""",
        },
    ),
    *quiz_cells("03"),
    (
        "md",
        {
            "en": """
Then answer these in your own words (the answer key is at the very end of the lesson):

4. Why are `assistant_id` and `run_id` `null` on the messages of this lesson?
5. In which order does `messages.list` return messages, and how do you get the last 10 turns?
""",
            "zh-CN": """
再用自己的话回答下面几题（答案在本课最后）：

4. 为什么本课里这些消息的 `assistant_id` 和 `run_id` 都是 `null`？
5. `messages.list` 按什么顺序返回消息？怎样取最近 10 轮？
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

- [API reference: Messages](https://platform.openai.com/docs/api-reference/messages): create, list, retrieve,
  modify and delete, and every content part type
- [API reference: Files](https://platform.openai.com/docs/api-reference/files), for the uploads you attach
- [Migrating to the Responses API](https://platform.openai.com/docs/assistants/migration): messages become a
  conversation's items

Next: **04 · Runs**, where the assistant answers at last.
""",
            "zh-CN": """
## 延伸阅读

下面这些 OpenAI 页面描述的是一个已经不存在的服务，属于存档资料，随时可能迁移或消失（[Wayback Machine](https://web.archive.org/) 保存了副本）。

- [API 参考：Messages](https://platform.openai.com/docs/api-reference/messages)：create、list、retrieve、modify、delete，以及每种内容块类型
- [API 参考：Files](https://platform.openai.com/docs/api-reference/files)：附件所用的文件上传
- [迁移到 Responses API](https://platform.openai.com/docs/assistants/migration)：消息变成了对话（conversation）里的条目（item）

下一课：**04 · 运行**，助手终于要回答了。
""",
        },
    ),
    (
        "md",
        {
            "en": """
## Answer key

4. You wrote them; only messages a run writes carry the assistant and run that produced them.
5. Newest first by default; `list(thread_id=..., limit=10)` is the last 10 (add `order="asc"` to read a whole
   thread in order).
""",
            "zh-CN": """
## 答案

4. 这些消息是你写的；只有运行写的消息才会带上生成它的助手和运行。
5. 默认最新的在前；`list(thread_id=..., limit=10)` 就是最近 10 条（要按顺序读完整个线程，加上 `order="asc"`）。
""",
        },
    ),
]
