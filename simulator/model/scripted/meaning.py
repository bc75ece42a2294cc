"""How close two texts are in meaning: cosine of WordLlama embeddings, loaded lazily and once from the weights inside its wheel.

The same embedder as simulator/retrieval (which the model layer may not import), never from the network. Without
the package the similarity is 0, so the scripted model still chooses tools by its vocabulary and words.
"""

from __future__ import annotations

import functools
import logging
import threading
from pathlib import Path

_lock = threading.Lock()
_model = None
_unavailable = False


def _load():
    global _model, _unavailable
    with _lock:
        if _model is None and not _unavailable:
            root = logging.getLogger()
            handlers, level = root.handlers[:], root.level
            try:
                import wordllama  # its import calls logging.basicConfig; undone below
                from wordllama import WordLlama

                _model = WordLlama.load(config="l2_supercat", dim=256, cache_dir=Path(wordllama.__file__).parent, disable_download=True)
            except Exception:  # noqa: BLE001 - no package or no weights: choose without embeddings
                _unavailable = True
            finally:
                root.handlers[:], root.level = handlers, level
        return _model


@functools.lru_cache(maxsize=1024)
def _vector(text: str):
    import numpy as np

    model = _load()
    if model is None:
        return None
    vector = model.embed([text], norm=False).astype(np.float32)[0]
    norm = float(np.linalg.norm(vector))
    return vector / norm if norm else vector


def similarity(first: str, second: str) -> float:
    """Cosine similarity of the two texts' embeddings, in [-1, 1]; 0 when either is empty or WordLlama is missing."""
    if not first.strip() or not second.strip():
        return 0.0
    a, b = _vector(first), _vector(second)
    if a is None or b is None:
        return 0.0
    return float(a @ b)
