"""/v1/threads/{thread_id}/messages through the real SDK: content kinds, attachments, cursor lists, errors."""

import json

import openai
import pytest
from openai.types.beta.threads import Message


@pytest.fixture
def thread(client):
    return client.beta.threads.create()


@pytest.fixture
def file_id(client) -> str:
    return client.files.create(file=("mydata.csv", "日期,销售额\n2024-01-23,100\n".encode()), purpose="assistants").id


def test_a_string_becomes_one_text_part_in_the_seed_shape(client, thread):
    message = client.beta.threads.messages.create(thread_id=thread.id, role="user", content="你都能做什么?")
    assert isinstance(message, Message) and message.id.startswith("msg_") and len(message.id) == 28
    raw = json.loads(client.beta.threads.messages.with_raw_response.retrieve(message.id, thread_id=thread.id).text)
    assert raw == {
        "id": message.id,
        "object": "thread.message",
        "created_at": message.created_at,
        "assistant_id": None,
        "thread_id": thread.id,
        "run_id": None,
        # What the seed lesson's real output shows for a message the caller wrote.
        "status": None,
        "incomplete_details": None,
        "completed_at": None,
        "incomplete_at": None,
        "role": "user",
        "content": [{"type": "text", "text": {"value": "你都能做什么?", "annotations": []}}],
        "attachments": [],
        "metadata": {},
    }


def test_an_assistant_message_can_be_written_too(client, thread):
    message = client.beta.threads.messages.create(thread_id=thread.id, role="assistant", content="有什么可以帮您?")
    assert message.role == "assistant" and message.assistant_id is None and message.run_id is None


def test_content_parts_text_image_file_and_image_url(client, thread):
    image = client.files.create(file=("chart.png", b"\x89PNG\r\n\x1a\n" + b"\0" * 16), purpose="vision").id
    message = client.beta.threads.messages.create(
        thread_id=thread.id,
        role="user",
        content=[
            {"type": "text", "text": "这两张图有什么不同?"},
            {"type": "image_file", "image_file": {"file_id": image, "detail": "low"}},
            {"type": "image_url", "image_url": {"url": "https://example.com/b.png"}},
        ],
    )
    text, from_file, from_url = message.content
    assert text.type == "text" and text.text.value == "这两张图有什么不同?" and text.text.annotations == []
    assert from_file.type == "image_file" and from_file.image_file.file_id == image and from_file.image_file.detail == "low"
    assert from_url.type == "image_url" and from_url.image_url.url == "https://example.com/b.png" and from_url.image_url.detail == "auto"
    assert client.beta.threads.messages.retrieve(message.id, thread_id=thread.id) == message


def test_attachments_name_an_uploaded_file_and_its_tools(client, thread, file_id):
    message = client.beta.threads.messages.create(
        thread_id=thread.id,
        role="user",
        content="统计总销售额",
        attachments=[{"file_id": file_id, "tools": [{"type": "code_interpreter"}]}],
    )
    assert len(message.attachments) == 1
    assert message.attachments[0].file_id == file_id and message.attachments[0].tools[0].type == "code_interpreter"


def test_update_replaces_metadata_and_nothing_else(client, thread):
    message = client.beta.threads.messages.create(thread_id=thread.id, role="user", content="你好", metadata={"source": "web"})
    updated = client.beta.threads.messages.update(message.id, thread_id=thread.id, metadata={"source": "app", "lang": "zh"})
    assert updated.metadata == {"source": "app", "lang": "zh"}
    assert updated.content == message.content and updated.created_at == message.created_at
    assert client.beta.threads.messages.retrieve(message.id, thread_id=thread.id).metadata == {"source": "app", "lang": "zh"}


def test_delete_removes_one_message(client, thread):
    keep, drop = (client.beta.threads.messages.create(thread_id=thread.id, role="user", content=text) for text in ("留下", "删掉"))
    gone = client.beta.threads.messages.delete(drop.id, thread_id=thread.id)
    assert (gone.id, gone.object, gone.deleted) == (drop.id, "thread.message.deleted", True)
    assert [m.id for m in client.beta.threads.messages.list(thread.id).data] == [keep.id]
    with pytest.raises(openai.NotFoundError) as caught:
        client.beta.threads.messages.retrieve(drop.id, thread_id=thread.id)
    assert caught.value.body["message"] == f"No message found with id '{drop.id}'."


