"""The traps a new learner fell into (issue 19), each with a test that fails if it comes back.

Real processes on loopback throughout: simulators, `python -m course.lab` with a real JupyterLab, a
kernel running a lesson's first cell, the Binder `start` script, and a stranger's server on a free port.
"""

from __future__ import annotations

import csv
import http.server
import json
import os
import re
import shutil
import signal
import sqlite3
import stat
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest
import yaml
from openai import OpenAI

from course import classroom, service
from course.lab import should_open_browser
from course.service import probe, read_pid_record, start_simulator, stop_simulator
from helpers.backend import BackendError, check_backend
from simulator import launch
from simulator.launch import FAST, free_port

ROOT = Path(__file__).resolve().parents[2]
BIN = Path(sys.executable).parent
README = (ROOT / "README.md").read_text(encoding="utf-8")

pytestmark = pytest.mark.filterwarnings("ignore::DeprecationWarning")


# -- helpers ------------------------------------------------------------------------------------------


def child_env(tmp_path: Path, **extra: str) -> dict:
    """A learner's shell: no OPENAI_* or SIMULATOR_* of the test session, a home of its own, no make on PATH."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("OPENAI_", "SIMULATOR_", "JUPYTER_"))}
    home = tmp_path / "home"
    home.mkdir(exist_ok=True)
    env.update(HOME=str(home), PATH=str(BIN), PYTHONUNBUFFERED="1", **FAST, **extra)
    env.pop("DISPLAY", None)
    env.pop("WAYLAND_DISPLAY", None)
    return env


def wait_until(condition, timeout: float = 10.0) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(0.05)
    return condition()


class Stranger:
    """Another program on a port: a web server that is not the simulator (optionally with a /health of its own)."""

    def __init__(self, health: bytes | None = None) -> None:
        health_body = health

        class Handler(http.server.BaseHTTPRequestHandler):
            def do_GET(self):  # noqa: N802
                if self.path == "/health" and health_body is not None:
                    body, kind, status = health_body, "application/json", 200
                elif self.path == "/health":
                    body, kind, status = b"<h1>Not Found</h1>", "text/html", 404
                else:
                    body, kind, status = b"<html><body>Some other app</body></html>", "text/html", 200
                self.send_response(status)
                self.send_header("content-type", kind)
                self.send_header("content-length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            do_POST = do_GET  # noqa: N815

            def log_message(self, *args):
                pass

        self.port = free_port()
        self.server = http.server.ThreadingHTTPServer(("127.0.0.1", self.port), Handler)
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    @property
    def base_url(self) -> str:
        return f"http://127.0.0.1:{self.port}/v1"

    def __enter__(self) -> Stranger:
        self.thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self.server.shutdown()
        self.server.server_close()


@pytest.fixture
def clean_env(monkeypatch, tmp_path):
    for name in ("OPENAI_BASE_URL", "OPENAI_API_KEY", "SIMULATOR_STATE_DIR"):
        monkeypatch.delenv(name, raising=False)
    for name, value in FAST.items():
        monkeypatch.setenv(name, value)
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("SIMULATOR_STATE_DIR", str(tmp_path / "state"))
    return tmp_path


@pytest.fixture
def lesson_simulator(tmp_path, monkeypatch):
    """A simulator started as a lesson's first cell starts one: detached, recorded in a pid file; stopped afterwards."""
    for name, value in FAST.items():
        monkeypatch.setenv(name, value)
    state = tmp_path / "state"
    started = []

    def start(port: int | None = None, started_by: str = "a lesson (check_backend)") -> str:
        base_url = f"http://127.0.0.1:{port or free_port()}/v1"
        started.append(start_simulator(base_url, state=state, started_by=started_by))
        return base_url

    start.state = state
    start.started = started
    yield start
    stop_simulator(state)  # whatever is recorded last (one a reset restarted, say), checked before it is stopped
    for process in started:
        if process.poll() is None:
            process.terminate()
        process.wait(timeout=10)


# -- trap 2: another program on the simulator's port ------------------------------------------------------


