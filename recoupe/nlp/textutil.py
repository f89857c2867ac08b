"""Small text helpers shared by the French analysis modules."""

from __future__ import annotations

import re
import unicodedata

_APOSTROPHES = str.maketrans({"’": "'", "ʼ": "'", "`": "'", "´": "'"})
_DASHES = str.maketrans({"‐": "-", "‑": "-", "–": "-", "—": "-"})
_SPACES_RE = re.compile(r"\s+")
_LEADING_ARTICLE_RE = re.compile(
    r"^(?:l'|d'|le |la |les |du |des |de la |de l'|de |un |une |au |aux )", re.IGNORECASE
)


def strip_accents(text: str) -> str:
    """Return ``text`` without combining accents ("Sergueï" -> "Serguei").

    Args:
        text: any string.

    Returns:
        The string with every combining mark removed (NFKD, then recomposed).
    """
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def normalize_quotes(text: str) -> str:
    """Map typographic apostrophes and dashes to their ASCII forms (length-preserving).

    Args:
        text: any string.

    Returns:
        The same string with ``’`` -> ``'`` and dashes -> ``-``; offsets are unchanged.
    """
    return text.translate(_APOSTROPHES).translate(_DASHES)


def fold(text: str) -> str:
    """Comparison key: lower case, no accents, ASCII apostrophes, single spaces.

    Args:
        text: any string.

    Returns:
        The folded string.
    """
    out = strip_accents(normalize_quotes(text)).casefold()
    return _SPACES_RE.sub(" ", out).strip()


def name_key(text: str) -> str:
    """Key under which two spellings of a name are the same entity.

    Folds case and accents, turns hyphens and dots into spaces and drops a leading
    article, so "l'Otan", "OTAN" and "Otan" share one key.

    Args:
        text: an entity surface form.

    Returns:
        The key (possibly empty).
    """
    out = fold(text)
    out = _LEADING_ARTICLE_RE.sub("", out)
    out = re.sub(r"[-.\u00b7]", " ", out)
    out = re.sub(r"[^\w' ]", "", out)
    return _SPACES_RE.sub(" ", out).strip()


def slugify(text: str) -> str:
    """Return a lower-case ASCII slug ("Dmitri Peskov" -> "dmitri-peskov").

    Args:
        text: any string.

    Returns:
        The slug; "x" when nothing is left.
    """
    out = strip_accents(normalize_quotes(text)).casefold()
    out = re.sub(r"[^a-z0-9]+", "-", out).strip("-")
    return out or "x"
