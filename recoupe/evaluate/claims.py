"""``recoupe eval claims``: claim alignment and corroboration status against a gold.

Gold format (one JSON file per corpus, see ``eval/gold/claims/``)::

    {"name": "seeds", "base": "shared" | "repo", "outlet_one_source": false,
     "documents": {"000": "seeds/000_....txt", ...},        # optional short names
     "facts": [{"id": "S01", "status": "corroborated", "conflicts_with": [],
                "min_articles": 3,                           # optional
                "mentions": [["000", "snippet of the claim"], ...]}]}

A mention names a document (a short name of ``documents``, or a path relative to the base,
``path#N`` for the N-th record of a JSONL/feed file) and a snippet of the claim that states
the fact as its main content. The whole pipeline runs on the gold's documents (load,
cluster, NLP, reuse, claims); each snippet is mapped to the claim that covers it.

Metrics (flat, per gold ``name`` and pooled):

- ``pair_precision/recall/f1``: over pairs of mentions in different articles, "same" =
  same fact; predicted same = same claim group (an unmapped mention is in no group);
- ``status_accuracy``: per fact, the status of the group holding most of its mentions;
- ``conflict_recall``: gold conflicting fact pairs whose groups are linked as conflicts;
- ``min_articles_ok``: share of facts with ``min_articles`` whose main group has at
  least that many articles;
- ``mentions_found``: share of mentions mapped to a claim;
- ``multi_source_corroborated/possibly/single``: of the facts the gold says two or more
  independent sources state, the share whose main group is shown so;
- ``single_source_kept``: of the facts the gold says one source states, the share shown
  ``single_source`` (the cost of a looser ``possibly_corroborated``).
"""

from __future__ import annotations

import json
import os
import re
from collections import Counter
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

from recoupe.evaluate.common import corpus_root, repo_root
from recoupe.model import Article, Claim


class _Layered:
    """Options with a few ``claims.*`` keys set by the gold (e.g. its independence rule)."""

    def __init__(self, options: Any, overrides: dict[str, Any]) -> None:
        self.options = options
        self.overrides = overrides

    def get(self, key: str, default: Any = None) -> Any:
        if key in self.overrides:
            return self.overrides[key]
        return self.options.get(key, default) if self.options is not None else default


def _prf(tp: int, fp: int, fn: int) -> tuple[float, float, float]:
    p = tp / (tp + fp) if tp + fp else 0.0
    r = tp / (tp + fn) if tp + fn else 0.0
    f = 2 * p * r / (p + r) if p + r else 0.0
    return p, r, f


def run_pipeline(paths: list[str], options: Any) -> tuple[list[Article], list[Claim]]:
    """load → cluster → NLP → reuse → claims over ``paths`` (what the analyse command does)."""
    from recoupe.claims import build_claims
    from recoupe.cluster import cluster_articles
    from recoupe.config import Options
    from recoupe.nlp import analyze
    from recoupe.pipeline import load_articles
    from recoupe.reuse import find_reuse

    base = options.options if isinstance(options, _Layered) else options
    if base is None:
        base = Options.load(quiet=True)
    articles, _ = load_articles(paths, base)
    cluster_articles(articles, base)
    res = analyze(articles, base, groups={a.id: a.story or "" for a in articles})
    pairs = find_reuse(articles, base)
    return articles, build_claims(articles, pairs, res.quotes, options)


def _locate(text: str, snippet: str) -> int | None:
    """Start of ``snippet`` in ``text``, any run of spaces (no-break ones too) matching."""
    pattern = r"\s+".join(re.escape(w) for w in snippet.split())
    m = re.search(pattern, text)
    return m.start() if m else None


def _in_raw_file(path: str, snippet: str) -> bool:
    """Whether the gold's file itself holds ``snippet`` (it was then lost in cleaning)."""
    file_part = path.split("#")[0]
    try:
        raw = Path(file_part).read_text(encoding="utf-8-sig", errors="replace")
    except OSError:
        return False
    return _locate(raw.replace("\r\n", "\n").replace("\r", "\n"), snippet) is not None


def _source_file(source: str) -> str:
    """The file part of an article's source ("a.jsonl:2" and "feed.xml#1" -> the file)."""
    m = re.fullmatch(r"(.*?)[:#]\d+", source)
    return os.path.abspath(m.group(1) if m else source)


