"""The session's box, made by the kernel from outside the interpreter: namespaces, a size-capped tmpfs, a new root.

Runs inside the session's own processes before any code of the model's (stdlib and ctypes only: kernel.py
imports it by path). `enter()` is called by the outer process the server started (P):

- P joins the session's cgroups (memory and process count for the whole session, made by the server, cgroups.py);
- P unshares user, mount, IPC, network and PID namespaces (an unprivileged user namespace: no root needed) and
  maps its own uid and gid into the new user namespace;
- P forks C, PID 1 of the new PID namespace, and waits for it: when C ends, every process of the session ends
  (the kernel kills a PID namespace with its init), and its System V IPC and tmpfs go with the namespaces.
- C builds a new root on a tmpfs capped at the session's disk quota: /mnt/data, /tmp, /home/sandbox and
  /dev/shm are directories of that tmpfs (one quota for all); Python's libraries, the system libraries, fonts
  and time zones are bind-mounted read-only at their own paths; /proc is a new one of the session's PID
  namespace (no other process is visible); nothing else of the machine exists in it (stat() finds nothing),
  and every other mount is read-only, so chmod/utime/chown of anything outside the tmpfs fail with EROFS.
  It caps the PID namespace's pid_max (a process-count cap even without a cgroup, kernels >= 6.14), pivots
  into the new root, then forks the interpreter (C2, PID 2) and stays as the namespace's init, reaping orphans.

C2 then confines itself further (confine.py: capabilities dropped, Landlock, seccomp) and runs the REPL.
"""

from __future__ import annotations

import ctypes
import os
import signal
import stat
import sys

CLONE_NEWNS = 0x00020000
CLONE_NEWUSER = 0x10000000
CLONE_NEWPID = 0x20000000
CLONE_NEWNET = 0x40000000
CLONE_NEWIPC = 0x08000000
MS_RDONLY, MS_NOSUID, MS_NODEV, MS_NOEXEC = 1, 2, 4, 8
MS_REMOUNT, MS_BIND, MS_REC, MS_PRIVATE = 32, 4096, 16384, 1 << 18
MS_NOATIME, MS_NODIRATIME, MS_RELATIME, MS_STRICTATIME = 1024, 2048, 1 << 21, 1 << 24
MNT_DETACH = 2
ST_FLAGS = (  # statvfs f_flag -> mount flag: a bind mount's locked flags must be kept when it is made read-only
    (os.ST_NOSUID, MS_NOSUID), (os.ST_NODEV, MS_NODEV), (os.ST_NOEXEC, MS_NOEXEC),
    (os.ST_NOATIME, MS_NOATIME), (os.ST_NODIRATIME, MS_NODIRATIME), (os.ST_RELATIME, MS_RELATIME),
)  # fmt: skip
PR_SET_PDEATHSIG = 1
SYS_PIVOT_ROOT = {"x86_64": 155, "aarch64": 41}
DIRS = {"work": "/mnt/data", "tmp": "/tmp", "home": "/home/sandbox", "shm": "/dev/shm"}  # on the session's tmpfs
MPL = "/home/sandbox/.config/matplotlib"
DEVICES = ("/dev/null", "/dev/zero", "/dev/urandom", "/dev/random")

_libc = ctypes.CDLL(None, use_errno=True)


class BoxError(OSError):
    """A step of the box failed: the session does not start (fails closed)."""


def _check(result: int, what: str) -> int:
    if result < 0:
        code = ctypes.get_errno()
        raise BoxError(code, f"{what}: {os.strerror(code)}")
    return result


def unshare(flags: int) -> None:
    _check(_libc.unshare(ctypes.c_int(flags)), "unshare")


def mount(source: str | None, target: str, fstype: str | None, flags: int, data: str | None = None) -> None:
    enc = lambda s: None if s is None else s.encode()  # noqa: E731
    _check(_libc.mount(enc(source), enc(target), enc(fstype), ctypes.c_ulong(flags), enc(data)), f"mount {target}")


def _write(path: str, text: str) -> None:
    with open(path, "w") as file:
        file.write(text)


def available() -> str:
    """'' when this process could build the box (a probe, run in a child of its own); else why not."""
    if not sys.platform.startswith("linux"):
        return f"{sys.platform} has no Linux namespaces"
    if os.uname().machine not in SYS_PIVOT_ROOT:
        return f"pivot_root's number is not known on {os.uname().machine}"
    return ""


def join_cgroups(procs_files: list[str]) -> None:
    """P moves itself into the session's cgroups (memory, pids) before anything else: its children inherit them."""
    for path in procs_files:
        _write(path, "0")


def enter(config: dict, run_interpreter) -> None:
    """Build the box around this process (P) and run `run_interpreter()` inside it, as C2. Never returns in P or C."""
    uid, gid = os.getuid(), os.getgid()
    unshare(CLONE_NEWUSER | CLONE_NEWNS | CLONE_NEWIPC | CLONE_NEWNET | CLONE_NEWPID)
    _write("/proc/self/setgroups", "deny")
    _write("/proc/self/uid_map", f"{uid} {uid} 1")
    _write("/proc/self/gid_map", f"{gid} {gid} 1")
    child = os.fork()
    if child:  # P: outside the new PID namespace, waits for its init, and ends with it
        os._exit(_wait_for(child))
    _die_with_parent()
    try:
        _build_root(config)
    except BaseException as error:  # noqa: BLE001 - report and fail closed: no code runs in a half-built box
        os.write(1, f"\n[box] the sandbox's box could not be built: {error}\n".encode())
        os._exit(71)
    interpreter = os.fork()
    if interpreter == 0:
        _die_with_parent(1)
        run_interpreter()
        os._exit(0)
    os._exit(_init(interpreter))  # C: the namespace's init


