"""The code-interpreter sandbox on its own: real execution, and every limit it promises."""

from __future__ import annotations

import asyncio
import sqlite3
import tempfile
from pathlib import Path

import pytest

from simulator.sandbox import PNG_SIGNATURE, Limits, Result, run_code

ROOT = Path(__file__).resolve().parents[2]
SEED_CODE = "import math\n\n# 计算 1234567 的平方根\nsquare_root = math.sqrt(1234567)\nsquare_root"


def run(code: str, files: dict[str, bytes] | None = None, **limits) -> Result:
    # The outer bound only keeps a broken sandbox from hanging the suite; the limits under test are far below it.
    return asyncio.run(asyncio.wait_for(run_code(code, files or {}, Limits(**limits)), 60))


# At the box level (namespaces: see test_sandbox_box.py) what lies outside the session does not exist in it, or is on a
# read-only mount; at the Landlock and audit-hook levels it is refused. Either way the code cannot reach it.
KEPT_OUT = ("PermissionError: the code interpreter sandbox does not allow", "FileNotFoundError", "ModuleNotFoundError", "Read-only file system")


@pytest.fixture
def hook_level(monkeypatch):
    """The audit hook's own promises are tested at its own level (with the box, nothing guards inside the interpreter)."""
    monkeypatch.setenv("SIMULATOR_SANDBOX_ISOLATION", "audit-hook")


def assert_no_host_paths(logs: str) -> None:
    assert "assistants-sandbox" not in logs and str(ROOT) not in logs and tempfile.gettempdir() + "/tmp" not in logs


def test_the_seeds_code_shows_its_last_expression_as_a_notebook_does():
    result = run(SEED_CODE)
    assert result == Result(logs="1111.1107055554814", images=[], error=False)


def test_prints_come_first_and_none_shows_nothing():
    assert run("print('a')\nprint('b')\n1 + 1").logs == "a\nb\n2"
    assert run("x = [1, 2]\nx.append(3)").logs == ""
    assert run("None").logs == ""
    assert run("for i in range(3):\n    print(i)").logs == "0\n1\n2\n"


def test_files_are_at_mnt_data_and_so_are_the_files_the_code_writes():
    code = (
        "import os, pandas as pd\n"
        "df = pd.read_csv('/mnt/data/file_abc')\n"
        "df.assign(double=df.sales * 2).to_csv('/mnt/data/out.csv', index=False)\n"
        "print(sorted(os.listdir('/mnt/data')), os.getcwd())\n"
        "print(open('/mnt/data/out.csv').read())\n"
        "int(df.sales.sum())"
    )
    result = run(code, {"file_abc": b"day,sales\n1,10\n2,32\n"})
    assert not result.error, result.logs
    assert result.logs == "['file_abc', 'out.csv'] /mnt/data\nday,sales,double\n1,10,20\n2,32,64\n\n42"


def test_a_traceback_is_the_output_in_ipythons_layout_and_shows_mnt_data():
    result = run("import pandas as pd\ndf = pd.read_csv('/mnt/data/missing.csv')", {})
    assert result.error
    assert "FileNotFoundError                         Traceback (most recent call last)" in result.logs
    assert "----> 2 df = pd.read_csv('/mnt/data/missing.csv')" in result.logs
    assert "No such file or directory: '/mnt/data/missing.csv'" in result.logs
    assert_no_host_paths(result.logs)


def test_a_key_error_names_the_column():
    result = run("import pandas as pd\ndf = pd.read_csv('/mnt/data/f')\ndf['sales'].sum()", {"f": b"amount\n1\n"})
    assert result.error and result.logs.rstrip().endswith("KeyError: 'sales'")


def test_a_syntax_error_is_reported_not_raised():
    result = run("x = (\n")
    assert result.error and "SyntaxError" in result.logs and "Cell In[1], line 1" in result.logs


def test_figures_come_back_as_png_images():
    code = "import matplotlib.pyplot as plt\nplt.plot([1, 3, 2])\nplt.show()\nplt.figure()\nplt.bar(['a', 'b'], [1, 2])\nplt.title('second')"
    result = run(code)
    assert not result.error, result.logs
    assert [name for name, _ in result.images] == ["image_1.png", "image_2.png"]
    assert all(data.startswith(PNG_SIGNATURE) and len(data) > 1000 for _, data in result.images)


