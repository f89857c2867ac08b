"""The French analysis layer: one call fills sentences, mentions, dates, quantities, and
returns the resolved entities and the quotes.

Stages (each reads only what the one before gives):

1. fast spaCy pass (NER + senter) over all texts, streamed (:mod:`.pipeline`);
2. per text, rules: mention cleaning (:mod:`.entities`), dates (:mod:`.timex`),
   quantities (:mod:`.quantities`), quote spans with speaker spans (:mod:`.quotes`),
   role appositions (:mod:`.roles`);
3. the dependency parser, only on the sentences whose quote cue has no subject the
   rules could read;
4. entity resolution across articles, scoped by story groups;
5. speaker resolution: names, roles learned in the article or its group, pronouns;
6. a second look at the speakers left as a phrase (:mod:`.attribution`).
"""

from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass, field

from recoupe.config import Options
from recoupe.model import Article, Entity, Mention, Quote, Sentence
from recoupe.nlp.attribution import ArticleContext, second_look
from recoupe.nlp.entities import (
    add_lowercase_names,
    clean_mentions,
    entity_key,
    group_for,
    resolve_entities,
)
from recoupe.nlp.pipeline import FrenchPipeline, get_pipeline, mend_quote_marks
from recoupe.nlp.quantities import extract_quantities
from recoupe.nlp.quotes import RawQuote, SpeakerSpan, extract_quotes, subject_from_parse
from recoupe.nlp.roles import RoleMap, learn_roles
from recoupe.nlp.speaker_decision import MIN_CONFIDENCE, decide_speakers
from recoupe.nlp.speakers import Resolved, SpeakerResolver, entity_genders
from recoupe.nlp.textutil import fold
from recoupe.nlp.timex import resolve_dates

_PARTICLES = frozenset([
    "de", "du", "des", "d'", "van", "von", "der", "den", "al", "el", "ben", "bin", "ibn", "la",
    "le",
])


@dataclass
class NlpResult:
    """What :func:`analyze` returns besides the articles it fills in place."""

    entities: list[Entity] = field(default_factory=list)
    quotes: list[Quote] = field(default_factory=list)
    #: how many sentences went through the dependency parser
    parsed_sentences: int = 0


@dataclass
class _Work:
    article: Article
    raw: list[RawQuote]


