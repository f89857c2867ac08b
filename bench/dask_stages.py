"""Benchmark: claims and synthesis story by story, in this process against 2 Dask worker
processes, same articles, same run.

    .venv/bin/python bench/dask_stages.py [--corpus ../shared/corpus/rpm2-dev/documents] [--workers 2]

Loads and analyses the articles once (clustering, NLP, reuse in this process), then times
the claims and synthesis stages on the local path and on a LocalCluster of ``--workers``
processes (warm: one run first on each to load the models), and checks that both give the
same claims. Prints the seconds and the ratio. Not a test: timings depend on the machine
(2 cores here: the workers compete with this process and with each other).
"""

from __future__ import annotations

import argparse
import time
from pathlib import Path

from recoupe.config import Options
from recoupe.engine import DaskEngine
from recoupe.pipeline import load_articles, run_stages, sort_by_time

DEFAULT = Path(__file__).resolve().parents[1].parent / "shared" / "corpus" / "rpm2-dev" / "documents"


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--corpus", default=str(DEFAULT))
    ap.add_argument("--workers", type=int, default=2)
    args = ap.parse_args()
    options = Options.load(quiet=True)
    # a per-text cache, as a store has one: the workers read the vectors the client made
    import tempfile

    from recoupe.cache import attach_disk

    attach_disk(str(Path(tempfile.mkdtemp()) / "bench.cache"))
    articles, _ = load_articles([args.corpus], options)
    articles = sort_by_time(articles)
    first = run_stages(articles, options)  # clusters, NLP, reuse; warms the caches
    print(f"{len(articles)} articles, {len(first.stories)} stories, {len(first.claims)} claims")

    def timed(engine):  # type: ignore[no-untyped-def]
        t = time.perf_counter()
        res = run_stages(articles, options, engine=engine)
        return time.perf_counter() - t, res

    local_s, local = timed(None)
    with DaskEngine(workers=args.workers, processes=True) as engine:
        timed(engine)  # warm: models load once per worker
        dask_s, dist = timed(engine)
    same = [(c.id, c.group, c.status) for c in local.claims] == [(c.id, c.group, c.status) for c in dist.claims]
    for name, s, res in (("local", local_s, local), (f"dask x{args.workers}", dask_s, dist)):
        stages = "  ".join(f"{k} {v:.1f}" for k, v in res.timings.items())
        print(f"{name:10s} {s:6.1f} s   {stages}")
    print(f"dask / local (claims + synth): "
          f"{(dist.timings['claims'] + dist.timings['synth']) / (local.timings['claims'] + local.timings['synth']):.2f}"
          f"   same claims: {same}")


if __name__ == "__main__":
    main()
