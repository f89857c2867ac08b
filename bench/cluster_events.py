"""Event/story clustering on RPM2 dev averaged over shuffled orders, tune and check halves.

The honest way to choose clustering thresholds: measure on the tune half
(``eval/gold/cluster/rpm2-dev-tune.json``, topics 01-05) over several shuffles, report
the check half (06-10) and the whole set separately. Run::

    .venv/bin/python bench/cluster_events.py                       # defaults, seeds 13 1 2 3
    .venv/bin/python bench/cluster_events.py --set event_threshold=0.35 --halves tune

``--set`` overrides ``cluster.<name>`` settings (values parsed as JSON when possible).
Prints, per half, the mean (and min-max) story and event B-cubed P/R/F1 over the seeds.
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from recoupe.config import Options  # noqa: E402
from recoupe.evaluate.cluster import evaluate_cluster  # noqa: E402

GOLD = ROOT / "eval" / "gold" / "cluster"
HALVES = {"tune": "rpm2-dev-tune.json", "check": "rpm2-dev-check.json", "whole": "rpm2-dev.json"}
KEYS = ("story_bcubed_f1", "event_bcubed_p", "event_bcubed_r", "event_bcubed_f1")


def _value(text: str) -> Any:
    try:
        return json.loads(text)
    except json.JSONDecodeError:
        return text


def measure(half: str, seeds: list[int], overrides: dict[str, Any]) -> dict[str, Any]:
    """Mean, min and max of the summary metrics of one half over ``seeds``."""
    options = Options.load(overrides={"cluster": overrides} if overrides else None)
    runs = [evaluate_cluster(GOLD / HALVES[half], options, seed=s) for s in seeds]
    if not runs[0].get("documents"):
        return {"half": half, "note": runs[0].get("note", "no documents")}
    out: dict[str, Any] = {"half": half, "seeds": seeds}
    for k in KEYS:
        vals = [float(r[k]) for r in runs]
        out[k] = round(statistics.fmean(vals), 4)
        out[k + "_range"] = [min(vals), max(vals)]
    out["events_pred"] = statistics.fmean(r["events_pred"] for r in runs)
    return out


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--seeds", type=int, nargs="+", default=[13, 1, 2, 3])
    ap.add_argument("--halves", nargs="+", default=["tune", "check", "whole"],
                    choices=sorted(HALVES))
    ap.add_argument("--set", action="append", default=[], metavar="KEY=VALUE",
                    help="a cluster.<KEY> override (repeatable)")
    ap.add_argument("--json", action="store_true", help="print JSON lines")
    args = ap.parse_args(argv)
    overrides = {k: _value(v) for k, v in (s.split("=", 1) for s in args.set)}
    for half in args.halves:
        res = measure(half, args.seeds, overrides)
        if args.json:
            print(json.dumps(res))
        elif "note" in res:
            print(f"{half}: {res['note']}")
        else:
            print(f"{half:5s} story F1 {res['story_bcubed_f1']:.4f} (min "
                  f"{res['story_bcubed_f1_range'][0]:.3f})  event P "
                  f"{res['event_bcubed_p']:.4f} R {res['event_bcubed_r']:.4f} F1 "
                  f"{res['event_bcubed_f1']:.4f} (F1 range {res['event_bcubed_f1_range'][0]:.3f}"
                  f"-{res['event_bcubed_f1_range'][1]:.3f}, {res['events_pred']:.1f} events)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