def test_an_infinite_loop_hits_the_time_limit_and_shows_where():
    result = run("while True:\n    pass", time_seconds=1)
    assert result.error
    assert "----> 1 while True:" in result.logs
    assert "TimeoutError: the code ran longer than the sandbox's 1-second limit and was stopped." in result.logs


def test_code_that_swallows_the_timeout_is_killed_anyway():
    code = "import time\nwhile True:\n    try:\n        time.sleep(1000)\n    except BaseException:\n        pass"
    result = run(code, time_seconds=1)
    assert result.error and result.logs.endswith("TimeoutError: the code ran longer than the sandbox's 1-second limit and was stopped.\n")


def test_a_memory_hog_hits_the_memory_limit():
    result = run("chunks = []\nwhile True:\n    chunks.append(bytearray(50 * 2**20))", memory_mb=300)
    assert result.error and "MemoryError: the code used more memory than the sandbox's 300 MB limit." in result.logs


def test_endless_output_is_cut_at_the_output_limit():
    result = run("while True:\n    print('x' * 100)", output_bytes=2000)
    assert result.error
    printed = result.logs[: result.logs.index("-" * 75)]
    assert printed.startswith("x" * 100 + "\n") and 1900 < len(printed.encode()) <= 2001  # the cut, and the newline before the note
    assert "RuntimeError: the code printed more than the sandbox's 2000-byte output limit" in result.logs


def test_a_written_file_cannot_outgrow_the_file_limit():
    result = run("with open('/mnt/data/big', 'wb') as f:\n    f.write(b'0' * (3 * 2**20))", file_mb=1)
    assert result.error


@pytest.mark.parametrize(
    "code",
    [
        f"open({str(ROOT / 'pyproject.toml')!r}).read()",
        "open('/etc/passwd').read()",
        "open('/mnt/data/../../secret', 'w')",
        "import os\nos.listdir('/')",
        "import os\nos.remove('/etc/hostname')",
        "import simulator.store",
    ],
)
def test_files_outside_the_work_directory_are_refused(code):
    result = run(code)
    assert result.error and any(out in result.logs for out in KEPT_OUT), result.logs


def test_the_servers_database_is_out_of_reach(tmp_path):
    database = tmp_path / "simulator.db"
    with sqlite3.connect(database) as db:
        db.execute("CREATE TABLE secrets (value TEXT)")
    for code in (f"open({str(database)!r}, 'rb').read()", f"import sqlite3\nsqlite3.connect({str(database)!r}).execute('SELECT * FROM secrets').fetchall()"):
        result = run(code)
        assert result.error and any(out in result.logs for out in KEPT_OUT + ("unable to open database",)), result.logs


@pytest.mark.parametrize(
    "code",
    [
        "import os\nos.fork()",
        "import subprocess\nsubprocess.run(['ls'])",
        "import os\nos.system('ls')",
        "import multiprocessing\nwith multiprocessing.Pool(2) as pool:\n    pool.map(abs, [1, -2])",
        "import _posixsubprocess\n_posixsubprocess.fork_exec()",
        "import os\nos.kill(1, 9)",
    ],
)
def test_processes_are_refused(code, hook_level):
    result = run(code)
    assert result.error and "PermissionError: the code interpreter sandbox does not allow" in result.logs, result.logs


@pytest.mark.parametrize("code", ["import socket\nsocket.create_connection(('127.0.0.1', 9))", "import urllib.request\nurllib.request.urlopen('http://example.com')", "import ctypes\nctypes.CDLL('libc.so.6')"])
def test_network_and_native_code_are_refused(code, hook_level):
    result = run(code)
    assert result.error and "the code interpreter sandbox does not allow" in result.logs, result.logs


def test_the_environment_holds_no_secrets_of_the_server(monkeypatch):
    monkeypatch.setenv("OPENAI_API_KEY", "sk-server-secret")
    result = run("import os\nsorted(os.environ)")
    assert "OPENAI" not in result.logs and "sk-server-secret" not in result.logs


def test_each_run_starts_clean():
    run("open('/mnt/data/left-behind', 'w').write('x')")
    assert run("import os\nos.listdir('/mnt/data')").logs == "[]"


