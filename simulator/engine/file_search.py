"""The file_search tool's run-side shapes: which stores a run searches, what a step shows, and citations.

The search itself is the turn driver's (simulator.engine.driver), over simulator.retrieval.vector_stores; this
module holds what both API families make of its results: the 【n:m†source】 markers a reply cites them with.
"""

from __future__ import annotations

import contextlib
import json
import posixpath
import re

from simulator.store import Store

INCLUDE_CONTENT = "step_details.tool_calls[*].file_search.results[*].content"
DEFAULT_RANKING = {"ranker": "default_2024_08_21", "score_threshold": 0.0}
MARKER = re.compile(r"【(\d+):(\d+)†([^】]*)】")


def default_max_results(model: str) -> int:
    """20 results for gpt-4* (and newer) models, 5 for gpt-3.5-turbo, as the real tool defaulted."""
    return 5 if (model or "").startswith("gpt-3.5") else 20


def ranking(options: dict | None) -> dict:
    """A search's ranking options as the call reports them: the ranker that ran (never "auto") and the threshold."""
    chosen = {**DEFAULT_RANKING, **{k: v for k, v in (options or {}).items() if k in ("ranker", "score_threshold") and v is not None}}
    if chosen["ranker"] == "auto":
        chosen["ranker"] = DEFAULT_RANKING["ranker"]
    return chosen


def tool_store_ids(assistant: dict, thread: dict) -> list[str]:
    """The stores a run's file_search searches: the assistant's and the thread's."""
    ids: list[str] = []
    for owner in (assistant, thread):
        ids += ((owner.get("tool_resources") or {}).get("file_search") or {}).get("vector_store_ids") or []
    return list(dict.fromkeys(ids))


def run_include(store: Store, run_id: str) -> list[str]:
    found = store.get("run_include", f"include_{run_id}")
    return found["include"] if found else []


def save_run_include(store: Store, run_id: str, include: list[str]) -> None:
    if include:
        store.insert("run_include", {"id": f"include_{run_id}", "include": include}, parent=run_id)


def with_content(store: Store, step: dict) -> dict:
    """A step with its file_search results' text, as `include[]=...results[*].content` shows it."""
    calls = step["step_details"].get("tool_calls") or []
    if not any(call["type"] == "file_search" for call in calls):
        return step
    shown = json.loads(json.dumps(step))
    for call in shown["step_details"]["tool_calls"]:
        if call["type"] != "file_search":
            continue
        kept = store.get("file_search_content", f"fsc_{call['id']}") or {"texts": []}
        for result, text in zip(call["file_search"].get("results") or [], kept["texts"], strict=False):
            result["content"] = [{"type": "text", "text": text}]
    return shown


def search_results(store: Store, step: dict, call: dict) -> tuple[str, list[dict]]:
    """A file_search call's query and results with their text: what the model reads in the next turn."""
    kept = store.get("file_search_content", f"fsc_{call['id']}") or {"texts": [], "query": ""}
    results = [{**result, "text": text} for result, text in zip(call["file_search"].get("results") or [], kept["texts"], strict=False)]
    return kept.get("query", ""), results


# -- citations ---------------------------------------------------------------------------------------


def citation_sources(turn_results) -> dict[int, list[str]]:
    """For each file_search result in a turn (by its index in turn.results), the file ids its markers' m index."""
    sources: dict[int, list[str]] = {}
    for n, result in enumerate(turn_results):
        if result.type == "file_search":
            try:
                sources[n] = [r["file_id"] for r in json.loads(result.output or "[]")]
            except ValueError:
                sources[n] = []
    return sources


def citations(value: str, sources: dict[int, list[str]]) -> list[dict]:
    """file_citation annotations for the 【n:m†source】 markers in a reply's text, each slicing its marker exactly.

    n names the search (its index among the run's tool results), m the result; a marker naming no
    known result points at the latest search's m-th result, else it stays plain text.
    """
    if not sources:
        return []
    latest = sources[max(sources)]
    out = []
    for found in MARKER.finditer(value):
        n, m = int(found.group(1)), int(found.group(2))
        files = sources.get(n, latest)
        if m >= len(files):
            continue
        out.append({"type": "file_citation", "text": found.group(0), "start_index": found.start(), "end_index": found.end(), "file_citation": {"file_id": files[m]}})
    return out



def cited(text: str, turn_results) -> tuple[str, list[dict]]:
    """A Responses reply: its 【n:m†source】 markers out of the text, as file_citation annotations at the index where each stood."""
    sources = citation_sources(turn_results)
    names = {}
    for result in turn_results:
        if result.type == "file_search":
            with contextlib.suppress(ValueError):
                names.update({hit["file_id"]: hit.get("file_name", "") for hit in json.loads(result.output or "[]")})
    marks = citations(text, sources) if sources else []
    if not marks and not MARKER.search(text):
        return text, []
    out, annotations, cursor = "", [], 0
    for found in MARKER.finditer(text):
        out += text[cursor:found.start()]
        cursor = found.end()
        mark = next((m for m in marks if m["start_index"] == found.start()), None)
        if mark is not None:
            file_id = mark["file_citation"]["file_id"]
            annotations.append({"type": "file_citation", "file_id": file_id, "filename": posixpath.basename(names.get(file_id, "")), "index": len(out)})
    return out + text[cursor:], annotations
