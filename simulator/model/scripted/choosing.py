"""Which declared functions a question calls for: shared concepts, shared words and meaning, instructions that name a tool, hand-offs by language.

A function fits a question when they name a concept of rules/vocabulary.json in common (天气 and get_current_temperature),
share a word (its name counts double), or are close in meaning (WordLlama's cosine at least `min_similarity`); the
best fit wins (on meaning alone, only a clear winner). What the instructions say of a function counts as its description too ("用户问到天气时,调用 get_weather"),
and a tool they say to call first ("First call the `how_many_jokes` tool") is called before anything else. Agents-SDK
hand-offs (`transfer_to_*`) whose name or description names a language fit the messages written in it, and no other.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass

from simulator.model.scripted.language import detect_language, languages_named, vocabulary
from simulator.model.scripted.meaning import similarity

HANDOFF_PREFIX = "transfer_to_"
_WORD = re.compile(r"[A-Za-z][A-Za-z0-9]*")
_HAN = re.compile(r"[\u4e00-\u9fff]")
_HAN_RUN = re.compile(r"[\u4e00-\u9fff]+")
# Words too common to say that a function fits a prompt.
_STOPWORDS = set(
    "a an and any are about as at be by can could do does for from get give how i in into is it its me my of on or our please "
    "should show tell that the their this to use used user using what when where which who why will with would you your "
    "function functions answer answers question questions output outputs input return returns value values data information "
    "handoff handle request agent transfer".split()
)
# Chinese words just as common, cut out before pairing: "查询一下我的订单" says nothing of a function that 查询 the weather.
_STOP_ZH = re.compile("查询|一下|一个|什么|怎么|这个|那个|可以|请问|帮我|告诉|用户|问题|回答|今天|现在|当前|需要|如何|的|了|吗|呢|吧|我|你")
_SENTENCE = re.compile(r"[^.!?。！？;；\n]+")
_CALL_FIRST = (
    re.compile(r"\b(?:first|always|start\s+by|begin\s+by)\b[^.\n]{0,20}?\b(?:call|use|invoke|run)(?:ing)?\s+(?:the\s+)?`?(?P<tool>[A-Za-z_][\w.-]*)`?", re.IGNORECASE),
    re.compile(r"\b(?:call|use|invoke|run)\s+(?:the\s+)?`?(?P<tool>[A-Za-z_][\w.-]*)`?\s+(?:tool\s+|function\s+)?first\b", re.IGNORECASE),
    re.compile(r"(?:先|首先|第一步|一开始)[^。\n]{0,10}?(?:调用|使用|执行|运行)\s*`?(?P<tool>[A-Za-z_][\w.-]*)`?"),
)
# What before "call X first" still means "always": only a clause with more than this makes the call conditional.
_ALWAYS = re.compile(r"before\s+(?:you\s+)?(?:answer|reply|respond)(?:ing)?(?:\s+anything)?|回答(?:问题)?(?:之前|前)|你|请|要|必须|must|should|you|please|,|,|`", re.IGNORECASE)
_CLAUSE = re.compile(r"\s+and\s+(?:also\s+)?|\s*(?:以及|并且|还有|同时|另外)\s*", re.IGNORECASE)


@dataclass
class Fit:
    name: str
    score: float
    fits: bool
    by_meaning_only: bool = False


def words(text: str) -> set[str]:
    """Lower-case words (camelCase and snake_case split, plural s dropped) and Chinese character pairs."""
    text = re.sub(r"([a-z])([A-Z])", r"\1 \2", text or "")
    found = set()
    for word in _WORD.findall(text.replace("_", " ").replace("-", " ")):
        word = word.lower()
        if word.endswith("s") and len(word) > 3:
            word = word[:-1]
        if len(word) > 2 and word not in _STOPWORDS:
            found.add(word)
    for run in _HAN_RUN.findall(_STOP_ZH.sub(" ", text or "")):
        found.update(run[i : i + 2] for i in range(len(run) - 1))
    return found


@functools.cache
def _concept_patterns() -> list[tuple[str, re.Pattern]]:
    patterns = []
    for concept, terms in vocabulary()["concepts"].items():
        latin = [re.escape(t) + r"(?:s|es)?" for t in terms if not _HAN.search(t)]
        han = [re.escape(t) for t in terms if _HAN.search(t)]
        parts = ([rf"(?<![A-Za-z0-9])(?:{'|'.join(latin)})(?![A-Za-z0-9])"] if latin else []) + han
        patterns.append((concept, re.compile("|".join(parts), re.IGNORECASE)))
    return patterns


def concepts(text: str) -> set[str]:
    """The vocabulary's concepts a text names: {"weather"} for both "temperature" and "北京天气"."""
    spaced = re.sub(r"([a-z])([A-Z])", r"\1 \2", text or "").replace("_", " ")
    return {concept for concept, pattern in _concept_patterns() if pattern.search(spaced)}


def _min_similarity() -> float:
    return float(vocabulary().get("tool_choice", {}).get("min_similarity", 0.45))


def _meaning_margin() -> float:
    return float(vocabulary().get("tool_choice", {}).get("meaning_margin", 0.1))


