"""Claim groups across articles: candidates → features → scorer → decision.

Within one scope (a story, or all articles when clustering did not run):

1. candidates (:func:`candidate_pairs`): for every claim, its ``max_candidates`` nearest
   claims of *other* articles by embedding cosine, by lemma TF-IDF and by word TF-IDF,
   computed block by block (memory O(block x n));
2. features and scorer (:mod:`.scoring`): each candidate pair gets the probability that
   the two claims state the same fact, from a logistic model over three similarities
   (embedding, word and lemma TF-IDF), trained on the development golds;
3. decision (:func:`decide`): a pair is a *conflict* when the claims are close enough
   (probability >= ``conflict_probability``, same event) but their figures, or their
   explicit dates, disagree; it is *apart* (two facts, whatever the words) when their
   dates, relative ones too, are more than ``apart_days`` apart or both name their day
   ("mardi", "le 3 mars") and the days differ, or when one tells a past
   fact of a day after the other's article was published; it is a *link* when the
   probability reaches the model's ``link_threshold`` and nothing disagrees;
4. grouping (:func:`group_claims`): links are merged best first (union-find) under
   cannot-link constraints: a group holds one claim per article (unless the article tells
   the fact twice: ``restated_threshold``), never two claims in conflict, and two groups
   merge only when the mean probability of their cross pairs reaches ``group_threshold``
   and none of those pairs is apart
   (average linkage: a chain of weak links cannot glue a group together).

A rule adds a candidate source or a feature (then ``eval/train_alignment.py`` refits the
scorer); the decision reads only probabilities and the cannot-link evidence.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from recoupe.claims.compare import (
    Evidence,
    compare_dates,
    compare_figures,
    days_apart,
    demand_and_outcome,
    denied,
    evidence,
    misattributed,
    reported_before,
    tolls,
    untolled,
)
from recoupe.claims.extract import ClaimUnit, quantity_key
from recoupe.claims.scoring import (
    AlignmentModel,
    PairFeatures,
    model_from_options,
)

DEFAULTS: dict[str, Any] = {
    "min_words": 6,
    "keep_titles": True,
    "max_candidates": 8,
    "block": 1024,
    #: alignment model file (JSON, see recoupe/claims/scoring.py); empty = the packaged one
    "model": "",
    #: a pair whose figures disagree is a conflict at this probability or more
    "conflict_probability": 0.2,
    #: a pair whose explicit dates disagree is a conflict at this probability or more
    "date_conflict_probability": 0.35,
    "approx_tolerance": 0.2,
    "min_slack": 0.3,
    "conflicts_same_event": True,
    #: two claims whose dates (relative ones too) are more than this many days apart are
    #: two facts: they never share a group (-1 = off)
    "apart_days": 1,
    #: two claims of one event whose casualty tolls of one kind disagree ("douze blessés" /
    #: "quatorze personnes ont été blessées") are in conflict whatever their wording, when
    #: their articles were published this many days apart or less (-1 = off: tolls then
    #: conflict like other figures, from ``conflict_probability`` up)
    "toll_conflict_days": 0,
    "outlet_one_source": True,
    #: a claim left alone whose best match in another independent source reaches this
    #: probability is ``possibly_corroborated``, not ``single_source`` (-1 = never)
    "possible_threshold": -1.0,
}


_NUMBER = re.compile(r"(?<![\w.,])\d{1,3}(?:[ \u00a0\u202f.,]\d{3})+(?![\d])|(?<![\w.,])\d+(?![\d])")


#: small numbers written as words, per language (not "un"/"one"/"uno": articles too; not
#: the Italian "sei", which is also "you are")
_SMALL = (2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 20, 30, 40, 50, 60)


def _vocab(words: str) -> dict[str, int]:
    return dict(zip(words.split(), _SMALL, strict=True))


_NUMBER_WORDS: dict[str, dict[str, int]] = {
    "fr": _vocab("deux trois quatre cinq six sept huit neuf dix onze douze treize quatorze quinze "
                 "seize vingt trente quarante cinquante soixante"),
    "en": _vocab("two three four five six seven eight nine ten eleven twelve thirteen fourteen "
                 "fifteen sixteen twenty thirty forty fifty sixty"),
    "es": _vocab("dos tres cuatro cinco seis siete ocho nueve diez once doce trece catorce quince "
                 "dieciséis veinte treinta cuarenta cincuenta sesenta"),
    "it": _vocab("due tre quattro cinque sei_ sette otto nove dieci undici dodici tredici quattordici "
                 "quindici sedici venti trenta quaranta cinquanta sessanta"),
    "de": _vocab("zwei drei vier fünf sechs sieben acht neun zehn elf zwölf dreizehn vierzehn "
                 "fünfzehn sechzehn zwanzig dreißig vierzig fünfzig sechzig"),
    "pt": {**_vocab("dois três quatro cinco seis sete oito nove dez onze doze treze catorze quinze "
                    "dezesseis vinte trinta quarenta cinquenta sessenta"), "duas": 2, "dezasseis": 16},
}


#: a number this reading cannot take whole: a scale word after it ("1.2 million", "trois
#: mille", "deux cents") or a compound written in words ("vingt-deux", "dix-sept")
_UNREAD_NUMBER = re.compile(
    r"\b(?:cents?|mille|milliers?|millions?|milliards?|hundreds?|thousands?|billions?|cientos?|"
    r"mil|millón|millones|miles|cento|mila|milioni?|miliardi?|hundert|tausend|millionen|"
    r"milliarden?|mio|mrd|milhões|milhão|milhares|bilhões|bilião|biliões)\b"
    r"|\b(?:vingt|trente|quarante|cinquante|soixante|dix|twenty|thirty|forty|fifty|sixty|"
    r"veinti\w*|dieci\w+|treinta|cuarenta|cincuenta|sesenta|venti\w+|trenta\w+)[-\s](?:et[-\s])?"
    r"(?:un|une|deux|trois|quatre|cinq|six|sept|huit|neuf|one|two|three|four|five|six|seven|"
    r"eight|nine|y)\b", re.IGNORECASE)


def _digits(text: str, language: str | None = None) -> set[int]:
    """The whole numbers a text writes, in digits whatever the thousands separator ("8 000",
    "8,000", "8.000" are 8000) and, in its language, small ones in words ("douze", "once");
    years and times are numbers too, harmlessly: two tellings of one fact share them. Empty
    when a number cannot be read whole (:data:`_UNREAD_NUMBER`): nothing is compared then."""
    if _UNREAD_NUMBER.search(text):
        return set()
    out = set()
    for m in _NUMBER.finditer(text):
        out.add(int(re.sub(r"\D", "", m.group(0))))
    words = _NUMBER_WORDS.get(language or "", {})
    if words:
        for w in re.findall(r"[^\W\d_]+", text.casefold()):
            if w in words:
                out.add(words[w])
    return out


def _close(x: int, y: int, ratio: float = 1.3) -> bool:
    """Whether two figures are within ``ratio`` of each other ("45" and "40", "19" and "20")."""
    lo, hi = min(x, y), max(x, y)
    return hi <= lo * ratio


#: a toll that adds parts up ("au total, la tempête a fait cinq morts"): no telling of a
#: part ("deux morts dans le Var") is in conflict with it by its figure alone
_TOTAL = re.compile(r"\b(?:au\s+total|en\s+tout|au\s+global|l['’]ensemble\s+d)", re.IGNORECASE)
#: a toll said to have changed: "le bilan s'alourdit à", "passe à", "un nouveau bilan"
_REVISED = re.compile(
    r"\b(?:s['’]alourdi\w*|alourdi\w*|s['’]est\s+alourdi|passe\s+à|est\s+passé\s+à|porté\s+à|"
    r"désormais|nouveau\s+bilan|dernier\s+bilan|bilan\s+(?:provisoire|actualisé|revu|révisé)|"
    r"revu\s+à\s+la\s+(?:hausse|baisse)|a\s+succombé|ont\s+succombé|des\s+suites\s+de\s+ses\s+blessures|"
    r"death\s+toll\s+(?:rose|has\s+risen|climbed)|rises?\s+to|se\s+eleva|ascendi[óo]\s+a|sale\s+a)\b",
    re.IGNORECASE)

#: group sizes beyond which average linkage is computed on the first members only
MAX_LINKAGE = 24


@dataclass(slots=True)
class PairDecision:
    i: int
    j: int
    #: probability that the two claims state the same fact
    score: float
    #: "link" | "conflict" | "apart" (dated days apart: two facts) | None
    kind: str | None
    ev: Evidence


def candidate_pairs(units: list[ClaimUnit], vectors: np.ndarray | None, tfidf: Any, k: int,
                    block: int = 1024, words: Any = None) -> set[tuple[int, int]]:
    """Pairs (i < j) of claims of different articles among each claim's ``k`` nearest,
    by embedding (when given), by lemma TF-IDF and by word TF-IDF (when given), computed
    block by block."""
    n = len(units)
    out: set[tuple[int, int]] = set()
    if n < 2:
        return out
    art_ids: dict[str, int] = {}
    arts = np.array([art_ids.setdefault(u.article, len(art_ids)) for u in units])
    if len(art_ids) < 2:
        return out
    k = min(k, n - 1)

    def add_top(sims: np.ndarray, first: int) -> None:
        for r in range(sims.shape[0]):
            i = first + r
            row = sims[r]
            row[arts == arts[i]] = -np.inf
            top = np.argpartition(-row, k - 1)[:k]
            for j in top:
                j = int(j)
                if np.isfinite(row[j]) and row[j] > 0:
                    out.add((i, j) if i < j else (j, i))

    for b in range(0, n, block):
        if vectors is not None and len(vectors):
            add_top(vectors[b:b + block] @ vectors.T, b)
        add_top((tfidf[b:b + block] @ tfidf.T).toarray(), b)
        if words is not None:
            add_top((words[b:b + block] @ words.T).toarray(), b)
    return out


def published_gap(a: ClaimUnit, b: ClaimUnit) -> int | None:
    """Days between the publication days of two claims' articles (None if one is unknown)."""
    return days_apart((a.published,) if a.published else (), (b.published,) if b.published else ())


