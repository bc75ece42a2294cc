"""A real JupyterHub on loopback for the hub tests: docs/hub/jupyterhub_config.py, two learners, a token for the test.

What it needs, `make hub-test` installs: jupyterhub (requirements-hub.lock) and configurable-http-proxy (npm,
into .venv/hub/); jupyter-server-proxy comes with the course. Without them every test here is reported as
skipped, with that command. The Playground's browser test also needs `make browser`.
"""

from __future__ import annotations

import importlib.util
import json
import os
import secrets
import shutil
import signal
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest

from simulator.launch import free_port
from tests.browser.conftest import CHROMIUM, CHROMIUM_ARGS
from tests.browser.conftest import MISSING as BROWSER_MISSING

ROOT = Path(__file__).resolve().parents[2]
RECIPE = ROOT / "docs" / "hub" / "jupyterhub_config.py"
HERE = Path(__file__).resolve().parent
LEARNERS = ("alice", "bob")
INSTALL = "make hub-test  (jupyterhub from requirements-hub.lock, configurable-http-proxy from npm)"


def proxy_command() -> str | None:
    """configurable-http-proxy: where make hub-test puts it (.venv/hub/), else on PATH."""
    local = Path(sys.prefix) / "hub" / "node_modules" / ".bin" / "configurable-http-proxy"
    return str(local) if local.exists() else shutil.which("configurable-http-proxy")


def _missing() -> str | None:
    if importlib.util.find_spec("jupyterhub") is None:
        return f"jupyterhub is not installed; to run the hub tests: {INSTALL}"
    if proxy_command() is None:
        return f"configurable-http-proxy is not installed; to run the hub tests: {INSTALL}"
    if shutil.which("node") is None:
        return f"node is not installed (configurable-http-proxy runs on it); to run the hub tests: {INSTALL}"
    if importlib.util.find_spec("jupyter_server_proxy") is None:
        return "jupyter-server-proxy is not installed: it is in requirements.lock (make install)"
    return None


MISSING = _missing()


def pytest_collection_modifyitems(config, items):
    for item in items:
        if not Path(str(item.fspath)).resolve().is_relative_to(HERE):
            continue
        if MISSING:
            item.add_marker(pytest.mark.skip(reason=MISSING))
        elif BROWSER_MISSING and "page" in getattr(item, "fixturenames", ()):
            item.add_marker(pytest.mark.skip(reason=BROWSER_MISSING))


