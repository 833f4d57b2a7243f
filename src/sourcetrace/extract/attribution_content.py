"""Chooses where a content span starts and ends, with a small learned ranker.

Boundary rules plateaued on PolNeAR because the gold goes both ways ("that" kept or not,
a trailing adjunct kept or not, a quotation run on into the next sentence or not): the
choice depends on the words at the edges. So for each assembled attribution we generate
a handful of candidate contents around the current one (the parse's clausal complement,
with or without a complementiser, to the sentence end or the first clause boundary, over
a following quotation, the quotation's own bounds, ...) and keep the candidate that a
linear model over cheap edge features scores highest (a conditional logit, weights in
``resources/attribution/content_bounds.json``, trained by ``sourcetrace.train.content_bounds``).
"""

from __future__ import annotations

import json
from bisect import bisect_left, bisect_right
from collections.abc import Mapping
from dataclasses import dataclass
from functools import lru_cache
from itertools import repeat
from pathlib import Path

from spacy.attrs import IDX, SENT_START
from spacy.tokens import Doc

from sourcetrace.extract.attribution_assemble import RESOURCES, Draft, lexicon
from sourcetrace.extract.doctext import TokenTable, doc_text, token_table

MODEL_PATH = RESOURCES / "content_bounds.json"
#: Characters the scorer trims at span edges: a token made only of these is not an edge.
_TRIM = frozenset(" \t\r\n\u00a0\"'“”‘’«»„‟‚‛`,.;:")
_CLAUSE_MARKS = frozenset({",", ";", "—", "–", "--", ":", "("})
_VIEW_KEY = "sourcetrace.content_view"

Candidate = tuple[int, int]


@dataclass(frozen=True)
class Model:
    """Feature weights and the margin a candidate needs over the current span to replace it."""

    weights: Mapping[str, float]
    margin: float = 0.0


@lru_cache(maxsize=4)
def load_model(path: Path = MODEL_PATH) -> Model | None:
    """The shipped weights (``None`` when the file is absent: the chooser then does nothing)."""
    if not path.exists():
        return None
    raw = json.loads(path.read_text(encoding="utf-8"))
    return Model(weights=raw["weights"], margin=float(raw.get("margin", 0.0)))


@dataclass
class DocView:
    """Per-token facts the features read, computed once per Doc (prefix sums make span counts O(1))."""

    table: TokenTable
    sent_start: list[int]  # index of the first token of each token's sentence
    sent_end: list[int]
    sent_no: list[int]
    para_sum: list[int]  # line breaks before tokens [0, i)
    edge: list[bool]  # the token is not only marks the scorer trims
    quote_open: list[bool]
    quote_close: list[bool]  # the token ends a quotation (last token inside it)
    quote_sum: list[int]  # quotation opens minus closes in tokens [0, i)
    edges: dict[int, tuple[int, int]]  # subtree edges, filled on demand
    quotes: list[tuple[int, int]]
    quote_starts: list[int]
    speech_sum: list[int]  # reporting verbs in tokens [0, i)

    def subtree(self, i: int) -> tuple[int, int]:
        """``[left edge, right edge + 1)`` of token ``i``'s subtree."""
        got = self.edges.get(i)
        if got is None:  # follows the outermost children (exact for projective parses) without Token objects
            children = self.table.children
            lo = hi = i
            while children[lo] and children[lo][0] < lo:
                lo = children[lo][0]
            while children[hi] and children[hi][-1] > hi:
                hi = children[hi][-1]
            got = self.edges[i] = (lo, hi + 1)
        return got


