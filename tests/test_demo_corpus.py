"""The demo corpus is complete, consistent with its labels, and regenerates byte for byte."""

from __future__ import annotations

import gzip
import json
from collections import Counter
from pathlib import Path

import pytest
from warcio.archiveiterator import ArchiveIterator

from sourcetrace.demo.articles import ARTICLES_DIR, load_articles, parse_article
from sourcetrace.demo.build_corpus import build

DEMO = Path(__file__).resolve().parents[1] / "src" / "sourcetrace" / "demo"
CORPUS = DEMO / "corpus"
LABELS = json.loads((DEMO / "linking_labels.json").read_text(encoding="utf-8"))


def files(root: Path) -> dict[str, bytes]:
    return {str(p.relative_to(root)): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()}


def demo_ids_in_corpus() -> set[str]:
    """Every demo id as the corpus itself carries it, format by format."""
    ids: set[str] = set()
    meta = json.loads((CORPUS / "text" / "metadata.json").read_text(encoding="utf-8"))
    for name, entry in meta.items():
        assert (CORPUS / "text" / name).is_file(), name
        ids.add(entry["demo_id"])
    for page in (CORPUS / "html").glob("*.html"):
        text = page.read_text(encoding="utf-8")
        ids.add(text.split('name="sourcetrace:demo-id" content="', 1)[1].split('"', 1)[0])
    import feedparser
    for feed in (CORPUS / "feeds").glob("*.xml"):
        parsed = feedparser.parse(str(feed))
        assert not parsed.bozo, feed
        ids.update(e.id for e in parsed.entries)
    for warc in (CORPUS / "warc").glob("*.warc.gz"):
        with warc.open("rb") as fh:
            for rec in ArchiveIterator(fh):
                if rec.rec_type == "response":
                    page = rec.content_stream().read().decode("utf-8")
                    demo_id = rec.rec_headers.get_header("WARC-Sourcetrace-Demo-Id")
                    assert f'content="{demo_id}"' in page
                    ids.add(demo_id)
    for jsonl in (CORPUS / "jsonl").glob("*.jsonl"):
        for line in jsonl.read_text(encoding="utf-8").splitlines():
            rec = json.loads(line)
            assert rec["text"].strip()
            ids.add(rec["demo_id"])
    for export in (CORPUS / "telegram").glob("*/result.json"):
        data = json.loads(export.read_text(encoding="utf-8"))
        for msg in data["messages"]:
            if msg["type"] == "message" and msg["text_entities"]:
                ids.add(f"tg-{export.parent.name}-{msg['id']}")
    return ids


def test_at_least_forty_distinct_articles_in_every_format() -> None:
    rows = [a for a in LABELS["articles"] if not a["duplicate_of"]]
    assert len(rows) >= 40
    formats = Counter(a["format"] for a in rows)
    assert {"txt", "html", "rss", "atom", "warc", "jsonl", "telegram"} <= set(formats)
    assert formats["txt"] >= 10 and formats["telegram"] >= 6
    langs = Counter(a["language"] for a in rows)
    assert langs["de"] >= 4 and langs["ru"] >= 4


def test_every_labelled_article_is_in_the_corpus_and_nothing_else() -> None:
    labelled = {a["demo_id"] for a in LABELS["articles"]}
    assert demo_ids_in_corpus() == labelled


def test_urls_are_unique_join_keys() -> None:
    urls = [a["url"] for a in LABELS["articles"]]
    assert len(urls) == len(set(urls))


def test_clusters_have_origins_and_members() -> None:
    clusters = LABELS["clusters"]
    for key, cluster in clusters.items():
        assert cluster["origins"] == len(cluster["origin_names"]) >= 1, key
        assert cluster["articles"], key
    for art in LABELS["articles"]:
        for claim in art["claims"]:
            assert claim["cluster"] in clusters and claim["text"]
    big = [k for k, c in clusters.items() if len({a.split("-")[0] for a in c["articles"]}) >= 5]
    assert len(big) >= 2
    assert {c["origins"] for c in clusters.values()} >= {1, 2}


def test_two_exact_duplicates() -> None:
    dups = [a for a in LABELS["articles"] if a["duplicate_of"]]
    assert len(dups) == 2
    txt = (CORPUS / "text" / "cpa-2023-12-26-krynky-surrender.txt").read_text(encoding="utf-8")
    lines = (CORPUS / "jsonl" / "newsdesk-export.jsonl").read_text(encoding="utf-8").splitlines()
    assert txt in [json.loads(line)["text"] for line in lines]
    fwd = json.loads((CORPUS / "telegram" / "pivden_watch" / "result.json").read_text(encoding="utf-8"))
    orig = json.loads((CORPUS / "telegram" / "left_bank_recon" / "result.json").read_text(encoding="utf-8"))
    f = next(m for m in fwd["messages"] if m["id"] == 5120)
    o = next(m for m in orig["messages"] if m["id"] == 2411)
    assert f["forwarded_from"] == "Left Bank Recon" and f["text"] == o["text"]


