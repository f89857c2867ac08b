"""Role phrases next to names: "le porte-parole du Kremlin, Dmitri Peskov".

Journalists name a person once with a role in apposition, then refer to the role alone
("a déclaré le porte-parole du Kremlin"). :func:`learn_roles` finds the appositions of an
article (role before the name, with or without a comma; role after the name between
commas), so that quote speakers given by role can be resolved to the named person.
Role head nouns come from ``resources/roles.txt``.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field
from functools import lru_cache

from recoupe.model import Mention
from recoupe.nlp.lexicon import role_heads, role_synonyms
from recoupe.nlp.textutil import fold

_DETS = ("le", "la", "l'", "les")
_INDEFINITE = ("un", "une", "des")
#: words that end a role phrase (verbs, relatives, conjunctions introducing a clause)
_BREAK_WORDS = frozenset(
    [
        "a", "ont", "est", "sont", "avait", "avaient", "était", "étaient", "sera", "seront",
        "aurait", "qui", "que", "qu'", "dont", "où", "selon", "mais", "car", "donc", "or",
        "ni", "lui", "elle", "il", "ils", "elles", "se", "s'", "ne", "n'", "y", "a-t-il",
        "a-t-elle",
    ]
)
#: auxiliaries and copulas: a role phrase they follow is a clause subject
_FINITE_AUX = frozenset(
    ["a", "ont", "est", "sont", "avait", "avaient", "était", "étaient", "sera", "seront",
     "aurait"]
)
_COMPLEMENT_PREPS = frozenset([
    "de", "du", "des", "d'", "à", "au", "aux", "par", "pour", "avec", "contre", "chez", "sur",
])
_CONNECTORS = frozenset([
    "de", "du", "des", "d'", "l'", "la", "le", "les", "au", "aux", "à", "en", "et", "sur",
    "pour", "chez",
])
_NATIONALITY_RE = re.compile(
    r"^[A-ZÉ][a-zéèëïô]+(?:ain|aine|ais|aise|ien|ienne|ois|oise|and|ande|ol|ole|ec|èque|"
    r"in|ine|on|onne|ate|ote|ite|e)$"
)
_WORD_RE = re.compile(r"[\w’'-]+|[^\w\s]", re.UNICODE)
#: adjectives written before a role noun ("ancien ministre", "septuple vainqueur"), folded
_PREPOSED_RE = re.compile(
    r"(?:ex|ex-\w+|ancien(?:ne)?|nouvel(?:le)?|nouveau|premier|premiere|second(?:e)?|\w+ieme|"
    r"haut(?:e)?|jeune|vieux|vieil(?:le)?|futur(?:e)?|grand(?:e)?|petit(?:e)?|"
    r"principal(?:e)?|actuel(?:le)?|eternel(?:le)?|celebre|double|triple|\w+uple|seul(?:e)?|"
    r"dernier|derniere|eminent(?:e)?|puissant(?:e)?|influent(?:e)?|fameux|fameuse|"
    r"veritable|vrai(?:e)?|simple|brillant(?:e)?|charismatique|bouillant(?:e)?|tout-puissant|"
    r"tres|plus|vice|sous|co|pro|anti|[\w-]+-)"
)


@dataclass(frozen=True, slots=True)
class RoleLink:
    """A role phrase attached to a person mention in one article."""

    #: folded role without determiner ("porte-parole du kremlin")
    key: str
    #: the phrase as written, determiner included when there is one
    text: str
    start: int
    end: int
    #: index of the person mention in ``article.mentions``
    mention: int


@dataclass
class RoleMap:
    """Role key -> votes for person keys, with a head-noun fallback."""

    full: dict[str, Counter[str]] = field(default_factory=dict)
    heads: dict[str, Counter[str]] = field(default_factory=dict)

    def add(self, key: str, person: str) -> None:
        """Record that the role ``key`` designates ``person`` (an entity key)."""
        self.full.setdefault(key, Counter())[person] += 1
        head = role_head(key)
        if head:
            self.heads.setdefault(head, Counter())[person] += 1

    def lookup(self, key: str) -> str | None:
        """Person key designated by a role, if the map knows it unambiguously.

        Args:
            key: a folded role phrase without determiner.

        Returns:
            The person key, or None.
        """
        if key in self.full:
            return self.full[key].most_common(1)[0][0]
        if key.startswith("ex-"):
            # "l'ex-otage" is the "otage" of the apposition
            found = self.lookup(key[3:])
            if found is not None:
                return found
        head = role_head(key)
        if head is None:
            return None
        # "le porte-parole" alone: the only porte-parole learned
        if key == head and head in self.heads and len(self.heads[head]) == 1:
            return next(iter(self.heads[head]))
        # "le président ukrainien" vs learned "président ukrainien volodymyr": prefix match
        matches = {p for k, c in self.full.items() if k.startswith(key + " ") for p in c}
        if len(matches) == 1:
            return next(iter(matches))
        return None

    def lookup_head(self, key: str) -> str | None:
        """Person of the only role learned with the same head noun ("le chef spirituel
        tibétain" after "le dalaï lama, chef spirituel des Tibétains"); for article maps.

        Args:
            key: a folded role phrase without determiner.

        Returns:
            The person key, or None when no or several persons hold that head.
        """
        head = role_head(key)
        if head is None or head not in self.heads or len(self.heads[head]) != 1:
            return None
        person = next(iter(self.heads[head]))
        # its qualifiers must not contradict the learned role: "le député UMP" is not
        # "le député socialiste de la Nièvre" ("le chef spirituel tibétain" fits "chef
        # spirituel des Tibétains")
        learned = {w[:5] for k, votes in self.full.items() if person in votes
                   and role_head(k) == head for w in k.split()}
        extra = [w for w in key.split() if w not in _CONNECTORS and w not in head.split()]
        if any(w[:5] not in learned for w in extra):
            return None
        return person

    def merge(self, other: RoleMap) -> None:
        """Add the votes of another map."""
        for key, votes in other.full.items():
            for person, n in votes.items():
                for _ in range(n):
                    self.add(key, person)


@lru_cache(maxsize=1)
def _head_pattern() -> re.Pattern[str]:
    heads = [h.replace(" ", r"\s+") for h in role_heads()]
    return re.compile(r"(?:^|\s)(" + "|".join(heads) + r")(?=$|[\s,])")


def role_key(phrase: str) -> str:
    """Folded role phrase without its determiner ("Le porte-parole du Kremlin" -> ...).

    Args:
        phrase: the role as written.

    Returns:
        The key.
    """
    key = fold(phrase).strip(" ,")
    key = re.sub(r"^(?:l'|le |la |les |un |une |ce |cet |cette )", "", key)
    return re.sub(r"\s+", " ", key)


def role_head(key: str) -> str | None:
    """The role head noun of a folded role phrase, if it has one in its first words.

    Args:
        key: output of :func:`role_key`.

    Returns:
        The head ("porte-parole", "premier ministre") or None.
    """
    m = _head_pattern().search(" " + key)
    if m is None:
        return None
    # the head must come early: at most two modifiers before it ("septuple vainqueur"),
    # and no complement ("visite du président" is not a role)
    before = key[: max(0, m.start(1) - 1)].split()
    if len(before) > 2 or any(w in _CONNECTORS or w.endswith("'") for w in before):
        return None
    if before and not all(_PREPOSED_RE.fullmatch(w) for w in before):
        return None  # "inspection generale": the role word is an adjective of a noun
    head = re.sub(r"\s+", " ", m.group(1))
    return role_synonyms().get(head, head)


def is_nationality_noun(word: str) -> bool:
    """Whether a capitalised word looks like a nationality noun ("Américain")."""
    return bool(_NATIONALITY_RE.match(word))


def role_before(text: str, pos: int, lo: int = 0) -> tuple[int, str] | None:
    """A role phrase ending right before ``pos`` (a name), with or without a comma.

    Args:
        text: the article text.
        pos: start of the name.
        lo: do not look before this offset.

    Returns:
        ``(start, phrase)`` or None.
    """
    window_start = max(lo, pos - 160)
    window = text[window_start:pos]
    stripped = window.rstrip()
    if stripped.endswith(","):
        stripped = stripped[:-1].rstrip()
    if not stripped:
        return None
    tokens = list(_WORD_RE.finditer(stripped))
    if tokens and tokens[-1].group(0).casefold().replace("’", "'") in _COMPLEMENT_PREPS:
        return None  # "à l'adresse de Laurence Parisot": a complement, not an apposition
    # walk back over the phrase until a determiner that opens it
    for i in range(len(tokens) - 1, -1, -1):
        word = tokens[i].group(0)
        low = word.casefold().replace("’", "'")
        if not re.match(r"[\w']", word) and word not in ("-",):
            return None
        if low in _BREAK_WORDS and low not in ("l'",):
            return None
        is_det = low in _DETS or (low.startswith("l'") and len(low) > 2)
        if is_det:
            prev = tokens[i - 1].group(0).casefold() if i > 0 else ""
            if prev in ("de", "du", "des", "d'", "à", "au", "aux"):
                continue  # "de la diplomatie": a complement, keep going back
            start = tokens[i].start()
            phrase = stripped[start:]
            key = role_key(phrase)
            if role_head(key) or _single_nationality(phrase):
                return window_start + start, phrase
        if i < len(tokens) - 8:
            return None
    return None


def _single_nationality(phrase: str) -> bool:
    words = re.sub(r"^(?:l['’]|le |la )", "", phrase, flags=re.IGNORECASE).split()
    return len(words) == 1 and is_nationality_noun(words[0])


def role_after(text: str, pos: int, hi: int | None = None) -> tuple[int, int, str] | None:
    """A role phrase in apposition after a name: ", directeur des renseignements, ...".

    Args:
        text: the article text.
        pos: end of the name.
        hi: do not look past this offset.

    Returns:
        ``(start, end, phrase)`` or None.
    """
    limit = min(len(text), hi if hi is not None else len(text), pos + 160)
    m = re.match(r"\s*,\s*", text[pos:limit])
    if not m:
        return None
    start = pos + m.end()
    end = start
    for count, tok in enumerate(_WORD_RE.finditer(text, start, limit)):
        word = tok.group(0)
        low = word.casefold().replace("’", "'")
        if word in (",", ".", ";", ":", "(", ")", "«", "»", '"', "“", "”", "!", "?"):
            break
        if low in _FINITE_AUX:
            # "Peu avant de voir X, le président français avait demandé": the phrase is
            # the subject of the next clause, not an apposition to X
            return None
        if low in _BREAK_WORDS:
            break
        if count >= 12:
            return None
        end = tok.end()
    if end == start:
        return None
    # "X, le patron de la CFDT, François Chérèque": the role belongs to the next name
    if re.match(r"\s*,\s*[A-ZÀ-Ý]", text[end : end + 4]):
        return None
    phrase = text[start:end]
    key = role_key(phrase)
    if fold(phrase).split()[0] in _INDEFINITE and role_head(key) is None:
        return None
    if role_head(key) is None:
        return None
    return start, end, phrase


def learn_roles(text: str, mentions: list[Mention]) -> list[RoleLink]:
    """Find the role appositions attached to person mentions.

    Args:
        text: the article text.
        mentions: its cleaned mentions (text order).

    Returns:
        One :class:`RoleLink` per role phrase found next to a PER mention.
    """
    out: list[RoleLink] = []
    prev_end = 0
    for i, mention in enumerate(mentions):
        if mention.label != "PER":
            continue
        # "Me Cécile Bernaille": Maître is a lawyer's title
        if re.search(r"(?<!\w)Me\s+$", text[max(0, mention.start - 4) : mention.start]):
            for word in ("avocat", "avocate"):
                out.append(RoleLink(word, "Me", mention.start - 3, mention.start, i))
        before = role_before(text, mention.start, lo=prev_end)
        if before is not None:
            start, phrase = before
            out.append(RoleLink(role_key(phrase), phrase, start, start + len(phrase), i))
        nxt = next((m.start for m in mentions[i + 1 :] if m.label == "PER"), None)
        after = role_after(text, mention.end, hi=nxt)
        if after is not None:
            start, end, phrase = after
            out.append(RoleLink(role_key(phrase), phrase, start, end, i))
        prev_end = mention.end
    return out
