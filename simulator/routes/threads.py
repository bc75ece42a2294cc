"""/v1/threads: create (with metadata, initial messages, tool_resources), retrieve, update, delete."""

from __future__ import annotations

from starlette.requests import Request
from starlette.routing import Route

from simulator.http import schema
from simulator.http.bodies import check_file_ids, read_thread
from simulator.http.requests import JSON, body_of, caller, deleted
from simulator.http.validation import stored_tool_resources
from simulator.services import threads
from simulator.services.vector_stores import InlineStores


async def create_thread(request: Request) -> JSON:
    body = await body_of(request)
    schema.check("CreateThreadRequest", body.data)
    thread, messages, plan = read_thread(request, body.data)
    return JSON(threads.create(caller(request), thread, messages, plan))


async def retrieve_thread(request: Request) -> JSON:
    thread = threads.get(caller(request), request.path_params["thread_id"])
    # The real API answered a create with "code_interpreter": null but filled in an empty entry when the
    # thread was read back (the original lesson's recorded output: create, then retrieve, of one thread).
    resources = dict(thread.get("tool_resources") or {})
    if resources.get("code_interpreter") is None:
        resources["code_interpreter"] = {"file_ids": []}
    return JSON({**thread, "tool_resources": resources})


async def update_thread(request: Request) -> JSON:
    body = await body_of(request)  # before the fetch: nothing may change between reading and saving
    thread = threads.get(caller(request), request.path_params["thread_id"])
    schema.check("ModifyThreadRequest", body.data)
    plan = InlineStores()
    if body.has("metadata"):
        thread["metadata"] = body.raw("metadata") or {}
    if body.has("tool_resources"):
        thread["tool_resources"] = stored_tool_resources(body.raw("tool_resources"))
        plan = check_file_ids(request, thread["tool_resources"])
    return JSON(threads.save(caller(request), thread, plan))


async def delete_thread(request: Request) -> JSON:
    thread = threads.get(caller(request), request.path_params["thread_id"])
    threads.delete(caller(request), thread)
    return deleted(thread["id"], "thread.deleted")


routes = [
    Route("/threads", create_thread, methods=["POST"]),
    Route("/threads/{thread_id}", retrieve_thread, methods=["GET"]),
    Route("/threads/{thread_id}", update_thread, methods=["POST"]),
    Route("/threads/{thread_id}", delete_thread, methods=["DELETE"]),
]