def _find_article(articles: list[Article], path: str, snippet: str
                  ) -> tuple[Article, int] | None:
    file_part = os.path.abspath(path.split("#")[0])
    for a in articles:
        if _source_file(a.source) == file_part:
            pos = _locate(a.text, snippet)
            if pos is not None:
                return a, pos
    return None


#: the simple baseline run beside recoupe: two mentions state the same fact when the word
#: TF-IDF cosine of their claims (unigrams + bigrams, fitted on the gold's claims) reaches
#: this; chosen on the development golds (eval/gold/claims), pairwise (no grouping)
BASELINE_THRESHOLD = 0.15


def _baseline_pairs(mapped: list[tuple[str, str, Claim | None]], claims: list[Claim]
                    ) -> dict[str, int]:
    """Mention-pair counts of the TF-IDF cosine baseline (see :data:`BASELINE_THRESHOLD`)."""
    from sklearn.feature_extraction.text import TfidfVectorizer

    counts = {"tp": 0, "fp": 0, "fn": 0}
    if not claims:
        return counts
    row = {c.id: k for k, c in enumerate(claims)}
    m = TfidfVectorizer(ngram_range=(1, 2), sublinear_tf=True).fit_transform([c.text for c in claims])
    for same, ca, cb, _fa, _fb in mention_pairs(mapped):
        pred = ca is not None and cb is not None and (
            ca.id == cb.id or float((m[row[ca.id]] @ m[row[cb.id]].T).toarray()[0, 0])
            >= BASELINE_THRESHOLD)
        counts["tp"] += same and pred
        counts["fp"] += pred and not same
        counts["fn"] += same and not pred
    return counts


Pipeline = Callable[[list[str], Any], tuple[list[Article], list[Claim]]]


def read_gold(gold_path: Path, corpus: str | Path | None = None
              ) -> tuple[dict[str, Any], Callable[[str], str], list[str]]:
    """A claim gold, the function giving a mention's document path (``file#record``) and
    the files the gold needs."""
    gold = json.loads(gold_path.read_text(encoding="utf-8"))
    base = (corpus_root(gold_path, corpus) if gold.get("base") == "shared"
            else repo_root(gold_path.parent))
    short = gold.get("documents", {})

    def path_of(doc: str) -> str:
        rel = short.get(doc, doc)
        file_part, _, rec = rel.partition("#")
        full = str(base / file_part)
        return f"{full}#{rec}" if rec else full

    files = sorted({path_of(d).split("#")[0] for f in gold["facts"] for d, _ in f["mentions"]})
    return gold, path_of, files


def mention_pairs(mapped: list[tuple[str, str, Claim | None]]
                  ) -> Iterator[tuple[bool, Claim | None, Claim | None, str, str]]:
    """Every pair of mentions in two different articles: (same fact, claim a, claim b,
    fact a, fact b)."""
    for x in range(len(mapped)):
        for y in range(x + 1, len(mapped)):
            fa, aa, ca = mapped[x]
            fb, ab, cb = mapped[y]
            if aa != ab:
                yield fa == fb, ca, cb, fa, fb


