"""Models through the SDK: the list and each model in the real shape, the real 404 for an unknown id, deletion refused
as for a base model; and, with a Chat Completions backend, what that backend lists (else the configured model name)."""

from __future__ import annotations

import openai
import pytest

from simulator.launch import SimulatorProcess
from tests.support.fake_chat import fake_chat

COURSE = ("gpt-4o", "gpt-4o-mini", "gpt-4-turbo", "gpt-4.1")


def test_the_list_has_the_course_models_in_the_real_shape(client):
    listed = client.models.list()
    ids = [model.id for model in listed.data]
    assert set(COURSE) <= set(ids) and len(ids) == len(set(ids))
    raw = client.get("/models", cast_to=object)
    assert raw["object"] == "list"
    for model in raw["data"]:
        assert set(model) == {"id", "object", "created", "owned_by"} and model["object"] == "model"
        assert isinstance(model["created"], int) and model["created"] > 1_600_000_000 and model["owned_by"]


@pytest.mark.parametrize("model_id", COURSE)
def test_each_course_model_is_retrieved(client, model_id):
    model = client.models.retrieve(model_id)
    assert model.id == model_id and model.object == "model"


def test_an_unknown_model_is_the_real_404(client):
    with pytest.raises(openai.NotFoundError) as missing:
        client.models.retrieve("gpt-9-imaginary")
    assert missing.value.body == {"message": "The model `gpt-9-imaginary` does not exist or you do not have access to it.", "type": "invalid_request_error", "param": None, "code": "model_not_found"}


def test_deleting_a_base_model_is_refused_and_an_unknown_one_is_not_found(client):
    with pytest.raises(openai.PermissionDeniedError) as refused:
        client.models.delete("gpt-4o")
    assert "Missing scopes: api.delete" in refused.value.body["message"]
    with pytest.raises(openai.NotFoundError):
        client.models.delete("ft:gpt-4o-mini:acme::abc123")
    assert client.models.retrieve("gpt-4o").id == "gpt-4o"  # still there


def test_with_a_backend_the_list_is_the_backends_or_the_configured_name(tmp_path):
    with fake_chat() as fake:
        args = ("--model-backend", "openai-compatible", "--model-base-url", fake.base_url, "--model-name", "llama3.2:3b")
        with SimulatorProcess(tmp_path / "backed.db", args=args) as simulator:
            client = openai.OpenAI(base_url=simulator.base_url, api_key="sk-test", max_retries=0)
            assert [m.id for m in client.models.list().data] == ["llama3.2:3b"]  # the backend cannot be asked: the configured name
            fake.models = [{"id": "llama3.2:3b", "object": "model", "created": 1730000000, "owned_by": "library"}, {"id": "qwen2.5:0.5b", "object": "model", "owned_by": "library"}]
            listed = client.models.list().data
            assert [(m.id, m.owned_by) for m in listed] == [("llama3.2:3b", "library"), ("qwen2.5:0.5b", "library")] and listed[0].created == 1730000000
            assert client.models.retrieve("qwen2.5:0.5b").id == "qwen2.5:0.5b"
            with pytest.raises(openai.NotFoundError):
                client.models.retrieve("gpt-4o")
