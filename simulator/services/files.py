"""Uploaded files: store, read (object and bytes), delete, list; files past their expires_at are gone."""

from __future__ import annotations

from simulator.errors import not_found
from simulator.ids import now
from simulator.services import Caller, access, pager
from simulator.wire import file_object


def purge_expired(caller: Caller) -> None:
    """Files past their expires_at are gone, as on the real service."""
    store = caller.store
    for file in store.all("file"):
        if file.get("expires_at") and file["expires_at"] <= now():
            store.delete(file["id"])


def create(caller: Caller, filename: str, data: bytes, purpose: str, lifetime: int | None = None) -> dict:
    """Store uploaded bytes as a file object of the caller's (and its expiry, `lifetime` seconds after it was made)."""
    file = file_object(filename, len(data), purpose)
    if lifetime:
        file["expires_at"] = file["created_at"] + lifetime
    return caller.store.insert_file(file, data, owner=caller.owner)


def get(caller: Caller, file_id: str) -> dict:
    purge_expired(caller)
    return access.get(caller, "file", file_id)


def content(caller: Caller, file: dict) -> bytes:
    data = caller.store.get_blob(file["id"])
    if data is None:
        raise not_found("file", file["id"])
    return data


def delete(caller: Caller, file: dict) -> None:
    caller.store.delete(file["id"])
    caller.engine.vector_stores.forget_file(file["id"])  # it leaves every vector store it was in


def listing(caller: Caller, query: dict, purpose: str | None) -> dict:
    purge_expired(caller)
    return pager.page(caller, "file", query, noun="file", where={"purpose": purpose} if purpose else None)
