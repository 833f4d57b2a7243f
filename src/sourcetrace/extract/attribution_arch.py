"""The attribution tagger's encoder: it reads the host model's shared ``tok2vec``.

en_core_web_sm's ``tok2vec`` component already encodes every token for the tagger and the
parser, and stores the result in ``doc.tensor``. The attribution tagger listens to it
instead of embedding the text again, adds a small hashed embedding of the word itself
(cues are lexical: "said", "according", "told") and one window layer of its own, so it
costs a fraction of a second encoder. Registered here so that ``spacy.load`` of the
shipped model and the training command find the same architecture.
"""

from __future__ import annotations

from typing import Any

from spacy.pipeline.tok2vec import Tok2VecListener
from spacy.util import registry
from thinc.api import Maxout, Model, chain, concatenate, with_array

NAME = "sourcetrace.ListenerEncoder.v1"


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
