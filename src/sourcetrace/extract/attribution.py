"""Attribution spans (source, cue, content) as spaCy components.

Two components, registered under versioned names:

* ``sourcetrace_attribution_tagger_v1`` runs right after the model's own ``tok2vec``, whose
  token vectors it reads (``attribution_arch``): a learned span tagger (a small spaCy
  ``ner`` trained on PolNeAR, weights in ``resources/attribution/model``) marks SOURCE,
  CUE, CONTENT and CONTENT2 spans, which are moved to ``doc.spans`` so the model's own
  ``ner`` starts from a clean slate.
* ``sourcetrace_attribution_v1`` runs last: it groups the spans into attributions and fills
  what the tagger missed from the dependency parse (see ``attribution_assemble``), then
  stores the result on ``Doc._.sourcetrace_attributions``.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from pathlib import Path

from spacy.language import Language
from spacy.pipeline import EntityRecognizer
from spacy.tokens import Doc

from sourcetrace.extract import attribution_arch  # noqa: F401  (registers the tagger's encoder)
from sourcetrace.extract.attribution_assemble import RESOURCES, Draft, assemble, extend_to_complement
from sourcetrace.extract.attribution_bounds import (
    agent_taken_for_content,
    before_cue_adjuncts,
    close_quotation,
    cue_with_agent_by,
    end_with_own_quote,
    from_sentence_start,
    raised_subject,
    source_to_subject,
    source_within_object,
    stop_before_other_cue,
    through_parenthetical_cue,
    trim_edges,
    within_cue_paragraph,
    within_cue_sentence,
)
from sourcetrace.extract.attribution_content import choose_contents
from sourcetrace.extract.attribution_kind import classify
from sourcetrace.extract.attribution_quotes import quote_spans
from sourcetrace.extract.attribution_rules import (
    fold_relay_participles,
    join_quoted_as_saying,
    join_split_quotes,
    nominal_cues_inside_contents,
    rule_drafts,
    split_speech_participles,
    statements_at_chain_ends,
    subject_taken_for_content,
    without_stranded_relatives,
)
from sourcetrace.extract.doctext import doc_text
from sourcetrace.model import Attribution, SourceRef, Span

TAGGER = "sourcetrace_attribution_tagger_v1"
ASSEMBLER = "sourcetrace_attribution_v1"
SPANS_KEY = "sourcetrace_attribution_spans"
EXTENSION = "sourcetrace_attributions"
MODEL_DIR = RESOURCES / "model"


def _declare_extension() -> None:
    if not Doc.has_extension(EXTENSION):
        Doc.set_extension(EXTENSION, default=None)


class AttributionTagger:
    """Runs the learned span tagger and keeps its spans in ``doc.spans``."""

    def __init__(self, nlp: Language, model_dir: Path) -> None:
        import spacy

        self.model_dir = model_dir
        self.ner: EntityRecognizer | None = None
        if (model_dir / "ner").exists():
            pipe = spacy.load(model_dir).get_pipe("ner")
            assert isinstance(pipe, EntityRecognizer)
            self.ner = pipe
            for label in pipe.labels:  # the spans it makes live in the host's vocab
                nlp.vocab.strings.add(label)

    def _move(self, doc: Doc) -> Doc:
        doc.spans[SPANS_KEY] = list(doc.ents)
        doc.set_ents([], default="missing")
        return doc

    def __call__(self, doc: Doc) -> Doc:
        if self.ner is None:
            doc.spans[SPANS_KEY] = []
            return doc
        return self._move(self.ner(doc))

    def pipe(self, docs: Iterable[Doc], batch_size: int = 128) -> Iterator[Doc]:
        if self.ner is None:
            for doc in docs:
                doc.spans[SPANS_KEY] = []
                yield doc
            return
        for doc in self.ner.pipe(docs, batch_size=batch_size):
            yield self._move(doc)


@Language.factory(TAGGER, default_config={"model_dir": None})
def make_tagger(nlp: Language, name: str, model_dir: str | None) -> AttributionTagger:
    return AttributionTagger(nlp, Path(model_dir) if model_dir else MODEL_DIR)


def find_attributions(doc: Doc) -> list[Attribution]:
    """Computes the attributions of a parsed doc from the tagged spans (no side effects)."""
    spans = list(doc.spans[SPANS_KEY]) if SPANS_KEY in doc.spans else []
    text = doc_text(doc)  # a property that joins every token: read it once
    quotes = quote_spans(doc)
    drafts = assemble(doc, spans, quotes)
    for d in drafts:
        through_parenthetical_cue(doc, d)
    drafts += rule_drafts(doc, drafts, quotes, text)
    drafts = without_stranded_relatives(doc, drafts)
    drafts = [d for d in drafts if d.content is not None]  # the rules may empty a duplicate
    drafts = join_split_quotes(drafts, quotes, doc)
    extend_to_complement(doc, drafts)
    stop_before_other_cue(doc, drafts, quotes)
    drafts = subject_taken_for_content(doc, drafts)
    for d in drafts:
        within_cue_sentence(doc, d, quotes)
    for d in drafts:
        end_with_own_quote(doc, d, quotes)
        before_cue_adjuncts(doc, d)
        from_sentence_start(doc, d, quotes)
        agent_taken_for_content(doc, d)
        cue_with_agent_by(doc, d)
        raised_subject(doc, d)
        source_to_subject(doc, d)
        source_within_object(doc, d)
        trim_edges(doc, d)
    choose_contents(doc, drafts, quotes)  # a learned choice among boundary candidates
    drafts = split_speech_participles(doc, drafts)  # after the choice, which would undo it
    for d in drafts:
        within_cue_paragraph(doc, d, quotes)
        close_quotation(doc, d)
    drafts = join_quoted_as_saying(doc, drafts)
    drafts = fold_relay_participles(doc, drafts)
    drafts = statements_at_chain_ends(doc, drafts)
    nominal_cues_inside_contents(doc, drafts)
    drafts = [d for d in drafts if _says_something(doc, d.content)]
    held = [d.content for d in drafts if d.cue is not None and d.content is not None]
    drafts = [d for d in drafts if d.cue is not None or not _inside_any(d.content, held)]
    drafts.sort(key=_first_token)
    return [_to_attribution(doc, text, f"A{i}", d, quotes) for i, d in enumerate(drafts, start=1)]


def _says_something(doc: Doc, span: tuple[int, int] | None) -> bool:
    """True when a content holds a word other than a pronoun: edge fixes can leave only
    marks or spaces, and a relative clause only its pronoun ("the order, which Ukrainian
    intelligence has been promoting, is a forgery")."""
    return span is not None and span[1] > span[0] and any(
        not (t.is_punct or t.is_space or t.pos_ in ("PRON", "DET")) for t in doc[span[0]:span[1]])


def _inside_any(span: tuple[int, int] | None, spans: list[tuple[int, int]]) -> bool:
    """True when ``span`` lies within one of ``spans`` (a cue-less repeat of a content held elsewhere)."""
    return span is not None and any(s <= span[0] and span[1] <= e for s, e in spans)


def _first_token(d: Draft) -> int:
    return min(x[0] for x in (d.cue, d.source, d.content) if x is not None)


def _chars(doc: Doc, span: tuple[int, int]) -> tuple[int, int]:
    last = doc[span[1] - 1]
    return doc[span[0]].idx, last.idx + len(last.text)


def _to_attribution(doc: Doc, text: str, ident: str, draft: Draft, quotes: list[tuple[int, int]]) -> Attribution:
    assert draft.content is not None
    cs, ce = _chars(doc, draft.content)
    content = Span(text[cs:ce], cs, ce)
    cue = source = None
    if draft.cue is not None:
        s, e = _chars(doc, draft.cue)
        cue = Span(text[s:e], s, e)
    if draft.source is not None:
        s, e = _chars(doc, draft.source)
        source = SourceRef(text[s:e], s, e)
    return Attribution(id=ident, content=content, kind=classify(doc, draft, quotes), source=source, cue=cue)


class AttributionAssembler:
    """Groups tagged spans into attributions once the parse is available."""

    def __call__(self, doc: Doc) -> Doc:
        found = find_attributions(doc)
        doc._.set(EXTENSION, found)
        return doc


@Language.factory(ASSEMBLER, assigns=[f"doc._.{EXTENSION}"], requires=["token.dep", "token.head"])
def make_assembler(nlp: Language, name: str) -> AttributionAssembler:
    _declare_extension()
    return AttributionAssembler()


def add_to_pipeline(nlp: Language) -> None:
    """Adds the tagger (first) and the assembler (last) to ``nlp``, once."""
    _declare_extension()
    if TAGGER not in nlp.pipe_names:
        nlp.add_pipe(TAGGER, after="tok2vec")
    if ASSEMBLER not in nlp.pipe_names:
        nlp.add_pipe(ASSEMBLER, last=True)


def get_attributions(doc: Doc) -> list[Attribution]:
    """The attributions of a doc processed by a pipeline from ``add_to_pipeline``."""
    _declare_extension()
    found = doc._.get(EXTENSION)
    return list(found) if found is not None else find_attributions(doc)
