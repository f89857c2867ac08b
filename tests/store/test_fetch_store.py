"""The fetched-URL table and the feed state, on every backend: a URL's row is replaced, found
by where it redirected to, and saved in one transaction with the articles it gave."""

from __future__ import annotations

from pathlib import Path

from recoupe.model import Article, Rejected
from recoupe.store import Store, open_store
from recoupe.store.base import FetchedUrl


def _article(source: str, text: str) -> Article:
    from recoupe.model import text_id

    return Article(id=text_id(text), source=source, text=text, url=source)


def test_fetched_rows_round_trip_and_replace(fresh_store: Store) -> None:
    assert fresh_store.get_fetched("https://a.test/x") is None
    fresh_store.save_fetch([FetchedUrl("https://a.test/x", "page", 200, final_url="https://a.test/y",
                                       etag='"v1"', last_modified="Sat, 14 Mar 2026 08:00:00 GMT")])
    row = fresh_store.get_fetched("https://a.test/x")
    assert row is not None and row.etag == '"v1"' and row.ok and row.fetched_at
    assert row.last_modified == "Sat, 14 Mar 2026 08:00:00 GMT"
    # found by the URL its redirects led to
    by_final = fresh_store.get_fetched("https://a.test/y")
    assert by_final is not None and by_final.url == "https://a.test/x"
    fresh_store.save_fetch([FetchedUrl("https://a.test/x", "page", 500, reason="HTTP 500", attempts=2)])
    row = fresh_store.get_fetched("https://a.test/x")
    assert row is not None and not row.ok and row.attempts == 2 and row.etag is None
    fresh_store.save_fetch([FetchedUrl("https://a.test/f", "feed", 304)])
    assert [r.url for r in fresh_store.fetched_urls("feed")] == ["https://a.test/f"]
    assert len(fresh_store.fetched_urls()) == 2


def test_save_fetch_stores_articles_rejections_and_rows_together(fresh_store: Store) -> None:
    art = _article("https://a.test/crue", "La Sèvre a débordé dans la nuit à Vaudrieu. " * 5)
    new, old = fresh_store.save_fetch(
        [FetchedUrl("https://a.test/crue", article_id=art.id), FetchedUrl("https://a.test/404", status=404,
                                                                        reason="HTTP 404")],
        [art], [Rejected("https://a.test/404", "HTTP 404 Not Found")])
    assert (new, old) == (1, 0)
    assert fresh_store.count_articles() == 1
    assert fresh_store.rejected() == [Rejected("https://a.test/404", "HTTP 404 Not Found")]
    # the same article again (a restarted watch): stored once
    assert fresh_store.save_fetch([FetchedUrl("https://a.test/crue", article_id=art.id)], [art]) == (0, 1)
    assert fresh_store.count_articles() == 1


def test_feed_state(fresh_store: Store) -> None:
    assert fresh_store.get_feed("https://a.test/rss") is None
    fresh_store.put_feed("https://a.test/rss", {"next_at": 12.5, "name": "Le Courrier"})
    fresh_store.put_feed("https://a.test/rss", {"next_at": 13.0, "name": "Le Courrier"})
    assert fresh_store.get_feed("https://a.test/rss") == {"next_at": 13.0, "name": "Le Courrier"}


def test_an_old_sqlite_store_gains_the_fetch_tables(tmp_path: Path) -> None:
    import sqlite3

    from recoupe.store.sqlite import migrations

    db = tmp_path / "old.db"
    conn = sqlite3.connect(db)
    for version, sql in migrations():
        if version <= 3:
            conn.executescript(f"BEGIN;\n{sql}\nPRAGMA user_version = {version};\nCOMMIT;")
    conn.close()
    with open_store(str(db)) as store:
        store.save_fetch([FetchedUrl("https://a.test/x")])
        assert store.get_fetched("https://a.test/x") is not None
