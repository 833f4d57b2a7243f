"""Write demo articles in each input format the ingester reads.

Every writer is deterministic: no clocks, no random ids (WARC record ids are uuid5 of the
URL, gzip headers carry mtime 0), so regenerating the corpus gives identical bytes.
"""

from __future__ import annotations

import html
import json
import uuid
from collections import defaultdict
from datetime import UTC, datetime, timedelta
from email.utils import format_datetime
from io import BytesIO
from pathlib import Path
from typing import Any

from sourcetrace.demo.articles import Article
from sourcetrace.demo.pages import body_html, render_page, site_root

DEMO_NS = uuid.UUID("5b0c1f8e-2a8f-4c55-9a51-3d2a6e1c7b10")


def _grouped(articles: list[Article], fmt: str, key: str) -> dict[str, list[Article]]:
    groups: dict[str, list[Article]] = defaultdict(list)
    for art in articles:
        if art.format == fmt:
            groups[art.extra[key]].append(art)
    return {k: sorted(v, key=lambda a: (a.published, a.id)) for k, v in sorted(groups.items())}


def _related(art: Article, articles: list[Article]) -> list[Article]:
    """Up to three other headlines from the same outlet, for a sidebar."""
    same = [a for a in articles if a.outlet == art.outlet and a.id != art.id and a.title]
    return same[:3]


def write_text(articles: list[Article], out: Path) -> None:
    """``text/<id>.txt`` (headline on the first line) plus ``text/metadata.json``."""
    folder = out / "text"
    folder.mkdir(parents=True, exist_ok=True)
    meta: dict[str, dict[str, Any]] = {}
    for art in articles:
        if art.format != "txt":
            continue
        name = f"{art.extra.get('file', art.id)}.txt"
        (folder / name).write_text(art.plain_text, encoding="utf-8")
        meta[name] = {"demo_id": art.id, "outlet": art.outlet, "published": art.published,
                      "url": art.url, "authors": art.authors, "language": art.language,
                      "title": art.title}
    _write_json(folder / "metadata.json", dict(sorted(meta.items())))


def write_html(articles: list[Article], out: Path) -> None:
    """``html/<id>.html``: full pages with meta tags, byline and boilerplate."""
    folder = out / "html"
    folder.mkdir(parents=True, exist_ok=True)
    for art in articles:
        if art.format == "html":
            page = render_page(art, _related(art, articles))
            (folder / f"{art.id}.html").write_text(page, encoding="utf-8")


def _rss(items: list[Article]) -> str:
    first = items[0]
    root = site_root(first.url)
    esc = html.escape
    parts = []
    for art in items:
        dt = datetime.fromisoformat(art.published)
        creators = "".join(f"<dc:creator>{esc(a)}</dc:creator>" for a in art.authors)
        summary = esc(art.paragraphs[0]) if art.paragraphs else ""
        content = body_html(art).replace("]]>", "]]]]><![CDATA[>")
        parts.append(
            f"""  <item>
    <title>{esc(art.title)}</title>
    <link>{esc(art.url)}</link>
    <guid isPermaLink="false">{esc(art.id)}</guid>
    <pubDate>{format_datetime(dt)}</pubDate>
    {creators}
    <description>{summary}</description>
    <content:encoded><![CDATA[{content}]]></content:encoded>
  </item>""")
    last = max(datetime.fromisoformat(a.published) for a in items)
    return f"""<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/" xmlns:dc="http://purl.org/dc/elements/1.1/">
<channel>
  <title>{esc(first.outlet)}</title>
  <link>{root}/</link>
  <description>{esc(first.extra.get('feed_description', first.outlet))}</description>
  <language>{esc(first.language)}</language>
  <lastBuildDate>{format_datetime(last)}</lastBuildDate>
{chr(10).join(parts)}
</channel>
</rss>
"""


def _atom(items: list[Article]) -> str:
    first = items[0]
    root = site_root(first.url)
    esc = html.escape
    parts = []
    for art in items:
        authors = "".join(f"<author><name>{esc(a)}</name></author>" for a in art.authors)
        summary = esc(art.paragraphs[0]) if art.paragraphs else ""
        parts.append(
            f"""  <entry>
    <id>{esc(art.id)}</id>
    <title>{esc(art.title)}</title>
    <link rel="alternate" type="text/html" href="{esc(art.url)}"/>
    <published>{art.published}</published>
    <updated>{art.published}</updated>
    {authors}
    <summary>{summary}</summary>
    <content type="html">{esc(body_html(art))}</content>
  </entry>""")
    last = max(a.published for a in items)
    return f"""<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom" xml:lang="{esc(first.language)}">
  <title>{esc(first.outlet)}</title>
  <subtitle>{esc(first.extra.get('feed_description', first.outlet))}</subtitle>
  <link rel="alternate" href="{root}/"/>
  <link rel="self" href="{root}/feed.atom"/>
  <id>{root}/</id>
  <updated>{last}</updated>
{chr(10).join(parts)}
</feed>
"""


