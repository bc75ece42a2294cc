"""What every route shares: the request's owner, its body, lookups that 404, lists that page."""

from __future__ import annotations

from typing import Any

from starlette.requests import Request
from starlette.responses import JSONResponse

from simulator.errors import invalid, not_found
from simulator.http.validation import Body, list_query, parse_json

NOUNS = {"assistant": "assistant", "thread": "thread", "message": "message", "run": "run", "run_step": "run step", "file": "file"}



class JSON(JSONResponse):
    """JSON as the API sends it: UTF-8, non-ASCII left as it is."""

    def render(self, content: Any) -> bytes:
        import json

        return json.dumps(content, ensure_ascii=False, separators=(",", ":")).encode("utf-8")


def sim(request: Request):
    return request.app.state.sim


def owner_of(request: Request) -> str:
    """Who is asking: a digest of the API key (never the key itself), made once by the edge (app.Gate)."""
    return request.state.owner


def read_scope(request: Request, parent: str | None = None) -> str | None:
    """The owner to filter reads by: only when the simulator isolates keys (classroom mode).

    A thread's messages and runs and a run's steps are reached through their parent, already
    fetched in the caller's scope; they belong to whoever owns it (the engine writes replies and
    steps itself), so they are not filtered again.
    """
    return owner_of(request) if sim(request).settings.isolate_keys and parent is None else None


async def body_of(request: Request) -> Body:
    return Body(parse_json(await request.body()))


def fetch(request: Request, kind: str, object_id: str, *, parent: str | None = None, param: str | None = None) -> dict:
    """An object by id, or the real 404. `parent` also checks it belongs where the URL says."""
    store = sim(request).store
    obj = store.get(kind, object_id, owner=read_scope(request, parent))
    if obj is None or (parent is not None and store.parent_of(object_id) != parent):
        raise not_found(NOUNS[kind], object_id, param)
    return obj


def page(request: Request, kind: str, *, parent: str | None = None, where: dict | None = None, default_order: str = "desc", extra: tuple[str, ...] = (), transform=None) -> JSON:
    """A cursor-paginated list: {object: list, data, first_id, last_id, has_more}."""
    query = list_query(request.query_params, default_order=default_order)
    for name in query["extra"]:
        if name not in extra:
            raise invalid(f"Unrecognized request argument supplied: {name}", name, "unknown_parameter")
    store = sim(request).store
    scope = read_scope(request, parent)
    cursors = {}
    for name in ("after", "before"):
        if query[name] is not None:
            seq = store.seq_of(kind, query[name], parent)
            if seq is None or (scope is not None and store.get(kind, query[name], owner=scope) is None):
                raise invalid(f"Invalid '{name}': no {NOUNS[kind]} found with id '{query[name]}'.", name, "invalid_value")
            cursors[name] = seq
    items, has_more = store.page(
        kind,
        parent=parent,
        owner=scope,
        limit=query["limit"],
        order=query["order"],
        after_seq=cursors.get("after"),
        before_seq=cursors.get("before"),
        where=where,
    )
    if transform is not None:  # each item as this request asks to see it (run steps with include[], say)
        items = [transform(item) for item in items]
    return JSON(
        {
            "object": "list",
            "data": items,
            "first_id": items[0]["id"] if items else None,
            "last_id": items[-1]["id"] if items else None,
            "has_more": has_more,
        }
    )


def deleted(object_id: str, object_name: str) -> JSON:
    return JSON({"id": object_id, "object": object_name, "deleted": True})


def check_file_ids(request: Request, tool_resources: dict) -> None:
    """Every file a tool resource names must exist (and, in classroom mode, be the caller's)."""
    store = sim(request).store
    for file_id in tool_resources.get("code_interpreter", {}).get("file_ids", []):
        if store.get("file", file_id, owner=read_scope(request)) is None:
            raise invalid(f"Invalid 'tool_resources.code_interpreter.file_ids': file '{file_id}' does not exist.", "tool_resources.code_interpreter.file_ids", "invalid_value")
    search = tool_resources.get("file_search", {})
    for store_id in search.get("vector_store_ids", []):
        if store.get("vector_store", store_id, owner=read_scope(request)) is None:
            raise invalid(f"Invalid 'tool_resources.file_search.vector_store_ids': vector store '{store_id}' does not exist.", "tool_resources.file_search.vector_store_ids", "invalid_value")
    inline = search.pop("vector_stores", None)
    if inline:
        # Made on the fly from file ids, as the real API did; the resources then name the new store.
        from simulator.http.vector_stores import check_chunking, usable_file

        specs = []
        for i, spec in enumerate(inline):
            where = f"tool_resources.file_search.vector_stores[{i}]"
            files = [usable_file(request, file_id, f"{where}.file_ids[{j}]")["id"] for j, file_id in enumerate(spec["file_ids"])]
            chunking = check_chunking(spec["chunking_strategy"], f"{where}.chunking_strategy") if "chunking_strategy" in spec else None
            specs.append({**spec, "file_ids": list(dict.fromkeys(files)), "chunking_strategy": chunking})
        engine = sim(request).engine
        search["vector_store_ids"] = [engine.vector_stores.inline_store(spec, owner=owner_of(request)) for spec in specs]
        request.state.inline_stores = [*getattr(request.state, "inline_stores", []), *search["vector_store_ids"]]


def undo_inline_stores(request: Request) -> None:
    """A request refused after it made stores inline (a later field was wrong) leaves none behind."""
    for vector_store_id in getattr(request.state, "inline_stores", ()):
        sim(request).engine.vector_stores.delete(vector_store_id)
    request.state.inline_stores = []
