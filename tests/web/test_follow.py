"""The web UI follows a store that grows while the server runs.

Another store handle (what ``recoupe ingest``, ``fetch`` or ``watch`` in another process
is to the server) stores new articles and saves an analysis; the next request shows them,
without a restart. ``changed_since`` and the "new" badges say what changed, and nothing is
reloaded while nothing changes.
"""

from __future__ import annotations

import re
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime, timedelta, timezone
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient
from webdata import CIDER, FLOOD, TOKEN, after, copy_store, now_utc, write_jsonl

from recoupe.config import Options
from recoupe.jobs import analyze_store, ingest_paths
from recoupe.store import open_store
from recoupe.web import create_app
from recoupe.web.data import (
    ArticleMeta,
    Snapshot,
    SnapshotCache,
    build_snapshot,
    meta_of,
    snapshot_key,
    utc_time,
)

AUTH = {"Authorization": f"Bearer {TOKEN}"}

@dataclass
class Grown:
    """A server on a copy of the web store, and what another handle added to it."""

    client: TestClient
    db: Path
    before: dict[str, Any]  # /api/v1/status before anything was added
    cider_ids: list[str]
    flood_id: str
    flood_story: str
    counts: dict[str, Any]  # the snapshot cache's counters at each step


@pytest.fixture(scope="module")
def grown(web_store: dict[str, Any], web_options: Options,
          tmp_path_factory: pytest.TempPathFactory) -> Iterator[Grown]:
    """Serve a copy; then another handle ingests 3 articles and saves an analysis."""
    root = tmp_path_factory.mktemp("follow")
    db = copy_store(web_store["db"], root / "follow.db")
    app = create_app(db, web_options, token=TOKEN, refresh_seconds=0)
    with TestClient(app) as c:
        cache = app.state.web.cache
        before = c.get("/api/v1/status").json()
        counts: dict[str, Any] = {"start": (cache.checks, cache.reloads)}
        for url in ("/", "/api/v1/stories", f"/stories/{web_store['story']}", "/api/v1/articles"):
            assert c.get(url).status_code == 200
        counts["idle"] = (cache.checks, cache.reloads)

        after(before["latest_change"])
        with open_store(str(db)) as other:  # another process, as far as the server can tell
            ingest_paths([str(write_jsonl(root / "batch.jsonl", [*CIDER, FLOOD]))], other, web_options)
            counts["pending"] = c.get("/api/v1/status").json()
            counts["pending_page"] = c.get("/").text
            counts["after_ingest"] = (cache.checks, cache.reloads)
            analyze_store(other, web_options)
            ids = {a.url: a.id for a in other.articles()}
        counts["after_analysis_status"] = c.get("/api/v1/status").json()
        counts["after_analysis"] = (cache.checks, cache.reloads)
        yield Grown(client=c, db=db, before=before, cider_ids=[ids[a["url"]] for a in CIDER],
                    flood_id=ids[FLOOD["url"]], flood_story=web_store["story"], counts=counts)


# ---------------------------------------------------------------------------- following the store


def test_articles_added_by_another_handle_appear_without_restart(grown: Grown) -> None:
    c, counts, before = grown.client, grown.counts, grown.before
    # stored but not analysed yet: counted as pending, listed as not in a story
    pending = counts["pending"]
    assert pending["articles"] == before["articles"] + 3 and pending["pending"] == 3
    assert "Pontvallain-sur-Lirette" in counts["pending_page"]
    # analysed: the cider articles form a story, the flood follow-up joined the flood story
    status = c.get("/api/v1/status").json()
    assert status["pending"] == 0 and status["analysed_at"] != before["analysed_at"]
    assert status["stories"] == before["stories"] + 1
    cider_story = c.get(f"/api/v1/articles/{grown.cider_ids[0]}").json()["story"]
    assert cider_story and c.get(f"/api/v1/articles/{grown.cider_ids[1]}").json()["story"] == cider_story
    assert c.get(f"/api/v1/articles/{grown.flood_id}").json()["story"] == grown.flood_story
    listed = {s["id"] for s in c.get("/api/v1/stories", params={"limit": 500}).json()["items"]}
    assert cider_story in listed
    page = c.get("/").text
    assert f'href="/stories/{cider_story}"' in page and "Pontvallain-sur-Lirette" in page
    story = c.get(f"/stories/{grown.flood_story}").text
    assert "sera reconstruite au printemps" in story


