"""ACLED-style CSV of events: one row per claim cluster, in ACLED's column names.

ACLED codes precision as 1 (exact) to 3 (coarse); we map our date granularity and
place precision onto that scale. Our event types map onto ACLED's event and
sub-event types where one fits; the rest are "Strategic developments". The last row
states the count in ``event_date`` with the other columns empty.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from sourcetrace.export.base import Exporter, ExportRequest
from sourcetrace.export.csvstream import stream_csv
from sourcetrace.export.hookspecs import hookimpl
from sourcetrace.export.members import Member
from sourcetrace.link.query import ClusterRow

COLUMNS = ("event_date", "time_precision", "event_type", "sub_event_type", "actor1", "actor2", "country",
           "admin1", "location", "latitude", "longitude", "geo_precision", "source", "notes")

#: our event type -> (ACLED event type, sub-event type)
EVENT_TYPES = {
    "armed_clash": ("Battles", "Armed clash"),
    "territory_change": ("Battles", "Territory change"),
    "air_or_drone_strike": ("Explosions/Remote violence", "Air/drone strike"),
    "shelling_or_missile_strike": ("Explosions/Remote violence", "Shelling/artillery/missile attack"),
    "aircraft_downed": ("Explosions/Remote violence", "Aircraft downed"),
    "civilian_harm": ("Violence against civilians", "Attack"),
    "surrender_or_capture": ("Strategic developments", "Arrests"),
    "desertion_or_refusal": ("Strategic developments", "Desertion or refusal"),
    "mistreatment_of_personnel": ("Violence against civilians", "Mistreatment of personnel"),
    "casualties_or_losses": ("Strategic developments", "Casualties or losses"),
    "weapons_supply": ("Strategic developments", "Weapons supply"),
    "mobilization": ("Strategic developments", "Mobilization"),
    "negotiation_or_ceasefire": ("Strategic developments", "Agreement"),
    "media_restriction": ("Strategic developments", "Other"),
    "statement": ("Strategic developments", "Statement"),
    "other": ("Strategic developments", "Other"),
}
TIME_PRECISION = {"day": 1, "week": 2, "month": 2, "season": 3, "year": 3, "range": 2}
GEO_PRECISION = {"point": 1, "city": 1, "region": 2, "country": 3}


def _date_and_precision(row: ClusterRow, members: list[Member]) -> tuple[str, int]:
    for m in members:
        for t in m.times:
            value = t.get("value") or ""
            if len(value) >= 10 and value[4] == "-" and value[7] == "-":
                return value[:10], TIME_PRECISION.get(t.get("granularity") or "day", 2)
    return (row.first_seen or "")[:10], 3


def _place(members: list[Member]) -> dict[str, Any]:
    places = [p for m in members for p in m.places]
    located = [p for p in places if p.get("lat") is not None]
    if located:
        return min(located, key=lambda p: GEO_PRECISION.get(p.get("precision") or "country", 3))
    return places[0] if places else {}


def _actors(members: list[Member]) -> tuple[str, str]:
    names: list[str] = []
    for m in members:
        for a in m.actors:
            if a["name"] not in names:
                names.append(a["name"])
    return (names[0] if names else ""), (names[1] if len(names) > 1 else "")


def event_row(row: ClusterRow, members: list[Member]) -> list[Any]:
    date, time_precision = _date_and_precision(row, members)
    acled_type, sub_type = EVENT_TYPES.get(row.event_type, EVENT_TYPES["other"])
    place = _place(members)
    actor1, actor2 = _actors(members)
    outlets = sorted({str(m.document["outlet"]) for m in members if m.document.get("outlet")})
    lat, lon = place.get("lat"), place.get("lon")
    notes = f"{row.text} [status: {row.status}; origins: {row.origins}; cluster {row.id}]"
    return [date, time_precision, acled_type, sub_type, actor1, actor2, place.get("country") or "",
            place.get("admin1") or "", place.get("name") or "", "" if lat is None else lat,
            "" if lon is None else lon, GEO_PRECISION.get(place.get("precision") or "", 3) if place else "",
            "; ".join(outlets), notes]


def render(req: ExportRequest) -> Iterator[bytes]:
    pages = ([event_row(r, members.get(r.id, [])) for r in page] for page, members in req.with_members())
    return stream_csv(COLUMNS, pages)


EXPORTER = Exporter("acled", ".acled.csv", "text/csv; charset=utf-8",
                    "Events in ACLED's CSV columns, one row per claim cluster.", render)


@hookimpl
def sourcetrace_exporters() -> list[Exporter]:
    return [EXPORTER]