def doc_view(doc: Doc, quotes: list[tuple[int, int]]) -> DocView:
    """The :class:`DocView` of ``doc``, cached on it."""
    view = doc.user_data.get(_VIEW_KEY)
    if view is not None:
        return view  # type: ignore[no-any-return]
    table = token_table(doc)
    n = len(table.text)
    starts, ends, number = [0] * n, [n] * n, [0] * n
    if n and doc.has_annotation("SENT_START"):
        flags = doc.to_array(SENT_START).tolist()
        first, k = 0, 0
        for i in range(1, n + 1):
            if i == n or flags[i] == 1:
                starts[first:i] = [first] * (i - first)
                ends[first:i] = [i] * (i - first)
                number[first:i] = [k] * (i - first)
                first, k = i, k + 1
    para_sum = [0] * (n + 1)
    for i, ws in enumerate(_whitespace(doc, table)):
        para_sum[i + 1] = para_sum[i] + ("\n" in ws)
    q_open, q_close = [False] * n, [False] * n
    for qs, qe in quotes:
        q_open[qs] = True
        q_close[qe - 1] = True
    quote_sum = [0] * (n + 1)
    for i in range(n):
        quote_sum[i + 1] = quote_sum[i] + q_open[i] - q_close[i]
    marks = "".join(_TRIM)
    edge = [bool(t.strip(marks)) for t in table.text]
    verbs = lexicon()["speech_verbs"]
    speech_sum = [0] * (n + 1)
    for i in range(n):
        speech_sum[i + 1] = speech_sum[i] + (table.pos[i] == "VERB" and table.lemma[i] in verbs)
    view = DocView(table, starts, ends, number, para_sum, edge, q_open, q_close, quote_sum, {}, sorted(quotes),
                   sorted(qs for qs, _ in quotes), speech_sum)
    doc.user_data[_VIEW_KEY] = view
    return view


def _whitespace(doc: Doc, table: TokenTable) -> list[str]:
    """Each token's text and the whitespace after it, up to the next token."""
    text = doc_text(doc)
    idx = doc.to_array(IDX).tolist() if len(doc) else []
    return [text[idx[i]:idx[i + 1]] for i in range(len(idx) - 1)] + [text[idx[-1]:]] if idx else []


def _norm(v: DocView, span: Candidate) -> Candidate | None:
    """Drops edge tokens the scorer would trim anyway, so equal candidates compare equal."""
    s, e = span
    while s < e and not v.edge[s]:
        s += 1
    while e > s and not v.edge[e - 1]:
        e -= 1
    return (s, e) if e > s else None


def _cue_verb(t: TokenTable, cue: tuple[int, int]) -> int:
    verbs = [i for i in range(*cue) if t.pos[i] in ("VERB", "AUX")]
    return verbs[-1] if verbs else cue[1] - 1


#: Right dependents before which a content may end (a trailing adjunct, relative clause, conjunct).
#: (Cuts before conj, dobj, ccomp, xcomp, advmod, acl or appos were tried: on PolNeAR train
#: they almost never gave the gold content, and each candidate costs time.)
_CUT_DEPS = frozenset({"prep", "advcl", "cc", "relcl", "punct", "npadvmod"})
_DROP_FIRST_POS = frozenset({"ADP", "PART", "SCONJ", "CCONJ"})


