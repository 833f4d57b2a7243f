"""The tables, in SQLAlchemy Core, for SQLite and PostgreSQL alike.

Documents keep the raw bytes as ingested beside the normalised text; the extraction
tables hold exactly the contract of ``spec/extraction.md``, keyed by document id and
the record id within it (``E1``, ``A1``...). Lists are JSON columns.
"""

from __future__ import annotations

from sqlalchemy import (
    JSON,
    Column,
    DateTime,
    Float,
    ForeignKey,
    ForeignKeyConstraint,
    Index,
    Integer,
    LargeBinary,
    MetaData,
    String,
    Table,
    Text,
)

metadata = MetaData()

schema_version = Table(
    "schema_version", metadata,
    Column("version", Integer, primary_key=True),
    Column("applied_at", DateTime(timezone=True), nullable=False),
)

documents = Table(
    "documents", metadata,
    Column("id", String(64), primary_key=True),  # sha256 of text
    Column("raw_sha256", String(64), nullable=False, index=True),
    Column("raw", LargeBinary, nullable=False),
    Column("media_type", String(64), nullable=False),
    Column("origin", Text, nullable=False),
    Column("text", Text, nullable=False),
    Column("url", Text),
    Column("outlet", Text, index=True),
    Column("title", Text),
    Column("authors", JSON, nullable=False),
    Column("published", String(32), index=True),
    Column("language", String(8), nullable=False),
    Column("relays", JSON, nullable=False),
    Column("meta", JSON, nullable=False),
    Column("ingested_at", DateTime(timezone=True), nullable=False, index=True),
    Column("extracted_at", DateTime(timezone=True)),
    Column("pipeline", String(64)),
)


def _doc_fk() -> Column[str]:
    return Column("doc_id", String(64), ForeignKey("documents.id", ondelete="CASCADE"), primary_key=True)


entities = Table(
    "entities", metadata, _doc_fk(),
    Column("id", String(16), primary_key=True),
    Column("name", Text, nullable=False),
    Column("kind", String(32), nullable=False),
    Column("description", Text),
    Column("side", String(16), nullable=False),
    Column("aliases", JSON, nullable=False),
    Column("mentions", JSON, nullable=False),
)
Index("ix_entities_name", entities.c.name)

attributions = Table(
    "attributions", metadata, _doc_fk(),
    Column("id", String(16), primary_key=True),
    Column("kind", String(32), nullable=False),
    Column("source_entity", String(16)),
    Column("source_text", Text),
    Column("source_start", Integer),
    Column("source_end", Integer),
    Column("cue_text", Text),
    Column("cue_start", Integer),
    Column("cue_end", Integer),
    Column("content_text", Text, nullable=False),
    Column("content_start", Integer, nullable=False),
    Column("content_end", Integer, nullable=False),
    Column("via", JSON, nullable=False),
    Column("parent", String(16)),
    Column("signals", JSON, nullable=False),
)

signals = Table(
    "signals", metadata, _doc_fk(),
    Column("id", String(16), primary_key=True),
    Column("kind", String(32), nullable=False),
    Column("text", Text, nullable=False),
    Column("start", Integer, nullable=False),
    Column("end", Integer, nullable=False),
)

claims = Table(
    "claims", metadata, _doc_fk(),
    Column("id", String(16), primary_key=True),
    Column("attribution", String(16)),
    Column("text", Text, nullable=False),
    Column("event_type", String(40), nullable=False, index=True),
    Column("status", String(20), nullable=False, index=True),
    Column("actors", JSON, nullable=False),
    Column("places", JSON, nullable=False),
    Column("times", JSON, nullable=False),
    Column("signals", JSON, nullable=False),
)

places = Table(
    "places", metadata, _doc_fk(),
    Column("id", String(16), primary_key=True),
    Column("text", Text, nullable=False),
    Column("name", Text, nullable=False),
    Column("country", String(8)),
    Column("admin1", Text),
    Column("lat", Float),
    Column("lon", Float),
    Column("geonames_id", Integer),
    Column("precision", String(16), nullable=False),
    Column("mentions", JSON, nullable=False),
)
Index("ix_places_name", places.c.name)

times = Table(
    "times", metadata, _doc_fk(),
    Column("id", String(16), primary_key=True),
    Column("text", Text, nullable=False),
    Column("start", Integer, nullable=False),
    Column("end", Integer, nullable=False),
    Column("value", String(64)),
    Column("granularity", String(16), nullable=False),
    Column("anchor", String(16), nullable=False),
)

