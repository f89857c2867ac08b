"""Plain-text rendering of summaries and timelines, with numbered sources.

The CLI prints these; the functions only build strings. Sources are numbered in the
order of their first citation, and listed after the text (outlet, title, date, source).
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from recoupe.model import Article, SummarySentence, TimelineEntry


def number_sources(cited: Iterable[list[str]]) -> dict[str, int]:
    """Article id -> citation number (1-based), in order of first citation."""
    numbers: dict[str, int] = {}
    for sources in cited:
        for s in sources:
            numbers.setdefault(s, len(numbers) + 1)
    return numbers


def _marks(sources: list[str], numbers: dict[str, int]) -> str:
    """``[1, 3]``: the citation numbers of ``sources``, ascending."""
    return "[" + ", ".join(str(n) for n in sorted(numbers[s] for s in sources if s in numbers)) + "]"


def format_sources(numbers: dict[str, int], articles: list[Article]) -> str:
    """The numbered list of cited articles: ``[n] outlet, "title", date — source``."""
    by_id = {a.id: a for a in articles}
    lines = []
    for aid, n in sorted(numbers.items(), key=lambda kv: kv[1]):
        a = by_id.get(aid)
        if a is None:
            lines.append(f"[{n}] {aid}")
            continue
        parts = [p for p in (a.outlet, f"« {a.title} »" if a.title else None,
                             (a.published or "")[:10] or None) if p]
        lines.append(f"[{n}] " + ", ".join(parts) + f" — {a.source}")
    return "\n".join(lines)


def format_summary(sentences: list[SummarySentence], articles: list[Article],
                   timeline: list[TimelineEntry] | None = None) -> str:
    """A summary (and optionally its timeline) as text, each sentence followed by the
    numbers of its sources, then the list of sources.

    Args:
        sentences: output of :func:`recoupe.synth.summarize`.
        articles: the articles the ids refer to (for the source list).
        timeline: output of :func:`recoupe.synth.timeline`, shown after the summary.
    """
    numbers = number_sources([s.sources for s in sentences] + [e.sources for e in timeline or []])
    lines = [f"{s.text} {_marks(s.sources, numbers)}" for s in sentences]
    if not sentences:
        lines.append("(nothing to summarise)")
    if timeline:
        lines += ["", "Chronologie :"]
        lines += [f"  {e.date}{' (à venir)' if e.upcoming else ''}  {e.text} {_marks(e.sources, numbers)}"
                  for e in timeline]
    if numbers:
        lines += ["", "Sources :", format_sources(numbers, articles)]
    return "\n".join(lines)


def format_timeline(entries: list[TimelineEntry], articles: list[Article]) -> str:
    """A timeline as text: ``date  text [sources]`` lines, then the list of sources."""
    numbers = number_sources(e.sources for e in entries)
    lines = [f"{e.date}{' (à venir)' if e.upcoming else ''}  {e.text} {_marks(e.sources, numbers)}"
             for e in entries]
    if numbers:
        lines += ["", "Sources :", format_sources(numbers, articles)]
    return "\n".join(lines)


def summary_json(sentences: list[SummarySentence], entries: list[TimelineEntry],
                 articles: list[Article]) -> dict[str, Any]:
    """What ``recoupe summarize --json`` prints: the summary and timeline records (report
    format: ``text``, ``sources``, plus ``article``/``start``/``end`` for summary
    sentences) and the cited articles, numbered as in the text output."""
    numbers = number_sources([s.sources for s in sentences] + [e.sources for e in entries])
    by_id = {a.id: a for a in articles}
    sources = []
    for aid, n in sorted(numbers.items(), key=lambda kv: kv[1]):
        a = by_id.get(aid)
        sources.append({"n": n, "id": aid, "source": a.source if a else None, "outlet": a.outlet if a else None,
                        "title": a.title if a else None, "published": a.published if a else None})
    return {"summary": [s.as_dict() for s in sentences], "timeline": [e.as_dict() for e in entries],
            "sources": sources}
