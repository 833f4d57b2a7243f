"""Regular-expression rules for English time expressions and how each one resolves.

Each :class:`Rule` pairs a pattern over the raw text with a resolver. The span of a match
is its ``t`` group when the pattern has one (so a preposition that licenses a bare month,
"in May", stays out of the span), else the whole match. A resolver gets the match and a
:class:`Context` and returns a :class:`Resolved`, or ``None`` to reject the match as no
time at all ("the fall of Bakhmut", "USA Today").
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from dataclasses import dataclass
from functools import lru_cache

import regex

from sourcetrace.extract import time_calendar as cal
from sourcetrace.extract.time_lexicon import load_holidays, load_lexicon


@dataclass
class Resolved:
    """A time value with its contract granularity and anchor; value None when unknowable."""

    value: str | None
    granularity: str
    anchor: str


@dataclass
class Context:
    """What a resolver may consult: the publication date and the tense of the clause."""

    base: dt.date | None
    tense_at: Callable[[int, int], str]

    def future_at(self, start: int, end: int) -> bool:
        return self.tense_at(start, end) != "past"

    def day_without_year(self, month: int, day: int, start: int, end: int) -> dt.date | None:
        """Nearest before the base, after it when future, either side for "would"."""
        assert self.base is not None
        tense = self.tense_at(start, end)
        if tense == "relative":
            return cal.closest_day(self.base, month, day)
        return cal.nearest_day(self.base, month, day, tense == "future")


Resolver = Callable[[regex.Match[str], Context, int, int], "Resolved | None"]


@dataclass(frozen=True)
class Rule:
    name: str
    pattern: regex.Pattern[str]
    resolve: Resolver
    gate: regex.Pattern[str] | None = None  # a part every match contains (see ``_GATES``)


def _alt(words: list[str]) -> str:
    return "|".join(re.escape(w) for w in sorted(words, key=len, reverse=True))


@lru_cache(maxsize=1)
def _words() -> dict[str, str]:
    """Regex pieces built from the lexicon, named for the patterns below."""
    lex = load_lexicon()
    months = lex["months"]
    full = [m for m in months if len(m) > 4 or m in ("May", "June", "July")]
    abbr = [m for m in months if m not in full]
    return {
        "MONTH": rf"(?:(?:{_alt(full)})\b|(?:{_alt(abbr)})\b\.?)",
        "WD": rf"(?:{_alt(list(lex['weekdays']))})\b",
        "SEASON": rf"(?i:{_alt(list(lex['seasons']))})\b",
        "NUM": rf"(?:\d{{1,3}}|(?i:{_alt(list(lex['numbers']))}))",
        "UNIT": rf"(?i:{_alt(list(lex['units']))})\b",
        "POD": rf"(?i:{_alt(lex['parts_of_day'])})\b",
    }


def _month_num(name: str) -> int:
    return int(load_lexicon()["months"][name.rstrip(".")])


def _num(text: str) -> int:
    text = text.lower()
    return int(text) if text.isdigit() else int(load_lexicon()["numbers"][text])


def _unit(text: str) -> str:
    return str(load_lexicon()["units"][text.lower()])


def _duration(n: int, unit: str) -> str:
    return f"PT{n}{unit[1]}" if unit.startswith("T") else f"P{n}{unit}"


def _null(granularity: str) -> Resolved:
    return Resolved(None, granularity, "published")


# --- resolvers -------------------------------------------------------------------------


def _iso_day(m: regex.Match[str], ctx: Context, s: int, e: int) -> Resolved | None:
    day = cal.safe_date(int(m["y"]), int(m["mo"]), int(m["d"]))
    return Resolved(day.isoformat(), "day", "absolute") if day else None


def _day(m: regex.Match[str], ctx: Context, s: int, e: int) -> Resolved | None:
    """A day of a month, with or without its year."""
    month, day = _month_num(m["m"]), int(m["d"])
    if m["y"]:
        date = cal.safe_date(int(m["y"]), month, day)
        return Resolved(date.isoformat(), "day", "absolute") if date else None
    if cal.safe_date(2000, month, day) is None:
        return None
    if ctx.base is None:
        return _null("day")
    date = ctx.day_without_year(month, day, s, e)
    return Resolved(date.isoformat(), "day", "published") if date else None


def _day_interval(m: regex.Match[str], ctx: Context, s: int, e: int) -> Resolved | None:
    """From one day to another; the second fixes the year, the first is the latest before it."""
    names = m.groupdict()
    m1 = _month_num(names.get("m1") or names["m2"])
    m2 = _month_num(names.get("m2") or names["m1"])
    d1, d2 = int(m["d1"]), int(m["d2"])
    if m["y"]:
        end = cal.safe_date(int(m["y"]), m2, d2)
        anchor = "absolute"
    else:
        if ctx.base is None:
            return _null("range")
        if ctx.future_at(s, e):
            start = cal.nearest_day(ctx.base, m1, d1, True)
            end = cal.nearest_day(start, m2, d2, True) if start else None
            if start and end:
                return Resolved(f"{start}/{end}", "range", "published")
            return None
        end = cal.nearest_day(ctx.base, m2, d2, False)
        anchor = "published"
    start = cal.nearest_day(end, m1, d1, False) if end else None
    if not (start and end) or start > end:
        return None
    return Resolved(f"{start.isoformat()}/{end.isoformat()}", "range", anchor)


def _month_interval(m: regex.Match[str], ctx: Context, s: int, e: int) -> Resolved | None:
    m1, m2 = _month_num(m["m1"]), _month_num(m["m2"])
    if m["y"]:
        y2, anchor = int(m["y"]), "absolute"
    elif ctx.base is None:
        return _null("range")
    else:
        y2, _ = cal.nearest_month(ctx.base, m2, ctx.future_at(s, e))
        anchor = "published"
    y1 = y2 if m1 <= m2 else y2 - 1
    return Resolved(f"{cal.fmt_month(y1, m1)}/{cal.fmt_month(y2, m2)}", "range", anchor)


def _year_interval(m: regex.Match[str], ctx: Context, s: int, e: int) -> Resolved | None:
    y1, y2 = int(m["y1"]), int(m["y2"])
    if y2 < 100:  # "2022-23"
        y2 += y1 // 100 * 100
    return Resolved(f"{y1}/{y2}", "range", "absolute") if y1 < y2 else None


def _month(m: regex.Match[str], ctx: Context, s: int, e: int) -> Resolved | None:
    """A month, or a part of one ("mid-November", "the end of October"): the month."""
    month = _month_num(m["m"])
    if m.groupdict().get("y"):
        return Resolved(cal.fmt_month(int(m["y"]), month), "month", "absolute")
    if ctx.base is None:
        return _null("month")
    mod = (m.groupdict().get("mod") or "").lower()
    if mod == "last":
        year, _ = cal.nearest_month(ctx.base, month, False, strict=True)
    elif mod == "next":
        year, _ = cal.nearest_month(ctx.base, month, True, strict=True)
    elif mod == "this":
        year = ctx.base.year
    elif ctx.tense_at(s, e) == "relative":
        year, _ = cal.closest_month(ctx.base, month)
    else:
        year, _ = cal.nearest_month(ctx.base, month, ctx.future_at(s, e))
    return Resolved(cal.fmt_month(year, month), "month", "published")


def _year(m: regex.Match[str], ctx: Context, s: int, e: int) -> Resolved | None:
    return Resolved(m["y"], "year", "absolute")


def _season(m: regex.Match[str], ctx: Context, s: int, e: int) -> Resolved | None:
    code = load_lexicon()["seasons"][m["s"].lower()]
    if m.groupdict().get("y"):
        return Resolved(f"{m['y']}-{code}", "season", "absolute")
    if ctx.base is None:
        return _null("season")
    mod = (m.groupdict().get("mod") or "").lower() or None
    mod = mod if mod in ("last", "next", "this") else None
    value = cal.resolve_season(ctx.base, code, mod, ctx.future_at(s, e))
    return Resolved(value, "season", "published")


def _relative_year(m: regex.Match[str], ctx: Context) -> int | None:
    """The year of "last/this/next year" in "the summer of last year", "December last year"."""
    if ctx.base is None:
        return None
    return ctx.base.year + _PERIOD_DELTA[m["mod"].lower()]


def _season_rel_year(m: regex.Match[str], ctx: Context, s: int, e: int) -> Resolved | None:
    year = _relative_year(m, ctx)
    if year is None:
        return _null("season")
    return Resolved(f"{year}-{load_lexicon()['seasons'][m['s'].lower()]}", "season", "published")


def _month_rel_year(m: regex.Match[str], ctx: Context, s: int, e: int) -> Resolved | None:
    year = _relative_year(m, ctx)
    if year is None:
        return _null("month")
    return Resolved(cal.fmt_month(year, _month_num(m["m"])), "month", "published")


def _weekday(m: regex.Match[str], ctx: Context, s: int, e: int) -> Resolved | None:
    if ctx.base is None:
        return _null("day")
    target = int(load_lexicon()["weekdays"][m["wd"]])
    mod = (m["mod"] or "").lower()
    future = True if mod == "next" else False if mod == "last" else ctx.future_at(s, e)
    return Resolved(cal.weekday(ctx.base, target, future).isoformat(), "day", "published")


_DAY_OFFSETS = {"yesterday": -1, "today": 0, "tonight": 0, "tomorrow": 1, "this": 0, "last": -1}


def _relative_day(m: regex.Match[str], ctx: Context, s: int, e: int) -> Resolved | None:
    text = m.group(0)
    if text[0].isupper() and s > 0 and m["w"].lower() == "today":
        # "USA Today", "Russia Today" are outlets; a sentence-initial "Today" follows ". "
        before = m.string[max(0, s - 3):s].rstrip()
        if before and before[-1] not in ".!?\"'“”:;\n":
            return None
    if ctx.base is None:
        return _null("day")
    offset = _DAY_OFFSETS[m["w"].lower()]
    return Resolved((ctx.base + dt.timedelta(days=offset)).isoformat(), "day", "published")


def _day_before(m: regex.Match[str], ctx: Context, s: int, e: int) -> Resolved | None:
    """"the day before yesterday", "the day after tomorrow"."""
    if ctx.base is None:
        return _null("day")
    offset = -2 if "before" in m.group(0).lower() else 2
    return Resolved((ctx.base + dt.timedelta(days=offset)).isoformat(), "day", "published")


def _bare_year(m: regex.Match[str], ctx: Context, s: int, e: int) -> Resolved | None:
    """A four-digit year, unless it counts things ("2022 soldiers" with no preposition before)."""
    before = m.string[max(0, s - 12):s]
    if re.search(r"\b(?:in|since|by|until|till|from|during|before|after|of|through)\s+$", before, re.IGNORECASE):
        return _year(m, ctx, s, e)
    if re.match(r"\s+[a-z]+s\b", m.string[e:e + 20]) and not re.match(r"\s+(?:was|has|is|as)\b", m.string[e:e + 8]):
        return None
    return _year(m, ctx, s, e)


def _period(unit: str, base: dt.date, delta: int) -> tuple[str, str]:
    """The week, month or year ``delta`` units from the one holding the base."""
    if unit == "week":
        return cal.iso_week(base + dt.timedelta(weeks=delta)), "week"
    if unit == "month":
        return cal.fmt_month(*cal.shift_month(base.year, base.month, delta)), "month"
    return str(base.year + delta), "year"


_PERIOD_DELTA = {"this": 0, "the": 0, "last": -1, "next": 1, "coming": 1}


def _relative_period(m: regex.Match[str], ctx: Context, s: int, e: int) -> Resolved | None:
    if m["mod"][0].isupper() and m["u"][0].isupper():
        return None  # a title such as "This Week"
    unit = m["u"].lower()
    granularity = unit if unit in ("week", "month") else "year"
    if ctx.base is None:
        return _null(granularity)
    value, granularity = _period(unit, ctx.base, _PERIOD_DELTA[m["mod"].lower()])
    return Resolved(value, granularity, "published")


def _ago(m: regex.Match[str], ctx: Context, s: int, e: int) -> Resolved | None:
    n, unit = _num(m["n"]), _unit(m["u"])
    granularity = {"D": "day", "W": "week", "M": "month", "Y": "year"}.get(unit, "day")
    if ctx.base is None:
        return _null(granularity)
    if unit == "D":
        return Resolved((ctx.base - dt.timedelta(days=n)).isoformat(), "day", "published")
    if unit.startswith("T"):
        return Resolved(ctx.base.isoformat(), "day", "published")
    value, granularity = _period({"W": "week", "M": "month", "Y": "year"}[unit], ctx.base, -n)
    return Resolved(value, granularity, "published")


def _span_duration(m: regex.Match[str], ctx: Context, s: int, e: int) -> Resolved | None:
    if not m["n"] and m["u"].lower().endswith("s"):
        return None  # "the past months": no length given
    n = _num(m["n"]) if m["n"] else 1
    if n == 0:
        return None
    return Resolved(_duration(n, _unit(m["u"])), "range", "absolute")


def _bare_duration(m: regex.Match[str], ctx: Context, s: int, e: int) -> Resolved | None:
    """"two days": a duration, unless it is an age or a rate ("24-year-old", "twice a day")."""
    text = m.string
    after = text[e:e + 8].lower()
    if after.startswith(("-old", " old", "-long", "'s", "’s")) or text[max(0, s - 1):s] == "-":
        return None
    if re.search(r"\b(?:times|once|twice|per)\s*$", text[max(0, s - 12):s], re.IGNORECASE):
        return None
    if re.match(r"\s+(?:later|earlier|after|before|into|on|from)\b", text[e:e + 8], re.IGNORECASE):
        return None  # an offset from an event the text names, not a length
    if m["n"].lower() in ("a", "an") and not _LICENSES_A.search(text[max(0, s - 12):s]):
        return None  # "$15 an hour", "10 men a day": rates
    return _span_duration(m, ctx, s, e)


_LICENSES_A = re.compile(
    r"\b(?:for|within|in|over|after|than|about|nearly|almost|around|under|only|just|"
    r"took|take|takes|taking|lasted|last|lasts|spent|spend|spends|barely|least|roughly)\s+$",
    re.IGNORECASE,
)


def _holiday(month: int, day: int) -> Resolver:
    def resolve(m: regex.Match[str], ctx: Context, s: int, e: int) -> Resolved | None:
        if ctx.base is None:
            return _null("day")
        date = ctx.day_without_year(month, day, s, e)
        return Resolved(date.isoformat(), "day", "published") if date else None

    return resolve


# --- patterns --------------------------------------------------------------------------

_D = r"(?<![\d,.])(?P<{0}>[0-3]?\d)(?:st|nd|rd|th)?\b(?![,.]?\d)"
_Y = r"(?P<{0}>(?:19|20)\d\d)\b(?![-–/]\d)"
_TO = r"\s*(?:(?i:to|and|until|till|through)\s+|[-–]\s*)"
_FROM = r"(?i:from|between)\s+"
_PART = r"(?:(?i:early|late|mid)(?:-|\s+)|(?i:the\s+(?:end|beginning|start|middle)\s+of)\s+)?"
_PREP = r"(?i:in|since|until|till|by|through|throughout|during|before|after|from|of|to|over|for)\s+"


#: For the costly rules, a part of the pattern that every match contains, outside any
#: optional group. A text in which it is nowhere found cannot match the rule, so the
#: rule's scan is skipped (most articles name no season, many no month or weekday):
#: the matches are the same, at a fraction of the cost.
_GATES = {
    **dict.fromkeys(("interval_days", "interval_day_month", "interval_month_day", "interval_months", "day_month",
                     "month_day", "part_of_month", "month_year", "month_mod", "month_bare", "month_rel_year"),
                    "{MONTH}"),
    **dict.fromkeys(("season_rel_year", "season_year", "season_mod", "season_the", "season_prep"), "{SEASON}"),
    **dict.fromkeys(("ago", "past_span", "duration"), "{UNIT}"),
    **dict.fromkeys(("relative_period", "part_of_period"), "(?i:week|month|year)"),
    "weekday": "{WD}",
    "relative_day": "(?i:yesterday|today|tonight|tomorrow)",
    "this_pod": "(?i:morning|afternoon|evening)",
}


def _fmt(pattern: str) -> str:
    w = _words()
    out = pattern
    for key in ("MONTH", "WD", "SEASON", "NUM", "UNIT", "POD"):
        out = out.replace("{" + key + "}", w[key])
    return out


def _m(name: str) -> str:
    return f"(?P<{name}>" + "{MONTH})"


def _compile(pattern: str) -> regex.Pattern[str]:
    return regex.compile(pattern, flags=regex.V0)


@lru_cache(maxsize=1)
def rules() -> tuple[Rule, ...]:
    """All rules; overlaps are settled by the caller (longest span first)."""
    d, d1, d2 = _D.format("d"), _D.format("d1"), _D.format("d2")
    y, y1, y2 = _Y.format("y"), _Y.format("y1"), _Y.format("y2")
    yopt = rf"(?:,?\s+{y})?"
    table: list[tuple[str, str, Resolver]] = [
        ("iso_date", r"\b(?P<y>(?:19|20)\d\d)-(?P<mo>0[1-9]|1[0-2])-(?P<d>[0-3]\d)\b", _iso_day),
        ("interval_days", rf"(?:{_FROM})?{d1}{_TO}{d2}\s+(?:of\s+)?{_m('m2')}{yopt}", _day_interval),
        ("interval_day_month", rf"{_FROM}{d1}\s+(?:of\s+)?{_m('m1')}{_TO}{d2}\s+(?:of\s+)?{_m('m2')}{yopt}",
         _day_interval),
        ("interval_month_day", rf"(?:{_FROM})?{_m('m1')}\s+{d1}{_TO}(?:{_m('m2')}\s+)?{d2}{yopt}", _day_interval),
        ("interval_months", rf"{_FROM}{_m('m1')}{_TO}{_m('m2')}(?:\s+{y})?", _month_interval),
        ("interval_years", rf"{_FROM}{y1}{_TO}{y2}", _year_interval),
        ("year_span", r"(?<![\d\-–/])(?P<y1>(?:19|20)\d\d)[-–/](?P<y2>(?:19|20)?\d\d)\b(?![-–/]\d)", _year_interval),
        ("dotted_date", r"(?<![\d.])(?P<d>[0-3]?\d)\.(?P<mo>[01]?\d)\.(?P<y>(?:19|20)\d\d)\b(?!\.\d)", _iso_day),
        ("day_month", rf"(?:{{WD}},?\s+(?:the\s+)?)?{d}\s+(?:of\s+)?{_m('m')}{yopt}", _day),
        ("month_day", rf"(?:{{WD}},?\s+)?{_m('m')}\s+{d}{yopt}", _day),
        ("part_of_month", (rf"(?:(?i:early|late|mid)(?:-|\s+)|(?i:the\s+(?:end|beginning|start|middle)\s+of)\s+)"
                           rf"{_m('m')}(?:,?\s+{y})?"), _month),
        ("part_of_year", rf"(?:(?i:early|late|mid)(?:-|\s+)|(?i:the\s+(?:end|beginning|start|middle)\s+of)\s+){y}",
         _year),
        ("month_year", rf"{_m('m')},?\s+{y}", _month),
        ("month_mod", rf"(?P<mod>(?i:last|next|this))\s+{_m('m')}", _month),
        ("month_bare", rf"{_PREP}(?P<t>{_m('m')})(?!\s*\d)", _month),
        ("season_rel_year", _PART + r"(?:(?i:the)\s+)?(?P<s>{SEASON})\s+(?:of\s+)?"
                            r"(?P<mod>(?i:last|this|next))\s+(?i:year)\b", _season_rel_year),
        ("month_rel_year", _PART + rf"{_m('m')}\s+(?:of\s+)?(?P<mod>(?i:last|this|next))\s+(?i:year)\b",
         _month_rel_year),
        ("season_year", _PART + r"(?:(?i:the)\s+)?(?P<s>{SEASON})(?:\s+of)?\s+(?P<y>(?:19|20)\d\d)(?:[-–/](?:\d\d){1,2})?\b",
         _season),
        ("season_mod", r"(?P<mod>(?i:last|next|this|early|late))\s+(?P<s>{SEASON})", _season),
        ("season_the", r"(?:(?i:the\s+(?:end|beginning|start|middle)\s+of)\s+)?(?i:the)\s+(?:(?P<mod>(?i:early|late))\s+)?(?P<s>{SEASON})(?!\s+of\s+(?!\d))", _season),
        ("season_prep", rf"{_PREP}(?P<t>(?P<s>{{SEASON}}))(?!\s+of\s+(?!\d))", _season),
        ("weekday", r"(?:(?P<mod>(?i:last|next|this|early|late))\s+)?(?P<wd>{WD})(?:\s+{POD})?", _weekday),
        ("day_before", r"(?i:the\s+day\s+(?:before\s+yesterday|after\s+tomorrow))", _day_before),
        ("relative_day", r"(?:(?i:early|late)\s+)?(?P<w>(?i:yesterday|today|tonight|tomorrow))\b(?:\s+{POD})?",
         _relative_day),
        ("this_pod", r"(?:(?i:early|late)\s+)?(?P<w>(?i:this))\s+(?i:morning|afternoon|evening)\b", _relative_day),
        ("last_night", r"(?P<w>(?i:last))\s+(?i:night|evening)\b", _relative_day),
        ("relative_period", (r"(?:(?i:earlier|later|early|late)\s+)?(?P<mod>(?i:this|last|next|coming))\s+"
                             r"(?P<u>(?i:week|month|year))\b"), _relative_period),
        ("part_of_period", (r"(?i:the\s+(?:start|beginning|end|middle|first\s+half|second\s+half)\s+of\s+)"
                            r"(?P<mod>(?i:the|this|last|next))\s+(?P<u>(?i:week|month|year))\b"), _relative_period),
        ("ago", r"(?<![\w-])(?P<n>{NUM})\s+(?P<u>{UNIT})\s+(?i:ago)\b", _ago),
        ("past_span", r"(?i:the\s+(?:past|last|previous))\s+(?:(?P<n>{NUM})\s+)?(?P<u>{UNIT})", _span_duration),
        ("duration", r"(?<![\w-])(?P<n>{NUM})\s+(?P<u>{UNIT})", _bare_duration),
        ("year", r"(?<![\d,.\-–/$£€#№])" + y + r"(?!,\d)", _bare_year),
    ]
    # Every match starts a word. The patterns run on the ``regex`` engine: with its
    # default (V0, re-compatible) semantics it gives the same matches as ``re`` on our
    # test texts and the PolNeAR train and dev articles, at half the cost.
    gates = {part: _compile(_fmt(part)) for part in set(_GATES.values())}
    out = [Rule(name, _compile(r"\b" + _fmt(p)), fn, gates.get(_GATES.get(name, ""))) for name, p, fn in table]
    for name, month, day in load_holidays():
        out.append(Rule("holiday", _compile(rf"\b(?i:{name})\b"), _holiday(month, day)))
    return tuple(out)
