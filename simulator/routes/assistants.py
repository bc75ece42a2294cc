"""/v1/assistants: create, list, retrieve, update, delete."""

from __future__ import annotations

import re

from starlette.requests import Request
from starlette.routing import Route

from simulator.http.requests import JSON, body_of, deleted, fetch, owner_of, page, sim
from simulator.http.validation import Body, bad_value, check_tool_resources, check_tools, invalid, type_error
from simulator.ids import new_id, now

from .files import check_file_ids

RESPONSE_FORMATS = ("auto",)
FORMAT_NAME = re.compile(r"^[a-zA-Z0-9_-]{1,64}$")


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


def check_response_format(value):
    """'auto', {"type": "text"}, {"type": "json_object"} or {"type": "json_schema", "json_schema": {"name", ...}}."""
    if value is None or value == "auto":
        return "auto"
    if not isinstance(value, dict):
        raise invalid("Invalid 'response_format': expected 'auto' or an object with type 'text', 'json_object' or 'json_schema'.", "response_format", "invalid_value")
    body = Body(value, prefix="response_format.")
    kind = body.required("type")
    if kind not in ("text", "json_object", "json_schema"):
        raise bad_value("response_format.type", kind, ("text", "json_object", "json_schema"))
    out: dict = {"type": kind}
    if kind == "json_schema":
        spec = body.required("json_schema")
        if not isinstance(spec, dict):
            raise type_error("response_format.json_schema", spec, "an object")
        inner = Body(spec, prefix="response_format.json_schema.")
        name = inner.string("name", required=True, nullable=False)
        if not FORMAT_NAME.match(name):
            raise invalid("Invalid 'response_format.json_schema.name': string does not match pattern. Expected a string that matches the pattern '^[a-zA-Z0-9_-]+$' of at most 64 characters.", "response_format.json_schema.name", "invalid_value")
        out["json_schema"] = {"name": name}
        if inner.has("description") and inner.raw("description") is not None:
            out["json_schema"]["description"] = inner.string("description")
        if inner.has("schema") and inner.raw("schema") is not None:
            schema = inner.raw("schema")
            if not isinstance(schema, dict):
                raise type_error("response_format.json_schema.schema", schema, "an object")
            out["json_schema"]["schema"] = schema
        out["json_schema"]["strict"] = inner.boolean("strict", default=False)
        inner.done()
    body.done()
    return out


async def create_assistant(request: Request) -> JSON:
    body = await body_of(request)
    assistant = {
        "id": new_id("assistant"),
        "object": "assistant",
        "created_at": now(),
        "name": None,
        "description": None,
        "model": None,
        "instructions": None,
        "tools": [],
        "tool_resources": {},
        "metadata": {},
        "temperature": 1.0,
        "top_p": 1.0,
        "response_format": "auto",
    }
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
