"""/v1/vector_stores through the real SDK: stores, files, batches, search, ingestion status, bad input, restarts.

Every response here is also checked against the spec's vector_stores family by the session's conformance log.
"""

from __future__ import annotations

import time
from pathlib import Path

import httpx2 as httpx
import openai
import pytest

from simulator.launch import SimulatorProcess

DOCS = Path(__file__).resolve().parents[2] / "data" / "uap_docs"
HEADERS = {"Authorization": "Bearer sk-test"}


def doc(name: str) -> tuple[str, bytes]:
    return name, (DOCS / name).read_bytes()


@pytest.fixture
def http(base_url):
    with httpx.Client(base_url=base_url, headers=HEADERS, timeout=30) as client:
        yield client


@pytest.fixture(scope="module")
def uap_store(base_url):
    """One store with the whole UAP documentation, shared by the read-only tests."""
    client = openai.OpenAI(base_url=base_url, api_key="sk-test", max_retries=0)
    store = client.vector_stores.create(name="UAP docs")
    client.vector_stores.file_batches.upload_and_poll(store.id, files=[doc(p.name) for p in sorted(DOCS.iterdir())])
    return client.vector_stores.retrieve(store.id)


def error_of(response) -> dict:
    return response.json()["error"]


# -- stores ---------------------------------------------------------------------------------------


def test_store_lifecycle(client):
    store = client.vector_stores.create(name="notes", metadata={"course": "08"}, expires_after={"anchor": "last_active_at", "days": 3})
    assert store.id.startswith("vs_") and store.status == "completed" and store.file_counts.total == 0
    assert store.expires_after.days == 3 and store.expires_at == store.last_active_at + 3 * 86400
    assert client.vector_stores.retrieve(store.id).name == "notes"
    renamed = client.vector_stores.update(store.id, name="renamed", metadata={"course": "09"}, expires_after=None)
    assert renamed.name == "renamed" and renamed.metadata == {"course": "09"} and renamed.expires_at is None
    assert store.id in [s.id for s in client.vector_stores.list(limit=100)]
    gone = client.vector_stores.delete(store.id)
    assert gone.deleted and gone.object == "vector_store.deleted"
    with pytest.raises(openai.NotFoundError, match="No vector store found"):
        client.vector_stores.retrieve(store.id)


def test_list_pages_by_cursor(client):
    ids = [client.vector_stores.create(name=f"page {i}").id for i in range(3)]
    first = client.vector_stores.list(limit=2, order="asc", after=ids[0])
    assert [s.id for s in first.data] == ids[1:] and first.first_id == ids[1]


# -- files and ingestion --------------------------------------------------------------------------


def test_file_moves_from_in_progress_to_completed(client):
    store = client.vector_stores.create(name="one file")
    file = client.files.create(file=doc("05_数据访问.md"), purpose="assistants")
    added = client.vector_stores.files.create(store.id, file_id=file.id, attributes={"lang": "zh", "chapter": 5})
    assert added.status == "in_progress" and added.id == file.id and added.usage_bytes == 0
    assert client.vector_stores.retrieve(store.id).file_counts.in_progress == 1
    done = client.vector_stores.files.poll(file.id, vector_store_id=store.id)
    assert done.status == "completed" and done.last_error is None and done.usage_bytes > 0
    assert done.chunking_strategy.static.max_chunk_size_tokens == 800 and done.attributes == {"lang": "zh", "chapter": 5}
    store = client.vector_stores.retrieve(store.id)
    assert store.status == "completed" and store.file_counts.completed == 1 and store.usage_bytes == done.usage_bytes


def test_usage_bytes_are_the_stored_chunks(client):
    """Smaller chunks with overlap store more text: usage_bytes grows with the overlap."""
    store = client.vector_stores.create(name="sizes")
    data = doc("02_configuration_reference.md")
    whole = client.vector_stores.files.upload_and_poll(vector_store_id=store.id, file=data, chunking_strategy={"type": "static", "static": {"max_chunk_size_tokens": 4096, "chunk_overlap_tokens": 0}})
    other = client.vector_stores.create(name="sizes, overlapping")
    overlapping = client.vector_stores.files.upload_and_poll(vector_store_id=other.id, file=data, chunking_strategy={"type": "static", "static": {"max_chunk_size_tokens": 100, "chunk_overlap_tokens": 50}})
    assert whole.usage_bytes == len(data[1].decode("utf-8").encode("utf-8"))  # one chunk: the text itself
    assert overlapping.usage_bytes > 1.5 * whole.usage_bytes
    assert overlapping.chunking_strategy.static.chunk_overlap_tokens == 50


