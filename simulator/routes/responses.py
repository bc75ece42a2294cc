"""/v1/responses: create (JSON, SSE, or background), retrieve, delete, cancel, input_items.

Request bodies are checked against the spec's own request schemas (CreateResponse and the others in
simulator/conformance/openapi/responses.json) with jsonschema-rs; each failure is told in the real API's
words (`explain`). What a schema cannot say (ids that must exist, parameters that exclude each other,
call ids that must match) is checked by hand after it.
"""

from __future__ import annotations

import asyncio
import json
from functools import cache
from pathlib import Path
from typing import Any

from starlette.requests import Request
from starlette.responses import StreamingResponse
from starlette.routing import Route

from simulator.engine.responses import END_OF_STREAM, ENDS, present, present_response, state_id
from simulator.errors import APIError, invalid
from simulator.http.requests import JSON, owner_of, read_scope, sim
from simulator.http.validation import bad_value, check_metadata, parse_json, type_error
from simulator.wire.responses import function_call_output, input_message, response_object

SPEC_FILE = Path(__file__).resolve().parents[1] / "conformance" / "openapi" / "responses.json"
SUPPORTED_TOOLS = ("function", "code_interpreter", "file_search")
INCLUDABLE = ("code_interpreter_call.outputs", "file_search_call.results", "message.output_text.logprobs", "message.input_image.image_url", "reasoning.encrypted_content",
              "web_search_call.action.sources", "computer_call_output.output.image_url", "web_search_call.results")
TYPE_NAMES = {"string": "a string", "integer": "an integer", "number": "a decimal", "boolean": "a boolean", "object": "an object", "array": "an array", "null": "null"}


# -- the spec's request schemas, and failures in the real API's words ------------------------------------


@cache
def components() -> dict:
    """The spec's components, with oneOf read as anyOf: the spec means its oneOfs as discriminated unions
    (an input message fits both EasyInputMessage and InputMessage), which JSON Schema's oneOf would refuse."""
    return _any_of(json.loads(SPEC_FILE.read_text(encoding="utf-8"))["components"])


def _any_of(node: Any) -> Any:
    if isinstance(node, list):
        return [_any_of(item) for item in node]
    if isinstance(node, dict):
        return {("anyOf" if key == "oneOf" else key): _any_of(value) for key, value in node.items()}
    return node


@cache
def _validator(name: str):
    import jsonschema_rs

    return jsonschema_rs.Draft202012Validator({"$ref": f"#/components/schemas/{name}", "components": components()})


def resolve(schema: Any) -> dict:
    while isinstance(schema, dict) and isinstance(schema.get("$ref"), str) and schema["$ref"].startswith("#/components/schemas/"):
        rest = {k: v for k, v in schema.items() if k != "$ref"}
        schema = {**components()["schemas"][schema["$ref"].rsplit("/", 1)[1]], **{k: v for k, v in rest.items() if k not in ("description",)}}
    return schema if isinstance(schema, dict) else {}


def json_type(value: Any) -> str:
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "boolean"
    if isinstance(value, int):
        return "integer"
    if isinstance(value, float):
        return "number"
    return {str: "string", list: "array", dict: "object"}[type(value)]


def _types_of(schema: dict) -> set[str]:
    schema = resolve(schema)
    if "type" in schema:
        kinds = schema["type"] if isinstance(schema["type"], list) else [schema["type"]]
        return set(kinds)
    found: set[str] = set()
    for key in ("anyOf", "oneOf"):
        for branch in schema.get(key) or []:
            found |= _types_of(branch)
    for part in schema.get("allOf") or []:
        found |= _types_of(part)
    if not found and "properties" in schema:
        found.add("object")
    return found


def _fits(kind: str, types: set[str]) -> bool:
    return kind in types or (kind == "integer" and "number" in types)


def _branches(schema: dict) -> list[dict]:
    out = []
    for key in ("anyOf", "oneOf"):
        for branch in schema.get(key) or []:
            branch = resolve(branch)
            if "anyOf" in branch or "oneOf" in branch:
                out += _branches(branch)
            else:
                out.append(branch)
    return out


