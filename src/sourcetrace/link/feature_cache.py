"""Each linked claim's features, kept in the store (``claim_features``) once derived.

Linking new claims into a linked store rebuilds every cluster's centroid and facet state
in memory from its members (see ``linker._load_clusterer``); deriving each member's
features again from the extraction tables (JSON id lists, places, entities, attributions,
content terms, framing) made that cost grow with the store. The features are a pure
function of a claim's extraction, so they are derived once, when the claim is linked,
and read back as one small JSON row. A row goes with its claim (a foreign key with
``ON DELETE CASCADE``: a re-extraction replaces the claims) and ``link --rebuild``
empties the table; a claim linked before the table existed is derived on demand.

The claim's text is not kept: only claims being placed are encoded or framed, and they
are derived afresh.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from typing import Any

from sqlalchemy import Connection, delete, select

from sourcetrace.link.features import ClaimFeatures, Key, load_features
from sourcetrace.store import schema

CHUNK = 500


def encode(f: ClaimFeatures) -> str:
    """The features as a compact JSON row (sets sorted, so a row is the same every time)."""
    return json.dumps([f.event_type, f.status, f.date, sorted(f.places), sorted(f.own_places), sorted(f.actors),
                       f.side, sorted(f.terms), f.language, f.framing, f.order[0], f.order[2],
                       None if f.sentence_terms is None else sorted(f.sentence_terms)],
                      ensure_ascii=False, separators=(",", ":"))


def decode(doc_id: str, claim_id: str, row: str) -> ClaimFeatures:
    """Features back from :func:`encode` (with no text)."""
    event, status, date, places, own, actors, side, words, language, framing, when, number, sentence = json.loads(row)
    return ClaimFeatures(doc_id=doc_id, claim_id=claim_id, text="", event_type=event, status=status, date=date,
                         places=frozenset(places), own_places=frozenset(own), actors=frozenset(actors), side=side,
                         terms=frozenset(words), language=language, framing=framing, order=(when, doc_id, number),
                         sentence_terms=None if sentence is None else frozenset(sentence))


def _chunks(items: list[Any], size: int = CHUNK) -> Iterable[list[Any]]:
    for i in range(0, len(items), size):
        yield items[i:i + size]


def store_features(conn: Connection, feats: list[ClaimFeatures]) -> None:
    """Stores (or replaces) the features of ``feats``."""
    t = schema.claim_features
    by_doc: dict[str, list[ClaimFeatures]] = {}
    for f in feats:
        by_doc.setdefault(f.doc_id, []).append(f)
    for doc_ids in _chunks(sorted(by_doc)):
        conn.execute(delete(t).where(t.c.doc_id.in_(doc_ids)))
        rows = [{"doc_id": f.doc_id, "claim_id": f.claim_id, "features": encode(f)}
                for doc_id in doc_ids for f in by_doc[doc_id]]
        for part in _chunks(rows):
            conn.execute(t.insert(), part)


def cached_features(conn: Connection, keys: set[Key]) -> dict[Key, ClaimFeatures]:
    """The features of ``keys``: read from the cache, derived (and stored) for claims not
    in it yet. Keys whose claim no longer exists are left out."""
    t = schema.claim_features
    out: dict[Key, ClaimFeatures] = {}
    doc_ids = sorted({k[0] for k in keys})
    if len(doc_ids) > CHUNK * 4:  # most of the store: one scan beats thousands of IN lists
        rows: Iterable[Any] = conn.execute(select(t.c.doc_id, t.c.claim_id, t.c.features)).all()
    else:
        rows = (r for batch in _chunks(doc_ids)
                for r in conn.execute(select(t.c.doc_id, t.c.claim_id, t.c.features).where(t.c.doc_id.in_(batch))))
    for r in rows:
        key = (r.doc_id, r.claim_id)
        if key in keys:
            out[key] = decode(r.doc_id, r.claim_id, r.features)
    missing = sorted({k[0] for k in keys if k not in out})
    if missing:
        fresh = load_features(conn, missing)
        store_features(conn, fresh)
        out.update((f.key, f) for f in fresh if f.key in keys)
    return out
