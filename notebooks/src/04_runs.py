"""Lesson 04's source: `make lessons` writes notebooks/04_runs.ipynb from CELLS and runs it."""

from tools.lessons import CLEAN_UP, FILTER, FIRST_CELL

CELLS = [
    (
        "md",
        """
# 04 · Runs

**What you will be able to do**

- start a run, which joins an assistant and a thread, and wait for its answer with `create_and_poll`;
- write the polling loop that `create_and_poll` hides, and read every status a run can have;
- list, retrieve, update and cancel runs, and read the steps a run took;
- give one run its own instructions, or a shorter view of the thread;
- recognise a `failed`, an `expired` and an `incomplete` run, and handle each.

开始 Run:

- 用 run 把 assistant 和 thread 关联,进行对话
- 一个 prompt 就是一次 run
""",
    ),
    ("code", FILTER + "\n" + FIRST_CELL),
    (
        "md",
        """
## An assistant and a thread

A run needs both. The assistant is the seed's 小U, created in code (lesson 01 shows the Playground way); the thread
holds the seed's short conversation, ending with a question for the assistant.
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
        """
## 直接运行

The seed's code, unchanged except for one line: its assistant id was copied from the Playground, ours comes from
the assistant we just created.
""",
    ),
    (
        "code",
        """
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
""",
    ),
    (
        "md",
        """
The newest message comes first: 小U's answer. It has a `run_id` and an `assistant_id`, because a run wrote it. The
assistant answers as 小U because the run read the assistant's instructions and the whole thread.

## Run 的状态: what `create_and_poll` does for you

Run 的底层是个异步调用,意味着它不等大模型处理完,就返回。我们通过 run.status 了解大模型的工作进展情况,来判断下一步该干什么。

`runs.create` returns at once, with the run `queued`. The work happens on the server; you **poll**: retrieve the
run again and again until its status says it stopped. Here is that loop by hand. It prints a status only when it
changes:
""",
    ),
    (
        "code",
        """
import time

client.beta.threads.messages.create(thread_id=thread.id, role="user", content="你都能做什么?")
run = client.beta.threads.runs.create(thread_id=thread.id, assistant_id=assistant_id)
print(run.status)
last = run.status
while run.status in ("queued", "in_progress", "cancelling"):
    time.sleep(0.1)  # the simulator is fast; on the real API, wait about 1 s (or what openai-poll-after-ms says)
    run = client.beta.threads.runs.retrieve(run_id=run.id, thread_id=thread.id)
    if run.status != last:
        print(run.status)
        last = run.status
""",
    ),
    (
        "md",
        """
A real model takes seconds, so a loop like this saw `in_progress` many times. The offline simulator answers in
milliseconds; so that you still see every phase, it keeps a run `in_progress` until a poll has seen it (at most
2 seconds, the setting `SIMULATOR_IN_PROGRESS_HOLD`). Streams are never held, and neither is the SDK's own poll
helper: its polls (marked with the header `X-Stainless-Poll-Helper`) wait on the server until the run stops, so
`create_and_poll` usually needs no sleep at all.

How long should you sleep between polls? `create_and_poll` asks the server: every run response carries the header
`openai-poll-after-ms`, and the SDK waits that long (1 second when the header is missing). The simulator says 25 ms:
""",
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
        """
## Every status

run.status 有的状态,和状态之间的转移关系如图。

![The run status machine](images/run_status.png)

(Drawn with Graphviz from `images/run_status.dot`. The same graph in Mermaid, which JupyterLab draws too:)

```mermaid
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

The finished run shows how its fields follow its status. `expires_at` is cleared once a run is over (only an expired run keeps it), and `usage`
appears only at the end:
""",
    ),
    ("code", "show_json(run)"),
    (
        "md",
        """
## list, retrieve, update, cancel

还有如下函数:

1. threads.runs.list() 列出 thread 归属的 run
2. threads.runs.retrieve() 获取 run
3. threads.runs.update() 修改 run 的 metadata
4. threads.runs.cancel() 取消 in_progress 状态的 run

A thread keeps all its runs, newest first:
""",
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
        """
Only `metadata` can be changed; everything else about a run is a record of what happened.

Cancel a run that has not finished. The answer is `cancelling` at first; a poll then finds it `cancelled`, and no
answer was added to the thread:
""",
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
        """
A run that is over cannot be cancelled. The API says so with a 400:
""",
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
        """
## One active run per thread

While a run is active, its thread is locked. A second run, or a new message, gets a 400 until the run is over:
""",
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
        """
## Run steps

A run records what it did as **steps**. A text answer is one `message_creation` step, which names the message it
wrote; a run that calls tools also has `tool_calls` steps (lessons 06 and 07). Each step has its own status,
timestamps and `usage`; the run's `usage` is the sum of its steps'.
""",
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
        """
## One run, its own settings

A run starts from its assistant's settings; each can be overridden for this run alone: `model`, `instructions`,
`additional_instructions` (appended to the assistant's), `additional_messages` (added to the thread first), `tools`,
`tool_choice`, `temperature`, `top_p`, `response_format`, `metadata`, and the limits below. The assistant itself
does not change.
""",
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
        """
What the model reads of the thread can be limited too. By default (`truncation_strategy` `auto`) it reads
everything that fits; `last_messages` keeps only the newest few. Ask how much it sees, first with the default,
then with only the last message:
""",
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
        """
(A real model could not count what it was given reliably; the scripted model does, so that the effect shows. On
the real API you would compare the two runs' `usage.prompt_tokens`.)

`max_prompt_tokens` works the same way from the other end: the oldest messages are dropped until the prompt fits
(at least 256 tokens). This is how the service kept endless threads within the model's context window.

## When a run does not complete

Real runs sometimes fail, expire or stop short. So that you can see each case and write the code that handles it,
**the offline simulator fails these runs on purpose**: a few prompts, used only in this section, make it fail
(`请模拟一次失败的 run`, `请模拟额度用完`) or let the run expire (`请模拟一次过期的 run`). The run that stops short
is real: it hits a token limit we set.

### failed

A failed run has `last_error`: a `code` (`server_error`, `rate_limit_exceeded` or `invalid_prompt`) and a message.
""",
    ),
    (
        "code",
        """
client.beta.threads.messages.create(thread_id=thread.id, role="user", content="请模拟一次失败的 run")  # simulator-only: it fails this run on purpose
run = client.beta.threads.runs.create_and_poll(thread_id=thread.id, assistant_id=assistant_id)
print(run.status)
show_json(run.last_error)
""",
    ),
    (
        "md",
        """
What to do depends on the code: `server_error` is worth a retry, `rate_limit_exceeded` means wait (or, as its
message says here, check your quota) before trying again, and `invalid_prompt` means the input must change. The
thread is not damaged: a failed run is over, so the thread takes new messages and runs. A small helper that
retries server errors a few times:
""",
    ),
    (
        "code",
        """
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
""",
    ),
    (
        "md",
        """
The simulator fails that prompt every time, so all three attempts fail: a retry helps only when the failure was
passing. Now ask something that works; the thread is fine:
""",
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
        """
client.beta.threads.messages.create(thread_id=thread.id, role="user", content="请模拟额度用完")  # simulator-only: it fails this run on purpose
run = client.beta.threads.runs.create_and_poll(thread_id=thread.id, assistant_id=assistant_id)
print(run.status, run.last_error.code)
print(run.last_error.message)
""",
    ),
    (
        "md",
        """
### expired

Every run has a deadline, `expires_at`: ten minutes after it was created. A run still active then expires. The
usual cause was a run left in `requires_action`: the program never sent its tool outputs. Here the simulator
stops working on the run and shortens its deadline to about a second, so the polling loop ends in `expired`:
""",
    ),
    (
        "code",
        """
client.beta.threads.messages.create(thread_id=thread.id, role="user", content="请模拟一次过期的 run")  # simulator-only: it lets this run expire
run = client.beta.threads.runs.create(thread_id=thread.id, assistant_id=assistant_id)
print(run.status)
last = run.status
while run.status in ("queued", "in_progress", "cancelling"):
    time.sleep(0.1)  # the simulator is fast; on the real API, wait about 1 s (or what openai-poll-after-ms says)
    run = client.beta.threads.runs.retrieve(run_id=run.id, thread_id=thread.id)
    if run.status != last:
        print(run.status)
        last = run.status
print(run.expires_at, run.last_error)
""",
    ),
    (
        "md",
        """
An expired run cannot be resumed. Start a new run on the same thread; if it will call functions, send the outputs
well before `expires_at`. (To watch a waiting run expire, start the simulator with a short deadline:
`SIMULATOR_RUN_EXPIRY_SECONDS=30`.)

### incomplete

`max_completion_tokens` caps what the run may write (at least 256). A long answer stops at the cap: the run is
`incomplete`, `incomplete_details.reason` names the limit, and the message is `incomplete` too, with the text
written so far.
""",
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
        """
Handle it by raising the limit (or leaving it out) and asking again. The same question without a cap gets the
whole answer:
""",
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
A run that reaches `max_prompt_tokens` before it could read even the newest message is `incomplete` as well, with
reason `max_prompt_tokens`.

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

Next: **05 · Streaming**, watching a run's answer arrive as it is written.
""",
    ),
]