def _described(types: set[str], param: str) -> str:
    names = []
    for kind in ("string", "array", "object", "integer", "number", "boolean"):
        if kind in types:
            names.append("array of input items" if kind == "array" and param in ("input", "items") else TYPE_NAMES[kind])
    if len(names) == 1:
        return names[0]
    return "one of " + ", ".join(names[:-1]) + " or " + names[-1].removeprefix("an ").removeprefix("a ") if len(names) > 2 else "one of " + names[0] + " or " + names[1].removeprefix("an ").removeprefix("a ")


def explain(schema: dict, value: Any, param: str, depth: int = 0) -> APIError | None:
    """Why `value` does not fit `schema`, as the API said it (None when this walk finds nothing)."""
    schema = resolve(schema)
    if depth > 40:
        return None
    kind = json_type(value)
    if "allOf" in schema:
        merged = {k: v for k, v in schema.items() if k != "allOf"}
        for part in schema["allOf"]:
            part = resolve(part)
            while "allOf" in part:  # nested allOf: flatten it first
                inner = {k: v for k, v in part.items() if k != "allOf"}
                for sub in part["allOf"]:
                    sub = resolve(sub)
                    inner["properties"] = {**inner.get("properties", {}), **sub.get("properties", {})}
                    inner["required"] = list(inner.get("required", [])) + list(sub.get("required", []))
                    if "allOf" in sub:
                        inner["allOf"] = sub["allOf"]
                part = inner
            merged["properties"] = {**merged.get("properties", {}), **part.get("properties", {})}
            merged["required"] = list(merged.get("required", [])) + list(part.get("required", []))
            for key in ("type", "anyOf", "oneOf"):
                if key in part and key not in merged:
                    merged[key] = part[key]
        return explain(merged, value, param, depth + 1)
    if "anyOf" in schema or "oneOf" in schema:
        branches = [b for b in _branches(schema) if _fits(kind, _types_of(b)) or (not _types_of(b))]
        if not branches:
            types = set().union(*(_types_of(b) for b in _branches(schema))) - {"null"}
            return type_error_for(param, value, _described(types, param))
        if kind == "object" and len(branches) > 1:
            tagged = [b for b in branches if "type" in (b.get("properties") or {})]
            if tagged and isinstance(value.get("type"), str):
                chosen = [b for b in tagged if value["type"] in _enum_of(b["properties"]["type"])]
                if not chosen:
                    choices = tuple(dict.fromkeys(v for b in tagged for v in _enum_of(b["properties"]["type"])))
                    return bad_value(f"{param}.type", value["type"], choices)
                branches = chosen
            elif tagged and "type" not in value and not any("type" not in (b.get("required") or []) for b in tagged):
                return missing(f"{param}.type")
        if kind == "string" and len(branches) > 1:
            enums = [b for b in branches if "enum" in b]
            if enums and len(enums) == len(branches):
                if not any(value in b["enum"] for b in enums):
                    return bad_value(param, value, tuple(v for b in enums for v in b["enum"]))
        problems = [explain(b, value, param, depth + 1) for b in branches]
        if any(p is None for p in problems):
            return None
        return problems[0]
    types = _types_of(schema)
    if types and not _fits(kind, types):
        return type_error_for(param, value, _described(types - {"null"}, param) if types - {"null"} else "null")
    if "enum" in schema and value not in schema["enum"]:
        return bad_value(param, value, tuple(schema["enum"]))
    if kind in ("integer", "number"):
        word = "integer" if "integer" in types else "decimal"
        if "minimum" in schema and value < schema["minimum"]:
            return invalid(f"Invalid '{param}': {word} below minimum value. Expected a value >= {schema['minimum']}, but got {value} instead.", param, f"{word}_below_min_value")
        if "maximum" in schema and value > schema["maximum"]:
            return invalid(f"Invalid '{param}': {word} above maximum value. Expected a value <= {schema['maximum']}, but got {value} instead.", param, f"{word}_above_max_value")
    if kind == "string":
        if "maxLength" in schema and len(value) > schema["maxLength"]:
            return invalid(f"Invalid '{param}': string too long. Expected a string with maximum length {schema['maxLength']}, but got a string with length {len(value)} instead.", param, "string_above_max_length")
        if "minLength" in schema and len(value) < schema["minLength"]:
            return invalid(f"Invalid '{param}': string too short. Expected a string with minimum length {schema['minLength']}, but got a string with length {len(value)} instead.", param, "string_below_min_length")
    if kind == "array":
        if "maxItems" in schema and len(value) > schema["maxItems"]:
            return invalid(f"Invalid '{param}': array too long. Expected an array with maximum length {schema['maxItems']}, but got an array with length {len(value)} instead.", param, "array_above_max_length")
        if "minItems" in schema and len(value) < schema["minItems"]:
            return invalid(f"Invalid '{param}': array too short. Expected an array with minimum length {schema['minItems']}, but got an array with length {len(value)} instead.", param, "array_below_min_length")
        if isinstance(schema.get("items"), dict):
            for i, item in enumerate(value):
                problem = explain(schema["items"], item, f"{param}[{i}]", depth + 1)
                if problem is not None:
                    return problem
    if kind == "object":
        properties = schema.get("properties") or {}
        for name in schema.get("required") or []:
            if name not in value:
                return missing(f"{param}.{name}" if param else name)
        for name, item in value.items():
            where = f"{param}.{name}" if param else name
            if name in properties:
                problem = explain(properties[name], item, where, depth + 1)
                if problem is not None:
                    return problem
            elif properties and schema.get("additionalProperties") is False:
                return unknown(where)
            elif isinstance(schema.get("additionalProperties"), dict):
                problem = explain(schema["additionalProperties"], item, where, depth + 1)
                if problem is not None:
                    return problem
    return None


