"""The Responses driver: one response from request to its end, on the run engine's model, sandbox and streams.

A response is made in one go: the model is asked (the same `Turn` the runs build), code it writes runs in
the response's container, and it ends with a message or with function calls for the client to answer
(the tool loop lives in the client now: the next request carries function_call_output items). Each
change is stored first and then published as a Responses stream event with its sequence_number, so a
stream, a background poll and the final JSON come from one place.

Stored beside each response (kind `response_state`, under the response): its input items, the context
before them (previous_response_id's chain, or the conversation), its conversation, include and container.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import logging
import posixpath

from simulator.engine import Engine, file_search
from simulator.model import CallFunctions, Fail, Finish, Reply, RunCode, SearchFiles, TextDelta, ToolResult, Turn
from simulator.tokens import chunks, count_tokens, truncate_to_tokens
from simulator.wire import dumps
from simulator.wire.responses import (
    code_interpreter_call,
    container_file_object,
    container_object,
    file_search_call,
    function_call,
    output_message,
    output_text,
    response_usage,
)

log = logging.getLogger("simulator.responses")

MAX_STEPS = 8
ENDS = ("response.completed", "response.failed", "response.incomplete", "response.cancelled")
TERMINAL = ("completed", "failed", "incomplete", "cancelled")
END_OF_STREAM = "end"  # not sent: tells a stream's route that nothing more comes


class CancelledResponse(Exception):
    pass


def events_id(response_id: str) -> str:
    return response_id + "~events"


def state_id(response_id: str) -> str:
    return response_id + "~state"


def present(item: dict, include: list[str] | tuple = ()) -> dict:
    """An item as the API shows it: code outputs and search results only when `include` asks for them."""
    if item.get("type") == "code_interpreter_call" and "code_interpreter_call.outputs" not in include:
        return {**item, "outputs": None}
    if item.get("type") == "file_search_call" and "file_search_call.results" not in include:
        return {**item, "results": None}
    return item


def present_response(response: dict, include: list[str] | tuple = ()) -> dict:
    return {**response, "output": [present(item, include) for item in response["output"]]}


def text_of(content) -> str:
    if isinstance(content, str):
        return content
    return "\n".join(part.get("text", "") for part in content or [] if isinstance(part, dict) and part.get("type") in ("input_text", "output_text", "text"))


def to_run_tools(tools: list[dict]) -> list[dict]:
    """Responses tools as the model interface knows them (the Assistants shapes)."""
    out = []
    for tool in tools:
        if tool["type"] == "function":
            function = {"name": tool["name"], "parameters": tool.get("parameters") or {"type": "object", "properties": {}}, "strict": bool(tool.get("strict"))}
            if tool.get("description"):
                function["description"] = tool["description"]
            out.append({"type": "function", "function": function})
        elif tool["type"] in ("code_interpreter", "file_search"):
            out.append({"type": tool["type"]})
    return out


def search_tool(tools: list[dict]) -> dict | None:
    return next((tool for tool in tools if tool["type"] == "file_search"), None)


def cited(text: str, turn: Turn) -> tuple[str, list[dict]]:
    """A reply's 【n:m†source】 markers out of its text, as file_citation annotations at the index where each stood."""
    sources = file_search.citation_sources(turn.results)
    names = {}
    for result in turn.results:
        if result.type == "file_search":
            with contextlib.suppress(ValueError):
                names.update({hit["file_id"]: hit.get("file_name", "") for hit in json.loads(result.output or "[]")})
    marks = file_search.citations(text, sources) if sources else []
    if not marks and not file_search.MARKER.search(text):
        return text, []
    out, annotations, cursor = "", [], 0
    for found in file_search.MARKER.finditer(text):
        out += text[cursor:found.start()]
        cursor = found.end()
        mark = next((m for m in marks if m["start_index"] == found.start()), None)
        if mark is not None:
            file_id = mark["file_citation"]["file_id"]
            annotations.append({"type": "file_citation", "file_id": file_id, "filename": posixpath.basename(names.get(file_id, "")), "index": len(out)})
    return out + text[cursor:], annotations


