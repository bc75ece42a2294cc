"""The Embeddings family's wire shapes: the list of embedding objects, as floats or as base64 of little-endian float32."""

from __future__ import annotations

import base64

import numpy as np


def embedding_object(index: int, vector: np.ndarray, encoding_format: str) -> dict:
    if encoding_format == "base64":  # the real API's bytes: float32, little-endian, base64-encoded
        value: list[float] | str = base64.b64encode(vector.astype("<f4").tobytes()).decode("ascii")
    else:
        value = vector.astype(np.float32).tolist()  # float32 values, written as JSON numbers
    return {"object": "embedding", "index": index, "embedding": value}


def embedding_list(model: str, vectors: np.ndarray, encoding_format: str, prompt_tokens: int) -> dict:
    return {
        "object": "list",
        "data": [embedding_object(i, vector, encoding_format) for i, vector in enumerate(vectors)],
        "model": model,
        "usage": {"prompt_tokens": prompt_tokens, "total_tokens": prompt_tokens},
    }
