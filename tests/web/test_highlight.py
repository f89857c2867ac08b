"""Escaped highlighting by offsets."""

from __future__ import annotations

from recoupe.web.highlight import Span, highlight, snippet_html


def test_every_piece_is_escaped_and_spans_may_overlap() -> None:
    text = 'a <script>alert("x")</script> b & c'
    html = str(highlight(text, [Span(2, 30, ("quote",), title='"><img onerror=x>'),
                                Span(10, 20, ("ent",), href="/entities/e%3A1"),
                                Span(-5, 1, ("date",)), Span(40, 50, ("x",)), Span(5, 5, ("y",))]))
    assert "<script>" not in html and "&lt;script&gt;" in html and "&amp; c" in html
    assert 'title="&#34;&gt;&lt;img onerror=x&gt;"' in html
    assert html.count("<a ") == 1 and 'href="/entities/e%3A1"' in html
    assert '<mark class="date">a</mark>' in html  # clipped to the text
    assert 'class="x"' not in html and 'class="y"' not in html
    # the pieces inside the link carry both classes; the text is unchanged once tags go
    assert 'class="quote ent"' in html
    import re
    plain = re.sub(r"<[^>]+>", "", html)
    assert plain.replace("&lt;", "<").replace("&gt;", ">").replace("&#34;", '"').replace("&amp;", "&") == text


def test_anchor_on_first_piece_and_bad_classes_dropped() -> None:
    html = str(highlight("un deux trois", [Span(0, 7, ("cited", 'x" onclick="y'), anchor="hl"),
                                            Span(3, 13, ("ent",))]))
    assert html.count('id="hl"') == 1 and html.startswith('<mark id="hl" class="cited">un </mark>')
    assert "onclick" not in html


def test_snippet_marks_only_escaped_matches() -> None:
    html = str(snippet_html("le [barrage] <b>cède</b> [x"))
    assert html == "le <mark>barrage</mark> &lt;b&gt;cède&lt;/b&gt; [x"
