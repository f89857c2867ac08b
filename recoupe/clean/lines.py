"""Line-level cleaning of scraped article text.

Each line gets a class from its own features (phrase lists per language, patterns for
captions, bylines, datelines, reading times, lone numbers; prose vs headline shape), then
the article body is found as the densest run of prose (a maximum-sum segment, so a single
intertitle, caption or link inside the body does not cut it, while menus, headline lists,
share tools and reader comments around it do). Every line that does not make it into the
text is kept in ``removed`` with its reason.
"""

from __future__ import annotations

import re
import tomllib
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources

from recoupe.dating.published import parse_dateline
from recoupe.model import RemovedLine

# --------------------------------------------------------------------------- phrase lists


@dataclass(slots=True)
class PhraseLists:
    exact: dict[str, str] = field(default_factory=dict)
    prefix: list[tuple[str, str]] = field(default_factory=list)
    contains: list[tuple[str, str]] = field(default_factory=list)


#: the phrase lists used when none are named (``clean.languages`` in settings.toml)
LANGUAGES: tuple[str, ...] = ("fr", "en", "es", "it", "de")


@lru_cache(maxsize=16)
def load_phrases(languages: tuple[str, ...]) -> PhraseLists:
    """Merge the packaged phrase lists of ``languages`` (first language wins on clashes)."""
    out = PhraseLists()
    root = resources.files("recoupe.clean").joinpath("resources")
    for lang in languages:
        res = root.joinpath(f"{lang}.toml")
        if not res.is_file():
            continue
        data = tomllib.loads(res.read_text(encoding="utf-8"))
        for reason, phrases in data.get("exact", {}).items():
            for p in phrases:
                out.exact.setdefault(normalise(p), reason)
        for reason, phrases in data.get("prefix", {}).items():
            out.prefix.extend((normalise(p, strip_end=False), reason) for p in phrases)
        for reason, phrases in data.get("contains", {}).items():
            out.contains.extend((normalise(p, strip_end=False), reason) for p in phrases)
    out.prefix.sort(key=lambda t: -len(t[0]))
    return out


_SPACES = re.compile(r"\s+")
_LEAD = re.compile(r"^[\s•·\-–—*|#]+")
_TRAIL = re.compile(r"[\s:.…!>|,;\-–—»]+$")


def normalise(line: str, strip_end: bool = True) -> str:
    """Lower case, no accents, single spaces, no leading bullets (and trailing punctuation)."""
    s = unicodedata.normalize("NFKD", line)
    s = "".join(c for c in s if not unicodedata.combining(c)).lower()
    s = s.replace("’", "'").replace("\u00a0", " ")
    s = _SPACES.sub(" ", s).strip()
    if s[:1] in "•·-–—*|#" and len(s) > 1:
        s = _LEAD.sub("", s)
    if strip_end:
        s = _TRAIL.sub("", s)
    return s


# --------------------------------------------------------------------------- patterns

_LIVE_GLUED = re.compile(
    r"^(?P<label>En direct|EN DIRECT|Direct|DIRECT|LIVE|Live|A suivre|À suivre|Vidéo|VIDÉO|"
    r"VIDEO|Video|Breaking|BREAKING|INFO|Info|ALERTE|Alerte)(?P<rest>[A-ZÀ-Ý«\"“].+)$"
)
_LONE = re.compile(r"^[\W\d_]*$")
_READING_TIME = re.compile(
    r"^(?:temps\s+de\s+lecture\s*:?\s*)?\d+\s*(?:min(?:ute)?s?|mn)\.?\s*(?:de\s+lecture|read)?\.?$|"
    r"^temps\s+de\s+lecture\s*:?\s*\d+\s*(?:min(?:ute)?s?|mn)\.?$|"
    r"^lecture\s*:?\s*\d+\s*min",
    re.I,
)
_BYLINE = re.compile(
    r"^(?:[Pp]ar|[Bb]y|[Dd]e notre (?:envoy[ée]e? sp[ée]ciale?|correspondante?)(?: [àa] \w+)?,?)\s+"
    r"(?P<name>[A-ZÀ-Ý][\w'’.-]+(?:\s+(?:de\s+|d'|du\s+|van\s+|von\s+|le\s+|la\s+)?"
    r"[A-ZÀ-Ý][\w'’.-]+){0,3})",
)
_BYLINE_DESK = re.compile(
    r"^(?:par|by)\s+(?:la\s+r[ée]daction|notre\s+|nos\s+|l['’][ée]quipe|le\s+service|"
    r"the\s+\w+\s+desk|staff)"
    # "Le Quotidien National avec AFP", "La rédaction avec Reuters": a credit line
    r"|^[\w'’ .-]{2,40}\s+(?:avec|with|con)\s+(?:l['’])?(?:AFP|Reuters|AP|Belga|ATS|ANSA|EFE|dpa)\s*\.?$", re.I
)
_NAME_LINE = re.compile(
    r"^(?:[A-ZÀ-Ý][\w'’.-]+)(?:\s+(?:de|du|des|d['’]|van|von|le|la|el|al|ben)?\s*"
    r"[A-ZÀ-Ý][\w'’.-]+){1,3}$"
)
_CREDIT_END = re.compile(
    r"(?:(?:/|\(|©|\bphoto\b|\bcr[ée]dits?\b)\s*(?:[\w.' -]{0,40}\s)?"
    r"(?-i:AFP|Reuters|REUTERS|AP|EPA|Getty(?: Images)?|SIPA|Sipa|MAXPPP|Maxppp|Hans Lucas|Belga|"
    r"ANSA|DPA|dpa|Xinhua|Sputnik|Abaca|ABACA|Anadolu|IP3|Wikimedia[\w ]*|DR)\b[^()]{0,40}\)?\.?"
    r"|(?-i:\((?:[A-ZÀ-Ý][\w'’-]+\s+){1,3}[A-ZÀ-Ý]{2,}(?:[\s-][A-ZÀ-Ý]{2,})*(?:\s*/\s*[\w ]+)?\))\.?"
    r"|copyright\s+\d{4}.*|cr[ée]dits?\s+photo\s*:.*|\bphoto\s*:\s*[^.]{2,60})\s*$",
    re.I,
)
#: a credit closing a short caption: "La zone des Pâtures, mardi matin. © Le Réveil / Thomas
#: Grivel", "La cuve de l'usine, en 2024. (Photo Élodie Sarrazin)"; a caption only when
#: what comes before it is one sentence of 15 words or fewer (a paragraph keeps its text)
_CREDIT_TAIL = re.compile(
    r"(?:(?<=[.!?»])\s*©\s*[^©.!?]{2,60}"
    r"|\(\s*(?i:photos?)\s+[A-ZÀ-Ý][\w'’.-]+(?:\s+[A-ZÀ-Ý][\w'’.-]+){0,3}\s*\)\.?)\s*$")


