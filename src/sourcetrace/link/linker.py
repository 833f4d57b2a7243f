"""Linking claims into clusters in the store: ``link_new`` after each ingest, ``rebuild`` on demand.

``link_new`` signs new documents (near-duplicates), encodes claims that have no vector,
rebuilds the in-memory centroids from the stored vectors (each read in its document's
context, see ``cluster.in_context``) and the members' cached features
(``feature_cache``: derived once per claim, when it is linked), places each unclustered
claim in the best cluster or a new one, and refreshes the aggregates (origins, outlets,
dates, status, facets) of the clusters it touched; origins are read from the members
that state the claim itself (``cluster.core_keys``). ``rebuild`` empties the link tables
and the features cache (vectors kept unless asked) and links every claim again.
"""

from __future__ import annotations

import datetime as dt
import logging
import time
from collections import Counter, defaultdict
from dataclasses import asdict, dataclass
from typing import Any

import numpy as np
from sqlalchemy import Connection, Text, bindparam, delete, func, select, type_coerce, update

from sourcetrace.link import encoder
from sourcetrace.link.cluster import Clusterer, core_keys, in_context
from sourcetrace.link.dedup import sign_documents
from sourcetrace.link.feature_cache import cached_features, store_features
from sourcetrace.link.features import ClaimFeatures, Key, json_ids, load_features
from sourcetrace.link.members import cluster_members, load_members
from sourcetrace.link.provenance import asserts, build_provenance
from sourcetrace.link.stance import stances, summary_status
from sourcetrace.store import schema
from sourcetrace.store.db import Store

log = logging.getLogger(__name__)
CHUNK = 500
FACET_MAX = 200


@dataclass
class LinkSummary:
    """What one linking run did."""

    claims: int = 0
    new_clusters: int = 0
    touched_clusters: int = 0
    near_duplicates: int = 0
    seconds: float = 0.0

    def line(self) -> str:
        return (f"{self.claims} claims linked: {self.new_clusters} new clusters, {self.touched_clusters} updated, "
                f"{self.near_duplicates} near-duplicate documents ({self.seconds:.1f} s)")

    def to_json(self) -> dict[str, Any]:
        return asdict(self)


def _unclustered(conn: Connection) -> list[Key]:
    c, cc = schema.claims, schema.cluster_claims
    joined = c.outerjoin(cc, (cc.c.doc_id == c.c.doc_id) & (cc.c.claim_id == c.c.id))
    stmt = select(c.c.doc_id, c.c.id).select_from(joined).where(cc.c.cluster_id.is_(None))
    return [(r.doc_id, r.id) for r in conn.execute(stmt)]


def _stored_vectors(conn: Connection, keys: set[Key] | None) -> dict[Key, np.ndarray]:
    """Stored vectors of ``keys`` (read by their documents, in chunks), or of every claim."""
    v = schema.claim_vectors
    stmt = select(v.c.doc_id, v.c.claim_id, v.c.vector)
    if keys is None:
        return {(r.doc_id, r.claim_id): encoder.from_bytes(r.vector) for r in conn.execute(stmt)}
    doc_ids = sorted({k[0] for k in keys})
    if len(doc_ids) > 4 * CHUNK:  # most of the store: one scan beats many IN lists
        rows = [r for r in conn.execute(stmt).all() if (r.doc_id, r.claim_id) in keys]
    else:
        rows = [r for i in range(0, len(doc_ids), CHUNK)
                for r in conn.execute(stmt.where(v.c.doc_id.in_(doc_ids[i:i + CHUNK]))).all()
                if (r.doc_id, r.claim_id) in keys]
    if not rows:
        return {}
    # one buffer for all: each vector is a row of one matrix, not an array of its own
    matrix = encoder.from_bytes(b"".join(r.vector for r in rows)).reshape(len(rows), -1)
    return {(r.doc_id, r.claim_id): vec for r, vec in zip(rows, matrix, strict=True)}


