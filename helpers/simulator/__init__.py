"""An offline, wire-compatible simulator of the OpenAI Assistants API (shut down on 2026-08-26)."""

from .app import create_app
from .settings import Settings

__all__ = ["Settings", "create_app"]
