"""Timelines: dated facts in date order (filled in below)."""

from __future__ import annotations

from typing import Any

from recoupe.model import Article, Claim, TimelineEntry


def timeline(articles: list[Article], claims: list[Claim] | None = None, options: Any = None) -> list[TimelineEntry]:
    return []
