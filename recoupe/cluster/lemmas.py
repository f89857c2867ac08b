"""A cheap lemma normaliser for the clustering fast path.

spaCy's lemmatiser costs milliseconds per article; clustering only needs words that
compare equal across inflections. The normaliser therefore:

1. tokenises with ``\\w+`` and folds each word (lower case, accents stripped, ligatures
   expanded; see :func:`recoupe.reuse.tokens.fold`);
2. drops stopwords (French + English lists in ``resources/stopwords/<lang>.txt``; both
   are always applied, so a mis-detected language costs nothing), pure numbers of one or
   two digits and one-letter words;
3. optionally strips inflection (``stemming``):

   - ``"none"``: folding only (the clustering default, see below);
   - ``"plural"``: plural ``-s``/``-x`` (``-aux`` → ``-al``) of words over three letters;
   - ``"minimal"``: for French, Lucene's ``FrenchMinimalStemmer`` rules (Savoy's light
     stemmer: ``-aux`` → ``-al``, final ``-x``, ``-s``, then ``-r``, ``-e`` and a doubled
     last letter: "américaines", "américains", "américaine" → "americain"); for English,
     Lucene's ``EnglishMinimalStemmer`` (plural ``-ies``/``-es``/``-s``). An article whose language is unknown gets the
     French rules, which also fold English plurals.

Why folding only by default: on RPM2 (ten French topics, four shuffled orders) minimal
stemming lowered story B-cubed F1 from 0.996 to 0.961 and plural stripping to 0.973 at
the same thresholds: conflating inflections raises the similarity of *related* topics
(two banking stories of autumn 2008) more than that of same-story articles, which share
their exact names and words anyway. Event F1 did not move (0.69–0.70).

The result is not a linguistic lemma, only a stable key; it is cached per word.
"""

from __future__ import annotations

import re
from functools import lru_cache
from importlib import resources

from recoupe.reuse.tokens import fold

_WORD = re.compile(r"\w+", re.UNICODE)
_OPENERS = frozenset(".!?…:\n«\"“—–•|")


@lru_cache(maxsize=1)
def stopwords() -> frozenset[str]:
    """The folded French + English stopword set from the packaged resource files."""
    words: set[str] = set()
    base = resources.files("recoupe.cluster").joinpath("resources", "stopwords")
    for lang in ("fr", "en"):
        text = base.joinpath(f"{lang}.txt").read_text(encoding="utf-8")
        words.update(w.strip() for w in text.splitlines() if w.strip() and not w.startswith("#"))
    return frozenset(words)


def stem_fr(word: str) -> str:
    """French minimal stemming of a folded word (after Lucene's ``FrenchMinimalStemmer``).

    The plural is stripped first, then the ``-r``/``-e``/doubled-letter rules apply to
    what is left when it has five letters or more, so that singular and plural agree
    ("drone"/"drones" → "dron"; Lucene tests the length before removing the plural).
    """
    if len(word) > 3 and word[-1] == "x":
        word = word[:-2] + "l" if word.endswith("aux") and len(word) > 4 else word[:-1]
    elif len(word) > 3 and word[-1] == "s" and word[-2] not in "su":
        word = word[:-1]
    if len(word) < 5:
        return word
    if word[-1] == "r":
        word = word[:-1]
    if word[-1] == "e":
        word = word[:-1]
    if len(word) > 2 and word[-1] == word[-2] and word[-1].isalpha():
        word = word[:-1]
    return word


def stem_en(word: str) -> str:
    """English minimal stemming of a folded word (Lucene ``EnglishMinimalStemmer``)."""
    n = len(word)
    if n < 3 or word[-1] != "s":
        return word
    if word[-2] in "us":
        return word
    if n > 3 and word.endswith("ies") and word[-4] not in "ae":
        return word[:-3] + "y"
    if n > 3 and word.endswith("es") and word[-3] not in "aeo":
        return word[:-1]
    return word[:-1]


def stem_plural(word: str) -> str:
    """Strip a plural ``-s``/``-x`` (``-aux`` → ``-al``) from a folded word."""
    if len(word) > 3 and word[-1] in "sx" and word[-2] not in "su" and not word.endswith("is"):
        if word.endswith("aux") and len(word) > 4:
            return word[:-3] + "al"
        return word[:-1]
    return word


STEMMING = ("none", "plural", "minimal")


@lru_cache(maxsize=500_000)
def _key(word: str, lang: str, stemming: str = "minimal") -> str | None:
    folded = fold(word)
    if len(folded) < 2 or folded in stopwords():
        return None
    if folded.isdigit() and len(folded) < 3:
        return None
    if stemming == "none":
        return folded
    if stemming == "plural":
        return stem_plural(folded)
    return stem_en(folded) if lang == "en" else stem_fr(folded)


def lemmas(text: str, language: str | None = None, stemming: str = "minimal") -> list[str]:
    """Normalised content words ("cheap lemmas") of ``text``, in order.

    Args:
        text: any text.
        language: ISO code; ``"en"`` selects English stemming, anything else French.
        stemming: ``"none"``, ``"plural"`` or ``"minimal"`` (see the module docstring).

    Returns:
        The keys of the content words, stopwords removed.

    Raises:
        ValueError: an unknown stemming level.
    """
    if stemming not in STEMMING:
        raise ValueError(f"[E203] unknown stemming '{stemming}'. Known: {', '.join(STEMMING)}")
    lang = "en" if language == "en" else "fr"
    out: list[str] = []
    for w in _WORD.findall(text):
        k = _key(w, lang, stemming)
        if k is not None:
            out.append(k)
    return out


def name_keys(text: str, language: str | None = None) -> list[str]:
    """Pseudo-entities: capitalised words not opening a sentence, as ``"n:<folded>"``.

    Used as the entity feature when the NLP layer gave no mentions (English headlines,
    an article analysed without spaCy). Crude, but it favours names over common words.
    Names are folded but not stemmed, so the keys are the same in every language
    ("Garenne" in a French and in an English article).
    """
    lang = "en" if language == "en" else "fr"
    out: list[str] = []
    for m in _WORD.finditer(text):
        w = m.group()
        if not w[0].isupper() or (w.isupper() and len(w) > 5):  # shouted words are not names
            continue
        i = m.start() - 1
        while i >= 0 and text[i] in " \t'’":
            i -= 1
        if i < 0 or text[i] in _OPENERS:
            continue  # opens a sentence or a line: capitalised anyway
        if _key(w, lang) is not None:  # not a stopword, not a short number
            out.append("n:" + fold(w))
    return out
