"""Cited extractive summaries and update summaries.

The summary of a set of articles is a few of their sentences (or claims), copied verbatim
with their offsets, each citing the articles that tell it. Selection:

1. **candidates** (:mod:`.units`): eligible sentences or claims, cited;
2. **relevance** of each candidate, a weighted sum of features scaled to [0, 1]:
   centrality in embedding space (cosine to the centroid of the story), lexical
   centrality (content words weighted like a MEAD centroid: share of articles using a
   word times its inverse sentence frequency), position in its article (news put the
   facts first), and support (the share of other articles telling something similar, or
   the claim's independent sources); times the candidate's opening penalty (anaphor,
   connective), a penalty for short sentences (often intertitles run into the text) and
   one for sentences holding a quotation (a speaker's words rarely state the facts first);
3. **greedy selection** in the manner of MMR: at each step the candidate maximising
   ``relevance - redundancy * max similarity to what is chosen + coverage * share of its
   entities not yet covered``, as long as it fits the word budget; once a sentence is
   chosen, its close paraphrases and the other tellings it cites leave the pool (a fact
   is told once, citing every article that tells it); claims of one group count once;
4. **update** (``given`` articles): a candidate whose nearest given sentence is closer
   than ``covered_cosine`` loses relevance (up to ``covered``), and goes from
   ``repeat_cosine`` on; optionally (``novelty``, ``novelty_embed``, 0 by default) the
   words and the embedding centroid of the given articles are taken off the story's.
   On RPM2 every form of penalty on C1 content lowered ROUGE against the C2 references
   (they retell the background), so the defaults only drop what was told already;
5. the chosen sentences are shown in time order: article publication time, then position.

Weights live in :class:`SummaryParams` and can be set in ``[synth]`` options. They were
tuned on RPM2 topics 01–05 only (see :mod:`recoupe.evaluate.summarize`), on the product
path (claims) and the sentence path. Tried there and left out, as they did not help:
a length penalty (long sentences per word), a weaker or no opening penalty, a position
prior scaled by how central the sentence's article is, log-scaled or
heavier corroboration support, a penalty on words already said (lexical redundancy), and,
for update summaries, a penalty on claims whose group the given articles tell (RPM2's
update references retell the background). The word budget is used (98% on average);
``fill_floor`` stops it being filled with weak short sentences (a caption, an aside).
"""

from __future__ import annotations

import math
import re
from collections import Counter
from dataclasses import dataclass
from typing import Any, cast

import numpy as np

from recoupe.config import params_from
from recoupe.embed import Embedder, get_embedder
from recoupe.model import Article, Claim, SummarySentence
from recoupe.synth.units import (
    RETRACTED,
    Unit,
    cite_near_identical,
    claim_units,
    sentence_units,
    time_order,
)

#: an opening quotation mark followed by at least three words
_QUOTE = re.compile(r"[«“\"]\s*\w+\W+\w+\W+\w+")


@dataclass(slots=True)
class SummaryParams:
    """Selection weights (``[synth]`` option keys of the same names)."""

    min_words: int = 6
    max_words: int = 60
    #: sentences under this many words (often intertitles run into the text) weigh less
    short_words: int = 10
    short_penalty: float = 0.7
    #: factor on sentences quoting someone (quotation marks): a quote's words are the
    #: speaker's, rarely the facts a reader asks for first
    quote_penalty: float = 0.85
    w_embed: float = 1.0
    w_lexical: float = 2.0
    w_position: float = 0.75
    w_support: float = 0.25
    #: position feature = (1 + sentence rank in its article) ** -position_decay
    position_decay: float = 1.0
    #: weight of the similarity to already chosen sentences
    redundancy: float = 0.3
    #: weight of the share of new entities a sentence brings
    coverage: float = 0.1
    #: cosine above which another article's sentence counts as support
    support_cosine: float = 0.7
    #: update summaries: how much a word's centroid weight drops when the given articles use it
    novelty: float = 0.0
    #: how much of the given articles' embedding centroid is taken off the story's
    novelty_embed: float = 0.0
    #: cosine to the nearest given sentence from which a candidate counts as told already
    covered_cosine: float = 0.8
    #: relevance lost by a candidate told already (scaled up to repeat_cosine)
    covered: float = 0.5
    #: cosine to a given or chosen sentence above which a candidate is a repeat and goes
    #: (0.9 until session 11: "les salariés sont en grève depuis hier" / "depuis lundi matin,
    #: les salariés ... sont en grève", cosine 0.82, both led a summary; no ROUGE figure on
    #: rpm2 moves between 0.8 and 0.9)
    repeat_cosine: float = 0.8
    #: a sentence is chosen only if its relevance reaches this share of the best one's
    #: (rather than filling the budget with whatever short sentence still fits)
    fill_floor: float = 0.5
    #: larger candidate pools are cut to this many by a cheap score before embedding
    max_candidates: int = 2000
    #: Jaccard of content-word bigrams for citing a near-identical sentence's article
    cite_jaccard: float = 0.6
    #: embedding cosine from which another article's sentence is cited as the same
    cite_cosine: float = 0.85
    #: what a summary is chosen from when claims are given: "sentences" (each chosen
    #: sentence then cites every source of the claims it holds) or "claims" (claim units,
    #: one per group). On RPM2's held-out topics sentences scored higher (README).
    select_from: str = "sentences"

    @classmethod
    def from_options(cls, options: Any = None) -> SummaryParams:
        """Defaults overridden by ``synth.<name>`` options."""
        return cast(SummaryParams, params_from(cls, options, "synth"))


