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


def check_floors(metrics: dict[str, Any], floors_path: Path) -> list[str]:
    """Metrics that fall below the floors pinned in ``floors_path`` (a JSON dict)."""
    floors = json.loads(floors_path.read_text(encoding="utf-8"))
    failures = []
    for key, floor in floors.items():
        if key.startswith("_"):
            continue
        value = metrics.get(key)
        if value is None:
            failures.append(f"{key}: not measured (floor {floor})")
        elif value < floor:
            failures.append(f"{key}: {value:.4f} < floor {floor}")
    return failures
