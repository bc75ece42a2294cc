"""The scripted model's function calling: when and how it calls the run's declared functions.

Two ways in, both honouring tool_choice and parallel_tool_calls:

- Skills (rules/functions.json) know the course's questions over `ask_database`: which SQL
  to write, and how to answer from what the learner's function returned. The answer is computed
  from the submitted outputs, so different outputs give a different answer.
- Any other function the run declares is called when it clearly fits the prompt (it shares words
  with the function's name or description), or when tool_choice asks for it. Its arguments are
  generated from the function's JSON schema, so they are valid against it.

After the outputs come back the model replies using them; with tool_choice "none" it never calls.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field

from simulator.model import Action, CallFunctions, FunctionCall, Reply, ToolResult, Turn
from simulator.model.scripted.templates import evaluate, fill

_CJK = re.compile(r"[\u4e00-\u9fff]")
_NUMBER = re.compile(r"-?\d+(?:\.\d+)?")
_WORD = re.compile(r"[A-Za-z][A-Za-z0-9]*")
# Words too common to say that a function fits a prompt.
_STOPWORDS = set(
    "a an and any are about as at be by can could do does for from get give how i in into is it its me my of on or our please "
    "should show tell that the their this to use used user using what when where which who why will with would you your "
    "function functions answer answers question questions output outputs input return returns value values data information".split()
)


@dataclass
class Skill:
    name: str
    function: str
    pattern: re.Pattern
    calls: list[dict]
    answers: list[dict]


@dataclass
class FunctionBook:
    """What rules/functions.json says: the skills, the reply when tools are off, default arguments."""

    skills: list[Skill] = field(default_factory=list)
    no_tools_reply: dict = field(default_factory=dict)
    default_arguments: dict = field(default_factory=dict)

    @classmethod
    def from_document(cls, document: dict) -> FunctionBook:
        skills = [Skill(raw["name"], raw["function"], re.compile(raw["match"], re.IGNORECASE), raw["calls"], raw["answers"]) for raw in document.get("skills", [])]
        return cls(skills, document.get("no_tools_reply", {}), document.get("default_arguments", {}))


def plan_functions(turn: Turn, book: FunctionBook) -> Action | None:
    """A CallFunctions action, a Reply built from function outputs, or None when no function fits."""
    functions = [tool["function"] for tool in turn.tools if tool["type"] == "function"]
    choice = turn.tool_choice
    if not functions or (isinstance(choice, dict) and choice.get("type") != "function"):
        return None
    skills, no_tools_reply, default_arguments = book.skills, book.no_tools_reply, book.default_arguments
    prompt = turn.last_user_text
    named = choice["function"]["name"] if isinstance(choice, dict) else None
    skill, found = _find_skill(skills, prompt, functions, named)
    if choice == "none":
        # A real model with tools switched off answers in words; say which function it would have needed.
        fits = skill.function if skill else _best_fit(functions, prompt)
        if fits is None:
            return None
        template = no_tools_reply.get("zh" if _CJK.search(prompt) else "en") or "I would need to call {function} to answer that, and this run does not allow tool calls."
        return Reply(fill(template, {"function": fits}))
    if skill is not None:
        return _plan_skill(turn, skill, found.groupdict())
    target = named or _best_fit(functions, prompt) or (functions[0]["name"] if choice == "required" else None)
    if target is None:
        return None
    results = [r for r in turn.results if r.type == "function"]
    if results:  # the run already called something and has its outputs back: answer from them
        return Reply(reply_from_outputs(prompt, results))
    function = next(f for f in functions if f["name"] == target)
    parameters = function.get("parameters") or {}
    arguments = default_arguments.get(target)
    if not _matches_properties(arguments, parameters):  # e.g. a learner's own ask_database with other parameters
        arguments = example_arguments(parameters, prompt, strict=bool(function.get("strict")))
    return CallFunctions([FunctionCall(target, _json(arguments))])


# -- skills ----------------------------------------------------------------------------------------


def _find_skill(skills: list[Skill], prompt: str, functions: list[dict], named: str | None):
    declared = {f["name"] for f in functions}
    for skill in skills:
        if skill.function not in declared or (named and skill.function != named):
            continue
        found = skill.pattern.search(prompt)
        if found:
            return skill, found
    return None, None


def _plan_skill(turn: Turn, skill: Skill, groups: dict) -> Action:
    values = {k: v for k, v in groups.items() if v is not None}
    done = [r for r in turn.results if r.type == "function" and r.name == skill.function]
    calls = [FunctionCall(skill.function, _json({k: fill(v, values) for k, v in call.items()})) for call in skill.calls]
    if len(done) < len(calls):
        waiting = calls[len(done):]
        return CallFunctions(waiting if turn.parallel_tool_calls else waiting[:1])
    outputs = [r.output for r in done[-len(calls):]]
    numbers = [_first_number(output) for output in outputs]
    if any(n is None for n in numbers):  # not what the query should have returned: say what came back
        return Reply(reply_from_outputs(turn.last_user_text, done))
    values.update({f"n{i}": n for i, n in enumerate(numbers, start=1)})
    for answer in skill.answers:
        if "when" not in answer or evaluate(answer["when"], values):
            return Reply(fill(answer["text"], values))
    return Reply(reply_from_outputs(turn.last_user_text, done))


def _first_number(output: str) -> int | float | None:
    found = _NUMBER.search(output or "")
    if found is None:
        return None
    number = float(found.group())
    return int(number) if number.is_integer() else number


def reply_from_outputs(prompt: str, results: list[ToolResult]) -> str:
    """An answer that shows what each call returned, in the prompt's language."""
    if _CJK.search(prompt):
        lines = [f"我调用了 {r.name}({r.arguments}),它返回:{r.output.strip() or '(空)'}" for r in results]
        return "\n".join(lines) + "\n以上就是根据函数结果得到的回答。"
    lines = [f"I called {r.name}({r.arguments}) and it returned: {r.output.strip() or '(nothing)'}" for r in results]
    return "\n".join(lines) + "\nThat is my answer, based on what the function returned."


