"""Plain-text rendering (placeholder)."""

from __future__ import annotations

from recoupe.model import Article, SummarySentence, TimelineEntry


def format_summary(sentences: list[SummarySentence], articles: list[Article]) -> str:
    return "\n".join(s.text for s in sentences)


def format_timeline(entries: list[TimelineEntry], articles: list[Article]) -> str:
    return "\n".join(e.text for e in entries)
