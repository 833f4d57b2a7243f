"""Claims: one self-contained statement per attributed content and per outlet assertion.

Every :class:`Attribution` becomes a claim that names it, except one whose content is only
the party a relay quoted ("cited a Kyiv newspaper": a link of the chain, kept in ``via``);
a claim in circulation that the outlet discusses ("the claim that drones hit a ship
stands on firmer ground") becomes an outlet claim of its "that" clause; every other
sentence becomes an outlet claim (``attribution=None``) only when it asserts an event or
a firm assessment, so headlines, questions and boilerplate do not flood the claim list.
Scope is by sentence: a claim owns the signals, places and times of the sentences its
content, cue and source sit in, which is where hedges and denials attach in news prose,
except a denial, doubt or confirmation that another attribution in the sentence voices.

``status`` is never chosen by hand: it comes from the precedence table
``resources/events/status_rules.tsv`` (denied > disputed > confirmed > unverified >
video_claimed > official_claim > reported), read once, applied to the signals in scope,
the source entity's kind, and the denials or doubts voiced by the other side elsewhere in
the same document (the "chain").
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from dataclasses import dataclass, field, replace
from functools import lru_cache

from spacy.tokens import Doc, Token
from spacy.tokens import Span as SpacySpan

from sourcetrace.extract.attribution_assemble import lexicon
from sourcetrace.extract.doctext import doc_text, token_table
from sourcetrace.extract.events import _rows, classify_event, event_of_scores, score_event
from sourcetrace.model import Attribution, Claim, Entity, Place, Signal, TimeExpr

__all__ = ["build_claims", "claim_status", "claim_text", "status_rules"]

#: Outlet sentences need this much event evidence to count as a claim.
OUTLET_MIN_SCORE = 3.0
QUOTES = "\"'“”‘’«»„‟‚‛`"
BOILERPLATE = re.compile(
    r"\b(subscribe|newsletter|sign up|click here|read more|all rights reserved|copyright|"
    r"cookies?|advertisement|follow us|share this|terms of use|privacy policy)\b", re.IGNORECASE)
SAY_TAIL = re.compile(
    r"[,;]?\s*(?:(?:he|she|they|it|we|I)|(?:the|a|an)\s+[\w\s-]{1,40}?)\s+"
    r"(?:said|says|added|adds|told\s+\w+|claimed|claims|wrote|stated|noted)\s*[.!]?$", re.IGNORECASE)
ANAPHORA = frozenset([
    "it", "this", "that", "these", "those", "claim", "claims", "report", "reports",
    "allegation", "allegations", "information", "statement", "footage", "video"
])
OFFICIAL_KINDS = ("government", "military_unit")
#: A verbless content needs this many content words to be a claim ("plans for new mobilisation").
MIN_NOMINAL_WORDS = 3
CONTENT_POS = frozenset(["NOUN", "PROPN", "ADJ", "NUM"])
#: A speaker's request for anonymity ("asked not to be named") says nothing of the war.
ANONYMITY = re.compile(r"(?:not\s+)?to\s+be\s+(?:named|identified|quoted)\b", re.IGNORECASE)
#: How a side's state bodies own what they speak of ("its forces" of a Russian ministry).
SIDE_ADJECTIVES = {"russia": "Russian", "ukraine": "Ukrainian"}


@dataclass(frozen=True)
class StatusRule:
    status: str
    conditions: tuple[tuple[str, str], ...]  # (condition kind, value)


@lru_cache(maxsize=1)
def status_rules() -> tuple[StatusRule, ...]:
    """The status precedence table, first matching row wins."""
    rules = []
    for row in _rows("status_rules.tsv"):
        conds = []
        for cond in row[1].split(","):
            kind, _, value = cond.strip().partition(":")
            conds.append((kind, value))
        rules.append(StatusRule(row[0], tuple(conds)))
    return tuple(rules)


def claim_status(signal_kinds: set[str], chain_kinds: set[str] = frozenset(),  # type: ignore[assignment]
                 source_kind: str | None = None) -> str:
    """Applies the precedence table.

    Args:
        signal_kinds: kinds of the signals in the claim's scope.
        chain_kinds: signal kinds voiced against this claim by the other side.
        source_kind: the kind of the claim's source entity, if any.
    """
    facts = {("signal", k) for k in signal_kinds} | {("chain", k) for k in chain_kinds}
    if source_kind:
        facts.add(("source_kind", source_kind))
    facts.add(("always", ""))
    for rule in status_rules():
        if any(cond in facts for cond in rule.conditions):
            return rule.status
    return "reported"


# --- text ------------------------------------------------------------------------------

def claim_text(content: str, source: Entity | None = None, direct: bool = False) -> str:
    """Turns a content span into one self-contained sentence close to the source text.

    Strips surrounding quotes, a leading "that" and a trailing "he said"; replaces a
    leading pronoun by the source's name when that is unambiguous: he/she in reported
    speech by a person ("X said he saw"), "we"/"our" in a quote by a body, "its" in
    reported speech by a body ("the ministry said its air defences": the side's, "Russian air
    defences", for a state body);
    a "he" inside a direct quote is someone else and stays. Capitalises and closes it.
    """
    text = " ".join(content.split()).strip().strip(QUOTES + " ,;:").strip()
    text = SAY_TAIL.sub("", text).strip().strip(QUOTES + " ,;:").strip()
    if text.lower().startswith("that "):
        text = text[5:].lstrip()
    if source is not None and source.kind != "anonymous":
        first, _, rest = text.partition(" ")
        low = first.lower()
        speaker_he = low in ("he", "she") and source.kind == "person" and not direct
        speaker_we = low == "we" and source.kind != "person"
        speaker_its = ((low == "its" and not direct) or low == "our") and source.kind != "person"
        if (speaker_he or speaker_we) and rest:
            text = f"{source.name} {rest}"
        elif speaker_its and rest:
            # "the ministry said its forces ...": a state body's forces are its side's
            owner = SIDE_ADJECTIVES.get(source.side) if source.kind in OFFICIAL_KINDS else None
            text = f"{owner} {rest}" if owner else f"{source.name}'s {rest}"
    if text:
        text = text[0].upper() + text[1:]
        if text[-1].isalnum() or text[-1] in QUOTES + ")":
            text = text.rstrip(QUOTES) + _closing_marks(text.rstrip(QUOTES)) + "."
    return text


def _closing_marks(text: str) -> str:
    """The quotation marks a cut content left open ('attacks "near Robotyne'), to close it."""
    if text.count('"') % 2:
        return '"'
    opened = text.count("“") - text.count("”") + text.count("«") - text.count("»")
    return ("”" if "“" in text else "»") * opened if opened > 0 else ""


# --- scope -----------------------------------------------------------------------------

@dataclass
class _Draft:
    start: int  # anchor for ordering: content start or sentence start
    end: int
    text: str
    event_type: str
    attribution: Attribution | None
    sents: list[tuple[int, int]]
    signals: list[Signal] = field(default_factory=list)
    source: Entity | None = None


def _overlaps(a0: int, a1: int, b0: int, b1: int) -> bool:
    return a0 < b1 and b0 < a1


class _Sentences:
    """Sentence character ranges, in order, found by bisection rather than by scanning."""

    def __init__(self, ranges: list[tuple[int, int]]) -> None:
        self.ranges = ranges
        self._starts = [s for s, _ in ranges]
        self._ends = [e for _, e in ranges]

    def indices(self, spans: list[tuple[int, int]]) -> set[int]:
        """Indices of the sentences that overlap any span (or where an empty span starts)."""
        found: set[int] = set()
        for a, b in spans:
            found.update(range(bisect_right(self._ends, a), bisect_left(self._starts, b)))
            if a == b:
                k = bisect_left(self._starts, a)
                if k < len(self._starts) and self._starts[k] == a:
                    found.add(k)
        return found

    def of(self, spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
        """The sentences that overlap any of the spans, in order."""
        return [self.ranges[i] for i in sorted(self.indices(spans))]

    def containing(self, start: int, end: int) -> tuple[int, int] | None:
        """The sentence that holds a non-empty span whole, if one does (only the last
        sentence starting at or before ``start`` can: sentences do not overlap)."""
        k = bisect_right(self._starts, start) - 1
        return self.ranges[k] if k >= 0 and end <= self._ends[k] else None


def _in_scope(start: int, end: int, inner: tuple[int, int], home: tuple[int, int] | None,
              sents: set[tuple[int, int]]) -> bool:
    """A mention is in scope inside the content or in a sentence of the content (``home``
    is the sentence that holds the mention)."""
    return (inner[0] <= start and end <= inner[1]) or home in sents


def _attribution_spans(a: Attribution) -> list[tuple[int, int]]:
    spans = [(a.content.start, a.content.end)]
    if a.cue is not None:
        spans.append((a.cue.start, a.cue.end))
    if a.source is not None and a.source.end > a.source.start:
        spans.append((a.source.start, a.source.end))
    return spans


#: Signals that take a stance on a statement: they belong to the attribution voicing them.
STANCE_KINDS = frozenset({"denial", "doubt", "confirmation"})


def _stance_homes(attributions: list[Attribution], signals: list[Signal]) -> dict[str, str]:
    """The attribution whose cue or content voices each stance signal, where one does.

    "The ministry dismissed the report as fake, saying its forces had destroyed 40
    militants": the denial is the dismissal's; the claim said alongside it is the
    ministry's own assertion, not a denied one, though both share a sentence.
    """
    homes: dict[str, str] = {}
    for s in signals:
        if s.kind not in STANCE_KINDS:
            continue
        for a in attributions:
            spans = [(a.content.start, a.content.end)] + ([(a.cue.start, a.cue.end)] if a.cue else [])
            if any(_overlaps(s.start, s.end, b0, b1) for b0, b1 in spans):
                homes[s.id] = a.id
                break
    return homes


_OPENERS = "\"“«„‘'"
_HALF_ENDS = QUOTES + " ,"


def _spoken_part(a: Attribution) -> str:
    """The content without the "he said" that splits a quotation in two: '"We held the
    line," the commander said, "and we will hold it."' says "We held the line, and we will
    hold it."; a cue ending its sentence ('said X. "But ...') joins the halves as two."""
    c = a.content
    inner = [x for x in (a.cue, a.source) if x is not None and c.start < x.start and x.end < c.end]
    if a.cue is None or a.cue not in inner:
        return c.text
    lo = min(x.start for x in inner) - c.start
    hi = max(x.end for x in inner) - c.start
    rest = c.text[hi:]
    opener = min((rest.find(q) for q in _OPENERS if q in rest), default=-1)
    if opener < 0:
        return c.text
    first, second = c.text[:lo].rstrip(_HALF_ENDS), rest[opener:].lstrip(QUOTES + " ")
    if not first or not second:
        return c.text
    joint = ". " if "." in rest[:opener] else ", "
    return first + joint + second


#: Verbs that pass a verdict on their object: "dismissed the report as fake", "calls it fake".
_VERDICT_CUES = frozenset({"call", "dismiss", "describe", "brand", "label", "term", "characterise", "characterize",
                           "portray", "denounce", "reject", "deride", "regard"})
_PLURAL_POINTERS = frozenset({"these", "those", "they", "them"})
_SUBJECT_FORMS = {"them": "they", "him": "he", "her": "she", "us": "we", "me": "I"}


def _verdict(doc: Doc, a: Attribution) -> str | None:
    """'[The report] as "fake"' and '[it] fake' read as statements: 'The report is "fake"',
    'It is fake' (the object and the predicate the cue verb gives it)."""
    if a.cue is None:
        return None
    cue = doc.char_span(a.cue.start, a.cue.end, alignment_mode="expand")
    if cue is None or cue[-1].lemma_ not in _VERDICT_CUES:
        return None
    verb, c0, c1 = cue[-1], a.content.start, a.content.end
    obj = next((t for t in verb.children if t.dep_ == "dobj" and c0 <= t.left_edge.idx and t.idx < c1), None)
    pred = next((t for t in verb.children if t.dep_ == "oprd" and t.i > verb.i), None)
    as_prep = next((t for t in verb.children if t.dep_ == "prep" and t.lower_ == "as"), None)
    head = pred if pred is not None else as_prep
    if obj is None or head is None or (head.right_edge.i <= head.i and head is as_prep):
        return None
    first = head.left_edge if head is pred else doc[head.i + 1]
    last = head.right_edge
    while last.i > first.i and (last.is_space or last.text in ".,;:"):
        last = doc[last.i - 1]
    if not obj.right_edge.idx < first.idx <= c1 + 1:  # the verdict within the content, or just after it
        return None
    text = doc_text(doc)
    plural = obj.tag_ in ("NNS", "NNPS") or obj.lower_ in _PLURAL_POINTERS or obj.lower_ == "themselves"
    subject = text[obj.left_edge.idx:obj.right_edge.idx + len(obj.right_edge.text)]
    if obj.lower_.endswith(("self", "selves")):
        # "the channel describes itself as ...", "a group calling itself ...": the speaker is
        if a.source is not None:
            subject = a.source.text
        elif verb.dep_ == "acl":
            subject = text[verb.head.left_edge.idx:verb.head.idx + len(verb.head.text)]
    subject = _SUBJECT_FORMS.get(subject.lower(), subject)  # "dismissed them as": they are
    # to the end of the verdict's phrase, which a content cut short ("these as") leaves out
    return f"{subject} {'are' if plural else 'is'} {text[first.idx:max(c1, last.idx + len(last.text))]}"


#: Verbs whose subject is what the infinitive content is about: "the video appears to show".
_RAISING_CUES = frozenset({"appear", "appears", "appeared", "seem", "seems", "seemed", "purport", "purports",
                           "purported"})


def _raised(a: Attribution) -> str | None:
    """'[a drone video] appears [to show 14 men ...]' reads as one statement: 'A drone video
    appears to show 14 men ...', not 'To show 14 men ...'."""
    if a.cue is None or a.source is None or not a.content.text.lower().startswith("to "):
        return None
    words = a.cue.text.lower().split()
    if not words or words[-1] not in _RAISING_CUES or a.source.text.lower() in ("which", "that", "who", "it"):
        return None
    return f"{a.source.text} {a.cue.text} {a.content.text}"


def _claimed_clause(doc: Doc, a: Attribution) -> str | None:
    """'[Kyiv rejected] Russia's assertion that a strike killed fighters' is about the strike:
    the claim is the clause a claim noun at the content's start introduces."""
    content = doc.char_span(a.content.start, a.content.end, alignment_mode="expand")
    if content is None or a.kind == "direct":
        return None
    for tok in content[:6]:  # near the start: "Russia's latest assertion that"
        # the singular noun whatever its tag: the parse may read "a Ministry claim that" as a verb
        if (tok.lower_ in CLAIM_NOUNS or (tok.lemma_ in CLAIM_NOUNS and tok.pos_ == "NOUN")) and tok.i + 2 < content.end \
                and doc[tok.i + 1].lower_ == "that":
            return doc_text(doc)[doc[tok.i + 2].idx:a.content.end]
    return None


def _antecedent(clause: Token) -> str | None:
    """What the relative clause ``clause`` is about: the name a descriptive apposition
    stands beside ("Robotyne, a village that ..."), else the noun phrase up to the noun.
    A ", which" on the object of a preposition is on the noun the phrase modifies ("a
    video of a glow, which they said showed ..."); None when that noun is not the
    preposition's head ("a letter ... signed by 37 relatives, which": too far to tell)."""
    noun = clause.head
    first = clause.left_edge
    if noun.dep_ == "pobj" and first.lower_ == "which" and first.i and clause.doc[first.i - 1].text == ",":
        prep = noun.head
        if prep.dep_ != "prep" or prep.head.pos_ not in ("NOUN", "PROPN"):
            return None
        noun = prep.head
    if noun.dep_ == "appos" and noun.head.pos_ == "PROPN":
        noun = noun.head
        start = min([c.i for c in noun.children if c.dep_ == "compound"] + [noun.i])
    else:
        start = noun.left_edge.i
    text = noun.doc[start:noun.i + 1].text
    return text if noun.doc[start].pos_ == "PROPN" else text[:1].lower() + text[1:]


def _gap_filled(doc: Doc, a: Attribution) -> str | None:
    """'Robotyne, a village [that the ministry said] [its forces had captured]': the content
    of a cue in a relative clause lacks the noun the clause is on, as its object ("... had
    captured Robotyne") or its subject ("a town that officials claimed [was encircled]").
    An empty text when that noun cannot be told: "it has obtained" alone is no claim."""
    if a.cue is None or a.kind == "direct":
        return None
    cue = doc.char_span(a.cue.start, a.cue.end, alignment_mode="expand")
    # the speaker is the clause's own subject, not its pronoun ("officials, who said ...")
    if cue is None or cue[-1].dep_ != "relcl" or not any(
            c.dep_ == "nsubj" and c.tag_ not in ("WDT", "WP") and c.lower_ != "that" for c in cue[-1].children):
        return None
    start = max(a.content.start, a.cue.end)  # a content taken from the relative pronoun on
    verb = next((c for c in cue[-1].children if c.dep_ in ("ccomp", "xcomp") and start <= c.idx < a.content.end),
                None)
    if verb is None or verb.pos_ != "VERB":
        return None
    deps = {c.dep_ for c in verb.children if c.tag_ not in ("WDT", "WP")}
    antecedent, text = _antecedent(cue[-1]), doc_text(doc)
    if antecedent is None:
        return ""
    if not deps & {"nsubj", "nsubjpass", "expl", "csubj"}:
        return f"{antecedent} {text[start:a.content.end].strip()}"
    if verb.tag_ not in ("VBD", "VBN") or deps & {"auxpass", "dobj", "ccomp", "xcomp", "attr", "oprd", "dative"}:
        return None
    end = max([verb.idx + len(verb)] + [c.idx + len(c) for c in verb.children if c.dep_ == "prt"])
    return f"{text[start:end].strip()} {antecedent}{text[end:a.content.end]}"


def _names_a_relay(doc: Doc, a: Attribution) -> bool:
    """Whether the content is only the party a relay quoted ("the wire story cited a Kyiv
    newspaper"): a link of the chain, which ``via`` records, and no claim."""
    if a.cue is None or a.kind == "direct":
        return False
    cue = doc.char_span(a.cue.start, a.cue.end, alignment_mode="expand")
    content = doc.char_span(a.content.start, a.content.end, alignment_mode="expand")
    return bool(cue is not None and content is not None and cue[-1].lemma_ in lexicon()["relay_verbs"]
                and not any(t.pos_ in ("VERB", "AUX") for t in content))


def _says_nothing(doc: Doc, a: Attribution, answers: bool) -> bool:
    """Whether the content is too thin to be a claim on its own: a request for anonymity
    ("asked not to be named"), a clause of nothing but pronouns and auxiliaries ("they
    are"), or, with no verb, only names ("thanked the United Arab
    Emirates") or fewer than ``MIN_NOMINAL_WORDS`` content words ("them", "which", "a
    ship"), unless it ``answers`` an earlier claim ("denied the report", "confirmed the
    numbers"). Such spans are cut-off objects, relative pronouns or a parse gone wrong;
    as claims they only bridge unrelated stories in linking."""
    content = doc.char_span(a.content.start, a.content.end, alignment_mode="expand")
    if content is None:
        return False
    if ANONYMITY.match(content.text):
        return True
    if any(t.pos_ == "VERB" for t in content):
        return False
    words = [t for t in content if t.pos_ in CONTENT_POS and not t.is_stop]
    if words and any(t.pos_ == "AUX" for t in content):
        return False  # a clause; but a bare "they are" (whether the men are who "they say they are") is none
    names_only = bool(words) and all(t.ent_type or t.pos_ == "PROPN" for t in words)
    return (names_only or len(words) < MIN_NOMINAL_WORDS) and not answers


def _denies(doc: Doc, a: Attribution) -> bool:
    """Whether the cue is a verb of denial ("denied", "rejected"), signal or not."""
    cue = doc.char_span(a.cue.start, a.cue.end, alignment_mode="expand") if a.cue else None
    return bool(cue is not None and any(t.lemma_ in lexicon()["denial_verbs"] for t in cue))


def _event_of(doc: Doc, text: str, start: int, end: int) -> str:
    span = doc.char_span(start, end, alignment_mode="expand")
    return classify_event(text, span if span is not None and len(span) else None)


def _outlet_scores(sent: SpacySpan) -> dict[str, float] | None:
    """The event scores of a sentence that makes an outlet claim, None for any other
    (kept so the builder classifies the event without scoring the sentence twice)."""
    text = sent.text.strip()
    if not text or text.endswith("?") or BOILERPLATE.search(text):
        return None
    if text.rstrip(QUOTES)[-1:] not in ".!":
        return None  # a headline, a dateline or a caption: the body restates it
    tab, tokens = token_table(sent.doc), range(sent.start, sent.end)
    if sum(tab.is_alpha[i] for i in tokens) < 5 or not any(tab.pos[i] in ("VERB", "AUX") for i in tokens):
        return None
    scores = score_event(text, sent)
    return scores if max(scores.values(), default=0.0) >= OUTLET_MIN_SCORE else None


#: Nouns whose "that" clause states a claim in circulation: "the claim that drones hit a ship".
CLAIM_NOUNS = lexicon()["claim_nouns"]
#: Verbs of publishing: "the report that the ministry published" is a relative clause.
_PUBLISHING = frozenset({"publish", "release", "write", "run", "issue", "file", "carry", "air", "broadcast",
                         "see", "read", "cite", "quote", "make", "share", "post", "print", "deny", "reject"})


def _claim_noun_clauses(doc: Doc) -> list[tuple[int, int]]:
    """Character spans of claims an outlet discusses without a speaker: "The claim that
    Ukrainian sea drones hit a patrol ship stands on firmer ground", "Reports that the
    bridge was destroyed could not be verified". A noun with a possessor ("the ministry's
    claim that ...") has a source, and is the attribution engine's."""
    out = []
    tab = token_table(doc)
    for i, lemma in enumerate(tab.lemma):
        if lemma not in CLAIM_NOUNS or tab.pos[i] != "NOUN" or any(tab.dep[c] == "poss" for c in tab.children[i]):
            continue
        noun = doc[i]
        for clause in noun.children:
            if clause.dep_ not in ("acl", "relcl", "ccomp") or clause.pos_ not in ("VERB", "AUX"):
                continue
            first = clause.left_edge
            if first.lower_ != "that" or first.i != noun.i + 1:
                continue
            # "the report that the ministry published": "that" is the verb's object
            relative = first.dep_ != "mark" and (clause.lemma_ in _PUBLISHING or not any(
                c.dep_ in ("nsubj", "nsubjpass") and c.i != first.i for c in clause.children))
            if relative:
                continue
            # up to the clause's end, before a participle the parse hung on it (", calling them
            # 'pure speculation'" is the main clause's) and any trailing space
            stop = min([c.i - 1 for c in clause.children if c.dep_ == "advcl" and c.tag_ == "VBG"
                        and c.i > first.i + 1 and doc[c.i - 1].text == ","], default=clause.right_edge.i + 1)
            end = stop - 1
            while end > first.i and (doc[end].is_space or doc[end].is_punct):
                end -= 1
            if end > first.i:
                out.append((doc[first.i + 1].idx, doc[end].idx + len(doc[end].text)))
    return out


# --- chain -----------------------------------------------------------------------------

def _rebuts(rebut: _Draft, target: _Draft, kind: str, pointed: bool = False) -> bool:
    """Whether ``rebut``'s source may deny (other side) or doubt (any other source) ``target``.

    A denial that points back at what it answers (``pointed``: "Dronov described these as a
    fake" after "channels spread claims that a ship was hit") needs no known sides: any
    other source but one of the same known side may deny what came just before it.
    """
    if rebut.attribution is None or target.attribution is None or target.start >= rebut.start:
        return False
    other = rebut.source is None or target.source is None or rebut.source.id != target.source.id
    if kind == "denial":
        sides = (rebut.source.side if rebut.source else "unknown",
                 target.source.side if target.source else "unknown")
        if pointed:
            return other and ("unknown" in sides or sides[0] != sides[1])
        return "unknown" not in sides and sides[0] != sides[1]
    return other


def _chain(drafts: list[_Draft]) -> dict[int, set[str]]:
    """Denials (from the other side) and doubts (from another source) aimed at earlier claims.

    The target is every earlier claim of the same event type, or, when the rebuttal is
    anaphoric ("denied the report", "called it fake"), the nearest earlier claim it may
    answer (see ``_rebuts``).
    """
    out: dict[int, set[str]] = {}
    for j, rebut in enumerate(drafts):
        words = set(re.findall(r"[a-z]+", rebut.text.lower()))
        anaphoric = bool(words & ANAPHORA) or len(words) <= 4
        for kind in sorted({s.kind for s in rebut.signals} & {"denial", "doubt"}):
            hit = [i for i, c in enumerate(drafts[:j]) if _rebuts(rebut, c, kind)
                   and c.event_type == rebut.event_type and rebut.event_type not in ("statement", "other")]
            if not hit and anaphoric:
                hit = [i for i, c in enumerate(drafts[:j]) if _rebuts(rebut, c, kind, pointed=True)][-1:]
            for i in hit:
                out.setdefault(i, set()).add(kind)
    return out


FOLLOW_UP_KINDS = frozenset({"unverified", "doubt", "confirmation", "denial",
                             "evidence_video", "evidence_photo", "evidence_document"})
FOLLOW_UP_WORDS = frozenset([
    "claim", "claims", "report", "reports", "it", "this", "that", "footage", "video", "videos",
    "images", "photos", "allegation", "allegations", "account", "figure", "figures"
])


def _attach_follow_ups(doc: Doc, drafts: list[_Draft], signals: list[Signal],
                       sents: list[SpacySpan] | None = None) -> None:
    """Gives a claim the verdict of the next sentence when that sentence only comments on it.

    "X said its forces downed a jet. The claim could not be independently verified.": the
    second sentence makes no claim of its own, and its signal belongs to the first.
    """
    sents = list(doc.sents) if sents is None else sents
    owned = {i for i, sent in enumerate(sents) for d in drafts
             if _overlaps(sent.start_char, sent.end_char, d.start, d.end)}
    for i, sent in enumerate(sents):
        if i in owned or i == 0:
            continue
        found = [s for s in signals if s.kind in FOLLOW_UP_KINDS
                 and sent.start_char <= s.start and s.end <= sent.end_char]
        words = {t.lower_ for t in sent[:6]}
        if not found or not words & FOLLOW_UP_WORDS:
            continue
        prev = sents[i - 1]
        before = [d for d in drafts if _overlaps(prev.start_char, prev.end_char, d.start, d.end)]
        if before:
            target = before[-1]
            merged = {s.id: s for s in [*target.signals, *found]}
            target.signals = sorted(merged.values(), key=lambda s: s.start)


# --- builder ---------------------------------------------------------------------------

def build_claims(doc: Doc, attributions: list[Attribution], entities: list[Entity],
                 signals: list[Signal], places: list[Place], times: list[TimeExpr]
                 ) -> tuple[list[Claim], list[Attribution]]:
    """Builds the claims of one parsed document.

    Returns:
        The claims in document order (ids C1, C2, ...) and the attributions with their
        ``signals`` filled (new objects; the inputs are not changed).
    """
    by_id = {e.id: e for e in entities}
    doc_sents = list(doc.sents)
    sents = _Sentences([(s.start_char, s.end_char) for s in doc_sents])
    drafts: list[_Draft] = []
    new_attrs: list[Attribution] = []
    stance_homes = _stance_homes(attributions, signals)
    for a in attributions:
        scope = sents.of(_attribution_spans(a))
        in_scope = [s for s in signals if (any(_overlaps(s.start, s.end, b0, b1) for b0, b1 in scope)
                                           and stance_homes.get(s.id, a.id) == a.id)
                    or _overlaps(s.start, s.end, a.content.start, a.content.end)]
        a = replace(a, signals=[s.id for s in sorted(in_scope, key=lambda s: s.start)])
        new_attrs.append(a)
        source = by_id.get(a.source.entity) if a.source and a.source.entity else None
        verdict, filled = _verdict(doc, a), _gap_filled(doc, a)
        text = "" if filled == "" else claim_text(
            verdict or _raised(a) or _claimed_clause(doc, a) or filled or _spoken_part(a), source,
            direct=a.kind == "direct")
        answers = _denies(doc, a) or any(s.kind in STANCE_KINDS and any(
            _overlaps(s.start, s.end, x.start, x.end) for x in (a.cue, a.content) if x is not None) for s in in_scope)
        if not text or _names_a_relay(doc, a) or (verdict is None and _says_nothing(doc, a, answers)):
            continue
        event = _event_of(doc, a.content.text, a.content.start, a.content.end)
        content_sents = sents.of([(a.content.start, a.content.end)])
        drafts.append(_Draft(a.content.start, a.content.end, text, event, a, content_sents,
                             sorted(in_scope, key=lambda s: s.start), source))
    noun_clause_sents: set[int] = set()
    for c0, c1 in _claim_noun_clauses(doc):
        if any(_overlaps(c0, c1, d.start, d.end) for d in drafts if d.attribution is not None):
            continue  # the attribution engine has it, with its source
        text = claim_text(doc_text(doc)[c0:c1])
        home = sents.of([(c0, c1)])
        noun_clause_sents.update(sents.indices([(c0, c1)]))
        in_scope = [s for s in signals if any(_overlaps(s.start, s.end, b0, b1) for b0, b1 in home)
                    and s.id not in stance_homes]
        drafts.append(_Draft(c0, c1, text, _event_of(doc, text, c0, c1), None, home, in_scope))
    taken = sents.indices([sp for a in attributions for sp in _attribution_spans(a) if sp[0] < sp[1]])
    taken |= noun_clause_sents
    for n, sent in enumerate(doc_sents):
        if n in taken:
            continue
        s0, s1 = sent.start_char, sent.end_char
        scores = _outlet_scores(sent)
        if scores is None:
            continue
        text = claim_text(sent.text)
        event = event_of_scores(scores)
        in_scope = [s for s in signals if _overlaps(s.start, s.end, s0, s1)]
        drafts.append(_Draft(s0, s1, text, event, None, [(s0, s1)], in_scope))
    drafts.sort(key=lambda d: (d.start, d.end))
    _attach_follow_ups(doc, drafts, signals, doc_sents)
    chain = _chain(drafts)
    place_mentions = [[(m[0], m[1], sents.containing(m[0], m[1])) for m in p.mentions] for p in places]
    time_homes = [sents.containing(t.start, t.end) for t in times]
    claims = []
    for i, d in enumerate(drafts, start=1):
        inner, own_sents = (d.start, d.end), set(d.sents)
        actors = [e.id for e in entities
                  if any(inner[0] <= m[0] and m[1] <= inner[1] for m in e.mentions)]
        place_ids = [p.id for p, ms in zip(places, place_mentions)
                     if any(_in_scope(s, e, inner, home, own_sents) for s, e, home in ms)]
        time_ids = [t.id for t, home in zip(times, time_homes) if _in_scope(t.start, t.end, inner, home, own_sents)]
        kinds = {s.kind for s in d.signals}
        status = claim_status(kinds, chain.get(i - 1, set()), d.source.kind if d.source else None)
        claims.append(Claim(
            id=f"C{i}", text=d.text, event_type=d.event_type, status=status,
            attribution=d.attribution.id if d.attribution else None,
            actors=actors, places=place_ids, times=time_ids, signals=[s.id for s in d.signals],
        ))
    return claims, new_attrs
