"""Request bodies checked against the spec's named request schemas, each failure told as the real API told it (a 400 naming the param)."""

from __future__ import annotations

import re
from functools import cache
from typing import Any

from simulator.conformance import load_spec
from simulator.errors import APIError, invalid
from simulator.http.validation import bad_value, type_error

# How the API names each JSON type in "Invalid type for 'x': expected …", in every family. A JSON number is
# "a decimal": users recorded "Invalid type for 'temperature': expected a decimal, but got a string instead."
# from chat completions and from /v1/realtime/sessions (none recorded "expected a number"), and the API's
# own codes for a number's bounds say it too (decimal_above_max_value).
TYPE_NAMES = {"string": "a string", "integer": "an integer", "number": "a decimal", "boolean": "a boolean", "object": "an object", "array": "an array", "null": "null"}
# Arrays the API named by what they hold, by param: "expected one of a string or array of input items".
ARRAY_NAMES = {"input": "array of input items", "items": "array of input items"}
# The keywords that bound a string's or an array's length: (at most, at least).
LENGTHS = {"string": ("maxLength", "minLength"), "array": ("maxItems", "minItems")}
# Choices the API listed in another order than the spec's union: "Invalid value: 'retrieval'. Supported values are:
# 'code_interpreter', 'function', and 'file_search'." (recorded from the real API when v1's retrieval tool went away,
# in more than one public project's error report), where the spec's AssistantTool union reads code, file_search, function.
CHOICE_ORDER = {frozenset({"code_interpreter", "file_search", "function"}): ("code_interpreter", "function", "file_search")}
# The order types are listed in when a param takes more than one.
TYPE_ORDER = ("string", "array", "object", "integer", "number", "boolean")
MAX_DEPTH = 40


def check(name: str, body: dict) -> None:
    """Refuse a body the spec's request schema `name` does not accept, with the real API's 400."""
    if validator(name).is_valid(body):
        return
    problem = explain(ref(name), body, "")
    if problem is not None:
        raise problem
    error = next(iter(validator(name).iter_errors(body)))  # a failure no rule below words: jsonschema's own
    where = _join("", error.instance_path) or "body"
    raise invalid(f"Invalid '{where}': {error.message[:300]}", where, "invalid_value")


def missing(param: str) -> APIError:
    return invalid(f"Missing required parameter: '{param}'.", param, "missing_required_parameter")


def unknown(param: str) -> APIError:
    return invalid(f"Unknown parameter: '{param}'.", param, "unknown_parameter")


# -- the spec ----------------------------------------------------------------------------------------


# Where a request schema refers to a type the spec shares with what comes back, the request is held to the
# spec's own request-side variant of it instead: the output types require what the API fills in when a request
# leaves it out (a function tool's `strict`, an input image's `detail`), so checked against them a request the
# API takes (LangChain's tools, the SDK's own examples) would get a 400.
REQUEST_TYPES = {
    "FunctionTool": "FunctionToolParam",
    "InputImageContent": "InputImageContentParamAutoParam",
    "InputTextContent": "InputTextContentParam",
    "InputFileContent": "InputFileContentParam",
}
# Bounds of the simulator's own, where the spec states none and no answer of the real API to more was found:
# a request cannot make the server check and store thousands of messages at once.
BOUNDS = (
    ("CreateThreadRequest", ("properties", "messages"), {"maxItems": 32}),
    ("CreateRunRequest", ("properties", "additional_messages", "anyOf", 0), {"maxItems": 32}),
)


