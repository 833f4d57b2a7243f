"""The REST API under ``/api/``: thin routes over the library, JSON in and out.

Reads need no token unless the server runs with ``--private``; ingest always needs the
server's Bearer token. Errors are ``{"error": {"status", "code", "message"}}`` with the
``SourcetraceError``'s HTTP status; every route declares the errors it can answer, so
the OpenAPI document is complete enough for schemathesis.
"""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Depends, File, Form, Path, Query, Request, UploadFile
from fastapi.responses import JSONResponse
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer
from pydantic import BaseModel
from sqlalchemy import func, select

from sourcetrace.errors import InputError, NotFound, TooLarge, UsageError
from sourcetrace.export.acled import COLUMNS as ACLED_COLUMNS
from sourcetrace.export.acled import event_row
from sourcetrace.export.base import ExportRequest
from sourcetrace.link.query import DEFAULT_SORT, ClusterFilter, query_clusters
from sourcetrace.settings import MAX_BYTES
from sourcetrace.store import schema
from sourcetrace.store.db import Store
from sourcetrace.store.documents import get_document, list_documents, resolve_document_id
from sourcetrace.store.extractions import load_extraction
from sourcetrace.web import data
from sourcetrace.web import facets as facet_cache
from sourcetrace.web.deps import Sort, check_token, cluster_filter, get_store, require_read


class ErrorBody(BaseModel):
    status: int
    code: str
    message: str


class ErrorResponse(BaseModel):
    error: ErrorBody


def _errors(*codes: int) -> dict[int | str, dict[str, Any]]:
    text = {400: "Bad request", 401: "Missing or wrong token", 404: "Not found", 413: "Too large",
            422: "Invalid input"}
    return {c: {"model": ErrorResponse, "description": text[c]} for c in codes}


READ_ERRORS = _errors(400, 401, 422)
bearer = HTTPBearer(auto_error=False, description="The token the server was started with (--token).")
router = APIRouter(prefix="/api", dependencies=[Depends(require_read)], responses=READ_ERRORS)
StoreDep = Annotated[Store, Depends(get_store)]
FilterDep = Annotated[ClusterFilter, Depends(cluster_filter)]
Limit = Annotated[int, Query(ge=1, le=500, description="Rows per page.")]
Cursor = Annotated[str | None, Query(max_length=400, description="next_cursor from the previous page.")]
DocId = Annotated[str, Path(min_length=6, max_length=64, pattern=r"^[0-9a-fA-F]+$",
                            description="A document id (sha256) or a unique prefix of 6+ characters.")]
ClusterId = Annotated[int, Path(ge=1, le=2**31, description="A claim cluster id.")]


@router.get("/documents", summary="List or search documents")
def documents(store: StoreDep, q: Annotated[str | None, Query(max_length=200)] = None,
              outlet: Annotated[str | None, Query(max_length=200)] = None,
              language: Annotated[str | None, Query(max_length=8)] = None, limit: Limit = 50,
              offset: Annotated[int, Query(ge=0, le=100_000)] = 0) -> dict[str, Any]:
    """Documents newest first; ``q`` searches title and text."""
    q = (q or "").replace("\x00", "").strip() or None
    rows = list_documents(store, query=q, limit=limit, offset=offset, outlet=outlet or None,
                          language=language or None)
    return {"documents": [r.to_json() for r in rows], "limit": limit, "offset": offset}


@router.get("/documents/{doc_id}", summary="One document", responses=_errors(404))
def document(store: StoreDep, doc_id: DocId) -> dict[str, Any]:
    doc, info = get_document(store, doc_id)
    return {**doc.to_json(), **info, "relays": list(doc.relays), "metadata": doc.metadata}


@router.get("/documents/{doc_id}/analysis", summary="A document's analysis (the extraction contract)",
            responses=_errors(404))
