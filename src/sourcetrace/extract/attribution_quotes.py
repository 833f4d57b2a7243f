"""Finds quotations in raw text, for every kind of quotation mark.

Handles " " “ ” „ “ « » ‹ › ‘ ’ and straight single quotes, quotes left unclosed (they
end with their paragraph), and quotes running over several paragraphs in the English
convention (no closing mark at the end of a paragraph, an opening mark at the start of
the next), except that a transcript's next speaker ('"WALLACE: ...') opens a new quote.
Pure text in, character offsets out, so it can run before or without spaCy.
"""

from __future__ import annotations

import re

from spacy.tokens import Doc

from sourcetrace.extract.doctext import doc_text

#: Opening mark -> the marks that may close it (German „ closes with “ or ”).
CLOSERS = {
    "“": "”", "„": "“”", "«": "»", "‹": "›", '"': '"', "‘": "’", "'": "'", "‚": "‘’",
}
_SINGLE = "‘'‚"
#: 'WALLACE: ...' at the start of a paragraph: a new speaker's turn in a transcript.
SPEAKER_TURN = re.compile(r"([A-Z][A-Z.'’ -]{0,40}[A-Z])(:)[ \u00a0]+(?=\S)")


def _opens(text: str, i: int) -> bool:
    ch = text[i]
    if ch not in CLOSERS:
        return False
    prev = text[i - 1] if i else " "
    if ch in _SINGLE or ch == '"':
        # Straight and single marks open only at a word start: not "don't", not 5'.
        nxt = text[i + 1] if i + 1 < len(text) else " "
        return (prev.isspace() or prev in "([{—–-:,;/\"“„«") and not nxt.isspace()
    return True


def _closes(text: str, i: int, opener: str) -> bool:
    ch = text[i]
    if ch not in CLOSERS[opener]:
        return False
    if opener in _SINGLE:
        nxt = text[i + 1] if i + 1 < len(text) else " "
        return not nxt.isalnum()  # an apostrophe (it’s) does not close
    return True


def find_quotes(text: str) -> list[tuple[int, int]]:
    """Character spans of quotations, marks included, in text order."""
    # Some papers (the New York Times wire) write double quotes as two apostrophes: read
    # ''...'' as "..." (same length, so offsets hold; the mark's second half is inert).
    text = text.replace("''", '"\x01')
    out: list[tuple[int, int]] = []
    opener, start = "", -1
    i, n = 0, len(text)
    while i < n:
        ch = text[i]
        if opener:
            if _closes(text, i, opener):
                out.append((start, i + 1))
                opener = ""
            elif ch == "\n":
                j = i
                while j < n and text[j].isspace():
                    j += 1
                if j < n and text[j] == opener and not SPEAKER_TURN.match(text, j + 1):
                    i = j + 1  # the quote goes on in the next paragraph
                    continue
                out.append((start, i))  # unclosed: it ends with its paragraph
                opener = ""
                i = j
                continue
        elif _opens(text, i):
            opener, start = ch, i
        i += 1
    if opener:
        end = n
        while end > start and text[end - 1].isspace():
            end -= 1
        out.append((start, end))
    return out


def quote_spans(doc: Doc) -> list[tuple[int, int]]:
    """Quotations of a doc as token spans ``[start, end)``, marks included."""
    out = []
    for s, e in find_quotes(doc_text(doc)):  # Doc.text joins all tokens: called once per doc
        span = doc.char_span(s, e, alignment_mode="expand")
        if span is not None and len(span):
            out.append((span.start, span.end))
    return out
