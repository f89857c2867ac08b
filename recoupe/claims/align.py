"""Claim groups across articles: candidates, pair decisions, constrained grouping.

Within one scope (a story, or all articles when clustering did not run):

1. candidates: for every claim, its ``max_candidates`` nearest claims of *other*
   articles by embedding cosine, plus its nearest by lemma TF-IDF cosine (copies and
   rewrites that keep the words), computed block by block (memory O(block x n));
2. each candidate pair gets a score ``w_embed * cosine + (1 - w_embed) * dice`` of the
   lemmas, plus small bonuses for agreeing figures, dates and shared entities and a
   penalty for dates that disagree;
3. a pair is a *conflict* when the claims say the same thing (score without the figures
   >= ``conflict_threshold``, same event) but their figures or their dates disagree; it
   is a *link* when the score reaches ``same_threshold`` and nothing disagrees;
4. links are merged best first (union-find) under cannot-link constraints: a group
   holds one claim per article (unless the article restates the fact), and never two
   claims in conflict.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import numpy as np

from recoupe.claims.compare import Evidence, compare_dates, evidence
from recoupe.claims.extract import ClaimUnit
from recoupe.claims.predicates import compatible

DEFAULTS: dict[str, Any] = {
    "min_words": 6,
    "keep_titles": False,
    "max_candidates": 8,
    "block": 1024,
    "w_embed": 0.5,
    "w_tfidf": 0.3,
    "same_threshold": 0.47,
    "link_margin": 0.08,
    "conflict_threshold": 0.45,
    "date_conflict_threshold": 0.6,
    "cross_language_shift": 0.1,
    "segment_shift": 0.05,
    "segment_window": 0.08,
    "segments": True,
    "approx_tolerance": 0.2,
    "min_slack": 0.3,
    "bonus_figures": 0.06,
    "bonus_dates": 0.03,
    "bonus_entity": 0.02,
    "penalty_dates": 0.15,
    "conflicts_same_event": True,
    "outlet_one_source": True,
}

#: event-signature and restatement settings (``claims.<name>`` too; kept apart from
#: :data:`DEFAULTS` until settings.toml lists them, see tests/test_config.py)
SIGNATURE_DEFAULTS: dict[str, Any] = {
    #: added per rare key word (two at most) shared by claims whose main predicates meet
    "bonus_predicate": 0.1,
    #: taken off the link score of claims whose main predicates differ
    "penalty_predicate": 0.1,
    #: a key word is rare when in at most this share of the scope's claims
    "key_df": 0.2,
    #: penalise only predicates with nothing in common (not only different main ones)
    "predicate_strict": False,
    #: the signature bonus only within one event (a story repeats events: two strikes)
    "predicate_same_event": True,
    #: score two claims of one article need to sit in one group (a fact told twice)
    "restated_threshold": 0.75,
}
DEFAULTS.update(SIGNATURE_DEFAULTS)

#: key-content settings (``claims.<name>`` too), kept out of :data:`DEFAULTS` until
#: settings.toml lists them (tests/test_config.py compares the two)
KEY_DEFAULTS: dict[str, Any] = {
    #: taken off the link score of two claims of one language that share no rare key
    #: word and no agreeing date (a figure may be the story's background one, "4,9
    #: milliards"): the embedding alone then says "same topic"
    #: more often than "same fact"
    "penalty_no_key": 0.15,
    #: taken off the link score of two claims that both state figures, none of them
    #: counting the same thing ("500 emplois" / "300 millions d'euros"): other facts
    "penalty_figure_kinds": 0.05,
}
DEFAULTS.update(KEY_DEFAULTS)


def _sig(p: dict[str, Any], key: str) -> Any:
    return p.get(key, {**SIGNATURE_DEFAULTS, **KEY_DEFAULTS}[key])


@dataclass(slots=True)
class PairDecision:
    i: int
    j: int
    score: float
    #: "link" | "conflict" | None
    kind: str | None
    ev: Evidence
    #: ``penalty_no_key`` and ``penalty_figure_kinds`` taken off ``score``: they act on
    #: the link decision only, the average linkage of groups adds them back (the
    #: paraphrases of one fact inside a group need no shared key word)
    link_penalty: float = 0.0


def tfidf_matrix(units: list[ClaimUnit]) -> Any:
    """L2-normalised TF-IDF rows of the claims' lemmas (sublinear tf), sparse CSR."""
    from sklearn.feature_extraction.text import TfidfVectorizer

    vec = TfidfVectorizer(analyzer=lambda d: d, sublinear_tf=True)
    return vec.fit_transform([sorted(u.lemmas) for u in units]).tocsr()


def candidate_pairs(units: list[ClaimUnit], vectors: np.ndarray | None, tfidf: Any, k: int,
                    block: int = 1024) -> set[tuple[int, int]]:
    """Pairs (i < j) of claims of different articles among each claim's ``k`` nearest,
    by embedding (when given) and by lemma TF-IDF, computed block by block."""
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
    return out


