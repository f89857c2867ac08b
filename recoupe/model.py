"""Typed records for every object recoupe handles.

Each record is a slotted dataclass with ``as_dict()`` / ``from_dict()``; the dict form is
exactly what appears in ``report.json`` (see ``docs/report-format.md``). Every extracted
span carries ``start``/``end`` character offsets into the article's cleaned ``text``, so
any output can be shown in context and checked.
"""

from __future__ import annotations

import dataclasses
import hashlib
import types
import typing
from dataclasses import dataclass, field
from typing import Any, Self, get_args, get_origin, get_type_hints


class Record:
    """Mixin giving dataclass records a dict round trip (nested records included)."""

    __slots__ = ()

    def as_dict(self) -> dict[str, Any]:
        """Return a JSON-ready dict of the fields (nested records as dicts)."""
        return {f.name: _to_plain(getattr(self, f.name))
                for f in dataclasses.fields(self)}  # type: ignore[arg-type]

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Self:
        """Build a record from its dict form; unknown keys are ignored."""
        hints = _hints(cls)
        kwargs: dict[str, Any] = {}
        for f in dataclasses.fields(cls):  # type: ignore[arg-type]
            if f.name in data:
                kwargs[f.name] = _from_plain(hints[f.name], data[f.name])
        return cls(**kwargs)


_HINTS: dict[type, dict[str, Any]] = {}


def _hints(cls: type) -> dict[str, Any]:
    if cls not in _HINTS:
        _HINTS[cls] = get_type_hints(cls)
    return _HINTS[cls]


def _to_plain(value: Any) -> Any:
    if isinstance(value, Record):
        return value.as_dict()
    if isinstance(value, list | tuple):
        return [_to_plain(v) for v in value]
    if isinstance(value, dict):
        return {k: _to_plain(v) for k, v in value.items()}
    return value


def _from_plain(hint: Any, value: Any) -> Any:
    if value is None:
        return None
    origin = get_origin(hint)
    if origin in (typing.Union, types.UnionType):
        args = [a for a in get_args(hint) if a is not type(None)]
        return _from_plain(args[0], value) if len(args) == 1 else value
    if origin is list:
        (arg,) = get_args(hint) or (Any,)
        return [_from_plain(arg, v) for v in value]
    if origin is dict:
        dargs = get_args(hint)
        arg = dargs[1] if len(dargs) == 2 else Any
        return {k: _from_plain(arg, v) for k, v in value.items()}
    if isinstance(hint, type) and issubclass(hint, Record) and isinstance(value, dict):
        return hint.from_dict(value)
    return value


def text_id(text: str) -> str:
    """Stable id of an article: the first 16 hex digits of the SHA-1 of its cleaned text."""
    return hashlib.sha1(text.encode("utf-8")).hexdigest()[:16]


# --------------------------------------------------------------------------- ingest/clean


@dataclass(slots=True)
class RemovedLine(Record):
    """A line taken out of the article text by the cleaner, with the reason."""

    line: str
    reason: str
    #: 1-based line number in the decoded source text (None when not line based)
    lineno: int | None = None


@dataclass(slots=True)
class RawDocument(Record):
    """What a reader yields before cleaning: decoded text plus whatever metadata came with it."""

    source: str
    text: str
    title: str | None = None
    outlet: str | None = None
    url: str | None = None
    published: str | None = None
    language: str | None = None
    author: str | None = None
    #: "txt" | "html" | "jsonl" | "feed"
    format: str = "txt"
    #: True when the text is already clean prose (HTML extraction, JSON ``maintext``)
    extracted: bool = False
    #: the outlet used when metadata and URL give none: from the folders, else from the
    #: text (``outlet_from`` says which)
    folder_outlet: str | None = None
    #: "text" when ``folder_outlet`` was read from the text (a credit, link or © line)
    outlet_from: str | None = None
    #: a YYYY-MM-DD date found in the source path, if any
    path_date: str | None = None
    #: the file's lines mix UTF-8 and cp1252: each line was decoded in its own encoding
    mixed_encoding: bool = False
    #: the metadata's date as given, when it could not be read as a date
    unread_date: str | None = None
    #: an HTML page's standfirst the extraction dropped was put back before the body
    lead_recovered: bool = False


