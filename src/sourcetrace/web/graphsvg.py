"""The provenance graph drawn as SVG on the server: a small layered layout of our own.

Origins stand in the left column, the publishing outlets in the right one, relays in
between by their longest distance from an origin; within a column, nodes are ordered
by the mean position of their predecessors (two sweeps), which keeps most edges
uncrossed for the small graphs a claim has. Every label is escaped; the SVG carries no
script and links only to our own pages.
"""

from __future__ import annotations

from collections import defaultdict
from typing import Any

from markupsafe import Markup, escape

from sourcetrace.web.ids import source_slug

NODE_W, NODE_H, COL_GAP, ROW_GAP, PAD = 200, 46, 96, 22, 16
EDGE_STYLE = {"attribution": "", "via": "", "forward": "6 4", "copy": "2 4", "link": "8 3 2 3", "cites": "6 4"}


def layers(nodes: list[str], edges: list[tuple[str, str]], right: set[str]) -> dict[str, int]:
    """Column of each node: longest path from a root; the nodes in ``right`` go last."""
    preds: dict[str, list[str]] = defaultdict(list)
    for a, b in edges:
        preds[b].append(a)
    layer: dict[str, int] = {}

    def depth(n: str, seen: frozenset[str]) -> int:
        if n in layer:
            return layer[n]
        ps = [p for p in preds.get(n, []) if p not in seen]
        value = 0 if not ps else 1 + max(depth(p, seen | {n}) for p in ps)
        layer[n] = value
        return value

    for n in nodes:
        depth(n, frozenset())
    last = max([layer[n] for n in nodes if n not in right] + [layer[n] for n in right] + [0])
    if right and any(n not in right for n in nodes):
        last = max(last, max((layer[n] for n in nodes if n not in right), default=0) + 1)
    for n in right:
        if not any(b for a, b in edges if a == n and b not in right):
            layer[n] = last
    return layer


def order(layer: dict[str, int], edges: list[tuple[str, str]], first: dict[str, str]) -> dict[int, list[str]]:
    """Nodes per column, ordered to reduce crossings (barycentre, two sweeps)."""
    cols: dict[int, list[str]] = defaultdict(list)
    for n in sorted(layer, key=lambda k: (first.get(k) or "~", k)):
        cols[layer[n]].append(n)
    preds: dict[str, list[str]] = defaultdict(list)
    succs: dict[str, list[str]] = defaultdict(list)
    for a, b in edges:
        preds[b].append(a)
        succs[a].append(b)
    for neighbours, columns in ((preds, sorted(cols)[1:]), (succs, sorted(cols, reverse=True)[1:])):
        for c in columns:
            pos = {n: i for col in cols.values() for i, n in enumerate(col)}

            def centre(n: str, nb: dict[str, list[str]] = neighbours, p: dict[str, int] = pos) -> float:
                ns = [p[x] for x in nb.get(n, []) if x in p]
                return sum(ns) / len(ns) if ns else float(p[n])

            cols[c].sort(key=centre)
    return cols


def _label(text: str, limit: int = 26) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "\u2026"