def toll_pairs(units: list[ClaimUnit], days: int) -> set[tuple[int, int]]:
    """Pairs (i < j) of claims of one event in different articles, published at most
    ``days`` apart, that both give a whole casualty toll of one kind: candidates whatever
    their wording, so that two outlets' tolls are compared (:func:`decide`)."""
    if days < 0:
        return set()
    # (event, toll kind) -> toll value -> claims: a claim's first toll of each kind
    by_key: dict[tuple[str, str], dict[float, list[int]]] = {}
    for i, u in enumerate(units):
        if u.event is None:
            continue
        first: dict[str, float] = {}
        for q in tolls(u.quantities):
            first.setdefault(quantity_key(q) or "", float(q.value or 0.0))
        for key, v in first.items():
            by_key.setdefault((u.event, key), {}).setdefault(v, []).append(i)
    out: set[tuple[int, int]] = set()
    for by_value in by_key.values():
        # the claims of each toll value: a claim meets a few claims of every other value
        # (linear in the claims for a few values; at most TOLL_VALUES values compared)
        values = sorted(by_value, key=lambda v: -len(by_value[v]))[:TOLL_VALUES]
        for v in values:
            for w in values:
                if w <= v:
                    continue
                for i in by_value[v]:
                    for j in by_value[w][:TOLL_PER_VALUE]:
                        a, b = units[i], units[j]
                        if a.article != b.article and (gap := published_gap(a, b)) is not None \
                                and gap <= days:
                            out.add((i, j) if i < j else (j, i))
    return out


