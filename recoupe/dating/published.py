"""Publication date of an article, and where it came from.

Order of trust: metadata (feed, JSON, HTML meta) → a date in the source path
(``.../2011-01-25/...``) → a dateline in the text ("Europe • Nov 13, 2024, 3:07 PM",
"mercredi 20 novembre 2024", "Publié le 20/11/2024 à 14h03"; it wins over the path
only when it falls on the same day, adding its time) → the latest full date in the
body, flagged as inferred. A dateline that disagrees with the metadata or the path is
flagged ``dateline_disagrees`` (``recoupe/pipeline.py`` applies the order). Explicit
strings go through dateparser (always with explicit languages);
the patterns that find them are ours.
"""

from __future__ import annotations

import re
from datetime import date, datetime
from functools import lru_cache

_FR_MONTHS = {
    "janvier": 1, "janv": 1, "février": 2, "fevrier": 2, "févr": 2, "fevr": 2, "fév": 2,
    "mars": 3, "avril": 4, "avr": 4, "mai": 5, "juin": 6, "juillet": 7, "juil": 7,
    "août": 8, "aout": 8, "septembre": 9, "sept": 9, "octobre": 10, "oct": 10,
    "novembre": 11, "nov": 11, "décembre": 12, "decembre": 12, "déc": 12, "dec": 12,
}
_EN_MONTHS = {
    "january": 1, "jan": 1, "february": 2, "feb": 2, "march": 3, "mar": 3, "april": 4,
    "apr": 4, "may": 5, "june": 6, "jun": 6, "july": 7, "jul": 7, "august": 8, "aug": 8,
    "september": 9, "sep": 9, "sept": 9, "october": 10, "oct": 10, "november": 11,
    "nov": 11, "december": 12, "dec": 12,
}
_FR_MONTH_RE = "|".join(sorted(_FR_MONTHS, key=len, reverse=True))
_EN_MONTH_RE = "|".join(sorted(_EN_MONTHS, key=len, reverse=True))
_WEEKDAYS = (
    r"(?:lundi|mardi|mercredi|jeudi|vendredi|samedi|dimanche|monday|tuesday|wednesday|"
    r"thursday|friday|saturday|sunday|mon|tue|wed|thu|fri|sat|sun)"
)
_TIME = r"(?:\s*(?:,|à|a|-|at)?\s*\d{1,2}\s*(?:h|:)\s*\d{0,2}(?:\s*(?:am|pm|AM|PM))?)?"

#: "20 novembre 2024", "1er février 2013"
FR_DATE = re.compile(
    rf"\b(?P<d>\d{{1,2}})(?:er)?\s+(?P<m>{_FR_MONTH_RE})\.?\s+(?P<y>(?:19|20)\d{{2}})\b", re.I
)
#: "Nov 13, 2024", "November 13 2024"
EN_DATE = re.compile(
    rf"\b(?P<m>{_EN_MONTH_RE})\.?\s+(?P<d>\d{{1,2}})(?:st|nd|rd|th)?,?\s+(?P<y>(?:19|20)\d{{2}})\b",
    re.I,
)
#: "13 Nov 2024" (English order day-month)
EN_DATE_DM = re.compile(
    rf"\b(?P<d>\d{{1,2}})\s+(?P<m>{_EN_MONTH_RE})\.?,?\s+(?P<y>(?:19|20)\d{{2}})\b", re.I
)
#: "20/11/2024", "20.11.2024", "20-11-2024"
NUM_DATE = re.compile(r"\b(?P<d>\d{1,2})[/.-](?P<m>\d{1,2})[/.-](?P<y>(?:19|20)\d{2})\b")
#: "08-07-13 à 17h24" (two-digit year, only trusted with a time next to it)
SHORT_NUM_DATE = re.compile(
    r"\b(?P<d>\d{1,2})[/.-](?P<m>\d{1,2})[/.-](?P<y>\d{2})\s*(?:à|a|,|-)?\s*\d{1,2}\s*[h:]\s*\d{2}"
)
#: "2024-11-20"
ISO_DATE = re.compile(r"\b(?P<y>(?:19|20)\d{2})-(?P<m>\d{2})-(?P<d>\d{2})\b")
#: time of day next to a date
TIME_RE = re.compile(r"\b(?P<h>\d{1,2})\s*(?:h|:)\s*(?P<mi>\d{2})?\s*(?P<ampm>am|pm)?", re.I)

