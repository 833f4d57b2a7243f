"""The dashboard pages, server-rendered; each has a ``.json`` twin carrying the same data.

Routes are fixed by ARCHITECTURE.md so links and bookmarks stay stable. Each route
reads one ``data`` function and hands its dict to a template or to JSON unchanged.
"""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Depends, File, Form, Path, Query, Request, UploadFile
from fastapi.responses import JSONResponse, RedirectResponse, Response

from sourcetrace.errors import NotFound
from sourcetrace.export.registry import exporters
from sourcetrace.link.query import DEFAULT_SORT, ClusterFilter
from sourcetrace.store.db import Store
from sourcetrace.store.documents import list_documents
from sourcetrace.web import data
from sourcetrace.web import facets as facet_cache
from sourcetrace.web.api import read_upload, start_ingest
from sourcetrace.web.deps import TOKEN_COOKIE, Sort, check_token, cluster_filter, get_store, require_read
from sourcetrace.web.graphsvg import provenance_svg
from sourcetrace.web.mapsvg import map_svg
from sourcetrace.web.render import templates

router = APIRouter(include_in_schema=False, dependencies=[Depends(require_read)])
#: Pages open to anyone even on a private server: signing in.
public = APIRouter(include_in_schema=False)
StoreDep = Annotated[Store, Depends(get_store)]
FilterDep = Annotated[ClusterFilter, Depends(cluster_filter)]
ClusterId = Annotated[int, Path(ge=1, le=2**31)]
Limit = Annotated[int, Query(ge=1, le=500)]


def _page(request: Request, template: str, payload: dict[str, Any], **extra: Any) -> Response:
    return templates.TemplateResponse(request, template, {"data": payload, **extra})


@router.get("/")
def overview(request: Request, store: StoreDep) -> Response:
    return _page(request, "overview.html", data.overview(store), nav="overview")


@router.get("/index.json")
def overview_json(store: StoreDep) -> JSONResponse:
    return JSONResponse(data.overview(store))


@router.get("/claims")
def claims(request: Request, store: StoreDep, f: FilterDep, sort: Sort = DEFAULT_SORT, limit: Limit = 50,
           cursor: Annotated[str | None, Query(max_length=400)] = None, facets: bool | None = None) -> Response:
    payload = data.claims(store, f, sort, limit, cursor, facets)
    return _page(request, "claims.html", payload, nav="claims", formats=list(exporters()))


@router.get("/claims.json")
def claims_json(store: StoreDep, f: FilterDep, sort: Sort = DEFAULT_SORT, limit: Limit = 50,
                cursor: Annotated[str | None, Query(max_length=400)] = None,
                facets: bool | None = None) -> JSONResponse:
    return JSONResponse(data.claims(store, f, sort, limit, cursor, facets))


@router.get("/claims/facets.json")
def claim_facets_json(store: StoreDep, f: FilterDep) -> JSONResponse:
    return JSONResponse({"filter": f.active(), "facets": facet_cache.facet_counts(store, f)})


@router.get("/claims/facets")
def claim_facets(request: Request, store: StoreDep, f: FilterDep) -> Response:
    """The facet lists alone, which the claims page fetches when it left them out."""
    payload = {"filter": f.active(), "facets": facet_cache.facet_counts(store, f)}
    return templates.TemplateResponse(request, "facets.html", {"data": payload})


@router.get("/claims/{cluster_id}.json")
def cluster_json(store: StoreDep, cluster_id: ClusterId) -> JSONResponse:
    return JSONResponse(data.cluster(store, cluster_id))


@router.get("/claims/{cluster_id}")
def cluster(request: Request, store: StoreDep, cluster_id: ClusterId) -> Response:
    payload = data.cluster(store, cluster_id)
    svg = provenance_svg(payload["graph"], f"Provenance of claim {cluster_id}: origins left, outlets right")
    return _page(request, "cluster.html", payload, nav="claims", graph_svg=svg)


@router.get("/documents")
def documents(request: Request, store: StoreDep, q: Annotated[str | None, Query(max_length=200)] = None,
              limit: Limit = 100) -> Response:
    q = (q or "").replace("\x00", "").strip() or None
    rows = [r.to_json() for r in list_documents(store, query=q, limit=limit)]
    return _page(request, "documents.html", {"query": q, "documents": rows}, nav="documents")