def _json(value) -> str:
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"))


def _matches_properties(arguments, parameters: dict) -> bool:
    """Whether canned string arguments suit this declaration: the same property names, all strings."""
    if not isinstance(arguments, dict):
        return False
    properties = parameters.get("properties") or {}
    return set(parameters.get("required") or []) <= set(arguments) <= set(properties) and all(
        isinstance(value, str) and properties[name].get("type") == "string" and "enum" not in properties[name] for name, value in arguments.items()
    )


# -- which function fits ---------------------------------------------------------------------------


def _words(text: str) -> set[str]:
    """Lower-case words (camelCase and snake_case split, plural s dropped) and Chinese character pairs."""
    text = re.sub(r"([a-z])([A-Z])", r"\1 \2", text or "")
    words = set()
    for word in _WORD.findall(text.replace("_", " ").replace("-", " ")):
        word = word.lower()
        if word.endswith("s") and len(word) > 3:
            word = word[:-1]
        if len(word) > 2 and word not in _STOPWORDS:
            words.add(word)
    for run in re.findall(r"[\u4e00-\u9fff]+", text or ""):
        words.update(run[i : i + 2] for i in range(len(run) - 1))
    return words


def _best_fit(functions: list[dict], prompt: str) -> str | None:
    """The declared function sharing most words with the prompt (its name counts double); None if none does."""
    asked = _words(prompt)
    best, best_score = None, 0
    for function in functions:
        score = 2 * len(asked & _words(function["name"])) + len(asked & _words(function.get("description") or ""))
        if score > best_score:
            best, best_score = function["name"], score
    return best


# -- arguments from a JSON schema ------------------------------------------------------------------


MAX_NODES = 200  # values one set of arguments may hold: a schema asking for millions gets a small example
MAX_ITEMS = 3
MAX_STRING = 256


def example_arguments(schema: dict, prompt: str, *, strict: bool = False) -> dict:
    """Arguments valid against a function's parameters schema, taking what it can from the prompt.

    Small by design: arrays of at most a few items, strings of at most a few hundred characters and a
    few hundred values in all, whatever minItems or minLength ask (such arguments then miss the schema).
    """
    try:
        value = _example(schema or {"type": "object"}, prompt, schema or {}, strict, depth=0, budget=[MAX_NODES])
    except Exception:  # an odd schema must not fail the run
        return {}
    return value if isinstance(value, dict) else {}


