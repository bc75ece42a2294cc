"""Request bodies parsed, list queries checked, and what a body the spec's schemas accepted is stored as (simulator.http.schema checks it)."""

from __future__ import annotations

import json
import math
import re
from typing import Any

from simulator.errors import APIError, invalid

MAX_BODY_BYTES = 16 * 1024 * 1024
_INTEGER = re.compile(r"[+-]?[0-9]{1,20}")


def parse_json(raw: bytes) -> dict:
    if len(raw) > MAX_BODY_BYTES:
        raise APIError(413, f"Request body too large: the limit is {MAX_BODY_BYTES} bytes.")
    if not raw.strip():
        return {}
    try:
        # NaN and Infinity are not JSON (nor is 1e400, which would be); nesting deep enough to
        # exhaust the parser is not a request.
        body = json.loads(raw, parse_constant=_not_json, parse_float=_finite)
    except (ValueError, UnicodeDecodeError, RecursionError):
        raise invalid(
            "We could not parse the JSON body of your request. (HINT: This likely means you aren't "
            "using your HTTP library correctly. The OpenAI API expects a JSON payload, but what was "
            "sent was not valid JSON.)"
        ) from None
    if not isinstance(body, dict):
        raise invalid("The request body must be a JSON object.")
    try:  # a lone surrogate (\ud800 escaped) parses, but is no text: it could never be stored or sent back
        json.dumps(body, ensure_ascii=False).encode("utf-8")
    except UnicodeEncodeError:
        raise invalid("The request body contains an invalid Unicode escape: a lone surrogate (such as \\ud800) is not a character.") from None
    return body


def _not_json(constant: str):
    raise ValueError(f"{constant} is not valid JSON")


def _finite(text: str) -> float:
    value = float(text)
    if not math.isfinite(value):
        raise ValueError(f"{text} is too large to be a number")
    return value


class Body:
    """A request body, its fields read as they came: simulator.http.schema has checked them against the spec."""

    def __init__(self, data: dict) -> None:
        self.data = data

    def has(self, field: str) -> bool:
        return field in self.data

    def raw(self, field: str, default: Any = None) -> Any:
        return self.data.get(field, default)


def type_error(param: str, value: Any, expected: str) -> APIError:
    got = {dict: "an object", list: "an array", str: "a string", bool: "a boolean", type(None): "null"}.get(type(value))
    if got is None:
        got = "an integer" if isinstance(value, int) else "a decimal"
    return invalid(f"Invalid type for '{param}': expected {expected}, but got {got} instead.", param, "invalid_type")


def bad_value(param: str, value: Any, choices: tuple[str, ...]) -> APIError:
    quoted = [f"'{c}'" for c in choices]
    listed = quoted[0] if len(quoted) == 1 else " and ".join(quoted) if len(quoted) == 2 else ", ".join(quoted[:-1]) + ", and " + quoted[-1]
    shown = value if isinstance(value, str) else json.dumps(value, ensure_ascii=False)
    return invalid(f"Invalid value: '{shown}'. Supported values are: {listed}.", param, "invalid_value")


# -- what a checked body becomes: the defaults the API filled in, and what a schema cannot say ----------------


def stored_tools(tools: list[dict]) -> list[dict]:
    """Assistant tools (code_interpreter, file_search, function) as an assistant or run keeps them."""
    out = []
    for i, tool in enumerate(tools):
        if tool["type"] == "function":
            out.append({"type": "function", "function": stored_function(tool["function"], f"tools[{i}].function")})
        elif tool["type"] == "file_search":
            out.append({"type": "file_search", "file_search": stored_file_search(tool.get("file_search"))})
        else:
            out.append({"type": "code_interpreter"})
    return out


def stored_file_search(options: dict | None) -> dict:
    """file_search options with the API's defaults: ranker default_2024_08_21, score_threshold 0."""
    out: dict = {"ranking_options": {"ranker": "default_2024_08_21", "score_threshold": 0.0}}
    options = options or {}
    if options.get("max_num_results") is not None:
        out["max_num_results"] = options["max_num_results"]
    ranking = options.get("ranking_options")
    if ranking is not None:
        out["ranking_options"] = {"ranker": ranking.get("ranker") or "default_2024_08_21", "score_threshold": ranking["score_threshold"]}
    return out


