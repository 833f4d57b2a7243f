"""Types an attribution: direct, indirect, mixed, according_to, reported, published_media."""

from __future__ import annotations

from spacy.tokens import Doc

from sourcetrace.extract.attribution_assemble import Draft, lexicon


def _quoted(content: tuple[int, int], quotes: list[tuple[int, int]]) -> str:
    """``full`` when the content is one quotation, ``part`` when it holds one, else ``none``."""
    cs, ce = content
    for qs, qe in quotes:
        if qs <= cs + 1 and qe >= ce - 1 and (qe - qs) <= (ce - cs) + 4:
            return "full"
    if any(qs < ce and cs < qe for qs, qe in quotes):
        return "part"
    return "none"


def classify(doc: Doc, draft: Draft, quotes: list[tuple[int, int]]) -> str:
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
    if cue is not None and cue.root.dep_ == "acl" and cue.root.head.lemma_.lower() in lex["media_nouns"]:
        return "published_media"  # "a video posted by X": the cue qualifies the medium
    if source is None:
        return "reported"
    assert draft.content is not None
    quoted = _quoted(draft.content, quotes)
    return {"full": "direct", "part": "mixed"}.get(quoted, "indirect")
