"""A second look at speakers the rules left as a phrase: descriptions taken up from the
entity they describe, document nouns given to their author, and words that are no
speaker at all.

The rules of :mod:`recoupe.nlp.quotes` and :mod:`recoupe.nlp.speakers` resolve names,
roles learned from appositions and pronouns. What they leave as written is right for a
body with no name ("la préfecture", "le parquet") but wrong, on text nobody tuned them
on, for three kinds of phrase:

* a description of something named just before: "le quotidien" after "le quotidien La
  Tribune", "le cabinet" after "le cabinet d'avocats Weiss et Lurie", "la psychologue"
  after "Marie de Hennezel, psychologue", "l'association" after "l'ADMD";
* a document noun with no owner: "ajoute le communiqué" after "Natixis a démenti dans un
  communiqué que ...": the communiqué speaks for Natixis;
* words that are no speaker: "C'", "Le", or a sentence-initial "Qui" taking up the
  speaker just quoted ("..., a souligné Jean Leonetti. Qui précise que ...").

Each rule looks only backwards, at entity mentions outside quotes, within a window.
"""

from __future__ import annotations

import re
import tomllib
from collections.abc import Mapping
from dataclasses import dataclass
from functools import lru_cache

from recoupe.model import Mention, Quote
from recoupe.nlp.lexicon import read_resource
from recoupe.nlp.roles import role_head, role_key
from recoupe.nlp.speakers import phrase_gender
from recoupe.nlp.textutil import fold

#: how far back a description or a document noun looks for what it takes up (characters)
LOOKBACK = 1500
#: how far back a class noun takes the latest entity of its type with no other clue
NEAR = 600
#: how far back "Qui" takes up the speaker just quoted
QUI_GAP = 300

_DETERMINERS = frozenset(["le", "la", "les", "l", "un", "une", "des", "ce", "cet", "cette",
                          "ces", "son", "sa", "ses", "leur", "leurs", ""])
_DEFINITE = frozenset(["le", "la", "l", "ce", "cet", "cette", "son", "sa", "leur"])
_MODIFIERS = frozenset(["ex", "ancien", "ancienne", "jeune", "nouveau", "nouvelle", "même"])
#: phrases that are no speaker ("C'est un « incident de marché »")
_NO_SPEAKER = frozenset(["c", "ce", "cela", "ca", "ceci", "le", "la", "les", "l", "il y", "y",
                         "en", "on y"])


@lru_cache(maxsize=1)
def description_heads() -> dict[str, frozenset[str]]:
    """Folded head nouns by kind ("org_class", "person", "document") from
    ``resources/descriptions.toml``."""
    table = tomllib.loads(read_resource("descriptions.toml"))
    return {k: frozenset(fold(w) for w in v) for k, v in table.items()}


@dataclass(slots=True)
class ArticleContext:
    """What the second look reads of one article (entity ids set on mentions)."""

    text: str
    mentions: list[Mention]
    names: Mapping[str, str]
    types: Mapping[str, str]
    genders: Mapping[str, str]


def _words(phrase: str) -> list[str]:
    """Folded words with elided articles cut off ("l'association" -> "association")."""
    return [w.split("'")[-1] for w in fold(phrase).split()]


def phrase_head(phrase: str) -> tuple[str, str]:
    """(determiner, head noun) of a speaker phrase, folded ("l'association" ->
    ("l", "association")); empty strings when absent."""
    first = fold(phrase).split(maxsplit=1)[:1]
    det = ""
    if first and "'" in first[0]:
        det = first[0].split("'")[0]
    elif first and first[0] in _DETERMINERS:
        det = first[0]
    words = [w for w in _words(phrase) if w not in _DETERMINERS and w not in _MODIFIERS]
    head = words[0].removeprefix("ex-") if words else ""
    return det, head


def _named(phrase: str) -> bool:
    """A capitalised word after the first, or after an elision ("l'ADMD"): a name."""
    raw = phrase.replace("’", "'").split()
    return any(w[:1].isupper() for w in raw[1:]) or bool(
        raw and "'" in raw[0] and raw[0].split("'")[-1][:1].isupper())


