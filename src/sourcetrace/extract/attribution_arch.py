"""The attribution tagger's encoder: it reads the host model's shared ``tok2vec``.

en_core_web_sm's ``tok2vec`` component already encodes every token for the tagger and the
parser, and stores the result in ``doc.tensor``. The attribution tagger listens to it
instead of embedding the text again, adds a small hashed embedding of the word itself
(cues are lexical: "said", "according", "told") and one window layer of its own, so it
costs a fraction of a second encoder. Registered here so that ``spacy.load`` of the
shipped model and the training command find the same architecture.

``v2`` also joins a frozen table of static word vectors (``attribution_vectors``), so rare
reporting verbs inherit what the tagger learned of the frequent ones they resemble. The
table is stored as attributes of its layer, so it travels inside the ``ner`` weights.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import numpy as np
from spacy.pipeline.tok2vec import Tok2VecListener
from spacy.tokens import Doc
from spacy.util import registry
from thinc.api import Maxout, Model, chain, concatenate, with_array

from sourcetrace.extract.attribution_vectors import StaticTable

NAME = "sourcetrace.ListenerEncoder.v1"
NAME_V2 = "sourcetrace.ListenerEncoder.v2"
STATIC_LAYER = "sourcetrace_static_vectors"


@registry.architectures(NAME)  # type: ignore[untyped-decorator]
def listener_encoder(width: int, depth: int, norm_width: int = 0, upstream: str = "*") -> Model[Any, Any]:
    """The host's token vectors (``width`` wide), joined with a ``norm_width`` hashed
    embedding of NORM when non-zero, then ``depth`` residual window layers."""
    model: Model[Any, Any] = Tok2VecListener(upstream_name=upstream, width=width)
    if norm_width:
        embed = registry.get("architectures", "spacy.MultiHashEmbed.v2")(
            width=norm_width, attrs=["NORM"], rows=[5000], include_static_vectors=False)
        mix: Model[Any, Any] = with_array(Maxout(width, width + norm_width, nP=3, normalize=True))
        model = chain(concatenate(model, embed), mix)
    if depth:
        encode = registry.get("architectures", "spacy.MaxoutWindowEncoder.v2")(
            width=width, depth=depth, window_size=1, maxout_pieces=3)
        model = chain(model, encode)
    model.set_dim("nO", width)
    return model


def static_vectors(width: int) -> Model[list[Doc], list[Any]]:
    """A frozen lookup of each token's NORM in a ``StaticTable`` (set by ``set_static_table``)."""
    empty = StaticTable(np.zeros(0, dtype="uint64"), np.zeros(0, dtype="int32"), np.zeros((1, width), dtype="float16"))
    return Model(STATIC_LAYER, _static_forward, dims={"nO": width},
                 attrs={"keys": empty.keys, "rows": empty.rows, "vectors": empty.vectors})


def _static_forward(model: Model[list[Doc], list[Any]], docs: list[Doc],
                    is_train: bool) -> tuple[list[Any], Callable[[list[Any]], list[Doc]]]:
    table = StaticTable(model.attrs["keys"], model.attrs["rows"], model.attrs["vectors"])
    return [model.ops.asarray2f(table.doc_vectors(doc)) for doc in docs], lambda d_out: []  # type: ignore[arg-type]


def set_static_table(model: Model[Any, Any], table: StaticTable) -> None:
    """Stores ``table`` in the static-vector layer of ``model`` (a tagger built by ``v2``)."""
    for node in model.walk():
        if node.name == STATIC_LAYER:
            if node.get_dim("nO") != table.width:
                raise ValueError(f"table width {table.width}, layer width {node.get_dim('nO')}")
            node.attrs.update(keys=table.keys, rows=table.rows, vectors=table.vectors)
            return
    raise ValueError("no static-vector layer in the model")


@registry.architectures(NAME_V2)  # type: ignore[untyped-decorator]
def listener_encoder_v2(width: int, depth: int, norm_width: int = 32, static_width: int = 64,
                        upstream: str = "*") -> Model[Any, Any]:
    """As ``v1``, with a ``static_width`` frozen word-vector table joined before the maxout."""
    parts: list[Model[Any, Any]] = [Tok2VecListener(upstream_name=upstream, width=width)]
    if norm_width:
        parts.append(registry.get("architectures", "spacy.MultiHashEmbed.v2")(
            width=norm_width, attrs=["NORM"], rows=[5000], include_static_vectors=False))
    if static_width:
        parts.append(static_vectors(static_width))
    model: Model[Any, Any] = parts[0]
    if len(parts) > 1:
        mix: Model[Any, Any] = with_array(Maxout(width, width + norm_width + static_width, nP=3, normalize=True))
        model = chain(concatenate(*parts), mix)
    if depth:
        encode = registry.get("architectures", "spacy.MaxoutWindowEncoder.v2")(
            width=width, depth=depth, window_size=1, maxout_pieces=3)
        model = chain(model, encode)
    model.set_dim("nO", width)
    return model
