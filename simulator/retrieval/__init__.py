"""Retrieval core for file_search: file text extraction, token chunking, a hybrid SQLite index and result shapes."""

from simulator.retrieval.chunking import (
    AUTO_CHUNKING,
    SUPPORTED_FILE_TYPES,
    Chunk,
    ChunkingStrategy,
    FileContentError,
    chunk_text,
    count_tokens,
    extract_text,
    resolve_chunking_strategy,
)
from simulator.retrieval.index import (
    RankingOptions,
    RetrievalIndex,
    SearchHit,
    WordLlamaEmbedder,
    matches_filter,
    validate_filter,
)
from simulator.retrieval.results import to_run_step_result, to_search_result_item, to_search_results_page

__all__ = [
    "AUTO_CHUNKING",
    "SUPPORTED_FILE_TYPES",
    "Chunk",
    "ChunkingStrategy",
    "FileContentError",
    "RankingOptions",
    "RetrievalIndex",
    "SearchHit",
    "WordLlamaEmbedder",
    "chunk_text",
    "count_tokens",
    "extract_text",
    "matches_filter",
    "resolve_chunking_strategy",
    "to_run_step_result",
    "to_search_result_item",
    "to_search_results_page",
    "validate_filter",
]