def test_sdk_helpers(client):
    store = client.vector_stores.create(name="helpers")
    uploaded = client.files.create(file=doc("06_认证与安全.md"), purpose="assistants")
    assert client.vector_stores.files.create_and_poll(file_id=uploaded.id, vector_store_id=store.id).status == "completed"
    assert client.vector_stores.files.upload_and_poll(vector_store_id=store.id, file=doc("07_deployment_guide.txt")).status == "completed"
    more = client.files.create(file=doc("04_rest_controllers.md"), purpose="user_data")
    batch = client.vector_stores.file_batches.create_and_poll(store.id, file_ids=[more.id])
    assert batch.status == "completed" and batch.file_counts.completed == 1 and batch.id.startswith("vsfb_")
    batch = client.vector_stores.file_batches.upload_and_poll(store.id, files=[doc("08_troubleshooting_faq.pdf")], file_ids=[uploaded.id])
    assert batch.status == "completed" and batch.file_counts.total == 2
    listed = client.vector_stores.file_batches.list_files(batch.id, vector_store_id=store.id, filter="completed")
    assert len(listed.data) == 2
    assert client.vector_stores.retrieve(store.id).file_counts.completed == 4


def test_failed_files_say_which_and_why(client):
    store = client.vector_stores.create(name="bad files")
    unsupported = client.files.create(file=("sales.xlsx", b"PK\x03\x04 not really"), purpose="assistants")
    broken = client.files.create(file=("manual.pdf", b"%PDF-1.4 this is no pdf"), purpose="assistants")
    batch = client.vector_stores.file_batches.create_and_poll(store.id, file_ids=[unsupported.id, broken.id])
    assert batch.status == "completed" and batch.file_counts.failed == 2
    failed = {f.id: f for f in client.vector_stores.files.list(store.id, filter="failed")}
    assert failed[unsupported.id].last_error.code == "unsupported_file" and unsupported.id in failed[unsupported.id].last_error.message
    assert failed[broken.id].last_error.code == "invalid_file" and broken.id in failed[broken.id].last_error.message
    assert failed[broken.id].usage_bytes == 0
    assert client.vector_stores.files.list(store.id, filter="completed").data == []


def test_file_attributes_content_and_delete(client, uap_store):
    files = client.vector_stores.files.list(uap_store.id, limit=100).data
    target = next(f for f in files if client.files.retrieve(f.id).filename == "07_deployment_guide.txt")
    updated = client.vector_stores.files.update(target.id, vector_store_id=uap_store.id, attributes={"kind": "ops"})
    assert updated.attributes == {"kind": "ops"}
    content = client.vector_stores.files.content(target.id, vector_store_id=uap_store.id)
    assert "UAP DEPLOYMENT GUIDE" in "".join(part.text for part in content)


def test_deleting_a_store_file_takes_it_out_of_search(client):
    store = client.vector_stores.create(name="delete me")
    added = client.vector_stores.files.upload_and_poll(vector_store_id=store.id, file=doc("07_deployment_guide.txt"))
    assert client.vector_stores.search(store.id, query="liveness probe").data
    gone = client.vector_stores.files.delete(added.id, vector_store_id=store.id)
    assert gone.deleted and gone.object == "vector_store.file.deleted"
    assert client.vector_stores.search(store.id, query="liveness probe").data == []
    assert client.vector_stores.retrieve(store.id).usage_bytes == 0
    assert client.files.retrieve(added.id).id == added.id  # the File itself stays


def test_deleting_the_file_removes_it_from_its_stores(client):
    store = client.vector_stores.create(name="file deleted")
    added = client.vector_stores.files.upload_and_poll(vector_store_id=store.id, file=doc("07_deployment_guide.txt"))
    client.files.delete(added.id)
    assert client.vector_stores.files.list(store.id).data == []
    assert client.vector_stores.search(store.id, query="liveness probe").data == []


def test_cancelling_a_batch(client):
    store = client.vector_stores.create(name="cancel")
    ids = [client.files.create(file=doc(p.name), purpose="assistants").id for p in sorted(DOCS.iterdir())]
    batch = client.vector_stores.file_batches.create(store.id, file_ids=ids)
    assert batch.status == "in_progress" and batch.file_counts.in_progress == len(ids)
    cancelled = client.vector_stores.file_batches.cancel(batch.id, vector_store_id=store.id)
    assert cancelled.status == "cancelled" and cancelled.file_counts.cancelled >= 1
    assert cancelled.file_counts.in_progress == 0 and cancelled.file_counts.total == len(ids)
    time.sleep(0.5)
    counts = client.vector_stores.retrieve(store.id).file_counts
    assert counts.cancelled == cancelled.file_counts.cancelled and counts.in_progress == 0