def test_nothing_reloads_while_nothing_changes(grown: Grown) -> None:
    counts = grown.counts
    start_checks, start_reloads = counts["start"]
    idle_checks, idle_reloads = counts["idle"]
    assert start_reloads == 1  # the first request loaded the snapshot
    assert idle_reloads == start_reloads and idle_checks == start_checks + 4  # looked 4 times, no reload
    # one reload for the stored articles, one for the saved analysis
    assert counts["after_ingest"][1] == start_reloads + 1
    assert counts["after_analysis"][1] == start_reloads + 2
    cache = grown.client.app.state.web.cache  # type: ignore[attr-defined]
    reloads = cache.reloads
    for _ in range(5):
        grown.client.get("/api/v1/stories")
    assert cache.reloads == reloads


def test_changed_since_filters_stories_and_articles(grown: Grown) -> None:
    c = grown.client
    t0 = grown.before["latest_change"]
    stories = c.get("/api/v1/stories", params={"changed_since": t0, "limit": 500}).json()["items"]
    cider_story = c.get(f"/api/v1/articles/{grown.cider_ids[0]}").json()["story"]
    # the new story and the story that gained an article; the others did not change
    assert {s["id"] for s in stories} == {cider_story, grown.flood_story}
    assert all(s["changed"] > t0 for s in stories)
    by_id = {s["id"]: s for s in stories}
    assert by_id[cider_story]["new"] == 2 and by_id[grown.flood_story]["new"] == 1
    everything = c.get("/api/v1/stories", params={"limit": 500}).json()["items"]
    assert len(everything) > len(stories) and all("changed" in s for s in everything)
    assert all(s["changed"] <= t0 for s in everything if s["id"] not in by_id)

    arts = c.get("/api/v1/articles", params={"changed_since": t0, "limit": 500}).json()["items"]
    assert {a["id"] for a in arts} == {*grown.cider_ids, grown.flood_id}
    assert all(a["added"] and a["changed"] > t0 for a in arts)
    # the newest change is the reader's next "since": nothing after it
    latest = c.get("/api/v1/status").json()["latest_change"]
    assert latest > t0
    assert c.get("/api/v1/stories", params={"changed_since": latest}).json()["total"] == 0
    assert c.get("/api/v1/articles", params={"changed_since": latest}).json()["total"] == 0
    # ISO forms: Z, an offset, a date (midnight UTC)
    z = t0.replace("+00:00", "Z")
    assert c.get("/api/v1/stories", params={"changed_since": z}).json()["total"] == 2
    paris = datetime.fromisoformat(t0).astimezone(timezone(timedelta(hours=1)))
    assert c.get("/api/v1/stories", params={"changed_since": paris.isoformat()}).json()["total"] == 2
    assert c.get("/api/v1/stories", params={"changed_since": "2000-01-01"}).json()["total"] == len(everything)
    bad = c.get("/api/v1/stories", params={"changed_since": "hier"})
    assert bad.status_code == 422 and "changed_since" in bad.json()["error"]["message"]
    assert c.get("/api/v1/articles", params={"changed_since": "2026-13-45"}).status_code == 422


def test_pages_mark_what_changed(grown: Grown) -> None:
    c = grown.client
    t0 = grown.before["latest_change"]
    cider_story = c.get(f"/api/v1/articles/{grown.cider_ids[0]}").json()["story"]
    html = c.get("/", params={"changed_since": t0, "lang": "en"}).text
    rows = re.findall(r'<tr class="story is-new" data-changed="([^"]+)">\s*<td><a class="story-link" '
                      r'href="/stories/([^"]+)"', html)
    assert {sid for _, sid in rows} == {cider_story, grown.flood_story}
    assert all(changed > t0 for changed, _ in rows)
    assert html.count('<span class="badge fresh">new</span>') == 3  # two rows and the (hidden) note
    assert f'name="changed_since" value="{t0}"' in html
    # without the parameter every story row carries its change time, the badges hidden
    plain = c.get("/", params={"lang": "en"}).text
    latest = c.get("/api/v1/status").json()["latest_change"]
    assert f'data-latest="{latest}"' in plain
    assert plain.count('class="badge fresh" hidden') == len(re.findall(r'<tr class="story"', plain))
    assert 'class="story is-new"' not in plain
    # the story page marks the article that joined the story
    story = c.get(f"/stories/{grown.flood_story}", params={"changed_since": t0}).text
    assert story.count('class="is-new"') == 1
    fresh = story.split('class="is-new"')[1].split("</li>")[0]
    assert "reconstruite au printemps" in fresh and 'class="badge fresh">' in fresh
    assert c.get("/", params={"changed_since": "hier"}).status_code == 400


# ---------------------------------------------------------------------------- writes through the API


