"""Chat Completions request bodies: the spec's schema first, then what it cannot say, then the engine's ChatRequest.

What the simulator cannot honour is refused with the real API's own words for a parameter a model does not support
("Unsupported parameter: 'logprobs' is not supported with this model."), never taken and quietly ignored:
log probabilities, audio in or out, predicted outputs, web search, custom tools and the deprecated `functions`.
Sampling parameters (temperature, top_p, seed, penalties, logit_bias) are taken: the scripted model is deterministic
whatever they say, and a real backend gets them as sent.
"""

from __future__ import annotations

from typing import Any

from simulator.engine.chat import ChatRequest, chat_turn, text_of
from simulator.errors import APIError, invalid
from simulator.http import schema
from simulator.http.validation import check_json_schema

# Fields the API sends back on an assistant message that a client may give back as it got it (the SDK's
# `messages.append(completion.choices[0].message)`): the real API took them; the request schema has no room for them.
ANSWER_ONLY_FIELDS = ("annotations",)
SERVICE_TIERS = ("default", "flex", "scale", "priority")


def unsupported(param: str, hint: str = "") -> APIError:
    """The real API's refusal of a parameter the model cannot take (as for max_tokens on reasoning models)."""
    return invalid(f"Unsupported parameter: '{param}' is not supported with this model.{hint}", param, "unsupported_parameter")


def only_with(param: str, needs: str) -> APIError:
    return invalid(f"Invalid value for '{param}': '{param}' is only allowed when '{needs}' are specified.", param, None)


def lenient(body: dict) -> dict:
    """The body as the schema is asked about it: answer-only fields of assistant messages given back left out."""
    messages = body.get("messages")
    if not isinstance(messages, list):
        return body
    kept = [{k: v for k, v in m.items() if k not in ANSWER_ONLY_FIELDS} if isinstance(m, dict) and m.get("role") == "assistant" else m for m in messages]
    return {**body, "messages": kept}


def check_create(body: dict) -> dict:
    """A create body checked (schema, then by hand); returns it as the engine reads it."""
    body = lenient(body)
    schema.check("CreateChatCompletionRequest", body)
    refuse_unsupported(body)
    for param in ("max_completion_tokens", "max_tokens"):
        if body.get(param) is not None and body[param] < 1:
            raise invalid(f"Invalid '{param}': integer below minimum value. Expected a value >= 1, but got {body[param]} instead.", param, "integer_below_min_value")
    check_messages(body["messages"])
    check_tools(body)
    check_response_format(body)
    if body.get("stream_options") is not None and not body.get("stream"):
        raise invalid("Invalid value for 'stream_options': 'stream_options' is only allowed when 'stream' is enabled.", "stream_options", None)
    return body


def refuse_unsupported(body: dict) -> None:
    if body.get("logprobs"):
        raise unsupported("logprobs", " The offline simulator computes no log probabilities.")
    if body.get("top_logprobs") is not None:
        raise unsupported("top_logprobs", " The offline simulator computes no log probabilities.")
    if body.get("audio") is not None:
        raise unsupported("audio", " The offline simulator answers in text only.")
    if "audio" in (body.get("modalities") or []):
        raise invalid("Unsupported value: 'modalities' does not support 'audio' with this model. The offline simulator answers in text only.", "modalities", "unsupported_value")
    for param in ("prediction", "web_search_options"):
        if body.get(param) is not None:
            raise unsupported(param)
    for param in ("functions", "function_call"):
        if body.get(param) is not None:
            raise unsupported(param, " Use 'tools' and 'tool_choice' instead.")
    for i, tool in enumerate(body.get("tools") or []):
        if tool.get("type") != "function":
            raise invalid(f"Invalid value: '{tool.get('type')}'. The offline simulator runs function tools only.", f"tools[{i}].type", "invalid_value")


def check_messages(messages: list[dict]) -> None:
    """Tool messages answer the calls just before them, and every call is answered, as the real API required."""
    pending: dict[str, int] = {}  # tool_call_id -> the index of the assistant message that made it
    for i, message in enumerate(messages):
        role = message["role"]
        if role == "function":
            raise unsupported(f"messages[{i}].role", " Use 'tool' messages instead.")
        if role == "tool":
            if message["tool_call_id"] not in pending:
                raise invalid("Invalid parameter: messages with role 'tool' must be a response to a preceeding message with 'tool_calls'.", f"messages.[{i}].role", None)
            pending.pop(message["tool_call_id"])
            continue
        if pending:
            unanswered(pending)
        if role == "assistant":
            pending = {call["id"]: i for call in message.get("tool_calls") or []}
    if pending:
        unanswered(pending)


