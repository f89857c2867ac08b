"""Reporting-verb cues (:func:`find_cues`).

Forms from ``resources/reporting_verbs.txt`` (one trie-shaped pattern,
accent-insensitive), with their auxiliary ("a déclaré", "s'est félicité", "a-t-il
ajouté") or inverted pronoun ("déclare-t-il"); a form right after a determiner is a noun
("la menace"), a participle without auxiliary is an adjective, and neither is a cue. A
saying verb with a stance adjective ("s'est dite persuadée que") is one cue.
"""

from __future__ import annotations

import bisect
import re
from functools import lru_cache

from recoupe.nlp.lexicon import VerbForm, lookup_verb, reporting_verbs
from recoupe.nlp.quotes.records import Cue, SpeakerSpan
from recoupe.nlp.quotes.words import _DETS, _SIDE_PHRASES
from recoupe.nlp.textutil import fold

_AUX_RE = re.compile(
    r"(?:(?<![\w'’])(?:a|ont|avait|avaient|aurait|auraient|aura|auront|eut|ayant|avoir)"
    r"(?P<inv>-t-(?:il|elle|on)|-(?:ils|elles|il|elle))?"
    r"|(?:(?<![\w'’])(?:s['’]en\s+|se\s+sont|s['’]est|s['’]|se(?=\s)))"
    r"(?:\s*(?:est|sont|était|étaient|serait|seraient|sera|seront)(?!\w))?"
    r"|(?<![\w'’])(?:est|sont|était|étaient|serait|seraient))"
    r"(?:\s*,[^,.;:«»\"\n]{1,30},)?"
    r"(?:\s+(?:pas|ne|n['’]|plus|jamais|rien|également|aussi|encore|déjà|notamment|ainsi|"
    r"bien|toujours|plutôt|même|enfin|d['’]ailleurs|ensuite|alors|récemment|clairement|"
    r"aussitôt|immédiatement|publiquement|longuement|lui-même|elle-même|souvent|"
    r"fermement|vivement|simplement|officiellement|ouvertement|tout|"
    r"mercredi|mardi|lundi|jeudi|vendredi|samedi|dimanche|hier|auparavant|"
    r"plus\s+tôt|précédemment|pourtant|toutefois|cependant|néanmoins|donc|surtout|"
    + _SIDE_PHRASES + r"|lui|elle|eux|[a-zé]+ment)){0,3}\s*$",  # "a lui soutenu"
    re.IGNORECASE,
)
_NEG_AUX_RE = re.compile(r"(?:n['’]|ne\s+)(?:a|ont|avait|avaient)\s+(?:pas|jamais|rien)\s+$")
_INV_SUFFIX_RE = re.compile(r"-(?:t-)?(il|elle|ils|elles|on)\b", re.IGNORECASE)
_LEAD_VERB_RE = re.compile(
    r"(?<![\w'’])(?:fait|font|faisait|faisaient|fera|tient\s+à|tiennent\s+à|tenait\s+à|"
    r"tenu\s+à|tenue\s+à|veut|voulu|pour|"
    # "continue de marteler que", "vient de déclarer que", "ne cesse de répéter que"
    r"continue\s+de|continuent\s+de|continuait\s+de|vient\s+de|viennent\s+de|venait\s+de|"
    r"cesse\s+de|cessent\s+de|n['’]a\s+cessé\s+de)\s+$",
    re.IGNORECASE,
)
#: "Et le premier ministre de conclure : «": the narrative infinitive of reporting
_NARRATIVE_INF_RE = re.compile(
    r"(?:^|[.!?»\"”]\s+|\n)\s*(?:Et|Puis|Mais|Alors)\s+(?:(?:le|la|les)\s+|l['’]|[A-ZÀ-Ý])"
    r"[^,.;:!?\n«»\"]{0,60}?\s+(?P<lead>d(?:e\s+|['’]))$"
)

_ACCENT_CLASSES = {
    "a": "[aàâä]", "e": "[eéèêë]", "i": "[iîï]", "o": "[oôö]", "u": "[uùûü]", "c": "[cç]",
    "y": "[yÿ]", "'": "['’]", " ": r"\s+", "-": "[-‑]",
}


def _trie_regex(words: list[str]) -> str:
    trie: dict[str, dict] = {}
    for word in words:
        node = trie
        for ch in word:
            node = node.setdefault(ch, {})
        node[""] = {}

    def build(node: dict[str, dict]) -> str:
        end = "" in node
        branches = [
            _ACCENT_CLASSES.get(ch, re.escape(ch)) + build(child)
            for ch, child in sorted(node.items()) if ch
        ]
        if not branches:
            return ""
        body = branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"
        return f"(?:{body})?" if end else body

    return build(trie)


@lru_cache(maxsize=1)
def _cue_pattern() -> re.Pattern[str]:
    forms = sorted({fold(f) for f in reporting_verbs()})
    return re.compile(r"(?:(?<=[\s(]s['’])|(?<![\w'’-]))(?:" + _trie_regex(forms) + r")(?![\w'’])",
                      re.IGNORECASE)


