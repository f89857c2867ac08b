"""Score cross-document mention pairs by cosine and report AUC / AP / F1 per gold and pooled.

usage: PY score.py MODEL [MODEL ...]    (tfidf is computed here; others read emb/MODEL/*.npy)
Threshold for F1 is chosen on the DEV golds (maximising the mean per-gold F1) and applied
unchanged to the CHECK golds; check golds are reported only as aggregates.
"""
# ruff: noqa: SIM115, E501
from __future__ import annotations

import itertools
import json
import os
import sys

import numpy as np
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.metrics import average_precision_score, roc_auc_score

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from common import all_golds, load_gold  # noqa: E402

HERE = os.path.dirname(os.path.abspath(__file__))


def embeddings(model: str, g: str, ms):
    if model == "tfidf":
        vec = TfidfVectorizer(ngram_range=(1, 2), lowercase=True, strip_accents="unicode")
        X = vec.fit_transform([s for _, _, s in ms])
        return X  # rows are l2-normalised already
    E = np.load(os.path.join(HERE, "emb", model, g.replace("/", "__") + ".npy")).astype(np.float64)
    E /= np.linalg.norm(E, axis=1, keepdims=True) + 1e-12
    return E


def pairs(model: str, g: str, p: str):
    if "+" in model:  # unsupervised fusion: mean of per-gold z-scored cosines of each component
        parts = [pairs(m, g, p) for m in model.split("+")]
        z = [(s - s.mean()) / (s.std() + 1e-12) for _, s, _ in parts]
        return parts[0][0], np.mean(z, axis=0), parts[0][2]
    ms, look = load_gold(p)
    E = embeddings(model, g, ms)
    S = E @ E.T
    S = S.toarray() if hasattr(S, "toarray") else S
    y, s, lk = [], [], []
    for i, j in itertools.combinations(range(len(ms)), 2):
        if ms[i][1] == ms[j][1]:
            continue
        same = ms[i][0] == ms[j][0]
        y.append(int(same))
        s.append(float(S[i, j]))
        lk.append((not same) and frozenset((ms[i][0], ms[j][0])) in look)
    return np.array(y), np.array(s), np.array(lk)


def f1_at(y, s, t):
    pred = s >= t
    tp = int((pred & (y == 1)).sum())
    fp = int((pred & (y == 0)).sum())
    fn = int((~pred & (y == 1)).sum())
    return 2 * tp / (2 * tp + fp + fn) if tp else 0.0


def evaluate(model: str):
    per = {}
    for g, p in all_golds():
        y, s, lk = pairs(model, g, p)
        r = {"n_pos": int(y.sum()), "n_neg": int((y == 0).sum()),
             "auc": roc_auc_score(y, s), "ap": average_precision_score(y, s), "_y": y, "_s": s}
        if lk.any():
            keep = (y == 1) | lk
            r["ap_look"] = average_precision_score(y[keep], s[keep])
            r["n_look"] = int(lk.sum())
        per[g] = r
    dev = [g for g in per if g.startswith("dev/")]
    chk = [g for g in per if g.startswith("check/")]
    grid = np.unique(np.concatenate([per[g]["_s"] for g in dev]))
    grid = grid[:: max(1, len(grid) // 3000)]
    best_t, best_f = None, -1.0
    for t in grid:
        f = np.mean([f1_at(per[g]["_y"], per[g]["_s"], t) for g in dev])
        if f > best_f:
            best_t, best_f = float(t), f
    for g in per:
        per[g]["f1"] = f1_at(per[g]["_y"], per[g]["_s"], best_t)

    def pool(gs, k):
        vals = [per[g][k] for g in gs if k in per[g]]
        return float(np.mean(vals)) if vals else float("nan")

    summary = {"model": model, "threshold": best_t}
    for split, gs in (("dev", dev), ("check", chk)):
        for k in ("auc", "ap", "f1", "ap_look"):
            summary[f"{split}_{k}"] = pool(gs, k)
    perg = {g: {k: (round(v, 4) if isinstance(v, float) else v) for k, v in r.items() if not k.startswith("_")}
            for g, r in per.items() if g.startswith("dev/")}
    return summary, perg


def main(models):
    rows = []
    os.makedirs(os.path.join(HERE, "results"), exist_ok=True)
    for m in models:
        summary, perg = evaluate(m)
        info_p = os.path.join(HERE, "emb", m, "info.json")
        if os.path.exists(info_p):
            summary.update(json.load(open(info_p)))
        json.dump({"summary": summary, "dev_per_gold": perg},
                  open(os.path.join(HERE, "results", f"{m}.json"), "w"), indent=1)
        rows.append(summary)
        print(f"\n## {m}  (threshold from dev = {summary['threshold']:.3f})")
        for g, r in perg.items():
            print(f"  {g:28s} pos={r['n_pos']:4d} neg={r['n_neg']:6d} AUC={r['auc']:.3f} AP={r['ap']:.3f} "
                  f"F1={r['f1']:.3f}" + (f" AP_look={r['ap_look']:.3f}" if 'ap_look' in r else ""))
    print("\n| model | dev AUC | dev AP | dev F1 | dev AP-look | check AUC | check AP | check F1 | check AP-look | thr |")
    print("|---|---|---|---|---|---|---|---|---|---|")
    for r in rows:
        print(f"| {r['model']} | {r['dev_auc']:.3f} | {r['dev_ap']:.3f} | {r['dev_f1']:.3f} | {r['dev_ap_look']:.3f} | "
              f"{r['check_auc']:.3f} | {r['check_ap']:.3f} | {r['check_f1']:.3f} | {r['check_ap_look']:.3f} | {r['threshold']:.3f} |")


if __name__ == "__main__":
    main(sys.argv[1:])
