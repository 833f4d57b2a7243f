"""Bad input is rejected with a code and a one-line reason, and the rest of the batch goes on."""

from __future__ import annotations

import gzip
import json
from pathlib import Path

import pytest
from test_ingest_formats import (
    DE_1,
    EN_1,
    EN_2,
    RU_1,
    html_page,
    nav_only_page,
    rss_feed,
    write_warc,
)

from sourcetrace.ingest.base import Limits, Rejected
from sourcetrace.ingest.collect import read_all
from sourcetrace.ingest.decode import decode_bytes, looks_cp1251


def run(targets: list[str], **kw: object) -> tuple[list, list[Rejected]]:
    docs, rejects = [], []
    for out in read_all(targets, Limits(**kw)):  # type: ignore[arg-type]
        (rejects if isinstance(out, Rejected) else docs).append(out)
    for rej in rejects:
        assert "\n" not in rej.reason and rej.reason.strip() == rej.reason and rej.reason
    return docs, rejects


@pytest.fixture
def good(tmp_path: Path) -> Path:
    """A good file beside the bad one: it must still come through."""
    path = tmp_path / "zz_good.txt"
    path.write_text(EN_1, encoding="utf-8")
    return path


def only_reject(tmp_path: Path, good: Path, name: str, data: bytes, **kw: object) -> Rejected:
    path = tmp_path / name
    path.write_bytes(data)
    docs, rejects = run([str(path), str(good)], **kw)
    assert [d.text for _, d in docs] == [EN_1]
    assert len(rejects) == 1 and rejects[0].origin.startswith(str(path))
    return rejects[0]


@pytest.mark.parametrize("data", [b"", b"  \n\t\r\n  "])
def test_empty(tmp_path: Path, good: Path, data: bytes) -> None:
    rej = only_reject(tmp_path, good, "empty.txt", data)
    assert rej.code == "empty"
    assert "empty" in rej.reason


