"""Flat cost over a replayed stream: per-batch latency of ``recoupe ingest`` against store size.

    python bench/stream_flat.py [--size 100000] [--extra 10] [--batch 50] [--per-decade 8]
        [--probe-at 1000,100000] [--repeat 1] [--max-batch-seconds 600] [--order time]
        [--seed 0] [--work /tmp/recoupe-bench-stream]

Issue 12's requirement: adding 10 articles to a store of 100k articles costs at most 2x
adding the same 10 to a store of 1k, and the peak RSS of an ingest into a 100k-article
store stays under 4 GB. Small check: ``--size 3000 --per-decade 3 --probe-at 1000,3000``.

Stream (from ``../shared/corpus``): the French articles of rpm2-dev and mlcrisis-fr-dev
(a few hundred long articles, as ``.txt`` files, the mlcrisis folder date kept in the file
name) and the UCI News Aggregator headlines (one JSONL object each: title and text = the
headline, url, outlet = PUBLISHER, published = TIMESTAMP in ISO, language "en"; exact
repeats of a headline dropped, as the store would keep one), in time order: rpm2 (2007-2008,
slice C1 before C2), mlcrisis (2011-2013, by folder date), then the headlines (2014, by
timestamp), so the headlines fill most of the store. ``--order spread`` spreads the French
articles evenly through the stream instead. The probe is ``--extra`` rpm2 articles held out
of the stream (one C2 "follow-up" article per topic, chosen with ``--seed``: always the
same ones): each is a new article of a story the store already holds. The corpora do not
overlap in time: every French article is older than every headline, so in a large store the
articles published last are headlines, whatever the order; the measured batches from 1k on
(headlines into a store of headlines) are the series of one make-up.

One SQLite store grows along a log schedule of stream sizes (``--per-decade`` sizes a
decade from ``--first`` to ``--size``, plus the ``--probe-at`` sizes; consecutive sizes at
least ``--batch`` apart). At each size S:

1. at a ``--probe-at`` size, the store (``<db>*``: its -wal/-shm and ``<db>.cache`` files
   too; the ingest that wrote them has ended) is copied and ``recoupe ingest`` of the probe
   is timed on the copy (``--repeat`` copies, the median is used);
2. the next ``--batch`` stream articles are ingested into the store and timed: the
   *measured* batch, of the same size at every S, so that its seconds are comparable;
3. the stream articles up to the next size are ingested (*growth* batches of at most
   ``--chunk`` articles, timed and recorded too).

Every ingest is ``python -m recoupe.cli.main ingest FOLDER --db DB -q`` (analysis on, the
default) in a child process; for each: wall and CPU seconds, the child's peak RSS (its
``wait4`` rusage), the store size before and after and the per-stage seconds the store
records (``state`` row ``analysis``; "outside stages" = wall minus their sum: start-up,
reading, cleaning, loading and saving the store), the code version and the load average
(a shared machine makes the figures noisy: ``--repeat 3`` for the probes). ``--max-batch-seconds``: one ingest
slower than that stops the growth (the cost is not flat at that size); what was measured
is written. Writes ``<work>/stream_flat.json`` (after every ingest) and
``<work>/stream_flat.png`` (matplotlib: ``pip install -e '.[bench]'``): the measured
batches and the probes against store size, the per-stage seconds, the peak RSS.

Exit status: 0 when the probe ratio is within 2x and the peak RSS under the limit, 2 when
not (or the growth stopped early), 1 when the corpus is missing or an ingest fails. Not a
test: figures depend on the machine.
"""

from __future__ import annotations

import argparse
import bisect
import gzip
import hashlib
import json
import os
import platform
import random
import shutil
import sqlite3
import statistics
import subprocess
import sys
import time
from contextlib import closing
from dataclasses import asdict, dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
CORPUS = ROOT.parent / "shared" / "corpus"
RPM2 = CORPUS / "rpm2-dev" / "documents"
MLCRISIS = CORPUS / "mlcrisis-fr-dev"
UCI = CORPUS / "uci-news-aggregator" / "newsCorpora.csv.gz"
RECOUPE = [sys.executable, "-m", "recoupe.cli.main"]
STAGES = ("cluster", "nlp", "reuse", "claims", "synth")


