"""Corrects the edges of content spans after assembly, from the text and the parse.

The tagger finds where a content starts better than where it ends: it leaves a dangling
conjunction or dash at the end ("... was intentional, but"), it lets a content run on
into the next attribution's sentence or past its closing quotation mark, it keeps the
occasion of the cue ("in a statement on Monday"), and it sometimes lets a content start
inside its own cue ("recorded video of the encounter") or a source start inside the
clause before it. A few rules here fix the cue and source edges for the same reasons.
"""

from __future__ import annotations

from spacy.tokens import Doc, Token

from sourcetrace.extract.attribution_assemble import Draft, clause_span, lexicon

#: Tokens that never end a content (the scorer trims , . ; : and quotes itself).
_DANGLING = frozenset({"and", "but", "or", "nor", "so", "yet", "though", "—", "–", "-", "--", ",", ";", ":"})
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
    if c1 <= end or end <= c0 or any(qs < end < qe for qs, qe in quotes):
        return  # (a content starting past the cue's sentence is left as it is)
    while end > c0 + 1 and (doc[end - 1].is_punct or doc[end - 1].is_space):
        end -= 1
    d.content = (c0, end)


def _paragraph_breaks(doc: Doc, lo: int, hi: int) -> list[int]:
    """Tokens in [lo, hi) that open a paragraph (after a blank line)."""
    out = []
    for i in range(max(lo, 1), hi):
        prev = doc[i - 1]
        gap = prev.text if prev.is_space else prev.whitespace_
        if "\n\n" in gap.replace("\r", "") and not doc[i].is_space:
            out.append(i)
    return out


def within_cue_paragraph(doc: Doc, d: Draft, quotes: list[tuple[int, int]]) -> None:
    """Keeps a content in its cue's paragraph: "Kyiv rejects Russian claim [headline] //
    KYIV (CPA) - Ukraine on Sunday rejected ..." does not make the headline what the lede
    says was rejected. A quotation running on across paragraphs carries its content on."""
    if d.cue is None or d.content is None:
        return
    c0, c1 = d.content
    breaks = [b for b in _paragraph_breaks(doc, c0 + 1, c1) if not any(qs < b < qe for qs, qe in quotes)]
    if not breaks:
        return
    before = [b for b in breaks if b <= d.cue[0]]
    after = [b for b in breaks if b > d.cue[0]]
    start = before[-1] if before else c0
    end = after[0] if after else c1
    while end > start + 1 and (doc[end - 1].is_punct or doc[end - 1].is_space):
        end -= 1
    if end > start:
        d.content = (start, end)


def close_quotation(doc: Doc, d: Draft) -> None:
    """'dismissed the report as "fake"': a content that opens a quotation mark it does not
    close, right before the closing mark, takes the mark in."""
    if d.content is None:
        return
    c0, c1 = d.content
    if c1 < len(doc) and doc[c1].is_quote and sum(t.is_quote for t in doc[c0:c1]) % 2:
        d.content = (c0, c1 + 1)


_RELATIVES = frozenset({"who", "whom", "whose", "which"})


def trim_edges(doc: Doc, d: Draft) -> None:
    """Drops dangling conjunctions and dashes at the ends and any overlap with the cue, and
    from the source a time adjunct the parse hung on it ("Ukraine on Sunday rejected ...")
    and a relative pronoun or comma it ran on into ("X, who predicted ..."); a missing
    source may be a speaker the parse read as an apposition (``_speaker_parsed_as_apposition``)."""
    if d.source is None:
        _speaker_parsed_as_apposition(doc, d)
    if d.source is not None:
        s0, s1 = _without_spaces(doc, *d.source)
        d.source = (s0, _before_relative_or_comma(doc, s0, _before_trailing_time(doc, s0, s1)))
    if d.content is None:
        return
    c0, c1 = d.content
    if d.cue is not None and d.cue[0] <= c0 < d.cue[1] < c1:
        c0 = d.cue[1]
    if d.cue is not None and c0 >= d.cue[1]:
        c1 = _within_relative_clause(doc, doc[d.cue[1] - 1], c0, c1)
    while c1 - c0 > 1 and (doc[c1 - 1].lower_ in _DANGLING or doc[c1 - 1].is_space):
        c1 -= 1
    while c1 - c0 > 1 and (doc[c0].lower_ in _LEADING or doc[c0].is_space):
        c0 += 1
    if c1 - c0 > 1 and doc[c1 - 1].text == ")" and not any(t.text == "(" for t in doc[c0:c1]):
        c1 -= 1  # a bracket closed after the content, not inside it
    d.content = (c0, _before_trailing_subject(doc, c0, c1))


