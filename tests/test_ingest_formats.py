"""Each input format read from a small sample written into tmp_path, through read_all."""

from __future__ import annotations

import gzip
import io
import json
from pathlib import Path

import pytest

from sourcetrace.ingest.base import Limits, Rejected
from sourcetrace.ingest.collect import read_all
from sourcetrace.ingest.normalize import normalize_date, normalize_text, to_document
from sourcetrace.ingest.registry import (
    get_reader,
    plugin_manager,
    reader_for,
    reader_names,
)
from sourcetrace.model import Document, RawItem

EN_1 = (
    "A drone struck a fuel depot on the outskirts of the town overnight, the regional "
    "administration said on Wednesday, adding that firefighters had contained the blaze by dawn."
)
EN_2 = (
    "The military spokesman told reporters that two air defence units had been moved closer "
    "to the river, a claim that could not be independently verified."
)
DE_1 = (
    "Die Behörden der Region teilten am Mittwoch mit, dass in der Nacht ein Treibstofflager "
    "am Stadtrand getroffen worden sei und die Feuerwehr den Brand bis zum Morgen gelöscht habe."
)
RU_1 = (
    "Как сообщили в областной администрации, ночью беспилотник попал в нефтебазу на окраине "
    "города, пожар удалось потушить только к утру."
)
UK_1 = (
    "Як повідомили в обласній адміністрації, вночі безпілотник влучив у нафтобазу на околиці "
    "міста, пожежу вдалося загасити лише до ранку."
)


def html_page(title: str, body: str, demo_id: str = "demo-1") -> bytes:
    """An article page with the metadata trafilatura reads."""
    return f"""<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8">
<title>{title} | Harbour Post</title>
<meta property="og:site_name" content="Harbour Post">
<meta property="og:title" content="{title}">
<meta name="author" content="Maria Koval">
<meta property="article:published_time" content="2023-11-22T09:30:00+00:00">
<meta name="sourcetrace:demo-id" content="{demo_id}">
<link rel="canonical" href="https://harbour.example/news/{demo_id}">
</head><body>
<nav><a href="/">Home</a> <a href="/world">World</a> <a href="/sport">Sport</a></nav>
<article><h1>{title}</h1><p>{body}</p><p>{EN_2}</p></article>
<footer>Copyright Harbour Post</footer>
</body></html>""".encode()


def nav_only_page() -> bytes:
    return (b"<!DOCTYPE html><html><head><title>Index</title></head><body>"
            b"<nav><a href='/a'>Home</a> <a href='/b'>World</a></nav></body></html>")


def rss_feed(broken: bool = False) -> bytes:
    tail = "" if broken else "</channel></rss>"
    return f"""<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/">
<channel><title>Riverside Wire</title><link>https://wire.example/</link><language>en-gb</language>
<item><title>Depot hit overnight</title><link>https://wire.example/1</link>
<pubDate>Wed, 22 Nov 2023 10:00:00 GMT</pubDate><author>desk@wire.example (Ola Brenner)</author>
<description>Short summary only.</description>
<content:encoded><![CDATA[<p>{EN_1}</p><p>{EN_2}</p><script>track()</script>]]></content:encoded></item>
<item><title>Summary only</title><link>https://wire.example/2</link>
<pubDate>Thu, 23 Nov 2023 07:45:00 +0200</pubDate>
<description>&lt;p&gt;{EN_2}&lt;/p&gt;</description></item>
{tail}""".encode()


def atom_feed() -> bytes:
    return f"""<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom"><title>Atom Desk</title><id>urn:x</id><updated>2023-11-22T00:00:00Z</updated>
<entry><title>Atom entry</title><id>urn:e1</id><link href="https://atom.example/e1"/>
<published>2023-11-21T18:00:00Z</published><updated>2023-11-21T18:00:00Z</updated>
<author><name>Ira Lund</name></author>
<content type="html">&lt;p&gt;{DE_1}&lt;/p&gt;</content></entry></feed>""".encode()


