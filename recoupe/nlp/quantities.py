"""French quantities: numbers in digits or words, with approximation, bound and counted noun.

"50 drones", "une cinquantaine de drones", "quelque 90 drones", "plus de 10 000 soldats",
"au moins 10 000", "environ 50 000 soldats", "600 millions de noisettes", "5,15 %",
"six missiles balistiques". One compiled pattern finds the number cores; the modifier
before ("plus de", "environ") and the counted noun after are read from the text around
each core. Numbers inside date expressions (days, years) are not quantities.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from recoupe.model import Quantity
from recoupe.nlp.lexicon import numbers
from recoupe.nlp.textutil import fold

#: words after a number that are not its counted noun
_FUNCTION_WORDS = frozenset(
    [
        "a", "à", "au", "aux", "avec", "ce", "ces", "cette", "contre", "d", "dans", "de",
        "des", "du", "elle", "elles", "en", "entre", "est", "et", "été", "était", "étaient",
        "être", "il", "ils", "l", "la", "le", "les", "leur", "leurs", "lui", "mais", "ne",
        "ni", "on", "ont", "ou", "où", "par", "pas", "pour", "qu", "que", "qui", "sa", "se",
        "ses", "son", "sont", "sur", "un", "une", "y", "sera", "seront", "avait", "avaient",
        "aura", "auront", "ont", "fait", "font", "selon", "dont", "vers", "chez", "sans",
        "sous", "avant", "après", "depuis", "pendant", "jusqu", "plus", "moins", "environ",
        "près", "tandis", "alors", "ainsi", "puis", "soit", "sont", "selon", "même", "aussi",
        "déjà", "encore", "tous", "toutes", "tout", "toute", "très", "trop", "peu", "bien",
        "lors", "contre", "parmi", "face", "afin",
        # conjunctions, adverbs, pronouns and determiners: never a counted noun
        "quand", "lorsque", "lorsqu", "puisque", "puisqu", "comme", "si", "car", "donc",
        "or", "hier", "demain", "aujourd", "ici", "là", "ensuite", "enfin", "toujours",
        "jamais", "seulement", "notamment", "surtout", "également", "cependant", "pourtant",
        "désormais", "parfois", "souvent", "lequel", "laquelle", "lesquels", "lesquelles",
        "chacun", "chacune", "nous", "vous", "je", "tu", "me", "te", "mon", "ma", "mes",
        "ton", "ta", "tes", "notre", "votre", "nos", "vos", "plusieurs", "certains",
        "certaines", "aucun", "aucune", "chaque", "quel", "quelle", "quels", "quelles",
        "quoi", "pourquoi", "comment", "combien", "oui", "non", "dès", "durant", "jusque",
        "voire", "sinon", "tant", "autant", "avoir", "loin", "hors",
        "outre", "via", "malgré", "envers", "auprès", "c", "n", "s", "j", "m", "t",
    ]
)
#: adjectives that may stand between the number and its noun ("47 autres drones")
_PRE_ADJECTIVES = frozenset(
    [
        "autres", "nouveaux", "nouvelles", "premiers", "premières", "derniers", "dernières",
        "petits", "petites", "grands", "grandes", "jeunes", "anciens", "anciennes",
        "principaux", "principales", "gros", "grosses", "seuls", "seules", "bons", "bonnes",
        "prochains", "prochaines",
    ]
)
_COMPOUND_ADJ_RE = re.compile(
    r"(?:iques?|aires?|elles?|els?|ales?|aux|ifs?|ives?|ées?|és?|ants?|antes?|ents?)$"
)
#: a scale written before a currency sign: "4,2 M€", "300 k€", "2 Md€", "1,5 Mds€"
_SCALED_MONEY = re.compile(r"[\s\u00a0\u202f]*(k|M|Md|Mds|Mrd|Mrds)[\s\u00a0\u202f]?([€$£])(?!\w)")
_MONEY_SCALES = {"k": 1e3, "m": 1e6, "md": 1e9, "mds": 1e9, "mrd": 1e9, "mrds": 1e9}
_SYMBOL_UNITS = {"%": "%", "€": "euros", "$": "dollars", "£": "livres", "‰": "‰"}
_WORD_RE = re.compile(r"[a-zà-ÿœæA-ZÀ-ÝŒÆ][\w'’-]*")


def _alt(words: list[str]) -> str:
    return "|".join(re.escape(w) for w in sorted(set(words), key=len, reverse=True))


@lru_cache(maxsize=1)
def _tables() -> dict[str, Any]:
    table = numbers()
    mods = {fold(k): v for k, v in table["modifiers"].items()}
    return {
        "units": {fold(k): int(v) for k, v in table["units"].items()},
        "mult": {fold(k): int(v) for k, v in table["multipliers"].items()},
        "approx": {fold(k): int(v) for k, v in table["approx_nouns"].items()},
        "mods": mods,
    }


@lru_cache(maxsize=1)
def _pattern() -> re.Pattern[str]:
    table = numbers()
    units = [w for w in table["units"] if w not in ("un", "une", "zéro")]
    mult = list(table["multipliers"])
    approx = list(table["approx_nouns"])
    word = _alt(units + mult + ["et"])
    ws = r"[ \u00a0\u202f]"
    digits = rf"\d{{1,3}}(?:{ws}\d{{3}})+(?:,\d+)?|\d{{1,3}}(?:\.\d{{3}})+(?!\d)|\d+(?:,\d+)?"
    big = rf"(?:{ws}+(?:{_alt(mult)})\b)?"
    # "vingt et un(e)", "trente-et-une": one after a tens word (alone, "un"/"une" is an article)
    tens_one = (rf"(?:(?<=vingt|rente|rante|uante|xante)(?:-|{ws}+)et(?:-|{ws}+)une?\b"
                rf"|(?<=quatre-vingt)-une?\b)")
    wordnum = rf"(?:{_alt(units + mult)})(?:{tens_one}|(?:-|{ws}+)(?:{word}))*"
    approx_nouns = (
        rf"(?:une?|la|des|plusieurs|quelques|deux|trois|quatre|cinq|six|sept|huit|neuf|dix)"
        rf"{ws}+(?:{_alt(approx)})"
    )
    article_big = rf"(?:un|une){ws}+(?:{_alt(mult)})"
    # "un mort et quatre blessés": one, when a casualty noun follows the article
    one_toll = (rf"une?(?={ws}+(?:morts?|mortes?|blessée?s?|tuée?s?|victimes?|disparue?s?|"
                rf"noyée?s?|décès)\b(?!-))")
    return re.compile(
        rf"(?<![\w,.\-/])(?:(?P<approx>{approx_nouns})|(?P<abig>{article_big})|"
        rf"(?P<frac>(?:une?|la|deux|trois){ws}+(?:moitié|tiers|quarts?)\b)|"
        rf"(?P<digits>(?:{digits}){big})|(?P<one>(?<=[dD]['’])une?|{one_toll})|(?P<words>{wordnum}))"
        rf"(?P<pct>{ws}*(?:%|pour{ws}cent|‰))?(?![\w\-/]|,\d)",
        re.IGNORECASE,
    )


@lru_cache(maxsize=1)
def _modifier_pattern() -> re.Pattern[str]:
    mods = list(numbers()["modifiers"])
    return re.compile(rf"(?:^|(?<=[\s('’]))(?P<mod>{_alt(mods)})[\s\u00a0]*$", re.IGNORECASE)


def words_to_number(text: str) -> float | None:
    """Value of a French number written in words ("quatre-vingt-dix" -> 90).

    Args:
        text: number words separated by spaces or hyphens ("deux cents", "trois mille").

    Returns:
        The value, or None when a word is unknown.
    """
    t = _tables()
    total, current = 0, 0
    for token in re.split(r"[\s\u00a0\u202f-]+", fold(text)):
        if not token or token == "et":
            continue
        if token in t["units"]:
            value = t["units"][token]
            if value == 20 and current % 100 == 4:
                current = current - 4 + 80
            else:
                current += value
        elif token in ("cent", "cents"):
            current = (current or 1) * 100
        elif token in t["mult"]:
            total += (current or 1) * t["mult"][token]
            current = 0
        else:
            return None
    return float(total + current)


def _digits_value(text: str) -> float | None:
    t = _tables()
    parts = re.split(r"[\s\u00a0\u202f]+", text.strip())
    multiplier = 1
    if parts and fold(parts[-1]) in t["mult"]:
        multiplier = t["mult"][fold(parts.pop())]
    raw = "".join(parts)
    if re.fullmatch(r"\d{1,3}(?:\.\d{3})+", raw):
        raw = raw.replace(".", "")
    try:
        return float(raw.replace(",", ".")) * multiplier
    except ValueError:
        return None


#: "un mort" is a toll of one after a toll verb ("a fait un mort", "le bilan est d'un
#: mort") or before another toll ("un mort et quatre blessés", "un mort, trois blessés")
_TOLL_BEFORE = re.compile(r"(?:\b(?:fait|faisant|bilan\s+(?:est\s+de|de)|bilan\s*:|déplore|déplorer|dénombre|"
                          r"recense|provoqué|causé|coûté|au\s+moins|moins\s+d['’])"
                          r"|\b(?:morte?s?|blessée?s?|tuée?s?|victimes?|disparue?s?|graves?)\s*(?:et|,))\s*$"
                          r"|(?:^|[.!?:\n]\s*)$", re.IGNORECASE)
_TOLL_AFTER = re.compile(r"[ \u00a0]+\w+(?:[ \u00a0]+graves?)?[ \u00a0]*(?:et|,)[ \u00a0]+(?:\d|deux|trois|quatre|"
                         r"cinq|six|sept|huit|neuf|dix|onze|douze|une?\b|plusieurs)", re.IGNORECASE)
#: "un mort de plus", "un blessé supplémentaire", "un blessé sur deux": no toll of one
_ONE_MORE = re.compile(r"[ \u00a0]+\w+[ \u00a0]+(?:de\s+plus|supplémentaires?|"
                       r"sur\s+(?:deux|trois|quatre|cinq|dix|\d))", re.IGNORECASE)
_SPACES_RE = re.compile(r"[ \u00a0\u202f]*")
_DE_RE = re.compile(r"[ \u00a0\u202f]*(?:de[ \u00a0\u202f]+|d['’])", re.IGNORECASE)
_NEXT_WORD_RE = re.compile(r"[ \u00a0\u202f]+([a-zà-ÿœæ][\w'’-]*)")
_HALF_RE = re.compile(r"[ \u00a0\u202f]+et[ \u00a0\u202f]+demie?\b", re.IGNORECASE)
_NATIONALITY_PLURAL_RE = re.compile(
    r"^[A-ZÉ][a-zéèëïô]+(?:ains|aines|ais|aises|iens|iennes|ois|oises|ands|andes|ols|oles|"
    r"ecs|èques|ques|ins|ines|ons|onnes)$"
)


def _counted_noun(text: str, pos: int, need_de: bool) -> tuple[str | None, int]:
    """Read the counted noun after ``pos``; returns (unit, end offset)."""
    m = _DE_RE.match(text, pos)
    if m:
        i = m.end()
    elif need_de:
        return None, pos
    else:
        i = _SPACES_RE.match(text, pos).end()  # type: ignore[union-attr]
    while True:
        wm = _WORD_RE.match(text, i)
        if wm is None:
            return None, pos
        low = wm.group(0).casefold()
        if low in _PRE_ADJECTIVES:
            i = _SPACES_RE.match(text, wm.end()).end()  # type: ignore[union-attr]
            continue
        break
    word = wm.group(0).rstrip("'’")
    low = re.split(r"['’]", word.casefold())[0]
    if word[:1].isupper():
        if not _NATIONALITY_PLURAL_RE.match(word):
            return None, pos
    elif low in _FUNCTION_WORDS:
        return None, pos
    words, end = [word], wm.start() + len(word)
    per = re.match(r"/(?:h|s|an|jour|mois)\b", text[end : end + 6])
    if per:  # "110 km/h", "3 000 euros/mois"
        words, end = [word + per.group(0)], end + per.end()
    nxt = _NEXT_WORD_RE.match(text, end)
    if nxt:
        adj = nxt.group(1).casefold()
        if (adj not in _FUNCTION_WORDS and _COMPOUND_ADJ_RE.search(adj)
                and not adj.endswith(("ens", "ennes", "ais", "aises", "ains", "aines", "ois",
                                      "oises"))):
            words.append(nxt.group(1))
            end = nxt.end()
    return " ".join(words), end


_WS = r"[ \u00a0\u202f]"
#: spans that look like numbers but are not counts: clock times written as times ("1 h 30",
#: "11h52", "9:15 AM"), phone numbers, sports scores, page furniture (vote arrows,
#: reading times, copyright years)
_NOT_QUANTITY_RE = re.compile(
    rf"(?<![\w,.])\d{{1,2}}{_WS}*(?:h|H|:){_WS}*\d{{2}}(?!\d)(?:{_WS}*(?:[AaPp]\.?[Mm]\.?)\b)?"
    rf"|(?<![\w,.])(?:\+33{_WS}?|0)\d(?:[ .\u00a0\u202f-]?\d{{2}}){{4}}(?!\d)"
    rf"|\b(?:score|victoire|défaite|s['’]impos\w*|l['’]emport\w*|battu\w*|vainqu\w*)"
    rf"[^.\n\d]{{0,30}}?\d{{1,2}}{_WS}*(?:à|-){_WS}*\d{{1,2}}\b"
    rf"|\d+{_WS}*[▲▼△▽↑↓]"
    rf"|\d+{_WS}*min(?:utes?)?{_WS}+de{_WS}+lecture"
    rf"|©[^\n]{{0,60}}?\d{{4}}",
    re.IGNORECASE,
)
#: a word just before a number that makes it an identifier ("RD 112", "ligne 4",
#: "article 49.3", "page 12"), not a count
_IDENTIFIER_BEFORE_RE = re.compile(
    r"(?:\b(?:(?i:route(?:s)?(?:\s+(?:départementale|nationale|communale))?|départementale|"
    r"nationale|autoroute|lignes?|articles?|alinéas?|pages?|p\.|chapitres?|numéros?|n°|"
    r"no\.|quai|voie|porte|salle|terminal|bus|tram(?:way)?|vol|bâtiment|chambre|"
    r"section|titre|tome|acte|saison|épisode|version|niveau|secteur|zone|escalier|"
    r"couloir|piste|hall|box|lot|km|kilomètre|point|case))|\b(?:RD|RN|RM|D|N|A|M|E|"
    r"GR|CD|VC))[ \u00a0]*$"
)
_CLOCK_BEFORE_RE = re.compile(
    r"(?:\b(?:à|a|dès|vers|jusqu['’]à|avant|après|alentours de|partir de|"
    r"lundi|mardi|mercredi|jeudi|vendredi|samedi|dimanche|matin|soir|midi|veille|"
    r"aujourd['’]hui|hier|demain)|\d{4}|,)[ \u00a0]*$",
    re.IGNORECASE,
)
_CLOCK_AFTER_RE = re.compile(
    r"[ \u00a0]*(?:du matin|du soir|de l['’]après-midi|et demie\s+(?:du|ce)|"
    r"(?:à|et)[ \u00a0]+\d{1,2}[ \u00a0]*(?:h|heures)\b)",
    re.IGNORECASE,
)
_WEB_COUNT_RE = re.compile(
    r"(?:commentaires?|réactions?|partages?|vues|abonnés|j['’]aime|likes?|votes?)\b",
    re.IGNORECASE,
)
_HOURS = frozenset(["h", "heure", "heures"])
_DAY_RANGE_RE = re.compile(r"[ \u00a0]+(?:au|et|à|-)[ \u00a0]+\d{1,2}(?:er)?[ \u00a0]+(\w+)")
_FRACTIONS = {"moitie": 0.5, "tiers": 1 / 3, "quart": 0.25, "quarts": 0.25}


def _not_a_count(text: str, c: _Cand, raw: str) -> bool:
    """Whether a candidate is a clock time, an identifier, a year, a date or page debris.

    Args:
        text: the text.
        c: the candidate.
        raw: the number as written (its core).

    Returns:
        True when it should not be listed as a quantity.
    """
    before = text[max(0, c.start - 30) : c.start]
    unit = fold(c.unit or "")
    has_mod = c.start < c.core_end - len(raw)
    if raw[:1].isdigit() and not has_mod and _IDENTIFIER_BEFORE_RE.search(before):
        return True
    if (re.fullmatch(r"1[89]\d\d|20\d\d|2100", raw) and not has_mod
            and (c.unit is None or unit in _months())):
        return True  # a year
    if unit.split(" ")[0] in _months():
        return True  # "14 octobre": a date the date rules did not take
    if c.unit is None and re.fullmatch(r"\d{1,2}", raw):
        nxt = _DAY_RANGE_RE.match(text, c.core_end)
        if nxt and fold(nxt.group(1)) in _months():
            return True  # "du 13 au 14 octobre"
    if unit in _HOURS and c.value is not None and c.value <= 24 and not has_mod:
        duration = re.match(r"[ \u00a0]*(?:de|d['’])[ \u00a0]*\w", text[c.end : c.end + 8])
        if _CLOCK_AFTER_RE.match(text, c.end) or (
            _CLOCK_BEFORE_RE.search(before) and not duration
        ):
            return True  # "dès 2 heures du matin", "jeudi 6 heures", "à 7 h"
    if c.unit and _WEB_COUNT_RE.fullmatch(c.unit):
        return True  # "3 commentaires": page furniture
    line_start = text.rfind("\n", 0, c.start) + 1
    line_end = text.find("\n", c.end)
    line = text[line_start : len(text) if line_end < 0 else line_end]
    return c.unit is None and line.strip(" \u00a0|·•-") == text[c.start : c.end].strip()


@lru_cache(maxsize=1)
def _months() -> frozenset[str]:
    from recoupe.nlp.lexicon import calendar

    return frozenset(fold(m).rstrip(".") for m in calendar()["months"])


_RANGE_LINK_RE = re.compile(r"[ \u00a0\u202f]+(à|et|ou|-)[ \u00a0\u202f]+", re.IGNORECASE)
_POST_BOUND_RE = re.compile(
    r"[ \u00a0\u202f]+(?:(?P<min>et\s+plus|ou\s+plus|au\s+moins|au\s+minimum)|"
    r"(?P<max>au\s+plus|au\s+maximum|ou\s+moins))\b", re.IGNORECASE)
_BOTH_RE = re.compile(r"(?:tous|toutes)[ \u00a0]+(?:les[ \u00a0]+)?$", re.IGNORECASE)
_NAME_BEFORE_RE = re.compile(r"(?<![.!?]\s)(?<!^)\b[A-Z][\w-]*[ \u00a0]$")


@dataclass
class _Cand:
    start: int
    core_end: int
    end: int
    value: float | None
    approx: bool
    bound: str | None
    unit: str | None
    #: trailing multiplier of the core ("six cents millions" -> 1e8), for ranges
    tail: float
    words: bool


def extract_quantities(
    text: str, exclude: list[tuple[int, int]] | None = None
) -> list[Quantity]:
    """Find the quantities of a French text.

    Args:
        text: the article text (offsets index it).
        exclude: spans that hold no quantity (date expressions); when None, the dates of
            the text are found with :func:`recoupe.nlp.timex.resolve_dates`. Durations
            ("il y a deux semaines", "dans trois jours") are never excluded.

    Returns:
        The quantities in text order.
    """
    if exclude is None:
        from recoupe.nlp.timex import resolve_dates

        exclude = [(d.start, d.end) for d in resolve_dates(text, None)]
    spans = sorted(
        [(a, b) for a, b in exclude
         if not re.match(r"(?:il\s+y\s+a|dans)\s+(?!la\b|le\b|les\b|l['’]|cette\b|ce\b)",
                         text[a:b], re.I)]
        + [m.span() for m in _NOT_QUANTITY_RE.finditer(text)]
    )
    t = _tables()
    cands: list[_Cand] = []
    j = 0
    for m in _pattern().finditer(text):
        s, e = m.start(), m.end()
        while j < len(spans) and spans[j][1] <= s:
            j += 1
        if j < len(spans) and spans[j][0] < e:
            continue
        cand = _candidate(text, m, t)
        if cand is not None and not _not_a_count(text, cand, m.group(0)):
            cands.append(cand)
    _link_ranges(text, cands)
    out: list[Quantity] = []
    for c in cands:
        if c.value is None:
            continue  # "des milliers", "plusieurs centaines": no number to compare
        out.append(Quantity(text=text[c.start : c.end], start=c.start, end=c.end, value=c.value,
                            approx=c.approx, bound=c.bound, unit=c.unit))
    return out


def _candidate(text: str, m: re.Match[str], t: dict[str, Any]) -> _Cand | None:
    s, e = m.start(), m.end()
    core = m.group(0)
    approx = False
    bound: str | None = None
    need_de = False
    tail = 1.0
    value: float | None
    if m.group("approx"):
        words = core.split()
        noun, lead = fold(words[-1]), fold(words[0])
        value = float(t["approx"][noun])
        if lead in ("des", "plusieurs", "quelques"):
            value = None
        elif lead not in ("un", "une", "la"):
            count = t["units"].get(lead)
            value = float(count * t["approx"][noun]) if count else None
        approx, need_de = True, True
    elif m.group("abig"):
        value = float(t["mult"][fold(core.split()[-1])])
        need_de = True
    elif m.group("frac"):
        # "un quart", "la moitié", "deux tiers": a share of a whole, no counted noun
        lead, noun = (fold(w) for w in core.split()[:2])
        value = _FRACTIONS[noun] * (t["units"].get(lead, 1) if lead != "la" else 1)
        mm = _modifier_pattern().search(text, max(0, s - 40), s)
        if mm:
            info = t["mods"].get(fold(mm.group("mod")), {})
            approx, bound, s = bool(info.get("approx")), info.get("bound"), mm.start("mod")
        return _Cand(s, e, e, value, approx, bound, None, 1.0, True)
    elif m.group("one"):
        # "moins d'une heure", "plus d'un mètre": one, only after a modifier, with a noun;
        # "un mort", "une victime": one casualty
        after_de = text[max(0, s - 1):s] in ("'", "’")
        if after_de and not _modifier_pattern().search(text, max(0, s - 40), s):
            return None
        if not after_de and (_ONE_MORE.match(text, e) or not (
                _TOLL_BEFORE.search(text, max(0, s - 40), s) or _TOLL_AFTER.match(text, e))):
            return None  # "un blessé sur deux", "comme une victime": no toll of one
        value = 1.0
    elif m.group("digits"):
        digits = m.group("digits")
        value = _digits_value(digits)
        last = fold(digits.split()[-1])
        if last in t["mult"]:
            need_de = True
            tail = float(t["mult"][last])
        if _NAME_BEFORE_RE.search(text[max(0, s - 25) : s]) and len(digits) <= 2:
            return None  # "Europe 1", "Numéro 11": a name, not a count
    else:
        wordtext = m.group("words")
        if not _plausible_words(text, s, wordtext):
            return None
        value = words_to_number(wordtext)
        tokens = [fold(w) for w in re.split(r"[\s\u00a0\u202f-]+", wordtext) if w]
        need_de = tokens[-1].startswith(("million", "milliard"))
        for tok in reversed(tokens):
            if tok in t["mult"]:
                tail *= t["mult"][tok]
            else:
                break
        if _BOTH_RE.search(text[max(0, s - 12) : s]):
            return None  # "tous deux": both, not a count
    if value is None and not approx:
        return None
    unit: str | None = None
    end = e
    pct = m.group("pct")
    if pct:
        unit = "‰" if "‰" in pct else "%"
    else:
        sym = re.match(r"[\s\u00a0\u202f]*([€$£])", text[e : e + 3])
        scaled = _SCALED_MONEY.match(text, e) if m.group("digits") else None
        if scaled and value is not None:
            # "4,2 M€", "300 k€", "2 Md€": the scale before the currency sign
            value *= _MONEY_SCALES[scaled.group(1).lower()]
            tail = _MONEY_SCALES[scaled.group(1).lower()]
            unit, end = _SYMBOL_UNITS[scaled.group(2)], scaled.end()
        elif sym:
            unit, end = _SYMBOL_UNITS[sym.group(1)], e + sym.end()
        else:
            unit, end = _counted_noun(text, e, need_de)
            if unit is None and m.group("one"):
                return None
            if unit is None and m.group("words") and not _lone_word_ok(text, e):
                return None
    half = _HALF_RE.match(text, end)
    if half and value is not None and unit is not None:
        value += 0.5
        end = half.end()
    start = s
    mm = _modifier_pattern().search(text, max(0, s - 40), s)
    if mm:
        info = t["mods"].get(fold(mm.group("mod")), {})
        approx = approx or bool(info.get("approx"))
        bound = info.get("bound", bound)
        start = mm.start("mod")
    post = _POST_BOUND_RE.match(text, end)
    if post:
        bound = "min" if post.group("min") else "max"
    if re.match(r"quelques?\b", core, re.IGNORECASE):
        approx = True
    return _Cand(start, e, end, value, approx, bound, unit, tail, bool(m.group("words")))


def _link_ranges(text: str, cands: list[_Cand]) -> None:
    """"entre 35 et 40 %", "de 20 à 30 %", "dix à quinze mille", "cinq ou six cents millions"."""
    i = 0
    while i + 1 < len(cands):
        a, b = cands[i], cands[i + 1]
        link = _RANGE_LINK_RE.fullmatch(text, a.core_end, b.start)
        if link is None or a.value is None or b.value is None:
            i += 1
            continue
        word = link.group(1).casefold()
        before = text[max(0, a.start - 8) : a.start].casefold()
        if word == "et" and not re.search(r"entre\s*$", before):
            i += 1
            continue
        if a.unit is None and b.tail > 1 and a.value < b.tail:
            a.value *= b.tail
        if a.unit is None:
            a.unit = b.unit
        if word == "ou":
            merged = _Cand(a.start, b.core_end, b.end, (a.value + b.value) / 2, True, None,
                           b.unit, b.tail, b.words)
            cands[i : i + 2] = [merged]
            i += 1
            continue
        entre = re.search(r"entre\s*$", text[max(0, a.start - 8) : a.start], re.IGNORECASE)
        if entre:
            a.start = max(0, a.start - 8) + entre.start()
        a.approx = b.approx = False
        a.bound, b.bound = "min", "max"
        i += 2


def _plausible_words(text: str, start: int, words: str) -> bool:
    """Reject number words that are something else ("neuf" = new, "sept" alone, "et")."""
    first = fold(words.split()[0].split("-")[0])
    if first == "et":
        return False
    low = fold(words)
    if low == "neuf":
        before = fold(text[max(0, start - 12) : start])
        if re.search(r"(?:tout|flambant|a|de|du|le|la|un|une|en|remis a)\s*$", before):
            return False
    return True


def _lone_word_ok(text: str, end: int) -> bool:
    """A number word with no counted noun is kept only before "de"/"d'" or a range link."""
    after = text[end : end + 6]
    return bool(re.match(r"\s*(?:d'|d’|de\b|à\s|ou\s|et\s)", after))
