"""Rule attributions that complement the learned tagger.

They cover patterns the tagger rarely saw in its (US political news) training data:
media published by a source ("a video posted by X shows ..."), source-less passives
("it was reported that ..."), and quotations in any quotation marks next to a speech verb
(„...“, «...», unclosed quotes, quotes over several paragraphs).
"""

from __future__ import annotations

from spacy.tokens import Doc, Token

from sourcetrace.extract.attribution_assemble import Draft, lexicon

_SHOW_VERBS = frozenset({"show", "depict", "appear", "capture", "feature", "reveal", "purport", "document"})
_MIN_QUOTE_TOKENS = 3
_FOREIGN_OPENERS = "„«‹‚"
_SINGLE_OPENERS = "‘'‚‹"


def _single(mark: str) -> bool:
    """A single quotation mark (two apostrophes, as some wires write, count as a double one)."""
    return mark[:1] in _SINGLE_OPENERS and not mark.startswith("''")


def _subtree(tok: Token) -> tuple[int, int]:
    return (tok.left_edge.i, tok.right_edge.i + 1)


def media_drafts(doc: Doc) -> list[Draft]:
    """"A video posted by X shows Y": source X, cue the publishing verb, content Y."""
    lex = lexicon()
    out = []
    for tok in doc:
        if tok.lemma_.lower() not in lex["media_nouns"] or tok.pos_ not in ("NOUN", "PROPN"):
            continue
        for verb in tok.children:
            if verb.dep_ != "acl" or verb.lemma_.lower() not in lex["media_verbs"]:
                continue
            agents = [c for c in verb.children if c.dep_ == "agent"]
            objs = [g for a in agents for g in a.children if g.dep_ == "pobj"]
            if not objs:
                continue
            head = tok.head
            if tok.dep_ not in ("nsubj", "nsubjpass") or head.lemma_.lower() not in _SHOW_VERBS:
                continue
            comps = [c for c in head.children if c.dep_ in ("dobj", "ccomp", "xcomp", "attr") and c.i > head.i]
            if comps:
                lo = min(_subtree(c)[0] for c in comps)
                hi = max(_subtree(c)[1] for c in comps)
                out.append(Draft(cue=(verb.i, verb.i + 1), source=_subtree(objs[0]), content=(lo, hi)))
    return out


def passive_drafts(doc: Doc) -> list[Draft]:
    """"It was reported that ...": a cue and a content with no source."""
    lex = lexicon()
    out = []
    for tok in doc:
        if tok.lemma_.lower() not in lex["passive_reporting"] or tok.tag_ != "VBN":
            continue
        subj = [c for c in tok.children if c.dep_ in ("nsubjpass", "expl")]
        aux = [c for c in tok.children if c.dep_ == "auxpass"]
        comp = [c for c in tok.children if c.dep_ == "ccomp" and c.i > tok.i]
        if aux and comp and subj and subj[0].lower_ == "it":
            out.append(Draft(cue=(min(a.i for a in aux), tok.i + 1), source=None, content=_subtree(comp[0])))
    return out


def _speech_verb_near(doc: Doc, quote: tuple[int, int]) -> Token | None:
    """A speech verb right before ('X said: "..."') or right after ('"...," X said') a quote."""
    speech = lexicon()["speech_verbs"]
    qs, qe = quote
    after = [t for t in doc[qe:min(len(doc), qe + 5)] if not t.is_punct]
    before = [t for t in doc[max(0, qs - 4):qs] if not t.is_punct][::-1]
    for tok in after[:4] + before[:3]:
        if tok.pos_ == "VERB" and tok.lemma_.lower() in speech:
            return tok
    return None


def quote_drafts(doc: Doc, quotes: list[tuple[int, int]], taken: list[tuple[int, int]]) -> list[Draft]:
    """Quotations in marks other than English ones („...“, «...») next to a speech verb.

    English quotation marks are left to the tagger, which learned them (adding these
    costs precision on PolNeAR); the others it never saw in training.
    """
    out = []
    for q in quotes:
        if doc[q[0]].text[:1] not in _FOREIGN_OPENERS:
            continue
        if q[1] - q[0] < _MIN_QUOTE_TOKENS + 2 or any(q[0] < e and s < q[1] for s, e in taken):
            continue
        verb = _speech_verb_near(doc, q)
        if verb is None:
            continue
        subj = [c for c in verb.children if c.dep_ == "nsubj" and not (q[0] <= c.i < q[1])]
        out.append(Draft(cue=(verb.i, verb.i + 1), source=_subtree(subj[0]) if subj else None, content=q))
    return out


