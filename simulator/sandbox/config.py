"""The sandbox's settings: the server's, handed over once (configure); until then the declared defaults and the environment."""

from __future__ import annotations

from dataclasses import dataclass, field

from simulator.settings import Settings

_configured: Settings | None = None


def use(settings: Settings | None) -> Settings | None:
    """Use these settings from now on; None: back to reading the environment. Returns the settings used before."""
    global _configured
    previous, _configured = _configured, settings
    return previous


def current_settings() -> Settings:
    return _configured if _configured is not None else Settings()


@dataclass
class Limits:
    time_seconds: float = field(default_factory=lambda: current_settings().code_timeout)
    memory_mb: int = field(default_factory=lambda: current_settings().code_memory_mb)
    output_bytes: int = field(default_factory=lambda: current_settings().code_max_output)
    file_mb: int = field(default_factory=lambda: current_settings().code_max_file_mb)
