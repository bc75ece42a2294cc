"""A SQLite index of vector store chunks with hybrid search: FTS5 trigram keywords plus WordLlama embeddings, fused by reciprocal rank.

Longer than most modules on purpose: the chunk tables, the keyword index, the vectors, attribute filters and the
fusion share one schema and one lock, and splitting them would spread that schema over several files.
"""

from __future__ import annotations

import ctypes
import itertools
import json
import logging
import math
import os
import re
import sqlite3
import threading
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from operator import itemgetter, methodcaller
from pathlib import Path
from typing import Any, Protocol

import numpy as np

from simulator.retrieval.chunking import AUTO_CHUNKING, Chunk, ChunkingStrategy, chunk_text, extract_text

# Reciprocal rank fusion's constant, as in Cormack et al. (2009) and most hybrid search engines.
RRF_K = 60
# How many fused candidates the re-ranker looks at, at least.
RERANK_POOL = 50
MAX_NUM_RESULTS = 50
# Texts embedded at once: bounds the (tokens, 256) array of their token vectors (about 20 MB at 800-token chunks).
_EMBED_BATCH = 128
# Combinations of several stores kept side by side in memory (each holds a copy of their vectors).
_COMBINED_KEPT = 2
# A term FTS5 finds in more than this share of a search's chunks is looked for in every text instead.
_SCAN_SHARE = 0.5
# `auto` and the dated names of the two spec versions all mean the one re-ranker here.
RERANKERS = frozenset({"auto", "default-2024-11-15", "default_2024_08_21"})
RANKERS = RERANKERS | {"none"}
COMPARISON_TYPES = frozenset({"eq", "ne", "gt", "gte", "lt", "lte", "in", "nin"})
COMPOUND_TYPES = frozenset({"and", "or"})

_CJK = "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\u3040-\u30ff\uac00-\ud7af"
_QUERY_RUN = re.compile(rf"[{_CJK}]+|[^\W{_CJK}]+")
_IS_CJK = re.compile(rf"[{_CJK}]")
# Question words and particles that would otherwise match everything.
_ENGLISH_STOPWORDS = frozenset(
    "a an and are as at be by can do does for from how i in is it my of on or should the this to "
    "what when where which who why with you your we our".split()
)
_CHINESE_STOPWORDS = re.compile(
    "请问|为什么|怎么样|怎么|怎样|如何|什么|哪些|哪个|哪里|是否|可以|需要|应该|我们|你们|"
    "一个|这个|那个|的|了|吗|呢|吧|是|在|和|与|及|或|我|你|要|把|被|有|中|时|后"
)


class Embedder(Protocol):
    """Turns texts into unit-length float32 vectors, one row per text."""

    name: str

    def embed(self, texts: Sequence[str]) -> np.ndarray: ...


class WordLlamaEmbedder:
    """WordLlama's 256-d l2_supercat embeddings, loaded from the weights inside its wheel, never from the network."""

    name = "wordllama-l2_supercat-256"
    _model = None
    _tokenizer = None
    _lock = threading.Lock()

    @classmethod
    def _load(cls):
        with cls._lock:
            if cls._model is None:
                root = logging.getLogger()
                handlers, level = root.handlers[:], root.level
                import wordllama  # its import calls logging.basicConfig; undo that below
                from wordllama import WordLlama

                root.handlers[:], root.level = handlers, level
                # The package folder holds weights/ and tokenizers/ as the cache layout expects.
                cls._model = WordLlama.load(
                    config="l2_supercat",
                    dim=256,
                    cache_dir=Path(wordllama.__file__).parent,
                    disable_download=True,
                )
        return cls._model

    def embed(self, texts: Sequence[str]) -> np.ndarray:
        """WordLlama's own embedding (the mean of each text's token vectors), without its padding.

        `WordLlama.embed` pads each batch of 64 texts to its longest and sums a (64, longest, 256) array
        of token vectors, padding included. Here each batch counts its texts' tokens instead and multiplies
        the counts by the vectors of the tokens it holds: one small matrix product (the same means, to
        float32 rounding).
        """
        if not texts:
            return np.zeros((0, 256), dtype=np.float32)
        model = self._load()
        tokenizer = self._unpadded_tokenizer(model)
        table = model.embedding
        encode = getattr(tokenizer, "encode_batch_fast", tokenizer.encode_batch)  # fast: no character offsets
        pooled = np.zeros((len(texts), table.shape[1]), dtype=np.float32)
        for start in range(0, len(texts), _EMBED_BATCH):
            batch = [encoding.ids for encoding in encode(list(texts[start : start + _EMBED_BATCH]), add_special_tokens=False)]
            lengths = np.fromiter(map(len, batch), dtype=np.int64, count=len(batch))
            total = int(lengths.sum())
            if not total:
                continue  # empty texts stay zero vectors
            ids = np.clip(np.fromiter(itertools.chain.from_iterable(batch), dtype=np.int64, count=total), 0, table.shape[0] - 1)
            vocabulary, column = np.unique(ids, return_inverse=True)
            row = np.repeat(np.arange(len(batch)), lengths)
            counts = np.bincount(row * len(vocabulary) + column, minlength=len(batch) * len(vocabulary))
            sums = counts.reshape(len(batch), len(vocabulary)).astype(np.float32) @ table[vocabulary]
            pooled[start : start + len(batch)] = sums / np.maximum(lengths, 1)[:, None].astype(np.float32)
        return _unit_rows(pooled)

    @classmethod
    def _unpadded_tokenizer(cls, model):
        with cls._lock:
            if cls._tokenizer is None:
                from tokenizers import Tokenizer

                tokenizer = Tokenizer.from_str(model.tokenizer.to_str())
                tokenizer.no_padding()
                tokenizer.no_truncation()
                cls._tokenizer = tokenizer
        return cls._tokenizer


