"""Passage alignment between two texts: the spans they share, with offsets in both.

Both texts are cut into sentence-like units (:func:`recoupe.reuse.tokens.sentence_spans`)
and tokenised with offsets. A unit of one text is compared only with the units of the
other that share at least ``min_shared`` word trigrams (an inverted index, so the cost
follows the number of real candidates, not the product of the sizes). A candidate pair
is scored with the normalised LCS similarity of the folded token sequences
(``rapidfuzz.distance.Indel``): 1.0 for a verbatim copy, about 0.6–0.8 for a light
rewrite that keeps most words in order ("Volodymyr Zelensky a mis en garde mardi
contre..." / "Le président ukrainien a mis en garde contre..."). Pairs at or above
``min_similarity`` are accepted greedily, best first, one-to-one; each accepted pair is
trimmed to its first and last matching runs, and pairs that follow each other in both
texts are merged into one passage.

Quoted speech is not reuse: two outlets quoting the same statement corroborate it. Words
inside quotation marks (« », “ ”, "…") are therefore left out of the comparison, and a
unit left with fewer than ``min_tokens`` words is ignored.

Suppressed before matching: units with fewer than ``min_tokens`` words, stock phrases and
debris (``resources/stock_<lang>.txt``: "Suivez notre direct", "Cet événement est en
cours de développement...", "avec AFP"...), and any unit whose folded text the caller
marks as boilerplate (e.g. a line that recurs across one outlet's articles).

Overlap measures: characters covered by the passages in each text, and the share of each
text they represent.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Collection
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources

from rapidfuzz.distance import Indel

from recoupe.model import Passage
from recoupe.reuse.tokens import Token, sentence_spans, tokenize

_QUOTES = re.compile(r"«[^»]{3,1500}»|“[^”]{3,1500}”|\"[^\"\n]{3,1500}\"")


def quote_spans(text: str) -> list[tuple[int, int]]:
    """Spans of quoted speech (« », “ ”, straight double quotes) in ``text``."""
    return [m.span() for m in _QUOTES.finditer(text)]


def _outside(tokens: list[Token], spans: list[tuple[int, int]]) -> list[Token]:
    if not spans:
        return tokens
    starts = [s for s, _ in spans]
    out = []
    for t in tokens:
        k = bisect_right(starts, t.start) - 1
        if k >= 0 and t.end <= spans[k][1]:
            continue
        out.append(t)
    return out


@dataclass(slots=True)
class Unit:
    """A sentence-like unit of a text with its tokens."""

    index: int
    start: int
    end: int
    tokens: list[Token]

    @property
    def norm(self) -> str:
        return " ".join(t.norm for t in self.tokens)


@dataclass(slots=True)
class AlignedPair:
    """Two aligned units (trimmed offsets) and their similarity."""

    a: tuple[int, int]
    b: tuple[int, int]
    ia: int
    ib: int
    similarity: float


@dataclass(slots=True)
class Alignment:
    """The passages two texts share and how much of each they cover."""

    passages: list[Passage] = field(default_factory=list)
    pairs: list[AlignedPair] = field(default_factory=list)
    chars_a: int = 0
    chars_b: int = 0
    share_a: float = 0.0
    share_b: float = 0.0
    #: mean unit similarity weighted by length (1.0 = verbatim copy)
    similarity: float = 0.0

    @property
    def shared_chars(self) -> int:
        """Characters shared, counted on the shorter side."""
        return min(self.chars_a, self.chars_b)


@lru_cache(maxsize=8)
def stock_phrases(language: str | None = None) -> tuple[str, ...]:
    """Folded stock phrases for ``language`` (French and English lists when None)."""
    langs = [language] if language in ("fr", "en") else ["fr", "en"]
    out: list[str] = []
    base = resources.files("recoupe.reuse").joinpath("resources")
    for lang in langs:
        text = base.joinpath(f"stock_{lang}.txt").read_text(encoding="utf-8")
        out.extend(ln.strip() for ln in text.splitlines()
                   if ln.strip() and not ln.startswith("#"))
    return tuple(sorted(set(out), key=len, reverse=True))


def is_stock(norm: str, phrases: Collection[str]) -> bool:
    """True when a unit's folded text starts with a stock phrase and is not much longer."""
    return any(norm.startswith(p) and len(norm) <= 2 * len(p) for p in phrases)


def units(text: str, min_tokens: int = 6, phrases: Collection[str] = (),
          boilerplate: Collection[str] = ()) -> list[Unit]:
    """The alignable units of ``text``.

    Short, stock and boilerplate units are dropped, and words inside quotation marks are
    left out of each unit's tokens.
    """
    quotes = quote_spans(text)
    out: list[Unit] = []
    for start, end in sentence_spans(text):
        toks = tokenize(text[start:end], offset=start)
        if len(toks) < min_tokens:
            continue
        norm = " ".join(t.norm for t in toks)
        if is_stock(norm, phrases) or norm in boilerplate:
            continue
        toks = _outside(toks, quotes)
        if len(toks) < min_tokens:
            continue
        out.append(Unit(len(out), start, end, toks))
    return out


