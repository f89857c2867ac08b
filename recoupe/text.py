"""Small text helpers shared by stages that must not import each other's heavy modules."""

from __future__ import annotations


def append_trimmed(text: str, start: int, end: int, out: list[tuple[int, int]]) -> None:
    """Append ``(start, end)`` to ``out`` with surrounding whitespace trimmed, unless empty."""
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    if end > start:
        out.append((start, end))
