"""The README's settings table and .env.example's settings block, written from simulator/settings.py's SETTINGS.

    python -m tools.settings_docs            # rewrite both blocks from the table
    python -m tools.settings_docs --check    # exit 1 and name each file whose block differs

Each block sits between its file's BEGIN and END marker lines; text outside them is left alone.
tests/simulator/test_settings_documented.py fails while either block differs from what this writes.
"""

from __future__ import annotations

import argparse
import sys
import textwrap
from dataclasses import dataclass
from pathlib import Path

from simulator.settings import SETTINGS, Setting

ROOT = Path(__file__).resolve().parents[1]


@dataclass(frozen=True)
class Block:
    path: Path
    begin: str
    end: str


README = Block(
    ROOT / "README.md",
    "<!-- settings: written from simulator/settings.py by `python -m tools.settings_docs`; edit them there -->",
    "<!-- end of settings -->",
)
ENV_EXAMPLE = Block(
    ROOT / ".env.example",
    "# --- Simulator settings: written from simulator/settings.py by `python -m tools.settings_docs`; edit them there ---",
    "# --- end of the simulator settings ---",
)


def _cell(text: str) -> str:
    return text.replace("|", "\\|")


def _code(text: str | None) -> str:
    return f"`{text}`" if text else "—"


def readme_table() -> str:
    rows = ["| flag | variable | default | what it sets |", "| --- | --- | --- | --- |"]
    for setting in SETTINGS:
        default = _code(setting.shown_default()) if setting.shown_default() else "empty"
        rows.append(f"| {_code(setting.flag)} | {_code(setting.variable)} | {default} | {_cell(setting.help)} |")
    return "\n".join(rows) + "\n"


def _env_entry(setting: Setting) -> list[str]:
    said = setting.help + (f" ({setting.flag})" if setting.flag else "")
    wrapped = textwrap.wrap(said, 108, initial_indent="# ", subsequent_indent="#   ", break_on_hyphens=False, break_long_words=False)
    return [*wrapped, f"# {setting.variable}={setting.shown_default()}"]


def env_example_block() -> str:
    lines = [
        "# Read by `make lab` and `make serve` (the tests ignore them); variables already set in your shell win over",
        "# this file, and a flag of `python -m simulator` wins over both. Each line shows the default: uncomment to change.",
    ]
    for setting in SETTINGS:
        if setting.variable is not None:
            lines += _env_entry(setting)
    return "\n".join(lines) + "\n"


def rendered(block: Block) -> str:
    return readme_table() if block is README else env_example_block()


def between(text: str, block: Block) -> str:
    """What a file holds between the block's markers (ValueError when a marker is missing)."""
    head, found_begin, rest = text.partition(block.begin + "\n")
    body, found_end, _ = rest.partition(block.end)
    if not found_begin or not found_end:
        raise ValueError(f"{block.path.name} lacks the marker lines {block.begin!r} and {block.end!r}")
    return body


def rewritten(text: str, block: Block) -> str:
    body = between(text, block)
    return text.replace(block.begin + "\n" + body + block.end, block.begin + "\n" + rendered(block) + block.end, 1)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m tools.settings_docs", description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="change nothing; exit 1 if a block differs")
    args = parser.parse_args(argv)
    differs = []
    for block in (README, ENV_EXAMPLE):
        text = block.path.read_text(encoding="utf-8")
        new = rewritten(text, block)
        if new != text:
            differs.append(block.path.name)
            if not args.check:
                block.path.write_text(new, encoding="utf-8")
    if args.check and differs:
        print("differs from simulator/settings.py: " + ", ".join(differs) + " (run python -m tools.settings_docs)", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
