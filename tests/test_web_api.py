"""The REST API and the pages' JSON twins over a sample store (no spaCy)."""

from __future__ import annotations

import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from web_sample import HOSTILE, sample_store

from sourcetrace.link.query import ClusterFilter, query_clusters
from sourcetrace.web.app import create_app

TOKEN = "s3cret-token"


@pytest.fixture
def db(tmp_path: Path) -> str:
    url = f"sqlite:///{tmp_path / 'web.db'}"
    sample_store(url).close()
    return url


@pytest.fixture
def client(db: str) -> Iterator[TestClient]:
    with TestClient(create_app(db, token=TOKEN, extract=False)) as c:
        yield c


def test_claims_filter_sort_and_cursor_match_the_library(client: TestClient, db: str) -> None:
    from sourcetrace.store.db import open_store

    first = client.get("/api/claims", params={"limit": 2, "sort": "newest", "total": "true"}).json()
    assert first["total"] == 4 and len(first["rows"]) == 2 and first["next_cursor"]
    second = client.get("/api/claims", params={"limit": 2, "sort": "newest", "cursor": first["next_cursor"]}).json()
    ids = [r["id"] for r in first["rows"] + second["rows"]]
    expected = [r.id for r in query_clusters(open_store(db), ClusterFilter(), "newest", limit=10).rows]
    assert ids == expected == [4, 2, 1, 3]
    assert second["next_cursor"] is None
    krynky = client.get("/api/claims", params={"place": "krynky", "side": "russia"}).json()
    assert [r["id"] for r in krynky["rows"]] == [2]
    assert client.get("/api/claims", params={"text": "Patriot"}).json()["rows"][0]["id"] == 3
    dated = client.get("/api/claims", params={"date_from": "2023-12-20", "date_to": "2023-12-27"}).json()
    assert [r["id"] for r in dated["rows"]] == [1]


def test_page_json_twin_carries_the_api_rows(client: TestClient) -> None:
    api = client.get("/api/claims", params={"status": "denied"}).json()
    twin = client.get("/claims.json", params={"status": "denied"}).json()
    assert [r["id"] for r in twin["rows"]] == [r["id"] for r in api["rows"]] == [2]
    assert twin["facets"]["status"] == [["denied", 1]]
    page = client.get("/claims", params={"status": "denied"})
    assert page.status_code == 200 and "did not surrender" in page.text and "Patriot" not in page.text


def test_cluster_has_graph_members_and_timeline(client: TestClient) -> None:
    data = client.get("/api/claims/1").json()
    assert data["cluster"]["id"] == 1
    assert {m["document"]["outlet"] for m in data["members"]} == {"Meridian Wire", "Left Bank Post"}
    names = {n["name"] for n in data["graph"]["nodes"]}
    assert {"Oleksandr Shtupun", "Kyiv Post", "Meridian Wire", "Left Bank Post"} <= names
    edges = {(e["source"], e["target"]) for e in data["graph"]["edges"]}
    assert ("oleksandr shtupun", "kyiv post") in edges and ("kyiv post", "left bank post") in edges
    assert all(e["date"] for e in data["graph"]["edges"])
    assert [d["date"] for d in data["timeline"]] == ["2023-12-26", "2023-12-27"]
    assert client.get("/claims/1.json").json() == data
    assert client.get("/api/clusters/1/graph").json() == data["graph"]


def test_document_analysis_is_the_contract(client: TestClient) -> None:
    docs = client.get("/api/documents", params={"q": "Patriot"}).json()["documents"]
    assert len(docs) == 1
    analysis = client.get(f"/api/documents/{docs[0]['id']}/analysis").json()
    assert analysis["schema"] == "sourcetrace/extraction/v1"
    text = analysis["document"]["text"]
    for s in analysis["signals"] + analysis["times"]:
        assert text[s["start"]:s["end"]] == s["text"]
    assert analysis["claims"][0]["status"] == "official_claim"
    assert client.get(f"/api/documents/{docs[0]['id'][:10]}").json()["outlet"] == "Zvezda Daily"


def test_errors_are_json_with_the_error_status(client: TestClient) -> None:
    r = client.get("/api/claims/999")
    assert r.status_code == 404 and r.json()["error"]["code"] == "not_found"
    r = client.get("/api/claims", params={"cursor": "not-a-cursor"})
    assert r.status_code == 400 and "cursor" in r.json()["error"]["message"]
    assert client.get("/api/claims", params={"limit": 0}).status_code == 422
    assert client.get("/api/claims", params={"date_from": "yesterday"}).status_code == 422
    assert client.get("/api/documents/abcdef").status_code == 404
    html = client.get("/claims/999")
    assert html.status_code == 404 and html.headers["content-type"].startswith("text/html")