@dataclass(slots=True)
class Rejected(Record):
    """An input that could not be analysed, with a reason a person can act on."""

    source: str
    reason: str


# --------------------------------------------------------------------------- analysis spans


@dataclass(slots=True)
class Sentence(Record):
    start: int
    end: int


@dataclass(slots=True)
class Mention(Record):
    """An entity mention in one article."""

    text: str
    start: int
    end: int
    label: str
    entity: str | None = None


@dataclass(slots=True)
class DateExpr(Record):
    """A time expression resolved against the publication date."""

    text: str
    start: int
    end: int
    #: ISO value: "2024-11-20", "2024-11-19/2024-11-20" for a night spanning two days,
    #: "2024-08" for a month, "2024" for a year
    value: str | None
    #: "day" | "night" | "week" | "month" | "year" | "time"
    granularity: str
    relative: bool = False


@dataclass(slots=True)
class Quantity(Record):
    text: str
    start: int
    end: int
    value: float | None
    approx: bool = False
    #: "min" | "max" | None
    bound: str | None = None
    unit: str | None = None


@dataclass(slots=True)
class Quote(Record):
    id: str
    article: str
    text: str
    start: int
    end: int
    kind: str = "direct"
    speaker: str | None = None
    speaker_entity: str | None = None
    cue: str | None = None
    speaker_start: int | None = None
    speaker_end: int | None = None
    #: how the speaker candidate was reached: "named" | "role" | "carried" | "phrase" |
    #: "none" (see recoupe/nlp/speaker_decision.py)
    speaker_how: str | None = None
    #: how often speakers reached that way were right on the development golds
    speaker_confidence: float | None = None
    #: the candidates not shown (speaker left null under the confidence threshold):
    #: [{"name", "entity", "score", "how"}]
    speaker_candidates: list[dict[str, Any]] = field(default_factory=list)


@dataclass(slots=True)
class Entity(Record):
    id: str
    name: str
    type: str
    aliases: list[str] = field(default_factory=list)
    articles: list[str] = field(default_factory=list)
    mentions: int = 0


# --------------------------------------------------------------------------- article


@dataclass(slots=True)
class Article(Record):
    """One cleaned article. ``text`` is what every offset indexes."""

    id: str
    source: str
    text: str
    outlet: str | None = None
    title: str | None = None
    url: str | None = None
    language: str | None = None
    language_confidence: float | None = None
    published: str | None = None
    #: "metadata" | "dateline" | "path" | "body" | "event" (guessed from its event) | None
    published_from: str | None = None
    author: str | None = None
    dateline: str | None = None
    removed: list[RemovedLine] = field(default_factory=list)
    flags: list[str] = field(default_factory=list)
    format: str = "txt"
    # filled by later stages
    sentences: list[Sentence] = field(default_factory=list)
    mentions: list[Mention] = field(default_factory=list)
    dates: list[DateExpr] = field(default_factory=list)
    quantities: list[Quantity] = field(default_factory=list)
    story: str | None = None
    event: str | None = None


# --------------------------------------------------------------------------- reuse / clusters


@dataclass(slots=True)
class Passage(Record):
    """A span shared by two articles: ``a`` and ``b`` are [start, end] in each text."""

    a: list[int]
    b: list[int]


@dataclass(slots=True)
class ReusePair(Record):
    articles: list[str]
    #: "duplicate" | "shared_wire" | "partial_copy" | "paraphrase"
    kind: str
    overlap: float
    passages: list[Passage] = field(default_factory=list)
    # added by reuse (issue 4): characters covered by the passages in each article, the
    # share of each article they represent, the mean similarity of the aligned sentences
    # (1.0 = verbatim), and the agency evidence ("AFP credit in a", "AFP cue in b")
    shared_chars: list[int] = field(default_factory=list)
    shares: list[float] = field(default_factory=list)
    similarity: float | None = None
    evidence: list[str] = field(default_factory=list)
    #: "source_reuser" (the second article reuses the first) or "siblings" (both reuse a
    #: common source: ``common_source``, or an agency dispatch both credit)
    relation: str = "source_reuser"
    #: the article both siblings reuse, when it is among the articles (else None)
    common_source: str | None = None
    #: whether the reuser names what it reused (the source's outlet, or the agency whose
    #: copy it is; siblings: both name their common source); None when the source has no
    #: known outlet or agency to name
    credited: bool | None = None


