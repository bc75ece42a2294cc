"""Runs code-interpreter code for real: a fresh Python subprocess per cell, with limits.

Each run gets a directory of its own: the run's files are written there under their file ids, where
the real tool put them (/mnt/data/<file id>), and the code sees that directory as /mnt/data. The child
(kernel.py) sets the memory, CPU and file-size limits and the audit hook that keeps the code
away from the simulator's own files, processes and the network; this side enforces the wall-clock
limit and the output limit by killing the child's whole process group, so a runaway cell can never
hang a run or the server. Paths of this machine are rewritten in the logs: the learner sees
/mnt/data, as with the real tool.

Limits come from the environment: SIMULATOR_CODE_TIMEOUT (seconds, default 30), SIMULATOR_CODE_MEMORY_MB
(1024), SIMULATOR_CODE_MAX_OUTPUT (bytes of logs, 65536), SIMULATOR_CODE_MAX_FILE_MB (per written file, 64),
and SIMULATOR_CODE_CONCURRENCY (sandboxes at once, default one per CPU).
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import os
import shutil
import signal
import sys
import sysconfig
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

from simulator.settings import env_number

KERNEL = Path(__file__).with_name("kernel.py")
PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"
GRACE_SECONDS = 2.0  # after the in-process timer, before the process group is killed
RULE = "-" * 75


@dataclass
class Limits:
    time_seconds: float = field(default_factory=lambda: env_number("SIMULATOR_CODE_TIMEOUT", 30))
    memory_mb: int = field(default_factory=lambda: int(env_number("SIMULATOR_CODE_MEMORY_MB", 1024)))
    output_bytes: int = field(default_factory=lambda: int(env_number("SIMULATOR_CODE_MAX_OUTPUT", 64 * 1024)))
    file_mb: int = field(default_factory=lambda: int(env_number("SIMULATOR_CODE_MAX_FILE_MB", 64)))


@dataclass
class Result:
    logs: str
    images: list[tuple[str, bytes]] = field(default_factory=list)
    error: bool = False


def cache_dir() -> Path:
    """Shared between runs, so matplotlib builds its font cache once, not once per cell."""
    uid = os.getuid() if hasattr(os, "getuid") else "user"
    path = Path(tempfile.gettempdir()) / f"assistants-sandbox-cache-{uid}"
    path.mkdir(mode=0o700, exist_ok=True)
    return path


def safe_name(name: str) -> str:
    base = os.path.basename(name.replace("\\", "/"))
    if base in ("", ".", "..") or "\x00" in base:
        raise ValueError(f"not a usable file name: {name!r}")
    return base


_slots: dict[asyncio.AbstractEventLoop, asyncio.Semaphore] = {}


def _slot() -> asyncio.Semaphore:
    """At most SIMULATOR_CODE_CONCURRENCY sandboxes at once (default: one per CPU); the rest wait their turn."""
    loop = asyncio.get_running_loop()
    if loop not in _slots:
        _slots.clear()  # an earlier loop (tests run several) is over
        _slots[loop] = asyncio.Semaphore(max(1, int(env_number("SIMULATOR_CODE_CONCURRENCY", os.cpu_count() or 2))))
    return _slots[loop]


async def run_code(code: str, files: dict[str, bytes], limits: Limits | None = None) -> Result:
    """Run one cell with `files` (name -> bytes) in /mnt/data; its logs, PNG figures and whether it raised."""
    async with _slot():
        return await _run(code, files, limits or Limits())


async def _run(code: str, files: dict[str, bytes], limits: Limits) -> Result:
    root = Path(tempfile.mkdtemp(prefix="assistants-sandbox-"))
    try:
        dirs = {key: root / key for key in ("work", "tmp", "home", "figures")}
        for path in dirs.values():
            path.mkdir()
        for name, data in files.items():
            (dirs["work"] / safe_name(name)).write_bytes(data)
        cell = root / "cell.py"
        cell.write_text(code, encoding="utf-8")
        config = {
            "parent": os.getpid(),
            **{key: str(path) for key, path in dirs.items()},
            "cache": str(cache_dir()),
            "cell": str(cell),
            "time_limit": limits.time_seconds,
            "memory_bytes": limits.memory_mb << 20,
            "file_bytes": limits.file_mb << 20,
        }
        output, stopped, exit_code = await _execute(config, limits)
        logs = scrub(output.decode("utf-8", errors="replace"), root, Path(config["cache"]))
        error = stopped is not None or exit_code != 0
        if stopped:
            logs += ("" if not logs or logs.endswith("\n") else "\n") + stopped
        images = [(f"image_{i}.png", data) for i, data in enumerate(_figures(dirs["figures"]), start=1)]
        return Result(logs=logs, images=images, error=error)
    finally:
        shutil.rmtree(root, ignore_errors=True)


async def _execute(config: dict, limits: Limits) -> tuple[bytes, str | None, int | None]:
    """The child's combined stdout and stderr, why it was stopped (None: it ended by itself), its exit code."""
    env = {
        "HOME": config["home"],
        "TMPDIR": config["tmp"],
        "MPLCONFIGDIR": config["cache"],
        "MPLBACKEND": "Agg",
        "LANG": "C.UTF-8",
        "LC_ALL": "C.UTF-8",
        "PATH": "/usr/bin:/bin",
        # One thread each: BLAS thread pools reserve address space the memory limit would count.
        "OPENBLAS_NUM_THREADS": "1",
        "OMP_NUM_THREADS": "1",
        "MKL_NUM_THREADS": "1",
    }
    process = await asyncio.create_subprocess_exec(
        sys.executable, "-I", "-X", "utf8", "-u", str(KERNEL), json.dumps(config),
        stdin=asyncio.subprocess.DEVNULL, stdout=asyncio.subprocess.PIPE, stderr=asyncio.subprocess.STDOUT,
        cwd=config["work"], env=env, start_new_session=True,
    )  # fmt: skip
    chunks: list[bytes] = []
    size = 0
    stopped = None

    async def read() -> None:
        nonlocal size, stopped
        while data := await process.stdout.read(65536):
            room = limits.output_bytes - size
            if len(data) > room:
                chunks.append(data[:room])
                stopped = _stop_note("RuntimeError", f"the code printed more than the sandbox's {limits.output_bytes}-byte output limit; the output was cut there and the code stopped.")
                return
            chunks.append(data)
            size += len(data)
        await process.wait()

    try:
        await asyncio.wait_for(read(), limits.time_seconds + GRACE_SECONDS)
    except TimeoutError:
        stopped = _stop_note("TimeoutError", f"the code ran longer than the sandbox's {limits.time_seconds:g}-second limit and was stopped.")
    finally:
        _kill_group(process)
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(process.wait(), 5)
    if stopped is None and process.returncode is not None and process.returncode < 0:
        signame = _signal_name(-process.returncode)
        if signame == "SIGXCPU":
            stopped = _stop_note("TimeoutError", f"the code used more CPU time than the sandbox allows ({limits.time_seconds:g} seconds) and was stopped.")
        else:
            stopped = _stop_note("RuntimeError", f"the sandbox process was ended by {signame} (it may have run out of memory).")
    return b"".join(chunks), stopped, process.returncode


