"""Setting up (issues 27 and 29): the installer, the locks, make help, what make lab says and how it stops, reset, Binder.

Real processes where it matters: `python -m course.lab` with a real JupyterLab under a pseudo-terminal that
gets Ctrl-C as a terminal sends it, a simulator started as `make serve` starts one, a Python without the
course's packages. Nothing here installs anything or touches the Python environment the tests run in.
"""

from __future__ import annotations

import json
import os
import pty
import re
import select
import signal
import subprocess
import sys
import time
import tomllib
import urllib.request
from pathlib import Path

import pytest
import yaml

from course import binder, labsettings
from course.lab import invoked_as, option
from course.service import read_pid_record
from simulator import launch
from simulator.launch import FAST, SimulatorProcess, free_port, probe

ROOT = Path(__file__).resolve().parents[2]
README = (ROOT / "README.md").read_text(encoding="utf-8")
README_ZH = (ROOT / "README.zh-CN.md").read_text(encoding="utf-8")


def lock(name: str) -> dict[str, str]:
    """{normalized package name: version} of a lock file."""
    pins = {}
    for line in (ROOT / name).read_text().splitlines():
        line = line.split(";")[0].strip()
        if line and not line.startswith("#"):
            package, _, version = line.partition("==")
            pins[re.sub(r"[-_.]+", "-", package).lower()] = version
    return pins


def learner_env(tmp_path: Path, **extra: str) -> dict:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("OPENAI_", "SIMULATOR_", "JUPYTER", "MAKE"))}
    home = tmp_path / "home"
    home.mkdir(exist_ok=True)
    env.update(HOME=str(home), PYTHONUNBUFFERED="1", **FAST, **extra)
    env.pop("DISPLAY", None)
    env.pop("WAYLAND_DISPLAY", None)
    return env


# -- the installer and the locks ---------------------------------------------------------------------


def test_make_installs_with_a_pinned_uv_and_falls_back_to_pip_saying_so_once():
    testpaths = tomllib.loads((ROOT / "pyproject.toml").read_text())["tool"]["pytest"]["ini_options"]["testpaths"]
    assert not {"tests", "tests/browser", "tests/hub"} & set(testpaths)  # a bare `pytest` runs the rest
    makefile = (ROOT / "Makefile").read_text()
    version = re.search(r"^UV_VERSION := (\S+)$", makefile, re.M).group(1)
    assert re.fullmatch(r"\d+\.\d+\.\d+", version)
    done = subprocess.run(["make", "--no-print-directory", "-n", "-B", ".venv/.installed"], cwd=ROOT, capture_output=True, text=True, timeout=60)
    script = done.stdout
    assert '"uv==$(UV_VERSION)"' in makefile and "uv pip install --quiet --python .venv/bin/python -r requirements.lock -e ." in script
    assert "python -m pip install --quiet --disable-pip-version-check -r requirements.lock -e ." in script  # the fallback
    assert script.count("pip installs instead, which takes about a minute") == 1


def test_the_locks_split_the_course_from_its_test_tools_and_pin_everything():
    course, test, hub, local = lock("requirements.lock"), lock("requirements-test.lock"), lock("requirements-hub.lock"), lock("requirements-local.lock")
    assert not set(course) & set(test) and not (set(course) | set(test)) & set(hub)
    assert all(re.fullmatch(r"[\w.+!]+", version) for pins in (course, test, hub, local) for version in pins.values())
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    for requirement in project["dependencies"]:
        name = re.sub(r"[-_.]+", "-", re.match(r"[\w.-]+", requirement).group(0)).lower()
        assert name in course, f"{name} (pyproject.toml) is not in requirements.lock"
    for requirement in project["optional-dependencies"]["test"]:
        name = re.sub(r"[-_.]+", "-", re.match(r"[\w.-]+", requirement).group(0)).lower()
        assert name in course or name in test, f"{name} (the test extra) is in no lock"
    assert "jupyter-server-proxy" in course and {"pytest", "ruff", "schemathesis"} <= set(test)
    assert "jupyterhub" in hub and "xllamacpp" in local and "llama-cpp-python" not in local  # prebuilt, never a source build
    # Binder and conda build the course, not its test tools.
    pip = next(d["pip"] for d in yaml.safe_load((ROOT / "environment.yml").read_text())["dependencies"] if isinstance(d, dict))
    assert pip == ["-r requirements.lock", "-e ."]


