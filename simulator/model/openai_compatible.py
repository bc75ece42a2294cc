"""A real model behind the simulator: any Chat Completions endpoint (Ollama, vLLM, llama.cpp's server, LM Studio, OpenAI).

Each step of a run becomes one streamed Chat Completions request (`chat_request`): the run's instructions
as the system message, the thread's messages after truncation, this run's tool calls and their outputs
(an assistant message carrying `tool_calls`, then one `tool` message each), and the tools. Function tools
go out unchanged; the code interpreter is offered as a function named `code_interpreter` taking
`{"code": string}`, which the simulator runs in its sandbox. The answer streams back (`read_chunks`): text
as it arrives, then the tool calls, then the backend's own usage.

Whatever goes wrong on the way (an HTTP error, a timeout, a dropped connection, an answer that is not
Chat Completions) ends the step with a `Fail`, so the run fails with a real `last_error` code
(`rate_limit_exceeded` for 429, else `server_error`) instead of hanging.
"""

from __future__ import annotations

import asyncio
import json
from collections.abc import AsyncIterator

from simulator.model import CallFunctions, Fail, Finish, FunctionCall, RunCode, SearchFiles, StreamItem, TextDelta, Turn

DEFAULT_BASE_URL = "https://api.openai.com/v1"
CODE_TOOL_NAME = "code_interpreter"
CODE_TOOL = {
    "type": "function",
    "function": {
        "name": CODE_TOOL_NAME,
        "description": "Run Python code in a sandbox (pandas and matplotlib are there; files are in /mnt/data) and get back what it printed. "
        "The value of the last expression is printed too, as in a notebook.",
        "parameters": {"type": "object", "properties": {"code": {"type": "string", "description": "The Python code to run."}}, "required": ["code"]},
    },
}
SEARCH_TOOL_NAME = "file_search"
SEARCH_TOOL = {
    "type": "function",
    "function": {
        "name": SEARCH_TOOL_NAME,
        "description": "Search the user's uploaded files and get back the most relevant passages, each headed by a marker such as 【3:0†source】. "
        "Answer from them, and put a passage's marker right after what you took from it.",
        "parameters": {"type": "object", "properties": {"query": {"type": "string", "description": "What to search for."}}, "required": ["query"]},
    },
}
MAX_ERROR_TEXT = 500


# -- the request -----------------------------------------------------------------------------------


def chat_messages(turn: Turn) -> list[dict]:
    """The conversation as Chat Completions messages: system, the thread, then this run's tool calls and outputs."""
    messages: list[dict] = []
    if turn.instructions:
        messages.append({"role": "system", "content": turn.instructions})
    for message in turn.messages:
        messages.append({"role": "assistant" if message["role"] == "assistant" else "user", "content": message["text"]})
    groups: dict[str, list] = {}
    position = {id(result): n for n, result in enumerate(turn.results)}  # n of a file_search call's 【n:m†source】 markers
    for result in turn.results:  # calls made in one step go out in one assistant message
        if result.type not in ("function", "code_interpreter", "file_search"):
            continue  # a tool this backend is not offered
        groups.setdefault(result.step_id or result.call_id, []).append(result)
    for results in groups.values():
        calls = []
        for result in results:
            if result.type == "code_interpreter":
                name, arguments = CODE_TOOL_NAME, json.dumps({"code": result.code}, ensure_ascii=False)
            else:
                name, arguments = result.name, result.arguments
            calls.append({"id": result.call_id, "type": "function", "function": {"name": name, "arguments": arguments}})
        messages.append({"role": "assistant", "content": None, "tool_calls": calls})
        for result in results:
            output = result.output
            if result.type == "code_interpreter" and not output.strip():
                output = "(the code ran and printed nothing)"
            if result.type == "file_search":
                output = search_output(position[id(result)], output)
            messages.append({"role": "tool", "tool_call_id": result.call_id, "content": output})
    return messages


