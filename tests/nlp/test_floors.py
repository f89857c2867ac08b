"""Quality floors of the analysis layer on the French gold (needs ../shared/corpus).

The floors are pinned in ``eval/floors/{quotes,dates,quantities}.json``; lowering one is
an explicit, reviewed edit of that file.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from recoupe.evaluate.floors import check_floors
from recoupe.evaluate.nlp import evaluate_dates, evaluate_quantities, evaluate_quotes

ROOT = Path(__file__).resolve().parents[2]
SHARED = ROOT.parent / "shared" / "corpus"
GOLD = ROOT / "eval" / "gold" / "nlp"
FLOORS = ROOT / "eval" / "floors"

pytestmark = pytest.mark.shared


@pytest.mark.parametrize(
    ("name", "evaluate", "count_key", "minimum"),
    [
        ("quotes", evaluate_quotes, "gold_quotes_with_speaker", 150),
        ("dates", evaluate_dates, "gold_dates", 150),
        ("quantities", evaluate_quantities, "gold_quantities", 80),
    ],
)
def test_floors_hold_on_gold(
    name: str, evaluate: Callable[..., dict[str, Any]], count_key: str, minimum: int,
    nlp_options: Any, fr_pipeline: Any,
) -> None:
    gold_files = sorted(GOLD.glob(f"*{name}*.jsonl"))
    if not gold_files:
        pytest.skip(f"no {name} gold in {GOLD}")
    if not SHARED.is_dir():
        pytest.skip(f"shared corpus missing ({SHARED})")
    metrics = evaluate(GOLD, nlp_options)
    if metrics.get("note", "") and str(metrics["note"]).startswith("corpus missing"):
        pytest.skip(metrics["note"])
    assert metrics[count_key] >= minimum, f"gold too small: {metrics[count_key]} < {minimum}"
    failures = check_floors(metrics, Path(FLOORS) / f"{name}.json")
    assert not failures, failures
