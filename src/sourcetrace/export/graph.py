"""The provenance graph of a cluster as plain data, and as a networkx graph for exports.

The graph itself is computed by ``sourcetrace.link.provenance`` (the linking stage owns
what counts as an origin); this module only adapts our member records to its inputs.
When that module is missing (an older install) a simple graph is drawn from each
member's attribution chain: source -> relays -> forwarders -> publishing outlet.
"""

from __future__ import annotations

import itertools
from typing import Any

import networkx as nx
from sqlalchemy import Connection, select

from sourcetrace.export.members import Member
from sourcetrace.store import schema


def _with_link_module(members: list[Member], texts: dict[str, str],
                      copies: dict[str, str]) -> dict[str, Any] | None:
    try:
        from sourcetrace.link import provenance as prov
    except ImportError:  # pragma: no cover - linking not installed
        return None
    pm = []
    docs: dict[str, Any] = {}
    for m in members:
        a = m.attribution
        source = via = None
        if a and a.get("source_name"):
            source = prov.SourceInfo(a["source_name"], a.get("source_kind") or "person",
                                     a.get("source_side") or "unknown")
            via = [prov.SourceInfo(n, "outlet") for n in a.get("via_names") or []]
        pm.append(prov.Member(doc_id=m.doc_id, claim_id=m.claim["id"], text=m.claim["text"],
                              status=m.claim["status"], event_type=m.claim["event_type"],
                              source=source, via=via or [],
                              signals=[s["kind"] for s in m.signals],
                              mentioned=[prov.SourceInfo(e["name"], e["kind"], e["side"]) for e in m.actors]))
        d = m.document
        if m.doc_id not in docs:
            docs[m.doc_id] = prov.DocInfo(
                id=m.doc_id, outlet=d.get("outlet"), published=d.get("published"),
                ingested=(d.get("ingested_at") or "")[:10] or None, url=d.get("url"),
                language=d.get("language") or "en", relays=list(d.get("relays") or []),
                copy_of=copies.get(m.doc_id), text=texts.get(m.doc_id, ""))
    p = prov.build_provenance(pm, docs)
    data = p.to_json()
    data["nodes"] = [{"id": key, **vars(n)} for key, n in p.nodes.items()]
    return data


def _simple(members: list[Member]) -> dict[str, Any]:
    nodes: dict[str, dict[str, Any]] = {}
    edges: dict[tuple[str, str], dict[str, Any]] = {}
    for m in members:
        chain = m.chain()
        date = (m.document.get("published") or "")[:10] or None
        keys = []
        for i, name in enumerate(chain):
            key = " ".join(name.casefold().split())
            kind = "outlet" if i == len(chain) - 1 or i > 0 else "source"
            side = m.source_side if i == 0 and m.attribution else "unknown"
            node = nodes.setdefault(key, {"id": key, "name": name, "kind": kind, "side": side, "first_seen": date})
            if kind == "outlet":
                node["kind"] = "outlet"
            if date and (not node["first_seen"] or date < node["first_seen"]):
                node["first_seen"] = date
            keys.append(key)
        for a, b in itertools.pairwise(keys):
            old = edges.get((a, b))
            if old is None or (date and (not old["date"] or date < old["date"])):
                edges[(a, b)] = {"source": a, "target": b, "kind": "via", "date": date, "doc_id": m.doc_id}
    targets = {b for _, b in edges}
    roots = [k for k in nodes if k not in targets]
    return {"nodes": list(nodes.values()), "edges": list(edges.values()),
            "origins": [nodes[k]["name"] for k in roots],
            "outlets": sorted({m.document.get("outlet") or "(unknown outlet)" for m in members})}


def _from_store(conn: Connection, members: list[Member]) -> dict[str, Any] | None:
    """The linking stage's own reading of the members, when it is installed."""
    try:
        from sourcetrace.link.members import load_members as link_members
        from sourcetrace.link.provenance import build_provenance
        from sourcetrace.link.stance import stances
    except ImportError:  # pragma: no cover - linking not installed
        return None
    keys = sorted({(m.doc_id, m.claim["id"]) for m in members})
    found, docs = link_members(conn, keys)
    p = build_provenance(list(found.values()), docs)
    data = p.to_json()
    data["nodes"] = [{"id": key, **vars(n)} for key, n in p.nodes.items()]
    data["stances"] = [s.to_json() for s in stances(list(found.values()), docs)]
    return data


def cluster_graph(conn: Connection, members: list[Member]) -> dict[str, Any]:
    """Nodes (id, name, kind, side, first_seen), dated edges, origins, outlets, stances."""
    if not members:
        return {"nodes": [], "edges": [], "origins": [], "outlets": [], "stances": []}
    data = _from_store(conn, members)
    if data is not None:
        return data
    doc_ids = sorted({m.doc_id for m in members})
    d = schema.documents
    texts = {r.id: r.text for r in conn.execute(select(d.c.id, d.c.text).where(d.c.id.in_(doc_ids)))}
    data = _with_link_module(members, texts, {}) or _simple(members)
    data.setdefault("stances", [])
    return data


def to_networkx(graphs: dict[int, dict[str, Any]], titles: dict[int, str] | None = None) -> nx.MultiDiGraph:
    """One graph of many clusters: nodes shared by name, one edge per cluster and hop."""
    g = nx.MultiDiGraph()
    for cluster_id, data in graphs.items():
        for n in data["nodes"]:
            key = n["id"]
            if key in g:
                clusters = g.nodes[key]["clusters"]
                g.nodes[key]["clusters"] = f"{clusters},{cluster_id}"
                if n["kind"] == "outlet":
                    g.nodes[key]["kind"] = "outlet"
            else:
                g.add_node(key, label=str(n["name"]), kind=str(n["kind"]), side=str(n.get("side") or "unknown"),
                           first_seen=str(n.get("first_seen") or ""), clusters=str(cluster_id))
        for i, e in enumerate(data["edges"]):
            g.add_edge(e["source"], e["target"], key=f"c{cluster_id}e{i}", cluster=int(cluster_id),
                       kind=str(e.get("kind") or "via"), date=str(e.get("date") or ""),
                       doc_id=str(e.get("doc_id") or ""),
                       claim=str((titles or {}).get(cluster_id, ""))[:300])
    return g
