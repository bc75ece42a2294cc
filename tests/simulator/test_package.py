"""The simulator as a wheel installs it: it runs outside a checkout, with its rules, spec and Playground inside."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import urllib.request
import zipfile
from pathlib import Path

import pytest

from simulator import launch
from simulator.launch import free_port

ROOT = Path(__file__).resolve().parents[2]  # the repository


@pytest.fixture(scope="module")
def wheel(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("wheel")
    # Built from a copy: setuptools writes build/ and *.egg-info beside the sources it builds.
    source = tmp_path_factory.mktemp("source") / "course"
    shutil.copytree(ROOT, source, ignore=shutil.ignore_patterns(".venv", ".git", ".simulator", "build", "*.egg-info", "notebooks", "data", "__pycache__", ".hypothesis", ".import_linter_cache"))
    subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation", "--quiet", "--disable-pip-version-check", "-w", str(out), str(source)],
        check=True,
        capture_output=True,
    )
    return next(out.glob("*.whl"))


def test_the_wheel_carries_what_the_simulator_reads_at_run_time(wheel):
    names = set(zipfile.ZipFile(wheel).namelist())
    assert "simulator/model/scripted/rules/conversation.json" in names
    assert "simulator/conformance/openapi/assistants.json" in names and "simulator/conformance/openapi/LICENSE" in names
    assert "simulator/playground/static/index.html" in names
    assert not any(name.startswith(("tests/", "tools/", "notebooks/")) for name in names)


def test_an_installed_simulator_runs_outside_the_checkout(wheel, tmp_path):
    site = tmp_path / "site"
    subprocess.run([sys.executable, "-m", "pip", "install", "--no-deps", "--quiet", "--disable-pip-version-check", "--target", str(site), str(wheel)], check=True, capture_output=True)
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    # The installed copy comes first on the path, so nothing of the checkout is imported.
    env = {**os.environ, "PYTHONPATH": str(site), "SIMULATOR_CONFORMANCE_LOG": str(tmp_path / "conformance.jsonl")}
    shown = subprocess.run([sys.executable, "-m", "simulator", "--help"], cwd=elsewhere, env=env, capture_output=True, text=True, check=True)
    assert "usage: python -m simulator" in shown.stdout
    where = subprocess.run([sys.executable, "-c", "import simulator; print(simulator.__file__)"], cwd=elsewhere, env=env, capture_output=True, text=True, check=True)
    assert where.stdout.strip().startswith(str(site)), where.stdout

    port = free_port()
    log = tmp_path / "server.log"
    with open(log, "wb") as handle:
        server = subprocess.Popen(launch.command("127.0.0.1", port, tmp_path / "db.sqlite", "--log-level", "warning"), cwd=elsewhere, env=env, stdout=handle, stderr=subprocess.STDOUT)
    try:
        launch.wait_for_health(server, f"http://127.0.0.1:{port}", wait=20, log=log)
        from openai import OpenAI

        client = OpenAI(base_url=f"http://127.0.0.1:{port}/v1", api_key="sk-test", max_retries=0)
        assistant = client.beta.assistants.create(model="gpt-4o", instructions="你叫小U")
        run = client.beta.threads.create_and_run_poll(assistant_id=assistant.id, thread={"messages": [{"role": "user", "content": "你好"}]})
        reply = client.beta.threads.messages.list(thread_id=run.thread_id).data[0].content[0].text.value
        assert run.status == "completed" and "小U" in reply  # the scripted rules were found and read
        with urllib.request.urlopen(f"http://127.0.0.1:{port}/playground/") as page:
            assert b"<html" in page.read().lower()
    finally:
        server.terminate()
        server.wait(timeout=10)
    violations = tmp_path / "conformance.jsonl"  # the installed spec was found and held every answer
    assert not violations.exists() or not violations.read_text()
