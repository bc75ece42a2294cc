"""A kernel-enforced boundary around one code-interpreter process: Landlock, plus a tiny seccomp filter.

Chosen on evidence (kernel 6.18, Landlock ABI 7, 2 CPUs; medians of 60-100 runs on a quiet machine):
`python -I -c pass` takes ~28-33 ms; importing this module and calling confine() adds ~4-7 ms (confine()
itself ~1 ms; ~12 ms when the machine is loaded), and a numpy + pandas + matplotlib cell runs as fast
confined as not. bubblewrap (`bwrap --unshare-all` with read-only binds of /usr and the interpreter)
isolates as well or better (pid, net and mount namespaces) but adds ~15-20 ms per process, is an OS
package (apt install bubblewrap), not pip-installable, and needs unprivileged user namespaces, which
Ubuntu >= 23.10 (AppArmor), many containers and CI runners disable. Landlock needs only ctypes and a
kernel >= 5.13 (TCP rules >= 6.7, signal scoping >= 6.12), degrades by ABI, and the child applies it to
itself. So: Landlock, plus seccomp for what Landlock ABI 7 does not cover (sockets other than TCP).

What confine() does, in the calling process (the sandbox child, before it runs any cell code):

- prctl(PR_SET_NO_NEW_PRIVS): nothing executed later can gain privileges (also required by both below);
- drops every capability (a server running as root would otherwise hand CAP_NET_RAW, CAP_SYS_ADMIN,
  CAP_KILL... to the cell; Landlock does not cover what capabilities allow outside its own checks);
- Landlock: every filesystem right of the kernel's ABI is handled; read_only paths get read (files and
  directory listing) and nothing else, read_write paths every right but execute. Nothing is granted on /proc,
  so /proc/<server pid>/environ and cmdline are unreadable; nothing gets the execute right, so no
  program can be started (execve fails with EACCES; fork alone still works). TCP bind and connect are
  handled with no rule (no TCP at all); signals and abstract UNIX sockets are scoped to the sandbox's
  own domain (ABI >= 6), so kill()/pidfd_send_signal() on the server fail with EPERM. Landlock also
  refuses ptrace (and /proc/<pid>/mem, environ...) on any process outside the domain;
- seccomp: socket() and io_uring_setup() fail with EACCES. This closes what Landlock ABI 7 leaves
  open: UDP, raw and packet sockets, netlink, listen() on an unbound TCP socket, and connecting to
  pathname UNIX sockets (/run/*.sock). setsid() and setpgid() fail too, so a forked process cannot
  leave the process group the server kills at the time limit.

The restriction is inherited by every thread and process the cell creates afterwards and cannot be
lifted. It applies to the calling thread only (Landlock ABI < 8): call it before any thread starts,
i.e. before numpy/OpenBLAS is imported (confine() refuses to run with other threads alive).

One module of ~560 lines on purpose: the kernel's ABI constants, the Landlock ruleset, the seccomp filter and the
list of what each level does not stop must agree line by line, and are read together when any of them changes.
"""

from __future__ import annotations

import ctypes
import errno
import os
import site
import stat
import struct
import sys
import sysconfig

__all__ = [
    "FALLBACK_GAPS",
    "Confinement",
    "ConfinementError",
    "clean_environment",
    "confine",
    "default_read_only_paths",
    "default_read_write_paths",
    "landlock_abi",
]

# -- kernel constants (include/uapi/linux/landlock.h, seccomp.h, prctl.h, capability.h) -----------

# The Landlock system calls were added after the syscall tables were unified: same numbers on every arch.
SYS_LANDLOCK_CREATE_RULESET, SYS_LANDLOCK_ADD_RULE, SYS_LANDLOCK_RESTRICT_SELF = 444, 445, 446
LANDLOCK_CREATE_RULESET_VERSION = 1 << 0
LANDLOCK_RULE_PATH_BENEATH = 1
LANDLOCK_RESTRICT_SELF_LOG_SAME_EXEC_OFF = 1 << 0  # ABI 7
LANDLOCK_RESTRICT_SELF_TSYNC = 1 << 3  # ABI 8: applies to every thread of the process

