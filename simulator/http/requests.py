"""What every route shares: who asks (as a services.Caller), the request's body and list parameters, JSON answers."""

from __future__ import annotations

from typing import Any

from starlette.requests import Request
from starlette.responses import JSONResponse, Response

from simulator.http.validation import Body, list_query, parse_json
from simulator.services import Caller, access, pager


class JSON(JSONResponse):
    """JSON as the API sends it: UTF-8, non-ASCII left as it is."""

    def render(self, content: Any) -> bytes:
        import json

        return json.dumps(content, ensure_ascii=False, separators=(",", ":")).encode("utf-8")


class EncodedJSON(Response):
    """JSON already encoded as the API sends it (simulator.wire.dumps), for an object the store has just encoded."""

    media_type = "application/json"

    def __init__(self, text: str, *, status_code: int = 200, headers: dict | None = None) -> None:
        super().__init__(text.encode("utf-8"), status_code=status_code, headers=headers)


def sim(request: Request):
    return request.app.state.sim


def owner_of(request: Request) -> str:
    """Who is asking: a digest of the API key (never the key itself), made once by the edge (app.Gate)."""
    return request.state.owner


def caller(request: Request) -> Caller:
    """The request's asker, as services take it."""
    return Caller(sim(request), owner_of(request))


async def body_of(request: Request) -> Body:
    return Body(parse_json(await request.body()))


def fetch(request: Request, kind: str, object_id: str, *, parent: str | None = None, param: str | None = None) -> dict:
    """An object by id, or the real 404. `parent` also checks it belongs where the URL says."""
    return access.get(caller(request), kind, object_id, parent=parent, param=param)


# Query parameters a list does not define are ignored, as the real API ignored them on GET lists (the SDKs'
# extra_query reaches it unchecked); a defined one with a wrong value (limit=101, order=sideways) is refused.
# `before` is honoured where the spec defines it for the list (assistants, messages, runs, run steps, vector
# stores and their files); where it does not (files, containers, container files, response input items,
# conversation items), it is one of those unknown parameters: ignored, the page is as if it were not sent.
# Conversation items, in particular: the spec's "List items" documents only after, limit, order and include,
# and so do the SDKs (openai-python's conversations.items.list has no `before`); no recording of the real API
# honouring it exists here. Before this, the simulator answered `before` there with the first page of the
# items before the cursor, where every list of the Assistants family answers the page just before it.


def list_params(request: Request, *, default_order: str = "desc", before: bool = True) -> dict:
    """limit, order, after (and, if the list defines it, before), checked; other query parameters are ignored.

    Ignored, not refused: no recording of the real API answering an unknown query parameter on a list was found
    (the recorded "Unrecognized request argument supplied" errors are all about JSON bodies), the SDKs send one
    only when asked to (`extra_query`), and a 400 would break clients and proxies that add their own (tracing,
    `api-version`). So `before` where the spec does not define it (files, containers, their files, conversation
    items, a response's input items: the SDK has no `before` for these) is ignored like any other: the first page.
    """
    query = list_query(request.query_params, default_order=default_order)
    if not before:
        query["before"] = None
    return query


def page(request: Request, kind: str, *, parent: str | None = None, where: dict | None = None, default_order: str = "desc", transform=None) -> JSON:
    """A cursor-paginated list: {object: list, data, first_id, last_id, has_more}."""
    return JSON(pager.page(caller(request), kind, list_params(request, default_order=default_order), noun=access.NOUNS[kind], parent=parent, where=where, transform=transform))


def deleted(object_id: str, object_name: str) -> JSON:
    return JSON({"id": object_id, "object": object_name, "deleted": True})

