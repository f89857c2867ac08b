"""``recoupe eval quotes|dates|quantities GOLD``: the French analysis layer against gold.

Gold format (one JSON object per document, JSONL; see ``eval/gold/nlp/``):

* quotes: ``{"path", "base", "quotes": [{"text", "speaker", "kind"}]}`` - ``text`` is
  the quote without its quotation marks (a reported clause for ``kind: "indirect"``),
  ``speaker`` the named person or organisation it resolves to (null when anonymous);
  a text listed twice is its first then its second occurrence;
* dates: ``{"path", "base", "published", "dates": [{"text", "occurrence", "value",
  "granularity"}]}`` - ``value`` as in ``DateExpr`` ("2024-11-20", "2024-11-19/2024-11-20"
  for a night, "2024-08", "2024");
* quantities: ``{"path", "base", "quantities": [{"text", "occurrence", "value", "approx",
  "bound", "unit"}]}`` - ``text`` is the number with its modifier ("plus de 600"),
  ``unit`` the counted noun or null.

``occurrence`` is 1-based among the occurrences of ``text`` in the document, counted
with spaces of any kind collapsed and typographic quotes unified (see :func:`locate`).
``base: "shared"`` paths live under ``<repo>/../shared/corpus`` (or ``corpus`` /
``$RECOUPE_CORPUS``); ``base: "repo"`` paths are relative to the repository root. The
text scored is the file decoded as ``utf-8-sig`` with CRLF/CR turned into LF, uncleaned
(for RPM2, line 1 is the title). Documents whose file is missing are skipped and listed;
when all are missing the metrics are None with a ``note`` saying the corpus is missing.

Scoring:

* a predicted quote matches a gold quote when their spans overlap by at least 50 % of
  the longer one, one to one; ``speaker_accuracy`` is over matched quotes, of the rules'
  candidate (the shown speaker, or the first of ``speaker_candidates`` when the decision
  kept it back); ``speaker_shown_precision`` is over the quotes whose speaker is shown,
  ``speaker_coverage`` the share of matched quotes with a shown speaker. A speaker is right
  when it equals the gold one ignoring case, accents, articles and honorifics, or one's
  words contain the other's, one is the acronym of the other ("l'AMF", "Autorité des
  marchés financiers"), or the surnames (last words) agree; two nulls agree;
* a date or quantity is detected when a prediction overlaps the gold span; it is correct
  when, in addition, its value is the gold value. ``*_accuracy`` is correct / gold,
  ``*_recall`` detected / gold, ``*_precision`` predictions overlapping a gold span /
  predictions; approx, bound, unit and granularity are scored over detected items.

Every evaluator returns a flat dict: numbers (None when not measurable), ``note`` (str
or None), ``missing`` (paths of documents not found) and, only when ``examples`` > 0,
``examples`` (a list of error dicts for debugging).
"""

from __future__ import annotations

import json
import re
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from recoupe.config import Options
from recoupe.evaluate.common import corpus_root, resolve_doc
from recoupe.model import Article
from recoupe.nlp.entities import initials
from recoupe.nlp.textutil import fold

_STOP = frozenset(
    [
        "le", "la", "les", "l'", "un", "une", "des", "de", "du", "d'", "et", "au", "aux", "à",
        "a", "en", "the", "of", "m", "mme", "mlle", "mr", "dr",
    ]
)

GoldPaths = Path | str | list[Path] | list[str]
#: (gold entry, document text)
GoldDoc = tuple[dict[str, Any], str]


