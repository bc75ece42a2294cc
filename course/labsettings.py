"""JupyterLab's defaults for the course (no "get notified about official Jupyter news?" toast), where JupyterLab reads them.

    python -m course.labsettings     # make install and the Binder `start` script run it; `python -m course.lab` too, in the course's own environment

JupyterLab reads `{sys.prefix}/share/jupyter/lab/settings/overrides.d/*.json` as the defaults of every
JupyterLab in that environment (a learner's own settings still win). An editable install does not copy
data files there, so the course writes its one file itself: idempotent, and silent when it cannot.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SOURCE = Path(__file__).resolve().parent / "lab-settings.json"
NAME = "assistants-course.json"


def target(prefix: str | Path | None = None) -> Path:
    return Path(prefix or sys.prefix) / "share" / "jupyter" / "lab" / "settings" / "overrides.d" / NAME


def install(prefix: str | Path | None = None) -> Path | None:
    """Write the course's JupyterLab defaults into the environment at `prefix`; its path, or None if it could not."""
    path = target(prefix)
    text = SOURCE.read_text(encoding="utf-8")
    try:
        if not path.exists() or path.read_text(encoding="utf-8") != text:
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(text, encoding="utf-8")
    except OSError:
        return None  # a read-only environment (a shared image): JupyterLab then asks about news, nothing worse
    return path


def course_environment(prefix: str | Path | None = None) -> bool:
    """Whether `prefix` is the course's own environment: its .venv, or the conda env environment.yml makes."""
    prefix = Path(prefix or sys.prefix).resolve()
    if prefix == (ROOT / ".venv").resolve():
        return True
    conda = os.environ.get("CONDA_PREFIX")
    return bool(conda) and Path(conda).resolve() == prefix and prefix.name == "assistants-course"


def install_for_course(prefix: str | Path | None = None) -> Path | None:
    """`install`, but only into the course's own environment: another one (a shared venv, the system's) is left as it is."""
    return install(prefix) if course_environment(prefix) else None


if __name__ == "__main__":
    raise SystemExit(0 if install() else 1)
