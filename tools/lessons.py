"""Lesson sources → notebooks: the cells lessons share, the writer, and the drift check.

Each lesson has one source, `notebooks/src/NN_topic.py`, defining `CELLS`; it writes
`notebooks/NN_topic.ipynb` (and `notebooks/<language>/NN_topic.ipynb` for every other language
its prose is written in). A cell is `("md", text)`, `("code", source)` or `("code", source, {"tags": [...], "hidden": True})`
(hidden: JupyterLab shows the cell's code collapsed, as it does for every cell tagged `solution`);
markdown text may be a dict keyed by language ({"en": ..., "zh-CN": ...}). So may code, for its comments and
printed labels only: `same_code` checks that the variants differ in nothing else (their syntax trees, without
comments and with the string constants inside `print(...)` blanked, are equal), and a lesson whose variants
differ in code does not write.

    python -m tools.lessons              # write every notebook whose cells changed (outputs kept where a cell is unchanged)
    python -m tools.lessons --check      # exit 1 and name each notebook that differs from its source
    python -m tools.lessons 04_runs      # only these lessons

`make lessons` writes and then re-executes what changed, so the stored outputs come from a real run.
"""

from __future__ import annotations

import argparse
import ast
import runpy
import sys
from dataclasses import dataclass
from difflib import SequenceMatcher
from pathlib import Path

import nbformat
from nbformat.v4 import new_code_cell, new_markdown_cell, new_notebook

ROOT = Path(__file__).resolve().parents[1]
NOTEBOOKS = ROOT / "notebooks"
SOURCES = NOTEBOOKS / "src"
DEFAULT_LANGUAGE = "en"
LANGUAGE_NAMES = {"en": "English", "zh-CN": "简体中文"}

FIRST_CELL = {
    "en": """\
from helpers import check_backend, show_json
check_backend()   # loads .env, starts the simulator if nothing answers, prints one line naming the backend
from openai import OpenAI
client = OpenAI()""",
    "zh-CN": """\
from helpers import check_backend, show_json
check_backend()   # 读取 .env；若该地址上没有服务就启动模拟器；打印一行，说明后端是谁
from openai import OpenAI
client = OpenAI()""",
}

FILTER = {
    "en": """\
import warnings
# The Assistants API was shut down on 2026-08-26 and the SDK marks each of its calls deprecated
# (lesson 00 explains). Only those warnings are silenced: any other DeprecationWarning still shows.
warnings.filterwarnings("ignore", message="deprecated|The Assistants API is deprecated", category=DeprecationWarning)
""",
    "zh-CN": """\
import warnings
# Assistants API 已于 2026-08-26 下线，SDK 把它的每个调用都标记为已弃用（见第 00 课）。
# 这里只屏蔽这类警告：其他的 DeprecationWarning 照常显示。
warnings.filterwarnings("ignore", message="deprecated|The Assistants API is deprecated", category=DeprecationWarning)
""",
}


def in_language(text, language: str) -> str:
    """A cell's text in one language: the text itself, or its `language` entry (English when there is none)."""
    return text.get(language, text[DEFAULT_LANGUAGE]) if isinstance(text, dict) else text


def join(*parts, separator: str = "\n"):
    """Pieces of one cell joined, language by language when any piece is keyed by language (FILTER and FIRST_CELL, say)."""
    keyed = [part for part in parts if isinstance(part, dict)]
    if not keyed:
        return separator.join(parts)
    languages = dict.fromkeys(language for part in keyed for language in part)
    return {language: separator.join(in_language(part, language) for part in parts) for language in languages}


def _code_shape(source: str) -> str:
    """The code without what may differ between languages: comments (gone once parsed) and the strings a print shows."""
    tree = ast.parse(source)
    for call in ast.walk(tree):
        if isinstance(call, ast.Call) and isinstance(call.func, ast.Name) and call.func.id == "print":
            for node in ast.walk(call):
                if isinstance(node, ast.Constant) and isinstance(node.value, str):
                    node.value = ""
    return ast.dump(tree, annotate_fields=False)


def same_code(variants: dict) -> bool:
    """Whether a code cell's language variants differ only in comments and in the labels they print."""
    shapes = {_code_shape(source) for source in variants.values()}
    return len(shapes) == 1


CLEAN_UP = """\
## Clean up

What a lesson creates stays in the simulator's database, as it stayed on OpenAI's servers, and every run of this
notebook creates it again. Delete what you no longer need:"""


