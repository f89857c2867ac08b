"""Fetching against the fixture site: feeds, sitemaps and pages into a store, and every
failure a crawler meets as one line in the rejected list while the rest goes on."""

from __future__ import annotations

import time
from pathlib import Path

import pytest
from fixture_site import ARTICLES, Site

from recoupe.config import Options
from recoupe.fetch import Crawler, Fetcher, FetchError, FetchSettings, fetch_settings, with_fetch_section
from recoupe.store import Store, open_store


@pytest.fixture
def store(tmp_path: Path) -> Store:
    s = open_store(str(tmp_path / "r.db"))
    yield s  # type: ignore[misc]
    s.close()


def _by_source(store: Store) -> dict[str, object]:
    return {a.source: a for a in store.articles()}


def _reasons(store: Store) -> dict[str, str]:
    return {r.source: r.reason for r in store.rejected()}


def test_a_feed_brings_its_items_as_cleaned_dated_articles(site: Site, store: Store, fetch_options: Options) -> None:
    crawler = Crawler(store, fetch_options)
    polled = crawler.fetch(site.url("/rss.xml"))
    assert polled.ok and polled.kind == "feed" and polled.items == 4
    assert polled.interval == 30 * 60  # <ttl>30</ttl> beats hourly / 2
    arts = _by_source(store)
    crue = arts[site.url("/articles/2026/03/14/crue-vaudrieu.html")]  # utm_*, xtor dropped
    assert crue.title == ARTICLES["crue-vaudrieu"]["title"]  # type: ignore[attr-defined]
    assert crue.outlet == "Le Courrier de la Vrenne"  # type: ignore[attr-defined]
    assert crue.published.startswith("2026-03-14")  # type: ignore[attr-defined]
    assert "Gérard Poulain" in crue.text  # type: ignore[attr-defined]
    for debris in ("Accepter les cookies", "Jeannot44", "Partager sur Facebook", "Tous droits réservés",
                   "Abonnez-vous"):
        assert debris not in crue.text  # type: ignore[attr-defined]
    # the fragment is dropped, a relative link resolved against the feed
    assert site.url("/articles/2026/03/15/crue-evacuation.html") in arts
    assert site.url("/articles/2026/03/16/crue-bilan.html") in arts
    assert len(arts) == 3 and store.count_articles() == 3
    # the private page is listed but robots.txt forbids it: never requested
    assert _reasons(store) == {site.url("/prive/note-interne.html"): "disallowed by robots.txt"}
    assert not site.requested("/prive/note-interne.html")
    assert site.log[0].path == "/robots.txt" and len(site.requested("/robots.txt")) == 1
    ua = site.log[0].headers["User-Agent"]
    assert ua.startswith("recoupe/") and "(+http" in ua


def test_a_sitemap_index_brings_news_sitemap_articles_once(site: Site, store: Store, fetch_options: Options) -> None:
    crawler = Crawler(store, fetch_options)
    assert crawler.fetch(site.url("/sitemap_index.xml")).ok
    arts = _by_source(store)
    assert sorted(arts) == [site.url("/economie/2026/03/16/greve-marlac.html"),
                            site.url("/economie/2026/03/17/greve-piquet.html"),
                            site.url("/economie/2026/03/19/greve-accord.html")]
    # listed twice (once with ?utm_source): fetched once
    assert len(site.requested("/economie/2026/03/16/greve-marlac.html")) == 1
    assert crawler.summary.known == 1
    assert all(a.outlet == "L'Écho de Brévanne" for a in arts.values())  # type: ignore[attr-defined]
    kinds = {r.url: r.kind for r in store.fetched_urls()}
    assert kinds[site.url("/sitemap-news.xml")] == "sitemap" and kinds[site.url("/sitemap_index.xml")] == "sitemap"
    # the Atom feed of the same site lists two of them: nothing fetched again
    site.reset()
    crawler.fetch(site.url("/atom.xml"))
    assert [r.path for r in site.log] == ["/atom.xml"]
    assert store.count_articles() == 3