@cache
def components() -> dict:
    """The served families' components as request bodies are held to them (simulator.conformance loads them,
    normalized, with its errata), read as the API read a request:

    - oneOf as anyOf: the spec means its oneOfs as tagged unions (an input message fits both EasyInputMessage and
      InputMessage; an integer both 'number' and 'integer'), which JSON Schema's oneOf would refuse;
    - output types as their request-side variants (REQUEST_TYPES), and the simulator's BOUNDS;
    - every object that lists its properties closed to others: the API refused an unknown field at any depth
      ("Unknown parameter: 'input[3].status'." for a Responses input item, recorded in 1jehuang/jcode#1028), where
      the spec's schemas, leaving additionalProperties out, allow them. An allOf is merged into one object first,
      so that its parts, closed, do not refuse each other's fields.
    """
    raw = load_spec()["components"]
    schemas = dict(raw["schemas"])
    for name, path, keywords in BOUNDS:
        schemas[name] = _patched(schemas[name], path, keywords)
    for name in list(schemas):
        if isinstance(schemas[name].get("allOf"), list) and len(schemas[name]["allOf"]) > 1:
            schemas[name] = _merged(schemas[name], schemas)
    return {**raw, "schemas": {name: _request_side(schema, schemas) for name, schema in schemas.items()}}


def _patched(schema: dict, path: tuple, keywords: dict) -> dict:
    if not path:
        return {**schema, **keywords}
    step, rest = path[0], path[1:]
    if isinstance(schema, list):
        return [_patched(item, rest, keywords) if i == step else item for i, item in enumerate(schema)]
    return {**schema, step: _patched(schema[step], rest, keywords)}


def _merged(schema: dict, schemas: dict) -> dict:
    """An allOf as one schema: its parts' properties and required lists joined, their other keywords first come."""
    merged = {k: v for k, v in schema.items() if k != "allOf"}
    for part in schema["allOf"]:
        while isinstance(part, dict) and isinstance(part.get("$ref"), str):
            part = schemas[part["$ref"].rsplit("/", 1)[1]]
        if "allOf" in part:
            part = _merged(part, schemas)
        for key, value in part.items():
            if key == "properties":
                merged["properties"] = {**merged.get("properties", {}), **value}
            elif key == "required":
                merged["required"] = list(dict.fromkeys([*merged.get("required", []), *value]))
            else:
                merged.setdefault(key, value)
    return merged


# Keywords whose values are data (an example, a default), never schemas to read as the request is read.
DATA_KEYWORDS = frozenset({"enum", "const", "default", "example", "examples", "required", "description", "title", "discriminator"})


def _request_side(node: Any, schemas: dict) -> Any:
    """A schema as a request is held to it (see components)."""
    if isinstance(node, list):
        return [_request_side(item, schemas) for item in node]
    if not isinstance(node, dict):
        return node
    out = {}
    for key, value in node.items():
        if key == "properties" and isinstance(value, dict):  # names, each of a schema; not a schema itself
            out[key] = {name: _request_side(field, schemas) for name, field in value.items()}
        elif key in DATA_KEYWORDS or key.startswith("x-"):
            out[key] = value
        else:
            out["anyOf" if key == "oneOf" else key] = _request_side(value, schemas)
    target = out.get("$ref", "").rsplit("/", 1)[-1] if isinstance(out.get("$ref"), str) else ""
    if REQUEST_TYPES.get(target) in schemas:
        out["$ref"] = f"#/components/schemas/{REQUEST_TYPES[target]}"
    if out.get("properties") and "additionalProperties" not in out:  # `properties: {}` (EmptyModelParam) is a free-form map
        out["additionalProperties"] = False
    return out


@cache
def validator(name: str):
    import jsonschema_rs

    return jsonschema_rs.Draft202012Validator({**ref(name), "components": components()})


def ref(name: str) -> dict:
    return {"$ref": f"#/components/schemas/{name}"}


def _resolve(schema: Any) -> dict:
    """A $ref followed to its schema (the keywords beside it kept), until there is none."""
    while isinstance(schema, dict) and isinstance(schema.get("$ref"), str) and schema["$ref"].startswith("#/components/schemas/"):
        beside = {k: v for k, v in schema.items() if k not in ("$ref", "description")}
        schema = {**components()["schemas"][schema["$ref"].rsplit("/", 1)[1]], **beside}
    return schema if isinstance(schema, dict) else {}


