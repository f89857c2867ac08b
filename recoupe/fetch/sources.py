"""What a fetched document lists: feed items (RSS/Atom, feedparser), sitemap URLs (sitemaps,
news sitemaps, sitemap indexes, plain-text sitemaps; xml.etree), feeds of an OPML file, and
the feeds file ``recoupe watch`` reads (TOML)."""

from __future__ import annotations

import html as html_lib
import re
import tomllib
import xml.etree.ElementTree as ET
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from recoupe.config import ConfigError
from recoupe.fetch.settings import check_section
from recoupe.fetch.urls import BadUrl, normalise_url

_ROOT = re.compile(rb"<([A-Za-z][\w:.-]*)")
_SKIP_PROLOG = re.compile(rb"^(?:\s+|<\?.*?\?>|<!--.*?-->|<!DOCTYPE[^>]*>|\xef\xbb\xbf)*", re.S | re.I)


@dataclass(slots=True)
class Item:
    """One article a feed or a sitemap lists, with the metadata it gives (filled in where
    the page itself gives none)."""

    url: str
    title: str | None = None
    published: str | None = None
    author: str | None = None
    outlet: str | None = None


@dataclass(slots=True)
class Listing:
    """A feed's or a sitemap's items; ``sitemaps`` are the children of a sitemap index;
    ``interval`` the pace the feed asks for (ttl, sy:updatePeriod), seconds."""

    kind: str
    items: list[Item] = field(default_factory=list)
    sitemaps: list[str] = field(default_factory=list)
    title: str | None = None
    interval: float | None = None
    problems: list[str] = field(default_factory=list)


def sniff_kind(body: bytes, content_type: str = "") -> str:
    """"feed", "sitemap", "opml" or "page", from the document's root element (and, for a
    text/plain body made of URLs only, "sitemap")."""
    head = body[:4096]
    m = _ROOT.match(head, _SKIP_PROLOG.match(head).end())  # type: ignore[union-attr]
    root = m.group(1).decode("ascii", "replace").lower() if m else ""
    local = root.rsplit(":", 1)[-1]
    if local in ("rss", "feed") or root == "rdf:rdf":
        return "feed"
    if local in ("urlset", "sitemapindex"):
        return "sitemap"
    if local == "opml":
        return "opml"
    if not m and content_type == "text/plain":
        lines = [ln.strip() for ln in body[:65536].splitlines() if ln.strip()]
        if lines and all(ln.startswith((b"http://", b"https://")) for ln in lines):
            return "sitemap"
    return "page"


def _clean(value: Any) -> str | None:
    if not isinstance(value, str):
        return None
    value = html_lib.unescape(re.sub(r"<[^>]+>", "", value)).strip()
    return value or None


_SY_PERIOD = {"hourly": 3600.0, "daily": 86_400.0, "weekly": 604_800.0, "monthly": 2_592_000.0,
              "yearly": 31_536_000.0}


def parse_feed(body: bytes, base: str, content_type: str = "", limit: int = 500) -> Listing:
    """The items of an RSS/Atom feed (their links, normalised against ``base``), its title
    and the polling pace it asks for: ``<ttl>`` (minutes) or ``<sy:updatePeriod>`` /
    ``<sy:updateFrequency>`` (the larger when both)."""
    import feedparser

    parsed = feedparser.parse(body, response_headers={"content-type": content_type or "application/xml",
                                                      "content-location": base})
    feed = parsed.get("feed") or {}
    out = Listing("feed", title=_clean(feed.get("title")))
    hints: list[float] = []
    ttl = str(feed.get("ttl") or "").strip()
    if ttl.isdigit() and int(ttl) > 0:
        hints.append(int(ttl) * 60.0)
    period = str(feed.get("sy_updateperiod") or "").strip().lower()
    if period in _SY_PERIOD:
        freq = str(feed.get("sy_updatefrequency") or "1").strip()
        hints.append(_SY_PERIOD[period] / max(1, int(freq) if freq.isdigit() else 1))
    out.interval = max(hints) if hints else None
    entries = parsed.get("entries") or []
    if not entries and parsed.get("bozo"):
        out.problems.append(f"not a readable RSS/Atom feed ({parsed.get('bozo_exception')})")
    seen: set[str] = set()
    for entry in entries:
        link = entry.get("link") or next((lk.get("href") for lk in entry.get("links", []) if lk.get("href")), None)
        if not link and str(entry.get("id", "")).startswith("http"):
            link = entry.get("id")
        if not link:
            out.problems.append(f"an item without a link ({_clean(entry.get('title')) or 'untitled'})")
            continue
        try:
            url = normalise_url(link, base=base)
        except BadUrl as exc:
            out.problems.append(str(exc))
            continue
        if url in seen:
            continue
        seen.add(url)
        out.items.append(Item(url, title=_clean(entry.get("title")),
                              published=entry.get("published") or entry.get("updated"),
                              author=_clean(entry.get("author"))))
        if len(out.items) >= limit:
            break
    return out


