"""Synthesis: cited extractive summaries, update summaries and timelines.

Everything here is pure: analysed articles (and optionally claims) in, records out.

- :func:`summarize`: sentences chosen for centrality, support and coverage, without
  redundancy, within a word budget, in time order, each citing its sources; with
  ``given`` articles, an update summary (what is new);
- :func:`timeline`: dated facts in date order, relative dates resolved, one entry per
  fact citing every article that tells it;
- :func:`format_summary` / :func:`format_timeline`: plain text for the CLI.
"""

from recoupe.synth.format import format_summary, format_timeline, summary_json
from recoupe.synth.summarize import SummaryParams, summarize
from recoupe.synth.timeline import timeline

__all__ = ["SummaryParams", "format_summary", "format_timeline", "summarize", "summary_json", "timeline"]
