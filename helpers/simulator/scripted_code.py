"""The scripted model's code interpreter: the Python it writes for a turn, and its reply from the output."""

from __future__ import annotations

from .model import Action, Turn


def plan_code(turn: Turn) -> Action | None:
    """A RunCode action, a Reply built from the code's output, or None when the turn needs no code."""
    return None