def stored_function(function: dict, param: str) -> dict:
    """A function with the API's defaults (no parameters: an empty object schema; strict false), its parameters a JSON Schema."""
    parameters = function.get("parameters")
    if parameters is not None:
        check_json_schema(parameters, function["name"], param + ".parameters")
    out = {"name": function["name"]}
    if function.get("description") is not None:  # the spec's FunctionObject has no null description: one not given is left out
        out["description"] = function["description"]
    out["parameters"] = parameters if parameters is not None else {"type": "object", "properties": {}}
    out["strict"] = bool(function.get("strict"))
    return out


def check_json_schema(schema: dict, function_name: str, param: str) -> None:
    """A function's parameters must be a valid JSON Schema, as the real API required (400 otherwise)."""
    import jsonschema_rs

    try:
        jsonschema_rs.meta.validate(schema)
    except Exception as error:  # ValidationError, or a $schema it does not know
        reason = str(error).strip().splitlines()[0] if str(error).strip() else type(error).__name__
        raise invalid(f"Invalid schema for function '{function_name}': {reason}", param, "invalid_function_parameters") from None


def stored_tool_resources(value: dict | None, param: str = "tool_resources") -> dict:
    """tool_resources as kept; vector_stores (made on the fly by http.requests.check_file_ids) exclude vector_store_ids."""
    if value is None:
        return {}
    out: dict = {}
    if value.get("code_interpreter") is not None:
        out["code_interpreter"] = {"file_ids": value["code_interpreter"].get("file_ids") or []}
    search = value.get("file_search")
    if search is not None:
        out["file_search"] = {"vector_store_ids": search.get("vector_store_ids") or []}
        stores = search.get("vector_stores")
        if stores is not None:
            where = f"{param}.file_search.vector_stores"
            if out["file_search"]["vector_store_ids"] and stores:
                raise invalid(f"Invalid '{where}': give either vector_store_ids or vector_stores, not both: a thread or assistant has at most one vector store.", where, "invalid_value")
            out["file_search"]["vector_stores"] = [inline_store(store) for store in stores]
    return out


def inline_store(store: dict) -> dict:
    """One of tool_resources.file_search.vector_stores: {file_ids, chunking_strategy?, metadata?}."""
    out: dict = {"file_ids": store.get("file_ids") or []}
    if store.get("chunking_strategy") is not None:
        out["chunking_strategy"] = store["chunking_strategy"]  # its bounds are checked where the store is made
    if "metadata" in store:
        out["metadata"] = store["metadata"] or {}
    return out


def list_query(query, *, default_order: str = "desc") -> dict:
    """limit, order, after, before: the cursor pagination every list endpoint shares."""
    allowed = {"limit", "order", "after", "before"}
    out: dict = {"limit": 20, "order": default_order, "after": None, "before": None}
    raw_limit = query.get("limit")
    if raw_limit is not None:
        # ASCII digits only, as the real API parsed it: Python's int() also takes '1_0', ' 10' and '١٠'.
        if not _INTEGER.fullmatch(raw_limit):
            raise invalid(f"Invalid type for 'limit': expected an integer, but got '{raw_limit}' instead.", "limit", "invalid_type")
        limit = int(raw_limit)
        if not 1 <= limit <= 100:
            raise invalid(f"Invalid 'limit': expected a value between 1 and 100, but got {limit} instead.", "limit", "invalid_value")
        out["limit"] = limit
    order = query.get("order")
    if order is not None:
        if order not in ("asc", "desc"):
            raise bad_value("order", order, ("asc", "desc"))
        out["order"] = order
    out["after"] = query.get("after") or None
    out["before"] = query.get("before") or None
    out["extra"] = {k: v for k, v in query.items() if k not in allowed}
    return out


def stored_response_format(value) -> str | dict:
    """'auto', {"type": "text"}, {"type": "json_object"} or {"type": "json_schema", "json_schema": {name, description?, schema?, strict}}."""
    if value is None or value == "auto":
        return "auto"
    if value["type"] != "json_schema":
        return {"type": value["type"]}
    spec = value["json_schema"]
    out: dict = {"name": spec["name"]}
    for key in ("description", "schema"):
        if spec.get(key) is not None:
            out[key] = spec[key]
    out["strict"] = bool(spec.get("strict"))
    return {"type": "json_schema", "json_schema": out}
