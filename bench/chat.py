"""Chat Completions against the bare-ASGI floor: a round trip and the first streamed chunk with content.

    python -m bench.chat [--repeats 5] [--samples 20]

Served as bench/responses.py serves its runs (a simulator subprocess and bench/floor_app.py under uvicorn,
loopback, the same SDK client): `chat.completions.create` of a scripted text reply, and the time from
`chat.completions.create(stream=True)` to its first chunk with content, each as a ratio to a bare round trip.
Medians of several runs with their spread; nothing here is a pass/fail test.
"""

from __future__ import annotations

import argparse
import tempfile
import time
from pathlib import Path

from bench.floor_app import against_floor, first_piece, floor_server, report_against_floor
from simulator.launch import SimulatorProcess

MESSAGES = [{"role": "system", "content": "你叫小U。"}, {"role": "user", "content": "你是谁?"}]


def bench_chat(repeats: int, samples: int, workdir: Path) -> dict:
    from openai import OpenAI

    with floor_server() as floor_client, SimulatorProcess(workdir / "chat.db") as simulator:
        client = OpenAI(base_url=simulator.base_url, api_key="sk-bench")
        client.chat.completions.create(model="gpt-4o", messages=MESSAGES)  # warm up: the first request loads the model and the spec

        def trip() -> None:
            completion = client.chat.completions.create(model="gpt-4o", messages=MESSAGES)
            assert completion.choices[0].finish_reason == "stop", completion.choices[0].finish_reason

        def first() -> float:
            started = time.perf_counter()
            return first_piece(started, client.chat.completions.create(model="gpt-4o", messages=MESSAGES, stream=True), lambda chunk: chunk.choices and chunk.choices[0].delta.content)

        return against_floor(floor_client, repeats, samples, trip, first)


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeats", type=int, default=5)
    parser.add_argument("--samples", type=int, default=20)
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="bench-chat-") as workdir:
        result = bench_chat(args.repeats, args.samples, Path(workdir))
    report_against_floor(result, "chat.completions.create, text", "chat.completions stream, first content", "target <= 2.5x")


if __name__ == "__main__":
    main()
