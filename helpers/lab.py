"""`make lab`: the simulator in the background, JupyterLab in the foreground; Ctrl-C stops both."""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
from pathlib import Path

from dotenv import find_dotenv, load_dotenv

from .backend import ROOT, probe, start_simulator


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
    simulator = None
    if probe(base_url) is None:
        simulator = start_simulator(base_url, state=args.state.resolve())
        print(f"Simulator: {base_url} (log: {args.state / 'server.log'}, database: {args.state / 'simulator.db'})", flush=True)
    else:
        print(f"Simulator: already answering at {base_url}", flush=True)
    lab = [sys.executable, "-m", "jupyter", "lab", f"--notebook-dir={ROOT / 'notebooks'}", "--ServerApp.open_browser=" + ("True" if os.environ.get("DISPLAY") else "False")]
    try:
        return subprocess.call(lab, env=env, cwd=ROOT)
    except KeyboardInterrupt:
        return 0
    finally:
        if simulator is not None:
            simulator.terminate()
            try:
                simulator.wait(timeout=10)
            except subprocess.TimeoutExpired:
                simulator.kill()
            (args.state / "server.pid").unlink(missing_ok=True)


if __name__ == "__main__":
    raise SystemExit(main())
