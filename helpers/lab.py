"""`make lab`: the simulator in the background, JupyterLab in the foreground; Ctrl-C stops both."""

from __future__ import annotations

import argparse
import os
import signal
import subprocess
import sys
from pathlib import Path

from dotenv import find_dotenv, load_dotenv

from .backend import ROOT, probe, start_simulator


def stop(process: subprocess.Popen | None, timeout: float = 10) -> None:
    if process is None or process.poll() is not None:
        return
    process.terminate()
    try:
        process.wait(timeout=timeout)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m helpers.lab")
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=8765)
    parser.add_argument("--state", type=Path, default=ROOT / ".simulator")
    args = parser.parse_args(argv)
    load_dotenv(find_dotenv(usecwd=True), override=False)  # SIMULATOR_* pacing for a class, say

    base_url = f"http://{args.host}:{args.port}/v1"
    env = {**os.environ, "OPENAI_BASE_URL": base_url}
    env.setdefault("OPENAI_API_KEY", "sk-offline")
    lab_command = [sys.executable, "-m", "jupyter", "lab", f"--notebook-dir={ROOT / 'notebooks'}", "--ServerApp.open_browser=" + ("True" if os.environ.get("DISPLAY") else "False")]
    if hasattr(os, "geteuid") and os.geteuid() == 0:
        lab_command.append("--allow-root")  # containers and CI machines often run as root; Jupyter refuses it otherwise

    # A kill (SIGTERM, or the terminal closing) stops everything as Ctrl-C does.
    def interrupt(signum, frame):
        raise KeyboardInterrupt

    signal.signal(signal.SIGTERM, interrupt)
    signal.signal(signal.SIGHUP, interrupt)
    simulator = lab = None
    try:
        if probe(base_url) is None:
            simulator = start_simulator(base_url, state=args.state.resolve())
            print(f"Simulator: {base_url} (log: {args.state / 'server.log'}, database: {args.state / 'simulator.db'})", flush=True)
        else:
            print(f"Simulator: already answering at {base_url}", flush=True)
        lab = subprocess.Popen(lab_command, env=env, cwd=ROOT)
        return lab.wait()
    except KeyboardInterrupt:
        return 0
    finally:
        stop(lab)
        stop(simulator)
        if simulator is not None:
            (args.state / "server.pid").unlink(missing_ok=True)
        print("Stopped JupyterLab" + (" and the simulator." if simulator is not None else "."), flush=True)


if __name__ == "__main__":
    raise SystemExit(main())
