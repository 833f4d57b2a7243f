"""Time expressions, resolved against the publication date.

Candidates come from the rules in :mod:`time_rules` over ``doc_text(doc)`` and from spaCy's
DATE entities that no rule covered (those go through ``dateparser``). Overlaps keep the
longest span. A value that needs the publication date is ``None`` when that date is
unknown: it is never guessed.
"""

from __future__ import annotations

import logging
import re
from functools import lru_cache

from spacy.tokens import Doc

from sourcetrace.extract import time_calendar as cal
from sourcetrace.extract.doctext import doc_text
from sourcetrace.extract.time_rules import Context, Resolved, rules
from sourcetrace.extract.time_tense import tense_at
from sourcetrace.model import TimeExpr

logger = logging.getLogger(__name__)

_Found = tuple[int, int, Resolved]


def _rule_matches(text: str, ctx: Context) -> list[_Found]:
    found: list[_Found] = []
    present: dict[str, bool] = {}  # per gate: found anywhere in the text
    for rule in rules():
        if rule.gate is not None:
            seen = present.get(rule.gate.pattern)
            if seen is None:
                seen = present[rule.gate.pattern] = rule.gate.search(text) is not None
            if not seen:
                continue
        for m in rule.pattern.finditer(text):
            group = "t" if "t" in rule.pattern.groupindex else 0
            start, end = m.span(group)
            if start == end:
                continue
            try:
                resolved = rule.resolve(m, ctx, start, end)
            except (KeyError, ValueError, AttributeError, IndexError, StopIteration, OverflowError):
                # a rule bug must cost one expression, never the article
                logger.warning("time rule %s failed on %r", rule.name, m.group(0), exc_info=True)
                continue
            if resolved is not None:
                found.append((start, end, resolved))
    return found


@lru_cache(maxsize=1)
def _fallback_pattern() -> re.Pattern[str]:
    from sourcetrace.extract.time_lexicon import load_lexicon

    lex = load_lexicon()
    names = "|".join(sorted(list(lex["months"]) + list(lex["weekdays"]), key=len, reverse=True))
    return re.compile(rf"\b(?:{names})\b")


def _dateparser_matches(doc: Doc, taken: list[tuple[int, int]], ctx: Context) -> list[_Found]:
    """spaCy DATE entities no rule covered, when they name a month and a day dateparser can read."""
    found: list[_Found] = []
    for ent in doc.ents:
        if ent.label_ != "DATE":
            continue
        start, end = ent.start_char, ent.end_char
        if any(s < end and start < e for s, e in taken):
            continue
        text = ent.text
        if not _fallback_pattern().search(text) or not re.search(r"\d", text):
            continue
        has_year = re.search(r"\b(?:19|20)\d\d\b", text) is not None
        if ctx.base is None and not has_year:
            found.append((start, end, Resolved(None, "day", "published")))
            continue
        import datetime as dt

        import dateparser

        base = dt.datetime.combine(ctx.base or dt.date.today(), dt.time())
        settings = {
            "PREFER_DATES_FROM": "future" if ctx.future_at(start, end) else "past",
            "RELATIVE_BASE": base,
            "REQUIRE_PARTS": ["day", "month"],
        }
        parsed = dateparser.parse(text, languages=["en"], settings=settings)
        if parsed is not None:
            anchor = "absolute" if has_year else "published"
            found.append((start, end, Resolved(parsed.date().isoformat(), "day", anchor)))
    return found


def _select(found: list[_Found]) -> list[_Found]:
    """Longest spans first; a candidate overlapping a kept one is dropped."""
    kept: list[_Found] = []
    for cand in sorted(found, key=lambda f: (-(f[1] - f[0]), f[0])):
        if all(cand[1] <= k[0] or k[1] <= cand[0] for k in kept):
            kept.append(cand)
    return sorted(kept, key=lambda f: f[0])


def find_times(doc: Doc, published: str | None) -> list[TimeExpr]:
    """Every time expression in ``doc``, ids T1, T2... in text order.

    Args:
        doc: the article parsed by the English spaCy pipeline (tense comes from its parse).
        published: ISO date or datetime of publication, or None when unknown.
    """
    tense: dict[tuple[int, int], str] = {}

    def tense_of(start: int, end: int) -> str:
        if (start, end) not in tense:
            tense[(start, end)] = tense_at(doc, start, end)
        return tense[(start, end)]

    text = doc_text(doc)  # built anew on each access: read it once
    ctx = Context(base=cal.parse_published(published), tense_at=tense_of)
    found = _select(_rule_matches(text, ctx))
    extra = _dateparser_matches(doc, [(s, e) for s, e, _ in found], ctx)
    found = _select(found + extra)
    return [
        TimeExpr(id=f"T{i}", text=text[s:e], start=s, end=e,
                 value=r.value, granularity=r.granularity, anchor=r.anchor)
        for i, (s, e, r) in enumerate(found, 1)
    ]