def _short_caption_credit(line: str) -> bool:
    m = _CREDIT_TAIL.search(line)
    if m is None:
        return False
    before = line[:m.start()].strip()
    return len(before.split()) <= 15 and not _SENT_INSIDE.search(before)


#: a paragraph of agency copy closing on its credit: "... une déviation a été mise en
#: place. (AFP)" (a bare agency name in brackets, no "photo", "©" nor photographer)
_AGENCY_END = re.compile(r"[.!?…»\"”]\s*\((?:AFP|Reuters|AP|ANSA|DPA|dpa|Belga|EFE|Europa Press)"
                         r"(?:\s*/\s*(?:AFP|Reuters|AP|ANSA|DPA|dpa|Belga|EFE))*\)\.?\s*$")


_INLINE_LINK = re.compile(r"\s*(?:[àa]\s+)?(?:lire|voir)(?:\s+(?:aussi|également))?\s*:", re.IGNORECASE)
#: a caption's usual tail: where and when the photo was taken (", le 5 novembre 2018.")
_MONTHS_RE = (r"(?:janvier|février|fevrier|mars|avril|mai|juin|juillet|août|aout|septembre|octobre|"
              r"novembre|décembre|decembre)")
_CAPTION_DATE_TAIL = re.compile(
    rf",\s+(?:(?:le|ce)\s+)?(?:(?:lundi|mardi|mercredi|jeudi|vendredi|samedi|dimanche)\s+)?"
    rf"(?:\d{{1,2}}(?:er)?\s+{_MONTHS_RE}|(?:lundi|mardi|mercredi|jeudi|vendredi|samedi|dimanche)"
    rf"|en\s+{_MONTHS_RE})(?:\s+\d{{4}})?(?:,?\s+(?:à|au|en|près\s+de)\s+[^,.]{{1,60}})?\s*\.?\s*$",
    re.IGNORECASE)


def _agency_paragraph(line: str) -> bool:
    """Agency copy closing on its credit, not a photo caption: the credit follows a full
    sentence, and the text before it holds two sentences, or one of 12 words or more that
    does not end on a caption's place and date (", le 5 novembre 2018.")."""
    m = _AGENCY_END.search(line)
    if m is None:
        return False
    body = line[:m.start() + 1]
    if _SENT_INSIDE.search(body):
        return True
    return len(body.split()) >= 12 and not _CAPTION_DATE_TAIL.search(body)


#: a photographer's credit closing a caption: "... mercredi matin. Photo Claire Fontanel /
#: Le Courrier de Brénac"
_PHOTO_CREDIT_END = re.compile(r"^[^.!?]{0,160}[.!?»]?\s*(?i:photos?|crédit\s+photo)\s*:?\s*[A-ZÀ-Ý][\w'’-]+"
                               r"(?:\s+[A-ZÀ-Ý][\w'’-]+){0,3}\s*/\s*[^/.]{2,60}$")
_ALL_CAPS_CREDIT = re.compile(r"[A-ZÀ-Ý]{3,}(?:\s*/\s*[A-ZÀ-Ý]{2,})+\s*$")
_SENT_END = re.compile(r"[.!?…»\"”)]\s*$")
_SENT_INSIDE = re.compile(r"[.!?…]\s+[A-ZÀ-Ý«\"“]")
_PREMIUM = re.compile(r"\s(?:Abonnés?|Premium|Réservé aux abonnés)\s*$")
#: a comment thread's header naming the article: "38 commentaires à « ... »",
#: "12 réponses sur ...", "3 Responses to ..."
_COMMENTS_ON = re.compile(
    r"^\d+\s+(?:commentaires?|r[ée]ponses?|r[ée]actions?|comments?|responses?|replies|"
    r"commenti|risposte|comentarios?|respuestas?)\s+"
    r"(?:[àa]|sur|pour|au sujet de|to|on|su|per|en|sobre|para)\s", re.I)
_COMMENT_MARK = re.compile(
    r"^(?:\d+\s+)?(?:commentaires?|r[ée]actions?|vos r[ée]actions|les commentaires|"
    r"r[ée]agir(?: [àa] cet article)?|comments?(?=\s*(?:\(?\d+\)?)?\s*:?\s*$)|"
    r"laisser un commentaire|ajouter un commentaire|"
    r"[\w.-]+ a (?:écrit|dit|répondu) le|signaler (?:un )?abus|répondre)\b",
    re.I,
)

#: region weights: prose adds its words (capped), everything else costs
_CAP = 40
_PENALTY = {
    "short": -3.0,
    "caption": -6.0,
    "meta": -6.0,
    "link": -8.0,
    "related": -12.0,
    "live": -12.0,
    "other": -20.0,
    "ad": -25.0,
    "nav": -25.0,
    "share": -60.0,
    "legal": -80.0,
    "comment": -200.0,
}


@dataclass(slots=True)
class Line:
    lineno: int
    text: str
    words: int
    kind: str  # "prose" | "short" | a debris reason
    #: the kind the line had on its own, before context (lists) changed it
    shape: str = ""
    dateline: str | None = None
    byline: str | None = None
    #: source line numbers of the lines joined to this one (a paragraph wrapped at a fixed
    #: width: see :func:`unwrap_lines`)
    joined: tuple[int, ...] = ()
    #: kept although a rule took it for debris (see ``flags``: ``doubtful_lines_kept``)
    doubtful: bool = False


@dataclass(slots=True)
class CleanResult:
    """Cleaned text plus what was taken out and the metadata found on the way."""

    text: str
    removed: list[RemovedLine]
    dateline: str | None = None
    dateline_text: str | None = None
    author: str | None = None
    flags: list[str] = field(default_factory=list)
    #: 1-based source line numbers of the kept lines, in order
    kept_lines: list[int] = field(default_factory=list)


