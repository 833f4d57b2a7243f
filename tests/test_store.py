"""Storage on SQLite and PostgreSQL: one suite, both engines."""

from __future__ import annotations

from sqlalchemy import inspect, select

from sourcetrace.model import (
    Attribution,
    Claim,
    Document,
    Entity,
    Extraction,
    Place,
    RawItem,
    Signal,
    SourceRef,
    Span,
    TimeExpr,
)
from sourcetrace.store import schema
from sourcetrace.store.db import MIGRATIONS, open_store
from sourcetrace.store.documents import add_document, add_reject, get_document, list_documents, list_rejects
from sourcetrace.store.extractions import load_extraction, save_extraction

TEXT = ("Kyiv says its forces retook the village of Robotyne. \"We hold the centre,\" "
        "said Colonel Oleksandr Shtupun on Tuesday, according to Kyiv Post. A video shows the flag.")


def _doc(text: str = TEXT, **kw: object) -> tuple[RawItem, Document]:
    item = RawItem(origin="a.txt", data=text.encode(), media_type="text/plain")
    return item, Document(text=text, outlet="Kyiv Frontline Daily", published="2023-08-29", **kw)  # type: ignore[arg-type]


def _extraction(doc: Document) -> Extraction:
    t = doc.text
    q = t.index("We hold the centre,")
    s = t.index("Colonel Oleksandr Shtupun")
    return Extraction(
        document=doc,
        entities=[Entity("E1", "Oleksandr Shtupun", "person", "Colonel", "ukraine", ["Colonel Oleksandr Shtupun"],
                         [[s, s + 25]]),
                  Entity("E2", "Kyiv Post", "outlet", None, "ukraine", ["Kyiv Post"], [[t.index("Kyiv Post"), t.index("Kyiv Post") + 9]])],
        attributions=[Attribution("A1", Span("We hold the centre,", q, q + 19), "direct",
                                  SourceRef("Colonel Oleksandr Shtupun", s, s + 25, "E1"),
                                  Span("said", t.index("said"), t.index("said") + 4), ["E2"], None, ["S1"])],
        signals=[Signal("S1", "evidence_video", "A video", t.index("A video"), t.index("A video") + 7)],
        claims=[Claim("C1", "We hold the centre.", "territory_change", "video_claimed", "A1", ["E1"], ["P1"],
                      ["T1"], ["S1"])],
        places=[Place("P1", "Robotyne", "Robotyne", "UA", "Zaporizhzhia Oblast", 47.45, 35.84, None, "point",
                      [[t.index("Robotyne"), t.index("Robotyne") + 8]])],
        times=[TimeExpr("T1", "on Tuesday", t.index("on Tuesday"), t.index("on Tuesday") + 10, "2023-08-29",
                        "day", "published")],
    )


def test_migrations_create_every_table_and_record_the_version(store) -> None:
    names = set(inspect(store.engine).get_table_names())
    assert {"documents", "entities", "attributions", "signals", "claims", "places", "times",
            "rejects", "ingest_runs", "schema_version"} <= names
    assert store.version() == len(MIGRATIONS)


def test_reopening_a_store_keeps_data_and_applies_nothing_twice(db_url) -> None:
    first = open_store(db_url)
    item, doc = _doc()
    with first.engine.begin() as conn:
        assert add_document(conn, item, doc)
    first.close()
    again = open_store(db_url)
    assert again.version() == len(MIGRATIONS)
    assert get_document(again, doc.id[:10])[0].text == TEXT
    again.close()


def test_same_text_is_stored_once(store) -> None:
    item, doc = _doc()
    with store.engine.begin() as conn:
        assert add_document(conn, item, doc) is True
        assert add_document(conn, item, doc) is False
    with store.engine.connect() as conn:
        assert len(conn.execute(select(schema.documents.c.id)).all()) == 1


def test_raw_bytes_are_kept_verbatim(store) -> None:
    raw = b"<html><body><p>\xd0\x9a\xd0\xb8\xd1\x97\xd0\xb2</p></body></html>"
    item = RawItem(origin="k.html", data=raw, media_type="text/html")
    doc = Document(text="Київ")
    with store.engine.begin() as conn:
        add_document(conn, item, doc)
        row = conn.execute(select(schema.documents.c.raw)).one()
    assert bytes(row.raw) == raw


def test_extraction_round_trips_exactly(store) -> None:
    item, doc = _doc()
    ex = _extraction(doc)
    with store.engine.begin() as conn:
        add_document(conn, item, doc)
        save_extraction(conn, ex, "test")
        save_extraction(conn, ex, "test")  # idempotent: a re-run replaces, never duplicates
    with store.engine.connect() as conn:
        back = load_extraction(conn, doc.id)
    assert back is not None
    assert back.to_json() == ex.to_json()


def test_full_text_search_finds_words_and_is_safe_with_syntax(store) -> None:
    item, doc = _doc()
    other_item, other = _doc("Moscow denies losing a warship in the Black Sea.")
    with store.engine.begin() as conn:
        add_document(conn, item, doc)
        add_document(conn, other_item, other)
    assert [d.id for d in list_documents(store, query="Robotyne")] == [doc.id]
    assert [d.id for d in list_documents(store, query="warship")] == [other.id]
    # English words match in any form, on SQLite as on PostgreSQL
    assert [d.id for d in list_documents(store, query="denied warships")] == [other.id]
    assert list_documents(store, query='"unbalanced OR (') == []


def test_rejects_are_listed_once_with_their_reason(store) -> None:
    with store.engine.begin() as conn:
        add_reject(conn, "bad.txt", "binary", "bad.txt: binary data, not text", b"\x89PNG\r\n")
        add_reject(conn, "bad.txt", "binary", "bad.txt: binary data, not text", b"\x89PNG\r\n")
    rows = list_rejects(store)
    assert [(r["origin"], r["code"]) for r in rows] == [("bad.txt", "binary")]
    assert "binary" in rows[0]["reason"]


def test_deleting_a_document_removes_its_extraction(store) -> None:
    item, doc = _doc()
    with store.engine.begin() as conn:
        add_document(conn, item, doc)
        save_extraction(conn, _extraction(doc), "test")
        conn.execute(schema.documents.delete())
        assert conn.execute(select(schema.claims.c.id)).all() == []


def test_the_same_text_from_another_outlet_is_a_sighting_not_a_document(store) -> None:
    item, doc = _doc()
    forward = Document(text=TEXT, outlet="Pivden Watch", relays=["Kyiv Frontline Daily"], published="2023-08-30")
    with store.engine.begin() as conn:
        assert add_document(conn, item, doc)
        assert not add_document(conn, item, doc)  # the same input twice: nothing at all
        assert not add_document(conn, RawItem("fwd.json", b"{}", "application/json"), forward)
        assert not add_document(conn, RawItem("fwd.json", b"{}", "application/json"), forward)
        rows = conn.execute(select(schema.document_sightings)).all()
        assert len(conn.execute(select(schema.documents.c.id)).all()) == 1
    assert [(r.doc_id, r.outlet, r.relays) for r in rows] == [(doc.id, "Pivden Watch", ["Kyiv Frontline Daily"])]
