"""/v1/threads through the real SDK: the seed's calls, tool resources, deletion, and every error a learner meets."""

import json

import openai
import pytest
from openai.types.beta import Thread

SEED_METADATA = {"fullname": "王卓然", "username": "taliux"}
SEED_MESSAGES = [
    {"role": "user", "content": "你好"},
    {"role": "assistant", "content": "有什么可以帮您?"},
    {"role": "user", "content": "你是谁?"},
]


@pytest.fixture
def file_id(client) -> str:
    return client.files.create(file=("mydata.csv", "日期,销售额\n2024-01-23,100\n".encode()), purpose="assistants").id


def test_an_empty_thread_has_the_seed_shape(client):
    thread = client.beta.threads.create()
    assert isinstance(thread, Thread) and thread.id.startswith("thread_") and len(thread.id) == 31
    assert json.loads(thread.model_dump_json())["tool_resources"] == {"code_interpreter": None, "file_search": None}
    raw = json.loads(client.beta.threads.with_raw_response.retrieve(thread.id).text)
    assert set(raw) == {"id", "object", "created_at", "metadata", "tool_resources"}
    # As the original lesson recorded the real API: created with code_interpreter null, read back with an empty entry.
    assert (raw["object"], raw["metadata"], raw["tool_resources"]) == ("thread", {}, {"code_interpreter": {"file_ids": []}})


def test_metadata_keeps_chinese_and_survives_retrieve(client):
    thread = client.beta.threads.create(metadata=SEED_METADATA)
    assert thread.metadata == SEED_METADATA
    raw = client.beta.threads.with_raw_response.retrieve(thread.id)
    assert "王卓然" in raw.text  # sent as UTF-8, not \\u escapes
    assert raw.parse().model_dump(exclude={"tool_resources"}) == thread.model_dump(exclude={"tool_resources"})


def test_initial_messages_keep_their_order_roles_and_content(client):
    thread = client.beta.threads.create(
        messages=[
            *SEED_MESSAGES,
            {
                "role": "user",
                "content": [{"type": "text", "text": "看图"}, {"type": "image_url", "image_url": {"url": "https://example.com/a.png"}}],
                "metadata": {"k": "v"},
            },
        ]
    )
    messages = client.beta.threads.messages.list(thread.id, order="asc").data
    assert [m.role for m in messages] == ["user", "assistant", "user", "user"]
    assert [m.content[0].text.value for m in messages[:3]] == ["你好", "有什么可以帮您?", "你是谁?"]
    assert {m.thread_id for m in messages} == {thread.id}
    last = messages[3]
    assert last.content[1].type == "image_url" and last.content[1].image_url.url == "https://example.com/a.png" and last.content[1].image_url.detail == "auto"
    assert last.metadata == {"k": "v"}
    assert all(m.run_id is None and m.assistant_id is None for m in messages)


def test_tool_resources_name_an_uploaded_file(client, file_id):
    thread = client.beta.threads.create(tool_resources={"code_interpreter": {"file_ids": [file_id]}})
    assert thread.tool_resources.code_interpreter.file_ids == [file_id]
    assert client.beta.threads.retrieve(thread.id).tool_resources.code_interpreter.file_ids == [file_id]


def test_update_changes_metadata_and_tool_resources(client, file_id):
    thread = client.beta.threads.create(metadata=SEED_METADATA)
    updated = client.beta.threads.update(thread.id, metadata={"fullname": "王卓然", "username": "taliux", "plan": "pro"})
    assert updated.metadata["plan"] == "pro" and updated.created_at == thread.created_at
    updated = client.beta.threads.update(thread.id, tool_resources={"code_interpreter": {"file_ids": [file_id]}})
    assert updated.tool_resources.code_interpreter.file_ids == [file_id]
    assert updated.metadata["plan"] == "pro"  # what was not sent stays as it was
    assert client.beta.threads.retrieve(thread.id) == updated


def test_delete_takes_the_messages_with_it(client):
    thread = client.beta.threads.create(messages=SEED_MESSAGES)
    message_id = client.beta.threads.messages.list(thread.id).data[0].id
    gone = client.beta.threads.delete(thread.id)
    assert (gone.id, gone.object, gone.deleted) == (thread.id, "thread.deleted", True)
    with pytest.raises(openai.NotFoundError) as caught:
        client.beta.threads.retrieve(thread.id)
    assert caught.value.body["message"] == f"No thread found with id '{thread.id}'."
    with pytest.raises(openai.NotFoundError):
        client.beta.threads.messages.retrieve(message_id, thread_id=thread.id)
    with pytest.raises(openai.NotFoundError):
        client.beta.threads.messages.list(thread.id)
    with pytest.raises(openai.NotFoundError):
        client.beta.threads.delete(thread.id)


