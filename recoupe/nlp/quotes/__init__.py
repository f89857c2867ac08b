"""Direct and reported quotes, with the span of their speaker.

Everything here is rules over the text and the NER mentions, run once per text by
:func:`extract_quotes`. The modules follow the flow:

* :mod:`.words` - the French word lists and the tokenizer the rules share;
* :mod:`.records` - :class:`Cue`, :class:`SpeakerSpan`, :class:`RawQuote`, and the
  per-text :class:`TextIndex`;
* :mod:`.cues` - reporting-verb cues (:func:`find_cues`);
* :mod:`.direct` - direct quote spans (:func:`find_direct_quotes`), sentence boundaries,
  and the quoted words that are no speech (titles, names, headings);
* :mod:`.phrases` - noun phrases and subjects: who a cue's verb has as subject
  (:func:`np_after`, :func:`subject_before`, :func:`sentence_subject`, "selon X");
* :mod:`.direct_speaker` - the speaker of a direct quote, as candidates then a decision:
  each rule ("inversion_after", "cue_before", "selon_after", "incise", ...) is a small
  generator proposing a :class:`~.direct_speaker.Candidate`; :func:`~.direct_speaker.decide`
  takes the first with a speaker in rule order, and the quote records that rule
  (``RawQuote.rule``, internal: reports do not carry it);
* :mod:`.reported` - reported speech (kind "indirect");
* :mod:`.extract` - :func:`extract_quotes`, the steps above in order;
* :mod:`.parse` - the dependency parser's subject for a cue the rules could not read
  (:func:`subject_from_parse`).

Speaker spans are resolved to entities later (:mod:`recoupe.nlp.speakers`), once entities
and learned roles are known. When the rules find a cue but no subject, the quote is
marked ``needs_parse`` so that the caller can run the dependency parser on that sentence
only. Names with a leading underscore are shared between the modules of this package
but are not meant for use outside it.
"""

from recoupe.nlp.quotes.cues import find_cues
from recoupe.nlp.quotes.direct import _boundaries as _boundaries
from recoupe.nlp.quotes.direct import find_direct_quotes, heading_line
from recoupe.nlp.quotes.extract import extract_quotes
from recoupe.nlp.quotes.parse import subject_from_parse
from recoupe.nlp.quotes.phrases import np_after, sentence_subject, subject_before
from recoupe.nlp.quotes.records import Cue, RawQuote, SpeakerSpan, TextIndex, inside_any
from recoupe.text import MAX_SENTENCE_CHARS

__all__ = [
    "MAX_SENTENCE_CHARS",
    "Cue",
    "RawQuote",
    "SpeakerSpan",
    "TextIndex",
    "extract_quotes",
    "find_cues",
    "find_direct_quotes",
    "heading_line",
    "inside_any",
    "np_after",
    "sentence_subject",
    "subject_before",
    "subject_from_parse",
]
