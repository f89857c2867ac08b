"""Events on a dated English headline stream (UCI), next to single-pass and agglomerative.

Usage::

    .venv/bin/python bench/uci_baselines.py [--n 6000] [--tune-at 100000] [--check-at 300000]
        [-c SETTINGS.toml] [--tune-only]

Issue 13 asks that on UCI (English headlines, the aggregator's STORY ids, time order)
recoupe's event B³ be reported against single-pass and agglomerative baselines. Two
disjoint windows of ``--n`` consecutive headlines (in timestamp order) are taken: the
baselines' thresholds are chosen on the *tune* window, and every method is scored on the
*check* window, in the same run:

- recoupe: the streaming clusterer with the default settings (the sentence embedding
  included, as ``recoupe ingest`` runs it), fed in batches of 100 in time order; its
  events and its stories are each scored against STORY;
- single-pass: each headline joins the most similar earlier cluster (cosine of TF-IDF
  vectors to the cluster's centroid) at the threshold or more, else opens one;
- agglomerative: average-linkage clustering of the TF-IDF vectors cut at the threshold.

UCI timestamps are crawl times: a story's headlines arrive nearly together, which makes
time order easy for every method (``bench/cluster_uci.py`` says more). Writes
``bench/results/uci_baselines.json``. Not a test.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path
from typing import Any

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

from cluster_uci import DATA, _scores, load, to_article  # noqa: E402

from recoupe.config import Options  # noqa: E402

Row = tuple[int, int, str, str]


def tfidf(rows: list[Row]) -> Any:
    from sklearn.feature_extraction.text import TfidfVectorizer

    return TfidfVectorizer(sublinear_tf=True, max_df=0.5).fit_transform([r[2] for r in rows]).tocsr()


def single_pass(rows: list[Row], threshold: float) -> list[str]:
    """Centroid single-pass over sparse TF-IDF rows (dense centroid matrix, grown)."""
    x = tfidf(rows)
    dim = x.shape[1]
    cents = np.zeros((64, dim), dtype=np.float32)
    norms = np.zeros(64, dtype=np.float32)
    n = 0
    out: list[str] = []
    for i in range(x.shape[0]):
        row = x.getrow(i)
        best = -1
        if n:
            sims = (cents[:n][:, row.indices] @ row.data) / np.maximum(norms[:n], 1e-9)
            k = int(np.argmax(sims))
            if sims[k] >= threshold:
                best = k
        if best < 0:
            if n == len(cents):
                cents = np.vstack([cents, np.zeros_like(cents)])
                norms = np.concatenate([norms, np.zeros_like(norms)])
            best, n = n, n + 1
        cents[best, row.indices] += row.data
        norms[best] = float(np.linalg.norm(cents[best]))
        out.append(f"sp{best}")
    return out


def agglomerative(rows: list[Row], threshold: float) -> list[str]:
    from sklearn.cluster import AgglomerativeClustering

    x = tfidf(rows).toarray()
    labels = AgglomerativeClustering(n_clusters=None, metric="cosine", linkage="average",
                                     distance_threshold=threshold).fit_predict(x)
    return [f"ag{k}" for k in labels]


def recoupe_stream(rows: list[Row], options: Options) -> tuple[list[str], list[str]]:
    from recoupe.cluster import params_from
    from recoupe.cluster.stream import StreamClusterer
    from recoupe.embed import get_embedder

    emb = get_embedder(options) if options.get("cluster.use_embeddings", True) else None
    clusterer = StreamClusterer(embedder=emb, **params_from(options))
    events: list[str] = []
    stories: list[str] = []
    position: dict[str, int] = {}
    for i in range(0, len(rows), 100):
        arts = [to_article(r) for r in rows[i:i + 100]]
        clusterer.partial_fit(arts)
        for a in arts:
            position[a.id] = len(events)
            events.append(a.event or "")
            stories.append(a.story or "")
        for aid, asg in clusterer.moved_.items():  # the settling window re-placed them
            if aid in position:
                events[position[aid]], stories[position[aid]] = asg.event, asg.story
    return events, stories


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--n", type=int, default=6000)
    ap.add_argument("--tune-at", type=int, default=100_000)
    ap.add_argument("--check-at", type=int, default=300_000)
    ap.add_argument("--config", "-c", default=None, help="TOML settings overriding the defaults")
    ap.add_argument("--tune-only", action="store_true",
                    help="score recoupe on the tune window only (to choose a setting)")
    args = ap.parse_args()
    if not DATA.is_file():
        print(f"the shared corpus is missing ({DATA}): nothing to measure")
        return 1
    rows = load()
    tune = rows[args.tune_at:args.tune_at + args.n]
    check = rows[args.check_at:args.check_at + args.n]
    gold_t, gold_c = [r[3] for r in tune], [r[3] for r in check]
    out: dict[str, Any] = {"n": args.n, "tune_at": args.tune_at, "check_at": args.check_at,
                           "stories_gold_check": len(set(gold_c))}
    if args.tune_only:
        options = Options.load(args.config, quiet=True)
        events, stories = recoupe_stream(tune, options)
        tune_scores = {"event_vs_STORY": _scores(events, gold_t), "story_vs_STORY": _scores(stories, gold_t)}
        print(f"tune window: recoupe events {tune_scores['event_vs_STORY']['bcubed_f1']:.3f}"
              f"   stories {tune_scores['story_vs_STORY']['bcubed_f1']:.3f}")
        return 0
    chosen: dict[str, float] = {}
    for name, fn, grid in (("single_pass", single_pass, (0.05, 0.1, 0.15, 0.2, 0.3, 0.4)),
                           ("agglomerative", agglomerative, (0.7, 0.8, 0.85, 0.9, 0.95, 0.98))):
        scores = {t: _scores(fn(tune, t), gold_t)["bcubed_f1"] for t in grid}
        chosen[name] = max(scores, key=lambda t: (scores[t], -t))
        out[f"{name}_tune"] = {str(t): s for t, s in scores.items()}
        print(f"{name}: tune B3 F1 by threshold {scores} -> {chosen[name]}")
    options = Options.load(args.config, quiet=True)
    for label, part, gold in (("tune", tune, gold_t), ("check", check, gold_c)):
        t = time.perf_counter()
        events, stories = recoupe_stream(part, options)
        out[f"recoupe_{label}"] = {"event_vs_STORY": _scores(events, gold),
                                   "story_vs_STORY": _scores(stories, gold),
                                   "events": len(set(events)), "stories": len(set(stories)),
                                   "seconds": round(time.perf_counter() - t, 1)}
    for name, fn in (("single_pass", single_pass), ("agglomerative", agglomerative)):
        out[f"{name}_check"] = {"threshold": chosen[name], **_scores(fn(check, chosen[name]), gold_c)}
    rc = out["recoupe_check"]
    print(f"check window ({args.n} headlines from #{args.check_at}, {len(set(gold_c))} STORY ids), B3 F1:")
    print(f"  recoupe events  {rc['event_vs_STORY']['bcubed_f1']:.3f}   stories {rc['story_vs_STORY']['bcubed_f1']:.3f}"
          f"   (tune: events {out['recoupe_tune']['event_vs_STORY']['bcubed_f1']:.3f})")
    for name in ("single_pass", "agglomerative"):
        print(f"  {name:14s}  {out[name + '_check']['bcubed_f1']:.3f}  (threshold {chosen[name]})")
    best = max(out["single_pass_check"]["bcubed_f1"], out["agglomerative_check"]["bcubed_f1"])
    out["baseline_wins"] = best > rc["event_vs_STORY"]["bcubed_f1"]
    print("  a baseline wins" if out["baseline_wins"] else "  recoupe's events beat both baselines")
    res = ROOT / "bench" / "results"
    res.mkdir(parents=True, exist_ok=True)
    (res / "uci_baselines.json").write_text(json.dumps(out, indent=1) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
