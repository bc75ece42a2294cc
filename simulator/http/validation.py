"""Checks on request bodies and query strings, answering as the real API did (400, naming the param)."""

from __future__ import annotations

import json
import math
import re
from typing import Any

from simulator.errors import APIError, invalid

MAX_BODY_BYTES = 16 * 1024 * 1024
_FUNCTION_NAME = re.compile(r"^[a-zA-Z0-9_-]{1,64}$")
_INTEGER = re.compile(r"[+-]?[0-9]{1,20}")
TOOL_TYPES = ("code_interpreter", "function", "file_search")


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
    """A request body, read field by field; `done()` rejects any field nobody asked for."""

    def __init__(self, data: dict, prefix: str = "") -> None:
        self.data = data
        self.prefix = prefix
        self._read: set[str] = set()

    def name(self, field: str) -> str:
        return f"{self.prefix}{field}"

    def has(self, field: str) -> bool:
        self._read.add(field)
        return field in self.data

    def raw(self, field: str, default: Any = None) -> Any:
        self._read.add(field)
        return self.data.get(field, default)

    def required(self, field: str) -> Any:
        self._read.add(field)
        if field not in self.data:
            raise invalid(f"Missing required parameter: '{self.name(field)}'.", self.name(field), "missing_required_parameter")
        return self.data[field]

    def string(self, field: str, *, required: bool = False, nullable: bool = True, max_length: int | None = None, default: Any = None) -> Any:
        value = self.required(field) if required else self.raw(field, default)
        if value is None and nullable and not required:
            return default if field not in self.data else None
        if not isinstance(value, str):
            raise type_error(self.name(field), value, "a string")
        if max_length is not None and len(value) > max_length:
            raise invalid(
                f"Invalid '{self.name(field)}': string too long. Expected a string with maximum length "
                f"{max_length}, but got a string with length {len(value)} instead.",
                self.name(field),
                "string_above_max_length",
            )
        return value

    def number(self, field: str, *, low: float, high: float, integer: bool = False, default: Any = None) -> Any:
        value = self.raw(field, default)
        if value is None:
            return default if field not in self.data else None
        kinds = "an integer" if integer else "a decimal"  # the API's word for a JSON number (simulator.http.schema.TYPE_NAMES)
        if isinstance(value, bool) or not isinstance(value, int if integer else (int, float)):
            raise type_error(self.name(field), value, kinds)
        if isinstance(value, float) and not math.isfinite(value):
            raise type_error(self.name(field), value, kinds)
        if value < low:
            raise invalid(f"Invalid '{self.name(field)}': expected a value >= {low}, but got {value} instead.", self.name(field), "decimal_below_min_value" if not integer else "integer_below_min_value")
        if value > high:
            raise invalid(f"Invalid '{self.name(field)}': expected a value <= {high}, but got {value} instead.", self.name(field), "decimal_above_max_value" if not integer else "integer_above_max_value")
        return value

    def boolean(self, field: str, default: Any = None) -> Any:
        value = self.raw(field, default)
        if value is None:
            return default
        if not isinstance(value, bool):
            raise type_error(self.name(field), value, "a boolean")
        return value

    def enum(self, field: str, choices: tuple[str, ...], default: Any = None) -> Any:
        value = self.raw(field, default)
        if value is None:
            return default
        if value not in choices:
            raise bad_value(self.name(field), value, choices)
        return value

    def metadata(self, field: str = "metadata") -> dict | None:
        value = self.raw(field)
        return check_metadata(value, self.name(field)) if field in self.data else None

    def done(self) -> None:
        unknown = [k for k in self.data if k not in self._read]
        if unknown:
            raise invalid(f"Unrecognized request argument supplied: {unknown[0]}", self.name(unknown[0]), "unknown_parameter")


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