def test_make_help_lists_every_target():
    testpaths = tomllib.loads((ROOT / "pyproject.toml").read_text())["tool"]["pytest"]["ini_options"]["testpaths"]
    assert not {"tests", "tests/browser", "tests/hub"} & set(testpaths)  # a bare `pytest` runs the rest
    makefile = (ROOT / "Makefile").read_text()
    targets = {m.group(1) for m in re.finditer(r"^([a-z][\w-]*):(?!=)", makefile, re.M)}
    assert {"lab", "test", "hub-test", "binder-badge", "local-model", "classroom-progress"} <= targets
    done = subprocess.run(["make", "--no-print-directory", "-s", "help"], cwd=ROOT, capture_output=True, text=True, timeout=60)
    listed = set(re.findall(r"^  make (\S+)", done.stdout, re.M))
    assert listed == targets, f"make help misses {targets - listed} (or lists {listed - targets})"


# -- make lab: one address, the port given after --, a clean Ctrl-C, no news toast ---------------------


def read_pty(fd: int, out: bytearray, until: re.Pattern | None, timeout: float) -> re.Match | None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        ready, _, _ = select.select([fd], [], [], 0.2)
        if ready:
            try:
                chunk = os.read(fd, 65536)
            except OSError:
                return None
            if not chunk:
                return None
            out.extend(chunk)
        if until is not None:
            found = until.search(out.decode(errors="replace"))
            if found:
                return found
    return None


def test_lab_shows_one_address_on_the_port_given_after_dashes_and_ctrl_c_stops_it_without_a_question(tmp_path):
    """The README's `python -m course.lab -- --ServerApp.port=9999`, in a terminal: one address, then Ctrl-C."""
    settings = tmp_path / "prefix"
    labsettings.install(settings)  # as make install puts them in the course's .venv
    lab_port, port, state = free_port(), free_port(), tmp_path / "state"
    command = [
        sys.executable, "-m", "course.lab", "--port", str(port), "--state", str(state), "--env-file", str(tmp_path / ".env"),
        "--", f"--ServerApp.port={lab_port}", f"--LabApp.app_settings_dir={labsettings.target(settings).parent.parent}",
    ]  # fmt: skip
    primary, secondary = pty.openpty()
    lab = subprocess.Popen(command, cwd=ROOT, env=learner_env(tmp_path), stdin=secondary, stdout=secondary, stderr=secondary, start_new_session=True)
    os.close(secondary)
    out = bytearray()
    try:
        found = read_pty(primary, out, re.compile(r"\n\s+(http://localhost:(\d+)/lab\?token=(\w+))\s*\n"), 120)
        assert found, out.decode(errors="replace")
        assert int(found.group(2)) == lab_port  # the port given after --, and the frame says so
        token = found.group(3)
        settings_url = f"http://127.0.0.1:{lab_port}/lab/api/settings/@jupyterlab/apputils-extension:notification?token={token}"
        with urllib.request.urlopen(settings_url, timeout=30) as response:
            schema = json.loads(response.read())["schema"]["properties"]
        assert schema["fetchNews"]["default"] == "false" and schema["checkForUpdates"]["default"] is False  # no news toast
        assert read_pid_record(state)["started_by"] == "python -m course.lab"

        os.killpg(lab.pid, signal.SIGINT)  # Ctrl-C: the terminal signals its foreground process group
        read_pty(primary, out, None, 5) if lab.poll() is None else None
        assert lab.wait(timeout=60) == 0
        read_pty(primary, out, None, 1)
    finally:
        if lab.poll() is None:
            os.killpg(lab.pid, signal.SIGKILL)
            lab.wait()
        os.close(primary)
        subprocess.run([sys.executable, "-m", "course.service", "stop", "--state", str(state)], cwd=ROOT, capture_output=True, timeout=60)
    said = out.decode(errors="replace")
    lab_log = (state / "lab.log").read_text(errors="replace")
    assert "Shut down this Jupyter server" not in said + lab_log
    urls = re.findall(r"https?://\S+", said.split("Stopped JupyterLab.")[0])
    assert urls == [found.group(1)], said  # one address to open: no second or masked (token=...) one
    assert "Stopped JupyterLab." in said and "started by make lab" not in said
    assert probe(f"http://127.0.0.1:{lab_port}", timeout=0.5) is None and probe(f"http://127.0.0.1:{port}", timeout=0.5) is None