def _vectors_for(conn: Connection, feats: list[ClaimFeatures]) -> np.ndarray:
    """Vectors for ``feats``, encoding (and storing) those not stored yet."""
    keys = {f.key for f in feats}
    known = _stored_vectors(conn, keys) if feats else {}
    missing = [f for f in feats if f.key not in known]
    if missing:
        fresh = encoder.encode([f.text for f in missing])
        rows = []
        for f, vec in zip(missing, fresh, strict=True):
            known[f.key] = vec
            rows.append({"doc_id": f.doc_id, "claim_id": f.claim_id, "vector": encoder.to_bytes(vec)})
        for i in range(0, len(rows), CHUNK):
            conn.execute(schema.claim_vectors.insert(), rows[i:i + CHUNK])
    if not feats:
        return np.zeros((0, encoder.DIM), dtype=np.float32)
    return np.vstack([known[f.key] for f in feats]).astype(np.float32)


def _load_clusterer(conn: Connection) -> tuple[Clusterer, list[int], dict[Key, np.ndarray],
                                                dict[Key, ClaimFeatures]]:
    """Centroids and facet states of the stored clusters, from their members' vectors
    and cached features (which are returned too, with the vectors)."""
    cc = schema.cluster_claims
    rows = conn.execute(select(cc.c.cluster_id, cc.c.doc_id, cc.c.claim_id)).all()
    ids = sorted({r.cluster_id for r in rows})
    position = {cid: i for i, cid in enumerate(ids)}
    clusterer = Clusterer()
    for _ in ids:
        clusterer._grow()
    if not rows:
        return clusterer, ids, {}, {}
    member_of = {(r.doc_id, r.claim_id): position[r.cluster_id] for r in rows}
    feats = cached_features(conn, set(member_of))
    vectors = _stored_vectors(conn, set(member_of))
    # link order; a tie (claim ids numbered alike) falls back on the claim id, as stored
    members = [f for f in sorted(feats.values(), key=lambda f: (f.order, f.claim_id)) if f.key in vectors]
    if members:
        mixed = in_context(members, np.vstack([vectors[f.key] for f in members]))
        for f, vec in zip(members, mixed, strict=True):
            clusterer.add_member(member_of[f.key], f, vec)
    return clusterer, ids, vectors, feats


def link_new(store: Store) -> LinkSummary:
    """Links every claim not yet in a cluster; returns what it did.

    Call after extraction (``ingest`` does). Claims already clustered stay where they
    are; the clusters that gain members have their aggregates recomputed.
    """
    started = time.perf_counter()
    summary = LinkSummary()
    with store.engine.begin() as conn:
        pending = _unclustered(conn)
        if not pending:
            summary.seconds = time.perf_counter() - started
            return summary
        doc_ids = sorted({k[0] for k in pending})
        summary.near_duplicates = len(sign_documents(conn, doc_ids))
        wanted = set(pending)
        derived = load_features(conn, doc_ids)
        store_features(conn, derived)
        feats = [f for f in derived if f.key in wanted]
        vectors = _vectors_for(conn, feats)
        clusterer, ids, all_vectors, member_feats = _load_clusterer(conn)
        claim_terms = {k: f.claim_terms for k, f in member_feats.items()}
        claim_terms.update((f.key, f.claim_terms) for f in feats)
        del member_feats
        all_vectors.update((f.key, v) for f, v in zip(feats, vectors, strict=True))
        known = len(ids)
        placed = clusterer.assign(feats, in_context(feats, vectors))
        next_id = int(conn.execute(select(func.coalesce(func.max(schema.clusters.c.id), 0))).scalar() or 0) + 1
        for _ in range(known, len(clusterer)):
            ids.append(next_id)
            next_id += 1
        now = dt.datetime.now(dt.UTC)
        new_rows = [{"id": ids[i], "text": "", "event_type": "other", "status": "reported", "origins": 0,
                     "origin_sources": [], "outlets": 0, "documents": 0, "claims": 0, "updated_at": now}
                    for i in range(known, len(clusterer))]
        for i in range(0, len(new_rows), CHUNK):
            conn.execute(schema.clusters.insert(), new_rows[i:i + CHUNK])
        links = [{"doc_id": f.doc_id, "claim_id": f.claim_id, "cluster_id": ids[index], "similarity": sim}
                 for f, (index, sim) in zip(feats, placed, strict=True)]
        for i in range(0, len(links), CHUNK):
            conn.execute(schema.cluster_claims.insert(), links[i:i + CHUNK])
        touched = sorted({ids[index] for index, _ in placed})
        centroids = clusterer.centroids()
        refresh_clusters(conn, touched, {ids[i]: centroids[i] for i in {index for index, _ in placed}}, all_vectors,
                         claim_terms)
        summary.claims = len(feats)
        summary.new_clusters = len(new_rows)
        summary.touched_clusters = len(touched)
    summary.seconds = time.perf_counter() - started
    log.info(summary.line())
    return summary


