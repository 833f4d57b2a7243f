"""Every export format: equal to the filtered view, ending with its row count, and
readable by the tools it is for (networkx, a GeoJSON check, rdflib, sqlite3)."""

from __future__ import annotations

import csv
import io
import json
import sqlite3
from pathlib import Path
from typing import Any

import networkx as nx
import pytest
from click.testing import CliRunner
from fastapi.testclient import TestClient
from web_sample import sample_store

from sourcetrace.export.base import ExportRequest
from sourcetrace.export.registry import exporters, get_exporter
from sourcetrace.link.query import ClusterFilter
from sourcetrace.store.db import Store
from sourcetrace.web.app import create_app


@pytest.fixture(scope="module")
def store(tmp_path_factory: pytest.TempPathFactory) -> Store:
    db = tmp_path_factory.mktemp("export") / "sample.db"
    return sample_store(f"sqlite:///{db}")


def render(store: Store, name: str, **filters: Any) -> bytes:
    return b"".join(get_exporter(name).render(ExportRequest(store, ClusterFilter(**filters))))


def test_all_formats_are_registered_as_plugins() -> None:
    assert list(exporters()) == ["jsonl", "csv", "acled", "geojson", "claimreview", "graphml", "gexf", "sqlite"]


def test_jsonl_lines_follow_the_view_and_end_with_the_count(store: Store) -> None:
    lines = [json.loads(x) for x in render(store, "jsonl").decode().splitlines()]
    assert [x["id"] for x in lines[:-1]] == [1, 2, 3, 4]
    assert lines[-1] == {"sourcetrace_export": {"format": "jsonl", "rows": 4}}
    first = next(x for x in lines if x.get("id") == 1)
    member = first["members"][0]
    assert set(member["claim"]) == {"id", "attribution", "text", "event_type", "actors", "places", "times", "status",
                                    "signals"}
    assert member["attribution"]["source"]["entity"] == "E1"
    assert member["chain"] == ["Oleksandr Shtupun", "Meridian Wire"]


def test_csv_equals_the_filtered_view(store: Store) -> None:
    rows = list(csv.reader(io.StringIO(render(store, "csv", place="Krynky").decode())))
    assert rows[0][:3] == ["id", "statement", "status"]
    assert sorted(int(r[0]) for r in rows[1:-1]) == [1, 2]
    assert rows[-1][0] == "# 2 rows" and len(rows[-1]) == len(rows[0])


def test_acled_columns_and_values(store: Store) -> None:
    rows = list(csv.DictReader(io.StringIO(render(store, "acled", event_type="shelling_or_missile_strike").decode())))
    assert list(rows[0]) == ["event_date", "time_precision", "event_type", "sub_event_type", "actor1", "actor2",
                             "country", "admin1", "location", "latitude", "longitude", "geo_precision", "source",
                             "notes"]
    assert rows[0]["event_date"] == "2023-12-15" and rows[0]["time_precision"] == "1"
    assert rows[0]["location"] == "Odesa" and float(rows[0]["latitude"]) == pytest.approx(46.4775)
    assert rows[0]["geo_precision"] == "1" and rows[0]["source"] == "Zvezda Daily"
    assert rows[-1]["event_date"] == "# 1 row"


def check_geojson(doc: dict[str, Any]) -> int:
    """A strict check of RFC 7946's FeatureCollection of Points/MultiPoints; returns features."""
    assert doc["type"] == "FeatureCollection" and isinstance(doc["features"], list)
    for f in doc["features"]:
        assert f["type"] == "Feature" and isinstance(f["properties"], dict)
        assert isinstance(f.get("id"), (int, str))
        g = f["geometry"]
        if g is None:
            continue
        points = [g["coordinates"]] if g["type"] == "Point" else g["coordinates"]
        assert g["type"] in ("Point", "MultiPoint") and points
        for lon, lat in points:
            assert -180 <= lon <= 180 and -90 <= lat <= 90
    return len(doc["features"])


def test_geojson_validates_and_counts(store: Store) -> None:
    doc = json.loads(render(store, "geojson"))
    assert check_geojson(doc) == doc["sourcetrace_rows"] == 4
    odesa = next(f for f in doc["features"] if f["id"] == 3)
    assert odesa["geometry"] == {"type": "Point", "coordinates": [30.7326, 46.4775]}


