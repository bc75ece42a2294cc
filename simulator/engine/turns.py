"""What the model sees at each step of a run: instructions, the thread after truncation, tools, results so far."""

from __future__ import annotations

import json

from simulator.engine.file_search import search_results
from simulator.engine.file_search import tool_store_ids as file_search_store_ids
from simulator.model import ToolResult, Turn
from simulator.store import Store
from simulator.tokens import count_tokens

# The newest messages a turn reads: a thread of 50,000 messages must not stall the server while every step
# reads and decodes all of them on the event loop. Far more than any model's context window holds anyway
# (the real API truncated old messages to fit it); truncation_strategy and max_prompt_tokens cut further.
MAX_TURN_MESSAGES = 500


def recent_messages(store: Store, thread_id: str) -> list[dict]:
    """The thread's newest MAX_TURN_MESSAGES messages, oldest first."""
    newest, _ = store.page("message", parent=thread_id, limit=MAX_TURN_MESSAGES, order="desc")
    return newest[::-1]


def build_turn(store: Store, run: dict, spent_prompt_tokens: int, results: list[ToolResult]) -> Turn | None:
    """What the model is shown for this step of the run (`results`: its tool calls so far, results_of), or None
    when nothing fits max_prompt_tokens."""
    assistant = store.get("assistant", run["assistant_id"]) or {}
    thread = store.get("thread", run["thread_id"]) or {}
    recent = recent_messages(store, run["thread_id"])
    messages = []
    for message in recent:
        if message["run_id"] == run["id"] and message["role"] == "assistant":
            continue  # this run's own answer in the making
        text = "\n".join(part["text"]["value"] for part in message["content"] if part["type"] == "text")
        messages.append({"role": message["role"], "text": text, "attachments": [a["file_id"] for a in message.get("attachments") or []]})
    strategy = run.get("truncation_strategy") or {}
    if strategy.get("type") == "last_messages" and strategy.get("last_messages"):
        messages = messages[-strategy["last_messages"]:]
    instructions = run.get("instructions") or ""
    limit = run.get("max_prompt_tokens")
    if limit:
        # The limit spans the whole run: what earlier steps read counts too. Oldest messages go
        # first, as the real API truncated threads to fit.
        budget = limit - spent_prompt_tokens - sum(count_tokens(r.output) + count_tokens(r.arguments) + count_tokens(r.code) for r in results)
        while messages and count_tokens(instructions) + sum(count_tokens(m["text"]) for m in messages) > budget:
            messages.pop(0)
        if not messages:
            return None
    files = {}
    for file_id in file_ids(store, run, assistant, thread, recent):
        file = store.get("file", file_id)
        if file is not None:
            files[file_id] = file["filename"]
    return Turn(
        instructions=instructions,
        messages=messages,
        tools=run.get("tools") or [],
        tool_choice=run.get("tool_choice", "auto"),
        parallel_tool_calls=run.get("parallel_tool_calls", True),
        results=results,
        files=files,
        assistant_name=assistant.get("name"),
        model=run.get("model") or "",
        temperature=run.get("temperature"),
        top_p=run.get("top_p"),
        response_format=run.get("response_format") or "auto",
        vector_store_ids=file_search_store_ids(assistant, thread),
    )


def file_ids(store: Store, run: dict, assistant: dict, thread: dict, recent: list[dict] | None = None) -> list[str]:
    """The files the run's code sees in /mnt/data: the assistant's, the thread's and its messages' attachments
    (`recent`: the thread's newest messages, when the caller has read them already)."""
    ids = []
    for owner in (assistant, thread):
        ids += ((owner.get("tool_resources") or {}).get("code_interpreter") or {}).get("file_ids", [])
    for message in recent if recent is not None else recent_messages(store, run["thread_id"]):
        ids += [a["file_id"] for a in message.get("attachments") or [] if any(t["type"] == "code_interpreter" for t in a["tools"])]
    return list(dict.fromkeys(ids))


def results_of(store: Store, steps: list[dict]) -> list[ToolResult]:
    """The tool calls a run has made so far (`steps`: its steps), with what they returned."""
    results = []
    for step in steps:
        for call in step["step_details"].get("tool_calls", []):
            if call["type"] == "function":
                fn = call["function"]
                results.append(ToolResult("function", name=fn["name"], arguments=fn["arguments"], output=fn["output"] or "", call_id=call["id"], step_id=step["id"]))
            elif call["type"] == "code_interpreter":
                ci = call["code_interpreter"]
                logs = "".join(o.get("logs", "") for o in ci["outputs"] if o["type"] == "logs")
                results.append(ToolResult("code_interpreter", code=ci["input"], output=logs, error="Traceback (most recent call last)" in logs, call_id=call["id"], step_id=step["id"]))
            elif call["type"] == "file_search":
                query, found = search_results(store, step, call)
                arguments = json.dumps({"query": query}, ensure_ascii=False)
                results.append(ToolResult("file_search", name="file_search", arguments=arguments, output=json.dumps(found, ensure_ascii=False), call_id=call["id"], step_id=step["id"]))
    return results


def run_images(steps: list[dict]) -> list[str]:
    """The file ids of the images a run's code produced (`steps`: its steps), in order."""
    ids = []
    for step in steps:
        for call in step["step_details"].get("tool_calls", []):
            if call["type"] == "code_interpreter":
                ids += [o["image"]["file_id"] for o in call["code_interpreter"]["outputs"] if o["type"] == "image"]
    return ids
