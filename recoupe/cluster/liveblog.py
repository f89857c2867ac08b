"""Recognise live blogs and round-ups: articles that cover several events at once.

Two kinds of evidence, combined:

- *cues*: phrases from ``resources/liveblog.toml`` ("En direct", "Suivez notre direct",
  "revue de presse", "live updates", "round-up"...), matched on folded text; a title cue
  counts only as a label: opening the title (or the first line when there is no title)
  or set off by ``:``, ``|`` or a dash ("Guerre en Ukraine | EN DIRECT");
- *structure*: many lines opening with a time of day ("14h32", "10:45") mark a live blog;
  a text whose paragraphs share no distinctive vocabulary (IDF-weighted cosine below
  ``link`` between groups; the largest group under half the paragraphs, three groups or
  more) marks a round-up even without a cue. That test needs corpus document
  frequencies, so it only runs when the caller passes them (the clusterer does).

The clusterer matches flagged articles on their title and lead only and never lets them
move a centroid, so one live page cannot glue unrelated events together.
"""

from __future__ import annotations

import re
import tomllib
from collections import Counter
from functools import lru_cache
from importlib import resources
from itertools import combinations

from recoupe.cluster.features import DocFreq, dot, weigh
from recoupe.cluster.lemmas import lemmas
from recoupe.model import Article
from recoupe.reuse.tokens import fold

LIVE = "live_blog"
ROUNDUP = "roundup"

_TIMESTAMP_LINE = re.compile(r"^\s*(?:[01]?\d|2[0-3])\s*(?:h|:|H)\s*[0-5]\d\b", re.M)
_NON_WORD = re.compile(r"\W+")
_SEPARATORS = ":|–—-•"


@lru_cache(maxsize=1)
def _cues() -> dict[str, dict[str, list[str]]]:
    text = resources.files("recoupe.cluster").joinpath("resources", "liveblog.toml").read_text(
        encoding="utf-8")
    data = tomllib.loads(text)
    return {lang: {k: [_squash(p) for p in v] for k, v in d.items()} for lang, d in data.items()}


def _squash(text: str) -> str:
    """Folded words joined by single spaces, padded, for whole-word ``in`` tests."""
    return " " + " ".join(fold(w) for w in _NON_WORD.split(text) if w) + " "


def _has_cue(haystack: str, cues: list[str]) -> str | None:
    for cue in cues:
        if cue in haystack:
            return cue.strip()
    return None


def _title_label(title: str, cues: list[str]) -> str | None:
    """A cue used as a label of the title: a whole part between separators."""
    parts = {_squash(p) for p in re.split(f"[{re.escape(_SEPARATORS)}]", title)}
    for cue in cues:
        if cue in parts:
            return cue.strip()
    return None


def _cue(kind: str, cues: dict[str, list[str]], head: str, body: str) -> str | None:
    return (_title_label(head, cues[f"{kind}_label"])
            or _has_cue(_squash(head), cues[f"{kind}_title"])
            or _has_cue(body, cues[f"{kind}_body"]))


def detect(article: Article, df: DocFreq | None = None, min_timestamps: int = 3,
           min_sections: int = 4, min_topics: int = 3, link: float = 0.05,
           min_docs: int = 50) -> tuple[str | None, str]:
    """Decide whether ``article`` is a live blog or a round-up.

    Args:
        article: the article (flags already set upstream are respected).
        df: corpus document frequencies; without them (or with fewer than ``min_docs``
            documents counted) the round-up structure test is skipped.
        min_timestamps: lines opening with a time of day needed for a live blog.
        min_sections: paragraphs needed before the topical-dispersion test applies.
        min_topics: unrelated paragraph groups needed for a round-up.
        link: IDF-weighted cosine between two paragraphs that makes them one topic.
        min_docs: documents ``df`` must have counted before its IDF is trusted.

    Returns:
        ``(flag, reason)`` with flag ``"live_blog"``, ``"roundup"`` or None.
    """
    for flag in (LIVE, ROUNDUP):
        if flag in article.flags:
            return flag, "flag set upstream"
    head = article.title or article.text.strip().split("\n", 1)[0][:200]
    body = _squash(article.text)
    langs = [article.language] if article.language in _cues() else list(_cues())
    for lang in langs:
        cues = _cues()[lang]
        cue = _cue("live", cues, head, body)
        if cue:
            return LIVE, f"cue '{cue}'"
        cue = _cue("roundup", cues, head, body)
        if cue:
            return ROUNDUP, f"cue '{cue}'"
    stamps = len(_TIMESTAMP_LINE.findall(article.text))
    if stamps >= min_timestamps:
        return LIVE, f"{stamps} timestamped entries"
    if df is None or df.n < min_docs:
        return None, ""
    topics = topic_groups(article, df, link=link)
    n_sections = sum(topics)
    if (n_sections >= min_sections and len(topics) >= min_topics
            and max(topics) * 2 < n_sections):
        return ROUNDUP, f"{len(topics)} unrelated topics in {n_sections} sections"
    return None, ""


def topic_groups(article: Article, df: DocFreq, link: float = 0.05,
                 min_words: int = 12) -> list[int]:
    """Sizes of the groups of paragraphs that share vocabulary (single-link components).

    Paragraphs are the text's lines with at least ``min_words`` words; two are linked when
    the cosine of their TF-IDF vectors (IDF from ``df``) reaches ``link``.
    """
    paras = [p for p in article.text.split("\n") if len(p.split()) >= min_words]
    vecs = [weigh(Counter(lemmas(p, article.language)), df) for p in paras]
    parent = list(range(len(vecs)))

    def find(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    for i, j in combinations(range(len(vecs)), 2):
        if dot(vecs[i], vecs[j]) >= link:
            parent[find(i)] = find(j)
    sizes = Counter(find(i) for i in range(len(vecs)))
    return sorted(sizes.values(), reverse=True)
