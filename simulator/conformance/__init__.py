"""Checks every response the simulator sends against the official OpenAPI spec, as it goes out.

An ASGI middleware, on only when SIMULATOR_CONFORMANCE_LOG names a file (the test suite sets it):
each request is matched to its operation in the spec, and its JSON body (or, for a stream, each
event's data) is validated with jsonschema-rs (fast to import and to run; the pure-Python jsonschema
takes seconds just to import, which every simulator started under the tests would pay). Every mismatch, and every 5xx, is appended to the log
as one JSON line; the responses themselves go out unchanged. The spec is OpenAPI 3.1 with some
3.0-style `nullable: true` left in, which `normalize` rewrites to 3.1's null type before use.
"""

from __future__ import annotations

import codecs
import json
import re
import threading
import time
from functools import cache
from pathlib import Path
from typing import Any

import jsonschema_rs
from starlette.types import ASGIApp, Message, Receive, Scope, Send

SPEC_DIR = Path(__file__).with_name("openapi")
# The API families the simulator serves, each a spec file cut by tools/vendor_spec.py. A family joins
# this list when its routes exist; the check and the fuzzer then hold the simulator to it.
SERVED_FAMILIES = ("assistants", "responses", "vector_stores", "embeddings", "chat", "models")
DEFAULT_SPEC = SPEC_DIR / "assistants.json"
STREAM_EVENT_SCHEMAS = ("ThreadStreamEvent", "RunStreamEvent", "RunStepStreamEvent", "MessageStreamEvent", "ErrorEvent")
# Streams whose events are named by their data's `type` (the whole data is the event's schema): the Responses API's.
TYPED_EVENT_SCHEMAS = ("ResponseStreamEvent",)
# Streams of data-only events (no `event:` line), by operation: each a chunk of this schema, an error envelope
# ({"error": {...}}, what the real API sent when a stream failed midway), or the closing [DONE].
UNNAMED_EVENT_SCHEMAS = {"createChatCompletion": "CreateChatCompletionStreamResponse"}
# Operations whose 200 is the file's raw bytes, whatever the spec's content type says.
RAW_BODIES = {"downloadFile", "RetrieveContainerFileContent"}
# Operations that answer with an event stream when the body says stream=true, or for getResponse the query:
# the spec declares only JSON for it, but its own `stream` and `starting_after` parameters stream a background
# response again, and the SDK's responses.retrieve(stream=True) returns Stream[ResponseStreamEvent].
STREAMING = {"createRun", "createThreadAndRun", "submitToolOuputsToRun", "createResponse", "getResponse", "createChatCompletion"}


def normalize(node: Any) -> Any:
    """OpenAPI 3.0's `nullable: true` as 3.1 says it: anyOf the schema and {"type": "null"}.

    `allOf: [{$ref: X}, {nullable: true}]`, the spec's way to make a referenced schema nullable,
    becomes anyOf X and null too.
    """
    if isinstance(node, list):
        return [normalize(item) for item in node]
    if not isinstance(node, dict):
        return node
    members = node.get("allOf")
    if isinstance(members, list):
        markers = [m for m in members if isinstance(m, dict) and m.get("nullable") is True and set(m) <= {"nullable", "description"}]
        if markers:
            node = {**node, "allOf": [m for m in members if m not in markers], "nullable": True}
    node = {key: normalize(value) for key, value in node.items()}
    if isinstance(node.get("discriminator"), dict) and "mapping" not in node["discriminator"]:
        # Without a mapping a discriminator's values are schema names; the spec's are the items' `type`s
        # ("message"), which tools that read discriminators (the fuzzer) would refuse. The oneOf still holds.
        del node["discriminator"]
    if isinstance(node.get("required"), list) and len(set(map(str, node["required"]))) != len(node["required"]):
        node["required"] = list(dict.fromkeys(node["required"]))  # ContainerResource lists its required fields twice
    if node.pop("nullable", None) is True:
        node = {"anyOf": [node, {"type": "null"}]}
    return node


