"""``recoupe`` command line. Only parses options, calls library functions and prints."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any

import typer
from rich.console import Console
from rich.markup import escape
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

from recoupe import __version__
from recoupe.config import ConfigError, Options

if TYPE_CHECKING:
    from recoupe.update import UpdateSummary

app = typer.Typer(
    name="recoupe", no_args_is_help=True, add_completion=False,
    help="Cross-check news sources: ingest, clean, date, cluster and verify articles.",
)
eval_app = typer.Typer(no_args_is_help=True, help="Evaluate a stage against gold data.")
app.add_typer(eval_app, name="eval")

err = Console(stderr=True, soft_wrap=True)  # one line per message, whatever the width
out = Console(soft_wrap=True)

ConfigOpt = typer.Option(None, "--config", "-c", help="TOML settings overriding the defaults.")
QuietOpt = typer.Option(False, "--quiet", "-q", help="No progress bar, no summary.")


def _options(config: Path | None, quiet: bool) -> Options:
    try:
        return Options.load(config, quiet=quiet)
    except ConfigError as exc:
        err.print(f"[red]error:[/red] {escape(str(exc))}")
        raise typer.Exit(2) from None


def _n(count: int, one: str, many: str | None = None) -> str:
    """"1 story", "3 stories", "0 new articles"."""
    return f"{count} {one if count == 1 else (many or one + 's')}"


def _count_inputs(paths: list[str], options: Options) -> int | None:
    """How many inputs the paths give (None for stdin); says which files of the named
    folders are not read, so that none is left out silently."""
    from collections import Counter

    from recoupe.ingest.readers import ignored_files, iter_paths

    ignored = ignored_files(paths, options)
    if ignored:
        kinds = Counter(p.suffix.lower() or "(no extension)" for p in ignored)
        listed = ", ".join(f"{k} ×{n}" for k, n in sorted(kinds.items()))
        err.print(escape(f"note: {len(ignored)} file(s) in the folders not read ({listed}): "
                         "their extension is not in ingest.extensions"))
    if "-" in paths:
        return None
    return sum(1 for _ in iter_paths(paths, options))


class _Bar:
    """A rich progress bar over input files (silent with --quiet or no terminal)."""

    def __init__(self, total: int | None, quiet: bool, label: str) -> None:
        self.progress: Progress | None = None
        if not quiet:
            self.progress = Progress(
                TextColumn(f"[bold]{label}"), BarColumn(), MofNCompleteColumn(),
                TextColumn("{task.fields[name]}", markup=False), TimeElapsedColumn(), console=err,
                transient=True,
            )
            self.task = self.progress.add_task(label, total=total, name="")

    def __enter__(self) -> _Bar:
        if self.progress:
            self.progress.start()
        return self

    def __exit__(self, *exc: object) -> None:
        if self.progress:
            self.progress.stop()

    def __call__(self, source: str) -> None:
        if self.progress is not None:
            self.progress.update(self.task, advance=1, name=Path(source).name[-40:])


def _stage(quiet: bool) -> Any:
    """A callback announcing each analysis stage on stderr (None when quiet)."""
    if quiet:
        return None
    labels = {"cluster": "clustering events and stories", "nlp": "entities, quotes, dates, numbers",
              "reuse": "finding reuse between articles", "claims": "cross-checking claims",
              "synth": "writing summaries and timelines"}

    def announce(name: str) -> None:
        err.print(f"[dim]… {escape(labels.get(name, name))}[/dim]")

    return announce


def _print_rejected(rejected: list[Any]) -> None:
    for r in rejected:
        err.print(f"[yellow]skipped[/yellow] {escape(str(r.source))}: {escape(str(r.reason))}", highlight=False)


@app.command()
def analyze(
    paths: list[str] = typer.Argument(..., help="Files, folders (recursive) or - for stdin."),
    outdir: Path = typer.Option(Path("out"), "--output", "-o", help="Folder for the reports."),
    config: Path | None = ConfigOpt,
    quiet: bool = QuietOpt,
    db: str | None = typer.Option(
        None, "--db", help="Also store the articles and their analysis in this store; the "
        "report then covers everything in it, and clustering continues its stream."),
) -> None:
    """Analyse articles and write report.json, report.md and report.html."""
    from recoupe.pipeline import analyze_articles, load_articles
    from recoupe.report import write_reports

    options = _options(config, quiet)
    with _Bar(_count_inputs(paths, options), quiet, "analysing") as bar:
        articles, rejected = load_articles(paths, options, progress=bar)
    _print_rejected(rejected)
    if not articles:
        err.print("[red]error:[/red] nothing could be analysed (see the reasons above)")
        raise typer.Exit(1)
    if db is not None:
        from recoupe.jobs import analyze_store
        from recoupe.pipeline import drop_recurring_stored, republished_stored
        from recoupe.store import open_store

        with open_store(db) as store:
            drop_recurring_stored(articles, store, int(options.get("clean.repeated_min_days", 3)))
            republished_stored(articles, store)
            store.add_articles((a, None, None) for a in articles)
            store.add_rejected(rejected)
            report = analyze_store(store, options, stage=_stage(quiet))
    else:
        report = analyze_articles(articles, rejected, options, stage=_stage(quiet))
    formats = tuple(options.get("report.formats", ["json", "md", "html"]))
    written = write_reports(report, outdir, formats)
    if not quiet:
        err.print(
            f"{_n(len(report.articles), 'article')} analysed, {_n(len(rejected), 'input')} rejected, "
            f"{_n(len(report.stories), 'story', 'stories')}"
        )
    for p in written.values():
        out.print(escape(str(p)), highlight=False)


@app.command()
def ingest(
    paths: list[str] = typer.Argument(..., help="Files, folders (recursive) or - for stdin."),
    db: str = typer.Option("recoupe.db", "--db", help="SQLite file or postgresql:// URL."),
    config: Path | None = ConfigOpt,
    quiet: bool = QuietOpt,
    analyse: bool = typer.Option(
        True, "--analyze/--no-analyze",
        help="Run the analysis (clusters continue their stream) after storing."),
) -> None:
    """Clean, date and store articles, then analyse the store; a re-run skips what is
    already stored."""
    from recoupe.jobs import ingest_paths, update_analysis
    from recoupe.store import open_store

    options = _options(config, quiet)
    if "://" not in db and not Path(db).exists() and not any(
            p == "-" or "://" in p or Path(p).exists() for p in paths):
        # nothing to read: say so before a store file is created for nothing
        err.print(f"[red]error:[/red] no such file or folder: {escape(', '.join(paths))}")
        raise typer.Exit(1)
    with open_store(db) as store, _Bar(
        _count_inputs(paths, options), quiet, "ingesting"
    ) as bar:
        summary = ingest_paths(paths, store, options, progress=bar)
    _print_rejected(summary.rejected)
    if not quiet:
        err.print(
            f"{_n(summary.new, 'new article')}, {summary.already_stored} already stored, "
            f"{summary.skipped_unchanged} unchanged files skipped, "
            f"{len(summary.rejected)} rejected → {escape(db)}"
        )
    if summary.new + summary.already_stored + summary.skipped_unchanged == 0:
        err.print("[red]error:[/red] nothing could be ingested")
        raise typer.Exit(1)
    if analyse and (summary.new or not _analysed(db, options)):
        with open_store(db) as store:
            upd = update_analysis(store, options, stage=_stage(quiet))
        if not quiet:
            err.print(_update_line(upd))


def _update_line(upd: UpdateSummary) -> str:
    """What an analysis of a store did, in one line."""
    if upd.full:
        return f"{_n(upd.articles, 'article')} in {_n(upd.stories, 'story', 'stories')}"
    return (f"{upd.articles} articles; {upd.new} new, {upd.stories} stories updated "
            f"({upd.scope} articles re-analysed)")


def _analysed(db: str, options: Options) -> bool:
    from recoupe.jobs import analysis_is_current
    from recoupe.store import open_store

    with open_store(db) as store:
        return analysis_is_current(store, options)


@app.command()
def report(
    db: str = typer.Option("recoupe.db", "--db", help="SQLite file or postgresql:// URL."),
    outdir: Path = typer.Option(Path("out"), "--output", "-o"),
    config: Path | None = ConfigOpt,
    quiet: bool = QuietOpt,
) -> None:
    """Write the reports for everything in a store (analysing it first if needed)."""
    from recoupe.jobs import analyze_store, load_report
    from recoupe.report import write_reports
    from recoupe.store import open_store

    options = _options(config, quiet)
    if "://" not in db and not Path(db).exists():
        err.print(f"[red]error:[/red] no store at {escape(db)} (run `recoupe ingest ... --db {escape(db)}`)")
        raise typer.Exit(1)
    with open_store(db) as store:
        if not store.count_articles():
            err.print(f"[red]error:[/red] the store {escape(db)} holds no article")
            raise typer.Exit(1)
        rep = load_report(store, options) or analyze_store(store, options, stage=_stage(quiet))
    for p in write_reports(rep, outdir, tuple(options.get("report.formats"))).values():
        out.print(escape(str(p)), highlight=False)


def _open_existing(db: str) -> Any:
    from recoupe.store import open_store
    from recoupe.store.base import StoreError

    if "://" not in db and not Path(db).exists():
        err.print(f"[red]error:[/red] no store at {escape(db)} (run `recoupe ingest ... --db {escape(db)}`)")
        raise typer.Exit(1)
    if "://" not in db and Path(db).is_dir():
        err.print(f"[red]error:[/red] {escape(db)} is a folder, not a store file")
        raise typer.Exit(1)
    try:
        return open_store(db)
    except StoreError as exc:  # a text file, a broken database: one line, no traceback
        err.print(f"[red]error:[/red] {escape(str(exc))}")
        raise typer.Exit(1) from None


@app.command()
def search(
    query: str = typer.Argument(..., help="Words to find (accents folded on SQLite)."),
    db: str = typer.Option("recoupe.db", "--db", help="SQLite file or postgresql:// URL."),
    limit: int = typer.Option(20, "--limit", "-n", min=1, max=500),
    as_json: bool = typer.Option(False, "--json", help="Print the hits as JSON."),
) -> None:
    """Full-text search of a store's articles, best first."""
    from recoupe.report.console import search_results

    if not query.strip():
        err.print("[red]error:[/red] give words to search for, e.g. recoupe search \"digue\" --db news.db")
        raise typer.Exit(2)
    with _open_existing(db) as store:
        hits = search_results(store, query, limit)
    if as_json:
        out.print_json(data=hits)
        return
    if not hits:
        err.print(f"no article matches {escape(query)!r}")
        raise typer.Exit(1)
    for h in hits:
        out.print(escape(f"{h['id']}  {(h['published'] or '')[:10]}  {h['outlet'] or '?'}  "
                         f"{h['title'] or ''}  (story {h['story'] or '-'})"), highlight=False)
        out.print(escape(f"    {h['snippet']}"), highlight=False)


