"""The program inside a code-interpreter sandbox: it runs one cell of Python, as a notebook would.

The sandbox package starts it as `python -I -X utf8 -u kernel.py CONFIG` in a process group of its
own, with an environment built from nothing (confine.clean_environment). Before the cell runs, this program

- sets resource limits (address space, CPU time, size of written files, no core dumps);
- confines itself for good where the kernel can (confine.py: Landlock and seccomp; the wall that holds
  against a determined cell): only Python's libraries, fonts and time zones readable, only the run's own
  directories writable, no /proc of other processes, no network, no signals outside, no new programs;
- without a box (unboxed.py): maps /mnt/data, where the real code interpreter kept a run's files, to the
  run's work directory, and installs an audit hook that refuses what sandboxed code must not do: open or list files outside
  the work directory and Python's own library, start processes, open sockets, load native code,
  raise its own limits, or open a SQLite database elsewhere (the simulator's, say). Confined, it only
  turns the kernel's refusals into readable messages; where no kernel mechanism exists it is the only
  guard (see FALLBACK_GAPS in confine.py for what it cannot stop);
- arms a timer that raises TimeoutError inside the cell when the time limit is reached.

Then it runs the cell, shows the value of a last expression as a notebook does, prints a
traceback in IPython's layout when the cell raises, and saves open matplotlib figures as PNG.

Without root or containers. Confined (Landlock), the kernel holds the boundary; with the audit hook
alone, this keeps mistakes and runaway code in but is no wall against a determined attacker. Either
way the parent kills the whole process group at the time limit whatever happens in here.
"""

from __future__ import annotations

import ast
import builtins
import gc
import io
import json
import linecache
import os
import signal
import sys
import traceback

MNT = "/mnt/data"
CELL = "<cell>"  # the filename the cell is compiled under; its frames are the ones a traceback shows
CELL_LABEL = "Cell In[1]"  # In[n]: the session's n-th cell
RULE = "-" * 75


def die_with_parent(parent: int) -> None:
    """Ask Linux to kill this process when the server dies, so no cell outlives a crashed server
    (it runs in a session of its own, which a kill of the server does not reach)."""
    if sys.platform.startswith("linux"):
        import ctypes

        PR_SET_PDEATHSIG = 1
        ctypes.CDLL(None, use_errno=True).prctl(PR_SET_PDEATHSIG, signal.SIGKILL)
    if os.getppid() != parent:  # the server died before we asked
        os._exit(1)


def main() -> int:
    config = json.loads(sys.argv[1])
    die_with_parent(config["parent"])
    requests = os.dup(0)  # the server's requests; the cell's own stdin reads nothing
    devnull = os.open(os.devnull, os.O_RDONLY)
    os.dup2(devnull, 0)
    os.close(devnull)
    if config.get("isolation") == "namespaces":
        box, _ = sibling("box"), sibling("confine")  # both before the box: its new root does not hold this directory
        box.join_cgroups(config.get("cgroup_procs") or [])
        box.enter(config, lambda: os._exit(serve(config, requests, boxed=True)))
        return 0
    return serve(config, requests, boxed=False)


def sibling(name: str):
    """A module beside this file (-I leaves the script's directory off sys.path)."""
    if name in sys.modules:
        return sys.modules[name]
    sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
    try:
        return __import__(name)
    finally:
        del sys.path[0]


def serve(config: dict, requests: int, *, boxed: bool) -> int:
    """The session: one interpreter, one namespace, cell after cell until the server closes the pipe."""
    set_limits(config)
    work = MNT if boxed else config["work"]
    os.chdir(work)
    unboxed = None if boxed else sibling("unboxed")  # before confine(): Landlock hides this directory
    confine_or_die(config, boxed)  # before anything starts a thread (numpy's BLAS) or the hook forbids ctypes
    sys.dont_write_bytecode = True
    sys.argv = [""]
    if unboxed is not None:  # the fallback levels: /mnt/data is a directory of the server's, and the hook guards it
        unboxed.map_mnt_data(work)
        unboxed.neutralise_subprocess()
        unboxed.neutralise_pidfd()
        sys.addaudithook(unboxed.guard(config))
    namespace = {"__name__": "__main__", "__builtins__": builtins}
    source = os.fdopen(requests, "rb", buffering=1 << 16)
    number = 0
    while True:
        header = source.readline(1 << 20)
        if not header:
            return 0
        request = json.loads(header)
        for name, size in request.get("files", []):
            data = source.read(size)
            try:
                with open(os.path.join(work, os.path.basename(name)), "wb") as file:
                    file.write(data)
            except OSError as error:  # the session's disk is full: the cell still runs and sees what fitted
                OUT.write(f"(the file {name} could not be put in /mnt/data: {error.strerror})\n")
            del data
        number += 1
        ok = run_one(request["code"], namespace, config, request.get("time_limit", config["time_limit"]), number)
        figures = figure_bytes(config.get("max_figures", 20), config.get("max_figure_bytes", 32 << 20))
        OUT.flush()
        sys.stdout is OUT or _flush(sys.stdout)
        done = json.dumps({"ok": ok, "figures": [len(f) for f in figures]}).encode()
        _write_all(b"\x1e" + request["nonce"].encode() + done + b"\n" + b"".join(figures))