def one_blas_thread() -> bool:
    """Ask numpy's bundled OpenBLAS for one thread, unless OPENBLAS_NUM_THREADS says otherwise; whether it could.

    On two cores, OpenBLAS's second thread spins after each matrix product, taking the core that the event loop,
    SQLite and the tokenizers need: indexing and search both ran 2-3x faster with one thread (paired runs on
    this project's 2-core machine). A vector store's products are small; they gain nothing from a second thread.
    """
    if "OPENBLAS_NUM_THREADS" in os.environ or "OMP_NUM_THREADS" in os.environ:
        return False
    libraries = Path(np.__file__).resolve().parent.parent / "numpy.libs"
    for path in sorted(libraries.glob("*openblas*")) if libraries.is_dir() else ():
        try:
            library = ctypes.CDLL(str(path))  # already loaded by numpy: the same library, not a second copy
        except OSError:
            continue
        for name in ("scipy_openblas_set_num_threads64_", "scipy_openblas_set_num_threads", "openblas_set_num_threads64_", "openblas_set_num_threads"):
            setter = getattr(library, name, None)
            if setter is not None:
                setter(1)
                return True
    return False  # another BLAS (Accelerate on macOS), or none found: left as it is


def _unit_rows(vectors: np.ndarray) -> np.ndarray:
    norms = np.linalg.norm(vectors, axis=1, keepdims=True)
    return vectors / np.where(norms == 0, 1.0, norms)  # an empty text stays a zero vector


@dataclass(frozen=True)
class RankingOptions:
    """The request's `ranking_options`, validated: ranker, score threshold and hybrid weights."""

    ranker: str = "auto"
    score_threshold: float = 0.0
    embedding_weight: float = 1.0
    text_weight: float = 1.0

    @classmethod
    def from_request(cls, options: Mapping[str, Any] | RankingOptions | None) -> RankingOptions:
        if options is None:
            return cls()
        if isinstance(options, RankingOptions):
            return options
        if not isinstance(options, Mapping):
            raise ValueError("ranking_options must be an object")
        unknown = set(options) - {"ranker", "score_threshold", "hybrid_search"}
        if unknown:
            raise ValueError(f"ranking_options has unknown field(s): {', '.join(sorted(unknown))}")
        ranker = options.get("ranker", "auto")
        if ranker not in RANKERS:
            raise ValueError(f"ranking_options.ranker must be one of {', '.join(sorted(RANKERS))}, not {ranker!r}")
        threshold = options.get("score_threshold", 0.0)
        if not _is_number(threshold) or not 0 <= threshold <= 1:
            raise ValueError("ranking_options.score_threshold must be a number between 0 and 1")
        weights = options.get("hybrid_search")
        embedding_weight = text_weight = 1.0
        if weights is not None:
            if not isinstance(weights, Mapping) or set(weights) != {"embedding_weight", "text_weight"}:
                raise ValueError("ranking_options.hybrid_search needs exactly embedding_weight and text_weight")
            embedding_weight, text_weight = weights["embedding_weight"], weights["text_weight"]
            if not all(_is_number(w) and w >= 0 for w in (embedding_weight, text_weight)):
                raise ValueError("hybrid_search weights must be numbers >= 0")
            if embedding_weight + text_weight <= 0:
                raise ValueError("hybrid_search weights must not both be 0")
        return cls(ranker, float(threshold), float(embedding_weight), float(text_weight))


@dataclass(frozen=True)
class SearchHit:
    """One chunk found by a search, with the score the API would report."""

    vector_store_id: str
    file_id: str
    filename: str
    attributes: dict[str, Any]
    chunk_index: int
    text: str
    score: float


# ---------------------------------------------------------------- filters


def _is_number(value: Any) -> bool:
    return isinstance(value, (int, float)) and not isinstance(value, bool) and math.isfinite(value)


