"""JupyterHub for a class on one machine: each learner gets their own JupyterLab, lessons' simulator and Playground.

    cd /srv/assistants-course && make install && .venv/bin/python -m pip install -r requirements-hub.lock
    npm install -g configurable-http-proxy@5.3.0
    .venv/bin/jupyterhub -f docs/hub/jupyterhub_config.py     # as root

Learners log in with their accounts on this machine (PAM) and each gets a server of their own started as
them (LocalProcessSpawner), from the course's .venv. On first start the lessons are copied into their home
(~/assistants-course); their simulator keeps its database in ~/.simulator, on a port of their own. This is
the configuration tests/hub/ runs, with the test's own authenticator, spawner and ports (docs/classroom.md).
"""

import os
import pwd
import shutil
import sys
from pathlib import Path

COURSE = Path(__file__).resolve().parents[2]  # the course folder: its .venv runs the hub and every learner's server
LESSONS = "assistants-course"  # the lessons' folder in each learner's home
c = get_config()  # noqa: F821 (JupyterHub provides it)

c.JupyterHub.spawner_class = "localprocess"  # each learner's server runs as that learner, on this machine
c.Spawner.cmd = [str(Path(sys.executable).with_name("jupyterhub-singleuser"))]
c.Spawner.default_url = f"/lab/tree/{LESSONS}/00_introduction.ipynb"

# The lessons' first cell starts a simulator where OPENAI_BASE_URL points: one port per learner (two learners on
# one address would share one simulator), its database and log in the learner's own ~/.simulator.
c.Spawner.environment = {
    "OPENAI_BASE_URL": lambda spawner: f"http://127.0.0.1:{20000 + spawner.user.id}/v1",
    "OPENAI_API_KEY": "sk-offline",
    "SIMULATOR_STATE_DIR": "~/.simulator",
}


def home_of(spawner) -> Path:
    """The learner's home: the spawner's own idea of it, else their account's."""
    return Path(getattr(spawner, "home_dir", "") or pwd.getpwnam(spawner.user.name).pw_dir)


def copy_lessons(spawner) -> None:
    """The lessons, copied into the learner's home the first time their server starts (later edits are theirs)."""
    target = home_of(spawner) / LESSONS
    if target.exists():
        return
    shutil.copytree(COURSE / "notebooks", target, ignore=shutil.ignore_patterns("src", ".ipynb_checkpoints", "saved_thread.json"))
    if os.geteuid() == 0:  # the hub runs as root: the copy is the learner's
        try:
            account = pwd.getpwnam(spawner.user.name)
        except KeyError:
            return  # a learner with no account of their own (a test's spawner runs everyone as the hub's user)
        for path in [target, *target.rglob("*")]:
            os.chown(path, account.pw_uid, account.pw_gid)


c.Spawner.pre_spawn_hook = copy_lessons