@dataclass(frozen=True, slots=True)
class Item:
    """One article of the stream: a French file (``path``) or a UCI headline (``record``)."""

    corpus: str  # "rpm2" | "mlcrisis" | "uci"
    path: Path | None = None
    label: str = ""  # file-name prefix of a French article ("egypt_2013-02-02")
    record: dict[str, str] | None = None


@dataclass(slots=True)
class Ingest:
    """One timed ``recoupe ingest``."""

    kind: str  # "growth" | "measured" | "probe"
    stream_before: int  # stream articles fed to the store before it (the schedule's size)
    store_before: int  # articles in the store before it
    store_after: int
    items: int
    french: int
    seconds: float
    cpu_seconds: float
    peak_rss_mb: float
    returncode: int
    timings: dict[str, float] = field(default_factory=dict)
    outside_stages: float | None = None
    store_mb: float = 0.0
    checkpoint: int | None = None  # probe: the --probe-at size
    log: str = ""
    code: str = ""  # the commit the child ran, "+" a hash of uncommitted changes to recoupe/
    load_before: float = 0.0  # the machine's 1-minute load average when it started (others' work)


# --------------------------------------------------------------------------- the stream


def rpm2_files() -> list[Path]:
    """rpm2-dev documents, slice C1 of every topic before slice C2 (a month later)."""
    files = list(RPM2.glob("T*_C*_*.txt"))
    return sorted(files, key=lambda p: (p.stem.split("_")[1], p.stem))


def mlcrisis_items() -> list[Item]:
    """mlcrisis-fr-dev pages by folder date (``<topic>/<YYYY-MM-DD>/<name>.txt``)."""
    files = sorted(MLCRISIS.rglob("*.txt"), key=lambda p: (p.parent.name, p.parent.parent.name, p.name))
    return [Item("mlcrisis", path=p, label=f"{p.parent.parent.name}_{p.parent.name}") for p in files]


def pick_probe(rpm2: list[Path], extra: int, seed: int) -> list[Path]:
    """``extra`` rpm2 slice-C2 articles, one per topic in turn (random within a topic)."""
    rng = random.Random(seed)
    topics: dict[str, list[Path]] = {}
    for p in sorted(rpm2):
        if p.stem.split("_")[1] == "C2":
            topics.setdefault(p.stem.split("_")[0], []).append(p)
    for docs in topics.values():
        rng.shuffle(docs)
    picked: list[Path] = []
    for turn in range(max((len(d) for d in topics.values()), default=0)):
        picked += [docs[turn] for _, docs in sorted(topics.items()) if turn < len(docs)]
    return picked[:extra]


def uci_headlines(limit: int) -> list[Item]:
    """The first ``limit`` distinct UCI headlines in timestamp order, as JSONL records."""
    rows: list[tuple[int, int, str, str, str]] = []
    with gzip.open(UCI, "rt", encoding="utf-8", errors="replace") as f:
        for line in f:
            cols = line.rstrip("\n").split("\t")
            if len(cols) < 8 or not cols[7].strip().isdigit() or not cols[0].strip().isdigit():
                continue
            rows.append((int(cols[7]), int(cols[0]), cols[1].strip(), cols[2].strip(), cols[3].strip()))
    rows.sort()
    seen: set[str] = set()
    out: list[Item] = []
    for ts, _id, title, url, publisher in rows:
        key = " ".join(title.casefold().split())
        if not key or key in seen:
            continue
        seen.add(key)
        published = datetime.fromtimestamp(ts / 1000, UTC).isoformat(timespec="seconds")
        record = {"title": title, "text": title, "url": url, "outlet": publisher,
                  "published": published, "language": "en"}
        out.append(Item("uci", record=record))
        if len(out) >= limit:
            break
    return out


