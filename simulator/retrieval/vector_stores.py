"""Vector stores at work: file ingestion as background jobs, and search across a list of stores.

Objects live in the store (kinds `vector_store`, `vector_store_file` under its store, `vector_store_file_batch`
under its store); chunks and embeddings live in the retrieval index's tables of the same SQLite file. A file
is added `in_progress` and ingested by a background task (text extraction, chunking, embedding run in a
worker thread, one file at a time, so the server keeps answering); it ends `completed`, or `failed` with a
`last_error` that says why, or `cancelled`. Each change recounts its store's and batch's `file_counts`,
`usage_bytes` and `status`. A restart ends an ingestion cut off mid-way `failed` (server_error), as runs end.
"""

from __future__ import annotations

import asyncio
import logging
import time
from collections.abc import Callable, Sequence
from typing import Any

from simulator.ids import now
from simulator.settings import Settings
from simulator.store import Store
from simulator.wire.vector_stores import DAY, file_batch_object, file_counts, set_expiry, vector_store_file_object, vector_store_object

log = logging.getLogger("simulator.file_search")

THREAD_STORE_EXPIRY = {"anchor": "last_active_at", "days": 7}  # stores made by thread helpers, as the real API made them
READY_TIMEOUT = 60.0  # how long a run's search waits for files still being ingested


def file_key(vector_store_id: str, file_id: str) -> str:
    return f"{vector_store_id}/{file_id}"


