"""Ukrainian national romanisation (the 2010 Cabinet of Ministers table).

GeoNames keeps older romanisations as the main name of many Ukrainian places
(Zaporizhzhya, Kupyansk, Avdiyivka); the contract wants the current official form
(Zaporizhzhia, Kupiansk, Avdiivka), which is this table applied to the Ukrainian name.
"""

from __future__ import annotations

from difflib import SequenceMatcher

# Letters romanised differently at the start of a word.
_INITIAL = {"є": "ye", "ї": "yi", "й": "y", "ю": "yu", "я": "ya"}
_TABLE = {
    "а": "a", "б": "b", "в": "v", "г": "h", "ґ": "g", "д": "d", "е": "e", "є": "ie",
    "ж": "zh", "з": "z", "и": "y", "і": "i", "ї": "i", "й": "i", "к": "k", "л": "l",
    "м": "m", "н": "n", "о": "o", "п": "p", "р": "r", "с": "s", "т": "t", "у": "u",
    "ф": "f", "х": "kh", "ц": "ts", "ч": "ch", "ш": "sh", "щ": "shch", "ь": "",
    "ю": "iu", "я": "ia", "'": "", "’": "", "ʼ": "",
}
#: Cyrillic letters absent from Ukrainian: a name with one is Russian, Serbian, ...
NOT_UKRAINIAN = frozenset("ыэъёјљњћђџѓќѕЫЭЪЁЈЉЊЋЂЏЃЌЅ")
#: Letters and the apostrophe that only Ukrainian spelling uses.
UKRAINIAN_MARKS = frozenset("іїєґІЇЄҐ'’ʼ")


def romanise(text: str) -> str:
    """Romanises Ukrainian Cyrillic; other characters pass through unchanged."""
    out: list[str] = []
    at_start = True
    for i, ch in enumerate(text):
        low = ch.lower()
        if low == "г" and i > 0 and text[i - 1].lower() == "з":
            rom = "gh"  # зг -> zgh, so it is not read as zh
        elif at_start and low in _INITIAL:
            rom = _INITIAL[low]
        else:
            rom = _TABLE.get(low, ch)
        if ch != low and rom:
            rom = rom[0].upper() + rom[1:]
        out.append(rom)
        at_start = not ch.isalpha() and ch not in "'’ʼ"
    return "".join(out)


def ukrainian_name(main: str, alternates: list[str]) -> str:
    """The romanised Ukrainian name closest to ``main``, or ``main`` if none is close.

    Closeness guards against old names (Артемівськ for Bakhmut), which are Ukrainian
    too but are not the current name.
    """
    best, best_ratio = main, 0.6
    for alt in alternates:
        if not ("а" <= alt[:1].lower() <= "я" or alt[:1] in "ІЇЄҐ") or NOT_UKRAINIAN.intersection(alt):
            continue
        rom = romanise(alt)
        ratio = SequenceMatcher(None, rom.casefold(), main.casefold()).ratio()
        if UKRAINIAN_MARKS.intersection(alt):  # surely Ukrainian, not a bare Russian form
            ratio += 0.15
        if ratio > best_ratio:
            best, best_ratio = rom, ratio
    return best
