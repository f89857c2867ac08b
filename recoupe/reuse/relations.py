"""Who copies whom: the relation of each reuse pair and whether the reuser credits it.

For each pair of :func:`recoupe.reuse.find_reuse` (``articles`` = [likely source, reuser]):

- ``relation``: ``siblings`` when both articles reuse one text and neither the other:
  a third article is the source of a copy (duplicate, shared wire, partial copy) of each
  and what the two share lies inside what each took from it (``common_source`` is its id),
  or both credit one agency's dispatch and neither is that agency (``common_source`` None,
  ``evidence`` names the agency). Otherwise ``source_reuser``. Two articles of one outlet
  (an update of its own story) are ``source_reuser``.
- ``credited``: whether the reuser names what it reused, outside the passages it reused
  (a copied sentence that names a place is no credit): the source's outlet, by its name or
  its domain, or the agency whose copy the source is (its text, or its byline: see
  :func:`recoupe.reuse.wire.article_cues`). Siblings: whether both name their common
  source. None when the source has no known outlet or agency, when both are of one outlet,
  and for a paraphrase that does not name the other (two tellings in their own words owe
  each other no credit).

An outlet is named when a run of capitalised words of the text ("La Gazette de la Vière",
"Vière 24") or a domain ("gazette-viere.fr") has one of its keys
(:func:`recoupe.ingest.readers.outlet_variants`), and the run holds two words of it, opens
on a capitalised article ("Le Monde"), or follows a citation ("selon", "d'après", "cité
par", "rapporte"...): "Coupe du Monde", "un Parisien", "l'ouest de la France", "20 minutes
plus tard" name no outlet.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from recoupe.ingest.readers import NAME_STOPWORDS, outlet_key, outlet_variants
from recoupe.model import Article, ReusePair
from recoupe.reuse.wire import CREDIT, WireCue, agencies, agency_named

#: kinds that make two articles copies of one text
FAMILY = ("duplicate", "shared_wire", "partial_copy")
#: share of what two siblings share that must lie inside what each took from the source
SIBLING_COVER = 0.8

CuesOf = Callable[[Article], list[WireCue]]
#: the longest outlet name read, in words
_MAX_NAME_WORDS = 10

_TOKEN = re.compile(r"[^\W\d_]+['’]|\d+(?:[.,]\d+)*|[^\W_]+(?:[-.][^\W_]+)*")
_CONNECTORS = frozenset({"de", "du", "des", "la", "le", "les", "l'", "l’", "d'", "d’", "et", "&",
                         "of", "the", "del", "di", "della", "el"})
_ARTICLES = frozenset({"le", "la", "les", "l'", "l’", "the", "el", "il", "lo", "der", "die", "das"})
_DOMAIN = re.compile(r"(?<![\w@.-])(?:[a-z0-9](?:[a-z0-9-]*[a-z0-9])?\.)+[a-z]{2,12}(?![\w-])",
                     re.IGNORECASE)
#: a citation right before a name: "selon", "d'après", "cité par", "rapporte le"...
_CUE = re.compile(
    r"(?:selon|d['’]apr[èe]s|rapporte|rapportait|[ée]crit|[ée]crivait|indique|r[ée]v[èe]le|"
    r"a\s+r[ée]v[ée]l[ée]|a\s+indiqu[ée]|a\s+rapport[ée]|cit[ée]e?s?\s+par|interrog[ée]e?s?\s+par|"
    r"confi[ée]e?s?\s+(?:à|au)|(?:dans|à|au|par|pour)\s+(?:le\s+|la\s+|l['’]\s*)?(?:quotidien|journal|"
    r"site|magazine|hebdomadaire|radio|chaîne|confrère|confrères)|via|source\s*:|"
    r"repris[es]?\s+(?:de|du|par)|relay[ée]e?s?\s+par|according\s+to|told|reported\s+by)"
    r"\s*(?:le\s+|la\s+|les\s+|l['’]\s*|du\s+|de\s+la\s+|au\s+)?$",
    re.IGNORECASE)


@dataclass(frozen=True, slots=True)
class _Name:
    start: int
    end: int
    keys: frozenset[str]
    #: two content words, a capitalised article first, a citation before, or a domain
    strong: bool


def _is_cap(tok: str) -> bool:
    return tok[0].isupper() or tok[0].isdigit()


def name_spans(text: str) -> list[_Name]:
    """The runs of capitalised words and the domains of ``text`` that may name an outlet."""
    out: list[_Name] = []
    toks = [(m.start(), m.end(), m.group()) for m in _TOKEN.finditer(text)]

    def joined(k: int) -> bool:
        """Only spaces between token ``k`` and the one before it."""
        return text[toks[k - 1][1]:toks[k][0]].strip() == ""

    i = 0
    while i < len(toks):
        s, e, tok = toks[i]
        if "." in tok.strip(".") and _DOMAIN.fullmatch(tok):
            i += 1
            continue
        digit_name = (tok[0].isdigit() and i + 1 < len(toks) and toks[i + 1][2][0].isupper()
                      and joined(i + 1))  # "20 Minutes"
        if not tok[0].isupper() and not digit_name:
            i += 1
            continue
        run = [i]
        j = i + 1
        while j < len(toks):
            gap = text[toks[j - 1][1]:toks[j][0]]
            if gap.strip() not in ("", "-"):
                break  # punctuation ends a name
            if _is_cap(toks[j][2]):
                run.append(j)
                j += 1
                continue
            # connectors inside a name ("Gazette de la Vière"), never at its end
            k = j
            while k < len(toks) and toks[k][2].casefold() in _CONNECTORS and joined(k):
                k += 1
            if k > j and k < len(toks) and toks[k][2][0].isupper() and joined(k):
                run.extend(range(j, k + 1))
                j = k + 1
                continue
            break
        end = toks[run[-1]][1]
        # every tail of the run that opens on a capitalised word: "Selon La Gazette de la
        # Vière" holds "La Gazette de la Vière" (after a citation) and "Gazette de la Vière"
        for k, r in enumerate(run):
            if len(run) - k > _MAX_NAME_WORDS or not _is_cap(toks[r][2]):
                continue  # (a name is a few words: a long run's head is no name's start)
            start = toks[r][0]
            words = [toks[x][2] for x in run[k:]]
            content = [w for w in words if w.casefold() not in NAME_STOPWORDS
                       and w.casefold() not in _CONNECTORS]
            if not content:
                continue
            cued = bool(_CUE.search(text[max(0, start - 40):start]))
            strong = len(content) >= 2 or words[0].casefold() in _ARTICLES or cued
            out.append(_Name(start, end, frozenset(outlet_variants(text[start:end])), strong))
        i = run[-1] + 1
    for m in _DOMAIN.finditer(text):
        host = m.group().lower().removeprefix("www.")
        out.append(_Name(m.start(), m.end(), frozenset(_site_keys(host) | outlet_variants(host)),
                         True))
    return out


def _site_keys(host: str) -> set[str]:
    """The keys of a host's site, its subdomains left out ("actu.gazette-viere.fr")."""
    return outlet_variants(".".join(host.split("/")[0].split(".")[-2:]))


