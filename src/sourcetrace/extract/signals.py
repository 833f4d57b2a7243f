"""Verification signals: the words that tell how far a claim is supported.

A reader weighs a claim by its hedges ("reportedly"), its evidence ("a video shows"),
who vouches for it (a ministry, an unnamed source) and who rejects or confirms it.
``find_signals`` finds those spans in a parsed ``Doc`` in two passes:

1. phrases from ``resources/signals/patterns.tsv`` through a spaCy ``Matcher``
   (lower-case forms and lemmas), then small dependency checks for negation and word
   sense: "no footage has surfaced" is ``unverified``, never evidence; "could not be
   confirmed" is ``unverified``, not a confirmation; "did not deny" is no denial;
2. speakers from the parse, classified with ``resources/signals/speakers.json``: the
   subject of a reporting verb, the object of "according to", the agent of "published
   by", the owner of "Kyiv's claim". A government body, a titled official or a metonym
   ("the Kremlin", "Kyiv") gives ``official_statement``; an unnamed official or source
   gives ``anonymous_source`` and nothing else.

``signal_scope`` and ``attach_signals`` tell which claims a signal speaks to (its
sentence), so the claims builder can attach them. Everything here is pure: the lexicons
are read once from package data, and no function keeps state between documents.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources
from typing import Any

from spacy.attrs import LEMMA, LOWER
from spacy.matcher import Matcher
from spacy.tokens import Doc, Span, Token
from spacy.util import filter_spans

from sourcetrace.extract.doctext import doc_text, token_table
from sourcetrace.model import Signal

RESOURCE_DIR = "extract/resources/signals"
EVIDENCE_KINDS = ("evidence_video", "evidence_photo", "evidence_document")
#: A match of the first kind inside a match of the second is dropped ("not independently
#: verified" is no confirmation; "cannot be verified" governs the verb it contains).
OVERRIDES = {("confirmation", "unverified"), ("verification", "unverified"), ("evidence_any", "unverified"),
             ("hedge", "unverified")}
#: Verbs whose negation denies that evidence exists or was given ("no footage has surfaced").
EXISTENCE_VERBS = frozenset({
    "surface", "emerge", "appear", "exist", "provide", "offer", "present", "produce", "show", "publish",
    "release", "post", "share", "see", "find", "have", "be", "give", "cite", "make", "obtain", "back",
    "support", "accompany", "include", "come", "remain",
})
NEGATING_SUBJECTS = frozenset({"neither", "nobody", "none", "no one", "nothing"})
NEGATING_HEADS = frozenset({"fail", "decline", "refuse", "unable", "impossible", "yet", "neglect"})


@dataclass(frozen=True)
class StartGroup:
    """The patterns that share one first token, and the most tokens any of them spans."""

    matcher: Matcher
    width: int


@dataclass(frozen=True)
class Lexicon:
    """The compiled phrase matchers, their start index and the speaker word lists.

    One matcher over the whole document tries every pattern at every token, which made
    it most of the cost of the module. So the patterns are grouped by their first token,
    and ``lower_starts`` / ``lemma_starts`` (string hash of a lower form or lemma -> the
    groups whose first token it may be) let each group run only just after its first tokens.
    """

    matcher: Matcher  # every pattern; the reference the grouped matchers reproduce
    speakers: dict[str, Any]
    groups: tuple[StartGroup, ...] = ()
    lower_starts: dict[int, tuple[int, ...]] = field(default_factory=dict)
    lemma_starts: dict[int, tuple[int, ...]] = field(default_factory=dict)


# --------------------------------------------------------------------------- lexicons


def _read(name: str) -> str:
    return resources.files("sourcetrace").joinpath(f"{RESOURCE_DIR}/{name}").read_text("utf-8")


def _token_pattern(spec: str) -> dict[str, Any]:
    """Compiles one token of the pattern mini-language (see the head of patterns.tsv)."""
    if spec.startswith("*") and spec[1:].isdigit():
        return {"OP": f"{{0,{spec[1:]}}}"}
    pattern: dict[str, Any] = {}
    if spec.endswith("?") and len(spec) > 1:
        pattern["OP"] = "?"
        spec = spec[:-1]
    if "@" in spec.strip("@"):
        spec, tag = spec.rsplit("@", 1)
        pattern["TAG"] = tag
    if spec.startswith("="):
        # Lemmas keep the case of sentence-initial and proper nouns ("People" -> "People").
        lemmas = [alt.lstrip("=") for alt in spec.split("|")]
        pattern["LEMMA"] = {"IN": sorted(set(lemmas) | {lem.capitalize() for lem in lemmas})}
    else:
        pattern["LOWER"] = {"IN": spec.split("|")}
    return pattern


def parse_patterns(text: str) -> dict[str, list[list[dict[str, Any]]]]:
    """Reads patterns.tsv into Matcher patterns keyed by kind (``block:KIND`` included)."""
    out: dict[str, list[list[dict[str, Any]]]] = {}
    for line in text.splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        kind, _, pattern = line.partition("\t")
        out.setdefault(kind.strip(), []).append([_token_pattern(t) for t in pattern.split()])
    return out


@lru_cache(maxsize=4)
def load_lexicon(vocab: Any) -> Lexicon:
    """Builds the matcher for one vocabulary; cached because every document shares it."""
    matcher = Matcher(vocab, validate=True)
    grouped: dict[str, dict[str, Any]] = {}  # first token (as JSON) -> its matcher, width, token
    for kind, patterns in parse_patterns(_read("patterns.tsv")).items():
        matcher.add(kind, patterns)
        for pattern in patterns:
            first = pattern[0]
            if "OP" in first:
                raise ValueError(f"patterns.tsv: a pattern must start with a fixed token: {kind} {pattern}")
            group = grouped.setdefault(json.dumps(first, sort_keys=True),
                                       {"matcher": Matcher(vocab, validate=True), "width": 0, "first": first})
            group["matcher"].add(kind, [pattern])
            group["width"] = max(group["width"], sum(_gap_size(t) or 1 for t in pattern))
    starts: dict[str, dict[int, list[int]]] = {"LOWER": {}, "LEMMA": {}}
    for n, group in enumerate(grouped.values()):
        attr = "LEMMA" if "LEMMA" in group["first"] else "LOWER"
        for word in group["first"][attr]["IN"]:
            starts[attr].setdefault(vocab.strings[word], []).append(n)
    groups = tuple(StartGroup(g["matcher"], g["width"]) for g in grouped.values())
    speakers = json.loads(_read("speakers.json"))
    for key, value in speakers.items():
        if isinstance(value, list):
            speakers[key] = frozenset(value)
    return Lexicon(matcher, speakers, groups,
                   {k: tuple(v) for k, v in starts["LOWER"].items()},
                   {k: tuple(v) for k, v in starts["LEMMA"].items()})


def _gap_size(token: dict[str, Any]) -> int:
    """Tokens an ``*N`` gap may cover (0 for any other token)."""
    op = token.get("OP", "")
    return int(op[3:-1]) if op.startswith("{0,") else 0


def _matches(doc: Doc, lex: Lexicon) -> list[tuple[int, int, int]]:
    """The lexicon matches of the document, the same as ``lex.matcher`` over the whole doc.

    A match starts on its pattern's first token and spans at most its group's width, so
    each group's matcher runs on the merged windows after the tokens that may start it.
    """
    if not lex.groups:
        return list(lex.matcher(doc))
    lowers = doc.to_array(LOWER).tolist()
    lemmas = doc.to_array(LEMMA).tolist()
    regions: list[list[list[int]]] = [[] for _ in lex.groups]
    size = len(doc)
    for i, (low, lem) in enumerate(zip(lowers, lemmas)):
        ids = lex.lower_starts.get(low, ()) + lex.lemma_starts.get(lem, ())
        for n in ids:
            end = min(i + lex.groups[n].width, size)
            group_regions = regions[n]
            if group_regions and i <= group_regions[-1][1]:
                group_regions[-1][1] = max(group_regions[-1][1], end)
            else:
                group_regions.append([i, end])
    found: list[tuple[int, int, int]] = []
    for group, group_regions in zip(lex.groups, regions):
        for start, end in group_regions:
            found.extend((key, start + s, start + e) for key, s, e in group.matcher(doc[start:end]))
    return found


# --------------------------------------------------------------------------- negation


def _negators(verb: Token) -> list[Token]:
    """Tokens that negate a verb: "not", "never", "neither ... nor", "has yet to", "failed to"."""
    found = [c for c in verb.children if c.dep_ == "neg" or c.lower_ in ("never", "nor")]
    for child in verb.children:
        if child.dep_ in ("nsubj", "nsubjpass") and (
            child.lower_ in NEGATING_SUBJECTS or any(g.lower_ == "neither" for g in child.children)
        ):
            found.append(child)
    if any(c.dep_ == "preconj" and c.lower_ == "neither" for c in verb.children):
        found.append(verb)
    if verb.dep_ == "conj" and any(c.lower_ == "nor" for c in verb.head.children):
        found.append(verb)
    if not found and verb.dep_ == "conj" and any(c.lower_ in ("or", "nor") for c in verb.head.children):
        # "declined to confirm or deny": the alternatives share the negation.
        found.extend(_negators(verb.head))
    if verb.dep_ in ("xcomp", "acomp", "ccomp") or any(c.dep_ == "aux" and c.lower_ == "to" for c in verb.children):
        head = verb.head
        if head.lemma_.lower() in NEGATING_HEADS or any(c.lower_ == "yet" for c in head.children):
            found.append(head)
        elif head.i != verb.i and head.pos_ in ("VERB", "AUX", "ADJ"):
            found.extend(c for c in head.children if c.dep_ == "neg")
    return found


def _absence(noun: Token) -> list[Token]:
    """Tokens that deny the noun's existence or provision ("no video", "has not published photos")."""
    while noun.dep_ == "compound" and noun.head.i != noun.i:
        noun = noun.head
    for child in noun.children:
        if (child.dep_ == "det" and child.lower_ == "no") or (child.dep_ == "preconj" and child.lower_ == "neither"):
            head = noun.head
            if child.lower_ == "neither" and head.lemma_.lower() not in EXISTENCE_VERBS:
                continue
            return [child]
    head = noun.head
    if noun.dep_ == "conj" and head.i != noun.i:
        return _absence(head)
    if noun.dep_ == "pobj" and head.lower_ == "without":
        return [head]
    if noun.dep_ == "pobj" and head.lower_ == "of" and head.head.lemma_.lower() in ("lack", "absence"):
        return [head.head]
    if noun.dep_ in ("dobj", "nsubj", "nsubjpass", "attr") and head.lemma_.lower() in EXISTENCE_VERBS:
        return _negators(head)
    return []


