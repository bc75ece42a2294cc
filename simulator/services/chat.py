"""Chat Completions: make one (whole, or chunk by chunk), and the stored ones (store=true): read, list, update, delete, messages.

A completion is made by the engine's chat family (simulator.engine.chat) inside the request that asked for it.
Only one made with `store: true` is kept, with its request's messages beside it (kind `chat_completion_messages`,
under the completion) and its metadata; reads go through `access` like every other object, so in classroom mode
another key's completion is as missing as one never stored.
"""

from __future__ import annotations

import asyncio
import secrets

from simulator.engine.chat import ChatRequest, Completion
from simulator.errors import APIError
from simulator.model import Fail
from simulator.services import Caller, access, pager
from simulator.wire.chat import stored_message

KIND = "chat_completion"
MESSAGES = "chat_completion_messages"
END = None  # what a stream's queue ends with


def failure(fault: Fail) -> APIError:
    """A choice the model failed, as the real API answered it: 429 for a rate limit, else a 500."""
    if fault.code == "rate_limit_exceeded":
        return APIError(429, fault.message or "Rate limit reached.", type="requests", code="rate_limit_exceeded")
    return APIError(500, fault.message or "The server had an error while processing your request. Sorry about that!", type="server_error")


async def create(caller: Caller, request: ChatRequest, *, store: bool, metadata: dict, messages: list[dict]) -> dict:
    """A whole completion; stored when asked. A model failure is the API's error."""
    completion = await caller.engine.chat.make(request)
    if completion.failure is not None:
        raise failure(completion.failure)
    whole = completion.whole()
    if store:
        save(caller, completion, metadata, messages)
    return whole


def start_stream(caller: Caller, request: ChatRequest, *, store: bool, metadata: dict, messages: list[dict]) -> tuple[asyncio.Queue, asyncio.Task]:
    """A completion made chunk by chunk into the queue returned: chunks (dicts), the APIError if it fails, then END.

    Its task is the engine's (stopped when the server stops); whoever reads the queue cancels it when its client goes."""
    queue: asyncio.Queue = asyncio.Queue()

    async def produce() -> None:
        try:
            completion = await caller.engine.chat.make(request, emit=queue.put_nowait)
            if completion.failure is not None:
                queue.put_nowait(failure(completion.failure))
            elif store:
                save(caller, completion, metadata, messages)
        finally:
            queue.put_nowait(END)

    task = caller.engine.start_task("chatcmpl~" + secrets.token_hex(8), produce())
    return queue, task


def save(caller: Caller, completion: Completion, metadata: dict, messages: list[dict]) -> None:
    stored = {**completion.whole(), "metadata": metadata}
    listed = [stored_message(completion.id, n, message) for n, message in enumerate(messages)]
    with caller.store.batch():
        caller.store.insert(KIND, stored, owner=caller.owner)
        caller.store.insert(MESSAGES, {"id": completion.id + "~messages", "messages": listed}, parent=completion.id, owner=caller.owner)


def _missing(completion_id: str) -> APIError:
    # The simulator's words (no recording of the real API's was found): never stored, deleted, or another key's.
    return APIError(404, f"Chat completion {completion_id} not found.", param="completion_id")


def get(caller: Caller, completion_id: str) -> dict:
    return access.get(caller, KIND, completion_id, missing=lambda: _missing(completion_id))


def update(caller: Caller, completion_id: str, metadata: dict) -> dict:
    completion = get(caller, completion_id)
    completion["metadata"] = metadata
    caller.store.save(completion)
    return completion


def delete(caller: Caller, completion_id: str) -> dict:
    get(caller, completion_id)
    caller.store.delete(completion_id)
    return {"object": "chat.completion.deleted", "id": completion_id, "deleted": True}


def list_completions(caller: Caller, query: dict, *, model: str | None, metadata: dict[str, str]) -> dict:
    """The caller's stored completions, filtered by model and by every metadata[key]=value given, then paged."""
    found, _ = caller.store.page(KIND, owner=caller.scope, limit=1_000_000, order="asc", where={"model": model} if model else None)
    kept = [c for c in found if all((c.get("metadata") or {}).get(key) == value for key, value in metadata.items())]
    return pager.page_of(kept, query, noun="chat completion")


def messages(caller: Caller, completion_id: str, query: dict) -> dict:
    get(caller, completion_id)
    stored = caller.store.get(MESSAGES, completion_id + "~messages") or {"messages": []}
    return pager.page_of(stored["messages"], query, noun="message")
