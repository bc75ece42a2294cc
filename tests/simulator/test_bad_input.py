"""Bad input, as a table: each row a request a learner (or a fuzzer) might send, and the clear 4xx it gets.

Every answer wears the error envelope {"error": {"message", "type", "param", "code"}}; nothing is a 5xx,
and nothing bad is stored. Good but unusual text (emoji, right-to-left, NUL, astral planes) is not bad
input: it round-trips exactly.
"""

from __future__ import annotations

import json

import httpx
import pytest

KEY = {"Authorization": "Bearer sk-test", "OpenAI-Beta": "assistants=v2"}
JSON_HEADERS = {**KEY, "Content-Type": "application/json"}


@pytest.fixture(scope="module")
def http(base_url):
    with httpx.Client(base_url=base_url, headers=KEY, timeout=30) as client:
        yield client


@pytest.fixture(scope="module")
def ids(http) -> dict:
    assistant = http.post("/assistants", json={"model": "gpt-4o", "name": "bad input"}).json()
    thread = http.post("/threads", json={"messages": [{"role": "user", "content": "hi"}]}).json()
    message = http.get(f"/threads/{thread['id']}/messages").json()["data"][0]
    return {"assistant": assistant["id"], "thread": thread["id"], "message": message["id"]}


def envelope(response: httpx.Response) -> dict:
    assert 400 <= response.status_code < 500, (response.status_code, response.text)
    body = response.json()
    assert set(body) == {"error"} and set(body["error"]) == {"message", "type", "param", "code"}, body
    assert body["error"]["message"] and body["error"]["type"] == "invalid_request_error"
    return body["error"]


# (what, method, path, raw body, status, param the error names or None)
MALFORMED = [
    ("truncated JSON", "POST", "/assistants", b'{"model": "gpt-4o"', 400, None),
    ("trailing garbage", "POST", "/assistants", b'{"model": "gpt-4o"} x', 400, None),
    ("single quotes", "POST", "/assistants", b"{'model': 'gpt-4o'}", 400, None),
    ("an array, not an object", "POST", "/threads", b"[]", 400, None),
    ("a bare number", "POST", "/threads", b"42", 400, None),
    ("null", "POST", "/threads", b"null", 400, None),
    ("invalid UTF-8", "POST", "/assistants", b'{"model": "gpt-4o", "name": "\xff\xfe"}', 400, None),
    ("NaN", "POST", "/assistants", b'{"model": "gpt-4o", "temperature": NaN}', 400, None),
    ("Infinity", "POST", "/assistants", b'{"model": "gpt-4o", "top_p": Infinity}', 400, None),
    ("a number too large for a double", "POST", "/assistants", b'{"model": "gpt-4o", "temperature": 1e400}', 400, None),
    ("Infinity inside free-form function parameters", "POST", "/assistants", b'{"model": "gpt-4o", "tools": [{"type": "function", "function": {"name": "f", "parameters": {"maximum": -1e999}}}]}', 400, None),
    ("a lone high surrogate", "POST", "/assistants", b'{"model": "gpt-4o", "name": "\\ud800"}', 400, None),
    ("a lone low surrogate in a message", "POST", "/threads", b'{"messages": [{"role": "user", "content": "a\\udc00b"}]}', 400, None),
    ("a lone surrogate in a metadata key", "POST", "/threads", b'{"metadata": {"\\ud83d": "x"}}', 400, None),
    ("deeply nested", "POST", "/threads", b'{"metadata": ' + b"[" * 100_000 + b"]" * 100_000 + b"}", 400, None),
]

WRONG_TYPES = [
    ("model as a number", "POST", "/assistants", {"model": 4}, 400, "model"),
    ("model missing", "POST", "/assistants", {"name": "x"}, 400, "model"),
    ("name as a list", "POST", "/assistants", {"model": "gpt-4o", "name": ["x"]}, 400, "name"),
    ("temperature as a string", "POST", "/assistants", {"model": "gpt-4o", "temperature": "hot"}, 400, "temperature"),
    ("temperature as a boolean", "POST", "/assistants", {"model": "gpt-4o", "temperature": True}, 400, "temperature"),
    ("temperature too high", "POST", "/assistants", {"model": "gpt-4o", "temperature": 2.5}, 400, "temperature"),
    ("tools as an object", "POST", "/assistants", {"model": "gpt-4o", "tools": {"type": "code_interpreter"}}, 400, "tools"),
    ("a tool of an unknown type", "POST", "/assistants", {"model": "gpt-4o", "tools": [{"type": "retrieval"}]}, 400, "tools[0].type"),
    ("a function without a name", "POST", "/assistants", {"model": "gpt-4o", "tools": [{"type": "function", "function": {}}]}, 400, "tools[0].function.name"),
    ("metadata as a string", "POST", "/threads", {"metadata": "x"}, 400, "metadata"),
    ("a metadata value as a number", "POST", "/threads", {"metadata": {"k": 1}}, 400, "metadata.k"),
    ("messages as a string", "POST", "/threads", {"messages": "hi"}, 400, "messages"),
    ("a message with role system", "POST", "/threads", {"messages": [{"role": "system", "content": "x"}]}, 400, "messages[0].role"),
    ("message content as a number", "POST", "/threads/{thread}/messages", {"role": "user", "content": 5}, 400, None),
    ("stream as a string", "POST", "/threads/{thread}/runs", {"assistant_id": "{assistant}", "stream": "yes"}, 400, "stream"),
    ("max_prompt_tokens below 256", "POST", "/threads/{thread}/runs", {"assistant_id": "{assistant}", "max_prompt_tokens": 10}, 400, "max_prompt_tokens"),
    ("tool_outputs as an object", "POST", "/threads/{thread}/runs/run_abc/submit_tool_outputs", {"tool_outputs": {}}, 404, None),
]

