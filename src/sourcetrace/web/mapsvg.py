"""The map page's SVG: country outlines from a shipped Natural Earth file, claims as dots.

No tiles and no script: an equirectangular projection (longitude scaled by the cosine
of the view's middle latitude, so Ukraine keeps its shape) fitted to the points, with
each dot a link to its claim. ``build_outlines.py`` regenerates the outline file.
"""

from __future__ import annotations

import json
import math
from functools import lru_cache
from pathlib import Path
from typing import Any

from markupsafe import Markup, escape

OUTLINES = Path(__file__).parent / "static" / "outlines.json"
DEFAULT_VIEW = (21.5, 44.0, 41.0, 53.0)  # Ukraine and its neighbours


@lru_cache(maxsize=1)
def outlines() -> list[tuple[str, list[list[list[float]]], list[tuple[float, float, float, float]]]]:
    """(name, rings, ring bounding boxes) per country, read once."""
    data = json.loads(OUTLINES.read_text())
    out = []
    for c in data["countries"]:
        boxes = [(min(p[0] for p in r), min(p[1] for p in r), max(p[0] for p in r), max(p[1] for p in r))
                 for r in c["rings"]]
        out.append((c["name"], c["rings"], boxes))
    return out


def view_box(points: list[dict[str, Any]], aspect: float) -> tuple[float, float, float, float]:
    """lon0, lat0, lon1, lat1 around the points (padded), at the SVG's aspect ratio."""
    if not points:
        lon0, lat0, lon1, lat1 = DEFAULT_VIEW
    else:
        lons, lats = [p["lon"] for p in points], [p["lat"] for p in points]
        lon0, lon1, lat0, lat1 = min(lons), max(lons), min(lats), max(lats)
        pad_lon, pad_lat = max(1.5, (lon1 - lon0) * 0.15), max(1.0, (lat1 - lat0) * 0.15)
        lon0, lon1, lat0, lat1 = lon0 - pad_lon, lon1 + pad_lon, lat0 - pad_lat, lat1 + pad_lat
    k = math.cos(math.radians((lat0 + lat1) / 2))
    width, height = (lon1 - lon0) * k, lat1 - lat0
    if width / height < aspect:
        extra = (height * aspect - width) / k / 2
        lon0, lon1 = lon0 - extra, lon1 + extra
    else:
        extra = (width / aspect - height) / 2
        lat0, lat1 = lat0 - extra, lat1 + extra
    return lon0, max(-85.0, lat0), lon1, min(85.0, lat1)


def map_svg(points: list[dict[str, Any]], width: int = 960, height: int = 600) -> Markup:
    lon0, lat0, lon1, lat1 = view_box(points, width / height)
    sx, sy = width / (lon1 - lon0), height / (lat1 - lat0)

    def xy(lon: float, lat: float) -> tuple[float, float]:
        return (lon - lon0) * sx, (lat1 - lat) * sy

    parts = [f'<svg xmlns="http://www.w3.org/2000/svg" class="map" viewBox="0 0 {width} {height}" role="img" '
             f'aria-labelledby="map-title"><title id="map-title">Map of {len(points)} located claims</title>'
             f'<rect class="sea" width="{width}" height="{height}"/>']
    for name, rings, boxes in outlines():
        d = []
        for ring, (x0, y0, x1, y1) in zip(rings, boxes, strict=True):
            if x1 < lon0 or x0 > lon1 or y1 < lat0 or y0 > lat1:
                continue
            pts = [xy(lon, lat) for lon, lat in ring]
            d.append("M" + " ".join(f"{x:.1f},{y:.1f}" for x, y in pts) + "Z")
        if d:
            parts.append(f'<path class="land" d="{"".join(d)}"><title>{escape(name)}</title></path>')
    groups: dict[tuple[int, int], list[dict[str, Any]]] = {}
    for p in sorted(points, key=lambda q: (-(q.get("documents") or 1), q["cluster_id"])):
        x, y = xy(p["lon"], p["lat"])
        groups.setdefault((round(x / 6), round(y / 6)), []).append(p)
    labels = []
    for members in groups.values():
        cx, cy = xy(members[0]["lon"], members[0]["lat"])
        spread = 0.0 if len(members) == 1 else 7 + 2.2 * len(members)
        for i, p in enumerate(members):
            angle = 2 * math.pi * i / len(members) - math.pi / 2
            x, y = cx + spread * math.cos(angle), cy + spread * math.sin(angle)
            r = 5 + 2.5 * math.sqrt(max(1, p.get("documents") or 1))
            parts.append(f'<a href="/claims/{int(p["cluster_id"])}" class="dot st-{escape(p["status"])}">'
                         f'<title>{escape(p.get("place") or "")}: {escape(p["text"])} ({escape(p["status"])}, '
                         f'{escape(p.get("first_seen") or "undated")})</title>'
                         f'<circle cx="{x:.1f}" cy="{y:.1f}" r="{r:.1f}"/></a>')
        name = str(members[0].get("place") or "")
        if len(name) > 28:
            name = name[:27] + "\u2026"
        if name:
            labels.append(f'<text class="place-label" x="{cx + spread + 12:.1f}" y="{cy + 4:.1f}">'
                          f'{escape(name)}</text>')
    parts.extend(labels)
    parts.append("</svg>")
    return Markup("".join(parts))
