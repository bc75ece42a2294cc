"""Request bodies that more than one resource accepts: messages (in threads and runs) and threads (in runs)."""

from __future__ import annotations

from starlette.requests import Request

from simulator.engine.statuses import ACTIVE
from simulator.errors import invalid
from simulator.http.requests import check_file_ids, owner_of, read_scope, sim
from simulator.http.validation import stored_tool_resources
from simulator.wire import message_object, text_part, thread_object


def stored_content(request: Request, value, param: str = "content") -> list[dict]:
    """A message's content (a string, or text, image_file and image_url parts) as stored; the files and URLs it names checked."""
    if isinstance(value, str):
        return [text_part(value)]
    content = []
    for i, part in enumerate(value):
        kind = part["type"]
        if kind == "text":
            content.append(text_part(part["text"]))
            continue
        where = f"{param}[{i}].{kind}"
        key = "file_id" if kind == "image_file" else "url"
        ref = part[kind][key]
        if kind == "image_file" and sim(request).store.get("file", ref, owner=read_scope(request)) is None:
            raise invalid(f"Invalid '{where}.file_id': file '{ref}' does not exist.", f"{where}.file_id", "invalid_value")
        if kind == "image_url" and not ref.startswith(("https://", "http://", "data:image/")):
            raise invalid(f"Invalid '{where}.url': expected an http(s) URL or a data:image/ URL.", f"{where}.url", "invalid_value")
        content.append({"type": kind, kind: {key: ref, "detail": part[kind].get("detail") or "auto"}})
    return content


def stored_attachments(request: Request, value, param: str = "attachments") -> list[dict]:
    """Attachments as stored (tools by type only); each file must exist."""
    attachments = []
    for i, item in enumerate(value or []):
        if sim(request).store.get("file", item["file_id"], owner=read_scope(request)) is None:
            raise invalid(f"Invalid '{param}[{i}].file_id': file '{item['file_id']}' does not exist.", f"{param}[{i}].file_id", "invalid_value")
        attachments.append({"file_id": item["file_id"], "tools": [{"type": tool["type"]} for tool in item.get("tools") or []]})
    return attachments


def read_message(request: Request, body: dict, thread_id: str, prefix: str = "") -> dict:
    """A message as the learner sends it (a CreateMessageRequest, already checked), built into the stored object."""
    content = stored_content(request, body["content"], f"{prefix}content")
    attachments = stored_attachments(request, body.get("attachments"), f"{prefix}attachments")
    # Messages written by the caller, not by a run, came back with status and completed_at null
    # (the seed lesson's real output shows it), though the spec lists status as a string.
    return message_object(thread_id, body["role"], content, attachments=attachments, metadata=body.get("metadata") or {}, status=None)


def refuse_while_active(request: Request, thread_id: str, what: str) -> None:
    run = sim(request).engine.active_run(thread_id)
    if run is not None and run["status"] in ACTIVE:
        raise invalid(f"Can't {what} {thread_id} while a run {run['id']} is active.")


def read_thread(request: Request, body: dict, prefix: str = "") -> tuple[dict, list[dict]]:
    """A new thread (a CreateThreadRequest, already checked) and its initial messages, not yet stored (create-and-run shares it)."""
    thread = thread_object()
    messages = [read_message(request, item, thread["id"], f"{prefix}messages[{i}].") for i, item in enumerate(body.get("messages") or [])]
    if "metadata" in body:
        thread["metadata"] = body["metadata"] or {}
    if "tool_resources" in body:
        thread["tool_resources"] = stored_tool_resources(body["tool_resources"], f"{prefix}tool_resources")
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
