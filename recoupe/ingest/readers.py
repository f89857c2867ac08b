"""Readers: files, folders and stdin to :class:`RawDocument` records.

Formats: plain text / Markdown (title = first real line), HTML (trafilatura extracts the
text and its metadata), JSON / JSONL (one article per object; news-please field names),
RSS / Atom (feedparser, one article per entry). Anything that cannot be read becomes a
:class:`Rejected` with a reason, and the batch goes on. A document whose metadata, URL and
folders give no outlet takes the site its own text names, if it names one plainly
(:func:`outlet_from_text`: a credit line with a domain, a link line, a "©" footer).
"""

from __future__ import annotations

import html as html_lib
import json
import re
import sys
import unicodedata
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any, NamedTuple
from urllib.parse import urlparse

from recoupe.config import Options
from recoupe.dating.published import date_from_path, normalise_metadata_date
from recoupe.ingest.decode import MIXED, DecodeError, decode_bytes
from recoupe.model import RawDocument, Rejected

Item = RawDocument | Rejected

_TEXT_EXT = {".txt", ".md", ".text", ".markdown"}
_HTML_EXT = {".html", ".htm", ".xhtml"}
_JSON_EXT = {".jsonl", ".json", ".ndjson"}
_FEED_EXT = {".xml", ".rss", ".atom"}
#: document, image and archive formats that are no text: a file named with one of these
#: extensions is rejected with a hint, not read as text
_NOT_TEXT_EXT = {".pdf", ".doc", ".docx", ".odt", ".rtf", ".xls", ".xlsx", ".ods", ".ppt",
                 ".pptx", ".odp", ".epub", ".zip", ".gz", ".tgz", ".bz2", ".xz", ".7z",
                 ".rar", ".tar", ".png", ".jpg", ".jpeg", ".gif", ".webp", ".svg", ".mp3",
                 ".mp4", ".mov", ".avi", ".wav", ".exe", ".bin", ".so", ".dll", ".pyc"}
_DATE_DIR = re.compile(r"^(?:19|20)\d{2}(?:[-_]?\d{2}){0,2}$")


def outlet_from_url(url: str | None) -> str | None:
    """The site's domain without ``www.``: "https://www.lemonde.fr/x" → "lemonde.fr"."""
    if not url:
        return None
    host = urlparse(url if "//" in url else "//" + url).hostname
    if not host:
        return None
    return host[4:] if host.startswith("www.") else host


_TLD = re.compile(r"\.(fr|com|net|org|info|be|ch|ca|eu|io|tv|news|co\.uk|uk|de|es|it)$")


def outlet_key(name: str) -> str:
    """One key for the spellings of an outlet: "Ouest Actu", "ouest-actu", "www.ouestactu.fr"
    → "ouestactu" (accents, case, spaces, punctuation, "www." and a final domain suffix
    dropped; letters of every script kept: "Известия" stays itself)."""
    s = unicodedata.normalize("NFKD", name.strip().casefold())
    s = "".join(c for c in s if not unicodedata.combining(c))
    s = s.removeprefix("www.")
    if re.fullmatch(r"(?:[a-z0-9](?:[a-z0-9-]*[a-z0-9])?\.)+[a-z]{2,12}", s):
        # a domain: its suffix, whatever it is ("continentalpost.example", "x.co.uk")
        s = re.sub(r"(?:\.(?:co|com|org|net|gov|ac))?\.[a-z]{2,12}$", "", s)
    else:
        s = _TLD.sub("", s)
    return re.sub(r"[\W_]+", "", s)


#: articles and prepositions an outlet's name may carry or drop ("La Gazette de la Vière",
#: "gazette-de-la-viere", "lagazettedelaviere.fr")
NAME_STOPWORDS = frozenset({"le", "la", "les", "l", "du", "de", "des", "d", "the", "el", "il", "lo",
                        "der", "die", "das"})


