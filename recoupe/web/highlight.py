"""Escaped HTML for a text with highlighted spans.

Article text is hostile input. These functions never insert raw text into HTML: the text
is cut at every span boundary, each piece is escaped on its own, and only tags built here
(with escaped attribute values) are placed around the pieces.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field

from markupsafe import Markup, escape


@dataclass(frozen=True, slots=True)
class Span:
    """A highlighted stretch ``[start, end)`` of a text.

    ``classes`` go to the element's class attribute; ``title`` becomes a tooltip;
    ``href`` makes the piece a link (relative URLs built by the app only); ``anchor`` puts an
    ``id`` on the first piece of the span (e.g. ``hl`` for the cited passage).
    """

    start: int
    end: int
    classes: tuple[str, ...]
    title: str | None = None
    href: str | None = None
    anchor: str | None = None
    data: tuple[tuple[str, str], ...] = field(default_factory=tuple)


_CLASS_OK = re.compile(r"^[A-Za-z0-9_-]+$")


def _attr(name: str, value: str) -> str:
    return f' {name}="{escape(value)}"'


def _open(spans: list[Span], first_piece_of: set[int]) -> str:
    classes: list[str] = []
    title: list[str] = []
    attrs = ""
    for sp in spans:
        classes.extend(c for c in sp.classes if _CLASS_OK.match(c) and c not in classes)
        if sp.title and sp.title not in title:
            title.append(sp.title)
        if sp.anchor and id(sp) in first_piece_of:
            attrs += _attr("id", sp.anchor)
        for k, v in sp.data:
            if _CLASS_OK.match(k):
                attrs += _attr(f"data-{k}", v)
    if classes:
        attrs += _attr("class", " ".join(classes))
    if title:
        attrs += _attr("title", " · ".join(title))
    return attrs


def highlight(text: str, spans: Iterable[Span]) -> Markup:
    """``text`` as escaped HTML, each stretch covered by spans wrapped in one element.

    Overlapping spans are allowed: the text is cut at every boundary, and each piece is
    wrapped in a ``<mark>`` (or ``<a>`` when a covering span has an ``href``) carrying the
    classes of every span covering it. Spans outside the text are clipped; empty or
    inverted ones are ignored.

    Args:
        text: the article's cleaned text (offsets index it).
        spans: the stretches to highlight.

    Returns:
        Safe HTML (:class:`markupsafe.Markup`).
    """
    n = len(text)
    valid = []
    for sp in spans:
        s, e = max(0, int(sp.start)), min(n, int(sp.end))
        if s < e:
            valid.append(sp if (s, e) == (sp.start, sp.end) else
                         Span(s, e, sp.classes, sp.title, sp.href, sp.anchor, sp.data))
    if not valid:
        return Markup(escape(text))
    cuts = sorted({0, n, *(sp.start for sp in valid), *(sp.end for sp in valid)})
    out: list[str] = []
    seen: set[int] = set()
    for a, b in zip(cuts, cuts[1:], strict=False):
        piece = str(escape(text[a:b]))
        covering = [sp for sp in valid if sp.start <= a and b <= sp.end]
        if not covering:
            out.append(piece)
            continue
        first = {id(sp) for sp in covering if sp.start == a and id(sp) not in seen}
        seen.update(first)
        href = next((sp.href for sp in covering if sp.href), None)
        tag = "a" if href else "mark"
        attrs = (_attr("href", href) if href else "") + _open(covering, first)
        out.append(f"<{tag}{attrs}>{piece}</{tag}>")
    return Markup("".join(out))


_SNIPPET_MARK = re.compile(r"\[([^\[\]]*)\]")


def snippet_html(snippet: str) -> Markup:
    """An FTS5 snippet (matches between ``[`` and ``]``) as escaped HTML with ``<mark>``."""
    safe = str(escape(snippet))
    return Markup(_SNIPPET_MARK.sub(r"<mark>\1</mark>", safe))
