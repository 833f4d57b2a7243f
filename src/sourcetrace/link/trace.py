"""A cluster's provenance for display: the graph, the stance timeline, and a text tree."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sourcetrace.errors import NotFound
from sourcetrace.link.cluster import core_keys
from sourcetrace.link.members import cluster_members, load_members, member_vectors
from sourcetrace.link.provenance import Provenance, build_provenance
from sourcetrace.link.query import ClusterFilter, ClusterRow, get_cluster, query_clusters
from sourcetrace.link.stance import Stance, stances
from sourcetrace.store.db import Store


@dataclass
class Trace:
    cluster: ClusterRow
    provenance: Provenance
    timeline: list[Stance]

    def to_json(self) -> dict[str, Any]:
        return {"cluster": self.cluster.to_json(), "provenance": self.provenance.to_json(),
                "timeline": [s.to_json() for s in self.timeline]}


def find_cluster(store: Store, ref: str) -> int:
    """A cluster id from an id or from words of its statement (the best-linked match)."""
    if ref.isdigit():
        return int(ref)
    page = query_clusters(store, ClusterFilter(text=ref), sort="outlets", limit=1)
    if not page.rows:
        raise NotFound(f"no claim cluster matches {ref!r}; list them with `sourcetrace claims`")
    return page.rows[0].id


def trace(store: Store, ref: str) -> Trace:
    """The provenance and stances of the cluster ``ref`` (an id or words of its text)."""
    cid = find_cluster(store, ref)
    row = get_cluster(store, cid)
    with store.engine.connect() as conn:
        keys = cluster_members(conn, [cid]).get(cid, [])
        members, docs = load_members(conn, keys)
        vectors = member_vectors(conn, keys)
    keys = [k for k in keys if k in members]
    ms = [members[k] for k in keys]
    return Trace(row, build_provenance(ms, docs, core_keys(keys, vectors)), stances(ms, docs))


def render_tree(p: Provenance) -> list[str]:
    """Lines of the provenance tree, each origin at the left and who cited it below."""
    children: dict[str, list[Any]] = {}
    for e in p.edges:
        children.setdefault(e.source, []).append(e)
    by_name = {n.name: k for k, n in p.nodes.items()}
    lines: list[str] = []
    expanded: set[str] = set()

    def walk(key: str, depth: int) -> None:
        expanded.add(key)
        for e in sorted(children.get(key, []), key=lambda e: (e.date or "", e.target)):
            node = p.nodes[e.target]
            more = " (its citers above)" if e.target in expanded and children.get(e.target) else ""
            lines.append(f"{'   ' * depth}└─ {node.name} [{node.kind}] {e.kind} {e.date or '?'}{more}")
            if e.target not in expanded:
                walk(e.target, depth + 1)

    roots = [by_name[n] for n in p.origins if n in by_name]
    others = [k for k in p.nodes if k not in {e.target for e in p.edges} and k not in roots]
    for key in roots + others:
        node = p.nodes[key]
        # not an origin: an outlet naming no source, or a voice that denies, doubts or
        # only comments on the claim (see provenance.py)
        mark = "origin" if key in roots else "unattributed" if node.kind == "outlet" else "not an origin"
        lines.append(f"● {node.name} [{node.kind}, {node.side}] {mark}, first seen {node.first_seen or '?'}")
        walk(key, 1)
    return lines
