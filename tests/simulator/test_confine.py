"""simulator/sandbox/confine.py: each escape the audit hook alone let through must fail once confined.

Every test starts a sacrificial intermediate Python (its environment holds a secret, its command line
another) which starts the child that tries the escape, so a child that kills its parent kills the
intermediate, never pytest. Each attack runs in three modes:

- "full": confine() as the sandbox uses it (Landlock + seccomp): the escape must fail with an OSError;
- "landlock": confine(seccomp=False), to show what Landlock covers on its own (attacks only seccomp
  stops are skipped there, with the reason: the gaps of Landlock ABI <= 7);
- "control": no confinement: the escape must then succeed, which shows each test can fail.

Measured on the development machine (kernel 6.18, Landlock ABI 7, 2 CPUs, medians of 60-100 runs):
python -I -c pass ~28-33 ms; + import of confine and confine() ~4-7 ms (confine() itself ~1 ms);
bwrap --unshare-all around the same python ~45-48 ms (+15-20 ms), and bwrap is an OS package.
"""

from __future__ import annotations

import json
import os
import socket
import sqlite3
import subprocess
import sys
import textwrap
import uuid
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
MODULE = ROOT / "simulator" / "sandbox" / "confine.py"

sys.path.insert(0, str(MODULE.parent))
try:
    import confine as C  # the file itself, without importing the simulator package
finally:
    sys.path.pop(0)

ABI = C.landlock_abi()
pytestmark = pytest.mark.skipif(ABI == 0, reason="Landlock is unavailable here (not Linux, kernel < 5.13, or disabled): confine() can only report 'none'")

SECRET_ENV = "CONFINE_TEST_SECRET"
MODES = ["full", "landlock", "control"]

INTERMEDIATE = r"""
import json, os, subprocess, sys
P = json.loads(sys.argv[1])
child = {k: v for k, v in P.items() if not k.startswith("secret")}
proc = subprocess.run([sys.executable, "-I", "-c", P["child"], json.dumps(child)], env=P["env"], cwd=P["rw"],
                      stdin=subprocess.DEVNULL, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, timeout=150, start_new_session=True)
sys.stdout.write(proc.stdout.decode("utf-8", "replace"))
print("PARENT-ALIVE child-exit", proc.returncode, flush=True)
"""

PRELUDE = r"""
import json, os, sys
P = json.loads(sys.argv[1])
if P["mode"] != "control":
    import importlib.util
    spec = importlib.util.spec_from_file_location("confine", P["module"])
    C = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(C)
    rw = [P["rw"]] + P.get("extra_rw", [])
    confinement = C.confine(C.default_read_only_paths(), C.default_read_write_paths(*rw), seccomp=P["mode"] == "full")
    print("LEVEL", confinement.level, flush=True)
os.chdir(P["rw"])

def attempt():
"""

EPILOGUE = r"""
try:
    attempt()
except Exception as error:
    sqlite3 = sys.modules.get("sqlite3")
    blocked = isinstance(error, OSError) or (sqlite3 is not None and isinstance(error, sqlite3.Error))
    print("BLOCKED" if blocked else "ERROR", type(error).__name__, error, flush=True)
else:
    print("ESCAPED", flush=True)
"""


@pytest.fixture
def run_dir(tmp_path_factory):
    """The child's own directory (its /mnt/data, HOME, TMPDIR and MPLCONFIGDIR)."""
    root = tmp_path_factory.mktemp("run")
    for name in ("home", "tmp", "mpl"):
        (root / name).mkdir()
    return root


@pytest.fixture
def outside(tmp_path_factory):
    """Another directory, standing for the server's: a secret file, a SQLite database, a shared cache."""
    root = tmp_path_factory.mktemp("server")
    (root / "secret.txt").write_text("the-server-secret\n")
    database = sqlite3.connect(root / "store.sqlite")
    database.execute("create table t (v text)")
    database.execute("insert into t values ('the-database-secret')")
    database.commit()
    database.close()
    (root / "cache").mkdir()
    return root


