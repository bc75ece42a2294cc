"""Which tests are slow: left out of `make quick` (pytest -m "not slow"), run by `make test` like every other.

Slow means seconds by design: the test waits out a real time limit or expiry, kills or restarts processes,
starts processes of its own (simulators, JupyterLab, a wheel build, a confined child per attack), or
pushes a hundred megabytes through the server. A test can say so itself with @pytest.mark.slow; the
tests listed here get the marker from conftest.py, so the tiers are read in one place. An entry is a
whole file or file::test (every parametrization of it); one that names no test fails the run (mark).
"""

from __future__ import annotations

from pathlib import Path

import pytest

SLOW = {
    # Whole files: real processes throughout.
    "tests/course/test_classroom.py": "real simulators, JupyterLab, kernels and the Binder start script",
    "tests/course/test_run_all.py": "runs every lesson top to bottom in a kernel, then each exercise's solution again",
    "tests/simulator/test_confine.py": "a sacrificial interpreter and a confined child for every attack, in three modes",
    "tests/simulator/test_sandbox_escapes.py": "a simulator of its own that runs every attack as a real run",
    "tests/simulator/test_crash_recovery.py": "kills simulators and starts them again",
    "tests/simulator/test_persistence.py": "stops and kills simulators and starts them again",
    "tests/simulator/test_package.py": "builds and installs a wheel",
    "tests/simulator/test_edge.py": "100 MB bodies, and a body that waits out the body timeout",
    "tests/simulator/test_fairness.py": "runaway code holding every sandbox, a 50 000-message request",
    "tests/simulator/test_store.py": "writes hundreds of 12 KB threads and waits for the log's checkpoints",
    # Single tests: each waits out a limit or restarts a simulator.
    "tests/course/test_course_setup.py::test_a_pytest_run_never_mixes_playwrights_tests_with_the_others": "starts pytest itself, once a case",
    "tests/simulator/test_code_interpreter.py::test_a_runaway_snippet_cannot_hang_the_run_or_the_server": "the sandbox's time limit",
    "tests/simulator/test_function_calling.py::test_a_run_left_waiting_past_expires_at_expires": "a run's expiry",
    "tests/simulator/test_runs.py::test_a_run_left_in_requires_action_expires": "a run's expiry",
    "tests/simulator/test_runs.py::test_a_queued_or_in_progress_run_expires_too": "a run's expiry",
    "tests/simulator/test_runs.py::test_expired_while_in_progress": "a run's expiry",
    "tests/simulator/test_runs.py::test_the_poll_helper_waits_out_pacing_with_short_sleeps": "pacing delays",
    "tests/simulator/test_runs.py::test_an_update_whose_body_arrives_late_does_not_bring_a_finished_run_back": "a late body",
    "tests/simulator/test_model_backends.py::test_a_silent_backend_times_out_and_fails_the_run": "the backend's timeout",
    "tests/simulator/test_vector_stores.py::test_stores_survive_a_restart_and_cut_off_ingestion_fails": "restarts a simulator",
    "tests/simulator/test_conversations.py::test_state_survives_a_restart": "restarts a simulator",
    "tests/simulator/test_sandbox.py::test_an_infinite_loop_hits_the_time_limit_and_shows_where": "the sandbox's time limit",
    "tests/simulator/test_sandbox.py::test_code_that_swallows_the_timeout_is_killed_anyway": "the time limit and its grace",
    "tests/simulator/test_sandbox.py::test_a_memory_hog_hits_the_memory_limit": "fills the memory limit",
    "tests/simulator/test_sandbox.py::test_a_cell_dies_with_a_server_that_is_killed": "kills a server",
}


def mark_slow(items: list[pytest.Item], root: Path) -> None:
    """Give the listed tests the slow marker; fail on an entry naming a test its collected file does not have."""
    by_file: dict[str, list[pytest.Item]] = {}
    for item in items:
        try:
            path = Path(str(item.path)).resolve().relative_to(root).as_posix()
        except ValueError:
            continue
        by_file.setdefault(path, []).append(item)
    for entry in SLOW:
        path, _, name = entry.partition("::")
        for item in by_file.get(path, []):
            function = getattr(item, "originalname", item.name)
            if not name or function == name:
                item.add_marker(pytest.mark.slow)
        module = next((item.module for item in by_file.get(path, []) if getattr(item, "module", None) is not None), None)
        if name and module is not None and not hasattr(module, name):
            raise pytest.UsageError(f"tests/support/tiers.py names {entry}, which {path} does not define (renamed? moved?)")
