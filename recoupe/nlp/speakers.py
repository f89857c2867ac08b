"""Speaker resolution: from the span where a speaker is written to a name and an entity.

Order of evidence for a speaker span:

1. a person named inside it (not as a complement: "le porte-parole de X, Y" is Y);
2. a role learned from an apposition in the article, then in its story group
   ("le porte-parole du Kremlin" -> Dmitri Peskov);
3. a document noun owned by an organisation ("un communiqué du ministère") -> that owner;
4. an organisation or place the phrase starts with ("les Farc", "Washington");
5. a pronoun ("a-t-elle dit"), "ce dernier", or a definite person role not learned
   ("l'ex-otage", "le coureur"): the antecedent, i.e. the latest speaker, else the latest
   person in subject position, else the latest person, whose gender agrees (first-name
   lexicon, "Mme"/"M.", the role's article);
6. otherwise the phrase as written ("un haut responsable américain").

A direct quote with no speaker at all takes the latest speaker of the article when it is
close (a quote running on in the next sentence or paragraph).
"""

from __future__ import annotations

import bisect
import re
import tomllib
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from functools import cached_property, lru_cache
from importlib import resources

from recoupe.model import Mention
from recoupe.nlp.lexicon import first_name_genders, institution_refs, role_hyponyms
from recoupe.nlp.roles import RoleMap, is_nationality_noun, role_head, role_key
from recoupe.nlp.textutil import fold

_DOC_NOUNS = frozenset(
    [
        "communiqué", "communiqués", "rapport", "rapports", "déclaration", "texte", "document",
        "documents", "information", "informations", "estimation", "estimations", "bilan",
        "bilans", "chiffres", "sondage", "étude", "enquête", "message", "lettre", "note",
        "site", "compte", "journal", "quotidien", "agence", "comptes", "données",
        "statistiques", "porte-parole", "entourage", "services", "recensement", "decompte",
        "releve", "releves", "mesures", "previsions",
    ]
)
#: role keys are folded (no accents): compare with folded nouns
_DOC_NOUNS_FOLDED = frozenset(fold(w) for w in _DOC_NOUNS)
_COMPLEMENT_BEFORE = re.compile(
    r"(?:\b(?:de|du|des|aux|à|avec|pour|contre|chez|entre|sur)\s+(?:la\s+|le\s+|les\s+|l['’])?"
    r"|\bd['’]|\bl['’]|\bau\s+)$",
    re.IGNORECASE,
)
_SUBJECT_AFTER = re.compile(
    r"^[\s,]*(?:a|ont|est|sont|était|étaient|avait|avaient|sera|seront|s['’]est|se|n['’]a|"
    r"n['’]est|va|vont|doit|doivent|peut|fait|estime|affirme|déclare|dit|explique|"
    r"indique|assure|ajoute|souligne|juge|pense|considère|reconnaît)\b",
    re.IGNORECASE,
)
_LEAD_RE = re.compile(
    r"(?:(?:Mais|Et|Puis|Or|Enfin|Ainsi|Pourtant|Cependant|Toutefois|Aussi|Alors)\s*,?\s+)?"
)
_ROLE_SUBJECT_RE = re.compile(
    r"((?:[Ll]e|[Ll]a|[Ll]['’]|[Cc]e|[Cc]ette)\s*[a-zà-ÿ][\w'’-]*"
    r"(?:\s+(?:[a-zà-ÿ][\w'’-]*|d['’][\w-]+|[A-ZÀ-Ý][\w-]+)){0,5}?)"
    r"(?=\s*,|\s+(?:a|est|avait|ont|sont|était|s['’]est|se|va|doit|n['’]a|ne)\b)"
)
#: roles often left unnamed ("a estimé le procureur"): no guess at who they are
_UNNAMED_HEADS = frozenset(
    [
        "procureur", "procureure", "juge", "magistrat", "policier", "policiere", "gendarme",
        "enqueteur", "temoin", "medecin", "expert", "experte", "responsable", "source",
    ]
)
_ORG_HEADS = frozenset(
    [
        "banque", "groupe", "entreprise", "societe", "compagnie", "firme", "constructeur",
        "etablissement", "organisation", "association", "ong", "parti", "syndicat",
        "federation", "club", "equipe", "agence",
    ]
)
#: collective nouns after a possessive that speak for a person ("son cabinet")
_ENTOURAGE = frozenset(
    [
        "cabinet", "entourage", "services", "equipe", "bureau", "proches", "famille", "camp",
        "staff", "conseillers",
    ]
)
#: things quoted from, which speak for nobody ("le fichier", "le décret" quoted verbatim)
_THING_NOUNS = frozenset(
    ["fichier", "decret", "loi", "projet", "plan", "programme", "systeme", "dispositif",
     "reforme", "mesure", "mesures", "budget", "logiciel", "formulaire"]
)
#: relatives and agents after a possessive ("son avocat", "sa mère"): someone of the person
_RELATIVES = frozenset(
    [
        "avocat", "avocate", "avocats", "mere", "pere", "epouse", "mari", "femme", "fils",
        "fille", "frere", "soeur", "compagne", "compagnon", "entraineur", "agent",
        "medecin", "famille",
    ]
)
#: heads of an organisation described rather than named ("le service météorologique")
_SERVICE_HEADS = frozenset(
    [
        "service", "services", "agence", "institut", "organisme", "office", "centre",
        "etablissement", "observatoire", "societe", "groupe", "compagnie", "operateur",
        "gestionnaire", "entreprise", "fournisseur", "distributeur", "laboratoire",
    ]
)
#: feminine noun endings, accented or folded ("infirmière" / "infirmiere", "avocate")
_FEMININE_WORD = re.compile(
    r"(?:enne|ienne|trice|euse|ée|ee|esse|ière|iere|ante|ate|ine|aise|oise|femme|m[eè]re|fille)$")

