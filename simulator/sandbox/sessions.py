"""Code-interpreter sessions: one long-lived interpreter per thread or container, as the real tool kept them.

A session is a kernel.py process (in its box where the machine has one: box.py) that runs cell after cell
in one namespace, so variables, imports and the files in /mnt/data persist between calls. The server talks to
it over two pipes: a request (a JSON line, then the bytes of the files the session has not seen yet) on its
stdin; on its stdout, the cell's output, then a marker with this call's random nonce, a JSON line and the
figures' bytes. Nothing in that stream is trusted: the output, the figures' count and their total size are
capped as they are read (asynchronously, never a file read on the event loop), and a session that overruns
its time, its output or its memory is killed, whatever the code did to the interpreter.

Between calls a session is stopped (SIGSTOP to its process group: no CPU for anything it left running) and it
ends when idle past its expiry (a thread's: code_session_minutes; a container's: its expires_after), when the
server or its key holds too many, or when memory runs low (least recently used first). A session that died
comes back empty, and the call that finds it so says it in its output, as the real tool did.
"""

from __future__ import annotations

import asyncio
import collections
import contextlib
import json
import logging
import os
import secrets
import shutil
import signal
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path

log = logging.getLogger("simulator.sandbox")

RESET = "Code execution state reset"  # what the model reads when a session it used is gone


@dataclass
class Call:
    """What one call brought back: output bytes, figures, how it ended."""

    output: bytes = b""
    figures: list[bytes] = field(default_factory=list)
    ok: bool = True
    stopped: str | None = None  # why the server stopped the session (it is gone)
    dead: bool = False  # the session ended during this call


class Session:
    """One interpreter process and what the server knows of it."""

    def __init__(self, key: str, owner: str, idle_seconds: float) -> None:
        self.key, self.owner, self.idle_seconds = key, owner, idle_seconds
        self.process: asyncio.subprocess.Process | None = None
        self.root: Path | None = None
        self.group = None  # cgroups.Group where the machine has one
        self.delivered: dict[str, int] = {}  # file name -> size already in its /mnt/data
        self.pending = b""  # what it wrote after the last call's figures
        self.last_used = time.monotonic()
        self.busy = False
        self.lock = asyncio.Lock()
        self.mpl: Path = Path("/nonexistent")  # the fallback levels' matplotlib directory, for scrubbing logs
        self.calls = 0
        self.ended: str | None = None
        self._reaper: asyncio.Task | None = None
        self.loop: asyncio.AbstractEventLoop | None = None  # the loop its pipes belong to

    @property
    def alive(self) -> bool:
        return self.ended is None and self.process is not None and self.process.returncode is None

    def expired(self, at: float) -> bool:
        return not self.busy and at - self.last_used > self.idle_seconds

    def signal(self, number: int) -> None:
        if self.process is not None:
            with contextlib.suppress(ProcessLookupError, PermissionError):
                os.killpg(self.process.pid, number)

    def kill(self, reason: str) -> None:
        """End it for good: the whole process group (the box's init takes the rest of its namespace with it)."""
        if self.ended is None:
            self.ended = reason
        self.signal(signal.SIGKILL)
        self.signal(signal.SIGCONT)
        transport = getattr(self.process, "_transport", None)
        if transport is None:
            return
        loop = self.loop
        if loop is None or loop.is_closed():
            with contextlib.suppress(AttributeError):  # asyncio's transport: nothing to close through a gone loop
                transport._closed = True
        elif self._reaper is None:
            self._reaper = loop.create_task(self._reap(transport))

    async def _reap(self, transport) -> None:
        """Once the killed process has gone, close its pipes (so no transport outlives its loop)."""
        with contextlib.suppress(Exception, asyncio.CancelledError):
            await asyncio.wait_for(self.process.wait(), 5)
        with contextlib.suppress(Exception):
            transport.close()

    async def wait_ended(self) -> None:
        if self._reaper is not None:
            await asyncio.shield(self._reaper)

    def memory(self) -> int:
        if self.group is not None:
            return self.group.memory()
        return 0


class Parser:
    """Reads one call's answer off a session's stdout, capped: output, marker, header, figures."""

    def __init__(self, nonce: str, output_cap: int, most_figures: int, figure_cap: int) -> None:
        self.marker = b"\x1e" + nonce.encode()
        self.output_cap, self.most_figures, self.figure_cap = output_cap, most_figures, figure_cap

    async def read(self, session: Session, call: Call) -> None:
        stream = session.process.stdout
        buffer = bytearray(session.pending)
        session.pending = b""
        while (at := buffer.find(self.marker)) < 0:
            if len(buffer) > self.output_cap + len(self.marker):
                call.output = bytes(buffer[: self.output_cap])
                call.stopped = "output"
                return
            data = await stream.read(65536)
            if not data:
                call.output, call.dead = bytes(buffer[: self.output_cap]), True
                return
            buffer += data
        call.output = bytes(buffer[:at])
        rest = buffer[at + len(self.marker) :]
        while b"\n" not in rest:
            if len(rest) > 4096:
                call.stopped = "protocol"
                return
            data = await stream.read(4096)
            if not data:
                call.dead = True
                return
            rest += data
        line, _, rest = bytes(rest).partition(b"\n")
        try:
            header = json.loads(line)
            sizes = [int(size) for size in header.get("figures", [])]
            call.ok = bool(header.get("ok"))
        except (ValueError, TypeError, AttributeError):
            call.stopped = "protocol"
            return
        if len(sizes) > self.most_figures or sum(sizes) > self.figure_cap or any(size < 0 for size in sizes):
            call.stopped = "figures"  # the code rewrote the session's own side: what it claims is not read
            return
        rest = bytearray(rest)
        for size in sizes:
            while len(rest) < size:
                data = await stream.read(min(65536, size - len(rest)))
                if not data:
                    call.dead = True
                    return
                rest += data
            call.figures.append(bytes(rest[:size]))
            del rest[:size]
        session.pending = bytes(rest[: self.output_cap])


