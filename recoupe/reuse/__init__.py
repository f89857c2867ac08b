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
import re
import unicodedata
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable
from typing import Any

import numpy as np

from recoupe.embed import Embedder, get_embedder
from recoupe.ingest.readers import NAME_STOPWORDS, outlet_key
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
from recoupe.reuse.tokens import word_grams, words
from recoupe.reuse.wire import CREDIT, WireCue, agencies, agency_named, article_cues

__all__ = [
    "DUPLICATE", "KINDS", "PARAPHRASE", "PARTIAL_COPY", "SHARED_WIRE",
    "find_reuse", "reuse_families", "reuse_params",
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
    _relations(out, by_id, cues_of)
    order = {k: i for i, k in enumerate(KINDS)}
    out.sort(key=lambda r: (order.get(r.kind, 9), -r.overlap, r.articles))
    return out


def _relations(pairs: list[ReusePair], by_id: dict[str, Article],
               cues_of: Callable[[Article], list[WireCue]]) -> None:
    """Set each pair's ``relation``, ``common_source`` and ``credited`` (in place).

    Two articles are siblings when both reuse one text rather than one the other: a third
    article is the source of a copy (duplicate, shared wire, partial copy) of each, or both
    credit one agency's dispatch and neither is that agency. Otherwise the second article
    reuses the first, and ``credited`` says whether it names it (its outlet, or the agency
    whose copy the first one is; for a paraphrase, only when it does: two tellings in
    their own words owe each other no credit).
    """
    sources_of: dict[str, set[str]] = defaultdict(set)
    for p in pairs:
        if p.kind in FAMILY_KINDS and len(p.articles) == 2:
            sources_of[p.articles[1]].add(p.articles[0])
    for p in pairs:
        if len(p.articles) != 2 or p.articles[0] not in by_id or p.articles[1] not in by_id:
            continue
        a, b = by_id[p.articles[0]], by_id[p.articles[1]]
        common = sorted(sources_of[a.id] & sources_of[b.id] - {a.id, b.id},
                        key=lambda x: (by_id[x].published or "9999", x) if x in by_id else ("", x))
        if common and common[0] in by_id:
            origin = by_id[common[0]]
            p.relation, p.common_source = "siblings", origin.id
            named = [_credits(x, origin, cues_of) for x in (a, b)]
            p.credited = None if None in named else all(named)
        elif p.kind != "paraphrase" and _shared_dispatch(a, b, cues_of):
            p.relation, p.common_source, p.credited = "siblings", None, True
        else:
            p.relation, p.common_source = "source_reuser", None
            p.credited = _credits(b, a, cues_of)
            if p.kind == "paraphrase" and not p.credited:
                p.credited = None  # two tellings in their own words: no copy to credit


def _agency_of(a: Article, cues_of: Callable[[Article], list[WireCue]]) -> str | None:
    """The agency an article is (its outlet), or the one agency its text credits."""
    own = agency_named(a.outlet)
    if own:
        return own
    credited = agencies(cues_of(a), (CREDIT,))
    return next(iter(credited)) if len(credited) == 1 else None


def _shared_dispatch(a: Article, b: Article, cues_of: Callable[[Article], list[WireCue]]) -> bool:
    """Both credit one agency and neither is that agency: two copies of its dispatch."""
    if agency_named(a.outlet) or agency_named(b.outlet):
        return False
    return bool(agencies(cues_of(a), (CREDIT,)) & agencies(cues_of(b), (CREDIT,)))


def _credits(reuser: Article, source: Article, cues_of: Callable[[Article], list[WireCue]]
             ) -> bool | None:
    """Whether ``reuser`` names ``source``: its outlet, or the agency whose copy it is.
    None when the source has neither, or both articles are of one outlet."""
    if source.outlet and reuser.outlet and outlet_key(source.outlet) == outlet_key(reuser.outlet):
        return None
    agency = _agency_of(source, cues_of)
    if agency and agency in agencies(cues_of(reuser)):
        return True
    if source.outlet and not agency_named(source.outlet):
        return names_outlet(reuser.text, source.outlet)
    return False if agency else None


#: words of an outlet's name that do not identify it
_OUTLET_WORDS = frozenset({"www", "web", "online", "info", "infos"})


def names_outlet(text: str, outlet: str) -> bool:
    """Whether ``text`` names ``outlet`` ("La Gazette de la Vière" or "gazette-viere.fr" in
    "selon la Gazette de la Vière"): its words but articles and "www"/"web"/"info", in
    order, two other words at most between them, not inside a hyphenated name; a one-word
    name must be capitalised ("Monde", not "le monde")."""
    name = re.sub(r"^(?:https?://)?(?:www\.)?", "", outlet.strip(), flags=re.I)
    if re.fullmatch(r"[\w.-]+\.[a-z]{2,12}", name, flags=re.I):
        name = name.rsplit(".", 1)[0]
    words = [_plain(w) for w in re.split(r"[\s'’_.-]+", name) if w]
    words = [w for w in words if w and w.casefold() not in NAME_STOPWORDS
             and w.casefold() not in _OUTLET_WORDS and len(w) > 1]
    if not words:
        return False
    gap = r"(?:\W+\w+){0,2}?\W+"
    # not inside a hyphenated place name ("Saint-Aubin-sur-Vière" names no "Radio Vière")
    pattern = re.compile(r"(?<![\w-])" + gap.join(re.escape(w) for w in words) + r"(?![\w-])",
                         re.IGNORECASE)
    return any(len(words) > 1 or m.group(0)[0].isupper() for m in pattern.finditer(_plain(text)))


def _plain(s: str) -> str:
    """``s`` without accents, case kept (offsets unchanged for Latin letters)."""
    return "".join(c for c in unicodedata.normalize("NFD", s) if not unicodedata.combining(c))


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
