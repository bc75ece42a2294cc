"""Fuzzing every endpoint the simulator serves, with requests schemathesis generates from the OpenAPI spec.

Whatever arrives, the simulator must answer without a 5xx, and every answer must fit the spec (a
success its operation's schema, a refusal the error envelope; the session's conformance log checks
streams and errors too). Generated ids would only ever meet 404s, so most cases get the ids of real
objects instead: an assistant, a thread with messages and a finished run, a file.

`make test` runs a quick pass (FUZZ_EXAMPLES=10, a few hundred cases); `make fuzz` a long one
(FUZZ_EXAMPLES=100 and schemathesis' coverage phase: thousands). Only ever against a simulator on loopback.
"""

from __future__ import annotations

import hashlib
import os
import warnings
from urllib.parse import urlparse

import pytest
import schemathesis
from hypothesis import HealthCheck, Phase, settings
from schemathesis.checks import not_a_server_error
from schemathesis.config import SchemathesisConfig
from schemathesis.specs.openapi.checks import response_schema_conformance

from simulator.conformance import load_spec
from simulator.launch import SimulatorProcess

EXAMPLES = int(os.environ.get("FUZZ_EXAMPLES", "10"))
# The long run (make fuzz) must reach this many cases; the quick one only has to run.
MINIMUM_CASES = int(os.environ.get("FUZZ_MINIMUM_CASES", "0"))
KEY = "sk-fuzz"
HEADERS = {"Authorization": f"Bearer {KEY}", "OpenAI-Beta": "assistants=v2"}

# The bearer key goes in through schemathesis' own auth, so no generated case goes without it.
config = SchemathesisConfig.from_dict({"auth": {"openapi": {"ApiKeyAuth": {"bearer": KEY}}}, "headers": {"OpenAI-Beta": "assistants=v2"}})
schema = schemathesis.openapi.from_dict(load_spec(), config=config)
# The coverage phase (every boundary of every field, a couple of thousand cases) belongs to the long run.
schema.config.phases.coverage.enabled = os.environ.get("FUZZ_COVERAGE", "0") == "1"
counted = {"cases": 0, "by_status": {}}


@pytest.fixture(scope="module")
def fuzz_simulator(tmp_path_factory):
    """A simulator of its own: the fuzzer's thousands of objects stay out of the session's database."""
    simulator = SimulatorProcess(tmp_path_factory.mktemp("fuzz") / "fuzz.db").start()
    assert urlparse(simulator.base_url).hostname == "127.0.0.1"  # never anything but loopback
    yield simulator
    simulator.stop()


@pytest.fixture(scope="module")
def real(fuzz_simulator) -> dict:
    """Real objects whose ids the cases use, so the fuzzer reaches past the 404s."""
    from openai import OpenAI

    client = OpenAI(base_url=fuzz_simulator.base_url, api_key=KEY, max_retries=0)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", DeprecationWarning)
        assistant = client.beta.assistants.create(model="gpt-4o", name="Fuzz", instructions="Be brief.", tools=[{"type": "code_interpreter"}])
        thread = client.beta.threads.create(messages=[{"role": "user", "content": "你好"}])
        run = client.beta.threads.runs.create_and_poll(thread_id=thread.id, assistant_id=assistant.id, poll_interval_ms=20)
        step = client.beta.threads.runs.steps.list(run_id=run.id, thread_id=thread.id).data[0]
        message = client.beta.threads.messages.list(thread_id=thread.id).data[0]
        file = client.files.create(file=("notes.txt", b"fuzz"), purpose="assistants")
    # The Responses family's objects: a response, a conversation with an item, a container with a file.
    response = client.responses.create(model="gpt-4o", input="你好")
    conversation = client.conversations.create(items=[{"role": "user", "content": "你好"}])
    item = client.conversations.items.list(conversation.id).data[0]
    container = client.containers.create(name="fuzz", file_ids=[file.id])
    container_file = client.containers.files.list(container.id).data[0]
    # The vector stores family's: a store holding the file, and a batch of it.
    vector_store = client.vector_stores.create(name="fuzz", file_ids=[file.id])
    batch = client.vector_stores.file_batches.create_and_poll(vector_store.id, file_ids=[file.id], poll_interval_ms=20)
    # The chat family's: a stored completion; and a model the simulator has.
    completion = client.chat.completions.create(model="gpt-4o", messages=[{"role": "user", "content": "你好"}], store=True)
    return {"vector_store_id": vector_store.id, "batch_id": batch.id, "completion_id": completion.id, "model": "gpt-4o",
            "assistant_id": assistant.id, "thread_id": thread.id, "run_id": run.id, "step_id": step.id, "message_id": message.id, "file_id": file.id,
            "response_id": response.id, "conversation_id": conversation.id, "item_id": item.id, "container_id": container.id, "container_file_id": container_file.id,
            "client": client}


def fresh(real: dict, name: str) -> str:
    """A throwaway object for a DELETE to remove, so the shared ones survive the run."""
    client = real["client"]
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", DeprecationWarning)
        if name == "assistant_id":
            return client.beta.assistants.create(model="gpt-4o").id
        if name == "thread_id":
            return client.beta.threads.create().id
        if name == "message_id":
            return client.beta.threads.messages.create(thread_id=real["thread_id"], role="user", content="bye").id
        if name == "file_id":
            return client.files.create(file=("gone.txt", b"x"), purpose="assistants").id
        if name == "response_id":
            return client.responses.create(model="gpt-4o", input="bye").id
        if name == "conversation_id":
            return client.conversations.create().id
        if name == "container_id":
            return client.containers.create(name="gone").id
        if name == "completion_id":
            return client.chat.completions.create(model="gpt-4o", messages=[{"role": "user", "content": "bye"}], store=True).id
        if name == "vector_store_id":
            return client.vector_stores.create(name="gone").id
    return real[name]


def use_real_ids(case, real: dict) -> None:
    """Three cases in four name real objects (decided from the generated value, so replays agree)."""
    def chosen(value) -> bool:
        return hashlib.sha256(repr(value).encode()).digest()[0] % 4 != 0

    params = case.path_parameters or {}
    if params and chosen(sorted(params.items())):
        for name in params:
            if name == "file_id" and "container_id" in params:  # a container's file, not a /files one
                params[name] = real["container_file_id"]
            elif name in real:
                is_target = case.method.upper() == "DELETE" and name == list(params)[-1]
                params[name] = fresh(real, name) if is_target else real[name]
    if isinstance(case.body, dict) and "assistant_id" in case.body and chosen(case.body.get("assistant_id")):
        case.body["assistant_id"] = real["assistant_id"]


@schema.parametrize()
@settings(max_examples=EXAMPLES, deadline=None, suppress_health_check=list(HealthCheck), phases=[Phase.explicit, Phase.generate], derandomize=True)
def test_every_endpoint_survives_generated_requests(case, fuzz_simulator, real):
    use_real_ids(case, real)
    response = case.call_and_validate(base_url=fuzz_simulator.base_url, headers=HEADERS, checks=[not_a_server_error, response_schema_conformance], timeout=30)
    counted["cases"] += 1
    counted["by_status"][response.status_code] = counted["by_status"].get(response.status_code, 0) + 1


def test_the_fuzzer_ran_enough_cases():
    print(f"\nfuzz: {counted['cases']} cases, by status {dict(sorted(counted['by_status'].items()))}")
    assert counted["cases"] >= MINIMUM_CASES
    assert not any(status >= 500 for status in counted["by_status"])
