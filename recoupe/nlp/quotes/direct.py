"""Direct quotes: the spans between quotation marks, and the sentences around them.

* :func:`find_direct_quotes` - text between « », “ ”, " " or '' (nesting handled,
  straight quotes never cross a line);
* :func:`_boundaries` - sentence boundaries that never cut a quote, capped at
  ``MAX_SENTENCE_CHARS``;
* what quoted words are not speech: a title or name (:func:`_is_title`), the charges of a
  complaint or a capitalised name after an article (:func:`_is_named_thing`), and a quote
  in a heading line, whose speaker is found in the body (:func:`heading_line`).

Who says a direct quote is decided in :mod:`.direct_speaker`.
"""

from __future__ import annotations

import bisect
import re

from recoupe.model import Mention
from recoupe.nlp.quotes.records import RawQuote
from recoupe.nlp.quotes.words import _INFINITIVE_RE
from recoupe.text import MAX_SENTENCE_CHARS, trimmed

_QUOTE_MARK_RE = re.compile(r"«|»|“|”|„|\"|''|‹|›")
_ABBREV_RE = re.compile(r"(?:\b(?:M|MM|Mme|Mgr|Dr|Pr|St|Me|etc|cf|av|J\.-C)|(?<![\w.])[A-Z])\.$")
_BOUNDARY_RE = re.compile(r"(?<=[.!?…])[\"»”]?\s+(?=[«\"“A-ZÀ-ÝÉ])|\n+")


def find_direct_quotes(text: str) -> list[tuple[int, int]]:
    """Spans of the text between quotation marks (outermost level, marks excluded).

    Args:
        text: the article text.

    Returns:
        ``[(start, end), ...]`` content spans, trimmed of spaces, in text order.
    """
    out: list[tuple[int, int]] = []
    stack: list[tuple[str, int]] = []  # (mark kind, content start)
    line_start = 0
    for m in _QUOTE_MARK_RE.finditer(text):
        if text.find("\n", line_start, m.start()) != -1:
            line_start = text.rfind("\n", 0, m.start()) + 1
            # a line break closes nothing: drop straight quotes left open, and guillemets
            # unless the new line opens with « (a quote running over paragraphs)
            if stack and not (stack[0][0] == "«" and text.startswith("«", line_start)):
                stack.clear()
            elif stack and m.start() == line_start and m.group(0) == "«":
                continue
        mark = m.group(0)
        if mark in ("«", "‹", "“", "„"):
            stack.append(({"‹": "«", "„": "“"}.get(mark, mark), m.end()))
        elif mark in ("»", "›", "”"):
            opener = "«" if mark in ("»", "›") else "“"
            for i in range(len(stack) - 1, -1, -1):
                if stack[i][0] == opener or (opener == "“" and stack[i][0] == '"'):
                    content_start = stack[i][1]
                    del stack[i:]
                    if not stack:
                        out.append((content_start, m.start()))
                    break
        else:  # straight quote or '': opener or closer by what flanks it
            before = text[m.start() - 1] if m.start() > 0 else " "
            after = text[m.end()] if m.end() < len(text) else " "
            opens = (before.isspace() or before in "('’([") and not after.isspace() \
                and after not in ".,;:!?)]"
            closes = after in ".,;:!?)]" or (after.isspace() and not before.isspace())
            if before in "'’" and after.isalnum():
                opens, closes = True, False  # d'"infractions": a quote nested in a quote
            if stack and stack[-1][0] == '"' and (closes or not opens):
                content_start = stack.pop()[1]
                if not stack:
                    out.append((content_start, m.start()))
            else:
                stack.append(('"', m.end()))
    spans = []
    for start, end in out:
        start, end = trimmed(text, start, end)
        if end > start and any(c.isalnum() for c in text[start:end]):
            spans.append((start, end))
    return spans


def _boundaries(text: str, quotes: list[tuple[int, int]]) -> list[int]:
    starts = [s for s, _ in quotes]
    out = []
    for m in _BOUNDARY_RE.finditer(text):
        pos = m.end()
        if "\n" not in m.group(0) and _ABBREV_RE.search(text, max(0, m.start() - 6), m.start()):
            continue  # "M. Pauget", "J. Smith": an abbreviation, not a sentence end
        i = bisect.bisect_right(starts, pos) - 1
        if i >= 0 and quotes[i][0] < pos < quotes[i][1] and "\n" not in m.group(0):
            continue
        out.append(pos)
    return _cap_sentences(text, out)