def write_feeds(articles: list[Article], out: Path) -> None:
    """``feeds/<feed>.xml``: RSS 2.0 with content:encoded, or Atom with html content."""
    folder = out / "feeds"
    folder.mkdir(parents=True, exist_ok=True)
    for fmt, render in (("rss", _rss), ("atom", _atom)):
        for name, items in _grouped(articles, fmt, "feed").items():
            (folder / f"{name}.xml").write_text(render(items), encoding="utf-8")


def warc_bytes(items: list[Article], all_articles: list[Article], filename: str) -> bytes:
    """A gzipped WARC: a warcinfo record, then a request and a response per article."""
    from warcio.statusandheaders import StatusAndHeaders
    from warcio.warcwriter import WARCWriter

    buf = BytesIO()
    writer = WARCWriter(buf, gzip=True)

    def stamp(art: Article, minutes: int) -> str:
        dt = datetime.fromisoformat(art.published).astimezone(UTC) + timedelta(hours=3, minutes=minutes)
        return dt.strftime("%Y-%m-%dT%H:%M:%SZ")

    def rid(key: str) -> str:
        return f"<urn:uuid:{uuid.uuid5(DEMO_NS, key)}>"

    info = b"software: sourcetrace demo corpus builder\r\nformat: WARC File Format 1.0\r\n" \
           b"description: Demo crawl of invented news sites\r\n"
    headers = StatusAndHeaders("", [("WARC-Type", "warcinfo"), ("WARC-Record-ID", rid(filename)),
                                    ("WARC-Filename", filename), ("WARC-Date", stamp(items[0], 0))],
                               protocol="WARC/1.0")
    writer.write_record(writer.create_warc_record("", "warcinfo", payload=BytesIO(info), length=len(info),
                                                  warc_headers=headers))
    for art in items:
        page = render_page(art, _related(art, all_articles)).encode("utf-8")
        path = art.url[len(site_root(art.url)):] or "/"
        host = site_root(art.url).split("//", 1)[1]
        req_http = StatusAndHeaders(f"GET {path} HTTP/1.1", [
            ("Host", host), ("User-Agent", "sourcetrace-demo-crawler/1.0"), ("Accept", "text/html")],
            is_http_request=True)
        writer.write_record(writer.create_warc_record(
            art.url, "request", payload=BytesIO(b""), length=0, http_headers=req_http,
            warc_headers_dict={"WARC-Record-ID": rid("req:" + art.url), "WARC-Date": stamp(art, 1)}))
        resp_http = StatusAndHeaders("200 OK", [
            ("Content-Type", "text/html; charset=utf-8"), ("Content-Length", str(len(page))),
            ("Server", "nginx")], protocol="HTTP/1.1")
        writer.write_record(writer.create_warc_record(
            art.url, "response", payload=BytesIO(page), length=len(page), http_headers=resp_http,
            warc_headers_dict={"WARC-Record-ID": rid("resp:" + art.url), "WARC-Date": stamp(art, 1),
                               "WARC-Sourcetrace-Demo-Id": art.id}))
    return buf.getvalue()


def write_warcs(articles: list[Article], out: Path) -> None:
    """``warc/<crawl>.warc.gz`` with HTML response records."""
    folder = out / "warc"
    folder.mkdir(parents=True, exist_ok=True)
    for name, items in _grouped(articles, "warc", "warc").items():
        filename = f"{name}.warc.gz"
        (folder / filename).write_bytes(warc_bytes(items, articles, filename))


def jsonl_record(art: Article, by_id: dict[str, Article]) -> dict[str, Any]:
    """One JSONL line; a duplicate of a plain-text article repeats that file's exact text."""
    text = art.body
    if art.duplicate_of and by_id[art.duplicate_of].format == "txt":
        text = by_id[art.duplicate_of].plain_text
    rec: dict[str, Any] = {"demo_id": art.id, "text": text, "url": art.url, "outlet": art.outlet,
                           "title": art.title, "authors": art.authors, "published": art.published,
                           "language": art.language}
    for key in art.extra.get("omit", "").split(","):
        rec.pop(key.strip(), None)
    for key, value in sorted(art.extra.items()):
        if key.startswith("x_"):
            rec[key[2:]] = json.loads(value) if value[:1] in "[{" or value in ("true", "false") else value
    return rec


def write_jsonl(articles: list[Article], out: Path) -> None:
    """``jsonl/<export>.jsonl``: one article per line, extra keys kept."""
    folder = out / "jsonl"
    folder.mkdir(parents=True, exist_ok=True)
    by_id = {a.id: a for a in articles}
    for name, items in _grouped(articles, "jsonl", "jsonl").items():
        lines = [json.dumps(jsonl_record(a, by_id), ensure_ascii=False) for a in items]
        (folder / f"{name}.jsonl").write_text("\n".join(lines) + "\n", encoding="utf-8")


def _write_json(path: Path, data: Any) -> None:
    path.write_text(json.dumps(data, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")

