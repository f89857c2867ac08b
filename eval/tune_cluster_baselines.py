"""Choose the baselines' cosine thresholds on the tune half of the dated-events gold.

    python eval/tune_cluster_baselines.py [eval/gold/cluster/mlcrisis-events-tune.json]

Loads the tune pages once, scores the single-pass and the agglomerative TF-IDF baselines
over a grid of thresholds (event B-cubed F1, pages labelled "none" left out), prints the
grid and the best of each: copy them into the ``baselines`` of both gold specs (the check
half never chooses anything). Needs ../shared/corpus.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from recoupe.config import Options  # noqa: E402
from recoupe.evaluate.cluster import (  # noqa: E402
    agglomerative,
    clustering_metrics,
    load_dated_events,
    single_pass,
)


def main() -> int:
    gold = Path(sys.argv[1] if len(sys.argv) > 1 else ROOT / "eval/gold/cluster/mlcrisis-events-tune.json")
    spec = json.loads(gold.read_text(encoding="utf-8"))
    articles, labels, missing = load_dated_events(spec, gold, None, Options.load(quiet=True))
    if missing:
        print(f"corpus missing ({len(missing)} pages): nothing to tune")
        return 1
    scored = [k for k, a in enumerate(articles) if labels[a.id][1] != "none"]
    gold_event = [labels[articles[k].id][1] for k in scored]
    best = {}
    for name, fn, grid in (("single_pass", single_pass, (0.1, 0.15, 0.2, 0.25, 0.3, 0.4, 0.5)),
                           ("agglomerative", agglomerative, (0.5, 0.6, 0.7, 0.8, 0.85, 0.9, 0.95))):
        for t in grid:
            pred = fn(articles, t)
            f1 = clustering_metrics([pred[k] for k in scored], gold_event, "e")["e_bcubed_f1"]
            print(f"{name:14s} {t:.2f}  event B3 F1 {f1:.3f}")
            if name not in best or f1 > best[name][1]:
                best[name] = (t, f1)
    print("best:", json.dumps({k: v[0] for k, v in best.items()}))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
