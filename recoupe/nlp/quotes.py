"""Direct and reported quotes, with the span of their speaker.

Everything here is rules over the text and the NER mentions, run once per text:

* **cues** (:func:`find_cues`): reporting-verb forms from ``resources/reporting_verbs.txt``
  (one trie-shaped pattern, accent-insensitive), with their auxiliary ("a déclaré",
  "s'est félicité", "a-t-il ajouté") or inverted pronoun ("déclare-t-il"); a form right
  after a determiner is a noun ("la menace"), a participle without auxiliary is an
  adjective, and neither is a cue;
* **direct quotes**: text between « », “ ”, " " or '' (nesting handled, straight quotes
  never cross a line); one word between quotes is a scare quote, two or three words are
  kept only when a speaker is found;
* **speaker of a direct quote**, in this order: an inversion right after the quote
  ("», a fustigé mercredi le porte-parole du Kremlin, Dmitri Peskov"); a cue before the
  quote in the same sentence, whose subject is found by walking back over comma chunks
  ("Le ministre ..., Juan Manuel Santos a estimé ... qu'«"); an inversion later in the
  sentence; "selon X"; an incise inside the quote (", explique X,"); the speaker of the
  quote just before (a quote continued in the next sentence);
* **reported speech** (kind "indirect"): "X a déclaré que <clause>", "X a affirmé avoir
  <clause>", "Selon X, <clause>" / "<clause>, selon X", "<clause>, a indiqué X".

Speaker spans are resolved to entities later (:func:`resolve_speaker`), once entities
and learned roles are known. When the rules find a cue but no subject, the quote is
marked ``needs_parse`` so that the caller can run the dependency parser on that sentence
only (:func:`subject_from_parse`).
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass, field
from functools import lru_cache
from typing import TYPE_CHECKING

from recoupe.model import Mention
from recoupe.nlp.lexicon import VerbForm, calendar, lookup_verb, reporting_verbs
from recoupe.nlp.roles import role_head, role_key
from recoupe.nlp.textutil import fold
from recoupe.text import MAX_SENTENCE_CHARS, trimmed

if TYPE_CHECKING:  # pragma: no cover
    from spacy.tokens import Doc

# --------------------------------------------------------------------------- word lists

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
#: documents that are no source by themselves ("selon le relevé de conclusions")
_DOCUMENTS = frozenset(
    [
        "releve", "compte-rendu", "compte", "proces-verbal", "arrete", "decret", "texte",
        "document", "documents", "rapport", "schema", "projet", "plan", "accord", "protocole",
        "calendrier", "bilan", "chiffres", "estimations", "statistiques", "donnees",
    ]
)
_SUBJECT_VERBS = frozenset(
    [
        "a", "ont", "est", "sont", "était", "étaient", "avait", "avaient", "sera", "seront",
        "s'est", "se", "n'a", "n'est", "va", "vont", "doit", "doivent", "peut", "peuvent",
        "fait", "font",
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
_TOKEN_RE = re.compile(r"aujourd['’]hui|(?:M|MM|P|Pr|Dr|Mgr)\.(?=\s)|\w+['’]|[\w.-]*\w|[^\w\s]",
                       re.UNICODE)
_QUOTE_MARK_RE = re.compile(r"«|»|“|”|„|\"|''|‹|›")
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
_AGENT_RE = re.compile(
    r"\s*,?\s*(?:lancée?s?|donnée?s?|prononcée?s?|avancée?s?|employée?s?|utilisée?s?|"
    r"formulée?s?|tenue?s?)\s+(?:\w+\s+){0,2}?par\s+",
    re.IGNORECASE,
)
#: ", précisant (seulement) que <clause>": the same speaker's second report
_SECOND_REPORT = (
    r",\s*(?:ajoutant|précisant|soulignant|estimant|expliquant|rappelant|assurant|"
    r"affirmant|indiquant|jugeant|déplorant|regrettant|insistant\s+sur\s+le\s+fait)"
    r"(?:\s+(?:seulement|simplement|toutefois|cependant|néanmoins|également|aussi|"
    r"notamment|encore))?\s+qu(?:e\b|['’])")
_SECOND_REPORT_RE = re.compile(_SECOND_REPORT, re.IGNORECASE)
_CLAUSE_STOP_RE = re.compile(
    (r",\s*(?:a-t-(?:il|elle)|ont-ils|ont-elles|\w+-t-(?:il|elle))\b"
    r"|,\s*(?:lundi|mardi|mercredi|jeudi|vendredi|samedi|dimanche|hier)\s+(?:sur|dans|à|au|lors|devant)\b"
    r"|\s+(?:dans|lors d['’])\s*(?:un|une)\s+(?:entretien|interview|communiqué|déclaration|"
    r"conférence\s+de\s+presse)\b"
    r"|,?\s+sur\s+(?:sa|son)\s+(?:page|site|compte|blog)\b"
    # a second report by the same speaker: "..., ajoutant que ...", "..., précisant qu'"
    + r"|" + _SECOND_REPORT + r"|,\s*tandis\s+que\b"
    # a second reporting verb of the same subject: "..., mais a indiqué que", "mais souligné que"
    r"|,?\s+mais\s+(?:a\s+|avait\s+|ont\s+|avaient\s+)?(?:aussi\s+|également\s+)?"
    r"(?:indiqué|souligné|précisé|ajouté|estimé|assuré|affirmé|déclaré|rappelé|reconnu|"
    r"expliqué|admis|annoncé)\s+(?:que|qu['’]|avoir|être|ne\b)"
    # a new named subject coordinated after the clause: "... et François Bayrou a dénoncé"
    r"|,?\s+(?:et|tandis\s+que|alors\s+que|mais)\s+(?:M\.\s+|Mme\s+)?"
    r"(?-i:[A-ZÉ][\w'’-]+)(?:\s+(?-i:[A-ZÉ][\w'’-]+)){0,2}\s+(?:a|avait|ont|est|s['’]est)\s"),
    re.IGNORECASE,
)
#: finite verbs that show a subject chunk is a whole clause, not a noun phrase
_CLAUSE_VERBS = frozenset(
    [
        "a", "ont", "est", "sont", "suis", "sommes", "êtes", "était", "étaient", "avait",
        "avaient", "sera", "seront", "serait", "auraient", "fut", "furent", "peut", "peuvent",
        "doit", "doivent", "va", "vont", "fait", "font",
    ]
)
_ABBREV_RE = re.compile(r"(?:\b(?:M|MM|Mme|Mgr|Dr|Pr|St|Me|etc|cf|av|J\.-C)|(?<![\w.])[A-Z])\.$")
_BOUNDARY_RE = re.compile(r"(?<=[.!?…])[\"»”]?\s+(?=[«\"“A-ZÀ-ÝÉ])|\n+")
#: participles that qualify something as the quote says, the agent after "par" being the
#: speaker ("jugé « irréaliste » par la CGT", "qualifiée par les syndicats d'« attaque »")
_QUALIFY = (
    r"(?:qualifi|jug|décri|présent|dénonc|considér|estim|trait|accus|critiqu|salu|tax|"
    r"décrié|fustig|perç|vu)(?:ée?s?|ite?s?|ue?s?)"
)
_PASSIVE_PRE_RE = re.compile(rf"\b{_QUALIFY}(?:\s+(?:de|d['’]?|comme))?\s*$", re.IGNORECASE)
_PASSIVE_AGENT_PRE_RE = re.compile(
    rf"\b{_QUALIFY}\s+(?:\w+\s+)?par\s+(?P<np>[^«»\"“”,;:.]{{2,80}}?)\s+(?:de\s+|d['’]?|comme\s+)$",
    re.IGNORECASE,
)
_PAR_AFTER_RE = re.compile(r"\s*,?\s*(?:\w+\s+){0,2}?par\s+", re.IGNORECASE)
_APPRIS_RE = re.compile(
    r",\s*a-t-on\s+(?:appris|indiqué|précisé|ajouté|expliqué|souligné)\s+(?:[\wé-]+\s+){0,3}?"
    r"(?:auprès\s+(?:de\s+|du\s+|des\s+|d['’]\s*)|de\s+source\s+)",
    re.IGNORECASE,
)
_SELON_RE = re.compile(
    r"(?<![\w'’])(?:selon|d['’]après)\s+"
    r"(?!lequel|laquelle|lesquel|moi\b|nous\b|nos\s+(?:informations|sources|confrères)\b)",
    re.IGNORECASE,
)
_POUR_RE = re.compile(
    r"(?:^|(?<=\n)|(?<=[.!?]\s))(?:Mais\s+)?[Pp]our\s+(?=(?:elle|lui|eux|elles|M\.|Mme|"
    r"le\s|la\s|l['’]|les\s|un\s|une\s|[A-ZÉ])[^,]{0,80},)",
    re.MULTILINE,
)
_TRAILING_RE = re.compile(
    r"^(?:,\s*)?(?:dans|lors|devant|sur|à|au|aux|en|par|selon|sans|avant|après|mercredi|mardi|"
    r"lundi|jeudi|vendredi|samedi|dimanche|hier|cité|citée|cités|interrogé|interrogée|qui|"
    r"[a-zàâçéèêëîïôûù]+ant)\b",
    re.IGNORECASE,
)
_VOICE_RE = re.compile(
    r"\s*,?\s*par\s+la\s+voix\s+d(?:e\s+|['’]\s*)((?:son|sa|leur|ses|leurs)\s+[\w'’ -]{3,60}?)"
    r"\s*,\s*", re.IGNORECASE)
_INFINITIVE_RE = re.compile(r"^(?:avoir|être|[a-zàâçéèêëîïôûùüÿœ]{2,}(?:er|ir|re|oir))$")


# --------------------------------------------------------------------------- records


@dataclass(slots=True)
class Cue:
    """A reporting verb occurrence."""

    start: int
    end: int
    verb_start: int
    verb_end: int
    form: VerbForm
    #: inverted subject pronoun ("déclare-t-il", "a-t-elle ajouté"), else None
    pronoun: str | None = None
    aux: bool = False
    #: where the inverted pronoun is written
    pronoun_span: tuple[int, int] | None = None

    @property
    def lemma(self) -> str:
        """The verb's infinitive."""
        return self.form.lemma


