"""The course's own simulator as a background service: start it, find it, stop it (`make stop`), say what answers.

    python -m course.service start    # in the background, for .env's OPENAI_BASE_URL (the Binder `start` script)
    python -m course.service stop     # `make stop`: a simulator the course started
    python -m course.service status

A simulator started here records itself in .simulator/server.pid (JSON: pid, base_url, who started it).
Before stopping that process, `stop_simulator` checks it is really the simulator: its /health must carry
the simulator's marker and the same pid, or, when it no longer answers, its command line must be the
simulator's. A reused pid or another program on the port is never killed.
"""

from __future__ import annotations

import argparse
import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path
from urllib.parse import urlsplit

from dotenv import find_dotenv, load_dotenv

from simulator import launch
from simulator.launch import is_loopback, is_simulator, root_url

ROOT = Path(__file__).resolve().parents[1]
STATE = ROOT / ".simulator"  # where the course's simulator keeps its database, log and pid
DEFAULT_BASE_URL = "http://127.0.0.1:8765/v1"


def probe(base_url: str, timeout: float = 1.0) -> dict | None:
    """What answers at the server behind base_url: its /health body, {} for a server without one, None for nothing."""
    return launch.probe(root_url(base_url), timeout=timeout)


def port_of(base_url: str) -> int:
    parts = urlsplit(base_url)
    return parts.port or (443 if parts.scheme == "https" else 80)


def stranger_message(base_url: str) -> str:
    """What to say when another program answers where the simulator should be."""
    port = port_of(base_url)
    other = port + 1
    host = urlsplit(base_url).hostname
    return (
        f"Another program answers at {root_url(base_url)}: it is not the course's simulator (its /health does not "
        f"name it), so the lessons would fail there. Stop that program, or use another port:\n"
        f"  - with `make lab PORT={other}` (or `python -m course.lab --port {other}`) the lessons follow by themselves;\n"
        f"  - for lessons opened another way, set OPENAI_BASE_URL=http://{host}:{other}/v1 in .env, then re-run this cell."
    )


def state_dir() -> Path:
    """The simulator's folder: SIMULATOR_STATE_DIR if set (tests use a temporary one; a hub, ~/.simulator), else .simulator/."""
    return Path(os.path.expanduser(os.environ.get("SIMULATOR_STATE_DIR") or STATE))  # "~/.simulator": each hub learner's own


# -- the pid file -------------------------------------------------------------------------------------


def pid_file(state: Path | None = None) -> Path:
    return (state or state_dir()) / "server.pid"


def read_pid_record(state: Path | None = None) -> dict | None:
    """The simulator the course started last: {"pid", "base_url", "started_by"}, or None."""
    try:
        text = pid_file(state).read_text().strip()
    except OSError:
        return None
    try:
        record = json.loads(text)
    except ValueError:
        return None
    if isinstance(record, int):  # the old format: the pid alone
        record = {"pid": record}
    if not isinstance(record, dict) or not isinstance(record.get("pid"), int):
        return None
    record.setdefault("base_url", DEFAULT_BASE_URL)
    record.setdefault("started_by", "the course")
    return record


def _cmdline(pid: int) -> list[str] | None:
    """A process's command line (Linux: /proc; macOS and other Unixes: ps); None when unknown."""
    if os.name != "posix":
        return None
    proc = Path(f"/proc/{pid}/cmdline")
    if proc.exists():
        try:
            return [part for part in proc.read_bytes().decode(errors="replace").split("\0") if part]
        except OSError:
            return None
    try:
        out = subprocess.run(["ps", "-o", "command=", "-p", str(pid)], capture_output=True, text=True, timeout=5).stdout
    except (OSError, subprocess.SubprocessError):
        return None
    return out.split() or None


def _looks_like_simulator(argv: list[str] | None) -> bool:
    return bool(argv) and any(argv[i] == "-m" and argv[i + 1] == "simulator" for i in range(len(argv) - 1))


