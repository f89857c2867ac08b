"""Write a :class:`Report` as JSON, Markdown and HTML; validate JSON against the schema."""

from __future__ import annotations

import json
import re
from collections import defaultdict
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import Any

from jinja2 import Environment, PackageLoader, select_autoescape

from recoupe.model import Report
from recoupe.web.labels import labels

_WORDS = re.compile(r"\w+")


@lru_cache(maxsize=1)
def load_schema() -> dict[str, Any]:
    """The JSON Schema of report.json (packaged with recoupe)."""
    text = resources.files("recoupe.report").joinpath("report.schema.json").read_text("utf-8")
    return dict(json.loads(text))


def validate_report(data: dict[str, Any]) -> list[str]:
    """Schema violations of a report dict, as readable messages (empty when valid)."""
    import jsonschema

    validator = jsonschema.Draft202012Validator(load_schema())
    return [
        f"{'/'.join(str(p) for p in err.absolute_path) or '(root)'}: {err.message}"
        for err in sorted(validator.iter_errors(data), key=lambda e: list(e.absolute_path))
    ]


def report_dict(report: Report) -> dict[str, Any]:
    """The report.json content: the records' dict form, internal sentence spans left out."""
    data = report.as_dict()
    for art in data["articles"]:
        art.pop("sentences", None)
    return data


def speaker_candidate(q: dict[str, Any]) -> str | None:
    """A withheld speaker in words: "Nadia Ferrandou (role, 0.67)" (the first of the
    quote's ``speaker_candidates``, how it was reached and how often that way is right), or
    None when the quote shows its speaker or has no candidate."""
    if q.get("speaker") or not q.get("speaker_candidates"):
        return None
    c = q["speaker_candidates"][0]
    score = c.get("score")
    how = ", ".join(x for x in (c.get("how"), f"{score:.2f}" if isinstance(score, float) else None) if x)
    return f"{c.get('name')} ({how})" if how else str(c.get("name"))


def quotes_by_speaker(quotes: list[dict[str, Any]]) -> list[tuple[str, list[dict[str, Any]]]]:
    """Quotes grouped by speaker, the same words reported by several articles told once.

    A quote nested inside another quote of the same article (a few quoted words inside
    a reported statement) is left out. Each entry: ``text``, ``kind``, ``cue``,
    ``articles`` (ids, in report order), ``candidate`` (a withheld speaker,
    :func:`speaker_candidate`). Speakers with most quotes first, unknown ("?") last.
    """
    spans: dict[str, list[tuple[int, int]]] = defaultdict(list)
    for q in quotes:
        spans[q["article"]].append((q["start"], q["end"]))
    grouped: dict[str, dict[str, dict[str, Any]]] = defaultdict(dict)
    for q in quotes:
        s, e = q["start"], q["end"]
        if any(a <= s and e <= b and (a, b) != (s, e) for a, b in spans[q["article"]]):
            continue
        key = " ".join(_WORDS.findall(q["text"].casefold()))
        entry = grouped[q.get("speaker") or "?"].setdefault(
            key, {"text": q["text"], "kind": q["kind"], "cue": q.get("cue"), "articles": [],
                  "candidate": speaker_candidate(q)})
        if q["article"] not in entry["articles"]:
            entry["articles"].append(q["article"])
    return sorted(((sp, list(g.values())) for sp, g in grouped.items()),
                  key=lambda kv: (kv[0] == "?", -len(kv[1]), kv[0]))


def segments(text: str, spans: list[tuple[int, int, str, str]]) -> list[tuple[str, str | None, str | None]]:
    """Cut ``text`` into (piece, anchor id, css class) around ``spans`` (start, end, id, class).

    Spans earlier in the list win over later ones they overlap, so callers list the most
    important first (cited summary passages, then claims, then quotes). The pieces are
    plain text, escaped by the template like any article text.
    """
    taken: list[tuple[int, int, str, str]] = []
    dropped: list[tuple[int, int, str, str]] = []
    for sp in spans:
        s, e = sp[0], sp[1]
        if not 0 <= s < e <= len(text):
            continue
        if all(e <= a or b <= s for a, b, _, _ in taken):
            taken.append(sp)
        else:
            dropped.append(sp)
    taken.sort()
    out: list[tuple[str, str | None, str | None]] = []
    placed: set[str] = set()
    pos = 0
    for s, e, anchor, cls in taken:
        if s > pos:
            out.append((text[pos:s], None, None))
        # a span hidden by this one keeps its anchor (an empty mark just before it), so a
        # link to it still lands on the passage
        for d in dropped:
            if d[0] < e and s < d[1] and d[2] not in placed:
                placed.add(d[2])
                out.append(("", d[2], "anchor"))
        out.append((text[s:e], anchor, cls))
        pos = e
    if pos < len(text):
        out.append((text[pos:], None, None))
    return out


