"""Pub/sub for run events: every subscriber of a run gets each event, encoded once, until the run stops."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator

from simulator.engine.statuses import RUN_STOPS
from simulator.wire import dumps

DONE = ("done", "[DONE]")


class Streams:
    def __init__(self) -> None:
        self._subscribers: dict[str, list[asyncio.Queue]] = {}
        self._unencoded: set[asyncio.Queue] = set()  # long polls: they wait for a stop and read its run, never JSON

    def watched(self, run_id: str) -> bool:
        """Someone streams (or long-polls) this run."""
        return run_id in self._subscribers

    def encodes(self, run_id: str) -> bool:
        """Someone reads this run's events as JSON (a stream, not only a long poll): worth encoding an object for."""
        return any(queue not in self._unencoded for queue in self._subscribers.get(run_id, ()))

    def subscribe(self, run_id: str, *, unencoded: bool = False) -> asyncio.Queue:
        """A queue of the run's (event, payload) pairs; with `unencoded`, (event, object as emitted, its encoding if the
        emitter had one, else None): nothing is encoded for it."""
        queue: asyncio.Queue = asyncio.Queue()
        self._subscribers.setdefault(run_id, []).append(queue)
        if unencoded:
            self._unencoded.add(queue)
        return queue

    def unsubscribe(self, run_id: str, queue: asyncio.Queue) -> None:
        queues = self._subscribers.get(run_id, [])
        if queue in queues:
            queues.remove(queue)
        self._unencoded.discard(queue)
        if not queues:
            self._subscribers.pop(run_id, None)

    def emit(self, run_id: str, event: str, data: dict, payload: str | None = None) -> None:
        """Send `data` to the run's subscribers; `payload`, if given, is `data` already encoded."""
        for queue in self._subscribers.get(run_id, ()):
            if queue in self._unencoded:
                queue.put_nowait((event, data, payload))
                continue
            payload = payload or dumps(data)  # encoded once, and only when someone reads it
            queue.put_nowait((event, payload))

    async def events(self, queue: asyncio.Queue) -> AsyncIterator[list[tuple[str, str]]]:
        """A run's events, in batches of those already waiting, until it stops moving (terminal or
        requires_action), then `done`.

        Batches let a stream send what a burst of the engine emitted in one write: a scripted reply's
        dozen events cost one chunk, not twelve. Whoever subscribed the queue unsubscribes it (the
        stream's route, however the stream ends).
        """
        while True:
            batch = [await queue.get()]
            while batch[-1][0] not in RUN_STOPS and not queue.empty():
                batch.append(queue.get_nowait())
            if batch[-1][0] in RUN_STOPS:
                yield [*batch, DONE]
                return
            yield batch
