"""Reuse detection: duplicates, agency copy, partial copies and paraphrases.

Pure entry points:

- :func:`find_reuse` — every related pair of a batch of articles, with its kind,
  overlap and shared passages (offsets in both texts);
- :func:`reuse_families` — groups of articles that descend from one text (connected
  components over ``duplicate`` / ``shared_wire`` / ``partial_copy`` pairs), which the
  cross-checking stage counts as one source.

How pairs are found (each step bounded by an index, not an all-pairs scan):

1. exact and near duplicates: MinHash + LSH on word shingles (:mod:`.minhash`);
2. copy candidates: articles sharing at least two rare word 5-grams (an inverted index;
   5-grams found in more than ``max_gram_articles`` articles are ignored as formulae);
3. topical candidates, for paraphrases: the ``max_neighbours`` nearest articles by
   TF-IDF cosine of cheap lemmas, at least ``candidate_cosine``;
4. each candidate pair is aligned (:mod:`.align`), its agency cues compared
   (:mod:`.wire`), its remaining sentences matched with the multilingual embedding when
   an embedder is available, and the pair classified (:mod:`.classify`).

Settings read (``reuse.<name>``, all optional): the thresholds of
:data:`recoupe.reuse.classify.DEFAULTS` plus ``shingle_words`` (5), ``num_perm`` (128),
``candidate_cosine`` (0.15), ``max_neighbours`` (10), ``max_gram_articles`` (20),
``max_units`` (40, sentences embedded per article), ``boilerplate_min_articles`` (3),
``use_embeddings`` (true).
"""

from __future__ import annotations

import hashlib
from collections import Counter
from collections.abc import Iterable
from typing import Any

import numpy as np

from recoupe.embed import Embedder, get_embedder
from recoupe.model import Article, ReusePair
from recoupe.reuse.align import AlignedPair, Unit, align, stock_phrases, units
from recoupe.reuse.classify import (
    DEFAULTS as CLASSIFY_DEFAULTS,
)
from recoupe.reuse.classify import (
    DUPLICATE,
    KINDS,
    PARAPHRASE,
    PARTIAL_COPY,
    SHARED_WIRE,
    PairEvidence,
    classify,
)
from recoupe.reuse.minhash import connected_components, near_duplicates
from recoupe.reuse.relations import names_outlet, set_relations
from recoupe.reuse.tokens import word_grams, words
from recoupe.reuse.wire import CREDIT, WireCue, agencies, article_cues

__all__ = [
    "DUPLICATE", "KINDS", "PARAPHRASE", "PARTIAL_COPY", "SHARED_WIRE",
    "find_reuse", "names_outlet", "reuse_families", "reuse_params",
]

#: kinds that make two articles one source
FAMILY_KINDS = (DUPLICATE, SHARED_WIRE, PARTIAL_COPY)

DEFAULTS: dict[str, Any] = {
    **CLASSIFY_DEFAULTS,
    "shingle_words": 5,
    "num_perm": 128,
    "candidate_cosine": 0.15,
    "max_neighbours": 10,
    "max_gram_articles": 20,
    "max_units": 40,
    "boilerplate_min_articles": 3,
    "use_embeddings": True,
}


def reuse_params(options: Any = None) -> dict[str, Any]:
    """Reuse thresholds from ``options`` (``reuse.<name>`` keys) over the defaults."""
    if options is None:
        return dict(DEFAULTS)
    return {k: options.get(f"reuse.{k}", v) for k, v in DEFAULTS.items()}


