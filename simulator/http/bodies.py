"""Request bodies that more than one resource accepts: messages (in threads and runs), threads (in runs), chunking strategies."""

from __future__ import annotations

from typing import Any

from starlette.requests import Request

from simulator.errors import invalid
from simulator.http.requests import caller
from simulator.http.validation import bad_value, stored_tool_resources, type_error
from simulator.services import access
from simulator.services.vector_stores import InlineStores, plan_tool_resources
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
        if kind == "image_file" and not access.exists(caller(request), "file", ref):
            raise invalid(f"Invalid '{where}.file_id': file '{ref}' does not exist.", f"{where}.file_id", "invalid_value")
        if kind == "image_url" and not ref.startswith(("https://", "http://", "data:image/")):
            raise invalid(f"Invalid '{where}.url': expected an http(s) URL or a data:image/ URL.", f"{where}.url", "invalid_value")
        content.append({"type": kind, kind: {key: ref, "detail": part[kind].get("detail") or "auto"}})
    return content


def stored_attachments(request: Request, value, param: str = "attachments") -> list[dict]:
    """Attachments as stored (tools by type only); each file must exist."""
    attachments = []
    for i, item in enumerate(value or []):
        if not access.exists(caller(request), "file", item["file_id"]):
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


def read_thread(request: Request, body: dict, prefix: str = "") -> tuple[dict, list[dict], InlineStores]:
    """A new thread (a CreateThreadRequest, already checked), its initial messages, and the stores its tool_resources
    make inline: nothing yet stored or made (create-and-run shares it)."""
    thread = thread_object()
    messages = [read_message(request, item, thread["id"], f"{prefix}messages[{i}].") for i, item in enumerate(body.get("messages") or [])]
    if "metadata" in body:
        thread["metadata"] = body["metadata"] or {}
    plan = InlineStores()
    if "tool_resources" in body:
        thread["tool_resources"] = stored_tool_resources(body["tool_resources"], f"{prefix}tool_resources")
        plan = check_file_ids(request, thread["tool_resources"])
    return thread, messages, plan


def check_file_ids(request: Request, tool_resources: dict) -> InlineStores:
    """Every file a tool resource names must exist (and, in classroom mode, be the caller's). Stores to be made
    inline come back as a plan, carried out by the service once the whole request has been checked."""
    return plan_tool_resources(caller(request), tool_resources, check_chunking)


def check_chunking(value: Any, param: str = "chunking_strategy") -> dict:
    """auto, or static with 100 <= max_chunk_size_tokens <= 4096 and 0 <= overlap <= half of it; the stored (static) shape."""
    if not isinstance(value, dict):
        raise type_error(param, value, "an object")
    if "type" not in value:
        raise invalid(f"Missing required parameter: '{param}.type'.", f"{param}.type", "missing_required_parameter")
    kind = value["type"]
    if kind not in ("auto", "static"):
        raise bad_value(f"{param}.type", kind, ("auto", "static"))
    for key in value:
        if key not in ("type", "static") or (kind == "auto" and key == "static"):
            raise invalid(f"Unknown parameter: '{param}.{key}'.", f"{param}.{key}", "unknown_parameter")
    if kind == "auto":
        return {"type": "static", "static": {"max_chunk_size_tokens": 800, "chunk_overlap_tokens": 400}}
    if "static" not in value:
        raise invalid(f"Missing required parameter: '{param}.static'.", f"{param}.static", "missing_required_parameter")
    static = value["static"]
    where = f"{param}.static"
    if not isinstance(static, dict):
        raise type_error(where, static, "an object")
    for key in static:
        if key not in ("max_chunk_size_tokens", "chunk_overlap_tokens"):
            raise invalid(f"Unknown parameter: '{where}.{key}'.", f"{where}.{key}", "unknown_parameter")
    numbers = {}
    for key in ("max_chunk_size_tokens", "chunk_overlap_tokens"):
        if key not in static:
            raise invalid(f"Missing required parameter: '{where}.{key}'.", f"{where}.{key}", "missing_required_parameter")
        number = static[key]
        if isinstance(number, bool) or not isinstance(number, int):
            raise type_error(f"{where}.{key}", number, "an integer")
        numbers[key] = number
    size, overlap = numbers["max_chunk_size_tokens"], numbers["chunk_overlap_tokens"]
    if size < 100:
        raise invalid(f"Invalid '{where}.max_chunk_size_tokens': integer below minimum value. Expected a value >= 100, but got {size} instead.", f"{where}.max_chunk_size_tokens", "integer_below_min_value")
    if size > 4096:
        raise invalid(f"Invalid '{where}.max_chunk_size_tokens': integer above maximum value. Expected a value <= 4096, but got {size} instead.", f"{where}.max_chunk_size_tokens", "integer_above_max_value")
    if overlap < 0:
        raise invalid(f"Invalid '{where}.chunk_overlap_tokens': integer below minimum value. Expected a value >= 0, but got {overlap} instead.", f"{where}.chunk_overlap_tokens", "integer_below_min_value")
    if overlap * 2 > size:
        raise invalid(f"Invalid '{where}.chunk_overlap_tokens': chunk_overlap_tokens must not exceed half of max_chunk_size_tokens ({size // 2}), but got {overlap} instead.", f"{where}.chunk_overlap_tokens", "invalid_value")
    return {"type": "static", "static": {"max_chunk_size_tokens": size, "chunk_overlap_tokens": overlap}}
