"""Shared gold loading for the embedder comparison (reads the repository's claim golds)."""
# ruff: noqa: SIM115
from __future__ import annotations

import glob
import json
import os

GOLD_ROOT = os.environ.get(
    "GOLD_ROOT", os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "eval", "gold"))
DEV = sorted(glob.glob(f"{GOLD_ROOT}/claims/*.json"))
CHECK = sorted(glob.glob(f"{GOLD_ROOT}/claims-check/*.json"))


def gold_name(path: str) -> str:
    return ("dev/" if "/claims/" in path else "check/") + os.path.basename(path)[:-5]


def load_gold(path: str):
    """Return (mentions, lookalike_pairs); mentions = list of (fact_id, doc_id, snippet)."""
    d = json.load(open(path))
    ms = []
    for fa in d["facts"]:
        for m in fa["mentions"]:
            doc, snip = m[0], m[1]
            ms.append((fa["id"], str(doc), snip))
    look = set()
    for la in d.get("lookalikes") or []:
        look.add(frozenset((la[0], la[1])))
    return ms, look


def all_golds():
    return [(gold_name(p), p) for p in DEV + CHECK]


def unique_snippets():
    """All distinct snippets over all golds, in a fixed order."""
    seen, out = set(), []
    for _, p in all_golds():
        for _, _, s in load_gold(p)[0]:
            if s not in seen:
                seen.add(s)
                out.append(s)
    return out