def _parameters_text(function: dict) -> str:
    parameters = function.get("parameters")
    properties = parameters.get("properties") if isinstance(parameters, dict) else None
    if not isinstance(properties, dict):
        return ""
    return " ".join(f"{name} {spec.get('description') or '' if isinstance(spec, dict) else ''}" for name, spec in properties.items())


def _readable_name(name: str) -> str:
    return re.sub(r"([a-z])([A-Z])", r"\1 \2", name).replace("_", " ").replace("-", " ")


def said_of(function: str, instructions: str) -> str:
    """The sentences of the instructions that name the function: what they say of it counts as its description."""
    named = re.compile(rf"(?<![\w]){re.escape(function)}(?![\w])")
    return " ".join(s for s in _SENTENCE.findall(instructions or "") if named.search(s))


def first_call(instructions: str, declared: list[str]) -> str | None:
    """The declared function the instructions say to call first, whatever the question ("First call the `x` tool"), or None.

    A call that the instructions make conditional ("回答天气问题之前,先调用 get_weather") is not forced: what they say of the
    function counts as its description instead (said_of)."""
    for sentence in _SENTENCE.findall(instructions or ""):
        for pattern in _CALL_FIRST:
            found = pattern.search(sentence)
            if found and found.group("tool") in declared:
                before = _ALWAYS.sub(" ", sentence[: found.start()])
                if not re.search(r"[A-Za-z]{3,}|[\u4e00-\u9fff]{2,}", before):
                    return found.group("tool")
    return None


def _language_routes(function: dict) -> list[str]:
    if not function["name"].startswith(HANDOFF_PREFIX):
        return []
    return languages_named(f"{_readable_name(function['name'])} {function.get('description') or ''}")


def _without_language_names(text: str) -> str:
    for language in languages_named(text):
        for name in vocabulary()["languages"]["names"][language]:
            text = re.sub(rf"(?<![A-Za-z]){re.escape(name)}(?![A-Za-z])", " ", text, flags=re.IGNORECASE)
    return text


def rank(functions: list[dict], question: str, instructions: str = "") -> list[Fit]:
    """Every declared function with how well it fits the question, best first (ties keep the declared order)."""
    asked_words, asked_concepts = words(question), concepts(question)
    language = detect_language(question)
    fits: list[Fit] = []
    meanings: list[float] = []
    for function in functions:
        name, description = function["name"], str(function.get("description") or "")
        routes = _language_routes(function)
        if routes and language in routes:  # a hand-off to the agent that speaks the message's language
            fits.append(Fit(name, 10.0, True))
            meanings.append(0.0)
            continue
        # What the instructions say of it adds concepts only: their other words would meet any question.
        extra = said_of(name, instructions)
        readable, text = _readable_name(name), description
        if routes:  # a language's name is no reason to hand a message in another language to its agent
            readable, text, extra = _without_language_names(readable), _without_language_names(text), _without_language_names(extra)
        shared = len(asked_concepts & concepts(f"{readable} {text} {extra} {_parameters_text(function)}"))
        overlap = 2 * len(asked_words & words(readable)) + len(asked_words & words(text))
        # Without the common Chinese words, which alone make two Chinese texts look alike to WordLlama.
        meaning = similarity(_STOP_ZH.sub(" ", question), _STOP_ZH.sub(" ", f"{readable}: {description} {_parameters_text(function)}").strip())
        meanings.append(meaning)
        # Of two names the question meets, the one it explains more of fits better (get_weather over weather_stats).
        name_words = words(readable)
        covered = sum(1 for w in name_words if w in asked_words or concepts(w) & asked_concepts) / len(name_words) if name_words else 0.0
        fits.append(Fit(name, 3 * shared + overlap + covered + meaning, bool(shared or overlap), by_meaning_only=False))
    # On meaning alone, only a clear winner fits: close enough, and ahead of every other function by a margin.
    threshold, margin = _min_similarity(), _meaning_margin()
    for i, fit in enumerate(fits):
        others = [m for j, m in enumerate(meanings) if j != i]
        if not fit.fits and meanings[i] >= threshold and all(meanings[i] >= m + margin for m in others):
            fit.fits = fit.by_meaning_only = True
    order = {f.name: i for i, f in enumerate(fits)}
    return sorted(fits, key=lambda f: (-f.score, order[f.name]))


def choose(functions: list[dict], question: str, instructions: str = "") -> list[str]:
    """The functions to call for the question, in order: the best fit, or (a question that asks several things, joined by
    "and" or 以及) the best fit of each part when they differ. Empty when nothing fits: then the model answers in text."""
    ranked = [f for f in rank(functions, question, instructions) if f.fits]
    if not ranked:
        return []
    parts = [p for p in _CLAUSE.split(question) if p.strip()]
    if len(parts) > 1:
        per_part = []
        for part in parts:
            best = next((f for f in rank(functions, part, instructions) if f.fits and not f.by_meaning_only), None)
            if best is not None and best.name not in per_part:
                per_part.append(best.name)
        if len(per_part) > 1:
            return per_part
    return [ranked[0].name]