FS_EXECUTE = 1 << 0
FS_WRITE_FILE = 1 << 1
FS_READ_FILE = 1 << 2
FS_READ_DIR = 1 << 3
FS_REMOVE_DIR = 1 << 4
FS_REMOVE_FILE = 1 << 5
FS_MAKE_CHAR = 1 << 6
FS_MAKE_DIR = 1 << 7
FS_MAKE_REG = 1 << 8
FS_MAKE_SOCK = 1 << 9
FS_MAKE_FIFO = 1 << 10
FS_MAKE_BLOCK = 1 << 11
FS_MAKE_SYM = 1 << 12
FS_REFER = 1 << 13  # ABI 2
FS_TRUNCATE = 1 << 14  # ABI 3
FS_IOCTL_DEV = 1 << 15  # ABI 5
NET_BIND_TCP = 1 << 0  # ABI 4
NET_CONNECT_TCP = 1 << 1  # ABI 4
SCOPE_ABSTRACT_UNIX_SOCKET = 1 << 0  # ABI 6
SCOPE_SIGNAL = 1 << 1  # ABI 6

FS_ABI1 = (1 << 13) - 1  # EXECUTE .. MAKE_SYM
FS_FILE_RIGHTS = FS_EXECUTE | FS_WRITE_FILE | FS_READ_FILE | FS_TRUNCATE | FS_IOCTL_DEV  # the only ones a rule on a file may hold
FS_READ = FS_READ_FILE | FS_READ_DIR  # read_only paths; no FS_EXECUTE: dlopen/mmap of libraries does not need it

PR_SET_NO_NEW_PRIVS = 38
PR_CAPBSET_DROP = 24
PR_SET_SECCOMP = 22
SECCOMP_MODE_FILTER = 2
SECCOMP_RET_ALLOW = 0x7FFF0000
SECCOMP_RET_ERRNO = 0x00050000
# arch -> (AUDIT_ARCH_*, capset, syscalls refused by seccomp, first number of another syscall ABI or None)
# refused: socket, io_uring_setup (io_uring can open sockets), setsid, setpgid (a forked process must stay
# in the process group the server kills at the time limit)
ARCHES = {
    "x86_64": (0xC000003E, 126, (41, 425, 112, 109), 0x40000000),  # numbers >= 0x40000000 are x32 calls: refused
    "aarch64": (0xC00000B7, 91, (198, 425, 157, 154), None),
}
# What else seccomp may refuse, by group: what Landlock (ABI <= 7) does not cover. The box (box.py) needs only
# "chown": chmod and utime meet read-only mounts outside its tmpfs, and its System V IPC is a namespace of its own.
REFUSABLE = {
    "x86_64": {
        "chown": (92, 93, 94, 260),  # chown, fchown, lchown, fchownat
        "chmod": (90, 91, 268, 452, 132, 235, 261, 280),  # chmod, fchmod, fchmodat, fchmodat2, utime, utimes, futimesat, utimensat
        "sysv": (29, 30, 31, 64, 65, 66, 67, 68, 69, 70, 71, 220),  # shm*, sem*, msg*
    },
    "aarch64": {
        "chown": (54, 55),
        "chmod": (52, 53, 452, 88),
        "sysv": (186, 187, 188, 189, 190, 191, 192, 193, 194, 195, 196, 197),
    },
}


def _fs_rights(abi: int) -> int:
    rights = FS_ABI1
    if abi >= 2:
        rights |= FS_REFER
    if abi >= 3:
        rights |= FS_TRUNCATE
    if abi >= 5:
        rights |= FS_IOCTL_DEV
    return rights


# -- what the fallback does not stop (for the README) ----------------------------------------------