# -- search ---------------------------------------------------------------------------------------


def test_search_finds_the_answering_file(client, uap_store):
    page = client.vector_stores.search(uap_store.id, query="密码连续输错几次会锁定账号？", max_num_results=3)
    assert page.data[0].filename == "06_认证与安全.md" and "5 次密码错误" in page.data[0].content[0].text
    assert len(page.data) <= 3 and all(0 <= hit.score <= 1 for hit in page.data)
    assert [hit.score for hit in page.data] == sorted((hit.score for hit in page.data), reverse=True)


def test_search_with_several_queries_filters_and_threshold(http, uap_store):
    both = http.post(f"/vector_stores/{uap_store.id}/search", json={"query": ["liveness probe", "JDK 版本"], "max_num_results": 5}).json()
    assert both["search_query"] == ["liveness probe", "JDK 版本"]
    assert {"07_deployment_guide.txt", "01_快速开始与安装.md"} <= {hit["filename"] for hit in both["data"]}
    strict = http.post(f"/vector_stores/{uap_store.id}/search", json={"query": "liveness probe", "ranking_options": {"ranker": "auto", "score_threshold": 0.99}}).json()
    assert strict["data"] == []
    rewritten = http.post(f"/vector_stores/{uap_store.id}/search", json={"query": "What is the default port?", "rewrite_query": True}).json()
    assert rewritten["search_query"] == ["default port"]


def test_search_filters_on_attributes(client):
    store = client.vector_stores.create(name="filtered")
    zh = client.files.create(file=doc("06_认证与安全.md"), purpose="assistants")
    en = client.files.create(file=doc("04_rest_controllers.md"), purpose="assistants")
    client.vector_stores.file_batches.create_and_poll(store.id, files=[{"file_id": zh.id, "attributes": {"lang": "zh"}}, {"file_id": en.id, "attributes": {"lang": "en"}}])
    english = client.vector_stores.search(store.id, query="HTTP 401", filters={"type": "eq", "key": "lang", "value": "en"})
    assert {hit.file_id for hit in english.data} == {en.id}
    assert english.data[0].attributes == {"lang": "en"}


# -- bad input gets the real 4xx ------------------------------------------------------------------


@pytest.mark.parametrize(
    "body,status,message",
    [
        ({"name": 5}, 400, "Invalid type for 'name': expected a string, but got an integer instead."),
        ({"nmae": "x"}, 400, "Unknown parameter: 'nmae'."),
        ({"expires_after": {"anchor": "last_active_at"}}, 400, "Missing required parameter: 'expires_after.days'."),
        ({"expires_after": {"anchor": "last_active_at", "days": 400}}, 400, "Expected a value <= 365, but got 400 instead."),
        ({"file_ids": ["file-nope"]}, 404, "No file found with id 'file-nope'."),
        ({"chunking_strategy": {"type": "static", "static": {"max_chunk_size_tokens": 99, "chunk_overlap_tokens": 0}}}, 400, "Expected a value >= 100, but got 99 instead."),
        ({"chunking_strategy": {"type": "static", "static": {"max_chunk_size_tokens": 4097, "chunk_overlap_tokens": 0}}}, 400, "Expected a value <= 4096, but got 4097 instead."),
        ({"chunking_strategy": {"type": "static", "static": {"max_chunk_size_tokens": 800, "chunk_overlap_tokens": 401}}}, 400, "must not exceed half of max_chunk_size_tokens (400)"),
        ({"chunking_strategy": {"type": "semantic"}}, 400, "Invalid value: 'semantic'. Supported values are: 'auto' and 'static'."),
    ],
)
def test_bad_create_bodies(http, body, status, message):
    before = len(http.get("/vector_stores", params={"limit": 100}).json()["data"])
    response = http.post("/vector_stores", json=body)
    assert response.status_code == status and message in error_of(response)["message"]
    assert len(http.get("/vector_stores", params={"limit": 100}).json()["data"]) == before  # a bad request stores nothing


