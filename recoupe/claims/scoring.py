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

Across languages the TF-IDF features mean nothing. A pair of claims in two languages is
scored by a second logistic model over the embedding cosine alone (``cross_coef``,
``cross_intercept``), fitted on the same development pairs (what the cosine alone says
within one language), read at the cosine plus ``cross_shift`` (0.10: how much lower the
multilingual encoder scores a fact told in two languages, measured on the sample corpus's
English and French tellings). ``eval/gold/claims-xl`` measures it (French, Spanish and
Italian pages of two events, annotated blind). (Before, the cosine stood in for the two TF-IDF features in the
three-feature model, which turned a cosine of 0.6 into a probability of 0.98: a Spanish
quote joined a French group of other facts.)
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
#: the cross-language model (embedding cosine only) fitted on the development pairs by
#: ``eval/train_alignment.py`` (2026-12-07), read at the cosine plus ``CROSS_SHIFT``: the
#: multilingual encoder gives a fact told in two languages a lower cosine than the same
#: fact told twice in one (median cosine of same-fact pairs 0.52 across French and English
#: against 0.62 within French, on the sample corpus; unrelated pairs 0.15 against 0.13).
#: P = 0.24 at a cross-language cosine of 0.5, 0.68 at 0.7
CROSS_COEF, CROSS_INTERCEPT, CROSS_SHIFT = 9.6965, -6.9834, 0.10


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
    #: the embedding-cosine-only model that scores pairs of claims in two languages
    cross_coef: float = CROSS_COEF
    cross_intercept: float = CROSS_INTERCEPT
    cross_shift: float = CROSS_SHIFT

    def probability(self, x: np.ndarray, cross: np.ndarray | None = None) -> np.ndarray:
        """P(same fact) for rows of features (shape (n, len(features))); rows where
        ``cross`` is true (claims in two languages) read the embedding cosine only."""
        x = np.asarray(x, dtype=float)
        z = x @ np.asarray(self.coef) + self.intercept
        if cross is not None and len(z):
            z = np.where(cross, (x[:, 0] + self.cross_shift) * self.cross_coef
                         + self.cross_intercept, z)
        return 1.0 / (1.0 + np.exp(-z))

    def to_json(self) -> dict[str, Any]:
        return {"features": list(self.features), "coef": list(self.coef),
                "intercept": self.intercept, "link_threshold": self.link_threshold,
                "group_threshold": self.group_threshold,
                "restated_threshold": self.restated_threshold,
                "confident_threshold": self.confident_threshold,
                "cross_coef": self.cross_coef, "cross_intercept": self.cross_intercept,
                "cross_shift": self.cross_shift,
                "about": self.about}

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
                   features=feats, about=dict(d.get("about", {})),
                   cross_coef=float(d.get("cross_coef", CROSS_COEF)),
                   cross_intercept=float(d.get("cross_intercept", CROSS_INTERCEPT)),
                   cross_shift=float(d.get("cross_shift", CROSS_SHIFT)))


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

    def cross(self, i: int, j: int) -> bool:
        """Whether the two claims are in two languages and can be compared (embedding
        present): the pair is then scored by the model's cross-language part."""
        a, b = self.units[i], self.units[j]
        return bool(self.vectors is not None and a.language and b.language
                    and a.language != b.language)

    def cross_mask(self, pairs: list[tuple[int, int]]) -> np.ndarray:
        return np.fromiter((self.cross(i, j) for i, j in pairs), dtype=bool, count=len(pairs))

    def __call__(self, i: int, j: int) -> np.ndarray:
        """Features of the pair (i, j) in :data:`FEATURES` order (for claims in two
        languages, the embedding cosine three times: only the first is read)."""
        cos = float(self.vectors[i] @ self.vectors[j]) if self.vectors is not None else None
        if self.cross(i, j) and cos is not None:
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
            cross = self.cross_mask(pairs)
            words = np.where(cross, cos, words)
            lem = np.where(cross, cos, lem)
        return np.column_stack([cos, words, lem])

