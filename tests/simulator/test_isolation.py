"""Classroom mode (--isolate-keys, SIMULATOR_ISOLATE_KEYS=1): each API key sees only what it created.

Another key's ids answer 404 exactly as ids that never existed, lists hold only one's own, and
nothing of another key's can be used (as a run's assistant, an attachment, a cursor). Without the
option the simulator is single-user: every key sees everything.
"""

from __future__ import annotations

import uuid
import warnings
from dataclasses import dataclass

import httpx
import pytest
from openai import NotFoundError, OpenAI

from simulator.launch import SimulatorProcess

HEADERS = {"OpenAI-Beta": "assistants=v2"}


def clients(simulator, alice_key: str = "sk-alice", bob_key: str = "sk-bob") -> tuple[OpenAI, OpenAI]:
    return tuple(OpenAI(base_url=simulator.base_url, api_key=key, max_retries=0) for key in (alice_key, bob_key))


def fresh_keys() -> tuple[str, str]:
    """Alice's and Bob's keys for one case: no other case's objects are theirs, so cases sharing a simulator stay independent."""
    case = uuid.uuid4().hex[:12]
    return f"sk-alice-{case}", f"sk-bob-{case}"


@pytest.fixture(scope="module")
def isolating(tmp_path_factory):
    """One simulator that isolates keys, shared by this module's cases (each with keys of its own)."""
    with SimulatorProcess(tmp_path_factory.mktemp("isolation") / "classroom.db", args=("--isolate-keys",)) as simulator:
        yield simulator


@dataclass
class Classroom:
    simulator: SimulatorProcess
    alice: OpenAI
    bob: OpenAI
    bob_key: str
    ids: dict


@pytest.fixture
def classroom(isolating):
    """Alice's objects (a finished run included) in a simulator that isolates keys; Bob has nothing yet."""
    alice_key, bob_key = fresh_keys()
    alice, bob = clients(isolating, alice_key, bob_key)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", DeprecationWarning)
        assistant = alice.beta.assistants.create(model="gpt-4o", name="Alice's")
        file = alice.files.create(file=("a.txt", b"alice"), purpose="user_data")
        thread = alice.beta.threads.create(messages=[{"role": "user", "content": "hi", "attachments": [{"file_id": file.id, "tools": [{"type": "code_interpreter"}]}]}])
        run = alice.beta.threads.runs.create_and_poll(thread_id=thread.id, assistant_id=assistant.id, poll_interval_ms=20)
    assert run.status == "completed"
    step = alice.beta.threads.runs.steps.list(run_id=run.id, thread_id=thread.id).data[0]
    reply = alice.beta.threads.messages.list(thread_id=thread.id).data[0]
    ids = {"assistant": assistant.id, "file": file.id, "thread": thread.id, "run": run.id, "step": step.id, "message": reply.id}
    return Classroom(isolating, alice, bob, bob_key, ids)


def raw(simulator, key: str, method: str, path: str, **kwargs) -> httpx.Response:
    return httpx.request(method, simulator.base_url + path, headers={**HEADERS, "Authorization": f"Bearer {key}"}, timeout=30, **kwargs)


def test_the_owner_sees_everything_including_what_the_engine_wrote(classroom):
    alice, ids = classroom.alice, classroom.ids
    assert alice.beta.threads.messages.retrieve(ids["message"], thread_id=ids["thread"]).role == "assistant"
    assert len(alice.beta.threads.messages.list(thread_id=ids["thread"]).data) == 2
    assert alice.beta.threads.runs.steps.retrieve(ids["step"], thread_id=ids["thread"], run_id=ids["run"]).id == ids["step"]
    assert [r.id for r in alice.beta.threads.runs.list(thread_id=ids["thread"])] == [ids["run"]]
    assert [f.id for f in alice.files.list()] == [ids["file"]]


