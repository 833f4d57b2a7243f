"""Trains the content-boundary chooser (``extract/attribution_content.py``) on PolNeAR train.

The extractor runs over the train articles; each attribution it assembles is aligned to
a gold one (by overlapping cue, else by overlapping content), and among the chooser's
candidates the one equal to the gold content after the scorer's trimming is the positive.
A conditional logit (softmax over each attribution's candidates, L2-regularised, full
batch Adam in numpy) learns the feature weights; the dev split picks the regulariser and
the margin a candidate needs over the current span. Usage::

    python -m sourcetrace.train.content_bounds --data ../shared/data/polnear \
        --out src/sourcetrace/extract/resources/attribution/content_bounds.json
"""

from __future__ import annotations

import argparse
import json
import time
from collections import Counter
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
from spacy.tokens import Doc, DocBin

from sourcetrace.eval.attribution import Scores, Triple, score_document, trim
from sourcetrace.extract import attribution, attribution_content
from sourcetrace.extract.attribution_assemble import Draft
from sourcetrace.extract.attribution_content import Model, candidates, doc_view, features


@dataclass
class Group:
    """One assembled attribution: its candidates' features and which one is gold (-1: none)."""

    feats: list[list[str]]
    gold: int
    current: int


def parsed(data: str, split: str, cache: Path | None) -> tuple[list[Doc], list[str], list[list[Triple]]]:
    """Parses one split with the full pipeline (or reads a DocBin cache made earlier)."""
    from sourcetrace.eval.brat_corpus import read_polnear
    from sourcetrace.extract.pipeline import load_pipeline

    gold_docs = read_polnear(data, split)
    nlp = load_pipeline("en")
    path = cache / f"{split}.spacy" if cache else None
    if path is not None and path.exists():
        docs = list(DocBin().from_disk(path).get_docs(nlp.vocab))
    else:
        docs = list(nlp.pipe((d.text for d in gold_docs), batch_size=16))
        if path is not None:
            path.parent.mkdir(parents=True, exist_ok=True)
            bin_ = DocBin(store_user_data=False)
            for doc in docs:
                bin_.add(doc)
            bin_.to_disk(path)
    assert len(docs) == len(gold_docs)
    return docs, [d.text for d in gold_docs], [[g.triple() for g in d.attributions] for d in gold_docs]


@contextmanager
def _recording() -> Iterator[list[tuple[list[Draft], list[tuple[int, int]]]]]:
    """Captures the drafts find_attributions hands to the chooser, leaving them unchanged."""
    seen: list[tuple[list[Draft], list[tuple[int, int]]]] = []
    names = vars(attribution)  # the module's globals: find_attributions looks the chooser up there
    original = names["choose_contents"]

    def record(doc: Doc, drafts: list[Draft], quotes: list[tuple[int, int]], model: Model | None = None) -> None:
        seen.append(([Draft(d.cue, d.source, d.content) for d in drafts], quotes))

    names["choose_contents"] = record
    try:
        yield seen
    finally:
        names["choose_contents"] = original


@contextmanager
def using(model: Model | None) -> Iterator[None]:
    """Makes the chooser use ``model`` (``None``: no chooser) instead of the shipped weights."""
    names = vars(attribution_content)  # choose_contents looks load_model up there
    original = names["load_model"]
    names["load_model"] = lambda path=None: model
    try:
        yield
    finally:
        names["load_model"] = original


def _chars(doc: Doc, text: str, span: tuple[int, int] | None) -> tuple[int, int] | None:
    if span is None:
        return None
    last = doc[span[1] - 1]
    return trim(text, (doc[span[0]].idx, last.idx + len(last.text)))


def _overlap(a: tuple[int, int] | None, b: tuple[int, int] | None) -> int:
    if a is None or b is None:
        return 0
    return max(0, min(a[1], b[1]) - max(a[0], b[0]))


def _align(doc: Doc, text: str, d: Draft, gold: list[Triple]) -> tuple[int, int] | None:
    """The trimmed gold content of the gold attribution this draft stands for."""
    cue, con = _chars(doc, text, d.cue), _chars(doc, text, d.content)
    trimmed = [(trim(text, g[1]), trim(text, g[2])) for g in gold]
    by_cue = [(_overlap(con, gc), gc) for gq, gc in trimmed if gc and _overlap(cue, gq)]
    if by_cue:
        return max(by_cue)[1]
    by_content = [(_overlap(con, gc), gc) for _, gc in trimmed if gc and _overlap(con, gc)]
    return max(by_content)[1] if by_content else None


def groups(docs: Sequence[Doc], texts: Sequence[str], golds: Sequence[list[Triple]]) -> list[Group]:
    """Candidate features and labels for every content the extractor assembles."""
    out = []
    for doc, text, gold in zip(docs, texts, golds, strict=True):
        with _recording() as seen:
            attribution.find_attributions(doc)
        (drafts, quotes), = seen
        for d in drafts:
            if d.content is None or d.content[1] <= d.content[0]:
                continue
            target = _align(doc, text, d, gold)
            cands = candidates(doc, d, quotes)
            spans = list(cands)
            label = next((k for k, sp in enumerate(spans) if _chars(doc, text, sp) == target), -1)
            cur = next((k for k, sp in enumerate(spans) if "cur" in cands[sp]), -1)
            view = doc_view(doc, quotes)
            out.append(Group([features(view, d, sp, cands[sp]) for sp in spans], label, cur))
    return out


