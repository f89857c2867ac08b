"""French time expressions resolved against the publication date.

Rules, not a model: one compiled pattern scans the text once, left to right, and each
match is resolved by a small function. Explicit dates ("le 20 novembre 2024") need no
publication date; relative ones ("hier", "mercredi", "dans la nuit de mardi à mercredi",
"en août", "le 20 novembre") are resolved against it and flagged ``relative=True``.
Numeric dates ("20/11/2024") go through dateparser with ``languages=['fr']``.

Conventions (see ``docs`` in the report):

* a bare weekday means the most recent such day on or before the publication date (the
  publication's own weekday is that day), or the next one when the sentence speaks of
  the future ("prévu jeudi", "se réunira lundi"); "dernier" / "prochain" force the
  direction and exclude the publication day;
* a night is written ``"D1/D2"`` with granularity ``"night"``; "dans la nuit" alone is
  the night before the publication date;
* a day or month without a year takes the year that puts it nearest the publication
  date (a future date weighs 1.5 times its distance, as news mostly looks back);
* weeks are written ``"Monday/Sunday"`` with granularity ``"week"``.
"""

from __future__ import annotations

import datetime as dt
import re
from functools import lru_cache

from recoupe.model import DateExpr
from recoupe.nlp.lexicon import calendar
from recoupe.nlp.textutil import fold

Date = dt.date

_NUMBER_WORDS = {
    "un": 1, "une": 1, "deux": 2, "trois": 3, "quatre": 4, "cinq": 5, "six": 6, "sept": 7,
    "huit": 8, "neuf": 9, "dix": 10, "onze": 11, "douze": 12, "quinze": 15, "vingt": 20,
    "trente": 30, "quelques": 3,
}

#: lower-case words that may follow a bare year ("en 2009 dans ..."); any other lower-case
#: word ending in -s/-x after a 4-digit number makes it a count ("2000 soldats")
_YEAR_FOLLOWERS = frozenset(
    [
        "les", "des", "aux", "ses", "ces", "mes", "tes", "nos", "vos", "leurs", "mais", "dans",
        "sans", "sous", "vers", "puis", "alors", "depuis", "plus", "moins", "très", "après",
        "jamais", "toujours", "pas", "apres", "tres",
    ]
)
_UNIT_AFTER = re.compile(
    r"\s*(?:%|€|\$|£|km|m|kg|t|ha|mm|cm|h|min|mètres|euros|dollars)\b|\s*[%€$£]"
)
_COUNT_BEFORE = re.compile(
    r"(?:plus\s+de|moins\s+de|environ|près\s+de|quelque|au\s+moins|les\s+années|années|"
    r"n°|numéro|no\.)\s*$",
    re.IGNORECASE,
)
_YEAR_BEFORE = re.compile(
    r"(?:\ben|depuis|\bde|\bdès|\bentre|jusqu['’]en|\bfin|\bdébut|\bavant|\baprès|d['’]ici|"
    r"à\s+partir\s+de|l['’]an|l['’]année|\bannée|printemps|été|automne|hiver|mi-)\s*$",
    re.IGNORECASE,
)
_FUTURE_RE = re.compile(
    r"\b(?:prévu|prévue|prévus|prévues|doit|doivent|devra|devront|devrait|devraient|va|vont|"
    r"aura|auront|sera|seront|attendu|attendue|attendus|attendues|programmé|programmée|"
    r"d'ici|d’ici|prochain|prochaine|se\s+tiendra|aura\s+lieu|auront\s+lieu|"
    r"(?:se\s+)?termine|s['’]achève|commence|débute|s['’]ouvre|se\s+tient|a\s+lieu|"
    r"pourrait|pourraient|"
    r"\w{3,}(?:eront|iront|dront|vront|rront|uront|erons|era|ira|dra|vra|rra|ura))\b",
    re.IGNORECASE,
)
#: a past tense near the weekday: "a été reçu mercredi", "donné jeudi", "avait annoncé"
_PAST_RE = re.compile(
    r"\b(?:a|ont|avait|avaient|eut|est|sont|était|étaient|fut|furent)\s+"
    r"(?:(?:été|pas|déjà|aussi|également|encore|bien|lui-même|notamment|ainsi)\s+)*"
    r"(?!prévu|programm|attendu)\w+(?:é|ée|és|ées|i|ie|is|it|u|ue|us|ert|erte|int|ait)\b"
    r"|\b(?!prévu|programm|attendu|annoncé\s+pour)\w{3,}(?:é|ée|és|ées)\s*,?\s*$"
    r"|\b\w{3,}(?:ait|aient|a|èrent|it|irent|ut|urent)\s*,?\s*$",
    re.IGNORECASE,
)
#: a future auxiliary just before a participle: "sera organisée", "doit être reçu"
_FUTURE_AUX_BEFORE = re.compile(
    r"\b(?:sera|seront|resteront|restera|demeureront|demeurera|(?:va|vont|doit|doivent|devra|"
    r"devront)\s+(?:être|rester))\s+(?:(?:également|aussi|enfin|bien|toujours|"
    r"officiellement)\s+)?$", re.IGNORECASE)
