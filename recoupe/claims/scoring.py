"""Pair features and the learned scorer that turns them into a probability.

Alignment is candidates → features → scorer → decision (:mod:`.align`). This module holds
the middle two:

- :class:`PairFeatures` computes, for a pair of claims of one scope, a few robust
  similarities: the embedding cosine of their cores, the cosine of their word TF-IDF
  vectors (unigrams and bigrams of the claim as written) and of their lemma TF-IDF
  vectors (folded content lemmas). Three signals, chosen because each held its ranking on
  golds it was not chosen on; the many hand-weighted bonuses and penalties of the earlier
  scorer (predicates, rare keys, entities, figures) did not (``eval/train_alignment.py``
  prints the comparison).
- :class:`AlignmentModel` is a logistic regression over those features, with the decision
  thresholds chosen on the development golds, read from ``resources/alignment.json``
  (written by ``python eval/train_alignment.py``; ``claims.model`` names another file).
  Its output is a probability that the two claims state the same fact, calibrated on the
  development golds (``docs/report-format.md`` gives the calibration table measured on
  the held-out ones).

Across languages the TF-IDF features mean nothing; the pair's embedding cosine stands in
for them (a rough rule, not calibrated: no cross-lingual gold exists yet).
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import Any

import numpy as np

from recoupe.claims.extract import ClaimUnit

#: the features, in the model's order
FEATURES = ("embed_cosine", "word_tfidf", "lemma_tfidf")


@dataclass(frozen=True, slots=True)
class AlignmentModel:
    """A logistic scorer over :data:`FEATURES` and its decision thresholds."""

    coef: tuple[float, ...]
    intercept: float
    #: a candidate pair is a link at this probability or more
    link_threshold: float = 0.2
    #: two groups merge only when the mean probability of their cross pairs reaches this
    #: (average linkage: a chain of weak links cannot glue a group together)
    group_threshold: float = 0.2
    #: two claims of one article sit in one group (the fact told twice) at this or more
    #: (the trainer writes the link threshold: the evidence that would link two articles)
    restated_threshold: float = 0.2
    #: a group is ``corroborated`` when its best pair across independent sources reaches
    #: this probability; linked but below it, ``possibly_corroborated``
    confident_threshold: float = 0.6
    features: tuple[str, ...] = FEATURES
    #: provenance: what it was trained on, when, with what figures
    about: dict[str, Any] = field(default_factory=dict)

    def probability(self, x: np.ndarray) -> np.ndarray:
        """P(same fact) for rows of features (shape (n, len(features)))."""
        z = np.asarray(x, dtype=float) @ np.asarray(self.coef) + self.intercept
        return 1.0 / (1.0 + np.exp(-z))

    def to_json(self) -> dict[str, Any]:
        return {"features": list(self.features), "coef": list(self.coef),
                "intercept": self.intercept, "link_threshold": self.link_threshold,
                "group_threshold": self.group_threshold,
                "restated_threshold": self.restated_threshold,
                "confident_threshold": self.confident_threshold, "about": self.about}

    @classmethod
    def from_json(cls, d: dict[str, Any]) -> AlignmentModel:
        feats = tuple(d.get("features", FEATURES))
        if feats != FEATURES:
            raise ValueError(f"[E140] alignment model features {feats} differ from {FEATURES}")
        return cls(coef=tuple(float(c) for c in d["coef"]), intercept=float(d["intercept"]),
                   link_threshold=float(d["link_threshold"]),
                   group_threshold=float(d["group_threshold"]),
                   restated_threshold=float(d["restated_threshold"]),
                   confident_threshold=float(d["confident_threshold"]),
                   features=feats, about=dict(d.get("about", {})))


@lru_cache(maxsize=4)
def load_model(path: str = "") -> AlignmentModel:
    """The packaged model (``path`` empty) or the one in ``path`` (JSON)."""
    if path:
        text = Path(path).read_text(encoding="utf-8")
    else:
        text = resources.files("recoupe.claims.resources").joinpath("alignment.json").read_text(
            encoding="utf-8")
    return AlignmentModel.from_json(json.loads(text))


def model_from_options(p: dict[str, Any]) -> AlignmentModel:
    """The model named by ``claims.model`` with any threshold the settings override."""
    m = load_model(str(p.get("model") or ""))
    over = {k: float(p[k]) for k in ("link_threshold", "group_threshold",
                                     "restated_threshold", "confident_threshold")
            if p.get(k) not in (None, "", -1, -1.0)}
    if not over:
        return m
    d = m.to_json()
    d.update(over)
    return AlignmentModel.from_json(d)


def word_tfidf_matrix(units: list[ClaimUnit]) -> Any:
    """L2-normalised word TF-IDF rows (unigrams + bigrams, sublinear tf) of the claims."""
    from sklearn.feature_extraction.text import TfidfVectorizer

    vec = TfidfVectorizer(ngram_range=(1, 2), sublinear_tf=True, lowercase=True)
    try:
        return vec.fit_transform([u.text for u in units]).tocsr()
    except ValueError:  # no word at all (empty vocabulary)
        from scipy.sparse import csr_matrix

        return csr_matrix((len(units), 1))


def lemma_tfidf_matrix(units: list[ClaimUnit]) -> Any:
    """L2-normalised TF-IDF rows of the claims' content lemmas (sublinear tf), sparse CSR."""
    from sklearn.feature_extraction.text import TfidfVectorizer

    vec = TfidfVectorizer(analyzer=lambda d: d, sublinear_tf=True)
    try:
        return vec.fit_transform([sorted(u.lemmas) for u in units]).tocsr()
    except ValueError:
        from scipy.sparse import csr_matrix

        return csr_matrix((len(units), 1))