#: toll pairs: the values of one toll compared (the most told), and the claims of each
#: other value a claim is paired with
TOLL_VALUES, TOLL_PER_VALUE = 8, 3


class PairScorer:
    """Cached pair decisions over one scope's claims."""

    def __init__(self, units: list[ClaimUnit], vectors: np.ndarray | None, p: dict[str, Any],
                 model: AlignmentModel | None = None) -> None:
        self.units, self.p = units, p
        self.model = model or model_from_options(p)
        self.features = PairFeatures(units, vectors)
        self.cache: dict[tuple[int, int], PairDecision] = {}

    def probability(self, i: int, j: int) -> float:
        return self(i, j).score

    def prefetch(self, pairs: list[tuple[int, int]]) -> None:
        """Score many pairs at once (features and probabilities in bulk) into the cache."""
        keys = sorted({(i, j) if i < j else (j, i) for i, j in pairs} - self.cache.keys())
        if not keys:
            return
        probs = self.model.probability(self.features.many(keys), self.features.cross_mask(keys))
        for key, prob in zip(keys, probs, strict=True):
            d = decide(self.units[key[0]], self.units[key[1]], float(prob), self.p, self.model)
            d.i, d.j = key
            self.cache[key] = d

    def __call__(self, i: int, j: int) -> PairDecision:
        key = (i, j) if i < j else (j, i)
        d = self.cache.get(key)
        if d is None:
            prob = float(self.model.probability(self.features(*key)[None, :],
                                                np.array([self.features.cross(*key)]))[0])
            d = decide(self.units[key[0]], self.units[key[1]], prob, self.p, self.model)
            d.i, d.j = key
            self.cache[key] = d
        return d


