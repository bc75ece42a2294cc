"""The turn driver: one model turn after another until the object ends, the same for every API family.

A run and a response differ in what they show (steps and statuses; output items and events), not in what
happens: the model is asked, its text is written (streamed as a backend writes it, or paced in chunks), its
actions are carried out (function calls handed to the client, code run in the sandbox, files searched) and
counted, and the whole is bounded by the step limit, the output budget and cancellation. The driver does all
of that once; a family's adapter (simulator.engine.runs, simulator.engine.responses) turns each event into its
own objects. The driver knows models only through simulator.model's interface, never a backend.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import logging
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import Any, Protocol

from simulator.model import CallFunctions, Fail, Finish, FunctionCall, Reply, RunCode, SearchFiles, TextDelta, Turn, response_format_of, schema_accepts
from simulator.tokens import chunks, count_tokens, truncate_to_tokens

log = logging.getLogger("simulator.engine")

MAX_STEPS = 8  # an object that keeps calling tools past this fails instead of looping forever


class Cancelled(Exception):
    """Raised inside a driver when its object has been asked to cancel: the adapter ends it as cancelled."""


class Gone(Exception):
    """Raised inside a driver when there is nothing left to drive (deleted, or already ended by a cancel)."""


@dataclass
class Spent:
    """Tokens one model call cost: what it read and what it wrote."""

    prompt: int
    completion: int


class Family(Protocol):
    """What an API family gives the driver: its view of the object being driven."""

    def check(self) -> None: ...  # raise Cancelled or Gone when the driver must stop
    async def ready(self) -> None: ...  # wait, if the family must, before the object's first change anyone can see
    def turn(self) -> Turn | None: ...  # what the model sees now; None when nothing fits the prompt budget
    def output_budget(self) -> int | None: ...  # tokens it may still write; None when unlimited
    def prepare(self, text: str, turn: Turn) -> tuple[str, list[dict]]: ...  # a whole reply before it is written
    def open_reply(self, *, whole: bool = False) -> Any: ...  # whole: written and closed in this batch, then ended (store it once)
    def write(self, reply: Any, *pieces: str) -> None: ...
    def close_reply(self, reply: Any, spent: Spent, *, incomplete: bool, annotations: list[dict]) -> None: ...
    def call_functions(self, calls: list[FunctionCall], spent: Spent) -> None: ...
    def open_code(self, code: str) -> Any: ...
    def code_delta(self, call: Any, piece: str) -> None: ...
    def code_files(self, call: Any) -> dict[str, bytes]: ...
    def close_code(self, call: Any, result: Any, spent: Spent) -> None: ...
    def open_search(self, query: str) -> Any: ...
    def search_scope(self, call: Any) -> tuple[list[str], int, dict | None, dict]: ...  # stores, max results, filters, ranking
    def close_search(self, call: Any, query: str, hits: list, spent: Spent) -> None: ...
    def end(self, status: str, **details) -> None: ...  # completed, incomplete (reason=...) or failed (code=..., message=...)
    async def fault(self, fault: Fail) -> None: ...  # a failure the model reports


class Driver:
    """Drives one object's turns; the engine gives it the model, the sandbox and the vector stores."""

    def __init__(self, engine) -> None:
        self.engine = engine
        self.settings = engine.settings

    async def pause(self, seconds: float) -> None:
        await asyncio.sleep(seconds if seconds > 0 else 0)

    def batch(self):
        """What the driver writes inside commits once (simulator.store.Store.batch): around code that never awaits."""
        return self.engine.store.batch()

    async def until_stopped(self, family: Family, work: Awaitable) -> Any:
        """Await `work`, stopping it (and so a sandbox's process or a search) as soon as the object must stop."""
        task = asyncio.ensure_future(work)
        try:
            while not task.done():
                await asyncio.wait({task}, timeout=0.1)
                if not task.done():
                    family.check()
            return task.result()
        finally:
            if not task.done():
                task.cancel()
                with contextlib.suppress(asyncio.CancelledError, Exception):
                    await task

    # -- the loop ------------------------------------------------------------------------------

    async def turns(self, family: Family) -> None:
        """Turn after turn until the object ends (a reply, function calls for the client, a failure) or the step limit."""
        for _ in range(MAX_STEPS):
            await self.pause(self.settings.in_progress_delay)
            family.check()
            turn = family.turn()
            if turn is None:  # truncation left nothing that fits max_prompt_tokens
                await family.ready()
                family.end("incomplete", reason="max_prompt_tokens")
                return
            budget = family.output_budget()
            if budget == 0:
                await family.ready()
                family.end("incomplete", reason="max_output_tokens")
                return
            turn.max_completion_tokens = budget
            if await self.step(family, turn, budget):
                return
        family.check()
        family.end("failed", code="server_error", message=f"The model made more than {MAX_STEPS} steps without an answer.")

    async def step(self, family: Family, turn: Turn, budget: int | None) -> bool:
        """One model call and what it leads to. True once the object has stopped (ended, or waiting on the client).

        What the model is shown and what it answers are worked out before `family.ready()`, which may hold the object
        (a run waits to be seen in progress): nobody can see either, and a poll that releases it then waits the less."""
        live, text, action, finish = await self.ask(family, turn)
        if isinstance(action, Fail):
            await family.ready()
            await family.fault(action)
            return True
        prompt = finish.prompt_tokens if finish.prompt_tokens is not None else prompt_tokens(turn)
        if text is not None or (live is None and action is None):  # a whole reply: formatted, cut to the budget, paced
            text = conformed(text or "", turn)
            if text is None:
                await family.ready()
                family.end("failed", code="server_error", message="The model's reply did not match the response format's JSON schema.")
                return True
            text, annotations = family.prepare(text, turn)
            written = text if budget is None else truncate_to_tokens(text, budget)
            completion = finish.completion_tokens if finish.completion_tokens is not None else count_tokens(written)
            spent, incomplete = Spent(prompt, completion), written != text
            annotations = [a for a in annotations if a.get("index", 0) <= len(written)]
            if self.settings.token_delay > 0:  # paced: shown as it is written
                await family.ready()
                reply = await self.write_paced(family, written)
                with self.batch():
                    family.close_reply(reply, spent, incomplete=incomplete, annotations=annotations)
                    end_reply(family, incomplete)
                return True
            # No token delay: the whole reply is made before ready(), unseen (a family may keep its writes until its
            # end: a run does), and everything is shown at once after it.
            with self.batch():
                reply = family.open_reply(whole=True)
                if written:
                    family.write(reply, *chunks(written))
                family.close_reply(reply, spent, incomplete=incomplete, annotations=annotations)
            await family.ready()
            with self.batch():
                end_reply(family, incomplete)
            return True
        await family.ready()
        if live is not None:  # text the model streamed, already written
            completion = finish.completion_tokens if finish.completion_tokens is not None else count_tokens(live["text"])
            truncated = bool(finish.truncated and budget is not None)
            with self.batch():
                family.close_reply(live["reply"], Spent(prompt, completion), incomplete=truncated, annotations=[])
                if truncated:
                    family.end("incomplete", reason="max_output_tokens")
                elif action is None:
                    family.end("completed")
            if truncated or action is None:
                return True
            spent = Spent(0, action_tokens(action))  # the backend's count went to the reply
        else:
            spent = Spent(prompt, finish.completion_tokens if finish.completion_tokens is not None else action_tokens(action))
        if isinstance(action, CallFunctions):
            calls = action.calls if turn.parallel_tool_calls is not False else action.calls[:1]
            with self.batch():
                family.call_functions(calls, spent)
            return True
        if isinstance(action, RunCode):
            await self.run_code(family, action.code, spent)
            return False
        if isinstance(action, SearchFiles):
            await self.search(family, action.query, spent)
            return False
        raise TypeError(f"the model returned {action!r}")

    async def ask(self, family: Family, turn: Turn) -> tuple[dict | None, str | None, Any, Finish]:
        """Ask the model once: (text it streamed, already written; a whole reply's text; its action; its counts).

        A streaming backend's text is written as it comes, except when a JSON format is asked for: that text is
        kept whole, so it can be checked against the format before anyone sees it.
        """
        model = self.engine.model
        if getattr(model, "stream", None) is None:
            action = model.next_action(turn)
            return (None, action.text, None, Finish()) if isinstance(action, Reply) else (None, None, action, Finish())
        keep_whole = response_format_of(turn) is not None
        live, kept, action, finish = None, None, None, Finish()
        async with contextlib.aclosing(model.stream(turn)) as items:
            while (item := await self.until_stopped(family, anext(items, None))) is not None:
                if isinstance(item, Reply):  # a whole reply at once
                    item = TextDelta(item.text)
                if isinstance(item, TextDelta):
                    if not item.text:
                        continue
                    if keep_whole:
                        kept = (kept or "") + item.text
                        continue
                    if live is None:
                        await family.ready()
                    with self.batch():
                        if live is None:
                            live = {"reply": family.open_reply(), "text": ""}
                        live["text"] += item.text
                        family.write(live["reply"], item.text)
                    await self.pause(0)
                elif isinstance(item, Finish):
                    finish = item
                else:
                    action = item
        family.check()
        if kept is not None and action is not None:  # text said on the way to a tool call: no reply to format
            await family.ready()
            with self.batch():
                live = {"reply": family.open_reply(), "text": kept}
                family.write(live["reply"], kept)
            kept = None
        return live, kept, action, finish

    async def write_paced(self, family: Family, text: str) -> Any:
        """A whole reply, opened and written in chunks, a token delay after each (with none, step() writes it at once)."""
        reply = family.open_reply()
        for piece in chunks(text) if text else []:
            family.write(reply, piece)  # each write first checks that the object may go on
            await self.pause(self.settings.token_delay)
        return reply

    # -- actions -------------------------------------------------------------------------------

    async def run_code(self, family: Family, code: str, spent: Spent) -> None:
        """The code interpreter: the call opens, its code streams in, it runs in the sandbox, its outputs close it.

        It runs in the session the adapter names in the call (`call["session"]`: a thread's or a container's), so
        what one call defines the next can use, as with the real tool; without one, in a session of its own."""
        from simulator.sandbox import run_code  # imported late: only code runs need the sandbox

        with self.batch():
            call = family.open_code(code)
        for piece in chunks(code):
            family.code_delta(call, piece)
            await self.pause(self.settings.token_delay)
        family.check()
        session = call.get("session") if isinstance(call, dict) else None
        result = await self.until_stopped(family, run_code(code, family.code_files(call), session=session))
        family.check()
        with self.batch():
            family.close_code(call, result, spent)

    async def search(self, family: Family, query: str, spent: Spent) -> None:
        """The file_search tool: wait for files still being ingested, search the stores, close the call with the hits."""
        with self.batch():
            call = family.open_search(query)
        store_ids, limit, filters, ranking = family.search_scope(call)
        stores = self.engine.vector_stores

        async def searched():
            await stores.ready(store_ids, check=family.check)
            return await stores.search(store_ids, query, max_num_results=limit, filters=filters, ranking_options=ranking)

        hits = await self.until_stopped(family, searched())
        family.check()
        with self.batch():
            family.close_search(call, query, hits, spent)

    async def drive(self, family: Family, begin: Callable[[], Awaitable[None]], *, cancelled: Callable[[], None], crashed: Callable[[Exception], None]) -> None:
        """An object from its start to its end: `begin` (the family's opening events), then the turns.

        Every way out is handled here once: a cancel ends it as cancelled, a deleted object ends quietly,
        and a bug inside the simulator ends it failed instead of leaving it in progress for ever.
        """
        try:
            await begin()
            await self.turns(family)
        except Cancelled:
            cancelled()
        except (Gone, asyncio.CancelledError):
            pass
        except Exception as error:  # noqa: BLE001 - a bug here must end the object, not wedge it
            log.exception("the simulator failed while driving %s", getattr(family, "object_id", family))
            crashed(error)


