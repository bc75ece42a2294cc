"""Every setting is declared once, in simulator/settings.py, and shows up, with its flag and variable, wherever
people look for it: `python -m simulator --help`, .env.example and the README. No module outside settings.py
reads a SIMULATOR_* variable itself (a setting nobody can find does not exist)."""

from __future__ import annotations

import ast
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from simulator.settings import SETTINGS
from tools import settings_docs

ROOT = Path(__file__).resolve().parents[2]
VARIABLE = re.compile(r"\bSIMULATOR_[A-Z][A-Z_]*[A-Z]\b")
DECLARED = {setting.variable for setting in SETTINGS if setting.variable}
# The one variable without a flag: the JupyterLab launcher tile reads it, and it has no command line.
FLAGLESS = {"playground_db"}


def test_the_declarations_name_each_setting_flag_and_variable_once():
    for part in ("name", "flag", "variable"):
        values = [getattr(setting, part) for setting in SETTINGS if getattr(setting, part) is not None]
        assert len(values) == len(set(values)), f"a {part} is declared twice"
    assert all(variable.startswith("SIMULATOR_") for variable in DECLARED)
    assert {setting.name for setting in SETTINGS if setting.flag is None} == FLAGLESS, "every SIMULATOR_* variable gets a flag"
    for old_flag, name in {"--run-expiry": "run_expiry_seconds", "--isolate-keys": "isolate_keys", "--model-backend": "model_backend", "--db": "db", "--host": "host", "--port": "port", "--log-level": "log_level"}.items():
        assert any(setting.flag == old_flag and setting.name == name for setting in SETTINGS), f"{old_flag} must keep working"


# -- python -m simulator --help ------------------------------------------------------------------------