class Hub:
    """A JupyterHub process on free loopback ports, and its REST API with the test's own token."""

    def __init__(self, workdir: Path) -> None:
        self.workdir = workdir
        self.port, self.hub_port, self.api_port = free_port(), free_port(), free_port()
        self.token = secrets.token_hex(32)
        self.homes = workdir / "homes"
        self.log = workdir / "jupyterhub.log"

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def config(self) -> str:
        """The docs' recipe, then what a test needs instead of a real machine's: dummy logins, one user for all, ports."""
        return "\n".join(
            [
                f"load_subconfig({str(RECIPE)!r})",
                "c.JupyterHub.authenticator_class = 'dummy'",
                f"c.Authenticator.allowed_users = {set(LEARNERS)!r}",
                # Every learner's server runs as the test's user, with a home of their own under the test's folder.
                "c.JupyterHub.spawner_class = 'jupyterhub.spawner.SimpleLocalProcessSpawner'",
                f"c.SimpleLocalProcessSpawner.home_dir_template = {str(self.homes / '{username}')!r}",
                "c.Spawner.args = ['--allow-root'] if __import__('os').geteuid() == 0 else []",
                "c.Spawner.start_timeout = 120",
                "c.Spawner.http_timeout = 120",
                f"c.JupyterHub.bind_url = {self.url!r}",
                f"c.JupyterHub.hub_bind_url = 'http://127.0.0.1:{self.hub_port}'",
                f"c.ConfigurableHTTPProxy.api_url = 'http://127.0.0.1:{self.api_port}'",
                f"c.ConfigurableHTTPProxy.command = [{proxy_command()!r}]",
                f"c.JupyterHub.db_url = 'sqlite:///{self.workdir / 'jupyterhub.sqlite'}'",
                f"c.JupyterHub.cookie_secret_file = {str(self.workdir / 'cookie_secret')!r}",
                f"c.JupyterHub.pid_file = {str(self.workdir / 'jupyterhub.pid')!r}",
                "c.JupyterHub.cleanup_servers = True",
                "c.JupyterHub.log_level = 'INFO'",
                f"c.JupyterHub.services = [{{'name': 'course-test', 'api_token': {self.token!r}}}]",
                "c.JupyterHub.load_roles = [{'name': 'course-test', 'services': ['course-test'],"
                " 'scopes': ['admin:users', 'admin:servers', 'access:servers', 'read:users']}]",
            ]
        )

    def start(self, wait: float = 60) -> Hub:
        self.homes.mkdir(parents=True, exist_ok=True)
        config = self.workdir / "jupyterhub_config.py"
        config.write_text(self.config() + "\n")
        env = {k: v for k, v in os.environ.items() if not k.startswith(("OPENAI_", "SIMULATOR_", "JUPYTER"))}
        env["PATH"] = os.pathsep.join([str(Path(sys.executable).parent), env.get("PATH", "")])
        with open(self.log, "ab") as log:
            self.process = subprocess.Popen(
                [sys.executable, "-m", "jupyterhub", "-f", str(config)], cwd=self.workdir, env=env,
                stdout=log, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL, start_new_session=True,
            )  # fmt: skip
        deadline = time.monotonic() + wait
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"JupyterHub stopped at start:\n{self.tail()}")
            try:
                self.api("GET", "/hub/api/")
                return self
            except OSError:
                time.sleep(0.2)
        raise RuntimeError(f"JupyterHub did not answer within {wait:.0f} s:\n{self.tail()}")

    def tail(self, lines: int = 40) -> str:
        return "\n".join(self.log.read_text(errors="replace").splitlines()[-lines:]) if self.log.exists() else ""

    def api(self, method: str, path: str, body: dict | None = None, timeout: float = 30) -> dict:
        """The hub's (or a learner's server's, through the hub's proxy) REST API, with the test's token."""
        data = None if body is None else json.dumps(body).encode()
        request = urllib.request.Request(self.url + path, data=data, method=method)
        request.add_header("authorization", f"token {self.token}")
        if data is not None:
            request.add_header("content-type", "application/json")
        with urllib.request.urlopen(request, timeout=timeout) as response:
            text = response.read()
        return json.loads(text) if text.strip() else {}

    def start_server(self, name: str, wait: float = 120) -> dict:
        try:
            self.api("POST", f"/hub/api/users/{name}")
        except urllib.error.HTTPError as error:
            if error.code != 409:  # 409: the user is there already
                raise
        self.api("POST", f"/hub/api/users/{name}/server")
        deadline = time.monotonic() + wait
        while time.monotonic() < deadline:
            server = self.api("GET", f"/hub/api/users/{name}").get("servers", {}).get("", {})
            if server.get("ready"):
                return server
            time.sleep(0.25)
        raise RuntimeError(f"{name}'s server did not start within {wait:.0f} s:\n{self.tail()}")

    def stop(self) -> None:
        if self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGTERM)  # the hub stops the learners' servers (cleanup_servers)
            try:
                self.process.wait(timeout=60)
            except subprocess.TimeoutExpired:
                os.killpg(self.process.pid, signal.SIGKILL)
                self.process.wait()


@pytest.fixture(scope="module")
def hub(tmp_path_factory):
    if MISSING:
        pytest.skip(MISSING)
    hub = Hub(tmp_path_factory.mktemp("hub")).start()
    try:
        for name in LEARNERS:
            hub.start_server(name)
        yield hub
    finally:
        hub.stop()
        for home in hub.homes.glob("*"):  # each learner's lessons' simulator, started by a kernel: stop it too
            subprocess.run([sys.executable, "-m", "course.service", "stop", "--state", str(home / ".simulator")], cwd=ROOT, capture_output=True, timeout=60)


# -- pytest-playwright's fixtures, pointed at the system chromium (as tests/browser/ does) ------------


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    return {**browser_type_launch_args, "executable_path": CHROMIUM, "args": CHROMIUM_ARGS, "headless": True}
