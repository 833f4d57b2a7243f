"""Plain text files: UTF-8, UTF-8 with BOM, UTF-16/32 with BOM, or wholly cp1251 Cyrillic."""

from __future__ import annotations

import json
from collections.abc import Iterator

from sourcetrace.errors import MalformedInput
from sourcetrace.ingest.base import Limits, Rejected
from sourcetrace.ingest.decode import decode_text
from sourcetrace.ingest.hookspecs import hookimpl
from sourcetrace.model import RawItem

EXTENSIONS = (".txt", ".text", ".md")
MAX_TITLE = 200


class TextReader:
    """The fallback format: any source no other reader claims is read as text."""

    name = "text"

    def sniff(self, origin: str, head: bytes) -> bool:
        return origin.lower().endswith(EXTENSIONS)

    def read(self, origin: str, data: bytes, limits: Limits) -> Iterator[RawItem | Rejected]:
        text, encoding = decode_text(data)
        if origin.lower().endswith(".json") and _is_json(text):
            raise MalformedInput(
                "a JSON document that is neither a Telegram export nor JSON Lines; write one "
                'object per line with the article in "text" (.jsonl)'
            )
        yield RawItem(
            origin=origin, data=data, media_type="text/plain", text=text,
            title=first_line_title(text), metadata={"encoding": encoding},
        )


def _is_json(text: str) -> bool:
    try:
        json.loads(text)
    except ValueError:
        return False
    return True


def first_line_title(text: str) -> str | None:
    """The first line as a title when it is short and more text follows; it stays in the text."""
    lines = text.strip().split("\n", 1)
    first = lines[0].strip()
    if len(lines) < 2 or not lines[1].strip() or len(first) > MAX_TITLE:
        return None
    return first


@hookimpl
def sourcetrace_readers() -> list[TextReader]:
    return [TextReader()]
