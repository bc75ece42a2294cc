"""The model behind the runs: one small interface, and the scripted model the course ships.

The engine asks `model.next_action(turn)` once per step. A `Turn` is everything a real model would
see (instructions, the thread so far, the tools, what this run's tool calls returned); an action
is what it decides: reply in text, call functions, run code, or (for teaching) fail. A real model
can stand behind the same interface without touching routes, store or engine.

A model may also have `async def stream(turn)`, yielding `TextDelta`s as it writes, then at most one
action (CallFunctions, RunCode or Fail) and a `Finish` with what it counted: the engine then streams
the text to the client as it arrives. The backends for real models (`load_model`) do that.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from dataclasses import dataclass, field
from typing import Protocol

from simulator.settings import SETTING_NAMED


@dataclass
class ToolResult:
    """One tool call this run made, and what came back."""

    type: str  # "function", "code_interpreter" or "file_search"
    name: str = ""  # the function's name
    arguments: str = ""  # the function's JSON arguments
    output: str = ""  # the function's output, the code's logs, or (file_search) the results as JSON: [{file_id, file_name, score, text}]
    code: str = ""  # code interpreter input
    error: bool = False  # the code raised
    call_id: str = ""  # the tool call's id
    step_id: str = ""  # the run step it belongs to: calls made together share one


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
    # What a real model is also asked with (the scripted model ignores them).
    model: str = ""
    temperature: float | None = None
    top_p: float | None = None
    response_format: object = "auto"
    max_completion_tokens: int | None = None  # what this run may still write, when it has a limit
    vector_store_ids: list[str] = field(default_factory=list)  # what the file_search tool searches (the assistant's and the thread's)
    # A Chat Completions request as its client sent it (messages with every role and image part, tools, stop, seed,
    # penalties): a backend that speaks Chat Completions passes it through instead of rebuilding it from the fields above.
    chat: dict | None = None

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


@dataclass
class SearchFiles:
    """Search the run's vector stores (the file_search tool); the results come back in the next turn."""

    query: str


Action = Reply | CallFunctions | RunCode | Fail | SearchFiles


@dataclass
class TextDelta:
    """A piece of the reply, as a streaming model writes it."""

    text: str


@dataclass
class Finish:
    """The end of a streamed step: the backend's own token counts (None when it gave none), and whether it stopped at max_tokens."""

    prompt_tokens: int | None = None
    completion_tokens: int | None = None
    truncated: bool = False


StreamItem = TextDelta | Finish | CallFunctions | RunCode | Fail


class Model(Protocol):
    def next_action(self, turn: Turn) -> Action: ...


class StreamingModel(Protocol):
    def stream(self, turn: Turn) -> AsyncIterator[StreamItem]: ...


def schema_accepts(schema: dict, value) -> bool:
    """Whether `value` is valid against a JSON schema (a schema that cannot be compiled accepts nothing)."""
    import jsonschema_rs

    try:
        return jsonschema_rs.validator_for(schema).is_valid(value)
    except Exception:  # noqa: BLE001 - a schema jsonschema_rs cannot compile
        return False


def response_format_of(turn: Turn) -> dict | None:
    """The JSON format a turn's reply must take ({"type": "json_object"} or {"type": "json_schema", "json_schema": {...}}), or None for text."""
    fmt = turn.response_format
    return fmt if isinstance(fmt, dict) and fmt.get("type") in ("json_object", "json_schema") else None


class ModelUnavailable(RuntimeError):
    """A backend that cannot start here (its package is missing, say); the message says what to do."""


BACKENDS = SETTING_NAMED["model_backend"].choices  # scripted, openai-compatible, local: declared in simulator/settings.py


def load_model(settings) -> Model | StreamingModel:
    """The model the settings name: the scripted one (default), any Chat Completions endpoint, or the embedded tiny model."""
    backend = (settings.model_backend or "scripted").strip().lower()
    if backend == "scripted":
        from simulator.model.scripted import ScriptedModel

        return ScriptedModel.from_rules(settings.rules_dir)
    if backend == "openai-compatible":
        from simulator.model.openai_compatible import OpenAICompatibleModel

        return OpenAICompatibleModel.from_settings(settings)
    if backend == "local":
        from simulator.model.local import LocalModel

        return LocalModel.from_settings(settings)
    raise ModelUnavailable(f"Unknown model backend {backend!r}: choose one of {', '.join(BACKENDS)}.")


def check_backend(settings) -> None:
    """Raise ModelUnavailable when the chosen backend cannot run here (without loading any model)."""
    backend = (settings.model_backend or "scripted").strip().lower()
    if backend not in BACKENDS:
        raise ModelUnavailable(f"Unknown model backend {backend!r}: choose one of {', '.join(BACKENDS)}.")
    if backend == "local":
        from simulator.model.local import check_installed

        check_installed()