def candidates(doc: Doc, d: Draft, quotes: list[tuple[int, int]]) -> dict[Candidate, list[str]]:
    """Candidate contents around ``d.content``, each with the names of the generators giving it."""
    assert d.content is not None
    v = doc_view(doc, quotes)
    t = v.table
    n = len(t.text)
    c0, c1 = d.content
    raw: list[tuple[str, int, int]] = [("cur", c0, c1)]
    if t.lower[c0] == "that":
        raw.append(("nothat", c0 + 1, c1))
    elif c0 > 0 and t.lower[c0 - 1] == "that":
        raw.append(("that", c0 - 1, c1))
    if t.pos[c0] in _DROP_FIRST_POS:
        raw.append(("drop_first", c0 + 1, c1))
    roots = [k for k in range(c0, c1) if not c0 <= t.head[k] < c1 or t.head[k] == k]
    inner = [k for k in roots if t.head[k] != k]
    level = list(roots)
    for _depth in range(2):
        nxt = []
        for h in level:
            for ch in t.children[h]:
                if ch > h and t.dep[ch] in _CUT_DEPS and c0 < v.subtree(ch)[0] < c1:
                    raw.append(("cut:" + t.dep[ch], c0, v.subtree(ch)[0]))
                nxt.append(ch)
        level = nxt
    if len(roots) == 1:
        r = roots[0]
        for ch in t.children[r]:
            if t.dep[ch] in ("nsubj", "nsubjpass") and v.subtree(ch)[0] < c0:
                raw.append(("subj", v.subtree(ch)[0], c1))
        if inner and t.pos[t.head[r]] in ("NOUN", "PROPN") and v.subtree(t.head[r])[0] < c0:
            raw.append(("head_np", v.subtree(t.head[r])[0], c1))
    raw.append(("sent_end", c0, v.sent_end[c0]))
    if c1 < n:
        raw.append(("next_sent_end", c0, v.sent_end[c1 - 1] if v.sent_end[c1 - 1] > c1 else v.sent_end[c1]))
    raw.append(("sent_start", v.sent_start[c1 - 1], c1))
    marks = [k for k in range(c0 + 1, c1) if t.text[k] in _CLAUSE_MARKS]
    if marks:
        raw.append(("first_mark", c0, marks[0]))
        raw.append(("last_mark", c0, marks[-1]))
    lo_q = bisect_left(v.quote_starts, c0 - 1)
    hi_q = bisect_right(v.quote_starts, c1 + 3)
    around = bisect_right(v.quote_starts, c1 - 2) - 1
    near = v.quotes[lo_q:hi_q] + ([v.quotes[around]] if 0 <= around < lo_q else [])
    for qs, qe in near:
        if qs <= c0 <= qs + 1 and qe != c1:
            raw.append(("quote", qs, qe))
        if c1 <= qs <= c1 + 3 and all(not v.edge[k] for k in range(c1, qs)):
            raw.append(("over_quote", c0, qe))
        if qs < c1 - 1 < qe - 1 and qe > c1:
            raw.append(("to_quote_end", c0, qe))
        if c0 < qe < c1 and qs >= c0 - 1:
            raw.append(("in_quote_end", c0, qe))
    if d.cue is not None:
        verb = _cue_verb(t, d.cue)
        for ch in t.children[verb]:
            if t.dep[ch] in ("ccomp", "xcomp") and ch > verb:
                lo, hi = v.subtree(ch)
                raw.append(("comp", lo, hi))
                raw.append(("comp_start", lo, c1))
                raw.append(("comp_end", c0, hi))
        lo = min(d.cue[0], d.source[0]) if d.source else d.cue[0]
        hi = max(d.cue[1], d.source[1]) if d.source else d.cue[1]
        if c0 < lo and hi < c1:
            raw.append(("left_of_cue", c0, lo))
            raw.append(("right_of_cue", hi, c1))
        elif c1 <= lo:
            raw.append(("to_cue", c0, lo))
        elif c0 >= hi and c0 > hi:
            raw.append(("from_cue", hi, c1))
    out: dict[Candidate, list[str]] = {}
    for name, s, e in raw:
        span = _norm(v, (max(0, s), min(n, e)))
        if span is None or (d.cue is not None and d.cue[0] <= span[0] < d.cue[1]):
            continue
        out.setdefault(span, []).append(name)
    return out


_CLOSED = frozenset({"ADP", "SCONJ", "CCONJ", "PRON", "DET", "PART", "PUNCT", "AUX", "ADV", "SYM", "X", "SPACE"})


def _word(t: TokenTable, k: int) -> str:
    """A token's lower form for closed-class words (they mark clause edges), else its tag."""
    return t.lower[k] if t.pos[k] in _CLOSED else t.tag[k]


def _bucket(x: int) -> str:
    if x == 0:
        return "0"
    a = abs(x)
    b = "1" if a == 1 else "2-3" if a <= 3 else "4-7" if a <= 7 else "8-15" if a <= 15 else "16+"
    return ("-" if x < 0 else "+") + b


def _rel(d: Draft, s: int, e: int) -> str:
    if d.cue is None:
        return "nocue"
    if e <= d.cue[0]:
        return "before"
    return "after" if s >= d.cue[1] else "around"


