"""Request bodies that more than one resource accepts: messages (in threads and runs), threads (in runs), chunking strategies."""

from __future__ import annotations

from typing import Any

from starlette.requests import Request

from simulator.errors import invalid
from simulator.http.requests import caller, check_file_ids
from simulator.http.validation import Body, bad_value, check_list, check_tool_resources, type_error
from simulator.services import access
from simulator.services.vector_stores import InlineStores
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
            if kind == "image_file" and not access.exists(caller(request), "file", ref):
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
        if not access.exists(caller(request), "file", file_id):
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


def read_thread(request: Request, body: Body) -> tuple[dict, list[dict], InlineStores]:
    """A new thread, its initial messages, and the stores its tool_resources make inline: checked, nothing yet stored
    or made (create-and-run shares it)."""
    thread = thread_object()
    messages = []
    for i, item in enumerate(check_list([] if body.raw("messages") is None else body.raw("messages"), body.name("messages"), max_items=32)):
        if not isinstance(item, dict):
            raise type_error(f"{body.name('messages')}[{i}]", item, "an object")
        messages.append(read_message(request, Body(item, prefix=f"{body.name('messages')}[{i}]."), thread["id"]))
    if body.has("metadata"):
        thread["metadata"] = body.metadata() or {}
    plan = InlineStores()
    if body.has("tool_resources"):
        thread["tool_resources"] = check_tool_resources(body.raw("tool_resources"), body.name("tool_resources"))
        plan = check_file_ids(request, thread["tool_resources"])
    return thread, messages, plan


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
