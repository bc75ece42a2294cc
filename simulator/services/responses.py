"""Responses: the ids a request names (previous response, conversation, item references, containers, files, vector
stores) checked against the caller, then create, read, cancel, delete, and a response's input items."""

from __future__ import annotations

from simulator.engine import compaction
from simulator.engine.responses import input_tokens, present, present_response, state_id
from simulator.errors import APIError, invalid
from simulator.services import Caller, access, containers, pager
from simulator.services import conversations as conversation_service


def find(caller: Caller, response_id: str) -> dict | None:
    """A stored response of the caller's (one made with store=false is not kept for reading)."""
    response = access.find(caller, "response", response_id)
    if response is None:
        return None
    state = caller.store.get("response_state", state_id(response_id)) or {}
    if state.get("store") is False:
        return None
    return response


def get(caller: Caller, response_id: str) -> dict:
    response = find(caller, response_id)
    if response is None:
        raise APIError(404, f"Response with id '{response_id}' not found.", param="response_id")
    return response


def context_after(caller: Caller, previous_id: str) -> list[dict]:
    if find(caller, previous_id) is None:
        raise invalid(f"Previous response with id '{previous_id}' not found.", "previous_response_id", "previous_response_not_found")
    return caller.responses.context_after(previous_id)


def conversation_context(caller: Caller, conversation_id: str) -> list[dict]:
    conversation_service.get(caller, conversation_id, param="conversation")
    return caller.responses.conversation_items(conversation_id)


def resolve_references(caller: Caller, items: list[dict], context: list[dict]) -> list[dict]:
    """item_reference items as the items they name (from the context, or a conversation the caller owns)."""
    out = []
    known = {item["id"]: item for item in context if "id" in item}
    for i, item in enumerate(items):
        if item.get("type") != "item_reference":
            out.append(item)
            continue
        found = known.get(item["id"]) or access.find(caller, "conversation_item", item["id"])
        if found is None:
            raise invalid(f"Item with id '{item['id']}' not found.", f"input[{i}].id", "invalid_value")
        out.append(found)
    return out


def check_input(caller: Caller, items: list[dict], *, conversation_id: str | None) -> None:
    """Input items name only what is the caller's: a code_interpreter_call's container (code run next runs there),
    and ids that no other object holds (they are stored as conversation items when the response has one)."""
    containers.check_in_items(caller, items, "input")
    access.check_item_ids(caller, items, param="input", conversation_id=conversation_id)


def tool_container(caller: Caller, container_id: str, param: str) -> dict:
    found = containers.get(caller, container_id, param=param)
    if found["status"] == "expired":
        raise invalid(f"Container '{container_id}' has expired: create a new container (or use {{\"type\": \"auto\"}}).", param, "container_expired")
    return found


def check_tool_files(caller: Caller, file_ids: list[str], param: str) -> None:
    for j, file_id in enumerate(file_ids):
        if not access.exists(caller, "file", file_id):
            raise invalid(f"File with id '{file_id}' not found.", f"{param}[{j}]", "invalid_value")


def check_tool_stores(caller: Caller, vector_store_ids: list[str], param: str) -> None:
    for vector_store_id in vector_store_ids:
        if not access.exists(caller, "vector_store", vector_store_id):
            raise APIError(404, f"Vector store with id '{vector_store_id}' not found.", param=param)


def create(caller: Caller, response: dict, items: list[dict], context: list[dict], include: list[str], *, stored: bool) -> dict:
    """Store a checked response and what it was asked with (its state); the route then sets it going."""
    store = caller.store
    with store.batch():
        store.insert("response", response, owner=caller.owner)
        store.insert("response_state", {"id": state_id(response["id"]), "input": items, "context": context, "include": include, "store": stored}, parent=response["id"], owner=caller.owner)
    return response


def start(caller: Caller, response: dict):
    """Set the engine making the response; the task can be awaited for it to end."""
    return caller.responses.start(response["id"])


def start_streamed(caller: Caller, response: dict):
    """Set the engine making the response, its events going to the queue returned (subscribed first: none is missed)."""
    queue = caller.engine.streams.subscribe(response["id"])
    caller.responses.start(response["id"])
    return queue


def resume(caller: Caller, response: dict, starting_after: int):
    """A background response's events after `starting_after` so far, and a queue for the rest while it runs.
    Subscribed before the backlog is read, in the same step: no event is missed or sent twice."""
    responses = caller.responses
    queue = caller.engine.streams.subscribe(response["id"]) if responses.running(response["id"]) else None
    return queue, responses.events_after(response["id"], starting_after)


def unsubscribe(caller: Caller, response_id: str, queue) -> None:
    caller.engine.streams.unsubscribe(response_id, queue)


def latest(caller: Caller, response_id: str) -> dict:
    return caller.store.get("response", response_id)


def delete(caller: Caller, response: dict) -> None:
    if response["status"] in ("queued", "in_progress"):
        caller.responses.cancel(response)
    caller.store.delete(response["id"])


def cancel(caller: Caller, response: dict) -> dict:
    if not response.get("background"):
        raise invalid("Only responses created with background=true can be cancelled.", None, None)
    if response["status"] in ("completed", "failed", "incomplete"):
        raise invalid(f"Cannot cancel a response with status '{response['status']}'.", None, None)
    response = caller.responses.cancel(response)
    return present_response(response, caller.responses.state(response["id"]).get("include") or [])


def input_items(caller: Caller, response: dict, query: dict, include: list[str]) -> dict:
    state = caller.responses.state(response["id"])
    return pager.page_of([present(item, include) for item in state["input"]], query, noun="item")


def count_input(caller: Caller, instructions: str | None, items: list[dict], tools: list[dict]) -> int:
    """/v1/responses/input_tokens: the input tokens of a response made of these checked items and tools."""
    return input_tokens(instructions or "", items, tools)


def compact(caller: Caller, instructions: str | None, items: list[dict]) -> dict:
    """/v1/responses/compact: the items (a previous response's context and output, then the input) compacted."""
    return compaction.compacted_response(items, input_tokens(instructions or "", items, []))
