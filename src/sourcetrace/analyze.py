"""Running extraction over stored documents and storing the result.

``analyze_pending`` is what ``ingest`` calls after storing new documents and what
``sourcetrace analyze`` runs; with ``all_documents`` it re-extracts everything after a
pipeline upgrade. Each document's extraction is committed on its own.
"""

from __future__ import annotations

import logging
from collections.abc import Callable

from sourcetrace import __version__
from sourcetrace.model import Document
from sourcetrace.store.db import Store
from sourcetrace.store.documents import add_reject, get_document
from sourcetrace.store.extractions import documents_without_extraction, save_extraction

log = logging.getLogger(__name__)

#: Recorded with every stored extraction, so a store knows which pipeline made it.
PIPELINE = f"sourcetrace-{__version__}"
CHUNK = 32


def analyze_pending(store: Store, all_documents: bool = False,
                    progress: Callable[[int, int], None] | None = None) -> int:
    """Extracts stored documents lacking an extraction (or all); returns how many."""
    from sourcetrace.extract.pipeline import extract_many

    def failed(document: Document, exc: Exception) -> None:
        log.warning("extraction failed for %s: %s: %s (kept as a reject; -vv shows the traceback)",
                    document.id[:12], exc.__class__.__name__, exc)
        log.debug("extraction traceback", exc_info=exc)
        with store.engine.begin() as conn:
            add_reject(conn, f"document {document.id}", "extract",
                       f"extraction failed ({exc.__class__.__name__}: {exc}); the document is stored, "
                       f"retry with `sourcetrace analyze` after upgrading")

    with store.engine.connect() as conn:
        pending = documents_without_extraction(conn, all_documents)
    done = 0
    for first in range(0, len(pending), CHUNK):
        docs = [get_document(store, doc_id)[0] for doc_id in pending[first:first + CHUNK]]
        for extraction in extract_many(docs, on_error=failed):
            with store.engine.begin() as conn:
                save_extraction(conn, extraction, PIPELINE)
            done += 1
            if progress:
                progress(done, len(pending))
    return done