@app.command()
def show(
    ident: str = typer.Argument("", help="A story, event, claim or article id; none lists the stories."),
    db: str = typer.Option("recoupe.db", "--db", help="SQLite file or postgresql:// URL."),
) -> None:
    """Show a story (events, summary, timeline, claims, sources), an event, a claim or an
    article of a store; without an id, list the stories, newest first."""
    from recoupe.report.console import describe, story_list

    with _open_existing(db) as store:
        if not ident:
            rows = story_list(store)
            if not rows:
                err.print("[yellow]note:[/yellow] no story in this store yet (`recoupe report` analyses it)")
            for line in rows:
                out.print(escape(line), highlight=False)
            return
        lines = describe(store, ident)
    if lines is None:
        err.print(f"[red]error:[/red] no story, event, claim or article with id {escape(ident)} "
                  "(`recoupe search` finds article ids)")
        raise typer.Exit(1)
    for line in lines:
        out.print(escape(line), highlight=False)


def _finish_eval(metrics: dict[str, Any], floors: Path | None, as_json: bool, keys: list[str]) -> None:
    from recoupe.evaluate.common import check_floors

    if as_json:
        out.print_json(json.dumps(metrics, ensure_ascii=False))
    else:
        for k in keys:
            if k in metrics:
                out.print(f"{escape(k):>20}: {escape(str(metrics[k]))}")
        if metrics.get("missing"):
            err.print(
                f"[yellow]note:[/yellow] {len(metrics['missing'])} gold documents are missing "
                "(the shared corpus is not on this machine?); they were not scored"
            )
    if floors is not None:
        if metrics.get("documents", metrics.get("topics", 1)) == 0:
            err.print("[yellow]note:[/yellow] no gold document available: floors not checked")
            return
        failures = check_floors(metrics, floors)
        if failures:
            for f in failures:
                err.print(f"[red]below floor:[/red] {escape(str(f))}")
            raise typer.Exit(1)
        err.print(f"floors hold ({escape(str(floors))})")