# --------------------------------------------------------------------------- classification


def _phrase_reason(norm: str, words: int, phrases: PhraseLists) -> str | None:
    if not norm:
        return "other"
    reason = phrases.exact.get(norm)
    if reason:
        return reason
    if words <= 30:
        for p, r in phrases.prefix:
            if norm.startswith(p):
                return r
    return None


def _contains_reason(norm: str, phrases: PhraseLists) -> str | None:
    for p, r in phrases.contains:
        if p in norm:
            return r
    return None


#: page code left in the text: a CSS rule ("a:hover{background:#000;}", ".logo{display:
#: block;...}"), a CDATA marker, a serialized PHP array, a script call
_CODE = re.compile(
    r"[\w#.\-\]:)*\s]\{\s*[a-z-]{3,}\s*:\s*[#\w\-.%!() ,]{1,80};|<!\[CDATA\[|/\*<!\[|\ba:\d+:\{[si]:\d|"
    r"^\s*@media\s*\(|\bfunction\s*\(\s*\)\s*\{|\bvar\s+\w+\s*=\s*[\[{'\"]|"
    r"\bdocument\.(?:write|getElementById)\(|"
    # script statements: a function with its parameters, a declaration, an assignment or a
    # call closed by ";", a handler, a comment line, a jQuery call, a lone closing brace
    r"\bfunction\s*\w*\s*\([\w\s,]*\)\s*\{|^\s*function\s+[\w$]+\s*\([\w\s,]*\)\s*$|"
    r"^\s*(?:var|let|const)\s+[\w$]+\s*=|\bnew\s+[A-Z][\w$]*\(\s*\{|"
    r"^\s*[a-z_$][A-Za-z0-9_$.]*\s*=\s*(?:null|true|false|undefined|\d+)\s*;?\s*$|"
    r"\}\s*catch\s*\(\s*\w+\s*\)\s*\{|^\s*//|\$\(\s*(?:['\"#.]|document\b|this\b|window\b)|"
    r"^\s*[a-z_$][A-Za-z0-9_$.]*(?:\[[^\]]*\])?\s*=\s*[^=;]{1,200};\s*$|"
    r"^\s*(?:success|error|complete|beforeSend)\s*:\s*function\b|^\s*\}\s*\)?\s*;?\s*$")


#: a separator between the items of a menu ("Accueil | Actualités | Région | Sports");
#: not "/", which lists dates or places in a text ("vendredi 12 / samedi 13 juin")
_MENU_SEP = re.compile(r"\s+[|•·]\s+")


def _is_menu(text: str) -> bool:
    """Three items or more of at most three words each and no digit, between menu
    separators, and no sentence punctuation: a menu bar."""
    items = _MENU_SEP.split(text)
    if len(items) < 3 or _SENT_END.search(text) or any(c.isdigit() for c in text):
        return False
    return all(0 < len(item.split()) <= 3 for item in items)


def _known_items(text: str, phrases: PhraseLists) -> bool:
    """A bar of two items or more that are each a whole debris phrase ("Se connecter |
    S'abonner", "Aceptar cookies | Configurar"), or three to eight words that each are one
    and no punctuation ("ACCUEIL ACTUALITÉ ÉCONOMIE SPORTS CULTURE", "Menu Rechercher
    Newsletter"): a site's menu or account bar, in any of the loaded languages."""
    items = _MENU_SEP.split(text)
    if len(items) < 2:
        items = text.split()
        if not 3 <= len(items) <= 8 or re.search(r"[.,;:!?«»\"()]", text):
            return False
    return all(len(key := normalise(item)) >= 2 and any(c.isalpha() for c in key)
               and key in phrases.exact for item in items)


def classify_line(text: str, lineno: int, phrases: PhraseLists, prose_min_words: int = 12) -> Line:
    """Give one line its class from its own features.

    Args:
        text: the line.
        lineno: its 1-based number in the source.
        phrases: merged phrase lists.
        prose_min_words: a line with sentence punctuation is prose from this many words
            (any line of 25 words or more is prose); shorter lines are headline-like.

    Returns:
        A :class:`Line` whose ``kind`` is "prose", "short" or a debris reason.
    """
    stripped = text.strip()
    words = len(stripped.split())
    line = Line(lineno, stripped, words, "short")
    if _LONE.match(stripped):
        line.kind = "other"
        if stripped and set(stripped) <= set("{}()[];, "):
            line.shape = "code"  # a closing brace of a script: neutral, as its statements
        return line
    if _CODE.search(stripped):
        # removed, but neutral to the body search: a gallery or a player embedded in the
        # article leaves its code between two paragraphs
        line.kind, line.shape = "other", "code"
        return line
    if _READING_TIME.match(stripped):
        line.kind = "meta"
        return line
    if _BYLINE_DESK.match(stripped) and words <= 12:
        line.kind = "meta"
        return line
    m = _BYLINE.match(stripped)
    if m and words <= 12:
        line.kind = "meta"
        line.byline = m.group("name")
        line.dateline = parse_dateline(stripped)
        return line
    dl = parse_dateline(stripped)
    if dl is not None:
        line.kind = "meta"
        line.dateline = dl
        if m:
            line.byline = m.group("name")
        return line
    if _is_menu(stripped) or _known_items(stripped, phrases):
        line.kind = "nav"
        return line
    norm = normalise(stripped)
    reason = _phrase_reason(norm, words, phrases)
    if reason is not None:
        line.kind = reason
        return line
    if words <= 60 and (_CREDIT_END.search(stripped) or _ALL_CAPS_CREDIT.search(stripped)
                        or _PHOTO_CREDIT_END.search(stripped) or _short_caption_credit(stripped)) \
            and not _agency_paragraph(stripped):
        line.kind = "caption"
        return line
    reason = _contains_reason(norm, phrases)
    if reason is not None:
        line.kind = reason
        return line
    if _PREMIUM.search(stripped):
        line.kind = "related"
        return line
    sentence = bool(_SENT_END.search(stripped) or _SENT_INSIDE.search(stripped))
    prose = (words >= prose_min_words and sentence) or words >= 25
    line.kind = "prose" if prose else "short"
    return line


