"""Containers and their files: where the Responses code interpreter keeps files and runs code."""

from __future__ import annotations

import posixpath

from simulator.errors import APIError, invalid
from simulator.services import Caller, access, pager


def get(caller: Caller, container_id: str, *, param: str | None = None) -> dict:
    """A container of the caller's, with its expiry applied; the API's 404 for a missing one and another key's."""
    return caller.containers.settle(access.get(caller, "container", container_id, param=param))


def check_files(caller: Caller, file_ids: list[str], param: str = "file_ids") -> None:
    for i, file_id in enumerate(file_ids):
        if not access.exists(caller, "file", file_id):
            raise invalid(f"File with id '{file_id}' not found.", f"{param}[{i}]", "invalid_value")


def check_in_items(caller: Caller, items: list[dict], param: str) -> None:
    """A code_interpreter_call item names the container its code ran in, and code run after it runs there again:
    that container must be the caller's. One that does not exist, or is another key's in classroom mode, is refused
    in the API's words for a missing container before anything is stored or run."""
    for i, item in enumerate(items):
        if item.get("type") != "code_interpreter_call" or item.get("container_id") is None:
            continue
        container_id = item["container_id"]
        if access.find(caller, "container", container_id) is None:
            raise APIError(404, f"Container with id '{container_id}' not found.", param=f"{param}[{i}].container_id")


def create(caller: Caller, name: str, file_ids: list[str], *, minutes: int, memory_limit: str) -> dict:
    container = caller.containers.new(name, caller.owner, file_ids, minutes=minutes, memory_limit=memory_limit)
    return caller.store.get("container", container["id"])


def delete(caller: Caller, container: dict) -> None:
    caller.store.delete(container["id"])
    caller.engine.end_code_session(container["id"])  # its code-interpreter session ends with it


def listing(caller: Caller, query: dict, name: str | None) -> dict:
    return pager.page(caller, "container", query, noun="container", where={"name": name} if name is not None else None, transform=caller.containers.settle)


# -- files -------------------------------------------------------------------------------------------


def get_file(caller: Caller, container: dict, file_id: str) -> dict:
    return access.get(caller, "container_file", file_id, parent=container["id"])


def usable(container: dict) -> dict:
    if container["status"] == "expired":
        raise invalid(f"Container '{container['id']}' has expired: it takes no more files.", "container_id", "container_expired")
    return container


def add_upload(caller: Caller, container: dict, name: str, data: bytes) -> dict:
    containers = caller.containers
    made = containers.add_file(container, posixpath.join("/mnt/data", containers.free_name(container["id"], name)), data, source="user")
    containers.touch(container)
    return made


def add_from_file(caller: Caller, container: dict, file_id: str) -> dict:
    file = access.find(caller, "file", file_id)
    if file is None:
        raise invalid(f"File with id '{file_id}' not found.", "file_id", "invalid_value")
    return add_upload(caller, container, file["filename"], caller.store.get_blob(file_id) or b"")


def files(caller: Caller, container: dict, query: dict) -> dict:
    return pager.page(caller, "container_file", query, noun="file", parent=container["id"])


def content(caller: Caller, found: dict) -> bytes:
    return caller.store.get_blob(found["id"]) or b""


def delete_file(caller: Caller, found: dict) -> None:
    caller.store.delete(found["id"])