def outlet_variants(name: str) -> set[str]:
    """The keys one outlet may be written with: its :func:`outlet_key`, the same without
    articles and prepositions, and a domain's key without a leading article. "Le Monde",
    "lemonde.fr" and "monde" share "monde"; "La Gazette de la Vière" and
    "gazette-de-la-viere" share "gazetteviere". Keys of three characters or more."""
    words = [w for w in re.split(r"[\s'’_-]+", name.strip()) if w]
    whole = outlet_key(name)
    keys = {whole, outlet_key(" ".join(w for w in words if w.casefold() not in NAME_STOPWORDS))}
    for article in ("les", "le", "la", "l"):
        if whole.startswith(article) and len(whole) > len(article) + 3:
            keys.add(whole[len(article):])
            break
    return {k for k in keys if len(k) >= 3}


class OutletHint(NamedTuple):
    """An outlet a text names itself: ``how`` is "credit" ("Source : lefigaro.fr"), "url"
    (a line that is only a link) or "copyright" ("© Le Monde"); ``line`` is the line read."""

    outlet: str
    how: str
    line: str


#: where a page names its own site: its first and last lines (header, footer); a link or a
#: credit in the middle of the text is about something else (a source, a document)
_HEAD_LINES = 5
_TAIL_LINES = 12
_DOMAIN = r"(?:[a-z0-9](?:[a-z0-9-]*[a-z0-9])?\.)+[a-z]{2,12}"
_CREDIT_LABEL = (r"(?:sources?|publi[ée]e?\s+sur|article\s+publi[ée]\s+sur|lu\s+sur|via|"
                 r"retrouvez\s+cet\s+article\s+sur|url|lien|link)")
#: "Source : lefigaro.fr", "Lu sur https://www.lemonde.fr/x", "Publié sur www.sudouest.fr"
_CREDIT_LINE = re.compile(
    rf"^{_CREDIT_LABEL}\s*:?\s*(?P<site>(?:https?://|www\.)\S+|{_DOMAIN})\s*[.;]?$", re.I)
#: a line that is nothing but a link: "https://www.ouest-france.fr/bretagne/..."
_URL_LINE = re.compile(r"^<?(?P<site>(?:https?://|www\.)[^\s<>]+)>?$", re.I)
_YEAR = r"(?:19|20)\d{2}(?:\s*[-–]\s*(?:19|20)\d{2})?"
#: a line of its own that starts with the sign: "© Le Monde", "Copyright © 2024 Ouest-France
#: - Tous droits réservés", "(c) lefigaro.fr 2025"
_COPYRIGHT_LINE = re.compile(
    rf"^(?:©|\(c\)|copyright)(?:\s*(?:©|copyright))?\s*(?:{_YEAR}\s*)?[-–,]?\s*(?P<name>.+?)"
    rf"(?:\s*[-–,.]?\s*{_YEAR})?(?:\s*[-–.,|]?\s*(?:tous\s+droits\s+r[ée]serv[ée]s|"
    rf"all\s+rights\s+reserved|droits\s+r[ée]serv[ée]s))?\s*\.?$", re.I)
#: a copyright line naming a picture, not a site ("© Photo : …", "© DR")
_NOT_A_SITE_WORDS = {"photo", "photos", "crédit", "crédits", "credit", "credits", "illustration",
                     "image", "images", "archives", "archive", "dr", "capture", "vidéo", "video",
                     "infographie", "tous", "all"}
#: sites a page links to without being them: sharing, social networks, shorteners, official
#: sites (``host`` equal to one of these or below it)
_LINKED_NOT_OUTLET = ("twitter.com", "x.com", "t.co", "facebook.com", "fb.me", "instagram.com",
                      "youtube.com", "youtu.be", "tiktok.com", "linkedin.com", "bit.ly", "goo.gl",
                      "google.com", "whatsapp.com", "wa.me", "t.me", "telegram.me", "pinterest.com",
                      "dailymotion.com", "wikipedia.org", "archive.org", "gouv.fr", "gov", "gov.uk",
                      "europa.eu", "apple.com", "spotify.com")
