"""The speaker of a direct quote: candidates, then a decision.

Each rule below is a *candidate generator*: it reads one place around the quote and
proposes a :class:`Candidate` (a speaker span, the cue it read, the rule's name), or
nothing. :func:`direct_candidates` runs them in :data:`RULES` order, lazily;
:func:`decide` takes the first candidate with a speaker (so a rule runs only when every
rule before it proposed none) and :func:`_attribute_direct` writes the decision on the
:class:`~.records.RawQuote`, with the rule's name in ``rule``. A new rule is one more
generator in :data:`RULES`, at the place its precedence calls for.

The rules, in :data:`RULES` order:

1. ``inversion_after`` - an inversion right after the quote ("», a fustigé mercredi le
   porte-parole du Kremlin, Dmitri Peskov", "», déclare-t-il");
2. ``agent_par`` - an agent after a participle ("« ... » donné jeudi par le président de
   l'ADMD, Jean-Luc Romero");
3. ``passive`` - the agent of a qualifying participle ("jugé « ... » par la CGT",
   "qualifiée par les syndicats d'« attaque »");
4. ``cue_before`` / ``cue_before_inversion`` - a cue before the quote in the same
   sentence ("X a déclaré : «", "précise le communiqué : «"), its subject read back over
   comma chunks; skipped when a "selon X" follows the cue;
5. ``inversion_later`` - an inversion later in the sentence ("» de la banque, a annoncé
   vendredi X");
6. ``selon_before`` / ``selon_after`` - "selon X" before or after the quote;
7. ``incise`` - an incise inside the quote ("«..., explique Erwan Péron, un rameur ...»");
8. ``colon_name`` - a name before a colon ("Vladimir Poutine : « ... »");
9. ``verbal_subject`` - the subject of the sentence the quote sits in ("X a pointé « ... »");
10. ``c_est_par`` - "« ... ». C'est par ces mots que X a ...".

Two candidates carry no speaker, and the decision reads them as the cascade always did:

* a cue before the quote whose subject the rules cannot read (``cue_before``,
  ``needs_parse``) ends the decision when the quote is near the cue (under 200
  characters): no speaker, the quote is marked ``needs_parse`` so that the caller runs the
  dependency parser on its sentence;
* farther away, the cue stays the quote's cue and the later rules go on: a later
  candidate that reads a cue of its own (an inversion, an incise, "selon X" before the
  quote: no verb) replaces it; the others (``selon_after``, ``colon_name``,
  ``verbal_subject``, ``c_est_par``) keep it.

``rule`` is None when no rule found a speaker. Later steps update it when they give the
quote another speaker: ``continued`` (the speaker of the quote before, see
:mod:`.extract`), ``reporter`` and ``main_verb`` (the speaker of the reporting clause the
quote sits in), ``parse`` (the parser's subject, :mod:`recoupe.nlp.analyze`).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from functools import cached_property

from recoupe.nlp.quotes.cues import _cues_between, _pronoun_span
from recoupe.nlp.quotes.phrases import (
    _cue_subject,
    _incise_context,
    _inversion_speaker,
    _read_np,
    _selon_in,
    sentence_subject,
)
from recoupe.nlp.quotes.records import Cue, RawQuote, SpeakerSpan, TextIndex, inside_any
from recoupe.nlp.quotes.words import _DETS, _low, _tokens

_AGENT_RE = re.compile(
    r"\s*,?\s*(?:lancée?s?|donnée?s?|prononcée?s?|avancée?s?|employée?s?|utilisée?s?|"
    r"formulée?s?|tenue?s?)\s+(?:\w+\s+){0,2}?par\s+",
    re.IGNORECASE,
)
#: participles that qualify something as the quote says, the agent after "par" being the
#: speaker ("jugé « irréaliste » par la CGT", "qualifiée par les syndicats d'« attaque »")
_QUALIFY = (
    r"(?:qualifi|jug|décri|présent|dénonc|considér|estim|trait|accus|critiqu|salu|tax|"
    r"décrié|fustig|perç|vu)(?:ée?s?|ite?s?|ue?s?)"
)
_PASSIVE_PRE_RE = re.compile(rf"\b{_QUALIFY}(?:\s+(?:de|d['’]?|comme))?\s*$", re.IGNORECASE)
_PASSIVE_AGENT_PRE_RE = re.compile(
    rf"\b{_QUALIFY}\s+(?:\w+\s+)?par\s+(?P<np>[^«»\"“”,;:.]{{2,80}}?)\s+(?:de\s+|d['’]?|comme\s+)$",
    re.IGNORECASE,
)
_PAR_AFTER_RE = re.compile(r"\s*,?\s*(?:\w+\s+){0,2}?par\s+", re.IGNORECASE)


@dataclass(slots=True)
class Candidate:
    """A speaker proposed for a direct quote by one rule."""

    #: the rule's name (see the module doc)
    rule: str
    speaker: SpeakerSpan | None = None
    cue: Cue | None = None
    #: the rule reads the quote's cue itself (its own cue, or none for "selon X"); when
    #: False, a cue read by an earlier rule that found no speaker stays the quote's cue
    reads_cue: bool = False
    #: a cue with no subject the rules can read, near the quote: the parser decides
    needs_parse: bool = False


@dataclass(slots=True)
class Decision:
    """What :func:`decide` gives the quote."""

    speaker: SpeakerSpan | None = None
    cue: Cue | None = None
    #: the rule that found the speaker, None when none did
    rule: str | None = None
    needs_parse: bool = False


@dataclass
class QuoteWindow:
    """What the rules read around one direct quote: its marks, its sentence, the cues."""

    idx: TextIndex
    #: content span of the quote (marks excluded)
    qs: int
    qe: int
    cues: list[Cue]
    cue_starts: list[int]
    #: every direct quote span of the text
    direct: list[tuple[int, int]]
    #: where the opening mark (and the spaces before it) starts, within the sentence
    open_mark: int
    #: where the closing mark (and the spaces after it) ends
    close_mark: int
    sent_start: int
    sent_end: int
    #: start of the pre-window: the sentence start, or just after the previous quote
    pre_lo: int

    @cached_property
    def post_cues(self) -> list[Cue]:
        """Cues between the closing mark and the sentence end."""
        return _cues_between(self.cues, self.cue_starts, self.close_mark, self.sent_end)

    @cached_property
    def pre_cues(self) -> list[Cue]:
        """Cues between the pre-window start and the opening mark."""
        return _cues_between(self.cues, self.cue_starts, self.pre_lo, self.open_mark)

    @cached_property
    def selon_pre(self) -> SpeakerSpan | None:
        """The source of a "selon X" before the quote."""
        return _selon_in(self.idx, self.pre_lo, self.open_mark)


def quote_window(
    idx: TextIndex, qs: int, qe: int, cues: list[Cue], cue_starts: list[int],
    direct: list[tuple[int, int]],
) -> QuoteWindow:
    """The window the rules read around the direct quote ``[qs, qe)``."""
    text = idx.text
    open_mark = qs - 1
    while open_mark > 0 and text[open_mark - 1] in " «\"“'":
        open_mark -= 1
    close_mark = qe
    while close_mark < len(text) and text[close_mark] in " »\"”'":
        close_mark += 1
    # the quote's own sentence (walking back over spaces must not enter the one before)
    sent_start, _ = idx.sentence_span(qs)
    open_mark = max(open_mark, sent_start)
    _, sent_end = idx.sentence_span(max(close_mark - 1, qs))
    # the previous quote's end bounds the pre-window
    prev_q = [e for s, e in direct if e <= open_mark and len(text[s:e].split()) > 1]
    pre_lo = max(sent_start, (prev_q[-1] + 1) if prev_q else 0)
    return QuoteWindow(idx, qs, qe, cues, cue_starts, direct, open_mark, close_mark,
                       sent_start, sent_end, pre_lo)


# --------------------------------------------------------------------------- candidates


def inversion_after(w: QuoteWindow) -> Candidate | None:
    """An inversion right after the quote: "», a déclaré X" / "», déclare-t-il"."""
    if not w.post_cues:
        return None
    cue = w.post_cues[0]
    if re.fullmatch(r"[\s,.\-–—]*", w.idx.text[w.close_mark : cue.start]):
        sp = _inversion_speaker(w.idx, cue, w.sent_end)
        if sp is not None:
            return Candidate("inversion_after", sp, cue, reads_cue=True)
    return None


def agent_par(w: QuoteWindow) -> Candidate | None:
    """"« ... » donné jeudi par le président de l'ADMD, Jean-Luc Romero"."""
    idx, text, sent_end = w.idx, w.idx.text, w.sent_end
    agent = _AGENT_RE.match(text, w.close_mark, sent_end)
    if not agent:
        return None
    toks = _tokens(text, agent.end(), sent_end)
    if not (toks and (_low(toks[0]) in _DETS or toks[0].group(0)[:1].isupper())):
        return None
    speaker = _read_np(idx, toks, 0, sent_end)
    # a name apposed further on: "par le président de l'Association pour ...
    # (ADMD), Jean-Luc Romero"
    hi = min(sent_end, agent.end() + 160)
    named = [idx.mentions[i] for i in idx.mentions_in(speaker.end, hi)
             if idx.mentions[i].label == "PER"
             and re.search(r",\s*$", text[max(0, idx.mentions[i].start - 3):
                                          idx.mentions[i].start])]
    if named and not re.search(r"[«»\"“”;:]", text[speaker.end : named[0].start]):
        speaker = SpeakerSpan(named[0].start, named[0].end, "np")
    return Candidate("agent_par", speaker)


def passive(w: QuoteWindow) -> Candidate | None:
    """Passive qualification: "jugé « ... » par X", "qualifiée par X d'« ... »"."""
    sp = _passive_agent(w.idx, w.pre_lo, w.open_mark, w.close_mark, w.sent_end)
    return Candidate("passive", sp) if sp is not None else None


def cue_before(w: QuoteWindow) -> Candidate | None:
    """A cue before the quote in the same sentence: "X a déclaré : «".

    Proposes the cue's inverted pronoun, an inverted subject right before the quote
    ("précise le communiqué : «", rule ``cue_before_inversion``), else the subject read
    back from the cue; with no subject, the cue alone (``needs_parse`` when the quote is
    near it). Nothing when a "selon X" follows the cue: "selon" decides.
    """
    if not w.pre_cues:
        return None
    idx, text, open_mark = w.idx, w.idx.text, w.open_mark
    cue = w.pre_cues[-1]
    if cue.pronoun:
        return Candidate("cue_before", _pronoun_span(cue), cue, reads_cue=True)
    between = text[cue.end : open_mark]
    sp_inv = _inversion_speaker(idx, cue, open_mark)
    clause_start = re.search(r"(?:^|[,;:»\"”])\s*$", text[w.sent_start : cue.start])
    if sp_inv is not None and clause_start is not None and (
        re.fullmatch(r"\s*[:,]\s*", text[sp_inv.end : open_mark])
        or _incise_context(text, cue.start)
    ):
        return Candidate("cue_before_inversion", sp_inv, cue, reads_cue=True)
    selon_pre = w.selon_pre
    if selon_pre is None or selon_pre.start < cue.start:
        sp = _cue_subject(idx, cue, w.sent_start, w.cues, w.cue_starts)
        return Candidate("cue_before", sp, cue, reads_cue=True,
                         needs_parse=sp is None and len(between) < 200)
    return None


def inversion_later(w: QuoteWindow) -> Candidate | None:
    """An inversion later in the sentence: "» de la banque, a annoncé vendredi X"."""
    text = w.idx.text
    for cue in w.post_cues:
        if inside_any(w.direct, cue.verb_start):
            continue
        gap = text[w.close_mark : cue.start]
        if re.search(r",\s*$", gap) or cue.pronoun:
            sp = _inversion_speaker(w.idx, cue, w.sent_end)
            if sp is not None:
                return Candidate("inversion_later", sp, cue, reads_cue=True)
    return None


def selon_before(w: QuoteWindow) -> Candidate | None:
    """"selon X" before the quote (no verb: the quote keeps no cue)."""
    if w.selon_pre is None:
        return None
    return Candidate("selon_before", w.selon_pre, None, reads_cue=True)


def selon_after(w: QuoteWindow) -> Candidate | None:
    """"selon X" after the quote."""
    sp = _selon_in(w.idx, w.close_mark, w.sent_end)
    return Candidate("selon_after", sp) if sp is not None else None


def incise(w: QuoteWindow) -> Candidate | None:
    """An incise inside the quote: "«..., explique Erwan Péron, un rameur ...»"."""
    text = w.idx.text
    for cue in _cues_between(w.cues, w.cue_starts, w.qs, w.qe):
        if re.search(r",\s*$", text[max(w.qs, cue.start - 3) : cue.start]):
            sp = _inversion_speaker(w.idx, cue, w.qe)
            if sp is not None:
                return Candidate("incise", sp, cue, reads_cue=True)
    return None


def colon_name(w: QuoteWindow) -> Candidate | None:
    """A name before a colon: "Vladimir Poutine : « ... »"."""
    idx, text, pre_lo, open_mark = w.idx, w.idx.text, w.pre_lo, w.open_mark
    colon = re.search(r"([^\s,.;:]+(?:\s+[^\s,.;:]+){0,3})\s*:\s*$", text[pre_lo:open_mark])
    if not colon:
        return None
    mi = [i for i in idx.mentions_in(pre_lo + colon.start(1), open_mark)
          if idx.mentions[i].label in ("PER", "ORG")
          and not re.search(r"\b(?:de|du|des|d['’]|à|au|aux|contre|pour|avec|sur)\s*$",
                            text[max(0, idx.mentions[i].start - 8) : idx.mentions[i].start])]
    if mi:
        m = idx.mentions[mi[-1]]
        return Candidate("colon_name", SpeakerSpan(m.start, m.end, "np"))
    name = re.search(r"((?:M\.\s|Mme\s)?[A-ZÀ-Ý][\w'’-]+(?:\s+[A-ZÀ-Ý][\w'’-]+){0,2})\s*:\s*$",
                     text[pre_lo:open_mark])
    if name and re.fullmatch(r"(?:.{0,30}\s[-–—:]\s*)?", text[w.sent_start : pre_lo + name.start(1)]):
        return Candidate("colon_name", SpeakerSpan(pre_lo + name.start(1), pre_lo + name.end(1), "np"))
    return None


def verbal_subject(w: QuoteWindow) -> Candidate | None:
    """The subject of the sentence the quote sits in: "X a pointé « ... »"."""
    if w.open_mark <= w.sent_start + 3:
        return None
    sp = _verbal_subject(w.idx, w.sent_start, w.open_mark)
    return Candidate("verbal_subject", sp) if sp is not None else None


def c_est_par(w: QuoteWindow) -> Candidate | None:
    """"« ... ». C'est par ces mots que X a ...": the subject after "que" in the next
    sentence."""
    text = w.idx.text
    nxt_start, nxt_end = w.idx.sentence_span(min(len(text) - 1, w.sent_end))
    if nxt_start >= w.sent_end and re.match(r"C['’]est\s", text[nxt_start : nxt_start + 6]):
        qm = re.search(r"\bqu(?:e\s+|['’])", text[nxt_start:nxt_end])
        if qm:
            toks = _tokens(text, nxt_start + qm.end(), nxt_end)
            if toks and (toks[0].group(0)[:1].isupper() or _low(toks[0]) in _DETS):
                return Candidate("c_est_par", _read_np(w.idx, toks, 0, nxt_end))
    return None


#: the candidate generators, in precedence order: the first with a speaker wins
RULES: tuple[Callable[[QuoteWindow], Candidate | None], ...] = (
    inversion_after,
    agent_par,
    passive,
    cue_before,
    inversion_later,
    selon_before,
    selon_after,
    incise,
    colon_name,
    verbal_subject,
    c_est_par,
)


def direct_candidates(w: QuoteWindow) -> Iterator[Candidate]:
    """The candidates of :data:`RULES` for one quote, in precedence order, each rule run
    only when the caller asks for the next (``list()`` runs them all)."""
    for rule in RULES:
        cand = rule(w)
        if cand is not None:
            yield cand


# --------------------------------------------------------------------------- decision


def decide(candidates: Iterable[Candidate]) -> Decision:
    """Pick the speaker among candidates given in precedence order (see the module doc).

    Args:
        candidates: the candidates, best rule first (:func:`direct_candidates`).

    Returns:
        The first candidate's speaker, with the cue it read (or the one an earlier
        speakerless candidate read); no speaker and ``needs_parse`` when a cue with no
        readable subject comes first; no speaker when no rule found one.
    """
    out = Decision()
    for cand in candidates:
        if cand.reads_cue:
            out.cue = cand.cue
        if cand.speaker is not None:
            out.speaker, out.rule = cand.speaker, cand.rule
            return out
        if cand.needs_parse:
            out.needs_parse = True
            return out
    return out


def _attribute_direct(
    idx: TextIndex, qs: int, qe: int, cues: list[Cue], cue_starts: list[int],
    direct: list[tuple[int, int]],
) -> RawQuote:
    """The direct quote ``[qs, qe)`` with the speaker the rules decide."""
    w = quote_window(idx, qs, qe, cues, cue_starts, direct)
    d = decide(direct_candidates(w))
    return RawQuote(qs, qe, "direct", d.cue, d.speaker, d.needs_parse,
                    sentence=(w.sent_start, w.sent_end), rule=d.rule)


def _passive_agent(
    idx: TextIndex, pre_lo: int, open_mark: int, close_mark: int, sent_end: int
) -> SpeakerSpan | None:
    """The agent of a qualifying participle around a quote: "jugé « irréaliste » par la
    CGT" (agent after the quote), "qualifiée par les syndicats d'« attaque »" (before)."""
    text = idx.text
    pre = text[max(pre_lo, open_mark - 140) : open_mark]
    if _PASSIVE_PRE_RE.search(pre):
        par = _PAR_AFTER_RE.match(text, close_mark, sent_end)
        if par:
            toks = _tokens(text, par.end(), sent_end)
            if toks and (_low(toks[0]) in _DETS or toks[0].group(0)[:1].isupper()):
                return _read_np(idx, toks, 0, sent_end)
    m = _PASSIVE_AGENT_PRE_RE.search(pre)
    if m:
        base = max(pre_lo, open_mark - 140)
        a, b = base + m.start("np"), base + m.end("np")
        toks = _tokens(text, a, b)
        if toks and (_low(toks[0]) in _DETS or toks[0].group(0)[:1].isupper()):
            return _read_np(idx, toks, 0, b)
    return None


