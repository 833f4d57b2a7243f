"""Rule attributions that complement the learned tagger.

They cover patterns the tagger rarely saw in its (US political news) training data:
media published by a source ("a video posted by X shows ..."), source-less passives
("it was reported that ..."), quotations signed with a dash and a name ('"..." ― Name'),
and quotations in any quotation marks next to a speech verb („...“, «...», unclosed
quotes, quotes over several paragraphs).
"""

from __future__ import annotations

import re

from spacy.tokens import Doc, Token

from sourcetrace.extract.attribution_assemble import (
    Draft,
    clause_span,
    lexicon,
    source_from_parse,
    subtree_span,
    tokens_with_lemma,
)
from sourcetrace.extract.attribution_quotes import SPEAKER_TURN
from sourcetrace.extract.doctext import token_table

_SHOW_VERBS = frozenset({"show", "depict", "appear", "capture", "feature", "reveal", "purport", "document"})
_MIN_QUOTE_TOKENS = 3
_FOREIGN_OPENERS = "„«‹‚"
_SINGLE_OPENERS = "‘'‚‹"
#: '"..." ― Name' at the end of a line: a quotation signed by its speaker.
#: 'Pence: Flowers Won't Be at Debate' as a first line: a headline giving its speaker.
_HEADLINE = re.compile(r"([A-Z][\w.'’-]*(?: [A-Z][\w.'’-]*){0,2})(:) +(?=\S)")
_SIGNATURE = re.compile(r"[”\"’'»]*[ \u00a0]*([―—])[ \u00a0]*([A-Z][\w.'’-]*(?:[ \u00a0]+[A-Z][\w.'’-]*){0,4})[ \u00a0]*(?=\n|$)")


def _single(mark: str) -> bool:
    """A single quotation mark (two apostrophes, as some wires write, count as a double one)."""
    return mark[:1] in _SINGLE_OPENERS and not mark.startswith("''")


def media_drafts(doc: Doc) -> list[Draft]:
    """"A video posted by X shows Y": source X, cue the publishing verb, content Y."""
    lex = lexicon()
    out = []
    for tok in tokens_with_lemma(doc, lex["media_nouns"]):
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
                lo = min(subtree_span(c)[0] for c in comps)
                hi = max(subtree_span(c)[1] for c in comps)
                out.append(Draft(cue=(verb.i, verb.i + 1), source=subtree_span(objs[0]), content=(lo, hi)))
    return out


def passive_drafts(doc: Doc) -> list[Draft]:
    """"It was reported that ...": a cue and a content with no source."""
    lex = lexicon()
    out = []
    for tok in tokens_with_lemma(doc, lex["passive_reporting"]):
        if tok.lemma_.lower() not in lex["passive_reporting"] or tok.tag_ != "VBN":
            continue
        subj = [c for c in tok.children if c.dep_ in ("nsubjpass", "expl")]
        aux = [c for c in tok.children if c.dep_ == "auxpass"]
        comp = [c for c in tok.children if c.dep_ == "ccomp" and c.i > tok.i]
        if aux and comp and subj and subj[0].lower_ == "it":
            out.append(Draft(cue=(min(a.i for a in aux), tok.i + 1), source=None, content=subtree_span(comp[0])))
    return out


def reports_inside_contents(doc: Doc, drafts: list[Draft], quotes: list[tuple[int, int]]) -> list[Draft]:
    """"A said B. The ministry said C.": the tagger may run A's content on over the next
    sentence, reporting verb and all. A later sentence of a content, outside quotation
    marks, whose root is a speech verb with a named subject and a clause after it is
    another speaker's statement (``stop_before_other_cue`` then ends A's content)."""
    speech = lexicon()["speech_verbs"]
    cues = {i for d in drafts if d.cue is not None for i in range(*d.cue)}
    tab = token_table(doc)
    out = []
    for d in drafts:
        if d.content is None:
            continue
        lo, hi = d.content
        for i in range(lo + 1, hi):  # sentence roots that are speech verbs, read from the table
            if tab.head[i] != i or tab.pos[i] != "VERB" or tab.lemma[i].lower() not in speech or i in cues:
                continue
            root = doc[i]
            if root.sent.start <= lo or _in_quote(i, quotes):
                continue
            comps = [c for c in root.children if c.dep_ == "ccomp" and c.i > root.i]
            source = source_from_parse(doc, (root.i, root.i + 1))
            if comps and source and doc[source[0]].pos_ != "PRON":
                out.append(Draft(cue=(root.i, root.i + 1), source=source, content=clause_span(doc, comps[0])))
                cues.add(root.i)
    return out