def _without_spaces(doc: Doc, start: int, end: int) -> tuple[int, int]:
    """A span without the whitespace tokens at its ends: a headline's "says army
    spokesman" is followed by the paragraph break, which the tagger may take along."""
    while end - start > 1 and doc[end - 1].is_space:
        end -= 1
    while end - start > 1 and doc[start].is_space:
        start += 1
    return start, end


def _within_relative_clause(doc: Doc, verb: Token, c0: int, c1: int) -> int:
    """The end of the content of a cue in a relative clause: "soldiers who say they were
    mobilised in the region have recorded a video" says "they were mobilised in the
    region"; the main clause's predicate after it is the outlet's."""
    end = verb.right_edge.i + 1
    if verb.dep_ != "relcl" or not c0 < end < c1:
        return c1
    after = doc[end]
    main = after.head if after.dep_ in ("aux", "auxpass", "neg") else after
    return end if main in verb.ancestors else c1


def _speaker_parsed_as_apposition(doc: Doc, d: Draft) -> None:
    """'... in the city of Kharkov, the Russian Defence Ministry said': the parse reads the
    speaker as an apposition to the content's last noun and leaves "said" without a
    subject. The noun phrase between the comma and a subjectless reporting verb is the
    source, and the content ends before the comma."""
    if d.cue is None or d.content is None or d.cue[0] < 3:
        return
    verb = doc[d.cue[1] - 1]
    end = d.cue[0]
    while end > 1 and doc[end - 1].is_punct:
        end -= 1  # "..., Oleh Hrytsenko, said"
    if d.content[1] < end or d.content[1] > d.cue[0] or any(c.dep_ in ("nsubj", "nsubjpass") for c in verb.children):
        return
    last = doc[end - 1]
    while (last.dep_ in ("compound", "amod", "det") and end > last.head.i > last.i) or (
            last.dep_ == "appos" and last.head.dep_ == "appos"):  # "the head of ..., Oleh Hrytsenko"
        last = last.head
    start = last.left_edge.i
    if last.dep_ != "appos" or last.pos_ not in ("NOUN", "PROPN") or start <= d.content[0] + 1 \
            or doc[start - 1].text != ",":
        return
    d.source, d.content = (start, end), (d.content[0], start - 1)


def _before_relative_or_comma(doc: Doc, s0: int, s1: int) -> int:
    """The end of a source span before the relative pronoun of the clause after it ("said
    analyst Pavel Grishin, who predicted ..."), unless the pronoun is the head ("most of
    whom"), and before a comma that closes an apposition ("Hrytsenko, the head of the
    administration, writes")."""
    if s1 - s0 > 1 and doc[s1 - 1].lower_ in _RELATIVES and doc[s1 - 1].dep_ != "pobj":
        s1 -= 1
    return s1 - 1 if s1 - s0 > 1 and doc[s1 - 1].text == "," else s1


def _before_trailing_time(doc: Doc, s0: int, s1: int) -> int:
    """The end of a source span without a date or time hung on its head noun at its end
    ("Ukraine on Sunday", "Trump this week"); one inside a clause or apposition stays
    ("who served as ambassador until 2016", "a report released Friday")."""
    head = next((t for t in doc[s0:s1] if not s0 <= t.head.i < s1 or t.head.i == t.i), None)
    if head is None:
        return s1
    for child in head.children:
        if child.i <= head.i or child.right_edge.i != s1 - 1:
            continue
        timed = (child.dep_ == "npadvmod" and child.ent_type_ in ("DATE", "TIME")) or (
            child.dep_ == "prep" and child.lower_ != "of"
            and any(c.dep_ == "pobj" and c.ent_type_ in ("DATE", "TIME") for c in child.children))
        if timed:
            end = child.left_edge.i
            while end > s0 + 1 and doc[end - 1].is_punct:
                end -= 1
            return end
    return s1


