"""Event types: which kind of war event a claim asserts, from lexicon data files.

A weighted-cue classifier, chosen over a learned model because it is fast, needs no
training data we may not ship, and can be corrected by editing a TSV. The data lives in
``resources/events/`` (see its ``README.md`` for the labelling conventions):

- ``cues.tsv``: a lemma or lemma sequence, the type it votes for, a weight, and where it
  counts (``any`` position, or ``pred`` only as the main predicate, e.g. "accused");
- ``patterns.tsv``: a head lemma plus a dependent lemma in its syntactic neighbourhood
  ("shot" + "down", "delivered" + "tanks"), which settles what single cues leave open;
- ``forms.tsv``: irregular inflections, used only when no parse is given.

With a parsed span the main predicate (the root, looking through reporting verbs such as
"said") doubles its cues' weight, so "Russia accused Kyiv of shelling" is a ``statement``
while "Kyiv said Russia shelled Kherson" is ``shelling_or_missile_strike``. Without a
parse the text is tokenised by a regular expression and inflected forms are generated.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources

from spacy.tokens import Doc, Span, Token

from sourcetrace.extract.doctext import TokenTable, token_table
from sourcetrace.model import EVENT_TYPES

__all__ = ["classify_event", "event_of_scores", "score_event"]

RESOURCE_DIR = "extract/resources/events"
#: Verbs that report rather than assert: their complement carries the event.
REPORTING = frozenset(
    ["say", "tell", "report", "claim", "state", "announce", "add", "write", "note",
     "confirm", "acknowledge", "insist", "allege", "according", "post", "publish", "show",
     "quote", "believe", "think", "suggest", "indicate", "assert", "explain"]
)
#: Dependencies that start a new clause: a pattern does not look across them.
CLAUSE_DEPS = frozenset({"ccomp", "advcl", "relcl", "parataxis", "acl"})
#: Inside a noun phrase: what a relation-restricted pattern may look into below the object.
NOUN_INNER = frozenset({"compound", "amod", "nmod", "conj", "appos", "nummod", "poss"})
MAIN_BONUS = 2.0
PRED_ELSEWHERE = 0.25
PATTERN_MAIN_BONUS = 1.5
MIN_SCORE = 1.5
#: Weight of an event cue inside the complement of "accused", "demanded", "threatened".
EMBEDDED_FACTOR = 0.5
_WORD = re.compile(r"[A-Za-z0-9]+(?:'[A-Za-z]+)?")


@dataclass(frozen=True)
class Cue:
    lemmas: tuple[str, ...]
    event_type: str
    weight: float
    pred_only: bool


@dataclass(frozen=True)
class Pattern:
    heads: frozenset[str]
    dependents: frozenset[str]
    event_type: str
    weight: float
    relations: frozenset[str] = frozenset()  # empty: any dependency of the head


@dataclass(frozen=True)
class Lexicon:
    cues: dict[str, list[Cue]]  # keyed by first lemma
    patterns: list[Pattern]
    forms: dict[str, set[str]]  # surface form -> lemmas it may stand for
    speech: frozenset[str]  # lemmas of speech-act predicates (pred-only statement cues)
    pattern_heads: dict[str, tuple[int, ...]] = field(default_factory=dict)  # head -> pattern indices


@lru_cache(maxsize=65536)
def _norm(word: str) -> tuple[str, ...]:
    """Splits a lexicon entry or token the same way: lower case, no hyphens (cached: words recur)."""
    return tuple(w for w in re.split(r"[\s\-]+", word.lower()) if w)


def _rows(name: str) -> Iterable[list[str]]:
    text = resources.files("sourcetrace").joinpath(f"{RESOURCE_DIR}/{name}").read_text("utf-8")
    for line in text.splitlines():
        if line.strip() and not line.startswith("#"):
            yield [c.strip() for c in line.split("\t")]


def _inflections(lemma: str) -> set[str]:
    """Regular English inflections; over-generation is harmless for matching."""
    out = {lemma, lemma + "s", lemma + "es", lemma + "ed", lemma + "d", lemma + "ing"}
    if lemma.endswith("e"):
        out.add(lemma[:-1] + "ing")
    if lemma.endswith("y"):
        out |= {lemma[:-1] + "ies", lemma[:-1] + "ied"}
    if len(lemma) > 2 and lemma[-1] not in "aeiouwxy" and lemma[-2] in "aeiou":
        out |= {lemma + lemma[-1] + "ed", lemma + lemma[-1] + "ing"}
    return out


@lru_cache(maxsize=1)
def load_lexicon() -> Lexicon:
    """Reads the event lexicon files once per process."""
    cues: dict[str, list[Cue]] = defaultdict(list)
    vocab: set[str] = set()
    for row in _rows("cues.tsv"):
        event_type, entry, weight = row[0], row[1], float(row[2])
        where = row[3] if len(row) > 3 and row[3] else "any"
        if event_type not in EVENT_TYPES:
            raise ValueError(f"cues.tsv: unknown event type {event_type!r}; use one of {EVENT_TYPES}")
        lemmas = tuple(_norm(entry))
        cues[lemmas[0]].append(Cue(lemmas, event_type, weight, where == "pred"))
        vocab.update(lemmas)
    patterns = []
    for row in _rows("patterns.tsv"):
        event_type, weight, heads, deps = row[0], float(row[1]), row[2], row[3]
        if event_type not in EVENT_TYPES:
            raise ValueError(f"patterns.tsv: unknown event type {event_type!r}")
        head_set = frozenset(w for h in heads.split(",") for w in _norm(h))
        dep_set = frozenset(w for d in deps.split(",") for w in _norm(d))
        rels = frozenset(r.strip() for r in row[4].split(",")) if len(row) > 4 and row[4] else frozenset()
        patterns.append(Pattern(head_set, dep_set, event_type, weight, rels))
        vocab |= head_set | dep_set
    forms: dict[str, set[str]] = defaultdict(set)
    for lemma in vocab | REPORTING:
        for form in _inflections(lemma):
            forms[form].add(lemma)
    for row in _rows("forms.tsv"):
        for form in row[1].split(","):
            forms[form.strip().lower()].add(row[0].lower())
    speech = frozenset(c.lemmas[0] for cs in cues.values() for c in cs
                       if c.pred_only and len(c.lemmas) == 1 and c.weight >= 2.5)
    by_head: dict[str, list[int]] = defaultdict(list)
    for n, pat in enumerate(patterns):
        for head in pat.heads:
            by_head[head].append(n)
    return Lexicon(dict(cues), patterns, dict(forms), speech, {h: tuple(ns) for h, ns in by_head.items()})


# --- token views -----------------------------------------------------------------------

@dataclass
class _Tok:
    lemmas: frozenset[str]
    main: bool
    token: int | None  # index in the Doc, None for text without a parse
    embedded: bool = False  # under a speech-act predicate ("accused ... of shelling")


def _bounds(span: Span | Doc) -> list[tuple[int, int]]:
    """Token ranges scored as sentences: each sentence of a Doc, or the span itself."""
    if isinstance(span, Doc):
        return [(s.start, s.end) for s in span.sents]
    return [(span.start, span.end)]


def _main_predicates(tab: TokenTable, bounds: list[tuple[int, int]]) -> set[int]:
    """Indices of the main predicates: each root, through reporting verbs, plus conjuncts.

    Their modal auxiliaries count as main too, so "must return" weighs as a demand.
    """
    main: set[int] = set()
    for start, end in bounds:
        frontier = [i for i in range(start, end) if tab.head[i] == i or not start <= tab.head[i] < end]
        while frontier:
            i = frontier.pop()
            if i in main:
                continue
            main.add(i)
            kids = tab.children[i]
            main.update(c for c in kids if tab.dep[c] == "aux" and tab.tag[c] == "MD")
            frontier.extend(c for c in kids if tab.dep[c] == "conj" and tab.pos[c] in ("VERB", "NOUN", "AUX"))
            lemma = tab.lemma[i].lower()
            if lemma == "be":
                frontier.extend(c for c in kids if tab.dep[c] in ("acomp", "attr"))
            if lemma in REPORTING:
                frontier.extend(c for c in kids if tab.dep[c] in ("ccomp", "xcomp", "conj"))
    return main


_NOT_EMBEDDED = frozenset({"nsubj", "nsubjpass", "aux", "auxpass", "neg", "punct", "cc", "conj", "advmod"})


def _embedded(tab: TokenTable, main: set[int], speech: frozenset[str]) -> set[int]:
    """Tokens inside the complement of a main speech-act verb (accuse, demand, threaten)."""
    out: set[int] = set()
    for i in main:
        if tab.lemma[i].lower() not in speech:
            continue
        for child in tab.children[i]:
            if tab.dep[child] not in _NOT_EMBEDDED:
                out.update(tab.subtree(child))
    return out - main


def _background(tab: TokenTable, main: set[int]) -> set[int]:
    """Tokens of adverbial and relative clauses hanging off a main predicate ("after the
    city was liberated"): background to the asserted event, so they weigh less."""
    out: set[int] = set()
    for i in main:
        for child in tab.children[i]:
            if tab.dep[child] in ("advcl", "relcl") and child not in main:
                out.update(tab.subtree(child))
    return out - main


def _doc_of(span: Span | Doc) -> Doc:
    return span if isinstance(span, Doc) else span.doc


def _doc_tokens(span: Span | Doc, lex: Lexicon) -> list[_Tok]:
    tab = token_table(_doc_of(span))
    bounds = _bounds(span)
    main = _main_predicates(tab, bounds)
    embedded = _embedded(tab, main, lex.speech) | _background(tab, main)
    out = []
    for start, end in bounds:
        for i in range(start, end):
            text = tab.text[i]
            if tab.is_punct[i] and text in "-‐–":
                continue  # "cease-fire" is three tokens in spaCy: match it as "cease fire"
            out.append(_Tok(_token_lemmas(tab.lemma[i], text, tab.lower[i]), i in main, i, i in embedded))
    return out


@lru_cache(maxsize=65536)
def _token_lemmas(lemma: str, text: str, lower: str) -> frozenset[str]:
    """The lemmas a token may stand for; cached because the same words recur in every text."""
    if lower == "according":
        return frozenset({"according"})  # not the noun "accord"
    # the model's lemma, the word itself, and what our inflection table says, since
    # the small model misses rarer forms ("retook", "deserting" as an adjective)
    forms = load_lexicon().forms
    words = _norm(lemma) + _norm(text)
    lemmas = frozenset(words).union(*(forms.get(w, ()) for w in _norm(text)))
    return lemmas or frozenset({lower})


def _text_tokens(text: str, lex: Lexicon) -> list[_Tok]:
    out = []
    for word in _WORD.findall(text.replace("-", " ")):
        low = word.lower()
        if low == "according":
            out.append(_Tok(frozenset({low}), False, None))
            continue
        out.append(_Tok(frozenset({low} | lex.forms.get(low, set())), False, None))
    return out


# --- scoring ---------------------------------------------------------------------------

def _neighbourhood(tok: Token, relations: frozenset[str] = frozenset(), depth: int = 3) -> set[str]:
    """Lemmas syntactically close to ``tok`` inside its clause (objects, particles, of-phrases).

    ``relations`` keeps only the branches that start with those dependencies ("dobj").
    """
    seen: set[str] = set()
    frontier = [(tok, 0)]
    while frontier:
        cur, d = frontier.pop()
        for child in cur.children:
            if child.dep_ in CLAUSE_DEPS or (child.dep_ == "conj" and child.pos_ == "VERB"):
                continue
            if d == 0 and relations and child.dep_ not in relations:
                continue
            if d > 0 and relations and child.dep_ not in NOUN_INNER \
                    and not (child.dep_ == "prep" and child.lower_ == "of") and cur.lower_ != "of":
                continue  # "captured paratroopers near the village": the village was not taken
            seen.update(_norm(child.lemma_) + _norm(child.text))
            if d + 1 < depth:
                frontier.append((child, d + 1))
    if not relations and tok.dep_ in ("amod", "compound", "nsubjpass", "nsubj", "dobj", "pobj"):
        seen.update(_norm(tok.head.lemma_))  # "downed jet", "artillery shelling"
    return seen


def score_event(text: str, doc: Span | Doc | None = None) -> dict[str, float]:
    """Scores every event type for ``text`` (or the parsed ``doc`` covering it).

    Returns:
        Type -> summed cue weight; types without a cue are absent.
    """
    lex = load_lexicon()
    toks = _doc_tokens(doc, lex) if doc is not None else _text_tokens(text, lex)
    scores: dict[str, float] = defaultdict(float)
    covered: set[int] = set()  # tokens inside a multi-word cue do not vote again alone
    for multi in (True, False):
        for i, tok in enumerate(toks):
            if not multi and i in covered:
                continue
            voted: set[str] = set()  # one vote per token and type
            for lemma in tok.lemmas:
                for cue in lex.cues.get(lemma, ()):
                    n = len(cue.lemmas)
                    if (n > 1) != multi or i + n > len(toks) or cue.event_type in voted:
                        continue
                    if any(cue.lemmas[k] not in toks[i + k].lemmas for k in range(1, n)):
                        continue
                    voted.add(cue.event_type)
                    covered.update(range(i, i + n))
                    main = any(t.main for t in toks[i:i + n])
                    weight = cue.weight
                    if cue.pred_only and doc is not None:
                        weight *= MAIN_BONUS if main else PRED_ELSEWHERE
                    elif main:
                        weight *= MAIN_BONUS
                    elif tok.embedded and cue.event_type != "statement":
                        weight *= EMBEDDED_FACTOR
                    scores[cue.event_type] += weight
    for i, tok in enumerate(toks):
        hits = {n for lemma in tok.lemmas for n in lex.pattern_heads.get(lemma, ())}
        for pat in (lex.patterns[n] for n in sorted(hits)):
            if tok.token is not None:
                assert doc is not None
                near = _neighbourhood(_doc_of(doc)[tok.token], pat.relations)
                bonus = PATTERN_MAIN_BONUS if tok.main else 1.0
            else:
                near = set().union(*(t.lemmas for t in toks[max(0, i - 3):i + 7] if t is not tok))
                bonus = 1.0
            if tok.embedded:
                bonus = EMBEDDED_FACTOR
            if near & pat.dependents:
                scores[pat.event_type] += pat.weight * bonus
    return dict(scores)


def classify_event(text: str, doc: Span | Doc | None = None) -> str:
    """Returns the event type of ``text``, one of :data:`sourcetrace.model.EVENT_TYPES`.

    Args:
        text: the claim or sentence.
        doc: its parse, when there is one; it adds the main-predicate and dependency
            evidence, so pass it whenever available.

    Returns:
        The best-scoring type; ``statement`` when only speech or opinion cues fire,
        ``other`` when nothing fires.
    """
    return event_of_scores(score_event(text, doc))


def event_of_scores(scores: dict[str, float]) -> str:
    """The event type that :func:`classify_event` gives for these :func:`score_event` scores."""
    if not scores:
        return "other"
    best = max(scores.items(), key=lambda kv: (kv[1], -EVENT_TYPES.index(kv[0])))
    if best[1] < MIN_SCORE:
        return "other"
    return best[0]