rejects = Table(
    "rejects", metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("origin", Text, nullable=False),
    Column("code", String(32), nullable=False),
    Column("reason", Text, nullable=False),
    Column("sha256", String(64), index=True),
    Column("size", Integer, nullable=False),
    Column("head", LargeBinary, nullable=False),  # the first bytes, to look at
    Column("created_at", DateTime(timezone=True), nullable=False),
)

ingest_runs = Table(
    "ingest_runs", metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("targets", JSON, nullable=False),
    Column("status", String(16), nullable=False),  # running | done | failed
    Column("seen", Integer, nullable=False, default=0),
    Column("new", Integer, nullable=False, default=0),
    Column("duplicates", Integer, nullable=False, default=0),
    Column("rejected", Integer, nullable=False, default=0),
    Column("message", Text),
    Column("started_at", DateTime(timezone=True), nullable=False),
    Column("finished_at", DateTime(timezone=True)),
)

#: The per-document extraction tables, in the order of the contract.
EXTRACTION_TABLES = (entities, attributions, signals, claims, places, times)

# --- linking (schema version 3): clusters of the same claim across documents ----------

clusters = Table(
    "clusters", metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("text", Text, nullable=False),  # the representative statement
    Column("event_type", String(40), nullable=False, index=True),
    Column("status", String(20), nullable=False, index=True),
    Column("first_seen", String(32), index=True),  # earliest published (or ingested) date
    Column("last_seen", String(32)),
    Column("first_doc_id", String(64)),
    Column("origins", Integer, nullable=False, default=0, index=True),
    Column("origin_sources", JSON, nullable=False),
    Column("outlets", Integer, nullable=False, default=0, index=True),
    Column("documents", Integer, nullable=False, default=0),
    Column("claims", Integer, nullable=False, default=0),
    Column("updated_at", DateTime(timezone=True), nullable=False),
)

cluster_claims = Table(
    "cluster_claims", metadata,
    Column("doc_id", String(64), ForeignKey("documents.id", ondelete="CASCADE"), primary_key=True),
    Column("claim_id", String(16), primary_key=True),
    Column("cluster_id", Integer, ForeignKey("clusters.id", ondelete="CASCADE"), nullable=False, index=True),
    Column("similarity", Float, nullable=False),
)

#: Denormalised filter values per cluster (facet: source, side, place, outlet, language),
#: so the claims table filters with one indexed lookup whatever the store's size.
cluster_facets = Table(
    "cluster_facets", metadata,
    Column("cluster_id", Integer, ForeignKey("clusters.id", ondelete="CASCADE"), primary_key=True),
    Column("facet", String(16), primary_key=True),
    Column("value", String(200), primary_key=True),
)
Index("ix_cluster_facets_lookup", cluster_facets.c.facet, cluster_facets.c.value)

claim_vectors = Table(
    "claim_vectors", metadata,
    Column("doc_id", String(64), ForeignKey("documents.id", ondelete="CASCADE"), primary_key=True),
    Column("claim_id", String(16), primary_key=True),
    Column("vector", LargeBinary, nullable=False),  # float32, L2-normalised
)

doc_signatures = Table(
    "doc_signatures", metadata,
    Column("doc_id", String(64), ForeignKey("documents.id", ondelete="CASCADE"), primary_key=True),
    Column("minhash", LargeBinary, nullable=False),
    Column("near_duplicate_of", String(64)),
)

LINK_TABLES = (clusters, cluster_claims, cluster_facets, claim_vectors, doc_signatures)

#: What the linker derives of each claim (``link/feature_cache.py``, schema version 5), so
#: that linking new claims rebuilds the clusters' state without rederiving every member's
#: facets from the extraction tables. A cache: it goes with its claim (a re-extraction
#: replaces the claims) and ``link --rebuild`` recomputes it.
claim_features = Table(
    "claim_features", metadata,
    Column("doc_id", String(64), primary_key=True),
    Column("claim_id", String(16), primary_key=True),
    Column("features", Text, nullable=False),  # JSON, see link/feature_cache.py
    ForeignKeyConstraint(["doc_id", "claim_id"], ["claims.doc_id", "claims.id"], ondelete="CASCADE"),
)

#: The same text seen again from another outlet, URL or relay (a repost, a Telegram
#: forward, a wire copy): nothing new to extract, but evidence of how the text spread.
document_sightings = Table(
    "document_sightings", metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("doc_id", String(64), ForeignKey("documents.id", ondelete="CASCADE"), nullable=False, index=True),
    Column("origin", Text, nullable=False),
    Column("outlet", Text),
    Column("url", Text),
    Column("published", String(32)),
    Column("relays", JSON, nullable=False),
    Column("seen_at", DateTime(timezone=True), nullable=False),
)
