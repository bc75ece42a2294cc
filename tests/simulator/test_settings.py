"""Where a setting's value comes from: the declared default, then its variable, then its flag, then a keyword;
and the sandbox, launch.py and /health taking theirs from the one Settings object."""

from __future__ import annotations

import asyncio

import httpx
import pytest

from simulator import sandbox
from simulator.__main__ import parser
from simulator.launch import FAST
from simulator.sandbox import fair, levels
from simulator.settings import SETTINGS, Settings, environment, from_arguments
from tests.support.in_process import sandbox_settings_restored


@pytest.fixture
def clean_environment(monkeypatch):
    for setting in SETTINGS:
        if setting.variable:
            monkeypatch.delenv(setting.variable, raising=False)
    return monkeypatch


def settings_from(argv: list[str]):
    return from_arguments(parser().parse_args(argv))


def test_a_setting_is_its_default_then_its_variable_then_its_flag_then_a_keyword(clean_environment):
    assert Settings().code_timeout == 30.0 and settings_from([]).code_timeout == 30.0
    clean_environment.setenv("SIMULATOR_CODE_TIMEOUT", "5")
    assert Settings().code_timeout == 5.0 and settings_from([]).code_timeout == 5.0
    assert settings_from(["--code-timeout", "7"]).code_timeout == 7.0
    assert Settings(code_timeout=9).code_timeout == 9


def test_the_old_flags_set_what_they_always_set(clean_environment):
    settings = settings_from(["--run-expiry", "42", "--isolate-keys", "--model-backend", "local", "--db", "x.db", "--port", "9", "--log-level", "debug"])
    assert (settings.run_expiry_seconds, settings.isolate_keys, settings.model_backend, str(settings.db), settings.port, settings.log_level) == (42, True, "local", "x.db", 9, "debug")


def test_a_switch_set_by_its_variable_can_be_turned_off_by_a_flag(clean_environment):
    clean_environment.setenv("SIMULATOR_ISOLATE_KEYS", "1")
    assert settings_from([]).isolate_keys is True
    assert settings_from(["--no-isolate-keys"]).isolate_keys is False
    clean_environment.setenv("SIMULATOR_ISOLATE_KEYS", "false")
    assert Settings().isolate_keys is False


def test_a_variable_that_is_empty_or_not_a_number_leaves_the_default(clean_environment):
    clean_environment.setenv("SIMULATOR_CODE_MEMORY_MB", "lots")
    clean_environment.setenv("SIMULATOR_MODEL_BACKEND", "")
    assert (Settings().code_memory_mb, Settings().model_backend) == (1024, "scripted")


def test_the_sandbox_uses_the_configured_settings_and_the_environment_until_then(clean_environment):
    with sandbox_settings_restored():
        sandbox.configure(None)
        clean_environment.setenv("SIMULATOR_CODE_TIMEOUT", "3")
        clean_environment.setenv("SIMULATOR_SANDBOX_ISOLATION", "audit-hook")
        assert sandbox.Limits().time_seconds == 3.0 and levels.isolation()["level"] == "audit-hook"
        sandbox.configure(Settings(code_timeout=11, code_memory_mb=99, code_max_output=5, code_max_file_mb=1, sandbox_isolation="audit-hook"))
        clean_environment.setenv("SIMULATOR_CODE_TIMEOUT", "4")  # ignored: the server's settings were handed over
        assert sandbox.Limits() == sandbox.Limits(time_seconds=11, memory_mb=99, output_bytes=5, file_mb=1)
        assert levels.isolation_setting() == "audit-hook"


def test_the_sandbox_shares_as_many_slots_as_the_settings_say():
    async def capacity_and_share() -> tuple[int, int]:
        slots = fair.slots()
        return slots.capacity, slots.per_owner

    with sandbox_settings_restored():
        sandbox.configure(Settings(code_concurrency=5, code_slots_per_key=None))
        assert asyncio.run(capacity_and_share()) == (5, 3)  # half of them, rounded up
        sandbox.configure(Settings(code_concurrency=4, code_slots_per_key=1))
        assert asyncio.run(capacity_and_share()) == (4, 1)


def test_launch_paces_its_simulators_through_the_declared_variables():
    assert FAST == environment(queued_delay=0, in_progress_delay=0, token_delay=0)
    assert FAST == {"SIMULATOR_QUEUED_DELAY": "0", "SIMULATOR_IN_PROGRESS_DELAY": "0", "SIMULATOR_TOKEN_DELAY": "0"}


@pytest.mark.parametrize("told", [["--sandbox-isolation", "audit-hook"], "variable"])
def test_health_reports_the_isolation_level_a_flag_or_variable_chose(tmp_simulator, told):
    if told == "variable":
        simulator = tmp_simulator(env={"SIMULATOR_SANDBOX_ISOLATION": "audit-hook"})
    else:
        simulator = tmp_simulator(args=tuple(told))
    body = httpx.get(simulator.base_url.removesuffix("/v1") + "/health", timeout=10).json()
    assert body["sandbox"]["level"] == "audit-hook"
    assert "--sandbox-isolation" in body["sandbox"]["reason"] and "SIMULATOR_SANDBOX_ISOLATION" in body["sandbox"]["reason"]
