"""The wire itself: auth, the beta header, malformed bodies, unknown routes — each a clear 4xx envelope."""

import httpx2 as httpx
import pytest


@pytest.fixture
def http(base_url):
    with httpx.Client(base_url=base_url, headers={"Authorization": "Bearer sk-test", "OpenAI-Beta": "assistants=v2"}) as client:
        yield client


def envelope(response) -> dict:
    body = response.json()
    assert set(body) == {"error"} and set(body["error"]) == {"message", "type", "param", "code"}
    return body["error"]


@pytest.mark.parametrize("header", [None, "", "Bearer", "Basic abc"])
def test_a_missing_or_empty_key_is_401(base_url, header):
    headers = {"OpenAI-Beta": "assistants=v2"} | ({"Authorization": header} if header is not None else {})
    response = httpx.get(base_url + "/assistants", headers=headers)
    assert response.status_code == 401
    assert "API key" in envelope(response)["message"]


def test_any_non_empty_key_is_accepted(base_url):
    response = httpx.get(base_url + "/assistants", headers={"Authorization": "Bearer anything", "OpenAI-Beta": "assistants=v2"})
    assert response.status_code == 200


def test_the_assistants_beta_header_is_required_as_it_was(base_url):
    response = httpx.get(base_url + "/threads/thread_x", headers={"Authorization": "Bearer sk-test"})
    assert response.status_code == 400 and "OpenAI-Beta" in envelope(response)["message"]
    v1 = httpx.get(base_url + "/assistants", headers={"Authorization": "Bearer sk-test", "OpenAI-Beta": "assistants=v1"})
    assert v1.status_code == 400 and "v1" in envelope(v1)["message"]


@pytest.mark.parametrize("body", [b"{not json", b"[1, 2]", b'"text"', b"\xff\xfe"])
def test_malformed_json_is_400(http, body):
    response = http.post("/assistants", content=body, headers={"content-type": "application/json"})
    assert response.status_code == 400
    assert envelope(response)["type"] == "invalid_request_error"


def test_unknown_route_and_method_are_404_invalid_url(http):
    assert http.get("/nothing-here").status_code == 404
    response = http.patch("/assistants")
    assert response.status_code == 404 and envelope(response)["message"] == "Invalid URL (PATCH /v1/assistants)"


@pytest.mark.parametrize("path", ["/assistants/asst_nope", "/threads/thread_nope", "/threads/thread_nope/messages", "/threads/thread_nope/runs", "/files/file_nope"])
def test_unknown_ids_are_404(http, path):
    response = http.get(path)
    assert response.status_code == 404 and "nope" in envelope(response)["message"]


def test_wrong_types_are_400_not_500(http):
    for body in ({"model": 5}, {"model": "gpt-4o", "tools": "code_interpreter"}, {"model": "gpt-4o", "metadata": []}, {"model": "gpt-4o", "tools": [5]}, {"model": "gpt-4o", "temperature": "hot"}):
        response = http.post("/assistants", json=body)
        assert response.status_code == 400, body
        envelope(response)


def test_responses_carry_request_ids(http):
    response = http.get("/assistants")
    assert response.headers["x-request-id"].startswith("req_")
