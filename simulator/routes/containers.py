"""/v1/containers and their files: where the Responses code interpreter keeps files and runs code.

A container expires `expires_after.minutes` (default 20) after it was last active; an expired container
still answers a retrieve (status "expired") but takes no more files or code.
"""

from __future__ import annotations

import posixpath

from starlette.datastructures import UploadFile
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from simulator.errors import APIError, invalid
from simulator.http.requests import JSON, caller, list_params, sim
from simulator.http.schema import missing, unknown
from simulator.http.validation import parse_json
from simulator.routes.responses import check_against
from simulator.services import containers


def fetch_container(request: Request) -> dict:
    return containers.get(caller(request), request.path_params["container_id"])


def fetch_file(request: Request, container: dict) -> dict:
    return containers.get_file(caller(request), container, request.path_params["file_id"])


async def create_container(request: Request) -> JSON:
    body = parse_json(await request.body())
    check_against("CreateContainerBody", body)
    if "name" not in body:
        raise missing("name")
    containers.check_files(caller(request), body.get("file_ids") or [])
    minutes = (body.get("expires_after") or {}).get("minutes", 20)
    if not 1 <= minutes <= 20:
        raise invalid(f"Invalid 'expires_after.minutes': expected a value between 1 and 20, but got {minutes} instead.", "expires_after.minutes", "invalid_value")
    return JSON(containers.create(caller(request), body["name"], body.get("file_ids") or [], minutes=minutes, memory_limit=body.get("memory_limit") or "1g"))


async def list_containers(request: Request) -> JSON:
    return JSON(containers.listing(caller(request), list_params(request, before=False), request.query_params.get("name")))


async def get_container(request: Request) -> JSON:
    return JSON(fetch_container(request))


async def delete_container(request: Request) -> JSON:
    container = fetch_container(request)
    containers.delete(caller(request), container)
    return JSON({"id": container["id"], "object": "container.deleted", "deleted": True})


async def create_file(request: Request) -> JSON:
    container = containers.usable(fetch_container(request))
    if "multipart/form-data" in request.headers.get("content-type", ""):
        try:
            form = await request.form(max_files=1, max_fields=4)
        except Exception as error:
            raise invalid(f"Could not parse the multipart form: {error}", "file") from None
        upload = form.get("file")
        if form.get("file_id"):
            return JSON(_from_file_id(request, container, form.get("file_id")))
        if not isinstance(upload, UploadFile):
            raise missing("file")
        limit = sim(request).settings.max_upload_bytes
        data = await upload.read(limit + 1)
        if len(data) > limit:
            raise APIError(413, f"File too large: the limit is {limit} bytes.")
        name = posixpath.basename((upload.filename or "upload").replace("\\", "/")) or "upload"
        return JSON(containers.add_upload(caller(request), container, name, data))
    body = parse_json(await request.body())
    for key in body:
        if key not in ("file_id", "file"):
            raise unknown(key)
    if not body.get("file_id"):
        raise missing("file_id")
    if not isinstance(body["file_id"], str):
        from simulator.http.validation import type_error

        raise type_error("file_id", body["file_id"], "a string")
    return JSON(_from_file_id(request, container, body["file_id"]))


def _from_file_id(request: Request, container: dict, file_id: str) -> dict:
    return containers.add_from_file(caller(request), container, file_id)


async def list_files(request: Request) -> JSON:
    container = fetch_container(request)
    return JSON(containers.files(caller(request), container, list_params(request, before=False)))


async def get_file(request: Request) -> JSON:
    container = fetch_container(request)
    return JSON(fetch_file(request, container))


async def delete_file(request: Request) -> JSON:
    container = fetch_container(request)
    found = fetch_file(request, container)
    containers.delete_file(caller(request), found)
    return JSON({"id": found["id"], "object": "container.file.deleted", "deleted": True})


async def file_content(request: Request) -> Response:
    container = fetch_container(request)
    found = fetch_file(request, container)
    data = containers.content(caller(request), found)
    return Response(data, media_type="application/octet-stream", headers={"content-disposition": f'attachment; filename="{posixpath.basename(found["path"])}"'})


routes = [
    Route("/containers", create_container, methods=["POST"]),
    Route("/containers", list_containers, methods=["GET"]),
    Route("/containers/{container_id}", get_container, methods=["GET"]),
    Route("/containers/{container_id}", delete_container, methods=["DELETE"]),
    Route("/containers/{container_id}/files", create_file, methods=["POST"]),
    Route("/containers/{container_id}/files", list_files, methods=["GET"]),
    Route("/containers/{container_id}/files/{file_id}", get_file, methods=["GET"]),
    Route("/containers/{container_id}/files/{file_id}", delete_file, methods=["DELETE"]),
    Route("/containers/{container_id}/files/{file_id}/content", file_content, methods=["GET"]),
]
