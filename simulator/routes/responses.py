"""/v1/responses: create (JSON, SSE, or background), retrieve, delete, cancel, input_items.

Request bodies are checked against the spec's own request schemas (CreateResponse and the others) by
simulator.http.schema, which tells each failure in the real API's words. What a schema cannot say (ids
that must exist, parameters that exclude each other, call ids that must match) is checked by hand after it.
"""

from __future__ import annotations

import asyncio
import json
from typing import Any

from starlette.requests import HTTPConnection, Request
from starlette.responses import StreamingResponse
from starlette.routing import Route

from simulator.engine import compaction
from simulator.engine.responses import END_OF_STREAM, ENDS, present_response
from simulator.errors import invalid
from simulator.http import schema
from simulator.http.requests import JSON, caller, list_params
from simulator.http.schema import missing
from simulator.http.validation import parse_json
from simulator.services import responses as service
from simulator.wire.responses import function_call_output, input_message, response_object

SUPPORTED_TOOLS = ("function", "code_interpreter", "file_search")
INCLUDABLE = ("code_interpreter_call.outputs", "file_search_call.results", "message.output_text.logprobs", "message.input_image.image_url", "reasoning.encrypted_content",
              "web_search_call.action.sources", "computer_call_output.output.image_url", "web_search_call.results")


# -- request bodies: the spec's schemas (simulator.http.schema), and the real API's leniency ----------------


def _lenient(body: dict) -> dict:
    """The body as the schema is asked about it: an assistant message given back as input with output_text
    parts (and no id or status) is taken, as the real API took it, though the spec's OutputMessage wants both."""
    out = dict(body)
    for key in ("input", "items"):
        if isinstance(body.get(key), list):
            out[key] = [_lenient_item(item) for item in body[key]]
    return out


def _lenient_item(item: Any) -> Any:
    if isinstance(item, dict) and item.get("role") in ("user", "system", "developer") and "id" in item and item.get("type", "message") == "message":
        # A user message given back with its id, as /v1/responses/compact returns them: the API's compact docs say to
        # pass that output as the next input (its example's user message has "id": "msg_000"), though InputMessage has no id.
        return {k: v for k, v in item.items() if k != "id"}
    if not (isinstance(item, dict) and item.get("role") == "assistant" and isinstance(item.get("content"), list)):
        return item
    parts = item["content"]
    if all(isinstance(p, dict) and p.get("type") in ("output_text", "input_text") and isinstance(p.get("text"), str) for p in parts):
        return {**{k: v for k, v in item.items() if k not in ("id", "status")}, "content": "".join(p["text"] for p in parts)}
    return item


def check_against(name: str, body: dict) -> None:
    """Refuse a body the spec's schema `name` does not accept, naming the parameter as the API did."""
    schema.check(name, _lenient(body))


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
        elif kind == "compaction":  # from /v1/responses/compact: only the simulator's own can be read
            if compaction.summary_of(item["encrypted_content"]) is None:
                raise invalid("The encrypted content of this compaction item could not be read: the offline simulator reads only compaction items it made (POST /v1/responses/compact).", f"{where}.encrypted_content", "invalid_encrypted_content")
            items.append({"id": item.get("id") or _new("compaction"), "type": "compaction", "encrypted_content": item["encrypted_content"]})
        else:
            raise invalid(f"Invalid value: '{kind}'. The offline simulator does not support input items of type '{kind}'.", f"{where}.type", "invalid_value")
    return items


def _content_part(part: dict) -> dict:
    if part.get("type") == "output_text":
        return {"type": "output_text", "annotations": part.get("annotations") or [], "logprobs": part.get("logprobs") or [], "text": part.get("text", "")}
    if part.get("type") == "input_text":
        return {"type": "input_text", "text": part.get("text", "")}
    if part.get("type") == "input_image":  # the request may leave detail out; the API took it as auto
        return {**part, "detail": part.get("detail") or "auto"}
    return {k: v for k, v in part.items()}


def _new(kind: str) -> str:
    from simulator.ids import new_id

    return new_id(kind)


# -- create ------------------------------------------------------------------------------------------


def check_tools(request: Request, tools: list[dict]) -> list[dict]:
    """Tools the simulator can run, echoed as the response shows them; others are refused."""
    asker = caller(request)
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
                service.tool_container(asker, container, f"{where}.container")
                out.append({"type": "code_interpreter", "container": container})
            else:
                file_ids = container.get("file_ids") or []
                service.check_tool_files(asker, file_ids, f"{where}.container.file_ids")
                out.append({"type": "code_interpreter", "container": {"type": "auto", "file_ids": file_ids, "memory_limit": container.get("memory_limit")}})
        else:
            service.check_tool_stores(asker, tool["vector_store_ids"], f"{where}.vector_store_ids")
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


EXCLUSIVE = "Mutually exclusive parameters: Ensure you are only providing one of: 'previous_response_id' or 'conversation'."


def read_context(asker, body: dict) -> tuple[list[dict], list[dict], str | None]:
    """What a response body continues (the previous response's items, or the conversation's), its input items with
    references resolved and ids checked, and the conversation's id."""
    previous_id, conversation = body.get("previous_response_id"), body.get("conversation")
    if previous_id is not None and conversation is not None:
        raise invalid(EXCLUSIVE, None, "mutually_exclusive_parameters")
    context: list[dict] = []
    conversation_id = None
    if previous_id is not None:
        context = service.context_after(asker, previous_id)
    if conversation is not None:
        conversation_id = conversation if isinstance(conversation, str) else conversation["id"]
        context = service.conversation_context(asker, conversation_id)
    items = service.resolve_references(asker, normalize_items(body.get("input") or []), context)
    service.check_input(asker, items, conversation_id=conversation_id)
    return context, items, conversation_id


