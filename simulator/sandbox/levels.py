"""Isolation levels: which one this machine gives a session (namespaces, Landlock, the audit hook) and what each stops or not.

Found once per server and setting, by probing (confine.py for Landlock, then a real session in its box), and
reported on /health as `sandbox` and in the start-up log.
"""

from __future__ import annotations

import functools
import json
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

from simulator.sandbox import box, cgroups, confine
from simulator.sandbox.config import current_settings
from simulator.settings import variable

KERNEL = Path(__file__).with_name("kernel.py")
CONFINE = Path(__file__).with_name("confine.py")


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
                  "disk_bytes": 4 << 20, "processes": 16, "read_only": list(read_only_paths()), "seed_files": {}}  # fmt: skip
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
def read_only_paths() -> tuple[str, ...]:
    return tuple(confine.default_read_only_paths())