def validate_filter(spec: Any, path: str = "filters") -> None:
    """Raise ValueError, naming the field, unless `spec` is a ComparisonFilter or (nested) CompoundFilter."""
    if not isinstance(spec, Mapping):
        raise ValueError(f"{path} must be an object")
    kind = spec.get("type")
    if kind in COMPOUND_TYPES:
        if set(spec) != {"type", "filters"} or not isinstance(spec["filters"], list):
            raise ValueError(f"{path} of type {kind!r} needs exactly 'type' and a 'filters' array")
        for i, inner in enumerate(spec["filters"]):
            validate_filter(inner, f"{path}.filters[{i}]")
        return
    if kind not in COMPARISON_TYPES:
        raise ValueError(f"{path}.type must be one of {', '.join(sorted(COMPARISON_TYPES | COMPOUND_TYPES))}")
    if set(spec) != {"type", "key", "value"} or not isinstance(spec["key"], str):
        raise ValueError(f"{path} of type {kind!r} needs exactly 'type', a string 'key' and 'value'")
    value = spec["value"]
    if kind in ("in", "nin"):
        if not isinstance(value, list) or not all(isinstance(v, str) or _is_number(v) for v in value):
            raise ValueError(f"{path}.value must be an array of strings or numbers for {kind!r}")
    elif not (isinstance(value, (str, bool)) or _is_number(value)):
        raise ValueError(f"{path}.value must be a string, number or boolean")


def _same_kind(a: Any, b: Any) -> bool:
    """Strings compare with strings, numbers with numbers, booleans only with booleans."""
    if isinstance(a, bool) or isinstance(b, bool):
        return isinstance(a, bool) and isinstance(b, bool)
    return (isinstance(a, str) and isinstance(b, str)) or (_is_number(a) and _is_number(b))


def matches_filter(spec: Mapping[str, Any], attributes: Mapping[str, Any]) -> bool:
    """Whether a file's attributes pass a validated filter.

    A file lacking the key matches no comparison on it, `ne` and `nin` included; values of
    different kinds (string, number, boolean) are never equal nor ordered.
    """
    kind = spec["type"]
    if kind == "and":
        return all(matches_filter(inner, attributes) for inner in spec["filters"])
    if kind == "or":
        return any(matches_filter(inner, attributes) for inner in spec["filters"])
    if spec["key"] not in attributes:
        return False
    actual, wanted = attributes[spec["key"]], spec["value"]
    if kind in ("in", "nin"):
        found = any(_same_kind(actual, v) and actual == v for v in wanted)
        return found if kind == "in" else not found
    if not _same_kind(actual, wanted):
        return False
    if kind == "eq":
        return actual == wanted
    if kind == "ne":
        return actual != wanted
    if isinstance(actual, bool):
        return False  # booleans have no order
    return {"gt": actual > wanted, "gte": actual >= wanted, "lt": actual < wanted, "lte": actual <= wanted}[kind]


# ---------------------------------------------------------------- query terms


@dataclass
class _QueryTerms:
    """A query split for keyword search: FTS5 phrases (>= 3 characters) and short terms (1-2)."""

    phrases: list[str] = field(default_factory=list)
    short: list[str] = field(default_factory=list)
    # What the re-ranker checks each candidate for: words, and bigrams of Chinese runs.
    coverage: list[str] = field(default_factory=list)


def _query_terms(query: str) -> _QueryTerms:
    terms = _QueryTerms()
    phrases: set[str] = set()
    short: set[str] = set()
    coverage: set[str] = set()
    lowered = query.casefold()
    for token in lowered.split():
        # A dotted or slashed identifier (uap.datasource.url, /api/users) also counts whole.
        whole = token.strip(".,;:!?()[]{}'\"`，。？！：；（）、")
        if len(whole) >= 3 and not _IS_CJK.search(whole) and re.search(r"\w[./@#:_-]\w", whole):
            phrases.add(whole)
            coverage.add(whole)
    for run in _QUERY_RUN.findall(lowered):
        if _IS_CJK.match(run):
            for part in _CHINESE_STOPWORDS.split(run):
                if len(part) >= 3:
                    phrases.update(part[i : i + 3] for i in range(len(part) - 2))
                elif len(part) == 2:
                    short.add(part)
                coverage.update(part[i : i + 2] for i in range(len(part) - 1))
        elif run not in _ENGLISH_STOPWORDS:
            # A one-letter word is noise; a one-digit number may not be ("Java 8").
            if len(run) >= 3:
                phrases.add(run)
            elif len(run) == 2 or run.isdigit():
                short.add(run)
            else:
                continue
            coverage.add(run)
    terms.phrases, terms.short, terms.coverage = sorted(phrases), sorted(short), sorted(coverage)
    return terms


def _competition_ranks(scores: np.ndarray) -> np.ndarray:
    """1 for the best score; equal scores share the better rank (1, 2, 2, 4), so equal chunks fuse equally."""
    order = np.argsort(-scores)  # ties get one rank whatever their order: no need for a stable sort
    ordered = scores[order]
    starts = np.r_[True, ordered[1:] != ordered[:-1]]
    ranks = np.empty(len(scores), dtype=np.int64)
    ranks[order] = np.maximum.accumulate(np.where(starts, np.arange(len(scores)), 0)) + 1
    return ranks