def test_conditional_get_gives_304_on_the_second_fetch(site: Site, store: Store, fetch_options: Options) -> None:
    page = site.url("/articles/2026/03/15/crue-evacuation.html")
    first = Crawler(store, fetch_options)
    first.fetch(page)
    first.fetch(site.url("/rss.xml"))
    row = store.get_fetched(page)
    assert row is not None and row.etag and row.last_modified and row.article_id
    site.reset()
    again = Crawler(store, fetch_options)  # a new run: validators come from the store
    polled = again.fetch(page)
    assert polled.ok and polled.not_modified
    asked = site.requested("/articles/2026/03/15/crue-evacuation.html")[0]
    assert asked.headers["If-None-Match"] == row.etag
    assert asked.headers["If-Modified-Since"] == row.last_modified
    feed = again.fetch(site.url("/rss.xml"))
    assert feed.not_modified and feed.max_age == 600
    assert again.summary.not_modified == 2 and again.summary.new == 0 and not again.summary.rejected
    assert store.get_fetched(page).status == 304  # type: ignore[union-attr]
    assert store.count_articles() == 3  # the page + the feed's 2 others (the same one stored once)
    assert not [r for r in site.log if r.path.startswith("/articles/") and r.path.endswith("crue-bilan.html")]


def test_every_failure_is_one_rejected_line_and_the_rest_goes_on(site: Site, store: Store,
                                                                 fetch_options: Options) -> None:
    bad = {
        "/erreur/absente.html": "HTTP 404 Not Found",
        "/erreur/toujours-500.html": "HTTP 503 Service Unavailable (3 attempts)",
        "/erreur/lente.html": "timed out after 0.5 s (3 attempts)",
        "/boucle/a": "redirect loop: ",
        "/chaine/1": "too many redirects (more than 5)",
        "/enorme.html": "too large (more than fetch.max_bytes 0.2 MB; stopped reading)",
        "/enorme-annonce.html": "too large (2.0 MB > fetch.max_bytes 0.2 MB)",
        "/photo-crue.png": "binary content (image/png)",
        "/binaire-deguise.html": "binary content (NUL bytes, declared text/html)",
        "/erreur/quota-long.html": "HTTP 429 Too Many Requests (Retry-After 3600 s is beyond fetch.max_backoff",
        "/vide.html": "HTML page has no article text",
        "/prive/note-interne.html": "disallowed by robots.txt",
    }
    urls = [site.url(p) for p in bad]
    urls.insert(5, site.url("/articles/2026/03/16/crue-bilan.html"))
    urls += ["http://ville-fictive.invalid/crue", "http://127.0.0.1:9/greve", "ftp://ailleurs.example/x"]
    crawler = Crawler(store, fetch_options)
    started = time.monotonic()
    summary = crawler.fetch_all(urls)
    assert time.monotonic() - started < 15
    reasons = _reasons(store)
    for path, reason in bad.items():
        assert reasons[site.url(path)].startswith(reason), (path, reasons[site.url(path)])
    assert "boucle/b" in reasons[site.url("/boucle/a")]
    assert reasons["http://ville-fictive.invalid/crue"].startswith("cannot resolve host ville-fictive.invalid")
    assert reasons["http://127.0.0.1:9/greve"].startswith("connection refused by 127.0.0.1:9")
    assert reasons["ftp://ailleurs.example/x"].startswith("not an http(s) URL")
    assert len(summary.rejected) == len(reasons) == len(bad) + 3
    assert [a.source for a in store.articles()] == [site.url("/articles/2026/03/16/crue-bilan.html")]
    # the 404 was asked once (no retry), the 503 three times (two retries)
    assert len(site.requested("/erreur/absente.html")) == 1
    assert len(site.requested("/erreur/toujours-500.html")) == 3
    # each failure has its row: status and how many times it failed (a 404 is final)
    row = store.get_fetched(site.url("/erreur/absente.html"))
    assert row is not None and row.status == 404 and row.attempts >= fetch_settings(fetch_options).page_attempts


