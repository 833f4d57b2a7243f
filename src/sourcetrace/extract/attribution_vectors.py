"""A frozen table of static word vectors, looked up by a token's NORM, for the attribution tagger.

en_core_web_sm has no word vectors, so a rare reporting verb ("endorsed", "spoke of") gets
only a weak hashed embedding the tagger saw a few times in training. A table of static
vectors gives such words the neighbourhood of the frequent cues they resemble. The table
is small (words as 64-bit string hashes, PCA-reduced rows in float16) and is stored inside
the tagger's weights (``StaticTable`` below is plain numpy, kept as thinc attributes), so
the shipped model needs no other file. Unknown words get a zero row.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import numpy as np
from spacy.attrs import NORM
from spacy.tokens import Doc


@dataclass(frozen=True)
class StaticTable:
    """Sorted word hashes, each pointing to a row of ``vectors`` (whose last row is zeros)."""

    keys: np.ndarray  # uint64, sorted
    rows: np.ndarray  # int32, one per key
    vectors: np.ndarray  # float16, (n_rows + 1, width)

    @property
    def width(self) -> int:
        return int(self.vectors.shape[1])

    def lookup(self, norms: np.ndarray) -> np.ndarray:
        """Float32 vectors of NORM hashes; zeros for words not in the table."""
        if not len(self.keys):
            return np.zeros((len(norms), self.width), dtype="float32")
        at = np.searchsorted(self.keys, norms)
        np.minimum(at, len(self.keys) - 1, out=at)
        rows = np.where(self.keys[at] == norms, self.rows[at], len(self.vectors) - 1)
        return self.vectors[rows].astype("float32")

    def doc_vectors(self, doc: Doc) -> np.ndarray:
        """One row per token of ``doc``."""
        return self.lookup(doc.to_array(NORM).astype("uint64"))

    def save(self, path: Path) -> None:
        np.savez(path, keys=self.keys, rows=self.rows, vectors=self.vectors)

    @classmethod
    def load(cls, path: Path) -> StaticTable:
        with np.load(path) as data:
            return cls(data["keys"], data["rows"], data["vectors"])
