"""Cheap claims for German and Russian documents: who they cite, and denials."""

from __future__ import annotations

from sourcetrace.extract.multilingual import extract_sentences
from sourcetrace.model import Document


def test_russian_claim_citing_the_ministry_gets_its_side_and_a_denial_reads_denied() -> None:
    text = ("По данным Минобороны, вечером ракета поразила склад боеприпасов под Купянском. "
            "Министерство обороны России опровергло сообщения о сдаче в плен морпехов под Крынками.")
    ex = extract_sentences(Document(text=text, language="ru", outlet="Vestnik"))
    first, second = ex.claims
    assert first.status == "reported" and second.status == "denied"
    entity = {e.id: e for e in ex.entities}
    source = {a.id: a.source for a in ex.attributions}
    assert entity[source[first.attribution].entity].name == "Russian Defence Ministry"  # type: ignore[index,union-attr]
    assert entity[source[first.attribution].entity].side == "russia"  # type: ignore[index,union-attr]


def test_german_hedged_claim_is_unverified_and_a_name_without_a_cue_is_no_source() -> None:
    text = ("Bei Krynky sollen sich am Montag mehrere Marineinfanteristen ergeben haben. "
            "Der Kreml liegt in Moskau und ist ein beliebtes Ziel von Touristen aus aller Welt.")
    ex = extract_sentences(Document(text=text, language="de"))
    assert ex.claims[0].status == "unverified"
    assert all(c.attribution is None for c in ex.claims)
