"""Request bodies that more than one resource accepts: messages (in threads and runs) and threads (in runs)."""

from __future__ import annotations

from starlette.requests import Request

from simulator.engine.statuses import ACTIVE
from simulator.errors import invalid
from simulator.http.requests import check_file_ids, owner_of, read_scope, sim
from simulator.http.validation import Body, bad_value, check_list, check_tool_resources, type_error
from simulator.wire import message_object, text_part, thread_object

ROLES = ("user", "assistant")


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


def refuse_while_active(request: Request, thread_id: str, what: str) -> None:
    run = sim(request).runs.active_run(thread_id)
    if run is not None and run["status"] in ACTIVE:
        raise invalid(f"Can't {what} {thread_id} while a run {run['id']} is active.")


def read_thread(request: Request, body: Body) -> tuple[dict, list[dict]]:
    """A new thread and its initial messages, checked but not yet stored (create-and-run shares it)."""
    thread = thread_object()
    messages = []
    for i, item in enumerate(check_list([] if body.raw("messages") is None else body.raw("messages"), body.name("messages"), max_items=32)):
        if not isinstance(item, dict):
            raise type_error(f"{body.name('messages')}[{i}]", item, "an object")
        messages.append(read_message(request, Body(item, prefix=f"{body.name('messages')}[{i}]."), thread["id"]))
    if body.has("metadata"):
        thread["metadata"] = body.metadata() or {}
    if body.has("tool_resources"):
        thread["tool_resources"] = check_tool_resources(body.raw("tool_resources"), body.name("tool_resources"))
        check_file_ids(request, thread["tool_resources"])
    return thread, messages


def store_thread(request: Request, thread: dict, messages: list[dict]) -> None:
    store, owner = sim(request).store, owner_of(request)
    store.insert("thread", thread, owner=owner)
    for message in messages:
        store_message(request, thread, message)


def store_message(request: Request, thread: dict, message: dict) -> None:
    """Store a message; its attachments for file_search go into the thread's vector store (made if need be)."""
    sim(request).store.insert("message", message, parent=thread["id"], owner=owner_of(request))
    sim(request).engine.vector_stores.attach(thread, message, owner=owner_of(request))
