"""Attacks the audit hook alone let through, tried through real runs: refused by the box, and each shown to work without it.

The control for each attack runs it on a server at the audit-hook level after switching the hook off from pure
Python (BYPASS: find the hook with gc, replace its `refuse` closure cell), so a test whose attack stopped working
for an unrelated reason would fail instead of passing. The box's server skips where the machine has no box.
"""

from __future__ import annotations

import ctypes
import os
import stat

import pytest

from tests.simulator.test_sandbox_escapes import Server

BYPASS = (
    "import gc\n"
    "for f in gc.get_objects():\n"
    "    if type(f).__name__ == 'function' and f.__name__ == 'hook' and f.__code__.co_filename.endswith('unboxed.py'):\n"
    "        f.__closure__[f.__code__.co_freevars.index('refuse')].cell_contents = lambda what: None\n"
)
LIMITS = {"SIMULATOR_CODE_MEMORY_MB": "256", "SIMULATOR_CODE_DISK_MB": "64", "SIMULATOR_CODE_PROCESSES": "32", "SIMULATOR_CODE_MAX_FIGURES": "5"}


@pytest.fixture(scope="module")
def boxed(tmp_path_factory):
    started = Server(tmp_path_factory.mktemp("boxed"), "auto", env=LIMITS)
    try:
        if started.health()["sandbox"]["level"] != "namespaces":
            pytest.skip(f"no namespace box here: {started.health()['sandbox']['reason']}")
        yield started
    finally:
        started.stop()


@pytest.fixture(scope="module")
def hooked(tmp_path_factory):
    started = Server(tmp_path_factory.mktemp("hooked"), "audit-hook", env=LIMITS)
    try:
        yield started
    finally:
        started.stop()


def test_health_says_what_the_box_holds(boxed):
    sandbox = boxed.health()["sandbox"]
    assert sandbox["level"] == "namespaces" and sandbox["limits"]["disk_mb"] == 64
    assert not any("fork bomb" in gap or "System V" in gap or "chmod" in gap for gap in sandbox["gaps"]), sandbox["gaps"]


SHM = "import ctypes\nlibc = ctypes.CDLL(None, use_errno=True)\nprint('SHM', libc.shmget({key}, {size}, {flags}))"


def host_segment(key: int) -> bool:
    with open("/proc/sysvipc/shm") as table:
        return any(line.split()[0] == str(key) for line in table.readlines()[1:])


def remove_segment(key: int) -> None:
    libc = ctypes.CDLL(None, use_errno=True)
    shmid = libc.shmget(key, 0, 0)
    if shmid >= 0:
        libc.shmctl(shmid, 0, None)  # IPC_RMID


@pytest.mark.parametrize("level", ["boxed", "hooked"])
def test_system_v_shared_memory_stays_in_the_session(level, request):
    server, key = request.getfixturevalue(level), 0x5EED0 + (level == "hooked")
    prefix = BYPASS if level == "hooked" else ""
    try:
        logs = server.run(prefix + SHM.format(key=key, size=8 << 20, flags=0o1666))
        assert "SHM -1" not in logs, logs
        seen_by_another = server.run(prefix + SHM.format(key=key, size=0, flags=0))  # another thread: another learner's session
        if level == "boxed":
            assert not host_segment(key) and "SHM -1" in seen_by_another, seen_by_another
        else:  # the control: the segment outlives the run and is a channel between two learners' runs
            assert host_segment(key) and "SHM -1" not in seen_by_another, seen_by_another
    finally:
        remove_segment(key)


@pytest.mark.parametrize("level", ["boxed", "hooked"])
def test_chmod_of_a_servers_file(level, request):
    server = request.getfixturevalue(level)
    victim = server.outside / f"victim-{level}.txt"
    victim.write_text("x")
    before = stat.S_IMODE(victim.stat().st_mode)
    try:
        logs = server.run((BYPASS if level == "hooked" else "") + f"import os\nos.chmod({str(victim)!r}, 0)\nprint('CHMODDED')")
        changed = stat.S_IMODE(victim.stat().st_mode) != before
        assert changed == (level == "hooked"), logs
    finally:
        victim.chmod(before)


FORKS = (
    "import os\nr, w = os.pipe()\nmade = 0\n"
    "for _ in range(100):\n"
    "    try:\n        pid = os.fork()\n    except OSError:\n        break\n"
    "    if pid == 0:\n        os.close(w)\n        os.read(r, 1)\n        os._exit(0)\n"
    "    made += 1\n"
    "os.close(w)\nprint('FORKED', made)"
)


