"""`make lab` (or `python -m course.lab`): the simulator in the background, JupyterLab in the foreground.

Ctrl-C stops JupyterLab and the simulator: the one this command started, or one a lesson started (or
restarted) meanwhile, whichever the pid file records and is really the simulator. A simulator this
command did not start and the course did not record (`make serve` in another terminal, say) keeps
running, and the last line says so. Another program on the simulator's port stops it at once, with
what to do instead (`make lab PORT=8766`).

Arguments after `--` go to `jupyter lab` unchanged.
"""

from __future__ import annotations

import argparse
import os
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

from dotenv import load_dotenv

from course.service import ROOT, is_simulator, probe, read_pid_record, root_url, start_simulator, stop_simulator, stranger_message, verify

BANNER_WIDTH = 78


def stop(process: subprocess.Popen | None, timeout: float = 10) -> None:
    if process is None or process.poll() is not None:
        return
    process.terminate()
    try:
        process.wait(timeout=timeout)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()


def should_open_browser(platform: str | None = None, environ: dict | None = None) -> bool:
    """Open a browser on every desktop (Windows, macOS, Linux with a display); never on a headless Linux."""
    platform = platform or sys.platform
    environ = os.environ if environ is None else environ
    if platform in ("win32", "cygwin", "darwin"):
        return True
    return bool(environ.get("DISPLAY") or environ.get("WAYLAND_DISPLAY"))


def free_port(start: int = 8888, tries: int = 50) -> int:
    """The first port from `start` on that nothing listens on (JupyterLab's own habit), else any free one."""
    for port in range(start, start + tries):
        with socket.socket() as sock:
            try:
                sock.bind(("127.0.0.1", port))
            except OSError:
                continue
            return port
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def wait_for_lab(process: subprocess.Popen, port: int, wait: float = 120.0) -> bool:
    deadline = time.monotonic() + wait
    while time.monotonic() < deadline and process.poll() is None:
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/api", timeout=1):
                return True
        except OSError:
            time.sleep(0.2)
    return False


def banner(url: str, opened: bool, playground: str | None = None) -> str:
    lines = [
        "JupyterLab is ready. Open this address in your browser" + (" (it should open by itself):" if opened else ":"),
        "",
        f"    {url}",
        "",
        "Start with 00_introduction.ipynb. Ctrl-C here stops JupyterLab and the simulator.",
    ]
    if playground:
        lines += ["", f"The Playground (make and try assistants in the browser): {playground}"]
    lines += ["A real model instead of the scripted one: README, \"Use a real model\" (SIMULATOR_MODEL_BACKEND in .env)."]
    rule = "=" * BANNER_WIDTH
    return "\n".join([rule, *lines, rule])


def main(argv: list[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    lab_extra: list[str] = []
    if "--" in argv:
        at = argv.index("--")
        argv, lab_extra = argv[:at], argv[at + 1 :]
    parser = argparse.ArgumentParser(prog="python -m course.lab", description="Start the course: the offline simulator, then JupyterLab.")
    parser.add_argument("--host", default="127.0.0.1", help="the simulator's address (default: %(default)s)")
    parser.add_argument("--port", type=int, default=8765, help="the simulator's port (default: %(default)s; make lab PORT=...)")
    parser.add_argument("--state", type=Path, default=ROOT / ".simulator", help="the simulator's folder: database, log, pid")
    parser.add_argument("--no-browser", action="store_true", help="only print JupyterLab's address")
    parser.add_argument("--env-file", type=Path, default=ROOT / ".env", help="the course's settings, made from .env.example if missing (default: %(default)s)")
    args = parser.parse_args(argv)
    if not args.env_file.exists() and (ROOT / ".env.example").exists():  # as `make lab` does
        shutil.copyfile(ROOT / ".env.example", args.env_file)
        print(f"Copied .env.example to {args.env_file} (the lessons' settings).", flush=True)
    load_dotenv(args.env_file, override=False)  # SIMULATOR_* pacing for a class, say

    state = args.state.resolve()
    base_url = f"http://{args.host}:{args.port}/v1"
    env = {**os.environ, "OPENAI_BASE_URL": base_url}  # the lessons' kernels inherit it: it wins over .env
    env.setdefault("OPENAI_API_KEY", "sk-offline")
    env["SIMULATOR_STATE_DIR"] = str(state)  # a lesson that restarts the simulator records it where we look
    lab_port = free_port()
    token = secrets.token_hex(24)
    open_browser = should_open_browser() and not args.no_browser
    lab_command = [
        sys.executable, "-m", "jupyter", "lab",
        f"--notebook-dir={ROOT / 'notebooks'}",
        f"--ServerApp.open_browser={open_browser}",
        f"--ServerApp.port={lab_port}",
        f"--IdentityProvider.token={token}",
    ]  # fmt: skip
    if hasattr(os, "geteuid") and os.geteuid() == 0:
        lab_command.append("--allow-root")  # containers and CI machines often run as root; Jupyter refuses it otherwise
    lab_command += lab_extra

    # A kill (SIGTERM, or the terminal closing) stops everything as Ctrl-C does.
    def interrupt(signum, frame):
        raise KeyboardInterrupt

    signal.signal(signal.SIGTERM, interrupt)
    if hasattr(signal, "SIGHUP"):
        signal.signal(signal.SIGHUP, interrupt)
    simulator = lab = None
    keeps_running = None  # a simulator we neither started nor recorded: named at the end, not stopped
    try:
        health = probe(base_url)
        if health is None:
            print("Simulator: starting…", flush=True)
            simulator = start_simulator(base_url, state=state, started_by="make lab")
            print(f"Simulator: {base_url} (log: {state / 'server.log'}, database: {state / 'simulator.db'})", flush=True)
        elif not is_simulator(health):
            print(stranger_message(base_url).replace("re-run this cell", "start the lessons again"), file=sys.stderr, flush=True)
            return 2
        else:
            record = read_pid_record(state)
            if record and record["base_url"] == base_url and verify(record):
                print(f"Simulator: already answering at {base_url} (pid {record['pid']}, started by {record['started_by']}); Ctrl-C stops it too.", flush=True)
            else:
                keeps_running = health.get("pid")
                print(f"Simulator: already answering at {base_url} (pid {keeps_running}, not started by make lab or a lesson: it keeps running when this stops).", flush=True)
        lab = subprocess.Popen(lab_command, env=env, cwd=ROOT)
        if wait_for_lab(lab, lab_port):
            playground = root_url(base_url) + "/playground/" if is_simulator(probe(base_url)) else None
            print("\n" + banner(f"http://localhost:{lab_port}/lab?token={token}", open_browser, playground) + "\n", flush=True)
        return lab.wait()
    except KeyboardInterrupt:
        return 0
    finally:
        stop(lab)
        said = ["Stopped JupyterLab."] if lab is not None else []
        record = read_pid_record(state)
        if record and record["base_url"] == base_url and (lab is not None or simulator is not None):
            said.append(stop_simulator(state))  # ours, or one a lesson started meanwhile: checked before it is stopped
        if simulator is not None and simulator.poll() is None:
            stop(simulator)
            said.append(f"Stopped the simulator this command started (pid {simulator.pid}).")
        if said:
            print(*said, sep="\n", flush=True)
        still = probe(base_url, timeout=0.5)
        if is_simulator(still):
            pid = still.get("pid", keeps_running)
            print(
                f"The simulator at {base_url} (pid {pid}) keeps running: it was not started by make lab or a lesson. "
                "Stop it where it was started (Ctrl-C in its terminal), or end that process.",
                flush=True,
            )


if __name__ == "__main__":
    raise SystemExit(main())
