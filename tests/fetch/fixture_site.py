"""A fictional news site for the fetch tests: http.server in a thread on 127.0.0.1 (a random
port), serving the feeds, sitemaps and pages of tests/fetch/fixtures, and endpoints that
fail in every way a crawler meets (404, 500 then 200, 429 with Retry-After, a slow answer,
a redirect loop, a huge page, binary pages, pages in cp1252 declared as UTF-8 or not at
all). Every request is logged (path, headers, time) so tests can check what was asked."""

from __future__ import annotations

import contextlib
import hashlib
import threading
import time
import tomllib
from collections import Counter
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

FIXTURES = Path(__file__).parent / "fixtures"
ARTICLES: dict[str, dict[str, str]] = tomllib.loads((FIXTURES / "articles.toml").read_text(encoding="utf-8"))
TEMPLATE = (FIXTURES / "modele.html").read_text(encoding="utf-8")
LAST_MODIFIED = "Mon, 16 Mar 2026 17:00:00 GMT"
#: the slow feed of the watch test: this many articles, each answered after SLOW_DELAY s
SLOW_ITEMS = 8
SLOW_DELAY = 0.25

_XML_FILES = {
    "/rss.xml": ("courrier-rss.xml", "application/rss+xml; charset=utf-8"),
    "/atom.xml": ("echo-atom.xml", "application/atom+xml"),
    "/sitemap_index.xml": ("sitemap-index.xml", "application/xml"),
    "/sitemap-news.xml": ("sitemap-news.xml", "application/xml; charset=utf-8"),
    "/sitemap-pages.xml": ("sitemap-pages.xml", "text/xml"),
    "/flux.opml": ("flux.opml", "text/x-opml"),
}


def render(key: str, charset: str = "utf-8") -> str:
    """The HTML page of one article of articles.toml."""
    art = ARTICLES[key]
    body = "\n".join(f"    <p>{para}</p>" for para in art["body"].split("\n"))
    return _fill(TEMPLATE, charset=charset, **{**art, "body": body})


def _fill(template: str, **values: str) -> str:
    for key, value in values.items():
        template = template.replace("{" + key + "}", value)
    return template


def slow_article(i: int) -> str:
    """The i-th page of the slow feed: a point on the flood, distinct from the others."""
    districts = ["du Moulin", "des Tanneries", "de la Gare", "du Pont-Vieux", "des Saules", "de l'Église",
                 "du Champ-de-Foire", "des Écluses", "du Lavoir", "de la Poste"]
    d = districts[i % len(districts)]
    body = (f"Point de situation numéro {i} sur la crue de la Vrenne à Vaudrieu-sur-Vrenne : le quartier {d} "
            f"compte {i * 7 + 3} maisons touchées, selon le décompte établi par les services techniques.\n"
            f"Les pompiers ont effectué {i * 11 + 5} interventions dans le quartier {d} depuis samedi, "
            f"et {i + 2} familles y sont encore relogées par la mairie à la salle des fêtes.\n"
            f"« Le quartier {d} a été le plus durement frappé cette fois-ci », estime un adjoint au maire, "
            f"qui annonce une réunion publique le {10 + i} avril pour les sinistrés.")
    art = {**ARTICLES["crue-bilan"], "title": f"Crue de la Vrenne : le quartier {d}, point n° {i}",
           "date": f"2026-03-{17 + i % 10:02d}T08:00:00+01:00"}
    art["body"] = body
    html_body = "\n".join(f"    <p>{p}</p>" for p in body.split("\n"))
    return _fill(TEMPLATE, charset="utf-8", **{**art, "body": html_body})


def slow_feed(base: str) -> str:
    items = "\n".join(
        f"<item><title>Point n° {i}</title><link>{base}/lent/article-{i}.html</link>"
        f"<pubDate>Tue, 17 Mar 2026 0{i % 10}:00:00 GMT</pubDate></item>" for i in range(SLOW_ITEMS))
    return (f'<?xml version="1.0" encoding="UTF-8"?><rss version="2.0"><channel>'
            f"<title>Le Courrier de la Vrenne - Points de situation</title><link>{base}/</link>"
            f"<ttl>1</ttl>{items}</channel></rss>")


@dataclass
class Request:
    path: str
    headers: dict[str, str]
    at: float


@dataclass
class Site:
    """The running fixture site: its base URL, and what it was asked."""

    base: str = ""
    log: list[Request] = field(default_factory=list)
    hits: Counter[str] = field(default_factory=Counter)
    lock: threading.Lock = field(default_factory=threading.Lock)

    def reset(self) -> None:
        with self.lock:
            self.log.clear()
            self.hits.clear()

    def requested(self, path: str) -> list[Request]:
        with self.lock:
            return [r for r in self.log if r.path == path]

    def url(self, path: str) -> str:
        return self.base + path


