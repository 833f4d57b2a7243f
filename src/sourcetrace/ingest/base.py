"""The reader interface every input format implements, built-in or third-party.

A reader turns one source (a file's bytes, a fetched URL) into raw items. Formats that
hold many records (JSONL, feeds, WARC, Telegram exports) yield one :class:`RawItem` per
record and a :class:`Rejected` for each record that is bad, so one bad record never
stops the others. A source that is bad as a whole raises an ``InputError``.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import Protocol, runtime_checkable

from sourcetrace.model import RawItem


@dataclass
class Rejected:
    """An item kept aside with its one-line reason."""

    origin: str
    code: str
    reason: str
    data: bytes = b""


@dataclass(frozen=True)
class Limits:
    """Size and fetch limits, from settings."""

    max_bytes: int = 20_000_000
    fetch_timeout: float = 20.0
    max_redirects: int = 5
    allow_private: bool = False


@runtime_checkable
class Reader(Protocol):
    """One input format."""

    #: Short name, shown in summaries and accepted by ``ingest --format``.
    name: str

    def sniff(self, origin: str, head: bytes) -> bool:
        """True when this reader handles a source named ``origin`` starting with ``head``."""
        ...

    def read(self, origin: str, data: bytes, limits: Limits) -> Iterator[RawItem | Rejected]:
        """Yields the items of one source."""
        ...
