"""The storage interface. Backends are chosen by URL (a path → SQLite, postgresql:// → PostgreSQL)."""

from __future__ import annotations

import abc
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from importlib import resources
from typing import Any

from recoupe.model import Article, Rejected


def packaged_migrations(*folder: str) -> list[tuple[int, str]]:
    """The SQL migrations packaged in ``recoupe/store/<folder...>`` as (version, SQL), in
    order (files named ``NNNN_what.sql``)."""
    root = resources.files("recoupe.store")
    for part in folder:
        root = root.joinpath(part)
    out = []
    for res in root.iterdir():
        name = res.name
        if name.endswith(".sql") and name[:4].isdigit():
            out.append((int(name[:4]), res.read_text(encoding="utf-8")))
    return sorted(out)


#: a source's new text replaces the text stored from it only when it is this similar to
#: it (an edit: a typo fixed, a line added); anything else (a new day's export under the
#: same file name, a paywall page in place of the article) is another article, and the
#: one stored stays
REVISION_SIMILARITY = 0.8


def _shingles(text: str) -> set[int]:
    words = text.casefold().split()
    return {hash(tuple(words[i:i + 4])) for i in range(max(1, len(words) - 3))}


def is_revision(old: str, new: str) -> bool:
    """Whether ``new`` is an edit of ``old`` (see :data:`REVISION_SIMILARITY`): not much
    shorter, and most of the old text's four-word runs still in it (a typo fixed, a
    paragraph added at the end or in the middle); linear in the texts' length."""
    if not old or not new or len(new) < REVISION_SIMILARITY * len(old):
        return False
    before = _shingles(old)
    if len(before & _shingles(new)) >= REVISION_SIMILARITY * len(before):
        return True
    # a name corrected throughout ("Dupond" -> "Dupont") breaks many runs: most words kept
    from collections import Counter

    words = Counter(old.casefold().split())
    kept = sum((words & Counter(new.casefold().split())).values())
    return kept >= 0.9 * sum(words.values())


class StoreError(RuntimeError):
    """A store that cannot be opened or migrated, or a write that lost a race."""


#: the keys of a state that change whenever an analysis saves it: the streaming
#: clusterer's counters. A backend may compare these instead of the whole state (tens of
#: MB of JSON in a large store) to tell whether another analysis saved meanwhile.
STATE_TOKEN_KEYS = ("seq", "n_seen", "next_event", "next_story", "clock")


def check_expected(name: str, stored: Any, expected: Any) -> None:
    """Raise [S007] when the stored state ``name`` is not the one an analysis started from."""
    if stored != expected:
        raise StoreError(
            f"[S007] the store was analysed by another process meanwhile (state '{name}' "
            "changed); nothing was written: run the analysis again")


@dataclass(slots=True)
class FetchedUrl:
    """One URL as the fetcher last saw it (a row of the ``fetched`` table).

    ``url`` is the normalised URL as requested, ``final_url`` where its redirects led (None
    without redirects); ``kind`` is "page", "feed" or "sitemap"; ``status`` the HTTP status
    of the last answer (0 when none came: DNS, refused connection, timeout); ``etag`` and
    ``last_modified`` the validators a conditional GET sends back; ``reason`` why the last
    fetch failed (None when it did not); ``attempts`` how many fetches failed in a row;
    ``article_id`` the article it gave; ``fetched_at`` (ISO, UTC) is set by the store."""

    url: str
    kind: str = "page"
    status: int = 200
    final_url: str | None = None
    etag: str | None = None
    last_modified: str | None = None
    reason: str | None = None
    attempts: int = 0
    article_id: str | None = None
    fetched_at: str | None = None

    @property
    def ok(self) -> bool:
        """The last fetch got an answer worth keeping (2xx, or 304 not modified)."""
        return self.reason is None and (200 <= self.status < 300 or self.status == 304)


#: the columns of the ``fetched`` table, in :class:`FetchedUrl` order
FETCHED_COLUMNS = ("url", "kind", "status", "final_url", "etag", "last_modified", "reason",
                   "attempts", "article_id", "fetched_at")


