"""Cut the parts of the official OpenAPI spec the simulator serves out of shared/openapi/openapi.yaml.

    .venv/bin/python -m tools.vendor_spec [path/to/openapi.yaml]

writes one file per API family into simulator/conformance/openapi/ (assistants.json: Assistants,
Threads and Files; vector_stores.json; responses.json: Responses, Conversations and Containers; embeddings.json;
chat.json; models.json):
the operations, the stream event schemas, the error envelope, and every schema they reference,
unchanged. The full spec is 87k lines and takes seconds to parse; these subsets load in
milliseconds, ship inside the package, and a fresh clone has them without shared/ beside it.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[1]
DEFAULT_SOURCE = ROOT.parent / "shared" / "openapi" / "openapi.yaml"
TARGET_DIR = ROOT / "simulator" / "conformance" / "openapi"

# What the simulator serves: every /assistants and /threads operation, and these of /files.
FILE_OPERATIONS = {("/files", "get"), ("/files", "post"), ("/files/{file_id}", "get"), ("/files/{file_id}", "delete"), ("/files/{file_id}/content", "get")}
# Each family: which operations it serves, what its file says it is, and the schemas the conformance
# check needs beyond those the operations reference.
FAMILIES = {
    "assistants": (
        lambda path, method: path.startswith(("/assistants", "/threads")) or (path, method) in FILE_OPERATIONS,
        "The Assistants, Threads and Files part",
        ("ErrorResponse", "AssistantStreamEvent", "DoneEvent"),
    ),
    "vector_stores": (lambda path, method: path.startswith("/vector_stores"), "The Vector stores part", ("ErrorResponse",)),
    "responses": (
        lambda path, method: path.startswith(("/responses", "/conversations", "/containers")),
        "The Responses, Conversations and Containers part",
        ("ErrorResponse", "ResponseStreamEvent"),
    ),
    "embeddings": (lambda path, method: path == "/embeddings", "The Embeddings part", ("ErrorResponse",)),
    "chat": (lambda path, method: path.startswith("/chat/completions"), "The Chat Completions part", ("ErrorResponse", "CreateChatCompletionStreamResponse")),
    "models": (lambda path, method: path.startswith("/models"), "The Models part", ("ErrorResponse",)),
}


def refs_in(node) -> set[tuple[str, str]]:
    """The (section, name) of every #/components/<section>/<name> that `node` refers to."""
    found: set[tuple[str, str]] = set()
    if isinstance(node, dict):
        ref = node.get("$ref")
        if isinstance(ref, str) and ref.startswith("#/components/"):
            _, _, section, name = ref.split("/", 3)
            found.add((section, name))
        for value in node.values():
            found |= refs_in(value)
    elif isinstance(node, list):
        for value in node:
            found |= refs_in(value)
    return found


def subset(spec: dict, family: str) -> dict:
    serves, title, extra_schemas = FAMILIES[family]
    paths: dict = {}
    for path, item in spec["paths"].items():
        operations = {method: op for method, op in item.items() if method in ("get", "post", "delete", "put", "patch") and serves(path, method)}
        if operations:
            paths[path] = {**{k: v for k, v in item.items() if k == "parameters"}, **operations}
    components = spec["components"]
    wanted: set[tuple[str, str]] = set()
    todo = refs_in(paths) | {("schemas", name) for name in extra_schemas}
    while todo:
        section, name = todo.pop()
        if (section, name) not in wanted:
            wanted.add((section, name))
            todo |= refs_in(components[section][name]) - wanted
    cut_components: dict = {"securitySchemes": components.get("securitySchemes", {})}
    for section, name in sorted(wanted):
        cut_components.setdefault(section, {})[name] = components[section][name]
    return {
        "openapi": spec["openapi"],
        "info": {**spec["info"], "description": f"{title} of the OpenAI API spec (cut by tools/vendor_spec.py)."},
        "servers": spec.get("servers", []),
        "security": spec.get("security", []),
        "paths": paths,
        "components": cut_components,
    }


def main(argv: list[str]) -> None:
    source = Path(argv[0]) if argv else DEFAULT_SOURCE
    with open(source, encoding="utf-8") as f:
        spec = yaml.safe_load(f)
    for family in FAMILIES:
        cut = subset(spec, family)
        target = TARGET_DIR / f"{family}.json"
        target.write_text(json.dumps(cut, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
        print(f"{target.name}: {len(cut['paths'])} paths, {len(cut['components']['schemas'])} schemas")


if __name__ == "__main__":
    main(sys.argv[1:])
