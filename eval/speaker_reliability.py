"""Speaker accuracy by how the speaker was reached, on the quote golds nobody has read.

    python eval/speaker_reliability.py

Runs the analysis layer on ``rpm2-quotes-blind6.jsonl`` and ``rpm2-quotes-blind7.jsonl``
(the unseen quote golds, see ``eval/gold/nlp/README.md``),
matches predicted quotes to gold quotes as the evaluator does, and prints, for each kind
of speaker, its share of the matched quotes and how often it is right:

* ``named at the cue``: resolved to an entity whose name is written in the speaker span;
* ``role or pronoun``: resolved to an entity through another phrase ("le ministre", "il");
* ``carried``: an entity with no span (a quote continuing the previous one);
* ``phrase``: a speaker left as written, with no entity;
* ``none``: no speaker.

Prints only counts and rates, never the quotes: these golds must stay unread. Needs
``../shared/corpus``.
"""

from __future__ import annotations

import sys
from collections import Counter, defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from recoupe.evaluate.nlp import _match, load_gold, locate, speaker_match  # noqa: E402
from recoupe.model import Article, Quote  # noqa: E402
from recoupe.nlp import analyze  # noqa: E402
from recoupe.nlp.textutil import fold  # noqa: E402

GOLD = ROOT / "eval" / "gold" / "nlp"
UNSEEN: list[tuple[str, str | None]] = [
    ("rpm2-quotes-blind6.jsonl", None),
    ("rpm2-quotes-blind7.jsonl", None),
]


def kind(quote: Quote, text: str) -> str:
    """How the speaker of a predicted quote was reached (see the module docstring)."""
    if quote.speaker is None:
        return "none"
    if quote.speaker_entity is None:
        return "phrase"
    if quote.speaker_start is None or quote.speaker_end is None:
        return "carried"
    span = fold(text[quote.speaker_start : quote.speaker_end])
    return "named at the cue" if fold(quote.speaker).split()[-1] in span else "role or pronoun"


def main() -> None:
    total: Counter[str] = Counter()
    right: Counter[str] = Counter()
    for name, select in UNSEEN:
        docs, missing = load_gold(GOLD / name, "quotes", None, select)
        if not docs:
            print(f"corpus missing for {name} ({len(missing)} documents): nothing scored")
            continue
        articles = [Article(id=e["path"], source=e["path"], text=t) for e, t in docs]
        result = analyze(articles, None, groups={a.id: a.id for a in articles})
        by_article: dict[str, list[Quote]] = defaultdict(list)
        for q in result.quotes:
            by_article[q.article].append(q)
        for entry, text in docs:
            preds = by_article[entry["path"]]
            spans, items = [], []
            seen: Counter[str] = Counter()
            for item in entry["quotes"]:
                seen[item["text"]] += 1
                span = locate(text, item["text"], seen[item["text"]])
                if span is not None:
                    spans.append(span)
                    items.append(item)
            for gi, pi in _match(spans, [(q.start, q.end) for q in preds], 0.5).items():
                k = kind(preds[pi], text)
                total[k] += 1
                right[k] += speaker_match(preds[pi].speaker, items[gi].get("speaker"))
    n = sum(total.values())
    for k, count in total.most_common():
        print(f"{k:18} {count:4} quotes  {count / n:5.0%}  right {right[k] / count:.2f}")


if __name__ == "__main__":
    main()
