"""RawItem to Document: the one text every offset refers to, and its language and date.

Plain text is kept exactly as decoded. Text from markup is normalised, deliberately lightly (NFC, ``\\n`` line ends, no trailing spaces, at most
one blank line between paragraphs) so the text stays the author's; the language comes
from the item when it states one, else from py3langid restricted to the languages
sourcetrace handles.
"""

from __future__ import annotations

import re
import unicodedata
from datetime import UTC, date, datetime
from email.utils import parsedate_to_datetime
from functools import lru_cache
from typing import Any

from sourcetrace.errors import EmptyInput
from sourcetrace.ingest.decode import decode_text
from sourcetrace.model import Document, RawItem

LANGUAGES = ("en", "de", "ru", "uk")
DEFAULT_LANGUAGE = "en"
_TRAILING = re.compile(r"[ \t\u00a0\u3000]+$", re.MULTILINE)
_BLANKS = re.compile(r"\n{3,}")
_DATE_ONLY = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_FORMATS = ("%Y-%m-%d %H:%M:%S", "%Y-%m-%d %H:%M", "%d.%m.%Y %H:%M", "%d.%m.%Y", "%Y/%m/%d",
            "%d %B %Y", "%B %d, %Y", "%b %d, %Y", "%d %b %Y")


def normalize_text(text: str) -> str:
    """NFC, ``\\r\\n``/``\\r`` to ``\\n``, trailing spaces stripped, 3+ line breaks to one blank line."""
    text = unicodedata.normalize("NFC", text).replace("\r\n", "\n").replace("\r", "\n")
    text = text.replace("\ufeff", "")
    text = _TRAILING.sub("", text)
    return _BLANKS.sub("\n\n", text).strip("\n")


@lru_cache(maxsize=1)
def _identifier() -> Any:
    from py3langid.langid import MODEL_FILE, LanguageIdentifier

    ident = LanguageIdentifier.from_model_file(MODEL_FILE, norm_probs=True)
    ident.set_languages(list(LANGUAGES))
    return ident


def identify_language(text: str) -> str:
    """The most likely of :data:`LANGUAGES` for ``text``."""
    sample = text[:5000]
    if not any(ch.isalpha() for ch in sample):
        return DEFAULT_LANGUAGE
    lang, _prob = _identifier().classify(sample)
    return str(lang)


def normalize_language(value: str | None) -> str | None:
    """``en-US``, ``EN``, ``en_GB`` -> ``en``; None for anything not a language code."""
    if not value:
        return None
    code = re.split(r"[-_]", value.strip())[0].lower()
    return code if re.fullmatch(r"[a-z]{2,3}", code) else None


def normalize_date(value: str | None) -> str | None:
    """An ISO 8601 date or datetime for ``value``, or None when it cannot be read.

    Never guesses: a value that no known format reads gives None. Datetimes keep their
    UTC offset; a date-only input stays a date.
    """
    if not value or not str(value).strip():
        return None
    raw = str(value).strip()
    if _DATE_ONLY.match(raw):
        try:
            return date.fromisoformat(raw).isoformat()
        except ValueError:
            return None
    parsed: datetime | None = None
    try:
        parsed = datetime.fromisoformat(raw)
    except ValueError:
        try:
            parsed = parsedate_to_datetime(raw)  # RSS: "Wed, 22 Nov 2023 10:00:00 GMT"
        except (TypeError, ValueError, IndexError):
            parsed = None
    if parsed is None:
        for fmt in _FORMATS:
            try:
                parsed = datetime.strptime(raw, fmt)
                break
            except ValueError:
                continue
    if parsed is None:
        if re.fullmatch(r"\d{9,11}", raw):  # a Unix timestamp
            return datetime.fromtimestamp(int(raw), tz=UTC).isoformat()
        return None
    if parsed.tzinfo is None and parsed.hour == parsed.minute == parsed.second == 0 and ":" not in raw:
        return parsed.date().isoformat()
    return parsed.isoformat()


def to_document(item: RawItem) -> Document:
    """Normalises one reader item into a :class:`Document`.

    Raises:
        EmptyInput: nothing but whitespace is left after normalisation.
        BinaryInput, EncodingError: ``item.text`` was unset and ``item.data`` is not text.
    """
    text = item.text if item.text is not None else decode_text(item.data)[0]
    # Plain text stays as the file has it, so offsets into the file and the text agree
    # (the extraction contract); text taken out of markup is normalised.
    if item.media_type != "text/plain":
        text = normalize_text(text)
    if not text.strip():
        raise EmptyInput("no text left after normalisation; the item holds only whitespace")
    language = normalize_language(item.language) or identify_language(text)
    return Document(
        text=text, url=item.url, outlet=item.outlet, title=item.title, authors=list(item.authors),
        published=normalize_date(item.published), language=language, relays=list(item.relays),
        metadata=dict(item.metadata),
    )
