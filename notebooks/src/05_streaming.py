"""Lesson 05's source: `make lessons` writes notebooks/05_streaming.ipynb from CELLS and runs it."""

from tools.lessons import CLEAN_UP, FILTER, FIRST_CELL

CELLS = [
    (
        "md",
        """
# 05 · Streaming runs

**What you will be able to do**

- explain why an application streams a run instead of polling it;
- write an event handler (`AssistantEventHandler`) and run with `client.beta.threads.runs.stream(...)`;
- name the events a run streams, in their order, and say what each one carries;
- read the accumulated text from the stream and know it is exactly the stored message;
- chat with an assistant in a small widget that streams its replies.
""",
    ),
    ("code", FILTER + "\n" + FIRST_CELL),
    (
        "md",
        """
## Why stream

`create_and_poll` waits until the run is over and then hands you the whole answer. For a long answer the user
stares at nothing for seconds. With **streaming**, the API sends the run's progress as it happens, over one HTTP
response (server-sent events): the run being queued, starting, the message being created, and then the text
itself, a few tokens at a time. Your application prints each piece as it arrives, which is how chat products
"type" their answers.

Nothing else changes: it is the same run, the same steps, the same message stored in the thread. Streaming only
changes *how you find out*.

First, the assistant and the thread of the earlier lessons (created again here, so this notebook runs on its
own), and one run the polling way:
""",
    ),
    (
        "code",
        """
assistant = client.beta.assistants.create(
    name="小U",
    instructions="你叫小U,你是JAVA技术框架 UAP的助手,你负责回答用户关于UAP的问题。",
    model="gpt-4-turbo",
)
assistant_id = assistant.id

thread = client.beta.threads.create(
    messages=[
        {"role": "user", "content": "你好"},
        {"role": "assistant", "content": "有什么可以帮您?"},
        {"role": "user", "content": "你是谁?"},
    ]
)
run = client.beta.threads.runs.create_and_poll(thread_id=thread.id, assistant_id=assistant_id)
print(run.status)
print(client.beta.threads.messages.list(thread_id=thread.id, limit=1).data[0].content[0].text.value)
""",
    ),
    (
        "md",
        """
## Step 1: an event handler

The SDK reads the event stream for you and calls methods on an **event handler**, an object of your own class
built on `openai.AssistantEventHandler`. You override only the callbacks you care about. The original lesson's
handler, unchanged, overrides two:

- `on_text_created(text)`: a text part of a message begins; print a prompt `assistant > `;
- `on_text_delta(delta, snapshot)`: a piece of text arrived; `delta.value` is the new piece, `snapshot` the
  text so far. Print the piece, without a newline, and `flush` so it shows at once.
""",
    ),
    (
        "code",
        '''
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
''',
    ),
    (
        "md",
        """
## Step 2: run it with a stream

Add the next user message, then start the run with `runs.stream(...)` instead of `runs.create(...)`, passing an
instance of the handler. `stream.until_done()` reads the stream to its end, calling the handler on the way.
Again the original lesson's code:
""",
    ),
    (
        "code",
        """
# 添加新一轮的 user message
message = client.beta.threads.messages.create(
    thread_id=thread.id,
    role="user",
    content="你说什么?",
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
In a notebook the answer appears piece by piece (the simulator sends Chinese a few characters at a time and
English word by word). Against the simulator it arrives almost at once; to watch it type, as a class would,
start the simulator with a pause between pieces, e.g. `SIMULATOR_TOKEN_DELAY=0.05` in `.env` (see
`.env.example`).

## The events of one run

What came over the wire? Without a handler, the stream is an iterator of events, each with a name (`event.event`)
and an object (`event.data`). Let's ask once more and print every event's name, and the new text of each
`thread.message.delta`:
""",
    ),
    (
        "code",
        """
client.beta.threads.messages.create(thread_id=thread.id, role="user", content="你都能做什么?")

with client.beta.threads.runs.stream(thread_id=thread.id, assistant_id=assistant_id) as stream:
    events = list(stream)

for event in events:
    if event.event == "thread.message.delta":
        print(f"{event.event:28} {event.data.delta.content[0].text.value!r}")
    else:
        print(event.event)
""",
    ),
    (
        "md",
        """
For a run that answers in text the order is always this one, following the run's life (runs that call tools add
their steps in between, as lessons 06 and 07 show):

| event | `data` is | what it tells you |
|---|---|---|
| `thread.created` | the thread | only when the thread is created with the run (`create_and_run`) |
| `thread.run.created` | the run (`queued`) | the run exists |
| `thread.run.queued`, `thread.run.in_progress` | the run | its status changed |
| `thread.run.step.created`, `.in_progress` | the run step | the run started a step: writing a message, or calling tools |
| `thread.run.step.delta` | a step *delta* | a piece of a tool call: code being written, a function's arguments, logs |
| `thread.message.created`, `.in_progress` | the message (empty `content`) | the answer is about to be written |
| `thread.message.delta` | a message *delta* | a new piece of text |
| `thread.message.completed` | the whole message | the answer is written |
| `thread.run.step.completed` | the step, with its `usage` | the step is done |
| `thread.run.completed` | the finished run | the end; or `requires_action`, `failed`, `cancelled`, `incomplete`, `expired` |
| `thread.run.cancelling`, `thread.message.incomplete`, `thread.run.step.failed` / `.cancelled` / `.expired` | the run, message or step | a run that stops early says so for each open object |
| `error` | an error | the server failed mid-stream: the stream ends; handle it (the SDK raises) |

The stream ends after the run stops: the wire's last event is `done` with the data `[DONE]`, which the SDK
consumes for you. A run that needs your functions stops at `thread.run.requires_action`; you submit their outputs
with `submit_tool_outputs_stream(...)` and a new stream carries the rest (the function-calling lesson does this).

Each object is exactly what polling would return at that moment. The whole objects are big; a delta is small:
""",
    ),
    (
        "code",
        """
first_delta = next(event for event in events if event.event == "thread.message.delta")
show_json(first_delta.data)
""",
    ),
    (
        "md",
        """
The delta names the message (`id`) and which content part grows (`index`). Only the new text is in it: `role`
prints as `null` because the delta leaves it out, and only a part's first delta carries `annotations`.

## The snapshot is the stored message

Adding up the deltas gives the text so far: that is the `snapshot` your `on_text_delta` receives. At the end,
the stream's final message is exactly the one stored in the thread. `stream.text_deltas` iterates over just the
pieces of text, which is handy when all you want is the words:
""",
    ),
    (
        "code",
        """
client.beta.threads.messages.create(thread_id=thread.id, role="user", content="你好")

with client.beta.threads.runs.stream(thread_id=thread.id, assistant_id=assistant_id) as stream:
    for piece in stream.text_deltas:
        print(piece, end="|")
print()

final = stream.get_final_messages()[0]
stored = client.beta.threads.messages.retrieve(final.id, thread_id=thread.id)
print(final.content[0].text.value)
print(final.content[0].text.value == stored.content[0].text.value, stored.status)
""",
    ),
    (
        "md",
        """
The handler from Step 1 lives on in `helpers` for the later lessons, with two bigger siblings taken from the
original lesson: `ToolEventHandler` also prints tool calls, the code the code interpreter writes and its logs;
`FunctionCallingEventHandler(client, functions)` also runs your functions when the run asks for them and streams
the rest of the run. Same output:
""",
    ),
    (
        "code",
        """
from helpers import EventHandler as LessonEventHandler

client.beta.threads.messages.create(thread_id=thread.id, role="user", content="你是谁?")
with client.beta.threads.runs.stream(thread_id=thread.id, assistant_id=assistant_id, event_handler=LessonEventHandler()) as stream:
    stream.until_done()
print()
print(stream.current_run.status)
""",
    ),
    (
        "md",
        """
## A chat box

The same machinery behind a small widget: type into the box and press **Send** (or Enter). The reply streams into the
transcript, and the line below shows the run's status as its events arrive (`queued`, `in_progress`,
`completed`). It continues our thread, so the assistant sees the whole conversation.
""",
    ),
    (
        "code",
        """
from helpers import ChatBox

chat = ChatBox(client, assistant_id, thread_id=thread.id)
chat
""",
        {"tags": ["nbval-ignore-output"]},  # a live widget: its output is a model id, not something to compare
    ),
    (
        "md",
        """
Its `send` method does what the button does, so you can also drive it from code (this is how it is tested):
""",
    ),
    (
        "code",
        """
run = chat.send("你说什么?")
print(chat.status.value)
print(chat.transcript.value)
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
## Recap

- Streaming shows a run's progress as it happens; the run, its steps and its message are the same as when you poll.
- Subclass `AssistantEventHandler`, override callbacks such as `on_text_created` and `on_text_delta`, and run with
  `with client.beta.threads.runs.stream(thread_id=..., assistant_id=..., event_handler=...) as stream:
  stream.until_done()`.
- Events come in the run's order: run created, queued, in progress; step created; message created; message
  deltas; message completed; step completed; run completed (or `requires_action`, `failed`, ...); then `done`.
- Each event carries the object as a poll would return it; deltas carry only the new piece.
- The accumulated snapshot equals the stored message.
- `helpers` has the lesson's handlers (`EventHandler`, `ToolEventHandler`, `FunctionCallingEventHandler`) and a
  `ChatBox`.

Next: tools. The code interpreter writes and runs code, and its progress streams as run step deltas.
""",
    ),
]