_CLAUSE_CUT_RE = re.compile(r"[.;!?\n]|\s(?:et|mais|puis|alors que|tandis que)\s")


def _alt(words: list[str]) -> str:
    return "|".join(re.escape(w) for w in sorted(set(words), key=len, reverse=True))


@lru_cache(maxsize=1)
def _tables() -> tuple[dict[str, int], dict[str, int]]:
    cal = calendar()
    weekdays = {fold(w): i for i, w in enumerate(cal["weekdays"])}
    months = {fold(k).rstrip("."): int(v) for k, v in cal["months"].items()}
    return weekdays, months


@lru_cache(maxsize=1)
def _pattern() -> re.Pattern[str]:
    cal = calendar()
    wd = _alt(cal["weekdays"])
    mo = _alt([m for m in cal["months"] if not m.endswith(".")])
    mo_abbr = _alt([m[:-1] for m in cal["months"] if m.endswith(".")])
    month = rf"(?:{mo}|(?:{mo_abbr})\.)"
    day = r"(?:1er|1ᵉʳ|[12]\d|3[01]|0?[1-9])"
    year = r"(?:1[89]\d\d|20\d\d)"
    part = r"(?:matin|soir|après-midi|apres-midi|midi|en\s+fin\s+de\s+journée|dans\s+la\s+soirée)"
    numw = _alt(list(_NUMBER_WORDS))
    nb = rf"(?:\d+|{numw})"
    b, e = r"(?<![\w-])", r"(?!\w)"
    alternatives = [
        # the night of a weekday to the next, or of two dates
        rf"(?P<night2>(?:(?:dans|durant|pendant|au\s+cours\s+de)\s+)?la\s+nuit\s+(?:de|du)\s+"
        rf"(?P<nw1>{wd})\s+(?:au|à|a)\s+(?P<nw2>{wd}))",
        rf"(?P<nightd>(?:(?:dans|durant|pendant|au\s+cours\s+de)\s+)?la\s+nuit\s+du\s+"
        rf"(?P<nd1>{day})\s+(?:au|à|a)\s+(?P<nd2>{day})\s+(?P<nm>{month})(?:\s+(?P<ny>{year}))?)",
        rf"(?P<night1>(?:(?:dans|durant|pendant|au\s+cours\s+de)\s+)?la\s+nuit\s+de\s+(?P<nw>{wd}))",
        r"(?P<nightx>(?:dans|durant|pendant|au\s+cours\s+de)\s+la\s+nuit|cette\s+nuit|"
        r"la\s+nuit\s+dernière)",
        # day ranges sharing the month: "du 12 au 15 juillet", "les 12 et 13 juillet"
        rf"(?P<range>(?P<rd1>{day})\s*(?:au|et|à|-|–)\s*(?:le\s+)?(?:(?:{wd})\s+)?"
        rf"(?P<rd2>{day})\s+(?P<rm>{month})(?:\s+(?P<ry>{year}))?)",
        # full dates, optional weekday, optional year, optional part of day
        rf"(?P<full>(?:(?P<fw>{wd})\s+)?(?P<fd>{day})\s+(?P<fm>{month})(?:\s+(?P<fy>{year}))?"
        rf"(?:\s+(?P<fdir>dernier|prochain))?(?:\s+(?:au\s+)?{part})?)",
        # numeric dates
        r"(?P<num>(?<![\d/.])(?:\d{1,2}[/.]\d{1,2}[/.](?:\d{4}|\d{2})|\d{4}-\d{2}-\d{2})(?![\d/.]))",
        # month + year, with optional position in the month
        rf"(?P<my>(?:(?P<mypos>début|fin|mi-|mi\s|courant)\s*)?(?:(?:du\s+mois\s+)?(?:de\s+|d'|d’))?"
        rf"(?P<mym>{month})\s+(?P<myy>{year}))",
        # month alone, needs a cue before or "dernier"/"prochain" after
        rf"(?P<mon>(?:(?P<mpos>début|fin|mi-|mi\s|courant)\s*(?:(?:de\s+|d'|d’))?|"
        rf"(?:(?:en|dès|depuis|jusqu'en|jusqu’en|d'ici|à\s+la\s+mi-|à\s+la\s+mi|"
        rf"(?:(?:le|au|du|ce)\s+)?mois\s+(?:de\s+|d'|d’))\s*))(?P<mm>{month})(?!\s+{year})"
        rf"(?:\s+(?P<mdir>dernier|prochain)|\s+de\s+l['’]\s*(?:an|année)\s+"
        rf"(?P<mly>dernier|dernière|passé|passée|prochain|prochaine))?)",
        rf"(?P<mon2>(?P<mm2>{month})\s+(?P<mdir2>dernier|prochain))",
        # relative words
        rf"(?P<rel>avant-hier|après-demain|apres-demain|aujourd'hui|aujourd’hui|"
        rf"hier(?:\s+{part})?|demain(?:\s+{part})?|ce\s+matin|ce\s+soir|cet\s+après-midi)",
        r"(?P<ryear>l'an\s+(?:dernier|passé|prochain)|l’an\s+(?:dernier|passé|prochain)|"
        r"l'année\s+(?:dernière|passée|prochaine)|l’année\s+(?:dernière|passée|prochaine)|"
        r"cette\s+année)",
        r"(?P<rmonth>le\s+mois\s+(?:dernier|passé|prochain)|ce\s+mois-ci)",
        r"(?P<rweek>la\s+semaine\s+(?:dernière|passée|prochaine)|cette\s+semaine|"
        r"le\s+week-end\s+(?:dernier|prochain)|ce\s+week-end)",
        rf"(?P<ago>il\s+y\s+a\s+(?P<agon>{nb})\s+(?P<agou>jours?|semaines?|mois|ans|années?))",
        rf"(?P<inn>dans\s+(?P<innn>{nb})\s+(?P<innu>jours|semaines))",
        # weekday alone
        rf"(?P<wday>(?:(?P<wce>ce)\s*)?(?P<ww>{wd})(?:\s+(?P<wdir>dernier|prochain))?"
        rf"(?:\s+{part})?)",
        # years
        rf"(?P<year>{year})",
    ]
    return re.compile(b + "(?:" + "|".join(alternatives) + ")" + e, re.IGNORECASE)


