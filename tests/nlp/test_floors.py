"""Quality floors of the analysis layer on the French gold.

Two golds, each with its floors (``eval/floors/<kind>.json`` for RPM2, which needs
../shared/corpus; ``eval/floors/<kind>-samples.json`` for the fictional sample corpus,
which ships in the repo so its test always runs). Lowering a floor is an explicit,
reviewed edit of the floors file.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from recoupe.evaluate.common import check_floors
from recoupe.evaluate.nlp import evaluate_dates, evaluate_quantities, evaluate_quotes

ROOT = Path(__file__).resolve().parents[2]
SHARED = ROOT.parent / "shared" / "corpus"
GOLD = ROOT / "eval" / "gold" / "nlp"
FLOORS = ROOT / "eval" / "floors"

KINDS = [
    ("quotes", evaluate_quotes, "gold_quotes_with_speaker"),
    ("dates", evaluate_dates, "gold_dates"),
    ("quantities", evaluate_quantities, "gold_quantities"),
]


@pytest.mark.shared
@pytest.mark.parametrize(("name", "evaluate", "count_key"), KINDS)
def test_floors_hold_on_rpm2_gold(
    name: str, evaluate: Callable[..., dict[str, Any]], count_key: str, nlp_options: Any,
    fr_pipeline: Any,
) -> None:
    if not SHARED.is_dir():
        pytest.skip(f"shared corpus missing ({SHARED})")
    metrics = evaluate(GOLD / f"rpm2-{name}.jsonl", nlp_options)
    if str(metrics.get("note") or "").startswith("corpus missing"):
        pytest.skip(metrics["note"])
    assert metrics["unlocated"] == 0
    assert metrics[count_key] >= {"quotes": 150, "dates": 150, "quantities": 80}[name]
    failures = check_floors(metrics, FLOORS / f"{name}.json")
    assert not failures, failures


#: later quote golds: (gold file, floors file) -> (documents, quotes with a speaker at least).
#: The rpm2 ones, each annotated blind by another session, and since session 10 two on
#: scraped web pages (mlcrisis-fr-dev), scored on what the cleaning keeps of each page.
LATER = {
    **{(f"rpm2-quotes-{n}", f"quotes-{n}"): v for n, v in {
        "heldout": (14, 180), "blind3": (14, 180), "blind4": (14, 180), "blind5": (14, 180),
        "blind6": (14, 60), "blind7": (14, 45), "train1": (16, 50), "blind8": (14, 50),
        "blind9": (14, 80), "blind10": (22, 120), "blind11": (23, 100)}.items()},
    **{(f"mlcrisis-quotes-{n}", f"quotes-mlcrisis-{n}"): v for n, v in {
        "blind1": (24, 200), "blind2": (24, 240)}.items()},
}


@pytest.mark.shared
@pytest.mark.parametrize(("gold", "floors"), sorted(LATER))
def test_floors_hold_on_later_quote_golds(gold: str, floors: str, nlp_options: Any,
                                          fr_pipeline: Any) -> None:
    """The later quote golds, each annotated blind by another session (see floors)."""
    if not SHARED.is_dir():
        pytest.skip(f"shared corpus missing ({SHARED})")
    metrics = evaluate_quotes(GOLD / f"{gold}.jsonl", nlp_options)
    documents, with_speaker = LATER[(gold, floors)]
    assert metrics["unlocated"] == 0 and metrics["documents"] == documents
    assert metrics["gold_quotes_with_speaker"] >= with_speaker
    failures = check_floors(metrics, FLOORS / f"{floors}.json")
    assert not failures, failures


@pytest.mark.parametrize(("name", "evaluate", "count_key"), KINDS)
def test_floors_hold_on_sample_gold(
    name: str, evaluate: Callable[..., dict[str, Any]], count_key: str, nlp_options: Any,
    fr_pipeline: Any,
) -> None:
    metrics = evaluate(GOLD / f"samples-{name}.jsonl", nlp_options)
    assert metrics["documents"] == 12 and not metrics["missing"]
    assert metrics["unlocated"] == 0
    assert metrics[count_key] >= 80
    failures = check_floors(metrics, FLOORS / f"{name}-samples.json")
    assert not failures, failures