def spawn(mode: str, body: str, run_dir: Path, timeout: float = 180, **params) -> tuple[str, subprocess.CompletedProcess]:
    """Run `body` (the inside of `def attempt():`) in a child of a sacrificial intermediate; its output."""
    secret = f"secret-{uuid.uuid4().hex}"
    env = C.clean_environment({"HOME": str(run_dir / "home"), "TMPDIR": str(run_dir / "tmp"), "MPLCONFIGDIR": str(run_dir / "mpl")})
    config = {
        "mode": mode,
        "module": str(MODULE),
        "rw": str(run_dir),
        "env": env,
        "child": PRELUDE + textwrap.indent(textwrap.dedent(body).strip() + "\n", "    ") + EPILOGUE,
        "secret_cmdline": secret,  # in the intermediate's command line only
        **params,
    }
    intermediate_env = {"PATH": "/usr/bin:/bin", SECRET_ENV: secret, "OPENAI_API_KEY": secret}
    process = subprocess.run(
        [sys.executable, "-I", "-c", INTERMEDIATE, json.dumps(config)],
        env=intermediate_env, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
        timeout=timeout, start_new_session=True,
    )  # fmt: skip
    output = process.stdout.decode("utf-8", "replace")
    return output.replace(secret, "<SECRET>"), process


def expect(mode: str, output: str, process: subprocess.CompletedProcess, *, leaks: tuple[str, ...] = ()) -> None:
    """Confined: the attempt raised an OSError, nothing leaked, the intermediate lived. Control: it escaped."""
    if mode == "control":
        escaped = "ESCAPED" in output or process.returncode != 0 or any(leak in output for leak in leaks)
        assert escaped, f"the unconfined control did not escape, so this test cannot fail:\n{output}"
        return
    assert "LEVEL landlock-abi" in output, output
    assert "BLOCKED" in output and "ESCAPED" not in output, output
    assert "<SECRET>" not in output, output
    for leak in leaks:
        assert leak not in output, output
    assert process.returncode == 0 and "PARENT-ALIVE child-exit 0" in output, output


def only(mode: str, modes: set[str], why: str) -> None:
    if mode not in modes:
        pytest.skip(why)


# -- the positive control ------------------------------------------------------------------------------


@pytest.mark.parametrize("mode", ["full", "landlock"])
def test_what_a_cell_needs_still_works(mode, run_dir):
    body = """
    import importlib.util, io, sqlite3, tempfile, uuid, zoneinfo
    import numpy as np, pandas as pd, matplotlib
    import matplotlib.pyplot as plt
    import PIL.Image
    site = os.path.dirname(os.path.dirname(np.__file__))
    assert os.listdir(site) and open(os.path.join(site, "numpy", "__init__.py")).read(100)
    df = pd.DataFrame({"t": pd.date_range("2024-01-01", periods=5, tz="Europe/Paris"), "x": np.arange(5)})
    df.to_csv("data.csv")
    assert len(pd.read_csv("data.csv")) == 5
    zoneinfo.ZoneInfo("America/New_York")
    plt.plot(df.x, df.x ** 2)
    plt.title("unicode: é ü")
    plt.savefig("plot.png")
    PIL.Image.open("plot.png").convert("L").save(io.BytesIO(), "JPEG")
    with tempfile.NamedTemporaryFile(dir=os.environ["TMPDIR"]) as handle:
        handle.write(b"x")
    os.makedirs("sub/dir"); os.rename("data.csv", "sub/dir/moved.csv"); os.remove("sub/dir/moved.csv")
    db = sqlite3.connect("own.sqlite"); db.execute("create table t (v)"); db.commit(); db.close()
    open(os.devnull, "w").write("discarded")
    assert len(os.urandom(8)) == 8 and uuid.uuid4()
    print("WORKED", open("plot.png", "rb").read(4))
    raise PermissionError("the positive control reached its end")  # reported as BLOCKED: all of the above worked
    """
    output, process = spawn(mode, body, run_dir)
    assert "LEVEL landlock-abi" in output, output
    assert "WORKED b'\\x89PNG'" in output, output
    assert "BLOCKED PermissionError the positive control reached its end" in output, output
    assert (run_dir / "plot.png").read_bytes().startswith(b"\x89PNG")


