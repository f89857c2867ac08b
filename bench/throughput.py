"""Throughput of the whole analysis next to the bare spaCy NER + senter pass (issue 12).

Usage::

    .venv/bin/python bench/throughput.py [--docs 200] [--dask] [--corpus ../shared/corpus]

Reads the first ``--docs`` rpm2-dev documents and, in the same run, on the same texts:

1. the bare pass: ``nlp.pipe`` of the fast pipeline (NER + senter), docs consumed;
2. the whole analysis of ``recoupe analyze`` (preparation, then clustering, NLP layer,
   reuse, claims, synthesis: :func:`recoupe.pipeline.analyze_articles`), every stage on,
   with the per-text cache off (nothing is reused from an earlier run);
3. with ``--dask``, the same analysis with ``engine.backend = "dask"`` (a LocalCluster of
   2 worker processes: preparation, claims and synthesis as tasks), after the local one in
   the same process: its NLP and reuse stages then find the texts already in memory, so
   for a fair Dask figure run ``--dask-only`` in a process of its own (the bare pass is
   measured there too).

Models are loaded and warmed before timing (the spaCy pipeline, the sentence encoder), so
the figures compare work, not start-up. The bare pass runs before and after and its mean
is used. Prints seconds, the ratio (analysis time / bare time; the issue's target is at
most 1.5) and each stage's seconds; writes ``bench/results/throughput.json``. Not a test.
"""

from __future__ import annotations

import argparse
import json
import platform
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from recoupe.config import Options  # noqa: E402


def bare_pass(texts: list[str], options: Options) -> float:
    from recoupe.nlp import get_pipeline

    nlp = get_pipeline(options)
    t = time.perf_counter()
    for _ in nlp.pipe(texts):
        pass
    return time.perf_counter() - t


def bare_pass_two(texts: list[str], options: Options) -> float:
    """The bare pass on two worker processes (what ``nlp.n_process = 0`` does for a batch
    this size), for the honest comparison: the analysis may use both cores too."""
    from recoupe.nlp import get_pipeline

    nlp = get_pipeline(options).fast
    t = time.perf_counter()
    for _ in nlp.pipe(texts, batch_size=16, n_process=2):
        pass
    return time.perf_counter() - t


def analysis(paths: list[str], options: Options) -> tuple[float, dict[str, float], int]:
    from recoupe.pipeline import analyze_articles, load_articles

    timings: dict[str, float] = {}
    t = time.perf_counter()
    articles, rejected = load_articles(paths, options)
    timings["prepare"] = time.perf_counter() - t
    stages: dict[str, float] = {}

    def stage(name: str) -> None:
        stages[name] = time.perf_counter()

    rep = analyze_articles(articles, rejected, options, stage=stage)
    end = time.perf_counter()
    names = list(stages)
    for k, name in enumerate(names):
        timings[name] = (stages[names[k + 1]] if k + 1 < len(names) else end) - stages[name]
    return end - t, timings, len(rep.claims)


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--docs", type=int, default=200)
    ap.add_argument("--corpus", default=str(ROOT.parent / "shared" / "corpus"))
    ap.add_argument("--dask", action="store_true")
    ap.add_argument("--dask-only", action="store_true",
                    help="only the Dask analysis (a fair comparison: nothing in memory)")
    args = ap.parse_args()
    files = sorted((Path(args.corpus) / "rpm2-dev" / "documents").glob("*.txt"))[:args.docs]
    if not files:
        print(f"the shared corpus is missing ({args.corpus}): nothing to measure")
        return 1
    options = Options.load(quiet=True, overrides={"cache": {"path": "off"}})
    from recoupe.cache import cached_embedder
    from recoupe.pipeline import load_articles

    arts, _ = load_articles([str(f) for f in files], options)
    texts = [a.text for a in arts]
    words = sum(len(t.split()) for t in texts)
    # warm-up: models loaded, caches of the bare pass filled
    bare_pass(texts[:5], options)
    emb = cached_embedder(options)
    if emb is not None:
        emb.encode(["Un texte pour charger le modèle."])
    # the analysis's own pipelines (its memoising fast pass and the parser run on quote
    # cues) are loaded here too: the figures compare work, not start-up
    from recoupe.cache import cached_pipeline

    warm = cached_pipeline(options)
    list(warm.fast.pipe(["Il a dit : « Bonjour. »"]))
    list(warm.parser.pipe(["Il a dit : « Bonjour. »"]))
    b1 = bare_pass(texts, options)
    if args.dask_only:
        options = options.with_overrides({"engine": {"backend": "dask"}})
    total, timings, claims = analysis([str(f) for f in files], options)
    b2 = bare_pass(texts, options)
    bare = (b1 + b2) / 2
    bare2 = bare_pass_two(texts, options)
    out: dict[str, object] = {
        "machine": platform.platform(), "docs": len(texts), "words": words,
        "bare_seconds": round(bare, 2), "analysis_seconds": round(total, 2),
        "ratio": round(total / bare, 2), "bare_two_processes_seconds": round(bare2, 2),
        "ratio_to_two_process_bare": round(total / bare2, 2), "stages": {k: round(v, 2) for k, v in timings.items()},
        "claims": claims,
    }
    print(f"{len(texts)} documents, {words} words")
    print(f"bare spaCy NER + senter pass: {bare:.1f} s ({words / bare:,.0f} words/s); "
          f"on 2 processes {bare2:.1f} s")
    what = "with Dask (2 workers)" if args.dask_only else "whole analysis (every stage)"
    print(f"{what}:  {total:.1f} s = {total / bare:.2f}x the bare pass "
          f"({total / bare2:.2f}x the bare pass on 2 processes)")
    print("   " + "  ".join(f"{k} {v:.1f}" for k, v in timings.items()))
    if args.dask and not args.dask_only:
        dopts = options.with_overrides({"engine": {"backend": "dask"}})
        dt, dtim, dclaims = analysis([str(f) for f in files], dopts)
        out.update({"dask_seconds": round(dt, 2), "dask_ratio": round(dt / bare, 2),
                    "dask_speedup": round(total / dt, 2),
                    "dask_stages": {k: round(v, 2) for k, v in dtim.items()},
                    "dask_same_claims": dclaims == claims})
        print(f"with Dask (2 workers):          {dt:.1f} s = {dt / bare:.2f}x the bare pass, "
              f"speed-up {total / dt:.2f}")
        print("   " + "  ".join(f"{k} {v:.1f}" for k, v in dtim.items()))
    res = ROOT / "bench" / "results"
    res.mkdir(parents=True, exist_ok=True)
    name = "throughput_dask.json" if args.dask_only else "throughput.json"
    (res / name).write_text(json.dumps(out, indent=1) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