def _flush(stream) -> None:
    try:
        stream.flush()
    except Exception:  # noqa: BLE001 - the cell's own stream: its failure is not the session's
        pass


def _write_all(data: bytes) -> None:
    view = memoryview(data)
    while view:
        view = view[os.write(1, view) :]


def run_one(code: str, namespace: dict, config: dict, time_limit: float, number: int) -> bool:
    """One cell in the session's namespace: True unless it raised (its traceback is then its output)."""
    global CELL_LABEL
    CELL_LABEL = f"Cell In[{number}]"
    reserve = bytearray(1 << 22)  # freed on MemoryError, so the traceback can still be printed
    arm_timer(time_limit)
    try:
        run_cell(code, namespace)
        disarm_timer()
        return True
    except BaseException as error:  # everything the cell raises is its output, as in a notebook
        disarm_timer()
        if isinstance(error, MemoryError):
            del reserve
            gc.collect()
        OUT.write(format_error(error, config))
        return False


# -- the kernel's boundary ---------------------------------------------------------------------------

CONFINEMENT_FAILED = 70  # the exit code when Landlock exists but would not apply: the cell never runs


def confine_or_die(config: dict, boxed: bool = False) -> None:
    """Landlock + seccomp on this process (confine.py), unless the server chose the audit hook alone.

    Fails closed: if the kernel has Landlock but refuses the ruleset, the cell does not run unconfined.
    Without Landlock (not Linux, an old kernel) confine() applies what it can and the audit hook carries on."""
    if config.get("isolation") == "audit-hook":
        return
    confine = sibling("confine")
    try:
        if boxed:  # chmod and utime meet read-only mounts outside the session's tmpfs; its System V IPC is its own;
            # its /proc shows only its own processes
            confine.confine(config["read_only"] + ["/proc"], ["/mnt/data", "/tmp", "/home/sandbox", "/dev/shm", "/dev/null"], refuse=("chown",))
        else:  # no namespace: seccomp refuses what Landlock does not cover, everywhere
            confine.confine(config["read_only"], config["read_write"], refuse=("chown", "chmod", "sysv"))
    except (confine.ConfinementError, OSError) as error:
        OUT.write(
            f"{RULE}\nRuntimeError{' ' * 29} Traceback (most recent call last)\nRuntimeError: the sandbox could not be confined ({error}); the code was not run.\n"
        )
        OUT.flush()
        os._exit(CONFINEMENT_FAILED)


# -- limits ----------------------------------------------------------------------------------------


def set_limits(config: dict) -> None:
    try:
        import resource
    except ImportError:  # not POSIX: the parent's wall-clock limit still applies
        return
    limits = [
        (getattr(resource, "RLIMIT_AS", None), config["memory_bytes"]),
        (getattr(resource, "RLIMIT_DATA", None), config["memory_bytes"]),
        (resource.RLIMIT_FSIZE, config["file_bytes"]),
        (resource.RLIMIT_CORE, 0),
        (resource.RLIMIT_NPROC, config.get("processes", 0)),  # per user namespace: holds unless the server runs as root
    ]
    for which, value in limits:
        if which is None or not value:
            continue
        try:
            resource.setrlimit(which, (value, value))
        except (ValueError, OSError):  # macOS, for one, does not enforce every limit
            pass


class TimeLimit(TimeoutError):
    pass


def arm_timer(seconds: float) -> None:
    """TimeoutError inside the cell at the limit; where there is no SIGALRM, the parent's kill still applies."""

    def stop(signum, frame):
        raise TimeLimit(f"the code ran longer than the sandbox's {seconds:g}-second limit and was stopped.")

    if hasattr(signal, "setitimer"):
        signal.signal(signal.SIGALRM, stop)
        signal.setitimer(signal.ITIMER_REAL, seconds)


