"""Regenerates ``static/outlines.json``, the country outlines the map page draws.

The outlines are Natural Earth (public domain) as packaged in the npm package
``world-atlas`` 2.0.2. Run once, offline afterwards::

    npm pack world-atlas@2.0.2 && tar xzf world-atlas-2.0.2.tgz
    python -m sourcetrace.web.build_outlines package/

Countries near the war (Europe, the Black Sea, the Middle East) come from the 1:50m
set, the rest of the world from 1:110m, coordinates rounded to two decimals, so the
file stays well under a megabyte and the map needs no tile server.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

#: lon_min, lat_min, lon_max, lat_max of the detailed region.
DETAIL_BOX = (-25.0, 25.0, 65.0, 72.0)
OUT = Path(__file__).parent / "static" / "outlines.json"


def _decode_arcs(topo: dict[str, Any]) -> list[list[tuple[float, float]]]:
    """Absolute lon/lat arcs from a quantized, delta-encoded TopoJSON."""
    (sx, sy), (tx, ty) = topo["transform"]["scale"], topo["transform"]["translate"]
    arcs = []
    for arc in topo["arcs"]:
        x = y = 0
        points = []
        for dx, dy in arc:
            x, y = x + dx, y + dy
            points.append((x * sx + tx, y * sy + ty))
        arcs.append(points)
    return arcs


def _ring(arcs: list[list[tuple[float, float]]], indexes: list[int]) -> list[tuple[float, float]]:
    ring: list[tuple[float, float]] = []
    for i in indexes:
        points = arcs[i] if i >= 0 else list(reversed(arcs[~i]))
        ring.extend(points if not ring else points[1:])
    return ring


def _polygons(geometry: dict[str, Any], arcs: list[list[tuple[float, float]]]) -> list[list[list[tuple[float, float]]]]:
    if geometry.get("type") == "Polygon":
        return [[_ring(arcs, r) for r in geometry["arcs"]]]
    if geometry.get("type") == "MultiPolygon":
        return [[_ring(arcs, r) for r in poly] for poly in geometry["arcs"]]
    return []


def _in_box(rings: list[list[tuple[float, float]]]) -> bool:
    x0, y0, x1, y1 = DETAIL_BOX
    return any(x0 <= lon <= x1 and y0 <= lat <= y1 for ring in rings for lon, lat in ring)


def _round_ring(ring: list[tuple[float, float]]) -> list[list[float]]:
    out: list[list[float]] = []
    for lon, lat in ring:
        point = [round(lon, 2), round(lat, 2)]
        if not out or out[-1] != point:
            out.append(point)
    return out


def countries(topo: dict[str, Any], detailed: bool) -> dict[str, dict[str, Any]]:
    """Country id -> name and outer rings (holes dropped: a map of outlines needs none)."""
    arcs = _decode_arcs(topo)
    found: dict[str, dict[str, Any]] = {}
    for geom in topo["objects"]["countries"]["geometries"]:
        rings = [poly[0] for poly in _polygons(geom, arcs)]
        keep = [r for r in rings if _in_box([r]) == detailed]
        if keep:
            key = str(geom.get("id") or geom["properties"]["name"])
            entry = found.setdefault(key, {"name": geom["properties"]["name"], "rings": []})
            entry["rings"].extend(_round_ring(r) for r in keep)
    return found


def build(package_dir: Path) -> dict[str, Any]:
    fine = json.loads((package_dir / "countries-50m.json").read_text())
    coarse = json.loads((package_dir / "countries-110m.json").read_text())
    merged = countries(coarse, detailed=False)
    for key, entry in countries(fine, detailed=True).items():
        merged.setdefault(key, {"name": entry["name"], "rings": []})["rings"].extend(entry["rings"])
    return {"source": "Natural Earth via world-atlas 2.0.2 (public domain)",
            "countries": [{"id": k, **v} for k, v in sorted(merged.items())]}


def main(argv: list[str]) -> int:
    package_dir = Path(argv[0]) if argv else Path("package")
    OUT.write_text(json.dumps(build(package_dir), separators=(",", ":")))
    print(f"wrote {OUT} ({OUT.stat().st_size:,} bytes)")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
