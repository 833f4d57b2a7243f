"""Time expressions resolved against the publication date (spec: "Time values")."""

from __future__ import annotations

from pathlib import Path

import pytest
from spacy.language import Language

from sourcetrace.eval.times import evaluate_times, read_rows
from sourcetrace.extract.times import find_times
from sourcetrace.model import TimeExpr

DATA = Path(__file__).parent / "data" / "times.tsv"


@pytest.fixture(scope="session")
def times_nlp() -> Language:
    """The bare English model, loaded once: the time rules read only its parse and entities."""
    import spacy

    from sourcetrace.extract.pipeline import MODELS

    return spacy.load(MODELS["en"])


def _times(nlp: Language, text: str, published: str | None) -> dict[str, TimeExpr]:
    return {t.text: t for t in find_times(nlp(text), published)}


def _one(nlp: Language, text: str, published: str | None, expression: str) -> TimeExpr:
    found = _times(nlp, text, published)
    assert expression in found, f"{expression!r} not found in {sorted(found)}"
    return found[expression]


def test_annotated_file_meets_floor(times_nlp: Language) -> None:
    result = evaluate_times(DATA, nlp=times_nlp)
    assert result["expressions"] >= 170
    assert result["exact"] >= 0.95, result["errors"]
    assert result["span_exact"] >= 0.93, result["errors"]
    assert set(result["by_granularity"]) >= {"day", "week", "month", "season", "year", "range", "none"}


def test_annotated_file_has_unknown_publication_dates() -> None:
    rows = read_rows(DATA)
    undated = [r for r in rows if not r["published"]]
    assert len(undated) >= 10
    assert any(r["value"] == "" for r in undated) and any(r["anchor"] == "absolute" for r in undated)


def test_unknown_publication_date_gives_null_for_relative_times(times_nlp: Language) -> None:
    text = "Drones hit Odesa yesterday and on Monday, after heavy shelling last week and on 24 February 2022."
    found = _times(times_nlp, text, None)
    for expression in ("yesterday", "Monday", "last week"):
        assert found[expression].value is None
        assert found[expression].anchor == "published"
    assert found["last week"].granularity == "week"
    assert found["24 February 2022"].value == "2022-02-24"
    assert found["24 February 2022"].anchor == "absolute"


def test_weekday_follows_tense(times_nlp: Language) -> None:
    published = "2023-11-22"  # a Wednesday
    assert _one(times_nlp, "The bridge was struck on Friday.", published, "Friday").value == "2023-11-17"
    assert _one(times_nlp, "The envoy will visit Kyiv on Friday.", published, "Friday").value == "2023-11-24"
    assert _one(times_nlp, "The vote is expected on Friday.", published, "Friday").value == "2023-11-24"
    assert _one(times_nlp, "He said talks resume next Wednesday.", published, "next Wednesday").value == "2023-11-29"
    assert _one(times_nlp, "It happened last Wednesday.", published, "last Wednesday").value == "2023-11-15"


def test_orthodox_christmas_across_new_year(times_nlp: Language) -> None:
    past = _one(times_nlp, "Shelling went on through Orthodox Christmas.", "2023-12-26", "Orthodox Christmas")
    future = _one(times_nlp, "Moscow will observe a truce on Orthodox Christmas.", "2023-12-26", "Orthodox Christmas")
    after = _one(times_nlp, "Shelling went on through Orthodox Christmas.", "2024-01-10", "Orthodox Christmas")
    assert (past.value, future.value, after.value) == ("2023-01-07", "2024-01-07", "2024-01-07")
    christmas = _one(times_nlp, "Missiles hit Kherson on Christmas Day.", "2024-01-03", "Christmas Day")
    assert (christmas.value, christmas.granularity, christmas.anchor) == ("2023-12-25", "day", "published")


def test_date_without_year_is_nearest_before_publication(times_nlp: Language) -> None:
    assert _one(times_nlp, "He was detained on November 30.", "2023-11-22", "November 30").value == "2022-11-30"
    assert _one(times_nlp, "The vote will be held on November 30.", "2023-11-22", "November 30").value == "2023-11-30"


def test_seasons_months_and_periods(times_nlp: Language) -> None:
    found = _times(times_nlp, "Losses peaked in the winter of 2022-23, in mid-November and last week.", "2023-11-22")
    assert (found["the winter of 2022-23"].value, found["the winter of 2022-23"].anchor) == ("2022-WI", "absolute")
    assert (found["mid-November"].value, found["mid-November"].granularity) == ("2023-11", "month")
    assert found["last week"].value == "2023-W46"
    winter = _one(times_nlp, "Fighting was fiercest last winter.", "2024-01-10", "last winter")
    assert winter.value == "2022-WI"


