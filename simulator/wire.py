"""Builders for the objects more than one place creates, in the exact shapes of the API."""

from __future__ import annotations

from simulator.ids import new_id, now


def text_part(value: str) -> dict:
    return {"type": "text", "text": {"value": value, "annotations": []}}


def message_object(thread_id: str, role: str, content: list[dict], *, attachments=None, metadata=None, status: str = "completed", assistant_id=None, run_id=None) -> dict:
    created = now()
    return {
        "id": new_id("message"),
        "object": "thread.message",
        "created_at": created,
        "assistant_id": assistant_id,
        "thread_id": thread_id,
        "run_id": run_id,
        "status": status,
        "incomplete_details": None,
        "completed_at": created if status == "completed" else None,
        "incomplete_at": None,
        "role": role,
        "content": content,
        "attachments": attachments or [],
        "metadata": metadata or {},
    }


def file_object(filename: str, size: int, purpose: str) -> dict:
    return {
        "id": new_id("file"),
        "object": "file",
        "bytes": size,
        "created_at": now(),
        "expires_at": None,
        "filename": filename,
        "purpose": purpose,
        "status": "processed",
        "status_details": None,
    }


def usage(prompt_tokens: int, completion_tokens: int) -> dict:
    return {"prompt_tokens": prompt_tokens, "completion_tokens": completion_tokens, "total_tokens": prompt_tokens + completion_tokens}