def rare_keys(units: list[ClaimUnit], share: float) -> list[frozenset[str]]:
    """Each claim's key words that are rare in the scope: in at most ``share`` of the
    claims (at least two), so that the story's ubiquitous words do not count."""
    from collections import Counter

    df = Counter(k for u in units for k in u.keys)
    limit = max(2.0, share * len(units))
    return [frozenset(k for k in u.keys if df[k] <= limit) for u in units]


class PairScorer:
    """Cached pair decisions over one scope's claims.

    The embedding similarity of two claims is the cosine of their cores; for pairs that
    fall just short of a link (within ``segment_window``), :meth:`refine` also compares
    their phrases (``segments``, embedded on demand) and keeps the best phrase cosine
    minus ``segment_shift`` when it is higher.
    """

    def __init__(self, units: list[ClaimUnit], vectors: np.ndarray | None, tfidf: Any,
                 p: dict[str, Any], encode: Callable[[list[str]], np.ndarray] | None = None
                 ) -> None:
        self.units, self.vectors, self.p = units, vectors, p
        self.rows = [dict(zip(tfidf.indices[tfidf.indptr[i]:tfidf.indptr[i + 1]].tolist(),
                              tfidf.data[tfidf.indptr[i]:tfidf.indptr[i + 1]].tolist(),
                              strict=True))
                     for i in range(tfidf.shape[0])]
        self.encode = encode
        self.keys = rare_keys(units, float(_sig(p, "key_df")))
        self.segments: dict[int, np.ndarray] = {}
        self.cache: dict[tuple[int, int], PairDecision] = {}

    def tfidf(self, i: int, j: int) -> float:
        a, b = self.rows[i], self.rows[j]
        if len(a) > len(b):
            a, b = b, a
        return sum(v * b.get(k, 0.0) for k, v in a.items())

    def cosine(self, i: int, j: int) -> float | None:
        """Cosine of the two cores (None without embedder)."""
        if self.vectors is None:
            return None
        return float(self.vectors[i] @ self.vectors[j])

    def phrase_cosine(self, i: int, j: int) -> float | None:
        """Best cosine between the phrases (and cores) of two claims; None when their
        phrases were not embedded."""
        si, sj = self.segments.get(i), self.segments.get(j)
        if self.vectors is None or (si is None and sj is None):
            return None
        a = self.vectors[i][None, :] if si is None else np.vstack([self.vectors[i][None, :], si])
        b = self.vectors[j][None, :] if sj is None else np.vstack([self.vectors[j][None, :], sj])
        return float((a @ b.T).max())

    def __call__(self, i: int, j: int) -> PairDecision:
        key = (i, j) if i < j else (j, i)
        d = self.cache.get(key)
        if d is None:
            d = decide(self.units[key[0]], self.units[key[1]], self.cosine(*key),
                       self.tfidf(*key), self.p, self.phrase_cosine(*key),
                       len(self.keys[key[0]] & self.keys[key[1]]))
            d.i, d.j = key
            self.cache[key] = d
        return d

    def refine(self, pairs: list[tuple[int, int]]) -> None:
        """Embed the phrases of the claims of near-miss pairs and decide those again."""
        if self.encode is None or self.vectors is None:
            return
        low = float(self.p["same_threshold"]) - float(self.p["segment_window"])
        near = [k for k in pairs if self(*k).kind is None and self(*k).score >= low]
        need = sorted({x for k in near for x in k
                       if x not in self.segments and self.units[x].segments})
        if not need:
            return
        texts = [t for x in need for t in self.units[x].segments]
        vecs = self.encode(texts)
        pos = 0
        for x in need:
            n = len(self.units[x].segments)
            self.segments[x] = vecs[pos:pos + n]
            pos += n
        for k in near:
            self.cache.pop(k, None)
        self.cache = {k: d for k, d in self.cache.items()
                      if k[0] not in self.segments and k[1] not in self.segments}