def _enum_of(schema: dict) -> list:
    schema = resolve(schema)
    if "enum" in schema:
        return list(schema["enum"])
    if "const" in schema:
        return [schema["const"]]
    return [v for b in _branches(schema) for v in _enum_of(b)] if ("anyOf" in schema or "oneOf" in schema) else []


def type_error_for(param: str, value: Any, expected: str) -> APIError:
    return type_error(param, value, expected)


def missing(param: str) -> APIError:
    return invalid(f"Missing required parameter: '{param}'.", param, "missing_required_parameter")


def unknown(param: str) -> APIError:
    return invalid(f"Unknown parameter: '{param}'.", param, "unknown_parameter")


def property_names(name: str) -> set[str]:
    return _properties(resolve({"$ref": f"#/components/schemas/{name}"}))


def _properties(schema: dict) -> set[str]:
    names = set((schema.get("properties") or {}).keys())
    for part in schema.get("allOf") or []:
        names |= _properties(resolve(part))
    return names


def _lenient(body: dict) -> dict:
    """The body as the schema is asked about it: an assistant message given back as input with output_text
    parts (and no id or status) is taken, as the real API took it, though the spec's OutputMessage wants both."""
    out = dict(body)
    for key in ("input", "items"):
        if isinstance(body.get(key), list):
            out[key] = [_lenient_item(item) for item in body[key]]
    return out


def _lenient_item(item: Any) -> Any:
    if not (isinstance(item, dict) and item.get("role") == "assistant" and isinstance(item.get("content"), list)):
        return item
    parts = item["content"]
    if all(isinstance(p, dict) and p.get("type") in ("output_text", "input_text") and isinstance(p.get("text"), str) for p in parts):
        return {**{k: v for k, v in item.items() if k not in ("id", "status")}, "content": "".join(p["text"] for p in parts)}
    return item