_RELAY_PARTICIPLES = frozenset({"citing", "quoting"})


_FINITE = frozenset({"VBD", "VBZ", "VBP", "MD"})


def without_stranded_relatives(doc: Doc, drafts: list[Draft]) -> list[Draft]:
    """Drops a cue ending in a stranded preposition that a finite verb follows: "The video
    Melnychuk referred to was posted by ..." is a relative clause on "the video" (the parse
    reads "The video Melnychuk" as one name), so "referred to" reports nothing here and
    the quote before it is someone else's."""
    def stranded(d: Draft) -> bool:
        if d.cue is None or d.cue[1] >= len(doc):
            return False
        last, after = doc[d.cue[1] - 1], doc[d.cue[1]]
        return last.tag_ in ("IN", "TO", "RP") and not any(c.dep_ == "pobj" for c in last.children) \
            and after.tag_ in _FINITE

    return [d for d in drafts if not stranded(d)]


def fold_relay_participles(doc: Doc, drafts: list[Draft]) -> list[Draft]:
    """'X reported, citing Y, that Z' is one statement, Y's, that X relays (``chains.py``
    reads the relay). The tagger takes "citing" for a cue of its own, with Y for its
    content, and may run X's content over the citing phrase: the citing draft goes, and
    X's content starts after the cited party."""
    dropped: list[Draft] = []
    for d in drafts:
        if d.cue is None or d.cue[1] - d.cue[0] != 1 or doc[d.cue[0]].lower_ not in _RELAY_PARTICIPLES:
            continue
        part = doc[d.cue[0]]
        opens = (part.i, part.i - 1) if doc[part.i - 1].text == "," else (part.i,)  # contents that open with the phrase
        hosts = [h for h in drafts if h is not d and h.cue is not None and h.content is not None
                 and doc[h.cue[0]].sent.start == part.sent.start
                 and (h.content[0] in opens or (h.cue[1] <= part.i and len(opens) == 2
                                                and all(not (h.cue[1] <= o.cue[0] < part.i) for o in drafts
                                                        if o.cue is not None and o is not h)))]
        if not hosts:
            continue
        dropped.append(d)
        host = hosts[0]
        assert host.content is not None
        if host.content[0] not in opens:
            continue
        # the cited party: the participle's object, up to a comma (the parse may hang the
        # "that" clause on it as a relative clause)
        obj = next((c for c in part.children if c.dep_ == "dobj"), None)
        start = min(obj.right_edge.i + 1 if obj is not None else host.content[1],
                    next((k for k in range(part.i + 1, host.content[1]) if doc[k].text == ","), host.content[1]))
        while start < host.content[1] and doc[start].is_punct:
            start += 1
        if start < host.content[1]:
            host.content = (start, host.content[1])
    return [d for d in drafts if not any(d is x for x in dropped)]


def statements_at_chain_ends(doc: Doc, drafts: list[Draft]) -> list[Draft]:
    """'A was reporting, citing B, which quoted C, who in turn cited a video posted by D,
    that S': one statement S, made by the innermost speaker C, relayed by B and A
    (``chains.py`` reads the relays). Found from the parse: a quoting or citing verb inside
    the chain (a relative or adverbial clause) that takes the "that" clause. The drafts
    the tagger made of the chain's links (A "citing" B, "which" quoted C ...) give way."""
    relay_verbs = lexicon()["relay_verbs"]
    out = list(drafts)
    for verb in tokens_with_lemma(doc, relay_verbs):
        clauses = [c for c in verb.children if c.dep_ == "ccomp" and c.i > verb.i]
        if verb.pos_ != "VERB" or verb.tag_ == "VBG" or verb.dep_ not in ("relcl", "advcl") or not clauses:
            continue  # (", citing B, that S" is ``fold_relay_participles``'s)
        content = clause_span(doc, clauses[0])
        speaker = source_from_parse(doc, (verb.i, verb.i + 1))
        pronoun = next((c for c in verb.children if c.dep_ == "nsubj" and c.tag_ in ("WP", "WDT")), None)
        if pronoun is not None and verb.dep_ == "relcl":  # "C ..., who cited": C
            end = pronoun.i
            while end > verb.head.left_edge.i + 1 and doc[end - 1].is_punct:
                end -= 1
            speaker = (verb.head.left_edge.i, end)
        chain = {verb.i}
        link = verb
        while link.head.i != link.i:
            link = link.head
            chain.add(link.i)
        lo = doc[verb.i].sent.start
        out = [d for d in out if not (
            (d.cue is not None and d.cue[1] - 1 in chain)
            or (d.content is not None and lo <= d.content[0] and d.content[1] <= content[1]
                and (d.content[1] <= content[0] or d.content[1] == content[1])))]
        out.append(Draft(cue=(verb.i, verb.i + 1), source=speaker, content=content))
    return out


