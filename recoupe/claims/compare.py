"""Pairwise evidence between two claims: lexical overlap, figures, dates, entities.

Figures are compared as intervals: "37" is [37, 37]; an approximation ("une
cinquantaine", "environ 50", "près de 200", "quelque 90") widens by ``approx_tolerance``
on each side; "plus de 40" / "au moins 2" is [v, v * (1 + min_slack)] (reporters round
down to a figure they can stand behind, so "plus de 40" agrees with 50 but "au moins
deux" does not with three when the slack is 0.3); "moins de 12" is [0, v]. Two figures
agree when their intervals meet.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from functools import partial

from recoupe.claims.extract import DEMANDED, TOLL_KINDS, ClaimUnit, quantity_key
from recoupe.model import Quantity


@dataclass(slots=True)
class Evidence:
    """How two claims relate, besides their embedding similarity."""

    dice: float
    containment: float
    shared_entities: int
    #: "agree" | "conflict" | None (no comparable figures)
    figures: str | None
    #: "agree" | "conflict" | None (no comparable dates)
    dates: str | None
    #: the casualty tolls alone ("douze blessés" / "quatorze personnes ont été blessées"):
    #: "agree" | "conflict" | None (no toll of one kind in both)
    tolls: str | None = None


#: units of measure: a distance or a height is often measured from different points
#: ("30 km from Angers", "4 km upstream"), so they can agree but never conflict
MEASURES = frozenset([
    "km", "kilomètre", "kilometre", "kilometer", "mètre", "metre", "meter", "m", "cm", "mm",
    "millimètre", "centimètre", "mile", "hectare", "ha", "kg", "kilo", "gramme", "tonne",
    "litre", "degré", "°c", "%", "pour", "percent", "km/h",
])
_OTHERS = re.compile(r"\bautres\b", re.IGNORECASE)


def interval(q: Quantity, approx_tolerance: float = 0.2, min_slack: float = 0.3
             ) -> tuple[float, float]:
    """The range of values a stated quantity allows (see the module doc)."""
    v = float(q.value or 0.0)
    lo, hi = v, v
    if _OTHERS.search(q.text):
        hi = v + 1  # "Saint-Aubin et onze autres communes": twelve in all
    if q.approx:
        lo, hi = v * (1 - approx_tolerance), v * (1 + approx_tolerance)
    if q.bound == "min":
        hi = max(hi, v * (1 + min_slack))
    elif q.bound == "max":
        lo = 0.0
    return lo, hi


def _meets(qa: Quantity, qb: Quantity, approx_tolerance: float, min_slack: float) -> bool:
    """Whether two figures' intervals meet (:func:`interval`)."""
    la, ha = interval(qa, approx_tolerance, min_slack)
    lb, hb = interval(qb, approx_tolerance, min_slack)
    return la <= hb + 1e-9 and lb <= ha + 1e-9


def _same_noun(a: str, b: str) -> bool:
    if not a or not b:
        return False
    qa, qb = re.search(r" \([^()]+\)$", a), re.search(r" \([^()]+\)$", b)
    if (qa and qa.group(0)) != (qb and qb.group(0)):
        # a demand and a fact, a toll's part and its total ("blessés (graves)" and
        # "blessés") never count the same thing
        return False
    if qa and qb:
        a, b = a[:qa.start()], b[:qb.start()]
    return a == b or a.startswith(b) or b.startswith(a) or (len(a) > 4 and a[:5] == b[:5])


