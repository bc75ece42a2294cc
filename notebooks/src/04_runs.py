"""Lesson 04's source: `make lessons` writes notebooks/04_runs.ipynb (and zh-CN/) from CELLS and runs it."""

from tools.lessons import CLEAN_UP, FILTER, FIRST_CELL, exercise, join, quiz_cells

# The run status graph as Mermaid source, shown folded as text in both languages.
RUN_STATUS_MERMAID = """```text
stateDiagram-v2
    [*] --> queued: runs.create
    queued --> in_progress: picked up
    in_progress --> completed: answer written
    in_progress --> requires_action: model calls your functions
    requires_action --> queued: submit_tool_outputs
    in_progress --> incomplete: token limit hit
    in_progress --> failed: error (last_error)
    queued --> cancelling: runs.cancel
    in_progress --> cancelling: runs.cancel
    requires_action --> cancelling: runs.cancel
    cancelling --> cancelled
    queued --> expired: past expires_at
    in_progress --> expired: past expires_at
    requires_action --> expired: outputs not sent in time
    completed --> [*]
    incomplete --> [*]
    failed --> [*]
    cancelled --> [*]
    expired --> [*]
```
"""

POLL_LOOP = {
    "en": """while run.status in ("queued", "in_progress", "cancelling"):
    time.sleep(0.1)  # the simulator is fast; on the real API, wait about 1 s (or what openai-poll-after-ms says)
    run = client.beta.threads.runs.retrieve(run_id=run.id, thread_id=thread.id)
    if run.status != last:
        print(run.status)
        last = run.status
""",
    "zh-CN": """while run.status in ("queued", "in_progress", "cancelling"):
    time.sleep(0.1)  # 模拟器很快；在真实 API 上要等 1 秒左右（或按 openai-poll-after-ms 说的时长）
    run = client.beta.threads.runs.retrieve(run_id=run.id, thread_id=thread.id)
    if run.status != last:
        print(run.status)
        last = run.status
""",
}