def provenance_svg(graph: dict[str, Any], title: str = "Provenance graph") -> Markup:
    """An accessible SVG of ``graph`` (nodes, edges as from ``export.graph.cluster_graph``)."""
    nodes = {n["id"]: n for n in graph.get("nodes", [])}
    if not nodes:
        return Markup('<p class="muted">No provenance recorded for this claim.</p>')
    edges = [(e["source"], e["target"]) for e in graph.get("edges", [])
             if e["source"] in nodes and e["target"] in nodes]
    outlets = {k for k, n in nodes.items() if n.get("name") in set(graph.get("outlets", []))}
    origins = {k for k, n in nodes.items() if n.get("name") in set(graph.get("origins", []))}
    layer = layers(list(nodes), edges, outlets)
    cols = order(layer, edges, {k: n.get("first_seen") or "" for k, n in nodes.items()})
    tallest = max(len(c) for c in cols.values())
    width = PAD * 2 + (max(cols) + 1) * NODE_W + max(cols) * COL_GAP
    height = PAD * 2 + 18 + tallest * NODE_H + (tallest - 1) * ROW_GAP
    xy: dict[str, tuple[float, float]] = {}
    for c, members in cols.items():
        offset = (tallest - len(members)) * (NODE_H + ROW_GAP) / 2
        for i, n in enumerate(members):
            xy[n] = (PAD + c * (NODE_W + COL_GAP), PAD + 18 + offset + i * (NODE_H + ROW_GAP))
    parts = [f'<svg xmlns="http://www.w3.org/2000/svg" class="provenance" viewBox="0 0 {width} {height}" '
             f'width="{width}" height="{height}" role="img" aria-labelledby="pg-title">',
             f'<title id="pg-title">{escape(title)}</title>',
             '<defs><marker id="arrow" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="7" markerHeight="7" '
             'orient="auto-start-reverse"><path d="M0,0 L10,5 L0,10 z" class="arrowhead"/></marker></defs>']
    headers = {0: "Origins"}
    if max(cols) > 0:
        headers[max(cols)] = "Publishing outlets"
    for c, text in headers.items():
        parts.append(f'<text class="col-head" x="{PAD + c * (NODE_W + COL_GAP)}" y="{PAD + 4}">{text}</text>')
    for e in graph.get("edges", []):
        a, b = e["source"], e["target"]
        if a not in xy or b not in xy:
            continue
        x1, y1 = xy[a][0] + NODE_W, xy[a][1] + NODE_H / 2
        x2, y2 = xy[b][0], xy[b][1] + NODE_H / 2
        if x2 <= x1:  # same column or backwards: bend around
            x2 = xy[b][0] + NODE_W / 2
            y2 = xy[b][1] + (0 if y2 > y1 else NODE_H)
        mx = (x1 + x2) / 2
        # a long edge gets its date near its start, clear of the boxes it passes
        lx = mx if x2 - x1 <= NODE_W else x1 + COL_GAP / 2
        ly = (y1 + y2) / 2 - 4 if x2 - x1 <= NODE_W else y1 - 5
        dash = EDGE_STYLE.get(e.get("kind") or "", "")
        kind = escape(e.get("kind") or "via")
        date = escape(e.get("date") or "undated")
        parts.append(f'<g class="edge edge-{kind}"><title>{escape(nodes[a]["name"])} \u2192 {escape(nodes[b]["name"])}'
                     f' ({kind}, {date})</title>'
                     f'<path d="M{x1:.0f},{y1:.0f} C{mx:.0f},{y1:.0f} {mx:.0f},{y2:.0f} {x2 - 2:.0f},{y2:.0f}" '
                     f'marker-end="url(#arrow)"' + (f' stroke-dasharray="{dash}"' if dash else "") + "/>"
                     f'<text class="edge-date" x="{lx:.0f}" y="{ly:.0f}" text-anchor="middle">{date}</text></g>')
    for key, (x, y) in xy.items():
        n = nodes[key]
        side = escape(n.get("side") or "unknown")
        role = "origin" if key in origins else "outlet" if key in outlets else "relay"
        name = str(n.get("name") or key)
        sub = {"origin": "origin", "outlet": "outlet", "relay": "relay"}[role]
        if n.get("first_seen"):
            sub += f" \u00b7 {n['first_seen'][:10]}"
        parts.append(f'<a href="/sources/{escape(source_slug(name))}" class="node node-{role} side-{side}">'
                     f'<title>{escape(name)} ({role}, side: {side})</title>'
                     f'<rect x="{x}" y="{y}" width="{NODE_W}" height="{NODE_H}" rx="6"/>'
                     f'<rect class="side-bar" x="{x}" y="{y}" width="5" height="{NODE_H}" rx="2"/>'
                     f'<text x="{x + 12}" y="{y + 19}" class="node-name">{escape(_label(name))}</text>'
                     f'<text x="{x + 12}" y="{y + 36}" class="node-sub">{escape(sub)}</text></a>')
    parts.append("</svg>")
    return Markup("".join(parts))