def compare_figures(x: tuple[Quantity, ...], y: tuple[Quantity, ...],
                    approx_tolerance: float = 0.2, min_slack: float = 0.3) -> str | None:
    """"conflict" when two figures counting the same thing do not meet and neither meets
    any other figure of the other claim; "agree" when figures count the same thing
    otherwise; None when nothing compares.

    Two figures count the same thing when their nouns match; two figures without noun
    are compared only when each claim has exactly one comparable figure.
    """
    pairs: list[tuple[Quantity, Quantity]] = []
    for qa in x:
        ka = quantity_key(qa) or ""
        for qb in y:
            kb = quantity_key(qb) or ""
            if _same_noun(ka, kb):
                pairs.append((qa, qb))
    lone = len(x) == 1 and len(y) == 1
    if not pairs and lone and not quantity_key(x[0]) and not quantity_key(y[0]):
        pairs.append((x[0], y[0]))
    if not pairs:
        return None

    meets = partial(_meets, approx_tolerance=approx_tolerance, min_slack=min_slack)

    conflict = False
    for qa, qb in pairs:
        if meets(qa, qb) or (quantity_key(qa) or "") in MEASURES:
            continue
        # "180 of the 1 200 jobs" vs "180 jobs": a figure that meets any figure of the
        # other claim is not in conflict
        if not any(meets(qa, other) for other in y) and not any(meets(other, qb) for other in x):
            conflict = True
    return "conflict" if conflict else "agree"


#: the keys of whole casualty tolls ("mort", "blessé"...; not their parts "blessé (graves)")
TOLL_KEYS = frozenset(kind[:-1] for kind, _ in TOLL_KINDS)


def tolls(qs: tuple[Quantity, ...]) -> tuple[Quantity, ...]:
    """The whole casualty tolls among figures (see :func:`recoupe.claims.extract.toll_unit`)."""
    return tuple(q for q in qs if quantity_key(q) in TOLL_KEYS)


def untolled(qs: tuple[Quantity, ...]) -> tuple[Quantity, ...]:
    """The figures that are no whole casualty toll."""
    return tuple(q for q in qs if quantity_key(q) not in TOLL_KEYS)


def compare_tolls(x: tuple[Quantity, ...], y: tuple[Quantity, ...],
                  approx_tolerance: float = 0.2, min_slack: float = 0.3) -> str | None:
    """:func:`compare_figures` over the whole tolls of both claims only."""
    tx, ty = tolls(x), tolls(y)
    pairs = [(qa, qb) for qa in tx for qb in ty if quantity_key(qa) == quantity_key(qb)]
    if not pairs:
        return None

    meets = partial(_meets, approx_tolerance=approx_tolerance, min_slack=min_slack)

    # a toll meets the other claim's toll of its own kind or disagrees: never rescued by a
    # figure of another kind ("trois morts et quatre blessés" / "quatre morts et trois
    # blessés" disagree twice)
    for qa, qb in pairs:
        key = quantity_key(qa)
        if not any(meets(qa, o) for o in ty if quantity_key(o) == key) or \
                not any(meets(o, qb) for o in tx if quantity_key(o) == key):
            return "conflict"
    return "agree"


#: a claim that denies what it reports: "X dément avoir reçu", "il nie toute faute", "a
#: démenti mardi avoir ..." (a verb of denial and what it denies; not "contester" a project)
_DENIAL = re.compile(
    # not after a negation ("personne ne nie que", "nul ne", "sans") nor "un dément"
    r"(?<!\bne\s)(?<!\bn['’])(?<!\bsans\s)(?<!\bun\s)"
    r"\b(?:dément|démentent|démentait|démentaient|a\s+(?:\w+\s+)?démenti|ont\s+(?:\w+\s+)?démenti|"
    r"nie|nient|niait|a\s+(?:\w+\s+)?nié|ont\s+(?:\w+\s+)?nié|réfute|réfutent|"
    r"a\s+(?:\w+\s+)?réfuté|ont\s+(?:\w+\s+)?réfuté)"
    # what is denied follows, maybe after a few words ("dément avoir reçu", "a démenti
    # mardi avoir reçu", "dément elle aussi avoir"): a bare "a démenti." denies nothing
    r"(?:\s+[\w'’-]+){0,3}?\s+"
    r"(?:avoir|être|que|qu['’]|toute?s?|tout|les?|la|l['’]|des|ces|cette|cet|ses|son|sa|leur|leurs)\b",
    re.IGNORECASE)


def denies(u: ClaimUnit) -> bool:
    """Whether a claim denies what it reports ("dément avoir reçu une mise en demeure")."""
    return bool(_DENIAL.search(u.text))