def find_reuse(articles: list[Article], options: Any = None,
               embedder: Embedder | None = None, only_with: set[str] | None = None,
               known: list[ReusePair] | None = None) -> list[ReusePair]:
    """All related pairs among ``articles``.

    Args:
        articles: cleaned articles (ids unique).
        options: a :class:`recoupe.config.Options` (or None for defaults).
        embedder: sentence embedder for paraphrases; when None the configured one is used
            unless ``reuse.use_embeddings`` is false (then no embedding-only paraphrase
            is found; rewrites that keep the words are still found).
        only_with: decide only the candidate pairs that hold one of these articles (the
            new ones of a stream); the pairs between the others come from ``known``.
            Candidates are still searched among all articles, so a new article finds the
            old one it copies. (An outlet's recurring line becomes boilerplate when new
            articles repeat it; pairs already decided are not aligned again for that.)
        known: the pairs of an earlier run, kept for the articles outside ``only_with``.

    Returns:
        :class:`ReusePair` items, each with ``articles`` ordered [likely source, reuser]
        (earlier publication first, then the agency-credited one), sorted by kind and
        overlap.
    """
    p = reuse_params(options)
    arts = [a for a in articles if a.text.strip()]
    if len(arts) < 2:
        return []
    if embedder is None and p["use_embeddings"]:
        embedder = get_embedder(options)
    by_id = {a.id: a for a in arts}
    idx = {a.id: i for i, a in enumerate(arts)}

    dup_pairs = near_duplicates([a.id for a in arts], [a.text for a in arts],
                                threshold=p["duplicate_jaccard"], num_perm=p["num_perm"],
                                shingle_size=p["shingle_words"])
    jaccard = {_key(d.a, d.b): d.jaccard for d in dup_pairs}
    candidates: set[tuple[str, str]] = set(jaccard)
    candidates |= _gram_candidates(arts, p["max_gram_articles"])
    topical = _topical_candidates(arts, p["candidate_cosine"], p["max_neighbours"])
    candidates |= topical
    if only_with is not None:
        candidates = {pr for pr in candidates if pr[0] in only_with or pr[1] in only_with}
        topical = {pr for pr in topical if pr in candidates}

    boiler = _boilerplate(arts, p["boilerplate_min_articles"])
    phrases_by_lang: dict[str | None, tuple[str, ...]] = {}
    unit_cache: dict[str, list[Unit]] = {}
    cue_cache: dict[str, list[WireCue]] = {}

    def units_of(a: Article) -> list[Unit]:
        if a.id not in unit_cache:
            phrases = phrases_by_lang.setdefault(a.language, stock_phrases(a.language))
            unit_cache[a.id] = units(a.text, 6, phrases, boiler)
        return unit_cache[a.id]

    def cues_of(a: Article) -> list[WireCue]:
        if a.id not in cue_cache:
            cue_cache[a.id] = article_cues(a)
        return cue_cache[a.id]

    emb_cache: dict[str, np.ndarray] = {}
    if embedder is not None and topical:
        need = sorted({x for pair in topical for x in pair}, key=lambda i: idx[i])
        texts: list[str] = []
        rows: dict[str, list[int]] = {}
        for aid in need:
            a = by_id[aid]
            for u in units_of(a)[: p["max_units"]]:
                rows.setdefault(aid, []).append(len(texts))
                texts.append(a.text[u.start:u.end])
        if texts:
            vecs = embedder.encode(texts)
            for aid in need:
                emb_cache[aid] = (vecs[rows[aid]] if aid in rows
                                  else np.zeros((0, vecs.shape[1]), np.float32))

    out: list[ReusePair] = []
    for x, y in sorted(candidates, key=lambda pr: (idx[pr[0]], idx[pr[1]])):
        a, b = _order(by_id[x], by_id[y], cues_of)
        ua, ub = units_of(a), units_of(b)
        al = align(a.text, b.text, min_similarity=p["min_similarity"],
                   units_a=ua, units_b=ub)
        paras: list[AlignedPair] = []
        if (a.id in emb_cache and b.id in emb_cache and _key(a.id, b.id) in topical):
            paras = _paraphrases(a, b, ua, ub, emb_cache[a.id], emb_cache[b.id], al.pairs,
                                 p["paraphrase_similarity"])
        ev = PairEvidence(a=a, b=b, alignment=al, paraphrases=paras,
                          jaccard=jaccard.get(_key(a.id, b.id)),
                          wire_a=cues_of(a), wire_b=cues_of(b))
        pair = classify(ev, p)
        if pair is not None:
            out.append(pair)
    if only_with is not None:
        out += [pr for pr in known or [] if len(pr.articles) == 2
                and all(x in by_id and x not in only_with for x in pr.articles)]
    set_relations(out, by_id, cues_of)
    order = {k: i for i, k in enumerate(KINDS)}
    out.sort(key=lambda r: (order.get(r.kind, 9), -r.overlap, r.articles))
    return out