def evaluate_gold_file(gold_path: Path, options: Any = None,
                       corpus: str | Path | None = None,
                       pipeline: Pipeline | None = None) -> dict[str, Any]:
    """Score one gold file (see the module doc); ``documents`` = 0 when files are missing.

    ``pipeline(paths, options)`` replaces :func:`run_pipeline` (tests cache its runs).
    """
    gold, path_of, files = read_gold(Path(gold_path), corpus)
    missing = [f for f in files if not Path(f).is_file()]
    if missing:
        return {"documents": 0, "missing": missing}
    overrides = {"claims.outlet_one_source": bool(gold.get("outlet_one_source", False))}
    articles, claims = (pipeline or run_pipeline)(files, _Layered(options, overrides))
    by_article: dict[str, list[Claim]] = {}
    for c in claims:
        by_article.setdefault(c.article, []).append(c)
    groups: dict[str, list[Claim]] = {}
    for c in claims:
        groups.setdefault(c.group or c.id, []).append(c)

    # map mentions to claims
    mapped: list[tuple[str, str, Claim | None]] = []  # (fact, article id, claim)
    not_found: list[dict[str, str]] = []
    lost: list[dict[str, str]] = []  # in the file, removed by cleaning
    for f in gold["facts"]:
        for doc, snippet in f["mentions"]:
            found = _find_article(articles, path_of(doc), snippet)
            if found is None:
                if not _in_raw_file(path_of(doc), snippet):
                    raise ValueError(f"[V001] gold snippet not found in {doc}: {snippet!r}; "
                                     "fix the gold (the text may have changed)")
                # the file has it but cleaning removed it: a mention recoupe cannot group
                lost.append({"fact": f["id"], "doc": doc, "snippet": snippet})
                mapped.append((f["id"], f"lost:{doc}", None))
                continue
            art, pos = found
            claim = next((c for c in by_article.get(art.id, [])
                          if c.start <= pos < c.end or pos <= c.start < pos + len(snippet)),
                         None)
            if claim is None:
                not_found.append({"fact": f["id"], "doc": doc, "snippet": snippet})
            mapped.append((f["id"], art.id, claim))

    status_of = {f["id"]: f.get("status") for f in gold["facts"]}
    tp = fp = fn = 0
    errors: list[dict[str, Any]] = []
    for same_gold, ca, cb, fa, fb in mention_pairs(mapped):
        same_pred = ca is not None and cb is not None and ca.group == cb.group
        if same_gold and same_pred:
            tp += 1
        elif same_pred:
            fp += 1
            errors.append({"error": "merged", "facts": [fa, fb],
                           "texts": [ca.text[:100] if ca else "", cb.text[:100] if cb else ""]})
        elif same_gold:
            fn += 1
            errors.append({"error": "split", "facts": [fa, fb],
                           "texts": [ca.text[:100] if ca else None,
                                     cb.text[:100] if cb else None]})
    p, r, f1 = _prf(tp, fp, fn)
    baseline = _baseline_pairs(mapped, claims)

    # claims stating a fact that two or more independent outlets report: shown how?
    multi = Counter(c.status for fid, _, c in mapped
                    if c is not None and status_of.get(fid) == "corroborated")
    multi_n = sum(1 for fid, _, _c in mapped if status_of.get(fid) == "corroborated")

    main_group: dict[str, str | None] = {}
    for f in gold["facts"]:
        gids = Counter(c.group for fid, _, c in mapped if fid == f["id"] and c is not None)
        main_group[f["id"]] = gids.most_common(1)[0][0] if gids else None
    status_ok = status_n = 0
    min_ok = min_n = 0
    single_n = single_kept = 0
    for f in gold["facts"]:
        if not f["mentions"]:
            continue
        gid = main_group[f["id"]]
        status_n += 1
        pred = groups[gid][0].status if gid else None
        if f["status"] == "single_source" and gid:
            single_n += 1
            single_kept += pred == "single_source"
        if pred == f["status"]:
            status_ok += 1
        else:
            errors.append({"error": "status", "facts": [f["id"]], "gold": f["status"],
                           "pred": pred,
                           "sources": len(groups[gid][0].sources) if gid else 0,
                           "independent": groups[gid][0].independent_sources if gid else 0})
        if f.get("min_articles"):
            min_n += 1
            if gid and len(groups[gid][0].sources) >= int(f["min_articles"]):
                min_ok += 1
    conf_ok = conf_n = 0
    for f in gold["facts"]:
        for other in f.get("conflicts_with", []):
            ga, gb = main_group.get(f["id"]), main_group.get(other)
            if ga is None or gb is None or f["id"] > other:
                continue
            conf_n += 1
            if gb in (groups[ga][0].conflicts or []):
                conf_ok += 1
    n_mentions = len(mapped)
    return {
        "documents": len(articles),
        "claims": len(claims),
        "groups": len(groups),
        "pairs": {"tp": tp, "fp": fp, "fn": fn},
        "pair_precision": round(p, 4),
        "pair_recall": round(r, 4),
        "pair_f1": round(f1, 4),
        "status_accuracy": round(status_ok / status_n, 4) if status_n else 0.0,
        "multi_source_corroborated": round(multi["corroborated"] / multi_n, 4) if multi_n else 1.0,
        "multi_source_possibly": round(multi["possibly_corroborated"] / multi_n, 4) if multi_n else 0.0,
        "multi_source_single": round(multi["single_source"] / multi_n, 4) if multi_n else 0.0,
        "multi_counts": {"n": multi_n, **multi},
        "baseline_pairs": baseline,
        "baseline_pair_f1": round(_prf(baseline["tp"], baseline["fp"], baseline["fn"])[2], 4),
        "conflict_recall": round(conf_ok / conf_n, 4) if conf_n else 1.0,
        "min_articles_ok": round(min_ok / min_n, 4) if min_n else 1.0,
        "mentions_found": round(1 - (len(not_found) + len(lost)) / n_mentions, 4) if n_mentions else 0.0,
        "mentions_lost_in_cleaning": len(lost),
        "status_counts": {"ok": status_ok, "n": status_n},
        "single_counts": {"n": single_n, "kept": single_kept},
        "single_source_kept": round(single_kept / single_n, 4) if single_n else 1.0,
        "not_found": not_found,
        "lost": lost,
        "errors": errors,
    }


