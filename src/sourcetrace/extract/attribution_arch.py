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

from typing import Any

from spacy.pipeline.tok2vec import Tok2VecListener
from spacy.util import registry
from thinc.api import Maxout, Model, chain, concatenate, with_array

NAME = "sourcetrace.ListenerEncoder.v1"
NAME_V2 = "sourcetrace.ListenerEncoder.v2"


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


@registry.architectures(NAME)  # type: ignore[untyped-decorator]
def listener_encoder(width: int, depth: int, norm_width: int = 0, upstream: str = "*") -> Model[Any, Any]:
    """``v2`` with windows of one token either side (the shipped model's encoder)."""
    model: Model[Any, Any] = listener_encoder_v2(width, depth, norm_width, upstream, window_size=1, window_pieces=3)
    return model
