"""`make reset` (or `python -m course.reset`): give the simulator a clean database, keeping a backup and lesson 02's saved thread.

It asks first (unless --yes). A simulator the course started is stopped for the reset and started
again afterwards; one it did not start (`make serve` in another terminal) must be stopped by hand first.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import sqlite3
import sys
import time
from pathlib import Path

from dotenv import find_dotenv, load_dotenv

from course.service import DEFAULT_BASE_URL, ROOT, is_loopback, is_simulator, probe, read_pid_record, start_simulator, state_dir, stop_simulator, verify

SAVED_THREAD = ROOT / "notebooks" / "saved_thread.json"
FILE_ID = re.compile(r"\bfile-[A-Za-z0-9]+")


def explain(db: Path, saved: Path, thread_id: str | None) -> str:
    kept = (
        f"Kept: the thread lesson 02 saved in {saved.name} ({thread_id}), with its messages, runs and their files, under the same id."
        if thread_id
        else f"No thread is kept: there is no saved thread in {saved} (lesson 02 writes one)."
    )
    return "\n".join(
        [
            f"This resets the course's simulator ({db}).",
            "Lost: every assistant, thread, message, run and uploaded file in it; ids you noted or saved stop working.",
            kept,
            f"Backup first: a copy of the database goes to {db.parent}/simulator-backup-<date-time>.db",
            "(to undo: stop the simulator, `make stop`, then copy the backup over simulator.db).",
            "Not touched: your notebooks, .env and the saved-thread file.",
        ]
    )


def serving_elsewhere(base_url: str, pid: int | None) -> str:
    """Why the reset will not go on while a simulator it did not start runs, and the command that stops that one."""
    stop = f"Ctrl-C in its terminal, or: kill {pid}" if pid else "Ctrl-C in its terminal"
    return (
        f"A simulator is running at {base_url} (pid {pid}) that neither make lab nor a lesson started: `make serve` "
        "(or `python -m simulator`) in another terminal, most likely. It has this database open, so the reset cannot "
        f"replace it under it, and `make stop` leaves it alone. Stop it ({stop}), then run `make reset` again. Nothing changed."
    )


def saved_thread_id(saved: Path) -> str | None:
    try:
        value = json.loads(saved.read_text(encoding="utf-8")).get("thread_id")
    except (OSError, ValueError, AttributeError):
        return None
    return value if isinstance(value, str) and value else None


def backup(db: Path) -> Path:
    """A consistent copy (the write-ahead log included), named by the time it was taken."""
    target = db.with_name(f"simulator-backup-{time.strftime('%Y%m%d-%H%M%S')}.db")
    n = 1
    while target.exists():
        target = db.with_name(f"simulator-backup-{time.strftime('%Y%m%d-%H%M%S')}-{n}.db")
        n += 1
    source = sqlite3.connect(db)
    try:
        with sqlite3.connect(target) as copy:
            source.backup(copy)
        copy.close()
    finally:
        source.close()
    return target


def kept_ids(db: sqlite3.Connection, thread_id: str, table: str = "objects") -> list[str]:
    """The thread, everything under it (messages, runs, run steps), and the files they mention."""
    exists = db.execute(f"SELECT 1 FROM {table} WHERE id = ?", (thread_id,)).fetchone()
    if not exists:
        return []
    keep, frontier = [thread_id], [thread_id]
    while frontier:
        marks = ",".join("?" * len(frontier))
        frontier = [row[0] for row in db.execute(f"SELECT id FROM {table} WHERE parent IN ({marks})", frontier)]
        keep += frontier
    marks = ",".join("?" * len(keep))
    bodies = " ".join(row[0] for row in db.execute(f"SELECT body FROM {table} WHERE id IN ({marks})", keep))
    files = sorted(set(FILE_ID.findall(bodies)))
    if files:
        marks = ",".join("?" * len(files))
        keep += [row[0] for row in db.execute(f"SELECT id FROM {table} WHERE id IN ({marks}) AND kind = 'file'", files)]
    return keep


def rebuild(db: Path, copy: Path, thread_id: str | None) -> int:
    """A fresh database at db (the simulator's own schema) holding only the kept objects; how many were kept."""
    for suffix in ("", "-wal", "-shm", ".reserve"):  # .reserve: the space kept for deletes on a full disk
        Path(str(db) + suffix).unlink(missing_ok=True)
    from simulator.store import Store

    Store(db).close()  # the current schema, whatever it is
    if not thread_id:
        return 0
    new = sqlite3.connect(db)
    try:
        new.execute("ATTACH DATABASE ? AS old", (str(copy),))
        keep = kept_ids(new, thread_id, table="old.objects")
        if not keep:
            return 0
        marks = ",".join("?" * len(keep))
        for table in ("objects", "blobs"):
            new_columns = [row[1] for row in new.execute(f"PRAGMA main.table_info({table})")]
            old_columns = {row[1] for row in new.execute(f"PRAGMA old.table_info({table})")}
            columns = [c for c in new_columns if c in old_columns]
            if not columns:
                continue
            listed = ", ".join(columns)
            order = " ORDER BY seq" if "seq" in columns else ""
            new.execute(f"INSERT INTO main.{table} ({listed}) SELECT {listed} FROM old.{table} WHERE id IN ({marks}){order}", keep)
        new.commit()
        new.execute("DETACH DATABASE old")
        return len(keep)
    finally:
        new.close()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m course.reset", description="Give the simulator a clean database (with a backup, keeping lesson 02's saved thread).")
    parser.add_argument("--state", type=Path, help="the simulator's folder (default: .simulator/)")
    parser.add_argument("--saved", type=Path, default=SAVED_THREAD, help="lesson 02's saved-thread file (default: %(default)s)")
    parser.add_argument("--yes", action="store_true", help="do not ask")
    parser.add_argument("--port", type=int, help="also look for a simulator on this loopback port (make reset passes make serve's PORT)")
    args = parser.parse_args(argv)
    load_dotenv(find_dotenv(usecwd=True), override=False)
    state = args.state or state_dir()
    db = state / "simulator.db"
    thread_id = saved_thread_id(args.saved)
    if not db.exists():
        print(f"Nothing to reset: there is no database at {db} yet.")
        return 0
    # A simulator the course did not start (make serve) holds the database: say so before asking anything.
    record = read_pid_record(state)
    ours = record["pid"] if record and verify(record) else None
    addresses = [os.environ.get("OPENAI_BASE_URL") or DEFAULT_BASE_URL]
    if args.port:
        addresses.append(f"http://127.0.0.1:{args.port}/v1")  # where `make serve` (same PORT) listens
    for base_url in dict.fromkeys(addresses):
        health = probe(base_url) if is_loopback(base_url) else None
        if is_simulator(health) and health.get("pid") != ours:
            print(serving_elsewhere(base_url, health.get("pid")), file=sys.stderr)
            return 1
    print(explain(db, args.saved, thread_id))
    if not args.yes:
        try:
            answer = input("Reset now? [y/N] ")
        except EOFError:
            answer = ""
        if answer.strip().lower() not in ("y", "yes"):
            print("Nothing changed.")
            return 1

    restart = None
    if ours is not None and verify(record):
        restart = record
        print(stop_simulator(state))

    copy = backup(db)
    print(f"Backup: {copy}")
    kept = rebuild(db, copy, thread_id)
    if thread_id:
        print(f"Kept the saved thread {thread_id} ({kept} objects)." if kept else f"The saved thread {thread_id} was not in the database: nothing kept.")
    print("The simulator's database is clean.")
    if restart is not None:
        start_simulator(restart["base_url"], state=state, started_by=restart["started_by"])
        print(f"Started the simulator again at {restart['base_url']}.")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
