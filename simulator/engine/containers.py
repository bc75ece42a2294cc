"""Containers, where a response's code runs: made on demand, filled with files, expired when idle (as the real ones)."""

from __future__ import annotations

import posixpath

from simulator.ids import now
from simulator.store import Store
from simulator.wire.responses import container_file_object, container_object


class Containers:
    """Every container and its files, on the store (kinds `container`, `container_file` under its container)."""

    def __init__(self, store: Store) -> None:
        self.store = store

    def settle(self, container: dict) -> dict:
        """Apply what time alone does: a container idle past its expires_after minutes has expired."""
        minutes = (container.get("expires_after") or {}).get("minutes") or 20
        if container["status"] != "expired" and now() >= container["last_active_at"] + minutes * 60:
            container["status"] = "expired"
            self.store.save(container)
        return container

    def live(self, container_id: str | None) -> dict | None:
        """The container, unless it is unknown or has expired."""
        found = self.store.get("container", container_id) if container_id else None
        return found if found is not None and self.settle(found)["status"] != "expired" else None

    def touch(self, container: dict) -> None:
        latest = self.store.get("container", container["id"]) or container
        latest["last_active_at"] = now()
        self.store.save(latest)

    def files(self, container_id: str | None) -> list[dict]:
        return self.store.all("container_file", parent=container_id) if container_id else []

    def free_name(self, container_id: str, name: str) -> str:
        """`name`, or `name_2`, `name_3`… where a file of the container already has it."""
        taken = {posixpath.basename(f["path"]) for f in self.files(container_id)}
        stem, dot, ext = name.rpartition(".")
        candidate, n = name, 1
        while candidate in taken:
            n += 1
            candidate = f"{stem}_{n}{dot}{ext}" if dot else f"{name}_{n}"
        return candidate

    def new(self, name: str, owner: str, file_ids: list[str] = (), minutes: int = 20, memory_limit: str = "1g") -> dict:
        container = self.store.insert("container", container_object(name, minutes=minutes, memory_limit=memory_limit), owner=owner)
        for file_id in file_ids:
            file = self.store.get("file", file_id)
            if file is not None:
                self.add_file(container, posixpath.join("/mnt/data", self.free_name(container["id"], file["filename"])), self.store.get_blob(file_id) or b"", source="user")
        return container

    def add_file(self, container: dict, path: str, data: bytes, *, source: str) -> dict:
        made = container_file_object(container["id"], path, len(data), source)
        self.store.insert("container_file", made, parent=container["id"], owner=self.store.owner_of(container["id"]))
        self.store.put_blob(made["id"], data)
        return made

    def for_response(self, response: dict, state: dict) -> dict:
        """The container a response's code runs in: the one it already uses, the one its tool names, or (auto) the
        context's last live one, or a new one. Ids in the context were checked for their owner when they came in."""
        container = self.live(state.get("container_id"))
        if container is not None:
            return container
        tool = next((t for t in response["tools"] if t["type"] == "code_interpreter"), {"container": {"type": "auto"}})
        spec = tool.get("container")
        if isinstance(spec, str):
            container = self.store.get("container", spec)
        else:
            owner = self.store.owner_of(response["id"])
            for item in reversed(state["context"] + state["input"]):
                if item.get("type") == "code_interpreter_call":
                    found = self.live(item.get("container_id"))
                    if found is not None and self.store.owner_of(found["id"]) == owner:  # never another key's
                        container = found
                    break
            if container is None:
                container = self.new(f"Container for {response['id']}", owner, (spec or {}).get("file_ids") or [], memory_limit=(spec or {}).get("memory_limit") or "1g")
            else:
                for file_id in (spec or {}).get("file_ids") or []:
                    file = self.store.get("file", file_id)
                    if file is not None and not any(posixpath.basename(f["path"]) == file["filename"] for f in self.files(container["id"])):
                        self.add_file(container, posixpath.join("/mnt/data", file["filename"]), self.store.get_blob(file_id) or b"", source="user")
        state["container_id"] = container["id"]
        return container
