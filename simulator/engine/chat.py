"""The Chat Completions family over the turn driver: a completion's choices, each one driven turn, as a whole or as chunks.

Chat Completions keep no state: the model's turn is made from the request's messages alone (system and developer
messages as the instructions; the tool calls since the last user message, each with its `tool` message's output, as
the turn's results). Each of the `n` choices is one drive of the same turn. What the driver does becomes the
choice's message (text, or tool_calls) and, when the client streams, chunks as the real API sent them: the role
first, then content or tool_call deltas (each call with its index), then the finish_reason; a usage chunk with no
choices when stream_options.include_usage asks for it. A backend that speaks Chat Completions gets the request as
the client sent it (Turn.chat).
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from dataclasses import dataclass, field

from simulator.engine.driver import Driver, Spent
from simulator.ids import now
from simulator.model import Fail, FunctionCall, ToolResult, Turn
from simulator.tokens import chunks
from simulator.wire import dumps
from simulator.wire.chat import choice, chunk, completion_id, completion_object, delta_choice, function_call, obfuscation, reply_message, tool_call_id, usage


def text_of(content) -> str:
    """A message's text: the string, or its text parts joined (image parts have no text the scripted model can read)."""
    if isinstance(content, str):
        return content
    return "\n".join(part.get("text", "") for part in content or [] if isinstance(part, dict) and part.get("type") == "text")


def chat_turn(body: dict, tools: list[dict], tool_choice) -> Turn:
    """What the model sees of a checked request: instructions, the conversation, and the calls it already made."""
    messages = body["messages"]
    instructions, conversation = [], []
    for message in messages:
        if message["role"] in ("system", "developer"):
            instructions.append(text_of(message["content"]))
        elif message["role"] in ("user", "assistant") and text_of(message.get("content")):
            conversation.append({"role": message["role"], "text": text_of(message.get("content")), "attachments": []})
    fmt = body.get("response_format")
    return Turn(
        instructions="\n".join(instructions),
        messages=conversation,
        tools=tools,
        tool_choice=tool_choice,
        parallel_tool_calls=body.get("parallel_tool_calls") is not False,
        results=tool_results(messages),
        model=body["model"],
        temperature=body.get("temperature"),
        top_p=body.get("top_p"),
        response_format=fmt if isinstance(fmt, dict) and fmt.get("type") in ("json_object", "json_schema") else "auto",
        chat=body,
    )


def tool_results(messages: list[dict]) -> list[ToolResult]:
    """The assistant's tool calls since the last user message, each with its tool message's output."""
    last_user = max((i for i, m in enumerate(messages) if m["role"] == "user"), default=-1)
    outputs = {m["tool_call_id"]: text_of(m["content"]) for m in messages[last_user + 1:] if m["role"] == "tool"}
    results = []
    for n, message in enumerate(messages[last_user + 1:]):
        for call in message.get("tool_calls") or [] if message["role"] == "assistant" else []:
            function = call.get("function") or {}
            results.append(ToolResult("function", name=function.get("name", ""), arguments=function.get("arguments", ""), output=outputs.get(call["id"], ""), call_id=call["id"], step_id=f"m{n}"))
    return results


@dataclass
class ChatRequest:
    """A checked request as the engine makes it: the turn, and how its answer is shaped."""

    turn: Turn
    model: str
    n: int = 1
    max_tokens: int | None = None  # per choice: max_completion_tokens, or the older max_tokens
    stop: list[str] = field(default_factory=list)
    named_tool: bool = False  # tool_choice named one function: the real API then finished with "stop", not "tool_calls"
    include_usage: bool = False
    obfuscate: bool = True
    service_tier: str = "default"


class Completion:
    """One completion in the making: its choices so far, what they spent, and (streaming) where its chunks go."""

    def __init__(self, request: ChatRequest, emit: Callable[[dict], None] | None) -> None:
        self.request, self.emit_to = request, emit
        self.id, self.created = completion_id(), now()
        self.choices: list[dict] = []
        self.prompt_tokens = self.completion_tokens = 0
        self.failure: Fail | None = None

    def emit(self, index: int, delta: dict, finish_reason: str | None = None) -> None:
        if self.emit_to is not None:
            self.send(chunk(self.id, self.created, self.request.model, self.request.service_tier, [delta_choice(index, delta, finish_reason)]))

    def send(self, data: dict) -> None:
        if self.request.include_usage and "usage" not in data:
            data["usage"] = None  # every chunk but the last says so, when the last carries the usage
        if self.request.obfuscate:
            data["obfuscation"] = obfuscation(len(dumps(data)))
        self.emit_to(data)

    def usage(self) -> dict:
        return usage(self.prompt_tokens, self.completion_tokens)

    def whole(self) -> dict:
        return completion_object(self.id, self.created, self.request.model, self.choices, self.usage(), self.request.service_tier)

    def finish(self) -> None:
        """After the last choice: the usage chunk, when the client asked for it."""
        if self.emit_to is not None and self.request.include_usage and self.failure is None:
            self.send({**chunk(self.id, self.created, self.request.model, self.request.service_tier, []), "usage": self.usage()})