def test_ranges(times_nlp: Language) -> None:
    found = _times(times_nlp, "Power was cut for two days; in the past 24 hours and from 20 to 22 November "
                              "drones flew.", "2023-11-22")
    assert found["two days"].value == "P2D"
    assert found["the past 24 hours"].value == "PT24H"
    assert found["from 20 to 22 November"].value == "2023-11-20/2023-11-22"
    assert {t.granularity for t in found.values()} == {"range"}


def test_no_times_in_ages_counts_and_rates(times_nlp: Language) -> None:
    text = ("A 24-year-old soldier and two comrades of the 47th Brigade, aged 45, fired 155 mm shells; "
            "he earns $500 a month, and 2,000 people may leave as the march goes on. USA Today reported it.")
    assert find_times(times_nlp(text), "2023-11-22") == []


def test_spans_offsets_ids_and_datetime_publication(times_nlp: Language) -> None:
    doc = times_nlp("On Tuesday, officials said that last night drones struck Kyiv, as in 2014.")
    found = find_times(doc, "2023-11-22T09:15:00+02:00")
    assert [t.id for t in found] == ["T1", "T2", "T3"]
    assert [t.text for t in found] == ["Tuesday", "last night", "2014"]
    assert all(doc.text[t.start:t.end] == t.text for t in found)
    assert [t.value for t in found] == ["2023-11-21", "2023-11-21", "2014"]


def test_would_looks_either_side_of_publication(times_nlp: Language) -> None:
    # future seen from a past moment: the nearer occurrence, before or after publication
    parade = _one(times_nlp, "The Kremlin said the parade on 9 May would go ahead.", "2023-05-12", "9 May")
    strike = _one(times_nlp, "Officials warned Russia would strike on New Year's Eve.", "2023-12-26", "New Year's Eve")
    assert (parade.value, strike.value) == ("2023-05-09", "2023-12-31")


def test_seasons_and_months_of_a_relative_year(times_nlp: Language) -> None:
    found = _times(times_nlp, "The village fell in the summer of last year and again in December last year.",
                   "2023-11-22")
    assert found["the summer of last year"].value == "2022-SU"
    assert found["December last year"].value == "2022-12"


def test_evaluation_counts_a_wrong_annotation(times_nlp: Language, tmp_path: Path) -> None:
    data = tmp_path / "two.tsv"
    data.write_text(
        "context\texpression\tpublished\tvalue\tgranularity\tanchor\tkind\tsplit\n"
        "Kyiv was hit yesterday.\tyesterday\t2023-11-22\t2023-11-21\tday\tpublished\trelative_day\tdev\n"
        "Kyiv was hit yesterday.\tyesterday\t2023-11-22\t2023-11-20\tday\tpublished\trelative_day\theldout\n",
        encoding="utf-8",
    )
    result = evaluate_times(data, nlp=times_nlp)
    assert (result["expressions"], result["exact"], len(result["errors"])) == (2, 0.5, 1)
    assert evaluate_times(data, nlp=times_nlp, split="dev")["exact"] == 1.0


def test_calendar_edges() -> None:
    import datetime as dt

    from sourcetrace.extract import time_calendar as cal

    assert cal.iso_week(dt.date(2023, 1, 1)) == "2022-W52"
    assert cal.season_bounds(2023, "WI") == (dt.date(2023, 12, 1), dt.date(2024, 2, 29))
    assert cal.season_of(dt.date(2024, 2, 10)) == (2023, "WI")
    assert cal.nearest_day(dt.date(2023, 3, 1), 2, 29, future=False) == dt.date(2023, 2, 28)
    assert cal.parse_published("2023-11-22T09:15:00Z") == dt.date(2023, 11, 22)
    assert cal.parse_published("not a date") is None


def test_a_rule_s_gate_is_a_part_of_every_match() -> None:
    """The scan of a gated rule is skipped on texts without its gate, so every match of the
    rule must contain a match of the gate: checked on every match the rules find in a set
    of dated sentences, each also checked to be found only when the gate is."""
    from sourcetrace.extract.time_rules import rules

    text = ("From 3 to 5 December 2023, in early spring, last Tuesday evening, two weeks ago, over the past "
            "three days, yesterday, this morning, later this month, the end of the year, in March, "
            "November 14, 14 November, mid-October, last June, the summer of 2022, in winter, from 28 November "
            "to 2 December, from March to May, March of last year, the spring of last year, last spring, the "
            "winter, the end of the week, June 2023, from October 3 to 5.")
    gated = [r for r in rules() if r.gate is not None]
    assert {r.name for r in gated} >= {"day_month", "interval_days", "duration", "weekday", "season_year"}
    for rule in gated:
        matches = list(rule.pattern.finditer(text))
        assert matches, rule.name  # the text exercises every gated rule
        for m in matches:
            assert rule.gate.search(m.group(0)), (rule.name, m.group(0))
