"""The pipeline as pure functions: raw documents in, typed records out.

ingest (readers) → clean → lang → dating → [nlp → reuse → cluster → claims → synth]. The
analysis stages after dating live in their own sub-packages and are called from
:func:`analyze_articles` when they are installed in this version.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Iterator
from datetime import UTC, datetime

from recoupe import __version__
from recoupe.clean.lines import clean_text
from recoupe.config import Options
from recoupe.dating.published import latest_body_date
from recoupe.ingest.readers import iter_paths, outlet_from_url, read_source
from recoupe.lang.detect import detect_language
from recoupe.model import Article, RawDocument, Rejected, Report, text_id

Progress = Callable[[str], None]

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


def prepare(raw: RawDocument, options: Options) -> Article | Rejected:
    """Clean, title, language and publication date for one raw document.

    Args:
        raw: what a reader produced.
        options: the run's options.

    Returns:
        An :class:`Article`, or a :class:`Rejected` when nothing is left after cleaning.
    """
    langs = tuple(options.get("clean.languages", ["fr", "en"]))
    res = clean_text(
        raw.text, languages=langs, extracted=raw.extracted,
        prose_min_words=int(options.get("clean.prose_min_words", 12)),
    )
    text = res.text.strip()
    if not text:
        return Rejected(raw.source, "no article text left after cleaning (only debris)")
    flags = list(res.flags)

    title = raw.title
    if not title:
        title, from_body = _title_from(text)
        if from_body:
            flags.append("title_from_body")

    codes = tuple(options.get("language.languages", ["fr", "en"]))
    language, confidence = detect_language(text, codes)
    min_conf = float(options.get("language.min_confidence", 0.5))
    if raw.language and raw.language[:2].lower() in codes and confidence < min_conf:
        language = raw.language[:2].lower()
    if confidence < min_conf:
        flags.append("language_uncertain")

    published, published_from = None, None
    if raw.published:
        published, published_from = raw.published, "metadata"
    elif res.dateline:
        published, published_from = res.dateline, "dateline"
    elif raw.path_date:
        published, published_from = raw.path_date, "path"
    else:
        inferred = latest_body_date(raw.text)
        if inferred:
            published, published_from = inferred, "body"
            flags.append("date_inferred")

    outlet = raw.outlet or outlet_from_url(raw.url) or raw.folder_outlet
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
        author=raw.author or res.author,
        dateline=res.dateline_text,
        removed=res.removed,
        flags=sorted(set(flags)),
        format=raw.format,
    )


def prepare_item(item: RawDocument | Rejected, options: Options) -> Article | Rejected:
    """:func:`prepare` a reader's output; a reader's rejection or a failure is a Rejected."""
    if isinstance(item, Rejected):
        return item
    try:
        return prepare(item, options)
    except Exception as exc:  # one bad document must not stop the batch
        return Rejected(item.source, f"could not be analysed: {type(exc).__name__}: {exc}")


def iter_prepared(
    paths: Iterable[str], options: Options, progress: Progress | None = None
) -> Iterator[Article | Rejected]:
    """Read and prepare every input; each result as soon as it is ready.

    ``progress`` is called once per input file (a JSONL file or a feed counts once).
    """
    for source, path in iter_paths(paths, options):
        if progress is not None:
            progress(source)
        for item in read_source(source, path, options):
            yield prepare_item(item, options)


def load_articles(
    paths: Iterable[str], options: Options, progress: Progress | None = None
) -> tuple[list[Article], list[Rejected]]:
    """All articles and rejections of ``paths``; an identical text read twice is kept once."""
    articles: list[Article] = []
    rejected: list[Rejected] = []
    seen: dict[str, Article] = {}
    for item in iter_prepared(paths, options, progress):
        if isinstance(item, Rejected):
            rejected.append(item)
        elif item.id in seen:
            first = seen[item.id]
            first.flags = sorted(set(first.flags) | {"exact_duplicate_input"})
            rejected.append(
                Rejected(item.source, f"same text as {first.source} (article {item.id}); kept once")
            )
        else:
            seen[item.id] = item
            articles.append(item)
    return articles, rejected


def sort_by_time(articles: list[Article]) -> list[Article]:
    """Publication order (undated articles last, then by source), as the stream sees them."""
    return sorted(articles, key=lambda a: (a.published is None, a.published or "", a.source))


def analyze_articles(articles: list[Article], rejected: list[Rejected], options: Options) -> Report:
    """Run the analysis stages over prepared articles and assemble the report."""
    report = Report(
        recoupe_version=__version__,
        generated_at=datetime.now(UTC).replace(microsecond=0).isoformat(),
        articles=sort_by_time(articles),
        rejected=rejected,
    )
    return report


def analyze(paths: Iterable[str], options: Options, progress: Progress | None = None) -> Report:
    """Everything from paths to a :class:`Report` (no files written)."""
    articles, rejected = load_articles(paths, options, progress)
    return analyze_articles(articles, rejected, options)
