"""The lookup table must set exactly what en_core_web_sm's attribute ruler sets."""

from __future__ import annotations

import spacy

from sourcetrace.demo.articles import load_articles
from sourcetrace.extract.attribute_table import FACTORY, RULER, replace_ruler
from sourcetrace.extract.pipeline import MODELS

#: Contractions and slang hit the ruler's two-token patterns; odd spacing hits IS_SPACE.
EDGE_TEXTS = [
    "They ain't gonna hold Krynky, let's be honest, the blogger wrote.",
    "\"We gotta go,\" he said.  Y'all ain't ready!!\n\nThe  spokesman   declined.",
    "He said: «нет»  …  „ja“ – and then nothing.",
    "",
]


def _attributes(doc: spacy.tokens.Doc) -> list[tuple[str, ...]]:
    return [(t.text, t.pos_, str(t.morph), t.lemma_, t.tag_, t.dep_, t.ent_type_) for t in doc]


def test_table_sets_the_same_attributes_as_the_ruler() -> None:
    stock = spacy.load(MODELS["en"])
    table = spacy.load(MODELS["en"])
    replace_ruler(table)
    assert FACTORY in table.pipe_names and RULER not in table.pipe_names
    texts = EDGE_TEXTS + [a.plain_text for a in load_articles()[:30]]
    expected = [_attributes(d) for d in stock.pipe(texts)]
    got = [_attributes(d) for d in table.pipe(texts)]
    assert sum(len(d) for d in expected) > 5000
    assert got == expected
    # The texts really exercise the ruler: without it these tokens have no POS and raw lemmas.
    words = {row[0]: row[1:4] for row in got[0]}
    assert words["ai"][:1] == ("AUX",) and words["ai"][2] == "be"
    assert words["gon"][0] == "VERB" and words["gon"][2] == "go"
    assert words["'s"][2] == "us"