def start_features(v: DocView, s: int, rel: str) -> list[str]:
    """Features of a content's first token and the token before it."""
    t = v.table
    low = _word(t, s)
    prev = _word(t, s - 1) if s else "<s>"
    k = s - 1
    while k >= 0 and not v.edge[k]:
        k -= 1
    skipped = "mark" if k < s - 1 else "none"
    before = f"{_word(t, k)}|{skipped}" if k >= 0 else "<s>"
    cut = [f"xs:{t.dep[j]}|{s - j}" for j in (s - 1, s - 2) if j >= 0 and t.head[j] >= s]
    if t.head[s] < s:
        cut.append(f"xf:{t.dep[s]}")
    return [*cut, f"bw:{before}", f"bp:{t.pos[k] if k >= 0 else '<s>'}|{skipped}", f"fl:{low}", f"fp:{t.pos[s]}", f"fd:{t.dep[s]}", f"pl:{prev}", f"pp:{t.pos[s - 1] if s else '<s>'}",
            f"fl:{low}|{rel}", f"pl:{prev}|{rel}", f"qo:{v.quote_open[s] or (s > 0 and v.quote_open[s - 1])}",
            f"ss:{v.sent_start[s] >= s - 1}"]


def end_features(v: DocView, e: int, rel: str) -> list[str]:
    """Features of a content's last token and the token after it."""
    t = v.table
    n = len(t.text)
    last = e - 1
    low = _word(t, last)
    nxt = _word(t, e) if e < n else "</s>"
    k = e
    while k < n and not v.edge[k]:
        k += 1
    skipped = "mark" if k > e else "none"
    after = f"{_word(t, k)}|{skipped}" if k < n else "</s>"
    cut = [f"xe:{t.dep[j]}|{j - e}" for j in (e, e + 1) if j < n and t.head[j] < e and t.head[j] != j]
    if t.head[last] >= e:
        cut.append(f"xl:{t.dep[last]}")
    return [*cut, f"aw:{after}", f"ap:{t.pos[k] if k < n else '</s>'}|{skipped}", f"ad:{t.dep[k] if k < n else '</s>'}",
            f"ll:{low}", f"lp:{t.pos[last]}", f"ld:{t.dep[last]}", f"nl:{nxt}", f"np:{t.pos[e] if e < n else '</s>'}",
            f"ll:{low}|{rel}", f"nl:{nxt}|{rel}", f"qc:{v.quote_close[last] or (e < n and v.quote_close[e])}",
            f"se:{v.sent_end[last] <= e + 1}"]


def _after(v: DocView, e: int) -> str:
    k = e
    while k < len(v.edge) and not v.edge[k]:
        k += 1
    return _word(v.table, k) if k < len(v.edge) else "</s>"


def _before(v: DocView, s: int) -> str:
    k = s - 1
    while k >= 0 and not v.edge[k]:
        k -= 1
    return _word(v.table, k) if k >= 0 else "<s>"


def gen_features(g: str, rel: str) -> list[str]:
    """Which generator gave the candidate, alone and by its place relative to the cue."""
    return [f"g:{g}", f"g:{g}|{rel}"]


def gen_start_features(v: DocView, s: int, g: str) -> list[str]:
    """A generator with the word before the candidate (e.g. "that" dropped, a quote mark passed)."""
    return [f"g:{g}|bw:{_before(v, s)}"]


def gen_end_features(v: DocView, e: int, g: str) -> list[str]:
    """A generator with the words at the cut (e.g. cut before "which" or after a date)."""
    return [f"g:{g}|aw:{_after(v, e)}", f"g:{g}|lw:{_word(v.table, e - 1)}"]


