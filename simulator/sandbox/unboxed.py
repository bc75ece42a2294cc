"""Inside the cell's process at the levels without a box (Landlock alone, the audit hook alone): /mnt/data, processes, the audit hook.

kernel.py loads it beside itself (before it confines itself: Landlock would then hide this directory) and calls
map_mnt_data, neutralise_subprocess, neutralise_pidfd and guard before the first cell. In the namespace box none of
this is needed: /mnt/data is a real mount there, and the kernel refuses what the hook would.
"""

from __future__ import annotations

import builtins
import io
import os
import posix
import signal
import sys

MNT = "/mnt/data"


# -- /mnt/data -------------------------------------------------------------------------------------


def map_mnt_data(work: str) -> None:
    """Paths under /mnt/data reach the work directory, through every common way of opening files."""

    def to_host(path):
        try:
            text = os.fspath(path)
        except TypeError:
            return path  # a file descriptor, or something the real function will reject
        if isinstance(text, bytes):
            mnt, host = MNT.encode(), os.fsencode(work)
        else:
            mnt, host = MNT, work
        if text == mnt or text.startswith(mnt + mnt[:1]):
            return host + text[len(mnt) :]
        return path

    def one_path(function):
        def mapped(path, *args, **kwargs):
            return function(to_host(path), *args, **kwargs)

        mapped.__name__ = function.__name__
        mapped.__doc__ = function.__doc__
        return mapped

    def two_paths(function):
        def mapped(src, dst, *args, **kwargs):
            return function(to_host(src), to_host(dst), *args, **kwargs)

        mapped.__name__ = function.__name__
        mapped.__doc__ = function.__doc__
        return mapped

    builtins.open = io.open = one_path(io.open)
    for name in ("open", "stat", "lstat", "listdir", "scandir", "remove", "unlink", "mkdir", "rmdir", "chdir", "access", "utime", "chmod", "truncate"):
        if hasattr(os, name):
            setattr(os, name, one_path(getattr(os, name)))
    for name in ("rename", "replace"):
        setattr(os, name, two_paths(getattr(os, name)))


def neutralise_subprocess() -> None:
    """subprocess.Popen is refused by the audit hook; this closes the door behind it."""
    import _posixsubprocess
    import subprocess

    def fork_exec(*args, **kwargs):
        raise PermissionError("the code interpreter sandbox does not allow starting processes")

    _posixsubprocess.fork_exec = fork_exec
    subprocess._fork_exec = fork_exec


def neutralise_pidfd() -> None:
    """os.pidfd_open and signal.pidfd_send_signal raise no audit event: without them no pidfd reaches the server.

    (Confined, Landlock's signal scoping refuses them anyway; this is for the audit hook alone.)"""
    import _signal

    def refused(*args, **kwargs):
        raise PermissionError("the code interpreter sandbox does not allow signalling other processes")

    for module, name in ((os, "pidfd_open"), (posix, "pidfd_open"), (signal, "pidfd_send_signal"), (_signal, "pidfd_send_signal")):
        if hasattr(module, name):
            setattr(module, name, refused)


# -- the audit hook --------------------------------------------------------------------------------

NO_PROCESSES = {"subprocess.Popen", "os.system", "os.exec", "os.posix_spawn", "os.spawn", "os.fork", "os.forkpty", "pty.spawn", "os.startfile"}
NO_NETWORK = {"socket.__new__", "socket.connect", "socket.bind", "socket.getaddrinfo", "socket.gethostbyname", "socket.sendto", "socket.sendmsg"}
NO_NATIVE = {"ctypes.dlsym", "ctypes.dlsym/handle", "ctypes.cdata", "ctypes.call_function", "resource.setrlimit", "resource.prlimit"}
NO_LINKS = {"os.link", "os.symlink"}
READS = {"os.listdir", "os.scandir"}  # os.walk and os.fwalk list through these
WRITES = {
    "os.mkdir",
    "os.rmdir",
    "os.remove",
    "os.truncate",
    "os.chmod",
    "os.chown",
    "os.utime",
    "os.chdir",
    "os.chflags",
    "os.lchflags",
    "os.setxattr",
    "os.removexattr",
}
WRITE_FLAGS = os.O_WRONLY | os.O_RDWR | os.O_CREAT | os.O_TRUNC | os.O_APPEND
# Events that carry a dir_fd (-1: none): (index of the path, index of its dir_fd). A path relative to a
# directory descriptor is checked where it really leads (the descriptor's directory, from /proc/self/fd).
# The `open` event carries no dir_fd at all: directories outside the run's own cannot be opened instead,
# so no descriptor outside exists for a path to be relative to.
DIR_FD_ARGS = {
    "os.mkdir": ((0, 2),), "os.rmdir": ((0, 1),), "os.remove": ((0, 1),), "os.chmod": ((0, 2),),
    "os.chown": ((0, 3),), "os.utime": ((0, 3),), "os.rename": ((0, 2), (1, 3)),
}  # fmt: skip


def library_roots() -> list[str]:
    roots = set()
    for prefix in {sys.prefix, sys.base_prefix, sys.exec_prefix, sys.base_exec_prefix}:
        for lib in ("lib", "lib64", "Lib", "DLLs"):
            roots.add(os.path.join(prefix, lib))
    return sorted(roots)


READ_ONLY = [
    # fonts (matplotlib scans them), time zones (pandas), a few harmless system files
    "/usr/share/fonts",
    "/usr/local/share/fonts",
    "/usr/X11/lib/X11/fonts",
    "/usr/X11R6/lib/X11/fonts",
    "/Library/Fonts",
    "/System/Library/Fonts",
    "/usr/share/zoneinfo",
    "/etc/localtime",
    "/etc/timezone",
    "/etc/mime.types",
    "/dev/null",
    "/dev/urandom",
    "/dev/zero",
]


