"""Known outlets, bodies, officials and channels, and the word lists that type a source.

The shipped table (``resources/sources/sources.tsv``) names what war reporting cites
again and again, with its kind and side, so that "TASS" or "the Kremlin" never needs the
text to say whose side it is on. Users extend it with a file of the same shape at
``$SOURCETRACE_SOURCES`` or ``~/.config/sourcetrace/sources.tsv``; their rows win.
Everything loads lazily, once per process.
"""

from __future__ import annotations

import json
import logging
import os
import re
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import Any

logger = logging.getLogger(__name__)

ENV_VAR = "SOURCETRACE_SOURCES"
USER_FILE = Path("~/.config/sourcetrace/sources.tsv")
_KINDS = {"person", "outlet", "organization", "government", "military_unit", "group", "anonymous"}
_SIDES = {"ukraine", "russia", "third_party", "unknown"}


@dataclass(frozen=True)
class KnownSource:
    """One row of the known-sources table."""

    name: str
    kind: str
    side: str
    aliases: tuple[str, ...] = ()
    roles: tuple[str, ...] = ()
    gender: str | None = None


@dataclass
class Gazetteer:
    """Known sources indexed by normalised alias."""

    sources: list[KnownSource] = field(default_factory=list)
    by_alias: dict[str, KnownSource] = field(default_factory=dict)
    first_words: dict[str, int] = field(default_factory=dict)  # first word -> longest alias in words


_DEFENSE = re.compile(r"\bdefense\b")
_PUNCT = re.compile(r"[\"\u201c\u201d.,:;()]")
_SPACES = re.compile(r"\s+")


@lru_cache(maxsize=65536)
def normalise(name: str) -> str:
    """Folds a name for lookup: case, "the", spelling of defence, punctuation (cached:
    the entity finder asks for every word of every text)."""
    s = name.lower().replace("\u2019", "'")
    if "defense" in s:
        s = _DEFENSE.sub("defence", s)
    s = _SPACES.sub(" ", _PUNCT.sub(" ", s)).strip()
    return s[4:] if s.startswith("the ") else s


def _parse_tsv(text: str, origin: str) -> list[KnownSource]:
    rows: list[KnownSource] = []
    for lineno, line in enumerate(text.splitlines(), 1):
        if not line.strip() or line.startswith("#"):
            continue
        cols = line.rstrip("\n").split("\t")
        if cols[0] == "name" and len(cols) > 1 and cols[1] == "kind":
            continue
        cols += [""] * (6 - len(cols))
        name, kind, side, aliases, roles, gender = (c.strip() for c in cols[:6])
        if not name or kind not in _KINDS or (side or "unknown") not in _SIDES:
            logger.warning("%s:%d: skipped (need name, a kind in %s, a side in %s)",
                           origin, lineno, sorted(_KINDS), sorted(_SIDES))
            continue
        alias_list = tuple(a.strip() for a in aliases.split("|") if a.strip())
        rows.append(KnownSource(
            name=name, kind=kind, side=side or "unknown",
            aliases=tuple(dict.fromkeys((name, *alias_list))),
            roles=tuple(r.strip().lower() for r in roles.split("|") if r.strip()),
            gender=gender.lower() or None,
        ))
    return rows


def _user_files() -> list[Path]:
    paths = []
    env = os.environ.get(ENV_VAR)
    if env:
        paths.append(Path(env).expanduser())
    paths.append(USER_FILE.expanduser())
    return [p for p in paths if p.is_file()]


@lru_cache(maxsize=1)
def gazetteer() -> Gazetteer:
    """The shipped table plus any user file, loaded once."""
    shipped = resources.files("sourcetrace.extract").joinpath("resources/sources/sources.tsv")
    rows = _parse_tsv(shipped.read_text(encoding="utf-8"), "sources.tsv")
    for path in _user_files():
        try:
            rows += _parse_tsv(path.read_text(encoding="utf-8"), str(path))
        except OSError as exc:  # an unreadable user file must not stop extraction
            logger.warning("cannot read %s: %s", path, exc)
    gaz = Gazetteer()
    for row in rows:  # later rows (the user's) override shipped aliases
        gaz.sources.append(row)
        for alias in row.aliases:
            norm = normalise(alias)
            gaz.by_alias[norm] = row
            words = re.findall(r"\w+|[^\w\s]", norm)
            if words:  # an upper bound on spaCy's token count for the alias
                gaz.first_words[words[0]] = max(gaz.first_words.get(words[0], 0), len(words) + 1)
    return gaz