def test_a_post_shows_at_once_and_other_writers_after_the_interval(
        web_store: dict[str, Any], web_options: Options, tmp_path: Path) -> None:
    db = copy_store(web_store["db"], tmp_path / "post.db")
    app = create_app(db, web_options, token=TOKEN, refresh_seconds=3600)
    with TestClient(app) as c:
        cache = app.state.web.cache
        t0 = c.get("/api/v1/status").json()["latest_change"]
        after(t0)
        r = c.post("/api/v1/articles", params={"wait": "true"}, json=CIDER[0], headers=AUTH)
        assert r.status_code == 201, r.text
        new_id = r.json()["items"][0]["id"]
        # the server's own writes make the next request look, whatever the interval
        story = c.get(f"/api/v1/articles/{new_id}").json()["story"]
        assert story
        changed = c.get("/api/v1/stories", params={"changed_since": t0}).json()["items"]
        assert [s["id"] for s in changed] == [story] and changed[0]["new"] == 1
        # another writer: not looked for before the interval has passed...
        reloads = cache.reloads
        with open_store(str(db)) as other:
            ingest_paths([str(write_jsonl(tmp_path / "flood.jsonl", [FLOOD]))], other, web_options)
        assert c.get("/api/v1/status").json()["pending"] == 0 and cache.reloads == reloads
        cache.min_interval = 0  # ...then it is
        assert c.get("/api/v1/status").json()["pending"] == 1 and cache.reloads == reloads + 1


# ---------------------------------------------------------------------------- the cache itself


class FakeClock:
    def __init__(self) -> None:
        self.t = 1000.0

    def __call__(self) -> float:
        return self.t


@dataclass
class KeyedStore:
    """Just what :func:`snapshot_key` reads."""

    at: str = "2026-11-20T10:00:00+00:00"
    n: int = 1
    reads: int = 0

    def get_state(self, name: str) -> dict[str, Any]:
        self.reads += 1
        return {"at": self.at, "articles": self.n}

    def count_articles(self) -> int:
        return self.n


def _empty(key: tuple[Any, ...], stories: list[dict[str, Any]] | None = None,
           metas: dict[str, ArticleMeta] | None = None, at: str | None = None) -> Snapshot:
    return Snapshot(key=key, analysed_at=at or key[0], articles=metas or {}, stories=stories or [],
                    entities=[], quotes=[], claims=[], reuse=[])


def test_cache_looks_at_most_once_per_interval() -> None:
    clock, store, built = FakeClock(), KeyedStore(), []

    def builder(st: Any, key: tuple[Any, ...], previous: Snapshot | None) -> Snapshot:
        built.append(previous)
        return _empty(key)

    cache = SnapshotCache(builder, min_interval=2.0, clock=clock)
    first = cache.get(store)  # type: ignore[arg-type]
    assert (cache.checks, cache.reloads, built) == (1, 1, [None])
    for _ in range(10):  # within the interval: the store is not even asked
        assert cache.get(store) is first  # type: ignore[arg-type]
    assert store.reads == 1
    clock.t += 2.5  # past the interval, nothing changed: one look, no rebuild
    assert cache.get(store) is first and (cache.checks, cache.reloads) == (2, 1)  # type: ignore[arg-type]
    store.n = 2  # an article was stored: seen once the interval has passed again
    assert cache.get(store) is first  # type: ignore[arg-type]
    clock.t += 2.5
    second = cache.get(store)  # type: ignore[arg-type]
    assert second is not first and cache.reloads == 2 and built[-1] is first
    store.at = "2026-11-20T10:05:00+00:00"  # an analysis was saved; invalidate() looks at once
    cache.invalidate()
    assert cache.get(store) is not second and cache.reloads == 3  # type: ignore[arg-type]
    stats = cache.stats()
    assert stats["reloads"] == 3 and stats["min_interval"] == 2.0


def test_cache_rebuilds_once_for_many_threads() -> None:
    store, gate, builds = KeyedStore(), threading.Event(), []

    def builder(st: Any, key: tuple[Any, ...], previous: Snapshot | None) -> Snapshot:
        builds.append(key)
        gate.wait(5)
        return _empty(key)

    cache = SnapshotCache(builder, min_interval=0)
    cache.get(store)  # type: ignore[arg-type]
    gate.clear()
    store.n = 2
    got: list[Snapshot] = []
    threads = [threading.Thread(target=lambda: got.append(cache.get(store))) for _ in range(8)]  # type: ignore[arg-type]
    for th in threads:
        th.start()
    time.sleep(0.2)
    gate.set()
    for th in threads:
        th.join(5)
    # one rebuild; the threads that came while it ran were served the previous snapshot
    assert len(builds) == 2 and cache.reloads == 2 and len(got) == 8
    assert {s.key[2] for s in got} <= {1, 2} and any(s.key[2] == 2 for s in got)


