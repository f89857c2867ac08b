"""Streaming event and story clustering (single pass, with an index, bounded memory).

Articles arrive in publication order. Each one is turned into features
(:mod:`recoupe.cluster.features`) and placed *story first* (``story_first``): the index
proposes active stories; the best one reaching ``story_threshold`` is chosen (else a new
story opens); within it the article joins the best event reaching ``event_threshold``
or opens a new event. (With ``story_first = false`` the classic TDT order is used:
event first, a new event then linked to the best story.) Scikit-learn conventions:
hyper-parameters are stored by ``__init__`` and nothing else happens there;
:meth:`StreamClusterer.partial_fit` learns; learned state lives in attributes ending in
``_``; :meth:`~StreamClusterer.get_state` / :meth:`~StreamClusterer.from_state` give a
JSON-serialisable snapshot so a later run resumes where the last one stopped. The
snapshot is lossless (exact floats, embedding sums as base64 float32, cached norms,
recency order and index postings): feeding batches through ``get_state`` →
``json.dumps``/``json.loads`` → ``from_state`` assigns exactly as one clusterer fed the
same batches. Its size follows the active clusters, not the articles seen (about 20-45 KB
per active full-text event or story with embeddings, plus the document frequencies).

Similarity of an article to a cluster (event or story) is a weighted mean of the
features both sides have — lexical cosine (only within one language), entity cosine,
embedding cosine rescaled by ``embedding_floor`` so that unrelated texts score about 0 —
so a missing feature is neutral, never a penalty. When both sides have publication
dates the score is multiplied by ``exp(-max(0, gap - grace) / tau)``; without dates it
is left alone.

Mini-batches: ``partial_fit`` first counts the batch's document frequencies, assigns
the articles one by one in order, then (``refine``) consolidates what the batch
touched: each batch article, its own contribution removed, may move to a story that
fits it better (``refine_stories``) and to a better event of its story
(``refine_iterations`` rounds); each event the batch opened may move to a story whose centroid
fits its own centroid better (``relink``); events of one story closer than
``merge_threshold`` merge (never two events reported by an earlier batch: ids stay
stable); finally the small events the batch opened (fewer than ``min_event_articles``)
fold into their story's closest event unless publication dates set them apart by more
than ``event_grace_days``. Articles of earlier batches never move, except those of the
settling window (``settle_articles``): a batch smaller than the window also re-places the
window's articles, and folds the events they opened when their first article leaves the
window still small, instead of at birth; the call reports what moved (``moved_``).

Why the fold (measured on RPM2 dev, tune half, undated documents): inside one story, the
two halves of a single time slice differ in vocabulary, entities and embedding as much
as the two slices C1 and C2 do (2-means centroid cosines 0.2-0.6 vs 0.33-0.63), and a
nearest-centroid classifier given the gold C1/C2 centroids puts only 85-88% of documents
in the right slice (lexical, entity, embedding or mentioned-date features, alone or
combined, story-centred or not; mentioned dates alone 60%). So a split resting on words
alone is noise unless several articles carry it; with publication dates, time separates
events and protects small ones.

Pair evidence does no better (``bench/cluster_pair_evidence.py``; same-story pairs of
RPM2 dev, tune / check half). ROC AUC for "same event": lexical cosine 0.66 / 0.60,
entities 0.64 / 0.56, embedding 0.58 / 0.57, shared rare 5-grams 0.59 / 0.58; a
logistic-regression pair scorer trained on the tune half 0.59 on the check half; terms
weighted within the story (those in 2..n/2 of its documents) 0.70 / 0.65. Reuse is
precise but rare: pairs sharing >= 10 rare 5-grams are 96% same-event, yet they cover 6%
of the same-event pairs (must-link components: B-cubed P 0.98, R 0.20). Given the gold
stories *and* two events per story, a spectral split on the learned scores gets event
B-cubed 0.72 (tune, leave-one-story-out) / 0.75 (check), about what the stream gets
(0.72 / 0.71 averaged over shuffles 13, 1, 2, 3); a distance threshold chosen on tune
(0.75) falls to 0.63 on check; and the normalised cut of a story's best bisection (two
events, 0.80-0.97) overlaps that of a single event's (0.85-1.06), so no split criterion
can tell a two-event story from a one-event one. Tried in the stream and dropped, each
no better than the default over 12 shuffles of the tune half: a reuse-link feature in the
event score, event scores on residuals along the story centroid (0.723 vs 0.716, story
B-cubed down to 0.97), and the latest mentioned day-month as a content time for undated
articles (0.50-0.66). Undated RPM2 events are therefore out of reach of text features
(target 0.80 above the gold-centroid classifier's 0.76-0.79).

Cost per article stays flat: candidates come from an inverted index with capped posting
lists (:mod:`recoupe.cluster.index`) plus the few most recently grown clusters, never a
scan of every cluster (``use_index = false`` gives that brute-force baseline).

Memory stays bounded: an event that has not grown for ``dormant_days`` (stream time) or
``dormant_articles`` articles falls dormant and leaves the state; stories likewise with
their own, longer windows. The story centroid outlives its events, which is how a
follow-up weeks later still finds its story. Centroids keep their ``centroid_terms``
heaviest terms, and words seen only once are forgotten from the document frequencies
whenever the vocabulary passes ``max_vocabulary``.

Live blogs and round-ups (:mod:`recoupe.cluster.liveblog`) are represented by their
title and lead only (for matching and in centroids), are never moved by the refinement
and do not name events, so one page covering several events cannot glue them together.
"""

from __future__ import annotations

import base64
import heapq
import math
from collections import OrderedDict
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any, Self

import numpy as np

from recoupe.cluster import liveblog
from recoupe.cluster.features import (
    DocFreq,
    Features,
    SparseVec,
    article_title,
    day_of,
    dot,
    lead_text,
    norm,
    parse_time,
    raw_names,
    raw_terms,
    top_keys,
    weigh,
)
from recoupe.cluster.index import InvertedIndex
from recoupe.embed.base import Embedder
from recoupe.model import Article

STATE_VERSION = 2

