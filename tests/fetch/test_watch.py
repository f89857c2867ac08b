"""``watch``: each feed at its own pace, the state in the store, and a watch killed with
SIGKILL mid-run then restarted stores every article exactly once."""

from __future__ import annotations

import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest
from fixture_site import SLOW_ITEMS, Site

from recoupe.config import Options
from recoupe.fetch import Crawler, FeedSpec, FetchSettings, Polled, Watcher, next_interval
from recoupe.store import open_store

ROOT = Path(__file__).parents[2]


class FakeTime:
    def __init__(self) -> None:
        self.now = 1_000_000.0
        self.slept: list[float] = []

    def clock(self) -> float:
        return self.now

    def sleep(self, seconds: float) -> None:
        self.slept.append(seconds)
        self.now += seconds


def test_each_feed_is_polled_at_its_own_pace(site: Site, tmp_path: Path, fetch_options: Options) -> None:
    fake = FakeTime()
    rss = FeedSpec(site.url("/rss.xml"), name="Le Courrier")
    atom = FeedSpec(site.url("/atom.xml"), name="L'Écho", interval=120)
    with open_store(str(tmp_path / "w.db")) as store:
        watcher = Watcher([rss, atom], Crawler(store, fetch_options), clock=fake.clock, sleep=fake.sleep)
        rounds: list[list[str]] = []
        assert watcher.run(max_rounds=3, on_round=lambda r: rounds.append([s.name or "" for s, _ in r.polled])) == 3
        # round 1: both; then the Atom feed every 120 s (feeds file), the RSS one keeps its
        # ttl of 30 min (larger than its Cache-Control max-age of 600 s)
        assert rounds == [["Le Courrier", "L'Écho"], ["L'Écho"], ["L'Écho"]]
        state = store.get_feed(rss.url)
        assert state is not None and state["interval"] == 1800 and state["interval_from"] == "feed ttl/updatePeriod"
        assert store.get_feed(atom.url)["interval_from"] == "feeds file"  # type: ignore[index]
        assert sum(fake.slept) == pytest.approx(240, abs=1)
        assert store.count_articles() == 5
        # a restarted watch keeps the pace: nothing is due yet, --once polls all the same
        site.reset()
        again = Watcher([rss, atom], Crawler(store, fetch_options), clock=fake.clock, sleep=fake.sleep)
        assert again.due() == []
        assert again.run(once=True) == 1
        assert [r.path for r in site.log if not r.path.endswith("robots.txt")] == ["/rss.xml", "/atom.xml"]
        assert store.get_feed(rss.url)["not_modified"] is True  # type: ignore[index]
        assert store.get_feed(rss.url)["interval"] == 1800  # type: ignore[index]  # the pace read before the 304


def test_next_interval_bounds_backoff_and_retry_after() -> None:
    s = FetchSettings(interval=900, min_interval=60, max_interval=3600)
    spec = FeedSpec("https://a.example/rss")
    assert next_interval(spec, Polled(spec.url, True), s, 0) == (900, "fetch.interval")
    assert next_interval(spec, Polled(spec.url, True, interval=10), s, 0)[0] == 60
    assert next_interval(spec, Polled(spec.url, True, max_age=86_400), s, 0)[0] == 3600
    assert next_interval(spec, Polled(spec.url, False), s, 2) == (3600, "failed 2× in a row")
    assert next_interval(FeedSpec(spec.url, interval=100), Polled(spec.url, False), s, 1)[0] == 200
    assert next_interval(spec, Polled(spec.url, False, retry_after=7200), s, 1) == (7200, "Retry-After")


def _count(db: Path) -> tuple[int, list[str]]:
    try:
        conn = sqlite3.connect(f"file:{db}?mode=ro", uri=True, timeout=5)
    except sqlite3.OperationalError:
        return 0, []
    try:
        rows = conn.execute("SELECT source FROM articles").fetchall()
    except sqlite3.OperationalError:  # not created yet
        return 0, []
    finally:
        conn.close()
    return len(rows), [r[0] for r in rows]


def test_watch_killed_mid_run_and_restarted_stores_each_article_once(site: Site, tmp_path: Path) -> None:
    feeds = tmp_path / "feeds.toml"
    feeds.write_text(
        '[fetch]\nrate = 0\nmin_interval = 0\ntimeout = 5\n\n'
        f'[[feed]]\nurl = "{site.url("/lent/rss.xml")}"\nname = "Points de situation"\ninterval = "1h"\n',
        encoding="utf-8")
    db = tmp_path / "watch.db"
    cmd = [sys.executable, "-m", "recoupe.cli.main", "watch", str(feeds), "--db", str(db), "--no-analyze", "-q"]
    proc = subprocess.Popen(cmd, cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    try:
        deadline = time.monotonic() + 30
        while _count(db)[0] < 3:
            assert proc.poll() is None, proc.communicate()
            assert time.monotonic() < deadline, "watch stored nothing in 30 s"
            time.sleep(0.05)
    finally:
        proc.kill()  # SIGKILL: no handler, no clean-up
        proc.wait(timeout=10)
    assert proc.returncode == -9
    n_before, before = _count(db)
    assert 3 <= n_before < SLOW_ITEMS
    # restarted: one round, everything fetched before is skipped
    done = subprocess.run([*cmd, "--once"], cwd=ROOT, capture_output=True, timeout=60, text=True)
    assert done.returncode == 0, done.stderr
    n_after, after = _count(db)
    assert n_after == SLOW_ITEMS
    assert len(set(after)) == len(after) == SLOW_ITEMS  # each article once
    asked = [r.path for r in site.log if r.path.startswith("/lent/article-")]
    for source in before:  # committed before the kill: never asked again
        assert asked.count(source.replace(site.base, "")) == 1, source
    assert len(asked) <= SLOW_ITEMS + 1  # at most the one being read at the kill, twice
    with open_store(str(db)) as store:
        assert len(store.fetched_urls("page")) == SLOW_ITEMS
        assert store.get_feed(site.url("/lent/rss.xml"))["interval"] == 60  # type: ignore[index]  # <ttl>1</ttl>


def test_sigterm_stops_a_waiting_watch_cleanly(site: Site, tmp_path: Path) -> None:
    import signal

    feeds = tmp_path / "feeds.toml"
    feeds.write_text(f'[fetch]\nrate = 0\n\n[[feed]]\nurl = "{site.url("/atom.xml")}"\ninterval = "10m"\n',
                     encoding="utf-8")
    db = tmp_path / "watch.db"
    proc = subprocess.Popen([sys.executable, "-m", "recoupe.cli.main", "watch", str(feeds), "--db", str(db),
                             "--no-analyze"], cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        deadline = time.monotonic() + 30
        while _count(db)[0] < 2:
            assert proc.poll() is None and time.monotonic() < deadline
            time.sleep(0.05)
        time.sleep(0.3)  # now waiting for the next poll, 10 minutes away
        proc.send_signal(signal.SIGTERM)
        _out, err = proc.communicate(timeout=10)
    finally:
        if proc.poll() is None:
            proc.kill()
    assert proc.returncode == 0, err
    assert "2 new articles" in err and "stopped; everything fetched is saved" in err
    assert _count(db)[0] == 2