def decide(a: ClaimUnit, b: ClaimUnit, prob: float, p: dict[str, Any],
           model: AlignmentModel) -> PairDecision:
    """Call a scored pair a link, a conflict or nothing (see the module doc)."""
    ev = evidence(a, b, p["approx_tolerance"], p["min_slack"])
    apart_days = int(p["apart_days"])
    kind: str | None = None
    same_event = a.event == b.event or not p["conflicts_same_event"]
    toll_days = int(p.get("toll_conflict_days", -1))
    pub_gap = published_gap(a, b)
    revised = ev.tolls == "conflict" and toll_days >= 0 and bool(
        _REVISED.search(a.text) or _REVISED.search(b.text))
    # two outlets' tolls of one kind for one event, told the same day, must agree whatever
    # their words; unless one of them says the toll changed, or gives the total of parts
    tolls_differ = (ev.tolls == "conflict" and toll_days >= 0 and not revised
                    and a.event is not None and a.event == b.event
                    and pub_gap is not None and pub_gap <= toll_days
                    and not _TOTAL.search(a.text) and not _TOTAL.search(b.text))
    if revised and compare_figures(untolled(a.quantities), untolled(b.quantities)) != "conflict":
        # a toll said to have changed is an update ("trois morts" on Monday, "le bilan
        # s'alourdit à quatre morts" on Wednesday, or the same evening), not a disagreement
        kind = "apart"
    elif ((a.language or "fr") != "fr" or (b.language or "fr") != "fr") \
            and (na := _digits(a.text, a.language)) and (nb := _digits(b.text, b.language)) \
            and (not na & nb or (na - nb and nb - na and not _close(max(na), max(nb)))):
        # the figures of claims outside French (no quantity reading) or across languages are
        # compared by their digits: none in common ("8 000 déplacés" / "15,000 displaced",
        # "3,000 have fled" / "8,000 had fled"), or each side has figures the other lacks
        # and their largest figures are far apart ("tres personas murieron y otras doce" /
        # "4,500 residents of three towns": 12 and 4,500), and it is not one fact ("12 morts
        # et 45 blessés" / "12 dead and 40 injured" stay comparable)
        kind = "apart"
    elif a.correction != b.correction and prob >= model.link_threshold:
        # a correction repeats the wrong fact it corrects ("ce ne sont pas trois tonnes ...
        # mais environ 300 kilos"): never one group with a telling of it
        kind = "apart"
    elif (ev.figures == "conflict" and toll_days >= 0 and pub_gap is not None and pub_gap > toll_days
          and _toll_risen(a, b)
          and compare_figures(untolled(a.quantities), untolled(b.quantities)) != "conflict"):
        # only their tolls of the dead or the injured disagree, and the one published later
        # is higher: the toll rose ("deux morts" on Tuesday, "trois morts" on Thursday), an
        # update, not a disagreement (a count of the evacuated or a lower later toll stays one)
        kind = "apart"
    elif denied(a, b) and prob >= model.link_threshold and len(a.lemmas & b.lemmas) >= 3:
        # "X dément avoir reçu une mise en demeure" against "le site avait reçu une mise en
        # demeure": the same fact, one side denying it: disputed, never corroborated
        kind = "conflict" if same_event else "apart"
    elif misattributed(a, b) and prob >= model.link_threshold:
        # one quotation, two speakers: whoever said it, one outlet has it wrong
        kind = "conflict" if same_event else "apart"
    elif ev.figures == "conflict" or tolls_differ:
        if (prob >= float(p["conflict_probability"]) or tolls_differ) and same_event \
                and ev.dates != "conflict":
            kind = "conflict"
    elif ev.dates == "conflict" and compare_dates(a.explicit_dates, b.explicit_dates) == "conflict":
        # only dates written out in both claims: relative ones may be resolved wrongly
        if prob >= float(p["date_conflict_probability"]) and same_event:
            kind = "conflict"
        elif apart_days >= 0 and (gap := days_apart(a.explicit_dates, b.explicit_dates)
                                  ) is not None and gap > apart_days:
            kind = "apart"  # not close enough to be one fact told wrong: two facts
    elif apart_days >= 0 and (
            (ev.dates == "conflict" and (gap := days_apart(a.dates, b.dates)) is not None
             and gap > apart_days)
            # both name their day ("ce mardi" / "mercredi", "le 3 mars" / "le 4 mars") and
            # share none: two facts even one day apart (no slip of "hier" or of a night)
            or (ev.dates == "conflict" and a.named_days and b.named_days)
            or reported_before(a, b, apart_days) or reported_before(b, a, apart_days)
            or demand_and_outcome(a.quantities, b.quantities)):
        # things that happened on days far apart are two facts, however alike their words
        # ("blessé mardi soir" and "mort dimanche de ses blessures"), and an article cannot
        # tell a fact of a day after it was published; and a figure asked for is not the
        # figure obtained: never one group, and no conflict either, as both can be true
        kind = "apart"
    elif prob >= model.link_threshold:
        kind = "link"
    return PairDecision(0, 0, prob, kind, ev)