@pytest.mark.parametrize(("data", "says"), [
    (b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj", "PDF"),
    (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "PNG"),
    (b"hello\x00world\x00" * 20, "NUL byte"),
    (bytes(range(1, 32)) * 40, "control characters"),
])
def test_binary(tmp_path: Path, good: Path, data: bytes, says: str) -> None:
    rej = only_reject(tmp_path, good, "thing.txt", data)
    assert rej.code == "binary"
    assert says in rej.reason


def test_mixed_utf8_and_cp1251_is_rejected_not_guessed(tmp_path: Path, good: Path) -> None:
    data = RU_1.encode("utf-8") + b"\n" + RU_1.encode("cp1251")
    rej = only_reject(tmp_path, good, "mixed.txt", data)
    assert rej.code == "encoding"
    assert rej.reason.startswith("mixed encodings")
    assert "UTF-8" in rej.reason


def test_latin1_german_is_not_mistaken_for_cp1251(tmp_path: Path, good: Path) -> None:
    data = DE_1.encode("latin-1")
    assert not looks_cp1251(data)
    rej = only_reject(tmp_path, good, "de.txt", data)
    assert rej.code == "encoding"
    assert "not UTF-8" in rej.reason and "re-save" in rej.reason


def test_invalid_utf16_after_bom() -> None:
    from sourcetrace.errors import EncodingError

    with pytest.raises(EncodingError, match="UTF-16-LE"):
        decode_bytes(b"\xff\xfe" + "ok".encode("utf-16-le") + b"\x00\xd8")  # lone surrogate


def test_truncated_gzip(tmp_path: Path, good: Path) -> None:
    whole = gzip.compress((EN_1 + "\n" + EN_2).encode() * 20)
    rej = only_reject(tmp_path, good, "story.txt.gz", whole[: len(whole) // 2])
    assert rej.code == "malformed"
    assert rej.reason.startswith("truncated gzip")


def test_gzip_bomb_is_too_large(tmp_path: Path, good: Path) -> None:
    rej = only_reject(tmp_path, good, "bomb.txt.gz", gzip.compress(b"a" * 200_000), max_bytes=100_000)
    assert rej.code == "too_large"


def test_malformed_json_line_among_good_ones(tmp_path: Path) -> None:
    path = tmp_path / "batch.jsonl"
    path.write_bytes(b"\n".join([
        json.dumps({"text": EN_1}).encode(),
        b'{"text": "cut off here',
        b"[1, 2]",
        json.dumps({"title": "no body"}).encode(),
        json.dumps({"text": "   "}).encode(),
        json.dumps({"text": EN_2, "authors": 5}).encode(),
        b"",
        json.dumps({"text": DE_1}).encode(),
    ]) + b"\n")
    docs, rejects = run([str(path)])
    assert [d.text for _, d in docs] == [EN_1, DE_1]
    assert [r.origin for r in rejects] == [f"{path}:{n}" for n in (2, 3, 4, 5, 6)]
    assert [r.code for r in rejects] == ["malformed", "malformed", "malformed", "empty", "malformed"]
    assert rejects[0].reason.startswith("line 2: invalid JSON")
    assert '"text"' in rejects[2].reason
    assert rejects[0].data == b'{"text": "cut off here'


def test_malformed_xml_feed(tmp_path: Path, good: Path) -> None:
    bad = b'<?xml version="1.0"?><rss version="2.0"><channel><title>X</title><<<</rss>'
    rej = only_reject(tmp_path, good, "broken.rss", bad)
    assert rej.code == "malformed"
    assert rej.reason.startswith("malformed feed XML")


def test_feed_with_xml_error_keeps_parsed_entries(tmp_path: Path) -> None:
    path = tmp_path / "cut.xml"
    path.write_bytes(rss_feed(broken=True))
    docs, rejects = run([str(path)])
    assert rejects == []
    assert len(docs) == 2
    assert "feed_warning" in docs[0][1].metadata


def test_garbage_warc(tmp_path: Path, good: Path) -> None:
    rej = only_reject(tmp_path, good, "junk.warc", b"this is not an archive\n" * 10)
    assert rej.code == "malformed"
    assert rej.reason.startswith("not a WARC file")


@pytest.mark.parametrize("gz", [True, False])
def test_truncated_warc_keeps_records_read_before(tmp_path: Path, good: Path, gz: bool) -> None:
    pages = [("https://harbour.example/a", html_page("First", EN_1, "a")),
             ("https://harbour.example/b", html_page("Second", EN_2, "b"))]
    whole = write_warc(tmp_path / "whole.warc", pages, gz=gz, extra=False)
    path = tmp_path / ("cut.warc.gz" if gz else "cut.warc")
    path.write_bytes(whole[:-200])
    docs, rejects = run([str(path), str(good)])
    assert [d.url for _, d in docs] == ["https://harbour.example/a", None]
    assert docs[1][1].text == EN_1
    assert len(rejects) == 1 and rejects[0].code == "malformed"
    assert "truncated" in rejects[0].reason
    assert rejects[0].origin == str(path)


def test_warc_page_without_text_is_one_reject(tmp_path: Path) -> None:
    path = tmp_path / "mixed.warc.gz"
    write_warc(path, [("https://harbour.example/idx", nav_only_page()),
                      ("https://harbour.example/a", html_page("First", EN_1, "a"))])
    docs, rejects = run([str(path)])
    assert [d.url for _, d in docs] == ["https://harbour.example/a"]
    assert [(r.code, r.origin) for r in rejects] == [("no_text", f"{path}#3")]
    assert rejects[0].reason.startswith("https://harbour.example/idx: no article text")


def test_too_large_is_refused_without_reading(tmp_path: Path, good: Path) -> None:
    rej = only_reject(tmp_path, good, "big.txt", b"word " * 3000, max_bytes=10_000)
    assert rej.code == "too_large"
    assert "15000 bytes" in rej.reason and "10000" in rej.reason
    assert rej.data == b""


def test_html_with_no_article_text(tmp_path: Path, good: Path) -> None:
    rej = only_reject(tmp_path, good, "index.html", nav_only_page())
    assert rej.code == "no_text"
    assert rej.reason.startswith("no article text in the HTML page")
    assert rej.data.startswith(b"<!DOCTYPE html>")


def test_telegram_export_not_json(tmp_path: Path, good: Path) -> None:
    rej = only_reject(tmp_path, good, "result.json", b'{"name": "X", "type": "public_channel", "messages": [{"id": 1,')
    assert rej.code == "malformed"
    assert "invalid JSON" in rej.reason


def test_missing_path(tmp_path: Path, good: Path) -> None:
    docs, rejects = run([str(tmp_path / "nope.txt"), str(good)])
    assert len(docs) == 1
    assert [(r.code, r.reason) for r in rejects] == [("not_found", f"no such file or directory: {tmp_path / 'nope.txt'}")]


def test_json_of_unknown_shape_is_not_read_as_text(tmp_path: Path, good: Path) -> None:
    rej = only_reject(tmp_path, good, "data.json", json.dumps([{"body": EN_2}]).encode())
    assert rej.code == "malformed"
    assert "neither a Telegram export nor JSON Lines" in rej.reason


def test_demo_corpus_rejects_only_its_broken_files() -> None:
    corpus = Path(__file__).parents[1] / "src" / "sourcetrace" / "demo" / "corpus"
    if not (corpus / "broken").is_dir():
        pytest.skip("demo corpus not built")
    docs, rejects = run([str(corpus)])
    broken = str(corpus / "broken")
    assert all(r.origin.startswith(broken) for r in rejects), [r.origin for r in rejects]
    rejected_files = {r.origin.split("#")[0].split(".jsonl:")[0] for r in rejects}
    expected = {str(p).removesuffix(".jsonl") for p in (corpus / "broken").iterdir() if not p.name.startswith(".")}
    assert rejected_files == expected  # every broken file gives a reject
    assert not any(i.origin.startswith(broken) and "one-bad-line" not in i.origin for i, _ in docs)
    assert len(docs) >= 40
