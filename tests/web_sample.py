"""A small store like the demo's, filled straight through the store functions (no spaCy).

Used by the web, export and browser tests. Four hand-written articles: a surrender
claim relayed by two outlets, its denial, a strike claim, and a hostile article whose
text, title, outlet and source carry markup that must always show as text.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from sourcetrace.model import (
    Attribution,
    Claim,
    Document,
    Entity,
    Extraction,
    Place,
    RawItem,
    Signal,
    SourceRef,
    Span,
    TimeExpr,
)
from sourcetrace.store import schema
from sourcetrace.store.db import Store, open_store
from sourcetrace.store.documents import add_document, add_reject
from sourcetrace.store.extractions import save_extraction

HOSTILE = '<script>alert("pwned")</script>'
HOSTILE_LINK = '<a href="javascript:alert(1)">javascript:alert(1)</a>'
HOSTILE_SOURCE = "Agent <img src=x onerror=alert(2)>"


def span(text: str, part: str, nth: int = 0) -> Span:
    start = -1
    for _ in range(nth + 1):
        start = text.index(part, start + 1)
    return Span(part, start, start + len(part))


def mentions(text: str, part: str) -> list[list[int]]:
    s = span(text, part)
    return [[s.start, s.end]]


@dataclass
class Article:
    text: str
    outlet: str
    published: str
    title: str
    url: str | None = None
    language: str = "en"
    relays: list[str] = field(default_factory=list)


KRYNKY_1 = Article(
    "Ukrainian Colonel Oleksandr Shtupun, spokesman for the Tavria group, said that whole groups of Russian "
    "soldiers were surrendering near Krynky on Christmas Day. The claim could not be independently verified.",
    "Meridian Wire", "2023-12-26", "Colonel says Russian troops surrender near Krynky",
    "https://meridian.example/krynky")
KRYNKY_2 = Article(
    "According to the Kyiv Post, which quoted Colonel Oleksandr Shtupun, Russian soldiers surrendered en masse "
    "near Krynky. A video posted by a brigade appears to show the men.",
    "Left Bank Post", "2023-12-27", "Mass surrender reported on the left bank", None, relays=["Pivden Watch"])
DENIAL = Article(
    "Russia's Defence Ministry denied that any soldiers had surrendered near Krynky and dismissed the "
    "reports as fake.", "Zvezda Daily", "2023-12-28", "Ministry denies surrender story")
STRIKE = Article(
    "The Russian Defence Ministry said its missiles destroyed a Patriot launcher near Odesa on Friday, "
    "citing satellite images.", "Zvezda Daily", "2023-12-16", "Patriot launcher hit near Odesa, ministry says")
XSS = Article(
    f"An account named {HOSTILE_SOURCE} claimed that drones struck Kharkiv {HOSTILE} overnight. "
    f"Readers were told to click {HOSTILE_LINK} for &amp; more &lt;b&gt;proof&lt;/b&gt;.",
    "Evil <b>Outlet</b>", "2024-01-06", f"Strike story {HOSTILE}", "javascript:alert(3)")


def _extractions() -> list[tuple[Article, Extraction, list[tuple[str, int]]]]:
    """Each article's extraction and the (claim id, cluster number) it belongs to."""
    out = []
    t = KRYNKY_1.text
    unverified = span(t, "could not be independently verified")
    d = Document(t, url=KRYNKY_1.url, outlet=KRYNKY_1.outlet, title=KRYNKY_1.title, published=KRYNKY_1.published)
    ex = Extraction(d,
        entities=[Entity("E1", "Oleksandr Shtupun", "person", "spokesman for the Tavria group", "ukraine",
                         ["Ukrainian Colonel Oleksandr Shtupun"], mentions(t, "Ukrainian Colonel Oleksandr Shtupun")),
                  Entity("E2", "Russian soldiers", "group", None, "russia", [], mentions(t, "Russian soldiers"))],
        attributions=[Attribution("A1", span(t, "whole groups of Russian soldiers were surrendering near Krynky on "
                                                "Christmas Day"), "indirect",
                                  SourceRef("Ukrainian Colonel Oleksandr Shtupun", 0, 35, "E1"), span(t, "said"),
                                  [], None, ["S1"])],
        signals=[Signal("S1", "unverified", unverified.text, unverified.start, unverified.end)],
        claims=[Claim("C1", "Whole groups of Russian soldiers surrendered near Krynky on Christmas Day.",
                      "surrender_or_capture", "unverified", "A1", ["E2"], ["P1"], ["T1"], ["S1"])],
        places=[Place("P1", "Krynky", "Krynky", "UA", "Kherson Oblast", 46.7306, 33.0953, None, "point",
                      mentions(t, "Krynky"))],
        times=[TimeExpr("T1", "on Christmas Day", *[span(t, "on Christmas Day").start, span(t, "on Christmas Day").end],
                        "2023-12-25", "day", "published")])
    out.append((KRYNKY_1, ex, [("C1", 1)]))

    t = KRYNKY_2.text
    d = Document(t, outlet=KRYNKY_2.outlet, title=KRYNKY_2.title, published=KRYNKY_2.published,
                 relays=KRYNKY_2.relays)
    s_vid = span(t, "A video posted by a brigade")
    ex = Extraction(d,
        entities=[Entity("E1", "Oleksandr Shtupun", "person", None, "ukraine", ["Colonel Oleksandr Shtupun"],
                         mentions(t, "Colonel Oleksandr Shtupun")),
                  Entity("E2", "Kyiv Post", "outlet", None, "ukraine", [], mentions(t, "Kyiv Post"))],
        attributions=[Attribution("A1", span(t, "Russian soldiers surrendered en masse near Krynky"), "according_to",
                                  SourceRef("Colonel Oleksandr Shtupun", *[span(t, "Colonel Oleksandr Shtupun").start,
                                            span(t, "Colonel Oleksandr Shtupun").end], "E1"),
                                  span(t, "According to"), ["E2"], None, ["S1"])],
        signals=[Signal("S1", "evidence_video", s_vid.text, s_vid.start, s_vid.end),
                 Signal("S2", "hedge", "appears to", span(t, "appears to").start, span(t, "appears to").end)],
        claims=[Claim("C1", "Russian soldiers surrendered en masse near Krynky.", "surrender_or_capture",
                      "video_claimed", "A1", [], ["P1"], [], ["S1", "S2"])],
        places=[Place("P1", "Krynky", "Krynky", "UA", "Kherson Oblast", 46.7306, 33.0953, None, "point",
                      mentions(t, "Krynky"))])
    out.append((KRYNKY_2, ex, [("C1", 1)]))

    t = DENIAL.text
    d = Document(t, outlet=DENIAL.outlet, title=DENIAL.title, published=DENIAL.published, language="en")
    ex = Extraction(d,
        entities=[Entity("E1", "Russian Defence Ministry", "government", None, "russia", ["Russia's Defence Ministry"],
                         mentions(t, "Russia's Defence Ministry"))],
        attributions=[Attribution("A1", span(t, "any soldiers had surrendered near Krynky"), "indirect",
                                  SourceRef("Russia's Defence Ministry", 0, 24, "E1"), span(t, "denied"), [], None,
                                  ["S1", "S2"])],
        signals=[Signal("S1", "denial", "denied", span(t, "denied").start, span(t, "denied").end),
                 Signal("S2", "official_statement", "Russia's Defence Ministry", 0, 24)],
        claims=[Claim("C1", "Russian soldiers did not surrender near Krynky.", "surrender_or_capture", "denied",
                      "A1", [], ["P1"], [], ["S1", "S2"])],
        places=[Place("P1", "Krynky", "Krynky", "UA", "Kherson Oblast", 46.7306, 33.0953, None, "point",
                      mentions(t, "Krynky"))])
    out.append((DENIAL, ex, [("C1", 2)]))

    t = STRIKE.text
    d = Document(t, outlet=STRIKE.outlet, title=STRIKE.title, published=STRIKE.published)
    ex = Extraction(d,
        entities=[Entity("E1", "Russian Defence Ministry", "government", None, "russia",
                         ["The Russian Defence Ministry"], mentions(t, "The Russian Defence Ministry"))],
        attributions=[Attribution("A1", span(t, "its missiles destroyed a Patriot launcher near Odesa on Friday"),
                                  "indirect", SourceRef("The Russian Defence Ministry", 0, 28, "E1"), span(t, "said"),
                                  [], None, ["S1", "S2"])],
        signals=[Signal("S1", "official_statement", "The Russian Defence Ministry", 0, 28),
                 Signal("S2", "evidence_photo", "satellite images", span(t, "satellite images").start,
                        span(t, "satellite images").end)],
        claims=[Claim("C1", "Russian missiles destroyed a Patriot launcher near Odesa.", "shelling_or_missile_strike",
                      "official_claim", "A1", [], ["P1"], ["T1"], ["S1", "S2"])],
        places=[Place("P1", "Odesa", "Odesa", "UA", "Odesa Oblast", 46.4775, 30.7326, 698740, "city",
                      mentions(t, "Odesa"))],
        times=[TimeExpr("T1", "on Friday", span(t, "on Friday").start, span(t, "on Friday").end, "2023-12-15", "day",
                        "published")])
    out.append((STRIKE, ex, [("C1", 3)]))

    t = XSS.text
    d = Document(t, url=XSS.url, outlet=XSS.outlet, title=XSS.title, published=XSS.published)
    src = span(t, HOSTILE_SOURCE)
    ex = Extraction(d,
        entities=[Entity("E1", HOSTILE_SOURCE, "person", HOSTILE, "unknown", [], [[src.start, src.end]])],
        attributions=[Attribution("A1", span(t, f"drones struck Kharkiv {HOSTILE} overnight"), "indirect",
                                  SourceRef(HOSTILE_SOURCE, src.start, src.end, "E1"), span(t, "claimed"),
                                  [], None, [])],
        claims=[Claim("C1", f"Drones struck Kharkiv {HOSTILE} overnight {HOSTILE_LINK}.", "air_or_drone_strike",
                      "reported", "A1", ["E1"], ["P1"], [], [])],
        places=[Place("P1", "Kharkiv", f"Kharkiv {HOSTILE}", "UA", "Kharkiv Oblast", 49.9935, 36.2304, 706483, "city",
                      mentions(t, "Kharkiv"))])
    out.append((XSS, ex, [("C1", 4)]))
    return out