def chat_tools(turn: Turn) -> list[dict]:
    tools = []
    for tool in turn.tools:
        if tool["type"] == "function":
            tools.append({"type": "function", "function": {k: v for k, v in tool["function"].items() if v is not None}})
        elif tool["type"] == "code_interpreter":
            tools.append(CODE_TOOL)
        elif tool["type"] == "file_search" and turn.vector_store_ids:
            tools.append(SEARCH_TOOL)  # the simulator searches the run's vector stores when the model calls it
    return tools


def search_output(n: int, output: str) -> str:
    """A file_search call's results as the model reads them: each passage under the marker that cites it."""
    try:
        results = json.loads(output or "[]")
    except ValueError:
        return output
    if not results:
        return "(no passage of the files matched)"
    return "\n\n".join(f"【{n}:{m}†source】 {r.get('file_name', '')}\n{r.get('text', '')}" for m, r in enumerate(results))


def chat_tool_choice(choice) -> object:
    if isinstance(choice, dict):
        if choice.get("type") == "function":
            return {"type": "function", "function": {"name": choice["function"]["name"]}}
        if choice.get("type") == "code_interpreter":
            return {"type": "function", "function": {"name": CODE_TOOL_NAME}}
        if choice.get("type") == "file_search":
            return {"type": "function", "function": {"name": SEARCH_TOOL_NAME}}
        return "auto"
    return choice if choice in ("none", "auto", "required") else "auto"


# What a client's own Chat Completions request (Turn.chat) keeps on its way to the backend. `n` is not among them:
# the simulator asks once a choice. Parameters it refuses (logprobs, audio, prediction, ...) never get this far.
PASSED_THROUGH = ("messages", "tools", "tool_choice", "parallel_tool_calls", "response_format", "temperature", "top_p", "stop", "seed",
                  "frequency_penalty", "presence_penalty", "logit_bias", "user", "reasoning_effort", "verbosity")


def passed_through(turn: Turn, model: str) -> dict:
    """A client's Chat Completions request, as it sent it, streamed with usage and held to the output budget."""
    request = {key: turn.chat[key] for key in PASSED_THROUGH if turn.chat.get(key) is not None}
    request.update(model=model or turn.model, stream=True, stream_options={"include_usage": True})
    if turn.max_completion_tokens is not None:
        request["max_tokens"] = max(1, turn.max_completion_tokens)
    return request


def chat_request(turn: Turn, model: str) -> dict:
    """The streamed Chat Completions request for one step of a run (or a client's own, passed through)."""
    if turn.chat is not None:
        return passed_through(turn, model)
    request: dict = {"model": model or turn.model, "messages": chat_messages(turn), "stream": True, "stream_options": {"include_usage": True}}
    if turn.temperature is not None:
        request["temperature"] = turn.temperature
    if turn.top_p is not None:
        request["top_p"] = turn.top_p
    if turn.max_completion_tokens is not None:
        request["max_tokens"] = max(1, turn.max_completion_tokens)
    if isinstance(turn.response_format, dict) and turn.response_format.get("type") in ("json_object", "json_schema"):
        request["response_format"] = turn.response_format
    tools = chat_tools(turn)
    if tools:
        request["tools"] = tools
        # A forced call is made once: with its output back, the model may answer (as the Assistants API did).
        forced = turn.tool_choice == "required" or isinstance(turn.tool_choice, dict)
        request["tool_choice"] = "auto" if forced and turn.results else chat_tool_choice(turn.tool_choice)
        request["parallel_tool_calls"] = bool(turn.parallel_tool_calls)
    return request


# -- the answer ------------------------------------------------------------------------------------


def failure(message: str, code: str = "server_error") -> Fail:
    return Fail("failed", code, message[:MAX_ERROR_TEXT])


def garbage(what: str) -> Fail:
    return failure(f"The model backend's answer was not a Chat Completions response ({what}).")