@dataclass(slots=True)
class SpeakerSpan:
    """Where the speaker is written: a noun phrase, a name or a pronoun."""

    start: int
    end: int
    #: "np" | "pronoun"
    kind: str = "np"


@dataclass(slots=True)
class RawQuote:
    """A quote found in one text, before speaker resolution."""

    start: int
    end: int
    kind: str
    cue: Cue | None = None
    speaker: SpeakerSpan | None = None
    #: a cue precedes the quote but the rules found no subject: ask the parser
    needs_parse: bool = False
    #: quote continuing the previous one (takes its speaker)
    continued: bool = False
    #: sentence span for the parser
    sentence: tuple[int, int] | None = None
    min_words_ok: bool = True
    #: a quote in a title or subheading line with no speaker of its own: the speaker is
    #: found in the body that follows (see :func:`heading_line`)
    heading: bool = False


@dataclass(slots=True)
class TextIndex:
    """Per-text helpers: sentence boundaries (outside quotes) and mention starts."""

    text: str
    boundaries: list[int]
    mentions: list[Mention]
    mention_starts: list[int] = field(default_factory=list)
    time_spans: list[tuple[int, int]] = field(default_factory=list)

    def sentence_span(self, pos: int) -> tuple[int, int]:
        """The sentence (by our boundaries) containing ``pos``."""
        i = bisect.bisect_right(self.boundaries, pos)
        start = self.boundaries[i - 1] if i > 0 else 0
        end = self.boundaries[i] if i < len(self.boundaries) else len(self.text)
        return start, end

    def mentions_in(self, start: int, end: int) -> list[int]:
        """Indices of the mentions inside [start, end)."""
        i = bisect.bisect_left(self.mention_starts, start)
        out = []
        while i < len(self.mentions) and self.mentions[i].start < end:
            if self.mentions[i].end <= end:
                out.append(i)
            i += 1
        return out

    def mention_at(self, pos: int) -> int | None:
        """Index of the mention starting at ``pos`` (spaces skipped), if any."""
        while pos < len(self.text) and self.text[pos] == " ":
            pos += 1
        i = bisect.bisect_left(self.mention_starts, pos)
        if i < len(self.mentions) and self.mentions[i].start == pos:
            return i
        return None


# --------------------------------------------------------------------------- cues


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


# --------------------------------------------------------------------------- direct quotes


def find_direct_quotes(text: str) -> list[tuple[int, int]]:
    """Spans of the text between quotation marks (outermost level, marks excluded).

    Args:
        text: the article text.

    Returns:
        ``[(start, end), ...]`` content spans, trimmed of spaces, in text order.
    """
    out: list[tuple[int, int]] = []
    stack: list[tuple[str, int]] = []  # (mark kind, content start)
    line_start = 0
    for m in _QUOTE_MARK_RE.finditer(text):
        if text.find("\n", line_start, m.start()) != -1:
            line_start = text.rfind("\n", 0, m.start()) + 1
            # a line break closes nothing: drop straight quotes left open, and guillemets
            # unless the new line opens with « (a quote running over paragraphs)
            if stack and not (stack[0][0] == "«" and text.startswith("«", line_start)):
                stack.clear()
            elif stack and m.start() == line_start and m.group(0) == "«":
                continue
        mark = m.group(0)
        if mark in ("«", "‹", "“", "„"):
            stack.append(({"‹": "«", "„": "“"}.get(mark, mark), m.end()))
        elif mark in ("»", "›", "”"):
            opener = "«" if mark in ("»", "›") else "“"
            for i in range(len(stack) - 1, -1, -1):
                if stack[i][0] == opener or (opener == "“" and stack[i][0] == '"'):
                    content_start = stack[i][1]
                    del stack[i:]
                    if not stack:
                        out.append((content_start, m.start()))
                    break
        else:  # straight quote or '': opener or closer by what flanks it
            before = text[m.start() - 1] if m.start() > 0 else " "
            after = text[m.end()] if m.end() < len(text) else " "
            opens = (before.isspace() or before in "('’([") and not after.isspace() \
                and after not in ".,;:!?)]"
            closes = after in ".,;:!?)]" or (after.isspace() and not before.isspace())
            if before in "'’" and after.isalnum():
                opens, closes = True, False  # d'"infractions": a quote nested in a quote
            if stack and stack[-1][0] == '"' and (closes or not opens):
                content_start = stack.pop()[1]
                if not stack:
                    out.append((content_start, m.start()))
            else:
                stack.append(('"', m.end()))
    spans = []
    for start, end in out:
        start, end = trimmed(text, start, end)
        if end > start and any(c.isalnum() for c in text[start:end]):
            spans.append((start, end))
    return spans


def _boundaries(text: str, quotes: list[tuple[int, int]]) -> list[int]:
    starts = [s for s, _ in quotes]
    out = []
    for m in _BOUNDARY_RE.finditer(text):
        pos = m.end()
        if "\n" not in m.group(0) and _ABBREV_RE.search(text, max(0, m.start() - 6), m.start()):
            continue  # "M. Pauget", "J. Smith": an abbreviation, not a sentence end
        i = bisect.bisect_right(starts, pos) - 1
        if i >= 0 and quotes[i][0] < pos < quotes[i][1] and "\n" not in m.group(0):
            continue
        out.append(pos)
    return _cap_sentences(text, out)


