"""Ingest jobs started from the API or the dashboard, run in a background thread.

A job writes pasted text or an upload to a private temporary folder and runs the same
``ingest`` batch as the CLI, then links the new claims. Its progress is what the batch
reports through its callback (and records in ``ingest_runs``), so a page can poll it.
Jobs run one at a time: extraction is heavy and the machine is shared.
"""

from __future__ import annotations

import logging
import re
import shutil
import tempfile
import threading
import time
import uuid
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from sourcetrace.errors import SourcetraceError
from sourcetrace.store.db import Store

log = logging.getLogger(__name__)
_LOCK = threading.Lock()  # one heavy batch at a time


@dataclass
class Job:
    id: str
    kind: str  # text | file | url
    label: str
    status: str = "queued"  # queued | reading | extracting | linking | done | failed
    seen: int = 0
    new: int = 0
    duplicates: int = 0
    rejected: int = 0
    extracted: int = 0
    message: str | None = None
    new_ids: list[str] = field(default_factory=list)
    rejects: list[dict[str, str]] = field(default_factory=list)
    started: float = field(default_factory=time.time)
    finished: float | None = None

    @property
    def done(self) -> bool:
        return self.status in ("done", "failed")

    def to_json(self) -> dict[str, Any]:
        out = asdict(self)
        out["done"] = self.done
        return out


def _safe_name(name: str) -> str:
    name = Path(name or "upload").name
    return re.sub(r"[^\w.\-]+", "_", name)[:100] or "upload"


class Jobs:
    """The server's ingest jobs, kept in memory (their batches are in ``ingest_runs`` too)."""

    def __init__(self, store: Store, extract: bool = True) -> None:
        self.store = store
        self.extract = extract
        self.jobs: dict[str, Job] = {}

    def get(self, job_id: str) -> Job | None:
        return self.jobs.get(job_id)

    def start(self, kind: str, label: str, *, text: str | None = None, data: bytes | None = None,
              filename: str | None = None, url: str | None = None) -> Job:
        job = Job(uuid.uuid4().hex[:16], kind, label[:200])
        self.jobs[job.id] = job
        tmp = Path(tempfile.mkdtemp(prefix="sourcetrace-ingest-"))
        if text is not None:
            target = tmp / f"pasted-{job.id}.txt"
            target.write_text(text, encoding="utf-8")
        elif data is not None:
            target = tmp / _safe_name(filename or "upload")
            target.write_bytes(data)
        else:
            target = None
        targets = [str(target)] if target else [str(url)]
        threading.Thread(target=self._run, args=(job, targets, tmp), daemon=True, name=f"ingest-{job.id}").start()
        return job

    def _run(self, job: Job, targets: list[str], tmp: Path) -> None:
        from sourcetrace.ingest.base import Limits
        from sourcetrace.ingest.batch import IngestSummary, ingest
        from sourcetrace.settings import FETCH_TIMEOUT, MAX_BYTES, MAX_REDIRECTS

        def progress(summary: IngestSummary, origin: str) -> None:
            job.status = "reading"
            job.new, job.duplicates, job.rejected = summary.new, summary.duplicates, summary.rejected
            job.seen = summary.new + summary.duplicates + summary.rejected

        try:
            with _LOCK:
                job.status = "reading"
                limits = Limits(max_bytes=int(MAX_BYTES.value()), fetch_timeout=float(FETCH_TIMEOUT.value()),
                                max_redirects=int(MAX_REDIRECTS.value()))
                summary = ingest(self.store, targets, limits, extract=False, progress=progress)
                progress(summary, "")
                job.new_ids = summary.new_ids
                job.rejects = [{"origin": Path(r.origin).name if r.origin.startswith(str(tmp)) else r.origin,
                                "code": r.code, "reason": r.reason} for r in summary.rejects]
                if self.extract and summary.new:
                    job.status = "extracting"
                    from sourcetrace.analyze import analyze_pending

                    def extracted(done: int, total: int) -> None:
                        job.extracted = done

                    analyze_pending(self.store, progress=extracted)
                    job.status = "linking"
                    from sourcetrace.link.linker import link_new

                    link_new(self.store)
                job.status = "done"
            from sourcetrace.web.facets import clear

            clear()
        except SourcetraceError as exc:
            job.status, job.message = "failed", str(exc)
        except Exception as exc:  # a job must never take the server down
            log.exception("ingest job %s failed", job.id)
            job.status, job.message = "failed", f"{exc.__class__.__name__}: {exc}"
        finally:
            job.finished = time.time()
            shutil.rmtree(tmp, ignore_errors=True)
