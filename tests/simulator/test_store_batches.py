"""Store.batch: what one stretch of work writes commits once, at its end, and nothing else about those writes changes."""

from __future__ import annotations

import sqlite3
import threading

import pytest

from simulator.store import Store


@pytest.fixture
def stores(tmp_path):
    """The store, and a second connection to its file: it sees only what has been committed."""
    store = Store(tmp_path / "s.db")
    other = sqlite3.connect(tmp_path / "s.db")
    yield store, other
    other.close()
    store.close()


def committed(other: sqlite3.Connection) -> set[str]:
    return {row[0] for row in other.execute("SELECT id FROM objects")}


def test_the_writes_of_a_batch_commit_together_at_its_end(stores):
    store, other = stores
    with store.batch():
        store.insert("thread", {"id": "thread_a"})
        store.insert("message", {"id": "msg_a"}, parent="thread_a")
        with store.batch():  # inside another: part of it
            store.save({"id": "thread_a", "metadata": {"k": "v"}})
        assert committed(other) == set()
        assert store.get("thread", "thread_a") == {"id": "thread_a", "metadata": {"k": "v"}}  # the store reads its own writes
    assert committed(other) == {"thread_a", "msg_a"}
    store.insert("thread", {"id": "thread_b"})  # outside a batch: committed at once, as before
    assert committed(other) == {"thread_a", "msg_a", "thread_b"}


def test_a_batch_that_raises_keeps_what_it_wrote_before(stores):
    store, other = stores
    with pytest.raises(RuntimeError), store.batch():
        store.insert("thread", {"id": "thread_a"})
        raise RuntimeError("a bug after the write")
    assert committed(other) == {"thread_a"}


def test_an_all_or_nothing_write_inside_a_batch_undoes_only_itself(stores):
    store, other = stores
    file = {"id": "file_a", "object": "file"}
    with store.batch():
        store.insert("thread", {"id": "thread_a"})
        store.insert("message", {"id": "msg_a"}, parent="thread_a")
        with pytest.raises(sqlite3.Error):
            store.insert_file(file, object(), owner="")  # its bytes cannot be stored: the file row goes too
        store.delete("msg_a")  # a delete (all or nothing too) inside the batch
        store.insert("thread", {"id": "thread_b"})
    assert committed(other) == {"thread_a", "thread_b"}  # the batch's other writes stand
    with pytest.raises(sqlite3.Error):
        store.insert_file(file, object(), owner="")  # outside a batch: neither row nor bytes, as before
    assert committed(other) == {"thread_a", "thread_b"} and store.get_blob("file_a") is None


def test_a_batch_that_reads_first_still_writes_while_another_connection_writes(tmp_path):
    """The retrieval index writes to the same file from worker threads: a batch holds the write lock from its start,
    so such a write waits for the batch to end (instead of leaving the batch a stale snapshot it cannot write from)."""
    store = Store(tmp_path / "s.db")
    store.insert("thread", {"id": "thread_a"})
    elsewhere = sqlite3.connect(tmp_path / "s.db", timeout=60, check_same_thread=False)
    wrote = threading.Event()

    def write_elsewhere() -> None:
        elsewhere.execute("INSERT INTO objects (id, kind, body) VALUES ('thread_b', 'thread', '{}')")
        elsewhere.commit()
        wrote.set()

    writer = threading.Thread(target=write_elsewhere)
    with store.batch():
        assert store.get("thread", "thread_a") is not None  # a read first
        writer.start()
        assert not wrote.wait(1)  # it waits for the batch (a write that went ahead would leave this one unable to write)
        store.insert("thread", {"id": "thread_c"})
    writer.join(60)
    assert wrote.is_set() and committed(elsewhere) == {"thread_a", "thread_b", "thread_c"}
    elsewhere.close()
    store.close()


def test_a_delete_holds_the_write_lock_from_its_first_read(tmp_path):
    """A delete reads what lies under the object, then deletes it all. Begun as a plain read, another connection's
    write in between (the retrieval index's, from a worker thread) left it a snapshot it could not write from:
    "database is locked", a 500, and the thread stayed (the likely cause of a rare failure of
    tests/course/test_checks_00_03.py::test_read_all_leaves_no_thread_behind, whose simulator also indexes files)."""
    store = Store(tmp_path / "s.db")
    store.insert("thread", {"id": "thread_a"})
    store.insert("message", {"id": "msg_a"}, parent="thread_a")
    elsewhere = sqlite3.connect(tmp_path / "s.db", timeout=0, isolation_level=None)
    tried: list[str] = []

    def write_elsewhere_after_the_first_read(statement: str) -> None:
        if statement.startswith("DELETE FROM objects") and not tried:  # the delete has read what lies under the thread
            try:
                elsewhere.execute("INSERT INTO objects (id, kind, body) VALUES ('thread_b', 'thread', '{}')")
                tried.append("wrote")
            except sqlite3.OperationalError:
                tried.append("refused")  # the delete holds the write lock: this write waits for it

    store._db.set_trace_callback(write_elsewhere_after_the_first_read)
    try:
        store.delete("thread_a")
    finally:
        store._db.set_trace_callback(None)
    assert tried == ["refused"] and store.get("thread", "thread_a") is None and store.get("message", "msg_a") is None
    elsewhere.close()
    store.close()


def test_each_batch_has_a_number_of_its_own_and_a_nested_one_shares_it(stores):
    """Store.current_batch: what lets an adapter trust, until the batch ends, what it read inside it."""
    store, _ = stores
    assert store.current_batch is None
    with store.batch():
        first = store.current_batch
        with store.batch():
            assert store.current_batch == first
        assert store.current_batch == first
    assert store.current_batch is None
    with store.batch():
        assert store.current_batch not in (None, first)
    with pytest.raises(RuntimeError), store.batch():
        raise RuntimeError("the block failed")
    assert store.current_batch is None  # ended with its block, however it ended
