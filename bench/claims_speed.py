"""Benchmark: claims stage throughput next to the NLP stage, in the same run.

Runs load → cluster → NLP → reuse → claims over the sample corpus and over rpm2-dev
(200 French articles, 10 stories), timing each stage, and reports claims/s of the claims
stage and its time as a ratio of the NLP stage's time (models loaded before timing).

    .venv/bin/python bench/claims_speed.py [--corpus ../shared/corpus]

Writes bench/results/claims_speed.json. Not a test: timings depend on the machine.
"""

from __future__ import annotations

import argparse
import json
import resource
import time
from pathlib import Path
from typing import Any

from recoupe.claims import build_claims
from recoupe.cluster import cluster_articles
from recoupe.config import Options
from recoupe.embed import get_embedder
from recoupe.nlp import analyze, get_pipeline
from recoupe.pipeline import load_articles
from recoupe.reuse import find_reuse

ROOT = Path(__file__).resolve().parents[1]


def run(name: str, paths: list[str], options: Options) -> dict[str, Any]:
    """Time every stage over ``paths``."""
    t: dict[str, float] = {}
    t0 = time.perf_counter()
    articles, _ = load_articles(paths, options)
    t["load_s"] = time.perf_counter() - t0
    t0 = time.perf_counter()
    cluster_articles(articles, options)
    t["cluster_s"] = time.perf_counter() - t0
    t0 = time.perf_counter()
    res = analyze(articles, options, groups={a.id: a.story or "" for a in articles})
    t["nlp_s"] = time.perf_counter() - t0
    t0 = time.perf_counter()
    pairs = find_reuse(articles, options)
    t["reuse_s"] = time.perf_counter() - t0
    t0 = time.perf_counter()
    claims = build_claims(articles, pairs, res.quotes, options)
    t["claims_s"] = time.perf_counter() - t0
    groups = {c.group for c in claims}
    multi = {g for g in groups if sum(1 for c in claims if c.group == g) > 1}
    return {
        "corpus": name,
        "articles": len(articles),
        "claims": len(claims),
        "groups": len(groups),
        "groups_with_2_or_more_articles": len(multi),
        **{k: round(v, 2) for k, v in t.items()},
        "claims_per_s": round(len(claims) / t["claims_s"], 1) if t["claims_s"] else None,
        "claims_over_nlp_time_ratio": round(t["claims_s"] / t["nlp_s"], 3) if t["nlp_s"] else None,
    }


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--corpus", default=str(ROOT.parent / "shared" / "corpus"))
    args = ap.parse_args()
    options = Options.load(quiet=True)
    # load the models outside the timings
    get_pipeline(options)
    emb = get_embedder(options)
    if emb is not None:
        emb.encode(["préchauffage"])
    results = [run("samples", [str(ROOT / "samples" / "corpus")], options)]
    rpm = Path(args.corpus) / "rpm2-dev" / "documents"
    if rpm.is_dir():
        results.append(run("rpm2-dev", [str(rpm)], options))
    else:
        print(f"note: {rpm} missing, rpm2-dev not measured")
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    out = {"runs": results, "peak_rss_mb": round(peak, 1)}
    dest = ROOT / "bench" / "results"
    dest.mkdir(parents=True, exist_ok=True)
    (dest / "claims_speed.json").write_text(json.dumps(out, indent=1) + "\n", encoding="utf-8")
    print(json.dumps(out, indent=1))


if __name__ == "__main__":
    main()
