"""Every committed notebook is what its source in notebooks/src/ writes: an edit made in JupyterLab would be lost."""

from __future__ import annotations

import nbformat
import pytest

from tools import lessons

LESSONS = lessons.lessons()


def test_every_notebook_has_a_source_and_every_source_a_notebook():
    notebooks = {path.stem for path in lessons.NOTEBOOKS.glob("[0-9][0-9]_*.ipynb")}
    assert notebooks == {lesson.name for lesson in LESSONS}


@pytest.mark.parametrize("lesson", LESSONS, ids=[lesson.name for lesson in LESSONS])
def test_notebook_matches_its_source(lesson):
    assert lesson.languages[0] == "en"
    assert lessons.drift(lesson) == [], f"run `make lessons`: {lesson.name} differs from notebooks/src/{lesson.name}.py"


def test_drift_is_noticed(tmp_path, monkeypatch):
    """The check against a wrong answer: a notebook edited by hand differs from its source."""
    lesson = LESSONS[1]
    edited = nbformat.read(lesson.path("en"), as_version=4)
    code = next(cell for cell in edited.cells if cell.cell_type == "code")
    code.source += "\nprint('edited in JupyterLab')"
    monkeypatch.setattr(lessons, "NOTEBOOKS", tmp_path)
    nbformat.write(edited, lesson.path("en"))
    assert lesson.path("en") in lessons.drift(lesson)
    tag_only = nbformat.read(lesson.path("en"), as_version=4)
    code = next(cell for cell in tag_only.cells if cell.cell_type == "code")
    code.source = code.source.removesuffix("\nprint('edited in JupyterLab')")
    code.metadata["tags"] = ["nbval-skip"]
    nbformat.write(tag_only, lesson.path("en"))
    assert lesson.path("en") in lessons.drift(lesson), "a tag added by hand is drift too"


def test_missing_translation_falls_back_and_paths_are_relocated():
    lesson = lessons.Lesson("99_demo", [("md", {"en": "# Demo\n![x](images/a.png)", "zh-CN": "# 演示\n![x](images/a.png)"}), ("code", 'open("../data/sales.csv")'), ("md", "Only English"), ("code", "answer = 42", {"tags": ["solution"]})])
    assert lesson.languages == ["en", "zh-CN"]
    english, chinese = lesson.notebook("en"), lesson.notebook("zh-CN")
    assert english.cells[0].source.startswith("[简体中文](zh-CN/99_demo.ipynb)")
    assert chinese.cells[0].source.startswith("[English](../99_demo.ipynb)") and "](../images/a.png)" in chinese.cells[0].source
    assert chinese.cells[1].source == 'open("../../data/sales.csv")' and english.cells[1].source == 'open("../data/sales.csv")'
    assert chinese.cells[2].source == "Only English"
    assert english.cells[3].metadata["jupyter"] == {"source_hidden": True}, "a solution is shown collapsed"
    assert "jupyter" not in english.cells[1].metadata
