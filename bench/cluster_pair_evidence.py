"""How much do pairs of articles say about events? Measures on RPM2 dev (gold stories).

Question behind it (issue 4): inside one story, can pair evidence tell the two events
(time slices) apart better than the streaming clusterer's centroids do? For every pair of
articles of one gold story the script computes the clusterer's own features (lemma TF-IDF
cosine, entity cosine, lead-embedding cosine) and the reuse evidence (word 5-grams shared
by the two and found in at most 2 documents), then reports:

1. ROC AUC of each feature for "same event" among same-story pairs, per half;
2. for "shares at least k rare 5-grams": how many pairs, the share that is same-event,
   cross-story pairs, and the purity / B-cubed of the must-link components;
3. a logistic-regression pair scorer trained on the tune half only: its AUC on the check
   half, and the B-cubed of a 2-way spectral split of each gold story with its scores
   (leave-one-story-out within the tune half; trained on tune for the check half);
4. the normalised cut of the best spectral bisection of each gold story (two events)
   next to that of each gold event alone (one event): if a split criterion could detect
   two events, the first would be clearly lower;
5. story-local term weighting (only the lemmas found in at least 2 and at most half of
   the story's documents, so the words the whole story shares drop out): its pair AUC,
   and average-linkage clustering of each gold story at the distance threshold that is
   best on the tune half, then applied to the check half.

Everything is given the gold stories and the true number of events (2), so the split
figures are optimistic ceilings for a clusterer that must find both. Run::

    .venv/bin/python bench/cluster_pair_evidence.py     # about 20 s
"""

from __future__ import annotations

import itertools
import statistics
import sys
from collections import Counter
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from recoupe.cluster.features import DocFreq, dot, lead_text, raw_names, raw_terms, weigh  # noqa: E402
from recoupe.embed import get_embedder  # noqa: E402
from recoupe.evaluate.cluster import bcubed, load_rpm2  # noqa: E402
from recoupe.evaluate.common import corpus_root  # noqa: E402
from recoupe.reuse.minhash import connected_components  # noqa: E402
from recoupe.reuse.tokens import word_grams, words  # noqa: E402

TUNE = {f"T{i:02d}" for i in range(1, 6)}
FEATURES = ("lexical", "entities", "embedding", "rare_grams")


def _auc(labels: np.ndarray, scores: np.ndarray) -> float:
    from sklearn.metrics import roc_auc_score

    return float(roc_auc_score(labels, scores))


def _ncut_bisection(aff: np.ndarray) -> tuple[float, np.ndarray]:
    """Best normalised cut along the Fiedler vector of ``aff`` (and the side mask)."""
    m = np.maximum(aff.copy(), 1e-6)
    np.fill_diagonal(m, 0.0)
    deg = m.sum(1)
    dm = np.diag(1.0 / np.sqrt(deg))
    _, vecs = np.linalg.eigh(np.eye(len(m)) - dm @ m @ dm)
    order = np.argsort(dm @ vecs[:, 1])
    best, mask = 9.0, np.zeros(len(m), bool)
    for k in range(2, len(m) - 1):
        side = np.zeros(len(m), bool)
        side[order[:k]] = True
        cut = m[side][:, ~side].sum()
        nc = cut / m[side].sum() + cut / m[~side].sum()
        if nc < best:
            best, mask = nc, side
    return best, mask