UNKNOWN_FIELDS = [
    ("at the top", "POST", "/assistants", {"model": "gpt-4o", "colour": "blue"}, 400, "colour"),
    ("v1's file_ids", "POST", "/assistants", {"model": "gpt-4o", "file_ids": []}, 400, "file_ids"),
    ("inside a tool", "POST", "/assistants", {"model": "gpt-4o", "tools": [{"type": "code_interpreter", "x": 1}]}, 400, "tools[0].x"),
    ("inside tool_resources", "POST", "/threads", {"tool_resources": {"code_interpreter": {"file_ids": [], "x": 1}}}, 400, "tool_resources.code_interpreter.x"),
    ("inside a message", "POST", "/threads", {"messages": [{"role": "user", "content": "x", "name": "bob"}]}, 400, "messages[0].name"),
    ("on a message update", "POST", "/threads/{thread}/messages/{message}", {"metadata": {}, "content": "changed"}, 400, "content"),
]

HUGE = [
    ("a body over 16 MiB", "POST", "/threads", {"metadata": {"k": "x" * 512}, "messages": [{"role": "user", "content": "x" * (17 * 1024 * 1024)}]}, 413, None),
    ("instructions over 256,000 characters", "POST", "/assistants", {"model": "gpt-4o", "instructions": "x" * 256_001}, 400, "instructions"),
    ("a name over 256 characters", "POST", "/assistants", {"model": "gpt-4o", "name": "名" * 257}, 400, "name"),
    ("17 metadata keys", "POST", "/threads", {"metadata": {f"k{i}": "v" for i in range(17)}}, 400, "metadata"),
    ("a metadata key of 65 characters", "POST", "/threads", {"metadata": {"k" * 65: "v"}}, 400, "metadata"),
    ("a metadata value of 513 characters", "POST", "/threads", {"metadata": {"k": "v" * 513}}, 400, "metadata.k"),
    ("33 initial messages", "POST", "/threads", {"messages": [{"role": "user", "content": "x"}] * 33}, 400, "messages"),
    ("a list limit of 101", "GET", "/assistants?limit=101", None, 400, "limit"),
    ("a list limit that is not a number", "GET", "/assistants?limit=ten", None, 400, "limit"),
    ("a list order that does not exist", "GET", "/assistants?order=sideways", None, 400, "order"),
]

UNKNOWN_IDS = [
    ("assistant", "GET", "/assistants/asst_000000000000000000000000", None, 404, None),
    ("assistant, updated", "POST", "/assistants/asst_000000000000000000000000", {"name": "x"}, 404, None),
    ("assistant, deleted", "DELETE", "/assistants/asst_000000000000000000000000", None, 404, None),
    ("assistant of a run", "POST", "/threads/{thread}/runs", {"assistant_id": "asst_000000000000000000000000"}, 404, "assistant_id"),
    ("assistant of create-and-run", "POST", "/threads/runs", {"assistant_id": "asst_000000000000000000000000"}, 404, "assistant_id"),
    ("thread", "GET", "/threads/thread_000000000000000000000000", None, 404, None),
    ("thread, deleted", "DELETE", "/threads/thread_000000000000000000000000", None, 404, None),
    ("thread of a message", "POST", "/threads/thread_000000000000000000000000/messages", {"role": "user", "content": "x"}, 404, None),
    ("thread of a list", "GET", "/threads/thread_000000000000000000000000/runs", None, 404, None),
    ("message", "GET", "/threads/{thread}/messages/msg_000000000000000000000000", None, 404, None),
    ("message of another thread", "GET", "/threads/{other_thread}/messages/{message}", None, 404, None),
    ("run", "GET", "/threads/{thread}/runs/run_000000000000000000000000", None, 404, None),
    ("run, cancelled", "POST", "/threads/{thread}/runs/run_000000000000000000000000/cancel", None, 404, None),
    ("run, tool outputs", "POST", "/threads/{thread}/runs/run_000000000000000000000000/submit_tool_outputs", {"tool_outputs": []}, 404, None),
    ("run steps", "GET", "/threads/{thread}/runs/run_000000000000000000000000/steps", None, 404, None),
    ("run step", "GET", "/threads/{thread}/runs/run_000000000000000000000000/steps/step_000000000000000000000000", None, 404, None),
    ("file", "GET", "/files/file-000000000000000000000000", None, 404, None),
    ("file content", "GET", "/files/file-000000000000000000000000/content", None, 404, None),
    ("file, deleted", "DELETE", "/files/file-000000000000000000000000", None, 404, None),
    ("file as an attachment", "POST", "/threads/{thread}/messages", {"role": "user", "content": "x", "attachments": [{"file_id": "file-nope", "tools": [{"type": "code_interpreter"}]}]}, 400, None),
    ("file as a tool resource", "POST", "/assistants", {"model": "gpt-4o", "tool_resources": {"code_interpreter": {"file_ids": ["file-nope"]}}}, 400, None),
    ("an id with spaces and unicode", "GET", "/assistants/asst 名 ✓", None, 404, None),
    ("an id of 10,000 characters", "GET", "/threads/" + "t" * 10_000, None, 404, None),
    ("a path that climbs", "GET", "/assistants/..%2F..%2Fhealth", None, 404, None),
    ("a cursor that does not exist", "GET", "/assistants?after=asst_000000000000000000000000", None, 400, "after"),
    ("a route that does not exist", "GET", "/assistants/asst_x/files", None, 404, None),
]