# --------------------------------------------------------------------------- helpers


def parse_published(published: str | None) -> Date | None:
    """Return the publication day of an ISO date or datetime string.

    Args:
        published: "YYYY-MM-DD", an ISO datetime, or None.

    Returns:
        The date, or None when missing or unreadable.
    """
    if not published:
        return None
    try:
        return dt.date.fromisoformat(published[:10])
    except ValueError:
        return None


def _day_num(token: str) -> int:
    return int(re.sub(r"\D", "", token) or 0)


def _safe_date(year: int, month: int, day: int) -> Date | None:
    try:
        return dt.date(year, month, day)
    except ValueError:
        return None


def _nearest_year_date(month: int, day: int, pub: Date) -> Date | None:
    best: tuple[float, Date] | None = None
    for year in (pub.year - 1, pub.year, pub.year + 1):
        cand = _safe_date(year, month, day)
        if cand is None:
            continue
        delta = (cand - pub).days
        cost = delta * 1.5 if delta > 0 else -delta
        if best is None or cost < best[0]:
            best = (cost, cand)
    return best[1] if best else None


#: words before a month that tie it to the past whatever the clause's tense: "depuis
#: septembre", "les faits commis en janvier" (not "dès" nor "prévu": they look ahead)
_MONTH_PAST_BEFORE = re.compile(
    r"\b(?:depuis|commise?s?|lancée?s?|survenue?s?|intervenue?s?|"
    r"signée?s?|votée?s?|adoptée?s?|enregistrée?s?|constatée?s?)\s+(?:(?:au\s+mois|en|le|la|au|de|d['’])\s+)*$",
    re.IGNORECASE)