def end_reply(family: Family, incomplete: bool) -> None:
    """The object ends with its reply: incomplete when the output budget cut the reply short."""
    if incomplete:
        family.end("incomplete", reason="max_output_tokens")
    else:
        family.end("completed")


def prompt_tokens(turn: Turn) -> int:
    """What a turn shows the model, counted: instructions, messages and the tool results so far."""
    results = sum(count_tokens(r.output) + count_tokens(r.arguments) + count_tokens(r.code) for r in turn.results)
    return count_tokens(turn.instructions) + sum(count_tokens(m["text"]) for m in turn.messages) + results


def action_tokens(action) -> int:
    """What the model wrote to take an action: the calls' names and arguments, the code, or the query."""
    if isinstance(action, CallFunctions):
        return sum(count_tokens(c.name) + count_tokens(c.arguments) for c in action.calls)
    if isinstance(action, RunCode):
        return count_tokens(action.code)
    if isinstance(action, SearchFiles):
        return count_tokens(action.query)
    return 0


def conformed(text: str, turn: Turn) -> str | None:
    """A whole reply held to the turn's response format (structured outputs), for every backend.

    json_object: a reply that is not a JSON object is wrapped as {"answer": text}. json_schema: a reply valid
    against the schema passes; an invalid one under `strict` is None (the object fails, as a model under
    structured outputs never writes one); without `strict` it passes as written, as the real API let it.
    """
    fmt = response_format_of(turn)
    if fmt is None:
        return text
    try:
        parsed = json.loads(text)
    except ValueError:
        parsed = None
    if fmt["type"] == "json_object":
        return text if isinstance(parsed, dict) else json.dumps({"answer": text}, ensure_ascii=False)
    spec = fmt.get("json_schema") or {}
    if parsed is not None and schema_accepts(spec.get("schema") or {"type": "object"}, parsed):
        return text
    return None if spec.get("strict") else text