def _local(tag: Any) -> str:
    return str(tag).rsplit("}", 1)[-1].lower() if isinstance(tag, str) else ""


def _child_text(node: ET.Element, *path: str) -> str | None:
    """The text of the first descendant along local names ``path`` (namespaces ignored)."""
    current: ET.Element | None = node
    for name in path:
        if current is None:
            return None
        current = next((c for c in current if _local(c.tag) == name), None)
    if current is None or current.text is None:
        return None
    return current.text.strip() or None


def parse_sitemap(body: bytes, base: str, limit: int = 500) -> Listing:
    """The article URLs of a sitemap (with a news sitemap's title, date and publication),
    or the child sitemaps of a sitemap index; a text sitemap is one URL per line."""
    out = Listing("sitemap")
    stripped = body.lstrip()
    if not stripped.startswith(b"<"):
        for line in body.decode("utf-8", "replace").splitlines():
            if line.strip():
                _add_url(out, line.strip(), base, Item(""))
            if len(out.items) >= limit:
                break
        return out
    try:
        root = ET.fromstring(body)
    except ET.ParseError as exc:
        out.problems.append(f"not a readable sitemap (XML: {exc})")
        return out
    kind = _local(root.tag)
    for node in root:
        name = _local(node.tag)
        loc = _child_text(node, "loc")
        if not loc:
            continue
        if kind == "sitemapindex" and name == "sitemap":
            try:
                out.sitemaps.append(normalise_url(loc, base=base))
            except BadUrl as exc:
                out.problems.append(str(exc))
        elif name == "url":
            item = Item("", title=_child_text(node, "news", "title"),
                        published=_child_text(node, "news", "publication_date"),
                        outlet=_child_text(node, "news", "publication", "name"))
            _add_url(out, loc, base, item)
            if len(out.items) >= limit:
                break
    return out


def _add_url(out: Listing, loc: str, base: str, item: Item) -> None:
    try:
        item.url = normalise_url(loc, base=base)
    except BadUrl as exc:
        out.problems.append(str(exc))
        return
    if all(i.url != item.url for i in out.items[-50:]):
        out.items.append(item)


# --------------------------------------------------------------------------- feed lists


@dataclass(slots=True)
class FeedSpec:
    """A feed (or sitemap) to watch: its URL, a name to show, the outlet its articles are
    credited to (None: the page's own site name), and its polling interval in seconds
    (None: the feed's own pace, else ``fetch.interval``)."""

    url: str
    name: str | None = None
    outlet: str | None = None
    interval: float | None = None

    @property
    def label(self) -> str:
        return self.name or self.url


def parse_opml(body: bytes, base: str | None = None) -> list[FeedSpec]:
    """The feeds of an OPML file (every ``<outline xmlUrl=…>``, nested folders included)."""
    try:
        root = ET.fromstring(body)
    except ET.ParseError as exc:
        raise ConfigError(f"[F010] not a readable OPML file: {exc}") from None
    feeds: list[FeedSpec] = []
    seen: set[str] = set()
    for node in root.iter():
        if _local(node.tag) != "outline":
            continue
        attrs = {k.lower(): v for k, v in node.attrib.items()}
        url = attrs.get("xmlurl")
        if not url:
            continue
        try:
            url = normalise_url(url, base=base)
        except BadUrl:
            continue
        if url not in seen:
            seen.add(url)
            feeds.append(FeedSpec(url, name=attrs.get("title") or attrs.get("text") or None))
    return feeds