#: the tolls that only grow as days pass (the dead, the injured, the hospitalised)
_GROWING = frozenset(["mort", "blessé", "hospitalisé"])


def _toll_risen(a: ClaimUnit, b: ClaimUnit) -> bool:
    """Whether every toll of one kind on which the two claims disagree is a toll of the
    dead, the injured or the hospitalised that is higher in the later-published claim,
    and the later claim dates its toll to no earlier day (a count of the night of the
    event, told again later, is a disagreement about that night)."""
    if not a.published or not b.published or a.published[:10] == b.published[:10]:
        return False
    early, late = (a, b) if a.published[:10] < b.published[:10] else (b, a)
    late_day = (late.published or "")[:10]
    if any(day[:10] < late_day for d in late.dates for day in d.split("/")):
        # "trois personnes ont perdu la vie dans la nuit de mardi à mercredi", written on
        # Thursday: a count of that night, which the earlier "deux morts" contradicts
        return False
    first = {quantity_key(q): q.value for q in tolls(early.quantities)}
    disagree = False
    for q in tolls(late.quantities):
        key = quantity_key(q)
        before = first.get(key)
        if before is None or q.value is None or q.value == before:
            continue
        if key not in _GROWING or q.value < before:
            return False
        disagree = True
    return disagree


@dataclass(slots=True)
class Grouping:
    """What :func:`group_claims` decided over one scope."""

    #: lists of unit indices (singletons included)
    groups: list[list[int]]
    #: conflicting pairs (i, j)
    conflicts: list[tuple[int, int]]
    #: the scorer, for the probability of any pair (group confidence)
    scorer: PairScorer | None = None
    probabilities: dict[tuple[int, int], float] = field(default_factory=dict)


