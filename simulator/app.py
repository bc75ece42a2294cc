"""The ASGI application: /v1 routes, bearer-key auth, and the OpenAI error envelope for every failure."""

from __future__ import annotations

import logging
import secrets
import time

from starlette.applications import Starlette
from starlette.exceptions import HTTPException
from starlette.middleware import Middleware
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Mount, Route
from starlette.types import ASGIApp, Receive, Scope, Send

from simulator.engine import Engine
from simulator.errors import APIError
from simulator.http.requests import JSON
from simulator.settings import Settings
from simulator.store import Store

log = logging.getLogger("simulator")

NO_KEY = (
    "You didn't provide an API key. You need to provide your API key in an Authorization header "
    "using Bearer auth (i.e. Authorization: Bearer YOUR_KEY). The offline simulator accepts any "
    "non-empty key."
)
BETA_HEADER = (
    "You must provide the 'OpenAI-Beta' header to access the Assistants API. Please try again by "
    "setting the header 'OpenAI-Beta: assistants=v2'."
)


class Simulator:
    """The pieces a request reaches through `request.app.state.sim`."""

    def __init__(self, settings: Settings) -> None:
        self.settings = settings
        self.store = Store(settings.db)
        self.engine = Engine(self.store, settings)


def error_response(error: APIError) -> JSON:
    return JSON(error.body(), status_code=error.status)


class Gate:
    """Checks every /v1 request's key and beta header, and tags responses as the real API did."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        request = Request(scope)
        started = time.perf_counter()
        request_id = "req_" + secrets.token_hex(16)
        path = scope["path"]
        if path.startswith("/v1/"):
            auth = request.headers.get("authorization", "")
            scheme, _, key = auth.partition(" ")
            if scheme.lower() != "bearer" or not key.strip():
                await error_response(APIError(401, NO_KEY))(scope, receive, send)
                return
            scope.setdefault("state", {})["api_key"] = key.strip()
            if path.startswith(("/v1/assistants", "/v1/threads")):
                beta = request.headers.get("openai-beta", "")
                if "assistants=v2" not in beta:
                    message = BETA_HEADER
                    if "assistants=v1" in beta:
                        message = "The v1 Assistants API has been deprecated. Please try again by setting the header 'OpenAI-Beta: assistants=v2'."
                    await error_response(APIError(400, message))(scope, receive, send)
                    return

        async def tagged_send(message):
            if message["type"] == "http.response.start":
                headers = list(message.get("headers", []))
                headers.append((b"x-request-id", request_id.encode()))
                headers.append((b"openai-processing-ms", str(int((time.perf_counter() - started) * 1000)).encode()))
                headers.append((b"openai-version", b"2020-10-01"))
                message = {**message, "headers": headers}
            await send(message)

        await self.app(scope, receive, tagged_send)


async def api_error(request: Request, error: APIError) -> Response:
    return error_response(error)


async def http_error(request: Request, error: HTTPException) -> Response:
    if error.status_code in (404, 405):
        return error_response(APIError(404, f"Invalid URL ({request.method} {request.url.path})"))
    return error_response(APIError(error.status_code, str(error.detail)))


async def server_error(request: Request, error: Exception) -> Response:
    log.exception("unexpected error on %s %s", request.method, request.url.path)
    return error_response(APIError(500, "The simulator had an internal error. Its log has the details.", type="server_error"))


async def health(request: Request) -> Response:
    """Who answers here: service name, a stable marker, version and pid (see simulator.launch), so the course's
    helpers tell this simulator from another program on its port, and stop only a process that is really it."""
    import os

    from simulator.launch import health_body

    return JSON(health_body(os.getpid()))


def create_app(settings: Settings | None = None) -> Starlette:
    from simulator import playground
    from simulator.routes import assistants, files, messages, runs, threads

    simulator = Simulator(settings or Settings())
    # runs first: POST /threads/runs must not be taken for an update of a thread called "runs"
    api_routes = runs.routes + assistants.routes + threads.routes + messages.routes + files.routes
    middleware = [Middleware(Gate)]
    if simulator.settings.conformance_log:
        from simulator.conformance import ConformanceCheck  # outermost, so it sees the Gate's refusals too

        middleware.insert(0, Middleware(ConformanceCheck, log_path=simulator.settings.conformance_log))
    app = Starlette(
        routes=[Route("/health", health), Mount("/v1", routes=api_routes), *playground.routes],
        middleware=middleware,
        exception_handlers={APIError: api_error, HTTPException: http_error, Exception: server_error},
        lifespan=simulator.engine.lifespan,
    )
    app.state.sim = simulator
    return app