def test_500_then_success_after_a_retry(site: Site, store: Store, fetch_options: Options) -> None:
    Crawler(store, fetch_options).fetch(site.url("/erreur/instable.html"))
    assert len(site.requested("/erreur/instable.html")) == 2
    assert store.count_articles() == 1 and not store.rejected()


def test_429_waits_as_retry_after_says(site: Site, store: Store, fetch_options: Options) -> None:
    started = time.monotonic()
    Crawler(store, fetch_options).fetch(site.url("/erreur/quota.html"))
    asked = site.requested("/erreur/quota.html")
    assert len(asked) == 2
    assert asked[1].at - asked[0].at >= 0.95  # Retry-After: 1, not the 0.05 s backoff
    assert time.monotonic() - started < 5
    assert store.count_articles() == 1


@pytest.mark.parametrize("path", ["/cp1252-utf8.html", "/cp1252-sans.html"])
def test_a_cp1252_page_declared_utf8_or_undeclared_is_read_right(site: Site, store: Store,
                                                                 fetch_options: Options, path: str) -> None:
    Crawler(store, fetch_options).fetch(site.url(path))
    (art,) = list(store.articles())
    assert "grève" in art.text and "Brévanne" in art.text and "\ufffd" not in art.text
    assert "Ã" not in art.text  # no mojibake
    assert "charset_guessed" in art.flags


def test_a_redirect_is_followed_and_the_article_stored_once(site: Site, store: Store, fetch_options: Options) -> None:
    crawler = Crawler(store, fetch_options)
    crawler.fetch(site.url("/redirige/crue"))
    row = store.get_fetched(site.url("/redirige/crue"))
    assert row is not None and row.final_url == site.url("/articles/2026/03/14/crue-vaudrieu.html")
    crawler.fetch(site.url("/rss.xml"))  # lists the article under its own URL: known by its redirect
    assert len(site.requested("/articles/2026/03/14/crue-vaudrieu.html")) == 1
    assert store.count_articles() == 3


def test_the_rate_limit_spaces_requests_to_one_host(site: Site, store: Store) -> None:
    opts = with_fetch_section(Options.load(quiet=True), {"rate": 5, "timeout": 2, "robots": False})
    crawler = Crawler(store, opts)
    for key in ("crue-vaudrieu", "crue-bilan", "crue-evacuation"):
        crawler.fetch(site.url(f"/articles/2026/03/1x/{key}.html"))
    times = [r.at for r in site.log]
    assert len(times) == 3
    assert all(b - a >= 0.17 for a, b in zip(times, times[1:], strict=False))  # 1/5 s apart (some jitter)


def test_robots_txt_is_read_once_per_host_and_names_the_agent(site: Site) -> None:
    polite = Fetcher(FetchSettings(rate=0, user_agent="MechantBot/1.0"))
    with pytest.raises(FetchError, match="disallowed by robots.txt"):
        polite.get(site.url("/articles/2026/03/14/crue-vaudrieu.html"))
    ok = Fetcher(FetchSettings(rate=0))
    assert ok.get(site.url("/articles/2026/03/14/crue-vaudrieu.html")).status == 200
    assert ok.get(site.url("/articles/2026/03/16/crue-bilan.html")).status == 200
    assert len(site.requested("/robots.txt")) == 2  # once per fetcher
    assert not ok.allowed(site.url("/prive/x.html")) and ok.allowed(site.url("/x.html"))


def test_fetch_settings_come_from_options_with_defaults() -> None:
    s = fetch_settings(Options.load())
    assert s.rate == 1.0 and s.max_redirects == 5 and s.robots and s.user_agent.startswith("recoupe/")
    s = fetch_settings(with_fetch_section(Options.load(), {"rate": "2", "robots": False}))
    assert s.rate == 2.0 and s.robots is False