def passage_id(article: str, start: int, end: int) -> str:
    """The anchor of a cited passage in the HTML report."""
    return f"p-{article}-{start}-{end}"


def _article_segments(data: dict[str, Any]) -> dict[str, list[tuple[str, str | None, str | None]]]:
    spans: dict[str, list[tuple[int, int, str, str]]] = defaultdict(list)
    for st in data.get("stories", []):
        for holder in [st, *st.get("events", [])]:
            for sent in holder.get("summary", []):
                if sent.get("article") and sent.get("start") is not None:
                    spans[sent["article"]].append(
                        (sent["start"], sent["end"], passage_id(sent["article"], sent["start"], sent["end"]),
                         "cited"))
    for c in data.get("claims", []):
        spans[c["article"]].append((c["start"], c["end"], f"claim-{c['id']}", f"claim {c['status']}"))
    for q in data.get("quotes", []):
        spans[q["article"]].append((q["start"], q["end"], f"quote-{q['id']}", "quote"))
    return {a["id"]: segments(a["text"], spans.get(a["id"], [])) for a in data["articles"]}


def source_label(article: dict[str, Any] | None, fallback: str) -> str:
    """How a citation names an article: its outlet, else its file name, else its id."""
    if article is None:
        return fallback
    if article.get("outlet"):
        return str(article["outlet"])
    name = str(article.get("source") or "").rstrip("/").split("/")[-1]
    m = re.fullmatch(r"(.*?)(?:\.\w+)?([:#]\d+)?", name)
    stem, item = (m.group(1), m.group(2) or "") if m else (name, "")
    return (stem[:24] + item) or fallback  # "articles.jsonl:3" -> "articles:3"


#: a claim's status reason (written in English by recoupe.claims) in French, phrase by phrase
_REASON_FR: tuple[tuple[re.Pattern[str], str], ...] = tuple((re.compile(a), b) for a, b in (
    (r"retracted: (.+?) corrected it on (\S+) ", r"retiré : \1 l'a corrigé le \2 "),
    (r"retracted: (.+?) corrected it ", r"retiré : \1 l'a corrigé "),
    (r"disagrees with (.+?) \(«", r"contredit \1 («"),
    (r"(^|; )disputed: «", r"\1contesté : «"),
    (r"; ([^;«»]+?) reports both$", r" ; \1 rapporte les deux versions"),
    (r"; ([^;«»]+?) report both$", r" ; \1 rapportent les deux versions"),
    (r"its other articles attribute it to the outlet that reported it \(«selon \.\.\.»\): no source of their own",
     "ses autres articles l'attribuent au média qui l'a rapportée (« selon ... ») : aucune source propre"),
    (r"» against «", "» contre «"),
    (r"on the day: (.+?) against ", r"sur le jour : \1 contre "),
    (r"the same words said by «(.+?)» here, by «(.+?)» there", r"les mêmes mots prêtés à «\1» ici, à «\2» là"),
    (r"their figures or dates", "leurs chiffres ou leurs dates"),
    (r"one denies what the other states \(denied by «(.+?)»\)", r"l'un dément ce que l'autre affirme (démenti par «\1»)"),
    (r"one denies what the other states", "l'un dément ce que l'autre affirme"),
    (r"aligned across sources with probability (\S+), under the (\S+) that calls it corroborated",
     r"alignée entre sources avec une probabilité de \1, sous le seuil de \2 qui la dit recoupée"),
    (r"another source may state it \(article (\S+), probability (\S+)\) but was not grouped with it",
     r"une autre source la rapporte peut-être (article \1, probabilité \2), sans avoir été regroupée avec elle"),
    (r"its other articles relay it \(a press review\): no source of their own",
     "ses autres articles la relaient (une revue de presse) : aucune source propre"),
    (r"its articles are copies of one text \(one reuse family or one outlet\)",
     "ses articles sont des copies d'un même texte (une famille de reprises ou un même média)"),
))


def reason_fr(reason: str | None) -> str:
    """A claim's status reason in French (the quoted words stay as written)."""
    out = reason or ""
    for pattern, repl in _REASON_FR:
        out = pattern.sub(repl, out)
    return out


