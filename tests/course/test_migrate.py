"""helpers.migrate.thread_to_conversation: a thread's messages, in order and by role, in a new conversation."""

from __future__ import annotations

import warnings

from helpers.migrate import thread_to_conversation


def test_a_thread_becomes_a_conversation(client):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", DeprecationWarning)
        thread = client.beta.threads.create(
            messages=[{"role": "user", "content": "你好"}, {"role": "assistant", "content": "你好!我是小U。"}, {"role": "user", "content": "UAP 是什么?"}],
            metadata={"course": "09"},
        )
        conversation_id = thread_to_conversation(client, thread.id)
    conversation = client.conversations.retrieve(conversation_id)
    assert conversation.metadata == {"course": "09"}
    items = client.conversations.items.list(conversation_id, order="asc").data
    assert [(i.role, i.content[0].type, i.content[0].text) for i in items] == [
        ("user", "input_text", "你好"),
        ("assistant", "output_text", "你好!我是小U。"),
        ("user", "input_text", "UAP 是什么?"),
    ]
    # the conversation goes on with the Responses API
    response = client.responses.create(model="gpt-4o", input="再说一遍", conversation=conversation_id)
    assert response.status == "completed"
    assert len(client.conversations.items.list(conversation_id).data) == 5


def test_long_threads_are_copied_in_batches(client):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", DeprecationWarning)
        thread = client.beta.threads.create()
        for i in range(25):
            client.beta.threads.messages.create(thread.id, role="user", content=f"message {i}")
        conversation_id = thread_to_conversation(client, thread.id)
    texts = [item.content[0].text for item in client.conversations.items.list(conversation_id, order="asc", limit=100).data]
    assert texts == [f"message {i}" for i in range(25)]
