"""Relay chains: who quoted whom between the speaker and the publishing outlet.

"the portal quoted Kyiv Post quoted Colonel X" carries one statement through two relays.
The small parser mis-tags such runs (the first "quoted" becomes an adjective), so the
chain is read from the tokens with a few patterns, the parse only breaking ties:

- ``A quoted/cited/relayed B``, ``A, citing/quoting B``, ``A, which quoted B``: A relays B;
- ``B, quoted by A``, ``as reported by A``: A relays B;
- ``B told A``, ``in an interview with A`` (A an outlet): A relays B;
- ``according to A, B said``: A relays B.

The source is the party nobody else relays to; ``relays`` walk outwards from it.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from spacy.tokens import Doc, Token
from spacy.tokens import Span as SpacySpan

from sourcetrace.extract import known_sources
from sourcetrace.extract.attribution_assemble import lexicon
from sourcetrace.extract.doctext import doc_text, token_table
from sourcetrace.model import Attribution

ACTIVE = "active"      # A quoted B
PASSIVE = "passive"    # B, quoted by A
TOLD = "told"          # B told A
ACCORDING = "according"  # according to A, B said

_ACTIVE_WORDS = frozenset({"quoted", "cited", "citing", "quoting", "relayed", "relaying", "quotes", "cites"})
_PARTICIPLES = frozenset({"citing", "quoting", "relaying"})
_PASSIVE_WORDS = frozenset({"quoted", "cited", "relayed", "reported", "published", "posted", "shared"})
_SPEECH_VERBS = frozenset({
    "said", "says", "reported", "reports", "wrote", "writes", "claimed", "claims", "added",
    "stated", "announced", "noted", "told", "report", "say", "write", "claim", "has", "had", "have",
    "reporting", "saying", "writing", "claiming",
})
_TELL_PHRASES = (
    ("in", "an", "interview", "with"), ("in", "an", "interview", "to"), ("in", "comments", "to"),
    ("in", "a", "conversation", "with"), ("speaking", "to"), ("talking", "to"), ("speaking", "with"),
    ("in", "remarks", "to"), ("in", "an", "interview", "published", "by"),
)
_TELL_FIRST = frozenset(p[0] for p in _TELL_PHRASES)
_RELATIVES = frozenset({"which", "who", "that"})
_NP_PREPS = frozenset({"of", "for"})
_ATTACH_PREPS = frozenset({"in", "at", "of", "from", "for", "within", "with", "close", "inside", "near"})
_STOP_LOWER = frozenset({"as", "and", "or", "but", "that", "which", "who", "on", "by", "to", "in"})
_PRONOUNS = frozenset({"he", "she", "they", "it", "we", "i", "you"})


@dataclass(frozen=True)
class Party:
    """One speaker or relay in a chain, as a token range of the ``Doc``."""

    start: int  # token index
    end: int    # token index, exclusive
    text: str
    start_char: int
    end_char: int

    @property
    def key(self) -> int:
        return self.end - 1  # the head of an English noun phrase is its last word


@dataclass
class Chain:
    """The nearest speaker and the relays outwards from it."""

    source: Party
    relays: list[Party] = field(default_factory=list)


@dataclass(frozen=True)
class _Link:
    kind: str
    relay: Party
    inner: Party


def _party(doc: Doc, start: int, end: int) -> Party | None:
    while start < end and (doc[start].is_punct or doc[start].is_space) and doc[start].tag_ != "HYPH":
        start += 1
    while end > start and (doc[end - 1].is_punct or doc[end - 1].is_space):
        end -= 1
    if end <= start:
        return None
    span = doc[start:end]
    return Party(start, end, span.text, span.start_char, span.end_char)


def _np_word(tok: Token, first: bool) -> bool:
    low = tok.lower_
    if low in _ACTIVE_WORDS or low in _SPEECH_VERBS or low in _STOP_LOWER:
        return False
    if tok.tag_ == "HYPH" or tok.tag_ == "POS":
        return True
    if tok.is_punct or tok.is_space:
        return False
    if tok.pos_ in ("PROPN", "NOUN", "ADJ", "NUM"):
        return True
    if tok.text[:1].isupper() and tok.pos_ not in ("PRON", "DET", "ADP", "CCONJ", "SCONJ", "PUNCT"):
        return True
    return (first and tok.pos_ in ("DET", "PRON")) or tok.tag_ == "PRP$"


def _right_np(doc: Doc, i: int, stop: int) -> Party | None:
    """The noun phrase starting at token ``i`` (not crossing ``stop``)."""
    if i >= stop:
        return None
    tok = doc[i]
    if tok.lower_ in _PRONOUNS:
        return _party(doc, i, i + 1)
    j = i
    if tok.pos_ == "DET" or tok.tag_ == "PRP$":
        j += 1
    begin_content = j
    while j < stop and _np_word(doc[j], first=False):
        j += 1
        # "General Staff of the Armed Forces": a capitalised name goes on through of/for
        if (j + 1 < stop and doc[j].lower_ in _NP_PREPS and doc[j - 1].text[:1].isupper()):
            k = j + 1 + (doc[j + 1].pos_ == "DET")
            if k < stop and doc[k].text[:1].isupper() and doc[k].pos_ == "PROPN":
                j = k
    if j == begin_content:
        return None
    head = doc[j - 1]
    # "a source in the Defence Ministry", "sources familiar with the matter"
    if head.pos_ in ("NOUN", "ADJ") and head.text[:1].islower() and j < stop and doc[j].lower_ in _ATTACH_PREPS:
        far = max((t.i for t in head.subtree), default=j - 1) + 1
        k = j
        while k < min(far, stop) and doc[k].text not in {",", ";", ":", '"', "\u201c", "\u201d", "("} \
                and doc[k].lower_ not in _ACTIVE_WORDS and doc[k].lower_ not in _SPEECH_VERBS:
            k += 1
        j = k
    return _party(doc, i, j)


def _left_np(doc: Doc, i: int, stop: int) -> Party | None:
    """The noun phrase ending just before token ``i`` (not before ``stop``)."""
    j = i - 1
    if j >= stop and doc[j].lower_ in _PRONOUNS:
        return _party(doc, j, j + 1)
    while j >= stop and _np_word(doc[j], first=False):
        j -= 1
    if j >= stop and (doc[j].pos_ == "DET" or doc[j].tag_ == "PRP$") and doc[j].lower_ not in _RELATIVES:
        j -= 1
    if j + 1 >= i:
        return None
    return _party(doc, j + 1, i)


def _skip_left(doc: Doc, i: int, stop: int, words: bool) -> int:
    """Moves left over commas (and, if ``words``, speech verbs and adverbs) before token ``i``."""
    j = i
    while j - 1 >= stop:
        t = doc[j - 1]
        if t.text in {",", "\u2014", "-", "\u2013"} or (words and (t.lower_ in _SPEECH_VERBS or t.pos_ in ("ADV", "AUX"))):
            j -= 1
            continue
        break
    return j


def _is_medium(doc: Doc, party: Party) -> bool:
    """A video, footage or photo: what a party published or cited, not a party."""
    return doc[party.end - 1].lemma_.lower() in lexicon()["media_nouns"]


def is_outlet_like(doc: Doc, party: Party) -> bool:
    """Whether a party names a publisher, to tell "told Reuters" from "told his men"."""
    known = known_sources.lookup(party.text)
    if known is not None:
        return known.kind == "outlet"
    lex = known_sources.lexicon()
    words = [t.lower_ for t in doc[party.start:party.end]]
    if not words or words[-1] in _PRONOUNS:
        return False
    if words[-1] in lex["outlet_nouns"] or (len(words) > 1 and " ".join(words[-2:]) in {"news agency", "tv channel"}):
        return True
    caps = doc[party.end - 1].text[:1].isupper()
    return caps and words[-1] in lex["outlet_name_words"]


def _speaker_for(doc: Doc, marker: int, given: Party | None, other: Party, lo: int, hi: int) -> Party | None:
    """The speaker a told/according-to phrase belongs to: the attribution's own source, or
    the subject of the verb the phrase hangs from."""
    if given is not None and given.key != other.key and not (other.start <= given.key < other.end):
        return given
    verb = doc[marker]
    while verb.pos_ not in ("VERB", "AUX") and verb.head.i != verb.i:
        verb = verb.head
    for child in verb.children:
        if child.dep_ in ("nsubj", "nsubjpass") and lo <= child.i < hi:
            if child.lower_ in _RELATIVES:
                return None
            party = _left_np(doc, child.i + 1, lo) if child.pos_ != "PRON" else _party(doc, child.i, child.i + 1)
            if party is not None and party.key != other.key:
                return party
    return None


def char_span(doc: Doc, start: int, end: int) -> SpacySpan | None:
    """The token span covering chars [start, end), or None for an empty or invalid range."""
    start, end = max(0, start), min(end, len(doc_text(doc)))
    if start >= end:
        return None
    try:
        span = doc.char_span(start, end, alignment_mode="expand")
    except (IndexError, ValueError):
        return None
    return span if span is not None and len(span) else None


def _segment(doc: Doc, att: Attribution) -> tuple[int, int, Party | None] | None:
    """The token range around source and cue, outside the content, and the source party."""
    anchors: list[SpacySpan] = []
    src_span = None
    if att.source is not None:
        src_span = char_span(doc, att.source.start, att.source.end)
        if src_span is not None:
            anchors.append(src_span)
    if att.cue is not None:
        cue_span = char_span(doc, att.cue.start, att.cue.end)
        if cue_span is not None:
            anchors.append(cue_span)
    if not anchors:
        return None
    lo = min(a.sent.start for a in anchors)
    hi = max(a.sent.end for a in anchors)
    first = min(a.start for a in anchors)
    content = char_span(doc, att.content.start, att.content.end)
    if content is not None and not (content.start <= first < content.end):
        if first < content.start:
            hi = min(hi, content.start)
        else:
            lo = max(lo, content.end)
    given = _party(doc, src_span.start, src_span.end) if src_span is not None else None
    return lo, hi, given


def _links(doc: Doc, lo: int, hi: int, given: Party | None) -> list[_Link]:
    links: list[_Link] = []
    lower = token_table(doc).lower
    i = lo
    while i < hi:
        low = lower[i]
        nxt = lower[i + 1] if i + 1 < hi else ""
        # B, quoted by A / as reported by A
        if low in _PASSIVE_WORDS and nxt == "by":
            relay = _right_np(doc, i + 2, hi)
            start = i - 1 if i - 1 >= lo and lower[i - 1] == "as" else i
            inner = _left_np(doc, _skip_left(doc, start, lo, words=False), lo)
            if inner is None or (given is not None and relay is not None and inner.key == relay.key):
                inner = given
            if relay is not None and inner is not None and relay.key != inner.key:
                links.append(_Link(PASSIVE, relay, inner))
            i += 2
            continue
        if low in _ACTIVE_WORDS and not (low in _PASSIVE_WORDS and lower[i - 1] in {"was", "were", "is", "been"} if i > lo else False):
            inner = _right_np(doc, i + 1, hi)
            # "X cited a video": evidence, not a party X relays (unless the given source is
            # a relative pronoun the link resolves: "a video ..., which appears to show")
            if inner is not None and not (_is_medium(doc, inner) and given is not None
                                          and given.text.lower() not in _RELATIVES):
                j = i
                relay = None
                if j - 1 >= lo and lower[j - 1] in _RELATIVES:
                    relay = _left_np(doc, _skip_left(doc, j - 1, lo, words=False), lo)
                elif low in _PARTICIPLES:
                    relay = _left_np(doc, _skip_left(doc, j, lo, words=True), lo)
                    if relay is not None and doc[relay.end - 1].ent_type_ in ("DATE", "TIME"):
                        relay = None  # "reported on Wednesday, citing": the day is no relay
                    if relay is None and given is not None and given.end <= i:
                        relay = given
                else:
                    subjects = [c for c in doc[i].children if c.dep_ == "nsubj" and lo <= c.i < i
                                and c.lower_ not in _RELATIVES]
                    if subjects and subjects[-1].i < i - 1 and subjects[-1].pos_ in ("PROPN", "NOUN", "PRON"):
                        relay = _left_np(doc, subjects[-1].i + 1, lo)
                    if relay is None:
                        relay = _left_np(doc, i, lo)
                if relay is not None and relay.key != inner.key:
                    links.append(_Link(ACTIVE, relay, inner))
            i += 1
            continue
        if low == "according" and nxt == "to":
            relay = _right_np(doc, i + 2, hi)
            if relay is not None:
                inner = _speaker_for(doc, i, given, relay, lo, hi)
                if inner is not None:
                    links.append(_Link(ACCORDING, relay, inner))
            i += 2
            continue
        if low == "told":
            relay = _right_np(doc, i + 1, hi)
            if relay is not None and is_outlet_like(doc, relay):
                inner = _speaker_for(doc, i, given, relay, lo, hi)
                if inner is None:
                    inner = _left_np(doc, _skip_left(doc, i, lo, words=False), lo)
                if inner is not None and inner.key != relay.key:
                    links.append(_Link(TOLD, relay, inner))
            i += 1
            continue
        matched = False
        for phrase in _TELL_PHRASES if low in _TELL_FIRST else ():
            n = len(phrase)
            if i + n <= hi and tuple(t.lower_ for t in doc[i:i + n]) == phrase:
                relay = _right_np(doc, i + n, hi)
                if relay is not None and is_outlet_like(doc, relay):
                    inner = _speaker_for(doc, i, given, relay, lo, hi)
                    if inner is not None:
                        links.append(_Link(TOLD, relay, inner))
                i += n
                matched = True
                break
        if not matched:
            i += 1
    return links


def find_chain(doc: Doc, att: Attribution) -> Chain | None:
    """Reads the relay chain of one attribution from its sentence.

    The attribution's source may be the outermost relay ("the Ukrainian portal"), the
    innermost speaker, or a span covering the whole chain; the result is the same.

    Args:
        doc: the parsed document.
        att: an attribution with a source and/or cue span, and its content span.

    Returns:
        The chain (source nearest the content, relays outwards), or None when the
        sentence relays nothing.
    """
    seg = _segment(doc, att)
    if seg is None:
        return None
    lo, hi, given = seg
    # a given source that spans a chain is no party of its own
    if given is not None and any(t.lower_ in _ACTIVE_WORDS or t.lower_ in {"told", "according"}
                                 for t in doc[given.start:given.end]):
        given = None
    links = _links(doc, lo, hi, given)
    if not links:
        return None
    parties: dict[int, Party] = {}
    relays_to: dict[int, int] = {}  # inner key -> relay key
    for link in links:
        parties.setdefault(link.relay.key, link.relay)
        parties.setdefault(link.inner.key, link.inner)
        relays_to.setdefault(link.inner.key, link.relay.key)
    relaying = {link.relay.key for link in links}
    innermost = [k for k in relays_to if k not in relaying] or list(relays_to)

    def walk(k: int) -> list[int]:
        seen, out = {k}, []
        while k in relays_to and relays_to[k] not in seen:
            k = relays_to[k]
            seen.add(k)
            out.append(k)
        return out

    def score(k: int) -> tuple[int, int]:
        chain = [k, *walk(k)]
        has_given = int(given is not None and any(parties[c].start <= given.key < parties[c].end for c in chain))
        return has_given, len(chain)

    best = max(innermost, key=score)
    return Chain(source=parties[best], relays=[parties[k] for k in walk(best)])
