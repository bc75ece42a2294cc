"""The Assistants family over the turn driver: runs move through the real status machine, each turn a run step.

Every change goes to the store first and is then published, the same object, to whoever streams the run; so
polled state and the SSE stream come from one place and can never disagree. (A reply made whole is the one exception
in order, not in content: its events go out as it is made and it is stored with the run's end, before a stream can
send any of them, since a streamed run is never held and nothing awaits in between.) `Runs` is the run's lifecycle
(queued, in_progress and its hold, requires_action, cancelling, expiry, recovery); `RunTurns` is what the
driver's events become in a run: message_creation and tool_calls steps, messages and their deltas, usage per step.
"""

from __future__ import annotations

import asyncio
import contextlib
import time

from simulator.engine import file_search, turns
from simulator.engine.driver import Cancelled, Driver, Gone, Spent
from simulator.engine.statuses import ACTIVE, ENDED_BY, EXPIRABLE, MOVING, RUN_STOPS, STAMPS, TERMINAL
from simulator.engine.steps import Steps
from simulator.ids import new_id, now
from simulator.model import Fail, FunctionCall, Turn
from simulator.retrieval import to_run_step_result
from simulator.tokens import chunks
from simulator.wire import dumps, file_object, message_object, usage

REASONS = {"max_output_tokens": "max_completion_tokens", "max_prompt_tokens": "max_prompt_tokens"}  # the driver's words, the run's


def _go_on(status: str | None) -> None:
    """Whether a driver may go on with its run: not once the run is gone (its thread was deleted under it) or cancelling."""
    if status is None:
        raise Gone
    if status == "cancelling":
        raise Cancelled


