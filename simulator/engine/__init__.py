"""The engine: one turn driver for every API family, and what the families share while the server runs.

`Engine` holds the model, the streams, the vector stores, the containers and the tasks that drive objects,
and runs the server's background work (expiry, checkpoints, recovery after a restart). The turn loop itself
is simulator.engine.driver's; each API family is a thin adapter over it: runs (simulator.engine.runs),
responses (simulator.engine.responses) and chat completions (simulator.engine.chat). The engine knows models only through simulator.model's interface.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import sys
from collections.abc import AsyncIterator, Coroutine

from simulator.engine.chat import ChatCompletions
from simulator.engine.containers import Containers
from simulator.engine.responses import Responses
from simulator.engine.runs import Runs
from simulator.engine.streams import Streams
from simulator.model import Model, load_model
from simulator.retrieval.vector_stores import VectorStores
from simulator.settings import Settings
from simulator.store import Store

log = logging.getLogger("simulator.engine")


class Engine:
    def __init__(self, store: Store, settings: Settings) -> None:
        self.store = store
        self.settings = settings
        self.streams = Streams()
        self._model: Model | None = None
        self._tasks: dict[str, asyncio.Task] = {}  # the driver of each object being driven, by its id
        self.vector_stores = VectorStores(store, settings)  # vector stores, their ingestion and search
        self.containers = Containers(store)
        self.runs = Runs(self)
        self.responses = Responses(self)
        self.chat = ChatCompletions(self)

    @property
    def model(self) -> Model:
        if self._model is None:
            self._model = load_model(self.settings)  # the scripted model unless the settings name a backend
        return self._model

    @model.setter
    def model(self, model: Model) -> None:
        self._model = model

    # -- the objects being driven ------------------------------------------------------------------

    def start_task(self, object_id: str, work: Coroutine) -> asyncio.Task:
        task = asyncio.create_task(work, name=f"drive {object_id}")
        self._tasks[object_id] = task
        task.add_done_callback(lambda done: self._tasks.pop(object_id, None) if self._tasks.get(object_id) is done else None)
        return task

    def stop_task(self, object_id: str) -> None:
        """Stop an object's driver (expired, or cancelled with nothing left to do), unless it is the caller."""
        task = self._tasks.pop(object_id, None)
        if task is not None and task is not asyncio.current_task():
            task.cancel()

    def driving(self, object_id: str) -> bool:
        return object_id in self._tasks

    # -- lifecycle of the server ---------------------------------------------------------------

    @contextlib.asynccontextmanager
    async def lifespan(self, app) -> AsyncIterator[None]:
        self.runs.recover()
        self.responses.recover()
        self.vector_stores.recover()
        self.store.defer_checkpoints()
        reaper = asyncio.create_task(self._reap_expired())
        checkpoints = asyncio.create_task(self._checkpoint_often())
        try:
            yield
        finally:
            await self.vector_stores.close()
            reaper.cancel()
            checkpoints.cancel()
            for task in list(self._tasks.values()):
                task.cancel()
            await asyncio.gather(*self._tasks.values(), reaper, checkpoints, return_exceptions=True)
            sandbox = sys.modules.get("simulator.sandbox")  # imported by the first code run, if any ran
            if sandbox is not None:
                await sandbox.end_sessions()  # every session's processes gone, and waited for, before the server is
            self.store.finish_checkpoint(truncate=True)

    def end_code_session(self, key: str) -> None:
        """End the code session of a thread or container being deleted (its processes and files go now, not at expiry)."""
        sandbox = sys.modules.get("simulator.sandbox")  # not imported: no code ran, so no session to end
        if sandbox is not None:
            sandbox.end_session(key)

    async def _reap_expired(self) -> None:
        while True:
            await asyncio.sleep(1)
            with contextlib.suppress(Exception):
                self.runs.reap_expired()

    async def _checkpoint_often(self) -> None:
        """The store's checkpoints, mostly off the event loop (see Store.defer_checkpoints)."""
        while True:
            await asyncio.sleep(0.5)
            try:
                # A worker thread copies the log while the loop keeps writing; it goes again while
                # those writes are many, so what is left for the loop to copy is little.
                pages = copied = 0
                for _ in range(3):
                    copied, pages = pages, await asyncio.to_thread(self.store.copy_log)
                    if pages - copied < 256:
                        break
                if pages:
                    self.store.finish_checkpoint()
            except Exception:  # a busy or vanished database: the next turn tries again
                log.debug("checkpoint skipped", exc_info=True)
