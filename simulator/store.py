"""One SQLite store for every object the API keeps.

Each object is kept whole, as the JSON the API returns, beside the few columns that lists and
lookups need. State survives restarts, as threads did on the real service.
"""

from __future__ import annotations

import contextlib
import errno
import json
import os
import sqlite3
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from simulator.wire import dumps

SCHEMA = """
CREATE TABLE IF NOT EXISTS objects (
    seq     INTEGER PRIMARY KEY AUTOINCREMENT,  -- creation order, the order lists page in
    id      TEXT NOT NULL UNIQUE,
    kind    TEXT NOT NULL,                      -- assistant, thread, message, run, run_step, file
    parent  TEXT,                               -- the thread of a message or run, the run of a step
    owner   TEXT NOT NULL DEFAULT '',           -- who created it, for classroom isolation
    body    TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS objects_by_parent ON objects (kind, parent, seq);
-- Runs by status, for the expiry reaper (every second) and recovery: only what can still move is read,
-- never every run's JSON. Partial: no other kind pays for it when written.
CREATE INDEX IF NOT EXISTS objects_run_status ON objects (json_extract(body, '$.status')) WHERE kind = 'run';
CREATE TABLE IF NOT EXISTS blobs (
    id      TEXT PRIMARY KEY,                   -- the file whose bytes these are
    data    BLOB NOT NULL
);
"""


BEGIN = "BEGIN IMMEDIATE"  # see Store.batch


def direction(order: str, after_seq: int | None, before_seq: int | None) -> tuple[str, str, bool]:
    """How a page is read: the comparisons for 'after' and 'before', and whether rows are read in ascending seq.

    'after' means further along in the chosen order, 'before' the other way. With only 'before', the page
    is the one just before the cursor: it is read towards the cursor, then flipped back into list order."""
    forward, backward = (">", "<") if order == "asc" else ("<", ">")
    ascending = (order == "asc") != (before_seq is not None and after_seq is None)
    return forward, backward, ascending


