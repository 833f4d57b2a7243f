"""Dataclasses of the domain.

Every stage of the one-way dataflow consumes the previous stage's type:
readers yield :class:`RawItem`, normalisation makes a :class:`Document`, extraction
returns an :class:`Extraction` (the public contract of ``spec/extraction.md``), and the
store persists exactly that. ``to_json`` methods give the contract's JSON shape.
"""

from __future__ import annotations

import hashlib
from dataclasses import asdict, dataclass, field
from typing import Any

SCHEMA = "sourcetrace/extraction/v1"

ENTITY_KINDS = ("person", "outlet", "organization", "government", "military_unit", "group", "anonymous")
SIDES = ("ukraine", "russia", "third_party", "unknown")
ATTRIBUTION_KINDS = ("direct", "indirect", "mixed", "according_to", "reported", "published_media")
SIGNAL_KINDS = (
    "hedge", "unverified", "evidence_video", "evidence_photo", "evidence_document",
    "official_statement", "anonymous_source", "denial", "doubt", "confirmation",
)
STATUSES = ("reported", "unverified", "video_claimed", "official_claim", "disputed", "denied", "confirmed")
EVENT_TYPES = (
    "armed_clash", "air_or_drone_strike", "shelling_or_missile_strike", "aircraft_downed",
    "territory_change", "surrender_or_capture", "desertion_or_refusal", "mistreatment_of_personnel",
    "civilian_harm", "casualties_or_losses", "weapons_supply", "mobilization",
    "negotiation_or_ceasefire", "media_restriction", "statement", "other",
)
PRECISIONS = ("point", "city", "region", "country")
GRANULARITIES = ("day", "week", "month", "season", "year", "range")
ANCHORS = ("published", "absolute")


def sha256_hex(text: str) -> str:
    """The document id: sha256 of the UTF-8 text, so equal texts share one id."""
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


@dataclass
class RawItem:
    """One input item as a reader found it, before normalisation.

    ``data`` holds the raw bytes as ingested (kept verbatim in the store); ``text`` is set
    by readers whose format already carries decoded text (JSONL, Telegram, feeds).
    ``origin`` names where it came from (a path, a path plus a record index, a URL).
    """

    origin: str
    data: bytes
    media_type: str  # "text/plain", "text/html", ...
    text: str | None = None
    url: str | None = None
    outlet: str | None = None
    title: str | None = None
    authors: list[str] = field(default_factory=list)
    published: str | None = None
    language: str | None = None
    relays: list[str] = field(default_factory=list)  # e.g. Telegram forwarded_from
    metadata: dict[str, Any] = field(default_factory=dict)


@dataclass
class Document:
    """A normalised article: the text every offset refers to, and what is known of it."""

    text: str
    url: str | None = None
    outlet: str | None = None
    title: str | None = None
    authors: list[str] = field(default_factory=list)
    published: str | None = None
    language: str = "en"
    relays: list[str] = field(default_factory=list)
    metadata: dict[str, Any] = field(default_factory=dict)
    source_file: str | None = None

    @property
    def id(self) -> str:
        return sha256_hex(self.text)

    def to_json(self) -> dict[str, Any]:
        out: dict[str, Any] = {
            "id": self.id, "url": self.url, "outlet": self.outlet, "title": self.title,
            "authors": list(self.authors), "published": self.published,
            "language": self.language, "text": self.text,
        }
        if self.source_file is not None:
            out["source_file"] = self.source_file
        return out


@dataclass
class Span:
    """A character span of ``Document.text``, end-exclusive."""

    text: str
    start: int
    end: int


@dataclass
class SourceRef:
    """The source span of an attribution and the entity it resolves to."""

    text: str
    start: int
    end: int
    entity: str | None = None


@dataclass
class Entity:
    id: str
    name: str
    kind: str = "person"
    description: str | None = None
    side: str = "unknown"
    aliases: list[str] = field(default_factory=list)
    mentions: list[list[int]] = field(default_factory=list)


@dataclass
class Attribution:
    id: str
    content: Span
    kind: str
    source: SourceRef | None = None
    cue: Span | None = None
    via: list[str] = field(default_factory=list)
    parent: str | None = None
    signals: list[str] = field(default_factory=list)


@dataclass
class Signal:
    id: str
    kind: str
    text: str
    start: int
    end: int


@dataclass
class Claim:
    id: str
    text: str
    event_type: str = "other"
    status: str = "reported"
    attribution: str | None = None
    actors: list[str] = field(default_factory=list)
    places: list[str] = field(default_factory=list)
    times: list[str] = field(default_factory=list)
    signals: list[str] = field(default_factory=list)


@dataclass
class Place:
    id: str
    text: str
    name: str
    country: str | None = None
    admin1: str | None = None
    lat: float | None = None
    lon: float | None = None
    geonames_id: int | None = None
    precision: str = "city"
    mentions: list[list[int]] = field(default_factory=list)


@dataclass
class TimeExpr:
    id: str
    text: str
    start: int
    end: int
    value: str | None
    granularity: str
    anchor: str


@dataclass
class Extraction:
    """Everything extracted from one document: the public JSON contract."""

    document: Document
    entities: list[Entity] = field(default_factory=list)
    attributions: list[Attribution] = field(default_factory=list)
    signals: list[Signal] = field(default_factory=list)
    claims: list[Claim] = field(default_factory=list)
    places: list[Place] = field(default_factory=list)
    times: list[TimeExpr] = field(default_factory=list)

    def to_json(self) -> dict[str, Any]:
        return {
            "schema": SCHEMA,
            "document": self.document.to_json(),
            "entities": [asdict(e) for e in self.entities],
            "attributions": [asdict(a) for a in self.attributions],
            "signals": [asdict(s) for s in self.signals],
            "claims": [asdict(c) for c in self.claims],
            "places": [asdict(p) for p in self.places],
            "times": [asdict(t) for t in self.times],
        }
