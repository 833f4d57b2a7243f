"""Calendar arithmetic for time expressions: pure functions over ``datetime.date``.

Every resolver takes the publication date as ``base`` and a direction: ``past`` picks the
latest fitting date on or before the base, ``future`` the earliest on or after it. Values
come back in the contract's forms (ISO dates, ``YYYY-Www``, ``YYYY-MM``, ``YYYY-SU``...).
"""

from __future__ import annotations

import calendar
import datetime as dt

SEASON_ORDER = ("SP", "SU", "FA", "WI")
_SEASON_START_MONTH = {"SP": 3, "SU": 6, "FA": 9, "WI": 12}


def parse_published(published: str | None) -> dt.date | None:
    """The publication date of an ISO date or datetime string, or None when unknown or malformed."""
    if not published:
        return None
    try:
        return dt.date.fromisoformat(published.strip()[:10])
    except ValueError:
        return None


def safe_date(year: int, month: int, day: int) -> dt.date | None:
    """A date, or None for impossible ones (30 February); 29 February falls back to the 28th."""
    if month == 2 and day == 29 and not calendar.isleap(year):
        day = 28
    try:
        return dt.date(year, month, day)
    except ValueError:
        return None


def nearest_day(base: dt.date, month: int, day: int, future: bool) -> dt.date | None:
    """A day given without a year: the nearest one before the base (or after, when future)."""
    if safe_date(2000, month, day) is None:
        return None
    step = 1 if future else -1
    year = base.year
    for _ in range(3):
        cand = safe_date(year, month, day)
        if cand is not None and ((cand >= base) if future else (cand <= base)):
            return cand
        year += step
    return None


def closest_day(base: dt.date, month: int, day: int) -> dt.date | None:
    """A day without a year, whichever side of the base is nearer (for "would" clauses)."""
    cands = [d for y in (base.year - 1, base.year, base.year + 1) if (d := safe_date(y, month, day))]
    return min(cands, key=lambda d: abs((d - base).days)) if cands else None


def closest_month(base: dt.date, month: int) -> tuple[int, int]:
    """A month without a year, whichever side of the base's month is nearer."""
    here = base.year * 12 + base.month - 1
    cands = [(y, month) for y in (base.year - 1, base.year, base.year + 1)]
    return min(cands, key=lambda c: abs(c[0] * 12 + c[1] - 1 - here))


def weekday(base: dt.date, target: int, future: bool) -> dt.date:
    """The latest such weekday strictly before the base, or the next one strictly after it."""
    if future:
        delta = (target - base.weekday()) % 7 or 7
        return base + dt.timedelta(days=delta)
    delta = (base.weekday() - target) % 7 or 7
    return base - dt.timedelta(days=delta)


def nearest_month(base: dt.date, month: int, future: bool, strict: bool = False) -> tuple[int, int]:
    """A month given without a year: the latest begun by the base (or the next not yet ended).

    ``strict`` excludes the base's own month ("last November", "next March").
    """
    if future:
        ahead = month > base.month if strict else month >= base.month
        return (base.year if ahead else base.year + 1, month)
    behind = month < base.month if strict else month <= base.month
    return (base.year if behind else base.year - 1, month)


def shift_month(year: int, month: int, delta: int) -> tuple[int, int]:
    """The month ``delta`` months away."""
    index = year * 12 + (month - 1) + delta
    return index // 12, index % 12 + 1


def iso_week(day: dt.date) -> str:
    """``YYYY-Www`` of the ISO week holding the day."""
    year, week, _ = day.isocalendar()
    return f"{year}-W{week:02d}"


def fmt_month(year: int, month: int) -> str:
    return f"{year:04d}-{month:02d}"


def season_bounds(year: int, code: str) -> tuple[dt.date, dt.date]:
    """First and last day of a season; a winter runs from its December into the next year."""
    start = dt.date(year, _SEASON_START_MONTH[code], 1)
    end_year, end_month = shift_month(year, _SEASON_START_MONTH[code], 3)
    end = dt.date(end_year, end_month, 1) - dt.timedelta(days=1)
    return start, end


def season_of(day: dt.date) -> tuple[int, str]:
    """The season holding a day, winter keyed by the year of its December."""
    if day.month == 12:
        return day.year, "WI"
    if day.month <= 2:
        return day.year - 1, "WI"
    return day.year, SEASON_ORDER[(day.month - 3) // 3]


def resolve_season(base: dt.date, code: str, modifier: str | None, future: bool) -> str:
    """A season named without a year, relative to the base.

    "this": the one of the publication's year. Bare: the latest begun by the base in the past tense, the first not yet
    over in the future tense; "last": the latest already over; "next": the first not begun.
    """
    if modifier == "this":
        # the season of the publication's own year; a winter is the current one, else by tense
        if code != "WI":
            return f"{base.year}-{code}"
        current_year, current = season_of(base)
        if current == "WI":
            return f"{current_year}-WI"
        return f"{base.year if future else base.year - 1}-WI"
    years = range(base.year + 1, base.year - 3, -1)
    bounds = [(y, *season_bounds(y, code)) for y in years]  # newest first
    if modifier == "last":
        year = next(y for y, _s, e in bounds if e < base)
    elif modifier == "next":
        year = [y for y, s, _e in bounds if s > base][-1]
    elif future:
        year = [y for y, _s, e in bounds if e >= base][-1]
    else:
        year = next(y for y, s, _e in bounds if s <= base)
    return f"{year}-{code}"
