"""The course's progress record: which exercise checks a key has passed, kept apart from every API object.

One object of kind "course_progress" per key (its owner), never listed by any API route, so a learner's
`client.beta.assistants.list()` and the Playground never show it. A teacher's `make classroom-progress`
reads each learner's with that learner's key (course/classroom.py).
"""

from __future__ import annotations

import sqlite3
import time

from simulator.services import Caller

KIND = "course_progress"
MAX_EXERCISES = 500  # a record stays small whatever a client sends
MAX_KEY = 64


def _id(caller: Caller) -> str:
    return f"progress_{caller.owner}"


def read(caller: Caller) -> dict:
    """The caller's record: {"object": "course.progress", "exercises": {exercise: when it first passed}}."""
    found = caller.store.get(KIND, _id(caller), owner=caller.owner)
    return found or {"id": _id(caller), "object": "course.progress", "exercises": {}}


def record(caller: Caller, exercise: str) -> dict:
    """Note that the caller passed `exercise` (the first time counts; again changes nothing)."""
    record = read(caller)
    exercises = record["exercises"]
    if exercise in exercises or len(exercises) >= MAX_EXERCISES:
        return record
    exercises[exercise] = int(time.time())
    if caller.store.get(KIND, record["id"], owner=caller.owner) is None:
        try:
            return caller.store.insert(KIND, record, owner=caller.owner)
        except sqlite3.IntegrityError:  # the same key's other request made it meanwhile: add to that one
            return record_again(caller, exercise)
    return caller.store.save(record)


def record_again(caller: Caller, exercise: str) -> dict:
    record = read(caller)
    record["exercises"].setdefault(exercise, int(time.time()))
    return caller.store.save(record)