def analyze(
    articles: list[Article],
    options: Options | None = None,
    groups: dict[str, str] | None = None,
    pipeline: FrenchPipeline | None = None,
) -> NlpResult:
    """Run the French analysis layer over articles.

    Fills in place each article's ``sentences``, ``mentions`` (with ``entity`` ids),
    ``dates`` and ``quantities``.

    Args:
        articles: cleaned articles (``text`` is what offsets index; ``published`` is
            "YYYY-MM-DD", an ISO datetime or None).
        options: run options (``[nlp]`` model, batch_size, n_process); None = defaults.
        groups: article id -> story id, scoping short-name and role resolution
            ("Zelensky" joins "Volodymyr Zelensky" of the same story); None = one group.
        pipeline: a pipeline to use instead of the cached one for ``options``.

    Returns:
        The entities and quotes of all articles.
    """
    nlp = pipeline or get_pipeline(options)
    min_confidence = float(options.get("nlp.speaker_min_confidence", MIN_CONFIDENCE)
                           if options is not None else MIN_CONFIDENCE)
    work: list[_Work] = []
    texts = [a.text for a in articles]
    for article, feats in zip(articles, nlp.features(texts), strict=True):
        text = article.text
        article.sentences = [Sentence(s, e) for s, e in mend_quote_marks(text, feats.sentences)]
        article.mentions = add_lowercase_names(text, clean_mentions(text, feats.entities))
        article.dates = resolve_dates(text, article.published)
        spans = [(d.start, d.end) for d in article.dates]
        article.quantities = extract_quantities(text, exclude=spans)
        found = extract_quotes(text, article.mentions, time_spans=spans)
        work.append(_Work(article, found))

    parsed = _parse_stage(nlp, work)
    for w in work:
        _add_speaker_mentions(w)

    # roles learned from appositions, per article and per group
    article_roles: dict[str, RoleMap] = {}
    group_roles: dict[str, RoleMap] = defaultdict(RoleMap)
    role_aliases: dict[tuple[str, str], set[str]] = defaultdict(set)
    for w in work:
        a = w.article
        g = group_for(a.id, groups)
        rmap = RoleMap()
        for link in learn_roles(a.text, a.mentions):
            person = entity_key(a.mentions[link.mention].text, "PER")
            rmap.add(link.key, person)
            role_aliases[(g, person)].add(_alias_form(link.text))
        article_roles[a.id] = rmap
        group_roles[g].merge(rmap)

    index = resolve_entities(articles, groups, role_aliases)
    names = {e.id: e.name for e in index.entities}
    types = {e.id: e.type for e in index.entities}
    by_id = {e.id: e for e in index.entities}
    genders = entity_genders([(a.text, a.mentions) for a in articles], names, types)

    quotes: list[Quote] = []
    for w in work:
        a = w.article
        g = group_for(a.id, groups)

        def person_entity(key: str, g: str = g) -> str | None:
            return index.by_key.get((g, key)) or index.by_key.get(("", key))

        resolver = SpeakerResolver(a.text, a.mentions, [article_roles[a.id], group_roles[g]],
                                   person_entity, names, types, genders)
        resolver.quote_spans = [(r.start, r.end) for r in w.raw if r.kind == "direct"]
        resolver.find_subjects([(x.start, x.end) for x in a.sentences])
        for phrase, eid in resolver.role_aliases:
            entity = by_id[eid]
            alias = _alias_form(phrase)
            if alias not in entity.aliases and alias != entity.name:
                entity.aliases.append(alias)
        n = 0
        first = len(quotes)
        headings: list[Quote] = []
        for raw in w.raw:
            resolved: Resolved | None = None
            if raw.speaker is not None:
                resolved = resolver.resolve(raw.speaker.start, raw.speaker.end,
                                            raw.speaker.kind)
            elif raw.kind == "direct" and not raw.needs_parse and not raw.heading:
                resolved = resolver.run_on(raw.start)
            if resolved is not None and resolved.text is None and resolved.entity:
                resolved.text = names.get(resolved.entity)
            if resolved is not None and not raw.heading:
                resolver.remember(raw.start, resolved)
            if raw.kind == "direct" and _is_scare(a.text, raw):
                continue
            cue_text = None
            if raw.cue is not None:
                cue_text = a.text[raw.cue.start : raw.cue.end]
            elif raw.speaker is not None:
                sel = re.search(r"(selon|d['’]après|pour)\s*$",
                                a.text[max(0, raw.speaker.start - 12) : raw.speaker.start],
                                re.IGNORECASE)
                cue_text = sel.group(1) if sel else None
            quotes.append(Quote(
                id=f"{a.id}:q{n}", article=a.id, text=a.text[raw.start : raw.end],
                start=raw.start, end=raw.end, kind=raw.kind,
                speaker=resolved.text if resolved else None,
                speaker_entity=resolved.entity if resolved else None,
                cue=cue_text,
                speaker_start=resolved.start if resolved else None,
                speaker_end=resolved.end if resolved else None,
            ))
            n += 1
            if raw.heading:
                headings.append(quotes[-1])
        _heading_speakers(a.text, headings, quotes[first:])
        second_look(ArticleContext(a.text, a.mentions, names, types, genders), quotes[first:])
        decide_speakers(a.text, quotes[first:], min_confidence)
    return NlpResult(entities=index.entities, quotes=quotes, parsed_sentences=parsed)


def _content_words(text: str) -> set[str]:
    return {w for w in re.findall(r"\w+", fold(text)) if len(w) > 3}


def _heading_speakers(text: str, headings: list[Quote], quotes: list[Quote]) -> None:
    """Give a quote in a title or subheading the speaker of the body quote it repeats
    (most of its words again), else of the first attributed quote in the paragraph
    right after the heading; otherwise it stays without speaker.

    Args:
        text: the article text.
        headings: the heading quotes of the article (changed in place).
        quotes: all the article's quotes, in text order.
    """
    for h in headings:
        words = _content_words(h.text)
        later = [q for q in quotes if q.start > h.end and q.speaker and q not in headings]
        best: tuple[float, int] | None = None
        for i, q in enumerate(later):
            if not words:
                break
            share = len(words & _content_words(q.text)) / len(words)
            if share >= 0.5 and (best is None or share > best[0]):
                best = (share, i)
        source = later[best[1]] if best is not None else None
        if source is None:
            line_end = text.find("\n", h.end)
            nxt_end = text.find("\n", line_end + 1) if line_end != -1 else -1
            if line_end != -1:
                nxt_end = len(text) if nxt_end == -1 else nxt_end
                source = next((q for q in later if q.start < nxt_end), None)
        if source is not None:
            h.speaker, h.speaker_entity = source.speaker, source.speaker_entity


def _is_scare(text: str, raw: RawQuote) -> bool:
    """Two or three words between quotes with no speaker in their own sentence."""
    words = len(text[raw.start : raw.end].split())
    return words <= 3 and raw.speaker is None


def _alias_form(phrase: str) -> str:
    """Role phrase as an alias: a capitalised sentence-initial article is lowered."""
    return re.sub(r"^(Le|La|Les|L['’])(?=\s|[a-zà-ÿ])", lambda m: m.group(1).lower(), phrase)