def reuse_families(pairs: Iterable[ReusePair], kinds: tuple[str, ...] = FAMILY_KINDS
                   ) -> list[set[str]]:
    """Groups of articles descending from one text (connected components, size >= 2).

    Args:
        pairs: the output of :func:`find_reuse`.
        kinds: pair kinds that link two articles (paraphrases do not, by default: two
            articles telling the same facts in their own words are two sources).

    Returns:
        Sets of article ids, largest first.
    """
    return connected_components((pr.articles[0], pr.articles[1]) for pr in pairs
                                if pr.kind in kinds and len(pr.articles) == 2)


# --------------------------------------------------------------------------- helpers


def _key(x: str, y: str) -> tuple[str, str]:
    return (x, y) if x < y else (y, x)


def _order(x: Article, y: Article, cues_of: Any) -> tuple[Article, Article]:
    """Likely source first: earlier publication, then the agency-credited article."""
    if x.published and y.published and x.published != y.published:
        return (x, y) if x.published < y.published else (y, x)
    cx = bool(agencies(cues_of(x), (CREDIT,)))
    cy = bool(agencies(cues_of(y), (CREDIT,)))
    if cy and not cx:
        return y, x
    return x, y


def _gram_candidates(arts: list[Article], max_df: int, n: int = 5) -> set[tuple[str, str]]:
    """Pairs of articles sharing at least two word ``n``-grams that few articles use."""
    postings: dict[bytes, list[int]] = {}
    for i, a in enumerate(arts):
        ws = words(a.text)
        if len(ws) < n:
            continue
        grams = {hashlib.blake2b(g.encode("utf-8"), digest_size=8).digest()
                 for g in word_grams(ws, n)}
        for g in grams:
            postings.setdefault(g, []).append(i)
    counts: Counter[tuple[int, int]] = Counter()
    for plist in postings.values():
        if 1 < len(plist) <= max_df:
            for x in range(len(plist)):
                for y in range(x + 1, len(plist)):
                    counts[(plist[x], plist[y])] += 1
    return {_key(arts[i].id, arts[j].id) for (i, j), c in counts.items() if c >= 2}


def _topical_candidates(arts: list[Article], min_cos: float, k: int) -> set[tuple[str, str]]:
    """Each article's ``k`` nearest neighbours by TF-IDF cosine (>= ``min_cos``)."""
    from sklearn.feature_extraction.text import TfidfVectorizer

    from recoupe.cluster.lemmas import lemmas

    docs = [lemmas(f"{a.title or ''}\n{a.text}", a.language) for a in arts]
    if sum(1 for d in docs if d) < 2:
        return set()
    vec = TfidfVectorizer(analyzer=lambda d: d, sublinear_tf=True)
    x = vec.fit_transform(docs)
    sims = (x @ x.T).tocsr()
    out: set[tuple[str, str]] = set()
    for i in range(len(arts)):
        row = sims.getrow(i)
        pairs = [(v, j) for j, v in zip(row.indices, row.data, strict=True)
                 if j != i and v >= min_cos]
        for _, j in sorted(pairs, reverse=True)[:k]:
            out.add(_key(arts[i].id, arts[j].id))
    return out


def _boilerplate(arts: list[Article], min_articles: int) -> set[str]:
    """Sentence texts that recur in ``min_articles`` articles of one outlet."""
    seen: dict[tuple[str, str], set[str]] = {}
    for a in arts:
        if not a.outlet:
            continue
        for u in units(a.text, 3):
            seen.setdefault((a.outlet, u.norm), set()).add(a.id)
    return {norm for (_, norm), ids in seen.items() if len(ids) >= min_articles}


def _paraphrases(a: Article, b: Article, ua: list[Unit], ub: list[Unit], ea: np.ndarray,
                 eb: np.ndarray, lexical: list[AlignedPair], threshold: float
                 ) -> list[AlignedPair]:
    """Sentence pairs close in the embedding, one-to-one, not already aligned lexically."""
    if not len(ea) or not len(eb):
        return []
    used_a = {p.ia for p in lexical}
    used_b = {p.ib for p in lexical}
    sims = ea @ eb.T
    order = np.dstack(np.unravel_index(np.argsort(-sims, axis=None), sims.shape))[0]
    out: list[AlignedPair] = []
    for i, j in order:
        s = float(sims[i, j])
        if s < threshold:
            break
        if i in used_a or j in used_b:
            continue
        used_a.add(int(i))
        used_b.add(int(j))
        u, v = ua[int(i)], ub[int(j)]
        out.append(AlignedPair((u.start, u.end), (v.start, v.end), u.index, v.index, s))
    return out
