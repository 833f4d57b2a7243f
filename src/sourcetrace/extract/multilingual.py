"""Sentence-level claims for languages without a full pipeline (German, Russian, Ukrainian).

There is no real German, Russian or Ukrainian spaCy model offline, so these documents
get cheap claims: the title and lead sentences plus any sentence a keyword marks as
carrying an event, each an assertion of the outlet. That is enough for linking: the
multilingual sentence encoder matches them with English claims of the same story.
"""

from __future__ import annotations

import json
import re
from functools import lru_cache
from pathlib import Path
from typing import Any

from sourcetrace.model import Attribution, Claim, Document, Entity, Extraction, Place, SourceRef, Span

RESOURCE = Path(__file__).parent / "resources" / "multilingual" / "keywords.json"
SOURCES = Path(__file__).parent / "resources" / "multilingual" / "sources.json"
#: How many leading sentences always become claims, and the most claims per document.
LEAD_SENTENCES = 4
MAX_CLAIMS = 10
MIN_CHARS = 25


@lru_cache(maxsize=1)
def _lexicon() -> dict[str, Any]:
    return dict(json.loads(RESOURCE.read_text(encoding="utf-8")))


@lru_cache(maxsize=4)
def _sentencizer(lang: str) -> Any:
    import spacy

    try:
        nlp = spacy.blank(lang)
    except (ImportError, KeyError, ValueError):
        nlp = spacy.blank("xx")
    nlp.add_pipe("sentencizer")
    return nlp


def _stem_pattern(stems: list[str]) -> re.Pattern[str]:
    return re.compile(r"(?<!\w)(?:" + "|".join(re.escape(s) for s in stems) + ")", re.IGNORECASE)


@lru_cache(maxsize=8)
def _event_patterns(lang: str) -> list[tuple[str, re.Pattern[str]]]:
    out = []
    for event_type, by_lang in _lexicon()["events"].items():
        stems = by_lang.get(lang) or []
        if stems:
            out.append((event_type, _stem_pattern(stems)))
    return out


@lru_cache(maxsize=1)
def _place_patterns() -> list[tuple[str, re.Pattern[str]]]:
    return [(name, _stem_pattern(stems)) for name, stems in _lexicon()["places"].items()]


@lru_cache(maxsize=1)
def _sources() -> dict[str, Any]:
    return dict(json.loads(SOURCES.read_text(encoding="utf-8")))


@lru_cache(maxsize=8)
def _stance_patterns(lang: str) -> dict[str, re.Pattern[str] | None]:
    data = _sources()
    return {key: _stem_pattern(data[key][lang]) if data[key].get(lang) else None
            for key in ("cues", "denial", "hedge")}


@lru_cache(maxsize=8)
def _party_patterns(lang: str) -> list[tuple[dict[str, str], re.Pattern[str]]]:
    return [({k: p[k] for k in ("name", "kind", "side")}, _stem_pattern(p[lang]))
            for p in _sources()["parties"] if p.get(lang)]


def cited_party(sentence: str, lang: str) -> tuple[dict[str, str], re.Match[str]] | None:
    """The known party a sentence cites as its source (a reporting cue and the party's
    name both in it), with where the name stands; None when it cites none."""
    cues = _stance_patterns(lang)["cues"]
    if cues is None or not cues.search(sentence):
        return None
    for party, pattern in _party_patterns(lang):
        m = pattern.search(sentence)
        if m:
            return party, m
    return None


def status_of(sentence: str, lang: str) -> str:
    """``denied`` for a sentence that denies, ``unverified`` for one that hedges, else ``reported``."""
    patterns = _stance_patterns(lang)
    if patterns["denial"] is not None and patterns["denial"].search(sentence):
        return "denied"
    if patterns["hedge"] is not None and patterns["hedge"].search(sentence):
        return "unverified"
    return "reported"


def event_type_of(sentence: str, lang: str) -> str:
    """The first event type whose keywords occur in ``sentence``, else ``other``."""
    for event_type, pattern in _event_patterns(lang):
        if pattern.search(sentence):
            return event_type
    return "other"


def _sentences(document: Document) -> list[tuple[int, int]]:
    """Sentence spans; a title line counts as a sentence of its own."""
    nlp = _sentencizer(document.language or "xx")
    spans: list[tuple[int, int]] = []
    offset = 0
    for block in document.text.split("\n"):
        if block.strip():
            for sent in nlp(block).sents:
                text = sent.text.strip()
                if text:
                    start = offset + block.index(text, sent.start_char)
                    spans.append((start, start + len(text)))
        offset += len(block) + 1
    return spans


def extract_sentences(document: Document) -> Extraction:
    """Claims of the outlet from the title, lead and event-bearing sentences."""
    places: dict[str, Place] = {}
    claims: list[Claim] = []
    entities: dict[str, Entity] = {}
    attributions: list[Attribution] = []
    for number, (start, end) in enumerate(_sentences(document)):
        sentence = document.text[start:end]
        if len(sentence) < MIN_CHARS:
            continue
        event_type = event_type_of(sentence, document.language)
        if number >= LEAD_SENTENCES and event_type == "other":
            continue
        place_ids = []
        for name, pattern in _place_patterns():
            for m in pattern.finditer(sentence):
                place = places.get(name)
                if place is None:
                    place = places[name] = Place(f"P{len(places) + 1}", m.group(0), name, precision="city")
                place.mentions.append([start + m.start(), start + m.end()])
                if place.id not in place_ids:
                    place_ids.append(place.id)
        attribution_id = None
        cited = cited_party(sentence, document.language)
        if cited is not None:
            party, m = cited
            entity = entities.get(party["name"])
            if entity is None:
                entity = entities[party["name"]] = Entity(f"E{len(entities) + 1}", party["name"], party["kind"],
                                                          side=party["side"])
            entity.mentions.append([start + m.start(), start + m.end()])
            attribution_id = f"A{len(attributions) + 1}"
            attributions.append(Attribution(
                attribution_id, Span(sentence, start, end), "reported",
                SourceRef(m.group(0), start + m.start(), start + m.end(), entity.id)))
        claims.append(Claim(f"C{len(claims) + 1}", sentence, event_type, status_of(sentence, document.language),
                            attribution_id, places=place_ids))
        if len(claims) >= MAX_CLAIMS:
            break
    return Extraction(document=document, claims=claims, places=list(places.values()),
                      entities=list(entities.values()), attributions=attributions)
