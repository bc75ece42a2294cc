"""Conversations: create with items, retrieve, update, delete; items create/list/retrieve/delete; responses
that name a conversation append their input and output to it; classroom isolation; state across restarts."""

from __future__ import annotations

import asyncio

import httpx2 as httpx
import openai
import pytest


def test_create_with_items_and_list_them(client):
    conversation = client.conversations.create(metadata={"topic": "demo"}, items=[{"role": "user", "content": "你好"}, {"type": "message", "role": "assistant", "content": "你好!"}])
    assert conversation.id.startswith("conv_") and conversation.object == "conversation" and conversation.metadata == {"topic": "demo"}
    items = client.conversations.items.list(conversation.id, order="asc")
    assert [(i.role, i.content[0].type) for i in items.data] == [("user", "input_text"), ("assistant", "output_text")]
    assert items.first_id == items.data[0].id and items.has_more is False
    newest = client.conversations.items.list(conversation.id, limit=1)
    assert newest.data[0].role == "assistant" and newest.has_more is True
    after = client.conversations.items.list(conversation.id, after=newest.data[0].id)
    assert [i.role for i in after.data] == ["user"]


def test_responses_append_their_input_and_output(client):
    conversation = client.conversations.create()
    first = client.responses.create(model="gpt-4o", input="你好", conversation=conversation.id)
    assert first.conversation.id == conversation.id
    second = client.responses.create(model="gpt-4o", input="再说一遍", conversation=conversation.id)
    assert second.status == "completed"
    items = client.conversations.items.list(conversation.id, order="asc")
    assert [(i.type, i.role) for i in items.data] == [("message", "user"), ("message", "assistant")] * 2
    assert items.data[1].content[0].text == first.output_text


def test_items_create_retrieve_delete(client):
    conversation = client.conversations.create()
    added = client.conversations.items.create(conversation.id, items=[{"role": "user", "content": "one"}, {"role": "user", "content": "two"}])
    assert [i.content[0].text for i in added.data] == ["one", "two"]
    item = client.conversations.items.retrieve(added.data[0].id, conversation_id=conversation.id)
    assert item.id == added.data[0].id
    after_delete = client.conversations.items.delete(added.data[0].id, conversation_id=conversation.id)
    assert after_delete.id == conversation.id
    with pytest.raises(openai.NotFoundError):
        client.conversations.items.retrieve(added.data[0].id, conversation_id=conversation.id)


def test_update_and_delete(client):
    conversation = client.conversations.create()
    assert client.conversations.update(conversation.id, metadata={"k": "v"}).metadata == {"k": "v"}
    deleted = client.conversations.delete(conversation.id)
    assert deleted.deleted is True and deleted.object == "conversation.deleted"
    with pytest.raises(openai.NotFoundError) as caught:
        client.conversations.retrieve(conversation.id)
    assert caught.value.body["message"] == f"Conversation with id '{conversation.id}' not found."


def test_function_loop_in_a_conversation(client):
    tool = {"type": "function", "name": "ask_database", "description": "SQL over the Courses table.", "strict": True,
            "parameters": {"type": "object", "properties": {"query": {"type": "string"}}, "required": ["query"], "additionalProperties": False}}
    conversation = client.conversations.create()
    first = client.responses.create(model="gpt-4o", input="一共有几堂课?", tools=[tool], conversation=conversation.id)
    call = first.output[0]
    assert call.type == "function_call"
    second = client.responses.create(model="gpt-4o", input=[{"type": "function_call_output", "call_id": call.call_id, "output": "[(5,)]"}], tools=[tool], conversation=conversation.id)
    assert "5" in second.output_text
    kinds = [i.type for i in client.conversations.items.list(conversation.id, order="asc").data]
    assert kinds == ["message", "function_call", "function_call_output", "message"]


def test_bad_bodies(base_url):
    with httpx.Client(base_url=base_url, headers={"Authorization": "Bearer sk-test"}) as http:
        answer = http.post("/conversations", json={"items": "hi"})
        assert answer.status_code == 400 and answer.json()["error"]["param"] == "items"
        answer = http.post("/conversations", json={"topic": 1})
        assert answer.json()["error"]["message"] == "Unknown parameter: 'topic'."
        conversation = http.post("/conversations", json={}).json()
        answer = http.post(f"/conversations/{conversation['id']}", json={})
        assert answer.json()["error"]["message"] == "Missing required parameter: 'metadata'."
        assert http.get("/conversations").status_code == 404  # there is no list of conversations


def test_async_conversations(base_url):
    async def go():
        client = openai.AsyncOpenAI(base_url=base_url, api_key="sk-test", max_retries=0)
        conversation = await client.conversations.create(items=[{"role": "user", "content": "hi"}])
        response = await client.responses.create(model="gpt-4o", input="again", conversation=conversation.id)
        items = await client.conversations.items.list(conversation.id)
        return response, [i async for i in items]

    response, items = asyncio.run(go())
    assert response.status == "completed" and len(items) == 3


def test_classroom_keys_see_only_their_own(tmp_simulator):
    simulator = tmp_simulator(args=("--isolate-keys",))
    alice = openai.OpenAI(base_url=simulator.base_url, api_key="sk-alice", max_retries=0)
    bob = openai.OpenAI(base_url=simulator.base_url, api_key="sk-bob", max_retries=0)
    conversation = alice.conversations.create()
    response = alice.responses.create(model="gpt-4o", input="hi")
    container = alice.containers.create(name="mine")
    with pytest.raises(openai.NotFoundError):
        bob.conversations.retrieve(conversation.id)
    with pytest.raises(openai.NotFoundError):
        bob.responses.retrieve(response.id)
    with pytest.raises(openai.BadRequestError):
        bob.responses.create(model="gpt-4o", input="hi", previous_response_id=response.id)
    assert container.id not in [c.id for c in bob.containers.list().data]
    assert container.id in [c.id for c in alice.containers.list().data]


def test_state_survives_a_restart(tmp_simulator):
    simulator = tmp_simulator()
    client = openai.OpenAI(base_url=simulator.base_url, api_key="sk-test", max_retries=0)
    conversation = client.conversations.create(items=[{"role": "user", "content": "remember me"}])
    response = client.responses.create(model="gpt-4o", input="hi")
    simulator.stop()
    simulator.start()
    assert client.conversations.items.list(conversation.id).data[0].content[0].text == "remember me"
    assert client.responses.retrieve(response.id).output_text == response.output_text
    follow = client.responses.create(model="gpt-4o", input="again", previous_response_id=response.id)
    assert follow.status == "completed"
