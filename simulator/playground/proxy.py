"""jupyter-server-proxy entry point: a JupyterLab launcher tile that starts a simulator and opens its Playground.

Registered in pyproject.toml under [project.entry-points.jupyter_serverproxy_servers] as
`simulator = "simulator.playground.proxy:setup_simulator"`; the page is then at {base_url}simulator/playground/.
"""

from __future__ import annotations

import sys
from pathlib import Path

from simulator.settings import Settings

STATIC = Path(__file__).resolve().parent / "static"


def database() -> Path:
    """A database of its own, beside the course's in .simulator/ under Jupyter's folder.

    Not the one `make lab` or a lesson serves: two simulators on one database would each take the
    other's runs for crashed ones at start. The page's "Copy as code" names this simulator's address,
    so what is made here is reached from code all the same. The page is also served, with the
    lessons' database, by the course's own simulator at http://127.0.0.1:8765/playground/.
    """
    return Path.cwd() / Settings().playground_db  # SIMULATOR_PLAYGROUND_DB; relative to Jupyter's folder


def setup_simulator() -> dict:
    return {
        # jupyter-server-proxy fills in {port}; the simulator listens on loopback only.
        "command": [sys.executable, "-m", "simulator", "--host", "127.0.0.1", "--port", "{port}", "--db", str(database())],
        "timeout": 30,
        # The simulator serves /v1 and /playground/ at its root: the proxy strips its own prefix.
        "absolute_url": False,
        "new_browser_tab": True,
        "launcher_entry": {
            "enabled": True,
            "title": "Assistants Playground",
            "path_info": "simulator/playground/",
            "icon_path": str(STATIC / "icon.svg"),
            "category": "Notebook",
        },
    }
