"""Checks the vector store routes share with tool_resources (stores made inline): chunking strategies, and the files a store takes."""

from __future__ import annotations

from typing import Any

from starlette.requests import Request

from simulator.errors import invalid, not_found
from simulator.http.requests import read_scope, sim
from simulator.http.validation import bad_value, type_error

FILE_PURPOSES = ("assistants", "user_data")  # the files a vector store takes


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


def usable_file(request: Request, file_id: str, param: str) -> dict:
    """A file the caller may put in a vector store: it exists (not deleted) and has a purpose stores take."""
    file = sim(request).store.get("file", file_id, owner=read_scope(request))
    if file is None:
        raise not_found("file", file_id, param)
    if file["purpose"] not in FILE_PURPOSES:
        raise invalid(
            f"Invalid '{param}': file '{file_id}' has purpose '{file['purpose']}'. Only files uploaded with purpose 'assistants' or 'user_data' can be added to a vector store.",
            param,
            "invalid_value",
        )
    return file