def check_against(name: str, body: dict, *, prefix: str = "") -> None:
    """Refuse a body the spec's schema `name` does not accept, naming the parameter as the API did."""
    body = _lenient(body)
    known = property_names(name)
    for key in body:
        if known and key not in known:
            raise unknown(prefix + key)
    if _validator(name).is_valid(body):
        return
    problem = explain({"$ref": f"#/components/schemas/{name}"}, body, prefix.rstrip("."))
    if problem is not None:
        raise problem
    error = next(iter(_validator(name).iter_errors(body)))
    where = "".join(f"[{p}]" if isinstance(p, int) else f".{p}" for p in error.instance_path).lstrip(".") or "body"
    raise invalid(f"Invalid '{where}': {error.message[:300]}", where, "invalid_value")


# -- input items -------------------------------------------------------------------------------------


def normalize_items(raw, param: str = "input") -> list[dict]:
    """A string or input items as the stored items they become (each with an id, as input_items lists them)."""
    if isinstance(raw, str):
        return [input_message("user", [{"type": "input_text", "text": raw}])]
    items = []
    for i, item in enumerate(raw or []):
        kind = item.get("type") or ("message" if "role" in item else "item_reference")
        where = f"{param}[{i}]"
        if kind == "message":
            content = item["content"]
            if isinstance(content, str):
                content = [{"type": "output_text" if item["role"] == "assistant" else "input_text", "text": content}]
            content = [_content_part(part) for part in content]
            items.append(input_message(item["role"], content, item.get("id")))
        elif kind == "function_call_output":
            if not item.get("call_id"):
                raise missing(f"{where}.call_id")
            output = item["output"]
            if isinstance(output, list):  # content parts, as given, less the fields sent as null
                output = [{k: v for k, v in part.items() if v is not None} if isinstance(part, dict) else part for part in output]
            items.append(function_call_output(item["call_id"], output, item.get("id")))
        elif kind == "function_call":
            items.append({"id": item.get("id") or _new("function_call"), "type": "function_call", "status": item.get("status") or "completed", "arguments": item["arguments"], "call_id": item["call_id"], "name": item["name"]})
        elif kind == "code_interpreter_call":
            items.append({k: item.get(k) for k in ("id", "type", "status", "code", "container_id", "outputs")})
        elif kind == "item_reference":
            items.append({"type": "item_reference", "id": item["id"]})
        else:
            raise invalid(f"Invalid value: '{kind}'. The offline simulator does not support input items of type '{kind}'.", f"{where}.type", "invalid_value")
    return items


def _content_part(part: dict) -> dict:
    if part.get("type") == "output_text":
        return {"type": "output_text", "annotations": part.get("annotations") or [], "logprobs": part.get("logprobs") or [], "text": part.get("text", "")}
    if part.get("type") == "input_text":
        return {"type": "input_text", "text": part.get("text", "")}
    return {k: v for k, v in part.items()}


def _new(kind: str) -> str:
    from simulator.ids import new_id

    return new_id(kind)


def resolve_references(request: Request, items: list[dict], context: list[dict]) -> list[dict]:
    """item_reference items as the items they name (from the context, or a conversation the caller owns)."""
    out = []
    known = {item["id"]: item for item in context if "id" in item}
    store = sim(request).store
    for i, item in enumerate(items):
        if item.get("type") != "item_reference":
            out.append(item)
            continue
        found = known.get(item["id"]) or store.get("conversation_item", item["id"], owner=read_scope(request))
        if found is None:
            raise invalid(f"Item with id '{item['id']}' not found.", f"input[{i}].id", "invalid_value")
        out.append(found)
    return out


# -- create ------------------------------------------------------------------------------------------


def not_found_response(response_id: str) -> APIError:
    return APIError(404, f"Response with id '{response_id}' not found.", param="response_id")


def find_response(request: Request, response_id: str, *, param: str | None = None) -> dict | None:
    store = sim(request).store
    response = store.get("response", response_id, owner=read_scope(request))
    if response is None:
        return None
    state = store.get("response_state", state_id(response_id)) or {}
    if state.get("store") is False:
        return None
    return response