class Runs:
    """Every run's lifecycle, on the engine's store, streams and tasks."""

    def __init__(self, engine) -> None:
        self.engine = engine
        self.store = engine.store
        self.settings = engine.settings
        self.streams = engine.streams
        self.steps = Steps(engine.store, engine.streams)
        self.driver = Driver(engine)
        self._holds: dict[str, asyncio.Event] = {}  # in_progress runs waiting to be seen by a poll

    # -- after a restart, and as time passes -------------------------------------------------------

    def recover(self) -> None:
        """After a crash or restart, no run is left moving with no driver: end each one honestly."""
        for run in self._runs_in(MOVING):
            if run["status"] == "cancelling":
                self.end(run, "cancelled")
                continue
            self.end(run, "failed", last_error={"code": "server_error", "message": "The simulator restarted while this run was in progress."})

    def reap_expired(self) -> None:
        for run in self._runs_in(EXPIRABLE):
            self.settle(run)

    def _runs_in(self, statuses: tuple[str, ...]) -> list[dict]:
        runs = []
        for status in statuses:  # one status a query: SQLite's index of run statuses serves `=`, not `IN`
            runs += self.store.all("run", where={"status": status})
        return runs

    # -- streams -------------------------------------------------------------------------------

    def subscribe(self, run_id: str) -> asyncio.Queue:
        return self.streams.subscribe(run_id)

    def unsubscribe(self, run_id: str, queue: asyncio.Queue) -> None:
        self.streams.unsubscribe(run_id, queue)

    def events(self, queue: asyncio.Queue):
        return self.streams.events(queue)

    def publish(self, obj: dict, event: str, run_id: str | None = None) -> dict:
        """Store an object, then tell the run's streams, in that order (encoded once for both)."""
        text = dumps(obj)
        self.store.save(obj, text=text)
        self.streams.emit(run_id or obj.get("run_id") or obj["id"], event, obj, text)
        return obj

    # -- the lifecycle -------------------------------------------------------------------------

    def start(self, run: dict) -> None:
        """Drive a run that was just stored as queued (or re-queued by submitted tool outputs)."""
        family = RunTurns(self, run["id"])
        self.engine.start_task(run["id"], self._drive(family))

    async def _drive(self, family: RunTurns) -> None:
        try:
            await self.driver.drive(family, family.begin, cancelled=family.cancelled, crashed=family.crashed)
        finally:
            self._holds.pop(family.object_id, None)

    def announce(self, run: dict) -> None:
        self.streams.emit(run["id"], "thread.run.created", run)

    def settle(self, run: dict) -> dict:
        """Apply what time alone does to a run (expiry) before anyone reads it."""
        if run["status"] in EXPIRABLE and run.get("expires_at") and now() >= run["expires_at"]:
            self.engine.stop_task(run["id"])
            self.end(run, "expired")
        return run

    def active_run(self, thread_id: str) -> dict | None:
        """The thread's run that still holds it (queued, in progress, waiting for outputs, cancelling), if any.

        Only its newest run can: a run starts only on a thread that has none active, so one read of one row."""
        newest, _ = self.store.page("run", parent=thread_id, limit=1)
        return self.settle(newest[0]) if newest and newest[0]["status"] in ACTIVE else None

    def seen(self, run: dict) -> None:
        """A poll has shown this run in_progress: it may go on (see `hold`)."""
        if run["status"] == "in_progress" and run["id"] in self._holds:
            self._holds[run["id"]].set()

    async def wait_for_stop(self, run: dict, timeout: float) -> tuple[dict, str | None]:
        """A long poll: let the run go on and answer once it stops (or `timeout` passes); with the run as encoded
        when it was stored, if that is still what it is (else None).

        Used for the SDK's own poll helper (create_and_poll, poll), which shows nobody the in-between phases:
        it then needs no sleep at all between polls. Hand-written loops are answered at once and still see
        every phase (see `hold`).
        """
        if run["status"] not in ("queued", "in_progress") or not self.engine.driving(run["id"]):
            return run, None
        queue = self.streams.subscribe(run["id"], unencoded=True)  # a subscribed run is never held
        stopped, text = None, None
        try:
            self.seen(run)
            with contextlib.suppress(TimeoutError):
                async with asyncio.timeout(timeout):
                    while stopped is None:
                        event, obj, text = await queue.get()
                        stopped = obj if event in RUN_STOPS else None  # the run as it was stored when it stopped
        finally:
            self.unsubscribe(run["id"], queue)
        latest = stopped if stopped is not None else self.store.get("run", run["id"])
        if latest is None:
            return run, None
        status = latest["status"]
        latest = self.settle(latest)
        return latest, text if stopped is not None and latest["status"] == status else None

    def cancel(self, run: dict) -> dict:
        run["status"] = "cancelling"
        self.publish(run, "thread.run.cancelling")
        if run["id"] in self._holds:  # a held run notices the cancel at once
            self._holds[run["id"]].set()
        if not self.engine.driving(run["id"]):  # waiting on tool outputs: nobody else will finish it
            asyncio.get_running_loop().call_soon(self._finish_cancel, run["id"])
        return run

    def _finish_cancel(self, run_id: str) -> None:
        run = self.store.get("run", run_id)
        if run is not None and run["status"] == "cancelling":
            self.end(run, "cancelled")

    def submit_tool_outputs(self, run: dict, outputs: dict[str, str]) -> dict:
        """Record the outputs on the waiting step, re-queue the run and drive it on."""
        for step in self.store.all("run_step", parent=run["id"]):
            if step["status"] == "in_progress" and step["type"] == "tool_calls":
                for call in step["step_details"]["tool_calls"]:
                    if call["id"] in outputs:
                        call["function"]["output"] = outputs[call["id"]]
                spent = self.steps.take_pending_usage(step) or usage(0, 0)
                self.steps.complete(step, spent["prompt_tokens"], spent["completion_tokens"])
        run.update(status="queued", required_action=None)
        self.publish(run, "thread.run.queued")
        self.start(run)
        return run

    def end(self, run: dict, status: str, *, steps: list[dict] | None = None, **details) -> dict:
        """Every way a run ends: close what it left open, stamp the time, total its usage, publish.

        `steps`: the run's steps, when its driver ends it completed or incomplete and holds them all (else they are read)."""
        run.update(details)  # last_error first, so the steps it leaves open can carry it
        if status in ENDED_BY:
            self.steps.end_open(run, status)
            self._end_open_messages(run, ENDED_BY[status])
            steps = None
        run.update(status=status, required_action=None, usage=self.steps.usage_of(run, steps))
        if STAMPS[status]:
            run[STAMPS[status]] = now()
        if status != "expired":  # the real API cleared the deadline once a run was over
            run["expires_at"] = None
        return self.publish(run, f"thread.run.{status}")

    def _end_open_messages(self, run: dict, reason: str) -> None:
        for message in self.store.all("message", parent=run["thread_id"], where={"run_id": run["id"]}):
            if message["status"] == "in_progress":
                message.update(status="incomplete", incomplete_at=now(), incomplete_details={"reason": reason})
                self.publish(message, "thread.message.incomplete", run["id"])

    def in_progress(self, run: dict) -> None:
        """The run goes in_progress: from now on a poll that shows it so lets it go on (see `hold`)."""
        self._holds[run["id"]] = asyncio.Event()
        self.publish(run, "thread.run.in_progress")

    async def hold(self, run_id: str) -> None:
        """Stay in_progress, nothing of the step shown yet, until a poll has seen it (or in_progress_hold seconds pass).

        So every phase is observable: a polling loop sees queued (in the create response), then in_progress,
        then where the run ended, on every machine and at zero delays; a cancel sent at once stops it before it
        answers. Streams see every event anyway and are never held. The driver has meanwhile worked out the step,
        unseen (simulator.engine.driver), so the SDK's long poll that releases the run waits only for its writing.
        """
        seen = self._holds.get(run_id)
        if seen is None or self.settings.in_progress_hold <= 0 or self.streams.watched(run_id):
            return
        with contextlib.suppress(TimeoutError):
            async with asyncio.timeout(self.settings.in_progress_hold):  # not wait_for: no task of its own to wake
                await seen.wait()
        self._holds.pop(run_id, None)


