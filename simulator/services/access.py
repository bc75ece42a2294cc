"""Ownership, written once: an object by id, or the API's own "not found" for a missing one and for another key's."""

from __future__ import annotations

from collections.abc import Callable

from simulator.errors import APIError, invalid, not_found
from simulator.services import Caller

NOUNS = {"assistant": "assistant", "thread": "thread", "message": "message", "run": "run", "run_step": "run step", "file": "file", "vector_store": "vector store"}


def _missing(kind: str, object_id: str, param: str | None, parent: str | None) -> APIError:
    """What the API answered for an id it did not find, in each family's own words."""
    if kind == "container":
        return APIError(404, f"Container with id '{object_id}' not found.", param=param or "container_id")
    if kind == "conversation":
        return APIError(404, f"Conversation with id '{object_id}' not found.", param=param or "conversation_id")
    if kind == "response":
        return APIError(404, f"Response with id '{object_id}' not found.", param=param or "response_id")
    if kind == "conversation_item":
        return APIError(404, f"Item with id '{object_id}' not found.", param=param or "item_id")
    if kind == "container_file":
        return APIError(404, f"File with id '{object_id}' not found in container '{parent}'.", param=param or "file_id")
    if kind == "vector_store_file":
        vector_store_id, _, file_id = object_id.partition("/")
        return APIError(404, f"No file found with id '{file_id}' in vector store '{vector_store_id}'.")
    return not_found(NOUNS[kind], object_id, param)


def find(caller: Caller, kind: str, object_id: str, *, parent: str | None = None) -> dict | None:
    """An object the caller may see, or None: another key's (in classroom mode) is as missing as one never made.

    An object under a parent (a thread's message, a run's step, a conversation's item, a container's file)
    is reached through that parent, already found in the caller's scope; it belongs to whoever owns the
    parent (the engine writes replies and steps itself), so only its parent is checked.
    """
    if not isinstance(object_id, str) or not object_id:
        return None
    return caller.store.get(kind, object_id, owner=caller.scope if parent is None else None, parent=parent)


def find_own_child(caller: Caller, kind: str, object_id: str, *, parent: str) -> dict | None:
    """An object under `parent` that the caller made itself (a run), in one read; None if it is not that (then `get`
    tells which 404 applies). Whoever made it could see its parent, so no read of the parent is needed."""
    if not isinstance(object_id, str) or not object_id:
        return None
    return caller.store.get(kind, object_id, owner=caller.scope, parent=parent)


def get(caller: Caller, kind: str, object_id: str, *, parent: str | None = None, param: str | None = None, missing: Callable[[], APIError] | None = None) -> dict:
    """`find`, or the API's 404 for it ("No assistant found with id 'x'.", "Container with id 'x' not found.", ...)."""
    found = find(caller, kind, object_id, parent=parent)
    if found is None:
        raise missing() if missing is not None else _missing(kind, object_id, param, parent)
    return found


def exists(caller: Caller, kind: str, object_id: str) -> bool:
    return find(caller, kind, object_id) is not None


def duplicate_item(item_id: str, param: str) -> APIError:
    """The real API's words for an item id it will not take (seen from the Responses API, 400, param 'input')."""
    return invalid(f"Duplicate item found with id {item_id}. Remove duplicate items from your input and try again.", param, None)


def check_item_ids(caller: Caller, items: list[dict], *, param: str, conversation_id: str | None = None) -> None:
    """Client-chosen item ids never collide with another object: an id held by an object of another kind, or by
    an item the caller may not see, is refused (400) before anything is stored, never a 500 nor another's item.

    An item of the caller's own, given back (as input, or to the conversation it is already in), is taken."""
    for item in items:
        item_id = item.get("id")
        if not isinstance(item_id, str) or not item_id:
            continue
        holder = caller.store.describe(item_id)
        if holder is None:
            continue
        kind, parent, owner = holder
        if kind == "conversation_item" and (caller.scope is None or owner == caller.owner):
            continue  # the caller's own item (in this conversation it is kept as it is; elsewhere copied under a new id)
        raise duplicate_item(item_id, param)
