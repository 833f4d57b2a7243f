"""The text of a parsed Doc, computed once.

spaCy rebuilds ``doc.text`` from its tokens on every access, which made extractors that
read it in loops several times slower than the parse itself; every extractor reads it
through :func:`doc_text` instead.
"""

from __future__ import annotations

from spacy.tokens import Doc

_KEY = "sourcetrace.text"


def doc_text(doc: Doc) -> str:
    """``doc.text``, cached on the Doc."""
    text = doc.user_data.get(_KEY)
    if text is None:
        text = doc.user_data[_KEY] = doc.text
    return text
