"""The kind of a related pair of articles, from the evidence gathered about it.

Kinds, tested in this order:

``duplicate``
    the same text: MinHash Jaccard of word shingles >= ``duplicate_jaccard``, or aligned
    passages covering >= ``duplicate_share`` of *both* texts at a mean similarity >= 0.9.
``shared_wire`` / ``partial_copy``
    copied passages (aligned sentences with LCS similarity >= ``copy_similarity``)
    covering at least ``min_copy_chars`` characters, or ``min_copy_share`` of the shorter
    article in two copied sentences at least (one is enough when an agency is behind
    it). ``shared_wire`` when the copy is attributable to a news agency: both
    articles cite the same agency, or one is credited to an agency ("(AFP)", "[AFP]")
    and the other carries no credit of its own; otherwise ``partial_copy``.
``paraphrase``
    the same facts in other words: at least ``min_paraphrase_units`` sentence pairs that
    are either light rewrites (LCS similarity between ``min_similarity`` and
    ``copy_similarity``) or close in the multilingual sentence embedding (cosine >=
    ``paraphrase_similarity``). When both articles cite the same agency it is reported
    as ``shared_wire`` (two rewrites of one dispatch).

``overlap`` is the share of the *shorter* article covered by the pair's passages.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from recoupe.model import Article, Passage, ReusePair
from recoupe.reuse.align import AlignedPair, Alignment, merge_pairs
from recoupe.reuse.wire import CREDIT, CUE, WireCue, agencies

DUPLICATE = "duplicate"
SHARED_WIRE = "shared_wire"
PARTIAL_COPY = "partial_copy"
PARAPHRASE = "paraphrase"
KINDS = (DUPLICATE, SHARED_WIRE, PARTIAL_COPY, PARAPHRASE)

#: default thresholds (settings ``reuse.<name>`` override them)
DEFAULTS: dict[str, Any] = {
    "duplicate_jaccard": 0.8,
    "duplicate_share": 0.8,
    "min_similarity": 0.5,
    "copy_similarity": 0.7,
    "min_copy_chars": 200,
    "min_copy_share": 0.2,
    "paraphrase_similarity": 0.8,
    "min_paraphrase_units": 2,
    #: a rewrite: this many light rewrites (LCS similarity between min_similarity and
    #: copy_similarity) covering this share of the shorter article make it a copy
    "min_rewrite_units": 3,
    "min_rewrite_share": 0.3,
}


@dataclass(slots=True)
class PairEvidence:
    """Everything known about two articles before deciding the kind of their relation."""

    a: Article
    b: Article
    alignment: Alignment
    #: sentence pairs matched by the embedding and not already aligned lexically
    paraphrases: list[AlignedPair] = field(default_factory=list)
    jaccard: float | None = None
    wire_a: list[WireCue] = field(default_factory=list)
    wire_b: list[WireCue] = field(default_factory=list)


def wire_link(wire_a: list[WireCue], wire_b: list[WireCue]) -> list[str]:
    """Agency evidence that two articles descend from one dispatch (empty when none)."""
    cited_a, cited_b = agencies(wire_a), agencies(wire_b)
    common = sorted(cited_a & cited_b)
    if common:
        return [f"{ag} {_kinds(wire_a, ag)} in a" for ag in common] + \
               [f"{ag} {_kinds(wire_b, ag)} in b" for ag in common]
    credit_a, credit_b = agencies(wire_a, (CREDIT,)), agencies(wire_b, (CREDIT,))
    if credit_a and not credit_b:
        return [f"{ag} credit in a" for ag in sorted(credit_a)]
    if credit_b and not credit_a:
        return [f"{ag} credit in b" for ag in sorted(credit_b)]
    return []


def _kinds(cues: list[WireCue], agency: str) -> str:
    kinds = sorted({w.kind for w in cues if w.agency == agency and w.kind in (CREDIT, CUE)})
    return "/".join(kinds)


def classify(ev: PairEvidence, params: dict[str, Any] | None = None) -> ReusePair | None:
    """Decide the kind of relation between two articles, or None when unrelated.

    Args:
        ev: the evidence for the pair.
        params: thresholds (see :data:`DEFAULTS`).

    Returns:
        A :class:`ReusePair` (articles in the order ``[ev.a.id, ev.b.id]``) or None.
    """
    p = {**DEFAULTS, **(params or {})}
    al = ev.alignment
    text_a, text_b = ev.a.text, ev.b.text
    shorter_is_a = len(text_a.strip()) <= len(text_b.strip())

    if (ev.jaccard is not None and ev.jaccard >= p["duplicate_jaccard"]) or (
        al.share_a >= p["duplicate_share"] and al.share_b >= p["duplicate_share"]
        and al.similarity >= 0.9
    ):
        full = al if al.passages else _whole(text_a, text_b)
        return _pair(ev, DUPLICATE, full, shorter_is_a, [])

    copies = [x for x in al.pairs if x.similarity >= p["copy_similarity"]]
    rewrites = [x for x in al.pairs if x.similarity < p["copy_similarity"]]
    copied = merge_pairs(list(copies), text_a, text_b)
    copy_share = copied.share_a if shorter_is_a else copied.share_b
    evidence = wire_link(ev.wire_a, ev.wire_b)
    # a share of the shorter text needs two copied sentences, or an agency behind them: one
    # sentence alike (a standard phrase, a prosecutor's wording) is half of a feed item and
    # would make two independent outlets one source
    if copies and (copied.shared_chars >= p["min_copy_chars"] or (
            copy_share >= p["min_copy_share"] and (len(copies) >= 2 or evidence))):
        kind = SHARED_WIRE if evidence else PARTIAL_COPY
        return _pair(ev, kind, al, shorter_is_a, evidence)

    rewritten = merge_pairs(list(al.pairs), text_a, text_b)
    rewrite_share = rewritten.share_a if shorter_is_a else rewritten.share_b
    if len(rewrites) >= p["min_rewrite_units"] and rewrite_share >= p["min_rewrite_share"]:
        # an article rewritten sentence by sentence (words swapped, sentences reordered:
        # half their characters in common, sentence after sentence) is a copy of it, credited
        # or not: one source, not an independent telling
        common = sorted(agencies(ev.wire_a) & agencies(ev.wire_b))
        kind = SHARED_WIRE if (evidence or common) else PARTIAL_COPY
        return _pair(ev, kind, al, shorter_is_a, (evidence or []) + ["rewritten sentence by sentence"])
    para_units = rewrites + list(ev.paraphrases)
    if len(para_units) >= p["min_paraphrase_units"]:
        merged = merge_pairs(list(al.pairs) + list(ev.paraphrases), text_a, text_b)
        common = sorted(agencies(ev.wire_a) & agencies(ev.wire_b))
        kind = SHARED_WIRE if common else PARAPHRASE
        return _pair(ev, kind, merged, shorter_is_a, evidence if common else [])
    return None


def _whole(text_a: str, text_b: str) -> Alignment:
    la, lb = len(text_a.strip()), len(text_b.strip())
    return Alignment(passages=[Passage(a=[0, la], b=[0, lb])], chars_a=la, chars_b=lb,
                     share_a=1.0, share_b=1.0, similarity=1.0)


def _pair(ev: PairEvidence, kind: str, al: Alignment, shorter_is_a: bool,
          evidence: list[str]) -> ReusePair:
    overlap = al.share_a if shorter_is_a else al.share_b
    sim = al.similarity if al.pairs or al.passages else None
    return ReusePair(
        articles=[ev.a.id, ev.b.id],
        kind=kind,
        overlap=round(min(overlap, 1.0), 4),
        passages=al.passages,
        shared_chars=[al.chars_a, al.chars_b],
        shares=[round(min(al.share_a, 1.0), 4), round(min(al.share_b, 1.0), 4)],
        similarity=None if sim is None else round(sim, 4),
        evidence=evidence,
    )
