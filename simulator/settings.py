"""Every setting of a simulator process, declared once: its flag, its SIMULATOR_* variable, type, default and help.

`SETTINGS` is the one table. `Settings` (the object the app, engine and sandbox read) is built from it,
and so are `python -m simulator`'s flags (`add_arguments`), the README's table and `.env.example`'s block
(tools/settings_docs.py); tests/simulator/test_settings_documented.py holds all of them to it.
A value comes from the declared default, then the variable, then the flag, then a keyword argument.
"""

from __future__ import annotations

import argparse
import dataclasses
import os
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

DEFAULT_DB = Path(".simulator") / "simulator.db"
RULES_DIR = Path(__file__).with_name("model") / "scripted" / "rules"  # inside the package: an installed simulator finds them


@dataclass(frozen=True)
class Setting:
    """One setting: the attribute of Settings, its flag, its variable, its type, its default and what it does."""

    name: str
    flag: str | None  # None: nothing with a command line reads it (playground_db)
    variable: str | None  # None: a flag only (where to listen: the course's commands always pass these)
    type: type  # bool, int, float, str or Path
    default: object  # None: worked out where it is used, as the help says
    help: str
    choices: tuple[str, ...] = ()

    def from_text(self, text: str) -> object:
        """The value a variable's text stands for; the default when it is empty or not a number."""
        text = text.strip()
        if not text:
            return self.default
        if self.type is bool:
            return text.lower() not in ("0", "false", "no", "off")
        if self.type in (int, float):
            try:
                number = float(text)
            except ValueError:
                return self.default
            return int(number) if self.type is int else number
        if self.choices:
            return text.lower()  # an unknown choice is left for its reader to refuse (model) or replace (sandbox)
        return self.type(text)

    def from_environment(self, environ: Mapping[str, str] | None = None) -> object:
        environ = os.environ if environ is None else environ
        if self.variable is None or self.variable not in environ:
            return self.default
        return self.from_text(environ[self.variable])

    def shown_default(self) -> str:
        """The default as a variable would spell it: 1/0 for switches, empty for "worked out" and "none"."""
        if self.default is None:
            return ""
        if self.type is bool:
            return "1" if self.default else "0"
        if self.type is float:
            return format(self.default, "g")
        return str(self.default)


