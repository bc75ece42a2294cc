"""Every known way out of the code sandbox, tried THROUGH A REAL RUN: the model writes the attack, the server runs it.

Each test starts nothing itself: a simulator of the module's own, in a subprocess (so an attack that kills
its server kills that process, never pytest), with a model that runs the user's message as code and
replies with its logs. The server's environment holds a fake secret (as OPENAI_API_KEY and as the
model backend's key), and there is a "server's" directory beside its database with a secret file.
Each attack must fail, leak nothing, and leave the server answering.

Both isolation levels are tried: "auto" (Landlock + seccomp, skipped where the kernel has no Landlock)
and "audit-hook" (what macOS, Windows and old kernels get): the escapes listed here are closed in both.
"""

from __future__ import annotations

import json
import os
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import httpx
import pytest
from openai import OpenAI

from simulator.launch import free_port

ROOT = Path(__file__).resolve().parents[2]
SECRET = "fake-key-for-escape-tests"  # not shaped like a real key: scanners must not take it for one
FILE_SECRET = "the-servers-own-secret-file"

SERVER = r"""
import sys, uvicorn
from pathlib import Path
from simulator.app import create_app
from simulator.model import Reply, RunCode
from simulator.settings import Settings


class RunsTheMessage:
    '''The learner's message is the code; the reply is what it printed.'''

    def next_action(self, turn):
        if not turn.results:
            return RunCode(turn.last_user_text)
        return Reply("LOGS:" + (turn.results[-1].output or "(nothing)"))


app = create_app(Settings(db=Path(sys.argv[2]), queued_delay=0, in_progress_delay=0, token_delay=0, in_progress_hold=0))
app.state.sim.engine.model = RunsTheMessage()
uvicorn.run(app, host="127.0.0.1", port=int(sys.argv[1]), log_level="warning")
"""


class Server:
    def __init__(self, root: Path, isolation: str, env: dict | None = None) -> None:
        self.root = root
        self.port = free_port()
        self.tmp = root / "server-tmp"
        self.tmp.mkdir(parents=True)
        self.outside = root / "server-files"
        self.outside.mkdir()
        (self.outside / "secret.txt").write_text(FILE_SECRET)
        self.log = root / "server.log"
        base = {k: v for k, v in os.environ.items() if not k.startswith(("SIMULATOR_", "OPENAI_")) or k == "SIMULATOR_CONFORMANCE_LOG"}
        self.env = {
            **base,
            "OPENAI_API_KEY": SECRET,
            "SIMULATOR_MODEL_API_KEY": SECRET,
            "SIMULATOR_SANDBOX_ISOLATION": isolation,
            "SIMULATOR_CODE_TIMEOUT": "20",
            "TMPDIR": str(self.tmp),
            **(env or {}),
        }
        with open(self.log, "ab") as log:
            # a session of its own: a cell that managed to kill the server's process group would not reach pytest
            self.process = subprocess.Popen(
                [sys.executable, "-c", SERVER, str(self.port), str(root / "sim.db")],
                cwd=ROOT,
                env=self.env,
                stdout=log,
                stderr=subprocess.STDOUT,
                start_new_session=True,
            )
        self.url = f"http://127.0.0.1:{self.port}"
        deadline = time.monotonic() + 60
        while True:
            try:
                if httpx.get(self.url + "/health", timeout=2).status_code == 200:
                    break
            except httpx.HTTPError:
                pass
            if self.process.poll() is not None or time.monotonic() > deadline:
                raise RuntimeError("the simulator did not start:\n" + self.log.read_text(errors="replace"))
            time.sleep(0.1)
        self.client = OpenAI(base_url=self.url + "/v1", api_key="sk-learner", max_retries=0, timeout=60)
        self.assistant = self.client.beta.assistants.create(model="gpt-4o", tools=[{"type": "code_interpreter"}])

    def health(self) -> dict:
        return httpx.get(self.url + "/health", timeout=5).json()

    def run(self, code: str) -> str:
        """Run `code` through a real run; the logs the model saw (its reply)."""
        run = self.client.beta.threads.create_and_run_poll(
            assistant_id=self.assistant.id, thread={"messages": [{"role": "user", "content": code}]}, poll_interval_ms=50
        )
        assert run.status == "completed", run
        reply = self.client.beta.threads.messages.list(thread_id=run.thread_id).data[0].content[0].text.value
        assert reply.startswith("LOGS:"), reply
        return reply[len("LOGS:") :]

    def assert_alive(self) -> None:
        assert self.process.poll() is None, "the server died:\n" + self.log.read_text(errors="replace")
        assert self.health()["status"] == "ok"

    def stop(self) -> None:
        self.process.send_signal(signal.SIGTERM)
        try:
            self.process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()