def _negation_span(doc: Doc, anchor: Token, negators: list[Token]) -> Span:
    """The anchor with its negators and the auxiliaries between them: "could not be verified"."""
    idx = [anchor.i] + [t.i for t in negators]
    verbs = {anchor} | {t.head for t in negators if t.dep_ in ("neg", "nsubj", "nsubjpass")}
    for verb in verbs:
        idx += [c.i for c in verb.children if c.dep_ in ("aux", "auxpass", "neg") and c.i < verb.i]
    return doc[min(idx): max(idx) + 1]


# --------------------------------------------------------------------------- phrases


def _phrase_signals(doc: Doc, lex: Lexicon) -> tuple[list[tuple[str, Span]], list[Span]]:
    """Lexicon matches after negation and word-sense checks, plus the block spans."""
    by_kind: dict[str, list[Span]] = {}
    for match_id, start, end in _matches(doc, lex):
        by_kind.setdefault(doc.vocab.strings[match_id], []).append(doc[start:end])
    blocks: dict[str, list[Span]] = {}
    for kind in [k for k in by_kind if k.startswith("block:")]:
        blocks[kind[6:]] = filter_spans(by_kind.pop(kind))
    kept = {kind: filter_spans(spans) for kind, spans in by_kind.items()}
    all_blocks = [s for spans in blocks.values() for s in spans]

    out: list[tuple[str, Span]] = []
    for kind, spans in kept.items():
        for span in spans:
            if any(_inside(span, other) for (k, bigger) in OVERRIDES if k == kind for other in kept.get(bigger, [])):
                continue
            family = "evidence" if kind.startswith("evidence") else kind
            if any(_overlaps(span, b) for b in blocks.get(family, [])):
                continue
            out.extend(_checked(doc, kind, span))
    return out, all_blocks