def extend_to_quotes(drafts: list[Draft], quotes: list[tuple[int, int]], doc: Doc) -> None:
    """Widens a content that starts or ends inside a quotation to the whole quotation.

    The tagger often stops a long quotation after its first sentence or paragraph; the
    quotation marks say where it really ends. Single quotation marks are left out: they
    mostly mark quotes nested in a content or scare quotes.
    """
    for qs, qe in quotes:
        opener = doc[qs].text[:1]
        if _single(doc[qs].text):
            continue
        for d in drafts:
            # The tagger never saw „...“ or «...» in training and may run on past them.
            if opener in _FOREIGN_OPENERS and d.content and qs <= d.content[0] <= qs + 1 and d.content[1] > qe:
                d.content = (d.content[0], qe)
            if d.content is None:
                continue
            c0, c1 = d.content
            if qs <= c0 < qe or qs < c1 <= qe:
                d.content = (min(qs, c0), max(qe, c1))


def _in_quote(i: int, quotes: list[tuple[int, int]]) -> bool:
    return any(qs <= i < qe for qs, qe in quotes)


def _next_sentence_opens(doc: Doc, hi: int, quote: tuple[int, int], cue_starts: set[int]) -> bool:
    """'"A," X said of Y. "B."': the quote opens the sentence after the cue's, same paragraph.

    The words between the cue and that quote must hold no other cue.
    """
    end = doc[hi - 1].sent.end
    if quote[0] != end or end - hi > 25 or end >= len(doc):
        return False
    return not any(hi <= i < end for i in cue_starts) and not any("\n" in t.text_with_ws for t in doc[hi - 1:end])


def join_split_quotes(drafts: list[Draft], quotes: list[tuple[int, int]], doc: Doc) -> list[Draft]:
    """Joins the two halves of a quotation split by its cue: '"A," X said. "B."' is one content.

    PolNeAR (and reading) takes both halves as one content; the tagger often finds one
    half only. Cue-less drafts swallowed by the joined content are dropped.
    """
    doubles = [q for q in quotes if not _single(doc[q[0]].text)]
    cue_starts = {d.cue[0] for d in drafts if d.cue is not None}
    for d in drafts:
        if d.cue is None or d.content is None:
            continue
        lo, hi = (min(d.cue[0], d.source[0]), max(d.cue[1], d.source[1])) if d.source else d.cue
        c0, c1 = d.content
        if c1 <= lo and _in_quote(c1 - 1, doubles):
            after = [q for q in doubles if hi <= q[0] <= hi + 2 and all(t.is_punct for t in doc[hi:q[0]])]
            if not after:
                after = [q for q in doubles if _next_sentence_opens(doc, hi, q, cue_starts)]
            if after:
                d.content = (c0, after[0][1])
        elif c0 >= hi and _in_quote(c0, doubles):
            # Only '"A," X said, "B"': a quote ending a sentence before X belongs to someone else.
            before = [q for q in doubles if lo - 2 <= q[1] <= lo and all(t.is_punct for t in doc[q[1]:lo])
                      and doc[q[1] - 2].text == ","]
            if before:
                d.content = (before[-1][0], c1)
    joined = [d.content for d in drafts if d.cue is not None and d.content is not None]
    return [
        d for d in drafts
        if d.cue is not None or d.content is None
        or not any(j[0] <= d.content[0] and d.content[1] <= j[1] and j != d.content for j in joined)
    ]


def rule_drafts(doc: Doc, drafts: list[Draft], quotes: list[tuple[int, int]]) -> list[Draft]:
    """Drafts found by rules that do not clash with the tagger's drafts.

    Also corrects the tagger's drafts in place: contents widened to their quotation, and
    the publisher made the source of what a published medium shows.
    """
    extend_to_quotes(drafts, quotes, doc)
    taken = [d.content for d in drafts if d.content is not None]
    cues = {d.cue for d in drafts if d.cue is not None}
    extra = []
    media = media_drafts(doc)
    for m in media:
        # "A video posted by X shows Y": the tagger takes the medium as the source; X is.
        assert m.content is not None
        for d in drafts:
            if d.content and d.content[0] < m.content[1] and m.content[0] < d.content[1]:
                d.source, d.cue = m.source, m.cue
    for d in media + passive_drafts(doc):
        assert d.content is not None
        if d.cue in cues or any(d.content[0] < e and s < d.content[1] for s, e in taken):
            continue
        extra.append(d)
        taken.append(d.content)
    extra += quote_drafts(doc, quotes, taken)
    return extra
