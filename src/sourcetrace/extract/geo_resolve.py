"""Chooses one gazetteer record per toponym, using the rest of the article as context.

A name's candidates are ranked by a prior (population, kind of place, exact name over
alias), then re-ranked with what the article says elsewhere: the countries and regions
its unambiguous toponyms fall in, a region named right after the toponym ("Paris,
Texas", "Avdiivka, Donetsk Oblast"), and distance to the unambiguous places. Every
mention of one name in one article gets the same reading (one sense per discourse).
"""

from __future__ import annotations

import math
from collections import Counter
from dataclasses import dataclass, field

from sourcetrace.extract.geo_gazetteer import Gazetteer, Record

KIND_BONUS = {"country": 3.0, "state": 2.0, "region": 1.5, "feature": 1.5, "county": 0.5, "city": 0.0}
ALIAS_PENALTY = 0.5
COUNTRY_WEIGHT = 6.0
ADMIN_WEIGHT = 2.5
QUALIFIER_BONUS = 6.0
CONFIDENT_MARGIN = 1.0


@dataclass
class Toponym:
    """All mentions of one normalised name in a document, with its candidates."""

    key: str
    candidates: list[tuple[int, bool]]
    mentions: list[tuple[int, int]] = field(default_factory=list)
    qualifiers: list[str] = field(default_factory=list)  # keys of names right after ", "
    chosen: int | None = None


def _prior(rec: Record, alias: bool) -> float:
    return math.log10(rec.weight + 1.0) + KIND_BONUS.get(rec.kind, 0.0) - (ALIAS_PENALTY if alias else 0.0)


def _km(a: Record, b: Record) -> float:
    """Great-circle distance in km."""
    la1, lo1, la2, lo2 = map(math.radians, (a.lat, a.lon, b.lat, b.lon))
    h = math.sin((la2 - la1) / 2) ** 2 + math.cos(la1) * math.cos(la2) * math.sin((lo2 - lo1) / 2) ** 2
    return 12742.0 * math.asin(min(1.0, math.sqrt(h)))


def _contains(outer: Record, inner: Record) -> bool:
    """Whether ``outer`` (a country or first-level region) holds ``inner``."""
    if outer.cc is None or outer.cc != inner.cc or outer is inner:
        return False
    if outer.kind == "country":
        return True
    if outer.kind in ("state", "region") and outer.admin1 is not None:
        return inner.admin1 == outer.admin1
    return False


def resolve(gaz: Gazetteer, toponyms: dict[str, Toponym]) -> None:
    """Sets ``chosen`` on every toponym with candidates."""
    records = gaz.records
    first: dict[str, tuple[int, float, float]] = {}  # key -> (best rid, score, margin)
    for key, top in toponyms.items():
        scored = sorted(((_prior(records[r], a), r) for r, a in top.candidates), reverse=True)
        if scored:
            margin = scored[0][0] - scored[1][0] if len(scored) > 1 else 10.0
            first[key] = (scored[0][1], scored[0][0], margin)

    # Context from readings that are already clear.
    countries: Counter[str] = Counter()
    admins: Counter[tuple[str, str]] = Counter()
    anchors: list[Record] = []
    for key, (rid, _, margin) in first.items():
        if margin < CONFIDENT_MARGIN:
            continue
        rec = records[rid]
        n = len(toponyms[key].mentions)
        if rec.cc:
            countries[rec.cc] += n * (2 if rec.kind == "country" else 1)
        if (rec.cc and rec.kind in ("state", "region") and rec.admin1) or (rec.cc and rec.admin1 and rec.kind != "country"):
            admins[(rec.cc, rec.admin1)] += n
        if rec.kind not in ("country",) and rec.precision != "country":
            anchors.append(rec)
    total_c = sum(countries.values()) or 1
    total_a = sum(admins.values()) or 1

    for key, top in toponyms.items():
        if key not in first:
            continue
        if len(top.candidates) == 1:
            top.chosen = top.candidates[0][0]
            continue
        best, best_score = None, -1e9
        own = records[first[key][0]]
        quals = [records[first[q][0]] for q in top.qualifiers if q in first]
        for rid, alias in top.candidates:
            rec = records[rid]
            score = _prior(rec, alias)
            if rec.cc:
                # Remove this name's own vote so a name cannot confirm itself.
                own_vote = len(top.mentions) if own.cc == rec.cc and first[key][2] >= CONFIDENT_MARGIN else 0
                score += COUNTRY_WEIGHT * max(0, countries[rec.cc] - own_vote) / total_c
                if rec.admin1 and rec.kind != "country":
                    score += ADMIN_WEIGHT * admins[(rec.cc, rec.admin1)] / total_a
            if any(_contains(q, rec) for q in quals):
                score += QUALIFIER_BONUS
            near = [_km(rec, a) for a in anchors if a is not own]
            if near:
                closest = min(near)
                score += 1.5 if closest < 50 else 1.0 if closest < 200 else 0.0
            if score > best_score:
                best, best_score = rid, score
        top.chosen = best