FALLBACK_GAPS = """\
Without Landlock (not Linux, a kernel older than 5.13, or Landlock disabled), the only guard inside
the sandbox is a Python audit hook. It catches mistakes and casual attempts, not a determined cell,
because the hook runs in the same interpreter as the code it watches. It does not stop:
- calls that reach the kernel without an audited Python event: os.open(name, flags, dir_fd=fd) with
  a descriptor opened on an allowed directory reads or writes any file the server's user can;
  signal.pidfd_send_signal(os.pidfd_open(os.getppid()), SIGKILL) kills the server; mmap, fcntl,
  ioctl on inherited descriptors;
- reading /proc/<server pid>/environ (the server's API keys) or /proc/<server pid>/cmdline through
  any path the hook's checks miss, and the server's own files (its SQLite database, the shared cache);
- native code: a cell that gets hold of ctypes function pointers, cffi, or a compiled extension it
  wrote itself can make any system call (sockets, fork+setsid to outlive the time limit, exec);
- changes to the hook's own view of the world: the cell can alter objects the hook did not capture;
- everything the server's user may do that is not a file, process or socket: CPU and memory are
  bounded by rlimits, but fork bombs, UDP, /dev devices and abstract UNIX sockets are not.
The parent still kills the whole process group at the time limit, and the child dies with the server.
"""

LANDLOCK_GAPS_ALWAYS = (
    "fork is allowed (no new program can be executed), and Landlock alone does not stop a forked child from "
    "calling setsid() to leave the process group the server kills at the time limit",
    "memory, CPU and file size are bounded by rlimits only; no cgroup, so no per-sandbox process count",
    "paths are hidden from reads, not from lookup: stat()/os.path.exists() still see that files exist",
    "Landlock (ABI <= 7) does not cover chmod(), chown() or utime(): the cell can change the mode or times of any file "
    "its user owns, the server's database included (not read or write it); the audit hook catches os.chmod/os.utime",
)


# -- the result -------------------------------------------------------------------------------------


class Confinement:
    """What confine() achieved, for the server to log and to show on /health.

    A plain class, not a dataclass: importing dataclasses costs ~10 ms, paid by every cell."""

    __slots__ = ("abi", "level", "covers", "gaps", "reason", "missing_paths")

    def __init__(self, abi: int, level: str, covers=(), gaps=(), reason: str = "", missing_paths=()):
        self.abi = abi  # the Landlock ABI in force; 0: none
        self.level = level  # e.g. "landlock-abi7: files, network, signals + seccomp: sockets", or "none"
        self.covers = tuple(covers)
        self.gaps = tuple(gaps)
        self.reason = reason  # why the level is lower than the best (empty when nothing was missing)
        self.missing_paths = tuple(missing_paths)  # granted paths that did not exist (skipped)

    def __repr__(self) -> str:
        return f"Confinement(abi={self.abi}, level={self.level!r}, reason={self.reason!r})"

    @property
    def confined(self) -> bool:
        return self.abi > 0

    def as_dict(self) -> dict:
        return {
            "level": self.level,
            "abi": self.abi,
            "covers": list(self.covers),
            "gaps": list(self.gaps),
            "reason": self.reason,
        }


class ConfinementError(OSError):
    """Landlock is present but the boundary could not be applied (nothing was applied)."""


# -- system calls -----------------------------------------------------------------------------------

_libc = None


def _lib():
    global _libc
    if _libc is None:
        _libc = ctypes.CDLL(None, use_errno=True)
        _libc.syscall.restype = ctypes.c_long
        _libc.prctl.restype = ctypes.c_int
    return _libc


def _syscall(number: int, *args) -> int:
    ctypes.set_errno(0)
    result = _lib().syscall(ctypes.c_long(number), *args)
    if result < 0:
        code = ctypes.get_errno()
        raise OSError(code, os.strerror(code))
    return result


def _prctl(option: int, arg2: int = 0, arg3=0) -> None:
    ctypes.set_errno(0)
    if _lib().prctl(ctypes.c_int(option), ctypes.c_ulong(arg2), arg3, ctypes.c_ulong(0), ctypes.c_ulong(0)) != 0:
        code = ctypes.get_errno()
        raise OSError(code, os.strerror(code))


class _RulesetAttr(ctypes.Structure):
    _fields_ = [("handled_access_fs", ctypes.c_uint64), ("handled_access_net", ctypes.c_uint64), ("scoped", ctypes.c_uint64)]


