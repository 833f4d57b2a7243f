"""Bytes to text, refusing binary data and undecodable or mixed encodings.

Guessing an encoding silently corrupts every offset downstream, so this module decodes
only what it can prove: a BOM, strict UTF-8, or a file that is wholly plausible
Windows-1251 Cyrillic. Everything else is rejected with a reason that says how to fix it.
"""

from __future__ import annotations

import codecs
import re

from sourcetrace.errors import BinaryInput, EmptyInput, EncodingError

#: Leading bytes of common binary formats, with a name for the message.
MAGIC: tuple[tuple[bytes, str], ...] = (
    (b"%PDF-", "a PDF document"),
    (b"\x89PNG\r\n\x1a\n", "a PNG image"),
    (b"\xff\xd8\xff", "a JPEG image"),
    (b"GIF87a", "a GIF image"),
    (b"GIF89a", "a GIF image"),
    (b"PK\x03\x04", "a ZIP archive (or DOCX/XLSX/EPUB)"),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", "an old Microsoft Office document"),
    (b"\x7fELF", "an executable"),
    (b"Rar!\x1a\x07", "a RAR archive"),
    (b"7z\xbc\xaf\x27\x1c", "a 7-Zip archive"),
    (b"BZh", "a bzip2 archive"),
    (b"\xfd7zXZ\x00", "an xz archive"),
    (b"\x28\xb5\x2f\xfd", "a zstd archive"),
    (b"SQLite format 3\x00", "an SQLite database"),
    (b"OggS", "an Ogg media file"),
    (b"ID3", "an MP3 file"),
    (b"RIFF", "a RIFF media file (WAV/AVI/WebP)"),
    (b"\x1f\x8b", "gzip-compressed data"),
)

_BOMS: tuple[tuple[bytes, str], ...] = (
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)

#: Control characters that do not occur in text (tab, newlines, form feed excluded).
_CONTROL = re.compile(r"[\x00-\x08\x0e-\x1a\x1c-\x1f\x7f]")
_CONTROL_BYTES = re.compile(rb"[\x00-\x08\x0e-\x1a\x1c-\x1f\x7f]")
MAX_CONTROL_RATIO = 0.05

#: A valid multi-byte UTF-8 sequence (2 to 4 bytes).
_UTF8_SEQ = re.compile(
    rb"[\xc2-\xdf][\x80-\xbf]|[\xe0-\xef][\x80-\xbf]{2}|[\xf0-\xf4][\x80-\xbf]{3}"
)
#: Letters of Russian, Ukrainian and Belarusian, the languages cp1251 files here hold.
_CYR_WORD = re.compile(r"^[А-Яа-яЁёІіЇїЄєҐґЎў]+(?:['’ʼ-][А-Яа-яЁёІіЇїЄєҐґЎў]+)*$")
_EDGE_PUNCT = "\"'()[]{}<>«»„“”‘’‚.,;:!?…—–-*/\\0123456789%№"
MIN_CP1251_WORDS = 3


def magic_name(head: bytes) -> str | None:
    """The name of the binary format ``head`` starts with, if it is a known one."""
    for magic, name in MAGIC:
        if head.startswith(magic):
            return name
    return None


def check_not_binary(data: bytes) -> None:
    """Raises ``BinaryInput`` for known binary formats, NUL bytes or many control bytes."""
    name = magic_name(data[:16])
    if name:
        raise BinaryInput(f"binary file: looks like {name}, not text; convert it to text, HTML or JSON first")
    sample = data[:65536]
    if b"\x00" in sample and not any(sample.startswith(bom) for bom, _ in _BOMS):
        at = sample.index(b"\x00")
        raise BinaryInput(f"binary file: NUL byte at offset {at}; only text formats can be ingested")
    if sample and len(_CONTROL_BYTES.findall(sample)) / len(sample) > MAX_CONTROL_RATIO:
        raise BinaryInput("binary file: too many control characters for text; only text formats can be ingested")


def _check_text(text: str) -> None:
    if "\x00" in text or (text and len(_CONTROL.findall(text[:65536])) / min(len(text), 65536) > MAX_CONTROL_RATIO):
        raise BinaryInput("binary data: decoded text is full of control characters; only text formats can be ingested")


def looks_cp1251(data: bytes) -> bool:
    """True when ``data`` reads as Cyrillic in Windows-1251 word by word.

    A UTF-8 or Latin-1 file misread as cp1251 produces words that mix Cyrillic with
    Latin letters or symbols (``GrьЯe``, ``РїСЂ``), so requiring every word with a
    non-ASCII character to be purely Cyrillic tells the cases apart.
    """
    try:
        text = data.decode("cp1251")
    except UnicodeDecodeError:
        return False
    good = 0
    for word in text.split():
        if word.isascii():
            continue
        core = word.strip(_EDGE_PUNCT)
        if not _CYR_WORD.match(core):
            return False
        good += 1
    return good >= MIN_CP1251_WORDS


def _first_bad_utf8(data: bytes) -> tuple[int, int]:
    try:
        data.decode("utf-8")
    except UnicodeDecodeError as exc:
        return exc.start, data[exc.start]
    return -1, 0


def decode_bytes(data: bytes) -> tuple[str, str]:
    """Decodes ``data`` into text and names the encoding used.

    Raises:
        BinaryInput: the data is not text.
        EncodingError: the data is not valid in any encoding we can prove.
    """
    for bom, enc in _BOMS:
        if data.startswith(bom):
            try:
                text = data[len(bom):].decode(enc)
            except UnicodeDecodeError as exc:
                raise EncodingError(
                    f"invalid {enc.upper()} despite its byte-order mark (bad bytes at offset "
                    f"{exc.start + len(bom)}); re-save the file as UTF-8"
                ) from None
            _check_text(text)
            return text, enc
    check_not_binary(data)
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        pass
    # Genuine UTF-8 Cyrillic misread as cp1251 yields symbols such as Ѓ, ° or ‚ inside
    # words, so a UTF-8 fragment in a cp1251 file fails this test: no mixed file passes.
    if looks_cp1251(data):
        return data.decode("cp1251"), "cp1251"
    at, byte = _first_bad_utf8(data)
    if _UTF8_SEQ.search(data):
        raise EncodingError(
            f"mixed encodings: valid UTF-8 text but an invalid byte 0x{byte:02x} at offset {at}; "
            f"re-save the whole file as UTF-8"
        )
    raise EncodingError(
        f"not UTF-8 (invalid byte 0x{byte:02x} at offset {at}) and not recognisable Windows-1251 "
        f"Cyrillic; re-save the file as UTF-8"
    )


def decode_text(data: bytes) -> tuple[str, str]:
    """Like :func:`decode_bytes`, also refusing text that is empty or only whitespace."""
    if not data:
        raise EmptyInput("empty file: 0 bytes; nothing to ingest")
    text, enc = decode_bytes(data)
    if not text.strip():
        raise EmptyInput(f"empty text: {len(data)} bytes of whitespace only; nothing to ingest")
    return text, enc