def test_a_cancelled_run_takes_its_process_with_it(monkeypatch):
    started = []
    spawn = asyncio.create_subprocess_exec

    async def spy(*args, **kwargs):
        process = await spawn(*args, **kwargs)
        started.append(process)
        return process

    monkeypatch.setattr(asyncio, "create_subprocess_exec", spy)

    async def cancel_while_it_sleeps():
        task = asyncio.ensure_future(run_code("import time\ntime.sleep(1000)", {}, Limits(time_seconds=100)))
        while not started:
            await asyncio.sleep(0.05)
        await asyncio.sleep(0.3)
        task.cancel()
        with pytest.raises(asyncio.CancelledError):
            await task

    asyncio.run(asyncio.wait_for(cancel_while_it_sleeps(), 60))
    assert started[0].returncode == -9  # SIGKILL, at the cancel, not at the 100 s limit


def test_no_run_can_leave_anything_for_the_next_in_the_font_cache():
    """Each run has a matplotlib directory of its own, seeded with a copy of the server's font list."""
    code = "import os\nd = os.environ['MPLCONFIGDIR']\nfor name in os.listdir(d):\n    open(os.path.join(d, name), 'w').write('{}')\nopen(os.path.join(d, 'note.txt'), 'w').write('for the next learner')\nsorted(os.listdir(d))"
    first = run(code)
    assert not first.error and "note.txt" in first.logs, first.logs
    second = run("import os\nd = os.environ['MPLCONFIGDIR']\nprint(sorted(os.listdir(d)))\nimport matplotlib.font_manager as fm\nlen(fm.fontManager.ttflist) > 0")
    assert not second.error and "note.txt" not in second.logs and second.logs.endswith("True"), second.logs


@pytest.mark.parametrize(
    "trick",
    [
        "import os\nos.path.abspath = lambda p: os.getcwd()",
        "import os.path\nos.path.normpath = lambda p: '/mnt/data'",
        "import builtins\nbuiltins.any = lambda it: True",
        "import os\nos.fsdecode = lambda p: '/mnt/data/x'",
        "import unboxed\nunboxed.READ_ONLY.append('/')\nunboxed.WRITE_FLAGS = 0",
    ],
)
def test_the_guard_cannot_be_switched_off_by_replacing_what_it_uses(trick, hook_level):
    result = run(f"{trick}\nopen({str(ROOT / 'pyproject.toml')!r}).read()")
    assert result.error and "PermissionError: the code interpreter sandbox does not allow" in result.logs, result.logs


def test_the_guard_still_refuses_processes_after_its_tables_are_emptied(hook_level):
    result = run("import unboxed\nunboxed.NO_PROCESSES.clear()\nimport os\nos.system('true')")
    assert result.error and "PermissionError" in result.logs, result.logs


def test_another_process_cannot_be_signalled_by_faking_the_pid(hook_level):
    result = run("import os\nos.getpid = lambda: os.getppid()\nos.kill(os.getppid(), 0)")
    assert result.error and "signalling other processes" in result.logs, result.logs


def test_a_cell_dies_with_a_server_that_is_killed(tmp_path):
    """The cell runs in a session of its own; Linux's parent-death signal still ends it with the server."""
    import os
    import signal
    import subprocess
    import sys
    import time

    if not sys.platform.startswith("linux"):
        pytest.skip("the parent-death signal is Linux's")
    server = subprocess.Popen(
        [sys.executable, "-c", "import asyncio, sys\nfrom simulator.sandbox import run_code\nasyncio.run(run_code(sys.argv[1], {}))",
         "open('/mnt/data/pid', 'w').write(str(__import__('os').getpid()))\nimport time\nwhile True:\n    time.sleep(0.05)"],
        # the fallback level, where the cell's /mnt/data is a directory this test can watch (the box's is its own tmpfs;
        # test_sandbox_box.py checks that a box dies with its server)
        cwd=tmp_path, env={**os.environ, "TMPDIR": str(tmp_path), "SIMULATOR_CODE_TIMEOUT": "60", "SIMULATOR_SANDBOX_ISOLATION": "audit-hook"},
    )  # fmt: skip
    try:
        deadline = time.monotonic() + 20
        cells = []
        while time.monotonic() < deadline and not cells:
            cells = list(tmp_path.glob("**/work/pid"))
            time.sleep(0.05)
        assert cells, "the cell never started"
        cell_pid = int(cells[0].read_text())
    finally:
        server.send_signal(signal.SIGKILL)
        server.wait()
    for _ in range(100):
        try:
            os.kill(cell_pid, 0)
        except ProcessLookupError:
            break
        time.sleep(0.05)
    else:
        os.kill(cell_pid, signal.SIGKILL)
        pytest.fail("the cell outlived the server")
