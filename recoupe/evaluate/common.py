"""Shared helpers for evaluations: where gold documents live, floors."""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any


def repo_root(start: Path) -> Path:
    """The nearest folder at or above ``start`` holding a pyproject.toml (else ``start``)."""
    start = start.resolve()
    for p in [start, *start.parents]:
        if (p / "pyproject.toml").is_file():
            return p
    return start


def corpus_root(gold: Path, explicit: str | Path | None = None) -> Path:
    """Where ``base: "shared"`` gold paths live: explicit, $RECOUPE_CORPUS, or ../shared/corpus."""
    if explicit:
        return Path(explicit)
    env = os.environ.get("RECOUPE_CORPUS")
    if env:
        return Path(env)
    return repo_root(gold.parent if gold.is_file() else gold).parent / "shared" / "corpus"


def resolve_doc(entry: dict[str, Any], gold: Path, shared: Path) -> Path:
    """The file a gold entry annotates."""
    if entry.get("base") == "shared":
        return shared / entry["path"]
    return repo_root(gold.parent if gold.is_file() else gold) / entry["path"]


def read_gold_lines(paths: list[Path]) -> list[tuple[Path, dict[str, Any]]]:
    """JSONL gold entries from files or folders (every *.jsonl inside), with their file."""
    out: list[tuple[Path, dict[str, Any]]] = []
    for p in paths:
        files = sorted(p.glob("*.jsonl")) if p.is_dir() else [p]
        for f in files:
            for line in f.read_text(encoding="utf-8").splitlines():
                if line.strip():
                    out.append((f, json.loads(line)))
    return out


def load_floors(floors_path: Path) -> dict[str, float]:
    """Read a floors file: a flat JSON object ``{"metric": minimum}``; ``_`` keys are
    comments. Lowering a floor is an explicit, reviewed edit of that file.

    Args:
        floors_path: the JSON file.

    Returns:
        metric name -> minimum value (comment keys left out).

    Raises:
        ValueError: the file is not a JSON object of numbers ([F001], [F002]: fix the file).
    """
    data = json.loads(Path(floors_path).read_text(encoding="utf-8"))
    if not isinstance(data, dict):
        raise ValueError(f"[F001] floors file {floors_path} must hold a JSON object")
    out: dict[str, float] = {}
    for key, value in data.items():
        if key.startswith("_"):
            continue
        if isinstance(value, bool) or not isinstance(value, int | float):
            raise ValueError(f"[F002] floor '{key}' in {floors_path} is not a number: {value!r}")
        out[key] = float(value)
    return out


def check_floors(metrics: dict[str, Any], floors_path: Path) -> list[str]:
    """Metrics that fall below the floors pinned in ``floors_path`` (see :func:`load_floors`).

    Args:
        metrics: a flat metrics dict as returned by an ``evaluate_*`` function.
        floors_path: the floors JSON file.

    Returns:
        One message per failure ("quote_f1: 0.8012 < floor 0.85", or "not measured"),
        empty when every floor holds.
    """
    failures = []
    for key, floor in load_floors(floors_path).items():
        value = metrics.get(key)
        if isinstance(value, bool) or not isinstance(value, int | float):
            failures.append(f"{key}: not measured (floor {floor})")
        elif value < floor:
            failures.append(f"{key}: {value:.4f} < floor {floor}")
    return failures
