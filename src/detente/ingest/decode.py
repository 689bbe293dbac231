"""Bytes to text: refuse binary data, honour byte-order marks, detect legacy encodings."""

from __future__ import annotations

import codecs

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
        return data.decode("utf-8")
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