def test_changes_between_snapshots_date_stories_and_articles() -> None:
    def meta(aid: str, added: str) -> ArticleMeta:
        return ArticleMeta(aid, aid, "o", None, "fr", None, aid, None, None, 10, added)

    t1, t2, t3 = "2026-11-20T10:00:00+00:00", "2026-11-20T11:00:00+00:00", "2026-11-20T12:00:00+00:00"
    metas = {"a": meta("a", t1), "b": meta("b", t1), "c": meta("c", t1)}
    s1 = {"id": "s1", "articles": ["a", "b"], "title": "un"}
    s2 = {"id": "s2", "articles": ["c"], "title": "deux"}
    old = _empty((t1, 3, 3), [s1, s2], metas)
    # an analysis at t2 moves c into s1 (a merge): s1 and c changed, with no new article
    new_s1 = {**s1, "articles": ["a", "b", "c"]}
    new = _empty((t2, 3, 3), [new_s1], dict(metas))
    from recoupe.web.data import _carry_changes

    _carry_changes(old, new)
    assert new.story_changed("s1") == t2 and new.article_changed("c") == t2
    assert new.article_changed("a") == t1 and new.latest_change == t2
    # a later snapshot with the same analysis keeps those marks; a new article dates its story
    metas2 = {**metas, "d": meta("d", t3)}
    later = _empty((t2, 3, 4), [new_s1], metas2)
    _carry_changes(new, later)
    assert later.story_changed("s1") == t2 and later.latest_change == t3
    # two analyses in the same second still compare their records
    same = _empty((t2, 4, 4), [{**new_s1, "articles": ["a", "b", "c", "d"]}], metas2, at=t2)
    _carry_changes(later, same)
    assert same.article_changed("d") == t3 and same.story_changed("s1") == t3


def test_snapshot_reads_sqlite_columns_like_the_records(web_store: dict[str, Any]) -> None:
    with open_store(str(web_store["db"])) as store:
        snap = build_snapshot(store, snapshot_key(store))
        added = dict(store.conn.execute("SELECT id, ingested_at FROM articles"))  # type: ignore[attr-defined]
        slow = {a.id: meta_of(a, added[a.id]) for a in store.articles()}
    assert snap.articles == slow and list(snap.articles) == list(slow)


def test_utc_time_forms() -> None:
    assert utc_time("2026-11-20") == "2026-11-20T00:00:00+00:00"
    assert utc_time("2026-11-20T10:00") == "2026-11-20T10:00:00+00:00"
    assert utc_time("2026-11-20 10:00:05.123Z") == "2026-11-20T10:00:05+00:00"
    assert utc_time("2026-11-20T11:00:00+01:00") == "2026-11-20T10:00:00+00:00"
    with pytest.raises(ValueError):
        utc_time("hier")


# ---------------------------------------------------------------------------- PostgreSQL

def _store_fixtures() -> Any:
    """tests/store/conftest.py, for its throwaway PostgreSQL fixtures."""
    import importlib.util

    path = Path(__file__).resolve().parents[1] / "store" / "conftest.py"
    spec = importlib.util.spec_from_file_location("recoupe_store_fixtures", path)
    assert spec and spec.loader
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod


_pg = _store_fixtures()
pg_server, pg_url = _pg.pg_server, _pg.pg_url


@pytest.mark.postgres
def test_postgres_store_dates_articles_like_sqlite(pg_url: str, web_options: Options, tmp_path: Path) -> None:
    t0 = now_utc()
    after(t0)
    batch = write_jsonl(tmp_path / "cider.jsonl", CIDER)
    with open_store(pg_url) as store:
        ingest_paths([str(batch)], store, web_options)
        snap = build_snapshot(store, snapshot_key(store))
    assert len(snap.articles) == 2 and snap.pending == 2
    for a in snap.articles.values():
        assert a.added and re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\+00:00", a.added) and a.added > t0
    with TestClient(create_app(pg_url, web_options, token=TOKEN, refresh_seconds=0)) as c:
        arts = c.get("/api/v1/articles", params={"changed_since": t0}).json()["items"]
        assert {a["id"] for a in arts} == set(snap.articles)
        assert c.get("/api/v1/articles", params={"changed_since": snap.latest_change}).json()["total"] == 0