def test_list_is_newest_first_and_pages_with_cursors(client, thread):
    ids = [client.beta.threads.messages.create(thread_id=thread.id, role="user", content=f"第{i}条").id for i in range(5)]
    page = client.beta.threads.messages.list(thread.id)
    assert [m.id for m in page.data] == ids[::-1]
    assert (page.first_id, page.last_id, page.has_more) == (ids[-1], ids[0], False)
    assert [m.id for m in client.beta.threads.messages.list(thread.id, order="asc").data] == ids
    first = client.beta.threads.messages.list(thread.id, limit=2)
    assert [m.id for m in first.data] == [ids[4], ids[3]] and first.has_more and first.last_id == ids[3]
    second = client.beta.threads.messages.list(thread.id, limit=2, after=first.last_id)
    assert [m.id for m in second.data] == [ids[2], ids[1]] and second.has_more
    last = client.beta.threads.messages.list(thread.id, limit=2, after=second.last_id)
    assert [m.id for m in last.data] == [ids[0]] and not last.has_more
    assert [m.id for m in client.beta.threads.messages.list(thread.id, order="asc", after=ids[1], limit=2).data] == [ids[2], ids[3]]
    assert [m.id for m in client.beta.threads.messages.list(thread.id, before=ids[1]).data] == [ids[4], ids[3], ids[2]]
    assert [m.id for m in client.beta.threads.messages.list(thread.id, order="asc", before=ids[3], limit=2).data] == [ids[1], ids[2]]
    assert [m.id for m in client.beta.threads.messages.list(thread.id, limit=1)] == ids[::-1]  # auto-paging walks every page


def test_an_empty_thread_lists_nothing(client, thread):
    page = client.beta.threads.messages.list(thread.id)
    assert (page.data, page.first_id, page.last_id, page.has_more) == ([], None, None, False)


def test_the_run_id_filter_keeps_only_that_runs_messages(client, thread):
    mine = client.beta.threads.messages.create(thread_id=thread.id, role="user", content="你好")
    assistant = client.beta.assistants.create(model="gpt-4-turbo", name="小U")
    run = client.beta.threads.runs.create_and_poll(thread_id=thread.id, assistant_id=assistant.id)
    assert run.status == "completed"
    by_run = client.beta.threads.messages.list(thread.id, run_id=run.id).data
    assert by_run and all(m.run_id == run.id and m.role == "assistant" for m in by_run)
    assert mine.id in [m.id for m in client.beta.threads.messages.list(thread.id).data]
    assert client.beta.threads.messages.list(thread.id, run_id="run_doesnotexist").data == []


def test_a_message_of_another_thread_is_404(client, thread):
    other = client.beta.threads.create()
    message = client.beta.threads.messages.create(thread_id=other.id, role="user", content="不是这里的")
    for call in (
        lambda: client.beta.threads.messages.retrieve(message.id, thread_id=thread.id),
        lambda: client.beta.threads.messages.update(message.id, thread_id=thread.id, metadata={"k": "v"}),
        lambda: client.beta.threads.messages.delete(message.id, thread_id=thread.id),
    ):
        with pytest.raises(openai.NotFoundError) as caught:
            call()
        assert caught.value.body["message"] == f"No message found with id '{message.id}'."
    assert client.beta.threads.messages.retrieve(message.id, thread_id=other.id).metadata == {}


def test_messages_of_an_unknown_thread_are_404(client):
    with pytest.raises(openai.NotFoundError) as caught:
        client.beta.threads.messages.create(thread_id="thread_doesnotexist", role="user", content="你好")
    assert caught.value.body["message"] == "No thread found with id 'thread_doesnotexist'."


def test_a_cursor_from_another_thread_is_400(client, thread):
    other = client.beta.threads.create()
    foreign = client.beta.threads.messages.create(thread_id=other.id, role="user", content="x").id
    with pytest.raises(openai.BadRequestError) as caught:
        client.beta.threads.messages.list(thread.id, after=foreign)
    assert caught.value.body["param"] == "after"


