"""/v1/assistants: create, list, retrieve, update, delete."""

from __future__ import annotations

from starlette.requests import Request
from starlette.routing import Route

from simulator.http.requests import JSON, body_of, check_file_ids, deleted, fetch, owner_of, page, sim
from simulator.http.validation import Body, check_response_format, check_tool_resources, check_tools
from simulator.wire import assistant_object


def read_assistant_fields(request: Request, body: Body, assistant: dict, *, creating: bool) -> dict:
    """The fields create and update share; on update only those sent change."""
    if creating or body.has("model"):
        assistant["model"] = body.string("model", required=True, nullable=False)
    for field, limit in (("name", 256), ("description", 512), ("instructions", 256_000)):
        if body.has(field):
            assistant[field] = body.string(field, max_length=limit)
    if body.has("tools"):
        assistant["tools"] = check_tools(body.raw("tools") or [])
    if body.has("tool_resources"):
        resources = check_tool_resources(body.raw("tool_resources"))
        check_file_ids(request, resources)
        assistant["tool_resources"] = resources
    if body.has("metadata"):
        assistant["metadata"] = body.metadata()
    if body.has("temperature"):
        assistant["temperature"] = body.number("temperature", low=0, high=2)
    if body.has("top_p"):
        assistant["top_p"] = body.number("top_p", low=0, high=1)
    if body.has("response_format"):
        assistant["response_format"] = check_response_format(body.raw("response_format"))
    body.raw("reasoning_effort")  # accepted and ignored, as for non-reasoning models
    body.done()
    return assistant


async def create_assistant(request: Request) -> JSON:
    body = await body_of(request)
    assistant = assistant_object()
    read_assistant_fields(request, body, assistant, creating=True)
    sim(request).store.insert("assistant", assistant, owner=owner_of(request))
    return JSON(assistant)


async def list_assistants(request: Request) -> JSON:
    return page(request, "assistant")


async def retrieve_assistant(request: Request) -> JSON:
    return JSON(fetch(request, "assistant", request.path_params["assistant_id"]))


async def update_assistant(request: Request) -> JSON:
    body = await body_of(request)  # before the fetch: nothing may change between reading and saving
    assistant = fetch(request, "assistant", request.path_params["assistant_id"])
    read_assistant_fields(request, body, assistant, creating=False)
    sim(request).store.save(assistant)
    return JSON(assistant)


async def delete_assistant(request: Request) -> JSON:
    assistant = fetch(request, "assistant", request.path_params["assistant_id"])
    sim(request).store.delete(assistant["id"])
    return deleted(assistant["id"], "assistant.deleted")


routes = [
    Route("/assistants", create_assistant, methods=["POST"]),
    Route("/assistants", list_assistants, methods=["GET"]),
    Route("/assistants/{assistant_id}", retrieve_assistant, methods=["GET"]),
    Route("/assistants/{assistant_id}", update_assistant, methods=["POST"]),
    Route("/assistants/{assistant_id}", delete_assistant, methods=["DELETE"]),
]
