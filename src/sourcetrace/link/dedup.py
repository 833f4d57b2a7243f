"""Near-duplicate documents (wire copies, reposts) by MinHash over word shingles.

A copy is not an independent report: provenance draws an edge from the earlier
document's outlet to the copy's, so a wire story reprinted by ten sites still counts
its origins once. Signatures are stored in ``doc_signatures`` so a new document is
compared with the whole store without rereading any text.
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import Any

import numpy as np
from datasketch import MinHash, MinHashLSH
from sqlalchemy import Connection, select

from sourcetrace.store import schema

NUM_PERM = 64
SHINGLE = 4
#: Estimated Jaccard similarity of shingles above which two texts are one text.
NEAR_DUPLICATE = 0.7
_WORD = re.compile(r"\w+")


def signature(text: str) -> MinHash:
    """MinHash of the text's lower-cased 4-word shingles."""
    words = _WORD.findall(text.casefold())
    m = MinHash(num_perm=NUM_PERM, seed=7, scheme="affine32", permutations=_permutations())
    grams = {" ".join(words[i:i + SHINGLE]) for i in range(max(1, len(words) - SHINGLE + 1))}
    m.update_batch([g.encode("utf-8") for g in grams])
    return m


def to_bytes(m: MinHash) -> bytes:
    return np.asarray(m.hashvalues, dtype=np.uint32).tobytes()


@lru_cache(maxsize=1)
def _permutations() -> Any:
    # drawing the permutations is most of the cost of a MinHash: draw them once
    return MinHash(num_perm=NUM_PERM, seed=7, scheme="affine32").permutations


def from_bytes(data: bytes) -> MinHash:
    return MinHash(num_perm=NUM_PERM, seed=7, scheme="affine32", permutations=_permutations(),
                   hashvalues=np.frombuffer(data, dtype=np.uint32).astype(np.uint64))


@lru_cache(maxsize=1)
def _bands() -> tuple[int, int]:
    """(bands, rows per band) of the LSH index at ``NEAR_DUPLICATE``: two signatures are
    candidates when one band is equal throughout."""
    lsh = MinHashLSH(threshold=NEAR_DUPLICATE, num_perm=NUM_PERM)
    return lsh.b, lsh.r


class _Signed:
    """The stored signatures as one matrix, queried with the LSH index's band rule.

    Adding a few documents to a large store compares each with every stored signature
    in one vectorised pass, rather than building an LSH index of the whole store first;
    candidates are exactly those the index returns (a band equal throughout).
    """

    def __init__(self, keys: list[str], blobs: list[bytes], extra: int) -> None:
        self.keys = keys
        self.matrix = np.zeros((len(keys) + extra, NUM_PERM), dtype=np.uint64)
        if blobs:
            self.matrix[:len(keys)] = np.frombuffer(b"".join(blobs), dtype=np.uint32).reshape(len(keys), NUM_PERM)
        self.b, self.r = _bands()

    def query(self, m: MinHash) -> list[str]:
        n, width = len(self.keys), self.b * self.r
        # each band as one opaque value of r hashes, so a band compares in one step
        bands = self.matrix[:n, :width].view(f"V{8 * self.r}") if width == NUM_PERM else \
            np.ascontiguousarray(self.matrix[:n, :width]).view(f"V{8 * self.r}")
        mine = np.asarray(m.hashvalues[:width], dtype=np.uint64).reshape(1, width).view(f"V{8 * self.r}")
        hits = (bands == mine).any(axis=1)
        return [self.keys[i] for i in np.flatnonzero(hits)]

    def insert(self, key: str, m: MinHash) -> None:
        self.matrix[len(self.keys)] = m.hashvalues
        self.keys.append(key)


#: Above this many (new x stored) comparisons, an LSH index of the store is cheaper.
DIRECT_MAX = 50_000_000


def sign_documents(conn: Connection, doc_ids: list[str]) -> dict[str, str]:
    """Signs ``doc_ids`` and stores their signatures; returns {copy: original} found.

    The original is the earliest-published (then smallest id) near-duplicate among
    documents already signed or signed in this call.
    """
    d, sig = schema.documents, schema.doc_signatures
    when: dict[str, str] = {}
    keys: list[str] = []
    blobs: list[bytes] = []
    for r in conn.execute(select(sig.c.doc_id, sig.c.minhash, d.c.published)
                          .join(d, d.c.id == sig.c.doc_id)):
        keys.append(r.doc_id)
        blobs.append(r.minhash)
        when[r.doc_id] = r.published or "9999"
    todo: list[Any] = []
    for first in range(0, len(doc_ids), 500):
        todo.extend(conn.execute(select(d.c.id, d.c.text, d.c.published)
                                 .where(d.c.id.in_(doc_ids[first:first + 500]))))
    todo.sort(key=lambda r: (r.published or "9999", r.id))
    index: MinHashLSH | _Signed
    if len(todo) * (len(keys) + len(todo)) <= DIRECT_MAX:
        index = _Signed(keys, blobs, len(todo))
    else:
        index = MinHashLSH(threshold=NEAR_DUPLICATE, num_perm=NUM_PERM)
        for key, blob in zip(keys, blobs, strict=True):
            index.insert(key, from_bytes(blob))
    found: dict[str, str] = {}
    rows = []
    for r in todo:
        if r.id in when:
            continue
        m = signature(r.text)
        matches = [k for k in index.query(m) if k != r.id]
        original = min(matches, key=lambda k: (when[k], k)) if matches else None
        if original is not None:
            found[r.id] = found.get(original, original)
        index.insert(r.id, m)
        when[r.id] = r.published or "9999"
        rows.append({"doc_id": r.id, "minhash": to_bytes(m), "near_duplicate_of": found.get(r.id)})
    if rows:
        conn.execute(sig.insert(), rows)
    return found


def near_duplicates(conn: Connection, doc_ids: list[str]) -> dict[str, str]:
    """{document: the document it copies} for those of ``doc_ids`` that are copies."""
    sig = schema.doc_signatures
    out: dict[str, str] = {}
    for first in range(0, len(doc_ids), 500):
        for r in conn.execute(select(sig.c.doc_id, sig.c.near_duplicate_of)
                              .where(sig.c.doc_id.in_(doc_ids[first:first + 500]),
                                     sig.c.near_duplicate_of.is_not(None))):
            out[r.doc_id] = r.near_duplicate_of
    return out
