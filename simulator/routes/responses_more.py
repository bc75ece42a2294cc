"""/v1/responses/input_tokens and /v1/responses/compact: the rest of the Responses spec, over the same services.

input_tokens counts what a response made from the same body would be shown: its instructions, the previous response's
(or the conversation's) items, the input, and the tools' definitions. compact condenses a context into the user's
messages and one compaction item (simulator.engine.compaction says what is in it). Both check ids as create does:
another key's previous response or conversation is not found.
"""

from __future__ import annotations

from starlette.requests import Request
from starlette.routing import Route

from simulator.errors import invalid
from simulator.http.requests import JSON, caller
from simulator.http.validation import parse_json
from simulator.routes.responses import check_against, check_tools, read_context
from simulator.services import responses as service


def context_and_items(request: Request, body: dict) -> list[dict]:
    """The previous response's (or the conversation's) items, then the input's, references resolved, ids checked."""
    context, items, _ = read_context(caller(request), body)
    return context + items


async def count_input_tokens(request: Request) -> JSON:
    body = parse_json(await request.body())
    check_against("TokenCountsBody", body)
    items = context_and_items(request, body)
    tools = check_tools(request, body.get("tools") or [])
    count = service.count_input(caller(request), body.get("instructions"), items, tools)
    return JSON({"object": "response.input_tokens", "input_tokens": count})


async def compact_response(request: Request) -> JSON:
    body = parse_json(await request.body())
    check_against("CompactResponseMethodPublicBody", body)
    items = context_and_items(request, body)
    if not items:
        raise invalid("Nothing to compact: send 'input' items or a 'previous_response_id'.", "input", "missing_required_parameter")
    return JSON(service.compact(caller(request), body.get("instructions"), items))


routes = [
    Route("/responses/input_tokens", count_input_tokens, methods=["POST"]),
    Route("/responses/compact", compact_response, methods=["POST"]),
]
