"""``recoupe watch``: poll feeds (and sitemaps) at their own pace, storing each new article as
it comes.

Each feed's state (when it was polled, when it is due again and why) lives in the store's
``feeds`` table, so a restarted watch keeps the pace; every article is committed with its
fetched row as soon as it is read (:class:`recoupe.fetch.crawl.Crawler`), so stopping the
watch (Ctrl-C, SIGTERM, even SIGKILL) loses nothing already fetched.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

from recoupe.fetch.crawl import Crawler, Polled
from recoupe.fetch.settings import FetchSettings
from recoupe.fetch.sources import FeedSpec


@dataclass(slots=True)
class Round:
    """One polling round: the feeds polled and what they brought."""

    number: int
    polled: list[tuple[FeedSpec, Polled]] = field(default_factory=list)
    new: int = 0
    rejected: int = 0
    known: int = 0
    next_at: float | None = None  # when the next feed is due (time.time())


def next_interval(spec: FeedSpec, polled: Polled, settings: FetchSettings, failures: int) -> tuple[float, str]:
    """Seconds until the feed is polled again, and why.

    The feed's own pace when it gives one (the largest of ``<ttl>``, ``<sy:updatePeriod>``
    and the answer's Cache-Control max-age: all are the publisher's word), kept within
    ``fetch.min_interval`` … ``fetch.max_interval``; else the feeds file's interval, else
    ``fetch.interval``. A feed that keeps failing waits twice as long after each failure
    (up to ``fetch.max_interval``), and at least what a Retry-After asked."""
    base = spec.interval if spec.interval is not None else settings.interval
    why = "feeds file" if spec.interval is not None else "fetch.interval"
    hints = [(v, name) for v, name in ((polled.interval, "feed ttl/updatePeriod"),
                                       (polled.max_age, "Cache-Control max-age")) if v]
    if hints:
        value, why = max(hints)
        base = min(max(value, settings.min_interval), settings.max_interval)
    if failures:
        base = min(max(base, 1.0) * 2 ** min(failures, 10), max(settings.max_interval, base))
        why = f"failed {failures}× in a row"
    if polled.retry_after:
        base = max(base, polled.retry_after)
        why = "Retry-After"
    return base, why


class Watcher:
    """Polls ``feeds`` into the crawler's store. ``clock`` (wall time) and ``sleep`` are
    injectable; ``on_poll(spec, polled)`` and ``on_wait(seconds_left, next_spec)`` let a
    front end show progress."""

    def __init__(self, feeds: Sequence[FeedSpec], crawler: Crawler,
                 clock: Callable[[], float] = time.time, sleep: Callable[[float], None] = time.sleep,
                 on_poll: Callable[[FeedSpec, Polled], None] | None = None,
                 on_start: Callable[[FeedSpec], None] | None = None,
                 on_wait: Callable[[float, FeedSpec], None] | None = None) -> None:
        self.feeds = list(feeds)
        self.crawler = crawler
        self.store = crawler.store
        self.clock = clock
        self.sleep = sleep
        self.on_poll = on_poll
        self.on_start = on_start
        self.on_wait = on_wait

    def state(self, spec: FeedSpec) -> dict[str, Any]:
        return self.store.get_feed(spec.url) or {}

    def due(self, now: float | None = None) -> list[FeedSpec]:
        """The feeds whose time has come (a feed never polled is due)."""
        now = self.clock() if now is None else now
        return [f for f in self.feeds if float(self.state(f).get("next_at", 0.0)) <= now]

    def poll(self, spec: FeedSpec) -> Polled:
        """Fetch one feed (its new items stored one by one), then save its state: last
        status, when it is due again and why."""
        if self.on_start is not None:
            self.on_start(spec)
        before = self.state(spec)
        polled = self.crawler.fetch(spec.url, outlet=spec.outlet)
        if polled.not_modified and polled.interval is None:  # a 304 has no body: the pace read before
            polled.interval = before.get("feed_interval")
        failures = 0 if polled.ok else int(before.get("failures", 0)) + 1
        interval, why = next_interval(spec, polled, self.crawler.settings, failures)
        now = self.clock()
        self.store.put_feed(spec.url, {
            "name": spec.name, "polled_at": now, "next_at": now + interval, "interval": interval,
            "interval_from": why, "ok": polled.ok, "not_modified": polled.not_modified,
            "error": polled.error, "failures": failures, "kind": polled.kind, "items": polled.items,
            "feed_interval": polled.interval,
        })
        if self.on_poll is not None:
            self.on_poll(spec, polled)
        return polled

    def round(self, number: int, feeds: Sequence[FeedSpec]) -> Round:
        """Poll ``feeds`` once each (in order)."""
        rnd = Round(number)
        s0 = self.crawler.summary.snapshot()
        for spec in feeds:
            rnd.polled.append((spec, self.poll(spec)))
        s1 = self.crawler.summary.snapshot()
        rnd.new, rnd.known, rnd.rejected = s1[2] - s0[2], s1[4] - s0[4], s1[5] - s0[5]
        rnd.next_at = self.next_due()[0]
        return rnd

    def next_due(self) -> tuple[float, FeedSpec]:
        """When the next feed is due (time.time()) and which."""
        best: tuple[float, FeedSpec] | None = None
        for spec in self.feeds:
            at = float(self.state(spec).get("next_at", 0.0))
            if best is None or at < best[0]:
                best = (at, spec)
        if best is None:
            raise ValueError("no feed to watch")
        return best

    def run(self, max_rounds: int | None = None, once: bool = False,
            on_round: Callable[[Round], None] | None = None) -> int:
        """Poll until stopped (KeyboardInterrupt) or ``max_rounds`` rounds are done; each
        round polls the feeds that are due, then waits for the next one. ``once``: one
        round polling every feed now, due or not. Returns the rounds done."""
        done = 0
        if not self.feeds:
            return 0
        while max_rounds is None or done < max_rounds:
            feeds = self.feeds if once else self.due()
            if not feeds:
                self._wait_until(*self.next_due())
                continue
            done += 1
            rnd = self.round(done, feeds)
            if on_round is not None:
                on_round(rnd)
            if once:
                break
        return done

    def _wait_until(self, when: float, spec: FeedSpec) -> None:
        """Sleep until ``when``, one second at a time (so progress shows and Ctrl-C stops
        it promptly)."""
        while True:
            left = when - self.clock()
            if left <= 0:
                return
            if self.on_wait is not None:
                self.on_wait(left, spec)
            self.sleep(min(1.0, left))
