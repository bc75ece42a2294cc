"""/v1/assistants through the real SDK: shapes, CRUD, pagination, validation."""

import json

import openai
import pytest
from openai.types.beta import Assistant

SEED_INSTRUCTIONS = "你叫小U,你是JAVA技术框架 UAP的助手,你负责回答用户关于UAP的问题。"
ASK_DATABASE = {
    "type": "function",
    "function": {
        "name": "ask_database",
        "description": "Use this function to answer user questions about course schedule. Output should be a fully formed SQL query.",
        "parameters": {"type": "object", "properties": {"query": {"type": "string", "description": "SQL query."}}, "required": ["query"]},
    },
}


def test_the_seed_assistant_is_created_as_the_real_api_did(client):
    assistant = client.beta.assistants.create(name="小U", instructions=SEED_INSTRUCTIONS, model="gpt-4-turbo", tools=[ASK_DATABASE])
    assert assistant.id.startswith("asst_") and len(assistant.id) == 29
    assert assistant.object == "assistant"
    assert assistant.name == "小U" and assistant.instructions == SEED_INSTRUCTIONS and assistant.model == "gpt-4-turbo"
    assert assistant.tools[0].type == "function" and assistant.tools[0].function.name == "ask_database"
    assert assistant.description is None and assistant.metadata == {}
    assert assistant.temperature == 1.0 and assistant.top_p == 1.0 and assistant.response_format == "auto"
    raw = json.loads(client.beta.assistants.with_raw_response.retrieve(assistant.id).text)
    assert set(raw) >= {"id", "object", "created_at", "name", "description", "model", "instructions", "tools", "tool_resources", "metadata"}
    assert raw["tool_resources"] == {}


def test_retrieve_update_delete(client):
    assistant = client.beta.assistants.create(model="gpt-4o", name="before", metadata={"course": "assistants"})
    assert client.beta.assistants.retrieve(assistant.id) == assistant
    updated = client.beta.assistants.update(assistant.id, name="after", tools=[{"type": "code_interpreter"}])
    assert updated.name == "after" and updated.metadata == {"course": "assistants"} and updated.tools[0].type == "code_interpreter"
    assert client.beta.assistants.retrieve(assistant.id).name == "after"
    gone = client.beta.assistants.delete(assistant.id)
    assert (gone.id, gone.object, gone.deleted) == (assistant.id, "assistant.deleted", True)
    with pytest.raises(openai.NotFoundError) as caught:
        client.beta.assistants.retrieve(assistant.id)
    assert caught.value.body == {"message": f"No assistant found with id '{assistant.id}'.", "type": "invalid_request_error", "param": None, "code": None}


def test_list_pages_newest_first_with_cursors(tmp_simulator):
    from openai import OpenAI

    client = OpenAI(base_url=tmp_simulator().base_url, api_key="sk-test")
    ids = [client.beta.assistants.create(model="gpt-4o", name=f"a{i}").id for i in range(5)]
    page = client.beta.assistants.list(limit=2)
    assert [a.id for a in page.data] == ids[:-3:-1] and page.has_more
    assert page.first_id == ids[-1] and page.last_id == ids[-2]
    assert [a.id for a in client.beta.assistants.list(limit=2, after=page.last_id).data] == [ids[2], ids[1]]
    assert [a.id for a in client.beta.assistants.list(order="asc").data] == ids
    assert [a.id for a in client.beta.assistants.list(order="asc", before=ids[3], limit=2).data] == [ids[1], ids[2]]
    assert [a.id for a in client.beta.assistants.list()] == ids[::-1]  # auto-paging walks every page
    assert [a.id for a in client.beta.assistants.list(limit=1)] == ids[::-1]


@pytest.mark.parametrize(
    ("kwargs", "param"),
    [
        ({"tools": [{"type": "retrieval"}]}, "tools[0].type"),
        ({"metadata": {str(i): "x" for i in range(17)}}, "metadata"),
        ({"metadata": {"k" * 65: "x"}}, "metadata"),
        ({"metadata": {"k": "v" * 513}}, "metadata.k"),
        ({"name": "n" * 257}, "name"),
        ({"temperature": 3}, "temperature"),
        ({"tools": [{"type": "function", "function": {"name": "has space"}}]}, "tools[0].function.name"),
        ({"extra_body": {"colour": "blue"}}, "colour"),
    ],
)
def test_bad_input_is_a_400_naming_the_parameter(client, kwargs, param):
    with pytest.raises(openai.BadRequestError) as caught:
        client.beta.assistants.create(model="gpt-4o", **kwargs)
    assert caught.value.status_code == 400
    assert set(caught.value.body) == {"message", "type", "param", "code"}
    assert caught.value.body["param"] == param and caught.value.body["type"] == "invalid_request_error"


@pytest.mark.parametrize(
    ("extra", "message"),
    [
        # The same words as the Responses and vector store families (simulator.http.schema.TYPE_NAMES).
        ({"temperature": "hot"}, "Invalid type for 'temperature': expected a decimal, but got a string instead."),
        ({"name": 0.5}, "Invalid type for 'name': expected a string, but got a decimal instead."),
        ({"name": 5}, "Invalid type for 'name': expected a string, but got an integer instead."),
    ],
)
def test_type_errors_name_types_as_the_other_families_do(client, extra, message):
    with pytest.raises(openai.BadRequestError) as caught:
        client.beta.assistants.create(model="gpt-4o", extra_body=extra)
    assert caught.value.body["message"] == message


def test_missing_model_is_a_400(client):
    with pytest.raises(openai.BadRequestError) as caught:
        client.post("/assistants", body={"name": "x"}, cast_to=Assistant, options={"headers": {"OpenAI-Beta": "assistants=v2"}})
    assert caught.value.body["param"] == "model"