def unanswered(pending: dict[str, int]) -> None:
    where = min(pending.values())
    raise invalid(
        "An assistant message with 'tool_calls' must be followed by tool messages responding to each 'tool_call_id'. "
        f"The following tool_call_ids did not have response messages: {', '.join(pending)}",
        f"messages.[{where}].role", None,
    )


def check_tools(body: dict) -> None:
    tools = body.get("tools") or []
    names = set()
    for i, tool in enumerate(tools):
        function = tool["function"]
        if function["name"] in names:
            raise invalid(f"Invalid 'tools': duplicate function name '{function['name']}'. Function names must be unique.", "tools", "invalid_value")
        names.add(function["name"])
        if function.get("parameters") is not None:
            check_json_schema(function["parameters"], function["name"], f"tools[{i}].function.parameters")
    choice = body.get("tool_choice")
    if choice is not None and not tools:
        raise only_with("tool_choice", "tools")
    if body.get("parallel_tool_calls") is not None and not tools:
        raise only_with("parallel_tool_calls", "tools")
    if isinstance(choice, dict) and choice.get("type") == "custom":
        raise invalid("Invalid value: 'custom'. The offline simulator runs function tools only.", "tool_choice.type", "invalid_value")
    if isinstance(choice, dict) and choice.get("type") == "function" and choice["function"]["name"] not in names:
        raise invalid(f"Invalid value for 'tool_choice': function '{choice['function']['name']}' not found in 'tools'.", "tool_choice", "invalid_value")
    if isinstance(choice, dict) and choice.get("type") == "allowed_tools":
        for j, allowed in enumerate(choice["allowed_tools"]["tools"]):
            name = ((allowed.get("function") or {}) if isinstance(allowed, dict) else {}).get("name")
            if name not in names:
                raise invalid(f"Invalid value for 'tool_choice': function '{name}' not found in 'tools'.", f"tool_choice.allowed_tools.tools[{j}]", "invalid_value")


def check_response_format(body: dict) -> None:
    fmt = body.get("response_format") or {}
    if fmt.get("type") == "json_object" and not any("json" in text_of(m.get("content")).lower() for m in body["messages"]):
        raise invalid("'messages' must contain the word 'json' in some form, to use 'response_format' of type 'json_object'.", "messages", None)
    if fmt.get("type") == "json_schema" and fmt["json_schema"].get("schema") is not None:
        check_json_schema(fmt["json_schema"]["schema"], fmt["json_schema"]["name"], "response_format.json_schema.schema")


def chat_request(body: dict) -> ChatRequest:
    """A checked body as the engine makes it."""
    tools, choice = [{"type": "function", "function": {k: v for k, v in t["function"].items() if v is not None}} for t in body.get("tools") or []], body.get("tool_choice") or "auto"
    if isinstance(choice, dict) and choice.get("type") == "allowed_tools":  # only the allowed functions, in the mode given
        allowed = {(t.get("function") or {}).get("name") for t in choice["allowed_tools"]["tools"]}
        tools, choice = [t for t in tools if t["function"]["name"] in allowed], choice["allowed_tools"]["mode"]
    stop = body.get("stop")
    options: dict[str, Any] = body.get("stream_options") or {}
    limit = body.get("max_completion_tokens") if body.get("max_completion_tokens") is not None else body.get("max_tokens")
    tier = body.get("service_tier")
    return ChatRequest(
        turn=chat_turn(body, tools, choice),
        model=body["model"],
        n=body.get("n") or 1,
        max_tokens=limit,
        stop=[stop] if isinstance(stop, str) else list(stop or []),
        named_tool=isinstance(choice, dict) and choice.get("type") == "function",
        include_usage=bool(body.get("stream") and options.get("include_usage")),
        obfuscate=bool(body.get("stream")) and options.get("include_obfuscation") is not False,
        service_tier=tier if tier in SERVICE_TIERS else "default",
    )


def check_update(body: dict) -> dict:
    """POST /chat/completions/{id}: only `metadata`, as the spec's inline schema says."""
    for name in body:
        if name != "metadata":
            raise schema.unknown(name)
    if "metadata" not in body:
        raise schema.missing("metadata")
    problem = schema.explain(schema.ref("Metadata"), body["metadata"], "metadata")
    if problem is not None:
        raise problem
    return body["metadata"] or {}
