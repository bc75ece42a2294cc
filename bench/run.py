"""make bench: the course suite and the simulator against their floors, as ratios measured in one run.

    python -m bench.run [--repeats 5] [--learners 60] [--skip-suite]

1. Suite: nbval over every notebook vs executing the same notebooks with plain nbclient (the floor).
2. Latency: create_and_poll of a scripted text run, and the time to the first streamed text delta,
   each vs a bare ASGI round trip served the same way (uvicorn, loopback, same client).
3. Classroom load: N concurrent learners each create a thread, add a message and stream a run.
Medians of several runs with their spread; nothing here is a pass/fail test.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import platform
import statistics
import subprocess
import sys
import tempfile
import time
import warnings
from pathlib import Path

from bench.floor_app import canned_create_and_poll, floor_server
from simulator.launch import SimulatorProcess

ROOT = Path(__file__).resolve().parents[1]  # the repository

warnings.filterwarnings("ignore", category=DeprecationWarning)


def median_spread(values: list[float]) -> tuple[float, float, float]:
    return statistics.median(values), min(values), max(values)


# -- 1. the suite --------------------------------------------------------------------------------


def time_nbval(notebooks: list[Path]) -> float:
    started = time.perf_counter()
    subprocess.run([sys.executable, "-m", "pytest", "-q", "-p", "no:randomly", *map(str, notebooks)], cwd=ROOT, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    return time.perf_counter() - started


def time_nbclient(notebooks: list[Path], base_url: str) -> float:
    """The floor: the same notebooks, executed by nbclient against a simulator, nothing compared."""
    import nbformat
    from nbclient import NotebookClient

    os.environ.update(OPENAI_BASE_URL=base_url, OPENAI_API_KEY="sk-bench")
    started = time.perf_counter()
    for path in notebooks:
        notebook = nbformat.read(path, as_version=4)
        NotebookClient(notebook, timeout=180, kernel_name="python3", resources={"metadata": {"path": str(path.parent)}}).execute()
    return time.perf_counter() - started


def bench_suite(repeats: int, workdir: Path) -> dict:
    notebooks = sorted((ROOT / "notebooks").glob("[0-9][0-9]_*.ipynb"))
    floors, suites = [], []
    for i in range(repeats):
        with SimulatorProcess(workdir / f"suite-{i}.db") as simulator:
            floors.append(time_nbclient(notebooks, simulator.base_url))
        suites.append(time_nbval(notebooks))  # its own session simulator, as `make test` has
    ratios = [s / f for s, f in zip(suites, floors, strict=True)]
    return {"notebooks": len(notebooks), "nbval": median_spread(suites), "nbclient": median_spread(floors), "ratio": median_spread(ratios)}


# -- 2. latency ----------------------------------------------------------------------------------


def bench_latency(repeats: int, samples: int, workdir: Path) -> dict:
    from openai import AssistantEventHandler, OpenAI

    with floor_server() as floor_client, SimulatorProcess(workdir / "latency.db") as simulator:
        client = OpenAI(base_url=simulator.base_url, api_key="sk-bench")
        # Count the poll helper's sleeps (a method of the runs resource).
        sleeps: list[float] = []
        client.beta.threads.runs._sleep = lambda seconds: (sleeps.append(seconds), time.sleep(seconds))
        assistant = client.beta.assistants.create(model="gpt-4o", name="小U", instructions="你叫小U。")

        class FirstDelta(AssistantEventHandler):
            def __init__(self, started: float) -> None:
                super().__init__()
                self.started, self.first = started, None

            def on_text_delta(self, delta, snapshot) -> None:
                if self.first is None:
                    self.first = time.perf_counter() - self.started

        floors, polls, firsts, canned = [], [], [], []
        for _ in range(repeats):
            floor_times, poll_times, first_times, canned_times = [], [], [], []
            for _ in range(samples):
                started = time.perf_counter()
                floor_client.get("/ping", cast_to=object)
                floor_times.append(time.perf_counter() - started)
                canned_times.append(canned_create_and_poll(floor_client))

                thread = client.beta.threads.create(messages=[{"role": "user", "content": "你是谁?"}])
                started = time.perf_counter()
                run = client.beta.threads.runs.create_and_poll(thread_id=thread.id, assistant_id=assistant.id)
                poll_times.append(time.perf_counter() - started)
                assert run.status == "completed", run.status

                client.beta.threads.messages.create(thread.id, role="user", content="你都能做什么?")
                handler = FirstDelta(time.perf_counter())
                with client.beta.threads.runs.stream(thread_id=thread.id, assistant_id=assistant.id, event_handler=handler) as stream:
                    stream.until_done()
                first_times.append(handler.first)
            floors.append(statistics.median(floor_times))
            polls.append(statistics.median(poll_times))
            firsts.append(statistics.median(first_times))
            canned.append(statistics.median(canned_times))
    return {
        "floor": median_spread(floors),
        "create_and_poll": median_spread(polls),
        "canned": median_spread(canned),
        "canned_ratio": median_spread([c / f for c, f in zip(canned, floors, strict=True)]),
        "simulator_share": median_spread([(p - c) / f for p, c, f in zip(polls, canned, floors, strict=True)]),
        "first_delta": median_spread(firsts),
        "poll_ratio": median_spread([p / f for p, f in zip(polls, floors, strict=True)]),
        "delta_ratio": median_spread([d / f for d, f in zip(firsts, floors, strict=True)]),
        "one_second_sleeps": sum(1 for s in sleeps if s >= 1.0),
        "sleeps": len(sleeps),
        "longest_sleep": max(sleeps, default=0.0),
    }


# -- 3. a classroom ------------------------------------------------------------------------------


async def one_learner(client, assistant_id: str, index: int) -> float:
    started = time.perf_counter()
    thread = await client.beta.threads.create(metadata={"learner": str(index)})
    await client.beta.threads.messages.create(thread.id, role="user", content="你是谁?")
    async with client.beta.threads.runs.stream(thread_id=thread.id, assistant_id=assistant_id) as stream:
        await stream.until_done()
        run = await stream.get_final_run()
    if run.status != "completed":
        raise RuntimeError(run.status)
    return time.perf_counter() - started


async def classroom(base_url: str, learners: int) -> tuple[list[float], int]:
    from openai import AsyncOpenAI

    async with AsyncOpenAI(base_url=base_url, api_key="sk-bench", max_retries=0) as client:
        assistant = await client.beta.assistants.create(model="gpt-4o", instructions="你叫小U。")
        results = await asyncio.gather(*(one_learner(client, assistant.id, i) for i in range(learners)), return_exceptions=True)
    times = [r for r in results if isinstance(r, float)]
    return times, len(results) - len(times)


def bench_classroom(repeats: int, learners: int, workdir: Path) -> dict:
    """Also what each side spent: the SDK clients, all in this process, can cost more CPU than the server."""
    p50s, p99s, errors, client_cpu, server_cpu = [], [], 0, [], []
    with SimulatorProcess(workdir / "classroom.db") as simulator:
        for _ in range(repeats):
            client_before, server_before = time.process_time(), process_cpu_seconds(simulator.process.pid)
            times, failed = asyncio.run(classroom(simulator.base_url, learners))
            client_cpu.append((time.process_time() - client_before) / learners)
            if server_before is not None:
                server_cpu.append((process_cpu_seconds(simulator.process.pid) - server_before) / learners)
            errors += failed
            if times:
                ordered = sorted(times)
                p50s.append(statistics.median(ordered))
                p99s.append(ordered[min(len(ordered) - 1, int(round(0.99 * (len(ordered) - 1))))])
    return {"learners": learners, "errors": errors, "p50": median_spread(p50s), "p99": median_spread(p99s), "client_cpu": median_spread(client_cpu), "server_cpu": median_spread(server_cpu) if server_cpu else None}


def process_cpu_seconds(pid: int) -> float | None:
    """CPU seconds (user + system) a process has used so far; None where /proc does not say (macOS, Windows)."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return None
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