def distinct_labels(articles: list[dict[str, Any]]) -> dict[str, str]:
    """Citation labels that tell an outlet's articles apart: "afp" alone when it has one
    article, else "afp 18/11" (its day), and "afp 18/11 #2" for a second one that day."""
    base = {a["id"]: source_label(a, a["id"]) for a in articles}
    count: dict[str, int] = defaultdict(int)
    for label in base.values():
        count[label] += 1
    out: dict[str, str] = {}
    seen: dict[str, int] = defaultdict(int)
    years = {str(a.get("published") or "")[:4] for a in articles if a.get("published")}
    for a in articles:
        label = base[a["id"]]
        if count[label] > 1:
            day = str(a.get("published") or "")[:10]
            label = f"{label} {day[8:10]}/{day[5:7]}" if len(day) == 10 else label
            if len(day) == 10 and len(years) > 1:
                label += f"/{day[2:4]}"  # "afp 18/11/23" and "afp 18/11/24" are two days
            seen[label] += 1
            if seen[label] > 1:
                label = f"{label} #{seen[label]}"
        out[a["id"]] = label
    return out


def _claim_counts(claims: list[dict[str, Any]]) -> list[tuple[str, int]]:
    """(status, number of claim groups) for a story's claims."""
    seen: dict[str, str] = {}
    for c in claims:
        seen.setdefault(c.get("group") or c["id"], c["status"])
    counts: dict[str, int] = defaultdict(int)
    for status in seen.values():
        counts[status] += 1
    return sorted(counts.items())


def _view(data: dict[str, Any]) -> dict[str, Any]:
    """Indexes the templates need (articles by id, quotes by speaker)."""
    by_id = {a["id"]: a for a in data["articles"]}
    claims = data.get("claims", [])
    claims_by_id = {c["id"]: c for c in claims}
    claims_by_story: dict[str, list[dict[str, Any]]] = defaultdict(list)
    groups: dict[str, dict[str, Any]] = {}
    for c in claims:
        claims_by_story[c.get("story") or ""].append(c)
        groups.setdefault(c.get("group") or c["id"], c)
    order = {"conflicting": 0, "corroborated": 1, "possibly_corroborated": 2, "single_source": 3}
    claim_groups = sorted(groups.values(),
                          key=lambda c: (order.get(c["status"], 3), -c["independent_sources"]))
    labels = distinct_labels(data["articles"])
    return {
        "r": data,
        "by_id": by_id,
        "quotes_by_speaker": quotes_by_speaker(data.get("quotes", [])),
        "claims_by_id": claims_by_id,
        "claims_by_story": claims_by_story,
        "claim_groups": claim_groups,
        "group_text": {g: c["text"] for g, c in groups.items()},
        "claim_counts": _claim_counts,
        "label": lambda aid: labels.get(aid) or source_label(by_id.get(aid), aid),
        "segments": _article_segments(data),
        "passage_id": passage_id,
    }


@lru_cache(maxsize=1)
def _env() -> Environment:
    env = Environment(
        loader=PackageLoader("recoupe.report", "templates"),
        # HTML is escaped; Markdown goes through the |md filter instead
        autoescape=select_autoescape(["html.j2"], default_for_string=True, default=False),
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.filters["short"] = lambda s, n=80: (s if len(s) <= n else s[: n - 1] + "…") if s else ""
    env.filters["md"] = _md_escape
    # "1 événement", "3 événements": the French HTML report agrees its nouns with the count
    env.filters["count"] = lambda n, one, many: f"{n} {one if n in (0, 1) else many}"
    env.filters["count_en"] = lambda n, one, many: f"{n} {one if n == 1 else many}"
    # claim statuses and marks in the web pages' French words (the JSON keeps the codes)
    env.filters["status_fr"] = lambda s: labels()["fr"].get(s, s)
    env.filters["why_fr"] = reason_fr
    env.globals["t"] = labels()["fr"]
    return env


def render_html(data: dict[str, Any]) -> str:
    """Self-contained HTML (inline CSS, no scripts from elsewhere); all text escaped."""
    return _env().get_template("report.html.j2").render(**_view(data))


def _md_escape(s: str | None) -> str:
    if not s:
        return ""
    for ch in ("\\", "`", "*", "_", "[", "]", "<", ">", "|", "#"):
        s = s.replace(ch, "\\" + ch)
    return s


def render_markdown(data: dict[str, Any]) -> str:
    """A readable Markdown report."""
    return _env().get_template("report.md.j2").render(**_view(data))


def write_reports(report: Report, outdir: str | Path, formats: tuple[str, ...] = ("json", "md", "html")) -> dict[str, Path]:
    """Write the chosen formats into ``outdir``; return their paths by format."""
    out = Path(outdir)
    out.mkdir(parents=True, exist_ok=True)
    data = report_dict(report)
    paths: dict[str, Path] = {}
    if "json" in formats:
        p = out / "report.json"
        p.write_text(json.dumps(data, ensure_ascii=False, indent=1), encoding="utf-8")
        paths["json"] = p
    if "md" in formats:
        p = out / "report.md"
        p.write_text(render_markdown(data), encoding="utf-8")
        paths["md"] = p
    if "html" in formats:
        p = out / "report.html"
        p.write_text(render_html(data), encoding="utf-8")
        paths["html"] = p
    return paths