def find_cues(text: str) -> list[Cue]:
    """Find the reporting-verb cues of a text.

    Args:
        text: the article text.

    Returns:
        Cues in text order (nouns and bare participles left out).
    """
    out: list[Cue] = []
    for m in _cue_pattern().finditer(text):
        form = lookup_verb(m.group(0))
        if form is None:
            continue
        vs, ve = m.start(), m.end()
        if m.group(0)[:1].isupper() and text[max(0, vs - 2) : vs].strip() not in (
                "", ".", "!", "?", "«", '"', "“", ",", ":", ";"):
            continue  # "Lance" in mid-sentence is a name, not "lancer"
        vs_lead = vs
        if form.tense == "infinitive":
            # "fait observer X", "a tenu à prévenir M. Sarkozy": the lead verb carries the
            # infinitive; a bare infinitive ("afin de justifier") is no cue
            lead = _LEAD_VERB_RE.search(text, max(0, vs - 30), vs) or \
                _NARRATIVE_INF_RE.search(text, max(0, vs - 90), vs)
            if lead is None:
                continue
            vs_lead = lead.start("lead") if lead.re is _NARRATIVE_INF_RE else lead.start()
        start, end = vs_lead, ve
        pronoun = None
        pspan: tuple[int, int] | None = None
        base = max(0, vs_lead - 60)
        before = text[base:vs_lead]
        aux = _AUX_RE.search(before)
        if aux and not _NEG_AUX_RE.search(before):
            start = base + aux.start()
            if aux.group("inv"):
                pronoun = aux.group("inv").rsplit("-", 1)[-1].casefold()
                pspan = (base + aux.end("inv") - len(pronoun), base + aux.end("inv"))
        inv = _INV_SUFFIX_RE.match(text, ve)
        if inv:
            pronoun = inv.group(1).casefold()
            pspan = inv.span(1)
            end = inv.end()
        if aux is None:
            # "le texte annoncé": an adjective, unless the form is also a present
            # ("dit", "admet", "écrit")
            if form.tense == "participle" and pronoun is None and (
                    fold(m.group(0)).endswith(("e", "es", "ee", "ees")) or not _finite_too(m)):
                continue
            prev = re.search(r"([\w'’]+)\s*$", before)
            if prev and prev.group(1).casefold().replace("’", "'") in _DETS:
                continue  # "la menace", "le juge": a noun
        if aux is not None and form.lemma in _NOT_SPEECH_REFLEXIVE and re.search(
                r"(?:^|\s)(?:s['’]|se\s)", text[start:vs]):
            continue  # "s'il se poursuit", "s'annonce limité", "s'assurer": no speech
        out.append(Cue(start, end, vs, ve, form, pronoun, aux is not None, pspan))
    # "s'est dite persuadée que", "se dit convaincu que", "se déclare certain que": a saying
    # verb and the speaker's stance; the adjective closes the cue
    stances = list(_SAY_STANCE_RE.finditer(text))
    if stances:
        # the verb alone ("se dit") was read as a cue: the stance cue replaces it
        spans = [m.span() for m in stances]
        starts = [a for a, _ in spans]

        def in_stance(pos: int) -> bool:
            k = bisect.bisect_right(starts, pos) - 1
            return k >= 0 and pos < spans[k][1]

        out = [c for c in out if not in_stance(c.verb_start)]
        for m in stances:
            tense = "participle" if re.match(r"s['’](?:est|étai)", m.group(0), re.IGNORECASE) \
                else "finite"
            out.append(Cue(m.start(), m.end(), m.start(), m.end(),
                           VerbForm("dire", tense, True, True), None, tense == "participle", None))
        out.sort(key=lambda c: c.start)
    return out


#: a saying verb with a stance adjective, as one cue: "s'est dite samedi persuadée (que)"
_SAY_STANCE_RE = re.compile(
    r"(?<![\w'’])(?:se\s+(?:dit|disent|disait|disaient|déclare|déclarent|montre|montrent)|"
    r"s['’](?:est|étaient|était|sont)\s+(?:dite?s?|déclarée?s?|montrée?s?))"
    r"(?:\s+(?:lundi|mardi|mercredi|jeudi|vendredi|samedi|dimanche|hier|aussi|également|"
    r"encore|toujours|déjà|même|plutôt|très|bien|[a-zé]+ment))*"
    r"\s+(?:convaincue?s?|persuadée?s?|certaine?s?|sûre?s?|confiante?s?|optimistes?|"
    r"pessimistes?|inquiète?s?|inquiets|satisfaite?s?|préoccupée?s?|favorables?|"
    r"opposée?s?|prête?s?|heureuse?s?|heureux|surprise?s?|choquée?s?|scandalisée?s?)"
    r"(?=\s+(?:que\b|qu['’]|de\b|d['’]))",
    re.IGNORECASE,
)

#: reporting verbs whose reflexive use says nothing ("le ralentissement se poursuit")
_NOT_SPEECH_REFLEXIVE = frozenset(
    ["poursuivre", "lancer", "ajouter", "assurer", "annoncer", "affirmer", "avancer",
     "reprendre", "répéter", "rappeler", "confirmer", "prononcer"]
)


def _pronoun_span(cue: Cue) -> SpeakerSpan:
    start, end = cue.pronoun_span or (cue.verb_end, cue.end)
    return SpeakerSpan(start, end, "pronoun")


def _finite_too(m: re.Match[str]) -> bool:
    word = fold(m.group(0))
    return word.endswith(("it", "et", "ent", "nt")) or word in ("conclut", "dit", "ecrit")


def _cues_between(cues: list[Cue], starts: list[int], lo: int, hi: int) -> list[Cue]:
    i = bisect.bisect_left(starts, lo)
    out = []
    while i < len(cues) and cues[i].verb_start < hi:
        if cues[i].start >= lo:
            out.append(cues[i])
        i += 1
    return out
