"""``recoupe fetch`` and ``recoupe watch`` on the command line (CliRunner, fixture site)."""

from __future__ import annotations

from pathlib import Path

from fixture_site import FIXTURES, Site
from typer.testing import CliRunner

from recoupe.cli.main import app
from recoupe.store import open_store

runner = CliRunner()
FAST = "[fetch]\nrate = 0\ntimeout = 1\nretries = 1\nbackoff = 0.05\nmin_interval = 0\n"


def _config(tmp_path: Path, extra: str = "") -> str:
    cfg = tmp_path / "settings.toml"
    cfg.write_text(FAST + extra, encoding="utf-8")
    return str(cfg)


def test_fetch_exits_non_zero_only_when_nothing_could_be_fetched(site: Site, tmp_path: Path) -> None:
    db = str(tmp_path / "r.db")
    cfg = _config(tmp_path)
    res = runner.invoke(app, ["fetch", site.url("/erreur/absente.html"), "http://127.0.0.1:9/x", "--db", db,
                              "-c", cfg, "--no-analyze"])
    assert res.exit_code == 1, res.output
    assert "HTTP 404 Not Found" in res.output and "nothing could be fetched" in res.output
    res = runner.invoke(app, ["fetch", site.url("/erreur/absente.html"), site.url("/atom.xml"), "--db", db,
                              "-c", cfg, "--no-analyze"])
    assert res.exit_code == 0, res.output
    assert "2 new articles" in res.output and "1 rejected" in res.output
    with open_store(db) as store:
        assert store.count_articles() == 2
        assert {r.source for r in store.rejected()} == {site.url("/erreur/absente.html"), "http://127.0.0.1:9/x"}


def test_fetch_opml_and_the_user_agent_of_the_config(site: Site, tmp_path: Path) -> None:
    opml = tmp_path / "flux.opml"
    opml.write_text((FIXTURES / "flux.opml").read_text(encoding="utf-8").replace("{base}", site.base), encoding="utf-8")
    db = str(tmp_path / "r.db")
    res = runner.invoke(app, ["fetch", "--opml", str(opml), "--db", db, "-q", "--no-analyze",
                              "-c", _config(tmp_path, 'user_agent = "recoupe-test/1.0 (+https://example.invalid)"\n')])
    assert res.exit_code == 0, res.output
    with open_store(db) as store:
        assert store.count_articles() == 5  # 3 from the RSS feed, 2 from the Atom one
    assert {r.headers["User-Agent"] for r in site.log} == {"recoupe-test/1.0 (+https://example.invalid)"}


def test_fetch_refuses_an_unknown_fetch_setting(tmp_path: Path) -> None:
    res = runner.invoke(app, ["fetch", "http://127.0.0.1:9/", "--db", str(tmp_path / "r.db"),
                              "-c", _config(tmp_path, "vitesse = 3\n")])
    assert res.exit_code == 2 and "fetch.vitesse" in res.output


def test_watch_once_twice_stores_nothing_twice(site: Site, tmp_path: Path) -> None:
    feeds = tmp_path / "feeds.toml"
    feeds.write_text(FAST + f'\n[[feed]]\nurl = "{site.url("/rss.xml")}"\nname = "Le Courrier"\n'
                     f'\n[[feed]]\nurl = "{site.url("/sitemap-news.xml")}"\nname = "Écho (sitemap)"\n'
                     'outlet = "Écho de Brévanne"\ninterval = "10m"\n', encoding="utf-8")
    db = str(tmp_path / "w.db")
    res = runner.invoke(app, ["watch", str(feeds), "--db", db, "--once", "--no-analyze"])
    assert res.exit_code == 0, res.output
    assert "Le Courrier: 4 items" in res.output and "round 1: 2 feeds polled, 5 new articles" in res.output
    site.reset()
    res = runner.invoke(app, ["watch", str(feeds), "--db", db, "--once", "--no-analyze", "-q"])
    assert res.exit_code == 0, res.output
    with open_store(db) as store:
        assert store.count_articles() == 5
        outlets = {a.outlet for a in store.articles()}
        assert outlets == {"Le Courrier de la Vrenne", "Écho de Brévanne"}  # the feeds file's outlet wins
        assert store.get_feed(site.url("/rss.xml"))["not_modified"] is True  # type: ignore[index]
    # both feeds asked again (conditional GET: 304), no page asked again
    assert sorted(r.path for r in site.log) == ["/robots.txt", "/rss.xml", "/sitemap-news.xml"]


def test_watch_with_a_bad_feeds_file(tmp_path: Path) -> None:
    feeds = tmp_path / "feeds.toml"
    feeds.write_text("[[feed]]\nname = 'sans url'\n", encoding="utf-8")
    res = runner.invoke(app, ["watch", str(feeds), "--db", str(tmp_path / "w.db")])
    assert res.exit_code == 2 and "needs a url" in res.output
