"""Jobs that touch files or the store: the I/O edge around the pure pipeline."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from recoupe import __version__
from recoupe.config import Options
from recoupe.engine import Engine, get_engine
from recoupe.ingest.readers import iter_paths
from recoupe.model import Article, Claim, Entity, Quote, Record, Rejected, Report, ReusePair, Story
from recoupe.pipeline import build_report, drop_recurring_stored, republished_stored, run_stages, sort_by_time
from recoupe.store.base import Store, StoreError
from recoupe.update import UpdateSummary, update_store

Progress = Callable[[str], None]


@dataclass(slots=True)
class IngestSummary:
    new: int = 0
    already_stored: int = 0
    skipped_unchanged: int = 0
    rejected: list[Rejected] = field(default_factory=list)


def _stat(path: Path | None) -> tuple[int | None, float | None]:
    if path is None or not path.is_file():
        return None, None
    st = path.stat()
    return st.st_size, st.st_mtime


def ingest_paths(
    paths: Iterable[str], store: Store, options: Options, progress: Progress | None = None,
    engine: Engine | None = None,
) -> IngestSummary:
    """Read, prepare and store every input, committing every ``store.chunk_size`` articles.

    A file already ingested with the same size and mtime is skipped without being read, so
    a run stopped half-way (crash, Ctrl-C) resumes where it stopped; an article whose text
    is already stored is not stored again. The files are read and prepared by ``engine``
    (default: the one the ``engine.*`` settings name, closed at the end).
    """
    chunk = max(1, int(options.get("store.chunk_size", 50)))
    summary = IngestSummary()
    buffer: list[tuple[Article, int | None, float | None]] = []
    rejected_buffer: list[Rejected] = []
    stats: dict[str, tuple[int | None, float | None]] = {}
    done: list[tuple[str, int | None, float | None]] = []  # files whose results are buffered

    min_days = int(options.get("clean.repeated_min_days", 3))

    def flush() -> None:
        if buffer:
            # the lines the store has seen on min_days days (its earlier ingests and this
            # chunk) go before storing: a site's banner, found across runs. Two articles
            # that become one text both stay: the store keeps one and links both sources
            drop_recurring_stored([a for a, _, _ in buffer], store, min_days)
            republished_stored([a for a, _, _ in buffer], store)
            new, old = store.add_articles(buffer)
            summary.new += new
            summary.already_stored += old
            buffer.clear()
        if rejected_buffer:
            store.add_rejected(rejected_buffer)
            rejected_buffer.clear()
        if done:  # only once what they produced is committed: an interrupted run re-reads them
            store.mark_sources(done)
            done.clear()

    def to_read() -> Iterator[tuple[str, Path | None, Path | None]]:
        for source, path, root in iter_paths(paths, options):
            if progress is not None:
                progress(source)
            size, mtime = _stat(path)
            if path is not None and store.source_unchanged(source, size, mtime):
                summary.skipped_unchanged += 1
                continue
            stats[source] = (size, mtime)
            yield source, path, root

    eng = engine or get_engine(options)
    try:
        for (source, _path, _root), results in eng.map_sources(to_read(), options):
            size, mtime = stats[source]
            produced = False
            for result in results:
                if isinstance(result, Rejected):
                    summary.rejected.append(result)
                    rejected_buffer.append(result)
                else:
                    buffer.append((result, size, mtime))
                    produced = True
            # a file that gave no article is read again next time (its cause may be fixed:
            # a size limit raised, a permission granted, better cleaning)
            if _path is not None and produced:
                done.append((source, size, mtime))
            if len(buffer) >= chunk:
                flush()
        flush()
    finally:
        if engine is None:
            eng.close()
    return summary


#: record kinds the analysis writes to the store, with their record class
RECORD_KINDS: dict[str, type[Record]] = {
    "story": Story, "entity": Entity, "quote": Quote, "claim": Claim, "reuse": ReusePair,
}


def _record_id(kind: str, rec: Record, n: int) -> str:
    if kind == "reuse":
        return f"{n:07d}"
    return str(rec.as_dict()["id"])


def update_analysis(store: Store, options: Options, stage: Progress | None = None,
                    attempts: int = 3) -> UpdateSummary:
    """Bring the store's analysis up to date without building a report: a scoped update
    (only the stories new articles change, see :mod:`recoupe.update`) when an analysis
    with the same settings exists, else an analysis of the whole store."""
    for attempt in range(1, attempts + 1):
        try:
            summary = update_store(store, options, stage)
            if summary is None:
                rep = _analyze_store_once(store, options, stage)
                summary = UpdateSummary(articles=len(rep.articles), new=len(rep.articles),
                                        stories=len(rep.stories), scope=len(rep.articles),
                                        full=True)
            return summary
        except StoreError as exc:
            if "[S007]" not in str(exc) or attempt == attempts:
                raise
    raise AssertionError("unreachable")


def analyze_store(store: Store, options: Options, stage: Progress | None = None,
                  attempts: int = 3) -> Report:
    """Analyse ``store`` (a scoped update when possible, see :func:`update_analysis`) and
    return the report of everything in it.

    Clustering continues the stream saved by the previous run (only articles not yet
    clustered are fed to it); the NLP layer and reuse detection run over all stored
    articles. Articles, records and the clusterer state are written in one transaction.
    When another process saved an analysis meanwhile (error [S007]), the analysis runs
    again from the new state, up to ``attempts`` times.
    """
    for attempt in range(1, attempts + 1):
        try:
            summary = update_store(store, options, stage)
            if summary is not None:
                rep = load_report(store, options)
                if rep is not None:
                    return rep
            return _analyze_store_once(store, options, stage)
        except StoreError as exc:
            if "[S007]" not in str(exc) or attempt == attempts:
                raise
    raise AssertionError("unreachable")


def _cache_path(store: Store, options: Options) -> str | None:
    """Where the per-text cache of a store lives: ``cache.path`` when set, else beside a
    SQLite store file (``news.db`` -> ``news.db.cache``); none for an in-memory store."""
    configured = str(options.get("cache.path", "") or "")
    if configured == "off":
        return None
    if configured:
        return configured
    path = getattr(store, "path", None)
    if isinstance(path, str) and path and path != ":memory:":
        return path + ".cache"
    return None


def _analyze_store_once(store: Store, options: Options, stage: Progress | None) -> Report:
    from recoupe.cache import attach_disk

    attach_disk(_cache_path(store, options))
    articles = sort_by_time(list(store.articles()))
    known = [Story.from_dict(d) for d in store.records("story")]
    started_from = store.get_state("cluster")  # checked at save time (another analysis?)
    # an earlier analysis with the same settings: its claims and summaries are kept for the
    # stories no new article touches (run_stages says which it recomputes)
    info = store.get_state("analysis")
    same = same_settings(info, options) and bool(options.get("analysis.incremental", True))
    known_claims = [Claim.from_dict(d) for d in store.records("claim")] if same else None
    known_reuse = [ReusePair.from_dict(d) for d in store.records("reuse")] if same else None
    result = run_stages(articles, options, cluster_state=store.get_state("cluster"),
                        known_stories=known, stage=stage, known_claims=known_claims,
                        known_reuse=known_reuse)
    report = build_report(articles, store.rejected(), result)
    records = {
        kind: [(_record_id(kind, r, n), r.as_dict()) for n, r in enumerate(getattr(report, _FIELD[kind]))]
        for kind in RECORD_KINDS  # all kinds: a stage not run leaves none from older runs
    }
    states = {"cluster": result.cluster_state} if result.cluster_state is not None else {}
    states["analysis"] = {"at": report.generated_at, "articles": len(articles),
                          "timings": result.timings, "settings": analysis_fingerprint(options)}
    store.save_analysis(articles, records, states, expect={"cluster": started_from})
    return report


_FIELD = {"story": "stories", "entity": "entities", "quote": "quotes", "claim": "claims",
          "reuse": "reuse"}
#: the settings sections an analysis depends on (a change makes a saved analysis stale)
ANALYSIS_SECTIONS = ("analysis", "nlp", "embed", "cluster", "reuse", "claims", "synth")


#: settings that change how an analysis runs, never what it finds
EXECUTION_KEYS = {"nlp": ("batch_size", "n_process")}


def analysis_fingerprint(options: Options) -> str:
    """A hash of the settings that shape an analysis (stages and their parameters)."""
    import hashlib
    import json

    relevant = {name: {k: v for k, v in options.section(name).items()
                       if k not in EXECUTION_KEYS.get(name, ())}
                for name in ANALYSIS_SECTIONS}
    return hashlib.sha1(json.dumps(relevant, sort_keys=True, default=str).encode()).hexdigest()[:16]


def same_settings(info: dict[str, Any] | None, options: Options) -> bool:
    """Whether the saved analysis (``info``: the store's ``analysis`` state) was made with
    the analysis settings of ``options``."""
    return info is not None and info.get("settings") == analysis_fingerprint(options)


def analysis_is_current(store: Store, options: Options | None = None) -> bool:
    """Whether the saved analysis covers every stored article (and, given ``options``, was
    made with these analysis settings), without loading it."""
    return _is_current(store, store.get_state("analysis"), options)


def _is_current(store: Store, info: dict[str, Any] | None, options: Options | None) -> bool:
    if info is None or info.get("articles") != store.count_articles():
        return False
    return options is None or same_settings(info, options)


def load_report(store: Store, options: Options | None = None) -> Report | None:
    """The last analysis saved in ``store`` as a :class:`Report`, or None if there is none,
    articles were added since, or (given ``options``) it was made with other analysis
    settings; then run :func:`analyze_store`."""
    info = store.get_state("analysis")
    if info is None or not _is_current(store, info, options):
        return None
    articles = list(store.articles())
    rep = Report(recoupe_version=__version__, generated_at=str(info.get("at", "")),
                 articles=sort_by_time(articles), rejected=store.rejected())
    for kind, cls in RECORD_KINDS.items():
        setattr(rep, _FIELD[kind], [cls.from_dict(d) for d in store.records(kind)])
    rep.stories.sort(key=lambda s: _first_time(s, {a.id: a for a in articles}))
    return rep


def _first_time(story: Story, by_id: dict[str, Article]) -> str:
    times = [by_id[a].published or "~" for a in story.articles if a in by_id]
    return min(times, default="~")