def check_tools(request: Request, tools: list[dict]) -> list[dict]:
    """Tools the simulator can run, echoed as the response shows them; others are refused."""
    store, scope = sim(request).store, read_scope(request)
    out = []
    names = set()
    for i, tool in enumerate(tools):
        kind = tool["type"]
        where = f"tools[{i}]"
        if kind not in SUPPORTED_TOOLS:
            raise invalid(f"Tool type '{kind}' is not supported by the offline simulator: it runs function, code_interpreter and file_search tools.", f"{where}.type", "unsupported_tool_type")
        if kind == "function":
            if tool["name"] in names:
                raise invalid(f"Duplicate function name '{tool['name']}' in tools.", f"{where}.name", "invalid_value")
            names.add(tool["name"])
            parameters = tool.get("parameters")
            if parameters is not None:
                from simulator.http.validation import check_json_schema

                check_json_schema(parameters, tool["name"], f"{where}.parameters")
            echo = {"type": "function", "name": tool["name"], "description": tool.get("description"), "parameters": parameters, "strict": tool.get("strict") if tool.get("strict") is not None else True}
            out.append(echo)
        elif kind == "code_interpreter":
            container = tool["container"]
            if isinstance(container, str):
                found = store.get("container", container, owner=scope)
                if found is None:
                    raise APIError(404, f"Container with id '{container}' not found.", param=f"{where}.container")
                if sim(request).responses.settle_container(found)["status"] == "expired":
                    raise invalid(f"Container '{container}' has expired: create a new container (or use {{\"type\": \"auto\"}}).", f"{where}.container", "container_expired")
                out.append({"type": "code_interpreter", "container": container})
            else:
                file_ids = container.get("file_ids") or []
                for j, file_id in enumerate(file_ids):
                    if store.get("file", file_id, owner=scope) is None:
                        raise invalid(f"File with id '{file_id}' not found.", f"{where}.container.file_ids[{j}]", "invalid_value")
                out.append({"type": "code_interpreter", "container": {"type": "auto", "file_ids": file_ids, "memory_limit": container.get("memory_limit")}})
        else:
            for vector_store_id in tool["vector_store_ids"]:
                if store.get("vector_store", vector_store_id, owner=scope) is None:
                    raise APIError(404, f"Vector store with id '{vector_store_id}' not found.", param=f"{where}.vector_store_ids")
            out.append({"type": "file_search", "vector_store_ids": tool["vector_store_ids"], "filters": tool.get("filters"), "max_num_results": tool.get("max_num_results", 20), "ranking_options": tool.get("ranking_options") or {"ranker": "auto", "score_threshold": 0.0}})
    return out


def check_tool_choice(choice, tools: list[dict]):
    if choice is None:
        return "auto"
    if isinstance(choice, dict) and choice.get("type") == "function":
        if not any(t["type"] == "function" and t["name"] == choice["name"] for t in tools):
            raise invalid(f"Tool choice 'function' not found in 'tools' parameter: no function named '{choice['name']}'.", "tool_choice", "invalid_value")
    elif isinstance(choice, dict) and choice.get("type") in ("code_interpreter", "file_search"):
        if not any(t["type"] == choice["type"] for t in tools):
            raise invalid(f"Tool choice '{choice['type']}' not found in 'tools' parameter.", "tool_choice", "invalid_value")
    elif isinstance(choice, dict) and choice.get("type") not in ("allowed_tools",):
        raise invalid(f"Tool choice type '{choice.get('type')}' is not supported by the offline simulator.", "tool_choice.type", "invalid_value")
    return choice


def check_text(text) -> dict:
    out = {"format": {"type": "text"}, "verbosity": "medium"}
    if not text:
        return out
    fmt = text.get("format")
    if fmt is not None:
        if fmt["type"] == "json_schema":
            import re

            if not re.fullmatch(r"[a-zA-Z0-9_-]{1,64}", fmt["name"]):
                raise invalid("Invalid 'text.format.name': string does not match pattern. Expected a string that matches the pattern '^[a-zA-Z0-9_-]+$'.", "text.format.name", "invalid_value")
            from simulator.http.validation import check_json_schema

            check_json_schema(fmt["schema"], fmt["name"], "text.format.schema")
            fmt = {"type": "json_schema", "description": fmt.get("description"), "name": fmt["name"], "schema": fmt["schema"], "strict": bool(fmt.get("strict"))}
            if fmt["description"] is None:
                del fmt["description"]
        out["format"] = fmt
    if text.get("verbosity"):
        out["verbosity"] = text["verbosity"]
    return out


