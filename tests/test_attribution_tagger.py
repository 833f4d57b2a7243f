"""The attribution tagger's static word-vector table and the encoder that reads it."""

from __future__ import annotations

import numpy as np
import pytest
import spacy
from spacy.language import Language
from spacy.util import registry

from sourcetrace.extract import attribution_arch
from sourcetrace.extract.attribution_vectors import StaticTable


@pytest.fixture(scope="module")
def blank() -> Language:
    return spacy.blank("en")


def _table(blank: Language) -> StaticTable:
    words = ["said", "told", "endorsed"]
    pairs = sorted((blank.vocab.strings.add(w), i) for i, w in enumerate(words))
    vectors = np.vstack([np.eye(3, 4), np.zeros((1, 4))]).astype("float16")
    return StaticTable(np.array([k for k, _ in pairs], dtype="uint64"),
                       np.array([r for _, r in pairs], dtype="int32"), vectors)


def test_lookup_by_norm_gives_zero_row_to_unknown_words(blank: Language) -> None:
    doc = blank("Officials Endorsed it and TOLD us")
    got = _table(blank).doc_vectors(doc)
    assert got.dtype == np.float32 and got.shape == (6, 4)
    assert got[1].tolist() == [0, 0, 1, 0]  # "Endorsed" by its lower-case norm
    assert got[4].tolist() == [0, 1, 0, 0]
    assert not got[[0, 2, 3, 5]].any()


def test_table_travels_inside_the_serialised_weights(blank: Language) -> None:
    build = registry.get("architectures", attribution_arch.NAME_V2)
    model = build(width=96, depth=1, norm_width=32, static_width=4)
    attribution_arch.set_static_table(model, _table(blank))
    fresh = build(width=96, depth=1, norm_width=32, static_width=4)
    fresh.from_bytes(model.to_bytes())
    (layer,) = [n for n in fresh.walk() if n.name == attribution_arch.STATIC_LAYER]
    assert len(layer.attrs["keys"]) == 3 and layer.attrs["vectors"].dtype == np.float16
    with pytest.raises(ValueError):
        attribution_arch.set_static_table(build(width=96, depth=1, static_width=8), _table(blank))


def test_v1_encoder_stays_registered_for_older_models() -> None:
    model = registry.get("architectures", attribution_arch.NAME)(width=96, depth=1, norm_width=32)
    assert model.get_dim("nO") == 96
    assert not [n for n in model.walk() if n.name == attribution_arch.STATIC_LAYER]

