"""One pager for every list: OpenAI's cursor pagination (order, limit, after, before; first_id, last_id, has_more)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from simulator.errors import invalid
from simulator.services import Caller
from simulator.store import Store


def envelope(items: list[dict], has_more: bool) -> dict:
    """{object: list, data, first_id, last_id, has_more}: the list shape every endpoint answers with."""
    return {"object": "list", "data": items, "first_id": items[0]["id"] if items else None, "last_id": items[-1]["id"] if items else None, "has_more": has_more}


def bad_cursor(name: str, noun: str, object_id: str):
    return invalid(f"Invalid '{name}': no {noun} found with id '{object_id}'.", name, "invalid_value")


def page(
    caller: Caller,
    kind: str,
    query: dict,
    *,
    noun: str,
    parent: str | None = None,
    where: dict | None = None,
    key: Callable[[str], str] = lambda object_id: object_id,
    transform: Callable[[dict], Any] | None = None,
) -> dict:
    """A page of a stored list. `query`: limit, order, after, before (None when absent); a cursor must name an
    object of this very list the caller may see (in classroom mode, one's own for a list of one's own objects).

    'after' is the page further along in the list's order, 'before' the page just before the cursor, in the
    list's order; has_more says whether more lie beyond the page in the direction it was read."""
    store = caller.store
    scope = caller.scope if parent is None else None
    cursors = {}
    for name in ("after", "before"):
        object_id = query.get(name)
        if object_id is None:
            continue
        seq = store.seq_of(kind, key(object_id), parent)
        if seq is None or (scope is not None and store.get(kind, key(object_id), owner=scope) is None):
            raise bad_cursor(name, noun, object_id)
        cursors[name] = seq
    items, has_more = store.page(kind, parent=parent, owner=scope, limit=query["limit"], order=query["order"], after_seq=cursors.get("after"), before_seq=cursors.get("before"), where=where)
    return envelope([transform(item) for item in items] if transform else items, has_more)


def page_of(items: list[dict], query: dict, *, noun: str) -> dict:
    """The same page over objects kept inside another (a response's input items), oldest first in `items`."""
    ids = [item.get("id") for item in items]
    cursors = {}
    for name in ("after", "before"):
        object_id = query.get(name)
        if object_id is None:
            continue
        if object_id not in ids:
            raise bad_cursor(name, noun, object_id)
        cursors[name] = ids.index(object_id)
    data, has_more = Store.page_list(items, limit=query["limit"], order=query["order"], after_seq=cursors.get("after"), before_seq=cursors.get("before"))
    return envelope(data, has_more)
