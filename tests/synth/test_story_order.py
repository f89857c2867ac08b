"""A story of several events: its summary leads with the latest event."""

from __future__ import annotations

from pathlib import Path

from recoupe.config import Options
from recoupe.pipeline import analyze_articles, load_articles

ROOT = Path(__file__).resolve().parents[2]


def test_story_of_several_events_leads_with_its_latest_event() -> None:
    options = Options.load(quiet=True)
    articles, rejected = load_articles([str(ROOT / "samples" / "corpus")], options)
    report = analyze_articles(articles, rejected, options)
    multi = [s for s in report.stories if len(s.events) > 1 and s.summary]
    assert multi, "the sample corpus has a story of several events"
    for story in multi:
        latest = max(story.events, key=lambda e: (e.date or "", e.id))
        first = story.summary[0]
        assert first.article in latest.articles, (story.id, first.text)
        # the earlier events are still recalled after it, within the budget
        assert sum(len(s.text.split()) for s in story.summary) <= 100 + 60
