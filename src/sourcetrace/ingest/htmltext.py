"""HTML fragments (feed entries, WARC bodies) to plain text with paragraph breaks.

Feed entries hold short HTML snippets that boilerplate removal would discard as too
small, so they are flattened directly: scripts and styles dropped, block elements
becoming blank-line separated paragraphs, ``<br>`` a line break.
"""

from __future__ import annotations

import html as htmllib
import re

import lxml.html
from lxml import etree

_BLOCKS = frozenset({
    "p", "div", "section", "article", "blockquote", "li", "ul", "ol", "h1", "h2", "h3",
    "h4", "h5", "h6", "tr", "table", "pre", "figure", "figcaption", "header", "footer",
    "aside", "dd", "dt", "dl", "hr", "main", "nav",
})
_SKIP = frozenset({"script", "style", "noscript", "template", "iframe", "object", "svg", "head"})
_SPACES = re.compile(r"[ \t\r\f\v\u00a0]+")
_PARA = re.compile(r"\n\s*\n\s*")


def _walk(node: etree._Element, out: list[str]) -> None:
    tag = node.tag if isinstance(node.tag, str) else ""
    tag = tag.rsplit("}", 1)[-1].lower()
    if tag in _SKIP:
        if node.tail:
            out.append(node.tail)
        return
    if tag in _BLOCKS:
        out.append("\n\n")
    elif tag == "br":
        out.append("\n")
    if node.text and isinstance(node.tag, str):
        out.append(node.text)
    for child in node:
        _walk(child, out)
    if tag in _BLOCKS:
        out.append("\n\n")
    if node.tail:
        out.append(node.tail)


def html_to_text(fragment: str) -> str:
    """Returns the visible text of an HTML fragment, one paragraph per block."""
    if "<" not in fragment:
        return htmllib.unescape(fragment).strip()
    try:
        root = lxml.html.fragment_fromstring(fragment, create_parent="div")
    except (etree.ParserError, ValueError):
        return htmllib.unescape(re.sub(r"<[^>]+>", " ", fragment)).strip()
    parts: list[str] = []
    _walk(root, parts)
    lines = [_SPACES.sub(" ", line).strip() for line in "".join(parts).split("\n")]
    text = "\n".join(lines)
    return _PARA.sub("\n\n", text).strip()
