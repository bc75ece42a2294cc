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
import time
from dataclasses import dataclass, field
from pathlib import Path

from simulator.sandbox import box, cgroups, confine, sessions
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


# -- isolation: what the kernel enforces around each session, for /health and the start-up log ------------


def isolation_setting() -> str:
    value = current_settings().sandbox_isolation
    return value if value == "audit-hook" else "auto"  # anything else: the strongest level


HOOK_COVERS = (
    "an audit hook in the cell's interpreter refuses opening files outside the run's directories and Python's library, "
    "directories outside them, paths relative to a descriptor outside them, starting processes, sockets, ctypes, "
    "signals and pidfds to other processes, and raising its own limits",
)
LANDLOCK_MORE_GAPS = (
    "a fork bomb runs until the time limit kills the process group (no cgroup or process-count limit)",
    "memory is limited per process (rlimits), not for the session: several processes each hold up to the limit",
    "the disk quota is per file: a session can fill the server's disk with many files",
    "stat() and kill(pid, 0) see the whole machine's files and processes",
    "seccomp's socket, chmod and System V IPC filters exist only on x86_64 and aarch64",
)
BOX_COVERS = (
    "namespaces of the session's own (user, mount, PID, IPC, network), made by the kernel before any code runs: "
    "a new root holding only Python's and the system's libraries (read-only), fonts and time zones; "
    "no other process is visible (its own /proc); no network at all; System V IPC private to the session and gone with it",
    "a tmpfs of its own for /mnt/data, /tmp and home, capped at the session's disk quota; every other mount is "
    "read-only, so chmod, chown and utime reach nothing outside it",
    "the session's interpreter, the namespaces' init and everything they start end together",
    "idle sessions are stopped (SIGSTOP) between calls: nothing they left running uses CPU",
)
ALWAYS_COVERS = (
    "rlimits: memory and file size per process; the server kills the session's process group at the time limit (+2 s), even inside C code",
    "an environment built from nothing: no key or setting of the server's",
    "sessions of their own per thread and per container: nothing one leaves is seen by another",
)


def isolation() -> dict:
    """What a sandboxed session gets here: {"level", "detail", "abi", "covers", "gaps", "reason", "limits"}."""
    return _isolation(isolation_setting())


@functools.cache
def _isolation(setting: str) -> dict:
    """Found once per server and setting: confine.py as a probe (Landlock), then a real session in its box."""
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
        box_reason = _probe_box()
        if not box_reason:
            return _box_report(report)
        gaps = [g for g in report["gaps"] if "chmod" not in g] + list(LANDLOCK_MORE_GAPS)
        covers = list(ALWAYS_COVERS) + report["covers"] + ["seccomp: chmod, chown, utime and System V IPC refused altogether"]
        return {
            "level": "landlock",
            "detail": report["level"],
            "abi": report["abi"],
            "covers": covers,
            "gaps": gaps,
            "reason": f"no namespace box: {box_reason}",
            "limits": _limits(""),
        }
    reason = f"set to audit-hook (--sandbox-isolation or {variable('sandbox_isolation')})" if report is None else report.get("reason", "")
    detail = "audit hook only" + (" + seccomp: sockets" if report is not None and "seccomp" in report.get("level", "") else "")
    return {
        "level": "audit-hook",
        "detail": detail,
        "abi": 0,
        "covers": list(ALWAYS_COVERS + HOOK_COVERS),
        "gaps": [confine.FALLBACK_GAPS.strip()],
        "reason": reason,
        "limits": _limits(""),
    }


def _limits(cgroup: str, boxed: bool = False) -> dict:
    settings = current_settings()
    where = {"v2": "cgroup v2, for the whole session", "v1": "cgroup v1 memory and pids, for the whole session"}
    return {
        "memory_mb": settings.code_memory_mb,
        "processes": settings.code_processes if boxed else None,
        "disk_mb": settings.code_disk_mb if boxed else None,
        "memory_enforced_by": where.get(cgroup, "rlimits, per process"),
    }


