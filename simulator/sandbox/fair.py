"""Fair shares of the sandboxes: at most code_concurrency cells at once, at most code_slots_per_key of them per API key."""

from __future__ import annotations

import asyncio
import collections
import contextvars
import math
import os

from simulator.sandbox.config import current_settings

# Whose code this is: a digest of the API key, set by the server's edge for each request; the run's task
# inherits it (asyncio copies the context when a task is created).
OWNER: contextvars.ContextVar[str] = contextvars.ContextVar("sandbox_owner", default="")


class FairSlots:
    """At most `capacity` sandboxes at once, at most `per_owner` of them for one API key.

    Waiting cells are queued per owner and served round-robin, the owner with the fewest running first,
    so a key that keeps the sandboxes busy (runaway code, many runs) cannot starve another key's cells:
    with the default cap (half the slots, rounded up) a slot is always left for someone else."""

    def __init__(self, capacity: int, per_owner: int) -> None:
        self.capacity = max(1, capacity)
        self.per_owner = max(1, min(per_owner, self.capacity))
        self.running: collections.Counter[str] = collections.Counter()
        self.waiting: dict[str, collections.deque[asyncio.Future]] = {}  # insertion order is the rotation

    def _can_start(self, owner: str) -> bool:
        return sum(self.running.values()) < self.capacity and self.running[owner] < self.per_owner

    async def acquire(self, owner: str) -> None:
        if not self.waiting and self._can_start(owner):
            self.running[owner] += 1
            return
        future = asyncio.get_running_loop().create_future()
        self.waiting.setdefault(owner, collections.deque()).append(future)
        self._dispatch()
        try:
            await future
        except asyncio.CancelledError:
            if future.done() and not future.cancelled():
                self.release(owner)  # granted just as it was cancelled: give the slot back
            else:
                queue = self.waiting.get(owner)
                if queue is not None and future in queue:
                    queue.remove(future)
                    if not queue:
                        del self.waiting[owner]
            raise

    def release(self, owner: str) -> None:
        self.running[owner] -= 1
        if self.running[owner] <= 0:
            del self.running[owner]
        self._dispatch()

    def _dispatch(self) -> None:
        while True:
            ready = [owner for owner in self.waiting if self._can_start(owner)]
            if not ready:
                return
            owner = min(ready, key=lambda o: self.running[o])  # ties: the first in rotation order
            queue = self.waiting.pop(owner)
            future = queue.popleft()
            if queue:
                self.waiting[owner] = queue  # to the back of the rotation
            if future.cancelled():
                continue
            self.running[owner] += 1
            future.set_result(None)


_slots: dict[asyncio.AbstractEventLoop, FairSlots] = {}


def slots() -> FairSlots:
    """code_concurrency sandboxes (default one per CPU), code_slots_per_key of them per key (default half, rounded up)."""
    loop = asyncio.get_running_loop()
    if loop not in _slots:
        _slots.clear()  # an earlier loop (tests run several) is over
        settings = current_settings()
        capacity = max(1, settings.code_concurrency if settings.code_concurrency is not None else os.cpu_count() or 2)
        per_owner = settings.code_slots_per_key if settings.code_slots_per_key is not None else math.ceil(capacity / 2)
        _slots[loop] = FairSlots(capacity, per_owner)
    return _slots[loop]


def reset() -> None:
    """The next cell sizes the shared slots from the settings then in use; cells running keep theirs."""
    _slots.clear()
