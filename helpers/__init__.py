"""What the course notebooks import: show_json, the backend check, the streaming event handlers and the ChatBox."""

from .backend import check_backend
from .chat import ChatBox
from .handlers import EventHandler, FunctionCallingEventHandler, ToolEventHandler
from .show import show_json

__all__ = ["ChatBox", "EventHandler", "FunctionCallingEventHandler", "ToolEventHandler", "check_backend", "show_json"]