def _outlet_keys(outlet: str) -> set[str]:
    """An outlet's keys, its parenthesised part left out ("(édition Montclaret)")."""
    bare = re.sub(r"\s*\([^)]*\)", "", outlet).strip() or outlet
    host = bare.lower().removeprefix("https://").removeprefix("http://").removeprefix("www.")
    keys = outlet_variants(bare)
    if _DOMAIN.fullmatch(host):
        keys |= _site_keys(host)
    return keys


def _cased(s: str) -> bool:
    return any(c.isupper() or c.islower() for c in s)


class NameIndex:
    """The names each article's text may give an outlet, computed once per article."""

    def __init__(self) -> None:
        self._cache: dict[str, list[_Name]] = {}

    def names(self, article: Article) -> list[_Name]:
        if article.id not in self._cache:
            self._cache[article.id] = name_spans(article.text)
        return self._cache[article.id]

    def names_outlet(self, article: Article, outlet: str,
                     skip: Iterable[tuple[int, int]] = ()) -> bool:
        """Whether ``article`` names ``outlet`` outside the ``skip`` spans."""
        spans = list(skip)

        def free(s: int, e: int) -> bool:
            return not any(s < b and a < e for a, b in spans)

        if not _cased(outlet):  # a script without case: the name as written
            name = outlet.strip()
            return len(name) >= 2 and any(free(m.start(), m.end())
                                          for m in re.finditer(re.escape(name), article.text))
        keys = _outlet_keys(outlet)
        return any(n.strong and n.keys & keys and free(n.start, n.end)
                   for n in self.names(article))


def names_outlet(text: str, outlet: str) -> bool:
    """Whether ``text`` names ``outlet`` (see the module doc)."""
    return NameIndex().names_outlet(Article(id="", source="", text=text), outlet)


def same_outlet(a: Article, b: Article) -> bool:
    """Both articles are of one outlet (any of its spellings)."""
    return bool(a.outlet and b.outlet and (
        outlet_key(a.outlet) == outlet_key(b.outlet)
        or outlet_variants(a.outlet) & outlet_variants(b.outlet)))