def _best(scores: np.ndarray, count: int) -> np.ndarray:
    """The rows of the `count` best scores, best first, ties in row order: a full stable sort's first `count`,
    sorting only the best (and whatever ties the last of them)."""
    if count < len(scores):
        last = np.partition(-scores, count - 1)[count - 1]
        candidates = np.flatnonzero(-scores <= last)
    else:
        candidates = np.arange(len(scores))
    return candidates[np.argsort(-scores[candidates], kind="stable")][:count]


def _pick(texts: list[str], rows: np.ndarray) -> tuple[str, ...]:
    """texts[i] for each row, as a tuple (itemgetter is C: no Python loop)."""
    if len(rows) == 0:
        return ()
    picked = itemgetter(*rows.tolist())(texts)
    return picked if len(rows) > 1 else (picked,)


def _fts_query(phrases: Iterable[str]) -> str:
    return " OR ".join('"' + phrase.replace('"', '""') + '"' for phrase in phrases)


# ---------------------------------------------------------------- the index


_SCHEMA = (
    """
    CREATE TABLE IF NOT EXISTS retrieval_files (
        vector_store_id TEXT NOT NULL,
        file_id TEXT NOT NULL,
        filename TEXT NOT NULL,
        attributes TEXT NOT NULL DEFAULT '{}',
        PRIMARY KEY (vector_store_id, file_id)
    )
    """,
    """
    CREATE TABLE IF NOT EXISTS retrieval_chunks (
        id INTEGER PRIMARY KEY,
        vector_store_id TEXT NOT NULL,
        file_id TEXT NOT NULL,
        chunk_index INTEGER NOT NULL,
        text TEXT NOT NULL,
        token_count INTEGER NOT NULL,
        embedding BLOB NOT NULL,
        UNIQUE (vector_store_id, file_id, chunk_index)
    )
    """,
    # Deleting a File object removes it from every store: find its chunks by file alone.
    "CREATE INDEX IF NOT EXISTS retrieval_chunks_file ON retrieval_chunks (file_id)",
    """
    CREATE VIRTUAL TABLE IF NOT EXISTS retrieval_chunks_fts USING fts5(
        text, content='retrieval_chunks', content_rowid='id', tokenize='trigram'
    )
    """,
    """
    CREATE TRIGGER IF NOT EXISTS retrieval_chunks_fts_insert AFTER INSERT ON retrieval_chunks BEGIN
        INSERT INTO retrieval_chunks_fts(rowid, text) VALUES (new.id, new.text);
    END
    """,
    # The FTS index's terms (trigrams): the short query terms' candidates are the chunks holding a trigram they begin.
    "CREATE VIRTUAL TABLE IF NOT EXISTS retrieval_chunks_vocab USING fts5vocab(retrieval_chunks_fts, 'row')",
    # Each store's version, raised by every write to it, so the vectors in memory are read again only when it changed.
    """
    CREATE TABLE IF NOT EXISTS retrieval_versions (
        vector_store_id TEXT PRIMARY KEY,
        version INTEGER NOT NULL
    )
    """,
    """
    CREATE TRIGGER IF NOT EXISTS retrieval_chunks_fts_delete AFTER DELETE ON retrieval_chunks BEGIN
        INSERT INTO retrieval_chunks_fts(retrieval_chunks_fts, rowid, text) VALUES ('delete', old.id, old.text);
    END
    """,
)


@dataclass
class _Rows:
    """Chunks a search ranks, in memory: one store's, or several stores' side by side."""

    ids: np.ndarray  # chunk row ids
    vectors: np.ndarray  # (n, dim) float32, unit rows
    folded_texts: list[str]  # casefolded, for substring tests without a table scan
    lengths: np.ndarray  # characters of each text, for BM25's length normalisation
    id_order: np.ndarray  # rows in order of their ids: chunk ids become rows by one binary search
    tails: dict[str, list[int]]  # every substring of each text's last two characters -> rows (what no trigram covers)

    @classmethod
    def of(cls, ids: np.ndarray, vectors: np.ndarray, folded_texts: list[str]) -> _Rows:
        tails: dict[str, list[int]] = {}
        for row, text in enumerate(folded_texts):
            tail = text[-2:]
            for piece in {tail, tail[:1], tail[1:]} - {""}:
                tails.setdefault(piece, []).append(row)
        lengths = np.fromiter(map(len, folded_texts), dtype=float, count=len(folded_texts))
        return cls(ids, vectors, folded_texts, lengths, np.argsort(ids, kind="stable"), tails)

    def rows_of(self, chunk_ids: np.ndarray) -> np.ndarray:
        """The rows of these chunk ids, leaving out ids that are not here (other stores' chunks)."""
        if not len(chunk_ids) or not len(self.ids):
            return np.zeros(0, dtype=np.int64)
        ordered = self.ids[self.id_order]
        at = np.minimum(np.searchsorted(ordered, chunk_ids), len(ordered) - 1)
        return self.id_order[at[ordered[at] == chunk_ids]]


