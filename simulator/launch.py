"""Start a simulator in a subprocess and wait for its /health: one way, for the course's helpers, tests and benchmarks.

The simulator's /health names it (SERVICE), carries a marker no other server sends (MARKER), its version and
its process id, so whoever finds something answering on its port can tell the simulator from a stranger's
server (is_simulator) and, before stopping a process, check that it is the one that answers.
"""

from __future__ import annotations

import ipaddress
import json
import os
import re
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path
from urllib.parse import urlsplit

from simulator import settings

SERVICE = "assistants-simulator"  # what the simulator's /health says it is
MARKER = "openai-assistants-simulator/offline-course"  # stable: only this simulator sends it; never change it


_version: str | None = None


def version() -> str:
    """The installed course package's version (the simulator ships inside it)."""
    global _version
    if _version is None:
        _version = _find_version()
    return _version


def _find_version() -> str:
    from importlib.metadata import PackageNotFoundError
    from importlib.metadata import version as package_version

    try:
        return package_version("assistants-course")
    except PackageNotFoundError:
        return "unknown"


def health_body(pid: int) -> dict:
    """What the simulator's /health answers (simulator.app.health serves it)."""
    return {"status": "ok", "service": SERVICE, "marker": MARKER, "version": version(), "pid": pid}


def is_simulator(health: dict | None) -> bool:
    """Whether a /health body is this simulator's (not merely some server that answers)."""
    return isinstance(health, dict) and health.get("service") == SERVICE and health.get("marker") == MARKER


def is_loopback(base_url: str) -> bool:
    """Whether base_url is on this machine (only there does the course start a simulator)."""
    host = urlsplit(base_url).hostname or ""
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def root_url(base_url: str) -> str:
    """The server behind an API base URL (http://127.0.0.1:8765/v1 -> http://127.0.0.1:8765)."""
    return base_url.rstrip("/").removesuffix("/v1")


def command(host: str, port: int, db: Path | str, *extra: str) -> list[str]:
    """The command line that serves a simulator on host:port with its database at db."""
    return [sys.executable, "-m", "simulator", "--host", host, "--port", str(port), "--db", str(db), *extra]


def probe(root_url: str, timeout: float = 1.0) -> dict | None:
    """What answers at root_url: the simulator's /health body, {} for any other server, None for nothing."""
    try:
        with urllib.request.urlopen(root_url.rstrip("/") + "/health", timeout=timeout) as response:
            body = json.loads(response.read() or b"{}")
            return body if isinstance(body, dict) else {}
    except urllib.error.HTTPError:
        return {}  # something answers, just not the simulator
    except (OSError, ValueError):
        return None


WRONG_PYTHON = (
    "The simulator could not start: this Python ({python}) does not have the course's packages ({missing}). "
    "Use the course's own Python: .venv/bin/python -m ... (`make lab` or `make install` creates .venv; "
    "Windows: .venv\\Scripts\\python -m ...)."
)


def why_it_stopped(log: Path, root_url: str) -> str:
    """Why a simulator stopped at start, from the end of its log: a Python without the course's packages, a taken port, or else."""
    try:
        text = "\n".join(Path(log).read_text(encoding="utf-8", errors="replace").splitlines()[-30:])
    except OSError:
        text = ""
    said = [line for line in text.splitlines() if "does not have the course's packages" in line]
    if said:  # the simulator's own words (python -m simulator checks its packages first)
        return said[-1].strip()
    missing = re.findall(r"ModuleNotFoundError: (No module named '[^']+')", text)
    if missing:
        return WRONG_PYTHON.format(python=sys.executable, missing=missing[-1])
    if "address already in use" in text.lower() or "errno 98" in text.lower():
        return f"The simulator could not start: another program already uses the port of {root_url}; see {log}."
    return f"The simulator stopped at start; the end of its log ({log}) says why."


def wait_for_health(process: subprocess.Popen, root_url: str, *, wait: float, log: Path) -> None:
    """Return once the simulator answers root_url/health; raise with the log's path if it dies or time runs out.

    Only this simulator's own answer counts: a stranger's server on the port does not make it "up"."""
    deadline = time.monotonic() + wait
    while time.monotonic() < deadline:
        if is_simulator(probe(root_url, timeout=0.5)):
            return
        if process.poll() is not None:
            raise RuntimeError(why_it_stopped(log, root_url))
        time.sleep(0.05)
    process.terminate()
    raise RuntimeError(f"The simulator did not answer within {wait:.0f} s; see {log}.")


# -- a simulator of one's own, on a free port: for tests, benchmarks and executing notebooks ------------

# Runs move as fast as they can under tests: no pacing, whatever a learner's .env says.
FAST = settings.environment(queued_delay=0, in_progress_delay=0, token_delay=0)


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class SimulatorProcess:
    """A simulator in a subprocess on a free loopback port, paced as fast as it goes, with a database of its own."""

    def __init__(self, db: Path, *, port: int | None = None, env: dict | None = None, args: tuple[str, ...] = ()) -> None:
        self.db = Path(db)
        self.port = port or free_port()
        # Only the settings a test asks for: none from the shell (a learner's classroom settings, say),
        # except the conformance log the session sets for every simulator it starts.
        session_log = settings.variable("conformance_log")
        inherited = {k: v for k, v in os.environ.items() if not k.startswith("SIMULATOR_") or k == session_log}
        self.env = {**inherited, **FAST, **(env or {})}
        self.args = args
        self.process: subprocess.Popen | None = None
        self.log = self.db.with_suffix(".log")

    @property
    def base_url(self) -> str:
        return f"http://127.0.0.1:{self.port}/v1"

    def start(self, wait: float = 20.0) -> SimulatorProcess:
        self.db.parent.mkdir(parents=True, exist_ok=True)
        argv = command("127.0.0.1", self.port, self.db, "--log-level", "warning", *self.args)
        with open(self.log, "ab") as log:
            # Started beside its database, not in the repository: it must not read a learner's .env.
            self.process = subprocess.Popen(argv, cwd=self.db.parent, env=self.env, stdout=log, stderr=subprocess.STDOUT)
        try:
            wait_for_health(self.process, f"http://127.0.0.1:{self.port}", wait=wait, log=self.log)
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