# --------------------------------------------------------------------------- gold reading


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
    gold: GoldPaths, kind: str, corpus: str | Path | None = None, select: str | None = None,
) -> tuple[list[GoldDoc], list[str]]:
    """Read the gold entries of one kind with their document text.

    Args:
        gold: JSONL files or folders (a folder's ``*<kind>*.jsonl`` files are read);
            entries without a ``kind`` list (another kind's gold) are ignored.
        kind: "quotes", "dates" or "quantities".
        corpus: where ``base: "shared"`` documents live.
        select: a regular expression; only documents whose path it matches (search).

    Returns:
        ``([(entry, text), ...], [missing document paths])``.
    """
    found: list[GoldDoc] = []
    missing: list[str] = []
    seen: set[str] = set()
    pattern = re.compile(select) if select else None
    for gfile in _gold_files(gold, kind):
        for line in gfile.read_text(encoding="utf-8").splitlines():
            if not line.strip():
                continue
            entry = json.loads(line)
            if kind not in entry or entry["path"] in seen:
                continue
            if pattern is not None and not pattern.search(entry["path"]):
                continue
            seen.add(entry["path"])
            path = resolve_doc(entry, gfile, corpus_root(gfile, corpus))
            if not path.is_file():
                missing.append(entry["path"])
                continue
            found.append((entry, read_document(path)))
    return found, missing


def _start(docs: list[GoldDoc], missing: list[str], keys: tuple[str, ...]) -> dict[str, Any]:
    """The metrics dict before scoring: counts, note, and the headline keys at None."""
    note = None
    if missing and not docs:
        note = f"corpus missing: {len(missing)} documents skipped"
    elif missing:
        note = f"{len(missing)} documents missing and skipped"
    out: dict[str, Any] = {"documents": len(docs), "missing": missing, "note": note}
    out.update(dict.fromkeys(keys))
    return out


def _context(text: str, span: tuple[int, int]) -> str:
    return text[max(0, span[0] - 30) : span[1] + 30].replace("\n", " ")


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

    The search runs with spaces collapsed (any kind) and typographic quotes unified.

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
    # always in the normalised text, so that occurrences count the same whatever space
    # (normal, no-break, narrow no-break) each one is written with
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


def _candidate(q: Any) -> str | None:
    """The speaker the rules proposed: shown, or the first candidate kept back."""
    if q.speaker is not None:
        return str(q.speaker)
    cands = getattr(q, "speaker_candidates", None) or []
    return cands[0]["name"] if cands else None


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
    if _acronym_for(pred, gold) or _acronym_for(gold, pred):
        return True
    return p[-1] == g[-1] and len(p[-1]) > 2


def _acronym_for(short: str, long: str) -> bool:
    """"l'AMF" names the "Autorité des marchés financiers" (initials of its main words)."""
    m = re.fullmatch(r"(?:(?:l['’]|la |le |les )\s*)?([A-Z][A-Z0-9&]{1,7})", short.strip(),
                     re.IGNORECASE)
    if m is None or not m.group(1).isupper():
        return False
    letters = initials(long)
    return len(letters) >= 2 and letters == m.group(1)


# --------------------------------------------------------------------------- quotes


