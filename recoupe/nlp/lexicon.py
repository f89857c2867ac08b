"""Loaders for the French data files in ``recoupe/nlp/resources/``.

Every loader reads its file once (cached) through :mod:`importlib.resources`, so the
files are editable data beside the code and travel with the installed package.
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from typing import Any

from recoupe.nlp.textutil import fold, name_key

_PACKAGE = "recoupe.nlp.resources"


def read_resource(name: str) -> str:
    """Return the text of one data file.

    Args:
        name: file name inside ``recoupe/nlp/resources``.

    Returns:
        The file content (UTF-8).
    """
    return resources.files(_PACKAGE).joinpath(name).read_text(encoding="utf-8")


def _lines(name: str) -> list[str]:
    out = []
    for line in read_resource(name).splitlines():
        line = line.strip()
        if line and not line.startswith("#"):
            out.append(line)
    return out


# --------------------------------------------------------------------------- verbs


@dataclass(frozen=True, slots=True)
class VerbForm:
    """One inflected form of a reporting verb."""

    lemma: str
    #: "participle" | "finite" | "gerund" | "infinitive"
    tense: str
    #: the verb introduces reported speech with "que"
    que: bool
    #: the verb introduces reported speech with an infinitive ("a affirmé avoir ...")
    inf: bool


def _er_forms(verb: str) -> dict[str, str]:
    """Generate the usual forms of a regular -er verb, -cer/-ger spellings included."""
    stem = verb[:-2]
    if stem.endswith("c"):
        soft = stem[:-1] + "ç"
    elif stem.endswith("g"):
        soft = stem + "e"
    else:
        soft = stem
    forms: dict[str, str] = {}
    for end in ("é", "ée", "és", "ées"):
        forms[stem + end] = "participle"
    for end in ("e", "ent", "ait", "aient"):
        base = soft if end.startswith("a") else stem
        forms[base + end] = "finite"
    forms[soft + "a"] = "finite"
    forms[stem + "èrent"] = "finite"
    for end in ("a", "ont", "ait", "aient"):
        forms[verb + end] = "finite"
    forms[soft + "ant"] = "gerund"
    forms[verb] = "infinitive"
    return forms


@lru_cache(maxsize=1)
def reporting_verbs() -> dict[str, VerbForm]:
    """Map every inflected reporting-verb form (lower case, one space) to its verb.

    Returns:
        ``{"déclare": VerbForm("déclarer", "finite", True, True), ...}``; accents are
        kept ("ajoute" is a present, "ajouté" a participle); see :func:`lookup_verb`.
    """
    table: dict[str, VerbForm] = {}
    for line in _lines("reporting_verbs.txt"):
        parts = [p.strip() for p in line.split("|")]
        while len(parts) < 3:
            parts.append("")
        lemma, extra, flags = parts[0], parts[1], parts[2].split()
        que, inf = "que" in flags, "inf" in flags
        base = re.sub(r"^(?:se |s')", "", lemma)
        forms: dict[str, str] = {}
        if base.endswith("er") and " " not in base:
            forms.update(_er_forms(base))
        elif " " not in base:
            forms[base] = "infinitive"
        for form in extra.split():
            word = form.replace("_", " ")
            # irregular participles double as 3sg present ("dit", "admet"): both are cues
            forms[word] = "gerund" if word.endswith("ant") else (
                "participle" if re.search(r"(?:u|ue|us|is|ise|i|it|ite|é|ée)(?: |$)", word)
                else "finite")
        for form, tense in forms.items():
            key = _verb_key(form)
            if key not in table:
                table[key] = VerbForm(lemma, tense, que, inf)
    return table


def _verb_key(form: str) -> str:
    return re.sub(r"\s+", " ", form.casefold().replace("’", "'")).strip()


@lru_cache(maxsize=1)
def _folded_verbs() -> dict[str, VerbForm]:
    out: dict[str, VerbForm] = {}
    for key, form in reporting_verbs().items():
        out.setdefault(fold(key), form)
    return out


def lookup_verb(word: str) -> VerbForm | None:
    """The reporting verb of an inflected form, accents first, then accent-insensitive.

    Args:
        word: the form as written ("ajoute", "ajouté", "mis en garde").

    Returns:
        The verb form, or None when the word is no reporting verb.
    """
    return reporting_verbs().get(_verb_key(word)) or _folded_verbs().get(fold(word))


# --------------------------------------------------------------------------- entities


@dataclass(frozen=True, slots=True)
class AliasEntry:
    """A line of the alias table: the canonical name, its type and the variant keys."""

    canonical: str
    type: str | None


@lru_cache(maxsize=1)
def alias_table() -> dict[str, AliasEntry]:
    """Map the :func:`name_key` of every known variant to its canonical entry.

    Returns:
        ``{"kiev": AliasEntry("Kyiv", "LOC"), "kyiv": AliasEntry("Kyiv", "LOC"), ...}``.
    """
    out: dict[str, AliasEntry] = {}
    for line in _lines("aliases.tsv"):
        cols = [c.strip() for c in line.split("\t") if c.strip()]
        if len(cols) < 2:
            continue
        canonical, etype = cols[0], cols[1]
        entry = AliasEntry(canonical, None if etype == "-" else etype)
        for variant in [canonical, *cols[2:]]:
            out.setdefault(name_key(variant), entry)
    return out


@lru_cache(maxsize=1)
def lowercase_names() -> tuple[re.Pattern[str] | None, dict[str, AliasEntry]]:
    """Alias-table names written in lower case ("dalaï lama"), which NER models miss.

    Returns:
        A pattern matching any of their variants (None when there are none), and a map
        from the folded variant to its entry.
    """
    table: dict[str, AliasEntry] = {}
    variants: list[str] = []
    for line in _lines("aliases.tsv"):
        cols = [c.strip() for c in line.split("\t") if c.strip()]
        if len(cols) < 2 or not cols[0][:1].islower():
            continue
        entry = AliasEntry(cols[0], None if cols[1] == "-" else cols[1])
        for variant in [cols[0], *cols[2:]]:
            table[fold(variant)] = entry
            variants.append(variant)
    if not variants:
        return None, table
    alt = "|".join(re.escape(v) for v in sorted(variants, key=len, reverse=True))
    return re.compile(rf"(?<![\w-])(?:{alt})(?![\w-])", re.IGNORECASE), table


@lru_cache(maxsize=1)
def calendar() -> dict[str, Any]:
    """Return the French calendar words (``weekdays`` list, ``months`` name -> number)."""
    return tomllib.loads(read_resource("calendar.toml"))


@lru_cache(maxsize=1)
def entity_stoplist() -> frozenset[str]:
    """Folded strings that are never entities (web debris, weekdays, months, determiners).

    Returns:
        A frozenset of :func:`fold`-ed strings.
    """
    words = {fold(w) for w in _lines("entity_stoplist.txt")}
    cal = calendar()
    words.update(fold(w) for w in cal["weekdays"])
    words.update(fold(m).rstrip(".") for m in cal["months"])
    return frozenset(words)


@lru_cache(maxsize=1)
def role_heads() -> tuple[str, ...]:
    """Folded role head nouns, longest first ("secretaire general" before "secretaire")."""
    heads = {fold(re.split(r"[=>]", w)[0].strip()) for w in _lines("roles.txt")}
    return tuple(sorted(heads, key=lambda s: (-len(s), s)))


@lru_cache(maxsize=1)
def role_synonyms() -> dict[str, str]:
    """Folded role heads that name another head's office ("chef de l'etat" ->
    "president"), from the ``a = b`` lines of ``roles.txt``."""
    out: dict[str, str] = {}
    for line in _lines("roles.txt"):
        if "=" in line:
            left, right = (fold(part.strip()) for part in line.split("=", 1))
            out[left] = right
    return out


@lru_cache(maxsize=1)
def role_hyponyms() -> dict[str, tuple[str, ...]]:
    """Folded role heads and the narrower offices they cover ("magistrat" -> "procureur",
    "juge", ...), from the ``a > b c`` lines of ``roles.txt``."""
    out: dict[str, tuple[str, ...]] = {}
    for line in _lines("roles.txt"):
        if ">" in line:
            left, right = line.split(">", 1)
            out[fold(left.strip())] = tuple(fold(w) for w in right.split())
    return out


@lru_cache(maxsize=1)
def institution_refs() -> dict[str, list[str]]:
    """Folded common-noun phrases -> the institutions they stand for (``institutions.toml``)."""
    table = tomllib.loads(read_resource("institutions.toml")).get("refers", {})
    return {fold(k): list(v) for k, v in table.items()}


@lru_cache(maxsize=1)
def numbers() -> dict[str, Any]:
    """Return the number words (``units``, ``multipliers``, ``approx_nouns``, ``modifiers``)."""
    return tomllib.loads(read_resource("numbers.toml"))


@lru_cache(maxsize=1)
def first_name_genders() -> dict[str, str]:
    """Folded first name -> "F" or "M" (``resources/first_names.tsv``)."""
    out: dict[str, str] = {}
    for line in _lines("first_names.tsv"):
        cols = line.split("\t")
        if len(cols) >= 2 and cols[1].strip() in ("F", "M"):
            out[fold(cols[0])] = cols[1].strip()
    return out


def canonical_alias(name: str) -> AliasEntry | None:
    """Look a surface form up in the alias table.

    Args:
        name: an entity surface form.

    Returns:
        The alias entry, or None when the name is not in the table.
    """
    return alias_table().get(name_key(name))