def nominal_cues_inside_contents(doc: Doc, drafts: list[Draft]) -> None:
    """'... rejecting [a Russian Defence Ministry] claim [that its troops had taken it]': a
    claim noun tagged as a cue of its own, with the words before it left as the outer
    content. What is rejected is the whole claim: the outer content runs on over it, and
    the noun's modifiers before it are the nested claim's source."""
    nouns = lexicon()["claim_nouns"]
    for n in drafts:
        if n.cue is None or n.content is None or n.source is not None or n.cue[1] - n.cue[0] != 1:
            continue
        noun = doc[n.cue[0]]
        if noun.lower_ not in nouns or n.content[0] < noun.i:
            continue  # (the parse may take "Ministry claim that" for a verb)
        for outer in drafts:
            if outer is n or outer.content is None or outer.content[1] != noun.i or outer.content[0] >= noun.i:
                continue
            if all(t.pos_ in ("DET", "PROPN", "NOUN", "ADJ", "PART") for t in doc[outer.content[0]:noun.i]):
                n.source = outer.content
                outer.content = (outer.content[0], n.content[1])
            break


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
        out.append(Draft(cue=(verb.i, verb.i + 1), source=subtree_span(subj[0]) if subj else None, content=q))
    return out


def signed_quote_drafts(doc: Doc, text: str, quotes: list[tuple[int, int]]) -> list[Draft]:
    """'"..." ― Carla Ruiz' on its own line: the dash is the cue, the name the source.

    Collections of readers' or officials' statements print each quotation with its
    speaker's name after a dash, with no speech verb at all.
    """
    out = []
    for qs, qe in quotes:
        if _single(doc[qs].text):
            continue
        m = _SIGNATURE.match(text, doc[qe - 1].idx)
        if m is None:
            continue
        dash = doc.char_span(m.start(1), m.end(1), alignment_mode="expand")
        name = doc.char_span(m.start(2), m.end(2), alignment_mode="expand")
        if dash is None or name is None or not qs < dash.start:
            continue
        out.append(Draft(cue=(dash.start, dash.end), source=(name.start, name.end), content=(qs, min(qe, dash.start))))
    return out


def _paragraph_starts(text: str) -> list[int]:
    """Character offsets where paragraphs (lines) begin, past any opening quotation mark."""
    starts, pos = [], 0
    for line in text.split("\n"):
        lead = len(line) - len(line.lstrip(" \u00a0\t\"“'‘«„"))
        if line.strip():
            starts.append(pos + lead)
        pos += len(line) + 1
    return starts


def _turn_end(text: str, start: int) -> int:
    """Where a speaker's turn ends: its paragraph, and the quoted paragraphs after it that
    open no new turn (nor a bracketed note such as "(CROSSTALK)")."""
    end = text.find("\n", start)
    while end >= 0:
        nxt = end
        while nxt < len(text) and text[nxt].isspace():
            nxt += 1
        if nxt >= len(text) or text[nxt] not in "\"“" or SPEAKER_TURN.match(text, nxt + 1) or text[nxt + 1:nxt + 2] == "(":
            return end
        end = text.find("\n", nxt)
    return len(text)


def transcript_drafts(doc: Doc, text: str) -> list[Draft]:
    """'WALLACE: Let's start ...': in a transcript, the speaker's name is the source of its turn.

    The colon is the cue and the rest of the paragraph the content. Only names in
    capitals count (a transcript's convention), so "Note: ..." or "Kyiv: ..." do not.
    """
    out = []
    for start in _paragraph_starts(text):
        m = SPEAKER_TURN.match(text, start)
        if m is None:
            continue
        end = _turn_end(text, m.end())
        while end > m.end() and text[end - 1] in " \u00a0\t\"”'’":
            end -= 1
        name = doc.char_span(m.start(1), m.end(1), alignment_mode="expand")
        colon = doc.char_span(m.start(2), m.end(2), alignment_mode="expand")
        said = doc.char_span(m.end(), end, alignment_mode="expand")
        if name is None or colon is None or said is None or colon.start >= said.start or name.end > colon.start:
            continue
        out.append(Draft(cue=(colon.start, colon.end), source=(name.start, name.end), content=(said.start, said.end)))
    return out


