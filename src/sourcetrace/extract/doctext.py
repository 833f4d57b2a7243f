"""Views of a parsed Doc that extractors read many times, computed once per Doc.

spaCy rebuilds ``doc.text`` from its tokens on every access, and every ``doc[i]`` or
``for t in span`` makes a fresh ``Token`` object. Extractors that did either in loops ran
several times slower than the parse itself, so they read :func:`doc_text` and the plain
lists of :func:`token_table` instead.
"""

from __future__ import annotations

from dataclasses import dataclass

from spacy.tokens import Doc

_KEY = "sourcetrace.text"
_TABLE_KEY = "sourcetrace.tokens"


def doc_text(doc: Doc) -> str:
    """``doc.text``, cached on the Doc."""
    text = doc.user_data.get(_KEY)
    if text is None:
        text = doc.user_data[_KEY] = doc.text
    return text


@dataclass(frozen=True)
class TokenTable:
    """Token attributes as lists indexed by ``token.i`` (children in document order)."""

    text: list[str]
    lower: list[str]
    lemma: list[str]
    pos: list[str]
    tag: list[str]
    dep: list[str]
    head: list[int]
    children: list[list[int]]
    is_punct: list[bool]
    is_alpha: list[bool]

    def subtree(self, i: int) -> list[int]:
        """Indices of ``i`` and all its descendants, like ``Token.subtree``, in order."""
        out, stack = [], [i]
        while stack:
            j = stack.pop()
            out.append(j)
            stack.extend(self.children[j])
        return sorted(out)


def token_table(doc: Doc) -> TokenTable:
    """The :class:`TokenTable` of ``doc``, built in one pass and cached on the Doc."""
    table = doc.user_data.get(_TABLE_KEY)
    if table is None:
        toks = list(doc)
        head = [t.head.i for t in toks]
        children: list[list[int]] = [[] for _ in toks]
        for i, h in enumerate(head):
            if h != i:
                children[h].append(i)
        table = doc.user_data[_TABLE_KEY] = TokenTable(
            text=[t.text for t in toks], lower=[t.lower_ for t in toks], lemma=[t.lemma_ for t in toks],
            pos=[t.pos_ for t in toks], tag=[t.tag_ for t in toks], dep=[t.dep_ for t in toks],
            head=head, children=children, is_punct=[t.is_punct for t in toks],
            is_alpha=[t.is_alpha for t in toks],
        )
    return table
