"""Start a simulator in a subprocess and wait for its /health: one way, for the course's helpers, tests and benchmarks."""

from __future__ import annotations

import json
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

SERVICE = "assistants-simulator"  # what the simulator's /health says it is


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


def wait_for_health(process: subprocess.Popen, root_url: str, *, wait: float, log: Path) -> None:
    """Return once root_url/health answers; raise with the log's path if the process dies or time runs out."""
    deadline = time.monotonic() + wait
    while time.monotonic() < deadline:
        if probe(root_url, timeout=0.5) is not None:
            return
        if process.poll() is not None:
            raise RuntimeError(f"The simulator stopped at start; see {log}.")
        time.sleep(0.05)
    process.terminate()
    raise RuntimeError(f"The simulator did not answer within {wait:.0f} s; see {log}.")
