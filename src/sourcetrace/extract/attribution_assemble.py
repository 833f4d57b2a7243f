"""Groups tagged SOURCE, CUE and CONTENT spans into attributions, filling gaps from the parse.

The tagger finds the short spans well but misses some contents and sources; the
dependency parse of the cue verb gives clause boundaries for those (its clausal
complement, its subject, the clause an "according to" phrase hangs on).
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import numpy as np
from spacy.attrs import HEAD, LEMMA
from spacy.tokens import Doc, Span, Token

RESOURCES = Path(__file__).parent / "resources" / "attribution"
QUOTES_OPEN = "\"'“‘„«‚‹"
QUOTES_CLOSE = "\"'”’“»‘›"
_MAX_SOURCE_GAP = 8
_MAX_CONTENT_GAP = 12


@lru_cache(maxsize=1)
def lexicon() -> dict[str, frozenset[str]]:
    """The cue lexicon shipped as data (lemmas per group)."""
    raw = json.loads((RESOURCES / "cues.json").read_text(encoding="utf-8"))
    return {k: frozenset(v) for k, v in raw.items() if not k.startswith("_")}


def tokens_with_lemma(doc: Doc, lemmas: frozenset[str]) -> list[Token]:
    """Tokens whose lemma is one of ``lemmas`` (any case of its first letter), found in one array pass."""
    if not len(doc):
        return []
    strings = doc.vocab.strings
    wanted = np.array([strings.add(w) for lemma in lemmas for w in (lemma, lemma.capitalize())], dtype="uint64")
    return [doc[int(i)] for i in np.flatnonzero(np.isin(doc.to_array(LEMMA), wanted))]


def _heads(doc: Doc) -> list[int]:
    """The head index of every token (HEAD is stored as an offset)."""
    if not len(doc):
        return []
    return (np.arange(len(doc)) + doc.to_array(HEAD).astype("int64")).tolist()  # type: ignore[no-any-return]


@dataclass
class Draft:
    """An attribution under construction, as token offsets [start, end)."""

    cue: tuple[int, int] | None = None
    source: tuple[int, int] | None = None
    content: tuple[int, int] | None = None


def _after_paragraph_break(doc: Doc, span: tuple[int, int]) -> tuple[int, int]:
    """A source never runs across paragraphs: keeps the part after the last line break."""
    start = span[0]
    for i in range(span[0], span[1] - 1):
        if "\n" in doc[i].text_with_ws:
            start = i + 1
    while start < span[1] - 1 and doc[start].is_space:
        start += 1
    return (start, span[1])


def _gap(a: tuple[int, int], b: tuple[int, int]) -> int:
    """Tokens between two spans (0 when adjacent or overlapping)."""
    return max(0, max(a[0], b[0]) - min(a[1], b[1]))


def _linked(heads: list[int], a: tuple[int, int], b: tuple[int, int]) -> bool:
    """True when a dependency arc joins a token of ``a`` and a token of ``b``."""
    return any(b[0] <= heads[i] < b[1] for i in range(*a)) or any(a[0] <= heads[i] < a[1] for i in range(*b))


def _match(doc: Doc, cues: list[tuple[int, int]], items: list[tuple[int, int]], max_gap: int,
           sent_of: list[int], heads: list[int], later_sentence: bool = True) -> dict[int, int]:
    """One-to-one greedy matching of items to cues: parse arcs first, then nearest.

    ``later_sentence=False`` keeps items of a later sentence than the cue's for linked
    pairs only (a speaker named after the cue's sentence has ended speaks there).
    """
    pairs = []
    for ci, c in enumerate(cues):
        for ii, it in enumerate(items):
            gap = _gap(c, it)
            if gap > 60:  # no arc spans that far in practice
                continue
            linked = _linked(heads, c, it)
            if not linked and gap > max_gap:
                continue
            same = sent_of[c[0]] == sent_of[min(it[0], len(doc) - 1)] or sent_of[c[0]] == sent_of[it[1] - 1]
            if not (linked or same or later_sentence or it[0] < c[0]):
                continue
            pairs.append(((0 if linked else 1), (0 if same else 1), gap, ci, ii))
    pairs.sort()
    used_c: set[int] = set()
    out: dict[int, int] = {}
    for *_, ci, ii in pairs:
        if ci in used_c or ii in out:
            continue
        used_c.add(ci)
        out[ii] = ci
    return {ci: ii for ii, ci in out.items()}


def _verb_of(doc: Doc, cue: tuple[int, int]) -> Token:
    span = doc[cue[0]:cue[1]]
    verbs = [t for t in span if t.pos_ in ("VERB", "AUX")]
    return verbs[-1] if verbs else span.root


def subtree_span(tok: Token) -> tuple[int, int]:
    """The token range of ``tok`` and all its descendants."""
    return (tok.left_edge.i, tok.right_edge.i + 1)


def clause_span(doc: Doc, head: Token) -> tuple[int, int]:
    """The subtree of ``head`` without the punctuation it ends with (a closing quotation mark stays)."""
    lo, hi = subtree_span(head)
    while hi > lo and doc[hi - 1].is_punct and not doc[hi - 1].is_quote:
        hi -= 1
    return lo, hi


def content_from_parse(doc: Doc, cue: tuple[int, int], source: tuple[int, int] | None) -> tuple[int, int] | None:
    """The clause a cue introduces: its clausal complement, or the rest of its clause."""
    verb = _verb_of(doc, cue)
    low = doc[cue[0]].lower_
    if low == "according" or low in ("citing", "per"):
        head = doc[cue[0]].head
        while head.dep_ in ("prep", "pobj") and head.head is not head:
            head = head.head
        lo, hi = subtree_span(head)
        block_end = max(cue[1], source[1] if source else cue[1])
        if cue[0] <= lo + 1:
            lo = block_end
            while lo < hi and doc[lo].is_punct:
                lo += 1
        else:
            hi = min(hi, cue[0])
        return (lo, hi) if hi > lo else None
    for child in verb.children:
        if child.dep_ in ("ccomp", "xcomp") and child.i > verb.i:
            return subtree_span(child)
    complement_before = any(c.dep_ == "ccomp" and c.i < verb.i for c in verb.children)
    if verb.dep_ in ("parataxis", "advcl") or (verb.dep_ == "ROOT" and complement_before):
        for child in verb.children:
            if child.dep_ == "ccomp" and child.i < verb.i:
                return subtree_span(child)
        if verb.dep_ != "ROOT":
            return _clause_around(doc, verb, cue, source)
    return _object_of(doc, cue, verb)


def _words(doc: Doc, span: tuple[int, int]) -> int:
    return sum(1 for t in doc[span[0]:span[1]] if not (t.is_punct or t.is_space))


def _clause_around(doc: Doc, verb: Token, cue: tuple[int, int], source: tuple[int, int] | None) -> tuple[int, int] | None:
    """'A, he said.' / 'A, he said, B' / 'If, as X suggested, A': the clause a parenthetical cue hangs on.

    Around a cue in parataxis the content runs on both sides; for an adverbial clause
    ("as X suggested") the side with more words is the content ("If," is not).
    """
    lo, hi = subtree_span(verb.head)
    start = (source or cue)[0]
    own_lo, own_hi = subtree_span(verb)
    left = (lo, min(start, own_lo))
    right = (max(own_hi, cue[1], source[1] if source else 0), hi)
    while right[0] < right[1] and (doc[right[0]].is_punct or doc[right[0]].is_space):
        right = (right[0] + 1, right[1])
    if verb.dep_ == "parataxis" and _words(doc, left) and _words(doc, right):
        return (left[0], right[1])  # 'A, he said, B': one content around the cue
    best = left if _words(doc, left) >= _words(doc, right) else right
    return best if best[1] > best[0] and _words(doc, best) else None


def _object_of(doc: Doc, cue: tuple[int, int], verb: Token) -> tuple[int, int] | None:
    """What a cue is about when it takes no clause: "critical of [X]", "plotted against [us]"."""
    last = doc[cue[1] - 1]
    if last.pos_ == "ADP":
        objs = [c for c in last.children if c.dep_ == "pobj"]
        if objs:
            return subtree_span(objs[0])
    for child in verb.children:
        if child.dep_ == "dobj" and child.i >= cue[1]:
            return subtree_span(child)
    return None


def source_from_parse(doc: Doc, cue: tuple[int, int]) -> tuple[int, int] | None:
    """The cue verb's subject, or the object of "according to"/"by"."""
    verb = _verb_of(doc, cue)
    if doc[cue[0]].lower_ == "according":
        for t in doc[cue[0]:cue[1]]:
            for child in t.children:
                if child.dep_ == "pobj":
                    return subtree_span(child)
        return None
    if verb.pos_ == "NOUN":  # "Trump's claim that ...": the possessor is the source
        owners = [c for c in verb.children if c.dep_ == "poss"]
        return subtree_span(owners[0]) if owners else None
    # the subject nearest the verb: "KYIV, Jan 7 (CPA) - Ukraine on Sunday rejected" parses
    # the dateline's city as a second subject; a closing mark parsed as one («...,» said X)
    # is none
    for child in sorted(verb.children, key=lambda c: abs(c.i - verb.i)):
        if child.dep_ == "nsubj" and child.lower_ not in ("it", "there") and not child.is_punct:
            return subtree_span(child)
    if any(c.dep_ in ("nsubj", "nsubjpass", "expl") for c in verb.children):
        return None
    if _parenthetical_speaker(verb):
        return (verb.head.left_edge.i, verb.head.i + 1)
    return _inherited_subject(verb)


def _parenthetical_speaker(verb: Token) -> bool:
    """'A, a Ukrainian outlet reported on Tuesday, ...': a finite speech verb parsed as a
    reduced relative clause on the noun before it, which is in truth its subject. Only
    after a comma and with no agent or object, so "a claim reported by X" keeps its reading."""
    head = verb.head
    return (verb.dep_ == "acl" and verb.tag_ in ("VBD", "VBN") and head.i < verb.i
            and verb.lemma_ in lexicon()["speech_verbs"] and head.left_edge.i > 0
            and head.doc[head.left_edge.i - 1].text == ","
            and not any(c.dep_ in ("agent", "dobj", "ccomp") for c in verb.children))


def _inherited_subject(verb: Token) -> tuple[int, int] | None:
    """The subject a subjectless cue verb shares with the verb it hangs on.

    "X attacked Y, saying ...", "X said A and vowed B", "X forced Y to admit ...": a
    participle, a conjoined verb or a controlled infinitive speaks for that verb's
    subject (or, for "forced Y to", its object).
    """
    tok = verb
    for _ in range(3):
        if tok.dep_ not in ("conj", "advcl", "xcomp") or tok.head.i == tok.i:
            return None
        if tok.dep_ == "advcl" and tok.tag_ != "VBG":
            return None  # "... after he left": a clause of its own
        head = tok.head
        if tok.dep_ == "xcomp":
            objs = [c for c in head.children if c.dep_ == "dobj"]
            if objs:
                return subtree_span(objs[0])
        for child in head.children:
            if child.dep_ == "nsubj":
                return None if child.lower_ in ("it", "there") else subtree_span(child)
            if child.dep_ in ("nsubjpass", "expl"):
                return None
        tok = head
    return None


def _adjacent_quote(d: Draft, quotes: list[tuple[int, int]]) -> tuple[int, int] | None:
    """A quotation right next to the cue (and source) block, within two tokens."""
    assert d.cue is not None
    block = (min(d.cue[0], d.source[0]), max(d.cue[1], d.source[1])) if d.source else d.cue
    near = [q for q in quotes if _gap(block, q) <= 2 and not (q[0] <= block[0] < q[1])]
    return min(near, key=lambda q: _gap(block, q)) if near else None


def _rest_of_sentence(doc: Doc, d: Draft) -> tuple[int, int] | None:
    """The larger side of the cue's sentence around the cue and source (last resort)."""
    assert d.cue is not None
    lo, hi = (min(d.cue[0], d.source[0]), max(d.cue[1], d.source[1])) if d.source else d.cue
    sent = doc[d.cue[0]].sent
    left, right = (sent.start, lo), (hi, sent.end)
    best = max((left, right), key=lambda x: sum(1 for t in doc[x[0]:x[1]] if not t.is_punct))
    while best[1] > best[0] and (doc[best[1] - 1].is_punct or doc[best[1] - 1].is_space):
        best = (best[0], best[1] - 1)
    while best[1] > best[0] and (doc[best[0]].is_punct or doc[best[0]].is_space):
        best = (best[0] + 1, best[1])
    return best if best[1] - best[0] >= 2 else None


def _speech_cue(doc: Doc, cue: tuple[int, int]) -> bool:
    """True when the cue's verb is a reporting verb of the lexicon (not any verb the tagger took)."""
    return _verb_of(doc, cue).lemma_.lower() in lexicon()["speech_verbs"]


def _sentence_index(doc: Doc) -> list[int]:
    index = [0] * len(doc)
    if not doc.has_annotation("SENT_START"):
        return index
    for k, sent in enumerate(doc.sents):
        for i in range(sent.start, sent.end):
            index[i] = k
    return index


def _crosses_paragraph(doc: Doc, start: int, end: int) -> bool:
    return any("\n" in t.text_with_ws for t in doc[max(0, start - 1):end])


def _join_around_cue(doc: Doc, drafts: list[Draft], c2: tuple[int, int]) -> bool:
    """'X, he said, Y': a second content right after a cue block joins the content before it.

    When the tagger found only the second half, the first one is the start of the clause
    the cue interrupts (the cue verb hangs on that clause in the parse).
    """
    for d in drafts:
        if d.cue is None:
            continue
        lo, hi = (min(d.cue[0], d.source[0]), max(d.cue[1], d.source[1])) if d.source else d.cue
        if not (hi <= c2[0] <= hi + 2 and all(t.is_punct for t in doc[hi:c2[0]])):
            continue
        if d.content is not None:
            if d.content[1] <= lo and lo - d.content[1] <= 2:
                d.content = (d.content[0], c2[1])
                return True
            continue
        verb = _verb_of(doc, d.cue)
        head = verb.head
        if verb.dep_ in ("parataxis", "ccomp") and head.right_edge.i >= c2[0] and head.left_edge.i < lo:
            d.content = (head.left_edge.i, c2[1])
            return True
    return False


def cue_from_parse(doc: Doc, content: tuple[int, int]) -> tuple[int, int] | None:
    """The speech verb a content is the clausal complement of, with its auxiliaries, adverbs and particle.

    For contents the tagger found without a cue: "X has admitted [that ...]",
    "[...]," she said. Other verbs and other complements cost more cues than they find.
    """
    span = doc[content[0]:content[1]]
    roots = [t for t in span if not (content[0] <= t.head.i < content[1]) or t.head.i == t.i]
    if len(roots) != 1 or roots[0].dep_ != "ccomp":
        return None
    verb = roots[0].head
    if (verb.pos_ != "VERB" or content[0] <= verb.i < content[1]
            or verb.lemma_.lower() not in lexicon()["speech_verbs"]):
        return None
    start, end = verb.i, verb.i + 1
    while start > 0 and doc[start - 1].head.i == verb.i and doc[start - 1].dep_ in ("aux", "auxpass", "neg", "advmod"):
        start -= 1
    if end < len(doc) and doc[end].head.i == verb.i and doc[end].dep_ == "prt":
        end += 1
    return (start, end)


def assemble(doc: Doc, spans: list[Span], quotes: list[tuple[int, int]]) -> list[Draft]:
    """Groups tagged spans into attribution drafts (token offsets), in text order."""
    from sourcetrace.extract.attribution_bounds import source_within_object  # that module imports this one

    force = lexicon()["physical_acts"]
    tagged = [(s.start, s.end) for s in spans if s.label_ == "CUE"]
    cues = [c for c in tagged if _verb_of(doc, c).lemma_ not in force]
    dropped = [c for c in tagged if c not in cues]
    sources = [_after_paragraph_break(doc, (s.start, s.end)) for s in spans if s.label_ == "SOURCE"]
    # "Kinzhal destroys [a launcher]": the object of a dropped verb of force is no content either.
    contents = [(s.start, s.end) for s in spans if s.label_ == "CONTENT"
                and not any(0 <= s.start - c[1] <= 1 for c in dropped)]
    seconds = [(s.start, s.end) for s in spans if s.label_ == "CONTENT2"]
    subjects = {subtree_span(c) for cue in cues for c in _verb_of(doc, cue).children if c.dep_ == "nsubj"}
    relabel = [c for c in contents if c in subjects and c not in sources]
    sources += relabel  # "[The network] said": a content tagged on the cue's subject is its source
    contents = [c for c in contents if c not in relabel]
    sent_of = _sentence_index(doc)
    heads = _heads(doc)
    src_of = _match(doc, cues, sources, _MAX_SOURCE_GAP, sent_of, heads, later_sentence=False)
    drafts = [Draft(cue=c, source=sources[src_of[ci]] if ci in src_of else None) for ci, c in enumerate(cues)]
    blocks = [
        (min(d.cue[0], d.source[0]), max(d.cue[1], d.source[1])) if d.source and d.cue else d.cue
        for d in drafts
    ]
    con_of = _match(doc, blocks, contents, _MAX_CONTENT_GAP, sent_of, heads)  # type: ignore[arg-type]
    used = set()
    for ci, d in enumerate(drafts):
        if ci in con_of:
            d.content = contents[con_of[ci]]
            used.add(con_of[ci])
    for ii, c in enumerate(contents):
        if ii not in used:
            drafts.append(Draft(content=c))
    for c2 in seconds:
        if _join_around_cue(doc, drafts, c2):
            continue
        best = None
        for d in drafts:
            if (d.content and d.content[1] <= c2[0] and c2[0] - d.content[1] <= 15
                    and not _crosses_paragraph(doc, d.content[1], c2[0])
                    and (best is None or d.content[1] > best.content[1])):  # type: ignore[index]
                best = d
        if best is not None and best.content is not None:
            best.content = (best.content[0], c2[1])
        else:
            drafts.append(Draft(content=c2))
    cues_taken = {c for c in cues}
    for d in drafts:
        if d.cue is None and d.content is not None:
            found = cue_from_parse(doc, d.content)
            if found is not None and found not in cues_taken:
                d.cue = found
                cues_taken.add(found)
        if d.cue is None:
            continue
        if d.source is None:
            d.source = source_from_parse(doc, d.cue)
            if d.source:
                d.source = _after_paragraph_break(doc, d.source)
            if (d.source and d.content and d.source[0] < d.content[1] and d.content[0] < d.source[1]
                    and not d.content[0] < d.cue[0] < d.content[1]):
                d.source = None  # a subject inside the content is not its source (unless the cue is too)
        if d.content is None:
            source_within_object(doc, d)  # an "according to" source run on into the clause hides it
            d.content = content_from_parse(doc, d.cue, d.source)
        if d.content is None and _speech_cue(doc, d.cue):
            # Last resorts, for reporting verbs only: a quotation no other draft holds, or
            # the rest of the sentence (for other verbs the tagger took, these are mostly wrong).
            free = [q for q in quotes if not any(o.content and o.content[0] < q[1] and q[0] < o.content[1] for o in drafts)]
            d.content = _adjacent_quote(d, free) or _rest_of_sentence(doc, d)
    out = [d for d in drafts if d.content is not None]
    out.sort(key=lambda d: min(x[0] for x in (d.cue, d.source, d.content) if x is not None))
    return out


def extend_to_complement(doc: Doc, drafts: list[Draft]) -> None:
    """Lets a content that starts where the cue's clausal complement starts run to its end.

    The tagger sometimes stops a long reported clause early; the parse knows where the
    clause ends. (Cutting contents back to the clause costs more than it gains.)
    """
    for d in drafts:
        if d.cue is None or d.content is None:
            continue
        verb = _verb_of(doc, d.cue)
        for child in verb.children:
            if child.dep_ != "ccomp" or child.i < verb.i:
                continue
            lo, hi = subtree_span(child)
            while hi > lo and doc[hi - 1].is_punct:
                hi -= 1
            if abs(lo - d.content[0]) <= 1 and hi > d.content[1]:
                d.content = (d.content[0], hi)
