"""Write demo posts as Telegram Desktop channel exports (``<channel>/result.json``).

The shape follows what Telegram Desktop's "Export chat history" (JSON) produces: a
channel object whose ``messages`` mix ``service`` entries (channel created, message
pinned) with ``message`` entries; ``text`` is a plain string when the post has no
formatting and a list of strings and entity objects when it has; ``text_entities`` is
always the list form; photos are referenced by relative path; forwards carry
``forwarded_from``. The channel extras (service messages, photo-only posts) live in
``telegram_channels.json`` next to this module.
"""

from __future__ import annotations

import json
import re
from datetime import datetime
from pathlib import Path
from typing import Any

from sourcetrace.demo.articles import DEMO_DIR, Article

CHANNELS_PATH = DEMO_DIR / "telegram_channels.json"

TOKEN = re.compile(r"\*\*(?P<bold>.+?)\*\*|\[(?P<ltext>[^\]]+)\]\((?P<href>[^)]+)\)"
                   r"|(?P<url>https?://[^\s]*[^\s.,;:)»])|(?P<tag>(?<![\w&])#\w+)")


def entities(text: str) -> list[dict[str, str]]:
    """Split marked-up post text into Telegram text entities (plain, bold, link, ...)."""
    out: list[dict[str, str]] = []
    pos = 0
    for m in TOKEN.finditer(text):
        if m.start() > pos:
            out.append({"type": "plain", "text": text[pos:m.start()]})
        if m.group("bold"):
            out.append({"type": "bold", "text": m.group("bold")})
        elif m.group("ltext"):
            out.append({"type": "text_link", "text": m.group("ltext"), "href": m.group("href")})
        elif m.group("url"):
            out.append({"type": "link", "text": m.group("url")})
        else:
            out.append({"type": "hashtag", "text": m.group("tag")})
        pos = m.end()
    if pos < len(text):
        out.append({"type": "plain", "text": text[pos:]})
    return out


def text_field(ents: list[dict[str, str]]) -> str | list[Any]:
    """The export's ``text``: a string if all plain, else strings mixed with entities."""
    if all(e["type"] == "plain" for e in ents):
        return "".join(e["text"] for e in ents)
    return [e["text"] if e["type"] == "plain" else dict(e) for e in ents]


def _dates(iso: str) -> tuple[str, str]:
    dt = datetime.fromisoformat(iso)
    return dt.replace(tzinfo=None).isoformat(timespec="seconds"), str(int(dt.timestamp()))


def message(art: Article, channel: dict[str, Any]) -> dict[str, Any]:
    """One ``message`` entry for an article."""
    date, unix = _dates(art.published)
    ents = entities("\n\n".join(art.paragraphs))
    msg: dict[str, Any] = {"id": int(art.extra["message_id"]), "type": "message", "date": date,
                           "date_unixtime": unix, "from": channel["name"],
                           "from_id": f"channel{channel['id']}"}
    if art.extra.get("forwarded_from"):
        msg["forwarded_from"] = art.extra["forwarded_from"]
    if art.extra.get("photo"):
        msg["photo"] = f"photos/photo_{art.extra['message_id']}@{datetime.fromisoformat(art.published):%d-%m-%Y_%H-%M-%S}.jpg"
        msg["width"], msg["height"] = 1280, 720
    if art.extra.get("video"):
        msg["file"] = f"video_files/video_{art.extra['message_id']}.mp4"
        msg["thumbnail"] = f"video_files/video_{art.extra['message_id']}.mp4_thumb.jpg"
        msg["media_type"] = "video_file"
        msg["mime_type"] = "video/mp4"
        msg["duration_seconds"] = int(art.extra["video"])
    msg["text"] = text_field(ents)
    msg["text_entities"] = ents
    return msg


def extra_message(raw: dict[str, Any], channel: dict[str, Any]) -> dict[str, Any]:
    """A service message or a photo-only post from the channel's extras."""
    date, unix = _dates(raw["published"])
    if raw["kind"] == "service":
        msg = {"id": raw["id"], "type": "service", "date": date, "date_unixtime": unix,
               "actor": channel["name"], "actor_id": f"channel{channel['id']}", "action": raw["action"]}
        if raw["action"] == "create_channel":
            msg["title"] = channel["name"]
        if raw["action"] == "pin_message":
            msg["message_id"] = raw["message_id"]
        msg.update({"text": "", "text_entities": []})
        return msg
    return {"id": raw["id"], "type": "message", "date": date, "date_unixtime": unix,
            "from": channel["name"], "from_id": f"channel{channel['id']}",
            "photo": f"photos/photo_{raw['id']}@{datetime.fromisoformat(raw['published']):%d-%m-%Y_%H-%M-%S}.jpg",
            "width": 1280, "height": 960, "text": "", "text_entities": []}


def write_telegram(articles: list[Article], out: Path) -> None:
    """``telegram/<channel>/result.json`` for every channel with posts."""
    channels: dict[str, dict[str, Any]] = json.loads(CHANNELS_PATH.read_text(encoding="utf-8"))
    for folder_name, channel in sorted(channels.items()):
        posts = [a for a in articles if a.format == "telegram" and a.extra.get("channel") == folder_name]
        messages = [message(a, channel) for a in posts]
        messages += [extra_message(raw, channel) for raw in channel.get("extras", [])]
        messages.sort(key=lambda m: m["id"])
        export = {"name": channel["name"], "type": "public_channel", "id": channel["id"], "messages": messages}
        folder = out / "telegram" / folder_name
        folder.mkdir(parents=True, exist_ok=True)
        (folder / "result.json").write_text(json.dumps(export, ensure_ascii=False, indent=1) + "\n",
                                            encoding="utf-8")
