"""/v1/files through the SDK: upload, list, retrieve, content, delete, and bad uploads."""

from __future__ import annotations

import io
from pathlib import Path

import httpx
import openai
import pytest
from openai import OpenAI

SALES = Path(__file__).resolve().parents[2] / "data" / "sales.csv"


def test_upload_keeps_the_name_and_the_bytes(client):
    with open(SALES, "rb") as handle:
        file = client.files.create(file=handle, purpose="assistants")
    assert file.id.startswith("file-") and len(file.id) == 29 and file.object == "file"
    assert file.filename == "sales.csv" and file.bytes == SALES.stat().st_size and file.purpose == "assistants"
    assert file.status == "processed" and file.expires_at is None
    assert client.files.retrieve(file.id) == file


def test_content_comes_back_byte_for_byte(client):
    data = bytes(range(256)) * 40 + "销售额\r\n".encode()
    file = client.files.create(file=("blob.bin", data), purpose="user_data")
    assert client.files.content(file.id).read() == data
    assert client.files.with_raw_response.content(file.id).headers["content-type"] == "application/octet-stream"


def test_files_for_assistants_cannot_be_downloaded_as_on_the_real_api(client):
    file = client.files.create(file=("notes.txt", b"hello"), purpose="assistants")
    with pytest.raises(openai.BadRequestError) as caught:
        client.files.content(file.id)
    assert caught.value.body == {"message": "Not allowed to download files of purpose: assistants", "type": "invalid_request_error", "param": None, "code": None}


def test_list_filters_by_purpose_and_pages(tmp_simulator):
    client = OpenAI(base_url=tmp_simulator().base_url, api_key="sk-test")
    ids = [client.files.create(file=(f"f{i}.txt", b"x"), purpose="assistants" if i % 2 else "batch").id for i in range(5)]
    assert [f.id for f in client.files.list()] == ids[::-1]
    assert [f.id for f in client.files.list(purpose="assistants")] == [ids[3], ids[1]]
    assert [f.id for f in client.files.list(purpose="assistants_output")] == []
    page = client.files.list(limit=2, order="asc")
    assert [f.id for f in page.data] == ids[:2] and page.has_more
    assert [f.id for f in client.files.list(limit=2, order="asc", after=ids[1]).data] == ids[2:4]
    with pytest.raises(openai.BadRequestError) as caught:
        client.files.list(purpose="pictures")
    assert caught.value.body["param"] == "purpose"


def test_delete_removes_the_file_and_its_bytes(client):
    file = client.files.create(file=("gone.csv", b"a,b\n1,2\n"), purpose="batch")
    deleted = client.files.delete(file.id)
    assert (deleted.id, deleted.object, deleted.deleted) == (file.id, "file", True)
    for call in (client.files.retrieve, client.files.content, client.files.delete):
        with pytest.raises(openai.NotFoundError) as caught:
            call(file.id)
        assert caught.value.body["message"] == f"No file found with id '{file.id}'."


def test_expires_after_sets_expires_at(client):
    file = client.files.create(file=("short.txt", b"x"), purpose="batch", expires_after={"anchor": "created_at", "seconds": 3600})
    assert file.expires_at == file.created_at + 3600
    with pytest.raises(openai.BadRequestError) as caught:
        client.files.create(file=("short.txt", b"x"), purpose="batch", expires_after={"anchor": "created_at", "seconds": 60})
    assert caught.value.body["param"] == "expires_after.seconds"


@pytest.mark.parametrize(
    ("kwargs", "param", "code"),
    [
        ({"file": ("a.txt", b"x"), "purpose": "assistants_output"}, "purpose", "invalid_value"),
        ({"file": ("a.txt", b"x"), "purpose": "pictures"}, "purpose", "invalid_value"),
        ({"file": ("empty.txt", b""), "purpose": "assistants"}, "file", "empty_file"),
        ({"file": ("a.txt", b"x"), "purpose": "assistants", "extra_body": {"colour": "blue"}}, "colour", "unknown_parameter"),
    ],
)
def test_bad_uploads_are_a_400_naming_the_parameter(client, kwargs, param, code):
    with pytest.raises(openai.BadRequestError) as caught:
        client.files.create(**kwargs)
    assert caught.value.body["param"] == param and caught.value.body["code"] == code


def test_missing_fields_and_non_multipart_bodies_are_400(base_url):
    headers = {"Authorization": "Bearer sk-test"}
    missing_purpose = httpx.post(f"{base_url}/files", headers=headers, files={"file": ("a.txt", b"x")})
    assert missing_purpose.status_code == 400 and missing_purpose.json()["error"]["param"] == "purpose"
    missing_file = httpx.post(f"{base_url}/files", headers=headers, data={"purpose": "assistants"}, files={"other": ("a.txt", b"x")})
    assert missing_file.status_code == 400
    as_json = httpx.post(f"{base_url}/files", headers=headers, json={"purpose": "assistants"})
    assert as_json.status_code == 400 and set(as_json.json()["error"]) == {"message", "type", "param", "code"}
    purpose_as_file = httpx.post(f"{base_url}/files", headers=headers, files={"file": ("a.txt", b"x"), "purpose": ("p.txt", b"assistants")})
    assert purpose_as_file.status_code == 400 and purpose_as_file.json()["error"]["type"] == "invalid_request_error"


def test_an_upload_over_the_limit_gets_a_clear_error(tmp_simulator):
    client = OpenAI(base_url=tmp_simulator(env={"SIMULATOR_MAX_UPLOAD_BYTES": "1000"}).base_url, api_key="sk-test", max_retries=0)
    assert client.files.create(file=("ok.txt", b"x" * 1000), purpose="assistants").bytes == 1000
    for size in (1001, 200_000):  # just over (caught while reading) and far over (caught by Content-Length)
        with pytest.raises(openai.APIStatusError) as caught:
            client.files.create(file=io.BytesIO(b"x" * size), purpose="assistants")
        assert caught.value.status_code == 413
        assert caught.value.body["code"] == "file_too_large" and "1000 bytes" in caught.value.body["message"]
    assert [f.bytes for f in client.files.list()] == [1000]  # nothing half-stored


@pytest.mark.parametrize("seconds", ["³", "٣٦٠٠", "3600.0", "-3600", ""])
def test_expires_after_seconds_that_are_not_plain_digits_are_400(base_url, seconds):
    import httpx2

    response = httpx2.post(
        base_url + "/files",
        headers={"Authorization": "Bearer sk-test"},
        data={"purpose": "batch", "expires_after[anchor]": "created_at", "expires_after[seconds]": seconds},
        files={"file": ("x.txt", b"x")},
    )
    assert response.status_code == 400, response.text
    assert response.json()["error"]["param"] == "expires_after.seconds"