class Handler(BaseHTTPRequestHandler):
    site: Site  # set on the class the server builds

    def log_message(self, format: str, *args: Any) -> None:  # quiet
        pass

    def _send(self, status: int, body: bytes = b"", ctype: str | None = "text/html; charset=utf-8",
              headers: dict[str, str] | None = None, length: bool = True) -> None:
        self.send_response(status)
        if ctype:
            self.send_header("Content-Type", ctype)
        for k, v in (headers or {}).items():
            self.send_header(k, v)
        if length:
            self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        if body:
            with contextlib.suppress(BrokenPipeError, ConnectionResetError):
                self.wfile.write(body)

    def _cacheable(self, body: bytes, ctype: str, extra: dict[str, str] | None = None) -> None:
        """A 200 with an ETag and a Last-Modified, or a 304 when the client has it."""
        etag = '"' + hashlib.sha1(body).hexdigest()[:12] + '"'
        headers = {"ETag": etag, "Last-Modified": LAST_MODIFIED, **(extra or {})}
        if self.headers.get("If-None-Match") == etag or (
                not self.headers.get("If-None-Match") and self.headers.get("If-Modified-Since") == LAST_MODIFIED):
            self._send(304, b"", None, headers)
        else:
            self._send(200, body, ctype, headers)

    def do_GET(self) -> None:  # noqa: C901 - one route per branch
        site = self.site
        path = self.path.split("?", 1)[0]
        with site.lock:
            site.log.append(Request(path, dict(self.headers.items()), time.monotonic()))
            site.hits[path] += 1
            hits = site.hits[path]
        base = site.base
        if path == "/robots.txt":
            self._send(200, b"User-agent: *\nDisallow: /prive/\n\nUser-agent: MechantBot\nDisallow: /\n",
                       "text/plain")
        elif path in _XML_FILES:
            name, ctype = _XML_FILES[path]
            body = (FIXTURES / name).read_text(encoding="utf-8").replace("{base}", base).encode()
            self._cacheable(body, ctype, {"Cache-Control": "max-age=600"} if path == "/rss.xml" else None)
        elif path.endswith(".html") and path.rsplit("/", 1)[-1][:-5] in ARTICLES:
            self._cacheable(render(path.rsplit("/", 1)[-1][:-5]).encode(), "text/html; charset=utf-8")
        elif path == "/lent/rss.xml":
            self._send(200, slow_feed(base).encode(), "application/rss+xml")
        elif path.startswith("/lent/article-"):
            time.sleep(SLOW_DELAY)
            self._send(200, slow_article(int(path[len("/lent/article-"):-5])).encode())
        elif path == "/erreur/absente.html":
            self._send(404, b"<html><body><h1>Page introuvable</h1></body></html>")
        elif path == "/erreur/instable.html":  # 500 the first time, then the page
            if hits == 1:
                self._send(500, b"<html><body>Erreur interne</body></html>")
            else:
                self._send(200, render("crue-bilan").encode())
        elif path == "/erreur/quota.html":  # 429 the first time (come back in 1 s), then the page
            if hits == 1:
                self._send(429, b"Trop de requetes", "text/plain", {"Retry-After": "1"})
            else:
                self._send(200, render("greve-piquet").encode())
        elif path == "/erreur/quota-long.html":
            self._send(429, b"Trop de requetes", "text/plain", {"Retry-After": "3600"})
        elif path == "/erreur/toujours-500.html":
            self._send(503, b"Service indisponible", "text/plain")
        elif path == "/erreur/lente.html":
            time.sleep(2.0)
            self._send(200, render("crue-bilan").encode())
        elif path == "/boucle/a":
            self._send(302, b"", None, {"Location": "/boucle/b"})
        elif path == "/boucle/b":
            self._send(302, b"", None, {"Location": base + "/boucle/a?utm_source=boucle"})
        elif path.startswith("/chaine/"):
            n = int(path.rsplit("/", 1)[-1])
            self._send(302, b"", None, {"Location": f"/chaine/{n + 1}"})
        elif path == "/redirige/crue":
            self._send(301, b"", None, {"Location": "/articles/2026/03/14/crue-vaudrieu.html"})
        elif path == "/enorme.html":  # 1 MB with no Content-Length: read until the cap
            page = render("crue-bilan").encode()
            self._send(200, page + b"<p>" + b"Vrenne " * 150_000 + b"</p>", length=False)
        elif path == "/enorme-annonce.html":  # says its size up front
            self._send(200, b"x" * 2_000_000)
        elif path == "/photo-crue.png":
            self._send(200, b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 8, "image/png")
        elif path == "/binaire-deguise.html":
            self._send(200, b"<html>" + bytes(range(256)) * 8, "text/html")
        elif path == "/cp1252-utf8.html":  # cp1252 bytes declared as UTF-8
            self._send(200, render("greve-accord", "utf-8").encode("cp1252"), "text/html; charset=utf-8")
        elif path == "/cp1252-sans.html":  # cp1252 bytes, no charset anywhere
            page = render("greve-marlac", "utf-8").replace('<meta charset="utf-8">\n', "")
            self._send(200, page.encode("cp1252"), "text/html")
        elif path == "/vide.html":
            self._send(200, b"<html><head><title>Accueil</title></head><body><nav>Menu</nav></body></html>")
        else:
            self._send(404, b"<html><body>Introuvable</body></html>")


def start() -> tuple[Site, ThreadingHTTPServer]:
    site = Site()
    handler = type("SiteHandler", (Handler,), {"site": site})
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    server.daemon_threads = True
    site.base = f"http://127.0.0.1:{server.server_address[1]}"
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return site, server
