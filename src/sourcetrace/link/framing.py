"""The side whose vocabulary a claim is told in: "foreign mercenaries", "militants" and
"the Kyiv regime" are one side's words, "occupiers" and "ruscists" the other's.

Neutral reports avoid such words except when quoting, so a claim whose own sentence uses
them states that side's version of an incident ("a strike on a mercenaries' base")
rather than the neutral account of it ("a missile hit a hotel"). The lexicon is data
(``resources/framing.json``); matching is one compiled pattern per side.
"""

from __future__ import annotations

import json
import re
from functools import lru_cache
from pathlib import Path

FRAMING = Path(__file__).parent / "resources" / "framing.json"
_OPPOSED = {"ukraine": "russia", "russia": "ukraine"}


@lru_cache(maxsize=1)
def _patterns() -> dict[str, re.Pattern[str]]:
    data = json.loads(FRAMING.read_text(encoding="utf-8"))
    return {side: re.compile(r"(?<!\w)(?:" + "|".join(words) + ")", re.IGNORECASE)
            for side, words in data.items() if side in _OPPOSED}


def framing_side(text: str) -> str | None:
    """The side whose partisan vocabulary ``text`` uses; None when none or both."""
    found = [side for side, pattern in _patterns().items() if pattern.search(text)]
    return found[0] if len(found) == 1 else None


def framed_side(text: str, source_side: str, stance: bool) -> str | None:
    """The side a claim is framed by, for linking: its vocabulary's side, unless the claim
    takes a stance on another's claim or its source is of the other side (both quote the
    words to reject them: "Russia is inventing dead mercenaries")."""
    side = framing_side(text)
    if side is None or stance or source_side == _OPPOSED[side]:
        return None
    return side
