"""Two or more checkouts of the simulator, measured in turn in the same minutes: is a change faster or slower?

    git worktree add /tmp/before <commit>
    python -m bench.paired . /tmp/before [--rounds 8] [--samples 30] [--classroom]

This machine's speed drifts by up to a third from one minute to the next, so two `make bench` runs taken apart
cannot say whether a change of a few percent is real. Here every round starts a fresh simulator from each checkout
in turn (its own code, through PYTHONPATH) and times the same requests against the same bare floor
(bench/floor_app.py), so drift falls on all of them alike. For each checkout it prints the medians over the rounds:
`create_and_poll` after a thread is made, its ratio to the floor, and the simulator's share of it: the ratio less
the same call against the floor's canned runs (the SDK's own share); with --classroom, also the simulator's CPU
a learner and the p99 for 100 learners at once (bench.classroom's load, a key each).
"""

from __future__ import annotations

import argparse
import asyncio
import statistics
import sys
import tempfile
import time
import warnings
from pathlib import Path

from bench.floor_app import canned_create_and_poll, floor_server
from bench.run import process_cpu_seconds
from simulator.launch import SimulatorProcess

warnings.filterwarnings("ignore", category=DeprecationWarning)


def poll_round(floor_client, base_url: str, samples: int) -> tuple[float, float, float]:
    """Median floor, create_and_poll and canned create_and_poll (seconds) over `samples`, after a few warm-up runs."""
    from openai import OpenAI

    client = OpenAI(base_url=base_url, api_key="sk-bench", max_retries=0)
    assistant = client.beta.assistants.create(model="gpt-4o", name="小U", instructions="你叫小U。")
    floors, polls, canned = [], [], []
    for n in range(samples + 5):
        started = time.perf_counter()
        floor_client.get("/ping", cast_to=object)
        floor = time.perf_counter() - started
        canned_time = canned_create_and_poll(floor_client)
        thread = client.beta.threads.create(messages=[{"role": "user", "content": "你是谁?"}])
        started = time.perf_counter()
        run = client.beta.threads.runs.create_and_poll(thread_id=thread.id, assistant_id=assistant.id)
        poll = time.perf_counter() - started
        if run.status != "completed":
            raise RuntimeError(f"a run ended {run.status}")
        if n >= 5:
            floors.append(floor)
            polls.append(poll)
            canned.append(canned_time)
    return statistics.median(floors), statistics.median(polls), statistics.median(canned)


def classroom_round(simulator: SimulatorProcess, learners: int) -> tuple[float, float]:
    """The simulator's CPU seconds a learner, and the p99 (seconds), for `learners` at once."""
    from bench.classroom import load

    asyncio.run(load(simulator.base_url, 20))  # warm
    before = process_cpu_seconds(simulator.process.pid)
    times, failed = asyncio.run(load(simulator.base_url, learners))
    if failed:
        raise RuntimeError(f"{failed} learners failed")
    ordered = sorted(times)
    return (process_cpu_seconds(simulator.process.pid) - before) / learners, ordered[round(0.99 * (len(ordered) - 1))]


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("checkouts", nargs="+", type=Path, help="folders holding a checkout of this repository")
    parser.add_argument("--rounds", type=int, default=8)
    parser.add_argument("--samples", type=int, default=30, help="create_and_poll samples a round")
    parser.add_argument("--classroom", action="store_true", help="also 100 learners at once, a round each")
    args = parser.parse_args(argv)
    roots = [str(path.resolve()) for path in args.checkouts]
    missing = [root for root in roots if not (Path(root) / "simulator" / "__init__.py").exists()]
    if missing:
        parser.error(f"not a checkout of this repository: {', '.join(missing)}")
    results: dict[str, dict[str, list[float]]] = {root: {"floor": [], "poll": [], "ratio": [], "share": [], "canned": [], "cpu": [], "p99": []} for root in roots}
    with tempfile.TemporaryDirectory(prefix="bench-paired-") as workdir, floor_server() as floor_client:
        for round_ in range(args.rounds):
            for n, root in enumerate(roots):
                row = results[root]
                with SimulatorProcess(Path(workdir) / f"{round_}-{n}.db", env={"PYTHONPATH": root}) as simulator:
                    floor, poll, canned = poll_round(floor_client, simulator.base_url, args.samples)
                row["floor"].append(floor)
                row["poll"].append(poll)
                row["ratio"].append(poll / floor)
                row["share"].append((poll - canned) / floor)
                row["canned"].append(canned / floor)
                if args.classroom:  # in classroom mode, as bench.classroom serves it
                    with SimulatorProcess(Path(workdir) / f"{round_}-{n}-class.db", env={"PYTHONPATH": root}, args=("--isolate-keys",)) as simulator:
                        cpu, p99 = classroom_round(simulator, 100)
                    row["cpu"].append(cpu)
                    row["p99"].append(p99)
            print(f"round {round_ + 1} of {args.rounds} done", file=sys.stderr)
    print(f"Medians of {args.rounds} rounds, each checkout in turn (min–max in brackets).\n")
    for root, row in results.items():

        def spread(values: list[float], scale: float, unit: str) -> str:
            return f"{statistics.median(values) * scale:.3g} {unit} ({min(values) * scale:.3g}–{max(values) * scale:.3g})"

        line = f"{root}: create_and_poll {spread(row['poll'], 1e3, 'ms')}, {spread(row['ratio'], 1, '×')} the floor ({spread(row['floor'], 1e3, 'ms')})"
        line += f"; the simulator's share {spread(row['share'], 1, '×')} (the SDK's against canned runs: {spread(row['canned'], 1, '×')})"
        if row["cpu"]:
            line += f"; classroom: simulator CPU {spread(row['cpu'], 1e3, 'ms')} a learner, p99 {spread(row['p99'], 1e3, 'ms')}"
        print(line)


if __name__ == "__main__":
    main()
