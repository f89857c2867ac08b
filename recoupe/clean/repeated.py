"""Lines a batch repeats across days: a site's banner, its comment notice, its footer.

One page cannot tell a site's banner ("Te necesitamos en La República", "Web + tablette +
mobile à partir de 1€") from its article: the line reads as prose, sits at the top, and the
phrase lists cannot know every site. A batch of pages can: the same line, word for word, on
pages published on several different days is the site's, not the day's news. A story's
own sentences recur on the day they are news (agency copy on ten sites), rarely word for
word days apart.

The rule (a batch-level pass after :func:`recoupe.clean.lines.clean_text`):

- a line's key is its text with spaces collapsed, scoped to the page's outlet when the
  outlet is known (a banner is one site's; the same agency paragraph on three sites on
  three days is no banner); lines under :data:`MIN_CHARS` characters (the phrase lists
  handle those) or over :data:`MAX_WORDS` words (a paragraph) have none;
- a key is *repeated* when pages published on ``min_days`` different days or more hold it
  (kept or removed by the cleaner: a line the cleaner removed on one page still tells that
  the site repeats it); only explicit publication days count (metadata, path, dateline),
  not inferred ones;
- a kept line whose key is repeated is removed with the reason ``recurring`` and the page
  gets the flag ``recurring_lines_removed`` when it sits at the page's top or bottom or
  next to another repeated line (chrome comes in blocks; a lone repeated line inside the
  text is kept: an agency's background paragraph, told again each day), unless those
  lines make up more than
  :data:`MAX_SHARE` of the page's characters: a page mostly made of lines seen on other
  days is an article published again (an update, a follow-up), not chrome around one.

A store keeps, for each line (a 64-bit hash of its scoped key), the first ``min_days`` days
it was seen (:meth:`recoupe.store.base.Store.record_line_days`), so that ``ingest``,
``fetch``, ``watch`` and the API find the lines a site repeats across runs, one page at a
time. Pages stored before a line reached its third day keep it (cleaning fails safe), and
so does a page stored again.

Measured on the cleaning golds with their corpora as the batch (``recoupe eval clean``;
the site of a corpus page is not known, so keys are not scoped there): of 986
gold-labelled lines that recur on three days or more, none is body.
"""

from __future__ import annotations

import hashlib
import unicodedata
from array import array
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date

import numpy as np

#: shorter lines are left to the phrase lists ("Partager", "Lire aussi")
MIN_CHARS = 20
#: longer lines are paragraphs: a story's background paragraph may recur days apart
MAX_WORDS = 40
#: a page whose repeated lines exceed this share of its characters keeps them all
MAX_SHARE = 0.5


def line_key(line: str, scope: str = "") -> str | None:
    """The key a line is counted under (None: too short or too long to count), within
    ``scope`` (an outlet key; empty when the outlet is unknown)."""
    text = " ".join(unicodedata.normalize("NFC", line).split())
    if len(text) < MIN_CHARS or len(text.split()) > MAX_WORDS:
        return None
    return f"{scope}\x1f{text}" if scope else text


def line_hash(key: str) -> int:
    """A signed 64-bit hash of a line key (what a store keeps of a line)."""
    return int.from_bytes(hashlib.blake2b(key.encode("utf-8"), digest_size=8).digest(),
                          "big", signed=True)


@dataclass(slots=True)
class LineDays:
    """The (line hash, day) pairs of a batch: two integers a line, so that a pile of
    100,000 pages (three million lines) counts in tens of megabytes, not gigabytes."""

    min_days: int = 3
    hashes: array[int] = field(default_factory=lambda: array("q"))
    days: array[int] = field(default_factory=lambda: array("q"))

    def add(self, keys: Iterable[str], day: str | None) -> None:
        """Count the line keys of one page published on ``day`` (YYYY-MM-DD...; None or
        not a date: not counted)."""
        if not day or self.min_days <= 0:
            return
        try:
            ordinal = date.fromisoformat(day[:10]).toordinal()
        except ValueError:
            return
        for key in keys:
            self.hashes.append(line_hash(key))
            self.days.append(ordinal)

    def repeated(self) -> frozenset[int]:
        """Hashes of the keys seen on ``min_days`` different days or more."""
        if self.min_days <= 0 or not self.hashes:
            return frozenset()
        pairs = np.unique(np.column_stack([np.frombuffer(self.hashes, dtype=np.int64),
                                           np.frombuffer(self.days, dtype=np.int64)]), axis=0)
        keys, counts = np.unique(pairs[:, 0], return_counts=True)
        return frozenset(int(k) for k in keys[counts >= self.min_days])


def split_repeated(lines: list[str], repeated: frozenset[int] | set[int], scope: str = ""
                   ) -> tuple[list[str], list[int]]:
    """``lines`` without those whose key (in ``scope``) hashes into ``repeated``
    (:func:`line_hash`), and the indices removed.

    Only lines at the page's edges or in a block of two or more go; nothing is removed
    when those lines exceed :data:`MAX_SHARE` of the page's characters (an article
    published again), or when every non-blank line would go.
    """
    if not repeated:
        return lines, []
    drop = [i for i, ln in enumerate(lines)
            if (k := line_key(ln, scope)) is not None and line_hash(k) in repeated]
    filled = [i for i, ln in enumerate(lines) if ln.strip()]
    if not drop or len(drop) >= len(filled):
        return lines, []
    # chrome sits at the page's edges or in blocks; a lone repeated line inside the text is
    # kept (an agency's background paragraph, told again each day)
    rep = set(drop)
    rank = {i: n for n, i in enumerate(filled)}
    lead = next((n for n, i in enumerate(filled) if i not in rep), len(filled))
    trail = next((n for n, i in enumerate(reversed(filled)) if i not in rep), len(filled))
    drop = [i for i in drop if rank[i] < lead or rank[i] >= len(filled) - trail
            or (rank[i] > 0 and filled[rank[i] - 1] in rep)
            or (rank[i] + 1 < len(filled) and filled[rank[i] + 1] in rep)]
    if not drop:
        return lines, []
    if sum(len(lines[i].strip()) for i in drop) > MAX_SHARE * sum(len(ln.strip()) for ln in lines):
        return lines, []
    gone = set(drop)
    return [ln for i, ln in enumerate(lines) if i not in gone], drop