#: news agencies: their credit says who wrote the dispatch, not which site published it
_AGENCIES = {"afp", "agencefrancepresse", "ap", "theap", "associatedpress", "reuters", "belga",
             "ats", "keystoneats", "dpa", "efe", "ansa", "apa", "anp", "upi", "xinhua", "kyodo"}


def _site_domain(site: str) -> str | None:
    """The outlet of a link or bare domain in a credit, None for sites that are not outlets."""
    host = outlet_from_url(site.rstrip(".,;)").lower())
    if not host or "." not in host or not re.fullmatch(_DOMAIN, host):
        return None
    if any(host == d or host.endswith("." + d) for d in _LINKED_NOT_OUTLET):
        return None
    return host


_FOOTER_SEP = re.compile(r"\s+[-–|·•]\s+")


def _copyright_name(line: str) -> str | None:
    """The site a "©" footer line names; a footer that goes on with its links ("© Le Réveil
    de la Lèze 2026 - Tous droits réservés - Mentions légales - Contact") is read up to
    its first separator (or second, when the first part is only "© 2026")."""
    name = _copyright_name_whole(line)
    if name is None and _FOOTER_SEP.search(line) and len(line) <= 200:
        parts = _FOOTER_SEP.split(line)
        name = _copyright_name_whole(parts[0])
        if name is None and len(parts) > 1:
            name = _copyright_name_whole(f"{parts[0]} - {parts[1]}")
    return name


def _copyright_name_whole(line: str) -> str | None:
    m = _COPYRIGHT_LINE.match(line)
    if not m or len(line) > 80:
        return None
    name = m.group("name").strip(" -–,.|")
    words = name.split()
    if not words or len(words) > 5 or any(c in name for c in "/:()[]«»\"@") or re.search(r"\d{5}", name):
        return None
    if words[0].casefold().strip("'’") in _NOT_A_SITE_WORDS:
        return None
    if re.fullmatch(_DOMAIN, name, re.I):  # "© lefigaro.fr"
        return _site_domain(name)
    # a name, written as one: each word capitalised or a short particle ("Le Journal de la
    # Vrenne"), at least one letter
    if not name[0].isupper() and not name[0].isdigit():
        return None
    if not any(c.isalpha() for c in name):
        return None
    if not all(w[0].isupper() or w[0].isdigit() or len(w) <= 3 for w in words):
        return None
    return name


def outlet_from_text(text: str) -> OutletHint | None:
    """The site a text names itself in its first or last lines, for a file without metadata.

    Conservative: only a credit line giving a domain ("Source : lefigaro.fr") or a line
    that is nothing but a link, among the first and last lines, or a line of its own
    starting with "©"/"Copyright" among the last ones ("© Le Monde", a footer); never a
    capitalised word in the prose, never a credit inside a sentence (a photo caption
    ending "…/Copyright 2024 The AP"), never a news agency, a social network or an
    official site. When the lines found name different sites, none is taken.
    """
    lines = [ln.strip() for ln in text.split("\n") if ln.strip()]
    footer = max(0, len(lines) - _TAIL_LINES)  # the first of the last lines
    hints: list[OutletHint] = []
    for i, line in enumerate(lines):
        if _HEAD_LINES <= i < footer or len(line) > 200:
            continue
        m = _CREDIT_LINE.match(line)
        if m:
            site = _site_domain(m.group("site"))
            if site:
                hints.append(OutletHint(site, "credit", line))
            continue
        m = _URL_LINE.match(line)
        if m:
            site = _site_domain(m.group("site"))
            if site:
                hints.append(OutletHint(site, "url", line))
            continue
        name = _copyright_name(line) if i >= footer else None  # a footer's, not a photo's
        if name:
            hints.append(OutletHint(name, "copyright", line))
    hints = [h for h in hints if outlet_key(h.outlet) and outlet_key(h.outlet) not in _AGENCIES]
    if not hints:
        return None
    # a domain names the site exactly: it goes first; a copyright name must agree with it
    hints.sort(key=lambda h: h.how == "copyright")
    first = outlet_key(hints[0].outlet)
    for h in hints[1:]:
        key = outlet_key(h.outlet)
        if key not in first and first not in key:
            return None  # two sites named: which one published this text is not clear
    return hints[0]