@dataclass(slots=True)
class SummarySentence(Record):
    text: str
    sources: list[str] = field(default_factory=list)
    article: str | None = None
    start: int | None = None
    end: int | None = None
    #: the independent sources of the best-sourced claim the sentence holds (copies of one
    #: text and one outlet count once), None when it holds no claim
    independent_sources: int | None = None
    #: that claim's status; "conflicting" when any claim it holds conflicts
    status: str | None = None


@dataclass(slots=True)
class TimelineEntry(Record):
    date: str
    text: str
    sources: list[str] = field(default_factory=list)
    #: every source was published before this date: a date announced (a deadline, a
    #: vote, an inauguration still to come when they wrote), not a fact reported done
    upcoming: bool = False


@dataclass(slots=True)
class Event(Record):
    id: str
    title: str
    date: str | None
    articles: list[str] = field(default_factory=list)
    summary: list[SummarySentence] = field(default_factory=list)
    timeline: list[TimelineEntry] = field(default_factory=list)
    unique_by_outlet: dict[str, list[str]] = field(default_factory=dict)
    #: the languages its articles are written in (several: an event told across languages)
    languages: list[str] = field(default_factory=list)


@dataclass(slots=True)
class Story(Record):
    id: str
    title: str
    articles: list[str] = field(default_factory=list)
    events: list[Event] = field(default_factory=list)
    summary: list[SummarySentence] = field(default_factory=list)
    timeline: list[TimelineEntry] = field(default_factory=list)
    unique_by_outlet: dict[str, list[str]] = field(default_factory=dict)
    #: what is new in the story's latest event given its earlier articles (update summary)
    update: list[SummarySentence] = field(default_factory=list)
    #: the languages its articles are written in, most articles first
    languages: list[str] = field(default_factory=list)


#: how the ``status_reason`` of a claim its own outlet corrected starts ("retracted: Le
#: Courrier corrected it on ..."): such a claim is no summary sentence nor an outlet's addition
RETRACTED = "retracted:"


@dataclass(slots=True)
class Claim(Record):
    id: str
    article: str
    text: str
    start: int
    end: int
    story: str | None = None
    event: str | None = None
    group: str | None = None
    sources: list[str] = field(default_factory=list)
    independent_sources: int = 1
    #: "corroborated" | "possibly_corroborated" | "single_source" | "conflicting"
    status: str = "single_source"
    conflicts: list[str] = field(default_factory=list)
    #: how sure the status is, 0-1 (calibrated on the development claim golds): for a
    #: group with several independent sources, the best probability that two of them state
    #: the same fact; for a single source, one minus the best probability that another
    #: source states it; for a conflict, the probability that the two claims compare
    confidence: float | None = None
    #: why the status is the weaker one (``possibly_corroborated``, copies of one text)
    status_reason: str | None = None


# --------------------------------------------------------------------------- report


@dataclass(slots=True)
class Report(Record):
    recoupe_version: str
    generated_at: str
    articles: list[Article] = field(default_factory=list)
    rejected: list[Rejected] = field(default_factory=list)
    stories: list[Story] = field(default_factory=list)
    entities: list[Entity] = field(default_factory=list)
    quotes: list[Quote] = field(default_factory=list)
    claims: list[Claim] = field(default_factory=list)
    reuse: list[ReusePair] = field(default_factory=list)


def languages_of(articles: list[Article]) -> list[str]:
    """The languages of ``articles``, the most frequent first (ties by code); unknown left out."""
    from collections import Counter

    counts = Counter(a.language for a in articles if a.language)
    return [lang for lang, _ in sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))]
