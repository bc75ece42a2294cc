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

    def watched(self, run_id: str) -> bool:
        """Someone streams (or long-polls) this run."""
        return run_id in self._subscribers

    def subscribe(self, run_id: str) -> asyncio.Queue:
        queue: asyncio.Queue = asyncio.Queue()
        self._subscribers.setdefault(run_id, []).append(queue)
        return queue

    def unsubscribe(self, run_id: str, queue: asyncio.Queue) -> None:
        queues = self._subscribers.get(run_id, [])
        if queue in queues:
            queues.remove(queue)
        if not queues:
            self._subscribers.pop(run_id, None)

    def emit(self, run_id: str, event: str, data: dict) -> None:
        if run_id in self._subscribers:
            payload = dumps(data)
            for queue in self._subscribers[run_id]:
                queue.put_nowait((event, payload))

    async def events(self, queue: asyncio.Queue) -> AsyncIterator[tuple[str, str]]:
        """A run's events until it stops moving (terminal or requires_action), then `done`.

        Whoever subscribed the queue unsubscribes it (the stream's route, however the stream ends).
        """
        while True:
            event, payload = await queue.get()
            yield event, payload
            if event in RUN_STOPS:
                break
        yield DONE
