"""Toponyms: recognised in a parsed ``Doc`` and resolved to coordinates, offline.

Recognition takes spaCy's GPE, LOC and FAC entities and adds direct gazetteer matches,
because the small English model misses many Ukrainian villages and oblasts. Names
inside organisation, person and work-of-art entities ("Kyiv Post") and demonyms
("Ukrainian") are not places. Directional phrases ("eastern Ukraine", "the north-east
of Ukraine") become regions. Resolution is ``geo_resolve``; the gazetteer is built once
per process on first use.
"""

from __future__ import annotations

import itertools
import re
from functools import lru_cache

from spacy.tokens import Doc

from sourcetrace.extract.doctext import doc_text, token_table
from sourcetrace.extract.geo_gazetteer import (
    RESOURCES,
    Gazetteer,
    get_gazetteer,
    normalise,
)
from sourcetrace.extract.geo_resolve import Toponym, resolve
from sourcetrace.model import Place

PLACE_LABELS = frozenset({"GPE", "LOC", "FAC"})
#: Entities whose words are never read as a place on their own ("Kyiv Post").
BLOCKING_LABELS = frozenset({"ORG", "PERSON", "NORP", "WORK_OF_ART", "EVENT", "PRODUCT", "LAW", "LANGUAGE"})
MAX_DIRECT_WORDS = 5
_SUFFIXES = frozenset({"region", "oblast", "province", "county", "parish", "river", "sea", "krai", "область"})

_DIRS = {
    "north": "n", "northern": "n", "south": "s", "southern": "s", "east": "e", "eastern": "e",
    "west": "w", "western": "w", "central": "c", "centre": "c", "center": "c",
    "northeast": "ne", "northeastern": "ne", "northwest": "nw", "northwestern": "nw",
    "southeast": "se", "southeastern": "se", "southwest": "sw", "southwestern": "sw",
}
_DIR = r"(north|south|east|west|central|centre|center)[- ]?(east|west)?(?:ern)?"
_DIRECTION_RES = (
    re.compile(rf"\b(?:the\s+)?{_DIR}\s+(?:part\s+|regions?\s+)?of\s+(Ukraine|Russia)\b", re.IGNORECASE),
    re.compile(rf"\b{_DIR}\s+(Ukraine|Russia)\b", re.IGNORECASE),
    re.compile(rf"\b(Ukraine|Russia)['’]s\s+{_DIR}\b", re.IGNORECASE),
)
_COUNTRY_CODES = {"ukraine": "UA", "russia": "RU"}

#: Marks a lookup text that is already a record id; a NUL never occurs in article text
#: (an "@" did: Twitter handles).
FIXED = "\x00"


def _direction(words: tuple[str | None, ...]) -> str | None:
    a, b = (w.lower() if w else "" for w in words)
    return _DIRS.get(a + b) or _DIRS.get(a + b + "ern") or (_DIRS.get(a) if not b else None)


def _direction_spans(text: str, gaz: Gazetteer) -> list[tuple[int, int, int]]:
    """(start, end, record id) of directional phrases naming a region we know."""
    found = []
    for i, rx in enumerate(_DIRECTION_RES):
        for m in rx.finditer(text):
            groups = m.groups()
            country, dirs = (groups[0], groups[1:]) if i == 2 else (groups[2], groups[:2])
            d = _direction(dirs)
            rid = gaz.directions.get((_COUNTRY_CODES[country.lower()], d or ""))
            if rid is not None:
                found.append((m.start(), m.end(), rid))
    return found


def _city_suffix_is_title(doc: Doc, start: int, end: int, gaz: Gazetteer) -> bool:
    """Whether a trailing "City" is a title ("Dublin City Council") not part of a name.

    True when the name with "City" is known only as an alias and without it is known.
    """
    if end - start < 2 or doc[end - 1].text != "City":
        return False
    with_city = gaz.lookup(doc[start:end].text)
    return all(alias for _, alias in with_city) and doc[start : end - 1].text in gaz