def guard(config: dict):
    # Everything the hook relies on is captured here, once: C functions, and str and tuple methods, which
    # code cannot replace. A hook that looked up os.path.abspath or any() when it runs could be switched
    # off by the cell itself (os.path.abspath = ..., builtins.any = ...). This guards against mistakes and
    # casual tricks, not a determined attacker: an audit hook is no security boundary (see README).
    fspath, getcwd, pid, modules = posix.fspath, posix.getcwd, posix.getpid(), sys.modules
    stat_of, is_dir, readlink = posix.stat, __import__("stat").S_ISDIR, posix.readlink
    dir_fd_args = {event: tuple(places) for event, places in DIR_FD_ARGS.items()}
    is_type, permission_error = type, PermissionError
    write_flags, reads, writes = WRITE_FLAGS, frozenset(READS), frozenset(WRITES)
    no_processes, no_network, no_links, no_native = frozenset(NO_PROCESSES), frozenset(NO_NETWORK), frozenset(NO_LINKS), frozenset(NO_NATIVE)

    def normalize(text: str) -> str:
        """Absolute, with '.', '..' and repeated slashes resolved: os.path.normpath(os.path.abspath(text))."""
        if not text.startswith("/"):
            text = getcwd() + "/" + text
        parts: list[str] = []
        for part in text.split("/"):
            if part == "..":
                if parts:
                    parts.pop()
            elif part not in ("", "."):
                parts.append(part)
        return "/" + "/".join(parts)

    # Each run has its own matplotlib directory (MPLCONFIGDIR), seeded with a copy of the server's font
    # list: nothing a run writes there is seen by another.
    own = tuple(normalize(config[key]) for key in ("work", "tmp", "home", "figures", "mpl"))
    readable = own + tuple(normalize(p) for p in library_roots() + READ_ONLY)

    def full_path(path) -> str | None:
        if path is None or is_type(path) is int:
            return None  # the current directory (always within the work directory), or an open descriptor
        try:
            path = fspath(path)
        except TypeError:
            return None  # not a path: the operation itself will fail
        if is_type(path) is bytes:
            path = path.decode("utf-8", "surrogateescape")
        return normalize(path)

    def within(path, roots) -> bool:
        full = full_path(path)
        if full is None:
            return True
        for root in roots:
            if full == root or full.startswith(root + "/"):
                return True
        return False

    def writable(path) -> bool:
        return within(path, own)

    def relative_within_own(path, fd) -> bool:
        try:
            base = readlink(f"/proc/self/fd/{fd}")
            text = fspath(path)
        except (OSError, TypeError, ValueError):
            return False
        if is_type(text) is bytes:
            text = text.decode("utf-8", "surrogateescape")
        return within(text if text.startswith("/") else base + "/" + text, own)

    def directory_outside(path) -> bool:
        full = full_path(path)
        if full is None or within(path, own):
            return False
        try:
            return is_dir(stat_of(full).st_mode)
        except (OSError, ValueError):
            return False

    def shown(path) -> str:
        full = full_path(path)
        return "a file descriptor" if full is None else full

    def refuse(what: str):
        raise permission_error(f"the code interpreter sandbox does not allow {what}")

    def hook(event: str, args: tuple) -> None:
        places = dir_fd_args.get(event)
        if places is not None:
            for path_at, fd_at in places:
                if len(args) > fd_at and is_type(args[fd_at]) is int and args[fd_at] != -1:
                    if not relative_within_own(args[path_at], args[fd_at]):
                        refuse(f"changing {shown(args[path_at])} relative to a directory descriptor outside /mnt/data")
        if event == "open":
            path, mode, flags = args
            mode = mode if is_type(mode) is str else ""
            writing = "w" in mode or "a" in mode or "x" in mode or "+" in mode or (is_type(flags) is int and flags & write_flags != 0)
            if not (writable(path) if writing else within(path, readable)):
                refuse(f"{'writing' if writing else 'reading'} {shown(path)}: only /mnt/data is available")
            if directory_outside(path):
                refuse(f"opening the directory {shown(path)}: only /mnt/data is available")
        elif event in reads:
            if not within(args[0] if args else None, readable):
                refuse(f"listing {shown(args[0])}: only /mnt/data is available")
        elif event in writes:
            if not writable(args[0]):
                refuse(f"changing {shown(args[0])}: only /mnt/data is available")
        elif event == "os.rename":
            if not (writable(args[0]) and writable(args[1])):
                refuse("moving files outside /mnt/data")
        elif event == "sqlite3.connect":
            database = args[0]
            if database not in (":memory:", b":memory:", "") and not (writable(database) and within(database, own)):
                refuse(f"opening the database {shown(database)}: only /mnt/data is available")
        elif event in no_processes:
            refuse("starting processes")
        elif event in no_network:
            refuse("network access")
        elif event in no_links:
            refuse("creating links")
        elif event in no_native:
            refuse(f"{event}")
        elif event == "ctypes.dlopen" and args and args[0] is not None:
            refuse("loading native libraries")
        elif event in ("os.kill", "os.killpg", "signal.pthread_kill") and args and args[0] != pid:
            refuse("signalling other processes")
        elif event == "import" and args and args[0] == "_posixsubprocess" and "_posixsubprocess" not in modules:
            refuse("starting processes")

    return hook