# An exercise as every lesson lays it out: the task, the learner's cell (a stub), its check (which, run on the stub,
# says what is still missing), the solution folded away, then the solution run and checked (so the notebook runs
# top to bottom as it is).
SOLUTION = {
    "en": """
<details><summary>A solution (try it yourself first)</summary>

```python
{code}
```

</details>

The cell below (collapsed in JupyterLab: click it to expand) runs this solution and checks it, so the notebook
also runs top to bottom as it is. It replaces your answer: run it only to compare.
""",
    "zh-CN": """
<details><summary>参考答案（先自己试一试）</summary>

```python
{code}
```

</details>

下面的单元格（在 JupyterLab 里是折叠的，点击即可展开）会运行这份参考答案并检查它，这样整个 notebook 原样也能从头跑到尾。它会覆盖你的答案：想对照时再运行。
""",
}


STUB_FIRST_LINE = {"en": "# your code here · 在这里写你的代码", "zh-CN": "# 在这里写你的代码"}


HINT = {"en": "Hint {n}", "zh-CN": "提示 {n}"}


def hints_block(hints: list, language: str) -> str:
    """Graded hints, each folded: the first a nudge, the last a strong pointer, none the answer."""
    return "".join(
        f"\n<details><summary>{HINT[language].format(n=n)}</summary>\n\n{in_language(hint, language).strip()}\n\n</details>\n"
        for n, hint in enumerate(hints, 1)
    )


def quiz_cells(lesson: str) -> list:
    """A lesson's graded quiz: the "Check yourself" heading and how to answer, then the (hidden) cell that shows it."""
    return [
        (
            "md",
            {
                "en": """
## Check yourself

Pick an option and press **Check**: the quiz says whether it is right, and why each other option is not. (Where the
buttons do not show, answer in code, as the text under the quiz says.)
""",
                "zh-CN": """
## 自测题

选一个选项，再点**检查**：测验会告诉你对不对，以及其他选项为什么不对。（如果按钮显示不出来，就按测验下方文字的说明，用代码作答。）
""",
            },
        ),
        ("code", f'from helpers.quiz import quiz\n\nquiz("{lesson}")', {"hidden": True}),
    ]


def exercise(task: dict, stub: str | dict, check: str, solution: str | dict, hints: list | None = None) -> list:
    """An exercise's cells: the task, the learner's cell, its check, graded hints and the solution folded away, then the solution run and checked.

    The stub and the solution may be keyed by language, as code cells may (comments and printed labels). `hints`
    (each a text or a dict keyed by language) go before the solution, from a nudge to a strong pointer.
    A solution must make everything its check needs (the lesson's clean-up deletes the lesson's objects), so
    that it can run again after Run All."""
    call = check.strip("\n").splitlines()[-1]
    languages = list(SOLUTION)
    stubs = {language: STUB_FIRST_LINE[language] + "\n" + in_language(stub, language).strip("\n") for language in languages}
    solutions = {language: in_language(solution, language).strip("\n") for language in languages}
    return [
        ("md", task),
        ("code", stubs),
        ("code", check),
        ("md", {language: hints_block(hints or [], language) + text.replace("{code}", solutions[language]) for language, text in SOLUTION.items()}),
        ("code", {language: solutions[language] + "\n" + call for language in languages}, {"tags": ["solution"]}),
    ]


@dataclass
class Lesson:
    name: str  # "04_runs": the notebook's file name without .ipynb
    cells: list

    @classmethod
    def load(cls, path: Path) -> Lesson:
        return cls(path.stem, runpy.run_path(str(path))["CELLS"])

    @property
    def languages(self) -> list[str]:
        found = {DEFAULT_LANGUAGE}
        for cell in self.cells:
            if isinstance(cell[1], dict):
                found |= set(cell[1])
        return sorted(found, key=lambda language: (language != DEFAULT_LANGUAGE, language))

    def path(self, language: str) -> Path:
        folder = NOTEBOOKS if language == DEFAULT_LANGUAGE else NOTEBOOKS / language
        return folder / f"{self.name}.ipynb"

    def notebook(self, language: str) -> nbformat.NotebookNode:
        cells = []
        for cell in self.cells:
            kind, source, options = cell[0], cell[1], (cell[2] if len(cell) > 2 else {})
            if kind == "code" and isinstance(source, dict) and not same_code(source):
                raise ValueError(f"{self.name}: the language variants of a code cell differ in more than comments and printed labels:\n{source[DEFAULT_LANGUAGE]}")
            source = in_language(source, language)
            source = source.strip("\n")
            if language != DEFAULT_LANGUAGE:
                source = relocate(source)
            new = new_markdown_cell(source) if kind == "md" else new_code_cell(source)
            if options.get("tags"):
                new.metadata["tags"] = list(options["tags"])
            if options.get("hidden") or "solution" in options.get("tags", ()):  # JupyterLab shows it collapsed
                new.metadata["jupyter"] = {"source_hidden": True}
            cells.append(new)
        others = [other for other in self.languages if other != language]
        if others and cells and cells[0].cell_type == "markdown":
            cells[0].source = " · ".join(f"[{LANGUAGE_NAMES.get(o, o)}]({link(language, o, self.name)})" for o in others) + "\n\n" + cells[0].source
        notebook = new_notebook(
            cells=cells,
            metadata={
                "kernelspec": {"display_name": "Python 3", "language": "python", "name": "python3"},
                "language_info": {"name": "python"},
            },
        )
        nbformat.validate(notebook)
        return notebook


