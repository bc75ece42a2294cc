"""/v1/threads/{thread_id}/runs, /v1/threads/runs and run steps: polled JSON or, with stream=true, SSE."""

from __future__ import annotations

from starlette.requests import Request
from starlette.responses import Response, StreamingResponse
from starlette.routing import Route

from simulator.engine.file_search import INCLUDE_CONTENT
from simulator.errors import invalid
from simulator.http import schema
from simulator.http.bodies import check_file_ids, read_message, read_thread
from simulator.http.requests import JSON, EncodedJSON, body_of, caller, list_params, sim
from simulator.http.validation import Body, bad_value, stored_response_format, stored_tool_resources, stored_tools
from simulator.services import runs, threads
from simulator.wire import dumps, run_object

LONG_POLL_SECONDS = 0.5  # how long a poll from the SDK's poll helper may wait for its run to stop


def run_response(request: Request, run: dict, text: str | None = None) -> Response:
    """A run as JSON (`text`: already encoded), telling the SDK's pollers how soon to ask again (instead of their 1 s default)."""
    headers = {"openai-poll-after-ms": str(sim(request).settings.poll_after_ms)}
    return EncodedJSON(text, headers=headers) if text is not None else JSON(run, headers=headers)


def check_tool_choice(value, tools: list[dict]):
    """A tool_choice that names a tool must name one of the run's tools."""
    if value is None:
        return "auto"
    if isinstance(value, str):
        return value
    kind = value["type"]
    if kind == "function":
        name = (value.get("function") or {}).get("name")
        if name is None:  # the spec makes `function` optional; with type function it is not
            raise schema.missing("tool_choice.function.name")
        if not any(t["type"] == "function" and t["function"]["name"] == name for t in tools):
            raise invalid(f"Invalid 'tool_choice': function '{name}' is not among the run's tools.", "tool_choice", "invalid_value")
        return {"type": "function", "function": {"name": name}}
    if not any(t["type"] == kind for t in tools):
        raise invalid(f"Invalid 'tool_choice': the run has no {kind} tool.", "tool_choice", "invalid_value")
    return {"type": kind}


def stored_truncation(value) -> dict:
    """The truncation strategy, last_messages required when its type is last_messages."""
    if value is None:
        return {"type": "auto", "last_messages": None}
    last = value.get("last_messages")
    if value["type"] == "last_messages" and last is None:
        raise invalid("Invalid 'truncation_strategy': 'last_messages' is required when type is 'last_messages'.", "truncation_strategy.last_messages", "missing_required_parameter")
    return {"type": value["type"], "last_messages": last}


def read_run(request: Request, body: Body, thread_id: str, *, with_additional: bool) -> tuple[dict, list[dict], bool]:
    """A new run from a request body (already checked): the assistant's settings, then the per-run overrides."""
    assistant = runs.assistant_for(caller(request), body.raw("assistant_id"))
    run = run_object(thread_id, assistant, expires_in=sim(request).settings.run_expiry_seconds)
    run.update(
        model=body.raw("model") or assistant["model"],
        metadata=body.raw("metadata") or {},
        max_prompt_tokens=body.raw("max_prompt_tokens"),
        max_completion_tokens=body.raw("max_completion_tokens"),
        truncation_strategy=stored_truncation(body.raw("truncation_strategy")),
        parallel_tool_calls=body.raw("parallel_tool_calls", True),
    )
    for field in ("instructions", "temperature", "top_p"):
        if body.raw(field) is not None:
            run[field] = body.raw(field)
    if body.raw("tools") is not None:
        run["tools"] = stored_tools(body.raw("tools"))
    if body.raw("response_format") is not None:
        run["response_format"] = stored_response_format(body.raw("response_format"))
    run["tool_choice"] = check_tool_choice(body.raw("tool_choice"), run["tools"])
    additional: list[dict] = []
    if with_additional:
        extra = body.raw("additional_instructions")
        if extra:
            run["instructions"] = f"{run['instructions']}\n{extra}" if run["instructions"] else extra
        for i, item in enumerate(body.raw("additional_messages") or []):
            additional.append(read_message(request, item, thread_id, f"additional_messages[{i}]."))
    return run, additional, bool(body.raw("stream"))


def sse(event: str, payload: str) -> bytes:
    return f"event: {event}\ndata: {payload}\n\n".encode()


def stream_response(request: Request, run: dict, queue, prelude: list[tuple[str, str]] = ()) -> StreamingResponse:
    async def body():
        try:
            if prelude:
                yield b"".join(sse(event, payload) for event, payload in prelude)
            async for batch in runs.events(caller(request), queue):
                yield b"".join(sse(event, payload) for event, payload in batch)
        finally:  # a client that hangs up stops only its own stream; the run goes on
            runs.unsubscribe(caller(request), run, queue)

    return StreamingResponse(body(), media_type="text/event-stream", headers={"cache-control": "no-cache"})


def answer(request: Request, run: dict, queue, prelude: list[tuple[str, str]] = ()):
    """A started run, or its event stream (when `queue` carries it)."""
    return stream_response(request, run, queue, prelude) if queue is not None else run_response(request, run)


async def create_run(request: Request):
    thread = threads.get(caller(request), request.path_params["thread_id"])
    body = await body_of(request)
    schema.check("CreateRunRequest", body.data)
    run, additional, stream = read_run(request, body, thread["id"], with_additional=True)
    include = read_include(request)
    return answer(request, run, runs.create(caller(request), thread, run, additional, include, stream=stream))


