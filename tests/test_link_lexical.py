"""Lexical overlap and document context: what the encoder alone misses."""

from __future__ import annotations

import numpy as np

from sourcetrace.link.cluster import in_context
from sourcetrace.link.features import ClaimFeatures
from sourcetrace.link.lexical import Profile, terms


def test_names_and_numbers_meet_across_scripts_and_function_words_do_not_count() -> None:
    ru = terms("Под Крынками в плен сдались 14 морпехов")
    en = terms("Fourteen marines surrendered near Krynky, 14 of them")
    assert {"krynk", "14"} <= ru & en
    assert not terms("the of and according to said")


def test_profile_cosine_prefers_the_cluster_sharing_names_and_numbers() -> None:
    exchange, hotel = Profile(), Profile()
    exchange.add(terms("212 Ukrainian prisoners of war came home in an exchange"))
    exchange.add(terms("Russia says 230 of its servicemen were returned in the exchange"))
    hotel.add(terms("A missile hit the Hotel Sumska in Kharkiv, injuring eleven people"))
    claim = terms("The exchange brought 212 Ukrainians home")
    assert exchange.cosine(claim) > 0.3 > hotel.cosine(claim)
    assert Profile().cosine(claim) == 0.0


def _f(doc: str, cid: str, event: str, side: str = "unknown", status: str = "reported") -> ClaimFeatures:
    return ClaimFeatures(doc, cid, "", event, status, "2024-01-01", side=side)


def test_context_joins_a_fragment_to_its_report_but_not_a_roundup_neighbour() -> None:
    rng = np.random.default_rng(3)
    story, other = rng.standard_normal(512), rng.standard_normal(512)
    fragment = rng.standard_normal(512)
    vectors = np.vstack([story, fragment, other]).astype(np.float32)
    vectors /= np.linalg.norm(vectors, axis=1, keepdims=True)
    feats = [_f("d1", "C1", "air_or_drone_strike"), _f("d1", "C2", "other"), _f("d1", "C3", "weapons_supply")]
    mixed = in_context(feats, vectors)
    assert float(mixed[1] @ vectors[0]) > float(vectors[1] @ vectors[0]) + 0.3  # the fragment moves to its story
    # the weapons delivery shares no context with the drone strike: two specific event types
    assert float(mixed[2] @ vectors[0]) < float(mixed[1] @ vectors[0]) - 0.3
    # claims of other documents are untouched by this one
    alone = in_context(feats[:1], vectors[:1])
    assert np.allclose(alone[0], vectors[0], atol=1e-6)