def test_lab_reads_a_port_and_token_given_after_dashes_and_names_who_started_it():
    assert option(["--ServerApp.port=9999"], "--ServerApp.port", "--port") == "9999"
    assert option(["--port", "9998", "--x"], "--ServerApp.port", "--port") == "9998"
    assert option(["--IdentityProvider.token=abc"], "--IdentityProvider.token") == "abc"
    assert option([], "--port") is None
    assert invoked_as({"COURSE_LAB_FROM_MAKE": "1"}) == "make lab" and invoked_as({"MAKELEVEL": "1"}) == "python -m course.lab"  # make test's children too
    assert "python -m course.lab -- --ServerApp.port=9999" in README and "python -m course.lab -- --ServerApp.port=9999" in README_ZH


def test_lab_settings_go_only_into_the_courses_own_environment(tmp_path, monkeypatch):
    monkeypatch.delenv("CONDA_PREFIX", raising=False)
    assert labsettings.course_environment(ROOT / ".venv") and not labsettings.course_environment(tmp_path)
    assert labsettings.install_for_course(tmp_path) is None and not labsettings.target(tmp_path).exists()
    written = labsettings.install(tmp_path)
    assert json.loads(written.read_text())["@jupyterlab/apputils-extension:notification"]["fetchNews"] == "false"


# -- the wrong Python, and make reset beside make serve ------------------------------------------------


def test_a_python_without_the_courses_packages_is_told_to_use_the_venvs(tmp_path):
    for module in ("simulator", "course.lab", "course.service"):
        done = subprocess.run([sys.executable, "-S", "-m", module], cwd=ROOT, env=learner_env(tmp_path), capture_output=True, text=True, timeout=60)
        said = done.stdout + done.stderr
        assert done.returncode != 0 and "does not have the course's packages" in said and ".venv/bin/python -m" in said, (module, said)
        assert "Traceback" not in said and "port" not in said
    log = tmp_path / "server.log"
    log.write_text("Traceback (most recent call last):\nModuleNotFoundError: No module named 'uvicorn'\n")
    assert "does not have the course's packages (No module named 'uvicorn')" in launch.why_it_stopped(log, "http://127.0.0.1:1")
    log.write_text("ERROR: [Errno 98] error while attempting to bind on address: address already in use\n")
    assert "another program already uses the port" in launch.why_it_stopped(log, "http://127.0.0.1:1")


def test_reset_beside_make_serve_explains_itself_and_its_hint_stops_that_server(tmp_path):
    state = tmp_path / "state"
    state.mkdir()
    port = free_port()
    serve = SimulatorProcess(state / "simulator.db", port=port).start()  # `make serve`: recorded nowhere
    command = [sys.executable, "-m", "course.reset", "--state", str(state), "--port", str(port), "--saved", str(tmp_path / "none.json")]
    env = learner_env(tmp_path, OPENAI_BASE_URL=f"http://127.0.0.1:{free_port()}/v1")
    try:
        refused = subprocess.run(command, cwd=ROOT, env=env, input="y\n", capture_output=True, text=True, timeout=60)
        assert refused.returncode == 1 and "Reset now?" not in refused.stdout  # said before asking anything
        assert "make serve" in refused.stderr and "Nothing changed." in refused.stderr and "make stop" in refused.stderr
        hint = re.search(r"kill (\d+)", refused.stderr)
        assert hint and int(hint.group(1)) == serve.process.pid
        os.kill(int(hint.group(1)), signal.SIGTERM)  # the hint, as a learner would type it
        assert serve.process.wait(timeout=30) is not None
        done = subprocess.run([*command, "--yes"], cwd=ROOT, env=env, capture_output=True, text=True, timeout=60)
        assert done.returncode == 0 and "The simulator's database is clean." in done.stdout, done.stdout + done.stderr
    finally:
        serve.stop()


