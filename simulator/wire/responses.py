"""The Responses family's wire shapes: responses, their items, conversations, containers and container files."""

from __future__ import annotations

from simulator.ids import new_id, now

DEFAULT_CONTAINER_MINUTES = 20  # a container expires this long after it was last active


def response_object(*, model: str, instructions, tools: list[dict], tool_choice, parallel_tool_calls: bool, text: dict, metadata: dict,
                    temperature, top_p, max_output_tokens, max_tool_calls, previous_response_id, conversation_id, store: bool, background: bool,
                    truncation: str = "disabled", user=None, safety_identifier=None, prompt_cache_key=None, top_logprobs=None, reasoning=None,
                    service_tier: str = "auto") -> dict:
    """A new response as the request makes it; it starts queued (background) or in_progress."""
    response = {
        "id": new_id("response"),
        "object": "response",
        "created_at": now(),
        "status": "queued" if background else "in_progress",
        "background": background,
        "completed_at": None,
        "conversation": {"id": conversation_id} if conversation_id else None,
        "error": None,
        "incomplete_details": None,
        "instructions": instructions,
        "max_output_tokens": max_output_tokens,
        "max_tool_calls": max_tool_calls,
        "model": model,
        "output": [],
        "parallel_tool_calls": parallel_tool_calls,
        "previous_response_id": previous_response_id,
        "prompt_cache_key": prompt_cache_key,
        "reasoning": reasoning or {"effort": None, "summary": None},
        "safety_identifier": safety_identifier,
        "service_tier": service_tier,
        "store": store,
        "temperature": 1.0 if temperature is None else temperature,
        "text": text,
        "tool_choice": tool_choice,
        "tools": tools,
        "top_logprobs": 0 if top_logprobs is None else top_logprobs,
        "top_p": 1.0 if top_p is None else top_p,
        "truncation": truncation,
        "user": user,
        "metadata": metadata,
    }
    # usage comes once the response ends (the spec's ResponseUsage is not nullable, so no null before)
    if user is None:  # the spec's `user` is a string: left out when none was given
        del response["user"]
    return response


def response_usage(input_tokens: int, output_tokens: int) -> dict:
    return {
        "input_tokens": input_tokens,
        "input_tokens_details": {"cached_tokens": 0, "cache_write_tokens": 0},
        "output_tokens": output_tokens,
        "output_tokens_details": {"reasoning_tokens": 0},
        "total_tokens": input_tokens + output_tokens,
    }


# -- items -----------------------------------------------------------------------------------------


def output_text(text: str, annotations: list[dict] | None = None) -> dict:
    return {"type": "output_text", "annotations": annotations or [], "logprobs": [], "text": text}


def output_message(text_parts: list[dict] | None = None, status: str = "in_progress") -> dict:
    return {"id": new_id("output_message"), "type": "message", "status": status, "content": text_parts or [], "role": "assistant"}


def input_message(role: str, content: list[dict], item_id: str | None = None) -> dict:
    """A message given as input, as input_items and conversations list it (assistant ones as output messages)."""
    if role == "assistant":
        parts = [output_text(p.get("text", "")) if p.get("type") in ("input_text", "output_text") else p for p in content]
        return {"id": item_id or new_id("output_message"), "type": "message", "status": "completed", "content": parts, "role": "assistant"}
    return {"id": item_id or new_id("output_message"), "type": "message", "status": "completed", "content": content, "role": role}


def function_call(name: str, arguments: str, status: str = "in_progress") -> dict:
    return {"id": new_id("function_call"), "type": "function_call", "status": status, "arguments": arguments, "call_id": new_id("tool_call"), "name": name}


def function_call_output(call_id: str, output, item_id: str | None = None) -> dict:
    return {"id": item_id or new_id("function_call_output"), "type": "function_call_output", "call_id": call_id, "output": output, "status": "completed"}


def code_interpreter_call(container_id: str, code: str | None = None, status: str = "in_progress") -> dict:
    return {"id": new_id("code_interpreter_call"), "type": "code_interpreter_call", "status": status, "code": code, "container_id": container_id, "outputs": None}


def file_search_call(queries: list[str], status: str = "in_progress") -> dict:
    return {"id": new_id("file_search_call"), "type": "file_search_call", "status": status, "queries": queries, "results": None}


# -- conversations ---------------------------------------------------------------------------------


def conversation_object(metadata: dict | None = None) -> dict:
    return {"id": new_id("conversation"), "object": "conversation", "created_at": now(), "metadata": metadata or {}}


# -- containers ------------------------------------------------------------------------------------


def container_object(name: str, *, minutes: int = DEFAULT_CONTAINER_MINUTES, memory_limit: str = "1g") -> dict:
    created = now()
    return {
        "id": new_id("container"),
        "object": "container",
        "created_at": created,
        "status": "running",
        "expires_after": {"anchor": "last_active_at", "minutes": minutes},
        "last_active_at": created,
        "memory_limit": memory_limit,
        "name": name,
    }


def container_file_object(container_id: str, path: str, size: int, source: str) -> dict:
    return {"id": new_id("container_file"), "object": "container.file", "created_at": now(), "bytes": size, "container_id": container_id, "path": path, "source": source}
