"""Search hits in the API's shapes: vector store search results and file_search run step results."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from simulator.retrieval.index import SearchHit


def to_search_result_item(hit: SearchHit) -> dict[str, Any]:
    """A `VectorStoreSearchResultItem`: one chunk, as `POST /vector_stores/{id}/search` lists it."""
    return {
        "file_id": hit.file_id,
        "filename": hit.filename,
        "score": hit.score,
        "attributes": dict(hit.attributes),
        "content": [{"type": "text", "text": hit.text}],
    }


def to_search_results_page(query: str | Sequence[str], hits: Sequence[SearchHit]) -> dict[str, Any]:
    """A `VectorStoreSearchResultsPage` holding every hit (search results are not paginated here)."""
    return {
        "object": "vector_store.search_results.page",
        "search_query": [query] if isinstance(query, str) else list(query),
        "data": [to_search_result_item(hit) for hit in hits],
        "has_more": False,
        "next_page": None,
    }


def to_run_step_result(hit: SearchHit, include_content: bool = False) -> dict[str, Any]:
    """A `RunStepDetailsToolCallsFileSearchResultObject`; content only when the request's `include` asked."""
    result: dict[str, Any] = {"file_id": hit.file_id, "file_name": hit.filename, "score": hit.score}
    if include_content:
        result["content"] = [{"type": "text", "text": hit.text}]
    return result