@eval_app.command("clean")
def eval_clean(
    gold: list[Path] = typer.Argument(..., help="Gold JSONL files or folders."),
    floors: Path | None = typer.Option(None, "--floors", help="Fail if below these floors."),
    corpus: Path | None = typer.Option(None, "--corpus", help="Root of base=shared documents."),
    as_json: bool = typer.Option(False, "--json", help="Print all metrics as JSON."),
    errors: int = typer.Option(0, "--errors", help="Print this many line errors."),
    context: str = typer.Option(
        "corpus", "--context", help="corpus: a page is cleaned in the batch of its corpus "
        "folder (lines repeated on 3 days go, as in a run over it); none: each page alone."),
) -> None:
    """Line-level precision, recall and F1 for debris, and the share of body lines kept."""
    from recoupe.evaluate.clean import evaluate_clean

    if context not in ("corpus", "none"):
        err.print(f"[red]error:[/red] --context is 'corpus' or 'none', not {escape(repr(context))}")
        raise typer.Exit(2)
    metrics = evaluate_clean(gold, corpus=corpus, context=context)
    shown = metrics.pop("errors")
    for e in shown[:errors]:
        out.print(escape(f"{e['error']:>12} {e['doc']}:{e['line']} {e['text']}"), highlight=False)
    _finish_eval(
        metrics, floors, as_json,
        ["documents", "lines", "debris_precision", "debris_recall", "debris_f1", "body_kept"],
    )
    if not as_json:
        for name, b in metrics["batches"].items():
            out.print(escape(f"{name:>20}: F1 {b['debris_f1']}  body kept {b['body_kept']}"))