TABLE = [("malformed: " + r[0], *r[1:]) for r in MALFORMED] + [("wrong type: " + r[0], *r[1:]) for r in WRONG_TYPES]
TABLE += [("unknown field: " + r[0], *r[1:]) for r in UNKNOWN_FIELDS] + [("huge: " + r[0], *r[1:]) for r in HUGE]
TABLE += [("unknown id: " + r[0], *r[1:]) for r in UNKNOWN_IDS]


def fill(value, ids: dict):
    """Put real ids where a row says {thread}, {assistant}, ..."""
    if isinstance(value, str):
        return value.format(**ids) if "{" in value and "}" in value and len(value) < 200 else value
    if isinstance(value, list):
        return [fill(v, ids) for v in value]
    if isinstance(value, dict):
        return {k: fill(v, ids) for k, v in value.items()}
    return value


@pytest.mark.parametrize("what, method, path, body, status, param", TABLE, ids=[row[0] for row in TABLE])
def test_bad_input_gets_a_clear_4xx_in_the_envelope(http, ids, what, method, path, body, status, param):
    other = http.post("/threads", json={}).json()["id"]
    path = fill(path, {**ids, "other_thread": other})
    if isinstance(body, bytes):
        content = body
    else:
        content = None if body is None else json.dumps(fill(body, ids)).encode()
    before = len(http.get("/assistants", params={"limit": 100}).json()["data"])
    response = http.request(method, path, content=content, headers=JSON_HEADERS if content is not None else KEY)
    assert response.status_code == status, response.text[:500]
    error = envelope(response)
    if param is not None:
        assert error["param"] == param, error
    assert len(http.get("/assistants", params={"limit": 100}).json()["data"]) == before  # nothing half-created


@pytest.mark.parametrize(
    "text",
    [
        "emoji 👩🏽‍💻🎉 and a flag 🇨🇳",
        "right to left: مرحبا بالعالم — שלום",
        "a NUL \x00 in the middle",
        "astral 𝕏𝔸 and combining e\u0301",
        "zero width\u200bjoiner\u200d and BOM \ufeff",
        "中文:你好,世界!",
    ],
)
def test_unusual_but_valid_text_round_trips_exactly(http, text):
    assistant = http.post("/assistants", json={"model": "gpt-4o", "name": text[:256], "instructions": text, "metadata": {text[:64]: text[:512]}}).json()
    assert assistant["name"] == text[:256] and assistant["instructions"] == text and assistant["metadata"] == {text[:64]: text[:512]}
    thread = http.post("/threads", json={"messages": [{"role": "user", "content": text}]}).json()
    [message] = http.get(f"/threads/{thread['id']}/messages").json()["data"]
    assert message["content"][0]["text"]["value"] == text
    assert http.get(f"/assistants/{assistant['id']}").json()["instructions"] == text


@pytest.mark.parametrize("value", [[], "", 0, False])
def test_falsy_values_of_the_wrong_type_are_type_errors_not_empty_defaults(http, value):
    assistant = http.post("/assistants", json={"model": "gpt-4o"}).json()
    response = http.post("/threads/runs", json={"assistant_id": assistant["id"], "thread": value})
    assert response.status_code == 400 and response.json()["error"]["param"] == "thread", response.text
    if value != []:  # an empty list of messages is a valid one
        response = http.post("/threads", json={"messages": value})
        assert response.status_code == 400 and response.json()["error"]["param"] == "messages", response.text
