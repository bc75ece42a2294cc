"""Runs code-interpreter code for real: a fresh Python subprocess per cell, with limits.

Each run gets a directory of its own: the run's files are written there under their file ids, where
the real tool put them (/mnt/data/<file id>), and the code sees that directory as /mnt/data; its HOME,
TMPDIR and MPLCONFIGDIR are the run's too, so nothing a run leaves is seen by another. The child
(kernel.py) sets the memory, CPU and file-size limits, confines itself with Landlock and seccomp where
the kernel can (confine.py), and installs the audit hook that keeps the code away from the simulator's
own files, processes and the network where it cannot. Its environment is built from nothing: no key
or setting of the server's reaches it. This side enforces the wall-clock limit and the output limit by
killing the child's whole process group, so a runaway cell, even one stuck in C (9**9**9**9), can never
hang a run or the server; and it shares the sandboxes fairly between API keys. Paths of this machine are
rewritten in the logs: the learner sees /mnt/data, as with the real tool.

Limits and the isolation level are settings (simulator/settings.py: code_timeout, code_memory_mb,
code_max_output, code_max_file_mb, code_concurrency, code_slots_per_key, sandbox_isolation). The server
hands its Settings over once with configure(); until then (tests that call run_code directly) they are
read from the declared defaults and SIMULATOR_* variables at each use.
"""

from __future__ import annotations

import asyncio
import atexit
import collections
import contextlib
import contextvars
import functools
import json
import logging
import math
import os
import shutil
import signal
import subprocess
import sys
import sysconfig
import tempfile
import threading
from dataclasses import dataclass, field
from pathlib import Path

from simulator.sandbox import confine
from simulator.settings import Settings, variable

log = logging.getLogger("simulator.sandbox")
KERNEL = Path(__file__).with_name("kernel.py")
CONFINE = Path(__file__).with_name("confine.py")
PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"
GRACE_SECONDS = 2.0  # after the in-process timer, before the process group is killed
RULE = "-" * 75


# -- settings: the server's, handed over once; until then the declared defaults and the environment -------

_configured: Settings | None = None


def configure(settings: Settings | None) -> Settings | None:
    """Use these settings from now on (the app calls it once at start); None: back to reading the environment.

    Returns the settings used before, so a test that serves an app in its own process can put them back."""
    global _configured
    previous, _configured = _configured, settings
    _slots.clear()  # the next cell sizes the shared slots from these settings; cells running keep theirs
    return previous


def current_settings() -> Settings:
    return _configured if _configured is not None else Settings()


@dataclass
class Limits:
    time_seconds: float = field(default_factory=lambda: current_settings().code_timeout)
    memory_mb: int = field(default_factory=lambda: current_settings().code_memory_mb)
    output_bytes: int = field(default_factory=lambda: current_settings().code_max_output)
    file_mb: int = field(default_factory=lambda: current_settings().code_max_file_mb)


@dataclass
class Result:
    logs: str
    images: list[tuple[str, bytes]] = field(default_factory=list)
    error: bool = False


# -- isolation: what the kernel enforces around each cell, for /health and the start-up log -------------


def isolation_setting() -> str:
    value = current_settings().sandbox_isolation
    return value if value == "audit-hook" else "auto"  # anything else: the stronger level


HOOK_COVERS = (
    "an audit hook in the cell's interpreter refuses opening files outside the run's directories and Python's library, "
    "directories outside them, paths relative to a descriptor outside them, starting processes, sockets, ctypes, "
    "signals and pidfds to other processes, and raising its own limits",
)
LANDLOCK_MORE_GAPS = (
    "a fork bomb runs until the time limit kills the process group (no cgroup or process-count limit)",
    "System V IPC (shared memory, semaphores, message queues) is not restricted; /dev/shm is not granted, so multiprocessing's locks fail",
    "seccomp's socket filter exists only on x86_64 and aarch64",
)
ALWAYS_COVERS = (
    "rlimits: memory, CPU time and file size; the server kills the cell's process group at the time limit (+2 s), even inside C code",
    "an environment built from nothing: no key or setting of the server's",
    "per-run directories (/mnt/data, HOME, TMPDIR, MPLCONFIGDIR): nothing a run leaves is seen by another",
)


def isolation() -> dict:
    """What a sandboxed cell gets here: {"level", "detail", "abi", "covers", "gaps", "reason"}."""
    return _isolation(isolation_setting())


