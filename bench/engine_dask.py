"""Benchmark: the per-file preparation (read, clean, language, date) on the local engine and
on a Dask LocalCluster, same files, same run, as a throughput ratio.

    .venv/bin/python bench/engine_dask.py [--corpus ../shared/corpus/mlcrisis-fr-dev]
                                          [--workers 2] [--batch-size 4] [--address tcp://...]

Both engines are timed warm (lingua loaded in this process and on every worker first), in
alternating rounds (``--repeat``), best round of each; the cluster's start-up is reported
apart, with the machine's load average (other work on the cores skews the ratio). Checks
that both give the same articles. Writes bench/results/engine_dask.json. Not a test:
timings depend on the machine.
"""

from __future__ import annotations

import argparse
import json
import os
import time
from pathlib import Path

from recoupe.config import Options
from recoupe.engine import DaskEngine, LocalEngine, prepare_source
from recoupe.ingest.readers import iter_paths

DEFAULT = Path(__file__).resolve().parents[1].parent / "shared" / "corpus" / "mlcrisis-fr-dev"


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--corpus", default=str(DEFAULT))
    ap.add_argument("--workers", type=int, default=2)
    ap.add_argument("--batch-size", type=int, default=4)
    ap.add_argument("--address", default=None, help="a running scheduler instead of a LocalCluster")
    ap.add_argument("--repeat", type=int, default=2)
    args = ap.parse_args()
    options = Options.load()
    inputs = list(iter_paths([args.corpus], options))
    if not inputs:
        raise SystemExit(f"corpus missing: no input under {args.corpus}")

    prepare_source(inputs[0], options)  # load lingua here, outside the timing
    load_before = os.getloadavg()[0]
    t0 = time.perf_counter()
    with DaskEngine(address=args.address, workers=args.workers, batch_size=args.batch_size) as engine:
        engine.client.run(prepare_source, inputs[0], options)  # warm every worker
        start_s = time.perf_counter() - t0
        threads = sum(engine.client.nthreads().values())
        local_times, dask_times = [], []
        for _ in range(max(1, args.repeat)):
            t0 = time.perf_counter()
            local = [a.as_dict() for a in LocalEngine().map_prepare(inputs, options)]
            local_times.append(time.perf_counter() - t0)
            t0 = time.perf_counter()
            dask = [a.as_dict() for a in engine.map_prepare(inputs, options)]
            dask_times.append(time.perf_counter() - t0)
    local_s, dask_s = min(local_times), min(dask_times)

    docs = sum(1 for a in local if "text" in a)
    words = sum(len(a["text"].split()) for a in local if "text" in a)
    result = {
        "corpus": Path(args.corpus).name,
        "inputs": len(inputs),
        "articles": docs,
        "words": words,
        "cpu_count": os.cpu_count(),
        "dask_worker_threads": threads,
        "batch_size": args.batch_size,
        "local_docs_per_s": round(len(local) / local_s, 1),
        "dask_docs_per_s": round(len(dask) / dask_s, 1),
        "dask_over_local_throughput": round(local_s / dask_s, 2),
        "dask_startup_s": round(start_s, 2),
        "same_articles": dask == local,
        "load_average_1min": [round(load_before, 2), round(os.getloadavg()[0], 2)],
    }
    out = Path(__file__).parent / "results"
    out.mkdir(exist_ok=True)
    (out / "engine_dask.json").write_text(json.dumps(result, indent=1), encoding="utf-8")
    print(json.dumps(result, indent=1))


if __name__ == "__main__":
    main()
