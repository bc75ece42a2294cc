"""Code sessions: a warm call against a cold first call, the memory an idle session holds, 30 learners with sessions open.

    python -m bench.sessions [--repeats 5] [--samples 5] [--learners 30]

Through the API, as a learner sees it (a simulator subprocess, the SDK, streamed runs on threads):

1. Cold and warm: the scripted model's "用代码计算 2**100" as a thread's first code call (its session starts: a
   process, its box, an interpreter) and then again on the same thread (the session is there); the ratio warm / cold,
   for the whole streamed run and for its code step alone (from the tool-call step's creation to its completion).
2. Memory: what one idle session holds (stopped between calls), summed over its processes: PSS (shared pages
   split between the processes that map them), RSS, and its cgroup's count where the session has one. Once after
   plain Python, once after lesson 06's "统计总销售额" (pandas imported, the sales table in `df`).
3. Classroom: N learners, a key each, each with a session open; the server's RSS before and with them; a warm call's
   p50 and p99 when one learner calls at a time (the others' sessions idle), and when all N call at once (the
   sandboxes' slots, one per CPU, then queue them).

Medians of the repeats with their spread; nothing here is a pass/fail test.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import statistics
import tempfile
import time
import warnings
from pathlib import Path

from bench.run import fmt, median_spread
from simulator.launch import SimulatorProcess

warnings.filterwarnings("ignore", category=DeprecationWarning)

ROOT = Path(__file__).resolve().parents[1]
SMALL_CODE = "用代码计算 2**100"
SALES_TOTAL = "统计总销售额"


# -- the session's processes, seen from outside -------------------------------------------------------


def children(pid: int) -> list[int]:
    found = []
    for entry in os.scandir("/proc"):
        if entry.name.isdigit():
            try:
                fields = Path(entry.path, "stat").read_text().rsplit(")", 1)[1].split()
            except OSError:
                continue
            if int(fields[1]) == pid:
                found.append(int(entry.name))
    return found


def tree(pid: int) -> list[int]:
    """`pid` and every process below it."""
    out, todo = [], [pid]
    while todo:
        current = todo.pop()
        out.append(current)
        todo += children(current)
    return out


def _field_kb(path: str, name: str) -> int:
    try:
        for line in Path(path).read_text().splitlines():
            if line.startswith(name + ":"):
                return int(line.split()[1])
    except OSError:
        pass
    return 0


def rss_kb(pid: int) -> int:
    return _field_kb(f"/proc/{pid}/status", "VmRSS")


def pss_kb(pid: int) -> int:
    return _field_kb(f"/proc/{pid}/smaps_rollup", "Pss")


def cgroup_bytes(pid: int, server: int) -> int | None:
    """The memory count of `pid`'s cgroup (v2 memory.current, v1 memory.usage_in_bytes); None: it shares the server's."""

    def where(p: int) -> tuple[str, str] | None:
        try:
            lines = Path(f"/proc/{p}/cgroup").read_text().splitlines()
        except OSError:
            return None
        for line in lines:
            _, controllers, path = line.split(":", 2)
            if "memory" in controllers.split(","):
                return ("v1", path)
        for line in lines:
            if line.startswith("0::"):
                return ("v2", line[3:])
        return None

    mine, servers = where(pid), where(server)
    if mine is None or mine == servers:
        return None
    file = Path("/sys/fs/cgroup/memory" + mine[1], "memory.usage_in_bytes") if mine[0] == "v1" else Path("/sys/fs/cgroup" + mine[1], "memory.current")
    try:
        return int(file.read_text())
    except (OSError, ValueError):
        return None


def session_memory(root: int, server: int) -> dict:
    processes = tree(root)
    return {
        "processes": len(processes),
        "pss": sum(pss_kb(p) for p in processes) * 1024,
        "rss": sum(rss_kb(p) for p in processes) * 1024,
        "cgroup": max((b for b in (cgroup_bytes(p, server) for p in processes) if b is not None), default=None),
    }


# -- timed calls ----------------------------------------------------------------------------------


def timed_call(client, thread_id: str, assistant_id: str, prompt: str) -> tuple[float, float]:
    """(the whole streamed run, its code step), in seconds."""
    client.beta.threads.messages.create(thread_id=thread_id, role="user", content=prompt)
    started = time.perf_counter()
    step_started = step_done = None
    with client.beta.threads.runs.stream(thread_id=thread_id, assistant_id=assistant_id) as stream:
        for event in stream:
            if event.event == "thread.run.step.created" and event.data.type == "tool_calls":
                step_started = time.perf_counter()
            elif event.event == "thread.run.step.completed" and event.data.type == "tool_calls":
                step_done = time.perf_counter()
            elif event.event == "thread.run.completed":
                ended = time.perf_counter()
            elif event.event in ("thread.run.failed", "thread.run.expired", "thread.run.incomplete"):
                raise RuntimeError(f"the run ended {event.event}: {event.data.last_error}")
    assert step_started is not None and step_done is not None, "no code step in the run"
    return ended - started, step_done - step_started


def new_session(client, server: int, assistant_id: str, prompt: str) -> tuple[str, int, tuple[float, float]]:
    """A thread whose first call starts a session: its id, the session's first process and the cold call's times."""
    thread = client.beta.threads.create()
    before = set(children(server))
    cold = timed_call(client, thread.id, assistant_id, prompt)
    (root,) = set(children(server)) - before
    return thread.id, root, cold


def bench_one_learner(repeats: int, samples: int, workdir: Path) -> dict:
    from openai import OpenAI

    with SimulatorProcess(workdir / "sessions-one.db") as simulator:
        server = simulator.process.pid
        client = OpenAI(base_url=simulator.base_url, api_key="sk-bench-sessions")
        assistant = client.beta.assistants.create(model="gpt-4o", tools=[{"type": "code_interpreter"}])
        sales = client.files.create(file=(ROOT / "data" / "sales.csv").open("rb"), purpose="assistants")
        analyst = client.beta.assistants.create(model="gpt-4o", tools=[{"type": "code_interpreter"}], tool_resources={"code_interpreter": {"file_ids": [sales.id]}})
        warm_up, _, _ = new_session(client, server, assistant.id, SMALL_CODE)  # the server's first session: font list, isolation probe
        client.beta.threads.delete(warm_up)
        cold_runs, warm_runs, cold_steps, warm_steps, plain, pandas = [], [], [], [], [], []
        for _ in range(repeats):
            thread_id, root, cold = new_session(client, server, assistant.id, SMALL_CODE)
            warm = [timed_call(client, thread_id, assistant.id, SMALL_CODE) for _ in range(samples)]
            cold_runs.append(cold[0])
            cold_steps.append(cold[1])
            warm_runs.append(statistics.median(w[0] for w in warm))
            warm_steps.append(statistics.median(w[1] for w in warm))
            plain.append(session_memory(root, server))
            client.beta.threads.delete(thread_id)  # its session ends with it

            thread_id, root, _ = new_session(client, server, analyst.id, SALES_TOTAL)
            pandas.append(session_memory(root, server))
            client.beta.threads.delete(thread_id)
    return {
        "cold_run": median_spread(cold_runs),
        "warm_run": median_spread(warm_runs),
        "cold_step": median_spread(cold_steps),
        "warm_step": median_spread(warm_steps),
        "run_ratio": median_spread([w / c for w, c in zip(warm_runs, cold_runs, strict=True)]),
        "step_ratio": median_spread([w / c for w, c in zip(warm_steps, cold_steps, strict=True)]),
        "plain": {key: median_spread([m[key] for m in plain]) if plain[0][key] is not None else None for key in plain[0]},
        "pandas": {key: median_spread([m[key] for m in pandas]) if pandas[0][key] is not None else None for key in pandas[0]},
    }


# -- many learners --------------------------------------------------------------------------------


async def async_call(client, thread_id: str, assistant_id: str) -> float:
    await client.beta.threads.messages.create(thread_id=thread_id, role="user", content=SMALL_CODE)
    started = time.perf_counter()
    async with client.beta.threads.runs.stream(thread_id=thread_id, assistant_id=assistant_id) as stream:
        async for event in stream:
            if event.event in ("thread.run.failed", "thread.run.expired", "thread.run.incomplete"):
                raise RuntimeError(f"the run ended {event.event}: {event.data.last_error}")
    return time.perf_counter() - started


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))]


def bench_classroom(repeats: int, learners: int, workdir: Path) -> dict:
    from openai import AsyncOpenAI, OpenAI

    with SimulatorProcess(workdir / "sessions-classroom.db") as simulator:
        server = simulator.process.pid
        teacher = OpenAI(base_url=simulator.base_url, api_key="sk-bench-teacher")
        assistant = teacher.beta.assistants.create(model="gpt-4o", tools=[{"type": "code_interpreter"}])
        warm_up, _, _ = new_session(teacher, server, assistant.id, SMALL_CODE)
        teacher.beta.threads.delete(warm_up)
        rss_before = rss_kb(server) * 1024

        async def classroom() -> dict:
            clients = [AsyncOpenAI(base_url=simulator.base_url, api_key=f"sk-bench-learner-{n}", max_retries=0, timeout=300) for n in range(learners)]
            threads = [(await c.beta.threads.create()).id for c in clients]
            await asyncio.gather(*(async_call(c, t, assistant.id) for c, t in zip(clients, threads, strict=True)))  # every session open
            sessions = children(server)
            memory = [session_memory(root, server) for root in sessions]
            rss_with = rss_kb(server) * 1024
            one_at_a_time, all_at_once = [], []
            for _ in range(repeats):
                for c, t in zip(clients, threads, strict=True):
                    one_at_a_time.append(await async_call(c, t, assistant.id))
                all_at_once += await asyncio.gather(*(async_call(c, t, assistant.id) for c, t in zip(clients, threads, strict=True)))
            for c in clients:
                await c.close()
            return {"sessions": len(sessions), "memory": memory, "rss_with": rss_with, "one": one_at_a_time, "all": all_at_once}

        found = asyncio.run(classroom())
    return {
        "learners": learners,
        "sessions": found["sessions"],
        "rss_before": rss_before,
        "rss_with": found["rss_with"],
        "sessions_pss": sum(m["pss"] for m in found["memory"]),
        "one_p50": statistics.median(found["one"]),
        "one_p99": percentile(found["one"], 0.99),
        "all_p50": statistics.median(found["all"]),
        "all_p99": percentile(found["all"], 0.99),
        "calls": len(found["one"]) + len(found["all"]),
    }


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeats", type=int, default=5)
    parser.add_argument("--samples", type=int, default=5, help="warm calls per session")
    parser.add_argument("--learners", type=int, default=30)
    args = parser.parse_args(argv)
    mb = lambda value: f"{value / (1 << 20):.1f} MB"  # noqa: E731
    with tempfile.TemporaryDirectory(prefix="bench-sessions-") as tmp:
        one = bench_one_learner(args.repeats, args.samples, Path(tmp))
        room = bench_classroom(args.repeats, args.learners, Path(tmp))
    print("| measure | result | detail |")
    print("|---|---|---|")
    print(f"| warm call / cold first call, whole streamed run | {fmt(one['run_ratio'], '×')} | {fmt(one['warm_run'], 'ms', 1000)} vs {fmt(one['cold_run'], 'ms', 1000)} |")
    print(f"| warm call / cold first call, code step alone | {fmt(one['step_ratio'], '×')} | {fmt(one['warm_step'], 'ms', 1000)} vs {fmt(one['cold_step'], 'ms', 1000)} |")
    for name, label in (("plain", "after plain Python"), ("pandas", "after lesson 06's total (pandas, df)")):
        memory = one[name]
        cgroup = f", cgroup {fmt(memory['cgroup'], 'MB', 1 / (1 << 20))}" if memory["cgroup"] is not None else ", no cgroup of its own here"
        print(f"| one idle session's memory, {label} | PSS {fmt(memory['pss'], 'MB', 1 / (1 << 20))} | RSS {fmt(memory['rss'], 'MB', 1 / (1 << 20))}{cgroup}; {memory['processes'][0]:.0f} processes |")
    print(f"| {room['learners']} learners with a session open: server RSS | {mb(room['rss_with'])} | {mb(room['rss_before'])} before; the {room['sessions']} sessions' PSS {mb(room['sessions_pss'])} |")
    print(f"| {room['learners']} learners: a warm call, one learner at a time | p50 {room['one_p50'] * 1000:.0f} ms, p99 {room['one_p99'] * 1000:.0f} ms | the other sessions idle |")
    print(f"| {room['learners']} learners: a warm call, all at once | p50 {room['all_p50'] * 1000:.0f} ms, p99 {room['all_p99'] * 1000:.0f} ms | {room['calls']} calls in all; slots one per CPU ({os.cpu_count()}) |")


if __name__ == "__main__":
    main()
