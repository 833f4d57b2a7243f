"""Types an attribution: direct, indirect, mixed, according_to, reported, published_media."""

from __future__ import annotations

from spacy.tokens import Doc

from sourcetrace.extract.attribution_assemble import QUOTES_CLOSE, QUOTES_OPEN, Draft, lexicon


def _quoted(text: str) -> str:
    """``full`` when the text is one quotation, ``part`` when it holds one, else ``none``."""
    t = text.strip(" \t\n,.;:")
    if len(t) > 1 and t[0] in QUOTES_OPEN and t[-1] in QUOTES_CLOSE and not any(
        ch in QUOTES_OPEN + QUOTES_CLOSE for ch in t[1:-1] if ch not in "'’‘"
    ):
        return "full"
    if any(ch in t for ch in "\"“”„«»"):
        return "part"
    return "none"


def classify(doc: Doc, draft: Draft) -> str:
    """The attribution kind, from the cue, the source and the content's quotation marks."""
    lex = lexicon()
    cue = doc[draft.cue[0]:draft.cue[1]] if draft.cue else None
    source = doc[draft.source[0]:draft.source[1]] if draft.source else None
    if cue is not None and cue.text.lower().startswith(("according", "citing", "per ")):
        return "according_to"
    if source is not None and any(t.lemma_.lower() in lex["media_nouns"] for t in source):
        return "published_media"
    if cue is not None and any(t.lemma_.lower() in lex["media_nouns"] for t in cue):
        return "published_media"
    if source is None:
        return "reported"
    assert draft.content is not None
    quoted = _quoted(doc[draft.content[0]:draft.content[1]].text)
    return {"full": "direct", "part": "mixed"}.get(quoted, "indirect")