def _box_report(landlock: dict) -> dict:
    kind = cgroups.kind()
    covers = list(ALWAYS_COVERS) + list(BOX_COVERS) + landlock["covers"]
    gaps = [g for g in landlock["gaps"] if not g.startswith(("paths are hidden", "Landlock (ABI <= 7) does not cover chmod", "memory, CPU and file size"))]
    if kind:
        covers.append(
            f"memory ({current_settings().code_memory_mb} MB: processes, files, shared memory) and process count ({current_settings().code_processes}) for the whole session: {kind} cgroup"
        )
    else:
        covers.append(
            "process count: the PID namespace's pid_max"
            + (" (at least 300: the kernel's floor)" if box.pid_cap_works() else " (ignored: this kernel is older than 6.14)")
        )
        gaps.append("no writable cgroup here: memory is limited per process (rlimits), so several processes of one session can each hold up to the limit")
        if os.geteuid() == 0:
            gaps.append("running as root: RLIMIT_NPROC does not apply, only the PID namespace's pid_max caps processes")
    return {
        "level": "namespaces",
        "detail": f"namespaces (user, mount, pid, ipc, net) + tmpfs quota + {landlock['level']}" + (f" + {kind} cgroup" if kind else ""),
        "abi": landlock["abi"], "covers": covers, "gaps": gaps, "reason": "", "limits": {**_limits(kind, boxed=True), "cgroup": kind or None},
    }  # fmt: skip


def _probe_box() -> str:
    """'' when a session in its box answers a cell here; else why not (the server then uses Landlock alone)."""
    why = box.available()
    if why:
        return why
    root = Path(tempfile.mkdtemp(prefix="assistants-sandbox-probe-"))
    try:
        config = {"parent": os.getpid(), "root": str(root), "isolation": "namespaces", "time_limit": 10, "memory_bytes": 256 << 20, "file_bytes": 1 << 20,
                  "disk_bytes": 4 << 20, "processes": 16, "read_only": list(_read_only_paths()), "seed_files": {}}  # fmt: skip
        env = confine.clean_environment({"HOME": box.DIRS["home"], "TMPDIR": "/tmp", "MPLCONFIGDIR": box.MPL})
        request = json.dumps({"nonce": "probe", "code": "print(open('/proc/1/comm').read() != '', end='')", "files": []}).encode() + b"\n"
        done = subprocess.run([sys.executable, "-I", "-X", "utf8", "-u", str(KERNEL), json.dumps(config)], input=request, capture_output=True,
                              timeout=30, env=env, cwd=root, start_new_session=True)  # fmt: skip
        if b"True\x1eprobe" in done.stdout:
            return ""
        return (done.stdout + done.stderr).decode(errors="replace").strip()[-300:] or f"the probe exited with {done.returncode}"
    except (OSError, subprocess.TimeoutExpired) as error:
        return f"the probe failed: {error}"
    finally:
        shutil.rmtree(root, ignore_errors=True)