def test_health_names_the_simulator_with_a_stable_marker(base_url):
    health = probe(base_url)
    assert health["service"] == "assistants-simulator" and health["marker"] == launch.MARKER
    assert health["version"] not in ("", None) and isinstance(health["pid"], int)
    assert launch.is_simulator(health)
    assert not launch.is_simulator({"status": "ok"}) and not launch.is_simulator({}) and not launch.is_simulator(None)
    assert not launch.is_simulator({"status": "ok", "service": "assistants-simulator"})  # the marker is required too


@pytest.mark.parametrize("health", [None, b'{"status": "ok"}'], ids=["no-health", "a-health-of-its-own"])
def test_check_backend_tells_a_strangers_server_apart_and_says_what_to_do(clean_env, monkeypatch, capsys, health):
    with Stranger(health) as stranger:
        monkeypatch.setenv("OPENAI_BASE_URL", stranger.base_url)
        with pytest.raises(BackendError) as raised:
            check_backend()
    message = str(raised.value)
    assert "not the course's simulator" in message
    assert f"make lab PORT={stranger.port + 1}" in message and f"OPENAI_BASE_URL=http://127.0.0.1:{stranger.port + 1}/v1" in message
    assert "Backend:" not in capsys.readouterr().out
    assert not (clean_env / "state").exists()  # nothing was started on top of it


@pytest.mark.parametrize("health", [None, b'{"status": "ok"}'], ids=["no-health", "a-health-of-its-own"])
def test_make_lab_refuses_a_strangers_port_and_says_to_use_another(tmp_path, health):
    with Stranger(health) as stranger:
        done = subprocess.run(
            [sys.executable, "-m", "course.lab", "--port", str(stranger.port), "--state", str(tmp_path / "state"), "--env-file", str(tmp_path / ".env"), "--no-browser"],
            cwd=ROOT, env=child_env(tmp_path), capture_output=True, text=True, timeout=60,
        )  # fmt: skip
    assert done.returncode == 2, done.stdout + done.stderr
    assert "already answering" not in done.stdout
    assert f"make lab PORT={stranger.port + 1}" in done.stderr and "OPENAI_BASE_URL" in done.stderr
    assert "JupyterLab" not in done.stdout


# -- trap 3: the simulator stopped mid-session -------------------------------------------------------------


def test_a_connection_error_in_a_lesson_says_how_to_get_the_simulator_back(tmp_path):
    from jupyter_client.manager import start_new_kernel

    state = tmp_path / "state"
    base_url = f"http://127.0.0.1:{free_port()}/v1"
    env = child_env(tmp_path, OPENAI_BASE_URL=base_url, SIMULATOR_STATE_DIR=str(state))
    work = tmp_path / "notebooks"
    work.mkdir()
    km, kc = start_new_kernel(kernel_name="python3", cwd=str(work), env=env, startup_timeout=60)
    try:

        def run(code: str) -> list[dict]:
            messages = []
            reply = kc.execute_interactive(code, timeout=60, output_hook=messages.append)
            return [reply, *messages]

        first = run("from helpers import check_backend\ncheck_backend()\nfrom openai import OpenAI\nclient = OpenAI(max_retries=0)")
        assert first[0]["content"]["status"] == "ok", first
        assert "Stopped the simulator" in stop_simulator(state)  # the simulator goes away mid-session

        messages = run("client.beta.assistants.list()")
        errors = [m["content"] for m in messages if m["msg_type"] == "error"]
        assert errors and errors[0]["ename"] == "APIConnectionError"
        shown = re.sub(r"\x1b\[[0-9;]*m", "", "\n".join(errors[0]["traceback"]))
        assert "APIConnectionError: Connection error." in shown
        assert f"The simulator at {base_url} is not answering: re-run the first cell (check_backend()) to restart it" in shown
        assert shown.rstrip().endswith("or run `make lab` (README: Troubleshooting).")

        again = run("check_backend()\nprint(len(client.beta.assistants.list().data))")  # the hint's advice works
        assert again[0]["content"]["status"] == "ok" and any("0" in m["content"].get("text", "") for m in again[1:] if m["msg_type"] == "stream")
    finally:
        kc.stop_channels()
        km.shutdown_kernel(now=True)
        stop_simulator(state)


