"""Loading what provenance needs of each cluster's members, in bulk.

Claims, their attributions, entities, signals and documents are read with a handful of
queries per chunk of documents, whatever the number of clusters being refreshed.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterable
from typing import Any

from sqlalchemy import Connection, Text, select, type_coerce

from sourcetrace.link.dedup import near_duplicates
from sourcetrace.link.features import Key, json_ids, norm_name
from sourcetrace.link.provenance import DocInfo, Member, Sighting, SourceInfo, is_party
from sourcetrace.store import schema

CHUNK = 400
_URL = re.compile(r"https?://[^\s\"'<>)\]]+")
_MIN_ALIAS = 4
#: Platforms are where a source posts, never a source themselves.
PLATFORMS = frozenset({"telegram", "twitter", "x", "facebook", "youtube", "vk", "vkontakte", "tiktok", "instagram"})


def _chunks(items: list[Any], size: int = CHUNK) -> Iterable[list[Any]]:
    for i in range(0, len(items), size):
        yield items[i:i + size]


def cluster_members(conn: Connection, cluster_ids: list[int]) -> dict[int, list[Key]]:
    """{cluster id: its claim keys}, for ``cluster_ids``."""
    cc = schema.cluster_claims
    out: dict[int, list[Key]] = defaultdict(list)
    for batch in _chunks(cluster_ids):
        for r in conn.execute(select(cc.c.cluster_id, cc.c.doc_id, cc.c.claim_id)
                              .where(cc.c.cluster_id.in_(batch)).order_by(cc.c.doc_id, cc.c.claim_id)):
            out[r.cluster_id].append((r.doc_id, r.claim_id))
    return dict(out)


def _parties(entities: list[Any], place_names: set[str]) -> tuple[dict[str, SourceInfo], list[SourceInfo]]:
    """Entities as sources, and the named ones a sentence may cite (place names, as in
    "Kharkiv said", are left to the attribution extractor)."""
    by_id: dict[str, SourceInfo] = {}
    mentioned: list[SourceInfo] = []
    for e in entities:
        info = SourceInfo(e.name, e.kind, e.side, description=e.description)
        by_id[e.id] = info
        if e.kind == "anonymous" or norm_name(e.name) in place_names or norm_name(e.name) in PLATFORMS:
            continue
        forms = {e.name, *(a for a in e.aliases or [] if len(a) >= _MIN_ALIAS and a[:1].isupper())}
        for form in sorted(forms):
            mentioned.append(SourceInfo(form, e.kind, e.side) if form == e.name
                             else _alias_of(info, form))
    return by_id, mentioned


def _alias_of(info: SourceInfo, form: str) -> SourceInfo:
    alias = SourceInfo(info.name, info.kind, info.side)
    alias.aliases = [form]
    return alias


class _Entity:
    """What linking reads of an entities row (its mentions are never read)."""

    __slots__ = ("aliases", "description", "id", "kind", "name", "side")

    def __init__(self, r: Any) -> None:
        self.id, self.name, self.kind, self.side, self.aliases = r.id, r.name, r.kind, r.side, json_ids(r.aliases)
        self.description = r.description


class _Attribution:
    """An attributions row with its id lists decoded."""

    __slots__ = ("cue_text", "parent", "signals", "source_entity", "source_text", "via")

    def __init__(self, r: Any) -> None:
        self.source_entity, self.source_text, self.parent, self.cue_text = \
            r.source_entity, r.source_text, r.parent, r.cue_text
        self.via, self.signals = json_ids(r.via), json_ids(r.signals)


def load_members(conn: Connection, keys: list[Key]) -> tuple[dict[Key, Member], dict[str, DocInfo]]:
    """Members for the claim ``keys`` and DocInfo for their documents."""
    c, a, e, s, d = schema.claims, schema.attributions, schema.entities, schema.signals, schema.documents
    sg = schema.document_sightings
    wanted = set(keys)
    doc_ids = sorted({k[0] for k in keys})
    members: dict[Key, Member] = {}
    docs: dict[str, DocInfo] = {}
    copies = near_duplicates(conn, doc_ids)
    for batch in _chunks(doc_ids):
        ents: dict[str, list[Any]] = defaultdict(list)
        for r in conn.execute(select(e.c.doc_id, e.c.id, e.c.name, e.c.kind, e.c.side, e.c.description,
                                     type_coerce(e.c.aliases, Text).label("aliases")).where(e.c.doc_id.in_(batch))):
            ents[r.doc_id].append(_Entity(r))
        attrs: dict[tuple[str, str], Any] = {}
        # id lists come as raw JSON text: most are empty, and the JSON type decodes each
        for r in conn.execute(select(a.c.doc_id, a.c.id, a.c.source_entity, a.c.source_text,
                                     type_coerce(a.c.via, Text).label("via"), a.c.parent,
                                     type_coerce(a.c.signals, Text).label("signals"), a.c.cue_text)
                              .where(a.c.doc_id.in_(batch))):
            attrs[(r.doc_id, r.id)] = _Attribution(r)
        places: dict[str, set[str]] = defaultdict(set)
        for r in conn.execute(select(schema.places.c.doc_id, schema.places.c.name, schema.places.c.text)
                              .where(schema.places.c.doc_id.in_(batch))):
            places[r.doc_id].update((norm_name(r.name), norm_name(r.text)))
        kinds: dict[tuple[str, str], str] = {}
        for r in conn.execute(select(s.c.doc_id, s.c.id, s.c.kind).where(s.c.doc_id.in_(batch))):
            kinds[(r.doc_id, r.id)] = r.kind
        for r in conn.execute(select(d.c.id, d.c.outlet, d.c.published, d.c.ingested_at, d.c.url, d.c.language,
                                     type_coerce(d.c.relays, Text).label("relays"), d.c.meta, d.c.text)
                              .where(d.c.id.in_(batch))):
            links = sorted(set(_URL.findall(r.text)) | set(_URL.findall(str(r.meta or ""))))
            docs[r.id] = DocInfo(
                id=r.id, outlet=r.outlet, published=r.published,
                ingested=r.ingested_at.isoformat() if r.ingested_at else None, url=r.url,
                language=r.language, relays=json_ids(r.relays), links=[u for u in links if u != r.url],
                copy_of=copies.get(r.id), text=r.text)
        for r in conn.execute(select(sg.c.doc_id, sg.c.outlet, sg.c.url, sg.c.published, sg.c.relays)
                              .where(sg.c.doc_id.in_(batch)).order_by(sg.c.doc_id, sg.c.id)):
            if r.doc_id in docs:
                docs[r.doc_id].sightings.append(Sighting(r.outlet, r.published, r.url, list(r.relays or [])))
        parties = {doc_id: _parties(rows, places[doc_id]) for doc_id, rows in ents.items()}
        for r in conn.execute(select(c.c.doc_id, c.c.id, c.c.text, c.c.status, c.c.event_type, c.c.attribution,
                                     type_coerce(c.c.signals, Text).label("signals"))
                              .where(c.c.doc_id.in_(batch))).all():
            doc_id, claim_id, text, status, event_type, attribution, signal_ids = r  # a tuple: cheaper than names
            if (doc_id, claim_id) not in wanted:
                continue
            by_id, mentioned = parties.get(doc_id, ({}, []))
            signal_ids = json_ids(signal_ids)
            m = Member(doc_id, claim_id, text, status, event_type, mentioned=mentioned,
                       signals=[kinds[(doc_id, sid)] for sid in signal_ids if (doc_id, sid) in kinds]
                       if signal_ids else [])
            attr = attrs.get((doc_id, attribution)) if attribution else None
            if attr is not None:
                src = by_id.get(attr.source_entity or "") or (
                    SourceInfo(attr.source_text) if attr.source_text else None)
                m.source = None if src is not None and (norm_name(src.name) in PLATFORMS or not is_party(src.name)) \
                    else src
                m.via = [by_id[v] for v in attr.via or [] if v in by_id]
                m.cue = attr.cue_text
                parent = attrs.get((doc_id, attr.parent)) if attr.parent else None
                if parent is not None and parent.source_entity in by_id:
                    m.via.append(by_id[parent.source_entity])
                m.source_signals = [kinds[(doc_id, sid)] for sid in attr.signals or [] if (doc_id, sid) in kinds]
                m.signals += m.source_signals
                if m.source is not None and m.source.kind == "anonymous":
                    m.source = SourceInfo(m.source.name, "anonymous", m.source.side)
            members[(doc_id, claim_id)] = m
    return members, docs


def member_vectors(conn: Connection, keys: list[Key]) -> dict[Key, Any]:
    """The stored claim vectors of ``keys`` (what ``core_keys`` reads)."""
    from sourcetrace.link.encoder import from_bytes

    v = schema.claim_vectors
    wanted = set(keys)
    out: dict[Key, Any] = {}
    for batch in _chunks(sorted({k[0] for k in keys})):
        for r in conn.execute(select(v.c.doc_id, v.c.claim_id, v.c.vector).where(v.c.doc_id.in_(batch))):
            if (r.doc_id, r.claim_id) in wanted:
                out[(r.doc_id, r.claim_id)] = from_bytes(r.vector)
    return out