def _trim(doc: Doc, start: int, end: int, gaz: Gazetteer) -> tuple[int, int]:
    """Token bounds without a leading article, compass word or trailing possessive.

    "Northeast Georgia" names part of Georgia: the toponym resolved is "Georgia".
    """
    while start < end and doc[start].lower_ in ("the", "a"):
        start += 1
    if (end - start > 1 and doc[start].lower_.replace("-", "") in _DIRS
            and doc[start:end].text not in gaz and doc[start + 1 : end].text in gaz):
        start += 1
    while end > start and doc[end - 1].lower_ in ("'s", "’s", "'", "’"):
        end -= 1
    if _city_suffix_is_title(doc, start, end, gaz):
        end -= 1
    return start, end


def recognise(doc: Doc, gaz: Gazetteer, corpus_convention: bool = False) -> list[tuple[int, int, str]]:
    """Character spans of toponyms with their lookup text (``FIXED`` + record id for fixed readings).

    ``corpus_convention`` follows LGL's annotation: demonyms ("Russian") are toponyms
    of their country, and a place name opening an organisation's name or following
    its "of" ("Gainesville Police", "University of Georgia") is a toponym.
    """
    found: dict[tuple[int, int], str] = {}
    taken = [False] * len(doc)
    blocked = [False] * len(doc)

    for start, end, rid in _direction_spans(doc_text(doc), gaz):
        span = doc.char_span(start, end, alignment_mode="expand")
        if span is None:
            continue
        found[(span.start_char, span.end_char)] = f"{FIXED}{rid}"
        for t in range(span.start, span.end):
            taken[t] = True

    for ent in doc.ents:
        s, e = _trim(doc, ent.start, ent.end, gaz)
        if s >= e or any(taken[s:e]):
            continue
        # "Zaporizhzhia" + "region", "Lamar" + "County": take the longer known name.
        if e < len(doc) and doc[e].lower_ in _SUFFIXES and doc[s : e + 1].text in gaz:
            e += 1
        text = doc[s:e].text
        label = ent.label_
        known = text in gaz
        if label == "NORP" and known and normalise(text) in gaz.direct and normalise(text) not in gaz.demonyms:
            label = "GPE"  # the model calls some Cyrillic names NORP (Харків)
        if label == "NORP":
            iso = _demonym(gaz, text)
            if corpus_convention and iso and iso in gaz.country_ids:
                found[(doc[s].idx, doc[e - 1].idx + len(doc[e - 1]))] = f"{FIXED}{gaz.country_ids[iso]}"
                taken[s:e] = [True] * (e - s)
            blocked[ent.start:ent.end] = [True] * (ent.end - ent.start)
            continue
        # A whole ORG/PERSON entity that is a known front-line name is the model's
        # mistake ("Robotyne" as a person); part of one ("Kyiv Post") is not a place.
        if label in PLACE_LABELS or (label in BLOCKING_LABELS and known and normalise(text) in gaz.direct):
            found[(doc[s].idx, doc[e - 1].idx + len(doc[e - 1]))] = text
            taken[s:e] = [True] * (e - s)
        elif label in BLOCKING_LABELS:
            blocked[ent.start:ent.end] = [True] * (ent.end - ent.start)
            if corpus_convention and label in ("ORG", "FAC"):
                _names_in_org(doc, s, e, gaz, found, taken)

    n = len(doc)
    texts = token_table(doc).text
    i = 0
    while i < n:
        if taken[i] or not texts[i][:1].isupper():
            i += 1
            continue
        tok = doc[i]
        if tok.is_stop:
            i += 1
            continue
        if corpus_convention and tok.ent_type_ != "ORG":
            iso = _demonym(gaz, tok.text)
            if iso and iso in gaz.country_ids:
                found[(tok.idx, tok.idx + len(tok))] = f"{FIXED}{gaz.country_ids[iso]}"
                taken[i] = True
                i += 1
                continue
        if blocked[i]:
            i += 1
            continue
        match = 0
        for j in range(min(n, i + MAX_DIRECT_WORDS), i, -1):
            if any(taken[i:j]) or any(blocked[i:j]):
                continue
            key = normalise(doc[i:j].text)
            if key not in gaz.direct or (len(key) < 4 and key not in gaz.abbrev_only):
                continue
            if key in gaz.abbrev_only and not (i >= 2 and doc[i - 1].text == "," and taken[i - 2]):
                continue
            match = j
            break
        if match:
            found[(tok.idx, doc[match - 1].idx + len(doc[match - 1]))] = doc[i:match].text
            taken[i:match] = [True] * (match - i)
            i = match
        else:
            i += 1
    _propagate(doc, found, taken)
    _local_towns(doc, gaz, found, taken)
    stop = _not_places()
    return sorted((s, e, t) for (s, e), t in found.items() if normalise(t) not in stop)


