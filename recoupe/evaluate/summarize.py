"""``recoupe eval summarize [CORPUS]``: summaries against RPM2's human references.

RPM2 (``rpm2-dev``): per topic ``TNN``, two document sets, ``C1`` and ``C2`` (a follow-up
about a month later), ten documents each, and four human abstracts per set (about 100
words). Tasks: summarise C1, summarise C2, and the update task (summarise C2 given C1).

Protocol (the corpus README's): ROUGE-1 and ROUGE-2 F over lower-cased ``\\w+`` tokens,
no stemming, the candidate cut to the mean length of the references in tokens, F averaged
over the references of a set, then over topics. The human row scores each reference
against the other three (cut to their mean length).

Systems, all fed the same sentences (spaCy's, from :func:`recoupe.nlp.analyze`, run once
per evaluation):

* ``recoupe``: :func:`recoupe.synth.summarize` with the reference mean length as word
  budget (update task: ``given`` = the C1 documents);
* ``lead``: lead round-robin (first sentence of each document in document order, then
  the second...), cut to length;
* ``lexrank`` and ``textrank``: sumy's summarisers over a document model built from the
  same sentences (sumy's own tokenizer needs NLTK data, which is not available), best
  rated sentences until the length is reached, in document order, cut to length. On the
  update task the baselines summarise C2 alone.

Documents are read with ``utf-8-sig``, newlines normalised; line 1 (the headline) is the
title and is not part of the text. Topics 01–05 are the tuning half (the weights of
:class:`recoupe.synth.summarize.SummaryParams` were chosen on them), 06–10 the held-out
half; metrics are given for both and for all topics:
``<split>_<system>_<task>_rouge<1|2>`` with split ``all|tune|heldout``, task
``c1|c2|update|mean``, plus ``<split>_margin_rouge<n>`` (recoupe minus lead, mean over
the tasks) and ``<system>_seconds``.
"""

from __future__ import annotations

import re
import time
from collections import Counter, defaultdict
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

import numpy as np

from recoupe.config import Options
from recoupe.embed import Embedder, get_embedder
from recoupe.model import Article, text_id

_TOKEN = re.compile(r"\w+")
_DOC = re.compile(r"^T(\d+)_C(\d)_(\d+)\.txt$")
_REF = re.compile(r"^T(\d+)_C(\d)_A(\d+)\.txt$")
TUNE_TOPICS = ("01", "02", "03", "04", "05")
SYSTEMS = ("recoupe", "lead", "lexrank", "textrank")
TASKS = ("c1", "c2", "update")


# --------------------------------------------------------------------------- ROUGE


def tokens(text: str) -> list[str]:
    """Lower-cased ``\\w+`` tokens (no stemming, no stopword removal)."""
    return _TOKEN.findall(text.lower())


def _ngrams(toks: Sequence[str], n: int) -> Counter[tuple[str, ...]]:
    return Counter(tuple(toks[i : i + n]) for i in range(len(toks) - n + 1))


def rouge_f(candidate: Sequence[str], reference: Sequence[str], n: int) -> float:
    """ROUGE-N F1 of two token lists."""
    c, r = _ngrams(candidate, n), _ngrams(reference, n)
    overlap = sum((c & r).values())
    if overlap == 0:
        return 0.0
    p = overlap / sum(c.values())
    rec = overlap / sum(r.values())
    return 2 * p * rec / (p + rec)


def score(candidate: str, references: Sequence[str]) -> tuple[float, float]:
    """(ROUGE-1 F, ROUGE-2 F) of ``candidate`` cut to the references' mean length,
    averaged over the references."""
    refs = [tokens(r) for r in references]
    length = round(sum(len(r) for r in refs) / len(refs))
    cand = tokens(candidate)[:length]
    r1 = sum(rouge_f(cand, r, 1) for r in refs) / len(refs)
    r2 = sum(rouge_f(cand, r, 2) for r in refs) / len(refs)
    return r1, r2