def _alive(pid: int) -> bool:
    if os.name != "posix":
        return True  # unknown (os.kill(pid, 0) would terminate it on Windows); callers also watch /health
    try:
        if os.waitpid(pid, os.WNOHANG)[0] == pid:
            return False  # our own child, just reaped
    except ChildProcessError:
        pass
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    stat = Path(f"/proc/{pid}/stat")
    try:
        return stat.read_text().rsplit(")", 1)[1].split()[0] != "Z"  # a zombie is gone, waiting to be reaped
    except (OSError, IndexError):
        return True


def verify(record: dict | None) -> str | None:
    """Why the recorded process is our simulator ("health" or "cmdline"), or None when it is not (or is gone)."""
    if not record:
        return None
    pid = record["pid"]
    health = probe(record["base_url"], timeout=1.0)
    if is_simulator(health) and health.get("pid") == pid:
        return "health"
    if health is not None and is_simulator(health):
        return None  # another simulator answers there; the recorded one is gone or elsewhere
    if _alive(pid) and _looks_like_simulator(_cmdline(pid)):
        return "cmdline"
    return None


def start_simulator(base_url: str, *, state: Path | None = None, wait: float = 20.0, started_by: str = "a lesson (check_backend)") -> subprocess.Popen:
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
    try:
        launch.wait_for_health(process, root_url(base_url), wait=wait, log=log)
    except RuntimeError:
        if process.poll() is None:
            process.kill()
        process.wait()
        raise
    pid_file(state).write_text(json.dumps({"pid": process.pid, "base_url": base_url, "started_by": started_by}) + "\n")
    return process


def stop_simulator(state: Path | None = None, *, timeout: float = 10.0) -> str:
    """Stop the simulator recorded in the pid file, if it really is ours; say what happened (one line)."""
    path = pid_file(state)
    record = read_pid_record(state)
    if record is None:
        path.unlink(missing_ok=True)
        return "No simulator started by the course is recorded (nothing to stop)."
    pid, base_url = record["pid"], record["base_url"]
    how = verify(record)
    if how is None:
        path.unlink(missing_ok=True)
        return f"The recorded simulator (pid {pid}) is not running any more (nothing stopped)."
    os.kill(pid, signal.SIGTERM)
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline and (_alive(pid) if os.name == "posix" else probe(base_url, timeout=0.2) is not None):
        time.sleep(0.05)
    if os.name == "posix" and _alive(pid):
        os.kill(pid, signal.SIGKILL)
        while _alive(pid):
            time.sleep(0.05)
    path.unlink(missing_ok=True)
    return f"Stopped the simulator at {base_url} (pid {pid}, started by {record['started_by']})."


# -- python -m course.service start | stop | status --------------------------------------------------


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m course.service", description="Start, stop or name the course's simulator.")
    parser.add_argument("action", choices=["start", "stop", "status"])
    parser.add_argument("--state", type=Path, help="the simulator's folder (default: .simulator/, or SIMULATOR_STATE_DIR)")
    args = parser.parse_args(argv)
    load_dotenv(find_dotenv(usecwd=True), override=False)
    state = args.state or state_dir()
    base_url = os.environ.get("OPENAI_BASE_URL") or DEFAULT_BASE_URL
    if args.action == "stop":
        print(stop_simulator(state), flush=True)
        return 0
    health = probe(base_url) if is_loopback(base_url) else None
    if args.action == "status":
        record = read_pid_record(state)
        if is_simulator(health):
            owner = f", started by {record['started_by']}" if record and record["pid"] == health.get("pid") else ""
            print(f"The simulator answers at {base_url} (pid {health.get('pid')}, version {health.get('version')}{owner}).")
        elif health is not None:
            print(stranger_message(base_url))
            return 1
        else:
            print(f"Nothing answers at {base_url}.")
        return 0
    if not is_loopback(base_url):
        print(f"OPENAI_BASE_URL is {base_url}, not a loopback address: nothing to start.")
        return 0
    if is_simulator(health):
        print(f"Simulator: already answering at {base_url}.")
        return 0
    if health is not None:
        print(stranger_message(base_url), file=sys.stderr)
        return 1
    start_simulator(base_url, state=state, started_by="python -m course.service start")
    print(f"Simulator: started at {base_url} (log: {state / 'server.log'}; `make stop` or `python -m course.service stop` stops it).")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