@lru_cache(maxsize=1)
def _not_places() -> frozenset[str]:
    """Capitalised words that are almost never toponyms in news ("Police")."""
    lines = (RESOURCES / "not_places.txt").read_text(encoding="utf-8").splitlines()
    return frozenset(normalise(x) for x in lines if x.strip() and not x.startswith("#"))


def _demonym(gaz: Gazetteer, text: str) -> str | None:
    """The country of a demonym, singular or plural ("Americans")."""
    key = normalise(text)
    return gaz.demonyms.get(key) or (gaz.demonyms.get(key[:-1]) if key.endswith("s") else None)


def _propagate(doc: Doc, found: dict[tuple[int, int], str], taken: list[bool]) -> None:
    """One sense per discourse: a name read as a place once is a place everywhere.

    The small model tags "Gainesville" GPE in one sentence and PERSON in the next; a
    single-token person entity with a name already read as a place is taken as a place.
    """
    names = {t for t in found.values() if not t.startswith(FIXED)}
    if not names:
        return
    single_person = {ent.start for ent in doc.ents if ent.label_ in ("PERSON", "ORG") and len(ent) == 1}
    by_first: dict[str, list[list[str]]] = {}
    for name in names:
        words = name.split()
        by_first.setdefault(words[0], []).append(words)
    texts = token_table(doc).text
    for i, text in enumerate(texts):
        if taken[i] or text not in by_first:
            continue
        tok = doc[i]
        if tok.ent_type_ and i not in single_person and tok.ent_type_ not in PLACE_LABELS:
            continue
        for words in sorted(by_first[text], key=len, reverse=True):
            j = i + len(words)
            if j <= len(doc) and texts[i:j] == words and not any(taken[i:j]):
                found[(tok.idx, doc[j - 1].idx + len(doc[j - 1]))] = " ".join(words)
                taken[i:j] = [True] * (j - i)
                break


def _local_towns(doc: Doc, gaz: Gazetteer, found: dict[tuple[int, int], str], taken: list[bool]) -> None:
    """Towns of the article's own states that the model missed or called a person.

    A state or county named in the article makes its towns likely: "Gainesville" in
    an article that names Hall County, Georgia. Multi-word person and organisation
    entities are left alone.
    """
    focus: set[str] = set()
    for text in found.values():
        cands = [(int(text[1:]), False)] if text.startswith(FIXED) else gaz.lookup(text)
        for rid, _ in cands:
            rec = gaz.records[rid]
            if rec.kind in ("state", "county") and rec.admin1:
                focus.add(rec.admin1)
    if not focus:
        return
    long_ents = {i for ent in doc.ents if len(ent) > 1 and ent.label_ not in PLACE_LABELS for i in range(ent.start, ent.end)}
    n = len(doc)
    for i, text in enumerate(token_table(doc).text):
        if taken[i] or i in long_ents or not text[:1].isupper() or len(text) < 4:
            continue
        tok = doc[i]
        if tok.is_stop:
            continue
        if i > 0 and doc[i - 1].text[:1].isupper() and not doc[i - 1].is_sent_start and not taken[i - 1]:
            continue  # inside a longer capitalised name
        for j in range(min(n, i + 3), i, -1):
            if any(taken[i:j]) or any(k in long_ents for k in range(i, j)):
                continue
            if j < n and doc[j].text[:1].isupper() and doc[j].pos_ == "PROPN":
                continue  # the name goes on ("Gainesville Riding Club")
            hits = [gaz.records[r] for r, _ in gaz.lookup(doc[i:j].text)]
            if any(r.kind == "city" and r.cc == "US" and r.admin1 in focus and r.weight >= 1000 for r in hits):
                found[(tok.idx, doc[j - 1].idx + len(doc[j - 1]))] = doc[i:j].text
                taken[i:j] = [True] * (j - i)
                break


