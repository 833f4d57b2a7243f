"""Persisting an :class:`Extraction` exactly as the contract shapes it, and reading it back."""

from __future__ import annotations

from typing import Any

from sqlalchemy import Connection, select, update

from sourcetrace.model import (
    Attribution,
    Claim,
    Document,
    Entity,
    Extraction,
    Place,
    Signal,
    SourceRef,
    Span,
    TimeExpr,
)
from sourcetrace.store import schema
from sourcetrace.store.documents import now, row_to_document


def _attribution_row(a: Attribution) -> dict[str, Any]:
    src, cue = a.source, a.cue
    return {
        "id": a.id, "kind": a.kind,
        "source_entity": src.entity if src else None, "source_text": src.text if src else None,
        "source_start": src.start if src else None, "source_end": src.end if src else None,
        "cue_text": cue.text if cue else None, "cue_start": cue.start if cue else None,
        "cue_end": cue.end if cue else None,
        "content_text": a.content.text, "content_start": a.content.start, "content_end": a.content.end,
        "via": list(a.via), "parent": a.parent, "signals": list(a.signals),
    }


def save_extraction(conn: Connection, ex: Extraction, pipeline: str) -> None:
    """Replaces the stored extraction of ``ex.document`` (idempotent: a re-run overwrites)."""
    doc_id = ex.document.id
    for table in reversed(schema.EXTRACTION_TABLES):
        conn.execute(table.delete().where(table.c.doc_id == doc_id))
    rows: list[tuple[Any, list[dict[str, Any]]]] = [
        (schema.entities, [{"id": e.id, "name": e.name, "kind": e.kind, "description": e.description,
                            "side": e.side, "aliases": e.aliases, "mentions": e.mentions} for e in ex.entities]),
        (schema.attributions, [_attribution_row(a) for a in ex.attributions]),
        (schema.signals, [{"id": s.id, "kind": s.kind, "text": s.text, "start": s.start, "end": s.end}
                          for s in ex.signals]),
        (schema.claims, [{"id": c.id, "attribution": c.attribution, "text": c.text, "event_type": c.event_type,
                          "status": c.status, "actors": c.actors, "places": c.places, "times": c.times,
                          "signals": c.signals} for c in ex.claims]),
        (schema.places, [{"id": p.id, "text": p.text, "name": p.name, "country": p.country, "admin1": p.admin1,
                          "lat": p.lat, "lon": p.lon, "geonames_id": p.geonames_id, "precision": p.precision,
                          "mentions": p.mentions} for p in ex.places]),
        (schema.times, [{"id": t.id, "text": t.text, "start": t.start, "end": t.end, "value": t.value,
                         "granularity": t.granularity, "anchor": t.anchor} for t in ex.times]),
    ]
    for table, values in rows:
        if values:
            conn.execute(table.insert(), [{"doc_id": doc_id, **v} for v in values])
    conn.execute(update(schema.documents).where(schema.documents.c.id == doc_id)
                 .values(extracted_at=now(), pipeline=pipeline))


def _span(text: str | None, start: int | None, end: int | None) -> Span | None:
    return None if text is None or start is None or end is None else Span(text, start, end)


def load_extraction(conn: Connection, doc_id: str) -> Extraction | None:
    """The stored extraction of a document, or None when it was never extracted."""
    row = conn.execute(select(schema.documents).where(schema.documents.c.id == doc_id)).first()
    if row is None or row.extracted_at is None:
        return None
    document: Document = row_to_document(row)

    def fetch(table: Any) -> list[Any]:
        return list(conn.execute(select(table).where(table.c.doc_id == doc_id)
                                 .order_by(table.c.id)).all())

    def order(rows: list[Any]) -> list[Any]:
        return sorted(rows, key=lambda r: int(r.id[1:]) if r.id[1:].isdigit() else 0)

    ents = [Entity(r.id, r.name, r.kind, r.description, r.side, list(r.aliases), [list(m) for m in r.mentions])
            for r in order(fetch(schema.entities))]
    attrs = []
    for r in order(fetch(schema.attributions)):
        src = None
        if r.source_text is not None:
            src = SourceRef(r.source_text, r.source_start, r.source_end, r.source_entity)
        content = _span(r.content_text, r.content_start, r.content_end)
        assert content is not None
        attrs.append(Attribution(r.id, content, r.kind, src, _span(r.cue_text, r.cue_start, r.cue_end),
                                 list(r.via), r.parent, list(r.signals)))
    sigs = [Signal(r.id, r.kind, r.text, r.start, r.end) for r in order(fetch(schema.signals))]
    cls = [Claim(r.id, r.text, r.event_type, r.status, r.attribution, list(r.actors), list(r.places),
                 list(r.times), list(r.signals)) for r in order(fetch(schema.claims))]
    pls = [Place(r.id, r.text, r.name, r.country, r.admin1, r.lat, r.lon, r.geonames_id, r.precision,
                 [list(m) for m in r.mentions]) for r in order(fetch(schema.places))]
    tms = [TimeExpr(r.id, r.text, r.start, r.end, r.value, r.granularity, r.anchor)
           for r in order(fetch(schema.times))]
    return Extraction(document, ents, attrs, sigs, cls, pls, tms)


def documents_without_extraction(conn: Connection, all_documents: bool = False) -> list[str]:
    d = schema.documents
    stmt = select(d.c.id).order_by(d.c.ingested_at, d.c.id)
    if not all_documents:
        stmt = stmt.where(d.c.extracted_at.is_(None))
    return [r.id for r in conn.execute(stmt)]