def test_sources_places_events_and_rejects(client: TestClient) -> None:
    sources = {s["name"]: s for s in client.get("/api/sources").json()["sources"]}
    ministry = sources["Russian Defence Ministry"]
    assert ministry == {"id": "russian-defence-ministry", "name": "Russian Defence Ministry", "role": "source",
                        "claims": 2, "origin_of": 2, "disputed": 0, "denied": 1, "confirmed": 0,
                        "side": "russia", "kind": "government"}
    assert sources["Zvezda Daily"]["role"] == "outlet" and sources["Zvezda Daily"]["claims"] == 2
    one = client.get("/api/sources/russian-defence-ministry").json()
    assert {c["id"] for c in one["clusters"]} == {2, 3} and one["record"]["denied"] == 1
    outlet = client.get("/api/sources/zvezda-daily").json()
    assert outlet["record"]["kind"] == "outlet" and {c["id"] for c in outlet["clusters"]} == {2, 3}
    places = {p["name"]: p for p in client.get("/api/places").json()["places"]}
    assert places["Krynky"]["documents"] == 3 and places["Odesa"]["lat"] == pytest.approx(46.4775)
    events = {e["cluster_id"]: e for e in client.get("/api/events").json()["events"]}
    assert events[3]["event_date"] == "2023-12-15" and events[3]["location"] == "Odesa"
    assert events[3]["event_type"] == "Explosions/Remote violence"
    rejects = client.get("/api/rejects").json()
    assert {r["code"] for r in rejects["rejects"]} == {"binary", "no_text"}
    assert rejects["ingest_runs"][0]["status"] == "done"


def test_ingest_needs_the_token(client: TestClient) -> None:
    r = client.post("/api/ingest", data={"text": "Some text"})
    assert r.status_code == 401 and r.headers["www-authenticate"] == "Bearer"
    r = client.post("/api/ingest", data={"text": "Some text"}, headers={"Authorization": "Bearer wrong"})
    assert r.status_code == 401


def test_ingest_text_runs_a_job_to_done(client: TestClient) -> None:
    auth = {"Authorization": f"Bearer {TOKEN}"}
    assert client.post("/api/ingest", data={}, headers=auth).status_code == 400
    r = client.post("/api/ingest", data={"text": "Artillery hit a depot near Tokmak on Sunday, officials said."},
                    headers=auth)
    assert r.status_code == 202, r.text
    job = r.json()
    deadline = time.time() + 20
    while not job["done"] and time.time() < deadline:
        time.sleep(0.1)
        job = client.get(f"/api/ingest/{job['id']}").json()
    assert job["status"] == "done" and job["new"] == 1
    assert client.get(f"/api/documents/{job['new_ids'][0]}").json()["text"].startswith("Artillery")
    assert any(run["status"] == "done" for run in client.get("/api/ingest").json()["runs"])
    upload = client.post("/api/ingest", files={"file": ("note.txt", b"Drones hit Sumy overnight.", "text/plain")},
                         headers=auth)
    assert upload.status_code == 202 and upload.json()["kind"] == "file"


def test_writes_refused_without_a_configured_token(db: str) -> None:
    with TestClient(create_app(db, token=None, extract=False)) as c:
        r = c.post("/api/ingest", data={"text": "x"}, headers={"Authorization": "Bearer anything"})
        assert r.status_code == 401 and "--token" in r.json()["error"]["message"]


def test_private_mode_needs_the_token_for_reads(db: str) -> None:
    with TestClient(create_app(db, token=TOKEN, private=True, extract=False)) as c:
        assert c.get("/api/claims").status_code == 401
        assert c.get("/claims").status_code == 401
        assert c.get("/export/csv").status_code == 401
        assert c.get("/api/claims", headers={"Authorization": f"Bearer {TOKEN}"}).status_code == 200
        assert c.get("/login").status_code == 200
        assert c.post("/login", data={"token": "wrong"}).status_code == 401
        signed = c.post("/login", data={"token": TOKEN}, follow_redirects=False)
        assert signed.status_code == 303 and "httponly" in signed.headers["set-cookie"].lower()
        assert c.get("/claims").status_code == 200


def test_pages_send_a_strict_content_security_policy(client: TestClient) -> None:
    csp = client.get("/").headers["content-security-policy"]
    assert "script-src 'self'" in csp and "default-src 'self'" in csp
    assert client.get("/static/style.css").status_code == 200


def test_openapi_lists_the_api(client: TestClient) -> None:
    spec = client.get("/openapi.json").json()
    paths = spec["paths"]
    for path in ("/api/claims", "/api/documents/{doc_id}/analysis", "/api/clusters/{cluster_id}", "/api/sources",
                 "/api/places", "/api/events", "/api/ingest"):
        assert path in paths
    assert "401" in paths["/api/ingest"]["post"]["responses"]
    assert not any(p.startswith("/claims") for p in paths), "pages stay out of the API document"
    assert HOSTILE not in str(spec)
