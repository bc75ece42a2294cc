"""Which exercise checks a learner has passed: recorded on the simulator as each check passes, shown back to the learner.

    from course.progress import my_progress
    my_progress()          # in a notebook: the lessons' exercises, ✓ for each one passed

When a check's Report passes, `helpers.checks` calls `record(report)`: it posts the exercise's number
("01.1", the same whichever language the check spoke) to the simulator's /course/progress, under the
learner's own key (OPENAI_BASE_URL and OPENAI_API_KEY, from the environment or .env). That record is no
API object: `client.beta.assistants.list()`, the Playground and every other list never show it. In
classroom mode (`--isolate-keys`) each key has its own, which `make classroom-progress` reads for the
teacher (course/classroom.py). Recording never gets in a check's way: it is skipped when the endpoint is
not the course's simulator, and any failure is silent.
"""

from __future__ import annotations

import json
import os
import re
import urllib.error
import urllib.request
from dataclasses import dataclass

from course.service import DEFAULT_BASE_URL
from simulator.launch import is_simulator, probe, root_url

ENDPOINT = "/course/progress"
TIMEOUT = 2.0
_simulators: dict[str, bool] = {}  # root url -> whether the course's simulator answers there (asked once)
_recorded: set[tuple[str, str, str]] = set()  # (root url, key, exercise) already recorded by this process


def exercise_key(exercise: str) -> str:
    """A short, language-independent key for an exercise: its number ("01.2") when it has one."""
    found = re.search(r"\d+\.\d+", exercise)
    return found.group(0) if found else exercise.strip()[:64]


def endpoint(base_url: str | None = None, api_key: str | None = None) -> tuple[str, str]:
    """(the simulator's root url, the key) a lesson's client uses: arguments, else the environment, else .env."""
    base_url = base_url or os.environ.get("OPENAI_BASE_URL")
    api_key = api_key or os.environ.get("OPENAI_API_KEY")
    if not base_url or not api_key:
        from dotenv import dotenv_values, find_dotenv

        dotenv = dotenv_values(find_dotenv(usecwd=True))
        base_url = base_url or dotenv.get("OPENAI_BASE_URL") or DEFAULT_BASE_URL
        api_key = api_key or dotenv.get("OPENAI_API_KEY") or ""
    return root_url(str(base_url)), api_key


def _is_simulator(root: str) -> bool:
    if root not in _simulators:
        _simulators[root] = is_simulator(probe(root, timeout=TIMEOUT))
    return _simulators[root]


def _call(root: str, api_key: str, body: dict | None = None) -> dict:
    data = None if body is None else json.dumps(body).encode()
    request = urllib.request.Request(root + ENDPOINT, data=data, method="GET" if body is None else "POST")
    request.add_header("authorization", f"Bearer {api_key}")
    if data is not None:
        request.add_header("content-type", "application/json")
    with urllib.request.urlopen(request, timeout=TIMEOUT) as response:
        return json.loads(response.read())


def record_exercise(exercise: str, *, base_url: str | None = None, api_key: str | None = None) -> bool:
    """Record that `exercise` ("01.1") passed, under the key; True once the simulator has it. Never raises."""
    try:
        root, key = endpoint(base_url, api_key)
        if not key or not _is_simulator(root):
            return False
        if (root, key, exercise) in _recorded:
            return True
        _call(root, key, {"exercise": exercise})
        _recorded.add((root, key, exercise))
        return True
    except (OSError, ValueError):  # no simulator, a timeout, an answer that is not JSON: the check goes on
        return False


def record(report) -> bool:
    """The hook helpers.checks calls with a Report it shows: a passing one is recorded, once."""
    if not getattr(report, "passed", False):
        return False
    return record_exercise(getattr(report, "number", "") or exercise_key(report.exercise))


def passed(*, base_url: str | None = None, api_key: str | None = None) -> dict[str, int]:
    """{exercise: when it first passed (Unix time)} for the key; raises when the simulator cannot be asked."""
    root, key = endpoint(base_url, api_key)
    return dict(_call(root, key)["exercises"])


def all_exercises() -> list[str]:
    """Every exercise a check in helpers.checks checks ("01.1", ...), read from the checks' docstrings."""
    import importlib
    import pkgutil

    import helpers.checks as checks

    found: set[str] = set()
    for module in pkgutil.iter_modules(checks.__path__):
        try:
            loaded = importlib.import_module(f"helpers.checks.{module.name}")
        except Exception:  # a module that does not import here shows no exercises, and hides none of the others
            continue
        for name, function in vars(loaded).items():
            if name.startswith("check_") and callable(function):
                match = re.match(r"\s*Exercise (\d+\.\d+)", function.__doc__ or "")
                if match:
                    found.add(match.group(1))
    return sorted(found, key=_order)


def _order(exercise: str) -> tuple:
    return tuple(int(part) if part.isdigit() else 0 for part in exercise.split(".")) + (exercise,)


@dataclass
class Progress:
    """What my_progress() shows: each exercise, ✓ when passed."""

    exercises: list[str]
    done: dict[str, int]
    error: str | None = None

    def text(self) -> str:
        from helpers.checks import say

        if self.error:
            return say(f"Your progress could not be read: {self.error}", f"无法读取你的进度：{self.error}")
        lessons: dict[str, list[str]] = {}
        for exercise in self.exercises:
            lessons.setdefault(exercise.split(".")[0], []).append(exercise)
        lines = [say(f"Exercise checks passed: {len(self.done)} of {len(self.exercises)}", f"已通过的练习检查：{len(self.done)} / {len(self.exercises)}")]
        for lesson, exercises in lessons.items():
            cells = "  ".join(f"{e} {'✓' if e in self.done else '·'}" for e in exercises)
            lines.append(f"  {lesson}:  {cells}")
        return "\n".join(lines)

    __str__ = text
    __repr__ = text

    def _repr_pretty_(self, printer, cycle) -> None:
        printer.text(self.text())


def my_progress(*, base_url: str | None = None, api_key: str | None = None) -> Progress:
    """The learner's own progress, from the simulator their lessons use: a notebook cell's last line shows it."""
    exercises = all_exercises()
    try:
        done = passed(base_url=base_url, api_key=api_key)
    except (OSError, ValueError, KeyError) as error:
        return Progress(exercises, {}, error=str(error))
    return Progress(sorted(set(exercises) | set(done), key=_order), done)