def write_warc(path: Path, pages: list[tuple[str, bytes]], gz: bool = True, extra: bool = True) -> bytes:
    """A WARC written with warcio: a warcinfo, a request, HTML responses and an image."""
    from warcio.statusandheaders import StatusAndHeaders
    from warcio.warcwriter import WARCWriter

    buf = io.BytesIO()
    writer = WARCWriter(buf, gzip=gz)
    writer.write_record(writer.create_warcinfo_record(path.name, {"software": "test-suite"}))
    for url, body in pages:
        if extra:
            req = StatusAndHeaders("GET / HTTP/1.1", [("Host", "harbour.example")], is_http_request=True)
            writer.write_record(writer.create_warc_record(url, "request", http_headers=req))
        headers = StatusAndHeaders("200 OK", [("Content-Type", "text/html; charset=utf-8")], protocol="HTTP/1.1")
        writer.write_record(writer.create_warc_record(url, "response", payload=io.BytesIO(body), http_headers=headers))
    if extra:
        png = StatusAndHeaders("200 OK", [("Content-Type", "image/png")], protocol="HTTP/1.1")
        writer.write_record(writer.create_warc_record(
            "https://harbour.example/logo.png", "response", payload=io.BytesIO(b"\x89PNG\r\n\x1a\n0000"), http_headers=png))
    data = buf.getvalue()
    path.write_bytes(data)
    return data


def telegram_export(username: str | None = "frontline_notes") -> dict:
    """The shape Telegram Desktop writes for a channel's "Export chat history" as JSON."""
    export = {
        "name": "Frontline Notes",
        "type": "public_channel",
        "id": 1712345678,
        "messages": [
            {"id": 1, "type": "service", "date": "2023-11-20T08:00:00", "date_unixtime": "1700467200",
             "actor": "Frontline Notes", "actor_id": "channel1712345678", "action": "create_channel",
             "title": "Frontline Notes", "text": "", "text_entities": []},
            {"id": 2, "type": "message", "date": "2023-11-22T10:15:00", "date_unixtime": "1700648100",
             "from": "Frontline Notes", "from_id": "channel1712345678", "text": RU_1,
             "text_entities": [{"type": "plain", "text": RU_1}]},
            {"id": 3, "type": "message", "date": "2023-11-22T11:00:00", "date_unixtime": "1700650800",
             "from": "Frontline Notes", "from_id": "channel1712345678", "forwarded_from": "Steppe Monitor",
             "text": ["Reposting: ", {"type": "bold", "text": "the depot is burning"},
                      ", our readers say. ", {"type": "link", "text": "https://x.example/v"}],
             "text_entities": []},
            {"id": 4, "type": "message", "date": "2023-11-22T12:00:00", "date_unixtime": "1700654400",
             "from": "Frontline Notes", "from_id": "channel1712345678", "photo": "photos/photo_4.jpg",
             "width": 1280, "height": 720, "text": "", "text_entities": []},
        ],
    }
    if username:
        export["username"] = username
    return export


def run(targets: list[str], **kw: object) -> tuple[list[tuple[RawItem, Document]], list[Rejected]]:
    docs, rejects = [], []
    for out in read_all(targets, Limits(**kw)):  # type: ignore[arg-type]
        (rejects if isinstance(out, Rejected) else docs).append(out)
    return docs, rejects


def test_plain_text_is_kept_exactly_as_decoded(tmp_path: Path) -> None:
    """The contract: offsets into a plain-text file and into document.text agree."""
    path = tmp_path / "note.txt"
    raw = f"Depot fire\r\n\r\n{EN_1}   \r\n\r\n\r\n\r\n{EN_2}\r\n"
    path.write_bytes(raw.encode())
    (item, doc), = run([str(path)])[0]
    assert doc.text == raw
    assert doc.title == "Depot fire"
    assert doc.language == "en"
    assert item.metadata["encoding"] == "utf-8"


@pytest.mark.parametrize(("encoding", "prefix", "label"), [
    ("utf-8", b"\xef\xbb\xbf", "utf-8"),
    ("utf-16-le", b"\xff\xfe", "utf-16-le"),
    ("utf-16-be", b"\xfe\xff", "utf-16-be"),
])
def test_plain_text_with_bom(tmp_path: Path, encoding: str, prefix: bytes, label: str) -> None:
    path = tmp_path / "bom.txt"
    path.write_bytes(prefix + UK_1.encode(encoding))
    (item, doc), = run([str(path)])[0]
    assert doc.text == UK_1
    assert doc.language == "uk"
    assert item.metadata["encoding"] == label


def test_whole_cp1251_cyrillic_is_accepted(tmp_path: Path) -> None:
    path = tmp_path / "ru.txt"
    path.write_bytes(RU_1.encode("cp1251"))
    (item, doc), = run([str(path)])[0]
    assert doc.text == RU_1
    assert doc.language == "ru"
    assert item.metadata["encoding"] == "cp1251"