def _checked(doc: Doc, kind: str, span: Span) -> list[tuple[str, Span]]:
    """Applies the negation rules of the contract to one lexicon match."""
    root = span.root
    if kind.startswith("evidence"):
        negators = _absence(root)
        if negators:
            return [("unverified", _negation_span(doc, root, negators) if len(span) == 1 else _join(doc, span, negators))]
        return [] if kind == "evidence_any" else [(kind, span)]
    if kind in ("confirmation", "verification"):
        negators = _absence(root) if root.pos_ in ("NOUN", "PROPN") else _negators(root)
        if negators:
            return [("unverified", _negation_span(doc, root, negators))]
        return [] if kind == "verification" else [(kind, span)]
    if kind == "denial" and root.pos_ in ("VERB", "AUX") and _negators(root):
        return []
    if kind == "denial" and any(c.tag_ == "MD" and c.lower_ in ("could", "may", "might") for c in root.children):
        # "the pictures could be fake" questions the claim without rejecting it.
        return [("doubt", span)]
    return [(kind, span)]


def _join(doc: Doc, span: Span, tokens: list[Token]) -> Span:
    idx = [span.start, span.end - 1] + [t.i for t in tokens]
    return doc[min(idx): max(idx) + 1]


def _inside(a: Span, b: Span) -> bool:
    return b.start <= a.start and a.end <= b.end