_BARRIER_KINDS = frozenset(
    {"share", "other", "legal", "nav", "ad", "related", "link", "live", "comment"}
)
_FULL_STOP = re.compile(r"[.…:;][\s»\"”)\]']*$")


def _is_barrier(ln: Line) -> bool:
    """A line of a kind that may cut the body (page code never does)."""
    return ln.kind in _BARRIER_KINDS and ln.shape != "code"


def _weight(ln: Line) -> float:
    if ln.shape == "code":
        return 0.0
    if ln.kind == "prose":
        return float(min(ln.words, _CAP))
    return _PENALTY.get(ln.kind, -20.0)


def mark_author_lines(lines: list[Line]) -> None:
    """A lone name ("Maëlle Guérin") next to a byline or dateline is the author line."""
    for i, ln in enumerate(lines):
        if ln.kind != "short" or not 2 <= ln.words <= 4 or not _NAME_LINE.match(ln.text):
            continue
        near = [lines[j] for j in (i - 1, i + 1) if 0 <= j < len(lines)]
        if any(n.kind == "meta" and (n.dateline or n.byline) for n in near):
            ln.kind = "meta"
            ln.byline = ln.text


def mark_lists(lines: list[Line], min_run: int = 3) -> None:
    """A run of headline-like lines (no full stop at the end) is a list of other articles.

    Intertitles come alone between paragraphs; three or more headline-shaped lines in a
    row are a menu or a "related articles" block, whatever their length.
    """
    i = 0
    n = len(lines)
    while i < n:
        j = i
        while j < n and _headline_shaped(lines[j]):
            j += 1
        if j - i >= min_run:
            for k in range(i, j):
                lines[k].shape = lines[k].shape or lines[k].kind
                lines[k].kind = "related"
        i = max(j, i + 1)


def _headline_shaped(ln: Line) -> bool:
    if ln.kind not in ("short", "prose") or _FULL_STOP.search(ln.text):
        return False
    if _TWEET.search(ln.text):
        return False  # a post the article quotes ("#SudanJan30 Le nombre grossit"): no teaser
    return ln.kind == "short" or ln.words < 30


#: a social-media post's marks: a hashtag or a handle ("#SudanJan30", "@elzubeir")
_TWEET = re.compile(r"(?:^|\s)[#@][^\W\d_][\w_]{2,}")


def _barriers(lines: list[Line]) -> list[bool]:
    """Lines that end an article body: share tools, legal text, menus, runs of debris."""
    out = [False] * len(lines)
    i = 0
    n = len(lines)
    while i < n:
        if _is_barrier(lines[i]):
            j = i
            total = 0.0
            while j < n and _is_barrier(lines[j]):
                total += _weight(lines[j])
                j += 1
            if total <= -30 or any(_weight(lines[k]) <= -60 for k in range(i, j)):
                for k in range(i, j):
                    out[k] = True
            i = j
        else:
            i += 1
    return out


#: the longest run of list-made lines that may sit inside an article body
_INNER_RUN_MAX = 4


def _kadane(lines: list[Line], lo: int, hi: int) -> tuple[int, int, float]:
    best = (lo, lo - 1, 0.0)
    start, acc = lo, 0.0
    for i in range(lo, hi):
        if acc <= 0:
            start, acc = i, 0.0
        acc += _weight(lines[i])
        if acc > best[2]:
            best = (start, i, acc)
    return best


#: the score of a block before a comment count ("12 commentaires") for it to be the article
#: the comments follow (a paragraph or two of prose)
_ARTICLE_BEFORE_COMMENTS = 40.0
#: the prose words before a comment count for it to end the article
_ARTICLE_WORDS = 60


def _best_region(lines: list[Line], min_score: float = 15.0) -> tuple[int, int, float]:
    """The article body: (first index, last index, score), or an empty region.

    Blocks between barriers are scored by their maximum-sum run of line weights; the
    earliest block scoring at least half the best is the body (reader comments come after
    the article and can be longer than it).
    """
    bar = _barriers(lines)
    # a comment thread's count header ("240 commenti a ...", "12 commentaires") after an
    # article's worth of prose splits the page there, whatever follows it
    prose_words = 0
    for k, ln in enumerate(lines):
        if prose_words >= _ARTICLE_WORDS and _counted_comments(ln):
            bar[k] = True
            break
        if ln.kind == "prose":
            prose_words += ln.words
    cands: list[tuple[int, int, float]] = []
    i = 0
    n = len(lines)
    while i < n:
        if bar[i]:
            i += 1
            continue
        j = i
        while j < n and not bar[j]:
            j += 1
        s, e, score = _kadane(lines, i, j)
        if e >= s and score >= min_score:
            cands.append((s, e, score))
        i = j
    if not cands:
        return (0, -1, 0.0)
    # reader comments come after the article: behind a line that opens a comment section,
    # a longer block is no reason to pass over an article block before it
    # (a comment form's notices, or a header giving the thread's count: "100 réactions à cet
    # article"), when an article-sized block comes before it: a count under the headline
    # with only teasers above it does not make the teasers the article
    opens = next((k for k, ln in enumerate(lines)
                  if ln.kind == "comment" or _counted_comments(ln)), n)
    before = [c for c in cands if c[1] < opens]
    if before and max(c[2] for c in before) < _ARTICLE_BEFORE_COMMENTS and opens < n \
            and lines[opens].kind != "comment":
        before = []
    if before:
        cands = before + [c for c in cands if c[1] >= opens]
        top = max(c[2] for c in before)
    else:
        top = max(c[2] for c in cands)
    chosen = next((c for c in cands if c[2] >= 0.4 * top), cands[0])
    s, e, score = chosen
    # fail safe: a body cut in two by a few headline-shaped lines (intertitles, an
    # interview's questions, a name over a pull quote) goes on after them: a barrier made
    # only of lines that the list rule turned into "related" and nothing else (no phrase
    # of debris, no share or legal line) is no end of the article
    for ns, ne, nscore in cands:
        if ns <= e:
            continue
        gap = range(e + 1, ns)
        if (0 < len(gap) <= _INNER_RUN_MAX and nscore >= min_score
                and all(lines[k].shape in ("short", "prose") for k in gap)
                and _reads_as_sentences(lines[ns:ne + 1])):
            for k in gap:
                lines[k].kind = lines[k].shape
                lines[k].doubtful = True
            e = ne
            score += nscore
        else:
            break
    # fail safe: short sentences right after the densest run are the article's last
    # lines ("Il n'a pas appelé Paris."), not debris; a headline or a teaser has no full stop
    # and an inline "Lire aussi : ..." just before them does not end the article (the link
    # line itself stays out: only prose and short lines of the region are kept)
    while e + 1 < n and not bar[e + 1] and _is_short_sentence(lines[e + 1]):
        e += 1
    # once, an inline link with its title ("Lire aussi : Pont de la Sarrette : une enquête
    # ouverte"), or up to three, before the article's last sentences, which the page's end or
    # its chrome follows
    links = 0
    while (links < 3 and e + links + 1 < n
           and (lines[e + links + 1].kind == "link" or _INLINE_LINK.match(lines[e + links + 1].text))
           and re.search(r":\s*\S", lines[e + links + 1].text)):
        links += 1
    after = e + links + 1
    if (links and after < n and not bar[after]
            and all(not bar[k] or _INLINE_LINK.match(lines[k].text) for k in range(e + 1, after))
            and (_is_short_sentence(lines[after]) or lines[after].kind == "prose")):
        k = after
        while k + 1 < n and not bar[k + 1] and _is_short_sentence(lines[k + 1]):
            k += 1
        if k + 1 >= n or bar[k + 1] or lines[k + 1].kind in _AFTER_NOTES:
            e = k
    return s, e, score


