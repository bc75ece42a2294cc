"""Object ids in the real formats: a prefix and 24 letters and digits (asst_…, thread_…, msg_…)."""

import secrets
import string

_ALPHABET = string.ascii_letters + string.digits

PREFIXES = {
    "assistant": "asst",
    "thread": "thread",
    "message": "msg",
    "run": "run",
    "run_step": "step",
    "file": "file",
    "tool_call": "call",
}


def new_id(kind: str) -> str:
    return PREFIXES[kind] + "_" + "".join(secrets.choice(_ALPHABET) for _ in range(24))