def _scale(x: np.ndarray) -> np.ndarray:
    """Min-max scaling to [0, 1] (a constant vector gives zeros)."""
    if x.size == 0:
        return x
    lo, hi = float(x.min()), float(x.max())
    return (x - lo) / (hi - lo) if hi > lo else np.zeros_like(x)


def _idf(units: list[Unit]) -> dict[str, float]:
    df: Counter[str] = Counter()
    for u in units:
        df.update(set(u.terms))
    n = max(1, len(units))
    return {t: math.log((n + 1) / (c + 0.5)) for t, c in df.items()}


def _articles_using(units: list[Unit]) -> Counter[str]:
    """How many distinct articles use each term of ``units``."""
    by_article: dict[str, set[str]] = {}
    for u in units:
        by_article.setdefault(u.article.id, set()).update(u.terms)
    counts: Counter[str] = Counter()
    for terms in by_article.values():
        counts.update(terms)
    return counts


def _lexical_centrality(units: list[Unit], n_articles: int, idf: dict[str, float],
                        given_share: dict[str, float] | None = None, novelty: float = 0.0) -> np.ndarray:
    """MEAD-like centroid score: sum over a unit's distinct words of their centroid weight,
    normalised by the square root of its length. With ``given_share`` (share of the given
    articles using each word), a word's weight drops by ``novelty`` times that share."""
    share = _articles_using(units)
    weight = {t: (c / max(1, n_articles)) * idf.get(t, 0.0) for t, c in share.items()}
    if given_share:
        weight = {t: w * max(0.0, 1.0 - novelty * given_share.get(t, 0.0)) for t, w in weight.items()}
    scores = np.zeros(len(units), dtype=np.float32)
    for i, u in enumerate(units):
        distinct = set(u.terms)
        if distinct:
            scores[i] = sum(weight.get(t, 0.0) for t in distinct) / math.sqrt(len(distinct))
    return scores


def _support(units: list[Unit], sims: np.ndarray, threshold: float, n_articles: int) -> np.ndarray:
    """Share of the other articles holding a unit at least ``threshold`` similar."""
    out = np.zeros(len(units), dtype=np.float32)
    if n_articles < 2:
        return out
    art = np.array([u.order for u in units])
    close = sims >= threshold
    for i, u in enumerate(units):
        others = set(art[close[i]].tolist()) - {u.order}
        semantic = len(others) / (n_articles - 1)
        claimed = (u.support - 1) / (n_articles - 1)
        out[i] = min(1.0, max(semantic, claimed))
    return out


def _embed(embedder: Embedder | None, texts: list[str]) -> np.ndarray | None:
    if embedder is None or not texts:
        return None
    return np.asarray(embedder.encode(texts), dtype=np.float32)


def _term_sims(units: list[Unit], idf: dict[str, float]) -> np.ndarray:
    """Cosine of idf-weighted bag-of-words vectors, for when no embedder is available."""
    vocab: dict[str, int] = {}
    rows, cols, vals = [], [], []
    for i, u in enumerate(units):
        for t, c in Counter(u.terms).items():
            j = vocab.setdefault(t, len(vocab))
            rows.append(i)
            cols.append(j)
            vals.append(c * idf.get(t, 1.0))
    m = np.zeros((len(units), max(1, len(vocab))), dtype=np.float32)
    m[rows, cols] = vals
    norms = np.linalg.norm(m, axis=1, keepdims=True)
    norms[norms == 0] = 1.0
    m /= norms
    return m


