"""schema.org ClaimReview in JSON-LD, one review per claim cluster.

The review's rating carries our status (reported, denied, confirmed...) as its
``alternateName``; the reviewed ``Claim`` lists every ``appearance`` (the member
articles) and its ``firstAppearance``. The context is inline, so a JSON-LD processor
needs no network. The document is an ``ItemList`` whose last member,
``numberOfItems``, is the row count.
"""

from __future__ import annotations

import itertools
import json
from collections.abc import Iterator
from typing import Any

from sourcetrace.export.base import Exporter, ExportRequest, stream_json_array
from sourcetrace.export.hookspecs import hookimpl
from sourcetrace.export.members import Member
from sourcetrace.link.query import ClusterRow

CONTEXT = {"@vocab": "https://schema.org/", "st": "https://sourcetrace.invalid/ns#"}
BASE = "urn:sourcetrace:"
RATING = {"confirmed": 5, "official_claim": 3, "reported": 3, "video_claimed": 3, "unverified": 2,
          "disputed": 2, "denied": 1}


def _work(m: Member) -> dict[str, Any]:
    d = m.document
    out: dict[str, Any] = {"@type": "CreativeWork", "@id": d.get("url") or f"{BASE}document:{m.doc_id}",
                           "headline": d.get("title") or "", "datePublished": d.get("published") or ""}
    if d.get("url"):
        out["url"] = d["url"]
    if d.get("outlet"):
        out["publisher"] = {"@type": "Organization", "name": d["outlet"]}
    return out


def review(row: ClusterRow, members: list[Member]) -> dict[str, Any]:
    works: dict[str, dict[str, Any]] = {}
    for m in members:
        works.setdefault(m.doc_id, _work(m))
    appearances = list(works.values())
    first = works.get(row.first_doc_id or "") or (appearances[0] if appearances else None)
    claim: dict[str, Any] = {"@type": "Claim", "@id": f"{BASE}claim:{row.id}", "text": row.text,
                             "appearance": appearances}
    if first:
        claim["firstAppearance"] = first
    if row.origin_sources:
        claim["author"] = [{"@type": "Thing", "name": s} for s in row.origin_sources]
    if row.first_seen:
        claim["datePublished"] = row.first_seen[:10]
    return {"@type": "ClaimReview", "@id": f"{BASE}review:{row.id}", "claimReviewed": row.text,
            "itemReviewed": claim, "datePublished": (row.last_seen or row.first_seen or "")[:10],
            "reviewRating": {"@type": "Rating", "alternateName": row.status, "ratingValue": RATING.get(row.status, 3),
                             "bestRating": 5, "worstRating": 1},
            "st:eventType": row.event_type, "st:origins": row.origins, "st:outlets": row.outlets}


def render(req: ExportRequest) -> Iterator[bytes]:
    head = {"@context": CONTEXT, "@type": "ItemList", "name": "sourcetrace claim reviews"}
    position = itertools.count(1)
    pages = ([{"@type": "ListItem", "position": next(position), "item": review(r, members.get(r.id, []))}
              for r in page] for page, members in req.with_members())
    return stream_json_array(json.dumps(head)[:-1] + ',"itemListElement":[', pages,
                             lambda rows: f',"numberOfItems":{rows}}}')

EXPORTER = Exporter("claimreview", ".jsonld", "application/ld+json",
                    "schema.org ClaimReview (JSON-LD) with appearance and firstAppearance.", render)


@hookimpl
def sourcetrace_exporters() -> list[Exporter]:
    return [EXPORTER]