def main() -> int:
    corpus = corpus_root(ROOT / "eval" / "gold" / "cluster") / "rpm2-dev"
    if not corpus.is_dir():
        print(f"corpus missing: {corpus}")
        return 0
    arts, gold = load_rpm2(corpus)
    arts.sort(key=lambda a: gold[a.id][1])
    n = len(arts)
    story = [gold[a.id][0] for a in arts]
    event = [gold[a.id][1] for a in arts]
    df = DocFreq()
    counts = [(raw_terms(a), raw_names(a)) for a in arts]
    for t, nm in counts:
        df.add(list(t) + list(nm))
    terms = [weigh(t, df, max_terms=150) for t, _ in counts]
    names = [weigh(nm, df, max_terms=50) for _, nm in counts]
    grams = [word_grams(words(a.text), 5) for a in arts]
    gdf = Counter(g for s in grams for g in s)
    rare = [{g for g in s if gdf[g] <= 2} for s in grams]
    embedder = get_embedder(None)
    emb = (np.asarray(embedder.encode([lead_text(a, 600) for a in arts]))
           if embedder is not None else np.zeros((n, 1)))

    pairs, feats, same = [], [], []
    for i, j in itertools.combinations(range(n), 2):
        shared = len(rare[i] & rare[j])
        if story[i] != story[j]:
            continue
        pairs.append((i, j))
        feats.append([dot(terms[i], terms[j]), dot(names[i], names[j]),
                      float(emb[i] @ emb[j]), float(np.log1p(shared))])
        same.append(event[i] == event[j])
    x, y = np.array(feats), np.array(same)
    tune = np.array([story[i] in TUNE for i, _ in pairs])

    print(f"{n} documents, {len(pairs)} same-story pairs, {y.mean():.3f} same-event")
    print("\n1. ROC AUC for same event among same-story pairs (tune / check)")
    for k, name in enumerate(FEATURES):
        print(f"   {name:10s} {_auc(y[tune], x[tune, k]):.3f} / {_auc(y[~tune], x[~tune, k]):.3f}")

    print("\n2. pairs sharing >= k rare 5-grams (df <= 2)")
    for k in (1, 3, 5, 10, 20):
        edges = [(i, j) for i, j in itertools.combinations(range(n), 2)
                 if len(rare[i] & rare[j]) >= k]
        cross = sum(1 for i, j in edges if story[i] != story[j])
        within = [event[i] == event[j] for i, j in edges if story[i] == story[j]]
        comps = connected_components((str(i), str(j)) for i, j in edges)
        covered = sum(len(c) for c in comps)
        pure = sum(max(Counter(event[int(v)] for v in c).values()) for c in comps)
        label = {int(v): f"c{ci}" for ci, c in enumerate(comps) for v in c}
        p, r, f = bcubed([label.get(i, f"s{i}") for i in range(n)], event)
        print(f"   k={k:2d}: {len(within):4d} same-story pairs, same-event share "
              f"{statistics.fmean(within) if within else 0:.3f}, cross-story {cross}; "
              f"components cover {covered} docs, purity {pure / max(covered, 1):.3f}, "
              f"B-cubed P {p:.3f} R {r:.3f}")

    from sklearn.linear_model import LogisticRegression

    print("\n3. learned pair scorer (logistic regression on the four features)")
    model = LogisticRegression(max_iter=1000).fit(x[tune], y[tune])
    print(f"   trained on tune: AUC tune (in-sample) "
          f"{_auc(y[tune], model.decision_function(x[tune])):.3f}, check "
          f"{_auc(y[~tune], model.decision_function(x[~tune])):.3f}")

    def split(stories: list[str], scorer_for: dict[str, LogisticRegression]) -> float:
        pred, gl = [], []
        for s in stories:
            idx = [i for i in range(n) if story[i] == s]
            pos = {i: k for k, i in enumerate(idx)}
            aff = np.eye(len(idx))
            rows = [k for k, (i, _) in enumerate(pairs) if story[i] == s]
            prob = scorer_for[s].predict_proba(x[rows])[:, 1]
            for k, pr in zip(rows, prob, strict=True):
                i, j = pairs[k]
                aff[pos[i], pos[j]] = aff[pos[j], pos[i]] = pr
            _, side = _ncut_bisection(aff)
            pred += [f"{s}-{int(v)}" for v in side]
            gl += [event[i] for i in idx]
        return bcubed(pred, gl)[2]

    tune_stories = sorted(TUNE & set(story))
    check_stories = sorted(set(story) - TUNE)
    loso = {s: LogisticRegression(max_iter=1000).fit(
        x[tune & np.array([story[i] != s for i, _ in pairs])],
        y[tune & np.array([story[i] != s for i, _ in pairs])]) for s in tune_stories}
    print(f"   2-way split of each gold story on the scores, event B-cubed F1: tune "
          f"(leave-one-story-out) {split(tune_stories, loso):.3f}, check "
          f"{split(check_stories, dict.fromkeys(check_stories, model)):.3f} "
          f"(one event per story: 0.667)")

    print("\n4. normalised cut of the best bisection (lexical + entities + embedding)")
    aff_all = np.zeros((n, n))
    for (i, j), f in zip(pairs, feats, strict=True):
        aff_all[i, j] = aff_all[j, i] = f[0] + f[1] + max(0.0, (f[2] - 0.25) / 0.75)
    two = [_ncut_bisection(aff_all[np.ix_(ix, ix)])[0]
           for s in sorted(set(story)) for ix in [[i for i in range(n) if story[i] == s]]]
    one = [_ncut_bisection(aff_all[np.ix_(ix, ix)])[0]
           for e in sorted(set(event)) for ix in [[i for i in range(n) if event[i] == e]]]
    print(f"   gold stories (2 events): {' '.join(f'{v:.2f}' for v in sorted(two))}")
    print(f"   gold events  (1 event):  {' '.join(f'{v:.2f}' for v in sorted(one))}")

    print("\n5. story-local term weighting (lemmas in 2..n/2 of the story's documents)")
    local = {s: _story_local([i for i in range(n) if story[i] == s], counts, df)
             for s in sorted(set(story))}
    loc = np.array([dot(local[story[i]][i], local[story[i]][j]) for i, j in pairs])
    print(f"   pair AUC tune {_auc(y[tune], loc[tune]):.3f} / check "
          f"{_auc(y[~tune], loc[~tune]):.3f}")
    from sklearn.cluster import AgglomerativeClustering

    def agglo(stories: list[str], threshold: float) -> float:
        pred, gl = [], []
        for s in stories:
            idx = [i for i in range(n) if story[i] == s]
            dist = np.array([[1.0 - dot(local[s][a], local[s][b]) for b in idx] for a in idx])
            labels = AgglomerativeClustering(None, metric="precomputed", linkage="average",
                                             distance_threshold=threshold).fit_predict(dist)
            pred += [f"{s}-{v}" for v in labels]
            gl += [event[i] for i in idx]
        return bcubed(pred, gl)[2]

    grid = [0.8, 0.85, 0.9, 0.93, 0.95]
    scores = {t: agglo(tune_stories, t) for t in grid}
    best = max(grid, key=lambda t: scores[t])
    print("   average linkage, tune: " + ", ".join(f"{t}: {v:.3f}" for t, v in scores.items()))
    print(f"   best on tune {best}: check {agglo(check_stories, best):.3f}")
    return 0


def _story_local(idx: list[int], counts: list[tuple[Counter[str], Counter[str]]],
                 df: DocFreq) -> dict[int, dict[str, float]]:
    """Unit TF-IDF vectors of ``idx`` keeping the lemmas in 2..len/2 of these documents."""
    sdf = Counter(k for i in idx for k in counts[i][0])
    out: dict[int, dict[str, float]] = {}
    for i in idx:
        vec = {k: (1.0 + np.log(c)) * df.idf(k) for k, c in counts[i][0].items()
               if 2 <= sdf[k] <= len(idx) / 2}
        size = float(np.sqrt(sum(v * v for v in vec.values()))) or 1.0
        out[i] = {k: v / size for k, v in vec.items()}
    return out


if __name__ == "__main__":
    raise SystemExit(main())
