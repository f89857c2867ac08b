"""SQLite backend: WAL journal, versioned migrations (PRAGMA user_version), FTS5 search."""

from __future__ import annotations

import contextlib
import json
import sqlite3
from collections.abc import Iterable, Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from recoupe.model import Article, Rejected
from recoupe.store.base import (
    FETCHED_COLUMNS,
    STATE_TOKEN_KEYS,
    FetchedUrl,
    Store,
    StoreError,
    check_expected,
    is_revision,
    packaged_migrations,
)


def _now() -> str:
    return datetime.now(UTC).replace(microsecond=0).isoformat()


def migrations() -> list[tuple[int, str]]:
    """The packaged SQLite migrations as (version, SQL), in order."""
    return packaged_migrations("migrations")


class SQLiteStore(Store):
    """A recoupe store in one SQLite file."""

    def __init__(self, path: str | Path) -> None:
        self.path = str(path)
        if self.path != ":memory:":
            Path(self.path).parent.mkdir(parents=True, exist_ok=True)
        try:
            self.conn = sqlite3.connect(self.path, timeout=30, check_same_thread=False)
            self.conn.execute("PRAGMA journal_mode=WAL")
            self.conn.execute("PRAGMA synchronous=NORMAL")
            self.conn.execute("PRAGMA foreign_keys=ON")
            self.migrate()
        except sqlite3.DatabaseError as exc:
            raise StoreError(f"[S002] cannot open store {self.path}: {exc}") from exc

    @property
    def version(self) -> int:
        return int(self.conn.execute("PRAGMA user_version").fetchone()[0])

    def migrate(self) -> None:
        """Apply every packaged migration newer than the file's version, each atomically."""
        current = self.version
        for version, sql in migrations():
            if version <= current:
                continue
            try:
                self.conn.executescript(f"BEGIN;\n{sql}\nPRAGMA user_version = {version};\nCOMMIT;")
            except sqlite3.DatabaseError:
                self.conn.rollback()
                raise

    # ------------------------------------------------------------------ articles

    def has_article(self, article_id: str) -> bool:
        row = self.conn.execute("SELECT 1 FROM articles WHERE id = ?", (article_id,)).fetchone()
        return row is not None

    def source_unchanged(self, source: str, size: int | None, mtime: float | None) -> bool:
        row = self.conn.execute(
            "SELECT size, mtime FROM sources WHERE source = ?", (source,)
        ).fetchone()
        return row is not None and size is not None and row[0] == size and row[1] == mtime

    def mark_sources(self, items: Iterable[tuple[str, int | None, float | None]]) -> None:
        now = _now()
        with self.conn:
            self.conn.executemany(
                "INSERT INTO sources (source, size, mtime, article_id, seen_at) VALUES (?,?,?,NULL,?) "
                "ON CONFLICT(source) DO UPDATE SET size = excluded.size, mtime = excluded.mtime, "
                "seen_at = excluded.seen_at",
                [(src, size, mtime, now) for src, size, mtime in items],
            )
            # a file read whole clears the file-level rejections of its earlier reads
            self.conn.executemany("DELETE FROM rejected WHERE source = ?",
                                  [(src,) for src, _s, _m in items])

    def add_articles(
        self, items: Iterable[tuple[Article, int | None, float | None]]
    ) -> tuple[int, int]:
        with self.conn:  # one transaction: all or nothing
            return self._insert_articles(items)

    def _insert_articles(
        self, items: Iterable[tuple[Article, int | None, float | None]]
    ) -> tuple[int, int]:
        """:meth:`add_articles` inside the caller's transaction."""
        new = old = 0
        now = _now()
        for art, size, mtime in items:
            cur = self.conn.execute(
                "INSERT OR IGNORE INTO articles (id, source, outlet, title, url, language, "
                "published, published_from, text, data, ingested_at) "
                "VALUES (?,?,?,?,?,?,?,?,?,?,?)",
                (art.id, art.source, art.outlet, art.title, art.url, art.language,
                 art.published, art.published_from, art.text,
                 json.dumps(art.as_dict(), ensure_ascii=False), now),
            )
            if cur.rowcount:
                new += 1
            else:
                old += 1
            row = self.conn.execute(
                "SELECT article_id FROM sources WHERE source = ?", (art.source,)).fetchone()
            self.conn.execute(
                "INSERT INTO sources (source, size, mtime, article_id, seen_at) VALUES (?,?,?,?,?) "
                "ON CONFLICT(source) DO UPDATE SET article_id = excluded.article_id, "
                "size = coalesce(excluded.size, sources.size), "
                "mtime = coalesce(excluded.mtime, sources.mtime), seen_at = excluded.seen_at",
                (art.source, size, mtime, art.id, now),
            )
            if row and row[0] and row[0] != art.id:  # the source changed
                self._drop_if_orphan(row[0], art.text)
            self.conn.execute("DELETE FROM rejected WHERE source = ?", (art.source,))
        return new, old

    def _drop_if_orphan(self, article_id: str, new_text: str) -> None:
        """Remove an article no source points to any more when the text that took its
        place is an edit of it (:func:`is_revision`); otherwise it stays stored."""
        still = self.conn.execute(
            "SELECT 1 FROM sources WHERE article_id = ? LIMIT 1", (article_id,)).fetchone()
        if still is not None:
            return
        old = self.conn.execute("SELECT text FROM articles WHERE id = ?", (article_id,)).fetchone()
        if old is not None and is_revision(old[0] or "", new_text):
            self.conn.execute("DELETE FROM articles WHERE id = ?", (article_id,))

    def add_rejected(self, items: Iterable[Rejected]) -> None:
        now = _now()
        with self.conn:
            self.conn.executemany(
                "INSERT OR IGNORE INTO rejected (source, reason, at) VALUES (?,?,?)",
                [(r.source, r.reason, now) for r in items],
            )

    def articles(self) -> Iterator[Article]:
        for (data,) in self.conn.execute("SELECT data FROM articles ORDER BY published, source"):
            yield Article.from_dict(json.loads(data))

    def get_article(self, article_id: str) -> Article | None:
        row = self.conn.execute("SELECT data FROM articles WHERE id = ?", (article_id,)).fetchone()
        return Article.from_dict(json.loads(row[0])) if row else None

    def rejected(self) -> list[Rejected]:
        return [
            Rejected(s, r)
            for s, r in self.conn.execute("SELECT source, reason FROM rejected ORDER BY id")
        ]

    def count_articles(self) -> int:
        return int(self.conn.execute("SELECT count(*) FROM articles").fetchone()[0])

    # ------------------------------------------------------------------ records, state

    def put_records(self, kind: str, records: Iterable[tuple[str, dict[str, Any]]]) -> None:
        now = _now()
        with self.conn:
            self.conn.executemany(
                "INSERT OR REPLACE INTO records (kind, id, data, updated_at) VALUES (?,?,?,?)",
                [(kind, rid, json.dumps(d, ensure_ascii=False), now) for rid, d in records],
            )

    def replace_records(self, kind: str, records: Iterable[tuple[str, dict[str, Any]]]) -> None:
        now = _now()
        rows = [(kind, rid, json.dumps(d, ensure_ascii=False), now) for rid, d in records]
        with self.conn:
            self.conn.execute("DELETE FROM records WHERE kind = ?", (kind,))
            self.conn.executemany(
                "INSERT INTO records (kind, id, data, updated_at) VALUES (?,?,?,?)", rows
            )

    def records(self, kind: str) -> list[dict[str, Any]]:
        return [
            json.loads(d)
            for (d,) in self.conn.execute(
                "SELECT data FROM records WHERE kind = ? ORDER BY id", (kind,)
            )
        ]

    def save_analysis(
        self, articles: Iterable[Article], records: dict[str, list[tuple[str, dict[str, Any]]]],
        states: dict[str, dict[str, Any]],
        expect: dict[str, dict[str, Any] | None] | None = None,
    ) -> None:
        now = _now()
        with self.conn:
            self._begin_analysis_write(articles, expect)
            for kind, rows in records.items():
                self.conn.execute("DELETE FROM records WHERE kind = ?", (kind,))
                self.conn.executemany(
                    "INSERT INTO records (kind, id, data, updated_at) VALUES (?,?,?,?)",
                    [(kind, rid, json.dumps(d, ensure_ascii=False), now) for rid, d in rows],
                )
            self._write_states(states, now)

    def _begin_analysis_write(self, articles: Iterable[Article],
                              expect: dict[str, dict[str, Any] | None] | None) -> None:
        """Inside the caller's transaction: take the write lock, check that nobody saved
        another analysis meanwhile ([S007]), and update the analysed articles."""
        self.conn.execute("DELETE FROM state WHERE name = ?", ("__lock__",))
        for name, expected in (expect or {}).items():
            if isinstance(expected, dict) and "seq" in expected:
                # the clusterer's counters, read by SQLite: no parse of the whole state
                cols = ", ".join(f"json_extract(data, '$.{k}')" for k in STATE_TOKEN_KEYS)
                row = self.conn.execute(f"SELECT {cols} FROM state WHERE name = ?",
                                        (name,)).fetchone()
                check_expected(name, tuple(row) if row else None,
                               tuple(expected.get(k) for k in STATE_TOKEN_KEYS))
            else:
                check_expected(name, self.get_state(name), expected)
        self.conn.executemany(
            "UPDATE articles SET data = ?, story = ?, event = ?, published = ?, title = ?, "
            "outlet = ? WHERE id = ?",
            [(json.dumps(a.as_dict(), ensure_ascii=False), a.story, a.event, a.published,
              a.title, a.outlet, a.id) for a in articles],
        )

    def _write_states(self, states: dict[str, dict[str, Any]], now: str) -> None:
        for name, data in states.items():
            self.conn.execute(
                "INSERT OR REPLACE INTO state (name, data, updated_at) VALUES (?,?,?)",
                (name, json.dumps(data, ensure_ascii=False), now),
            )

    # ------------------------------------------------------------------ scoped analysis
    def unclustered_articles(self) -> list[Article]:
        return [Article.from_dict(json.loads(d)) for (d,) in self.conn.execute(
            "SELECT data FROM articles WHERE story IS NULL ORDER BY published, source")]

    def articles_of_stories(self, story_ids: Iterable[str]) -> list[Article]:
        ids = sorted(set(story_ids))
        out: list[Article] = []
        for k in range(0, len(ids), 500):
            part = ids[k:k + 500]
            out.extend(Article.from_dict(json.loads(d)) for (d,) in self.conn.execute(
                f"SELECT data FROM articles WHERE story IN ({','.join('?' * len(part))})", part))
        return out

    def recent_articles(self, limit: int) -> list[Article]:
        return [Article.from_dict(json.loads(d)) for (d,) in self.conn.execute(
            "SELECT data FROM articles WHERE story IS NOT NULL AND published IS NOT NULL "
            "ORDER BY published DESC LIMIT ?", (int(limit),))]

    def records_by_id(self, kind: str, ids: Iterable[str]) -> list[dict[str, Any]]:
        wanted = sorted(set(ids))
        out: list[dict[str, Any]] = []
        for k in range(0, len(wanted), 500):
            part = wanted[k:k + 500]
            out.extend(json.loads(d) for (d,) in self.conn.execute(
                f"SELECT data FROM records WHERE kind = ? AND id IN ({','.join('?' * len(part))})",
                [kind, *part]))
        return out

    def reuse_records_of(self, article_ids: Iterable[str]) -> list[dict[str, Any]]:
        ids = sorted(set(article_ids))
        if not ids:
            return []
        with self.conn:
            self.conn.execute("CREATE TEMP TABLE IF NOT EXISTS scope_ids (id TEXT PRIMARY KEY)")
            self.conn.execute("DELETE FROM scope_ids")
            self.conn.executemany("INSERT OR IGNORE INTO scope_ids (id) VALUES (?)", [(i,) for i in ids])
        # one pass over the reuse rows, their two article ids read by SQLite's JSON functions
        return [json.loads(d) for (d,) in self.conn.execute(
            "SELECT data FROM records WHERE kind = 'reuse' AND ("
            "json_extract(data, '$.articles[0]') IN (SELECT id FROM scope_ids) OR "
            "json_extract(data, '$.articles[1]') IN (SELECT id FROM scope_ids)) ORDER BY id")]

    def save_update(
        self, articles: Iterable[Article], upserts: dict[str, list[tuple[str, dict[str, Any]]]],
        drop_articles: Iterable[str], states: dict[str, dict[str, Any]],
        expect: dict[str, dict[str, Any] | None] | None = None,
        drop_records: dict[str, Iterable[str]] | None = None,
    ) -> None:
        now = _now()
        with self.conn:
            self._begin_analysis_write(articles, expect)
            for kind, ids in (drop_records or {}).items():
                self.conn.executemany("DELETE FROM records WHERE kind = ? AND id = ?",
                                      [(kind, rid) for rid in ids])
            # claim and quote ids are "<article id>:c<n>" / ":q<n>": a key range per article
            for aid in set(drop_articles):
                self.conn.execute(
                    "DELETE FROM records WHERE kind IN ('claim', 'quote') AND id >= ? AND id < ?",
                    (aid + ":", aid + ";"))
            for kind, rows in upserts.items():
                self.conn.executemany(
                    "INSERT OR REPLACE INTO records (kind, id, data, updated_at) VALUES (?,?,?,?)",
                    [(kind, rid, json.dumps(d, ensure_ascii=False), now) for rid, d in rows],
                )
            self._write_states(states, now)

    def get_state(self, name: str) -> dict[str, Any] | None:
        row = self.conn.execute("SELECT data FROM state WHERE name = ?", (name,)).fetchone()
        return json.loads(row[0]) if row else None

    def put_state(self, name: str, data: dict[str, Any]) -> None:
        with self.conn:
            self._write_states({name: data}, _now())

    def record_line_days(self, pairs: Iterable[tuple[int, str]], min_days: int) -> set[int]:
        todo = sorted(set(pairs))
        keys = sorted({k for k, _ in todo})
        if not keys or min_days <= 0:
            return set()
        with self.conn:
            counts = self._line_day_counts(keys)
            self.conn.executemany(
                "INSERT OR IGNORE INTO line_days (key, day) VALUES (?, ?)",
                [(k, d) for k, d in todo if counts.get(k, 0) < min_days])
            counts = self._line_day_counts(keys)
        return {k for k, n in counts.items() if n >= min_days}

    def _line_day_counts(self, keys: list[int]) -> dict[int, int]:
        out: dict[int, int] = {}
        for i in range(0, len(keys), 500):
            part = keys[i:i + 500]
            q = ",".join("?" * len(part))
            out.update(self.conn.execute(
                f"SELECT key, count(*) FROM line_days WHERE key IN ({q}) GROUP BY key", part))
        return out

    def search(self, query: str, limit: int = 20) -> list[tuple[str, str]]:
        terms = [t for t in "".join(c if c.isalnum() else " " for c in query).split() if t]
        if not terms:
            return []
        fts = " ".join(f'"{t}"' for t in terms)
        rows = self.conn.execute(
            "SELECT a.id, snippet(articles_fts, 1, '[', ']', '…', 12) FROM articles_fts "
            "JOIN articles a ON a.rowid = articles_fts.rowid WHERE articles_fts MATCH ? "
            "ORDER BY rank LIMIT ?",
            (fts, limit),
        ).fetchall()
        return [(r[0], r[1]) for r in rows]

    # ------------------------------------------------------------------ fetching

    def get_fetched(self, url: str) -> FetchedUrl | None:
        cols = ", ".join(FETCHED_COLUMNS)
        row = self.conn.execute(f"SELECT {cols} FROM fetched WHERE url = ?", (url,)).fetchone()
        if row is None:
            row = self.conn.execute(
                f"SELECT {cols} FROM fetched WHERE final_url = ? ORDER BY fetched_at DESC LIMIT 1",
                (url,)).fetchone()
        return FetchedUrl(*row) if row else None

    def fetched_urls(self, kind: str | None = None) -> list[FetchedUrl]:
        cols = ", ".join(FETCHED_COLUMNS)
        if kind is None:
            rows = self.conn.execute(f"SELECT {cols} FROM fetched ORDER BY url").fetchall()
        else:
            rows = self.conn.execute(f"SELECT {cols} FROM fetched WHERE kind = ? ORDER BY url",
                                     (kind,)).fetchall()
        return [FetchedUrl(*r) for r in rows]

    def save_fetch(
        self, rows: Iterable[FetchedUrl], articles: Iterable[Article] = (),
        rejected: Iterable[Rejected] = (),
    ) -> tuple[int, int]:
        now = _now()
        with self.conn:  # one transaction: a kill leaves all of it or none
            counts = self._insert_articles((a, None, None) for a in articles)
            self.conn.executemany(
                "INSERT OR IGNORE INTO rejected (source, reason, at) VALUES (?,?,?)",
                [(r.source, r.reason, now) for r in rejected],
            )
            self.conn.executemany(
                f"INSERT OR REPLACE INTO fetched ({', '.join(FETCHED_COLUMNS)}) "
                f"VALUES ({', '.join('?' for _ in FETCHED_COLUMNS)})",
                [(r.url, r.kind, r.status, r.final_url, r.etag, r.last_modified, r.reason,
                  r.attempts, r.article_id, now) for r in rows],
            )
        return counts

    def get_feed(self, url: str) -> dict[str, Any] | None:
        row = self.conn.execute("SELECT data FROM feeds WHERE url = ?", (url,)).fetchone()
        return json.loads(row[0]) if row else None

    def put_feed(self, url: str, data: dict[str, Any]) -> None:
        with self.conn:
            self.conn.execute(
                "INSERT OR REPLACE INTO feeds (url, data, updated_at) VALUES (?,?,?)",
                (url, json.dumps(data, ensure_ascii=False), _now()),
            )

    def close(self) -> None:
        # write the WAL back into the database file: a copy of the .db alone made after
        # the store was closed (a backup) then holds everything, even while another
        # connection (a server thread, the analyzer) keeps the WAL from going away
        if self.path != ":memory:":
            with contextlib.suppress(sqlite3.Error):
                # never wait on another connection's transaction: a checkpoint that would
                # block is skipped (busy), and the next close folds the WAL back
                self.conn.execute("PRAGMA busy_timeout=0")
                self.conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        self.conn.close()