def evaluate_quotes(
    gold: GoldPaths, options: Options | None = None, corpus: str | Path | None = None,
    select: str | None = None, examples: int = 0,
) -> dict[str, Any]:
    """Score quote spans and speakers against a gold.

    Args:
        gold: quotes JSONL files, or folders of ``*quotes*.jsonl`` files.
        options: run options (``[nlp]`` model...).
        corpus: where ``base: "shared"`` documents live.
        select: only the documents whose path matches this regular expression.
        examples: how many unmatched/wrong-speaker examples to include (for debugging).

    Returns:
        Flat metrics: ``quote_precision``, ``quote_recall``, ``quote_f1``,
        ``speaker_accuracy``, ``{direct,indirect}_{precision,recall,f1}`` (span and kind
        right), counts (``gold_quotes``, ``gold_quotes_with_speaker``,
        ``predicted_quotes``, ``matched``, ``unlocated``), ``documents``, ``missing``,
        ``note``.
    """
    from recoupe.nlp import analyze

    docs, missing = load_gold(gold, "quotes", corpus, select)
    out = _start(docs, missing, ("quote_precision", "quote_recall", "quote_f1", "speaker_accuracy"))
    if not docs:
        return out
    docs, raw_of = _cleaned(docs, options)
    articles = [Article(id=e["path"], source=e["path"], text=t) for e, t in docs]
    result = analyze(articles, options, groups={a.id: a.id for a in articles})
    by_article: dict[str, list[Any]] = {}
    for q in result.quotes:
        by_article.setdefault(q.article, []).append(q)
    count: Counter[str] = Counter()
    errors: list[dict[str, Any]] = []
    for entry, text in docs:
        preds = by_article.get(entry["path"], [])
        gspans: list[tuple[int, int]] = []
        gitems: list[dict[str, Any]] = []
        # occurrences are counted per text and kind: a reported clause wholly in quotation
        # marks is listed twice, indirect and direct, with the same text at the same place
        seen: Counter[tuple[str, str]] = Counter()
        raw = raw_of.get(entry["path"])
        for item in entry["quotes"]:
            key = (item["text"], item.get("kind", "direct"))
            seen[key] += 1
            span = locate(text, item["text"], seen[key])
            if span is None and raw is not None and locate(raw, item["text"], seen[key]):
                # in the page, not in what cleaning kept: a quote the product lost
                count["gold"] += 1
                count["lost_in_cleaning"] += 1
                count["with_speaker"] += bool(item.get("speaker"))
                count[f"gold_{item.get('kind', 'direct')}"] += 1
                errors.append({"doc": entry["path"], "missed": item["text"][:80],
                               "gold": item.get("speaker"), "kind": item.get("kind"),
                               "lost_in_cleaning": True})
                continue
            if span is None:
                count["unlocated"] += 1
                errors.append({"doc": entry["path"], "unlocated": item["text"][:80]})
                continue
            gspans.append(span)
            gitems.append(item)
            count["with_speaker"] += bool(item.get("speaker"))
            count[f"gold_{item.get('kind', 'direct')}"] += 1
        pairs = _match(gspans, [(q.start, q.end) for q in preds], 0.5)
        count["gold"] += len(gspans)
        count["pred"] += len(preds)
        count["matched"] += len(pairs)
        for q in preds:
            count[f"pred_{q.kind}"] += 1
        for gi, pi in pairs.items():
            item, q = gitems[gi], preds[pi]
            if item.get("kind", "direct") == q.kind:
                count[f"tp_{q.kind}"] += 1
            if q.speaker is not None:
                count["shown"] += 1
                count["shown_ok"] += speaker_match(q.speaker, item.get("speaker"))
            if speaker_match(_candidate(q), item.get("speaker")):
                count["speaker_ok"] += 1
            else:
                errors.append({"doc": entry["path"], "quote": item["text"][:80],
                               "gold": item.get("speaker"), "pred": q.speaker})
        errors.extend({"doc": entry["path"], "missed": item["text"][:80],
                       "gold": item.get("speaker"), "kind": item.get("kind")}
                      for gi, item in enumerate(gitems) if gi not in pairs)
        matched_p = set(pairs.values())
        errors.extend({"doc": entry["path"], "spurious": q.text[:80], "pred": q.speaker,
                       "kind": q.kind} for pi, q in enumerate(preds) if pi not in matched_p)
    prf = _prf(count["matched"], count["pred"], count["gold"])
    out.update({
        "gold_quotes": count["gold"], "gold_quotes_with_speaker": count["with_speaker"],
        "predicted_quotes": count["pred"], "matched": count["matched"],
        "unlocated": count["unlocated"], "lost_in_cleaning": count["lost_in_cleaning"],
        "quote_precision": prf["precision"], "quote_recall": prf["recall"],
        "quote_f1": prf["f1"], "speaker_accuracy": _ratio(count["speaker_ok"], count["matched"]),
        "speaker_shown_precision": _ratio(count["shown_ok"], count["shown"]),
        "speaker_coverage": _ratio(count["shown"], count["matched"]),
    })
    for kind in ("direct", "indirect"):
        kprf = _prf(count[f"tp_{kind}"], count[f"pred_{kind}"], count[f"gold_{kind}"])
        out.update({f"{kind}_{k}": v for k, v in kprf.items()})
        out[f"gold_{kind}"] = count[f"gold_{kind}"]
    if examples:
        out["examples"] = errors[:examples]
    return out