class VectorStores:
    """Every vector store's files, their ingestion and search (reached as engine.vector_stores)."""

    def __init__(self, store: Store, settings: Settings) -> None:
        self.store = store
        self.settings = settings
        self._index = None
        self._tasks: set[asyncio.Task] = set()
        self._worker: asyncio.Lock | None = None

    # -- the index ------------------------------------------------------------------------------

    @property
    def index(self):
        """The retrieval index, in the store's own database file (opened on first use: numpy and the embedder load late)."""
        if self._index is None:
            from simulator.retrieval import RetrievalIndex

            path = self.store.path
            # An in-memory store cannot be opened twice: share its connection then.
            self._index = RetrievalIndex(self.store._db if path == ":memory:" else path)
        return self._index

    # -- stores ---------------------------------------------------------------------------------

    def create(self, *, owner: str, name: str | None = None, metadata: dict | None = None, expires_after: dict | None = None, files: Sequence[tuple[str, dict, dict | None]] = ()) -> dict:
        """A new vector store, with `files` ((file id, chunking strategy, attributes)) being ingested."""
        vector_store = vector_store_object(name, metadata, expires_after)
        self.store.insert("vector_store", vector_store, owner=owner)
        for file_id, chunking, attributes in files:
            self.add_file(vector_store["id"], file_id, chunking, attributes, owner=owner)
        return self.refresh(vector_store["id"])

    def settle(self, vector_store: dict) -> dict:
        """Apply what time alone does (expiry) before anyone reads the store."""
        if vector_store.get("expires_at") and vector_store["status"] != "expired" and now() >= vector_store["expires_at"]:
            vector_store["status"] = "expired"
            self.store.save(vector_store)
        return vector_store

    def touch(self, vector_store_id: str) -> None:
        """The store was used (searched, or by a run): its expiry clock starts again."""
        vector_store = self.store.get("vector_store", vector_store_id)
        if vector_store is None or vector_store["status"] == "expired":
            return
        vector_store["last_active_at"] = now()
        if vector_store.get("expires_after"):
            vector_store["expires_at"] = vector_store["last_active_at"] + vector_store["expires_after"]["days"] * DAY
        self.store.save(vector_store)

    def update(self, vector_store: dict, *, name=..., expires_after=..., metadata=...) -> dict:
        if name is not ...:
            vector_store["name"] = name or ""
        if metadata is not ...:
            vector_store["metadata"] = metadata or {}
        if expires_after is not ...:
            set_expiry(vector_store, expires_after)
        return self.store.save(vector_store)

    def delete(self, vector_store_id: str) -> None:
        self.index.remove_vector_store(vector_store_id)
        self.store.delete(vector_store_id)  # its files and batches go with it

    def refresh(self, vector_store_id: str) -> dict:
        """Recount a store's files, bytes and status from its files."""
        vector_store = self.store.get("vector_store", vector_store_id)
        if vector_store is None:
            return {}
        files = self.store.all("vector_store_file", parent=vector_store_id)
        counts = {status: sum(1 for f in files if f["status"] == status) for status in ("in_progress", "completed", "failed", "cancelled")}
        vector_store["file_counts"] = file_counts(**counts)
        vector_store["usage_bytes"] = sum(f["usage_bytes"] for f in files if f["status"] == "completed")
        if vector_store["status"] != "expired":
            vector_store["status"] = "in_progress" if counts["in_progress"] else "completed"
        return self.store.save(vector_store)

    # -- files ----------------------------------------------------------------------------------

    def add_file(self, vector_store_id: str, file_id: str, chunking: dict, attributes: dict | None, *, owner: str, batch_id: str | None = None) -> dict:
        """Put a file in a store (in_progress) and start its ingestion; a file already there is ingested again."""
        key = file_key(vector_store_id, file_id)
        existing = self.store.get("vector_store_file", key)
        if existing is not None:
            self.store.delete(key)
        item = vector_store_file_object(vector_store_id, file_id, chunking, attributes, batch_id)
        self.store.insert("vector_store_file", item, parent=vector_store_id, owner=owner)
        self._start(key)
        return item

    def remove_file(self, vector_store_id: str, file_id: str) -> None:
        key = file_key(vector_store_id, file_id)
        item = self.store.get("vector_store_file", key)
        self.index.remove_file(vector_store_id, file_id)
        self.store.delete(key)
        self.refresh(vector_store_id)
        if item and item.get("_batch_id"):
            self.refresh_batch(item["_batch_id"])

    def forget_file(self, file_id: str) -> None:
        """The File itself was deleted: it leaves every store it was in."""
        for item in self.store.all("vector_store_file", where={"_file_id": file_id}):
            self.remove_file(item["vector_store_id"], file_id)

    def set_attributes(self, item: dict, attributes: dict | None) -> dict:
        item["attributes"] = attributes or {}
        self.store.save(item)
        self.index.set_attributes(item["vector_store_id"], item["_file_id"], item["attributes"])
        return item

    def content(self, item: dict) -> list[str]:
        """The parsed text of a vector store file, as its `/content` lists it (nothing until it is ingested)."""
        if item["status"] != "completed":
            return []
        from simulator.retrieval import extract_text

        file = self.store.get("file", item["_file_id"])
        data = self.store.get_blob(item["_file_id"])
        if file is None or data is None:
            return []
        try:
            return [extract_text(file["filename"], data)]
        except ValueError:
            return []

    # -- batches --------------------------------------------------------------------------------

    def create_batch(self, vector_store_id: str, files: Sequence[tuple[str, dict, dict | None]], *, owner: str) -> dict:
        batch = file_batch_object(vector_store_id)
        self.store.insert("vector_store_file_batch", batch, parent=vector_store_id, owner=owner)
        for file_id, chunking, attributes in files:
            self.add_file(vector_store_id, file_id, chunking, attributes, owner=owner, batch_id=batch["id"])
        self.refresh(vector_store_id)
        return self.refresh_batch(batch["id"])

    def refresh_batch(self, batch_id: str) -> dict:
        batch = self.store.get("vector_store_file_batch", batch_id)
        if batch is None:
            return {}
        files = self.store.all("vector_store_file", parent=batch["vector_store_id"], where={"_batch_id": batch_id})
        counts = {status: sum(1 for f in files if f["status"] == status) for status in ("in_progress", "completed", "failed", "cancelled")}
        batch["file_counts"] = file_counts(**counts)
        if batch["status"] == "in_progress" and not counts["in_progress"]:
            batch["status"] = "completed"  # even when some files failed: file_counts says so, as on the real service
        return self.store.save(batch)

    def cancel_batch(self, batch: dict) -> dict:
        """Files not yet ingested stop (cancelled); those done stay. The batch ends cancelled."""
        for item in self.store.all("vector_store_file", parent=batch["vector_store_id"], where={"_batch_id": batch["id"], "status": "in_progress"}):
            item["status"] = "cancelled"
            self.store.save(item)
        batch["status"] = "cancelled"
        self.store.save(batch)
        self.refresh(batch["vector_store_id"])
        return self.refresh_batch(batch["id"])

    # -- ingestion ------------------------------------------------------------------------------

    def _start(self, key: str) -> None:
        try:
            loop = asyncio.get_running_loop()
        except RuntimeError:  # no server running (a script using the store directly): ingest now
            asyncio.run(self._ingest(key))
            return
        task = loop.create_task(self._ingest(key), name=f"ingest {key}")
        self._tasks.add(task)
        task.add_done_callback(self._tasks.discard)

    async def _ingest(self, key: str) -> None:
        if self._worker is None:
            self._worker = asyncio.Lock()
        async with self._worker:  # one file at a time: the embedder is CPU work
            item = self.store.get("vector_store_file", key)
            if item is None or item["status"] != "in_progress":
                return
            vector_store_id, file_id = item["vector_store_id"], item["_file_id"]
            try:
                file = self.store.get("file", file_id)
                data = self.store.get_blob(file_id)
                if file is None or data is None:
                    raise IngestError("invalid_file", f"The file {file_id} was deleted before it could be processed.")
                strategy = _strategy(item["chunking_strategy"])
                chunks = await asyncio.to_thread(self.index.index_file, vector_store_id, file_id, file["filename"], data, strategy, item["attributes"])
                error = None
            except asyncio.CancelledError:
                raise
            except Exception as failure:  # noqa: BLE001 - every failure is the file's last_error
                chunks, error = [], _last_error(failure, file_id)
            item = self.store.get("vector_store_file", key)
            if item is None or item["status"] != "in_progress":  # deleted or cancelled meanwhile: drop what was indexed
                self.index.remove_file(vector_store_id, file_id)
                return
            if error is None:
                item.update(status="completed", usage_bytes=sum(len(c.text.encode("utf-8")) for c in chunks))
            else:
                self.index.remove_file(vector_store_id, file_id)
                item.update(status="failed", last_error=error, usage_bytes=0)
            self.store.save(item)
            self.refresh(vector_store_id)
            if item.get("_batch_id"):
                self.refresh_batch(item["_batch_id"])

    def recover(self) -> None:
        """After a restart, no ingestion is left in progress with nobody working on it, and none of a failed file's
        chunks stays searchable (a kill mid-ingestion may have left some in the index)."""
        stores, batches = set(), set()
        for item in self.store.all("vector_store_file", where={"status": "in_progress"}):
            item.update(status="failed", last_error={"code": "server_error", "message": "The simulator restarted while this file was being processed."})
            self.index.remove_file(item["vector_store_id"], item.get("_file_id") or item["id"])
            self.store.save(item)
            stores.add(item["vector_store_id"])
            if item.get("_batch_id"):
                batches.add(item["_batch_id"])
        for batch in self.store.all("vector_store_file_batch", where={"status": "in_progress"}):
            batches.add(batch["id"])
        for vector_store_id in stores:
            self.refresh(vector_store_id)
        for batch_id in batches:
            self.refresh_batch(batch_id)

    async def close(self) -> None:
        for task in list(self._tasks):
            task.cancel()
        await asyncio.gather(*self._tasks, return_exceptions=True)

    async def settled(self, kind: str, key: str, timeout: float) -> dict | None:
        """A long poll: the object once it is no longer in_progress, or as it is after `timeout`."""
        deadline = time.monotonic() + timeout
        while True:
            obj = self.store.get(kind, key)
            if obj is None or obj["status"] != "in_progress" or time.monotonic() >= deadline:
                return obj
            await asyncio.sleep(0.01)

    async def ready(self, vector_store_ids: Sequence[str], timeout: float = READY_TIMEOUT, check: Callable[[], Any] | None = None) -> None:
        """Wait until none of these stores has a file still being ingested (at most `timeout`)."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if not any(self.store.all("vector_store_file", parent=vs, where={"status": "in_progress"}) for vs in vector_store_ids):
                return
            if check is not None:
                check()
            await asyncio.sleep(0.02)

    # -- search ---------------------------------------------------------------------------------

    async def search(self, vector_store_ids: Sequence[str], query, *, max_num_results: int = 10, filters: dict | None = None, ranking_options: dict | None = None):
        """The best chunks (retrieval SearchHits) across live stores, best first; the stores count as used."""
        live = [vs for vs in vector_store_ids if (found := self.store.get("vector_store", vs)) is not None and self.settle(found)["status"] != "expired"]
        for vs in live:
            self.touch(vs)
        if not live:
            return []
        return await asyncio.to_thread(self.index.search, live, query, max_num_results, filters, ranking_options)

    # -- threads and runs -------------------------------------------------------------------------

    def inline_store(self, spec: dict, *, owner: str) -> str:
        """tool_resources.file_search.vector_stores[0]: a store made on the fly from file ids (7 days' expiry)."""
        chunking = spec.get("chunking_strategy") or auto_chunking()
        vector_store = self.create(owner=owner, metadata=spec.get("metadata"), expires_after=THREAD_STORE_EXPIRY, files=[(f, chunking, None) for f in spec.get("file_ids", [])])
        return vector_store["id"]

    def attach(self, thread: dict, message: dict, *, owner: str) -> None:
        """A message's attachments for file_search go into its thread's vector store, made for it if need be."""
        file_ids = [a["file_id"] for a in message.get("attachments") or [] if any(t["type"] == "file_search" for t in a["tools"])]
        if not file_ids:
            return
        resources = thread.setdefault("tool_resources", {}) or {}
        ids = (resources.get("file_search") or {}).get("vector_store_ids") or []
        if ids and self.store.get("vector_store", ids[0]) is not None:
            vector_store_id = ids[0]
        else:
            vector_store_id = self.create(owner=owner, expires_after=THREAD_STORE_EXPIRY)["id"]
            resources["file_search"] = {"vector_store_ids": [vector_store_id]}
            thread["tool_resources"] = resources
            self.store.save(thread)
        for file_id in file_ids:
            if self.store.get("vector_store_file", file_key(vector_store_id, file_id)) is None:
                self.add_file(vector_store_id, file_id, auto_chunking(), None, owner=owner)
        self.refresh(vector_store_id)


def auto_chunking() -> dict:
    return {"type": "static", "static": {"max_chunk_size_tokens": 800, "chunk_overlap_tokens": 400}}


def _strategy(chunking: dict):
    from simulator.retrieval import resolve_chunking_strategy

    return resolve_chunking_strategy(chunking)


class IngestError(Exception):
    def __init__(self, code: str, message: str) -> None:
        super().__init__(message)
        self.code, self.message = code, message


def _last_error(failure: Exception, file_id: str) -> dict:
    """A file's last_error: unsupported_file or invalid_file (naming the file), else server_error."""
    from simulator.retrieval import FileContentError

    if isinstance(failure, (FileContentError, IngestError)):
        return {"code": failure.code, "message": f"{failure.message} (file {file_id})" if file_id not in failure.message else failure.message}
    log.exception("ingesting %s failed inside the simulator", file_id, exc_info=failure)
    return {"code": "server_error", "message": f"The simulator failed while processing file {file_id}: {type(failure).__name__}."}