#: a negative statement: "n'avoir versé aucune rançon", "n'a pas reçu"
_NEGATED = re.compile(r"(?:\bne\b|\bn['’])[^.;:!?]{0,40}?\b(?:pas|aucune?|jamais|rien|nullement|point)\b"
                      r"|\b(?:aucune?|nul(?:le)?|personne|rien)\b[^.;:!?]{0,40}?(?:\bne\b|\bn['’])"
                      r"|\bsans\s+avoir\b|\bni\b[^.;:!?]{1,40}\bni\b", re.IGNORECASE)


def denied(a: ClaimUnit, b: ClaimUnit) -> bool:
    """One of two claims denies a fact the other states: one has a verb of denial, the
    other neither denies nor says it negatively ("La France a nié avoir versé une rançon"
    and "Paris affirme n'avoir versé aucune rançon" say the same)."""
    if a.article == b.article or denies(a) == denies(b):
        return False  # an article reporting an allegation and its denial is no conflict
    denial, other = (a, b) if denies(a) else (b, a)
    if _NEGATED.search(other.text):
        return False
    # what is denied ("avoir reçu une mise en demeure de la préfecture"), up to the clause's
    # end, is what the other claim states: two of its content words in it
    m = _DENIAL.search(denial.text)
    denied_words = {w for w in re.findall(r"\w{4,}", re.split(r"[,;:.!?]", denial.text[m.end():] if m else "")[0].casefold())
                    if w not in ("avoir", "être", "toute", "tout", "cette", "leur", "leurs")}
    said = set(re.findall(r"\w{4,}", other.text.casefold()))
    return len(denied_words & said) >= 2


def misattributed(a: ClaimUnit, b: ClaimUnit) -> bool:
    """Two quotations whose speakers shown are two different people: the same words told as
    said by someone else ("a assuré le maire" / "a déclaré la préfète")."""
    if not (a.quoted and b.quoted and a.attribution_entity and b.attribution_entity
            and a.attribution_entity != b.attribution_entity):
        return False
    # the same words: most of the shorter quotation's content words are in the other (two
    # people quoted on one subject, «quatre personnes disparues ne sont pas comptées» /
    # «nous avons les noms de onze personnes disparues», each said their own words)
    wa, wb = _quoted_words(a.text, a.core), _quoted_words(b.text, b.core)
    shared = len(wa & wb)
    return shared >= SAME_WORDS_MIN and shared >= SAME_WORDS_SHARE * min(len(wa), len(wb))


_QUOTED = re.compile(r"«([^»]*)»|“([^”]*)”|\"([^\"]*)\"|„([^“”]*)[“”]|‘([^’]*)’|‹([^›]*)›")


def _quoted_words(text: str, core: str = "") -> set[str]:
    """The words (of four letters or more) a claim puts between quotation marks, or, when it
    marks none (a quote claim cut inside the quotation), the words of its ``core`` (its text
    with the speaker and cue blanked)."""
    inside = " ".join("".join(m.groups(default="")) for m in _QUOTED.finditer(text))
    return {w for w in re.findall(r"[^\W\d_]{4,}", (inside or core or text).casefold())}


#: two quotations are "the same words" when they share this many content words and this
#: share of the shorter one's
SAME_WORDS_MIN, SAME_WORDS_SHARE = 3, 0.6


def disagreement(a: ClaimUnit, b: ClaimUnit, approx_tolerance: float = 0.2,
                 min_slack: float = 0.3) -> str:
    """What two conflicting claims disagree on, in words: "«douze blessés» against
    «quatorze personnes»" (figures counting one thing) or "on the day: 2026-03-16 against
    2026-03-18" (explicit dates)."""
    if misattributed(a, b):
        return f"the same words said by «{a.attribution}» here, by «{b.attribution}» there"
    if denied(a, b):
        return "one denies what the other states" + (
            f" (denied by «{who}»)" if (who := (a if denies(a) else b).attribution) else "")
    bad: list[str] = []
    for qa in a.quantities:
        for qb in b.quantities:
            if not _same_noun(quantity_key(qa) or "", quantity_key(qb) or ""):
                continue
            if not _meets(qa, qb, approx_tolerance, min_slack):
                bad.append(f"«{qa.text}» against «{qb.text}»")
    if bad:
        return "; ".join(dict.fromkeys(bad))
    if compare_dates(a.explicit_dates, b.explicit_dates) == "conflict":
        return f"on the day: {', '.join(a.explicit_dates)} against {', '.join(b.explicit_dates)}"
    return "their figures or dates"