def _wait_for(pid: int) -> int:
    while True:
        try:
            _, status = os.waitpid(pid, 0)
            return os.waitstatus_to_exitcode(status) & 0xFF if os.WIFEXITED(status) else 128 + os.WTERMSIG(status)
        except InterruptedError:
            continue


def _init(interpreter: int) -> int:
    """PID 1 of the session: reap every orphan; when the interpreter ends, end (and so the namespace)."""
    for fd in range(3, 1024):  # the init holds nothing the interpreter's code could want
        try:
            os.close(fd)
        except OSError:
            pass
    while True:
        try:
            pid, status = os.wait()
        except ChildProcessError:
            return 0
        if pid == interpreter:
            return os.waitstatus_to_exitcode(status) & 0xFF if os.WIFEXITED(status) else 128 + os.WTERMSIG(status)


def _die_with_parent(parent: int | None = None) -> None:
    """SIGKILL when the parent ends. C's parent (P) lives outside its PID namespace, where getppid() says 0, so
    only the interpreter checks that its parent (the init, PID 1) had not already gone before it asked."""
    _libc.prctl(ctypes.c_int(PR_SET_PDEATHSIG), ctypes.c_ulong(signal.SIGKILL), 0, 0, 0)
    if parent is not None and os.getppid() != parent:
        os._exit(1)


def _mkdirs(path: str) -> None:
    os.makedirs(path, exist_ok=True)


def _bind_read_only(source: str, target: str) -> None:
    mount(source, target, None, MS_BIND | MS_REC)
    flags = MS_REMOUNT | MS_BIND | MS_RDONLY
    found = os.statvfs(source).f_flag
    for st_flag, ms_flag in ST_FLAGS:
        if found & st_flag:
            flags |= ms_flag
    mount(None, target, None, flags)


def _outermost(paths: list[str]) -> list[str]:
    """The paths that exist, resolved, without those inside another (a recursive bind brings them along)."""
    real = sorted({os.path.realpath(p) for p in paths if os.path.exists(p)})
    kept: list[str] = []
    for path in real:
        if not any(path == k or path.startswith(k.rstrip("/") + "/") for k in kept):
            kept.append(path)
    return kept


def _build_root(config: dict) -> None:
    root = config["root"]  # an empty directory of the server's: the new root's mount point
    mount(None, "/", None, MS_REC | MS_PRIVATE)  # nothing mounted here reaches the machine's namespace
    mount("tmpfs", root, "tmpfs", MS_NOSUID | MS_NODEV, f"size={config['disk_bytes'] // 1024}k,mode=755")
    for path in DIRS.values():
        _mkdirs(root + path)
        mount(root + path, root + path, None, MS_BIND)  # a mount of its own: stays writable when / is made read-only
    os.chmod(root + "/tmp", 0o1777)
    os.chmod(root + "/dev/shm", 0o1777)
    _mkdirs(root + MPL)
    for name in config.get("seed_files", {}):  # matplotlib's font list, copied into the session's own directory
        with open(config["seed_files"][name], "rb") as source, open(root + MPL + "/" + os.path.basename(name), "wb") as copy:
            copy.write(source.read())
    for path in _outermost(config["read_only"]):
        target = root + path
        if os.path.isdir(path):
            _mkdirs(target)
        else:
            _mkdirs(os.path.dirname(target))
            open(target, "a").close()
        _bind_read_only(path, target)
    for device in DEVICES:
        if os.path.exists(device):
            open(root + device, "a").close()
            _bind_read_only(device, root + device)
    for name in os.listdir("/"):  # /lib -> usr/lib and the like: the loader's paths still resolve
        if os.path.islink("/" + name) and not os.path.lexists(root + "/" + name):
            os.symlink(os.readlink("/" + name), root + "/" + name)
    _mkdirs(root + "/proc")  # mounted while the machine's /proc is still in sight (the kernel's "fully visible" rule)
    mount("proc", root + "/proc", "proc", MS_NOSUID | MS_NODEV | MS_NOEXEC)
    _mkdirs(root + "/.old")
    os.chdir(root)
    _check(_libc.syscall(ctypes.c_long(SYS_PIVOT_ROOT[os.uname().machine]), b".", b".old"), "pivot_root")
    os.chdir("/")
    _check(_libc.umount2(b"/.old", ctypes.c_int(MNT_DETACH)), "umount the old root")
    os.rmdir("/.old")
    _cap_processes(config["processes"])
    _write_quietly("/proc/sys/kernel/shm_rmid_forced", "1")
    mount(None, "/", None, MS_REMOUNT | MS_BIND | MS_RDONLY | MS_NOSUID | MS_NODEV)
    os.chdir("/mnt/data")


def _cap_processes(count: int) -> None:
    """pid_max of this PID namespace (per namespace since Linux 6.14): no more than `count` processes, even without a cgroup."""
    _write_quietly("/proc/sys/kernel/pid_max", str(max(count + 2, 16)))


def _write_quietly(path: str, text: str) -> bool:
    try:
        _write(path, text)
        return True
    except OSError:
        return False


def pid_cap_works() -> bool:
    """Whether this kernel keeps pid_max per PID namespace (6.14+), so the box's process cap holds without a cgroup."""
    release = os.uname().release.split(".")
    try:
        return (int(release[0]), int(release[1].split("-")[0])) >= (6, 14)
    except (ValueError, IndexError):
        return False


def is_dir(path: str) -> bool:
    try:
        return stat.S_ISDIR(os.stat(path).st_mode)
    except OSError:
        return False
