"""``/export/{format}``: any export streamed with the claims page's filters."""

from __future__ import annotations

import datetime as dt
from typing import Annotated

from fastapi import APIRouter, Depends, Path, Query
from fastapi.responses import StreamingResponse

from sourcetrace.export.base import ExportRequest
from sourcetrace.export.registry import get_exporter
from sourcetrace.link.query import DEFAULT_SORT, ClusterFilter
from sourcetrace.store.db import Store
from sourcetrace.web.deps import Sort, cluster_filter, get_store, require_read

router = APIRouter(dependencies=[Depends(require_read)])


@router.get("/export/{fmt}", include_in_schema=False)
def export(fmt: Annotated[str, Path(max_length=40)], store: Annotated[Store, Depends(get_store)],
           f: Annotated[ClusterFilter, Depends(cluster_filter)], sort: Sort = DEFAULT_SORT,
           limit: Annotated[int | None, Query(ge=1, le=10_000_000)] = None) -> StreamingResponse:
    """Streams the filtered claims in ``fmt`` (jsonl, csv, acled, geojson, claimreview, graphml, gexf, sqlite)."""
    exporter = get_exporter(fmt)
    stamp = dt.datetime.now(dt.UTC).strftime("%Y%m%d-%H%M")
    name = f"sourcetrace-{stamp}{exporter.suffix}"
    return StreamingResponse(exporter.render(ExportRequest(store, f, sort, limit)), media_type=exporter.media_type,
                             headers={"Content-Disposition": f'attachment; filename="{name}"'})
