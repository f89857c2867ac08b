from pathlib import Path

import pytest

from recoupe.evaluate.clean import evaluate_clean
from recoupe.evaluate.common import check_floors

ROOT = Path(__file__).parents[2]
FLOORS = ROOT / "eval" / "floors" / "clean.json"


def test_eval_clean_sample_gold_is_scored() -> None:
    m = evaluate_clean([ROOT / "samples" / "gold" / "clean.jsonl"])
    assert m["documents"] >= 10 and not m["missing"] and not m["changed"]
    assert m["debris_f1"] >= 0.95


@pytest.mark.shared
def test_eval_clean_floors_hold_on_full_gold() -> None:
    m = evaluate_clean([ROOT / "eval" / "gold" / "clean", ROOT / "samples" / "gold" / "clean.jsonl"])
    assert not m["missing"], "shared corpus documents missing"
    assert not m["changed"], f"gold documents changed: {m['changed']}"
    assert check_floors(m, FLOORS) == []


def test_eval_clean_missing_corpus_is_reported_not_fatal(tmp_path: Path) -> None:
    m = evaluate_clean([ROOT / "eval" / "gold" / "clean" / "seeds.jsonl"], corpus=tmp_path)
    assert m["documents"] == 0 and len(m["missing"]) == 5


@pytest.mark.shared
def test_eval_clean_floors_hold_on_check_gold() -> None:
    """Pages from sites never used for development (aggregate figures only)."""
    m = evaluate_clean([ROOT / "eval" / "gold" / "clean-check"])
    assert m["documents"] == 15 and not m["missing"] and not m["changed"]
    assert check_floors(m, ROOT / "eval" / "floors" / "clean-check.json") == []


@pytest.mark.shared
def test_eval_clean_floors_hold_on_spanish_and_italian_pages() -> None:
    """Pages in Spanish and Italian (the cleaner's other phrase lists and its
    language-neutral rules)."""
    m = evaluate_clean([ROOT / "eval" / "gold" / "clean-xl"])
    assert m["documents"] == 36 and not m["missing"] and not m["changed"]
    assert check_floors(m, ROOT / "eval" / "floors" / "clean-xl.json") == []
