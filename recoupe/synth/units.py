"""Summary candidates: the sentences (or claims) of a story, filtered and cited.

A :class:`Unit` is one span of one article that may be shown to a reader as is: its text
is always ``article.text[start:end]``, never rewritten. Units come from claims when the
claims stage has run (their sources are the claim group's articles), else from the
articles' sentences (their sources are the article plus every article holding a
near-identical sentence, found by a cheap lexical check).

Eligibility (:func:`eligibility`): a unit is excluded when it is too short or too long,
does not end like a sentence (headlines, intertitles, captions), is a question, starts
mid-sentence (a lower-case or dash fragment), is a quotation with no context (nothing
outside the quote marks), or matches a meta pattern ("Suivez notre direct", links, photo
credits). A unit opening on an anaphor ("Il", "Cette décision") or a connective ("Mais")
stays eligible with a penalty, so that it is chosen only where no better one exists.
Patterns are data: ``resources/<lang>.toml``.
"""

from __future__ import annotations

import re
import tomllib
from collections import defaultdict
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources
from typing import Any

import numpy as np

from recoupe.claims.extract import sentence_spans_of
from recoupe.cluster.lemmas import lemmas
from recoupe.model import RETRACTED, Article, Claim, Sentence
from recoupe.text import trimmed

_SENTENCE_END = re.compile(r"[.!…][\"»”’)\]\s]*$")
_QUESTION_END = re.compile(r"\?[\"»”’)\]\s]*$")
_OPEN_QUOTES = "«\"“"
_CLOSE_QUOTES = "»\"”"
_WORD = re.compile(r"\S+")


@dataclass(frozen=True, slots=True)
class Patterns:
    """Compiled sentence filters of one language."""

    meta: tuple[re.Pattern[str], ...]
    anaphor: tuple[re.Pattern[str], ...]
    connective: tuple[re.Pattern[str], ...]


@lru_cache(maxsize=4)
def patterns(lang: str = "fr") -> Patterns:
    """The packaged filters for ``lang`` (French when the language has no file)."""
    base = resources.files("recoupe.synth").joinpath("resources")
    name = f"{lang}.toml" if base.joinpath(f"{lang}.toml").is_file() else "fr.toml"
    data = tomllib.loads(base.joinpath(name).read_text(encoding="utf-8"))

    def comp(key: str) -> tuple[re.Pattern[str], ...]:
        return tuple(re.compile(p, re.IGNORECASE) for p in data.get(key, []))

    return Patterns(comp("meta"), comp("anaphor"), comp("connective"))


@dataclass(slots=True)
class Unit:
    """One candidate span: an article sentence or a claim."""

    article: Article
    #: rank of the article in time order (publication, then input order)
    order: int
    #: rank of the span inside its article (0 = lead sentence)
    position: int
    start: int
    end: int
    text: str
    words: int
    terms: list[str]
    sources: list[str]
    #: independent sources (claims) or articles telling the same sentence
    support: int = 1
    group: str | None = None
    #: multiplicative penalty (1.0 = none) for anaphoric or connective openings
    penalty: float = 1.0
    entities: set[str] = field(default_factory=set)


def word_count(text: str) -> int:
    """Words as a reader counts them (whitespace separated)."""
    return len(_WORD.findall(text))


def eligibility(text: str, min_words: int = 6, max_words: int = 60, lang: str = "fr") -> float:
    """How usable a span is as a summary sentence: 0 = excluded, else a penalty factor.

    Args:
        text: the span, stripped.
        min_words: shorter spans are excluded.
        max_words: longer spans are excluded.
        lang: language of the pattern file.

    Returns:
        0.0 when excluded, 1.0 for a clean sentence, less for an anaphoric (0.5) or
        connective (0.75) opening.
    """
    n = word_count(text)
    if n < min_words or n > max_words:
        return 0.0
    if _QUESTION_END.search(text) or not _SENTENCE_END.search(text):
        return 0.0
    first = text[0]
    if first.islower() or first in "-–—•,;:)]»”":
        return 0.0
    if first in _OPEN_QUOTES:
        # a quote with nothing outside the marks: no speaker, no context
        close = max(text.rfind(c) for c in _CLOSE_QUOTES)
        if close <= 0 or len(text) - close <= 3:
            return 0.0
    pats = patterns(lang)
    if any(p.search(text) for p in pats.meta):
        return 0.0
    if text.count("»") > text.count("«") or text.count("”") > text.count("“") + text.count('"'):
        return 0.0  # the end of a quotation whose start is in the sentence before: a fragment
    if any(p.search(text) for p in pats.anaphor):
        return 0.5
    if any(p.search(text) for p in pats.connective):
        return 0.75
    return 1.0