# -- files ------------------------------------------------------------------------------------------


@pytest.mark.parametrize("mode", MODES)
def test_reading_a_file_outside(mode, run_dir, outside):
    body = """print(open(P["target"]).read())"""
    output, process = spawn(mode, body, run_dir, target=str(outside / "secret.txt"))
    expect(mode, output, process, leaks=("the-server-secret",))


@pytest.mark.parametrize("mode", MODES)
def test_listing_a_directory_outside(mode, run_dir, outside):
    body = """print(os.listdir(P["target"]))"""
    output, process = spawn(mode, body, run_dir, target=str(outside))
    expect(mode, output, process, leaks=("secret.txt",))


@pytest.mark.parametrize("mode", MODES)
def test_writing_a_file_outside(mode, run_dir, outside):
    body = """open(P["target"], "w").write("planted")"""
    target = outside / "planted.txt"
    output, process = spawn(mode, body, run_dir, target=str(target))
    expect(mode, output, process)
    assert target.exists() == (mode == "control")


@pytest.mark.parametrize("mode", MODES)
def test_writing_the_shared_cache(mode, run_dir, outside):
    body = """open(os.path.join(P["target"], "fontlist-v999.json"), "w").write("{}")"""
    output, process = spawn(mode, body, run_dir, target=str(outside / "cache"))
    expect(mode, output, process)
    assert (outside / "cache" / "fontlist-v999.json").exists() == (mode == "control")


@pytest.mark.parametrize("mode", MODES)
@pytest.mark.parametrize("how", ["read", "write"])
def test_dir_fd_relative_open_from_an_allowed_directory(mode, how, run_dir, outside):
    body = """
    fd = os.open("/usr/share/zoneinfo", os.O_RDONLY | os.O_DIRECTORY)  # allowed, read-only
    relative = "../../.." + P["target"]
    if P["how"] == "read":
        print(os.read(os.open(relative, os.O_RDONLY, dir_fd=fd), 100))
    else:
        os.write(os.open(relative + ".new", os.O_WRONLY | os.O_CREAT, 0o644, dir_fd=fd), b"planted")
    """
    output, process = spawn(mode, body, run_dir, target=str(outside / "secret.txt"), how=how)
    expect(mode, output, process, leaks=("the-server-secret",))
    assert (outside / "secret.txt.new").exists() == (mode == "control" and how == "write")


@pytest.mark.parametrize("mode", MODES)
def test_reading_the_servers_sqlite_database(mode, run_dir, outside):
    body = """
    import sqlite3
    print(sqlite3.connect(P["target"]).execute("select v from t").fetchall())
    """
    output, process = spawn(mode, body, run_dir, target=str(outside / "store.sqlite"))
    expect(mode, output, process, leaks=("the-database-secret",))


@pytest.mark.parametrize("mode", MODES)
def test_symlink_to_a_file_outside(mode, run_dir, outside):
    body = """
    os.symlink(P["target"], "link")  # creating it is allowed in the run's directory; following it is not
    print(open("link").read())
    """
    output, process = spawn(mode, body, run_dir, target=str(outside / "secret.txt"))
    expect(mode, output, process, leaks=("the-server-secret",))


@pytest.mark.parametrize("mode", MODES)
def test_hardlink_or_rename_of_a_file_outside(mode, run_dir, outside):
    body = """
    try:
        os.link(P["target"], "hard")
    except OSError:
        os.rename(P["target"], "moved")
    print(open("hard" if os.path.exists("hard") else "moved").read())
    """
    output, process = spawn(mode, body, run_dir, target=str(outside / "secret.txt"))
    expect(mode, output, process, leaks=("the-server-secret",))
    assert (outside / "secret.txt").exists()