def _names_in_org(doc: Doc, s: int, e: int, gaz: Gazetteer, found: dict[tuple[int, int], str], taken: list[bool]) -> None:
    """Adds the place name opening an organisation's name, or following its "of"."""
    starts = [s] + [i + 1 for i in range(s, e - 1) if doc[i].lower_ == "of"]
    for i in starts:
        for j in range(min(e, i + 3), i, -1):
            if (j == e and i == s) or _city_suffix_is_title(doc, i, j, gaz):
                continue  # a whole organisation name ("Smith") is no toponym
            text = doc[i:j].text
            if doc[i].text[:1].isupper() and not doc[i].is_stop and len(text) > 3 and text in gaz:
                found[(doc[i].idx, doc[j - 1].idx + len(doc[j - 1]))] = text
                taken[i:j] = [True] * (j - i)
                break


def find_places(doc: Doc, corpus_convention: bool = False, keep_unresolved: bool = False) -> list[Place]:
    """Places of a document: one per distinct resolved place, with all its mentions.

    Args:
        doc: the parsed document.
        corpus_convention: follow LGL's annotation (see ``recognise``) instead of the
            contract's, where "Ukrainian" and "Kyiv Post" are no places.
        keep_unresolved: also return place entities the gazetteer lacks, without coordinates.
    """
    gaz = get_gazetteer()
    spans = recognise(doc, gaz, corpus_convention)
    toponyms: dict[str, Toponym] = {}
    order: list[tuple[int, int, str, str]] = []
    for start, end, text in spans:
        if text.startswith(FIXED):
            key = text
            cands = [(int(text[1:]), False)]
        else:
            key = normalise(text)
            cands = gaz.lookup(text)
        top = toponyms.setdefault(key, Toponym(key, cands))
        top.mentions.append((start, end))
        order.append((start, end, key, doc_text(doc)[start:end]))
    # A name right after "<toponym>, " qualifies it: "Paris, Texas".
    for (_, e1, k1, _), (s2, _, k2, _) in itertools.pairwise(order):
        if doc_text(doc)[e1:s2].strip() == "," and k2 != k1:
            toponyms[k1].qualifiers.append(k2)
    resolve(gaz, toponyms)

    places: dict[object, Place] = {}
    for start, end, key, surface in order:
        top = toponyms[key]
        ident: object = top.chosen if top.chosen is not None else key
        if top.chosen is None and not keep_unresolved:
            continue
        place = places.get(ident)
        if place is None:
            place = places[ident] = _place(gaz, top.chosen, surface, len(places) + 1)
        place.mentions.append([start, end])
    return list(places.values())


def _place(gaz: Gazetteer, rid: int | None, surface: str, number: int) -> Place:
    if rid is None:
        return Place(id=f"P{number}", text=surface, name=surface, precision="city")
    rec = gaz.records[rid]
    return Place(
        id=f"P{number}", text=surface, name=rec.name, country=rec.cc,
        admin1=None if rec.kind == "country" else gaz.admin1_name(rec),
        lat=round(rec.lat, 5), lon=round(rec.lon, 5), geonames_id=rec.geonames_id, precision=rec.precision,
    )
