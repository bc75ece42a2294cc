"""Runs code-interpreter code for real, in a subprocess with limits (placeholder until issue 5)."""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass
class Result:
    logs: str
    images: list[tuple[str, bytes]] = field(default_factory=list)
    error: bool = False


async def run_code(code: str, files: dict[str, bytes]) -> Result:
    raise NotImplementedError("the code-interpreter sandbox is not built yet")
