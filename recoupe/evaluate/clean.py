"""``recoupe eval clean``: line-level debris precision/recall/F1 against a gold.

Gold format: ``eval/gold/clean/FORMAT.md``. A line counts as removed when the cleaner
dropped it entirely (a live label split off a headline leaves the headline kept). Debris is
the positive class; ``body_kept`` is the share of gold body lines the cleaner kept.

By default (``context="corpus"``) a page of the shared corpus is cleaned as part of the batch
of its corpus folder (``mlcrisis-fr-dev/...`` with every page of ``mlcrisis-fr-dev``): the
lines that pages of three different days repeat word for word go, as in a run over that
folder (:mod:`recoupe.clean.repeated`). ``context="none"`` cleans each page alone.
"""

from __future__ import annotations

import hashlib
from collections import Counter
from pathlib import Path
from typing import Any

from recoupe.clean.lines import LANGUAGES, clean_text
from recoupe.clean.repeated import LineDays, line_key, split_repeated
from recoupe.dating.published import date_from_path
from recoupe.evaluate.common import corpus_root, read_gold_lines, resolve_doc

#: the pages of a corpus folder read as the batch context (once per folder and evaluation)
_TEXT_SUFFIXES = (".txt",)


def _folder_repeats(folder: Path, min_days: int) -> frozenset[int]:
    """The repeated line keys of every text page under ``folder``, each dated by its path."""
    days = LineDays(min_days)
    for path in sorted(folder.rglob("*")):
        if path.suffix not in _TEXT_SUFFIXES or not path.is_file():
            continue
        day = date_from_path(str(path.relative_to(folder)))
        if day:
            lines = path.read_bytes().decode("utf-8-sig", errors="replace").splitlines()
            days.add({k for ln in lines if (k := line_key(ln)) is not None}, day)
    return days.repeated()


def _prf(tp: int, fp: int, fn: int) -> tuple[float, float, float]:
    p = tp / (tp + fp) if tp + fp else 0.0
    r = tp / (tp + fn) if tp + fn else 0.0
    f = 2 * p * r / (p + r) if p + r else 0.0
    return p, r, f


def evaluate_clean(
    gold: list[Path], languages: tuple[str, ...] = LANGUAGES, corpus: str | Path | None = None,
    context: str = "corpus", repeated_min_days: int = 3,
) -> dict[str, Any]:
    """Score the cleaner on gold files/folders.

    Args:
        gold: JSONL gold files or folders of them.
        languages: phrase lists to use.
        corpus: where ``base: "shared"`` documents live (default ../shared/corpus).
        context: "corpus" (a shared page is cleaned in the batch of its corpus folder) or
            "none" (each page alone).
        repeated_min_days: the pipeline's ``clean.repeated_min_days``.

    Returns:
        Metrics: debris_precision, debris_recall, debris_f1, body_kept, counts, per-batch
        breakdown, and ``missing`` (documents whose file is absent, e.g. no shared corpus).
    """
    tp = fp = fn = tn = 0
    per: dict[str, Counter[str]] = {}
    missing: list[str] = []
    changed: list[str] = []
    errors: list[dict[str, Any]] = []
    docs = 0
    repeats: dict[Path, frozenset[int]] = {}
    for gfile, entry in read_gold_lines(gold):
        root = corpus_root(gfile, corpus)
        path = resolve_doc(entry, gfile, root)
        if not path.is_file():
            missing.append(entry["path"])
            continue
        data = path.read_bytes()
        if entry.get("sha1") and hashlib.sha1(data).hexdigest() != entry["sha1"]:
            changed.append(entry["path"])
            continue
        text = data.decode("utf-8-sig")
        lines = text.splitlines()
        removed_gold: dict[int, str] = {}
        for a, b, reason in entry["remove"]:
            for i in range(a, b + 1):
                removed_gold[i] = reason
        res = clean_text(text, languages=languages)
        kept = set(res.kept_lines)
        if context == "corpus" and entry.get("base") == "shared" and repeated_min_days > 0:
            folder = root / Path(entry["path"]).parts[0]
            if folder not in repeats:  # a page directly in the corpus root has no batch
                repeats[folder] = (_folder_repeats(folder, repeated_min_days)
                                   if folder.is_dir() else frozenset())
            order = sorted(kept)
            _, drop = split_repeated([lines[n - 1] for n in order], repeats[folder])
            kept -= {order[i] for i in drop}
        c = per.setdefault(gfile.stem, Counter())
        docs += 1
        for no, line in enumerate(lines, 1):
            if not line.strip():
                continue
            gold_debris = no in removed_gold
            pred_debris = no not in kept
            if gold_debris and pred_debris:
                tp += 1
                c["tp"] += 1
            elif gold_debris:
                fn += 1
                c["fn"] += 1
                errors.append({"doc": entry["path"], "line": no, "error": "kept debris",
                               "gold": removed_gold[no], "text": line[:120]})
            elif pred_debris:
                fp += 1
                c["fp"] += 1
                errors.append({"doc": entry["path"], "line": no, "error": "removed body",
                               "text": line[:120]})
            else:
                tn += 1
                c["tn"] += 1
    p, r, f = _prf(tp, fp, fn)
    batches = {}
    for name, c in per.items():
        bp, br, bf = _prf(c["tp"], c["fp"], c["fn"])
        batches[name] = {
            "debris_f1": round(bf, 4), "debris_precision": round(bp, 4),
            "debris_recall": round(br, 4),
            "body_kept": round(c["tn"] / (c["tn"] + c["fp"]), 4) if c["tn"] + c["fp"] else None,
        }
    return {
        "documents": docs,
        "lines": tp + fp + fn + tn,
        "debris_precision": round(p, 4),
        "debris_recall": round(r, 4),
        "debris_f1": round(f, 4),
        "body_kept": round(tn / (tn + fp), 4) if tn + fp else 0.0,
        "counts": {"tp": tp, "fp": fp, "fn": fn, "tn": tn},
        "batches": batches,
        "missing": missing,
        "changed": changed,
        "errors": errors,
    }
