"""Per-article features for streaming clustering.

An article becomes a :class:`Features` record:

- ``terms``: a sparse TF-IDF vector of cheap lemmas (:mod:`recoupe.cluster.lemmas`,
  folding only by default: parameter ``stemming``) of the title (counted twice) and the
  body, sub-linear tf, L2-normalised. Document
  frequencies are *streaming* statistics kept in the clusterer state, so the weights
  improve as the stream goes on and survive a restart;
- ``names``: a sparse vector of entities: the NLP layer's entity ids when the article
  has mentions, otherwise pseudo-entities (capitalised words not opening a sentence);
- ``vec``: an optional multilingual sentence embedding of the title and the lead (the
  first sentences, cut to ``lead_chars``), never the whole text (cost);
- ``time``: the publication time in days since the Unix epoch, or None (then every time
  comparison is neutral).

Sparse vectors are plain ``dict[str, float]``; the helpers below do the arithmetic.
"""

from __future__ import annotations

import heapq
import math
from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime

import numpy as np

from recoupe.cluster.lemmas import lemmas, name_keys
from recoupe.model import Article
from recoupe.reuse.tokens import sentence_spans

SparseVec = dict[str, float]

_EPOCH = datetime(1970, 1, 1)


@dataclass(slots=True)
class Features:
    """What the clusterer knows about one article."""

    id: str
    terms: SparseVec
    names: SparseVec
    time: float | None
    title: str
    vec: np.ndarray | None = None
    flags: list[str] = field(default_factory=list)
    #: ISO language code, None when unknown
    lang: str | None = None
    #: headline-only (fewer words than the clusterer's ``short_words``)
    short: bool = False


def parse_time(published: str | None) -> float | None:
    """Days since the epoch for an ISO date or datetime string; None when absent or bad."""
    if not published:
        return None
    try:
        dt = datetime.fromisoformat(published.replace("Z", "+00:00"))
    except ValueError:
        return None
    if dt.tzinfo is not None:
        dt = dt.astimezone(UTC).replace(tzinfo=None)
    return (dt - _EPOCH).total_seconds() / 86400.0


def day_of(time: float) -> str:
    """ISO day ("YYYY-MM-DD") of a time in days since the epoch."""
    return datetime.fromtimestamp(time * 86400.0, UTC).date().isoformat()


def article_title(article: Article) -> str:
    """The article's title, or its first line when it has none."""
    if article.title:
        return article.title.strip()
    first = article.text.strip().split("\n", 1)[0]
    return first[:200].strip()


def lead_text(article: Article, max_chars: int = 600, max_sentences: int = 3) -> str:
    """Title plus the first sentences of the body, cut to ``max_chars`` characters."""
    title = article_title(article)
    spans = sentence_spans(article.text)
    body = [article.text[s:e] for s, e in spans[:max_sentences + 1]]
    if body and title and body[0].strip() == title:
        body = body[1:]
    text = (title + ". " if title else "") + " ".join(body[:max_sentences])
    return text[:max_chars]


def raw_terms(article: Article, lead_only: bool = False, lead_chars: int = 600,
              stemming: str = "none") -> Counter[str]:
    """Lemma counts of an article: title twice plus the body (or only the lead)."""
    title = article.title or ""
    body = lead_text(article, lead_chars) if lead_only else article.text
    counts = Counter(lemmas(title, article.language, stemming))
    counts.update(counts)  # the title counts twice
    counts.update(lemmas(body, article.language, stemming))
    return counts


def raw_names(article: Article, lead_only: bool = False, lead_chars: int = 600) -> Counter[str]:
    """Entity keys: NLP entity ids ("e:<id>") when mentions exist, else pseudo-entities."""
    if article.mentions:
        limit = lead_chars if lead_only else None
        keys = [f"e:{m.entity or m.text.lower()}" for m in article.mentions
                if limit is None or m.start < limit]
        return Counter(keys)
    text = lead_text(article, lead_chars) if lead_only else (article.title or "") + "\n" + article.text
    return Counter(name_keys(text, article.language))


class DocFreq:
    """Streaming document frequencies and smoothed IDF over lemma and entity keys."""

    __slots__ = ("df", "n")

    def __init__(self, df: dict[str, int] | None = None, n: int = 0) -> None:
        self.df: dict[str, int] = df if df is not None else {}
        self.n = n

    def add(self, keys: Iterable[str]) -> None:
        """Count one document containing ``keys`` (each key once)."""
        df = self.df
        for k in set(keys):
            df[k] = df.get(k, 0) + 1
        self.n += 1

    def idf(self, key: str) -> float:
        """Smoothed IDF: ``ln((1 + N) / (1 + df)) + 1``."""
        return math.log((1.0 + self.n) / (1.0 + self.df.get(key, 0))) + 1.0

    def prune(self, min_df: int = 2) -> int:
        """Drop keys seen fewer than ``min_df`` times (bounds memory); returns how many."""
        rare = [k for k, v in self.df.items() if v < min_df]
        for k in rare:
            del self.df[k]
        return len(rare)


def weigh(counts: Mapping[str, int], df: DocFreq, sublinear: bool = True,
          max_terms: int | None = None) -> SparseVec:
    """TF-IDF weights of ``counts``, optionally kept to the top ``max_terms``, L2-normalised."""
    vec: SparseVec = {}
    for k, c in counts.items():
        tf = 1.0 + math.log(c) if sublinear else float(c)
        vec[k] = tf * df.idf(k)
    if max_terms is not None and len(vec) > max_terms:
        vec = dict(heapq.nlargest(max_terms, vec.items(), key=lambda kv: kv[1]))
    return normalise(vec)


def normalise(vec: SparseVec) -> SparseVec:
    """Scale ``vec`` to unit L2 norm (an empty or zero vector is returned unchanged)."""
    norm = math.sqrt(sum(v * v for v in vec.values()))
    if norm == 0.0:
        return vec
    return {k: v / norm for k, v in vec.items()}


def dot(a: Mapping[str, float], b: Mapping[str, float]) -> float:
    """Dot product of two sparse vectors."""
    if len(a) > len(b):
        a, b = b, a
    get = b.get
    return sum(v * get(k, 0.0) for k, v in a.items())


def norm(vec: Mapping[str, float]) -> float:
    """L2 norm of a sparse vector."""
    return math.sqrt(sum(v * v for v in vec.values()))


def top_keys(vec: Mapping[str, float], n: int) -> list[str]:
    """The ``n`` keys of largest weight."""
    if len(vec) <= n:
        return sorted(vec, key=lambda k: -vec[k])
    return [k for k, _ in heapq.nlargest(n, vec.items(), key=lambda kv: kv[1])]