def folder_outlet(path: Path, root: Path | None) -> str | None:
    """The outlet a folder layout gives: the nearest folder that is not a date.

    For a file found inside a folder the user named (``root``), only folders *below* it
    count (``corpus/ouest-actu/2026-10-15/a.txt`` under ``corpus`` → ``ouest-actu``): the
    named folder itself is a collection (a folder of articles from many sites), not an
    outlet. A file named directly (``corpus/ouest-actu/a.txt``, a shell glob) takes its
    own nearest non-date folder.
    """
    if root is not None:
        try:
            parts = path.relative_to(root).parts[:-1]
        except ValueError:
            parts = ()
    else:
        parts = tuple(p.name for p in reversed(path.parents) if p.name not in ("", ".", ".."))
    for name in reversed(parts):
        if not _DATE_DIR.match(name):
            return name
    return None


def sniff_format(head: str) -> str:
    """Guess a format from the first characters of a text."""
    h = head.lstrip()[:2048].lower()
    if h.startswith("{") or h.startswith("["):
        return "jsonl"
    if h.startswith("<?xml") or h.startswith("<rss") or h.startswith("<feed"):
        if "<rss" in h or "<feed" in h or "<rdf" in h:
            return "feed"
        return "html"
    if h.startswith("<!doctype html") or h.startswith("<html") or "<body" in h:
        return "html"
    return "txt"


def _format_for(path: Path, head: str) -> str:
    ext = path.suffix.lower()
    if ext in _TEXT_EXT:
        return "txt"
    if ext in _HTML_EXT:
        return "html"
    if ext in _JSON_EXT:
        return "jsonl"
    if ext in _FEED_EXT:
        return "feed" if sniff_format(head) == "feed" else "html"
    return sniff_format(head)


def iter_paths(
    paths: Iterable[str], options: Options
) -> Iterator[tuple[str, Path | None, Path | None]]:
    """Expand the command-line paths: folders recursively (known extensions), ``-`` = stdin.

    Yields (source as given or found, Path or None for stdin, the folder it was found in
    as named by the user or None). Missing paths are yielded too; :func:`read_source`
    turns them into a rejection.
    """
    exts = set(options.get("ingest.extensions", []))
    for given in paths:
        if given == "-":
            yield "-", None, None
            continue
        p = Path(given)
        if p.is_dir():
            for child in _folder_files(p):
                if child.suffix.lower() in exts:
                    yield str(child), child, p
        else:
            yield given, p, None


def _folder_files(folder: Path) -> Iterator[Path]:
    """The files of a folder, recursively and sorted, hidden files and folders aside."""
    for child in sorted(folder.rglob("*")):
        if child.is_file() and not any(part.startswith(".")
                                       for part in child.relative_to(folder).parts):
            yield child


def ignored_files(paths: Iterable[str], options: Options) -> list[Path]:
    """Files inside the named folders that :func:`iter_paths` does not read (their
    extension is not in ``ingest.extensions``; hidden files and folders aside)."""
    exts = set(options.get("ingest.extensions", []))
    return [child for given in paths if given != "-" and Path(given).is_dir()
            for child in _folder_files(Path(given)) if child.suffix.lower() not in exts]