@pytest.fixture(scope="module", params=["auto", "audit-hook"])
def server(request, tmp_path_factory):
    started = Server(tmp_path_factory.mktemp(f"escape-{request.param}"), request.param)
    try:
        level = started.health()["sandbox"]["level"]
        if request.param == "auto" and level not in ("namespaces", "landlock"):
            pytest.skip(f"no Landlock on this machine (the sandbox runs at level {level!r})")
        assert level in (("namespaces", "landlock") if request.param == "auto" else ("audit-hook",))
        yield started
    finally:
        started.stop()


def refused(logs: str) -> bool:
    """The attack raised, and its last line (printing ESCAPED, spelt so the code itself does not contain it) never ran."""
    return "Error" in logs and "ESCAPED" not in logs


# -- files ------------------------------------------------------------------------------------------


def test_reading_a_file_outside(server):
    logs = server.run(f"print(open({str(server.outside / 'secret.txt')!r}).read())\nprint('ESC' + 'APED')")
    assert refused(logs) and FILE_SECRET not in logs, logs
    server.assert_alive()


def test_reading_the_servers_database(server):
    logs = server.run(
        f"import sqlite3\nprint(sqlite3.connect({str(server.root / 'sim.db')!r}).execute('select count(*) from objects').fetchall())\nprint('ESC' + 'APED')"
    )
    assert refused(logs), logs
    server.assert_alive()


def test_writing_a_file_outside(server):
    target = server.outside / "planted.txt"
    logs = server.run(f"open({str(target)!r}, 'w').write('planted')\nprint('ESC' + 'APED')")
    assert refused(logs) and not target.exists(), logs
    server.assert_alive()


@pytest.mark.parametrize("how", ["read", "write", "mkdir"])
def test_paths_relative_to_a_directory_descriptor(server, how):
    """os.open(..., dir_fd=fd): the `open` audit event carries no dir_fd, so the hook alone once missed it."""
    target = server.outside / "secret.txt"
    relative = "../../.." + str(target)
    code = {
        # a directory every level lets the code read: Python's own library
        "read": f"fd = os.open(os.path.dirname(os.__file__), os.O_RDONLY | os.O_DIRECTORY)\nprint(os.read(os.open({relative!r}, os.O_RDONLY, dir_fd=fd), 100))",
        "write": f"fd = os.open(os.path.dirname(os.__file__), os.O_RDONLY | os.O_DIRECTORY)\nos.write(os.open({relative + '.new'!r}, os.O_WRONLY | os.O_CREAT, 0o644, dir_fd=fd), b'planted')",
        "mkdir": f"fd = os.open('/mnt/data', os.O_RDONLY | os.O_DIRECTORY)\nos.mkdir({'../../../../../../..' + str(server.outside / 'made')!r}, dir_fd=fd)",
    }[how]
    logs = server.run("import os\n" + code + "\nprint('ESC' + 'APED')")
    assert refused(logs) and FILE_SECRET not in logs, logs
    assert not (server.outside / "secret.txt.new").exists() and not (server.outside / "made").exists()
    server.assert_alive()


def test_the_dir_fd_check_leaves_the_runs_own_directories_usable(server):
    logs = server.run(
        "import os, shutil\nos.makedirs('/mnt/data/a/b')\nopen('/mnt/data/a/b/f', 'w').write('x')\nshutil.rmtree('/mnt/data/a')\nprint('REMOVED', os.listdir('/mnt/data'))"
    )
    assert "REMOVED []" in logs, logs


# -- the server's process and secrets ----------------------------------------------------------------


@pytest.mark.parametrize("what", ["environ", "cmdline"])
def test_reading_the_servers_proc_files(server, what):
    logs = server.run(f"import os\nprint(open(f'/proc/{{os.getppid()}}/{what}', 'rb').read())\nprint('ESC' + 'APED')")
    # In the box the parent is the session's own init (the server is not in its PID namespace): reading it is no escape.
    boxed = server.health()["sandbox"]["level"] == "namespaces"
    assert (boxed or refused(logs)) and SECRET not in logs and "sim.db" not in logs, logs
    server.assert_alive()


def test_the_environment_holds_none_of_the_servers_secrets(server):
    logs = server.run("import os\nprint(dict(os.environ))")
    assert SECRET not in logs and "SIMULATOR_" not in logs and "OPENAI" not in logs, logs
    assert "MPLCONFIGDIR" in logs  # the run's own


