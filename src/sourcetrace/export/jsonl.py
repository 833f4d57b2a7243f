"""JSON Lines: one cluster per line, its member claims in the contract's shapes.

Each member carries the contract's ``claim`` and ``attribution`` objects and the
document's metadata; the last line is ``{"sourcetrace_export": {"rows": N}}``.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

from sourcetrace.export.base import Exporter, ExportRequest
from sourcetrace.export.hookspecs import hookimpl
from sourcetrace.export.members import Member
from sourcetrace.link.query import ClusterRow
from sourcetrace.model import SCHEMA

DOC_KEYS = ("id", "url", "outlet", "title", "published", "language")


def member_json(m: Member) -> dict[str, Any]:
    attribution = None
    if m.attribution:
        keys = ("id", "source", "cue", "content", "kind", "via", "parent", "signals")
        attribution = {k: m.attribution[k] for k in keys}
    return {"document": {k: m.document.get(k) for k in DOC_KEYS}, "claim": m.claim, "attribution": attribution,
            "source": m.source_name, "chain": m.chain(), "places": m.places, "times": m.times,
            "signals": m.signals, "similarity": round(m.similarity, 4)}


def cluster_json(row: ClusterRow, members: list[Member]) -> dict[str, Any]:
    out = row.to_json()
    out["schema"] = SCHEMA
    out["members"] = [member_json(m) for m in members]
    return out


def render(req: ExportRequest) -> Iterator[bytes]:
    rows = 0
    for page, members in req.with_members():
        lines = []
        for row in page:
            lines.append(json.dumps(cluster_json(row, members.get(row.id, [])), ensure_ascii=False))
            rows += 1
        yield ("\n".join(lines) + "\n").encode("utf-8")
    yield (json.dumps({"sourcetrace_export": {"format": "jsonl", "rows": rows}}) + "\n").encode()


EXPORTER = Exporter("jsonl", ".jsonl", "application/x-ndjson",
                    "One claim cluster per line with its members in the extraction contract's shapes.", render)


@hookimpl
def sourcetrace_exporters() -> list[Exporter]:
    return [EXPORTER]
