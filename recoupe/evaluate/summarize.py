"""``recoupe eval summarize [CORPUS]``: summaries against RPM2's human references.

RPM2 (``rpm2-dev``): per topic ``TNN``, two document sets, ``C1`` and ``C2`` (a follow-up
about a month later), ten documents each, and four human abstracts per set (about 100
words). Tasks: summarise C1, summarise C2, and the update task (summarise C2 given C1).

Protocol (the corpus README's): ROUGE-1 and ROUGE-2 F over lower-cased ``\\w+`` tokens,
no stemming, the candidate cut to the mean length of the references in tokens, F averaged
over the references of a set, then over topics. The human row scores each reference
against the other three (cut to their mean length).

Every task is prepared the way the product prepares it (:func:`product_inputs`, the
inputs of :func:`recoupe.pipeline.summarize_articles`, i.e. ``recoupe summarize C1``,
``recoupe summarize C2``, ``recoupe summarize C2 --given C1``): the analysis stages
(cluster, nlp, reuse, claims) run over copies of the task's articles, once per task and
run; spaCy's analyses and the sentence vectors are memoised by text across tasks. Systems:

* ``recoupe``: :func:`recoupe.synth.summarize` with the task's claims (the product path:
  sentences are chosen, then each cites the sources of the claims it holds), the reference
  mean length as word budget, ``given`` = the C1 documents on the update task;
* ``recoupe-claims``: the same choosing among claim units, one per claim group
  (``synth.select_from = "claims"``), for comparison;
* ``recoupe-sentences``: without claims at all (sentences cited by near-identity; the
  same choice as ``recoupe``, fewer sources), on request;
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
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

from recoupe.config import Options, merge
from recoupe.embed import Embedder
from recoupe.model import Article, Claim, text_id
from recoupe.pipeline import STAGES

_TOKEN = re.compile(r"\w+")
_DOC = re.compile(r"^T(\d+)_C(\d)_(\d+)\.txt$")
_REF = re.compile(r"^T(\d+)_C(\d)_A(\d+)\.txt$")
TUNE_TOPICS = ("01", "02", "03", "04", "05")
SYSTEMS = ("recoupe", "recoupe-claims", "lead", "lexrank", "textrank")
#: every system :func:`evaluate_summarize` knows (``SYSTEMS`` is the default run)
KNOWN_SYSTEMS = (*SYSTEMS, "recoupe-sentences")
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


@dataclass(slots=True)
class Task:
    """One summarisation task as the product sees it."""

    #: the articles to summarise, analysed (sentences, mentions, story, event)
    articles: list[Article]
    #: their claims from the claims stage (None when it gave none)
    claims: list[Claim] | None
    #: the earlier articles the reader knows (update task), analysed with ``articles``
    given: list[Article] | None
    references: list[str]


def analysis_options(options: Options) -> Options:
    """``options`` without the synth stage: the evaluation summarises the articles itself,
    and the stage's story summaries play no part in what :func:`product_inputs` returns."""
    stages = [s for s in options.get("analysis.stages", list(STAGES)) if s != "synth"]
    return Options(settings=merge(options.settings, {"analysis": {"stages": stages}}),
                   quiet=options.quiet)


def product_inputs(articles: list[Article], given: list[Article], options: Options
                   ) -> tuple[list[Article], list[Claim] | None, list[Article] | None]:
    """What :func:`recoupe.pipeline.summarize_articles` hands to the summariser: the
    analysis stages run over copies of ``articles`` and ``given`` together (in time
    order), then the claims of ``articles`` are kept.

    Args:
        articles: prepared articles to summarise (not modified).
        given: earlier articles the reader knows (empty for a plain summary).
        options: run options; use :func:`analysis_options` to skip the synth stage.

    Returns:
        ``(articles, claims or None, given or None)``, analysed copies.
    """
    from recoupe.pipeline import run_stages, sort_by_time

    copies = [Article.from_dict(a.as_dict()) for a in articles]
    given_copies = [Article.from_dict(a.as_dict()) for a in given]
    known = {a.id for a in copies}
    everything = sort_by_time(copies + [a for a in given_copies if a.id not in known])
    result = run_stages(everything, options)
    claims = [c for c in result.claims if c.article in known] or None
    return copies, claims, given_copies or None


def prepare_tasks(sets: dict[tuple[str, str], tuple[list[Article], list[str]]], options: Options,
                  progress: Callable[[str], None] | None = None) -> dict[tuple[str, str], Task]:
    """The product's inputs for each ``(topic, task)``: C1 and C2 analysed on their own,
    the update task's C2 analysed together with its given C1 (as ``recoupe summarize C2
    --given C1`` does)."""
    stage_options = analysis_options(options)
    tasks: dict[tuple[str, str], Task] = {}
    for topic in sorted({t for t, _ in sets}):
        for task in TASKS:
            key = (topic, "1" if task == "c1" else "2")
            if key not in sets or (task == "update" and (topic, "1") not in sets):
                continue
            if progress is not None:
                progress(f"T{topic} {task}: analysis")
            arts, refs = sets[key]
            given = sets[(topic, "1")][0] if task == "update" else []
            copies, claims, given_copies = product_inputs(arts, given, stage_options)
            tasks[(topic, task)] = Task(copies, claims, given_copies, refs)
    return tasks


