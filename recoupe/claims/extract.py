"""Claims: the units of information of one article.

A claim is a sentence of the article body, or a clause when the sentence joins two
independent facts (";", ", tandis que", ", alors que", ", et <new subject>"; and, when
both sides hold a finite auxiliary or modal, "et <subject>", ", <determiner> <subject>",
"and <subject>", inside quotes too). Headlines are claims too (an outlet that states a
fact only in its headline still reports it); with ``keep_titles`` false they are left
out, with intertitles and live-blog entry labels (a whole line without a closing
punctuation mark). Excluded:

- meta sentences: reading prompts, update notices, bylines, credits (the patterns of
  ``resources/meta_<lang>.txt``), and questions;
- fragments shorter than ``min_words`` words or with fewer than two content words.

Each claim keeps its offsets into ``article.text`` and the features alignment needs:
content lemmas, entity ids, resolved dates, quantities, and its attribution (the speaker
of a quote or of a "selon X" that covers it), see :class:`ClaimUnit`.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from dataclasses import dataclass, field, replace
from functools import lru_cache
from importlib import resources
from typing import Any

from recoupe.cluster.lemmas import lemmas
from recoupe.model import Article, DateExpr, Mention, Quantity, Quote
from recoupe.reuse.tokens import sentence_spans
from recoupe.text import trimmed

#: closing marks of a real sentence (a line ending otherwise is a title or a label)
_CLOSERS = ".!?…»\"”)]"
_CLAUSE = re.compile(r";\s+|,\s+(?=(?:tandis que|alors que|mais|et)\s)")
_BARE_ET = re.compile(r"(?<=\w)\s(?=(?:et|and)\s)|,\s(?=(?:un|une|le|la|les|l['’])\s?\w)")
_AND_SUBJECT = re.compile(r"and\s+(?:a|an|the|his|her|their|its|he|she|they|it|\d)\b")
_DET_SUBJECT = re.compile(r"(?:un|une|le|la|les|l['’])\s?\w")
#: finite verb forms that mark a clause (auxiliaries, copulas, modals)
_FINITE = frozenset([
    "a", "ont", "avait", "avaient", "aura", "auront", "aurait", "auraient", "est", "sont",
    "était", "étaient", "sera", "seront", "serait", "seraient", "va", "vont", "allait",
    "allaient", "doit", "doivent", "devait", "devaient", "devrait", "devraient", "peut",
    "peuvent", "pouvait", "pouvaient", "pourrait", "pourraient", "reste", "restent",
    "was", "were", "is", "are", "has", "have", "had", "will", "would", "could", "can",
])


def _has_finite(words: list[str]) -> bool:
    return any(w.strip(",;:«»\"“”()").casefold() in _FINITE for w in words)


_LEAD = re.compile(r"^(?:[-–—•*]+\s*|(?:et|mais|tandis que|alors que|and|but)\s+)", re.IGNORECASE)
_ET_SUBJECT = re.compile(
    r"(?:et|mais)\s+(?:le|la|les|l['’]|un|une|des|du|ce|cette|ces|son|sa|ses|leur|leurs"
    r"|près|plus|moins|quelque|environ|au moins|il|elle|ils|elles|on|\d|[A-ZÀ-Ý])",
)
_SELON = re.compile(
    r"(?:\b(?:selon|d['’]après|a-t-on appris (?:\w+ )?auprès d[eu']s?)"
    r"|,\s*(?:a|ont)\s+(?:indiqué|précisé|annoncé|déclaré|affirmé|confirmé|expliqué|assuré)"
    r"(?:\s+(?!que\b|qu['’])\w+){0,2}?)\s+"
    r"((?:l['’]|la |le |les |un |une |des |du )?(?!que\b|qu['’])[\w'’-]+(?:\s+[\w'’-]+){0,3})",
    re.IGNORECASE,
)
_TIME_UNITS = frozenset([
    "h", "heure", "heures", "minute", "minutes", "seconde", "secondes", "jour", "jours",
    "semaine", "semaines", "mois", "an", "ans", "année", "années", "fois", "h30",
])


@dataclass(slots=True)
class ClaimUnit:
    """A claim with the features used to align it (internal to the claims stage)."""

    article: str
    index: int
    start: int
    end: int
    text: str
    #: content lemmas (folded, stopwords removed, minimal stemming)
    lemmas: frozenset[str] = frozenset()
    #: entity ids mentioned in the claim
    entities: frozenset[str] = frozenset()
    #: ISO values of the day- or night-granularity dates in the claim
    dates: tuple[str, ...] = ()
    #: the same for explicit dates only ("le 14 octobre", not "mardi" or "hier")
    explicit_dates: tuple[str, ...] = ()
    #: the days the claim names (explicit dates and weekdays: "le 14 octobre", "mardi",
    #: not "hier" nor a night): two claims naming different days tell two facts
    named_days: tuple[str, ...] = ()
    #: countable quantities (times, durations and ages left out)
    quantities: tuple[Quantity, ...] = ()
    #: who the claim is attributed to ("la préfecture", "Bertrand Lemasson"), if anyone
    attribution: str | None = None
    #: the attributed speaker's entity id, if resolved
    attribution_entity: str | None = None
    #: the claim is (part of) a direct quote
    quoted: bool = False
    #: the claim sits in a correction of the outlet's own earlier report ("Rectificatif.
    #: Contrairement à ce que nous avons indiqué hier, ...")
    correction: bool = False
    #: the claim's text with its attribution ("selon X", the speaker's name) blanked:
    #: what alignment compares, so that two facts from one source do not look alike
    core: str = ""
    story: str | None = None
    event: str | None = None
    outlet: str | None = None
    language: str | None = None
    #: the day its article was published (ISO), if known
    published: str | None = None
    extra: dict[str, object] = field(default_factory=dict)

    @property
    def id(self) -> str:
        """Stable, readable claim id: ``<article id>:c<n>``."""
        return f"{self.article}:c{self.index}"


@lru_cache(maxsize=8)
def meta_patterns(language: str = "fr") -> tuple[re.Pattern[str], ...]:
    """Compiled meta-sentence patterns for ``language`` (French list as the fallback)."""
    base = resources.files("recoupe.claims").joinpath("resources")
    name = f"meta_{language}.txt"
    if not base.joinpath(name).is_file():
        name = "meta_fr.txt"
    out = []
    for line in base.joinpath(name).read_text(encoding="utf-8").splitlines():
        line = line.strip()
        if line and not line.startswith("#"):
            out.append(re.compile(line, re.IGNORECASE))
    return tuple(out)


def is_meta(sentence: str, language: str | None = None) -> bool:
    """True for a sentence about the article rather than the news (see module doc)."""
    s = sentence.strip().lstrip("-–—•*» ")
    if s.endswith("?") or s.endswith("?»") or s.endswith("? »"):
        return True
    return any(p.match(s) for p in meta_patterns(language or "fr"))


def sentence_spans_of(article: Article) -> list[tuple[int, int]]:
    """Sentences from the NLP layer (or a regex split), cut at line breaks and trimmed."""
    text = article.text
    spans = ([(s.start, s.end) for s in article.sentences] if article.sentences
             else sentence_spans(text))
    out: list[tuple[int, int]] = []
    for s, e in spans:
        pos = s
        for m in re.finditer(r"\n", text[s:e]):
            out.append((pos, s + m.start()))
            pos = s + m.end()
        out.append((pos, e))
    return [trimmed(text, s, e) for s, e in out if text[s:e].strip()]


def _is_title_line(text: str, s: int, e: int) -> bool:
    """A whole line without a closing mark: headline, intertitle, live-blog label."""
    line_start = text.rfind("\n", 0, s) + 1
    line_end = text.find("\n", e)
    line_end = len(text) if line_end < 0 else line_end
    whole = text[line_start:line_end].strip() == text[s:e].strip()
    if not whole:
        return False
    body = text[s:e].rstrip()
    if body[-1:] in "»\"”":
        # « ... » closing a headline, not a sentence: no full stop inside or after it
        return body[:-1].rstrip()[-1:] not in ".!?…"
    return body[-1:] not in _CLOSERS


def _clauses(text: str, s: int, e: int, min_words: int) -> list[tuple[int, int]]:
    """Split a sentence into independent clauses when both sides are long enough."""
    sent = text[s:e]
    cuts: list[tuple[int, int]] = []
    depth = 0
    straight = 0  # inside a "..." quotation: the same mark opens and closes it
    quote_chars = {"«": 1, "»": -1, "“": 1, "”": -1}
    open_at: list[int] = []
    for ch in sent:
        if ch in quote_chars:
            depth = max(0, depth + quote_chars[ch])
        elif ch == '"':
            straight = 1 - straight
        open_at.append(depth + straight)
    for m in _CLAUSE.finditer(sent):
        if open_at[m.start()] > 0:
            continue  # never inside a quote
        rest = sent[m.end():]
        if m.group(0).startswith(",") and rest[:3] in ("et ", "mai") \
                and not _ET_SUBJECT.match(rest):
            continue
        cuts.append((m.start(), m.end()))
    for m in _BARE_ET.finditer(sent):
        # "l'ambassade sera fermée et les employés sont invités à ...", "une habitante a
        # été retrouvée morte, un automobiliste a été emporté": two finite clauses with
        # their own subjects (quotes too: each clause is a fact)
        if any(a <= m.start() < b for a, b in cuts):
            continue
        rest = sent[m.end():]
        if not (_ET_SUBJECT.match(rest) or _AND_SUBJECT.match(rest)
                or (m.group(0).startswith(",") and _DET_SUBJECT.match(rest))):
            continue
        left = sent[:m.start()].split()
        right = rest.split()[:9]
        if _has_finite(left[-12:]) and _has_finite(right[1:]):
            cuts.append((m.start(), m.end()))
    cuts.sort()
    if not cuts:
        lead = _LEAD.match(sent)
        return [(s + lead.end(), e)] if lead and lead.end() < len(sent) else [(s, e)]
    pieces: list[tuple[int, int]] = []
    pos = 0
    for a, b in cuts:
        pieces.append((pos, a))
        pos = b
    pieces.append((pos, len(sent)))
    # merge pieces that are too short into their neighbour
    merged: list[tuple[int, int]] = []
    for a, b in pieces:
        if merged and (len(sent[a:b].split()) < min_words
                       or len(sent[merged[-1][0]:merged[-1][1]].split()) < min_words):
            merged[-1] = (merged[-1][0], b)
        else:
            merged.append((a, b))
    if len(merged) > 1 and len(sent[merged[-1][0]:merged[-1][1]].split()) < min_words:
        last = merged.pop()
        merged[-1] = (merged[-1][0], last[1])
    out = []
    for a, b in merged:
        cs, ce = trimmed(text, s + a, s + b)
        lead = _LEAD.match(text[cs:ce])
        if lead and ce - cs - lead.end() > 0:
            cs += lead.end()
        out.append((cs, ce))
    return out


def extract_claims(
    article: Article,
    quotes: list[Quote] | None = None,
    min_words: int = 6,
    keep_titles: bool = False,
) -> list[ClaimUnit]:
    """The claims of one analysed article, in text order.

    Args:
        article: an article with ``sentences`` (else a regex split is used), ``mentions``,
            ``dates`` and ``quantities`` filled by :func:`recoupe.nlp.analyze`.
        quotes: the quotes of this article (for attribution); None = none known.
        min_words: shortest claim kept, in words.
        keep_titles: keep headline-like lines (no closing punctuation).

    Returns:
        :class:`ClaimUnit` items numbered from 0 (the number is part of the claim id).
    """
    text = article.text
    lang = (article.language or "fr")[:2]
    language = article.language
    out: list[ClaimUnit] = []
    spans = _Spans(article)
    for s, e in sentence_spans_of(article):
        if not keep_titles and _is_title_line(text, s, e):
            continue
        if is_meta(text[s:e], lang):
            continue
        for cs, ce in _clauses(text, s, e, min_words):
            piece = text[cs:ce]
            if len(piece.split()) < min_words or is_meta(piece, lang):
                continue
            if len(lemmas(piece, article.language)) < 2:
                continue
            unit = ClaimUnit(article=article.id, index=len(out), start=cs, end=ce,
                             text=piece, story=article.story,
                             event=article.event, outlet=article.outlet,
                             language=language, published=(article.published or "")[:10] or None)
            _fill_features(unit, article, quotes or [], (s, e), spans)
            unit.lemmas = frozenset(lemmas(unit.core, article.language))
            out.append(unit)
    return out


class _Spans:
    """An article's mentions, dates and quantities sorted by start, so that each claim
    takes its own with a binary search: the cost of an article stays linear in its size
    (scanning every item for every claim was quadratic: 37 s on a 100k-word text)."""

    def __init__(self, article: Article) -> None:
        self.mentions = sorted(article.mentions, key=lambda m: m.start)
        self.dates = sorted(article.dates, key=lambda d: d.start)
        self.quantities = sorted(article.quantities, key=lambda q: q.start)
        self._m = [m.start for m in self.mentions]
        self._d = [d.start for d in self.dates]
        self._q = [q.start for q in self.quantities]
        # quantities that overlap a date ("le 12 mars": no count), found in one sweep
        self.in_date: set[int] = set()
        k = 0
        for i, q in enumerate(self.quantities):
            while k < len(self.dates) and self.dates[k].end <= q.start:
                k += 1
            j = k
            while j < len(self.dates) and self.dates[j].start < q.end:
                if self.dates[j].end > q.start:
                    self.in_date.add(i)
                    break
                j += 1

    @staticmethod
    def _within(items: list[Any], starts: list[int], lo: int, hi: int) -> list[Any]:
        out = []
        for k in range(bisect_left(starts, lo), bisect_left(starts, hi)):
            if items[k].end <= hi:
                out.append(items[k])
        return out

    def mentions_in(self, lo: int, hi: int) -> list[Mention]:
        return self._within(self.mentions, self._m, lo, hi)

    def dates_in(self, lo: int, hi: int) -> list[DateExpr]:
        return self._within(self.dates, self._d, lo, hi)

    def quantities_in(self, lo: int, hi: int) -> list[tuple[int, Quantity]]:
        return [(k, self.quantities[k]) for k in range(bisect_left(self._q, lo), bisect_left(self._q, hi))
                if self.quantities[k].end <= hi]


def _fill_features(unit: ClaimUnit, article: Article, quotes: list[Quote],
                   sentence: tuple[int, int], spans: _Spans | None = None) -> None:
    cs, ce = unit.start, unit.end
    spans = spans or _Spans(article)
    unit.correction = bool(CORRECTION.search(article.text[sentence[0]:sentence[1]]))
    unit.entities = frozenset(m.entity for m in spans.mentions_in(cs, ce) if m.entity)
    dates: list[DateExpr] = spans.dates_in(cs, ce)
    unit.dates = tuple(sorted({d.value for d in dates
                               if d.value and d.granularity in ("day", "night")}))
    unit.explicit_dates = tuple(sorted({d.value for d in dates if d.value and not d.relative
                                        and d.granularity in ("day", "night")}))
    unit.named_days = tuple(sorted({
        d.value for d in dates if d.value and d.granularity == "day"
        and (not d.relative or _WEEKDAY.search(d.text) or _DAY_MONTH.search(d.text))
        # "depuis mardi", "jusqu'à jeudi": a span's end, not the day of the fact
        and not _SPAN_BEFORE.search(article.text[max(0, d.start - 14):d.start])}))
    qs: list[Quantity] = []
    for k, q in spans.quantities_in(cs, ce):
        if q.value is None:
            continue
        if k in spans.in_date:
            continue
        if quantity_key(q) is None:
            continue
        if _and_others(article.text, q.start, q.end, cs) and "autres" not in q.text:
            # "Saint-Aubin et onze communes voisines": eleven besides the one named, so
            # twelve in all, as "et onze autres communes" says (compare.interval)
            q = replace(q, text=f"{q.text} autres")
        if _DEMANDED.search(article.text[max(cs, q.start - 60):q.start]):
            # "réclament une hausse de 150 euros" is a demand, not a fact: it is compared
            # with other demands only, never with what was granted ("obtiennent 90 euros")
            q = replace(q, unit=f"{q.unit} demandés" if q.unit else "demandés")
        elif (toll := toll_unit(article.text, q, ce, qs)) is not None:
            if toll.endswith(RECAP):
                continue  # a toll recalled in a side clause: no figure of this claim
            q = replace(q, unit=toll)
        elif (q.unit or "").strip() == "%" and (of := _PERCENT_OF.match(article.text, q.end, ce)):
            # "65 % des conducteurs": a share of whom, compared with shares of the same
            # ("40 % des conducteurs"); a bare percentage stays a measure, never compared
            q = replace(q, unit=f"% {of.group(1).lower()}")
        qs.append(q)
    unit.quantities = tuple(qs)
    best: Quote | None = None
    best_overlap = 0
    blank: list[tuple[int, int]] = []
    for qt in quotes:
        ov = min(ce, qt.end) - max(cs, qt.start)
        if ov <= 0:
            continue
        if qt.kind == "direct" and ov > 0.3 * (ce - cs):
            unit.quoted = True  # a quotation and its attribution: "« ... », a déclaré X"
        if qt.speaker and ov > best_overlap:
            best, best_overlap = qt, ov
    for hit in _SELON.finditer(unit.text):
        who = re.split(r"[,.;:]", hit.group(1))[0]
        blank.append((hit.start(), hit.start(1) + len(who)))
    tail = _postposed_attribution(unit.text)
    if tail is not None:
        blank.append(tail)
    if best is not None:
        unit.attribution = best.speaker
        unit.attribution_entity = best.speaker_entity
    else:
        found = _SELON.search(article.text[sentence[0]:sentence[1]])
        if found:
            unit.attribution = re.split(r"[,.;:]", found.group(1))[0].strip()
    chars = list(unit.text)
    for a, b in blank:
        for k in range(max(0, a), min(len(chars), b)):
            chars[k] = " "
    core = re.sub(r"\s+", " ", "".join(chars)).strip(" ,")
    unit.core = core if len(core.split()) >= 3 else unit.text


_CUE = re.compile(r"[»\"”]\s*,\s*(?:(?:a|ont|avait|avaient)\s+)?([\w’'-]+)")
_RELATIVE = re.compile(
    r",?\s+qui\s|,\s+(?=(?:à|après|avant|en|lors|dans|devant|au|aux|pendant|depuis|sur|"
    r"pour|mais|et)\s)")


def _postposed_attribution(text: str) -> tuple[int, int] | None:
    """The span of a tail attribution after a quote ("», explique Karine Lestrade,
    secrétaire de la CGT", "», a déclaré à l'AFP le préfet"): from the cue to the end of
    the claim, or to what adds content ("..., qui a indiqué que ...", "..., à l'issue de")."""
    from recoupe.nlp.lexicon import lookup_verb

    for m in _CUE.finditer(text):
        word = m.group(1).casefold().split("-")[0]
        verb = lookup_verb(word)
        if verb is None or verb.tense not in ("finite", "participle"):
            continue
        rel = _RELATIVE.search(text, m.end())
        return m.start(), rel.start() if rel else len(text)
    return None


_NAMED_AND = re.compile(r"[A-ZÀ-Ý][\w'’-]*\s+et\s+$")
_BESIDES = re.compile(r"\s*(?:[\w'’-]+\s+)?(?:voisin|environnant|alentour|limitrophe|proche)",
                      re.IGNORECASE)


def _and_others(text: str, start: int, end: int, floor: int) -> bool:
    """A count that comes after a named member of the set ("Saint-Aubin et onze
    communes", "Lyon et ses trois communes voisines"): it leaves that member out."""
    before = text[max(floor, start - 60):start]
    if _NAMED_AND.search(before):
        return True
    return bool(re.search(r"\bet\s+(?:ses|leurs)\s+$", before)) and \
        bool(_BESIDES.match(text, end))


_SPAN_BEFORE = re.compile(r"\b(?:depuis|dès|jusqu['’]à|jusqu['’]au|partir\s+de|avant|après)"
                          r"(?:\s+(?:le|ce|la|l['’]))?\s*$", re.IGNORECASE)
#: a day of a month written out without its year ("le 3 mars"): a named day too
_DAY_MONTH = re.compile(r"\b\d{1,2}(?:er)?\s+(?:janvier|février|mars|avril|mai|juin|juillet|août|"
                        r"septembre|octobre|novembre|décembre)\b", re.IGNORECASE)
_WEEKDAY = re.compile(r"\b(?:lundi|mardi|mercredi|jeudi|vendredi|samedi|dimanche)\b", re.IGNORECASE)

#: an outlet correcting its own earlier report
CORRECTION = re.compile(
    r"\b(?:contrairement\s+à\s+ce\s+que\s+nous\s+(?:avons|avions)\s+(?:indiqué|écrit|annoncé|"
    r"publié|rapporté)|nous\s+avons\s+(?:indiqué|écrit)\s+par\s+erreur|"
    r"une\s+erreur\s+s['’]est\s+glissée\s+dans\s+(?:notre|cet|un\s+précédent)\s+article)"
    r"|^\W*(?:rectificatif|erratum)\s*[.:—–-]", re.IGNORECASE)

#: the end of the key of a figure asked for (:func:`quantity_key`)
DEMANDED = "(demandé)"

#: casualty tolls: what a toll counts, from the counted noun itself ("douze blessés") or
#: from the participle after a noun of people ("quatorze personnes ont été blessées")
TOLL_KINDS: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("morts", re.compile(r"(?:morte?s?|tuée?s?|décédée?s?|victimes? mortelles?|péri|"
                         r"perdu la vie|trouvé la mort|noyée?s?)$")),
    ("blessés", re.compile(r"blessée?s?$")),
    ("disparus", re.compile(r"disparue?s?$")),
    ("évacués", re.compile(r"évacuée?s?$")),
    ("hospitalisés", re.compile(r"hospitalisée?s?$")),
)
#: nouns of people whose count a casualty participle after them turns into a toll
_PEOPLE = frozenset([
    "personne", "gens", "habitant", "civil", "enfant", "adulte", "femme", "homme",
    "soldat", "militaire", "policier", "gendarme", "pompier", "manifestant", "passager",
    "ouvrier", "salarié", "touriste", "migrant", "victime", "randonneur", "élève",
    "étudiant", "patient", "détenu", "otage", "membre", "secouriste", "agent",
    "combattant", "rebelle", "insurgé", "villageois", "résident", "riverain", "occupant",
    "automobiliste", "cycliste", "piéton", "spectateur", "supporter", "fidèle",
    "journaliste", "marin", "pêcheur", "mineur", "employé", "travailleur", "réfugié",
])
#: the predicate after the noun: "ont été (grièvement) blessées", "sont mortes", "blessées"
_TOLL_PREDICATE = re.compile(
    # "ont été", "ont désormais été", "ont dû être", "sont", "est"
    r"\s*(?:(?:ont|sont|avaient|étaient|auraient|seraient|a|est|doivent)"
    r"(?:\s+(?:désormais|déjà|finalement|aussi|également|encore|toujours|ainsi))?"
    r"(?:\s+(?:été|dû\s+être|être))?\s+)?"
    r"(?:(?:déjà|aussi|également|encore|toujours|très|grièvement|gravement|légèrement|mortellement|sérieusement|"
    r"toutes|tous|ainsi|par\s+ailleurs)\s+){0,2}"
    r"((?:morte?s?|tuée?s?|décédée?s?|péri|perdu\s+la\s+vie|trouvé\s+la\s+mort|noyée?s?|"
    r"blessée?s?|disparue?s?|évacuée?s?|hospitalisée?s?))\b", re.IGNORECASE)
_SEVERE = re.compile(r"\b(?:graves?|grièvement|gravement|sérieusement|mortellement|"
                     r"en\s+urgence\s+absolue|dans\s+un\s+état\s+(?:grave|critique)|critiques?)\b",
                     re.IGNORECASE)
_LIGHT = re.compile(r"\b(?:légers?|légères?|légèrement|en\s+urgence\s+relative|"
                    r"superficiellement)\b", re.IGNORECASE)
_DONT = re.compile(r"\bdont\s+(?:(?:au\s+moins|au\s+plus|près\s+de|environ|quelque|plus\s+de|"
                   r"moins\s+de)\s+)?$", re.IGNORECASE)


def _toll_kind(words: str) -> str | None:
    low = re.sub(r"\s+", " ", words.casefold()).strip()
    for kind, pat in TOLL_KINDS:
        if pat.search(low):
            return kind
    return None


#: what a percentage is a share of: "65 % des conducteurs", "40 % de la population"
_PERCENT_OF = re.compile(
    r"[ \u00a0\u202f]*(?:(?:des|de\s+la|du|de)\s+|de\s+l['’]|d['’])"
    r"(?!(?:entre|leur|leurs|ses|son|sa|ces|nos|vos|mes|tes|plus|moins|ici|cas|total|ensemble|"
    r"hausse|baisse|réduction|augmentation|part|autres?)\b)([a-zà-ÿœæ][\w-]{2,})", re.IGNORECASE)


def toll_unit(text: str, q: Quantity, limit: int, before: list[Quantity]) -> str | None:
    """The unit of a casualty toll, its severity and whether it is a part of a toll given
    before it, or None when ``q`` counts no casualties: "douze blessés" -> "blessés",
    "quatorze personnes ont été blessées" -> "blessés", "25 blessés légers" -> "blessés
    (légers)", "dont deux grièvement" (after a toll of the injured) -> "blessés (graves)",
    "dont trois enfants" -> "blessés (dont)", "quatre personnes restaient hospitalisées" ->
    "hospitalisés (encore)" (a count at one time, not the toll so far). Only totals of one
    kind ("blessés") compare with each other: "deux blessés graves" says nothing against
    "douze blessés". A toll of the past ("en 2019, un incendie avait fait cinq morts") is
    another event's: "morts (passé)", compared with none; a toll recalled in a relative
    clause ("après l'explosion qui a fait neuf blessés") is "blessés (rappel)", which the
    claim leaves out of its figures."""
    unit = (q.unit or "").strip()
    words = unit.casefold().split()
    head = words[0] if words else ""
    clause_start = max(0, q.start - 80)
    cut = max(text.rfind(c, clause_start, q.start) for c in ".;!?\n")
    clause_before = text[max(clause_start, cut + 1):q.start]
    past = bool(_PAST_TOLL.search(clause_before))
    recap = bool(_RECAP_TOLL.search(clause_before))
    part = bool(_DONT.search(text[max(0, q.start - 30):q.start]))
    kind = _toll_kind(head) if head else None
    severity_at = q.end
    people = head in _PEOPLE or head.rstrip("sx") in _PEOPLE
    if kind is None and people and len(words) > 1:
        kind = _toll_kind(words[1])  # "deux personnes blessées", "deux pompiers blessés"
    if kind is None and people:
        m = _TOLL_PREDICATE.match(text, q.end, limit)
        if m is not None:
            kind = _toll_kind(m.group(1))
            severity_at = m.start(1)  # "ont été grièvement blessées"
            if past:
                return f"{kind} (passé)"
            if _SEVERE.search(m.group(0)):
                return f"{kind} (graves)" if kind in _GRADED else kind
            if _LIGHT.search(m.group(0)):
                return f"{kind} (légers)" if kind in _GRADED else kind
    # the words right after the noun: "blessés graves", "blessés légers"
    after = text[severity_at: min(limit, severity_at + 30)]
    after = re.split(r"[,;:.!?()«»\"\d]|\b(?:dont|et|ou|mais|dans|de|du|des|à|au|après|selon)\b",
                     after)[0]
    if kind is None and part and before:
        # "douze blessés, dont deux grièvement": a part of the toll just given
        prev = (before[-1].unit or "").split(" (")[0]
        if prev in {k for k, _ in TOLL_KINDS} and (not head or _SEVERE.match(head)
                                                      or _LIGHT.match(head) or people):
            kind = prev
            after = unit + " " + after
    if kind is None:
        return None
    if past:
        return f"{kind} (passé)"  # another, earlier event's toll: compared with none
    if recap:
        return f"{kind}{RECAP}"  # the event recalled in a side clause: no figure of the claim
    if kind in _GRADED:
        if _SEVERE.search(after) or (head and _SEVERE.match(head)):
            return f"{kind} (graves)"
        if _LIGHT.search(after) or (head and _LIGHT.match(head)):
            return f"{kind} (légers)"
    if _STILL.search(clause_before) or _STILL.search(unit) \
            or _STILL.match(text, q.end, min(limit, q.end + 40)):
        return f"{kind} (encore)"
    return f"{kind} (dont)" if part else kind


#: the kinds of toll that have a severity (the dead have none)
_GRADED = frozenset({"blessés", "hospitalisés"})
#: a count at one moment, not the toll so far: "quatre personnes restaient hospitalisées",
#: "deux sont toujours hospitalisés", "encore hospitalisées"
_STILL = re.compile(r"\b(?:encore|toujours|restaient|restent|demeurent|demeuraient|"
                    r"actuellement|en ce moment)\b|\s+(?:\w+\s+){0,2}?(?:restaient|restent|sont\s+"
                    r"(?:encore|toujours)|étaient\s+(?:encore|toujours)|demeurent)\b", re.IGNORECASE)
#: a toll of another, past event: "en 2019, un incendie avait fait cinq morts", "le
#: précédent bilan", "l'an dernier"
_PAST_TOLL = re.compile(r"\b(?:avait|avaient)\s+(?:fait|causé|coûté|tué)\b|\ben\s+(?:19|20)\d\d\b|"
                        r"\b(?:l['’]an\s+(?:dernier|passé)|précédent\s+bilan|à\s+l['’]époque)\b",
                        re.IGNORECASE)


#: the qualifier of a toll recalled in a side clause (see :data:`_RECAP_TOLL`)
RECAP = " (rappel)"
#: a toll recalled in a relative clause, background of another fact: "l'information
#: judiciaire ouverte après l'explosion qui a fait neuf blessés", "l'immeuble, où une
#: explosion a fait sept blessés, faisait l'objet d'une procédure", "l'incendie ayant fait
#: deux morts": no figure of the claim, compared with none (the article's own count is
#: elsewhere; a day named after it is the event's, not the count's)
_RECAP_TOLL = re.compile(
    r"\b(?:qui\s+|ayant\s+|où\s+(?:[\w'’-]+\s+){1,5}?)(?:(?:a|ont|aurait|auraient)\s+)?"
    r"(?:fait|causé|coûté\s+la\s+vie\s+à|tué)\s+"
    r"(?:(?:au\s+moins|près\s+de|environ|plus\s+de|quelque)\s+)?$", re.IGNORECASE)


#: a figure asked for, not stated as a fact: a verb of demand shortly before it, with no
#: full stop between (an offer or a promise may well be the figure granted: not these)
_DEMANDED = re.compile(
    r"(?<!\bla )(?<!\bune )(?<!\bleur )(?<!\bsa )(?<!\bson )(?<!\bles )(?<!\bdes )(?<!\bleurs )"
    r"\b(?:réclam|revendiqu|exig|demand)(?:e|es|ent|ait|aient|a|ons|ez|era|eront|é|ée|és|ées)\b"
    r"[^.;:!?,]{0,50}$", re.IGNORECASE)


def quantity_key(q: Quantity) -> str | None:
    """The counted noun of a quantity, folded ("pompiers" -> "pompier"), "" when none;
    None for times, durations, ages and bare small numbers, which are not compared."""
    unit = (q.unit or "").strip().lower()
    if unit == "demandés" or unit.endswith(" demandés"):
        # a demand compares with demands only: "euro (demandé)", "(demandé)" for a bare one
        base = quantity_key(replace(q, unit=unit[: -len("demandés")].strip() or None))
        if base is None:
            return None
        return f"{base} {DEMANDED}" if base else DEMANDED
    qual = re.fullmatch(r"(.+?) (\([^()]+\))", unit)
    if qual and qual.group(2) != DEMANDED:
        # a toll's severity or part ("blessés (graves)"): compared with the same only
        base = quantity_key(replace(q, unit=qual.group(1)))
        return f"{base} {qual.group(2)}" if base else None
    head = unit.split()[0] if unit else ""
    if head == "%" and len(unit.split()) > 1:
        noun = unit.split()[1]
        return "% " + (noun[:-1] if len(noun) > 3 and noun[-1] in "sx" else noun)
    if head in _TIME_UNITS or head in ("octobre", "novembre", "janvier", "février", "mars",
                                       "avril", "mai", "juin", "juillet", "août",
                                       "septembre", "décembre", "quand"):
        return None
    if not head and (q.value is None or (q.value < 10 and not q.approx)):
        return None
    if not head and q.value is not None and 1900 <= q.value <= 2100 and q.value.is_integer():
        return None  # a year
    head = head.split("-")[-1]
    if len(head) > 3 and head[-1] in "sx":
        head = head[:-1]
    return head
