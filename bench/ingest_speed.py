"""Benchmark: ingest + clean + language + dating throughput, next to a bare read.

Runs over every text file of ../shared/corpus (mlcrisis-fr-dev, rpm2-dev, seeds) and
reports documents/s and words/s of the whole preparation stage and of the bare read
(decode only) over the same files in the same run, as a ratio, plus peak memory.

    .venv/bin/python bench/ingest_speed.py [--corpus ../shared/corpus] [--repeat 2]

Writes bench/results/ingest_speed.json. Not a test: timings depend on the machine.
"""

from __future__ import annotations

import argparse
import json
import resource
import time
from pathlib import Path

from recoupe.config import Options
from recoupe.ingest.readers import read_source
from recoupe.model import RawDocument
from recoupe.pipeline import prepare


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--corpus", default=str(Path(__file__).resolve().parents[1].parent / "shared" / "corpus"))
    ap.add_argument("--repeat", type=int, default=2)
    args = ap.parse_args()
    root = Path(args.corpus)
    files = sorted(p for sub in ("mlcrisis-fr-dev", "rpm2-dev/documents", "seeds")
                   for p in (root / sub).rglob("*.txt"))
    if not files:
        raise SystemExit(f"corpus missing: no text files under {root}")
    options = Options.load()

    t0 = time.perf_counter()
    raws: list[RawDocument] = []
    for _ in range(args.repeat):
        raws = [d for f in files for d in read_source(str(f), f, options) if isinstance(d, RawDocument)]
    read_s = (time.perf_counter() - t0) / args.repeat
    words = sum(len(r.text.split()) for r in raws)

    prepare(raws[0], options)  # load lingua once, outside the timing
    t0 = time.perf_counter()
    for _ in range(args.repeat):
        for r in raws:
            prepare(r, options)
    prep_s = (time.perf_counter() - t0) / args.repeat
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024

    result = {
        "documents": len(raws),
        "words": words,
        "read_docs_per_s": round(len(raws) / read_s, 1),
        "prepare_docs_per_s": round(len(raws) / prep_s, 1),
        "prepare_words_per_s": round(words / prep_s),
        "prepare_over_read_time_ratio": round(prep_s / read_s, 2),
        "peak_rss_mb": round(peak_mb, 1),
    }
    out = Path(__file__).parent / "results"
    out.mkdir(exist_ok=True)
    (out / "ingest_speed.json").write_text(json.dumps(result, indent=1), encoding="utf-8")
    print(json.dumps(result, indent=1))


if __name__ == "__main__":
    main()
