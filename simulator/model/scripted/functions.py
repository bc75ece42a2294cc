"""The scripted model's function calling: when and how it calls the run's declared functions.

Two ways in, both honouring tool_choice and parallel_tool_calls:

- Skills (rules/functions.json) know the course's questions over `ask_database`: which SQL
  to write, and how to answer from what the learner's function returned. The answer is computed
  from the submitted outputs, so different outputs give a different answer.
- Any other function the run declares is called when it fits the prompt (choosing.py: a shared concept,
  shared words or a close meaning; a tool the instructions say to call first; a hand-off to the agent
  of the message's language), or when tool_choice asks for it. Its arguments are generated from the
  function's JSON schema, so they are valid against it, with what the prompt gives and what the
  caller will read (a MULTIPLE_CHOICE question gets its `choices`).

After the outputs come back the model replies using them; with tool_choice "none" it never calls.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field

from simulator.model import Action, CallFunctions, FunctionCall, Reply, ToolResult, Turn
from simulator.model.scripted.choosing import choose, first_call, rank
from simulator.model.scripted.language import detect_language, in_language, reply_language, vocabulary
from simulator.model.scripted.templates import evaluate, fill

_NUMBER = re.compile(r"-?\d+(?:\.\d+)?")


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
    no_tools_reply, prompt, language = book.no_tools_reply, turn.last_user_text, reply_language(turn)
    named = choice["function"]["name"] if isinstance(choice, dict) else None
    planned = _plan(turn, functions, named, choice == "required", book, prompt, language)
    if choice == "none" and isinstance(planned, CallFunctions):
        # A real model with tools switched off answers in words (from the outputs, once they are back, as planned
        # above); where it would have called, it says which function it would have needed.
        template = in_language(no_tools_reply, language) or "I would need to call {function} to answer that, and this run does not allow tool calls."
        return Reply(fill(template, {"function": planned.calls[0].name}))
    return planned


def _plan(turn: Turn, functions: list[dict], named: str | None, required: bool, book: FunctionBook, prompt: str, language: str) -> Action | None:
    """What the question needs: the calls still to make, the answer from their outputs, or None (no function fits)."""
    skill, found = _find_skill(book.skills, prompt, functions, named)
    if skill is not None:
        return _plan_skill(turn, skill, found.groupdict())
    declared = [f["name"] for f in functions]
    if named:
        planned = [named]
    else:
        first = first_call(turn.instructions, declared)
        planned = list(dict.fromkeys(([first] if first else []) + choose(functions, prompt, turn.instructions)))
        if not planned and required:
            planned = [rank(functions, prompt, turn.instructions)[0].name]
    if not planned:
        return None
    # Outputs of this turn's own functions: a hand-off's output (the agent handed to) is no answer.
    results = [r for r in turn.results if r.type == "function" and r.name in declared]
    called = {r.name for r in results}
    waiting = [name for name in planned if name not in called]
    if not waiting:  # everything the question needs is back: answer from the outputs
        return Reply(reply_from_outputs(prompt, results, language))
    calls = []
    for target in waiting if turn.parallel_tool_calls else waiting[:1]:
        function = next(f for f in functions if f["name"] == target)
        parameters = function.get("parameters") or {}
        arguments = book.default_arguments.get(target)
        if not _matches_properties(arguments, parameters):  # e.g. a learner's own ask_database with other parameters
            arguments = example_arguments(parameters, prompt, strict=bool(function.get("strict")))
        calls.append(FunctionCall(target, _json(arguments)))
    return CallFunctions(calls)


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
        return Reply(reply_from_outputs(turn.last_user_text, done, reply_language(turn)))
    values.update({f"n{i}": n for i, n in enumerate(numbers, start=1)})
    for answer in skill.answers:
        if "when" not in answer or evaluate(answer["when"], values):
            return Reply(fill(answer["text"], values))
    return Reply(reply_from_outputs(turn.last_user_text, done, reply_language(turn)))


def _first_number(output: str) -> int | float | None:
    found = _NUMBER.search(output or "")
    if found is None:
        return None
    number = float(found.group())
    return int(number) if number.is_integer() else number


def reply_from_outputs(prompt: str, results: list[ToolResult], language: str = "") -> str:
    """An answer that shows what each call returned, in the reply's language ("zh" or "en"; by default the prompt's)."""
    if (language or ("zh" if detect_language(prompt) == "zh" else "en")) == "zh":
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


def _example(schema, prompt: str, root: dict, strict: bool, depth: int, budget: list[int], name: str = "", index: int = 0):
    # index: which item of an array this value is, so that items differ (one question of each type, say)
    budget[0] -= 1
    if not isinstance(schema, dict) or depth > 12 or budget[0] < 0:
        return None
    schema = _resolve(schema, root)
    if "const" in schema:
        return schema["const"]
    if schema.get("enum"):
        return _pick_enum(schema["enum"], prompt, index)
    if "default" in schema and schema["default"] is not None:
        return schema["default"]
    for key in ("anyOf", "oneOf"):
        options = [o for o in schema.get(key) or [] if isinstance(o, dict) and _resolve(o, root).get("type") != "null"]
        if options:
            return _example(options[0], prompt, root, strict, depth + 1, budget, name, index)
    if schema.get("allOf"):
        merged = {k: v for k, v in schema.items() if k != "allOf"}
        for part in schema["allOf"]:
            part = _resolve(part, root) if isinstance(part, dict) else {}
            merged["properties"] = {**merged.get("properties", {}), **part.get("properties", {})}
            merged["required"] = [*merged.get("required", []), *part.get("required", [])]
            merged.update({k: v for k, v in part.items() if k not in ("properties", "required")})
        return _example(merged, prompt, root, strict, depth + 1, budget, name, index)
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
        out = {key: _example(properties[key], prompt, root, strict, depth + 1, budget, key, index) for key in wanted}
        # An optional property that a sibling's value implies: a MULTIPLE_CHOICE question gets its `choices`.
        implied = [key for key in properties if key not in out and _implied_by_siblings(properties[key], key, properties, out, root)]
        out.update({key: _example(properties[key], prompt, root, strict, depth + 1, budget, key, index) for key in implied})
        for key in schema.get("required") or []:  # required but not described: any string will do
            out.setdefault(key, prompt)
        return {**{key: out[key] for key in properties if key in out}, **out}
    if kind == "array":
        items = schema.get("items") if isinstance(schema.get("items"), dict) else {}
        count = _item_count(schema, _resolve(items, root), prompt, name)
        if _is_options(_resolve(items, root), name):  # choices a caller shows: distinct labels, not the prompt thrice
            labels = "选项" if _HAN.search(prompt) else "Option "
            return [f"{labels}{chr(ord('A') + i)}" for i in range(count)]
        return [_example(items, prompt, root, strict, depth + 1, budget, name, i) for i in range(count)]
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
        found = _PLACE_EN.search(prompt)
        if found:
            return found.group(1).strip(" ,")
        place = _place_zh(prompt)
        if place:
            return place
    if _TOPIC.search(hint):
        found = _QUOTED.search(prompt) or _ABOUT.search(prompt)
        if found:
            return next(g for g in found.groups() if g).strip()
    return None


_FILLER_ZH = re.compile(r"^(?:请问|请|我想知道|想知道|告诉我|帮我查一下|帮我查|帮我看看|查一下|查查|看看|问一下|你知道)+")
_BEFORE_WEATHER_ZH = re.compile(r"^(?:在|去)?(?P<place>[\u4e00-\u9fff]{2,8}?)(?:市|省)?(?:今天|明天|后天|现在|目前|这周|本周|这几天|最近)?的?(?:天气|气温|温度|会不会下雨|下雨|冷不冷|热不热|几度)")


def _place_zh(prompt: str) -> str | None:
    """A Chinese place the prompt names: one the vocabulary knows (北京), else the words before 天气/气温 (北京的天气 -> 北京)."""
    known = [place for place in vocabulary().get("places_zh", []) if place in prompt]
    if known:
        return min(known, key=prompt.index)
    found = _BEFORE_WEATHER_ZH.search(_FILLER_ZH.sub("", prompt.strip()))
    return found.group("place") if found else None


def _pick_enum(options: list, prompt: str, index: int = 0):
    """The option the prompt names (every word of it), else the first; the index-th item of an array takes the next one."""
    asked = prompt.lower()
    named = []
    for option in options:
        if isinstance(option, str) and option.strip():
            words = [w for w in re.split(r"[\s_\-]+", option.lower()) if w]
            if words and all(w in asked for w in words):
                named.append(option)
    choices = named or options
    return choices[index % len(choices)]


def _stems(text: str) -> set[str]:
    """The words of a name or value, lower case, plural s off, options' synonyms as one: "MULTIPLE_CHOICE" -> {multiple, choice}."""
    found = set()
    for word in re.split(r"[^a-z0-9]+", re.sub(r"([a-z])([A-Z])", r"\1 \2", text or "").lower()):
        word = word[:-1] if word.endswith("s") and len(word) > 3 else word
        found.add(_OPTION_SYNONYMS.get(word, word))
    return found - {""}


