"""Language of an article, with a confidence.

lingua is built once per set of languages and only loads those models (memory and speed
stay small). A text in a language outside the set comes out as the nearest configured
language with a low confidence, which is why the confidence travels with the answer.
"""

from __future__ import annotations

from functools import lru_cache
from typing import Any


class LanguageConfigError(ValueError):
    """A configured language code lingua does not know."""


@lru_cache(maxsize=8)
def _detector(codes: tuple[str, ...]) -> Any:
    from lingua import IsoCode639_1, Language, LanguageDetectorBuilder

    langs = []
    for code in codes:
        try:
            iso = getattr(IsoCode639_1, code.upper())
        except AttributeError:
            raise LanguageConfigError(
                f"[L001] unknown language code '{code}' in language.languages"
            ) from None
        langs.append(Language.from_iso_code_639_1(iso))
    if len(langs) == 1:
        return None
    return LanguageDetectorBuilder.from_languages(*langs).build()


def detect_language(text: str, codes: tuple[str, ...] = ("fr", "en")) -> tuple[str | None, float]:
    """ISO 639-1 code of ``text``'s language and lingua's confidence in it.

    Args:
        text: the cleaned article text (the first 3,000 characters are enough).
        codes: the configured languages.

    Returns:
        (code, confidence); (None, 0.0) for a text with no letters.
    """
    sample = text[:3000]
    if not any(c.isalpha() for c in sample):
        return None, 0.0
    det = _detector(tuple(codes))
    if det is None:
        return codes[0], 1.0
    values = det.compute_language_confidence_values(sample)
    if not values:
        return None, 0.0
    top = values[0]
    return top.language.iso_code_639_1.name.lower(), round(float(top.value), 4)