def disarm_timer() -> None:
    if hasattr(signal, "setitimer"):
        signal.setitimer(signal.ITIMER_REAL, 0)


# -- running a cell --------------------------------------------------------------------------------


def run_cell(code: str, namespace: dict) -> None:
    linecache.cache[CELL] = (len(code), None, code.splitlines(keepends=True), CELL)
    tree = ast.parse(code, CELL)
    last = None
    if tree.body and isinstance(tree.body[-1], ast.Expr):
        last = ast.Expression(tree.body.pop().value)
    exec(compile(tree, CELL, "exec"), namespace)
    if last is not None:
        value = eval(compile(last, CELL, "eval"), namespace)
        if value is not None:  # a notebook shows the last expression's value; None shows nothing
            sys.stdout.flush()
            OUT.write(repr(value))


def format_error(error: BaseException, config: dict) -> str:
    """A traceback laid out as IPython printed it in the real tool's logs, showing the cell's frames."""
    name = type(error).__name__
    if isinstance(error, TimeLimit):
        name = "TimeoutError"
    if isinstance(error, SyntaxError) and error.filename == CELL:
        lines = traceback.format_exception_only(type(error), error)
        text = "".join(lines).replace(f'File "{CELL}", line', f"{CELL_LABEL}, line")
        return ("\n" if needs_newline() else "") + text
    message = str(error)
    if isinstance(error, MemoryError) and not message:
        message = f"the code used more memory than the sandbox's {config['memory_bytes'] // (1 << 20)} MB limit."
    if isinstance(error, PermissionError) and error.errno in (1, 13) and config.get("isolation") != "audit-hook":
        # refused by the kernel (Landlock, seccomp), not by the audit hook: say who refused
        message = f"the code interpreter sandbox does not allow this ({message})"
    out = ["\n" if needs_newline() else "", RULE, "\n", f"{name:<41} Traceback (most recent call last)\n"]
    for frame in traceback.extract_tb(error.__traceback__):
        if frame.filename != CELL:
            continue
        where = f"{CELL_LABEL}, line {frame.lineno}" + ("" if frame.name == "<module>" else f", in {frame.name}()")
        out.append(where + "\n")
        lines = linecache.getlines(CELL)
        for number in range(max(1, frame.lineno - 2), min(len(lines), frame.lineno + 2) + 1):
            marker = "----> " if number == frame.lineno else "      "
            out.append(f"{marker}{number} {lines[number - 1].rstrip()}\n")
        out.append("\n")
    out.append(f"{name}: {message}\n" if message else f"{name}\n")
    return "".join(out)


_written = {"last": "\n"}


def needs_newline() -> bool:
    return not _written["last"].endswith("\n")


class Tracked(io.TextIOWrapper):
    """stdout that remembers whether the last thing written ended a line, so a traceback starts on its own."""

    def write(self, text: str) -> int:
        if text:
            _written["last"] = text
        return super().write(text)


def figure_bytes(most: int, total: int) -> list[bytes]:
    """The cell's open matplotlib figures as PNG (at most `most`, `total` bytes in all; the server caps them again)."""
    pyplot = sys.modules.get("matplotlib.pyplot")
    if pyplot is None:
        return []
    images, size = [], 0
    numbers = pyplot.get_fignums()
    for index, number in enumerate(numbers, start=1):
        if len(images) >= most:
            OUT.write(f"\n(only the first {most} of {len(numbers)} figures are shown)\n")
            break
        try:
            buffer = io.BytesIO()
            pyplot.figure(number).savefig(buffer, format="png")
        except Exception as error:  # one broken figure must not hide the others or the logs
            OUT.write(f"\n(figure {index} could not be saved: {type(error).__name__}: {error})\n")
            continue
        if size + buffer.tell() > total:
            OUT.write(f"\n(figures past {total >> 20} MB in all are not shown)\n")
            break
        images.append(buffer.getvalue())
        size += len(images[-1])
    pyplot.close("all")
    return images


OUT = sys.stdout  # the kernel's own output, even if the cell replaces sys.stdout

if __name__ == "__main__":
    OUT = sys.stdout = sys.stderr = Tracked(sys.stdout.buffer, encoding="utf-8", errors="backslashreplace", line_buffering=True, write_through=True)
    sys.exit(main())