def test_telegram_export_shape() -> None:
    data = json.loads((CORPUS / "telegram" / "left_bank_recon" / "result.json").read_text(encoding="utf-8"))
    assert data["type"] == "public_channel" and isinstance(data["id"], int)
    kinds = {m["type"] for m in data["messages"]}
    assert kinds == {"message", "service"}
    assert any(m["type"] == "message" and m["text"] == "" and "photo" in m for m in data["messages"])
    for msg in data["messages"]:
        assert msg["date"][:4] in {"2023", "2024"} and msg["date_unixtime"].isdigit()
        if isinstance(msg["text"], list):
            flat = "".join(p if isinstance(p, str) else p["text"] for p in msg["text"])
            assert flat == "".join(e["text"] for e in msg["text_entities"])


def test_hostile_and_quirky_text_is_present() -> None:
    hack = (CORPUS / "text" / "zec-2023-12-19-broadcaster-hack.txt").read_text(encoding="utf-8")
    assert "<script>alert(1)</script>" in hack and "javascript:" in hack and "&amp;" in hack
    everything = "\n".join(a.body for a in load_articles())
    for mark in ("“", '"', "„", "«", "Kharkov", "Kharkiv", "Artemivsk", "Bakhmut", "Kiev", "Kyiv",
                 "Robotyne", "Klishchiivka", "Krynky", "on Christmas Day", "last Tuesday", "in mid-November"):
        assert mark in everything, mark


def test_broken_files_are_really_broken() -> None:
    broken = CORPUS / "broken"
    assert (broken / "empty.txt").stat().st_size == 0
    assert (broken / "photo-not-text.txt").read_bytes().startswith(b"\x89PNG")
    with pytest.raises(UnicodeDecodeError):
        (broken / "mixed-encoding-cp1251.txt").read_bytes().decode("utf-8")
    with pytest.raises(UnicodeDecodeError):
        (broken / "misdeclared-charset.html").read_bytes().decode("utf-8")
    with pytest.raises(EOFError):
        gzip.decompress((broken / "truncated.txt.gz").read_bytes())
    with pytest.raises(gzip.BadGzipFile):
        gzip.decompress((broken / "not-gzip.warc.gz").read_bytes())
    bad = [line for line in (broken / "one-bad-line.jsonl").read_text(encoding="utf-8").splitlines()
           if not _is_json(line)]
    assert len(bad) == 1
    with pytest.raises(EOFError):
        gzip.decompress((broken / "truncated.warc.gz").read_bytes())
    # warcio does not raise here: it yields the response cut short, which a reader must catch.
    with (broken / "truncated.warc.gz").open("rb") as fh:
        records = [(r.rec_type, int(r.rec_headers.get_header("Content-Length")), len(r.raw_stream.read()))
                   for r in ArchiveIterator(fh)]
    assert records[-1][0] == "response" and records[-1][2] < records[-1][1]


def _is_json(line: str) -> bool:
    try:
        json.loads(line)
    except ValueError:
        return False
    return True


def test_parse_article_rejects_missing_fields() -> None:
    with pytest.raises(ValueError, match="missing url"):
        parse_article("---\nid: x\nformat: txt\noutlet: O\npublished: 2024-01-01\n---\nBody.\n")
    art = parse_article("---\nid: x\nformat: txt\noutlet: O\npublished: 2024-01-01\nurl: u\n"
                        "title: T\nclaims:\n  - S1 | short\n---\nOne.\n\nTwo.\n")
    assert art.paragraphs == ["One.", "Two."] and art.claims[0].cluster == "S1"
    assert art.plain_text == "T\n\nOne.\n\nTwo.\n"


def test_generator_is_deterministic_and_matches_committed_files(tmp_path: Path) -> None:
    assert len(list(ARTICLES_DIR.glob("*.md"))) == len(LABELS["articles"])
    build(tmp_path / "corpus", tmp_path / "linking_labels.json")
    assert files(tmp_path / "corpus") == files(CORPUS)
    assert (tmp_path / "linking_labels.json").read_bytes() == (DEMO / "linking_labels.json").read_bytes()
