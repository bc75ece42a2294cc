"""The scripted model's function calling: when and how it calls the run's declared functions."""

from __future__ import annotations

from .model import Action, Turn


def plan_functions(turn: Turn) -> Action | None:
    """A CallFunctions action, a Reply built from function outputs, or None when no function fits."""
    return None
