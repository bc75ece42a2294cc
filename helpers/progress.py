"""The learner's progress record on the simulator: record a passed exercise check, read back which ones passed.

When a check's Report passes, `helpers.checks` calls `record(report)`: it posts the exercise's number
("01.1", the same whichever language the check spoke) to the simulator's /course/progress, under the
learner's own key (OPENAI_BASE_URL and OPENAI_API_KEY, from the environment or .env). That record is no
API object: `client.beta.assistants.list()`, the Playground and every other list never show it. In
classroom mode (`--isolate-keys`) each key has its own, which `make classroom-progress` reads for the
teacher (course/classroom.py). Recording never gets in a check's way: it is skipped when the endpoint is
not the course's simulator, and any failure is silent.

The learner's view of this record, `my_progress()`, is in `helpers.checks`: this client, which the checks
call, imports nothing of theirs (a contract in pyproject.toml keeps it so).
"""

from __future__ import annotations

import json
import os
import re
import urllib.error
import urllib.request

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


def exercise_order(exercise: str) -> tuple:
    """A sort key: exercises in lesson order ("00.3" before "01.1", "01.2" before "01.10")."""
    return tuple(int(part) if part.isdigit() else 0 for part in exercise.split(".")) + (exercise,)


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