@pytest.mark.parametrize("how", ["kill", "killpg", "pidfd"])
def test_signalling_the_server(server, how):
    code = {
        "kill": "os.kill(os.getppid(), signal.SIGKILL)",
        "killpg": "os.killpg(os.getpgid(os.getppid()), signal.SIGKILL)",
        "pidfd": "signal.pidfd_send_signal(os.pidfd_open(os.getppid()), signal.SIGKILL)",
    }[how]
    logs = server.run(f"import os, signal, time\n{code}\ntime.sleep(0.5)\nprint('ESC' + 'APED')")
    assert refused(logs), logs
    server.assert_alive()


# -- network and processes ----------------------------------------------------------------------------


@pytest.mark.parametrize("how", ["tcp to the server", "udp", "unix"])
def test_sockets(server, how, tmp_path):
    path = tmp_path / "s.sock"
    listener = socket.socket(socket.AF_UNIX)
    listener.bind(str(path))
    listener.listen()
    code = {
        "tcp to the server": f"import socket\nsocket.create_connection(('127.0.0.1', {server.port}), timeout=5).close()",
        "udp": "import socket\nsocket.socket(socket.AF_INET, socket.SOCK_DGRAM).sendto(b'x', ('127.0.0.1', 9))",
        "unix": f"import socket\nsocket.socket(socket.AF_UNIX).connect({str(path)!r})",
    }[how]
    try:
        logs = server.run(code + "\nprint('ESC' + 'APED')")
    finally:
        listener.close()
    assert refused(logs), logs
    server.assert_alive()


@pytest.mark.parametrize(
    "code",
    [
        "import subprocess\nprint(subprocess.run(['/bin/sh', '-c', 'echo ESC\"\"APED'], capture_output=True, text=True).stdout)",
        "import os\nos.system('echo ESC\"\"APED')",
        "import os\nos.execv('/bin/sh', ['/bin/sh', '-c', 'echo ESC\"\"APED'])",
    ],
)
def test_starting_programs(server, code):
    logs = server.run(code)
    # In the box /bin/sh does not exist: os.system's shell fails (status 127) without an exception; no program ran.
    assert refused(logs) or (server.health()["sandbox"]["level"] == "namespaces" and "ESCAPED" not in logs), logs
    server.assert_alive()


# -- what one run could leave for the next --------------------------------------------------------------


def test_nothing_a_run_leaves_is_seen_by_the_next(server):
    plant = (
        "import os, tempfile\n"
        "for d in (os.environ['MPLCONFIGDIR'], os.environ['HOME'], tempfile.gettempdir(), '/mnt/data'):\n"
        "    open(os.path.join(d, 'left-behind.txt'), 'w').write('for the next learner')\n"
        "for name in os.listdir(os.environ['MPLCONFIGDIR']):\n"
        "    open(os.path.join(os.environ['MPLCONFIGDIR'], name), 'a').write('poisoned')\n"
        "print('PLANTED')"
    )
    assert "PLANTED" in server.run(plant)
    look = (
        "import os, tempfile\n"
        "print([name for d in (os.environ['MPLCONFIGDIR'], os.environ['HOME'], tempfile.gettempdir(), '/mnt/data') for name in os.listdir(d)])\n"
        "import matplotlib.font_manager as fm\nprint('FONTS', len(fm.fontManager.ttflist) > 0)"
    )
    logs = server.run(look)
    assert "left-behind" not in logs and "FONTS True" in logs and "Error" not in logs, logs


def test_the_servers_font_list_is_out_of_reach(server):
    server.run("import matplotlib\nprint('warm')")  # the font list exists once a code run has happened
    (fonts,) = list(server.tmp.glob("assistants-sandbox-fonts-*"))
    (font_list,) = list(fonts.glob("fontlist-*.json"))
    before = font_list.read_bytes()
    logs = server.run(f"open({str(font_list)!r}, 'a').write('poisoned')\nopen({str(fonts / 'note.txt')!r}, 'w').write('x')\nprint('ESC' + 'APED')")
    assert refused(logs) and font_list.read_bytes() == before and not (fonts / "note.txt").exists(), logs
    server.assert_alive()


def test_health_says_which_isolation_is_active_and_what_it_does_not_stop(server):
    sandbox = server.health()["sandbox"]
    assert sandbox["level"] in ("namespaces", "landlock", "audit-hook") and sandbox["covers"]
    assert sandbox["gaps"] or sandbox["level"] == "namespaces"  # the box leaves nothing listed open here
    if sandbox["level"] == "audit-hook":
        assert "native code" in json.dumps(sandbox["gaps"])