def group_claims(units: list[ClaimUnit], vectors: np.ndarray | None, p: dict[str, Any],
                 model: AlignmentModel | None = None) -> Grouping:
    """Group the claims of one scope (see the module doc)."""
    if not units:
        return Grouping([], [])
    model = model or model_from_options(p)
    score = PairScorer(units, vectors, p, model)
    links: list[tuple[float, int, int]] = []
    conflicts: list[tuple[int, int]] = []
    apart: list[tuple[int, int]] = []
    cands = sorted(candidate_pairs(units, vectors, score.features.lemmas, int(p["max_candidates"]),
                                   int(p["block"]), score.features.words)
                   | toll_pairs(units, int(p.get("toll_conflict_days", -1))))
    score.prefetch(cands)
    for i, j in cands:
        d = score(i, j)
        if d.kind == "link":
            links.append((round(d.score, 6), i, j))  # ties: by position, not float noise
        elif d.kind == "conflict":
            conflicts.append((i, j))
        elif d.kind == "apart":
            apart.append((i, j))
    parent = list(range(len(units)))
    members: dict[int, list[int]] = {i: [i] for i in range(len(units))}
    articles: dict[int, set[str]] = {i: {u.article} for i, u in enumerate(units)}
    cannot: dict[int, set[int]] = {i: set() for i in range(len(units))}
    for i, j in conflicts + apart:
        cannot[i].add(j)
        cannot[j].add(i)

    def find(x: int) -> int:
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    for _, i, j in sorted(links, key=lambda t: (-t[0], t[1], t[2])):
        ri, rj = find(i), find(j)
        if ri == rj:
            continue
        mi, mj = members[ri], members[rj]
        if articles[ri] & articles[rj] and not all(
                score(a, b).score >= model.restated_threshold
                for a in mi for b in mj if units[a].article == units[b].article):
            continue
        if any(not cannot[m].isdisjoint(mj) for m in mi):  # linear in the group sizes
            continue
        if len(mi) > 1 or len(mj) > 1:
            # average linkage over the first MAX_LINKAGE members of each side (the ones
            # merged first, by the strongest links): a story of thousands of headlines
            # would otherwise make this quadratic in its group sizes
            si, sj = mi[:MAX_LINKAGE], mj[:MAX_LINKAGE]
            cross = [score(a, b) for a in si for b in sj]
            if any(d.kind in ("apart", "conflict") or d.ev.figures == "conflict"
                   or d.ev.tolls == "conflict" for d in cross):
                # a member of each side dated days apart (two facts), or whose figures
                # disagree ("cinq morts" / "quatre morts" though never candidates of each
                # other): never one group
                continue
            mean = sum(d.score for d in cross) / len(cross)
            if mean < model.group_threshold:
                continue
        parent[rj] = ri
        members[ri] = mi + members.pop(rj)
        articles[ri] |= articles.pop(rj)
    groups = [sorted(m) for m in members.values()]
    groups.sort(key=lambda g: g[0])
    probs = {(d.i, d.j): d.score for d in score.cache.values()}
    return Grouping(groups, conflicts, score, probs)
