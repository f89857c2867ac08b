"""Fit the claim-alignment scorer on the development claim golds and write its model file.

    python eval/train_alignment.py [--out recoupe/claims/resources/alignment.json]
                                   [--gold eval/gold/claims] [--check eval/gold/claims-check]

1. Runs the pipeline (load, cluster, NLP, reuse) on each development gold of
   ``eval/gold/claims`` and maps its mentions to claims, as ``recoupe eval claims`` does.
2. Labels every pair of mapped claims of different articles: same fact or not (a claim
   holding several facts matches any of them).
3. Fits a logistic regression over :data:`recoupe.claims.scoring.FEATURES` (each gold
   weighs the same), and prints the ranking (ROC AUC, average precision) of each feature
   and of the model per gold, so that a feature is kept only when it ranks on every gold.
   A second regression over the embedding cosine alone scores pairs of claims in two
   languages (``cross_coef``, ``cross_intercept``).
4. Chooses ``link_threshold`` and ``group_threshold`` by the mean mention-pair F1 of the
   grouping over the development golds, and ``confident_threshold`` as the lowest
   probability from which pairs are right 85 % of the time on them.
   ``restated_threshold`` is not chosen: it is the link threshold (two claims of one
   article share a group on the evidence that would link them across two articles; the
   development golds hold 38 such same-article pairs, too few to choose a value of its own).
5. With ``--check``, prints the figures on the check golds (never used to choose), and the
   calibration table there: read it, do not tune on it.

Needs ``../shared/corpus`` (the RPM2 golds); without it, says so and stops.
"""

from __future__ import annotations

import argparse
import datetime as dt
import itertools
import json
import sys
from pathlib import Path
from typing import Any

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from recoupe.claims import _source_keys, claim_params, claim_units  # noqa: E402
from recoupe.claims.align import group_claims  # noqa: E402
from recoupe.claims.scoring import FEATURES, AlignmentModel, PairFeatures  # noqa: E402
from recoupe.config import Options  # noqa: E402
from recoupe.evaluate.claims import _find_article, _in_raw_file, read_gold  # noqa: E402

PRECISION_FOR_CONFIDENT = 0.85


def prepare(gold_path: Path, options: Options) -> dict[str, Any] | None:
    """Units, vectors and mapped mentions of one gold (None when its files are missing)."""
    from recoupe.cluster import cluster_articles
    from recoupe.embed import get_embedder
    from recoupe.nlp import analyze
    from recoupe.pipeline import load_articles
    from recoupe.reuse import find_reuse

    gold, path_of, files = read_gold(gold_path)
    if any(not Path(f).is_file() for f in files):
        return None
    articles, _ = load_articles(files, options)
    cluster_articles(articles, options)
    res = analyze(articles, options, groups={a.id: a.story or "" for a in articles})
    reuse = find_reuse(articles, options)
    units = claim_units(articles, res.quotes, options)
    emb = get_embedder(options)
    vectors = emb.encode([u.core for u in units]) if emb is not None else None
    mentions: list[tuple[str, str, int | None]] = []
    for f in gold["facts"]:
        for doc, snippet in f["mentions"]:
            found = _find_article(articles, path_of(doc), snippet)
            if found is None:
                if not _in_raw_file(path_of(doc), snippet):
                    raise ValueError(f"snippet not found in {doc}: {snippet!r}")
                mentions.append((f["id"], "lost:" + doc, None))
                continue
            art, pos = found
            idx = next((i for i, u in enumerate(units) if u.article == art.id and (
                u.start <= pos < u.end or pos <= u.start < pos + len(snippet))), None)
            mentions.append((f["id"], art.id, idx))
    one = bool(gold.get("outlet_one_source", False))
    return {"name": gold.get("name", gold_path.stem), "units": units, "vectors": vectors,
            "mentions": mentions, "source_key": _source_keys(articles, reuse, one)}


