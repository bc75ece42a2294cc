"""`make lab` (or `python -m course.lab`): the simulator in the background, JupyterLab in the foreground.

Ctrl-C stops JupyterLab and the simulator: the one this command started, or one a lesson started (or
restarted) meanwhile, whichever the pid file records and is really the simulator. A simulator this
command did not start and the course did not record (`make serve` in another terminal, say) keeps
running, and the last line says so. Another program on the simulator's port stops it at once, with
what to do instead (`make lab PORT=8766`).

Arguments after `--` go to `jupyter lab` unchanged; a port or token given there (`--ServerApp.port=9999`,
`--port 9999`, `--IdentityProvider.token=...`) is the one the banner shows. The terminal shows only what a
learner needs: the simulator's line, one address in a frame, and what Ctrl-C stopped. JupyterLab's own log
goes to .simulator/lab.log (its last lines are shown if it stops by itself), and JupyterLab runs in a process
group of its own, so Ctrl-C stops everything at once instead of JupyterLab asking "Shut down this Jupyter
server (y/[n])?".
"""

from __future__ import annotations

import argparse
import importlib.util
import os
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import threading
import time
import urllib.request
from pathlib import Path

from dotenv import load_dotenv

from course import labsettings
from course.service import ROOT, is_simulator, probe, read_pid_record, start_simulator, stop_simulator, stranger_message, verify

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


def banner(url: str, opened: bool, playground: bool = False) -> str:
    """The frame around the one address to open."""
    lines = [
        "JupyterLab is ready. Open this address in your browser" + (" (it should open by itself):" if opened else ":"),
        "",
        f"    {url}",
        "",
        "Start with 00_introduction.ipynb. Ctrl-C here stops JupyterLab and the simulator.",
    ]
    if playground:
        lines += ["The Playground (make and try assistants in the browser): the Assistants Playground tile in JupyterLab's launcher."]
    lines += ["A real model instead of the scripted one: README, \"Use a real model\" (SIMULATOR_MODEL_BACKEND in .env)."]
    rule = "=" * BANNER_WIDTH
    return "\n".join([rule, *lines, rule])


def option(args: list[str], *names: str) -> str | None:
    """The last value given to any of `names` in JupyterLab's arguments (`--name=value` or `--name value`)."""
    found = None
    for i, arg in enumerate(args):
        name, eq, value = arg.partition("=")
        if name in names:
            found = value if eq else (args[i + 1] if i + 1 < len(args) else None)
    return found


FROM_MAKE = "COURSE_LAB_FROM_MAKE"  # set by the Makefile's lab recipe alone


def invoked_as(environ: dict | None = None) -> str:
    """How the learner started this: `make lab` (its recipe says so) or `python -m course.lab`."""
    environ = os.environ if environ is None else environ
    return "make lab" if environ.get(FROM_MAKE) else "python -m course.lab"


def shown(path: Path) -> str:
    """A path as short as it can be said: relative to the current folder when it is under it."""
    try:
        return str(path.relative_to(Path.cwd()))
    except ValueError:
        return str(path)


def die_with_parent() -> None:
    """In JupyterLab's process, before it runs (Linux): end it if this command is killed outright (kill -9),
    since in a session of its own it would outlive it. Ctrl-C and kill stop it in `finally` below anyway."""
    try:
        import ctypes

        ctypes.CDLL(None, use_errno=True).prctl(1, signal.SIGTERM)  # PR_SET_PDEATHSIG
    except (OSError, AttributeError):
        pass