# -- the server's process -------------------------------------------------------------------------


@pytest.mark.parametrize("mode", MODES)
@pytest.mark.parametrize("what", ["environ", "cmdline"])
def test_reading_the_parents_proc_files(mode, what, run_dir):
    body = """print(open(f"/proc/{os.getppid()}/" + P["what"], "rb").read())"""
    output, process = spawn(mode, body, run_dir, what=what)
    expect(mode, output, process, leaks=("<SECRET>",))
    if mode == "control":
        assert "<SECRET>" in output, output  # the secret is there to be read without confinement


@pytest.mark.parametrize("mode", MODES)
@pytest.mark.parametrize("how", ["kill", "pidfd"])
def test_killing_the_parent(mode, how, run_dir):
    only(mode, {"control"} | ({"full", "landlock"} if ABI >= 6 else set()), f"signal scoping needs Landlock ABI 6 (this kernel: {ABI})")
    body = """
    import signal
    if P["how"] == "kill":
        os.kill(os.getppid(), signal.SIGKILL)
    else:
        signal.pidfd_send_signal(os.pidfd_open(os.getppid()), signal.SIGKILL)
    import time; time.sleep(0.5)
    """
    output, process = spawn(mode, body, run_dir, how=how)
    expect(mode, output, process)
    if mode == "control":
        assert process.returncode == -9, output


# -- network ----------------------------------------------------------------------------------------


@pytest.fixture
def tcp_listener():
    server = socket.create_server(("127.0.0.1", 0))
    yield server.getsockname()[1]
    server.close()


@pytest.mark.parametrize("mode", MODES)
def test_tcp_connect_to_loopback(mode, run_dir, tcp_listener):
    only(mode, {"control", "full"} | ({"landlock"} if ABI >= 4 else set()), f"TCP rules need Landlock ABI 4 (this kernel: {ABI})")
    body = """
    import socket
    socket.create_connection(("127.0.0.1", P["port"]), timeout=5).close()
    """
    output, process = spawn(mode, body, run_dir, port=tcp_listener)
    expect(mode, output, process)


@pytest.mark.parametrize("mode", MODES)
def test_tcp_bind(mode, run_dir):
    only(mode, {"control", "full"} | ({"landlock"} if ABI >= 4 else set()), f"TCP rules need Landlock ABI 4 (this kernel: {ABI})")
    body = """
    import socket
    server = socket.socket()
    server.bind(("127.0.0.1", 0))
    server.listen()
    """
    output, process = spawn(mode, body, run_dir)
    expect(mode, output, process)


@pytest.mark.parametrize("mode", MODES)
def test_tcp_listen_without_bind(mode, run_dir):
    only(mode, {"control", "full"}, "Landlock ABI <= 7 does not see listen() on an unbound socket (the kernel picks a port): seccomp refuses the socket")
    body = """
    import socket
    server = socket.socket()
    server.listen()
    print(server.getsockname())
    """
    output, process = spawn(mode, body, run_dir)
    expect(mode, output, process)


@pytest.mark.parametrize("mode", MODES)
def test_udp_send(mode, run_dir):
    only(mode, {"control", "full"}, "Landlock ABI <= 7 does not restrict UDP: seccomp refuses the socket")
    body = """
    import socket
    socket.socket(socket.AF_INET, socket.SOCK_DGRAM).sendto(b"exfiltrated", ("127.0.0.1", 9))
    """
    output, process = spawn(mode, body, run_dir)
    expect(mode, output, process)


@pytest.fixture
def abstract_listener():
    name = f"\0confine-test-{uuid.uuid4().hex}"
    server = socket.socket(socket.AF_UNIX)
    server.bind(name)
    server.listen()
    yield name
    server.close()


@pytest.mark.parametrize("mode", MODES)
def test_abstract_unix_socket_connect(mode, run_dir, abstract_listener):
    only(mode, {"control", "full"} | ({"landlock"} if ABI >= 6 else set()), f"abstract socket scoping needs Landlock ABI 6 (this kernel: {ABI})")
    body = """
    import socket
    socket.socket(socket.AF_UNIX).connect(P["name"])
    """
    output, process = spawn(mode, body, run_dir, name=abstract_listener)
    expect(mode, output, process)