def _overlaps(a: Span, b: Span) -> bool:
    return a.start < b.end and b.start < a.end


# --------------------------------------------------------------------------- speakers


def _is_reporting(verb: Token, lex: Lexicon, blocks: Sequence[Span], support: Sequence[Span] = ()) -> bool:
    """Whether the verb reports speech in this sentence (not "denied entry", "called up")."""
    sp = lex.speakers
    lemma = verb.lemma_.lower()
    if verb.pos_ not in ("VERB", "AUX") or lemma not in sp["speech_verbs"]:
        return False
    if any(b.start <= verb.i < b.end for b in blocks):
        return False
    if _negators(verb):
        return False
    cond = sp["conditional_verbs"].get(lemma)
    if cond:
        deps = {c.dep_ for c in verb.children}
        objects = {c.lemma_.lower() for c in verb.children if c.dep_ in ("dobj", "nsubjpass")}
        # "a call published by the SBU": the noun it modifies is the publication.
        published = verb.dep_ in ("acl", "relcl") and verb.tag_ == "VBN"
        supported = any(s.start == verb.i for s in support)
        if not (published or supported or deps & set(cond["deps"]) or objects & set(cond["objects"])):
            return False
    return True


#: The only dependencies :func:`_speaks` accepts: other tokens are skipped unseen.
_SPEAKER_DEPS = frozenset({"nsubj", "poss", "dobj", "pobj"})


def _speaks(tok: Token, lex: Lexicon, blocks: Sequence[Span], support: Sequence[Span]) -> bool:
    """Whether a token heads a noun phrase that speaks: a subject of a reporting verb,
    "according to X", "published by X", "quoted X", "X's claim", "a statement from X"."""
    head, dep = tok.head, tok.dep_
    statement_nouns = lex.speakers["statement_nouns"]
    if dep == "nsubj":
        return _is_reporting(head, lex, blocks, support)
    if dep == "poss":
        return head.lemma_.lower() in statement_nouns
    if dep == "dobj":
        return head.lemma_.lower() in ("cite", "quote")
    if dep != "pobj":
        return False
    if head.dep_ == "agent":
        return _is_reporting(head.head, lex, blocks, support)
    return (head.lower_ == "to" and head.head.lower_ == "according") or (
        head.lower_ in ("from", "by", "of") and head.head.lemma_.lower() in statement_nouns
    )


