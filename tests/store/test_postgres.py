"""PostgreSQL specifics (migrations, JSONB, french full-text search) on a real server; the
behaviour shared with SQLite is in test_base.py."""

from __future__ import annotations

from pathlib import Path

import pytest

from recoupe.config import Options
from recoupe.jobs import ingest_paths
from recoupe.model import Article
from recoupe.store.postgres import PostgresStore, _redact, pg_migrations

pytestmark = pytest.mark.postgres

SAMPLES = Path(__file__).parents[2] / "samples" / "corpus"


def test_migrations_are_versioned_and_run_once(pg_url: str) -> None:
    with PostgresStore(pg_url) as store:
        assert store.version == pg_migrations()[-1][0] >= 1
        versions = [r[0] for r in store.conn.execute("SELECT version FROM schema_version ORDER BY 1")]
        assert versions == [v for v, _ in pg_migrations()]
        kinds = dict(store.conn.execute(
            "SELECT column_name, data_type FROM information_schema.columns WHERE table_name = 'articles'"
        ).fetchall())
        assert kinds["data"] == "jsonb" and kinds["tsv"] == "tsvector"
    with PostgresStore(pg_url) as again:  # reopening applies nothing twice
        assert again.conn.execute("SELECT count(*) FROM schema_version").fetchone()[0] == len(pg_migrations())


def test_french_search_stems_and_reads_web_syntax(pg_url: str) -> None:
    with PostgresStore(pg_url) as store:
        ingest_paths([str(SAMPLES)], store, Options.load())
        plural = {i for i, _ in store.search("grèves")}
        assert plural and plural == {i for i, _ in store.search("grève")}  # french stemming
        both = {i for i, _ in store.search("Lumeral grève")}
        without = {i for i, _ in store.search("grève -Lumeral")}
        assert both and not both & without
        assert store.search('"grève" or Lumeral', limit=2) and len(store.search("grève", limit=1)) == 1
        ident, snippet = store.search("Lumeral")[0]
        assert "[Lumeral]" in snippet


def test_nul_characters_are_stored_as_replacement_characters(pg_url: str) -> None:
    art = Article(id="a1", source="nul.txt", text="avant\x00après", title="t\x00")
    with PostgresStore(pg_url) as store:
        assert store.add_articles([(art, 1, 1.0)]) == (1, 0)
        got = store.get_article("a1")
        assert got is not None and got.text == "avant\ufffdaprès" and len(got.text) == len(art.text)
        store.put_state("s", {"k": "x\x00"})
        assert store.get_state("s") == {"k": "x\ufffd"}


def test_the_password_is_not_in_error_messages() -> None:
    assert _redact("postgresql://u:secret@h:5432/db") == "postgresql://u@h:5432/db"
    assert _redact("postgresql://u@h/db") == "postgresql://u@h/db"


def test_a_new_title_is_searchable_after_the_analysis(pg_url: str) -> None:
    art = Article(id="a2", source="t.txt", text="Le conseil municipal a voté le budget.", title="Budget")
    with PostgresStore(pg_url) as store:
        store.add_articles([(art, 1, 1.0)])
        assert store.search("tramway") == []
        art.title = "Le tramway financé"
        store.save_analysis([art], {}, {})
        assert [i for i, _ in store.search("tramway")] == ["a2"]
        assert [i for i, _ in store.search("budget")] == ["a2"]


def test_articles_stream_while_the_store_is_used(pg_url: str) -> None:
    arts = [Article(id=f"a{n:03d}", source=f"s{n:03d}.txt", text=f"texte {n}", published=f"2026-01-{n % 28 + 1:02d}")
            for n in range(1203)]
    with PostgresStore(pg_url) as store:
        store.add_articles((a, 1, 1.0) for a in arts)
        outer, seen = store.articles(), []
        for n, art in enumerate(outer):
            seen.append(art.id)
            if n == 10:  # reads, writes and a second iteration in the middle of the first
                assert store.get_article(art.id) == art
                store.put_state("pendant", {"n": n})
                assert sum(1 for _ in store.articles()) == len(arts)
        assert sorted(seen) == sorted(a.id for a in arts)
        assert seen == [a.id for a in sorted(arts, key=lambda a: (a.published, a.source))]
        partial = store.articles()
        next(partial)
        partial.close()  # an abandoned iteration frees the reading connection
        assert len(list(store.articles())) == len(arts)