CELLS = [
    (
        "md",
        {
            "en": """
# 04 · Runs

**What you will be able to do**

- start a run, which joins an assistant and a thread, and wait for its answer with `create_and_poll`;
- write the polling loop that `create_and_poll` hides, and read every status a run can have;
- list, retrieve, update and cancel runs, and read the steps a run took;
- give one run its own instructions, or a shorter view of the thread;
- recognise a `failed`, an `expired` and an `incomplete` run, and handle each.

As the original lesson puts it (开始 Run): a run joins an assistant and a thread for a conversation (用 run 把
assistant 和 thread 关联,进行对话), and each prompt is one run (一个 prompt 就是一次 run).

*Prerequisites: lessons 01–03 (assistants, threads, messages).*
""",
            "zh-CN": """
# 04 · 运行（Run）

**学完本课你将能够**

- 启动一次运行（run），把助手和线程关联起来，并用 `create_and_poll` 等待它的回答；
- 自己写出 `create_and_poll` 背后的轮询循环，读懂运行可能处于的每一种状态；
- 列出、获取、修改和取消运行，并查看运行经过的每个运行步骤（run step）；
- 让某一次运行使用自己的 instructions，或只看线程里的一部分消息；
- 认出 `failed`、`expired` 和 `incomplete` 的运行，并分别处理。

开始 Run：

- 用 run 把 assistant 和 thread 关联，进行对话
- 一个 prompt 就是一次 run

*前置知识：第 01–03 课（助手、线程、消息）。*
""",
        },
    ),
    ("code", join(FILTER, FIRST_CELL)),
    (
        "md",
        {
            "en": """
## An assistant and a thread

A run needs both. The assistant is the original lesson's 小U. The original lesson created it in OpenAI's online
Playground and copied its id into the code; the Playground went with the service, so here it is created in code
(as in lesson 01). The thread holds the original lesson's short conversation, ending with a question for the
assistant.
""",
            "zh-CN": """
## 一个助手和一个线程

运行需要这两样东西。助手是原课程里的小U。原课程在 OpenAI 的在线 Playground 里创建它，再把 id 拷贝进代码；Playground 已随服务一起下线，所以这里用代码创建（和第 01 课一样）。线程里是原课程那段简短的对话，最后一条是问助手的问题。
""",
        },
    ),
    (
        "code",
        """
assistant = client.beta.assistants.create(
    name="小U",
    instructions="你叫小U,你是JAVA技术框架 UAP的助手,你负责回答用户关于UAP的问题。",
    model="gpt-4-turbo",
)
thread = client.beta.threads.create(
    messages=[
        {"role": "user", "content": "你好"},
        {"role": "assistant", "content": "有什么可以帮您?"},
        {"role": "user", "content": "你是谁?"},
    ]
)
""",
    ),
    (
        "md",
        {
            "en": """
## Run it directly (直接运行)

The original lesson's code, unchanged except for one line: its assistant id was copied from the Playground, ours
comes from the assistant we just created.
""",
            "zh-CN": """
## 直接运行

原课程的代码，只改了一行：原课程的 assistant id 是从 Playground 拷贝的，我们的来自刚才创建的助手。
""",
        },
    ),
    (
        "code",
        {"en": """
assistant_id = assistant.id  # 从 Playground 中拷贝 (here: the assistant created above)

run = client.beta.threads.runs.create_and_poll(
    thread_id=thread.id,
    assistant_id=assistant_id,
)
if run.status == 'completed':
    messages = client.beta.threads.messages.list(thread_id=thread.id)
    show_json(messages)
else:
    print(run.status)
""", "zh-CN": """
assistant_id = assistant.id  # 从 Playground 中拷贝（这里用的是上面创建的助手）

run = client.beta.threads.runs.create_and_poll(
    thread_id=thread.id,
    assistant_id=assistant_id,
)
if run.status == 'completed':
    messages = client.beta.threads.messages.list(thread_id=thread.id)
    show_json(messages)
else:
    print(run.status)
"""},
    ),
    (
        "md",
        {
            "en": """
That is the whole page of messages, as the API sent it. The same page, one line per message:
""",
            "zh-CN": """
这是 API 返回的整页消息。同一页内容，每条消息一行：
""",
        },
    ),
    (
        "code",
        """
for m in messages.data:
    print(f"{m.role:9} run_id={m.run_id}  {m.content[0].text.value}")
""",
    ),
    (
        "md",
        {
            "en": """
The newest message comes first: 小U's answer. It has a `run_id` (and an `assistant_id`), because a run wrote it.
The assistant answers as 小U because the run read the assistant's instructions and the whole thread.

## Run status (Run 的状态): what `create_and_poll` does for you

A run is asynchronous underneath: the call returns without waiting for the model to finish. `run.status` tells
you how far the model has got, and so what to do next.

`runs.create` returns at once, with the run `queued`. The work happens on the server; you **poll**: retrieve the
run again and again until its status says it stopped. Here is that loop by hand. It prints a status only when it
changes:
""",
            "zh-CN": """
最新的消息排在最前面：小U 的回答。它带有 `run_id`（和 `assistant_id`），因为它是一次运行写出来的。助手以小U 的身份回答，是因为运行读取了助手的 instructions 和整个线程。

## Run 的状态：`create_and_poll` 替你做了什么

Run 的底层是个异步调用，意味着它不等大模型处理完，就返回。我们通过 run.status 了解大模型的工作进展情况，来判断下一步该干什么。

`runs.create` 立刻返回，此时运行是 `queued`。工作在服务端进行；你要**轮询**：一遍遍地获取这个运行，直到它的状态表明已经停下。下面是手写的轮询循环，只在状态变化时打印：
""",
        },
    ),
    (
        "code",
        join(
            """
import time

client.beta.threads.messages.create(thread_id=thread.id, role="user", content="你都能做什么?")
run = client.beta.threads.runs.create(thread_id=thread.id, assistant_id=assistant_id)
print(run.status)
last = run.status
""",
            POLL_LOOP,
            separator="",
        ),
    ),
    (
        "md",
        {
            "en": """
A real model takes seconds, so a loop like this saw `in_progress` many times. The offline simulator answers in
milliseconds; so that you still see every phase, it keeps a run `in_progress` until a poll has seen it (at most
2 seconds, the setting `SIMULATOR_IN_PROGRESS_HOLD`). **This hold is the simulator's, not the real API's.**
Streams are never held, and neither is the SDK's own poll helper: its polls (marked with the header
`X-Stainless-Poll-Helper`) wait on the server until the run stops, so `create_and_poll` usually needs no sleep at
all.

How long should you sleep between polls? `create_and_poll` asks the server: every run response carries the header
`openai-poll-after-ms`, and the SDK waits that long (1 second when the header is missing). The simulator says 25 ms:
""",
            "zh-CN": """
真实模型要花几秒钟，所以这样的循环会多次看到 `in_progress`。离线模拟器只要几毫秒就答完了；为了让你仍能看到每个阶段，它会让运行保持 `in_progress`，直到某次轮询看到它为止（最多 2 秒，设置项 `SIMULATOR_IN_PROGRESS_HOLD`）。**这个“停留”是模拟器特有的，真实 API 没有。** 流式运行从不停留，SDK 自带的轮询辅助函数也不会：它的轮询请求（带有请求头 `X-Stainless-Poll-Helper`）会在服务端一直等到运行结束，所以 `create_and_poll` 通常完全不需要 sleep。

两次轮询之间该等多久？`create_and_poll` 会问服务端：每个运行的响应都带有响应头 `openai-poll-after-ms`，SDK 就等这么久（没有这个头时等 1 秒）。模拟器给的是 25 毫秒：
""",
        },
    ),
    (
        "code",
        """
response = client.beta.threads.runs.with_raw_response.retrieve(run_id=run.id, thread_id=thread.id)
print(response.headers["openai-poll-after-ms"])
""",
    ),
    (
        "md",
        {
            "en": """
## Every status

The statuses `run.status` can have, and how a run moves between them (run.status 有的状态,和状态之间的转移关系):

![The run status machine](images/run_status.png)

(Drawn with Graphviz from `images/run_status.dot`.)

<details><summary>The same graph as Mermaid source, to paste into your own docs</summary>

""" + RUN_STATUS_MERMAID + """
</details>

| status | what it means | what you do |
|---|---|---|
| `queued` | created (or resumed after tool outputs), waiting to be picked up | keep polling |
| `in_progress` | the model is reading the thread and writing; `started_at` is set | keep polling |
| `requires_action` | the model asked to call your functions (`required_action` lists the calls) | run them, send `submit_tool_outputs` (lesson 07) |
| `cancelling` | you asked to cancel; the server is stopping | keep polling |
| `cancelled` | stopped by you; `cancelled_at` is set | nothing, or start a new run |
| `completed` | the answer is in the thread; `completed_at` and `usage` are set | read the messages |
| `incomplete` | a token limit you set was reached; `incomplete_details.reason` says which | raise the limit or ask again |
| `failed` | an error; `last_error` has a `code` and a `message`; `failed_at` is set | retry, wait, or fix the prompt (below) |
| `expired` | `expires_at` passed before the run finished | start a new run; send tool outputs sooner |

The last five are terminal: the run will not move again. `create_and_poll` also stops at `requires_action`,
because the next move is yours. While a run is active (the first four), its thread is locked: no new message, no
second run.

The finished run shows how its fields follow its status. `expires_at` is cleared once a run is over (only an
expired run keeps it), and `usage` appears only at the end:
""",
            "zh-CN": """
## 所有状态

run.status 有的状态，和状态之间的转移关系如图。

![运行的状态机](images/run_status.zh-CN.png)

（图由 Graphviz 根据 `images/run_status.zh-CN.dot` 画出。）

<details><summary>同一张图的 Mermaid 源码，可以贴到你自己的文档里</summary>

""" + RUN_STATUS_MERMAID + """
</details>

| 状态 | 含义 | 你该做什么 |
|---|---|---|
| `queued` | 已创建（或提交工具输出后恢复），等待处理 | 继续轮询 |
| `in_progress` | 模型正在读线程、写回答；`started_at` 已设置 | 继续轮询 |
| `requires_action` | 模型要求调用你的函数（`required_action` 列出各次调用） | 执行它们，用 `submit_tool_outputs` 提交（第 07 课） |
| `cancelling` | 你要求取消，服务端正在停止 | 继续轮询 |
| `cancelled` | 已被你取消；`cancelled_at` 已设置 | 不用做什么，或重新开始一次运行 |
| `completed` | 回答已写入线程；`completed_at` 和 `usage` 已设置 | 读取消息 |
| `incomplete` | 达到了你设置的 token 上限；`incomplete_details.reason` 说明是哪个 | 提高上限或重新提问 |
| `failed` | 出错；`last_error` 有 `code` 和 `message`；`failed_at` 已设置 | 重试、等待或修改提示词（见下文） |
| `expired` | 运行结束前已超过 `expires_at` | 重新开始一次运行；更早提交工具输出 |

后五个是终态：运行不会再变化。`create_and_poll` 遇到 `requires_action` 也会停下，因为下一步轮到你了。运行处于活动状态（前四个）时，它的线程是锁定的：不能添加新消息，也不能开始第二个运行。

结束的运行展示了各字段如何随状态变化。运行一结束，`expires_at` 就被清空（只有过期的运行保留它）；`usage` 只在最后出现：
""",
        },
    ),
    ("code", "show_json(run)"),
    (
        "md",
        {
            "en": """
## list, retrieve, update, cancel

The original lesson lists four more functions (还有如下函数):

1. `threads.runs.list()` lists a thread's runs;
2. `threads.runs.retrieve()` gets one run;
3. `threads.runs.update()` changes a run's metadata;
4. `threads.runs.cancel()` cancels a run that has not finished.

A thread keeps all its runs, newest first:
""",
            "zh-CN": """
## 列出、获取、修改、取消

还有如下函数：

1. `threads.runs.list()` 列出 thread 归属的 run
2. `threads.runs.retrieve()` 获取 run
3. `threads.runs.update()` 修改 run 的 metadata
4. `threads.runs.cancel()` 取消还没结束的 run

一个线程保留它所有的运行，最新的在前：
""",
        },
    ),
    (
        "code",
        """
runs = client.beta.threads.runs.list(thread_id=thread.id)
for r in runs.data:
    print(r.id, r.status)
""",
    ),
    (
        "code",
        """
run = client.beta.threads.runs.retrieve(run_id=run.id, thread_id=thread.id)
run = client.beta.threads.runs.update(run_id=run.id, thread_id=thread.id, metadata={"reviewed": "yes"})
print(run.status, run.metadata)
""",
    ),
    (
        "md",
        {
            "en": """
Only `metadata` can be changed; everything else about a run is a record of what happened.

Cancel a run that has not finished. The answer is `cancelling` at first; a poll then finds it `cancelled`, and no
answer was added to the thread:
""",
            "zh-CN": """
只有 `metadata` 可以修改；运行的其他字段记录的都是已经发生的事。

取消一个还没结束的运行。刚取消时返回的是 `cancelling`；再轮询就会看到 `cancelled`，而且线程里没有增加回答：
""",
        },
    ),
    (
        "code",
        """
client.beta.threads.messages.create(thread_id=thread.id, role="user", content="你是谁?")
run = client.beta.threads.runs.create(thread_id=thread.id, assistant_id=assistant_id)
run = client.beta.threads.runs.cancel(run_id=run.id, thread_id=thread.id)
print(run.status)
run = client.beta.threads.runs.poll(run_id=run.id, thread_id=thread.id)
print(run.status)
print(client.beta.threads.messages.list(thread_id=thread.id, run_id=run.id).data)
""",
    ),
    (
        "md",
        {
            "en": """
A run that is over cannot be cancelled. The API says so with a 400:
""",
            "zh-CN": """
已经结束的运行不能取消。API 会返回 400：
""",
        },
    ),
    (
        "code",
        """
import openai

try:
    client.beta.threads.runs.cancel(run_id=run.id, thread_id=thread.id)
except openai.BadRequestError as e:
    print(e.status_code)
    show_json(e.body)
""",
    ),
    (
        "md",
        {
            "en": """
## One active run per thread

While a run is active, its thread is locked. A second run, or a new message, gets a 400 until the run is over:
""",
            "zh-CN": """
## 每个线程同时只能有一个活动的运行

运行处于活动状态时，它的线程是锁定的。在它结束之前，再开一个运行或添加新消息都会得到 400：
""",
        },
    ),
    (
        "code",
        """
run = client.beta.threads.runs.create(thread_id=thread.id, assistant_id=assistant_id)
try:
    client.beta.threads.runs.create(thread_id=thread.id, assistant_id=assistant_id)
except openai.BadRequestError as e:
    print(e.status_code, e.body["message"])
try:
    client.beta.threads.messages.create(thread_id=thread.id, role="user", content="还有问题")
except openai.BadRequestError as e:
    print(e.status_code, e.body["message"])
run = client.beta.threads.runs.poll(run_id=run.id, thread_id=thread.id)
print(run.status)
""",
    ),
    (
        "md",
        {
            "en": """
## Run steps

A run records what it did as **steps**. A text answer is one `message_creation` step, which names the message it
wrote; a run that calls tools also has `tool_calls` steps (lessons 06 and 07). Each step has its own status,
timestamps and `usage`; the run's `usage` is the sum of its steps'.
""",
            "zh-CN": """
## 运行步骤

运行会把它做过的事记录为**运行步骤**（run step）。一次文字回答是一个 `message_creation` 步骤，里面写明它创建了哪条消息；调用工具的运行还会有 `tool_calls` 步骤（第 06、07 课）。每个步骤都有自己的状态、时间戳和 `usage`；运行的 `usage` 是各步骤之和。
""",
        },
    ),
    (
        "code",
        """
steps = client.beta.threads.runs.steps.list(run_id=run.id, thread_id=thread.id)
step = steps.data[0]
show_json(step)
print(step.usage.total_tokens == run.usage.total_tokens)
""",
    ),
    (
        "code",
        """
step = client.beta.threads.runs.steps.retrieve(step_id=step.id, run_id=run.id, thread_id=thread.id)
message = client.beta.threads.messages.retrieve(message_id=step.step_details.message_creation.message_id, thread_id=thread.id)
print(message.content[0].text.value)
""",
    ),
    (
        "md",
        {
            "en": """
## One run, its own settings

A run starts from its assistant's settings; each can be overridden for this run alone: `model`, `instructions`,
`additional_instructions` (appended to the assistant's), `additional_messages` (added to the thread first), `tools`,
`tool_choice`, `temperature`, `top_p`, `response_format`, `metadata`, and the limits below. The assistant itself
does not change.
""",
            "zh-CN": """
## 单次运行的专属设置

运行默认使用助手的设置；其中每一项都可以只为这一次运行覆盖：`model`、`instructions`、`additional_instructions`（追加在助手的 instructions 之后）、`additional_messages`（先加到线程里）、`tools`、`tool_choice`、`temperature`、`top_p`、`response_format`、`metadata`，以及下面的各种上限。助手本身不会改变。
""",
        },
    ),
    (
        "code",
        """
run = client.beta.threads.runs.create_and_poll(
    thread_id=thread.id,
    assistant_id=assistant_id,
    instructions="你叫小明,你是一个数学老师。",
    additional_messages=[{"role": "user", "content": "你是谁?"}],
)
print(client.beta.threads.messages.list(thread_id=thread.id, run_id=run.id).data[0].content[0].text.value)
print(client.beta.assistants.retrieve(assistant_id).instructions)
""",
    ),
    (
        "md",
        {
            "en": """
What the model reads of the thread can be limited too. By default (`truncation_strategy` `auto`) it reads
everything that fits; `last_messages` keeps only the newest few. Ask how much it sees, first with the default,
then with only the last message:
""",
            "zh-CN": """
模型读取线程的范围也可以限制。默认情况下（`truncation_strategy` 为 `auto`）它读取能放下的全部消息；`last_messages` 只保留最新的几条。问问它能看到多少，先用默认设置，再只给它最后一条消息：
""",
        },
    ),
    (
        "code",
        """
client.beta.threads.messages.create(thread_id=thread.id, role="user", content="你能看到几条消息?")
run = client.beta.threads.runs.create_and_poll(thread_id=thread.id, assistant_id=assistant_id)
print(client.beta.threads.messages.list(thread_id=thread.id, run_id=run.id).data[0].content[0].text.value)

client.beta.threads.messages.create(thread_id=thread.id, role="user", content="你能看到几条消息?")
run = client.beta.threads.runs.create_and_poll(
    thread_id=thread.id,
    assistant_id=assistant_id,
    truncation_strategy={"type": "last_messages", "last_messages": 1},
)
print(client.beta.threads.messages.list(thread_id=thread.id, run_id=run.id).data[0].content[0].text.value)
""",
    ),
    (
        "md",
        {
            "en": """
(A real model could not count what it was given reliably; the scripted model does, so that the effect shows. On
the real API you would compare the two runs' `usage.prompt_tokens`.)

`max_prompt_tokens` works the same way from the other end: the oldest messages are dropped until the prompt fits
(at least 256 tokens). This is how the service kept endless threads within the model's context window. A run that
reaches `max_prompt_tokens` before it could read even the newest message is `incomplete`, with reason
`max_prompt_tokens`.

## When a run does not complete

Real runs sometimes fail, expire or stop short. So that you can see each case and write the code that handles it,
**the offline simulator fails these runs on purpose**: a few prompts, used only in this section, make it fail
(`请模拟一次失败的 run`, `请模拟额度用完`) or let the run expire (`请模拟一次过期的 run`). On the real API these
prompts were ordinary questions. The run that stops short is real: it hits a token limit we set.

### failed

A failed run has `last_error`: a `code` (`server_error`, `rate_limit_exceeded` or `invalid_prompt`) and a message.
""",
            "zh-CN": """
（真实模型没法可靠地数出它收到了几条消息；脚本模型能数，好让效果显示出来。在真实 API 上，你可以比较两次运行的 `usage.prompt_tokens`。）

`max_prompt_tokens` 换了个尺子做同样的事：不按条数，而按 token 数，从最早的消息丢起，直到提示词不超过这个上限（至少 256 个 token）。当年的服务就是这样把无限增长的线程控制在模型的上下文窗口之内的。如果连最新的一条消息都放不下，运行同样以 `incomplete` 结束，原因是 `max_prompt_tokens`。

## 运行没有完成时

真实的运行有时会失败、过期或中途停下。为了让你看到每种情况，并写出处理它们的代码，**离线模拟器会故意让这些运行失败**：几个只在本节使用的提示词会让运行失败（`请模拟一次失败的 run`、`请模拟额度用完`）或过期（`请模拟一次过期的 run`）。在真实 API 上，这些只是普通的问题。中途停下的运行则是真实的：它碰到了我们设置的 token 上限。

### failed（失败）

失败的运行带有 `last_error`：一个 `code`（`server_error`、`rate_limit_exceeded` 或 `invalid_prompt`）和一条消息。
""",
        },
    ),
    (
        "code",
        {"en": """
client.beta.threads.messages.create(thread_id=thread.id, role="user", content="请模拟一次失败的 run")  # simulator-only: it fails this run on purpose
run = client.beta.threads.runs.create_and_poll(thread_id=thread.id, assistant_id=assistant_id)
print(run.status)
show_json(run.last_error)
""", "zh-CN": """
client.beta.threads.messages.create(thread_id=thread.id, role="user", content="请模拟一次失败的 run")  # 仅限模拟器：它会故意让这次运行失败
run = client.beta.threads.runs.create_and_poll(thread_id=thread.id, assistant_id=assistant_id)
print(run.status)
show_json(run.last_error)
"""},
    ),
    (
        "md",
        {
            "en": """
What to do depends on the code: `server_error` is worth a retry, `rate_limit_exceeded` means wait (or, as its
message says here, check your quota) before trying again, and `invalid_prompt` means the input must change. The
thread is not damaged: a failed run is over, so the thread takes new messages and runs. A small helper that
retries server errors a few times:
""",
            "zh-CN": """
怎么处理取决于错误码：`server_error` 值得重试；`rate_limit_exceeded` 意味着要等一等（或者像这里的消息说的，检查你的额度）再试；`invalid_prompt` 意味着必须修改输入。线程并没有损坏：失败的运行已经结束，线程可以继续接收新消息和新运行。下面是一个对服务端错误重试几次的小函数：
""",
        },
    ),
    (
        "code",
        {"en": """
def run_with_retries(thread_id, assistant_id, attempts=3):
    for attempt in range(1, attempts + 1):
        run = client.beta.threads.runs.create_and_poll(thread_id=thread_id, assistant_id=assistant_id)
        if run.status != "failed" or run.last_error.code != "server_error":
            return run
        print(f"attempt {attempt}: {run.last_error.code}")
    return run


client.beta.threads.messages.create(thread_id=thread.id, role="user", content="请模拟一次失败的 run")  # simulator-only: it fails this run on purpose
run = run_with_retries(thread.id, assistant_id)
print(run.status)
""", "zh-CN": """
def run_with_retries(thread_id, assistant_id, attempts=3):
    for attempt in range(1, attempts + 1):
        run = client.beta.threads.runs.create_and_poll(thread_id=thread_id, assistant_id=assistant_id)
        if run.status != "failed" or run.last_error.code != "server_error":
            return run
        print(f"第 {attempt} 次尝试：{run.last_error.code}")
    return run


client.beta.threads.messages.create(thread_id=thread.id, role="user", content="请模拟一次失败的 run")  # 仅限模拟器：它会故意让这次运行失败
run = run_with_retries(thread.id, assistant_id)
print(run.status)
"""},
    ),
    (
        "md",
        {
            "en": """
The simulator fails that prompt every time, so all three attempts fail: a retry helps only when the failure was
passing. Now ask something that works; the thread is fine:
""",
            "zh-CN": """
模拟器每次都会让这个提示词失败，所以三次尝试全部失败：只有偶发的故障，重试才有用。现在问一个正常的问题，线程照常可用：
""",
        },
    ),
    (
        "code",
        """
client.beta.threads.messages.create(thread_id=thread.id, role="user", content="你是谁?")
run = client.beta.threads.runs.create_and_poll(thread_id=thread.id, assistant_id=assistant_id)
print(run.status)
""",
    ),
    (
        "code",
        {"en": """
client.beta.threads.messages.create(thread_id=thread.id, role="user", content="请模拟额度用完")  # simulator-only: it fails this run on purpose
run = client.beta.threads.runs.create_and_poll(thread_id=thread.id, assistant_id=assistant_id)
print(run.status, run.last_error.code)
print(run.last_error.message)
""", "zh-CN": """
client.beta.threads.messages.create(thread_id=thread.id, role="user", content="请模拟额度用完")  # 仅限模拟器：它会故意让这次运行失败
run = client.beta.threads.runs.create_and_poll(thread_id=thread.id, assistant_id=assistant_id)
print(run.status, run.last_error.code)
print(run.last_error.message)
"""},
    ),
    (
        "md",
        {
            "en": """
### expired

Every run has a deadline, `expires_at`: ten minutes after it was created. A run still active then expires. The
usual cause was a run left in `requires_action`: the program never sent its tool outputs. Here the simulator
stops working on the run and shortens its deadline to about a second, so the polling loop ends in `expired`:
""",
            "zh-CN": """
### expired（过期）

每个运行都有截止时间 `expires_at`：创建后十分钟。到那时仍处于活动状态的运行就会过期。最常见的原因是运行停在 `requires_action`：程序一直没有提交工具输出。这里模拟器会停止处理这个运行，并把截止时间缩短到大约一秒，所以轮询循环以 `expired` 结束：
""",
        },
    ),
    (
        "code",
        join(
            {
                "en": """
client.beta.threads.messages.create(thread_id=thread.id, role="user", content="请模拟一次过期的 run")  # simulator-only: it lets this run expire
run = client.beta.threads.runs.create(thread_id=thread.id, assistant_id=assistant_id)
print(run.status)
last = run.status
""",
                "zh-CN": """
client.beta.threads.messages.create(thread_id=thread.id, role="user", content="请模拟一次过期的 run")  # 仅限模拟器：它会让这次运行过期
run = client.beta.threads.runs.create(thread_id=thread.id, assistant_id=assistant_id)
print(run.status)
last = run.status
""",
            },
            POLL_LOOP,
            "print(run.expires_at, run.last_error)\n",
            separator="",
        ),
    ),
    (
        "md",
        {
            "en": """
An expired run cannot be resumed. Start a new run on the same thread; if it will call functions, send the outputs
well before `expires_at`. (To watch a waiting run expire, start the simulator with a short deadline:
`SIMULATOR_RUN_EXPIRY_SECONDS=30`.)

### incomplete

`max_completion_tokens` caps what the run may write (at least 256). A long answer stops at the cap: the run is
`incomplete`, `incomplete_details.reason` names the limit, and the message is `incomplete` too, with the text
written so far.
""",
            "zh-CN": """
过期的运行无法恢复。在同一个线程上开始一次新的运行；如果它要调用函数，务必在 `expires_at` 之前尽早提交输出。（想亲眼看等待中的运行过期，可以用较短的截止时间启动模拟器：`SIMULATOR_RUN_EXPIRY_SECONDS=30`。）

### incomplete（未完成）

`max_completion_tokens` 限制运行最多能写多少（至少 256）。长回答会在上限处停下：运行是 `incomplete`，`incomplete_details.reason` 写明是哪个上限，消息也是 `incomplete`，内容是到那时为止写出的文字。
""",
        },
    ),
    (
        "code",
        """
client.beta.threads.messages.create(thread_id=thread.id, role="user", content="请详细讲讲 run 的生命周期")
run = client.beta.threads.runs.create_and_poll(thread_id=thread.id, assistant_id=assistant_id, max_completion_tokens=256)
print(run.status, run.incomplete_details.reason, run.usage.completion_tokens)
message = client.beta.threads.messages.list(thread_id=thread.id, run_id=run.id).data[0]
print(message.status, message.incomplete_details.reason)
print("...", message.content[0].text.value[-40:])
""",
    ),
    (
        "md",
        {
            "en": """
Handle it by raising the limit (or leaving it out) and asking again. The same question without a cap gets the
whole answer:
""",
            "zh-CN": """
处理办法是提高上限（或者干脆不设）再问一次。同一个问题不设上限，就能得到完整的回答：
""",
        },
    ),
    (
        "code",
        """
client.beta.threads.messages.create(thread_id=thread.id, role="user", content="请详细讲讲 run 的生命周期")
run = client.beta.threads.runs.create_and_poll(thread_id=thread.id, assistant_id=assistant_id)
print(run.status, run.usage.completion_tokens)
print(client.beta.threads.messages.list(thread_id=thread.id, run_id=run.id).data[0].content[0].text.value)
""",
    ),
    (
        "md",
        {
            "en": """
## Recap

- A run joins an assistant and a thread; `create_and_poll` starts it and polls until it stops, pausing as long as
  the `openai-poll-after-ms` header says.
- By hand: `runs.create` returns `queued`; `runs.retrieve` until the status is no longer `queued`, `in_progress`
  or `cancelling`.
- Terminal: `completed`, `incomplete`, `failed`, `cancelled`, `expired`. `requires_action` waits for you.
- `runs.list`, `retrieve`, `update` (metadata only), `cancel` (`cancelling`, then `cancelled`); `runs.steps.list`
  shows what a run did, with usage per step.
- One active run per thread: a second run or a new message gets a 400 until it is over.
- Per-run settings override the assistant's for that run only; `truncation_strategy` and `max_prompt_tokens` limit
  what the model reads.
- `failed`: read `last_error.code` (retry, wait, or change the prompt). `expired`: start again, answer in time.
  `incomplete`: raise the limit and ask again.

**Where this lesson relies on the simulator:** the prompts that fail or expire a run on purpose, the
`in_progress` hold that lets a fast polling loop see every phase, and a model that counts the messages it was
shown. Everything else behaves as on the real API.
""",
            "zh-CN": """
## 小结

- 运行把助手和线程关联起来；`create_and_poll` 启动它并轮询到它停下，每次等待的时长由响应头 `openai-poll-after-ms` 决定。
- 手动做法：`runs.create` 返回 `queued`；反复调用 `runs.retrieve`，直到状态不再是 `queued`、`in_progress` 或 `cancelling`。
- 终态：`completed`、`incomplete`、`failed`、`cancelled`、`expired`。`requires_action` 在等你。
- `runs.list`、`retrieve`、`update`（只能改 metadata）、`cancel`（先 `cancelling`，再 `cancelled`）；`runs.steps.list` 显示运行做了什么，每一步都有 usage。
- 每个线程同时只能有一个活动的运行：在它结束之前，再开运行或加消息都会得到 400。
- 单次运行的设置只对这次运行覆盖助手的设置；`truncation_strategy` 和 `max_prompt_tokens` 限制模型读取的内容。
- `failed`：看 `last_error.code`（重试、等待或修改提示词）。`expired`：重新开始，及时提交。`incomplete`：提高上限再问一次。

**本课哪些地方依赖模拟器：** 故意让运行失败或过期的提示词；让快速轮询也能看到每个阶段的 `in_progress` 停留；以及能数出自己看到几条消息的模型。其余部分和真实 API 的行为一致。
""",
        },
    ),
    (
        "md",
        {
            "en": """
## Exercises

Each exercise has a cell for your code (replace the `None`), then a **check**. The check looks at what happened
*on the server* (it retrieves the run, its steps and its thread, or calls your function on runs of its own) and
says what is right, what is missing, and a hint. Run it as often as you like; open the hints one at a time if you
are stuck.

The exercises use an assistant of their own, `tutor` (小U again), which the clean-up at the end leaves alone, so
you can come back to them after running the whole notebook:
""",
            "zh-CN": """
## 练习

每个练习都有一个写代码的单元格（把 `None` 换成你的代码），后面跟一个**检查**。检查会查看*服务端*发生了什么（取回运行、运行步骤和线程，或者用它自己创建的运行调用你的函数），告诉你哪些做对了、还缺什么，并给出提示。可以反复运行；卡住了就一个一个打开提示。

练习使用它们自己的助手 `tutor`（还是小U），最后的清理不会删除它，所以运行完整个 notebook 之后，仍然可以回来做练习：
""",
        },
    ),
    (
        "code",
        """
tutor = client.beta.assistants.create(
    name="小U",
    instructions="你叫小U,你是JAVA技术框架 UAP的助手,你负责回答用户关于UAP的问题。",
    model="gpt-4-turbo",
)
""",
    ),
    *exercise(
        {
            "en": """
### Exercise 04.1 · Modify: one run, another name

The cell below asks 小U who it is, and prints the answer. Change it so that **this run alone** answers under
another name (any name, in Chinese or English instructions), while `tutor` itself stays 小U.
""",
            "zh-CN": """
### 练习 04.1 · 改一改：这一次换个名字

下面的单元格问小U是谁，并打印回答。改写它，让**只有这一次运行**换一个名字作答（名字随你，instructions 用中文或英文都行），而 `tutor` 本身仍然是小U。
""",
        },
        """
who = client.beta.threads.create(messages=[{"role": "user", "content": "你是谁?"}])
my_run = client.beta.threads.runs.create_and_poll(thread_id=who.id, assistant_id=tutor.id)
print(client.beta.threads.messages.list(thread_id=who.id, run_id=my_run.id).data[0].content[0].text.value)
""",
        """
from helpers.checks.runs import check_run_instructions

check_run_instructions(client, my_run)
""",
        """
who = client.beta.threads.create(messages=[{"role": "user", "content": "你是谁?"}])
my_run = client.beta.threads.runs.create_and_poll(
    thread_id=who.id,
    assistant_id=tutor.id,
    instructions="Your name is Ada. You teach Python.",
)
print(client.beta.threads.messages.list(thread_id=who.id, run_id=my_run.id).data[0].content[0].text.value)
""",
        hints=[
            {"en": "Changing the assistant would change every later run too. Which call decides this run's settings?", "zh-CN": "修改助手会影响之后的每一次运行。哪个调用决定这一次运行的设置？"},
            {"en": "See \"One run, its own settings\" above: a run takes `instructions=` of its own.", "zh-CN": "看上面“单次运行的专属设置”：运行可以有自己的 `instructions=`。"},
        ],
    ),
    *exercise(
        {
            "en": """
### Exercise 04.2 · Build: your own polling loop

Write `wait_for(run)`: given a run, as `runs.create` (or `cancel`) returned it, it polls with `runs.retrieve`
until the run stops, and returns the finished run and the list of statuses it saw, each once, in order, starting
with the one it was given. The check calls it on three runs of its own: a fresh one, one being cancelled, and one
that is already over.

(You will see `in_progress` because the simulator holds a run there until a poll has seen it; on the real API a
model's seconds of work did the same.)
""",
            "zh-CN": """
### 练习 04.2 · 动手做：自己的轮询循环

写一个函数 `wait_for(run)`：它拿到一个运行（就是 `runs.create` 或 `cancel` 返回的那个），用 `runs.retrieve` 轮询，直到运行停下；返回结束时的运行，以及它看到的状态列表：按顺序，每个状态只记一次，从拿到时的状态开始。检查会用它自己的三个运行调用你的函数：一个刚创建的，一个正在取消的，一个已经结束的。

（你会看到 `in_progress`，因为模拟器会让运行停在这个状态，直到有一次轮询看到它；在真实 API 上，模型要工作几秒钟，效果一样。）
""",
        },
        {"en": """
def wait_for(run):
    seen = [run.status]
    ...  # poll until the run stops, noting each new status
    return run, seen
""", "zh-CN": """
def wait_for(run):
    seen = [run.status]
    ...  # 轮询直到运行停下，记下每个新状态
    return run, seen
"""},
        """
from helpers.checks.runs import check_polling

check_polling(client, wait_for)
""",
        """
def wait_for(run):
    seen = [run.status]
    while run.status in ("queued", "in_progress", "cancelling"):
        time.sleep(0.1)
        run = client.beta.threads.runs.retrieve(run_id=run.id, thread_id=run.thread_id)
        if run.status != seen[-1]:
            seen.append(run.status)
    return run, seen


print(wait_for(client.beta.threads.runs.create(thread_id=client.beta.threads.create().id, assistant_id=tutor.id))[1])
""",
        hints=[
            {"en": "Which statuses mean \"not over yet\"? The table under \"Every status\" says.", "zh-CN": "哪些状态表示“还没结束”？“所有状态”下的表格里有。"},
            {"en": "A `while` loop on the status; inside: a short `time.sleep`, `runs.retrieve(run_id=run.id, thread_id=run.thread_id)`, and append the status only if it differs from `seen[-1]`.", "zh-CN": "对状态写一个 `while` 循环；循环里：短暂的 `time.sleep`、`runs.retrieve(run_id=run.id, thread_id=run.thread_id)`，只有状态和 `seen[-1]` 不同时才追加。"},
        ],
    ),
    *exercise(
        {
            "en": """
### Exercise 04.3 · Build: a failure, and the conversation goes on

On a new thread `my_thread`, make a run of `tutor` fail (the simulator fails the prompt `请模拟一次失败的 run` on
purpose), print its `last_error.code`, then show that the thread still works: ask something else and run again
until it completes. The check reads every run of `my_thread`.
""",
            "zh-CN": """
### 练习 04.3 · 动手做：失败之后，对话继续

在一个新线程 `my_thread` 上，让 `tutor` 的一次运行失败（模拟器会故意让提示词 `请模拟一次失败的 run` 失败），打印它的 `last_error.code`；然后证明线程依然可用：再问点别的，重新运行直到完成。检查会读取 `my_thread` 上的每一次运行。
""",
        },
        "my_thread = None",
        """
from helpers.checks.runs import check_recovery

check_recovery(client, my_thread)
""",
        """
my_thread = client.beta.threads.create(messages=[{"role": "user", "content": "请模拟一次失败的 run"}])
my_run = client.beta.threads.runs.create_and_poll(thread_id=my_thread.id, assistant_id=tutor.id)
print(my_run.status, my_run.last_error.code)
if my_run.status == "failed":
    client.beta.threads.messages.create(thread_id=my_thread.id, role="user", content="你是谁?")
    my_run = client.beta.threads.runs.create_and_poll(thread_id=my_thread.id, assistant_id=tutor.id)
print(my_run.status)
""",
        hints=[
            {"en": "A failed run is over: does its thread still take messages?", "zh-CN": "失败的运行已经结束了：它的线程还能接收消息吗？"},
            {"en": "Two runs on the same thread: the first on the failing prompt, the second after a new message.", "zh-CN": "同一个线程上两次运行：第一次针对会失败的提示词，第二次在添加新消息之后。"},
        ],
    ),
    *exercise(
        {
            "en": """
### Exercise 04.4 · Predict: what does a run cost, before it ran?

`runs.create` has just returned. What is `run.usage` (the tokens the run used)?

- **a** `None`
- **b** all zeros: `prompt_tokens=0, completion_tokens=0, total_tokens=0`
- **c** the final counts: the API works them out in advance

Write your letter in `my_prediction` **before running anything**. Then find out: create a run of `tutor` on a new
thread, keep its `usage` at once in `early_usage`, then wait for the run (`runs.poll`) and keep the finished run in
`done`.
""",
            "zh-CN": """
### 练习 04.4 · 预测：运行之前，它花了多少？

`runs.create` 刚刚返回。`run.usage`（这次运行用掉的 token）是什么？

- **a** `None`
- **b** 全是 0：`prompt_tokens=0, completion_tokens=0, total_tokens=0`
- **c** 最终的数字：API 会提前算好

**什么都别运行**，先把你选的字母写进 `my_prediction`。然后验证：在一个新线程上创建 `tutor` 的一次运行，立刻把它的 `usage` 存进 `early_usage`，再等这次运行结束（`runs.poll`），把结束的运行存进 `done`。
""",
        },
        {"en": """
my_prediction = None  # "a", "b" or "c"
early_usage = None
done = None
""", "zh-CN": """
my_prediction = None  # "a"、"b" 或 "c"
early_usage = None
done = None
"""},
        """
from helpers.checks.runs import check_usage_prediction

check_usage_prediction(client, my_prediction, early_usage, done)
""",
        """
my_prediction = "a"
fresh = client.beta.threads.runs.create(
    thread_id=client.beta.threads.create(messages=[{"role": "user", "content": "你是谁?"}]).id,
    assistant_id=tutor.id,
)
early_usage = fresh.usage
done = client.beta.threads.runs.poll(run_id=fresh.id, thread_id=fresh.thread_id)
print(early_usage, done.usage.total_tokens)
""",
        hints=[
            {"en": "The table under \"Every status\" says when `usage` is set.", "zh-CN": "“所有状态”下的表格说明了 `usage` 什么时候才有值。"},
            {"en": "`runs.create(...)`, then `early_usage = run.usage` on the next line, then `runs.poll(run_id=..., thread_id=...)`.", "zh-CN": "先 `runs.create(...)`，下一行 `early_usage = run.usage`，再 `runs.poll(run_id=..., thread_id=...)`。"},
        ],
    ),
    *exercise(
        {
            "en": """
### Exercise 04.5 · Debug: the answer that was the question

A help desk calls `answer` for each question. It should return the assistant's reply, or `None` when the run did
not complete (so the desk can say "try again later"). Most of the time it works; but users report that sometimes
the "answer" is their own question, repeated back. Find the mistake and fix it. The check calls your function with
`tutor`, once with an ordinary question and once with a failing one.
""",
            "zh-CN": """
### 练习 04.5 · 找错：把问题当成回答

一个客服系统对每个问题调用 `answer`。它应该返回助手的回复；如果运行没有完成，就返回 `None`（系统好提示“请稍后再试”）。大多数时候它都没问题；可是用户反馈，有时候所谓的“回答”就是他们自己的问题，原样奉还。找到错误并修好它。检查会用 `tutor` 调用你的函数两次：一次是普通问题，一次是会失败的问题。
""",
        },
        """
def answer(thread_id, assistant_id, question):
    client.beta.threads.messages.create(thread_id=thread_id, role="user", content=question)
    run = client.beta.threads.runs.create_and_poll(thread_id=thread_id, assistant_id=assistant_id)
    return client.beta.threads.messages.list(thread_id=run.thread_id).data[0].content[0].text.value
""",
        """
from helpers.checks.runs import check_answer

check_answer(client, answer)
""",
        {"en": """
def answer(thread_id, assistant_id, question):
    client.beta.threads.messages.create(thread_id=thread_id, role="user", content=question)
    run = client.beta.threads.runs.create_and_poll(thread_id=thread_id, assistant_id=assistant_id)
    if run.status != "completed":
        return None  # failed, expired, incomplete...: no reply to give
    return client.beta.threads.messages.list(thread_id=thread_id, run_id=run.id).data[0].content[0].text.value
""", "zh-CN": """
def answer(thread_id, assistant_id, question):
    client.beta.threads.messages.create(thread_id=thread_id, role="user", content=question)
    run = client.beta.threads.runs.create_and_poll(thread_id=thread_id, assistant_id=assistant_id)
    if run.status != "completed":
        return None  # failed、expired、incomplete……：没有回复可给
    return client.beta.threads.messages.list(thread_id=thread_id, run_id=run.id).data[0].content[0].text.value
"""},
        hints=[
            {"en": "Try it with `请模拟一次失败的 run`. Which message is the newest in the thread then?", "zh-CN": "用 `请模拟一次失败的 run` 试一试。那时线程里最新的消息是哪一条？"},
            {"en": "`create_and_poll` does not raise when the run fails: it returns the run. Look at `run.status`; `messages.list` also takes `run_id=`.", "zh-CN": "运行失败时 `create_and_poll` 不会抛出异常：它会返回运行。看看 `run.status`；`messages.list` 也接受 `run_id=`。"},
        ],
    ),
    *quiz_cells("04"),
    (
        "md",
        {
            "en": """
Then answer these in your own words (the answer key is at the very end of the lesson):

**5.** Which statuses are terminal, and which one is not terminal but still ends `create_and_poll`?

**6.** Where do you find which message a run wrote, and how many tokens each part of the run used?
""",
            "zh-CN": """
再用自己的话回答下面几题（答案在本课最后）：

**5.** 哪些状态是终态？哪个不是终态，却也会让 `create_and_poll` 返回？

**6.** 在哪里能查到一次运行写了哪条消息，以及运行的每一部分各用了多少 token？
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

- API reference, runs: https://platform.openai.com/docs/api-reference/runs (the original lesson's 具体文档参考)
- API reference, run steps: https://platform.openai.com/docs/api-reference/run-steps
- How runs and threads work (statuses, polling, truncation): https://platform.openai.com/docs/assistants/deep-dive
- Moving to the Responses API: https://platform.openai.com/docs/assistants/migration
""",
            "zh-CN": """
## 延伸阅读

服务下线后，OpenAI 关于 Assistants API 的页面已成为存档，但仍准确描述了本课所讲的内容。

- API 参考，runs（原课程的“具体文档参考”）：https://platform.openai.com/docs/api-reference/runs
- API 参考，run steps：https://platform.openai.com/docs/api-reference/run-steps
- 运行和线程的工作原理（状态、轮询、截断）：https://platform.openai.com/docs/assistants/deep-dive
- 迁移到 Responses API：https://platform.openai.com/docs/assistants/migration
""",
        },
    ),
    (
        "md",
        {
            "en": """
## The same with the Responses API

A response has statuses too, but `responses.create` returns only when it is finished, so there is nothing to
poll:
""",
            "zh-CN": """
## 用 Responses API 做同样的事

响应也有状态，但 `responses.create` 要等它结束才返回，所以不需要轮询：
""",
        },
    ),
    (
        "code",
        """
XIAO_U = {"model": "gpt-4o", "instructions": "你叫小U,你是JAVA技术框架 UAP的助手,你负责回答用户关于UAP的问题。"}

response = client.responses.create(**XIAO_U, input="你是谁?")
print(response.status, response.usage.total_tokens, response.output_text)
""",
    ),
    (
        "md",
        {
            "en": """
This lesson's polling comes back with `background=True`, for long jobs: the call returns at once, `queued`, and
you poll `responses.retrieve` until the status leaves `queued` and `in_progress`, as you polled a run. A
background response must be stored (`store=False` is refused), and `responses.cancel` stops one that is still
going.
""",
            "zh-CN": """
本课的轮询在 `background=True` 时又回来了，用于耗时的任务：调用立即返回，状态是 `queued`，你像轮询运行那样轮询 `responses.retrieve`，直到状态离开 `queued` 和 `in_progress`。后台响应必须保存（`store=False` 会被拒绝），还没结束的可以用 `responses.cancel` 取消。
""",
        },
    ),
    (
        "code",
        """
job = client.responses.create(**XIAO_U, input="你都能做什么?", background=True)
print(job.status)
while job.status in ("queued", "in_progress"):
    time.sleep(0.1)
    job = client.responses.retrieve(job.id)
    print(job.status)
print(job.output_text)
""",
    ),
    (
        "md",
        {
            "en": """
What went wrong is on the response, as it was on the run: `error` when it `failed` (the simulator fails this
prompt on purpose), `incomplete_details` when it is `incomplete` (here `max_output_tokens` cut the answer short).
There is no `expired` and no `requires_action`: a response that needs your function ends `completed`, with a
`function_call` item (lesson 07).
""",
            "zh-CN": """
出了什么问题，和运行一样记在响应上：`failed` 时看 `error`（模拟器会故意让这个提问失败），`incomplete` 时看 `incomplete_details`（这里是 `max_output_tokens` 截断了回答）。没有 `expired`，也没有 `requires_action`：需要你的函数时，响应以 `completed` 结束，并带着一个 `function_call` 条目（第 07 课）。
""",
        },
    ),
    (
        "code",
        """
failed = client.responses.create(**XIAO_U, input="请模拟一次失败的 run")
print(failed.status, failed.error.code)
cut = client.responses.create(**XIAO_U, input="详细讲讲 run 的生命周期", max_output_tokens=16)
print(cut.status, cut.incomplete_details.reason, repr(cut.output_text))
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
        {"en": """
print(client.beta.assistants.delete(assistant.id).deleted)
# client.beta.assistants.delete(tutor.id)  # the exercises' assistant: once you are done with them
""", "zh-CN": """
print(client.beta.assistants.delete(assistant.id).deleted)
# client.beta.assistants.delete(tutor.id)  # 练习用的助手：做完练习再删
"""},
    ),
    (
        "md",
        {
            "en": """
Next: **05 · Streaming**, watching a run's answer arrive as it is written.
""",
            "zh-CN": """
下一课：**05 · 流式运行**，看着运行的回答边写边到。
""",
        },
    ),
    (
        "md",
        {
            "en": """
## Answer key

**5.** `completed`, `incomplete`, `failed`, `cancelled` and `expired` are terminal. `requires_action` is not, but
`create_and_poll` returns there because the run waits for your tool outputs.

**6.** In its run steps (`runs.steps.list`): a `message_creation` step names the message; each step has its
`usage`, and the run's `usage` is their sum.
""",
            "zh-CN": """
## 答案

**5.** `completed`、`incomplete`、`failed`、`cancelled` 和 `expired` 是终态。`requires_action` 不是终态，但 `create_and_poll` 会在这里返回，因为运行在等你提交工具输出。

**6.** 在它的运行步骤里（`runs.steps.list`）：`message_creation` 步骤指明了消息；每个步骤都有自己的 `usage`，运行的 `usage` 是它们的总和。
""",
        },
    ),
]
