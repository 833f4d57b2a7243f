"""Streaming CSV shared by the CSV exports: same width on every row, a final count row,
and cells that a spreadsheet would run as a formula defused.

Articles are written by propagandists too: a claim starting with ``=HYPERLINK(...)``
must open in Excel or LibreOffice as text, so such cells get a leading apostrophe
(the OWASP advice for CSV injection).
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Iterator, Sequence
from typing import Any

from sourcetrace.export.base import count_line

_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def safe_cell(value: Any) -> Any:
    """The value, with text that a spreadsheet would evaluate prefixed by ``'``."""
    if isinstance(value, str) and value.startswith(_FORMULA_START):
        return "'" + value
    return value


def stream_csv(columns: Sequence[str], pages: Iterable[Iterable[Sequence[Any]]]) -> Iterator[bytes]:
    """UTF-8 CSV, one chunk per page of rows, ending with ``# N rows``."""
    buf = io.StringIO()
    out = csv.writer(buf, lineterminator="\r\n")
    out.writerow(columns)
    rows = 0
    for page in pages:
        for row in page:
            out.writerow([safe_cell(v) for v in row])
            rows += 1
        yield buf.getvalue().encode("utf-8")
        buf.seek(0)
        buf.truncate()
    out.writerow([f"# {count_line(rows)}"] + [""] * (len(columns) - 1))
    yield buf.getvalue().encode("utf-8")
