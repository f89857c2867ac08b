"""Bytes to text, for files whose encoding nobody told us."""

from __future__ import annotations

import codecs


class DecodeError(ValueError):
    """The bytes are not text we can read (binary, or an encoding we cannot find)."""


_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)


def _utf16_without_bom(data: bytes) -> str | None:
    """UTF-16 text without a BOM shows NUL bytes at every other position."""
    sample = data[:4096]
    if len(sample) < 4:
        return None
    even = sample[0::2].count(0)
    odd = sample[1::2].count(0)
    half = len(sample) / 2
    enc = None
    if odd > 0.4 * half and even < 0.05 * half:
        enc = "utf-16-le"
    elif even > 0.4 * half and odd < 0.05 * half:
        enc = "utf-16-be"
    if enc is None:
        return None
    try:
        return data.decode(enc)
    except UnicodeDecodeError:
        return None


def _looks_binary(text: str) -> bool:
    sample = text[:8192]
    if not sample:
        return False
    if "\x00" in sample:
        return True
    controls = sum(1 for c in sample if ord(c) < 32 and c not in "\n\r\t\f\v")
    return controls / len(sample) > 0.02


def decode_bytes(data: bytes) -> tuple[str, str]:
    """Decode ``data`` to text; return (text, encoding used).

    Order: BOM → UTF-16 without BOM → strict UTF-8 → charset-normalizer's best guess.
    Newlines are normalised to LF and a leading BOM is dropped.

    Raises:
        DecodeError: binary content or no plausible encoding.
    """
    text: str | None = None
    encoding = ""
    for bom, enc in _BOMS:
        if data.startswith(bom):
            try:
                text = data[len(bom):].decode(enc)
                encoding = enc
            except UnicodeDecodeError as exc:
                raise DecodeError(f"starts with a {enc} byte-order mark but is not {enc}") from exc
            break
    if text is None:
        text = _utf16_without_bom(data)
        encoding = "utf-16" if text is not None else ""
    if text is None:
        if b"\x00" in data[:8192]:
            raise DecodeError("binary file (NUL bytes), not text")
        try:
            text = data.decode("utf-8")
            encoding = "utf-8"
        except UnicodeDecodeError:
            from charset_normalizer import from_bytes

            best = from_bytes(data[:1_000_000]).best()
            if best is None or best.encoding is None:
                raise DecodeError("unknown encoding (not UTF-8, no plausible charset)") from None
            encoding = best.encoding
            text = data.decode(encoding, errors="replace")
    if _looks_binary(text):
        raise DecodeError("binary file (control characters), not text")
    return text.replace("\r\n", "\n").replace("\r", "\n"), encoding