def mean_length(references: Sequence[str]) -> int:
    """Mean reference length in ``\\w+`` tokens."""
    return round(sum(len(tokens(r)) for r in references) / len(references))


# --------------------------------------------------------------------------- corpus


def _read(path: Path) -> str:
    return path.read_text(encoding="utf-8-sig").replace("\r\n", "\n").replace("\r", "\n")


def load_topics(corpus: Path, topics: Sequence[str] | None = None
                ) -> dict[tuple[str, str], tuple[list[Article], list[str]]]:
    """RPM2 document sets and references by ``(topic, slice)``.

    Args:
        corpus: the ``rpm2-dev`` folder (holding ``documents/`` and ``references/``).
        topics: topic numbers to keep ("01"...), all when None.

    Returns:
        ``{("01", "1"): (articles in document order, reference texts)}``.
    """
    sets: dict[tuple[str, str], list[tuple[int, Article]]] = defaultdict(list)
    for path in sorted((corpus / "documents").glob("T*_C*_*.txt")):
        m = _DOC.match(path.name)
        if m is None or (topics is not None and m.group(1) not in topics):
            continue
        lines = _read(path).strip().split("\n")
        text = "\n".join(ln.rstrip() for ln in lines[1:]).strip()
        art = Article(id=text_id(text), source=path.name, text=text, title=lines[0].strip(),
                      language="fr")
        sets[(m.group(1), m.group(2))].append((int(m.group(3)), art))
    refs: dict[tuple[str, str], list[str]] = defaultdict(list)
    for path in sorted((corpus / "references").glob("T*_C*_A*.txt")):
        m = _REF.match(path.name)
        if m is not None and (m.group(1), m.group(2)) in sets:
            refs[(m.group(1), m.group(2))].append(_read(path).strip())
    return {k: ([a for _, a in sorted(v, key=lambda x: x[0])], refs[k])
            for k, v in sorted(sets.items()) if refs.get(k)}


# --------------------------------------------------------------------------- baselines


def _sentences(article: Article) -> list[str]:
    out = []
    for s in article.sentences:
        t = article.text[s.start : s.end].strip()
        if t:
            out.append(t)
    return out


def lead_round_robin(articles: list[Article], length: int) -> str:
    """First sentence of each document in turn, then the second..., until ``length`` tokens."""
    per_doc = [_sentences(a) for a in articles]
    out: list[str] = []
    used = 0
    depth = 0
    while used < length and any(depth < len(s) for s in per_doc):
        for sents in per_doc:
            if depth < len(sents) and used < length:
                out.append(sents[depth])
                used += len(tokens(sents[depth]))
        depth += 1
    return " ".join(out)


class _Tokenizer:
    """What sumy asks of a tokenizer, without NLTK data: ``\\w+`` words."""

    language = "french"

    def to_sentences(self, paragraph: str) -> tuple[str, ...]:
        return (paragraph,)

    def to_words(self, sentence: str) -> tuple[str, ...]:
        return tuple(_TOKEN.findall(sentence))


def sumy_summary(articles: list[Article], length: int, method: str) -> str:
    """sumy's LexRank or TextRank over the articles' sentences, cut to ``length`` tokens.

    Raises:
        ImportError: sumy is missing (it is in the ``dev`` extra).
    """
    try:
        from sumy.models.dom import ObjectDocumentModel, Paragraph
        from sumy.models.dom import Sentence as SumySentence
        from sumy.nlp.stemmers import Stemmer
        from sumy.summarizers.lex_rank import LexRankSummarizer
        from sumy.summarizers.text_rank import TextRankSummarizer
        from sumy.utils import get_stop_words
    except ImportError as exc:  # pragma: no cover - dev extra
        raise ImportError("[E501] the summarisation baselines need sumy: pip install -e '.[dev]'") from exc
    tok = _Tokenizer()
    doc = ObjectDocumentModel([
        Paragraph([SumySentence(s, tok) for s in _sentences(a)]) for a in articles
    ])
    cls = LexRankSummarizer if method == "lexrank" else TextRankSummarizer
    summarizer = cls(Stemmer("french"))
    summarizer.stop_words = get_stop_words("french")

    def until_length(infos: list[Any]) -> list[Any]:
        taken, used = [], 0
        for info in infos:
            if used >= length:
                break
            taken.append(info)
            used += len(tokens(str(info.sentence)))
        return taken

    return " ".join(str(s) for s in summarizer(doc, until_length))


