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
from sourcetrace.link.query import ClusterFilter, facet_counts, get_cluster, query_clusters
from sourcetrace.store import schema
from sourcetrace.store.db import Store
from sourcetrace.store.documents import get_document, list_rejects, resolve_document_id
from sourcetrace.store.extractions import load_extraction
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


def claims(store: Store, f: ClusterFilter, sort: str = "origins", limit: int = 50,
           cursor: str | None = None, facets: bool = True) -> dict[str, Any]:
    """One page of the claims table, with facet counts for the same filter."""
    page = query_clusters(store, f, sort, limit=limit, cursor=cursor, with_total=True)
    return {"filter": f.active(), "sort": sort, "limit": limit, "cursor": cursor, "total": page.total,
            "rows": [r.to_json() for r in page.rows], "next_cursor": page.next_cursor,
            "facets": {k: [list(v) for v in vs] for k, vs in facet_counts(store, f).items()} if facets else {}}


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
    analysis = extraction.to_json() if extraction else {"document": doc.to_json(), "attributions": [], "claims": [],
                                                        "entities": [], "signals": [], "places": [], "times": []}
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


def sources(store: Store, query: str | None = None, limit: int = 200) -> dict[str, Any]:
    """Origins across clusters: how many claims each stands behind, with side and kind."""
    fct, e = schema.cluster_facets, schema.entities
    with store.engine.connect() as conn:
        stmt = select(fct.c.value, func.count()).where(fct.c.facet == "source")
        if query:
            stmt = stmt.where(func.lower(fct.c.value).contains(query.lower(), autoescape=True))
        rows = conn.execute(stmt.group_by(fct.c.value).order_by(func.count().desc(), fct.c.value).limit(limit)).all()
        names = [r[0] for r in rows]
        sides: dict[str, Counter[str]] = defaultdict(Counter)
        kinds: dict[str, Counter[str]] = defaultdict(Counter)
        for i in range(0, len(names), 400):
            for r in conn.execute(select(e.c.name, e.c.side, e.c.kind).where(e.c.name.in_(names[i:i + 400]))):
                sides[r.name][r.side] += 1
                kinds[r.name][r.kind] += 1
    return {"query": query, "sources": [
        {"id": source_slug(name), "name": name, "clusters": int(n),
         "side": (sides[name].most_common(1) or [("unknown", 0)])[0][0],
         "kind": (kinds[name].most_common(1) or [(None, 0)])[0][0]} for name, n in rows]}


def _source_name(store: Store, slug: str) -> str:
    fct, e = schema.cluster_facets, schema.entities
    with store.engine.connect() as conn:
        for table_col, where in ((fct.c.value, fct.c.facet == "source"), (e.c.name, True)):
            for (name,) in conn.execute(select(func.distinct(table_col)).where(where)):
                if source_slug(str(name)) == slug:
                    return str(name)
    raise NotFound(f"no source {slug!r}; see /sources for the list")


def source(store: Store, slug: str) -> dict[str, Any]:
    """One source: the clusters it originates and the documents that quote it."""
    name = _source_name(store, slug)
    e, d, a = schema.entities, schema.documents, schema.attributions
    page = query_clusters(store, ClusterFilter(source=name), "newest", limit=200, with_total=True)
    with store.engine.connect() as conn:
        rows = conn.execute(
            select(e.c.doc_id, e.c.id, e.c.kind, e.c.side, e.c.description, d.c.title, d.c.outlet, d.c.published)
            .join(d, d.c.id == e.c.doc_id).where(e.c.name == name).order_by(d.c.published.desc()).limit(200)).all()
        quoted = Counter()
        for r in rows:
            quoted[r.doc_id] = _count(conn, a, a.c.doc_id == r.doc_id, a.c.source_entity == r.id)
    sides = Counter(r.side for r in rows)
    descriptions = sorted({r.description for r in rows if r.description})
    return {"id": slug, "name": name, "side": (sides.most_common(1) or [("unknown", 0)])[0][0],
            "kinds": sorted({r.kind for r in rows}), "descriptions": descriptions[:10],
            "clusters_total": page.total, "clusters": [r.to_json() for r in page.rows],
            "documents": [{"id": r.doc_id, "title": r.title, "outlet": r.outlet, "published": r.published,
                           "attributions": quoted[r.doc_id]} for r in rows]}


def rejects(store: Store) -> dict[str, Any]:
    return {"rejects": list_rejects(store, limit=500), "ingest_runs": ingest_runs(store, 20)}
