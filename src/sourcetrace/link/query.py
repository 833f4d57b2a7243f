"""Reading claim clusters: the filters and sorts shared by `sourcetrace claims`, the
claims page, ``/api/claims`` and the exports, so all four show the same rows.

Pagination is by cursor (the last row's sort key and id, opaque to callers), which
stays fast and stable on a store of any size, unlike OFFSET.
"""

from __future__ import annotations

import base64
import json
from dataclasses import asdict, dataclass, field
from typing import Any, Final

from sqlalchemy import Connection, and_, func, or_, select

from sourcetrace.errors import NotFound, UsageError
from sourcetrace.store import schema
from sourcetrace.store.db import Store, cluster_text_match

#: The claims list opens with the claims most outlets carried: what is circulating. A
#: cluster of side statements may count several "origins" in two outlets, so sorting by
#: origins first put the noisiest clusters at the top.
DEFAULT_SORT: Final = "outlets"
SORTS = {
    "origins": (schema.clusters.c.origins, True),
    "outlets": (schema.clusters.c.outlets, True),
    "first_seen": (schema.clusters.c.first_seen, False),
    "newest": (schema.clusters.c.first_seen, True),
    "documents": (schema.clusters.c.documents, True),
}
FACETS = ("event_type", "status", "side", "source", "place", "outlet", "language")


@dataclass
class ClusterFilter:
    """What a user narrows the claims to; every field is optional."""

    text: str | None = None
    event_type: str | None = None
    status: str | None = None
    source: str | None = None
    side: str | None = None
    place: str | None = None
    outlet: str | None = None
    date_from: str | None = None  # ISO date, compared with first_seen
    date_to: str | None = None

    def active(self) -> dict[str, str]:
        return {k: v for k, v in asdict(self).items() if v}


@dataclass
class ClusterRow:
    id: int
    text: str
    event_type: str
    status: str
    origins: int
    origin_sources: list[str]
    outlets: int
    documents: int
    claims: int
    first_seen: str | None
    last_seen: str | None
    first_doc_id: str | None
    member_documents: list[str] = field(default_factory=list)

    def to_json(self) -> dict[str, Any]:
        return asdict(self)


@dataclass
class ClusterPage:
    rows: list[ClusterRow]
    next_cursor: str | None
    total: int | None = None


def _where(conn: Connection, f: ClusterFilter) -> list[Any]:
    c, facets = schema.clusters, schema.cluster_facets
    conds: list[Any] = []
    if f.text:
        conds.append(cluster_text_match(conn, f.text))
    if f.event_type:
        conds.append(c.c.event_type == f.event_type)
    if f.status:
        conds.append(c.c.status == f.status)
    if f.date_from:
        conds.append(c.c.first_seen >= f.date_from)
    if f.date_to:
        conds.append(c.c.first_seen <= f.date_to + "\uffff")
    for facet in ("source", "side", "place", "outlet"):
        value = getattr(f, facet)
        if value:
            conds.append(c.c.id.in_(select(facets.c.cluster_id).where(
                facets.c.facet == facet, func.lower(facets.c.value) == value.lower())))
    return conds


def _encode_cursor(key: Any, row_id: int) -> str:
    return base64.urlsafe_b64encode(json.dumps([key, row_id]).encode()).decode().rstrip("=")


def _decode_cursor(cursor: str) -> tuple[Any, int]:
    try:
        key, row_id = json.loads(base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4)))
        return key, int(row_id)
    except (ValueError, TypeError) as exc:
        raise UsageError("invalid cursor: pass back the next_cursor value a previous page gave") from exc


