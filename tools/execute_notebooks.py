"""Run notebooks top to bottom against a fresh simulator and save them with their outputs.

    python -m tools.execute_notebooks notebooks/01_assistants.ipynb [more.ipynb ...]
    python -m tools.execute_notebooks --all

The simulator gets a throwaway database and a free port; stored outputs show the default address a
learner sees (127.0.0.1:8765), so nothing of this machine ends up in the committed notebooks.
"""

from __future__ import annotations

import argparse
import os
import re
import tempfile
from pathlib import Path

import nbformat
from nbclient import NotebookClient

from simulator.launch import SimulatorProcess

ROOT = Path(__file__).resolve().parents[1]  # the repository

LEARNER_ADDRESS = "127.0.0.1:8765"


def coalesce_streams(outputs: list) -> list:
    """Join consecutive pieces of the same stream, as a reader sees them (a streamed reply arrives in
    dozens of pieces; stored apart, GitHub would show each on a line of its own). nbval joins them too."""
    joined: list = []
    for output in outputs:
        if joined and output.get("output_type") == "stream" and joined[-1].get("output_type") == "stream" and joined[-1]["name"] == output["name"]:
            joined[-1]["text"] += output["text"]
        else:
            joined.append(output)
    return joined


def execute(paths: list[Path], timeout: int = 180) -> None:
    with tempfile.TemporaryDirectory(prefix="notebooks-") as tmp, SimulatorProcess(Path(tmp) / "notebooks.db") as simulator:
        os.environ.update(OPENAI_BASE_URL=simulator.base_url, OPENAI_API_KEY="sk-offline")
        address = re.compile(rf"(127\.0\.0\.1|localhost):{simulator.port}\b")
        for path in paths:
            notebook = nbformat.read(path, as_version=4)
            NotebookClient(notebook, timeout=timeout, kernel_name="python3", store_widget_state=False, resources={"metadata": {"path": str(path.parent)}}).execute()  # quizzes: no widget state to diff
            for cell in notebook.cells:
                cell.metadata.pop("execution", None)  # run timestamps: noise in every diff
                if "outputs" in cell:
                    cell["outputs"] = coalesce_streams(cell["outputs"])
                for output in cell.get("outputs", []):
                    if "text" in output:
                        output["text"] = address.sub(LEARNER_ADDRESS, output["text"])
                    for mime, value in output.get("data", {}).items():
                        if mime.startswith("text/") and isinstance(value, str):
                            output["data"][mime] = address.sub(LEARNER_ADDRESS, value)
            nbformat.write(notebook, path)
            print(f"executed {path.relative_to(ROOT)}")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("paths", nargs="*", type=Path)
    parser.add_argument("--all", action="store_true", help="every notebook in notebooks/ and its language folders, in order")
    args = parser.parse_args()
    notebooks = ROOT / "notebooks"
    every = sorted(notebooks.glob("[0-9][0-9]_*.ipynb")) + sorted(notebooks.glob("*/[0-9][0-9]_*.ipynb"))  # English, then each translation
    paths = every if args.all else [p.resolve() for p in args.paths]
    execute(paths)


if __name__ == "__main__":
    main()