def test_language_identified_among_handled_ones() -> None:
    for text, lang in ((EN_1, "en"), (DE_1, "de"), (RU_1, "ru"), (UK_1, "uk")):
        assert to_document(RawItem(origin="x", data=b"", media_type="text/plain", text=text)).language == lang
    stated = RawItem(origin="x", data=b"", media_type="text/plain", text=EN_1, language="de-AT")
    assert to_document(stated).language == "de"


def test_normalize_text_and_dates() -> None:
    assert normalize_text("Cafe\u0301 \t\r\nline two  \n\n\n\n\nend\n") == "Café\nline two\n\nend"
    assert normalize_date("2023-11-22") == "2023-11-22"
    assert normalize_date("Wed, 22 Nov 2023 10:00:00 GMT") == "2023-11-22T10:00:00+00:00"
    assert normalize_date("2023-11-22T10:15:00") == "2023-11-22T10:15:00"
    assert normalize_date("2023-11-22T09:30:00Z") == "2023-11-22T09:30:00+00:00"
    assert normalize_date("22.11.2023") == "2023-11-22"
    assert normalize_date("sometime last week") is None
    assert normalize_date("") is None


def test_html_article_with_metadata(tmp_path: Path) -> None:
    path = tmp_path / "page.html"
    path.write_bytes(html_page("Depot hit overnight", EN_1, demo_id="d-7"))
    (item, doc), = run([str(path)])[0]
    assert EN_1 in doc.text and EN_2 in doc.text
    assert f"{EN_1}\n\n{EN_2}" in doc.text
    assert "Home" not in doc.text and "Copyright" not in doc.text
    assert doc.title == "Depot hit overnight"
    assert doc.outlet == "Harbour Post"
    assert doc.authors == ["Maria Koval"]
    assert doc.published == "2023-11-22T09:30:00+00:00"
    assert doc.url == "https://harbour.example/news/d-7"
    assert doc.metadata["demo_id"] == "d-7"
    assert doc.metadata["meta"]["sourcetrace:demo-id"] == "d-7"
    assert item.media_type == "text/html"


def test_html_sniffed_without_extension(tmp_path: Path) -> None:
    path = tmp_path / "saved_page"
    path.write_bytes(html_page("Sniffed", EN_1))
    assert reader_for(str(path), path.read_bytes()[:4096]).name == "html"
    (_, doc), = run([str(path)])[0]
    assert doc.outlet == "Harbour Post"


def test_rss_feed_one_document_per_entry(tmp_path: Path) -> None:
    path = tmp_path / "wire.xml"
    path.write_bytes(rss_feed())
    docs, rejects = run([str(path)])
    assert rejects == []
    assert [d.title for _, d in docs] == ["Depot hit overnight", "Summary only"]
    first, second = docs[0][1], docs[1][1]
    assert first.text == f"{EN_1}\n\n{EN_2}"  # content:encoded wins over the summary; script dropped
    assert first.outlet == "Riverside Wire"
    assert first.url == "https://wire.example/1"
    assert first.published == "2023-11-22T10:00:00+00:00"
    assert first.language == "en"
    assert second.text == EN_2  # HTML in the summary cleaned to text
    assert second.published == "2023-11-23T07:45:00+02:00"
    assert docs[0][0].origin == f"{path}#1"


def test_atom_feed(tmp_path: Path) -> None:
    path = tmp_path / "desk.atom"
    path.write_bytes(atom_feed())
    (_, doc), = run([str(path)])[0]
    assert doc.text == DE_1
    assert doc.authors == ["Ira Lund"]
    assert doc.outlet == "Atom Desk"
    assert doc.language == "de"


@pytest.mark.parametrize("gz", [True, False])
def test_warc_html_responses_become_documents(tmp_path: Path, gz: bool) -> None:
    path = tmp_path / ("crawl.warc.gz" if gz else "crawl.warc")
    write_warc(path, [("https://harbour.example/a", html_page("First", EN_1, "a")),
                      ("https://harbour.example/b", html_page("Second", DE_1, "b"))], gz=gz)
    docs, rejects = run([str(path)])
    assert rejects == []
    assert [d.url for _, d in docs] == ["https://harbour.example/a", "https://harbour.example/b"]
    assert [d.metadata["demo_id"] for _, d in docs] == ["a", "b"]
    assert EN_1 in docs[0][1].text and DE_1 in docs[1][1].text
    assert docs[0][0].metadata["warc_record_id"].startswith("<urn:uuid:")


