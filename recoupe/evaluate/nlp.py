"""``recoupe eval quotes|dates|quantities GOLD``: the French analysis layer against gold.

Gold format (one JSON object per document, JSONL; see ``eval/gold/nlp/``):

* quotes: ``{"path", "base", "quotes": [{"text", "speaker", "kind"}]}``;
* dates: ``{"path", "base", "published", "dates": [{"text", "occurrence", "value",
  "granularity"}]}``;
* quantities: ``{"path", "base", "quantities": [{"text", "occurrence", "value", "approx",
  "bound", "unit"}]}``.

``base: "shared"`` paths live under ``<repo>/../shared/corpus`` (or ``corpus_root`` /
``$RECOUPE_CORPUS``); ``base: "repo"`` paths are relative to the repository root. The
text scored is the file decoded as ``utf-8-sig`` with CRLF/CR turned into LF, uncleaned
(for RPM2, line 1 is the title). Documents whose file is missing are skipped and listed;
when all are missing the metrics are None with a ``note`` saying the corpus is missing.

Scoring:

* a predicted quote matches a gold quote (located by string search, successive
  occurrences for repeated texts) when their spans overlap by at least 50 % of the
  longer one, one to one; ``speaker_accuracy`` is over matched quotes: the predicted
  speaker equals the gold one ignoring case, accents, articles and honorifics, or one's
  words contain the other's, or the surnames (last words) agree; two nulls agree;
* a date or quantity is detected when a prediction overlaps the gold span; it is correct
  when, in addition, its value is the gold value. ``*_accuracy`` is correct / gold,
  ``*_recall`` detected / gold, ``*_precision`` predictions overlapping a gold span /
  predictions; approx, bound, unit and granularity are scored over detected items.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from recoupe.config import Options
from recoupe.model import Article
from recoupe.nlp.textutil import fold

_STOP = frozenset(
    [
        "le", "la", "les", "l'", "un", "une", "des", "de", "du", "d'", "et", "au", "aux", "à",
        "a", "en", "the", "of", "m", "mme", "mlle", "mr", "dr",
    ]
)


# --------------------------------------------------------------------------- gold reading


def _repo_root(start: Path) -> Path:
    start = start.resolve()
    for p in [start, *start.parents]:
        if (p / "pyproject.toml").is_file():
            return p
    return start


GoldPaths = Path | str | list[Path] | list[str]


def _gold_files(gold: GoldPaths, kind: str) -> list[Path]:
    items = gold if isinstance(gold, list) else [gold]
    out: list[Path] = []
    for item in items:
        path = Path(item)
        if path.is_dir():
            out.extend(sorted(p for p in path.glob("*.jsonl") if kind in p.name))
        else:
            out.append(path)
    return out


def _corpus(gold_file: Path, corpus_root: str | Path | None) -> Path:
    import os

    if corpus_root:
        return Path(corpus_root)
    env = os.environ.get("RECOUPE_CORPUS")
    if env:
        return Path(env)
    return _repo_root(gold_file.parent).parent / "shared" / "corpus"


def read_document(path: Path) -> str:
    """The text a gold entry annotates: utf-8-sig, newlines normalised, nothing cleaned.

    Args:
        path: the document file.

    Returns:
        Its text.
    """
    text = path.read_bytes().decode("utf-8-sig")
    return text.replace("\r\n", "\n").replace("\r", "\n")


def load_gold(
    gold: GoldPaths, kind: str, corpus_root: str | Path | None = None
) -> tuple[list[tuple[dict[str, Any], str]], list[str]]:
    """Read gold entries with their document text.

    Args:
        gold: JSONL files or folders (a folder's ``*<kind>*.jsonl`` files are read).
        kind: "quotes", "dates" or "quantities".
        corpus_root: where ``base: "shared"`` documents live.

    Returns:
        ``([(entry, text), ...], [missing document paths])``.
    """
    found: list[tuple[dict[str, Any], str]] = []
    missing: list[str] = []
    seen: set[str] = set()
    for gfile in _gold_files(gold, kind):
        for line in gfile.read_text(encoding="utf-8").splitlines():
            if not line.strip():
                continue
            entry = json.loads(line)
            if entry["path"] in seen:
                continue
            seen.add(entry["path"])
            if entry.get("base") == "shared":
                path = _corpus(gfile, corpus_root) / entry["path"]
            else:
                path = _repo_root(gfile.parent) / entry["path"]
            if not path.is_file():
                missing.append(entry["path"])
                continue
            found.append((entry, read_document(path)))
    return found, missing


# --------------------------------------------------------------------------- spans


def _normalised(text: str) -> tuple[str, list[int]]:
    """Text with quotes/apostrophes unified and spaces collapsed, plus an offset map."""
    out: list[str] = []
    index: list[int] = []
    prev_space = False
    for i, ch in enumerate(text):
        if ch.isspace():
            if prev_space:
                continue
            ch = " "
            prev_space = True
        else:
            prev_space = False
            ch = {"’": "'", "‘": "'", "“": '"', "”": '"', "«": '"', "»": '"'}.get(ch, ch)
        out.append(ch)
        index.append(i)
    return "".join(out), index


def locate(text: str, needle: str, occurrence: int = 1) -> tuple[int, int] | None:
    """Span of the ``occurrence``-th occurrence of ``needle`` in ``text``.

    Exact search first, then with spaces collapsed and typographic quotes unified.

    Args:
        text: the document.
        needle: the annotated string.
        occurrence: 1-based occurrence.

    Returns:
        ``(start, end)`` or None when not found.
    """
    needle = needle.strip()
    if not needle:
        return None
    pos = -1
    for _ in range(max(1, occurrence)):
        pos = text.find(needle, pos + 1)
        if pos == -1:
            break
    if pos != -1:
        return pos, pos + len(needle)
    norm, index = _normalised(text)
    nneedle, _ = _normalised(needle)
    pos = -1
    for _ in range(max(1, occurrence)):
        pos = norm.find(nneedle, pos + 1)
        if pos == -1:
            return None
    return index[pos], index[pos + len(nneedle) - 1] + 1


def _overlap(a: tuple[int, int], b: tuple[int, int]) -> int:
    return max(0, min(a[1], b[1]) - max(a[0], b[0]))


def _match(gold: list[tuple[int, int]], pred: list[tuple[int, int]], min_ratio: float
           ) -> dict[int, int]:
    """One-to-one matching gold index -> pred index, best overlaps first."""
    pairs = []
    for gi, g in enumerate(gold):
        for pi, p in enumerate(pred):
            ov = _overlap(g, p)
            if ov <= 0:
                continue
            longer = max(g[1] - g[0], p[1] - p[0])
            if ov / longer >= min_ratio:
                pairs.append((ov / longer, gi, pi))
    pairs.sort(reverse=True)
    used_g: dict[int, int] = {}
    used_p: set[int] = set()
    for _, gi, pi in pairs:
        if gi in used_g or pi in used_p:
            continue
        used_g[gi] = pi
        used_p.add(pi)
    return used_g


def _prf(tp: int, n_pred: int, n_gold: int) -> dict[str, float | None]:
    p = tp / n_pred if n_pred else None
    r = tp / n_gold if n_gold else None
    f = 2 * p * r / (p + r) if p is not None and r is not None and p + r else (
        0.0 if p is not None and r is not None else None)
    return {"precision": p, "recall": r, "f1": f}


def _ratio(num: int, den: int) -> float | None:
    return num / den if den else None


# --------------------------------------------------------------------------- speakers


def _speaker_tokens(name: str) -> list[str]:
    words = re.findall(r"[\w]+", fold(name).replace("'", " "))
    return [w for w in words if w not in _STOP]


def speaker_match(pred: str | None, gold: str | None) -> bool:
    """Whether a predicted speaker names the gold speaker (see module docstring).

    Args:
        pred: predicted speaker or None.
        gold: gold speaker or None.

    Returns:
        True when they agree.
    """
    if not pred or not gold:
        return not pred and not gold
    p, g = _speaker_tokens(pred), _speaker_tokens(gold)
    if not p or not g:
        return fold(pred) == fold(gold)
    if p == g or set(p) <= set(g) or set(g) <= set(p):
        return True
    return p[-1] == g[-1] and len(p[-1]) > 2


# --------------------------------------------------------------------------- evaluations


def _missing_note(n_found: int, missing: list[str]) -> str | None:
    if missing and not n_found:
        return f"corpus missing: {len(missing)} documents skipped"
    if missing:
        return f"{len(missing)} documents missing and skipped"
    return None


def evaluate_quotes(
    gold: GoldPaths, options: Options | None = None, corpus_root: str | Path | None = None,
    examples: int = 0,
) -> dict[str, Any]:
    """Score quote spans and speakers against a gold.

    Args:
        gold: quotes JSONL files, or folders of ``*quotes*.jsonl`` files.
        options: run options (``[nlp]`` model...).
        corpus_root: where ``base: "shared"`` documents live.
        examples: how many unmatched/wrong-speaker examples to include (for debugging).

    Returns:
        Metrics: ``quote_precision``, ``quote_recall``, ``quote_f1``,
        ``speaker_accuracy``, ``by_kind``, counts, ``missing``, ``unlocated`` and
        ``note``.
    """
    from recoupe.nlp import analyze

    docs, missing = load_gold(gold, "quotes", corpus_root)
    out: dict[str, Any] = {
        "documents": len(docs), "missing": missing, "note": _missing_note(len(docs), missing),
        "quote_precision": None, "quote_recall": None, "quote_f1": None,
        "speaker_accuracy": None,
    }
    if not docs:
        return out
    articles = [Article(id=e["path"], source=e["path"], text=t) for e, t in docs]
    result = analyze(articles, options, groups={a.id: a.id for a in articles})
    by_article: dict[str, list[Any]] = {}
    for q in result.quotes:
        by_article.setdefault(q.article, []).append(q)
    n_gold = n_pred = matched = speaker_ok = with_speaker = 0
    kind_counts = {k: {"tp": 0, "gold": 0, "pred": 0} for k in ("direct", "indirect")}
    unlocated: list[str] = []
    misses: list[dict[str, Any]] = []
    for (entry, text), article in zip(docs, articles, strict=True):
        preds = by_article.get(article.id, [])
        gspans: list[tuple[int, int]] = []
        gitems: list[dict[str, Any]] = []
        seen: dict[str, int] = {}
        for item in entry.get("quotes", []):
            seen[item["text"]] = seen.get(item["text"], 0) + 1
            span = locate(text, item["text"], seen[item["text"]])
            if span is None:
                unlocated.append(f"{entry['path']}: {item['text'][:60]}")
                continue
            gspans.append(span)
            gitems.append(item)
            if item.get("speaker"):
                with_speaker += 1
        pspans = [(q.start, q.end) for q in preds]
        pairs = _match(gspans, pspans, 0.5)
        n_gold += len(gspans)
        n_pred += len(pspans)
        matched += len(pairs)
        for item in gitems:
            kind_counts.setdefault(item.get("kind", "direct"), {"tp": 0, "gold": 0, "pred": 0})
            kind_counts[item.get("kind", "direct")]["gold"] += 1
        for q in preds:
            kind_counts.setdefault(q.kind, {"tp": 0, "gold": 0, "pred": 0})["pred"] += 1
        for gi, pi in pairs.items():
            item, q = gitems[gi], preds[pi]
            if item.get("kind", "direct") == q.kind:
                kind_counts[q.kind]["tp"] += 1
            ok = speaker_match(q.speaker, item.get("speaker"))
            speaker_ok += ok
            if not ok and len(misses) < examples:
                misses.append({"doc": entry["path"], "quote": item["text"][:80],
                               "gold": item.get("speaker"), "pred": q.speaker})
        if examples:
            for gi, item in enumerate(gitems):
                if gi not in pairs and len(misses) < examples:
                    misses.append({"doc": entry["path"], "missed": item["text"][:80],
                                   "gold": item.get("speaker"), "kind": item.get("kind")})
            matched_p = set(pairs.values())
            for pi, q in enumerate(preds):
                if pi not in matched_p and len(misses) < examples:
                    misses.append({"doc": entry["path"], "spurious": q.text[:80],
                                   "pred": q.speaker, "kind": q.kind})
    prf = _prf(matched, n_pred, n_gold)
    out.update({
        "gold_quotes": n_gold, "gold_quotes_with_speaker": with_speaker,
        "predicted_quotes": n_pred, "matched": matched,
        "quote_precision": prf["precision"], "quote_recall": prf["recall"],
        "quote_f1": prf["f1"], "speaker_accuracy": _ratio(speaker_ok, matched),
        "by_kind": {k: _prf(v["tp"], v["pred"], v["gold"]) | {"gold": v["gold"]}
                    for k, v in kind_counts.items()},
        "unlocated": unlocated,
    })
    if examples:
        out["examples"] = misses
    return out


def _span_items(
    docs: Iterable[tuple[dict[str, Any], str]], field: str
) -> Iterable[tuple[dict[str, Any], str, list[tuple[tuple[int, int], dict[str, Any]]], list[str]]]:
    for entry, text in docs:
        located = []
        unlocated = []
        for item in entry.get(field, []):
            span = locate(text, item["text"], int(item.get("occurrence", 1)))
            if span is None:
                unlocated.append(f"{entry['path']}: {item['text']}")
                continue
            located.append((span, item))
        yield entry, text, located, unlocated


def evaluate_dates(
    gold: GoldPaths, options: Options | None = None, corpus_root: str | Path | None = None,
    examples: int = 0,
) -> dict[str, Any]:
    """Score time expressions (detection and resolved value) against a gold.

    Args:
        gold: dates JSONL files, or folders of ``*dates*.jsonl`` files.
        options: run options (unused: the date rules need no model).
        corpus_root: where ``base: "shared"`` documents live.
        examples: how many errors to include (for debugging).

    Returns:
        Metrics: ``date_accuracy``, ``date_recall``, ``date_precision``,
        ``value_accuracy_detected``, ``granularity_accuracy``, counts, ``note``.
    """
    from recoupe.nlp.timex import resolve_dates

    docs, missing = load_gold(gold, "dates", corpus_root)
    out: dict[str, Any] = {
        "documents": len(docs), "missing": missing, "note": _missing_note(len(docs), missing),
        "date_accuracy": None, "date_recall": None, "date_precision": None,
    }
    if not docs:
        return out
    n_gold = detected = correct = gran_ok = n_pred = pred_hit = 0
    unlocated: list[str] = []
    errors: list[dict[str, Any]] = []
    for entry, text, located, unloc in _span_items(docs, "dates"):
        unlocated.extend(unloc)
        preds = resolve_dates(text, entry.get("published"))
        n_pred += len(preds)
        pred_hit += sum(1 for p in preds if any(_overlap((p.start, p.end), s) for s, _ in located))
        for span, item in located:
            n_gold += 1
            over = [p for p in preds if _overlap((p.start, p.end), span)]
            if not over:
                if len(errors) < examples:
                    errors.append({"doc": entry["path"], "missed": item["text"],
                                   "value": item["value"]})
                continue
            detected += 1
            good = [p for p in over if p.value == item["value"]]
            if good:
                correct += 1
                gran_ok += good[0].granularity == item.get("granularity")
            else:
                gran_ok += over[0].granularity == item.get("granularity")
                if len(errors) < examples:
                    errors.append({"doc": entry["path"], "text": item["text"],
                                   "gold": item["value"], "pred": [p.value for p in over],
                                   "pred_text": [p.text for p in over]})
        if examples:
            for p in preds:
                if not any(_overlap((p.start, p.end), s) for s, _ in located) and \
                        len(errors) < examples:
                    errors.append({"doc": entry["path"], "spurious": p.text, "pred": p.value})
    out.update({
        "gold_dates": n_gold, "predicted_dates": n_pred, "detected": detected,
        "correct": correct,
        "date_accuracy": _ratio(correct, n_gold), "date_recall": _ratio(detected, n_gold),
        "date_precision": _ratio(pred_hit, n_pred),
        "value_accuracy_detected": _ratio(correct, detected),
        "granularity_accuracy": _ratio(gran_ok, detected), "unlocated": unlocated,
    })
    if examples:
        out["examples"] = errors
    return out


def unit_match(pred: str | None, gold: str | None) -> bool:
    """Whether two counted nouns agree on their head word (singular/plural ignored).

    Args:
        pred: predicted unit.
        gold: gold unit.

    Returns:
        True when both are None or their first words agree.
    """
    if not pred or not gold:
        return not pred and not gold

    def head(u: str) -> str:
        word = fold(u).split()[0] if fold(u).split() else ""
        word = {"€": "euros", "$": "dollars", "pourcent": "%", "pour": "%"}.get(word, word)
        return re.sub(r"(?:s|x)$", "", word) if len(word) > 3 else word

    return head(pred) == head(gold)


def evaluate_quantities(
    gold: GoldPaths, options: Options | None = None, corpus_root: str | Path | None = None,
    examples: int = 0,
) -> dict[str, Any]:
    """Score quantities (detection, value, approximation, bound, unit) against a gold.

    Args:
        gold: quantities JSONL files, or folders of ``*quantities*.jsonl`` files.
        options: run options (unused: the quantity rules need no model).
        corpus_root: where ``base: "shared"`` documents live.
        examples: how many errors to include (for debugging).

    Returns:
        Metrics: ``quantity_accuracy``, ``quantity_recall``, ``quantity_precision``,
        ``approx_accuracy``, ``bound_accuracy``, ``unit_accuracy``, counts, ``note``.
    """
    from recoupe.nlp.quantities import extract_quantities
    from recoupe.nlp.timex import resolve_dates

    docs, missing = load_gold(gold, "quantities", corpus_root)
    out: dict[str, Any] = {
        "documents": len(docs), "missing": missing, "note": _missing_note(len(docs), missing),
        "quantity_accuracy": None, "quantity_recall": None, "quantity_precision": None,
    }
    if not docs:
        return out
    n_gold = detected = correct = approx_ok = bound_ok = unit_ok = n_pred = pred_hit = 0
    unlocated: list[str] = []
    errors: list[dict[str, Any]] = []
    for entry, text, located, unloc in _span_items(docs, "quantities"):
        unlocated.extend(unloc)
        spans = [(d.start, d.end) for d in resolve_dates(text, None)]
        preds = extract_quantities(text, exclude=spans)
        n_pred += len(preds)
        pred_hit += sum(1 for p in preds if any(_overlap((p.start, p.end), s) for s, _ in located))
        for span, item in located:
            n_gold += 1
            over = [p for p in preds if _overlap((p.start, p.end), span)]
            if not over:
                if len(errors) < examples:
                    errors.append({"doc": entry["path"], "missed": item["text"],
                                   "unit": item.get("unit"), "ctx": _context(text, span)})
                continue
            detected += 1
            value = item.get("value")
            good = [p for p in over if _same_value(p.value, value)]
            p = good[0] if good else over[0]
            correct += bool(good)
            approx_ok += bool(p.approx) == bool(item.get("approx"))
            bound_ok += p.bound == item.get("bound")
            u_ok = unit_match(p.unit, item.get("unit"))
            unit_ok += u_ok
            if (not good or p.bound != item.get("bound") or not u_ok
                    or bool(p.approx) != bool(item.get("approx"))) and len(errors) < examples:
                errors.append({"doc": entry["path"], "text": item["text"], "gold": item,
                               "pred": p.as_dict()})
        if examples:
            for p in preds:
                if not any(_overlap((p.start, p.end), s) for s, _ in located) and \
                        len(errors) < examples:
                    errors.append({"doc": entry["path"], "spurious": p.text, "value": p.value})
    out.update({
        "gold_quantities": n_gold, "predicted_quantities": n_pred, "detected": detected,
        "correct": correct,
        "quantity_accuracy": _ratio(correct, n_gold), "quantity_recall": _ratio(detected, n_gold),
        "quantity_precision": _ratio(pred_hit, n_pred),
        "value_accuracy_detected": _ratio(correct, detected),
        "approx_accuracy": _ratio(approx_ok, detected), "bound_accuracy": _ratio(bound_ok, detected),
        "unit_accuracy": _ratio(unit_ok, detected), "unlocated": unlocated,
    })
    if examples:
        out["examples"] = errors
    return out


def _context(text: str, span: tuple[int, int]) -> str:
    return text[max(0, span[0] - 30) : span[1] + 30].replace("\n", " ")


def _same_value(pred: float | None, gold: Any) -> bool:
    if gold is None or pred is None:
        return gold is None and pred is None
    try:
        g = float(gold)
    except (TypeError, ValueError):
        return False
    return abs(pred - g) <= 1e-6 * max(1.0, abs(g))
