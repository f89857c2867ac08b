"""Language of an article, with a confidence.

lingua is built once per set of languages and only loads those models, in its
low-accuracy mode for texts of 200 characters or more (16 languages: 41 MB and 0.1 s to
load instead of 355 MB and 2.3 s; as right on article-length texts) and in its full mode
for shorter ones (headlines). A text in a language outside the set comes out as the
nearest configured language with a low confidence, which is why the confidence travels
with the answer. A language the article's metadata declares always wins (see
``recoupe/pipeline.py``).
"""

from __future__ import annotations

from functools import lru_cache
from typing import Any


class LanguageConfigError(ValueError):
    """A configured language code lingua does not know."""


#: from this many characters of text, lingua's low-accuracy mode (trigrams only, a tenth
#: of the memory) is as right as the full one; shorter texts (headlines) use the full one
LOW_ACCURACY_FROM = 200


@lru_cache(maxsize=8)
def _detector(codes: tuple[str, ...], low: bool = False) -> Any:
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
    builder = LanguageDetectorBuilder.from_languages(*langs)
    return (builder.with_low_accuracy_mode() if low else builder).build()


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
    det = _detector(tuple(codes), len(sample) >= LOW_ACCURACY_FROM)
    if det is None:
        return codes[0], 1.0
    values = det.compute_language_confidence_values(sample)
    if not values:
        return None, 0.0
    top = values[0]
    return top.language.iso_code_639_1.name.lower(), round(float(top.value), 4)