# --------------------------------------------------------------------------- evaluation


class CachingEmbedder:
    """An embedder that remembers the vectors of texts it has seen (within one run)."""

    def __init__(self, inner: Embedder) -> None:
        self.inner = inner
        self.name = inner.name
        self.cache: dict[str, np.ndarray] = {}

    def encode(self, texts: list[str]) -> np.ndarray:
        missing = list(dict.fromkeys(t for t in texts if t not in self.cache))
        if missing:
            for t, v in zip(missing, self.inner.encode(missing), strict=True):
                self.cache[t] = v
        if not texts:
            return np.zeros((0, 512), dtype=np.float32)
        return np.stack([self.cache[t] for t in texts])


def _human(references: list[str]) -> tuple[float, float]:
    r1 = r2 = 0.0
    for i, ref in enumerate(references):
        others = references[:i] + references[i + 1 :]
        a, b = score(ref, others)
        r1 += a
        r2 += b
    return r1 / len(references), r2 / len(references)


def evaluate_summarize(corpus: str | Path | None = None, options: Options | None = None,
                       embedder: Embedder | None = None, topics: Sequence[str] | None = None,
                       systems: Sequence[str] = SYSTEMS,
                       progress: Callable[[str], None] | None = None) -> dict[str, Any]:
    """ROUGE of recoupe's summaries and of the baselines on RPM2 (see the module doc).

    Args:
        corpus: the ``rpm2-dev`` folder; default ``$RECOUPE_CORPUS/rpm2-dev`` or
            ``../shared/corpus/rpm2-dev`` beside the repository.
        options: run options (``[synth]`` weights, ``[nlp]``, ``[embed]``).
        embedder: sentence embedder (default: the configured one, cached per text).
        topics: topic numbers to evaluate, all when None.
        systems: which systems to run (``recoupe`` plus any baselines).
        progress: called with a label for each topic set.

    Returns:
        Flat metrics; when the corpus is missing ``{"topics": 0, "note": ...}``.
    """
    from recoupe.evaluate.common import corpus_root
    from recoupe.nlp import analyze
    from recoupe.synth import summarize

    options = options or Options()
    root = Path(corpus) if corpus else corpus_root(Path(__file__)) / "rpm2-dev"
    if not (root / "documents").is_dir():
        return {"topics": 0, "note": f"corpus missing: {root} (no documents/ folder)"}
    t0 = time.perf_counter()
    sets = load_topics(root, topics)
    articles = [a for arts, _ in sets.values() for a in arts]
    analyze(articles, options)
    prep = time.perf_counter() - t0
    if embedder is None:
        inner = get_embedder(options)
        embedder = CachingEmbedder(inner) if inner is not None else None

    seconds: dict[str, float] = defaultdict(float)
    rows: list[tuple[str, str, str, float, float]] = []  # topic, system, task, r1, r2
    topic_ids = sorted({t for t, _ in sets})
    for topic in topic_ids:
        for task in TASKS:
            key = (topic, "1" if task == "c1" else "2")
            if key not in sets or (task == "update" and (topic, "1") not in sets):
                continue
            arts, refs = sets[key]
            length = mean_length(refs)
            if progress is not None:
                progress(f"T{topic} {task}")
            if task == "c1" or task == "c2":
                h1, h2 = _human(refs)
                rows.append((topic, "human", task, h1, h2))
            for system in systems:
                t = time.perf_counter()
                if system == "recoupe":
                    given = sets[(topic, "1")][0] if task == "update" else None
                    text = " ".join(s.text for s in summarize(
                        arts, words=length, given=given, options=options, embedder=embedder))
                elif system == "lead":
                    text = lead_round_robin(arts, length)
                else:
                    text = sumy_summary(arts, length, system)
                seconds[system] += time.perf_counter() - t
                r1, r2 = score(text, refs)
                rows.append((topic, system, task, r1, r2))

    metrics: dict[str, Any] = {"topics": len(topic_ids), "prep_seconds": round(prep, 2)}
    splits = {"all": set(topic_ids), "tune": set(topic_ids) & set(TUNE_TOPICS),
              "heldout": set(topic_ids) - set(TUNE_TOPICS)}
    for split, keep in splits.items():
        if not keep:
            continue
        for system in ("human", *systems):
            per_task: dict[str, tuple[float, float]] = {}
            for task in TASKS:
                sel = [(r1, r2) for t, s, k, r1, r2 in rows if s == system and k == task and t in keep]
                if not sel:
                    continue
                per_task[task] = (float(np.mean([x[0] for x in sel])), float(np.mean([x[1] for x in sel])))
                metrics[f"{split}_{system}_{task}_rouge1"] = round(per_task[task][0], 4)
                metrics[f"{split}_{system}_{task}_rouge2"] = round(per_task[task][1], 4)
            if per_task:
                metrics[f"{split}_{system}_mean_rouge1"] = round(float(np.mean([v[0] for v in per_task.values()])), 4)
                metrics[f"{split}_{system}_mean_rouge2"] = round(float(np.mean([v[1] for v in per_task.values()])), 4)
        if "recoupe" in systems and "lead" in systems:
            for n in (1, 2):
                metrics[f"{split}_margin_rouge{n}"] = round(
                    metrics[f"{split}_recoupe_mean_rouge{n}"] - metrics[f"{split}_lead_mean_rouge{n}"], 4)
    for system in systems:
        metrics[f"{system}_seconds"] = round(seconds[system], 2)
    return metrics


