"""A fake Chat Completions server on a free loopback port: deterministic, scripted per test.

A test queues what the next requests get (`push`): streamed text (that may pause mid-stream until the
test lets it go on), tool calls, an HTTP error, silence, or garbage. Every request body is kept in
`requests`, so a test can check what the simulator asked. With nothing queued it answers `default`.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import threading
import time
from collections import deque
from collections.abc import Iterator
from dataclasses import dataclass, field

import uvicorn
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse, Response, StreamingResponse
from starlette.routing import Route

from simulator.launch import free_port


def sse(data) -> bytes:
    return f"data: {data if isinstance(data, str) else json.dumps(data)}\n\n".encode()


def chunk(body: dict, delta: dict, finish_reason: str | None = None) -> dict:
    return {"id": "chatcmpl-fake", "object": "chat.completion.chunk", "created": 1, "model": body.get("model", "fake"), "choices": [{"index": 0, "delta": delta, "finish_reason": finish_reason}]}


async def wait_for(event: threading.Event, seconds: float) -> None:
    deadline = time.monotonic() + seconds
    while not event.is_set() and time.monotonic() < deadline:
        await asyncio.sleep(0.01)


def usage_chunk(body: dict, usage: tuple[int, int] | None) -> list[bytes]:
    if usage is None or not (body.get("stream_options") or {}).get("include_usage"):
        return []
    prompt, completion = usage
    return [sse({"id": "chatcmpl-fake", "object": "chat.completion.chunk", "created": 1, "model": "fake", "choices": [], "usage": {"prompt_tokens": prompt, "completion_tokens": completion, "total_tokens": prompt + completion}})]


@dataclass
class Text:
    """Streams `pieces` as content deltas. With `gate`, it stops after `pause_after` pieces until the gate is set."""

    pieces: list[str]
    usage: tuple[int, int] | None = (11, 7)
    finish_reason: str = "stop"
    gate: threading.Event | None = None
    pause_after: int = 1
    first_token_delay: float = 0.0  # a real model's time to its first token (the benchmark sets it)
    finished: threading.Event = field(default_factory=threading.Event)  # set once the last byte is out

    async def respond(self, body: dict) -> Response:
        async def stream():
            yield sse(chunk(body, {"role": "assistant", "content": ""}))
            if self.first_token_delay:
                await asyncio.sleep(self.first_token_delay)
            for i, piece in enumerate(self.pieces, start=1):
                yield sse(chunk(body, {"content": piece}))
                if self.gate is not None and i == self.pause_after:
                    await wait_for(self.gate, 20)
            yield sse(chunk(body, {}, self.finish_reason))
            for line in usage_chunk(body, self.usage):
                yield line
            yield sse("[DONE]")
            self.finished.set()

        return StreamingResponse(stream(), media_type="text/event-stream")


@dataclass
class ToolCalls:
    """Streams tool calls, (name, arguments text) each, the arguments in two pieces as real servers do."""

    calls: list[tuple[str, str]]
    usage: tuple[int, int] | None = (20, 9)
    text: str = ""

    async def respond(self, body: dict) -> Response:
        async def stream():
            yield sse(chunk(body, {"role": "assistant", "content": self.text or None}))
            for index, (name, arguments) in enumerate(self.calls):
                head = {"index": index, "id": f"call_fake{index}", "type": "function", "function": {"name": name, "arguments": ""}}
                yield sse(chunk(body, {"tool_calls": [head]}))
                half = len(arguments) // 2
                for piece in (arguments[:half], arguments[half:]):
                    yield sse(chunk(body, {"tool_calls": [{"index": index, "function": {"arguments": piece}}]}))
            yield sse(chunk(body, {}, "tool_calls"))
            for line in usage_chunk(body, self.usage):
                yield line
            yield sse("[DONE]")

        return StreamingResponse(stream(), media_type="text/event-stream")


@dataclass
class Status:
    """An HTTP error, with the body OpenAI's API sends."""

    code: int
    message: str = "The fake backend failed on purpose."

    async def respond(self, body: dict) -> Response:
        return JSONResponse({"error": {"message": self.message, "type": "server_error", "param": None, "code": None}}, status_code=self.code)


@dataclass
class Silence:
    """Says nothing for `seconds` (longer than the simulator's --model-timeout), then a normal answer."""

    seconds: float
    after_first_piece: bool = False

    async def respond(self, body: dict) -> Response:
        if not self.after_first_piece:
            await asyncio.sleep(self.seconds)
            return await Text(["late"]).respond(body)

        async def stream():
            yield sse(chunk(body, {"role": "assistant", "content": "Hel"}))
            await asyncio.sleep(self.seconds)
            yield sse(chunk(body, {"content": "lo"}))
            yield sse("[DONE]")

        return StreamingResponse(stream(), media_type="text/event-stream")


@dataclass
class Raw:
    """Any bytes at all, with status 200."""

    body: bytes
    content_type: str = "text/event-stream"

    async def respond(self, body: dict) -> Response:
        return Response(self.body, media_type=self.content_type)


class FakeChat:
    def __init__(self) -> None:
        self.scripts: deque = deque()
        self.requests: list[dict] = []
        self.default = Text(["Hello", " from", " the", " fake", " backend."])
        self.base_url = ""
        self.models: list[dict] | None = None  # what GET /v1/models lists; None: it answers 404, as servers without it do
        self.app = Starlette(routes=[Route("/v1/chat/completions", self.handle, methods=["POST"]), Route("/v1/models", self.list_models)])

    def push(self, *scripts) -> None:
        self.scripts.extend(scripts)

    def reset(self) -> None:
        self.scripts.clear()
        self.requests.clear()
        self.models = None

    async def list_models(self, request: Request) -> Response:
        if self.models is None:
            return JSONResponse({"error": {"message": "not found"}}, status_code=404)
        return JSONResponse({"object": "list", "data": self.models})

    async def handle(self, request: Request) -> Response:
        body = await request.json()
        self.requests.append(body)
        script = self.scripts.popleft() if self.scripts else self.default
        return await script.respond(body)


@contextlib.contextmanager
def fake_chat() -> Iterator[FakeChat]:
    """Serve a FakeChat from a thread of the test process; yields it, its base_url set (…/v1)."""
    fake = FakeChat()
    port = free_port()
    server = uvicorn.Server(uvicorn.Config(fake.app, host="127.0.0.1", port=port, log_level="warning", lifespan="off", timeout_graceful_shutdown=1))
    thread = threading.Thread(target=server.run, name="fake chat completions", daemon=True)
    thread.start()
    deadline = time.monotonic() + 30  # generous: a busy machine starts a server slowly, a broken one fails at once
    while not server.started:
        if time.monotonic() > deadline or not thread.is_alive():
            raise RuntimeError("the fake Chat Completions server did not start")
        time.sleep(0.01)
    fake.base_url = f"http://127.0.0.1:{port}/v1"
    try:
        yield fake
    finally:
        server.should_exit = True
        thread.join(timeout=10)