def headline_draft(doc: Doc, text: str) -> list[Draft]:
    """'Graham: Trump Is Wrong on Trade' as the first line: the named speaker says the rest.

    Only when the name is a person, organisation or place the model's entities know
    ("Poll: ..." and "The Latest: ..." are labels, not speakers).
    """
    m = _HEADLINE.match(text)
    end = text.find("\n")
    end = len(text) if end < 0 else end
    if m is None or m.end() >= end or m.group(1).startswith("The "):
        return []
    name = doc.char_span(m.start(1), m.end(1), alignment_mode="expand")
    colon = doc.char_span(m.start(2), m.end(2), alignment_mode="expand")
    said = doc.char_span(m.end(), end, alignment_mode="expand")
    if name is None or colon is None or said is None or colon.start >= said.start or name.end > colon.start:
        return []
    if not any(t.ent_type_ in ("PERSON", "ORG", "GPE", "NORP") for t in name):
        return []
    return [Draft(cue=(colon.start, colon.end), source=(name.start, name.end), content=(said.start, said.end))]


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


def _participle_after(doc: Doc, verb: Token, hi: int) -> tuple[int, int] | None:
    """'X said, referring to Y, ...': the participle clause hanging on the cue verb right after it."""
    if hi >= len(doc) or doc[hi].text != ",":
        return None
    for child in verb.children:
        if child.i > hi and child.tag_ in ("VBG", "VBN") and child.dep_ in ("advcl", "xcomp", "conj"):
            lo, end = subtree_span(child)
            if lo == hi + 1 and end - hi <= 30:
                return (lo, end)
    return None


def _verb_tail(doc: Doc, verb: Token, hi: int) -> tuple[int, int] | None:
    """'X said [on Wednesday], "B"' / 'X told [reporters], "B"' / 'X said, [pointing at Y], "B"'.

    The words right after a cue block that hang on the cue verb (its time, place,
    addressee or a participle clause) up to the comma before a quotation mark; None
    when something else (a line break, another clause) comes first.
    """
    end = hi
    while end < len(doc) and end - hi <= 30 and not doc[end].is_quote:
        tok = doc[end]
        if "\n" in tok.text_with_ws:
            return None
        node = tok
        while node.i != verb.i and node.head.i != node.i:
            node = node.head
        if node.i != verb.i and tok.text != ",":
            return None
        end += 1
    if end >= len(doc) or end - hi < 2 or doc[end - 1].text != ",":
        return None
    if any(t.right_edge.i >= end for t in doc[hi:end]):
        return None  # 'X said, adding, "B"': B is what the participle says
    return (hi, end - 1)


def _next_sentence_opens(doc: Doc, hi: int, quote: tuple[int, int], cue_starts: set[int]) -> bool:
    """'"A," X said of Y. "B."': the quote opens the sentence after the cue's, same paragraph.

    The words between the cue and that quote must hold no other cue.
    """
    end = doc[hi - 1].sent.end
    if quote[0] != end or end - hi > 40 or end >= len(doc):
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
            verb = doc[d.cue[1] - 1]
            tail = _verb_tail(doc, verb, hi)
            if not after and tail is not None:
                # '"A," X said on Monday, "B"': the reporter's words between, inside the outer span.
                after = [q for q in doubles if tail[1] <= q[0] <= tail[1] + 1
                         and all(t.is_punct for t in doc[tail[1]:q[0]])]
            clause = _participle_after(doc, verb, hi)
            if not after:
                skip = cue_starts - set(range(*clause)) if clause else cue_starts
                after = [q for q in doubles if _next_sentence_opens(doc, hi, q, skip)]
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


