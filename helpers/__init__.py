"""What the course notebooks import: show_json, the backend check, and the streaming event handlers."""

from importlib import import_module

from .backend import check_backend
from .show import show_json

# Imported on first use: they pull in openai and ipywidgets, which the simulator process (also under
# `helpers`) does not need and would take seconds longer to start with.
_LAZY = {"ChatBox": ".chat", "EventHandler": ".handlers", "FunctionCallingEventHandler": ".handlers", "ToolEventHandler": ".handlers"}

__all__ = ["ChatBox", "EventHandler", "FunctionCallingEventHandler", "ToolEventHandler", "check_backend", "show_json"]


def __getattr__(name: str):
    if name in _LAZY:
        return getattr(import_module(_LAZY[name], __name__), name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