# -- Binder, and tests that say why they did not run ----------------------------------------------------


@pytest.mark.parametrize(
    ("remote", "expected"),
    [
        ("git@github.com:acme/assistants-course.git", "https://mybinder.org/v2/gh/acme/assistants-course/HEAD"),
        ("https://github.com/acme/assistants-course", "https://mybinder.org/v2/gh/acme/assistants-course/HEAD"),
        ("https://gitlab.com/acme/courses/assistants.git", "https://mybinder.org/v2/gl/acme%2Fcourses%2Fassistants/HEAD"),
        ("/work/main", None),
        ("file:///srv/git/course.git", None),
    ],
)
def test_the_binder_badge_is_made_from_the_remote(remote, expected):
    assert binder.binder_base(remote) == expected


def test_make_binder_badge_writes_real_links_and_the_readmes_never_show_a_placeholder(tmp_path):
    for text in (README, README_ZH):
        assert "OWNER/REPO" not in text and binder.BLOCK.search(text)
        assert "make binder-badge" in binder.BLOCK.search(text).group(0)
    for name in binder.READMES:
        (tmp_path / name).write_text((ROOT / name).read_text(encoding="utf-8"), encoding="utf-8")
    subprocess.run(["git", "init", "-q", str(tmp_path)], check=True)
    subprocess.run(["git", "-C", str(tmp_path), "remote", "add", "origin", "git@github.com:acme/assistants-course.git"], check=True)
    done = subprocess.run([sys.executable, "-m", "course.binder", "--root", str(tmp_path)], cwd=ROOT, capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stderr
    english = (tmp_path / "README.md").read_text(encoding="utf-8")
    assert "[![Binder](https://mybinder.org/badge_logo.svg)](https://mybinder.org/v2/gh/acme/assistants-course/HEAD?urlpath=lab/tree/notebooks/00_introduction.ipynb)" in english
    assert "urlpath=lab/tree/notebooks/zh-CN/00_introduction.ipynb" in (tmp_path / "README.zh-CN.md").read_text(encoding="utf-8")
    subprocess.run(["git", "-C", str(tmp_path), "remote", "set-url", "origin", "/somewhere/local"], check=True)
    local = subprocess.run([sys.executable, "-m", "course.binder", "--root", str(tmp_path)], cwd=ROOT, capture_output=True, text=True, timeout=60)
    assert local.returncode == 1 and "REPO=owner/name" in local.stderr
    assert (tmp_path / "README.md").read_text(encoding="utf-8") == english  # nothing written from an address Binder cannot reach


def test_tests_that_cannot_run_here_say_which_make_target_brings_what_they_need(monkeypatch):
    import importlib.util

    from tests.browser import conftest as browser
    from tests.hub import conftest as hub

    monkeypatch.setattr(importlib.util, "find_spec", lambda name, *args: None)
    assert "make browser" in browser._missing()
    assert "make hub-test" in hub._missing()
    backends = (ROOT / "tests" / "simulator" / "test_model_backends.py").read_text()
    assert re.search(r"skipif\(LOCAL_MISSING, reason=\"[^\"]*make local-model", backends)


@pytest.mark.parametrize(
    ("paths", "refused"),
    [
        (["tests/browser", "tests/simulator/test_settings.py"], True),
        (["tests"], True),
        (["tests/hub/test_hub.py::test_the_launcher_offers_the_playground_on_a_hub", "tests/course"], True),
        (["tests/browser/test_proxy_entry.py", "tests/hub/test_hub.py"], False),
        (["tests/simulator/test_settings.py", "tests/course/test_quiz.py"], False),
    ],
)
def test_a_pytest_run_never_mixes_playwrights_tests_with_the_others(paths, refused):
    """Playwright's event loop runs on until the session ends: asyncio.run() in a later test of that worker fails."""
    run = subprocess.run(
        [sys.executable, "-m", "pytest", "--collect-only", "-q", "-n", "0", "-p", "no:nbval", "-o", "addopts=", *paths],
        cwd=ROOT, capture_output=True, text=True, timeout=300,
    )
    said = run.stdout + run.stderr
    assert (run.returncode == pytest.ExitCode.USAGE_ERROR) == refused, said[-2000:]
    assert ("a pytest run of their own" in said) == refused, said[-2000:]
    testpaths = tomllib.loads((ROOT / "pyproject.toml").read_text())["tool"]["pytest"]["ini_options"]["testpaths"]
    assert not {"tests", "tests/browser", "tests/hub"} & set(testpaths)  # a bare `pytest` runs the rest
    makefile = (ROOT / "Makefile").read_text()
    assert re.search(r"^PLAYWRIGHT_TESTS := tests/browser tests/hub$", makefile, re.M) and "pytest $(PLAYWRIGHT_TESTS)" in makefile


def test_the_readmes_set_up_and_teaching_sections_say_what_make_does(tmp_path):
    from tests.course.test_zh_cn import ascii_after_chinese

    assert ascii_after_chinese(README_ZH) == []  # Chinese prose takes full-width punctuation
    for text in (README, README_ZH):
        for needed in ("uv==0.13.8", "uv pip install --python .venv/bin/python -r requirements.lock -e .", ".venv/bin/python -m pip install -r requirements.lock -e .",
                       ".venv/bin/python -m simulator", "make help", "make browser", "make hub-test", "docs/hub/jupyterhub_config.py", "from helpers.checks import my_progress"):  # fmt: skip
            assert needed in text, needed
    guide = (ROOT / "docs" / "classroom.md").read_text(encoding="utf-8")
    chp = re.search(r"^CHP_VERSION := (\S+)$", (ROOT / "Makefile").read_text(), re.M).group(1)
    assert f"configurable-http-proxy@{chp}" in guide and "requirements-hub.lock" in guide and "hub/jupyterhub_config.py" in guide
    assert "z2jh-values.yaml" in guide and "OWNER/REPO" not in guide
    values = yaml.safe_load((ROOT / "docs" / "hub" / "z2jh-values.yaml").read_text())
    assert values["singleuser"]["extraEnv"]["OPENAI_BASE_URL"] == "http://127.0.0.1:8765/v1"


@pytest.mark.skipif(sys.platform != "linux", reason="PR_SET_PDEATHSIG is Linux's")
def test_jupyterlab_does_not_outlive_a_lab_killed_outright(tmp_path):
    """JupyterLab runs in a session of its own (so Ctrl-C asks it nothing); a kill -9 of lab must not leave it behind."""
    lab_port, state = free_port(), tmp_path / "state"
    command = [sys.executable, "-m", "course.lab", "--port", str(free_port()), "--state", str(state), "--env-file", str(tmp_path / ".env"), "--", f"--ServerApp.port={lab_port}"]
    lab = subprocess.Popen(command, cwd=ROOT, env=learner_env(tmp_path), stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, start_new_session=True)
    try:
        for line in lab.stdout:
            if f"http://localhost:{lab_port}/lab?token=" in line:
                break
        assert probe(f"http://127.0.0.1:{lab_port}", timeout=5) is not None
        lab.kill()
        lab.wait(timeout=30)
        deadline = time.monotonic() + 30
        while probe(f"http://127.0.0.1:{lab_port}", timeout=0.5) is not None and time.monotonic() < deadline:
            time.sleep(0.2)
        assert probe(f"http://127.0.0.1:{lab_port}", timeout=0.5) is None
    finally:
        if lab.poll() is None:
            lab.kill()
            lab.wait()
        subprocess.run([sys.executable, "-m", "course.service", "stop", "--state", str(state)], cwd=ROOT, capture_output=True, timeout=60)