SETTINGS: tuple[Setting, ...] = (
    # Where to listen and what to keep: the course's commands (make lab, make serve, the helpers) pass these flags.
    Setting("host", "--host", None, str, "127.0.0.1", "address to listen on"),
    Setting("port", "--port", None, int, 8765, "port to listen on"),
    Setting("db", "--db", None, Path, DEFAULT_DB, "SQLite database; state survives restarts"),
    Setting("log_level", "--log-level", None, str, "info", "how much the server logs", ("debug", "info", "warning", "error")),
    # Pacing, so a class can watch a run sit in queued, then in_progress, then type. Off by default.
    Setting("queued_delay", "--queued-delay", "SIMULATOR_QUEUED_DELAY", float, 0.0, "seconds a run stays queued"),
    Setting("in_progress_delay", "--in-progress-delay", "SIMULATOR_IN_PROGRESS_DELAY", float, 0.0, "seconds a run thinks before it answers"),
    Setting("token_delay", "--token-delay", "SIMULATOR_TOKEN_DELAY", float, 0.0, "seconds between streamed text chunks"),
    Setting(
        "in_progress_hold", "--in-progress-hold", "SIMULATOR_IN_PROGRESS_HOLD", float, 2.0,
        "at most this many seconds an in_progress run waits until a poll has seen it, so a hand-written polling loop sees every phase; 0: off",
    ),  # fmt: skip
    Setting("run_expiry_seconds", "--run-expiry", "SIMULATOR_RUN_EXPIRY_SECONDS", int, 600, "seconds before an unfinished run expires; the real API's was 600"),
    Setting("poll_after_ms", "--poll-after-ms", "SIMULATOR_POLL_AFTER_MS", int, 25, "milliseconds the SDK's pollers wait between polls, sent as openai-poll-after-ms"),
    Setting("isolate_keys", "--isolate-keys", "SIMULATOR_ISOLATE_KEYS", bool, False, "classroom mode: each API key sees only what it created"),
    # The HTTP edge.
    Setting("max_upload_bytes", "--max-upload-bytes", "SIMULATOR_MAX_UPLOAD_BYTES", int, 32 * 1024 * 1024, "largest file upload, in bytes; the real API took up to 512 MB"),
    Setting("body_timeout", "--body-timeout", "SIMULATOR_BODY_TIMEOUT", float, 30.0, "seconds a request's whole body may take to arrive before the answer is 408; 0: no limit"),
    Setting(
        "conformance_log", "--conformance-log", "SIMULATOR_CONFORMANCE_LOG", str, "",
        "a file where every response is checked against the OpenAPI spec and mismatches are logged (the tests set it); empty: off",
    ),  # fmt: skip
    # The model behind runs (README, "Use a real model").
    Setting(
        "model_backend", "--model-backend", "SIMULATOR_MODEL_BACKEND", str, "scripted",
        "the model behind runs: scripted (offline, deterministic), openai-compatible (any Chat Completions endpoint) or local (the embedded tiny model)",
        ("scripted", "openai-compatible", "local"),
    ),  # fmt: skip
    Setting("model_base_url", "--model-base-url", "SIMULATOR_MODEL_BASE_URL", str, "", "the Chat Completions endpoint for openai-compatible, e.g. http://localhost:11434/v1; empty: OpenAI's"),
    Setting("model_api_key", "--model-api-key", "SIMULATOR_MODEL_API_KEY", str, "", "the key the backend wants (Ollama wants none)"),
    Setting("model_name", "--model-name", "SIMULATOR_MODEL_NAME", str, "", "the model to ask for; empty: the assistant's (or run's) model"),
    Setting("model_timeout", "--model-timeout", "SIMULATOR_MODEL_TIMEOUT", float, 120.0, "seconds the backend may stay silent (before its first byte, or between two) before the run fails"),
    # The code interpreter's sandbox (simulator/sandbox/).
    Setting("code_timeout", "--code-timeout", "SIMULATOR_CODE_TIMEOUT", float, 30.0, "seconds a code cell may run"),
    Setting("code_memory_mb", "--code-memory-mb", "SIMULATOR_CODE_MEMORY_MB", int, 1024, "memory a code session may use, in MB (all its processes, its files and shared memory where a cgroup can be written; else per process)"),
    Setting("code_max_output", "--code-max-output", "SIMULATOR_CODE_MAX_OUTPUT", int, 64 * 1024, "bytes of logs a code cell may print"),
    Setting("code_max_file_mb", "--code-max-file-mb", "SIMULATOR_CODE_MAX_FILE_MB", int, 64, "largest file a code cell may write, in MB"),
    Setting("code_concurrency", "--code-concurrency", "SIMULATOR_CODE_CONCURRENCY", int, None, "code cells running at once; empty: one per CPU"),
    Setting("code_slots_per_key", "--code-slots-per-key", "SIMULATOR_CODE_SLOTS_PER_KEY", int, None, "code cells one API key may run at once; empty: half of the concurrency, rounded up"),
    Setting("code_session_minutes", "--code-session-minutes", "SIMULATOR_CODE_SESSION_MINUTES", float, 60.0, "minutes a thread's code session lives without a call (a container's follows its expires_after)"),
    Setting("code_sessions", "--code-sessions", "SIMULATOR_CODE_SESSIONS", int, 64, "code sessions the server keeps at most (the least recently used idle one ends first)"),
    Setting("code_sessions_per_key", "--code-sessions-per-key", "SIMULATOR_CODE_SESSIONS_PER_KEY", int, 4, "code sessions one API key keeps at most"),
    Setting("code_min_free_mb", "--code-min-free-mb", "SIMULATOR_CODE_MIN_FREE_MB", int, 512, "below this much available memory, idle code sessions end, least recently used first, before a new one starts"),
    Setting("code_disk_mb", "--code-disk-mb", "SIMULATOR_CODE_DISK_MB", int, 512, "disk a code session may fill (/mnt/data, /tmp and home together, on a tmpfs of its own) where the box is available"),
    Setting("code_processes", "--code-processes", "SIMULATOR_CODE_PROCESSES", int, 64, "processes a code session may run at once"),
    Setting("code_max_figures", "--code-max-figures", "SIMULATOR_CODE_MAX_FIGURES", int, 20, "figures one code call may return"),
    Setting("code_max_figures_mb", "--code-max-figures-mb", "SIMULATOR_CODE_MAX_FIGURES_MB", int, 32, "bytes of figures one code call may return, in MB"),
    Setting(
        "sandbox_isolation", "--sandbox-isolation", "SIMULATOR_SANDBOX_ISOLATION", str, "auto",
        "auto: the strongest the machine has (a namespace box, else Landlock and seccomp); audit-hook: the weaker audit hook alone (README, \"Isolation levels\")",
        ("auto", "audit-hook"),
    ),  # fmt: skip
    # Read by the JupyterLab launcher tile (simulator/playground/proxy.py), which starts its simulator with --db this.
    Setting("playground_db", None, "SIMULATOR_PLAYGROUND_DB", Path, Path(".simulator") / "playground.db", "the database of the simulator the JupyterLab launcher tile starts (no flag: the tile passes it as that simulator's --db)"),
)