# Where the spec is wrong about what the real API sent, and the simulator follows the real API:
# (schema, property, evidence). Each such property is taken as nullable.
ERRATA = (
    ("MessageObject", "status", "messages the caller writes came back with status null (the seed lesson's real output)"),
    ("OpenAIFile", "status_details", "the real API sent status_details null on every file it had processed"),
    ("OpenAIFile", "expires_at", "the real API sent expires_at null for files that never expire"),
) + tuple(
    (f"List{noun}Response", end, "an empty list has no first or last id: the real API sent null (the SDK types both Optional)")
    for noun in ("Assistants", "Messages", "Runs", "RunSteps", "Files", "VectorStores", "VectorStoreFiles")
    for end in ("first_id", "last_id")
) + tuple(
    (schema, end, "an empty list has no first or last id: the simulator sends null, as the Assistants lists did")
    for schema in ("ResponseItemList", "ConversationItemList", "ContainerListResource", "ContainerFileListResource", "ChatCompletionList", "ChatCompletionMessageList")
    for end in ("first_id", "last_id")
)

# Where the real API sent another type than the spec says: (schema, property, the type it also took, evidence).
TYPE_ERRATA = (
    ("Embedding", "embedding", {"type": "string", "contentEncoding": "base64"},
     "with encoding_format=base64 the API sent the vector as a base64 string of little-endian float32 (the SDKs decode it: "
     "openai-python's embeddings.create asks for base64 by default and turns the string back into floats with numpy or array)"),
)

# Where the real API's shape differs from the spec's schema in more than a null: (schema, path inside it, the schema
# put there, evidence). The spec types a stored chat completion's messages as assistant replies (role "assistant",
# `refusal` required), but the list holds the messages the request sent, each with its own role.
SHAPE_ERRATA = (
    ("ChatCompletionMessageList", ("properties", "data", "items"), {
        "type": "object",
        "required": ["id", "role", "content"],
        "properties": {
            "id": {"type": "string"},
            "role": {"type": "string", "enum": ["developer", "system", "user", "assistant", "tool"]},
            "content": {"anyOf": [{"type": "string"}, {"type": "null"}]},
            "name": {"anyOf": [{"type": "string"}, {"type": "null"}]},
            "content_parts": {"anyOf": [{"type": "array"}, {"type": "null"}]},
            "refusal": {"anyOf": [{"type": "string"}, {"type": "null"}]},
            "tool_calls": {"anyOf": [{"type": "array"}, {"type": "null"}]},
            "tool_call_id": {"type": "string"},
        },
    }, "the spec's own example for getChatCompletionMessages: {id: 'chatcmpl-…-0', role: 'user', content, name: null, content_parts: null}, no refusal"),
)

# Values the spec accepts in a request but leaves out of the object that comes back.
ENUM_ERRATA = (("OpenAIFile", "purpose", "evals", "CreateFileRequest accepts purpose 'evals', and a file keeps the purpose it was uploaded with"),)

# Bounds the real API held request bodies to that the spec's schemas leave out (most of them only in its prose):
# (schema, path inside it, keywords added there, evidence). They hold for what comes back too, so they go into the
# one spec both the request check (simulator.http.schema) and the response check read.
_NAME_RULE = {"pattern": "^[a-zA-Z0-9_-]+$", "maxLength": 64}
REQUEST_ERRATA = (
    ("Metadata", ("anyOf", 0), {"maxProperties": 16, "propertyNames": {"maxLength": 64}, "additionalProperties": {"type": "string", "maxLength": 512}},
     "the spec's own description ('Set of 16 key-value pairs ... Keys ... maximum length of 64 ... Values ... 512'); the API refused more with a 400 naming 'metadata'"),
    ("FunctionObject", ("properties", "name"), _NAME_RULE, "the spec's description of the name: 'a-z, A-Z, 0-9, or ... underscores and dashes, with a maximum length of 64'"),
    ("FunctionObject", ("properties", "description"), {"maxLength": 1024},
     "\"Invalid 'tools[1].function.description': string too long. Expected a string with maximum length 1024, ...\" (langchain-ai/open_deep_research#80, getsentry/sentry-mcp#106)"),
    ("ResponseFormatJsonSchema", ("properties", "json_schema", "properties", "name"), _NAME_RULE, "the spec's description of the name, as for FunctionObject"),
    ("CreateMessageRequest", ("properties", "content", "oneOf", 0), {"minLength": 1},
     "a message of no text: the simulator has refused it since its first version ('empty_string', as the API words a minLength 1), no record of the API taking one"),
    ("MessageRequestContentTextObject", ("properties", "text"), {"minLength": 1}, "a text part of no text, as for the message's content string"),
    # The spec puts `required: [file_id, tools]` on the attachments array, where it means nothing; an attachment is a
    # file, so file_id is what its items need (tools may be left out: the SDK's Attachment types both as optional).
    ("CreateMessageRequest", ("properties", "attachments", "anyOf", 0, "items"), {"required": ["file_id"]}, "the SDK's Attachment param (file_id, tools both NotRequired) and the spec's misplaced required list"),
)


