"""The course on a real JupyterHub (docs/hub/jupyterhub_config.py): two learners, each with their own server and simulator.

Through the hub only, as a learner's browser would reach it: the learners' servers' REST API and kernel
websockets behind the hub's proxy (with the test's token), and the Playground in Chromium under the hub's
path prefix (/user/<name>/simulator/playground/), after logging in on the hub's own page.
"""

from __future__ import annotations

import json
import uuid
from datetime import UTC, datetime

import pytest
from openai import OpenAI

from helpers import progress
from simulator.launch import is_simulator, probe, root_url
from tests.hub.conftest import LEARNERS

pytestmark = [pytest.mark.slow, pytest.mark.filterwarnings("ignore::DeprecationWarning")]
LESSON = "assistants-course/00_introduction.ipynb"


class Kernel:
    """A kernel in a learner's server, started for a notebook (its folder is the kernel's), driven over its websocket."""

    def __init__(self, hub, learner: str, path: str) -> None:
        import websocket  # websocket-client, in requirements.lock (jupyter_server's)

        self.hub, self.learner = hub, learner
        session = hub.api("POST", f"/user/{learner}/api/sessions", {"path": path, "type": "notebook", "name": path.rsplit("/", 1)[-1], "kernel": {"name": "python3"}})
        self.kernel_id = session["kernel"]["id"]
        self.session = uuid.uuid4().hex
        url = hub.url.replace("http://", "ws://") + f"/user/{learner}/api/kernels/{self.kernel_id}/channels"
        self.socket = websocket.create_connection(url, header=[f"Authorization: token {hub.token}"], timeout=120)

    def run(self, code: str) -> tuple[str, list[dict]]:
        """Run one cell; (its status, the outputs it sent: streams, results, errors)."""
        msg_id = uuid.uuid4().hex
        header = {"msg_id": msg_id, "username": self.learner, "session": self.session, "msg_type": "execute_request", "version": "5.3", "date": datetime.now(UTC).isoformat()}
        content = {"code": code, "silent": False, "store_history": True, "user_expressions": {}, "allow_stdin": False, "stop_on_error": True}
        self.socket.send(json.dumps({"header": header, "parent_header": {}, "metadata": {}, "content": content, "channel": "shell", "buffers": []}))
        outputs: list[dict] = []
        status = idle = None
        while status is None or not idle:
            message = json.loads(self.socket.recv())
            if message.get("parent_header", {}).get("msg_id") != msg_id:
                continue
            kind = message["header"]["msg_type"]
            if kind == "execute_reply":
                status = message["content"]["status"]
            elif kind == "status" and message["content"]["execution_state"] == "idle":
                idle = True
            elif kind in ("stream", "execute_result", "display_data", "error"):
                outputs.append({"type": kind, **message["content"]})
        return status, outputs

    def close(self) -> None:
        self.socket.close()
        self.hub.api("DELETE", f"/user/{self.learner}/api/kernels/{self.kernel_id}")


def text_of(outputs: list[dict]) -> str:
    parts = []
    for output in outputs:
        if output["type"] == "stream":
            parts.append(output["text"])
        elif output["type"] == "error":
            parts.append("\n".join(output.get("traceback", [])))
        else:
            parts.append(output.get("data", {}).get("text/plain", ""))
    return "".join(parts)


@pytest.fixture(scope="module")
def lessons_run(hub):
    """Lesson 00, top to bottom, in each learner's own kernel on the hub; what each learner's kernel saw."""
    seen = {}
    for learner in LEARNERS:
        notebook = hub.api("GET", f"/user/{learner}/api/contents/{LESSON}")["content"]  # the copy in their home
        kernel = Kernel(hub, learner, LESSON)
        try:
            cells = [cell for cell in notebook["cells"] if cell["cell_type"] == "code"]
            for n, cell in enumerate(cells):
                source = cell["source"] if isinstance(cell["source"], str) else "".join(cell["source"])
                status, outputs = kernel.run(source)
                assert status == "ok", f"{learner}'s cell {n} failed:\n{source}\n{text_of(outputs)}"
                if n == 0:
                    seen["first cell"] = seen.get("first cell", {}) | {learner: text_of(outputs)}
            status, outputs = kernel.run("import os; print(os.environ['OPENAI_BASE_URL'])")
            base_url = text_of(outputs).strip()
            status, outputs = kernel.run(f"client.beta.assistants.create(model='gpt-4o', name='made by {learner}').id")
            assert status == "ok", text_of(outputs)
            seen[learner] = {"base_url": base_url, "marker": text_of(outputs).strip().strip("'")}
        finally:
            kernel.close()
    return seen


