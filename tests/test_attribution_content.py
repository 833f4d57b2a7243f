"""The learned content-boundary chooser on hand-written war reporting."""

from __future__ import annotations

import pytest
from spacy.language import Language
from spacy.tokens import Doc

from sourcetrace.extract.attribution import get_attributions
from sourcetrace.extract.attribution_assemble import Draft
from sourcetrace.extract.attribution_content import Model, candidates, choose_contents, doc_view, load_model
from sourcetrace.extract.attribution_quotes import quote_spans
from sourcetrace.extract.pipeline import load_pipeline

GOVERNOR = "The regional governor said that the shelling of the port had stopped before dawn, in a statement on Telegram."


@pytest.fixture(scope="session")
def nlp() -> Language:
    return load_pipeline("en")


def _index(doc: Doc, word: str) -> int:
    return next(t.i for t in doc if t.text == word)


def _governor_draft(doc: Doc) -> Draft:
    said = _index(doc, "said")
    return Draft(cue=(said, said + 1), source=(0, said), content=(said + 1, len(doc) - 1))


def test_candidates_drop_the_complementiser_and_the_trailing_occasion(nlp: Language) -> None:
    doc = nlp(GOVERNOR)
    found = candidates(doc, _governor_draft(doc), quote_spans(doc))
    texts = {doc[s:e].text: gens for (s, e), gens in found.items()}
    assert "cur" in texts["that the shelling of the port had stopped before dawn, in a statement on Telegram"]
    assert "nothat" in texts["the shelling of the port had stopped before dawn, in a statement on Telegram"]
    assert "that the shelling of the port had stopped before dawn" in texts
    assert all(not t.startswith("said") for t in texts)  # no candidate starts inside the cue


def test_choice_follows_the_weights_unless_the_margin_holds_it(nlp: Language) -> None:
    doc = nlp(GOVERNOR)
    quotes = quote_spans(doc)
    moved = _governor_draft(doc)
    choose_contents(doc, [moved], quotes, Model({"g:nothat": 5.0}))
    assert moved.content is not None and doc[moved.content[0]:moved.content[1]].text.startswith("the shelling")
    kept = _governor_draft(doc)
    choose_contents(doc, [kept], quotes, Model({"g:nothat": 5.0}, margin=10.0))
    assert kept.content == _governor_draft(doc).content


def test_doc_view_counts_sentences_and_open_quotes(nlp: Language) -> None:
    doc = nlp('Artillery fire resumed at noon. "We are holding the line," the commander said.')
    view = doc_view(doc, quote_spans(doc))
    holding = _index(doc, "holding")
    assert view.sent_no[holding] == view.sent_no[0] + 1
    assert view.quote_sum[holding] == 1  # inside the quotation
    assert view.quote_sum[len(doc)] == 0


def test_shipped_weights_load_and_keep_a_quoted_content(nlp: Language) -> None:
    model = load_model()
    assert model is not None and len(model.weights) > 100
    doc = nlp('"The convoy was hit twice near the bridge," the officer said.')
    (found,) = get_attributions(doc)
    assert found.content.text.strip('",') == "The convoy was hit twice near the bridge"
    assert found.cue is not None and found.cue.text == "said"