CLUSTERS: dict[int, dict[str, Any]] = {
    1: {"text": "Whole groups of Russian soldiers surrendered near Krynky on Christmas Day.",
        "event_type": "surrender_or_capture", "status": "video_claimed", "origins": 1,
        "origin_sources": ["Oleksandr Shtupun"], "side": ["ukraine"], "place": ["Krynky"]},
    2: {"text": "Russian soldiers did not surrender near Krynky.", "event_type": "surrender_or_capture",
        "status": "denied", "origins": 1, "origin_sources": ["Russian Defence Ministry"], "side": ["russia"],
        "place": ["Krynky"]},
    3: {"text": "Russian missiles destroyed a Patriot launcher near Odesa.", "event_type": "shelling_or_missile_strike",
        "status": "official_claim", "origins": 1, "origin_sources": ["Russian Defence Ministry"], "side": ["russia"],
        "place": ["Odesa"]},
    4: {"text": f"Drones struck Kharkiv {HOSTILE} overnight {HOSTILE_LINK}.", "event_type": "air_or_drone_strike",
        "status": "reported", "origins": 1, "origin_sources": [HOSTILE_SOURCE], "side": ["unknown"],
        "place": [f"Kharkiv {HOSTILE}"]},
}


def fill(store: Store) -> dict[str, str]:
    """Writes the sample into ``store``; returns document ids by outlet/title key."""
    now = dt.datetime(2024, 1, 15, tzinfo=dt.UTC)
    ids: dict[str, str] = {}
    members: dict[int, list[tuple[str, str, Article]]] = {}
    with store.engine.begin() as conn:
        for art, ex, links in _extractions():
            item = RawItem(origin=f"sample/{art.outlet}/{art.published}.txt", data=art.text.encode(),
                           media_type="text/plain", text=art.text)
            add_document(conn, item, ex.document)
            save_extraction(conn, ex, "sample")
            ids[art.title] = ex.document.id
            for claim_id, cluster in links:
                members.setdefault(cluster, []).append((ex.document.id, claim_id, art))
        for number, c in CLUSTERS.items():
            arts = members[number]
            dates = sorted(a.published for _, _, a in arts)
            outlets = sorted({a.outlet for _, _, a in arts})
            conn.execute(schema.clusters.insert().values(
                id=number, text=c["text"], event_type=c["event_type"], status=c["status"], first_seen=dates[0],
                last_seen=dates[-1], first_doc_id=min(arts, key=lambda x: x[2].published)[0], origins=c["origins"],
                origin_sources=c["origin_sources"], outlets=len(outlets), documents=len(arts), claims=len(arts),
                updated_at=now))
            for doc_id, claim_id, _ in arts:
                conn.execute(schema.cluster_claims.insert().values(doc_id=doc_id, claim_id=claim_id,
                                                                   cluster_id=number, similarity=0.91))
            facets = {("source", s) for s in c["origin_sources"]} | {("side", s) for s in c["side"]} | \
                {("place", p) for p in c["place"]} | {("outlet", o) for o in outlets} | {("language", "en")}
            conn.execute(schema.cluster_facets.insert(), [{"cluster_id": number, "facet": f, "value": v}
                                                          for f, v in sorted(facets)])
        add_reject(conn, "sample/broken.bin", "binary", "binary file (PNG image), not text", b"\x89PNG\r\n")
        add_reject(conn, f"sample/{HOSTILE}.html", "no_text", f"no main text found {HOSTILE}", b"<html></html>")
        conn.execute(schema.ingest_runs.insert().values(
            targets=["sample"], status="done", seen=7, new=5, duplicates=0, rejected=2, started_at=now,
            finished_at=now))
    return ids


def sample_store(url: str) -> Store:
    store = open_store(url)
    fill(store)
    return store