GoldArg = typer.Argument(..., help="Gold JSONL files or folders.")
FloorsOpt = typer.Option(None, "--floors", help="Fail if below these floors.")
CorpusOpt = typer.Option(None, "--corpus", help="Root of base=shared documents.")
JsonOpt = typer.Option(False, "--json", help="Print all metrics as JSON.")
ExamplesOpt = typer.Option(0, "--errors", help="Print this many errors.")


SelectOpt = typer.Option(None, "--select", help="Only gold documents whose path matches this regex.")


def _nlp_eval(kind: str, gold: list[Path], floors: Path | None, corpus: Path | None,
              as_json: bool, errors: int, config: Path | None, select: str | None,
              keys: list[str]) -> None:
    from recoupe.evaluate import nlp as nlp_eval

    evaluate = getattr(nlp_eval, f"evaluate_{kind}")
    metrics = evaluate(gold, _options(config, True), corpus=corpus, select=select, examples=errors)
    for e in metrics.pop("examples", [])[:errors]:
        out.print(escape(json.dumps(e, ensure_ascii=False)), highlight=False)
    _finish_eval(metrics, floors, as_json, keys)


@eval_app.command("quotes")
def eval_quotes(
    gold: list[Path] = GoldArg, floors: Path | None = FloorsOpt, corpus: Path | None = CorpusOpt,
    as_json: bool = JsonOpt, errors: int = ExamplesOpt, config: Path | None = ConfigOpt,
    select: str | None = SelectOpt,
) -> None:
    """Quote spans (a match overlaps >= 50 %): precision, recall, F1; speaker accuracy."""
    _nlp_eval("quotes", gold, floors, corpus, as_json, errors, config, select,
              ["documents", "gold_quotes", "quote_precision", "quote_recall", "quote_f1",
               "speaker_accuracy", "direct_f1", "indirect_f1"])