class ChatCompletions:
    """The chat family on the engine: a completion's choices driven one after another."""

    def __init__(self, engine) -> None:
        self.driver = Driver(engine)

    async def make(self, request: ChatRequest, emit: Callable[[dict], None] | None = None) -> Completion:
        """Drive every choice; `emit` gets each chunk as it is made (a streamed completion). A failure stops it."""
        completion = Completion(request, emit)
        for index in range(request.n):
            family = ChoiceTurns(completion, index)
            await self.driver.drive(family, family.begin, cancelled=lambda: None, crashed=family.crashed)
            if completion.failure is not None:
                break
        completion.finish()
        return completion


class ChoiceTurns:
    """One choice as the driver sees it: its text or tool calls, made into a message and, streaming, chunks."""

    def __init__(self, completion: Completion, index: int) -> None:
        self.completion, self.index = completion, index
        self.request = completion.request
        self.object_id = f"{completion.id}#{index}"
        self.content: str | None = None
        self.tool_calls: list[dict] = []
        self.finish_reason: str | None = None
        self.spent_out = 0
        self.opened = False  # the role chunk is out

    async def begin(self) -> None:
        return None

    def check(self) -> None:
        return None  # nothing outside the request can stop a completion; a client that hangs up cancels its task

    async def ready(self) -> None:
        return None

    def turn(self) -> Turn:
        prototype = self.request.turn
        return dataclasses.replace(prototype, messages=list(prototype.messages), results=list(prototype.results))

    def output_budget(self) -> int | None:
        limit = self.request.max_tokens
        return None if limit is None else max(0, limit - self.spent_out)

    def prepare(self, text: str, turn: Turn) -> tuple[str, list[dict]]:
        """A whole reply cut where a stop sequence first begins, as the real API stopped (the sequence left out)."""
        cut = min((text.find(stop) for stop in self.request.stop if stop and stop in text), default=-1)
        return (text[:cut] if cut >= 0 else text), []

    def spend(self, spent: Spent) -> None:
        self.completion.prompt_tokens = max(self.completion.prompt_tokens, spent.prompt)  # every choice reads the same prompt
        self.completion.completion_tokens += spent.completion
        self.spent_out += spent.completion

    def open_role(self, **delta) -> None:
        """The choice's first chunk carries the role (and, for a tool call, the call itself, as the real API sent it)."""
        self.completion.emit(self.index, {"role": "assistant", **delta, "refusal": None})
        self.opened = True

    # -- text ------------------------------------------------------------------------------------

    def open_reply(self, *, whole: bool = False) -> dict:
        self.content = ""
        if not self.opened:
            self.open_role(content="")
        return {}

    def write(self, reply: dict, *pieces: str) -> None:
        for piece in pieces:
            self.content += piece
            self.completion.emit(self.index, {"content": piece})

    def close_reply(self, reply: dict, spent: Spent, *, incomplete: bool, annotations: list[dict]) -> None:
        self.spend(spent)
        if incomplete:
            self.finish_reason = "length"

    # -- function calls ----------------------------------------------------------------------------

    def call_functions(self, calls: list[FunctionCall], spent: Spent) -> None:
        self.spend(spent)
        for position, call in enumerate(calls):
            made = function_call(tool_call_id(), call.name, call.arguments)
            self.tool_calls.append(made)
            opening = {"index": position, "id": made["id"], "type": "function", "function": {"name": call.name, "arguments": ""}}
            if self.opened:
                self.completion.emit(self.index, {"tool_calls": [opening]})
            else:
                self.open_role(content=None, tool_calls=[opening])
            for piece in chunks(call.arguments):
                self.completion.emit(self.index, {"tool_calls": [{"index": position, "function": {"arguments": piece}}]})
        self.finish_reason = "stop" if self.request.named_tool else "tool_calls"
        self.end("completed")

    # -- the end ---------------------------------------------------------------------------------

    def end(self, status: str, **details) -> None:
        if status == "failed":
            self.completion.failure = Fail("failed", details.get("code") or "server_error", details.get("message") or "")
            return
        if status == "incomplete":
            self.finish_reason = "length"
        reason = self.finish_reason or "stop"
        if not self.opened:  # an empty reply still opens with the role
            self.open_role(content="")
        self.completion.emit(self.index, {}, reason)
        self.completion.choices.append(choice(self.index, reply_message(self.content, self.tool_calls), reason))

    async def fault(self, fault: Fail) -> None:
        self.completion.failure = fault

    def crashed(self, error: Exception) -> None:
        self.completion.failure = Fail("failed", "server_error", f"The simulator failed while making this completion: {type(error).__name__}.")

    # -- tools the chat family does not offer ------------------------------------------------------

    def _not_offered(self, *args, **kwargs):
        raise RuntimeError("the chat family offers the model function tools only")

    open_code = code_delta = code_files = close_code = open_search = search_scope = close_search = _not_offered