def check_metadata(value: Any, param: str = "metadata") -> dict:
    if value is None:
        return {}
    if not isinstance(value, dict):
        raise type_error(param, value, "an object")
    if len(value) > 16:
        raise invalid(f"Invalid '{param}': too many properties. Expected an object with at most 16 properties, but got an object with {len(value)} properties instead.", param, "object_above_max_properties")
    for key, item in value.items():
        if len(key) > 64:
            raise invalid(f"Invalid '{param}': metadata key '{key[:70]}' is too long: it has {len(key)} characters, the maximum is 64.", param, "invalid_value")
        if not isinstance(item, str):
            raise type_error(f"{param}.{key}", item, "a string")
        if len(item) > 512:
            raise invalid(f"Invalid '{param}.{key}': string too long. Expected a string with maximum length 512, but got a string with length {len(item)} instead.", f"{param}.{key}", "string_above_max_length")
    return value


def check_list(value: Any, param: str, *, max_items: int | None = None) -> list:
    if not isinstance(value, list):
        raise type_error(param, value, "an array")
    if max_items is not None and len(value) > max_items:
        raise invalid(f"Invalid '{param}': array too long. Expected an array with maximum length {max_items}, but got an array with length {len(value)} instead.", param, "array_above_max_length")
    return value


def check_id_list(value: Any, param: str, *, max_items: int) -> list[str]:
    items = check_list(value, param, max_items=max_items)
    for i, item in enumerate(items):
        if not isinstance(item, str):
            raise type_error(f"{param}[{i}]", item, "a string")
    return items


def check_tools(value: Any, param: str = "tools") -> list[dict]:
    """Assistant tools: code_interpreter, file_search and function (v1's `retrieval` is gone)."""
    tools = []
    for i, tool in enumerate(check_list(value, param, max_items=128)):
        where = f"{param}[{i}]"
        if not isinstance(tool, dict):
            raise type_error(where, tool, "an object")
        body = Body(tool, prefix=where + ".")
        kind = body.required("type")
        if kind not in TOOL_TYPES:
            raise bad_value(where + ".type", kind, TOOL_TYPES)
        if kind == "function":
            function = body.required("function")
            if not isinstance(function, dict):
                raise type_error(where + ".function", function, "an object")
            tools.append({"type": "function", "function": check_function(function, where + ".function")})
        elif kind == "file_search":
            tools.append({"type": "file_search", "file_search": check_file_search(body.raw("file_search"), where + ".file_search")})
        else:
            tools.append({"type": "code_interpreter"})
        body.done()
    return tools


def check_file_search(value: Any, param: str) -> dict:
    """file_search options: max_num_results 1-50, ranking_options {ranker, score_threshold 0-1}."""
    options = {"ranking_options": {"ranker": "default_2024_08_21", "score_threshold": 0.0}}
    if value is None:
        return options
    if not isinstance(value, dict):
        raise type_error(param, value, "an object")
    body = Body(value, prefix=param + ".")
    limit = body.number("max_num_results", low=1, high=50, integer=True)
    if limit is not None:
        options["max_num_results"] = limit
    ranking = body.raw("ranking_options")
    if ranking is not None:
        if not isinstance(ranking, dict):
            raise type_error(param + ".ranking_options", ranking, "an object")
        inner = Body(ranking, prefix=param + ".ranking_options.")
        inner.required("score_threshold")
        threshold = inner.number("score_threshold", low=0, high=1)
        if threshold is None:
            raise type_error(inner.name("score_threshold"), None, "a decimal")
        options["ranking_options"] = {"ranker": inner.enum("ranker", ("auto", "default_2024_08_21"), default="default_2024_08_21"), "score_threshold": threshold}
        inner.done()
    body.done()
    return options


