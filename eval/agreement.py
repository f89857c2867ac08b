"""Inter-annotator agreement on quote speakers: the ceiling for ``speaker_accuracy``.

    python eval/agreement.py

A second annotator, in a separate session that saw neither the system nor the first
gold, gave the speaker of every quote of 20 rpm2-dev documents (the 14 of
``rpm2-quotes-blind3.jsonl`` and 6 of ``rpm2-quotes.jsonl``), from the quote texts alone
(``agreement/second-annotator-speakers.jsonl``). This prints how often the two agree with
the evaluator's own ``speaker_match``.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from recoupe.evaluate.nlp import speaker_match  # noqa: E402

GOLD = ROOT / "eval" / "gold" / "nlp"


def agreement() -> tuple[int, int]:
    """(quotes compared, quotes whose two speakers agree)."""
    second = {}
    for line in (GOLD / "agreement" / "second-annotator-speakers.jsonl").open(encoding="utf-8"):
        doc = json.loads(line)
        second[doc["path"]] = doc
    n = ok = 0
    for name in ("rpm2-quotes-blind3.jsonl", "rpm2-quotes.jsonl"):
        for line in (GOLD / name).open(encoding="utf-8"):
            first = json.loads(line)
            other = second.get(first["path"])
            if other is None:
                continue
            for a, b in zip(first["quotes"], other["quotes"], strict=True):
                assert a["text"] == b["text"], (first["path"], a["text"])
                n += 1
                ok += speaker_match(b["speaker"], a["speaker"])
    return n, ok


if __name__ == "__main__":
    total, same = agreement()
    print(f"{same}/{total} quotes, speaker agreement {same / total:.3f}")
