"""The attribution tagger's encoder: it reads the host model's shared ``tok2vec``.

en_core_web_sm's ``tok2vec`` component already encodes every token for the tagger and the
parser, and stores the result in ``doc.tensor``. The attribution tagger listens to it
instead of embedding the text again, adds a small hashed embedding of the word itself
(cues are lexical: "said", "according", "told") and window layers of its own, so it
costs a fraction of a second encoder. Registered here so that ``spacy.load`` of the
shipped model and the training command find the same architecture.

``v1`` is the first release of this encoder (windows of one token either side, three
maxout pieces); ``v2`` adds the window size and the pieces as parameters. Both stay registered so that models
saved with either load.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import numpy as np
from spacy.attrs import DEP, NORM
from spacy.pipeline.tok2vec import Tok2VecListener
from spacy.tokens import Doc
from spacy.util import registry
from thinc.api import HashEmbed, Maxout, Model, chain, concatenate, with_array

NAME = "sourcetrace.ListenerEncoder.v1"
NAME_V2 = "sourcetrace.ListenerEncoder.v2"
NAME_V3 = "sourcetrace.ListenerEncoder.v3"
#: Dependencies whose presence under a word marks it as a likely reporting verb.
_CLAUSE_DEPS = ("ccomp", "xcomp", "dobj", "prep", "advcl", "nsubj", "nsubjpass", "agent")


def parse_features() -> Model[list[Doc], list[Any]]:
    """Per token: its dependency label, its head's NORM, and its label joined with the
    labels of its clause-bearing children ("said" with an nsubj and a ccomp). The parse is
    non-local where the window layers are not: a word three clauses from its speech verb
    still sees which word governs it."""

    def forward(model: Model[Any, Any], docs: list[Doc], is_train: bool) -> tuple[list[Any], Callable[..., Any]]:
        out = []
        for doc in docs:
            arr = doc.to_array([NORM, DEP])
            idx = np.arange(len(doc), dtype=np.int64)
            head = idx + doc.to_array("HEAD").astype(np.int64)
            dep = arr[:, 1]
            clause = np.array([doc.vocab.strings[d] for d in _CLAUSE_DEPS], dtype=np.uint64)
            which = dep[:, None] == clause[None, :]
            child = which.any(axis=1) & (head != idx)
            kids = np.zeros(len(doc), dtype=np.uint64)
            np.bitwise_or.at(kids, head[child], np.left_shift(np.uint64(1), which.argmax(axis=1)[child].astype(np.uint64)))
            cols = np.stack([dep, arr[head, 0], dep * np.uint64(256) + kids], axis=1)
            out.append(model.ops.asarray2i(cols, dtype="uint64"))
        return out, lambda d_out: []

    return Model("parse_features", forward)


@registry.architectures(NAME_V2)  # type: ignore[untyped-decorator]
def listener_encoder_v2(width: int, depth: int, norm_width: int = 0, upstream: str = "*",
                        window_size: int = 1, window_pieces: int = 3) -> Model[Any, Any]:
    """The host's token vectors (``width`` wide), joined with a ``norm_width`` hashed
    embedding of NORM when non-zero, then ``depth`` residual window layers that each see
    ``window_size`` tokens either side, with ``window_pieces`` maxout pieces (their cost
    grows with both)."""
    model: Model[Any, Any] = Tok2VecListener(upstream_name=upstream, width=width)
    if norm_width:
        embed = registry.get("architectures", "spacy.MultiHashEmbed.v2")(
            width=norm_width, attrs=["NORM"], rows=[5000], include_static_vectors=False)
        mix: Model[Any, Any] = with_array(Maxout(width, width + norm_width, nP=3, normalize=True))
        model = chain(concatenate(model, embed), mix)
    if depth:
        encode = registry.get("architectures", "spacy.MaxoutWindowEncoder.v2")(
            width=width, depth=depth, window_size=window_size, maxout_pieces=window_pieces)
        model = chain(model, encode)
    model.set_dim("nO", width)
    return model


@registry.architectures(NAME_V3)  # type: ignore[untyped-decorator]
def listener_encoder_v3(width: int, depth: int, norm_width: int = 32, parse_width: int = 16,
                        upstream: str = "*") -> Model[Any, Any]:
    """``v1`` that also embeds the dependency parse (:func:`parse_features`), so it must run
    after the parser: each of the three parse columns gets a ``parse_width`` hashed embedding."""
    listener: Model[Any, Any] = Tok2VecListener(upstream_name=upstream, width=width)
    norm = registry.get("architectures", "spacy.MultiHashEmbed.v2")(
        width=norm_width, attrs=["NORM"], rows=[5000], include_static_vectors=False)
    parse = chain(parse_features(), with_array(concatenate(
        HashEmbed(parse_width, 200, column=0, seed=11), HashEmbed(parse_width, 5000, column=1, seed=12),
        HashEmbed(parse_width, 2000, column=2, seed=13))))
    mix: Model[Any, Any] = with_array(Maxout(width, width + norm_width + 3 * parse_width, nP=3, normalize=True))
    model = chain(concatenate(listener, norm, parse), mix)
    encode = registry.get("architectures", "spacy.MaxoutWindowEncoder.v2")(
        width=width, depth=depth, window_size=1, maxout_pieces=3)
    model = chain(model, encode)
    model.set_dim("nO", width)
    return model


@registry.architectures(NAME)  # type: ignore[untyped-decorator]
def listener_encoder(width: int, depth: int, norm_width: int = 0, upstream: str = "*") -> Model[Any, Any]:
    """``v2`` with windows of one token either side (the shipped model's encoder)."""
    model: Model[Any, Any] = listener_encoder_v2(width, depth, norm_width, upstream, window_size=1, window_pieces=3)
    return model