def _sparse_dot(m: Any, i: int, j: int) -> float:
    a0, a1 = m.indptr[i], m.indptr[i + 1]
    b0, b1 = m.indptr[j], m.indptr[j + 1]
    if a0 == a1 or b0 == b1:
        return 0.0
    row = dict(zip(m.indices[b0:b1].tolist(), m.data[b0:b1].tolist(), strict=True))
    return float(sum(v * row.get(k, 0.0) for k, v in
                     zip(m.indices[a0:a1].tolist(), m.data[a0:a1].tolist(), strict=True)))


class PairFeatures:
    """The features of pairs of claims of one scope (TF-IDF fitted on that scope)."""

    def __init__(self, units: list[ClaimUnit], vectors: np.ndarray | None) -> None:
        self.units = units
        self.vectors = vectors
        self.words = word_tfidf_matrix(units)
        self.lemmas = lemma_tfidf_matrix(units)

    def __call__(self, i: int, j: int) -> np.ndarray:
        """Features of the pair (i, j) in :data:`FEATURES` order."""
        cos = float(self.vectors[i] @ self.vectors[j]) if self.vectors is not None else None
        a, b = self.units[i], self.units[j]
        if a.language and b.language and a.language != b.language and cos is not None:
            return np.array([cos, cos, cos])
        words = _sparse_dot(self.words, i, j)
        lem = _sparse_dot(self.lemmas, i, j)
        if cos is None:
            # no embedder: the word TF-IDF stands in for the cosine (lexical only)
            cos = words
        return np.array([cos, words, lem])

    def many(self, pairs: list[tuple[int, int]]) -> np.ndarray:
        """Features of many pairs at once (rows in ``pairs`` order), as :meth:`__call__`
        gives them one by one: the sparse rows are multiplied in bulk."""
        if not pairs:
            return np.zeros((0, len(FEATURES)))
        ii = np.fromiter((i for i, _ in pairs), dtype=np.int64, count=len(pairs))
        jj = np.fromiter((j for _, j in pairs), dtype=np.int64, count=len(pairs))
        words = np.asarray(self.words[ii].multiply(self.words[jj]).sum(axis=1),
                           dtype=np.float64).ravel()
        lem = np.asarray(self.lemmas[ii].multiply(self.lemmas[jj]).sum(axis=1),
                         dtype=np.float64).ravel()
        if self.vectors is None:
            cos = words.copy()
        else:
            cos = np.einsum("ij,ij->i", self.vectors[ii], self.vectors[jj]).astype(np.float64)
            cross = np.fromiter(
                (bool(self.units[i].language and self.units[j].language
                      and self.units[i].language != self.units[j].language) for i, j in pairs),
                dtype=bool, count=len(pairs))
            words = np.where(cross, cos, words)
            lem = np.where(cross, cos, lem)
        return np.column_stack([cos, words, lem])