def query_clusters(store: Store, f: ClusterFilter | None = None, sort: str = DEFAULT_SORT, limit: int = 50,
                   cursor: str | None = None, with_total: bool = False,
                   with_documents: bool = False) -> ClusterPage:
    """One page of clusters matching ``f``, sorted by ``sort`` (see ``SORTS``)."""
    if sort not in SORTS:
        raise UsageError(f"unknown sort {sort!r}; choose one of {', '.join(SORTS)}")
    if not 1 <= limit <= 1000:
        raise UsageError("limit must be between 1 and 1000")
    f = f or ClusterFilter()
    c = schema.clusters
    column, descending = SORTS[sort]
    key = func.coalesce(column, "" if column.type.python_type is str else 0)
    with store.engine.connect() as conn:
        conds = _where(conn, f)
        stmt = select(c, key.label("sort_key")).where(*conds)
        if cursor:
            last, last_id = _decode_cursor(cursor)
            after = (or_(key < last, and_(key == last, c.c.id > last_id)) if descending
                     else or_(key > last, and_(key == last, c.c.id > last_id)))
            stmt = stmt.where(after)
        stmt = stmt.order_by(key.desc() if descending else key.asc(), c.c.id.asc()).limit(limit + 1)
        rows = conn.execute(stmt).all()
        total = None
        if with_total:
            total = int(conn.execute(select(func.count()).select_from(c).where(*conds)).scalar() or 0)
        page = [_row(r) for r in rows[:limit]]
        if with_documents and page:
            _attach_documents(conn, page)
    next_cursor = _encode_cursor(rows[limit - 1].sort_key, rows[limit - 1].id) if len(rows) > limit else None
    return ClusterPage(page, next_cursor, total)


def _row(r: Any) -> ClusterRow:
    return ClusterRow(r.id, r.text, r.event_type, r.status, r.origins, list(r.origin_sources or []), r.outlets,
                      r.documents, r.claims, r.first_seen, r.last_seen, r.first_doc_id)


def _attach_documents(conn: Connection, page: list[ClusterRow]) -> None:
    """Each member document's URL, or its id when it has none."""
    cc, d = schema.cluster_claims, schema.documents
    rows = conn.execute(
        select(cc.c.cluster_id, d.c.id, d.c.url).join(d, d.c.id == cc.c.doc_id)
        .where(cc.c.cluster_id.in_([p.id for p in page])).distinct()
        .order_by(cc.c.cluster_id, d.c.published, d.c.id)
    ).all()
    by_cluster: dict[int, list[str]] = {}
    for r in rows:
        ref = r.url or r.id
        members = by_cluster.setdefault(r.cluster_id, [])
        if ref not in members:
            members.append(ref)
    for p in page:
        p.member_documents = by_cluster.get(p.id, [])


def count_clusters(store: Store, f: ClusterFilter | None = None) -> int:
    """How many clusters match ``f``."""
    with store.engine.connect() as conn:
        stmt = select(func.count()).select_from(schema.clusters).where(*_where(conn, f or ClusterFilter()))
        return int(conn.execute(stmt).scalar() or 0)


def facet_counts(store: Store, f: ClusterFilter | None = None, top: int = 12) -> dict[str, list[tuple[str, int]]]:
    """How many matching clusters carry each value of each facet, most common first.

    With no filter the facet table is counted straight from its index instead of
    semi-joining every cluster id, which matters at 100,000 clusters.
    """
    f = f or ClusterFilter()
    c, facets = schema.clusters, schema.cluster_facets
    out: dict[str, list[tuple[str, int]]] = {}
    with store.engine.connect() as conn:
        conds = _where(conn, f)
        matching = select(c.c.id).where(*conds)
        for column in ("event_type", "status"):
            col = getattr(c.c, column)
            stmt = select(col, func.count()).where(*conds).group_by(col).order_by(func.count().desc(), col).limit(top)
            out[column] = [(str(v), int(n)) for v, n in conn.execute(stmt)]
        for facet in ("side", "source", "place", "outlet", "language"):
            stmt = select(facets.c.value, func.count()).where(facets.c.facet == facet)
            if conds:
                stmt = stmt.where(facets.c.cluster_id.in_(matching))
            stmt = stmt.group_by(facets.c.value).order_by(func.count().desc(), facets.c.value).limit(top)
            out[facet] = [(str(v), int(n)) for v, n in conn.execute(stmt)]
    return out


def get_cluster(store: Store, cluster_id: int) -> ClusterRow:
    with store.engine.connect() as conn:
        r = conn.execute(select(schema.clusters).where(schema.clusters.c.id == cluster_id)).first()
        if r is None:
            raise NotFound(f"no claim cluster {cluster_id}; list them with `sourcetrace claims`")
        row = _row(r)
        _attach_documents(conn, [row])
    return row