class _PathBeneathAttr(ctypes.Structure):
    _pack_ = 1  # __attribute__((packed)): 12 bytes
    _fields_ = [("allowed_access", ctypes.c_uint64), ("parent_fd", ctypes.c_int32)]


def landlock_abi() -> int:
    """The kernel's Landlock ABI version; 0 when there is none (not Linux, ENOSYS, EOPNOTSUPP: disabled)."""
    if not sys.platform.startswith("linux"):
        return 0
    try:
        return _syscall(SYS_LANDLOCK_CREATE_RULESET, None, ctypes.c_size_t(0), ctypes.c_uint32(LANDLOCK_CREATE_RULESET_VERSION))
    except (OSError, AttributeError):
        return 0


# -- paths ------------------------------------------------------------------------------------------

# Found by experiment (strace of numpy + pandas + matplotlib importing, dates with time zones, a PNG
# plot, sqlite3, zoneinfo, uuid, tempfile; then removing entries until something broke): besides the
# interpreter's own library, the system libraries dlopen()ed late (/usr/lib: libz, libsqlite3, libffi,
# libcrypto, libfreetype...), the dynamic loader's cache, time zones, CPU topology (OpenBLAS, os.cpu_count),
# fonts, and two devices. Nothing under /proc, /etc (but these two files), /home, /root, /tmp, /var.
SYSTEM_READ_ONLY = (
    "/usr/lib",
    "/usr/lib64",
    "/usr/local/lib",
    "/etc/ld.so.cache",
    "/usr/share/zoneinfo",
    "/etc/localtime",
    "/usr/share/fonts",
    "/usr/local/share/fonts",
    "/sys/devices/system/cpu",
    "/dev/urandom",
    "/dev/random",
)
SYSTEM_READ_WRITE = ("/dev/null",)  # libraries open os.devnull for writing


def _python_paths() -> list[str]:
    """The running interpreter's standard library, extension modules and site-packages (venv and base)."""
    paths = []
    for scheme_vars in ({}, {"base": sys.base_prefix, "platbase": sys.base_exec_prefix}):
        found = sysconfig.get_paths(vars=scheme_vars) if scheme_vars else sysconfig.get_paths()
        paths += [found[key] for key in ("stdlib", "platstdlib", "purelib", "platlib") if key in found]
    try:
        paths += site.getsitepackages()
    except AttributeError:  # old virtualenv's site.py
        pass
    if site.ENABLE_USER_SITE and site.USER_SITE:
        paths.append(site.USER_SITE)
    # site-packages, zips and lib-dynload on sys.path; not the script's directory or the current one
    for entry in sys.path:
        if entry and (entry.endswith(("site-packages", "dist-packages", "lib-dynload", ".zip")) or "/lib/python" in entry):
            paths.append(entry)
    # a shared libpython (pyenv --enable-shared, conda) sits next to the standard library
    libdir = sysconfig.get_config_var("LIBDIR")
    ldlibrary = sysconfig.get_config_var("LDLIBRARY")
    if libdir and ldlibrary and sysconfig.get_config_var("Py_ENABLE_SHARED"):
        paths.append(os.path.join(libdir, ldlibrary))
    return paths


def _unique(paths) -> list[str]:
    seen, out = set(), []
    for path in paths:
        real = os.path.realpath(path)
        if real not in seen:
            seen.add(real)
            out.append(path)
    return out


def default_read_only_paths() -> list[str]:
    """What Python, numpy, pandas and matplotlib need to read after start-up, for the running interpreter."""
    return _unique(_python_paths() + list(SYSTEM_READ_ONLY))


def default_read_write_paths(*run_dirs: str) -> list[str]:
    """The run's own directories (work, tmp, home, MPLCONFIGDIR, figures) plus /dev/null."""
    return _unique(list(run_dirs) + list(SYSTEM_READ_WRITE))


# -- the environment -------------------------------------------------------------------------------

_SECRET_MARKERS = ("KEY", "TOKEN", "SECRET", "PASSWORD", "CREDENTIAL", "AUTH")


