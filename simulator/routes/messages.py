"""/v1/threads/{thread_id}/messages: create, list, retrieve, update, delete."""

from __future__ import annotations

from starlette.requests import Request
from starlette.routing import Route

from simulator.errors import invalid
from simulator.http.requests import JSON, body_of, deleted, fetch, owner_of, page, read_scope, sim
from simulator.http.validation import Body, bad_value, check_list, type_error
from simulator.wire import message_object, text_part

ROLES = ("user", "assistant")
ACTIVE_RUN_STATUSES = ("queued", "in_progress", "requires_action", "cancelling")


def check_content(request: Request, value, param: str = "content") -> list[dict]:
    """A string, or content parts (text, image_file, image_url), as the stored content array."""
    if isinstance(value, str):
        if not value:
            raise empty_string(param)
        return [text_part(value)]
    parts = check_list(value, param)
    if not parts:
        raise invalid(f"Invalid '{param}': empty array. Expected an array with minimum length 1, but got an empty array instead.", param, "empty_array")
    content = []
    for i, part in enumerate(parts):
        where = f"{param}[{i}]"
        if not isinstance(part, dict):
            raise type_error(where, part, "an object")
        body = Body(part, prefix=where + ".")
        kind = body.required("type")
        if kind == "text":
            text = body.string("text", required=True, nullable=False)
            if not text:
                raise empty_string(where + ".text")
            content.append(text_part(text))
        elif kind in ("image_file", "image_url"):
            inner = body.required(kind)
            if not isinstance(inner, dict):
                raise type_error(f"{where}.{kind}", inner, "an object")
            key = "file_id" if kind == "image_file" else "url"
            image = Body(inner, prefix=f"{where}.{kind}.")
            ref = image.string(key, required=True, nullable=False)
            if kind == "image_file" and sim(request).store.get("file", ref, owner=read_scope(request)) is None:
                raise invalid(f"Invalid '{where}.image_file.file_id': file '{ref}' does not exist.", f"{where}.image_file.file_id", "invalid_value")
            if kind == "image_url" and not ref.startswith(("https://", "http://", "data:image/")):
                raise invalid(f"Invalid '{where}.image_url.url': expected an http(s) URL or a data:image/ URL.", f"{where}.image_url.url", "invalid_value")
            detail = image.enum("detail", ("auto", "low", "high"), default="auto")
            image.done()
            content.append({"type": kind, kind: {key: ref, "detail": detail}})
        else:
            raise bad_value(where + ".type", kind, ("text", "image_file", "image_url"))
        body.done()
    return content


def empty_string(param: str):
    return invalid(f"Invalid '{param}': empty string. Expected a string with minimum length 1, but got an empty string instead.", param, "empty_string")


def check_attachments(request: Request, value, param: str = "attachments") -> list[dict]:
    if value is None:
        return []
    attachments = []
    for i, item in enumerate(check_list(value, param)):
        where = f"{param}[{i}]"
        if not isinstance(item, dict):
            raise type_error(where, item, "an object")
        body = Body(item, prefix=where + ".")
        file_id = body.string("file_id", required=True, nullable=False)
        if sim(request).store.get("file", file_id, owner=read_scope(request)) is None:
            raise invalid(f"Invalid '{where}.file_id': file '{file_id}' does not exist.", where + ".file_id", "invalid_value")
        tools = []
        for j, tool in enumerate(check_list(body.raw("tools", []), where + ".tools")):
            kind = tool.get("type") if isinstance(tool, dict) else None
            if kind not in ("code_interpreter", "file_search"):
                raise bad_value(f"{where}.tools[{j}].type", kind, ("code_interpreter", "file_search"))
            tools.append({"type": kind})
        body.done()
        attachments.append({"file_id": file_id, "tools": tools})
    return attachments


def read_message(request: Request, body: Body, thread_id: str) -> dict:
    """A message as the learner sends it, checked and built into the stored object."""
    role = body.required("role")
    if role not in ROLES:
        raise bad_value(body.name("role"), role, ROLES)
    content = check_content(request, body.required("content"), body.name("content"))
    attachments = check_attachments(request, body.raw("attachments"), body.name("attachments"))
    metadata = body.metadata() or {}
    body.done()
    # Messages written by the caller, not by a run, came back with status and completed_at null
    # (the seed lesson's real output shows it), though the spec lists status as a string.
    return message_object(thread_id, role, content, attachments=attachments, metadata=metadata, status=None)


def active_run(request: Request, thread_id: str) -> dict | None:
    for run in sim(request).store.all("run", parent=thread_id):
        if run["status"] in ACTIVE_RUN_STATUSES:
            return sim(request).engine.settle(run)
    return None


def refuse_while_active(request: Request, thread_id: str, what: str) -> None:
    run = active_run(request, thread_id)
    if run is not None and run["status"] in ACTIVE_RUN_STATUSES:
        raise invalid(f"Can't {what} {thread_id} while a run {run['id']} is active.")


async def create_message(request: Request) -> JSON:
    thread = fetch(request, "thread", request.path_params["thread_id"])
    message = read_message(request, await body_of(request), thread["id"])
    refuse_while_active(request, thread["id"], "add messages to")
    sim(request).store.insert("message", message, parent=thread["id"], owner=owner_of(request))
    return JSON(message)


async def list_messages(request: Request) -> JSON:
    thread = fetch(request, "thread", request.path_params["thread_id"])
    run_id = request.query_params.get("run_id")
    return page(request, "message", parent=thread["id"], where={"run_id": run_id} if run_id else None, extra=("run_id",))


async def retrieve_message(request: Request) -> JSON:
    thread = fetch(request, "thread", request.path_params["thread_id"])
    return JSON(fetch(request, "message", request.path_params["message_id"], parent=thread["id"]))


async def update_message(request: Request) -> JSON:
    body = await body_of(request)  # before the fetch: a reply being written must not be saved over
    thread = fetch(request, "thread", request.path_params["thread_id"])
    message = fetch(request, "message", request.path_params["message_id"], parent=thread["id"])
    if body.has("metadata"):
        message["metadata"] = body.metadata()
    body.done()
    sim(request).store.save(message)
    return JSON(message)


async def delete_message(request: Request) -> JSON:
    thread = fetch(request, "thread", request.path_params["thread_id"])
    message = fetch(request, "message", request.path_params["message_id"], parent=thread["id"])
    sim(request).store.delete(message["id"])
    return deleted(message["id"], "thread.message.deleted")


routes = [
    Route("/threads/{thread_id}/messages", create_message, methods=["POST"]),
    Route("/threads/{thread_id}/messages", list_messages, methods=["GET"]),
    Route("/threads/{thread_id}/messages/{message_id}", retrieve_message, methods=["GET"]),
    Route("/threads/{thread_id}/messages/{message_id}", update_message, methods=["POST"]),
    Route("/threads/{thread_id}/messages/{message_id}", delete_message, methods=["DELETE"]),
]
