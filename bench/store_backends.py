"""Benchmark: store writes and reads on SQLite and PostgreSQL, same articles, same run.

Prepares the articles of a corpus once, then on each backend (a fresh SQLite file, a fresh
PostgreSQL database): stores them in chunks of ``store.chunk_size`` (one transaction each),
stores them again (all already there), reads them all back, runs full-text searches, and
saves an analysis (every article updated, one record per article replaced, a state).

    .venv/bin/python bench/store_backends.py --pg-url postgresql://user@host/db
        [--corpus ../shared/corpus/mlcrisis-fr-dev]

The PostgreSQL URL defaults to $RECOUPE_TEST_PG_URL; its database must be empty or a
recoupe store (the bench drops the recoupe tables and function first). Writes
bench/results/store_backends.json. Not a test: timings depend on the machine.
"""

from __future__ import annotations

import argparse
import json
import os
import tempfile
import time
from pathlib import Path

from recoupe.config import Options
from recoupe.engine import LocalEngine
from recoupe.ingest.readers import iter_paths
from recoupe.model import Article
from recoupe.store import Store, open_store

DEFAULT = Path(__file__).resolve().parents[1].parent / "shared" / "corpus" / "mlcrisis-fr-dev"
QUERIES = ["manifestation", "président", "armée tirs", "élections", "Moubarak", "réfugiés frontière",
           "opposition gouvernement", "Caire", "rebelles", "pétrole"]


def _run(store: Store, articles: list[Article], chunk: int) -> dict[str, float]:
    out: dict[str, float] = {}
    t0 = time.perf_counter()
    for i in range(0, len(articles), chunk):
        store.add_articles((a, 1000 + n, 1.0) for n, a in enumerate(articles[i:i + chunk]))
    out["add_articles_per_s"] = len(articles) / (time.perf_counter() - t0)
    t0 = time.perf_counter()
    for i in range(0, len(articles), chunk):
        store.add_articles((a, 1000 + n, 1.0) for n, a in enumerate(articles[i:i + chunk]))
    out["readd_articles_per_s"] = len(articles) / (time.perf_counter() - t0)
    t0 = time.perf_counter()
    back = list(store.articles())
    out["read_articles_per_s"] = len(back) / (time.perf_counter() - t0)
    t0 = time.perf_counter()
    hits = sum(len(store.search(q)) for q in QUERIES)
    out["search_ms_per_query"] = 1000 * (time.perf_counter() - t0) / len(QUERIES)
    out["search_hits"] = hits
    for a in back:
        a.story = "s" + a.id[:3]
    t0 = time.perf_counter()
    store.save_analysis(back, {"story": [(a.id, a.as_dict()) for a in back]}, {"analysis": {"n": len(back)}})
    out["save_analysis_s"] = time.perf_counter() - t0
    return {k: round(v, 3) for k, v in out.items()}


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--corpus", default=str(DEFAULT))
    ap.add_argument("--pg-url", default=os.environ.get("RECOUPE_TEST_PG_URL"))
    args = ap.parse_args()
    if not args.pg_url:
        raise SystemExit("give --pg-url postgresql://... (or set RECOUPE_TEST_PG_URL)")
    options = Options.load()
    chunk = int(options.get("store.chunk_size", 50))
    articles = [a for a in LocalEngine().map_prepare(iter_paths([args.corpus], options), options)
                if isinstance(a, Article)]
    result: dict[str, object] = {"corpus": Path(args.corpus).name, "articles": len(articles), "chunk_size": chunk}
    with tempfile.TemporaryDirectory() as tmp, open_store(str(Path(tmp) / "b.db")) as lite:
        result["sqlite"] = _run(lite, articles, chunk)
    import psycopg

    with psycopg.connect(args.pg_url, autocommit=True) as conn:
        conn.execute("DROP TABLE IF EXISTS sources, rejected, records, state, articles, schema_version CASCADE; "
            "DROP FUNCTION IF EXISTS articles_tsv() CASCADE")
    with open_store(args.pg_url) as pg:
        result["postgres"] = _run(pg, articles, chunk)
    out = Path(__file__).parent / "results"
    out.mkdir(exist_ok=True)
    (out / "store_backends.json").write_text(json.dumps(result, indent=1), encoding="utf-8")
    print(json.dumps(result, indent=1))


if __name__ == "__main__":
    main()