def clean_environment(extra: dict[str, str]) -> dict[str, str]:
    """A minimal environment for the sandbox child, built from nothing (the server's is never copied).

    `extra` must give HOME (the run's work or home directory), TMPDIR and MPLCONFIGDIR (per-run
    directories); it may override the others. Names that look like credentials or the simulator's own
    settings are refused, as a guard against passing them by mistake. PYTHON* variables only take
    effect if the child is not started with -I or -E (use -s -P instead: the environment is ours).
    """
    env = {
        "PATH": "/usr/local/bin:/usr/bin:/bin",
        "LANG": "C.UTF-8",
        "LC_ALL": "C.UTF-8",
        "TZ": "UTC",
        "MPLBACKEND": "Agg",
        "PYTHONHASHSEED": "0",
        "PYTHONDONTWRITEBYTECODE": "1",
        "PYTHONNOUSERSITE": "1",
        "PYTHONUTF8": "1",
        # one thread each: BLAS pools reserve address space the memory limit counts, and confine()
        # must run before any thread exists
        "OPENBLAS_NUM_THREADS": "1",
        "OMP_NUM_THREADS": "1",
        "MKL_NUM_THREADS": "1",
        "NUMEXPR_NUM_THREADS": "1",
    }
    for name, value in extra.items():
        upper = name.upper()
        if upper.startswith(("SIMULATOR_", "OPENAI_")) or any(marker in upper for marker in _SECRET_MARKERS):
            raise ValueError(f"refusing to pass {name} to the sandbox")
        env[name] = str(value)
    missing = [name for name in ("HOME", "TMPDIR", "MPLCONFIGDIR") if not env.get(name)]
    if missing:
        raise ValueError(f"clean_environment needs per-run {', '.join(missing)}")
    return env


# -- applying it ------------------------------------------------------------------------------------


def _threads() -> int:
    try:
        return len(os.listdir(f"/proc/{os.getpid()}/task"))
    except OSError:
        return 1


def _drop_capabilities(arch: tuple | None) -> bool:
    """Empty the bounding, permitted, effective and inheritable sets (a no-op for an ordinary user)."""
    try:
        with open("/proc/sys/kernel/cap_last_cap") as file:
            last = int(file.read())
    except (OSError, ValueError):
        last = 40
    for cap in range(last + 1):
        try:
            _prctl(PR_CAPBSET_DROP, cap)
        except OSError:  # EPERM without CAP_SETPCAP (nothing to drop then), EINVAL past the last
            pass
    if arch is None:
        return False
    header = struct.pack("Ii", 0x20080522, 0)  # _LINUX_CAPABILITY_VERSION_3, this process
    data = ctypes.create_string_buffer(24)  # two zeroed __user_cap_data_struct
    try:
        _syscall(arch[1], ctypes.c_char_p(header), data)
    except OSError:
        return False
    return True


def _seccomp_filter(arch: tuple, more: tuple = ()) -> None:
    """A classic-BPF filter: the listed system calls (and any call of a foreign syscall ABI) fail with EACCES
    (`more`: with EPERM, as the kernel's own refusals of chmod and IPC say)."""
    audit_arch, _, refused, foreign = arch
    deny = SECCOMP_RET_ERRNO | errno.EACCES
    if more:
        perm = SECCOMP_RET_ERRNO | errno.EPERM
        n_more = len(more)
        head = [(0x20, 0, 0, 4), (0x15, 1, 0, audit_arch), (0x06, 0, 0, deny), (0x20, 0, 0, 0)]
        checks = [(0x15, n_more - i, 0, number) for i, number in enumerate(more)]
        _install(_program(arch, deny, head + checks + [(0x05, 0, 0, 1), (0x06, 0, 0, perm)]))
        return
    _install(_program(arch, deny, None))