@pytest.mark.parametrize(
    "path,body,message,param",
    [
        # Each rule of simulator.http.schema once, in the vector store family's schemas, word for word.
        ("", {"name": 5}, "Invalid type for 'name': expected a string, but got an integer instead.", "name"),
        ("/search", {"query": "x", "ranking_options": {"score_threshold": "high"}}, "Invalid type for 'ranking_options.score_threshold': expected a decimal, but got a string instead.", "ranking_options.score_threshold"),
        ("/files", {"file_id": "file-x", "attributes": {"k": {}}}, "Invalid type for 'attributes.k': expected one of a string, a decimal or a boolean, but got an object instead.", "attributes.k"),
        ("", {"nmae": "x"}, "Unknown parameter: 'nmae'.", "nmae"),
        ("/search", {"query": "x", "ranking_options": {"rnaker": "auto"}}, "Unknown parameter: 'ranking_options.rnaker'.", "ranking_options.rnaker"),
        ("/files", {}, "Missing required parameter: 'file_id'.", "file_id"),
        ("", {"expires_after": {"anchor": "last_active_at"}}, "Missing required parameter: 'expires_after.days'.", "expires_after.days"),
        ("", {"expires_after": {"anchor": "created_at", "days": 3}}, "Invalid value: 'created_at'. Supported values are: 'last_active_at'.", "expires_after.anchor"),
        ("", {"chunking_strategy": {"type": "semantic"}}, "Invalid value: 'semantic'. Supported values are: 'auto' and 'static'.", "chunking_strategy.type"),
        ("/search", {"query": "x", "max_num_results": 51}, "Invalid 'max_num_results': integer above maximum value. Expected a value <= 50, but got 51 instead.", "max_num_results"),
        ("/search", {"query": "x", "ranking_options": {"score_threshold": 2}}, "Invalid 'ranking_options.score_threshold': decimal above maximum value. Expected a value <= 1, but got 2 instead.", "ranking_options.score_threshold"),
        ("", {"chunking_strategy": {"type": "static", "static": {"max_chunk_size_tokens": 99, "chunk_overlap_tokens": 0}}},
         "Invalid 'chunking_strategy.static.max_chunk_size_tokens': integer below minimum value. Expected a value >= 100, but got 99 instead.", "chunking_strategy.static.max_chunk_size_tokens"),
        ("/files", {"file_id": "file-x", "attributes": {"k": "v" * 513}}, "Invalid 'attributes.k': string too long. Expected a string with maximum length 512, but got a string with length 513 instead.", "attributes.k"),
        ("", {"file_ids": ["file-x"] * 501}, "Invalid 'file_ids': array too long. Expected an array with maximum length 500, but got an array with length 501 instead.", "file_ids"),
        ("/files", {"file_id": "file-x", "attributes": {f"k{i}": "v" for i in range(17)}}, "Invalid 'attributes': too many properties. Expected an object with at most 16 properties, but got an object with 17 properties instead.", "attributes"),
        ("/file_batches", {"file_ids": []}, "Invalid 'file_ids': empty array. Expected an array with minimum length 1, but got an empty array instead.", "file_ids"),
    ],
)
def test_schema_failures_get_the_real_error(http, path, body, message, param):
    """`path` is under a fresh store ("" creates a store instead)."""
    url = "/vector_stores"
    if path:
        url += "/" + http.post("/vector_stores", json={}).json()["id"] + path
    response = http.post(url, json=body)
    error = error_of(response)
    assert response.status_code == 400 and error["type"] == "invalid_request_error"
    assert (error["message"], error["param"]) == (message, param)


