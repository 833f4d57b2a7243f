"""What each page shows, as plain data: the HTML page and its ``.json`` twin render the
same dict, and the REST API returns parts of it.

Every function takes the store and parsed arguments and returns JSON-ready values;
none knows about requests or templates.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from typing import Any

from sqlalchemy import func, select

from sourcetrace.errors import NotFound
from sourcetrace.export.graph import cluster_graph
from sourcetrace.export.members import load_members
from sourcetrace.link.query import DEFAULT_SORT, ClusterFilter, get_cluster, query_clusters
from sourcetrace.store import schema
from sourcetrace.store.db import Store
from sourcetrace.store.documents import get_document, list_rejects, resolve_document_id
from sourcetrace.store.extractions import load_extraction
from sourcetrace.web import facets as facet_cache
from sourcetrace.web.annotate import marks_of, segments
from sourcetrace.web.ids import source_slug


def _count(conn: Any, table: Any, *where: Any) -> int:
    return int(conn.execute(select(func.count()).select_from(table).where(*where)).scalar() or 0)


def ingest_runs(store: Store, limit: int = 10) -> list[dict[str, Any]]:
    r = schema.ingest_runs
    with store.engine.connect() as conn:
        rows = conn.execute(select(r).order_by(r.c.id.desc()).limit(limit)).all()
    return [{"id": x.id, "targets": list(x.targets or []), "status": x.status, "seen": x.seen, "new": x.new,
             "duplicates": x.duplicates, "rejected": x.rejected, "message": x.message,
             "started_at": x.started_at.isoformat() if x.started_at else None,
             "finished_at": x.finished_at.isoformat() if x.finished_at else None} for x in rows]


def overview(store: Store) -> dict[str, Any]:
    """Counts, newest clusters, status mix and recent ingest runs."""
    d, c, f = schema.documents, schema.clusters, schema.cluster_facets
    with store.engine.connect() as conn:
        counts = {
            "documents": _count(conn, d), "extracted": _count(conn, d, d.c.extracted_at.is_not(None)),
            "clusters": _count(conn, c), "claims": _count(conn, schema.cluster_claims),
            "sources": int(conn.execute(select(func.count(func.distinct(f.c.value))).where(f.c.facet == "source"))
                           .scalar() or 0),
            "rejects": _count(conn, schema.rejects),
        }
        statuses = [(s, int(n)) for s, n in conn.execute(
            select(c.c.status, func.count()).group_by(c.c.status).order_by(func.count().desc()))]
    newest = query_clusters(store, sort="newest", limit=10)
    top = query_clusters(store, sort="origins", limit=5)
    return {"counts": counts, "statuses": statuses, "newest": [r.to_json() for r in newest.rows],
            "most_origins": [r.to_json() for r in top.rows], "ingest_runs": ingest_runs(store, 5)}


def claims(store: Store, f: ClusterFilter, sort: str = DEFAULT_SORT, limit: int = 50,
           cursor: str | None = None, facets: bool | None = None) -> dict[str, Any]:
    """One page of the claims table, with facet counts for the same filter.

    Args:
        facets: True to count now, False never; None counts now when the match is small
            or the counts are cached, else leaves ``facets`` None for a later request.
    """
    page = query_clusters(store, f, sort, limit=limit, cursor=cursor)
    page.total = facet_cache.total(store, f)
    counts = None
    if facets or (facets is None and page.total <= facet_cache.INLINE_LIMIT):
        counts = facet_cache.facet_counts(store, f)
    elif facets is None:
        counts = facet_cache.cached(store, f)
    return {"filter": f.active(), "sort": sort, "limit": limit, "cursor": cursor, "total": page.total,
            "rows": [r.to_json() for r in page.rows], "next_cursor": page.next_cursor, "facets": counts}


def _timeline(members: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Appearances per day: which outlets carried the claim when."""
    days: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for m in members:
        day = (m["document"].get("published") or "")[:10] or "undated"
        entry = {"doc_id": m["doc_id"], "outlet": m["document"].get("outlet"), "status": m["claim"]["status"],
                 "title": m["document"].get("title")}
        if entry not in days[day]:
            days[day].append(entry)
    return [{"date": day, "appearances": items} for day, items in sorted(days.items())]