#: a live page says so near its top: "En direct : ...", "Début du direct : 14/08/2013 à
#: 07:41", "Mis à jour le ... à 23:01", "Live", "En vivo", "In diretta"
_LIVE_MARK = re.compile(
    r"^\W*(?:en\s+direct|live(?:\s+blog)?|en\s+vivo|in\s+diretta|directo|diretta)\b"
    r"|\b(?:début|fin)\s+du\s+direct\b", re.IGNORECASE)
#: how many lines from the body's start the live marker may sit
_LIVE_MARK_LINES = 8


def _live_page(lines: list[Line], s: int) -> bool:
    """A live blog: a live marker just above the body or on its first line, or a line of
    metadata in the body's first lines that says so ("Début du direct : ..."); a marker in
    a list of other articles ("En vivo: Conferencia de prensa ...") is no such sign."""
    lo = max(0, s - _LIVE_MARK_LINES)
    return any(_LIVE_MARK.search(ln.text) and ln.kind in ("short", "prose", "meta")
               for ln in lines[lo : s + 1]) or any(
        ln.kind == "meta" and _LIVE_MARK.search(ln.text)
        for ln in lines[s : s + _LIVE_MARK_LINES])


def _extend_live(lines: list[Line], s: int, e: int) -> int:
    """A live blog's body runs over its entries (fail safe).

    Its entries are headlines without a full stop, each followed or not by a paragraph or
    an embedded post: runs of them read as a list of other articles to the list rule, and
    the body search stops at the first. On a live page, lines the list rule made
    ``related`` are entries again (kept, flagged doubtful) up to the first line of a
    debris kind (share, legal, navigation, comments...), which ends the page's body.
    """
    end = e
    for k in range(e + 1, len(lines)):
        ln = lines[k]
        if ln.kind == "related" and ln.shape in ("short", "prose"):
            continue
        if ln.kind in ("prose", "short", "meta", "caption"):
            if ln.kind in ("prose", "short"):
                end = k
            continue
        break
    for k in range(e + 1, end + 1):
        ln = lines[k]
        if ln.kind == "related" and ln.shape in ("short", "prose"):
            ln.kind = ln.shape
            ln.doubtful = True
    return end


def _reads_as_sentences(block: list[Line]) -> bool:
    """Most lines of the block end a sentence (article paragraphs do; teasers, titles and
    menus do not)."""
    ends = sum(1 for ln in block if _SENT_END.search(ln.text))
    return 2 * ends > len(block)


_SHORT_SENTENCE = re.compile(r"^[«\"“(]?[A-ZÀ-Ý].*[^.…](?:[.!?]|\s?:)(?:\s*[»\"”])?$")


def _is_short_sentence(ln: Line) -> bool:
    """A short line that is a whole sentence: capital first, a full stop (not "...") or a
    colon introducing what follows ("Le maire ajoute :") last."""
    return ln.kind == "short" and ln.words >= 3 and bool(_SHORT_SENTENCE.match(ln.text.strip()))


# --------------------------------------------------------------------------- main entry


def split_glued(raw: str) -> tuple[str, str | None]:
    """Split a live-blog label run into the next words ("En directGuerre en Ukraine")."""
    m = _LIVE_GLUED.match(raw.strip())
    if m:
        return m.group("rest"), m.group("label")
    return raw, None


_SPACE_FIX = [
    (re.compile(r"»(?=[^\s.,;:!?)\]…»\"'’-])"), "» "),
    (re.compile(r"(?<=[^\s(\[«\"'’-])«"), " «"),
    (re.compile(r"(?<=\w)”(?=\w)"), "” "),
]


def fix_spacing(line: str) -> str:
    """Put back spaces lost around French quotation marks ("cette fin »a fustigé")."""
    for pattern, repl in _SPACE_FIX:
        line = pattern.sub(repl, line)
    return line