def evaluate_claims(gold: list[Path], options: Any = None,
                    corpus: str | Path | None = None,
                    pipeline: Pipeline | None = None) -> dict[str, Any]:
    """Score claim groups and statuses on gold files (or folders of ``*.json`` gold).

    Args:
        gold: gold JSON files or folders.
        options: a :class:`recoupe.config.Options` (None = defaults).
        corpus: root of ``base: "shared"`` documents (default ../shared/corpus).
        pipeline: replaces :func:`run_pipeline` (same signature), e.g. a cached run.

    Returns:
        Flat metrics: ``<name>_pair_precision``, ``<name>_pair_recall``,
        ``<name>_pair_f1``, ``<name>_status_accuracy``, ``<name>_conflict_recall``,
        ``<name>_min_articles_ok``, ``<name>_mentions_found`` per gold file, the pooled
        ``pair_precision``/``pair_recall``/``pair_f1``/``status_accuracy``,
        ``documents``, ``missing`` (files absent) and ``errors`` (for inspection).
    """
    files: list[Path] = []
    for g in gold:
        g = Path(g)
        files.extend(sorted(g.glob("*.json")) if g.is_dir() else [g])
    out: dict[str, Any] = {"documents": 0, "missing": [], "errors": []}
    tp = fp = fn = ok = n = 0
    btp = {"tp": 0, "fp": 0, "fn": 0}
    mc: Counter[str] = Counter()
    sc: Counter[str] = Counter()
    for gf in files:
        name = json.loads(gf.read_text(encoding="utf-8")).get("name", gf.stem)
        m = evaluate_gold_file(gf, options, corpus, pipeline)
        if not m["documents"]:
            out["missing"].extend(m.get("missing", []))
            continue
        out["documents"] += m["documents"]
        for k in ("pair_precision", "pair_recall", "pair_f1", "status_accuracy",
                  "conflict_recall", "min_articles_ok", "mentions_found", "claims", "groups",
                  "baseline_pair_f1", "multi_source_corroborated", "multi_source_possibly",
                  "multi_source_single", "single_source_kept"):
            out[f"{name}_{k}"] = m[k]
        out["errors"].extend({"gold": name, **e} for e in m["errors"])
        for k in ("tp", "fp", "fn"):
            btp[k] += m["baseline_pairs"][k]
        mc.update(m["multi_counts"])
        tp += m["pairs"]["tp"]
        fp += m["pairs"]["fp"]
        fn += m["pairs"]["fn"]
        ok += m["status_counts"]["ok"]
        n += m["status_counts"]["n"]
        sc.update(m["single_counts"])
    p, r, f1 = _prf(tp, fp, fn)
    out.update({"pair_precision": round(p, 4), "pair_recall": round(r, 4),
                "pair_f1": round(f1, 4),
                "status_accuracy": round(ok / n, 4) if n else 0.0,
                "baseline_pair_f1": round(_prf(btp["tp"], btp["fp"], btp["fn"])[2], 4),
                "multi_source_corroborated": round(mc["corroborated"] / mc["n"], 4) if mc["n"] else 1.0,
                "multi_source_possibly": round(mc["possibly_corroborated"] / mc["n"], 4) if mc["n"] else 0.0,
                "multi_source_single": round(mc["single_source"] / mc["n"], 4) if mc["n"] else 0.0,
                "single_source_kept": round(sc["kept"] / sc["n"], 4) if sc["n"] else 1.0})
    out["baseline_wins"] = out["baseline_pair_f1"] > out["pair_f1"]
    return out