def to_run_tool_choice(choice):
    if isinstance(choice, dict) and choice.get("type") == "function":
        return {"type": "function", "function": {"name": choice.get("name")}}
    if isinstance(choice, dict) and choice.get("type") == "allowed_tools":
        return choice.get("mode", "auto")
    return choice


def tool_results(items: list[dict]) -> list[ToolResult]:
    """The tool calls made since the last user message, with what came back: what the model has in hand."""
    last_user = max((i for i, item in enumerate(items) if item.get("type", "message") == "message" and item.get("role") == "user"), default=-1)
    outputs = {item["call_id"]: item.get("output") for item in items if item.get("type") == "function_call_output"}
    results = []
    for item in items[last_user + 1:]:
        if item.get("type") == "function_call":
            output = outputs.get(item["call_id"], "")
            results.append(ToolResult("function", name=item["name"], arguments=item["arguments"], output=output if isinstance(output, str) else text_of(output), call_id=item["call_id"]))
        elif item.get("type") == "code_interpreter_call":
            logs = "".join(o.get("logs", "") for o in item.get("outputs") or [] if o.get("type") == "logs")
            results.append(ToolResult("code_interpreter", code=item.get("code") or "", output=logs, error="Traceback (most recent call last)" in logs, call_id=item["id"]))
        elif item.get("type") == "file_search_call":
            # What the model reads: the results as the runs' file_search gives them ({file_id, file_name, score, text}).
            found = [{"file_id": r.get("file_id"), "file_name": r.get("filename", ""), "score": r.get("score", 0), "text": r.get("text", "")} for r in item.get("results") or []]
            arguments = json.dumps({"query": " ".join(item.get("queries") or [])}, ensure_ascii=False)
            results.append(ToolResult("file_search", name="file_search", arguments=arguments, output=json.dumps(found, ensure_ascii=False), call_id=item["id"]))
    return results