def _before_trailing_subject(doc: Doc, c0: int, c1: int) -> int:
    """'A, he' + 'said': a content that swallowed the subject of the reporting verb after it."""
    if c1 >= len(doc):
        return c1
    verb = doc[c1]
    while verb.dep_ in ("aux", "advmod", "neg") and verb.head.i > verb.i:
        verb = verb.head
    if verb.pos_ != "VERB" or verb.lemma_.lower() not in lexicon()["speech_verbs"]:
        return c1
    for child in verb.children:
        if child.dep_ == "nsubj" and c0 < child.left_edge.i and child.right_edge.i == c1 - 1:
            end = child.left_edge.i
            while end > c0 + 1 and (doc[end - 1].is_punct or doc[end - 1].is_space):
                end -= 1
            return end
    return c1


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


def _is_double(mark: str) -> bool:
    return mark[:1] not in "‘'‚‹" or mark.startswith("''")


def _closes_utterance(doc: Doc, qe: int) -> bool:
    """True when a quotation ends with , . ! ? before its closing mark (a whole utterance)."""
    k = qe - 1
    while k > 0 and doc[k].is_quote:
        k -= 1
    return doc[k].text[-1:] in ",.!?"


def end_with_own_quote(doc: Doc, d: Draft, quotes: list[tuple[int, int]]) -> None:
    """A content that opens a quotation ends with it when no other quotation follows.

    The tagger runs some quotations on past their closing mark into the words after
    ('"A," X said, adding that B' or '"A." Editor's note: ...'); what follows a closed
    quotation is not part of it unless a second quotation carries the content on.
    """
    if d.content is None:
        return
    c0, c1 = d.content
    for qs, qe in quotes:
        if not (qs <= c0 <= qs + 1) or qe >= c1 or not _is_double(doc[qs].text):
            continue
        if any(qe <= s < c1 for s, _ in quotes) or not _closes_utterance(doc, qe):
            return
        end = qe
        while end > c0 + 1 and (doc[end - 1].is_punct or doc[end - 1].is_space):
            end -= 1
        d.content = (c0, end)
        return


#: Prepositions of the occasion a thing was said on ("in a statement", "during the debate").
_OCCASION_PREPS = frozenset({"in", "during", "at", "on", "while", "since", "before", "after", "through"})


def _is_cue_adjunct(child: Token) -> bool:
    """A dependent of the cue verb saying how, where or when it was said, not what."""
    if child.dep_ == "advcl":
        return child.tag_ == "VBG" or any(m.dep_ == "mark" and m.lower_ == "while" for m in child.children)
    if child.dep_ == "prep" and child.lower_ in _OCCASION_PREPS:
        objs = [g for g in child.children if g.dep_ == "pobj"]
        return bool(objs) and (objs[0].lemma_.lower() in lexicon()["occasion_nouns"]
                               or objs[0].ent_type_ in ("DATE", "TIME"))
    return False


def before_cue_adjuncts(doc: Doc, d: Draft) -> None:
    """Ends a content that follows its cue before the cue verb's own adjuncts.

    'X rejected [that argument] in a ruling on Thursday', 'X told Y [that ...], saying
    ...': the occasion (a lexicon of occasion nouns) or a participle hanging on the cue
    verb after its complement is the reporter's framing, not part of what was said.
    """
    if d.cue is None or d.content is None:
        return
    c0, c1 = d.content
    if c0 < d.cue[1]:
        return
    verb = _cue_verb(doc, d.cue)
    if verb is None:
        return
    cut = c1
    for child in verb.children:
        lo = child.left_edge.i
        if c0 < lo < cut and _is_cue_adjunct(child):
            cut = lo
    if cut == c1:
        return
    while cut > c0 + 1 and (doc[cut - 1].is_punct or doc[cut - 1].is_space):
        cut -= 1
    d.content = (c0, cut)


def _cue_verb(doc: Doc, cue: tuple[int, int]) -> Token | None:
    verbs = [t for t in doc[cue[0]:cue[1]] if t.pos_ == "VERB"]
    return verbs[-1] if verbs else None


def from_sentence_start(doc: Doc, d: Draft, quotes: list[tuple[int, int]]) -> None:
    """'The country "has changed," X said': a content quoting the second half of its sentence.

    When a content before its cue starts at a quotation mark that opens mid-sentence
    right after a word, the reporter's words before it belong to the same content.
    """
    if d.cue is None or d.content is None:
        return
    c0, c1 = d.content
    lo, _ = _block(d)
    if c1 > lo:
        return
    opens = [qs for qs, _ in quotes if qs <= c0 <= qs + 1 and _is_double(doc[qs].text)]
    if not opens:
        return
    qs = opens[0]
    if qs == 0 or doc[qs].is_sent_start or doc[qs - 1].is_punct or "\n" in doc[qs - 1].text_with_ws:
        return
    start = doc[qs].sent.start
    while start < qs and (doc[start].is_punct or doc[start].is_space):
        start += 1
    if start < qs and not any("\n" in t.text_with_ws for t in doc[start:qs]):
        d.content = (start, c1)


