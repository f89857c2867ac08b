"""Agency-copy evidence: credits and citation cues for news agencies.

Patterns live in ``resources/wire.toml`` (agencies and their spellings; credit forms such
as "(AFP)", "[AFP]", "PÉKIN (AFP) -", "avec AFP"; per-language cues such as "a déclaré à
l'AFP", "selon Reuters", "told Reuters"). A credit on a line that also mentions a photo,
©, copyright... is a picture credit and is reported with kind ``"photo"``, which does not
count as evidence that the *text* comes from the agency.
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

from recoupe.model import Article

CREDIT = "credit"
CUE = "cue"
PHOTO = "photo"


@dataclass(slots=True, frozen=True)
class WireCue:
    """One mention of a news agency in an article."""

    agency: str
    #: "credit" (the text is agency copy), "cue" (one statement cites the agency) or
    #: "photo" (a picture credit, not evidence about the text)
    kind: str
    start: int
    end: int
    text: str


@dataclass(slots=True)
class _Compiled:
    credits: list[re.Pattern[str]]
    cues: dict[str, list[re.Pattern[str]]]
    spelling: dict[str, str]
    photo: re.Pattern[str]


@lru_cache(maxsize=1)
def _compiled() -> _Compiled:
    text = resources.files("recoupe.reuse").joinpath("resources", "wire.toml").read_text(
        encoding="utf-8")
    data = tomllib.loads(text)
    spelling: dict[str, str] = {}
    alts: list[str] = []
    for canon, forms in data["agencies"].items():
        for form in sorted(forms, key=len, reverse=True):
            spelling[form.lower()] = canon
            esc = re.escape(form).replace(r"\ ", r"\s+").replace(r"\-", "[- ]")
            # all-capital spellings are acronyms: case-sensitive, whole word
            alts.append(f"(?-i:{esc})" if form.isupper() else esc)
    agency = r"(?P<agency>\b(?:" + "|".join(alts) + r")\b)"

    def comp(patterns: list[str]) -> list[re.Pattern[str]]:
        return [re.compile(p.replace("{agency}", agency), re.IGNORECASE | re.MULTILINE)
                for p in patterns]

    photo = re.compile(r"(?:" + "|".join(re.escape(w) for w in data["photo"]["words"]) + r")",
                       re.IGNORECASE)
    return _Compiled(
        credits=comp(data["credits"]["patterns"]),
        cues={lang: comp(d["patterns"]) for lang, d in data["cues"].items()},
        spelling=spelling,
        photo=photo,
    )


def _canonical(spelled: str, spelling: dict[str, str]) -> str:
    key = re.sub(r"\s+", " ", spelled).lower()
    if key in spelling:
        return spelling[key]
    return spelling.get(key.replace("-", " "), spelled)


def find_wire_cues(text: str, language: str | None = None) -> list[WireCue]:
    """All agency credits and cues in ``text``, in text order, overlaps removed.

    Args:
        text: the article text (title included if wanted).
        language: selects the cue list ("fr", "en"); all lists when None or unknown.

    Returns:
        :class:`WireCue` items with offsets into ``text``.
    """
    c = _compiled()
    found: list[WireCue] = []
    langs = [language] if language in c.cues else list(c.cues)
    for kind, patterns in [(CREDIT, c.credits)] + [(CUE, c.cues[lg]) for lg in langs]:
        for pat in patterns:
            for m in pat.finditer(text):
                agency = _canonical(m.group("agency"), c.spelling)
                k = kind
                if kind == CREDIT:  # the agency's own line, not the one a "\n" opened
                    ls = text.rfind("\n", 0, m.start("agency")) + 1
                    le = text.find("\n", m.end())
                    line = text[ls: le if le >= 0 else len(text)]
                    if c.photo.search(line):
                        k = PHOTO
                found.append(WireCue(agency, k, m.start(), m.end(), m.group().strip()))
    found.sort(key=lambda w: (w.start, -(w.end - w.start)))
    out: list[WireCue] = []
    for w in found:
        if out and w.start < out[-1].end:
            continue
        out.append(w)
    return out


def article_cues(article: Article) -> list[WireCue]:
    """Wire cues of an article's text (offsets index ``article.text``), and the agency
    credits of its byline: a ``meta`` line the cleaning removed ("Par la rédaction avec
    AFP") or the author metadata, at offset -1 (they are in no text)."""
    found = find_wire_cues(article.text, article.language)
    bylines = [r.line for r in article.removed if r.reason == "meta"]
    if article.author:
        bylines.append(article.author)
    spelling = _compiled().spelling
    for line in bylines:
        m = _byline_credit().search(line.strip())
        if m and not _compiled().photo.search(line):
            found.append(WireCue(_canonical(m.group("agency"), spelling), CREDIT, -1, -1,
                                 line.strip()))
    return found


@lru_cache(maxsize=1)
def _byline_credit() -> re.Pattern[str]:
    """A byline line that credits an agency: "Par la rédaction avec AFP", "Par J. Dupont
    (avec AFP)", "Le Quotidien National avec AFP" (read only on the lines the cleaning
    removed as ``meta`` and in the author metadata, never in the body)."""
    forms = sorted(_compiled().spelling, key=len, reverse=True)
    agency = "(?P<agency>" + "|".join(re.escape(f).replace(r"\ ", r"\s+") for f in forms) + ")"
    return re.compile(r"^[^\n]{0,100}?\b(?:avec|with|et|and|\+)\s+(?:l['’]\s*)?" + agency
                      + r"\b\)?\s*\.?$", re.IGNORECASE)


def agency_named(name: str | None) -> str | None:
    """The agency an outlet name is ("afp", "Agence France-Presse" -> "AFP"), else None."""
    if not name:
        return None
    spelling = _compiled().spelling
    key = re.sub(r"\s+", " ", name.strip()).lower()
    return spelling.get(key) or spelling.get(key.replace("-", " "))


def agencies(cues: list[WireCue], kinds: tuple[str, ...] = (CREDIT, CUE)) -> set[str]:
    """Agencies named by cues of the given kinds (picture credits excluded by default)."""
    return {w.agency for w in cues if w.kind in kinds}
