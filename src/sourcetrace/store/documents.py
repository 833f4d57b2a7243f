"""Documents, rejects and ingest runs: writes and reads."""

from __future__ import annotations

import datetime as dt
import hashlib
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Connection, func, select

from sourcetrace.errors import NotFound
from sourcetrace.model import Document, RawItem
from sourcetrace.store import schema
from sourcetrace.store.db import Store, fts_match

REJECT_HEAD_BYTES = 512


def now() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


def add_document(conn: Connection, item: RawItem, doc: Document) -> bool:
    """Inserts ``doc`` unless a document with the same text is stored; True when new.

    The same text from another outlet, URL or relay chain is recorded as a sighting of
    the stored document, since who reposted it is part of its provenance.
    """
    d = schema.documents
    stored = conn.execute(select(d.c.outlet, d.c.url, d.c.relays).where(d.c.id == doc.id)).first()
    if stored:
        _add_sighting(conn, item, doc, stored)
        return False
    conn.execute(schema.documents.insert().values(
        id=doc.id, raw_sha256=hashlib.sha256(item.data).hexdigest(), raw=item.data,
        media_type=item.media_type, origin=item.origin, text=doc.text, url=doc.url,
        outlet=doc.outlet, title=doc.title, authors=list(doc.authors), published=doc.published,
        language=doc.language, relays=list(doc.relays), meta=dict(doc.metadata), ingested_at=now(),
    ))
    return True


def _add_sighting(conn: Connection, item: RawItem, doc: Document, stored: Any) -> None:
    seen = (doc.outlet, doc.url, list(doc.relays))
    if seen == (stored.outlet, stored.url, list(stored.relays or [])):
        return  # the same input again: nothing new
    s = schema.document_sightings
    earlier = conn.execute(select(s.c.outlet, s.c.url, s.c.relays).where(s.c.doc_id == doc.id)).all()
    if any((r.outlet, r.url, list(r.relays or [])) == seen for r in earlier):
        return
    conn.execute(s.insert().values(doc_id=doc.id, origin=item.origin, outlet=doc.outlet, url=doc.url,
                                   published=doc.published, relays=list(doc.relays), seen_at=now()))


def add_reject(conn: Connection, origin: str, code: str, reason: str, data: bytes = b"") -> None:
    """Keeps a bad item aside with its one-line reason (once per origin and reason)."""
    sha = hashlib.sha256(data).hexdigest() if data else None
    seen = conn.execute(select(schema.rejects.c.id).where(
        schema.rejects.c.origin == origin, schema.rejects.c.reason == reason)).first()
    if seen:
        return
    conn.execute(schema.rejects.insert().values(
        origin=origin, code=code, reason=reason.splitlines()[0] if reason else code, sha256=sha,
        size=len(data), head=data[:REJECT_HEAD_BYTES], created_at=now(),
    ))


def row_to_document(row: Any) -> Document:
    return Document(
        text=row.text, url=row.url, outlet=row.outlet, title=row.title, authors=list(row.authors or []),
        published=row.published, language=row.language, relays=list(row.relays or []),
        metadata=dict(row.meta or {}),
    )


@dataclass
class DocumentSummary:
    id: str
    title: str | None
    outlet: str | None
    published: str | None
    language: str
    url: str | None
    origin: str
    ingested_at: dt.datetime
    extracted: bool

    def to_json(self) -> dict[str, Any]:
        return {
            "id": self.id, "title": self.title, "outlet": self.outlet, "published": self.published,
            "language": self.language, "url": self.url, "origin": self.origin,
            "ingested_at": self.ingested_at.isoformat() if self.ingested_at else None,
            "extracted": self.extracted,
        }


def list_documents(store: Store, query: str | None = None, limit: int = 50, offset: int = 0,
                   outlet: str | None = None, language: str | None = None) -> list[DocumentSummary]:
    """Documents newest first; ``query`` is a full-text search over title and text."""
    d = schema.documents
    stmt = select(d.c.id, d.c.title, d.c.outlet, d.c.published, d.c.language, d.c.url, d.c.origin,
                  d.c.ingested_at, d.c.extracted_at)
    with store.engine.connect() as conn:
        if query:
            stmt = stmt.where(fts_match(conn, query))  # type: ignore[arg-type]
        if outlet:
            stmt = stmt.where(d.c.outlet == outlet)
        if language:
            stmt = stmt.where(d.c.language == language)
        stmt = stmt.order_by(d.c.published.desc(), d.c.ingested_at.desc(), d.c.id).limit(limit).offset(offset)
        return [DocumentSummary(r.id, r.title, r.outlet, r.published, r.language, r.url, r.origin,
                                r.ingested_at, r.extracted_at is not None) for r in conn.execute(stmt)]


def count_documents(store: Store) -> int:
    with store.engine.connect() as conn:
        return int(conn.execute(select(func.count()).select_from(schema.documents)).scalar() or 0)


def resolve_document_id(conn: Connection, ref: str) -> str:
    """Accepts a full id or a unique prefix of at least 6 characters."""
    d = schema.documents
    if len(ref) == 64:
        if conn.execute(select(d.c.id).where(d.c.id == ref)).first():
            return ref
    elif len(ref) >= 6:
        rows = conn.execute(select(d.c.id).where(d.c.id.like(ref.lower() + "%")).limit(2)).all()
        if len(rows) == 1:
            return str(rows[0].id)
        if len(rows) > 1:
            raise NotFound(f"document prefix {ref!r} is ambiguous; give more characters")
    raise NotFound(f"no document {ref!r}; list them with `sourcetrace docs`")


def get_document(store: Store, ref: str) -> tuple[Document, dict[str, Any]]:
    """A stored document and its bookkeeping (origin, media type, times)."""
    with store.engine.connect() as conn:
        doc_id = resolve_document_id(conn, ref)
        row = conn.execute(select(schema.documents).where(schema.documents.c.id == doc_id)).one()
    info = {"id": row.id, "origin": row.origin, "media_type": row.media_type, "raw_sha256": row.raw_sha256,
            "raw_size": len(row.raw), "ingested_at": row.ingested_at.isoformat(),
            "extracted_at": row.extracted_at.isoformat() if row.extracted_at else None,
            "pipeline": row.pipeline}
    return row_to_document(row), info


def list_rejects(store: Store, limit: int = 200) -> list[dict[str, Any]]:
    r = schema.rejects
    with store.engine.connect() as conn:
        rows = conn.execute(select(r.c.id, r.c.origin, r.c.code, r.c.reason, r.c.size, r.c.created_at)
                            .order_by(r.c.id).limit(limit)).all()
    return [{"id": x.id, "origin": x.origin, "code": x.code, "reason": x.reason, "size": x.size,
             "created_at": x.created_at.isoformat()} for x in rows]