def _cap_sentences(text: str, bounds: list[int]) -> list[int]:
    """Add a boundary at a space wherever a sentence would exceed ``MAX_SENTENCE_CHARS``."""
    out: list[int] = []
    prev = 0
    for k, b in enumerate([*bounds, len(text)]):
        while b - prev > MAX_SENTENCE_CHARS:
            cut = text.rfind(" ", prev + MAX_SENTENCE_CHARS // 2, prev + MAX_SENTENCE_CHARS)
            cut = cut + 1 if cut != -1 else prev + MAX_SENTENCE_CHARS
            out.append(cut)
            prev = cut
        if k < len(bounds):
            out.append(b)
        prev = b
    return out


# --------------------------------------------------------------------------- noun phrases


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


def np_after(idx: TextIndex, pos: int, limit: int) -> SpeakerSpan | None:
    """The inverted subject after a reporting verb: "a déclaré mercredi à l'AFP X".

    Skips time words, adverbs, commas and short prepositional phrases, then reads a
    noun phrase up to punctuation or a clause word; a name in apposition after a comma
    joins it ("le porte-parole du Kremlin, Dmitri Peskov").

    Args:
        idx: the text index.
        pos: end of the verb.
        limit: do not read past this offset.

    Returns:
        The subject span, or None when the verb is not followed by one.
    """
    text = idx.text
    toks = _tokens(text, pos, limit)
    times = _time_words()
    i = 0
    n = len(toks)
    while i < n:
        low = _low(toks[i])
        word = toks[i].group(0)
        if low in ("que", "qu'", ":", ".", ";", "!", "?", "«", '"', "“", "(", "»", "”"):
            return None
        if low in ("ce", "cette") and i + 1 < n and _low(toks[i + 1]) in ("dernier", "dernière"):
            return SpeakerSpan(toks[i].start(), toks[i + 1].end(), "pronoun")
        if low in ("ce", "cet", "cette") and i + 1 < n and _low(toks[i + 1]) not in times:
            return _read_np(idx, toks, i, limit)  # "confie cette habitante", not "ce matin"
        if low in (",", "-") or low in times or low.isdigit() or low in _ADVERBS or (
                low.endswith("ment") and len(low) > 6 and word.islower()):
            i += 1
            continue
        if low in _PREPS:
            i += 1
            if i < n and _low(toks[i]) in _DETS:
                i += 1
            if i < n and re.match(r"\w", toks[i].group(0)):
                i += 1
            # "sur le même ton rassurant M. de Castries": the rest of the phrase
            skipped = 0
            while (i < n and skipped < 3 and toks[i].group(0).islower()
                   and _low(toks[i]) not in _DETS and _low(toks[i]) not in _PREPS):
                i += 1
                skipped += 1
            # capitals right after the preposition are its object ("à l'AFP"); after
            # lower-case words they open the subject ("ton rassurant M. de Castries")
            while skipped == 0 and i < n and toks[i].group(0)[:1].isupper() and \
                    _low(toks[i]) not in _DETS and not _person_at(idx, toks[i].start()):
                i += 1
            continue
        if low in _DETS and i + 1 < n and _low(toks[i + 1]) in _TIME_NOUNS:
            # "a lancé, la semaine dernière, son patron": a time phrase, then the subject
            j = i + 2
            while j < n and toks[j].group(0) not in (",", ".", ";", ":") and j - i < 6:
                j += 1
            if j < n and toks[j].group(0) == ",":
                i = j + 1
                continue
        if low in _DETS or word[:1].isupper() or low in ("m.", "mme"):
            return _read_np(idx, toks, i, limit)
        if re.search(r"(?:é|ée|és|ées|ant)$", low):
            i += 1  # "a déclaré, interrogé par ..., le ministre"
            continue
        if low.isalpha() and i == 0 and low not in _NP_STOP:
            return None
        return None
    return None


def _person_at(idx: TextIndex, pos: int) -> bool:
    """Whether a person mention starts at ``pos`` ("à l'AFP Bertrand Lemasson")."""
    mi = idx.mention_at(pos)
    return mi is not None and idx.mentions[mi].label == "PER"


def _read_np(idx: TextIndex, toks: list[re.Match[str]], i: int, limit: int) -> SpeakerSpan:
    text = idx.text
    times = _time_words()
    start = toks[i].start()
    end = toks[i].end()
    j = i + 1
    count = 1
    while j < len(toks) and count < 15:
        word = toks[j].group(0)
        low = _low(toks[j])
        if not re.match(r"\w", word) and word not in ("-", "'", "’"):
            break
        if (low in _NP_STOP or low in times) and not word[:1].isupper():
            break  # a capital inside the phrase is part of a name: "selon Le Soir"
        if (low.endswith("ant") and len(low) > 5 and low not in _ANT_NOUNS
                and _low(toks[j - 1]) not in _DETS):
            break  # "l'ex-otage soulignant que": a gerund ends the phrase
        if low in ("à", "au", "aux", "en") and j + 1 < len(toks):
            nxt = toks[j + 1].group(0)
            if low == "en" and re.search(r"ant$", _low(toks[j + 1])) \
                    and _low(toks[j + 1]) not in _ANT_NOUNS:
                break  # "le procureur en évoquant": the gerund is no part of the phrase
            if nxt[:1].isupper() or _low(toks[j + 1]) in _DETS or _low(toks[j + 1]) in (
                    "marge", "visite", "direct", "lui", "eux"):
                break
        if re.search(r"(?:é|ée|és|ées)$", low) and j + 1 < len(toks):
            nxt_low = _low(toks[j + 1])
            if nxt_low in _PREPS or nxt_low in times or nxt_low in _DETS:
                break
        end = toks[j].end()
        j += 1
        count += 1
    # apposition: ", Dmitri Peskov" right after a role (maybe after "en France")
    m = re.match(r"(?:\s+(?:en|à|au|aux|de|du|des|d['’])\s*[\w'’-]+(?:\s+[A-ZÀ-Ý][\w'’-]*)?)?"
                 r"(?:\s*\([^()]{1,40}\))?\s*,\s*", text[end:limit])
    if m:
        mi = idx.mention_at(end + m.end())
        if mi is not None and idx.mentions[mi].label == "PER":
            mention = idx.mentions[mi]
            after = text[mention.end : mention.end + 2]
            if not after or after[0] in ",.;:)\n" or after.startswith(" q") or after == " ":
                end = mention.end
    return SpeakerSpan(start, end, "np")


def subject_before(idx: TextIndex, cue_start: int, lo: int) -> SpeakerSpan | None:
    """The subject of a reporting verb, read back from the verb over comma chunks.

    Args:
        idx: the text index.
        cue_start: start of the cue (auxiliary included).
        lo: start of the clause (sentence start or end of a preceding quote).

    Returns:
        The subject span, or None.
    """
    text = idx.text
    region = text[lo:cue_start]
    cut = max(region.rfind(";"), region.rfind(":"), region.rfind("»"), region.rfind("”"))
    if cut != -1:
        lo += cut + 1
        region = text[lo:cue_start]
    stripped = region.rstrip()
    pm = re.search(r"(?<!\w)(il|elle|ils|elles|on)(?:\s+(?:ne|n['’]|lui|leur|y|en|"
                   r"les|l['’]|nous|vous|se|s['’]|me|m['’]|te|t['’]))*\s*"
                   r"(?:(?:[mtl]['’]|lui\s|leur\s|nous\s|vous\s)?(?:a|ont|avait|avaient))?\s*$",
                   stripped, re.IGNORECASE)
    if pm:
        return SpeakerSpan(lo + pm.start(1), lo + pm.end(1), "pronoun")
    qm = re.search(r"(?:,|\s*[-–—]+)?\s*qui$", stripped)
    if qm:
        stripped = stripped[: qm.start()].rstrip()
        # "estime la LDH qui s'indigne": the phrase right before "qui"
        ends = [m for m in idx.mentions if m.end <= lo + len(stripped)
                and lo + len(stripped) - m.end <= 1 and m.start >= lo]
        if ends:
            m0 = ends[-1]
            head = re.search(r"(?:^|,)\s*((?:le|la|les|l['’])\s*[^,]+?)\s+(?:du|des|de\s+la|"
                             r"de\s+l['’]|de|d['’])\s*$", text[lo : m0.start], re.IGNORECASE)
            if head is None:
                return SpeakerSpan(m0.start, m0.end, "np")
            # "le septuple vainqueur du Tour de France, qui": the whole phrase, not the
            # name it governs
            return SpeakerSpan(lo + head.start(1), m0.end, "np")
        last_comma = stripped.rfind(",")
        tail = stripped[last_comma + 1 :].strip()
        if last_comma > 0 and tail[:1].islower() and _low(
                next(iter(_tokens(tail, 0, len(tail))))) not in _DETS:
            # "le P. Jacques Turck, directeur du Service national ..., qui s'interroge": the
            # relative follows an apposition; its antecedent is the person before it
            persons = [m for m in idx.mentions if lo <= m.start and m.end <= lo + last_comma
                       and m.label == "PER"]
            if persons and re.fullmatch(r"\s*", stripped[persons[-1].end - lo : last_comma]):
                return SpeakerSpan(persons[-1].start, persons[-1].end, "np")
        npm = re.search(r"(?<![\w'’])((?:le|la|les|l['’])\s*[\w'’-]+(?:\s+[\w'’-]+){0,3})$",
                        stripped, re.IGNORECASE)
        if npm:
            return SpeakerSpan(lo + npm.start(1), lo + npm.end(1), "np")
    dm = re.search(r"(?<![\w'’])(ce\s+dernier|cette\s+dernière)$", stripped, re.IGNORECASE)
    if dm:
        return SpeakerSpan(lo + dm.start(1), lo + dm.end(1), "pronoun")
    # comma chunks, walked back from the verb; a dash incise ("Le député X - rapporteur de
    # la loi, ... - a répliqué") is skipped like a parenthesis
    masked = re.sub(r"\s[-–—]\s[^\n]{1,200}?\s[-–—]\s", lambda m: " " * len(m.group(0)),
                    stripped)
    chunks: list[tuple[int, int]] = []
    pos = 0
    depth = 0
    for k, ch in enumerate(masked):
        if ch == "(":
            depth += 1
        elif ch == ")":
            depth = max(0, depth - 1)
        elif ch == "," and depth == 0:
            chunks.append((pos, k))
            pos = k + 1
    chunks.append((pos, len(stripped)))
    for k in range(len(chunks) - 1, -1, -1):
        cs, ce = chunks[k]
        a, b = _trim(stripped, cs, ce)
        if a >= b:
            continue
        abs_a, abs_b = lo + a, lo + b
        chunk = stripped[a:b]
        if re.match(r"(?:qui|que|qu['’]|dont|où|lequel|laquelle)\b", chunk, re.IGNORECASE) and k > 0:
            continue  # "X, qui avait aidé son fils Vincent, a estimé": a relative clause
        mentions = idx.mentions_in(abs_a, abs_b)
        first = _low(next(iter(_tokens(chunk, 0, len(chunk)))))
        if k > 0 and chunk[:1].islower() and first not in _DETS and first not in _PRONOUNS:
            # "Anne Morel, présidente de l'Acat, a déclaré": a bare role in apposition to
            # the name that ends the chunk before (a name inside the role is its complement)
            pa, pb = _trim(stripped, *chunks[k - 1])
            named = [idx.mentions[mi] for mi in idx.mentions_in(lo + pa, lo + pb)
                     if idx.mentions[mi].label == "PER"]
            if named and re.fullmatch(r"\s*", text[named[-1].end : lo + pb]):
                return SpeakerSpan(named[-1].start, named[-1].end, "np")
        if any(idx.mentions[mi].label == "PER" for mi in mentions):
            return _strip_lead(idx, abs_a, abs_b)
        if k > 0 and first in _DETS and role_head(role_key(chunk)) is not None:
            # "Nick Leeson, le trader britannique ... estime": the role is an apposition to
            # the name that ends the chunk before
            pa, pb = _trim(stripped, *chunks[k - 1])
            named = [idx.mentions[mi] for mi in idx.mentions_in(lo + pa, lo + pb)
                     if idx.mentions[mi].label == "PER"]
            if named and re.fullmatch(r"\s*", text[named[-1].end : lo + pb]):
                return SpeakerSpan(named[-1].start, named[-1].end, "np")
        if _is_adverbial(idx, chunk, abs_a, abs_b):
            continue
        if first not in _DETS and not chunk[:1].isupper() and first not in _PRONOUNS and \
                k > 0:
            continue  # "NAME, directeur de ..., a dit": an apposition, look further back
        span = _strip_lead(idx, abs_a, abs_b)
        return _clean_subject(idx, span)
    return None


def _clean_subject(idx: TextIndex, span: SpeakerSpan) -> SpeakerSpan | None:
    """Keep the last coordinated phrase of a subject chunk; a chunk that is a clause
    (a verb in it) or a first/second person is no speaker phrase (the parser decides)."""
    text = idx.text
    phrase = text[span.start : span.end]
    # coordinated noun phrases ("X et le ministre"), not adjectives ("défigurée et victime")
    parts = list(re.finditer(r"\s(?:et|mais|ou)\s(?=[A-ZÀ-Ý]|(?:l['’]|le|la|les|un|une|des|"
                             r"son|sa|ses|leur|leurs|ce|cet|cette|ces|il|elle|ils|elles)\b)|;",
                             phrase))
    if parts and not idx.mentions_in(span.start, span.end):
        span = SpeakerSpan(span.start + parts[-1].end(), span.end, span.kind)
        phrase = text[span.start : span.end]
    words = [w.casefold() for w in re.findall(r"[\w'’]+", phrase)]
    if not words or len(words) > 14 or words[0] in ("je", "j'", "nous", "tu", "vous", "on"):
        return None
    if any(w in _CLAUSE_VERBS for w in words[1:]):
        return None
    return span


def _incise_context(text: str, cue_start: int) -> bool:
    """Whether a cue follows a quote or a comma, where French inverts the subject."""
    return bool(re.search(r"[»\"”]\s*,?\s*$", text[max(0, cue_start - 6) : cue_start]))


def _cue_subject(
    idx: TextIndex, cue: Cue, sent_start: int, cues: list[Cue], cue_starts: list[int]
) -> SpeakerSpan | None:
    """Subject of a cue verb: read back from the verb; for a gerund ("estimant que") or
    a verb coordinated with an earlier one ("a dit ... et a rappelé que"), the speaker of
    the earlier cue of the sentence, else the sentence's opening noun phrase."""
    text = idx.text
    voice = _VOICE_RE.match(text, cue.end)
    if voice:
        # "le ministère assure, par la voix de son porte-parole, Gérard Gachet, que":
        # the named voice speaks
        mi = idx.mention_at(voice.end())
        if mi is not None and idx.mentions[mi].label == "PER":
            return SpeakerSpan(idx.mentions[mi].start, idx.mentions[mi].end, "np")
        return SpeakerSpan(voice.start(1), voice.end(1), "np")
    if cue.pronoun:
        return _pronoun_span(cue)
    before = text[sent_start : cue.start]
    coordinated = re.search(r"(?:^|[\s,])(?:et|puis|mais)\s*$", before)
    if cue.form.tense != "gerund" and not coordinated:
        after_quote = _incise_context(text, cue.start)
        # "Mais sa mission, rappelle son rapporteur, était de ...": an incise between
        # commas inverts its subject too
        between_commas = cue.form.tense == "finite" and re.search(
            r"\w\s*,\s*$", text[max(sent_start, cue.start - 40) : cue.start]) is not None
        if after_quote or between_commas:
            sp = np_after(idx, cue.end, idx.sentence_span(cue.verb_start)[1])
            if sp is not None and (after_quote or re.match(r"\s*,", text[sp.end : sp.end + 3])):
                return sp
        return subject_before(idx, cue.start, sent_start)
    earlier = [c for c in _cues_between(cues, cue_starts, sent_start, cue.start)
               if c is not cue and c.form.tense != "gerund"]
    if earlier:
        return _cue_subject(idx, earlier[-1], sent_start, cues, cue_starts)
    # "..., selon le représentant ..., Jampal Chosang, ajoutant que": the source speaks on
    selon = _selon_in(idx, sent_start, cue.start)
    if selon is not None and re.fullmatch(r"\s*,\s*", text[selon.end : cue.start]):
        return selon
    return sentence_subject(idx, sent_start, cue.start)


def sentence_subject(idx: TextIndex, start: int, limit: int) -> SpeakerSpan | None:
    """The noun phrase opening a sentence ("La Russie a déclaré ..., promettant ...").

    Args:
        idx: the text index.
        start: sentence start.
        limit: do not read past this offset.

    Returns:
        The subject span, or None.
    """
    text = idx.text
    toks = _tokens(text, start, limit)
    i = 0
    times = _time_words()
    if toks and (_low(toks[0]) in _PREPS or _low(toks[0]) in _LEAD_CONJ or toks[0].group(0) == "A"):
        # "Après deux alertes, le trader ...": skip the opening phrase up to its comma
        conj = _low(toks[0]) in _LEAD_CONJ
        for k, tok in enumerate(toks[: 40 if conj else 15]):
            if tok.group(0) == ",":
                i = k + 1
                break
        else:
            if conj:
                return None  # a subordinate clause with no comma: no subject to read
            # no comma: "A cet égard le rapport ...", a short phrase then the subject
            k = 1 + (len(toks) > 2 and _low(toks[1]) in (*_DETS, "cet", "ce", "cette"))
            if k + 1 < len(toks) and (_low(toks[k + 1]) in _DETS
                                      or toks[k + 1].group(0)[:1].isupper()):
                i = k + 1
            else:
                return None
    for _ in range(3):
        while i < len(toks):
            low = _low(toks[i])
            if low in (",",) or low in times or low.isdigit() or low in _SENT_START_ADVERBS:
                i += 1
                continue
            if (low in _DETS and i + 2 < len(toks) and _low(toks[i + 1]) in _TIME_NOUNS
                    and toks[i + 2].group(0) == ","):
                i += 3  # "Le lendemain, l'association publiait ..."
                continue
            break
        if i >= len(toks) or not _opening_adjunct(idx, toks, i):
            break
        # "Le 9 février 2007, s'adressant à l'ambassadeur, Benoît XVI a ...": a date or
        # a participial phrase opening the sentence is skipped up to its comma
        comma = next((k for k in range(i + 1, min(len(toks), i + 25))
                      if toks[k].group(0) == ","), None)
        if comma is None:
            break
        i = comma + 1
    if i >= len(toks):
        return None
    low = _low(toks[i])
    if low in _PRONOUNS:
        return SpeakerSpan(toks[i].start(), toks[i].end(), "pronoun")
    if low in _DETS or toks[i].group(0)[:1].isupper():
        return _read_np(idx, toks, i, limit)
    return None


def _opening_adjunct(idx: TextIndex, toks: list[re.Match[str]], i: int) -> bool:
    """Whether a sentence-opening word starts an adjunct, not the subject: a date
    expression ("Le 9 février 2007,"), or a lower-case gerund or participle
    ("s'adressant", "interrogé")."""
    tok = toks[i]
    dated = [tok] + (toks[i + 1 : i + 2] if _low(tok) in ("le", "la", "l'") else [])
    if any(ts <= t.start() < te for t in dated for ts, te in idx.time_spans):
        return True
    if _low(tok) in ("s'", "se") and i + 1 < len(toks):
        tok = toks[i + 1]  # "s'adressant"
    word = tok.group(0)
    return word.islower() and word.isalpha() and word not in _ANT_NOUNS and (
        word.endswith("ant") or re.search(r"(?:é|ée|és|ées)$", word) is not None)


def _trim(s: str, a: int, b: int) -> tuple[int, int]:
    while a < b and s[a] in " \t\n-–—":
        a += 1
    while b > a and s[b - 1] in " \t\n-–—":
        b -= 1
    return a, b


def _is_adverbial(idx: TextIndex, chunk: str, a: int, b: int) -> bool:
    toks = _tokens(chunk, 0, len(chunk))
    if not toks:
        return True
    first = _low(toks[0])
    if first in _PREPS and first not in ("de", "du", "d'") or first in ("interrogé", "interrogée",
                                                                       "quant", "selon"):
        return True
    if first in _SENT_START_ADVERBS and len(toks) <= 2:
        return True
    for ts, te in idx.time_spans:
        if ts <= a + 3 and te >= b - 1:
            return True
    if all(_low(t) in _time_words() or _low(t).isdigit() for t in toks):
        return True
    return bool(re.search(r"(?:é|ée|és|ées|ant)$", first) and first not in _DETS)


def _strip_lead(idx: TextIndex, a: int, b: int) -> SpeakerSpan:
    """Drop leading connectors and time expressions from a subject chunk."""
    text = idx.text
    changed = True
    while changed and a < b:
        changed = False
        m = _TOKEN_RE.match(text, a)
        if m is None:
            break
        low = _low(m)
        if low in _SENT_START_ADVERBS or low in _LEAD_CONJ or low == ",":
            a = m.end()
            changed = True
        for ts, te in idx.time_spans:
            if ts == a and te < b:
                a = te
                changed = True
        while a < b and text[a] in " ,":
            a += 1
    return SpeakerSpan(a, b, "np")


# --------------------------------------------------------------------------- extraction


def extract_quotes(
    text: str,
    mentions: list[Mention],
    time_spans: list[tuple[int, int]] | None = None,
    cues: list[Cue] | None = None,
) -> list[RawQuote]:
    """Find the direct and reported quotes of a text, with their speaker spans.

    Args:
        text: the article text.
        mentions: its cleaned entity mentions (text order).
        time_spans: spans of its date expressions (skipped when reading subjects).
        cues: reporting-verb cues, when already computed.

    Returns:
        Raw quotes in text order; speakers still to be resolved.
    """
    direct = find_direct_quotes(text)
    idx = TextIndex(text, _boundaries(text, direct), mentions,
                    [m.start for m in mentions], sorted(time_spans or []))
    cues = find_cues(text) if cues is None else cues
    cue_starts = [c.verb_start for c in cues]
    inside = _Inside(direct)
    out: list[RawQuote] = []
    for qs, qe in direct:
        out.append(_attribute_direct(idx, qs, qe, cues, cue_starts, direct))
    direct_quotes = list(out)
    # drop scare quotes: one word, or two-three words with no speaker
    kept: list[RawQuote] = []
    for q in direct_quotes:
        words = len(text[q.start : q.end].split())
        if words <= 1:
            continue
        if words <= 3 and q.speaker is None and not q.needs_parse:
            continue
        if _is_title(text[q.start : q.end], mentions, q.start, q.end):
            continue
        if _is_named_thing(text, q.start, q.end):
            continue
        kept.append(q)
    for q in kept:
        q.heading = q.speaker is None and q.cue is None and not q.needs_parse and \
            heading_line(text, q.start, q.end)
    # a quote with no cue after a quote with a speaker: the same speaker goes on
    for prev, cur in zip(kept, kept[1:], strict=False):
        if cur.heading or prev.heading:
            continue
        if prev.sentence and cur.sentence and prev.sentence[0] == cur.sentence[0] and (
                prev.speaker is not None or prev.continued) and cur.cue is None and \
                not cur.needs_parse and (cur.speaker is None or cur.speaker.start < cur.start):
            cur.speaker, cur.continued = None, True  # same sentence, same speaker
            continue
        if cur.speaker is None and not cur.needs_parse and cur.cue is None:
            between = text[prev.end : cur.start]
            if len(between) < 400 and between.count("\n") <= 1 and _starts_sentence(text, cur):
                cur.continued = True
    out = kept
    reported = _indirect(idx, cues, inside, direct)
    _share_reporters(text, kept, reported)
    out.extend(reported)
    out.sort(key=lambda q: q.start)
    return out


def _share_reporters(text: str, kept: list[RawQuote], reported: list[RawQuote]) -> None:
    """Give quotes the speaker of the reporting they sit in (changes them in place)."""
    for q in kept:
        around = [r for r in reported if r.start <= q.start and q.end <= r.end
                  and r.speaker is not None]
        if not around:
            continue
        if q.cue is not None and _unrealised(text, q.cue):
            # "la perte s'expliquerait par « ... », note le rapport": words quoted inside a
            # reported clause whose own verb is future or conditional belong to the reporter
            outer = [r for r in around if r.cue is not None
                     and r.cue.verb_start != q.cue.verb_start]
        else:
            # "Selon X, elle avait confié son fils à « une amie de longue date »": words
            # quoted in a clause told on X's authority, with no named speaker of their own
            outer = [r for r in around if r.cue is None
                     and (q.speaker is None or q.speaker.kind == "pronoun")
                     and len(text[q.start : q.end].split()) > 3]  # not a name in quotes
        if outer:
            q.cue, q.speaker, q.needs_parse, q.continued = \
                outer[0].cue, outer[0].speaker, False, False
    for r in reported:
        if r.cue is None or r.cue.form.tense != "gerund" or r.sentence is None:
            continue
        # "..., a reconnu la ministre, précisant que ...": the gerund's subject is the
        # speaker of the main verb before it in the sentence
        main = [o for o in reported + kept if o is not r and o.sentence == r.sentence
                and o.speaker is not None and o.cue is not None
                and o.cue.form.tense != "gerund" and o.cue.verb_end <= r.cue.verb_start]
        if main:
            before = r.speaker
            r.speaker = main[-1].speaker
            for q in kept:
                if q.cue is not None and q.cue.verb_start == r.cue.verb_start and (
                        q.speaker is None or q.speaker == before):
                    q.speaker = r.speaker


def _unrealised(text: str, cue: Cue) -> bool:
    """Whether a cue's verb is in the future or the conditional ("annoncera",
    "s'expliquerait"): something not said (yet), so no source of quoted words."""
    reflexive = re.fullmatch(r"\s*(?:s['’]|se\s+)\s*", text[cue.start : cue.verb_start])
    if (cue.aux and not reflexive) or cue.form.tense != "finite":
        return False
    word = re.sub(r"^s['’]", "", fold(text[cue.verb_start : cue.verb_end]).split()[-1])
    base = fold(re.sub(r"^(?:se |s')", "", cue.form.lemma)).split()[0]
    stem = base[:-1] if base.endswith("re") else base
    return word != base and word.startswith(stem) and bool(
        re.search(r"r(?:a|as|ai|ons|ez|ont|ais|ait|ions|iez|aient)$", word))


def heading_line(text: str, start: int, end: int) -> bool:
    """Whether the span sits in a title or subheading: a short line of its own that does
    not end like a sentence ("Un état de santé satisfaisant" between paragraphs).

    Args:
        text: the article text.
        start: span start.
        end: span end.

    Returns:
        True for a heading line.
    """
    lo = text.rfind("\n", 0, start) + 1
    hi = text.find("\n", end)
    line = text[lo : hi if hi != -1 else len(text)].strip()
    bare = line.rstrip(" «»\"“”'")
    return bool(bare) and bare[-1] not in ".!?…:;," and len(line.split()) <= 25


def _is_title(content: str, mentions: list[Mention], start: int, end: int) -> bool:
    """A name or title between quotes ("l'Observatoire des mines"), not words said."""
    words = content.split()
    if len(words) > 5 or content.rstrip()[-1:] in ".!?…":
        return False
    bare = re.sub(r"^(?:l['’]|le\s+|la\s+|les\s+)", "", content, flags=re.IGNORECASE)
    if not bare[:1].isupper():
        return False
    if any(m.start <= start + 3 and m.end >= end - 1 for m in mentions):
        return True
    significant = [w for w in bare.split() if len(w) > 3]
    capitals = sum(1 for w in significant if w[:1].isupper())
    return capitals >= 2 and capitals * 2 >= len(significant)


_CHARGE_BEFORE_RE = re.compile(
    r"\b(?:plaintes?|mise?s?\s+en\s+examen|poursuivie?s?|inculpée?s?|soupçonnée?s?|"
    r"enquête|information\s+judiciaire|chefs?|condamnée?s?|jugée?s?)\b"
    r"[^.«»\"“”]{0,80}?\b(?:pour|de|d['’]|chefs?\s+d['’e]\w*)\s*[«\"“]?\s*$",
    re.IGNORECASE,
)
_ARTICLE_BEFORE_RE = re.compile(
    r"(?:\b(?:un|une|le|la|les|du|des|au|aux|de\s+la|d['’]un|d['’]une)|\bl['’]|\bd['’])"
    r"\s*[«\"“]\s*$",
    re.IGNORECASE,
)
_SPOKEN_RE = re.compile(
    r"\b(?:je|j['’]|nous|vous|il|elle|ils|elles|on|est|sont|a|ont|sera|serait|était|"
    r"faut|doit|peut|va|vais|suis|sommes)\b",
    re.IGNORECASE,
)


def _is_named_thing(text: str, start: int, end: int) -> bool:
    """Quoted words that name something rather than report speech: the charges of a
    complaint ("une plainte pour « escroquerie, abus de confiance »") and a capitalised
    name after an article ("la création d'un « Observatoire national ... »")."""
    content = text[start:end]
    if _SPOKEN_RE.search(content) or content.rstrip()[-1:] in ".!?…" or \
            len(content.split()) > 15:
        return False
    before = text[max(0, start - 130) : start]
    first = content.split()[0].casefold() if content.split() else ""
    if _CHARGE_BEFORE_RE.search(before) and not _INFINITIVE_RE.match(first):
        return True
    return bool(content[:1].isupper() and _ARTICLE_BEFORE_RE.search(before)
                and len(content.split()) <= 10)


def _starts_sentence(text: str, q: RawQuote) -> bool:
    before = text[max(0, q.start - 3) : q.start].rstrip("«\"“ ")
    return not before or before[-1] in ".!?\n:" or q.start < 3


class _Inside:
    def __init__(self, spans: list[tuple[int, int]]) -> None:
        self.spans = spans
        self.starts = [s for s, _ in spans]

    def __call__(self, pos: int) -> bool:
        i = bisect.bisect_right(self.starts, pos) - 1
        return i >= 0 and self.spans[i][0] <= pos < self.spans[i][1]

    def coverage(self, start: int, end: int) -> int:
        covered = 0
        for s, e in self.spans:
            if e <= start:
                continue
            if s >= end:
                break
            covered += min(e, end) - max(s, start)
        return covered


def _attribute_direct(
    idx: TextIndex, qs: int, qe: int, cues: list[Cue], cue_starts: list[int],
    direct: list[tuple[int, int]],
) -> RawQuote:
    text = idx.text
    open_mark = qs - 1
    while open_mark > 0 and text[open_mark - 1] in " «\"“'":
        open_mark -= 1
    close_mark = qe
    while close_mark < len(text) and text[close_mark] in " »\"”'":
        close_mark += 1
    # the quote's own sentence (walking back over spaces must not enter the one before)
    sent_start, _ = idx.sentence_span(qs)
    open_mark = max(open_mark, sent_start)
    _, sent_end = idx.sentence_span(max(close_mark - 1, qs))
    # the previous quote's end bounds the pre-window
    prev_q = [e for s, e in direct if e <= open_mark and len(text[s:e].split()) > 1]
    pre_lo = max(sent_start, (prev_q[-1] + 1) if prev_q else 0)
    raw = RawQuote(qs, qe, "direct", sentence=(sent_start, sent_end))

    # 1. inversion right after the quote: "», a déclaré X" / "», déclare-t-il"
    post_cues = _cues_between(cues, cue_starts, close_mark, sent_end)
    for cue in post_cues:
        gap = text[close_mark : cue.start]
        if re.fullmatch(r"[\s,.\-–—]*", gap):
            sp = _inversion_speaker(idx, cue, sent_end)
            if sp is not None:
                raw.cue, raw.speaker = cue, sp
                return raw
        break
    # 1b. "« ... » donné jeudi par le président de l'ADMD, Jean-Luc Romero"
    agent = _AGENT_RE.match(text, close_mark, sent_end)
    if agent:
        toks = _tokens(text, agent.end(), sent_end)
        if toks and (_low(toks[0]) in _DETS or toks[0].group(0)[:1].isupper()):
            raw.speaker = _read_np(idx, toks, 0, sent_end)
            # a name apposed further on: "par le président de l'Association pour ...
            # (ADMD), Jean-Luc Romero"
            hi = min(sent_end, agent.end() + 160)
            named = [idx.mentions[i] for i in idx.mentions_in(raw.speaker.end, hi)
                     if idx.mentions[i].label == "PER"
                     and re.search(r",\s*$", text[max(0, idx.mentions[i].start - 3):
                                                  idx.mentions[i].start])]
            if named and not re.search(r"[«»\"“”;:]", text[raw.speaker.end : named[0].start]):
                raw.speaker = SpeakerSpan(named[0].start, named[0].end, "np")
            return raw
    # 1c. passive qualification: "jugé « ... » par X", "qualifiée par X d'« ... »"
    passive = _passive_agent(idx, pre_lo, open_mark, close_mark, sent_end)
    if passive is not None:
        raw.speaker = passive
        return raw
    # 2. a cue before the quote in the same sentence: "X a déclaré : «"
    pre_cues = _cues_between(cues, cue_starts, pre_lo, open_mark)
    selon_pre = _selon_in(idx, pre_lo, open_mark)
    if pre_cues:
        cue = pre_cues[-1]
        if cue.pronoun:
            raw.cue, raw.speaker = cue, _pronoun_span(cue)
            return raw
        between = text[cue.end : open_mark]
        sp_inv = _inversion_speaker(idx, cue, open_mark)
        clause_start = re.search(r"(?:^|[,;:»\"”])\s*$", text[sent_start : cue.start])
        if sp_inv is not None and clause_start is not None and (
            re.fullmatch(r"\s*[:,]\s*", text[sp_inv.end : open_mark])
            or _incise_context(text, cue.start)
        ):
            raw.cue, raw.speaker = cue, sp_inv  # "précise le communiqué : «"
            return raw
        if selon_pre is None or selon_pre.start < cue.start:
            sp = _cue_subject(idx, cue, sent_start, cues, cue_starts)
            raw.cue = cue
            if sp is not None:
                raw.speaker = sp
                return raw
            if len(between) < 200:
                raw.needs_parse = True
                return raw
    # 3. an inversion later in the sentence: "» de la banque, a annoncé vendredi X"
    for cue in post_cues:
        if inside_any(direct, cue.verb_start):
            continue
        gap = text[close_mark : cue.start]
        if re.search(r",\s*$", gap) or cue.pronoun:
            sp = _inversion_speaker(idx, cue, sent_end)
            if sp is not None:
                raw.cue, raw.speaker = cue, sp
                return raw
    # 4. "selon X" before or after the quote
    if selon_pre is not None:
        raw.speaker = selon_pre
        raw.cue = None
        return raw
    selon_post = _selon_in(idx, close_mark, sent_end)
    if selon_post is not None:
        raw.speaker = selon_post
        return raw
    # 5. an incise inside the quote: "«..., explique Erwan Péron, un rameur ...»"
    for cue in _cues_between(cues, cue_starts, qs, qe):
        if re.search(r",\s*$", text[max(qs, cue.start - 3) : cue.start]):
            sp = _inversion_speaker(idx, cue, qe)
            if sp is not None:
                raw.cue, raw.speaker = cue, sp
                return raw
    # 6. "Vladimir Poutine : « ... »"
    colon = re.search(r"([^\s,.;:]+(?:\s+[^\s,.;:]+){0,3})\s*:\s*$", text[pre_lo:open_mark])
    if colon:
        mi = [i for i in idx.mentions_in(pre_lo + colon.start(1), open_mark)
              if idx.mentions[i].label in ("PER", "ORG")
              and not re.search(r"\b(?:de|du|des|d['’]|à|au|aux|contre|pour|avec|sur)\s*$",
                                text[max(0, idx.mentions[i].start - 8) : idx.mentions[i].start])]
        if mi:
            m = idx.mentions[mi[-1]]
            raw.speaker = SpeakerSpan(m.start, m.end, "np")
            return raw
        name = re.search(r"((?:M\.\s|Mme\s)?[A-ZÀ-Ý][\w'’-]+(?:\s+[A-ZÀ-Ý][\w'’-]+){0,2})\s*:\s*$",
                         text[pre_lo:open_mark])
        if name and re.fullmatch(r"(?:.{0,30}\s[-–—:]\s*)?", text[sent_start : pre_lo + name.start(1)]):
            raw.speaker = SpeakerSpan(pre_lo + name.start(1), pre_lo + name.end(1), "np")
            return raw
    # 7. the subject of the sentence the quote sits in: "X a pointé « ... »"
    if open_mark > sent_start + 3:
        sp = _verbal_subject(idx, sent_start, open_mark)
        if sp is not None:
            raw.speaker = sp
            return raw
    # 8. "« ... ». C'est par ces mots que X a ..."
    nxt_start, nxt_end = idx.sentence_span(min(len(text) - 1, sent_end))
    if nxt_start >= sent_end and re.match(r"C['’]est\s", text[nxt_start : nxt_start + 6]):
        qm = re.search(r"\bqu(?:e\s+|['’])", text[nxt_start:nxt_end])
        if qm:
            toks = _tokens(text, nxt_start + qm.end(), nxt_end)
            if toks and (toks[0].group(0)[:1].isupper() or _low(toks[0]) in _DETS):
                raw.speaker = _read_np(idx, toks, 0, nxt_end)
    return raw


def _passive_agent(
    idx: TextIndex, pre_lo: int, open_mark: int, close_mark: int, sent_end: int
) -> SpeakerSpan | None:
    """The agent of a qualifying participle around a quote: "jugé « irréaliste » par la
    CGT" (agent after the quote), "qualifiée par les syndicats d'« attaque »" (before)."""
    text = idx.text
    pre = text[max(pre_lo, open_mark - 140) : open_mark]
    if _PASSIVE_PRE_RE.search(pre):
        par = _PAR_AFTER_RE.match(text, close_mark, sent_end)
        if par:
            toks = _tokens(text, par.end(), sent_end)
            if toks and (_low(toks[0]) in _DETS or toks[0].group(0)[:1].isupper()):
                return _read_np(idx, toks, 0, sent_end)
    m = _PASSIVE_AGENT_PRE_RE.search(pre)
    if m:
        base = max(pre_lo, open_mark - 140)
        a, b = base + m.start("np"), base + m.end("np")
        toks = _tokens(text, a, b)
        if toks and (_low(toks[0]) in _DETS or toks[0].group(0)[:1].isupper()):
            return _read_np(idx, toks, 0, b)
    return None


def _verbal_subject(idx: TextIndex, sent_start: int, limit: int) -> SpeakerSpan | None:
    """The sentence's opening noun phrase when a verb follows it ("Me X a pointé ...")."""
    sp = sentence_subject(idx, sent_start, limit)
    if sp is None or sp.kind != "np":
        return sp
    after = idx.text[sp.end : sp.end + 100]
    if re.match(r"\s*(?:,[^,]{1,60},\s*|,[^,]{1,80}?\s(?=(?:a|ont|avait|est)\s))?"
                r"(?:ne\s+|n['’])?(?:a|ont|avait|avaient|est|sont|"
                r"était|s['’]est|se|va|vont|aurait|pourrait|doit|juge|estime|qualifie|dénonce|"
                r"évoque|parle|pointe|salue|appelle|demande|réclame|veut|accuse|critique|"
                r"(?!(?:le|la|les|une|de|des|du|que|qui|dont|et|ce|cette|sur|sous|dans|entre|"
                r"contre|avant|pendant|durant|depuis|comme|tout|toute|cet|son|sa|leur|notre|"
                r"votre|sept|huit|vingt|trente|cent|mille)\b)[a-zà-ÿ]+(?:e|ent|d|t))\b", after):
        phrase = idx.text[sp.start : sp.end]
        if len(phrase.split()) <= 10:
            return sp
    return None


def inside_any(spans: list[tuple[int, int]], pos: int) -> bool:
    """Whether ``pos`` falls inside one of the spans."""
    return any(s <= pos < e for s, e in spans)


def _cues_between(cues: list[Cue], starts: list[int], lo: int, hi: int) -> list[Cue]:
    i = bisect.bisect_left(starts, lo)
    out = []
    while i < len(cues) and cues[i].verb_start < hi:
        if cues[i].start >= lo:
            out.append(cues[i])
        i += 1
    return out


def _inversion_speaker(idx: TextIndex, cue: Cue, limit: int) -> SpeakerSpan | None:
    if cue.pronoun:
        return _pronoun_span(cue)
    if cue.form.tense == "gerund":
        return None
    return np_after(idx, cue.end, limit)


def _selon_matches(idx: TextIndex, lo: int, hi: int) -> list[re.Match[str]]:
    """"selon X" / "d'après X" anywhere, and "Pour X," opening a sentence."""
    out = list(_SELON_RE.finditer(idx.text, lo, hi))
    for m in _POUR_RE.finditer(idx.text, lo, hi):
        if m.start() != idx.sentence_span(m.start())[0] and \
                idx.text[m.start() : m.start() + 4] != "Mais":
            continue
        # "Pour elle," / "Pour Johan Bruyneel," / "Pour le ministre," - not "Pour la part"
        comma = idx.text.find(",", m.end(), m.end() + 90)
        phrase = idx.text[m.end() : comma]
        low = fold(phrase)
        if low in ("elle", "lui", "eux", "elles") or idx.mentions_in(m.end(), comma) and any(
                idx.mentions[i].label in ("PER", "ORG") for i in idx.mentions_in(m.end(), comma)
        ) or role_head(role_key(phrase)) or _lone_place(idx, m.end(), comma):
            out.append(m)
    out.sort(key=lambda m: m.start())
    return out


def _lone_place(idx: TextIndex, start: int, end: int) -> bool:
    """"Pour Paris," / "Pour Moscou,": a place alone standing for its government."""
    found = idx.mentions_in(start, end)
    if len(found) != 1:
        return False
    m = idx.mentions[found[0]]
    return m.label == "LOC" and idx.text[start:end].strip() == m.text


def _selon_in(idx: TextIndex, lo: int, hi: int) -> SpeakerSpan | None:
    text = idx.text
    best = None
    for m in _selon_matches(idx, lo, hi):
        toks = _tokens(text, m.end(), hi)
        if not toks:
            continue
        best = _selon_np(idx, toks, hi)
    return best


def _selon_np(idx: TextIndex, toks: list[re.Match[str]], hi: int) -> SpeakerSpan | None:
    """The source after "selon"/"pour": "selon lui" is a pronoun, "selon moi" nobody."""
    low = _low(toks[0])
    if low in ("moi", "nous", "vous"):
        return None
    if low in ("lui", "eux", "elle", "elles"):
        pron = {"lui": "il", "eux": "ils"}.get(low, low)
        span = SpeakerSpan(toks[0].start(), toks[0].end(), "pronoun")
        return span if pron else None
    return _read_np(idx, toks, 0, hi)


def _indirect(
    idx: TextIndex, cues: list[Cue], inside: _Inside, direct: list[tuple[int, int]]
) -> list[RawQuote]:
    text = idx.text
    out: list[RawQuote] = []
    taken: list[tuple[int, int]] = []
    cue_starts = [c.verb_start for c in cues]

    def add(start: int, end: int, cue: Cue | None, speaker: SpeakerSpan | None,
            sentence: tuple[int, int], needs_parse: bool = False) -> None:
        colon = re.search(r"\s*:\s*[«\"“]", text[start:end])
        if colon and colon.start() > 12:
            end = start + colon.start()  # "<clause> : « ... »": the quote is listed apart
        while end > start and text[end - 1] in " .;,:!?\n":
            end -= 1
        while start < end and text[start] in " ,:\n":
            start += 1
        dl = _DATELINE_LEAD_RE.match(text, start, end)
        if dl:
            start = dl.end()  # "Brévannes (France), 18 nov 2026 (AFP) - <clause>"
        if end - start < 12 or len(text[start:end].split()) < 3:
            return
        body = len(re.sub(r"[\s«»\"“”,.;:!?]", "", text[start:end]))
        covered = len(re.sub(r"[\s«»\"“”,.;:!?]", "", "".join(
            text[max(s, start) : min(e, end)] for s, e in direct if s < end and start < e)))
        if body and covered >= 0.8 * body:
            return  # the clause is the direct quote itself
        if any(s < end and start < e for s, e in taken):
            return
        taken.append((start, end))
        out.append(RawQuote(start, end, "indirect", cue, speaker, needs_parse,
                            sentence=sentence))

    for cue in cues:
        if inside(cue.verb_start):
            continue
        sent = idx.sentence_span(cue.verb_start)
        s_start, s_end = sent
        if cue.form.que or cue.form.inf:
            k = _after_adverbials(text, cue.end, s_end)
            nxt = text[k : k + 4].casefold().replace("’", "'")
            clause_start = None
            if cue.form.que and (nxt.startswith("que ") or nxt.startswith("qu'")):
                clause_start = k + (4 if nxt.startswith("que ") else 3)
            elif cue.form.inf:
                # "a affirmé avoir", "a assuré n'avoir", "a déclaré en être", "a dit ne pas"
                wm = re.match(r"(?:(?:ne\s+(?:pas|plus|jamais)\s+|n['’]|en\s+|y\s+|lui\s+|"
                              r"leur\s+|s['’]|se\s+))*([\w-]+)", text[k:s_end])
                if wm and _INFINITIVE_RE.match(wm.group(1)) and wm.group(1) not in _NP_STOP:
                    # the negation the adverb skip passed over belongs to the clause: "a dit
                    # ne pas avoir reçu" reports "ne pas avoir reçu", not "avoir reçu"
                    neg = _negation_start(text, cue.end, k)
                    clause_start = k if neg is None else neg
            if clause_start is not None:
                clause_end = _clause_end(text, clause_start, s_end)
                speaker = _pronoun_span(cue) if cue.pronoun else _cue_subject(
                    idx, cue, s_start, cues, cue_starts)
                add(clause_start, clause_end, cue, speaker, sent, needs_parse=speaker is None)
                second = _SECOND_REPORT_RE.match(text, clause_end, s_end)
                if second is not None:
                    # "X a déclaré que A, précisant que B": B is X's report too
                    add(second.end(), _clause_end(text, second.end(), s_end), cue, speaker,
                        sent, needs_parse=speaker is None)
                continue
        # "Or, relève Etienne Tête, <clause>", "Mais, note-t-il, <clause>": an incise right
        # after the sentence's opening connector reports the rest of the sentence
        if cue.form.tense in ("participle", "finite") and _OPENING_INCISE_RE.fullmatch(
                text[s_start : cue.start]):
            sp = _pronoun_span(cue) if cue.pronoun else _inversion_speaker(idx, cue, s_end)
            if sp is not None:
                rest = re.match(r"\s*,\s*", text[max(sp.end, cue.end) : s_end])
                if rest:
                    add(max(sp.end, cue.end) + rest.end(), s_end, cue, sp, sent)
                    continue
        # "<clause>, a indiqué X." at the end of a sentence
        if cue.form.tense in ("participle", "finite") and cue.start > s_start + 15:
            before = text[s_start : cue.start]
            if re.search(r",\s*$", before) and _reads_as_clause(before):
                sp = _inversion_speaker(idx, cue, s_end)
                if sp is not None and _reaches_end(text, max(sp.end, cue.end), s_end):
                    add(s_start, cue.start, cue, sp, sent)
    # "<clause>, a-t-on appris (mercredi) auprès de X."
    for m in _APPRIS_RE.finditer(text):
        if inside(m.start()):
            continue
        sent = idx.sentence_span(m.start())
        s_start, s_end = sent
        toks = _tokens(text, m.end(), s_end)
        if not toks or m.start() < s_start + 15:
            continue
        sp = _read_np(idx, toks, 0, s_end)
        if _reaches_end(text, sp.end, s_end):
            # "de source proche du dossier": an anonymous source, no speaker
            anonymous = m.group(0).rstrip().casefold().endswith("source")
            add(s_start, m.start(), None, None if anonymous else sp, sent)
    # "Selon X, <clause>" and "<clause>, selon X"
    for m in _selon_matches(idx, 0, len(text)):
        if inside(m.start()):
            continue
        sent = idx.sentence_span(m.start())
        s_start, s_end = sent
        toks = _tokens(text, m.end(), s_end)
        if not toks:
            continue
        found = _selon_np(idx, toks, s_end)
        if found is None or _unsourced_document(idx, found):
            continue
        sp = found
        lead = text[s_start : m.start()].strip()
        if len(lead.split()) <= 2 and not lead.endswith(","):
            comma = text.find(",", sp.end, s_end)
            if comma != -1 and comma - sp.end < 40:
                # "Selon Paul Esnault, hydrologue, <clause>": skip the apposition
                app_end = text.find(",", comma + 1, s_end)
                if app_end != -1 and _is_apposition(idx, text[comma + 1 : app_end]):
                    comma = app_end
                add(comma + 1, s_end, None, sp, sent)
        elif _reaches_end(text, sp.end, s_end) and re.search(r",\s*$", text[s_start : m.start()]):
            add(s_start, m.start(), None, sp, sent)
        elif re.search(r",\s*$", text[s_start : m.start()]) and re.match(
                r"\s*,", text[sp.end : sp.end + 3]):
            add(s_start, s_end, None, sp, sent)  # "<clause>, selon X, <clause>"
    return out


def _unsourced_document(idx: TextIndex, sp: SpeakerSpan) -> bool:
    """"selon le relevé de conclusions": a document with nobody named in it."""
    if sp.kind != "np":
        return False
    phrase = re.split(r"[,;:.]", idx.text[sp.start : max(sp.end, sp.start + 60)])[0]
    words = [fold(w) for w in re.findall(r"[\w-]+", phrase)]
    words = [w for w in words if w not in ("le", "la", "les", "l", "un", "une", "ce", "cet",
                                           "cette", "ces")]
    if not words or words[0] not in _DOCUMENTS:
        return False
    return not any(idx.mentions[i].label in ("PER", "ORG")
                   for i in idx.mentions_in(sp.start, sp.start + len(phrase)))


def _is_apposition(idx: TextIndex, chunk: str) -> bool:
    """A short noun phrase between commas describing the source ("hydrologue", "un
    expert du CNRS"), not the start of the reported clause."""
    words = chunk.split()
    if not words or len(words) > 5 or not words[0][:1].islower():
        return False
    low = [w.casefold() for w in words]
    if any(w in _SUBJECT_VERBS or w in _PRONOUNS or w in ("qui", "que", "qu'") for w in low):
        return False
    return low[0] in _DETS or role_head(role_key(chunk)) is not None or len(words) == 1


#: the same adverbial phrases after a reporting verb: "a souligné de son côté que"
_AFTER_VERB_PHRASE_RE = re.compile(rf"(?:{_SIDE_PHRASES})(?!\w)", re.IGNORECASE)
#: the opening connector of a sentence whose reporting incise comes next: "Or, relève X,"
_OPENING_INCISE_RE = re.compile(
    r"\s*(?:Or|Mais|Et|Pourtant|Enfin|Cependant|Toutefois|D['’]ailleurs|Ainsi|En\s+effet|"
    r"Certes|Surtout|Aussi|De\s+plus|Par\s+ailleurs|Bref)\s*,\s*")
#: words between "ne" and an infinitive that the adverb skip passes over
_NEGATION_WORDS = frozenset({"pas", "plus", "jamais", "point", "guère", "rien"})


def _negation_start(text: str, lo: int, k: int) -> int | None:
    """Where the negation of the infinitive at ``k`` opens ("ne pas ", "n'", "ne toujours
    pas "): the "ne" of the run of adverbs right before ``k``, None when there is none."""
    toks = list(_TOKEN_RE.finditer(text, lo, k))
    start = None
    for m in reversed(toks):
        low = _low(m)
        if low in ("ne", "n'"):
            start = m.start()
        elif low in _NEGATION_WORDS or low in _ADVERBS:
            continue
        else:
            break
    return start


#: an incise closed by a comma right before "que": ", dans un communiqué, que"
_INCISE_QUE_RE = re.compile(r"[^,.;:!?«»\"“”\n]{3,90},\s*(qu(?:e\b|['’]))", re.IGNORECASE)


def _after_adverbials(text: str, pos: int, limit: int) -> int:
    """Skip time words, adverbs, commas and "à X" after a verb; return the next offset."""
    times = _time_words()
    k = pos
    while k < limit:
        m = _TOKEN_RE.match(text, k) if not text[k].isspace() else None
        if m is None:
            if text[k].isspace():
                k += 1
                continue
            break
        phrase = _AFTER_VERB_PHRASE_RE.match(text, k)
        if phrase:
            k = phrase.end()
            continue
        low = _low(m)
        if low == ",":
            # "a confirmé mercredi, dans un communiqué publié par l'Elysée, qu'il": an
            # incise between commas that ends right before "que"
            incise = _INCISE_QUE_RE.match(text, m.end(), limit)
            if incise:
                return incise.start(1)
        if low in (",",) or low in times or low.isdigit() or low in _ADVERBS:
            k = m.end()
            continue
        if low in ("à", "au", "aux", "dans", "devant", "lors", "sur", "auprès", "en") and \
                not text[m.end() : m.end() + 5].lstrip().casefold().startswith(("que", "qu'")):
            # "a déclaré à l'AFP que", "a indiqué dans un communiqué que"
            rest = re.match(r"\s+(?:(?:l['’]|la\s+|le\s+|les\s+|un\s+|une\s+|son\s+|sa\s+|ses\s+|"
                            r"d['’]un\s+|d['’]une\s+|de\s+la\s+|de\s+)?[\w.-]+)"
                            r"(?:\s+(?:de\s+presse|[A-ZÀ-Ý][\w-]*))?", text[m.end() : limit])
            longer = re.match(r"(?:\s+[\w'’.«»\"“”-]+){1,8}?(?=\s+qu(?:e\b|['’]))", text[m.end() : limit])
            if longer:
                k = m.end() + longer.end()
                continue
            if rest:
                k = m.end() + rest.end()
                continue
        break
    return k


def _clause_end(text: str, start: int, s_end: int) -> int:
    """End of a reported clause: the sentence end, an incise (", a-t-il ajouté") or a
    trailing adjunct about the saying (", jeudi sur son site", " dans un entretien")."""
    m = _CLAUSE_STOP_RE.search(text, start, s_end)
    return m.start() if m else s_end


#: an agency dateline opening a sentence: "Brévannes-sur-Loutre (France), 18 nov 2026 (AFP) - "
_DATELINE_LEAD_RE = re.compile(
    r"[^\n.]{0,90}?\((?:AFP|AP|Reuters|Belga|ATS|Efe|EFE|ANSA|DPA|Xinhua|APS|MAP|Sipa)\)"
    r"\s*[-–—]\s*")
#: a subject and its apposition ending with a name: "Le commandant des pompiers, le
#: lieutenant-colonel Bruno Ferrand,"
_APPOSITION_NAME_RE = re.compile(
    r"^[^,]{3,80},\s*(?:le|la|les|l['’]|son|sa|ses|leur|un|une)\b[^,]{0,60}?"
    r"(?:[A-ZÀ-Ý][\w'’-]+\s+){1,3}[A-ZÀ-Ý][\w'’-]+\s*,\s*$")


def _reads_as_clause(chunk: str) -> bool:
    """The words before ", a salué X" can be what someone said, unless they are a subject
    with its apposition ending with a name and hold no auxiliary: in "Le commandant des
    pompiers, le lieutenant-colonel Bruno Ferrand, a salué le travail des pompiers" Ferrand
    is the subject, not a speaker reported."""
    if not _APPOSITION_NAME_RE.match(chunk.strip()):
        return True
    words = re.findall(r"[\w'’-]+", chunk.lower())
    return any(w in _CLAUSE_VERBS for w in words)


def _reaches_end(text: str, pos: int, s_end: int) -> bool:
    rest = text[pos:s_end].strip()
    if not rest or rest in (".", "!", "?"):
        return True
    # a trailing adjunct is fine: "..., a déclaré X dans un communiqué", "..., a-t-il
    # déclaré, déplorant que ...", "..., a ajouté la présidence, sans plus de détails."
    return bool(_TRAILING_RE.match(rest)) and rest[1:].count(",") <= 1


# --------------------------------------------------------------------------- parser


def subject_from_parse(doc: Doc, cue_offset: int) -> tuple[int, int] | None:
    """Subject span of the reporting verb at ``cue_offset`` in a parsed sentence.

    Args:
        doc: the sentence parsed by the dependency parser.
        cue_offset: character offset of the cue verb in ``doc.text``.

    Returns:
        ``(start, end)`` of the subject subtree in ``doc.text``, or None.
    """
    verb = None
    for tok in doc:
        if tok.idx <= cue_offset < tok.idx + len(tok.text):
            verb = tok
            break
    if verb is None:
        return None
    for head in (verb, verb.head):
        for child in head.children:
            if child.dep_ in ("nsubj", "nsubj:pass", "csubj"):
                if child.lower_ == "qui" and head.dep_.startswith("acl") and head.head.i != head.i:
                    child = head.head  # "la LDH qui s'indigne": the noun "qui" stands for
                # keep the noun phrase, up to a relative clause or punctuation after it
                last = child.i
                for t in child.doc[child.i + 1 : child.right_edge.i + 1]:
                    if t.is_punct or t.dep_ in ("acl:relcl", "acl") or t.lower_ in ("qui", "que"):
                        break
                    last = t.i
                start = child.left_edge.idx
                end = child.doc[last].idx + len(child.doc[last].text)
                return start, end
    return None