def labelled_pairs(g: dict[str, Any]) -> dict[tuple[int, int], bool]:
    """(i, j) of mapped claims of different articles -> whether they share a fact."""
    facts: dict[int, set[str]] = {}
    for fid, _, idx in g["mentions"]:
        if idx is not None:
            facts.setdefault(idx, set()).add(fid)
    units = g["units"]
    out: dict[tuple[int, int], bool] = {}
    for i, j in itertools.combinations(sorted(facts), 2):
        if units[i].article != units[j].article:
            out[(i, j)] = bool(facts[i] & facts[j])
    return out


def mention_f1(g: dict[str, Any], groups: list[list[int]]) -> tuple[float, float, float]:
    """Mention-pair precision, recall, F1 (the metric of ``recoupe eval claims``)."""
    group_of = {k: n for n, grp in enumerate(groups) for k in grp}
    tp = fp = fn = 0
    ms = g["mentions"]
    for x, y in itertools.combinations(range(len(ms)), 2):
        fa, aa, ia = ms[x]
        fb, ab, ib = ms[y]
        if aa == ab:
            continue
        same = fa == fb
        pred = ia is not None and ib is not None and group_of[ia] == group_of[ib]
        tp += same and pred
        fp += pred and not same
        fn += same and not pred
    p = tp / (tp + fp) if tp + fp else 0.0
    r = tp / (tp + fn) if tp + fn else 0.0
    return p, r, 2 * p * r / (p + r) if p + r else 0.0


def _auc(y: np.ndarray, s: np.ndarray) -> tuple[float, float]:
    from sklearn.metrics import average_precision_score, roc_auc_score

    if y.all() or not y.any():
        return float("nan"), float("nan")
    return float(roc_auc_score(y, s)), float(average_precision_score(y, s))


def features_of(g: dict[str, Any]) -> tuple[np.ndarray, np.ndarray]:
    lab = labelled_pairs(g)
    pf = PairFeatures(g["units"], g["vectors"])
    keys = sorted(lab)
    x = np.array([pf(i, j) for i, j in keys]) if keys else np.zeros((0, len(FEATURES)))
    return x, np.array([lab[k] for k in keys], dtype=bool)


def grouping_figures(golds: list[dict[str, Any]], model: AlignmentModel, p: dict[str, Any]
                     ) -> list[tuple[float, float, float]]:
    out = []
    for g in golds:
        groups = group_claims(g["units"], g["vectors"], p, model).groups
        out.append(mention_f1(g, groups))
    return out


