"""Facet counts and totals for the claims page, cached.

``link.query`` counts; this keeps the results for a minute keyed by the filter and the
store's cluster count and highest id, so paging and sorting do not recount on a store of
100,000 clusters. The page asks for counts inline only when the match is small; larger
ones are fetched after the page has shown.
"""

from __future__ import annotations

import threading
import time
from typing import Any

from sqlalchemy import func, select

from sourcetrace.link import query
from sourcetrace.link.query import ClusterFilter
from sourcetrace.store import schema
from sourcetrace.store.db import Store

TTL_SECONDS = 60.0
INLINE_LIMIT = 5_000  # matching clusters up to which counts are computed with the page
_cache: dict[tuple[Any, ...], tuple[float, dict[str, list[list[Any]]]]] = {}
_lock = threading.Lock()


def _version(store: Store) -> tuple[int, int]:
    c = schema.clusters
    with store.engine.connect() as conn:
        top, n = conn.execute(select(func.max(c.c.id), func.count())).one()
    return int(top or 0), int(n or 0)


def _key(store: Store, f: ClusterFilter, top: int) -> tuple[Any, ...]:
    return (store.url, tuple(sorted(f.active().items())), top, _version(store))


def cached(store: Store, f: ClusterFilter, top: int = 12) -> dict[str, list[list[Any]]] | None:
    hit = _cache.get(_key(store, f, top))
    if hit and time.monotonic() - hit[0] < TTL_SECONDS:
        return hit[1]
    return None


def clear() -> None:
    """Forget every cached count (after this server ingested or linked something)."""
    with _lock:
        _cache.clear()


def _remember(key: tuple[Any, ...], value: Any) -> None:
    with _lock:
        if len(_cache) > 512:
            _cache.clear()
        _cache[key] = (time.monotonic(), value)


def total(store: Store, f: ClusterFilter) -> int:
    """How many clusters match ``f`` (cached like the facet counts)."""
    key = ("total", *_key(store, f, 0))
    hit = _cache.get(key)
    if hit and time.monotonic() - hit[0] < TTL_SECONDS:
        return int(hit[1])  # type: ignore[call-overload, no-any-return]
    n = query.count_clusters(store, f)
    _remember(key, n)
    return n


def facet_counts(store: Store, f: ClusterFilter, top: int = 12) -> dict[str, list[list[Any]]]:
    """{facet: [[value, clusters], ...]} for event_type, status, side, source, place, outlet, language."""
    cached_counts = cached(store, f, top)
    if cached_counts is not None:
        return cached_counts
    out = {name: [[v, n] for v, n in rows] for name, rows in query.facet_counts(store, f, top).items()}
    _remember(_key(store, f, top), out)
    return out
