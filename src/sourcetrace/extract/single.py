"""Reading the one article that ``sourcetrace extract`` is given (a path or ``-``)."""

from __future__ import annotations

import sys

from sourcetrace.errors import EmptyInput, InputError, UsageError
from sourcetrace.ingest.base import Limits, Rejected
from sourcetrace.ingest.collect import read_all
from sourcetrace.model import Document


def read_one(name: str, *, published: str | None = None, outlet: str | None = None,
             url: str | None = None, lang: str | None = None, limits: Limits | None = None) -> Document:
    """The first article in ``name``, with the command line's overrides applied.

    Plain text keeps the file's decoded text unchanged, so offsets into the file and into
    ``document.text`` agree.
    """
    if name != "-" and name.startswith(("http://", "https://")):
        raise UsageError("extract reads files; ingest URLs with `sourcetrace ingest URL`")
    for got in read_all([name], limits or Limits()):
        if isinstance(got, Rejected):
            raise InputError(f"{got.origin}: {got.reason}")
        item, document = got
        if item.media_type == "text/plain" and item.text is None:
            document.text = _decoded(item.data)
        if published:
            document.published = published
        if outlet:
            document.outlet = outlet
        if url:
            document.url = url
        if lang:
            document.language = lang
        return document
    raise EmptyInput(f"{name}: no article found" + (" on standard input" if name == "-" and sys.stdin.isatty() else ""))


def _decoded(data: bytes) -> str:
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return data.decode("utf-16")
    return data.decode("utf-8-sig")
