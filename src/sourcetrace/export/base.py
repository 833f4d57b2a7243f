"""What an export format is, and the filtered rows every format reads.

A format is an :class:`Exporter`: a name, a file suffix, a media type and a ``render``
function that yields bytes, so the server can stream it and the CLI can write it to a
file with the same code. Every format reads the same rows, the clusters that
``query_clusters`` returns for the filter (the rows the claims page shows), and ends
with a statement of how many rows it holds, in a form that keeps the format valid.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from typing import Any, BinaryIO

from sourcetrace.export.members import Member, load_members
from sourcetrace.link.query import DEFAULT_SORT, ClusterFilter, ClusterRow, query_clusters
from sourcetrace.store.db import Store

PAGE = 500


@dataclass
class ExportRequest:
    """The rows to export: a filter and sort as on the claims page, and an optional cap."""

    store: Store
    filter: ClusterFilter = field(default_factory=ClusterFilter)
    sort: str = DEFAULT_SORT
    limit: int | None = None

    def clusters(self) -> Iterator[list[ClusterRow]]:
        """The matching clusters in pages, in the page's order."""
        cursor = None
        left = self.limit
        while left is None or left > 0:
            size = PAGE if left is None else min(PAGE, left)
            page = query_clusters(self.store, self.filter, self.sort, limit=size, cursor=cursor,
                                  with_documents=True)
            if page.rows:
                yield page.rows
            if left is not None:
                left -= len(page.rows)
            cursor = page.next_cursor
            if not cursor:
                return

    def with_members(self) -> Iterator[tuple[list[ClusterRow], dict[int, list[Member]]]]:
        """Pages of clusters with their member claims."""
        for rows in self.clusters():
            with self.store.engine.connect() as conn:
                members = load_members(conn, [r.id for r in rows])
            yield rows, members


Render = Callable[[ExportRequest], Iterator[bytes]]


@dataclass(frozen=True)
class Exporter:
    """One export format."""

    name: str
    suffix: str
    media_type: str
    description: str
    render: Render


def write_export(exporter: Exporter, request: ExportRequest, out: BinaryIO) -> None:
    """Writes a whole export to an open binary file."""
    for chunk in exporter.render(request):
        out.write(chunk)


def count_line(rows: int) -> str:
    return f"{rows} row{'s' if rows != 1 else ''}"


def stream_json_array(head: str, pages: Iterable[Iterable[Any]], tail: Callable[[int], str]) -> Iterator[bytes]:
    """``head`` (JSON text ending in ``[``), the items comma-separated, then ``]`` and ``tail(count)``.

    One chunk per page, so a large export never sits whole in memory.
    """
    yield head.encode("utf-8")
    rows = 0
    for page in pages:
        parts = []
        for item in page:
            parts.append(("," if rows else "") + json.dumps(item, ensure_ascii=False))
            rows += 1
        yield "\n".join(parts).encode("utf-8")
    yield f"]{tail(rows)}\n".encode()
