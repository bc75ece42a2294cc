"""show_json: print any API object as the original lesson does: readable JSON, with Chinese unescaped."""

from __future__ import annotations

import json
from typing import Any


def plain(obj: Any) -> Any:
    """SDK models (and pages of them), dicts and lists, as plain JSON values."""
    if hasattr(obj, "model_dump_json"):
        return json.loads(obj.model_dump_json())
    if isinstance(obj, dict):
        return {key: plain(value) for key, value in obj.items()}
    if isinstance(obj, (list, tuple)):
        return [plain(item) for item in obj]
    return obj


def show_json(obj: Any) -> None:
    """把任意对象用排版美观的 JSON 格式打印出来 (print any object as pretty JSON)."""
    print(json.dumps(plain(obj), indent=4, ensure_ascii=False))