SETTING_NAMED = {setting.name: setting for setting in SETTINGS}


def _field(setting: Setting):
    return setting.name, setting.type | None if setting.default is None else setting.type, field(default_factory=setting.from_environment)


# Built from the table, so a new setting needs no second declaration. Fields default to the environment's value
# (or the declared default); keyword arguments win: Settings(db=..., queued_delay=0) as the tests write it.
Settings = dataclasses.make_dataclass(
    "Settings",
    [*(_field(setting) for setting in SETTINGS), ("rules_dir", Path, field(default=RULES_DIR))],
    namespace={"__doc__": "What a simulator process is told at start, one attribute per declared setting (plus the scripted model's rules_dir)."},
)
Settings.__module__ = __name__


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """One flag per declared setting that has one; a flag not given is None, so the environment's value stands."""
    for setting in SETTINGS:
        if setting.flag is None:
            continue
        shown = ("on" if setting.default else "off") if setting.type is bool else setting.shown_default() or "empty"
        said = f"default: {shown}" + (f"; or {setting.variable}" if setting.variable else "")
        options: dict = {"dest": setting.name, "default": None, "help": f"{setting.help} ({said})".replace("%", "%%")}
        if setting.type is bool:
            options["action"] = argparse.BooleanOptionalAction
        else:
            options["type"] = setting.type
            if setting.choices:
                options["choices"] = setting.choices
        parser.add_argument(setting.flag, **options)


def from_arguments(args: argparse.Namespace):
    """Settings from parsed flags: a flag given wins over its variable, which wins over the default."""
    given = {setting.name: getattr(args, setting.name) for setting in SETTINGS if setting.flag is not None and getattr(args, setting.name) is not None}
    return Settings(**given)


def environment(**values) -> dict[str, str]:
    """The variables that tell a simulator subprocess these settings, e.g. environment(queued_delay=0)."""
    variables = {}
    for name, value in values.items():
        setting = SETTING_NAMED[name]
        if setting.variable is None:
            raise ValueError(f"{name} has no variable; pass its flag {setting.flag}")
        variables[setting.variable] = ("1" if value else "0") if setting.type is bool else str(value)
    return variables


def variable(name: str) -> str:
    """The SIMULATOR_* variable of a declared setting (for messages, and for launch.py's subprocesses)."""
    declared = SETTING_NAMED[name].variable
    if declared is None:
        raise ValueError(f"{name} has no variable")
    return declared
