"""The floor for latency: the barest ASGI app, served by the same uvicorn the simulator uses.

It also answers a run's create and its poll with a run encoded once at start (as the simulator shapes runs), doing no
work at all: `create_and_poll` against it is what the SDK itself needs (two requests, two Runs parsed), so what the
simulator adds is the difference (`canned_create_and_poll`)."""

import contextlib
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

from starlette.applications import Starlette
from starlette.responses import JSONResponse, Response
from starlette.routing import Route


async def ping(request):
    return JSONResponse({"object": "ping"})


def canned_runs() -> tuple[bytes, bytes]:
    """A queued run and the same run completed, as the simulator makes them (simulator.wire), each encoded once."""
    from simulator.wire import assistant_object, dumps, run_object, usage

    assistant = {**assistant_object(), "model": "gpt-4o", "instructions": "你叫小U。"}
    queued = run_object("thread_canned", assistant, expires_in=600)
    completed = {**queued, "status": "completed", "started_at": queued["created_at"], "completed_at": queued["created_at"], "expires_at": None, "usage": usage(20, 14)}
    return dumps(queued).encode(), dumps(completed).encode()


QUEUED, COMPLETED = canned_runs()
HEADERS = {"openai-poll-after-ms": "0", "x-request-id": "req_" + "0" * 32, "openai-processing-ms": "0", "openai-version": "2020-10-01"}  # as the simulator's


async def create_run(request):
    await request.body()
    return Response(QUEUED, media_type="application/json", headers=HEADERS)


async def retrieve_run(request):
    return Response(COMPLETED, media_type="application/json", headers=HEADERS)


app = Starlette(
    routes=[
        Route("/v1/ping", ping, methods=["GET", "POST"]),
        Route("/v1/threads/{thread_id}/runs", create_run, methods=["POST"]),
        Route("/v1/threads/{thread_id}/runs/{run_id}", retrieve_run, methods=["GET"]),
    ]
)


def canned_create_and_poll(floor_client) -> float:
    """Seconds for the SDK's create_and_poll against the canned runs: the SDK's own share of a real one."""
    started = time.perf_counter()
    run = floor_client.beta.threads.runs.create_and_poll(thread_id="thread_canned", assistant_id="asst_canned")
    elapsed = time.perf_counter() - started
    if run.status != "completed":
        raise RuntimeError(f"the canned run came back {run.status}")
    return elapsed


@contextlib.contextmanager
def floor_server() -> Iterator[object]:
    """This app served in a process of its own (uvicorn, loopback); yields an SDK client that calls it once it answers."""
    from openai import OpenAI

    from simulator.launch import free_port

    port = free_port()
    server = subprocess.Popen([sys.executable, "-m", "uvicorn", "bench.floor_app:app", "--port", str(port), "--log-level", "warning"], cwd=Path(__file__).resolve().parents[1])
    try:
        client = OpenAI(base_url=f"http://127.0.0.1:{port}/v1", api_key="sk-bench")
        for _ in range(100):
            try:
                client.get("/ping", cast_to=object)
                break
            except Exception:
                time.sleep(0.05)
        else:
            raise RuntimeError("the floor server did not start")
        yield client
    finally:
        server.terminate()
        server.wait()


def against_floor(floor_client, repeats: int, samples: int, trip, first) -> dict:
    """A request's round trip, and the time to the first piece of its stream, each beside a bare round trip to the
    floor taken just before it: {floor, round_trip, first, round_trip_ratio, first_ratio}, each (median, min, max)
    over `repeats` runs of `samples`. `trip()` makes the request; `first()` streams one and returns its first piece's time."""
    import statistics

    floors, trips, firsts = [], [], []
    for _ in range(repeats):
        floor_times, trip_times, first_times = [], [], []
        for _ in range(samples):
            started = time.perf_counter()
            floor_client.get("/ping", cast_to=object)
            floor_times.append(time.perf_counter() - started)
            started = time.perf_counter()
            trip()
            trip_times.append(time.perf_counter() - started)
            first_times.append(first())
        floors.append(statistics.median(floor_times))
        trips.append(statistics.median(trip_times))
        firsts.append(statistics.median(first_times))
    spread = lambda values: (statistics.median(values), min(values), max(values))  # noqa: E731
    return {
        "floor": spread(floors),
        "round_trip": spread(trips),
        "first": spread(firsts),
        "round_trip_ratio": spread([t / f for t, f in zip(trips, floors, strict=True)]),
        "first_ratio": spread([c / f for c, f in zip(firsts, floors, strict=True)]),
    }


def first_piece(started: float, pieces, wanted) -> float:
    """Seconds from `started` to the first of `pieces` that `wanted` accepts (the rest of the stream is read too)."""
    first = None
    for piece in pieces:
        if first is None and wanted(piece):
            first = time.perf_counter() - started
    return first


def report_against_floor(result: dict, trip_label: str, first_label: str, target: str = "") -> None:
    """Print what against_floor() measured: the floor, then each request's time and its ratio to the floor."""
    ms = lambda triple: f"{triple[0] * 1000:.2f} ms (min {triple[1] * 1000:.2f}, max {triple[2] * 1000:.2f})"  # noqa: E731
    ratio = lambda triple: f"{triple[0]:.1f}x (min {triple[1]:.1f}, max {triple[2]:.1f})"  # noqa: E731
    width = max(len(trip_label), len(first_label), len("floor (bare ASGI round trip)")) + 3
    print(f"{'floor (bare ASGI round trip)':<{width}}{ms(result['floor'])}")
    print(f"{trip_label:<{width}}{ms(result['round_trip'])}   {ratio(result['round_trip_ratio'])}   {target}".rstrip())
    print(f"{first_label:<{width}}{ms(result['first'])}   {ratio(result['first_ratio'])}   {target}".rstrip())