@eval_app.command("dates")
def eval_dates(
    gold: list[Path] = GoldArg, floors: Path | None = FloorsOpt, corpus: Path | None = CorpusOpt,
    as_json: bool = JsonOpt, errors: int = ExamplesOpt, config: Path | None = ConfigOpt,
    select: str | None = SelectOpt,
) -> None:
    """Dated expressions found and resolved to the right value."""
    _nlp_eval("dates", gold, floors, corpus, as_json, errors, config, select,
              ["documents", "gold_dates", "date_accuracy", "date_recall", "date_precision",
               "granularity_accuracy"])


@eval_app.command("quantities")
def eval_quantities(
    gold: list[Path] = GoldArg, floors: Path | None = FloorsOpt, corpus: Path | None = CorpusOpt,
    as_json: bool = JsonOpt, errors: int = ExamplesOpt, config: Path | None = ConfigOpt,
    select: str | None = SelectOpt,
) -> None:
    """Quantities found, with the right value, approximation and bound."""
    _nlp_eval("quantities", gold, floors, corpus, as_json, errors, config, select,
              ["documents", "gold_quantities", "quantity_accuracy", "quantity_recall",
               "quantity_precision", "approx_accuracy", "bound_accuracy", "unit_accuracy"])


@eval_app.command("cluster")
def eval_cluster(
    gold: Path = typer.Argument(..., help="rpm2-dev folder, an RPM2 gold JSON or samples/gold/articles.json."),
    floors: Path | None = FloorsOpt, corpus: Path | None = CorpusOpt, as_json: bool = JsonOpt,
    batch: int | None = typer.Option(
        None, "--batch", help="Feed the documents N at a time, the state going through JSON."),
    seed: int | None = typer.Option(
        None, "--seed", help="RPM2 shuffling seed (overrides the gold file's)."),
    config: Path | None = ConfigOpt,
) -> None:
    """Event and story clustering: B-cubed and pairwise P/R/F1, ARI, NMI."""
    from recoupe.evaluate.cluster import SUMMARY_KEYS, evaluate_cluster

    metrics = evaluate_cluster(gold, _options(config, True), corpus=corpus, batch=batch,
                               seed=seed)
    _finish_eval(metrics, floors, as_json, list(SUMMARY_KEYS))


@eval_app.command("claims")
def eval_claims(
    gold: list[Path] = typer.Argument(..., help="Claim gold JSON files or folders (eval/gold/claims)."),
    floors: Path | None = FloorsOpt, corpus: Path | None = CorpusOpt, as_json: bool = JsonOpt,
    errors: int = ExamplesOpt,
) -> None:
    """Claim pairs (same fact or not): precision, recall, F1; group status accuracy."""
    from recoupe.evaluate.claims import evaluate_claims

    metrics = evaluate_claims(gold, corpus=corpus)
    for e in metrics.pop("errors", [])[:errors]:
        out.print(escape(str(e)), highlight=False)
    _finish_eval(metrics, floors, as_json,
                 ["documents", "pair_precision", "pair_recall", "pair_f1", "status_accuracy",
                  "samples_pair_f1", "samples_status_accuracy", "seeds_pair_f1",
                  "seeds_status_accuracy"])