#: default hyper-parameters (the settings keys ``cluster.<name>`` override them)
DEFAULTS: dict[str, Any] = {
    "event_threshold": 0.30,
    #: the event threshold of a headline-only article (fewer than ``short_words`` words):
    #: a few words give lower similarities than a full text (chosen on the UCI tune window
    #: of bench/uci_baselines.py and the three-language headline gold's tune half);
    #: -1 = ``event_threshold``
    "event_threshold_short": 0.25,
    "short_words": 25,
    "story_threshold": 0.18,
    "merge_threshold": 0.5,
    "min_event_articles": 4,
    "fold_similarity": 0.2,
    "weight_lexical": 1.0,
    "weight_entities": 0.5,
    "weight_embedding": 0.5,
    "event_weight_embedding": 0.5,
    "event_weight_entities": 0.5,
    "embedding_floor": 0.25,
    "event_grace_days": 1.0,
    "event_tau_days": 3.0,
    "story_grace_days": 7.0,
    "story_tau_days": 60.0,
    "dormant_days": 10.0,
    "story_dormant_days": 120.0,
    "dormant_articles": 50_000,
    "story_dormant_articles": 200_000,
    "query_keys": 20,
    "max_candidates": 30,
    "recent_candidates": 5,
    "story_events": 20,
    "max_postings": 64,
    "index_keys": 30,
    "article_terms": 150,
    "centroid_terms": 200,
    "lead_chars": 600,
    "max_vocabulary": 300_000,
    "stemming": "none",
    "exemplars": 8,
    "refine": True,
    #: the last this many articles stay movable: each new batch may re-place them and
    #: fold, merge or re-link the events and stories they alone make up (0 = only the
    #: batch's own articles move; see :meth:`StreamClusterer.partial_fit`)
    "settle_articles": 50,
    "refine_iterations": 2,
    "refine_margin": 0.01,
    "refine_across_stories": False,
    "relink": True,
    "refine_stories": True,
    "story_first": True,
    "use_index": True,
}