def rebuild(store: Store, reencode: bool = False) -> LinkSummary:
    """Recomputes all clusters from scratch (stored vectors are reused unless ``reencode``)."""
    with store.engine.begin() as conn:
        for table in (schema.cluster_facets, schema.cluster_claims, schema.clusters, schema.doc_signatures,
                      schema.claim_features):
            conn.execute(delete(table))
        if reencode:
            conn.execute(delete(schema.claim_vectors))
    return link_new(store)


#: Openings of a claim that leans on the sentence before it ("They were mobilised ...",
#: "In exchange, ...") or on a cue left out ("To have destroyed ...").
_LEANING = frozenset({"he", "she", "it", "they", "this", "these", "those", "its", "their", "his", "her",
                      "to", "in", "but", "and", "also", "so"})


def reads_alone(text: str) -> bool:
    """True when a claim text can stand as a cluster's headline: it opens with neither a
    pronoun, a connective nor an infinitive, and its quotation marks are balanced."""
    first = text.split(maxsplit=1)[0].strip(",;:").lower() if text.strip() else ""
    return first not in _LEANING and text.count('"') % 2 == 0 and text.count("“") == text.count("”")


#: How far under the most central member a headline candidate may be and still win by
#: naming the cluster's place.
HEADLINE_MARGIN = 0.1


def _representative(keys: list[Key], texts: dict[Key, str], langs: dict[Key, str], centroid: np.ndarray | None,
                    vectors: dict[Key, np.ndarray], asserting: set[Key] | None = None,
                    place: str | None = None) -> Key:
    """The member closest to the centroid, English first, one that puts the claim forward
    (a denial's words are not the claim), not too short, readable alone, and naming the
    cluster's main ``place`` when one does: a headline says where ("Russian marines
    surrendered near Krynky", not "the video purports to show marines surrendering"),
    and a search by the place's name finds it. The place counts only for members close to
    the most central one (``HEADLINE_MARGIN``): a side remark that names it ("the United
    Arab Emirates for its mediation") is no headline."""
    sims = {k: float(vectors[k] @ centroid) if centroid is not None and k in vectors else 0.0 for k in keys}
    top = max(sims.values(), default=0.0)

    def rank(k: Key) -> tuple[bool, bool, bool, bool, bool, float]:
        says_where = place is not None and sims[k] >= top - HEADLINE_MARGIN and place.casefold() in texts[k].casefold()
        return (langs.get(k) == "en", asserting is None or k in asserting, 30 <= len(texts[k]) <= 300,
                reads_alone(texts[k]), says_where, sims[k])

    return max(keys, key=rank) if keys else ("", "")


