"""SQLite specifics; the behaviour shared with PostgreSQL is in test_base.py."""

from pathlib import Path

from recoupe.store.sqlite import SQLiteStore, migrations


def test_store_migrations_set_the_schema_version(tmp_path: Path) -> None:
    store = SQLiteStore(tmp_path / "r.db")
    assert store.version == migrations()[-1][0]
    mode = store.conn.execute("PRAGMA journal_mode").fetchone()[0]
    assert mode == "wal"
    store.close()
    again = SQLiteStore(tmp_path / "r.db")  # reopening does not re-run migrations
    assert again.version == migrations()[-1][0]
    again.close()


def test_closing_a_store_writes_the_wal_back_even_with_another_connection_open(tmp_path: Path) -> None:
    import shutil

    from recoupe.model import Article

    db = tmp_path / "r.db"
    reader = SQLiteStore(db)  # a server thread's connection, still open
    writer = SQLiteStore(db)
    writer.add_articles([(Article(id="a1", source="a1.txt", text="La Vrenne a débordé mardi soir."), None, None)])
    writer.close()
    assert (tmp_path / "r.db-wal").stat().st_size == 0
    shutil.copy(db, tmp_path / "backup.db")  # a plain copy of the .db holds the article
    backup = SQLiteStore(tmp_path / "backup.db")
    assert [a.id for a in backup.articles()] == ["a1"]
    backup.close()
    reader.close()
