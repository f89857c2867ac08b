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