def merged_families(families: tuple[str, ...] = SERVED_FAMILIES) -> dict:
    """One spec made of the served families' files: their paths, and the union of their components."""
    merged: dict = {}
    for family in families:
        part = json.loads((SPEC_DIR / f"{family}.json").read_text(encoding="utf-8"))
        if not merged:
            merged = {**part, "paths": dict(part["paths"]), "components": {k: dict(v) for k, v in part["components"].items()}}
            continue
        merged["paths"].update(part["paths"])
        for section, entries in part["components"].items():
            merged["components"].setdefault(section, {}).update(entries)
    return merged


def load_spec(path: str | Path | None = None) -> dict:
    """The spec (JSON, or YAML such as the full openapi.yaml; by default the served families), normalized, with ERRATA applied."""
    if path is None:
        spec = merged_families()
    else:
        text = Path(path).read_text(encoding="utf-8")
        if str(path).endswith((".yaml", ".yml")):
            import yaml

            spec = yaml.safe_load(text)
        else:
            spec = json.loads(text)
    spec = normalize(spec)
    schemas = spec["components"]["schemas"]
    for schema, prop, _evidence in ERRATA:
        if schema not in schemas:  # a family this spec file does not have
            continue
        properties = schemas[schema]["properties"]
        properties[prop] = {"anyOf": [properties[prop], {"type": "null"}]}
    for schema, prop, other, _evidence in TYPE_ERRATA:
        if schema in schemas:
            properties = schemas[schema]["properties"]
            properties[prop] = {"anyOf": [properties[prop], other]}
    # A refusal is the error envelope, whatever an operation's 4xx says (DELETE and cancel of /responses list a bare Error).
    for item in spec["paths"].values():
        for operation in item.values():
            for status, response in (operation.get("responses") or {}).items() if isinstance(operation, dict) else ():
                content = (response.get("content") or {}).get("application/json") if status.startswith("4") else None
                if content and content.get("schema", {}).get("$ref") in ("#/components/schemas/Error", "#/components/schemas/BetaError"):
                    content["schema"] = {"$ref": "#/components/schemas/ErrorResponse"}
    for schema, prop, value, _evidence in ENUM_ERRATA:
        schemas[schema]["properties"][prop]["enum"].append(value)
    for schema, path, replacement, _evidence in SHAPE_ERRATA:
        if schema in schemas:
            node = schemas[schema]
            for step in path[:-1]:
                node = node[step]
            node[path[-1]] = replacement
    for schema, path, keywords, _evidence in REQUEST_ERRATA:
        if schema in schemas:
            node = schemas[schema]
            for step in path:  # a spec refresh that moves one of these fails here, loudly
                node = node[step]
            node.update(keywords)
    return spec


