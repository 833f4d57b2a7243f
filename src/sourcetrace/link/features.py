"""What the linker knows of each claim: its text and the facets that agree or clash.

Loaded in bulk from the extraction tables (a few queries whatever the number of
claims), so linking 100,000 claims never issues a query per claim.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

from sqlalchemy import Connection, Text, select, type_coerce

from sourcetrace.link.framing import framed_side
from sourcetrace.link.lexical import terms
from sourcetrace.link.speech import speech_cue
from sourcetrace.store import schema

Key = tuple[str, str]  # (doc_id, claim_id)
CHUNK = 500
_ISO_DAY = re.compile(r"^(\d{4}-\d{2}-\d{2})")
#: Statuses that take a stance on someone else's claim rather than make one.
STANCES = frozenset({"denied", "disputed", "confirmed"})


@dataclass
class ClaimFeatures:
    """One claim as the linker sees it."""

    doc_id: str
    claim_id: str
    text: str
    event_type: str
    status: str
    date: str | None  # YYYY-MM-DD: the claim's resolved day, else its document's
    places: frozenset[str] = field(default_factory=frozenset)  # its own, else its document's main place
    own_places: frozenset[str] = field(default_factory=frozenset)  # the places the claim itself names
    actors: frozenset[str] = field(default_factory=frozenset)
    side: str = "unknown"  # side of the attributed source
    terms: frozenset[str] = field(default_factory=frozenset)  # content-word stems and numbers
    language: str = "en"
    framing: str | None = None  # the side whose partisan vocabulary states it (see framing.py)
    order: tuple[str, str, int] = ("", "", 0)  # (document date, doc_id, claim number): link order
    #: Terms of the claim's own sentence, when ``text`` adds a subject to it (None: ``terms``);
    #: what provenance reads, so a refresh need not derive them again.
    sentence_terms: frozenset[str] | None = None

    @property
    def claim_terms(self) -> frozenset[str]:
        """The content terms of the stored claim sentence (``lexical.terms`` of it)."""
        return self.terms if self.sentence_terms is None else self.sentence_terms

    @property
    def day(self) -> int | None:
        """The date as a day number, for date windows (None when unknown or malformed)."""
        return _ordinal(self.date)

    @property
    def key(self) -> Key:
        return (self.doc_id, self.claim_id)


def _day(value: Any) -> str | None:
    if not value:
        return None
    m = _ISO_DAY.match(str(value))
    return m.group(1) if m else None


@lru_cache(maxsize=4096)
def _ordinal(day: str | None) -> int | None:
    try:
        return dt.date.fromisoformat(day).toordinal() if day else None
    except ValueError:
        return None


def _number(claim_id: str) -> int:
    digits = claim_id[1:]
    return int(digits) if digits.isdigit() else 0


def norm_name(name: str) -> str:
    """A name folded for matching across documents: case, articles, punctuation."""
    text = re.sub(r"[^\w\s]", " ", name.casefold())
    words = [w for w in text.split() if w not in {"the", "a", "an"}]
    return " ".join(words)


#: Places too general to tell two stories apart: datelines and metonyms of capitals, seas.
UNSPECIFIC_PLACES = frozenset({"kyiv", "kiev", "moscow", "london", "washington", "berlin", "brussels", "crimea",
                               "black sea", "europe", "donbas", "southern ukraine", "eastern ukraine"})
_PLACE_WORDS = frozenset({"oblast", "region", "river", "city", "village", "district", "raion"})


def place_key(name: str) -> str:
    """A place name reduced to its core ("Zaporizhzhia Oblast" and "Zaporizhzhia" agree)."""
    return " ".join(w for w in norm_name(name).split() if w not in _PLACE_WORDS)


def _main_place(counts: Counter[str]) -> frozenset[str]:
    """The place a document is mostly about, for its claims that name none ("All targets
    were destroyed" in a report from Sevastopol); empty when no place leads."""
    top = counts.most_common(2)
    if not top or (len(top) == 2 and top[1][1] == top[0][1]):
        return frozenset()
    return frozenset({top[0][0]})


def json_ids(value: Any) -> list[str]:
    """A JSON list (of ids, names), as stored (a string) or already decoded by the driver."""
    if isinstance(value, list):
        return value
    if not value or value == "[]":
        return []
    decoded = json.loads(value)
    return decoded if isinstance(decoded, list) else []


class _Row:
    """A claims row with its id lists decoded."""

    __slots__ = ("actors", "attribution", "doc_id", "event_type", "id", "places", "status", "text", "times")

    def __init__(self, r: Any) -> None:
        self.doc_id, self.id, self.text, self.event_type, self.status = r.doc_id, r.id, r.text, r.event_type, r.status
        self.places, self.actors, self.times = json_ids(r.places), json_ids(r.actors), json_ids(r.times)
        self.attribution = r.attribution


def _chunks(items: list[str], size: int = CHUNK) -> Iterable[list[str]]:
    for i in range(0, len(items), size):
        yield items[i:i + size]


def load_features(conn: Connection, doc_ids: list[str] | None = None) -> list[ClaimFeatures]:
    """Features of every claim of ``doc_ids`` (all documents when None), in link order."""
    c, d, p, e, t = schema.claims, schema.documents, schema.places, schema.entities, schema.times
    docs: dict[str, tuple[str, str, str]] = {}
    rows: list[Any] = []
    place_names: dict[Key, str] = {}
    actor_names: dict[Key, str] = {}
    entity_side: dict[Key, str] = {}
    attribution_source: dict[Key, str] = {}
    # "Kinzhal destroys" where the tagger took the claim's own verb for a cue: the subject
    # and verb are part of the claim, and the subject is no speaker (see ``speech.py``)
    subject_of: dict[Key, str] = {}
    time_values: dict[Key, str] = {}
    batches: list[list[str] | None] = list(_chunks(doc_ids)) if doc_ids is not None else [None]
    for batch in batches:
        def where(stmt: Any, table: Any, ids: list[str] | None = batch) -> Any:
            return stmt if ids is None else stmt.where(table.c.doc_id.in_(ids))

        dstmt = select(d.c.id, d.c.published, d.c.ingested_at, d.c.language)
        if batch is not None:
            dstmt = dstmt.where(d.c.id.in_(batch))
        for r in conn.execute(dstmt):
            day = _day(r.published) or (r.ingested_at.date().isoformat() if r.ingested_at else None)
            docs[r.id] = (day or "", str(r.published or (r.ingested_at.isoformat() if r.ingested_at else "")),
                          r.language or "en")
        # the id lists come as raw JSON text: most are empty, and decoding 300,000 of them
        # through the JSON type costs seconds
        rows.extend(_Row(r) for r in conn.execute(where(select(
            c.c.doc_id, c.c.id, c.c.text, c.c.event_type, c.c.status, type_coerce(c.c.places, Text).label("places"),
            type_coerce(c.c.actors, Text).label("actors"), type_coerce(c.c.times, Text).label("times"),
            c.c.attribution), c)))
        for r in conn.execute(where(select(p.c.doc_id, p.c.id, p.c.name, p.c.precision), p)):
            name = place_key(r.name)
            if r.precision != "country" and name not in UNSPECIFIC_PLACES:
                place_names[(r.doc_id, r.id)] = name
        for r in conn.execute(where(select(e.c.doc_id, e.c.id, e.c.name, e.c.kind, e.c.side), e)):
            entity_side[(r.doc_id, r.id)] = r.side
            if r.kind != "anonymous":
                actor_names[(r.doc_id, r.id)] = norm_name(r.name)
        a = schema.attributions
        for r in conn.execute(where(select(a.c.doc_id, a.c.id, a.c.source_entity, a.c.source_text, a.c.cue_text), a)):
            if r.source_entity:
                attribution_source[(r.doc_id, r.id)] = r.source_entity
            if r.source_text and r.cue_text and not speech_cue(r.cue_text, docs.get(r.doc_id, ("", "", "en"))[2]):
                subject_of[(r.doc_id, r.id)] = f"{r.source_text.strip()} {r.cue_text.strip()}"
        for r in conn.execute(where(select(t.c.doc_id, t.c.id, t.c.value), t)):
            if r.value:
                time_values[(r.doc_id, r.id)] = r.value
    doc_places: dict[str, Counter[str]] = defaultdict(Counter)
    for r in rows:
        doc_places[r.doc_id].update({n for pid in r.places or [] if (n := place_names.get((r.doc_id, pid)))})
    main_place = {doc_id: _main_place(counts) for doc_id, counts in doc_places.items()}
    out = []
    for r in rows:
        doc_day, doc_when, language = docs.get(r.doc_id, ("", "", "en"))
        days = sorted(filter(None, (_day(time_values.get((r.doc_id, tid))) for tid in r.times or [])))
        own = frozenset(n for pid in r.places or [] if (n := place_names.get((r.doc_id, pid))))
        subject = subject_of.get((r.doc_id, r.attribution or ""))
        text = f"{subject} {r.text}" if subject else r.text
        side = "unknown" if subject else \
            entity_side.get((r.doc_id, attribution_source.get((r.doc_id, r.attribution or ""), "")), "unknown")
        out.append(ClaimFeatures(
            doc_id=r.doc_id, claim_id=r.id, text=text, event_type=r.event_type, status=r.status,
            date=doc_day or (days[0] if days else None), places=own or main_place.get(r.doc_id, frozenset()),
            own_places=own,
            actors=frozenset(n for eid in r.actors or [] if (n := actor_names.get((r.doc_id, eid)))),
            side=side, framing=framed_side(text, side, r.status in STANCES),
            order=(doc_when, r.doc_id, _number(r.id)), terms=terms(text), language=language,
            sentence_terms=terms(r.text) if subject else None,
        ))
    read_in_report(out)
    out.sort(key=lambda f: f.order)
    return out


#: Opening words of a stance that points back at what it answers ("These are fakes").
_POINTERS = frozenset({"it", "this", "that", "these", "those", "such"})
_POINTED_NOUNS = frozenset({"report", "reports", "claim", "claims", "video", "videos", "footage", "allegation",
                            "allegations", "story", "account", "images", "photos", "information"})


def points_back(text: str) -> bool:
    """Whether a claim's text opens on what it answers, not on what it says ("It fake.",
    "These as «a traditional New Year's fake from Kiev»", "The report as 'fake'")."""
    words = re.findall(r"\w+", text.casefold())[:2]
    if not words:
        return False
    return words[0] in _POINTERS or (words[0] in ("the", "this", "these") and len(words) > 1
                                     and words[1] in _POINTED_NOUNS)


def read_in_report(features: list[ClaimFeatures]) -> None:
    """A denial or doubt that points back ("Dronov called these a fake") names nothing of
    the claim it answers, and its own words ("fake") match every denial in the store: it
    takes the terms of its report's claims, where the thing it answers is told."""
    by_doc: dict[str, list[ClaimFeatures]] = defaultdict(list)
    for f in features:
        by_doc[f.doc_id].append(f)
    for fs in by_doc.values():
        told = frozenset().union(*(f.claim_terms for f in fs if f.status not in STANCES))
        for f in fs:
            if f.status in STANCES and told and points_back(f.text):
                f.sentence_terms = f.claim_terms
                f.terms = f.terms | told