@pytest.mark.parametrize("call", ["retrieve", "update", "delete"])
def test_an_unknown_thread_is_404(client, call):
    with pytest.raises(openai.NotFoundError) as caught:
        getattr(client.beta.threads, call)("thread_doesnotexist")
    assert caught.value.status_code == 404
    assert caught.value.body == {"message": "No thread found with id 'thread_doesnotexist'.", "type": "invalid_request_error", "param": None, "code": None}


BAD_CREATES = [
    ({"metadata": {str(i): "x" for i in range(17)}}, "metadata"),
    ({"metadata": {"k" * 65: "x"}}, "metadata"),
    ({"metadata": {"k": "v" * 513}}, "metadata.k"),
    ({"metadata": {"k": 5}}, "metadata.k"),
    ({"metadata": ["not", "an", "object"]}, "metadata"),
    ({"extra_body": {"assistant_id": "asst_x"}}, "assistant_id"),
    ({"messages": [{"role": "system", "content": "你好"}]}, "messages[0].role"),
    ({"messages": [*SEED_MESSAGES, {"role": "tool", "content": "x"}]}, "messages[3].role"),
    ({"messages": [SEED_MESSAGES[0], {"role": "user"}]}, "messages[1].content"),
    ({"messages": [{"role": "user", "content": ""}]}, "messages[0].content"),
    ({"messages": [{"role": "user", "content": "hi", "colour": "blue"}]}, "messages[0].colour"),
    ({"messages": "你好"}, "messages"),
    ({"messages": SEED_MESSAGES, "tool_resources": {"code_interpreter": {"file_ids": ["file_doesnotexist"]}}}, "tool_resources.code_interpreter.file_ids"),
    ({"tool_resources": {"code_interpreter": {"file_ids": "file_x"}}}, "tool_resources.code_interpreter.file_ids"),
]


@pytest.mark.parametrize(("kwargs", "param"), BAD_CREATES)
def test_bad_create_is_a_400_naming_the_parameter(client, kwargs, param):
    with pytest.raises(openai.BadRequestError) as caught:
        client.beta.threads.create(**kwargs)
    assert caught.value.status_code == 400
    assert set(caught.value.body) == {"message", "type", "param", "code"}
    assert caught.value.body["param"] == param and caught.value.body["type"] == "invalid_request_error"


def test_a_bad_create_stores_no_thread_and_no_message(tmp_simulator):
    import sqlite3

    simulator = tmp_simulator()
    client = openai.OpenAI(base_url=simulator.base_url, api_key="sk-test", max_retries=0)
    for kwargs, _ in BAD_CREATES:
        with pytest.raises(openai.BadRequestError):
            client.beta.threads.create(**kwargs)
    with sqlite3.connect(simulator.db) as db:
        assert db.execute("SELECT count(*) FROM objects WHERE kind IN ('thread', 'message')").fetchone() == (0,)
    client.beta.threads.create(messages=SEED_MESSAGES)  # and the same database still takes a good one
    with sqlite3.connect(simulator.db) as db:
        assert db.execute("SELECT count(*) FROM objects WHERE kind IN ('thread', 'message')").fetchone() == (4,)


@pytest.mark.parametrize(
    ("kwargs", "param"),
    [
        ({"metadata": {str(i): "x" for i in range(17)}}, "metadata"),
        ({"tool_resources": {"code_interpreter": {"file_ids": ["file_doesnotexist"]}}}, "tool_resources.code_interpreter.file_ids"),
        ({"extra_body": {"messages": []}}, "messages"),
    ],
)
def test_bad_update_is_a_400_and_changes_nothing(client, kwargs, param):
    thread = client.beta.threads.create(metadata=SEED_METADATA)
    before = client.beta.threads.retrieve(thread.id)
    with pytest.raises(openai.BadRequestError) as caught:
        client.beta.threads.update(thread.id, **kwargs)
    assert caught.value.body["param"] == param
    assert client.beta.threads.retrieve(thread.id) == before
