"""/v1/embeddings: vectors for texts or token arrays, from the local model (simulator.retrieval.embeddings).

The input's shape is checked first, in the words the embeddings endpoint used for every input it refused ("'$.input' is
invalid...": an empty string, an empty array, more than 2048 inputs, a token id the tokenizer lacks); the rest of the
body against the spec's CreateEmbeddingRequest; what depends on the model in the service.
"""

from __future__ import annotations

from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.routing import Route

from simulator.http import schema
from simulator.http.requests import JSON
from simulator.http.validation import parse_json
from simulator.services import embeddings as service

MAX_INPUTS = 2048


def _token(value) -> bool:
    return isinstance(value, int) and not isinstance(value, bool) and value >= 0


def input_fits(value) -> bool:
    """A non-empty string, or 1 to 2048 of: non-empty strings, token ids, or non-empty token arrays (never mixed)."""
    if isinstance(value, str):
        return bool(value)
    if not isinstance(value, list) or not 1 <= len(value) <= MAX_INPUTS:
        return False
    if all(isinstance(item, str) for item in value):
        return all(value)
    if all(_token(item) for item in value):
        return True
    return all(isinstance(item, list) and item and all(_token(t) for t in item) for item in value)


async def create_embedding(request: Request) -> JSON:
    body = parse_json(await request.body())
    if "input" in body and not input_fits(body["input"]):
        raise service.input_invalid()
    schema.check("CreateEmbeddingRequest", body)
    return JSON(await run_in_threadpool(service.create, body))  # the model works off the event loop


routes = [Route("/embeddings", create_embedding, methods=["POST"])]
