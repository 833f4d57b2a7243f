"""The attribution tagger's training inputs and architecture names (no training run)."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest
import spacy

from sourcetrace.extract import attribution_arch
from sourcetrace.train.attribution import ner_config
from sourcetrace.train.attribution_data import other_annotators

DATA = Path(__file__).resolve().parents[1] / ".." / "shared" / "data" / "polnear"


@pytest.mark.skipif(not DATA.exists(), reason="PolNeAR not available")
def test_other_annotators_are_train_only_and_never_the_first() -> None:
    with open(DATA / "metadata.tsv", encoding="utf-8", newline="") as fh:
        rows = {r["filename"]: r for r in csv.DictReader(fh, delimiter="\t")}
    docs = other_annotators(DATA)
    assert docs, "some train articles have several annotators"
    assert {rows[d.name]["compartment"] for d in docs} == {"train"}
    per_article: dict[str, int] = {}
    for d in docs:
        per_article[d.name] = per_article.get(d.name, 0) + 1
    for name, n in per_article.items():
        assert n == len(rows[name]["annotators"].split("|")) - 1
    # Annotators disagree, so the extra copies are not all identical to each other.
    first = next(iter(per_article))
    triples = {tuple(a.triple() for a in d.attributions) for d in docs if d.name == first}
    assert len(triples) > 1


def test_encoder_keeps_v1_name_unless_its_window_layers_change() -> None:
    assert ner_config(2, 32)["model"]["tok2vec"]["@architectures"] == attribution_arch.NAME
    wide = ner_config(1, 32, window_size=2)["model"]["tok2vec"]
    assert wide["@architectures"] == attribution_arch.NAME_V2 and wide["window_size"] == 2


def test_v1_and_v2_build_the_same_encoder() -> None:
    widths = []
    for name, extra in ((attribution_arch.NAME, {}), (attribution_arch.NAME_V2, {"window_size": 1})):
        nlp = spacy.blank("en")
        cfg = ner_config(2, 32)
        cfg["model"]["tok2vec"] = {"@architectures": name, "width": 96, "depth": 2, "norm_width": 32, **extra}
        ner = nlp.add_pipe("ner", config=cfg)
        ner.add_label("CUE")
        nlp.initialize()
        widths.append(sorted((n.name, n.get_dim("nO") if n.has_dim("nO") else None)
                             for n in ner.model.get_ref("tok2vec").walk()))
    assert widths[0] == widths[1]
