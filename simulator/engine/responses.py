"""The Responses family over the turn driver: a response from request to its end, its turns made into output items.

A response is made in one go: the model is asked (a `Turn`, as for runs), code it writes runs in the response's
container, and it ends with a message or with function calls for the client to answer (the tool loop lives in
the client now: the next request carries function_call_output items). Each change is stored first and then
published as a Responses stream event with its sequence_number, so a stream, a background poll and the final
JSON come from one place.

Stored beside each response (kind `response_state`, under the response): its input items, the context
before them (previous_response_id's chain, or the conversation), its conversation, include and container.
"""

from __future__ import annotations

import json
import posixpath

from simulator.engine import compaction, file_search
from simulator.engine.driver import Driver, Gone, Spent, prompt_tokens
from simulator.ids import new_id, now
from simulator.model import Fail, FunctionCall, ToolResult, Turn
from simulator.tokens import chunks, count_tokens
from simulator.wire import dumps
from simulator.wire.responses import code_interpreter_call, file_search_call, function_call, output_message, output_text, response_usage

ENDS = ("response.completed", "response.failed", "response.incomplete", "response.cancelled")
TERMINAL = ("completed", "failed", "incomplete", "cancelled")
# The newest items a response is shown of what it continues (a conversation, or a chain of previous responses), as a
# run reads a thread's newest 500 messages (simulator.engine.turns): far more than a model's context window holds, and
# it keeps each response's cost, and what its state stores, from growing with the conversation's length.
MAX_CONTEXT_ITEMS = 500
END_OF_STREAM = "end"  # not sent: tells a stream's route that nothing more comes


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


def model_view(instructions: str, items: list[dict]) -> tuple[str, list[dict]]:
    """What the model is shown of a response's items: the instructions (with system and developer messages, and the
    summaries of compaction items, added) and the conversation's messages."""
    messages = []
    for item in items:
        kind = item.get("type", "message")
        if kind == "compaction":
            summary = compaction.summary_of(item.get("encrypted_content", ""))
            if summary:
                instructions = (instructions + "\n" if instructions else "") + "Summary of the earlier conversation (compacted):\n" + summary
            continue
        if kind != "message":
            continue
        if item.get("role") in ("system", "developer"):
            instructions = (instructions + "\n" if instructions else "") + text_of(item.get("content"))
            continue
        messages.append({"role": item.get("role", "user"), "text": text_of(item.get("content")), "attachments": []})
    return instructions, messages


def input_tokens(instructions: str, items: list[dict], tools: list[dict]) -> int:
    """A would-be response's input tokens: what its first turn shows the model (as its usage.input_tokens counts it),
    plus its tool definitions, which the simulator's usage leaves out."""
    shown, messages = model_view(instructions, items)
    turn = Turn(instructions=shown, messages=messages, tools=[], results=tool_results(items))
    return prompt_tokens(turn) + sum(count_tokens(json.dumps(tool, ensure_ascii=False, sort_keys=True)) for tool in tools)