def read_source(
    source: str, path: Path | None, options: Options, root: Path | None = None
) -> Iterator[Item]:
    """Read one file (or stdin) into raw documents, or rejections with a reason.

    ``root`` is the folder the file was found in, as the user named it (see
    :func:`folder_outlet`). Nothing raised while reading one input ends the batch: a
    module the format needs that cannot be imported (an optional dependency missing, as
    ``lxml_html_clean`` for HTML on an incomplete install) or a reader's failure becomes a
    :class:`Rejected` for this input (after whatever documents it already gave)."""
    try:
        for item in _read_source(source, path, options, root):
            if isinstance(item, RawDocument):
                _outlet_from_text(item)
            yield item
    except ImportError as exc:
        missing = f" ({exc.name} is missing)" if exc.name else ""
        yield Rejected(source, f"cannot be read: a module it needs cannot be imported{missing}: {exc}")
    except Exception as exc:  # one unreadable input must not stop the batch
        yield Rejected(source, f"could not be read: {type(exc).__name__}: {exc}")


def _outlet_from_text(doc: RawDocument) -> None:
    """A document whose metadata, URL and folders give no outlet takes the site its text
    names (:func:`outlet_from_text`), in ``folder_outlet``: the outlet used when nothing
    else gives one."""
    if doc.outlet or outlet_from_url(doc.url):
        return
    if doc.folder_outlet:
        # a folder named after the outlet ("le-reveil-de-la-leze") takes the spelling the
        # text gives it ("© Le Réveil de la Lèze 2026"), when both are one outlet
        if "-" in doc.folder_outlet or "_" in doc.folder_outlet or doc.folder_outlet.islower():
            hint = outlet_from_text(doc.text)
            if hint is not None and outlet_key(hint.outlet) == outlet_key(doc.folder_outlet):
                doc.folder_outlet = hint.outlet
        return
    hint = outlet_from_text(doc.text)
    if hint is not None:
        doc.folder_outlet = hint.outlet
        doc.outlet_from = "text"


def _read_source(
    source: str, path: Path | None, options: Options, root: Path | None
) -> Iterator[Item]:
    max_bytes = int(options.get("ingest.max_bytes", 20_000_000))
    try:
        if path is None:
            data = sys.stdin.buffer.read(max_bytes + 1)
        else:
            if not path.exists():
                yield Rejected(source, "no such file or folder")
                return
            if path.suffix.lower() in _NOT_TEXT_EXT:
                yield Rejected(source, f"not a format recoupe reads ({path.suffix.lower()}): "
                                       "give its text, HTML, JSON lines or a feed")
                return
            size = path.stat().st_size
            if size > max_bytes:
                yield Rejected(
                    source,
                    f"file too large ({size / 1e6:.1f} MB > {max_bytes / 1e6:.1f} MB limit; "
                    "set ingest.max_bytes to raise it)",
                )
                return
            data = path.read_bytes()
    except OSError as exc:
        yield Rejected(source, f"cannot read: {exc.strerror or exc}")
        return
    if len(data) > max_bytes:
        yield Rejected(source, f"input too large (> {max_bytes / 1e6:.1f} MB limit)")
        return
    if not data.strip():
        yield Rejected(source, "empty file")
        return
    try:
        text, enc = decode_bytes(data)
    except DecodeError as exc:
        yield Rejected(source, str(exc))
        return
    fpath = path if path is not None else Path("stdin")
    fmt = _format_for(fpath, text[:2048])
    common = {
        "folder_outlet": folder_outlet(path, root) if path is not None else None,
        "path_date": date_from_path(source) if path is not None else None,
        "mixed_encoding": enc == MIXED,
    }
    if fmt == "txt":
        yield from _read_text(source, text, common)
    elif fmt == "html":
        yield from _read_html(source, text, common, options)
    elif fmt == "jsonl":
        yield from _read_json(source, text, common, options)
    else:
        yield from _read_feed(source, data, common, options)


def read_all(paths: Iterable[str], options: Options) -> Iterator[Item]:
    """Every raw document and rejection from ``paths``, in order."""
    for source, path, root in iter_paths(paths, options):
        yield from read_source(source, path, options, root)


