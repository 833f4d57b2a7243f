"""Loads the time-word lexicon and holiday table from ``resources/times/``, once."""

from __future__ import annotations

import json
from functools import lru_cache
from pathlib import Path
from typing import Any

RESOURCES = Path(__file__).parent / "resources" / "times"


@lru_cache(maxsize=1)
def load_lexicon() -> dict[str, Any]:
    """Months, weekdays, seasons, number words, units and tense cues."""
    with open(RESOURCES / "lexicon.json", encoding="utf-8") as fh:
        data: dict[str, Any] = json.load(fh)
    return data


@lru_cache(maxsize=1)
def load_holidays() -> tuple[tuple[str, int, int], ...]:
    """(name pattern, month, day) rows, longest names first so they win over their parts."""
    rows: list[tuple[str, int, int]] = []
    for line in (RESOURCES / "holidays.tsv").read_text(encoding="utf-8").splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        name, month, day = line.split("\t")
        rows.append((name.replace("'", "['’]"), int(month), int(day)))
    return tuple(sorted(rows, key=lambda r: -len(r[0])))