async def create_response(request: Request) -> Any:
    body = parse_json(await request.body())
    check_against("CreateResponse", body)
    if body.get("model") is None:
        raise missing("model")
    if body.get("prompt") is not None:
        raise invalid("Prompt objects (v1/prompts) are not kept by the offline simulator: they shut down on 2026-11-30. Send 'instructions' and 'input' instead.", "prompt", "unsupported_parameter")
    app = sim(request)
    store, owner = app.store, owner_of(request)
    for name in ("max_output_tokens",):
        if body.get(name) is not None and body[name] < 16:
            raise invalid(f"Invalid '{name}': integer below minimum value. Expected a value >= 16, but got {body[name]} instead.", name, "integer_below_min_value")
    metadata = check_metadata(body.get("metadata"))
    previous_id, conversation = body.get("previous_response_id"), body.get("conversation")
    if previous_id is not None and conversation is not None:
        raise invalid("Mutually exclusive parameters: Ensure you are only providing one of: 'previous_response_id' or 'conversation'.", None, "mutually_exclusive_parameters")
    stored = body.get("store") is not False
    background = bool(body.get("background"))
    if background and not stored:
        raise invalid("Background mode requires store to be true: a background response must be stored to be retrieved.", "background", "invalid_value")
    include = list(body.get("include") or [])
    context: list[dict] = []
    conversation_id = None
    if previous_id is not None:
        if find_response(request, previous_id) is None:
            raise invalid(f"Previous response with id '{previous_id}' not found.", "previous_response_id", "previous_response_not_found")
        context = app.responses.context_after(previous_id)
    if conversation is not None:
        conversation_id = conversation if isinstance(conversation, str) else conversation["id"]
        if store.get("conversation", conversation_id, owner=read_scope(request)) is None:
            raise APIError(404, f"Conversation with id '{conversation_id}' not found.", param="conversation")
        context = app.responses.conversation_items(conversation_id)
    items = resolve_references(request, normalize_items(body.get("input") or []), context)
    if not items and previous_id is None and conversation is None and not body.get("instructions"):
        raise missing("input")
    calls = {item["call_id"] for item in context + items if item.get("type") == "function_call"}
    for item in items:
        if item.get("type") == "function_call_output" and item["call_id"] not in calls:
            raise invalid(f"No tool call found for function call output with call_id {item['call_id']}.", "input", None)
    tools = check_tools(request, body.get("tools") or [])
    response = response_object(
        model=body["model"],
        instructions=body.get("instructions"),
        tools=tools,
        tool_choice=check_tool_choice(body.get("tool_choice"), tools),
        parallel_tool_calls=body.get("parallel_tool_calls") is not False,
        text=check_text(body.get("text")),
        metadata=metadata,
        temperature=body.get("temperature"),
        top_p=body.get("top_p"),
        max_output_tokens=body.get("max_output_tokens"),
        max_tool_calls=body.get("max_tool_calls"),
        previous_response_id=previous_id,
        conversation_id=conversation_id,
        store=stored,
        background=background,
        truncation=body.get("truncation") or "disabled",
        user=body.get("user"),
        safety_identifier=body.get("safety_identifier"),
        prompt_cache_key=body.get("prompt_cache_key"),
        top_logprobs=body.get("top_logprobs"),
        service_tier=body.get("service_tier") or "default",
    )
    if body.get("reasoning") is not None:
        response["reasoning"] = {"effort": body["reasoning"].get("effort"), "summary": body["reasoning"].get("summary")}
    store.insert("response", response, owner=owner)
    store.insert("response_state", {"id": state_id(response["id"]), "input": items, "context": context, "include": include, "store": stored}, parent=response["id"], owner=owner)
    engine = app.responses
    if body.get("stream"):
        queue = app.engine.streams.subscribe(response["id"])
        engine.start(response["id"])
        return event_stream(request, response["id"], queue)
    if background:
        engine.start(response["id"])
        return JSON(present_response(response, include))
    await engine.drive(response["id"])
    final = store.get("response", response["id"])
    return JSON(present_response(final, include))


