"""Lesson 00's source: `make lessons` writes notebooks/00_introduction.ipynb from CELLS and runs it."""

from tools.lessons import FILTER, FIRST_CELL

CELLS = [
    (
        "md",
        """
# 00 · Introduction: the Assistants API, and how this course runs it

**What you will be able to do**

- name the five objects of the Assistants API (assistant, thread, message, run, run step) and say how they relate;
- say how it differs from the chat completions API, and when it was the right tool;
- recall how it was priced, and what replaced it after it was shut down;
- read the `DeprecationWarning` the SDK raises, and silence it on purpose;
- check that your set-up works: one line naming the backend, and a first call that succeeds.
""",
    ),
    (
        "md",
        """
## What the Assistants API is

OpenAI presented the Assistants API (with GPTs and the GPT Store) at DevDay on 6 November 2023. Where chat
completions is one stateless call (you send the whole conversation, you get one reply), the Assistants API keeps
state on the server in five kinds of object:

| Object | What it is |
|---|---|
| **assistant** | a configuration: model, instructions, tools (code interpreter, file search, your functions) |
| **thread** | one conversation, stored on the server; it can grow without limit |
| **message** | one turn in a thread: a role (`user` or `assistant`) and content (text, images), with attachments |
| **run** | "assistant, please answer on this thread": it reads the thread, may call tools, writes messages |
| **run step** | what a run did, one step at a time: it created a message, or it called tools |

Two differences from chat completions matter most:

1. **State lives on the server.** You add only the new message to a thread; the platform remembers the rest, and
   when a conversation outgrows the model's context window it drops the oldest messages for you.
2. **The platform runs the tools.** Code interpreter and file search run inside the service; for your own functions
   a run stops in `requires_action` and waits for your results. And a run is asynchronous: you poll its status or
   stream its events.
""",
    ),
    (
        "md",
        """
How the objects relate (a Mermaid diagram; JupyterLab 4.1 and later draws it):

```mermaid
flowchart LR
    A[Assistant<br/>model, instructions, tools]
    T[Thread<br/>a conversation]
    M[Message<br/>role + content]
    R[Run<br/>one answer]
    S[Run step<br/>message creation or tool calls]
    F[File]
    T -- holds many --> M
    R -- uses --> A
    R -- reads --> T
    R -- writes --> M
    R -- made of --> S
    M -- attachments --> F
```

Where Mermaid is not drawn (on GitHub, say), here is the same picture
(drawn by `src/draw_objects.py`):

![Assistant, Thread, Message, Run, Run step and File, and how they relate](images/assistants_objects.png)
""",
    ),
    (
        "md",
        """
## When to use it: GPTs, the Assistants API, or the raw API + RAG

The lesson this course grew from puts it as a trade-off between control and ease of use. GPTs and the Assistants
API both lower the bar for building on a model (GPTs 和 Assistants API 本质是降低开发门槛):

| Route | What you get | What you give up |
|---|---|---|
| **GPTs** (built in ChatGPT, no code) | a demo in minutes; they also taught customers what is possible, which opened the market | almost all control |
| **Assistants API** | more freedom: your own app, with history, RAG over files, code interpreter and function calling handled for you | fine control over retrieval and context |
| **Raw API + your own RAG** | every knob: prompts, chunking, retrieval, context management | you build and run all of it |

If you want more freedom than GPTs, build on the Assistants API; if you want to tune every detail, use the raw API
with your own RAG. (For Chinese models, the lesson pointed to MiniMax, which offered an Assistants-style API.)

What it could do at the time: create and manage assistants, each with its own configuration; unlimited multi-turn
conversations stored on OpenAI's servers; RAG over your files with a built-in vector store; Code Interpreter (it
writes and runs Python in a sandbox, corrects its own code, and can read files you give it); function calling; and
the Playground for trying assistants online. It also promised more (承诺未来会有的能力): a DALL·E tool, images
in messages, and configurable RAG. Version 2 of the API (April 2024) brought image content in messages and
file search with tunable chunking and ranking; a DALL·E tool never came.
""",
    ),
    (
        "md",
        """
## How it was priced

Worth knowing even now, because it explains design choices you will meet in the lessons:

1. **Tokens.** Every run was billed by the tokens it actually used: the whole thread the model read, retrieved
   file chunks, tool outputs, and the reply.
2. **History was trimmed, not refused.** When a thread outgrew the model's context window, the oldest messages
   were dropped automatically.
3. **Files cost storage.** Vector storage for file search cost **$0.10 per GB per day** (the first GB was free).
4. **Code interpreter cost $0.03 a session.**
""",
    ),
    (
        "md",
        """
## Shut down on 2026-08-26, and how this course still runs

OpenAI deprecated the Assistants API in 2025 and **shut it down on 2026-08-26**. Its replacement is the
**Responses API** (`client.responses`) together with the **Conversations API** (`client.conversations`): roughly,
an assistant's settings become the parameters of a response (or a saved prompt), a thread becomes a conversation,
a run becomes a response, and run steps become the response's output items.

Why learn it, then? Code written for it is still running, and has to be maintained or migrated; and its ideas
(server-side state, tools run by the platform, runs you poll or stream) carry straight over to the Responses API.

This course runs **offline**. The `openai` SDK still ships `client.beta.assistants`, `client.beta.threads` and
their runs. What is gone is the service, so the course brings its own: a local **simulator** that speaks the same
HTTP API (same JSON, same errors, same streaming events). The plain `OpenAI()` client reaches it because
`OPENAI_BASE_URL` points at it. No key, no network, no cost. The replies come from a scripted model, not GPT-4, but
every call you make is the call the real API took.

Every lesson starts with the same cell. `check_backend()` reads `.env` (variables you already set win), starts the
simulator if nothing answers at that address, and prints one line naming the backend. It never prints your key.
""",
    ),
    ("code", FIRST_CELL),
    (
        "md",
        """
`client` is an ordinary `OpenAI` client. It read its address from the environment:
""",
    ),
    ("code", "print(client.base_url)"),
    (
        "md",
        """
## The DeprecationWarning, once

The SDK marks every Assistants API method as deprecated, so each call raises a Python `DeprecationWarning`. The call
still goes through. The warning is about OpenAI's service, not about your code or the simulator.

Here is our first real call, with the warnings it raises recorded rather than printed, so you can read them:
""",
    ),
    (
        "code",
        """
import warnings

with warnings.catch_warnings(record=True) as caught:
    warnings.simplefilter("always")  # record every warning, even one Python has shown before
    thread = client.beta.threads.create()

for warning in caught:
    print(f"{warning.category.__name__}: {warning.message}")
print("The call worked anyway:", thread.object, thread.id)
""",
    ),
    (
        "md",
        """
Left alone, Jupyter prints that warning under every cell that calls the API, along with the path of a temporary
file. That is noise once you know what it means. So from here on, and in the first cell of every later lesson, we
filter it, deliberately and with a comment saying why:
""",
    ),
    ("code", FILTER.strip("\n")),
    (
        "md",
        """
Now the same kind of call prints nothing extra:
""",
    ),
    ("code", "thread = client.beta.threads.retrieve(thread.id)\nprint(thread.id)"),
    (
        "md",
        """
## Your set-up check

If the first cell printed `Backend: the offline Assistants API simulator at ...` and the calls above printed a
thread id, you are ready. `show_json` (from the course's `helpers`, the same function the original lesson
defines) prints any API object as JSON, with Chinese left readable:
""",
    ),
    ("code", "show_json(thread)"),
    (
        "md",
        """
Objects you create stay in the simulator's database (in `.simulator/`), as they stayed on OpenAI's servers. We
delete this one, since it was only a test:
""",
    ),
    ("code", "show_json(client.beta.threads.delete(thread.id))"),
    (
        "md",
        """
If something went wrong instead:

- *Connection error*: run `make lab` from the course folder (it starts the simulator and JupyterLab), or
  `make serve` in a terminal; the simulator's log is in `.simulator/server.log`.
- *A different address than you expect*: look at `OPENAI_BASE_URL` in your environment and in `.env`; a
  variable set in your shell wins over `.env`.

## Recap

- An **assistant** is configuration; a **thread** is a conversation kept on the server; **messages** are its
  turns; a **run** asks an assistant to answer on a thread; **run steps** record what the run did.
- Unlike chat completions, the service keeps the history and runs the tools; runs are asynchronous.
- It was billed by tokens ($0.10/GB/day of vector storage, $0.03 per code interpreter session) and trimmed the
  oldest messages when a thread outgrew the context window.
- It was shut down on 2026-08-26 (the Responses API with the Conversations API replaces it); this course runs
  the same SDK calls against a local simulator.
- Each call raises a `DeprecationWarning`; every later lesson filters it in its first cell.

Next: **01 · Assistants**, where you create 小U, the course's assistant.
""",
    ),
]
