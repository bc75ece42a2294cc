"""/v1/threads/{thread_id}/runs, /v1/threads/runs and run steps: polled JSON or, with stream=true, SSE."""

from __future__ import annotations

from starlette.requests import Request
from starlette.responses import StreamingResponse
from starlette.routing import Route

from simulator.engine.file_search import INCLUDE_CONTENT, save_run_include, with_content
from simulator.engine.statuses import ACTIVE
from simulator.errors import invalid
from simulator.http import schema
from simulator.http.bodies import read_message, read_thread, store_message, store_thread
from simulator.http.requests import JSON, body_of, check_file_ids, fetch, owner_of, page, sim
from simulator.http.validation import Body, bad_value, stored_response_format, stored_tool_resources, stored_tools
from simulator.wire import dumps, run_object

LONG_POLL_SECONDS = 0.5  # how long a poll from the SDK's poll helper may wait for its run to stop


def run_response(request: Request, run: dict) -> JSON:
    """A run as JSON, telling the SDK's pollers how soon to ask again (instead of their 1 s default)."""
    return JSON(run, headers={"openai-poll-after-ms": str(sim(request).settings.poll_after_ms)})


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
    assistant = fetch(request, "assistant", body.raw("assistant_id"), param="assistant_id")
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
    engine = sim(request).engine

    async def body():
        try:
            if prelude:
                yield b"".join(sse(event, payload) for event, payload in prelude)
            async for batch in engine.events(queue):
                yield b"".join(sse(event, payload) for event, payload in batch)
        finally:  # a client that hangs up stops only its own stream; the run goes on
            engine.unsubscribe(run["id"], queue)

    return StreamingResponse(body(), media_type="text/event-stream", headers={"cache-control": "no-cache"})


def launch(request: Request, run: dict, stream: bool, prelude: list[tuple[str, str]] = ()):
    """Store a queued run and set its engine going; answer with the run, or with its event stream."""
    engine = sim(request).engine
    sim(request).store.insert("run", run, parent=run["thread_id"], owner=owner_of(request))
    queue = engine.subscribe(run["id"]) if stream else None
    engine.announce(run)
    engine.start(run)
    return stream_response(request, run, queue, prelude) if stream else run_response(request, run)


async def create_run(request: Request):
    thread = fetch(request, "thread", request.path_params["thread_id"])
    body = await body_of(request)
    schema.check("CreateRunRequest", body.data)
    run, additional, stream = read_run(request, body, thread["id"], with_additional=True)
    active = sim(request).engine.active_run(thread["id"])
    if active is not None and active["status"] in ACTIVE:
        raise invalid(f"Thread {thread['id']} already has an active run {active['id']}.")
    include = read_include(request)
    for message in additional:
        store_message(request, thread, message)
    save_run_include(sim(request).store, run["id"], include)
    return launch(request, run, stream)


async def create_thread_and_run(request: Request):
    body = await body_of(request)
    schema.check("CreateThreadAndRunRequest", body.data)
    thread, messages = read_thread(request, body.raw("thread") or {}, "thread.")
    run, _, stream = read_run(request, body, thread["id"], with_additional=False)
    if body.raw("tool_resources") is not None:
        resources = stored_tool_resources(body.raw("tool_resources"))
        check_file_ids(request, resources)
        thread["tool_resources"] = {**thread["tool_resources"], **resources}
    store_thread(request, thread, messages)
    return launch(request, run, stream, [("thread.created", dumps(thread))])


def fetch_run(request: Request) -> dict:
    thread = fetch(request, "thread", request.path_params["thread_id"])
    run = fetch(request, "run", request.path_params["run_id"], parent=thread["id"])
    return sim(request).engine.settle(run)


async def list_runs(request: Request) -> JSON:
    thread = fetch(request, "thread", request.path_params["thread_id"])
    engine = sim(request).engine
    for run in sim(request).store.all("run", parent=thread["id"]):
        engine.seen(engine.settle(run))
    return page(request, "run", parent=thread["id"])


async def retrieve_run(request: Request) -> JSON:
    run = fetch_run(request)
    engine = sim(request).engine
    if request.headers.get("x-stainless-poll-helper") == "true":
        run = await engine.wait_for_stop(run, timeout=LONG_POLL_SECONDS)
    else:
        engine.seen(run)  # a poller has now seen its phase; see Engine._hold
    return run_response(request, run)


async def update_run(request: Request) -> JSON:
    body = await body_of(request)  # before the fetch: a run that ends meanwhile must not be saved back as active
    run = fetch_run(request)
    schema.check("ModifyRunRequest", body.data)
    if body.has("metadata"):
        run["metadata"] = body.raw("metadata") or {}
    sim(request).store.save(run)
    return run_response(request, run)


async def cancel_run(request: Request) -> JSON:
    run = fetch_run(request)
    if run["status"] not in ("queued", "in_progress", "requires_action"):
        raise invalid(f"Cannot cancel run with status '{run['status']}'.")
    return run_response(request, sim(request).engine.cancel(run))


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
    engine = sim(request).engine
    queue = engine.subscribe(run["id"]) if stream else None
    run = engine.submit_tool_outputs(run, outputs)
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
    store = sim(request).store
    return page(request, "run_step", parent=run["id"], extra=("include[]", "include"), transform=(lambda step: with_content(store, step)) if include else None)


async def retrieve_step(request: Request) -> JSON:
    run = fetch_run(request)
    step = fetch(request, "run_step", request.path_params["step_id"], parent=run["id"])
    return JSON(with_content(sim(request).store, step) if read_include(request) else step)


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
