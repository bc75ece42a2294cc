"""Teaching a class on one shared simulator: per-learner keys, and who has passed which exercise check.

    python -m course.classroom keys --learners 30 --base-url http://10.0.0.5:8765/v1   # writes classroom/keys.csv
    python -m course.classroom progress                                                  # a table: learners x exercises

The shared simulator runs in classroom mode (`python -m simulator --host 0.0.0.0 --isolate-keys`, or
`make classroom-serve`): each key sees only what it created. Each learner puts their two lines
(OPENAI_BASE_URL, OPENAI_API_KEY) in .env.

Progress: each exercise check that passes records itself on the simulator the learner's lessons use
(helpers/progress.py, the simulator's /course/progress), under the learner's own key and apart from every
API object, so no learner's list shows it. `progress` reads each learner's record with their key.
"""

from __future__ import annotations

import argparse
import csv
import secrets
import sys
from pathlib import Path

from course.service import DEFAULT_BASE_URL, ROOT
from helpers import progress
from helpers.progress import exercise_key

DEFAULT_KEYS = ROOT / "classroom" / "keys.csv"


def _base_url(client) -> str:
    return str(client.base_url)


def record_pass(client, report, exercise_id: str | None = None) -> bool:
    """Record that `report` (a helpers.checks.Report) passed, under the client's key; False if it did not pass
    (or the simulator could not take it). The checks do this themselves; this is for a lesson's own checks."""
    if not getattr(report, "passed", False):
        return False
    return progress.record_exercise(exercise_id or exercise_key(report.exercise), base_url=_base_url(client), api_key=client.api_key)


def passed_exercises(client) -> dict[str, int]:
    """{exercise key: when it first passed} for the client's key."""
    return progress.passed(base_url=_base_url(client), api_key=client.api_key)


def make_keys(learners: int, base_url: str, prefix: str = "sk-class") -> list[dict]:
    width = max(2, len(str(learners)))
    rows = []
    for n in range(1, learners + 1):
        key = f"{prefix}-{n:0{width}d}-{secrets.token_urlsafe(9)}"
        rows.append({"learner": f"learner-{n:0{width}d}", "api_key": key, "base_url": base_url, "env": f"OPENAI_BASE_URL={base_url} OPENAI_API_KEY={key}"})
    return rows


def read_keys(path: Path) -> list[dict]:
    with open(path, newline="", encoding="utf-8") as handle:
        return list(csv.DictReader(handle))


def progress_table(rows: list[dict], base_url: str | None = None) -> str:
    results: dict[str, dict[str, int] | None] = {}
    for row in rows:
        try:
            results[row["learner"]] = progress.passed(base_url=base_url or row["base_url"], api_key=row["api_key"])
        except Exception:  # one unreachable learner must not hide the others
            results[row["learner"]] = None
    exercises = sorted({key for passed in results.values() if passed for key in passed}, key=progress.exercise_order)
    name_width = max([len("learner"), *(len(name) for name in results)])
    header = "learner".ljust(name_width) + "  " + "  ".join(exercises) + ("  passed" if exercises else "  (no exercise passed yet)")
    lines = [header, "-" * len(header)]
    for name, passed in results.items():
        if passed is None:
            lines.append(name.ljust(name_width) + "  (could not reach the simulator with this key)")
            continue
        cells = ["✓".center(len(e)) if e in passed else "·".center(len(e)) for e in exercises]
        lines.append(name.ljust(name_width) + "  " + "  ".join(cells) + f"  {len(passed)}/{len(exercises)}")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m course.classroom", description="Keys for a class on one shared simulator, and its progress.")
    commands = parser.add_subparsers(dest="command", required=True)
    keys = commands.add_parser("keys", help="write one API key per learner to a CSV file")
    keys.add_argument("--learners", type=int, required=True)
    keys.add_argument("--base-url", default=DEFAULT_BASE_URL, help="the address learners reach the shared simulator at (use the teacher's machine's LAN address)")
    keys.add_argument("--out", type=Path, default=DEFAULT_KEYS)
    keys.add_argument("--prefix", default="sk-class")
    keys.add_argument("--force", action="store_true", help="overwrite an existing file (keys already handed out stop matching)")
    progress = commands.add_parser("progress", help="print who has passed which exercise check")
    progress.add_argument("--keys", type=Path, default=DEFAULT_KEYS)
    progress.add_argument("--base-url", help="override the address in the CSV file")
    args = parser.parse_args(argv)

    if args.command == "keys":
        if args.learners < 1:
            parser.error("--learners must be at least 1")
        if args.out.exists() and not args.force:
            print(f"{args.out} exists: its keys may be handed out already. Use --force to replace them, or --out for another file.", file=sys.stderr)
            return 1
        rows = make_keys(args.learners, args.base_url, args.prefix)
        args.out.parent.mkdir(parents=True, exist_ok=True)
        if args.out.parent == DEFAULT_KEYS.parent and not (args.out.parent / ".gitignore").exists():
            (args.out.parent / ".gitignore").write_text("# learners' keys: never committed\n*\n")
        with open(args.out, "w", newline="", encoding="utf-8") as handle:
            writer = csv.DictWriter(handle, fieldnames=list(rows[0]))
            writer.writeheader()
            writer.writerows(rows)
        for row in rows:
            print(f"{row['learner']}: {row['api_key']}")
        print(f"\n{len(rows)} keys written to {args.out}. Each learner puts two lines in .env:")
        print(f"  OPENAI_BASE_URL={args.base_url}\n  OPENAI_API_KEY=<their key>")
        print("Serve the class with: python -m simulator --host 0.0.0.0 --port 8765 --isolate-keys   (or: make classroom-serve)")
        return 0

    if not args.keys.exists():
        print(f"No keys file at {args.keys}: make one with `python -m course.classroom keys --learners N`.", file=sys.stderr)
        return 1
    print(progress_table(read_keys(args.keys), args.base_url))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