@pytest.mark.parametrize(
    ("kwargs", "param"),
    [
        ({"role": "system", "content": "你好"}, "role"),
        ({"role": "tool", "content": "你好"}, "role"),
        ({"role": "user", "content": ""}, "content"),
        ({"role": "user", "content": []}, "content"),
        ({"role": "user", "content": [{"type": "text", "text": ""}]}, "content[0].text"),
        ({"role": "user", "content": [{"type": "audio", "audio": {}}]}, "content[0].type"),
        ({"role": "user", "content": [{"type": "image_file", "image_file": {"file_id": "file_doesnotexist"}}]}, "content[0].image_file.file_id"),
        ({"role": "user", "content": [{"type": "image_url", "image_url": {"url": "https://x/a.png", "detail": "ultra"}}]}, "content[0].image_url.detail"),
        ({"role": "user", "content": [{"type": "image_url", "image_url": {"url": "file:///etc/passwd"}}]}, "content[0].image_url.url"),
        ({"role": "user", "content": 5}, "content"),
        ({"role": "user", "content": "hi", "metadata": {str(i): "x" for i in range(17)}}, "metadata"),
        ({"role": "user", "content": "hi", "metadata": {"k" * 65: "x"}}, "metadata"),
        ({"role": "user", "content": "hi", "metadata": {"k": "v" * 513}}, "metadata.k"),
        ({"role": "user", "content": "hi", "attachments": [{"file_id": "file_doesnotexist"}]}, "attachments[0].file_id"),
        ({"role": "user", "content": "hi", "attachments": [{"file_id": None, "tools": []}]}, "attachments[0].file_id"),
        ({"role": "user", "content": "hi", "extra_body": {"file_ids": []}}, "file_ids"),
    ],
)
def test_bad_create_is_a_400_naming_the_parameter_and_adds_nothing(client, thread, kwargs, param):
    with pytest.raises(openai.BadRequestError) as caught:
        client.beta.threads.messages.create(thread_id=thread.id, **kwargs)
    assert caught.value.status_code == 400
    assert set(caught.value.body) == {"message", "type", "param", "code"}
    assert caught.value.body["param"] == param and caught.value.body["type"] == "invalid_request_error"
    assert client.beta.threads.messages.list(thread.id).data == []


def test_metadata_limits_are_exact(client, thread):
    at_limit = {f"key{i:02d}": "v" * 512 for i in range(15)} | {"k" * 64: "最多"}
    message = client.beta.threads.messages.create(thread_id=thread.id, role="user", content="hi", metadata=at_limit)
    assert message.metadata == at_limit
    with pytest.raises(openai.BadRequestError) as caught:
        client.beta.threads.messages.update(message.id, thread_id=thread.id, metadata=at_limit | {"one_more": "x"})
    assert caught.value.body["param"] == "metadata"
    assert client.beta.threads.messages.retrieve(message.id, thread_id=thread.id).metadata == at_limit


@pytest.mark.parametrize("query", [{"limit": 0}, {"limit": 101}, {"order": "newest"}, {"after": "msg_doesnotexist"}])
def test_bad_list_queries_are_400(client, thread, query):
    with pytest.raises(openai.BadRequestError) as caught:
        client.beta.threads.messages.list(thread.id, **query)
    assert caught.value.body["param"] == next(iter(query))


def test_no_message_can_be_added_while_a_run_is_active(client, thread):
    tool = {
        "type": "function",
        "function": {
            "name": "ask_database",
            "description": "Answer questions about the course schedule with SQL.",
            "parameters": {"type": "object", "properties": {"query": {"type": "string"}}, "required": ["query"]},
        },
    }
    assistant = client.beta.assistants.create(model="gpt-4-turbo", tools=[tool])
    client.beta.threads.messages.create(thread_id=thread.id, role="user", content="平均一堂课多长时间")
    run = client.beta.threads.runs.create_and_poll(thread_id=thread.id, assistant_id=assistant.id)
    assert run.status == "requires_action"  # waiting for our function's output: the run is still active
    with pytest.raises(openai.BadRequestError) as caught:
        client.beta.threads.messages.create(thread_id=thread.id, role="user", content="还在吗?")
    assert caught.value.body["message"] == f"Can't add messages to {thread.id} while a run {run.id} is active."
    client.beta.threads.runs.cancel(run.id, thread_id=thread.id)
    client.beta.threads.runs.poll(run.id, thread_id=thread.id)
    assert client.beta.threads.messages.create(thread_id=thread.id, role="user", content="还在吗?").content[0].text.value == "还在吗?"