def build_stream(french: list[Item], need: int, order: str) -> list[Item]:
    """``need`` stream articles: the French ones and enough headlines, in ``order``."""
    headlines = uci_headlines(max(0, need - len(french)))
    if order == "time":
        return (french + headlines)[:need]
    # spread: article k of a source at the fraction (k + 0.5) / n of the stream
    keyed = [((k + 0.5) / len(french), 0, it) for k, it in enumerate(french)]
    keyed += [((k + 0.5) / len(headlines), 1, it) for k, it in enumerate(headlines)]
    keyed.sort(key=lambda t: (t[0], t[1]))
    return [it for _, _, it in keyed][:need]


def write_batch(items: list[Item], folder: Path) -> None:
    """French articles as their own files, headlines as one JSONL file."""
    if folder.exists():
        shutil.rmtree(folder)
    folder.mkdir(parents=True)
    lines: list[str] = []
    for k, it in enumerate(items):
        if it.record is not None:
            lines.append(json.dumps(it.record, ensure_ascii=False))
        elif it.path is not None:
            prefix = f"{k:05d}_{it.label}_" if it.label else f"{k:05d}_"
            shutil.copyfile(it.path, folder / f"{prefix}{it.path.name}")
    if lines:
        (folder / "headlines.jsonl").write_text("\n".join(lines) + "\n", encoding="utf-8")


def schedule(first: int, size: int, per_decade: int, batch: int, forced: list[int]) -> list[int]:
    """Log-spaced stream sizes (two significant digits) from ``first`` to ``size``, with the
    ``forced`` ones; consecutive sizes at least ``batch`` apart (the measured batch fits)."""
    kept = sorted(set(forced) | {size})
    for a, b in zip(kept, kept[1:], strict=False):
        if b < a + batch:
            raise SystemExit(f"sizes {a} and {b} (--probe-at, --size) are less than --batch {batch} apart")
    k = 0
    while True:
        s = int(float(f"{first * 10 ** (k / per_decade):.2g}"))
        k += 1
        if s >= size:
            break
        i = bisect.bisect_left(kept, s)
        if (i == 0 or s >= kept[i - 1] + batch) and (i == len(kept) or kept[i] >= s + batch):
            kept.insert(i, s)
    return kept


# --------------------------------------------------------------------------- running


def store_files(db: Path) -> list[Path]:
    """The store and what lives beside it: ``<db>-wal``, ``<db>-shm``, ``<db>.cache``..."""
    return sorted(db.parent.glob(db.name + "*"))


def store_mb(db: Path) -> float:
    total = 0
    for f in store_files(db):
        total += sum(p.stat().st_size for p in f.rglob("*") if p.is_file()) if f.is_dir() else f.stat().st_size
    return total / 2**20


def remove_store(db: Path) -> None:
    for f in store_files(db):
        if f.is_dir():
            shutil.rmtree(f)
        else:
            f.unlink()


def copy_store(db: Path, dst: Path) -> None:
    remove_store(dst)
    for f in store_files(db):
        target = dst.with_name(dst.name + f.name[len(db.name):])
        if f.is_dir():
            shutil.copytree(f, target)
        else:
            shutil.copy2(f, target)


def analysis_state(db: Path) -> dict[str, Any]:
    """The store's ``state`` row ``analysis`` (articles analysed, per-stage seconds)."""
    if not db.exists():
        return {}
    with closing(sqlite3.connect(db)) as conn:
        try:
            row = conn.execute("SELECT data FROM state WHERE name = 'analysis'").fetchone()
        except sqlite3.Error:
            return {}
    return json.loads(row[0]) if row else {}


def run_ingest(folder: Path, db: Path, log: Path, config: Path | None) -> tuple[float, float, float, int]:
    """Wall seconds, CPU seconds, peak RSS (MB) and exit status of one ``recoupe ingest``."""
    cmd = [*RECOUPE, "ingest", str(folder), "--db", str(db), "-q"]
    if config is not None:
        cmd += ["-c", str(config)]
    with log.open("wb") as out:
        t = time.perf_counter()
        proc = subprocess.Popen(cmd, stdout=out, stderr=subprocess.STDOUT, cwd=ROOT)
        _, status, usage = os.wait4(proc.pid, 0)  # this child's own rusage, peak RSS included
        seconds = time.perf_counter() - t
    proc.returncode = os.waitstatus_to_exitcode(status)
    rss_unit = 1 if sys.platform == "darwin" else 1024  # ru_maxrss: bytes on macOS, KB on Linux
    return seconds, usage.ru_utime + usage.ru_stime, usage.ru_maxrss * rss_unit / 2**20, proc.returncode