@pytest.mark.parametrize("mode", MODES)
def test_pathname_unix_socket_connect(mode, run_dir, outside):
    only(mode, {"control", "full"}, "Landlock ABI <= 7 does not restrict connecting to a UNIX socket file: seccomp refuses the socket")
    path = outside / "server.sock"
    server = socket.socket(socket.AF_UNIX)
    server.bind(str(path))
    server.listen()
    try:
        body = """
        import socket
        socket.socket(socket.AF_UNIX).connect(P["path"])
        """
        output, process = spawn(mode, body, run_dir, path=str(path))
    finally:
        server.close()
    expect(mode, output, process)


# -- processes and privileges -----------------------------------------------------------------------


@pytest.mark.parametrize("mode", MODES)
@pytest.mark.parametrize("program", ["/bin/sh", "interpreter"])
def test_starting_a_program(mode, program, run_dir):
    """Nothing is granted the execute right: not /bin (not granted at all), not the interpreter."""
    body = """
    import subprocess
    if P["program"] == "/bin/sh":
        argv = ["/bin/sh", "-c", "echo started"]
    else:
        argv = [sys.executable, "-c", "print('started')"]
    print(subprocess.run(argv, capture_output=True, text=True).stdout)
    """
    output, process = spawn(mode, body, run_dir, program=program)
    expect(mode, output, process)


@pytest.mark.parametrize("mode", MODES)
def test_executing_a_script_written_by_the_cell(mode, run_dir):
    body = """
    with open("run.sh", "w") as script:
        script.write("#!/bin/sh\\necho started\\n")
    os.chmod("run.sh", 0o755)
    os.execv("./run.sh", ["./run.sh"])
    """
    output, process = spawn(mode, body, run_dir)
    if mode == "control":
        assert "started" in output, output
    else:
        expect(mode, output, process)


@pytest.mark.parametrize("mode", MODES)
@pytest.mark.parametrize("call", ["setsid", "setpgid"])
def test_a_forked_process_cannot_leave_the_process_group(mode, call, run_dir):
    """The server kills the sandbox's process group at the time limit: a fork must stay in it."""
    only(mode, {"control", "full"}, "Landlock does not restrict setsid()/setpgid(): seccomp refuses them")
    body = """
    pid = os.fork()
    if pid == 0:
        try:
            os.setsid() if P["call"] == "setsid" else os.setpgid(0, 0)
        except OSError:
            os._exit(13)
        os._exit(0)
    _, status = os.waitpid(pid, 0)
    if os.waitstatus_to_exitcode(status) == 13:
        raise PermissionError(P["call"] + " refused in the forked process")
    """
    output, process = spawn(mode, body, run_dir, call=call)
    expect(mode, output, process)


@pytest.mark.parametrize("mode", MODES)
def test_no_capabilities_even_as_root(mode, run_dir):
    only(mode, {"control", "full", "landlock"} if os.geteuid() == 0 else set(), "only meaningful when the tests run as root")
    body = """
    open("mine", "w").close()
    os.chown("mine", 12345, 12345)  # CAP_CHOWN
    """
    output, process = spawn(mode, body, run_dir)
    expect(mode, output, process)


# -- the module's own contract ----------------------------------------------------------------------


def test_confine_refuses_to_run_with_threads_alive(run_dir):
    if ABI >= 8:
        pytest.skip("Landlock ABI 8 confines every thread at once (TSYNC)")
    code = textwrap.dedent(
        f"""
        import importlib.util, threading, time
        spec = importlib.util.spec_from_file_location("confine", {str(MODULE)!r})
        C = importlib.util.module_from_spec(spec); spec.loader.exec_module(C)
        threading.Thread(target=time.sleep, args=(5,), daemon=True).start()
        try:
            C.confine([], [{str(run_dir)!r}])
        except C.ConfinementError as error:
            print("REFUSED", error)
        """
    )
    output = subprocess.run([sys.executable, "-I", "-c", code], capture_output=True, text=True, timeout=60).stdout
    assert "REFUSED" in output and "thread" in output, output