class RunTurns:
    """One run as the driver sees it: each of its events made into steps, messages and run statuses."""

    def __init__(self, runs: Runs, run_id: str) -> None:
        self.runs, self.object_id = runs, run_id
        self.store, self.steps, self.streams = runs.store, runs.steps, runs.streams
        self.run: dict = {}
        self.prior: list[dict] = []  # the run's steps as turn() last read them, with what the reply takes from them
        self.images: list[dict] = []
        self.sources: dict[int, list[str]] = {}
        self.held = True  # until begin() puts the run in_progress
        self.unstored: list[tuple[str, dict, str, str]] = []  # a whole reply's message and step, kept for end()
        self.read_in: int | None = None  # the batch in which fresh() last read the run (Store.current_batch)
        self.checked_in: int | None = None  # ... and in which the run was last seen free to go on

    def fresh(self) -> dict:
        """The run as stored, once free to go on; read once a batch (inside one, only this driver writes it)."""
        batch = self.store.current_batch
        if batch is not None and batch == self.read_in:
            return self.run
        run = self.store.get("run", self.object_id)
        _go_on(run and run["status"])
        self.run = run  # as last read: what changes under a driver is its status, which check() reads alone
        self.read_in = self.checked_in = batch
        return run

    def check(self) -> None:
        batch = self.store.current_batch
        if batch is not None and batch == self.checked_in:
            return  # already seen free to go on in this batch: no cancel or delete can land inside one
        _go_on(self.store.status_of(self.object_id))  # the status alone: cheap enough between a reply's chunks
        self.checked_in = batch

    # -- start and end ---------------------------------------------------------------------------

    async def begin(self) -> None:
        run = self.fresh()
        if run["started_at"] is None:  # a new run, not one resumed after tool outputs
            self.streams.emit(self.object_id, "thread.run.queued", run)
        await self.runs.driver.pause(self.runs.settings.queued_delay)
        run = self.fresh()
        run["status"] = "in_progress"
        run["started_at"] = run["started_at"] or now()
        self.runs.in_progress(run)
        self.held = False

    async def ready(self) -> None:
        """Before the run's first step or end anyone can see, once each time it goes in_progress: the hold (Runs.hold)."""
        if not self.held:
            self.held = True
            await self.runs.hold(self.object_id)
            self.check()

    def cancelled(self) -> None:
        run = self.store.get("run", self.object_id)
        if run is not None:  # None: its thread was deleted meanwhile
            self.runs.end(run, "cancelled")

    def crashed(self, error: Exception) -> None:
        run = self.store.get("run", self.object_id)
        if run is not None and run["status"] not in TERMINAL:
            self.end("failed", code="server_error", message=f"The simulator failed while running this run: {type(error).__name__}.")

    def end(self, status: str, **details) -> None:
        run = self.fresh() if status != "failed" else (self.store.get("run", self.object_id) or {})
        if not run:
            return
        if status in ("completed", "incomplete"):  # with its reply, if the reply was whole (close_reply)
            for kind, obj, parent, text in self.unstored:
                self.store.insert(kind, obj, parent=parent, text=text)
        self.unstored = []
        if status == "incomplete":
            self.runs.end(run, "incomplete", steps=self.prior, incomplete_details={"reason": REASONS[details["reason"]]})
        elif status == "failed":
            self.runs.end(run, "failed", last_error={"code": details["code"], "message": details["message"]})
        else:
            self.runs.end(run, status, steps=self.prior)  # the steps turn() read, and its reply's: nothing else adds any

    async def fault(self, fault: Fail) -> None:
        run = self.fresh()
        if fault.status == "expired":
            # The run stops making progress and sits until its (shortened) deadline passes.
            run["expires_at"] = now() + max(1, round(fault.after_seconds))
            self.store.save(run)
            while time.time() < run["expires_at"]:
                await asyncio.sleep(0.05)
                self.check()  # still cancellable while it sits
            self.runs.settle(self.fresh())
            return
        self.end("failed", code=fault.code, message=fault.message)

    # -- what the model sees ---------------------------------------------------------------------

    def turn(self) -> Turn | None:
        run = self.fresh()
        # The run's steps so far, read once for the step: its reply's images and citation sources come from them too.
        self.prior = self.store.all("run_step", parent=run["id"])
        results = turns.results_of(self.store, self.prior)
        self.images = [{"type": "image_file", "image_file": {"file_id": file_id}} for file_id in turns.run_images(self.prior)]
        self.sources = file_search.citation_sources(results)
        spent = self.steps.usage_of(run, self.prior)["prompt_tokens"] if run.get("max_prompt_tokens") else 0
        return turns.build_turn(self.store, run, spent, results)

    def output_budget(self) -> int | None:
        limit = self.run.get("max_completion_tokens")  # the run turn() has just read
        return None if not limit else max(0, limit - self.steps.usage_of(self.run, self.prior)["completion_tokens"])

    def prepare(self, text: str, turn: Turn) -> tuple[str, list[dict]]:
        return text, []  # a run's citations are made as its text is written (see write)

    # -- the reply -------------------------------------------------------------------------------

    def open_reply(self, *, whole: bool = False) -> dict:
        """Open the run's reply: its message_creation step and its in_progress message (with the run's images).

        `whole`: the driver writes and closes it within this batch, then ends the run: the message and its step are
        stored once, with the run's end (close_reply keeps them for end()), and streams still get every event."""
        if whole:
            self.fresh()  # read once for the batch: end() uses it too
        else:
            self.check()
        run = self.run
        message = message_object(run["thread_id"], "assistant", [], status="in_progress", assistant_id=run["assistant_id"], run_id=run["id"])
        step = self.steps.new(run, {"type": "message_creation", "message_creation": {"message_id": message["id"]}}, stored=not whole)
        self.prior.append(step)  # the run's steps as end() totals them
        text = dumps(message) if not whole or self.streams.encodes(run["id"]) else None
        if not whole:
            self.store.insert("message", message, parent=run["thread_id"], text=text)
        self.streams.emit(run["id"], "thread.message.created", message, text)
        self.streams.emit(run["id"], "thread.message.in_progress", message, text)
        # The real API put the run's code interpreter images into its reply, before the text.
        images = self.images
        message["content"] = list(images)
        if images:
            if not whole:
                self.store.save(message)
            self.streams.emit(run["id"], "thread.message.delta", {"id": message["id"], "object": "thread.message.delta", "delta": {"content": [dict(part, index=i) for i, part in enumerate(images)]}})
        # Where the reply's 【n:m†source】 markers point: the results of this run's file_search calls.
        return {"message": message, "step": step, "images": images, "value": "", "sources": self.sources, "annotations": [], "whole": whole}

    def write(self, reply: dict, *pieces: str) -> None:
        """More of the reply's text: stored (unless it is whole), then sent as thread.message.delta events, one a piece."""
        self.check()  # a cancel lands between chunks
        message, images = reply["message"], reply["images"]
        deltas = []
        for piece in pieces:
            reply["value"] = value = reply["value"] + piece
            annotations = file_search.citations(value, reply["sources"])
            new = annotations[len(reply["annotations"]):]
            reply["annotations"] = annotations
            # As the real API did: the first delta of a text part carries its (empty) annotations, later ones only text.
            deltas.append({"value": piece, "annotations": []} if value == piece else {"value": piece})
            if new:  # a citation marker is complete: its annotation follows in a delta of its own
                deltas.append({"annotations": [dict(a, index=len(annotations) - len(new) + i) for i, a in enumerate(new)]})
        message["content"] = images + [{"type": "text", "text": {"value": reply["value"], "annotations": reply["annotations"]}}]
        if not reply["whole"]:
            self.store.save(message)
        for text_delta in deltas:
            self.streams.emit(self.object_id, "thread.message.delta", {"id": message["id"], "object": "thread.message.delta", "delta": {"content": [{"index": len(images), "type": "text", "text": text_delta}]}})

    def close_reply(self, reply: dict, spent: Spent, *, incomplete: bool, annotations: list[dict]) -> None:
        """End the reply's message (completed, or incomplete at max_tokens) and its step."""
        message, images, step = reply["message"], reply["images"], reply["step"]
        if len(message["content"]) == len(images):
            message["content"] = images + [{"type": "text", "text": {"value": "", "annotations": []}}]
        self.check()
        if incomplete:
            message.update(status="incomplete", incomplete_at=now(), incomplete_details={"reason": "max_tokens"})
        else:
            message.update(status="completed", completed_at=now())
        text = dumps(message)
        if not reply["whole"]:
            self.store.save(message, text=text)
            self.streams.emit(self.object_id, f"thread.message.{message['status']}", message, text)
            self.steps.complete(step, spent.prompt, spent.completion)
            return
        # A whole reply is kept until the run ends (end()): a run held for a poll shows nothing of it, and a cancel
        # meanwhile leaves no answer behind. Its events go now; only streams see them, and a streamed run is never held.
        self.streams.emit(self.object_id, f"thread.message.{message['status']}", message, text)
        step_text = self.steps.complete(step, spent.prompt, spent.completion, stored=False)
        self.unstored = [("message", message, message["thread_id"], text), ("run_step", step, step["run_id"], step_text)]

    # -- actions ---------------------------------------------------------------------------------

    def call_functions(self, calls: list[FunctionCall], spent: Spent) -> None:
        run = self.fresh()
        made = [{"id": new_id("tool_call"), "type": "function", "function": {"name": c.name, "arguments": c.arguments, "output": None}} for c in calls]
        step = self.steps.new(run, {"type": "tool_calls", "tool_calls": []})
        for index, call in enumerate(made):
            self.steps.delta(step, {"type": "tool_calls", "tool_calls": [{"index": index, "id": call["id"], "type": "function", "function": {"name": call["function"]["name"], "arguments": "", "output": None}}]})
            for piece in chunks(call["function"]["arguments"]):  # arguments stream in pieces, as the model writes them
                self.steps.delta(step, {"type": "tool_calls", "tool_calls": [{"index": index, "type": "function", "function": {"arguments": piece}}]})
        step["step_details"]["tool_calls"] = made
        self.store.save(step)
        self.steps.pend_usage(step, spent.prompt, spent.completion)
        waiting = [{"id": c["id"], "type": "function", "function": {"name": c["function"]["name"], "arguments": c["function"]["arguments"]}} for c in made]
        run.update(status="requires_action", required_action={"type": "submit_tool_outputs", "submit_tool_outputs": {"tool_calls": waiting}})
        self.runs.publish(run, "thread.run.requires_action")

    def open_code(self, code: str) -> dict:
        run = self.fresh()
        call_id = new_id("tool_call")
        step = self.steps.new(run, {"type": "tool_calls", "tool_calls": []})
        self.steps.delta(step, {"type": "tool_calls", "tool_calls": [{"index": 0, "id": call_id, "type": "code_interpreter", "code_interpreter": {"input": "", "outputs": []}}]})
        # One session per thread (the real tool kept a Jupyter session per thread: an hour while active).
        return {"id": call_id, "step": step, "code": code, "turn": None, "session": {"key": run["thread_id"], "idle_seconds": None}}

    def code_delta(self, call: dict, piece: str) -> None:
        self.steps.delta(call["step"], {"type": "tool_calls", "tool_calls": [{"index": 0, "type": "code_interpreter", "code_interpreter": {"input": piece}}]})

    def code_files(self, call: dict) -> dict[str, bytes]:
        """The files the code sees, under their ids as the real tool kept them: /mnt/data/<file id>."""
        step = call["step"]
        # While the code runs, a poll of the step shows the call with its input and no outputs yet.
        step["step_details"]["tool_calls"] = [{"id": call["id"], "type": "code_interpreter", "code_interpreter": {"input": call["code"], "outputs": []}}]
        self.store.save(step)
        run = self.fresh()
        assistant = self.store.get("assistant", run["assistant_id"]) or {}
        thread = self.store.get("thread", run["thread_id"]) or {}
        return {file_id: self.store.get_blob(file_id) or b"" for file_id in turns.file_ids(self.store, run, assistant, thread) if self.store.get("file", file_id) is not None}

    def close_code(self, call: dict, result, spent: Spent) -> None:
        run = self.fresh()
        step = call["step"]
        outputs = []
        if result.logs:
            outputs.append({"type": "logs", "logs": result.logs})
        for name, data in result.images:
            image = self.store.insert_file(file_object(name, len(data), "assistants_output"), data, owner=self.store.owner_of(run["id"]))
            outputs.append({"type": "image", "image": {"file_id": image["id"]}})
        step["step_details"]["tool_calls"] = [{"id": call["id"], "type": "code_interpreter", "code_interpreter": {"input": call["code"], "outputs": outputs}}]
        self.store.save(step)
        if outputs:
            self.steps.delta(step, {"type": "tool_calls", "tool_calls": [{"index": 0, "type": "code_interpreter", "code_interpreter": {"outputs": [dict(o, index=i) for i, o in enumerate(outputs)]}}]})
        self.fresh()
        self.steps.complete(step, spent.prompt, spent.completion)

    def open_search(self, query: str) -> dict:
        run = self.fresh()
        call_id = new_id("tool_call")
        step = self.steps.new(run, {"type": "tool_calls", "tool_calls": []})
        self.steps.delta(step, {"type": "tool_calls", "tool_calls": [{"index": 0, "id": call_id, "type": "file_search", "file_search": {}}]})
        return {"id": call_id, "step": step}

    def search_scope(self, call: dict) -> tuple[list[str], int, dict | None, dict]:
        """The stores a run's file_search searches (the assistant's and the thread's), with the tool's options."""
        run = self.fresh()
        options = next(((tool.get("file_search") or {}) for tool in run.get("tools") or [] if tool["type"] == "file_search"), {})
        assistant = self.store.get("assistant", run["assistant_id"]) or {}
        thread = self.store.get("thread", run["thread_id"]) or {}
        call["ranking"] = file_search.ranking(options.get("ranking_options"))
        limit = options.get("max_num_results") or file_search.default_max_results(run.get("model") or "")
        return file_search.tool_store_ids(assistant, thread), limit, None, call["ranking"]

    def close_search(self, call: dict, query: str, hits: list, spent: Spent) -> None:
        """The step as stored and sent has each result's file_id, file_name and score; the chunks' text is kept
        beside it (kind `file_search_content`), shown when `include[]` asks for it, and to the model."""
        step = call["step"]
        results = [to_run_step_result(hit) for hit in hits]
        step["step_details"]["tool_calls"] = [{"id": call["id"], "type": "file_search", "file_search": {"ranking_options": call["ranking"], "results": results}}]
        self.store.insert("file_search_content", {"id": f"fsc_{call['id']}", "query": query, "texts": [hit.text for hit in hits]}, parent=step["id"])
        self.fresh()
        step.update(status="completed", completed_at=now(), usage=usage(spent.prompt, spent.completion))
        self.store.save(step)
        shown = file_search.with_content(self.store, step) if file_search.INCLUDE_CONTENT in file_search.run_include(self.store, self.object_id) else step
        self.streams.emit(self.object_id, "thread.run.step.completed", shown)

