from __future__ import annotations

from recoupe.cluster.index import InvertedIndex


def test_index_query_ranks_by_shared_weight() -> None:
    idx = InvertedIndex(max_postings=10)
    idx.update("e1", ["barrage", "crue", "vrenne"])
    idx.update("e2", ["greve", "lumeral"])
    idx.update("e3", ["crue", "loire"])
    assert idx.query({"crue": 1.0, "vrenne": 0.5}, limit=5)[0] == "e1"
    assert set(idx.query({"crue": 1.0}, limit=5)) == {"e1", "e3"}
    assert idx.query({"crue": 1.0, "vrenne": 0.5}, limit=1) == ["e1"]


def test_index_postings_are_capped_and_update_moves_keys() -> None:
    idx = InvertedIndex(max_postings=3)
    for i in range(10):
        idx.update(f"e{i}", ["says", f"k{i}"])
    assert list(idx.postings["says"]) == ["e7", "e8", "e9"]  # most recent only
    assert "says" not in idx.keys_of["e0"]
    idx.update("e9", ["other"])
    assert "e9" not in idx.postings["says"] and "k9" not in idx.postings
    idx.remove("e9")
    assert "e9" not in idx.keys_of and "other" not in idx.postings