def time_order(articles: list[Article]) -> list[Article]:
    """Articles by publication time; undated ones keep their input order, after dated ones
    of the same rank (a stable sort on the published string, None last)."""
    return sorted(articles, key=lambda a: (a.published is None, a.published or ""))


def _entities_in(article: Article, start: int, end: int) -> set[str]:
    out: set[str] = set()
    for m in article.mentions:
        if m.start >= start and m.end <= end:
            out.add(m.entity or m.text.lower())
    return out


def sentences_of(article: Article) -> list[Sentence]:
    """The article's sentences: the NLP layer's, or, for an article it did not read (a
    language other than French), the claims' plain split at sentence ends and line breaks
    (:func:`~recoupe.claims.extract.sentence_spans_of`), so that a story told in German or
    Spanish still has a summary."""
    if article.sentences:
        return list(article.sentences)
    return [Sentence(start, end) for start, end in sentence_spans_of(article)]


def sentence_units(articles: list[Article], min_words: int = 6, max_words: int = 60,
                   keep_all: bool = False) -> list[Unit]:
    """Every sentence of ``articles`` as a unit (sources = its own article).

    Args:
        articles: analysed articles (``sentences`` filled), in time order.
        min_words: see :func:`eligibility`.
        max_words: see :func:`eligibility`.
        keep_all: keep ineligible sentences too (penalty 0), e.g. to describe what a
            given set of articles already says.
    """
    units: list[Unit] = []
    # a story the NLP layer read in part is summed up from what it read (its French
    # articles); a story it read none of (all German, all Spanish) from a plain split
    split = not any(a.sentences for a in articles)
    for order, a in enumerate(articles):
        lang = a.language or "fr"
        for pos, s in enumerate(sentences_of(a) if split else a.sentences):
            start, end = trimmed(a.text, s.start, s.end)
            if start >= end:
                continue
            text = a.text[start:end]
            factor = eligibility(text, min_words, max_words, lang)
            if factor == 0.0 and not keep_all:
                continue
            units.append(Unit(
                article=a, order=order, position=pos, start=start, end=end, text=text,
                words=word_count(text), terms=lemmas(text, a.language), sources=[a.id],
                penalty=factor, entities=_entities_in(a, start, end),
            ))
    return units


def claim_units(articles: list[Article], claims: list[Claim], min_words: int = 6,
                max_words: int = 60, clause_share: float = 0.6) -> list[Unit]:
    """Claims of ``articles`` as units: sources = the claim group's articles, support =
    its independent sources. Claims of articles not in ``articles`` are ignored, and so
    are claims their own outlet corrected (``retracted: ...``).

    A claim that is a clause rather than a sentence (no sentence end) is shown as its
    enclosing sentence when it makes up at least ``clause_share`` of that sentence's
    words (the sentence then says essentially the claim); otherwise it is left out, as
    a fragment would not read on its own."""
    order = {a.id: i for i, a in enumerate(articles)}
    by_id = {a.id: a for a in articles}
    positions: dict[str, list[int]] = {a.id: [s.start for s in sentences_of(a)] for a in articles}
    units: list[Unit] = []
    for c in claims:
        a = by_id.get(c.article)
        if a is None or (c.status_reason or "").startswith(RETRACTED):
            continue  # what its own outlet corrected is no summary nor timeline sentence
        start, end = trimmed(a.text, c.start, c.end)
        text = a.text[start:end]
        factor = eligibility(text, min_words, max_words, a.language or "fr")
        if factor == 0.0:
            sentence = next((x for x in sentences_of(a) if x.start <= start < x.end), None)
            if sentence is None:
                continue
            s_start, s_end = trimmed(a.text, sentence.start, sentence.end)
            if (s_start, s_end) == (start, end) or word_count(text) < clause_share * word_count(a.text[s_start:s_end]):
                continue
            start, end = s_start, s_end
            text = a.text[start:end]
            factor = eligibility(text, min_words, max_words, a.language or "fr")
            if factor == 0.0:
                continue
        pos = sum(1 for s in positions[a.id] if s <= start) - 1
        sources = list(dict.fromkeys([c.article, *c.sources]))
        units.append(Unit(
            article=a, order=order[a.id], position=max(pos, 0), start=start, end=end, text=text,
            words=word_count(text), terms=lemmas(text, a.language), sources=sources,
            support=max(1, c.independent_sources), group=c.group, penalty=factor,
            entities=_entities_in(a, start, end),
        ))
    return units