def reload() -> Gazetteer:
    """Drops the cached tables (after the user file or env var changed)."""
    gazetteer.cache_clear()
    lexicon.cache_clear()
    return gazetteer()


def lookup(name: str) -> KnownSource | None:
    """The known source a surface form names, if any."""
    return gazetteer().by_alias.get(normalise(name))


@lru_cache(maxsize=1)
def lexicon() -> dict[str, Any]:
    """Word lists from ``resources/sources/lexicon.json`` with sets for fast membership."""
    raw = json.loads(resources.files("sourcetrace.extract")
                     .joinpath("resources/sources/lexicon.json").read_text(encoding="utf-8"))
    lex: dict[str, Any] = dict(raw)
    for key, value in raw.items():
        if isinstance(value, list):
            lex[key] = frozenset(value)
    lex["side_words"] = {side: frozenset(words) for side, words in raw["side_words"].items()}
    lex["titles"] = {g: frozenset(words) for g, words in raw["titles"].items()}
    lex["all_titles"] = frozenset().union(*lex["titles"].values())
    lex["gendered_roles"] = {g: frozenset(words) for g, words in raw["gendered_roles"].items()}
    return lex


_WORD = re.compile(r"[\w.'\u2019-]+")
_AMBIGUOUS_SHORT = frozenset({"us", "un", "uk", "eu"})


def infer_side(text: str | None) -> str:
    """The side a description or name implies: nationality words, metonyms, known names.

    "Ukrainian colonel" -> ukraine; "Russian military blogger" -> russia; "spokesman for
    the Tavria military group" -> ukraine, because Tavria is a known Ukrainian formation.
    The first side-bearing word wins, since the head of a description comes first; a
    place held by one side ("Kharkiv's regional governor") counts only when no such word
    does ("Kherson's Russian-installed governor" is Russia's either way).
    """
    if not text:
        return "unknown"
    lex = lexicon()
    words = _WORD.findall(text.replace("\u2019", "'"))
    for i, word in enumerate(words):
        low = word.lower().rstrip(".")
        base = low[:-2] if low.endswith("'s") else low
        if low in _AMBIGUOUS_SHORT and not word.isupper():
            continue  # "us" the pronoun is no country
        for side in ("ukraine", "russia", "third_party"):
            if low in lex["side_words"][side] or base in lex["side_words"][side]:
                return side
        if word[:1].isupper():  # a known body named inside the description
            for n in (4, 3, 2, 1):
                if i + n <= len(words):
                    known = lookup(" ".join(words[i:i + n]))
                    if known is not None and known.side != "unknown" and (n > 1 or len(base) > 2):
                        return known.side
    # no nationality said: a place one side holds ("Kharkiv's regional governor")
    for word in words:
        low = word.lower().rstrip(".")
        base = low[:-2] if low.endswith("'s") else low
        for side in ("ukraine", "russia"):
            if base in lex["held_places"][side]:
                return side
    return "unknown"


@lru_cache(maxsize=1)
def _speech_patterns() -> dict[str, re.Pattern[str]]:
    words = lexicon()["speech_words"]
    return {side: re.compile(r"(?<!\w)(?:" + "|".join(words[side]) + ")", re.IGNORECASE)
            for side in ("ukraine", "russia")}


def speech_side(quoted: str) -> str | None:
    """The side whose words a speaker uses in a quotation of their own ("The Kiev regime
    hides foreigners among journalists"): one side's only, else None."""
    found = [side for side, pattern in _speech_patterns().items() if pattern.search(quoted)]
    return found[0] if len(found) == 1 else None


def metonym_side(text: str) -> str | None:
    """The government side a capital or seat of power stands for ("Kyiv", "the Kremlin")."""
    metonyms: dict[str, str] = lexicon()["metonyms"]
    return metonyms.get(normalise(text)) or metonyms.get(text.lower().strip())