def _cap_sentences(text: str, bounds: list[int]) -> list[int]:
    """Add a boundary at a space wherever a sentence would exceed ``MAX_SENTENCE_CHARS``."""
    out: list[int] = []
    prev = 0
    for k, b in enumerate([*bounds, len(text)]):
        while b - prev > MAX_SENTENCE_CHARS:
            cut = text.rfind(" ", prev + MAX_SENTENCE_CHARS // 2, prev + MAX_SENTENCE_CHARS)
            cut = cut + 1 if cut != -1 else prev + MAX_SENTENCE_CHARS
            out.append(cut)
            prev = cut
        if k < len(bounds):
            out.append(b)
        prev = b
    return out


def heading_line(text: str, start: int, end: int) -> bool:
    """Whether the span sits in a title or subheading: a short line of its own that does
    not end like a sentence ("Un état de santé satisfaisant" between paragraphs).

    Args:
        text: the article text.
        start: span start.
        end: span end.

    Returns:
        True for a heading line.
    """
    lo = text.rfind("\n", 0, start) + 1
    hi = text.find("\n", end)
    line = text[lo : hi if hi != -1 else len(text)].strip()
    bare = line.rstrip(" «»\"“”'")
    return bool(bare) and bare[-1] not in ".!?…:;," and len(line.split()) <= 25


def _is_title(content: str, mentions: list[Mention], start: int, end: int) -> bool:
    """A name or title between quotes ("l'Observatoire des mines"), not words said."""
    words = content.split()
    if len(words) > 5 or content.rstrip()[-1:] in ".!?…":
        return False
    bare = re.sub(r"^(?:l['’]|le\s+|la\s+|les\s+)", "", content, flags=re.IGNORECASE)
    if not bare[:1].isupper():
        return False
    if any(m.start <= start + 3 and m.end >= end - 1 for m in mentions):
        return True
    significant = [w for w in bare.split() if len(w) > 3]
    capitals = sum(1 for w in significant if w[:1].isupper())
    return capitals >= 2 and capitals * 2 >= len(significant)


_CHARGE_BEFORE_RE = re.compile(
    r"\b(?:plaintes?|mise?s?\s+en\s+examen|poursuivie?s?|inculpée?s?|soupçonnée?s?|"
    r"enquête|information\s+judiciaire|chefs?|condamnée?s?|jugée?s?)\b"
    r"[^.«»\"“”]{0,80}?\b(?:pour|de|d['’]|chefs?\s+d['’e]\w*)\s*[«\"“]?\s*$",
    re.IGNORECASE,
)
_ARTICLE_BEFORE_RE = re.compile(
    r"(?:\b(?:un|une|le|la|les|du|des|au|aux|de\s+la|d['’]un|d['’]une)|\bl['’]|\bd['’])"
    r"\s*[«\"“]\s*$",
    re.IGNORECASE,
)
_SPOKEN_RE = re.compile(
    r"\b(?:je|j['’]|nous|vous|il|elle|ils|elles|on|est|sont|a|ont|sera|serait|était|"
    r"faut|doit|peut|va|vais|suis|sommes)\b",
    re.IGNORECASE,
)


def _is_named_thing(text: str, start: int, end: int) -> bool:
    """Quoted words that name something rather than report speech: the charges of a
    complaint ("une plainte pour « escroquerie, abus de confiance »") and a capitalised
    name after an article ("la création d'un « Observatoire national ... »")."""
    content = text[start:end]
    if _SPOKEN_RE.search(content) or content.rstrip()[-1:] in ".!?…" or \
            len(content.split()) > 15:
        return False
    before = text[max(0, start - 130) : start]
    first = content.split()[0].casefold() if content.split() else ""
    if _CHARGE_BEFORE_RE.search(before) and not _INFINITIVE_RE.match(first):
        return True
    return bool(content[:1].isupper() and _ARTICLE_BEFORE_RE.search(before)
                and len(content.split()) <= 10)


def _starts_sentence(text: str, q: RawQuote) -> bool:
    before = text[max(0, q.start - 3) : q.start].rstrip("«\"“ ")
    return not before or before[-1] in ".!?\n:" or q.start < 3
