"""Which language a message is in, and which one the scripted model replies in (Chinese or English), from rules/vocabulary.json."""

from __future__ import annotations

import functools
import json
import re
from pathlib import Path

from simulator.model import Turn

VOCABULARY = Path(__file__).with_name("rules") / "vocabulary.json"
REPLY_LANGUAGES = ("zh", "en")  # the languages the scripted model's texts are written in
_LATIN_WORD = re.compile(r"[a-zà-öø-ÿœ]+(?:'[a-zà-öø-ÿ]+)?", re.IGNORECASE)


@functools.cache
def vocabulary() -> dict:
    """rules/vocabulary.json, read once."""
    return json.loads(VOCABULARY.read_text(encoding="utf-8"))


@functools.cache
def _scripts() -> list[tuple[str, re.Pattern]]:
    return [(s["language"], re.compile(f"[{s['chars']}]")) for s in vocabulary()["languages"]["scripts"]]


@functools.cache
def _latin() -> dict[str, tuple[frozenset[str], str]]:
    return {code: (frozenset(entry["words"]), entry.get("letters", "")) for code, entry in vocabulary()["languages"]["latin"].items()}


def detect_language(text: str) -> str:
    """A language code for the text: by script first (any kana: ja, any Han: zh, ...), then by common words and letters (es, fr, de, ...); English when unsure."""
    for language, chars in _scripts():
        if chars.search(text or ""):
            return language
    words = [w.lower() for w in _LATIN_WORD.findall(text or "")]
    lowered = (text or "").lower()
    scores = {}
    for language, (common, letters) in _latin().items():
        scores[language] = sum(w in common for w in words) + 2 * sum(ch in letters for ch in lowered)
    best = max(scores, key=lambda language: (scores[language], language == "en"))
    return best if scores[best] > scores.get("en", 0) else "en"


@functools.cache
def _name_patterns() -> list[tuple[str, re.Pattern]]:
    patterns = []
    for language, names in vocabulary()["languages"]["names"].items():
        for name in names:
            patterns.append((language, re.compile(rf"(?<![A-Za-z]){re.escape(name)}(?![A-Za-z])", re.IGNORECASE)))
    return patterns


def languages_named(text: str) -> list[str]:
    """The languages a text names ("the Spanish agent", "法语助手"), in the order of the vocabulary."""
    return list(dict.fromkeys(language for language, pattern in _name_patterns() if pattern.search(text or "")))


@functools.cache
def _requests() -> list[re.Pattern]:
    return [re.compile(p, re.IGNORECASE) for patterns in vocabulary()["replies_in"].values() for p in patterns]


def requested_language(instructions: str) -> str | None:
    """The language the instructions ask replies in ("Always answer in Chinese", "用中文回答"), or None."""
    for pattern in _requests():
        for found in pattern.finditer(instructions or ""):
            named = languages_named(found.group("language"))
            if named:
                return named[0]
    return None


def reply_language(turn: Turn) -> str:
    """"zh" or "en": what the instructions ask for, else the latest user message's language (other languages get English).

    An empty message keeps the course's Chinese, as the scripted model always answered it."""
    asked = requested_language(turn.instructions)
    if asked is not None:
        return asked if asked in REPLY_LANGUAGES else "en"
    text = turn.last_user_text
    if not text.strip():
        return "zh"
    return "zh" if detect_language(text) == "zh" else "en"


def in_language(texts: str | dict, language: str) -> str:
    """One text, or the one for the language from {"zh": ..., "en": ...} (English, then any, when it has none)."""
    if isinstance(texts, str):
        return texts
    return texts.get(language) or texts.get("en") or next(iter(texts.values()), "")