def system_summary(system: str, task: Task, plain: Task, length: int, options: Options,
                   embedder: Embedder | None) -> str:
    """The text of ``system``'s summary of ``task`` within ``length`` words.

    ``plain`` is the task's set analysed on its own (the baselines summarise C2 alone on
    the update task)."""
    from recoupe.synth import summarize

    if system == "recoupe":
        return " ".join(s.text for s in summarize(task.articles, claims=task.claims, words=length,
                                                  given=task.given, options=options, embedder=embedder))
    if system == "recoupe-claims":
        return " ".join(s.text for s in summarize(task.articles, claims=task.claims, words=length,
                                                  given=task.given, options=options,
                                                  embedder=embedder, select_from="claims"))
    if system == "recoupe-sentences":
        return " ".join(s.text for s in summarize(task.articles, words=length, given=task.given,
                                                  options=options, embedder=embedder))
    if system == "lead":
        return lead_round_robin(plain.articles, length)
    return sumy_summary(plain.articles, length, system)


def _human(references: list[str]) -> tuple[float, float]:
    r1 = r2 = 0.0
    for i, ref in enumerate(references):
        others = references[:i] + references[i + 1 :]
        a, b = score(ref, others)
        r1 += a
        r2 += b
    return r1 / len(references), r2 / len(references)


def metrics_of(rows: list[tuple[str, str, str, float, float]], systems: Sequence[str]) -> dict[str, Any]:
    """Flat metrics from ``(topic, system, task, rouge1, rouge2)`` rows (see the module doc)."""
    topic_ids = sorted({r[0] for r in rows})
    metrics: dict[str, Any] = {"topics": len(topic_ids)}
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
        for system, label in (("recoupe", "margin"), ("recoupe-claims", "margin_claims"),
                              ("recoupe-sentences", "margin_sentences")):
            if system in systems and "lead" in systems:
                for n in (1, 2):
                    metrics[f"{split}_{label}_rouge{n}"] = round(
                        metrics[f"{split}_{system}_mean_rouge{n}"] - metrics[f"{split}_lead_mean_rouge{n}"], 4)
    return metrics


def evaluate_summarize(corpus: str | Path | None = None, options: Options | None = None,
                       embedder: Embedder | None = None, topics: Sequence[str] | None = None,
                       systems: Sequence[str] = SYSTEMS,
                       progress: Callable[[str], None] | None = None) -> dict[str, Any]:
    """ROUGE of recoupe's summaries and of the baselines on RPM2 (see the module doc).

    Args:
        corpus: the ``rpm2-dev`` folder; default ``$RECOUPE_CORPUS/rpm2-dev`` or
            ``../shared/corpus/rpm2-dev`` beside the repository.
        options: run options (``[synth]`` weights, ``[nlp]``, ``[embed]``, ``[claims]``...).
        embedder: sentence embedder of the summariser (default: the configured one,
            memoised per text; the analysis stages use their own memoised one).
        topics: topic numbers to evaluate, all when None.
        systems: which systems to run (:data:`SYSTEMS` or a subset).
        progress: called with a label for each step.

    Returns:
        Flat metrics; when the corpus is missing ``{"topics": 0, "note": ...}``.
    """
    from recoupe.cache import cached_embedder
    from recoupe.evaluate.common import corpus_root

    unknown = [s for s in systems if s not in KNOWN_SYSTEMS]
    if unknown:
        raise ValueError(f"[E502] unknown summariser(s) {', '.join(unknown)}. Known: {', '.join(KNOWN_SYSTEMS)}")
    options = options or Options()
    root = Path(corpus) if corpus else corpus_root(Path(__file__)) / "rpm2-dev"
    if not (root / "documents").is_dir():
        return {"topics": 0, "note": f"corpus missing: {root} (no documents/ folder)"}
    t0 = time.perf_counter()
    sets = load_topics(root, topics)
    tasks = prepare_tasks(sets, options, progress)
    prep = time.perf_counter() - t0
    if embedder is None:
        embedder = cached_embedder(options)

    seconds: dict[str, float] = defaultdict(float)
    rows: list[tuple[str, str, str, float, float]] = []  # topic, system, task, r1, r2
    for (topic, task), item in tasks.items():
        refs = item.references
        length = mean_length(refs)
        plain = tasks[(topic, "c2")] if task == "update" else item
        if progress is not None:
            progress(f"T{topic} {task}: summaries")
        if task in ("c1", "c2"):
            h1, h2 = _human(refs)
            rows.append((topic, "human", task, h1, h2))
        for system in systems:
            t = time.perf_counter()
            text = system_summary(system, item, plain, length, options, embedder)
            seconds[system] += time.perf_counter() - t
            r1, r2 = score(text, refs)
            rows.append((topic, system, task, r1, r2))

    metrics = metrics_of(rows, systems)
    metrics["prep_seconds"] = round(prep, 2)
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
        lines.append(f"  {'system':<18}" + "".join(f"{t:>16}" for t in (*TASKS, "mean")) + f"{'seconds':>10}")
        for s in systems:
            cells = []
            for t in (*TASKS, "mean"):
                a, b = metrics.get(f"{split}_{s}_{t}_rouge1"), metrics.get(f"{split}_{s}_{t}_rouge2")
                cells.append(f"{a:.3f} / {b:.3f}" if a is not None and b is not None else "-")
            secs = metrics.get(f"{s}_seconds")
            lines.append(f"  {s:<18}" + "".join(f"{c:>16}" for c in cells)
                         + (f"{secs:>10.1f}" if secs is not None and split == "all" else ""))
        for label, name in (("margin", "recoupe"), ("margin_claims", "recoupe-claims"),
                            ("margin_sentences", "recoupe-sentences")):
            if f"{split}_{label}_rouge1" in metrics:
                lines.append(f"  {name} - lead (mean): {metrics[f'{split}_{label}_rouge1']:+.3f} / "
                             f"{metrics[f'{split}_{label}_rouge2']:+.3f}")
    lines.append(f"analysis stages (cluster, nlp, reuse, claims) for every task: {metrics['prep_seconds']:.1f} s")
    return "\n".join(lines)
