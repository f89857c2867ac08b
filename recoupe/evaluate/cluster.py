"""``recoupe eval cluster GOLD``: story and event clustering against a gold grouping.

Gold formats (``gold`` is a path):

(a) **RPM2** — the ``rpm2-dev`` directory itself (holding ``documents/TNN_CK_DD.txt``), or
    a small JSON file such as ``eval/gold/cluster/rpm2-dev.json``::

        {"corpus": "rpm2-dev", "base": "shared", "seed": 13,
         "topics": ["01", "02"]}           # optional subset (tuning/held-out splits)

    ``base: "shared"`` resolves against ``../shared/corpus`` (or ``$RECOUPE_CORPUS``).
    Gold story = topic ``TNN``, gold event = topic × slice ``TNN_CK``. Documents are read
    with ``utf-8-sig``, newlines normalised, title = line 1, text = the rest; names are
    hidden (source ``doc-<hash>``), no date is given, and the order is shuffled with a
    fixed seed.
(c) **Dated events** — a JSON file naming a corpus of dated pages and a JSONL of labels::

        {"corpus": "mlcrisis-fr-dev", "base": "shared", "labels": "mlcrisis-events.jsonl",
         "topics": ["egypt", "libya"],                  # optional subset (topic folder)
         "months": ["2011-03", "libya/2011-08"],        # optional: folder dates (of a topic)
         "titles_only": false,                          # optional: cluster the titles alone
         "baselines": {"single_pass": 0.3, "agglomerative": 0.7}}   # optional thresholds

    each label line ``{"path": "mlcrisis-fr-dev/<topic>/<YYYY-MM-DD>/<name>.txt",
    "event": "<id>" | "none"}`` (annotated blind: ``events-annotation-brief.md``);
    ``labels`` may list several files, and a path may hold a language folder
    (``mlcrisis-es-it-dev/es/<topic>/...``): with pages of several languages, the
    ``event_cross_language_pair_*`` keys say how many gold same-event pairs across two
    languages end in one event (recall) and how many such predicted pairs are right. The
    pages go through the real pipeline (path dates and all) in publication order. Gold
    story = the topic folder; gold event = the label; pages labelled ``none`` (analysis,
    round-ups, live blogs) are clustered but left out of the event scores. With
    ``baselines``, a single-pass and an average-linkage agglomerative clustering of TF-IDF
    vectors (title + text) run on the same pages in the same run (``baseline_*`` keys),
    their cosine thresholds chosen on another split.
(b) **Sample corpus** — ``samples/gold/articles.json`` (a list of entries with ``ref``,
    ``event``, ``story``): the corpus is read through the real pipeline
    (:func:`recoupe.pipeline.load_articles`, dates and all) and fed in publication order.

Metrics, at the story and at the event level: B-cubed precision/recall/F1, pairwise
precision/recall/F1, adjusted Rand index and normalised mutual information. Keys are
flat (``story_bcubed_f1``, ``event_pairwise_p``, ``event_ari``...) so that
:func:`recoupe.evaluate.common.check_floors` can compare them with the floors pinned in
``eval/floors/cluster.json`` (RPM2) and ``eval/floors/cluster-samples.json``.
"""

from __future__ import annotations

import hashlib
import json
import random
import re
import time
from collections import Counter
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from recoupe.evaluate.common import corpus_root, repo_root
from recoupe.model import Article, text_id

_RPM2_NAME = re.compile(r"^T(\d\d)_C(\d)_(\d\d)\.txt$")

#: the metrics a command line shows by default (all are in the dict for ``--json``)
SUMMARY_KEYS: tuple[str, ...] = (
    "documents", "story_bcubed_f1", "story_pairwise_f1", "story_ari", "story_nmi",
    "event_bcubed_p", "event_bcubed_r", "event_bcubed_f1", "event_pairwise_f1", "event_ari",
    "event_nmi", "stories_pred", "stories_gold", "events_pred", "events_gold", "seconds",
)


# --------------------------------------------------------------------------- metrics