def analysis(store: StoreDep, doc_id: DocId) -> dict[str, Any]:
    """The stored extraction in the shape of ``spec/extraction.md``."""
    with store.engine.connect() as conn:
        full = resolve_document_id(conn, doc_id)
        extraction = load_extraction(conn, full)
    if extraction is None:
        raise NotFound(f"document {full[:12]} is not analysed yet; run `sourcetrace analyze`")
    return extraction.to_json()


def _claims(store: Store, f: ClusterFilter, sort: str, limit: int, cursor: str | None,
            total: bool) -> dict[str, Any]:
    page = query_clusters(store, f, sort, limit=limit, cursor=cursor, with_documents=True)
    return {"filter": f.active(), "sort": sort, "total": facet_cache.total(store, f) if total else None,
            "rows": [r.to_json() for r in page.rows], "next_cursor": page.next_cursor}


WithTotal = Annotated[bool, Query(description="Also count every matching row (costs a scan on big stores).")]


@router.get("/claims", summary="Claim clusters, filtered and sorted")
def claims(store: StoreDep, f: FilterDep, sort: Sort = DEFAULT_SORT, limit: Limit = 50,
           cursor: Cursor = None, total: WithTotal = False) -> dict[str, Any]:
    """The rows of the claims page; page on with ``cursor=next_cursor``."""
    return _claims(store, f, sort, limit, cursor, total)


@router.get("/claims/facets", summary="Facet counts for a filter")
def claim_facets(store: StoreDep, f: FilterDep) -> dict[str, Any]:
    return facet_cache.facet_counts(store, f)


@router.get("/claims/{cluster_id}", summary="One claim cluster with its provenance graph", responses=_errors(404))
def claim(store: StoreDep, cluster_id: ClusterId) -> dict[str, Any]:
    return data.cluster(store, cluster_id)


@router.get("/clusters", summary="Claim clusters (same as /api/claims)")
def clusters(store: StoreDep, f: FilterDep, sort: Sort = DEFAULT_SORT, limit: Limit = 50,
             cursor: Cursor = None, total: WithTotal = False) -> dict[str, Any]:
    return _claims(store, f, sort, limit, cursor, total)


@router.get("/clusters/{cluster_id}", summary="One claim cluster", responses=_errors(404))
def cluster(store: StoreDep, cluster_id: ClusterId) -> dict[str, Any]:
    return data.cluster(store, cluster_id)


@router.get("/clusters/{cluster_id}/graph", summary="A cluster's provenance graph", responses=_errors(404))
def cluster_graph(store: StoreDep, cluster_id: ClusterId) -> dict[str, Any]:
    graph: dict[str, Any] = data.cluster(store, cluster_id)["graph"]
    return graph


@router.get("/sources", summary="Sources (origins) by the number of claims they stand behind")
def sources(store: StoreDep, q: Annotated[str | None, Query(max_length=200)] = None,
            limit: Limit = 200) -> dict[str, Any]:
    return data.sources(store, (q or "").replace("\x00", "").strip() or None, limit)


@router.get("/sources/{source_id}", summary="One source", responses=_errors(404))
def source(store: StoreDep, source_id: Annotated[str, Path(min_length=1, max_length=100)]) -> dict[str, Any]:
    return data.source(store, source_id)


@router.get("/places", summary="Resolved places and how many documents mention them")
def places(store: StoreDep, country: Annotated[str | None, Query(max_length=8)] = None,
           limit: Limit = 200) -> dict[str, Any]:
    p = schema.places
    stmt = select(p.c.name, p.c.country, p.c.admin1, p.c.precision, func.avg(p.c.lat).label("lat"),
                  func.avg(p.c.lon).label("lon"), func.count(func.distinct(p.c.doc_id)).label("documents"))
    if country:
        stmt = stmt.where(p.c.country == country.upper())
    stmt = stmt.group_by(p.c.name, p.c.country, p.c.admin1, p.c.precision).order_by(
        func.count(func.distinct(p.c.doc_id)).desc(), p.c.name).limit(limit)
    with store.engine.connect() as conn:
        rows = conn.execute(stmt).all()
    return {"places": [{"name": r.name, "country": r.country, "admin1": r.admin1, "precision": r.precision,
                        "lat": None if r.lat is None else round(float(r.lat), 5),
                        "lon": None if r.lon is None else round(float(r.lon), 5), "documents": int(r.documents)}
                       for r in rows]}


