"""Scores predicted attributions against gold ones (PolNeAR conventions), as pure functions.

Attributions here are plain character-offset triples so the scorer can be tested on
hand-made data and reused for any corpus: ``(source, cue, content)`` where each part is
``(start, end)`` or ``None``. The conventions follow ``/work/shared/data/README.md`` so
that our figures compare with the ones measured there.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

Offsets = tuple[int, int]
Triple = tuple[Offsets | None, Offsets | None, Offsets | None]
ROLES = ("source", "cue", "content")

#: Characters PolNeAR is inconsistent about at span edges; trimmed on both sides.
TRIM_CHARS = frozenset(" \t\r\n\u00a0\"'“”‘’«»„‟‚‛`,.;:")
_WORD = re.compile(r"\w+")


def trim(text: str, span: Offsets | None) -> Offsets | None:
    """Trims whitespace, quotation marks and , . ; : from both ends, repeatedly."""
    if span is None:
        return None
    start, end = span
    while start < end and text[start] in TRIM_CHARS:
        start += 1
    while end > start and text[end - 1] in TRIM_CHARS:
        end -= 1
    return (start, end) if start < end else None


@dataclass
class Counts:
    """True positives and the two denominators of one measure."""

    tp: float = 0.0
    pred: float = 0.0
    gold: float = 0.0

    def add(self, other: Counts) -> None:
        self.tp += other.tp
        self.pred += other.pred
        self.gold += other.gold

    def prf(self) -> dict[str, float]:
        p = self.tp / self.pred if self.pred else 0.0
        r = self.tp / self.gold if self.gold else 0.0
        f = 2 * p * r / (p + r) if p + r else 0.0
        return {"p": round(100 * p, 1), "r": round(100 * r, 1), "f1": round(100 * f, 1)}


@dataclass
class Scores:
    """Accumulated counts over documents."""

    exact: dict[str, Counts] = field(default_factory=lambda: {r: Counts() for r in ROLES})
    overlap: dict[str, Counts] = field(default_factory=lambda: {r: Counts() for r in ROLES})
    relation: Counts = field(default_factory=Counts)
    documents: int = 0

    def add(self, other: Scores) -> None:
        for role in ROLES:
            self.exact[role].add(other.exact[role])
            self.overlap[role].add(other.overlap[role])
        self.relation.add(other.relation)
        self.documents += other.documents

    def to_json(self) -> dict[str, object]:
        out: dict[str, object] = {
            role: {"exact": self.exact[role].prf(), "overlap": self.overlap[role].prf()} for role in ROLES
        }
        out["relation"] = {"exact": self.relation.prf()}
        out["documents"] = self.documents
        return out


def _trimmed(text: str, triples: Iterable[Triple]) -> list[Triple]:
    return [(trim(text, s), trim(text, c), trim(text, t)) for s, c, t in triples]


def _tokens(words: Sequence[Offsets], span: Offsets | None) -> frozenset[int]:
    if span is None:
        return frozenset()
    start, end = span
    return frozenset(i for i, (ws, we) in enumerate(words) if ws < end and we > start)


def _overlaps(a: Offsets | None, b: Offsets | None) -> bool:
    return a is not None and b is not None and a[0] < b[1] and b[0] < a[1]


def score_document(text: str, gold: Sequence[Triple], pred: Sequence[Triple]) -> Scores:
    """Scores one document's predicted attributions against its gold ones."""
    gold_t, pred_t = _trimmed(text, gold), _trimmed(text, pred)
    scores = Scores(documents=1)
    for i, role in enumerate(ROLES):
        g = {t[i] for t in gold_t if t[i] is not None}
        p = {t[i] for t in pred_t if t[i] is not None}
        scores.exact[role] = Counts(tp=len(g & p), pred=len(p), gold=len(g))

    words = [m.span() for m in _WORD.finditer(text)]
    gold_tok = [[_tokens(words, part) for part in t] for t in gold_t]
    pred_tok = [[_tokens(words, part) for part in t] for t in pred_t]
    pairs = []
    for pi, pt in enumerate(pred_tok):
        for gi, gt in enumerate(gold_tok):
            inter = len(pt[2] & gt[2])
            if inter:
                pairs.append((2 * inter / (len(pt[2]) + len(gt[2])), pi, gi))
    pairs.sort(key=lambda x: (-x[0], x[1], x[2]))
    used_p: set[int] = set()
    used_g: set[int] = set()
    for _, pi, gi in pairs:
        if pi in used_p or gi in used_g:
            continue
        used_p.add(pi)
        used_g.add(gi)
        for i, role in enumerate(ROLES):
            scores.overlap[role].tp += len(pred_tok[pi][i] & gold_tok[gi][i])
    for i, role in enumerate(ROLES):
        scores.overlap[role].pred = sum(len(t[i]) for t in pred_tok)
        scores.overlap[role].gold = sum(len(t[i]) for t in gold_tok)

    unmatched = list(range(len(gold_t)))
    correct = 0
    for p_src, p_cue, p_con in pred_t:
        for k, gi in enumerate(unmatched):
            g_src, g_cue, g_con = gold_t[gi]
            if _overlaps(p_cue, g_cue) and p_src == g_src and p_con == g_con:
                correct += 1
                del unmatched[k]
                break
    scores.relation = Counts(tp=correct, pred=len(pred_t), gold=len(gold_t))
    return scores