def _resolve(schema: dict, root: dict) -> dict:
    ref = schema.get("$ref")
    if isinstance(ref, str) and ref.startswith("#/"):
        target = root
        for part in ref[2:].split("/"):
            target = target.get(part, {}) if isinstance(target, dict) else {}
        return _resolve(target, root) if isinstance(target, dict) else {}
    return schema


def _example(schema, prompt: str, root: dict, strict: bool, depth: int, budget: list[int], name: str = ""):
    budget[0] -= 1
    if not isinstance(schema, dict) or depth > 12 or budget[0] < 0:
        return None
    schema = _resolve(schema, root)
    if "const" in schema:
        return schema["const"]
    if schema.get("enum"):
        return _pick_enum(schema["enum"], prompt)
    if "default" in schema and schema["default"] is not None:
        return schema["default"]
    for key in ("anyOf", "oneOf"):
        options = [o for o in schema.get(key) or [] if isinstance(o, dict) and _resolve(o, root).get("type") != "null"]
        if options:
            return _example(options[0], prompt, root, strict, depth + 1, budget, name)
    if schema.get("allOf"):
        merged = {k: v for k, v in schema.items() if k != "allOf"}
        for part in schema["allOf"]:
            part = _resolve(part, root) if isinstance(part, dict) else {}
            merged["properties"] = {**merged.get("properties", {}), **part.get("properties", {})}
            merged["required"] = [*merged.get("required", []), *part.get("required", [])]
            merged.update({k: v for k, v in part.items() if k not in ("properties", "required")})
        return _example(merged, prompt, root, strict, depth + 1, budget, name)
    kind = schema.get("type")
    if isinstance(kind, list):
        kind = next((k for k in kind if k != "null"), "null")
    if kind is None:
        kind = "object" if "properties" in schema else "array" if "items" in schema else "string"
    if kind == "object":
        properties = schema.get("properties") or {}
        wanted = list(properties) if strict else [key for key in schema.get("required") or [] if key in properties]
        if not strict:  # an optional property too, when the schema or the prompt says what it should be
            wanted += [key for key in properties if key not in wanted and _worth_filling(properties[key], key, prompt, root)]
        out = {key: _example(properties[key], prompt, root, strict, depth + 1, budget, key) for key in wanted}
        for key in schema.get("required") or []:  # required but not described: any string will do
            out.setdefault(key, prompt)
        return out
    if kind == "array":
        low, high = schema.get("minItems", 1), schema.get("maxItems")
        count = min(max(low, 1) if high is None else min(max(low, 1), high), MAX_ITEMS)
        items = schema.get("items") if isinstance(schema.get("items"), dict) else {}
        return [_example(items, prompt, root, strict, depth + 1, budget, name) for _ in range(count)]
    if kind in ("integer", "number"):
        return _example_number(schema, prompt, integer=kind == "integer", name=name)
    if kind == "boolean":
        return True
    if kind == "null":
        return None
    return _example_string(schema, prompt, name)


def _example_number(schema: dict, prompt: str, *, integer: bool, name: str = ""):
    low = schema.get("minimum", schema["exclusiveMinimum"] + (1 if integer else 0.5) if isinstance(schema.get("exclusiveMinimum"), (int, float)) else None)
    high = schema.get("maximum", schema["exclusiveMaximum"] - (1 if integer else 0.5) if isinstance(schema.get("exclusiveMaximum"), (int, float)) else None)
    found = [float(n) for n in _NUMBER.findall(prompt)]
    named = _named_number(prompt, name)  # "3 days" for `days`: the number the prompt gives for this property
    found = ([named] if named is not None else []) + found
    candidates = [n for n in found if (not integer or n.is_integer()) and (low is None or n >= low) and (high is None or n <= high)]
    value = candidates[0] if candidates else low if low is not None else min(1, high) if high is not None else 1
    return int(value) if integer or float(value).is_integer() else value


def _example_string(schema: dict, prompt: str, name: str = "") -> str:
    formats = {"date": "2024-01-01", "date-time": "2024-01-01T00:00:00Z", "time": "00:00:00", "email": "learner@example.com", "uri": "https://example.com/"}
    value = _string_from_prompt(schema, prompt, name) or formats.get(schema.get("format"), prompt.strip() or "text")
    low, high = schema.get("minLength", 0), schema.get("maxLength")
    if len(value) < low:
        value = value + "x" * (min(low, MAX_STRING) - len(value))
    if high is not None:
        value = value[:high]
    return value