def format_table(metrics: dict[str, Any]) -> str:
    """The metrics as a plain-text table: one row per system, ROUGE-1/2 per task and split."""
    if not metrics.get("topics"):
        return str(metrics.get("note", "nothing evaluated"))
    systems = [s for s in ("human", *SYSTEMS) if f"all_{s}_mean_rouge1" in metrics]
    lines = []
    for split in ("all", "tune", "heldout"):
        if f"{split}_recoupe_mean_rouge1" not in metrics and f"{split}_lead_mean_rouge1" not in metrics:
            continue
        label = {"all": "all topics", "tune": "topics 01-05 (tuning)",
                 "heldout": "topics 06-10 (held out)"}[split]
        lines.append(f"{label}: ROUGE-1 / ROUGE-2 F")
        lines.append(f"  {'system':<10}" + "".join(f"{t:>16}" for t in (*TASKS, "mean")) + f"{'seconds':>10}")
        for s in systems:
            cells = []
            for t in (*TASKS, "mean"):
                a, b = metrics.get(f"{split}_{s}_{t}_rouge1"), metrics.get(f"{split}_{s}_{t}_rouge2")
                cells.append(f"{a:.3f} / {b:.3f}" if a is not None and b is not None else "-")
            secs = metrics.get(f"{s}_seconds")
            lines.append(f"  {s:<10}" + "".join(f"{c:>16}" for c in cells)
                         + (f"{secs:>10.1f}" if secs is not None and split == "all" else ""))
        if f"{split}_margin_rouge1" in metrics:
            lines.append(f"  recoupe - lead (mean): {metrics[f'{split}_margin_rouge1']:+.3f} / "
                         f"{metrics[f'{split}_margin_rouge2']:+.3f}")
    lines.append(f"shared NLP (sentences, entities) over all documents: {metrics['prep_seconds']:.1f} s")
    return "\n".join(lines)
