"""Footnotes for file_search answers: the 【n:m†source】 markers become [1], [2] … and the cited files are listed below."""

from __future__ import annotations

import re
from typing import Any

MARKER = re.compile(r"【[^】]*†[^】]*】")


def _get(obj: Any, name: str, default: Any = None) -> Any:
    """A field of an SDK object or of a plain dict."""
    if isinstance(obj, dict):
        return obj.get(name, default)
    return getattr(obj, name, default)


def text_and_annotations(message: Any) -> tuple[str, list]:
    """The text of a message (SDK Message, a dict, or one content part) and its annotations."""
    parts = _get(message, "content")
    if parts is None:  # a content part, or a Text
        text = _get(message, "text", message)
        return _get(text, "value", ""), list(_get(text, "annotations", []) or [])
    for part in parts:
        if _get(part, "type") == "text":
            text = _get(part, "text")
            return _get(text, "value", ""), list(_get(text, "annotations", []) or [])
    return "", []


def with_footnotes(message: Any, client: Any = None, filenames: dict[str, str] | None = None) -> str:
    """The message's text with each citation marker replaced by [k] (one number per cited file) and the files listed.

    File names come from `filenames` ({file_id: name}) or, when a client is given, from `client.files.retrieve`.
    A marker without an annotation (the model wrote one that points nowhere) is dropped, never shown raw.
    """
    value, annotations = text_and_annotations(message)
    names = dict(filenames or {})
    numbers: dict[str, int] = {}
    pieces, cursor = [], 0
    for annotation in sorted(annotations, key=lambda a: _get(a, "start_index")):
        start, end = _get(annotation, "start_index"), _get(annotation, "end_index")
        if start < cursor:
            continue
        pieces.append(MARKER.sub("", value[cursor:start]))
        cited = _get(annotation, "file_citation") or _get(annotation, "file_path")
        file_id = _get(cited, "file_id") if cited is not None else None
        if file_id is None:
            pieces.append("")
        else:
            number = numbers.setdefault(file_id, len(numbers) + 1)
            pieces.append(f"[{number}]")
        cursor = end
    pieces.append(MARKER.sub("", value[cursor:]))
    text = "".join(pieces)
    if not numbers:
        return text
    lines = []
    for file_id, number in numbers.items():
        if file_id not in names and client is not None:
            try:
                names[file_id] = client.files.retrieve(file_id).filename
            except Exception:  # a file deleted since: say so rather than fail
                names[file_id] = f"{file_id} (deleted)"
        lines.append(f"[{number}] {names.get(file_id, file_id)}")
    return text + "\n\n" + "\n".join(lines)


__all__ = ["MARKER", "text_and_annotations", "with_footnotes"]