class Responses:
    """Every response's lifecycle (events, background, cancel, resumed streams), on the engine's store and streams."""

    def __init__(self, engine) -> None:
        self.engine = engine
        self.store = engine.store
        self.settings = engine.settings
        self.streams = engine.streams
        self.containers = engine.containers
        self.driver = Driver(engine)
        self._sequence: dict[str, int] = {}
        # A background response's events so far, (sequence_number, event, payload): a stream that
        # resumes it (GET ?stream=true&starting_after=n) replays them. Stored once the response ends.
        self._history: dict[str, list[tuple[int, str, str]]] = {}

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
        """What a response continuing this one sees: its context, its input, its output (the newest MAX_CONTEXT_ITEMS)."""
        response = self.store.get("response", response_id) or {"output": []}
        state = self.state(response_id)
        return (state["context"] + state["input"] + response["output"])[-MAX_CONTEXT_ITEMS:]

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
        return self.engine.driving(response_id)

    def events_after(self, response_id: str, starting_after: int) -> list[tuple[int, str, str]]:
        """A background response's events after `starting_after`, (sequence_number, event, payload), so far."""
        if response_id in self._history:
            events = self._history[response_id]
        else:
            stored = self.store.get("response_events", events_id(response_id))
            events = [tuple(event) for event in stored["events"]] if stored else []
        return [event for event in events if event[0] > starting_after]

    # -- driving -------------------------------------------------------------------------------

    def start(self, response_id: str):
        family = ResponseTurns(self, response_id)
        return self.engine.start_task(response_id, self._drive(family))

    async def _drive(self, family: ResponseTurns) -> None:
        response_id = family.object_id
        self._sequence[response_id] = 0
        if family.response.get("background"):
            self._history[response_id] = []
        try:
            await self.driver.drive(family, family.begin, cancelled=lambda: None, crashed=family.crashed)
        finally:
            self._sequence.pop(response_id, None)
            history = self._history.pop(response_id, None)
            if history is not None and self.store.get("response", response_id) is not None:  # not deleted meanwhile
                self.store.insert("response_events", {"id": events_id(response_id), "events": history}, parent=response_id)

    def cancel(self, response: dict) -> dict:
        self.engine.stop_task(response["id"])
        if response["status"] in ("queued", "in_progress"):
            response.update(status="cancelled")
            self.store.save(response)
            self.streams.emit(response["id"], END_OF_STREAM, {})
        return response

    # -- conversations -------------------------------------------------------------------------

    def conversation_items(self, conversation_id: str) -> list[dict]:
        """The conversation's newest MAX_CONTEXT_ITEMS items, oldest first: what a response on it is shown."""
        newest, _ = self.store.page("conversation_item", parent=conversation_id, limit=MAX_CONTEXT_ITEMS, order="desc")
        return newest[::-1]

    def append_to_conversation(self, conversation_id: str, items: list[dict]) -> None:
        owner = self.store.owner_of(conversation_id)
        for item in items:
            if self.store.get("conversation_item", item["id"]) is not None and self.store.parent_of(item["id"]) == conversation_id:
                continue  # already there (an item passed back in as input)
            if self.store.parent_of(item["id"]) is not None or self.store.seq_of("conversation_item", item["id"]) is not None:
                item = {**item, "id": new_id("output_message" if item["type"] == "message" else "function_call_output")}
            self.store.insert("conversation_item", item, parent=conversation_id, owner=owner)