def _only_role(name: str) -> bool:
    """A "name" that is a role phrase ("Premier ministre", "Président de la République")."""
    key = role_key(name)
    return role_head(key) is not None and not any(
        w[:1].isupper() for w in name.split()[1:] if fold(w) not in ("etat", "republique"))


#: endings of nationality nouns, stricter than the roles' pattern (not "Elysée")
_NATIONALITY_END = re.compile(r"(?:ain|aine|ais|aise|ien|ienne|ois|oise|and|ande|ol|ole|ec|"
                              r"èque|ge|sse|ique)$")
#: one capitalised word after a definite article ("l'Américain", "le Belge"): a person
#: described by nationality, not a name, even when the NER tagged it PER
_DESCRIBED_RE = re.compile(r"(?:^|\s)(?:[Ll]['’]|[Ll]e\s|[Ll]a\s)\s*[A-ZÀ-Ý][a-zà-ÿ-]+$")

#: the article a contracted or plain preposition carries ("du parquet" -> "le parquet")
_ARTICLE_OF = {
    "au": "le ", "du": "le ", "dans le": "le ", "le": "le ", "aux": "les ", "des": "les ",
    "à la": "la ", "de la": "la ", "dans la": "la ", "la": "la ",
}


def _article_of(prep: str) -> str:
    """The article to write before a noun phrase found after ``prep``: "du" -> "le ",
    "de l'" / "d'" -> "l'", "de" / "à" -> nothing."""
    prep = re.sub(r"\s+", " ", prep).casefold().replace("’", "'")
    if prep in _ARTICLE_OF:
        return _ARTICLE_OF[prep]
    return "l'" if prep.endswith("l'") or prep == "d'" else ""


def _of(name: str) -> str:
    """"de " or, before a vowel or h, "d'" ("l'entourage d'Hélène Marchetti")."""
    return "d'" if fold(name)[:1] in "aeiouyh" else "de "


#: window (characters) over which a pronoun or a run-on quote looks back
LOOKBACK = 1500
RUN_ON = 700
#: a document noun with no owner ("note le document") takes up the latest document
#: named with one ("le rapport de l'inspection générale"), within this many characters
DOC_LOOKBACK = 6000
_OWNED_DOC_RE = re.compile(
    r"\b(?:rapport|document|communiqué|texte|étude|note|lettre|enquête|audit|avis|"
    r"réquisitions|réquisitoire|bilan|décret|arrêté|jugement|arrêt|courrier|mémo)s?"
    r"(?:\s+(?=(?-i:[A-ZÀ-Ý]))"  # "le rapport Leonetti"
    r"|(?:\s+[\w-]+){0,2}?\s+(?:de\s+la\s+|de\s+l['’]\s*|du\s+|des\s+|de\s+|d['’]\s*))",
    re.IGNORECASE,
)


@lru_cache(maxsize=1)
def agency_names() -> frozenset[str]:
    """Folded names of news agencies (from the reuse stage's ``wire.toml``): an agency
    that obtained or consulted a text is never the antecedent of a speaker pronoun."""
    path = resources.files("recoupe.reuse") / "resources" / "wire.toml"
    table = tomllib.loads(path.read_text(encoding="utf-8")).get("agencies", {})
    return frozenset(fold(n) for name, spellings in table.items() for n in [name, *spellings])


@dataclass(slots=True)
class Resolved:
    """A speaker after resolution."""

    text: str | None
    entity: str | None
    start: int | None
    end: int | None
    #: the phrase as written when no name fits ("un responsable américain"), kept for
    #: pronouns that refer back to it even when ``text`` is None (anonymous speakers)
    phrase: str | None = None