@pytest.mark.parametrize("level", ["boxed", "hooked"])
def test_a_fork_bomb_is_capped_for_the_whole_session(level, request):
    server = request.getfixturevalue(level)
    logs = server.run((BYPASS if level == "hooked" else "") + FORKS)
    made = int(logs.split("FORKED")[1].split()[0])
    assert (made < 32) if level == "boxed" else made == 100, logs


MEMORY = (
    "import os, time\nr, w = os.pipe()\n"
    "for _ in range(4):\n"
    "    if os.fork() == 0:\n        held = b'x' * (150 << 20)\n        os.write(w, b'1')\n        time.sleep(3)\n        os._exit(0)\n"
    "held = 0\ndeadline = time.time() + 10\n"
    "while held < 4 and time.time() < deadline:\n    held += len(os.read(r, 4))\n"
    "print('HELD', held)"
)


@pytest.mark.parametrize("level", ["boxed", "hooked"])
def test_memory_is_limited_for_the_whole_session(level, request):
    server = request.getfixturevalue(level)
    if level == "boxed" and not server.health()["sandbox"]["limits"].get("cgroup"):
        pytest.skip("no writable cgroup here: memory is limited per process")
    logs = server.run((BYPASS if level == "hooked" else "") + MEMORY)
    assert ("HELD 4" in logs) == (level == "hooked"), logs


DISK = "written = 0\ntry:\n    for i in range(10):\n        open(f'/mnt/data/f{i}', 'wb').write(b'0' * (10 << 20))\n        written += 1\nexcept OSError as error:\n    print(error)\nprint('WROTE', written)"


@pytest.mark.parametrize("level", ["boxed", "hooked"])
def test_the_disk_quota_is_for_the_whole_session(level, request):
    logs = request.getfixturevalue(level).run(DISK)
    assert ("WROTE 10" in logs) == (level == "hooked"), logs


@pytest.mark.parametrize("level", ["boxed", "hooked"])
def test_the_machines_files_and_processes_are_out_of_sight(level, request):
    server = request.getfixturevalue(level)
    code = f"import os\nprint('EXISTS', os.path.exists({str(server.root / 'sim.db')!r}))\nos.kill({server.process.pid}, 0)\nprint('SEEN')"
    logs = server.run((BYPASS if level == "hooked" else "") + code)
    assert ("EXISTS True" in logs and "SEEN" in logs) == (level == "hooked"), logs


def test_figures_are_capped_in_count(boxed):
    run = boxed.client.beta.threads.create_and_run_poll(
        assistant_id=boxed.assistant.id,
        thread={"messages": [{"role": "user", "content": "import matplotlib.pyplot as plt\nfor i in range(30):\n    plt.figure(); plt.plot([i])"}]},
        poll_interval_ms=50,
    )
    steps = boxed.client.beta.threads.runs.steps.list(thread_id=run.thread_id, run_id=run.id)
    images = [o for s in steps if s.type == "tool_calls" for o in s.step_details.tool_calls[0].code_interpreter.outputs if o.type == "image"]
    assert len(images) == 5


def test_a_session_ends_with_its_server(tmp_path_factory):
    server = Server(tmp_path_factory.mktemp("dies"), "auto")
    try:
        if server.health()["sandbox"]["level"] != "namespaces":
            pytest.skip("no namespace box here")
        server.run("x = 1")
        sessions = [p for p in os.listdir("/proc") if p.isdigit() and _parent(int(p)) == server.process.pid]
        assert sessions
    finally:
        server.process.kill()
        server.process.wait()
    for pid in sessions:
        _gone(int(pid))


def _parent(pid: int) -> int:
    try:
        with open(f"/proc/{pid}/stat") as file:
            return int(file.read().rsplit(")", 1)[1].split()[1])
    except (OSError, ValueError, IndexError):
        return -1


def _gone(pid: int) -> None:
    import time

    deadline = time.monotonic() + 10
    while time.monotonic() < deadline:
        try:
            with open(f"/proc/{pid}/stat") as file:
                if file.read().rsplit(")", 1)[1].split()[0] == "Z":
                    return
        except OSError:
            return
        time.sleep(0.05)
    os.kill(pid, 9)
    pytest.fail(f"session process {pid} outlived its server")
