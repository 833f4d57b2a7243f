"""HTML article pages: main text and metadata through trafilatura.

trafilatura finds the article body and its title, byline, date and site name; every
``<meta>`` tag is kept as well, so markers such as ``sourcetrace:demo-id`` survive.
"""

from __future__ import annotations

import codecs
import logging
import re
from collections.abc import Iterator
from typing import Any

import lxml.html
from lxml import etree

from sourcetrace.errors import EmptyInput, EncodingError, NoArticleText
from sourcetrace.ingest.base import Limits, Rejected
from sourcetrace.ingest.decode import check_not_binary, decode_text
from sourcetrace.ingest.hookspecs import hookimpl
from sourcetrace.model import RawItem

logger = logging.getLogger(__name__)

EXTENSIONS = (".html", ".htm", ".xhtml")
#: Fewer words of prose than this is a navigation shell, a paywall or a stub.
MIN_WORDS = 10
#: A line with fewer words is a menu item or a label, not prose.
MIN_LINE_WORDS = 5
HTML_HEAD = re.compile(rb"^\s*(?:<\?xml[^>]*>\s*)?(?:<!--.*?-->\s*)*<(?:!doctype\s+html|html|head|body|meta|title)\b",
                        re.IGNORECASE | re.DOTALL)
_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_.:-]+)""", re.IGNORECASE)
#: Meta names whose value is a publication time, most specific first.
DATE_METAS = ("article:published_time", "og:article:published_time", "datepublished",
              "date", "dc.date", "dc.date.issued", "pubdate", "publish-date", "sailthru.date")


def declared_charset(head: bytes) -> str | None:
    """The charset a ``<meta>`` tag in the first bytes declares, if Python knows it."""
    match = _CHARSET.search(head[:4096])
    if not match:
        return None
    try:
        return codecs.lookup(match.group(1).decode("ascii")).name
    except (LookupError, UnicodeDecodeError):
        return None


def decode_html(data: bytes) -> str:
    """Decodes a page by its BOM, then its declared charset, then strict UTF-8 / cp1251."""
    charset = declared_charset(data)
    if charset is None or data.startswith((codecs.BOM_UTF8, codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return decode_text(data)[0]
    if not data.strip():
        raise EmptyInput("empty HTML page: no bytes but whitespace; nothing to ingest")
    check_not_binary(data)
    try:
        return data.decode(charset)
    except UnicodeDecodeError as exc:
        raise EncodingError(
            f"the page declares charset {charset} but byte 0x{data[exc.start]:02x} at offset "
            f"{exc.start} is not valid in it; fix the declaration or re-save the page as UTF-8"
        ) from None


def meta_tags(doc: etree._Element) -> dict[str, str]:
    """Every ``<meta name|property|itemprop content>`` of the page, first value wins."""
    found: dict[str, str] = {}
    for meta in doc.iter("meta"):
        key = meta.get("name") or meta.get("property") or meta.get("itemprop") or meta.get("http-equiv")
        content = meta.get("content")
        if key and content is not None:
            found.setdefault(key.strip(), content.strip())
    return found


def _parse_tree(text: str) -> etree._Element | None:
    try:
        return lxml.html.document_fromstring(text.encode("utf-8"), parser=lxml.html.HTMLParser(encoding="utf-8"))
    except (etree.ParserError, ValueError):
        return None


def _canonical(doc: etree._Element | None) -> str | None:
    if doc is None:
        return None
    for link in doc.iter("link"):
        if (link.get("rel") or "").lower() == "canonical" and link.get("href"):
            return str(link.get("href")).strip()
    return None


def _paragraphs(text: str) -> str:
    """trafilatura puts one block per line; a blank line between blocks keeps paragraphs."""
    return "\n\n".join(line.strip() for line in text.split("\n") if line.strip())


def prose_words(body: str) -> int:
    """Words in lines long enough to be sentences: menus and labels do not count."""
    counts = (len(line.split()) for line in body.split("\n"))
    return sum(n for n in counts if n >= MIN_LINE_WORDS)


def _authors(value: str | None) -> list[str]:
    if not value:
        return []
    return [a.strip() for a in re.split(r";|\s+and\s+|,\s*(?=[A-ZА-ЯЁІЇЄ])", value) if a.strip()]


def extract_html(origin: str, data: bytes, url: str | None = None,
                 media_type: str = "text/html") -> RawItem:
    """Extracts one page into a :class:`RawItem`.

    Raises:
        NoArticleText: the page has no main text (an index page, an empty shell).
    """
    import trafilatura  # imported late: it is slow to import and only HTML needs it

    text = decode_html(data)
    tree = _parse_tree(text)
    metas = meta_tags(tree) if tree is not None else {}
    url = url or _canonical(tree) or metas.get("og:url")
    result = trafilatura.bare_extraction(
        text, url=url, with_metadata=True, include_comments=False, include_tables=True,
        date_extraction_params={"extensive_search": False, "original_date": True},
    )
    if result is None:
        info: dict[str, Any] = {}
    else:
        info = result if isinstance(result, dict) else result.as_dict()
    body = _paragraphs(info.get("text") or "")
    prose = prose_words(body)
    if prose < MIN_WORDS:
        raise NoArticleText(
            f"no article text in the HTML page ({prose} words of prose; only "
            f"navigation, scripts or boilerplate); pass the article's own page, or its text as .txt"
        )
    published = next((metas[k] for k in DATE_METAS if metas.get(k)), None) or info.get("date")
    metadata: dict[str, Any] = {"meta": metas}
    for key, value in metas.items():
        if key.startswith("sourcetrace:"):
            metadata[key.split(":", 1)[1].replace("-", "_")] = value  # sourcetrace:demo-id -> demo_id
    for key in ("description", "hostname", "categories", "tags"):
        if info.get(key):
            metadata[key] = info[key]
    lang = metas.get("og:locale") or _html_lang(tree)
    return RawItem(
        origin=origin, data=data, media_type=media_type, text=body,
        url=url or info.get("url"), outlet=metas.get("og:site_name") or info.get("sitename"),
        title=info.get("title") or metas.get("og:title"), authors=_authors(info.get("author")),
        published=published, language=lang, metadata=metadata,
    )


def _html_lang(tree: etree._Element | None) -> str | None:
    if tree is None:
        return None
    lang = tree.get("lang") or tree.get("{http://www.w3.org/XML/1998/namespace}lang")
    return lang.strip() if lang and lang.strip() else None


class HtmlReader:
    """Single HTML pages."""

    name = "html"

    def sniff(self, origin: str, head: bytes) -> bool:
        if origin.lower().endswith(EXTENSIONS):
            return True
        return bool(HTML_HEAD.match(head.lstrip(codecs.BOM_UTF8)))

    def read(self, origin: str, data: bytes, limits: Limits) -> Iterator[RawItem | Rejected]:
        url = origin if origin.lower().startswith(("http://", "https://")) else None
        yield extract_html(origin, data, url=url)


@hookimpl
def sourcetrace_readers() -> list[HtmlReader]:
    return [HtmlReader()]
