"""Assistants: create, read, change, delete, list."""

from __future__ import annotations

from simulator.services import Caller, access, pager
from simulator.services.vector_stores import InlineStores


def create(caller: Caller, assistant: dict, plan: InlineStores) -> dict:
    """Store a checked assistant, after making the stores its tool_resources asked for."""
    plan.carry_out(caller)
    return caller.store.insert("assistant", assistant, owner=caller.owner)


def get(caller: Caller, assistant_id: str, *, param: str | None = None) -> dict:
    return access.get(caller, "assistant", assistant_id, param=param)


def save(caller: Caller, assistant: dict, plan: InlineStores) -> dict:
    plan.carry_out(caller)
    return caller.store.save(assistant)


def delete(caller: Caller, assistant: dict) -> None:
    caller.store.delete(assistant["id"])


def listing(caller: Caller, query: dict) -> dict:
    return pager.page(caller, "assistant", query, noun="assistant")