class Responses:
    """Drives responses; shares the run engine's store, settings, model and streams."""

    def __init__(self, engine: Engine) -> None:
        self.engine = engine
        self.store = engine.store
        self.settings = engine.settings
        self.streams = engine.streams
        self._tasks: dict[str, asyncio.Task] = {}
        self._sequence: dict[str, int] = {}
        # A background response's events so far, (sequence_number, event, payload): a stream that
        # resumes it (GET ?stream=true&starting_after=n) replays them. Stored once the response ends.
        self._history: dict[str, list[tuple[int, str, str]]] = {}
        self.recover()

    def recover(self) -> None:
        """After a restart, no background response is left in progress with nobody working on it."""
        for status in ("queued", "in_progress"):
            for response in self.store.all("response", where={"status": status}):
                response.update(status="failed", error={"code": "server_error", "message": "The simulator restarted while this response was in progress."})
                self.store.save(response)

    # -- state ---------------------------------------------------------------------------------

    def state(self, response_id: str) -> dict:
        return self.store.get("response_state", state_id(response_id)) or {"id": state_id(response_id), "input": [], "context": [], "include": [], "store": True}

    def context_after(self, response_id: str) -> list[dict]:
        """Everything a response continuing this one sees: its context, its input, its output."""
        response = self.store.get("response", response_id) or {"output": []}
        state = self.state(response_id)
        return state["context"] + state["input"] + response["output"]

    # -- events --------------------------------------------------------------------------------

    def emit(self, response_id: str, kind: str, **fields) -> None:
        number = self._sequence.get(response_id, 0)
        self._sequence[response_id] = number + 1
        data = {"type": kind, **fields, "sequence_number": number}
        if response_id not in self._history:  # encoded only if someone streams it (Streams.emit)
            self.streams.emit(response_id, kind, data)
            return
        payload = dumps(data)
        self._history[response_id].append((number, kind, payload))
        self.streams.emit(response_id, kind, data, payload)

    def running(self, response_id: str) -> bool:
        return response_id in self._tasks

    def events_after(self, response_id: str, starting_after: int) -> list[tuple[int, str, str]]:
        """A background response's events after `starting_after`, (sequence_number, event, payload), so far."""
        if response_id in self._history:
            events = self._history[response_id]
        else:
            stored = self.store.get("response_events", events_id(response_id))
            events = [tuple(event) for event in stored["events"]] if stored else []
        return [event for event in events if event[0] > starting_after]

    def _snapshot(self, response: dict, state: dict) -> dict:
        return present_response(response, state["include"])

    # -- driving -------------------------------------------------------------------------------

    def start(self, response_id: str) -> asyncio.Task:
        task = asyncio.create_task(self.drive(response_id), name=f"response {response_id}")
        self._tasks[response_id] = task
        task.add_done_callback(lambda _t: self._tasks.pop(response_id, None))
        return task

    def cancel(self, response: dict) -> dict:
        task = self._tasks.pop(response["id"], None)
        if task is not None:
            task.cancel()
        if response["status"] in ("queued", "in_progress"):
            response.update(status="cancelled")
            self.store.save(response)
            self.streams.emit(response["id"], END_OF_STREAM, {})
        return response

    async def drive(self, response_id: str) -> None:
        response = self.store.get("response", response_id)
        state = self.state(response_id)
        self._sequence[response_id] = 0
        if response.get("background"):
            self._history[response_id] = []
        try:
            self.emit(response_id, "response.created", response=self._snapshot(response, state))
            if response["status"] == "queued":
                self.emit(response_id, "response.queued", response=self._snapshot(response, state))
                await self._pause(self.settings.queued_delay)
                response = self._fresh(response_id)
                response["status"] = "in_progress"
                self.store.save(response)
            self.emit(response_id, "response.in_progress", response=self._snapshot(response, state))
            await self._steps(response, state)
        except (CancelledResponse, asyncio.CancelledError):
            pass
        except Exception as error:  # a bug here must end the response, not leave it in progress
            log.exception("response %s failed inside the simulator", response_id)
            response = self.store.get("response", response_id)
            if response is not None and response["status"] not in TERMINAL:
                self._end(response, state, "failed", error={"code": "server_error", "message": f"The simulator failed while making this response: {type(error).__name__}."})
        finally:
            self._sequence.pop(response_id, None)
            history = self._history.pop(response_id, None)
            if history is not None and self.store.get("response", response_id) is not None:  # not deleted meanwhile
                self.store.insert("response_events", {"id": events_id(response_id), "events": history}, parent=response_id)

    async def _pause(self, seconds: float) -> None:
        await asyncio.sleep(seconds if seconds > 0 else 0)

    def _fresh(self, response_id: str) -> dict:
        response = self.store.get("response", response_id)
        if response is None or response["status"] == "cancelled":
            raise CancelledResponse
        return response

    def _turn(self, response: dict, state: dict, own: list[dict]) -> Turn:
        items = state["context"] + state["input"] + own
        instructions = response.get("instructions") or ""
        messages = []
        for item in items:
            if item.get("type", "message") != "message":
                continue
            if item.get("role") in ("system", "developer"):
                instructions = (instructions + "\n" if instructions else "") + text_of(item.get("content"))
                continue
            messages.append({"role": item.get("role", "user"), "text": text_of(item.get("content")), "attachments": []})
        fmt = (response.get("text") or {}).get("format") or {"type": "text"}
        response_format = "auto"
        if fmt.get("type") == "json_schema":
            response_format = {"type": "json_schema", "json_schema": {k: fmt[k] for k in ("name", "schema", "strict", "description") if k in fmt}}
        elif fmt.get("type") == "json_object":
            response_format = {"type": "json_object"}
        return Turn(
            instructions=instructions,
            messages=messages,
            tools=to_run_tools(response["tools"]),
            tool_choice=to_run_tool_choice(response["tool_choice"]),
            parallel_tool_calls=response["parallel_tool_calls"],
            results=tool_results(items),
            files={posixpath.basename(f["path"]): posixpath.basename(f["path"]) for f in self._container_files(state.get("container_id"))},
            model=response["model"],
            temperature=response.get("temperature"),
            top_p=response.get("top_p"),
            response_format=response_format,
            max_completion_tokens=response.get("max_output_tokens"),
            vector_store_ids=list((search_tool(response["tools"]) or {}).get("vector_store_ids") or []),
        )

    async def _next(self, turn: Turn, response: dict, state: dict) -> tuple[object, str | None]:
        """The model's next action; a streaming model's text is sent as it comes (returned as a Reply already written)."""
        model = self.engine.model
        if getattr(model, "stream", None) is None:
            return model.next_action(turn), None
        writer, action = None, None
        async with contextlib.aclosing(model.stream(turn)) as items:
            async for item in items:
                self._fresh(response["id"])
                if isinstance(item, Reply):
                    item = TextDelta(item.text)
                if isinstance(item, TextDelta):
                    if item.text:
                        writer = writer or self._open_message(response, state)
                        self._write(response, writer, item.text)
                        await self._pause(0)
                elif not isinstance(item, Finish):
                    action = item
        if writer is not None:
            self._close_message(response, state, writer)
            return action, writer["text"]
        return action, None

    async def _steps(self, response: dict, state: dict) -> None:
        rid = response["id"]
        spent_in = spent_out = 0
        if any(tool["type"] == "code_interpreter" for tool in response["tools"]):
            self.container_for(response, state)  # so the model knows the files its code will see
        for _ in range(MAX_STEPS):
            await self._pause(self.settings.in_progress_delay)
            response = self._fresh(rid)
            turn = self._turn(response, state, response["output"])
            spent_in += sum(count_tokens(m["text"]) for m in turn.messages) + count_tokens(turn.instructions)
            action, written = await self._next(turn, response, state)
            response = self._fresh(rid)
            if written is not None:
                spent_out += count_tokens(written)
                if action is None:
                    self._end(response, state, "completed", usage=response_usage(spent_in, spent_out))
                    return
            if action is None or isinstance(action, Reply):
                text, annotations = cited(self._formatted(action.text if action else "", turn, response), turn)
                limit = response.get("max_output_tokens")
                allowed = None if not limit else max(0, limit - spent_out)
                out = text if allowed is None else truncate_to_tokens(text, allowed)
                writer = self._open_message(response, state)
                for piece in chunks(out) if out else []:
                    self._write(response, writer, piece)
                    await self._pause(self.settings.token_delay)
                    self._fresh(rid)
                spent_out += count_tokens(out)
                self._close_message(response, state, writer, incomplete=out != text, annotations=[a for a in annotations if a["index"] <= len(out)])
                if out != text:
                    self._end(response, state, "incomplete", incomplete_details={"reason": "max_output_tokens"}, usage=response_usage(spent_in, spent_out))
                else:
                    self._end(response, state, "completed", usage=response_usage(spent_in, spent_out))
                return
            if isinstance(action, CallFunctions):
                calls = action.calls if response["parallel_tool_calls"] else action.calls[:1]
                for call in calls:
                    spent_out += count_tokens(call.name) + count_tokens(call.arguments)
                    await self._call_function(response, state, call.name, call.arguments)
                self._end(response, state, "completed", usage=response_usage(spent_in, spent_out))
                return
            if isinstance(action, SearchFiles):
                spent_out += count_tokens(action.query)
                await self._search_files(response, state, action.query)
                continue
            if isinstance(action, RunCode):
                spent_out += count_tokens(action.code)
                await self._run_code(response, state, action.code)
                continue
            if isinstance(action, Fail):
                self._end(response, state, "failed", error={"code": action.code if action.code in ("server_error", "rate_limit_exceeded", "invalid_prompt") else "server_error", "message": action.message or "The model failed to make a response."}, usage=response_usage(spent_in, spent_out))
                return
            raise TypeError(f"the model returned {action!r}")
        self._end(self._fresh(rid), state, "failed", error={"code": "server_error", "message": f"The response took more than {MAX_STEPS} steps without an answer."})

    def _formatted(self, text: str, turn: Turn, response: dict) -> str:
        """Text that honours text.format: JSON valid against the schema when one is asked for."""
        fmt = (response.get("text") or {}).get("format") or {}
        if fmt.get("type") not in ("json_schema", "json_object"):
            return text
        try:
            parsed = json.loads(text)
        except ValueError:
            parsed = None
        if fmt.get("type") == "json_object":
            return text if isinstance(parsed, dict) else json.dumps({"answer": text}, ensure_ascii=False)
        schema = fmt.get("schema") or {"type": "object"}
        if parsed is not None:
            import jsonschema_rs

            with contextlib.suppress(Exception):
                if jsonschema_rs.validator_for(schema).is_valid(parsed):
                    return text
        from simulator.model.scripted.functions import example_arguments

        return json.dumps(example_arguments(schema, turn.last_user_text, strict=True), ensure_ascii=False)

    # -- output items --------------------------------------------------------------------------

    def _add_item(self, response: dict, state: dict, item: dict) -> int:
        response["output"].append(item)
        self.store.save(response)
        index = len(response["output"]) - 1
        self.emit(response["id"], "response.output_item.added", output_index=index, item=present(item, state["include"]))
        return index

    def _item_done(self, response: dict, state: dict, index: int) -> None:
        self.store.save(response)
        self.emit(response["id"], "response.output_item.done", output_index=index, item=present(response["output"][index], state["include"]))

    def _open_message(self, response: dict, state: dict) -> dict:
        message = output_message()
        index = self._add_item(response, state, message)
        message["content"] = [output_text("")]
        self.store.save(response)
        self.emit(response["id"], "response.content_part.added", item_id=message["id"], output_index=index, content_index=0, part=output_text(""))
        return {"message": message, "index": index, "text": ""}

    def _write(self, response: dict, writer: dict, piece: str) -> None:
        writer["text"] += piece
        writer["message"]["content"][0]["text"] = writer["text"]
        self.store.save(response)
        self.emit(response["id"], "response.output_text.delta", item_id=writer["message"]["id"], output_index=writer["index"], content_index=0, delta=piece, logprobs=[])

    def _close_message(self, response: dict, state: dict, writer: dict, *, incomplete: bool = False, annotations: list[dict] = ()) -> None:
        message, index = writer["message"], writer["index"]
        rid = response["id"]
        for n, annotation in enumerate(annotations):  # file citations first, each announced as the real API does
            self.emit(rid, "response.output_text.annotation.added", item_id=message["id"], output_index=index, content_index=0, annotation_index=n, annotation=annotation)
        annotations = list(annotations) + [
            {"type": "container_file_citation", "container_id": f["container_id"], "file_id": f["id"], "start_index": len(writer["text"]), "end_index": len(writer["text"]), "filename": posixpath.basename(f["path"])}
            for f in state.get("new_files", [])
        ]
        part = output_text(writer["text"], annotations)
        message["content"] = [part]
        self.emit(rid, "response.output_text.done", item_id=message["id"], output_index=index, content_index=0, text=writer["text"], logprobs=[])
        self.emit(rid, "response.content_part.done", item_id=message["id"], output_index=index, content_index=0, part=part)
        message["status"] = "incomplete" if incomplete else "completed"
        self._item_done(response, state, index)

    async def _call_function(self, response: dict, state: dict, name: str, arguments: str) -> None:
        item = function_call(name, "")
        index = self._add_item(response, state, item)
        for piece in chunks(arguments):
            item["arguments"] += piece
            self.emit(response["id"], "response.function_call_arguments.delta", item_id=item["id"], output_index=index, delta=piece)
            await self._pause(self.settings.token_delay)
        item["arguments"] = arguments
        self.emit(response["id"], "response.function_call_arguments.done", item_id=item["id"], name=name, output_index=index, arguments=arguments)
        item["status"] = "completed"
        self._item_done(response, state, index)

    async def _search_files(self, response: dict, state: dict, query: str) -> None:
        """One file_search_call: added in_progress, searching, then completed with its results (shown when include asks)."""
        rid = response["id"]
        tool = search_tool(response["tools"]) or {}
        item = file_search_call([query])
        index = self._add_item(response, state, item)
        self.emit(rid, "response.file_search_call.in_progress", output_index=index, item_id=item["id"])
        item["status"] = "searching"
        self.store.save(response)
        self.emit(rid, "response.file_search_call.searching", output_index=index, item_id=item["id"])
        ranking = {k: v for k, v in (tool.get("ranking_options") or {}).items() if k in ("ranker", "score_threshold")}
        if ranking.get("ranker") in (None, "auto"):
            ranking["ranker"] = "default_2024_08_21"
        search = asyncio.ensure_future(file_search.search_vector_stores(self.engine, tool.get("vector_store_ids") or [], query, max_num_results=tool.get("max_num_results") or 20, filters=tool.get("filters"), ranking_options=ranking))
        try:
            while not search.done():
                await asyncio.wait({search}, timeout=0.1)
                if not search.done():
                    self._fresh(rid)
            hits = search.result()
        finally:
            if not search.done():
                search.cancel()
        response = self._fresh(rid)
        item = response["output"][index]
        item.update(status="completed", results=[{"file_id": h["file_id"], "filename": h["filename"], "score": h["score"], "attributes": h["attributes"] or {}, "text": h["text"]} for h in hits])
        self.store.save(response)
        self.emit(rid, "response.file_search_call.completed", output_index=index, item_id=item["id"])
        self._item_done(response, state, index)

    async def _run_code(self, response: dict, state: dict, code: str) -> None:
        from simulator.sandbox import run_code  # imported late: only code runs need the sandbox

        rid = response["id"]
        container = self.container_for(response, state)
        item = code_interpreter_call(container["id"], "")
        index = self._add_item(response, state, item)
        self.emit(rid, "response.code_interpreter_call.in_progress", output_index=index, item_id=item["id"])
        for piece in chunks(code):
            item["code"] += piece
            self.emit(rid, "response.code_interpreter_call_code.delta", output_index=index, item_id=item["id"], delta=piece)
            await self._pause(self.settings.token_delay)
        item["code"] = code
        self.emit(rid, "response.code_interpreter_call_code.done", output_index=index, item_id=item["id"], code=code)
        item["status"] = "interpreting"
        self.store.save(response)
        self.emit(rid, "response.code_interpreter_call.interpreting", output_index=index, item_id=item["id"])
        files = {posixpath.basename(f["path"]): self.store.get_blob(f["id"]) or b"" for f in self._container_files(container["id"])}
        task = asyncio.ensure_future(run_code(code, files))
        try:
            while not task.done():
                await asyncio.wait({task}, timeout=0.1)
                if not task.done():
                    self._fresh(rid)
            result = task.result()
        finally:
            if not task.done():
                task.cancel()
        response = self._fresh(rid)
        item = response["output"][index]
        outputs = [{"type": "logs", "logs": result.logs}] if result.logs else []
        for name, data in result.images:
            made = self.add_container_file(container, posixpath.join("/mnt/data", self._free_name(container["id"], name)), data, source="assistant")
            state.setdefault("new_files", []).append(made)
            outputs.append({"type": "image", "url": f"sandbox:{made['path']}"})
        self.touch(container)
        item.update(status="completed", outputs=outputs)
        self.store.save(response)
        self.emit(rid, "response.code_interpreter_call.completed", output_index=index, item_id=item["id"])
        self._item_done(response, state, index)

    def _end(self, response: dict, state: dict, status: str, **details) -> None:
        from simulator.ids import now

        response.update(details)
        response["status"] = status
        if status == "completed":
            response["completed_at"] = now()
        self.store.save(response)
        if response.get("conversation") and status in ("completed", "incomplete"):
            self.append_to_conversation(response["conversation"]["id"], state["input"] + response["output"])
        self.emit(response["id"], f"response.{status}", response=self._snapshot(response, state))

    # -- conversations -------------------------------------------------------------------------

    def conversation_items(self, conversation_id: str) -> list[dict]:
        return self.store.all("conversation_item", parent=conversation_id)

    def append_to_conversation(self, conversation_id: str, items: list[dict]) -> None:
        from simulator.ids import new_id

        owner = self.store.owner_of(conversation_id)
        for item in items:
            if self.store.get("conversation_item", item["id"]) is not None and self.store.parent_of(item["id"]) == conversation_id:
                continue  # already there (an item passed back in as input)
            if self.store.parent_of(item["id"]) is not None or self.store.seq_of("conversation_item", item["id"]) is not None:
                item = {**item, "id": new_id("output_message" if item["type"] == "message" else "function_call_output")}
            self.store.insert("conversation_item", item, parent=conversation_id, owner=owner)

    # -- containers ----------------------------------------------------------------------------

    def settle_container(self, container: dict) -> dict:
        """Apply what time alone does: a container idle past its expires_after minutes has expired."""
        from simulator.ids import now

        minutes = (container.get("expires_after") or {}).get("minutes") or 20
        if container["status"] != "expired" and now() >= container["last_active_at"] + minutes * 60:
            container["status"] = "expired"
            self.store.save(container)
        return container

    def touch(self, container: dict) -> None:
        from simulator.ids import now

        latest = self.store.get("container", container["id"]) or container
        latest["last_active_at"] = now()
        self.store.save(latest)

    def _container_files(self, container_id: str | None) -> list[dict]:
        return self.store.all("container_file", parent=container_id) if container_id else []

    def _free_name(self, container_id: str, name: str) -> str:
        taken = {posixpath.basename(f["path"]) for f in self._container_files(container_id)}
        stem, dot, ext = name.rpartition(".")
        candidate, n = name, 1
        while candidate in taken:
            n += 1
            candidate = f"{stem}_{n}{dot}{ext}" if dot else f"{name}_{n}"
        return candidate

    def new_container(self, name: str, owner: str, file_ids: list[str] = (), minutes: int = 20, memory_limit: str = "1g") -> dict:
        container = self.store.insert("container", container_object(name, minutes=minutes, memory_limit=memory_limit), owner=owner)
        for file_id in file_ids:
            file = self.store.get("file", file_id)
            if file is not None:
                self.add_container_file(container, posixpath.join("/mnt/data", self._free_name(container["id"], file["filename"])), self.store.get_blob(file_id) or b"", source="user")
        return container

    def add_container_file(self, container: dict, path: str, data: bytes, *, source: str) -> dict:
        made = container_file_object(container["id"], path, len(data), source)
        self.store.insert("container_file", made, parent=container["id"], owner=self.store.owner_of(container["id"]))
        self.store.put_blob(made["id"], data)
        return made

    def container_for(self, response: dict, state: dict) -> dict:
        """The container the response's code runs in: the one its tool names, or (auto) the context's last, or a new one."""
        if state.get("container_id"):
            found = self.store.get("container", state["container_id"])
            if found is not None and self.settle_container(found)["status"] != "expired":
                return found
        tool = next((t for t in response["tools"] if t["type"] == "code_interpreter"), {"container": {"type": "auto"}})
        spec = tool.get("container")
        container = None
        if isinstance(spec, str):
            container = self.store.get("container", spec)
        else:
            for item in reversed(state["context"] + state["input"]):
                if item.get("type") == "code_interpreter_call":
                    found = self.store.get("container", item.get("container_id", ""))
                    if found is not None and self.settle_container(found)["status"] != "expired":
                        container = found
                    break
            if container is None:
                container = self.new_container(f"Container for {response['id']}", self.store.owner_of(response["id"]), (spec or {}).get("file_ids") or [], memory_limit=(spec or {}).get("memory_limit") or "1g")
            else:
                for file_id in (spec or {}).get("file_ids") or []:
                    file = self.store.get("file", file_id)
                    if file is not None and not any(posixpath.basename(f["path"]) == file["filename"] for f in self._container_files(container["id"])):
                        self.add_container_file(container, posixpath.join("/mnt/data", file["filename"]), self.store.get_blob(file_id) or b"", source="user")
        state["container_id"] = container["id"]
        return container
