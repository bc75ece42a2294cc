"""python -m simulator --host 127.0.0.1 --port 8765 --db .simulator/simulator.db"""

from __future__ import annotations

import argparse
import logging
from pathlib import Path

from simulator.settings import DEFAULT_DB, Settings


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(
        prog="python -m simulator",
        description="Serve the offline, wire-compatible Assistants API simulator under /v1.",
    )
    parser.add_argument("--host", default="127.0.0.1", help="address to listen on (default: %(default)s)")
    parser.add_argument("--port", type=int, default=8765, help="port to listen on (default: %(default)s)")
    parser.add_argument("--db", type=Path, default=DEFAULT_DB, help="SQLite database; state survives restarts (default: %(default)s)")
    parser.add_argument("--queued-delay", type=float, help="seconds a run stays queued (default: 0, or SIMULATOR_QUEUED_DELAY)")
    parser.add_argument("--in-progress-delay", type=float, help="seconds a run thinks before it answers (default: 0)")
    parser.add_argument("--token-delay", type=float, help="seconds between streamed text chunks (default: 0)")
    parser.add_argument("--in-progress-hold", type=float, help="at most this many seconds an in_progress run waits for a poll to see it (default: 2; 0 = off)")
    parser.add_argument("--run-expiry", type=int, help="seconds before an unfinished run expires (default: 600)")
    parser.add_argument("--isolate-keys", action="store_true", help="classroom mode: each API key sees only what it created")
    parser.add_argument("--model-backend", choices=["scripted", "openai-compatible", "local"], help="the model behind runs (default: scripted, or SIMULATOR_MODEL_BACKEND)")
    parser.add_argument("--model-base-url", help="a Chat Completions endpoint for openai-compatible, e.g. http://localhost:11434/v1 (or SIMULATOR_MODEL_BASE_URL)")
    parser.add_argument("--model-api-key", help="the key the backend wants (or SIMULATOR_MODEL_API_KEY)")
    parser.add_argument("--model-name", help="the model to ask for; empty: the assistant's or run's model (or SIMULATOR_MODEL_NAME)")
    parser.add_argument("--model-timeout", type=float, help="seconds the backend may stay silent before the run fails (default: 120, or SIMULATOR_MODEL_TIMEOUT)")
    parser.add_argument("--log-level", default="info", choices=["debug", "info", "warning", "error"])
    args = parser.parse_args(argv)
    # SIMULATOR_* settings may live in the course's .env; variables already set win, as in the lessons.
    from dotenv import find_dotenv, load_dotenv

    load_dotenv(find_dotenv(usecwd=True), override=False)

    settings = Settings(db=args.db)
    for option, attribute in (("queued_delay", "queued_delay"), ("in_progress_delay", "in_progress_delay"), ("token_delay", "token_delay"), ("in_progress_hold", "in_progress_hold"), ("run_expiry", "run_expiry_seconds")):
        if getattr(args, option) is not None:
            setattr(settings, attribute, getattr(args, option))
    if args.isolate_keys:
        settings.isolate_keys = True
    for option in ("model_backend", "model_base_url", "model_api_key", "model_name", "model_timeout"):
        if getattr(args, option) is not None:
            setattr(settings, option, getattr(args, option))
    # A backend that cannot start here says so now, not at the first run.
    from simulator.model import ModelUnavailable, check_backend

    try:
        check_backend(settings)
    except ModelUnavailable as error:
        parser.exit(2, f"python -m simulator: {error}\n")

    import uvicorn

    from simulator.app import create_app

    logging.basicConfig(level=args.log_level.upper(), format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    uvicorn.run(create_app(settings), host=args.host, port=args.port, log_level=args.log_level, access_log=args.log_level == "debug")


if __name__ == "__main__":
    main()
