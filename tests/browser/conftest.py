"""Browser tests of the Playground page (/playground/): Debian's chromium, driven by pytest-playwright.

Playwright cannot download its own browser here, so the tests use the system's chromium. Without it
(or without pytest-playwright) every test in this folder is reported as skipped, with the command
that installs what is missing.
"""

from __future__ import annotations

import importlib.util
import os
import shutil
import threading
import time
from pathlib import Path

import pytest

from simulator import launch
from simulator.launch import free_port

CHROMIUM = os.environ.get("PLAYGROUND_CHROMIUM") or shutil.which("chromium") or "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
INSTALL = "make browser  (Debian's chromium and fonts-noto-cjk, and requirements-browser.lock)"
HERE = Path(__file__).resolve().parent


def _missing() -> str | None:
    if importlib.util.find_spec("playwright") is None or importlib.util.find_spec("pytest_playwright") is None:
        return f"pytest-playwright is not installed; to run the browser tests: {INSTALL}"
    if not Path(CHROMIUM).exists():
        return f"no chromium at {CHROMIUM}; to run the browser tests: {INSTALL}"
    return None


MISSING = _missing()


def pytest_collection_modifyitems(config, items):
    if MISSING is None:
        return
    skip = pytest.mark.skip(reason=MISSING)
    for item in items:
        if Path(str(item.fspath)).resolve().is_relative_to(HERE) and {"page", "server"} & set(getattr(item, "fixturenames", ())):
            item.add_marker(skip)


# -- the simulator -----------------------------------------------------------------------------

class Server(launch.SimulatorProcess):
    """A simulator of the browser tests' own, with a small token delay so a reply visibly streams in pieces."""

    def __init__(self, workdir: Path, token_delay: float) -> None:
        super().__init__(workdir / "playground.db", env={"SIMULATOR_TOKEN_DELAY": str(token_delay)})

    @property
    def root(self) -> str:
        return f"http://127.0.0.1:{self.port}"


@pytest.fixture(scope="session")
def server(tmp_path_factory):
    if MISSING:
        pytest.skip(MISSING)
    # A small token delay, so a reply visibly streams in pieces.
    server = Server(tmp_path_factory.mktemp("playground"), token_delay=0.01).start(wait=30)
    yield server
    server.stop()


@pytest.fixture(scope="session")
def client(server):
    from openai import OpenAI

    return OpenAI(base_url=server.root + "/v1", api_key="sk-test", max_retries=0)


# -- a path-prefix proxy, as jupyter-server-proxy serves the page --------------------------------


class PrefixProxy:
    """Serves upstream under /user/x/proxy/PORT/ (prefix stripped, bodies streamed), and nothing else."""

    def __init__(self, upstream: str, upstream_port: int) -> None:
        import httpx
        from starlette.applications import Starlette
        from starlette.background import BackgroundTask
        from starlette.requests import Request
        from starlette.responses import PlainTextResponse, StreamingResponse
        from starlette.routing import Route

        self.prefix = f"/user/x/proxy/{upstream_port}"
        self.port = free_port()
        self.requests: list[str] = []
        hop = {"host", "content-length", "transfer-encoding", "connection", "keep-alive"}

        async def forward(request: Request):
            path = request.url.path
            self.requests.append(f"{request.method} {path}")
            if not (path == self.prefix or path.startswith(self.prefix + "/")):
                return PlainTextResponse("not under the proxy's prefix", status_code=404)
            target = upstream + (path[len(self.prefix) :] or "/") + (f"?{request.url.query}" if request.url.query else "")
            headers = {k: v for k, v in request.headers.items() if k.lower() not in hop}
            client = httpx.AsyncClient(timeout=60)
            upstream_request = client.build_request(request.method, target, headers=headers, content=await request.body())
            response = await client.send(upstream_request, stream=True)

            async def close():
                await response.aclose()
                await client.aclose()

            out_headers = {k: v for k, v in response.headers.items() if k.lower() not in hop | {"content-encoding"}}
            return StreamingResponse(response.aiter_raw(), status_code=response.status_code, headers=out_headers, background=BackgroundTask(close))

        methods = ["GET", "POST", "DELETE", "PUT", "PATCH", "HEAD"]
        self.app = Starlette(routes=[Route("/{path:path}", forward, methods=methods)])

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}{self.prefix}/"

    def __enter__(self) -> PrefixProxy:
        import uvicorn

        self.server = uvicorn.Server(uvicorn.Config(self.app, host="127.0.0.1", port=self.port, log_level="warning", lifespan="off"))
        self.thread = threading.Thread(target=self.server.run, daemon=True)
        self.thread.start()
        deadline = time.monotonic() + 10
        while not self.server.started and time.monotonic() < deadline:
            time.sleep(0.02)
        return self

    def __exit__(self, *exc) -> None:
        self.server.should_exit = True
        self.thread.join(timeout=10)


@pytest.fixture
def prefix_proxy(server):
    with PrefixProxy(server.root, server.port) as proxy:
        yield proxy


# -- pytest-playwright's fixtures, pointed at the system chromium ----------------------------------


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    return {**browser_type_launch_args, "executable_path": CHROMIUM, "args": CHROMIUM_ARGS, "headless": True}


@pytest.fixture(scope="session")
def browser_context_args(browser_context_args):
    # An English browser: the page follows the browser's language, and most tests read its English labels.
    # A test of the Chinese UI asks for its own (@pytest.mark.browser_context_args(locale="zh-CN"), or ?lang=zh-CN).
    return {**browser_context_args, "viewport": {"width": 1440, "height": 900}, "locale": "en-US"}


@pytest.fixture
def screenshot(page):
    """Save a screenshot to $PLAYGROUND_SCREENSHOTS (when set) for a person to look at."""
    folder = os.environ.get("PLAYGROUND_SCREENSHOTS")

    def take(name: str) -> None:
        if folder:
            Path(folder).mkdir(parents=True, exist_ok=True)
            page.screenshot(path=str(Path(folder) / f"{name}.png"))

    return take