def _program(arch: tuple, deny: int, prefix: list | None) -> list:
    """The filter's instructions; `prefix` (checks that end in a jump over the EPERM return) goes first."""
    audit_arch, _, refused, foreign = arch
    ld, jeq, jge, ret = 0x20, 0x15, 0x35, 0x06  # BPF_LD|BPF_W|BPF_ABS, BPF_JMP|BPF_JEQ|BPF_K, ...|BPF_JGE|BPF_K, BPF_RET|BPF_K
    n = len(refused)
    program = [(ld, 0, 0, 4), (jeq, 1, 0, audit_arch), (ret, 0, 0, deny), (ld, 0, 0, 0)]  # seccomp_data.arch, .nr
    if foreign is not None:
        program.append((jge, n + 1, 0, foreign))
    program += [(jeq, n - i, 0, number) for i, number in enumerate(refused)]
    program += [(ret, 0, 0, SECCOMP_RET_ALLOW), (ret, 0, 0, deny)]
    return (prefix or []) + program


def _install(program: list) -> None:
    raw = b"".join(struct.pack("HBBI", *instruction) for instruction in program)  # struct sock_filter
    filters = ctypes.create_string_buffer(raw, len(raw))
    fprog = struct.pack("HxxxxxxP", len(program), ctypes.addressof(filters))  # struct sock_fprog
    _prctl(PR_SET_SECCOMP, SECCOMP_MODE_FILTER, ctypes.c_char_p(fprog))


def _add_rules(ruleset: int, paths, allowed: int, missing: list) -> None:
    for path in paths:
        try:
            fd = os.open(path, os.O_PATH | os.O_CLOEXEC)
        except OSError:
            missing.append(path)
            continue
        try:
            rights = allowed
            if not _is_dir(fd):
                rights &= FS_FILE_RIGHTS
            if rights:
                rule = _PathBeneathAttr(rights, fd)
                _syscall(SYS_LANDLOCK_ADD_RULE, ctypes.c_int(ruleset), ctypes.c_int(LANDLOCK_RULE_PATH_BENEATH), ctypes.byref(rule), ctypes.c_uint32(0))
        finally:
            os.close(fd)


def _is_dir(fd: int) -> bool:
    return stat.S_ISDIR(os.fstat(fd).st_mode)


