"""The store-backed analysis: a second ingest continues the clusters of the first."""

from pathlib import Path

from recoupe.config import Options
from recoupe.jobs import analyze_store, ingest_paths, load_report
from recoupe.report import validate_report
from recoupe.report.writers import report_dict
from recoupe.store.sqlite import SQLiteStore

CORPUS = Path(__file__).parents[1] / "samples" / "corpus"


def test_analysis_continues_across_ingests_and_reloads(tmp_path: Path) -> None:
    opts = Options.load()
    outlets = sorted(p for p in CORPUS.iterdir() if p.is_dir())
    first, second = outlets[: len(outlets) // 2], outlets[len(outlets) // 2 :]
    with SQLiteStore(tmp_path / "r.db") as store:
        ingest_paths([str(p) for p in first], store, opts)
        assert load_report(store) is None  # nothing analysed yet
        rep1 = analyze_store(store, opts)
        before = {a.id: (a.story, a.event) for a in rep1.articles}
        assert all(s and e for s, e in before.values())

        ingest_paths([str(p) for p in second], store, opts)
        assert load_report(store) is None  # new articles: the saved analysis is stale
        rep2 = analyze_store(store, opts)
        after = {a.id: (a.story, a.event) for a in rep2.articles}
        assert len(after) > len(before)
        # the stream continued: earlier articles keep their story and event
        assert all(after[k] == v for k, v in before.items())
        # every article is in exactly one story, and stories list all their articles
        listed = [x for s in rep2.stories for x in s.articles]
        assert sorted(listed) == sorted(after)
        assert {x for s in rep2.stories for e in s.events for x in e.articles} == set(after)
        # some story holds articles of both runs
        assert any(set(s.articles) & set(before) and set(s.articles) - set(before)
                   for s in rep2.stories)
        assert rep2.entities and rep2.quotes and rep2.reuse

        loaded = load_report(store)
        assert loaded is not None
        assert [s.id for s in loaded.stories] == [s.id for s in rep2.stories]
        assert len(loaded.quotes) == len(rep2.quotes)
        assert len(loaded.reuse) == len(rep2.reuse)
        assert {a.id: a.story for a in loaded.articles} == {a.id: a.story for a in rep2.articles}
        assert not validate_report(report_dict(loaded))
