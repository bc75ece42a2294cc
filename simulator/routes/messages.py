"""/v1/threads/{thread_id}/messages: create, list, retrieve, update, delete."""

from __future__ import annotations

from starlette.requests import Request
from starlette.routing import Route

from simulator.http import schema
from simulator.http.bodies import read_message
from simulator.http.requests import JSON, body_of, caller, deleted, list_params
from simulator.services import messages, threads


async def create_message(request: Request) -> JSON:
    thread = threads.get(caller(request), request.path_params["thread_id"])
    body = await body_of(request)
    schema.check("CreateMessageRequest", body.data)
    message = read_message(request, body.data, thread["id"])
    return JSON(messages.create(caller(request), thread, message))


async def list_messages(request: Request) -> JSON:
    thread = threads.get(caller(request), request.path_params["thread_id"])
    return JSON(messages.listing(caller(request), thread, list_params(request), request.query_params.get("run_id")))


async def retrieve_message(request: Request) -> JSON:
    thread = threads.get(caller(request), request.path_params["thread_id"])
    return JSON(messages.get(caller(request), thread, request.path_params["message_id"]))


async def update_message(request: Request) -> JSON:
    body = await body_of(request)  # before the fetch: a reply being written must not be saved over
    thread = threads.get(caller(request), request.path_params["thread_id"])
    message = messages.get(caller(request), thread, request.path_params["message_id"])
    schema.check("ModifyMessageRequest", body.data)
    if body.has("metadata"):
        message["metadata"] = body.raw("metadata") or {}
    return JSON(messages.save(caller(request), message))


async def delete_message(request: Request) -> JSON:
    thread = threads.get(caller(request), request.path_params["thread_id"])
    message = messages.get(caller(request), thread, request.path_params["message_id"])
    messages.delete(caller(request), message)
    return deleted(message["id"], "thread.message.deleted")


routes = [
    Route("/threads/{thread_id}/messages", create_message, methods=["POST"]),
    Route("/threads/{thread_id}/messages", list_messages, methods=["GET"]),
    Route("/threads/{thread_id}/messages/{message_id}", retrieve_message, methods=["GET"]),
    Route("/threads/{thread_id}/messages/{message_id}", update_message, methods=["POST"]),
    Route("/threads/{thread_id}/messages/{message_id}", delete_message, methods=["DELETE"]),
]
