import contextlib
from pathlib import Path

from recoupe.config import Options
from recoupe.jobs import ingest_paths
from recoupe.store.sqlite import SQLiteStore, migrations

SAMPLES = Path(__file__).parents[2] / "samples" / "corpus"


def test_store_migrations_set_the_schema_version(tmp_path: Path) -> None:
    store = SQLiteStore(tmp_path / "r.db")
    assert store.version == migrations()[-1][0]
    mode = store.conn.execute("PRAGMA journal_mode").fetchone()[0]
    assert mode == "wal"
    store.close()
    again = SQLiteStore(tmp_path / "r.db")  # reopening does not re-run migrations
    assert again.version == migrations()[-1][0]
    again.close()


def test_store_reingest_is_a_noop(tmp_path: Path) -> None:
    opts = Options.load()
    with SQLiteStore(tmp_path / "r.db") as store:
        first = ingest_paths([str(SAMPLES)], store, opts)
        n = store.count_articles()
        second = ingest_paths([str(SAMPLES)], store, opts)
        assert first.new == n > 15
        assert second.new == 0
        assert second.skipped_unchanged > 0
        assert store.count_articles() == n


def test_store_resumes_after_an_interrupted_run(tmp_path: Path) -> None:
    opts = Options.load(overrides={"store": {"chunk_size": 2}})
    files = sorted(str(p) for p in SAMPLES.rglob("*.txt"))
    with SQLiteStore(tmp_path / "r.db") as store:
        calls = 0

        def stop_after_five(_source: str) -> None:
            nonlocal calls
            calls += 1
            if calls > 5:
                raise KeyboardInterrupt

        with contextlib.suppress(KeyboardInterrupt):
            ingest_paths(files, store, opts, progress=stop_after_five)
        kept = store.count_articles()
        assert kept >= 4  # the committed chunks survived
        summary = ingest_paths(files, store, opts)
        assert summary.skipped_unchanged == kept
        assert store.count_articles() == len(files)


def test_store_search_records_and_state(tmp_path: Path) -> None:
    with SQLiteStore(tmp_path / "r.db") as store:
        ingest_paths([str(SAMPLES)], store, Options.load())
        hits = store.search("Lumeral grève")
        assert hits and "[" in hits[0][1]
        store.put_state("cluster", {"n": 3})
        assert store.get_state("cluster") == {"n": 3}
        store.replace_records("story", [("s1", {"id": "s1"})])
        assert store.records("story") == [{"id": "s1"}]
        art = next(store.articles())
        assert store.get_article(art.id) == art