# --------------------------------------------------------------------------- formats


def _read_text(source: str, text: str, common: dict[str, Any]) -> Iterator[Item]:
    if text.startswith("---\n"):  # Markdown front matter: keep it out of the body
        end = text.find("\n---", 4)
        if end > 0:
            text = text[end + 4:]
    text = re.sub(r"^#{1,6}\s+", "", text, flags=re.M)
    if not text.strip():
        yield Rejected(source, "no text")
        return
    yield RawDocument(source=source, text=text, format="txt", **common)


#: a publication timestamp with its time in the page's metadata: Open Graph / article
#: meta tags, schema.org JSON-LD, itemprop
_PUBLISHED_META = re.compile(
    r"""(?:(?:property|name|itemprop)\s*=\s*["'](?:article:published_time|og:published_time|"""
    r"""datePublished|pubdate|publish-date|dc\.date\.issued)["'][^>]*?content\s*=\s*["']"""
    r"""|content\s*=\s*["'](?=[^"']*["'][^>]*?(?:property|name|itemprop)\s*=\s*["']"""
    r"""(?:article:published_time|datePublished)["'])"""
    r"""|"datePublished"\s*:\s*")"""
    r"""(\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:?\d{2})?)""",
    re.IGNORECASE)


def _published_timestamp(html: str) -> str | None:
    """The publication time the page's metadata gives (ISO, time of day included), if any:
    trafilatura's date keeps the day only."""
    m = _PUBLISHED_META.search(html[:200_000])
    if not m:
        return None
    return normalise_metadata_date(m.group(1).replace(" ", "T"))


def _read_html(source: str, text: str, common: dict[str, Any], options: Options) -> Iterator[Item]:
    import trafilatura

    try:
        doc = trafilatura.bare_extraction(
            text, with_metadata=True, include_comments=False, include_tables=False,
            favor_precision=True,
        )
    except Exception as exc:  # trafilatura raises many kinds on broken markup
        yield Rejected(source, f"HTML could not be parsed: {type(exc).__name__}: {exc}")
        return
    body = getattr(doc, "text", None) if doc is not None else None
    if not body or len(body.split()) < 8:
        yield Rejected(source, "HTML page has no article text")
        return
    lead = _dropped_lead(text, body)
    if lead:
        body = f"{lead}\n{body}"
    langs = tuple(options.get("dating.languages", ["fr", "en"]))
    date = getattr(doc, "date", None)
    stamp = _published_timestamp(text)
    if stamp and (not date or stamp.startswith(str(date)[:10])):
        date = stamp  # the page's own timestamp keeps the time of day the date drops
    yield RawDocument(
        source=source,
        text=body,
        title=getattr(doc, "title", None),
        outlet=getattr(doc, "sitename", None) or None,
        url=getattr(doc, "url", None),
        published=normalise_metadata_date(date, langs) if date else None,
        author=getattr(doc, "author", None),
        format="html",
        extracted=True,
        lead_recovered=bool(lead),
        **common,
    )


#: class words of a page's standfirst (chapô): trafilatura often drops it, set apart from
#: the body (in bold, above the photo)
_LEAD_CLASS = frozenset(["chapo", "chapô", "chapeau", "standfirst", "lede", "lead", "accroche",
                         "descriptif", "subtitle", "subheadline", "soustitre"])
#: where no standfirst sits (within the article)
_NOT_LEAD_PLACES = frozenset(["figure", "figcaption", "aside", "nav", "footer", "form"])
#: class words of blocks about other articles (teasers, related links, widgets)
_NOT_LEAD_CLASS = re.compile(r"related|teaser|card|recommend|outbrain|taboola|promo|sidebar|widget|"
                             r"newsletter|lire|selection|sélection|more|other|autres?|liste?", re.IGNORECASE)


