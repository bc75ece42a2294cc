"""The conformance check itself: it must catch what the spec would reject, or the suite's zero means nothing."""

from __future__ import annotations

import json

import pytest
from starlette.applications import Starlette
from starlette.responses import JSONResponse, Response, StreamingResponse
from starlette.routing import Route
from starlette.testclient import TestClient

from simulator.conformance import ERRATA, ConformanceCheck, load_spec, normalize, read_violations, spec_at

RUN = {
    "id": "run_abc",
    "object": "thread.run",
    "created_at": 1,
    "thread_id": "thread_abc",
    "assistant_id": "asst_abc",
    "status": "completed",
    "required_action": None,
    "last_error": None,
    "expires_at": None,
    "started_at": 1,
    "cancelled_at": None,
    "failed_at": None,
    "completed_at": 2,
    "incomplete_details": None,
    "model": "gpt-4o",
    "instructions": "",
    "tools": [],
    "metadata": {},
    "usage": None,
    "temperature": 1.0,
    "top_p": 1.0,
    "max_prompt_tokens": None,
    "max_completion_tokens": None,
    "truncation_strategy": {"type": "auto", "last_messages": None},
    "tool_choice": "auto",
    "parallel_tool_calls": True,
    "response_format": "auto",
}


def test_nullable_becomes_a_null_type_and_allof_markers_are_understood():
    assert normalize({"type": "string", "nullable": True}) == {"anyOf": [{"type": "string"}, {"type": "null"}]}
    marked = normalize({"allOf": [{"$ref": "#/x"}, {"nullable": True}]})
    assert marked == {"anyOf": [{"allOf": [{"$ref": "#/x"}]}, {"type": "null"}]}
    assert normalize({"type": "string"}) == {"type": "string"}


def test_the_vendored_spec_covers_every_route_the_simulator_serves():
    from simulator.app import create_app
    from simulator.settings import Settings
    from tests.support.in_process import sandbox_settings_restored

    spec = spec_at(None)  # every served family: Assistants, and Responses/Conversations/Containers
    with sandbox_settings_restored():
        app = create_app(Settings(db=":memory:"))
    mount = next(r for r in app.routes if getattr(r, "path", "") == "/v1")
    for route in mount.routes:
        if getattr(route, "methods", None) is None:  # the Responses WebSocket: the spec has no operation for a socket
            continue
        for method in route.methods - {"HEAD"}:
            concrete = route.path.replace("{", "x").replace("}", "")
            assert spec.operation(method.lower(), concrete) is not None, f"{method} {route.path} is not in the spec"


def test_errata_name_real_properties():
    spec = load_spec()
    for schema, prop, evidence in ERRATA:
        assert prop in spec["components"]["schemas"][schema]["properties"] and evidence


def serve(tmp_path, handler, path="/v1/threads/{thread_id}/runs/{run_id}", methods=("GET",)):
    log = tmp_path / f"{handler.__name__}.jsonl"
    app = Starlette(routes=[Route(path, handler, methods=list(methods))])
    return TestClient(ConformanceCheck(app, log_path=log), raise_server_exceptions=False), log


def test_a_conforming_run_logs_nothing(tmp_path):
    async def run(request):
        return JSONResponse(RUN)

    client, log = serve(tmp_path, run)
    assert client.get("/v1/threads/thread_abc/runs/run_abc").status_code == 200
    assert read_violations(log) == []


@pytest.mark.parametrize(
    "broken",
    [
        {k: v for k, v in RUN.items() if k != "tools"},  # a required field missing
        {**RUN, "status": "thinking"},  # not in the enum
        {**RUN, "created_at": "yesterday"},  # wrong type
        {**RUN, "last_error": {"code": "oops", "message": "x"}},  # an unknown error code
        {**RUN, "colour": "blue"},  # a field the spec does not have
    ],
)
def test_a_run_outside_the_spec_is_logged(tmp_path, broken):
    async def run(request):
        return JSONResponse(broken)

    client, log = serve(tmp_path, run)
    client.get("/v1/threads/thread_abc/runs/run_abc")
    [violation] = read_violations(log)
    assert violation["operation"] == "getRun" and violation["where"] == "body"


def test_a_list_item_with_a_made_up_field_is_logged_but_a_deletion_is_not(tmp_path):
    async def runs(request):
        return JSONResponse({"object": "list", "data": [{**RUN, "colour": "blue"}], "first_id": "run_abc", "last_id": "run_abc", "has_more": False})

    client, log = serve(tmp_path, runs, path="/v1/threads/{thread_id}/runs")
    client.get("/v1/threads/thread_abc/runs")
    [violation] = read_violations(log)
    assert "colour" in violation["problem"]

    async def deleted(request):  # its own schema: object "file" with `deleted` is right here
        return JSONResponse({"id": "file-abc", "object": "file", "deleted": True})

    client, log = serve(tmp_path, deleted, path="/v1/files/{file_id}", methods=("DELETE",))
    client.delete("/v1/files/file-abc")
    assert read_violations(log) == []


def test_errors_must_wear_the_envelope_and_5xx_are_always_logged(tmp_path):
    async def bad(request):
        return JSONResponse({"detail": "nope"}, status_code=404)

    async def crash(request):
        raise RuntimeError("boom")

    client, log = serve(tmp_path, bad)
    client.get("/v1/threads/thread_abc/runs/run_abc")
    assert "error" in read_violations(log)[0]["problem"]

    client, log = serve(tmp_path, crash)
    assert client.get("/v1/threads/thread_abc/runs/run_abc").status_code == 500
    assert any(v["problem"].startswith("unhandled RuntimeError: boom") for v in read_violations(log))


def test_each_streamed_event_is_checked_against_its_event_schema(tmp_path):
    async def stream(request):
        async def events():
            yield f"event: thread.run.created\ndata: {json.dumps(RUN)}\n\n".encode()
            yield f"event: thread.run.completed\ndata: {json.dumps({**RUN, 'status': 42})}\n\n".encode()
            yield b"event: thread.run.exploded\ndata: {}\n\n"
            yield b"event: done\ndata: [DONE]\n\n"

        return StreamingResponse(events(), media_type="text/event-stream")

    client, log = serve(tmp_path, stream, path="/v1/threads/{thread_id}/runs", methods=("POST",))
    client.post("/v1/threads/thread_abc/runs")
    violations = read_violations(log)
    assert [v["where"] for v in violations] == ["event thread.run.completed", "stream"]
    assert "thread.run.exploded" in violations[1]["problem"]


def test_file_content_is_raw_bytes_not_json(tmp_path):
    async def content(request):
        return Response(b"\x00\x01", media_type="application/octet-stream")

    client, log = serve(tmp_path, content, path="/v1/files/{file_id}/content")
    client.get("/v1/files/file_abc/content")
    assert read_violations(log) == []


def test_an_event_split_inside_a_character_is_read_whole(tmp_path):
    event = f"event: thread.run.created\ndata: {json.dumps({**RUN, 'instructions': '你好'}, ensure_ascii=False)}\n\n".encode()
    cut = event.index("你".encode()) + 1

    async def split(request):
        async def events():
            yield event[:cut]
            yield event[cut:]

        return StreamingResponse(events(), media_type="text/event-stream")

    client, log = serve(tmp_path, split, path="/v1/threads/{thread_id}/runs", methods=("POST",))
    client.post("/v1/threads/thread_abc/runs")
    assert read_violations(log) == []