def _nearest_year_month(month: int, pub: Date, direction: str | None) -> int:
    if direction == "dernier":
        return pub.year if month < pub.month else pub.year - 1
    if direction == "prochain":
        return pub.year if month > pub.month else pub.year + 1
    best = (float("inf"), pub.year)
    for year in (pub.year - 1, pub.year, pub.year + 1):
        delta = (year - pub.year) * 12 + month - pub.month
        cost = delta * 1.5 if delta > 0 else -delta
        if cost < best[0]:
            best = (cost, year)
    return best[1]


def _weekday_date(weekday: int, pub: Date, direction: str | None, future: bool) -> Date:
    back = (pub.weekday() - weekday) % 7
    ahead = (weekday - pub.weekday()) % 7
    if direction == "dernier":
        return pub - dt.timedelta(days=back or 7)
    if direction == "prochain":
        return pub + dt.timedelta(days=ahead or 7)
    if future:
        return pub + dt.timedelta(days=ahead)
    return pub - dt.timedelta(days=back)


def _week_range(day: Date) -> str:
    monday = day - dt.timedelta(days=day.weekday())
    return f"{monday.isoformat()}/{(monday + dt.timedelta(days=6)).isoformat()}"


def _add_months(year: int, month: int, delta: int) -> tuple[int, int]:
    index = year * 12 + (month - 1) + delta
    return index // 12, index % 12 + 1


def _number(token: str) -> int:
    token = fold(token)
    return int(token) if token.isdigit() else _NUMBER_WORDS.get(token, 0)


def _clause_window(text: str, start: int, end: int) -> tuple[str, str]:
    """Text of the clause around a span: (left part, right part)."""
    left_text = text[max(0, start - 120) : start]
    cuts = list(_CLAUSE_CUT_RE.finditer(left_text))
    if cuts:
        left_text = left_text[cuts[-1].end() :]
    right_text = text[end : end + 60]
    cut = _CLAUSE_CUT_RE.search(right_text)
    if cut:
        right_text = right_text[: cut.start()]
    return left_text, right_text


def _numeric_date(expr: str) -> Date | None:
    if re.fullmatch(r"\d{4}-\d{2}-\d{2}", expr):
        try:
            return dt.date.fromisoformat(expr)
        except ValueError:
            return None
    import dateparser  # explicit date strings only; imported lazily (slow to import)

    parsed = dateparser.parse(
        expr, languages=["fr"], settings={"DATE_ORDER": "DMY", "PREFER_DAY_OF_MONTH": "first"}
    )
    return parsed.date() if parsed else None


# --------------------------------------------------------------------------- resolution

_Resolved = tuple[str | None, str, bool]


