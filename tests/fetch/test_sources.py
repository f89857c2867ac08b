"""URL normalisation, feed / sitemap / OPML parsing, the feeds file, and body decoding."""

from __future__ import annotations

from pathlib import Path

import pytest
from fixture_site import FIXTURES

from recoupe.config import ConfigError
from recoupe.fetch import decode_body, load_feeds, normalise_url, parse_feed, parse_opml, parse_sitemap, sniff_kind
from recoupe.fetch.http import FetchError
from recoupe.fetch.urls import BadUrl

BASE = "https://courrier-vrenne.example"


def _fixture(name: str) -> bytes:
    return (FIXTURES / name).read_text(encoding="utf-8").replace("{base}", BASE).encode()


@pytest.mark.parametrize(("given", "expected"), [
    ("HTTPS://Courrier-Vrenne.EXAMPLE:443/a/b.html#comments", "https://courrier-vrenne.example/a/b.html"),
    ("http://h.example:80", "http://h.example/"),
    ("http://h.example:8080/x?id=3&utm_source=rss&utm_medium=flux&xtor=RSS-12&fbclid=abc",
     "http://h.example:8080/x?id=3"),
    ("http://h.example/x?b=2&a=1", "http://h.example/x?b=2&a=1"),  # order kept
    ("http://h.example/x?utm_campaign=a", "http://h.example/x"),
])
def test_normalise_url(given: str, expected: str) -> None:
    assert normalise_url(given) == expected


def test_normalise_url_resolves_relative_links_and_refuses_others() -> None:
    assert normalise_url("../c.html?gclid=1", base=BASE + "/a/b/") == BASE + "/a/c.html"
    for bad in ("mailto:redaction@courrier-vrenne.example", "javascript:void(0)", "http:///nohost"):
        with pytest.raises(BadUrl):
            normalise_url(bad)


def test_parse_feed_items_and_pace() -> None:
    rss = parse_feed(_fixture("courrier-rss.xml"), BASE + "/rss.xml")
    assert [i.url for i in rss.items][:3] == [
        BASE + "/articles/2026/03/14/crue-vaudrieu.html", BASE + "/articles/2026/03/15/crue-evacuation.html",
        BASE + "/articles/2026/03/16/crue-bilan.html"]
    assert rss.items[0].author == "Claire Ménard" and rss.items[0].published
    assert rss.interval == 1800 and rss.title == "Le Courrier de la Vrenne - Faits divers"
    atom = parse_feed(_fixture("echo-atom.xml"), BASE + "/atom.xml")
    assert atom.interval is None and [i.title for i in atom.items][0] == "Grève illimitée aux Fonderies Marlac de Brévanne"
    assert atom.items[1].url.endswith("/greve-accord.html")
    broken = parse_feed(b"<rss><channel><title>x", BASE)
    assert not broken.items and broken.problems


def test_parse_sitemaps() -> None:
    index = parse_sitemap(_fixture("sitemap-index.xml"), BASE)
    assert index.sitemaps == [BASE + "/sitemap-news.xml", BASE + "/sitemap-pages.xml"] and not index.items
    news = parse_sitemap(_fixture("sitemap-news.xml"), BASE)
    assert news.items[0].outlet == "L'Écho de Brévanne" and news.items[0].published == "2026-03-16T11:45:00+01:00"
    assert news.items[1].title == "À Brévanne, le piquet de grève des Marlac s'organise"
    text = parse_sitemap(b"https://a.example/1\n\nhttps://a.example/2#x\n", BASE)
    assert [i.url for i in text.items] == ["https://a.example/1", "https://a.example/2"]
    assert parse_sitemap(b"<urlset><url><loc>", BASE).problems


def test_sniff_kind() -> None:
    assert sniff_kind(_fixture("courrier-rss.xml")) == "feed"
    assert sniff_kind(_fixture("echo-atom.xml")) == "feed"
    assert sniff_kind(_fixture("sitemap-index.xml")) == "sitemap"
    assert sniff_kind(b"\xef\xbb\xbf<?xml version='1.0'?><!-- x --><urlset/>") == "sitemap"
    assert sniff_kind(_fixture("flux.opml")) == "opml"
    assert sniff_kind(b"<!DOCTYPE html><html><body>rss</body></html>") == "page"
    assert sniff_kind(b"https://a.example/1\nhttps://a.example/2\n", "text/plain") == "sitemap"


def test_opml_and_feeds_file(tmp_path: Path) -> None:
    feeds = parse_opml(_fixture("flux.opml"))
    assert [(f.url, f.name) for f in feeds] == [(BASE + "/rss.xml", "Le Courrier de la Vrenne"),
                                                (BASE + "/atom.xml", "L'Écho de Brévanne")]
    (tmp_path / "flux.opml").write_bytes(_fixture("flux.opml"))
    toml = tmp_path / "feeds.toml"
    toml.write_text('opml = "flux.opml"\n[fetch]\nrate = 0.5\n\n'
                    f'[[feed]]\nurl = "{BASE}/rss.xml?utm_source=x"\nname = "Courrier"\noutlet = "Le Courrier"\n'
                    'interval = "15m"\n\n[[feed]]\nurl = "https://echo-brevanne.example/sitemap-news.xml"\n'
                    'interval = 90\n', encoding="utf-8")
    specs, section = load_feeds(toml)
    assert section == {"rate": 0.5}
    assert [(s.url, s.name, s.outlet, s.interval) for s in specs] == [
        (BASE + "/rss.xml", "Courrier", "Le Courrier", 900.0),
        ("https://echo-brevanne.example/sitemap-news.xml", None, None, 90.0),
        (BASE + "/atom.xml", "L'Écho de Brévanne", None, None)]  # the OPML's, its duplicate dropped
    assert [s.url for s in load_feeds(tmp_path / "flux.opml")[0]] == [BASE + "/rss.xml", BASE + "/atom.xml"]


@pytest.mark.parametrize(("text", "message"), [
    ("[[feed]]\nname = 'x'\n", "needs a url"),
    ("[[feed]]\nurl = 'ftp://x.example/'\n", "not an http\\(s\\) URL"),
    ("[[feed]]\nurl = 'https://x.example/'\ninterval = 'souvent'\n", "not seconds or a duration"),
    ("[[feed]]\nurl = 'https://x.example/'\ncolor = 'red'\n", "unknown key 'color'"),
    ("[fetch]\nspeed = 3\n[[feed]]\nurl = 'https://x.example/'\n", "unknown setting 'fetch.speed'"),
    ("titre = 'x'\n", "unknown key 'titre'"),
    ("", "lists no feed"),
    ("[[feed]\n", "not valid TOML"),
])
def test_feeds_file_errors_say_what_is_wrong(tmp_path: Path, text: str, message: str) -> None:
    path = tmp_path / "feeds.toml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(ConfigError, match=message):
        load_feeds(path)


def test_decode_body() -> None:
    page = "<p>La grève des Fonderies Marlac à Brévanne continue, dit le délégué.</p>"
    assert decode_body(page.encode(), "utf-8").guessed is False
    wrong = decode_body(page.encode("cp1252") * 20, "utf-8")
    assert "grève" in wrong.text and wrong.guessed
    meta = decode_body(b'<meta charset="windows-1252">' + page.encode("cp1252"), None)
    assert "grève" in meta.text and not meta.guessed and meta.encoding == "cp1252"
    assert "délégué" in decode_body(page.encode("latin-1"), "no-such-charset").text
    with pytest.raises(FetchError, match="undecodable|binary"):
        decode_body(bytes(range(1, 32)) * 50, None)