class Spec:
    """The operations and schemas of a spec, with a compiled validator per schema, made once."""

    def __init__(self, spec: dict) -> None:
        self.spec = spec
        self.operations: list[tuple[str, re.Pattern, dict]] = []
        for path, item in spec["paths"].items():
            pattern = re.compile("^" + re.sub(r"\\\{[^}]+\\\}", "[^/]+", re.escape(path)) + "$")
            for method, operation in item.items():
                if method in ("get", "post", "delete", "put", "patch"):
                    self.operations.append((method, pattern, operation))
        # Literal paths first: POST /threads/runs is not an update of a thread called "runs".
        self.operations.sort(key=lambda entry: entry[1].pattern.count("[^/]+"))
        self.event_schemas: dict[str, dict] = {"done": {"type": "string", "const": "[DONE]"}}
        schemas = spec["components"]["schemas"]
        for name in STREAM_EVENT_SCHEMAS:
            for branch in schemas[name].get("oneOf", [schemas[name]]):
                for event in branch["properties"]["event"]["enum"]:
                    self.event_schemas[event] = branch["properties"]["data"]
        for name in TYPED_EVENT_SCHEMAS:
            for branch in schemas.get(name, {}).get("anyOf", []):
                target = schemas[branch["$ref"].rsplit("/", 1)[1]]
                for event in target["properties"]["type"].get("enum", []):
                    self.event_schemas.setdefault(event, {"$ref": branch["$ref"]})  # "error" stays the Assistants one
        self._validators: dict[str, jsonschema_rs.Draft202012Validator] = {}
        self._lock = threading.Lock()

    def operation(self, method: str, path: str) -> dict | None:
        for op_method, pattern, operation in self.operations:
            if op_method == method and pattern.match(path):
                return operation
        return None

    def validator(self, schema: dict) -> jsonschema_rs.Draft202012Validator:
        """Compiled once per schema; its #/components/... refs resolve against the spec's components."""
        key = json.dumps(schema, sort_keys=True)
        with self._lock:
            found = self._validators.get(key)
            if found is None:
                found = self._validators[key] = jsonschema_rs.Draft202012Validator({**schema, "components": self.spec["components"]})
        return found

    def response_schema(self, operation: dict, status: int) -> dict | None:
        response = operation.get("responses", {}).get(str(status))
        if not response:
            return None
        return response.get("content", {}).get("application/json", {}).get("schema")

    def error_schema(self) -> dict:
        return {"$ref": "#/components/schemas/ErrorResponse"}

    def problems(self, schema: dict, instance: Any) -> str | None:
        """None if `instance` fits `schema` and has no field the spec lacks; else the most telling error, briefly."""
        errors = list(self.validator(schema).iter_errors(instance))
        if not errors:
            return self.unknown_fields(schema, instance)
        error = max(errors, key=lambda e: len(e.instance_path))  # the deepest is the most telling
        where = "/".join(str(p) for p in error.instance_path) or "(root)"
        message = error.message if len(error.message) < 400 else error.message[:400] + "…"
        return f"at {where}: {message}"


    def unknown_fields(self, schema: dict, instance: Any) -> str | None:
        """Fields the schema (or, for a list, its items' schema) does not have.

        The spec's schemas allow extra properties, so validation alone would let a made-up field through.
        """
        target = self.named(schema)
        if target is None or not isinstance(instance, dict):
            return None
        properties = target.get("properties", {})
        items = properties.get("data", {}).get("items") if isinstance(instance.get("data"), list) else None
        if items is not None:
            for item in instance["data"]:
                problem = self.unknown_fields(items, item)
                if problem:
                    return problem
            return None
        extra = sorted(set(instance) - set(properties))
        return f"{instance.get('object', 'the object')} has fields the spec does not: {', '.join(extra)}" if properties and extra else None

    def named(self, schema: dict) -> dict | None:
        """The component a schema refers to (#/components/schemas/Name), if it is a plain reference."""
        ref = schema.get("$ref", "") if isinstance(schema, dict) else ""
        prefix = "#/components/schemas/"
        return self.spec["components"]["schemas"].get(ref[len(prefix):]) if ref.startswith(prefix) else None


@cache
def spec_at(path: str | None = None) -> Spec:
    return Spec(load_spec(path))


class ViolationLog:
    def __init__(self, path: str | Path) -> None:
        self.path = Path(path)
        self._lock = threading.Lock()

    def add(self, **record: Any) -> None:
        line = json.dumps({"time": round(time.time(), 3), **record}, ensure_ascii=False)
        with self._lock, open(self.path, "a", encoding="utf-8") as f:
            f.write(line + "\n")


def read_violations(path: str | Path) -> list[dict]:
    path = Path(path)
    if not path.exists():
        return []
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


class ConformanceCheck:
    """The middleware: passes everything through, and logs what the spec would not accept."""

    def __init__(self, app: ASGIApp, log_path: str | Path, spec_path: str | Path | None = None) -> None:
        self.app = app
        self.log = ViolationLog(log_path)
        self.spec = spec_at(None if spec_path is None else str(spec_path))

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or not scope["path"].startswith("/v1/"):
            await self.app(scope, receive, send)
            return
        method, path = scope["method"].lower(), scope["path"][len("/v1"):]
        operation = self.spec.operation(method, path)
        response = _Response(self, method.upper(), scope["path"], operation)

        async def checked_send(message: Message) -> None:
            response.see(message)
            await send(message)

        try:
            await self.app(scope, receive, checked_send)
        except Exception as error:
            self.log.add(method=method.upper(), path=scope["path"], status=500, operation=_name(operation), where="server", problem=f"unhandled {type(error).__name__}: {error}")
            raise


