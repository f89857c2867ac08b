"""Small text helpers shared by stages that must not import each other's heavy modules."""

from __future__ import annotations

import re

#: the longest "sentence" the analysis reads: a run of text without sentence punctuation
#: longer than this (a scraped list, a text without punctuation) is read in pieces cut at a
#: space, so that the rules reading a cue's sentence cost the same wherever the cue stands
MAX_SENTENCE_CHARS = 2000
_SENTENCE_END = re.compile(r"[.!?…\n]")


def longest_unpunctuated_run(text: str) -> int:
    """Length of the longest run of ``text`` without a sentence end or a line break
    (linear in the text: the gaps between the ends found)."""
    longest, prev = 0, 0
    for m in _SENTENCE_END.finditer(text):
        longest = max(longest, m.start() - prev)
        prev = m.end()
    return max(longest, len(text) - prev)


def trimmed(text: str, start: int, end: int) -> tuple[int, int]:
    """``(start, end)`` narrowed past the whitespace at both ends (possibly empty)."""
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return start, end


def append_trimmed(text: str, start: int, end: int, out: list[tuple[int, int]]) -> None:
    """Append ``(start, end)`` to ``out`` with surrounding whitespace trimmed, unless empty."""
    start, end = trimmed(text, start, end)
    if end > start:
        out.append((start, end))
