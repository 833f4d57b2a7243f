"""Telegram Desktop channel exports (``result.json``): one document per text message.

The channel's name is the outlet and ``forwarded_from`` is a relay: a forwarded post
is the first hop of a provenance chain. Service messages (pins, joins) and posts with
no text (a bare photo) are skipped without a rejection, since they are not articles.
"""

from __future__ import annotations

import codecs
import json
import re
from collections.abc import Iterator
from typing import Any

from sourcetrace.errors import EncodingError, MalformedInput
from sourcetrace.ingest.base import Limits, Rejected
from sourcetrace.ingest.hookspecs import hookimpl
from sourcetrace.model import RawItem

_CHAT_TYPES = (b'"public_channel"', b'"private_channel"', b'"personal_chat"', b'"private_group"',
               b'"public_supergroup"', b'"private_supergroup"', b'"saved_messages"', b'"bot_chat"')
_USERNAME = re.compile(r"^@?([A-Za-z][A-Za-z0-9_]{3,31})$")


def message_text(value: Any) -> str:
    """A message's ``text``: a string, or a list of strings and entity dicts, joined."""
    if isinstance(value, str):
        return value
    if isinstance(value, list):
        return "".join(part if isinstance(part, str) else str(part.get("text", ""))
                       for part in value if isinstance(part, (str, dict)))
    return ""


def _username(chat: dict[str, Any]) -> str | None:
    for key in ("username", "link"):
        raw = chat.get(key)
        if isinstance(raw, str):
            raw = raw.rstrip("/").rsplit("/", 1)[-1]
            match = _USERNAME.match(raw)
            if match:
                return match.group(1)
    return None


def _chats(export: dict[str, Any]) -> list[dict[str, Any]]:
    if isinstance(export.get("messages"), list):
        return [export]
    chats = export.get("chats")
    if isinstance(chats, dict) and isinstance(chats.get("list"), list):
        return [c for c in chats["list"] if isinstance(c, dict) and isinstance(c.get("messages"), list)]
    raise MalformedInput('not a Telegram export: no "messages" list and no "chats" list in the JSON object')


def read_export(origin: str, data: bytes) -> Iterator[RawItem | Rejected]:
    """Yields an item per text message of every chat in the export."""
    try:
        export = json.loads(data.decode("utf-8-sig"))
    except UnicodeDecodeError as exc:
        raise EncodingError(f"Telegram export is not UTF-8 (invalid byte at offset {exc.start}); re-export it") from None
    except json.JSONDecodeError as exc:
        raise MalformedInput(
            f"invalid JSON at line {exc.lineno} column {exc.colno}: {exc.msg}; the export may be truncated"
        ) from None
    if not isinstance(export, dict):
        raise MalformedInput("not a Telegram export: the JSON is not an object")
    for chat in _chats(export):
        outlet = chat.get("name") or None
        username = _username(chat)
        for msg in chat["messages"]:
            if not isinstance(msg, dict) or msg.get("type") != "message":
                continue
            text = message_text(msg.get("text"))
            if not text.strip():
                continue
            msg_id = msg.get("id")
            relays = [str(msg["forwarded_from"])] if msg.get("forwarded_from") else []
            metadata: dict[str, Any] = {"telegram_id": msg_id, "chat_id": chat.get("id"),
                                        "chat_type": chat.get("type")}
            for key in ("from", "from_id", "reply_to_message_id", "edited", "views", "forwarded_from_id",
                        "saved_from", "via_bot"):
                if msg.get(key) is not None:
                    metadata[key] = msg[key]
            yield RawItem(
                origin=f"{origin}#{msg_id}", data=json.dumps(msg, ensure_ascii=False).encode("utf-8"),
                media_type="application/vnd.telegram+json", text=text,
                url=f"https://t.me/{username}/{msg_id}" if username and msg_id is not None else None,
                outlet=outlet, authors=[msg["author"]] if isinstance(msg.get("author"), str) else [],
                published=msg.get("date") or None, relays=relays, metadata=metadata,
            )


class TelegramReader:
    """Channel exports written by Telegram Desktop's "Export chat history" as JSON."""

    name = "telegram"

    def sniff(self, origin: str, head: bytes) -> bool:
        first = head.lstrip(codecs.BOM_UTF8).lstrip()
        if not first.startswith(b"{") or b"}\n{" in head or origin.lower().endswith((".jsonl", ".ndjson")):
            return False
        return b'"messages"' in head or b'"date_unixtime"' in head or any(t in head for t in _CHAT_TYPES)

    def read(self, origin: str, data: bytes, limits: Limits) -> Iterator[RawItem | Rejected]:
        yield from read_export(origin, data)


@hookimpl
def sourcetrace_readers() -> list[TelegramReader]:
    return [TelegramReader()]
