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


def _f(doc: str, cid: str, event: str, side: str = "unknown", status: str = "reported", text: str = "",
       places: frozenset[str] = frozenset()) -> ClaimFeatures:
    return ClaimFeatures(doc, cid, text, event, status, "2024-01-01", side=side, places=places, own_places=places,
                         terms=terms(text))


def _unit(rng: np.random.Generator, n: int) -> np.ndarray:
    vectors = rng.standard_normal((n, 512)).astype(np.float32)
    return vectors / np.linalg.norm(vectors, axis=1, keepdims=True)


def test_context_joins_a_fragment_to_its_report_but_not_a_roundup_neighbour() -> None:
    vectors = _unit(np.random.default_rng(3), 3)
    depot = frozenset({"novorossiysk"})
    feats = [_f("d1", "C1", "air_or_drone_strike", text="Sea drones struck the oil terminal in Novorossiysk overnight",
                places=depot),
             _f("d1", "C2", "other", text="It burned until morning."),
             _f("d1", "C3", "weapons_supply", text="The Netherlands pledged six more F-16 jets to Ukraine's air force")]
    mixed = in_context(feats, vectors)
    assert float(mixed[1] @ vectors[0]) > float(vectors[1] @ vectors[0]) + 0.3  # the fragment moves to its story
    # the jets pledge shares no context with the strike: another type, and no common place
    assert float(mixed[2] @ vectors[0]) < float(mixed[1] @ vectors[0]) - 0.3
    # claims of other documents are untouched by this one
    alone = in_context(feats[:1], vectors[:1])
    assert np.allclose(alone[0], vectors[0], atol=1e-6)


def test_context_joins_pieces_of_one_incident_but_not_the_other_sides_version_issue_5() -> None:
    """Issue #5: the pieces of one exchange, typed differently, share context; a
    counter-claim asserted by the other side does not."""
    vectors = _unit(np.random.default_rng(5), 3)
    feats = [_f("d1", "C1", "surrender_or_capture", side="ukraine", text="212 Ukrainian prisoners of war came home"),
             _f("d1", "C2", "negotiation_or_ceasefire",
                text="The United Arab Emirates mediated the exchange between the two countries"),
             _f("d1", "C3", "casualties_or_losses", side="russia",
                text="Russian forces destroyed Ukrainian assault groups and two boats near the river")]
    mixed = in_context(feats, vectors)
    assert float(mixed[1] @ vectors[0]) > float(vectors[1] @ vectors[0]) + 0.3
    assert float(mixed[2] @ vectors[0]) < float(mixed[1] @ vectors[0]) - 0.3


def test_counter_claim_scores_far_below_a_denial_of_the_claim_issue_5() -> None:
    """Issue #5: the other side's version (another event type, opposed side) is pushed out
    hard; a denial by that side of the same claim is not penalised for its side."""
    from sourcetrace.link.cluster import ClusterState, adjustment

    state = ClusterState()
    for i in range(3):
        state.add(_f("d1", f"C{i}", "surrender_or_capture", side="ukraine", status="video_claimed",
                     text="Russian marines surrendered near Krynky", places=frozenset({"krynky"})))
    krynky = frozenset({"krynky"})
    counter = _f("d2", "C1", "casualties_or_losses", side="russia", status="official_claim",
                 text="Russian forces destroyed Ukrainian assault groups around Krynky", places=krynky)
    denial = _f("d2", "C2", "surrender_or_capture", side="russia", status="denied",
                text="Moscow denied that its marines surrendered near Krynky", places=krynky)
    other_type = _f("d3", "C1", "casualties_or_losses", text="Dozens were killed around Krynky", places=krynky)
    assert adjustment(denial, state) > 0
    assert adjustment(counter, state) < adjustment(other_type, state) - 0.5