def _verbal_subject(idx: TextIndex, sent_start: int, limit: int) -> SpeakerSpan | None:
    """The sentence's opening noun phrase when a verb follows it ("Me X a pointé ...")."""
    sp = sentence_subject(idx, sent_start, limit)
    if sp is None or sp.kind != "np":
        return sp
    after = idx.text[sp.end : sp.end + 100]
    if re.match(r"\s*(?:,[^,]{1,60},\s*|,[^,]{1,80}?\s(?=(?:a|ont|avait|est)\s))?"
                r"(?:ne\s+|n['’])?(?:a|ont|avait|avaient|est|sont|"
                r"était|s['’]est|se|va|vont|aurait|pourrait|doit|juge|estime|qualifie|dénonce|"
                r"évoque|parle|pointe|salue|appelle|demande|réclame|veut|accuse|critique|"
                r"(?!(?:le|la|les|une|de|des|du|que|qui|dont|et|ce|cette|sur|sous|dans|entre|"
                r"contre|avant|pendant|durant|depuis|comme|tout|toute|cet|son|sa|leur|notre|"
                r"votre|sept|huit|vingt|trente|cent|mille)\b)[a-zà-ÿ]+(?:e|ent|d|t))\b", after):
        phrase = idx.text[sp.start : sp.end]
        if len(phrase.split()) <= 10:
            return sp
    return None
