"""GraphML and GEXF of the provenance graphs of the filtered clusters (Gephi opens both).

All clusters go into one directed multigraph: a source or outlet is one node however
many claims it appears in, and each hop of each cluster is its own edge carrying the
cluster id and date. The row count closes the file as an XML comment after the root
element (well-formed XML allows it) and is also a graph attribute.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from typing import Any

import networkx as nx

from sourcetrace.export.base import Exporter, ExportRequest, count_line
from sourcetrace.export.graph import cluster_graph, to_networkx
from sourcetrace.export.hookspecs import hookimpl


def build(req: ExportRequest) -> tuple[nx.MultiDiGraph, int]:
    graphs: dict[int, dict[str, Any]] = {}
    titles: dict[int, str] = {}
    for page, members in req.with_members():
        with req.store.engine.connect() as conn:
            for r in page:
                graphs[r.id] = cluster_graph(conn, members.get(r.id, []))
                titles[r.id] = r.text
    g = to_networkx(graphs, titles)
    g.graph["rows"] = len(graphs)
    g.graph["name"] = "sourcetrace provenance"
    return g, len(graphs)


def _render_with(generate: Callable[[nx.MultiDiGraph], Iterable[str]]) -> Callable[[ExportRequest], Iterator[bytes]]:
    def render(req: ExportRequest) -> Iterator[bytes]:
        g, rows = build(req)
        for line in generate(g):
            yield (line + "\n").encode("utf-8")
        yield f"<!-- sourcetrace export: {count_line(rows)} -->\n".encode()
    return render


GRAPHML = Exporter("graphml", ".graphml", "application/graphml+xml",
                   "Provenance graphs as GraphML.", _render_with(nx.generate_graphml))
GEXF = Exporter("gexf", ".gexf", "application/gexf+xml", "Provenance graphs as GEXF 1.2.",
                _render_with(lambda g: nx.generate_gexf(g, version="1.2draft")))


@hookimpl
def sourcetrace_exporters() -> list[Exporter]:
    return [GRAPHML, GEXF]
