"""/v1/files: upload (multipart), list, retrieve, delete, content."""

from __future__ import annotations

from starlette.datastructures import UploadFile
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from simulator.errors import APIError, invalid
from simulator.http.requests import JSON, caller, deleted, list_params, sim
from simulator.http.validation import bad_value
from simulator.services import files

UPLOAD_PURPOSES = ("assistants", "batch", "fine-tune", "vision", "user_data", "evals")
LIST_PURPOSES = UPLOAD_PURPOSES + ("assistants_output",)


FORM_FIELDS = ("file", "purpose", "expires_after[anchor]", "expires_after[seconds]")
NOT_DOWNLOADABLE = ("assistants",)  # the real API kept these to itself: only outputs and the like came back


async def upload_file(request: Request) -> JSON:
    limit = sim(request).settings.max_upload_bytes
    if "multipart/form-data" not in request.headers.get("content-type", ""):
        raise invalid("Files are uploaded as multipart/form-data with the fields 'file' and 'purpose'.", "file")
    declared = request.headers.get("content-length")
    if declared and is_decimal(declared) and int(declared) > limit + 64 * 1024:
        raise too_large(limit)
    try:
        form = await request.form(max_files=1, max_fields=10)
    except Exception as error:  # a malformed multipart body is the sender's fault
        raise invalid(f"Could not parse the multipart form: {error}", "file") from None
    for name in form:
        if name not in FORM_FIELDS:
            raise invalid(f"Unrecognized request argument supplied: {name}", name, "unknown_parameter")
    purpose = form.get("purpose")
    upload = form.get("file")
    if not isinstance(upload, UploadFile):
        raise invalid("Missing required parameter: 'file'.", "file", "missing_required_parameter")
    if purpose is None:
        raise invalid("Missing required parameter: 'purpose'.", "purpose", "missing_required_parameter")
    if not isinstance(purpose, str):
        raise invalid("Invalid type for 'purpose': expected a string, but got a file instead.", "purpose", "invalid_type")
    if purpose not in UPLOAD_PURPOSES:
        raise bad_value("purpose", purpose, UPLOAD_PURPOSES)
    lifetime = expires_after(form)
    data = await upload.read(limit + 1)
    if len(data) > limit:
        raise too_large(limit)
    if not data:
        raise invalid("The file is empty: upload a file with content.", "file", "empty_file")
    return JSON(files.create(caller(request), upload.filename or "upload", data, purpose, lifetime))


def too_large(limit: int) -> APIError:
    size = f"{limit} bytes" + (f" ({limit / 2**20:g} MB)" if limit >= 2**20 else "")
    return APIError(413, f"File too large: the simulator accepts files up to {size}.", param="file", code="file_too_large")


def is_decimal(text: str) -> bool:
    """ASCII digits only: str.isdigit() alone also takes '³' or '١', which int() then refuses."""
    return text.isascii() and text.isdigit()


def expires_after(form) -> int | None:
    """expires_after[anchor] and expires_after[seconds]: how long after its creation a file goes away."""
    anchor, seconds = form.get("expires_after[anchor]"), form.get("expires_after[seconds]")
    if anchor is None and seconds is None:
        return None
    if anchor is None:
        raise invalid("Missing required parameter: 'expires_after.anchor'.", "expires_after.anchor", "missing_required_parameter")
    if seconds is None:
        raise invalid("Missing required parameter: 'expires_after.seconds'.", "expires_after.seconds", "missing_required_parameter")
    if anchor != "created_at":
        raise bad_value("expires_after.anchor", str(anchor), ("created_at",))
    if not isinstance(seconds, str) or not is_decimal(seconds.strip()):
        raise invalid(f"Invalid type for 'expires_after.seconds': expected an integer, but got '{seconds}' instead.", "expires_after.seconds", "invalid_type")
    value = int(seconds)
    if not 3600 <= value <= 2592000:
        raise invalid(f"Invalid 'expires_after.seconds': expected a value between 3600 and 2592000, but got {value} instead.", "expires_after.seconds", "invalid_value")
    return value


async def list_files(request: Request) -> JSON:
    purpose = request.query_params.get("purpose")
    if purpose is not None and purpose not in LIST_PURPOSES:
        raise bad_value("purpose", purpose, LIST_PURPOSES)
    return JSON(files.listing(caller(request), list_params(request, before=False), purpose))


async def retrieve_file(request: Request) -> JSON:
    return JSON(files.get(caller(request), request.path_params["file_id"]))


async def delete_file(request: Request) -> JSON:
    file = files.get(caller(request), request.path_params["file_id"])
    files.delete(caller(request), file)
    return deleted(file["id"], "file")


async def file_content(request: Request) -> Response:
    file = files.get(caller(request), request.path_params["file_id"])
    if file["purpose"] in NOT_DOWNLOADABLE:
        raise invalid(f"Not allowed to download files of purpose: {file['purpose']}")
    return Response(files.content(caller(request), file), media_type="application/octet-stream")


routes = [
    Route("/files", upload_file, methods=["POST"]),
    Route("/files", list_files, methods=["GET"]),
    Route("/files/{file_id}", retrieve_file, methods=["GET"]),
    Route("/files/{file_id}", delete_file, methods=["DELETE"]),
    Route("/files/{file_id}/content", file_content, methods=["GET"]),
]
