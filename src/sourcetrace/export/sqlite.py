"""A Datasette-ready SQLite file of the filtered clusters, their members and graphs.

Tables: ``clusters`` (one row per cluster, the claims view), ``members`` (one row per
member claim, with its document and chain), ``documents``, ``edges`` (provenance hops)
and ``export_info`` whose one row states the row count. ``clusters`` has a full-text
index in the layout Datasette detects (``clusters_fts`` with ``content=``), and
foreign keys let Datasette link rows. The file is built in a temporary folder and
then streamed, since SQLite cannot be written to a pipe.
"""

from __future__ import annotations

import json
import sqlite3
import tempfile
from collections.abc import Iterator
from pathlib import Path

from sourcetrace.export.base import Exporter, ExportRequest
from sourcetrace.export.graph import cluster_graph
from sourcetrace.export.hookspecs import hookimpl

SCHEMA = """
CREATE TABLE clusters (id INTEGER PRIMARY KEY, statement TEXT NOT NULL, status TEXT, event_type TEXT,
  first_seen TEXT, last_seen TEXT, origins INTEGER, origin_sources TEXT, outlets INTEGER,
  documents INTEGER, claims INTEGER);
CREATE TABLE documents (id TEXT PRIMARY KEY, title TEXT, outlet TEXT, published TEXT, url TEXT, language TEXT);
CREATE TABLE members (cluster_id INTEGER REFERENCES clusters(id), doc_id TEXT REFERENCES documents(id),
  claim_id TEXT, text TEXT, status TEXT, event_type TEXT, source TEXT, chain TEXT, places TEXT,
  signals TEXT, similarity REAL, PRIMARY KEY (doc_id, claim_id, cluster_id));
CREATE TABLE edges (cluster_id INTEGER REFERENCES clusters(id), source TEXT, target TEXT, kind TEXT,
  date TEXT, doc_id TEXT);
CREATE TABLE export_info (key TEXT PRIMARY KEY, value TEXT);
CREATE VIRTUAL TABLE clusters_fts USING fts5(statement, content="clusters", content_rowid="id");
CREATE INDEX ix_members_cluster ON members(cluster_id);
CREATE INDEX ix_edges_cluster ON edges(cluster_id);
"""


def write_sqlite(req: ExportRequest, path: Path) -> int:
    """Writes the export database at ``path``; returns the number of cluster rows."""
    db = sqlite3.connect(path)
    rows = 0
    try:
        db.executescript(SCHEMA)
        for page, members in req.with_members():
            with req.store.engine.connect() as conn:
                graphs = {r.id: cluster_graph(conn, members.get(r.id, [])) for r in page}
            for r in page:
                db.execute("INSERT INTO clusters VALUES (?,?,?,?,?,?,?,?,?,?,?)",
                           (r.id, r.text, r.status, r.event_type, r.first_seen, r.last_seen, r.origins,
                            "; ".join(r.origin_sources), r.outlets, r.documents, r.claims))
                for m in members.get(r.id, []):
                    d = m.document
                    db.execute("INSERT OR IGNORE INTO documents VALUES (?,?,?,?,?,?)",
                               (m.doc_id, d.get("title"), d.get("outlet"), d.get("published"), d.get("url"),
                                d.get("language")))
                    db.execute("INSERT OR IGNORE INTO members VALUES (?,?,?,?,?,?,?,?,?,?,?)",
                               (r.id, m.doc_id, m.claim["id"], m.claim["text"], m.claim["status"],
                                m.claim["event_type"], m.source_name, " -> ".join(m.chain()),
                                json.dumps([p.get("name") for p in m.places], ensure_ascii=False),
                                json.dumps([s.get("kind") for s in m.signals]), m.similarity))
                names = {n["id"]: n["name"] for n in graphs[r.id]["nodes"]}
                db.executemany("INSERT INTO edges VALUES (?,?,?,?,?,?)", [
                    (r.id, names.get(e["source"], e["source"]), names.get(e["target"], e["target"]), e.get("kind"),
                     e.get("date"), e.get("doc_id")) for e in graphs[r.id]["edges"]])
                rows += 1
        db.execute("INSERT INTO clusters_fts(clusters_fts) VALUES ('rebuild')")
        db.executemany("INSERT INTO export_info VALUES (?, ?)", [
            ("format", "sourcetrace sqlite export"), ("filter", json.dumps(req.filter.active())),
            ("sort", req.sort), ("rows", str(rows))])
        db.commit()
    finally:
        db.close()
    return rows


def render(req: ExportRequest) -> Iterator[bytes]:
    with tempfile.TemporaryDirectory(prefix="sourcetrace-export-") as tmp:
        path = Path(tmp) / "export.db"
        write_sqlite(req, path)
        with path.open("rb") as f:
            while chunk := f.read(1 << 16):
                yield chunk


EXPORTER = Exporter("sqlite", ".db", "application/vnd.sqlite3",
                    "A Datasette-ready SQLite database of clusters, members, documents and edges.", render)


@hookimpl
def sourcetrace_exporters() -> list[Exporter]:
    return [EXPORTER]
