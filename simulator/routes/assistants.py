"""/v1/assistants: create, list, retrieve, update, delete."""

from __future__ import annotations

from starlette.requests import Request
from starlette.routing import Route

from simulator.http import schema
from simulator.http.bodies import check_file_ids
from simulator.http.requests import JSON, body_of, caller, deleted, list_params
from simulator.http.validation import Body, stored_response_format, stored_tool_resources, stored_tools
from simulator.services import assistants
from simulator.services.vector_stores import InlineStores
from simulator.wire import assistant_object


def read_assistant_fields(request: Request, body: Body, assistant: dict, *, creating: bool) -> InlineStores:
    """The fields create and update share; on update only those sent change. Returns the stores to make inline."""
    schema.check("CreateAssistantRequest" if creating else "ModifyAssistantRequest", body.data)
    plan = InlineStores()
    for field in ("model", "name", "description", "instructions", "temperature", "top_p"):
        if body.has(field):
            assistant[field] = body.raw(field)
    if body.has("tools"):
        assistant["tools"] = stored_tools(body.raw("tools"))
    if body.has("tool_resources"):
        resources = stored_tool_resources(body.raw("tool_resources"))
        plan = check_file_ids(request, resources)
        assistant["tool_resources"] = resources
    if body.has("metadata"):
        assistant["metadata"] = body.raw("metadata") or {}
    if body.has("response_format"):
        assistant["response_format"] = stored_response_format(body.raw("response_format"))
    return plan  # reasoning_effort is taken and ignored, as for non-reasoning models


async def create_assistant(request: Request) -> JSON:
    body = await body_of(request)
    assistant = assistant_object()
    plan = read_assistant_fields(request, body, assistant, creating=True)
    return JSON(assistants.create(caller(request), assistant, plan))


async def list_assistants(request: Request) -> JSON:
    return JSON(assistants.listing(caller(request), list_params(request)))


async def retrieve_assistant(request: Request) -> JSON:
    return JSON(assistants.get(caller(request), request.path_params["assistant_id"]))


async def update_assistant(request: Request) -> JSON:
    body = await body_of(request)  # before the fetch: nothing may change between reading and saving
    assistant = assistants.get(caller(request), request.path_params["assistant_id"])
    plan = read_assistant_fields(request, body, assistant, creating=False)
    return JSON(assistants.save(caller(request), assistant, plan))


async def delete_assistant(request: Request) -> JSON:
    assistant = assistants.get(caller(request), request.path_params["assistant_id"])
    assistants.delete(caller(request), assistant)
    return deleted(assistant["id"], "assistant.deleted")


routes = [
    Route("/assistants", create_assistant, methods=["POST"]),
    Route("/assistants", list_assistants, methods=["GET"]),
    Route("/assistants/{assistant_id}", retrieve_assistant, methods=["GET"]),
    Route("/assistants/{assistant_id}", update_assistant, methods=["POST"]),
    Route("/assistants/{assistant_id}", delete_assistant, methods=["DELETE"]),
]