def rule_drafts(doc: Doc, drafts: list[Draft], quotes: list[tuple[int, int]], text: str) -> list[Draft]:
    """Drafts found by rules that do not clash with the tagger's drafts.

    Also corrects the tagger's drafts in place: contents widened to their quotation, a
    speaker and cue given to a quotation signed with a dash, and the publisher made the
    source of what a published medium shows.
    """
    extend_to_quotes(drafts, quotes, doc)
    extra = []
    for sq in signed_quote_drafts(doc, text, quotes) + transcript_drafts(doc, text) + headline_draft(doc, text):
        assert sq.content is not None
        same = [d for d in drafts if d.cue is None and d.content and d.content[0] < sq.content[1] and sq.content[0] < d.content[1]]
        if same:  # the tagger found the quotation but no cue for it
            same[0].cue, same[0].source, same[0].content = sq.cue, sq.source, sq.content
            for d in same[1:]:
                d.content = None  # dropped after the rules run
        else:
            extra.append(sq)
    taken = [d.content for d in drafts + extra if d.content is not None]
    cues = {d.cue for d in drafts if d.cue is not None}
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
    return extra + reports_inside_contents(doc, drafts + extra, quotes)


_AS_SPEECH = frozenset({"saying", "telling", "writing", "stating", "describing", "calling"})


def join_quoted_as_saying(doc: Doc, drafts: list[Draft]) -> list[Draft]:
    """'A quoted B as saying that C' is one attribution: A's cue, B's words C.

    The tagger either takes "B as saying that C" for the content (as PolNeAR marks it) or
    splits the sentence into "A quoted B" (the speaker taken for the content) and a
    source-less "saying C". Either way the content becomes C, so the relay chain reader
    (``chains.py``) finds B as the speaker and A as the relay, and no claim reads
    "Colonel Taras Melnychuk."
    """
    out: list[Draft] = []
    dropped: set[int] = set()
    for d in drafts:
        if id(d) in dropped:
            continue
        if d.cue is not None and d.content is not None and doc[d.cue[1] - 1].lemma_ in lexicon()["relay_verbs"]:
            # "as" right after the quoted party (or after its apposition), then the speech participle
            speech = next((o for o in drafts if o is not d and o.cue is not None and o.content is not None
                           and o.cue[0] >= 1 and doc[o.cue[0]].lower_ in _AS_SPEECH
                           and doc[o.cue[0] - 1].lower_ == "as" and d.content[0] >= d.cue[1]
                           and d.content[1] <= o.cue[0] - 1 and o.content[0] >= o.cue[1]
                           and doc[d.cue[0]].sent.start == doc[o.cue[0]].sent.start
                           and (o.source is None or d.content[0] <= o.source[0] < o.cue[0])), None)
            if speech is not None:
                d.content = speech.content
                dropped.add(id(speech))
            else:
                # or one content "B as saying that C", as PolNeAR marks it: B is the speaker
                k = next((i for i in range(d.content[0] + 1, d.content[1] - 1)
                          if doc[i].lower_ == "as" and doc[i + 1].lower_ in _AS_SPEECH), None)
                if k is not None:
                    d.content = (k + 2, d.content[1])
        out.append(d)
    return [d for d in out if id(d) not in dropped]


def split_speech_participles(doc: Doc, drafts: list[Draft]) -> list[Draft]:
    """'X dismissed the report, saying that Y': a second attribution, X's words Y.

    A reporting participle after a comma that hangs on a draft's cue verb starts a
    statement of its own, as PolNeAR marks it; the tagger often runs the first content on
    over it. The new draft has the same source, the participle for its cue and its
    clausal complement for content; the first content is cut before the comma. When the
    tagger took the participle clause itself for the content of a cue whose complement
    stands before it ('A, a spokesman said, rejecting B'), the content is that complement
    and the participle speaks for the same source. Last, a cue the parse hung inside
    another content takes that content's speaker (``_cues_hung_inside_contents``).
    """
    speech = lexicon()["speech_verbs"] | lexicon()["denial_verbs"]
    cue_at = {i: d for d in drafts if d.cue is not None for i in range(*d.cue)}
    extra = []
    for d in drafts:
        if d.cue is None or d.content is None or d.content[0] < d.cue[1]:
            continue
        verb = doc[d.cue[1] - 1]
        while verb.dep_ in ("aux", "auxpass", "neg", "prt") and verb.head.i != verb.i:
            verb = verb.head
        first = doc[d.content[0]]
        before = [c for c in verb.children if c.dep_ == "ccomp" and c.i < verb.i]
        if first.tag_ == "VBG" and first.lemma_ in speech and doc[first.i - 1].text == "," and before:
            lo, hi = clause_span(doc, before[0])
            own = cue_at.get(first.i)
            if own is None:
                extra.append(Draft(cue=(first.i, first.i + 1), source=d.source, content=(first.i + 1, d.content[1])))
            elif own.source is None:
                own.source = d.source
            d.content = (lo, hi)
            continue
        for part in verb.children:
            if not (part.tag_ == "VBG" and part.dep_ in ("advcl", "xcomp", "conj") and part.lemma_ in speech
                    and d.content[0] < part.i and doc[part.i - 1].text == "," and part.i not in cue_at):
                continue
            comps = [c for c in part.children if c.dep_ == "ccomp" and c.i > part.i]
            if not comps:
                continue
            lo, hi = clause_span(doc, comps[0])
            extra.append(Draft(cue=(part.i, part.i + 1), source=d.source, content=(lo, hi)))
            if d.content[1] > part.i:
                d.content = (d.content[0], part.i - 1)
    _cues_hung_inside_contents(doc, drafts + extra, speech)
    return drafts + extra


