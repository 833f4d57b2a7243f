"""Reading everything a user names into documents, with every bad item kept aside.

This is where readers, gzip unwrapping and normalisation meet; no exception from a
user's bad input escapes: each becomes a :class:`Rejected` with its one-line reason,
and the items around it still come through.
"""

from __future__ import annotations

import logging
from collections.abc import Iterator

from sourcetrace.errors import InputError
from sourcetrace.ingest.base import Limits, Rejected
from sourcetrace.ingest.gz import gunzip, inner_name, is_gzip
from sourcetrace.ingest.normalize import to_document
from sourcetrace.ingest.registry import get_reader, reader_for
from sourcetrace.ingest.sidecar import apply_sidecar, sidecar_for
from sourcetrace.ingest.sources import iter_sources
from sourcetrace.model import Document, RawItem

logger = logging.getLogger(__name__)
HEAD = 4096
KEEP = 512  # bytes of a rejected source kept with its reason


def _unwrap(origin: str, data: bytes, limits: Limits, fmt: str | None) -> tuple[str, bytes]:
    """Decompresses a gzip single file; WARC.gz stays compressed (warcio reads it per record)."""
    if not is_gzip(data) or fmt == "warc":
        return origin, data
    if reader_for(origin, data[:HEAD]).name == "warc":
        return origin, data
    return inner_name(origin), gunzip(data, limits.max_bytes)


def read_source(origin: str, data: bytes, limits: Limits,
                fmt: str | None = None) -> Iterator[tuple[RawItem, Document] | Rejected]:
    """Reads one source's bytes into documents and rejections."""
    try:
        name, data = _unwrap(origin, data, limits, fmt)
        reader = reader_for(name, data[:HEAD], fmt)
        sidecar = sidecar_for(origin)
        for found in reader.read(origin, data, limits):
            if isinstance(found, Rejected):
                yield found
                continue
            if sidecar is not None:
                apply_sidecar(found, sidecar)
            try:
                yield found, to_document(found)
            except InputError as exc:
                yield Rejected(found.origin, exc.code, str(exc), found.data[:KEEP])
    except InputError as exc:
        yield Rejected(origin, exc.code, str(exc), data[:KEEP])
    except Exception as exc:  # a library failing on odd input must not end the batch
        logger.exception("unexpected error reading %s", origin)
        yield Rejected(origin, "internal", f"unexpected {type(exc).__name__} while reading: {exc}", data[:KEEP])


def read_all(targets: list[str], limits: Limits,
             fmt: str | None = None) -> Iterator[tuple[RawItem, Document] | Rejected]:
    """Reads files, directories, URLs and ``-`` into ``(item, document)`` pairs or rejections.

    Args:
        targets: paths, directories (read recursively), http(s) URLs or ``-`` for stdin.
        limits: size and fetch limits.
        fmt: a reader name forcing the format of every source; sniffed when None.
    """
    if fmt:
        get_reader(fmt)  # an unknown format is the user's command error: raise before reading
    for source in iter_sources(targets, limits):
        if isinstance(source, Rejected):
            yield source
        else:
            yield from read_source(*source, limits=limits, fmt=fmt)
