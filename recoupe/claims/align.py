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
   holds at most one claim per article, and never two claims in conflict.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np

from recoupe.claims.compare import Evidence, evidence
from recoupe.claims.extract import ClaimUnit

DEFAULTS: dict[str, Any] = {
    "min_words": 6,
    "keep_titles": False,
    "max_candidates": 8,
    "block": 1024,
    "w_embed": 0.6,
    "same_threshold": 0.6,
    "conflict_threshold": 0.55,
    "min_cosine": 0.45,
    "approx_tolerance": 0.2,
    "min_slack": 0.3,
    "bonus_figures": 0.06,
    "bonus_dates": 0.03,
    "bonus_entity": 0.02,
    "penalty_dates": 0.15,
    "conflicts_same_event": True,
    "outlet_one_source": False,
}


@dataclass(slots=True)
class PairDecision:
    i: int
    j: int
    score: float
    #: "link" | "conflict" | None
    kind: str | None
    ev: Evidence


def candidate_pairs(units: list[ClaimUnit], vectors: np.ndarray | None, k: int,
                    block: int = 1024) -> dict[tuple[int, int], float]:
    """Pairs (i < j) of claims of different articles among each claim's ``k`` nearest,
    by embedding (when given) and by lemma TF-IDF; value = embedding cosine (or 0)."""
    n = len(units)
    out: dict[tuple[int, int], float] = {}
    if n < 2:
        return out
    art_ids: dict[str, int] = {}
    arts = np.array([art_ids.setdefault(u.article, len(art_ids)) for u in units])
    if len(art_ids) < 2:
        return out
    k = min(k, n - 1)

    def add_top(sims: np.ndarray, rows: range, exact: np.ndarray | None) -> None:
        for r, i in enumerate(rows):
            row = sims[r]
            row[arts == arts[i]] = -np.inf
            top = np.argpartition(-row, k - 1)[:k] if k < n else np.arange(n)
            for j in top:
                j = int(j)
                if not np.isfinite(row[j]) or row[j] <= 0:
                    continue
                key = (i, j) if i < j else (j, i)
                if key not in out:
                    out[key] = float(exact[key[0]] @ exact[key[1]]) if exact is not None else 0.0

    if vectors is not None and len(vectors):
        for b in range(0, n, block):
            rows = range(b, min(n, b + block))
            add_top(vectors[b:b + block] @ vectors.T, rows, vectors)
    from sklearn.feature_extraction.text import TfidfVectorizer

    vec = TfidfVectorizer(analyzer=lambda d: d)
    x = vec.fit_transform([sorted(u.lemmas) for u in units])
    for b in range(0, n, block):
        rows = range(b, min(n, b + block))
        sims = (x[b:b + block] @ x.T).toarray()
        add_top(sims, rows, vectors if vectors is not None and len(vectors) else None)
    return out


def decide(a: ClaimUnit, b: ClaimUnit, cosine: float, p: dict[str, Any]) -> PairDecision:
    """Score a candidate pair and call it a link, a conflict or nothing."""
    ev = evidence(a, b, p["approx_tolerance"], p["min_slack"])
    base = p["w_embed"] * cosine + (1 - p["w_embed"]) * ev.dice
    if cosine <= 0:  # no embedder: lexical only
        base = 0.5 * ev.dice + 0.5 * ev.containment
    bonus = min(2, ev.shared_entities) * p["bonus_entity"]
    if ev.dates == "agree":
        bonus += p["bonus_dates"]
    core = base + bonus  # the claim without its figures and dates
    score = core
    if ev.figures == "agree":
        score += p["bonus_figures"]
    if ev.dates == "conflict":
        score -= p["penalty_dates"]
    kind: str | None = None
    same_event = a.event == b.event or not p["conflicts_same_event"]
    if ev.figures == "conflict" or ev.dates == "conflict":
        if (core >= p["conflict_threshold"] and same_event and cosine >= p["min_cosine"]
                and ev.dates != "conflict" or
                (ev.dates == "conflict" and ev.figures != "conflict"
                 and core >= p["conflict_threshold"] + 0.15 and same_event)):
            kind = "conflict"
    elif score >= p["same_threshold"] and (cosine >= p["min_cosine"] or cosine <= 0
                                           or ev.dice >= 0.5):
        kind = "link"
    return PairDecision(0, 0, score, kind, ev)


def group_claims(units: list[ClaimUnit], vectors: np.ndarray | None, p: dict[str, Any]
                 ) -> tuple[list[list[int]], list[tuple[int, int]]]:
    """Groups (lists of unit indices, singletons included) and conflict pairs (i, j)."""
    cands = candidate_pairs(units, vectors, int(p["max_candidates"]), int(p["block"]))
    links: list[tuple[float, int, int]] = []
    conflicts: list[tuple[int, int]] = []
    for (i, j), cos in sorted(cands.items()):
        d = decide(units[i], units[j], cos, p)
        if d.kind == "link":
            links.append((d.score, i, j))
        elif d.kind == "conflict":
            conflicts.append((i, j))
    parent = list(range(len(units)))
    members: dict[int, set[int]] = {i: {i} for i in range(len(units))}
    articles: dict[int, set[str]] = {i: {u.article} for i, u in enumerate(units)}
    cannot: dict[int, set[int]] = {i: set() for i in range(len(units))}
    for i, j in conflicts:
        cannot[i].add(j)
        cannot[j].add(i)

    def find(x: int) -> int:
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    for _, i, j in sorted(links, key=lambda t: (-t[0], t[1], t[2])):
        ri, rj = find(i), find(j)
        if ri == rj or articles[ri] & articles[rj]:
            continue
        if any(c in members[rj] for m in members[ri] for c in cannot[m]):
            continue
        parent[rj] = ri
        members[ri] |= members.pop(rj)
        articles[ri] |= articles.pop(rj)
    groups = [sorted(m) for m in members.values()]
    groups.sort(key=lambda g: g[0])
    return groups, conflicts