class Store:
    def __init__(self, path: str | Path) -> None:
        self.path = str(path)
        if self.path != ":memory:":
            Path(self.path).parent.mkdir(parents=True, exist_ok=True)
        # One connection, used from the server's event loop and, for the odd blocking call, its
        # worker threads; the lock keeps statements from interleaving.
        self._reserve = Reserve(None if self.path == ":memory:" else Path(self.path + ".reserve"))
        self._db = sqlite3.connect(self.path, check_same_thread=False, isolation_level=None, factory=Connection)
        self._db.on_full = self._reserve.release
        self._lock = threading.RLock()
        self._batches = 0  # batches begun so far: each one's number (current_batch)
        self._batch: int | None = None
        self._checkpointer: sqlite3.Connection | None = None
        with self._lock:
            self._db.execute("PRAGMA journal_mode=WAL")
            self._db.execute("PRAGMA synchronous=NORMAL")
            self._db.executescript(SCHEMA)

    def close(self) -> None:
        with self._lock:
            self._db.close()
            if self._checkpointer is not None:
                self._checkpointer.close()

    # -- the write-ahead log --------------------------------------------------------------------

    # SQLite copies its write-ahead log into the database file every 1,000 pages, inside whichever
    # commit crosses that line, and waits for the disk to take it (fsync). On the event loop that
    # doubled what an INSERT cost (about 45 µs to 95 µs, measured here). The server turns those
    # automatic checkpoints off (Engine.lifespan): a worker thread copies the log, and the loop then
    # copies only the few pages written meanwhile, so the log can start over and stays small. A
    # commit still appends to the log first: what a client was told is stored survives a kill -9.

    def defer_checkpoints(self) -> None:
        """Leave checkpoints to `copy_log` and `finish_checkpoint`, which the caller then runs often."""
        with self._lock:
            self._db.execute("PRAGMA wal_autocheckpoint=0")
            self._db.execute(f"PRAGMA journal_size_limit={64 * 1024 * 1024}")  # the log file, once it starts over

    def copy_log(self) -> int:
        """Copy what the log holds into the database file, on a connection of its own so that writers
        never wait for it (from a worker thread); returns the log's length in pages (0: nothing to do)."""
        if self.path == ":memory:":
            return 0
        if self._checkpointer is None:
            self._checkpointer = sqlite3.connect(self.path, check_same_thread=False, isolation_level=None, factory=Connection)
            self._checkpointer.on_full = self._reserve.release
        busy, pages, _copied = self._checkpointer.execute("PRAGMA wal_checkpoint(PASSIVE)").fetchone()
        return 0 if busy else max(0, pages)

    def finish_checkpoint(self, *, truncate: bool = False) -> None:
        """Copy the rest of the log, on the writers' own connection: the few pages written while `copy_log`
        ran. Only a log copied whole from the writers' side is started over by their next write.
        `truncate`: also empty the log file (when the server stops)."""
        with self._lock:
            self._db.execute(f"PRAGMA wal_checkpoint({'TRUNCATE' if truncate else 'PASSIVE'})").fetchone()

    # -- commits --------------------------------------------------------------------------------

    # A transaction that reads before it writes must hold the write lock from its start: the retrieval index writes
    # to the same file from worker threads (its own connection), and a transaction whose snapshot another connection
    # has since written past cannot write at all ("database is locked", SQLITE_BUSY_SNAPSHOT). IMMEDIATE waits for
    # the lock instead (the connection's busy timeout), as a single statement outside a transaction does.

    # Each statement outside a batch is a transaction of its own, and each commit appends every page it touched to
    # the log: an INSERT touches four (the row, the id and parent indexes, the sequence), about 70 µs here, while
    # four INSERTs in one transaction cost about 85 µs together. A run's reply writes half a dozen rows at once.

    @contextlib.contextmanager
    def batch(self) -> Iterator[None]:
        """The writes made inside commit once, together, at the end; nothing else changes: what was written stays
        written if the block raises, as it would have statement by statement. Only around code that never awaits:
        the lock is held throughout (a worker thread's read waits for the block)."""
        with self._lock:
            if self._db.in_transaction:  # inside another batch, or an all-or-nothing write: that one commits
                yield
                return
            self._db.execute(BEGIN)
            self._batches += 1
            self._batch = self._batches
            try:
                yield
            finally:
                self._batch = None
                if self._db.in_transaction:  # SQLite has rolled back by itself after a full disk
                    self._db.execute("COMMIT")

    @property
    def current_batch(self) -> int | None:
        """The number of the batch under way (no two batches share one), or None outside a batch. A batch never awaits
        and holds the lock, so what its code has read stays as it read it until the batch ends, but for its own writes."""
        return self._batch

    @contextlib.contextmanager
    def _all_or_nothing(self) -> Iterator[None]:
        """A transaction that is rolled back if the block raises (a savepoint of its own inside a batch)."""
        with self._lock:
            nested = self._db.in_transaction
            self._db.execute("SAVEPOINT whole" if nested else BEGIN)
            try:
                yield
            except BaseException:
                if self._db.in_transaction:  # SQLite rolls back itself when the disk is full
                    self._db.execute("ROLLBACK TO whole" if nested else "ROLLBACK")
                    if nested:
                        self._db.execute("RELEASE whole")
                raise
            self._db.execute("RELEASE whole" if nested else "COMMIT")

    # -- single objects -------------------------------------------------------------------------

    def insert(self, kind: str, obj: dict, *, parent: str | None = None, owner: str = "", text: str | None = None) -> dict:
        """Store a new object; `text`, if given, is `obj` already encoded (by `simulator.wire.dumps`)."""
        with self._lock:
            self._db.execute(
                "INSERT INTO objects (id, kind, parent, owner, body) VALUES (?, ?, ?, ?, ?)",
                (obj["id"], kind, parent, owner, text or dumps(obj)),
            )
        return obj

    def get(self, kind: str, object_id: str, *, owner: str | None = None, parent: str | None = None) -> dict | None:
        """The object, or None; with `owner` or `parent`, only if it has that owner, or lies under that parent."""
        sql = "SELECT body FROM objects WHERE id = ? AND kind = ?"
        args: list[Any] = [object_id, kind]
        if owner is not None:
            sql += " AND owner = ?"
            args.append(owner)
        if parent is not None:
            sql += " AND parent = ?"
            args.append(parent)
        with self._lock:
            row = self._db.execute(sql, args).fetchone()
        return json.loads(row[0]) if row else None

    def status_of(self, object_id: str) -> str | None:
        """An object's status alone, read without decoding the whole object; None if it is gone."""
        with self._lock:
            row = self._db.execute("SELECT json_extract(body, '$.status') FROM objects WHERE id = ?", (object_id,)).fetchone()
        return row[0] if row else None

    def parent_of(self, object_id: str) -> str | None:
        with self._lock:
            row = self._db.execute("SELECT parent FROM objects WHERE id = ?", (object_id,)).fetchone()
        return row[0] if row else None

    def owner_of(self, object_id: str) -> str:
        with self._lock:
            row = self._db.execute("SELECT owner FROM objects WHERE id = ?", (object_id,)).fetchone()
        return row[0] if row else ""

    def save(self, obj: dict, *, text: str | None = None) -> dict:
        """Write back an object that already exists (`text`: as for `insert`)."""
        with self._lock:
            self._db.execute("UPDATE objects SET body = ? WHERE id = ?", (text or dumps(obj), obj["id"]))
        return obj

    def delete(self, object_id: str) -> None:
        """Delete an object and everything below it (a thread's messages, runs and their steps).

        On a full disk too, so space can be freed: the first failure for want of space releases the reserve."""
        try:
            self._delete(object_id)
        except sqlite3.OperationalError as error:
            if not disk_full(error):
                raise
            self._delete(object_id)  # again, in the space the reserve left (or the same error: the envelope says what to do)
        self._reserve.restore()

    def _delete(self, object_id: str) -> None:
        with self._all_or_nothing():
            doomed = [object_id]
            while doomed:
                current = doomed.pop()
                doomed += [r[0] for r in self._db.execute("SELECT id FROM objects WHERE parent = ?", (current,))]
                self._db.execute("DELETE FROM objects WHERE id = ?", (current,))
                self._db.execute("DELETE FROM blobs WHERE id = ?", (current,))

    # -- lists ----------------------------------------------------------------------------------

    def seq_of(self, kind: str, object_id: str, parent: str | None = None) -> int | None:
        sql = "SELECT seq FROM objects WHERE id = ? AND kind = ?"
        args: list[Any] = [object_id, kind]
        if parent is not None:
            sql += " AND parent = ?"
            args.append(parent)
        with self._lock:
            row = self._db.execute(sql, args).fetchone()
        return row[0] if row else None

    def page(
        self,
        kind: str,
        *,
        parent: str | None = None,
        owner: str | None = None,
        limit: int = 20,
        order: str = "desc",
        after_seq: int | None = None,
        before_seq: int | None = None,
        where: dict[str, Any] | None = None,
    ) -> tuple[list[dict], bool]:
        """One page of a list, in creation order or its reverse, and whether more follow."""
        sql = "SELECT body FROM objects WHERE kind = ?"
        args: list[Any] = [kind]
        if parent is not None:
            sql += " AND parent = ?"
            args.append(parent)
        if owner is not None:
            sql += " AND owner = ?"
            args.append(owner)
        for field, value in (where or {}).items():
            sql += f" AND json_extract(body, '$.{field}') = ?"
            args.append(value)
        forward, backward, ascending = direction(order, after_seq, before_seq)
        if after_seq is not None:
            sql += f" AND seq {forward} ?"
            args.append(after_seq)
        if before_seq is not None:
            sql += f" AND seq {backward} ?"
            args.append(before_seq)
        sql += " ORDER BY seq " + ("ASC" if ascending else "DESC") + " LIMIT ?"
        args.append(limit + 1)
        with self._lock:
            rows = self._db.execute(sql, args).fetchall()
        items = [json.loads(r[0]) for r in rows[:limit]]
        if ascending != (order == "asc"):
            items.reverse()
        return items, len(rows) > limit

    @staticmethod
    def page_list(items: list[dict], *, limit: int = 20, order: str = "desc", after_seq: int | None = None, before_seq: int | None = None) -> tuple[list[dict], bool]:
        """`page` over objects kept inside another (a response's input items): their positions are their seqs."""
        forward, backward, ascending = direction(order, after_seq, before_seq)
        later = {">": int.__gt__, "<": int.__lt__}
        seqs = [
            seq for seq in range(len(items))
            if (after_seq is None or later[forward](seq, after_seq)) and (before_seq is None or later[backward](seq, before_seq))
        ]
        rows = sorted(seqs, reverse=not ascending)[: limit + 1]
        page = [items[seq] for seq in rows[:limit]]
        if ascending != (order == "asc"):
            page.reverse()
        return page, len(rows) > limit

    def describe(self, object_id: str) -> tuple[str, str | None, str] | None:
        """Whatever object holds this id, of any kind: (kind, parent, owner); None if the id is free."""
        with self._lock:
            row = self._db.execute("SELECT kind, parent, owner FROM objects WHERE id = ?", (object_id,)).fetchone()
        return (row[0], row[1], row[2]) if row else None

    def all(self, kind: str, *, parent: str | None = None, where: dict[str, Any] | None = None) -> list[dict]:
        """Every object of a kind (under a parent), oldest first; `where` maps a field to its value."""
        sql = "SELECT body FROM objects WHERE kind = ?"
        args: list[Any] = [kind]
        if parent is not None:
            sql += " AND parent = ?"
            args.append(parent)
        for field, value in (where or {}).items():
            sql += f" AND json_extract(body, '$.{field}') = ?"
            args.append(value)
        with self._lock:
            rows = self._db.execute(sql + " ORDER BY seq ASC", args).fetchall()
        return [json.loads(r[0]) for r in rows]

    # -- file bytes -----------------------------------------------------------------------------

    def put_blob(self, object_id: str, data: bytes) -> None:
        with self._lock:
            self._db.execute("INSERT OR REPLACE INTO blobs (id, data) VALUES (?, ?)", (object_id, data))

    def insert_file(self, file: dict, data: bytes, *, owner: str) -> dict:
        """A file object and its bytes, both or neither."""
        with self._all_or_nothing():
            self.insert("file", file, owner=owner)
            self.put_blob(file["id"], data)
        return file

    def get_blob(self, object_id: str) -> bytes | None:
        with self._lock:
            row = self._db.execute("SELECT data FROM blobs WHERE id = ?", (object_id,)).fetchone()
        return bytes(row[0]) if row else None


