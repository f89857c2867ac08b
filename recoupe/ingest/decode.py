"""Bytes to text, for files whose encoding nobody told us."""

from __future__ import annotations

import codecs
import re


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


#: the encoding :func:`decode_bytes` reports for a file whose lines mix UTF-8 and cp1252
MIXED = "utf-8+cp1252"


#: well-formed UTF-8 sequences of two to four bytes (RFC 3629: no overlong forms, no
#: surrogates)
_UTF8_SEQ = re.compile(rb"[\xc2-\xdf][\x80-\xbf]|\xe0[\xa0-\xbf][\x80-\xbf]"
                       rb"|[\xe1-\xec\xee\xef][\x80-\xbf]{2}|\xed[\x80-\x9f][\x80-\xbf]"
                       rb"|\xf0[\x90-\xbf][\x80-\xbf]{2}|[\xf1-\xf3][\x80-\xbf]{3}|\xf4[\x80-\x8f][\x80-\xbf]{2}")


def _cp1252_fallback(exc: UnicodeError) -> tuple[str, int]:
    """A codec error handler: a byte that is no UTF-8 is read as cp1252 (Latin-1's superset)."""
    if not isinstance(exc, UnicodeDecodeError):
        raise exc
    bad = exc.object[exc.start:exc.start + 1]
    return bytes(bad).decode("cp1252", errors="replace"), exc.start + 1


codecs.register_error("recoupe-cp1252", _cp1252_fallback)


def _mixed_utf8(data: bytes) -> str | None:
    """Text pasted together from UTF-8 and Latin-1/cp1252 parts ("grève" in UTF-8 and
    "l'école" in one byte, even on one line): UTF-8 where the bytes are UTF-8, cp1252 for
    the others. None when no UTF-8 accent is found (a plain single-byte file, for
    charset-normalizer) or when the UTF-8 sequences do not read as Latin letters."""
    seqs = _UTF8_SEQ.findall(data[:1_000_000])
    if not seqs:
        return None
    chars = [seq.decode("utf-8", errors="replace") for seq in seqs]
    latin = sum(1 for c in chars if "\u00c0" <= c <= "\u00ff" or c in "ŒœŸ«»’‘“”…–—°€\u00a0\u202f")
    if latin < max(1, 0.8 * len(chars)):
        return None
    return data.decode("utf-8", errors="recoupe-cp1252")


#: the letters and signs of French (and the other Western European languages) outside ASCII
_WESTERN = frozenset("àâäéèêëîïôöùûüÿçœæÀÂÄÉÈÊËÎÏÔÖÙÛÜŸÇŒÆáíóúñ¡¿ÁÍÓÚÑãõÃÕìòÌÒß"
                     "«»’‘“”…–—°€\u00a0\u202f·•§©®ºª")


def _western(data: bytes) -> str | None:
    """A single-byte file of French (or another Western language) as cp1252 reads it: when
    every byte decodes and its non-ASCII characters are Western letters and signs.
    charset-normalizer takes short French texts for Central European (cp1250: "grčve ŕ
    l'école"); None leaves the guess to it (Cyrillic in cp1251, Greek...)."""
    try:
        text = data[:1_000_000].decode("cp1252")
    except UnicodeDecodeError:
        return None
    other = [c for c in text if ord(c) > 0x7F]
    if not other or sum(c in _WESTERN for c in other) < 0.95 * len(other):
        return None
    return data.decode("cp1252", errors="replace")


def decode_bytes(data: bytes) -> tuple[str, str]:
    """Decode ``data`` to text; return (text, encoding used).

    Order: BOM → UTF-16 without BOM → strict UTF-8 → UTF-8 and cp1252 mixed in one file
    (encoding :data:`MIXED`) → cp1252 when it reads as a Western language → charset-
    normalizer's best guess.
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
            mixed = _mixed_utf8(data)
            if mixed is not None:
                return mixed.replace("\r\n", "\n").replace("\r", "\n"), MIXED
            western = _western(data)
            if western is not None:
                return western.replace("\r\n", "\n").replace("\r", "\n"), "cp1252"
            from charset_normalizer import from_bytes

            best = from_bytes(data[:1_000_000]).best()
            if best is None or best.encoding is None:
                raise DecodeError("unknown encoding (not UTF-8, no plausible charset)") from None
            encoding = best.encoding
            text = data.decode(encoding, errors="replace")
    if _looks_binary(text):
        raise DecodeError("binary file (control characters), not text")
    return text.replace("\r\n", "\n").replace("\r", "\n"), encoding
