"""The store's write-ahead log: checkpointed off the event loop, yet kept small, and emptied when the server stops."""

from __future__ import annotations

import os
import struct
import time

import httpx2 as httpx

from tests.support.in_process import serve

HEADERS = {"Authorization": "Bearer sk-test", "OpenAI-Beta": "assistants=v2"}
PADDING = "填充" * 2000  # about 12 KB of UTF-8 a thread: three pages of the log


def write_threads(base_url: str, count: int) -> None:
    with httpx.Client(base_url=base_url, headers=HEADERS) as http:
        for i in range(count):
            response = http.post("/threads", json={"messages": [{"role": "user", "content": f"{i} {PADDING}"}]})
            assert response.status_code == 200


def log_size(db) -> int:
    wal = f"{db}-wal"
    return os.path.getsize(wal) if os.path.exists(wal) else 0


def checkpointed_whole(db) -> bool:
    """Whether every frame in the log has been copied into the database file, read from SQLite's wal-index
    (the -shm file, in this machine's byte order): mxFrame, the log's last valid frame, at byte 16 of the
    index header; nBackfill, how many frames a checkpoint has copied, at byte 96. Reading it changes nothing."""
    try:
        with open(f"{db}-shm", "rb") as shm:
            index = shm.read(100)
    except FileNotFoundError:
        return False
    if len(index) < 100:
        return False
    (max_frame,) = struct.unpack_from("=I", index, 16)
    (backfilled,) = struct.unpack_from("=I", index, 96)
    return max_frame > 0 and backfilled == max_frame


def settle(db, deadline: float = 30.0) -> None:
    """Wait until the engine's checkpoints (every 0.5 s) have copied the whole log: a state, not a guess at a speed."""
    give_up = time.monotonic() + deadline
    while not checkpointed_whole(db):
        assert time.monotonic() < give_up, f"the server did not checkpoint its whole log within {deadline:.0f} s"
        time.sleep(0.05)


def test_a_busy_server_starts_its_log_over_instead_of_growing_it(tmp_path):
    db = tmp_path / "sim.db"
    with serve(db) as (base_url, _):
        write_threads(base_url, 150)
        settle(db)
        write_threads(base_url, 1)  # the first write after a whole checkpoint starts the log over
        after_one_batch = log_size(db)
        for _ in range(3):
            write_threads(base_url, 150)
            settle(db)
        write_threads(base_url, 1)
        after_four_batches = log_size(db)
    # Without checkpoints the log would hold all four batches; started over, it holds at most one.
    assert after_one_batch > 0
    assert after_four_batches < 1.5 * after_one_batch, (after_one_batch, after_four_batches)


def test_the_log_is_emptied_when_the_server_stops_and_nothing_is_lost(tmp_path):
    db = tmp_path / "sim.db"
    with serve(db) as (base_url, _):
        write_threads(base_url, 40)
        assert log_size(db) > 0
    assert log_size(db) == 0
    with serve(db) as (base_url, _), httpx.Client(base_url=base_url, headers=HEADERS) as http:
        assert len(http.get("/assistants").json()["data"]) == 0  # the database opens again...
        threads = simulator_threads(db)
    assert threads == 40  # ...with every thread in it


def simulator_threads(db) -> int:
    import sqlite3

    with sqlite3.connect(db) as connection:
        return connection.execute("SELECT count(*) FROM objects WHERE kind = 'thread'").fetchone()[0]


def reaper_steps(store) -> int:
    """SQLite VM steps of the expiry reaper's reads (Runs.reap_expired: every expirable status)."""
    from simulator.engine.statuses import EXPIRABLE

    steps = 0

    def count() -> int:
        nonlocal steps
        steps += 1
        return 0

    store._db.set_progress_handler(count, 1)
    try:
        found = [run for status in EXPIRABLE for run in store.all("run", where={"status": status})]
    finally:
        store._db.set_progress_handler(None, 1)
    assert [run["id"] for run in found] == ["run_waiting"]
    return steps


def test_the_expiry_reaper_reads_only_what_can_expire_however_many_runs_ended(tmp_path):
    from simulator.store import Store

    store = Store(tmp_path / "runs.db")
    store.insert("run", {"id": "run_waiting", "status": "requires_action"}, parent="thread_x")
    for i in range(20):
        store.insert("run", {"id": f"run_{i}", "status": "completed", "padding": PADDING}, parent="thread_x")
    few = reaper_steps(store)
    for i in range(20, 2000):
        store.insert("run", {"id": f"run_{i}", "status": "completed", "padding": PADDING}, parent="thread_x")
    store.insert("message", {"id": "msg_1", "status": "queued"}, parent="thread_x")  # another kind, same status
    many = reaper_steps(store)
    assert many <= few + 10, (few, many)  # a scan of every run's JSON would take tens of thousands more
    store.close()
