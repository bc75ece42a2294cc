"""Memory and process-count limits for a whole session: a cgroup per session, made and removed by the server.

Where a cgroup can be written (checked, never assumed): cgroup v2 (a delegated subtree with the memory and
pids controllers: systemd's user@.service on a laptop, or root), else cgroup v1's `memory` and `pids`
hierarchies (root on a hybrid host, like CI). The session's first process writes itself into the cgroup's
`cgroup.procs` before it starts anything (box.join_cgroups), so everything it forks is counted together.
Elsewhere `kind()` is "" and the box falls back to its PID namespace's pid_max and per-process rlimits.
"""

from __future__ import annotations

import contextlib
import functools
import itertools
import os
import time
from pathlib import Path

_counter = itertools.count(1)


def _own(controller: str) -> str | None:
    """This process's cgroup path in a v1 hierarchy holding `controller` ("" for v2's unified line)."""
    try:
        lines = Path("/proc/self/cgroup").read_text().splitlines()
    except OSError:
        return None
    for line in lines:
        _, controllers, path = line.split(":", 2)
        if (controller == "" and controllers == "") or controller in controllers.split(","):
            return path
    return None


def _mounts() -> dict[str, str]:
    """{controller or "" for cgroup2: mount point}."""
    found: dict[str, str] = {}
    try:
        lines = Path("/proc/self/mountinfo").read_text().splitlines()
    except OSError:
        return found
    for line in lines:
        left, _, right = line.partition(" - ")
        fstype, _, options = right.split(" ")[:3]
        point = left.split(" ")[4]
        if fstype == "cgroup2":
            found.setdefault("", point)
        elif fstype == "cgroup":
            for option in options.split(","):
                if option in ("memory", "pids"):
                    found.setdefault(option, point)
    return found


def _remove_stale(base: Path) -> None:
    """The directories of servers that died without removing them (kill -9), once no process is left in them."""
    for stale in base.glob("assistants-sandbox-*"):
        pid = stale.name.rpartition("-")[2]
        if not pid.isdigit() or int(pid) == os.getpid() or _alive(int(pid)):
            continue
        with contextlib.suppress(OSError):  # a cgroup with a process in it is not removed
            for child in stale.iterdir():
                if child.is_dir():
                    child.rmdir()
            stale.rmdir()


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except OSError:
        return True
    return True


def _try_parent(base: Path, v2: bool) -> Path | None:
    """A directory of ours under `base` for the server's sessions, or None where that cannot be written."""
    parent = base / f"assistants-sandbox-{os.getpid()}"
    _remove_stale(base)
    try:
        parent.mkdir(exist_ok=True)
        if v2:
            controllers = (base / "cgroup.controllers").read_text().split()
            if not {"memory", "pids"} <= set(controllers):
                raise OSError("memory and pids are not delegated here")
            (parent / "cgroup.subtree_control").write_text("+memory +pids")
        probe = parent / "probe"
        probe.mkdir()
        probe.rmdir()
        return parent
    except OSError:
        with contextlib.suppress(OSError):
            parent.rmdir()
        return None


@functools.cache
def _parents() -> tuple[str, dict[str, Path]]:
    """("v2" or "v1" or "", {controller: the server's own directory for its sessions})."""
    mounts = _mounts()
    if "" in mounts and _own("") is not None:
        base = Path(mounts[""] + _own(""))
        parent = _try_parent(base, v2=True)
        if parent is not None:
            return "v2", {"": parent}
    if "memory" in mounts and "pids" in mounts:
        parents = {}
        for controller in ("memory", "pids"):
            own = _own(controller)
            parent = _try_parent(Path(mounts[controller] + (own or "/")), v2=False) if own is not None else None
            if parent is None:
                for made in parents.values():
                    with contextlib.suppress(OSError):
                        made.rmdir()
                return "", {}
            parents[controller] = parent
        return "v1", parents
    return "", {}


def kind() -> str:
    """ "v2", "v1" or "" (no writable cgroup with memory and pids here)."""
    return _parents()[0]


class Group:
    """One session's cgroup (or pair of v1 cgroups): its limits, its `cgroup.procs` files, its memory, its removal."""

    def __init__(self, memory_bytes: int, processes: int) -> None:
        version, parents = _parents()
        name = f"session-{next(_counter)}"
        self.version = version
        self.dirs = [parent / name for parent in parents.values()]
        for path in self.dirs:
            path.mkdir()
        if version == "v2":
            (self.dirs[0] / "memory.max").write_text(str(memory_bytes))
            (self.dirs[0] / "memory.swap.max").exists() and (self.dirs[0] / "memory.swap.max").write_text("0")
            (self.dirs[0] / "pids.max").write_text(str(processes))
        else:
            memory, pids = self.dirs
            (memory / "memory.limit_in_bytes").write_text(str(memory_bytes))
            (pids / "pids.max").write_text(str(processes))

    def procs(self) -> list[str]:
        return [str(path / "cgroup.procs") for path in self.dirs]

    def memory(self) -> int:
        """Bytes the session's processes (and its tmpfs, and its shared memory) hold now."""
        name = "memory.current" if self.version == "v2" else "memory.usage_in_bytes"
        try:
            return int((self.dirs[0] / name).read_text())
        except (OSError, ValueError):
            return 0

    def out_of_memory(self) -> bool:
        """Whether the kernel's OOM killer has acted in this session."""
        try:
            if self.version == "v2":
                events = (self.dirs[0] / "memory.events").read_text()
            else:
                events = (self.dirs[0] / "memory.oom_control").read_text()
        except OSError:
            return False
        for line in events.splitlines():
            name, _, value = line.partition(" ")
            if name == "oom_kill" and value.strip() not in ("", "0"):
                return True
        return False

    def remove(self, wait: float = 0.0) -> bool:
        """Remove the cgroup once its processes are gone (they were killed: `wait` gives the kernel a moment)."""
        deadline = time.monotonic() + wait
        for path in self.dirs:
            while True:
                try:
                    path.rmdir()
                    break
                except FileNotFoundError:
                    break
                except OSError:
                    if time.monotonic() >= deadline:
                        return False
                    time.sleep(0.01)
        return True


def remove_parents() -> None:
    """When the server stops: its directory for its sessions (empty by then). A session made later makes it again."""
    if _parents.cache_info().currsize:
        for parent in _parents()[1].values():
            with contextlib.suppress(OSError):
                for child in parent.iterdir():
                    if child.is_dir():
                        child.rmdir()
                parent.rmdir()
        _parents.cache_clear()
