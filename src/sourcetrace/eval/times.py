"""Exact-match evaluation of time expressions against a TSV of annotated sentences.

The file has a header and the columns ``context``, ``expression``, ``published``,
``value``, ``granularity`` and, optionally, ``anchor``, ``kind``, ``split``. An empty
``published`` means unknown; an empty ``value`` means the expected value is null. A
``value`` of ``-`` means the expression is no time at all and nothing may be found there.

An expression counts as exact when the prediction overlapping it has the expected value,
granularity and anchor (when given); ``span_exact`` also asks for the same text.
"""

from __future__ import annotations

import csv
from collections import defaultdict
from pathlib import Path
from typing import Any

from spacy.language import Language

from sourcetrace.extract.times import find_times
from sourcetrace.model import TimeExpr


def read_rows(path: str | Path) -> list[dict[str, str]]:
    """The annotated rows of a times TSV, blank lines and ``#`` comments skipped."""
    with open(path, encoding="utf-8", newline="") as fh:
        lines = [ln for ln in fh if ln.strip() and not ln.startswith("#")]
    reader = csv.DictReader(lines, delimiter="\t", quoting=csv.QUOTE_NONE)
    return [{k: (v or "").strip() for k, v in row.items()} for row in reader]


def _best_overlap(times: list[TimeExpr], start: int, end: int) -> TimeExpr | None:
    best, best_len = None, 0
    for t in times:
        overlap = min(end, t.end) - max(start, t.start)
        if overlap > best_len:
            best, best_len = t, overlap
    return best


def _judge(row: dict[str, str], times: list[TimeExpr]) -> tuple[bool, bool, TimeExpr | None]:
    """(exact, span_exact, prediction) for one row."""
    start = row["context"].find(row["expression"])
    end = start + len(row["expression"])
    pred = _best_overlap(times, start, end)
    if row["value"] == "-":
        return pred is None, pred is None, pred
    if pred is None:
        return False, False, None
    ok = (pred.value or "") == row["value"] and pred.granularity == row["granularity"]
    if row.get("anchor"):
        ok = ok and pred.anchor == row["anchor"]
    return ok, ok and pred.text == row["expression"], pred


def _rate(hits: int, n: int) -> float:
    return round(hits / n, 4) if n else 0.0


def evaluate_times(path: str | Path, nlp: Language | None = None, split: str | None = None) -> dict[str, Any]:
    """Exact-match accuracy of :func:`find_times` over an annotated TSV.

    Args:
        path: the TSV file.
        nlp: a loaded English spaCy pipeline; the project's model is loaded when None.
        split: keep only rows whose ``split`` column equals this (e.g. ``dev``, ``heldout``).

    Returns:
        ``{"expressions": N, "exact": 0.97, "span_exact": ..., "by_granularity": {...},
        "by_kind": {...}, "errors": [...]}``, JSON-able.
    """
    if nlp is None:
        import spacy

        from sourcetrace.extract.pipeline import MODELS

        nlp = spacy.load(MODELS["en"])
    rows = [r for r in read_rows(path) if split is None or r.get("split") == split]
    contexts = list(dict.fromkeys(r["context"] for r in rows))
    docs = dict(zip(contexts, nlp.pipe(contexts)))
    found: dict[tuple[str, str], list[TimeExpr]] = {}
    exact = span_exact = 0
    groups: dict[str, dict[str, list[int]]] = {"by_granularity": defaultdict(lambda: [0, 0]),
                                               "by_kind": defaultdict(lambda: [0, 0])}
    errors: list[dict[str, Any]] = []
    for row in rows:
        key = (row["context"], row["published"])
        if key not in found:
            found[key] = find_times(docs[row["context"]], row["published"] or None)
        ok, span_ok, pred = _judge(row, found[key])
        exact += ok
        span_exact += span_ok
        for group, label in (("by_granularity", row["granularity"] if row["value"] != "-" else "none"),
                             ("by_kind", row.get("kind") or "untagged")):
            groups[group][label][0] += 1
            groups[group][label][1] += ok
        if not ok:
            errors.append({
                "context": row["context"], "expression": row["expression"], "published": row["published"],
                "expected": [row["value"], row["granularity"], row.get("anchor", "")],
                "got": None if pred is None else [pred.text, pred.value, pred.granularity, pred.anchor],
            })
    n = len(rows)
    result: dict[str, Any] = {"expressions": n, "exact": _rate(exact, n), "span_exact": _rate(span_exact, n)}
    for group, counts in groups.items():
        result[group] = {k: {"n": v[0], "exact": _rate(v[1], v[0])} for k, v in sorted(counts.items())}
    result["errors"] = errors
    return result