@pytest.mark.parametrize("abi", [1, 2, 3, 4, 5, 6])
def test_best_effort_on_older_abis(abi, run_dir, outside):
    """A kernel with an older ABI: confine() asks only for what that ABI knows (simulated on this kernel)."""
    if abi > ABI:
        pytest.skip(f"this kernel's ABI is {ABI}")
    code = textwrap.dedent(
        f"""
        import importlib.util, json
        spec = importlib.util.spec_from_file_location("confine", {str(MODULE)!r})
        C = importlib.util.module_from_spec(spec); spec.loader.exec_module(C)
        C.landlock_abi = lambda: {abi}
        c = C.confine(C.default_read_only_paths(), C.default_read_write_paths({str(run_dir)!r}), seccomp=False)
        try:
            open({str(outside / "secret.txt")!r}).read()
            read = "read"
        except PermissionError:
            read = "refused"
        print(json.dumps([c.level, len(c.gaps), read]))
        """
    )
    result = subprocess.run([sys.executable, "-I", "-c", code], capture_output=True, text=True, timeout=60)
    level, gaps, read = json.loads(result.stdout or "null") or (None, 0, None)
    assert level is not None, result.stderr
    assert level.startswith(f"landlock-abi{abi}: files") and read == "refused"
    assert ("network" in level) == (abi >= 4) and ("signals" in level) == (abi >= 6)
    assert gaps >= 1


def test_report_for_health(run_dir):
    code = textwrap.dedent(
        f"""
        import importlib.util, json
        spec = importlib.util.spec_from_file_location("confine", {str(MODULE)!r})
        C = importlib.util.module_from_spec(spec); spec.loader.exec_module(C)
        print(json.dumps(C.confine(C.default_read_only_paths(), C.default_read_write_paths({str(run_dir)!r})).as_dict()))
        """
    )
    report = json.loads(subprocess.run([sys.executable, "-I", "-c", code], capture_output=True, text=True, timeout=60, check=True).stdout)
    assert report["level"].startswith(f"landlock-abi{ABI}: files")
    assert report["abi"] == ABI
    assert report["covers"] and report["gaps"]
    if ABI >= 6:
        assert report["level"] == f"landlock-abi{ABI}: files, network, signals + seccomp: sockets"


def test_default_read_only_paths_hold_no_proc_home_or_project():
    paths = C.default_read_only_paths()
    assert any(p.endswith("site-packages") for p in paths)
    for path in paths:
        assert not path.startswith("/proc"), path
        assert path not in ("/", "/etc", "/home", "/root", "/tmp", "/var", "/usr", str(ROOT)), path
        assert not path.startswith(str(ROOT) + "/") or ".venv" in path, path


def test_clean_environment_carries_nothing_from_the_server(monkeypatch, tmp_path):
    monkeypatch.setenv("OPENAI_API_KEY", "sk-server")
    monkeypatch.setenv("SIMULATOR_DATA", "/srv/data")
    env = C.clean_environment({"HOME": str(tmp_path), "TMPDIR": str(tmp_path / "tmp"), "MPLCONFIGDIR": str(tmp_path / "mpl")})
    assert "OPENAI_API_KEY" not in env and not any(name.startswith("SIMULATOR_") for name in env)
    assert "sk-server" not in json.dumps(env)
    assert env["HOME"] == str(tmp_path) and env["MPLBACKEND"] == "Agg" and env["LC_ALL"] == "C.UTF-8"
    with pytest.raises(ValueError):
        C.clean_environment({"HOME": "/x", "TMPDIR": "/x", "MPLCONFIGDIR": "/x", "OPENAI_API_KEY": "sk"})
    with pytest.raises(ValueError):
        C.clean_environment({"HOME": "/x"})
