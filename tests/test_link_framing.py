"""Partisan vocabulary as a version marker in linking (link/framing.py, cluster.FRAME_CLASH)."""

from __future__ import annotations

from typing import Any

import pytest
from link_store import partition, together

from sourcetrace.link.framing import framed_side, framing_side
from sourcetrace.link.linker import link_new, rebuild
from sourcetrace.model import Claim, Document, Extraction, Place, RawItem
from sourcetrace.store.documents import add_document
from sourcetrace.store.extractions import save_extraction


@pytest.mark.parametrize(("text", "side"), [
    ("Russian forces struck a camp of foreign mercenaries outside Sumy overnight.", "russia"),
    ("Ракета попала в пункт дислокации иностранных наёмников под Сумами.", "russia"),
    ("Getroffen worden sei ein Lager ausländischer Söldner bei Sumy.", "russia"),
    ("Up to thirty militants were eliminated near the river crossing.", "russia"),
    ("The occupiers shelled the ferry landing again this morning.", "ukraine"),
    ("Окупанти знову обстріляли переправу.", "ukraine"),
    # neutral usage and names for governments tell no version
    ("Fighting continues on the Russian-occupied left bank of the river.", None),
    ("Moscow accused the Kyiv regime of staging the footage.", None),
    ("A missile hit a hotel in the centre of Sumy, injuring nine people.", None),
    # both sides' words in one sentence: no side
    ("The occupiers call the defenders mercenaries.", None),
])
def test_framing_side_reads_partisan_names(text: str, side: str | None) -> None:
    assert framing_side(text) == side


def test_quoting_the_other_sides_words_to_reject_them_frames_nothing() -> None:
    quote = "Russia is inventing dead mercenaries to justify a strike on civilians."
    assert framed_side(quote, "ukraine", stance=False) is None
    assert framed_side(quote, "unknown", stance=True) is None
    assert framed_side(quote, "unknown", stance=False) == "russia"


HOTEL_1 = "A Russian missile hit the Hotel Vesna in the centre of Sumy late on Friday, injuring nine people."
HOTEL_2 = "Nine people were hurt when a missile struck the Hotel Vesna in central Sumy on Friday night."
VERSION_EN = "Russian forces struck a temporary deployment point of foreign mercenaries in central Sumy on Friday."
VERSION_DE = "Russische Truppen hätten am Freitag einen Stützpunkt ausländischer Söldner im Zentrum von Sumy getroffen."


def _add(store: Any, outlet: str, published: str, sentences: list[str], lang: str = "en") -> None:
    text = " ".join(sentences) + f" ({outlet})"
    doc = Document(text=text, outlet=outlet, published=published, language=lang,
                   url=f"https://{outlet.lower().replace(' ', '')}.example/{published}")
    place = Place("P1", "Sumy", "Sumy", "UA", precision="city")
    claims = [Claim(f"C{i}", s, "shelling_or_missile_strike", places=["P1"]) for i, s in enumerate(sentences, 1)]
    with store.engine.begin() as conn:
        add_document(conn, RawItem(origin=outlet, data=text.encode(), media_type="text/plain"), doc)
        save_extraction(conn, Extraction(doc, claims=claims, places=[place]), "test")


def test_one_sides_version_of_a_strike_stays_apart_from_the_neutral_account(sqlite_store: Any) -> None:
    # regression: the "mercenary base" version merged with the hotel strike (same place,
    # day and type, and the hotel reports name no side)
    _add(sqlite_store, "Harbour Gazette", "2024-03-01", [HOTEL_1])
    _add(sqlite_store, "Northern Wire", "2024-03-02", [HOTEL_2])
    _add(sqlite_store, "Steppe Herald", "2024-03-02", [VERSION_EN])
    _add(sqlite_store, "Weser Bote", "2024-03-02", [VERSION_DE], lang="de")
    link_new(sqlite_store)
    part = partition(sqlite_store)
    assert together(part, HOTEL_1, HOTEL_2)
    assert not together(part, HOTEL_1, VERSION_EN)
    assert together(part, VERSION_EN, VERSION_DE)
    rebuild(sqlite_store)
    assert partition(sqlite_store) == part


def test_a_neutral_claim_pays_to_join_a_cluster_told_mostly_in_one_sides_words() -> None:
    from sourcetrace.link.cluster import FRAME_CLASH, ClusterState, adjustment
    from sourcetrace.link.features import ClaimFeatures

    def claim(text: str) -> ClaimFeatures:
        return ClaimFeatures("d", "C1", text, "other", "reported", None, framing=framing_side(text))

    framed, neutral = ClusterState(), ClusterState()
    for text in ("A strike hit a base of foreign mercenaries in Sumy.", "Forty mercenaries were eliminated.",
                 "The strike came on Friday evening."):
        framed.add(claim(text))
    for text in ("A missile hit a hotel in Sumy.", "Nine people were hurt.", "Forty mercenaries were eliminated."):
        neutral.add(claim(text))
    exchange = claim("Two hundred prisoners came home in an exchange.")
    assert adjustment(exchange, framed) == pytest.approx(-FRAME_CLASH)
    assert adjustment(exchange, neutral) == 0.0