def _resolve(m: re.Match[str], text: str, pub: Date | None) -> list[tuple[int, int, _Resolved]]:
    """Resolve one match; returns (start, end, (value, granularity, relative)) items."""
    weekdays, months = _tables()
    g = m.groupdict()
    s, e = m.start(), m.end()
    kind = m.lastgroup

    def wd(name: str) -> int:
        return weekdays[fold(name)]

    def mo(name: str) -> int:
        return months[fold(name).rstrip(".")]

    if kind == "night2":
        if pub is None:
            return [(s, e, (None, "night", True))]
        second = _weekday_date(wd(g["nw2"]), pub, None, _is_future(text, s, e))
        first = second - dt.timedelta(days=1)
        return [(s, e, (f"{first.isoformat()}/{second.isoformat()}", "night", True))]
    if kind == "nightd":
        month = mo(g["nm"])
        d1, d2 = _day_num(g["nd1"]), _day_num(g["nd2"])
        if g["ny"]:
            a, b = _safe_date(int(g["ny"]), month, d1), _safe_date(int(g["ny"]), month, d2)
            rel = False
        elif pub is not None:
            b = _nearest_year_date(month, d2, pub)
            a = b - dt.timedelta(days=1) if b else None
            rel = True
        else:
            return [(s, e, (None, "night", True))]
        if a is None or b is None:
            return []
        return [(s, e, (f"{a.isoformat()}/{b.isoformat()}", "night", rel))]
    if kind == "night1":
        if pub is None:
            return [(s, e, (None, "night", True))]
        first = _weekday_date(wd(g["nw"]), pub, None, _is_future(text, s, e))
        if first == pub and not _is_future(text, s, e):
            first = pub - dt.timedelta(days=1)
        second = first + dt.timedelta(days=1)
        return [(s, e, (f"{first.isoformat()}/{second.isoformat()}", "night", True))]
    if kind == "nightx":
        if pub is None:
            return [(s, e, (None, "night", True))]
        first = pub - dt.timedelta(days=1)
        return [(s, e, (f"{first.isoformat()}/{pub.isoformat()}", "night", True))]
    if kind == "range":
        month = mo(g["rm"])
        out: list[tuple[int, int, _Resolved]] = []
        for key, (ss, ee) in (("rd1", m.span("rd1")), ("rd2", (m.start("rd2"), e))):
            dnum = _day_num(g[key])
            when: Date | None
            if g["ry"]:
                when = _safe_date(int(g["ry"]), month, dnum)
                rel = False
            elif pub is not None:
                when = _nearest_year_date(month, dnum, pub)
                rel = True
            else:
                out.append((ss, ee, (None, "day", True)))
                continue
            if when is not None:
                out.append((ss, ee, (when.isoformat(), "day", rel)))
        return out
    if kind == "full":
        month, day = mo(g["fm"]), _day_num(g["fd"])
        if g["fy"]:
            date = _safe_date(int(g["fy"]), month, day)
            return [(s, e, (date.isoformat(), "day", False))] if date else []
        if pub is None:
            return [(s, e, (None, "day", True))]
        date = _nearest_year_date(month, day, pub)
        if date is not None and g["fdir"]:
            direction = fold(g["fdir"])
            if direction == "prochain" and date <= pub:
                date = _safe_date(date.year + 1, month, day)
            elif direction == "dernier" and date >= pub:
                date = _safe_date(date.year - 1, month, day)
        return [(s, e, (date.isoformat(), "day", True))] if date else []
    if kind == "num":
        date = _numeric_date(g["num"])
        return [(s, e, (date.isoformat(), "day", False))] if date else []
    if kind == "my":
        start = m.start("mypos") if g["mypos"] else m.start("mym")
        return [(start, e, (f"{int(g['myy']):04d}-{mo(g['mym']):02d}", "month", False))]
    if kind in ("mon", "mon2"):
        name = g["mm"] if kind == "mon" else g["mm2"]
        direction = fold(g["mdir"] or "") if kind == "mon" else fold(g["mdir2"])
        start = m.start("mm") if kind == "mon" and not g["mpos"] else s
        if kind == "mon" and g["mpos"]:
            start = m.start("mpos")
        if pub is None:
            return [(start, e, (None, "month", True))]
        month = mo(name)
        year = _nearest_year_month(month, pub, direction or None)
        at = m.start("mm") if kind == "mon" else m.start("mm2")
        if not direction and _is_future(text, s, e) and not _MONTH_PAST_BEFORE.search(
                text, max(0, s - 30), at):
            # "les travaux commenceront en septembre", written in March: this September
            year = pub.year if month >= pub.month else pub.year + 1
        if kind == "mon" and g["mly"]:
            # "en août de l'an dernier": the month of the year before (after)
            year = pub.year + (1 if fold(g["mly"]).startswith("prochain") else -1)
        return [(start, e, (f"{year:04d}-{month:02d}", "month", True))]
    if kind == "rel":
        if pub is None:
            return [(s, e, (None, "day", True))]
        word = fold(g["rel"])
        offset = 0
        if word.startswith("avant-hier"):
            offset = -2
        elif word.startswith("hier"):
            offset = -1
        elif word.startswith("apres-demain"):
            offset = 2
        elif word.startswith("demain"):
            offset = 1
        return [(s, e, ((pub + dt.timedelta(days=offset)).isoformat(), "day", True))]
    if kind == "ryear":
        if pub is None:
            return [(s, e, (None, "year", True))]
        word = fold(g["ryear"])
        delta = -1 if ("dern" in word or "pass" in word) else 1 if "proch" in word else 0
        return [(s, e, (f"{pub.year + delta:04d}", "year", True))]
    if kind == "rmonth":
        if pub is None:
            return [(s, e, (None, "month", True))]
        word = fold(g["rmonth"])
        delta = -1 if ("dern" in word or "pass" in word) else 1 if "proch" in word else 0
        year, month = _add_months(pub.year, pub.month, delta)
        return [(s, e, (f"{year:04d}-{month:02d}", "month", True))]
    if kind == "rweek":
        if pub is None:
            return [(s, e, (None, "week", True))]
        word = fold(g["rweek"])
        delta = -7 if ("dern" in word or "pass" in word) else 7 if "proch" in word else 0
        ref = pub + dt.timedelta(days=delta)
        if "week-end" in word:
            sat = ref - dt.timedelta(days=ref.weekday()) + dt.timedelta(days=5)
            sun = sat + dt.timedelta(days=1)
            return [(s, e, (f"{sat.isoformat()}/{sun.isoformat()}", "week", True))]
        return [(s, e, (_week_range(ref), "week", True))]
    if kind in ("ago", "inn"):
        n = _number(g["agon"] if kind == "ago" else g["innn"])
        unit = fold(g["agou"] if kind == "ago" else g["innu"])
        if pub is None or n <= 0:
            return [(s, e, (None, "day", True))] if n > 0 else []
        sign = -1 if kind == "ago" else 1
        if unit.startswith("jour"):
            return [(s, e, ((pub + dt.timedelta(days=sign * n)).isoformat(), "day", True))]
        if unit.startswith("semaine"):
            back = pub + dt.timedelta(days=sign * 7 * n)
            return [(s, e, (_week_range(back), "week", True))]
        if unit == "mois":
            year, month = _add_months(pub.year, pub.month, sign * n)
            return [(s, e, (f"{year:04d}-{month:02d}", "month", True))]
        return [(s, e, (f"{pub.year + sign * n:04d}", "year", True))]
    if kind == "wday":
        if pub is None:
            return [(s, e, (None, "day", True))]
        wdir = fold(g["wdir"]) if g["wdir"] else None
        future = _is_future(text, s, e)
        if g["wce"] and wdir is None:
            # "ce lundi": the one of the publication week
            monday = pub - dt.timedelta(days=pub.weekday())
            date = monday + dt.timedelta(days=wd(g["ww"]))
        else:
            date = _weekday_date(wd(g["ww"]), pub, wdir, future)
        return [(s, e, (date.isoformat(), "day", True))]
    if kind == "year":
        if not _is_year(text, s, e):
            return []
        return [(s, e, (g["year"], "year", False))]
    return []


