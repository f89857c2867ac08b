"""Cost of adding 10 articles to a store, incremental analysis against a full re-analysis.

    python bench/incremental.py [--size 500] [--extra 10] [--work /tmp/recoupe-bench-inc]

Builds a store of ``--size`` real articles (rpm2-dev, then mlcrisis-fr-dev, from
``../shared/corpus``) with ``recoupe ingest``, copies it, and times ``recoupe ingest`` of
``--extra`` more articles side by side on the two copies: the baseline with
``analysis.incremental = false`` and no per-text cache (every stage over the whole store,
as before), and the default (per-text cache, claims and summaries of the changed stories
only). Prints seconds, the ratio and the per-stage timings the store records. Not a test:
figures depend on the machine; the README quotes one run.
"""

from __future__ import annotations

import argparse
import json
import shutil
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
CORPUS = ROOT.parent / "shared" / "corpus"
RECOUPE = [sys.executable, "-m", "recoupe.cli.main"]


def corpus_files() -> list[Path]:
    files = sorted((CORPUS / "rpm2-dev" / "documents").glob("*.txt"))
    files += sorted((CORPUS / "mlcrisis-fr-dev").rglob("*.txt"))
    return files


def ingest(files: list[Path], db: Path, config: Path | None, folder: Path) -> tuple[float, dict]:
    if folder.exists():
        shutil.rmtree(folder)
    folder.mkdir(parents=True)
    for k, f in enumerate(files):  # one folder: outlets do not matter here
        shutil.copy(f, folder / f"{k:05d}_{f.name}")
    cmd = [*RECOUPE, "ingest", str(folder), "--db", str(db), "-q"]
    if config is not None:
        cmd += ["-c", str(config)]
    t = time.perf_counter()
    subprocess.run(cmd, check=True)
    seconds = time.perf_counter() - t
    row = sqlite3.connect(db).execute("SELECT data FROM state WHERE name = 'analysis'").fetchone()
    return seconds, json.loads(row[0]).get("timings", {}) if row else {}


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--size", type=int, default=500)
    ap.add_argument("--extra", type=int, default=10)
    ap.add_argument("--work", default="/tmp/recoupe-bench-inc")
    args = ap.parse_args()
    files = corpus_files()
    if len(files) < args.size + args.extra:
        print(f"the shared corpus is missing or too small ({CORPUS}): {len(files)} files")
        return 1
    work = Path(args.work)
    shutil.rmtree(work, ignore_errors=True)
    work.mkdir(parents=True)
    base = work / "base.db"
    seconds, _ = ingest(files[:args.size], base, None, work / "in-base")
    print(f"store of {args.size} articles built in {seconds:.0f} s")
    full_cfg = work / "full.toml"
    full_cfg.write_text('[analysis]\nincremental = false\n\n[cache]\npath = "off"\n', encoding="utf-8")
    extra = files[args.size:args.size + args.extra]
    results = {}
    for name, cfg in (("full re-analysis (baseline)", full_cfg), ("incremental (default)", None)):
        db = work / f"{name.split()[0]}.db"
        shutil.copy(base, db)
        if cfg is None and (work / "base.db.cache").exists():
            shutil.copy(work / "base.db.cache", work / f"{db.name}.cache")
        results[name] = ingest(extra, db, cfg, work / f"in-{db.stem}")
    (b, bt), (i, it) = results.values()
    for name, (s, timings) in results.items():
        print(f"{name:30s} {s:7.1f} s   " + "  ".join(f"{k} {v:.1f}" for k, v in timings.items()))
    print(f"incremental / baseline: {i / b:.2f} (+{args.extra} articles into {args.size})")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