def isolation_summary() -> str:
    """One line for the start-up log."""
    report = isolation()
    if report["level"] in ("namespaces", "landlock"):
        return f"code sandbox: {report['detail']} (kernel-enforced). Not stopped: " + "; ".join(report["gaps"])
    return (
        f"code sandbox: {report['detail']} ({report['reason'] or 'no Landlock here'}): NOT a boundary against a determined cell: "
        "it does not stop native code (ctypes pointers, compiled extensions), nor what an audited Python call does not reach "
        '(see README, "Isolation levels")'
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


async def run_code(code: str, files: dict[str, bytes], limits: Limits | None = None, owner: str | None = None, session: dict | None = None) -> Result:
    """Run one cell with `files` (name -> bytes) in /mnt/data; its logs, PNG figures and whether it raised.

    `session`: {"key": a thread's or container's id, "idle_seconds": its expiry (None: code_session_minutes)}: the
    cell runs in that session's interpreter, made on first use. None: a session of its own, ended after the cell."""
    slots, who = _fair_slots(), OWNER.get() if owner is None else owner
    await slots.acquire(who)
    try:
        return await _call(code, files, limits or Limits(), who, session)
    finally:
        slots.release(who)


# -- sessions --------------------------------------------------------------------------------------------

_pools: dict[asyncio.AbstractEventLoop, sessions.Pool] = {}


def _pool() -> sessions.Pool:
    loop = asyncio.get_running_loop()
    if loop not in _pools:
        close_sessions()  # an earlier loop (tests run several) is over
        settings = current_settings()
        pool = _pools[loop] = sessions.Pool(settings.code_sessions_per_key, settings.code_sessions, settings.code_min_free_mb)

        def sweep() -> None:
            pool.sweep()
            pool.sweeper = loop.call_later(30, sweep)

        pool.sweeper = loop.call_later(30, sweep)
    return _pools[loop]


def close_sessions() -> None:
    """End every session (the server stops, or a new one configures the sandbox)."""
    for pool in list(_pools.values()):
        pool.close()
    _pools.clear()


async def end_sessions() -> None:
    """End every session of this loop and wait until their processes are gone (a server's or a test's last step)."""
    ending = [s for p in _pools.values() for s in p.sessions.values()]
    close_sessions()
    for session in ending:
        with contextlib.suppress(Exception):
            await asyncio.wait_for(session.wait_ended(), 5)


@atexit.register
def _at_exit() -> None:
    close_sessions()
    sessions.retry_leftovers(2.0)
    cgroups.remove_parents()


def live_sessions() -> list[dict]:
    """For benchmarks and tests: each live session's key, owner and memory (bytes; 0 where no cgroup counts it)."""
    return [
        {"key": s.key, "owner": s.owner, "memory": s.memory(), "pid": s.process.pid if s.process else None}
        for p in _pools.values()
        for s in p.sessions.values()
    ]


async def _call(code: str, files: dict[str, bytes], limits: Limits, owner: str, spec: dict | None) -> Result:
    pool, note = _pool(), ""
    settings = current_settings()
    if spec is None:
        session = sessions.Session("", owner, 0)
    else:
        idle = spec.get("idle_seconds") or settings.code_session_minutes * 60
        session = pool.take(spec["key"])
        if session is None:
            why = pool.why_gone(spec["key"])
            if why:
                note = f"{sessions.RESET}: the session ended ({why}); variables, imports and files in /mnt/data from earlier calls are gone.\n"
            pool.make_room(owner)
            session = sessions.Session(spec["key"], owner, idle)
            pool.add(session)
        session.idle_seconds = idle
    async with session.lock:
        session.busy = True
        try:
            if session.process is None:
                await _start(session, limits)
            call = await _exchange(session, code, files, limits)
        except BaseException:
            if spec is not None:
                pool.end(session, "the call was cancelled")
            else:
                session.kill("cancelled")
                with contextlib.suppress(BaseException):
                    await asyncio.wait_for(session.wait_ended(), 5)
                sessions.cleanup(session)
            raise
        finally:
            session.busy = False
            session.last_used = time.monotonic()
    logs = scrub(call.output.decode("utf-8", errors="replace"), session.root or Path("/nonexistent"), session.mpl)
    stopped = _why_stopped(session, call, limits)
    if spec is None:
        await _end_alone(session)
    elif stopped is not None:
        pool.end(session, stopped[1])
        stopped = (
            stopped[0]
            + f"{sessions.RESET}: the session's interpreter was stopped ({stopped[1]}) and will start empty: variables, imports and files in /mnt/data are gone.\n",
            stopped[1],
        )
    else:
        session.signal(signal.SIGSTOP)  # idle until its next call
    if stopped is not None:
        logs += ("" if not logs or logs.endswith("\n") else "\n") + stopped[0]
    images = [(f"image_{i}.png", data) for i, data in enumerate((f for f in call.figures if f.startswith(PNG_SIGNATURE)), start=1)]
    return Result(logs=note + logs, images=images, error=not call.ok or stopped is not None)


async def _end_alone(session: sessions.Session) -> None:
    """A session of one cell: ended, and waited for, so nothing of it outlives the call."""
    session.kill("done")
    with contextlib.suppress(TimeoutError):
        await asyncio.wait_for(session.wait_ended(), 5)
    sessions.cleanup(session)


def _why_stopped(session: sessions.Session, call: sessions.Call, limits: Limits) -> tuple[str, str] | None:
    """(the note the model reads, a short reason) when the session did not come back from this call."""
    if call.stopped == "time":
        return _stop_note("TimeoutError", f"the code ran longer than the sandbox's {limits.time_seconds:g}-second limit and was stopped."), "time limit"
    if call.stopped == "output":
        return _stop_note(
            "RuntimeError", f"the code printed more than the sandbox's {limits.output_bytes}-byte output limit; the output was cut there and the code stopped."
        ), "output limit"
    if call.stopped is not None:
        return _stop_note("RuntimeError", "the code interfered with the sandbox's own side of the session, which was stopped."), "broken session"
    if not call.dead and session.alive:
        return None
    code = session.process.returncode if session.process is not None else None
    if session.group is not None and session.group.out_of_memory():
        return _stop_note("MemoryError", f"the code used more than the session's {limits.memory_mb} MB of memory; the kernel stopped it."), "out of memory"
    if code is not None and code > 128:
        signame = _signal_name(code - 128)
        return _stop_note("RuntimeError", f"the sandbox process was ended by {signame} (it may have run out of memory)."), f"ended by {signame}"
    if code is not None and code < 0:
        signame = _signal_name(-code)
        return _stop_note("RuntimeError", f"the sandbox process was ended by {signame} (it may have run out of memory)."), f"ended by {signame}"
    return _stop_note("RuntimeError", f"the session's interpreter exited (code {code})."), "the interpreter exited"


async def _start(session: sessions.Session, limits: Limits) -> None:
    """The session's process, in its box where this machine has one."""
    await asyncio.to_thread(font_cache)  # built once per server, off the event loop
    report = await asyncio.to_thread(isolation)
    settings = current_settings()
    boxed = report["level"] == "namespaces"
    root = session.root = Path(tempfile.mkdtemp(prefix="assistants-sandbox-"))
    config = {
        "parent": os.getpid(), "root": str(root), "time_limit": limits.time_seconds,
        "memory_bytes": limits.memory_mb << 20, "file_bytes": limits.file_mb << 20,
        "processes": settings.code_processes, "disk_bytes": settings.code_disk_mb << 20,
        "max_figures": settings.code_max_figures, "max_figure_bytes": settings.code_max_figures_mb << 20,
        "isolation": "namespaces" if boxed else isolation_setting(), "read_only": list(_read_only_paths()),
    }  # fmt: skip
    if boxed:
        fonts = font_cache()
        config["seed_files"] = {p.name: str(p) for p in fonts.glob("fontlist-*.json")} if fonts is not None else {}
        if cgroups.kind():
            session.group = await asyncio.to_thread(cgroups.Group, limits.memory_mb << 20, settings.code_processes)
            config["cgroup_procs"] = session.group.procs()
        env = confine.clean_environment({"HOME": box.DIRS["home"], "TMPDIR": box.DIRS["tmp"], "MPLCONFIGDIR": box.MPL})
        cwd = root
    else:
        dirs = {key: root / key for key in ("work", "tmp", "home", "figures", "mpl")}
        for path in dirs.values():
            path.mkdir()
        _seed_fonts(dirs["mpl"])
        session.mpl = dirs["mpl"]
        config.update({key: str(path) for key, path in dirs.items()})
        config["read_write"] = confine.default_read_write_paths(*(str(path) for path in dirs.values()))
        # Built from nothing: no key, token or setting of the server's reaches the code (one BLAS thread each).
        env = confine.clean_environment({"HOME": config["home"], "TMPDIR": config["tmp"], "MPLCONFIGDIR": config["mpl"]})
        cwd = dirs["work"]
    session.loop = asyncio.get_running_loop()
    session.process = await asyncio.create_subprocess_exec(
        sys.executable, "-I", "-X", "utf8", "-u", str(KERNEL), json.dumps(config),
        stdin=asyncio.subprocess.PIPE, stdout=asyncio.subprocess.PIPE, stderr=asyncio.subprocess.STDOUT,
        cwd=cwd, env=env, start_new_session=True, limit=1 << 16,
    )  # fmt: skip


async def _exchange(session: sessions.Session, code: str, files: dict[str, bytes], limits: Limits) -> sessions.Call:
    """One call: the request and the files the session lacks, then its answer, read with every cap, within the time limit."""
    settings = current_settings()
    call = sessions.Call()
    session.signal(signal.SIGCONT)
    nonce = sessions.new_nonce()
    new = {safe_name(name): data for name, data in files.items() if session.delivered.get(safe_name(name)) != len(data)}
    header = json.dumps({"nonce": nonce, "code": code, "time_limit": limits.time_seconds, "files": [[name, len(data)] for name, data in new.items()]})
    parser = sessions.Parser(nonce, limits.output_bytes, settings.code_max_figures, settings.code_max_figures_mb << 20)

    async def exchange() -> None:
        try:
            session.process.stdin.write(header.encode() + b"\n")
            for data in new.values():
                session.process.stdin.write(data)
            await session.process.stdin.drain()
        except (BrokenPipeError, ConnectionResetError):
            pass  # it died: what it wrote says why
        await parser.read(session, call)

    try:
        await asyncio.wait_for(exchange(), limits.time_seconds + GRACE_SECONDS + len(new) / 10 + sum(map(len, new.values())) / (50 << 20))
    except TimeoutError:
        call.stopped = "time"
    session.delivered.update({name: len(data) for name, data in new.items()})
    session.calls += 1
    if call.dead or call.stopped:
        session.kill(call.stopped or "died")
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(session.process.wait(), 5)
    return call


def _stop_note(name: str, message: str) -> str:
    return f"{RULE}\n{name:<41} Traceback (most recent call last)\n{name}: {message}\n"


def _signal_name(number: int) -> str:
    try:
        return signal.Signals(number).name
    except ValueError:
        return f"signal {number}"


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
