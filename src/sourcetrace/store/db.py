"""Opening a store: engine setup per dialect and forward migrations.

SQLite gets WAL (so a killed writer loses nothing already committed), foreign keys and
an FTS5 index over document text; PostgreSQL gets a GIN index over ``to_tsvector``.
Migrations are numbered functions applied in order inside one transaction each; the
``schema_version`` table records which have run, so opening an old store upgrades it.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Connection, Engine, create_engine, event, func, inspect, literal_column, select, text
from sqlalchemy.exc import SQLAlchemyError

from sourcetrace.errors import StorageError
from sourcetrace.settings import database_url
from sourcetrace.store import schema


def _v1_tables(conn: Connection) -> None:
    schema.metadata.create_all(conn, tables=[
        schema.documents, *schema.EXTRACTION_TABLES, schema.rejects, schema.ingest_runs,
    ])


def _v1_search(conn: Connection) -> None:
    if conn.dialect.name == "sqlite":
        conn.exec_driver_sql(
            "CREATE VIRTUAL TABLE IF NOT EXISTS documents_fts USING fts5("
            "doc_id UNINDEXED, title, text, tokenize='unicode61 remove_diacritics 2')"
        )
        conn.exec_driver_sql(
            "CREATE TRIGGER IF NOT EXISTS documents_fts_insert AFTER INSERT ON documents BEGIN "
            "INSERT INTO documents_fts(doc_id, title, text) VALUES (new.id, new.title, new.text); END"
        )
        conn.exec_driver_sql(
            "CREATE TRIGGER IF NOT EXISTS documents_fts_delete AFTER DELETE ON documents BEGIN "
            "DELETE FROM documents_fts WHERE doc_id = old.id; END"
        )
    elif conn.dialect.name == "postgresql":
        conn.exec_driver_sql(
            "CREATE INDEX IF NOT EXISTS ix_documents_fts ON documents "
            "USING GIN (to_tsvector('english', coalesce(title, '') || ' ' || text))"
        )


def _v3_link_tables(conn: Connection) -> None:
    schema.metadata.create_all(conn, tables=list(schema.LINK_TABLES))
    if conn.dialect.name == "sqlite":
        conn.exec_driver_sql(
            "CREATE VIRTUAL TABLE IF NOT EXISTS clusters_fts USING fts5("
            "cluster_id UNINDEXED, text, tokenize='unicode61 remove_diacritics 2')"
        )
        conn.exec_driver_sql(
            "CREATE TRIGGER IF NOT EXISTS clusters_fts_insert AFTER INSERT ON clusters BEGIN "
            "INSERT INTO clusters_fts(cluster_id, text) VALUES (new.id, new.text); END"
        )
        conn.exec_driver_sql(
            "CREATE TRIGGER IF NOT EXISTS clusters_fts_update AFTER UPDATE OF text ON clusters BEGIN "
            "UPDATE clusters_fts SET text = new.text WHERE cluster_id = old.id; END"
        )
        conn.exec_driver_sql(
            "CREATE TRIGGER IF NOT EXISTS clusters_fts_delete AFTER DELETE ON clusters BEGIN "
            "DELETE FROM clusters_fts WHERE cluster_id = old.id; END"
        )
    elif conn.dialect.name == "postgresql":
        conn.exec_driver_sql(
            "CREATE INDEX IF NOT EXISTS ix_clusters_fts ON clusters USING GIN (to_tsvector('english', text))"
        )


def _v4_sightings(conn: Connection) -> None:
    schema.metadata.create_all(conn, tables=[schema.document_sightings])
    # facet filters compare case-insensitively; this lets them use an index
    conn.exec_driver_sql("CREATE INDEX IF NOT EXISTS ix_cluster_facets_lower "
                         "ON cluster_facets (facet, lower(value), cluster_id)")


def _v5_claim_features(conn: Connection) -> None:
    schema.metadata.create_all(conn, tables=[schema.claim_features])


def _v6_stemmed_search(conn: Connection) -> None:
    """SQLite's search indexes stem English words, as PostgreSQL's do: "marines surrendered"
    finds "marines surrendering". The FTS5 tables are rebuilt from their sources (the
    triggers name them, so they keep feeding the new ones)."""
    if conn.dialect.name != "sqlite":
        return
    for table, columns, source in (("documents_fts", "doc_id UNINDEXED, title, text",
                                    "SELECT id, title, text FROM documents"),
                                   ("clusters_fts", "cluster_id UNINDEXED, text", "SELECT id, text FROM clusters")):
        conn.exec_driver_sql(f"DROP TABLE IF EXISTS {table}")
        conn.exec_driver_sql(f"CREATE VIRTUAL TABLE {table} USING fts5({columns}, "
                             "tokenize='porter unicode61 remove_diacritics 2')")
        conn.exec_driver_sql(f"INSERT INTO {table} {source}")


#: Forward migrations, in order; a migration is never edited once released.
MIGRATIONS: list[Callable[[Connection], None]] = [_v1_tables, _v1_search, _v3_link_tables, _v4_sightings,
                                                  _v5_claim_features, _v6_stemmed_search]


@dataclass
class Store:
    """An open database: the engine and its dialect name."""

    engine: Engine
    url: str

    @property
    def dialect(self) -> str:
        return self.engine.dialect.name

    def version(self) -> int:
        with self.engine.connect() as conn:
            return int(conn.execute(select(func.max(schema.schema_version.c.version))).scalar() or 0)

    def close(self) -> None:
        self.engine.dispose()


def _sqlite_pragmas(dbapi_conn: object, _record: object) -> None:
    cur = dbapi_conn.cursor()  # type: ignore[attr-defined]
    cur.execute("PRAGMA journal_mode=WAL")
    cur.execute("PRAGMA foreign_keys=ON")
    cur.execute("PRAGMA synchronous=NORMAL")
    cur.execute("PRAGMA busy_timeout=30000")
    cur.close()


def migrate(engine: Engine) -> int:
    """Applies pending migrations; returns the schema version reached."""
    schema.metadata.create_all(engine, tables=[schema.schema_version])
    with engine.connect() as conn:
        done = int(conn.execute(select(func.max(schema.schema_version.c.version))).scalar() or 0)
    for number, step in enumerate(MIGRATIONS, start=1):
        if number <= done:
            continue
        with engine.begin() as conn:
            step(conn)
            conn.execute(schema.schema_version.insert().values(
                version=number, applied_at=dt.datetime.now(dt.UTC)))
    return len(MIGRATIONS)


def open_store(url: str | None = None, *, create: bool = True) -> Store:
    """Opens (and by default creates or upgrades) the store at ``url``.

    Args:
        url: A SQLAlchemy URL or a SQLite file path; ``SOURCETRACE_DB`` or
            ``./sourcetrace.db`` when None.
        create: Apply migrations. With False, a missing or outdated store is an error.
    """
    full = database_url(url)
    try:
        if full.startswith("sqlite"):
            engine = create_engine(full)
            event.listen(engine, "connect", _sqlite_pragmas)
        else:
            engine = create_engine(full, pool_pre_ping=True)
        if create:
            migrate(engine)
        elif not inspect(engine).has_table("schema_version"):
            raise StorageError(f"{full} holds no sourcetrace store; run `sourcetrace ingest` first")
    except SQLAlchemyError as exc:
        raise StorageError(f"cannot open the database {full}: {exc.__class__.__name__}: "
                           f"{str(exc).splitlines()[0]}") from exc
    return Store(engine=engine, url=full)


def _text_match(conn: Connection, query: str, id_column: Any, pg_text: Any, fts_table: str, fts_key: str) -> object:
    """Rows whose text matches ``query``: the FTS5 table on SQLite, the GIN index on PostgreSQL.

    The PostgreSQL expression must equal the indexed one for the index to be used.
    """
    if conn.dialect.name == "postgresql":
        vector = func.to_tsvector(literal_column("'english'"), pg_text)
        return vector.op("@@")(func.websearch_to_tsquery(literal_column("'english'"), query))
    param = f"{fts_table}_q"
    return id_column.in_(
        select(literal_column(fts_key)).select_from(text(fts_table))
        .where(text(f"{fts_table} MATCH :{param}").bindparams(**{param: _fts5_query(query)}))
    )


def fts_match(conn: Connection, query: str) -> object:
    """A WHERE clause selecting documents whose title or text matches ``query``."""
    d = schema.documents
    return _text_match(conn, query, d.c.id, func.coalesce(d.c.title, "") + " " + d.c.text, "documents_fts", "doc_id")


def cluster_text_match(conn: Connection, query: str) -> object:
    """A WHERE clause selecting clusters whose statement matches ``query``."""
    c = schema.clusters
    return _text_match(conn, query, c.c.id, c.c.text, "clusters_fts", "cluster_id")


def _fts5_query(query: str) -> str:
    """Quotes each word so user input can never be FTS5 syntax."""
    words = [w.replace('"', '""') for w in query.split()]
    return " ".join(f'"{w}"' for w in words) or '""'
