"""/course/progress: the course's own endpoint (not OpenAI's, so outside /v1) for which exercise checks a key has passed.

    GET  /course/progress                           -> {"object": "course.progress", "exercises": {"01.1": 1767000000, ...}}
    POST /course/progress  {"exercise": "01.1"}     -> the same, with it recorded

The key is checked as on /v1 (app.Gate), and each key reads only its own record, in classroom mode or not.
"""

from __future__ import annotations

from starlette.requests import Request
from starlette.routing import Route

from simulator.errors import invalid
from simulator.http.requests import JSON, caller
from simulator.http.validation import parse_json
from simulator.services import progress


def answer(record: dict) -> JSON:
    return JSON({"object": "course.progress", "exercises": record["exercises"]})


async def read_progress(request: Request) -> JSON:
    return answer(progress.read(caller(request)))


async def record_progress(request: Request) -> JSON:
    body = parse_json(await request.body())
    exercise = body.get("exercise") if isinstance(body, dict) else None
    if not isinstance(exercise, str) or not exercise.strip() or len(exercise) > progress.MAX_KEY:
        raise invalid(f"'exercise' must be a non-empty string of at most {progress.MAX_KEY} characters.", "exercise", "invalid_value")
    return answer(progress.record(caller(request), exercise.strip()))


routes = [
    Route("/course/progress", read_progress, methods=["GET"]),
    Route("/course/progress", record_progress, methods=["POST"]),
]