@app.command()
def summarize(
    paths: list[str] = typer.Argument(..., help="Articles of one story: files, folders or -."),
    given: list[str] = typer.Option(
        [], "--given", help="Earlier articles the reader knows (repeatable): the summary then "
        "says what is new."),
    words: int = typer.Option(100, "--words", help="Word budget."),
    as_json: bool = typer.Option(False, "--json", help="Sentences, sources and timeline as JSON."),
    config: Path | None = ConfigOpt,
    quiet: bool = QuietOpt,
) -> None:
    """Cited extractive summary and timeline of articles treated as one story."""
    from recoupe.pipeline import load_articles, summarize_articles
    from recoupe.synth import format_summary, summary_json

    options = _options(config, quiet)
    articles, rejected = load_articles(paths, options)
    earlier, rejected_given = load_articles(given, options) if given else ([], [])
    _print_rejected(rejected + rejected_given)
    if not articles:
        err.print("[red]error:[/red] no article could be read (see the reasons above)")
        raise typer.Exit(1)
    sentences, entries = summarize_articles(articles, earlier, options, words, stage=_stage(quiet))
    if as_json:
        out.print_json(json.dumps(summary_json(sentences, entries, articles + earlier),
                                  ensure_ascii=False))
    else:
        out.print(format_summary(sentences, articles + earlier, entries), highlight=False,
                  markup=False)


@eval_app.command("summarize")
def eval_summarize(
    corpus: Path | None = typer.Argument(None, help="rpm2-dev folder (default ../shared/corpus/rpm2-dev)."),
    floors: Path | None = FloorsOpt,
    as_json: bool = JsonOpt,
    baselines: bool = typer.Option(True, "--baselines/--no-baselines",
                                   help="Also run LexRank and TextRank (sumy)."),
    config: Path | None = ConfigOpt,
) -> None:
    """ROUGE-1/2 on RPM2 (C1, C2, update) next to lead round-robin, LexRank and TextRank."""
    from recoupe.evaluate.summarize import SYSTEMS, evaluate_summarize, format_table

    systems = SYSTEMS if baselines else ("recoupe", "recoupe-claims", "lead")
    metrics = evaluate_summarize(corpus, options=_options(config, True), systems=systems)
    if not as_json:
        out.print(format_table(metrics), highlight=False, markup=False)
    _finish_eval(metrics, floors, as_json, [])


@app.command()
def serve(
    db: str = typer.Option("recoupe.db", "--db", help="SQLite file or postgresql:// URL (recoupe ingest ... --db)."),
    host: str = typer.Option("127.0.0.1", "--host", help="Interface to listen on (default: this machine only)."),
    port: int = typer.Option(8000, "--port"),
    token: str | None = typer.Option(
        None, "--token", envvar="RECOUPE_TOKEN",
        help="API token for write endpoints (default: web.token, else generated at first start and printed once)."),
    config: Path | None = ConfigOpt,
) -> None:
    """Serve the web UI and the JSON API (/api/v1) over a store."""
    from recoupe.web import WebUnavailable
    from recoupe.web import serve as run

    options = _options(config, False)
    try:
        run(db, host=host, port=port, options=options, token=token)
    except WebUnavailable as exc:
        err.print(f"[red]error:[/red] {escape(str(exc))}")
        raise typer.Exit(2) from None


# --------------------------------------------------------------------------- fetch, watch

UserAgentOpt = typer.Option(None, "--user-agent", help="User-Agent of every request (fetch.user_agent).")
RateOpt = typer.Option(None, "--rate", help="Requests per second to one host (fetch.rate, default 1).")
AnalyseOpt = typer.Option(True, "--analyze/--no-analyze",
                          help="Run the analysis after storing new articles (as ingest does).")


def _fetch_options(config: Path | None, quiet: bool, section: dict[str, Any],
                   user_agent: str | None, rate: float | None) -> Options:
    """The run's options with a ``[fetch]`` table: the --config file's, then ``section``
    (a feeds file's), then the command-line flags."""
    from recoupe.fetch import load_options, with_fetch_section

    flags = {k: v for k, v in (("user_agent", user_agent), ("rate", rate)) if v is not None}
    try:
        return with_fetch_section(load_options(config, quiet=quiet), {**section, **flags})
    except ConfigError as exc:
        err.print(f"[red]error:[/red] {escape(str(exc))}")
        raise typer.Exit(2) from None


