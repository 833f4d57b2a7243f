"""RSS and Atom feeds: one item per entry, through feedparser.

An entry's full text comes from ``content:encoded`` / Atom ``content`` when present,
else its summary; the HTML in it is flattened to paragraphs. feedparser is lenient, so
a feed with an XML error whose entries still parsed is kept, with the error noted.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

from sourcetrace.errors import EmptyInput, MalformedInput
from sourcetrace.ingest.base import Limits, Rejected
from sourcetrace.ingest.decode import check_not_binary
from sourcetrace.ingest.hookspecs import hookimpl
from sourcetrace.ingest.html import HTML_HEAD
from sourcetrace.ingest.htmltext import html_to_text
from sourcetrace.model import RawItem

EXTENSIONS = (".rss", ".atom", ".xml")
_FEED_HEAD = re.compile(rb"<(?:rss|feed|rdf:RDF)\b", re.IGNORECASE)


def _one_line(exc: object) -> str:
    return " ".join(str(exc).split()) or type(exc).__name__


def _entry_body(entry: Any) -> str:
    """The entry's raw full text (HTML), else its summary."""
    for content in entry.get("content") or []:
        value = content.get("value") or ""
        if value.strip():
            return str(value)
    return str(entry.get("summary") or entry.get("description") or "")


def _authors(entry: Any) -> list[str]:
    names = [a.get("name", "").strip() for a in entry.get("authors") or [] if a.get("name")]
    if not names and entry.get("author"):
        names = [entry["author"].strip()]
    return [n for n in names if n]


def _lang(value: str | None) -> str | None:
    return value.split("-")[0].split("_")[0].lower() if value else None


def read_feed(origin: str, data: bytes) -> Iterator[RawItem | Rejected]:
    """Yields one item per entry of the feed in ``data``.

    Raises:
        MalformedInput: the XML does not parse and no entry could be recovered.
        EmptyInput: a well-formed feed without entries.
    """
    import feedparser  # imported late: only feeds need it

    if not data.strip():
        raise EmptyInput("empty feed: the file holds no bytes but whitespace")
    check_not_binary(data)
    parsed = feedparser.parse(data, sanitize_html=False, resolve_relative_uris=False)
    problem = _one_line(parsed.get("bozo_exception")) if parsed.get("bozo") else None
    if not parsed.entries:
        if problem:
            raise MalformedInput(f"malformed feed XML: {problem}; fix the XML or re-download the feed")
        raise EmptyInput("feed has no entries (no <item> or <entry> elements)")
    channel = parsed.feed
    outlet = channel.get("title") or None
    feed_lang = _lang(channel.get("language"))
    for index, entry in enumerate(parsed.entries, start=1):
        item_origin = f"{origin}#{index}"
        body = _entry_body(entry)
        text = html_to_text(body)
        if not text.strip() and problem:
            yield Rejected(item_origin, MalformedInput.code,
                           f"feed entry {index} has no text; the feed XML is malformed: {problem}", b"")
            continue
        if not text.strip():
            yield Rejected(item_origin, EmptyInput.code,
                           f"feed entry {index} has neither content nor summary text", b"")
            continue
        metadata: dict[str, Any] = {"feed_entry": index}
        if entry.get("id"):
            metadata["guid"] = entry["id"]
        if entry.get("tags"):
            metadata["tags"] = [t.get("term") for t in entry["tags"] if t.get("term")]
        if problem:
            metadata["feed_warning"] = problem
        yield RawItem(
            origin=item_origin, data=body.encode("utf-8"), media_type="application/rss+xml", text=text,
            url=entry.get("link") or None, outlet=outlet, title=entry.get("title") or None,
            authors=_authors(entry), published=entry.get("published") or entry.get("updated") or None,
            language=_lang(entry.get("language")) or feed_lang, metadata=metadata,
        )


class FeedReader:
    """RSS 0.9x/1.0/2.0 and Atom feeds."""

    name = "feed"

    def sniff(self, origin: str, head: bytes) -> bool:
        if _FEED_HEAD.search(head[:2048]):
            return not HTML_HEAD.match(head)
        return origin.lower().endswith((".rss", ".atom"))

    def read(self, origin: str, data: bytes, limits: Limits) -> Iterator[RawItem | Rejected]:
        yield from read_feed(origin, data)


@hookimpl
def sourcetrace_readers() -> list[FeedReader]:
    return [FeedReader()]