def set_relations(pairs: list[ReusePair], by_id: dict[str, Article], cues_of: CuesOf) -> None:
    """Set each pair's ``relation``, ``common_source`` and ``credited`` (in place)."""
    index = NameIndex()
    by_key = {(p.articles[0], p.articles[1]): p for p in pairs if len(p.articles) == 2}
    sources_of: dict[str, set[str]] = defaultdict(set)
    for p in pairs:
        if p.kind in FAMILY and len(p.articles) == 2:
            sources_of[p.articles[1]].add(p.articles[0])
    for p in pairs:
        if len(p.articles) != 2 or p.articles[0] not in by_id or p.articles[1] not in by_id:
            continue
        a, b = by_id[p.articles[0]], by_id[p.articles[1]]
        p.relation, p.common_source = "source_reuser", None
        if same_outlet(a, b):
            p.credited = None
            continue
        origin = _common_source(p, a, b, sources_of, by_key, by_id)
        if origin is not None:
            p.relation, p.common_source = "siblings", origin.id
            named = [_credits(x, origin, by_key.get((origin.id, x.id)), cues_of, index)
                     for x in (a, b)]
            p.credited = None if None in named else all(named)
            continue
        agency = _shared_dispatch(a, b, cues_of) if p.kind != "paraphrase" else None
        if agency is not None:
            p.relation, p.credited = "siblings", True
            for side in ("a", "b"):
                if not any(e.startswith(agency) and e.endswith(f"in {side}") for e in p.evidence):
                    p.evidence.append(f"{agency} credit in {side}")
            continue
        p.credited = _credits(b, a, p, cues_of, index)
        if p.kind == "paraphrase" and not p.credited:
            p.credited = None  # two tellings in their own words: no copy to credit


def _common_source(p: ReusePair, a: Article, b: Article, sources_of: dict[str, set[str]],
                   by_key: dict[tuple[str, str], ReusePair], by_id: dict[str, Article]
                   ) -> Article | None:
    """The earliest article both copy, when what ``a`` and ``b`` share lies inside what
    each took from it (else ``b`` may copy ``a``'s own text: a chain, not siblings)."""
    common = sorted((x for x in sources_of[a.id] & sources_of[b.id] - {a.id, b.id} if x in by_id),
                    key=lambda x: (by_id[x].published or "9999", x))
    for s in common:
        pa, pb = by_key.get((s, a.id)), by_key.get((s, b.id))
        if pa is None or pb is None:
            continue
        if (_covered([ps.a for ps in p.passages], [ps.b for ps in pa.passages]) >= SIBLING_COVER
                and _covered([ps.b for ps in p.passages], [ps.b for ps in pb.passages])
                >= SIBLING_COVER):
            return by_id[s]
    return None


def _covered(spans: list[list[int]], cover: list[list[int]]) -> float:
    """Share of the characters of ``spans`` inside the union of ``cover`` (1.0 if none)."""
    total = sum(max(0, e - s) for s, e in spans)
    if total == 0:
        return 1.0
    inside = 0
    for s, e in spans:
        for cs, ce in cover:
            inside += max(0, min(e, ce) - max(s, cs))
    return min(1.0, inside / total)


def _agency_of(a: Article, cues_of: CuesOf) -> str | None:
    """The agency an article is (its outlet), or the one agency its text credits."""
    own = agency_named(a.outlet)
    if own:
        return own
    credited = agencies(cues_of(a), (CREDIT,))
    return next(iter(credited)) if len(credited) == 1 else None


def _shared_dispatch(a: Article, b: Article, cues_of: CuesOf) -> str | None:
    """The agency both credit when neither is that agency: two copies of its dispatch."""
    if agency_named(a.outlet) or agency_named(b.outlet):
        return None
    both = agencies(cues_of(a), (CREDIT,)) & agencies(cues_of(b), (CREDIT,))
    return min(both) if both else None


def _credits(reuser: Article, source: Article, pair: ReusePair | None, cues_of: CuesOf,
             index: NameIndex) -> bool | None:
    """Whether ``reuser`` names ``source`` (see the module doc); None when unknowable."""
    if same_outlet(reuser, source):
        return None
    agency = _agency_of(source, cues_of)
    if agency and agency in agencies(cues_of(reuser)):
        return True
    if source.outlet and not agency_named(source.outlet):
        skip: list[tuple[int, int]] = []
        if pair is not None:  # the reuser's side of each passage it reused
            second = pair.articles[1] == reuser.id
            skip = [(span[0], span[1]) for span in (ps.b if second else ps.a
                                                    for ps in pair.passages)]
        return index.names_outlet(reuser, source.outlet, skip)
    return False if agency else None
