"""Runs and their steps: start (on a thread, or with a new one), read, change, cancel, answer tool calls, list."""

from __future__ import annotations

from simulator.engine.file_search import save_run_include, with_content
from simulator.engine.statuses import ACTIVE
from simulator.errors import invalid
from simulator.services import Caller, access, pager
from simulator.services import threads as thread_service
from simulator.services.vector_stores import InlineStores


def assistant_for(caller: Caller, assistant_id: str) -> dict:
    return access.get(caller, "assistant", assistant_id, param="assistant_id")


def launch(caller: Caller, run: dict, *, stream: bool):
    """Store a queued run and set the engine going; returns the queue of its events when it is streamed."""
    engine = caller.runs
    caller.store.insert("run", run, parent=run["thread_id"], owner=caller.owner)
    queue = engine.subscribe(run["id"]) if stream else None
    engine.announce(run)
    engine.start(run)
    return queue


def create(caller: Caller, thread: dict, run: dict, additional: list[dict], include: list[str], *, stream: bool):
    """A run on a thread, after its additional messages; refused while another run of the thread is active."""
    active = caller.runs.active_run(thread["id"])
    if active is not None and active["status"] in ACTIVE:
        raise invalid(f"Thread {thread['id']} already has an active run {active['id']}.")
    with caller.store.batch():  # one commit for the messages, the run and what it includes
        for message in additional:
            thread_service.store_message(caller, thread, message)
        save_run_include(caller.store, run["id"], include)
        return launch(caller, run, stream=stream)


def create_with_thread(caller: Caller, thread: dict, messages: list[dict], plans: list[InlineStores], run: dict, *, stream: bool):
    """A new thread (after the stores its tool_resources make inline) and a run on it."""
    for plan in plans[1:]:
        plan.carry_out(caller)
    thread_service.create(caller, thread, messages, plans[0])
    return launch(caller, run, stream=stream)


def get(caller: Caller, thread_id: str, run_id: str) -> dict:
    """A run of a thread of the caller's, with what time alone has done to it applied."""
    run = access.find_own_child(caller, "run", run_id, parent=thread_id)  # one read, as a poll loop asks it often
    if run is None:  # the API's 404 for whichever is missing: the thread first
        thread = thread_service.get(caller, thread_id)
        run = access.get(caller, "run", run_id, parent=thread["id"])
    return caller.runs.settle(run)


async def wait_for_stop(caller: Caller, run: dict, *, timeout: float) -> tuple[dict, str | None]:
    """The run once it stops (a long poll), and its JSON when the store's encoding of it can be sent as it is."""
    return await caller.runs.wait_for_stop(run, timeout)


def seen(caller: Caller, run: dict) -> None:
    caller.runs.seen(run)


def cancel(caller: Caller, run: dict) -> dict:
    if run["status"] not in ("queued", "in_progress", "requires_action"):
        raise invalid(f"Cannot cancel run with status '{run['status']}'.")
    return caller.runs.cancel(run)


def submit_tool_outputs(caller: Caller, run: dict, outputs: dict[str, str], *, stream: bool):
    """The outputs recorded and the run driven on; with the queue of its events when it is streamed."""
    queue = caller.runs.subscribe(run["id"]) if stream else None
    return caller.runs.submit_tool_outputs(run, outputs), queue


def events(caller: Caller, queue):
    return caller.runs.events(queue)


def unsubscribe(caller: Caller, run: dict, queue) -> None:
    caller.runs.unsubscribe(run["id"], queue)


def save(caller: Caller, run: dict) -> dict:
    return caller.store.save(run)


def listing(caller: Caller, thread: dict, query: dict) -> dict:
    engine = caller.runs
    for run in caller.store.all("run", parent=thread["id"]):
        engine.seen(engine.settle(run))
    return pager.page(caller, "run", query, noun="run", parent=thread["id"])


def step(caller: Caller, run: dict, step_id: str, *, with_results: bool) -> dict:
    found = access.get(caller, "run_step", step_id, parent=run["id"])
    return with_content(caller.store, found) if with_results else found


def steps(caller: Caller, run: dict, query: dict, *, with_results: bool) -> dict:
    store = caller.store
    return pager.page(caller, "run_step", query, noun="run step", parent=run["id"], transform=(lambda found: with_content(store, found)) if with_results else None)