class _FetchProgress:
    """A rich status line while fetching (silent with --quiet): the URL being fetched and
    the counts so far; each rejection printed as it happens."""

    def __init__(self, quiet: bool, label: str = "fetching") -> None:
        from rich.progress import SpinnerColumn

        self.quiet = quiet
        self.counts = {"new": 0, "stored": 0, "known": 0, "not-modified": 0, "rejected": 0}
        self.progress: Progress | None = None
        if not quiet:
            self.progress = Progress(
                SpinnerColumn(), TextColumn(f"[bold]{label}"), TextColumn("{task.fields[counts]}"),
                TextColumn("{task.fields[url]}", markup=False), TimeElapsedColumn(), console=err,
                transient=True)
            self.task = self.progress.add_task(label, total=None, counts="", url="")

    def __enter__(self) -> _FetchProgress:
        if self.progress is not None:
            self.progress.start()
        return self

    def __exit__(self, *exc: object) -> None:
        if self.progress is not None:
            self.progress.stop()

    def line(self) -> str:
        c = self.counts
        return (f"{c['new']} new · {c['stored'] + c['known']} already there · "
                f"{c['not-modified']} not modified · {c['rejected']} rejected")

    def print(self, text: str, always: bool = False) -> None:
        if always or not self.quiet:
            (self.progress.console if self.progress is not None else err).print(text, highlight=False)

    def __call__(self, event: str, url: str, detail: str) -> None:
        if event in self.counts:
            self.counts[event] += 1
        if event == "rejected":
            self.print(f"[yellow]rejected[/yellow] {escape(url)}: {escape(detail)}", always=True)  # as ingest -q
        if self.progress is not None:
            self.progress.update(self.task, counts=self.line(), url=url[-70:])


def _after_fetch(db: str, options: Options, quiet: bool) -> None:
    from recoupe.jobs import update_analysis
    from recoupe.store import open_store

    with open_store(db) as store:
        upd = update_analysis(store, options, stage=_stage(quiet))
    if not quiet:
        err.print(_update_line(upd))


@app.command()
def fetch(
    urls: list[str] = typer.Argument(None, help="Feed (RSS/Atom), sitemap or article URLs."),
    db: str = typer.Option("recoupe.db", "--db", help="SQLite file or postgresql:// URL."),
    opml: list[Path] = typer.Option([], "--opml", help="An OPML feed list: fetch each of its feeds (repeatable)."),
    user_agent: str | None = UserAgentOpt,
    rate: float | None = RateOpt,
    config: Path | None = ConfigOpt,
    quiet: bool = QuietOpt,
    analyse: bool = AnalyseOpt,
) -> None:
    """Fetch once: a feed brings its items, a sitemap its articles, an article URL its page;
    each page is cleaned, dated and stored as `ingest` does. Fails only when nothing could
    be fetched."""
    from recoupe.fetch import Crawler, load_feeds
    from recoupe.store import open_store

    targets = list(urls or [])
    for path in opml:
        try:
            targets += [f.url for f in load_feeds(path)[0]]
        except ConfigError as exc:
            err.print(f"[red]error:[/red] {escape(str(exc))}")
            raise typer.Exit(2) from None
    if not targets:
        err.print("[red]error:[/red] give URLs to fetch, or --opml FILE")
        raise typer.Exit(2)
    options = _fetch_options(config, quiet, {}, user_agent, rate)
    stopped = False
    with open_store(db) as store, _FetchProgress(quiet) as bar:
        crawler = Crawler(store, options, progress=bar)
        try:
            crawler.fetch_all(targets)
        except KeyboardInterrupt:
            stopped = True
    summary = crawler.summary
    if not quiet:
        err.print(f"{_n(summary.new, 'new article')}, {summary.already_stored + summary.known} already stored, "
                  f"{summary.not_modified} not modified, {len(summary.rejected)} rejected → {escape(db)}"
                  + (" (stopped; everything fetched is saved)" if stopped else ""))
    if stopped:
        raise typer.Exit(130)
    if summary.fetched == 0:
        err.print("[red]error:[/red] nothing could be fetched (see the reasons above)")
        raise typer.Exit(1)
    if analyse and summary.new:
        _after_fetch(db, options, quiet)


