"""Run All, then the exercises: after a lesson ran top to bottom (its clean-up too), it has left on the server only what its
exercises keep, and every solution runs again in the same kernel and its check passes."""

from __future__ import annotations

import copy
import os

import nbformat
import pytest
from nbclient import NotebookClient
from openai import OpenAI

from tools.lessons import ROOT, lessons

# Every lesson whose exercises make what they need, or use what the clean-up leaves them (lesson 04's tutor, lesson 10's
# vector store): the clean-up deletes the rest of the lesson's objects. In both languages.
SAFE = ["00_introduction", "01_assistants", "02_threads", "03_messages", "04_runs", "05_streaming", "06_code_interpreter", "07_function_calling", "08_file_search", "09_responses", "10_capstone"]
CASES = [(lesson.name, language) for lesson in lessons(SAFE) for language in lesson.languages]
# An exercise of each kind (predict, modify, debug, build) in every lesson but the capstone, whose one exercise is a build.
EXERCISES = {"10_capstone": 1}
# The files, vector stores and containers a Run All may leave on the server (the objects that hold data): what the
# exercises keep for a later try, as the clean-up says, and what an exercise's starter made before its solution made
# its own. Everything else a lesson makes, its clean-up deletes: a store's files too, which outlive it.
LEFT = {
    "03_messages": {"file": 1},  # exercise 03.2: the starter's CSV (the clean-up deletes the solution's)
    "06_code_interpreter": {"file": 2, "vector_store": 1},  # exercise 06.4 uploads a CSV a call (starter, solution); the starter's file_search attachment makes a thread store, which expires
    "08_file_search": {"file": 8, "vector_store": 1},  # exercise 08.1's my_store, which exercises 08.2 and 08.3 search
    "10_capstone": {"file": 8, "vector_store": 1},  # the store exercise 10.1 searches
}


def shown(cell) -> str:
    """What a cell showed: its streams and the text of its results."""
    parts = []
    for output in cell.get("outputs", []):
        if output.get("output_type") == "stream":
            parts.append(output["text"])
        elif output.get("output_type") in ("execute_result", "display_data"):
            parts.append(output["data"].get("text/plain", ""))
        elif output.get("output_type") == "error":
            parts.append("\n".join(output.get("traceback", [])))
    return "\n".join(parts)


def held(client) -> dict[str, set[str]]:
    """The ids of what holds data on the server: files, vector stores, containers."""
    return {
        "file": {f.id for f in client.files.list()},
        "vector_store": {v.id for v in client.vector_stores.list(limit=100)},
        "container": {c.id for c in client.containers.list(limit=100)},
    }


def working_folder(tmp_path, notebook):
    """Where the kernel runs: a folder of the test's own at the notebook's depth, beside a link to the repository's data.

    The lessons' ../data paths resolve as in notebooks/, and what a lesson writes beside itself (lesson 02's
    saved_thread.json, lesson 10's session maps, which its solution writes again after the clean-up removed them)
    stays here. Left in notebooks/, such a file would hand the lesson's next run there the ids of a simulator that is
    gone (lesson 10's solution would then ask a conversation that no longer exists); and nbval may be running the same
    lesson in notebooks/ meanwhile, in the other worker, against another simulator."""
    (tmp_path / "data").symlink_to(ROOT / "data", target_is_directory=True)
    folder = tmp_path / notebook.parent.relative_to(ROOT)
    folder.mkdir(parents=True)
    return folder


@pytest.mark.parametrize(("name", "language"), CASES, ids=[f"{name}-{language}" for name, language in CASES])
def test_after_run_all_every_solution_runs_again_and_passes(tmp_simulator, monkeypatch, tmp_path, name, language):
    (lesson,) = lessons([name])
    path = lesson.path(language)
    notebook = nbformat.read(path, as_version=4)
    solutions = [index for index, cell in enumerate(notebook.cells) if "solution" in cell.metadata.get("tags", [])]
    assert len(solutions) >= EXERCISES.get(name, 4), f"{name}: an exercise of each kind (predict, modify, debug, build)"
    runner = NotebookClient(notebook, timeout=120, kernel_name="python3", resources={"metadata": {"path": str(working_folder(tmp_path, path))}})
    failures = []
    own = tmp_simulator()  # the lesson's alone: what is on it after Run All, the lesson left there
    monkeypatch.setenv("OPENAI_BASE_URL", own.base_url)  # for the kernel, which takes this environment when it starts
    client = OpenAI(base_url=own.base_url, api_key=os.environ["OPENAI_API_KEY"], max_retries=0)
    with runner.setup_kernel():
        for index, cell in enumerate(notebook.cells):
            runner.execute_cell(cell, index)  # Run All: an error here fails the test with the cell's traceback
        left = {kind: len(ids) for kind, ids in held(client).items() if ids}
        if left != LEFT.get(name, {}):
            failures.append(f"after Run All (its clean-up too), {name} leaves {left or 'nothing'} on the server, not {LEFT.get(name) or 'nothing'}")
        for index in solutions:
            again = copy.deepcopy(notebook.cells[index])
            try:
                runner.execute_cell(again, index)
            except Exception as error:  # the cell raised: name it, and go on with the other solutions
                failures.append(f"cell {index} raised after Run All:\n" + str(error)[-2000:])  # the end: the error (the start repeats the cell)
                continue
            report = shown(again).strip().splitlines()
            last = [line for line in report if line.startswith(("✓", "✗"))]
            if not last or not last[0].startswith("✓"):
                failures.append(f"cell {index}'s check did not pass after Run All:\n{shown(again)[-1500:]}")
    assert not failures, "\n\n".join(failures)
