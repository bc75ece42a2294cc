"""/v1/files: upload (multipart), list, retrieve, delete, content."""

from __future__ import annotations

from starlette.datastructures import UploadFile
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from ..api import JSON, deleted, fetch, owner_of, page, read_scope, sim
from ..errors import APIError, invalid, not_found
from ..objects import file_object
from ..params import bad_value

UPLOAD_PURPOSES = ("assistants", "batch", "fine-tune", "vision", "user_data", "evals")
LIST_PURPOSES = UPLOAD_PURPOSES + ("assistants_output",)


def new_file(request: Request, filename: str, data: bytes, purpose: str) -> dict:
    """Store bytes as a file object; code interpreter outputs come through here too."""
    file = file_object(filename, len(data), purpose)
    store = sim(request).store
    store.insert("file", file, owner=owner_of(request))
    store.put_blob(file["id"], data)
    return file


def check_file_ids(request: Request, tool_resources: dict) -> None:
    """Every file a tool resource names must exist (and, in classroom mode, be the caller's)."""
    store = sim(request).store
    for file_id in tool_resources.get("code_interpreter", {}).get("file_ids", []):
        if store.get("file", file_id, owner=read_scope(request)) is None:
            raise invalid(f"Invalid 'tool_resources.code_interpreter.file_ids': file '{file_id}' does not exist.", "tool_resources.code_interpreter.file_ids", "invalid_value")
    for store_id in tool_resources.get("file_search", {}).get("vector_store_ids", []):
        raise invalid(f"Vector store '{store_id}' not found: the offline simulator has no vector stores.", "tool_resources.file_search.vector_store_ids", "invalid_value")


async def upload_file(request: Request) -> JSON:
    limit = sim(request).settings.max_upload_bytes
    if "multipart/form-data" not in request.headers.get("content-type", ""):
        raise invalid("Files are uploaded as multipart/form-data with the fields 'file' and 'purpose'.", "file")
    declared = request.headers.get("content-length")
    if declared and declared.isdigit() and int(declared) > limit + 64 * 1024:
        raise APIError(413, f"File too large: the simulator accepts files up to {limit} bytes.", param="file", code="file_too_large")
    try:
        form = await request.form(max_files=1, max_fields=10)
    except Exception as error:  # a malformed multipart body is the sender's fault
        raise invalid(f"Could not parse the multipart form: {error}", "file") from None
    purpose = form.get("purpose")
    upload = form.get("file")
    if not isinstance(upload, UploadFile):
        raise invalid("Missing required parameter: 'file'.", "file", "missing_required_parameter")
    if purpose is None:
        raise invalid("Missing required parameter: 'purpose'.", "purpose", "missing_required_parameter")
    if purpose not in UPLOAD_PURPOSES:
        raise bad_value("purpose", purpose, UPLOAD_PURPOSES)
    data = await upload.read(limit + 1)
    if len(data) > limit:
        raise APIError(413, f"File too large: the simulator accepts files up to {limit} bytes.", param="file", code="file_too_large")
    if not data:
        raise invalid("The file is empty: upload a file with content.", "file", "empty_file")
    return JSON(new_file(request, upload.filename or "upload", data, purpose))


async def list_files(request: Request) -> JSON:
    purpose = request.query_params.get("purpose")
    if purpose is not None and purpose not in LIST_PURPOSES:
        raise bad_value("purpose", purpose, LIST_PURPOSES)
    return page(request, "file", where={"purpose": purpose} if purpose else None, extra=("purpose",))


async def retrieve_file(request: Request) -> JSON:
    return JSON(fetch(request, "file", request.path_params["file_id"]))


async def delete_file(request: Request) -> JSON:
    file = fetch(request, "file", request.path_params["file_id"])
    sim(request).store.delete(file["id"])
    return deleted(file["id"], "file")


async def file_content(request: Request) -> Response:
    file = fetch(request, "file", request.path_params["file_id"])
    data = sim(request).store.get_blob(file["id"])
    if data is None:
        raise not_found("file", file["id"])
    return Response(data, media_type="application/octet-stream")


routes = [
    Route("/files", upload_file, methods=["POST"]),
    Route("/files", list_files, methods=["GET"]),
    Route("/files/{file_id}", retrieve_file, methods=["GET"]),
    Route("/files/{file_id}", delete_file, methods=["DELETE"]),
    Route("/files/{file_id}/content", file_content, methods=["GET"]),
]
