"""Which API the lessons talk to, and starting the offline simulator when it is not running yet."""

from __future__ import annotations

import ipaddress
import os
import subprocess
from pathlib import Path
from urllib.parse import urlsplit

from dotenv import find_dotenv, load_dotenv

from simulator import launch

ROOT = Path(__file__).resolve().parents[1]
STATE = ROOT / ".simulator"  # where a simulator started from a lesson keeps its database, log and pid
DEFAULT_BASE_URL = "http://127.0.0.1:8765/v1"
DEFAULT_KEY = "sk-offline"


def is_loopback(base_url: str) -> bool:
    host = urlsplit(base_url).hostname or ""
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def probe(base_url: str, timeout: float = 1.0) -> dict | None:
    """What answers at the server behind base_url: the simulator's /health, {} for anything else, None for nothing."""
    return launch.probe(base_url.rstrip("/").removesuffix("/v1"), timeout=timeout)


def state_dir() -> Path:
    """The simulator's folder: SIMULATOR_STATE_DIR if set (tests use a temporary one), else .simulator/."""
    return Path(os.environ.get("SIMULATOR_STATE_DIR") or STATE)


def start_simulator(base_url: str, *, state: Path | None = None, wait: float = 20.0) -> subprocess.Popen:
    """Start the simulator in the background for base_url (a loopback address), log and pid in `state`."""
    parts = urlsplit(base_url)
    state = state or state_dir()
    state.mkdir(parents=True, exist_ok=True)
    log = state / "server.log"
    with open(log, "ab") as handle:  # the child keeps its own handle
        process = subprocess.Popen(
            launch.command(parts.hostname, parts.port or 80, state / "simulator.db"),
            cwd=ROOT,
            stdout=handle,
            stderr=subprocess.STDOUT,
            stdin=subprocess.DEVNULL,
            start_new_session=True,  # it outlives the kernel that started it, like a real service
        )
    (state / "server.pid").write_text(str(process.pid))
    launch.wait_for_health(process, base_url.rstrip("/").removesuffix("/v1"), wait=wait, log=log)
    return process


def check_backend(state: Path | None = None) -> str:
    """Load .env, make sure the API answers, and print one line naming it (never the key).

    Variables already set win over .env. With no OPENAI_BASE_URL at all the course uses the offline
    simulator at its default address; a loopback address where nothing answers gets the simulator
    started there, keeping its files in `state` (default: state_dir()).
    """
    load_dotenv(find_dotenv(usecwd=True), override=False)
    os.environ.setdefault("OPENAI_BASE_URL", DEFAULT_BASE_URL)
    base_url = os.environ["OPENAI_BASE_URL"]
    if not is_loopback(base_url):
        os.environ.setdefault("OPENAI_API_KEY", "")
        line = f"Backend: {base_url} (a remote endpoint: it must still serve the Assistants API)"
        print(line)
        return line
    os.environ.setdefault("OPENAI_API_KEY", DEFAULT_KEY)
    health = probe(base_url)
    if health is None:
        start_simulator(base_url, state=state)
        health = probe(base_url) or {}
    if health.get("service") == launch.SERVICE:
        line = f"Backend: the offline Assistants API simulator at {base_url}"
    else:
        line = f"Backend: a local endpoint at {base_url}"
    print(line)
    return line