def rank_units(units: list[Unit], n_articles: int, params: SummaryParams,
               embedder: Embedder | None, given: list[Unit] | None = None
               ) -> tuple[np.ndarray, np.ndarray]:
    """Relevance of each unit and the unit-by-unit similarity matrix.

    Args:
        units: candidates.
        n_articles: how many articles the candidates come from.
        params: weights.
        embedder: sentence embedder, or None for lexical vectors only.
        given: units of the given articles (update summary), or None.

    Returns:
        ``(relevance, similarity)``: a vector and a square matrix.
    """
    idf = _idf(units + (given or []))
    vectors = _embed(embedder, [u.text for u in units])
    if vectors is None:
        vectors = _term_sims(units + (given or []), idf)
        given_vectors = vectors[len(units):] if given else None
        vectors = vectors[: len(units)]
    else:
        given_vectors = _embed(embedder, [u.text for u in given]) if given else None
    sims = vectors @ vectors.T
    centroid = vectors.mean(axis=0)
    if given_vectors is not None and len(given_vectors):
        # what the new articles are about, minus what the given ones were about
        centroid = centroid - params.novelty_embed * given_vectors.mean(axis=0)
    norm = float(np.linalg.norm(centroid)) or 1.0
    embed_c = vectors @ (centroid / norm)
    given_share: dict[str, float] | None = None
    if given:
        n_given = len({g.article.id for g in given})
        given_share = {t: c / n_given for t, c in _articles_using(given).items()}
    lexical = _lexical_centrality(units, n_articles, idf, given_share, params.novelty)
    position = np.array([(1.0 + u.position) ** -params.position_decay for u in units], dtype=np.float32)
    support = _support(units, sims, params.support_cosine, n_articles)
    relevance = (params.w_embed * _scale(embed_c) + params.w_lexical * _scale(lexical)
                 + params.w_position * position + params.w_support * support)
    total = params.w_embed + params.w_lexical + params.w_position + params.w_support
    relevance = relevance / (total or 1.0)
    relevance *= np.array([u.penalty * (params.short_penalty if u.words < params.short_words else 1.0)
                           * (params.quote_penalty if _QUOTE.search(u.text) else 1.0)
                           for u in units], dtype=np.float32)
    if given and given_vectors is not None and len(given_vectors):
        closeness = (vectors @ given_vectors.T).max(axis=1)
        # told already: the closer to a given sentence past covered_cosine, the lower
        span = max(1e-6, params.repeat_cosine - params.covered_cosine)
        told = np.clip((closeness - params.covered_cosine) / span, 0.0, 1.0)
        relevance = relevance * (1.0 - params.covered * told)
        relevance[closeness >= params.repeat_cosine] = -1.0
    return relevance, sims


def select(units: list[Unit], relevance: np.ndarray, sims: np.ndarray, words: int,
           params: SummaryParams) -> list[int]:
    """Greedy MMR-like choice within ``words``; returns unit indices in choice order."""
    n = len(units)
    chosen: list[int] = []
    if n == 0:
        return chosen
    entity_weight: Counter[str] = Counter()
    for u in units:
        entity_weight.update({e: 1 for e in u.entities})
    covered: set[str] = set()
    groups: set[str] = set()
    used = 0
    max_sim = np.zeros(n, dtype=np.float32)
    floor = params.fill_floor * float(relevance.max())
    available = np.array([relevance[i] > -1.0 and relevance[i] >= floor for i in range(n)])
    while True:
        fits = available & np.array([used + u.words <= words for u in units])
        if chosen == [] and not fits.any():
            fits = available.copy()  # the budget is smaller than any sentence: show one
        if not fits.any():
            break
        gain = np.zeros(n, dtype=np.float32)
        for i in np.flatnonzero(fits):
            ents = units[i].entities
            if ents:
                total = sum(entity_weight[e] for e in ents)
                new = sum(entity_weight[e] for e in ents if e not in covered)
                gain[i] = new / total
        score = relevance - params.redundancy * max_sim + params.coverage * gain
        score[~fits] = -np.inf
        best = int(np.argmax(score))
        chosen.append(best)
        used += units[best].words
        covered |= units[best].entities
        available[best] = False
        # never the same thing twice: close paraphrases and the other tellings it cites
        available &= sims[best] < params.repeat_cosine
        for k in np.flatnonzero(available).tolist():
            if units[k].article.id in units[best].sources and units[best].article.id in units[k].sources:
                available[k] = False
        group = units[best].group
        if group is not None:
            groups.add(group)
            for j in range(n):
                if units[j].group in groups:
                    available[j] = False
        max_sim = np.maximum(max_sim, sims[best])
        if used >= words:
            break
    return chosen


def _to_summary(units: list[Unit], chosen: list[int]) -> list[SummarySentence]:
    picked = sorted((units[i] for i in chosen), key=lambda u: (u.order, u.start))
    rank = {u.article.id: u.order for u in units}
    return [SummarySentence(text=u.text, sources=sorted(u.sources, key=lambda s: rank.get(s, len(rank))),
                            article=u.article.id, start=u.start, end=u.end) for u in picked]


def _prefilter(units: list[Unit], n_articles: int, keep: int) -> list[Unit]:
    """The ``keep`` most promising units by a cheap score (lexical centrality and position),
    so that a story of thousands of sentences is not embedded and compared whole."""
    lexical = _scale(_lexical_centrality(units, n_articles, _idf(units)))
    prior = lexical + np.array([1.0 / (1.0 + u.position) for u in units], dtype=np.float32)
    best = sorted(np.argsort(-prior)[:keep].tolist())
    return [units[i] for i in best]


