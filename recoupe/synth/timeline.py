"""Timelines: the dated facts of a story in date order, each citing every source.

A fact is a sentence (or a claim) holding a resolved date expression of day, night or
month granularity (``article.dates``, relative dates already resolved against the
publication date: "mercredi" in an article of Wednesday 20 November 2024 is
``2024-11-20``). The entry's date is the value of the first such expression in the
sentence. The same fact told by several articles (same date, similar sentence: embedding
cosine, or the same claim group, or near-identical wording) becomes one entry citing all
of them; the text shown is that of the best-supported telling, verbatim.

An entry whose date comes after the publication day of every article that tells it is
``upcoming``: the sources announced it ("d'ici au 20 janvier", "le vote aura lieu
mardi"), none reported it done. Reports mark it so that a reader does not take a
deadline for an event.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any, cast

import numpy as np

from recoupe.config import params_from
from recoupe.embed import Embedder, get_embedder
from recoupe.model import Article, Claim, DateExpr, TimelineEntry
from recoupe.synth.units import Unit, cite_near_identical, claim_units, disagree, sentence_units, time_order

#: granularities precise enough for a timeline
TIMELINE_GRANULARITIES = ("day", "night", "month")


@dataclass(slots=True)
class TimelineParams:
    """Timeline settings (``[synth]`` option keys of the same names)."""

    #: two tellings of one date are one fact from this cosine on
    timeline_cosine: float = 0.8
    #: at most this many facts per date (the best-supported ones)
    timeline_per_date: int = 8
    timeline_min_words: int = 5
    timeline_max_words: int = 70
    #: at most this many dated sentences are compared (the earliest in their articles)
    timeline_max_candidates: int = 2000

    @classmethod
    def from_options(cls, options: Any = None) -> TimelineParams:
        """Defaults overridden by ``synth.<name>`` options."""
        return cast(TimelineParams, params_from(cls, options, "synth"))


#: a date that names the story's incident in a complement rather than dates the sentence's
#: fact: "le bilan de la catastrophe de lundi s'élève à quatre morts" (told on Thursday) is
#: no fact of Monday; "l'explosion de lundi a fait trois morts" is
_RECALLED = re.compile(
    r"\b(?:bilan|victimes?|suites?|lendemain|surlendemain|enquête|origine|causes?|auteurs?|"
    r"responsables?|familles?|commémoration|hommage)\s+(?:de\s+la|de\s+l['’]|du|des|de)\s*"
    r"(?:catastrophe|drame|accident|attentat|effondrement|incendie|séisme|explosion|attaque|"
    r"crue|inondations?|tempête|naufrage|fusillade|collision|agression|meurtre|tragédie|"
    r"émeutes?|incident|éboulement|glissement\s+de\s+terrain|déraillement|crash)s?\s+"
    r"(?:de|du|d['’])\s*$", re.IGNORECASE)


def sentence_date(article: Article, start: int, end: int) -> DateExpr | None:
    """The first resolved day/night/month date expression inside ``[start, end)``, passing
    over a date that only names the incident ("la catastrophe de lundi")."""
    for d in sorted(article.dates, key=lambda d: d.start):
        if d.start >= start and d.end <= end and d.value and d.granularity in TIMELINE_GRANULARITIES:
            if _RECALLED.search(article.text[max(start, d.start - 40):d.start]):
                continue
            return d
    return None


def is_upcoming(date: str, published: list[str | None]) -> bool:
    """True when ``date`` (an ISO day, night "a/b" or month) starts after the publication
    day of every one of ``published`` (all known); False when one is unknown."""
    if not published or any(not p or len(p) < 10 for p in published):
        return False  # a source of unknown day (none, or a month only) may have told it after
    start = date.split("/")[0]
    width = len(start)  # "2025-01" compares with the publication's month
    return all(start > cast(str, p)[:width] for p in published)


def _similar(units: list[Unit], embedder: Embedder | None) -> np.ndarray:
    if embedder is not None:
        v = np.asarray(embedder.encode([u.text for u in units]), dtype=np.float32)
        return v @ v.T
    sets = [set(u.terms) for u in units]
    out = np.eye(len(units), dtype=np.float32)
    for i in range(len(units)):
        for j in range(i + 1, len(units)):
            inter = len(sets[i] & sets[j])
            union = len(sets[i] | sets[j]) or 1
            out[i, j] = out[j, i] = min(1.0, inter / union * 1.6)  # Jaccard 0.5 ~ cosine 0.8
    return out


def timeline(articles: list[Article], claims: list[Claim] | None = None, options: Any = None,
             embedder: Embedder | None = None) -> list[TimelineEntry]:
    """Dated facts of ``articles`` in date order, one entry per fact with all its sources.

    Args:
        articles: analysed articles (``sentences`` and ``dates`` filled).
        claims: claims of these articles (their group sources are cited); None = sentences.
        options: run options (``[synth]`` timeline keys, ``[embed]`` backend).
        embedder: sentence embedder; None = the configured one (lexical overlap when
            the backend is ``"none"``).

    Returns:
        Entries sorted by date, then by first telling (publication, position); ``date`` is
        the ISO value ("2024-11-20", "2024-11-19/2024-11-20" for a night, "2024-08").
    """
    if not articles:
        return []
    params = TimelineParams.from_options(options)
    ordered = time_order(articles)
    if claims is not None:
        units = claim_units(ordered, claims, params.timeline_min_words, params.timeline_max_words)
    else:
        units = sentence_units(ordered, params.timeline_min_words, params.timeline_max_words)
    dated: list[tuple[str, Unit]] = []
    for u in units:
        d = sentence_date(u.article, u.start, u.end)
        if d is not None and d.value:
            dated.append((d.value, u))
    if not dated:
        return []
    if len(dated) > params.timeline_max_candidates:
        # the earliest sentences of each article first (news put the facts first)
        dated = sorted(dated, key=lambda du: (du[1].position, du[1].order))[: params.timeline_max_candidates]
        dated.sort(key=lambda du: (du[1].order, du[1].start))
    if embedder is None:
        embedder = get_embedder(options)
    sims = _similar([u for _, u in dated], embedder)
    if claims is None:
        cite_near_identical([u for _, u in dated], sims=sims if embedder is not None else None,
                            cosine=params.timeline_cosine)

    # one fact = tellings of one date that are all close to each other (complete link:
    # "La Russie a revendiqué mercredi..." and "La Russie a abattu mercredi..." look alike
    # to an embedding, but a third telling must be close to both to join them)
    def same(i: int, j: int) -> bool:
        ui, uj = dated[i][1], dated[j][1]
        if disagree(ui, uj):
            return False  # "quatorze" / "vingt-trois hospitalisés": two facts, even in one group
        if ui.group is not None and ui.group == uj.group:
            return True
        if ui.article.id != uj.article.id and (uj.article.id in ui.sources or ui.article.id in uj.sources):
            return True
        return bool(sims[i, j] >= params.timeline_cosine)

    ranked = sorted(range(len(dated)), key=lambda i: (-len(dated[i][1].sources), dated[i][1].order,
                                                      dated[i][1].start))
    groups: list[list[int]] = []
    for i in ranked:
        home = next((g for g in groups if dated[g[0]][0] == dated[i][0] and all(same(i, j) for j in g)), None)
        if home is None:
            groups.append([i])
        else:
            home.append(i)
    facts = {g[0]: g for g in groups}
    published = {a.id: (a.published or "")[:10] or None for a in articles}

    entries: list[tuple[str, float, int, int, TimelineEntry]] = []
    for members in facts.values():
        sources: list[str] = []
        for i in sorted(members, key=lambda i: (dated[i][1].order, dated[i][1].start)):
            sources.extend(dated[i][1].sources)
        rank = {u.article.id: u.order for _, u in dated}
        sources = sorted(dict.fromkeys(sources), key=lambda s: rank.get(s, len(rank)))
        # shown: a telling that stands on its own (no anaphoric opening), best cited
        best = max(members, key=lambda i: (dated[i][1].penalty, len(dated[i][1].sources),
                                           dated[i][1].support, -dated[i][1].order, -dated[i][1].start))
        date, unit = dated[best]
        first = min(members, key=lambda i: (dated[i][1].order, dated[i][1].start))
        upcoming = is_upcoming(date, [published.get(s) for s in sources])
        entries.append((date, len(sources) + unit.penalty, dated[first][1].order, dated[first][1].start,
                        TimelineEntry(date=date, text=unit.text, sources=sources,
                                      upcoming=upcoming)))

    out: list[TimelineEntry] = []
    by_date: dict[str, list[tuple[str, float, int, int, TimelineEntry]]] = {}
    for e in entries:
        by_date.setdefault(e[0], []).append(e)
    for date in sorted(by_date):
        kept = sorted(by_date[date], key=lambda e: -e[1])[: params.timeline_per_date]
        out.extend(e[4] for e in sorted(kept, key=lambda e: (e[2], e[3])))
    return out