def agent_taken_for_content(doc: Doc, d: Draft) -> None:
    """'[The order ...] was first posted [on Tuesday by the channel X]': a passive verb of
    publishing whose content holds no clause but the verb's agent. The agent is the source, and what was
    posted, the verb's subject, the content."""
    if d.cue is None or d.content is None or d.source is not None or d.content[0] < d.cue[1]:
        return
    verb = doc[d.cue[1] - 1]
    agent = next((c for c in verb.children if c.dep_ == "agent" and d.content[0] <= c.i < d.content[1]), None)
    subject = next((c for c in verb.children if c.dep_ == "nsubjpass" and c.i < d.cue[0]), None)
    if verb.tag_ != "VBN" or verb.lemma_ not in lexicon()["media_verbs"] or agent is None or subject is None \
            or any(t.pos_ == "VERB" and t.dep_ != "relcl" and all(a.dep_ != "relcl" for a in t.ancestors)
                   for t in doc[d.content[0]:d.content[1]]):  # a clause (", which publishes ..." on the agent is none)
        return
    party = next((c for c in agent.children if c.dep_ == "pobj"), None)
    if party is not None:
        end = party.right_edge.i + 1
        end = next((k for k in range(party.i, end - 1) if doc[k].text == "," and doc[k + 1].lower_ in _RELATIVES), end)
        d.source = (party.left_edge.i, end)  # not ", which publishes ..."
        d.content = clause_span(doc, subject)


def cue_with_agent_by(doc: Doc, d: Draft) -> None:
    """'[was first reported by] the Times': a passive cue keeps the "by" that names its source."""
    if d.cue is None:
        return
    end = d.cue[1]
    verb = doc[end - 1]
    if end < len(doc) and verb.tag_ == "VBN" and doc[end].lower_ == "by" and doc[end].dep_ == "agent" \
            and doc[end].head.i == verb.i:
        d.cue = (d.cue[0], end + 1)


def raised_subject(doc: Doc, d: Draft) -> None:
    """'[The strikes] are expected [to continue]': the passive cue's subject opens the content.

    With "is expected/believed/said to", what is attributed is the whole proposition:
    the grammatical subject of the cue belongs to the content, around the cue.
    """
    if d.cue is None or d.content is None or d.source is not None:
        return
    verb = _cue_verb(doc, d.cue)
    if verb is None or verb.tag_ != "VBN":
        return
    subj = [c for c in verb.children if c.dep_ == "nsubjpass"]
    comp = [c for c in verb.children if c.dep_ == "xcomp" and c.i > verb.i]
    if subj and comp and d.content[0] == comp[0].left_edge.i and subj[0].left_edge.i < d.cue[0]:
        d.content = (subj[0].left_edge.i, d.content[1])


def source_to_subject(doc: Doc, d: Draft) -> None:
    """'[..., top lawmakers] said': a source that starts before the cue verb's subject starts there.

    The tagger sometimes runs a source back over the end of the previous clause; the
    subject's subtree in the parse says where the speaker's name begins.
    """
    if d.cue is None or d.source is None:
        return
    s0, s1 = d.source
    verb = _cue_verb(doc, d.cue)
    if verb is None or s1 > d.cue[0]:
        return
    for child in verb.children:
        if child.dep_ in ("nsubj", "nsubjpass") and s0 < child.left_edge.i and child.right_edge.i + 1 == s1:
            d.source = (child.left_edge.i, s1)
            return


def source_within_object(doc: Doc, d: Draft) -> None:
    """'According to [the ministry], assault troops ...': the source ends with the object.

    The tagger sometimes runs an "according to" source on over the comma into the next
    clause's subject; the object of "to" in the parse says where the name ends.
    """
    if d.cue is None or d.source is None or doc[d.cue[0]].lower_ not in ("according", "citing"):
        return
    s0, s1 = d.source
    for tok in doc[d.cue[0]:d.cue[1]]:
        for child in tok.children:
            lo, hi = child.left_edge.i, child.right_edge.i + 1
            if child.dep_ in ("pobj", "dobj") and lo == s0 and hi < s1:
                d.source = (lo, hi)
                return
