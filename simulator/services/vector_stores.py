"""Vector stores, their files and file batches, and the stores tool_resources make inline; ingestion and search run in
the engine (`engine.vector_stores`)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from simulator.errors import APIError, invalid, not_found
from simulator.services import Caller, access, pager
from simulator.wire.vector_stores import public

FILE_PURPOSES = ("assistants", "user_data")  # the files a vector store takes


def engine_stores(caller: Caller):
    return caller.engine.vector_stores


def usable_file(caller: Caller, file_id: str, param: str) -> dict:
    """A file the caller may put in a vector store: it exists (not deleted), is theirs, and has a purpose stores take."""
    file = access.find(caller, "file", file_id)
    if file is None:
        raise not_found("file", file_id, param)
    if file["purpose"] not in FILE_PURPOSES:
        raise invalid(
            f"Invalid '{param}': file '{file_id}' has purpose '{file['purpose']}'. Only files uploaded with purpose 'assistants' or 'user_data' can be added to a vector store.",
            param,
            "invalid_value",
        )
    return file


# -- tool_resources: checked first, stores made only once the whole request has passed -------------------


@dataclass
class InlineStores:
    """What a request's tool_resources asks to be made: vector stores from file ids (file_search.vector_stores).
    Nothing is made while the request is being checked; `carry_out` makes them once every check passed."""

    resources: dict = field(default_factory=dict)
    specs: list[dict] = field(default_factory=list)

    def carry_out(self, caller: Caller) -> None:
        if self.specs:
            made = [engine_stores(caller).inline_store(spec, owner=caller.owner) for spec in self.specs]
            self.resources.setdefault("file_search", {})["vector_store_ids"] = made
            self.specs = []


def plan_tool_resources(caller: Caller, tool_resources: dict, check_chunking: Callable[[object, str], dict]) -> InlineStores:
    """Every file and vector store tool_resources names must exist and be the caller's; stores to make inline are
    checked (their files, their chunking by `check_chunking`) and returned as a plan."""
    for file_id in tool_resources.get("code_interpreter", {}).get("file_ids", []):
        if not access.exists(caller, "file", file_id):
            raise invalid(f"Invalid 'tool_resources.code_interpreter.file_ids': file '{file_id}' does not exist.", "tool_resources.code_interpreter.file_ids", "invalid_value")
    search = tool_resources.get("file_search", {})
    for store_id in search.get("vector_store_ids", []):
        if not access.exists(caller, "vector_store", store_id):
            raise invalid(f"Invalid 'tool_resources.file_search.vector_store_ids': vector store '{store_id}' does not exist.", "tool_resources.file_search.vector_store_ids", "invalid_value")
    specs = []
    for i, spec in enumerate(search.pop("vector_stores", None) or []):
        # Made from file ids, as the real API did; once made, the resources name the new store.
        where = f"tool_resources.file_search.vector_stores[{i}]"
        files = [usable_file(caller, file_id, f"{where}.file_ids[{j}]")["id"] for j, file_id in enumerate(spec["file_ids"])]
        chunking = check_chunking(spec["chunking_strategy"], f"{where}.chunking_strategy") if "chunking_strategy" in spec else None
        specs.append({**spec, "file_ids": list(dict.fromkeys(files)), "chunking_strategy": chunking})
    return InlineStores(tool_resources, specs)


# -- vector stores ---------------------------------------------------------------------------------


def get(caller: Caller, vector_store_id: str) -> dict:
    return engine_stores(caller).settle(access.get(caller, "vector_store", vector_store_id))


def usable(caller: Caller, vector_store_id: str) -> dict:
    vector_store = get(caller, vector_store_id)
    if vector_store["status"] == "expired":
        raise invalid(f"Vector store {vector_store['id']} has expired: it can no longer be used. Create a new vector store.", None, "vector_store_expired")
    return vector_store


def create(caller: Caller, *, name, metadata, expires_after, files: list[tuple[str, dict, dict | None]]) -> dict:
    return engine_stores(caller).create(owner=caller.owner, name=name, metadata=metadata, expires_after=expires_after, files=files)


def update(caller: Caller, vector_store: dict, **changes) -> dict:
    return engine_stores(caller).update(vector_store, **changes)


def delete(caller: Caller, vector_store: dict) -> None:
    engine_stores(caller).delete(vector_store["id"])


def listing(caller: Caller, query: dict) -> dict:
    return pager.page(caller, "vector_store", query, noun="object", transform=lambda item: public(engine_stores(caller).settle(item)))


# -- files and batches -----------------------------------------------------------------------------


def file_key(vector_store: dict, file_id: str) -> str:
    return f"{vector_store['id']}/{file_id}"


def get_file(caller: Caller, vector_store: dict, file_id: str) -> dict:
    return access.get(caller, "vector_store_file", file_key(vector_store, file_id), parent=vector_store["id"])


def get_batch(caller: Caller, vector_store: dict, batch_id: str) -> dict:
    found = caller.store.get("vector_store_file_batch", batch_id)
    if found is None or found["vector_store_id"] != vector_store["id"]:
        raise APIError(404, f"No file batch found with id '{batch_id}' in vector store '{vector_store['id']}'.")
    return found


def add_file(caller: Caller, vector_store: dict, file: dict, chunking: dict, attributes: dict | None) -> dict:
    item = engine_stores(caller).add_file(vector_store["id"], file["id"], chunking, attributes, owner=caller.owner)
    engine_stores(caller).refresh(vector_store["id"])
    return item


def create_batch(caller: Caller, vector_store: dict, files: list[tuple[str, dict, dict | None]]) -> dict:
    return engine_stores(caller).create_batch(vector_store["id"], files, owner=caller.owner)


def files(caller: Caller, vector_store: dict, query: dict, where: dict | None) -> dict:
    return pager.page(caller, "vector_store_file", query, noun="object", parent=vector_store["id"], key=lambda file_id: file_key(vector_store, file_id), where=where, transform=public)


async def settled(caller: Caller, item: dict, timeout: float) -> dict:
    """A long poll (the SDK's poll helpers): a vector store file or batch once it is no longer in_progress; a store
    itself as it is."""
    kind = {"vector_store.file": "vector_store_file", "vector_store.files_batch": "vector_store_file_batch"}.get(item.get("object"))
    return (await engine_stores(caller).settled(kind, item["id"], timeout) or item) if kind else item


def set_attributes(caller: Caller, item: dict, attributes: dict | None) -> dict:
    return engine_stores(caller).set_attributes(item, attributes)


def remove_file(caller: Caller, vector_store: dict, item: dict) -> None:
    engine_stores(caller).remove_file(vector_store["id"], item["_file_id"])


def content(caller: Caller, item: dict) -> list[str]:
    return engine_stores(caller).content(item)


def cancel_batch(caller: Caller, batch: dict) -> dict:
    return engine_stores(caller).cancel_batch(batch)


async def search(caller: Caller, vector_store: dict, query, **options):
    """The store's best chunks for the query (retrieval SearchHits), best first; the store counts as used."""
    return await engine_stores(caller).search([vector_store["id"]], query, **options)