async def create_response(request: Request) -> Any:
    body = parse_json(await request.body())
    response, include = prepare_response(request, body)
    asker = caller(request)
    if body.get("stream"):
        return event_stream(request, response["id"], service.start_streamed(asker, response))
    if response["background"]:
        service.start(asker, response)
        return JSON(present_response(response, include))
    await service.start(asker, response)  # in this request: a client that hangs up cancels it
    return JSON(present_response(service.latest(asker, response["id"]), include))


def prepare_response(request: HTTPConnection, body: dict) -> tuple[dict, list[str]]:
    """A CreateResponse body checked and its response stored, not yet started: with its `include`.
    `request` is the HTTP request, or the WebSocket a response.create came over (simulator.routes.responses_ws)."""
    check_against("CreateResponse", body)
    if body.get("model") is None:
        raise missing("model")
    if body.get("prompt") is not None:
        raise invalid("Prompt objects (v1/prompts) are not kept by the offline simulator: they shut down on 2026-11-30. Send 'instructions' and 'input' instead.", "prompt", "unsupported_parameter")
    asker = caller(request)
    metadata = body.get("metadata") or {}
    previous_id, conversation = body.get("previous_response_id"), body.get("conversation")
    if previous_id is not None and conversation is not None:
        raise invalid(EXCLUSIVE, None, "mutually_exclusive_parameters")
    stored = body.get("store") is not False
    background = bool(body.get("background"))
    if background and not stored:
        raise invalid("Background mode requires store to be true: a background response must be stored to be retrieved.", "background", "invalid_value")
    include = list(body.get("include") or [])
    context, items, conversation_id = read_context(asker, body)
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
    service.create(asker, response, items, context, include, stored=stored)
    return response, include


def event_stream(request: Request, response_id: str, queue: asyncio.Queue | None, backlog: list[tuple[int, str, str]] = (), starting_after: int = -1) -> StreamingResponse:
    """A response's events as SSE: `backlog` first (a resumed stream), then what `queue` brings, until the response ends."""
    async def body():
        try:
            for _, event, payload in backlog:
                yield f"event: {event}\ndata: {payload}\n\n".encode()
                if event in ENDS:
                    return
            while queue is not None:
                event, payload = await queue.get()
                if event == END_OF_STREAM:
                    break
                if starting_after >= 0 and json.loads(payload)["sequence_number"] <= starting_after:
                    continue  # a resumed stream asked to start further along than the backlog went
                yield f"event: {event}\ndata: {payload}\n\n".encode()
                if event in ENDS:
                    break
        finally:  # a client that hangs up stops only its own stream; the response goes on
            if queue is not None:
                service.unsubscribe(caller(request), response_id, queue)

    return StreamingResponse(body(), media_type="text/event-stream", headers={"cache-control": "no-cache"})


# -- the rest ----------------------------------------------------------------------------------------


def include_of(request: Request) -> list[str]:
    return request.query_params.getlist("include") + request.query_params.getlist("include[]")


def fetch_response(request: Request) -> dict:
    return service.get(caller(request), request.path_params["response_id"])


async def get_response(request: Request):
    response = fetch_response(request)
    if request.query_params.get("stream", "false").lower() != "true":
        return JSON(present_response(response, include_of(request)))
    return resumed_stream(request, response)


def resumed_stream(request: Request, response: dict) -> StreamingResponse:
    """GET ?stream=true[&starting_after=n]: a background response's events after n (all of them without it),
    then the rest as they come, as the real API let a client pick a dropped stream up again."""
    if not response.get("background"):
        # The real API streamed only background responses again; this wording is the simulator's (none recorded).
        raise invalid("Only responses created with background=true can be streamed again.", "stream", "invalid_value")
    raw = request.query_params.get("starting_after")
    starting_after = -1
    if raw is not None:
        if not (raw.isascii() and raw.isdigit() and len(raw) <= 18):
            raise invalid(f"Invalid type for 'starting_after': expected an integer, but got '{raw}' instead.", "starting_after", "invalid_type")
        starting_after = int(raw)
    queue, backlog = service.resume(caller(request), response, starting_after)
    return event_stream(request, response["id"], queue, backlog, starting_after)


async def delete_response(request: Request) -> JSON:
    response = fetch_response(request)
    service.delete(caller(request), response)
    return JSON({"id": response["id"], "object": "response", "deleted": True})


async def cancel_response(request: Request) -> JSON:
    return JSON(service.cancel(caller(request), fetch_response(request)))


async def input_items(request: Request) -> JSON:
    response = fetch_response(request)
    return JSON(service.input_items(caller(request), response, list_params(request, before=False), include_of(request)))


routes = [
    Route("/responses", create_response, methods=["POST"]),
    Route("/responses/{response_id}", get_response, methods=["GET"]),
    Route("/responses/{response_id}", delete_response, methods=["DELETE"]),
    Route("/responses/{response_id}/cancel", cancel_response, methods=["POST"]),
    Route("/responses/{response_id}/input_items", input_items, methods=["GET"]),
]
