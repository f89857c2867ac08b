"""Entity mentions cleaned of known model errors, then resolved across articles.

Cleaning (:func:`clean_mentions`) drops what ``fr_core_news_md`` wrongly tags as names:
weekday and month names ("Mercredi"), web debris ("Loading", "Related News"), bare
determiners, lower-case words, overlong spans; it trims spans at line breaks and drops a
leading article ("l'Otan" -> "Otan").

Resolution (:func:`resolve_entities`) groups mentions into entities:

1. one key per spelling: case, accents, hyphens and articles ignored, honorifics dropped
   for persons ("M. Didier" = "Didier"), and the editable alias table
   (``resources/aliases.tsv``) maps transliteration variants ("Kiev" / "Kyiv");
2. an acronym in parentheses after a name joins it ("... dopage (AFLD)");
3. close spellings of a person's name join (rapidfuzz, "Zelenskyy" / "Zelensky");
4. a short person form ("Zelensky", "Poutine") joins the one long form with that ending
   seen in the same story group, else the only one seen anywhere;
5. the type is the alias table's, else the majority label (PER > ORG > LOC > MISC on
   ties); a multi-word person name stays PER, a known place never becomes a person.
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from rapidfuzz.distance import JaroWinkler

from recoupe.model import Article, Entity, Mention
from recoupe.nlp.lexicon import (
    alias_table,
    calendar,
    entity_stoplist,
    first_name_genders,
    lowercase_names,
)
from recoupe.nlp.textutil import fold, name_key, slugify

LABELS = ("PER", "ORG", "LOC", "MISC")
_LABEL_RANK = {label: i for i, label in enumerate(LABELS)}
_LEADING_DET_RE = re.compile(
    r"(?:l['’]|d['’]|le\s+|la\s+|les\s+|du\s+|des\s+|de\s+|au\s+|aux\s+)", re.IGNORECASE
)
_EDGE_JUNK = " \t\r\n\"'«»“”„‘’‹›()[]{}.,;:!?-–—*•|/\\"
_HONORIFIC_RE = re.compile(r"^(?:m|mm|mme|mmes|mlle|mr|mrs|dr|me|mgr|pr|sir|lord)\s+")
#: words that open a title, not a name ("Colonel Mouammar Kadhafi", "Président Morsi")
_TITLE_WORDS = frozenset(
    [
        "president", "presidente", "colonel", "general", "generale", "ministre", "premier",
        "roi", "reine", "prince", "princesse", "pape", "cheikh", "emir", "marechal",
        "commandant", "capitaine", "docteur", "professeur", "maitre", "monseigneur", "sir",
        "lord", "madame", "monsieur", "mademoiselle",
    ]
)
_ACRONYM_RE = re.compile(r"\s*\(\s*([A-ZÉÈ][A-Za-zÉÈ0-9&.\-]{1,11})\s*\)")


_INSTITUTION_WORDS = frozenset(
    [
        "defense", "justice", "interieur", "economie", "sante", "culture", "education",
        "travail", "agriculture", "environnement", "finances", "budget", "logement",
        "affaires", "sports", "transports", "industrie", "commerce", "ecologie", "recherche",
        "armees", "immigration", "famille", "solidarite", "emploi", "jeunesse", "diplomatie",
        "intérieur",
    ]
)


def add_lowercase_names(text: str, mentions: list[Mention]) -> list[Mention]:
    """Add mentions of alias-table names written in lower case ("le dalaï lama").

    Args:
        text: the article text.
        mentions: the cleaned NER mentions.

    Returns:
        The mentions with the lower-case names added (text order).
    """
    pattern, table = lowercase_names()
    if pattern is None:
        return mentions
    added = []
    for m in pattern.finditer(text):
        if any(x.start < m.end() and m.start() < x.end for x in mentions):
            continue
        entry = table.get(fold(m.group(0)))
        label = entry.type if entry and entry.type else "PER"
        added.append(Mention(text=m.group(0), start=m.start(), end=m.end(), label=label))
    if not added:
        return mentions
    return sorted(mentions + added, key=lambda x: (x.start, x.end))


def _title_article(text: str, start: int, end: int) -> bool:
    """A capital "Le", "La", "Les" or "L'" in the middle of a sentence ("selon Le Monde",
    "titre Le Figaro"): part of a newspaper's or a work's name, not a determiner."""
    word = text[start:end].strip()
    if word[:1] != word[:1].upper() or not word[:1].isalpha():
        return False
    prev = text[:start].rstrip(" \t")
    return bool(prev) and prev[-1] not in ".!?:;\n«\"“([—–-•*"


def clean_mentions(text: str, spans: Iterable[tuple[int, int, str]]) -> list[Mention]:
    """Turn raw NER spans into cleaned mentions.

    Args:
        text: the article text.
        spans: ``(start, end, label)`` entity spans from the model.

    Returns:
        The kept mentions, trimmed, in text order.
    """
    stop = entity_stoplist()
    calendar_words = {fold(w) for w in calendar()["weekdays"]} | {
        fold(m).rstrip(".") for m in calendar()["months"]
    }
    out: list[Mention] = []
    for start, end, label in spans:
        if label not in LABELS:
            continue
        newline = text.find("\n", start, end)
        if newline != -1:
            # keep the longer side of a span running over a line break
            if newline - start >= end - newline:
                end = newline
            else:
                start = newline + 1
        while start < end and text[start] in _EDGE_JUNK:
            start += 1
        while end > start and text[end - 1] in _EDGE_JUNK:
            end -= 1
        m = _LEADING_DET_RE.match(text, start, end)
        if m and m.end() < end and not _title_article(text, start, m.end()):
            start = m.end()
        elif m is None:
            # "selon Le Monde" tagged "Monde": the capital article belongs to the title
            before = re.search(r"(?:\b(?:Le|La|Les)\s+|\bL['’])$", text[max(0, start - 5):start])
            if before and _title_article(text, start - len(before.group(0)), start):
                start -= len(before.group(0))
        # a weekday or month name glued in front ("Mardi Zelensky")
        first = re.match(r"[\w-]+\s+", text[start:end])
        if first and fold(first.group(0).strip()) in calendar_words:
            start += first.end()
        # "Le ministre de la Défense Santos" tagged as one span: keep the name only
        if text[start:end][:1].islower():
            tail = re.search(r"(?:[A-ZÀ-Ý][\w'’-]+\s+){0,2}[A-ZÀ-Ý][\w'’-]+$", text[start:end])
            if tail is None:
                continue
            start, label = start + tail.start(), "PER"
        # "Premier ministre François Fillon", "Président Nicolas Sarkozy" tagged as one span:
        # the office is no part of the name
        office = re.match(r"((?:Premier|Première)\s+ministre|Président(?:e)?(?:\s+de\s+la\s+"
                          r"République)?|Ministre|Chancelier|Chancelière|Secrétaire\s+général)"
                          r"\s+(?=[A-ZÀ-Ý][a-zà-ÿ'’-]+\s+[A-ZÀ-Ý])", text[start:end])
        if office:
            start, label = start + office.end(), "PER"
        # "OTAN Mark Rutte": an acronym glued to a person's name
        glued = re.match(r"([A-Z]{2,})\s+(?=[A-ZÀ-Ý][a-zà-ÿ]+\s+[A-ZÀ-Ý][a-zà-ÿ]+$)",
                         text[start:end])
        if glued and label in ("ORG", "MISC", "PER"):
            out.append(Mention(text=glued.group(1), start=start,
                               end=start + len(glued.group(1)), label="ORG"))
            start, label = start + glued.end(), "PER"
        # "le ministre de la Défense Santos": the ministry is not part of the name
        if re.search(r"\b(?:de\s+la|du|de\s+l['’]|des)\s+$", text[max(0, start - 8) : start]):
            word = re.match(r"([\w-]+)\s+(?=[A-ZÀ-Ý])", text[start:end])
            if word and fold(word.group(1)) in _INSTITUTION_WORDS:
                start += word.end()
                label = "PER"
        surface = text[start:end]
        if not _plausible(surface, label, stop):
            continue
        if fold(surface) in _INSTITUTION_WORDS and label in ("PER", "MISC"):
            continue  # "la ministre de la Justice": a ministry, not a person
        if label in ("LOC", "PER") and re.fullmatch(
                r"[A-ZÉ][a-zéèëï-]+(?:ais|aises|ains|aines|iens|iennes|ois|oises|ens|ennes)",
                surface):
            label = "MISC"  # "les Français", "les Ukrainiens": people, not a place
        if label == "PER" and re.fullmatch(r"[A-Z]{3,}", surface):
            label = "MISC"  # "ATACMS": an acronym is no person
        if re.fullmatch(r"[A-ZÉ][a-zé]+ée?s?", surface) and (
                start == 0 or text[max(0, start - 3) : start].rstrip()[-1:] in ".!?\n"
                or start < 3) and fold(surface) not in first_name_genders():
            continue  # "Interrogée sur ..., elle raconte": a participle opening a sentence
        # a section heading alone on its line ("Polémique") is no mention
        line_start = text.rfind("\n", 0, start) + 1
        line_end = text.find("\n", end)
        line = text[line_start : line_end if line_end != -1 else len(text)].strip()
        if line == surface and len(surface.split()) == 1 and alias_table().get(
                name_key(surface)) is None and label != "LOC":
            continue
        out.append(Mention(text=surface, start=start, end=end, label=label))
    return out


def _plausible(surface: str, label: str, stop: frozenset[str]) -> bool:
    if len(surface) < 2 or not any(c.isalpha() for c in surface):
        return False
    key = fold(surface)
    if key in stop or key.rstrip(".") in stop:
        return False
    if not any(c.isupper() for c in surface):
        return False
    # "eBay" passes; "président" (no capital at all) was dropped above
    if not (surface[0].isupper() or surface[0].isdigit()) and not re.match(
            r"^[a-z]{1,3}[A-Z]", surface):
        return False
    words = surface.split()
    if len(words) > (6 if label == "MISC" else 8):
        return False
    # "Loading categories...", "En directGuerre": debris words inside the span
    return not any(fold(w) in ("loading", "related", "copyright") for w in words)


# --------------------------------------------------------------------------- resolution


def entity_key(text: str, label: str | None = None) -> str:
    """Resolution key of a surface form (alias table applied, honorifics dropped).

    Args:
        text: the mention text.
        label: its NER label (honorifics are dropped for persons only).

    Returns:
        The key.
    """
    key = name_key(text)
    if label in (None, "PER"):
        key = _HONORIFIC_RE.sub("", key)
    entry = alias_table().get(key)
    if entry is not None:
        return name_key(entry.canonical)
    return key


class _UnionFind:
    def __init__(self) -> None:
        self.parent: dict[str, str] = {}

    def find(self, x: str) -> str:
        parent = self.parent.setdefault(x, x)
        if parent != x:
            parent = self.find(parent)
            self.parent[x] = parent
        return parent

    def union(self, a: str, b: str, prefer: str | None = None) -> None:
        ra, rb = self.find(a), self.find(b)
        if ra == rb:
            return
        if prefer is not None and self.find(prefer) == rb:
            ra, rb = rb, ra
        self.parent[rb] = ra


@dataclass
class _Cluster:
    labels: Counter[str] = field(default_factory=Counter)
    surfaces: Counter[str] = field(default_factory=Counter)
    articles: list[str] = field(default_factory=list)
    mentions: int = 0
    keys: set[str] = field(default_factory=set)


@dataclass
class EntityIndex:
    """Result of resolution: the entities, and the key -> entity id map used to link."""

    entities: list[Entity]
    #: (group, key) -> entity id, for every key seen (plus global keys under group "")
    by_key: dict[tuple[str, str], str]

    def lookup(self, text: str, group: str, label: str | None = None) -> str | None:
        """Entity id of a surface form within a group (None when unknown).

        Args:
            text: a name as written.
            group: the story group of the article it appears in.
            label: its label, if known.

        Returns:
            The entity id, or None.
        """
        key = entity_key(text, label)
        return self.by_key.get((group, key)) or self.by_key.get(("", key))


def group_for(article_id: str, groups: dict[str, str] | None) -> str:
    """Story group of an article ("*" when no groups are given or the id is unknown).

    Args:
        article_id: the article id.
        groups: article id -> story id, or None.

    Returns:
        The group name.
    """
    if not groups:
        return "*"
    return groups.get(article_id, "*")


def resolve_entities(
    articles: list[Article],
    groups: dict[str, str] | None = None,
    role_aliases: dict[tuple[str, str], set[str]] | None = None,
) -> EntityIndex:
    """Group the mentions of all articles into entities and link each mention.

    Args:
        articles: articles whose ``mentions`` are filled (cleaned); their ``entity``
            fields are set in place.
        groups: article id -> story id, scoping short-form resolution; None = one group.
        role_aliases: (group, person key) -> role phrases learned for that person
            ("le président ukrainien"), added to the entity's aliases.

    Returns:
        The :class:`EntityIndex`.
    """
    uf = _UnionFind()
    label_votes: dict[str, Counter[str]] = defaultdict(Counter)
    group_keys: dict[str, Counter[str]] = defaultdict(Counter)

    def group_of(article: Article) -> str:
        return group_for(article.id, groups)

    keyed: list[list[str]] = []
    for article in articles:
        keys = []
        g = group_of(article)
        for mention in article.mentions:
            key = entity_key(mention.text, mention.label)
            keys.append(key)
            uf.find(key)
            label_votes[key][mention.label] += 1
            group_keys[g][key] += 1
        keyed.append(keys)
        # an acronym in parentheses right after a name: "... dopage (AFLD)"
        for mention, key in zip(article.mentions, keys, strict=True):
            if mention.label not in ("ORG", "MISC", "LOC") or len(key.split()) < 2:
                continue
            am = _ACRONYM_RE.match(article.text, mention.end)
            if am and _is_acronym_of(am.group(1), mention.text):
                uf.union(key, entity_key(am.group(1)), prefer=key)

    # an acronym and the name it abbreviates, both used in one story group ("LDH" and
    # "Ligue des droits de l'Homme"), with no parentheses to say so
    for g_articles in _by_group(articles, group_of).values():
        acronyms: dict[str, str] = {}
        long_names: dict[str, str] = {}
        for article in g_articles:
            for mention in article.mentions:
                if mention.label not in ("ORG", "MISC"):
                    continue
                surface = _surface(mention.text)
                if re.fullmatch(r"[A-Z][A-Z0-9&]{1,7}", surface):
                    acronyms[entity_key(surface, mention.label)] = surface
                elif len(surface.split()) >= 2:
                    long_names[entity_key(surface, mention.label)] = surface
        for akey, acronym in acronyms.items():
            matches = [k for k, name in long_names.items() if initials(name) == acronym]
            if len(matches) == 1:
                uf.union(matches[0], akey, prefer=matches[0])

    _merge_close_person_spellings(uf, label_votes)

    # short person forms join the long form of their group
    short_map: dict[tuple[str, str], str] = {}
    global_long: dict[str, set[str]] = defaultdict(set)
    per_long_by_group: dict[str, dict[str, set[str]]] = defaultdict(lambda: defaultdict(set))
    for g, counter in group_keys.items():
        for key in counter:
            if _is_person_key(key, label_votes) and len(key.split()) >= 2 and \
                    _looks_like_name(key):
                tokens = key.split()
                for i in range(1, len(tokens)):
                    suffix = " ".join(tokens[i:])
                    per_long_by_group[g][suffix].add(uf.find(key))
                    global_long[suffix].add(uf.find(key))
    for g, counter in group_keys.items():
        for key in counter:
            if len(key.split()) > 2 or not _could_be_surname(key, label_votes):
                continue
            candidates = per_long_by_group[g].get(key, set()) - {uf.find(key)}
            if not candidates:
                candidates = global_long.get(key, set()) - {uf.find(key)}
                if len(candidates) != 1:
                    continue
            if len(candidates) > 1:
                best = max(candidates, key=lambda k: (counter.get(k, 0), k))
                candidates = {best}
            short_map[(g, key)] = next(iter(candidates))

    def final_key(g: str, key: str) -> str:
        return uf.find(short_map.get((g, key), key))

    clusters: dict[str, _Cluster] = defaultdict(_Cluster)
    for article, keys in zip(articles, keyed, strict=True):
        g = group_of(article)
        for mention, key in zip(article.mentions, keys, strict=True):
            root = final_key(g, key)
            cluster = clusters[root]
            cluster.labels[mention.label] += 1
            cluster.surfaces[_surface(mention.text)] += 1
            cluster.mentions += 1
            cluster.keys.add(key)
            if article.id not in cluster.articles:
                cluster.articles.append(article.id)

    ids: dict[str, str] = {}
    entities: list[Entity] = []
    used: set[str] = set()
    for root in sorted(clusters, key=lambda r: (-clusters[r].mentions, r)):
        cluster = clusters[root]
        name, etype = _canonical(root, cluster)
        base = "ent:" + slugify(name)
        eid, n = base, 2
        while eid in used:
            eid, n = f"{base}-{n}", n + 1
        used.add(eid)
        ids[root] = eid
        aliases = sorted({s for s in cluster.surfaces if s != name}, key=lambda s: (-len(s), s))
        entities.append(Entity(id=eid, name=name, type=etype, aliases=aliases,
                               articles=list(cluster.articles), mentions=cluster.mentions))

    by_key: dict[tuple[str, str], str] = {}
    for article, keys in zip(articles, keyed, strict=True):
        g = group_of(article)
        for mention, key in zip(article.mentions, keys, strict=True):
            eid = ids[final_key(g, key)]
            mention.entity = eid
            by_key[(g, key)] = eid
            if ("", key) not in by_key:
                by_key[("", key)] = ids.get(uf.find(key), eid)

    if role_aliases:
        by_id = {e.id: e for e in entities}
        for (g, key), phrases in role_aliases.items():
            found = by_key.get((g, key)) or by_key.get(("", key))
            if found is None:
                continue
            entity = by_id[found]
            for phrase in sorted(phrases):
                if phrase not in entity.aliases and phrase != entity.name:
                    entity.aliases.append(phrase)
    return EntityIndex(entities=entities, by_key=by_key)


def _surface(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip()


def _by_group(
    articles: list[Article], group_of: Callable[[Article], str]
) -> dict[str, list[Article]]:
    out: dict[str, list[Article]] = defaultdict(list)
    for article in articles:
        out[group_of(article)].append(article)
    return out


def initials(name: str) -> str:
    """Initials of the significant words ("Ligue des droits de l'Homme" -> "LDH")."""
    words = [w for w in re.findall(r"[^\W\d_]+", name.replace("’", "'"))
             if w[0].isupper() or len(w) > 3]
    return "".join(w[0].upper() for w in words)


def _is_acronym_of(acronym: str, name: str) -> bool:
    letters = re.sub(r"[^A-Z]", "", acronym.upper())
    if len(letters) < 2:
        return False
    initials = "".join(w[0].upper() for w in re.findall(r"[\w]+", name) if w[0].isalpha())
    significant = "".join(
        w[0].upper() for w in re.findall(r"[\w]+", name)
        if w[0].isupper() or len(w) > 3
    )
    return letters in (initials, significant) or (
        letters[0] == initials[:1] and all(c in initials for c in letters)
    )


def _is_person_key(key: str, votes: dict[str, Counter[str]]) -> bool:
    counter = votes.get(key)
    if not counter:
        return False
    entry = alias_table().get(key)
    if entry is not None and entry.type and entry.type != "PER":
        return False
    return counter.most_common(1)[0][0] == "PER" or counter["PER"] * 2 >= sum(counter.values())


_NAME_PARTICLES = frozenset([
    "de", "du", "des", "d'", "da", "di", "del", "della", "van", "von", "der", "den", "al",
    "el", "ben", "bin", "ibn", "le", "la",
])


def _looks_like_name(key: str) -> bool:
    """A person name: a few words, no role or place word ("mufti de syrie" is not one)."""
    tokens = key.split()
    if len(tokens) > 4 or tokens[0] in _NAME_PARTICLES:
        return False
    if any(t in _NAME_PARTICLES for t in tokens[1:-1]) and len(tokens) == 3:
        # "geneviève de france": a particle before a place name
        entry = alias_table().get(tokens[-1])
        if entry is not None and entry.type not in (None, "PER"):
            return False
    return not any(fold(t) in _TITLE_WORDS for t in tokens)


def _could_be_surname(key: str, votes: dict[str, Counter[str]]) -> bool:
    entry = alias_table().get(key)
    if entry is not None and entry.type and entry.type != "PER":
        return False
    counter = votes.get(key, Counter())
    if not counter:
        return False
    # a place or an organisation is not a surname, even when tagged PER now and then
    return counter["PER"] * 2 >= sum(counter.values()) or (
        counter["PER"] > 0 and counter["LOC"] == 0 and counter["ORG"] <= counter["PER"])


def _merge_close_person_spellings(uf: _UnionFind, votes: dict[str, Counter[str]]) -> None:
    """Join multi-word person names spelled almost alike ("Zelenskyy" / "Zelensky")."""
    buckets: dict[tuple[int, str, str], list[str]] = defaultdict(list)
    for key in votes:
        tokens = key.split()
        if len(tokens) >= 2 and _is_person_key(key, votes):
            buckets[(len(tokens), tokens[0][:1], tokens[-1][:2])].append(key)
    for keys in buckets.values():
        if len(keys) < 2:
            continue
        keys.sort(key=lambda k: (-sum(votes[k].values()), k))
        for i, a in enumerate(keys):
            for b in keys[i + 1 :]:
                ta, tb = a.split(), b.split()
                if all(JaroWinkler.similarity(x, y) >= 0.9 for x, y in zip(ta, tb, strict=True)):
                    uf.union(a, b, prefer=a)


def _canonical(root: str, cluster: _Cluster) -> tuple[str, str]:
    entry = alias_table().get(root)
    labels = cluster.labels
    etype = entry.type if entry is not None and entry.type else min(
        labels, key=lambda lab: (-labels[lab], _LABEL_RANK[lab]))
    if entry is not None:
        return entry.canonical, etype
    surfaces = cluster.surfaces
    plain = [s for s in surfaces if not _HONORIFIC_RE.match(fold(s).replace(".", "") + " ")
             and fold(s).split()[0] not in _TITLE_WORDS] or list(surfaces)
    if etype == "PER":
        longest = max(len(s.split()) for s in plain)
        pool = [s for s in plain if len(s.split()) == longest]
    else:
        # "Ligue des droits de l'Homme" rather than its acronym "LDH"
        acronyms = [s for s in plain if re.fullmatch(r"[A-Z0-9&.\-]{2,}", s)]
        words = [s for s in plain if len(s.split()) > 1
                 and any(_is_acronym_of(a, s) for a in acronyms)]
        pool = words or plain
    name = max(pool, key=lambda s: (surfaces[s], len(s), s))
    return name, etype
