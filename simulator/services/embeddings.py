"""Embeddings: the model, its dimensions and the inputs' tokens checked as the real API checked them, then the vectors.

The input's shape (a non-empty string, or 1 to 2048 strings, a token array, or token arrays) is the route's to check;
what depends on the model is checked here: its name (404 model_not_found), `dimensions` (ada-002 took none; no
more than the local model has), each input's tokens (8192 at most) and the request's (300,000 at most).
"""

from __future__ import annotations

from simulator.errors import APIError, invalid
from simulator.retrieval import embeddings as model_table
from simulator.wire.embeddings import embedding_list


def model_of(name: str) -> model_table.EmbeddingModel:
    model = model_table.MODELS.get(name)
    if model is None:
        raise APIError(404, f"The model `{name}` does not exist or you do not have access to it.", code="model_not_found")
    return model


def texts_of(model: model_table.EmbeddingModel, raw) -> tuple[list[str], list[int]]:
    """The inputs as texts, and each one's token count in the model's tokenizer. `raw` has the shape the spec allows."""
    single = isinstance(raw, str) or (raw and isinstance(raw[0], int))
    items = [raw] if single else list(raw)
    texts, counts = [], []
    for item in items:
        if isinstance(item, str):
            texts.append(item)
            counts.append(len(model_table.tokens(model, item)))
        else:
            try:
                texts.append(model_table.decode(model, item))
            except model_table.BadTokens:
                raise input_invalid() from None
            counts.append(len(item))
    for i, count in enumerate(counts):
        if count > model_table.MAX_INPUT_TOKENS:
            # Recorded (2026): a lone input "Invalid 'input': maximum context length is 8192 tokens.", param and code
            # null; one of an array "Invalid 'input[0]': maximum input length is 8192 tokens." (README, "Where it differs").
            if single:
                raise invalid(f"Invalid 'input': maximum context length is {model_table.MAX_INPUT_TOKENS} tokens.")
            raise invalid(f"Invalid 'input[{i}]': maximum input length is {model_table.MAX_INPUT_TOKENS} tokens.")
    total = sum(counts)
    if total > model_table.MAX_REQUEST_TOKENS:
        raise APIError(400, f"Requested {total} tokens, max {model_table.MAX_REQUEST_TOKENS} tokens per request", type="max_tokens_per_request", code="max_tokens_per_request")
    return texts, counts


def input_invalid() -> APIError:
    """What the embeddings endpoint answered for an input its schema refused (an empty string, an empty array...)."""
    return invalid("'$.input' is invalid. Please check the API reference: https://platform.openai.com/docs/api-reference.")


def dimensions_of(model: model_table.EmbeddingModel, body: dict) -> int:
    if "dimensions" not in body:
        return model_table.NATIVE_DIMENSIONS
    if not model.takes_dimensions:  # even dimensions: null (recorded)
        raise invalid("This model does not support specifying dimensions.")
    dimensions = body["dimensions"]
    if dimensions > model_table.NATIVE_DIMENSIONS:
        # The local model has 256; worded as the API words an integer above its maximum.
        raise invalid(f"Invalid 'dimensions': integer above maximum value. Expected a value <= {model_table.NATIVE_DIMENSIONS}, but got {dimensions} instead.", "dimensions", "integer_above_max_value")
    return dimensions


def create(body: dict) -> dict:
    """The embeddings of a checked CreateEmbeddingRequest, as the API returns them."""
    model = model_of(body["model"])
    dimensions = dimensions_of(model, body)
    texts, counts = texts_of(model, body["input"])
    vectors = model_table.embed(texts, dimensions)
    return embedding_list(body["model"], vectors, body.get("encoding_format") or "float", sum(counts))
