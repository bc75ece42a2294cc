"""A full disk: a clear error envelope for the write that did not fit, reads and deletes still work, writes again after.

For real: the simulator's database on a tmpfs of 8 MB mounted for the test (root only; skipped where mounting is not
permitted), filled through the API with uploads.
"""

from __future__ import annotations

import os
import subprocess

import openai
import pytest
from openai import OpenAI

from simulator.launch import SimulatorProcess
from simulator.settings import variable

PART = 300_000  # bytes per upload: an 8 MB disk holds about twenty of them beside the reserve


@pytest.fixture
def small_disk(tmp_path):
    mount = tmp_path / "disk"
    mount.mkdir()
    done = subprocess.run(["mount", "-t", "tmpfs", "-o", "size=8m", "tmpfs", str(mount)], capture_output=True, text=True)
    if done.returncode != 0:
        pytest.skip(f"a small tmpfs cannot be mounted here (root only): {done.stderr.strip() or done.returncode}")
    try:
        yield mount
    finally:
        subprocess.run(["umount", str(mount)], check=True)


def test_a_full_disk_answers_clearly_and_a_delete_makes_room_again(small_disk, tmp_path):
    # Its 500s are this test's point: kept out of the session's conformance log, where any 5xx fails the session.
    simulator = SimulatorProcess(small_disk / "sim.db", env={variable("conformance_log"): ""})
    simulator.log = tmp_path / "simulator.log"  # beside the test, not on the disk it fills
    with simulator:
        client = OpenAI(base_url=simulator.base_url, api_key="sk-disk", max_retries=0, timeout=60)
        assert (small_disk / "sim.db.reserve").exists()
        stored, refusal = [], None
        for n in range(60):
            try:
                stored.append(client.files.create(file=(f"part{n}.bin", os.urandom(PART)), purpose="assistants").id)
            except openai.InternalServerError as error:
                refusal = error
                break
        assert refusal is not None, f"{len(stored)} uploads of {PART} bytes fitted on an 8 MB disk"
        assert len(stored) >= 5, "the disk was full before the test filled it"
        error = refusal.body
        assert refusal.status_code == 500 and error["type"] == "server_error" and error["code"] == "disk_full", refusal.body
        assert "disk" in error["message"] and "is full" in error["message"] and "client.files.delete" in error["message"], error
        assert not (small_disk / "sim.db.reserve").exists()  # released for the deletes that follow

        assert client.files.retrieve(stored[-1]).id == stored[-1]  # reads need no room
        assert client.files.delete(stored[0]).deleted
        again = client.files.create(file=("again.bin", os.urandom(PART)), purpose="assistants")
        assert client.files.retrieve(again.id).bytes == PART