def _trigrams(u: Unit) -> set[tuple[str, ...]]:
    ws = [t.norm for t in u.tokens]
    return {tuple(ws[i:i + 3]) for i in range(len(ws) - 2)}


def _trim(ua: Unit, ub: Unit) -> tuple[tuple[int, int], tuple[int, int]]:
    """Offsets of the matched region: first to last run of >= 2 equal tokens."""
    wa = [t.norm for t in ua.tokens]
    wb = [t.norm for t in ub.tokens]
    runs = [op for op in Indel.opcodes(wa, wb)
            if op.tag == "equal" and op.src_end - op.src_start >= 2]
    if not runs:
        return (ua.start, ua.end), (ub.start, ub.end)
    first, last = runs[0], runs[-1]
    a = (ua.tokens[first.src_start].start, ua.tokens[last.src_end - 1].end)
    b = (ub.tokens[first.dest_start].start, ub.tokens[last.dest_end - 1].end)
    return a, b


def align(
    text_a: str,
    text_b: str,
    min_similarity: float = 0.5,
    min_tokens: int = 6,
    min_shared: int = 2,
    language: str | None = None,
    boilerplate: Collection[str] = (),
    units_a: list[Unit] | None = None,
    units_b: list[Unit] | None = None,
) -> Alignment:
    """Find the passages ``text_a`` and ``text_b`` share.

    Args:
        text_a: first text (offsets in ``Passage.a`` index it).
        text_b: second text (offsets in ``Passage.b``).
        min_similarity: LCS similarity a unit pair needs (0.5 keeps light rewrites).
        min_tokens: shorter units are ignored (headline fragments, labels).
        min_shared: word trigrams two units must share to be compared at all.
        language: selects the stock-phrase list (both lists when None).
        boilerplate: folded unit texts to ignore (recurring lines of an outlet).
        units_a: precomputed units of ``text_a`` (from :func:`units`), to save work
            when one text is aligned with many others.
        units_b: likewise for ``text_b``.

    Returns:
        The :class:`Alignment` (empty when nothing is shared).
    """
    phrases = stock_phrases(language)
    ua = units_a if units_a is not None else units(text_a, min_tokens, phrases, boilerplate)
    ub = units_b if units_b is not None else units(text_b, min_tokens, phrases, boilerplate)
    if not ua or not ub:
        return Alignment()
    index: dict[tuple[str, ...], list[int]] = {}
    for u in ub:
        for g in _trigrams(u):
            index.setdefault(g, []).append(u.index)
    scored: list[tuple[float, int, int]] = []
    for u in ua:
        counts: dict[int, int] = {}
        for g in _trigrams(u):
            for j in index.get(g, ()):
                counts[j] = counts.get(j, 0) + 1
        wa = [t.norm for t in u.tokens]
        for j, c in counts.items():
            if c < min_shared:
                continue
            sim = Indel.normalized_similarity(wa, [t.norm for t in ub[j].tokens])
            if sim >= min_similarity:
                scored.append((sim, u.index, j))
    scored.sort(key=lambda x: (-x[0], x[1], x[2]))
    used_a: set[int] = set()
    used_b: set[int] = set()
    pairs: list[AlignedPair] = []
    for sim, i, j in scored:
        if i in used_a or j in used_b:
            continue
        used_a.add(i)
        used_b.add(j)
        a, b = _trim(ua[i], ub[j])
        pairs.append(AlignedPair(a, b, i, j, sim))
    return merge_pairs(pairs, text_a, text_b)


def merge_pairs(pairs: list[AlignedPair], text_a: str, text_b: str) -> Alignment:
    """Merge consecutive pairs into passages and compute the overlap measures."""
    if not pairs:
        return Alignment()
    pairs.sort(key=lambda p: (p.ia, p.ib))
    passages: list[Passage] = []
    cur: list[int] | None = None
    last: AlignedPair | None = None
    for p in pairs:
        if cur is not None and last is not None and p.ia == last.ia + 1 and p.ib == last.ib + 1:
            cur[1] = max(cur[1], p.a[1])
            cur[3] = max(cur[3], p.b[1])
        else:
            if cur is not None:
                passages.append(Passage(a=[cur[0], cur[1]], b=[cur[2], cur[3]]))
            cur = [p.a[0], p.a[1], p.b[0], p.b[1]]
        last = p
    assert cur is not None
    passages.append(Passage(a=[cur[0], cur[1]], b=[cur[2], cur[3]]))
    chars_a = sum(p.a[1] - p.a[0] for p in passages)
    chars_b = sum(p.b[1] - p.b[0] for p in passages)
    weight = sum((p.a[1] - p.a[0]) + (p.b[1] - p.b[0]) for p in pairs) or 1
    sim = sum(p.similarity * ((p.a[1] - p.a[0]) + (p.b[1] - p.b[0])) for p in pairs) / weight
    return Alignment(
        passages=passages, pairs=pairs, chars_a=chars_a, chars_b=chars_b,
        share_a=chars_a / max(len(text_a.strip()), 1),
        share_b=chars_b / max(len(text_b.strip()), 1),
        similarity=sim,
    )
