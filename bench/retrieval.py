"""Retrieval bench: hybrid search against SQLite FTS5 alone (the floor) at 10,000 chunks, and the UAP question set's hit rates.

    python -m bench.retrieval [--chunks 10000] [--queries 100]

1. Indexing: chunks/s of RetrievalIndex.add_file (embedding, rows, trigram FTS) vs rows and FTS only; add_file
   gets its chunks counted, as from chunk_text, and the counting is timed on its own.
2. Search: p50/p99 latency of hybrid search (ranker auto and none) vs one FTS5 bm25 query.
3. Quality: hit@1 and hit@3 of data/uap_docs/ over data/uap_questions.json.
Nothing here is a pass/fail test; the quality floor is asserted in tests/simulator/test_retrieval.py.
"""

from __future__ import annotations

import argparse
import json
import random
import sqlite3
import statistics
import time
from pathlib import Path

from simulator.retrieval import RetrievalIndex, WordLlamaEmbedder, extract_text
from simulator.retrieval.chunking import Chunk, count_tokens
from simulator.retrieval.index import _fts_query, _query_terms

ROOT = Path(__file__).resolve().parents[1]
DOCS = ROOT / "data" / "uap_docs"
QUESTIONS = json.loads((ROOT / "data" / "uap_questions.json").read_text(encoding="utf-8"))["questions"]
FILES = 100  # the synthetic chunks are spread over this many files


def synthetic_chunks(count: int) -> list[str]:
    """Chunks of ~80 words drawn from the UAP documents' own lines, so queries hit and miss realistically."""
    lines = [
        line.strip()
        for path in sorted(DOCS.iterdir())
        for line in extract_text(path.name, path.read_bytes()).splitlines()
        if len(line.strip()) > 20
    ]
    rng = random.Random(0)
    return [" ".join(rng.sample(lines, 6)) + f" (section {n})" for n in range(count)]


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(share * len(ordered)))]


class TimedEmbedder:
    """An embedder that adds up the seconds it spends, so indexing can say how much of it is embedding."""

    def __init__(self, inner: WordLlamaEmbedder) -> None:
        self.inner, self.name, self.seconds = inner, inner.name, 0.0

    def embed(self, texts):
        started = time.perf_counter()
        try:
            return self.inner.embed(texts)
        finally:
            self.seconds += time.perf_counter() - started


def bench_indexing(chunks: list[str]) -> tuple[RetrievalIndex, float, float, dict[str, float]]:
    """Chunks/s of add_file and of the floor, and what indexing spent: (index, hybrid, floor, detail).

    add_file is given chunks with their token counts, as index_file gives it what chunk_text made: counting
    cl100k tokens is chunking's work, timed here on its own (detail["counting_rate"]), before the clock starts.
    detail["embedding_share"]: the share of add_file's time spent embedding (WordLlama's tokenizer and pooling).
    """
    per_file = len(chunks) // FILES
    started = time.perf_counter()
    counted = [Chunk(text, count_tokens(text), 0) for text in chunks]
    counting_rate = len(chunks) / (time.perf_counter() - started)
    embedder = TimedEmbedder(WordLlamaEmbedder())
    embedder.inner.embed(["load the weights before the clock starts"])
    index = RetrievalIndex(":memory:", embedder=embedder)
    started = time.perf_counter()
    for n in range(FILES):
        index.add_file("vs_bench", f"file-{n:03d}", f"doc-{n:03d}.md", counted[n * per_file : (n + 1) * per_file], {"n": n})
    spent = time.perf_counter() - started
    hybrid = len(chunks) / spent

    # Floor: the same rows and trigram index without embeddings.
    floor_db = sqlite3.connect(":memory:")
    floor_db.execute("CREATE TABLE c (id INTEGER PRIMARY KEY, text TEXT)")
    floor_db.execute("CREATE VIRTUAL TABLE f USING fts5(text, content='c', content_rowid='id', tokenize='trigram')")
    floor_db.execute("CREATE TRIGGER ci AFTER INSERT ON c BEGIN INSERT INTO f(rowid, text) VALUES (new.id, new.text); END")
    started = time.perf_counter()
    for n in range(FILES):
        with floor_db:
            floor_db.executemany("INSERT INTO c (text) VALUES (?)", [(t,) for t in chunks[n * per_file : (n + 1) * per_file]])
    floor = len(chunks) / (time.perf_counter() - started)
    floor_db.close()
    return index, hybrid, floor, {"counting_rate": counting_rate, "embedding_share": embedder.seconds / spent}


