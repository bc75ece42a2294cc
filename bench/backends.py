"""Model backends bench: what the simulator adds to a real model's time to first token, and the local model's speed.

    python -m bench.backends [--repeats 20] [--first-token 0.2]

1. Time to the first streamed text delta of a run through the simulator (--model-backend openai-compatible)
   vs the same fake Chat Completions backend (tests/support/fake_chat.py) streamed directly, same client,
   same loopback. The fake waits --first-token seconds before its first token, as a real model does; the
   ratio is the simulator's overhead on top of it (target: at most 1.3x).
2. Tokens per second of the embedded tiny model (SmolLM2-135M on llama.cpp, through xllamacpp) when it is installed.
Medians with their spread; nothing here is a pass/fail test.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import statistics
import tempfile
import time
import warnings
from pathlib import Path

import httpx2 as httpx

from simulator.launch import SimulatorProcess
from tests.support.fake_chat import Text, fake_chat

warnings.filterwarnings("ignore", category=DeprecationWarning)
HEADERS = {"Authorization": "Bearer sk-bench", "OpenAI-Beta": "assistants=v2"}
PIECES = ["Hello", " from", " a", " streamed", " backend", "."]


def first_delta_direct(http: httpx.Client, base_url: str) -> float:
    body = {"model": "fake", "messages": [{"role": "user", "content": "Hello?"}], "stream": True, "stream_options": {"include_usage": True}}
    started, elapsed = time.perf_counter(), None
    with http.stream("POST", f"{base_url}/chat/completions", json=body) as response:
        for line in response.iter_lines():  # to the end, as the simulator reads it
            if elapsed is None and line.startswith("data:") and line[5:].strip() != "[DONE]":
                choices = json.loads(line[5:]).get("choices") or [{}]
                if (choices[0].get("delta") or {}).get("content"):
                    elapsed = time.perf_counter() - started
    if elapsed is None:
        raise RuntimeError("the fake backend sent no text")
    return elapsed


def first_delta_simulated(http: httpx.Client, base_url: str, assistant_id: str) -> float:
    thread = http.post(f"{base_url}/threads", json={"messages": [{"role": "user", "content": "Hello?"}]}).json()
    started, elapsed = time.perf_counter(), None
    with http.stream("POST", f"{base_url}/threads/{thread['id']}/runs", json={"assistant_id": assistant_id, "stream": True}) as response:
        for line in response.iter_lines():  # to the end, so the run finishes before the next one starts
            if elapsed is None and line == "event: thread.message.delta":
                elapsed = time.perf_counter() - started
    if elapsed is None:
        raise RuntimeError("the simulator streamed no text")
    return elapsed


def bench_first_delta(repeats: int, first_token: float) -> None:
    with fake_chat() as fake, tempfile.TemporaryDirectory() as workdir:
        fake.default = Text(PIECES, first_token_delay=first_token)
        args = ("--model-backend", "openai-compatible", "--model-base-url", fake.base_url)
        with SimulatorProcess(Path(workdir) / "bench.db", args=args) as simulator, httpx.Client(headers=HEADERS, timeout=60) as http:
            assistant = http.post(f"{simulator.base_url}/assistants", json={"model": "fake"}).json()
            first_delta_direct(http, fake.base_url), first_delta_simulated(http, simulator.base_url, assistant["id"])  # warm up
            direct, simulated = [], []
            for _ in range(repeats):
                direct.append(first_delta_direct(http, fake.base_url))
                simulated.append(first_delta_simulated(http, simulator.base_url, assistant["id"]))
    d, s = statistics.median(direct), statistics.median(simulated)
    print(f"time to first text delta (backend's own first-token time {first_token * 1000:.0f} ms, {repeats} runs):")
    print(f"  backend called directly  {d * 1000:7.1f} ms  (min {min(direct) * 1000:.1f}, max {max(direct) * 1000:.1f})")
    print(f"  through the simulator    {s * 1000:7.1f} ms  (min {min(simulated) * 1000:.1f}, max {max(simulated) * 1000:.1f})")
    print(f"  ratio {s / d:.2f}x (target <= 1.3x); the simulator adds {(s - d) * 1000:.1f} ms")


def bench_local(tokens: int = 128) -> None:
    from simulator.model import ModelUnavailable
    from simulator.model.local import LocalModel, check_installed, model_path

    try:
        check_installed()
    except ModelUnavailable as error:
        print(f"local model: not measured ({error})")
        return
    from simulator.model import TextDelta, Turn

    started = time.perf_counter()
    model = LocalModel(model_path())
    loaded = time.perf_counter() - started
    turn = Turn("You are a helpful assistant.", [{"role": "user", "text": "Write a short story about a robot who learns to paint.", "attachments": []}], [], temperature=0.7, max_completion_tokens=tokens)

    async def generate() -> tuple[int, float, float]:
        count, first, begun = 0, None, time.perf_counter()
        async for item in model.stream(turn):
            if isinstance(item, TextDelta):
                count += 1
                first = first or time.perf_counter() - begun
        return count, first or 0.0, time.perf_counter() - begun

    count, first, total = asyncio.run(generate())
    rate = (count - 1) / max(total - first, 1e-9) if count > 1 else 0.0
    print(f"local model (SmolLM2-135M-Instruct Q4_1, CPU): loaded in {loaded:.1f} s; first token {first * 1000:.0f} ms; {count} tokens, {rate:.1f} tokens/s")


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="python -m bench.backends", description=__doc__.splitlines()[0])
    parser.add_argument("--repeats", type=int, default=20)
    parser.add_argument("--first-token", type=float, default=0.2, help="seconds the fake backend waits before its first token")
    parser.add_argument("--skip-local", action="store_true")
    args = parser.parse_args(argv)
    bench_first_delta(args.repeats, args.first_token)
    if not args.skip_local:
        bench_local()


if __name__ == "__main__":
    main()
