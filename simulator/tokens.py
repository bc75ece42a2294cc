"""Deterministic token counts and natural stream chunks (words; a few characters of Chinese)."""

from __future__ import annotations

import re

_CJK = "\u2e80-\u9fff\uf900-\ufaff\uff00-\uffef\u3000-\u303f"
_TOKEN = re.compile(rf"[{_CJK}]|[^\s{_CJK}\w]|\w+")
_CHUNK = re.compile(rf"\s*[{_CJK}]{{1,3}}|\s*[^\s{_CJK}]+|\s+")


def count_tokens(text: str) -> int:
    """Roughly what a BPE tokenizer gives: a word, a punctuation mark or a CJK character each."""
    return len(_TOKEN.findall(text or ""))


def chunks(text: str) -> list[str]:
    """The pieces a streamed reply arrives in; joined, they are exactly the text."""
    pieces = _CHUNK.findall(text)
    return pieces if "".join(pieces) == text else [text]


def truncate_to_tokens(text: str, limit: int) -> str:
    """The longest prefix of whole chunks with at most `limit` tokens."""
    out, used = [], 0
    for piece in chunks(text):
        cost = count_tokens(piece)
        if used + cost > limit:
            break
        out.append(piece)
        used += cost
    return "".join(out)
