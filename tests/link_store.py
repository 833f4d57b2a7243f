"""Reading a linked store's clusters back in tests: which claim texts share a cluster."""

from __future__ import annotations

from typing import Any

from sqlalchemy import select

from sourcetrace.store import schema


def partition(store: Any) -> set[frozenset[str]]:
    """The clusters of ``store`` as sets of claim texts."""
    cc, c = schema.cluster_claims, schema.claims
    groups: dict[int, set[str]] = {}
    with store.engine.connect() as conn:
        for r in conn.execute(select(cc.c.cluster_id, c.c.text).join(
                c, (c.c.doc_id == cc.c.doc_id) & (c.c.id == cc.c.claim_id))):
            groups.setdefault(r.cluster_id, set()).add(r.text)
    return {frozenset(g) for g in groups.values()}


def together(groups: set[frozenset[str]], a: str, b: str) -> bool:
    """Whether claim texts ``a`` and ``b`` share a cluster."""
    return any(a in g and b in g for g in groups)
