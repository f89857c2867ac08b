"""Offset-preserving word tokens and sentence spans shared by reuse and clustering.

Tokens are runs of word characters (``\\w+``) in the original text; each carries its
``start``/``end`` offsets and a *folded* form (lower case, accents stripped, ``œ`` → ``oe``)
so that "Kyiv"/"KYIV" or "Etats"/"États" compare equal while offsets still index the text.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache

from recoupe.text import append_trimmed

_WORD = re.compile(r"\w+", re.UNICODE)
# sentence ends: . ! ? … followed by space/quote and an upper-case letter or a digit, or a
# line break (paragraphs and headlines are always their own units)
_SENT_END = re.compile(r"(?<=[.!?…])[\"»”’)\]]*\s+(?=[«\"“(\[]?\s?[A-ZÀ-ÖØ-Þ0-9])|\n+")
_LIGATURES = str.maketrans({"œ": "oe", "Œ": "oe", "æ": "ae", "Æ": "ae", "ß": "ss"})


@dataclass(slots=True, frozen=True)
class Token:
    """One word of a text: folded form plus offsets into the original string."""

    norm: str
    start: int
    end: int


@lru_cache(maxsize=200_000)
def fold(word: str) -> str:
    """Lower-case ``word``, strip accents and expand ligatures ("Œuvre" → "oeuvre")."""
    low = word.lower().translate(_LIGATURES)
    if low.isascii():
        return low
    decomposed = unicodedata.normalize("NFKD", low)
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def tokenize(text: str, offset: int = 0) -> list[Token]:
    """Split ``text`` into word tokens with offsets (shifted by ``offset``).

    Args:
        text: any string.
        offset: added to every start/end (to tokenise a slice of a larger text).

    Returns:
        The tokens in order; punctuation and spaces are dropped.
    """
    return [Token(fold(m.group()), m.start() + offset, m.end() + offset)
            for m in _WORD.finditer(text)]


def words(text: str) -> list[str]:
    """Folded words of ``text`` without offsets (the fast path for shingling)."""
    return [fold(w) for w in _WORD.findall(text)]


def word_grams(ws: list[str], n: int) -> set[str]:
    """Distinct runs of ``n`` consecutive words of ``ws``, joined by spaces.

    A list shorter than ``n`` words gives one gram: all its words (so two short headlines
    can still be compared); an empty list gives none.
    """
    if not ws:
        return set()
    if len(ws) <= n:
        return {" ".join(ws)}
    return {" ".join(ws[i:i + n]) for i in range(len(ws) - n + 1)}


def sentence_spans(text: str) -> list[tuple[int, int]]:
    """Cut ``text`` into sentence-like units: sentences, headlines, paragraph lines.

    A cheap regex splitter (line breaks always cut; ``. ! ? …`` cut before a capital or
    a digit). Leading/trailing spaces are trimmed from each span; empty spans are dropped.

    Returns:
        ``(start, end)`` pairs indexing ``text``.
    """
    spans: list[tuple[int, int]] = []
    pos = 0
    for m in _SENT_END.finditer(text):
        append_trimmed(text, pos, m.start(), spans)
        pos = m.end()
    append_trimmed(text, pos, len(text), spans)
    return spans


