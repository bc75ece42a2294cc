"""Responses over a WebSocket (ws://…/v1/responses), as the SDKs speak it: `response.create` in, stream events out.

What openai-python's `client.responses.connect()` and openai-node's `ResponsesWS` do: open a WebSocket on the
Responses URL (ws for http, wss for https) with the usual `Authorization: Bearer` header (the edge, app.Gate, checks
it as for HTTP), send JSON text frames `{"type": "response.create", ...}` carrying the fields of POST /v1/responses
(`stream` is implied and dropped, `background` is refused, `stream_id` is echoed on what comes back), and read one JSON
text frame per event: the same events, with the same payloads, that POST /v1/responses streams as SSE, from the same
adapter. A request that fails gets `{"type": "error", "status": 400, "error": {...}}` (the SDKs' ResponseWsError)
and the connection stays open for the next. Responses are made one after another, in the order they were asked for.
"""

from __future__ import annotations

import json

from starlette.routing import WebSocketRoute
from starlette.websockets import WebSocket, WebSocketDisconnect

from simulator.engine.responses import END_OF_STREAM, ENDS
from simulator.errors import APIError, invalid
from simulator.http.requests import caller
from simulator.http.validation import parse_json
from simulator.routes.responses import prepare_response
from simulator.services import responses as service


def error_event(error: APIError, stream_id: str | None = None) -> dict:
    event = {"type": "error", "status": error.status, **error.body()}
    if stream_id is not None:
        event["stream_id"] = stream_id
    return event


def read_create(text: str) -> tuple[dict, str | None]:
    """A client event as the body of a response to create, and its stream_id (if it named one)."""
    event = parse_json(text.encode("utf-8"))
    kind = event.get("type")
    if kind != "response.create":
        raise invalid(f"Invalid value: '{kind}'. The offline simulator takes only 'response.create' events on this socket.", "type", "invalid_value")
    body = {k: v for k, v in event.items() if k not in ("type", "stream_id", "stream")}
    stream_id = event.get("stream_id")
    if body.get("background"):
        raise invalid("Background mode is not supported over WebSocket: create the response over HTTP with background=true.", "background", "unsupported_parameter")
    return body, stream_id if isinstance(stream_id, str) else None


async def responses_socket(websocket: WebSocket) -> None:
    await websocket.accept()
    try:
        while True:
            message = await websocket.receive()
            if message["type"] == "websocket.disconnect":
                return
            text = message.get("text")
            if text is None:
                text = (message.get("bytes") or b"").decode("utf-8", errors="replace")
            stream_id = None
            try:
                body, stream_id = read_create(text)
                response, _ = prepare_response(websocket, body)
            except APIError as error:
                await websocket.send_text(json.dumps(error_event(error, stream_id), ensure_ascii=False))
                continue
            await relay(websocket, response, stream_id)
    except WebSocketDisconnect:
        return


async def relay(websocket: WebSocket, response: dict, stream_id: str | None) -> None:
    """The response's events, each as one text frame, until it ends (the response goes on if the client leaves)."""
    asker = caller(websocket)
    queue = service.start_streamed(asker, response)
    try:
        while True:
            event, payload = await queue.get()
            if event == END_OF_STREAM:
                return
            if stream_id is not None:
                payload = json.dumps({**json.loads(payload), "stream_id": stream_id}, ensure_ascii=False, separators=(",", ":"))
            await websocket.send_text(payload)
            if event in ENDS:
                return
    finally:
        service.unsubscribe(asker, response["id"], queue)


routes = [WebSocketRoute("/responses", responses_socket)]