@dataclass(slots=True)
class Cluster:
    """An event or a story: running centroid sums plus what the report needs."""

    id: str
    #: the story of an event ("" for a story itself)
    story: str = ""
    #: articles assigned (flagged ones included)
    n: int = 0
    #: articles whose vectors are in the sums
    n_vec: int = 0
    terms: SparseVec = field(default_factory=dict)
    names: SparseVec = field(default_factory=dict)
    vec: np.ndarray | None = None
    n_emb: int = 0
    t_min: float | None = None
    t_max: float | None = None
    #: publication day → count (for the median date)
    days: dict[str, int] = field(default_factory=dict)
    last_seq: int = 0
    #: [article id, title, top terms] of the most central members seen
    exemplars: list[list[Any]] = field(default_factory=list)
    #: events of a story still active, least recently grown first (a dict used as an
    #: ordered set: O(1) moves and removals)
    events: dict[str, None] = field(default_factory=dict)
    #: language → members (lexical similarity is only used within one language)
    langs: dict[str, int] = field(default_factory=dict)
    _tnorm: float = -1.0
    _nnorm: float = -1.0
    _vnorm: float = -1.0

    # ------------------------------------------------------------------ arithmetic
    def tnorm(self) -> float:
        if self._tnorm < 0:
            self._tnorm = norm(self.terms)
        return self._tnorm

    def nnorm(self) -> float:
        if self._nnorm < 0:
            self._nnorm = norm(self.names)
        return self._nnorm

    @staticmethod
    def _updated(current: float, delta: float) -> float:
        """A norm after its square changed by ``delta`` (-1: recompute when needed)."""
        if current < 0 or math.isnan(delta):
            return -1.0
        sq = current * current + delta
        return math.sqrt(sq) if sq > 1e-12 else -1.0

    def vnorm(self) -> float:
        if self._vnorm < 0:
            self._vnorm = float(np.linalg.norm(self.vec)) if self.vec is not None else 0.0
        return self._vnorm

    def add_vectors(self, f: Features, sign: float, max_terms: int) -> None:
        """Add (sign=1) or remove (sign=-1) an article's vectors from the sums.

        The norms are updated incrementally (no pass over the whole centroid)."""
        self._tnorm = self._updated(self._tnorm, _accumulate(self.terms, f.terms, sign,
                                                             max_terms))
        self._nnorm = self._updated(self._nnorm, _accumulate(self.names, f.names, sign,
                                                             max_terms // 2))
        if f.vec is not None:
            if self.vec is None:
                self.vec = np.zeros_like(f.vec)
            self.vec += sign * f.vec
            self.n_emb += int(sign)
            self._vnorm = -1.0
        self.n_vec += int(sign)

    def main_lang(self) -> str | None:
        """The language most members are written in (None when unknown)."""
        if not self.langs:
            return None
        if len(self.langs) == 1:
            return next(iter(self.langs))
        return max(self.langs.items(), key=lambda kv: kv[1])[0]

    def add_time(self, t: float | None) -> None:
        if t is None:
            return
        self.t_min = t if self.t_min is None else min(self.t_min, t)
        self.t_max = t if self.t_max is None else max(self.t_max, t)
        day = day_of(t)
        self.days[day] = self.days.get(day, 0) + 1

    def median_day(self) -> str | None:
        """Median publication day of the members that have one."""
        total = sum(self.days.values())
        if not total:
            return None
        seen = 0
        for day in sorted(self.days):
            seen += self.days[day]
            if 2 * seen >= total:
                return day
        return None  # pragma: no cover

    def title(self) -> str:
        """Title of the most central exemplar (best cosine with the current centroid)."""
        if not self.exemplars:
            return ""
        tn = self.tnorm() or 1.0
        best = max(self.exemplars, key=lambda ex: dot(ex[2], self.terms) / tn)
        return str(best[1])

    def add_exemplar(self, f: Features, limit: int) -> None:
        if not f.title:
            return
        terms = {k: round(v, 4) for k, v in heapq.nlargest(20, f.terms.items(),
                                                             key=lambda kv: kv[1])}
        self.exemplars.append([f.id, f.title, terms])
        if len(self.exemplars) > limit:
            tn = self.tnorm() or 1.0
            self.exemplars.sort(key=lambda ex: -dot(ex[2], self.terms) / tn)
            del self.exemplars[limit:]

    # ------------------------------------------------------------------ (de)serialise
    def to_dict(self) -> dict[str, Any]:
        """JSON-ready and lossless (floats as they are, the embedding sum as base64
        float32), so a resumed clusterer decides exactly as the one that saved it."""
        return {
            "id": self.id, "story": self.story, "n": self.n, "n_vec": self.n_vec,
            "terms": self.terms, "names": self.names,
            "vec": None if self.vec is None else _b64(self.vec),
            "n_emb": self.n_emb, "t_min": self.t_min, "t_max": self.t_max,
            "days": self.days, "last_seq": self.last_seq,
            "exemplars": self.exemplars,
            "events": list(self.events), "langs": self.langs,
            "norms": [self._tnorm, self._nnorm],
        }

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> Cluster:
        vec = d.get("vec")
        c = cls(
            id=d["id"], story=d.get("story", ""), n=d.get("n", 0), n_vec=d.get("n_vec", 0),
            terms=dict(d.get("terms", {})), names=dict(d.get("names", {})),
            vec=None if vec is None else _from_b64(vec),
            n_emb=d.get("n_emb", 0), t_min=d.get("t_min"), t_max=d.get("t_max"),
            days=dict(d.get("days", {})), last_seq=d.get("last_seq", 0),
            exemplars=[list(e) for e in d.get("exemplars", [])],
            events=dict.fromkeys(d.get("events", [])), langs=dict(d.get("langs", {})),
        )
        c._tnorm, c._nnorm = (float(x) for x in d.get("norms", [-1.0, -1.0]))
        return c


def _b64(vec: np.ndarray) -> str:
    """A float32 vector as base64 text (exact, a third of the size of a JSON list)."""
    return base64.b64encode(np.ascontiguousarray(vec, dtype="<f4").tobytes()).decode("ascii")


def _from_b64(text: str) -> np.ndarray:
    return np.frombuffer(base64.b64decode(text), dtype="<f4").astype(np.float32)


def _features_dict(f: Features) -> dict[str, Any]:
    """An article's clustering features, JSON-ready and exact (for the settling window)."""
    return {"id": f.id, "terms": f.terms, "names": f.names, "time": f.time, "title": f.title,
            "vec": None if f.vec is None else _b64(f.vec), "flags": f.flags, "lang": f.lang,
            "short": f.short}


def _features_from(d: dict[str, Any], keep_vec: bool = True) -> Features:
    vec = d.get("vec")
    return Features(id=d["id"], terms=dict(d["terms"]), names=dict(d["names"]), time=d.get("time"),
                    title=d.get("title", ""),
                    vec=None if vec is None or not keep_vec else _from_b64(vec),
                    flags=list(d.get("flags", [])), lang=d.get("lang"), short=bool(d.get("short")))


def _assignment_dict(a: Assignment) -> dict[str, Any]:
    return {"event": a.event, "story": a.story, "score": a.score, "new_event": a.new_event,
            "new_story": a.new_story, "flag": a.flag, "counted": a.counted}


def _accumulate(target: SparseVec, source: SparseVec, sign: float, max_terms: int) -> float:
    """Add ``sign * source`` to ``target`` (pruned to ``max_terms``); return the change of
    the squared norm, or NaN when pruning made it unknown."""
    delta = 0.0
    for k, v in source.items():
        old = target.get(k, 0.0)
        nv = old + sign * v
        if nv > 1e-9:
            target[k] = nv
            delta += nv * nv - old * old
        else:
            target.pop(k, None)
            delta -= old * old
    if len(target) > max_terms * 3 // 2:
        keep = heapq.nlargest(max_terms, target.items(), key=lambda kv: kv[1])
        target.clear()
        target.update(keep)
        return math.nan
    return delta


def _time_apart(a: Cluster, b: Cluster, grace: float) -> bool:
    """Whether two dated clusters' publication spans are more than ``grace`` days apart."""
    if a.t_min is None or a.t_max is None or b.t_min is None or b.t_max is None:
        return False
    return max(a.t_min - b.t_max, b.t_min - a.t_max) > grace


def _sums(c: Cluster) -> Features:
    """A cluster's raw sums packed as Features (to add or remove them elsewhere)."""
    vec = c.vec.copy() if c.vec is not None and c.n_emb > 0 else None
    return Features(id=c.id, terms=dict(c.terms), names=dict(c.names), time=None, title="",
                    vec=vec)


@dataclass(slots=True)
class Assignment:
    """Where one article went, and why (for debugging and the report)."""

    event: str
    story: str
    score: float
    new_event: bool
    new_story: bool
    flag: str | None = None
    #: whether the article's vectors were added to the centroids
    counted: bool = True


class StreamClusterer:
    """Single-pass event/story clusterer with an index, dormancy and resumable state.

    Args:
        embedder: optional :class:`recoupe.embed.Embedder`; without one the embedding
            feature is simply absent (neutral).
        **params: hyper-parameters, see :data:`DEFAULTS` (unknown names raise).

    Attributes (after :meth:`partial_fit`):
        events_: active events by id.
        stories_: active stories by id.
        df_: streaming document frequencies.
        assignments_: article id → :class:`Assignment` for the articles of the last
            ``partial_fit`` call.
        n_seen_: articles processed over the clusterer's whole life.
    """

    events_: dict[str, Cluster]
    stories_: dict[str, Cluster]
    df_: DocFreq
    assignments_: dict[str, Assignment]
    touched_: dict[str, dict[str, Any]]
    seq_: int
    clock_: float | None
    next_event_: int
    next_story_: int
    n_seen_: int
    n_dormant_events_: int
    n_dormant_stories_: int
    _touched_ids: set[str]
    _opened_ids: set[str]
    #: the settling window: (features, assignment) of the last ``settle_articles`` articles
    recent_: list[tuple[Features, Assignment]]
    #: article id → new :class:`Assignment` of the window articles the last call moved
    moved_: dict[str, Assignment]
    #: article id → (event, story) those moved articles had before the last call
    moved_from_: dict[str, tuple[str, str]]
    _order: list[str]
    _leaving: set[str]
    _fold_at_birth: bool

    def __init__(self, embedder: Embedder | None = None, **params: Any) -> None:
        unknown = set(params) - set(DEFAULTS)
        if unknown:
            raise ValueError(
                f"[E201] unknown clustering parameter(s) {sorted(unknown)}. "
                f"Known: {', '.join(sorted(DEFAULTS))}"
            )
        self.embedder = embedder
        self.params: dict[str, Any] = {**DEFAULTS, **params}

    # ================================================================== public API
    def get_params(self) -> dict[str, Any]:
        """The hyper-parameters (scikit-learn style)."""
        return dict(self.params)

    def partial_fit(self, articles: Sequence[Article]) -> Self:
        """Assign a batch of articles (in the given order) to events and stories.

        Sets ``article.event`` / ``article.story`` and adds the flag ``"live_blog"`` or
        ``"roundup"`` to ``article.flags`` when detected.

        Args:
            articles: the batch, in publication order.

        Returns:
            self.
        """
        if not hasattr(self, "events_"):
            self._init_state()
        self.assignments_ = {}
        self.touched_ = {}
        self._touched_ids = set()
        self._opened_ids = set()
        self.moved_ = {}
        self.moved_from_ = {}
        batch = self._dedupe(articles)
        if not batch:
            return self
        p = self.params
        # a batch as large as the window, or the first one, consolidates itself as it
        # always did; a smaller one after it (a single POST, a feed's few items) re-places
        # the window's articles too
        small_batch = len(batch) < int(p["settle_articles"]) and bool(self.recent_)
        given = set(self.assignments_)  # given again, already clustered (see _dedupe)
        window, before = self._open_window({a.id for a in batch}) if small_batch else ([], {})
        flags: list[str | None] = []
        counts = []
        for a in batch:
            flag, _ = liveblog.detect(a, self.df_)
            flags.append(flag)
            terms = raw_terms(a, lead_only=flag is not None, lead_chars=p["lead_chars"],
                              stemming=p["stemming"])
            names = raw_names(a, lead_only=flag is not None, lead_chars=p["lead_chars"])
            counts.append((terms, names))
            self.df_.add(list(terms) + list(names))
        if len(self.df_.df) > p["max_vocabulary"]:
            self.df_.prune(min_df=2)  # forget words seen once: bounded statistics
        vecs = self._embed(batch)
        feats: list[Features] = []
        for i, a in enumerate(batch):
            terms, names = counts[i]
            f = Features(
                id=a.id,
                terms=weigh(terms, self.df_, max_terms=p["article_terms"]),
                names=weigh(names, self.df_, max_terms=50),
                time=parse_time(a.published),
                title=article_title(a),
                vec=None if vecs is None else vecs[i],
                flags=[flag] if (flag := flags[i]) else [],
                lang=a.language,
                short=len(a.text.split()) < int(p["short_words"]),
            )
            feats.append(f)
            if flags[i] and flags[i] not in a.flags:
                a.flags.append(flags[i])  # type: ignore[arg-type]
        for i, f in enumerate(feats, 1):
            self._assign(f)
            if i % 512 == 0 and not p["refine"]:
                self._evict()  # long batches: retire stale clusters as the stream goes
        size = int(p["settle_articles"])
        # the window's slots in order, flagged articles (live blogs) included: they hold a
        # slot too, so the article that slides out of the window is the oldest of them all
        # (counting the window without them, a window holding one live blog never let any
        # article leave, and its small events never folded)
        order = [f.id for f, _ in self.recent_ if f.id in before] + [f.id for f in feats]
        self._leaving = set(order[:max(0, len(order) - size)]) if size > 0 else set()
        self._order = order
        # a batch smaller than the window gives its new events time to grow: they fold
        # when their first article leaves the window, not at birth
        self._fold_at_birth = not small_batch
        if p["refine"] and len(feats) + len(window) > 1:
            self._refine(window + feats)
        for a in batch:
            asg = self.assignments_.get(a.id)
            if asg is not None:
                a.event, a.story = asg.event, asg.story
        self._close_window(window, feats, before, given)
        self._evict()
        return self

    def get_state(self) -> dict[str, Any]:
        """A JSON-serialisable snapshot: parameters, statistics, active clusters."""
        if not hasattr(self, "events_"):
            self._init_state()
        return {
            "version": STATE_VERSION,
            "params": self.get_params(),
            "embedder": getattr(self.embedder, "name", None),
            "df": self.df_.df, "n_docs": self.df_.n,
            "seq": self.seq_, "clock": self.clock_,
            "next_event": self.next_event_, "next_story": self.next_story_,
            "n_seen": self.n_seen_, "n_dormant_events": self.n_dormant_events_,
            "n_dormant_stories": self.n_dormant_stories_,
            # least recently grown first: the order the recency queues and indexes need
            "events": [self.events_[e].to_dict() for e in self._event_recency],
            "stories": [self.stories_[s].to_dict() for s in self._story_recency],
            "event_index": {k: list(v) for k, v in self._event_index.postings.items()},
            "story_index": {k: list(v) for k, v in self._story_index.postings.items()},
            "recent": [{"f": _features_dict(f), "a": _assignment_dict(a)} for f, a in self.recent_],
        }

    @classmethod
    def from_state(cls, state: dict[str, Any], embedder: Embedder | None = None,
                   **overrides: Any) -> StreamClusterer:
        """Rebuild a clusterer from :meth:`get_state` output.

        Args:
            state: the snapshot.
            embedder: the embedder to use from now on. When it is not the one the state
                was built with, stored centroid embeddings are dropped (not comparable).
            **overrides: hyper-parameters that replace the stored ones (current settings).

        Raises:
            ValueError: the snapshot has an unknown version.
        """
        if state.get("version") != STATE_VERSION:
            raise ValueError(
                f"[E202] cluster state version {state.get('version')!r} is not supported "
                f"(expected {STATE_VERSION}); start without state to rebuild it"
            )
        params = {k: v for k, v in state.get("params", {}).items() if k in DEFAULTS}
        params.update(overrides)
        self = cls(embedder=embedder, **params)
        self._init_state()
        self.df_ = DocFreq(dict(state.get("df", {})), int(state.get("n_docs", 0)))
        self.seq_ = int(state.get("seq", 0))
        self.clock_ = state.get("clock")
        self.next_event_ = int(state.get("next_event", 0))
        self.next_story_ = int(state.get("next_story", 0))
        self.n_seen_ = int(state.get("n_seen", 0))
        self.n_dormant_events_ = int(state.get("n_dormant_events", 0))
        self.n_dormant_stories_ = int(state.get("n_dormant_stories", 0))
        same_embedder = state.get("embedder") == getattr(embedder, "name", None)
        for level, pool, recency in (("events", self.events_, self._event_recency),
                                     ("stories", self.stories_, self._story_recency)):
            for d in state.get(level, []):
                c = Cluster.from_dict(d)
                if not same_embedder:
                    c.vec, c.n_emb = None, 0
                pool[c.id] = c
                recency[c.id] = None
        self._event_index.restore(state.get("event_index", {}))
        self._story_index.restore(state.get("story_index", {}))
        self.recent_ = [(_features_from(r["f"], same_embedder), Assignment(**r["a"]))
                        for r in state.get("recent", [])]
        return self

    def event_summary(self, event_id: str) -> dict[str, Any]:
        """Title, median date, story and size of an event (active or touched this call)."""
        ev = self.events_.get(event_id)
        if ev is not None:
            return {"id": ev.id, "title": ev.title(), "date": ev.median_day(),
                    "story": ev.story, "n": ev.n}
        return self.touched_.get(event_id, {"id": event_id, "title": "", "date": None,
                                           "story": "", "n": 0})

    def story_summary(self, story_id: str) -> dict[str, Any]:
        """Title and size of a story (active or touched this call)."""
        st = self.stories_.get(story_id)
        if st is not None:
            return {"id": st.id, "title": st.title(), "n": st.n}
        return self.touched_.get(story_id, {"id": story_id, "title": "", "n": 0})

    # ================================================================== internals
    def _init_state(self) -> None:
        self.df_ = DocFreq()
        self.events_ = {}
        self.stories_ = {}
        self.seq_ = 0
        self.clock_ = None
        self.next_event_ = 0
        self.next_story_ = 0
        self.n_seen_ = 0
        self.n_dormant_events_ = 0
        self.n_dormant_stories_ = 0
        self.assignments_ = {}
        self.touched_ = {}
        self._touched_ids = set()
        self._opened_ids = set()
        self.recent_ = []
        self.moved_ = {}
        self.moved_from_ = {}
        self._order = []
        self._leaving = set()
        self._fold_at_birth = True
        mp = int(self.params["max_postings"])
        self._event_index = InvertedIndex(mp)
        self._story_index = InvertedIndex(mp)
        self._event_recency: OrderedDict[str, None] = OrderedDict()
        self._story_recency: OrderedDict[str, None] = OrderedDict()

    def _dedupe(self, articles: Sequence[Article]) -> list[Article]:
        seen: set[str] = set()
        out: list[Article] = []
        for a in articles:
            if a.id in seen:
                continue
            seen.add(a.id)
            if a.event and a.event in self.events_:
                # already clustered in an earlier run whose event is still active
                ev = self.events_[a.event]
                self.assignments_[a.id] = Assignment(ev.id, ev.story, 1.0, False, False)
                a.story = ev.story
                continue
            out.append(a)
        return out

    def _embed(self, batch: list[Article]) -> np.ndarray | None:
        if self.embedder is None:
            return None
        texts = [lead_text(a, self.params["lead_chars"]) for a in batch]
        return np.asarray(self.embedder.encode(texts), dtype=np.float32)

    # ------------------------------------------------------------------ scoring
    def _score(self, f: Features, c: Cluster, level: str) -> float:
        p = self.params
        total = wsum = 0.0
        tn = c.tnorm()
        main = c.main_lang()
        same_lang = f.lang is None or main is None or f.lang == main
        if tn > 0 and f.terms and same_lang:
            total += p["weight_lexical"] * dot(f.terms, c.terms) / tn
            wsum += p["weight_lexical"]
        w_ent = p["event_weight_entities"] if level == "event" else p["weight_entities"]
        w_emb = p["event_weight_embedding"] if level == "event" else p["weight_embedding"]
        if f.names and c.names and w_ent > 0:
            total += w_ent * dot(f.names, c.names) / (c.nnorm() or 1.0)
            wsum += w_ent
        if f.vec is not None and c.vec is not None and c.n_emb > 0 and w_emb > 0:
            cos = float(f.vec @ c.vec) / (c.vnorm() or 1.0)
            floor = p["embedding_floor"]
            total += w_emb * max(0.0, (cos - floor) / (1.0 - floor))
            wsum += w_emb
        if wsum == 0:
            return 0.0
        score = total / wsum
        if f.time is not None and c.t_min is not None and c.t_max is not None:
            gap = max(0.0, c.t_min - f.time, f.time - c.t_max)
            grace = p["event_grace_days"] if level == "event" else p["story_grace_days"]
            tau = p["event_tau_days"] if level == "event" else p["story_tau_days"]
            if gap > grace:
                score *= math.exp(-(gap - grace) / tau)
        return score

    def _query(self, f: Features) -> dict[str, float]:
        q = self.params["query_keys"]
        keys = {k: f.terms[k] for k in top_keys(f.terms, q)}
        for k in top_keys(f.names, max(2, q // 3)):
            keys[k] = keys.get(k, 0.0) + f.names[k]
        return keys

    def _candidates(self, f: Features, level: str) -> list[Cluster]:
        pool = self.events_ if level == "event" else self.stories_
        if not self.params["use_index"]:
            return list(pool.values())
        index = self._event_index if level == "event" else self._story_index
        recency = self._event_recency if level == "event" else self._story_recency
        ids = index.query(self._query(f), self.params["max_candidates"])
        # plus the few most recently grown clusters: a cheap safety net when the
        # vocabularies differ (another language, a very short text)
        k = int(self.params["recent_candidates"])
        if k > 0 and recency:
            seen = set(ids)
            it = reversed(recency)
            for _ in range(min(k, len(recency))):
                cid = next(it)
                if cid not in seen:
                    ids.append(cid)
        return [pool[i] for i in ids if i in pool]

    def _best(self, f: Features, clusters: list[Cluster], level: str,
              exclude: str | None = None) -> tuple[Cluster | None, float]:
        best: Cluster | None = None
        best_score = -1.0
        for c in clusters:
            if c.id == exclude:
                continue
            s = self._score(f, c, level)
            if s > best_score:
                best, best_score = c, s
        return best, best_score

    # ------------------------------------------------------------------ assignment
    def _event_threshold(self, f: Features) -> float:
        """The threshold for joining an event: lower for a headline-only article."""
        short = float(self.params["event_threshold_short"])
        return short if f.short and short >= 0 else float(self.params["event_threshold"])

    def _assign(self, f: Features) -> None:
        p = self.params
        self.seq_ += 1
        self.n_seen_ += 1
        if f.time is not None:
            self.clock_ = f.time if self.clock_ is None else max(self.clock_, f.time)
        flag = f.flags[0] if f.flags else None
        if p["story_first"]:
            story, s_score = self._best(f, self._candidates(f, "story"), "story")
            if story is not None and s_score >= p["story_threshold"]:
                events = self._story_events(story)
                event, score = self._best(f, events, "event")
                if event is not None and score >= self._event_threshold(f):
                    self._attach(f, event, score, flag)
                else:
                    self._attach(f, self._new_cluster("event", story.id), s_score, flag,
                                 new_event=True)
                return
            story = self._new_cluster("story")
            self._attach(f, self._new_cluster("event", story.id), max(s_score, 0.0), flag,
                         new_event=True, new_story=True)
            return
        event, score = self._best(f, self._candidates(f, "event"), "event")
        if event is not None and score >= self._event_threshold(f):
            self._attach(f, event, score, flag)
            return
        story, s_score = self._best(f, self._candidates(f, "story"), "story")
        new_story = story is None or s_score < p["story_threshold"]
        if new_story:
            story = self._new_cluster("story")
        assert story is not None
        self._attach(f, self._new_cluster("event", story.id), max(score, 0.0), flag,
                     new_event=True, new_story=new_story)

    def _story_events(self, story: Cluster) -> list[Cluster]:
        """Active events of a story, the ``story_events`` most recently grown (bounded)."""
        limit = int(self.params["story_events"])
        out: list[Cluster] = []
        for e in reversed(story.events):
            if len(out) >= limit:
                break
            if e in self.events_:
                out.append(self.events_[e])
        out.reverse()
        return out

    def _new_cluster(self, level: str, story: str = "") -> Cluster:
        if level == "event":
            self.next_event_ += 1
            c = Cluster(id=f"e{self.next_event_:06d}", story=story)
            self.events_[c.id] = c
            self._opened_ids.add(c.id)
        else:
            self.next_story_ += 1
            c = Cluster(id=f"s{self.next_story_:06d}")
            self.stories_[c.id] = c
        return c

    def _attach(self, f: Features, event: Cluster, score: float, flag: str | None,
                new_event: bool = False, new_story: bool = False) -> None:
        """Add an article to an event and to the event's story, and record it."""
        p = self.params
        story = self.stories_[event.story]
        counted = True  # flagged articles carry only their lead: safe to count
        for c, index, recency in ((event, self._event_index, self._event_recency),
                                  (story, self._story_index, self._story_recency)):
            c.n += 1
            c.last_seq = self.seq_
            if f.lang:
                c.langs[f.lang] = c.langs.get(f.lang, 0) + 1
            c.add_time(f.time)
            if counted:
                c.add_vectors(f, 1.0, p["centroid_terms"] * (2 if c is story else 1))
                # the top keys of a grown centroid change slowly: re-post every 4th update
                if c.n_vec <= 8 or c.n_vec % 4 == 0:
                    self._reindex(c, index)
            if not f.flags or not c.exemplars:  # a live page's title names no one event
                c.add_exemplar(f, p["exemplars"])
            recency.pop(c.id, None)
            recency[c.id] = None
        story.events.pop(event.id, None)
        story.events[event.id] = None  # most recently grown last
        self._touched_ids.add(event.id)
        self._touched_ids.add(story.id)
        self.assignments_[f.id] = Assignment(event.id, story.id, score, new_event, new_story,
                                             flag, counted)

    def _detach(self, f: Features, event: Cluster) -> None:
        """Undo :meth:`_attach` for a batch article (its vectors leave both sums)."""
        p = self.params
        asg = self.assignments_[f.id]
        story = self.stories_[event.story]
        for c in (event, story):
            c.n -= 1
            if f.lang and c.langs.get(f.lang, 0) > 0:
                c.langs[f.lang] -= 1
            if asg.counted:
                c.add_vectors(f, -1.0, p["centroid_terms"] * (2 if c is story else 1))
            if f.time is not None:
                day = day_of(f.time)
                if c.days.get(day, 0) > 1:
                    c.days[day] -= 1
                else:
                    c.days.pop(day, None)
            c.exemplars = [ex for ex in c.exemplars if ex[0] != f.id]

    def _reindex(self, c: Cluster, index: InvertedIndex) -> None:
        n = self.params["index_keys"]
        if c.story == "":  # stories carry more keys than events
            n *= 2
        keys = top_keys(c.terms, n) + top_keys(c.names, max(2, n // 3))
        index.update(c.id, keys)

    # ------------------------------------------------------------------ settling window
    def _open_window(self, batch_ids: set[str]) -> tuple[list[Features], dict[str, tuple[str, str]]]:
        """Make the window's articles movable again for this call.

        Their assignments join ``assignments_``, so that every move, merge and fold of this
        call keeps them up to date and the caller can be told of each change (``moved_``).
        Each may move to a better event or story (:meth:`_reconsider`); an event made up
        of window articles only folds into its story's closest event when its first
        article leaves the window still small (:meth:`_fold_fragments`). Events and
        stories with an article outside the window keep their ids, as before.
        """
        if int(self.params["settle_articles"]) <= 0 or not self.recent_:
            return [], {}
        per_event: dict[str, int] = {}
        per_story: dict[str, int] = {}
        window: list[Features] = []
        before: dict[str, tuple[str, str]] = {}
        for f, asg in self.recent_:
            ev = self.events_.get(asg.event)
            if ev is None or ev.story != asg.story or f.id in batch_ids:
                continue  # gone dormant, or given again as a new article
            self.assignments_[f.id] = asg
            before[f.id] = (asg.event, asg.story)
            per_event[asg.event] = per_event.get(asg.event, 0) + 1
            per_story[asg.story] = per_story.get(asg.story, 0) + 1
            if not f.flags:
                window.append(f)
        return window, before

    def _close_window(self, window: list[Features], feats: list[Features],
                      before: dict[str, tuple[str, str]], given: set[str]) -> None:
        """Say which window articles moved, and slide the window over this batch."""
        size = int(self.params["settle_articles"])
        for aid, old in before.items():
            asg = self.assignments_.get(aid)
            if asg is not None and (asg.event, asg.story) != old:
                self.moved_[aid] = asg
                self.moved_from_[aid] = old
        if size <= 0:
            self.recent_ = []
            return
        kept = [(f, self.assignments_[f.id]) for f, _ in self.recent_
                if f.id in before and f.id in self.assignments_]
        kept += [(f, self.assignments_[f.id]) for f in feats if f.id in self.assignments_]
        self.recent_ = kept[-size:]
        for aid in before:  # the window's articles are not this call's own assignments,
            if aid not in given:  # unless the caller gave them again
                self.assignments_.pop(aid, None)
        for aid, asg in self.moved_.items():
            self.assignments_[aid] = asg

    # ------------------------------------------------------------------ refinement
    def _refine(self, feats: list[Features]) -> None:
        """Consolidate a mini-batch after its single pass.

        1. each article of the batch (its own contribution removed) may move to a better
           existing event, ``refine_iterations`` times;
        2. each event the batch opened may move to a story that fits its centroid better than its
           own story does (the event's contribution removed);
        3. events of one story closer than ``merge_threshold`` merge.
        """
        p = self.params
        movable = [f for f in feats if not f.flags and f.id in self.assignments_]
        for _ in range(int(p["refine_iterations"])):
            moved = sum(self._reconsider(f) for f in movable)
            if not moved:
                break
        if p["relink"]:
            self._relink_events()
        touched = {self.assignments_[f.id].story for f in feats if f.id in self.assignments_}
        for sid in sorted(touched):
            self._merge_events(sid)
        for sid in sorted(touched):
            self._fold_fragments(sid)

    def _reconsider(self, f: Features) -> bool:
        """Re-place one batch article (its contribution removed); True when it moved.

        Story first: it moves to another story only when that story's centroid fits it
        better than its own story's (by ``refine_margin``) and reaches
        ``story_threshold`` (``refine_stories``). Then, within the chosen story, it goes
        to the best event reaching ``event_threshold`` that beats its own event, to its
        own event otherwise, or to a new event when it changed story and none fits.
        """
        p = self.params
        asg = self.assignments_[f.id]
        own = self.events_.get(asg.event)
        if own is None:
            return False
        margin = p["refine_margin"]
        own_story = self.stories_[own.story]
        self._detach(f, own)
        target = own_story
        if p["refine_stories"]:
            s_own = self._score(f, own_story, "story") if own_story.n_vec > 0 else -1.0
            cands = [c for c in self._candidates(f, "story") if c.id != own_story.id]
            best_story, s_best = self._best(f, cands, "story")
            if (best_story is not None and s_best >= p["story_threshold"]
                    and s_best > s_own + margin):
                target = best_story
        if p["refine_across_stories"] and target is own_story:
            events = [c for c in self._candidates(f, "event")]
        else:
            events = self._story_events(target)
        own_score = self._score(f, own, "event") if own.n_vec > 0 else -1.0
        best, best_score = self._best(f, [c for c in events if c.id != own.id], "event")
        dest: Cluster | None = None
        if best is not None and best_score >= self._event_threshold(f) and (
                target is not own_story or best_score > own_score + margin):
            dest = best
        elif target is not own_story:
            dest = self._new_cluster("event", target.id)
            best_score = max(best_score, 0.0)
        if dest is None:
            self._attach(f, own, asg.score, asg.flag, asg.new_event, asg.new_story)
            return False
        self._attach(f, dest, best_score, asg.flag)
        if own.n <= 0:
            self._drop_empty(own)
        return True

    def _drop_empty(self, event: Cluster) -> None:
        story = self.stories_.get(event.story)
        if story is not None:
            story.events.pop(event.id, None)
        self._drop_event(event.id)
        if story is not None and story.n <= 0:
            self.stories_.pop(story.id, None)
            self._story_index.remove(story.id)
            self._story_recency.pop(story.id, None)

    def _as_features(self, c: Cluster) -> Features:
        """A cluster's centroid seen as one article (to score it against stories)."""
        from recoupe.cluster.features import normalise

        vec = None
        if c.vec is not None and c.n_emb > 0:
            vec = c.vec / (c.vnorm() or 1.0)
        return Features(id=c.id, terms=normalise(dict(c.terms)), names=normalise(dict(c.names)),
                        time=None if c.t_min is None else (c.t_min + (c.t_max or c.t_min)) / 2,
                        title="", vec=vec, lang=c.main_lang())

    def _relink_events(self) -> None:
        """Move the events this batch opened to the story their centroid fits best.

        Older events stay where they are: moving one would move articles reported by an
        earlier batch, and when it is its story's only event, merge two stories on the
        low ``story_threshold`` (measured on RPM2 dev fed in batches of 10 and 50:
        relinking every touched event glued related stories, story B-cubed 0.87/0.99
        then, 0.97/0.99 now)."""
        p = self.params
        for eid in [e for e in sorted(self._opened_ids) if e in self.events_]:
            ev = self.events_[eid]
            own = self.stories_.get(ev.story)
            if own is None or ev.n_vec == 0:
                continue
            f = self._as_features(ev)
            story_max = p["centroid_terms"] * 2
            own.add_vectors(f_sum := _sums(ev), -1.0, story_max)
            own_score = self._score(f, own, "story") if own.n_vec > 0 else -1.0
            cands = [c for c in self._candidates(f, "story") if c.id != own.id]
            best, best_score = self._best(f, cands, "story")
            if (best is not None and best_score >= p["story_threshold"]
                    and best_score > own_score + p["refine_margin"]):
                self._move_event(ev, own, best, f_sum)
            else:
                own.add_vectors(f_sum, 1.0, story_max)

    def _move_event(self, ev: Cluster, old: Cluster, new: Cluster, sums: Features) -> None:
        """Re-home event ``ev`` (its sums already removed from ``old``) into story ``new``."""
        story_max = self.params["centroid_terms"] * 2
        new.add_vectors(sums, 1.0, story_max)
        new.n_vec += ev.n_vec - 1
        old.n_vec -= ev.n_vec - 1
        new.n_emb += ev.n_emb - (1 if sums.vec is not None else 0)
        old.n_emb -= ev.n_emb - (1 if sums.vec is not None else 0)
        new.n += ev.n
        old.n -= ev.n
        for lang, k in ev.langs.items():
            new.langs[lang] = new.langs.get(lang, 0) + k
            old.langs[lang] = max(0, old.langs.get(lang, 0) - k)
        for d, c in ev.days.items():
            new.days[d] = new.days.get(d, 0) + c
            left = old.days.get(d, 0) - c
            if left > 0:
                old.days[d] = left
            else:
                old.days.pop(d, None)
        for t in (ev.t_min, ev.t_max):
            if t is not None:
                new.t_min = t if new.t_min is None else min(new.t_min, t)
                new.t_max = t if new.t_max is None else max(new.t_max, t)
        moved_ids = {aid for aid, a in self.assignments_.items() if a.event == ev.id}
        new.exemplars.extend(ex for ex in old.exemplars if ex[0] in moved_ids)
        old.exemplars = [ex for ex in old.exemplars if ex[0] not in moved_ids]
        old.events.pop(ev.id, None)
        new.events[ev.id] = None
        ev.story = new.id
        new.last_seq = max(new.last_seq, ev.last_seq)
        for aid in moved_ids:
            a = self.assignments_[aid]
            self.assignments_[aid] = Assignment(a.event, new.id, a.score, a.new_event,
                                                a.new_story, a.flag, a.counted)
        self._touched_ids.add(new.id)
        self._reindex(new, self._story_index)
        if old.n <= 0 or not old.events:
            self.stories_.pop(old.id, None)
            self._story_index.remove(old.id)
            self._story_recency.pop(old.id, None)
        else:
            self._reindex(old, self._story_index)

    def _merge_events(self, story_id: str) -> None:
        p = self.params
        story = self.stories_.get(story_id)
        if story is None:
            return
        merged = True
        while merged:
            merged = False
            # the most recently grown events of the story; pairs need one opened now
            evs = self._story_events(story)
            best_pair: tuple[Cluster, Cluster] | None = None
            best_sim = p["merge_threshold"]
            for i, a in enumerate(evs):
                for b in evs[i + 1:]:
                    if a.id not in self._opened_ids and b.id not in self._opened_ids:
                        continue  # two events reported earlier keep their ids
                    if _time_apart(a, b, p["event_grace_days"]):
                        continue  # a hearing and its verdict a month later: two events
                    ta, tb = a.tnorm(), b.tnorm()
                    if ta == 0 or tb == 0:
                        continue
                    sim = dot(a.terms, b.terms) / (ta * tb)
                    if sim >= best_sim:
                        best_pair, best_sim = (a, b), sim
            if best_pair is not None:
                self._absorb(*best_pair)
                merged = True

    def _fold_fragments(self, story_id: str) -> None:
        """Fold the small events this batch opened in a story into its closest event.

        An event split that rests on vocabulary alone is unreliable when it is carried by
        fewer than ``min_event_articles`` articles: within one story the halves of a single
        event differ as much as two events do (see the clustering notes). Such a fragment,
        opened during this batch, joins the story's event whose centroid fits it best
        (at least ``fold_similarity``) unless time separates them: when both have
        publication dates and the gap between their spans exceeds ``event_grace_days``,
        the fragment is a later (or earlier) event and stays. Only events opened in this
        batch are folded, so ids reported by earlier runs never disappear.
        """
        p = self.params
        story = self.stories_.get(story_id)
        if story is None or int(p["min_event_articles"]) <= 1:
            return
        while True:
            evs = self._story_events(story)
            mature = self._mature_events()
            if not self._fold_at_birth:
                # a fragment that matures now was opened a window ago: a large story may
                # have grown ``story_events`` newer events since, so it is taken from the
                # mature set, not only from the story's most recent events
                seen = {e.id for e in evs}
                evs += [self.events_[e] for e in sorted(mature) if e not in seen
                        and e in self.events_ and self.events_[e].story == story.id]
            if len(evs) < 2:
                return
            small = sorted((e for e in evs
                            if ((self._fold_at_birth and e.id in self._opened_ids)
                                or e.id in mature)
                            and e.n < p["min_event_articles"] and e.n_vec > 0),
                           key=lambda e: (e.n, e.id))
            done = False
            for frag in small:
                f = self._as_features(frag)
                others = [e for e in evs if e.id != frag.id and e.n_vec > 0
                          and not _time_apart(frag, e, p["event_grace_days"])]
                best, score = self._best(f, others, "event")
                if best is not None and score >= p["fold_similarity"]:
                    self._absorb(best, frag)
                    done = True
                    break
            if not done:
                return

    def _mature_events(self) -> set[str]:
        """Events whose every article is in the window (or the batch) and whose first
        article leaves the window with this call: small now, they fold."""
        if not self._leaving:
            return set()
        first: dict[str, str] = {}
        count: dict[str, int] = {}
        for aid in self._order:
            asg = self.assignments_.get(aid)
            if asg is None:
                continue
            first.setdefault(asg.event, aid)
            count[asg.event] = count.get(asg.event, 0) + 1
        return {e for e, aid in first.items() if aid in self._leaving
                and e in self.events_ and self.events_[e].n == count[e]}

    def _absorb(self, keep: Cluster, gone: Cluster) -> None:
        """Merge event ``gone`` into ``keep`` (same story).

        The id that survives is the one reported before (an event older than this batch),
        else the larger event's."""
        p = self.params
        keep_old, gone_old = keep.id not in self._opened_ids, gone.id not in self._opened_ids
        if (gone_old, gone.n) > (keep_old, keep.n):
            keep, gone = gone, keep
        for k, v in gone.terms.items():
            keep.terms[k] = keep.terms.get(k, 0.0) + v
        for k, v in gone.names.items():
            keep.names[k] = keep.names.get(k, 0.0) + v
        if gone.vec is not None:
            keep.vec = gone.vec.copy() if keep.vec is None else keep.vec + gone.vec
            keep.n_emb += gone.n_emb
        keep.n += gone.n
        keep.n_vec += gone.n_vec
        for t in (gone.t_min, gone.t_max):
            if t is not None:
                keep.t_min = t if keep.t_min is None else min(keep.t_min, t)
                keep.t_max = t if keep.t_max is None else max(keep.t_max, t)
        for d, c in gone.days.items():
            keep.days[d] = keep.days.get(d, 0) + c
        for lang, cnt in gone.langs.items():
            keep.langs[lang] = keep.langs.get(lang, 0) + cnt
        keep.last_seq = max(keep.last_seq, gone.last_seq)
        keep.exemplars.extend(gone.exemplars)
        keep._tnorm = keep._nnorm = keep._vnorm = -1.0
        _accumulate(keep.terms, {}, 1.0, p["centroid_terms"])
        keep.exemplars.sort(key=lambda ex: -dot(ex[2], keep.terms) / (keep.tnorm() or 1.0))
        del keep.exemplars[p["exemplars"]:]
        for aid, asg in self.assignments_.items():
            if asg.event == gone.id:
                self.assignments_[aid] = Assignment(keep.id, keep.story, asg.score,
                                                    asg.new_event, asg.new_story, asg.flag,
                                                    asg.counted)
        story = self.stories_.get(gone.story)
        if story is not None:
            story.events.pop(gone.id, None)
        self._drop_event(gone.id)
        self._reindex(keep, self._event_index)

    # ------------------------------------------------------------------ dormancy
    def _drop_event(self, event_id: str) -> None:
        self.events_.pop(event_id, None)
        self._event_index.remove(event_id)
        self._event_recency.pop(event_id, None)

    def _evict(self) -> None:
        """Retire events and stories that stopped growing (time or article windows)."""
        p = self.params
        for recency, pool, index, days, n_art, level in (
            (self._event_recency, self.events_, self._event_index, p["dormant_days"],
             p["dormant_articles"], "event"),
            (self._story_recency, self.stories_, self._story_index, p["story_dormant_days"],
             p["story_dormant_articles"], "story"),
        ):
            while recency:
                cid = next(iter(recency))
                c = pool[cid]
                stale_seq = self.seq_ - c.last_seq > n_art
                stale_time = (self.clock_ is not None and c.t_max is not None
                              and self.clock_ - c.t_max > days)
                if not (stale_seq or stale_time):
                    break
                self._remember(c, level)
                recency.popitem(last=False)
                index.remove(cid)
                del pool[cid]
                if level == "event":
                    self.n_dormant_events_ += 1
                    story = self.stories_.get(c.story)
                    if story is not None:
                        story.events.pop(cid, None)
                else:
                    self.n_dormant_stories_ += 1

    def _remember(self, c: Cluster, level: str) -> None:
        """Keep the summary of a cluster touched by the current call before it leaves."""
        if c.id in self._touched_ids:
            if level == "event":
                self.touched_[c.id] = {"id": c.id, "title": c.title(), "date": c.median_day(),
                                       "story": c.story, "n": c.n}
            else:
                self.touched_[c.id] = {"id": c.id, "title": c.title(), "n": c.n}

