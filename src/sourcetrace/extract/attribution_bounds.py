"""Corrects the edges of content spans after assembly, from the text and the parse.

The tagger finds where a content starts better than where it ends: it leaves a dangling
conjunction or dash at the end ("... was intentional, but"), it lets a content run on
into the next attribution's sentence, and it sometimes lets a content start inside its
own cue ("recorded video of the encounter").
"""

from __future__ import annotations

from spacy.tokens import Doc

from sourcetrace.extract.attribution_assemble import Draft

#: Tokens that never end a content (the scorer trims , . ; : and quotes itself).
_DANGLING = frozenset({"and", "but", "or", "nor", "so", "yet", "—", "–", "-", "--", ",", ";", ":"})
#: Tokens never left at the start of a content.
_LEADING = frozenset({"and", "but", "or", "so", "—", "–", "--", ",", ";", ":"})


def _block(d: Draft) -> tuple[int, int]:
    assert d.cue is not None
    if d.source is None:
        return d.cue
    return (min(d.cue[0], d.source[0]), max(d.cue[1], d.source[1]))


def through_parenthetical_cue(doc: Doc, d: Draft) -> None:
    """'X, he said, Y.': a content that stops at a cue set off by commas runs on through Y.

    Only when the parse hangs the cue verb on the clause after it (parataxis), so that
    '"X," he said, adding Y' keeps X alone. The scorer counts the outer boundary.
    """
    if d.cue is None or d.content is None:
        return
    c0, c1 = d.content
    lo, hi = _block(d)
    if c1 > lo or lo - c1 > 2 or not any(t.text == "," for t in doc[max(c0, c1 - 1):lo]):
        return
    verb = doc[d.cue[1] - 1]
    head = verb.head
    if verb.dep_ != "parataxis" or head.i < hi or head.sent != doc[c0].sent:
        return
    end = head.right_edge.i + 1
    while end > hi and (doc[end - 1].is_punct or doc[end - 1].is_space):
        end -= 1
    if end > hi:
        d.content = (c0, end)


def _ends_sentence(doc: Doc, end: int) -> bool:
    """True when the text before token ``end`` closes a sentence (. ! ? or a line break)."""
    k = end - 1
    while k > 0 and (doc[k].is_quote or doc[k].is_space) and "\n" not in doc[k].text_with_ws:
        k -= 1
    return doc[k].text[-1:] in ".!?" or "\n" in doc[k].text_with_ws


def within_cue_sentence(doc: Doc, d: Draft, quotes: list[tuple[int, int]]) -> None:
    """Ends a reported clause that follows its cue at the end of the cue's sentence.

    "X noted that A. "B," ...': an indirect content does not run on into the next
    sentence, unless a quotation open at the sentence end carries it on.
    """
    if d.cue is None or d.content is None:
        return
    c0, c1 = d.content
    if c0 < d.cue[1] or doc[c0].is_quote:
        return
    end = doc[d.cue[0]].sent.end
    while end < c1 and not _ends_sentence(doc, end):
        end = doc[end].sent.end  # the parser splits some sentences with no full stop
    if c1 <= end or any(qs < end < qe for qs, qe in quotes):
        return
    while end > c0 + 1 and (doc[end - 1].is_punct or doc[end - 1].is_space):
        end -= 1
    d.content = (c0, end)


def trim_edges(doc: Doc, d: Draft) -> None:
    """Drops dangling conjunctions and dashes at the ends and any overlap with the cue."""
    if d.content is None:
        return
    c0, c1 = d.content
    if d.cue is not None and d.cue[0] <= c0 < d.cue[1] < c1:
        c0 = d.cue[1]
    while c1 - c0 > 1 and (doc[c1 - 1].lower_ in _DANGLING or doc[c1 - 1].is_space):
        c1 -= 1
    while c1 - c0 > 1 and (doc[c0].lower_ in _LEADING or doc[c0].is_space):
        c0 += 1
    d.content = (c0, c1)


def _sentence_start_at_or_after(doc: Doc, i: int, end: int) -> int | None:
    """The first sentence (or paragraph) start in ``[i, end)``, skipping quote marks."""
    for k in range(i, end):
        if doc[k].is_sent_start or (k and "\n" in doc[k - 1].text_with_ws):
            return k
    return None


def stop_before_other_cue(doc: Doc, drafts: list[Draft], quotes: list[tuple[int, int]]) -> None:
    """Ends a content before a later sentence that holds another attribution's cue.

    A content that runs on over sentences ('"A." X said. "B."' or past a paragraph) must
    not swallow the next attribution: the sentence where that one starts ends this one.
    Cues inside a quotation are left alone: they belong to what is quoted.
    """
    blocks = [(d, _block(d)) for d in drafts if d.cue is not None and d.content is not None]
    for d in drafts:
        if d.content is None:
            continue
        c0, c1 = d.content
        own = _block(d) if d.cue is not None else None
        for other, (lo, _hi) in blocks:
            if other is d or not c0 < lo < c1 or (own and own[0] <= lo < own[1]):
                continue
            if any(qs < lo < qe for qs, qe in quotes):
                continue
            assert other.content is not None
            first = min(lo, other.content[0])
            if first <= c0:
                continue
            start = doc[first].sent.start
            cut = _sentence_start_at_or_after(doc, max(start, c0 + 1), first + 1)
            if cut is None or cut > lo or (own and own[0] >= cut):
                continue
            while cut > c0 + 1 and (doc[cut - 1].is_punct or doc[cut - 1].is_space):
                cut -= 1
            c1 = min(c1, cut)
        d.content = (c0, c1)