class Bench:
    """The growing store, the ingests run so far and the JSON they are written to."""

    def __init__(self, args: argparse.Namespace, work: Path, meta: dict[str, Any]) -> None:
        self.args = args
        self.work = work
        self.db = work / "stream.db"
        self.meta = meta
        self.ingests: list[Ingest] = []
        self.stopped: str | None = None
        self.failed: str | None = None
        self.started = time.perf_counter()

    def ingest(self, kind: str, items: list[Item], db: Path, stream_before: int,
               checkpoint: int | None = None) -> Ingest:
        n = len(self.ingests)
        folder = self.work / "batches" / f"b{n:03d}-{kind}"
        write_batch(items, folder)
        (self.work / "logs").mkdir(exist_ok=True)
        log = self.work / "logs" / f"b{n:03d}-{kind}.log"
        before = analysis_state(db)
        code = code_version()
        load = os.getloadavg()[0] if hasattr(os, "getloadavg") else 0.0
        seconds, cpu, rss, rc = run_ingest(folder, db, log, self.args.config)
        after = analysis_state(db)
        analysed = rc == 0 and after.get("at") is not None and after != before
        timings = {k: float(v) for k, v in (after.get("timings") or {}).items()
                   if isinstance(v, int | float)} if analysed else {}
        rec = Ingest(
            kind=kind, stream_before=stream_before, store_before=int(before.get("articles", 0)),
            store_after=int(after.get("articles", 0)), items=len(items),
            french=sum(it.corpus != "uci" for it in items), seconds=round(seconds, 3),
            cpu_seconds=round(cpu, 3), peak_rss_mb=round(rss, 1), returncode=rc,
            timings={k: round(v, 3) for k, v in timings.items()},
            outside_stages=round(seconds - sum(timings.values()), 3) if timings else None,
            store_mb=round(store_mb(db), 1), checkpoint=checkpoint, log=str(log), code=code,
            load_before=round(load, 2),
        )
        self.ingests.append(rec)
        stages = "  ".join(f"{k} {v:.1f}" for k, v in rec.timings.items())
        outside = f"  outside {rec.outside_stages:.1f}" if rec.outside_stages is not None else ""
        print(f"[{kind:8s}] store {rec.store_before:6d} +{rec.items:<5d} {rec.seconds:7.1f} s "
              f"({rec.seconds / max(1, rec.items):.3f} s/article)  peak {rec.peak_rss_mb / 1024:.2f} GB  "
              f"{stages}{outside}", flush=True)
        if rc != 0:
            tail = log.read_text(encoding="utf-8", errors="replace").strip().splitlines()[-15:]
            print("\n".join(tail), file=sys.stderr)
            self.failed = f"recoupe ingest exited with {rc} ({kind} batch at stream size {stream_before}; see {log})"
        elif seconds > self.args.max_batch_seconds:
            self.stopped = (f"{kind} batch of {len(items)} articles into a store of {rec.store_before} took "
                            f"{seconds:.0f} s > --max-batch-seconds {self.args.max_batch_seconds:.0f}: "
                            f"the cost is not flat at that size")
        self.save()
        return rec

    def probe(self, probe: list[Item], size: int, stream_before: int) -> None:
        for r in range(self.args.repeat):
            copy = self.work / f"probe-{size}-{r}.db"
            copy_store(self.db, copy)
            self.ingest("probe", probe, copy, stream_before, checkpoint=size)
            remove_store(copy)
            if self.failed or self.stopped:
                return

    def summary(self) -> dict[str, Any]:
        probes: dict[int, list[Ingest]] = {}
        for rec in self.ingests:
            if rec.kind == "probe" and rec.returncode == 0 and rec.checkpoint is not None:
                probes.setdefault(rec.checkpoint, []).append(rec)
        checkpoints: list[dict[str, Any]] = [{"size": size, "store_articles": recs[0].store_before,
                        "seconds": [r.seconds for r in recs],
                        "median_seconds": round(statistics.median(r.seconds for r in recs), 3),
                        "peak_rss_mb": max(r.peak_rss_mb for r in recs)}
                       for size, recs in sorted(probes.items())]
        out: dict[str, Any] = {"checkpoints": checkpoints, "stopped": self.stopped, "failed": self.failed}
        wanted = sorted(self.args.probe_sizes)
        if len(checkpoints) >= 2:
            base = checkpoints[0]["median_seconds"]
            for c in checkpoints:
                c["ratio_to_smallest"] = round(c["median_seconds"] / base, 3)
            out["ratio"] = checkpoints[-1]["ratio_to_smallest"]
            out["max_ratio"] = max(c["ratio_to_smallest"] for c in checkpoints)
        out["flat"] = (len(checkpoints) == len(wanted) and len(wanted) >= 2 and not self.stopped
                       and not self.failed and out.get("max_ratio", 99) <= 2.0)
        ok = [r for r in self.ingests if r.returncode == 0]
        if ok:
            largest = max(r.store_before for r in ok)
            near = [r for r in ok if r.store_before >= 0.9 * largest and r.kind != "growth"] or ok
            out["largest_store"] = largest
            out["peak_rss_mb_largest_store"] = max(r.peak_rss_mb for r in near)
            out["peak_rss_mb_any"] = max(r.peak_rss_mb for r in ok)
            out["memory_ok"] = out["peak_rss_mb_any"] < self.args.max_rss_gb * 1024
        measured = [r for r in self.ingests if r.kind == "measured" and r.timings]
        if len(measured) >= 2:  # the first and last measured batches of the same make-up
            b = measured[-1]
            a = next(r for r in measured if r.french == b.french or r is b)
            a = measured[0] if a is b else a
            growth = {k: round(b.timings.get(k, 0.0) - a.timings.get(k, 0.0), 3) for k in STAGES}
            growth["outside stages"] = round((b.outside_stages or 0.0) - (a.outside_stages or 0.0), 3)
            out["measured_growth"] = {"from_store": a.store_before, "to_store": b.store_before,
                                      "seconds_from": a.seconds, "seconds_to": b.seconds,
                                      "stage_growth_seconds": growth}
        out["code_versions"] = list(dict.fromkeys(r.code for r in self.ingests))
        out["elapsed_seconds"] = round(time.perf_counter() - self.started, 1)
        return out

    def save(self) -> dict[str, Any]:
        result = {**self.meta, "summary": self.summary(), "ingests": [asdict(r) for r in self.ingests]}
        (self.work / "stream_flat.json").write_text(json.dumps(result, indent=1), encoding="utf-8")
        return result