def check_function(function: dict, param: str) -> dict:
    body = Body(function, prefix=param + ".")
    name = body.string("name", required=True)
    if not _FUNCTION_NAME.match(name):
        raise invalid(f"Invalid '{param}.name': string does not match pattern. Expected a string that matches the pattern '^[a-zA-Z0-9_-]+$' of at most 64 characters.", param + ".name", "invalid_value")
    description = body.string("description", max_length=1024)
    parameters = body.raw("parameters")
    if parameters is not None and not isinstance(parameters, dict):
        raise type_error(param + ".parameters", parameters, "an object")
    if parameters is not None:
        check_json_schema(parameters, name, param + ".parameters")
    strict = body.boolean("strict", default=False)
    body.done()
    out = {"name": name, "description": description, "parameters": parameters if parameters is not None else {"type": "object", "properties": {}}, "strict": strict}
    if description is None:  # the spec's FunctionObject has no null description: one not given is left out
        del out["description"]
    return out


def check_json_schema(schema: dict, function_name: str, param: str) -> None:
    """A function's parameters must be a valid JSON Schema, as the real API required (400 otherwise)."""
    import jsonschema_rs

    try:
        jsonschema_rs.meta.validate(schema)
    except Exception as error:  # ValidationError, or a $schema it does not know
        reason = str(error).strip().splitlines()[0] if str(error).strip() else type(error).__name__
        raise invalid(f"Invalid schema for function '{function_name}': {reason}", param, "invalid_function_parameters") from None


def check_tool_resources(value: Any, param: str = "tool_resources") -> dict:
    if value is None:
        return {}
    if not isinstance(value, dict):
        raise type_error(param, value, "an object")
    body = Body(value, prefix=param + ".")
    out: dict = {}
    code = body.raw("code_interpreter")
    if code is not None:
        if not isinstance(code, dict):
            raise type_error(param + ".code_interpreter", code, "an object")
        inner = Body(code, prefix=param + ".code_interpreter.")
        out["code_interpreter"] = {"file_ids": check_id_list(inner.raw("file_ids", []), inner.name("file_ids"), max_items=20)}
        inner.done()
    search = body.raw("file_search")
    if search is not None:
        if not isinstance(search, dict):
            raise type_error(param + ".file_search", search, "an object")
        inner = Body(search, prefix=param + ".file_search.")
        ids = check_id_list(inner.raw("vector_store_ids", []) or [], inner.name("vector_store_ids"), max_items=1)
        out["file_search"] = {"vector_store_ids": ids}
        if inner.raw("vector_stores") is not None:  # made on the fly from file ids (http.requests.check_file_ids)
            out["file_search"]["vector_stores"] = check_inline_stores(inner.raw("vector_stores"), inner.name("vector_stores"))
            if ids and out["file_search"]["vector_stores"]:
                raise invalid(f"Invalid '{inner.name('vector_stores')}': give either vector_store_ids or vector_stores, not both: a thread or assistant has at most one vector store.", inner.name("vector_stores"), "invalid_value")
        inner.done()
    body.done()
    return out


def check_inline_stores(value: Any, param: str) -> list[dict]:
    """tool_resources.file_search.vector_stores: at most one {file_ids (<= 10000), chunking_strategy, metadata}."""
    stores = []
    for i, item in enumerate(check_list(value, param, max_items=1)):
        where = f"{param}[{i}]"
        if not isinstance(item, dict):
            raise type_error(where, item, "an object")
        body = Body(item, prefix=where + ".")
        spec: dict = {"file_ids": check_id_list(body.raw("file_ids", []) or [], body.name("file_ids"), max_items=10000)}
        chunking = body.raw("chunking_strategy")
        if chunking is not None:
            if not isinstance(chunking, dict):
                raise type_error(body.name("chunking_strategy"), chunking, "an object")
            spec["chunking_strategy"] = chunking  # its bounds are checked where the store is made
        if body.has("metadata"):
            spec["metadata"] = body.metadata()
        body.done()
        stores.append(spec)
    return stores


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


RESPONSE_FORMATS = ("auto",)
FORMAT_NAME = re.compile(r"^[a-zA-Z0-9_-]{1,64}$")


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
