"""The ingest batch: read every target, store new documents, keep bad items aside, extract.

Each document is committed on its own, so a crash or a kill loses at most the item in
flight; extraction runs after the documents are safe, and any document that still lacks
an extraction (a batch killed mid-way) is picked up by the next run.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterable
from dataclasses import asdict, dataclass, field

from sqlalchemy import update

from sourcetrace.ingest.base import Limits, Rejected
from sourcetrace.ingest.collect import read_all
from sourcetrace.store import schema
from sourcetrace.store.db import Store
from sourcetrace.store.documents import add_document, add_reject, now

log = logging.getLogger(__name__)


@dataclass
class IngestSummary:
    """What one batch did; ``exit_code`` follows the CLI's contract."""

    new: int = 0
    duplicates: int = 0
    rejected: int = 0
    extracted: int = 0
    linked: int = 0
    new_ids: list[str] = field(default_factory=list)
    rejects: list[Rejected] = field(default_factory=list)

    @property
    def exit_code(self) -> int:
        return 1 if self.new == 0 and self.duplicates == 0 else 0

    def line(self) -> str:
        return (f"{self.new} new, {self.duplicates} duplicate{'s' if self.duplicates != 1 else ''}, "
                f"{self.rejected} rejected" + (f", {self.extracted} extracted" if self.extracted else ""))

    def to_json(self) -> dict[str, object]:
        out = asdict(self)
        out["rejects"] = [{"origin": r.origin, "code": r.code, "reason": r.reason} for r in self.rejects]
        return out


Progress = Callable[[IngestSummary, str], None]


def _start_run(store: Store, targets: list[str]) -> int:
    with store.engine.begin() as conn:
        result = conn.execute(schema.ingest_runs.insert().values(
            targets=targets, status="running", seen=0, new=0, duplicates=0, rejected=0, started_at=now()))
        return int(result.inserted_primary_key[0])  # type: ignore[index]


def _update_run(store: Store, run_id: int, summary: IngestSummary, status: str | None = None,
                message: str | None = None) -> None:
    values: dict[str, object] = {
        "seen": summary.new + summary.duplicates + summary.rejected,
        "new": summary.new, "duplicates": summary.duplicates, "rejected": summary.rejected,
    }
    if status:
        values.update(status=status, finished_at=now() if status != "running" else None, message=message)
    with store.engine.begin() as conn:
        conn.execute(update(schema.ingest_runs).where(schema.ingest_runs.c.id == run_id).values(**values))


def ingest(store: Store, targets: Iterable[str], limits: Limits | None = None, *, fmt: str | None = None,
           extract: bool = True, link: bool = True, progress: Progress | None = None) -> IngestSummary:
    """Ingests ``targets`` (files, directories, URLs, ``-``) into ``store``.

    Args:
        store: The open store.
        targets: Paths, directories (read recursively) or http(s) URLs.
        limits: Size and fetch limits.
        fmt: Force one reader by name instead of sniffing.
        extract: Run extraction on new documents (and on any stored one lacking it).
        link: Then link their claims into the clusters already stored (needs ``extract``).
        progress: Called after every item with the running summary and the item's origin.
    """
    targets = list(targets)
    summary = IngestSummary()
    run_id = _start_run(store, targets)
    try:
        for got in read_all(targets, limits or Limits(), fmt=fmt):
            if isinstance(got, Rejected):
                with store.engine.begin() as conn:
                    add_reject(conn, got.origin, got.code, got.reason, got.data)
                summary.rejected += 1
                summary.rejects.append(got)
                origin = got.origin
            else:
                item, doc = got
                with store.engine.begin() as conn:
                    is_new = add_document(conn, item, doc)
                if is_new:
                    summary.new += 1
                    summary.new_ids.append(doc.id)
                else:
                    summary.duplicates += 1
                origin = item.origin
            if progress:
                progress(summary, origin)
            if (summary.new + summary.duplicates + summary.rejected) % 20 == 0:
                _update_run(store, run_id, summary)
        if extract:
            from sourcetrace.analyze import analyze_pending

            summary.extracted = analyze_pending(store)
            if link:
                from sourcetrace.link.linker import link_new

                summary.linked = link_new(store).claims
        _update_run(store, run_id, summary, status="done")
    except BaseException as exc:
        _update_run(store, run_id, summary, status="failed", message=f"{exc.__class__.__name__}: {exc}")
        raise
    return summary