# -- the table -----------------------------------------------------------------------------------


def fmt(triple: tuple[float, float, float], unit: str = "s", scale: float = 1.0) -> str:
    median, low, high = (v * scale for v in triple)
    return f"{median:.3g} {unit} ({low:.3g}–{high:.3g})"


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--repeats", type=int, default=5)
    parser.add_argument("--samples", type=int, default=20, help="latency samples per repeat")
    parser.add_argument("--learners", type=int, default=60)
    parser.add_argument("--suite-repeats", type=int, default=3)
    parser.add_argument("--skip-suite", action="store_true")
    parser.add_argument("--only-core", action="store_true", help="this table only, not the per-feature benchmarks after it")
    args = parser.parse_args()

    rows = []
    with tempfile.TemporaryDirectory(prefix="bench-") as tmp:
        workdir = Path(tmp)
        latency = bench_latency(args.repeats, args.samples, workdir)
        rows.append(("create_and_poll / bare round trip", fmt(latency["poll_ratio"], "×"), "≤ 3×", f"{fmt(latency['create_and_poll'], 'ms', 1000)} vs {fmt(latency['floor'], 'ms', 1000)}"))
        rows.append(("create_and_poll against canned runs / bare round trip", fmt(latency["canned_ratio"], "×"), "", f"{fmt(latency['canned'], 'ms', 1000)}: the SDK's own share (bench/floor_app.py answers at once)"))
        rows.append(("the simulator's share of create_and_poll / bare round trip", fmt(latency["simulator_share"], "×"), "", "create_and_poll less the canned one"))
        rows.append(("first text delta / bare round trip", fmt(latency["delta_ratio"], "×"), "≤ 3×", f"{fmt(latency['first_delta'], 'ms', 1000)}"))
        rows.append(("poll sleeps of 1 s", str(latency["one_second_sleeps"]), "0", f"{latency['sleeps']} sleeps in all, longest {latency['longest_sleep'] * 1000:.0f} ms"))
        room = bench_classroom(args.repeats, args.learners, workdir)
        rows.append((f"classroom: {room['learners']} learners, errors", str(room["errors"]), "0", ""))
        rows.append(("classroom: p50 per learner", fmt(room["p50"], "ms", 1000), "", "thread + message + streamed run"))
        rows.append(("classroom: p99 per learner", fmt(room["p99"], "ms", 1000), "≤ 500 ms", ""))
        spent = f"SDK clients (this process) {fmt(room['client_cpu'], 'ms', 1000)}"
        if room["server_cpu"] is not None:
            spent += f", simulator {fmt(room['server_cpu'], 'ms', 1000)}"
        rows.append(("classroom: CPU per learner", spent, "", "who the 2 cores work for"))
        if not args.skip_suite:
            suite = bench_suite(args.suite_repeats, workdir)
            rows.append((f"suite: nbval / nbclient ({suite['notebooks']} notebooks)", fmt(suite["ratio"], "×"), "≤ 1.25×", f"{fmt(suite['nbval'])} vs {fmt(suite['nbclient'])}"))

    cpu = next((line.split(":", 1)[1].strip() for line in Path("/proc/cpuinfo").read_text().splitlines() if line.startswith("model name")), platform.processor()) if Path("/proc/cpuinfo").exists() else platform.processor()
    print(f"Machine: {os.cpu_count()} cores, {cpu}, Python {platform.python_version()}, {platform.system()}")
    print("Median of runs (min–max).\n")
    print("| measure | result | target | detail |")
    print("|---|---|---|---|")
    for row in rows:
        print("| " + " | ".join(row) + " |")
    if not args.only_core:
        # Each feature's benchmark measures against its own floor, in a process of its own.
        for module, what in FEATURE_BENCHES:
            print(f"\n## {what} (python -m {module})\n", flush=True)
            subprocess.run([sys.executable, "-m", module], cwd=ROOT, check=False)


FEATURE_BENCHES = (
    ("bench.retrieval", "File search: indexing and search at 10,000 chunks vs SQLite FTS5 alone; the UAP questions' hit rate"),
    ("bench.responses", "Responses: a text round trip and the first streamed delta vs the bare-ASGI floor"),
    ("bench.embeddings", "Embeddings: inputs a second, batches of 100, vs the local model called directly"),
    ("bench.chat", "Chat Completions: a text round trip and the first streamed chunk vs the bare-ASGI floor"),
    ("bench.backends", "Model backends: first streamed delta through the simulator vs the fake backend called directly"),
    ("bench.classroom", "Classroom: 100 concurrent learners; a code run beside a runaway neighbour vs idle"),
    ("bench.sessions", "Code sessions: a warm call vs a cold first call; an idle session's memory; 30 learners with sessions open"),
)


if __name__ == "__main__":
    main()
