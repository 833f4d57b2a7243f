"""Geoparsing evaluation on the XML corpora of Gritta et al. (LGL, GeoVirus).

Recognition is scored on character spans, exact match (primary) and overlap; an
article's gold spans and predicted mentions are each a set. Resolution is scored on
gold toponyms with coordinates that a predicted mention overlaps (one to one): the
share within 161 km (100 miles) and the median error in km; a matched mention without
coordinates counts as the largest error, 20,038 km. LGL's gold counts demonyms
("Russian") as toponyms of their country, so they are read as places here.

Run: ``python -m sourcetrace.eval.geoparse PATH.xml [--limit N]``.
"""

from __future__ import annotations

import argparse
import json
import math
import statistics
import time
import xml.etree.ElementTree as ET
from dataclasses import dataclass
from pathlib import Path
from typing import Any

HALF_EARTH_KM = 20038.0


@dataclass
class GoldToponym:
    start: int
    end: int
    lat: float | None
    lon: float | None


def read_gritta(xml_path: str | Path) -> list[tuple[str, list[GoldToponym]]]:
    """Articles as (text, gold toponyms); reads both LGL's and GeoVirus's layouts."""
    root = ET.parse(xml_path).getroot()
    out = []
    for art in root.iter("article"):
        text = art.findtext("text") or ""
        golds = []
        for t in list(art.iter("toponym")) + list(art.iter("location")):
            g = t.find("gaztag")
            src = g if g is not None else t
            lat, lon = src.findtext("lat"), src.findtext("lon")
            start, end = int(t.findtext("start") or 0), int(t.findtext("end") or 0)
            name = t.findtext("phrase") or t.findtext("name") or ""
            # GeoVirus counts offsets from 1: realign where the name sits one earlier.
            if text[start:end] != name and text[start - 1 : end - 1] == name:
                start, end = start - 1, end - 1
            golds.append(GoldToponym(start, end,
                                     float(lat) if lat else None, float(lon) if lon else None))
        out.append((text, golds))
    return out


def km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Great-circle distance in km."""
    la1, lo1, la2, lo2 = map(math.radians, (lat1, lon1, lat2, lon2))
    h = math.sin((la2 - la1) / 2) ** 2 + math.cos(la1) * math.cos(la2) * math.sin((lo2 - lo1) / 2) ** 2
    return 12742.0 * math.asin(min(1.0, math.sqrt(h)))


def _prf(tp: int, n_pred: int, n_gold: int) -> dict[str, float]:
    p = tp / n_pred if n_pred else 0.0
    r = tp / n_gold if n_gold else 0.0
    return {"p": round(100 * p, 1), "r": round(100 * r, 1), "f1": round(200 * p * r / (p + r), 1) if p + r else 0.0}


def evaluate_gritta(xml_path: str | Path, limit: int | None = None, corpus_convention: bool = True) -> dict[str, Any]:
    """Scores ``find_places`` on a Gritta-format corpus.

    Args:
        xml_path: lgl.xml or GeoVirus.xml.
        limit: score only the first ``limit`` articles.
        corpus_convention: annotate as LGL does (demonyms, names inside organisation names).
    """
    import spacy

    from sourcetrace.extract.geo_gazetteer import get_gazetteer
    from sourcetrace.extract.pipeline import MODELS
    from sourcetrace.extract.places import find_places

    articles = read_gritta(xml_path)[:limit]
    nlp = spacy.load(MODELS["en"])  # the bare model: the speed is geoparsing's own
    get_gazetteer()  # built once, outside the timing
    n_gold = n_pred = tp_exact = tp_overlap = 0
    errors: list[float] = []
    words = 0
    t_parse = t_places = 0.0
    texts = [a[0] for a in articles]
    t0 = time.perf_counter()
    docs = list(nlp.pipe(texts, batch_size=32))
    t_parse = time.perf_counter() - t0
    for doc, (_, golds) in zip(docs, articles):
        words += sum(1 for t in doc if not t.is_punct and not t.is_space)
        t1 = time.perf_counter()
        places = find_places(doc, corpus_convention=corpus_convention)
        t_places += time.perf_counter() - t1
        pred = {}
        for pl in places:
            for s, e in pl.mentions:
                pred[(s, e)] = pl
        gold_spans = {(g.start, g.end): g for g in golds}
        n_gold += len(gold_spans)
        n_pred += len(pred)
        tp_exact += len(set(pred) & set(gold_spans))
        free = sorted(pred)
        for (gs, ge), g in sorted(gold_spans.items()):
            hit = next((p for p in free if p[0] < ge and gs < p[1]), None)
            if hit is None:
                continue
            free.remove(hit)
            tp_overlap += 1
            if g.lat is None or g.lon is None:
                continue
            pl = pred[hit]
            errors.append(km(g.lat, g.lon, pl.lat, pl.lon) if pl.lat is not None and pl.lon is not None else HALF_EARTH_KM)
    total = t_parse + t_places
    return {
        "articles": len(articles),
        "recognition": _prf(tp_exact, n_pred, n_gold),
        "recognition_overlap": _prf(tp_overlap, n_pred, n_gold),
        "accuracy_161km": round(100 * sum(e <= 161 for e in errors) / len(errors), 1) if errors else 0.0,
        "median_error_km": round(statistics.median(errors), 1) if errors else 0.0,
        "resolved_scored": len(errors),
        "words_per_second": round(words / total) if total else 0,
        "places_share_of_time": round(t_places / total, 3) if total else 0.0,
    }


def main(argv: list[str] | None = None) -> None:
    """Prints the scores of one corpus as JSON."""
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("xml_path")
    ap.add_argument("--limit", type=int, default=None)
    ap.add_argument("--contract", action="store_true", help="recognise as the extraction contract does, not as LGL")
    args = ap.parse_args(argv)
    print(json.dumps(evaluate_gritta(args.xml_path, args.limit, not args.contract), indent=1))


if __name__ == "__main__":
    main()