def _speaker_heads(doc: Doc, lex: Lexicon, blocks: Sequence[Span], support: Sequence[Span] = ()) -> list[Token]:
    """Heads of the speaking noun phrases, conjuncts included ("Kyiv and Warsaw said")."""
    deps = token_table(doc).dep
    heads = [doc[i] for i, dep in enumerate(deps) if dep in _SPEAKER_DEPS and _speaks(doc[i], lex, blocks, support)]
    for tok in list(heads):
        heads.extend(c for c in tok.conjuncts if c not in heads)
    return heads


def _phrase_words(tokens: Iterable[Token]) -> str:
    return " ".join(t.lower_ for t in tokens if t.tag_ != "POS" and t.dep_ != "case")


def _ends_with(words: str, phrases: frozenset[str]) -> bool:
    return any(words == p or words.endswith(" " + p) for p in phrases)


def _is_named(head: Token, parts: Sequence[Token], lex: Lexicon) -> bool:
    """Whether a person's name stands in the speaker phrase ("a spokesman ..., Oleksandr Shtupun")."""
    sp = lex.speakers
    unnamed = sp["metonyms"] | sp["bodies"] | sp["states"]
    for tok in [*parts, *_speaker_span(head.doc, head)]:
        if tok.pos_ != "PROPN" or tok.lower_ in unnamed or tok.ent_type_ in ("GPE", "NORP", "LOC"):
            continue
        if tok.ent_type_ == "PERSON" or tok.lower_ in sp["known_officials"] or tok.dep_ == "appos" or (
            tok.dep_ == "compound" and tok.head.dep_ == "appos"
        ) or tok is head:
            return True
    return False


def _classify_speaker(head: Token, lex: Lexicon) -> str | None:
    """``official_statement``, ``anonymous_source`` or None for one speaker head."""
    sp = lex.speakers
    parts = [head] + [c for c in head.children if c.dep_ in ("appos", "compound", "flat")]
    parts += [g for p in parts[1:] for g in p.children if g.dep_ in ("compound", "flat")]
    named = _is_named(head, parts, lex)
    lemma = head.lemma_.lower()
    if lemma in sp["anonymous_heads"] and not named:
        return "anonymous_source"
    if any(c.dep_ == "amod" and c.lower_ in ("former", "ex", "retired") for p in parts for c in p.children):
        return None  # a former official no longer speaks in that role
    if head.is_upper and len(head) > 3 and head.lower_ not in sp["bodies"]:
        return None  # a dateline ("LONDON (Reuters) -"), not a speaker
    if any(p.lower_ in sp["known_officials"] for p in parts):
        return "official_statement"
    # The noun phrase up to each part ("the Russian Defence Ministry", "Ukraine's General Staff").
    for part in (p for p in parts if p.dep_ != "compound"):
        left = [t for t in part.lefts if t.dep_ in ("compound", "amod", "det", "nmod")]
        words = _phrase_words([*(t for mod in left for t in mod.subtree), part])
        if _ends_with(words, sp["bodies"]) or _ends_with(words, sp["metonyms"]):
            return "official_statement"
        if part.pos_ == "PROPN" and (part.ent_type_ == "GPE" or part.lower_ in sp["states"]):
            return "official_statement"
    titled = any(p.lemma_.lower() in sp["titles"] or p.lower_ in sp["titles"] for p in parts)
    if not titled:
        compound_words = _phrase_words(t for t in head.lefts if t.dep_ == "compound") + " " + head.lower_
        titled = _ends_with(compound_words.strip(), sp["titles"])
    if titled:
        indefinite = any(c.dep_ in ("det", "nummod") and c.lower_ in sp["indefinite_determiners"] for c in head.children)
        plural_bare = head.tag_ == "NNS" and not any(c.dep_ in ("det", "poss") for c in head.children)
        if (indefinite or plural_bare) and not named:
            return "anonymous_source"
        return "official_statement"
    return None


