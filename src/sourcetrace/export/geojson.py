"""GeoJSON (RFC 7946): one Feature per claim cluster at its resolved places.

A cluster with one located place is a Point, with several a MultiPoint, with none a
Feature whose geometry is null (allowed by the RFC), so the row count equals the
claims view. The count is the collection's last member, ``sourcetrace_rows``.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from sourcetrace.export.base import Exporter, ExportRequest, stream_json_array
from sourcetrace.export.hookspecs import hookimpl
from sourcetrace.export.members import Member
from sourcetrace.link.query import ClusterRow


def located_places(members: list[Member]) -> list[dict[str, Any]]:
    seen: dict[tuple[float, float], dict[str, Any]] = {}
    for m in members:
        for p in m.places:
            if p.get("lat") is None or p.get("lon") is None:
                continue
            seen.setdefault((round(float(p["lon"]), 5), round(float(p["lat"]), 5)), p)
    return list(seen.values())


def feature(row: ClusterRow, members: list[Member]) -> dict[str, Any]:
    places = located_places(members)
    coords = [[round(float(p["lon"]), 5), round(float(p["lat"]), 5)] for p in places]
    geometry: dict[str, Any] | None = None
    if len(coords) == 1:
        geometry = {"type": "Point", "coordinates": coords[0]}
    elif coords:
        geometry = {"type": "MultiPoint", "coordinates": coords}
    return {"type": "Feature", "id": row.id, "geometry": geometry, "properties": {
        "statement": row.text, "status": row.status, "event_type": row.event_type,
        "first_seen": row.first_seen, "last_seen": row.last_seen, "origins": row.origins,
        "origin_sources": row.origin_sources, "outlets": row.outlets, "documents": row.documents,
        "places": [p.get("name") for p in places],
    }}


def render(req: ExportRequest) -> Iterator[bytes]:
    pages = ([feature(r, members.get(r.id, [])) for r in page] for page, members in req.with_members())
    return stream_json_array('{"type":"FeatureCollection","features":[', pages,
                             lambda rows: f',"sourcetrace_rows":{rows}}}')

EXPORTER = Exporter("geojson", ".geojson", "application/geo+json",
                    "Claim clusters as GeoJSON features at their resolved places.", render)


@hookimpl
def sourcetrace_exporters() -> list[Exporter]:
    return [EXPORTER]
