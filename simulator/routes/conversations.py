"""/v1/conversations and their items: what a thread was, for the Responses API (there is no list of conversations)."""

from __future__ import annotations

from starlette.requests import Request
from starlette.routing import Route

from simulator.engine.responses import present
from simulator.errors import APIError
from simulator.http.requests import JSON, owner_of, read_scope, sim
from simulator.http.schema import missing, unknown
from simulator.http.validation import parse_json
from simulator.routes.responses import check_against, include_of, list_page, normalize_items
from simulator.wire.responses import conversation_object

MAX_ITEMS = 20


def fetch_conversation(request: Request) -> dict:
    conversation_id = request.path_params["conversation_id"]
    found = sim(request).store.get("conversation", conversation_id, owner=read_scope(request))
    if found is None:
        raise APIError(404, f"Conversation with id '{conversation_id}' not found.", param="conversation_id")
    return found


def add_items(request: Request, conversation: dict, raw: list) -> list[dict]:
    store = sim(request).store
    items = normalize_items(raw, "items")
    for item in items:
        if item.get("type") == "item_reference":
            from simulator.errors import invalid

            raise invalid("Item references cannot be added to a conversation: add the item itself.", "items", "invalid_value")
    sim(request).responses.append_to_conversation(conversation["id"], items)
    return [store.get("conversation_item", item["id"]) or item for item in items]


async def create_conversation(request: Request) -> JSON:
    body = parse_json(await request.body())
    check_against("CreateConversationBody", body)
    conversation = conversation_object(body.get("metadata") or {})
    sim(request).store.insert("conversation", conversation, owner=owner_of(request))
    if body.get("items"):
        add_items(request, conversation, body["items"])
    return JSON(conversation)


async def get_conversation(request: Request) -> JSON:
    return JSON(fetch_conversation(request))


async def update_conversation(request: Request) -> JSON:
    conversation = fetch_conversation(request)
    body = parse_json(await request.body())
    check_against("UpdateConversationBody", body)
    if "metadata" not in body:
        raise missing("metadata")
    conversation["metadata"] = body["metadata"] or {}
    sim(request).store.save(conversation)
    return JSON(conversation)


async def delete_conversation(request: Request) -> JSON:
    conversation = fetch_conversation(request)
    sim(request).store.delete(conversation["id"])
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
    added = add_items(request, conversation, body["items"])
    include = include_of(request)
    shown = [present(item, include) for item in added]
    return JSON({"object": "list", "data": shown, "first_id": shown[0]["id"] if shown else None, "last_id": shown[-1]["id"] if shown else None, "has_more": False})


async def list_items(request: Request) -> JSON:
    conversation = fetch_conversation(request)
    include = include_of(request)
    items = [present(item, include) for item in sim(request).store.all("conversation_item", parent=conversation["id"])]
    return list_page(request, items)


def fetch_item(request: Request, conversation: dict) -> dict:
    store, item_id = sim(request).store, request.path_params["item_id"]
    item = store.get("conversation_item", item_id)
    if item is None or store.parent_of(item_id) != conversation["id"]:
        raise APIError(404, f"Item with id '{item_id}' not found.", param="item_id")
    return item


async def get_item(request: Request) -> JSON:
    conversation = fetch_conversation(request)
    return JSON(present(fetch_item(request, conversation), include_of(request)))


async def delete_item(request: Request) -> JSON:
    conversation = fetch_conversation(request)
    item = fetch_item(request, conversation)
    sim(request).store.delete(item["id"])
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
