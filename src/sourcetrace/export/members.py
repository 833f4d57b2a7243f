"""The member claims of clusters, with everything a page or an export shows of them.

One reader so the cluster page, its JSON twin and every export describe a member claim
the same way: the claim in the contract's shape, its attribution chain with entity
names resolved, its places and times, and the document it appeared in.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import asdict, dataclass, field
from typing import Any

from sqlalchemy import Connection, and_, or_, select

from sourcetrace.store import schema


@dataclass
class Member:
    """One claim of one document, as a member of a cluster."""

    cluster_id: int
    doc_id: str
    claim: dict[str, Any]  # the contract's claim object
    similarity: float
    document: dict[str, Any]  # title, outlet, published, url, language, relays
    attribution: dict[str, Any] | None = None  # contract attribution + source_name, via_names
    source_side: str = "unknown"
    source_kind: str | None = None
    actors: list[dict[str, Any]] = field(default_factory=list)
    places: list[dict[str, Any]] = field(default_factory=list)
    times: list[dict[str, Any]] = field(default_factory=list)
    signals: list[dict[str, Any]] = field(default_factory=list)

    @property
    def source_name(self) -> str | None:
        return self.attribution.get("source_name") if self.attribution else None

    @property
    def date(self) -> str | None:
        return self.document.get("published")

    def chain(self) -> list[str]:
        """Names from the origin to the publishing outlet: source, relays, forwarders, outlet."""
        names: list[str] = []
        if self.attribution:
            if self.attribution.get("source_name"):
                names.append(self.attribution["source_name"])
            names.extend(self.attribution.get("via_names") or [])
        names.extend(self.document.get("relays") or [])
        outlet = self.document.get("outlet") or "(unknown outlet)"
        names.append(outlet)
        deduped: list[str] = []
        for n in names:
            if not deduped or deduped[-1].casefold() != n.casefold():
                deduped.append(n)
        return deduped

    def to_json(self) -> dict[str, Any]:
        out = asdict(self)
        out["chain"] = self.chain()
        return out


def _by_doc(conn: Connection, table: Any, doc_ids: set[str]) -> dict[str, dict[str, Any]]:
    """Every row of ``table`` for the documents, keyed ``doc_id/id``."""
    out: dict[str, dict[str, Any]] = {}
    ids = sorted(doc_ids)
    for i in range(0, len(ids), 500):
        for r in conn.execute(select(table).where(table.c.doc_id.in_(ids[i:i + 500]))):
            out[f"{r.doc_id}/{r.id}"] = dict(r._mapping)
    return out


def _attribution(row: dict[str, Any], entities: dict[str, dict[str, Any]]) -> dict[str, Any]:
    doc = row["doc_id"]
    src_entity = entities.get(f"{doc}/{row['source_entity']}") if row["source_entity"] else None
    via_names = [entities.get(f"{doc}/{v}", {}).get("name", v) for v in row["via"] or []]
    source = None
    if row["source_text"] is not None:
        source = {"entity": row["source_entity"], "text": row["source_text"],
                  "start": row["source_start"], "end": row["source_end"]}
    cue = None
    if row["cue_text"] is not None:
        cue = {"text": row["cue_text"], "start": row["cue_start"], "end": row["cue_end"]}
    return {
        "id": row["id"], "kind": row["kind"], "source": source, "cue": cue,
        "content": {"text": row["content_text"], "start": row["content_start"], "end": row["content_end"]},
        "via": list(row["via"] or []), "parent": row["parent"], "signals": list(row["signals"] or []),
        "source_name": (src_entity or {}).get("name") or row["source_text"],
        "source_side": (src_entity or {}).get("side", "unknown"),
        "source_kind": (src_entity or {}).get("kind"),
        "via_names": via_names,
    }


def load_members(conn: Connection, cluster_ids: Iterable[int]) -> dict[int, list[Member]]:
    """Member claims per cluster, oldest document first."""
    ids = sorted(set(cluster_ids))
    if not ids:
        return {}
    cc, cl, d = schema.cluster_claims, schema.claims, schema.documents
    links: list[Any] = []
    for i in range(0, len(ids), 500):
        links.extend(conn.execute(
            select(cc.c.cluster_id, cc.c.doc_id, cc.c.claim_id, cc.c.similarity)
            .where(cc.c.cluster_id.in_(ids[i:i + 500]))).all())
    doc_ids = {r.doc_id for r in links}
    docs: dict[str, dict[str, Any]] = {}
    id_list = sorted(doc_ids)
    for i in range(0, len(id_list), 500):
        for r in conn.execute(select(d.c.id, d.c.title, d.c.outlet, d.c.published, d.c.url, d.c.language,
                                     d.c.relays, d.c.ingested_at).where(d.c.id.in_(id_list[i:i + 500]))):
            docs[r.id] = {"id": r.id, "title": r.title, "outlet": r.outlet, "published": r.published,
                          "url": r.url, "language": r.language, "relays": list(r.relays or []),
                          "ingested_at": r.ingested_at.isoformat() if r.ingested_at else None}
    claims: dict[str, dict[str, Any]] = {}
    pairs = [(r.doc_id, r.claim_id) for r in links]
    for i in range(0, len(pairs), 300):
        chunk = pairs[i:i + 300]
        cond = or_(*[and_(cl.c.doc_id == doc, cl.c.id == cid) for doc, cid in chunk])
        for r in conn.execute(select(cl).where(cond)):
            claims[f"{r.doc_id}/{r.id}"] = dict(r._mapping)
    entities = _by_doc(conn, schema.entities, doc_ids)
    attributions = _by_doc(conn, schema.attributions, doc_ids)
    places = _by_doc(conn, schema.places, doc_ids)
    times = _by_doc(conn, schema.times, doc_ids)
    signals = _by_doc(conn, schema.signals, doc_ids)

    out: dict[int, list[Member]] = defaultdict(list)
    for link in links:
        key = f"{link.doc_id}/{link.claim_id}"
        row = claims.get(key)
        if row is None:
            continue
        doc = link.doc_id

        def pick(table: dict[str, dict[str, Any]], refs: list[str]) -> list[dict[str, Any]]:
            found = [table.get(f"{doc}/{ref}") for ref in refs or []]  # noqa: B023
            return [{k: v for k, v in f.items() if k != "doc_id"} for f in found if f]

        claim = {"id": row["id"], "attribution": row["attribution"], "text": row["text"],
                 "event_type": row["event_type"], "actors": list(row["actors"] or []),
                 "places": list(row["places"] or []), "times": list(row["times"] or []),
                 "status": row["status"], "signals": list(row["signals"] or [])}
        attr = attributions.get(f"{doc}/{row['attribution']}") if row["attribution"] else None
        attribution = _attribution(attr, entities) if attr else None
        out[link.cluster_id].append(Member(
            cluster_id=link.cluster_id, doc_id=doc, claim=claim, similarity=float(link.similarity),
            document=docs.get(doc, {"id": doc, "relays": []}), attribution=attribution,
            source_side=attribution["source_side"] if attribution else "unknown",
            source_kind=attribution["source_kind"] if attribution else None,
            actors=pick(entities, claim["actors"]), places=pick(places, claim["places"]),
            times=pick(times, claim["times"]), signals=pick(signals, claim["signals"]),
        ))
    for members in out.values():
        members.sort(key=lambda m: (m.document.get("published") or "9999", m.doc_id, m.claim["id"]))
    return dict(out)
