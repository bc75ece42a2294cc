"""Every SIMULATOR_* setting the code reads is documented in .env.example (a setting nobody can find does not exist)."""

from __future__ import annotations

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
SETTING = re.compile(r"\bSIMULATOR_[A-Z][A-Z_]*[A-Z]\b")
# Set by the tooling, not by people: the test session's conformance log, the tests' state folder.
INTERNAL = {"SIMULATOR_CONFORMANCE_LOG", "SIMULATOR_STATE_DIR"}


def settings_read_in(paths) -> set[str]:
    found: set[str] = set()
    for path in paths:
        found |= set(SETTING.findall(path.read_text(encoding="utf-8")))
    return found


def test_every_setting_is_in_env_example():
    code = [*(ROOT / "simulator").rglob("*.py"), *(ROOT / "helpers").rglob("*.py")]
    read = settings_read_in(code) - INTERNAL
    documented = set(SETTING.findall((ROOT / ".env.example").read_text(encoding="utf-8")))
    assert read, "the scan found no settings at all: it is broken"
    assert read - documented == set(), "add these to .env.example, with a line saying what each does"


def test_the_scan_notices_an_undocumented_setting(tmp_path):
    module = tmp_path / "module.py"
    module.write_text('limit = os.environ.get("SIMULATOR_NOT_DOCUMENTED", "1")\n', encoding="utf-8")
    assert settings_read_in([module]) == {"SIMULATOR_NOT_DOCUMENTED"}
