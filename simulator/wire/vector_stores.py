"""Wire shapes of the vector stores family: vector stores, their files and file batches, as the API sent them.

Stored bodies may carry private fields (their names start with `_`: a vector store file's own file id
and batch); `public` drops them, and gives a vector store file its file's id, before anything is sent.
"""

from __future__ import annotations

from simulator.ids import new_id, now

DAY = 86400


def file_counts(in_progress: int = 0, completed: int = 0, failed: int = 0, cancelled: int = 0) -> dict:
    return {"in_progress": in_progress, "completed": completed, "failed": failed, "cancelled": cancelled, "total": in_progress + completed + failed + cancelled}


def vector_store_object(name: str | None, metadata: dict | None, expires_after: dict | None) -> dict:
    created = now()
    store = {
        "id": new_id("vector_store"),
        "object": "vector_store",
        "created_at": created,
        "name": name or "",
        "usage_bytes": 0,
        "file_counts": file_counts(),
        "status": "completed",
        "expires_at": None,
        "last_active_at": created,
        "metadata": metadata or {},
    }
    set_expiry(store, expires_after)
    return store


def set_expiry(store: dict, expires_after: dict | None) -> None:
    """expires_after {anchor: last_active_at, days}: the store expires that long after it was last used."""
    if expires_after is None:
        store.pop("expires_after", None)
        store["expires_at"] = None
        return
    store["expires_after"] = {"anchor": expires_after["anchor"], "days": int(expires_after["days"])}  # 3.0 is JSON's 3
    store["expires_at"] = store["last_active_at"] + store["expires_after"]["days"] * DAY


def vector_store_file_object(vector_store_id: str, file_id: str, chunking_strategy: dict, attributes: dict | None, batch_id: str | None = None) -> dict:
    """Stored under `<vector store id>/<file id>` (a file may be in several stores); `public` shows the file's id."""
    return {
        "id": f"{vector_store_id}/{file_id}",
        "object": "vector_store.file",
        "usage_bytes": 0,
        "created_at": now(),
        "vector_store_id": vector_store_id,
        "status": "in_progress",
        "last_error": None,
        "chunking_strategy": chunking_strategy,
        "attributes": attributes or {},
        "_file_id": file_id,
        "_batch_id": batch_id,
    }


def file_batch_object(vector_store_id: str) -> dict:
    return {
        "id": new_id("vector_store_file_batch"),
        "object": "vector_store.files_batch",
        "created_at": now(),
        "vector_store_id": vector_store_id,
        "status": "in_progress",
        "file_counts": file_counts(),
    }


def public(obj: dict) -> dict:
    """An object as the API sends it: no private fields, a vector store file under its file's id."""
    out = {key: value for key, value in obj.items() if not key.startswith("_")}
    if "_file_id" in obj:
        out["id"] = obj["_file_id"]
    return out


def deleted(object_id: str, kind: str) -> dict:
    return {"id": object_id, "object": f"{kind}.deleted", "deleted": True}


def file_content_page(texts: list[str]) -> dict:
    return {"object": "vector_store.file_content.page", "data": [{"type": "text", "text": text} for text in texts], "has_more": False, "next_page": None}