@dataclass
class _StoreMatrix:
    """One vector store's chunks in memory, ordered by (file_id, chunk_index) so ties break the same way."""

    version: int  # retrieval_versions' version when read
    rows: _Rows
    file_ids: list[str]
    file_codes: np.ndarray  # index into file_ids, one per chunk
    chunk_indexes: np.ndarray
    files: dict[str, tuple[str, dict[str, Any]]]  # file_id -> (filename, attributes)


class RetrievalIndex:
    """Chunks per (vector_store_id, file_id), searchable the way file_search searches them.

    Takes a database path or an open sqlite3 connection (its tables are prefixed `retrieval_`).
    Safe to share between threads: one lock serialises use of the connection.
    """

    def __init__(self, database: str | Path | sqlite3.Connection, embedder: Embedder | None = None):
        if isinstance(database, sqlite3.Connection):
            self._conn, self._owns_connection = database, False
        else:
            self._conn, self._owns_connection = sqlite3.connect(str(database), check_same_thread=False), True
        self._embedder = embedder or WordLlamaEmbedder()
        one_blas_thread()
        self._lock = threading.RLock()
        self._cache: dict[str, _StoreMatrix] = {}
        self._combined: dict[tuple, _Rows] = {}  # (store, version) pairs -> their chunks side by side
        with self._lock:
            # One statement at a time: executescript would first commit a caller's open transaction.
            for statement in _SCHEMA:
                self._conn.execute(statement)
            if self._owns_connection:
                self._conn.commit()

    def close(self) -> None:
        if self._owns_connection:
            self._conn.close()

    # -------------------------------------------------------- writes

    def _write(self, statements, stores: str | None = None, where: tuple[str, tuple] | None = None) -> None:
        """Run `statements(cursor)` atomically, whether or not the connection autocommits, and raise the
        version of the stores it changes: `stores`, or those with files matching `where` (before the write)."""
        with self._lock:
            self._conn.execute("SAVEPOINT retrieval_write")
            try:
                if stores is not None:
                    changed = [stores]
                else:
                    sql, params = where
                    changed = [r[0] for r in self._conn.execute(f"SELECT DISTINCT vector_store_id FROM retrieval_files WHERE {sql}", params)]
                self._conn.executemany(
                    "INSERT INTO retrieval_versions (vector_store_id, version) VALUES (?, 1)"
                    " ON CONFLICT (vector_store_id) DO UPDATE SET version = version + 1",
                    [(vs,) for vs in changed],
                )
                for vs in changed:
                    self._cache.pop(vs, None)
                    for key in [key for key in self._combined if any(store == vs for store, _ in key)]:
                        del self._combined[key]
                statements(self._conn)
            except BaseException:
                self._conn.execute("ROLLBACK TO retrieval_write")
                self._conn.execute("RELEASE retrieval_write")
                raise
            self._conn.execute("RELEASE retrieval_write")
            if self._conn.in_transaction and self._owns_connection:
                self._conn.commit()

    def add_file(
        self,
        vector_store_id: str,
        file_id: str,
        filename: str,
        chunks: Sequence[Chunk | str],
        attributes: Mapping[str, Any] | None = None,
    ) -> int:
        """Index a file's chunks in a store, replacing any it had there; returns how many."""
        texts = [c.text if isinstance(c, Chunk) else c for c in chunks]
        counts = [c.token_count if isinstance(c, Chunk) else None for c in chunks]
        if any(n is None for n in counts):
            from simulator.retrieval.chunking import count_tokens

            counts = [n if n is not None else count_tokens(t) for n, t in zip(counts, texts, strict=True)]
        vectors = self._embedder.embed(texts).astype(np.float32) if texts else np.zeros((0, 0), np.float32)
        attributes_json = json.dumps(dict(attributes or {}), sort_keys=True, ensure_ascii=False)

        def statements(conn: sqlite3.Connection) -> None:
            conn.execute(
                "DELETE FROM retrieval_chunks WHERE vector_store_id = ? AND file_id = ?", (vector_store_id, file_id)
            )
            conn.execute(
                "INSERT OR REPLACE INTO retrieval_files (vector_store_id, file_id, filename, attributes)"
                " VALUES (?, ?, ?, ?)",
                (vector_store_id, file_id, filename, attributes_json),
            )
            conn.executemany(
                "INSERT INTO retrieval_chunks (vector_store_id, file_id, chunk_index, text, token_count, embedding)"
                " VALUES (?, ?, ?, ?, ?, ?)",
                [
                    (vector_store_id, file_id, i, text, count, vectors[i].tobytes())
                    for i, (text, count) in enumerate(zip(texts, counts, strict=True))
                ],
            )

        self._write(statements, vector_store_id)
        return len(texts)

    def index_file(
        self,
        vector_store_id: str,
        file_id: str,
        filename: str,
        data: bytes,
        chunking_strategy: ChunkingStrategy = AUTO_CHUNKING,
        attributes: Mapping[str, Any] | None = None,
    ) -> list[Chunk]:
        """Extract, chunk and index a file's bytes; raises FileContentError as the API would report it."""
        chunks = chunk_text(extract_text(filename, data), chunking_strategy)
        self.add_file(vector_store_id, file_id, filename, chunks, attributes)
        return chunks

    def set_attributes(self, vector_store_id: str, file_id: str, attributes: Mapping[str, Any] | None) -> None:
        attributes_json = json.dumps(dict(attributes or {}), sort_keys=True, ensure_ascii=False)
        self._write(
            lambda conn: conn.execute(
                "UPDATE retrieval_files SET attributes = ? WHERE vector_store_id = ? AND file_id = ?",
                (attributes_json, vector_store_id, file_id),
            ),
            vector_store_id,
        )

    def remove_file(self, vector_store_id: str, file_id: str) -> None:
        """Drop a file from one store (the vector store file was deleted)."""
        self._write(lambda conn: self._delete(conn, "vector_store_id = ? AND file_id = ?", (vector_store_id, file_id)), vector_store_id)

    def remove_file_everywhere(self, file_id: str) -> None:
        """Drop a file from every store (the File object itself was deleted)."""
        self._write(lambda conn: self._delete(conn, "file_id = ?", (file_id,)), where=("file_id = ?", (file_id,)))

    def remove_vector_store(self, vector_store_id: str) -> None:
        self._write(lambda conn: self._delete(conn, "vector_store_id = ?", (vector_store_id,)), vector_store_id)

    @staticmethod
    def _delete(conn: sqlite3.Connection, where: str, params: tuple) -> None:
        conn.execute(f"DELETE FROM retrieval_chunks WHERE {where}", params)
        conn.execute(f"DELETE FROM retrieval_files WHERE {where}", params)

    # -------------------------------------------------------- reads

    def chunk_count(self, vector_store_id: str, file_id: str | None = None) -> int:
        with self._lock:
            if file_id is None:
                sql, params = "vector_store_id = ?", (vector_store_id,)
            else:
                sql, params = "vector_store_id = ? AND file_id = ?", (vector_store_id, file_id)
            return self._conn.execute(f"SELECT count(*) FROM retrieval_chunks WHERE {sql}", params).fetchone()[0]

    def usage_bytes(self, vector_store_id: str, file_id: str | None = None) -> int:
        """Bytes of chunk text and embeddings held, the way a vector store reports `usage_bytes`."""
        with self._lock:
            sql = "SELECT coalesce(sum(length(CAST(text AS BLOB)) + length(embedding)), 0) FROM retrieval_chunks"
            if file_id is None:
                return self._conn.execute(f"{sql} WHERE vector_store_id = ?", (vector_store_id,)).fetchone()[0]
            return self._conn.execute(
                f"{sql} WHERE vector_store_id = ? AND file_id = ?", (vector_store_id, file_id)
            ).fetchone()[0]

    def _store(self, vector_store_id: str) -> _StoreMatrix:
        """A store's chunks in memory, read again only when its version changed (written here or elsewhere)."""
        row = self._conn.execute("SELECT version FROM retrieval_versions WHERE vector_store_id = ?", (vector_store_id,)).fetchone()
        version = row[0] if row else 0
        cached = self._cache.get(vector_store_id)
        if cached is not None and cached.version == version:
            return cached
        files = {
            file_id: (filename, json.loads(attributes))
            for file_id, filename, attributes in self._conn.execute(
                "SELECT file_id, filename, attributes FROM retrieval_files WHERE vector_store_id = ? ORDER BY file_id",
                (vector_store_id,),
            )
        }
        rows = self._conn.execute(
            "SELECT id, file_id, chunk_index, embedding, text FROM retrieval_chunks"
            " WHERE vector_store_id = ? ORDER BY file_id, chunk_index",
            (vector_store_id,),
        ).fetchall()
        file_ids = sorted(files)
        code_of = {file_id: i for i, file_id in enumerate(file_ids)}
        if rows:
            vectors = np.frombuffer(b"".join(r[3] for r in rows), dtype=np.float32).reshape(len(rows), -1)
        else:
            vectors = np.zeros((0, 1), dtype=np.float32)
        store = _StoreMatrix(
            version=version,
            rows=_Rows.of(np.array([r[0] for r in rows], dtype=np.int64), vectors, [r[4].casefold() for r in rows]),
            file_ids=file_ids,
            file_codes=np.array([code_of[r[1]] for r in rows], dtype=np.int64),
            chunk_indexes=np.array([r[2] for r in rows], dtype=np.int64),
            files=files,
        )
        self._cache[vector_store_id] = store
        return store

    def search(
        self,
        vector_store_ids: str | Sequence[str],
        query: str | Sequence[str],
        max_num_results: int = 10,
        filters: Mapping[str, Any] | None = None,
        ranking_options: Mapping[str, Any] | RankingOptions | None = None,
    ) -> list[SearchHit]:
        """The best chunks for `query` (or several queries) across stores, best first, scores in [0, 1].

        Stage one fuses a dense ranking (cosine of WordLlama embeddings) and a keyword ranking
        (FTS5 BM25 over trigrams, plus short terms by substring) with weighted reciprocal rank
        fusion, normalised so a chunk ranked first by both scores 1. With ranker `none` that is
        the result's score. Otherwise a re-ranker rescores the top candidates: the mean of the
        fused score and an absolute relevance (the weighted mean of cosine similarity and
        BM25 over the candidates divided by its ceiling), so a weak best match scores low and
        `score_threshold` can drop it.
        """
        if isinstance(vector_store_ids, str):
            vector_store_ids = [vector_store_ids]
        queries = [query] if isinstance(query, str) else list(query)
        if not queries or not all(isinstance(q, str) for q in queries):
            raise ValueError("query must be a string or a non-empty array of strings")
        if not _is_number(max_num_results) or int(max_num_results) != max_num_results:
            raise ValueError("max_num_results must be an integer")
        if not 1 <= max_num_results <= MAX_NUM_RESULTS:
            raise ValueError(f"max_num_results must be between 1 and {MAX_NUM_RESULTS}")
        if filters is not None:
            validate_filter(filters)
        options = RankingOptions.from_request(ranking_options)

        with self._lock:
            stores = [(vs, self._store(vs)) for vs in sorted(set(vector_store_ids))]
            best: dict[int, tuple[float, tuple]] = {}
            for text in queries:
                for chunk_id, score, key in self._search_one(stores, text, max_num_results, filters, options):
                    if chunk_id not in best or score > best[chunk_id][0]:
                        best[chunk_id] = (score, key)
            ranked = sorted(best.items(), key=lambda item: (-item[1][0], item[1][1]))
            ranked = [(cid, score) for cid, (score, _) in ranked if score >= options.score_threshold][:max_num_results]
            if not ranked:
                return []
            details = {
                row[0]: row[1:]
                for row in self._conn.execute(
                    "SELECT id, vector_store_id, file_id, chunk_index, text FROM retrieval_chunks"
                    f" WHERE id IN ({','.join('?' * len(ranked))})",
                    [cid for cid, _ in ranked],
                )
            }
            store_of = dict(stores)
        hits = []
        for chunk_id, score in ranked:
            vs, file_id, chunk_index, text = details[chunk_id]
            filename, attributes = store_of[vs].files[file_id]
            hits.append(SearchHit(vs, file_id, filename, dict(attributes), chunk_index, text, score))
        return hits

    def _search_one(self, stores, query: str, max_num_results: int, filters, options: RankingOptions):
        """(chunk id, score, tie-break key) of the candidates for one query string."""
        parts = [store for _, store in stores if len(store.rows.ids)]
        if not parts:
            return []
        if len(parts) == 1:  # the usual case: no copies
            rows = parts[0].rows
        else:  # several stores side by side, kept while none of them changes (an assistant's and a thread's)
            key = tuple((vs, store.version) for vs, store in stores if len(store.rows.ids))
            rows = self._combined.get(key)
            if rows is None:
                rows = _Rows.of(
                    np.concatenate([s.rows.ids for s in parts]),
                    np.concatenate([s.rows.vectors for s in parts]),
                    [text for s in parts for text in s.rows.folded_texts],
                )
                if len(self._combined) >= _COMBINED_KEPT:
                    self._combined.pop(next(iter(self._combined)))  # the oldest
                self._combined[key] = rows
        ids, vectors, texts = rows.ids, rows.vectors, rows.folded_texts
        allowed = np.concatenate([self._allowed_rows(s, filters) for s in parts])
        # Rows are in (store, file_id, chunk_index) order; a stable sort breaks ties by it.
        order_key = np.arange(len(ids))
        if not allowed.any():
            return []

        query_vector = self._embedder.embed([query])[0]
        cosine = vectors @ query_vector if vectors.shape[1] == query_vector.shape[0] else np.zeros(len(ids))
        cosine = np.where(allowed, cosine, -np.inf)
        dense_rank = _competition_ranks(cosine)

        terms = _query_terms(query)
        keyword = self._keyword_scores(rows, allowed, terms)
        we, wt = options.embedding_weight, options.text_weight
        fused = np.where(allowed, we / (RRF_K + dense_rank), 0.0)
        if keyword is not None:
            # Ranked among the chunks that hold a term: every other one is below them all.
            holding = np.flatnonzero(keyword > 0)
            fused[holding] += wt / (RRF_K + _competition_ranks(keyword[holding]))
        fused /= (we + wt) / (RRF_K + 1)  # 1.0 for a chunk ranked first by both
        fused = np.round(np.where(allowed, fused, -1.0), 9)

        pool_size = min(int(allowed.sum()), max(RERANK_POOL, max_num_results))
        pool = _best(fused, pool_size)
        if options.ranker == "none":
            scores = fused[pool]
        else:
            relevance = self._rerank([texts[i] for i in pool], np.maximum(cosine[pool], 0.0), terms, we, wt)
            # Half the fused rank, half absolute relevance: either alone misjudges cross-language queries.
            scores = (fused[pool] + relevance) / 2
        return [
            (int(ids[i]), float(min(1.0, max(0.0, round(float(s), 6)))), (int(order_key[i]),))
            for i, s in zip(pool, scores, strict=True)
        ]

    @staticmethod
    def _allowed_rows(store: _StoreMatrix, filters) -> np.ndarray:
        if filters is None:
            return np.ones(len(store.rows.ids), dtype=bool)
        file_ok = np.array([matches_filter(filters, store.files[f][1]) for f in store.file_ids], dtype=bool)
        return file_ok[store.file_codes] if len(file_ok) else np.zeros(len(store.rows.ids), dtype=bool)

    def _keyword_scores(self, rows: _Rows, allowed: np.ndarray, terms: _QueryTerms):
        """BM25 for the phrases, plus an IDF per short term a chunk contains; None if no terms.

        The texts read are those FTS5 says hold a term: for a phrase, the chunks that match it; for a short
        term, those holding a trigram it begins, plus those ending with it (no trigram covers a text's last
        two characters). A short term in most chunks is looked for in every text instead, which costs less
        than reading its chunks from FTS5; a phrase in most chunks counts once in each. Scored by BM25 with
        this search's own statistics, not FTS5's, which count every store in the database: a store ranks the
        same whatever else is stored.
        """
        if not terms.phrases and not terms.short:
            return None
        texts = rows.folded_texts
        total = len(texts)
        scores = np.zeros(total)
        everywhere = total * _SCAN_SHARE  # more candidates than this: look in every text
        if terms.phrases:
            k1, b = 1.2, 0.75
            mean_length = max(rows.lengths.mean(), 1.0)
            for phrase in terms.phrases:
                found = rows.rows_of(self._fts_rowids(_fts_query([phrase])))
                if len(found) > everywhere:
                    # A phrase in most chunks: its IDF is under log 2, and counting it in each of them cost
                    # more than the rest of the search (100 ms at 100,000 chunks). It counts once a chunk.
                    tf = np.ones(len(found))
                else:
                    tf = np.fromiter(map(methodcaller("count", phrase), _pick(texts, found)), dtype=float, count=len(found))
                    found, tf = found[tf > 0], tf[tf > 0]
                if not len(found):
                    continue
                idf = math.log(1 + (total - len(found) + 0.5) / (len(found) + 0.5))
                length_norm = 1 - b + b * rows.lengths[found] / mean_length
                scores[found] += idf * tf * (k1 + 1) / (tf + k1 * length_norm)
        for term in terms.short:
            # Trigram FTS cannot match under 3 characters: the trigrams that begin with the term find the
            # chunks that hold it anywhere but in their last two characters; the tails find the rest.
            found = None
            if len(term) == 2:
                beginning = self._conn.execute(
                    "SELECT term, doc FROM retrieval_chunks_vocab WHERE term >= ? AND term < ?", (term, term + "\U0010ffff")
                ).fetchall()
                if sum(doc for _, doc in beginning) <= everywhere:
                    candidates = set(rows.tails.get(term, ()))
                    if beginning:
                        candidates.update(rows.rows_of(self._fts_rowids(_fts_query(t for t, _ in beginning))).tolist())
                    found = [i for i in candidates if term in texts[i]]
            if found is None:  # one character, or a term in most chunks
                found = [i for i, text in enumerate(texts) if term in text]
            if found:
                # BM25's IDF, so a short term weighs like a phrase of the same rarity.
                scores[found] += math.log(1 + (total - len(found) + 0.5) / (len(found) + 0.5))
        return np.where(allowed, scores, 0.0)

    def _fts_rowids(self, match: str) -> np.ndarray:
        """The chunk ids FTS5 matches, in every store (no join on the store: SQLite would then run the MATCH
        once per chunk row; the caller keeps its own)."""
        # One string of ids costs less to fetch than a row each.
        found = self._conn.execute("SELECT group_concat(rowid) FROM retrieval_chunks_fts WHERE retrieval_chunks_fts MATCH ?", (match,)).fetchone()[0]
        return np.array(found.split(","), dtype=np.int64) if found else np.zeros(0, dtype=np.int64)

    @staticmethod
    def _rerank(pool_texts: list[str], cosine: np.ndarray, terms: _QueryTerms, we: float, wt: float):
        """Absolute relevance of each candidate: weighted mean of cosine and normalised BM25 of the query terms."""
        coverage = np.zeros(len(pool_texts))
        if terms.coverage:
            # BM25 over the pool, divided by its ceiling (k1 + 1) * sum(idf): in [0, 1) whatever the query.
            k1, b = 1.2, 0.75
            tf = np.array([[text.count(term) for term in terms.coverage] for text in pool_texts], dtype=float)
            lengths = np.array([len(text) for text in pool_texts], dtype=float)
            length_norm = (1 - b + b * lengths / max(lengths.mean(), 1.0))[:, None]
            df = (tf > 0).sum(axis=0)
            n = len(pool_texts)
            idf = np.log(1 + (n - df + 0.5) / (df + 0.5))
            saturated = tf * (k1 + 1) / (tf + k1 * length_norm)
            coverage = saturated @ idf / ((k1 + 1) * idf.sum())
        return (we * cosine + wt * coverage) / (we + wt)
