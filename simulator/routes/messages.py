"""/v1/threads/{thread_id}/messages: create, list, retrieve, update, delete."""

from __future__ import annotations

from starlette.requests import Request
from starlette.routing import Route

from simulator.http import schema
from simulator.http.bodies import read_message, refuse_while_active, store_message
from simulator.http.requests import JSON, body_of, deleted, fetch, page, sim


async def create_message(request: Request) -> JSON:
    thread = fetch(request, "thread", request.path_params["thread_id"])
    body = await body_of(request)
    schema.check("CreateMessageRequest", body.data)
    message = read_message(request, body.data, thread["id"])
    refuse_while_active(request, thread["id"], "add messages to")
    store_message(request, thread, message)
    return JSON(message)


async def list_messages(request: Request) -> JSON:
    thread = fetch(request, "thread", request.path_params["thread_id"])
    run_id = request.query_params.get("run_id")
    return page(request, "message", parent=thread["id"], where={"run_id": run_id} if run_id else None, extra=("run_id",))


async def retrieve_message(request: Request) -> JSON:
    thread = fetch(request, "thread", request.path_params["thread_id"])
    return JSON(fetch(request, "message", request.path_params["message_id"], parent=thread["id"]))


async def update_message(request: Request) -> JSON:
    body = await body_of(request)  # before the fetch: a reply being written must not be saved over
    thread = fetch(request, "thread", request.path_params["thread_id"])
    message = fetch(request, "message", request.path_params["message_id"], parent=thread["id"])
    schema.check("ModifyMessageRequest", body.data)
    if body.has("metadata"):
        message["metadata"] = body.raw("metadata") or {}
    sim(request).store.save(message)
    return JSON(message)


async def delete_message(request: Request) -> JSON:
    thread = fetch(request, "thread", request.path_params["thread_id"])
    message = fetch(request, "message", request.path_params["message_id"], parent=thread["id"])
    sim(request).store.delete(message["id"])
    return deleted(message["id"], "thread.message.deleted")


routes = [
    Route("/threads/{thread_id}/messages", create_message, methods=["POST"]),
    Route("/threads/{thread_id}/messages", list_messages, methods=["GET"]),
    Route("/threads/{thread_id}/messages/{message_id}", retrieve_message, methods=["GET"]),
    Route("/threads/{thread_id}/messages/{message_id}", update_message, methods=["POST"]),
    Route("/threads/{thread_id}/messages/{message_id}", delete_message, methods=["DELETE"]),
]