def test_jsonl_fields_and_metadata(tmp_path: Path) -> None:
    path = tmp_path / "articles.jsonl"
    lines = [
        {"text": EN_1, "url": "https://j.example/1", "outlet": "Jay News", "title": "One",
         "authors": ["A. Writer", "B. Editor"], "published": "2023-11-22", "language": "en", "desk": "east"},
        {"text": RU_1, "authors": "Одна Авторка"},
    ]
    path.write_text("\n".join(json.dumps(x, ensure_ascii=False) for x in lines) + "\n", encoding="utf-8")
    docs, rejects = run([str(path)])
    assert rejects == []
    (item1, d1), (item2, d2) = docs
    assert (d1.url, d1.outlet, d1.title, d1.published, d1.language) == (
        "https://j.example/1", "Jay News", "One", "2023-11-22", "en")
    assert d1.authors == ["A. Writer", "B. Editor"]
    assert d1.metadata == {"desk": "east"}
    assert item1.origin == f"{path}:1" and item2.origin == f"{path}:2"
    assert d2.authors == ["Одна Авторка"] and d2.language == "ru"


@pytest.mark.parametrize("username", ["frontline_notes", None])
def test_telegram_export(tmp_path: Path, username: str | None) -> None:
    path = tmp_path / "result.json"
    path.write_text(json.dumps(telegram_export(username), ensure_ascii=False, indent=1), encoding="utf-8")
    docs, rejects = run([str(path)])
    assert rejects == []  # the service message and the bare photo are skipped silently
    assert len(docs) == 2
    (_, d2), (i3, d3) = docs
    assert d2.text == RU_1 and d2.language == "ru"
    assert d2.outlet == "Frontline Notes"
    assert d2.published == "2023-11-22T10:15:00"
    assert d3.text == "Reposting: the depot is burning, our readers say. https://x.example/v"
    assert i3.relays == ["Steppe Monitor"] and d3.relays == ["Steppe Monitor"]
    assert d2.relays == []
    if username:
        assert d2.url == "https://t.me/frontline_notes/2"
    else:
        assert d2.url is None


def test_gzip_single_file(tmp_path: Path) -> None:
    path = tmp_path / "articles.jsonl.gz"
    path.write_bytes(gzip.compress(json.dumps({"text": EN_1}).encode() + b"\n"))
    (item, doc), = run([str(path)])[0]
    assert doc.text == EN_1
    assert item.origin == f"{path}:1"


def test_directory_is_walked_sorted_skipping_hidden(tmp_path: Path) -> None:
    (tmp_path / "b").mkdir()
    (tmp_path / ".git").mkdir()
    (tmp_path / "b" / "two.txt").write_text(EN_2)
    (tmp_path / "a.txt").write_text(EN_1)
    (tmp_path / ".hidden.txt").write_text(DE_1)
    (tmp_path / ".git" / "c.txt").write_text(DE_1)
    docs, rejects = run([str(tmp_path)])
    assert rejects == []
    assert [d.text for _, d in docs] == [EN_1, EN_2]


def test_format_override_and_unknown_format(tmp_path: Path) -> None:
    from sourcetrace.errors import UsageError

    path = tmp_path / "page.txt"
    path.write_bytes(html_page("Forced", EN_1))
    (_, sniffed), = read_all([str(path)], Limits())  # content wins over the .txt name
    assert sniffed.outlet == "Harbour Post"
    (_, forced), = read_all([str(path)], Limits(), fmt="text")
    assert forced.text.startswith("<!DOCTYPE html>")
    with pytest.raises(UsageError, match="choose one of"):
        list(read_all([str(path)], Limits(), fmt="pdf"))


def test_registry_lists_builtins_and_accepts_a_plugin(tmp_path: Path) -> None:
    import pluggy

    from sourcetrace.ingest.hookspecs import PROJECT, ReaderSpec, hookimpl
    from sourcetrace.ingest.registry import readers

    assert set(reader_names()) >= {"text", "html", "feed", "warc", "jsonl", "telegram"}
    assert get_reader("warc").name == "warc"

    class Shout:
        name = "shout"

        def sniff(self, origin: str, head: bytes) -> bool:
            return origin.endswith(".shout")

        def read(self, origin, data, limits):  # type: ignore[no-untyped-def]
            yield RawItem(origin=origin, data=data, media_type="text/plain", text=data.decode().upper())

    class Plugin:
        @hookimpl
        def sourcetrace_readers(self) -> list[Shout]:
            return [Shout()]

    pm = pluggy.PluginManager(PROJECT)
    pm.add_hookspecs(ReaderSpec)
    for name, module in plugin_manager().list_name_plugin():
        pm.register(module, name=name)
    pm.register(Plugin())
    assert readers(pm)[0].name == "shout"
    assert reader_for("x.shout", b"hi", pm=pm).name == "shout"
    assert reader_for("x.txt", b"hi", pm=pm).name == "text"