def _parse_stage(nlp: FrenchPipeline, work: list[_Work]) -> int:
    """Run the parser on the sentences whose cue has no subject yet; returns their count."""
    requests: list[tuple[RawQuote, int, str, int]] = []
    for w in work:
        text = w.article.text
        for raw in w.raw:
            if not raw.needs_parse or raw.cue is None or raw.sentence is None:
                continue
            s, e = raw.sentence
            requests.append((raw, s, text[s:e], raw.cue.verb_start - s))
    if not requests:
        return 0
    spans = _parsed_subjects(nlp, [(r[2], r[3]) for r in requests])
    for (raw, offset, sentence, _cue_offset), span in zip(requests, spans, strict=True):
        if span is None:
            continue
        start, end = span
        phrase = sentence[start:end]
        kind = "pronoun" if phrase.casefold() in ("il", "elle", "ils", "elles", "on") else "np"
        raw.speaker = SpeakerSpan(offset + start, offset + end, kind)
        raw.needs_parse = False
        raw.rule = "parse"
    return len(requests)


def _parsed_subjects(nlp: FrenchPipeline, items: list[tuple[str, int]]
                     ) -> list[tuple[int, int] | None]:
    """The subject of each cue (sentence, cue offset) from the parser, with the answers of
    earlier runs read from the per-text disk cache (:mod:`recoupe.cache`): the parser model
    is then not even loaded when every sentence was parsed before."""
    import hashlib
    import json

    from recoupe.cache import disk_cache, spacy_version

    disk = disk_cache()
    kind = f"parse:{nlp.model}:{spacy_version()}"
    keys = [hashlib.blake2b(f"{cue}\x00{sent}".encode("utf-8", "surrogatepass"), digest_size=16).digest()
            for sent, cue in items]
    stored = disk.get_many(kind, keys) if disk is not None else {}
    out: list[tuple[int, int] | None] = [None] * len(items)
    todo: list[int] = []
    for i, k in enumerate(keys):
        if k in stored:
            v = json.loads(stored[k])
            out[i] = (int(v[0]), int(v[1])) if v else None
        else:
            todo.append(i)
    if todo:
        docs = nlp.parse([items[i][0] for i in todo])
        fresh: list[tuple[bytes, bytes]] = []
        for i, doc in zip(todo, docs, strict=True):
            span = subject_from_parse(doc, items[i][1])
            out[i] = span
            fresh.append((keys[i], json.dumps(list(span) if span else None).encode()))
        if disk is not None:
            disk.put_many(kind, fresh)
    return out


def _add_speaker_mentions(w: _Work) -> None:
    """Speaker names the NER missed ("a déclaré Guillaume Didier") become PER mentions."""
    a = w.article
    added: list[Mention] = []
    for raw in w.raw:
        sp = raw.speaker
        if sp is None or sp.kind != "np":
            continue
        if any(sp.start <= m.start and m.end <= sp.end and m.label == "PER" for m in a.mentions):
            continue
        run = _name_run(a.text, sp.start, sp.end)
        if run is None:
            phrase = a.text[sp.start : sp.end]
            before = a.text[: sp.start].rstrip()
            if re.fullmatch(r"[A-ZÀ-Ý][a-zà-ÿ-]{2,}", phrase) and before and \
                    before[-1] not in ".!?\n:«\"“":
                run = (sp.start, sp.end)  # "a déclaré Contador": a surname alone
            else:
                continue
        start, end = run
        if any(m.start < end and start < m.end for m in a.mentions + added):
            # an ORG/LOC/MISC label on a person name: relabel when it is the whole run
            for m in a.mentions:
                if m.start == start and m.end == end and m.label == "MISC":
                    m.label = "PER"
            continue
        added.append(Mention(text=a.text[start:end], start=start, end=end, label="PER"))
    if added:
        a.mentions = sorted(a.mentions + added, key=lambda m: (m.start, m.end))


def _name_run(text: str, start: int, end: int) -> tuple[int, int] | None:
    """The last run of 2-4 capitalised words in a phrase, not after "de"/"du"."""
    words = list(re.finditer(r"[\w'’.-]+", text[start:end]))
    best: tuple[int, int] | None = None
    i = 0
    while i < len(words):
        w = words[i].group(0)
        if w[:1].isupper() and not w.endswith(("'", "’")):
            j = i
            while j + 1 < len(words) and (
                words[j + 1].group(0)[:1].isupper()
                or (words[j + 1].group(0).casefold() in _PARTICLES and j + 2 < len(words)
                    and words[j + 2].group(0)[:1].isupper())
            ):
                j += 1
            prev = words[i - 1].group(0).casefold() if i > 0 else ""
            count = j - i + 1
            if 2 <= count <= 4 and prev not in ("de", "du", "des", "d'", "d’") and \
                    not prev.endswith(("d'", "d’")):
                best = (start + words[i].start(), start + words[j].end())
            i = j + 1
        else:
            i += 1
    return best