@router.get("/events", summary="Events (one per claim cluster) in ACLED's columns")
def events(store: StoreDep, f: FilterDep, sort: Sort = "newest", limit: Limit = 100) -> dict[str, Any]:
    req = ExportRequest(store, f, sort, limit)
    rows = []
    for page, members in req.with_members():
        for r in page:
            values = event_row(r, members.get(r.id, []))
            rows.append({"cluster_id": r.id, **dict(zip(ACLED_COLUMNS, values, strict=True))})
    return {"filter": f.active(), "events": rows}


@router.get("/rejects", summary="Items kept aside at ingest, and recent ingest runs")
def rejects(store: StoreDep) -> dict[str, Any]:
    return data.rejects(store)


@router.get("/ingest", summary="Recent ingest runs and this server's jobs")
def ingest_status(request: Request, store: StoreDep) -> dict[str, Any]:
    jobs = request.app.state.jobs.jobs.values()
    return {"runs": data.ingest_runs(store, 20), "jobs": [j.to_json() for j in jobs]}


@router.get("/ingest/{job_id}", summary="One ingest job's progress", responses=_errors(404))
def ingest_job(request: Request, job_id: Annotated[str, Path(min_length=1, max_length=40)]) -> dict[str, Any]:
    job = request.app.state.jobs.get(job_id)
    if job is None:
        raise NotFound(f"no ingest job {job_id!r} on this server")
    return job.to_json()  # type: ignore[no-any-return]


def require_write(request: Request,
                  credentials: Annotated[HTTPAuthorizationCredentials | None, Depends(bearer)]) -> None:
    """Writes need the server's token, before anything else is looked at."""
    check_token(request)


async def read_upload(file: UploadFile | None) -> bytes | None:
    if file is None or not file.filename:
        return None
    limit = int(MAX_BYTES.value())
    data = await file.read(limit + 1)
    if len(data) > limit:
        raise TooLarge(f"the upload is larger than {limit:,} bytes; raise SOURCETRACE_MAX_BYTES to allow it")
    return data


def start_ingest(request: Request, text: str | None, data_: bytes | None, filename: str | None,
                 url: str | None) -> Any:
    """Validates one input and starts a job; shared by the API and the dashboard form."""
    text = text if text and text.strip() else None
    url = url.strip() if url and url.strip() else None
    given = [x for x in (text, data_, url) if x is not None]
    if len(given) != 1:
        raise UsageError("send exactly one of: text, file, url")
    if url is not None and not url.lower().startswith(("http://", "https://")):
        raise InputError("url must start with http:// or https://")
    jobs = request.app.state.jobs
    if text is not None:
        return jobs.start("text", text[:80], text=text)
    if data_ is not None:
        return jobs.start("file", filename or "upload", data=data_, filename=filename)
    return jobs.start("url", url or "", url=url)


@router.post("/ingest", status_code=202, summary="Ingest pasted text, an uploaded file or a URL",
             responses=_errors(400, 401, 413, 422))
async def ingest(request: Request, _auth: Annotated[None, Depends(require_write)],
                 text: Annotated[str | None, Form(max_length=2_000_000)] = None,
                 url: Annotated[str | None, Form(max_length=2000)] = None,
                 file: Annotated[UploadFile | None, File()] = None) -> JSONResponse:
    """Starts an ingest job (read, extract, link); poll ``/api/ingest/{job}`` for progress."""
    job = start_ingest(request, text, await read_upload(file), file.filename if file else None, url)
    return JSONResponse(job.to_json(), status_code=202, headers={"Location": f"/api/ingest/{job.id}"})
