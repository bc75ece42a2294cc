"""The API's wire shapes: every object the simulator creates is built here (newer API families in modules beside this one), and encoded by `dumps`."""

from __future__ import annotations

import json

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


def dumps(obj) -> str:
    """JSON as the API sends it: compact, UTF-8, non-ASCII left as it is (Chinese prints as Chinese)."""
    return json.dumps(obj, ensure_ascii=False, separators=(",", ":"))


def run_step_object(run: dict, details: dict) -> dict:
    return {
        "id": new_id("run_step"),
        "object": "thread.run.step",
        "created_at": now(),
        "run_id": run["id"],
        "assistant_id": run["assistant_id"],
        "thread_id": run["thread_id"],
        "type": details["type"],
        "status": "in_progress",
        "cancelled_at": None,
        "completed_at": None,
        "expired_at": None,
        "failed_at": None,
        "last_error": None,
        "step_details": details,
        "usage": None,
        "metadata": {},
    }


def assistant_object() -> dict:
    """A new assistant before the request's fields are applied."""
    return {
        "id": new_id("assistant"),
        "object": "assistant",
        "created_at": now(),
        "name": None,
        "description": None,
        "model": None,
        "instructions": None,
        "tools": [],
        "tool_resources": {},
        "metadata": {},
        "temperature": 1.0,
        "top_p": 1.0,
        "response_format": "auto",
    }


def thread_object() -> dict:
    return {"id": new_id("thread"), "object": "thread", "created_at": now(), "metadata": {}, "tool_resources": {}}


def run_object(thread_id: str, assistant: dict, *, expires_in: int) -> dict:
    """A new run as the assistant's settings make it, before the request's overrides; it starts queued."""
    created = now()
    return {
        "id": new_id("run"),
        "object": "thread.run",
        "created_at": created,
        "thread_id": thread_id,
        "assistant_id": assistant["id"],
        "status": "queued",
        "required_action": None,
        "last_error": None,
        "expires_at": created + expires_in,
        "started_at": None,
        "cancelled_at": None,
        "failed_at": None,
        "completed_at": None,
        "incomplete_details": None,
        "model": assistant["model"],
        "instructions": assistant["instructions"] or "",  # a run's instructions are always a string
        "tools": assistant["tools"],
        "metadata": {},
        "usage": None,
        "temperature": assistant.get("temperature", 1.0),
        "top_p": assistant.get("top_p", 1.0),
        "max_prompt_tokens": None,
        "max_completion_tokens": None,
        "truncation_strategy": {"type": "auto", "last_messages": None},
        "tool_choice": "auto",
        "parallel_tool_calls": True,
        "response_format": assistant.get("response_format", "auto"),
    }
