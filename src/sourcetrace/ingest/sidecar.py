"""Sidecar metadata: a ``metadata.json`` beside plain files, keyed by file name.

Plain text carries no outlet, date or URL, so a folder of ``.txt`` articles may hold a
``metadata.json`` object mapping each file name to its fields (``url``, ``outlet``,
``title``, ``authors``, ``published``, ``language``; anything else goes to metadata).
The sidecar itself is not an article and is never ingested.
"""

from __future__ import annotations

import json
from functools import lru_cache
from pathlib import Path
from typing import Any

from sourcetrace.model import RawItem

SIDECAR = "metadata.json"
FIELDS = ("url", "outlet", "title", "published", "language")


@lru_cache(maxsize=256)
def _load(folder: str) -> dict[str, dict[str, Any]]:
    path = Path(folder) / SIDECAR
    try:
        data = json.loads(path.read_text(encoding="utf-8-sig"))
    except (OSError, ValueError):
        return {}
    if not isinstance(data, dict) or not all(isinstance(v, dict) for v in data.values()):
        return {}
    return data


def is_sidecar(path: Path) -> bool:
    """True for a ``metadata.json`` whose keys name files in its own folder."""
    if path.name != SIDECAR:
        return False
    entries = _load(str(path.parent))
    return bool(entries) and any((path.parent / name).is_file() for name in entries)


def sidecar_for(origin: str) -> dict[str, Any] | None:
    """The sidecar entry for the file an origin names (record suffixes ignored)."""
    path = Path(origin)
    if not path.is_file():
        return None
    return _load(str(path.parent)).get(path.name)


def apply_sidecar(item: RawItem, entry: dict[str, Any]) -> RawItem:
    """Fills the item's fields from its sidecar entry; the sidecar wins over guesses."""
    for key in FIELDS:
        value = entry.get(key)
        if isinstance(value, str) and value.strip():
            setattr(item, key, value.strip())
    authors = entry.get("authors")
    if isinstance(authors, str):
        authors = [authors]
    if isinstance(authors, list):
        item.authors = [a for a in authors if isinstance(a, str) and a.strip()]
    for key, value in entry.items():
        if key not in FIELDS and key != "authors":
            item.metadata[key] = value
    return item