def record_key(kind: str, data: dict[str, Any]) -> str:
    """The id a record is stored under (reuse pairs: their two article ids)."""
    if kind == "reuse":
        return "|".join(data.get("articles", []))
    return str(data.get("id"))


class Store(abc.ABC):
    """Articles, rejections, analysis records and named state, with chunked commits."""

    @abc.abstractmethod
    def has_article(self, article_id: str) -> bool: ...

    @abc.abstractmethod
    def source_unchanged(self, source: str, size: int | None, mtime: float | None) -> bool:
        """True when ``source`` was already ingested with this size and mtime."""

    @abc.abstractmethod
    def mark_sources(self, items: Iterable[tuple[str, int | None, float | None]]) -> None:
        """Record input files as read (source, size, mtime), whatever they produced: a JSONL
        file or a feed (whose articles have sources ``file:N``), a file that was rejected.
        An existing row keeps its article."""

    @abc.abstractmethod
    def add_articles(
        self, items: Iterable[tuple[Article, int | None, float | None]]
    ) -> tuple[int, int]:
        """Store articles (with their source size/mtime) in one transaction.

        Returns (new articles, already stored)."""

    @abc.abstractmethod
    def add_rejected(self, items: Iterable[Rejected]) -> None: ...

    @abc.abstractmethod
    def articles(self) -> Iterator[Article]: ...

    @abc.abstractmethod
    def get_article(self, article_id: str) -> Article | None: ...

    @abc.abstractmethod
    def rejected(self) -> list[Rejected]: ...

    @abc.abstractmethod
    def count_articles(self) -> int: ...

    @abc.abstractmethod
    def put_records(self, kind: str, records: Iterable[tuple[str, dict[str, Any]]]) -> None: ...

    @abc.abstractmethod
    def replace_records(self, kind: str, records: Iterable[tuple[str, dict[str, Any]]]) -> None: ...

    @abc.abstractmethod
    def records(self, kind: str) -> list[dict[str, Any]]: ...

    @abc.abstractmethod
    def save_analysis(
        self, articles: Iterable[Article], records: dict[str, list[tuple[str, dict[str, Any]]]],
        states: dict[str, dict[str, Any]],
        expect: dict[str, dict[str, Any] | None] | None = None,
    ) -> None:
        """In one transaction: update the analysed articles, replace every record kind given,
        and write the named states (a crash leaves the previous analysis whole).

        ``expect`` maps state names to the values the analysis started from: if another
        analysis saved a different one meanwhile, nothing is written and
        :class:`StoreError` [S007] says to run again (two streams would otherwise hand out
        the same new cluster ids)."""

    # -------------------------------------------------------- scoped (incremental) analysis
    # Generic versions over the whole store (correct on any backend, O(store)); the SQLite
    # and PostgreSQL backends answer them with indexed queries.

    def unclustered_articles(self) -> list[Article]:
        """The stored articles no analysis has clustered yet (``story`` unset)."""
        return [a for a in self.articles() if a.story is None]

    def articles_of_stories(self, story_ids: Iterable[str]) -> list[Article]:
        """The stored articles of these stories."""
        wanted = set(story_ids)
        return [a for a in self.articles() if a.story in wanted]

    def recent_articles(self, limit: int) -> list[Article]:
        """The ``limit`` clustered articles published last (undated ones not included)."""
        arts = [a for a in self.articles() if a.story is not None and a.published]
        arts.sort(key=lambda a: a.published or "", reverse=True)
        return arts[:limit]

    def records_by_id(self, kind: str, ids: Iterable[str]) -> list[dict[str, Any]]:
        """The records of ``kind`` with these ids (stories, entities)."""
        wanted = set(ids)
        return [d for d in self.records(kind) if str(d.get("id")) in wanted]

    def reuse_records_of(self, article_ids: Iterable[str]) -> list[dict[str, Any]]:
        """The stored reuse pairs that hold one of these articles."""
        wanted = set(article_ids)
        return [d for d in self.records("reuse") if wanted & set(d.get("articles", []))]

    def save_update(
        self, articles: Iterable[Article], upserts: dict[str, list[tuple[str, dict[str, Any]]]],
        drop_articles: Iterable[str], states: dict[str, dict[str, Any]],
        expect: dict[str, dict[str, Any] | None] | None = None,
        drop_records: dict[str, Iterable[str]] | None = None,
    ) -> None:
        """In one transaction, what a scoped analysis changed: update ``articles``, remove the
        claims and quotes of ``drop_articles`` (ids ``<article>:...``) and the records
        ``drop_records`` names (kind → ids: a story its last article left), insert or
        replace the ``upserts`` records by (kind, id), write the states (``expect`` as in
        :meth:`save_analysis`). Generic version: rewrites the touched kinds whole."""
        drop = set(drop_articles)
        gone = {k: set(v) for k, v in (drop_records or {}).items()}
        replaced: dict[str, list[tuple[str, dict[str, Any]]]] = {}
        for kind in set(upserts) | {"claim", "quote"} | set(gone):
            new = dict(upserts.get(kind, []))
            rows: list[tuple[str, dict[str, Any]]] = []
            for d in self.records(kind):
                rid = record_key(kind, d)
                if rid in new or rid in gone.get(kind, ()) or (
                        kind in ("claim", "quote") and rid.split(":")[0] in drop):
                    continue
                rows.append((rid, d))
            rows.extend(new.items())
            replaced[kind] = rows
        self.save_analysis(articles, replaced, states, expect)

    @abc.abstractmethod
    def get_state(self, name: str) -> dict[str, Any] | None: ...

    @abc.abstractmethod
    def put_state(self, name: str, data: dict[str, Any]) -> None: ...

    @abc.abstractmethod
    def record_line_days(self, pairs: Iterable[tuple[int, str]], min_days: int) -> set[int]:
        """Remember that each line (a 64-bit key) was seen on that day (at most ``min_days``
        days per line are kept), then give the keys of ``pairs`` seen on ``min_days`` days
        or more (:func:`recoupe.pipeline.drop_recurring_stored`)."""

    @abc.abstractmethod
    def search(self, query: str, limit: int = 20) -> list[tuple[str, str]]:
        """Full-text search: (article id, snippet) best first."""

    # ------------------------------------------------------------------ fetching

    @abc.abstractmethod
    def get_fetched(self, url: str) -> FetchedUrl | None:
        """The row of ``url`` (a normalised URL) in the fetched table, or else the row of a
        URL whose redirects led to it; None when it was never fetched."""

    @abc.abstractmethod
    def fetched_urls(self, kind: str | None = None) -> list[FetchedUrl]:
        """Every fetched URL (of ``kind`` if given), in URL order."""

    @abc.abstractmethod
    def save_fetch(
        self, rows: Iterable[FetchedUrl], articles: Iterable[Article] = (),
        rejected: Iterable[Rejected] = (),
    ) -> tuple[int, int]:
        """In one transaction: store ``articles`` (as :meth:`add_articles`, no size/mtime),
        record ``rejected`` and write (insert or replace) the fetched ``rows``, stamped with
        the current time. A process killed at any moment leaves all of it or none.

        Returns (new articles, already stored)."""

    @abc.abstractmethod
    def get_feed(self, url: str) -> dict[str, Any] | None:
        """The polling state saved for the feed ``url`` (None: never polled)."""

    @abc.abstractmethod
    def put_feed(self, url: str, data: dict[str, Any]) -> None:
        """Save the polling state of the feed ``url`` (replacing the previous one)."""

    @abc.abstractmethod
    def close(self) -> None: ...

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def open_store(url: str) -> Store:
    """Open the store at ``url``: a file path (SQLite) or ``postgresql://...`` /
    ``postgres://...`` (PostgreSQL, needs ``pip install "recoupe[postgres]"``)."""
    if url.startswith(("postgresql://", "postgres://")):
        from recoupe.store.postgres import PostgresStore

        return PostgresStore(url)
    if url.startswith(("postgresql:/", "postgres:/")):
        raise StoreError(
            f"[S006] '{url}' looks like a PostgreSQL URL that lost its '//' (read as a file path?): "
            "pass it as a string, postgresql://user@host:port/dbname"
        )
    from recoupe.store.sqlite import SQLiteStore

    return SQLiteStore(url)
