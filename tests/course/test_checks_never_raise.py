"""Every exercise check, given nonsense of any type for each argument, answers with a report that says "not yet", never a traceback."""

from __future__ import annotations

import importlib
import inspect
import pkgutil

import pytest

import helpers.checks
from helpers.checks import Report

pytestmark = pytest.mark.filterwarnings("ignore::DeprecationWarning")

NONSENSE = {"an int": 42, "a dict": {"id": 1}, "a text": "hello", "another object's id": "asst_abc", "a list": ["x"], "a class": dict, "a float": 2.5}


def every_check() -> list:
    found = []
    for info in pkgutil.iter_modules(helpers.checks.__path__):
        module = importlib.import_module(f"helpers.checks.{info.name}")
        found += [function for _, function in inspect.getmembers(module, inspect.isfunction) if hasattr(function, "exercise") and function.__module__ == module.__name__]
    return sorted(found, key=lambda function: function.exercise)


CHECKS = every_check()


def test_every_exercise_has_its_check():
    numbers = [check.exercise for check in CHECKS]
    assert len(numbers) == len(set(numbers)), "one check per exercise number"
    for lesson in range(10):
        kinds = [n for n in numbers if n.startswith(f"{lesson:02d}.")]
        assert len(kinds) >= 4, f"lesson {lesson:02d}: an exercise of each kind (predict, modify, debug, build), found {kinds}"


@pytest.mark.parametrize("check", CHECKS, ids=[check.exercise for check in CHECKS])
@pytest.mark.parametrize("label", list(NONSENSE))
def test_nonsense_gets_a_report_that_does_not_pass(client, monkeypatch, check, label):
    monkeypatch.setenv("COURSE_LANGUAGE", "en")
    value = NONSENSE[label]
    arguments = [name for name in inspect.signature(check.__wrapped__).parameters if name not in ("report", "client")]
    required = [name for name in arguments if inspect.signature(check.__wrapped__).parameters[name].default is inspect.Parameter.empty]
    report = check(client, *[value] * len(required))
    assert isinstance(report, Report) and not report.passed and report.missing, report.text()
    assert "still None" not in report.text(), f"{label} is called None:\n{report.text()}"


@pytest.mark.parametrize("check", CHECKS, ids=[check.exercise for check in CHECKS])
def test_even_a_client_that_is_not_one_gets_a_report(check):
    arguments = [name for name, parameter in inspect.signature(check.__wrapped__).parameters.items() if name not in ("report", "client") and parameter.default is inspect.Parameter.empty]
    report = check("not a client", *["asst_abc"] * len(arguments))
    assert isinstance(report, Report) and not report.passed


def test_every_report_leaves_through_finish(client, monkeypatch):
    """finish() is the one place a verdict is final: every check's report, passing or not, goes through it, with its number."""
    import helpers.checks as checks

    seen = []
    monkeypatch.setattr(checks, "finish", lambda report: seen.append((report.number, report.passed)) or report)
    gone = client.beta.threads.create().id
    client.beta.threads.delete(gone)
    from helpers.checks.introduction import check_deleted_thread

    assert check_deleted_thread(client, "c", gone).passed
    assert not check_deleted_thread(client, None, None).passed
    assert seen == [("00.2", True), ("00.2", False)]


@pytest.mark.parametrize(
    ("prediction", "choice", "said"),
    [
        ("b", "b", None),
        (' (B) ', "b", None),  # brackets, quotes, case and spaces forgiven
        ("'c'", "c", None),
        (None, None, "nothing to check yet: `my_prediction` is still None"),
        ("d", None, "`my_prediction` is 'd': one of \"a\", \"b\", \"c\" was expected"),
        (["a"], None, "one of \"a\", \"b\", \"c\" was expected"),  # not a string (nor hashable): said, never raised
        (2, None, "`my_prediction` is 2: one of"),
    ],
)
def test_a_prediction_is_read_as_a_letter_or_said_to_be_missing_or_no_choice(monkeypatch, prediction, choice, said):
    monkeypatch.setattr(helpers.checks, "language", lambda: "en")
    report = Report("00.0")
    assert helpers.checks.predicted(report, prediction, {"a": "one", "b": "two", "c": "three"}) == choice
    assert len(report.missing) == (0 if said is None else 1), report.missing
    assert said is None or said in report.missing[0][0], report.missing