# --------------------------------------------------------------------------- the plot


def plot(result: dict[str, Any], png: Path, max_rss_gb: float) -> bool:
    """Measured batches and probes, per-stage seconds, peak RSS against store size."""
    try:
        import matplotlib

        matplotlib.use("Agg")
        import matplotlib.pyplot as plt
    except ImportError:
        return False
    # an ingest into the empty store has no place on a log axis
    ingests = [r for r in result["ingests"] if r["returncode"] == 0 and r["store_before"] > 0]
    measured = [r for r in ingests if r["kind"] == "measured"]
    probes = [r for r in ingests if r["kind"] == "probe"]
    cfg = result["config"]
    fig, axes = plt.subplots(3, 1, figsize=(10, 12), sharex=True,
                             gridspec_kw={"height_ratios": [3, 2.2, 1.6]})
    ax = axes[0]
    ax.plot([r["store_before"] for r in measured], [r["seconds"] for r in measured], "-", color="tab:blue")
    for french, face, what in ((False, "tab:blue", "headlines only"), (True, "white", "with French articles")):
        rs = [r for r in measured if (r["french"] > 0) == french]
        if rs:
            ax.plot([r["store_before"] for r in rs], [r["seconds"] for r in rs], "o", color="tab:blue",
                    markerfacecolor=face, label=f"+{cfg['batch']} next stream articles, {what} (measured batch)")
    if probes:
        ax.plot([r["store_before"] for r in probes], [r["seconds"] for r in probes], "*",
                color="tab:red", markersize=16, label=f"+{cfg['extra']} fixed probe articles (on a copy)")
        for r in probes:
            ax.annotate(f"{r['seconds']:.1f} s", (r["store_before"], r["seconds"]), textcoords="offset points",
                        xytext=(-12, -4), ha="right", color="tab:red")
        base = min(probes, key=lambda r: r["store_before"])
        ax.axhline(2 * base["seconds"], color="tab:red", ls="--", lw=1,
                   label=f"2x the probe at {base['store_before']} articles (the limit)")
    ax.set_ylabel("seconds per ingest")
    top = max([r["seconds"] for r in measured + probes] + [0.0])
    if probes:
        top = max(top, 2 * min(probes, key=lambda r: r["store_before"])["seconds"])
    ax.set_ylim(0, 1.5 * top or 1.0)  # room for the legend above the curves
    ax.grid(True, which="both", alpha=0.3)
    ax.legend(loc="upper left")
    summary = result["summary"]
    notes = [f"stopped: {summary['stopped']}"] if summary.get("stopped") else []
    notes += [f"failed: {summary['failed']}"] if summary.get("failed") else []
    if len(summary.get("code_versions", [])) > 1:
        notes.append("the code changed during the run: " + " -> ".join(summary["code_versions"]))
    ratio = summary.get("ratio")
    head = f"probe ratio {ratio:.2f}x" if ratio is not None else "probe ratio not measured"
    ax.set_title(f"recoupe ingest against store size: {result['stream']['order']}-ordered replay of "
                 f"{result['stream']['items']} articles\n{head}; code {result['machine']['commit']}, "
                 f"{result['machine']['cpus']} CPUs", fontsize=10)

    ax = axes[1]
    timed = [r for r in measured if r["timings"]]
    if timed:
        xs = [r["store_before"] for r in timed]
        names = [s for s in STAGES if any(s in r["timings"] for r in timed)]
        names += sorted({k for r in timed for k in r["timings"]} - set(names))
        series = [[r["timings"].get(s, 0.0) for r in timed] for s in names]
        series.append([max(0.0, r["outside_stages"] or 0.0) for r in timed])
        ax.stackplot(xs, series, labels=[*names, "outside stages (start-up, read, store)"], alpha=0.8)
        ax.set_ylim(0, 1.45 * max(sum(col) for col in zip(*series, strict=True)) or 1.0)
        ax.legend(loc="upper left", fontsize=8, ncol=4)
    ax.set_ylabel(f"seconds of the +{cfg['batch']} batch\nby stage (state 'analysis')")
    ax.grid(True, which="both", alpha=0.3)

    ax = axes[2]
    for kind, style in (("growth", "s"), ("measured", "o"), ("probe", "*")):
        rs = [r for r in ingests if r["kind"] == kind]
        if rs:
            ax.plot([r["store_before"] for r in rs], [r["peak_rss_mb"] / 1024 for r in rs], style,
                    label=kind, alpha=0.8)
    ax.axhline(max_rss_gb, color="tab:red", ls="--", lw=1, label=f"{max_rss_gb:g} GB limit")
    ax.set_ylabel("peak RSS of the\ningest (GB)")
    ax.set_ylim(bottom=0)
    ax.set_xscale("log")
    from matplotlib.ticker import FuncFormatter, LogLocator, NullFormatter

    sizes = [r["store_before"] for r in ingests] or [1]
    narrow = max(sizes) < 30 * min(sizes)  # less than a decade and a half: more ticks
    ax.xaxis.set_major_locator(LogLocator(base=10, subs=(1.0, 1.5, 2.0, 3.0, 5.0, 7.0) if narrow else (1.0, 2.0, 5.0)))
    ax.xaxis.set_major_formatter(FuncFormatter(lambda x, _: f"{x:g}" if x < 1000 else f"{x / 1000:g}k"))
    ax.xaxis.set_minor_formatter(NullFormatter())
    ax.set_xlabel("articles in the store before the ingest (log scale)")
    ax.grid(True, which="both", alpha=0.3)
    ax.legend(loc="upper left", fontsize=8, ncol=4)
    fig.tight_layout(rect=(0, 0.03 * len(notes), 1, 1))
    for k, note in enumerate(notes):
        fig.text(0.01, 0.005 + 0.03 * k, note, fontsize=8, color="darkred", wrap=True)
    fig.savefig(png, dpi=110)
    plt.close(fig)
    return True