def tail(path: Path, lines: int = 15) -> str:
    try:
        return "\n".join(path.read_text(encoding="utf-8", errors="replace").splitlines()[-lines:])
    except OSError:
        return ""


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
    me = invoked_as()
    base_url = f"http://{args.host}:{args.port}/v1"
    env = {**os.environ, "OPENAI_BASE_URL": base_url}  # the lessons' kernels inherit it: it wins over .env
    env.setdefault("OPENAI_API_KEY", "sk-offline")
    env["SIMULATOR_STATE_DIR"] = str(state)  # a lesson that restarts the simulator records it where we look
    env.pop(FROM_MAKE, None)  # JupyterLab and its kernels were not started by make
    labsettings.install_for_course()  # no "get notified about official Jupyter news?" toast (make install did it already)
    given_port = option(lab_extra, "--ServerApp.port", "--port")
    lab_port = int(given_port) if given_port and given_port.isdigit() else free_port()
    token = option(lab_extra, "--IdentityProvider.token", "--ServerApp.token", "--token") or secrets.token_hex(24)
    open_browser = should_open_browser() and not args.no_browser
    lab_command = [
        sys.executable, "-m", "jupyter", "lab",
        f"--notebook-dir={ROOT / 'notebooks'}",
        f"--ServerApp.open_browser={open_browser}",
        "--ServerApp.port_retries=0",  # the address in the frame is the one it serves, or it says why not
    ]  # fmt: skip
    # A port or token given after -- is given once (JupyterLab refuses a second value), and the frame shows it.
    lab_command += [] if given_port else [f"--ServerApp.port={lab_port}"]
    lab_command += [] if option(lab_extra, "--IdentityProvider.token", "--ServerApp.token", "--token") else [f"--IdentityProvider.token={token}"]
    if hasattr(os, "geteuid") and os.geteuid() == 0:
        lab_command.append("--allow-root")  # containers and CI machines often run as root; Jupyter refuses it otherwise
    lab_command += lab_extra

    # A kill (SIGTERM, or the terminal closing) stops everything as Ctrl-C does.
    def interrupt(signum, frame):
        raise KeyboardInterrupt

    signal.signal(signal.SIGINT, interrupt)  # Ctrl-C, even where it was ignored when this started (nohup, some runners)
    signal.signal(signal.SIGTERM, interrupt)
    if hasattr(signal, "SIGHUP"):
        signal.signal(signal.SIGHUP, interrupt)
    simulator = lab = None
    keeps_running = None  # a simulator we neither started nor recorded: named at the end, not stopped
    lab_log = state / "lab.log"
    starting: dict = {}  # the simulator this command starts, in a thread while JupyterLab starts (two cores, both seconds)

    def start_it() -> None:
        try:
            starting["process"] = start_simulator(base_url, state=state, started_by=me)
        except RuntimeError as error:  # it said why (a taken port, a Python without the course's packages)
            starting["error"] = error

    starter = threading.Thread(target=start_it, name="simulator start", daemon=True)
    try:
        health = probe(base_url)
        if health is None:
            pass  # started below, beside JupyterLab
        elif not is_simulator(health):
            print(stranger_message(base_url).replace("re-run this cell", "start the lessons again"), file=sys.stderr, flush=True)
            return 2
        else:
            record = read_pid_record(state)
            if record and record["base_url"] == base_url and verify(record):
                print(f"Simulator: already running on port {args.port} (pid {record['pid']}, started by {record['started_by']}); Ctrl-C stops it too.", flush=True)
            else:
                keeps_running = health.get("pid")
                print(f"Simulator: already running on port {args.port} (pid {keeps_running}, not started by {me} or a lesson: it keeps running when this stops).", flush=True)
        state.mkdir(parents=True, exist_ok=True)
        with open(lab_log, "ab") as log:
            # A group of its own: the terminal's Ctrl-C reaches only this process, which stops JupyterLab itself.
            # Started before any other thread of this process, so that preexec_fn runs safely.
            lab = subprocess.Popen(
                lab_command, env=env, cwd=ROOT, stdin=subprocess.DEVNULL, stdout=log, stderr=subprocess.STDOUT,
                start_new_session=True, preexec_fn=die_with_parent if sys.platform == "linux" else None,
            )  # fmt: skip
        if health is None:
            starter.start()
        if starter.ident is not None:
            starter.join()
            simulator = starting.get("process")
            if simulator is None:
                print(starting.get("error", "The simulator did not start."), file=sys.stderr, flush=True)
                return 1
            print(f"Simulator: started on port {args.port} (its log and database are in {shown(state)}/).", flush=True)
        print("JupyterLab: starting…", flush=True)
        if wait_for_lab(lab, lab_port):
            playground = importlib.util.find_spec("jupyter_server_proxy") is not None
            print("\n" + banner(f"http://localhost:{lab_port}/lab?token={token}", open_browser, playground) + "\n", flush=True)
        else:
            code = lab.wait()
            print(f"JupyterLab stopped before it was ready (exit code {code}). The end of its log ({shown(lab_log)}):\n{tail(lab_log)}", file=sys.stderr, flush=True)
            return code
        return lab.wait()
    except KeyboardInterrupt:
        return 0
    finally:
        stop(lab)
        if starter.ident is not None:  # interrupted while the simulator was starting: it is ours all the same
            starter.join(timeout=30)
            simulator = simulator or starting.get("process")
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
                f"The simulator at {base_url} (pid {pid}) keeps running: it was not started by {me} or a lesson. "
                "Stop it where it was started (Ctrl-C in its terminal), or end that process.",
                flush=True,
            )


if __name__ == "__main__":
    raise SystemExit(main())
