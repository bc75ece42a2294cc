"""/v1/chat/completions: create (JSON or a stream of chunks), and the stored completions: list, retrieve, update, delete, messages."""

from __future__ import annotations

from starlette.requests import Request
from starlette.responses import StreamingResponse
from starlette.routing import Route

from simulator.errors import APIError
from simulator.http import chat as bodies
from simulator.http.requests import JSON, caller, list_params
from simulator.http.validation import parse_json
from simulator.services import chat as service
from simulator.wire import dumps


async def create_completion(request: Request):
    body = bodies.check_create(parse_json(await request.body()))
    made = bodies.chat_request(body)
    stored = {"store": body.get("store") is True, "metadata": body.get("metadata") or {}, "messages": body["messages"]}
    if not body.get("stream"):
        return JSON(await service.create(caller(request), made, **stored))
    queue, task = service.start_stream(caller(request), made, **stored)
    first = await queue.get()  # before the headers go: a completion that fails at once is the API's error status
    if isinstance(first, APIError):
        raise first

    async def events():
        pending = [first]
        try:
            while True:
                out = []
                for item in pending:
                    if item is service.END:
                        yield b"".join(out) + b"data: [DONE]\n\n"
                        return
                    out.append(f"data: {dumps(item.body() if isinstance(item, APIError) else item)}\n\n".encode())
                    if isinstance(item, APIError):  # a stream that fails midway ends with its error, no [DONE]
                        yield b"".join(out)
                        return
                yield b"".join(out)
                pending = [await queue.get()]
                while not queue.empty():  # what the engine made meanwhile, in one write
                    pending.append(queue.get_nowait())
        finally:  # a client that hangs up stops its completion
            task.cancel()

    return StreamingResponse(events(), media_type="text/event-stream", headers={"cache-control": "no-cache"})


def metadata_filter(request: Request) -> dict[str, str]:
    """metadata[key]=value query parameters, as the SDK sends the list's `metadata` filter."""
    return {key[len("metadata["):-1]: value for key, value in request.query_params.multi_items() if key.startswith("metadata[") and key.endswith("]")}


async def list_completions(request: Request) -> JSON:
    query = list_params(request, default_order="asc", before=False)
    return JSON(service.list_completions(caller(request), query, model=request.query_params.get("model") or None, metadata=metadata_filter(request)))


async def get_completion(request: Request) -> JSON:
    return JSON(service.get(caller(request), request.path_params["completion_id"]))


async def update_completion(request: Request) -> JSON:
    metadata = bodies.check_update(parse_json(await request.body()))
    return JSON(service.update(caller(request), request.path_params["completion_id"], metadata))


async def delete_completion(request: Request) -> JSON:
    return JSON(service.delete(caller(request), request.path_params["completion_id"]))


async def completion_messages(request: Request) -> JSON:
    query = list_params(request, default_order="asc", before=False)
    return JSON(service.messages(caller(request), request.path_params["completion_id"], query))


routes = [
    Route("/chat/completions", create_completion, methods=["POST"]),
    Route("/chat/completions", list_completions, methods=["GET"]),
    Route("/chat/completions/{completion_id}", get_completion, methods=["GET"]),
    Route("/chat/completions/{completion_id}", update_completion, methods=["POST"]),
    Route("/chat/completions/{completion_id}", delete_completion, methods=["DELETE"]),
    Route("/chat/completions/{completion_id}/messages", completion_messages, methods=["GET"]),
]
