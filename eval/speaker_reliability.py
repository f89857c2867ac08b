"""Speaker accuracy by how the speaker was reached, on the quote golds nobody has read.

    python eval/speaker_reliability.py [--dev]

Runs the analysis layer on ``rpm2-quotes-blind6``, ``-blind7``, ``-blind10``, ``-blind11``
and ``mlcrisis-quotes-blind1`` (the unseen quote golds, see ``eval/gold/nlp/README.md``),
matches predicted quotes to gold quotes as the evaluator does, and prints, for each kind
of speaker, its share of the matched quotes and how often it is right:

``named`` (at the cue), ``role`` (or pronoun), ``carried``, ``phrase``, ``none``: see
:mod:`recoupe.nlp.speaker_decision`. "Right" judges the rules' candidate (shown or not);
the last line gives the shown speakers' accuracy and coverage after the decision.
``--dev`` measures on the development (read) golds instead: the figures that go into
``recoupe/nlp/resources/speaker_confidence.toml``.

Prints only counts and rates, never the quotes: these golds must stay unread. Needs
``../shared/corpus``.
"""

from __future__ import annotations

import sys
from collections import Counter, defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from recoupe.evaluate.nlp import _cleaned, _match, load_gold, locate, speaker_match  # noqa: E402
from recoupe.model import Article, Quote  # noqa: E402
from recoupe.nlp import analyze  # noqa: E402

GOLD = ROOT / "eval" / "gold" / "nlp"
UNSEEN: list[tuple[str, str | None]] = [
    ("rpm2-quotes-blind6.jsonl", None),
    ("rpm2-quotes-blind7.jsonl", None),
    ("rpm2-quotes-blind10.jsonl", None),
    ("rpm2-quotes-blind11.jsonl", None),
    ("mlcrisis-quotes-blind1.jsonl", None),
]


DEV: list[tuple[str, str | None]] = [
    ("rpm2-quotes.jsonl", None), ("rpm2-quotes-heldout.jsonl", None),
    ("rpm2-quotes-blind3.jsonl", None), ("rpm2-quotes-blind4.jsonl", None),
    ("rpm2-quotes-blind5.jsonl", None), ("rpm2-quotes-train1.jsonl", None),
    ("rpm2-quotes-blind8.jsonl", None), ("rpm2-quotes-blind9.jsonl", None),
    ("mlcrisis-quotes-blind2.jsonl", None),
]


def candidate(quote: Quote) -> str | None:
    """The speaker the rules proposed (shown, or kept as the first candidate)."""
    if quote.speaker is not None:
        return quote.speaker
    return quote.speaker_candidates[0]["name"] if quote.speaker_candidates else None


def main() -> None:
    dev = "--dev" in sys.argv[1:]
    total: Counter[str] = Counter()
    right: Counter[str] = Counter()
    shown = shown_right = matched = 0
    for name, select in (DEV if dev else UNSEEN):
        docs, missing = load_gold(GOLD / name, "quotes", None, select)
        if not docs:
            print(f"corpus missing for {name} ({len(missing)} documents): nothing scored")
            continue
        docs, _ = _cleaned(docs, None)  # a scraped page is read as the product cleans it
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
                q = preds[pi]
                k = q.speaker_how or "none"
                total[k] += 1
                right[k] += speaker_match(candidate(q), items[gi].get("speaker"))
                matched += 1
                if q.speaker is not None:
                    shown += 1
                    shown_right += speaker_match(q.speaker, items[gi].get("speaker"))
    n = sum(total.values())
    print("development golds (read)" if dev else
          "unseen golds (rpm2 blind6, blind7, blind10, blind11, mlcrisis blind1; never read)")
    for k, count in total.most_common():
        print(f"{k:10} {count:4} quotes  {count / n:5.0%}  right {right[k] / count:.2f}")
    if matched:
        print(f"shown speakers: right {shown_right / max(1, shown):.3f} at coverage "
              f"{shown / matched:.3f} ({shown} of {matched} matched quotes)")


if __name__ == "__main__":
    main()
