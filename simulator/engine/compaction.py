"""Compaction for /v1/responses/compact: the user's messages kept, everything else condensed into one compaction item.

The real API returns a `compaction` item whose `encrypted_content` only its models can read. The simulator's is not
encrypted: it is `sim-compaction-v1:` and the base64 of a JSON object whose `summary` holds one short line per item it
replaced (what the assistant said, each function call and its output, code run, searches made, earlier summaries),
deterministic, so a learner can decode it and see what the next response is given. Passed back as input, the summary
reaches the model with the instructions (see `summary_of`), as a compacted context would.
"""

from __future__ import annotations

import base64
import binascii
import json

from simulator.ids import new_id, now
from simulator.tokens import count_tokens, truncate_to_tokens

PREFIX = "sim-compaction-v1:"
LINE_TOKENS = 60  # each condensed item keeps at most this many tokens of its text


def encode(summary: str) -> str:
    return PREFIX + base64.b64encode(json.dumps({"summary": summary}, ensure_ascii=False).encode("utf-8")).decode("ascii")


def summary_of(encrypted_content: str) -> str | None:
    """The summary a compaction item of the simulator's carries; None for content it did not make."""
    if not isinstance(encrypted_content, str) or not encrypted_content.startswith(PREFIX):
        return None
    try:
        data = json.loads(base64.b64decode(encrypted_content[len(PREFIX):], validate=True).decode("utf-8"))
    except (binascii.Error, UnicodeDecodeError, ValueError):
        return None
    summary = data.get("summary") if isinstance(data, dict) else None
    return summary if isinstance(summary, str) else None


def _short(text: str) -> str:
    text = " ".join((text or "").split())
    cut = truncate_to_tokens(text, LINE_TOKENS)
    return cut if cut == text else cut + " …"


def _text(content) -> str:
    if isinstance(content, str):
        return content
    return " ".join(part.get("text", "") for part in content or [] if isinstance(part, dict) and isinstance(part.get("text"), str))


def condensed(item: dict) -> str | None:
    """One line for an item compaction replaces; None for one it has nothing to say about."""
    kind = item.get("type", "message")
    if kind == "message":
        return f"{item.get('role', 'assistant')}: {_short(_text(item.get('content')))}"
    if kind == "function_call":
        return f"called {item.get('name')}({_short(item.get('arguments') or '')})"
    if kind == "function_call_output":
        output = item.get("output")
        return f"function output: {_short(output if isinstance(output, str) else _text(output))}"
    if kind == "code_interpreter_call":
        logs = "".join(o.get("logs", "") for o in item.get("outputs") or [] if isinstance(o, dict) and o.get("type") == "logs")
        return f"ran code: {_short(item.get('code') or '')}" + (f" -> {_short(logs)}" if logs else "")
    if kind == "file_search_call":
        return f"searched files for: {_short(' '.join(item.get('queries') or []))}"
    if kind == "compaction":
        return summary_of(item.get("encrypted_content", ""))
    return None


def compact(items: list[dict]) -> tuple[list[dict], int]:
    """The compacted items (user messages as they were, then one compaction item) and the tokens its summary took."""
    kept, lines = [], []
    for item in items:
        if item.get("type", "message") == "message" and item.get("role") == "user":
            kept.append(item)
            continue
        line = condensed(item)
        if line:
            lines.append(line)
    summary = "\n".join(lines)
    kept.append({"id": new_id("compaction"), "type": "compaction", "encrypted_content": encode(summary)})
    return kept, count_tokens(summary)


def compacted_response(items: list[dict], input_tokens: int) -> dict:
    """The response.compaction object /v1/responses/compact answers with."""
    from simulator.wire.responses import response_usage

    output, output_tokens = compact(items)
    return {"id": new_id("response"), "object": "response.compaction", "created_at": now(), "output": output, "usage": response_usage(input_tokens, output_tokens)}