def _cleaned(docs: list[GoldDoc], options: Options | None
             ) -> tuple[list[GoldDoc], dict[str, str]]:
    """Documents whose gold entry says ``"clean": true`` (a page as scraped, annotated on
    its article only) are scored on what the product's cleaning keeps of them, as
    ``recoupe analyze`` would read them; returns the documents and their raw pages."""
    from recoupe.pipeline import clean_with

    opts = options or Options()
    out: list[GoldDoc] = []
    raw_of: dict[str, str] = {}
    for entry, text in docs:
        if entry.get("clean"):
            raw_of[entry["path"]] = text
            text = clean_with(text, opts).text
        out.append((entry, text))
    return out, raw_of


# --------------------------------------------------------------------------- dates, quantities


@dataclass
class _SpanScore:
    """Tallies of a span-and-value evaluation (dates, quantities)."""

    gold: int = 0
    predicted: int = 0
    #: predictions overlapping some gold span
    pred_hit: int = 0
    detected: int = 0
    correct: int = 0
    unlocated: int = 0
    #: attribute -> agreements over detected items
    agree: Counter[str] = field(default_factory=Counter)
    errors: list[dict[str, Any]] = field(default_factory=list)

    def metrics(self, prefix: str, plural: str) -> dict[str, Any]:
        """Flat metrics: ``<prefix>_accuracy|recall|precision``, ``gold_<plural>``,
        ``predicted_<plural>``, and one ``<attribute>_accuracy`` per scored attribute."""
        out: dict[str, Any] = {
            f"gold_{plural}": self.gold, f"predicted_{plural}": self.predicted,
            "detected": self.detected, "correct": self.correct, "unlocated": self.unlocated,
            f"{prefix}_accuracy": _ratio(self.correct, self.gold),
            f"{prefix}_recall": _ratio(self.detected, self.gold),
            f"{prefix}_precision": _ratio(self.pred_hit, self.predicted),
            "value_accuracy_detected": _ratio(self.correct, self.detected),
        }
        for attr, n in self.agree.items():
            out[f"{attr}_accuracy"] = _ratio(n, self.detected)
        return out


def _score_spans(
    docs: list[GoldDoc],
    field_name: str,
    predict: Callable[[dict[str, Any], str], list[Any]],
    same_value: Callable[[Any, Any], bool],
    attributes: dict[str, Callable[[Any, dict[str, Any]], bool]],
) -> _SpanScore:
    """Score predicted spans with values against located gold items.

    Args:
        docs: gold entries with their text.
        field_name: the entry's list of items ("dates", "quantities").
        predict: (entry, text) -> predictions with ``start``, ``end``, ``value``, ``text``.
        same_value: (predicted value, gold value) -> whether they agree.
        attributes: attribute name -> (prediction, gold item) -> agreement, scored over
            detected items on the prediction with the right value (else the first).

    Returns:
        The tallies, with error examples.
    """
    score = _SpanScore()
    score.agree.update(dict.fromkeys(attributes, 0))
    for entry, text in docs:
        located: list[tuple[tuple[int, int], dict[str, Any]]] = []
        for item in entry[field_name]:
            span = locate(text, item["text"], int(item.get("occurrence", 1)))
            if span is None:
                score.unlocated += 1
                score.errors.append({"doc": entry["path"], "unlocated": item["text"]})
            else:
                located.append((span, item))
        preds = predict(entry, text)
        score.predicted += len(preds)
        for p in preds:
            if any(_overlap((p.start, p.end), s) for s, _ in located):
                score.pred_hit += 1
            else:
                score.errors.append({"doc": entry["path"], "spurious": p.text,
                                     "pred": p.value})
        for span, item in located:
            score.gold += 1
            over = [p for p in preds if _overlap((p.start, p.end), span)]
            if not over:
                score.errors.append({"doc": entry["path"], "missed": item["text"],
                                     "gold": item.get("value"), "ctx": _context(text, span)})
                continue
            score.detected += 1
            good = [p for p in over if same_value(p.value, item.get("value"))]
            score.correct += bool(good)
            p = good[0] if good else over[0]
            wrong = [] if good else ["value"]
            for attr, agrees in attributes.items():
                if agrees(p, item):
                    score.agree[attr] += 1
                else:
                    wrong.append(attr)
            if wrong:
                score.errors.append({"doc": entry["path"], "text": item["text"], "wrong": wrong,
                                     "gold": item, "pred": p.as_dict()})
    return score


