"""Event signatures of claims: which event predicates a claim states.

A claim's *predicates* are the classes of ``resources/predicates_<lang>.txt`` whose
forms occur in it: a verb and its nominalisations share a class ("vont fournir",
"la fourniture", "l'approvisionnement", "livraison" → ``fournir``; "a fermé", "la
fermeture" → ``fermer``). Alignment uses them with the claim's *key words* (its content
lemmas that are neither predicate forms nor common in the scope):

- two claims with a shared predicate and a shared key word ("mines", "ambassade") state
  the same event even when the embedding of the whole sentences is low;
- two claims whose predicates are all different ("fermer" vs "avertir", "abattre" vs
  "prendre") do not, however close the topic makes their embeddings.
"""

from __future__ import annotations

import re
from functools import lru_cache
from importlib import resources

from recoupe.reuse.tokens import fold

_WORD = re.compile(r"\w+", re.UNICODE)


class PredicateLexicon:
    """Predicate classes: exact forms, prefixes, exclusions and phrases (folded)."""

    def __init__(self, lines: list[str]) -> None:
        self.exact: dict[str, set[str]] = {}
        self.prefixes: list[tuple[str, str]] = []
        self.excluded: set[str] = set()
        self.excluded_prefixes: list[str] = []
        self.phrases: list[tuple[tuple[str, ...], str]] = []
        for line in lines:
            line = line.strip()
            if not line or line.startswith("#") or ":" not in line:
                continue
            name, _, forms = line.partition(":")
            name = name.strip()
            for phrase in re.findall(r'"([^"]+)"', forms):
                self.phrases.append((tuple(fold(phrase).split()), name))
            for form in re.sub(r'"[^"]+"', " ", forms).split():
                form = fold(form)
                if form.startswith("-"):
                    if form.endswith("*"):
                        self.excluded_prefixes.append(form[1:-1])
                    else:
                        self.excluded.add(form[1:])
                elif form.endswith("*"):
                    self.prefixes.append((form[:-1], name))
                else:
                    self.exact.setdefault(form, set()).add(name)
        self.prefixes.sort(key=lambda t: -len(t[0]))

    @lru_cache(maxsize=200_000)  # noqa: B019 - one lexicon per language, kept for the run
    def word_classes(self, word: str) -> frozenset[str]:
        """Classes of one folded word (empty when it is no predicate form)."""
        if word in self.excluded or any(word.startswith(x) for x in self.excluded_prefixes):
            return frozenset()
        out = set(self.exact.get(word, ()))
        for prefix, name in self.prefixes:
            if word.startswith(prefix):
                out.add(name)
        return frozenset(out)

    def find(self, text: str) -> tuple[tuple[str, ...], frozenset[str]]:
        """(classes in order of first occurrence, folded predicate words) of a text."""
        words = [fold(w) for w in _WORD.findall(text)]
        first: dict[str, int] = {}
        used: set[str] = set()
        taken: set[int] = set()
        for phrase, name in self.phrases:  # a phrase's words say nothing on their own
            n = len(phrase)
            for k in range(len(words) - n + 1):
                if tuple(words[k:k + n]) == phrase and k not in taken:
                    first[name] = min(first.get(name, k), k)
                    used.update(phrase)
                    taken.update(range(k, k + n))
        for k, w in enumerate(words):
            if k in taken:
                continue
            c = self.word_classes(w)
            if c:
                used.add(w)
                for name in c:
                    first.setdefault(name, k)
        return tuple(sorted(first, key=lambda c: (first[c], c))), frozenset(used)


@lru_cache(maxsize=4)
def lexicon(language: str = "fr") -> PredicateLexicon:
    """The predicate lexicon of ``language`` (French as the fallback)."""
    base = resources.files("recoupe.claims").joinpath("resources")
    name = f"predicates_{language}.txt"
    if not base.joinpath(name).is_file():
        name = "predicates_fr.txt"
    return PredicateLexicon(base.joinpath(name).read_text(encoding="utf-8").splitlines())


def predicates(text: str, language: str | None = None) -> tuple[tuple[str, ...], frozenset[str]]:
    """The predicate classes a text states, in order of first occurrence (the first is
    taken as the claim's main predicate), and the folded words that state them.

    >>> predicates("Washington prévoyait l'approvisionnement de l'Ukraine en mines")[0]
    ('fournir',)
    """
    return lexicon((language or "fr")[:2]).find(text)


def compatible(a: tuple[str, ...], b: tuple[str, ...], disjoint_only: bool = False
               ) -> bool | None:
    """Whether two claims' predicates can state one event: True when the main predicate
    of one is among the other's; False when neither is (``disjoint_only``: only when
    they share no predicate at all); None when one claim has none."""
    if not a or not b:
        return None
    if a[0] in b or b[0] in a:
        return True
    return bool(set(a) & set(b)) if disjoint_only else False
