"""Stable, URL-safe ids for things that have only a name (sources)."""

from __future__ import annotations

import hashlib
import re
import unicodedata


def source_slug(name: str) -> str:
    """``Russian Defence Ministry`` -> ``russian-defence-ministry``; never empty, never a slash."""
    folded = unicodedata.normalize("NFKD", name.casefold())
    slug = re.sub(r"[^\w]+", "-", folded, flags=re.UNICODE).strip("-_")[:80]
    return slug or "s-" + hashlib.sha1(name.encode()).hexdigest()[:10]