def evaluate_dates(
    gold: GoldPaths, options: Options | None = None, corpus: str | Path | None = None,
    select: str | None = None, examples: int = 0,
) -> dict[str, Any]:
    """Score time expressions (detection and resolved value) against a gold.

    Args:
        gold: dates JSONL files, or folders of ``*dates*.jsonl`` files.
        options: run options (unused: the date rules need no model).
        corpus: where ``base: "shared"`` documents live.
        select: only the documents whose path matches this regular expression.
        examples: how many errors to include (for debugging).

    Returns:
        Flat metrics: ``date_accuracy``, ``date_recall``, ``date_precision``,
        ``value_accuracy_detected``, ``granularity_accuracy``, counts (``gold_dates``,
        ``predicted_dates``, ``detected``, ``correct``, ``unlocated``), ``documents``,
        ``missing``, ``note``.
    """
    from recoupe.nlp.timex import resolve_dates

    docs, missing = load_gold(gold, "dates", corpus, select)
    out = _start(docs, missing, ("date_accuracy", "date_recall", "date_precision"))
    if not docs:
        return out
    score = _score_spans(
        docs, "dates",
        predict=lambda entry, text: list(resolve_dates(text, entry.get("published"))),
        same_value=lambda pred, gold_value: pred == gold_value,
        attributes={"granularity": lambda p, item: p.granularity == item.get("granularity")},
    )
    out.update(score.metrics("date", "dates"))
    if examples:
        out["examples"] = score.errors[:examples]
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
    gold: GoldPaths, options: Options | None = None, corpus: str | Path | None = None,
    select: str | None = None, examples: int = 0,
) -> dict[str, Any]:
    """Score quantities (detection, value, approximation, bound, unit) against a gold.

    Args:
        gold: quantities JSONL files, or folders of ``*quantities*.jsonl`` files.
        options: run options (unused: the quantity rules need no model).
        corpus: where ``base: "shared"`` documents live.
        select: only the documents whose path matches this regular expression.
        examples: how many errors to include (for debugging).

    Returns:
        Flat metrics: ``quantity_accuracy``, ``quantity_recall``, ``quantity_precision``,
        ``value_accuracy_detected``, ``approx_accuracy``, ``bound_accuracy``,
        ``unit_accuracy``, counts (``gold_quantities``, ``predicted_quantities``,
        ``detected``, ``correct``, ``unlocated``), ``documents``, ``missing``, ``note``.
    """
    from recoupe.nlp.quantities import extract_quantities
    from recoupe.nlp.timex import resolve_dates

    def predict(entry: dict[str, Any], text: str) -> list[Any]:
        spans = [(d.start, d.end) for d in resolve_dates(text, None)]
        return list(extract_quantities(text, exclude=spans))

    docs, missing = load_gold(gold, "quantities", corpus, select)
    out = _start(docs, missing, ("quantity_accuracy", "quantity_recall", "quantity_precision"))
    if not docs:
        return out
    score = _score_spans(
        docs, "quantities", predict=predict, same_value=_same_value,
        attributes={
            "approx": lambda p, item: bool(p.approx) == bool(item.get("approx")),
            "bound": lambda p, item: p.bound == item.get("bound"),
            "unit": lambda p, item: unit_match(p.unit, item.get("unit")),
        },
    )
    out.update(score.metrics("quantity", "quantities"))
    if examples:
        out["examples"] = score.errors[:examples]
    return out


def _same_value(pred: float | None, gold: Any) -> bool:
    if gold is None or pred is None:
        return gold is None and pred is None
    try:
        g = float(gold)
    except (TypeError, ValueError):
        return False
    return abs(pred - g) <= 1e-6 * max(1.0, abs(g))
