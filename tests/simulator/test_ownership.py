"""Classroom mode: ids that arrive inside a request's items are checked like ids in its path.

A code_interpreter_call item names a container (code run after it runs there again), and a client may
choose an item's id: neither may reach another learner's objects, nor collide with another object.
"""

from __future__ import annotations

import openai
import pytest
from openai import OpenAI

CODE = "用代码计算 2**100"


@pytest.fixture
def classroom(tmp_simulator):
    """Alice's container (with a file in it) in a simulator that isolates keys; Bob, another learner."""
    simulator = tmp_simulator(args=("--isolate-keys",))
    alice, bob = (OpenAI(base_url=simulator.base_url, api_key=key, max_retries=0) for key in ("sk-alice", "sk-bob"))
    container = alice.containers.create(name="alice's")
    alice.containers.files.create(container.id, file=("secret.txt", b"alice's work"))
    return alice, bob, container


def files_of(client: OpenAI, container_id: str) -> list[tuple[str, str]]:
    return [(f.id, f.path) for f in client.containers.files.list(container_id, limit=100).data]


def foreign_call(container_id: str) -> dict:
    return {"type": "code_interpreter_call", "id": "ci_from_elsewhere", "status": "completed", "code": "print(1)", "container_id": container_id, "outputs": []}


def ran_in(response) -> list[str]:
    return [item.container_id for item in response.output if item.type == "code_interpreter_call"]


def test_a_foreign_container_in_the_input_is_not_found(classroom):
    alice, bob, container = classroom
    before = files_of(alice, container.id)
    try:
        response = bob.responses.create(model="gpt-4o", input=[foreign_call(container.id), {"role": "user", "content": CODE}], tools=[{"type": "code_interpreter", "container": {"type": "auto"}}])
    except openai.NotFoundError as refused:
        assert refused.body["message"] == f"Container with id '{container.id}' not found."
    else:
        assert ran_in(response) and container.id not in ran_in(response)  # B's own container, never A's
    assert files_of(alice, container.id) == before
    assert alice.containers.retrieve(container.id).last_active_at == container.last_active_at


def test_a_container_that_does_not_exist_in_the_input_is_refused(classroom):
    _, bob, _ = classroom
    with pytest.raises(openai.NotFoundError, match="Container with id 'cntr_nope' not found."):
        bob.responses.create(model="gpt-4o", input=[foreign_call("cntr_nope"), {"role": "user", "content": CODE}], tools=[{"type": "code_interpreter", "container": {"type": "auto"}}])


def test_a_foreign_container_through_a_conversation_is_not_found(classroom):
    alice, bob, container = classroom
    before = files_of(alice, container.id)
    conversations = []
    with pytest.raises(openai.NotFoundError):  # made with the item
        conversations.append(bob.conversations.create(items=[foreign_call(container.id)]))
    assert bob.conversations.create().id  # nothing half-made is left in the way
    conversation = bob.conversations.create()
    try:
        bob.conversations.items.create(conversation.id, items=[foreign_call(container.id)])
    except openai.NotFoundError:
        pass
    response = bob.responses.create(model="gpt-4o", conversation=conversation.id, input=CODE, tools=[{"type": "code_interpreter", "container": {"type": "auto"}}])
    assert ran_in(response) and container.id not in ran_in(response)
    assert [item.type for item in bob.conversations.items.list(conversation.id, order="asc").data][:1] != ["code_interpreter_call"]
    assert files_of(alice, container.id) == before


def test_ones_own_container_in_the_input_is_used(classroom):
    alice, _, container = classroom
    response = alice.responses.create(model="gpt-4o", input=[foreign_call(container.id), {"role": "user", "content": CODE}], tools=[{"type": "code_interpreter", "container": {"type": "auto"}}])
    assert ran_in(response) == [container.id]


def said(text: str, item_id: str) -> dict:
    """An assistant message given back with its id, as a client passes output items back in (a user message takes no id)."""
    return {"type": "message", "role": "assistant", "id": item_id, "status": "completed", "content": [{"type": "output_text", "text": text, "annotations": []}]}


def test_another_learners_item_id_is_refused_not_answered(classroom):
    alice, bob, _ = classroom
    secret = said("alice's secret", "msg_alices_item")
    mine = alice.conversations.create(items=[secret])
    conversation = bob.conversations.create()
    with pytest.raises(openai.BadRequestError) as refused:
        bob.conversations.items.create(conversation.id, items=[said("bob's", "msg_alices_item")])
    assert refused.value.body["message"] == "Duplicate item found with id msg_alices_item. Remove duplicate items from your input and try again."
    assert bob.conversations.items.list(conversation.id).data == []
    with pytest.raises(openai.BadRequestError):  # nor through a response on the conversation
        bob.responses.create(model="gpt-4o", conversation=conversation.id, input=[said("bob's", "msg_alices_item")])
    shown = alice.conversations.items.list(mine.id).data
    assert [item.content[0].text for item in shown] == ["alice's secret"]


@pytest.mark.parametrize("taken_by", ["assistant", "conversation", "file", "container"])
def test_an_item_id_taken_by_another_object_is_a_400_not_a_500(classroom, taken_by):
    alice, bob, container = classroom
    with pytest.warns(DeprecationWarning) if taken_by == "assistant" else _nothing():
        taken = {
            "assistant": lambda: bob.beta.assistants.create(model="gpt-4o").id,
            "conversation": lambda: bob.conversations.create().id,
            "file": lambda: bob.files.create(file=("a.txt", b"x"), purpose="user_data").id,
            "container": lambda: container.id,
        }[taken_by]()
    conversation = bob.conversations.create()
    item = said("hi", taken)
    with pytest.raises(openai.BadRequestError, match="Duplicate item found with id"):
        bob.conversations.items.create(conversation.id, items=[item])
    with pytest.raises(openai.BadRequestError, match="Duplicate item found with id"):
        bob.conversations.create(items=[item])
    with pytest.raises(openai.BadRequestError, match="Duplicate item found with id"):
        bob.responses.create(model="gpt-4o", conversation=conversation.id, input=[item])
    assert bob.conversations.items.list(conversation.id).data == []


def test_ones_own_item_given_back_is_taken(classroom):
    alice, _, _ = classroom
    conversation = alice.conversations.create(items=[said("one", "msg_mine")])
    again = alice.conversations.items.create(conversation.id, items=[said("one", "msg_mine")])
    assert [item.id for item in again.data] == ["msg_mine"]
    elsewhere = alice.conversations.create()
    copied = alice.conversations.items.create(elsewhere.id, items=[said("one", "msg_mine")])
    assert copied.data[0].id != "msg_mine" and copied.data[0].content[0].text == "one"  # a copy, under an id of its own
    assert [item.id for item in alice.conversations.items.list(elsewhere.id).data] == [copied.data[0].id]


class _nothing:
    def __enter__(self):
        return self

    def __exit__(self, *exc):
        return False
