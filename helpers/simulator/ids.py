"""Object ids in the real formats: a prefix and 24 letters and digits (asst_…, thread_…, msg_…, file-…)."""

import secrets
import string

_ALPHABET = string.ascii_letters + string.digits

PREFIXES = {
    "assistant": "asst_",
    "thread": "thread_",
    "message": "msg_",
    "run": "run_",
    "run_step": "step_",
    "file": "file-",  # files alone had a hyphen on the real API
    "tool_call": "call_",
}


def new_id(kind: str) -> str:
    return PREFIXES[kind] + "".join(secrets.choice(_ALPHABET) for _ in range(24))
