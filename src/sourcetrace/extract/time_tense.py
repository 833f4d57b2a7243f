"""Past or future: read from the verbs that govern a time expression in the spaCy parse.

A weekday or a date without a year points back from the publication date unless the
clause is about the future ("will", "would", "is going to", "is expected/due/scheduled
to"), so the default is past and only positive future cues flip it.
"""

from __future__ import annotations

from functools import lru_cache

from spacy.tokens import Doc, Token

from sourcetrace.extract.time_lexicon import load_lexicon

_PRESENT_TAGS = {"VBZ", "VBP", "VBG"}
_PAST_TAGS = {"VBD"}


@lru_cache(maxsize=1)
def _cues() -> tuple[frozenset[str], frozenset[str]]:
    lex = load_lexicon()
    words = set()
    for lemma in lex["future_lemmas"]:
        # the small model mis-lemmatises some forms ("hopes" -> "hop"): match surface forms too
        words |= {lemma, lemma + "s", lemma + "es", lemma + "ed", lemma + "d", lemma + "ing", lemma[:-1] + "ing"}
    return frozenset(lex["future_auxes"]), frozenset(words)


def _is_present(tok: Token) -> bool:
    """Whether a governing word stands in the present tense, itself or through its auxiliary."""
    if tok.tag_ in _PRESENT_TAGS:
        return True
    auxes = [c for c in tok.children if c.dep_ in ("aux", "auxpass")] + (
        [tok.head] if tok.dep_ == "acomp" else []
    )
    return any(a.tag_ in ("VBZ", "VBP") for a in auxes)


def _verdict(tok: Token) -> str | None:
    """'future', 'past', or None when this word alone does not tell."""
    future_auxes, future_lemmas = _cues()
    for child in tok.children:
        if child.dep_ in ("aux", "auxpass") and child.lower_ in future_auxes:
            # "said it would": future of a past moment, which may lie either side of publication
            return "relative" if child.lower_ == "would" else "future"
    lemma = tok.lemma_.lower()
    cue = lemma in future_lemmas or tok.lower_ in future_lemmas
    # "go" only as "is going to <verb>", never "went"/"goes" on its own
    if cue and _is_present(tok) and (lemma != "go" or any(c.dep_ == "xcomp" for c in tok.children)):
        return "future"
    if tok.tag_ in _PAST_TAGS:
        return "past"
    for child in tok.children:
        if child.dep_ in ("aux", "auxpass") and child.tag_ in _PAST_TAGS:
            return "past"
    return None


def tense_at(doc: Doc, start: int, end: int) -> str:
    """'past', 'future' or 'relative' (future seen from a past moment, "would") for ``start:end``."""
    span = doc.char_span(start, end, alignment_mode="expand")
    if span is None or len(span) == 0:
        return "past"
    tok: Token = span.root
    seen = 0
    while seen < 12:
        if tok.pos_ in ("VERB", "AUX", "ADJ") or tok.dep_ == "ROOT":
            verdict = _verdict(tok)
            if verdict is not None:
                return verdict
        if tok.head is tok:
            break
        tok = tok.head
        seen += 1
    return "past"


def is_future(doc: Doc, start: int, end: int) -> bool:
    """Whether the clause governing the characters ``start:end`` speaks of the future."""
    return tense_at(doc, start, end) != "past"