def test_sidecar_metadata_fills_plain_text_and_is_not_ingested(tmp_path: Path) -> None:
    (tmp_path / "one.txt").write_text(EN_1)
    (tmp_path / "two.txt").write_text(EN_2)
    (tmp_path / "metadata.json").write_text(json.dumps({"one.txt": {
        "demo_id": "d-1", "outlet": "Side Press", "published": "2023-11-22T08:00:00+02:00",
        "url": "https://side.example/1", "authors": ["Ann Side"], "title": "From the sidecar"}}))
    docs, rejects = run([str(tmp_path)])
    assert rejects == []
    (_, one), (_, two) = docs
    assert (one.outlet, one.published, one.url, one.title) == (
        "Side Press", "2023-11-22T08:00:00+02:00", "https://side.example/1", "From the sidecar")
    assert one.authors == ["Ann Side"] and one.metadata["demo_id"] == "d-1"
    assert two.outlet is None and two.title is None


def test_warc_custom_header_kept(tmp_path: Path) -> None:
    from warcio.statusandheaders import StatusAndHeaders
    from warcio.warcwriter import WARCWriter

    path = tmp_path / "one.warc"
    with path.open("wb") as fh:
        writer = WARCWriter(fh, gzip=False)
        headers = StatusAndHeaders("200 OK", [("Content-Type", "text/html")], protocol="HTTP/1.1")
        rec = writer.create_warc_record("https://harbour.example/z", "response",
                                        payload=io.BytesIO(html_page("Zed", EN_1, "page-id")),
                                        http_headers=headers,
                                        warc_headers_dict={"WARC-Sourcetrace-Demo-Id": "record-id"})
        writer.write_record(rec)
    (_, doc), = run([str(path)])[0]
    assert doc.metadata["demo_id"] == "record-id"  # the record header wins over the page meta


def test_stdin(monkeypatch: pytest.MonkeyPatch) -> None:
    import sys

    class FakeStdin:
        buffer = io.BytesIO(json.dumps({"text": EN_1}).encode() + b"\n")

    monkeypatch.setattr(sys, "stdin", FakeStdin)
    (item, doc), = run(["-"])[0]
    assert doc.text == EN_1 and item.origin == "<stdin>:1"


def test_cp1251_ukrainian_with_utf8_lookalike_pairs() -> None:
    from sourcetrace.ingest.decode import decode_bytes

    text = "Ті, хто вижив, розповіли про обстріл. Інші мешканці підтвердили це журналістам."
    data = text.encode("cp1251")
    assert b"\xd2\xb3" in data  # "Ті" is also a valid two-byte UTF-8 sequence
    assert decode_bytes(data) == (text, "cp1251")


def test_third_party_reader_via_entry_point(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A package installed with a ``sourcetrace.readers`` entry point is found like a built-in."""
    import sys

    (tmp_path / "st_plugin_demo.py").write_text(
        "from sourcetrace.ingest.hookspecs import hookimpl\n"
        "from sourcetrace.model import RawItem\n"
        "class Csvish:\n"
        "    name = 'csvish'\n"
        "    def sniff(self, origin, head):\n"
        "        return origin.endswith('.csvish')\n"
        "    def read(self, origin, data, limits):\n"
        "        for n, row in enumerate(data.decode().splitlines(), 1):\n"
        "            yield RawItem(origin=f'{origin}:{n}', data=row.encode(), media_type='text/csv', text=row)\n"
        "@hookimpl\n"
        "def sourcetrace_readers():\n"
        "    return [Csvish()]\n"
    )
    info = tmp_path / "st_plugin_demo-0.1.dist-info"
    info.mkdir()
    (info / "METADATA").write_text("Metadata-Version: 2.1\nName: st-plugin-demo\nVersion: 0.1\n")
    (info / "entry_points.txt").write_text("[sourcetrace.readers]\ncsvish = st_plugin_demo\n")
    monkeypatch.syspath_prepend(str(tmp_path))
    plugin_manager.cache_clear()
    try:
        assert reader_names()[0] == "csvish"
        data = tmp_path / "rows.csvish"
        data.write_text(f"{EN_1}\n{EN_2}\n")
        docs, _ = run([str(data)])
        assert [d.text for _, d in docs] == [EN_1, EN_2]
    finally:
        plugin_manager.cache_clear()
        sys.modules.pop("st_plugin_demo", None)