@functools.cache
def _isolation(setting: str) -> dict:
    """Found once per server and setting by running confine.py as a probe (a child confines only itself)."""
    report = None
    if setting == "auto":
        try:
            done = subprocess.run([sys.executable, "-I", str(CONFINE)], capture_output=True, text=True, timeout=30, env=_probe_env())
            report = json.loads(done.stdout.strip().splitlines()[-1]) if done.returncode == 0 and done.stdout.strip() else None
            if report is None:
                report = {"level": "none", "abi": 0, "covers": [], "gaps": [confine.FALLBACK_GAPS], "reason": f"the probe failed: {done.stderr.strip()[-300:]}"}
        except (OSError, ValueError, subprocess.TimeoutExpired) as error:
            report = {"level": "none", "abi": 0, "covers": [], "gaps": [confine.FALLBACK_GAPS], "reason": f"the probe failed: {error}"}
    if report is not None and report.get("abi", 0) > 0:
        report["gaps"] = list(report["gaps"]) + list(LANDLOCK_MORE_GAPS)
        return {"level": "landlock", "detail": report["level"], "abi": report["abi"], "covers": list(ALWAYS_COVERS) + report["covers"], "gaps": report["gaps"], "reason": report.get("reason", "")}
    reason = f"set to audit-hook (--sandbox-isolation or {variable('sandbox_isolation')})" if report is None else report.get("reason", "")
    detail = "audit hook only" + (" + seccomp: sockets" if report is not None and "seccomp" in report.get("level", "") else "")
    return {"level": "audit-hook", "detail": detail, "abi": 0, "covers": list(ALWAYS_COVERS + HOOK_COVERS), "gaps": [confine.FALLBACK_GAPS.strip()], "reason": reason}


def isolation_summary() -> str:
    """One line for the start-up log."""
    report = isolation()
    if report["level"] == "landlock":
        return f"code sandbox: {report['detail']} (kernel-enforced). Not stopped: " + "; ".join(report["gaps"])
    return (
        f"code sandbox: {report['detail']} ({report['reason'] or 'no Landlock here'}): NOT a boundary against a determined cell: "
        "it does not stop native code (ctypes pointers, compiled extensions), nor what an audited Python call does not reach "
        "(see README, \"Isolation levels\")"
    )


def _probe_env() -> dict:
    home = tempfile.gettempdir()
    return confine.clean_environment({"HOME": home, "TMPDIR": home, "MPLCONFIGDIR": home})


@functools.cache
def _read_only_paths() -> tuple[str, ...]:
    return tuple(confine.default_read_only_paths())


# -- matplotlib's font list: built once per server, copied into each run's own MPLCONFIGDIR ----------------

_fonts_lock = threading.Lock()
_fonts: dict[str, Path | None] = {}


def font_cache() -> Path | None:
    """A directory of the server's own holding matplotlib's fontlist-*.json (built at the first code run).

    Each run gets a copy in its own MPLCONFIGDIR, so matplotlib need not rebuild it (~1 s) and no run
    can leave anything there for the next. None when matplotlib is not installed."""
    with _fonts_lock:
        if "dir" not in _fonts:
            path = Path(tempfile.mkdtemp(prefix="assistants-sandbox-fonts-"))
            atexit.register(shutil.rmtree, path, True)
            env = confine.clean_environment({"HOME": str(path), "TMPDIR": str(path), "MPLCONFIGDIR": str(path)})
            try:
                subprocess.run([sys.executable, "-I", "-c", "import matplotlib.font_manager"], env=env, cwd=path, capture_output=True, timeout=120)
            except (OSError, subprocess.TimeoutExpired):
                pass
            _fonts["dir"] = path if any(path.glob("fontlist-*.json")) else None
        return _fonts["dir"]


def _seed_fonts(mpl: Path) -> None:
    source = font_cache()
    if source is not None:
        for font_list in source.glob("fontlist-*.json"):
            shutil.copyfile(font_list, mpl / font_list.name)


def safe_name(name: str) -> str:
    base = os.path.basename(name.replace("\\", "/"))
    if base in ("", ".", "..") or "\x00" in base:
        raise ValueError(f"not a usable file name: {name!r}")
    return base


# -- fair shares of the sandboxes ------------------------------------------------------------------------

# Whose code this is: a digest of the API key, set by the server's edge for each request; the run's task
# inherits it (asyncio copies the context when a task is created).
OWNER: contextvars.ContextVar[str] = contextvars.ContextVar("sandbox_owner", default="")


