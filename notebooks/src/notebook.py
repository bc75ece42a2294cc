"""Build a lesson notebook from a list of ("md" | "code", source) cells, with the course's metadata."""

from __future__ import annotations

from pathlib import Path

import nbformat
from nbformat.v4 import new_code_cell, new_markdown_cell, new_notebook

NOTEBOOKS = Path(__file__).resolve().parents[1]

FIRST_CELL = """\
from helpers import check_backend, show_json
check_backend()   # loads .env, starts the simulator if nothing answers, prints one line naming the backend
from openai import OpenAI
client = OpenAI()"""

FILTER = """\
import warnings
# The Assistants API was shut down on 2026-08-26 and the SDK marks each of its calls deprecated
# (lesson 00 explains). Only those warnings are silenced: any other DeprecationWarning still shows.
warnings.filterwarnings("ignore", message="deprecated|The Assistants API is deprecated", category=DeprecationWarning)
"""

CLEAN_UP = """\
## Clean up

What a lesson creates stays in the simulator's database, as it stayed on OpenAI's servers, and every run of this
notebook creates it again. Delete what you no longer need:"""


def write(name: str, cells: list[tuple[str, str]]) -> Path:
    notebook = new_notebook(
        cells=[new_markdown_cell(src.strip("\n")) if kind == "md" else new_code_cell(src.strip("\n")) for kind, src in cells],
        metadata={
            "kernelspec": {"display_name": "Python 3", "language": "python", "name": "python3"},
            "language_info": {"name": "python"},
        },
    )
    path = NOTEBOOKS / f"{name}.ipynb"
    nbformat.validate(notebook)
    nbformat.write(notebook, path)
    print(f"wrote {path.name}")
    return path
