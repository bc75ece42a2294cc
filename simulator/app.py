"""The ASGI application: /v1 routes, bearer-key auth, and the OpenAI error envelope for every failure."""

from __future__ import annotations

import asyncio
import hashlib
import logging
import secrets
import sqlite3
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
from simulator.http.validation import MAX_BODY_BYTES
from simulator.settings import Settings
from simulator.store import Store, disk_full

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
        from simulator import sandbox

        sandbox.configure(settings)  # once per server: the engine's run_code(code, files) calls then use these limits
        self.store = Store(settings.db)
        self.engine = Engine(self.store, settings)
        # The API families' adapters over the engine's one turn driver, and the containers their code runs in.
        self.runs = self.engine.runs
        self.responses = self.engine.responses
        self.containers = self.engine.containers


def error_response(error: APIError) -> JSON:
    return JSON(error.body(), status_code=error.status)


class BodyRefused(Exception):
    """Raised into the route reading a body that is too large, too slow, or whose sender hung up."""


class BodyGuard:
    """The request body as the route reads it, with the size limit enforced while it streams in (a chunked
    500 MB body is refused at the limit, never held in memory), a deadline for the whole body (a client
    trickling bytes cannot hold a connection forever), and a hang-up noted rather than raised as an error."""

    def __init__(self, receive: Receive, limit: int, timeout: float) -> None:
        self.receive, self.limit = receive, limit
        self.deadline = time.monotonic() + timeout if timeout > 0 else None
        self.size = 0
        self.complete = False
        self.refusal: APIError | None = None
        self.disconnected = False

    async def __call__(self) -> dict:
        if self.complete or self.refusal is not None or self.disconnected:
            return await self.receive()  # after the body: the disconnect a streaming response listens for
        try:
            if self.deadline is None:
                message = await self.receive()
            else:
                async with asyncio.timeout(max(0.0, self.deadline - time.monotonic())):
                    message = await self.receive()
        except TimeoutError:
            self.refusal = APIError(408, "The request body took too long to arrive; the simulator stopped waiting for it. Send the whole body at once.", code="request_timeout")
            raise BodyRefused from None
        if message["type"] == "http.disconnect":
            self.disconnected = True
        elif message["type"] == "http.request":
            self.size += len(message.get("body", b""))
            if self.size > self.limit:
                self.refusal = too_large(self.limit)
                raise BodyRefused
            self.complete = not message.get("more_body", False)
        return message


def too_large(limit: int) -> APIError:
    return APIError(413, f"Request body too large: the limit is {limit} bytes.", code="request_too_large")


def owner_digest(key: str) -> str:
    """Who a key belongs to, as the store records owners: 16 hex digits of its SHA-256, never the key."""
    return hashlib.sha256(key.encode()).hexdigest()[:16]


class Gate:
    """Checks every /v1 request's key and beta header, guards its body, and tags responses as the real API did."""

    def __init__(self, app: ASGIApp, settings: Settings | None = None) -> None:
        self.app = app
        self.settings = settings or Settings()

    def body_limit(self, request: Request) -> int:
        if "multipart/form-data" in request.headers.get("content-type", ""):
            return max(MAX_BODY_BYTES, self.settings.max_upload_bytes + 64 * 1024)  # the file plus its form fields
        return MAX_BODY_BYTES

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "websocket" and scope["path"].startswith("/v1/"):
            await self.socket(scope, receive, send)
            return
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        request = Request(scope)
        started = time.perf_counter()
        request_id = "req_" + secrets.token_hex(16)
        path = scope["path"]
        limit = self.body_limit(request)
        declared = request.headers.get("content-length", "")
        if declared.isascii() and declared.isdigit() and int(declared) > limit:
            await error_response(too_large(limit))(scope, receive, send)  # refused before a byte of it is read
            return
        if path.startswith(("/v1/", "/course/")):  # /course/progress: the course's own, keyed as the API is
            auth = request.headers.get("authorization", "")
            scheme, _, key = auth.partition(" ")
            if scheme.lower() != "bearer" or not key.strip():
                await error_response(APIError(401, NO_KEY))(scope, receive, send)
                return
            owner = owner_digest(key.strip())
            scope.setdefault("state", {})["owner"] = owner  # never the key itself: simulator.http.requests.owner_of
            from simulator.sandbox import fair

            fair.OWNER.set(owner)  # code this request starts shares the sandboxes fairly
            if path.startswith(("/v1/assistants", "/v1/threads")):
                beta = request.headers.get("openai-beta", "")
                if "assistants=v2" not in beta:
                    message = BETA_HEADER
                    if "assistants=v1" in beta:
                        message = "The v1 Assistants API has been deprecated. Please try again by setting the header 'OpenAI-Beta: assistants=v2'."
                    await error_response(APIError(400, message))(scope, receive, send)
                    return

        body = BodyGuard(receive, limit, self.settings.body_timeout)
        response_started = False

        async def tagged_send(message):
            nonlocal response_started
            if body.refusal is not None or body.disconnected and not body.complete:
                return  # what the route made of the refused body is not sent: the refusal is, below
            if message["type"] == "http.response.start":
                response_started = True
                headers = list(message.get("headers", []))
                headers.append((b"x-request-id", request_id.encode()))
                headers.append((b"openai-processing-ms", str(int((time.perf_counter() - started) * 1000)).encode()))
                headers.append((b"openai-version", b"2020-10-01"))
                message = {**message, "headers": headers}
            await send(message)

        try:
            await self.app(scope, body, tagged_send)
        except Exception:
            # Starlette raises ClientDisconnect into a route whose client hung up mid-body: nobody is
            # there to answer, and it is no error of the server's (nothing to log, no 500).
            if body.refusal is None and not (body.disconnected and not body.complete):
                raise
        if body.refusal is not None and not response_started:
            refusal = error_response(body.refusal)
            refusal.headers["connection"] = "close"  # the rest of the body is never read
            await refusal(scope, receive, send)


    async def socket(self, scope: Scope, receive: Receive, send: Send) -> None:
        """A WebSocket on /v1 (Responses over a socket): the same key check as HTTP, refused before the handshake."""
        from starlette.websockets import WebSocket

        scheme, _, key = dict(scope.get("headers") or []).get(b"authorization", b"").decode("latin-1").partition(" ")
        if scheme.lower() != "bearer" or not key.strip():
            socket = WebSocket(scope, receive, send)
            if "websocket.http.response" in scope.get("extensions") or {}:
                await socket.send_denial_response(error_response(APIError(401, NO_KEY)))
            else:
                await socket.close(code=1008, reason="Missing bearer API key.")
            return
        owner = owner_digest(key.strip())
        scope.setdefault("state", {})["owner"] = owner
        from simulator.sandbox import fair

        fair.OWNER.set(owner)
        await self.app(scope, receive, send)