def bcubed(pred: Sequence[str], gold: Sequence[str]) -> tuple[float, float, float]:
    """B-cubed precision, recall and F1 (Bagga & Baldwin) of a flat clustering."""
    n = len(pred)
    if n == 0:
        return 0.0, 0.0, 0.0
    pc, gc = Counter(pred), Counter(gold)
    joint = Counter(zip(pred, gold, strict=True))
    p = sum(joint[(a, b)] / pc[a] for a, b in zip(pred, gold, strict=True)) / n
    r = sum(joint[(a, b)] / gc[b] for a, b in zip(pred, gold, strict=True)) / n
    return p, r, (2 * p * r / (p + r) if p + r else 0.0)


def pairwise(pred: Sequence[str], gold: Sequence[str]) -> tuple[float, float, float]:
    """Pair-counting precision, recall and F1 (pairs put together vs truly together)."""

    def pairs(counter: Counter[Any]) -> int:
        return sum(c * (c - 1) // 2 for c in counter.values())

    tp = pairs(Counter(zip(pred, gold, strict=True)))
    pp, gp = pairs(Counter(pred)), pairs(Counter(gold))
    p = tp / pp if pp else 1.0
    r = tp / gp if gp else 1.0
    return p, r, (2 * p * r / (p + r) if p + r else 0.0)


def clustering_metrics(pred: Sequence[str], gold: Sequence[str], prefix: str) -> dict[str, float]:
    """All metrics for one level, keys prefixed (``story_bcubed_f1``...)."""
    from sklearn.metrics import adjusted_rand_score, normalized_mutual_info_score

    bp, br, bf = bcubed(pred, gold)
    pp, pr, pf = pairwise(pred, gold)
    out = {
        "bcubed_p": bp, "bcubed_r": br, "bcubed_f1": bf,
        "pairwise_p": pp, "pairwise_r": pr, "pairwise_f1": pf,
        "ari": float(adjusted_rand_score(gold, pred)),
        "nmi": float(normalized_mutual_info_score(gold, pred)),
    }
    return {f"{prefix}_{k}": round(v, 4) for k, v in out.items()}


# --------------------------------------------------------------------------- gold loading


def load_rpm2(directory: Path, seed: int = 13, topics: Sequence[str] | None = None
              ) -> tuple[list[Article], dict[str, tuple[str, str]]]:
    """RPM2 documents as anonymous, undated articles in a shuffled order.

    Args:
        directory: the ``rpm2-dev`` folder (or its ``documents`` sub-folder).
        seed: shuffling seed.
        topics: keep only these topic numbers ("01"...), all when None.

    Returns:
        The articles and, by article id, the gold ``(story, event)``.
    """
    docs = directory / "documents" if (directory / "documents").is_dir() else directory
    articles: list[Article] = []
    gold: dict[str, tuple[str, str]] = {}
    for path in sorted(docs.glob("T*_C*_*.txt")):
        m = _RPM2_NAME.match(path.name)
        if m is None or (topics is not None and m.group(1) not in topics):
            continue
        raw = path.read_text(encoding="utf-8-sig").replace("\r\n", "\n").replace("\r", "\n")
        lines = raw.strip().split("\n")
        title = lines[0].strip()
        text = "\n".join(ln.rstrip() for ln in lines[1:]).strip()
        aid = text_id(text)
        anon = "doc-" + hashlib.sha1(path.name.encode()).hexdigest()[:10]
        articles.append(Article(id=aid, source=anon, text=text, title=title, language="fr"))
        gold[aid] = (f"T{m.group(1)}", f"T{m.group(1)}_C{m.group(2)}")
    random.Random(seed).shuffle(articles)
    return articles, gold


def load_samples(gold_file: Path, options: Any) -> tuple[list[Article], dict[str, tuple[str, str]]]:
    """The sample corpus through the real reading pipeline, with its gold labels."""
    from recoupe.pipeline import load_articles, sort_by_time

    entries = json.loads(gold_file.read_text(encoding="utf-8"))
    root = repo_root(gold_file.parent)
    by_ref = {e["ref"]: e for e in entries}
    folders = sorted({str(root / e["path"]) for e in entries})
    articles, _ = load_articles(folders, options)
    gold: dict[str, tuple[str, str]] = {}
    kept: list[Article] = []
    for a in articles:
        ref = _relative(a.source, root)
        entry = by_ref.get(ref)
        if entry is not None:
            gold[a.id] = (str(entry["story"]), str(entry["event"]))
            kept.append(a)
    return sort_by_time(kept), gold


_RECORD = re.compile(r"^(?P<path>.+?\.(?:jsonl|ndjson|json|xml|rss|atom))[:#](?P<n>\d+)$")


def load_dated_events(spec: dict[str, Any], gold_file: Path, corpus: str | Path | None,
                      options: Any) -> tuple[list[Article], dict[str, tuple[str, str]], list[str]]:
    """The pages a dated-events gold labels, through the real pipeline, in time order,
    with (story, event) labels; and the paths that are missing."""
    from recoupe.pipeline import load_articles, sort_by_time

    root = corpus_root(gold_file, corpus) if spec.get("base") == "shared" else repo_root(gold_file.parent)
    topics = set(spec.get("topics") or [])
    months = tuple(spec.get("months") or ())
    label_files = spec["labels"] if isinstance(spec["labels"], list) else [spec["labels"]]
    wanted: dict[str, str] = {}
    for labels_name in label_files:
        for line in (gold_file.parent / labels_name).read_text(encoding="utf-8").splitlines():
            if not line.strip():
                continue
            row = json.loads(line)
            topic, day = _topic_and_day(row["path"])
            if (topics and topic not in topics) or (
                    months and not day.startswith(months) and not f"{topic}/{day}".startswith(months)):
                continue
            wanted[str((root / row["path"]).resolve())] = row["event"]
    missing = [p for p in wanted if not Path(p).is_file()]
    if missing:
        return [], {}, missing
    articles, _ = load_articles(sorted(wanted), options)
    gold: dict[str, tuple[str, str]] = {}
    kept: list[Article] = []
    for a in articles:
        event = wanted.get(str(Path(a.source).resolve()))
        if event is not None and spec.get("titles_only"):
            # a feed of headlines: the page's title is all the clusterer sees
            a.text = a.title or a.text.split("\n", 1)[0]
        if event is not None:
            topic, _ = _topic_and_day(Path(a.source).resolve().relative_to(root.resolve()).as_posix())
            gold[a.id] = (topic, event)
            kept.append(a)
    return sort_by_time(kept), gold, []


def _topic_and_day(rel: str) -> tuple[str, str]:
    """Topic folder and folder date of a dated page: ``<corpus>/<topic>/<day>/<name>`` or,
    for a corpus of several languages, ``<corpus>/<lang>/<topic>/<day>/<name>``."""
    parts = rel.split("/")
    if len(parts) >= 5 and len(parts[1]) == 2 and parts[1].isalpha():
        parts = parts[1:]
    return parts[1], parts[2] if len(parts) > 2 else ""


def cross_language_pairs(pred: Sequence[str], gold: Sequence[str], langs: Sequence[str | None]
                         ) -> dict[str, float]:
    """Pairs of items in two different languages: how many gold same-event pairs are
    predicted together (recall) and how many predicted pairs are gold pairs (precision)."""
    tp = fp = fn = 0
    n = len(pred)
    for i in range(n):
        for j in range(i + 1, n):
            if not langs[i] or not langs[j] or langs[i] == langs[j]:
                continue
            same_gold, same_pred = gold[i] == gold[j], pred[i] == pred[j]
            tp += same_gold and same_pred
            fp += same_pred and not same_gold
            fn += same_gold and not same_pred
    return {"cross_language_pairs_gold": tp + fn,
            "cross_language_pair_recall": round(tp / (tp + fn), 4) if tp + fn else 0.0,
            "cross_language_pair_precision": round(tp / (tp + fp), 4) if tp + fp else 0.0}


def _baseline_texts(articles: list[Article]) -> Any:
    from sklearn.feature_extraction.text import TfidfVectorizer

    texts = [f"{a.title or ''}\n{a.text}" for a in articles]
    return TfidfVectorizer(sublinear_tf=True, min_df=1, max_df=0.5).fit_transform(texts)


def single_pass(articles: list[Article], threshold: float) -> list[str]:
    """Baseline: each article joins the most similar earlier cluster (cosine to its
    centroid of TF-IDF vectors) at ``threshold`` or more, else opens one; in time order."""
    import numpy as np

    x = _baseline_texts(articles)
    centroids: list[Any] = []
    sizes: list[int] = []
    out: list[str] = []
    for i in range(x.shape[0]):
        v = x[i].toarray()[0]
        best, best_sim = -1, threshold
        for k, c in enumerate(centroids):
            norm = float(np.linalg.norm(c)) or 1.0
            sim = float(v @ c) / norm
            if sim >= best_sim:
                best, best_sim = k, sim
        if best < 0:
            centroids.append(v.copy())
            sizes.append(1)
            out.append(f"sp{len(centroids) - 1}")
        else:
            centroids[best] = centroids[best] + v
            sizes[best] += 1
            out.append(f"sp{best}")
    return out


def agglomerative(articles: list[Article], threshold: float) -> list[str]:
    """Baseline: average-linkage agglomerative clustering of the TF-IDF vectors, cut at
    cosine distance ``threshold``."""
    from sklearn.cluster import AgglomerativeClustering

    x = _baseline_texts(articles).toarray()
    if len(articles) < 2:
        return ["ag0"] * len(articles)
    labels = AgglomerativeClustering(n_clusters=None, metric="cosine", linkage="average",
                                     distance_threshold=threshold).fit_predict(x)
    return [f"ag{k}" for k in labels]


def _relative(source: str, root: Path) -> str:
    """Repo-relative form of an article source; records as ``path#N`` like the gold."""
    m = _RECORD.match(source)
    path, frag = (m.group("path"), m.group("n")) if m else (source, "")
    try:
        rel = Path(path).resolve().relative_to(root.resolve()).as_posix()
    except ValueError:
        rel = path
    return rel + (f"#{frag}" if frag else "")


# --------------------------------------------------------------------------- entry point


def evaluate_cluster(gold: str | Path, options: Any = None, embedder: Any = None,
                     corpus: str | Path | None = None, batch: int | None = None,
                     seed: int | None = None) -> dict[str, Any]:
    """Cluster the gold documents and score stories and events.

    Args:
        gold: the rpm2-dev directory, an RPM2 gold JSON, or ``samples/gold/articles.json``.
        options: a :class:`recoupe.config.Options` (clustering and embedding settings).
        embedder: an embedder to use instead of the configured one.
        corpus: where ``base: "shared"`` corpora live (default ``../shared/corpus``).
        batch: feed the documents in batches of this size, the clusterer state passed
            through JSON from one batch to the next (as successive ``recoupe ingest`` runs
            do); None feeds them in one call.
        seed: RPM2 shuffling seed instead of the gold file's ``seed`` (to average a
            measure over several orders; see ``bench/cluster_events.py``).

    Returns:
        Flat metrics (``story_bcubed_f1``, ``event_bcubed_f1``, ``*_pairwise_*``,
        ``*_ari``, ``*_nmi``), ``documents``, cluster counts, ``seconds`` and ``corpus``.
        When the corpus is absent: ``documents`` 0 and a ``note`` saying so.
    """
    from recoupe.cluster import cluster_articles

    gold = Path(gold)
    spec: dict[str, Any] = {}
    if gold.is_file():
        data = json.loads(gold.read_text(encoding="utf-8"))
        if isinstance(data, dict) and data.get("corpus"):
            spec = data
        elif isinstance(data, list):
            spec = {"corpus": "samples"}
        else:
            raise ValueError(f"[E301] {gold}: not a cluster gold (see recoupe.evaluate.cluster)")
    elif gold.is_dir():
        spec = {"corpus": "rpm2-dev", "path": str(gold)}
    else:
        return {"corpus": str(gold), "documents": 0, "missing": [str(gold)],
                "note": f"corpus missing: {gold} does not exist"}

    order: int | None = None
    if spec.get("labels"):
        articles, labels, missing = load_dated_events(spec, gold, corpus, options)
        if missing:
            return {"corpus": spec["corpus"], "documents": 0, "missing": missing[:5],
                    "note": f"corpus missing: {len(missing)} labelled pages not found (the shared "
                            "corpus is not on this machine?); nothing was scored"}
        name = spec["corpus"]
    elif spec["corpus"] == "samples":
        articles, labels = load_samples(gold, options)
        name = "samples"
    else:
        if "path" in spec:
            directory = Path(spec["path"])
        elif spec.get("base") == "shared":
            directory = corpus_root(gold, corpus) / spec["corpus"]
        else:
            directory = (gold.parent / spec.get("dir", spec["corpus"])).resolve()
        if not (directory / "documents").is_dir() and not any(directory.glob("T*_C*_*.txt")):
            return {"corpus": spec["corpus"], "documents": 0, "missing": [str(directory)],
                    "note": f"corpus missing: {directory} not found (the shared corpus is "
                            "not on this machine?); nothing was scored"}
        topics = spec.get("topics")
        order = int(spec.get("seed", 13)) if seed is None else int(seed)
        articles, labels = load_rpm2(directory, seed=order,
                                     topics=[str(t).zfill(2) for t in topics] if topics else None)
        name = spec["corpus"]

    start = time.perf_counter()
    if batch is None or batch >= len(articles):
        cluster_articles(articles, options, embedder=embedder)
    else:
        state: dict[str, Any] | None = None
        by_id = {a.id: a for a in articles}
        for i in range(0, len(articles), max(1, batch)):
            moved: dict[str, tuple[str, str, str, str]] = {}
            _, new_state = cluster_articles(articles[i:i + batch], options, state=state,
                                            embedder=embedder, moved=moved)
            for aid, (_, _, event, story) in moved.items():  # the settling window moved them
                by_id[aid].event, by_id[aid].story = event, story
            state = json.loads(json.dumps(new_state))
    seconds = time.perf_counter() - start
    ids = [a.id for a in articles if a.id in labels]
    by_id = {a.id: a for a in articles}
    pred_story = [by_id[i].story or f"none-{i}" for i in ids]
    pred_event = [by_id[i].event or f"none-{i}" for i in ids]
    gold_story = [labels[i][0] for i in ids]
    gold_event = [labels[i][1] for i in ids]
    # pages the gold says report no single event are clustered, not scored at event level
    scored = [k for k, i in enumerate(ids) if labels[i][1] != "none"]
    out: dict[str, Any] = {"corpus": name, "documents": len(ids)}
    out.update(clustering_metrics(pred_story, gold_story, "story"))
    out.update(clustering_metrics([pred_event[k] for k in scored], [gold_event[k] for k in scored],
                                  "event"))
    langs = [by_id[i].language for i in ids]
    if len({x for x in langs if x}) > 1:
        out["languages"] = dict(Counter(x or "?" for x in langs))
        out.update({f"event_{k}": v for k, v in cross_language_pairs(
            [pred_event[k] for k in scored], [gold_event[k] for k in scored],
            [langs[k] for k in scored]).items()})
    base = spec.get("baselines") or {}
    in_order = [by_id[i] for i in ids]
    if base:  # every page alone: what a sparse gold (most events one page) gives for free
        alone = [f"alone-{k}" for k in range(len(ids))]
        out.update(clustering_metrics([alone[k] for k in scored], [gold_event[k] for k in scored],
                                      "baseline_singletons_event"))
    for bname, fn in (("single_pass", single_pass), ("agglomerative", agglomerative)):
        if bname in base:
            pred = fn(in_order, float(base[bname]))
            out.update(clustering_metrics([pred[k] for k in scored], [gold_event[k] for k in scored],
                                          f"baseline_{bname}_event"))
            if "languages" in out:
                out.update({f"baseline_{bname}_event_{k}": v for k, v in cross_language_pairs(
                    [pred[k] for k in scored], [gold_event[k] for k in scored],
                    [langs[k] for k in scored]).items() if k != "cross_language_pairs_gold"})
    out.update({
        "stories_pred": len(set(pred_story)), "stories_gold": len(set(gold_story)),
        "events_pred": len(set(pred_event)), "events_gold": len(set(gold_event)),
        "flagged": sum(1 for a in articles if {"live_blog", "roundup"} & set(a.flags)),
        "seconds": round(seconds, 2), "batch": batch, "missing": [],
        "seed": order,
    })
    return out
