"""Write the deliberately broken inputs of ``corpus/broken/`` (described in BROKEN.md).

Each file exercises one way real input goes wrong; the ingester must record a reject
with a reason, or recover what it can, and never stop the batch.
"""

from __future__ import annotations

import gzip
import json
import struct
import zlib
from pathlib import Path

from sourcetrace.demo.articles import Article
from sourcetrace.demo.writers import warc_bytes

RU_NOTICE = ("Уважаемые читатели! Из-за технических работ сайт «Новороссия Вестник» "
             "будет недоступен в ночь на субботу. Приносим извинения за неудобства.\n")

NAV_ONLY = """<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>Kyiv Frontline Daily</title>
<meta property="og:site_name" content="Kyiv Frontline Daily"></head>
<body><header><a class="logo" href="/">Kyiv Frontline Daily</a>
<nav><ul><li><a href="/war">War</a></li><li><a href="/politics">Politics</a></li>
<li><a href="/opinion">Opinion</a></li><li><a href="/video">Video</a></li></ul></nav></header>
<main><div class="paywall">Subscribe to continue reading.</div></main>
<footer><p>&copy; 2024 Kyiv Frontline Daily. All rights reserved.</p>
<p><a href="/privacy">Privacy policy</a> | <a href="/terms">Terms of use</a></p></footer>
</body></html>
"""

GOOD_LINES = [
    {"demo_id": "broken-jsonl-note-1", "outlet": "Continental Press Agency",
     "url": "https://continentalpress.example/corrections/2024-01-04",
     "published": "2024-01-04T08:00:00+00:00", "title": "Correction",
     "text": "Correction: a story published on January 2 gave the wrong first name for a "
             "spokesman of the Ukrainian navy. The story has been updated."},
    {"demo_id": "broken-jsonl-note-2", "outlet": "Continental Press Agency",
     "url": "https://continentalpress.example/notices/2024-01-05",
     "published": "2024-01-05T08:00:00+00:00", "title": "Service notice",
     "text": "Service notice: the Continental Press Agency picture desk will move to a new "
             "delivery system next week. Subscribers do not need to change anything."},
]


def png_bytes() -> bytes:
    """A valid 1x1 PNG, so the misnamed .txt really is an image."""
    def chunk(tag: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + tag + data + struct.pack(">I", zlib.crc32(tag + data))
    ihdr = struct.pack(">IIBBBBB", 1, 1, 8, 2, 0, 0, 0)
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", ihdr)
            + chunk(b"IDAT", zlib.compress(b"\x00\xff\x00\x00", 9)) + chunk(b"IEND", b""))


def write_broken(articles: list[Article], out: Path) -> None:
    """All broken files; ``articles`` supplies the source of the truncated WARC."""
    folder = out / "broken"
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "empty.txt").write_bytes(b"")
    (folder / "photo-not-text.txt").write_bytes(png_bytes())
    # UTF-8 headline, then a Windows-1251 body: not valid UTF-8 as a whole.
    mixed = "Технические работы\n\n".encode() + RU_NOTICE.encode("cp1251")
    (folder / "mixed-encoding-cp1251.txt").write_bytes(mixed)
    page = ("<!DOCTYPE html><html lang=\"ru\"><head><meta charset=\"utf-8\"><title>Объявление</title></head>"
            f"<body><article><h1>Объявление</h1><p>{RU_NOTICE}</p></article></body></html>\n")
    (folder / "misdeclared-charset.html").write_bytes(page.encode("cp1251"))
    (folder / "nav-only.html").write_text(NAV_ONLY, encoding="utf-8")
    lines = [json.dumps(GOOD_LINES[0], ensure_ascii=False),
             '{"demo_id": "broken-jsonl-bad", "text": "This line was cut off in the middle of',
             json.dumps(GOOD_LINES[1], ensure_ascii=False)]
    (folder / "one-bad-line.jsonl").write_text("\n".join(lines) + "\n", encoding="utf-8")
    (folder / "malformed-feed.xml").write_text(
        '<?xml version="1.0" encoding="UTF-8"?>\n<rss version="2.0"><channel><title>Broken Feed</title>\n'
        "<item><title>Unclosed & unescaped <b>item</title><link>https://broken.example/1</link>\n"
        "<description>Ends before the channel closes", encoding="utf-8")
    (folder / "not-gzip.warc.gz").write_bytes(b"WARC/1.0\r\nthis is not gzip at all \x00\xff\xfe garbage\r\n" * 4)
    source = sorted((a for a in articles if a.format == "warc"), key=lambda a: a.id)[:1]
    whole = warc_bytes(source, articles, "truncated.warc.gz")
    (folder / "truncated.warc.gz").write_bytes(whole[: int(len(whole) * 0.6)])
    text = "Headline of a story whose archive was cut short\n\n" + "The archive ends mid-sentence. " * 40
    gz = gzip.compress(text.encode("utf-8"), mtime=0)
    (folder / "truncated.txt.gz").write_bytes(gz[: len(gz) // 2])