async def api_error(request: Request, error: APIError) -> Response:
    return error_response(error)


async def http_error(request: Request, error: HTTPException) -> Response:
    if error.status_code in (404, 405):
        return error_response(APIError(404, f"Invalid URL ({request.method} {request.url.path})"))
    return error_response(APIError(error.status_code, str(error.detail)))


# A full disk (SQLite's SQLITE_FULL, or ENOSPC), from whichever route wrote: the real API had no such answer. Its
# closest is a 500 server_error (the SDK raises InternalServerError, as for a 503 or a 507, and retries it a little);
# 503 would say that waiting helps, and here nothing does until something is deleted, so the message says what to
# delete. Deletes still work on a full disk (simulator/store.py keeps a reserve for them); reads always did.
DISK_FULL = (
    "The disk that holds the simulator's database is full, so nothing more can be stored. Delete what you no longer "
    "need (files: client.files.delete(file_id); vector stores, threads, containers, responses), or free space on that "
    "disk, then try again."
)


async def storage_error(request: Request, error: Exception) -> Response:
    if not disk_full(error):
        return await server_error(request, error)
    log.warning("disk full on %s %s: %s", request.method, request.url.path, error)
    return error_response(APIError(500, DISK_FULL, type="server_error", code="disk_full"))


async def server_error(request: Request, error: Exception) -> Response:
    log.exception("unexpected error on %s %s", request.method, request.url.path)
    return error_response(APIError(500, "The simulator had an internal error. Its log has the details.", type="server_error"))


async def health(request: Request) -> Response:
    """Who answers here: service name, a stable marker, version and pid (see simulator.launch), so the course's
    helpers tell this simulator from another program on its port, and stop only a process that is really it."""
    import os

    from simulator.launch import health_body
    from simulator.sandbox.levels import isolation

    # What the code sandbox enforces here, and what it does not stop (see README, "Isolation levels").
    return JSON({**health_body(os.getpid()), "sandbox": isolation()})


def api_routes() -> list:
    """Every /v1 route, in the order Starlette tries them within a resource (simulator.http.routing)."""
    from simulator.routes import (
        assistants,
        chat,
        containers,
        conversations,
        embeddings,
        files,
        messages,
        models,
        responses,
        responses_more,
        responses_ws,
        runs,
        threads,
        vector_stores,
    )

    # runs first: POST /threads/runs must not be taken for an update of a thread called "runs"
    routes = responses.routes + conversations.routes + containers.routes + runs.routes + assistants.routes + threads.routes + messages.routes + files.routes + vector_stores.routes
    return responses_more.routes + routes + embeddings.routes + chat.routes + models.routes + responses_ws.routes  # /responses/compact before /responses/{response_id}


def create_app(settings: Settings | None = None) -> Starlette:
    from simulator import playground
    from simulator.http.routing import ResourceRouter
    from simulator.routes import progress

    simulator = Simulator(settings or Settings())
    middleware = [Middleware(Gate, settings=simulator.settings)]
    from simulator.sandbox.levels import isolation_summary

    log.info("%s", isolation_summary())  # which isolation level is active, said plainly at start-up
    if simulator.settings.conformance_log:
        from simulator.conformance import ConformanceCheck  # outermost, so it sees the Gate's refusals too

        middleware.insert(0, Middleware(ConformanceCheck, log_path=simulator.settings.conformance_log))
    app = Starlette(
        routes=[Route("/health", health), Mount("/v1", app=ResourceRouter(api_routes())), *progress.routes, *playground.routes],
        middleware=middleware,
        exception_handlers={APIError: api_error, HTTPException: http_error, sqlite3.OperationalError: storage_error, OSError: storage_error, Exception: server_error},
        lifespan=simulator.engine.lifespan,
    )
    app.state.sim = simulator
    return app
