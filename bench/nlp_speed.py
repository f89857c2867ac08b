"""Speed of the French analysis layer next to the bare spaCy NER + senter pass.

Usage::

    .venv/bin/python bench/nlp_speed.py [--words 200000] [--corpus ../shared/corpus]

Reads the RPM2 dev documents and the ML-Crisis French pages (repeated until ``--words``
words), then, in the same run and on the same texts:

1. the bare pass: ``nlp.pipe`` of the fast pipeline (NER + senter), docs consumed;
2. the whole layer: :func:`recoupe.nlp.analyze` (the same pass, plus mention cleaning,
   dates, quantities, quotes, the parser on quote-cue sentences only, entity and
   speaker resolution).

Both models are loaded and warmed before timing; the bare pass runs before and after the
layer and its mean time is used. Prints words/s for each and the ratio
(layer time / bare time; the target is at most 1.5) and writes
``bench/results/nlp_speed.json``. Not a test.
"""

from __future__ import annotations

import argparse
import json
import platform
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from recoupe.config import Options  # noqa: E402
from recoupe.model import Article  # noqa: E402
from recoupe.nlp import analyze, get_pipeline  # noqa: E402


def load_texts(corpus: Path, words: int) -> tuple[list[str], int]:
    """French texts from rpm2-dev and mlcrisis-fr-dev, repeated up to ``words`` words.

    Args:
        corpus: the shared corpus folder.
        words: minimum number of words.

    Returns:
        (texts, word count).
    """
    files = sorted((corpus / "rpm2-dev" / "documents").glob("*.txt"))
    files += sorted((corpus / "mlcrisis-fr-dev").glob("*/*/*.txt"))
    base = []
    for f in files:
        text = f.read_bytes().decode("utf-8-sig", errors="replace")
        if len(text) > 100_000:
            continue  # a few scraped pages are megabytes of debris: not article text
        base.append(text.replace("\r\n", "\n").replace("\r", "\n"))
    if not base:
        raise SystemExit(f"no texts under {corpus} (rpm2-dev, mlcrisis-fr-dev)")
    texts: list[str] = []
    count = 0
    while count < words:
        for text in base:
            texts.append(text)
            count += len(text.split())
            if count >= words:
                break
    return texts, count


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--words", type=int, default=200_000)
    parser.add_argument("--corpus", type=Path, default=ROOT.parent / "shared" / "corpus")
    parser.add_argument("--out", type=Path, default=ROOT / "bench" / "results" / "nlp_speed.json")
    args = parser.parse_args()

    options = Options()
    texts, words = load_texts(args.corpus, args.words)
    nlp = get_pipeline(options)
    # load and warm both pipelines outside the timings
    list(nlp.pipe(texts[:3]))
    nlp.parse(["Il a déclaré que tout allait bien."])

    def bare_pass() -> float:
        start = time.perf_counter()
        for doc in nlp.pipe(texts):
            _ = doc.ents
        return time.perf_counter() - start

    # bare, layer, bare: the bare time is the mean of the runs around the layer's, so
    # that a machine warming up or slowing down does not favour either side
    bare_runs = [bare_pass()]
    articles = [Article(id=f"a{i}", source=f"a{i}", text=t, published="2008-07-10")
                for i, t in enumerate(texts)]
    start = time.perf_counter()
    result = analyze(articles, options)
    layer = time.perf_counter() - start
    bare_runs.append(bare_pass())
    bare = sum(bare_runs) / len(bare_runs)

    report = {
        "words": words,
        "documents": len(texts),
        "bare_seconds": round(bare, 3),
        "bare_runs_seconds": [round(b, 3) for b in bare_runs],
        "layer_seconds": round(layer, 3),
        "bare_words_per_second": round(words / bare),
        "layer_words_per_second": round(words / layer),
        "ratio": round(layer / bare, 3),
        "parsed_sentences": result.parsed_sentences,
        "quotes": len(result.quotes),
        "entities": len(result.entities),
        "model": nlp.model,
        "batch_size": nlp.batch_size,
        "n_process": nlp.n_process,
        "python": platform.python_version(),
        "machine": platform.machine(),
    }
    print(f"words: {words} in {len(texts)} documents")
    print(f"bare NER+senter : {report['bare_words_per_second']:>8} words/s ({bare:.1f} s)")
    print(f"whole layer     : {report['layer_words_per_second']:>8} words/s ({layer:.1f} s)")
    print(f"ratio layer/bare: {report['ratio']:.3f} (target <= 1.5); "
          f"parser ran on {result.parsed_sentences} sentences")
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(report, indent=1) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
