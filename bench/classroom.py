"""A classroom against one simulator: many learners at once, and one learner's code beside a runaway neighbour.

    python -m bench.classroom [--learners 100] [--repeats 3] [--samples 5]

1. Load: N concurrent learners, each with a key of their own (classroom mode, --isolate-keys), each
   creates a thread, adds a message and streams a scripted run, over bare HTTP/1.1 connections (the SDK's,
   or httpx's, own CPU per request would make the load generator the bottleneck on a 2-core machine, not
   the server). p50 and p99 per learner.
2. Fairness: a learner's small code run (the scripted model's "用代码计算 2**100") when the sandboxes are
   idle, and again while another key keeps them busy with runaway code (three runs of a sum that takes far
   longer than the time limit). The ratio says whether the neighbour could starve the learner.

The simulator runs in its own process; this process is the load generator. Medians of the repeats with
their spread; nothing here is a pass/fail test.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import platform
import statistics
import tempfile
import time
import warnings
from pathlib import Path

from bench.run import fmt, median_spread, process_cpu_seconds
from simulator.launch import SimulatorProcess

warnings.filterwarnings("ignore", category=DeprecationWarning)

SMALL_CODE = "用代码计算 2**100"
RUNAWAY_CODE = "用代码计算 1 到 1000000000 的整数之和"  # sum(range(...)): many times the time limit
TIME_LIMIT = 20


# -- 1. load -------------------------------------------------------------------------------------


class Connection:
    """A bare HTTP/1.1 keep-alive connection: the load generator must cost far less CPU than the server it
    measures (the SDK, or even httpx, spends more per request than the simulator does on this machine)."""

    def __init__(self, host: str, port: int, key: str) -> None:
        self.host, self.port, self.key = host, port, key
        self.reader: asyncio.StreamReader | None = None
        self.writer: asyncio.StreamWriter | None = None

    async def request(self, method: str, path: str, body: dict | None = None) -> bytes:
        if self.writer is None:
            self.reader, self.writer = await asyncio.open_connection(self.host, self.port)
        data = json.dumps(body or {}).encode()
        self.writer.write(
            f"{method} {path} HTTP/1.1\r\nHost: {self.host}\r\nAuthorization: Bearer {self.key}\r\nOpenAI-Beta: assistants=v2\r\n"
            f"Content-Type: application/json\r\nContent-Length: {len(data)}\r\n\r\n".encode()
            + data
        )
        head = await self.reader.readuntil(b"\r\n\r\n")
        status = int(head.split(b" ", 2)[1])
        headers = head.lower()
        if b"transfer-encoding: chunked" in headers:
            parts = []
            while True:
                size = int((await self.reader.readuntil(b"\r\n")).strip(), 16)
                chunk = await self.reader.readexactly(size + 2)
                if size == 0:
                    break
                parts.append(chunk[:-2])
            payload = b"".join(parts)
        else:
            length = int(headers.split(b"content-length:", 1)[1].split(b"\r\n", 1)[0])
            payload = await self.reader.readexactly(length)
        if status != 200:
            raise RuntimeError(f"{method} {path}: {status} {payload[:200]!r}")
        return payload

    async def close(self) -> None:
        if self.writer is not None:
            self.writer.close()


async def one_learner(connection: Connection, assistant_id: str, index: int) -> float:
    """What a learner's notebook does: a thread, a message, a streamed run."""
    started = time.perf_counter()
    thread = json.loads(await connection.request("POST", "/v1/threads", {"metadata": {"learner": str(index)}}))
    await connection.request("POST", f"/v1/threads/{thread['id']}/messages", {"role": "user", "content": "你是谁?"})
    events = await connection.request("POST", f"/v1/threads/{thread['id']}/runs", {"assistant_id": assistant_id, "stream": True})
    if b"event: thread.run.completed" not in events:
        raise RuntimeError("the run did not complete")
    return time.perf_counter() - started


async def load(base_url: str, learners: int) -> tuple[list[float], int]:
    """Every learner's connection and assistant first, then all learners at once, each with a key of their own."""
    from urllib.parse import urlsplit

    where = urlsplit(base_url)
    connections = [Connection(where.hostname, where.port, f"sk-learner-{i}") for i in range(learners)]
    try:
        made = await asyncio.gather(*(c.request("POST", "/v1/assistants", {"model": "gpt-4o", "instructions": "你叫小U。"}) for c in connections))
        assistants = [json.loads(m)["id"] for m in made]
        results = await asyncio.gather(*(one_learner(c, a, i) for i, (c, a) in enumerate(zip(connections, assistants, strict=True))), return_exceptions=True)
    finally:
        await asyncio.gather(*(c.close() for c in connections))
    times = [r for r in results if isinstance(r, float)]
    return times, len(results) - len(times)


def percentile(ordered: list[float], q: float) -> float:
    return ordered[min(len(ordered) - 1, int(round(q * (len(ordered) - 1))))]


