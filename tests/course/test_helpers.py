"""What the lessons import: show_json prints readable JSON, check_backend finds (or starts) the API."""

import json
import os
import signal
import time

import pytest

from course.service import probe, read_pid_record
from helpers import check_backend, show_json
from simulator import launch
from simulator.launch import free_port


@pytest.fixture
def thread(client):
    return client.beta.threads.create(metadata={"fullname": "王卓然", "username": "taliux"}, messages=[{"role": "user", "content": "你好"}])


def printed(capsys, obj):
    show_json(obj)
    out = capsys.readouterr().out
    assert out.endswith("\n") and "\\u" not in out
    return out


def test_show_json_prints_an_sdk_model_as_pretty_json_with_chinese_unescaped(capsys, thread):
    out = printed(capsys, thread)
    assert '"fullname": "王卓然"' in out
    assert out.startswith('{\n    "id": "thread_')  # indented by four, as the seed's show_json
    assert json.loads(out) == json.loads(thread.model_dump_json())


def test_show_json_prints_a_page(capsys, client, thread):
    page = client.beta.threads.messages.list(thread.id)
    out = printed(capsys, page)
    data = json.loads(out)
    assert data["object"] == "list" and data["has_more"] is False
    assert data["data"][0]["content"][0]["text"]["value"] == "你好" and '"value": "你好"' in out


def test_show_json_prints_dicts_and_lists_holding_models(capsys, client, thread):
    messages = client.beta.threads.messages.list(thread.id).data
    out = printed(capsys, {"用户": "王卓然", "thread": thread, "count": 1})
    assert json.loads(out) == {"用户": "王卓然", "thread": json.loads(thread.model_dump_json()), "count": 1}
    out = printed(capsys, [*messages, "一", 2, None])
    assert json.loads(out) == [json.loads(messages[0].model_dump_json()), "一", 2, None]


@pytest.fixture
def clean_env(monkeypatch, tmp_path):
    """A working folder of the test's own, with every variable check_backend reads or writes restored afterwards."""
    for name in ("OPENAI_BASE_URL", "OPENAI_API_KEY", "SIMULATOR_STATE_DIR", "COURSE_ONLY_IN_DOTENV"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("SIMULATOR_STATE_DIR", str(tmp_path / "state"))
    return tmp_path


def test_variables_already_set_win_over_dotenv(clean_env, monkeypatch, capsys, base_url):
    (clean_env / ".env").write_text("OPENAI_BASE_URL=http://127.0.0.1:9/v1\nOPENAI_API_KEY=sk-from-dotenv\nCOURSE_ONLY_IN_DOTENV=yes\n")
    monkeypatch.setenv("OPENAI_BASE_URL", base_url)
    monkeypatch.setenv("OPENAI_API_KEY", "sk-set-by-the-shell")
    line = check_backend()
    assert os.environ["OPENAI_BASE_URL"] == base_url and os.environ["OPENAI_API_KEY"] == "sk-set-by-the-shell"
    assert os.environ["COURSE_ONLY_IN_DOTENV"] == "yes"  # what the shell did not set still comes from .env
    assert capsys.readouterr().out == line + "\n" == f"Backend: the offline Assistants API simulator at {base_url}\n"
    assert not (clean_env / "state").exists()  # it answered, so nothing was started


def test_dotenv_fills_in_what_is_not_set(clean_env, capsys, base_url):
    (clean_env / ".env").write_text(f"OPENAI_BASE_URL={base_url}\nOPENAI_API_KEY=sk-from-dotenv\n")
    check_backend()
    assert os.environ["OPENAI_BASE_URL"] == base_url and os.environ["OPENAI_API_KEY"] == "sk-from-dotenv"
    assert "sk-from-dotenv" not in capsys.readouterr().out


def test_a_free_loopback_port_gets_a_simulator_started_there(clean_env, monkeypatch, capsys):
    base_url = f"http://127.0.0.1:{free_port()}/v1"
    monkeypatch.setenv("OPENAI_BASE_URL", base_url)
    monkeypatch.setenv("OPENAI_API_KEY", "sk-never-print-this")
    state = clean_env / "state"
    try:
        line = check_backend()
        out = capsys.readouterr().out
        assert out == line + "\n" and out.count("\n") == 1
        assert line == f"Backend: the offline Assistants API simulator at {base_url} (started now; `make stop` stops it)"
        assert "sk-never-print-this" not in out
        health = probe(base_url)
        assert health["service"] == "assistants-simulator" and health["marker"] == launch.MARKER and health["version"]
        assert (state / "simulator.db").exists() and (state / "server.pid").exists()  # in the given folder, not the repo's
        record = read_pid_record(state)
        assert record == {"pid": health["pid"], "base_url": base_url, "started_by": "a lesson (check_backend)"}

        from openai import OpenAI

        assert OpenAI().beta.threads.create().object == "thread"  # the plain client finds it through the environment
    finally:
        pid_file = state / "server.pid"
        if pid_file.exists():
            pid = json.loads(pid_file.read_text())["pid"]
            os.kill(pid, signal.SIGTERM)
            os.waitpid(pid, 0)  # it is this process's child: reap it
    deadline = time.monotonic() + 5
    while probe(base_url, timeout=0.2) is not None and time.monotonic() < deadline:
        time.sleep(0.05)
    assert probe(base_url, timeout=0.2) is None


def test_a_remote_endpoint_is_named_and_not_started(clean_env, monkeypatch, capsys):
    monkeypatch.setenv("OPENAI_BASE_URL", "https://api.example.com/v1")
    monkeypatch.setenv("OPENAI_API_KEY", "sk-remote-secret")
    line = check_backend()
    out = capsys.readouterr().out
    assert out == line + "\n" and "https://api.example.com/v1" in line and "remote" in line
    assert "sk-remote-secret" not in out
    assert not (clean_env / "state").exists()
