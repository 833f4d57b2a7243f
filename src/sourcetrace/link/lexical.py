"""Lexical overlap of claims: the names, numbers and content words two reports share.

Within one language, outlets' versions of one incident share its place names, numbers
and key nouns ("212", "Patriot", "Sumska", "marines") even when the sentence encoder
finds them only loosely alike; two incidents at one place share the place but not the
rest. Words are cut to a five-letter stem and Cyrillic is transliterated, so "Крынками"
and "Krynky", "Патриот" and "Patriot" meet across languages too. No IDF: weights
must not change as the store grows, or linking new claims would differ from relinking.
"""

from __future__ import annotations

import json
import math
import re
from collections import Counter
from collections.abc import Iterable
from functools import lru_cache
from pathlib import Path

STOPWORDS = Path(__file__).parent / "resources" / "stopwords.json"
STEM = 5
_WORD = re.compile(r"\w+")
_CYRILLIC = dict(zip("абвгдеёжзийклмнопрстуфхцчшщъыьэюяіїєґ",
                     ["a", "b", "v", "g", "d", "e", "e", "zh", "z", "i", "y", "k", "l", "m", "n", "o", "p",
                      "r", "s", "t", "u", "f", "kh", "ts", "ch", "sh", "shch", "", "y", "", "e", "yu", "ya",
                      "i", "i", "ye", "g"], strict=True))


def translit(word: str) -> str:
    """Cyrillic letters to Latin (a loose table: only overlap with English spellings matters)."""
    return "".join(_CYRILLIC.get(ch, ch) for ch in word)


@lru_cache(maxsize=1)
def stopwords() -> frozenset[str]:
    data = json.loads(STOPWORDS.read_text(encoding="utf-8"))
    return frozenset(w for lang, words in data.items() if lang != "note" for w in words)


def terms(text: str) -> frozenset[str]:
    """The claim's content terms: stems of content words (Cyrillic transliterated) and numbers."""
    stop = stopwords()
    out = set()
    for w in _WORD.findall(text.casefold()):
        if w in stop or (len(w) < 3 and not w.isdigit()) or w.startswith("_"):
            continue
        if not w.isascii():
            w = translit(w)
        out.add(w if w.isdigit() else w[:STEM])
    return frozenset(out)


class Profile:
    """The summed terms of a cluster's members, with the norm kept up to date."""

    __slots__ = ("counts", "square")

    def __init__(self) -> None:
        self.counts: Counter[str] = Counter()
        self.square = 0.0

    def add(self, words: Iterable[str]) -> None:
        for w in words:
            c = self.counts[w]
            self.square += 2 * c + 1
            self.counts[w] = c + 1

    def cosine(self, words: frozenset[str]) -> float:
        """Cosine of a claim's binary term vector with this profile."""
        if not words or not self.square:
            return 0.0
        get = self.counts.get
        dot = sum(get(w, 0) for w in words)
        return dot / math.sqrt(len(words) * self.square) if dot else 0.0
