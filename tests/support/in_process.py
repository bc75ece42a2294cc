"""A simulator served from a thread of the test process, so a test can plug in its own model or sandbox.

The session simulator runs the scripted model in a subprocess; tests of streaming also need runs
that call functions, run code, fail or stop early on demand, whatever the scripted model can do today.
"""

from __future__ import annotations

import contextlib
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import uvicorn

from simulator import sandbox
from simulator.app import create_app
from simulator.launch import free_port
from simulator.model import CallFunctions, Fail, FunctionCall, Reply, RunCode, Turn
from simulator.settings import Settings


class TinyModel:
    """Answers by keyword, so each test can ask for the kind of run it needs.

    "weather"   -> call get_weather (twice in parallel for "weather in two cities"), then reply from the outputs
    "sqrt"      -> run code, then reply from its logs
    "fail"      -> the run fails
    "expire"    -> the run expires a second later, still in_progress
    otherwise   -> reply with `text`
    """

    text = "Hello! How can I help you today?"

    def next_action(self, turn: Turn):
        asked = turn.last_user_text.lower()
        if "expire" in asked:
            return Fail("expired", after_seconds=1)
        if "fail" in asked:
            return Fail("failed", "rate_limit_exceeded", "You exceeded your current quota (a scripted failure).")
        if "weather" in asked:
            if not turn.results:
                cities = ["Beijing", "Shanghai"] if "two cities" in asked else ["Beijing"]
                return CallFunctions([FunctionCall("get_weather", f'{{"city": "{city}"}}') for city in cities])
            return Reply("Weather: " + "; ".join(result.output for result in turn.results))
        if "sqrt" in asked:
            if not turn.results:
                return RunCode("import math\nprint(math.sqrt(1234567))")
            return Reply(f"The square root is {turn.results[-1].output.strip()}.")
        return Reply(self.text)


@contextlib.contextmanager
def sandbox_settings_restored() -> Iterator[None]:
    """create_app hands its settings to the sandbox module; afterwards the rest of the test process gets its own back."""
    before = sandbox.configure(None)
    try:
        yield
    finally:
        sandbox.configure(before)


@contextlib.contextmanager
def serve(db: Path, model=None, **settings) -> Iterator[tuple[str, object]]:
    """Serve a simulator on a free loopback port; yields its /v1 base URL and its Simulator."""
    with sandbox_settings_restored():
        app = create_app(Settings(db=db, **{"queued_delay": 0, "in_progress_delay": 0, "token_delay": 0, **settings}))
        simulator = app.state.sim
        simulator.engine.model = model or TinyModel()
        port = free_port()
        server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning", lifespan="on"))
        thread = threading.Thread(target=server.run, name="in-process simulator", daemon=True)
        thread.start()
        deadline = time.monotonic() + 30  # generous: a busy machine starts a server slowly, a broken one fails at once
        while not server.started:
            if time.monotonic() > deadline or not thread.is_alive():
                raise RuntimeError("the in-process simulator did not start")
            time.sleep(0.01)
        try:
            yield f"http://127.0.0.1:{port}/v1", simulator
        finally:
            server.should_exit = True
            thread.join(timeout=10)