@dataclass
class SpeakerResolver:
    """Resolves the speakers of one article, in text order (it remembers the latest).

    Args:
        text: the article text.
        mentions: its mentions, entity ids set.
        roles: role maps to try in order (article, then story group).
        person_entity: person key (as stored in role maps) -> entity id, or None.
        names: entity id -> canonical name.
        types: entity id -> type.
        genders: entity id -> "F" / "M" when known.
    """

    text: str
    mentions: list[Mention]
    roles: list[RoleMap]
    person_entity: Callable[[str], str | None]
    names: Mapping[str, str]
    types: Mapping[str, str]
    genders: Mapping[str, str]
    recent: list[tuple[int, Resolved]] = field(default_factory=list)
    #: (offset, entity id) of the person opening each sentence (see find_subjects)
    subjects: list[tuple[int, str]] = field(default_factory=list)
    #: (role phrase, entity id) learned from a role taking up the previous subject
    role_aliases: list[tuple[str, str]] = field(default_factory=list)
    #: the article's sentence spans (set by find_subjects)
    sentences: list[tuple[int, int]] = field(default_factory=list)
    #: spans of the direct quotes (what is said there names no speaker)
    quote_spans: list[tuple[int, int]] = field(default_factory=list)

    def _inside_quote(self, pos: int) -> bool:
        return any(qs <= pos < qe for qs, qe in self.quote_spans)


    def _role_heads(self) -> dict[str, set[str]]:
        """Entity id -> the heads of the roles the article gives that person."""
        heads_of: dict[str, set[str]] = {}
        if self.roles:
            for key, votes in self.roles[0].full.items():
                h = role_head(key)
                for person in votes:
                    eid = self.person_entity(person)
                    if eid is not None and h is not None:
                        heads_of.setdefault(eid, set()).add(h)
        return heads_of
    def remember(self, pos: int, speaker: Resolved) -> None:
        """Record a resolved speaker at ``pos`` (for pronouns and run-on quotes)."""
        if speaker.text or speaker.phrase:
            self.recent.append((pos, speaker))

    def run_on(self, pos: int) -> Resolved | None:
        """Speaker of a quote with no cue: the latest speaker if it is close.

        Args:
            pos: start of the quote.

        Returns:
            The previous speaker (no span), or None.
        """
        if not self.recent:
            return None
        at, prev = self.recent[-1]
        if pos - at > RUN_ON:
            return None
        # nobody else named in between (outside quotes): the same voice goes on
        others = [m for m in self.mentions if at < m.start < pos and m.label == "PER"
                  and m.entity != prev.entity and not self._inside_quote(m.start)]
        if others:
            return None
        return Resolved(prev.text, prev.entity, None, None, prev.phrase)

    def resolve(self, start: int, end: int, kind: str) -> Resolved:
        """Resolve a speaker span.

        Args:
            start: span start.
            end: span end.
            kind: "np" or "pronoun".

        Returns:
            The resolved speaker (the phrase itself when nothing better is known).
        """
        text = self.text
        phrase = text[start:end].strip(" ,;:")
        if fold(phrase).replace("’", "'") in ("celui-ci", "celle-ci", "ceux-ci", "celles-ci"):
            kind = "pronoun"  # "Celui-ci a affirmé": the latest person, like "il"
        if kind == "pronoun":
            low = fold(phrase)
            latter = low in ("celui-ci", "celle-ci", "ce dernier", "cette derniere")
            low = {"celui-ci": "ce dernier", "celle-ci": "cette derniere", "ceux-ci": "ils",
                   "celles-ci": "elles"}.get(low, low)
            if low == "on":
                # "confirme-t-on au Fonds de garantie", "dit-on dans l'entourage du
                # ministre": the place named after "on" speaks; otherwise impersonal
                where = self._on_where(end) or self._on_body(start)
                return where if where is not None else Resolved(None, None, start, end)
            gender = "F" if low in ("elle", "elles", "cette derniere") else (
                "M" if low in ("il", "ils", "ce dernier") else None)
            plural = low in ("ils", "elles")
            if latter:
                # "ce dernier", "celui-ci": the person named last, whatever their role
                last = [m for m in self.mentions if m.end <= start and start - m.end < 400
                        and m.entity and self.types.get(m.entity) == "PER"
                        and not self._inside_quote(m.start)
                        and self.genders.get(m.entity, gender) == gender]
                if last:
                    latest = last[-1].entity or ""
                    return Resolved(self.names.get(latest), latest, start, end)
            found = self._antecedent(start, gender, plural)
            if found is not None:
                return Resolved(found.text, found.entity, start, end, found.phrase)
            return Resolved(None, None, start, end)
        if re.match(r"(?:je|j['’]|nous|tu|vous)\b", phrase, re.IGNORECASE):
            return Resolved(None, None, start, end)  # the quoted voice itself, not a name
        heads = [m for m in self.mentions if start <= m.start and m.end <= end]
        persons = [m for m in heads if m.label == "PER" and m.entity
                   and self.types.get(m.entity, "PER") == "PER"
                   and not _COMPLEMENT_BEFORE.search(text[max(start, m.start - 12) : m.start])
                   and not _DESCRIBED_RE.search(text[max(start, m.start - 4) : m.end])
                   and not _only_role(m.text) and not self._a_thing(m.entity)]
        if persons:
            m = persons[-1]
            return Resolved(self.names.get(m.entity or "", m.text), m.entity, start, end)
        circle = re.match(r"(?:l['’]entourage|le\s+cabinet|les\s+services|les\s+proches|"
                          r"l['’]équipe|les\s+conseillers|le\s+camp)\s+(?:de\s+|du\s+|d['’])",
                          phrase, re.IGNORECASE)
        if circle and kind == "np":
            # "l'entourage de la ministre": the circle of the person the role names
            offset = text.find(phrase, start) + circle.end()
            inner = self.resolve(offset, end, "np")
            if inner.entity and self.types.get(inner.entity) == "PER" and inner.text:
                lead = re.sub(r"\s+(?:de|du|d['’])\s*$", "", circle.group(0))
                lead = lead[:1].lower() + lead[1:]
                return Resolved(f"{lead} {_of(inner.text)}{inner.text}", None, start, end, phrase)
        institution = self._institution(phrase)
        if institution is not None:
            return Resolved(self.names.get(institution), institution, start, end, phrase)
        key = role_key(phrase)
        words = fold(phrase).split()
        first = words[0] if words else ""
        indefinite = first in ("un", "une", "l'un", "l'une", "des", "plusieurs", "certains",
                               "certaines", "deux",
                               "trois", "d'autres", "quelques", "divers", "diverses", "nombre",
                               "de")  # "de nombreux observateurs"
        definite = first in ("le", "la", "ce", "cet", "cette") or first.startswith("l'")
        head = role_head(key)
        nat = re.fullmatch(r"(?:[Ll]['’]|[Ll]e\s+|[Ll]a\s+)([A-ZÀ-Ý][\w-]+)", phrase)
        if head is None and nat and is_nationality_noun(nat.group(1)):
            head = key  # "l'Américain": a role like any other
        if head and not indefinite:
            for i, role_map in enumerate(self.roles):
                person = role_map.lookup(key)
                if person is None and i == 0:
                    person = role_map.lookup_head(key)
                eid = self.person_entity(person) if person is not None else None
                if eid is not None:
                    return Resolved(self.names.get(eid), eid, start, end)
        kwords = key.split()
        if kwords and kwords[0] in _DOC_NOUNS_FOLDED:
            owners = [m for m in heads if m.entity and m.label in ("ORG", "PER", "LOC")]
            body = self._body_of(start, owners[-1], phrase) \
                if owners and owners[-1].label == "LOC" else None
            if body is not None:
                return body
            if owners:
                m = owners[-1]
                return Resolved(self.names.get(m.entity or "", m.text), m.entity, start, end)
            source = self._source_after(end)
            if source is not None:
                # "d'après les informations obtenues auprès des services de la préfecture"
                return Resolved(source.text, source.entity, start, end, source.phrase)
            if definite:
                earlier = self._owned_document_before(start)
                if earlier is not None:
                    # "note le document": the report named earlier, by its author
                    return Resolved(earlier.text, earlier.entity, start, end, phrase)
        own = re.fullmatch(r"(?:son|sa|ses|leur|leurs)\s+([\w-]+)", fold(phrase))
        if own and (own.group(1) in _ENTOURAGE or own.group(1) in _RELATIVES
                    or role_head(own.group(1)) is not None):
            # "a annoncé son cabinet", "selon son avocat": the entourage, relative or agent
            # of the person in focus
            found = self._antecedent(start, None, False, persons_only=True)
            if found is not None and found.text:
                noun = phrase.split()[-1]
                feminine = fold(phrase).startswith("sa ") or own.group(1) in ("avocate",)
                det = ("les " if fold(phrase).startswith(("ses ", "leurs "))
                       else "l'" if fold(noun)[:1] in "aeiouyh"
                       else "la " if feminine else "le ")
                return Resolved(f"{det}{noun} {_of(found.text)}{found.text}", None, start, end,
                                phrase)
        lead = re.sub(r"^(?:l['’]|le\s+|la\s+|les\s+)", "", phrase, flags=re.IGNORECASE)
        for m in heads:
            if nat and head == key and (m.label not in ("ORG", "LOC") or _NATIONALITY_END.search(
                    nat.group(1))):
                break  # "le Belge": a person described, not the word tagged as a name
            # the name without its article ("Le Monde" named by a mention "Le Monde")
            bare = re.sub(r"^(?:l['’]|le\s+|la\s+|les\s+)", "", m.text, flags=re.IGNORECASE)
            if m.entity and lead.startswith(bare) and len(lead) <= len(bare) + 3 \
                    and not _only_role(m.text):
                if self._a_thing(m.entity):
                    # "Edvige a prévu de répertorier « ... »": a file, a law, an event
                    # says nothing; the words quoted are its own text
                    return Resolved(None, None, start, end)
                return Resolved(self.names.get(m.entity, m.text), m.entity, start, end)
        # a party or country qualifying the role ("le député UMP") names nobody
        named = [m for m in heads if m.label == "PER"
                 and not _COMPLEMENT_BEFORE.search(text[max(start, m.start - 12) : m.start])]
        demonstrative = first in ("ce", "cet", "cette")
        if head and definite and not named and (head not in _UNNAMED_HEADS or demonstrative):
            found = self._salient(start, phrase_gender(words), head)
            if found is None and self._in_heading(start):
                found = self._named_later(end, phrase_gender(words), head)
            if found is None:
                # a role no one was given: the person the article named just before, if
                # the gender agrees ("... avec Ségolène Royal. La responsable socialiste a")
                found = self._just_named(start, phrase_gender(words))
            if found is not None and found.entity:
                return Resolved(found.text, found.entity, start, end)
        if head and definite and not named and head in _UNNAMED_HEADS:
            # "le magistrat" when the article gave one person that office or a narrower
            # one ("le procureur de la République Jacques Dallest")
            family = {head, *role_hyponyms().get(head, ())}
            holders = [eid for eid, held in self._role_heads().items() if held & family]
            if len(holders) == 1:
                return Resolved(self.names.get(holders[0]), holders[0], start, end)
        if head and definite and not named and head in _UNNAMED_HEADS and len(kwords) >= 2:
            # "le responsable syndical" right after the person's own words: the same voice
            prev = self._latest_person(start) or self._just_named(start, phrase_gender(words))
            if prev is not None:
                return Resolved(prev.text, prev.entity, start, end)
        if definite and not named and not heads and len(words) > 1 \
                and words[1] in _SERVICE_HEADS:
            org = self._org_by_stem(words[1:])
            if org is not None:
                # "le service météorologique" -> Météo-France named in the article
                return Resolved(self.names.get(org), org, start, end)
        if indefinite and head in ("porte-parole", "representant", "representante"):
            # "une porte-parole de la banque": the organisation speaks
            orgs = [m for m in heads if m.entity and m.label in ("ORG", "LOC")]
            body = self._body_of(start, orgs[-1], phrase) if orgs else None
            if body is not None:
                return body
            org = orgs[-1].entity if orgs else self._salient_org(start)
            if org is not None:
                return Resolved(self.names.get(org), org, start, end)
        if definite and len(kwords) <= 3 and kwords and kwords[0] in _ORG_HEADS and not heads:
            # "La banque a déclaré", "l'association dénonce": the organisation in focus
            org = self._salient_org(start)
            if org is not None:
                return Resolved(self.names.get(org), org, start, end)
        if indefinite:
            # an anonymous source ("un haut responsable américain", "une source proche de
            # l'Elysée"): no name to give; the phrase stays for pronouns referring to it
            return Resolved(None, None, start, end, phrase)
        if re.search(r"\s(?:n['’])?(?:a|ont|est|sont|avait|avaient|était|étaient)\s", phrase):
            return Resolved(None, None, start, end)  # a clause read as a phrase: no speaker
        if kwords and kwords[0] in _THING_NOUNS:
            return Resolved(None, None, start, end)  # "le fichier Edvige permet « ... »"
        if kwords and kwords[0] in ("proche", "proches"):
            return Resolved(None, None, start, end, phrase)  # "un proche": anonymous
        return Resolved(phrase or None, None, start, end, phrase)

    def _org_by_stem(self, words: list[str]) -> str | None:
        """An organisation of the article whose name shares a stem (first five letters)
        with a qualifying word of the phrase, the role head excluded."""
        stems = {w[:5] for w in words[1:] if len(w) >= 5 and w.isalpha()}
        if not stems:
            return None
        for m in self.mentions:
            if not m.entity or self.types.get(m.entity) not in ("ORG", "LOC"):
                continue
            name = fold(self.names.get(m.entity, m.text))
            if any(len(t) >= 5 and t[:5] in stems for t in re.split(r"[\s'-]+", name)):
                return m.entity
        return None

    def _source_after(self, pos: int) -> Resolved | None:
        """The source a document noun comes from, written right after it: "(les chiffres)
        fournis par X", "(les informations) obtenues auprès de X", up to the next comma."""
        window = self.text[pos : pos + 140]
        stop = re.search(r"[,;.:!?«»\"\n]", window)
        window = window[: stop.start()] if stop else window
        m = re.search(r"\b(?:auprès\s+(?:de\s+|du\s+|des\s+|d['’])|par\s+)", window)
        if m is None:
            return None
        a, b = pos + m.end(), pos + len(window)
        for men in self.mentions:
            if a <= men.start and men.end <= b and men.entity and \
                    men.label in ("ORG", "PER", "LOC"):
                return Resolved(self.names.get(men.entity, men.text), men.entity, a, b)
        phrase = self.text[a:b].strip()
        if not phrase or len(phrase.split()) > 8:
            return None
        return Resolved(phrase, None, a, b, phrase)

    def _latest_person(self, pos: int) -> Resolved | None:
        """The latest speaker when a person, close (400 characters) and nobody else named
        since, outside quotes."""
        if not self.recent:
            return None
        at, prev = self.recent[-1]
        if pos - at > 400 or not prev.entity or self.types.get(prev.entity) != "PER":
            return None
        if any(at < m.start < pos and m.label == "PER" and m.entity != prev.entity
               and not self._inside_quote(m.start) for m in self.mentions):
            return None
        return prev

    def _in_heading(self, pos: int) -> bool:
        """Whether ``pos`` lies in the article's first line (its title) or standfirst."""
        first = self.text.find("\n")
        return first < 0 or pos < first or not any(
            m.label == "PER" and m.entity for m in self.mentions if m.end <= pos)

    def _named_later(self, pos: int, gender: str | None, head: str | None) -> Resolved | None:
        """A role in a headline ("Le ministre de l'Intérieur promet ...") whose person is
        named only in the body: the first person named after ``pos`` in subject position
        (or given a role with the same head), within :data:`LOOKBACK` characters, whose
        gender does not disagree and who holds no role with another head."""
        heads_of = self._role_heads()
        for m in self.mentions:
            if m.start < pos or not m.entity or self.types.get(m.entity) != "PER":
                continue
            if m.start - pos > LOOKBACK:
                break
            if self._inside_quote(m.start):
                continue
            g = self.genders.get(m.entity)
            if gender is not None and g is not None and g != gender:
                continue
            held = heads_of.get(m.entity, set())
            if head is not None and held and head not in held:
                continue
            subject = _SUBJECT_AFTER.match(self.text[m.end : m.end + 30]) or re.match(
                r"\s*,[^,]{1,80},", self.text[m.end : m.end + 90])
            if (head is not None and head in held) or subject:
                return Resolved(self.names.get(m.entity), m.entity, None, None)
        return None

    def _on_where(self, pos: int) -> Resolved | None:
        """The body after an inverted "on": "au Fonds de garantie", "à l'Élysée",
        "dans l'entourage de M. Sarkozy", "auprès du parquet" (up to punctuation)."""
        m = re.match(r"(?i:\s*(?:,\s*)?(?:dans|auprès|du\s+côté)?\s*(au|aux|à\s+la|à\s+l['’]|de\s+la|"
                     r"de\s+l['’]|du|des|à|dans\s+l['’]|dans\s+le|dans\s+la|l['’]|le|la)\s*"
                     r")([A-ZÀ-Ýa-zà-ÿ][^,;.:!?«»\"\n]{1,60})", self.text[pos : pos + 90])
        if m is None:
            return None
        words = m.group(2).split()
        if len(words) > 8 or not any(w[:1].isupper() for w in words) and \
                words[0].casefold() not in ("entourage", "cabinet", "ministère", "parquet",
                                            "préfecture", "mairie", "gouvernement"):
            return None
        det = _article_of(m.group(1))
        a = pos + m.start(2)
        b = pos + m.end(2)
        inner = self.resolve(a, b, "np")
        if inner.entity and self.types.get(inner.entity) in ("ORG", "LOC"):
            return Resolved(inner.text, inner.entity, a, b)
        phrase = det + m.group(2).strip()
        return Resolved(phrase, None, a, b, phrase)

    def _on_body(self, pos: int) -> Resolved | None:
        """"L'Élysée s'était déclaré serein. « ... », a-t-on assuré": an institution that
        just spoke or opened the sentence before goes on as "on"; "Dans l'entourage de X,
        on assurait": the place the sentence opens with."""
        i = bisect.bisect_right([a for a, _ in self.sentences], pos) - 1
        if i >= 0:
            s_start = self.sentences[i][0]
            if re.match(r"\s*(?:Dans|Du\s+côté|Auprès|À|A|Au|Aux)\b[^,]{3,80},\s*on\s*$",
                        self.text[s_start : pos + 2]):
                where = self._on_where(s_start)
                if where is not None:
                    return where
        if self.recent:
            at, prev = self.recent[-1]
            if pos - at < 400 and prev.text and (
                    prev.entity is None or self.types.get(prev.entity) in ("ORG", "LOC")):
                return Resolved(prev.text, prev.entity, None, None, prev.phrase)
        for m in reversed(self.mentions):
            if m.end > pos:
                continue
            if pos - m.end > 300:
                break
            if m.entity and self.types.get(m.entity) in ("ORG", "LOC") and not self._inside_quote(
                    m.start) and _SUBJECT_AFTER.match(self.text[m.end : m.end + 30]):
                return Resolved(self.names.get(m.entity), m.entity, None, None)
        return None

    def _body_of(self, start: int, place: Mention, phrase: str) -> Resolved | None:
        """"un porte-parole du parquet de Marseille": the body named with the place
        ("le parquet de Marseille"), not the place alone; None when the place is all."""
        body = re.search(r"\b(du|de\s+la|de\s+l['’]|des|de|d['’])\s*([^,;:]+)$",
                         self.text[start : place.end])
        if body is None or len(body.group(2).split()) <= len(place.text.split()):
            return None
        return Resolved(_article_of(body.group(1)) + body.group(2), None, start, place.end,
                        phrase)

    def _institution(self, phrase: str) -> str | None:
        """"la présidence" when the article names the Élysée: that entity's id."""
        names = institution_refs().get(fold(phrase))
        if not names:
            return None
        wanted = {fold(n) for n in names}
        for m in self.mentions:
            if m.entity and fold(self.names.get(m.entity, m.text)) in wanted | {
                    "l'" + w for w in wanted}:
                return m.entity
        return None

    def _just_named(self, pos: int, gender: str | None) -> Resolved | None:
        """The one person of known, agreeing gender named in the 250 characters before
        ``pos`` (outside quotes), when there is exactly one."""
        seen: list[str] = []
        for m in self.mentions:
            if m.end > pos or pos - m.end > 250 or not m.entity or self._inside_quote(m.start):
                continue
            if self.types.get(m.entity) != "PER" or m.entity in seen:
                continue
            g = self.genders.get(m.entity)
            if g is None or (gender is not None and g != gender):
                continue  # a known person of the right gender, not a word tagged PER
            seen.append(m.entity)
        if len(seen) != 1:
            return None
        return Resolved(self.names.get(seen[0]), seen[0], None, None)

    @cached_property
    def _things(self) -> frozenset[str]:
        """The entities the article names as things ("le fichier Edvige"), found once."""
        out = set()
        for m in self.mentions:
            if m.entity:
                before = fold(self.text[max(0, m.start - 14) : m.start]).split()
                if before and before[-1] in _THING_NOUNS:
                    out.add(m.entity)
        return frozenset(out)

    def _a_thing(self, eid: str) -> bool:
        """Whether the article names this entity as a thing ("le fichier Edvige")."""
        return eid in self._things

    def _agency(self, eid: str) -> bool:
        return fold(self.names.get(eid, "")) in agency_names()

    def _owned_document_before(self, pos: int) -> Resolved | None:
        """The owner of the latest document named with one before ``pos`` ("le rapport de
        l'inspection générale des Caisses d'Epargne"), written as the article gives it."""
        lo = max(0, pos - DOC_LOOKBACK)
        found: Resolved | None = None
        for m in _OWNED_DOC_RE.finditer(self.text, lo, pos):
            a = m.end()
            name = re.match(r"[A-ZÀ-Ý][\w'’-]+(?:\s+[A-ZÀ-Ý][\w'’-]+){0,2}", self.text[a:pos])
            if name and not re.search(r"\b(?:de|du|des|d['’])\s*$", m.group(0)):
                # "le rapport Leonetti": the name right after the noun owns it
                found = Resolved(name.group(0), None, a, a + name.end())
            for men in self.mentions:
                if men.start < a or men.start - a > 40:
                    continue
                if men.end > pos or not men.entity or men.label not in ("ORG", "PER") \
                        or self._agency(men.entity):
                    break
                if re.search(r"[,;.:!?«»\"\n]", self.text[a : men.start]):
                    break
                phrase = self.text[a : men.end].strip()
                found = Resolved(phrase if len(phrase.split()) <= 8 else
                                 self.names.get(men.entity, men.text), men.entity, a, men.end)
                break
        return found

    def _salient_org(self, pos: int) -> str | None:
        """The organisation named most often before ``pos`` in the article."""
        counts: dict[str, int] = {}
        for m in self.mentions:
            if m.end <= pos and m.entity and self.types.get(m.entity) == "ORG" \
                    and not self._agency(m.entity):
                counts[m.entity] = counts.get(m.entity, 0) + 1
        if not counts:
            return None
        return max(counts, key=lambda e: (counts[e], e))

    def _salient(self, pos: int, gender: str | None, head: str | None = None
                 ) -> Resolved | None:
        """The person a definite role refers to ("l'ex-otage", "le leader tibétain").

        Candidates are the persons seen in the last :data:`LOOKBACK` characters whose known
        gender agrees; the score adds their mentions and speaking turns so far, a bonus
        when they were named in the last sentence or so, a bonus when the article gave
        them a role with the same head noun and a malus when it gave them another one.
        """
        counts: dict[str, int] = {}
        last: dict[str, int] = {}
        for m in self.mentions:
            if not m.entity or self.types.get(m.entity) != "PER":
                continue
            if m.end > pos:
                # named right after ("Le premier ministre a dû intervenir. Mais François
                # Fillon ...") counts as seen just now
                if m.start - pos < 300 and m.entity in last:
                    counts[m.entity] += 1
                    last[m.entity] = pos
                continue
            counts[m.entity] = counts.get(m.entity, 0) + 1
            last[m.entity] = m.end
        for at, prev in self.recent:
            if prev.entity in counts:
                counts[prev.entity] += 2
                last[prev.entity] = max(last[prev.entity], at)
        heads_of = self._role_heads() if head is not None else {}
        active = {eid for _, eid in self.subjects} | {p.entity for _, p in self.recent}
        best: tuple[int, int, str] | None = None
        for eid, n in counts.items():
            if pos - last[eid] > LOOKBACK or (eid not in active and eid not in heads_of):
                continue  # never a subject, a speaker or given a role: in the background
            g = self.genders.get(eid)
            if g is None or (gender is not None and g != gender):
                continue
            score = n + (6 if pos - last[eid] < 300 else 0)
            if head is not None and eid in heads_of:
                score += 10 if head in heads_of[eid] else -3
            cand = (score, last[eid], eid)
            if best is None or cand > best:
                best = cand
        if best is None:
            return None
        return Resolved(self.names.get(best[2]), best[2], None, None)

    def _antecedent(
        self, pos: int, gender: str | None, plural: bool, persons_only: bool = False
    ) -> Resolved | None:
        """The latest speaker or sentence subject before ``pos`` that agrees in gender (and
        in number: "ils" goes to a group or an organisation); else the latest person."""

        def agrees(eid: str | None) -> bool:
            if eid is None or (self._agency(eid) and all(p.entity != eid for _, p in self.recent)):
                return False  # an agency that consulted a text, not one that spoke
            etype = self.types.get(eid)
            if plural:
                return etype in ("ORG", "LOC", "MISC")
            if etype != "PER":
                return False
            g = self.genders.get(eid)
            return gender is None or g is None or g == gender

        if self.recent and not persons_only:
            at, prev = self.recent[-1]
            if pos - at < 400 and (prev.text or prev.phrase) and (
                    prev.entity is None or self.types.get(prev.entity) != "PER"):
                # "L'ambassade « ... », indique-t-elle": an organisation speaking on
                words = fold(prev.phrase or prev.text or "").split()
                pg = phrase_gender(words)
                many = bool(words) and words[0] in ("les", "des", "plusieurs", "certains")
                later = [t for t in self.subjects if at < t[0] < pos]
                if not later and many == plural and (gender is None or pg is None
                                                     or pg == gender or plural):
                    return prev
        near = self._nearby(pos, agrees)
        if near is not None:
            return Resolved(self.names.get(near), near, None, None)
        timeline: list[tuple[int, int, str]] = []
        for at, prev in self.recent:
            if prev.entity and pos - at <= LOOKBACK:
                timeline.append((at, 1, prev.entity))
        for at, eid in self.subjects:
            if at < pos and pos - at <= LOOKBACK:
                timeline.append((at, 0, eid))
        timeline.sort()
        for _, _, eid in reversed(timeline):
            if agrees(eid):
                return Resolved(self.names.get(eid), eid, None, None)
        before = [m for m in self.mentions if m.end <= pos and pos - m.end < LOOKBACK
                  and agrees(m.entity)]
        if before and not persons_only:
            m = before[-1]
            return Resolved(self.names.get(m.entity or ""), m.entity, None, None)
        return None

    def _nearby(self, pos: int, agrees: Callable[[str | None], bool]) -> str | None:
        """Antecedent in the same sentence or the one before: its subject first, then the
        latest speaker there, then the person named most often in the article among
        those named there."""
        if not self.sentences:
            return None
        # for "«...», a-t-il dit" look before the quote, not inside it
        for qs, qe in self.quote_spans:
            if qs < pos and (qe >= pos or pos - qe < 25):
                pos = qs
        inside = self._inside_quote
        i = bisect.bisect_right([s for s, _ in self.sentences], pos) - 1
        if i < 0:
            return None
        lo = self.sentences[max(0, i - 1)][0]
        cur = self.sentences[i][0]
        for at, eid in reversed(self.subjects):
            if cur <= at < pos and agrees(eid) and not inside(at):
                return eid
        # "Tout aussi discret, M. Kouchner a lancé qu'il ...": a person named earlier in
        # the same sentence, in subject position
        for m in reversed(self.mentions):
            if cur <= m.start and m.end <= pos and agrees(m.entity) and not inside(m.start) \
                    and m.label == "PER" and _SUBJECT_AFTER.match(self.text[m.end : m.end + 30]) \
                    and not _COMPLEMENT_BEFORE.search(self.text[max(0, m.start - 12) : m.start]):
                return m.entity
        for at, eid in reversed(self.subjects):
            if lo <= at < cur and agrees(eid) and not inside(at):
                return eid
        for at, prev in reversed(self.recent):
            if lo <= at < pos and agrees(prev.entity):
                return prev.entity
        named = [m.entity for m in self.mentions if m.entity is not None
                 and lo <= m.start and m.end <= pos and agrees(m.entity) and not inside(m.start)]
        if not named:
            return None
        counts: dict[str, int] = {}
        for m in self.mentions:
            if m.entity is not None and m.entity in named and m.end <= pos:
                counts[m.entity] = counts.get(m.entity, 0) + 1
        return max(named, key=lambda e: (counts.get(e, 0), named.index(e)))

    def find_subjects(self, sentences: list[tuple[int, int]]) -> None:
        """Record who opens each sentence: a named person, or a definite role resolved
        through the role maps ("Le chef spirituel tibétain, ..., a insisté").

        Args:
            sentences: the article's sentence spans.
        """
        text = self.text
        self.sentences = sentences
        starts = {m.start: m for m in self.mentions}
        out = self.subjects = []
        for s_start, s_end in sentences:
            if self._inside_quote(s_start) or self._inside_quote(s_start + 1):
                continue
            lead = _LEAD_RE.match(text, s_start, s_end)
            at = lead.end() if lead else s_start
            m = starts.get(at)
            if m is not None and m.entity:
                if m.label == "PER" or _SUBJECT_AFTER.match(text[m.end : m.end + 30]):
                    out.append((m.start, m.entity))
                continue
            rm = _ROLE_SUBJECT_RE.match(text, at, s_end)
            if rm is None:
                continue
            key = role_key(rm.group(1))
            if role_head(key) is None:
                continue
            eid = None
            person = self.roles[0].lookup(key) or self.roles[0].lookup_head(key) \
                if self.roles else None
            if person is not None:
                eid = self.person_entity(person)
            if eid is None:
                found = self._salient(at, phrase_gender(fold(rm.group(1)).split()),
                                      role_head(key))
                eid = found.entity if found else None
                # "Volodymyr Zelensky exprime ... Le président ukrainien a mis en garde":
                # a role opening the sentence after the person's own is an alias of theirs
                if eid is not None and out and out[-1][1] == eid and at - out[-1][0] < 400:
                    self.role_aliases.append((rm.group(1), eid))
            if eid is not None:
                out.append((at, eid))


