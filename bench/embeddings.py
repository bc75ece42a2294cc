"""Embeddings throughput: inputs a second through /v1/embeddings (batches of 100) against the local model called directly.

    python -m bench.embeddings [--repeats 5] [--batches 10]

Served the way bench/responses.py serves (a simulator subprocess, loopback, the SDK client): `embeddings.create` of
100 distinct sentences a call, float and base64 (the SDK's default), against the floor of the same 100 sentences
embedded by WordLlama in this process (no HTTP, no tokenizer, no JSON). Medians of several runs with their spread;
nothing here is a pass/fail test.
"""

from __future__ import annotations

import argparse
import tempfile
import time
from pathlib import Path

from bench.run import median_spread
from simulator.launch import SimulatorProcess

BATCH = 100


def sentences(round_: int) -> list[str]:
    return [f"Sentence {round_}-{i}: the learner asks how vector stores chunk and rank file number {i * 7 + round_}." for i in range(BATCH)]


def bench_embeddings(repeats: int, batches: int, workdir: Path) -> dict:
    from openai import OpenAI

    from simulator.retrieval.embeddings import embed

    embed(sentences(-1))  # warm up the model here too
    with SimulatorProcess(workdir / "embeddings.db") as simulator:
        client = OpenAI(base_url=simulator.base_url, api_key="sk-bench")
        client.embeddings.create(model="text-embedding-3-small", input=sentences(-1))  # warm up: the first call loads the model
        floors, floats, base64s = [], [], []
        for repeat in range(repeats):
            for kind, times in (("floor", floors), ("float", floats), ("base64", base64s)):
                started = time.perf_counter()
                for b in range(batches):
                    texts = sentences(repeat * batches + b)
                    if kind == "floor":
                        embed(texts)
                    else:
                        result = client.embeddings.create(model="text-embedding-3-small", input=texts, encoding_format=kind)
                        assert len(result.data) == BATCH
                times.append(BATCH * batches / (time.perf_counter() - started))
    return {
        "floor": median_spread(floors),
        "float": median_spread(floats),
        "base64": median_spread(base64s),
        "float_share": median_spread([f / m for f, m in zip(floats, floors, strict=True)]),
        "base64_share": median_spread([b / m for b, m in zip(base64s, floors, strict=True)]),
    }


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeats", type=int, default=5)
    parser.add_argument("--batches", type=int, default=10)
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="bench-embeddings-") as workdir:
        result = bench_embeddings(args.repeats, args.batches, Path(workdir))
    rate = lambda triple: f"{triple[0]:,.0f} inputs/s (min {triple[1]:,.0f}, max {triple[2]:,.0f})"  # noqa: E731
    share = lambda triple: f"{triple[0]:.0%} of the floor (min {triple[1]:.0%}, max {triple[2]:.0%})"  # noqa: E731
    print(f"floor (WordLlama in process, batch {BATCH})   {rate(result['floor'])}")
    print(f"embeddings.create, float            {rate(result['float'])}   {share(result['float_share'])}")
    print(f"embeddings.create, base64 (SDK default) {rate(result['base64'])}   {share(result['base64_share'])}")


if __name__ == "__main__":
    main()