def fit(train: list[Group], l2: float, epochs: int = 300, min_count: int = 2, seed: int = 0) -> dict[str, float]:
    """Fits the conditional logit over groups with a gold candidate; returns non-zero weights."""
    usable = [g for g in train if g.gold >= 0 and len(g.feats) > 1]
    counts = Counter(f for g in usable for fs in g.feats for f in set(fs))
    vocab = {f: i for i, f in enumerate(sorted(f for f, c in counts.items() if c >= min_count))}
    rows, cols, group_of, first, labels = [], [], [], [], []
    k = 0
    for gi, g in enumerate(usable):
        first.append(k)
        labels.append(k + g.gold)
        for fs in g.feats:
            for f in fs:
                if f in vocab:
                    rows.append(k)
                    cols.append(vocab[f])
            group_of.append(gi)
            k += 1
    r, c = np.array(rows), np.array(cols)
    grp, starts, y = np.array(group_of), np.array(first), np.array(labels)
    w = np.zeros(len(vocab))
    m, v = np.zeros_like(w), np.zeros_like(w)
    rate, b1, b2 = 0.05, 0.9, 0.999
    for step in range(1, epochs + 1):
        s = np.bincount(r, weights=w[c], minlength=k)
        s -= np.maximum.reduceat(s, starts)[grp]
        p = np.exp(s)
        p /= np.bincount(grp, weights=p)[grp]
        p[y] -= 1.0
        grad = np.bincount(c, weights=p[r], minlength=len(w)) / len(usable) + l2 * w
        m = b1 * m + (1 - b1) * grad
        v = b2 * v + (1 - b2) * grad * grad
        w -= rate * (m / (1 - b1**step)) / (np.sqrt(v / (1 - b2**step)) + 1e-8)
    names = sorted(vocab, key=vocab.__getitem__)
    return {f: round(float(x), 4) for f, x in zip(names, w, strict=True) if abs(x) >= 0.01}


def choice_accuracy(groups_: list[Group], model: Model | None) -> dict[str, float]:
    """How often the chosen candidate is the gold one, and the oracle (gold among candidates)."""
    right = cur = oracle = 0
    for g in groups_:
        if model is None:
            pick = g.current
        else:
            scores = [sum(model.weights.get(f, 0.0) for f in fs) for fs in g.feats]
            pick = int(np.argmax(scores))
            if g.current >= 0 and scores[pick] <= scores[g.current] + model.margin:
                pick = g.current
        right += pick == g.gold
        cur += g.current == g.gold and g.gold >= 0
        oracle += g.gold >= 0
    n = max(1, len(groups_))
    return {"chosen": round(100 * right / n, 1), "current": round(100 * cur / n, 1), "oracle": round(100 * oracle / n, 1)}


def score_split(docs: Sequence[Doc], texts: Sequence[str], golds: Sequence[list[Triple]],
                model: Model | None) -> dict[str, Any]:
    """Exact and overlap scores of the full extractor with ``model`` as the chooser."""
    total = Scores()
    with using(model):
        for doc, text, gold in zip(docs, texts, golds, strict=True):
            attrs = attribution.find_attributions(doc)
            pred = [((a.source.start, a.source.end) if a.source else None,
                     (a.cue.start, a.cue.end) if a.cue else None,
                     (a.content.start, a.content.end)) for a in attrs]
            total.add(score_document(text, gold, pred))
    return total.to_json()


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--data", default="../shared/data/polnear")
    parser.add_argument("--out", type=Path, required=True)
    parser.add_argument("--cache", type=Path, default=None, help="folder for parsed DocBins (reused when present)")
    parser.add_argument("--l2", type=float, nargs="+", default=[3e-4, 1e-3])
    parser.add_argument("--margins", type=float, nargs="+", default=[0.0, 0.25, 0.5])
    parser.add_argument("--epochs", type=int, default=300)
    args = parser.parse_args(argv)
    start = time.perf_counter()
    train_docs, train_texts, train_gold = parsed(args.data, "train", args.cache)
    dev_docs, dev_texts, dev_gold = parsed(args.data, "dev", args.cache)
    train = groups(train_docs, train_texts, train_gold)
    dev = groups(dev_docs, dev_texts, dev_gold)
    print(json.dumps({"train_groups": len(train), "dev_groups": len(dev),
                      "train": choice_accuracy(train, None), "dev": choice_accuracy(dev, None)}))
    base = score_split(dev_docs, dev_texts, dev_gold, None)
    print(json.dumps({"dev_without_chooser": {r: base[r]["exact"] for r in ("source", "cue", "content")}}))
    best: tuple[float, float, float, dict[str, float]] | None = None
    for l2 in args.l2:
        weights = fit(train, l2, args.epochs)
        for margin in args.margins:
            model = Model(weights, margin)
            got = score_split(dev_docs, dev_texts, dev_gold, model)
            f1 = got["content"]["exact"]["f1"]
            print(json.dumps({"l2": l2, "margin": margin, "features": len(weights),
                              "dev_choice": choice_accuracy(dev, model), "content": got["content"]["exact"]}))
            if best is None or f1 > best[0]:
                best = (f1, l2, margin, weights)
    assert best is not None
    f1, l2, margin, weights = best
    args.out.write_text(json.dumps({
        "_about": "sourcetrace content-boundary chooser: conditional-logit weights over candidate "
                  "content spans, trained on PolNeAR train by sourcetrace.train.content_bounds",
        "l2": l2, "margin": margin, "dev_content_exact_f1": f1, "weights": dict(sorted(weights.items())),
    }, indent=0, ensure_ascii=False) + "\n", encoding="utf-8")
    print(json.dumps({"kept": {"l2": l2, "margin": margin, "dev_content_f1": f1},
                      "minutes": round((time.perf_counter() - start) / 60, 1)}))


if __name__ == "__main__":
    main()
