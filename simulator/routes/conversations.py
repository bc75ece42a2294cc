"""/v1/conversations and their items: what a thread was, for the Responses API (there is no list of conversations)."""

from __future__ import annotations

from starlette.requests import Request
from starlette.routing import Route

from simulator.engine.responses import present
from simulator.http.requests import JSON, caller, list_params
from simulator.http.schema import missing, unknown
from simulator.http.validation import parse_json
from simulator.routes.responses import check_against, include_of, normalize_items
from simulator.services import conversations

MAX_ITEMS = 20


def fetch_conversation(request: Request) -> dict:
    return conversations.get(caller(request), request.path_params["conversation_id"])


async def create_conversation(request: Request) -> JSON:
    body = parse_json(await request.body())
    check_against("CreateConversationBody", body)
    return JSON(conversations.create(caller(request), body.get("metadata") or {}, normalize_items(body.get("items") or [], "items")))


async def get_conversation(request: Request) -> JSON:
    return JSON(fetch_conversation(request))


async def update_conversation(request: Request) -> JSON:
    conversation = fetch_conversation(request)
    body = parse_json(await request.body())
    check_against("UpdateConversationBody", body)
    if "metadata" not in body:
        raise missing("metadata")
    conversation["metadata"] = body["metadata"] or {}
    return JSON(conversations.save(caller(request), conversation))


async def delete_conversation(request: Request) -> JSON:
    conversation = fetch_conversation(request)
    conversations.delete(caller(request), conversation)
    return JSON({"id": conversation["id"], "object": "conversation.deleted", "deleted": True})


async def create_items(request: Request) -> JSON:
    conversation = fetch_conversation(request)
    body = parse_json(await request.body())
    if "items" not in body:
        raise missing("items")
    for key in body:
        if key != "items":
            raise unknown(key)
    check_against("CreateConversationBody", {"items": body["items"]})
    added = conversations.add_items(caller(request), conversation, normalize_items(body["items"], "items"))
    include = include_of(request)
    shown = [present(item, include) for item in added]
    return JSON({"object": "list", "data": shown, "first_id": shown[0]["id"] if shown else None, "last_id": shown[-1]["id"] if shown else None, "has_more": False})


async def list_items(request: Request) -> JSON:
    conversation = fetch_conversation(request)
    return JSON(conversations.listing(caller(request), conversation, list_params(request, before=False), include_of(request)))


def fetch_item(request: Request, conversation: dict) -> dict:
    return conversations.get_item(caller(request), conversation, request.path_params["item_id"])


async def get_item(request: Request) -> JSON:
    conversation = fetch_conversation(request)
    return JSON(present(fetch_item(request, conversation), include_of(request)))


async def delete_item(request: Request) -> JSON:
    conversation = fetch_conversation(request)
    item = fetch_item(request, conversation)
    conversations.delete_item(caller(request), item)
    return JSON(conversation)  # the real API answered with the conversation


routes = [
    Route("/conversations", create_conversation, methods=["POST"]),
    Route("/conversations/{conversation_id}", get_conversation, methods=["GET"]),
    Route("/conversations/{conversation_id}", update_conversation, methods=["POST"]),
    Route("/conversations/{conversation_id}", delete_conversation, methods=["DELETE"]),
    Route("/conversations/{conversation_id}/items", create_items, methods=["POST"]),
    Route("/conversations/{conversation_id}/items", list_items, methods=["GET"]),
    Route("/conversations/{conversation_id}/items/{item_id}", get_item, methods=["GET"]),
    Route("/conversations/{conversation_id}/items/{item_id}", delete_item, methods=["DELETE"]),
]