@router.get("/documents.json")
def documents_json(store: StoreDep, q: Annotated[str | None, Query(max_length=200)] = None,
                   limit: Limit = 100) -> JSONResponse:
    q = (q or "").replace("\x00", "").strip() or None
    return JSONResponse({"query": q, "documents": [r.to_json() for r in list_documents(store, query=q, limit=limit)]})


@router.get("/documents/{doc_id}.json")
def document_json(store: StoreDep, doc_id: Annotated[str, Path(max_length=64)],
                  claim: Annotated[str | None, Query(max_length=16)] = None) -> JSONResponse:
    return JSONResponse(data.document(store, doc_id, claim))


@router.get("/documents/{doc_id}")
def document(request: Request, store: StoreDep, doc_id: Annotated[str, Path(max_length=64)],
             claim: Annotated[str | None, Query(max_length=16)] = None) -> Response:
    return _page(request, "document.html", data.document(store, doc_id, claim), nav="documents")


@router.get("/map")
def map_page(request: Request, store: StoreDep, f: FilterDep) -> Response:
    payload = data.map_points(store, f)
    return _page(request, "map.html", payload, nav="map", map_svg=map_svg(payload["points"]))


@router.get("/map.json")
def map_json(store: StoreDep, f: FilterDep) -> JSONResponse:
    return JSONResponse(data.map_points(store, f))


@router.get("/sources")
def sources(request: Request, store: StoreDep, q: Annotated[str | None, Query(max_length=200)] = None) -> Response:
    return _page(request, "sources.html", data.sources(store, (q or "").strip() or None), nav="sources")


@router.get("/sources.json")
def sources_json(store: StoreDep, q: Annotated[str | None, Query(max_length=200)] = None) -> JSONResponse:
    return JSONResponse(data.sources(store, (q or "").strip() or None))


@router.get("/sources/{source_id}.json")
def source_json(store: StoreDep, source_id: Annotated[str, Path(max_length=100)]) -> JSONResponse:
    return JSONResponse(data.source(store, source_id))


@router.get("/sources/{source_id}")
def source(request: Request, store: StoreDep, source_id: Annotated[str, Path(max_length=100)]) -> Response:
    return _page(request, "source.html", data.source(store, source_id), nav="sources")


@router.get("/rejects")
def rejects(request: Request, store: StoreDep) -> Response:
    return _page(request, "rejects.html", data.rejects(store), nav="rejects")


@router.get("/rejects.json")
def rejects_json(store: StoreDep) -> JSONResponse:
    return JSONResponse(data.rejects(store))


@router.post("/ingest")
async def ingest_form(request: Request, token: Annotated[str | None, Form(max_length=500)] = None,
                      text: Annotated[str | None, Form(max_length=2_000_000)] = None,
                      url: Annotated[str | None, Form(max_length=2000)] = None,
                      file: Annotated[UploadFile | None, File()] = None) -> Response:
    """The dashboard's ingest form: checks the token field, starts a job, shows its progress."""
    check_token(request, token)
    job = start_ingest(request, text, await read_upload(file), file.filename if file else None, url)
    return RedirectResponse(f"/ingest/{job.id}", status_code=303)


def _job(request: Request, job_id: str) -> Any:
    job = request.app.state.jobs.get(job_id)
    if job is None:
        raise NotFound(f"no ingest job {job_id!r} on this server (jobs are kept until it restarts)")
    return job


@router.get("/ingest/{job_id}.json")
def ingest_job_json(request: Request, job_id: Annotated[str, Path(max_length=40)]) -> JSONResponse:
    return JSONResponse(_job(request, job_id).to_json())


@router.get("/ingest/{job_id}")
def ingest_job(request: Request, job_id: Annotated[str, Path(max_length=40)]) -> Response:
    return _page(request, "ingest.html", _job(request, job_id).to_json(), nav="overview")


@public.get("/login")
def login_form(request: Request) -> Response:
    return templates.TemplateResponse(request, "login.html", {"data": {}, "nav": None})


@public.post("/login")
def login(request: Request, token: Annotated[str, Form(max_length=500)]) -> Response:
    """Checks the token and keeps it in a same-site, script-proof cookie for this browser."""
    check_token(request, token)
    response = RedirectResponse("/", status_code=303)
    response.set_cookie(TOKEN_COOKIE, token, httponly=True, samesite="strict", secure=request.url.scheme == "https")
    return response
