"""Fetch URLs into a store: a feed brings its items, a sitemap its article URLs, an article
URL is fetched as a page.

A page goes through the same path as an HTML file given to ``recoupe ingest``: trafilatura
with its metadata (:mod:`recoupe.ingest.readers`), then :func:`recoupe.pipeline.prepare_item`
(cleaning, language, dating), then the store. Each page is committed with its row in the
``fetched`` table in one transaction, so a process killed at any moment loses at most the
page it was reading, and a restart neither fetches nor stores a committed URL again.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field

from recoupe.config import Options
from recoupe.fetch.http import Decoded, Fetcher, FetchError, Response, decode_body
from recoupe.fetch.settings import fetch_settings
from recoupe.fetch.sources import Item, Listing, parse_feed, parse_opml, parse_sitemap, sniff_kind
from recoupe.fetch.urls import BadUrl, normalise_url
from recoupe.model import Article, RawDocument, Rejected
from recoupe.store.base import FetchedUrl, Store

#: (event, url, detail): "fetch", "new", "stored", "known", "not-modified", "rejected"
Progress = Callable[[str, str, str], None]

_HTML_TYPES = {"text/html", "application/xhtml+xml", "application/xml", "text/xml", ""}


@dataclass(slots=True)
class FetchSummary:
    """What a run did. ``fetched``: URLs that answered (2xx, or 304 not modified);
    ``new`` / ``already_stored``: articles; ``known``: listed items skipped because they
    were fetched before; ``rejected``: one line per failure."""

    fetched: int = 0
    not_modified: int = 0
    new: int = 0
    already_stored: int = 0
    known: int = 0
    rejected: list[Rejected] = field(default_factory=list)

    def snapshot(self) -> tuple[int, int, int, int, int, int]:
        return (self.fetched, self.not_modified, self.new, self.already_stored, self.known,
                len(self.rejected))


@dataclass(slots=True)
class Polled:
    """The outcome of fetching one feed, sitemap or page (for ``watch``'s pacing)."""

    url: str
    ok: bool
    kind: str = "page"
    not_modified: bool = False
    interval: float | None = None  # the pace the feed asks for (ttl, sy:updatePeriod)
    max_age: float | None = None  # Cache-Control max-age of the answer
    retry_after: float | None = None
    error: str | None = None
    items: int = 0


class Crawler:
    """Fetches URLs into ``store`` with the ``fetch.*`` settings of ``options`` (every
    ``ingest`` setting applies to the pages: cleaning, language, dating, chunking)."""

    def __init__(self, store: Store, options: Options, fetcher: Fetcher | None = None,
                 progress: Progress | None = None) -> None:
        self.store = store
        self.options = options
        self.settings = fetch_settings(options)
        self.fetcher = fetcher or Fetcher(self.settings)
        self.progress = progress
        self.summary = FetchSummary()
        #: (listing, problem) already reported: a linkless item stays in its feed, and a
        #: watch that polls it every few minutes says so once
        self.reported: set[tuple[str, str]] = set()

    def _tell(self, event: str, url: str, detail: str = "") -> None:
        if self.progress is not None:
            self.progress(event, url, detail)

    # ------------------------------------------------------------------ targets

    def fetch_all(self, urls: Iterable[str], outlet: str | None = None) -> FetchSummary:
        """:meth:`fetch` each URL; the summary of the whole run."""
        for url in urls:
            self.fetch(url, outlet=outlet)
        return self.summary

    def fetch(self, url: str, outlet: str | None = None, depth: int = 0) -> Polled:
        """Fetch one URL the user named (a feed, a sitemap, an OPML file or a page), with a
        conditional GET when it was fetched before; a feed's or a sitemap's items are then
        fetched as pages (those fetched before are skipped). ``outlet`` credits the
        articles to this outlet."""
        try:
            nurl = normalise_url(url)
        except BadUrl as exc:
            self._reject(url, "page", FetchError(str(exc)), None)
            return Polled(url, False, error=str(exc))
        prev = self.store.get_fetched(nurl)
        valid = prev if prev is not None and prev.ok and prev.url == nurl else None
        self._tell("fetch", nurl)
        try:
            resp = self.fetcher.get(nurl, etag=valid.etag if valid else None,
                                    last_modified=valid.last_modified if valid else None)
        except FetchError as exc:
            kind = prev.kind if prev is not None else "page"
            self._reject(nurl, kind, exc, prev)
            return Polled(nurl, False, kind, error=exc.reason, retry_after=exc.retry_after)
        self.summary.fetched += 1
        if resp.not_modified:
            kind = valid.kind if valid else "page"
            self.summary.not_modified += 1
            self.store.save_fetch([FetchedUrl(
                nurl, kind, 304, final_url=valid.final_url if valid else None,
                etag=resp.etag or (valid.etag if valid else None),
                last_modified=resp.last_modified or (valid.last_modified if valid else None),
                article_id=valid.article_id if valid else None)])
            self._tell("not-modified", nurl)
            return Polled(nurl, True, kind, not_modified=True, max_age=resp.max_age())
        kind = sniff_kind(resp.body, resp.content_type)
        if kind == "page":
            self._store_page(nurl, resp, Item(nurl), outlet)
            return Polled(nurl, True, "page", max_age=resp.max_age())
        listing = self._listing(kind, resp)
        for item in listing.items:
            self._item(item, outlet)
        for child in listing.sitemaps:
            if depth < self.settings.sitemap_depth:
                self.fetch(child, outlet=outlet, depth=depth + 1)
            else:
                self._reject(child, "sitemap", FetchError(
                    f"sitemap nested deeper than fetch.sitemap_depth ({self.settings.sitemap_depth})"), None)
        # the listing's own row last: a run killed among its items reads it again in full
        reason = None
        if not listing.items and not listing.sitemaps and listing.problems:
            reason = listing.problems[0]
            self.summary.rejected.append(Rejected(nurl, reason))
            self._tell("rejected", nurl, reason)
        elif listing.problems:
            # the listing is read, but some of its items could not be (an item without a
            # link: a headline-only flash has no page to fetch): said, not dropped in silence
            for problem in listing.problems:
                if (nurl, problem) in self.reported:
                    continue
                self.reported.add((nurl, problem))
                self.summary.rejected.append(Rejected(nurl, f"{problem}: not fetched"))
                self._tell("rejected", nurl, f"{problem}: not fetched")
        self.store.save_fetch(
            [FetchedUrl(nurl, kind, resp.status, final_url=_final(resp), etag=resp.etag,
                        last_modified=resp.last_modified, reason=reason,
                        attempts=self.settings.page_attempts if reason else 0)],
            rejected=[Rejected(nurl, reason)] if reason else [])
        return Polled(nurl, reason is None, kind, interval=listing.interval, max_age=resp.max_age(),
                      error=reason, items=len(listing.items))

    def _listing(self, kind: str, resp: Response) -> Listing:
        limit = self.settings.max_items
        if kind == "feed":
            return parse_feed(resp.body, resp.final_url, resp.content_type, limit)
        if kind == "sitemap":
            return parse_sitemap(resp.body, resp.final_url, limit)
        # an OPML file: its feeds, each fetched as a feed
        listing = Listing("opml")
        listing.sitemaps = [f.url for f in parse_opml(resp.body, resp.final_url)]
        return listing

    # ------------------------------------------------------------------ items and pages

    def _item(self, item: Item, outlet: str | None) -> None:
        """Fetch one listed article, unless it was fetched before (or failed for good)."""
        prev = self.store.get_fetched(item.url)
        if prev is not None and (prev.ok or prev.attempts >= self.settings.page_attempts):
            self.summary.known += 1
            self._tell("known", item.url)
            return
        self._tell("fetch", item.url)
        try:
            resp = self.fetcher.get(item.url)
        except FetchError as exc:
            self._reject(item.url, "page", exc, prev)
            return
        self.summary.fetched += 1
        kind = sniff_kind(resp.body, resp.content_type)
        if kind != "page":
            self._reject(item.url, "page", FetchError(f"listed as an article but is a {kind}"), prev)
            return
        self._store_page(item.url, resp, item, outlet)

    def _store_page(self, url: str, resp: Response, meta: Item, outlet: str | None) -> None:
        """Read a fetched page as ``ingest`` reads an HTML file, prepare it and store it with
        its fetched row, in one transaction (the days its lines were seen are recorded
        just before, in their own: recording them again is harmless)."""
        from recoupe.pipeline import drop_recurring_stored, prepare_item, republished_stored

        ctype = resp.content_type
        if ctype not in _HTML_TYPES and ctype != "text/plain":
            self._reject(url, "page", FetchError(f"not an HTML page ({ctype})", resp.status), None, resp)
            return
        try:
            decoded = decode_body(resp.body, resp.charset, ctype)
        except FetchError as exc:
            exc.status = resp.status
            self._reject(url, "page", exc, None, resp)
            return
        articles: list[Article] = []
        rejected: list[Rejected] = []
        for doc in read_page(url, resp.final_url, decoded, ctype, self.options):
            if isinstance(doc, RawDocument):
                _fill(doc, meta, outlet, resp.final_url, self.options)
            result = prepare_item(doc, self.options)
            if isinstance(result, Rejected):
                rejected.append(result)
            else:
                if decoded.guessed:
                    result.flags = sorted(set(result.flags) | {"charset_guessed"})
                articles.append(result)
        # the lines this store has seen on clean.repeated_min_days days (a site's banner)
        drop_recurring_stored(articles, self.store, int(self.options.get("clean.repeated_min_days", 3)))
        republished_stored(articles, self.store)
        reason = rejected[0].reason if rejected and not articles else None
        row = FetchedUrl(url, "page", resp.status, final_url=_final(resp), etag=resp.etag,
                         last_modified=resp.last_modified, reason=reason,
                         attempts=self.settings.page_attempts if reason else 0,
                         article_id=articles[0].id if articles else None)
        new, old = self.store.save_fetch([row], articles, rejected)
        self.summary.new += new
        self.summary.already_stored += old
        self.summary.rejected.extend(rejected)
        for r in rejected:
            self._tell("rejected", r.source, r.reason)
        if articles:
            self._tell("new" if new else "stored", url, articles[0].title or "")

    def _reject(self, url: str, kind: str, exc: FetchError, prev: FetchedUrl | None,
                resp: Response | None = None) -> None:
        """Record a failure: one line in rejected, the URL's row with its status and how
        many times it failed in a row (a failure that will not pass counts as all tries)."""
        failed_before = prev.attempts if prev is not None and not prev.ok else 0
        attempts = failed_before + 1 if exc.transient else max(self.settings.page_attempts, failed_before + 1)
        reason = exc.reason
        self.summary.rejected.append(Rejected(url, reason))
        self._tell("rejected", url, reason)
        self.store.save_fetch(
            [FetchedUrl(url, kind, exc.status, final_url=_final(resp) if resp else None,
                        reason=reason, attempts=attempts)],
            rejected=[Rejected(url, reason)])


def _final(resp: Response) -> str | None:
    return resp.final_url if resp.final_url != resp.url else None


def read_page(url: str, final_url: str, decoded: Decoded, ctype: str, options: Options
              ) -> Iterator[RawDocument | Rejected]:
    """A fetched page as raw documents, through the readers ``ingest`` uses for an HTML
    (or text) file: trafilatura with its metadata. Nothing raised here stops a run."""
    from recoupe.dating.published import date_from_path
    from recoupe.ingest import readers

    common = {"folder_outlet": None, "path_date": date_from_path(final_url)}
    try:
        if ctype == "text/plain":
            yield from readers._read_text(url, decoded.text, common)
        else:
            yield from readers._read_html(url, decoded.text, common, options)
    except ImportError as exc:
        missing = f" ({exc.name} is missing)" if exc.name else ""
        yield Rejected(url, f"cannot be read: a module it needs cannot be imported{missing}: {exc}")
    except Exception as exc:  # one unreadable page must not stop the run
        yield Rejected(url, f"could not be read: {type(exc).__name__}: {exc}")


def _fill(doc: RawDocument, meta: Item, outlet: str | None, final_url: str, options: Options) -> None:
    """Metadata the page lacks, from the feed entry or the news sitemap that listed it; the
    outlet a feeds file names wins over the page's own site name."""
    from recoupe.dating.published import normalise_metadata_date

    doc.url = doc.url or final_url
    doc.title = doc.title or meta.title
    doc.author = doc.author or meta.author
    if not doc.published and meta.published:
        langs = tuple(options.get("dating.languages", ["fr", "en"]))
        doc.published = normalise_metadata_date(meta.published, langs)
    doc.outlet = outlet or doc.outlet or meta.outlet
