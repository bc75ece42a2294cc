"""Chat Completions and Models wire shapes: a completion, its stream chunks, its usage, a stored message, a model."""

from __future__ import annotations

import secrets
import string

from simulator.ids import new_id

# The real API stamped every completion and chunk with the backend configuration that made it (deprecated, but
# still sent); the simulator's is one fixed value, in the real format (fp_ and 10 hex digits).
SYSTEM_FINGERPRINT = "fp_0ff1ce5e00"
_PAD = string.ascii_letters + string.digits


def completion_id() -> str:
    """chatcmpl- and 29 letters and digits, as the real ids were (chatcmpl-AyPNinnUqUDYo9SAdA52NobMflmj2)."""
    return "chatcmpl-" + "".join(secrets.choice(_PAD) for _ in range(29))


def tool_call_id() -> str:
    return new_id("tool_call")


def usage(prompt: int, completion: int) -> dict:
    """CompletionUsage with the details the real API sent (all zero here: no cache, audio, reasoning or prediction)."""
    return {
        "prompt_tokens": prompt,
        "completion_tokens": completion,
        "total_tokens": prompt + completion,
        "prompt_tokens_details": {"cached_tokens": 0, "audio_tokens": 0},
        "completion_tokens_details": {"reasoning_tokens": 0, "audio_tokens": 0, "accepted_prediction_tokens": 0, "rejected_prediction_tokens": 0},
    }


def reply_message(content: str | None, tool_calls: list[dict] | None = None) -> dict:
    """The assistant message of a choice; tool_calls only when it called functions, as the real API left it out otherwise."""
    message = {"role": "assistant", "content": content, "refusal": None, "annotations": []}
    if tool_calls:
        message["tool_calls"] = tool_calls
    return message


def function_call(call_id: str, name: str, arguments: str) -> dict:
    return {"id": call_id, "type": "function", "function": {"name": name, "arguments": arguments}}


def completion_object(completion_id_: str, created: int, model: str, choices: list[dict], spent: dict, service_tier: str) -> dict:
    return {
        "id": completion_id_,
        "object": "chat.completion",
        "created": created,
        "model": model,
        "choices": choices,
        "usage": spent,
        "service_tier": service_tier,
        "system_fingerprint": SYSTEM_FINGERPRINT,
    }


def choice(index: int, message: dict, finish_reason: str) -> dict:
    return {"index": index, "message": message, "logprobs": None, "finish_reason": finish_reason}


def chunk(completion_id_: str, created: int, model: str, service_tier: str, choices: list[dict]) -> dict:
    """A chat.completion.chunk; the caller adds `usage` (null on every chunk but the last when usage was asked for)."""
    return {"id": completion_id_, "object": "chat.completion.chunk", "created": created, "model": model, "service_tier": service_tier, "system_fingerprint": SYSTEM_FINGERPRINT, "choices": choices}


def delta_choice(index: int, delta: dict, finish_reason: str | None = None) -> dict:
    return {"index": index, "delta": delta, "logprobs": None, "finish_reason": finish_reason}


def obfuscation(payload_length: int) -> str:
    """Random padding that evens out chunk sizes (the real API's default; stream_options.include_obfuscation=false drops it)."""
    return "".join(secrets.choice(_PAD) for _ in range(max(1, 16 - payload_length % 16)))


def stored_message(completion_id_: str, index: int, message: dict) -> dict:
    """A request message as GET /chat/completions/{id}/messages lists it: its text as content, its parts in content_parts."""
    content = message.get("content")
    parts = None
    if isinstance(content, list):
        parts = content
        texts = [part.get("text", "") for part in content if isinstance(part, dict) and part.get("type") == "text"]
        content = "\n".join(texts) if texts else None
    out = {"id": f"{completion_id_}-{index}", "role": message["role"], "content": content, "name": message.get("name"), "content_parts": parts}
    if message.get("tool_calls"):
        out["tool_calls"] = message["tool_calls"]
    if message.get("tool_call_id"):
        out["tool_call_id"] = message["tool_call_id"]
    return out


def model_object(model_id: str, created: int, owned_by: str) -> dict:
    return {"id": model_id, "object": "model", "created": created, "owned_by": owned_by}
