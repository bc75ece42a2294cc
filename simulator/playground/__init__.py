"""The Assistants Playground: a static page at /playground/ that drives this simulator's /v1 API from the browser."""

from __future__ import annotations

from pathlib import Path

from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Mount, Route
from starlette.staticfiles import StaticFiles
from starlette.types import Receive, Scope, Send

STATIC = Path(__file__).resolve().parent / "static"


async def add_slash(request: Request) -> Response:
    # A relative Location, so the redirect also works behind a path prefix (jupyter-server-proxy).
    return Response(status_code=307, headers={"location": "playground/"})


async def config(request: Request) -> Response:
    """Where a notebook kernel on this machine reaches the API: the address this server was reached on.

    Behind jupyter-server-proxy the page's own location is the proxy's (with the learner's Jupyter
    auth); the socket's local address is the simulator's own, which is what code snippets need.
    """
    host, port = (request.scope.get("server") or ("127.0.0.1", 8765))[:2]
    if host in (None, "", "0.0.0.0", "::"):
        host = "127.0.0.1"
    if ":" in host:
        host = f"[{host}]"
    return JSONResponse({"base_url": f"http://{host}:{port}/v1"}, headers={"cache-control": "no-store"})


class Static(StaticFiles):
    """The page's files, always revalidated (no stale script after an upgrade) and never framed elsewhere."""

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        async def send_with_headers(message):
            if message["type"] == "http.response.start":
                headers = list(message.get("headers", []))
                headers.append((b"cache-control", b"no-cache"))
                headers.append((b"x-content-type-options", b"nosniff"))
                message = {**message, "headers": headers}
            await send(message)

        await super().__call__(scope, receive, send_with_headers)


routes = [
    Route("/playground", add_slash, methods=["GET", "HEAD"]),
    Route("/playground/config.json", config, methods=["GET"]),
    Mount("/playground", app=Static(directory=STATIC, html=True), name="playground"),
]
