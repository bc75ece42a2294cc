"""Services: what the routes ask of the simulator (create, read, change, delete), with ownership checked once.

Routes read a request (through simulator.http), call a service with the `Caller` it came from, and write
the answer; only services touch the store. Whose an object is, and what another key's id answers, is
decided in one place: `simulator.services.access`.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class Caller:
    """Who asks (a digest of their key, never the key) and the simulator they ask: its store, engine and settings."""

    app: Any  # simulator.app.Simulator
    owner: str

    @property
    def store(self):
        return self.app.store

    @property
    def engine(self):
        return self.app.engine

    @property
    def runs(self):
        return self.app.runs

    @property
    def responses(self):
        return self.app.responses

    @property
    def containers(self):
        return self.app.containers

    @property
    def settings(self):
        return self.app.settings

    @property
    def scope(self) -> str | None:
        """The owner reads are filtered by: only in classroom mode (--isolate-keys), where each key sees its own."""
        return self.owner if self.settings.isolate_keys else None