def candidates(articles: list[Article], claims: list[Claim] | None,
               params: SummaryParams) -> list[Unit]:
    """Candidates of ``articles`` (already in time order): claims, cited with their group,
    or sentences (cited with their own article; :func:`summarize` adds the articles that
    tell the same sentence once similarities are known)."""
    if claims is not None:
        return claim_units(articles, claims, params.min_words, params.max_words)
    return sentence_units(articles, params.min_words, params.max_words)


def summarize(articles: list[Article], claims: list[Claim] | None = None, words: int = 100,
              given: list[Article] | None = None, options: Any = None,
              embedder: Embedder | None = None, select_from: str | None = None
              ) -> list[SummarySentence]:
    """An extractive, cited summary of ``articles`` within ``words`` words.

    Args:
        articles: analysed articles of one story or event (``sentences`` filled; entity
            ``mentions`` are used for coverage when present).
        claims: claims of these articles with their group sources and independent
            sources; None = use the sentences, citing near-identical ones.
        words: word budget (whitespace words); the summary never exceeds it, except
            that one sentence is shown when none fits.
        given: earlier articles already known to the reader: an update summary says
            what is new in ``articles`` (sentences whose content the given articles
            already cover lose weight; near repeats are never chosen).
        options: run options (``[synth]`` weights, ``[embed]`` backend).
        embedder: sentence embedder; None = the one configured in ``options``
            (``embed.backend = "none"`` falls back to lexical similarity).

    Returns:
        Sentences in time order (publication, then position), each with its article,
        offsets and sources (article ids).
    """
    if not articles:
        return []
    params = SummaryParams.from_options(options)
    if select_from is not None:
        params.select_from = select_from
    if embedder is None:
        embedder = get_embedder(options)
    ordered = time_order(articles)
    from_claims = claims if params.select_from == "claims" else None
    units = candidates(ordered, from_claims, params)
    if claims and from_claims is None:
        units = _without_retracted(units, claims)
    if not units:
        return []
    if len(units) > params.max_candidates:
        units = _prefilter(units, len(ordered), params.max_candidates)
    given_units = None
    if given:
        given_units = sentence_units(time_order(given), keep_all=True)
        if len(given_units) > params.max_candidates:
            given_units = _prefilter(given_units, len(given), params.max_candidates)
    relevance, sims = rank_units(units, len(ordered), params, embedder, given_units)
    if from_claims is None:
        cite_near_identical(units, params.cite_jaccard, sims if embedder is not None else None,
                            params.cite_cosine)
    chosen = select(units, relevance, sims, words, params)
    out = _to_summary(units, chosen)
    if claims:
        cite_claims(out, claims, [a.id for a in ordered])
    return out


def _without_retracted(units: list[Unit], claims: list[Claim]) -> list[Unit]:
    """The sentence units that hold no claim its own outlet corrected (``retracted: ...``):
    a figure the outlet took back is no summary sentence."""
    spans: dict[str, list[tuple[int, int]]] = {}
    for c in claims:
        if (c.status_reason or "").startswith(RETRACTED):
            spans.setdefault(c.article, []).append((c.start, c.end))
    if not spans:
        return units
    return [u for u in units if not any(
        min(e, u.end) - max(s, u.start) >= 0.5 * max(1, e - s) for s, e in spans.get(u.article.id, ()))]


def cite_claims(sentences: list[SummarySentence], claims: list[Claim], order: list[str]) -> None:
    """Add to each summary sentence the sources of the claims it holds (a claim of the same
    article whose span lies mostly inside the sentence), in ``order`` (time order), and the
    independent sources and status of the best-sourced of them ("conflicting" when any
    of them conflicts): a reader sees that three citations are one dispatch copied."""
    rank = {aid: i for i, aid in enumerate(order)}
    by_article: dict[str, list[Claim]] = {}
    for c in claims:
        by_article.setdefault(c.article, []).append(c)
    for sent in sentences:
        if sent.article is None or sent.start is None or sent.end is None:
            continue
        sources = set(sent.sources)
        held: list[Claim] = []
        for c in by_article.get(sent.article, []):
            inside = min(c.end, sent.end) - max(c.start, sent.start)
            if inside >= 0.5 * max(1, c.end - c.start):
                sources.update(c.sources)
                held.append(c)
        sent.sources = sorted(sources, key=lambda s: (rank.get(s, len(rank)), s))
        if held:
            best = max(held, key=lambda c: c.independent_sources)
            sent.independent_sources = best.independent_sources
            sent.status = ("conflicting" if any(c.status == "conflicting" for c in held)
                           else best.status)
