"""Threads: create (with their first messages), read, change, delete; and the rule that an active run locks a thread."""

from __future__ import annotations

from simulator.engine.statuses import ACTIVE
from simulator.errors import invalid
from simulator.services import Caller, access
from simulator.services.vector_stores import InlineStores


def get(caller: Caller, thread_id: str) -> dict:
    return access.get(caller, "thread", thread_id)


def create(caller: Caller, thread: dict, messages: list[dict], plan: InlineStores) -> dict:
    """Store a checked thread and its messages, after making the stores its tool_resources asked for."""
    plan.carry_out(caller)
    with caller.store.batch():  # one commit for the thread and its messages
        caller.store.insert("thread", thread, owner=caller.owner)
        for message in messages:
            store_message(caller, thread, message)
    return thread


def store_message(caller: Caller, thread: dict, message: dict) -> dict:
    """Store a message in the thread; its attachments for file_search go into the thread's vector store (made if need be)."""
    caller.store.insert("message", message, parent=thread["id"], owner=caller.owner)
    caller.engine.vector_stores.attach(thread, message, owner=caller.owner)
    return message


def save(caller: Caller, thread: dict, plan: InlineStores) -> dict:
    plan.carry_out(caller)
    return caller.store.save(thread)


def refuse_while_active(caller: Caller, thread_id: str, what: str) -> None:
    run = caller.runs.active_run(thread_id)
    if run is not None and run["status"] in ACTIVE:
        raise invalid(f"Can't {what} {thread_id} while a run {run['id']} is active.")


def delete(caller: Caller, thread: dict) -> None:
    refuse_while_active(caller, thread["id"], "delete thread")
    caller.store.delete(thread["id"])
    caller.engine.end_code_session(thread["id"])  # its code-interpreter session ends with it
