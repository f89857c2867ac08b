"""The speaker of a direct quote (:func:`_attribute_direct`).

Rules tried in this order; the first that finds a speaker wins:

1. an inversion right after the quote ("», a fustigé mercredi le porte-parole, X");
1b. an agent after a participle ("« ... » donné jeudi par le président de l'ADMD");
1c. the agent of a qualifying participle ("jugé « ... » par la CGT");
2. a cue before the quote in the same sentence ("X a déclaré : «"); a cue with no subject
   the rules can read marks the quote ``needs_parse``;
3. an inversion later in the sentence;
4. "selon X" before or after the quote;
5. an incise inside the quote (", explique X,");
6. a name before a colon ("Vladimir Poutine : «");
7. the subject of the sentence the quote sits in ("X a pointé « ... »");
8. "« ... ». C'est par ces mots que X a ...".
"""

from __future__ import annotations

import re

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


def _attribute_direct(
    idx: TextIndex, qs: int, qe: int, cues: list[Cue], cue_starts: list[int],
    direct: list[tuple[int, int]],
) -> RawQuote:
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
    raw = RawQuote(qs, qe, "direct", sentence=(sent_start, sent_end))

    # 1. inversion right after the quote: "», a déclaré X" / "», déclare-t-il"
    post_cues = _cues_between(cues, cue_starts, close_mark, sent_end)
    for cue in post_cues:
        gap = text[close_mark : cue.start]
        if re.fullmatch(r"[\s,.\-–—]*", gap):
            sp = _inversion_speaker(idx, cue, sent_end)
            if sp is not None:
                raw.cue, raw.speaker = cue, sp
                return raw
        break
    # 1b. "« ... » donné jeudi par le président de l'ADMD, Jean-Luc Romero"
    agent = _AGENT_RE.match(text, close_mark, sent_end)
    if agent:
        toks = _tokens(text, agent.end(), sent_end)
        if toks and (_low(toks[0]) in _DETS or toks[0].group(0)[:1].isupper()):
            raw.speaker = _read_np(idx, toks, 0, sent_end)
            # a name apposed further on: "par le président de l'Association pour ...
            # (ADMD), Jean-Luc Romero"
            hi = min(sent_end, agent.end() + 160)
            named = [idx.mentions[i] for i in idx.mentions_in(raw.speaker.end, hi)
                     if idx.mentions[i].label == "PER"
                     and re.search(r",\s*$", text[max(0, idx.mentions[i].start - 3):
                                                  idx.mentions[i].start])]
            if named and not re.search(r"[«»\"“”;:]", text[raw.speaker.end : named[0].start]):
                raw.speaker = SpeakerSpan(named[0].start, named[0].end, "np")
            return raw
    # 1c. passive qualification: "jugé « ... » par X", "qualifiée par X d'« ... »"
    passive = _passive_agent(idx, pre_lo, open_mark, close_mark, sent_end)
    if passive is not None:
        raw.speaker = passive
        return raw
    # 2. a cue before the quote in the same sentence: "X a déclaré : «"
    pre_cues = _cues_between(cues, cue_starts, pre_lo, open_mark)
    selon_pre = _selon_in(idx, pre_lo, open_mark)
    if pre_cues:
        cue = pre_cues[-1]
        if cue.pronoun:
            raw.cue, raw.speaker = cue, _pronoun_span(cue)
            return raw
        between = text[cue.end : open_mark]
        sp_inv = _inversion_speaker(idx, cue, open_mark)
        clause_start = re.search(r"(?:^|[,;:»\"”])\s*$", text[sent_start : cue.start])
        if sp_inv is not None and clause_start is not None and (
            re.fullmatch(r"\s*[:,]\s*", text[sp_inv.end : open_mark])
            or _incise_context(text, cue.start)
        ):
            raw.cue, raw.speaker = cue, sp_inv  # "précise le communiqué : «"
            return raw
        if selon_pre is None or selon_pre.start < cue.start:
            sp = _cue_subject(idx, cue, sent_start, cues, cue_starts)
            raw.cue = cue
            if sp is not None:
                raw.speaker = sp
                return raw
            if len(between) < 200:
                raw.needs_parse = True
                return raw
    # 3. an inversion later in the sentence: "» de la banque, a annoncé vendredi X"
    for cue in post_cues:
        if inside_any(direct, cue.verb_start):
            continue
        gap = text[close_mark : cue.start]
        if re.search(r",\s*$", gap) or cue.pronoun:
            sp = _inversion_speaker(idx, cue, sent_end)
            if sp is not None:
                raw.cue, raw.speaker = cue, sp
                return raw
    # 4. "selon X" before or after the quote
    if selon_pre is not None:
        raw.speaker = selon_pre
        raw.cue = None
        return raw
    selon_post = _selon_in(idx, close_mark, sent_end)
    if selon_post is not None:
        raw.speaker = selon_post
        return raw
    # 5. an incise inside the quote: "«..., explique Erwan Péron, un rameur ...»"
    for cue in _cues_between(cues, cue_starts, qs, qe):
        if re.search(r",\s*$", text[max(qs, cue.start - 3) : cue.start]):
            sp = _inversion_speaker(idx, cue, qe)
            if sp is not None:
                raw.cue, raw.speaker = cue, sp
                return raw
    # 6. "Vladimir Poutine : « ... »"
    colon = re.search(r"([^\s,.;:]+(?:\s+[^\s,.;:]+){0,3})\s*:\s*$", text[pre_lo:open_mark])
    if colon:
        mi = [i for i in idx.mentions_in(pre_lo + colon.start(1), open_mark)
              if idx.mentions[i].label in ("PER", "ORG")
              and not re.search(r"\b(?:de|du|des|d['’]|à|au|aux|contre|pour|avec|sur)\s*$",
                                text[max(0, idx.mentions[i].start - 8) : idx.mentions[i].start])]
        if mi:
            m = idx.mentions[mi[-1]]
            raw.speaker = SpeakerSpan(m.start, m.end, "np")
            return raw
        name = re.search(r"((?:M\.\s|Mme\s)?[A-ZÀ-Ý][\w'’-]+(?:\s+[A-ZÀ-Ý][\w'’-]+){0,2})\s*:\s*$",
                         text[pre_lo:open_mark])
        if name and re.fullmatch(r"(?:.{0,30}\s[-–—:]\s*)?", text[sent_start : pre_lo + name.start(1)]):
            raw.speaker = SpeakerSpan(pre_lo + name.start(1), pre_lo + name.end(1), "np")
            return raw
    # 7. the subject of the sentence the quote sits in: "X a pointé « ... »"
    if open_mark > sent_start + 3:
        sp = _verbal_subject(idx, sent_start, open_mark)
        if sp is not None:
            raw.speaker = sp
            return raw
    # 8. "« ... ». C'est par ces mots que X a ..."
    nxt_start, nxt_end = idx.sentence_span(min(len(text) - 1, sent_end))
    if nxt_start >= sent_end and re.match(r"C['’]est\s", text[nxt_start : nxt_start + 6]):
        qm = re.search(r"\bqu(?:e\s+|['’])", text[nxt_start:nxt_end])
        if qm:
            toks = _tokens(text, nxt_start + qm.end(), nxt_end)
            if toks and (toks[0].group(0)[:1].isupper() or _low(toks[0]) in _DETS):
                raw.speaker = _read_np(idx, toks, 0, nxt_end)
    return raw


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
