"""The course's commands for learners and teachers: lab, service (start/stop), reset, classroom. Notebooks import helpers/, not this."""

from __future__ import annotations

import importlib.util
import sys

# `python -m course.lab` (or .service, .reset, ...) with a Python that lacks the course's packages, the system's
# say: one clear sentence instead of a traceback. course.binder needs nothing but the standard library.
_RUN = sys.orig_argv[sys.orig_argv.index("-m") + 1] if "-m" in sys.orig_argv[:-1] else ""
_MISSING = [name for name in ("dotenv", "uvicorn", "openai") if importlib.util.find_spec(name) is None] if _RUN.startswith("course.") else []
if _MISSING and _RUN not in ("course.binder", "course.labsettings"):
    from simulator.launch import WRONG_PYTHON

    sys.exit(WRONG_PYTHON.format(python=sys.executable, missing=f"No module named {_MISSING[0]!r}"))