_OPTION_SYNONYMS = {"option": "choice", "alternative": "choice", "answer": "choice"}
_OPTIONS_NAME = re.compile(r"choice|option|alternative|选项", re.IGNORECASE)
_HAN = re.compile(r"[\u4e00-\u9fff]")
MAX_NAMED_ITEMS = 10  # "a quiz with 5 questions": as many as asked, within reason


def _implied_by_siblings(schema, name: str, properties: dict, out: dict, root: dict) -> bool:
    """Whether an enum value chosen for a sibling names this property ("MULTIPLE_CHOICE" and `choices`), or this property's description names the value."""
    if not isinstance(schema, dict):
        return False
    description = (_resolve(schema, root).get("description") or "").lower()
    for sibling, value in out.items():
        sibling_schema = _resolve(properties.get(sibling) or {}, root) if isinstance(properties.get(sibling), dict) else {}
        if not isinstance(value, str) or value not in (sibling_schema.get("enum") or []):
            continue
        if _stems(value) & _stems(name) or (len(value) > 2 and value.lower() in description):
            return True
    return False


def _is_options(items, name: str) -> bool:
    """An array of plain strings a caller shows as choices: `choices`, `options`."""
    return isinstance(items, dict) and items.get("type") == "string" and not items.get("enum") and not items.get("format") and bool(_OPTIONS_NAME.search(name or ""))


def _item_count(schema: dict, items, prompt: str, name: str) -> int:
    """How many items: as many as the prompt asks ("2 questions"), three choices, else minItems (at least one); within min/maxItems."""
    low, high = schema.get("minItems", 1), schema.get("maxItems")
    named = _named_number(prompt, name)
    if named is not None and named.is_integer() and named >= 1:
        wanted = min(int(named), MAX_NAMED_ITEMS)
    elif _is_options(items, name):
        wanted = 3
    else:
        wanted = min(max(low, 1), MAX_ITEMS)
    wanted = max(wanted, min(low, MAX_ITEMS))
    return min(wanted, high) if high is not None else wanted


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
