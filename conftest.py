"""One simulator for the whole session (one a pytest-xdist worker), started only when a test needs it.

This file sits at the top of the repository so that every pytest run loads it, whatever paths it is
given: `pytest notebooks/06_code_interpreter.ipynb` alone must not reach a learner's own simulator
(or, through a learner's .env, a remote endpoint).

The simulator starts the first time a test asks for the `simulator` fixture (or `base_url`, `client`,
anything built on them), so a run of tests that need none, `make quick` while working on a helper say,
starts none. nbval's cells take no fixtures: when notebooks are collected, it starts right after
collection, before any kernel, and its address goes into the environment every kernel inherits. It has
a throwaway database, and no test can reach the real OpenAI: until the simulator starts, OPENAI_BASE_URL
names a host that does not exist (a test that reads it without the fixture fails loudly).
"""

from __future__ import annotations

import os
import shutil
import tempfile
from pathlib import Path

import pytest

from simulator.launch import SimulatorProcess

_session: dict = {}

# Where OPENAI_BASE_URL points until the session simulator starts: a name that never resolves (RFC 2606's .invalid),
# so a call fails at once. Not a loopback port nothing answers on: check_backend() would start a simulator there.
NOWHERE = "http://session-simulator-not-started.invalid/v1"


def _is_worker(session: pytest.Session) -> bool:
    """A pytest-xdist worker (make test runs two): it runs tests; the controller only collects their results."""
    return hasattr(session.config, "workerinput")


def pytest_ignore_collect(collection_path: Path, config: pytest.Config) -> bool | None:
    """schemathesis' generated cases silently vanish under xdist: under it the fuzzer is left to a run of its own
    (`make test` runs `pytest -n 0 tests/simulator/test_fuzz.py` after the rest)."""
    under_xdist = hasattr(config, "workerinput") or config.getoption("numprocesses", None) not in (None, 0)
    return True if under_xdist and collection_path.name == "test_fuzz.py" else None


# Playwright's sync API (pytest-playwright) keeps an event loop running in its process's main thread from its first
# test to the session's end, and many tests call asyncio.run(): in the same process they fail ("cannot be called
# from a running event loop"), whenever pytest-xdist happens to schedule them after a browser test.
PLAYWRIGHT_FOLDERS = ("tests/browser", "tests/hub")


def pytest_configure(config: pytest.Config) -> None:
    """Refuse a run that would mix Playwright's tests with the others (make test gives them a run of their own)."""
    root = Path(__file__).resolve().parent
    playwright = [root / folder for folder in PLAYWRIGHT_FOLDERS]
    kinds = set()
    for arg in config.args:
        path = Path(arg.split("::")[0]).resolve()
        inside = any(path.is_relative_to(folder) for folder in playwright)
        around = any(folder.is_relative_to(path) for folder in playwright)
        kinds |= {"playwright"} if inside else {"playwright", "other"} if around else {"other"}
    if kinds == {"playwright", "other"}:
        raise pytest.UsageError(
            f"{' and '.join(PLAYWRIGHT_FOLDERS)} run in a pytest run of their own (Playwright keeps an event loop running "
            f"until the session ends, and other tests call asyncio.run()): `pytest {' '.join(PLAYWRIGHT_FOLDERS)}`, "
            "then the rest; `make test` runs both"
        )


def pytest_sessionstart(session: pytest.Session) -> None:
    workdir = Path(tempfile.mkdtemp(prefix="simulator-tests-"))
    _session["workdir"] = workdir
    # Every simulator the run starts (each worker's, tmp_simulator's, a notebook's) checks each response it
    # sends against the OpenAPI spec and logs mismatches to one file; the process that reports the whole run
    # (the xdist controller, or pytest alone) reads it at the end. Workers inherit the controller's path.
    if not _is_worker(session):
        conformance_log = workdir / "conformance.jsonl"
        os.environ["SIMULATOR_CONFORMANCE_LOG"] = str(conformance_log)
        _session["conformance_log"] = conformance_log
    # Only a process that runs tests (a worker, or pytest without xdist) ever starts the session simulator.
    _session["runs_tests"] = _is_worker(session) or session.config.getoption("numprocesses", None) in (None, 0)
    os.environ["OPENAI_BASE_URL"] = NOWHERE
    os.environ["OPENAI_API_KEY"] = "sk-test"
    os.environ.pop("OPENAI_ORG_ID", None)
    os.environ.pop("OPENAI_PROJECT_ID", None)


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """The slow tier (`make quick` leaves it out): the tests tests/support/tiers.py lists get the slow marker."""
    from tests.support.tiers import mark_slow

    mark_slow(items, Path(__file__).resolve().parent)


def pytest_collection_finish(session: pytest.Session) -> None:
    """Notebooks collected: start the simulator now, before nbval starts a kernel (kernels read the environment)."""
    if _session.get("runs_tests") and not session.config.option.collectonly and any(_is_notebook_cell(item) for item in session.items):
        session_simulator()


def _is_notebook_cell(item: pytest.Item) -> bool:
    return type(item).__module__.split(".")[0] == "nbval"


def session_simulator() -> SimulatorProcess:
    """The session's simulator, started on first use; its address then goes into the environment."""
    if "simulator" not in _session:
        if not _session.get("runs_tests"):
            raise RuntimeError("the xdist controller runs no tests: it has no simulator")
        simulator = SimulatorProcess(_session["workdir"] / "session.db").start()
        _session["simulator"] = simulator
        os.environ["OPENAI_BASE_URL"] = simulator.base_url
    return _session["simulator"]


def pytest_sessionfinish(session: pytest.Session, exitstatus: int) -> None:
    simulator = _session.pop("simulator", None)
    if simulator is not None:
        simulator.stop()
    if "conformance_log" in _session:
        from simulator.conformance import read_violations

        _session["violations"] = read_violations(_session.pop("conformance_log"))
        if _session["violations"] and session.exitstatus == pytest.ExitCode.OK:
            session.exitstatus = pytest.ExitCode.TESTS_FAILED
    if "workdir" in _session:
        shutil.rmtree(_session.pop("workdir"), ignore_errors=True)


def pytest_terminal_summary(terminalreporter, exitstatus: int) -> None:
    """Responses outside the OpenAPI spec (and any 5xx) fail the session, listed here."""
    violations = _session.pop("violations", [])
    if not violations:
        return
    terminalreporter.section(f"{len(violations)} response(s) outside the OpenAPI spec", sep="=", red=True, bold=True)
    for v in violations[:25]:
        terminalreporter.line(f"{v['method']} {v['path']} -> {v['status']} [{v['operation']}] {v['where']}: {v['problem']}")
        if "sample" in v:
            terminalreporter.line("    " + v["sample"][:300])
    if len(violations) > 25:
        terminalreporter.line(f"... and {len(violations) - 25} more")


@pytest.fixture(scope="session")
def simulator() -> SimulatorProcess:
    return session_simulator()


@pytest.fixture(scope="session")
def base_url(simulator) -> str:
    return simulator.base_url


@pytest.fixture
def client(base_url):
    from openai import OpenAI

    return OpenAI(base_url=base_url, api_key="sk-test", max_retries=0)


@pytest.fixture
def tmp_simulator(tmp_path):
    """A simulator of a test's own, for tests that restart or kill it, or need an empty database."""
    started: list[SimulatorProcess] = []

    def make(**kwargs) -> SimulatorProcess:
        simulator = SimulatorProcess(tmp_path / "own.db", **kwargs).start()
        started.append(simulator)
        return simulator

    yield make
    for simulator in started:
        simulator.stop()