def relocate(source: str) -> str:
    """Paths relative to notebooks/, as seen from notebooks/<language>/ one level deeper."""
    return source.replace("../data/", "../../data/").replace("](images/", "](../images/")


def link(language: str, other: str, name: str) -> str:
    if language == DEFAULT_LANGUAGE:
        return f"{other}/{name}.ipynb"
    return f"../{name}.ipynb" if other == DEFAULT_LANGUAGE else f"../{other}/{name}.ipynb"


def shape(notebook) -> list[tuple]:
    """What a source decides of a notebook: each cell's type, text and tags (not outputs or ids)."""
    return [(cell.cell_type, cell.source, tuple(cell.metadata.get("tags", [])), cell.metadata.get("jupyter", {}).get("source_hidden", False)) for cell in notebook.cells]


def lessons(names: list[str] | None = None) -> list[Lesson]:
    paths = sorted(SOURCES.glob("[0-9][0-9]_*.py"))
    if names:
        paths = [p for p in paths if p.stem in names]
    return [Lesson.load(path) for path in paths]


def drift(lesson: Lesson) -> list[Path]:
    """The notebooks of a lesson whose cells differ from what its source writes (or that are missing)."""
    differing = []
    for language in lesson.languages:
        path = lesson.path(language)
        if not path.exists() or shape(nbformat.read(path, as_version=4)) != shape(lesson.notebook(language)):
            differing.append(path)
    return differing


def write(lesson: Lesson, language: str) -> Path:
    """Write one notebook, keeping cell ids, and the stored outputs of code cells that did not change.

    A code cell whose text changed only a little (a comment, say) keeps the outputs of the cell at its
    place; `make lessons` re-runs the notebook anyway, and nbval checks that those outputs still hold.
    """
    path = lesson.path(language)
    notebook = lesson.notebook(language)
    if path.exists():
        old = nbformat.read(path, as_version=4)
        notebook.metadata = old.metadata  # the kernel's language_info from the last run, say
        old_cells = old.cells
        same_layout = [c.cell_type for c in old_cells] == [c.cell_type for c in notebook.cells]
        by_source = {cell.source: cell for cell in old_cells if cell.cell_type == "code"}
        for index, cell in enumerate(notebook.cells):
            at_place = old_cells[index] if same_layout else None
            if at_place is not None:
                cell.id = at_place.id
            if cell.cell_type != "code":
                continue
            kept = by_source.get(cell.source)
            if kept is None and at_place is not None and SequenceMatcher(None, at_place.source, cell.source).ratio() > 0.9:
                kept = at_place
            if kept is not None:
                cell.outputs, cell.execution_count = kept.outputs, kept.execution_count
    path.parent.mkdir(parents=True, exist_ok=True)
    nbformat.write(notebook, path)
    return path


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m tools.lessons", description=__doc__.splitlines()[0])
    parser.add_argument("names", nargs="*", help="lessons to write, e.g. 04_runs (default: all)")
    parser.add_argument("--check", action="store_true", help="only report notebooks that differ from their sources")
    parser.add_argument("--execute", action="store_true", help="re-run each written notebook so its outputs are fresh")
    args = parser.parse_args(argv)
    changed = [path for lesson in lessons(args.names) for path in drift(lesson)]
    if args.check:
        for path in changed:
            print(f"{path.relative_to(ROOT)} differs from its source in notebooks/src/ (run: make lessons)")
        return 1 if changed else 0
    for lesson in lessons(args.names):
        for language in lesson.languages:
            if lesson.path(language) in changed:
                print(f"wrote {write(lesson, language).relative_to(ROOT)}")
    if args.execute and changed:
        from tools.execute_notebooks import execute

        execute(changed)
    if not changed:
        print("every notebook matches its source")
    return 0


if __name__ == "__main__":
    sys.exit(main())
