"""WARC and WARC.gz web archives: each HTML response record becomes one item.

warcio is lenient: it stops silently at a truncated file and reads garbage as ARC
records. So the reader checks the magic first, compares every record's bytes with its
Content-Length and verifies the gzip stream, turning each of those into a
``MalformedInput`` raised after the records that were whole have been yielded.
"""

from __future__ import annotations

import contextlib
import io
import zlib
from collections.abc import Iterator
from typing import Any

from sourcetrace.errors import EmptyInput, InputError, MalformedInput, TooLarge
from sourcetrace.ingest.base import Limits, Rejected
from sourcetrace.ingest.gz import GZIP_MAGIC, gzip_problem
from sourcetrace.ingest.hookspecs import hookimpl
from sourcetrace.ingest.html import extract_html
from sourcetrace.model import RawItem

EXTENSIONS = (".warc", ".warc.gz")
CUSTOM_PREFIX = "warc-sourcetrace-"
_HTML_TYPES = ("text/html", "application/xhtml+xml")


def _head_plain(data: bytes) -> bytes:
    if data.startswith(GZIP_MAGIC):
        try:
            return zlib.decompressobj(wbits=31).decompress(data[:4096], 64)
        except zlib.error:
            return b""
    return data[:64]


def _record_item(origin: str, record: Any, limits: Limits) -> RawItem | Rejected | None:
    """One record into an item; None for records that are not HTML pages.

    Raises:
        _Truncated: the record holds fewer bytes than its header announces.
    """
    headers = record.rec_headers
    url = headers.get_header("WARC-Target-URI")
    if not headers.get_header("WARC-Type") or not (headers.get_header("Content-Length") or "").strip().isdigit():
        raise _Truncated(url, "its header has no valid WARC-Type and Content-Length")
    body = record.content_stream().read(limits.max_bytes + 1)
    while record.raw_stream.read(65536):  # drain what is past the size cap
        pass
    if record.raw_stream.limit:
        raise _Truncated(url, "it ends before its Content-Length")
    if record.rec_type not in ("response", "resource"):
        return None
    if record.http_headers is not None:
        ctype = record.http_headers.get_header("Content-Type") or ""
        status = record.http_headers.get_statuscode() or ""
    else:
        ctype = headers.get_header("Content-Type") or ""
        status = "200"
    if not ctype.lower().startswith(_HTML_TYPES) or not str(status).startswith("2"):
        return None
    if len(body) > limits.max_bytes:
        return Rejected(origin, TooLarge.code, f"record {url} is larger than {limits.max_bytes} bytes", body[:512])
    try:
        item = extract_html(origin, body, url=url)
    except InputError as exc:
        return Rejected(origin, exc.code, f"{url}: {exc}", body[:512])
    for name, value in headers.headers:
        if name.lower().startswith(CUSTOM_PREFIX):  # WARC-Sourcetrace-Demo-Id -> demo_id
            item.metadata[name[len(CUSTOM_PREFIX):].lower().replace("-", "_")] = value
    item.metadata["warc_date"] = headers.get_header("WARC-Date")
    item.metadata["warc_record_id"] = headers.get_header("WARC-Record-ID")
    return item


class _Truncated(Exception):
    def __init__(self, url: str | None, why: str) -> None:
        super().__init__(url)
        self.url, self.why = url, why


def read_warc(origin: str, data: bytes, limits: Limits) -> Iterator[RawItem | Rejected]:
    """Yields an item per HTML response record, then raises if the archive is broken.

    Raises:
        MalformedInput: not a WARC, a truncated record or a broken gzip stream.
    """
    from warcio.archiveiterator import ArchiveIterator
    from warcio.exceptions import ArchiveLoadFailed

    if not data.strip():
        raise EmptyInput("empty WARC file: 0 bytes; nothing to ingest")
    if not _head_plain(data).startswith(b"WARC/"):
        kind = "gzip data" if data.startswith(GZIP_MAGIC) else "data"
        raise MalformedInput(f"not a WARC file: the {kind} does not start with a 'WARC/1.x' record header")
    archive = ArchiveIterator(io.BytesIO(data))
    records = iter(archive)
    index = 0
    end = 0
    while True:
        index += 1
        warnings = io.StringIO()
        try:
            # warcio prints its own warnings on stderr; keep them for the message instead.
            with contextlib.redirect_stderr(warnings):
                record = next(records)
                result = _record_item(f"{origin}#{index}", record, limits)
                archive.read_to_end()
                end = archive.offset
        except StopIteration:
            break
        except _Truncated as exc:
            fake_gz = origin.lower().endswith(".gz") and not data.startswith(GZIP_MAGIC)
            hint = "; named .gz but not gzip-compressed" if fake_gz else ""
            kind = "truncated WARC" if exc.why.startswith("it ends") else "malformed WARC"
            before = "; the records before it were read" if index > 1 else ""
            raise MalformedInput(
                f"{kind}: record {index} ({exc.url or 'no URI'}) is incomplete: {exc.why}{hint}{before}"
            ) from None
        except (ArchiveLoadFailed, EOFError, ValueError, TypeError, AttributeError, zlib.error) as exc:
            # warcio fails with AttributeError/TypeError on headers it cannot parse.
            if isinstance(exc, (AttributeError, TypeError)):
                reason = "a record header is cut short or garbled"
            else:
                reason = " ".join(str(exc).split())[:200] or type(exc).__name__
            raise MalformedInput(f"malformed WARC at record {index}: {reason}") from None
        if warnings.getvalue().strip():
            raise MalformedInput(
                f"malformed WARC at record {index}: a record's Content-Length does not match its data"
            )
        if result is not None:
            yield result
    if not data.startswith(GZIP_MAGIC) and data[end:].strip():
        # warcio stops without a word at a record whose header is cut short.
        raise MalformedInput(
            f"truncated WARC: an incomplete record starts at byte {end} after {index - 1} whole "
            f"records; the records before it were read"
        )
    if data.startswith(GZIP_MAGIC):
        problem = gzip_problem(data)
        if problem:
            raise MalformedInput(f"{problem}; records before it were read; re-download the WARC")


class WarcReader:
    """Web archives written by crawlers (wget --warc-file, browsertrix, warcio)."""

    name = "warc"

    def sniff(self, origin: str, head: bytes) -> bool:
        if head.startswith(b"WARC/"):
            return True
        low = origin.lower()
        return low.endswith(EXTENSIONS) or (head.startswith(GZIP_MAGIC) and _head_plain(head).startswith(b"WARC/"))

    def read(self, origin: str, data: bytes, limits: Limits) -> Iterator[RawItem | Rejected]:
        yield from read_warc(origin, data, limits)


@hookimpl
def sourcetrace_readers() -> list[WarcReader]:
    return [WarcReader()]
