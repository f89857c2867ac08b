"""Fetching: feeds, sitemaps and article pages from the web into a store, politely.

:class:`Fetcher` is the HTTP client (robots.txt, per-host rate limit, conditional GET,
retries with backoff, timeouts, size cap, bounded redirects); :class:`Crawler` turns URLs
into stored articles through the same reading and preparation as ``recoupe ingest``;
:class:`Watcher` polls feeds at their own pace. docs/fetch.md describes the behaviour and
the ``fetch.*`` settings.
"""

from recoupe.fetch.crawl import Crawler, FetchSummary, Polled
from recoupe.fetch.http import Fetcher, FetchError, Response, decode_body
from recoupe.fetch.settings import FetchSettings, fetch_settings, load_options, with_fetch_section
from recoupe.fetch.sources import FeedSpec, load_feeds, parse_feed, parse_opml, parse_sitemap, sniff_kind
from recoupe.fetch.urls import normalise_url
from recoupe.fetch.watch import Round, Watcher, next_interval

__all__ = [
    "Crawler", "FeedSpec", "FetchError", "FetchSettings", "FetchSummary", "Fetcher", "Polled", "Response",
    "Round", "Watcher", "decode_body", "fetch_settings", "load_feeds", "load_options", "next_interval",
    "normalise_url", "parse_feed", "parse_opml", "parse_sitemap", "sniff_kind", "with_fetch_section",
]