def confine(read_only: list[str], read_write: list[str], *, seccomp: bool = True, log_denials: bool = False, refuse: tuple[str, ...] = ()) -> Confinement:
    """Confine the calling process for good: read_only paths readable, read_write paths fully usable,
    nothing else on the filesystem, no TCP, no signals or abstract sockets beyond the sandbox, no
    capabilities, no new programs, no sockets (seccomp). Best effort by Landlock ABI; returns what holds.
    `refuse`: groups of REFUSABLE system calls seccomp refuses too ("chown", "chmod", "sysv").

    Raises ConfinementError if Landlock exists but refused the ruleset, or if other threads are running.
    """
    if not sys.platform.startswith("linux"):
        return Confinement(0, "none", gaps=(FALLBACK_GAPS,), reason=f"{sys.platform} has no Landlock")
    arch = ARCHES.get(os.uname().machine)
    more = tuple(n for group in refuse for n in REFUSABLE.get(os.uname().machine, {}).get(group, ()))
    abi = landlock_abi()
    threads = _threads()
    if threads > 1 and abi < 8:
        raise ConfinementError(errno.EBUSY, f"confine() must run before any thread starts ({threads} threads are running)")
    _prctl(PR_SET_NO_NEW_PRIVS, 1)
    caps = _drop_capabilities(arch)
    if abi == 0:
        filtered = False
        if seccomp and arch is not None:
            _seccomp_filter(arch, more)
            filtered = True
        level = "none" + (" (seccomp: sockets)" if filtered else "")
        return Confinement(
            0,
            level,
            covers=("no sockets",) if filtered else (),
            gaps=(FALLBACK_GAPS,),
            reason="Landlock is unavailable (kernel < 5.13, or disabled: see /sys/kernel/security/lsm)",
        )

    fs = _fs_rights(abi)
    net = NET_BIND_TCP | NET_CONNECT_TCP if abi >= 4 else 0
    scoped = SCOPE_ABSTRACT_UNIX_SOCKET | SCOPE_SIGNAL if abi >= 6 else 0
    attr = _RulesetAttr(fs, net, scoped)
    size = 24 if abi >= 6 else 16 if abi >= 4 else 8
    try:
        ruleset = _syscall(SYS_LANDLOCK_CREATE_RULESET, ctypes.byref(attr), ctypes.c_size_t(size), ctypes.c_uint32(0))
    except OSError as error:
        raise ConfinementError(error.errno, f"landlock_create_ruleset: {error.strerror}") from None
    missing: list[str] = []
    try:
        _add_rules(ruleset, read_only, FS_READ & fs, missing)
        _add_rules(ruleset, read_write, fs & ~FS_EXECUTE, missing)
        flags = 0
        if abi >= 7 and not log_denials:
            flags |= LANDLOCK_RESTRICT_SELF_LOG_SAME_EXEC_OFF  # learner code hitting walls must not flood the audit log
        if threads > 1:
            flags |= LANDLOCK_RESTRICT_SELF_TSYNC
        _syscall(SYS_LANDLOCK_RESTRICT_SELF, ctypes.c_int(ruleset), ctypes.c_uint32(flags))
    except OSError as error:
        raise ConfinementError(error.errno, f"Landlock: {error.strerror}") from None
    finally:
        os.close(ruleset)
    filtered = False
    if seccomp and arch is not None:
        _seccomp_filter(arch, more)
        filtered = True

    parts = ["files"] + (["network"] if net else []) + (["signals"] if scoped else [])
    level = f"landlock-abi{abi}: {', '.join(parts)}" + (" + seccomp: sockets" if filtered else "")
    covers = [
        "files: only the interpreter's libraries, fonts and time zones (read) and the run's directories (read/write); nothing under /proc",
        "no program can be executed",
        "no ptrace, /proc/<pid>/environ or mem of processes outside the sandbox",
    ]
    gaps = list(LANDLOCK_GAPS_ALWAYS)
    if filtered:
        gaps = gaps[1:]  # setsid() is refused
    if abi < 2:
        gaps.append("ABI 1: files cannot be renamed or linked between directories, even inside the run's")
    if abi < 3:
        gaps.append("ABI < 3: files readable but not writable can still be truncated")
    if net:
        covers.append("no TCP bind or connect")
    else:
        gaps.append("ABI < 4: TCP is not restricted by Landlock" + (" (seccomp refuses socket())" if filtered else ""))
    if abi < 5:
        gaps.append("ABI < 5: ioctl on device files is not restricted")
    if scoped:
        covers.append("no signals to, and no abstract UNIX sockets of, processes outside the sandbox")
    else:
        gaps.append("ABI < 6: signals to other processes of the same user (the server) are not restricted")
    if filtered:
        covers.append(
            "seccomp: socket() and io_uring_setup() refused (UDP, raw, netlink, pathname UNIX sockets); setsid() and setpgid() refused, so every process stays in the group killed at the time limit"
        )
    else:
        gaps.append("UDP, raw and netlink sockets, and connecting to pathname UNIX sockets, are not restricted")
        gaps.append("without seccomp, a forked process can leave the process group (setsid) and outlive the time limit")
    if arch is not None and caps:
        covers.append("no capabilities, even if the server runs as root")
    elif os.geteuid() == 0:
        gaps.append("running as root with capabilities that could not be dropped")
    reason = "" if abi >= 6 else f"the kernel's Landlock ABI is {abi}; signal scoping needs 6, TCP rules 4"
    return Confinement(abi, level, tuple(covers), tuple(gaps), reason, tuple(missing))


if __name__ == "__main__":
    # A probe for the server's /health, run once at start-up: `python -I confine.py` prints, as JSON,
    # what a sandbox child would get (it confines only itself, with no directory of its own).
    import json

    try:
        report = confine(default_read_only_paths(), default_read_write_paths()).as_dict()
    except ConfinementError as error:
        report = {"level": "none", "abi": landlock_abi(), "covers": [], "gaps": [FALLBACK_GAPS], "reason": str(error)}
    print(json.dumps(report))