def phrase_class(phrase: str) -> str:
    """What a speaker phrase is: "none" (no speaker: "C'"), "relative" ("Qui"), "name",
    "orgclass" ("le cabinet"), "person" ("la psychologue"), "document" ("le
    communiqué"), "office" ("le procureur") or "other" ("la préfecture")."""
    words = _words(phrase)
    folded = " ".join(words)
    if folded in _NO_SPEAKER or len(folded) < 2:
        return "none"
    if folded == "qui":
        return "relative"
    if _named(phrase):
        return "name"
    det, head = phrase_head(phrase)
    if det not in _DEFINITE or len(words) > 4:
        return "other"
    heads = description_heads()
    if head in heads["org_class"]:
        return "orgclass"
    if head in heads["person"]:
        return "person"
    if head in heads["document"]:
        return "document"
    if role_head(role_key(phrase)) is not None:
        return "office"
    return "other"


def _has_word(span: str, word: str) -> bool:
    """Whether the folded ``word`` stands as a whole word in ``span``."""
    return re.search(rf"\b{re.escape(word)}\b", fold(span)) is not None


def second_look(ctx: ArticleContext, quotes: list[Quote]) -> int:
    """Resolve, in place, the speakers the rules left as a phrase (see module docstring).

    Args:
        ctx: the article.
        quotes: its quotes in text order, speakers set by the rules.

    Returns:
        How many speakers changed.
    """
    text = ctx.text
    direct = [(q.start, q.end) for q in quotes if q.kind == "direct"]

    def outside(m: Mention) -> bool:
        return not any(s <= m.start < e for s, e in direct)

    def before(pos: int, window: int) -> list[Mention]:
        """Entity mentions outside quotes in the window before ``pos``, latest first."""
        found = [m for m in ctx.mentions if m.entity and pos - window <= m.start
                 and m.end <= pos and outside(m)]
        return sorted(found, key=lambda m: -m.start)

    taken: dict[str, tuple[str, str]] = {}  # phrase -> (entity, name) chosen earlier
    changed = 0
    for i, q in enumerate(quotes):
        if q.speaker is None or q.speaker_entity is not None:
            continue
        phrase = q.speaker
        at = q.speaker_start if q.speaker_start is not None else q.start
        at = min(at, q.start)
        if phrase in taken:
            q.speaker_entity, q.speaker = taken[phrase]
            changed += 1
            continue
        cls = phrase_class(phrase)
        choice: str | None = None
        if cls == "none":
            q.speaker = None
            q.speaker_start = q.speaker_end = None
            changed += 1
            continue
        if cls == "name" and q.speaker_start is not None and q.speaker_end is not None:
            # "La société Ferlux", "le quotidien La Tribune": the organisation that ends
            # the phrase
            inner = [m for m in ctx.mentions if m.entity and q.speaker_start <= m.start
                     and m.end <= q.speaker_end and ctx.types.get(m.entity) == "ORG"]
            if (inner and not text[inner[-1].end : q.speaker_end].strip(" ,.")
                    and phrase_head(phrase)[1] in description_heads()["org_class"]):
                choice = inner[-1].entity
        elif cls == "relative":
            # the speaker quoted just before, else the person named just before
            prev = [p for p in quotes[:i] if p.end <= at and at - p.end <= QUI_GAP]
            if prev and prev[-1].speaker_entity:
                choice = prev[-1].speaker_entity
            else:
                persons = [m for m in before(at, QUI_GAP)
                           if ctx.types.get(m.entity or "") == "PER"]
                choice = persons[0].entity if persons else None
        elif cls == "document":
            _, head = phrase_head(phrase)
            for p in reversed(quotes[:i]):
                if (p.speaker_entity and at - p.start <= LOOKBACK
                        and _has_word(text[max(0, p.start - 200) : p.end + 200], head)):
                    choice = p.speaker_entity
                    break
        elif cls in ("orgclass", "person", "office"):
            _, head = phrase_head(phrase)
            want = "ORG" if cls == "orgclass" else "PER"
            gender = phrase_gender(fold(phrase).split()) if want == "PER" else None
            near = [m for m in before(at, LOOKBACK)
                    if ctx.types.get(m.entity or "") in ((want, "MISC") if want == "ORG"
                                                         else (want,))]
            for m in near:
                around = text[max(0, m.start - 40) : m.start] + " " + text[m.end : m.end + 40]
                if _has_word(around, head):
                    choice = m.entity  # "le cabinet d'avocats Weiss et Lurie"
                    break
            if choice is None and cls != "office":
                close = [m for m in near if at - m.end <= NEAR]
                if cls == "person":
                    close = [m for m in close
                             if gender is None or ctx.genders.get(m.entity or "") in (None, gender)]
                if close:
                    choice = close[0].entity
        if choice is not None:
            name = ctx.names.get(choice, phrase)
            taken[phrase] = (choice, name)
            q.speaker_entity, q.speaker = choice, name
            changed += 1
    return changed
