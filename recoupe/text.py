"""Small text helpers shared by stages that must not import each other's heavy modules."""

from __future__ import annotations


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
