"""Claim alignment and status floors (eval/floors/claims.json)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from recoupe.evaluate.claims import evaluate_claims
from recoupe.evaluate.common import check_floors

ROOT = Path(__file__).resolve().parents[2]
GOLD = ROOT / "eval" / "gold" / "claims"
FLOORS = ROOT / "eval" / "floors" / "claims.json"


def test_sample_floors_hold(sample_claims, cached_run) -> None:  # type: ignore[no-untyped-def]
    m = evaluate_claims([GOLD / "samples.json"], pipeline=cached_run)
    assert m["samples_mentions_found"] == 1.0
    floors = {k: v for k, v in json.loads(FLOORS.read_text()).items()
              if k.startswith("samples_")}
    failures = [f"{k}: {m[k]} < {v}" for k, v in floors.items() if m[k] < v]
    assert not failures, failures


@pytest.mark.shared
def test_all_floors_hold(cached_run) -> None:  # type: ignore[no-untyped-def]
    m = evaluate_claims([GOLD], pipeline=cached_run)
    assert not m["missing"]
    assert check_floors(m, FLOORS) == []


@pytest.mark.shared
def test_check_floors_hold(cached_run) -> None:  # type: ignore[no-untyped-def]
    """The unread check golds: regression guards only (their errors are never read)."""
    m = evaluate_claims([ROOT / "eval" / "gold" / "claims-check"], pipeline=cached_run)
    assert not m["missing"]
    assert check_floors(m, ROOT / "eval" / "floors" / "claims-check.json") == []
    # the simple baseline runs in the same evaluation and is reported beside recoupe
    assert 0.0 < m["baseline_pair_f1"] < 1.0


@pytest.mark.shared
def test_three_language_floors_hold(cached_run) -> None:  # type: ignore[no-untyped-def]
    """Claims told in French, Spanish and Italian (eval/gold/claims-xl; xl-morsi unread)."""
    m = evaluate_claims([ROOT / "eval" / "gold" / "claims-xl"], pipeline=cached_run)
    assert not m["missing"]
    assert check_floors(m, ROOT / "eval" / "floors" / "claims-xl.json") == []