class ResponseTurns:
    """One response as the driver sees it: each of its events made into output items and stream events."""

    def __init__(self, responses: Responses, response_id: str) -> None:
        self.responses, self.object_id = responses, response_id
        self.store, self.containers = responses.store, responses.containers
        self.response = self.store.get("response", response_id)
        self.state = responses.state(response_id)
        self.spent_in = self.spent_out = 0
        self.read_in: int | None = None  # the batch in which fresh() last read the response (Store.current_batch)
        self.keeping = False  # a whole reply is being made: its saves wait for end()

    def emit(self, kind: str, **fields) -> None:
        self.responses.emit(self.object_id, kind, **fields)

    def snapshot(self) -> dict:
        return present_response(self.response, self.state["include"])

    def fresh(self) -> dict:
        """The response as stored; read once a batch (inside one, only this driver writes it)."""
        batch = self.store.current_batch
        if batch is not None and batch == self.read_in:
            return self.response
        response = self.store.get("response", self.object_id)
        if response is None or response["status"] == "cancelled":  # deleted, or the cancel already ended it
            raise Gone
        self.response = response
        self.read_in = batch
        return response

    def check(self) -> None:
        self.fresh()

    async def ready(self) -> None:
        return None  # a response is never held: background ones are polled, the rest answered when done

    def save(self) -> None:
        if not self.keeping:
            self.store.save(self.response)

    # -- start and end ---------------------------------------------------------------------------

    async def begin(self) -> None:
        self.emit("response.created", response=self.snapshot())
        if self.response["status"] == "queued":
            self.emit("response.queued", response=self.snapshot())
            await self.responses.driver.pause(self.responses.settings.queued_delay)
            self.fresh()["status"] = "in_progress"
            self.save()
        self.emit("response.in_progress", response=self.snapshot())
        if any(tool["type"] == "code_interpreter" for tool in self.response["tools"]):
            self.containers.for_response(self.response, self.state)  # so the model knows the files its code will see

    def crashed(self, error: Exception) -> None:
        response = self.store.get("response", self.object_id)
        if response is not None and response["status"] not in TERMINAL:
            self.response = response
            self.end("failed", code="server_error", message=f"The simulator failed while making this response: {type(error).__name__}.")

    def end(self, status: str, **details) -> None:
        response = self.response
        if status == "incomplete":
            response["incomplete_details"] = {"reason": details["reason"]}
        elif status == "failed":
            code = details["code"] if details["code"] in ("server_error", "rate_limit_exceeded", "invalid_prompt") else "server_error"
            response["error"] = {"code": code, "message": details["message"] or "The model failed to make a response."}
        response["usage"] = response_usage(self.spent_in, self.spent_out)
        response["status"] = status
        if status == "completed":
            response["completed_at"] = now()
        self.keeping = False
        self.save()
        if response.get("conversation") and status in ("completed", "incomplete"):
            self.responses.append_to_conversation(response["conversation"]["id"], self.state["input"] + response["output"])
        self.emit(f"response.{status}", response=self.snapshot())

    async def fault(self, fault: Fail) -> None:
        self.end("failed", code=fault.code, message=fault.message)

    def spend(self, spent: Spent) -> None:
        self.spent_in += spent.prompt
        self.spent_out += spent.completion

    # -- what the model sees ---------------------------------------------------------------------

    def turn(self) -> Turn:
        response = self.fresh()
        items = self.state["context"] + self.state["input"] + response["output"]
        instructions, messages = model_view(response.get("instructions") or "", items)
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
            files={posixpath.basename(f["path"]): posixpath.basename(f["path"]) for f in self.containers.files(self.state.get("container_id"))},
            model=response["model"],
            temperature=response.get("temperature"),
            top_p=response.get("top_p"),
            response_format=response_format,
            vector_store_ids=list((search_tool(response["tools"]) or {}).get("vector_store_ids") or []),
        )

    def output_budget(self) -> int | None:
        limit = self.response.get("max_output_tokens")
        return None if not limit else max(0, limit - self.spent_out)

    def prepare(self, text: str, turn: Turn) -> tuple[str, list[dict]]:
        return file_search.cited(text, turn.results)  # markers out of the text, as file_citation annotations

    # -- output items ----------------------------------------------------------------------------

    def add_item(self, item: dict) -> int:
        self.response["output"].append(item)
        self.save()
        index = len(self.response["output"]) - 1
        self.emit("response.output_item.added", output_index=index, item=present(item, self.state["include"]))
        return index

    def item_done(self, index: int) -> None:
        self.save()
        self.emit("response.output_item.done", output_index=index, item=present(self.response["output"][index], self.state["include"]))

    def open_reply(self, *, whole: bool = False) -> dict:
        """A message item with an empty text part; `whole`: written and closed in this batch, saved once as it ends."""
        self.fresh()
        self.keeping = whole
        message = output_message()
        index = self.add_item(message)
        message["content"] = [output_text("")]
        self.save()
        self.emit("response.content_part.added", item_id=message["id"], output_index=index, content_index=0, part=output_text(""))
        return {"message": message, "index": index, "text": ""}

    def write(self, reply: dict, *pieces: str) -> None:
        self.check()  # a cancel lands between chunks
        message = self.response["output"][reply["index"]]
        reply["message"] = message
        for piece in pieces:
            reply["text"] += piece
            message["content"][0]["text"] = reply["text"]
        self.save()
        for piece in pieces:
            self.emit("response.output_text.delta", item_id=message["id"], output_index=reply["index"], content_index=0, delta=piece, logprobs=[])

    def close_reply(self, reply: dict, spent: Spent, *, incomplete: bool, annotations: list[dict]) -> None:
        self.spend(spent)
        message, index = self.response["output"][reply["index"]], reply["index"]
        for n, annotation in enumerate(annotations):  # file citations first, each announced as the real API does
            self.emit("response.output_text.annotation.added", item_id=message["id"], output_index=index, content_index=0, annotation_index=n, annotation=annotation)
        annotations = list(annotations) + [
            {"type": "container_file_citation", "container_id": f["container_id"], "file_id": f["id"], "start_index": len(reply["text"]), "end_index": len(reply["text"]), "filename": posixpath.basename(f["path"])}
            for f in self.state.get("new_files", [])
        ]
        part = output_text(reply["text"], annotations)
        message["content"] = [part]
        self.emit("response.output_text.done", item_id=message["id"], output_index=index, content_index=0, text=reply["text"], logprobs=[])
        self.emit("response.content_part.done", item_id=message["id"], output_index=index, content_index=0, part=part)
        message["status"] = "incomplete" if incomplete else "completed"
        self.item_done(index)

    # -- actions ---------------------------------------------------------------------------------

    def call_functions(self, calls: list[FunctionCall], spent: Spent) -> None:
        """The calls as function_call items, each with its arguments' deltas; the response then ends for the client to answer."""
        self.spend(spent)
        for call in calls:
            item = function_call(call.name, "")
            index = self.add_item(item)
            for piece in chunks(call.arguments):
                item["arguments"] += piece
                self.emit("response.function_call_arguments.delta", item_id=item["id"], output_index=index, delta=piece)
            item["arguments"] = call.arguments
            self.emit("response.function_call_arguments.done", item_id=item["id"], name=call.name, output_index=index, arguments=call.arguments)
            item["status"] = "completed"
            self.item_done(index)
        self.end("completed")

    def open_code(self, code: str) -> dict:
        self.fresh()
        container = self.containers.for_response(self.response, self.state)
        item = code_interpreter_call(container["id"], "")
        index = self.add_item(item)
        self.emit("response.code_interpreter_call.in_progress", output_index=index, item_id=item["id"])
        # One session per container, ended when the container has been idle its expires_after minutes.
        minutes = (container.get("expires_after") or {}).get("minutes") or 20
        return {"index": index, "item": item, "code": code, "container": container, "session": {"key": container["id"], "idle_seconds": minutes * 60}}

    def code_delta(self, call: dict, piece: str) -> None:
        self.emit("response.code_interpreter_call_code.delta", output_index=call["index"], item_id=call["item"]["id"], delta=piece)

    def code_files(self, call: dict) -> dict[str, bytes]:
        index = call["index"]
        item = self.response["output"][index]  # as last read: a check may have read the response again since it was added
        item["code"] = call["code"]
        self.emit("response.code_interpreter_call_code.done", output_index=index, item_id=item["id"], code=call["code"])
        item["status"] = "interpreting"
        self.save()
        self.emit("response.code_interpreter_call.interpreting", output_index=index, item_id=item["id"])
        return {posixpath.basename(f["path"]): self.store.get_blob(f["id"]) or b"" for f in self.containers.files(call["container"]["id"])}

    def close_code(self, call: dict, result, spent: Spent) -> None:
        self.spend(spent)
        self.fresh()
        container, index = call["container"], call["index"]
        item = self.response["output"][index]
        outputs = [{"type": "logs", "logs": result.logs}] if result.logs else []
        for name, data in result.images:
            made = self.containers.add_file(container, posixpath.join("/mnt/data", self.containers.free_name(container["id"], name)), data, source="assistant")
            self.state.setdefault("new_files", []).append(made)
            outputs.append({"type": "image", "url": f"sandbox:{made['path']}"})
        self.containers.touch(container)
        item.update(status="completed", outputs=outputs)
        self.save()
        self.emit("response.code_interpreter_call.completed", output_index=index, item_id=item["id"])
        self.item_done(index)

    def open_search(self, query: str) -> dict:
        """One file_search_call: added in_progress, then searching (its results shown when include asks)."""
        self.fresh()
        item = file_search_call([query])
        index = self.add_item(item)
        self.emit("response.file_search_call.in_progress", output_index=index, item_id=item["id"])
        item["status"] = "searching"
        self.save()
        self.emit("response.file_search_call.searching", output_index=index, item_id=item["id"])
        return {"index": index, "item": item}

    def search_scope(self, call: dict) -> tuple[list[str], int, dict | None, dict]:
        tool = search_tool(self.response["tools"]) or {}
        return list(tool.get("vector_store_ids") or []), tool.get("max_num_results") or 20, tool.get("filters"), file_search.ranking(tool.get("ranking_options"))

    def close_search(self, call: dict, query: str, hits: list, spent: Spent) -> None:
        self.spend(spent)
        self.fresh()
        index = call["index"]
        item = self.response["output"][index]
        item.update(status="completed", results=[{"file_id": h.file_id, "filename": h.filename, "score": h.score, "attributes": h.attributes or {}, "text": h.text} for h in hits])
        self.save()
        self.emit("response.file_search_call.completed", output_index=index, item_id=item["id"])
        self.item_done(index)
