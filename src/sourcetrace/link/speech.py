"""Whether an attribution's cue is an act of saying: the tagger sometimes takes a claim's own
verb for a reporting cue ("Fog grounds the drones", "Kinzhal destroys Patriot launcher").

Such an attribution names the claim's subject, not its speaker: provenance reads the
speaker from the sentence instead, and the linker reads the subject and verb as part of
the claim. The stems are data (``resources/speech_cues.json``).
"""

from __future__ import annotations

import json
import re
from pathlib import Path

#: Stems of verbs of saying, publishing and checking (``resources/speech_cues.json``).
SPEECH_STEMS: tuple[str, ...] = tuple(json.loads(
    (Path(__file__).parent / "resources" / "speech_cues.json").read_text(encoding="utf-8"))["stems"])
_SPEECH = re.compile(rf"(?<!\w)(?:{'|'.join(re.escape(s) for s in sorted(SPEECH_STEMS, key=len, reverse=True))})",
                     re.IGNORECASE)


def speech_cue(cue: str | None, language: str = "en") -> bool:
    """Whether an attribution's cue is an act of saying, publishing or checking. The tagger
    sometimes takes the claim's own verb for a cue ("Fog grounds the drones", "Kinzhal
    destroys Patriot launcher"): its "source" is then what the claim is about, and the
    member's speaker is read from its sentence instead. A cue that is unknown, empty,
    punctuation (a colon before a quote) or not English is given the benefit of the doubt."""
    if not cue or language != "en" or not any(ch.isalpha() for ch in cue):
        return True
    return bool(_SPEECH.search(cue))