def help_entries() -> dict[str, str]:
    """Each option's entry in `python -m simulator --help`, keyed by its first flag."""
    env = {**os.environ, "COLUMNS": "100"}
    done = subprocess.run([sys.executable, "-m", "simulator", "--help"], cwd=ROOT, env=env, capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stderr
    options = done.stdout.split("\noptions:\n", 1)[1]
    entries = re.split(r"\n(?=  -)", options)
    return {entry.split()[0].rstrip(","): " ".join(entry.split()) for entry in entries}


def test_help_shows_every_flag_with_its_variable():
    entries = help_entries()
    for setting in SETTINGS:
        if setting.flag is None:
            continue
        assert setting.flag in entries, f"python -m simulator --help lacks {setting.flag}"
        if setting.variable:
            assert setting.variable in entries[setting.flag], f"--help's entry for {setting.flag} does not name {setting.variable}"


# -- .env.example ---------------------------------------------------------------------------------------


def env_example_entries(text: str) -> dict[str, tuple[str, str]]:
    """variable -> (its commented default, the comment lines above it), for each `# SIMULATOR_X=value` line."""
    entries, comments = {}, []
    for line in text.splitlines():
        assignment = re.fullmatch(r"#\s*(SIMULATOR_[A-Z_]+)=(.*)", line.strip())
        if assignment:
            entries[assignment[1]] = (assignment[2].strip(), " ".join(comments))
            comments = []
        elif line.startswith("#"):
            comments.append(line.lstrip("# "))
        else:
            comments = []
    return entries


def test_env_example_lists_every_variable_commented_with_its_default_and_flag():
    text = (ROOT / ".env.example").read_text(encoding="utf-8")
    entries = env_example_entries(text)
    for setting in SETTINGS:
        if setting.variable is None:
            continue
        assert setting.variable in entries, f"add a commented `# {setting.variable}=...` line to .env.example"
        default, said = entries[setting.variable]
        assert default == setting.shown_default(), f".env.example shows {setting.variable}={default}, the default is {setting.shown_default()!r}"
        if setting.flag:
            assert setting.flag in said, f".env.example's lines above {setting.variable} do not name its flag {setting.flag}"
    assert set(VARIABLE.findall(text)) <= DECLARED, ".env.example names a variable settings.py does not declare"


# -- README ---------------------------------------------------------------------------------------------


def readme_rows(text: str) -> list[list[str]]:
    """The cells of every table row in the README, backticks removed."""
    return [[cell.strip().strip("`") for cell in line.strip().strip("|").split("|")] for line in text.splitlines() if line.startswith("|")]


def test_readme_settings_table_has_every_setting_with_its_flag_and_variable():
    table = settings_docs.between((ROOT / "README.md").read_text(encoding="utf-8"), settings_docs.README)
    rows = readme_rows(table)
    for setting in SETTINGS:
        assert [setting.flag or "—", setting.variable or "—"] in [row[:2] for row in rows], f"the README's settings table lacks {setting.name}"


def test_every_flag_and_variable_paired_in_a_readme_table_is_paired_so_in_settings_py():
    declared = {setting.flag: setting.variable for setting in SETTINGS}
    rows = readme_rows((ROOT / "README.md").read_text(encoding="utf-8"))
    pairs = [(row[0], row[1]) for row in rows if len(row) > 1 and row[0].startswith("--") and VARIABLE.fullmatch(row[1])]
    assert len(pairs) >= len(DECLARED) - len(FLAGLESS), "the scan found too few rows: it is broken"
    for flag, variable in pairs:
        assert declared.get(flag) == variable, f"the README pairs {flag} with {variable}; settings.py does not"


def test_the_readme_table_and_env_example_block_are_as_written_from_settings_py():
    for block in (settings_docs.README, settings_docs.ENV_EXAMPLE):
        text = block.path.read_text(encoding="utf-8")
        assert settings_docs.between(text, block) == settings_docs.rendered(block), f"{block.path.name} is stale: run python -m tools.settings_docs"


# -- who reads the variables ----------------------------------------------------------------------------


def variables_in_code(path: Path) -> set[str]:
    """SIMULATOR_* names in a module's string literals (docstrings aside; comments are not in the tree)."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    docstrings = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Module | ast.ClassDef | ast.FunctionDef | ast.AsyncFunctionDef) and node.body:
            first = node.body[0]
            if isinstance(first, ast.Expr) and isinstance(first.value, ast.Constant):
                docstrings.add(id(first.value))
    found: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Constant) and isinstance(node.value, str) and id(node) not in docstrings:
            found |= set(VARIABLE.findall(node.value))
    return found


def test_no_module_but_settings_py_reads_a_simulator_variable():
    readers = {}
    for path in (ROOT / "simulator").rglob("*.py"):
        if path != ROOT / "simulator" / "settings.py" and (names := variables_in_code(path)):
            readers[str(path.relative_to(ROOT))] = sorted(names)
    assert readers == {}, "read these through Settings (declare them in simulator/settings.py's SETTINGS)"


def test_every_variable_the_simulator_and_helpers_mention_is_declared():
    mentioned: set[str] = set()
    for path in [*(ROOT / "simulator").rglob("*.py"), *(ROOT / "helpers").rglob("*.py")]:
        if path != ROOT / "simulator" / "settings.py":  # where they are declared: its mentions prove nothing
            mentioned |= set(VARIABLE.findall(path.read_text(encoding="utf-8")))
    assert mentioned, "the scan found no variables at all: it is broken"
    assert mentioned - DECLARED == set(), "declare these in simulator/settings.py, or stop mentioning them"


@pytest.mark.parametrize(
    ("source", "read"),
    [
        ('limit = os.environ.get("SIMULATOR_NOT_DECLARED", "1")\n', {"SIMULATOR_NOT_DECLARED"}),
        ('NAME = "SIMULATOR_HIDDEN"\nlimit = os.getenv(NAME)\n', {"SIMULATOR_HIDDEN"}),
        ('"""Reads SIMULATOR_IN_A_DOCSTRING: documentation, not a read."""\nimport os  # SIMULATOR_IN_A_COMMENT\n', set()),
        ('PREFIX = "SIMULATOR_"  # a prefix to strip from an environment, no one variable\n', set()),
    ],
)
def test_the_scan_tells_a_read_from_a_mention(tmp_path, source, read):
    module = tmp_path / "module.py"
    module.write_text(source, encoding="utf-8")
    assert variables_in_code(module) == read
