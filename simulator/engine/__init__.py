"""The run engine: moves each run through the real status machine by itself.

Every change goes to the store first and is then published, the same object, to whoever streams
the run; so polled state and the SSE stream come from one place and can never disagree. This module
is the state machine (one cohesive thing); what it shows the model (turns), its steps and usage
(steps), its streams and its statuses live beside it.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import time
from collections.abc import AsyncIterator

from simulator.engine import file_search, turns
from simulator.engine.statuses import ACTIVE, ENDED_BY, EXPIRABLE, MOVING, RUN_STOPS, STAMPS, TERMINAL
from simulator.engine.steps import Steps
from simulator.engine.streams import Streams
from simulator.ids import new_id, now
from simulator.model import CallFunctions, Fail, Finish, Model, Reply, RunCode, SearchFiles, TextDelta, Turn, load_model
from simulator.settings import Settings
from simulator.store import Store
from simulator.tokens import chunks, count_tokens, truncate_to_tokens
from simulator.wire import dumps, file_object, message_object, usage

log = logging.getLogger("simulator.engine")

MAX_STEPS = 8  # a run that keeps calling tools past this fails instead of looping forever


class Cancelled(Exception):
    """Raised inside a driver when its run has been asked to cancel."""


def _go_on(status: str | None) -> None:
    """Whether a driver may go on with its run: not once the run is gone (its thread was deleted under it) or cancelling."""
    if status is None:
        raise asyncio.CancelledError
    if status == "cancelling":
        raise Cancelled


class Engine:
    def __init__(self, store: Store, settings: Settings) -> None:
        self.store = store
        self.settings = settings
        self.streams = Streams()
        self.steps = Steps(store, self.streams)
        self._model: Model | None = None
        self._drivers: dict[str, asyncio.Task] = {}
        self._reaper: asyncio.Task | None = None
        self._holds: dict[str, asyncio.Event] = {}  # in_progress runs waiting to be seen by a poll
        self.vector_stores = file_search.VectorStores(store, settings)  # vector stores, their ingestion and search

    @property
    def model(self) -> Model:
        if self._model is None:
            self._model = load_model(self.settings)  # the scripted model unless the settings name a backend
        return self._model

    @model.setter
    def model(self, model: Model) -> None:
        self._model = model

    # -- lifecycle of the server ---------------------------------------------------------------

    @contextlib.asynccontextmanager
    async def lifespan(self, app) -> AsyncIterator[None]:
        self.recover()
        self.vector_stores.recover()
        self.store.defer_checkpoints()
        self._reaper = asyncio.create_task(self._reap_expired())
        checkpoints = asyncio.create_task(self._checkpoint_often())
        try:
            yield
        finally:
            await self.vector_stores.close()
            self._reaper.cancel()
            checkpoints.cancel()
            for task in list(self._drivers.values()):
                task.cancel()
            await asyncio.gather(*self._drivers.values(), self._reaper, checkpoints, return_exceptions=True)
            self.store.finish_checkpoint(truncate=True)

    def recover(self) -> None:
        """After a crash or restart, no run is left moving with no driver: end each one honestly."""
        for run in self._runs_in(MOVING):
            if run["status"] == "cancelling":
                self._end(run, "cancelled")
                continue
            self._end(run, "failed", last_error={"code": "server_error", "message": "The simulator restarted while this run was in progress."})

    async def _reap_expired(self) -> None:
        while True:
            await asyncio.sleep(1)
            with contextlib.suppress(Exception):
                for run in self._runs_in(EXPIRABLE):
                    self.settle(run)

    async def _checkpoint_often(self) -> None:
        """The store's checkpoints, mostly off the event loop (see Store.defer_checkpoints)."""
        while True:
            await asyncio.sleep(0.5)
            try:
                # A worker thread copies the log while the loop keeps writing; it goes again while
                # those writes are many, so what is left for the loop to copy is little.
                pages = copied = 0
                for _ in range(3):
                    copied, pages = pages, await asyncio.to_thread(self.store.copy_log)
                    if pages - copied < 256:
                        break
                if pages:
                    self.store.finish_checkpoint()
            except Exception:  # a busy or vanished database: the next turn tries again
                log.debug("checkpoint skipped", exc_info=True)

    def _runs_in(self, statuses: tuple[str, ...]) -> list[dict]:
        runs = []
        for status in statuses:
            runs += self.store.all("run", where={"status": status})
        return runs

    # -- streams -------------------------------------------------------------------------------

    def subscribe(self, run_id: str) -> asyncio.Queue:
        return self.streams.subscribe(run_id)

    def unsubscribe(self, run_id: str, queue: asyncio.Queue) -> None:
        self.streams.unsubscribe(run_id, queue)

    def events(self, queue: asyncio.Queue) -> AsyncIterator[list[tuple[str, str]]]:
        return self.streams.events(queue)

    def emit(self, run_id: str, event: str, data: dict, payload: str | None = None) -> None:
        self.streams.emit(run_id, event, data, payload)

    def _publish(self, obj: dict, event: str, run_id: str | None = None) -> dict:
        """Store an object, then tell the run's streams, in that order (encoded once for both)."""
        text = dumps(obj)
        self.store.save(obj, text=text)
        self.emit(run_id or obj.get("run_id") or obj["id"], event, obj, text)
        return obj

    # -- runs ----------------------------------------------------------------------------------

    def start(self, run: dict) -> None:
        """Drive a run that was just stored as queued (or re-queued by submitted tool outputs)."""
        self._drivers[run["id"]] = asyncio.create_task(self._drive(run["id"]), name=f"run {run['id']}")

    def announce(self, run: dict) -> None:
        self.emit(run["id"], "thread.run.created", run)

    def settle(self, run: dict) -> dict:
        """Apply what time alone does to a run (expiry) before anyone reads it."""
        if run["status"] in EXPIRABLE and run.get("expires_at") and now() >= run["expires_at"]:
            task = self._drivers.pop(run["id"], None)
            if task is not None and task is not asyncio.current_task():
                task.cancel()
            self._end(run, "expired")
        return run

    def active_run(self, thread_id: str) -> dict | None:
        """The thread's run that still holds it (queued, in progress, waiting for outputs, cancelling), if any."""
        for run in self.store.all("run", parent=thread_id):
            if run["status"] in ACTIVE:
                return self.settle(run)
        return None

    def seen(self, run: dict) -> None:
        """A poll has shown this run in_progress: it may go on (see `_hold`)."""
        if run["status"] == "in_progress" and run["id"] in self._holds:
            self._holds[run["id"]].set()

    async def wait_for_stop(self, run: dict, timeout: float) -> dict:
        """A long poll: let the run go on and answer once it stops (or `timeout` passes).

        Used for the SDK's own poll helper (create_and_poll, poll), which shows nobody the
        in-between phases: it then needs no sleep at all between polls. Hand-written loops are
        answered at once and still see every phase (see `_hold`).
        """
        if run["status"] not in ("queued", "in_progress") or run["id"] not in self._drivers:
            return run
        queue = self.subscribe(run["id"])  # a subscribed run is never held
        try:
            self.seen(run)
            with contextlib.suppress(TimeoutError):
                async with asyncio.timeout(timeout):
                    while (await queue.get())[0] not in RUN_STOPS:
                        pass
        finally:
            self.unsubscribe(run["id"], queue)
        latest = self.store.get("run", run["id"])
        return self.settle(latest) if latest is not None else run

    def cancel(self, run: dict) -> dict:
        run["status"] = "cancelling"
        self._publish(run, "thread.run.cancelling")
        if run["id"] in self._holds:  # a held run notices the cancel at once
            self._holds[run["id"]].set()
        if run["id"] not in self._drivers:  # waiting on tool outputs: nobody else will finish it
            asyncio.get_running_loop().call_soon(self._finish_cancel_by_id, run["id"])
        return run

    def _finish_cancel_by_id(self, run_id: str) -> None:
        run = self.store.get("run", run_id)
        if run is not None and run["status"] == "cancelling":
            self._end(run, "cancelled")

    def _end(self, run: dict, status: str, **details) -> dict:
        """Every way a run ends: close what it left open, stamp the time, total its usage, publish."""
        run.update(details)  # last_error first, so the steps it leaves open can carry it
        if status in ENDED_BY:
            self.steps.end_open(run, status)
            self._end_open_messages(run, ENDED_BY[status])
        run.update(status=status, required_action=None, usage=self.steps.usage_of(run))
        if STAMPS[status]:
            run[STAMPS[status]] = now()
        if status != "expired":  # the real API cleared the deadline once a run was over
            run["expires_at"] = None
        return self._publish(run, f"thread.run.{status}")

    def _fresh(self, run_id: str) -> dict:
        run = self.store.get("run", run_id)
        _go_on(run and run["status"])
        return run

    def _still_running(self, run_id: str) -> None:
        """What `_fresh` checks, without reading the whole run back (between the chunks of a reply)."""
        _go_on(self.store.status_of(run_id))

    async def _pause(self, seconds: float) -> None:
        await asyncio.sleep(seconds) if seconds > 0 else await asyncio.sleep(0)

    async def _drive(self, run_id: str) -> None:
        try:
            run = self._fresh(run_id)
            if run["started_at"] is None:  # a new run, not one resumed after tool outputs
                self.emit(run_id, "thread.run.queued", run)
            await self._pause(self.settings.queued_delay)
            run = self._fresh(run_id)
            run["status"] = "in_progress"
            run["started_at"] = run["started_at"] or now()
            self._publish(run, "thread.run.in_progress")
            await self._hold(run_id)
            await self._steps(run_id)
        except Cancelled:
            run = self.store.get("run", run_id)
            if run is not None:  # None: its thread was deleted meanwhile
                self._end(run, "cancelled")
        except asyncio.CancelledError:
            pass
        except Exception as error:  # a bug here must end the run, not wedge its thread
            log.exception("run %s failed inside the simulator", run_id)
            run = self.store.get("run", run_id)
            if run is not None and run["status"] not in TERMINAL:
                self._fail(run, "server_error", f"The simulator failed while running this run: {type(error).__name__}.")
        finally:
            if self._drivers.get(run_id) is asyncio.current_task():
                del self._drivers[run_id]

    async def _hold(self, run_id: str) -> None:
        """Stay in_progress until a poll has seen it (or in_progress_hold seconds pass).

        So every phase is observable: a polling loop sees queued (in the create response), then
        in_progress, then where the run ended, on every machine and at zero delays. Streams see
        every event anyway and are never held.
        """
        if self.settings.in_progress_hold <= 0 or self.streams.watched(run_id):
            return
        seen = self._holds[run_id] = asyncio.Event()
        try:
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(seen.wait(), self.settings.in_progress_hold)
        finally:
            self._holds.pop(run_id, None)
        self._fresh(run_id)

    def _fail(self, run: dict, code: str, message: str) -> None:
        self._end(run, "failed", last_error={"code": code, "message": message})

    async def _steps(self, run_id: str) -> None:
        for _ in range(MAX_STEPS):
            await self._pause(self.settings.in_progress_delay)
            run = self._fresh(run_id)
            turn = turns.build_turn(self.store, run, self.steps.usage_of(run)["prompt_tokens"])
            if turn is None:  # truncation left nothing that fits max_prompt_tokens
                self._incomplete(run, "max_prompt_tokens")
                return
            if getattr(self.model, "stream", None) is not None:  # a real model: its text streams as it comes
                if await self._streamed_step(run_id, run, turn):
                    return
                continue
            action = self.model.next_action(turn)
            if isinstance(action, Reply):
                await self._reply(run_id, turn, action.text)
                return
            if isinstance(action, CallFunctions):
                self._call_functions(run, turn, action)
                return
            if isinstance(action, RunCode):
                await self._run_code(run_id, turn, action.code)
                continue
            if isinstance(action, SearchFiles):  # the file_search tool: its results come back in the next turn
                await file_search.search_step(self, run_id, turn, action)
                continue
            if isinstance(action, Fail):
                await self._fault(run, action)
                return
            raise TypeError(f"the model returned {action!r}")
        self._fail(self._fresh(run_id), "server_error", f"The run made more than {MAX_STEPS} steps without an answer.")

    async def _fault(self, run: dict, fault: Fail) -> None:
        if fault.status == "expired":
            # The run stops making progress and sits until its (shortened) deadline passes.
            run["expires_at"] = now() + max(1, round(fault.after_seconds))
            self.store.save(run)
            while time.time() < run["expires_at"]:
                await asyncio.sleep(0.05)
                self._fresh(run["id"])  # still cancellable while it sits
            self.settle(self._fresh(run["id"]))
            return
        self._fail(run, fault.code, fault.message)

    # -- what the model sees -------------------------------------------------------------------

    # -- steps ---------------------------------------------------------------------------------

    # Usage: each step's when it ends; the run's is the sum of its steps', given once the run ends
    # (null before, as the spec says). A tool_calls step waiting for outputs keeps what its call cost
    # in a row of its own until it ends.

    def _end_open_messages(self, run: dict, reason: str) -> None:
        for message in self.store.all("message", parent=run["thread_id"], where={"run_id": run["id"]}):
            if message["status"] == "in_progress":
                message.update(status="incomplete", incomplete_at=now(), incomplete_details={"reason": reason})
                self._publish(message, "thread.message.incomplete", run["id"])

    async def _reply(self, run_id: str, turn: Turn, text: str) -> None:
        reply = self._open_reply(run_id)
        run = reply["run"]
        limit = run.get("max_completion_tokens")
        used_before = self.steps.usage_of(run)["completion_tokens"]
        allowed = None if not limit else max(0, limit - used_before)
        written = text if allowed is None else truncate_to_tokens(text, allowed)
        pieces = chunks(written) if written else []
        if self.settings.token_delay > 0:
            for piece in pieces:
                self._write(run_id, reply, piece)
                await self._pause(self.settings.token_delay)
        elif pieces:
            self._write(run_id, reply, *pieces)  # at once: no other request could look between the pieces
            await self._pause(0)
        run = self._close_reply(run_id, reply, turns.prompt_tokens(turn), count_tokens(written), incomplete=written != text)
        if written != text:
            self._incomplete(run, "max_completion_tokens")
            return
        self._end(run, "completed")

    def _open_reply(self, run_id: str) -> dict:
        """Open the run's reply: its message_creation step and its in_progress message (with the run's images)."""
        run = self._fresh(run_id)
        message = message_object(run["thread_id"], "assistant", [], status="in_progress", assistant_id=run["assistant_id"], run_id=run_id)
        step = self.steps.new(run, {"type": "message_creation", "message_creation": {"message_id": message["id"]}})
        text = dumps(message)
        self.store.insert("message", message, parent=run["thread_id"], text=text)
        self.emit(run_id, "thread.message.created", message, text)
        self.emit(run_id, "thread.message.in_progress", message, text)
        # The real API put the run's code interpreter images into its reply, before the text.
        images = [{"type": "image_file", "image_file": {"file_id": file_id}} for file_id in turns.run_images(self.store, run)]
        message["content"] = list(images)
        if images:
            self.store.save(message)
            self.emit(run_id, "thread.message.delta", {"id": message["id"], "object": "thread.message.delta", "delta": {"content": [dict(part, index=i) for i, part in enumerate(images)]}})
        # Where the reply's 【n:m†source】 markers point: the results of this run's file_search calls.
        sources = file_search.citation_sources(turns.results_of(self.store, run))
        return {"run": run, "message": message, "step": step, "images": images, "value": "", "sources": sources, "annotations": []}

    def _write(self, run_id: str, reply: dict, *pieces: str) -> None:
        """More of the reply's text: stored, then sent as thread.message.delta events, one a piece."""
        self._still_running(run_id)  # a cancel lands between chunks
        message, images = reply["message"], reply["images"]
        deltas = []
        for piece in pieces:
            reply["value"] = value = reply["value"] + piece
            annotations = file_search.citations(value, reply.get("sources") or {})
            new = annotations[len(reply.get("annotations") or []):]
            reply["annotations"] = annotations
            # As the real API did: the first delta of a text part carries its (empty) annotations, later ones only text.
            deltas.append({"value": piece, "annotations": []} if value == piece else {"value": piece})
            if new:  # a citation marker is complete: its annotation follows in a delta of its own
                deltas.append({"annotations": [dict(a, index=len(annotations) - len(new) + i) for i, a in enumerate(new)]})
        message["content"] = images + [{"type": "text", "text": {"value": reply["value"], "annotations": reply["annotations"]}}]
        self.store.save(message)
        for text_delta in deltas:
            self.emit(run_id, "thread.message.delta", {"id": message["id"], "object": "thread.message.delta", "delta": {"content": [{"index": len(images), "type": "text", "text": text_delta}]}})

    def _close_reply(self, run_id: str, reply: dict, prompt_tokens: int, completion_tokens: int, *, incomplete: bool) -> dict:
        """End the reply's message (completed, or incomplete at max_tokens) and its step; returns the run, fresh."""
        message, images, step = reply["message"], reply["images"], reply["step"]
        if len(message["content"]) == len(images):
            message["content"] = images + [{"type": "text", "text": {"value": "", "annotations": []}}]
        run = self._fresh(run_id)
        if incomplete:
            message.update(status="incomplete", incomplete_at=now(), incomplete_details={"reason": "max_tokens"})
            self._publish(message, "thread.message.incomplete", run_id)
        else:
            message.update(status="completed", completed_at=now())
            self._publish(message, "thread.message.completed", run_id)
        self.steps.complete(step, prompt_tokens, completion_tokens)
        return run

    async def _streamed_step(self, run_id: str, run: dict, turn: Turn) -> bool:
        """One step from a streaming model: text goes to the client as the backend writes it. True once the run has stopped."""
        limit = run.get("max_completion_tokens")
        if limit:
            turn.max_completion_tokens = max(0, limit - self.steps.usage_of(run)["completion_tokens"])
            if turn.max_completion_tokens == 0:
                self._incomplete(run, "max_completion_tokens")
                return True
        reply, action, finish = None, None, Finish()
        async with contextlib.aclosing(self.model.stream(turn)) as items:
            while (item := await self._until_cancelled(run_id, anext(items, None))) is not None:
                if isinstance(item, Reply):  # a whole reply at once
                    item = TextDelta(item.text)
                if isinstance(item, TextDelta):
                    if item.text:
                        reply = reply or self._open_reply(run_id)
                        self._write(run_id, reply, item.text)
                elif isinstance(item, Finish):
                    finish = item
                else:
                    action = item
        run = self._fresh(run_id)
        if isinstance(action, Fail):
            await self._fault(run, action)
            return True
        prompt_tokens = finish.prompt_tokens if finish.prompt_tokens is not None else turns.prompt_tokens(turn)
        spent = None
        if reply is not None or action is None:
            reply = reply or self._open_reply(run_id)
            completion_tokens = finish.completion_tokens if finish.completion_tokens is not None else count_tokens(reply["value"])
            truncated = bool(finish.truncated and limit)
            run = self._close_reply(run_id, reply, prompt_tokens, completion_tokens, incomplete=truncated)
            if truncated:
                self._incomplete(run, "max_completion_tokens")
                return True
            if action is None:
                self._end(run, "completed")
                return True
            # The backend's count went to the message's step; the calls' step counts only what they wrote.
            spent = (0, count_tokens(action.code) if isinstance(action, RunCode) else count_tokens(action.query) if isinstance(action, SearchFiles) else sum(count_tokens(c.name) + count_tokens(c.arguments) for c in action.calls))
        elif finish.completion_tokens is not None:
            spent = (prompt_tokens, finish.completion_tokens)
        if isinstance(action, CallFunctions):
            self._call_functions(run, turn, action, spent)
            return True
        if isinstance(action, RunCode):
            await self._run_code(run_id, turn, action.code, spent)
            return False
        if isinstance(action, SearchFiles):
            await file_search.search_step(self, run_id, turn, action)
            return False
        raise TypeError(f"the model streamed {action!r}")

    def _incomplete(self, run: dict, reason: str) -> None:
        self._end(run, "incomplete", incomplete_details={"reason": reason})

    def _call_functions(self, run: dict, turn: Turn, action: CallFunctions, spent: tuple[int, int] | None = None) -> None:
        calls = [{"id": new_id("tool_call"), "type": "function", "function": {"name": c.name, "arguments": c.arguments, "output": None}} for c in action.calls]
        step = self.steps.new(run, {"type": "tool_calls", "tool_calls": []})
        for index, call in enumerate(calls):
            self.steps.delta(step, {"type": "tool_calls", "tool_calls": [{"index": index, "id": call["id"], "type": "function", "function": {"name": call["function"]["name"], "arguments": "", "output": None}}]})
            for piece in chunks(call["function"]["arguments"]):  # arguments stream in pieces, as the model writes them
                self.steps.delta(step, {"type": "tool_calls", "tool_calls": [{"index": index, "type": "function", "function": {"arguments": piece}}]})
        step["step_details"]["tool_calls"] = calls
        self.store.save(step)
        self.steps.pend_usage(step, *(spent or (turns.prompt_tokens(turn), sum(count_tokens(c.name) + count_tokens(c.arguments) for c in action.calls))))
        run.update(
            status="requires_action",
            required_action={"type": "submit_tool_outputs", "submit_tool_outputs": {"tool_calls": [{"id": c["id"], "type": "function", "function": {"name": c["function"]["name"], "arguments": c["function"]["arguments"]}} for c in calls]}},
        )
        self._publish(run, "thread.run.requires_action")

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
        self._publish(run, "thread.run.queued")
        self.start(run)
        return run

    async def _run_code(self, run_id: str, turn: Turn, code: str, spent: tuple[int, int] | None = None) -> None:
        from simulator.sandbox import run_code  # imported late: the sandbox is only needed by code runs

        run = self._fresh(run_id)
        call_id = new_id("tool_call")
        step = self.steps.new(run, {"type": "tool_calls", "tool_calls": []})
        self.steps.delta(step, {"type": "tool_calls", "tool_calls": [{"index": 0, "id": call_id, "type": "code_interpreter", "code_interpreter": {"input": "", "outputs": []}}]})
        for piece in chunks(code):
            self.steps.delta(step, {"type": "tool_calls", "tool_calls": [{"index": 0, "type": "code_interpreter", "code_interpreter": {"input": piece}}]})
            await self._pause(self.settings.token_delay)
        # While the code runs, a poll of the step shows the call with its input and no outputs yet.
        step["step_details"]["tool_calls"] = [{"id": call_id, "type": "code_interpreter", "code_interpreter": {"input": code, "outputs": []}}]
        self.store.save(step)
        # Under their ids, as the real tool kept them: /mnt/data/<file id>.
        files = {file_id: self.store.get_blob(file_id) or b"" for file_id in turn.files}
        result = await self._until_cancelled(run_id, run_code(code, files))
        outputs = []
        if result.logs:
            outputs.append({"type": "logs", "logs": result.logs})
        for name, data in result.images:
            image = self._output_file(run, name, data)
            outputs.append({"type": "image", "image": {"file_id": image["id"]}})
        call = {"id": call_id, "type": "code_interpreter", "code_interpreter": {"input": code, "outputs": outputs}}
        step["step_details"]["tool_calls"] = [call]
        self.store.save(step)
        if outputs:
            self.steps.delta(step, {"type": "tool_calls", "tool_calls": [{"index": 0, "type": "code_interpreter", "code_interpreter": {"outputs": [dict(o, index=i) for i, o in enumerate(outputs)]}}]})
        run = self._fresh(run_id)
        prompt_tokens, completion_tokens = spent or (turns.prompt_tokens(turn), count_tokens(code))
        self.steps.complete(step, prompt_tokens, completion_tokens)

    async def _until_cancelled(self, run_id: str, work):
        """Await `work`, stopping it (and so the sandbox's process) as soon as the run is cancelled."""
        task = asyncio.ensure_future(work)
        try:
            while not task.done():
                await asyncio.wait({task}, timeout=0.1)
                if not task.done():
                    self._fresh(run_id)  # raises Cancelled once a cancel has landed
            return task.result()
        finally:
            if not task.done():
                task.cancel()
                with contextlib.suppress(asyncio.CancelledError, Exception):
                    await task

    def _output_file(self, run: dict, name: str, data: bytes) -> dict:
        return self.store.insert_file(file_object(name, len(data), "assistants_output"), data, owner=self.store.owner_of(run["id"]))
