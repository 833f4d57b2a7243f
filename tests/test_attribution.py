"""Attribution spans (source, cue, content) on hand-written war reporting."""

from __future__ import annotations

import pytest
from spacy.language import Language

from sourcetrace.extract.attribution import get_attributions
from sourcetrace.extract.attribution_assemble import Draft, cue_from_parse
from sourcetrace.extract.attribution_bounds import through_parenthetical_cue, trim_edges, within_cue_sentence
from sourcetrace.extract.pipeline import load_pipeline
from sourcetrace.model import Attribution


@pytest.fixture(scope="session")
def nlp() -> Language:
    return load_pipeline("en")


def attrs(nlp: Language, text: str) -> list[Attribution]:
    doc = nlp(text)
    found = get_attributions(doc)
    for a in found:  # every span points into the text it came from
        for part in (a.source, a.cue, a.content):
            if part is not None:
                assert doc.text[part.start:part.end] == part.text
        assert a.kind in ("direct", "indirect", "mixed", "according_to", "reported", "published_media")
        assert a.source is None or a.source.entity is None
        assert a.via == [] and a.parent is None and a.signals == []
    assert [a.id for a in found] == [f"A{i}" for i in range(1, len(found) + 1)]
    return found


def only(found: list[Attribution]) -> Attribution:
    assert len(found) == 1, [(a.source, a.cue, a.content.text) for a in found]
    return found[0]


def core(text: str) -> str:
    return text.strip(" \"'“”„«».,")


def test_direct_quote(nlp: Language) -> None:
    a = only(attrs(nlp, '"We pushed them back across the river overnight," Colonel Petro Marchenko said on Monday.'))
    assert core(a.content.text) == "We pushed them back across the river overnight"
    assert a.source is not None and a.source.text == "Colonel Petro Marchenko"
    assert a.cue is not None and a.cue.text == "said"
    assert a.kind == "direct"


def test_said_that_indirect(nlp: Language) -> None:
    a = only(attrs(nlp, "The regional governor said that three drones were shot down over the city overnight."))
    assert a.source is not None and a.source.text == "The regional governor"
    assert a.cue is not None and a.cue.text == "said"
    assert "three drones were shot down over the city overnight" in a.content.text
    assert a.kind == "indirect"


def test_according_to(nlp: Language) -> None:
    a = only(attrs(nlp, "According to the regional administration, two villages lost power after the strike."))
    assert a.source is not None and a.source.text == "the regional administration"
    assert a.cue is not None and a.cue.text.startswith("According to")
    assert core(a.content.text) == "two villages lost power after the strike"
    assert a.kind == "according_to"


def test_told(nlp: Language) -> None:
    a = only(attrs(nlp, "A senior defence official told Reuters that the convoy had been hit near the border."))
    assert a.source is not None and a.source.text == "A senior defence official"
    assert a.cue is not None and a.cue.text.startswith("told")
    assert "the convoy had been hit near the border" in a.content.text


def test_wrote_on_telegram(nlp: Language) -> None:
    a = only(attrs(nlp, "The mayor of Kharkiv wrote on Telegram that air defence was working over the city."))
    assert a.source is not None and a.source.text == "The mayor of Kharkiv"
    assert a.cue is not None and a.cue.text.startswith("wrote")
    assert "air defence was working over the city" in a.content.text


def test_it_was_reported(nlp: Language) -> None:
    a = only(attrs(nlp, "It was reported that the bridge over the canal had been damaged."))
    assert a.source is None
    assert "the bridge over the canal had been damaged" in a.content.text
    assert a.kind == "reported"


def test_video_posted_by(nlp: Language) -> None:
    a = only(attrs(nlp, "A video posted by the 93rd Brigade shows two tanks burning in a field."))
    assert a.source is not None and "93rd Brigade" in a.source.text
    assert "two tanks burning in a field" in a.content.text
    assert a.kind == "published_media"


def test_german_and_russian_quote_marks(nlp: Language) -> None:
    found = attrs(nlp, "The German defence minister said: „We will send more air defence systems this winter.“ "
                       "The Kremlin spokesman said: «The operation is going according to plan.»")
    contents = [core(a.content.text) for a in found]
    assert "We will send more air defence systems this winter" in contents
    assert "The operation is going according to plan" in contents
    assert all(a.kind == "direct" for a in found)


def test_unclosed_quotation_mark(nlp: Language) -> None:
    a = only(attrs(nlp, 'The battalion commander said: "We will hold this line whatever it costs us'))
    assert core(a.content.text) == "We will hold this line whatever it costs us"
    assert a.source is not None and a.source.text == "The battalion commander"


