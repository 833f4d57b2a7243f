"""Sentence starts at paragraph breaks, set before the parser.

The small English model runs a headline into the first sentence under it ("Sea drones
hit a patrol ship off Sevastopol Ukrainian naval drones struck ..."), which then reads
as one garbled claim. The first token after a blank line starts a sentence, and the
parser keeps preset starts. A single line break is left alone: hard-wrapped text has
them inside sentences.
"""

from __future__ import annotations

from spacy.language import Language
from spacy.tokens import Doc

NAME = "sourcetrace_paragraphs_v1"


@Language.component(NAME)
def mark_paragraph_starts(doc: Doc) -> Doc:
    """Marks the first token of each paragraph."""
    for i in range(len(doc) - 1):
        token = doc[i]
        gap = token.text if token.is_space else token.whitespace_
        if "\n\n" in gap.replace("\r", "") and not doc[i + 1].is_space:
            doc[i + 1].is_sent_start = True
    return doc


def add_to_pipeline(nlp: Language) -> None:
    """Adds the component straight before the parser, once."""
    if NAME not in nlp.pipe_names and "parser" in nlp.pipe_names:
        nlp.add_pipe(NAME, before="parser")