def calibration(golds: list[dict[str, Any]], model: AlignmentModel) -> list[dict[str, Any]]:
    probs, ys = [], []
    for g in golds:
        x, y = features_of(g)
        if len(y):
            probs.append(model.probability(x))
            ys.append(y)
    pr, yy = np.concatenate(probs), np.concatenate(ys)
    rows = []
    for lo, hi in [(0.1, 0.2), (0.2, 0.3), (0.3, 0.4), (0.4, 0.5), (0.5, 0.6), (0.6, 0.7),
                   (0.7, 0.8), (0.8, 0.9), (0.9, 1.01)]:
        m = (pr >= lo) & (pr < hi)
        rows.append({"p": f"{lo:.1f}-{min(hi, 1.0):.1f}", "pairs": int(m.sum()),
                     "same_fact": round(float(yy[m].mean()), 3) if m.any() else None})
    return rows


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--gold", default=str(ROOT / "eval/gold/claims"))
    ap.add_argument("--check", default=None)
    ap.add_argument("--out", default=str(ROOT / "recoupe/claims/resources/alignment.json"))
    args = ap.parse_args()
    from sklearn.linear_model import LogisticRegression

    options = Options.load(quiet=True)
    dev = [g for gp in sorted(Path(args.gold).glob("*.json")) if (g := prepare(gp, options))]
    if not dev:
        print("the shared corpus is missing (../shared/corpus): nothing to train on")
        return 1
    xs, ys, ws = [], [], []
    for g in dev:
        x, y = features_of(g)
        g["x"], g["y"] = x, y
        print(f"{g['name']}: {int(y.sum())} same-fact pairs, {int((~y).sum())} others")
        for k, name in enumerate(FEATURES):
            auc, apr = _auc(y, x[:, k])
            print(f"   {name:13s} AUC {auc:.3f}  AP {apr:.3f}")
        xs.append(x)
        ys.append(y)
        ws.append(np.full(len(y), 1.0 / max(1, len(y))))
    w = np.concatenate(ws)
    lr = LogisticRegression(C=1.0, max_iter=2000).fit(np.vstack(xs), np.concatenate(ys),
                                                      sample_weight=w * len(w) / w.sum())
    # pairs of claims in two languages are scored on the embedding cosine alone: the same
    # pairs, that one feature (no cross-lingual gold exists)
    cross = LogisticRegression(C=1.0, max_iter=2000).fit(
        np.vstack(xs)[:, :1], np.concatenate(ys), sample_weight=w * len(w) / w.sum())
    base = AlignmentModel(coef=tuple(round(float(c), 4) for c in lr.coef_[0]),
                          intercept=round(float(lr.intercept_[0]), 4),
                          cross_coef=round(float(cross.coef_[0][0]), 4),
                          cross_intercept=round(float(cross.intercept_[0]), 4))
    p = claim_params(options)
    best: tuple[float, float, float] | None = None
    for tl in (0.15, 0.2, 0.25, 0.3, 0.4, 0.5):
        for tm in (0.1, 0.15, 0.2, 0.3):
            if tm > tl:
                continue
            m = AlignmentModel.from_json({**base.to_json(), "link_threshold": tl,
                                          "group_threshold": tm})
            f1 = float(np.mean([f for *_, f in grouping_figures(dev, m, p)]))
            if best is None or f1 > best[0] + 1e-9:
                best = (f1, tl, tm)
    assert best is not None
    # confident: the lowest probability from which development pairs are right 85 %
    pr = np.concatenate([base.probability(g["x"]) for g in dev])
    yy = np.concatenate([g["y"] for g in dev])
    confident = 0.9
    for t in np.arange(0.3, 0.95, 0.05):
        sel = pr >= t
        if sel.any() and yy[sel].mean() >= PRECISION_FOR_CONFIDENT:
            confident = round(float(t), 2)
            break
    model = AlignmentModel.from_json({**base.to_json(), "link_threshold": best[1],
                                      "group_threshold": best[2],
                                      "restated_threshold": best[1],
                                      "confident_threshold": confident})
    dev_fig = grouping_figures(dev, model, p)
    about: dict[str, Any] = {
        "trained": dt.date.today().isoformat(),
        "command": "python eval/train_alignment.py",
        "trained_on": [g["name"] for g in dev],
        "pairs": int(len(yy)), "same_fact_pairs": int(yy.sum()),
        "dev_mention_pair_prf": {g["name"]: [round(v, 3) for v in f] for g, f in zip(dev, dev_fig, strict=True)},
        "dev_calibration": calibration(dev, model),
        "confident_rule": f"lowest probability from which development pairs are right {PRECISION_FOR_CONFIDENT:.0%}",
    }
    model = AlignmentModel.from_json({**model.to_json(), "about": about})
    print(json.dumps(model.to_json(), indent=1, ensure_ascii=False))
    Path(args.out).write_text(json.dumps(model.to_json(), indent=1, ensure_ascii=False) + "\n",
                              encoding="utf-8")
    if args.check:
        check = [g for gp in sorted(Path(args.check).glob("*.json")) if (g := prepare(gp, options))]
        for g, f in zip(check, grouping_figures(check, model, p), strict=True):
            print(f"check {g['name']}: mention pairs P/R/F1 {f[0]:.3f}/{f[1]:.3f}/{f[2]:.3f}")
        print("check calibration:", json.dumps(calibration(check, model)))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
