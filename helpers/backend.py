"""Which API the lessons talk to: check_backend(), the first cell of every lesson, starts the simulator when nothing answers.

Starting and stopping the course's simulator is `course.service`'s (`make stop`); this module only
decides, for a lesson, what to use and what to say.
"""

from __future__ import annotations

import json
import os
import sys
import urllib.error
import urllib.request
from pathlib import Path

from dotenv import find_dotenv, load_dotenv

from course.service import DEFAULT_BASE_URL, start_simulator, stranger_message
from helpers.checks import say
from simulator import launch
from simulator.launch import is_loopback, is_simulator, root_url

DEFAULT_KEY = "sk-offline"


class BackendError(RuntimeError):
    """The lessons' API cannot be used as configured; the message says what to do."""






def probe(base_url: str, timeout: float = 1.0) -> dict | None:
    """What answers at the server behind base_url: its /health body, {} for a server without one, None for nothing."""
    return launch.probe(root_url(base_url), timeout=timeout)




def speaks_assistants(base_url: str, api_key: str, timeout: float = 2.0) -> bool:
    """Whether the server at base_url answers GET /assistants as the Assistants API does (a list)."""
    request = urllib.request.Request(
        base_url.rstrip("/") + "/assistants?limit=1",
        headers={"Authorization": f"Bearer {api_key}", "OpenAI-Beta": "assistants=v2"},
    )
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:
            body = json.loads(response.read() or b"{}")
    except (OSError, ValueError):
        return False
    return isinstance(body, dict) and body.get("object") == "list"


def connection_hint(base_url: str) -> str:
    """What to do when a call cannot reach the API (shown under an APIConnectionError in a lesson)."""
    if is_loopback(base_url):
        return (
            f"The simulator at {base_url} is not answering: re-run the first cell (check_backend()) to restart it, "
            f"or run `make lab` (README: Troubleshooting)."
        )
    return f"The API at {base_url} is not answering: check OPENAI_BASE_URL in .env, and your network."


def install_connection_hint(base_url: str) -> bool:
    """In IPython, add connection_hint under the traceback of every openai.APIConnectionError; False elsewhere.

    The lessons' code stays as learners copy it: the hint comes from the notebook's shell, not from a wrapper."""
    shell = _ipython()
    if shell is None:
        return False
    import openai

    def handler(shell, etype, value, tb, tb_offset=None):
        stb = shell.InteractiveTB.structured_traceback(etype, value, tb, tb_offset=tb_offset)
        url = os.environ.get("OPENAI_BASE_URL") or base_url
        stb = [*stb, "\n\033[1;31m→ " + connection_hint(url) + "\033[0m"]
        shell._showtraceback(etype, value, stb)  # IPython discards what a handler returns when a cell raises: show it here
        return stb

    shell.set_custom_exc((openai.APIConnectionError,), handler)
    return True


def _ipython():
    if "IPython" not in sys.modules:
        return None
    from IPython import get_ipython

    return get_ipython()


# -- the lessons' first cell --------------------------------------------------------------------------


def check_backend(state: Path | None = None) -> str:
    """Load .env, make sure the API answers, and print one line naming it (never the key).

    Variables already set win over .env. With no OPENAI_BASE_URL at all the course uses the offline
    simulator at its default address; a loopback address where nothing answers gets the simulator
    started there, keeping its files in `state` (default: state_dir()). Another program answering
    there, one that does not speak the Assistants API, raises BackendError saying what to do. In a
    notebook, a later APIConnectionError also says what to do (install_connection_hint).
    """
    load_dotenv(find_dotenv(usecwd=True), override=False)
    os.environ.setdefault("OPENAI_BASE_URL", DEFAULT_BASE_URL)
    base_url = os.environ["OPENAI_BASE_URL"]
    install_connection_hint(base_url)
    if not is_loopback(base_url):
        os.environ.setdefault("OPENAI_API_KEY", "")
        line = say(f"Backend: {base_url} (a remote endpoint: it must still serve the Assistants API)", f"后端：{base_url}（远程端点：它必须仍然提供 Assistants API）")
        print(line)
        return line
    os.environ.setdefault("OPENAI_API_KEY", DEFAULT_KEY)
    health = probe(base_url)
    started = False
    if health is None:
        start_simulator(base_url, state=state)
        health, started = probe(base_url), True
    if is_simulator(health):
        line = say(f"Backend: the offline Assistants API simulator at {base_url}", f"后端：离线的 Assistants API 模拟器，地址 {base_url}")
        if started:
            line += say(" (started now; `make stop` stops it)", "（刚刚启动；`make stop` 可以停止它）")
    elif speaks_assistants(base_url, os.environ["OPENAI_API_KEY"]):
        line = say(
            f"Backend: a local endpoint at {base_url} (not the course's simulator, but it serves the Assistants API)",
            f"后端：本机端点 {base_url}（不是本课程的模拟器，但它提供 Assistants API）",
        )
    else:
        raise BackendError(stranger_message(base_url))
    print(line)
    return line