#: an event announced for a day: "a annoncé une marche blanche samedi", "a proposé une
#: réunion vendredi", "a convoqué le conseil municipal lundi": the day is the event's, ahead
_ANNOUNCED_EVENT = re.compile(
    r"\b(?:annoncé|annonce|proposé|propose|convoqué|convoque|appelé\s+à|appelle\s+à|fixé|fixe|"
    r"programmé|prévu|planifié)\s+(?:\w+\s+){0,3}?(?:une?|la|le|les|des|sa|son|leur|leurs)\s+"
    r"(?:\w+\s+)?(?:réunion|rencontre|marche(?:\s+blanche)?|manifestation|rassemblement|vote|"
    r"audience|conseil(?:\s+\w+)?|sommet|rendez-vous|cérémonie|obsèques|hommage|conférence(?:\s+de\s+presse)?|"
    r"débat|grève|mobilisation|consultation|référendum|assemblée(?:\s+\w+)?|visite|"
    r"journée(?:\s+\w+)?)\s+(?:\w+\s+){0,2}$", re.IGNORECASE)


def _is_future(text: str, start: int, end: int) -> bool:
    """Whether the clause around a weekday speaks of the future (nearest tense wins; an
    event announced for the day looks ahead)."""
    left, right = _clause_window(text, start, end)
    if _ANNOUNCED_EVENT.search(left):
        return True
    best: tuple[int, bool] | None = None
    for m in _FUTURE_RE.finditer(left):
        dist = len(left) - m.end()
        if best is None or dist < best[0]:
            best = (dist, True)
    for m in _PAST_RE.finditer(left):
        dist = len(left) - m.start() - len(m.group(0).rstrip(" ,"))
        if best is None or dist < best[0]:  # a tie is one word: its future form wins
            # a participle after a future auxiliary is future: "sera organisée samedi"
            best = (dist, bool(_FUTURE_AUX_BEFORE.search(left[:m.start()])))
    for m in _FUTURE_RE.finditer(right):
        if best is None or m.start() < best[0]:
            best = (m.start(), True)
    if best is None:
        # nothing in the clause: the nearest tense marker of the sentence before it
        left = text[max(0, start - 160) : start]
        cut = max(left.rfind("."), left.rfind("\n"))
        left = left[cut + 1 :]
        for m in _FUTURE_RE.finditer(left):
            best = (len(left) - m.end(), True) if best is None or len(left) - m.end() < best[0] \
                else best
        for m in _PAST_RE.finditer(left):
            if best is None or len(left) - m.end() <= best[0]:
                best = (len(left) - m.end(), False)
    return bool(best and best[1])


