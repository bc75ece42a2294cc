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
    # The Responses family: 48 hex digits after the prefix (cfile_ 32), as the real ids were.
    "response": "resp_",
    "output_message": "msg_",
    "function_call": "fc_",
    "function_call_output": "fco_",
    "code_interpreter_call": "ci_",
    "file_search_call": "fs_",
    "compaction": "cmp_",  # /v1/responses/compact's item
    "conversation": "conv_",
    "container": "cntr_",
    "container_file": "cfile_",
    # Vector stores (file_search): vs_ and vsfb_ with 32 hex digits, as the later real ids were.
    "vector_store": "vs_",
    "vector_store_file_batch": "vsfb_",
}
HEX_LENGTHS = {"response": 48, "output_message": 48, "function_call": 48, "function_call_output": 48, "code_interpreter_call": 48, "file_search_call": 48, "compaction": 48, "conversation": 48, "container": 48, "container_file": 32, "vector_store": 32, "vector_store_file_batch": 32}


def new_id(kind: str) -> str:
    if kind in HEX_LENGTHS:
        return PREFIXES[kind] + secrets.token_hex(HEX_LENGTHS[kind] // 2)
    return PREFIXES[kind] + _letters_and_digits(24)


def _letters_and_digits(count: int) -> str:
    """`count` uniform random letters and digits from one read of the OS's randomness (one
    `secrets.choice` per character cost the server more than the SQLite write of the object)."""
    picked = ""
    while len(picked) < count:
        # 248 = 4 × 62: bytes at or above it are dropped, so every character is equally likely.
        picked += "".join(_ALPHABET[byte % 62] for byte in secrets.token_bytes(count + 8) if byte < 248)
    return picked[:count]


def now() -> int:
    """Unix seconds, as every created_at/completed_at/expires_at carries them."""
    return int(time.time())