def _stop_note(name: str, message: str) -> str:
    return f"{RULE}\n{name:<41} Traceback (most recent call last)\n{name}: {message}\n"


def _kill_group(process: asyncio.subprocess.Process) -> None:
    # The whole group: anything the cell managed to start goes with it.
    with contextlib.suppress(ProcessLookupError, PermissionError):
        if hasattr(os, "killpg"):
            os.killpg(process.pid, signal.SIGKILL)
        elif process.returncode is None:
            process.kill()


def _signal_name(number: int) -> str:
    try:
        return signal.Signals(number).name
    except ValueError:
        return f"signal {number}"


def _figures(directory: Path) -> list[bytes]:
    images = []
    for path in sorted(directory.glob("*.png")):
        data = path.read_bytes()
        if data.startswith(PNG_SIGNATURE):
            images.append(data)
    return images


def scrub(text: str, root: Path, cache: Path) -> str:
    """This machine's paths, as the learner should see them: the sandbox's own."""
    stdlib = sysconfig.get_paths()["stdlib"]
    purelib = sysconfig.get_paths()["purelib"]
    version = f"python{sys.version_info.major}.{sys.version_info.minor}"
    places = {
        str(root / "work"): "/mnt/data",
        str(root / "tmp"): "/tmp",
        str(root / "home"): "/home/sandbox",
        str(root): "/sandbox",
        str(cache): "/home/sandbox/.cache/matplotlib",
        purelib: f"/usr/local/lib/{version}/site-packages",
        stdlib: f"/usr/local/lib/{version}",
    }
    for real in list(places):
        resolved = os.path.realpath(real)
        if resolved != real:
            places[resolved] = places[real]
    for real in sorted(places, key=len, reverse=True):
        text = text.replace(real, places[real])
    return text
