"""The article text cut into segments, each carrying the highlight classes that cover it.

Attribution spans (source, cue, content) may nest or overlap, so the text is split at
every span boundary and each piece lists every span over it; the template prints each
piece escaped inside one ``<span>``. Pure function: text and spans in, segments out.
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass, field
from typing import Any


@dataclass
class Mark:
    start: int
    end: int
    kind: str  # source | cue | content | signal | place | time
    ref: str  # the record id (A1, S2, P1...)


@dataclass
class Segment:
    text: str
    kinds: list[str] = field(default_factory=list)
    refs: list[str] = field(default_factory=list)
    anchor: str | None = None  # an id for the first piece of an attribution's content

    @property
    def css(self) -> str:
        return " ".join(f"hl-{k}" for k in self.kinds)


def marks_of(analysis: dict[str, Any]) -> list[Mark]:
    """Highlightable spans of an extraction in the contract's JSON shape."""
    text_len = len(analysis["document"]["text"])
    marks: list[Mark] = []
    for a in analysis.get("attributions", []):
        for kind in ("source", "cue", "content"):
            s = a.get(kind)
            if s and s.get("start") is not None:
                marks.append(Mark(s["start"], s["end"], kind, a["id"]))
    for s in analysis.get("signals", []):
        marks.append(Mark(s["start"], s["end"], "signal", s["id"]))
    for p in analysis.get("places", []):
        for start, end in p.get("mentions", []):
            marks.append(Mark(start, end, "place", p["id"]))
    for t in analysis.get("times", []):
        marks.append(Mark(t["start"], t["end"], "time", t["id"]))
    return [m for m in marks if 0 <= m.start < m.end <= text_len]


def segments(text: str, marks: list[Mark]) -> list[Segment]:
    """``text`` split at every mark boundary; concatenating the pieces gives ``text`` back."""
    cuts = sorted({0, len(text), *(m.start for m in marks), *(m.end for m in marks)})
    out: list[Segment] = []
    anchored: set[str] = set()
    for a, b in itertools.pairwise(cuts):
        over = [m for m in marks if m.start <= a and m.end >= b]
        seg = Segment(text[a:b], sorted({m.kind for m in over}), sorted({m.ref for m in over}))
        for m in over:
            if m.kind == "content" and m.ref not in anchored:
                seg.anchor = f"attr-{m.ref}"
                anchored.add(m.ref)
        out.append(seg)
    return out