def _shingles(terms: list[str]) -> set[tuple[str, str]]:
    return set(zip(terms, terms[1:], strict=False))


def near_identical(units: list[Unit], threshold: float = 0.6, max_postings: int = 200) -> list[set[int]]:
    """For each unit, the other units (of other articles) telling nearly the same sentence.

    Two units are near-identical when the Jaccard similarity of their content-word
    bigram sets reaches ``threshold`` (agency copy, light rewrites). Candidates come from
    an inverted index of bigrams; a bigram found in more than ``max_postings`` units is
    too common to propose pairs.
    """
    shingles = [_shingles(u.terms) for u in units]
    index: dict[tuple[str, str], list[int]] = defaultdict(list)
    for i, sh in enumerate(shingles):
        for s in sh:
            index[s].append(i)
    out: list[set[int]] = [set() for _ in units]
    for i, sh in enumerate(shingles):
        if not sh:
            continue
        seen: set[int] = set()
        for s in sh:
            post = index[s]
            if len(post) > max_postings:
                continue
            seen.update(j for j in post if j > i)
        for j in seen:
            if units[j].article.id == units[i].article.id:
                continue
            other = shingles[j]
            inter = len(sh & other)
            if inter / (len(sh) + len(other) - inter) >= threshold:
                out[i].add(j)
                out[j].add(i)
    return out


def _figures(u: Unit) -> tuple[Any, ...]:
    return tuple(q for q in u.article.quantities if u.start <= q.start and q.end <= u.end)


def _days(u: Unit) -> set[str]:
    return {d.value for d in u.article.dates
            if u.start <= d.start and d.end <= u.end and d.value and d.granularity == "day"}


def disagree(u: Unit, v: Unit) -> bool:
    """Two alike sentences that cannot be one telling: their figures of one thing differ
    ("quatorze" / "vingt-trois personnes hospitalisées"), or they name different days
    ("mis en examen mercredi soir" / "jeudi soir"). Such a sentence never cites the other's
    article, and the two are never one timeline fact."""
    from recoupe.claims.compare import compare_figures

    fu, fv = _figures(u), _figures(v)
    if fu and fv and compare_figures(fu, fv) == "conflict":
        return True
    du, dv = _days(u), _days(v)
    return bool(du and dv and not du & dv)


def cite_near_identical(units: list[Unit], threshold: float = 0.6, sims: Any = None,
                        cosine: float = 0.85) -> None:
    """Add to each sentence unit the articles holding a near-identical sentence: lexical
    near-identity (:func:`near_identical`), or, when a similarity matrix of the units is
    given, a cosine of at least ``cosine`` (a close paraphrase); never one whose figures or
    days disagree (:func:`disagree`)."""
    close = near_identical(units, threshold)
    if sims is not None:
        for i, j in zip(*np.nonzero(np.triu(sims >= cosine, k=1)), strict=True):
            if units[i].article.id != units[j].article.id:
                close[int(i)].add(int(j))
                close[int(j)].add(int(i))
    for i, others in enumerate(close):
        others -= {j for j in others if disagree(units[i], units[j])}
        extra = [units[j].article.id for j in sorted(others, key=lambda j: units[j].order)]
        units[i].sources = list(dict.fromkeys([*units[i].sources, *extra]))
