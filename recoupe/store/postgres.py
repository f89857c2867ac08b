"""PostgreSQL backend: versioned migrations (a ``schema_version`` table), JSONB records,
french full-text search (a tsvector column kept by a trigger, ``websearch_to_tsquery``,
``ts_headline`` snippets) and batched writes (COPY, executemany), one transaction per call.

Behaves as :class:`recoupe.store.sqlite.SQLiteStore`: a re-ingest stores nothing new,
``source_unchanged`` skips files already read, ``save_analysis`` is atomic. psycopg 3 is
imported when a store is opened (``pip install "recoupe[postgres]"``).
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any

from recoupe.model import Article, Rejected
from recoupe.store.base import (
    FETCHED_COLUMNS,
    FetchedUrl,
    Store,
    StoreError,
    check_expected,
    is_revision,
    packaged_migrations,
)

if TYPE_CHECKING:  # pragma: no cover
    import psycopg

#: key of the advisory lock that serialises migrations between processes
_MIGRATION_LOCK = 0x7265636F  # "reco"

#: rows fetched at a time when streaming the articles
ARTICLE_BATCH = 500

#: text search configuration of the tsvector column and of the queries
TS_CONFIG = "french"

_HEADLINE = "StartSel=[, StopSel=], MaxWords=24, MinWords=8, MaxFragments=1, FragmentDelimiter=' … '"


def pg_migrations() -> list[tuple[int, str]]:
    """The packaged PostgreSQL migrations as (version, SQL), in order."""
    return packaged_migrations("migrations", "pg")


def _psycopg() -> Any:
    try:
        import psycopg
    except ImportError as exc:
        raise StoreError(
            '[S003] the PostgreSQL store needs psycopg 3: pip install "recoupe[postgres]"'
        ) from exc
    return psycopg


def _scrub(value: Any) -> Any:
    """``value`` with every NUL character replaced by U+FFFD (PostgreSQL text cannot hold NUL;
    one character for one keeps span offsets valid)."""
    if isinstance(value, str):
        return value.replace("\x00", "\ufffd")
    if isinstance(value, dict):
        return {k: _scrub(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_scrub(v) for v in value]
    return value


def _json(data: dict[str, Any]) -> str:
    """JSON text for a JSONB column (NUL characters replaced, see :func:`_scrub`)."""
    text = json.dumps(data, ensure_ascii=False)
    if "\\u0000" in text:
        text = json.dumps(_scrub(data), ensure_ascii=False)
    return text


def _text(value: str | None) -> str | None:
    return value.replace("\x00", "\ufffd") if value is not None and "\x00" in value else value


class PostgresStore(Store):
    """A recoupe store in a PostgreSQL database (``postgresql://user@host:port/dbname``)."""

    def __init__(self, url: str) -> None:
        pg = _psycopg()
        self.url = url
        self._reader: psycopg.Connection[Any] | None = None  # for articles(), opened when needed
        self._reader_busy = False
        try:
            self.conn: psycopg.Connection[Any] = pg.connect(url, autocommit=True)
        except pg.Error as exc:
            raise StoreError(
                f"[S004] cannot connect to PostgreSQL at {_redact(url)}: {exc}. Check that the "
                "server runs, the database exists (createdb) and the URL's user may log in"
            ) from exc
        try:
            self.migrate()
        except pg.Error as exc:
            self.conn.close()
            raise StoreError(f"[S005] cannot migrate the PostgreSQL store {_redact(url)}: {exc}") from exc

    @property
    def version(self) -> int:
        """The highest migration applied (0 for an empty database)."""
        row = self.conn.execute("SELECT to_regclass('schema_version') IS NOT NULL").fetchone()
        if not row or not row[0]:
            return 0
        got = self.conn.execute("SELECT coalesce(max(version), 0) FROM schema_version").fetchone()
        return int(got[0]) if got else 0

    def migrate(self) -> None:
        """Apply every packaged migration newer than the database's version, each in its own
        transaction; an advisory lock keeps two processes from migrating at once."""
        self.conn.execute("SELECT pg_advisory_lock(%s)", (_MIGRATION_LOCK,))
        try:
            self.conn.execute(
                "CREATE TABLE IF NOT EXISTS schema_version ("
                "version INTEGER PRIMARY KEY, applied_at TIMESTAMPTZ NOT NULL DEFAULT now())"
            )
            current = self.version
            for version, sql in pg_migrations():
                if version <= current:
                    continue
                with self.conn.transaction():
                    self.conn.execute(sql.encode("utf-8"))  # several statements, no parameters
                    self.conn.execute("INSERT INTO schema_version (version) VALUES (%s)", (version,))
        finally:
            self.conn.execute("SELECT pg_advisory_unlock(%s)", (_MIGRATION_LOCK,))

    # ------------------------------------------------------------------ articles

    def has_article(self, article_id: str) -> bool:
        row = self.conn.execute("SELECT 1 FROM articles WHERE id = %s", (article_id,)).fetchone()
        return row is not None

    def source_unchanged(self, source: str, size: int | None, mtime: float | None) -> bool:
        row = self.conn.execute(
            "SELECT size, mtime FROM sources WHERE source = %s", (_text(source),)
        ).fetchone()
        return row is not None and size is not None and row[0] == size and row[1] == mtime

    def mark_sources(self, items: Iterable[tuple[str, int | None, float | None]]) -> None:
        rows = [(_text(src), size, mtime) for src, size, mtime in items]
        if not rows:
            return
        with self.conn.transaction(), self.conn.cursor() as cur:
            cur.executemany(
                "INSERT INTO sources (source, size, mtime, article_id, seen_at) "
                "VALUES (%s, %s, %s, NULL, now()) ON CONFLICT (source) DO UPDATE SET "
                "size = excluded.size, mtime = excluded.mtime, seen_at = excluded.seen_at",
                rows,
            )
            # a file read whole clears the file-level rejections of its earlier reads
            cur.execute("DELETE FROM rejected WHERE source = ANY(%s)", ([r[0] for r in rows],))

    def add_articles(
        self, items: Iterable[tuple[Article, int | None, float | None]]
    ) -> tuple[int, int]:
        """COPY the articles not stored yet into a staging table and insert them from there
        (a text read twice, in this chunk or before, is stored once); record every source."""
        batch = list(items)
        if not batch:
            return 0, 0
        sources: dict[str, tuple[int | None, float | None, str]] = {}
        for art, size, mtime in batch:
            sources[_text(art.source) or ""] = (size, mtime, art.id)  # the last one wins
        with self.conn.transaction(), self.conn.cursor() as cur:
            cur.execute("SELECT id FROM articles WHERE id = ANY(%s)", ([a.id for a, _s, _m in batch],))
            known = {r[0] for r in cur.fetchall()}
            fresh: dict[str, Article] = {}
            for art, _size, _mtime in batch:
                if art.id not in known:
                    fresh.setdefault(art.id, art)
            new = 0
            if fresh:
                cur.execute(
                    "CREATE TEMP TABLE staging_articles (id TEXT, source TEXT, outlet TEXT, title TEXT, "
                    "url TEXT, language TEXT, published TEXT, published_from TEXT, text TEXT, data JSONB) "
                    "ON COMMIT DROP"
                )
                with cur.copy(
                    "COPY staging_articles (id, source, outlet, title, url, language, published, "
                    "published_from, text, data) FROM STDIN"
                ) as copy:
                    for art in fresh.values():
                        copy.write_row((
                            art.id, _text(art.source), _text(art.outlet), _text(art.title), _text(art.url),
                            art.language, art.published, art.published_from, _text(art.text),
                            _json(art.as_dict()),
                        ))
                cur.execute(  # ON CONFLICT: another writer may have stored one meanwhile
                    "INSERT INTO articles (id, source, outlet, title, url, language, published, "
                    "published_from, text, data) SELECT * FROM staging_articles ON CONFLICT (id) DO NOTHING"
                )
                new = max(cur.rowcount, 0)
            cur.execute("SELECT source, article_id FROM sources WHERE source = ANY(%s)",
                        (list(sources),))
            previous = {src: aid for src, aid in cur.fetchall()}
            cur.executemany(
                "INSERT INTO sources (source, size, mtime, article_id, seen_at) "
                "VALUES (%s, %s, %s, %s, now()) ON CONFLICT (source) DO UPDATE SET "
                "size = coalesce(excluded.size, sources.size), "
                "mtime = coalesce(excluded.mtime, sources.mtime), "
                "article_id = excluded.article_id, seen_at = excluded.seen_at",
                [(src, size, mtime, aid) for src, (size, mtime, aid) in sources.items()],
            )
            # an edited source's old text goes when no source points to it any more and
            # the new text is an edit of it (is_revision); another text leaves it stored
            changed = {old: sources[src][2] for src, old in previous.items()
                       if old and old != sources[src][2]}
            replaced: list[str] = []
            if changed:
                cur.execute("SELECT id, text FROM articles WHERE id = ANY(%s)", (list(changed),))
                old_text = dict(cur.fetchall())
                cur.execute("SELECT id, text FROM articles WHERE id = ANY(%s)",
                            (list(set(changed.values())),))
                new_text = dict(cur.fetchall())
                replaced = [old for old, new_id in changed.items()
                            if is_revision(old_text.get(old) or "", new_text.get(new_id) or "")]
            if replaced:
                cur.execute(
                    "DELETE FROM articles a WHERE a.id = ANY(%s) AND NOT EXISTS "
                    "(SELECT 1 FROM sources s WHERE s.article_id = a.id)", (replaced,))
            cur.execute("DELETE FROM rejected WHERE source = ANY(%s)", (list(sources),))
        return new, len(batch) - new

    def add_rejected(self, items: Iterable[Rejected]) -> None:
        rows = [(_text(r.source), _text(r.reason)) for r in items]
        if not rows:
            return
        with self.conn.transaction(), self.conn.cursor() as cur:
            cur.executemany(
                "INSERT INTO rejected (source, reason) VALUES (%s, %s) ON CONFLICT DO NOTHING", rows)

    def articles(self) -> Iterator[Article]:
        """Every article, undated first, then by date and source (byte order, as SQLite).

        Streamed through a server-side cursor, ``ARTICLE_BATCH`` rows at a time, on a reading
        connection of its own (so the caller may use the store while iterating); a second
        iteration running at the same time gets a connection of its own too."""
        reader: psycopg.Connection[Any]
        if self._reader is None:
            reader = self._reader = _psycopg().connect(self.url)
            own = False
        elif self._reader_busy:
            reader, own = _psycopg().connect(self.url), True
        else:
            reader, own = self._reader, False
        if not own:
            self._reader_busy = True
        try:
            with reader.transaction(), reader.cursor(name="recoupe_articles") as cur:
                cur.itersize = ARTICLE_BATCH
                cur.execute('SELECT data FROM articles ORDER BY published COLLATE "C" NULLS FIRST, source COLLATE "C"')
                for (data,) in cur:
                    yield Article.from_dict(data)
        finally:
            if own:
                reader.close()
            else:
                self._reader_busy = False

    # scoped analysis: indexed queries
    def unclustered_articles(self) -> list[Article]:
        return [Article.from_dict(d) for (d,) in self.conn.execute(
            'SELECT data FROM articles WHERE story IS NULL ORDER BY published COLLATE "C" NULLS FIRST, '
            'source COLLATE "C"').fetchall()]

    def articles_of_stories(self, story_ids: Iterable[str]) -> list[Article]:
        ids = sorted(set(story_ids))
        return [Article.from_dict(d) for (d,) in self.conn.execute(
            "SELECT data FROM articles WHERE story = ANY(%s)", (ids,)).fetchall()] if ids else []

    def recent_articles(self, limit: int) -> list[Article]:
        return [Article.from_dict(d) for (d,) in self.conn.execute(
            'SELECT data FROM articles WHERE story IS NOT NULL AND published IS NOT NULL '
            'ORDER BY published COLLATE "C" DESC LIMIT %s', (int(limit),)).fetchall()]

    def reuse_records_of(self, article_ids: Iterable[str]) -> list[dict[str, Any]]:
        ids = sorted(set(article_ids))
        return [dict(d) for (d,) in self.conn.execute(
            "SELECT data FROM records WHERE kind = 'reuse' AND (data->'articles') ?| %s ORDER BY id",
            (ids,)).fetchall()] if ids else []

    def get_article(self, article_id: str) -> Article | None:
        row = self.conn.execute("SELECT data FROM articles WHERE id = %s", (article_id,)).fetchone()
        return Article.from_dict(row[0]) if row else None

    def rejected(self) -> list[Rejected]:
        return [
            Rejected(s, r)
            for s, r in self.conn.execute("SELECT source, reason FROM rejected ORDER BY id").fetchall()
        ]

    def count_articles(self) -> int:
        row = self.conn.execute("SELECT count(*) FROM articles").fetchone()
        return int(row[0]) if row else 0

    # ------------------------------------------------------------------ records, state

    def put_records(self, kind: str, records: Iterable[tuple[str, dict[str, Any]]]) -> None:
        rows = [(kind, _text(rid), _json(d)) for rid, d in records]
        if not rows:
            return
        with self.conn.transaction(), self.conn.cursor() as cur:
            cur.executemany(
                "INSERT INTO records (kind, id, data, updated_at) VALUES (%s, %s, %s::jsonb, now()) "
                "ON CONFLICT (kind, id) DO UPDATE SET data = excluded.data, updated_at = excluded.updated_at",
                rows,
            )

    def _replace(self, cur: psycopg.Cursor[Any], kind: str, records: Iterable[tuple[str, dict[str, Any]]]) -> None:
        cur.execute("DELETE FROM records WHERE kind = %s", (kind,))
        with cur.copy("COPY records (kind, id, data) FROM STDIN") as copy:
            for rid, d in records:
                copy.write_row((kind, _text(rid), _json(d)))

    def replace_records(self, kind: str, records: Iterable[tuple[str, dict[str, Any]]]) -> None:
        rows = list(records)
        with self.conn.transaction(), self.conn.cursor() as cur:
            self._replace(cur, kind, rows)

    def records(self, kind: str) -> list[dict[str, Any]]:
        return [
            d for (d,) in self.conn.execute(
                'SELECT data FROM records WHERE kind = %s ORDER BY id COLLATE "C"', (kind,)
            ).fetchall()
        ]

    def save_analysis(
        self, articles: Iterable[Article], records: dict[str, list[tuple[str, dict[str, Any]]]],
        states: dict[str, dict[str, Any]],
        expect: dict[str, dict[str, Any] | None] | None = None,
    ) -> None:
        with self.conn.transaction(), self.conn.cursor() as cur:
            self._begin_analysis_write(cur, articles, expect)
            for kind, recs in records.items():
                self._replace(cur, kind, recs)
            for name, data in states.items():
                self._put_state(cur, name, data)

    def save_update(
        self, articles: Iterable[Article], upserts: dict[str, list[tuple[str, dict[str, Any]]]],
        drop_articles: Iterable[str], states: dict[str, dict[str, Any]],
        expect: dict[str, dict[str, Any] | None] | None = None,
        drop_records: dict[str, Iterable[str]] | None = None,
    ) -> None:
        with self.conn.transaction(), self.conn.cursor() as cur:
            self._begin_analysis_write(cur, articles, expect)
            for kind, ids in (drop_records or {}).items():
                cur.execute("DELETE FROM records WHERE kind = %s AND id = ANY(%s)",
                            (kind, sorted(set(ids))))
            # claim and quote ids are "<article id>:c<n>" / ":q<n>": one pass over them
            cur.execute(
                "DELETE FROM records WHERE kind IN ('claim', 'quote') "
                "AND split_part(id, ':', 1) = ANY(%s)",
                (sorted(set(drop_articles)),),
            )
            for kind, recs in upserts.items():
                cur.executemany(
                    "INSERT INTO records (kind, id, data, updated_at) VALUES (%s, %s, %s::jsonb, now()) "
                    "ON CONFLICT (kind, id) DO UPDATE SET data = excluded.data, updated_at = excluded.updated_at",
                    [(kind, _text(rid), _json(d)) for rid, d in recs],
                )
            for name, data in states.items():
                self._put_state(cur, name, data)

    @staticmethod
    def _begin_analysis_write(cur: psycopg.Cursor[Any], articles: Iterable[Article],
                              expect: dict[str, dict[str, Any] | None] | None) -> None:
        """Inside the caller's transaction: one analysis at a time (the check that nobody
        saved another one meanwhile, [S007], and the writes under one lock), then the
        analysed articles updated."""
        if expect:
            cur.execute("LOCK TABLE state IN SHARE ROW EXCLUSIVE MODE")
            for name, expected in expect.items():
                cur.execute("SELECT data FROM state WHERE name = %s", (name,))
                row = cur.fetchone()
                stored = row[0] if row else None
                if isinstance(stored, str):
                    stored = json.loads(stored)
                check_expected(name, stored, expected)
        cur.executemany(
            "UPDATE articles SET data = %s::jsonb, story = %s, event = %s, published = %s, title = %s, "
            "outlet = %s WHERE id = %s",
            [(_json(a.as_dict()), a.story, a.event, a.published, _text(a.title), _text(a.outlet), a.id)
             for a in articles],
        )

    @staticmethod
    def _put_state(cur: psycopg.Cursor[Any], name: str, data: dict[str, Any]) -> None:
        cur.execute(
            "INSERT INTO state (name, data, updated_at) VALUES (%s, %s::jsonb, now()) "
            "ON CONFLICT (name) DO UPDATE SET data = excluded.data, updated_at = excluded.updated_at",
            (name, _json(data)),
        )

    def get_state(self, name: str) -> dict[str, Any] | None:
        row = self.conn.execute("SELECT data FROM state WHERE name = %s", (name,)).fetchone()
        return dict(row[0]) if row else None

    def put_state(self, name: str, data: dict[str, Any]) -> None:
        with self.conn.transaction(), self.conn.cursor() as cur:
            self._put_state(cur, name, data)

    def record_line_days(self, pairs: Iterable[tuple[int, str]], min_days: int) -> set[int]:
        todo = sorted(set(pairs))
        keys = sorted({k for k, _ in todo})
        if not keys or min_days <= 0:
            return set()
        count = "SELECT key, count(*) FROM line_days WHERE key = ANY(%s) GROUP BY key"
        with self.conn.transaction(), self.conn.cursor() as cur:
            counts = dict(cur.execute(count, (keys,)).fetchall())
            cur.executemany(
                "INSERT INTO line_days (key, day) VALUES (%s, %s) ON CONFLICT DO NOTHING",
                [(k, d) for k, d in todo if counts.get(k, 0) < min_days])
            counts = dict(cur.execute(count, (keys,)).fetchall())
        return {k for k, n in counts.items() if n >= min_days}

    def search(self, query: str, limit: int = 20) -> list[tuple[str, str]]:
        """Articles matching every word of ``query`` (web-search syntax: ``"a phrase"``,
        ``-word``, ``or``), best ranked first, with a snippet marking the hits ``[like this]``."""
        query = _text(query) or ""
        if not query.strip():
            return []
        rows = self.conn.execute(
            "SELECT hit.id, ts_headline(%s::regconfig, hit.text, hit.q, %s) FROM ("
            "  SELECT a.id, a.text, q, ts_rank_cd(a.tsv, q) AS rank"
            "  FROM articles a, websearch_to_tsquery(%s::regconfig, %s) q"
            "  WHERE a.tsv @@ q ORDER BY rank DESC, a.id LIMIT %s"
            ") hit ORDER BY hit.rank DESC, hit.id",
            (TS_CONFIG, _HEADLINE, TS_CONFIG, query, limit),
        ).fetchall()
        return [(r[0], f"…{r[1]}…") for r in rows]

    # ------------------------------------------------------------------ fetching

    def get_fetched(self, url: str) -> FetchedUrl | None:
        cols = ", ".join(FETCHED_COLUMNS)
        row = self.conn.execute(f"SELECT {cols} FROM fetched WHERE url = %s", (_text(url),)).fetchone()
        if row is None:
            row = self.conn.execute(
                f"SELECT {cols} FROM fetched WHERE final_url = %s ORDER BY fetched_at DESC LIMIT 1",
                (_text(url),)).fetchone()
        return FetchedUrl(*row) if row else None

    def fetched_urls(self, kind: str | None = None) -> list[FetchedUrl]:
        cols = ", ".join(FETCHED_COLUMNS)
        if kind is None:
            rows = self.conn.execute(f'SELECT {cols} FROM fetched ORDER BY url COLLATE "C"').fetchall()
        else:
            rows = self.conn.execute(
                f'SELECT {cols} FROM fetched WHERE kind = %s ORDER BY url COLLATE "C"', (kind,)).fetchall()
        return [FetchedUrl(*r) for r in rows]

    def save_fetch(
        self, rows: Iterable[FetchedUrl], articles: Iterable[Article] = (),
        rejected: Iterable[Rejected] = (),
    ) -> tuple[int, int]:
        now = datetime.now(UTC).replace(microsecond=0).isoformat()
        values = [(_text(r.url), r.kind, r.status, _text(r.final_url), _text(r.etag),
                   _text(r.last_modified), _text(r.reason), r.attempts, r.article_id, now)
                  for r in rows]
        with self.conn.transaction():  # the calls below nest as savepoints: all or nothing
            counts = self.add_articles((a, None, None) for a in articles)
            self.add_rejected(rejected)
            if values:
                with self.conn.cursor() as cur:
                    cur.executemany(
                        f"INSERT INTO fetched ({', '.join(FETCHED_COLUMNS)}) "
                        f"VALUES ({', '.join('%s' for _ in FETCHED_COLUMNS)}) ON CONFLICT (url) DO UPDATE SET "
                        + ", ".join(f"{c} = excluded.{c}" for c in FETCHED_COLUMNS[1:]),
                        values,
                    )
        return counts

    def get_feed(self, url: str) -> dict[str, Any] | None:
        row = self.conn.execute("SELECT data FROM feeds WHERE url = %s", (_text(url),)).fetchone()
        return dict(row[0]) if row else None

    def put_feed(self, url: str, data: dict[str, Any]) -> None:
        self.conn.execute(
            "INSERT INTO feeds (url, data, updated_at) VALUES (%s, %s::jsonb, now()) "
            "ON CONFLICT (url) DO UPDATE SET data = excluded.data, updated_at = excluded.updated_at",
            (_text(url), _json(data)),
        )

    def close(self) -> None:
        if self._reader is not None:
            self._reader.close()
        self.conn.close()


def _redact(url: str) -> str:
    """``url`` without its password."""
    if "@" not in url or "://" not in url:
        return url
    scheme, rest = url.split("://", 1)
    creds, host = rest.rsplit("@", 1)
    user = creds.split(":", 1)[0]
    return f"{scheme}://{user}@{host}" if ":" in creds else url