def test_quote_across_two_paragraphs(nlp: Language) -> None:
    text = ('"The first wave of drones came just before dawn and hit the power station.\n\n'
            '"The second wave came an hour later, when the repair crews had arrived," the plant manager said.')
    a = only(attrs(nlp, text))
    assert a.content.text.startswith('"The first wave')
    assert a.content.text.rstrip('",').endswith("the repair crews had arrived")
    assert a.source is not None and a.source.text == "the plant manager"


def test_no_attributions(nlp: Language) -> None:
    text = ("Heavy rain fell across the region on Tuesday.\n\n"
            "Several roads near the river were flooded and two schools stayed closed.")
    assert attrs(nlp, text) == []


def test_several_attributions_in_text_order(nlp: Language) -> None:
    text = ("The army said that it had repelled six attacks near the town. "
            "Local officials told reporters that the shelling had damaged a hospital.")
    found = attrs(nlp, text)
    assert len(found) == 2
    assert found[0].content.start < found[1].content.start


def test_find_quotes_handles_every_mark_and_apostrophes() -> None:
    from sourcetrace.extract.attribution_quotes import find_quotes

    text = "He said „Wir liefern.“ and «Всё по плану» and “fine” and ‘soon’, but it’s the army’s call."
    assert [text[s:e] for s, e in find_quotes(text)] == ["„Wir liefern.“", "«Всё по плану»", "“fine”", "‘soon’"]


def test_find_quotes_unclosed_and_multi_paragraph() -> None:
    from sourcetrace.extract.attribution_quotes import find_quotes

    text = '"First part.\n\n"Second part," he said.\n\nShe said: "never closed\n\nNext paragraph.'
    assert [text[s:e] for s, e in find_quotes(text)] == ['"First part.\n\n"Second part,"', '"never closed']


def test_find_quotes_reads_two_apostrophes_as_double_marks() -> None:
    from sourcetrace.extract.attribution_quotes import find_quotes

    text = "The commander said ''we hold the bridge,'' and left. It's the colonel's call."
    assert [text[s:e] for s, e in find_quotes(text)] == ["''we hold the bridge,'"]


def test_trim_edges_drops_dangling_conjunction_and_cue_overlap(nlp: Language) -> None:
    doc = nlp("The minister said the ceasefire would hold, but the shelling went on.")
    draft = Draft(cue=(2, 3), content=(2, 9))  # "said the ceasefire would hold , but"
    trim_edges(doc, draft)
    assert draft.content is not None
    assert doc[draft.content[0]:draft.content[1]].text == "the ceasefire would hold"


def test_reported_clause_ends_with_the_cue_sentence(nlp: Language) -> None:
    doc = nlp("The officer said that the town was calm. Shops opened in the morning.")
    draft = Draft(cue=(2, 3), content=(3, len(doc) - 1))
    within_cue_sentence(doc, draft, [])
    assert draft.content is not None
    assert doc[draft.content[0]:draft.content[1]].text == "that the town was calm"


def test_cue_from_parse_takes_speech_verb_with_auxiliary_and_adverb(nlp: Language) -> None:
    doc = nlp("The ministry has also admitted that two soldiers died in the raid.")
    start = next(t.i for t in doc if t.text == "that")
    cue = cue_from_parse(doc, (start, len(doc) - 1))
    assert cue is not None and doc[cue[0]:cue[1]].text == "has also admitted"
    assert cue_from_parse(doc, (0, 2)) is None  # a subject is no complement


def test_quote_resumed_in_next_sentence_is_one_content(nlp: Language) -> None:
    text = ('"We will not withdraw from the city," the general said on Tuesday, speaking to reporters. '
            '"Our positions are strong and our supplies are enough for months."')
    found = [a for a in attrs(nlp, text) if a.cue is not None and a.cue.text.startswith("said")]
    assert len(found) == 1
    assert core(found[0].content.text).startswith("We will not withdraw")
    assert core(found[0].content.text).endswith("enough for months")


def test_parenthetical_cue_keeps_the_whole_clause(nlp: Language) -> None:
    a = only(attrs(nlp, "The convoy, the spokesman said, was hit twice near the border crossing."))
    assert core(a.content.text) == "The convoy, the spokesman said, was hit twice near the border crossing"
    assert a.source is not None and a.source.text == "the spokesman"


def test_through_parenthetical_cue_extends_a_first_half(nlp: Language) -> None:
    doc = nlp("The convoy, the spokesman said, was hit twice near the border crossing.")
    draft = Draft(cue=(5, 6), source=(3, 5), content=(0, 3))
    through_parenthetical_cue(doc, draft)
    assert draft.content == (0, len(doc) - 1)
