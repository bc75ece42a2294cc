"""/v1/threads: create (with metadata, initial messages, tool_resources), retrieve, update, delete."""

from __future__ import annotations

from starlette.requests import Request
from starlette.routing import Route

from simulator.http.requests import JSON, body_of, deleted, fetch, owner_of, sim
from simulator.http.validation import Body, check_list, check_tool_resources, type_error
from simulator.ids import new_id, now

from .files import check_file_ids
from .messages import read_message, refuse_while_active


def read_thread(request: Request, body: Body) -> tuple[dict, list[dict]]:
    """A new thread and its initial messages, checked but not yet stored (create-and-run shares it)."""
    thread = {"id": new_id("thread"), "object": "thread", "created_at": now(), "metadata": {}, "tool_resources": {}}
    messages = []
    for i, item in enumerate(check_list([] if body.raw("messages") is None else body.raw("messages"), body.name("messages"), max_items=32)):
        if not isinstance(item, dict):
            raise type_error(f"{body.name('messages')}[{i}]", item, "an object")
        messages.append(read_message(request, Body(item, prefix=f"{body.name('messages')}[{i}]."), thread["id"]))
    if body.has("metadata"):
        thread["metadata"] = body.metadata() or {}
    if body.has("tool_resources"):
        thread["tool_resources"] = check_tool_resources(body.raw("tool_resources"), body.name("tool_resources"))
        check_file_ids(request, thread["tool_resources"])
    return thread, messages


def store_thread(request: Request, thread: dict, messages: list[dict]) -> None:
    store, owner = sim(request).store, owner_of(request)
    store.insert("thread", thread, owner=owner)
    for message in messages:
        store.insert("message", message, parent=thread["id"], owner=owner)


async def create_thread(request: Request) -> JSON:
    body = await body_of(request)
    thread, messages = read_thread(request, body)
    body.done()
    store_thread(request, thread, messages)
    return JSON(thread)


async def retrieve_thread(request: Request) -> JSON:
    return JSON(fetch(request, "thread", request.path_params["thread_id"]))


async def update_thread(request: Request) -> JSON:
    body = await body_of(request)  # before the fetch: nothing may change between reading and saving
    thread = fetch(request, "thread", request.path_params["thread_id"])
    if body.has("metadata"):
        thread["metadata"] = body.metadata() or {}
    if body.has("tool_resources"):
        thread["tool_resources"] = check_tool_resources(body.raw("tool_resources"))
        check_file_ids(request, thread["tool_resources"])
    body.done()
    sim(request).store.save(thread)
    return JSON(thread)


async def delete_thread(request: Request) -> JSON:
    thread = fetch(request, "thread", request.path_params["thread_id"])
    refuse_while_active(request, thread["id"], "delete thread")
    sim(request).store.delete(thread["id"])
    return deleted(thread["id"], "thread.deleted")


routes = [
    Route("/threads", create_thread, methods=["POST"]),
    Route("/threads/{thread_id}", retrieve_thread, methods=["GET"]),
    Route("/threads/{thread_id}", update_thread, methods=["POST"]),
    Route("/threads/{thread_id}", delete_thread, methods=["DELETE"]),
]