def _dropped_lead(html: str, body: str) -> str | None:
    """The page's standfirst when the extraction dropped it: inside the page's article (or
    main) element and before the body's first paragraph, the first element whose class
    names one (``chapo``, ``standfirst``, ``lead``...), outside figures, asides and teaser
    blocks, that reads as prose (8 to 90 words) and is not in the extracted text."""
    import lxml.html

    try:
        root = lxml.html.fromstring(html[:2_000_000])
    except Exception:  # broken markup: the extraction stands as it is
        return None
    folded = " ".join(body.split())
    first = " ".join(body.split("\n", 1)[0].split())[:40]
    # the article (else main) element that holds the body's first line: not a teaser's
    container = next((el for tag in ("article", "main") for el in root.iter(tag)
                      if first and first in " ".join(el.text_content().split())), None)
    if container is None:
        return None
    for el in container.iter("p", "div", "h2", "h3", "span", "section", "header"):
        text = " ".join(el.text_content().split())
        if first and text.startswith(first):
            return None  # the body begins: a standfirst comes before it
        words = {w for w in re.split(r"[\s_-]+", str(el.get("class") or "").lower()) if w}
        if not words & _LEAD_CLASS:
            continue
        path = [el]
        for a in el.iterancestors():
            if a is container:
                break
            path.append(a)
        if any(a.tag in _NOT_LEAD_PLACES or _NOT_LEAD_CLASS.search(str(a.get("class") or ""))
               for a in path):
            continue
        if not 8 <= len(text.split()) <= 90 or text[:60] in folded:
            continue
        return text
    return None


#: control characters that no text holds (tab, newlines, form feed aside)
_CONTROL = re.compile(r"[\x00-\x08\x0e-\x1f\x7f]")
_TEXT_KEYS = ("maintext", "text", "content", "body", "article", "description")
_DATE_KEYS = ("date_publish", "published", "date", "pubdate", "publication_date", "datetime")
_OUTLET_KEYS = ("source_domain", "outlet", "source", "site", "sitename", "publisher")


def _first(obj: dict[str, Any], keys: tuple[str, ...]) -> Any:
    for k in keys:
        v = obj.get(k)
        if v not in (None, "", []):
            return v
    return None


def json_article(
    source: str, obj: Any, common: dict[str, Any], options: Options
) -> Item:
    if not isinstance(obj, dict):
        return Rejected(source, f"expected a JSON object, got {type(obj).__name__}")
    body = _first(obj, _TEXT_KEYS)
    if body is not None and not isinstance(body, str):
        key = next(k for k in _TEXT_KEYS if obj.get(k) is body)
        return Rejected(source, f"'{key}' is a {type(body).__name__}, not a string of text")
    if not isinstance(body, str) or not body.strip():
        return Rejected(source, "no article text (expected 'maintext' or 'text')")
    controls = len(_CONTROL.findall(body))
    if controls:
        if controls > 0.02 * len(body):
            # as a file full of NUL bytes is: binary or garbled, not an article's text
            return Rejected(source, "the article text holds NUL or control characters: binary "
                                    "or garbled content, not text")
        body = _CONTROL.sub(" ", body)  # a stray control character in scraped text
    url = obj.get("url") if isinstance(obj.get("url"), str) else None
    date = _first(obj, _DATE_KEYS)
    langs = tuple(options.get("dating.languages", ["fr", "en"]))
    outlet = _first(obj, _OUTLET_KEYS)
    if isinstance(outlet, str):
        outlet = _CONTROL.sub(" ", outlet).strip()
    authors = obj.get("authors") or obj.get("author")
    if isinstance(authors, list):
        authors = ", ".join(str(a) for a in authors)
    if isinstance(authors, str):
        authors = _CONTROL.sub(" ", authors).strip()
    title = obj.get("title")
    if isinstance(title, str):
        title = _CONTROL.sub(" ", title)
    return RawDocument(
        source=source,
        text=body,
        title=title.strip() if isinstance(title, str) and title.strip() else None,
        outlet=str(outlet) if outlet else None,
        url=url,
        published=(published := normalise_metadata_date(str(date), langs) if date else None),
        unread_date=str(date)[:40] if date and not published else None,
        language=obj.get("language") if isinstance(obj.get("language"), str) else None,
        author=authors if isinstance(authors, str) else None,
        format="jsonl",
        extracted=True,
        **common,
    )