def clean_text(
    text: str,
    languages: tuple[str, ...] = LANGUAGES,
    extracted: bool = False,
    prose_min_words: int = 12,
) -> CleanResult:
    """Clean one article's text.

    Args:
        text: decoded text, newlines normalised or not.
        languages: which phrase lists to use.
        extracted: the text already comes out of an extractor (HTML, JSON ``maintext``):
            only phrase, pattern and repeat rules apply, no body-region search.
        prose_min_words: see :func:`classify_line`.

    Returns:
        A :class:`CleanResult`; ``text`` joins the kept lines with newlines.
    """
    phrases = load_phrases(tuple(languages))
    raw_lines = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    removed: list[RemovedLine] = []
    flags: list[str] = []
    lines: list[Line] = []
    for no, raw in enumerate(raw_lines, 1):
        if not raw.strip():
            continue
        body, label = split_glued(raw)
        if label is not None:
            removed.append(RemovedLine(label, "live", no))
            flags.append("glued_label")
        lines.append(classify_line(fix_spacing(body), no, phrases, prose_min_words))

    if not lines:
        return CleanResult("", removed, flags=flags)
    n_before = len(lines)
    lines = unwrap_lines(lines, phrases, prose_min_words)
    if len(lines) < n_before:
        flags.append("unwrapped_lines")

    keep = [False] * len(lines)
    reason = ["" for _ in lines]
    if extracted:
        for i, ln in enumerate(lines):
            keep[i] = ln.kind in ("prose", "short")
            reason[i] = ln.kind
        # an extractor's text may still end on the page's comments ("12 commentaires",
        # then the readers' lines): past the first half, a comment-section marker ends it
        # a comment section says so with its count ("12 commentaires"): in an extractor's
        # text an intertitle ("Réactions", "Réaction du syndicat") is no such marker
        _cut_comments(lines, keep, reason, len(lines) // 2 - 1, len(lines) - 1, _counted_comments)
        _drop_teasers(lines, keep, reason)
    else:
        mark_author_lines(lines)
        mark_lists(lines)
        s, e, score = _best_region(lines)
        live = e >= s and _live_page(lines, s)
        if live:
            e = _extend_live(lines, s, e)
            flags.append("live_entries_kept")
        if e < s:
            # no prose run at all (a headline, a short note): keep what is not debris
            for i, ln in enumerate(lines):
                keep[i] = ln.kind in ("prose", "short")
                reason[i] = ln.kind
        else:
            for i, ln in enumerate(lines):
                if s <= i <= e:
                    keep[i] = ln.kind in ("prose", "short")
                    reason[i] = ln.kind
                else:
                    keep[i] = False
                    if ln.kind in ("prose", "short"):
                        reason[i] = "related" if ln.kind == "short" and i < s else (
                            "comment" if ln.kind == "prose" and i > e else "boilerplate")
                    else:
                        reason[i] = ln.kind
            _keep_title(lines, keep, reason, s)
            if live:
                _keep_live_title(lines, keep, reason, s)
            _keep_first_line(lines, keep, reason, s)
            _cut_comments(lines, keep, reason, s, e)
            if _keep_footnotes(lines, keep, reason, s, e):
                flags.append("footnotes_kept")
            if _keep_fact_box(lines, keep, reason, e):
                flags.append("fact_box_kept")

    _mark_captions(lines, keep, reason)
    _mark_repeats(lines, keep, reason)
    if any(keep[i] and ln.doubtful for i, ln in enumerate(lines)):
        flags.append("doubtful_lines_kept")

    dateline = dateline_text = author = None
    for ln in lines:
        if ln.dateline and dateline is None:
            dateline, dateline_text = ln.dateline, ln.text
        if ln.byline and author is None:
            author = ln.byline
    kept: list[str] = []
    kept_nos: list[int] = []
    for i, ln in enumerate(lines):
        if keep[i]:
            kept.append(ln.text)
            kept_nos.append(ln.lineno)
            kept_nos.extend(ln.joined)
        else:
            removed.append(RemovedLine(ln.text, reason[i] or ln.kind, ln.lineno))
    removed.sort(key=lambda r: r.lineno or 0)
    return CleanResult(
        "\n".join(kept), removed, dateline=dateline,
        dateline_text=dateline_text, author=author, flags=sorted(set(flags)),
        kept_lines=kept_nos,
    )


#: a line that ends a sentence (or introduces what follows): the next line starts anew
_ENDS_SENTENCE = re.compile(r"[.!?…:;»\"”)\]]\s*$")
#: a line that carries on the sentence of the line above: starts with a lower-case letter
_CONTINUES = re.compile(r"^[a-zà-ÿœæ]")


#: what a piece of a cut line can be taken for on its own (never a share, legal or
#: comment line: those are whole)
_FRAGMENT_KINDS = frozenset({"meta", "related", "other", "link"})
#: a line this close to the page's wrap width (characters) was cut there, not ended
WRAP_SLACK = 12
#: share of a page's lines that must sit just under one width for it to be hard-wrapped
WRAP_SHARE = 0.5


def wrap_width(lines: list[Line]) -> int:
    """The width a page was hard-wrapped at, or 0 when it was not.

    Paragraphs that run free have lengths spread over hundreds of characters; a page
    wrapped at a fixed width (a mail, a PDF or a print export) has most of its lines just
    under that width. The width is the 90th percentile of the line lengths; the page is
    wrapped when at least :data:`WRAP_SHARE` of its lines (20 lines or more) fall within
    :data:`WRAP_SLACK` characters under it, and a quarter of those are followed by a line
    that goes on in lower case (a list of headlines of alike lengths is not wrapped).
    """
    lengths = sorted(len(ln.text) for ln in lines)
    if len(lengths) < 20:
        return 0
    width = lengths[int(0.9 * (len(lengths) - 1))]
    near = [k for k, ln in enumerate(lines[:-1]) if width - WRAP_SLACK <= len(ln.text) <= width]
    if width < 30 or len(near) < WRAP_SHARE * len(lengths):
        return 0
    # cut sentences go on in lower case on the next line; a list of headlines does not
    # (each opens with a capital), however alike their lengths
    carried = sum(1 for k in near if _CONTINUES.match(lines[k + 1].text))
    return width if carried >= 0.25 * len(near) else 0


def unwrap_lines(lines: list[Line], phrases: PhraseLists, prose_min_words: int = 12) -> list[Line]:
    """Join the lines of a paragraph wrapped at a fixed width into one line.

    A page scraped with hard line breaks cuts every sentence into fragments of a few
    words, which one by one look like headlines or labels: the body search then keeps
    a sliver of the article. Two neighbouring lines are joined when the first does not
    end a sentence, neither is debris on its own (a byline, a share prompt, a caption...),
    and either the second starts with a lower-case letter or the page is wrapped at a
    fixed width (:func:`wrap_width`) and the first line reaches it: a full line was cut,
    whatever the case of the word that follows ("... la condamnation de" / "Hosni
    Moubarak"). The joined line is classified again; it keeps the first line's number and
    lists the others in ``joined``.
    """
    width = wrap_width(lines)
    out: list[Line] = []
    tail = 0  # length of the last physical line of out[-1]: was it cut at the width?
    for ln in lines:
        prev = out[-1] if out else None
        full = width > 0 and tail >= width - WRAP_SLACK
        # on a wrapped page, a fragment that looks like a dateline or a headline on its
        # own ("(Rome, 26 juillet 2001), ce") is only the rest of a cut line
        fragment = ln.kind in ("prose", "short") or (full and ln.kind in _FRAGMENT_KINDS)
        if (prev is not None and prev.kind in ("prose", "short") and fragment
                and ln.lineno == (prev.joined[-1] if prev.joined else prev.lineno) + 1
                and not _ENDS_SENTENCE.search(prev.text)
                and (_CONTINUES.match(ln.text) or full)
                and prev.words >= 3):
            merged = classify_line(f"{prev.text} {ln.text}", prev.lineno, phrases, prose_min_words)
            merged.joined = (*prev.joined, ln.lineno)
            out[-1] = merged
        else:
            out.append(ln)
        tail = len(ln.text)
    return out


def _keep_live_title(lines: list[Line], keep: list[bool], reason: list[str], s: int) -> None:
    """A live blog's own headline: the line above its entries that opens on the live marker
    and goes on with a title ("EN DIRECT - Fuite d'ammoniac à Brénac : suivez la situation");
    it is the page's title, not an entry's ("13h20 - Les habitants pourront rentrer")."""
    for i in range(max(0, s - _LIVE_MARK_LINES), s):
        ln = lines[i]
        if _LIVE_MARK.search(ln.text) and len(ln.text.split()) >= 5 and ln.kind not in (
                "nav", "legal", "share", "ad", "comment"):
            if not any(keep[:i]):
                keep[i] = True
                reason[i] = "short"
            return


def _keep_title(lines: list[Line], keep: list[bool], reason: list[str], s: int) -> None:
    """Keep the headline: the headline-like line just above the body (meta lines skipped)."""
    i = s - 1
    skipped = 0
    while i >= 0 and skipped <= 3:
        ln = lines[i]
        if ln.kind in ("meta", "caption", "live", "other", "share"):
            # share buttons often sit between the byline and the body
            i -= 1
            skipped += 1
            continue
        shape = ln.shape or ln.kind
        if shape == "short" or (shape == "prose" and ln.words <= 30):
            keep[i] = True
            reason[i] = shape
            _keep_headline_above(lines, keep, reason, i)
        return


def _keep_headline_above(lines: list[Line], keep: list[bool], reason: list[str], i: int) -> None:
    """A headline, its date or byline, then a subtitle: the line kept as the title at
    ``i`` may be the subtitle. A headline-shaped line (five words or more, no full stop)
    just above the meta lines above it is the headline: kept too."""
    j = i - 1
    metas = 0
    while j >= 0 and lines[j].kind == "meta" and metas < 2:
        j -= 1
        metas += 1
    if metas == 0 or j < 0 or keep[j]:
        return
    ln = lines[j]
    # "related" here is only the list rule's guess (a run of short lines): the shape decides
    if ln.kind in ("short", "related") and (ln.shape or ln.kind) == "short" and ln.words >= 5 \
            and not ln.text.rstrip().endswith((".", "…", ":")):
        keep[j] = True
        reason[j] = "short"


def _keep_first_line(lines: list[Line], keep: list[bool], reason: list[str], s: int) -> None:
    """Fail safe for the headline: a page's first line, when the body starts within its
    first five lines and that line reads like a headline (five words or more, no debris
    class of its own, not a sentence), is the article's title even when a caption, a
    byline or a standfirst sits between it and the body."""
    if s > 5 or s == 0 or keep[0]:
        return
    first = lines[0]
    shape = first.shape or first.kind
    if shape == "short" and first.words >= 5 and not first.text.rstrip().endswith((".", "…")):
        keep[0] = True
        reason[0] = "short"


#: a numbered note: "(3) Cfr. ...", "[2] Voir ...", "1) Selon ..."
_NOTE_START = re.compile(r"^\s*(?:[(\[](\d{1,2})[)\]]|(\d{1,2})\))\s*\S")
#: a note call inside the text: "l'opposition laïque (2)", "[3]"
_NOTE_CALL = re.compile(r"\S\s*[(\[](\d{1,2})[)\]]")
#: what ends a block of notes (whole lines of site chrome)
_AFTER_NOTES = frozenset({"caption", "share", "legal", "comment", "nav", "ad"})


#: the header of a fact box closing an article: "En 7 dates", "Repères", "Chronologie",
#: "Les dates clés", "En chiffres", "Bio express"
_FACT_BOX = re.compile(r"^\W*(?:en\s+\d+\s+(?:dates|chiffres|points)|repères|chronologie|"
                       r"les\s+(?:dates|chiffres)\s+clés|en\s+chiffres|bio(?:graphie)?\s+express)"
                       r"\W*$", re.IGNORECASE)
#: a line of a dated fact box: a year or a day and month first ("12 mai 1985 Naissance.",
#: "2004 Rejoint le mouvement Kefaya.", "29 juin Annonce de ...")
_FACT_LINE = re.compile(r"^\W*(?:\d{1,2}(?:er)?\s+[a-zéû]+\.?(?:\s+\d{4})?|\d{4}|[a-zéû]+\s+\d{4})\s+\S",
                        re.IGNORECASE)


def _keep_fact_box(lines: list[Line], keep: list[bool], reason: list[str], e: int) -> bool:
    """A dated fact box right after the body ("En 7 dates" over "12 mai 1985 Naissance.",
    "2004 Rejoint le mouvement Kefaya."), past at most two caption lines, is body (fail
    safe): its lines read as a list of headlines to the body search. Kept from its header to
    the last of its dated lines (three at least). Returns whether it was kept."""
    i = e + 1
    while i < len(lines) and i <= e + 2 and lines[i].kind == "caption":
        i += 1
    if i >= len(lines) or not _FACT_BOX.match(lines[i].text):
        return False
    end = i
    for k in range(i + 1, min(len(lines), i + 16)):
        if not _FACT_LINE.match(lines[k].text) or lines[k].words > 40:
            break
        end = k
    if end - i < 3:
        return False
    for k in range(i, end + 1):
        keep[k] = True
        reason[k] = lines[k].shape or "short"
        lines[k].doubtful = True
    return True


def _keep_footnotes(
    lines: list[Line], keep: list[bool], reason: list[str], s: int, e: int
) -> bool:
    """The article's numbered notes after its body are body (fail safe).

    Notes are written in short pieces (a reference, a title in capitals, a link label)
    that the body search takes for a list of headlines and stops at. When the body calls
    a note ("... laïque (2)") and the lines just after it open with that number, the
    notes are kept, from there to the first line of site chrome (a caption, a share or
    legal line) or the third short line in a row that opens no note. Returns whether any
    line was kept this way."""
    calls = {m.group(1) for i in range(s, e + 1) if keep[i]
             for m in _NOTE_CALL.finditer(lines[i].text)}
    if not calls:
        return False

    def note(i: int) -> str | None:
        m = _NOTE_START.match(lines[i].text)
        return (m.group(1) or m.group(2)) if m else None

    start = e + 1
    if start >= len(lines) or note(start) not in calls:
        return False
    added = False
    shorts = 0
    for i in range(start, len(lines)):
        ln = lines[i]
        if ln.kind in _AFTER_NOTES:
            break
        if ln.shape == "code":
            continue
        opens = note(i) is not None
        shape = ln.shape or ln.kind
        shorts = 0 if opens or shape == "prose" else shorts + (shape == "short")
        if shorts >= 3:
            break
        if not keep[i]:
            keep[i] = True
            reason[i] = shape
            added = True
    return added


_COMMENT_COUNT = re.compile(r"^\s*\d+\s+(?:commentaires?|réactions?|comments?|comentarios?|commenti)\s*$",
                            re.IGNORECASE)
_TEASER_HEADER = re.compile(r"^\W*(?:(?:[àa]\s+)?(?:lire|voir)(?:\s+(?:aussi|également))?|vous\s+aimerez\s+"
                            r"aussi|sur\s+le\s+même\s+sujet|à\s+voir\s+aussi|read\s+(?:more|also)|"
                            r"related|te\s+puede\s+interesar|les\s+plus\s+(?:lus|partagés|commentés)|"
                            r"most\s+(?:read|popular)|lo\s+más\s+leído|i\s+più\s+letti|"
                            r"auch\s+interessant|mehr\s+zum\s+thema|meistgelesen)\W*$", re.IGNORECASE)


def _drop_teasers(lines: list[Line], keep: list[bool], reason: list[str], most: int = 8) -> None:
    """The headlines listed under a bare "À lire aussi :" / "Vous aimerez aussi" header (the
    header is debris already): short lines with no sentence end, up to the next other line."""
    for i, ln in enumerate(lines):
        if ln.kind != "related" or not _TEASER_HEADER.match(ln.text):
            continue
        for j in range(i + 1, min(len(lines), i + 1 + most)):
            nxt = lines[j]
            if nxt.kind not in ("short", "related") or nxt.words > 20 \
                    or nxt.text.rstrip().endswith((".", "!", "?", "…", ":", "»", '"', "”", ")")):
                break
            keep[j] = False
            reason[j] = "related"


def _comment_marker(ln: Line) -> bool:
    """A line that opens a comment section ("Réagir", "12 commentaires", "3 réponses à ...");
    a question ("Comment l'avez-vous connu ?", an interview) is none."""
    return bool((_COMMENT_MARK.match(ln.text) and ln.words <= 8 and not ln.text.rstrip().endswith("?"))
                or _COMMENTS_ON.match(ln.text))


def _counted_comments(ln: Line) -> bool:
    """A comment section's header that gives its count, or names the article it is on."""
    return bool(_COMMENT_COUNT.match(ln.text) or _COMMENTS_ON.match(ln.text))


def _cut_comments(
    lines: list[Line], keep: list[bool], reason: list[str], s: int, e: int,
    marker: Callable[[Line], bool] = _comment_marker,
) -> None:
    """Inside the body, a comment-section marker ends the article."""
    for i in range(s + 1, e + 1):
        if marker(lines[i]):
            for j in range(i, e + 1):
                if keep[j]:
                    keep[j] = False
                    reason[j] = "comment"
            return


#: an image's credit in the BBC's layout ("Fuente de la imagen, Reuters", "Crédit photo,
#: AFP", "Image source, Getty"), which the image's caption follows on the next line
_SOURCE_CREDIT = re.compile(r"^(?:fuente\s+de\s+la\s+imagen|cr[ée]dit\s+photo|image\s+source|"
                            r"fonte\s+(?:dell['’]\s*)?immagine),\s*\S", re.IGNORECASE)


def _mark_captions(lines: list[Line], keep: list[bool], reason: list[str]) -> None:
    """A caption repeated with its credit: the bare copy just above is a caption too. An
    image credit in the BBC's layout ("Fuente de la imagen, AFP") is a caption, and so is
    the one short line after it (the caption, its "Pie de foto" label lost in scraping)."""
    for i, ln in enumerate(lines):
        if _SOURCE_CREDIT.match(ln.text) and ln.words <= 10:
            keep[i] = False
            reason[i] = "caption"
            if i + 1 < len(lines) and lines[i + 1].words <= 35 \
                    and not _SOURCE_CREDIT.match(lines[i + 1].text) \
                    and len(_SENT_INSIDE.findall(lines[i + 1].text)) == 0:
                keep[i + 1] = False
                reason[i + 1] = "caption"
    for i in range(len(lines) - 1):
        a, b = lines[i].text, lines[i + 1].text
        if len(a) >= 30 and b.startswith(a) and len(b) > len(a):
            for j in (i, i + 1):
                keep[j] = False
                reason[j] = "caption"


def _mark_repeats(lines: list[Line], keep: list[bool], reason: list[str]) -> None:
    """A kept paragraph repeated verbatim later in the article: later copies go."""
    seen: set[str] = set()
    for i, ln in enumerate(lines):
        if not keep[i] or ln.words < 6:
            continue
        key = normalise(ln.text)
        if key in seen:
            keep[i] = False
            reason[i] = "repeated"
        else:
            seen.add(key)
