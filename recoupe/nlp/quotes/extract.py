"""One text's quotes (:func:`extract_quotes`): the steps of this package in order.

1. cues (:mod:`.cues`) and direct quote spans (:mod:`.direct`);
2. the speaker of each direct quote: candidates from each rule, then the decision
   (:mod:`.direct_speaker`);
3. scare quotes, titles and named things dropped; heading quotes marked; a quote with no
   cue after a quote with a speaker continues it (rule ``continued``);
4. reported speech (:mod:`.reported`);
5. the speaker of a reporting clause given to the quotes inside it, and a gerund's
   report given the speaker of its main verb (rules ``reporter`` and ``main_verb``,
   :func:`_share_reporters`).
"""

from __future__ import annotations

import re

from recoupe.model import Mention
from recoupe.nlp.quotes.cues import find_cues
from recoupe.nlp.quotes.direct import (
    _boundaries,
    _is_named_thing,
    _is_title,
    _starts_sentence,
    find_direct_quotes,
    heading_line,
)
from recoupe.nlp.quotes.direct_speaker import _attribute_direct
from recoupe.nlp.quotes.records import Cue, RawQuote, TextIndex, _Inside
from recoupe.nlp.quotes.reported import _indirect
from recoupe.nlp.textutil import fold


def extract_quotes(
    text: str,
    mentions: list[Mention],
    time_spans: list[tuple[int, int]] | None = None,
    cues: list[Cue] | None = None,
) -> list[RawQuote]:
    """Find the direct and reported quotes of a text, with their speaker spans.

    Args:
        text: the article text.
        mentions: its cleaned entity mentions (text order).
        time_spans: spans of its date expressions (skipped when reading subjects).
        cues: reporting-verb cues, when already computed.

    Returns:
        Raw quotes in text order; speakers still to be resolved.
    """
    direct = find_direct_quotes(text)
    idx = TextIndex(text, _boundaries(text, direct), mentions,
                    [m.start for m in mentions], sorted(time_spans or []))
    cues = find_cues(text) if cues is None else cues
    cue_starts = [c.verb_start for c in cues]
    inside = _Inside(direct)
    out: list[RawQuote] = []
    for qs, qe in direct:
        out.append(_attribute_direct(idx, qs, qe, cues, cue_starts, direct))
    direct_quotes = list(out)
    # drop scare quotes: one word, or two-three words with no speaker
    kept: list[RawQuote] = []
    for q in direct_quotes:
        words = len(text[q.start : q.end].split())
        if words <= 1:
            continue
        if words <= 3 and q.speaker is None and not q.needs_parse:
            continue
        if _is_title(text[q.start : q.end], mentions, q.start, q.end):
            continue
        if _is_named_thing(text, q.start, q.end):
            continue
        kept.append(q)
    for q in kept:
        q.heading = q.speaker is None and q.cue is None and not q.needs_parse and \
            heading_line(text, q.start, q.end)
    # a quote with no cue after a quote with a speaker: the same speaker goes on
    for prev, cur in zip(kept, kept[1:], strict=False):
        if cur.heading or prev.heading:
            continue
        if prev.sentence and cur.sentence and prev.sentence[0] == cur.sentence[0] and (
                prev.speaker is not None or prev.continued) and cur.cue is None and \
                not cur.needs_parse and (cur.speaker is None or cur.speaker.start < cur.start):
            cur.speaker, cur.continued = None, True  # same sentence, same speaker
            cur.rule = "continued"
            continue
        if cur.speaker is None and not cur.needs_parse and cur.cue is None:
            between = text[prev.end : cur.start]
            if len(between) < 400 and between.count("\n") <= 1 and _starts_sentence(text, cur):
                cur.continued, cur.rule = True, "continued"
    out = kept
    reported = _indirect(idx, cues, inside, direct)
    _share_reporters(text, kept, reported)
    out.extend(reported)
    out.sort(key=lambda q: q.start)
    return out


def _share_reporters(text: str, kept: list[RawQuote], reported: list[RawQuote]) -> None:
    """Give quotes the speaker of the reporting they sit in (changes them in place)."""
    for q in kept:
        around = [r for r in reported if r.start <= q.start and q.end <= r.end
                  and r.speaker is not None]
        if not around:
            continue
        if q.cue is not None and _unrealised(text, q.cue):
            # "la perte s'expliquerait par « ... », note le rapport": words quoted inside a
            # reported clause whose own verb is future or conditional belong to the reporter
            outer = [r for r in around if r.cue is not None
                     and r.cue.verb_start != q.cue.verb_start]
        else:
            # "Selon X, elle avait confié son fils à « une amie de longue date »": words
            # quoted in a clause told on X's authority, with no named speaker of their own
            outer = [r for r in around if r.cue is None
                     and (q.speaker is None or q.speaker.kind == "pronoun")
                     and len(text[q.start : q.end].split()) > 3]  # not a name in quotes
        if outer:
            q.cue, q.speaker, q.needs_parse, q.continued = \
                outer[0].cue, outer[0].speaker, False, False
            q.rule = "reporter"
    for r in reported:
        if r.cue is None or r.cue.form.tense != "gerund" or r.sentence is None:
            continue
        # "..., a reconnu la ministre, précisant que ...": the gerund's subject is the
        # speaker of the main verb before it in the sentence
        main = [o for o in reported + kept if o is not r and o.sentence == r.sentence
                and o.speaker is not None and o.cue is not None
                and o.cue.form.tense != "gerund" and o.cue.verb_end <= r.cue.verb_start]
        if main:
            before = r.speaker
            r.speaker = main[-1].speaker
            for q in kept:
                if q.cue is not None and q.cue.verb_start == r.cue.verb_start and (
                        q.speaker is None or q.speaker == before):
                    q.speaker, q.rule = r.speaker, "main_verb"


def _unrealised(text: str, cue: Cue) -> bool:
    """Whether a cue's verb is in the future or the conditional ("annoncera",
    "s'expliquerait"): something not said (yet), so no source of quoted words."""
    reflexive = re.fullmatch(r"\s*(?:s['’]|se\s+)\s*", text[cue.start : cue.verb_start])
    if (cue.aux and not reflexive) or cue.form.tense != "finite":
        return False
    word = re.sub(r"^s['’]", "", fold(text[cue.verb_start : cue.verb_end]).split()[-1])
    base = fold(re.sub(r"^(?:se |s')", "", cue.form.lemma)).split()[0]
    stem = base[:-1] if base.endswith("re") else base
    return word != base and word.startswith(stem) and bool(
        re.search(r"r(?:a|as|ai|ons|ez|ont|ais|ait|ions|iez|aient)$", word))