_DATELINE_CUES = re.compile(
    r"^\s*(?:publi[ée]e?\s+le|mis\s+[àa]\s+jour|modifi[ée]\s+le|actualis[ée]\s+le|cr[ée]{2}\s+le|"
    r"par\s+|by\s+|published|updated|posted|" + _WEEKDAYS + r")",
    re.I,
)


def _valid(y: int, m: int, d: int) -> date | None:
    try:
        return date(y, m, d)
    except ValueError:
        return None


def find_dates(text: str) -> list[tuple[int, int, date]]:
    """Every explicit full date (day, month, year) in ``text`` as (start, end, date).

    Args:
        text: any text.

    Returns:
        Matches in text order; overlapping patterns are resolved to the first found.
    """
    out: list[tuple[int, int, date]] = []
    taken: list[tuple[int, int]] = []
    for pattern, months in (
        (FR_DATE, _FR_MONTHS), (EN_DATE, _EN_MONTHS), (EN_DATE_DM, _EN_MONTHS),
        (NUM_DATE, None), (ISO_DATE, None),
    ):
        for m in pattern.finditer(text):
            s, e = m.span()
            if any(s < te and ts < e for ts, te in taken):
                continue
            month_s = m.group("m")
            month = int(month_s) if months is None else months.get(month_s.lower().rstrip("."), 0)
            d = _valid(int(m.group("y")), month, int(m.group("d")))
            if d is not None:
                out.append((s, e, d))
                taken.append((s, e))
    out.sort()
    return out


def _with_time(line: str, end: int, d: date) -> str:
    """ISO date, or ISO datetime when a time of day follows the date closely."""
    tail = line[end : end + 16]
    m = TIME_RE.search(tail)
    if m and re.fullmatch(r"[\s,-]*(?:à|a|at)?[\s,-]*", tail[: m.start()]):
        h = int(m.group("h"))
        mi = int(m.group("mi") or 0)
        ampm = (m.group("ampm") or "").lower()
        if ampm == "pm" and h < 12:
            h += 12
        elif ampm == "am" and h == 12:
            h = 0
        if 0 <= h < 24 and 0 <= mi < 60:
            return datetime(d.year, d.month, d.day, h, mi).isoformat()
    return d.isoformat()


def parse_dateline(line: str, max_words: int = 16) -> str | None:
    """The publication date a short dateline/byline line states, or None.

    A dateline is a short line whose main content is a date: "Europe • Nov 13, 2024,
    3:07 PM", "mercredi 20 novembre 2024", "Publié le 20/11/2024 à 14h03", "Par Claire
    Vasseur, le 21 octobre 2026". When a line gives several dates (published, updated),
    the first is the publication date.

    Args:
        line: one line of text.
        max_words: longer lines are prose, not datelines.

    Returns:
        "YYYY-MM-DD" or an ISO datetime, or None.
    """
    words = line.split()
    cue = _DATELINE_CUES.search(line) is not None
    if not words or len(words) > (max_words + 10 if cue else max_words):
        return None
    found = find_dates(line)
    if not found:
        m2 = SHORT_NUM_DATE.search(line)
        d2 = _valid(2000 + int(m2.group("y")), int(m2.group("m")), int(m2.group("d"))) if m2 else None
        if m2 is None or d2 is None:
            return None
        found = [(m2.start(), m2.start() + len(m2.group(0).split()[0]), d2)]
    s, e, d = found[0]
    # what is left once dates, times and cue words are removed must be small
    rest = line[:s] + " " + line[e:]
    rest = re.sub(r"\d{1,2}\s*(?:h|:)\s*\d{0,2}\s*(?:am|pm)?", " ", rest, flags=re.I)
    rest_words = [w for w in re.findall(r"[^\W\d_]+", rest) if len(w) > 2]
    if len(rest_words) > (8 if cue else 4):
        return None
    return _with_time(line, e, d)


PATH_DATE = re.compile(r"(?<!\d)((?:19|20)\d{2})[-_/.]?(0[1-9]|1[0-2])[-_/.]?(0[1-9]|[12]\d|3[01])(?!\d)")


def date_from_path(path: str) -> str | None:
    """A YYYY-MM-DD date written in a file path or URL (``.../2011-01-25/...``)."""
    for m in PATH_DATE.finditer(path):
        d = _valid(int(m.group(1)), int(m.group(2)), int(m.group(3)))
        if d is not None:
            return d.isoformat()
    return None


