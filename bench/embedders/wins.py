"""Count golds (per split) where model A beats model B on AUC / AP: aggregate only."""
# ruff: noqa: E701, E702
import sys

from common import all_golds
from score import pairs
from sklearn.metrics import average_precision_score, roc_auc_score

a, b = sys.argv[1], sys.argv[2]
for split in ("dev", "check"):
    w = {"auc": 0, "ap": 0}; n = 0
    for g, p in all_golds():
        if not g.startswith(split): continue
        n += 1
        ya, sa, _ = pairs(a, g, p); yb, sb, _ = pairs(b, g, p)
        w["auc"] += roc_auc_score(ya, sa) > roc_auc_score(yb, sb)
        w["ap"] += average_precision_score(ya, sa) > average_precision_score(yb, sb)
    print(f"{split}: {a} beats {b} on AUC in {w['auc']}/{n} golds, on AP in {w['ap']}/{n}")
