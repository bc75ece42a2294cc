"""A simulator in a subprocess on a free loopback port, as tests (and the benchmarks) use it."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
from pathlib import Path

from simulator import launch

ROOT = Path(__file__).resolve().parents[2]

# Runs move as fast as they can under tests: no pacing, whatever a learner's .env says.
FAST = {"SIMULATOR_QUEUED_DELAY": "0", "SIMULATOR_IN_PROGRESS_DELAY": "0", "SIMULATOR_TOKEN_DELAY": "0"}


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class SimulatorProcess:
    def __init__(self, db: Path, *, port: int | None = None, env: dict | None = None, args: tuple[str, ...] = ()) -> None:
        self.db = Path(db)
        self.port = port or free_port()
        # Only the settings a test asks for: none from the shell (a learner's classroom settings, say),
        # except the conformance log the session sets for every simulator it starts.
        inherited = {k: v for k, v in os.environ.items() if not k.startswith("SIMULATOR_") or k == "SIMULATOR_CONFORMANCE_LOG"}
        self.env = {**inherited, **FAST, **(env or {})}
        self.args = args
        self.process: subprocess.Popen | None = None
        self.log = self.db.with_suffix(".log")

    @property
    def base_url(self) -> str:
        return f"http://127.0.0.1:{self.port}/v1"

    def start(self, wait: float = 20.0) -> SimulatorProcess:
        self.db.parent.mkdir(parents=True, exist_ok=True)
        command = launch.command("127.0.0.1", self.port, self.db, "--log-level", "warning", *self.args)
        with open(self.log, "ab") as log:
            # Started beside its database, not in the repository: it must not read a learner's .env.
            self.process = subprocess.Popen(command, cwd=self.db.parent, env=self.env, stdout=log, stderr=subprocess.STDOUT)
        try:
            launch.wait_for_health(self.process, f"http://127.0.0.1:{self.port}", wait=wait, log=self.log)
        except RuntimeError as error:
            raise RuntimeError(f"{error}\n" + self.log.read_text(errors="replace")) from None
        return self

    def stop(self, *, kill: bool = False) -> None:
        if self.process is None:
            return
        self.process.send_signal(signal.SIGKILL if kill else signal.SIGTERM)
        try:
            self.process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()
        self.process = None

    def __enter__(self) -> SimulatorProcess:
        return self.start()

    def __exit__(self, *exc) -> None:
        self.stop()