async def read_chunks(chunks: AsyncIterator[object], turn: Turn) -> AsyncIterator[StreamItem]:
    """Chat Completions chunks (dicts) in; the text as it comes, then one action (or none) and a Finish, out."""
    calls: dict[int, dict] = {}
    finish_reason = None
    prompt_tokens = completion_tokens = None
    seen = 0
    async for chunk in chunks:
        seen += 1
        if not isinstance(chunk, dict):
            yield garbage("a chunk that is not a JSON object")
            return
        if chunk.get("error"):
            error = chunk["error"]
            message = error.get("message") if isinstance(error, dict) else str(error)
            yield failure(f"The model backend reported an error: {message}")
            return
        spent = chunk.get("usage")
        if isinstance(spent, dict):
            prompt_tokens, completion_tokens = spent.get("prompt_tokens"), spent.get("completion_tokens")
        choices = chunk.get("choices")
        if not isinstance(choices, list) or (not choices and not isinstance(spent, dict)):
            yield garbage("a chunk without choices")
            return
        for choice in choices:
            if not isinstance(choice, dict) or choice.get("index", 0) != 0:
                continue
            delta = choice.get("delta") or choice.get("message") or {}
            if not isinstance(delta, dict):
                yield garbage("a delta that is not an object")
                return
            content = delta.get("content")
            if isinstance(content, str) and content:
                yield TextDelta(content)
            for call in delta.get("tool_calls") or []:
                if not isinstance(call, dict):
                    yield garbage("a tool call that is not an object")
                    return
                entry = calls.setdefault(call.get("index", len(calls)), {"id": "", "name": "", "arguments": ""})
                function = call.get("function") or {}
                entry["id"] = call.get("id") or entry["id"]
                name = function.get("name") or ""
                if name != entry["name"]:  # a name in pieces is joined; one repeated in every chunk (llama.cpp) is kept once
                    entry["name"] += name
                arguments = function.get("arguments")
                entry["arguments"] += arguments if isinstance(arguments, str) else json.dumps(arguments) if arguments is not None else ""
            finish_reason = choice.get("finish_reason") or finish_reason
    if not seen:
        yield garbage("it sent no chunks")
        return
    if calls:
        action = tool_action([calls[i] for i in sorted(calls)], turn)
        if action is not None:
            yield action
    yield Finish(prompt_tokens if isinstance(prompt_tokens, int) else None, completion_tokens if isinstance(completion_tokens, int) else None, truncated=finish_reason == "length")


def tool_action(calls: list[dict], turn: Turn) -> CallFunctions | RunCode | SearchFiles | Fail:
    """What the model's tool calls ask for: code to run (first), or functions for the client to call."""
    declared = {tool["function"]["name"] for tool in turn.tools if tool["type"] == "function"}
    code_tool = turn.has_tool("code_interpreter")
    functions, code = [], []
    for call in calls:
        name = call["name"].strip()
        try:
            arguments = json.loads(call["arguments"] or "{}")
        except ValueError:
            return failure(f"The model called {name or 'a tool'} with arguments that are not JSON: {call['arguments'][:200]!r}")
        if not isinstance(arguments, dict):
            return failure(f"The model called {name or 'a tool'} with arguments that are not a JSON object: {call['arguments'][:200]!r}")
        if name == SEARCH_TOOL_NAME and turn.has_tool("file_search") and name not in declared:
            if not isinstance(arguments.get("query"), str) or not arguments["query"].strip():
                return failure(f"The model called {SEARCH_TOOL_NAME} without a string `query`: {call['arguments'][:200]!r}")
            return SearchFiles(arguments["query"])  # one search at a time: the model reads the results and goes on
        if name == CODE_TOOL_NAME and code_tool and name not in declared:
            if not isinstance(arguments.get("code"), str) or not arguments["code"].strip():
                return failure(f"The model called {CODE_TOOL_NAME} without a string `code`: {call['arguments'][:200]!r}")
            code.append(arguments["code"])
        elif name in declared:
            functions.append(FunctionCall(name, call["arguments"] or "{}"))
        else:
            return failure(f"The model called a tool this run does not have: {name!r}.")
    if code:
        return RunCode(code[0])  # one at a time: the model sees its output and may ask again
    return CallFunctions(functions if turn.parallel_tool_calls else functions[:1])


# -- the backend -----------------------------------------------------------------------------------