def test_unknown_ids_and_wrong_files(http, client):
    store = client.vector_stores.create(name="refusals")
    assert http.get("/vector_stores/vs_nope").status_code == 404
    missing = http.get(f"/vector_stores/{store.id}/files/file-nope")
    assert missing.status_code == 404 and error_of(missing)["message"] == f"No file found with id 'file-nope' in vector store '{store.id}'."
    assert http.get(f"/vector_stores/{store.id}/file_batches/vsfb_nope").status_code == 404
    tuned = client.files.create(file=("train.jsonl", b'{"prompt": "a"}\n'), purpose="fine-tune")
    wrong = http.post(f"/vector_stores/{store.id}/files", json={"file_id": tuned.id})
    assert wrong.status_code == 400 and "purpose 'fine-tune'" in error_of(wrong)["message"] and error_of(wrong)["param"] == "file_id"
    deleted = client.files.create(file=doc("07_deployment_guide.txt"), purpose="assistants")
    client.files.delete(deleted.id)
    gone = http.post(f"/vector_stores/{store.id}/file_batches", json={"file_ids": [deleted.id]})
    assert gone.status_code == 404 and error_of(gone)["param"] == "file_ids[0]"
    assert http.post(f"/vector_stores/{store.id}/file_batches", json={}).json()["error"]["message"] == "Missing required parameter: 'file_ids'."
    assert http.get(f"/vector_stores/{store.id}/files", params={"filter": "done"}).status_code == 400
    search = http.post(f"/vector_stores/{store.id}/search", json={"query": 3})
    assert search.status_code == 400 and error_of(search)["message"] == "Invalid type for 'query': expected one of a string or an array, but got an integer instead."
    assert http.post(f"/vector_stores/{store.id}/search", json={"query": "x", "max_num_results": 51}).status_code == 400
    bad_filter = http.post(f"/vector_stores/{store.id}/search", json={"query": "x", "filters": {"type": "eq", "key": "a"}})
    assert bad_filter.status_code == 400 and error_of(bad_filter)["param"] == "filters"
    assert client.vector_stores.retrieve(store.id).file_counts.total == 0


# -- restarts -------------------------------------------------------------------------------------


def test_stores_survive_a_restart_and_cut_off_ingestion_fails(tmp_simulator):
    first = tmp_simulator()
    client = openai.OpenAI(base_url=first.base_url, api_key="sk-test", max_retries=0)
    store = client.vector_stores.create(name="kept", metadata={"k": "v"})
    client.vector_stores.files.upload_and_poll(vector_store_id=store.id, file=doc("06_认证与安全.md"))
    before = client.vector_stores.search(store.id, query="账号锁定").model_dump()
    other = client.vector_stores.create(name="cut off")
    ids = [client.files.create(file=doc(p.name), purpose="assistants").id for p in sorted(DOCS.iterdir())]
    client.vector_stores.file_batches.create(other.id, file_ids=ids)
    first.stop(kill=True)

    with SimulatorProcess(first.db, port=first.port) as second:
        again = openai.OpenAI(base_url=second.base_url, api_key="sk-test", max_retries=0)
        kept = again.vector_stores.retrieve(store.id)
        assert kept.name == "kept" and kept.metadata == {"k": "v"} and kept.file_counts.completed == 1
        assert again.vector_stores.search(store.id, query="账号锁定").model_dump() == before
        cut = again.vector_stores.retrieve(other.id)
        assert cut.file_counts.in_progress == 0 and cut.status == "completed"
        failed = again.vector_stores.files.list(other.id, filter="failed", limit=100).data
        assert failed and all(f.last_error.code == "server_error" for f in failed)
        batch_id = again.vector_stores.files.list(other.id, limit=1).data[0]
        assert batch_id  # the store answers, and takes new files
        assert again.vector_stores.files.upload_and_poll(vector_store_id=other.id, file=doc("07_deployment_guide.txt")).status == "completed"


def test_a_file_cut_off_mid_ingestion_leaves_no_chunk_searchable(tmp_path):
    """A kill -9 after some chunks were indexed but before the file was marked completed: the restart marks it failed,
    and none of its chunks may still answer a search (they did before recover() removed them)."""
    from simulator.retrieval.vector_stores import VectorStores
    from simulator.settings import Settings
    from simulator.store import Store
    from simulator.wire import file_object
    from simulator.wire.vector_stores import vector_store_file_object, vector_store_object

    store = Store(tmp_path / "cut.db")
    stores = VectorStores(store, Settings(db=tmp_path / "cut.db"))
    data = (DOCS / "06_认证与安全.md").read_bytes()
    file = store.insert_file(file_object("06_认证与安全.md", len(data), "assistants"), data, owner="")
    vector_store = store.insert("vector_store", vector_store_object("cut", None, None))
    item = vector_store_file_object(vector_store["id"], file["id"], {"type": "static", "static": {"max_chunk_size_tokens": 800, "chunk_overlap_tokens": 400}}, None)
    store.insert("vector_store_file", item, parent=vector_store["id"])  # still in_progress, as a kill leaves it
    stores.index.index_file(vector_store["id"], file["id"], file["filename"], data)  # the chunks it had indexed
    assert stores.index.chunk_count(vector_store["id"], file["id"]) > 0

    stores.recover()

    assert store.get("vector_store_file", item["id"])["status"] == "failed"
    assert stores.index.chunk_count(vector_store["id"], file["id"]) == 0
    assert stores.index.search([vector_store["id"]], "账号锁定", 5, None, None) == []
    store.close()