def _flat(schema: Any) -> dict:
    """The schema resolved, its allOf parts merged into it: properties and required joined, the rest first come."""
    schema = _resolve(schema)
    if "allOf" not in schema:
        return schema
    merged = {k: v for k, v in schema.items() if k != "allOf"}
    for part in schema["allOf"]:
        for key, value in _flat(part).items():
            if key == "properties":
                merged["properties"] = {**merged.get("properties", {}), **value}
            elif key == "required":
                merged["required"] = [*merged.get("required", []), *value]
            else:
                merged.setdefault(key, value)
    return merged


def _branches(schema: dict) -> list[dict]:
    """A union's members, a member that is only a union itself opened up."""
    out = []
    for branch in schema.get("anyOf") or []:
        branch = _flat(branch)
        if "anyOf" in branch and not ({"properties", "required", "enum", "const"} & set(branch)):
            out += _branches(branch)
        else:
            out.append(branch)
    return out


def _types_of(schema: dict) -> set[str]:
    schema = _flat(schema)
    if "type" in schema:
        return set(schema["type"] if isinstance(schema["type"], list) else [schema["type"]])
    found: set[str] = set()
    for branch in _branches(schema):
        found |= _types_of(branch)
    if not found and "properties" in schema:
        found.add("object")
    return found


def _enum_of(schema: dict) -> list:
    schema = _flat(schema)
    if "enum" in schema:
        return list(schema["enum"])
    if "const" in schema:
        return [schema["const"]]
    return [v for b in _branches(schema) for v in _enum_of(b)]


# -- failures in the API's words ---------------------------------------------------------------------


def json_type(value: Any) -> str:
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "boolean"
    if isinstance(value, int):
        return "integer"
    if isinstance(value, float):
        return "integer" if value.is_integer() else "number"  # JSON Schema's view: 1.0 is an integer
    return {str: "string", list: "array", dict: "object"}[type(value)]


def _fits(kind: str, types: set[str]) -> bool:
    return kind in types or (kind == "integer" and "number" in types)


def described(types: set[str], param: str) -> str:
    """What the API said it expected: 'a string', or 'one of a string or array of input items'."""
    names = [ARRAY_NAMES.get(param, TYPE_NAMES[t]) if t == "array" else TYPE_NAMES[t] for t in TYPE_ORDER if t in types]
    if not names:
        return TYPE_NAMES["null"]
    if len(names) == 1:
        return names[0]
    return "one of " + ", ".join(names[:-1]) + " or " + names[-1]


def _join(base: str, path) -> str:
    out = base
    for part in path:
        out = f"{out}[{part}]" if isinstance(part, int) else (f"{out}.{part}" if out else str(part))
    return out


def explain(schema: dict, value: Any, param: str, depth: int = 0) -> APIError | None:
    """Why `value` does not fit `schema`, as the API said it; None when this walk finds nothing wrong."""
    if depth > MAX_DEPTH:
        return None
    schema = _flat(schema)
    kind = json_type(value)
    types = _types_of(schema)
    if types and not _fits(kind, types):
        return type_error(param, value, described(types - {"null"}, param))
    problem = _own(schema, value, kind, types, param, depth)
    if problem is None and "anyOf" in schema:
        problem = _union(schema, value, kind, param, depth)
    return problem