def test_claimreview_parses_as_json_ld(store: Store) -> None:
    from rdflib import RDF, Graph, Namespace, URIRef

    schema = Namespace("https://schema.org/")
    data = render(store, "claimreview").decode()
    assert json.loads(data)["numberOfItems"] == 4
    g = Graph().parse(data=data, format="json-ld")
    reviews = set(g.subjects(RDF.type, schema.ClaimReview))
    assert len(reviews) == 4
    claim = URIRef("urn:sourcetrace:claim:1")
    appearances = set(g.objects(claim, schema.appearance))
    assert len(appearances) == 2
    assert URIRef("https://meridian.example/krynky") in set(g.objects(claim, schema.firstAppearance))
    rating = next(g.objects(URIRef("urn:sourcetrace:review:2"), schema.reviewRating))
    assert str(next(g.objects(rating, schema.alternateName))) == "denied"


@pytest.mark.parametrize("name,reader", [("graphml", nx.read_graphml), ("gexf", nx.read_gexf)])
def test_graphs_load_in_networkx(store: Store, name: str, reader: Any, tmp_path: Path) -> None:
    data = render(store, name)
    assert data.rstrip().endswith(b"<!-- sourcetrace export: 4 rows -->")
    path = tmp_path / f"g.{name}"
    path.write_bytes(data)
    g = reader(path)
    labels = {d.get("label") for _, d in g.nodes(data=True)}
    assert {"Oleksandr Shtupun", "Kyiv Post", "Left Bank Post", "Russian Defence Ministry"} <= labels
    assert g.number_of_edges() >= 5
    assert all(d.get("date") for _, _, d in g.edges(data=True))


def test_sqlite_opens_and_counts(store: Store, tmp_path: Path) -> None:
    path = tmp_path / "out.db"
    path.write_bytes(render(store, "sqlite", side="russia"))
    db = sqlite3.connect(path)
    assert [r[0] for r in db.execute("SELECT id FROM clusters ORDER BY id")] == [2, 3]
    assert db.execute("SELECT value FROM export_info WHERE key = 'rows'").fetchone() == ("2",)
    assert db.execute("SELECT count(*) FROM members").fetchone() == (2,)
    hit = db.execute("SELECT rowid FROM clusters_fts WHERE clusters_fts MATCH 'Patriot'").fetchall()
    assert hit == [(3,)]
    db.close()


def test_server_streams_what_the_cli_writes(store: Store, tmp_path: Path) -> None:
    from sourcetrace.cli import cli
    from sourcetrace.web.cli import export, serve

    if "export" not in cli.commands:
        cli.add_command(export)
        cli.add_command(serve)
    with TestClient(create_app(store.url)) as client:
        for name in ("jsonl", "csv", "geojson", "graphml"):
            served = client.get(f"/export/{name}", params={"status": "denied"})
            assert served.status_code == 200
            assert "attachment" in served.headers["content-disposition"]
            out = tmp_path / f"x.{name}"
            result = CliRunner().invoke(cli, ["--db", store.url, "export", name, "--status", "denied", "-o", str(out)])
            assert result.exit_code == 0, result.output
            assert out.read_bytes() == served.content
        assert client.get("/export/pdf").status_code == 404


def test_csv_cells_that_a_spreadsheet_would_run_are_defused() -> None:
    """A propagandist's claim text must open in a spreadsheet as text, not as a formula."""
    import csv
    import io

    from sourcetrace.export.csvstream import stream_csv

    rows = [["=HYPERLINK(\"http://evil.example\",\"click\")", "+7 killed", "@user", "-", "Kyiv said 3 died"]]
    text = b"".join(stream_csv(["a", "b", "c", "d", "e"], [rows])).decode()
    parsed = list(csv.reader(io.StringIO(text)))
    assert parsed[1] == ["'=HYPERLINK(\"http://evil.example\",\"click\")", "'+7 killed", "'@user", "'-",
                         "Kyiv said 3 died"]
    assert parsed[-1][0] == "# 1 row"
