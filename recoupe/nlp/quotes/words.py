"""The French words the quote rules read by, and the tokenizer they share.

Determiners, prepositions, adverbs, subject pronouns, the words that end a noun phrase,
finite verbs that show a chunk is a clause, time words (:func:`_time_words`) and the
token pattern (:func:`_tokens`, :func:`_low`). Used by cue finding (:mod:`.cues`), the
noun-phrase readers (:mod:`.phrases`) and reported speech (:mod:`.reported`); a list that
one module alone reads lives in that module.
"""

from __future__ import annotations

import re
from functools import lru_cache

from recoupe.nlp.lexicon import calendar

_DETS = frozenset([
    "le", "la", "les", "l'", "un", "une", "des", "son", "sa", "ses", "leur", "leurs", "ce",
    "cet", "cette", "ces",
])
_DEF_DETS = frozenset([
    "le", "la", "les", "l'", "ce", "cet", "cette", "ces", "son", "sa", "ses", "leur", "leurs",
])
_PREPS = frozenset(
    [
        "à", "au", "aux", "dans", "lors", "sur", "devant", "en", "par", "pour", "auprès",
        "avec", "via", "depuis", "chez", "de", "d'", "du", "contre", "selon", "vers",
        "lorsqu'", "après", "avant", "entre", "pendant", "durant", "face", "dès", "malgré",
        "outre", "sans", "sous", "parmi", "suite",
    ]
)
_ADVERBS = frozenset(
    [
        "également", "aussi", "encore", "ainsi", "notamment", "enfin", "alors", "ensuite",
        "toutefois", "cependant", "pourtant", "néanmoins", "d'ailleurs", "ailleurs", "déjà",
        "plus", "tard", "publiquement", "récemment", "dernièrement", "clairement", "fermement",
        "vivement", "simplement", "lui-même", "elle-même", "quant", "toujours", "désormais",
        "même", "bien", "volontiers", "ouvertement", "officiellement", "immédiatement", "pas",
        "jamais", "ne", "n'", "tout", "très", "fort", "aussitôt", "tôt",
    ]
)
_PRONOUNS = frozenset(["il", "elle", "ils", "elles", "on"])
_NP_STOP = frozenset(
    [
        "qui", "que", "qu'", "dont", "lequel", "laquelle", "lesquels", "lesquelles", "où",
        "dans", "lors", "devant", "après", "avant", "depuis", "pendant", "durant", "sur",
        "pour", "selon", "avec", "lorsqu'", "quand", "car", "mais", "et", "ou", "ne", "n'",
        "se", "s'", "a", "ont", "est", "sont", "était", "étaient", "avait", "avaient", "sera",
        "seront", "y", "cité", "citée", "cités", "citées", "interrogé", "interrogée",
        "interrogés", "interrogées", "lui", "leur", "parlant",
    ]
)
_ANT_NOUNS = frozenset(
    [
        "commandant", "représentant", "dirigeant", "militant", "manifestant", "habitant",
        "enfant", "étudiant", "participant", "combattant", "intervenant", "gérant",
        "assistant", "consultant", "lieutenant", "sergent", "président", "résidant",
        "correspondant", "opposant", "négociant", "fabricant",
    ]
)
_LEAD_CONJ = frozenset(
    [
        "que", "qu'", "alors", "tandis", "si", "lorsque", "lorsqu'", "quand", "comme",
        "puisque", "puisqu'", "bien",
    ]
)
_SENT_START_ADVERBS = frozenset(
    [
        "mais", "et", "or", "pourtant", "cependant", "ainsi", "enfin", "toutefois", "aussi",
        "puis", "alors", "donc", "ensuite", "néanmoins", "d'ailleurs", "par", "ailleurs", "de",
        "plus",
    ]
)
_DOC_NOUNS = frozenset(
    [
        "communiqué", "communiqués", "rapport", "rapports", "déclaration", "texte", "document",
        "documents", "source", "sources", "information", "informations", "estimation",
        "estimations", "bilan", "bilans", "chiffres", "sondage", "étude", "enquête", "message",
        "lettre", "note", "site", "compte", "journal", "quotidien", "agence", "comptes",
        "données", "statistiques",
    ]
)

#: adverbial phrases a reporting verb carries on either side: "a de son côté souligné",
#: "a souligné de son côté que", "a par ailleurs indiqué", "a indiqué une nouvelle fois"
_SIDE_PHRASES = (
    r"de\s+(?:son|leur|mon|notre)\s+c[ôo]t[ée]|pour\s+(?:sa|leur|ma|notre)\s+part|"
    r"quant\s+à\s+(?:lui|elle|eux)|à\s+(?:son|leur)\s+tour|une\s+nouvelle\s+fois|"
    r"une\s+fois\s+de\s+plus|de\s+nouveau|à\s+nouveau|par\s+ailleurs|en\s+outre|"
    r"en\s+effet|(?:lui|elle|eux)\s+aussi|d['’]ores\s+et\s+déjà"
)
_TOKEN_RE = re.compile(r"aujourd['’]hui|(?:M|MM|P|Pr|Dr|Mgr)\.(?=\s)|\w+['’]|[\w.-]*\w|[^\w\s]",
                       re.UNICODE)
#: finite verbs that show a subject chunk is a whole clause, not a noun phrase
_CLAUSE_VERBS = frozenset(
    [
        "a", "ont", "est", "sont", "suis", "sommes", "êtes", "était", "étaient", "avait",
        "avaient", "sera", "seront", "serait", "auraient", "fut", "furent", "peut", "peuvent",
        "doit", "doivent", "va", "vont", "fait", "font",
    ]
)
_INFINITIVE_RE = re.compile(r"^(?:avoir|être|[a-zàâçéèêëîïôûùüÿœ]{2,}(?:er|ir|re|oir))$")


def _tokens(text: str, start: int, end: int) -> list[re.Match[str]]:
    return list(_TOKEN_RE.finditer(text, start, end))


def _low(tok: re.Match[str]) -> str:
    return tok.group(0).casefold().replace("’", "'")


@lru_cache(maxsize=1)
def _time_words() -> frozenset[str]:
    cal = calendar()
    words = set(cal["weekdays"]) | {m.rstrip(".") for m in cal["months"]}
    words |= {"hier", "aujourd'hui", "avant-hier", "demain", "soir", "matin", "midi",
              "après-midi", "dernier", "dernière", "prochain", "prochaine", "1er", "er",
              "nuit", "week-end", "ce", "cette", "cet", "jour", "veille", "lendemain",
              "surlendemain"}
    return frozenset(words)


#: nouns of time spans ("la semaine dernière", "l'an passé")
_TIME_NOUNS = frozenset(
    ["semaine", "mois", "année", "an", "jour", "journée", "matinée", "soirée", "nuit",
     "veille", "lendemain", "week-end", "fois", "saison", "décennie", "trimestre"]
)