def error_text(body: bytes) -> str:
    try:
        document = json.loads(body)
        error = document.get("error", document) if isinstance(document, dict) else document
        message = error.get("message") if isinstance(error, dict) else error
        return str(message or "")[:MAX_ERROR_TEXT]
    except ValueError:
        return body.decode("utf-8", "replace").strip()[:200]


class OpenAICompatibleModel:
    """Streams each step from a Chat Completions endpoint with httpx (the openai package's own HTTP client)."""

    def __init__(self, base_url: str = DEFAULT_BASE_URL, api_key: str = "", model: str = "", timeout: float = 120.0) -> None:
        self.base_url = (base_url or DEFAULT_BASE_URL).rstrip("/")
        self.api_key = api_key
        self.model = model
        self.timeout = timeout
        self._clients: dict[int, object] = {}  # one connection pool per event loop

    @classmethod
    def from_settings(cls, settings) -> OpenAICompatibleModel:
        return cls(settings.model_base_url, settings.model_api_key, settings.model_name, settings.model_timeout)

    def _client(self):
        import httpx

        loop = asyncio.get_running_loop()
        client = self._clients.get(id(loop))
        if client is None or client.is_closed:
            timeout = httpx.Timeout(self.timeout, connect=min(self.timeout, 10.0))
            client = self._clients[id(loop)] = httpx.AsyncClient(timeout=timeout, trust_env=False)
        return client

    def headers(self) -> dict:
        headers = {"Accept": "text/event-stream", "Content-Type": "application/json"}
        if self.api_key:
            headers["Authorization"] = f"Bearer {self.api_key}"
        return headers

    async def models(self) -> list[dict] | None:
        """What the backend lists at GET /models ({id, created?, owned_by?} each), or None when it cannot be asked."""
        import httpx

        try:
            response = await self._client().get(f"{self.base_url}/models", headers=self.headers(), timeout=min(self.timeout, 5.0))
            listed = response.json().get("data") if response.status_code == 200 else None
        except (httpx.HTTPError, ValueError, AttributeError):
            return None
        if not isinstance(listed, list):
            return None
        return [entry for entry in listed if isinstance(entry, dict) and isinstance(entry.get("id"), str) and entry["id"]]

    async def stream(self, turn: Turn) -> AsyncIterator[StreamItem]:
        import httpx

        url = f"{self.base_url}/chat/completions"
        request = chat_request(turn, self.model)
        try:
            async with self._client().stream("POST", url, json=request, headers=self.headers()) as response:
                if response.status_code != 200:
                    text = error_text(await response.aread())
                    code = "rate_limit_exceeded" if response.status_code == 429 else "server_error"
                    yield failure(f"The model backend answered HTTP {response.status_code}: {text or response.reason_phrase}", code)
                    return
                kind = response.headers.get("content-type", "")
                chunks = sse_chunks(response) if "event-stream" in kind else whole_answer(response)
                async for item in read_chunks(chunks, turn):
                    yield item
        except httpx.TimeoutException:
            yield failure(f"The model backend at {self.base_url} did not answer within {self.timeout:g} s.")
        except httpx.HTTPError as error:
            yield failure(f"The model backend at {self.base_url} could not be reached or dropped the connection ({type(error).__name__}: {error}).")
        except ValueError as error:  # a chunk that is not JSON
            yield garbage(str(error)[:200])


async def sse_chunks(response) -> AsyncIterator[object]:
    """The JSON payload of each `data:` line, until [DONE]."""
    async for line in response.aiter_lines():
        if not line.startswith("data:"):
            continue  # comments (": ping"), event names, blank lines
        payload = line[5:].strip()
        if payload == "[DONE]":
            return
        if payload:
            try:
                yield json.loads(payload)
            except ValueError:
                raise ValueError(f"a data line that is not JSON: {payload[:80]!r}") from None


async def whole_answer(response) -> AsyncIterator[object]:
    """A server that ignored stream=true and sent one completion: read it as a single chunk."""
    body = await response.aread()
    try:
        document = json.loads(body)
    except ValueError:
        raise ValueError(f"a body that is not JSON: {body[:80]!r}") from None
    yield document
