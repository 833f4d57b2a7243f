"""CSV of claims: one row per cluster, the columns of the claims table.

The last row states the count in its first column (``# 12 rows``) with the other
columns empty, so every row has the same width and the file stays valid CSV.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator

from sourcetrace.export.base import Exporter, ExportRequest, count_line
from sourcetrace.export.hookspecs import hookimpl

COLUMNS = ("id", "statement", "status", "event_type", "first_seen", "last_seen", "origins", "origin_sources",
           "outlets", "documents", "claims", "member_documents")


def render(req: ExportRequest) -> Iterator[bytes]:
    buf = io.StringIO()
    out = csv.writer(buf, lineterminator="\r\n")
    out.writerow(COLUMNS)
    rows = 0
    for page in req.clusters():
        for r in page:
            out.writerow([r.id, r.text, r.status, r.event_type, r.first_seen or "", r.last_seen or "", r.origins,
                          "; ".join(r.origin_sources), r.outlets, r.documents, r.claims,
                          " ".join(r.member_documents)])
            rows += 1
        yield buf.getvalue().encode("utf-8")
        buf.seek(0)
        buf.truncate()
    out.writerow([f"# {count_line(rows)}"] + [""] * (len(COLUMNS) - 1))
    yield buf.getvalue().encode("utf-8")


EXPORTER = Exporter("csv", ".csv", "text/csv; charset=utf-8", "Claims table as CSV, one row per claim cluster.", render)


@hookimpl
def sourcetrace_exporters() -> list[Exporter]:
    return [EXPORTER]
