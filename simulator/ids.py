"""Object ids in the real formats (asst_…, thread_…, msg_…, file-…) and the clock that stamps objects."""

import secrets
import string
import time

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


def now() -> int:
    """Unix seconds, as every created_at/completed_at/expires_at carries them."""
    return int(time.time())
