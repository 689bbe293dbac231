"""Bytes to text: refuse binary data, honour byte-order marks, detect legacy encodings."""

from __future__ import annotations

import codecs
import re

from charset_normalizer import from_bytes

from detente.errors import IngestError

_BOMS = (
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)
_TEXT_CONTROLS = {9, 10, 12, 13}


def looks_binary(data: bytes) -> bool:
    """True for data with NUL bytes or many control characters in its first 8 KiB (images, PDFs, archives)."""
    head = data[:8192]
    if not head:
        return False
    if b"\x00" in head:
        return True
    controls = sum(1 for b in head if b < 32 and b not in _TEXT_CONTROLS)
    return controls / len(head) > 0.05


def decode_text(data: bytes, *, where: str) -> str:
    """Decode an input file's bytes, or raise :class:`IngestError` saying why it is not text."""
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            try:
                return data.decode(encoding)
            except UnicodeDecodeError as err:
                raise IngestError(
                    f"undecodable: starts with a {encoding} byte-order mark but is not valid {encoding} ({err.reason})",
                    where=where,
                    fix="re-save the file as UTF-8",
                ) from err
    if looks_binary(data):
        raise IngestError(
            "binary file, not text",
            where=where,
            fix="give text, HTML or JSONL files (convert PDFs to text first)",
        )
    try:
        return repair_mojibake(data.decode("utf-8"))
    except UnicodeDecodeError as err:
        candidates = from_bytes(data[:200_000])
        best = candidates.best()
        if best is None or best.encoding is None or best.chaos > 0.2:
            raise IngestError(
                f"undecodable: not UTF-8 (byte {err.start}: {err.reason}) and no other encoding fits",
                where=where,
                fix="re-save the file as UTF-8",
            ) from err
        # Western European news is the common case: take Windows-1252 when it reads as well as the best guess
        western = [c for c in candidates if c.encoding == "cp1252" and c.chaos <= best.chaos + 0.02]
        return data.decode(western[0].encoding if western else best.encoding, errors="replace")


_MOJIBAKE = re.compile(
    "[\u00c2-\u00f4][\u0080-\u00bf\u0152\u0153\u0160\u0161\u0178\u017d\u017e\u0192\u02c6\u02dc\u2013\u2014\u2018-\u201e\u2020-\u2022\u2026\u2030\u2039\u203a\u20ac\u2122]{1,3}"
)


def _cp1252_byte(ch: str) -> bytes:
    try:
        return ch.encode("cp1252")
    except UnicodeEncodeError:
        return bytes([ord(ch)]) if ord(ch) < 256 else ch.encode("utf-8")  # the five bytes cp1252 leaves undefined


def repair_mojibake(text: str) -> str:
    """Undo UTF-8 read as Windows-1252 in scraped text ("donâ€™t" -> "don’t", "RÃ©union" -> "Réunion").

    Only runs that re-encode to valid UTF-8 are replaced, so genuine Latin-1 text ("Â", "é" alone) is untouched.
    """
    if not _MOJIBAKE.search(text):
        return text

    def fix(match: re.Match[str]) -> str:
        raw = b"".join(_cp1252_byte(ch) for ch in match.group(0))
        try:
            return raw.decode("utf-8")
        except UnicodeDecodeError:
            return match.group(0)

    # the right double quote's last byte (0x9D) has no Windows-1252 character: it is often lost or replaced
    return _MOJIBAKE.sub(fix, text).replace("â€\ufffd", "”").replace("â€", "”")
