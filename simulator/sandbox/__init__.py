"""Runs code-interpreter code for real: each cell in a session's own long-lived interpreter (a subprocess in its box), with limits.

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
read from the declared defaults and SIMULATOR_* variables at each use (config.py).

Here: run_code and the session calls. Beside it: config.py (the settings, Limits), levels.py (which isolation
level this machine gives and what each stops), fair.py (fair shares of the sandboxes between API keys),
sessions.py (the session processes and their pool), box.py and cgroups.py (the box), confine.py (Landlock and
seccomp), kernel.py (the program inside).
"""

from __future__ import annotations

import asyncio
import atexit
import contextlib
import json
import logging
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

from simulator.sandbox import box, cgroups, confine, fair, levels, sessions
from simulator.sandbox.config import Limits, current_settings, use
from simulator.sandbox.fair import OWNER
from simulator.sandbox.levels import isolation, isolation_setting, read_only_paths
from simulator.settings import Settings

log = logging.getLogger("simulator.sandbox")
PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"
GRACE_SECONDS = 2.0  # after the in-process timer, before the process group is killed
RULE = "-" * 75


def configure(settings: Settings | None) -> Settings | None:
    """Use these settings from now on (the app calls it once at start); None: back to reading the environment.

    Returns the settings used before, so a test that serves an app in its own process can put them back."""
    fair.reset()  # the next cell sizes the shared slots from these settings; cells running keep theirs
    return use(settings)


@dataclass
class Result:
    logs: str
    images: list[tuple[str, bytes]] = field(default_factory=list)
    error: bool = False


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


async def run_code(code: str, files: dict[str, bytes], limits: Limits | None = None, owner: str | None = None, session: dict | None = None) -> Result:
    """Run one cell with `files` (name -> bytes) in /mnt/data; its logs, PNG figures and whether it raised.

    `session`: {"key": a thread's or container's id, "idle_seconds": its expiry (None: code_session_minutes)}: the
    cell runs in that session's interpreter, made on first use. None: a session of its own, ended after the cell."""
    slots, who = fair.slots(), OWNER.get() if owner is None else owner
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


def end_session(key: str, reason: str = "its thread or container was deleted") -> bool:
    """End `key`'s session now (its thread or container is gone): its processes, cgroup and files go. False: it had none."""
    ended = False
    for pool in _pools.values():
        session = pool.sessions.get(key)
        if session is not None:
            pool.end(session, reason)
            ended = True
        pool.gone.pop(key, None)  # no call will come for it: nothing to tell
    return ended


def close_sessions() -> None:
    """End every session (the server stops, or a new one configures the sandbox)."""
    for pool in list(_pools.values()):
        pool.close()
    _pools.clear()


async def end_sessions() -> None:
    """End every session and wait until their processes, cgroups and directories are gone (a server's or a test's last step).

    The server's shutdown cannot leave this to atexit: uvicorn raises the SIGTERM it caught again once it has shut
    down, and a process ended by a signal runs no atexit handler."""
    ending = [s for p in _pools.values() for s in p.sessions.values()]
    close_sessions()
    for session in ending:
        with contextlib.suppress(Exception):
            await asyncio.wait_for(session.wait_ended(), 5)
    await asyncio.to_thread(_tidy)


def _tidy() -> None:
    """What the sessions leave on this machine, and the server's own cgroup parents and font list (made again if needed)."""
    sessions.finish_cleanup(2.0)
    cgroups.remove_parents()
    with _fonts_lock:
        fonts = _fonts.pop("dir", None)
    if fonts is not None:
        shutil.rmtree(fonts, ignore_errors=True)


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
        "isolation": "namespaces" if boxed else isolation_setting(), "read_only": list(read_only_paths()),
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
        sys.executable, "-I", "-X", "utf8", "-u", str(levels.KERNEL), json.dumps(config),
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