def span_features(v: DocView, d: Draft, span: Candidate, rel: str) -> list[str]:
    """Features of the candidate as a whole: length, shifts, boundaries crossed, parse."""
    assert d.content is not None
    t = v.table
    s, e = span
    nsent = min(v.sent_no[e - 1] - v.sent_no[s], 2)
    inq = v.quote_sum[e] - v.quote_sum[s]
    root = s
    while s <= t.head[root] < e and t.head[root] != root:
        root = t.head[root]
    out = [
        f"rel:{rel}", f"len:{_bucket(e - s)}", f"ds:{_bucket(s - d.content[0])}", f"de:{_bucket(e - d.content[1])}",
        f"ns:{nsent}", f"ns:{nsent}|{rel}", f"para:{v.para_sum[e] - v.para_sum[s + 1] > 0}",
        f"q:{max(-1, min(1, inq))}", f"tree:{v.subtree(root) == span}", f"rd:{t.dep[root]}",
    ]
    c0, c1 = d.content
    if s != c0:
        lo, hi = min(s, c0), max(s, c0)
        sign = "+" if s < c0 else "-"
        out += [f"sw{sign}:{_word(t, lo)}", f"sp{sign}:{t.pos[lo]}|{_bucket(hi - lo)}",
                f"sv{sign}:{v.speech_sum[hi] > v.speech_sum[lo]}", f"sn{sign}:{v.sent_no[hi - 1] > v.sent_no[lo]}"]
    if e != c1:
        lo, hi = min(e, c1), max(e, c1)
        sign = "+" if e > c1 else "-"
        k = lo
        while k < hi - 1 and not v.edge[k]:
            k += 1
        out += [f"ew{sign}:{_word(t, k)}", f"ep{sign}:{t.pos[k]}|{t.dep[k]}", f"el{sign}:{_bucket(hi - lo)}|{rel}",
                f"ev{sign}:{v.speech_sum[hi] > v.speech_sum[lo]}", f"en{sign}:{v.sent_no[hi - 1] > v.sent_no[lo]}"]
    return out


def features(v: DocView, d: Draft, span: Candidate, gens: list[str]) -> list[str]:
    """All features of one candidate content (what the weights are trained on)."""
    s, e = span
    rel = _rel(d, s, e)
    out = start_features(v, s, rel) + end_features(v, e, rel) + span_features(v, d, span, rel)
    for g in gens:
        out += gen_features(g, rel) + gen_start_features(v, s, g) + gen_end_features(v, e, g)
    return out


def score(weights: Mapping[str, float], feats: list[str]) -> float:
    return sum(map(weights.get, feats, repeat(0.0)))


def choose_contents(doc: Doc, drafts: list[Draft], quotes: list[tuple[int, int]], model: Model | None = None) -> None:
    """Replaces each draft's content by the best-scoring candidate (in place).

    A candidate replaces the current span only when it scores ``model.margin`` more.
    Edge scores are cached per doc: most candidates share one edge with the current span.
    """
    model = model if model is not None else load_model()
    if model is None:
        return
    w = model.weights
    view = doc_view(doc, quotes)
    starts: dict[tuple[int, str], float] = {}
    ends: dict[tuple[int, str], float] = {}
    gens_at: dict[tuple[str, str, int, int], float] = {}
    for d in drafts:
        if d.content is None or d.content[1] <= d.content[0]:
            continue
        cands = candidates(doc, d, quotes)
        if len(cands) < 2:
            continue
        best, best_score, current_score = None, float("-inf"), None
        for span, gens in cands.items():
            s, e = span
            rel = _rel(d, s, e)
            a = starts.get((s, rel))
            if a is None:
                a = starts[(s, rel)] = score(w, start_features(view, s, rel))
            b = ends.get((e, rel))
            if b is None:
                b = ends[(e, rel)] = score(w, end_features(view, e, rel))
            total = a + b + score(w, span_features(view, d, span, rel))
            for g in gens:
                c = gens_at.get((g, rel, s, e))
                if c is None:  # (the same generator often gives the same span for several drafts)
                    c = gens_at[(g, rel, s, e)] = score(w, gen_features(g, rel) + gen_start_features(view, s, g)
                                                        + gen_end_features(view, e, g))
                total += c
            if "cur" in gens:
                current_score = total
            if total > best_score:
                best, best_score = span, total
        if best is not None and (current_score is None or best_score > current_score + model.margin):
            d.content = best
