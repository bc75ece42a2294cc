"""What a simulator process is told at start: where its database is, how fast runs move."""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path

DEFAULT_DB = Path(".simulator") / "simulator.db"


def env_number(name: str, default: float) -> float:
    """A number from the environment; the default when it is unset or not a number."""
    try:
        return float(os.environ.get(name, default))
    except ValueError:
        return default


@dataclass
class Settings:
    db: Path = DEFAULT_DB
    # Pacing, so a class can watch a run sit in `queued`, then `in_progress`, then type. Off by default.
    queued_delay: float = field(default_factory=lambda: env_number("SIMULATOR_QUEUED_DELAY", 0.0))
    in_progress_delay: float = field(default_factory=lambda: env_number("SIMULATOR_IN_PROGRESS_DELAY", 0.0))
    token_delay: float = field(default_factory=lambda: env_number("SIMULATOR_TOKEN_DELAY", 0.0))
    # An in_progress run waits (at most this long) until a poll has seen it, so a polling loop sees
    # every phase on every machine; polls and streams release it at once. 0 switches it off.
    in_progress_hold: float = field(default_factory=lambda: env_number("SIMULATOR_IN_PROGRESS_HOLD", 2.0))
    # How long a run may wait (for tool outputs, say) before it expires; the real API used 10 minutes.
    run_expiry_seconds: int = field(default_factory=lambda: int(env_number("SIMULATOR_RUN_EXPIRY_SECONDS", 600)))
    # The SDK's pollers wait this long between polls when the response says so (header openai-poll-after-ms).
    poll_after_ms: int = field(default_factory=lambda: int(env_number("SIMULATOR_POLL_AFTER_MS", 25)))
    # Classroom mode: each API key sees only what it created.
    isolate_keys: bool = field(default_factory=lambda: os.environ.get("SIMULATOR_ISOLATE_KEYS", "") not in ("", "0", "false"))
    # When set, every response is checked against the OpenAPI spec and mismatches are logged here (tests set it).
    conformance_log: str = field(default_factory=lambda: os.environ.get("SIMULATOR_CONFORMANCE_LOG", ""))
    max_upload_bytes: int = field(default_factory=lambda: int(env_number("SIMULATOR_MAX_UPLOAD_BYTES", 32 * 1024 * 1024)))
    # Seconds a request's whole body may take to arrive before the answer is 408 (a slow client cannot hold a socket).
    body_timeout: float = field(default_factory=lambda: env_number("SIMULATOR_BODY_TIMEOUT", 30.0))
    # The model behind runs: "scripted" (the default, offline and deterministic), "openai-compatible" (any Chat
    # Completions endpoint: Ollama, vLLM, llama.cpp's server, OpenAI) or "local" (the embedded tiny model).
    model_backend: str = field(default_factory=lambda: os.environ.get("SIMULATOR_MODEL_BACKEND", "") or "scripted")
    model_base_url: str = field(default_factory=lambda: os.environ.get("SIMULATOR_MODEL_BASE_URL", ""))
    model_api_key: str = field(default_factory=lambda: os.environ.get("SIMULATOR_MODEL_API_KEY", ""))
    # Empty: the assistant's (or run's) `model` is asked for.
    model_name: str = field(default_factory=lambda: os.environ.get("SIMULATOR_MODEL_NAME", ""))
    # Seconds the backend may stay silent (before its first byte, or between two) before the run fails.
    model_timeout: float = field(default_factory=lambda: env_number("SIMULATOR_MODEL_TIMEOUT", 120.0))
    # The scripted model's rules (JSON); inside the package, so an installed simulator finds them.
    rules_dir: Path = Path(__file__).with_name("model") / "scripted" / "rules"
