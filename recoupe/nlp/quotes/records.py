"""The records the quote rules pass along.

* :class:`Cue` - a reporting verb occurrence, with its auxiliary or inverted pronoun;
* :class:`SpeakerSpan` - where a speaker is written (a noun phrase or a pronoun);
* :class:`RawQuote` - a quote found in one text, before speaker resolution, with the rule
  that gave its speaker span;
* :class:`TextIndex` - per text: sentence boundaries outside quotes, mention lookups.
"""

from __future__ import annotations

import bisect
from dataclasses import dataclass, field

from recoupe.model import Mention
from recoupe.nlp.lexicon import VerbForm


@dataclass(slots=True)
class Cue:
    """A reporting verb occurrence."""

    start: int
    end: int
    verb_start: int
    verb_end: int
    form: VerbForm
    #: inverted subject pronoun ("déclare-t-il", "a-t-elle ajouté"), else None
    pronoun: str | None = None
    aux: bool = False
    #: where the inverted pronoun is written
    pronoun_span: tuple[int, int] | None = None

    @property
    def lemma(self) -> str:
        """The verb's infinitive."""
        return self.form.lemma


@dataclass(slots=True)
class SpeakerSpan:
    """Where the speaker is written: a noun phrase, a name or a pronoun."""

    start: int
    end: int
    #: "np" | "pronoun"
    kind: str = "np"


@dataclass(slots=True)
class RawQuote:
    """A quote found in one text, before speaker resolution."""

    start: int
    end: int
    kind: str
    cue: Cue | None = None
    speaker: SpeakerSpan | None = None
    #: a cue precedes the quote but the rules found no subject: ask the parser
    needs_parse: bool = False
    #: quote continuing the previous one (takes its speaker)
    continued: bool = False
    #: sentence span for the parser
    sentence: tuple[int, int] | None = None
    min_words_ok: bool = True
    #: a quote in a title or subheading line with no speaker of its own: the speaker is
    #: found in the body that follows (see :func:`heading_line`)
    heading: bool = False
    #: the rule that gave ``speaker`` (kept for a scorer to weigh rules, not written to
    #: reports): a direct-quote rule of :mod:`.direct_speaker` ("inversion_after",
    #: "cue_before", "selon_after", ...), "continued", "reporter", "main_verb" or "parse"
    #: (set by :mod:`recoupe.nlp.analyze`); None when no rule gave one. Reported speech
    #: records only "parse".
    rule: str | None = None


@dataclass(slots=True)
class TextIndex:
    """Per-text helpers: sentence boundaries (outside quotes) and mention starts."""

    text: str
    boundaries: list[int]
    mentions: list[Mention]
    mention_starts: list[int] = field(default_factory=list)
    time_spans: list[tuple[int, int]] = field(default_factory=list)

    def sentence_span(self, pos: int) -> tuple[int, int]:
        """The sentence (by our boundaries) containing ``pos``."""
        i = bisect.bisect_right(self.boundaries, pos)
        start = self.boundaries[i - 1] if i > 0 else 0
        end = self.boundaries[i] if i < len(self.boundaries) else len(self.text)
        return start, end

    def mentions_in(self, start: int, end: int) -> list[int]:
        """Indices of the mentions inside [start, end)."""
        i = bisect.bisect_left(self.mention_starts, start)
        out = []
        while i < len(self.mentions) and self.mentions[i].start < end:
            if self.mentions[i].end <= end:
                out.append(i)
            i += 1
        return out

    def mention_at(self, pos: int) -> int | None:
        """Index of the mention starting at ``pos`` (spaces skipped), if any."""
        while pos < len(self.text) and self.text[pos] == " ":
            pos += 1
        i = bisect.bisect_left(self.mention_starts, pos)
        if i < len(self.mentions) and self.mentions[i].start == pos:
            return i
        return None


class _Inside:
    def __init__(self, spans: list[tuple[int, int]]) -> None:
        self.spans = spans
        self.starts = [s for s, _ in spans]

    def __call__(self, pos: int) -> bool:
        i = bisect.bisect_right(self.starts, pos) - 1
        return i >= 0 and self.spans[i][0] <= pos < self.spans[i][1]

    def coverage(self, start: int, end: int) -> int:
        covered = 0
        for s, e in self.spans:
            if e <= start:
                continue
            if s >= end:
                break
            covered += min(e, end) - max(s, start)
        return covered


def inside_any(spans: list[tuple[int, int]], pos: int) -> bool:
    """Whether ``pos`` falls inside one of the spans."""
    return any(s <= pos < e for s, e in spans)