# -- plausible values: what the prompt says for a property, by its name, description, enum and format ---------------

_LOCATION = re.compile(r"city|location|place|town|country|region|address|destination|origin|where|城市|地点|地方|位置", re.IGNORECASE)
_TOPIC = re.compile(r"topic|subject|title|theme|keyword|about|主题|标题|话题", re.IGNORECASE)
_PLACE_EN = re.compile(r"\b(?:in|at|near|around)\s+((?:[A-Z][\w'.-]*)(?:(?:\s+|,\s*)[A-Z][\w'.-]*)*)")
_ABOUT = re.compile(r"\b(?:about|on|regarding|covering)\s+([^.?!,;:\n]{2,80})|关于([^,,。.?？!！\n]{1,40})", re.IGNORECASE)
_QUOTED = re.compile(r"\"([^\"]{1,200})\"|“([^”]{1,200})”|「([^」]{1,200})」|'([^'\n]{2,200})'(?!\w)")
_FORMAT_IN_PROMPT = {
    "date": re.compile(r"\b\d{4}-\d{2}-\d{2}\b"),
    "date-time": re.compile(r"\b\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}(?::\d{2})?(?:Z|[+-]\d{2}:?\d{2})?"),
    "time": re.compile(r"\b\d{1,2}:\d{2}(?::\d{2})?\b"),
    "email": re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+"),
    "uri": re.compile(r"https?://[^\s\"'<>]+"),
}


def _hint(schema: dict, name: str) -> str:
    return f"{name} {schema.get('title') or ''} {schema.get('description') or ''}"


def _string_from_prompt(schema: dict, prompt: str, name: str) -> str | None:
    """The words of the prompt this string property asks for (a place, a topic, a quoted phrase, a date), or None."""
    fmt = schema.get("format")
    if fmt in _FORMAT_IN_PROMPT:
        found = _FORMAT_IN_PROMPT[fmt].search(prompt)
        return found.group() if found else None
    hint = _hint(schema, name)
    if _LOCATION.search(hint):
        # English only ("in Paris"): a Chinese prompt keeps the whole prompt, as lesson 07's stored outputs show.
        found = _PLACE_EN.search(prompt)
        if found:
            return found.group(1).strip(" ,")
    if _TOPIC.search(hint):
        found = _QUOTED.search(prompt) or _ABOUT.search(prompt)
        if found:
            return next(g for g in found.groups() if g).strip()
    return None


def _pick_enum(options: list, prompt: str):
    """The option the prompt names (every word of it), else the first."""
    asked = prompt.lower()
    for option in options:
        if isinstance(option, str) and option.strip():
            words = [w for w in re.split(r"[\s_\-]+", option.lower()) if w]
            if words and all(w in asked for w in words):
                return option
    return options[0]


def _named_number(prompt: str, name: str) -> float | None:
    """The number the prompt puts next to the property's name: "3 days" or "days: 3" for `days`."""
    words = [w for w in re.split(r"[\s_\-]+", re.sub(r"([a-z])([A-Z])", r"\1 \2", name or "").lower()) if len(w) > 2]
    for word in words:
        stem = re.escape(word[:-1] if word.endswith("s") and len(word) > 3 else word)
        found = re.search(rf"(-?\d+(?:\.\d+)?)\s*{stem}", prompt, re.IGNORECASE) or re.search(rf"{stem}\w*\s*(?:of|:|=|is)?\s*(-?\d+(?:\.\d+)?)", prompt, re.IGNORECASE)
        if found:
            return float(found.group(1))
    return None


def _worth_filling(schema, name: str, prompt: str, root: dict) -> bool:
    """An optional property a model would fill: one with an enum, a default or a const, or one the prompt gives a value for."""
    if not isinstance(schema, dict):
        return False
    schema = _resolve(schema, root)
    if schema.get("enum") or "const" in schema or schema.get("default") is not None:
        return True
    kind = schema.get("type")
    if isinstance(kind, list):
        kind = next((k for k in kind if k != "null"), None)
    if kind in ("integer", "number"):
        return _named_number(prompt, name) is not None
    if kind in (None, "string"):
        return _string_from_prompt(schema, prompt, name) is not None
    return False