def test_each_learner_runs_a_lesson_on_a_simulator_of_their_own(hub, lessons_run):
    alice, bob = (lessons_run[name] for name in LEARNERS)
    assert alice["base_url"] != bob["base_url"]  # the recipe's port per learner
    pids = set()
    for learner in LEARNERS:
        base_url = lessons_run[learner]["base_url"]
        assert f"simulator at {base_url} (started now" in lessons_run["first cell"][learner]  # the lesson's first cell started it
        health = probe(root_url(base_url))
        assert is_simulator(health)
        pids.add(health["pid"])
        state = hub.homes / learner / ".simulator"  # SIMULATOR_STATE_DIR=~/.simulator: in the learner's own home
        record = json.loads((state / "server.pid").read_text())
        assert record["pid"] == health["pid"] and record["base_url"] == base_url
        assert (state / "simulator.db").exists()
    assert len(pids) == 2

    # Separate data: what Alice made is on her simulator only.
    for learner, other in (("alice", "bob"), ("bob", "alice")):
        mine = OpenAI(base_url=lessons_run[learner]["base_url"], api_key="sk-offline", max_retries=0)
        names = {a.name for a in mine.beta.assistants.list(limit=100)}
        assert f"made by {learner}" in names and f"made by {other}" not in names
    # The lesson's exercise checks passed, and each learner's progress is on their own simulator.
    for learner in LEARNERS:
        done = progress.passed(base_url=lessons_run[learner]["base_url"], api_key="sk-offline")
        assert {"00.1", "00.2", "00.3"} <= set(done), done


def test_the_launcher_offers_the_playground_on_a_hub(hub):
    for learner in LEARNERS:
        servers = hub.api("GET", f"/user/{learner}/server-proxy/servers-info")["server_processes"]
        [simulator] = [s for s in servers if s["name"] == "simulator"]
        assert simulator["launcher_entry"]["title"] == "Assistants Playground" and simulator["launcher_entry"]["enabled"]


def test_the_playground_works_through_the_hubs_path_prefix(hub, page):
    from playwright.sync_api import expect

    requests: list[str] = []
    page.on("request", lambda request: requests.append(request.url))
    page.goto(hub.url + "/hub/login")
    page.fill("#username_input", "alice")
    page.fill("#password_input", "any password")  # the test's DummyAuthenticator
    page.click("#login_submit")
    page.wait_for_url(f"{hub.url}/user/alice/**", timeout=60_000)

    prefix = f"{hub.url}/user/alice/simulator/"
    page.goto(prefix + "playground")  # the launcher tile's address; jupyter-server-proxy starts Alice's simulator
    expect(page.locator("body")).to_have_attribute("data-ready", "true", timeout=60_000)
    assert page.url == prefix + "playground/"
    page.click("#new-assistant")
    page.fill("#a-name", "On the hub")
    page.click("#save-assistant")
    expect(page.locator("#assistant-status")).to_contain_text("Created asst_")
    page.fill("#composer-input", "Hello from the hub")
    page.press("#composer-input", "Enter")
    expect(page.locator("#run-status")).to_contain_text("completed", timeout=60_000)
    expect(page.locator(".msg.assistant").last.locator(".content")).not_to_be_empty()
    api = [url for url in requests if "/v1/" in url]
    assert api and all(url.startswith(prefix) for url in api)  # every API call went through the hub, under Alice's prefix
    assert (hub.homes / "alice" / ".simulator" / "playground.db").exists()  # her own Playground database, in her home
    assert not (hub.homes / "bob" / ".simulator" / "playground.db").exists()