def _is_year(text: str, start: int, end: int) -> bool:
    before = text[max(0, start - 20) : start]
    if _COUNT_BEFORE.search(before):
        return False
    if _YEAR_BEFORE.search(before):
        return True
    after = text[end : end + 25]
    if _UNIT_AFTER.match(after):
        return False
    nxt = re.match(r"\s+([a-zà-ÿœ]+)", after)
    if nxt:
        word = nxt.group(1)
        if word[-1] in "sx" and word not in _YEAR_FOLLOWERS:
            return False
    # "10 2024" or "2024 000": part of a longer number
    return not (re.search(r"\d[ \u00a0\u202f]$", text[max(0, start - 2) : start])
                or re.match(r"[ \u00a0\u202f]\d{3}\b", after))


def resolve_dates(text: str, published: str | None) -> list[DateExpr]:
    """Find and resolve the French time expressions of a text.

    Args:
        text: the article text (offsets index it).
        published: the publication date ("YYYY-MM-DD" or ISO datetime) or None; without
            it, relative expressions get ``value=None``.

    Returns:
        The expressions in text order, each with value, granularity and ``relative``.
    """
    pub = parse_published(published)
    out: list[DateExpr] = []
    for m in _pattern().finditer(text):
        for start, end, (value, granularity, relative) in _resolve(m, text, pub):
            out.append(
                DateExpr(text=text[start:end], start=start, end=end, value=value,
                         granularity=granularity, relative=relative)
            )
    return out