@pytest.mark.parametrize(
    "method, path, body",
    [
        ("GET", "/assistants/{assistant}", None),
        ("POST", "/assistants/{assistant}", {"name": "mine now"}),
        ("DELETE", "/assistants/{assistant}", None),
        ("GET", "/threads/{thread}", None),
        ("POST", "/threads/{thread}", {"metadata": {"x": "y"}}),
        ("DELETE", "/threads/{thread}", None),
        ("GET", "/threads/{thread}/messages", None),
        ("POST", "/threads/{thread}/messages", {"role": "user", "content": "hello"}),
        ("GET", "/threads/{thread}/messages/{message}", None),
        ("POST", "/threads/{thread}/messages/{message}", {"metadata": {}}),
        ("DELETE", "/threads/{thread}/messages/{message}", None),
        ("GET", "/threads/{thread}/runs", None),
        ("POST", "/threads/{thread}/runs", {"assistant_id": "{assistant}"}),
        ("GET", "/threads/{thread}/runs/{run}", None),
        ("POST", "/threads/{thread}/runs/{run}", {"metadata": {}}),
        ("POST", "/threads/{thread}/runs/{run}/cancel", None),
        ("POST", "/threads/{thread}/runs/{run}/submit_tool_outputs", {"tool_outputs": []}),
        ("GET", "/threads/{thread}/runs/{run}/steps", None),
        ("GET", "/threads/{thread}/runs/{run}/steps/{step}", None),
        ("GET", "/files/{file}", None),
        ("GET", "/files/{file}/content", None),
        ("DELETE", "/files/{file}", None),
    ],
)
def test_another_keys_ids_are_404_as_if_they_never_existed(classroom, method, path, body):
    alice, ids = classroom.alice, classroom.ids
    url = path.format(**ids)
    payload = None if body is None else {k: (v.format(**ids) if isinstance(v, str) else v) for k, v in body.items()}
    theirs = raw(classroom.simulator, classroom.bob_key, method, url, json=payload)
    assert theirs.status_code == 404, theirs.text
    error = theirs.json()["error"]
    assert error["type"] == "invalid_request_error" and error["message"].startswith("No ")
    # ... and Alice still has it all, unchanged.
    assert alice.beta.assistants.retrieve(ids["assistant"]).name == "Alice's"
    assert alice.beta.threads.retrieve(ids["thread"]).metadata == {}
    assert len(alice.beta.threads.messages.list(thread_id=ids["thread"]).data) == 2
    assert alice.files.retrieve(ids["file"]).id == ids["file"]


def test_lists_show_only_ones_own(classroom):
    alice, bob, ids = classroom.alice, classroom.bob, classroom.ids
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", DeprecationWarning)
        mine = bob.beta.assistants.create(model="gpt-4o", name="Bob's")
        bob_file = bob.files.create(file=("b.txt", b"bob"), purpose="user_data")
        assert [a.id for a in bob.beta.assistants.list()] == [mine.id]
        assert [a.id for a in alice.beta.assistants.list()] == [ids["assistant"]]
    assert [f.id for f in bob.files.list()] == [bob_file.id]
    assert [f.id for f in bob.files.list(purpose="user_data")] == [bob_file.id]
    # Another key's id is no cursor either: it is not there to page from.
    assert raw(classroom.simulator, classroom.bob_key, "GET", "/assistants", params={"after": ids["assistant"]}).status_code == 400


def test_nothing_of_another_key_can_be_used(classroom):
    simulator, bob, bob_key, ids = classroom.simulator, classroom.bob, classroom.bob_key, classroom.ids
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", DeprecationWarning)
        thread = bob.beta.threads.create()
        # A run of Alice's assistant on Bob's own thread.
        with pytest.raises(NotFoundError):
            bob.beta.threads.runs.create(thread_id=thread.id, assistant_id=ids["assistant"])
        with pytest.raises(NotFoundError):
            bob.beta.threads.create_and_run(assistant_id=ids["assistant"])
    # Alice's file, as an attachment, a code interpreter resource, or an image.
    attach = raw(simulator, bob_key, "POST", f"/threads/{thread.id}/messages", json={"role": "user", "content": "x", "attachments": [{"file_id": ids["file"], "tools": [{"type": "code_interpreter"}]}]})
    assert attach.status_code == 400 and ids["file"] in attach.json()["error"]["message"]
    resource = raw(simulator, bob_key, "POST", "/assistants", json={"model": "gpt-4o", "tool_resources": {"code_interpreter": {"file_ids": [ids["file"]]}}})
    assert resource.status_code == 400
    image = raw(simulator, bob_key, "POST", f"/threads/{thread.id}/messages", json={"role": "user", "content": [{"type": "image_file", "image_file": {"file_id": ids["file"]}}]})
    assert image.status_code == 400


def test_without_the_option_the_simulator_is_single_user(simulator):
    # The session's simulator runs with the defaults. Other tests' assistants are in its lists too: Alice's is among the newest.
    alice, bob = clients(simulator, *fresh_keys())
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", DeprecationWarning)
        assistant = alice.beta.assistants.create(model="gpt-4o")
        assert bob.beta.assistants.retrieve(assistant.id).id == assistant.id
        assert assistant.id in [a.id for a in bob.beta.assistants.list(limit=100).data]


def test_the_environment_variable_turns_it_on_too(tmp_simulator):
    simulator = tmp_simulator(env={"SIMULATOR_ISOLATE_KEYS": "1"})  # started its own way: not with the flag
    alice, bob = clients(simulator)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", DeprecationWarning)
        assistant = alice.beta.assistants.create(model="gpt-4o")
        with pytest.raises(NotFoundError):
            bob.beta.assistants.retrieve(assistant.id)
