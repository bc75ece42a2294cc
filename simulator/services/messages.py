"""A thread's messages: create, read, change, delete, list."""

from __future__ import annotations

from simulator.services import Caller, access, pager
from simulator.services.threads import refuse_while_active, store_message


def create(caller: Caller, thread: dict, message: dict) -> dict:
    refuse_while_active(caller, thread["id"], "add messages to")
    return store_message(caller, thread, message)


def get(caller: Caller, thread: dict, message_id: str) -> dict:
    return access.get(caller, "message", message_id, parent=thread["id"])


def save(caller: Caller, message: dict) -> dict:
    return caller.store.save(message)


def delete(caller: Caller, message: dict) -> None:
    caller.store.delete(message["id"])


def listing(caller: Caller, thread: dict, query: dict, run_id: str | None) -> dict:
    return pager.page(caller, "message", query, noun="message", parent=thread["id"], where={"run_id": run_id} if run_id else None)