def cluster(store: Store, cluster_id: int) -> dict[str, Any]:
    """One cluster: its row, members with signals, provenance graph, stances and timeline."""
    row = get_cluster(store, cluster_id)
    with store.engine.connect() as conn:
        members = load_members(conn, [cluster_id]).get(cluster_id, [])
        graph = cluster_graph(conn, members)
    member_json = [m.to_json() for m in members]
    return {"cluster": row.to_json(), "members": member_json, "graph": graph,
            "stances": graph.get("stances", []), "timeline": _timeline(member_json)}


def document(store: Store, ref: str, claim: str | None = None) -> dict[str, Any]:
    """The annotated article: text segments, attributions with chains, entities, places, times."""
    doc, info = get_document(store, ref)
    with store.engine.connect() as conn:
        doc_id = resolve_document_id(conn, ref)
        extraction = load_extraction(conn, doc_id)
        cc = schema.cluster_claims
        in_clusters = {r.claim_id: r.cluster_id for r in conn.execute(
            select(cc.c.claim_id, cc.c.cluster_id).where(cc.c.doc_id == doc_id))}
    analysis: dict[str, Any] = extraction.to_json() if extraction else {
        "document": doc.to_json(), "attributions": [], "claims": [], "entities": [], "signals": [], "places": [],
        "times": []}
    names = {e["id"]: e for e in analysis["entities"]}
    attrs = {a["id"]: a for a in analysis["attributions"]}
    chains = {}
    for c in analysis["claims"]:
        a = attrs.get(c["attribution"] or "")
        chain = []
        if a:
            src = a.get("source") or {}
            entity = names.get(src.get("entity") or "")
            chain.append({"name": entity["name"] if entity else src.get("text") or "(unnamed)", "role": "source",
                          "side": entity["side"] if entity else "unknown"})
            chain += [{"name": names.get(v, {}).get("name", v), "role": "relay",
                       "side": names.get(v, {}).get("side", "unknown")} for v in a.get("via", [])]
        chain += [{"name": r, "role": "forwarded from", "side": "unknown"} for r in doc.relays]
        chain.append({"name": doc.outlet or "(unknown outlet)", "role": "outlet", "side": "unknown"})
        chains[c["id"]] = chain
    selected = claim if claim in chains else None
    focus = set()
    if selected:
        c = next(x for x in analysis["claims"] if x["id"] == selected)
        focus = {c["attribution"]} if c["attribution"] else set()
    segs = segments(doc.text, marks_of(analysis))
    return {"document": {**doc.to_json(), **info, "relays": list(doc.relays)}, "analysis": analysis,
            "chains": chains, "clusters": in_clusters, "selected_claim": selected,
            "segments": [{"text": s.text, "kinds": s.kinds, "refs": s.refs, "anchor": s.anchor,
                          "focus": bool(focus & set(s.refs))} for s in segs]}


def map_points(store: Store, f: ClusterFilter, limit: int = 500) -> dict[str, Any]:
    """Located clusters for the map: one point per (cluster, place)."""
    page = query_clusters(store, f, "newest", limit=limit, with_total=True)
    ids = [r.id for r in page.rows]
    with store.engine.connect() as conn:
        members = load_members(conn, ids)
    points = []
    for r in page.rows:
        seen: set[tuple[float, float]] = set()
        for m in members.get(r.id, []):
            for p in m.places:
                if p.get("lat") is None or p.get("lon") is None:
                    continue
                key = (round(p["lat"], 3), round(p["lon"], 3))
                if key in seen:
                    continue
                seen.add(key)
                points.append({"cluster_id": r.id, "text": r.text, "status": r.status, "event_type": r.event_type,
                               "first_seen": r.first_seen, "documents": r.documents, "place": p.get("name"),
                               "precision": p.get("precision"), "lat": p["lat"], "lon": p["lon"]})
    return {"filter": f.active(), "total": page.total, "shown": len(page.rows), "points": points}