def event_stream(request: Request, response_id: str, queue: asyncio.Queue) -> StreamingResponse:
    streams = sim(request).engine.streams

    async def body():
        try:
            while True:
                event, payload = await queue.get()
                if event == END_OF_STREAM:
                    break
                yield f"event: {event}\ndata: {payload}\n\n".encode()
                if event in ENDS:
                    break
        finally:  # a client that hangs up stops only its own stream; the response goes on
            streams.unsubscribe(response_id, queue)

    return StreamingResponse(body(), media_type="text/event-stream", headers={"cache-control": "no-cache"})


# -- the rest ----------------------------------------------------------------------------------------


def include_of(request: Request) -> list[str]:
    return request.query_params.getlist("include") + request.query_params.getlist("include[]")


def fetch_response(request: Request) -> dict:
    response_id = request.path_params["response_id"]
    response = find_response(request, response_id)
    if response is None:
        raise not_found_response(response_id)
    return response


async def get_response(request: Request) -> JSON:
    return JSON(present_response(fetch_response(request), include_of(request)))


async def delete_response(request: Request) -> JSON:
    response = fetch_response(request)
    app = sim(request)
    if response["status"] in ("queued", "in_progress"):
        app.responses.cancel(response)
    app.store.delete(response["id"])
    return JSON({"id": response["id"], "object": "response", "deleted": True})


async def cancel_response(request: Request) -> JSON:
    response = fetch_response(request)
    if not response.get("background"):
        raise invalid("Only responses created with background=true can be cancelled.", None, None)
    if response["status"] in ("completed", "failed", "incomplete"):
        raise invalid(f"Cannot cancel a response with status '{response['status']}'.", None, None)
    response = sim(request).responses.cancel(response)
    state = sim(request).store.get("response_state", state_id(response["id"])) or {}
    return JSON(present_response(response, state.get("include") or []))


def list_page(request: Request, items: list[dict], *, default_order: str = "desc", extra: tuple[str, ...] = ("include", "include[]"), noun: str = "item") -> JSON:
    """A cursor page over items already in hand: {object: list, data, first_id, last_id, has_more}."""
    from simulator.http.validation import list_query

    query = list_query(request.query_params, default_order=default_order)
    for name in query["extra"]:
        if name not in extra:
            raise invalid(f"Unrecognized request argument supplied: {name}", name, "unknown_parameter")
    ordered = items if query["order"] == "asc" else list(reversed(items))
    ids = [item.get("id") for item in ordered]
    if query["after"] is not None:
        if query["after"] not in ids:
            raise invalid(f"Invalid 'after': no {noun} found with id '{query['after']}'.", "after", "invalid_value")
        ordered = ordered[ids.index(query["after"]) + 1:]
    if query["before"] is not None and query["before"] in ids:
        ordered = ordered[: max(0, ids.index(query["before"]))]
    page = ordered[: query["limit"]]
    return JSON({"object": "list", "data": page, "first_id": page[0]["id"] if page else None, "last_id": page[-1]["id"] if page else None, "has_more": len(ordered) > len(page)})


async def input_items(request: Request) -> JSON:
    response = fetch_response(request)
    state = sim(request).store.get("response_state", state_id(response["id"])) or {"input": []}
    include = include_of(request)
    return list_page(request, [present(item, include) for item in state["input"]])


routes = [
    Route("/responses", create_response, methods=["POST"]),
    Route("/responses/{response_id}", get_response, methods=["GET"]),
    Route("/responses/{response_id}", delete_response, methods=["DELETE"]),
    Route("/responses/{response_id}/cancel", cancel_response, methods=["POST"]),
    Route("/responses/{response_id}/input_items", input_items, methods=["GET"]),
]
