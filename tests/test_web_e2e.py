"""End to end: the demo corpus through ingest, extraction (spaCy) and linking, then the
pages, the API and every export over the result. The one web test that needs spaCy."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

pytestmark = pytest.mark.slow
CORPUS = Path(__file__).resolve().parents[1] / "src" / "sourcetrace" / "demo" / "corpus"


@pytest.fixture(scope="module")
def client(tmp_path_factory: pytest.TempPathFactory) -> Iterator[TestClient]:
    from sourcetrace.ingest.batch import ingest
    from sourcetrace.link.linker import link_new
    from sourcetrace.store.db import open_store
    from sourcetrace.web.app import create_app

    url = f"sqlite:///{tmp_path_factory.mktemp('e2e') / 'demo.db'}"
    store = open_store(url)
    summary = ingest(store, [str(CORPUS)], extract=True)
    assert summary.new > 40 and summary.rejected > 0
    link_new(store)  # a no-op when ingest already linked
    store.close()
    with TestClient(create_app(url, extract=False)) as c:
        yield c


def test_demo_corpus_end_to_end(client: TestClient) -> None:
    overview = client.get("/index.json").json()
    assert overview["counts"]["documents"] > 40 and overview["counts"]["clusters"] > 20
    top = client.get("/api/claims", params={"sort": "origins", "limit": 5, "total": "true"}).json()
    assert top["total"] == overview["counts"]["clusters"]
    best = top["rows"][0]
    assert best["origins"] >= 2
    cluster = client.get(f"/claims/{best['id']}")
    assert cluster.status_code == 200 and "<svg" in cluster.text and "Publishing outlets" in cluster.text
    graph = client.get(f"/api/clusters/{best['id']}/graph").json()
    assert graph["edges"] and all(e["date"] for e in graph["edges"])
    member = client.get(f"/claims/{best['id']}.json").json()["members"][0]
    page = client.get(f"/documents/{member['doc_id']}", params={"claim": member["claim"]["id"]})
    assert page.status_code == 200 and 'class="hl-content' in page.text and "hl-source" in page.text
    for path in ("/", "/claims", "/map", "/sources", "/rejects", "/documents"):
        assert client.get(path).status_code == 200, path
    assert client.get("/rejects.json").json()["rejects"]


def test_demo_exports_agree_with_the_view(client: TestClient) -> None:
    view = client.get("/api/claims", params={"status": "denied", "limit": 500}).json()
    ids = sorted(r["id"] for r in view["rows"])
    rows = list(csv.reader(io.StringIO(client.get("/export/csv", params={"status": "denied"}).text)))
    assert sorted(int(r[0]) for r in rows[1:-1]) == ids
    assert rows[-1][0] == f"# {len(ids)} row{'s' if len(ids) != 1 else ''}"
    geo = client.get("/export/geojson", params={"status": "denied"}).json()
    assert geo["sourcetrace_rows"] == len(ids) == len(geo["features"])
    last = client.get("/export/jsonl", params={"status": "denied"}).text.splitlines()[-1]
    assert json.loads(last)["sourcetrace_export"]["rows"] == len(ids)
