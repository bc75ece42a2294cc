"""/v1/assistants: create, list, retrieve, update, delete."""

from __future__ import annotations

from starlette.requests import Request
from starlette.routing import Route

from simulator.http import schema
from simulator.http.requests import JSON, body_of, check_file_ids, deleted, fetch, owner_of, page, sim
from simulator.http.validation import Body, stored_response_format, stored_tool_resources, stored_tools
from simulator.wire import assistant_object


def read_assistant_fields(request: Request, body: Body, assistant: dict, *, creating: bool) -> dict:
    """The fields create and update share; on update only those sent change."""
    schema.check("CreateAssistantRequest" if creating else "ModifyAssistantRequest", body.data)
    for field in ("model", "name", "description", "instructions", "temperature", "top_p"):
        if body.has(field):
            assistant[field] = body.raw(field)
    if body.has("tools"):
        assistant["tools"] = stored_tools(body.raw("tools"))
    if body.has("tool_resources"):
        resources = stored_tool_resources(body.raw("tool_resources"))
        check_file_ids(request, resources)
        assistant["tool_resources"] = resources
    if body.has("metadata"):
        assistant["metadata"] = body.raw("metadata") or {}
    if body.has("response_format"):
        assistant["response_format"] = stored_response_format(body.raw("response_format"))
    return assistant  # reasoning_effort is taken and ignored, as for non-reasoning models


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
