"""JSON Lines: one article object per line.

``text`` is required; ``url``, ``outlet``, ``title``, ``authors`` (list or string),
``published`` and ``language`` are optional, and every other key is kept as metadata.
A bad line is rejected with its line number and the lines after it are still read.
"""

from __future__ import annotations

import codecs
import json
from collections.abc import Iterator
from typing import Any

from sourcetrace.errors import EmptyInput, EncodingError, MalformedInput
from sourcetrace.ingest.base import Limits, Rejected
from sourcetrace.ingest.hookspecs import hookimpl
from sourcetrace.model import RawItem

EXTENSIONS = (".jsonl", ".ndjson", ".jsonlines")
KNOWN = ("text", "url", "outlet", "title", "authors", "published", "language")


def _opt_str(obj: dict[str, Any], key: str) -> str | None:
    value = obj.get(key)
    if value is None:
        return None
    if not isinstance(value, (str, int, float)):
        raise TypeError(f'"{key}" must be a string, not {type(value).__name__}')
    return str(value).strip() or None


def _authors(value: Any) -> list[str]:
    if value is None:
        return []
    if isinstance(value, str):
        return [a.strip() for a in value.split(";") if a.strip()]
    if isinstance(value, list) and all(isinstance(a, str) for a in value):
        return [a.strip() for a in value if a.strip()]
    raise TypeError('"authors" must be a string or a list of strings')


def parse_line(origin: str, line: bytes) -> RawItem:
    """One JSONL line into an item.

    Raises:
        EncodingError, MalformedInput, EmptyInput: the line is not a usable article.
    """
    try:
        decoded = line.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise EncodingError(f"not UTF-8 (invalid byte 0x{line[exc.start]:02x} at column {exc.start + 1}); JSON Lines must be UTF-8") from None
    try:
        obj = json.loads(decoded)
    except json.JSONDecodeError as exc:
        raise MalformedInput(f"invalid JSON at column {exc.colno}: {exc.msg}") from None
    if not isinstance(obj, dict):
        raise MalformedInput(f"expected a JSON object with a \"text\" field, got a JSON {type(obj).__name__}")
    text = obj.get("text")
    if text is None:
        raise MalformedInput('no "text" field; each line needs an object with the article body in "text"')
    if not isinstance(text, str):
        raise MalformedInput(f'"text" must be a string, not {type(text).__name__}')
    if not text.strip():
        raise EmptyInput('"text" is empty')
    try:
        return RawItem(
            origin=origin, data=line, media_type="application/x-ndjson", text=text,
            url=_opt_str(obj, "url"), outlet=_opt_str(obj, "outlet"), title=_opt_str(obj, "title"),
            authors=_authors(obj.get("authors")), published=_opt_str(obj, "published"),
            language=_opt_str(obj, "language"),
            metadata={k: v for k, v in obj.items() if k not in KNOWN},
        )
    except TypeError as exc:
        raise MalformedInput(str(exc)) from None


def read_jsonl(origin: str, data: bytes) -> Iterator[RawItem | Rejected]:
    """Yields an item or a rejection per non-blank line; origins are ``path:LINE``."""
    data = data.removeprefix(codecs.BOM_UTF8)
    if not data.strip():
        raise EmptyInput("empty JSON Lines file: no lines with content")
    for number, line in enumerate(data.split(b"\n"), start=1):
        if not line.strip():
            continue
        line_origin = f"{origin}:{number}"
        try:
            yield parse_line(line_origin, line.rstrip(b"\r"))
        except (MalformedInput, EncodingError, EmptyInput) as exc:
            yield Rejected(line_origin, exc.code, f"line {number}: {exc}", line[:512])


class JsonlReader:
    """One JSON object per line, as most scrapers and datasets write articles."""

    name = "jsonl"

    def sniff(self, origin: str, head: bytes) -> bool:
        if origin.lower().endswith(EXTENSIONS):
            return True
        # A one-line object holding "text"; a pretty-printed JSON document starts with "{\n".
        first = head.lstrip(codecs.BOM_UTF8).lstrip().split(b"\n", 1)[0].strip()
        return first.startswith(b"{") and first.endswith(b"}") and b'"text"' in first

    def read(self, origin: str, data: bytes, limits: Limits) -> Iterator[RawItem | Rejected]:
        yield from read_jsonl(origin, data)


@hookimpl
def sourcetrace_readers() -> list[JsonlReader]:
    return [JsonlReader()]
