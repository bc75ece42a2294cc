"""Moving a thread to the Responses API: its messages, oldest first, copied into a new conversation.

    from helpers.migrate import thread_to_conversation
    conversation_id = thread_to_conversation(client, thread.id)

Text parts are copied (a user's as input_text, an assistant's as output_text); parts a conversation cannot
hold the same way (image files, code interpreter images) are named in a short text note instead. A thread's
metadata goes with it. Threads could hold any number of messages; conversations take 20 items per call,
so they are added in batches.
"""

from __future__ import annotations

BATCH = 20  # items one conversations.create / items.create call takes


def _items(message) -> dict:
    kind = "output_text" if message.role == "assistant" else "input_text"
    parts = []
    for part in message.content:
        if part.type == "text":
            parts.append({"type": kind, "text": part.text.value})
        elif part.type == "image_file":
            parts.append({"type": kind, "text": f"[image file {part.image_file.file_id}]"})
        elif part.type == "image_url":
            parts.append({"type": kind, "text": f"[image {part.image_url.url}]"})
    return {"type": "message", "role": message.role, "content": parts or [{"type": kind, "text": ""}]}


def thread_to_conversation(client, thread_id: str) -> str:
    """Copy a thread's messages into a new conversation (oldest first) and return the conversation's id."""
    thread = client.beta.threads.retrieve(thread_id)
    items = [_items(message) for message in client.beta.threads.messages.list(thread_id, order="asc")]
    conversation = client.conversations.create(items=items[:BATCH], metadata=dict(thread.metadata or {}) or None)
    for start in range(BATCH, len(items), BATCH):
        client.conversations.items.create(conversation.id, items=items[start : start + BATCH])
    return conversation.id
