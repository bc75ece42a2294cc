"""The Responses API against the bare-ASGI floor: a text round trip and the first streamed delta.

    python -m bench.responses [--repeats 5] [--samples 20]

Served the way bench/run.py serves its latency runs (a simulator subprocess and bench/floor_app.py under
uvicorn, loopback, the same SDK client): `responses.create` of a scripted text reply, and the time from
`responses.stream(...)` to its first `response.output_text.delta`, each as a ratio to a bare round trip.
Medians of several runs with their spread; nothing here is a pass/fail test.
"""

from __future__ import annotations

import argparse
import tempfile
import time
from pathlib import Path

from bench.floor_app import against_floor, first_piece, floor_server, report_against_floor
from simulator.launch import SimulatorProcess


def bench_responses(repeats: int, samples: int, workdir: Path) -> dict:
    from openai import OpenAI

    with floor_server() as floor_client, SimulatorProcess(workdir / "responses.db") as simulator:
        client = OpenAI(base_url=simulator.base_url, api_key="sk-bench")
        config = {"model": "gpt-4o", "instructions": "你叫小U。"}
        client.responses.create(**config, input="你好")  # warm up: the first request loads the model and the spec

        def trip() -> None:
            response = client.responses.create(**config, input="你是谁?")
            assert response.status == "completed", response.status

        def first() -> float:
            started = time.perf_counter()
            with client.responses.stream(**config, input="你都能做什么?") as stream:
                return first_piece(started, stream, lambda event: event.type == "response.output_text.delta")

        return against_floor(floor_client, repeats, samples, trip, first)


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeats", type=int, default=5)
    parser.add_argument("--samples", type=int, default=20)
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="bench-responses-") as workdir:
        result = bench_responses(args.repeats, args.samples, Path(workdir))
    report_against_floor(result, "responses.create, text", "responses.stream, first delta", "")


if __name__ == "__main__":
    main()