def _cues_hung_inside_contents(doc: Doc, drafts: list[Draft], speech: frozenset[str]) -> None:
    """'A rejected B, saying C' and 'A said B had struck X and claimed C', with the second
    cue tagged as a statement of its own: the parse may hang ", saying" or "and claimed"
    on a verb inside B, whose subject ("a missile") then reads as the speaker. The
    second cue speaks for A, the speaker of B, and B ends before it."""
    for own in drafts:
        if own.cue is None or own.cue[1] - own.cue[0] != 1 or own.cue[0] == 0:
            continue
        part = doc[own.cue[0]]
        before = doc[part.i - 1]
        # "and claimed that ...", "and described the target as ...", not "and added a script"
        said = any(c.dep_ in ("ccomp", "xcomp", "oprd") or c.lower_ == "as" for c in part.children)
        if not (part.lemma_ in speech and ((part.tag_ == "VBG" and before.text == ",")
                                           or (part.dep_ == "conj" and before.lower_ == "and" and said))):
            continue
        for d in drafts:
            if d is own or d.source is None or d.content is None or d.content[0] > part.head.i:
                continue
            lo, hi = d.content
            if lo < part.i - 1 and part.head.i < hi and (
                    own.source is None or (lo <= own.source[0] and own.source[1] <= hi)):
                own.source = d.source
                end = min(hi, part.i - 1)
                while end > lo + 1 and doc[end - 1].is_punct:
                    end -= 1
                d.content = (lo, end)
                break


def subject_taken_for_content(doc: Doc, drafts: list[Draft]) -> list[Draft]:
    """'KYIV (CPA) - Ukraine on Sunday rejected Russia's assertion that ...' with the words
    before the cue tagged as its content: they hold the cue verb's subject, so they are
    its source, and what the verb takes after it is the content. A content before the
    cue that is its clausal complement ('A, he said') is left alone. A cue-less draft the
    new content takes in is dropped."""
    speech = lexicon()["speech_verbs"] | lexicon()["denial_verbs"]
    absorbed: list[Draft] = []
    for d in drafts:
        if d.cue is None or d.source is not None or d.content is None or d.content[1] > d.cue[0]:
            continue
        verb = doc[d.cue[1] - 1]
        if any(c.dep_ == "ccomp" and c.i < verb.i for c in verb.children):
            continue
        source = source_from_parse(doc, d.cue)
        objects = [c for c in verb.children if c.i >= d.cue[1] and c.dep_ in ("dobj", "ccomp")]
        if source is None or not objects or not d.content[0] <= source[0] < d.content[1]:
            continue
        lo, hi = clause_span(doc, objects[0])
        hi = next((t.i - 1 for t in doc[lo + 1:hi] if t.tag_ == "VBG" and t.lemma_ in speech
                   and doc[t.i - 1].text == ","), hi)  # ", saying ..." is the subject's next statement
        s0 = source[0]
        while s0 < source[1] - 1 and doc[s0].is_punct:
            s0 += 1  # "(CPA) - Ukraine": the dash is the dateline's
        d.source, d.content = (s0, source[1]), (lo, hi)
        absorbed += [o for o in drafts if o.cue is None and o.content is not None
                     and lo <= o.content[0] and o.content[1] <= hi]
    return [d for d in drafts if not any(d is a for a in absorbed)]
