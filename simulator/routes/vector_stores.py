"""/v1/vector_stores: stores, their files and file batches, and search, as the real API served them.

Request bodies are checked against the spec's request schemas by simulator.http.schema, and refused in the
real API's words; what a schema cannot say (unknown ids, a file's purpose, a chunk overlap of at most half
the chunk, filters) is checked by hand (filters before it, the rest after). Ingestion runs in the engine
(`simulator.engine.file_search`).
"""

from __future__ import annotations

import re
from typing import Any

from starlette.requests import Request
from starlette.routing import Route

from simulator.errors import invalid
from simulator.http import schema
from simulator.http.bodies import check_chunking
from simulator.http.requests import JSON, body_of, caller, list_params, sim
from simulator.http.validation import bad_value
from simulator.services import vector_stores as service
from simulator.services.vector_stores import usable_file
from simulator.wire.vector_stores import deleted, file_content_page, public

FILE_STATUSES = ("in_progress", "completed", "failed", "cancelled")
LONG_POLL_SECONDS = 0.5  # how long a poll from the SDK's poll helper may wait for ingestion to end


# -- what a schema cannot say ---------------------------------------------------------------------


def check_filters(value: Any, param: str = "filters") -> dict:
    from simulator.retrieval import validate_filter

    try:
        validate_filter(value, param)
    except ValueError as error:
        raise invalid(f"Invalid '{param}': {error}", param, "invalid_value") from None
    return value


def fetch_store(request: Request) -> dict:
    return service.get(caller(request), request.path_params["vector_store_id"])


def usable_store(request: Request) -> dict:
    return service.usable(caller(request), request.path_params["vector_store_id"])


def fetch_file(request: Request, vector_store: dict) -> dict:
    return service.get_file(caller(request), vector_store, request.path_params["file_id"])


def fetch_batch(request: Request, vector_store: dict) -> dict:
    return service.get_batch(caller(request), vector_store, request.path_params["batch_id"])


async def polled(request: Request, obj: dict) -> JSON:
    """An object the SDK's pollers read: told how soon to ask again. The SDK's own poll helper gets a long poll
    (the object once it is no longer in_progress), so it needs no sleep between polls."""
    if request.headers.get("x-stainless-poll-helper") == "true":
        obj = await service.settled(caller(request), obj, LONG_POLL_SECONDS)
    return JSON(public(obj), headers={"openai-poll-after-ms": str(sim(request).settings.poll_after_ms)})


def status_filter(request: Request) -> dict | None:
    wanted = request.query_params.get("filter")
    if wanted is None:
        return None
    if wanted not in FILE_STATUSES:
        raise bad_value("filter", wanted, FILE_STATUSES)
    return {"status": wanted}


# -- vector stores ---------------------------------------------------------------------------------


async def create_vector_store(request: Request) -> JSON:
    body = (await body_of(request)).data
    schema.check("CreateVectorStoreRequest", body)
    chunking = check_chunking(body["chunking_strategy"]) if "chunking_strategy" in body else None
    metadata = body.get("metadata") or {}
    files = [usable_file(caller(request), file_id, f"file_ids[{i}]")["id"] for i, file_id in enumerate(body.get("file_ids") or [])]
    chunking = chunking or check_chunking({"type": "auto"})
    vector_store = service.create(
        caller(request),
        name=body.get("name"),
        metadata=metadata,
        expires_after=body.get("expires_after"),
        files=[(file_id, chunking, None) for file_id in dict.fromkeys(files)],
    )
    return JSON(public(vector_store))


async def list_vector_stores(request: Request) -> JSON:
    return JSON(service.listing(caller(request), list_params(request)))


async def retrieve_vector_store(request: Request) -> JSON:
    return await polled(request, fetch_store(request))


async def modify_vector_store(request: Request) -> JSON:
    body = (await body_of(request)).data
    schema.check("UpdateVectorStoreRequest", body)
    vector_store = fetch_store(request)
    changes = {}
    if "name" in body:
        changes["name"] = body["name"]
    if "metadata" in body:
        changes["metadata"] = body["metadata"] or {}
    if "expires_after" in body:
        changes["expires_after"] = body["expires_after"]
    return JSON(public(service.update(caller(request), vector_store, **changes)))


async def delete_vector_store(request: Request) -> JSON:
    vector_store = fetch_store(request)
    service.delete(caller(request), vector_store)
    return JSON(deleted(vector_store["id"], "vector_store"))


# -- vector store files ----------------------------------------------------------------------------


async def create_vector_store_file(request: Request) -> JSON:
    body = (await body_of(request)).data
    schema.check("CreateVectorStoreFileRequest", body)
    chunking = check_chunking(body["chunking_strategy"]) if "chunking_strategy" in body else check_chunking({"type": "auto"})
    vector_store = usable_store(request)
    file = usable_file(caller(request), body["file_id"], "file_id")
    return JSON(public(service.add_file(caller(request), vector_store, file, chunking, body.get("attributes"))))


async def list_vector_store_files(request: Request) -> JSON:
    vector_store = fetch_store(request)
    return JSON(service.files(caller(request), vector_store, list_params(request), status_filter(request)))


async def retrieve_vector_store_file(request: Request) -> JSON:
    return await polled(request, fetch_file(request, fetch_store(request)))


async def update_vector_store_file(request: Request) -> JSON:
    body = (await body_of(request)).data
    schema.check("UpdateVectorStoreFileAttributesRequest", body)
    item = fetch_file(request, fetch_store(request))
    return JSON(public(service.set_attributes(caller(request), item, body["attributes"])))


