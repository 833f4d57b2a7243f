"""Issue 5: linking a second batch into a linked store gives what relinking everything gives.

On the demo corpus's real articles: the later half (by link order) is held out, the
earlier half linked, the later half put back and linked into the store; the clusters,
their origins and statuses must equal those of ``rebuild``. Guards the per-claim
feature cache (``link/feature_cache.py``) that incremental linking reads.
"""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import delete, select

from sourcetrace.link.features import load_features
from sourcetrace.link.linker import link_new, rebuild
from sourcetrace.store import schema
from sourcetrace.store.db import open_store

CORPUS = Path(__file__).resolve().parents[1] / "src" / "sourcetrace" / "demo" / "corpus"
#: The tables holding a document's rows, parents first (what deleting a document removes).
DOC_TABLES = (schema.documents, *schema.EXTRACTION_TABLES, schema.document_sightings)


@pytest.fixture(scope="module")
def extracted(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The demo corpus ingested and extracted once, not linked: a SQLite file to copy."""
    from sourcetrace.ingest.batch import ingest

    path = tmp_path_factory.mktemp("demo") / "extracted.db"
    store = open_store(f"sqlite:///{path}")
    ingest(store, [str(CORPUS)], link=False)
    store.close()
    return path


def _snapshot(store: Any) -> set[tuple[Any, ...]]:
    """Each cluster as (its claim keys, origins, origin sources, status, outlets, documents)."""
    cc, c = schema.cluster_claims, schema.clusters
    members: dict[int, set[tuple[str, str]]] = {}
    with store.engine.connect() as conn:
        for r in conn.execute(select(cc.c.cluster_id, cc.c.doc_id, cc.c.claim_id)):
            members.setdefault(r.cluster_id, set()).add((r.doc_id, r.claim_id))
        rows = {r.id: r for r in conn.execute(select(c))}
    return {(frozenset(keys), rows[cid].origins, tuple(rows[cid].origin_sources), rows[cid].status,
             rows[cid].outlets, rows[cid].documents) for cid, keys in members.items()}


def _hold_out(store: Any, doc_ids: list[str]) -> dict[Any, list[dict[str, Any]]]:
    """Removes ``doc_ids`` with every row they own; returns the rows, to put back."""
    held: dict[Any, list[dict[str, Any]]] = {}
    with store.engine.begin() as conn:
        for table in DOC_TABLES:
            column = table.c.id if table is schema.documents else table.c.doc_id
            held[table] = [dict(r._mapping) for r in conn.execute(select(table).where(column.in_(doc_ids)))]
        conn.execute(delete(schema.documents).where(schema.documents.c.id.in_(doc_ids)))
    return held


def _put_back(store: Any, held: dict[Any, list[dict[str, Any]]]) -> None:
    with store.engine.begin() as conn:
        for table in DOC_TABLES:
            if held[table]:
                conn.execute(table.insert(), held[table])


@pytest.mark.parametrize("cache", ["kept", "emptied"])
def test_linking_a_second_batch_equals_rebuild_on_demo_articles_issue_5(extracted: Path, tmp_path: Path,
                                                                        cache: str) -> None:
    """With the features cache as the first link left it, and emptied (a store linked
    before the cache existed: the features are derived again on demand)."""
    path = tmp_path / "store.db"
    shutil.copyfile(extracted, path)
    store = open_store(f"sqlite:///{path}")
    with store.engine.connect() as conn:
        first_seen: dict[str, tuple[str, str]] = {}
        for f in load_features(conn):
            first_seen.setdefault(f.doc_id, f.order[:2])
    ordered = sorted(first_seen, key=first_seen.__getitem__)
    later = ordered[len(ordered) // 2:]
    held = _hold_out(store, later)
    first = link_new(store)
    if cache == "emptied":
        with store.engine.begin() as conn:
            conn.execute(delete(schema.claim_features))
    _put_back(store, held)
    second = link_new(store)
    assert first.claims > 50 and second.claims > 50
    assert second.touched_clusters > second.new_clusters  # the second batch joined clusters of the first
    incremental = _snapshot(store)
    rebuild(store)
    assert _snapshot(store) == incremental
    # the features cache was emptied and derived again by the rebuild, one row per linked claim
    with store.engine.connect() as conn:
        cached = conn.execute(select(schema.claim_features.c.doc_id, schema.claim_features.c.claim_id)).all()
        linked = conn.execute(select(schema.cluster_claims.c.doc_id, schema.cluster_claims.c.claim_id)).all()
    assert set(cached) == set(linked)
    store.close()


def test_re_extracting_a_document_drops_its_cached_features(extracted: Path, tmp_path: Path) -> None:
    from sourcetrace.store.extractions import load_extraction, save_extraction

    path = tmp_path / "store.db"
    shutil.copyfile(extracted, path)
    store = open_store(f"sqlite:///{path}")
    link_new(store)
    fc = schema.claim_features
    with store.engine.begin() as conn:
        doc_id = conn.execute(select(fc.c.doc_id).limit(1)).scalar_one()
        ex = load_extraction(conn, doc_id)
        assert ex is not None
        ex.claims = ex.claims[:1]
        save_extraction(conn, ex, "test")
        left = conn.execute(select(fc.c.claim_id).where(fc.c.doc_id == doc_id)).scalars().all()
    assert left == []  # the cascade removed the stale rows; the next link derives them again
    store.close()


def test_near_duplicates_found_without_an_lsh_index_equal_those_found_with_one(extracted: Path, tmp_path: Path,
                                                                               monkeypatch: pytest.MonkeyPatch) -> None:
    """Signing a few new documents compares them with the stored signatures directly; the
    copies found must be those the LSH index finds (same band rule)."""
    from sourcetrace.link import dedup

    found = []
    for direct_max in (dedup.DIRECT_MAX, 0):
        path = tmp_path / f"sign{direct_max}.db"
        shutil.copyfile(extracted, path)
        store = open_store(f"sqlite:///{path}")
        monkeypatch.setattr(dedup, "DIRECT_MAX", direct_max)
        with store.engine.begin() as conn:
            ids = sorted(conn.execute(select(schema.documents.c.id)).scalars())
            first = dedup.sign_documents(conn, ids[::2])
            second = dedup.sign_documents(conn, ids[1::2])
            rows = conn.execute(select(schema.doc_signatures)).all()
        found.append((first, second, sorted(map(tuple, rows))))
        store.close()
    assert found[0] == found[1]
    assert found[0][0] or found[0][1]  # the demo holds a wire copy: the comparison is not empty


def test_cached_features_are_stored_and_read_back_on_both_engines(store: Any) -> None:
    """The cache table on SQLite and PostgreSQL: rows written when claims are linked, read
    back (not derived again) when later claims join, and equal to derived features."""
    from test_link_cluster import DEPOT_DE, DEPOT_EN, DEPOT_EN2, TANKS, _add

    from sourcetrace.link.feature_cache import cached_features

    _add(store, "Harbour Gazette", "2024-02-06", [DEPOT_EN, TANKS])
    link_new(store)
    _add(store, "Valley Times", "2024-02-07", [DEPOT_EN2])
    _add(store, "Weser Bote", "2024-02-08", [DEPOT_DE], lang="de")
    assert link_new(store).claims == 2
    incremental = _snapshot(store)
    with store.engine.connect() as conn:
        derived = {f.key: f for f in load_features(conn)}
        cached = cached_features(conn, set(derived))
    assert set(cached) == set(derived) and len(derived) == 4
    for key, f in derived.items():
        assert cached[key].text == ""  # read back from the table, not derived again
        assert (cached[key].terms, cached[key].places, cached[key].order, cached[key].day) == \
            (f.terms, f.places, f.order, f.day)
    rebuild(store)
    assert _snapshot(store) == incremental