def phrase_gender(words: list[str]) -> str | None:
    """Grammatical gender of a noun phrase from its determiner or its first nouns'
    endings ("la psychologue", "sa mère", "l'avocate"), or None.

    Args:
        words: the phrase's words, lower case (folded or not).
    """
    if not words:
        return None
    if words[0] in ("la", "cette", "une", "sa"):
        return "F"
    if words[0] in ("le", "ce", "cet", "un"):
        return "M"
    if any(_FEMININE_WORD.search(w) for w in words[:3]):
        return "F"
    return None


def entity_genders(
    mentions_by_article: list[tuple[str, list[Mention]]], names: Mapping[str, str],
    types: Mapping[str, str],
) -> dict[str, str]:
    """Grammatical gender of person entities, from first names and "Mme"/"M." before them.

    Args:
        mentions_by_article: (text, mentions) per article, entity ids set.
        names: entity id -> canonical name.
        types: entity id -> type.

    Returns:
        entity id -> "F" or "M" for the persons whose gender shows.
    """
    lexicon = first_name_genders()
    votes: dict[str, dict[str, int]] = {}
    for text, mentions in mentions_by_article:
        for m in mentions:
            if not m.entity or types.get(m.entity) != "PER":
                continue
            before = text[max(0, m.start - 12) : m.start]
            g = None
            if re.search(r"(?:\bMme|\bMadame|\bMlle)\s*$", before):
                g = "F"
            elif re.search(r"(?:\bM\.|\bMonsieur|\bMgr|\bP\.|\bPère)\s*$", before):
                g = "M"
            if g:
                votes.setdefault(m.entity, {}).setdefault(g, 0)
                votes[m.entity][g] += 1
    out: dict[str, str] = {}
    for eid, name in names.items():
        if types.get(eid) != "PER":
            continue
        first = fold(name.split()[0]) if name.split() else ""
        g = lexicon.get(first) or lexicon.get(first.split("-")[0])
        if g is None and eid in votes:
            g = max(votes[eid], key=lambda k: votes[eid][k])
        if g:
            out[eid] = g
    return out