# -- 2. fairness -----------------------------------------------------------------------------------


def code_run_seconds(client, assistant_id: str) -> float:
    started = time.perf_counter()
    run = client.beta.threads.create_and_run_poll(assistant_id=assistant_id, thread={"messages": [{"role": "user", "content": SMALL_CODE}]}, poll_interval_ms=20)
    if run.status != "completed":
        raise RuntimeError(run.status)
    return time.perf_counter() - started


def fairness(base_url: str, samples: int) -> tuple[float, float]:
    """Median seconds of the learner's code run: idle, then beside a runaway neighbour."""
    from openai import OpenAI

    learner = OpenAI(base_url=base_url, api_key="sk-fair-learner", max_retries=0, timeout=120)
    neighbour = OpenAI(base_url=base_url, api_key="sk-runaway-neighbour", max_retries=0, timeout=120)
    mine = learner.beta.assistants.create(model="gpt-4o", tools=[{"type": "code_interpreter"}])
    theirs = neighbour.beta.assistants.create(model="gpt-4o", tools=[{"type": "code_interpreter"}])
    code_run_seconds(learner, mine.id)  # warm: the font list, imports
    idle = statistics.median(code_run_seconds(learner, mine.id) for _ in range(samples))
    runaways = [neighbour.beta.threads.create_and_run(assistant_id=theirs.id, thread={"messages": [{"role": "user", "content": RUNAWAY_CODE}]}) for _ in range(3)]
    time.sleep(1.0)  # the runaways hold the sandboxes they may hold
    try:
        busy = statistics.median(code_run_seconds(learner, mine.id) for _ in range(samples))
    finally:
        for run in runaways:
            try:
                neighbour.beta.threads.runs.cancel(run.id, thread_id=run.thread_id)
            except Exception:
                pass  # already over
    return idle, busy


# -- the table ---------------------------------------------------------------------------------------


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--learners", type=int, default=100)
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--samples", type=int, default=5, help="code runs per fairness measurement")
    args = parser.parse_args()

    p50s, p99s, errors, idles, busies, server_cpu = [], [], 0, [], [], []
    env = {"SIMULATOR_CODE_TIMEOUT": str(TIME_LIMIT), "SIMULATOR_IN_PROGRESS_HOLD": "0"}
    with tempfile.TemporaryDirectory(prefix="bench-classroom-") as tmp:
        with SimulatorProcess(Path(tmp) / "classroom.db", env=env, args=("--isolate-keys",)) as simulator:
            health = __import__("httpx").get(simulator.base_url.removesuffix("/v1") + "/health").json()
            for _ in range(args.repeats):
                before = process_cpu_seconds(simulator.process.pid)
                times, failed = asyncio.run(load(simulator.base_url, args.learners))
                if before is not None:  # the learners' assistants included
                    server_cpu.append((process_cpu_seconds(simulator.process.pid) - before) / args.learners)
                errors += failed
                if times:
                    ordered = sorted(times)
                    p50s.append(statistics.median(ordered))
                    p99s.append(percentile(ordered, 0.99))
                idle, busy = fairness(simulator.base_url, args.samples)
                idles.append(idle)
                busies.append(busy)

    rows = [
        (f"classroom: {args.learners} learners (a key each), errors", str(errors), "0", "thread + message + streamed run"),
        ("classroom: p50 per learner", fmt(median_spread(p50s), "ms", 1000) if p50s else "-", "", ""),
        ("classroom: p99 per learner", fmt(median_spread(p99s), "ms", 1000) if p99s else "-", "≤ 500 ms", ""),
        ("classroom: simulator CPU per learner", fmt(median_spread(server_cpu), "ms", 1000) if server_cpu else "-", "", "its assistant, thread, message and streamed run"),
        (
            "fairness: code run beside a runaway neighbour / idle",
            fmt(median_spread([b / i for b, i in zip(busies, idles, strict=True)]), "×"),
            "≤ 2×",
            f"{fmt(median_spread(busies), 'ms', 1000)} vs {fmt(median_spread(idles), 'ms', 1000)}",
        ),
    ]
    cpu = next((line.split(":", 1)[1].strip() for line in Path("/proc/cpuinfo").read_text().splitlines() if line.startswith("model name")), platform.processor()) if Path("/proc/cpuinfo").exists() else platform.processor()
    print(f"Machine: {os.cpu_count()} cores, {cpu}, Python {platform.python_version()}, {platform.system()}")
    print(f"Sandbox: {health.get('sandbox', {}).get('detail', '?')}; load average {os.getloadavg()[0]:.1f} at the end")
    print("Median of runs (min–max).\n")
    print("| measure | result | target | detail |")
    print("|---|---|---|---|")
    for row in rows:
        print("| " + " | ".join(row) + " |")


if __name__ == "__main__":
    main()