def bench_search(index: RetrievalIndex, queries: list[str]) -> dict[str, list[float]]:
    timings: dict[str, list[float]] = {"auto": [], "none": [], "fts5": []}
    index.search("vs_bench", "warm up the matrix cache")
    for query in queries:
        for ranker in ("auto", "none"):
            started = time.perf_counter()
            index.search("vs_bench", query, max_num_results=10, ranking_options={"ranker": ranker})
            timings[ranker].append(time.perf_counter() - started)
        # Floor: one FTS5 bm25 query over the same index with the same terms.
        match = _fts_query(_query_terms(query).phrases) or '"uap"'
        started = time.perf_counter()
        index._conn.execute(
            "SELECT rowid, bm25(retrieval_chunks_fts) FROM retrieval_chunks_fts WHERE retrieval_chunks_fts MATCH ?"
            " ORDER BY bm25(retrieval_chunks_fts) LIMIT 10",
            (match,),
        ).fetchall()
        timings["fts5"].append(time.perf_counter() - started)
    return timings


def question_hit_rates() -> tuple[int, int, int]:
    index = RetrievalIndex(":memory:")
    for n, path in enumerate(sorted(DOCS.iterdir())):
        index.index_file("vs_uap", f"file-{n}", path.name, path.read_bytes())
    at_1 = at_3 = 0
    for question in QUESTIONS:
        names = [hit.filename for hit in index.search("vs_uap", question["question"], max_num_results=3)]
        at_1 += names[:1] == [question["file"]]
        at_3 += question["file"] in names
    return at_1, at_3, len(QUESTIONS)


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--chunks", type=int, default=10_000)
    parser.add_argument("--queries", type=int, default=100)
    args = parser.parse_args(argv)

    started = time.perf_counter()
    chunks = synthetic_chunks(args.chunks)
    index, hybrid_rate, floor_rate, detail = bench_indexing(chunks)
    print(f"indexing {len(chunks)} chunks: hybrid {hybrid_rate:,.0f} chunks/s, FTS5 only {floor_rate:,.0f} chunks/s"
          f" (hybrid takes {floor_rate / hybrid_rate:.1f}x the floor's time; {detail['embedding_share']:.0%} of it embedding)")
    print(f"chunking's token counts (cl100k, before indexing): {detail['counting_rate']:,.0f} chunks/s")

    questions = [q["question"] for q in QUESTIONS]
    queries = [questions[n % len(questions)] for n in range(args.queries)]
    timings = bench_search(index, queries)
    floor_p50 = statistics.median(timings["fts5"])
    for name in ("fts5", "none", "auto"):
        p50, p99 = statistics.median(timings[name]), percentile(timings[name], 0.99)
        label = {"fts5": "FTS5 alone (floor)", "none": "hybrid, ranker none", "auto": "hybrid, ranker auto"}[name]
        print(f"search {label:22s} p50 {p50 * 1000:7.2f} ms  p99 {p99 * 1000:7.2f} ms  ({p50 / floor_p50:.1f}x floor p50)")

    at_1, at_3, total = question_hit_rates()
    print(f"UAP questions: hit@1 {at_1}/{total} ({at_1 / total:.0%}), hit@3 {at_3}/{total} ({at_3 / total:.0%})")
    print(f"bench took {time.perf_counter() - started:.1f} s")
    index.close()


if __name__ == "__main__":
    main()