async def create_thread_and_run(request: Request):
    body = await body_of(request)
    schema.check("CreateThreadAndRunRequest", body.data)
    thread, messages, plan = read_thread(request, body.raw("thread") or {}, "thread.")
    run, _, stream = read_run(request, body, thread["id"], with_additional=False)
    plans = [plan]
    if body.raw("tool_resources") is not None:
        resources = stored_tool_resources(body.raw("tool_resources"))
        plans.append(check_file_ids(request, resources))
        thread["tool_resources"] = {**thread["tool_resources"], **resources}
    queue = runs.create_with_thread(caller(request), thread, messages, plans, run, stream=stream)
    return answer(request, run, queue, [("thread.created", dumps(thread))])


def fetch_run(request: Request) -> dict:
    return runs.get(caller(request), request.path_params["thread_id"], request.path_params["run_id"])


async def list_runs(request: Request) -> JSON:
    thread = threads.get(caller(request), request.path_params["thread_id"])
    return JSON(runs.listing(caller(request), thread, list_params(request)))


async def retrieve_run(request: Request) -> Response:
    run = fetch_run(request)
    if request.headers.get("x-stainless-poll-helper") == "true":  # the SDK's own poller: a long poll
        run, text = await runs.wait_for_stop(caller(request), run, timeout=LONG_POLL_SECONDS)
        return run_response(request, run, text)
    runs.seen(caller(request), run)  # a poller has now seen its phase; see Runs.hold
    return run_response(request, run)


async def update_run(request: Request) -> JSON:
    body = await body_of(request)  # before the fetch: a run that ends meanwhile must not be saved back as active
    run = fetch_run(request)
    schema.check("ModifyRunRequest", body.data)
    if body.has("metadata"):
        run["metadata"] = body.raw("metadata") or {}
    return run_response(request, runs.save(caller(request), run))


async def cancel_run(request: Request) -> JSON:
    return run_response(request, runs.cancel(caller(request), fetch_run(request)))


async def submit_tool_outputs(request: Request):
    body = await body_of(request)
    run = fetch_run(request)  # after the await: two submits at once must not both see requires_action
    schema.check("SubmitToolOutputsRunRequest", body.data)
    items, stream = body.raw("tool_outputs"), bool(body.raw("stream"))
    if run["status"] != "requires_action":
        raise invalid(f'Runs in status "{run["status"]}" do not accept tool outputs.')
    expected = [call["id"] for call in run["required_action"]["submit_tool_outputs"]["tool_calls"]]
    outputs: dict[str, str] = {}
    for i, item in enumerate(items):
        call_id = item.get("tool_call_id")
        if call_id is None:  # the spec leaves it optional; an output for no call is none the run can take
            raise schema.missing(f"tool_outputs[{i}].tool_call_id")
        output = item.get("output")
        if call_id not in expected:
            raise invalid(f"Invalid 'tool_outputs[{i}].tool_call_id': no tool call found with id '{call_id}' in this run's required action.", f"tool_outputs[{i}].tool_call_id", "invalid_value")
        if call_id in outputs:
            raise invalid(f"Invalid 'tool_outputs[{i}].tool_call_id': tool call '{call_id}' was already given an output.", f"tool_outputs[{i}].tool_call_id", "invalid_value")
        outputs[call_id] = output or ""
    missing = [call_id for call_id in expected if call_id not in outputs]
    if missing:
        raise invalid(f"Expected tool outputs for call_ids {expected}, got {list(outputs)}.", "tool_outputs")
    run, queue = runs.submit_tool_outputs(caller(request), run, outputs, stream=stream)
    return stream_response(request, run, queue) if stream else run_response(request, run)


def read_include(request: Request) -> list[str]:
    """include[]: only the file_search results' content can be asked for."""
    include = request.query_params.getlist("include[]") + request.query_params.getlist("include")
    for value in include:
        if value != INCLUDE_CONTENT:
            raise bad_value("include", value, (INCLUDE_CONTENT,))
    return include


async def list_steps(request: Request) -> JSON:
    run = fetch_run(request)
    include = read_include(request)
    return JSON(runs.steps(caller(request), run, list_params(request), with_results=bool(include)))


async def retrieve_step(request: Request) -> JSON:
    run = fetch_run(request)
    return JSON(runs.step(caller(request), run, request.path_params["step_id"], with_results=bool(read_include(request))))


routes = [
    Route("/threads/runs", create_thread_and_run, methods=["POST"]),
    Route("/threads/{thread_id}/runs", create_run, methods=["POST"]),
    Route("/threads/{thread_id}/runs", list_runs, methods=["GET"]),
    Route("/threads/{thread_id}/runs/{run_id}", retrieve_run, methods=["GET"]),
    Route("/threads/{thread_id}/runs/{run_id}", update_run, methods=["POST"]),
    Route("/threads/{thread_id}/runs/{run_id}/cancel", cancel_run, methods=["POST"]),
    Route("/threads/{thread_id}/runs/{run_id}/submit_tool_outputs", submit_tool_outputs, methods=["POST"]),
    Route("/threads/{thread_id}/runs/{run_id}/steps", list_steps, methods=["GET"]),
    Route("/threads/{thread_id}/runs/{run_id}/steps/{step_id}", retrieve_step, methods=["GET"]),
]
