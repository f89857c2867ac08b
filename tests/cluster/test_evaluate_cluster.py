from __future__ import annotations

import json
from pathlib import Path

import pytest

from recoupe.config import Options
from recoupe.evaluate.cluster import bcubed, clustering_metrics, evaluate_cluster, pairwise
from recoupe.evaluate.common import check_floors

ROOT = Path(__file__).resolve().parents[2]
FLOORS = ROOT / "eval" / "floors"


def test_metrics_known_values() -> None:
    gold = ["a", "a", "b", "b"]
    assert bcubed(gold, gold) == (1.0, 1.0, 1.0)
    p, r, f = bcubed(["x", "x", "x", "x"], gold)
    assert (p, r) == (0.5, 1.0) and f == pytest.approx(2 / 3)
    assert pairwise(["x", "y", "z", "w"], gold)[:2] == (1.0, 0.0)
    m = clustering_metrics(gold, gold, "story")
    assert m["story_ari"] == 1.0 and m["story_nmi"] == 1.0 and m["story_pairwise_f1"] == 1.0


def test_evaluate_cluster_missing_corpus_is_a_note(tmp_path: Path) -> None:
    gold = tmp_path / "rpm2.json"
    gold.write_text(json.dumps({"corpus": "rpm2-dev", "base": "shared"}))
    m = evaluate_cluster(gold, Options.load(quiet=True), corpus=tmp_path)
    assert m["documents"] == 0 and "corpus missing" in m["note"]
    assert evaluate_cluster(tmp_path / "nope", None)["documents"] == 0


def test_evaluate_cluster_sample_corpus_floors() -> None:
    m = evaluate_cluster(ROOT / "samples" / "gold" / "articles.json", Options.load(quiet=True))
    assert m["documents"] == 20
    assert check_floors(m, FLOORS / "cluster-samples.json") == []


@pytest.mark.shared
def test_evaluate_cluster_rpm2_floors() -> None:
    m = evaluate_cluster(ROOT / "eval" / "gold" / "cluster" / "rpm2-dev.json",
                         Options.load(quiet=True))
    assert m["documents"] == 200 and not m["missing"]
    assert check_floors(m, FLOORS / "cluster.json") == []


def test_evaluate_cluster_in_batches_chains_the_state() -> None:
    m = evaluate_cluster(ROOT / "samples" / "gold" / "articles.json", Options.load(quiet=True),
                         batch=7)
    assert m["documents"] == 20 and m["batch"] == 7
    assert check_floors(m, FLOORS / "cluster-samples.json") == []
