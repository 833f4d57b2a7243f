"""CSV of claims: one row per cluster, the columns of the claims table.

The last row states the count in its first column (``# 12 rows``) with the other
columns empty, so every row has the same width and the file stays valid CSV.
"""

from __future__ import annotations

from collections.abc import Iterator

from sourcetrace.export.base import Exporter, ExportRequest
from sourcetrace.export.csvstream import stream_csv
from sourcetrace.export.hookspecs import hookimpl

COLUMNS = ("id", "statement", "status", "event_type", "first_seen", "last_seen", "origins", "origin_sources",
           "outlets", "documents", "claims", "member_documents")


def render(req: ExportRequest) -> Iterator[bytes]:
    pages = ([[r.id, r.text, r.status, r.event_type, r.first_seen or "", r.last_seen or "", r.origins,
               "; ".join(r.origin_sources), r.outlets, r.documents, r.claims, " ".join(r.member_documents)]
              for r in page] for page in req.clusters())
    return stream_csv(COLUMNS, pages)


EXPORTER = Exporter("csv", ".csv", "text/csv; charset=utf-8", "Claims table as CSV, one row per claim cluster.", render)


@hookimpl
def sourcetrace_exporters() -> list[Exporter]:
    return [EXPORTER]