class FairSlots:
    """At most `capacity` sandboxes at once, at most `per_owner` of them for one API key.

    Waiting cells are queued per owner and served round-robin, the owner with the fewest running first,
    so a key that keeps the sandboxes busy (runaway code, many runs) cannot starve another key's cells:
    with the default cap (half the slots, rounded up) a slot is always left for someone else."""

    def __init__(self, capacity: int, per_owner: int) -> None:
        self.capacity = max(1, capacity)
        self.per_owner = max(1, min(per_owner, self.capacity))
        self.running: collections.Counter[str] = collections.Counter()
        self.waiting: dict[str, collections.deque[asyncio.Future]] = {}  # insertion order is the rotation

    def _can_start(self, owner: str) -> bool:
        return sum(self.running.values()) < self.capacity and self.running[owner] < self.per_owner

    async def acquire(self, owner: str) -> None:
        if not self.waiting and self._can_start(owner):
            self.running[owner] += 1
            return
        future = asyncio.get_running_loop().create_future()
        self.waiting.setdefault(owner, collections.deque()).append(future)
        self._dispatch()
        try:
            await future
        except asyncio.CancelledError:
            if future.done() and not future.cancelled():
                self.release(owner)  # granted just as it was cancelled: give the slot back
            else:
                queue = self.waiting.get(owner)
                if queue is not None and future in queue:
                    queue.remove(future)
                    if not queue:
                        del self.waiting[owner]
            raise

    def release(self, owner: str) -> None:
        self.running[owner] -= 1
        if self.running[owner] <= 0:
            del self.running[owner]
        self._dispatch()

    def _dispatch(self) -> None:
        while True:
            ready = [owner for owner in self.waiting if self._can_start(owner)]
            if not ready:
                return
            owner = min(ready, key=lambda o: self.running[o])  # ties: the first in rotation order
            queue = self.waiting.pop(owner)
            future = queue.popleft()
            if queue:
                self.waiting[owner] = queue  # to the back of the rotation
            if future.cancelled():
                continue
            self.running[owner] += 1
            future.set_result(None)


_slots: dict[asyncio.AbstractEventLoop, FairSlots] = {}


def _fair_slots() -> FairSlots:
    """code_concurrency sandboxes (default one per CPU), code_slots_per_key of them per key (default half, rounded up)."""
    loop = asyncio.get_running_loop()
    if loop not in _slots:
        _slots.clear()  # an earlier loop (tests run several) is over
        settings = current_settings()
        capacity = max(1, settings.code_concurrency if settings.code_concurrency is not None else os.cpu_count() or 2)
        per_owner = settings.code_slots_per_key if settings.code_slots_per_key is not None else math.ceil(capacity / 2)
        _slots[loop] = FairSlots(capacity, per_owner)
    return _slots[loop]


async def run_code(code: str, files: dict[str, bytes], limits: Limits | None = None, owner: str | None = None) -> Result:
    """Run one cell with `files` (name -> bytes) in /mnt/data; its logs, PNG figures and whether it raised."""
    slots, who = _fair_slots(), OWNER.get() if owner is None else owner
    await slots.acquire(who)
    try:
        return await _run(code, files, limits or Limits())
    finally:
        slots.release(who)


async def _run(code: str, files: dict[str, bytes], limits: Limits) -> Result:
    await asyncio.to_thread(font_cache)  # built once per server, off the event loop
    root = Path(tempfile.mkdtemp(prefix="assistants-sandbox-"))
    try:
        dirs = {key: root / key for key in ("work", "tmp", "home", "figures", "mpl")}
        for path in dirs.values():
            path.mkdir()
        _seed_fonts(dirs["mpl"])
        for name, data in files.items():
            (dirs["work"] / safe_name(name)).write_bytes(data)
        cell = root / "cell.py"
        cell.write_text(code, encoding="utf-8")
        config = {
            "parent": os.getpid(),
            **{key: str(path) for key, path in dirs.items()},
            "cell": str(cell),
            "time_limit": limits.time_seconds,
            "memory_bytes": limits.memory_mb << 20,
            "file_bytes": limits.file_mb << 20,
            "isolation": isolation_setting(),
            "read_only": list(_read_only_paths()),
            "read_write": confine.default_read_write_paths(*(str(path) for path in dirs.values())),
        }
        output, stopped, exit_code = await _execute(config, limits)
        logs = scrub(output.decode("utf-8", errors="replace"), root, dirs["mpl"])
        error = stopped is not None or exit_code != 0
        if stopped:
            logs += ("" if not logs or logs.endswith("\n") else "\n") + stopped
        images = [(f"image_{i}.png", data) for i, data in enumerate(_figures(dirs["figures"]), start=1)]
        return Result(logs=logs, images=images, error=error)
    finally:
        shutil.rmtree(root, ignore_errors=True)


async def _execute(config: dict, limits: Limits) -> tuple[bytes, str | None, int | None]:
    """The child's combined stdout and stderr, why it was stopped (None: it ended by itself), its exit code."""
    # Built from nothing: no key, token or setting of the server's reaches the code (one BLAS thread each).
    env = confine.clean_environment({"HOME": config["home"], "TMPDIR": config["tmp"], "MPLCONFIGDIR": config["mpl"]})
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


def scrub(text: str, root: Path, mpl: Path) -> str:
    """This machine's paths, as the learner should see them: the sandbox's own."""
    stdlib = sysconfig.get_paths()["stdlib"]
    purelib = sysconfig.get_paths()["purelib"]
    version = f"python{sys.version_info.major}.{sys.version_info.minor}"
    places = {
        str(root / "work"): "/mnt/data",
        str(root / "tmp"): "/tmp",
        str(root / "home"): "/home/sandbox",
        str(root): "/sandbox",
        str(mpl): "/home/sandbox/.cache/matplotlib",
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