# -- a full disk -------------------------------------------------------------------------------------
# A write on a full disk fails with SQLITE_FULL (the edge answers it with a clear envelope, simulator/app.py).
# A delete needs room too (in WAL mode it appends to the log first), so a few MB are kept in a file beside the
# database: released at the first SQLITE_FULL, so the deletes that follow fit; made again once the disk has
# twice that free. (Freed pages stay in the database file for its next writes: the disk gets nothing back.)

RESERVE_BYTES = 2 << 20


def disk_full(error: BaseException) -> bool:
    """True for SQLite's "database or disk is full" (SQLITE_FULL) and for an OSError ENOSPC."""
    if isinstance(error, sqlite3.Error):
        return getattr(error, "sqlite_errorcode", None) == sqlite3.SQLITE_FULL
    return isinstance(error, OSError) and error.errno == errno.ENOSPC


class Connection(sqlite3.Connection):
    """sqlite3's connection, telling the store when a statement failed for want of space."""

    on_full = staticmethod(lambda: None)

    def execute(self, *args, **kwargs):
        try:
            return super().execute(*args, **kwargs)
        except sqlite3.OperationalError as error:
            if disk_full(error):
                self.on_full()
            raise


class Reserve:
    """RESERVE_BYTES of disk held beside the database for deletes on a full disk."""

    def __init__(self, path: Path | None) -> None:
        self.path = path
        self.restore()

    def release(self) -> None:
        if self.path is not None:
            with contextlib.suppress(OSError):
                self.path.unlink()

    def restore(self, need: int = 2 * RESERVE_BYTES) -> None:
        """Make it again if it is gone and the disk has `need` bytes free (never the last of them)."""
        if self.path is None or self.path.exists():
            return
        try:
            disk = os.statvfs(self.path.parent)
            if disk.f_bavail * disk.f_frsize < need:
                return
            with open(self.path, "wb") as file:
                os.posix_fallocate(file.fileno(), 0, RESERVE_BYTES)  # real blocks, not a sparse file
        except OSError:
            with contextlib.suppress(OSError):
                self.path.unlink()  # a part of it is no reserve