def refresh_clusters(conn: Connection, cluster_ids: list[int], centroids: dict[int, np.ndarray] | None = None,
                     vectors: dict[Key, np.ndarray] | None = None,
                     claim_terms: dict[Key, frozenset[str]] | None = None) -> None:
    """Recomputes provenance, stance and facets of ``cluster_ids`` and stores them
    (``claim_terms``: members' sentence terms already derived, see ``build_provenance``)."""
    centroids = centroids or {}
    vectors = vectors or {}
    c, f = schema.clusters, schema.cluster_facets
    for first in range(0, len(cluster_ids), CHUNK):
        batch = cluster_ids[first:first + CHUNK]
        members_of = cluster_members(conn, batch)
        all_keys = [k for keys in members_of.values() for k in keys]
        members, docs = load_members(conn, all_keys)
        places = _place_names(conn, all_keys)
        updates: list[dict[str, Any]] = []
        facets: list[dict[str, Any]] = []
        for cid in batch:
            keys = [k for k in members_of.get(cid, []) if k in members]
            ms = [members[k] for k in keys]
            prov = build_provenance(ms, docs, core_keys(keys, vectors), claim_terms)
            timeline = stances(ms, docs)
            texts = {k: members[k].text for k in keys}
            langs = {k: docs[k[0]].language for k in keys if k[0] in docs}
            named = Counter(name for k in keys for name in places.get(k, ()))
            rep = _representative(keys, texts, langs, centroids.get(cid), vectors,
                                  {k for k in keys if asserts(members[k])},
                                  named.most_common(1)[0][0] if named else None)
            events = Counter(m.event_type for m in ms if m.event_type not in ("other", "statement"))
            updates.append({
                "cid": cid, "text": texts.get(rep, "")[:2000],
                "event_type": events.most_common(1)[0][0] if events else (ms[0].event_type if ms else "other"),
                "status": summary_status(ms, timeline, prov.origins), "first_seen": prov.first_seen, "last_seen": prov.last_seen,
                "first_doc_id": prov.first_doc_id, "origins": len(prov.origins), "origin_sources": prov.origins,
                "outlets": len(prov.outlets), "documents": len({k[0] for k in keys}), "claims": len(keys),
                "updated_at": dt.datetime.now(dt.UTC),
            })
            values: dict[str, set[str]] = defaultdict(set)
            for node in prov.nodes.values():
                if node.kind == "source":
                    values["source"].add(node.name)
                if node.side != "unknown":
                    values["side"].add(node.side)
            values["outlet"].update(prov.outlets)
            values["language"].update(docs[k[0]].language for k in keys if k[0] in docs)
            for k in keys:
                values["place"].update(places.get(k, ()))
            for facet, vals in values.items():
                for v in sorted(x for x in vals if x)[:FACET_MAX]:
                    facets.append({"cluster_id": cid, "facet": facet, "value": v[:200]})
        stmt = (update(c).where(c.c.id == bindparam("cid")).values(
            text=bindparam("text"), event_type=bindparam("event_type"), status=bindparam("status"),
            first_seen=bindparam("first_seen"), last_seen=bindparam("last_seen"),
            first_doc_id=bindparam("first_doc_id"), origins=bindparam("origins"),
            origin_sources=bindparam("origin_sources"), outlets=bindparam("outlets"),
            documents=bindparam("documents"), claims=bindparam("claims"), updated_at=bindparam("updated_at")))
        if updates:
            conn.execute(stmt, updates)
        conn.execute(delete(f).where(f.c.cluster_id.in_(batch)))
        facets = list({(r["cluster_id"], r["facet"], r["value"].casefold()): r for r in facets}.values())
        for i in range(0, len(facets), CHUNK):
            conn.execute(f.insert(), facets[i:i + CHUNK])


def _place_names(conn: Connection, keys: list[Key]) -> dict[Key, set[str]]:
    """The place names of each claim, for the place facet."""
    c, p = schema.claims, schema.places
    wanted = set(keys)
    doc_ids = sorted({k[0] for k in keys})
    out: dict[Key, set[str]] = defaultdict(set)
    for i in range(0, len(doc_ids), CHUNK):
        batch = doc_ids[i:i + CHUNK]
        names = {(r.doc_id, r.id): r.name for r in conn.execute(
            select(p.c.doc_id, p.c.id, p.c.name).where(p.c.doc_id.in_(batch)))}
        for r in conn.execute(select(c.c.doc_id, c.c.id, type_coerce(c.c.places, Text).label("places"))
                              .where(c.c.doc_id.in_(batch))):
            if (r.doc_id, r.id) in wanted:
                for pid in json_ids(r.places):
                    if (r.doc_id, pid) in names:
                        out[(r.doc_id, r.id)].add(names[(r.doc_id, pid)])
    return out