def _name(operation: dict | None) -> str | None:
    return operation.get("operationId") if operation else None


class _Response:
    """One response as it streams out: its status, content type, and body or events so far."""

    def __init__(self, check: ConformanceCheck, method: str, path: str, operation: dict | None) -> None:
        self.check, self.method, self.path, self.operation = check, method, path, operation
        self.status = 0
        self.content_type = ""
        self.body = bytearray()
        self.pending = ""
        self.decoder = codecs.getincrementaldecoder("utf-8")()  # a chunk may end inside a character

    def violation(self, where: str, problem: str, sample: Any = None) -> None:
        record: dict = {"method": self.method, "path": self.path, "status": self.status, "operation": _name(self.operation), "where": where, "problem": problem}
        if sample is not None:
            record["sample"] = sample if len(sample) < 2000 else sample[:2000] + "…"
        self.check.log.add(**record)

    def see(self, message: Message) -> None:
        if message["type"] == "http.response.start":
            self.status = message["status"]
            headers = {k.decode("latin-1").lower(): v.decode("latin-1") for k, v in message.get("headers", [])}
            self.content_type = headers.get("content-type", "")
            if self.status >= 500:
                self.violation("status", f"server error {self.status}")
            return
        if message["type"] != "http.response.body":
            return
        chunk = message.get("body", b"")
        if self.content_type.startswith("text/event-stream"):
            self.pending += self.decoder.decode(chunk)
            *events, self.pending = self.pending.split("\n\n")
            for event in events:
                self.see_event(event)
            return
        self.body += chunk
        if not message.get("more_body", False):
            self.see_body(bytes(self.body))

    def see_body(self, raw: bytes) -> None:
        spec = self.check.spec
        if self.status >= 400:
            schema = spec.error_schema()
        elif self.operation is None or _name(self.operation) in RAW_BODIES:
            return
        else:
            schema = spec.response_schema(self.operation, self.status)
            if schema is None and str(self.status) in self.operation.get("responses", {}):
                return  # the spec lists this status with no body schema (e.g. DELETE /responses/{id}): nothing to hold it to
            if schema is None:
                self.violation("status", f"the spec lists no {self.status} response for this operation")
                return
        if not self.content_type.startswith("application/json"):
            self.violation("content-type", f"expected application/json, got {self.content_type!r}")
            return
        try:
            body = json.loads(raw)
        except ValueError as error:
            self.violation("body", f"not JSON: {error}", raw.decode("utf-8", "replace"))
            return
        problem = spec.problems(schema, body)
        if problem:
            self.violation("body", problem, raw.decode("utf-8", "replace"))

    def see_event(self, text: str) -> None:
        if self.status >= 400 or _name(self.operation) not in STREAMING:
            self.violation("stream", "an event stream from an operation that does not stream")
            return
        name, data = None, []
        for line in text.split("\n"):
            field, _, value = line.partition(":")
            value = value[1:] if value.startswith(" ") else value
            if field == "event":
                name = value
            elif field == "data":
                data.append(value)
        payload = "\n".join(data)
        unnamed = UNNAMED_EVENT_SCHEMAS.get(_name(self.operation) or "")
        if name is None and unnamed is not None:
            name = "done" if payload == "[DONE]" else "error" if payload.startswith('{"error"') else "chunk"
            schema = self.check.spec.event_schemas["done"] if name == "done" else {"$ref": f"#/components/schemas/{'ErrorResponse' if name == 'error' else unnamed}"}
        else:
            schema = self.check.spec.event_schemas.get(name or "")
        if schema is None:
            self.violation("stream", f"unknown event {name!r}", payload)
            return
        if name == "done":
            instance: Any = payload
        else:
            try:
                instance = json.loads(payload)
            except ValueError as error:
                self.violation(f"event {name}", f"data is not JSON: {error}", payload)
                return
        problem = self.check.spec.problems(schema, instance)
        if problem:
            self.violation(f"event {name}", problem, payload)
