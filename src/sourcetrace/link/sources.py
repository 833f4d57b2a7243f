"""A record per source and outlet: how its claims fared elsewhere. Counts, never a verdict.

For each named source and each outlet, how many claim clusters it took part in and how
many of those ended disputed, denied or confirmed, and how often it was an origin.
Read from the cluster facets, so one grouped query serves a store of any size.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any

from sqlalchemy import func, select

from sourcetrace.errors import NotFound
from sourcetrace.store import schema
from sourcetrace.store.db import Store

OUTCOMES = ("disputed", "denied", "confirmed")


@dataclass
class SourceRecord:
    name: str
    kind: str  # source | outlet
    claims: int = 0
    origin_of: int = 0
    disputed: int = 0
    denied: int = 0
    confirmed: int = 0
    clusters: list[int] = field(default_factory=list)

    def to_json(self) -> dict[str, Any]:
        return asdict(self)


def _records(store: Store, name: str | None = None) -> dict[tuple[str, str], SourceRecord]:
    f, c = schema.cluster_facets, schema.clusters
    out: dict[tuple[str, str], SourceRecord] = {}
    stmt = (select(f.c.facet, f.c.value, c.c.status, func.count()).join(c, c.c.id == f.c.cluster_id)
            .where(f.c.facet.in_(("source", "outlet"))).group_by(f.c.facet, f.c.value, c.c.status))
    if name:
        stmt = stmt.where(func.lower(f.c.value) == name.lower())
    with store.engine.connect() as conn:
        for facet, value, status, n in conn.execute(stmt):
            rec = out.setdefault((facet, value), SourceRecord(value, facet))
            rec.claims += int(n)
            if status in OUTCOMES:
                setattr(rec, status, getattr(rec, status) + int(n))
        origin_rows = conn.execute(select(c.c.origin_sources))
        for (names,) in origin_rows:
            for n in names or []:
                for facet in ("source", "outlet"):
                    if (facet, n) in out:
                        out[(facet, n)].origin_of += 1
    return out


def list_sources(store: Store, kind: str | None = None, limit: int = 50, sort: str = "claims") -> list[SourceRecord]:
    """Sources and outlets with the most claim clusters first (or ``sort``: an outcome column)."""
    recs = [r for r in _records(store).values() if kind in (None, r.kind)]
    recs.sort(key=lambda r: (-getattr(r, sort), r.name))
    return recs[:limit]


def get_source(store: Store, name: str) -> SourceRecord:
    """One source's (or outlet's) record, with the ids of its clusters."""
    recs = _records(store, name)
    if not recs:
        raise NotFound(f"no source or outlet named {name!r}; list them with `sourcetrace sources`")
    rec = max(recs.values(), key=lambda r: r.claims)
    f = schema.cluster_facets
    with store.engine.connect() as conn:
        rec.clusters = [int(r.cluster_id) for r in conn.execute(
            select(f.c.cluster_id).where(f.c.facet == rec.kind, func.lower(f.c.value) == name.lower())
            .order_by(f.c.cluster_id))]
    return rec
