"""Conversations and their items: what a thread was, for the Responses API."""

from __future__ import annotations

from simulator.engine.responses import present
from simulator.errors import invalid
from simulator.services import Caller, access, containers, pager
from simulator.wire.responses import conversation_object


def get(caller: Caller, conversation_id: str, *, param: str | None = None) -> dict:
    return access.get(caller, "conversation", conversation_id, param=param)


def check_items(caller: Caller, items: list[dict], *, conversation_id: str | None = None, param: str = "items") -> None:
    """Items to add, checked whole before anything is stored: no references, the caller's own containers, free ids."""
    for item in items:
        if item.get("type") == "item_reference":
            raise invalid("Item references cannot be added to a conversation: add the item itself.", "items", "invalid_value")
    containers.check_in_items(caller, items, param)
    access.check_item_ids(caller, items, param=param, conversation_id=conversation_id)


def create(caller: Caller, metadata: dict, items: list[dict]) -> dict:
    """A conversation and its first items; nothing is stored unless the items pass."""
    check_items(caller, items)
    conversation = caller.store.insert("conversation", conversation_object(metadata), owner=caller.owner)
    if items:
        _append(caller, conversation, items)
    return conversation


def save(caller: Caller, conversation: dict) -> dict:
    return caller.store.save(conversation)


def delete(caller: Caller, conversation: dict) -> None:
    caller.store.delete(conversation["id"])


def add_items(caller: Caller, conversation: dict, items: list[dict]) -> list[dict]:
    """Add checked items; answers with them as stored (an item already in the conversation, as it is there)."""
    check_items(caller, items, conversation_id=conversation["id"])
    return _append(caller, conversation, items)


def _append(caller: Caller, conversation: dict, items: list[dict]) -> list[dict]:
    before = {item["id"]: item for item in caller.responses.conversation_items(conversation["id"])}
    caller.responses.append_to_conversation(conversation["id"], items)
    # What the engine added, in order: an item given with an id already used elsewhere is stored under a new one.
    added = iter([item for item in caller.responses.conversation_items(conversation["id"]) if item["id"] not in before])
    return [before[item["id"]] if item.get("id") in before else next(added, item) for item in items]


def listing(caller: Caller, conversation: dict, query: dict, include: list[str]) -> dict:
    return pager.page(caller, "conversation_item", query, noun="item", parent=conversation["id"], transform=lambda item: present(item, include))


def get_item(caller: Caller, conversation: dict, item_id: str) -> dict:
    return access.get(caller, "conversation_item", item_id, parent=conversation["id"])


def delete_item(caller: Caller, item: dict) -> None:
    caller.store.delete(item["id"])