def _sides_kinds(store: Store, names: list[str]) -> tuple[dict[str, Counter[str]], dict[str, Counter[str]]]:
    e = schema.entities
    sides: dict[str, Counter[str]] = defaultdict(Counter)
    kinds: dict[str, Counter[str]] = defaultdict(Counter)
    with store.engine.connect() as conn:
        for i in range(0, len(names), 400):
            for r in conn.execute(select(e.c.name, e.c.side, e.c.kind).where(e.c.name.in_(names[i:i + 400]))):
                sides[r.name][r.side] += 1
                kinds[r.name][r.kind] += 1
    return sides, kinds


def _top(counter: Counter[str], default: str | None) -> str | None:
    if not counter:
        return default
    return counter.most_common(1)[0][0]


def sources(store: Store, query: str | None = None, limit: int = 200) -> dict[str, Any]:
    """Sources and outlets with their record: claims, origins, and how their claims fared."""
    from sourcetrace.link.sources import list_sources

    records = list_sources(store, limit=100_000)
    if query:
        records = [r for r in records if query.casefold() in r.name.casefold()]
    records = records[:limit]
    sides, kinds = _sides_kinds(store, [r.name for r in records])
    return {"query": query, "sources": [
        {"id": source_slug(r.name), "name": r.name, "role": r.kind, "claims": r.claims, "origin_of": r.origin_of,
         "disputed": r.disputed, "denied": r.denied, "confirmed": r.confirmed,
         "side": _top(sides[r.name], "unknown"), "kind": _top(kinds[r.name], None)} for r in records]}


def _source_name(store: Store, slug: str) -> str:
    fct, e = schema.cluster_facets, schema.entities
    with store.engine.connect() as conn:
        lookups: list[tuple[Any, list[Any]]] = [(fct.c.value, [fct.c.facet.in_(("source", "outlet"))]),
                                                (e.c.name, []), (schema.documents.c.outlet, [])]
        for table_col, where in lookups:
            for (name,) in conn.execute(select(func.distinct(table_col)).where(*where)):
                if name and source_slug(str(name)) == slug:
                    return str(name)
    raise NotFound(f"no source {slug!r}; see /sources for the list")


def source(store: Store, slug: str) -> dict[str, Any]:
    """One source or outlet: its record, the clusters it is in, the documents that name it."""
    from sourcetrace.link.sources import get_source

    name = _source_name(store, slug)
    try:
        record = get_source(store, name).to_json()
    except NotFound:
        record = {"name": name, "kind": "source", "claims": 0, "origin_of": 0, "disputed": 0, "denied": 0,
                  "confirmed": 0, "clusters": []}
    e, d, a = schema.entities, schema.documents, schema.attributions
    f = ClusterFilter(outlet=name) if record["kind"] == "outlet" else ClusterFilter(source=name)
    page = query_clusters(store, f, "newest", limit=200)
    with store.engine.connect() as conn:
        rows = conn.execute(
            select(e.c.doc_id, e.c.id, e.c.kind, e.c.side, e.c.description, d.c.title, d.c.outlet, d.c.published)
            .join(d, d.c.id == e.c.doc_id).where(e.c.name == name).order_by(d.c.published.desc()).limit(200)).all()
        quoted: Counter[str] = Counter()
        for r in rows:
            quoted[r.doc_id] += _count(conn, a, a.c.doc_id == r.doc_id, a.c.source_entity == r.id)
    sides = Counter(r.side for r in rows)
    record.pop("clusters", None)
    return {"id": slug, "name": name, "record": record, "side": _top(sides, "unknown"),
            "kinds": sorted({r.kind for r in rows}), "descriptions": sorted({r.description for r in rows
                                                                            if r.description})[:10],
            "clusters_total": len(page.rows) if not page.next_cursor else record["claims"],
            "clusters": [r.to_json() for r in page.rows],
            "documents": [{"id": r.doc_id, "title": r.title, "outlet": r.outlet, "published": r.published,
                           "attributions": quoted[r.doc_id]} for r in rows]}


def rejects(store: Store) -> dict[str, Any]:
    return {"rejects": list_rejects(store, limit=500), "ingest_runs": ingest_runs(store, 20)}
