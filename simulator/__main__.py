"""python -m simulator --host 127.0.0.1 --port 8765 --db .simulator/simulator.db: the command line, its flags from simulator/settings.py."""

from __future__ import annotations

import argparse
import logging

from simulator.settings import add_arguments, from_arguments


def parser() -> argparse.ArgumentParser:
    built = argparse.ArgumentParser(
        prog="python -m simulator",
        description="Serve the offline, wire-compatible Assistants API simulator under /v1. "
        "A flag given wins over its SIMULATOR_* variable (also read from the course's .env), which wins over the default.",
    )
    add_arguments(built)
    return built


def main(argv: list[str] | None = None) -> None:
    command_line = parser()
    args = command_line.parse_args(argv)
    import importlib.util
    import sys

    missing = [name for name in ("dotenv", "uvicorn", "starlette") if importlib.util.find_spec(name) is None]
    if missing:  # the system's Python, say, instead of the course's .venv: say so, not a traceback
        from simulator.launch import WRONG_PYTHON

        command_line.exit(2, WRONG_PYTHON.format(python=sys.executable, missing=f"No module named {missing[0]!r}") + "\n")
    # SIMULATOR_* settings may live in the course's .env; variables already set win, as in the lessons.
    from dotenv import find_dotenv, load_dotenv

    load_dotenv(find_dotenv(usecwd=True), override=False)

    settings = from_arguments(args)
    # A backend that cannot start here says so now, not at the first run.
    from simulator.model import ModelUnavailable, check_backend

    try:
        check_backend(settings)
    except ModelUnavailable as error:
        command_line.exit(2, f"python -m simulator: {error}\n")

    import uvicorn

    from simulator.app import create_app

    logging.basicConfig(level=settings.log_level.upper(), format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    uvicorn.run(create_app(settings), host=settings.host, port=settings.port, log_level=settings.log_level, access_log=settings.log_level == "debug")


if __name__ == "__main__":
    main()