@app.command()
def watch(
    feeds_file: Path = typer.Argument(..., help="Feeds file: TOML ([[feed]] url, name, outlet, interval) or OPML."),
    db: str = typer.Option("recoupe.db", "--db", help="SQLite file or postgresql:// URL."),
    once: bool = typer.Option(False, "--once", help="One round: poll every feed now, then stop."),
    max_rounds: int | None = typer.Option(None, "--max-rounds", help="Stop after N polling rounds."),
    user_agent: str | None = UserAgentOpt,
    rate: float | None = RateOpt,
    config: Path | None = ConfigOpt,
    quiet: bool = QuietOpt,
    analyse: bool = AnalyseOpt,
) -> None:
    """Keep polling feeds at their own pace, storing each new article as it comes; Ctrl-C
    (or kill) stops it without losing anything already fetched."""
    import signal
    import time

    from recoupe.fetch import Crawler, FeedSpec, Polled, Round, Watcher, load_feeds
    from recoupe.store import open_store

    try:
        feeds, section = load_feeds(feeds_file)
    except ConfigError as exc:
        err.print(f"[red]error:[/red] {escape(str(exc))}")
        raise typer.Exit(2) from None
    options = _fetch_options(config, quiet, section, user_agent, rate)

    def stop(_signum: int, _frame: object) -> None:
        raise KeyboardInterrupt

    previous = signal.signal(signal.SIGTERM, stop)
    stopped = False
    polls_ok = 0
    with open_store(db) as store, _FetchProgress(quiet, "watching") as bar:
        crawler = Crawler(store, options, progress=bar)

        def started(spec: FeedSpec) -> None:
            if bar.progress is not None:
                bar.progress.update(bar.task, url=f"polling {spec.label}"[-70:])

        def polled(spec: FeedSpec, result: Polled) -> None:
            nonlocal polls_ok
            polls_ok += result.ok
            what = ("not modified" if result.not_modified else f"{result.items} items") if result.ok else result.error
            bar.print(f"[dim]{time.strftime('%H:%M:%S')}[/dim] {escape(spec.label)}: {escape(str(what))}")

        def waiting(left: float, spec: FeedSpec) -> None:
            if bar.progress is not None:
                bar.progress.update(bar.task, url=f"next: {spec.label} in {int(left) // 60}:{int(left) % 60:02d}")

        def round_done(rnd: Round) -> None:
            bar.print(f"round {rnd.number}: {_n(len(rnd.polled), 'feed')} polled, {_n(rnd.new, 'new article')}, "
                      f"{rnd.rejected} rejected")
            if analyse and rnd.new:
                from recoupe.jobs import update_analysis

                bar.print(_update_line(update_analysis(store, options)))

        watcher = Watcher(feeds, crawler, on_poll=polled, on_start=started, on_wait=waiting)
        try:
            watcher.run(max_rounds=max_rounds, once=once, on_round=round_done)
        except KeyboardInterrupt:
            stopped = True
        finally:
            signal.signal(signal.SIGTERM, previous)
    summary = crawler.summary
    if not quiet:
        err.print(f"{_n(summary.new, 'new article')}, {summary.already_stored + summary.known} already stored, "
                  f"{len(summary.rejected)} rejected → {escape(db)}"
                  + (" (stopped; everything fetched is saved)" if stopped else ""))
    if not stopped and summary.fetched == 0 and polls_ok == 0:
        err.print("[red]error:[/red] nothing could be fetched (see the reasons above)")
        raise typer.Exit(1)


@app.command()
def version() -> None:
    """Print the version."""
    out.print(escape(__version__))


def main() -> None:
    """Console-script entry point."""
    from recoupe.store.base import StoreError

    try:
        app()
    except BrokenPipeError:  # `recoupe ... | head`
        sys.exit(0)
    except StoreError as exc:  # not a store, a store of a newer version: one line, no traceback
        err.print(f"[red]error:[/red] {escape(str(exc))}")
        sys.exit(1)


if __name__ == "__main__":
    main()
