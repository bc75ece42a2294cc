"""Lesson 03's source: `make lessons` writes notebooks/03_messages.ipynb from CELLS and runs it."""

from tools.lessons import FILTER, FIRST_CELL

CELLS = [
    (
        "md",
        """
# 03 · Messages

**What you will be able to do**

- add a message to a thread, as text or as content parts (text and images);
- retrieve a message and update its metadata;
- list a thread's messages: newest first by default, oldest first with `order="asc"`, page by page with `limit`
  and `after`;
- create a thread together with its first messages;
- delete a message, and recognise the error a wrong role gets.

Messages have more structure than threads:

1. Not only text: a message can also hold images, and attach files.
2. Messages have `metadata` too.
""",
    ),
    ("code", FILTER + "\n" + FIRST_CELL),
    (
        "md",
        """
## Add a message

A message always belongs to a thread, so we need one first:
""",
    ),
    ("code", 'thread = client.beta.threads.create(metadata={"fullname": "王卓然", "username": "taliux"})'),
    (
        "md",
        """
The original lesson's message, unchanged. Read its comments: `role` is `user` or `assistant`, but assistant
messages are normally added by runs, so you rarely write one yourself.
""",
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
        """
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
        """
## Retrieve and update

`retrieve` needs the thread id as well: a message is only found in its own thread.
""",
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
        """
`update` changes a message's `metadata`, and nothing else: content is fixed once written.
""",
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
        """
## List messages

`list` returns a page of the thread's messages, **newest first** by default. Chat screens and runs usually care
about the latest turns, and the newest-first order makes "the last 10 messages" a single call with `limit=10`.
The thread now holds our two messages; we add two more to have something to page through:
""",
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
        """
To read the conversation in the order it happened, ask for `order="asc"`:
""",
    ),
    ("code", 'print(texts(client.beta.threads.messages.list(thread_id=thread.id, order="asc")))'),
    (
        "md",
        """
Pages come with cursors. `limit` sets the page size, `has_more` says whether another page follows, and `after`
(set to the page's `last_id`) fetches it:
""",
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
        """
## Start a thread with messages

You can also create a thread and its first messages in one call. Here is the original lesson's example,
unchanged: the conversation so far (user, assistant, user), then the thread and its message list:
""",
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
        """
The list is newest first: "你是谁?" is the first element, "你好" the last. `first_id` and `last_id` are the ids
of the first and last messages on this page, and `has_more` is `false`: all three fit in one page.

This is how you bring an existing conversation into a thread, for instance from another system. An `assistant`
message written this way is just history: no run produced it.

## Delete a message

Deleting a message takes it out of the thread's history, so later runs will not see it:
""",
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
        """
## A wrong role

Only `user` and `assistant` are accepted. There is no `system` message in a thread: standing instructions belong
to the assistant (its `instructions`) or to a run. The API answers with a 400 that lists the allowed values, and
adds nothing:
""",
    ),
    (
        "code",
        """
import openai

try:
    client.beta.threads.messages.create(thread_id=thread.id, role="system", content="你是小U")
except openai.BadRequestError as e:
    print(e.status_code)
    show_json(e.body)
print(len(client.beta.threads.messages.list(thread_id=thread.id).data), "messages, as before")
""",
    ),
    (
        "md",
        """
## Recap

- `client.beta.threads.messages.create(thread_id=..., role="user", content=...)` adds a message; `content` is a
  string or a list of parts (`text`, `image_url`, `image_file`).
- `retrieve(message_id, thread_id=...)` reads one; `update(...)` changes only its `metadata`; `delete(...)`
  removes it from the history.
- `list(thread_id)` is newest first; `order="asc"` reads in order; `limit`, `after` and `has_more` page through.
- `threads.create(messages=[...])` starts a thread with a history already in it.
- Roles are `user` and `assistant`; anything else is a 400.

Next: runs, where the assistant answers.
""",
    ),
]