async def delete_vector_store_file(request: Request) -> JSON:
    vector_store = fetch_store(request)
    item = fetch_file(request, vector_store)
    service.remove_file(caller(request), vector_store, item)
    return JSON(deleted(item["_file_id"], "vector_store.file"))


async def vector_store_file_content(request: Request) -> JSON:
    item = fetch_file(request, fetch_store(request))
    return JSON(file_content_page(service.content(caller(request), item)))


# -- file batches ----------------------------------------------------------------------------------


async def create_file_batch(request: Request) -> JSON:
    body = (await body_of(request)).data
    schema.check("CreateVectorStoreFileBatchRequest", body)  # also: one of file_ids and files is required
    default = check_chunking(body["chunking_strategy"]) if "chunking_strategy" in body else check_chunking({"type": "auto"})
    own = [check_chunking(entry["chunking_strategy"], f"files[{i}].chunking_strategy") if "chunking_strategy" in entry else default for i, entry in enumerate(body.get("files") or [])]
    if "file_ids" in body and "files" in body:
        raise invalid("Provide either 'file_ids' or 'files', not both.", "files", "invalid_value")
    vector_store = usable_store(request)
    files = []
    for i, file_id in enumerate(body.get("file_ids") or []):
        files.append((usable_file(caller(request), file_id, f"file_ids[{i}]")["id"], default, body.get("attributes")))
    for i, entry in enumerate(body.get("files") or []):
        files.append((usable_file(caller(request), entry["file_id"], f"files[{i}].file_id")["id"], own[i], entry.get("attributes", body.get("attributes"))))
    unique = list({file_id: (file_id, chunks, attributes) for file_id, chunks, attributes in files}.values())
    batch = service.create_batch(caller(request), vector_store, unique)
    return JSON(public(batch))


async def retrieve_file_batch(request: Request) -> JSON:
    return await polled(request, fetch_batch(request, fetch_store(request)))


async def cancel_file_batch(request: Request) -> JSON:
    batch = fetch_batch(request, fetch_store(request))
    if batch["status"] != "in_progress":
        raise invalid(f"Cannot cancel a file batch with status '{batch['status']}'.")
    return JSON(public(service.cancel_batch(caller(request), batch)))


async def list_file_batch_files(request: Request) -> JSON:
    vector_store = fetch_store(request)
    batch = fetch_batch(request, vector_store)
    where = {"_batch_id": batch["id"], **(status_filter(request) or {})}
    return JSON(service.files(caller(request), vector_store, list_params(request), where))


# -- search ----------------------------------------------------------------------------------------

_QUESTION_WORDS = re.compile(r"^(what|which|how|why|when|where|who|can|could|do|does|did|is|are|should|would|will)\b(\s+(is|are|do|does|i|we|you|the|to))*\s*|[?？。!！]+$|请问|吗|呢", re.IGNORECASE)


def rewrite(query: str) -> str:
    """rewrite_query: the question stripped to its search terms (the real service asked a model to do it)."""
    rewritten = _QUESTION_WORDS.sub("", query.strip()).strip()
    return rewritten or query


async def search_vector_store(request: Request) -> JSON:
    body = (await body_of(request)).data
    if "filters" in body:
        check_filters(body["filters"])
    schema.check("VectorStoreSearchRequest", body)
    query = body["query"]
    if query == "" or query == []:
        raise invalid("Invalid 'query': empty. Expected a non-empty string or array of strings.", "query", "empty_string" if query == "" else "empty_array")
    if body.get("rewrite_query"):
        query = rewrite(query) if isinstance(query, str) else [rewrite(q) for q in query]
    vector_store = usable_store(request)
    ranking = dict(body.get("ranking_options") or {})
    if ranking.get("ranker") == "default-2024-11-15":
        ranking["ranker"] = "auto"
    hits = await service.search(caller(request), vector_store, query, max_num_results=int(body.get("max_num_results", 10)), filters=body.get("filters"), ranking_options=ranking or None)
    from simulator.retrieval import to_search_results_page

    return JSON(to_search_results_page(query, hits))


routes = [
    Route("/vector_stores", create_vector_store, methods=["POST"]),
    Route("/vector_stores", list_vector_stores, methods=["GET"]),
    Route("/vector_stores/{vector_store_id}", retrieve_vector_store, methods=["GET"]),
    Route("/vector_stores/{vector_store_id}", modify_vector_store, methods=["POST"]),
    Route("/vector_stores/{vector_store_id}", delete_vector_store, methods=["DELETE"]),
    Route("/vector_stores/{vector_store_id}/search", search_vector_store, methods=["POST"]),
    Route("/vector_stores/{vector_store_id}/files", create_vector_store_file, methods=["POST"]),
    Route("/vector_stores/{vector_store_id}/files", list_vector_store_files, methods=["GET"]),
    Route("/vector_stores/{vector_store_id}/files/{file_id}", retrieve_vector_store_file, methods=["GET"]),
    Route("/vector_stores/{vector_store_id}/files/{file_id}", update_vector_store_file, methods=["POST"]),
    Route("/vector_stores/{vector_store_id}/files/{file_id}", delete_vector_store_file, methods=["DELETE"]),
    Route("/vector_stores/{vector_store_id}/files/{file_id}/content", vector_store_file_content, methods=["GET"]),
    Route("/vector_stores/{vector_store_id}/file_batches", create_file_batch, methods=["POST"]),
    Route("/vector_stores/{vector_store_id}/file_batches/{batch_id}", retrieve_file_batch, methods=["GET"]),
    Route("/vector_stores/{vector_store_id}/file_batches/{batch_id}/cancel", cancel_file_batch, methods=["POST"]),
    Route("/vector_stores/{vector_store_id}/file_batches/{batch_id}/files", list_file_batch_files, methods=["GET"]),
]
