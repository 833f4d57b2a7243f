"""gzip-compressed single files (``article.txt.gz``, ``feed.xml.gz``) and stream checks.

Decompression is bounded by ``Limits.max_bytes`` so a small bomb cannot fill memory,
and a truncated stream is an error rather than silently shorter text.
"""

from __future__ import annotations

import zlib

from sourcetrace.errors import MalformedInput, TooLarge

GZIP_MAGIC = b"\x1f\x8b"
_CHUNK = 1 << 20


def is_gzip(head: bytes) -> bool:
    return head.startswith(GZIP_MAGIC)


def gzip_problem(data: bytes) -> str | None:
    """Why a (possibly multi-member) gzip stream is broken, or None when it is whole."""
    rest = data
    while rest:
        start = len(data) - len(rest)
        dec = zlib.decompressobj(wbits=31)
        try:
            buf = rest
            while True:
                dec.decompress(buf, _CHUNK)
                buf = dec.unconsumed_tail
                if dec.eof or not buf:
                    break
            if not dec.eof:
                dec.flush()
        except zlib.error as exc:
            return f"corrupt gzip data in the member starting at byte {start} ({exc})"
        if not dec.eof:
            return f"truncated gzip: the data ends at byte {len(data)} inside a compressed member"
        rest = dec.unused_data
        if rest and not rest.startswith(GZIP_MAGIC):
            if not rest.strip(b"\x00"):
                return None  # zero padding after the last member, as tape tools write
            return f"trailing garbage after the gzip data at byte {len(data) - len(rest)}"
    return None


def gunzip(data: bytes, max_bytes: int) -> bytes:
    """Decompresses every member of ``data``.

    Raises:
        MalformedInput: the stream is truncated or corrupt.
        TooLarge: the decompressed size exceeds ``max_bytes``.
    """
    out: list[bytes] = []
    size = 0
    rest = data
    while rest:
        dec = zlib.decompressobj(wbits=31)
        buf = rest
        try:
            while True:
                chunk = dec.decompress(buf, _CHUNK)
                size += len(chunk)
                if size > max_bytes:
                    raise TooLarge(
                        f"decompresses to more than {max_bytes} bytes; split it or raise the size limit"
                    )
                out.append(chunk)
                buf = dec.unconsumed_tail
                if dec.eof or not buf:
                    break
        except zlib.error as exc:
            raise MalformedInput(f"corrupt gzip data ({exc}); re-download or re-compress the file") from None
        if not dec.eof:
            raise MalformedInput(
                f"truncated gzip: the file ends inside the compressed stream after {size} bytes of "
                f"output; re-download or re-compress it"
            )
        rest = dec.unused_data
        if rest and not rest.startswith(GZIP_MAGIC):
            break
    return b"".join(out)


def inner_name(origin: str) -> str:
    """``a/b.jsonl.gz`` -> ``a/b.jsonl``: the name that says what the compressed data is."""
    return origin[:-3] if origin.lower().endswith(".gz") else origin