def latest_body_date(text: str, not_after: date | None = None) -> str | None:
    """The latest full date written in the body (an inferred publication date)."""
    dates = [d for _, _, d in find_dates(text) if not_after is None or d <= not_after]
    return max(dates).isoformat() if dates else None


#: a numeric date, day or month first, with an optional time: "07/04/2026 14:30"
_NUMERIC_DATE = re.compile(
    r"(\d{1,2})[/.-](\d{1,2})[/.-]((?:19|20)\d{2})(?:[ T,]+(\d{1,2})[:h](\d{2})(?::(\d{2}))?)?")


@lru_cache(maxsize=4096)
def normalise_metadata_date(value: str, languages: tuple[str, ...] = ("fr", "en")) -> str | None:
    """Turn a metadata date string (ISO, RFC 822, "2026-10-21 08:00:00"...) into ISO.

    Returns "YYYY-MM-DD" when no time is given, else an ISO datetime (naive, local time of
    the source, offset dropped), or None when the string is not a date.
    """
    value = value.strip()
    if not value:
        return None
    m = re.fullmatch(r"((?:19|20)\d{2})-(\d{2})-(\d{2})", value)
    if m:
        d = _valid(int(m.group(1)), int(m.group(2)), int(m.group(3)))
        return d.isoformat() if d else None
    try:
        dt = datetime.fromisoformat(value.replace("Z", "+00:00"))
        return dt.replace(tzinfo=None).isoformat()
    except ValueError:
        pass
    m = _NUMERIC_DATE.fullmatch(value)
    if m:
        # "07/04/2026" is 7 April in French data (dateparser, given English too, read it
        # as 4 July); month first only when the day cannot be first ("04/13/2026")
        a, b, year = int(m.group(1)), int(m.group(2)), int(m.group(3))
        # English data alone (no French) reads the month first, as dateparser would
        month_first = bool(languages) and languages[0] == "en" and "fr" not in languages
        day, month = (a, b) if (a > 12 >= b or not month_first and not b > 12 >= a) else (b, a)
        d = _valid(year, month, day)
        if d is None:
            return None
        if m.group(4):
            hour, minute, second = int(m.group(4)), int(m.group(5)), int(m.group(6) or 0)
            if hour < 24 and minute < 60 and second < 60:
                return datetime(d.year, d.month, d.day, hour, minute, second).isoformat()
        return d.isoformat()
    import dateparser  # heavy import: only when a non-ISO string shows up

    dt2 = dateparser.parse(
        value, languages=list(languages),
        settings={"RETURN_AS_TIMEZONE_AWARE": False,
                  **({"DATE_ORDER": "DMY"} if languages and languages[0] == "fr" else {})}
    )
    if dt2 is None:
        found = find_dates(value)
        return found[0][2].isoformat() if found else None
    if dt2.hour == 0 and dt2.minute == 0 and not re.search(r"\d[:h]\d", value):
        return dt2.date().isoformat()
    return dt2.replace(tzinfo=None).isoformat()


_MONTH_WORD = re.compile(
    r"\b(janvier|f[ée]vrier|mars|avril|mai|juin|juillet|ao[uû]t|septembre|octobre|novembre|"
    r"d[ée]cembre|january|february|march|april|may|june|july|august|september|october|"
    r"november|december)\b", re.IGNORECASE)


def date_from_peers(text: str, peer_dates: list[str], before_days: int = 7,
                    after_days: int = 2) -> str | None:
    """A publication date for an undated article, from the dated articles of its event.

    The peers' median date fixes the period (and the year the text leaves out); the
    article's own latest day-and-month mention ("mercredi 20 novembre") within
    ``before_days`` before to ``after_days`` after that date is taken, else the median
    date itself. None without dated peers.
    """
    days = sorted(d[:10] for d in peer_dates if d and len(d) >= 10)
    if not days:
        return None
    base = date.fromisoformat(days[len(days) // 2])
    from recoupe.nlp.timex import resolve_dates  # the French rules live there

    best: date | None = None
    for expr in resolve_dates(text, base.isoformat()):
        if expr.granularity != "day" or not expr.value or not _MONTH_WORD.search(expr.text):
            continue
        try:
            d = date.fromisoformat(expr.value[:10])
        except ValueError:
            continue
        if -before_days <= (d - base).days <= after_days and (best is None or d > best):
            best = d
    return (best or base).isoformat()
