"""How long a newcomer waits: a fresh clone's `make install`, and its first `make lab` to the address it prints.

    python -m bench.setup [--installer uv pip] [--repeats 1] [--source .]    # make bench-setup

Each measurement starts from nothing the course made: a fresh `git clone` of --source (its committed HEAD)
into a temporary folder, and an empty package cache (UV_CACHE_DIR, PIP_CACHE_DIR: a new temporary folder),
so every package comes from the index again, as on a learner's first day. `make lab` runs in its own
process group, as in a terminal, and gets Ctrl-C (SIGINT) once its address is printed; the time is wall
clock from `make` to that line. USE_PIP=1 measures the pip fallback. Medians of --repeats runs, min–max
in brackets. This machine's speed drifts: run it when the machine is quiet.
"""

from __future__ import annotations

import argparse
import os
import platform
import re
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

from simulator.launch import free_port

ROOT = Path(__file__).resolve().parents[1]
ADDRESS = re.compile(r"^\s+http://localhost:\d+/lab\?token=\w+\s*$")


def clean_env(workdir: Path, installer: str) -> dict:
    """A learner's shell: empty package caches, no display, none of this process's course variables."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("OPENAI_", "SIMULATOR_", "JUPYTER_", "MAKE", "MFLAGS", "VIRTUAL_ENV"))}
    env.pop("DISPLAY", None)
    env.pop("WAYLAND_DISPLAY", None)
    env["UV_CACHE_DIR"] = str(workdir / "uv-cache")
    env["PIP_CACHE_DIR"] = str(workdir / "pip-cache")
    env["HOME"] = str(workdir / "home")
    (workdir / "home").mkdir(exist_ok=True)
    if installer == "pip":
        env["USE_PIP"] = "1"
    return env


def fresh_clone(source: Path, workdir: Path) -> Path:
    target = workdir / "course"
    subprocess.run(["git", "clone", "--quiet", str(source), str(target)], check=True)
    return target


def time_install(source: Path, installer: str) -> float:
    with tempfile.TemporaryDirectory(prefix="bench-setup-") as tmp:
        workdir = Path(tmp)
        clone = fresh_clone(source, workdir)
        started = time.perf_counter()
        subprocess.run(["make", "--no-print-directory", "install"], cwd=clone, env=clean_env(workdir, installer), check=True, stdout=subprocess.DEVNULL)
        return time.perf_counter() - started


def time_lab(source: Path, installer: str, wait: float = 600) -> tuple[float, list[str]]:
    """Seconds from `make lab` to its address, and everything it printed (after Ctrl-C too)."""
    with tempfile.TemporaryDirectory(prefix="bench-setup-") as tmp:
        workdir = Path(tmp)
        clone = fresh_clone(source, workdir)
        seen: list[str] = []
        ready = threading.Event()
        started = time.perf_counter()
        make = subprocess.Popen(
            ["make", "--no-print-directory", "lab", f"PORT={free_port()}"], cwd=clone, env=clean_env(workdir, installer),
            stdin=subprocess.DEVNULL, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, start_new_session=True,
        )  # fmt: skip
        elapsed: list[float] = []

        def read() -> None:
            for line in iter(make.stdout.readline, ""):
                seen.append(line.rstrip("\n"))
                if not elapsed and ADDRESS.match(line):
                    elapsed.append(time.perf_counter() - started)
                    ready.set()
            ready.set()

        reader = threading.Thread(target=read, daemon=True)
        reader.start()
        try:
            ready.wait(wait)
            os.killpg(make.pid, signal.SIGINT)  # Ctrl-C, as a terminal sends it to its foreground group
            make.wait(timeout=60)
        finally:
            if make.poll() is None:
                os.killpg(make.pid, signal.SIGKILL)
                make.wait()
            reader.join(timeout=10)
        if not elapsed:
            raise RuntimeError("make lab printed no address:\n" + "\n".join(seen))
        return elapsed[0], seen


def spread(values: list[float]) -> str:
    middle = statistics.median(values)
    return f"{middle:.1f} s" + (f" ({min(values):.1f}–{max(values):.1f})" if len(values) > 1 else "")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.setup", description="Time a fresh clone's install and first make lab.")
    parser.add_argument("--installer", nargs="+", choices=["uv", "pip"], default=["uv", "pip"])
    parser.add_argument("--repeats", type=int, default=1)
    parser.add_argument("--source", type=Path, default=ROOT, help="the repository to clone (its committed HEAD; default: this one)")
    parser.add_argument("--show-output", action="store_true", help="print what the last make lab printed")
    args = parser.parse_args(argv)
    if shutil.which("make") is None or shutil.which("git") is None:
        print("bench.setup needs make and git.", file=sys.stderr)
        return 1
    print(f"{platform.node()}: {os.cpu_count()} cores, Python {platform.python_version()}, {time.strftime('%Y-%m-%d')}; load {os.getloadavg()[0]:.2f}")
    print("| measure | result |\n|---|---|")
    output: list[str] = []
    for installer in args.installer:
        installs = [time_install(args.source, installer) for _ in range(args.repeats)]
        print(f"| cold install, fresh clone, empty cache ({installer}) | {spread(installs)} |", flush=True)
        labs = []
        for _ in range(args.repeats):
            seconds, output = time_lab(args.source, installer)
            labs.append(seconds)
        print(f"| cold `make lab` to its address, fresh clone, empty cache ({installer}) | {spread(labs)} |", flush=True)
    if args.show_output:
        print("\n".join(output))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