class Pool:
    """The server's sessions, least recently used first: capped per key and in all, expired when idle."""

    def __init__(self, per_key: int, most: int, min_free_mb: int) -> None:
        self.per_key, self.most, self.min_free_mb = max(1, per_key), max(1, most), min_free_mb
        self.sessions: collections.OrderedDict[str, Session] = collections.OrderedDict()
        self.gone: collections.OrderedDict[str, str] = collections.OrderedDict()  # key -> why its session ended
        self.sweeper: asyncio.TimerHandle | None = None

    def take(self, key: str) -> Session | None:
        session = self.sessions.get(key)
        if session is not None:
            # A busy session belongs to a call under way (one still starting has no process yet): that call decides.
            if not session.busy and (not session.alive or session.expired(time.monotonic())):
                self.end(session, session.ended or "expired")
                return None
            self.sessions.move_to_end(key)
        return session

    def end(self, session: Session, reason: str) -> None:
        session.kill(reason)
        if self.sessions.get(session.key) is session:
            del self.sessions[session.key]
            self.gone[session.key] = session.ended or reason
            while len(self.gone) > 4096:
                self.gone.popitem(last=False)
        cleanup(session)

    def why_gone(self, key: str) -> str | None:
        return self.gone.pop(key, None)

    def make_room(self, owner: str) -> None:
        """Before a new session: end the least recently used idle ones over the caps or while memory is short."""
        now = time.monotonic()
        for session in [s for s in self.sessions.values() if not s.busy and (s.expired(now) or not s.alive)]:
            self.end(session, session.ended or "expired")
        mine = [s for s in self.sessions.values() if s.owner == owner and not s.busy]
        while mine and sum(1 for s in self.sessions.values() if s.owner == owner) >= self.per_key:
            self.end(mine.pop(0), "evicted: its key has too many sessions")
        idle = [s for s in self.sessions.values() if not s.busy]
        while idle and len(self.sessions) >= self.most:
            self.end(idle.pop(0), "evicted: the server has too many sessions")
        while idle and memory_available_mb() < self.min_free_mb:
            self.end(idle.pop(0), "evicted: the server ran low on memory")

    def add(self, session: Session) -> None:
        self.sessions[session.key] = session

    def sweep(self) -> None:
        retry_leftovers(0)
        now = time.monotonic()
        for session in [s for s in self.sessions.values() if s.expired(now)]:
            self.end(session, "expired")

    def close(self) -> None:
        for session in list(self.sessions.values()):
            self.end(session, "the server stopped")
        if self.sweeper is not None:
            self.sweeper.cancel()


def memory_available_mb() -> int:
    try:
        for line in Path("/proc/meminfo").read_text().splitlines():
            if line.startswith("MemAvailable:"):
                return int(line.split()[1]) // 1024
    except (OSError, ValueError, IndexError):
        pass
    return 1 << 30  # unknown: never evict for memory


_leftovers: list = []  # cgroups whose processes had not all gone yet: tried again at each sweep and at exit
_removing: list[threading.Thread] = []  # directories of ended sessions being removed, off the event loop


def cleanup(session: Session) -> None:
    """What a dead session leaves: its cgroup and its directory on the server's disk (removed off the event loop)."""
    if session.group is not None:
        _leftovers.append(session.group)
        session.group = None
    if session.root is not None:
        _removing[:] = [thread for thread in _removing if thread.is_alive()]
        thread = threading.Thread(target=shutil.rmtree, args=(session.root, True), daemon=True)
        thread.start()
        _removing.append(thread)
        session.root = None
    retry_leftovers(0)


def finish_cleanup(wait: float) -> None:
    """What ended sessions left, removed now (blocking): their cgroups, given `wait` seconds to empty, and their directories."""
    retry_leftovers(wait)
    for thread in list(_removing):
        thread.join(wait)
    _removing[:] = [thread for thread in _removing if thread.is_alive()]


def retry_leftovers(wait: float) -> None:
    for group in list(_leftovers):
        if group.remove(wait):
            _leftovers.remove(group)


def new_nonce() -> str:
    return secrets.token_hex(16)