def _read_json(source: str, text: str, common: dict[str, Any], options: Options) -> Iterator[Item]:
    stripped = text.strip()
    whole: Any = None
    if stripped.startswith("["):
        try:
            whole = json.loads(stripped)
        except json.JSONDecodeError as exc:
            yield Rejected(source, f"invalid JSON: {exc.msg} (line {exc.lineno})")
            return
    elif stripped.startswith("{") and "\n" in stripped:
        try:
            whole = json.loads(stripped)  # one pretty-printed object
        except json.JSONDecodeError:
            whole = None
    if isinstance(whole, list):
        for i, obj in enumerate(whole, 1):
            yield json_article(f"{source}#{i}", obj, common, options)
        return
    if isinstance(whole, dict):
        yield json_article(source, whole, common, options)
        return
    for lineno, line in enumerate(text.split("\n"), 1):
        if not line.strip():
            continue
        try:
            obj = json.loads(line)
        except json.JSONDecodeError as exc:
            yield Rejected(f"{source}:{lineno}", f"invalid JSON ({exc.msg}; column {exc.colno})")
            continue
        yield json_article(f"{source}:{lineno}", obj, common, options)


_TAG = re.compile(r"<[^>]+>")
_BLOCK = re.compile(r"</?(?:p|div|br|li|h[1-6]|blockquote)[^>]*>", re.I)


def html_fragment_to_text(fragment: str) -> str:
    """Text of a small HTML fragment (a feed entry's content): blocks become lines."""
    t = _BLOCK.sub("\n", fragment)
    t = html_lib.unescape(_TAG.sub("", t))
    lines = [re.sub(r"[ \t]+", " ", ln).strip() for ln in t.split("\n")]
    return "\n".join(ln for ln in lines if ln)


def _read_feed(source: str, data: bytes, common: dict[str, Any], options: Options) -> Iterator[Item]:
    import feedparser

    parsed = feedparser.parse(data)
    entries = parsed.get("entries") or []
    if not entries:
        reason = "feed has no entries"
        if parsed.get("bozo"):
            reason = f"not a readable RSS/Atom feed ({parsed.get('bozo_exception')})"
        yield Rejected(source, reason)
        return
    feed_title = (parsed.get("feed") or {}).get("title")
    langs = tuple(options.get("dating.languages", ["fr", "en"]))
    for i, entry in enumerate(entries, 1):
        src = f"{source}#{i}"
        content = ""
        if entry.get("content"):
            content = " ".join(c.get("value", "") for c in entry["content"])
        content = content or entry.get("summary", "") or entry.get("description", "")
        body = html_fragment_to_text(content)
        title = html_lib.unescape(entry.get("title", "")).strip()
        if not body.strip() and title and not (parsed.get("bozo") and i == len(entries)):
            body = title  # a headline-only feed: the headline is the article (clustered as one)
        if not body.strip():
            why = "feed entry has no text"
            if parsed.get("bozo") and i == len(entries):
                # the last entry of a feed cut short (a truncated download): say so
                why += f" (the feed's XML is malformed: {parsed.get('bozo_exception')})"
            yield Rejected(src, why)
            continue
        date = entry.get("published") or entry.get("updated")
        link = entry.get("link")
        yield RawDocument(
            source=src,
            text=body,
            title=title or None,
            outlet=outlet_from_url(link) or feed_title,
            url=link,
            published=normalise_metadata_date(date, langs) if date else None,
            author=entry.get("author"),
            format="feed",
            extracted=True,
            **common,
        )