_DURATION = re.compile(r"^\s*(\d+(?:\.\d+)?)\s*(s|sec|m|min|h|d)?\s*$", re.I)
_UNIT = {"s": 1, "sec": 1, "m": 60, "min": 60, "h": 3600, "d": 86_400}


def parse_interval(value: Any, where: str) -> float | None:
    """Seconds from a number (seconds) or a duration string ("90s", "15m", "2h", "1d")."""
    if value is None:
        return None
    if isinstance(value, bool):
        raise ConfigError(f"[F011] {where}: interval must be seconds or a duration such as \"15m\"")
    if isinstance(value, int | float):
        seconds = float(value)
    else:
        m = _DURATION.match(str(value))
        if not m:
            raise ConfigError(f"[F011] {where}: interval {value!r} is not seconds or a duration such as \"15m\"")
        seconds = float(m.group(1)) * _UNIT[(m.group(2) or "s").lower()]
    if seconds < 0:
        raise ConfigError(f"[F011] {where}: interval must not be negative")
    return seconds


def load_feeds(path: str | Path) -> tuple[list[FeedSpec], dict[str, Any]]:
    """The feeds a feeds file lists, and its ``[fetch]`` settings (may be empty).

    A TOML file (``[[feed]]`` tables with ``url`` and optional ``name``, ``outlet``,
    ``interval``; an optional ``opml = "file.opml"`` whose feeds are added; an optional
    ``[fetch]`` table) or an OPML file (``.opml``, or any file whose root is ``<opml>``)."""
    p = Path(path)
    try:
        data = p.read_bytes()
    except OSError as exc:
        raise ConfigError(f"[F012] cannot read the feeds file {p}: {exc.strerror or exc}") from None
    if p.suffix.lower() == ".opml" or sniff_kind(data) == "opml":
        return parse_opml(data), {}
    try:
        doc = tomllib.loads(data.decode("utf-8"))
    except (UnicodeDecodeError, tomllib.TOMLDecodeError) as exc:
        raise ConfigError(f"[F013] the feeds file {p} is not valid TOML: {exc}") from None
    unknown = sorted(set(doc) - {"feed", "feeds", "fetch", "opml"})
    if unknown:
        raise ConfigError(f"[F014] {p}: unknown key '{unknown[0]}' (expected [[feed]] tables, "
                          "opml = \"file.opml\" and a [fetch] table)")
    section = check_section(doc.get("fetch", {}), str(p))
    feeds: list[FeedSpec] = []
    entries = list(doc.get("feed", [])) + list(doc.get("feeds", []))
    for i, entry in enumerate(entries, 1):
        where = f"{p}, feed {i}"
        if not isinstance(entry, dict) or not isinstance(entry.get("url"), str):
            raise ConfigError(f"[F015] {where}: each [[feed]] needs a url")
        extra = sorted(set(entry) - {"url", "name", "outlet", "interval"})
        if extra:
            raise ConfigError(f"[F016] {where}: unknown key '{extra[0]}' (url, name, outlet, interval)")
        try:
            url = normalise_url(entry["url"])
        except BadUrl as exc:
            raise ConfigError(f"[F017] {where}: {exc}") from None
        feeds.append(FeedSpec(url, name=entry.get("name"), outlet=entry.get("outlet"),
                              interval=parse_interval(entry.get("interval"), where)))
    opml = doc.get("opml")
    if opml:
        for f in load_feeds(p.parent / str(opml))[0]:
            if all(f.url != g.url for g in feeds):
                feeds.append(f)
    if not feeds:
        raise ConfigError(f"[F018] {p} lists no feed (add [[feed]] tables with a url)")
    return feeds, section