def _speaker_span(doc: Doc, head: Token) -> Span:
    """The speaker's noun phrase without relative clauses: "a spokesman for the Tavria group"."""
    start, end = head.left_edge.i, head.i
    for child in head.rights:
        if child.dep_ in ("appos", "compound", "flat", "prep", "amod"):
            end = max(end, child.right_edge.i)
        elif not child.is_punct:
            break
    while end > head.i and doc[end].is_punct:
        end -= 1
    return doc[start: end + 1]


def _speaker_signals(doc: Doc, lex: Lexicon, blocks: Sequence[Span],
                     phrases: Sequence[tuple[str, Span]]) -> list[tuple[str, Span]]:
    out: list[tuple[str, Span]] = []
    anonymity = [s for k, s in phrases if k == "anonymous_source"]
    support = [s for k, s in phrases if k in ("denial", "doubt", "confirmation")]
    for head in _speaker_heads(doc, lex, blocks, support):
        kind = _classify_speaker(head, lex)
        if kind is None:
            continue
        subtree = (head.left_edge.i, head.right_edge.i + 1)
        if kind == "official_statement" and any(subtree[0] <= s.start and s.end <= subtree[1] for s in anonymity):
            # An official who asks not to be named is an anonymous source only.
            continue
        span = _speaker_span(doc, head)
        if any(k == kind and _overlaps(span, s) for k, s in [*phrases, *out]):
            continue
        out.append((kind, span))
    return out


# --------------------------------------------------------------------------- public API


def find_signals(doc: Doc) -> list[Signal]:
    """Finds the verification signals of a parsed document, numbered S1, S2... in text order."""
    lex = load_lexicon(doc.vocab)
    phrases, blocks = _phrase_signals(doc, lex)
    found = phrases + _speaker_signals(doc, lex, blocks, phrases)
    merged: list[tuple[int, int, str]] = []
    for kind in {k for k, _ in found}:
        # One signal per stretch of text and kind: "No video or photographs", not also "No video".
        merged += [(s.start_char, s.end_char, kind) for s in filter_spans([s for k, s in found if k == kind])]
    unique = sorted(merged)
    return [
        Signal(id=f"S{n}", kind=kind, text=doc_text(doc)[start:end], start=start, end=end)
        for n, (start, end, kind) in enumerate(unique, 1)
    ]


def signal_scope(doc: Doc, signal: Signal) -> tuple[int, int]:
    """Character range of the sentence a signal qualifies.

    A hedge, a denial or a cited video speaks to the claims of its own sentence ("the
    claim could not be verified" follows the claim it doubts), so the sentence is the scope.
    """
    span = doc.char_span(signal.start, signal.end, alignment_mode="expand")
    if span is None or len(span) == 0:
        return (signal.start, signal.end)
    sent = span[0].sent
    return (sent.start_char, max(sent.end_char, signal.end))


def attach_signals(doc: Doc, signals: Sequence[Signal],
                   spans: Iterable[tuple[str, int, int]]) -> dict[str, list[str]]:
    """Maps each span id (attribution or claim) to the ids of the signals that qualify it.

    A signal inside one or more of the spans goes to those spans only; otherwise it goes
    to every span that overlaps its sentence.

    Args:
        doc: the parsed document the offsets refer to.
        signals: the output of :func:`find_signals`.
        spans: ``(id, start, end)`` character spans of attributions or claims.
    """
    spans = list(spans)
    out: dict[str, list[str]] = {sid: [] for sid, _, _ in spans}
    for signal in signals:
        inside = [sid for sid, start, end in spans if start <= signal.start and signal.end <= end]
        if not inside:
            lo, hi = signal_scope(doc, signal)
            inside = [sid for sid, start, end in spans if start < hi and lo < end]
        for sid in inside:
            out[sid].append(signal.id)
    return out
