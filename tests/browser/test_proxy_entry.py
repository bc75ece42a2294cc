"""The jupyter-server-proxy entry point: a launcher tile that serves a simulator with the Playground."""

from __future__ import annotations

from pathlib import Path

from simulator.playground.proxy import setup_simulator


def test_setup_simulator_launches_python_m_simulator_on_the_proxys_port(monkeypatch, tmp_path):
    monkeypatch.setenv("SIMULATOR_PLAYGROUND_DB", str(tmp_path / "p.db"))
    config = setup_simulator()
    command = config["command"]
    assert command[1:3] == ["-m", "simulator"]
    assert command[command.index("--port") + 1] == "{port}"
    assert command[command.index("--host") + 1] == "127.0.0.1"
    assert command[command.index("--db") + 1] == str(tmp_path / "p.db")
    assert config["absolute_url"] is False and config["timeout"] > 0
    entry = config["launcher_entry"]
    assert entry["title"] == "Assistants Playground"
    assert entry["path_info"].endswith("playground/")
    assert Path(entry["icon_path"]).is_file()