def demand_and_outcome(x: tuple[Quantity, ...], y: tuple[Quantity, ...]) -> bool:
    """One claim asks for a figure ("réclament 150 euros") where the other states one of the
    same kind ("obtiennent 90 euros"): two facts, the demand and the outcome."""
    def split(qs: tuple[Quantity, ...]) -> tuple[set[str], set[str]]:
        asked, stated = set(), set()
        for q in qs:
            key = quantity_key(q) or ""
            if key.endswith(DEMANDED):
                if base := key[: -len(DEMANDED)].strip():
                    asked.add(base)
            elif key:
                stated.add(key)
        return asked, stated

    ax, sx = split(x)
    ay, sy = split(y)
    if ax & ay:
        return False  # both tell the same demand: what else they state does not part them
    return bool((ax & sy) or (ay & sx))


def compare_dates(x: tuple[str, ...], y: tuple[str, ...]) -> str | None:
    """Day/night ISO values: "agree" if they share a day, "conflict" if both have days
    and none is shared, None otherwise."""
    if not x or not y:
        return None
    days_x = {d for v in x for d in v.split("/")}
    days_y = {d for v in y for d in v.split("/")}
    return "agree" if days_x & days_y else "conflict"


def _days(values: tuple[str, ...]) -> list[dt.date]:
    """The days of day/night ISO values ("2024-11-19/2024-11-20" gives both)."""
    out = []
    for v in values:
        for d in v.split("/"):
            try:
                out.append(dt.date.fromisoformat(d[:10]))
            except ValueError:
                continue
    return out


def days_apart(x: tuple[str, ...], y: tuple[str, ...]) -> int | None:
    """The fewest days between a day of ``x`` and a day of ``y`` (day/night ISO values),
    or None when either has none."""
    dx, dy = _days(x), _days(y)
    if not dx or not dy:
        return None
    return min(abs((a - b).days) for a in dx for b in dy)


def reported_before(a: ClaimUnit, b: ClaimUnit, margin: int = 1) -> bool:
    """``a`` tells a past fact of a day more than ``margin`` days after ``b``'s article was
    published: ``b`` cannot have reported it ("mort dimanche" cannot be told by the
    Wednesday before), and an announcement ("la réunion est prévue vendredi") does not
    confirm that it took place ("200 personnes se sont pressées vendredi"). A fact ``a``
    itself announces (dated after its own publication) is left alone. A day the claim
    names ("jeudi", "le 12 mars") leaves no margin: the margin is for the slips of "hier"
    and of nights, and a Thursday fact is not in Wednesday's paper."""
    days = _days(a.dates)
    if not days or not a.published or not b.published:
        return False
    try:
        pub_a, pub_b = dt.date.fromisoformat(a.published), dt.date.fromisoformat(b.published)
    except ValueError:
        return False
    first = min(days)
    if first in _days(a.named_days):
        margin = 0
    return pub_b + dt.timedelta(days=margin) < first <= pub_a


def evidence(a: ClaimUnit, b: ClaimUnit, approx_tolerance: float = 0.2,
             min_slack: float = 0.3) -> Evidence:
    """Lexical overlap and agreement of figures, dates and entities of two claims."""
    inter = len(a.lemmas & b.lemmas)
    total = len(a.lemmas) + len(b.lemmas)
    dice = 2 * inter / total if total else 0.0
    smaller = min(len(a.lemmas), len(b.lemmas))
    containment = inter / smaller if smaller else 0.0
    return Evidence(
        dice=dice,
        containment=containment,
        shared_entities=len(a.entities & b.entities),
        figures=compare_figures(a.quantities, b.quantities, approx_tolerance, min_slack),
        dates=compare_dates(a.dates, b.dates),
        tolls=compare_tolls(a.quantities, b.quantities, approx_tolerance, min_slack),
    )
