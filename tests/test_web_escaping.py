"""An article whose text, title, outlet and source carry ``<script>``, ``javascript:``
links and HTML entities shows them as text on every page and in every export."""

from __future__ import annotations

import csv
import io
import json
import re
import sqlite3
import xml.etree.ElementTree as ET
from collections.abc import Iterator
from html.parser import HTMLParser
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from web_sample import HOSTILE, HOSTILE_LINK, HOSTILE_SOURCE, XSS, sample_store

from sourcetrace.web.app import create_app

ESCAPED = "&lt;script&gt;alert("


@pytest.fixture(scope="module")
def client(tmp_path_factory: pytest.TempPathFactory) -> Iterator[TestClient]:
    url = f"sqlite:///{tmp_path_factory.mktemp('esc') / 'x.db'}"
    sample_store(url).close()
    with TestClient(create_app(url, token="t", extract=False)) as c:
        yield c


@pytest.fixture(scope="module")
def hostile_doc(client: TestClient) -> str:
    docs = client.get("/api/documents", params={"q": "drones"}).json()["documents"]
    return str(docs[0]["id"])


class Elements(HTMLParser):
    """Every element and attribute a browser would build from the page."""

    def __init__(self) -> None:
        super().__init__()
        self.tags: list[tuple[str, list[tuple[str, str | None]]]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, attrs))


def assert_inert(html: str, where: str) -> None:
    parser = Elements()
    parser.feed(html)
    for tag, attrs in parser.tags:
        if tag == "script":  # only our own static files, never inline code
            assert dict(attrs).get("src", "").startswith("/static/"), f"an inline script on {where}"
            continue
        assert tag not in ("img", "iframe", "object", "embed"), f"a <{tag}> element on {where}"
        for name, value in attrs:
            assert not name.startswith("on"), f"an event handler {name} on {where}"
            assert not (value or "").strip().lower().startswith("javascript:"), f"a javascript: URL on {where}"
    assert len(re.findall(r"<script", html, re.I)) == sum(t == "script" for t, _ in parser.tags), where
    assert not re.search(r"<script>", html, re.I), f"an inline script on {where}"


def test_every_page_shows_markup_as_text(client: TestClient, hostile_doc: str) -> None:
    pages = ["/", "/claims", "/claims?text=drones", "/claims/4", f"/documents/{hostile_doc}",
             f"/documents/{hostile_doc}?claim=C1", "/documents", "/documents?q=drones", "/map", "/sources",
             *[f"/sources/{s['id']}" for s in client.get('/api/sources').json()['sources']], "/rejects"]
    for path in pages:
        r = client.get(path)
        assert r.status_code == 200, path
        assert_inert(r.text, path)
    document = client.get(f"/documents/{hostile_doc}").text
    assert ESCAPED in document and "&amp;amp; more &amp;lt;b&amp;gt;proof" in document
    assert "&lt;a href=&#34;javascript:alert(1)&#34;&gt;" in document
    assert "Evil &lt;b&gt;Outlet&lt;/b&gt;" in document
    assert ESCAPED in client.get("/claims/4").text
    assert "no main text found &lt;script&gt;" in client.get("/rejects").text


def test_json_twins_keep_the_text_verbatim(client: TestClient, hostile_doc: str) -> None:
    analysis = client.get(f"/api/documents/{hostile_doc}/analysis").json()
    assert analysis["document"]["text"] == XSS.text
    assert client.get("/claims/4.json").json()["cluster"]["text"].count(HOSTILE) == 1
    assert client.get("/claims/4.json").headers["content-type"] == "application/json"


def test_every_export_keeps_markup_as_data(client: TestClient) -> None:
    params = {"text": "drones"}
    lines = client.get("/export/jsonl", params=params).text.splitlines()
    assert HOSTILE_LINK in json.loads(lines[0])["text"]
    rows = list(csv.reader(io.StringIO(client.get("/export/csv", params=params).text)))
    assert HOSTILE in rows[1][1] and HOSTILE_SOURCE in rows[1][7]
    rows = list(csv.reader(io.StringIO(client.get("/export/acled", params=params).text)))
    assert HOSTILE in rows[1][-1]
    geo = client.get("/export/geojson", params=params).json()
    assert HOSTILE in geo["features"][0]["properties"]["statement"]
    review = client.get("/export/claimreview", params=params).json()
    assert HOSTILE in review["itemListElement"][0]["item"]["claimReviewed"]
    for fmt in ("graphml", "gexf"):
        body = client.get(f"/export/{fmt}", params=params).text
        root = ET.fromstring(body.rsplit("<!--", 1)[0])
        assert not [e for e in root.iter() if e.tag.lower().endswith("script")]
        assert HOSTILE_SOURCE in body.replace("&lt;", "<").replace("&gt;", ">")
        assert "<img" not in body
    db_bytes = client.get("/export/sqlite", params=params).content
    path = Path(client.app.state.store.url.replace("sqlite:///", "")).with_name("esc-export.db")  # type: ignore[attr-defined]
    path.write_bytes(db_bytes)
    con = sqlite3.connect(path)
    assert HOSTILE in con.execute("SELECT statement FROM clusters").fetchone()[0]
    con.close()
