"""What the course notebooks import: show_json, the backend check, and the streaming event handlers."""

from .backend import check_backend
from .show import show_json

__all__ = ["check_backend", "show_json"]