# -- trap 4: a lesson's snippet in a plain script ----------------------------------------------------------


def readme_section(title: str) -> str:
    start = README.index(title)
    end = README.find("\n## ", start + len(title))
    return README[start : end if end > 0 else None]


def test_the_readmes_plain_script_recipe_runs_with_only_a_dotenv(tmp_path, base_url):
    section = readme_section("### Lesson code in a plain script")
    assert "python -m simulator" in section and "make serve" in section
    code = re.search(r"```python\n(.*?)```", section, re.S).group(1)
    assert "load_dotenv()" in code
    script = tmp_path / "my_script.py"
    script.write_text(code, encoding="utf-8")
    (tmp_path / ".env").write_text(f"OPENAI_API_KEY=sk-offline\nOPENAI_BASE_URL={base_url}\n")
    done = subprocess.run([sys.executable, str(script)], cwd=tmp_path, env=child_env(tmp_path), capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stderr
    assert "Missing credentials" not in done.stderr


# -- trap 5: a simulator that outlives make lab ------------------------------------------------------------


def test_make_stop_stops_a_simulator_a_lesson_started(tmp_path, lesson_simulator):
    base_url = lesson_simulator()
    pid = read_pid_record(lesson_simulator.state)["pid"]
    assert shutil.which("make"), "make is needed for this test"
    done = subprocess.run(["make", "--no-print-directory", "stop", f"STATE={lesson_simulator.state}"], cwd=ROOT, capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stderr
    assert f"Stopped the simulator at {base_url} (pid {pid}, started by a lesson (check_backend))." in done.stdout
    assert lesson_simulator.started[0].wait(timeout=10) is not None and probe(base_url, timeout=0.2) is None
    assert not (lesson_simulator.state / "server.pid").exists()
    again = subprocess.run([sys.executable, "-m", "course.service", "stop", "--state", str(lesson_simulator.state)], cwd=ROOT, capture_output=True, text=True, timeout=60)
    assert "nothing to stop" in again.stdout


def test_stop_never_kills_a_process_that_is_not_the_simulator(tmp_path):
    state = tmp_path / "state"
    state.mkdir()
    bystander = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(60)"])
    try:
        with Stranger() as stranger:
            # a stale pid file: its pid now belongs to another program, and another server has the port
            (state / "server.pid").write_text(json.dumps({"pid": bystander.pid, "base_url": stranger.base_url, "started_by": "a lesson"}))
            said = stop_simulator(state)
        assert "not running any more (nothing stopped)" in said
        assert bystander.poll() is None  # still alive
        assert not (state / "server.pid").exists()
    finally:
        bystander.kill()
        bystander.wait()


def read_until(pattern: str, timeout: float, seen: list[str]) -> re.Match:
    """Wait until a line a reader thread collected in `seen` matches."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        for line in seen:
            found = re.search(pattern, line)
            if found:
                return found
        time.sleep(0.1)
    raise AssertionError(f"no line matched {pattern!r} in {timeout} s:\n" + "".join(seen))


def test_lab_without_make_prints_its_address_and_ctrl_c_stops_a_simulator_a_lesson_restarted(tmp_path, lesson_simulator):
    """`python -m course.lab` on a machine without make; a lesson restarts the simulator meanwhile; Ctrl-C stops all."""
    env = child_env(tmp_path)
    assert shutil.which("make", path=env["PATH"]) is None
    port = free_port()
    base_url = f"http://127.0.0.1:{port}/v1"
    state = lesson_simulator.state
    lab = subprocess.Popen(
        [sys.executable, "-m", "course.lab", "--port", str(port), "--state", str(state), "--env-file", str(tmp_path / ".env")],
        cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, start_new_session=True,
    )  # fmt: skip
    seen: list[str] = []
    reader = threading.Thread(target=lambda: seen.extend(iter(lab.stdout.readline, "")), daemon=True)
    reader.start()
    try:
        read_until(rf"Simulator: started on port {port} ", 60, seen)
        url = read_until(r"^\s+(http://localhost:(\d+)/lab\?token=\w+)\s*$", 120, seen)
        lab_port = int(url.group(2))
        assert "it should open by itself" not in "".join(seen)  # a headless Linux: no browser, the address instead
        first = read_pid_record(state)
        assert first["started_by"] == "python -m course.lab" and probe(base_url)["pid"] == first["pid"]  # not "make lab"

        # The simulator dies; a lesson's first cell starts another one on the same address.
        assert "Stopped the simulator" in stop_simulator(state)
        lesson_simulator(port=port)
        restarted = read_pid_record(state)
        assert restarted["pid"] != first["pid"] and restarted["started_by"] == "a lesson (check_backend)"

        os.killpg(lab.pid, signal.SIGINT)  # Ctrl-C: the terminal signals lab and JupyterLab, its foreground group
        assert lab.wait(timeout=60) == 0
        reader.join(timeout=10)
    finally:
        if lab.poll() is None:
            os.killpg(lab.pid, signal.SIGKILL)
            lab.wait()
        stop_simulator(state)
    out = "".join(seen)
    assert "Stopped JupyterLab." in out and f"Copied .env.example to {tmp_path / '.env'}" in out and (tmp_path / ".env").exists()
    assert f"Stopped the simulator at {base_url} (pid {restarted['pid']}, started by a lesson (check_backend))." in out
    assert "keeps running" not in out
    assert lesson_simulator.started[0].wait(timeout=10) is not None
    assert probe(base_url, timeout=0.2) is None
    assert wait_until(lambda: probe(f"http://127.0.0.1:{lab_port}", timeout=0.2) is None)


def test_lab_says_honestly_which_simulator_keeps_running(tmp_path, tmp_simulator):
    """A simulator lab did not start and the course did not record (make serve elsewhere) is named, not stopped."""
    other = tmp_simulator()
    done = subprocess.run(
        [sys.executable, "-m", "course.lab", "--port", str(other.port), "--state", str(tmp_path / "state"), "--env-file", str(tmp_path / ".env"), "--no-browser", "--", "--version"],
        cwd=ROOT, env=child_env(tmp_path), capture_output=True, text=True, timeout=120,
    )  # fmt: skip
    assert "not started by python -m course.lab or a lesson: it keeps running when this stops" in done.stdout, done.stdout + done.stderr
    assert f"The simulator at {other.base_url} (pid {other.process.pid}) keeps running" in done.stdout
    assert launch.is_simulator(probe(other.base_url))


# -- trap 8: first run, browser, GitHub, Windows -----------------------------------------------------------


def test_the_browser_opens_on_every_desktop_and_never_on_a_headless_linux():
    assert should_open_browser("darwin", {}) and should_open_browser("win32", {})
    assert should_open_browser("linux", {"DISPLAY": ":0"}) and should_open_browser("linux", {"WAYLAND_DISPLAY": "wayland-0"})
    assert not should_open_browser("linux", {})


def test_the_first_install_says_what_it_is_doing_before_it_starts():
    done = subprocess.run(["make", "--no-print-directory", "-n", "-B", ".venv/.installed"], cwd=ROOT, capture_output=True, text=True, timeout=60)
    lines = done.stdout.splitlines()
    say = next(i for i, line in enumerate(lines) if "Installing the course's packages into .venv (first time: seconds with uv, about a minute with pip)" in line)
    pip = next(i for i, line in enumerate(lines) if "pip install" in line and "-r requirements.lock" in line)  # uv's, or pip's
    assert say < pip


def test_the_readme_covers_fonts_windows_conda_port_and_stopping():
    for needed in ("fonts-noto-cjk", "environment.yml", "Windows", "make lab PORT=8766", "OPENAI_BASE_URL", "make stop", "make reset", "python -m course.lab", "load_dotenv()"):
        assert needed in README, needed


# -- trap 10: Binder and hubs ------------------------------------------------------------------------------


def test_binder_reads_environment_yml_and_a_start_script():
    env = yaml.safe_load((ROOT / "environment.yml").read_text())
    dependencies = env["dependencies"]
    assert any(str(d).startswith("python=3.1") for d in dependencies)
    pip = next(d["pip"] for d in dependencies if isinstance(d, dict))
    assert "-r requirements.lock" in pip and "-e ." in pip  # local references: repo2docker copies the repository first
    assert not (ROOT / "binder").exists()  # a binder/ folder would make repo2docker ignore the files at the top
    start = ROOT / "start"
    assert start.stat().st_mode & stat.S_IXUSR
    assert subprocess.run(["bash", "-n", str(start)]).returncode == 0
    assert 'exec "$@"' in start.read_text()
    # The badge is made from the repository's address (make binder-badge, tests/course/test_course_setup.py); until then the
    # README says so in words, and never shows a placeholder as a link.
    assert "OWNER/REPO" not in README and "make binder-badge" in README


def test_the_start_script_starts_the_simulator_then_runs_the_servers_command(tmp_path):
    state = tmp_path / "state"
    base_url = f"http://127.0.0.1:{free_port()}/v1"
    env = child_env(tmp_path, OPENAI_BASE_URL=base_url, SIMULATOR_STATE_DIR=str(state))
    env["PATH"] = f"{BIN}:/usr/bin:/bin"
    check = "import json, sys, urllib.request; print(json.load(urllib.request.urlopen(sys.argv[1] + '/health'))['marker'])"
    try:
        done = subprocess.run([str(ROOT / "start"), "python", "-c", check, base_url.removesuffix("/v1")], cwd=tmp_path, env=env, capture_output=True, text=True, timeout=60)
        assert done.returncode == 0, done.stderr
        assert done.stdout.strip() == launch.MARKER  # the server's command ran, with the simulator already up
        assert read_pid_record(state)["started_by"] == "python -m course.service start"
    finally:
        said = stop_simulator(state)
    assert said.startswith("Stopped the simulator")


def test_classroom_keys_are_one_per_learner_and_never_silently_replaced(tmp_path):
    out = tmp_path / "keys.csv"
    command = [sys.executable, "-m", "course.classroom", "keys", "--learners", "3", "--out", str(out), "--base-url", "http://10.0.0.5:8765/v1"]
    done = subprocess.run(command, cwd=ROOT, capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stderr
    rows = classroom.read_keys(out)
    assert [r["learner"] for r in rows] == ["learner-01", "learner-02", "learner-03"]
    assert len({r["api_key"] for r in rows}) == 3 and all(r["base_url"] == "http://10.0.0.5:8765/v1" for r in rows)
    assert all(r["api_key"] in done.stdout for r in rows)
    again = subprocess.run(command, cwd=ROOT, capture_output=True, text=True, timeout=60)
    assert again.returncode == 1 and "--force" in again.stderr and classroom.read_keys(out) == rows


class FakeReport:
    def __init__(self, exercise: str, passed: bool) -> None:
        self.exercise, self.passed = exercise, passed


def test_classroom_progress_shows_who_passed_which_check(tmp_path, tmp_simulator):
    shared = tmp_simulator(args=("--isolate-keys",))
    rows = classroom.make_keys(3, shared.base_url)
    with open(tmp_path / "keys.csv", "w", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=list(rows[0]))
        writer.writeheader()
        writer.writerows(rows)
    clients = [OpenAI(base_url=shared.base_url, api_key=row["api_key"], max_retries=0) for row in rows]
    assert classroom.record_pass(clients[0], FakeReport("Exercise 01.1 · a more focused 小U", True))
    assert classroom.record_pass(clients[0], FakeReport("练习 02.1 · 线程", True))
    assert classroom.record_pass(clients[0], FakeReport("Exercise 01.1 · a more focused 小U", True))  # twice: recorded once
    assert classroom.record_pass(clients[1], FakeReport("练习 01.1 · 更稳定、更简洁的小U", True))  # the same exercise, in Chinese
    assert not classroom.record_pass(clients[2], FakeReport("Exercise 01.1", False))
    assert set(classroom.passed_exercises(clients[0])) == {"01.1", "02.1"} and set(classroom.passed_exercises(clients[1])) == {"01.1"}
    assert classroom.passed_exercises(clients[2]) == {}  # and nobody sees anybody else's

    done = subprocess.run([sys.executable, "-m", "course.classroom", "progress", "--keys", str(tmp_path / "keys.csv")], cwd=ROOT, capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stderr
    table = done.stdout.splitlines()
    assert table[0].split() == ["learner", "01.1", "02.1", "passed"]
    assert table[2].split() == ["learner-01", "✓", "✓", "2/2"]
    assert table[3].split() == ["learner-02", "✓", "·", "1/2"]
    assert table[4].split() == ["learner-03", "·", "·", "0/2"]


def test_the_classroom_guide_names_both_ways_to_serve_a_class():
    guide = (ROOT / "docs" / "classroom.md").read_text(encoding="utf-8")
    for needed in ("jupyter-server-proxy", "simulator.playground.proxy", "setup_simulator", "--isolate-keys", "make classroom", "classroom-progress", "record_pass"):
        assert needed in guide, needed


# -- trap 11: reset ----------------------------------------------------------------------------------------


def test_reset_asks_keeps_a_backup_and_the_saved_thread(tmp_path, lesson_simulator):
    base_url = lesson_simulator()
    state = lesson_simulator.state
    client = OpenAI(base_url=base_url, api_key="sk-offline", max_retries=0)
    saved = client.beta.threads.create(metadata={"username": "taliux"}, messages=[{"role": "user", "content": "你好,我想了解 UAP"}])
    assistant = client.beta.assistants.create(model="gpt-4o", name="小U")
    assert client.beta.threads.runs.create_and_poll(thread_id=saved.id, assistant_id=assistant.id).status == "completed"
    other = client.beta.threads.create()
    saved_file = tmp_path / "saved_thread.json"
    saved_file.write_text(json.dumps({"thread_id": saved.id, "username": "taliux"}))
    command = [sys.executable, "-m", "course.reset", "--state", str(state), "--saved", str(saved_file)]
    env = child_env(tmp_path, OPENAI_BASE_URL=base_url)

    no = subprocess.run(command, cwd=ROOT, env=env, input="n\n", capture_output=True, text=True, timeout=60)
    assert no.returncode == 1 and "Nothing changed." in no.stdout
    assert "Lost: every assistant, thread, message, run and uploaded file" in no.stdout and f"Kept: the thread lesson 02 saved in saved_thread.json ({saved.id})" in no.stdout
    assert client.beta.threads.retrieve(other.id).id == other.id and not list(state.glob("simulator-backup-*.db"))

    yes = subprocess.run(command, cwd=ROOT, env=env, input="y\n", capture_output=True, text=True, timeout=60)
    assert yes.returncode == 0, yes.stdout + yes.stderr
    assert "Started the simulator again" in yes.stdout
    backups = list(state.glob("simulator-backup-*.db"))
    assert len(backups) == 1 and re.fullmatch(r"simulator-backup-\d{8}-\d{6}\.db", backups[0].name)
    with sqlite3.connect(backups[0]) as old:
        assert old.execute("SELECT count(*) FROM objects WHERE id IN (?, ?)", (other.id, assistant.id)).fetchone()[0] == 2  # the backup has it all

    assert launch.is_simulator(probe(base_url))
    kept = client.beta.threads.retrieve(saved.id)
    assert kept.metadata == {"username": "taliux"}
    messages = client.beta.threads.messages.list(thread_id=saved.id, order="asc").data
    assert [m.role for m in messages] == ["user", "assistant"] and messages[0].content[0].text.value == "你好,我想了解 UAP"
    assert len(client.beta.threads.runs.list(thread_id=saved.id).data) == 1
    assert client.beta.assistants.list().data == []
    with pytest.raises(Exception, match="No thread found"):
        client.beta.threads.retrieve(other.id)
    assert json.loads(saved_file.read_text())["thread_id"] == saved.id  # the file is untouched


def test_the_pid_file_of_older_versions_is_still_read(tmp_path):
    (tmp_path / "server.pid").write_text("12345")
    assert service.read_pid_record(tmp_path) == {"pid": 12345, "base_url": service.DEFAULT_BASE_URL, "started_by": "the course"}
