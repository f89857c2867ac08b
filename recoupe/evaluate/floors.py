"""Quality floors pinned in JSON files (``eval/floors/<stage>.json``).

A floors file is a flat JSON object ``{"metric": minimum, ...}``; keys starting with
``_`` are comments. Lowering a floor is an explicit, reviewed edit of that file.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any


def load_floors(floors_path: Path) -> dict[str, float]:
    """Read a floors file.

    Args:
        floors_path: the JSON file.

    Returns:
        metric name -> minimum value (comment keys left out).

    Raises:
        ValueError: the file is not a JSON object of numbers.
    """
    data = json.loads(Path(floors_path).read_text(encoding="utf-8"))
    if not isinstance(data, dict):
        raise ValueError(f"[F001] floors file {floors_path} must hold a JSON object")
    out: dict[str, float] = {}
    for key, value in data.items():
        if key.startswith("_"):
            continue
        if not isinstance(value, int | float):
            raise ValueError(f"[F002] floor '{key}' in {floors_path} is not a number: {value!r}")
        out[key] = float(value)
    return out


def check_floors(metrics: dict[str, Any], floors_path: Path) -> list[str]:
    """Compare measured metrics with the pinned floors.

    Args:
        metrics: a metrics dict as returned by an ``evaluate_*`` function.
        floors_path: the floors JSON file.

    Returns:
        One message per failure ("quote_f1: 0.8012 < floor 0.85", or "not measured"),
        empty when every floor holds.
    """
    failures = []
    for key, floor in load_floors(floors_path).items():
        value = metrics.get(key)
        if not isinstance(value, int | float):
            failures.append(f"{key}: not measured (floor {floor})")
        elif value < floor:
            failures.append(f"{key}: {value:.4f} < floor {floor}")
    return failures
