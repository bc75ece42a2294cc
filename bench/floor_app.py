"""The floor for latency: the barest ASGI app, served by the same uvicorn the simulator uses."""

import contextlib
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

from starlette.applications import Starlette
from starlette.responses import JSONResponse
from starlette.routing import Route


async def ping(request):
    return JSONResponse({"object": "ping"})


app = Starlette(routes=[Route("/v1/ping", ping, methods=["GET", "POST"])])


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