# --------------------------------------------------------------------------- main


def code_version() -> str:
    """The commit of the code under test, "+" a hash of the uncommitted changes to ``recoupe/``
    (the code may change while a long run goes on: each ingest records what it ran)."""
    try:
        sha = subprocess.run(["git", "-C", str(ROOT), "rev-parse", "--short", "HEAD"], capture_output=True,
                             text=True, check=True).stdout.strip()
        diff = subprocess.run(["git", "-C", str(ROOT), "diff", "HEAD", "--", "recoupe"], capture_output=True,
                              check=True).stdout
    except (OSError, subprocess.CalledProcessError):
        return "unknown"
    return sha + (f"+{hashlib.sha1(diff).hexdigest()[:8]}" if diff else "")


def main() -> int:
    ap = argparse.ArgumentParser(description=(__doc__ or "").split("\n\n")[0])
    ap.add_argument("--size", type=int, default=100_000, help="stream articles the store grows to")
    ap.add_argument("--extra", type=int, default=10, help="probe articles (held out of the stream)")
    ap.add_argument("--batch", type=int, default=50, help="articles of the measured batch at each size")
    ap.add_argument("--first", type=int, default=100, help="smallest size of the schedule")
    ap.add_argument("--per-decade", type=int, default=8, help="schedule sizes per decade")
    ap.add_argument("--chunk", type=int, default=10_000, help="most articles in one growth ingest")
    ap.add_argument("--probe-at", default="1000,100000", help="store sizes of the +extra probe")
    ap.add_argument("--repeat", type=int, default=1, help="probe runs per size (each on a fresh copy)")
    ap.add_argument("--max-batch-seconds", type=float, default=600.0)
    ap.add_argument("--max-rss-gb", type=float, default=4.0)
    ap.add_argument("--order", choices=("time", "spread"), default="time")
    ap.add_argument("--seed", type=int, default=0, help="which rpm2 articles are the probe")
    ap.add_argument("--config", "-c", type=Path, default=None, help="settings passed to every ingest")
    ap.add_argument("--work", default="/tmp/recoupe-bench-stream")
    args = ap.parse_args()
    missing = [p for p in (RPM2, MLCRISIS, UCI) if not p.exists()]
    if missing:
        print(f"the shared corpus is missing ({CORPUS}): no {', '.join(str(p) for p in missing)}")
        return 1
    work = Path(args.work)
    ours = ("stream_flat.json", "stream.db", "batches")  # an earlier run of this benchmark
    if work.is_dir() and any(work.iterdir()) and not any((work / name).exists() for name in ours):
        print(f"{work} holds other files: give an empty or new --work folder")
        return 1
    try:
        wanted = sorted({int(s) for s in args.probe_at.split(",") if s.strip()})
    except ValueError:
        ap.error("--probe-at: sizes separated by commas, e.g. 1000,100000")
    beyond = [s for s in wanted if s > args.size]
    if beyond:
        print(f"--probe-at {beyond} beyond --size {args.size}: left out")
    args.probe_sizes = [s for s in wanted if s <= args.size]
    points = schedule(args.first, args.size, args.per_decade, args.batch, args.probe_sizes)

    rpm2 = rpm2_files()
    probe_files = pick_probe(rpm2, args.extra, args.seed)
    if len(probe_files) < args.extra:
        print(f"only {len(probe_files)} rpm2 C2 articles for --extra {args.extra}")
        return 1
    held = set(probe_files)
    french = [Item("rpm2", path=p) for p in rpm2 if p not in held] + mlcrisis_items()
    need = args.size + args.batch  # the last size gets its measured batch too
    t = time.perf_counter()
    stream = build_stream(french, need, args.order)
    if len(stream) < need:
        print(f"the corpus gives {len(stream)} stream articles, {need} needed")
        return 1
    probe = [Item("rpm2", path=p) for p in probe_files]
    print(f"stream of {len(stream)} articles ({sum(it.corpus != 'uci' for it in stream)} French, "
          f"{sum(it.corpus == 'uci' for it in stream)} headlines, {args.order} order) built in "
          f"{time.perf_counter() - t:.0f} s; probe: {', '.join(p.name for p in probe_files)}")
    print(f"schedule ({len(points)} sizes): {', '.join(map(str, points))}; probe at "
          f"{', '.join(map(str, args.probe_sizes))}", flush=True)

    shutil.rmtree(work, ignore_errors=True)
    work.mkdir(parents=True)
    meta: dict[str, Any] = {
        "config": {k: (str(v) if isinstance(v, Path) else v) for k, v in vars(args).items()},
        "stream": {"order": args.order, "items": len(stream), "french": sum(it.corpus != "uci" for it in stream),
                   "headlines": sum(it.corpus == "uci" for it in stream), "schedule": points,
                   "probe": [p.name for p in probe_files]},
        "machine": {"cpus": os.cpu_count(), "platform": platform.platform(), "python": platform.python_version(),
                    "commit": code_version()},
    }
    bench = Bench(args, work, meta)
    pos = 0
    for size in points:
        while pos < size and not (bench.stopped or bench.failed):  # grow to this size
            n = min(size - pos, args.chunk)
            bench.ingest("growth", stream[pos:pos + n], bench.db, pos)
            pos += n
        if bench.stopped or bench.failed:
            break
        if size in args.probe_sizes:
            bench.probe(probe, size, pos)
            if bench.stopped or bench.failed:
                break
        bench.ingest("measured", stream[pos:pos + args.batch], bench.db, pos)
        pos += args.batch
        if bench.stopped or bench.failed:
            break

    result = bench.save()
    s = result["summary"]
    print()
    for c in s["checkpoints"]:
        print(f"+{args.extra} probe at {c['size']:>6d} ({c['store_articles']} articles): {c['median_seconds']:7.1f} s"
              f"  x{c.get('ratio_to_smallest', 1.0):.2f}  peak {c['peak_rss_mb'] / 1024:.2f} GB")
    g = s.get("measured_growth")
    if g:
        grown = sorted(g["stage_growth_seconds"].items(), key=lambda kv: -kv[1])
        print(f"+{args.batch} measured batch: {g['seconds_from']:.1f} s at {g['from_store']} articles -> "
              f"{g['seconds_to']:.1f} s at {g['to_store']}; growth by stage: "
              + ", ".join(f"{k} {v:+.1f} s" for k, v in grown))
    if "ratio" in s:
        verdict = "within 2x: flat" if s["flat"] else "NOT within 2x" if s["max_ratio"] > 2 else "not conclusive"
        print(f"ratio of the probe at {s['checkpoints'][-1]['size']} to the probe at {s['checkpoints'][0]['size']}: "
              f"{s['ratio']:.2f} (largest {s['max_ratio']:.2f}): {verdict}")
    if s.get("stopped"):
        print(f"stopped growing: {s['stopped']}")
    if len(s["code_versions"]) > 1:
        print(f"warning: the code changed during the run ({' -> '.join(s['code_versions'])}): "
              "the figures mix versions (see 'code' of each ingest in the JSON)")
    if s.get("failed"):
        print(f"failed: {s['failed']}")
    if "peak_rss_mb_any" in s:
        print(f"peak RSS: {s['peak_rss_mb_largest_store'] / 1024:.2f} GB at the largest store "
              f"({s['largest_store']} articles), {s['peak_rss_mb_any'] / 1024:.2f} GB over all ingests "
              f"(limit {args.max_rss_gb:g} GB)")
    png = work / "stream_flat.png"
    if plot(result, png, args.max_rss_gb):
        print(f"wrote {work / 'stream_flat.json'} and {png} ({s['elapsed_seconds'] / 60:.1f} min)")
    else:
        print(f"wrote {work / 'stream_flat.json'}; no plot: matplotlib is missing "
              f"(pip install -e '.[bench]')")
    if s.get("failed"):
        return 1
    return 0 if s["flat"] and s.get("memory_ok", False) else 2


if __name__ == "__main__":
    raise SystemExit(main())
