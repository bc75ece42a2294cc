"""The model behind the runs: one small interface, and the scripted model the course ships.

The engine asks `model.next_action(turn)` once per step. A `Turn` is everything a real model would
see (instructions, the thread so far, the tools, what this run's tool calls returned); an action
is what it decides: reply in text, call functions, run code, or (for teaching) fail. A real model
can stand behind the same interface without touching routes, store or engine.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Protocol


@dataclass
class ToolResult:
    """One tool call this run made, and what came back."""

    type: str  # "function" or "code_interpreter"
    name: str = ""  # the function's name
    arguments: str = ""  # the function's JSON arguments
    output: str = ""  # the function's output, or the code's logs
    code: str = ""  # code interpreter input
    error: bool = False  # the code raised


@dataclass
class Turn:
    instructions: str
    messages: list[dict]  # {"role", "text", "attachments": [file names]}, oldest first
    tools: list[dict]
    tool_choice: object = "auto"
    parallel_tool_calls: bool = True
    results: list[ToolResult] = field(default_factory=list)  # this run's tool calls so far
    files: dict[str, str] = field(default_factory=dict)  # file id -> file name: the files its code sees in /mnt/data
    assistant_name: str | None = None

    @property
    def last_user_text(self) -> str:
        for message in reversed(self.messages):
            if message["role"] == "user":
                return message["text"]
        return ""

    def function(self, name: str) -> dict | None:
        for tool in self.tools:
            if tool["type"] == "function" and tool["function"]["name"] == name:
                return tool["function"]
        return None

    def has_tool(self, kind: str) -> bool:
        return any(tool["type"] == kind for tool in self.tools)


@dataclass
class Reply:
    text: str


@dataclass
class FunctionCall:
    name: str
    arguments: str  # JSON text, as the API carries it


@dataclass
class CallFunctions:
    calls: list[FunctionCall]


@dataclass
class RunCode:
    code: str


@dataclass
class Fail:
    """A failure the model reports, so a lesson can show `failed` (or `expired`) for real."""

    status: str  # "failed" or "expired"
    code: str = "server_error"
    message: str = ""
    after_seconds: float = 0.0


Action = Reply | CallFunctions | RunCode | Fail


class Model(Protocol):
    def next_action(self, turn: Turn) -> Action: ...