def decide(a: ClaimUnit, b: ClaimUnit, cosine: float | None, tfidf: float,
           p: dict[str, Any], phrase_cosine: float | None = None,
           shared_keys: int = 0) -> PairDecision:
    """Score a pair of claims and call it a link, a conflict or nothing.

    ``score = w_embed * cosine + w_tfidf * tfidf + (1 - w_embed - w_tfidf) * lexical``
    (lexical = mean of the lemma Dice and containment; without an embedder its weight
    goes to TF-IDF), plus bonuses for shared entities, agreeing dates and figures, minus
    a penalty for dates that disagree. The event signature (:mod:`.predicates`) adds
    ``bonus_predicate`` per rare key word they share (``shared_keys``, two at most) when
    the main predicate of one is among the other's, and takes ``penalty_predicate`` off
    the link score (not the conflict one) when their main predicates differ. When the
    claims' phrases were embedded, their best phrase cosine minus ``segment_shift``
    replaces the cosine when higher.
    """
    ev = evidence(a, b, p["approx_tolerance"], p["min_slack"])
    lexical = (ev.dice + ev.containment) / 2
    w_e, w_t = float(p["w_embed"]), float(p["w_tfidf"])
    if cosine is None:
        w_t, w_e, cosine = w_t + w_e, 0.0, 0.0
    if phrase_cosine is not None and cosine is not None:
        # one phrase of each claim says the same thing in other words
        cosine = max(cosine, phrase_cosine - float(p["segment_shift"]))
    if a.language and b.language and a.language != b.language and cosine:
        # across languages only the multilingual embedding compares the claims
        base = cosine - float(p["cross_language_shift"])
    else:
        base = w_e * cosine + w_t * tfidf + (1 - w_e - w_t) * lexical
    bonus = min(2, ev.shared_entities) * p["bonus_entity"]
    if ev.dates == "agree":
        bonus += p["bonus_dates"]
    comp = compatible(a.predicates, b.predicates, bool(_sig(p, "predicate_strict")))
    if comp and shared_keys and (a.event == b.event or not _sig(p, "predicate_same_event")):
        bonus += min(2, shared_keys) * float(_sig(p, "bonus_predicate"))
    core = base + bonus  # the claim without its figures
    score = core
    if comp is False:
        score -= float(_sig(p, "penalty_predicate"))
    same_language = not (a.language and b.language and a.language != b.language)
    no_key = 0.0
    if same_language and not shared_keys and ev.dates != "agree":
        no_key = float(_sig(p, "penalty_no_key"))
    if a.quantities and b.quantities and ev.figures is None:
        no_key += float(_sig(p, "penalty_figure_kinds"))
    score -= no_key
    if ev.figures == "agree":
        score += p["bonus_figures"]
    if ev.dates == "conflict":
        score -= p["penalty_dates"]
    kind: str | None = None
    same_event = a.event == b.event or not p["conflicts_same_event"]
    if ev.figures == "conflict":
        if core >= p["conflict_threshold"] and same_event and ev.dates != "conflict":
            kind = "conflict"
    elif ev.dates == "conflict":
        # only dates written out in both claims: relative ones may be resolved wrongly
        if core >= p["date_conflict_threshold"] and same_event and \
                compare_dates(a.explicit_dates, b.explicit_dates) == "conflict":
            kind = "conflict"
    elif score >= p["same_threshold"]:
        kind = "link"
    return PairDecision(0, 0, score, kind, ev, no_key)


def group_claims(units: list[ClaimUnit], vectors: np.ndarray | None, p: dict[str, Any],
                 encode: Callable[[list[str]], np.ndarray] | None = None,
                 ) -> tuple[list[list[int]], list[tuple[int, int]]]:
    """Groups (lists of unit indices, singletons included) and conflict pairs (i, j).

    Links are merged best first; a merge is refused when the two groups share an
    article (unless each article's claims in the two groups link with each other with a
    score of ``restated_threshold`` or more: the article tells the fact twice, in its
    lead and in a quote; neighbouring facts of one article share much context, hence
    the higher bar), hold a
    conflicting pair, or their mean pair score (average linkage) falls
    below ``same_threshold - link_margin`` (no chains of loosely related claims).
    """
    if not units:
        return [], []
    tfidf = tfidf_matrix(units)
    score = PairScorer(units, vectors, tfidf, p, encode)
    links: list[tuple[float, int, int]] = []
    conflicts: list[tuple[int, int]] = []
    cands = sorted(candidate_pairs(units, vectors, tfidf, int(p["max_candidates"]),
                                   int(p["block"])))
    score.refine(cands)
    for i, j in cands:
        d = score(i, j)
        if d.kind == "link":
            links.append((round(d.score, 4), i, j))  # ties: by position, not float noise
        elif d.kind == "conflict":
            conflicts.append((i, j))
    parent = list(range(len(units)))
    members: dict[int, list[int]] = {i: [i] for i in range(len(units))}
    articles: dict[int, set[str]] = {i: {u.article} for i, u in enumerate(units)}
    cannot: dict[int, set[int]] = {i: set() for i in range(len(units))}
    for i, j in conflicts:
        cannot[i].add(j)
        cannot[j].add(i)
    floor = float(p["same_threshold"]) - float(p["link_margin"])
    restated = float(_sig(p, "restated_threshold"))

    def find(x: int) -> int:
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    for _, i, j in sorted(links, key=lambda t: (-t[0], t[1], t[2])):
        ri, rj = find(i), find(j)
        mi, mj = members[ri], members[rj]
        if ri == rj:
            continue
        shared = articles[ri] & articles[rj]
        if shared and not all(
                score(a, b).kind == "link" and score(a, b).score >= restated
                for a in mi for b in mj if units[a].article == units[b].article):
            continue
        if any(c in cannot[m] for m in mi for c in mj):
            continue
        if len(mi) > 1 or len(mj) > 1:
            mean = sum(score(a, b).score + score(a, b).link_penalty
                       for a in mi for b in mj) / (len(mi) * len(mj))
            if mean < floor:
                continue
        parent[rj] = ri
        members[ri] = mi + members.pop(rj)
        articles[ri] |= articles.pop(rj)
    groups = [sorted(m) for m in members.values()]
    groups.sort(key=lambda g: g[0])
    return groups, conflicts

