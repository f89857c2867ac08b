"""The last step of attribution: show a speaker only when the evidence is strong enough.

Attribution is candidates → scoring → decision. The rules of :mod:`.quotes`,
:mod:`.speakers` and :mod:`.attribution` propose one candidate per quote (a name, an
entity, the phrase it was read from); this module scores it and decides:

- **how it was reached** (:func:`how_reached`): ``named`` (the entity's name is written in
  the speaker span at the cue), ``role`` (an entity reached through another phrase: "le
  ministre", "il"), ``carried`` (an entity with no span: a quote continuing the previous
  one), ``phrase`` (a phrase left as written, no entity);
- **its score**: how often a speaker reached that way was right on the development quote
  golds (``resources/speaker_confidence.toml``, measured by
  ``python eval/speaker_reliability.py --dev``; the unseen golds give the figures the
  docs quote);
- **the decision**: the quote keeps ``speaker`` only when the score reaches
  ``nlp.speaker_min_confidence``; otherwise ``speaker`` and ``speaker_entity`` are None and
  the candidate stays in ``speaker_candidates`` with its score and how it was reached.

A phrase that does not refer to a person, group or organisation is never a speaker nor a
candidate: one that opens with a conjunction, a pronoun, a preposition or a number ("ou",
"il réfute les étiquettes", "S'il", "59% des personnes"). Nor is a lone adverb or
discourse label the tagger took for a name ("Effectivement", "Résultat"). A description that
is no person ("La formule") is not caught by this test; its candidate has no entity (``phrase``), which
the decision keeps back.
"""

from __future__ import annotations

import re
import tomllib
from functools import lru_cache
from importlib import resources

from recoupe.model import Quote
from recoupe.nlp.textutil import fold

#: default ``nlp.speaker_min_confidence``: a speaker is shown when speakers reached the
#: same way were right at least this often on the development golds
MIN_CONFIDENCE = 0.9

#: first words that never open the name of a speaker (folded, apostrophes kept)
_NOT_OPENING = frozenset([
    "ou", "et", "mais", "donc", "or", "ni", "car", "puis", "alors", "que", "qu'", "qui",
    "quoi", "dont", "si", "s'", "comme", "quand", "lorsque", "il", "elle", "ils", "elles",
    "on", "je", "j'", "tu", "nous", "vous", "me", "m'", "te", "t'", "se", "lui", "leur", "eux",
    "ce", "c'", "ceci", "cela", "ca", "ça", "celui", "celle", "ceux", "celles", "y", "en",
    "de", "d'", "du", "des", "a", "au", "aux", "par", "pour", "sur", "sous", "dans", "avec",
    "sans", "selon", "apres", "avant", "entre", "vers", "chez", "contre", "pendant", "depuis",
])
#: one-word sentence openers the tagger can take for a name: discourse markers and
#: labels ("Résultat, ...", "Bilan : ...", "Effectivement, ...")
_NOT_A_NAME = frozenset([
    "resultat", "bilan", "conclusion", "bref", "reste", "consequence", "probleme",
    "question", "reponse", "objectif", "explication", "verdict", "constat", "enjeu",
    "precision", "rappel", "contexte", "exemple", "surprise", "paradoxe", "inversement",
])
#: organisations whose one-word name ends like an adverb
_MENT_NOUNS = frozenset(["gouvernement", "parlement", "departement", "mouvement",
                         "etablissement", "regiment", "rassemblement", "groupement"])
#: capitalised honorifics that look like a pronoun once folded
_HONORIFICS = frozenset(["Me", "Mes"])
_NUMBER = re.compile(r"^[\d.,%]+")


@lru_cache(maxsize=1)
def confidence_table() -> dict[str, float]:
    """How often a speaker reached each way was right (development golds)."""
    text = resources.files("recoupe.nlp.resources").joinpath("speaker_confidence.toml").read_text(
        encoding="utf-8")
    data = tomllib.loads(text)
    return {k: float(v) for k, v in data["right"].items()}


def is_speaker_phrase(name: str | None) -> bool:
    """Whether ``name`` can name a person, group or organisation (see the module doc)."""
    if not name or not name.strip():
        return False
    s = name.strip().strip("«»\"“”'’,;:()- ")
    if not s or _NUMBER.match(s) or not any(c.isalpha() for c in s):
        return False
    first = fold(s).split()[0]
    m = re.match(r"^([a-z]+['’])", first)
    head = m.group(1).replace("’", "'") if m else first
    words = s.split()
    if len(words) == 1 and (first in _NOT_A_NAME or (
            len(first) >= 9 and first.endswith(("ement", "amment", "emment"))
            and first not in _MENT_NOUNS)):
        return False  # "Effectivement", "Résultat": an adverb or a label, nobody speaking
    if words[0] in _HONORIFICS:
        return True  # "Me Cécile Bernaille" (Maître), not the pronoun "me"
    if re.match(r"(?:Le|La|Les)\s+[A-ZÀ-Ý]|L['’][A-ZÀ-Ý]", s):
        return True  # a newspaper's or an institution's name: "Le Monde", "L'Express"
    return head not in _NOT_OPENING and first not in _NOT_OPENING


def how_reached(quote: Quote, text: str) -> str:
    """``named`` | ``role`` | ``carried`` | ``phrase`` | ``none`` (see the module doc)."""
    if quote.speaker is None:
        return "none"
    if quote.speaker_entity is None:
        return "phrase"
    if quote.speaker_start is None or quote.speaker_end is None:
        return "carried"
    span = fold(text[quote.speaker_start:quote.speaker_end])
    last = fold(quote.speaker).split()
    return "named" if last and last[-1] in span else "role"


def decide_speakers(text: str, quotes: list[Quote], min_confidence: float = MIN_CONFIDENCE) -> None:
    """Score each quote's speaker and keep it only above ``min_confidence`` (in place)."""
    table = confidence_table()
    for q in quotes:
        if q.speaker is not None and not is_speaker_phrase(q.speaker):
            q.speaker = q.speaker_entity = None
        how = how_reached(q, text)
        q.speaker_how = how
        if how == "none":
            q.speaker_confidence = None
            continue
        score = table.get(how, 0.0)
        q.speaker_confidence = score
        if score >= min_confidence:
            continue
        q.speaker_candidates = [{"name": q.speaker, "entity": q.speaker_entity,
                                 "score": score, "how": how}]
        q.speaker = q.speaker_entity = None