def _own(schema: dict, value: Any, kind: str, types: set[str], param: str, depth: int) -> APIError | None:
    """What the schema's own keywords (not its union's members) say against `value`."""
    if "enum" in schema and value not in schema["enum"]:
        return bad_value(param, value, tuple(schema["enum"]))
    if "const" in schema and value != schema["const"]:
        return bad_value(param, value, (schema["const"],))
    if kind in ("integer", "number"):
        word = "integer" if "integer" in types else "decimal"
        if "minimum" in schema and value < schema["minimum"]:
            return invalid(f"Invalid '{param}': {word} below minimum value. Expected a value >= {schema['minimum']}, but got {value} instead.", param, f"{word}_below_min_value")
        if "maximum" in schema and value > schema["maximum"]:
            return invalid(f"Invalid '{param}': {word} above maximum value. Expected a value <= {schema['maximum']}, but got {value} instead.", param, f"{word}_above_max_value")
    if kind in LENGTHS:
        longest, shortest = LENGTHS[kind]
        a = TYPE_NAMES[kind]
        if longest in schema and len(value) > schema[longest]:
            return invalid(f"Invalid '{param}': {kind} too long. Expected {a} with maximum length {schema[longest]}, but got {a} with length {len(value)} instead.", param, f"{kind}_above_max_length")
        if shortest in schema and len(value) < schema[shortest]:
            if not value:
                return invalid(f"Invalid '{param}': empty {kind}. Expected {a} with minimum length {schema[shortest]}, but got an empty {kind} instead.", param, f"empty_{kind}")
            return invalid(f"Invalid '{param}': {kind} too short. Expected {a} with minimum length {schema[shortest]}, but got {a} with length {len(value)} instead.", param, f"{kind}_below_min_length")
    if kind == "string" and "pattern" in schema and not re.search(schema["pattern"], value):
        return invalid(f"Invalid '{param}': string does not match pattern. Expected a string that matches the pattern '{schema['pattern']}'.", param, "invalid_value")
    if kind == "array" and isinstance(schema.get("items"), dict):
        for i, item in enumerate(value):
            problem = explain(schema["items"], item, f"{param}[{i}]", depth + 1)
            if problem is not None:
                return problem
    if kind == "object":
        return _object(schema, value, param, depth)
    return None


def _object(schema: dict, value: dict, param: str, depth: int) -> APIError | None:
    """An object's fields: missing ones first, then unknown ones, then its size, then each field's value.

    Missing before unknown, as the API told it: a Chat Completions tool sent to /v1/responses, {"type": "function",
    "function": {...}}, got "Missing required parameter: 'tools[0].name'." (microsoft/vscode-copilot-release#11157).
    """
    properties = schema.get("properties") or {}
    extra = schema.get("additionalProperties")
    for name in schema.get("required") or []:
        if name not in value:
            return missing(_join(param, [name]))
    if extra is False:
        for name in value:
            if name not in properties:
                return unknown(_join(param, [name]))
    if "maxProperties" in schema and len(value) > schema["maxProperties"]:
        return invalid(f"Invalid '{param}': too many properties. Expected an object with at most {schema['maxProperties']} properties, but got an object with {len(value)} properties instead.", param, "object_above_max_properties")
    longest = (schema.get("propertyNames") or {}).get("maxLength")
    if longest is not None and any(len(name) > longest for name in value):
        return invalid(f"Invalid '{param}': a key is longer than {longest} characters.", param, "invalid_value")
    for name, item in value.items():
        field = properties.get(name, extra if isinstance(extra, dict) else None)
        if field is not None:
            problem = explain(field, item, _join(param, [name]), depth + 1)
            if problem is not None:
                return problem
    return None


def _union(schema: dict, value: Any, kind: str, param: str, depth: int) -> APIError | None:
    """A value that fits none of a union's members: told by the member its type (or its `type` field) picks."""
    branches = [b for b in _branches(schema) if not _types_of(b) or _fits(kind, _types_of(b))]
    if kind == "object" and len(branches) > 1:
        tagged = [b for b in branches if "type" in (b.get("properties") or {})]
        if tagged and isinstance(value.get("type"), str):
            chosen = [b for b in tagged if value["type"] in _enum_of(b["properties"]["type"])]
            if not chosen:
                choices = tuple(dict.fromkeys(v for b in tagged for v in _enum_of(b["properties"]["type"])))
                choices = CHOICE_ORDER.get(frozenset(choices), choices)
                return bad_value(_join(param, ["type"]), value["type"], choices)
            branches = chosen
        elif tagged and "type" not in value and all("type" in (b.get("required") or []) for b in tagged):
            return missing(_join(param, ["type"]))
    if kind == "string" and len(branches) > 1 and all("enum" in b for b in branches):
        if not any(value in b["enum"] for b in branches):
            return bad_value(param, value, tuple(v for b in branches for v in b["enum"]))
    problems = [explain(b, value, param, depth + 1) for b in branches]
    if not problems or any(p is None for p in problems):
        return None
    return problems[0]
