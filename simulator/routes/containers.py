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
from simulator.http.requests import JSON, owner_of, read_scope, sim
from simulator.http.schema import missing, unknown
from simulator.http.validation import parse_json
from simulator.routes.responses import check_against, list_page


def fetch_container(request: Request) -> dict:
    container_id = request.path_params["container_id"]
    found = sim(request).store.get("container", container_id, owner=read_scope(request))
    if found is None:
        raise APIError(404, f"Container with id '{container_id}' not found.", param="container_id")
    return sim(request).containers.settle(found)


def fetch_file(request: Request, container: dict) -> dict:
    store, file_id = sim(request).store, request.path_params["file_id"]
    found = store.get("container_file", file_id)
    if found is None or store.parent_of(file_id) != container["id"]:
        raise APIError(404, f"File with id '{file_id}' not found in container '{container['id']}'.", param="file_id")
    return found


async def create_container(request: Request) -> JSON:
    body = parse_json(await request.body())
    check_against("CreateContainerBody", body)
    if "name" not in body:
        raise missing("name")
    store, scope = sim(request).store, read_scope(request)
    for i, file_id in enumerate(body.get("file_ids") or []):
        if store.get("file", file_id, owner=scope) is None:
            raise invalid(f"File with id '{file_id}' not found.", f"file_ids[{i}]", "invalid_value")
    minutes = (body.get("expires_after") or {}).get("minutes", 20)
    if not 1 <= minutes <= 20:
        raise invalid(f"Invalid 'expires_after.minutes': expected a value between 1 and 20, but got {minutes} instead.", "expires_after.minutes", "invalid_value")
    container = sim(request).containers.new(body["name"], owner_of(request), body.get("file_ids") or [], minutes=minutes, memory_limit=body.get("memory_limit") or "1g")
    return JSON(store.get("container", container["id"]))


async def list_containers(request: Request) -> JSON:
    store, containers = sim(request).store, sim(request).containers
    name = request.query_params.get("name")
    containers = [sim(request).containers.settle(c) for c in store.all("container") if read_scope(request) is None or store.owner_of(c["id"]) == read_scope(request)]
    if name is not None:
        containers = [c for c in containers if c["name"] == name]
    return list_page(request, containers, extra=("name",), noun="container")


async def get_container(request: Request) -> JSON:
    return JSON(fetch_container(request))


async def delete_container(request: Request) -> JSON:
    container = fetch_container(request)
    sim(request).store.delete(container["id"])
    return JSON({"id": container["id"], "object": "container.deleted", "deleted": True})


async def create_file(request: Request) -> JSON:
    container = fetch_container(request)
    if container["status"] == "expired":
        raise invalid(f"Container '{container['id']}' has expired: it takes no more files.", "container_id", "container_expired")
    containers = sim(request).containers
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
        made = containers.add_file(container, posixpath.join("/mnt/data", containers.free_name(container["id"], name)), data, source="user")
        containers.touch(container)
        return JSON(made)
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
    store, containers = sim(request).store, sim(request).containers
    file = store.get("file", file_id, owner=read_scope(request))
    if file is None:
        raise invalid(f"File with id '{file_id}' not found.", "file_id", "invalid_value")
    made = containers.add_file(container, posixpath.join("/mnt/data", containers.free_name(container["id"], file["filename"])), store.get_blob(file_id) or b"", source="user")
    containers.touch(container)
    return made


async def list_files(request: Request) -> JSON:
    container = fetch_container(request)
    return list_page(request, sim(request).store.all("container_file", parent=container["id"]), extra=(), noun="file")


async def get_file(request: Request) -> JSON:
    container = fetch_container(request)
    return JSON(fetch_file(request, container))


async def delete_file(request: Request) -> JSON:
    container = fetch_container(request)
    found = fetch_file(request, container)
    sim(request).store.delete(found["id"])
    return JSON({"id": found["id"], "object": "container.file.deleted", "deleted": True})


async def file_content(request: Request) -> Response:
    container = fetch_container(request)
    found = fetch_file(request, container)
    data = sim(request).store.get_blob(found["id"]) or b""
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
